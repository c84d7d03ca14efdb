//! Line hooks and step-by-step recording of `pyblock!` code (the seed's pictures, one per
//! executed line).
//!
//! A block compiled with line hooks (`pyblock!(trace ...)`, or `trace` before the string
//! or `file` of the text forms) calls [`line_hook`] before each statement, and opens a
//! [`LineFrame`] when the block and each of its (non-generator) functions start. A block
//! compiled without them contains no trace of either: hooks cost nothing where they were
//! not asked for. With hooks:
//!
//! - `tracemalloc` attributes the Python objects a line makes to that line
//!   ([`crate::tracemalloc::set_line`]);
//! - [`record`] takes a [`Snapshot`] after every executed statement (a step per statement
//!   started: a loop's header is one step, where CPython's line events come back to it
//!   on each iteration; a line with two statements is two): the names of each running
//!   block's globals (a function's locals are Rust locals, which no snapshot can see),
//!   the running function's name and the line, what `print` wrote so far and what the
//!   collector did since the step before. [`RecordedStep::to_step`] makes them the
//!   [`Step`]s of [`html_page`](crate::snapshot::html_page).
//!
//! ```
//! use pyobj::{pyblock, recording, snapshot::html_page};
//!
//! let (result, recorded) = recording::record(|| {
//!     pyblock!(trace
//!         a = [1, 2, 3]
//!         b = a
//!         print(len(b))
//!     )
//! });
//! let namespace = result.unwrap();
//! assert_eq!(recorded.steps.len(), 3); // one per executed line
//! let last = &recorded.steps[2];
//! assert_eq!((last.function, last.output.as_str()), ("<module>", "3\n"));
//! assert_eq!(last.snapshot.root("a").unwrap().refcount, 2); // `a` and `b`
//! let first_line = recorded.steps[0].site.line as usize;
//! let steps: Vec<_> = recorded
//!     .steps
//!     .iter()
//!     .map(|step| step.to_step("a = [1, 2, 3]\nb = a\nprint(len(b))\n", first_line))
//!     .collect();
//! assert!(html_page("three lines", &steps).contains("<svg"));
//! # drop(namespace);
//! ```
//!
//! # Cost
//! Off (no `trace`): nothing. Hooks on, not recording: each statement writes the line to
//! a thread-local and tests the recording flag, each call of a hooked function pushes and
//! pops its name and its caller's line (which `tracemalloc`'s tracebacks read).
//! Recording: each step is a snapshot of the globals and what they reach (its walk and
//! labels: `repr`s), so it grows with the heap the names reach: about 4 µs a step for a
//! few small objects (`cargo run --release --example record` measures it,
//! against the same run with hooks and no recording).
//!
//! A generator's body sets its lines and gives its caller's line back when it suspends
//! ([`LineRestoring`]) but opens no frame for the recorder (its frame is suspended and
//! resumed inside its caller's), so its steps name the function that resumed it.

use std::cell::{Cell, RefCell};

use crate::frame::Globals;
use crate::gc;
use crate::refcount::Gc;
use crate::snapshot::{Snapshot, Step};
use crate::tracemalloc::{self, Site};

/// A frame of hooked code: its function's name, for a block's top level its globals, and
/// whether a line of it has started (the line before that is the caller's, still running).
struct HookedFrame {
    name: &'static str,
    globals: Option<Gc<Globals>>,
    started: Cell<bool>,
}

