//! The README's picture (`docs/seed-level-4.svg`): the seed's level 4, two lists that
//! refer to each other, named `a` and `b`, as a heap snapshot draws them. Written by
//! `cargo run --example snapshot -- --readme docs/seed-level-4.svg`; `tests/snapshot_pages.rs`
//! draws it again and compares.

use pyobj::pyblock;
use pyobj::snapshot::Snapshot;

/// The picture, as SVG.
pub(crate) fn seed_level_4() -> String {
    let namespace = pyblock! {
        a = []
        b = []
        a.append(b)
        b.append(a)
    }
    .expect("the seed's level 4 runs");
    Snapshot::new().roots(&namespace).capture().to_svg()
}
