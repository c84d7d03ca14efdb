//! The workloads W1-W8, written once against [`Subject`] and run for every Rust
//! implementation (pyobj and its peers) but gc-arena, whose handles exist only inside
//! `Arena::mutate` (`subjects.rs` has its copy). CPython runs the same workloads from
//! `workloads.py`, which mirrors this file function by function.
//!
//! Every workload runs in a fresh child process and returns one number: nanoseconds per
//! object (or per operation, for W3), or bytes per object (W7).

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One workload of the comparison (a row of the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Workload {
    /// `new` + drop of small nodes, one at a time.
    W1,
    /// Nodes pushed into a `Vec`, then all dropped.
    W2,
    /// `clone` + drop of one handle, many times.
    W3,
    /// Two-node cycles: handles dropped, full collection timed.
    W4,
    /// One ring of nodes: handle dropped, full collection timed.
    W5,
    /// Young collection of threshold-many fresh nodes in cycles, no old objects.
    W6Empty,
    /// The same, with many old live objects around.
    W6Old,
    /// Bytes per live node (payload: `i64` + a cell holding an optional handle).
    W7,
    /// Bytes per live node with a 16-byte payload (`i64` + an optional handle).
    W7Small,
    /// `pyblock!` against CPython: `x = [i]`, a million times.
    W8a,
    /// `pyblock!` against CPython: two-instance cycles of a class, then `gc.collect()`.
    W8b,
    /// `pyblock!` against CPython: the seed's level-8 `make_list()`, a million calls.
    W8c,
    /// `pyblock!` against CPython: a dict of str keys built, then deleted.
    W8d,
}

impl Workload {
    /// Every workload, in table order.
    pub(crate) const ALL: [Workload; 13] = [
        Workload::W1,
        Workload::W2,
        Workload::W3,
        Workload::W4,
        Workload::W5,
        Workload::W6Empty,
        Workload::W6Old,
        Workload::W7,
        Workload::W7Small,
        Workload::W8a,
        Workload::W8b,
        Workload::W8c,
        Workload::W8d,
    ];

    /// The name used on the command line and in the child protocol.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Workload::W1 => "W1",
            Workload::W2 => "W2",
            Workload::W3 => "W3",
            Workload::W4 => "W4",
            Workload::W5 => "W5",
            Workload::W6Empty => "W6-empty",
            Workload::W6Old => "W6-old",
            Workload::W7 => "W7",
            Workload::W7Small => "W7-16",
            Workload::W8a => "W8-a",
            Workload::W8b => "W8-b",
            Workload::W8c => "W8-c",
            Workload::W8d => "W8-d",
        }
    }

    /// Looks a workload up by [`Workload::name`] (case-insensitive).
    pub(crate) fn from_name(name: &str) -> Option<Workload> {
        Workload::ALL
            .into_iter()
            .find(|workload| workload.name().eq_ignore_ascii_case(name))
    }

    /// Whether `selector` (from `--only`) picks this workload: its exact name, or a prefix
    /// such as `W6` for both W6 rows and `W7` for both W7 rows.
    pub(crate) fn matches(self, selector: &str) -> bool {
        let name = self.name();
        name.eq_ignore_ascii_case(selector)
            || name
                .to_ascii_lowercase()
                .starts_with(&format!("{}-", selector.to_ascii_lowercase()))
    }

    /// Whether the row runs Python source (`pyblock!` against CPython).
    pub(crate) fn is_python(self) -> bool {
        matches!(
            self,
            Workload::W8a | Workload::W8b | Workload::W8c | Workload::W8d
        )
    }

    /// What the row measures, for the table.
    pub(crate) fn describe(self, sizes: &Sizes) -> String {
        let n = |count: usize| group(count);
        match self {
            Workload::W1 => format!("new+drop, {} nodes (ns/node)", n(sizes.churn)),
            Workload::W2 => format!("{} nodes into a Vec, drop all (ns/node)", n(sizes.churn)),
            Workload::W3 => format!("clone+drop x {} (ns/op)", n(sizes.clones)),
            Workload::W4 => format!(
                "full collection, {} 2-node cycles (ns/node)",
                n(sizes.pairs)
            ),
            Workload::W5 => format!("full collection, ring of {} (ns/node)", n(sizes.ring)),
            Workload::W6Empty => format!(
                "young collection, {} fresh nodes, 0 old (ns/node)",
                n(YOUNG_NODES)
            ),
            Workload::W6Old => format!(
                "young collection, {} fresh nodes, {} old (ns/node)",
                n(YOUNG_NODES),
                n(sizes.old)
            ),
            Workload::W7 => format!("{} live nodes, RSS (bytes/node)", n(sizes.live)),
            Workload::W7Small => format!(
                "{} live nodes, 16-byte payload, RSS (bytes/node)",
                n(sizes.live)
            ),
            Workload::W8a => format!("pyblock!: `x = [i]` x {} (ns/iteration)", n(sizes.churn)),
            Workload::W8b => format!(
                "pyblock!: {} 2-instance cycles + gc.collect() (ns/instance)",
                n(sizes.pairs)
            ),
            Workload::W8c => format!("pyblock!: make_list() x {} (ns/call)", n(sizes.churn)),
            Workload::W8d => format!(
                "pyblock!: dict of {} str keys, built and deleted (ns/key)",
                n(sizes.pairs)
            ),
        }
    }
}

