//! Level 5: the memory pool. Freed blocks go back to their pool and are handed out
//! again to the next object of the same size.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 5: memory pools reuse freed memory";

/// Runs the level: a freed list's block is the next list's.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        a = [1]
        first = id(a)
        del a
        b = [2]
        print("the new list reuses the freed block:", id(b) == first)

        many = [[i] for i in range(10000)]
        del many
        print("10000 lists made and freed")
    }
}
