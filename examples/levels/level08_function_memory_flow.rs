//! Level 8: memory flow in a function: the local and the caller's name share the
//! object; the local goes when the frame ends.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 8: memory flow in a function";

/// Runs the level, printing the count at each step of the seed's flow.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        import sys

        def make_list():
            x = [1,2,3]
            print("1. created, named by x:  ref count", sys.getrefcount(x) - 1)
            return x

        lst = make_list()
        print("2-3. returned to lst, x gone with the frame: ref count", sys.getrefcount(lst) - 1)
        del lst
        print("4. del lst: ref count 0, the list is destroyed")
    }
}
