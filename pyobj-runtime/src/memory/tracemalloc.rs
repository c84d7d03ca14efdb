//! Allocations by line: Python's `tracemalloc` on pyobj's heap (seed level 10, leak
//! hunting).
//!
//! While tracing is on ([`start`]), every block the heap hands out is recorded with its
//! size and the place that asked for it (its [`Site`]), and forgotten when it is freed. A
//! [`Snapshot`] ([`take_snapshot`]) copies the live records; its
//! [`statistics`](Snapshot::statistics) group them by line (or by file), and
//! [`compare_to`](Snapshot::compare_to) says which lines grew between two snapshots:
//! where a leak comes from.
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
//! assert_eq!((top.site.file, top.site.line), (file!(), line));
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
//! Only the innermost place is kept (CPython's `start(nframe=1)`, its default).
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
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::panic::Location;

use crate::heap::{AddrBuild, with_heap};
use crate::pool::{ALIGNMENT, SMALL_REQUEST_THRESHOLD};

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

/// One heap's records: on or off, and the live blocks by address.
#[derive(Default)]
pub(crate) struct Traces {
    /// Tracing is on (the pools trace too, `Pools::start_tracing`; only large objects'
    /// paths test this).
    pub(crate) on: bool,
    /// Each live traced block, by address: its size and site.
    table: HashMap<usize, (usize, Site), AddrBuild>,
    /// The sum of the live traced blocks' sizes.
    current: usize,
    /// The highest `current` since tracing started or the peak was reset.
    peak: usize,
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
        let site = caller.map_or_else(current_line, Site::from_location);
        if let Some((old, _)) = self.table.insert(address, (size, site)) {
            self.current -= old;
        }
        self.current += size;
        self.peak = self.peak.max(self.current);
    }

    /// Forgets the block at `address` if it was traced.
    #[cold]
    #[inline(never)]
    pub(crate) fn freed(&mut self, address: usize) {
        if let Some((size, _)) = self.table.remove(&address) {
            self.current -= size;
        }
    }

    /// Forgets every record (the peak too).
    fn clear(&mut self) {
        self.table = HashMap::default();
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

/// Starts tracing this thread's allocations (`tracemalloc.start()`). Already tracing:
/// nothing changes.
pub fn start() {
    with_heap(|heap| {
        heap.traces.on = true;
        heap.pools.start_tracing();
    });
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
        let mut traces: Vec<(Site, usize)> = heap
            .traces
            .table
            .values()
            .map(|&(size, site)| (site, size))
            .collect();
        traces.sort_unstable();
        Ok(Snapshot { traces })
    })
}

/// How [`Snapshot::statistics`] groups the records (CPython's `key_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// By file and line (`"lineno"`; `"traceback"` is the same with one frame).
    Lineno,
    /// By file (`"filename"`): the statistic's line is 0.
    Filename,
}

impl KeyType {
    /// `"lineno"`, `"traceback"` or `"filename"`; `None` for any other name (CPython
    /// raises `ValueError: unknown key_type: 'name'`).
    pub fn from_name(name: &str) -> Option<KeyType> {
        match name {
            "lineno" | "traceback" => Some(KeyType::Lineno),
            "filename" => Some(KeyType::Filename),
            _ => None,
        }
    }

    fn key(self, site: Site) -> Site {
        match self {
            KeyType::Lineno => site,
            KeyType::Filename => Site {
                file: site.file,
                line: 0,
            },
        }
    }
}

/// The traced blocks alive when it was taken ([`take_snapshot`]): plain data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    traces: Vec<(Site, usize)>,
}

/// The allocations of one line (or file) in a snapshot (`tracemalloc.Statistic`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statistic {
    /// The line (or the file, with line 0).
    pub site: Site,
    /// Bytes of its blocks.
    pub size: usize,
    /// How many blocks.
    pub count: usize,
}

/// A line's allocations in a snapshot and how they changed since an older one
/// (`tracemalloc.StatisticDiff`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatisticDiff {
    /// The line (or the file, with line 0).
    pub site: Site,
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
    /// Each traced block: its site and size, sorted.
    pub fn traces(&self) -> &[(Site, usize)] {
        &self.traces
    }

    /// Size and count per key.
    fn grouped(&self, key_type: KeyType) -> HashMap<Site, (usize, usize)> {
        let mut groups: HashMap<Site, (usize, usize)> = HashMap::new();
        for &(site, size) in &self.traces {
            let entry = groups.entry(key_type.key(site)).or_default();
            entry.0 += size;
            entry.1 += 1;
        }
        groups
    }

    /// The allocations grouped by line or file, the biggest first (by size, then count,
    /// then site, all descending: CPython's order).
    pub fn statistics(&self, key_type: KeyType) -> Vec<Statistic> {
        let mut stats: Vec<Statistic> = self
            .grouped(key_type)
            .into_iter()
            .map(|(site, (size, count))| Statistic { site, size, count })
            .collect();
        stats.sort_by_key(|stat| std::cmp::Reverse((stat.size, stat.count, stat.site)));
        stats
    }

    /// Each line's (or file's) allocations here and their change since `old`, the
    /// biggest change first (by the absolute size change, size, absolute count change,
    /// count, then site, all descending: CPython's order). A line only in `old` shows
    /// size and count 0.
    pub fn compare_to(&self, old: &Snapshot, key_type: KeyType) -> Vec<StatisticDiff> {
        let new = self.grouped(key_type);
        let mut old = old.grouped(key_type);
        let signed = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let mut diffs: Vec<StatisticDiff> = new
            .into_iter()
            .map(|(site, (size, count))| {
                let (old_size, old_count) = old.remove(&site).unwrap_or((0, 0));
                StatisticDiff {
                    site,
                    size,
                    size_diff: signed(size) - signed(old_size),
                    count,
                    count_diff: signed(count) - signed(old_count),
                }
            })
            .collect();
        diffs.extend(old.into_iter().map(|(site, (size, count))| StatisticDiff {
            site,
            size: 0,
            size_diff: -signed(size),
            count: 0,
            count_diff: -signed(count),
        }));
        let key = |d: &StatisticDiff| {
            (
                d.size_diff.unsigned_abs(),
                d.size,
                d.count_diff.unsigned_abs(),
                d.count,
                d.site,
            )
        };
        diffs.sort_by_key(|d| std::cmp::Reverse(key(d)));
        diffs
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
fn as_f64(n: usize) -> f64 {
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
        write!(f, "{}: size={size}, count={}", self.site, self.count)?;
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
            self.site, self.count, self.count_diff
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
        assert_eq!(snapshot.traces(), [(here(line), 48), (here(line + 1), 816)]);
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
