//! pyobj next to what you would use instead: std `Rc`, gcmodule, bacon_rajan_cc,
//! dumpster, rust-cc, boa_gc, rust-gc, gc-arena and CPython, measured side by side in one
//! run on this machine.
//!
//! ```sh
//! cargo run --release --example compare                 # everything (several minutes)
//! cargo run --release --example compare -- --quick      # small sizes: a smoke test
//! cargo run --release --example compare -- --only W4,W6 # a subset (W6 = both W6 rows)
//! cargo run --release --example compare -- --runs 9     # more runs per cell (default 7)
//! ```
//!
//! # Method
//! Every measurement runs in its own process, so that heaps never mix: this example
//! re-executes itself as `compare --child <workload> <subject>` (and CPython runs
//! `examples/compare/workloads.py <workload>`); the child runs the workload once and
//! prints one number. For each workload the subjects take turns (A B C … A B C …): one
//! warm-up round that is thrown away, then `--runs` rounds. A cell of the table is the
//! median of its runs, with its ratio to pyobj's median (below 1: smaller or faster than
//! pyobj). See `BENCHMARKS.md` for the workloads and a run on the project's machine.

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[path = "compare/subjects.rs"]
mod subjects;
#[path = "compare/workloads.rs"]
mod workloads;

use subjects::Which;
use workloads::{Outcome, Sizes, Workload};

/// How long one child may run before it is stopped and its cell marked n/a.
const CHILD_TIMEOUT: Duration = Duration::from_secs(300);

/// The stack of the thread a child runs its workload on after the main thread's stack
/// (8 MiB) overflowed: address space only, pages are touched as the recursion needs them.
const BIG_STACK: usize = 2 << 30;

/// The command line.
struct Options {
    quick: bool,
    runs: usize,
    only: Option<Vec<String>>,
    subjects: Vec<Which>,
}

fn usage() -> ! {
    eprintln!(
        "usage: compare [--quick] [--runs N] [--only W1,W4,...] [--subjects pyobj,rc,...]\n\
         \x20      compare --child <workload> <subject> [--quick]\n\
         workloads: {}\n\
         subjects: {}",
        Workload::ALL.map(Workload::name).join(", "),
        Which::ALL.map(Which::name).join(", ")
    );
    std::process::exit(2)
}

fn parse_list(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_else(|| usage())
        .split(',')
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        quick: false,
        runs: 7,
        only: None,
        subjects: Which::ALL.to_vec(),
    };
    let mut child = None;
    let mut big_stack = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--big-stack" => big_stack = true,
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|runs| runs.parse().ok())
                    .filter(|&runs| runs > 0)
                    .unwrap_or_else(|| usage())
            }
            "--only" => options.only = Some(parse_list(args.next())),
            "--subjects" => {
                options.subjects = parse_list(args.next())
                    .iter()
                    .map(|name| Which::from_name(name).unwrap_or_else(|| usage()))
                    .collect();
                // pyobj stays: the ratios are to it.
                if !options.subjects.contains(&Which::Pyobj) {
                    options.subjects.insert(0, Which::Pyobj);
                }
            }
            "--child" => {
                let workload = args.next().and_then(|name| Workload::from_name(&name));
                let which = args.next().and_then(|name| Which::from_name(&name));
                match (workload, which) {
                    (Some(workload), Some(which)) if which != Which::CPython => {
                        child = Some((workload, which))
                    }
                    _ => usage(),
                }
            }
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    if let Some((workload, which)) = child {
        let sizes = Sizes::new(options.quick);
        if !big_stack {
            run_child(workload, which, &sizes);
        }
        let thread = std::thread::Builder::new()
            .stack_size(BIG_STACK)
            .spawn(move || run_child(workload, which, &sizes))
            .expect("a thread with a big stack");
        let _ = thread.join();
        return ExitCode::FAILURE;
    }
    run_parent(&options);
    ExitCode::SUCCESS
}

/// The child: runs one workload for one subject, prints its outcome on one line and ends
/// the process.
fn run_child(workload: Workload, which: Which, sizes: &Sizes) -> ! {
    match subjects::run_rust(which, workload, sizes) {
        Outcome::Value { value, extra } => {
            let mut line = format!("RESULT {value}");
            for fact in extra {
                line.push(' ');
                line.push_str(&fact);
            }
            println!("{line}");
        }
        Outcome::NotApplicable(reason) => println!("NA {reason}"),
    }
    // Exit without dropping what the workload left alive (W6's old objects, W7's chain):
    // not `std::process::exit`, whose `exit(3)` still runs this thread's thread-local
    // destructors (pyobj's last collection, gcmodule's and dumpster's recursive drops of a
    // 1,000,000-node chain, which overflow the stack), none of which is measured.
    use std::io::Write;
    let _ = std::io::stdout().flush();
    _exit(0)
}

