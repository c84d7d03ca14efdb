//! Level 2: everything is an object, and names only refer to objects.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 2: everything is an object; names refer to objects";

/// Runs the level.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        x = 10
        s = "hello"
        lst = [1, 2, 3]
        print(type(x), type(s), type(lst))

        a = 10
        b = a
        print("a is b:", a is b)
        print("id(a) == id(b):", id(a) == id(b))
    }
}
