//! Allocations by line: Python's `tracemalloc` on pyobj's heap (seed level 10, leak
//! hunting).
//!
//! While tracing is on ([`start`], or [`start_with_frames`] to keep more than one frame),
//! every block the heap hands out is recorded with its size and the places that asked for
//! it (its [`Traceback`]: the [`Site`] that made it, then its callers'), and forgotten
//! when it is freed. A [`Snapshot`] ([`take_snapshot`]) copies the live records ([`Trace`]s);
//! its [`statistics`](Snapshot::statistics) group them by line, file or traceback (also
//! [`cumulative`](Snapshot::cumulative_statistics)ly: a caller's line counts what its
//! callees made), [`compare_to`](Snapshot::compare_to) says which lines grew between two
//! snapshots: where a leak comes from; [`filter_traces`](Snapshot::filter_traces) keeps the
//! traces of some files or lines ([`Filter`], [`DomainFilter`]), and
//! [`get_object_traceback`] says where one object was made.
//!
//! ```
//! use pyobj::{Gc, tracemalloc};
//!
//! tracemalloc::start();
//! let kept: Vec<Gc<u64>> = (0..10).map(|i| Gc::new(i)).collect(); // this line
//! let line = line!() - 1;
//! let snapshot = tracemalloc::take_snapshot().unwrap();
//! tracemalloc::stop();
//! let top = &snapshot.statistics(tracemalloc::KeyType::Lineno)[0];
//! let site = top.traceback.innermost();
//! assert_eq!((site.file, site.line), (file!(), line));
//! assert_eq!((top.count, top.size), (10, 10 * 32)); // ten 32-byte blocks
//! assert_eq!(top.to_string(), format!("{}:{line}: size=320 B, count=10, average=32 B", file!()));
//! # drop(kept);
//! ```
//!
//! # Where an allocation comes from
//! - `Gc::new` (and `Gc::with_finalizer`, `Gc::make_mut`'s copy) called from Rust: the
//!   Rust caller's file and line (`#[track_caller]`). Called through a function
//!   pointer (`.map(Gc::new)`) the caller is the standard library's call shim: write a
//!   closure (`.map(|x| Gc::new(x))`) where the line matters.
//! - A Python object made by `pyblock!` code compiled with line hooks (`pyblock!(trace
//!   ...)`): the Python line running, the `.py` file's name and line for the file form,
//!   the Rust file and line for the inline form ([`set_line`] is what the hooks call).
//! - Anything else (a Python object made by code compiled without hooks, or from Rust
//!   through `Obj`'s constructors; a `Gc<str>` or `Gc<[T]>`): the line of the hooked
//!   code running at the time if there is one, else [`Site::UNKNOWN`], `<unknown>:0`,
//!   CPython's name for an allocation made where it cannot see a Python frame.
//!
//! # Frames
//! With `start_with_frames(n)` (`start(n)`) a traceback keeps up to `n` places, the
//! innermost first: the line (or Rust caller) that made the object, then, for each frame of
//! hooked code running (a block, a function call, a generator's resumption: the frames the
//! line hooks open, innermost first), the line its caller was running. A Rust caller of
//! `Gc::new` counts as a frame of its own, called from the hooked line running if any. A
//! comprehension is no frame (CPython 3.11 makes it one, `<listcomp>`, with the line of
//! the expression; 3.12 no longer does), and places where no hooked code runs are left
//! out, so a traceback has `<unknown>:0` only when nothing at all is known. The line hooks
//! mark a loop's header once, so what a `for` loop's header does on a later iteration (it
//! resumes a generator, say) is the line of the body that ran last, where CPython names the
//! `for` line. The tracebacks
//! are kept once each and shared by the records, as CPython keeps them. [`start`] keeps one.
//!
//! # Sizes
//! A record's size is the object's block: its pool size class (a multiple of 16 bytes)
//! for an object of up to 512 bytes, its own size for a larger one. That is what the
//! object really costs in pyobj, and it differs from CPython's numbers wherever the
//! layouts differ: a float is a 32-byte block here (a 16-byte header and 8 bytes of value,
//! rounded up to the class) and 24 bytes in CPython; what an object holds outside its
//! block (a list's items past the fourth, a long string's text, a dict's table: system
//! allocations) is not counted here, while CPython counts it as allocations of their own.
//! So compare lines and counts with CPython's, not bytes: for `xs = [str(i) * 3 for i in
//! range(1000, 1100)]` both report one line with 101 allocations (here the 100 strings
//! and the list; in CPython the 100 strings and the list's item array, the list object
//! itself coming from CPython's free list), while for `[i + 0.5 for i in range(1000)]`
//! CPython reports 997 (floats reused from its free list, and the item array) and pyobj
//! 1001 (every float and the list). Immortal objects (small ints, `None`) are never
//! allocated by a program, so never traced.
//!
//! # Cost while off: nothing
//! The pool allocator's fast paths (a pop to allocate, a push to free) make no test for
//! tracing: tracing reuses branches they already make. [`start`] sets the pools' lists
//! of used pools aside, so every allocation finds no pool and takes the slow path, which
//! hands out a block of a *traced pool* (one holding only blocks made while tracing) and
//! records it. A traced pool keeps its free list empty, so every free of one of its
//! blocks takes the branch the free path already has for a pool that was full; that
//! branch recognizes the pool and forgets the record. Blocks made before [`start`] stay
//! in the other pools: freeing them costs what it always does, and is not reported (as
//! CPython ignores frees of blocks it did not trace). [`stop`] files the traced pools as
//! any pool and puts the lists back. Only objects too large for the pools (over 512
//! bytes, already a system allocation and a hash-table insert) test a flag. Measured with
//! callgrind: the same instructions per allocation and free as before tracemalloc existed
//! (BENCHMARKS.md, "tracemalloc off"). The records are per thread, as the heap is, and
//! kept outside the heap (tracing never allocates on the heap it traces).