/// `1234567` as `1,234,567`.
pub(crate) fn group(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Fresh nodes per young collection in W6: pyobj's `gc::get_threshold().0` (2000, as
/// CPython 3.13), i.e. 1000 two-node cycles. The same count is used for every subject so
/// that nanoseconds per node compare like with like.
pub(crate) const YOUNG_NODES: usize = 2000;

/// How many objects each workload uses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sizes {
    /// W1, W2: nodes.
    pub(crate) churn: usize,
    /// W3: clone+drop operations.
    pub(crate) clones: usize,
    /// W4: two-node cycles.
    pub(crate) pairs: usize,
    /// W5: nodes in the ring.
    pub(crate) ring: usize,
    /// W6-old: old live objects.
    pub(crate) old: usize,
    /// W6: timed young collections per process (the process reports their median).
    pub(crate) young_reps: usize,
    /// W7: live nodes.
    pub(crate) live: usize,
}

impl Sizes {
    /// The sizes of the issue (`quick == false`), or small ones for a smoke test.
    pub(crate) fn new(quick: bool) -> Sizes {
        if quick {
            Sizes {
                churn: 10_000,
                clones: 100_000,
                pairs: 1_000,
                ring: 10_000,
                old: 100_000,
                young_reps: 3,
                live: 100_000,
            }
        } else {
            Sizes {
                churn: 1_000_000,
                clones: 10_000_000,
                pairs: 100_000,
                ring: 1_000_000,
                old: 10_000_000,
                young_reps: 7,
                live: 1_000_000,
            }
        }
    }
}

/// What one run of a workload in a child process found.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// Nanoseconds per object (or per operation), or bytes per object.
    Value {
        /// The number of the table.
        value: f64,
        /// Extra facts for the report (e.g. pool bytes per node).
        extra: Vec<String>,
    },
    /// The subject cannot run this workload, and why.
    NotApplicable(String),
}

impl Outcome {
    fn value(value: f64) -> Outcome {
        Outcome::Value {
            value,
            extra: Vec::new(),
        }
    }
}

/// An implementation being compared: a node type with the same shape for everyone, and
/// the way its collector is driven.
///
/// `Node` is `{ value: i64, next: <cell>(Option<handle>) }`; `Small` is
/// `{ value: i64, next: Option<handle> }` (16 bytes of payload where the handle is one
/// pointer wide and its `Option` uses the niche).
pub(crate) trait Subject {
    /// A handle to a node.
    type Node: Clone;
    /// A handle to a node with a 16-byte payload (no cell).
    type Small;

