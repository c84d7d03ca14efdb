//! See the memory: the seed's pictures drawn from the real heap.
//!
//! ```text
//! cargo run --example snapshot [DIRECTORY]
//! cargo run --example snapshot -- --readme docs/seed-level-4.svg
//! ```
//!
//! Runs a few lines of Python (the seed's levels 1, 3 and 4: a list, two names for it, a
//! cycle still named and one whose names were deleted), takes a [`Snapshot`] of
//! everything the collector tracks and the block's globals, and writes it twice to
//! `DIRECTORY` (a temporary directory when none is given):
//!
//! - `snapshot.svg`: the picture itself, open it in a browser. Names on the left, objects
//!   on the right; the cycles are red, the shared list has a double border, and the
//!   cycle nobody names any more is grey: it is garbage, which `gc.collect()` frees.
//! - `snapshot.dot`: the same graph for Graphviz (`dot -Tpng snapshot.dot -o x.png`).
//!
//! It also prints each object, as a table, and what the collection then freed.
//!
//! With `--readme FILE` it writes the README's picture instead (`levels/picture.rs`), which
//! `tests/snapshot_pages.rs` checks is up to date.

use std::path::PathBuf;

use pyobj::snapshot::Snapshot;
use pyobj::{gc, pyblock};

#[path = "levels/picture.rs"]
mod picture;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    if args.first().is_some_and(|flag| flag == "--readme") {
        let file = args.get(1).ok_or("--readme needs a file")?;
        std::fs::write(file, picture::seed_level_4())?;
        println!("wrote {}", PathBuf::from(file).display());
        return Ok(());
    }
    let directory = std::env::args_os().nth(1).map_or_else(
        || std::env::temp_dir().join("pyobj-snapshot"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&directory)?;

    let ns = pyblock! {
        a = [1, 2, 3]
        b = a
        x = []
        x.append(x)
        p = []
        q = [p, "held by a cycle"]
        p.append(q)
        del p, q
    }?;

    let snapshot = Snapshot::all().roots(&ns).capture();
    println!(
        "{:>3}  {:<40} {:>10}  {:<8} garbage",
        "id", "object", "refcount", "cycle"
    );
    for node in snapshot.nodes() {
        let refcount = if node.is_immortal() {
            "immortal".to_owned()
        } else {
            node.refcount.to_string()
        };
        let cycle = node
            .cycle
            .map_or_else(String::new, |cycle| cycle.to_string());
        let object = format!("{} {}", node.type_name, node.label);
        println!(
            "{:>3}  {object:<40} {refcount:>10}  {cycle:<8} {}",
            node.id,
            if node.garbage { "yes" } else { "" }
        );
    }

    let svg = directory.join("snapshot.svg");
    let dot = directory.join("snapshot.dot");
    std::fs::write(&svg, snapshot.to_svg())?;
    std::fs::write(&dot, snapshot.to_dot())?;
    println!("wrote {} and {}", svg.display(), dot.display());

    println!("gc.collect() freed {} objects", gc::collect());
    Ok(())
}