use std::alloc::Layout;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU16;
use std::panic::Location;
use std::sync::Arc;

use crate::heap::{AddrBuild, with_heap};
use crate::pool::{ALIGNMENT, SMALL_REQUEST_THRESHOLD};
use crate::refcount::Gc;

mod filter;

pub use filter::{DomainFilter, Filter, TraceFilter};

/// Where an allocation was made: a source file and a line (counted from 1; 0 when
/// unknown, or for a statistic grouped by file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Site {
    /// The file's name, as the compiler or `pyblock!(file "...")` wrote it.
    pub file: &'static str,
    /// The line.
    pub line: u32,
}

impl Site {
    /// Where nothing is known: `<unknown>:0`.
    pub const UNKNOWN: Site = Site {
        file: "<unknown>",
        line: 0,
    };

    /// The site of a Rust caller.
    pub fn from_location(location: &'static Location<'static>) -> Site {
        Site {
            file: location.file(),
            line: location.line(),
        }
    }
}

/// `file:line`, as CPython's `tracemalloc.Frame`.
impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

thread_local! {
    /// The line of hooked `pyblock!` code running now.
    static LINE: Cell<Site> = const { Cell::new(Site::UNKNOWN) };
    /// For each frame of hooked code running on this thread (innermost last), the line
    /// its caller was running when it started: the frames of a traceback past the first.
    static CALLERS: RefCell<Vec<Site>> = const { RefCell::new(Vec::new()) };
}

/// Makes `site` the line running now on this thread (the line hooks of `pyblock!` code
/// call it before each statement), returning the one it replaces. Allocations without a
/// Rust caller of their own are attributed to it.
#[inline]
pub fn set_line(site: Site) -> Site {
    LINE.try_with(|line| line.replace(site))
        .unwrap_or(Site::UNKNOWN)
}

/// The line running now on this thread ([`set_line`]), or [`Site::UNKNOWN`].
pub fn current_line() -> Site {
    LINE.try_with(Cell::get).unwrap_or(Site::UNKNOWN)
}

/// A frame of hooked code starts (a block, a function call, a generator's resumption):
/// the line running now is its caller's, kept until [`leave_frame`].
#[cfg_attr(not(feature = "python"), allow(dead_code))] // the line hooks' frames call it
pub(crate) fn enter_frame() {
    let caller = current_line();
    let _ = CALLERS.try_with(|callers| {
        if let Ok(mut callers) = callers.try_borrow_mut() {
            callers.push(caller);
        }
    });
}

/// The frame [`enter_frame`] started ends: its caller's line is the one running again.
/// Returns the frame's own last line.
#[cfg_attr(not(feature = "python"), allow(dead_code))] // the line hooks' frames call it
pub(crate) fn leave_frame() -> Site {
    let caller = CALLERS
        .try_with(|callers| {
            callers
                .try_borrow_mut()
                .ok()
                .and_then(|mut callers| callers.pop())
        })
        .ok()
        .flatten()
        .unwrap_or(Site::UNKNOWN);
    set_line(caller)
}

/// The frames of an allocation, as CPython's `tracemalloc.Traceback`: up to the
/// traceback limit ([`get_traceback_limit`]) places, the innermost (where the object was
/// made) first in [`frames`](Traceback::frames). CPython's Python sequence is the other
/// way round (oldest first), and so are the Python layer's `Traceback` objects, the
/// order ([`Ord`]: the oldest frames compared first) and the text ([`fmt::Display`]:
/// the oldest frame kept, as CPython's `str(traceback)`).
///
/// Two tracebacks are equal when their frames are ([`total_nframe`](Traceback::total_nframe)
/// is not compared, as in CPython).
#[derive(Clone, Debug)]
pub struct Traceback {
    /// Innermost first; never empty.
    frames: Arc<[Site]>,
    /// How many frames there were before the limit cut them (a trace's; `None` for a
    /// statistic's).
    total_nframe: Option<usize>,
}

impl Traceback {
    /// A traceback of `frames`, the innermost first (none: `<unknown>:0`, CPython's
    /// traceback of an allocation made where no Python frame runs).
    pub fn new(frames: impl IntoIterator<Item = Site>) -> Traceback {
        let mut frames: Vec<Site> = frames.into_iter().collect();
        if frames.is_empty() {
            frames.push(Site::UNKNOWN);
        }
        Traceback {
            frames: frames.into(),
            total_nframe: None,
        }
    }