    /// A new node holding `value` and no handle.
    fn new(value: i64) -> Self::Node;
    /// The node's value (read so that the node is used).
    fn value(node: &Self::Node) -> i64;
    /// `from.next = Some(next)`, moving the handle in.
    fn set_next(from: &Self::Node, next: Self::Node);
    /// `from.next = Some(to.clone())`.
    fn link(from: &Self::Node, to: &Self::Node) {
        Self::set_next(from, to.clone());
    }
    /// `from.next.take()`.
    fn take_next(node: &Self::Node) -> Option<Self::Node>;
    /// A new 16-byte-payload node.
    fn new_small(value: i64, next: Option<Self::Small>) -> Self::Small;
    /// `size_of` of the two payloads, for the report.
    fn payload_sizes() -> (usize, usize);

    /// Turns automatic collection off, so that garbage made for a timed collection is
    /// still there when the timer starts.
    fn disable_automatic() {}
    /// A full collection; returns the number of objects freed when the crate says.
    fn collect_full() -> Option<usize>;
    /// A young collection (generation 0); subjects without generations do a full one.
    fn collect_young() -> Option<usize> {
        Self::collect_full()
    }
    /// Makes the objects alive now "old" (pyobj: one full collection).
    fn age_objects() {
        Self::collect_full();
    }

    /// Frees the cycles reachable from `roots` and returns the time the freeing took.
    ///
    /// For a collector: the handles are dropped (untimed), then the collection is timed.
    /// `std::rc::Rc` overrides this to break the cycles by hand, timed.
    fn free_cycles(roots: Vec<Self::Node>, young: bool, expected: usize) -> Duration {
        drop(roots);
        let start = Instant::now();
        let freed = if young {
            Self::collect_young()
        } else {
            Self::collect_full()
        };
        let elapsed = start.elapsed();
        if let Some(freed) = freed
            && freed < expected
        {
            eprintln!("warning: the collection freed {freed} objects, expected {expected}");
        }
        elapsed
    }

    /// Bytes of object blocks in use, when the subject has its own pools.
    fn pool_bytes() -> Option<usize> {
        None
    }

    /// Why the subject cannot run `workload`, if it cannot: only pyobj (and CPython)
    /// run Python source, the W8 rows.
    fn not_applicable(workload: Workload) -> Option<String> {
        workload.is_python().then(|| "runs no Python".to_string())
    }
}

/// Breaks the cycles reachable from `roots` by hand, as `Rc` code must: walks each
/// chain, taking every `next` (iteratively, so a long ring frees on a small stack).
pub(crate) fn unlink_by_hand<S: Subject>(roots: Vec<S::Node>) -> Duration {
    let start = Instant::now();
    for root in roots {
        let mut current = root;
        while let Some(next) = S::take_next(&current) {
            current = next;
        }
    }
    start.elapsed()
}

/// Nanoseconds per object.
pub(crate) fn per(elapsed: Duration, count: usize) -> f64 {
    elapsed.as_nanos() as f64 / count as f64
}

