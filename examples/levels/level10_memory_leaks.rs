//! Level 10: a "leak" in Python: an object still referred to (here by a global list)
//! is never freed.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 10: leaks are references you keep";

/// Runs the level: the seed's `store()`, called three times.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        global_data = []

        def store():
            x = [1,2,3]
            global_data.append(x)

        store()
        store()
        store()
        print("global_data keeps", len(global_data), "lists alive:", global_data)
    }
}