    /// The frames, the innermost first.
    pub fn frames(&self) -> &[Site] {
        &self.frames
    }

    /// Where the object was made: the innermost frame.
    pub fn innermost(&self) -> Site {
        self.frames[0]
    }

    /// The oldest frame kept (CPython's `traceback[0]`, and what `str()` shows).
    pub fn oldest(&self) -> Site {
        self.frames[self.frames.len() - 1]
    }

    /// For a trace's traceback, how many frames the stack had when the object was made,
    /// before the limit cut them (CPython's `total_nframe`); `None` for a statistic's.
    pub fn total_nframe(&self) -> Option<usize> {
        self.total_nframe
    }

    /// The same frames without a `total_nframe` (a statistic's key).
    fn key(&self) -> Traceback {
        Traceback {
            frames: Arc::clone(&self.frames),
            total_nframe: None,
        }
    }

    /// CPython's `Traceback.format(limit, most_recent_first)`: for each frame, oldest
    /// first, `  File "x.py", line 3` and, when the file can be read and the line is not
    /// blank, the line's text stripped, indented by four spaces. A positive `limit` keeps
    /// the `limit` most recent frames, zero or a negative one drops the `-limit` most
    /// recent; `most_recent_first` reverses the order.
    pub fn format(&self, limit: Option<i64>, most_recent_first: bool) -> Vec<String> {
        // Oldest first, as CPython's sequence.
        let oldest_first: Vec<Site> = self.frames.iter().rev().copied().collect();
        let len = oldest_first.len();
        let clamp = |n: i64| usize::try_from(n.unsigned_abs()).map_or(len, |n| n.min(len));
        let mut chosen: Vec<Site> = match limit {
            None => oldest_first,
            Some(limit) if limit > 0 => oldest_first[len - clamp(limit)..].to_vec(),
            Some(limit) => oldest_first[..len - clamp(limit)].to_vec(),
        };
        if most_recent_first {
            chosen.reverse();
        }
        let mut lines = Vec::new();
        let mut sources: HashMap<&str, Option<String>> = HashMap::new();
        for site in chosen {
            lines.push(format!("  File \"{}\", line {}", site.file, site.line));
            let source = sources
                .entry(site.file)
                .or_insert_with(|| std::fs::read_to_string(site.file).ok());
            let text = source.as_deref().and_then(|source| {
                let index = usize::try_from(site.line).ok()?.checked_sub(1)?;
                source.lines().nth(index)
            });
            if let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) {
                lines.push(format!("    {text}"));
            }
        }
        lines
    }
}

/// One place: a traceback of it.
impl From<Site> for Traceback {
    fn from(site: Site) -> Traceback {
        Traceback::new([site])
    }
}

impl PartialEq for Traceback {
    fn eq(&self, other: &Traceback) -> bool {
        self.frames == other.frames
    }
}

impl Eq for Traceback {}

impl Hash for Traceback {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.frames.hash(state);
    }
}

/// CPython's order: the frames compared oldest first.
impl Ord for Traceback {
    fn cmp(&self, other: &Traceback) -> std::cmp::Ordering {
        self.frames.iter().rev().cmp(other.frames.iter().rev())
    }
}

impl PartialOrd for Traceback {
    fn partial_cmp(&self, other: &Traceback) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// CPython's `str(traceback)`: the oldest frame kept, `file:line`.
impl fmt::Display for Traceback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.oldest().fmt(f)
    }
}

/// One heap's records: on or off, the traceback limit, and the live blocks by address.
pub(crate) struct Traces {
    /// Tracing is on (the pools trace too, `Pools::start_tracing`; only large objects'
    /// paths test this).
    pub(crate) on: bool,
    /// The most frames a traceback keeps (`start(nframe)`; kept after `stop()`).
    limit: NonZeroU16,
    /// Each live traced block, by address: its size and traceback.
    table: HashMap<usize, (usize, Traceback), AddrBuild>,
    /// Each traceback recorded, once (as CPython's table of tracebacks): records share it.
    tracebacks: HashSet<Arc<[Site]>>,
    /// Where a traceback is gathered before it is looked up in `tracebacks`.
    gathered: Vec<Site>,
    /// The sum of the live traced blocks' sizes.
    current: usize,
    /// The highest `current` since tracing started or the peak was reset.
    peak: usize,
}

impl Default for Traces {
    fn default() -> Traces {
        Traces {
            on: false,
            limit: NonZeroU16::MIN,
            table: HashMap::default(),
            tracebacks: HashSet::new(),
            gathered: Vec::new(),
            current: 0,
            peak: 0,
        }
    }
}

