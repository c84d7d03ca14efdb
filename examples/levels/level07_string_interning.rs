//! Level 7: string interning. Literals that look like identifiers are one object;
//! strings built at run time are not, until `sys.intern`.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 7: string interning";

/// Runs the level: the seed's snippet, then a string built at run time.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        s1 = "hello"
        s2 = "hello"
        print(s1 is s2)  # Often True

        import sys
        s3 = "".join(["hel", "lo"])
        print("built at run time:", s3 == s1, s3 is s1)
        print("after sys.intern:", sys.intern(s3) is s1)
    }
}