unsafe extern "C" {
    /// POSIX `_exit(2)`: ends the process at once, running no destructor or handler.
    safe fn _exit(status: std::ffi::c_int) -> !;
}

/// What one cell of the table collected.
#[derive(Default)]
struct Cell {
    samples: Vec<f64>,
    extra: Vec<String>,
    not_applicable: Option<String>,
    /// The main thread's stack overflowed: the samples come from a [`BIG_STACK`] thread.
    big_stack: bool,
}

/// Where `workloads.py` is.
fn python_script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compare/workloads.py")
}

/// `Some(version)` when `python3` runs and is CPython 3.
fn python_version() -> Option<String> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import platform, sys; print(platform.python_implementation(), platform.python_version()) if sys.version_info[0] == 3 else None",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    (output.status.success() && text.starts_with("CPython 3")).then_some(text)
}

/// Runs one child and reads its outcome.
fn run_one(workload: Workload, which: Which, quick: bool, big_stack: bool) -> Outcome {
    let mut command = if which == Which::CPython {
        let mut command = Command::new("python3");
        command.arg(python_script()).arg(workload.name());
        command
    } else {
        let mut command =
            Command::new(std::env::current_exe().expect("the example knows its own path"));
        command.args(["--child", workload.name(), which.name()]);
        command
    };
    if quick {
        command.arg("--quick");
    }
    if big_stack {
        command.arg("--big-stack");
    }
    let mut child = match command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => return Outcome::NotApplicable(format!("could not start: {error}")),
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > CHILD_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::NotApplicable(format!(
                    "did not finish in {} s",
                    CHILD_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(error) => return Outcome::NotApplicable(format!("wait failed: {error}")),
        }
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = pipe.read_to_string(&mut stdout);
    }
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        let how = match status.signal() {
            Some(11) => "crashed (SIGSEGV: stack overflow?)".to_string(),
            Some(6) => "aborted (SIGABRT)".to_string(),
            Some(signal) => format!("killed by signal {signal}"),
            None => format!("failed ({status})"),
        };
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty());
        return Outcome::NotApplicable(match last {
            Some(last) => format!("{how}: {}", last.trim()),
            None => how,
        });
    }
    // Warnings of a successful child (a failure's last line goes into the footnote).
    for line in stderr.lines() {
        eprintln!("    [{} {}] {line}", which.name(), workload.name());
    }
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("RESULT ") {
            let mut words = rest.split_whitespace();
            if let Some(value) = words.next().and_then(|value| value.parse().ok()) {
                return Outcome::Value {
                    value,
                    extra: words.map(str::to_string).collect(),
                };
            }
        }
        if let Some(reason) = line.strip_prefix("NA ") {
            return Outcome::NotApplicable(reason.to_string());
        }
    }
    Outcome::NotApplicable(format!("no result in its output: {stdout:?}"))
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// A number with three significant digits (at most two decimals).
fn format_value(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// Footnotes, numbered in the order they are first used.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn mark(&mut self, note: &str) -> String {
        let index = match self.0.iter().position(|known| known == note) {
            Some(index) => index,
            None => {
                self.0.push(note.to_string());
                self.0.len() - 1
            }
        };
        format!("[{}]", index + 1)
    }
}

fn run_parent(options: &Options) {
    let sizes = Sizes::new(options.quick);
    let workloads: Vec<Workload> = Workload::ALL
        .into_iter()
        .filter(|workload| match &options.only {
            None => true,
            Some(selectors) => selectors.iter().any(|selector| workload.matches(selector)),
        })
        .collect();
    if workloads.is_empty() {
        usage();
    }
    let python = python_version();
    let subjects: Vec<Which> = options
        .subjects
        .iter()
        .copied()
        .filter(|&which| which != Which::CPython || python.is_some())
        .collect();

    println!(
        "pyobj compare: {} workload rows x {} subjects, 1 warm-up + {} runs each, one process per run{}",
        workloads.len(),
        subjects.len(),
        options.runs,
        if options.quick {
            " (--quick sizes)"
        } else {
            ""
        }
    );
    let mut cells: BTreeMap<(usize, usize), Cell> = BTreeMap::new();
    for (row, &workload) in workloads.iter().enumerate() {
        let started = Instant::now();
        eprint!("{:<9}", workload.name());
        for round in 0..=options.runs {
            for (column, &which) in subjects.iter().enumerate() {
                let cell = cells.entry((row, column)).or_default();
                if cell.not_applicable.is_some() {
                    continue;
                }
                let mut outcome = run_one(workload, which, options.quick, cell.big_stack);
                if round == 0 {
                    // Warm-up, thrown away (unless it shows the cell cannot be measured).
                    if let Outcome::NotApplicable(reason) = &outcome
                        && reason.contains("stack overflow")
                        && which != Which::CPython
                    {
                        // Say so in the table, and measure it on a big stack.
                        cell.big_stack = true;
                        outcome = run_one(workload, which, options.quick, true);
                    }
                    if let Outcome::NotApplicable(reason) = outcome {
                        cell.not_applicable = Some(reason);
                    }
                    continue;
                }
                match outcome {
                    Outcome::Value { value, extra } => {
                        cell.samples.push(value);
                        cell.extra = extra;
                    }
                    Outcome::NotApplicable(reason) => cell.not_applicable = Some(reason),
                }
            }
            eprint!(".");
        }
        eprintln!(" {:.1} s", started.elapsed().as_secs_f64());
    }

    print_table(options, &sizes, &workloads, &subjects, &cells, python);
}