impl Traces {
    /// Records the block at `address` for an object of `layout` (its block's size is
    /// recorded), made by `caller` (`None`: the line running now).
    #[cold]
    #[inline(never)]
    pub(crate) fn allocated(
        &mut self,
        address: usize,
        layout: Layout,
        caller: Option<&'static Location<'static>>,
    ) {
        let size = block_size(layout);
        let traceback = self.traceback(caller);
        if let Some((old, _)) = self.table.insert(address, (size, traceback)) {
            self.current -= old;
        }
        self.current += size;
        self.peak = self.peak.max(self.current);
    }

    /// The traceback of an allocation made now by `caller`: the Rust caller if there is
    /// one, the line running now, then the callers' lines of the hooked frames running,
    /// innermost first, up to the limit (the places no hooked code was running are left
    /// out, unless nothing else is known).
    fn traceback(&mut self, caller: Option<&'static Location<'static>>) -> Traceback {
        let limit = usize::from(self.limit.get());
        let gathered = &mut self.gathered;
        gathered.clear();
        let mut total = 0;
        let mut add = |site: Site| {
            if site != Site::UNKNOWN {
                total += 1;
                if gathered.len() < limit {
                    gathered.push(site);
                }
            }
        };
        if let Some(caller) = caller {
            add(Site::from_location(caller));
        }
        add(current_line());
        let _ = CALLERS.try_with(|callers| {
            if let Ok(callers) = callers.try_borrow() {
                callers.iter().rev().copied().for_each(&mut add);
            }
        });
        if gathered.is_empty() {
            gathered.push(Site::UNKNOWN);
            total = 1;
        }
        let frames = match self.tracebacks.get(&gathered[..]) {
            Some(frames) => Arc::clone(frames),
            None => {
                let frames: Arc<[Site]> = Arc::from(&gathered[..]);
                self.tracebacks.insert(Arc::clone(&frames));
                frames
            }
        };
        Traceback {
            frames,
            total_nframe: Some(total),
        }
    }

    /// Forgets the block at `address` if it was traced.
    #[cold]
    #[inline(never)]
    pub(crate) fn freed(&mut self, address: usize) {
        if let Some((size, _)) = self.table.remove(&address) {
            self.current -= size;
        }
    }

    /// Forgets every record (the peak too); the limit stays.
    fn clear(&mut self) {
        self.table = HashMap::default();
        self.tracebacks = HashSet::new();
        self.current = 0;
        self.peak = 0;
    }
}

/// The bytes an object of `layout` takes: its size class's block when the pools serve it
/// (as `Heap::alloc` decides), its own size otherwise.
fn block_size(layout: Layout) -> usize {
    if layout.size() <= SMALL_REQUEST_THRESHOLD && layout.align() <= ALIGNMENT {
        layout.size().max(1).div_ceil(ALIGNMENT) * ALIGNMENT
    } else {
        layout.size()
    }
}

/// Starts tracing this thread's allocations, one frame each (`tracemalloc.start()`).
/// Already tracing: nothing changes.
pub fn start() {
    start_with_frames(NonZeroU16::MIN);
}

/// Starts tracing this thread's allocations, keeping up to `nframe` frames of each
/// (`tracemalloc.start(nframe)`; CPython takes 1 to 65535, as the type does). Already
/// tracing: nothing changes, the limit neither (as in CPython).
///
/// ```
/// use std::num::NonZeroU16;
/// use pyobj::{capture_stdout, pyblock, tracemalloc};
///
/// tracemalloc::start_with_frames(NonZeroU16::new(2).unwrap());
/// let (result, _) = capture_stdout(|| {
///     pyblock!(trace
///         def make():
///             return [[] for i in range(20)]
///         kept = make()
///     )
/// });
/// let snapshot = tracemalloc::take_snapshot().unwrap();
/// tracemalloc::stop();
/// let top = &snapshot.statistics(tracemalloc::KeyType::Traceback)[0];
/// assert_eq!(top.count, 21); // the lists
/// let frames = top.traceback.frames();
/// assert_eq!(frames.len(), 2); // `return [...]`, then the line that called `make`
/// assert_eq!(frames[0].line + 1, frames[1].line);
/// assert_eq!(tracemalloc::get_traceback_limit(), 2);
/// # drop(result);
/// ```
pub fn start_with_frames(nframe: NonZeroU16) {
    with_heap(|heap| {
        if !heap.traces.on {
            heap.traces.limit = nframe;
        }
        heap.traces.on = true;
        heap.pools.start_tracing();
    });
}

/// The most frames a traceback keeps (`tracemalloc.get_traceback_limit()`): the `nframe`
/// of the last [`start_with_frames`] that started tracing (1 before any, and after
/// [`start`]); [`stop`] keeps it.
pub fn get_traceback_limit() -> usize {
    with_heap(|heap| usize::from(heap.traces.limit.get()))
}

/// Stops tracing and forgets every record (`tracemalloc.stop()`).
pub fn stop() {
    with_heap(|heap| {
        heap.traces.on = false;
        heap.traces.clear();
        heap.pools.stop_tracing();
    });
}

/// Whether this thread's allocations are being traced (`tracemalloc.is_tracing()`).
pub fn is_tracing() -> bool {
    with_heap(|heap| heap.traces.on)
}

