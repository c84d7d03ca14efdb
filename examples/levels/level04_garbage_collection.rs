//! Level 4: the cycle collector finds objects that only refer to each other.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 4: the cycle collector";

/// Runs the level: the seed's cycle, then one whose collection is counted.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        a = []
        b = []

        a.append(b)
        b.append(a)

        del a
        del b

        import gc
        print(gc.isenabled())    # True

        gc.collect()

        a = []
        b = []
        a.append(b)
        b.append(a)
        del a, b
        print("gc.collect() found", gc.collect(), "unreachable objects")
    }
}