fn print_table(
    options: &Options,
    sizes: &Sizes,
    workloads: &[Workload],
    subjects: &[Which],
    cells: &BTreeMap<(usize, usize), Cell>,
    python: Option<String>,
) {
    let mut notes = Notes::default();
    let pyobj_column = subjects
        .iter()
        .position(|&which| which == Which::Pyobj)
        .expect("pyobj is always measured");

    println!();
    let mut header = String::from("| workload |");
    let mut rule = String::from("|---|");
    for &which in subjects {
        let title = match (which, &python) {
            (Which::CPython, Some(version)) => version.clone(),
            _ => which.title().to_string(),
        };
        header.push_str(&format!(" {title} |"));
        rule.push_str("---:|");
    }
    println!("{header}");
    println!("{rule}");
    let mut spreads = Vec::new();
    for (row, &workload) in workloads.iter().enumerate() {
        let mut line = format!("| {} {} |", workload.name(), workload.describe(sizes));
        let pyobj_median = cells
            .get(&(row, pyobj_column))
            .filter(|cell| cell.not_applicable.is_none() && !cell.samples.is_empty())
            .map(|cell| median(&cell.samples));
        let mut spread_line = format!("{:<9}", workload.name());
        for (column, &which) in subjects.iter().enumerate() {
            let cell = &cells[&(row, column)];
            let mut text = match (&cell.not_applicable, cell.samples.is_empty()) {
                (Some(reason), _) if reason == "pending pyblock!" => reason.clone(),
                (Some(reason), _) => {
                    format!(
                        "n/a {}",
                        notes.mark(&format!("{}: {reason}", which.title()))
                    )
                }
                (None, true) => "n/a".to_string(),
                (None, false) => {
                    let value = median(&cell.samples);
                    let spread = if value > 0.0 {
                        let max = cell.samples.iter().copied().fold(f64::MIN, f64::max);
                        let min = cell.samples.iter().copied().fold(f64::MAX, f64::min);
                        100.0 * (max - min) / value
                    } else {
                        0.0
                    };
                    spread_line.push_str(&format!(" {:>7}: {spread:>3.0}%", which.name()));
                    let number = match pyobj_median {
                        Some(base) if which != Which::Pyobj && base > 0.0 => {
                            format!("{} ({:.2}x)", format_value(value), value / base)
                        }
                        _ => format_value(value),
                    };
                    if cell.big_stack {
                        let note = format!(
                            "{}: overflows the 8 MiB main-thread stack (recursion on the object graph); on a {} GiB thread stack: {number}",
                            which.title(),
                            BIG_STACK >> 30
                        );
                        format!("n/a {}", notes.mark(&note))
                    } else {
                        number
                    }
                }
            };
            if cell.not_applicable.is_none()
                && let Some(note) = which.note(workload)
            {
                text.push(' ');
                text.push_str(&notes.mark(note));
            }
            if which == Which::Pyobj && !cell.extra.is_empty() {
                let pool = cell
                    .extra
                    .iter()
                    .find_map(|fact| fact.strip_prefix("pool="));
                if let Some(pool) = pool {
                    text.push(' ');
                    text.push_str(&notes.mark(&format!(
                        "pyobj pool stats (blocks in use x block size): {pool} bytes/node"
                    )));
                }
            }
            line.push_str(&format!(" {text} |"));
        }
        println!("{line}");
        spreads.push(spread_line);
    }

    println!();
    println!(
        "Cells: median of {} runs (one process each, after one warm-up round), ratio to pyobj in parentheses; ns per object (W3: per clone+drop), bytes per node for W7.",
        options.runs
    );
    let payloads: Vec<String> = subjects
        .iter()
        .filter_map(|&which| {
            subjects::payload_sizes(which)
                .map(|(node, small)| format!("{} {node}/{small}", which.name()))
        })
        .collect();
    println!(
        "Payload bytes (Node/Small, size_of): {}.",
        payloads.join(", ")
    );
    if python.is_none() && options.subjects.contains(&Which::CPython) {
        println!("CPython: skipped, `python3` (CPython 3) not found.");
    }
    for (index, note) in notes.0.iter().enumerate() {
        println!("[{}] {note}", index + 1);
    }
    println!();
    println!("Spread of the runs, (max - min) / median:");
    for line in spreads {
        println!("  {line}");
    }
}
