//! Level 3: reference counting, the primary cleanup: an object is freed the moment its
//! count reaches zero.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 3: reference counting frees at zero";

/// Runs the level. `sys.getrefcount(x)` counts its own argument too, so the count of
/// names is one less.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        import sys
        a = [1, 2, 3]
        print("a = [1, 2, 3]  ref count:", sys.getrefcount(a) - 1)
        b = a
        print("b = a          ref count:", sys.getrefcount(a) - 1)
        del a
        print("del a          ref count:", sys.getrefcount(b) - 1)
        del b

        class Tracked:
            def __del__(self):
                print("  [heap] freed at once")

        t = Tracked()
        u = t
        del t
        print("del t: u still refers to it")
        del u
        print("del u: done")
    }
}