/// Forgets the records made so far, and the peak, tracing on (`tracemalloc.clear_traces()`).
pub fn clear_traces() {
    with_heap(|heap| heap.traces.clear());
}

/// `(current, peak)`: the bytes of the traced blocks alive now, and the most there were
/// since tracing started or the peak was reset (`tracemalloc.get_traced_memory()`).
/// `(0, 0)` while not tracing.
pub fn get_traced_memory() -> (usize, usize) {
    with_heap(|heap| (heap.traces.current, heap.traces.peak))
}

/// Makes the peak the current size (`tracemalloc.reset_peak()`).
pub fn reset_peak() {
    with_heap(|heap| heap.traces.peak = heap.traces.current);
}

/// Where `object` was made (`tracemalloc.get_object_traceback(obj)`), if it was traced:
/// `None` while not tracing, or for an object made before tracing started (or its
/// records were cleared). The traceback has no `total_nframe`, as CPython's.
///
/// ```
/// use pyobj::{Gc, tracemalloc};
///
/// let before = Gc::new(1u8);
/// tracemalloc::start();
/// let traced = Gc::new(2u8);
/// let line = line!() - 1;
/// let traceback = tracemalloc::get_object_traceback(&traced).unwrap();
/// assert_eq!(traceback.innermost().line, line);
/// assert_eq!(tracemalloc::get_object_traceback(&before), None);
/// tracemalloc::stop();
/// assert_eq!(tracemalloc::get_object_traceback(&traced), None);
/// ```
pub fn get_object_traceback<T: ?Sized>(object: &Gc<T>) -> Option<Traceback> {
    traceback_at(Gc::header(object).addr().get())
}

/// The traceback of the traced block at `address` (a Python object's `id()`).
pub(crate) fn traceback_at(address: usize) -> Option<Traceback> {
    with_heap(|heap| {
        heap.traces
            .table
            .get(&address)
            .map(|(_, traceback)| traceback.key())
    })
}

/// [`take_snapshot`] while not tracing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotTracing;

/// CPython's message: `the tracemalloc module must be tracing memory allocations to take a
/// snapshot`.
impl fmt::Display for NotTracing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the tracemalloc module must be tracing memory allocations to take a snapshot")
    }
}

impl std::error::Error for NotTracing {}

/// The live traced blocks now (`tracemalloc.take_snapshot()`), or [`NotTracing`].
pub fn take_snapshot() -> Result<Snapshot, NotTracing> {
    with_heap(|heap| {
        if !heap.traces.on {
            return Err(NotTracing);
        }
        let mut traces: Vec<Trace> = heap
            .traces
            .table
            .values()
            .map(|(size, traceback)| Trace {
                domain: 0,
                size: *size,
                traceback: traceback.clone(),
            })
            .collect();
        traces.sort_unstable_by(|a, b| (&a.traceback, a.size).cmp(&(&b.traceback, b.size)));
        Ok(Snapshot {
            traces: traces.into(),
            traceback_limit: usize::from(heap.traces.limit.get()),
        })
    })
}

/// One traced block in a snapshot (`tracemalloc.Trace`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// The address space it belongs to: always 0 in pyobj (CPython's domain of the
    /// blocks Python's own allocators hand out).
    pub domain: u64,
    /// Its block's bytes.
    pub size: usize,
    /// Where it was made (with its `total_nframe`).
    pub traceback: Traceback,
}

/// CPython's `str(trace)`: `x.py:3: 32 B` (the traceback's oldest frame).
impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.traceback,
            format_size(as_f64(self.size), false)
        )
    }
}

/// How [`Snapshot::statistics`] groups the records (CPython's `key_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// By the innermost frame's file and line (`"lineno"`).
    Lineno,
    /// By the innermost frame's file (`"filename"`): the statistic's line is 0.
    Filename,
    /// By the whole traceback (`"traceback"`).
    Traceback,
}

impl KeyType {
    /// `"lineno"`, `"traceback"` or `"filename"`; `None` for any other name (CPython
    /// raises `ValueError: unknown key_type: 'name'`).
    pub fn from_name(name: &str) -> Option<KeyType> {
        match name {
            "lineno" => Some(KeyType::Lineno),
            "traceback" => Some(KeyType::Traceback),
            "filename" => Some(KeyType::Filename),
            _ => None,
        }
    }

    /// The name CPython gives it.
    pub fn name(self) -> &'static str {
        match self {
            KeyType::Lineno => "lineno",
            KeyType::Filename => "filename",
            KeyType::Traceback => "traceback",
        }
    }

    /// The key of one frame: itself, or its file.
    fn frame_key(self, site: Site) -> Traceback {
        match self {
            KeyType::Filename => Traceback::from(Site {
                file: site.file,
                line: 0,
            }),
            _ => Traceback::from(site),
        }
    }

    /// The key of a traceback.
    fn key(self, traceback: &Traceback) -> Traceback {
        match self {
            KeyType::Traceback => traceback.key(),
            _ => self.frame_key(traceback.innermost()),
        }
    }
}

/// A cumulative grouping by [`KeyType::Traceback`], which CPython refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CumulativeTraceback;