thread_local! {
    /// Whether [`record`] is running on this thread.
    static RECORDING: Cell<bool> = const { Cell::new(false) };
    /// The frames of hooked code running on this thread, innermost last.
    static FRAMES: RefCell<Vec<HookedFrame>> = const { RefCell::new(Vec::new()) };
    /// The steps [`record`] has taken so far, and the collector's events since the last.
    static STEPS: RefCell<(Vec<RecordedStep>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

/// Called by hooked code before each statement: `file`, `line` is about to run.
#[inline]
pub fn line_hook(file: &'static str, line: u32) {
    let ran = tracemalloc::set_line(Site { file, line });
    if RECORDING.try_with(Cell::get).unwrap_or(false) {
        take_step(ran);
    }
}

/// A running frame of hooked code, from its start to its end: while it lives, its name
/// (and a block's globals) are the innermost frame's; its end records the last line it ran
/// (when recording) and gives the caller its line back.
#[must_use = "the frame ends when this is dropped"]
pub struct LineFrame {
    /// Made only by [`LineFrame::enter`], which starts the frame this one ends.
    _entered: (),
}

impl LineFrame {
    /// The top level of a block, whose globals are `globals`.
    pub fn module(globals: &Gc<Globals>) -> LineFrame {
        LineFrame::enter("<module>", Some(globals.clone()))
    }

    /// A call of the function `name`.
    pub fn function(name: &'static str) -> LineFrame {
        LineFrame::enter(name, None)
    }

    fn enter(name: &'static str, globals: Option<Gc<Globals>>) -> LineFrame {
        let frame = HookedFrame {
            name,
            globals,
            started: Cell::new(false),
        };
        let _ = FRAMES.try_with(|frames| frames.borrow_mut().push(frame));
        tracemalloc::enter_frame();
        LineFrame { _entered: () }
    }
}

impl Drop for LineFrame {
    fn drop(&mut self) {
        let last = tracemalloc::leave_frame();
        // No picture of a frame that a panic is unwinding.
        if RECORDING.try_with(Cell::get).unwrap_or(false) && !std::thread::panicking() {
            take_step(last);
        }
        let frame = FRAMES
            .try_with(|frames| frames.borrow_mut().pop())
            .ok()
            .flatten();
        // Dropped after the borrow: releasing the globals may run code.
        drop(frame);
    }
}

/// A hooked generator's body (a future): each resumption makes the generator's line the
/// current one and gives the caller's back when the body suspends or ends, as a frame of
/// its own would (a `LineFrame` cannot stay open across a `yield`: it would still be the
/// innermost frame while the caller runs). Boxed, so that it needs no pin projection.
pub struct LineRestoring<F> {
    body: std::pin::Pin<Box<F>>,
    /// The generator's line while it is suspended; `None` before its first resumption.
    own: Option<Site>,
}

/// A resumption of a hooked generator, from its start to its suspension (or a panic): the
/// generator's frame, called from the line that resumed it.
struct Resumed<'a>(&'a mut Option<Site>);

impl Drop for Resumed<'_> {
    fn drop(&mut self) {
        *self.0 = Some(tracemalloc::leave_frame());
    }
}

impl<F> LineRestoring<F> {
    /// Wraps a generator's body.
    pub fn new(body: F) -> LineRestoring<F> {
        LineRestoring {
            body: Box::pin(body),
            own: None,
        }
    }
}

impl<F: std::future::Future> std::future::Future for LineRestoring<F> {
    type Output = F::Output;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        let this = self.get_mut();
        tracemalloc::enter_frame();
        if let Some(own) = this.own {
            tracemalloc::set_line(own);
        }
        let _resumed = Resumed(&mut this.own);
        this.body.as_mut().poll(cx)
    }
}

/// One step of a [`record`]ing: the heap after a line ran.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RecordedStep {
    /// The line that ran (its file and line, as tracebacks name them).
    pub site: Site,
    /// The function it belongs to (`<module>` for a block's top level).
    pub function: &'static str,
    /// The names of the running blocks' globals (one frame per block) and what they reach.
    pub snapshot: Snapshot,
    /// What `print` wrote since the recording started.
    pub output: String,
    /// What the collector did since the step before: one line per collection.
    pub events: String,
}

