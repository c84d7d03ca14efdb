//! Level 6: the small ints -5..=256 are cached; other ints are new objects.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 6: the small-int cache (-5 to 256)";

/// Runs the level: the seed's two snippets.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        a = 100
        b = 100
        print(a is b)    # True

        a = 1000
        b = 1000
        print(a is b)    # Usually False
    }
}