/// CPython's message (with its typo): `cumulative mode cannot by used with key type
/// 'traceback'`.
impl fmt::Display for CumulativeTraceback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cumulative mode cannot by used with key type 'traceback'")
    }
}

impl std::error::Error for CumulativeTraceback {}

/// The traced blocks alive when it was taken ([`take_snapshot`]): plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    traces: Arc<[Trace]>,
    traceback_limit: usize,
}

/// An empty snapshot, of a traceback limit of 1.
impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot {
            traces: Arc::new([]),
            traceback_limit: 1,
        }
    }
}

/// The allocations of one line, file or traceback in a snapshot (`tracemalloc.Statistic`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statistic {
    /// The key: one frame (a line, or a file with line 0), or a whole traceback.
    pub traceback: Traceback,
    /// Bytes of its blocks.
    pub size: usize,
    /// How many blocks.
    pub count: usize,
}

/// A key's allocations in a snapshot and how they changed since an older one
/// (`tracemalloc.StatisticDiff`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatisticDiff {
    /// The key: one frame (a line, or a file with line 0), or a whole traceback.
    pub traceback: Traceback,
    /// Bytes of its blocks in the newer snapshot.
    pub size: usize,
    /// `size` less the older snapshot's.
    pub size_diff: i64,
    /// How many blocks in the newer snapshot.
    pub count: usize,
    /// `count` less the older snapshot's.
    pub count_diff: i64,
}

impl Snapshot {
    /// Each traced block, sorted by traceback (oldest frames first) then size.
    pub fn traces(&self) -> &[Trace] {
        &self.traces
    }

    /// The traceback limit when it was taken (`Snapshot.traceback_limit`).
    pub fn traceback_limit(&self) -> usize {
        self.traceback_limit
    }

    /// A snapshot of the traces `filters` keep (`Snapshot.filter_traces(filters)`, with
    /// CPython's rules): a trace is kept when some inclusive filter matches it (or there
    /// is none) and every exclusive filter lets it through. No filters: a copy.
    ///
    /// ```
    /// use pyobj::{Gc, tracemalloc::{self, Filter}};
    ///
    /// tracemalloc::start();
    /// let here = Gc::new(1u64);
    /// let line = line!() - 1;
    /// let there = Gc::new(2u64);
    /// let snapshot = tracemalloc::take_snapshot().unwrap();
    /// tracemalloc::stop();
    /// let this_line = Filter::new(true, file!()).lineno(line);
    /// let kept = snapshot.filter_traces(&[this_line.into()]);
    /// assert_eq!(kept.traces().len(), 1);
    /// assert_eq!(kept.traces()[0].traceback.innermost().line, line);
    /// let rust_files = Filter::new(false, "*.rs"); // `*` matches `/` too, as in fnmatch
    /// let rest = snapshot.filter_traces(&[rust_files.into()]);
    /// let files = rest.traces().iter().map(|trace| trace.traceback.innermost().file);
    /// assert!(files.into_iter().all(|file| !file.ends_with(".rs")));
    /// # drop((here, there));
    /// ```
    pub fn filter_traces(&self, filters: &[TraceFilter]) -> Snapshot {
        let (include, exclude): (Vec<&TraceFilter>, Vec<&TraceFilter>) =
            filters.iter().partition(|filter| filter.inclusive());
        let kept = |trace: &&Trace| {
            (include.is_empty() || include.iter().any(|filter| filter.matches(trace)))
                && exclude.iter().all(|filter| filter.matches(trace))
        };
        Snapshot {
            traces: self.traces.iter().filter(kept).cloned().collect(),
            traceback_limit: self.traceback_limit,
        }
    }

    /// Size and count per key; `cumulative`: each frame of a traceback counts its block
    /// (twice for a frame there twice, as CPython counts).
    fn grouped(
        &self,
        key_type: KeyType,
        cumulative: bool,
    ) -> Result<HashMap<Traceback, (usize, usize)>, CumulativeTraceback> {
        if cumulative && key_type == KeyType::Traceback {
            return Err(CumulativeTraceback);
        }
        // By the traces' own tracebacks first: few, shared by many traces.
        let mut by_traceback: HashMap<&Traceback, (usize, usize)> = HashMap::new();
        for trace in self.traces.iter() {
            let entry = by_traceback.entry(&trace.traceback).or_default();
            entry.0 += trace.size;
            entry.1 += 1;
        }
        let mut groups: HashMap<Traceback, (usize, usize)> = HashMap::new();
        let mut add = |key: Traceback, (size, count): (usize, usize)| {
            let entry = groups.entry(key).or_default();
            entry.0 += size;
            entry.1 += count;
        };
        for (traceback, sums) in by_traceback {
            if cumulative {
                for &site in traceback.frames() {
                    add(key_type.frame_key(site), sums);
                }
            } else {
                add(key_type.key(traceback), sums);
            }
        }
        Ok(groups)
    }

    /// The allocations grouped by line, file or traceback, the biggest first (by size,
    /// then count, then key, all descending: CPython's order).
    pub fn statistics(&self, key_type: KeyType) -> Vec<Statistic> {
        self.statistics_of(key_type, false)
            .unwrap_or_else(|CumulativeTraceback| Vec::new())
    }