impl RecordedStep {
    /// This step as a page's [`Step`], captioned `line N in f` (`N` counted in
    /// `source`): `source` is the program's text, whose first line is line `first_line`
    /// of the step's file (1 for a `.py` file; the line of the first statement for the
    /// inline form, whose lines are the Rust file's).
    pub fn to_step(&self, source: &str, first_line: usize) -> Step {
        let line = self.site.line as usize;
        let shown = (line + 1).saturating_sub(first_line.max(1));
        Step::new(
            format!("line {shown} in {}", self.function),
            self.snapshot.clone(),
        )
        .source(source, shown)
        .output(self.output.clone())
        .events(self.events.clone())
    }
}

/// What [`record`] recorded.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Recording {
    /// One step per executed line of hooked code, in order.
    pub steps: Vec<RecordedStep>,
    /// Everything `print` wrote.
    pub output: String,
}

/// Runs `f`, recording a step after each line of hooked `pyblock!` code it runs (and
/// capturing what it prints, as [`capture_stdout`](crate::capture_stdout)). Recordings do
/// not nest: one started inside another records nothing of its own (the outer one goes on).
pub fn record<R>(f: impl FnOnce() -> R) -> (R, Recording) {
    if RECORDING.try_with(Cell::get).unwrap_or(true) {
        let (result, output) = crate::capture_stdout(f);
        return (
            result,
            Recording {
                steps: Vec::new(),
                output,
            },
        );
    }

    /// Ends the recording, also on a panic.
    struct Stop(Option<gc::CallbackId>);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = RECORDING.try_with(|recording| recording.set(false));
            if let Some(id) = self.0.take() {
                gc::remove_callback(id);
            }
        }
    }

    let _ = STEPS.try_with(|steps| *steps.borrow_mut() = (Vec::new(), String::new()));
    let callback = gc::add_callback(|phase, info| {
        if phase == gc::Phase::Stop {
            let _ = STEPS.try_with(|steps| {
                if let Ok(mut steps) = steps.try_borrow_mut() {
                    steps.1.push_str(&format!(
                        "collection of generation {}: {} collected, {} uncollectable\n",
                        info.generation, info.collected, info.uncollectable
                    ));
                }
            });
        }
    });
    let stop = Stop(Some(callback));
    let _ = RECORDING.try_with(|recording| recording.set(true));
    let (result, output) = crate::capture_stdout(f);
    drop(stop);
    let steps = STEPS
        .try_with(|steps| std::mem::take(&mut steps.borrow_mut().0))
        .unwrap_or_default();
    (result, Recording { steps, output })
}

/// Records the step after `ran`, a line of the innermost hooked frame (nothing before that
/// frame's first line: the line before is its caller's).
#[cold]
#[inline(never)]
fn take_step(ran: Site) {
    // No step inside a step: labelling objects may call code.
    let _ = RECORDING.try_with(|recording| recording.set(false));
    let (function, roots) = FRAMES
        .try_with(|frames| {
            let frames = frames.borrow();
            let top = frames.last()?;
            // The first line of a frame: what ran before is the caller's line, which
            // is still running (the call).
            if !top.started.replace(true) {
                return None;
            }
            let function = top.name;
            let roots: Vec<Gc<Globals>> = frames
                .iter()
                .filter_map(|frame| frame.globals.clone())
                .collect();
            Some((function, roots))
        })
        .ok()
        .flatten()
        .unzip();
    let (Some(function), Some(roots)) = (function, roots) else {
        let _ = RECORDING.try_with(|recording| recording.set(true));
        return;
    };
    let mut capture = Snapshot::new();
    for globals in &roots {
        // Two handles of ours: the frame's, and this step's copy of it.
        capture = capture.roots(globals).discount(globals).discount(globals);
    }
    let snapshot = capture.capture();
    drop(roots);
    let output = crate::stdout::captured_text();
    let _ = STEPS.try_with(|steps| {
        let mut steps = steps.borrow_mut();
        let events = std::mem::take(&mut steps.1);
        steps.0.push(RecordedStep {
            site: ran,
            function,
            snapshot,
            output,
            events,
        });
    });
    let _ = RECORDING.try_with(|recording| recording.set(true));
}
