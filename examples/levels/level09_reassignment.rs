//! Level 9: reassigning a name drops its old object, which is freed when nothing else
//! refers to it.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 9: reassignment makes garbage, freed at once";

/// Runs the level: the seed's snippet, then the same with objects that announce their
/// end.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        a = [1,2,3]
        a = [4,5,6]
        print(a)

        class Tracked:
            def __init__(self, name):
                self.name = name
            def __del__(self):
                print("  [heap] freed", self.name)

        t = Tracked("[1, 2, 3]")
        t = Tracked("[4, 5, 6]")
        print("t now refers to", t.name)
    }
}