    /// `statistics(key_type, cumulative=True)`: each block counts for every frame of its
    /// traceback, not only the innermost (a function's line that calls the line making
    /// the objects counts them too). [`KeyType::Traceback`] is refused, as by CPython.
    ///
    /// ```
    /// use pyobj::tracemalloc::{self, KeyType};
    ///
    /// let snapshot = tracemalloc::Snapshot::default();
    /// assert!(snapshot.cumulative_statistics(KeyType::Lineno).unwrap().is_empty());
    /// assert_eq!(
    ///     snapshot.cumulative_statistics(KeyType::Traceback).unwrap_err().to_string(),
    ///     "cumulative mode cannot by used with key type 'traceback'"
    /// );
    /// ```
    pub fn cumulative_statistics(
        &self,
        key_type: KeyType,
    ) -> Result<Vec<Statistic>, CumulativeTraceback> {
        self.statistics_of(key_type, true)
    }

    fn statistics_of(
        &self,
        key_type: KeyType,
        cumulative: bool,
    ) -> Result<Vec<Statistic>, CumulativeTraceback> {
        let mut stats: Vec<Statistic> = self
            .grouped(key_type, cumulative)?
            .into_iter()
            .map(|(traceback, (size, count))| Statistic {
                traceback,
                size,
                count,
            })
            .collect();
        stats.sort_by(|a, b| (b.size, b.count, &b.traceback).cmp(&(a.size, a.count, &a.traceback)));
        Ok(stats)
    }

    /// Each line's (file's, traceback's) allocations here and their change since `old`,
    /// the biggest change first (by the absolute size change, size, absolute count
    /// change, count, then key, all descending: CPython's order). A key only in `old`
    /// shows size and count 0.
    pub fn compare_to(&self, old: &Snapshot, key_type: KeyType) -> Vec<StatisticDiff> {
        self.compare_to_of(old, key_type, false)
            .unwrap_or_else(|CumulativeTraceback| Vec::new())
    }

    /// `compare_to(old, key_type, cumulative=True)`: [`compare_to`](Snapshot::compare_to)
    /// of [`cumulative_statistics`](Snapshot::cumulative_statistics).
    pub fn cumulative_compare_to(
        &self,
        old: &Snapshot,
        key_type: KeyType,
    ) -> Result<Vec<StatisticDiff>, CumulativeTraceback> {
        self.compare_to_of(old, key_type, true)
    }

    fn compare_to_of(
        &self,
        old: &Snapshot,
        key_type: KeyType,
        cumulative: bool,
    ) -> Result<Vec<StatisticDiff>, CumulativeTraceback> {
        let new = self.grouped(key_type, cumulative)?;
        let mut old = old.grouped(key_type, cumulative)?;
        let signed = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let mut diffs: Vec<StatisticDiff> = new
            .into_iter()
            .map(|(traceback, (size, count))| {
                let (old_size, old_count) = old.remove(&traceback).unwrap_or((0, 0));
                StatisticDiff {
                    traceback,
                    size,
                    size_diff: signed(size) - signed(old_size),
                    count,
                    count_diff: signed(count) - signed(old_count),
                }
            })
            .collect();
        diffs.extend(
            old.into_iter()
                .map(|(traceback, (size, count))| StatisticDiff {
                    traceback,
                    size: 0,
                    size_diff: -signed(size),
                    count: 0,
                    count_diff: -signed(count),
                }),
        );
        let key = |d: &StatisticDiff| {
            (
                d.size_diff.unsigned_abs(),
                d.size,
                d.count_diff.unsigned_abs(),
                d.count,
            )
        };
        diffs.sort_by(|a, b| (key(b), &b.traceback).cmp(&(key(a), &a.traceback)));
        Ok(diffs)
    }
}

/// CPython's `tracemalloc._format_size`: `512 B`, `32.4 KiB`, `15 MiB`; with `sign`, a
/// leading `+` or `-`.
pub fn format_size(size: f64, sign: bool) -> String {
    let mut size = size;
    for unit in ["B", "KiB", "MiB", "GiB", "TiB"] {
        if size.abs() < 100.0 && unit != "B" {
            return if sign {
                format!("{size:+.1} {unit}")
            } else {
                format!("{size:.1} {unit}")
            };
        }
        if size.abs() < 10.0 * 1024.0 || unit == "TiB" {
            return if sign {
                format!("{size:+.0} {unit}")
            } else {
                format!("{size:.0} {unit}")
            };
        }
        size /= 1024.0;
    }
    unreachable!("the last unit returns")
}

/// A byte count as a float, for [`format_size`] (exact up to 2^53 bytes).
#[allow(clippy::cast_precision_loss)]
pub(crate) fn as_f64(n: usize) -> f64 {
    n as f64
}

/// [`as_f64`] of a signed change.
#[allow(clippy::cast_precision_loss)]
fn signed_f64(n: i64) -> f64 {
    n as f64
}

