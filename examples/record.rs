//! Step-by-step recording: runs seed level 3's lines (reference counting) compiled with
//! line hooks, records a snapshot after every executed line and writes the page to step
//! through; then measures what a recorded step costs.
//!
//! ```text
//! cargo run --release --example record -- [DIR]
//! ```
//!
//! The page is `DIR/recorded-level03.html` (`DIR` defaults to the system's temporary
//! directory).

use std::time::Instant;

use pyobj::recording::{self, Recording};
use pyobj::snapshot::html_page;
use pyobj::{Namespace, PyResult, pyblock};

/// The program as the page shows it: the lines of the block below.
const SOURCE: &str = "\
def pair(n):
    items = [n, n]
    return items
a = [1, 2, 3]
b = a
del a
c = pair(b)
del b
print(len(c))
";

/// Runs the program; returns its globals and the Rust line of its first statement.
fn program() -> (PyResult<Namespace>, u32) {
    let first = line!() + 2;
    let namespace = pyblock!(trace
        def pair(n):
            items = [n, n]
            return items
        a = [1, 2, 3]
        b = a
        del a
        c = pair(b)
        del b
        print(len(c))
    );
    (namespace, first)
}

fn main() {
    let directory = std::env::args()
        .nth(1)
        .map_or_else(std::env::temp_dir, std::path::PathBuf::from);
    let ((result, first), Recording { steps, output, .. }) = recording::record(program);
    drop(result.expect("the program runs"));
    let page_steps: Vec<_> = steps
        .iter()
        .map(|step| step.to_step(SOURCE, first as usize))
        .collect();
    std::fs::create_dir_all(&directory).expect("the directory can be made");
    let path = directory.join("recorded-level03.html");
    std::fs::write(
        &path,
        html_page("Level 3, recorded line by line", &page_steps),
    )
    .expect("the page is written");
    print!("{output}");
    println!("{} steps written to {}", steps.len(), path.display());

    // The cost: the same run recorded and not recorded (hooks on in both), many times.
    const RUNS: u32 = 2000;
    let start = Instant::now();
    for _ in 0..RUNS {
        drop(pyobj::capture_stdout(program).0.0);
    }
    let plain = start.elapsed();
    let start = Instant::now();
    for _ in 0..RUNS {
        let ((result, _), _) = recording::record(program);
        drop(result);
    }
    let recorded = start.elapsed();
    let per_step = recorded.saturating_sub(plain) / (RUNS * steps.len() as u32);
    println!(
        "a recorded step costs {:.1} µs (runs: {:.1} µs plain, {:.1} µs recorded)",
        per_step.as_secs_f64() * 1e6,
        plain.as_secs_f64() * 1e6 / f64::from(RUNS),
        recorded.as_secs_f64() * 1e6 / f64::from(RUNS)
    );
}