/// The median of `reps` samples of `sample`.
pub(crate) fn median_of(reps: usize, mut sample: impl FnMut() -> f64) -> f64 {
    let mut samples: Vec<f64> = (0..reps).map(|_| sample()).collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Runs `workload` for `S` once and reports its number.
pub(crate) fn run<S: Subject>(workload: Workload, sizes: &Sizes) -> Outcome {
    if let Some(reason) = S::not_applicable(workload) {
        return Outcome::NotApplicable(reason);
    }
    match workload {
        Workload::W1 => Outcome::value(w1::<S>(sizes.churn)),
        Workload::W2 => Outcome::value(w2::<S>(sizes.churn)),
        Workload::W3 => Outcome::value(w3::<S>(sizes.clones)),
        Workload::W4 => Outcome::value(w4::<S>(sizes.pairs)),
        Workload::W5 => Outcome::value(w5::<S>(sizes.ring)),
        Workload::W6Empty => Outcome::value(w6::<S>(0, sizes.young_reps)),
        Workload::W6Old => Outcome::value(w6::<S>(sizes.old, sizes.young_reps)),
        Workload::W7 => w7::<S>(sizes.live),
        Workload::W7Small => w7_small::<S>(sizes.live),
        Workload::W8a => Outcome::value(w8a(sizes.churn)),
        Workload::W8b => Outcome::value(w8b(sizes.pairs)),
        Workload::W8c => Outcome::value(w8c(sizes.churn)),
        Workload::W8d => Outcome::value(w8d(sizes.pairs)),
    }
}

/// W1: `new` + drop, one node at a time.
fn w1<S: Subject>(count: usize) -> f64 {
    let start = Instant::now();
    for i in 0..count {
        let node = S::new(i as i64);
        black_box(S::value(black_box(&node)));
    }
    per(start.elapsed(), count)
}

/// W2: `count` nodes into a `Vec`, then drop them all.
fn w2<S: Subject>(count: usize) -> f64 {
    let start = Instant::now();
    let mut nodes = Vec::with_capacity(count);
    for i in 0..count {
        nodes.push(S::new(i as i64));
    }
    black_box(&nodes);
    drop(nodes);
    per(start.elapsed(), count)
}

/// W3: `count` clone + drop of one handle.
fn w3<S: Subject>(count: usize) -> f64 {
    let node = S::new(1);
    let start = Instant::now();
    for _ in 0..count {
        let clone = black_box(&node).clone();
        black_box(&clone);
        drop(clone);
    }
    let elapsed = start.elapsed();
    black_box(S::value(&node));
    per(elapsed, count)
}

/// Builds `pairs` two-node cycles and keeps one handle to each.
fn make_pairs<S: Subject>(pairs: usize) -> Vec<S::Node> {
    let mut roots = Vec::with_capacity(pairs);
    for i in 0..pairs {
        let a = S::new(2 * i as i64);
        let b = S::new(2 * i as i64 + 1);
        S::link(&a, &b);
        S::link(&b, &a);
        roots.push(a);
    }
    roots
}

/// W4: `pairs` two-node cycles, handles dropped, full collection timed.
fn w4<S: Subject>(pairs: usize) -> f64 {
    S::disable_automatic();
    let roots = make_pairs::<S>(pairs);
    per(S::free_cycles(roots, false, 2 * pairs), 2 * pairs)
}

/// W5: one ring of `count` nodes, handle dropped, full collection timed.
///
/// The ring is built by moving handles (`node.next = head; head = node`, then
/// `first.next = head`), so that no count is decremented before the final drop.
fn w5<S: Subject>(count: usize) -> f64 {
    S::disable_automatic();
    let first = S::new(0);
    let mut head = first.clone();
    for i in 1..count {
        let node = S::new(i as i64);
        S::set_next(&node, head);
        head = node;
    }
    S::set_next(&first, head);
    per(S::free_cycles(vec![first], false, count), count)
}

/// W6: with `old` live objects made old first, `reps` times: [`YOUNG_NODES`] fresh nodes
/// in two-node cycles, handles dropped, young collection timed. Returns the median.
fn w6<S: Subject>(old: usize, reps: usize) -> f64 {
    S::disable_automatic();
    let mut survivors = Vec::with_capacity(old);
    for i in 0..old {
        survivors.push(S::new(i as i64));
    }
    S::age_objects();
    let young = median_of(reps, || {
        let roots = make_pairs::<S>(YOUNG_NODES / 2);
        per(S::free_cycles(roots, true, YOUNG_NODES), YOUNG_NODES)
    });
    black_box(&survivors);
    // The old objects are not freed: the process exits (freeing 10,000,000 objects is not
    // what is measured, and some subjects take long to do it).
    std::mem::forget(survivors);
    young
}

/// Resident memory of this process, in bytes (`/proc/self/statm`, 4 KiB pages).
pub(crate) fn rss_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// The RSS growth since `rss_before`, in bytes per object, with `extra` facts.
pub(crate) fn rss_outcome(count: usize, rss_before: Option<usize>, extra: Vec<String>) -> Outcome {
    let (Some(before), Some(after)) = (rss_before, rss_bytes()) else {
        return Outcome::NotApplicable("no /proc/self/statm".to_string());
    };
    Outcome::Value {
        value: after.saturating_sub(before) as f64 / count as f64,
        extra,
    }
}

fn bytes_outcome<S: Subject>(
    count: usize,
    rss_before: Option<usize>,
    pool_before: Option<usize>,
) -> Outcome {
    let mut extra = Vec::new();
    if let (Some(pool_before), Some(pool_after)) = (pool_before, S::pool_bytes()) {
        extra.push(format!(
            "pool={:.1}",
            (pool_after - pool_before) as f64 / count as f64
        ));
    }
    rss_outcome(count, rss_before, extra)
}

/// W7: `count` live nodes (a chain), bytes per node. Handles are moved, never cloned and
/// dropped (which would make the Bacon-Rajan-style peers buffer every node as a possible
/// cycle root). The chain is never freed (the process exits without destructors).
fn w7<S: Subject>(count: usize) -> Outcome {
    let rss_before = rss_bytes();
    let pool_before = S::pool_bytes();
    let mut head = S::new(0);
    for i in 1..count {
        let node = S::new(i as i64);
        S::set_next(&node, head);
        head = node;
    }
    black_box(&head);
    let outcome = bytes_outcome::<S>(count, rss_before, pool_before);
    std::mem::forget(head);
    outcome
}

/// W7 with a 16-byte payload: `count` live nodes, bytes per node.
fn w7_small<S: Subject>(count: usize) -> Outcome {
    let rss_before = rss_bytes();
    let pool_before = S::pool_bytes();
    let mut head = S::new_small(0, None);
    for i in 1..count {
        head = S::new_small(i as i64, Some(head));
    }
    black_box(&head);
    let outcome = bytes_outcome::<S>(count, rss_before, pool_before);
    std::mem::forget(head);
    outcome
}

// W8: the same Python source as `workloads.py`'s `W8_*` texts, compiled by `pyblock!`
// (timed from the block's start to its end, globals released included; CPython runs the
// text with `exec` on a fresh globals dict).

/// W8-a: `x = [i]`, `count` times.
fn w8a(count: usize) -> f64 {
    let n = count as i64;
    let start = Instant::now();
    pyobj::pyblock! {
        for i in range('n):
            x = [i]
    }
    .map(drop)
    .expect("W8-a runs");
    per(start.elapsed(), count)
}

/// W8-b: `count` two-instance cycles, then one full collection.
fn w8b(count: usize) -> f64 {
    let n = count as i64;
    let start = Instant::now();
    pyobj::pyblock! {
        import gc
        class Node:
            def __init__(self):
                self.other = None
        for i in range('n):
            p = Node()
            q = Node()
            p.other = q
            q.other = p
        del p, q
        gc.collect()
    }
    .map(drop)
    .expect("W8-b runs");
    per(start.elapsed(), 2 * count)
}

/// W8-c: the seed's level-8 function, called `count` times.
fn w8c(count: usize) -> f64 {
    let n = count as i64;
    let start = Instant::now();
    pyobj::pyblock! {
        def make_list():
            x = [1,2,3]
            return x
        for i in range('n):
            lst = make_list()
    }
    .map(drop)
    .expect("W8-c runs");
    per(start.elapsed(), count)
}

/// W8-d: a dict of `count` str keys built, then deleted.
fn w8d(count: usize) -> f64 {
    let n = count as i64;
    let start = Instant::now();
    pyobj::pyblock! {
        d = {}
        for i in range('n):
            d[str(i)] = i
        del d
    }
    .map(drop)
    .expect("W8-d runs");
    per(start.elapsed(), count)
}