/// `, average=33 B` (nothing for no blocks), as CPython ends both statistics.
fn write_average(f: &mut fmt::Formatter<'_>, size: usize, count: usize) -> fmt::Result {
    if count == 0 {
        return Ok(());
    }
    let average = as_f64(size) / as_f64(count);
    write!(f, ", average={}", format_size(average, false))
}

/// CPython's `str(statistic)`: `file:line: size=32.4 KiB, count=999, average=33 B`.
impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = format_size(as_f64(self.size), false);
        write!(f, "{}: size={size}, count={}", self.traceback, self.count)?;
        write_average(f, self.size, self.count)
    }
}

/// CPython's `str(statistic_diff)`: `file:line: size=15.8 KiB (+15.8 KiB), count=502
/// (+502), average=32 B`.
impl fmt::Display for StatisticDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = format_size(as_f64(self.size), false);
        let diff = format_size(signed_f64(self.size_diff), true);
        write!(
            f,
            "{}: size={size} ({diff}), count={} ({:+})",
            self.traceback, self.count, self.count_diff
        )?;
        write_average(f, self.size, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gc;

    #[test]
    fn traced_blocks_come_and_go_with_their_objects() {
        start();
        let line = line!() + 1;
        let small = Gc::new([0u8; 20]); // 16 + 20 bytes: a 48-byte block
        let large = Gc::new([0u64; 100]); // 816 bytes: past the pools
        let snapshot = take_snapshot().unwrap();
        let here = |line| Site {
            file: file!(),
            line,
        };
        let traces: Vec<(Site, usize)> = snapshot
            .traces()
            .iter()
            .map(|trace| (trace.traceback.innermost(), trace.size))
            .collect();
        assert_eq!(traces, [(here(line), 48), (here(line + 1), 816)]);
        assert_eq!(get_traced_memory(), (864, 864));
        drop(small);
        assert_eq!(get_traced_memory(), (816, 864));
        clear_traces();
        drop(large);
        assert_eq!(get_traced_memory(), (0, 0));
        stop();
        assert_eq!(take_snapshot(), Err(NotTracing));
    }

    #[test]
    fn untraced_frees_are_ignored_and_start_and_stop_keep_the_pools_counts() {
        let blocks = || with_heap(|heap| heap.pools.blocks_in_use());
        let check_stats = || {
            let stats = crate::pool::stats();
            assert_eq!(stats.total_bytes(), stats.arena_bytes());
            let in_use: usize = stats.classes.iter().map(|c| c.blocks_in_use).sum();
            assert_eq!(in_use, blocks());
        };
        let base = blocks();
        let old: Vec<Gc<u64>> = (0..100).map(|i| Gc::new(i)).collect(); // 32-byte blocks
        assert_eq!(blocks(), base + 100);
        start();
        let mut new: Vec<Gc<u64>> = (0..50).map(|i| Gc::new(i)).collect();
        assert_eq!(get_traced_memory(), (50 * 32, 50 * 32));
        assert_eq!(blocks(), base + 150);
        check_stats();
        drop(old);
        assert_eq!(
            get_traced_memory(),
            (50 * 32, 50 * 32),
            "blocks made before start are not forgotten: they were never traced"
        );
        assert_eq!(blocks(), base + 50);
        let rest = new.split_off(25);
        drop(new);
        assert_eq!(get_traced_memory(), (25 * 32, 50 * 32));
        let again: Vec<Gc<u64>> = (0..10).map(|i| Gc::new(i)).collect();
        assert_eq!(
            get_traced_memory(),
            (35 * 32, 50 * 32),
            "freed blocks reused"
        );
        check_stats();
        stop();
        assert_eq!(get_traced_memory(), (0, 0));
        let after: Vec<Gc<u64>> = (0..10).map(|i| Gc::new(i)).collect();
        drop(rest);
        drop(again);
        assert_eq!(get_traced_memory(), (0, 0));
        assert_eq!(blocks(), base + 10);
        check_stats();
        start();
        let traced = Gc::new(7u64);
        drop(after);
        assert_eq!(get_traced_memory(), (32, 32), "made before this start");
        drop(traced);
        assert_eq!(get_traced_memory(), (0, 32));
        stop();
        assert_eq!(blocks(), base);
        check_stats();
    }

    #[test]
    fn sizes_are_formatted_as_cpython_formats_them() {
        // From CPython 3.11: tracemalloc._format_size(n, sign) for each.
        let cases: [(f64, bool, &str); 10] = [
            (0.0, false, "0 B"),
            (0.0, true, "+0 B"),
            (33.125, false, "33 B"),
            (2.5, false, "2 B"),
            (10239.0, false, "10239 B"),
            (10240.0, false, "10.0 KiB"),
            (33128.0, false, "32.4 KiB"),
            (-16160.0, true, "-15.8 KiB"),
            (102_400.0, false, "100 KiB"),
            (
                5.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0 * 2000.0,
                false,
                "10000 TiB",
            ),
        ];
        for (size, sign, text) in cases {
            assert_eq!(format_size(size, sign), text, "{size} {sign}");
        }
    }
}
