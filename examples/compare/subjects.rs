//! The Rust implementations compared: pyobj, `std::rc::Rc` (cycles broken by hand), the
//! cycle-collecting peers gcmodule, bacon_rajan_cc, dumpster (`unsync`) and rust-cc, and
//! the tracing collectors boa_gc, rust-gc (the `gc` crate) and gc-arena.
//!
//! Every one gets the same node: an `i64` and an optional handle to another node, in a
//! `RefCell` (`Node`; boa_gc's `GcRefCell`, rust-gc's `GcCell` and gc-arena's `RefLock`,
//! the cells those crates require), and the same without the cell (`Small`, for W7-16). The
//! peers' `Trace` impls are written by hand (their derive macros would add proc-macro
//! crates to the build, syn 1 among them); each reports the one handle, as the derives
//! would.

use std::cell::RefCell;
use std::time::Duration;

use crate::workloads::{Subject, Workload, unlink_by_hand};

/// The [`Subject`] items that are the same for every handle type `$gc` (with `$gc::new`)
/// whose `Node` keeps its handle in a `$cell` (with `$cell::new` and `borrow_mut`).
macro_rules! node_operations {
    ($gc:ident, $cell:ident) => {
        type Node = $gc<Node>;
        type Small = $gc<Small>;

        fn new(value: i64) -> $gc<Node> {
            $gc::new(Node {
                value,
                next: $cell::new(None),
            })
        }
        fn value(node: &$gc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &$gc<Node>, next: $gc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &$gc<Node>) -> Option<$gc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<$gc<Small>>) -> $gc<Small> {
            let small = $gc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
    };
}

/// pyobj: `Gc<T>` on the thread's pooled heap, CPython's generational collector.
pub(crate) mod pyobj_subject {
    use super::*;
    use pyobj::{Gc, Trace, gc};

    /// The node of the comparison.
    #[derive(Trace)]
    pub(crate) struct Node {
        value: i64,
        next: RefCell<Option<Gc<Node>>>,
    }

    /// The 16-byte-payload node.
    #[derive(Trace)]
    pub(crate) struct Small {
        value: i64,
        next: Option<Gc<Small>>,
    }

    /// pyobj.
    pub(crate) struct Pyobj;

    impl Subject for Pyobj {
        node_operations!(Gc, RefCell);
        fn disable_automatic() {
            gc::disable();
        }
        fn collect_full() -> Option<usize> {
            Some(gc::collect())
        }
        fn collect_young() -> Option<usize> {
            // W6 uses as many fresh nodes as the threshold that triggers this collection.
            debug_assert_eq!(gc::get_threshold().0, crate::workloads::YOUNG_NODES);
            Some(gc::collect_generation(0).expect("generation 0 exists"))
        }
        fn pool_bytes() -> Option<usize> {
            let stats = pyobj::pool::stats();
            Some(
                stats
                    .classes
                    .iter()
                    .map(|class| class.blocks_in_use * class.size)
                    .sum(),
            )
        }

        fn not_applicable(_: Workload) -> Option<String> {
            None
        }
    }
}

/// `std::rc::Rc`: no collector; cycles are broken by hand (`next.take()` along each
/// chain), and that is what W4-W6 time.
pub(crate) mod rc_subject {
    use super::*;
    use std::rc::Rc;

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: RefCell<Option<Rc<Node>>>,
    }

    /// The 16-byte-payload node.
    pub(crate) struct Small {
        value: i64,
        #[allow(dead_code, reason = "only holds the chain together")]
        next: Option<Rc<Small>>,
    }

    /// `std::rc::Rc`.
    pub(crate) struct StdRc;

    impl Subject for StdRc {
        node_operations!(Rc, RefCell);
        fn collect_full() -> Option<usize> {
            None
        }
        fn age_objects() {}
        fn free_cycles(roots: Vec<Rc<Node>>, _young: bool, _expected: usize) -> Duration {
            unlink_by_hand::<StdRc>(roots)
        }
    }
}

/// gcmodule: `Cc<T>`, CPython's algorithm over one list of all tracked objects (no
/// generations, no automatic collection).
pub(crate) mod gcmodule_subject {
    use super::*;
    use gcmodule::{Cc, Trace, Tracer};

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: RefCell<Option<Cc<Node>>>,
    }

    impl Trace for Node {
        fn trace(&self, tracer: &mut Tracer) {
            self.next.trace(tracer);
        }
        fn is_type_tracked() -> bool {
            true
        }
    }

    /// The 16-byte-payload node.
    pub(crate) struct Small {
        value: i64,
        next: Option<Cc<Small>>,
    }

    impl Trace for Small {
        fn trace(&self, tracer: &mut Tracer) {
            self.next.trace(tracer);
        }
        fn is_type_tracked() -> bool {
            true
        }
    }

    /// gcmodule.
    pub(crate) struct Gcmodule;

    impl Subject for Gcmodule {
        node_operations!(Cc, RefCell);
        fn collect_full() -> Option<usize> {
            Some(gcmodule::collect_thread_cycles())
        }
    }
}

/// bacon_rajan_cc: `Cc<T>`, Bacon and Rajan's synchronous cycle collection over the
/// buffer of possible roots (objects whose count was decremented to non-zero).
pub(crate) mod bacon_subject {
    use super::*;
    use bacon_rajan_cc::{Cc, Trace, Tracer};

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: RefCell<Option<Cc<Node>>>,
    }

    impl Trace for Node {
        fn trace(&self, tracer: &mut Tracer) {
            self.next.trace(tracer);
        }
    }

    /// The 16-byte-payload node.
    pub(crate) struct Small {
        value: i64,
        next: Option<Cc<Small>>,
    }

    impl Trace for Small {
        fn trace(&self, tracer: &mut Tracer) {
            self.next.trace(tracer);
        }
    }

    /// bacon_rajan_cc.
    pub(crate) struct Bacon;

    impl Subject for Bacon {
        node_operations!(Cc, RefCell);
        fn collect_full() -> Option<usize> {
            bacon_rajan_cc::collect_cycles();
            None
        }
    }
}

/// dumpster's `unsync` module: `Gc<T>`, reference counting plus a scan from the
/// allocations whose count was decremented to non-zero ("dirty"); collects automatically
/// once more handles were dropped than exist.
pub(crate) mod dumpster_subject {
    use super::*;
    use dumpster::unsync::{CollectInfo, Gc};
    use dumpster::{TraceWith, Visitor};

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: RefCell<Option<Gc<Node>>>,
    }

    // SAFETY: `accept` visits the one handle the node owns, as the derive would.
    unsafe impl<V: Visitor> TraceWith<V> for Node {
        fn accept(&self, visitor: &mut V) -> Result<(), ()> {
            self.next.accept(visitor)
        }
    }

    /// The 16-byte-payload node (24 bytes here: dumpster's `Gc` is a nullable pointer in
    /// a `Cell`, so `Option<Gc>` has no niche).
    pub(crate) struct Small {
        value: i64,
        next: Option<Gc<Small>>,
    }

    // SAFETY: as for `Node`.
    unsafe impl<V: Visitor> TraceWith<V> for Small {
        fn accept(&self, visitor: &mut V) -> Result<(), ()> {
            self.next.accept(visitor)
        }
    }

    fn never(_: &CollectInfo) -> bool {
        false
    }

    /// dumpster (`unsync`).
    pub(crate) struct Dumpster;

    impl Subject for Dumpster {
        node_operations!(Gc, RefCell);
        fn disable_automatic() {
            dumpster::unsync::set_collect_condition(never);
        }
        fn collect_full() -> Option<usize> {
            dumpster::unsync::collect();
            None
        }
    }
}

/// rust-cc: `Cc<T>`, a Bacon-Rajan-style collector over possible roots, with automatic
/// collection and finalization (its default features, minus the derive macros).
pub(crate) mod rustcc_subject {
    use super::*;
    use rust_cc::{Cc, Context, Finalize, Trace};

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: RefCell<Option<Cc<Node>>>,
    }

    // SAFETY: `trace` traces the one `Cc` the node owns exclusively, and does nothing else.
    unsafe impl Trace for Node {
        fn trace(&self, ctx: &mut Context<'_>) {
            self.next.trace(ctx);
        }
    }

    impl Finalize for Node {}

    /// The 16-byte-payload node.
    pub(crate) struct Small {
        value: i64,
        next: Option<Cc<Small>>,
    }

    // SAFETY: as for `Node`.
    unsafe impl Trace for Small {
        fn trace(&self, ctx: &mut Context<'_>) {
            self.next.trace(ctx);
        }
    }

    impl Finalize for Small {}

    /// rust-cc.
    pub(crate) struct RustCc;

    impl Subject for RustCc {
        node_operations!(Cc, RefCell);
        fn disable_automatic() {
            rust_cc::config::config(|config| config.set_auto_collect(false))
                .expect("rust-cc's configuration is reachable");
        }
        fn collect_full() -> Option<usize> {
            rust_cc::collect_cycles();
            None
        }
    }
}

/// boa_gc (Boa's JavaScript engine): `Gc<T>`, a mark-and-sweep collector that finds its
/// roots by counting: each object's count of handles, less the handles stored in the heap
/// (`trace_non_roots`, a walk of every object before each collection). A dropped handle
/// frees nothing; collections run when the bytes allocated pass a threshold (1 MiB, grown
/// as the live heap grows), which cannot be turned off: W4-W6 allocate nothing between
/// dropping the handles and the timed `force_collect()`.
pub(crate) mod boa_subject {
    use super::*;
    use boa_gc::{Finalize, Gc, GcRefCell, Trace, custom_trace};

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: GcRefCell<Option<Gc<Node>>>,
    }

    /// The 16-byte-payload node.
    pub(crate) struct Small {
        value: i64,
        next: Option<Gc<Small>>,
    }

    impl Finalize for Node {}
    impl Finalize for Small {}

    // SAFETY: `custom_trace!` applies its `mark` to the one handle each node owns, as the
    // derive would; the nodes have no `Drop`.
    unsafe impl Trace for Node {
        custom_trace!(this, mark, mark(&this.next));
    }

    // SAFETY: as for `Node`.
    unsafe impl Trace for Small {
        custom_trace!(this, mark, mark(&this.next));
    }

    /// boa_gc.
    pub(crate) struct Boa;

    impl Subject for Boa {
        node_operations!(Gc, GcRefCell);
        fn collect_full() -> Option<usize> {
            boa_gc::force_collect();
            None
        }
    }
}

/// rust-gc (the `gc` crate): `Gc<T>`, mark-and-sweep from the handles that are roots (each
/// object counts the handles to it that are not stored in the heap, updated whenever a
/// handle moves into or out of a `GcCell`). A dropped handle frees nothing; collections
/// run when the bytes allocated pass a threshold (100 bytes, grown as the live heap
/// grows), turned off for W4-W6 through its `unstable-config` feature.
pub(crate) mod rustgc_subject {
    use super::*;
    use gc::{Finalize, Gc, GcCell, Trace, custom_trace};

    /// The node of the comparison.
    pub(crate) struct Node {
        value: i64,
        next: GcCell<Option<Gc<Node>>>,
    }

    /// The 16-byte-payload node.
    pub(crate) struct Small {
        value: i64,
        next: Option<Gc<Small>>,
    }

    impl Finalize for Node {}
    impl Finalize for Small {}

    // SAFETY: `custom_trace!` applies its `mark` (trace, root, unroot or finalize) to the
    // one handle each node owns, as the derive would; the nodes have no `Drop`.
    unsafe impl Trace for Node {
        custom_trace!(this, {
            // SAFETY: `mark` is unsafe in `trace`, `root` and `unroot`, which the collector
            // calls; each passes its own call on to the handle.
            unsafe { mark(&this.next) }
        });
    }

    // SAFETY: as for `Node`.
    unsafe impl Trace for Small {
        custom_trace!(this, {
            // SAFETY: as for `Node`.
            unsafe { mark(&this.next) }
        });
    }

    /// rust-gc.
    pub(crate) struct RustGc;

    impl Subject for RustGc {
        node_operations!(Gc, GcCell);
        fn disable_automatic() {
            gc::configure(|config| config.threshold = usize::MAX);
        }
        fn collect_full() -> Option<usize> {
            gc::force_collect();
            None
        }
    }
}

/// gc-arena: `Gc<'gc, T>` in an `Arena`, an incremental mark-and-sweep collector paced by
/// allocation debt (`collect_debt`), with no count of any kind. Its handles are `Copy` and
/// branded with the arena's lifetime: they exist only inside `Arena::mutate`, so the
/// generic workloads, which keep handles between calls, cannot drive it. It runs its own
/// copies of the rows it has a meaning for, step for step as in `workloads.rs`, and a
/// timed collection is a whole cycle (`Arena::finish_cycle`).
pub(crate) mod arena_subject {
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    use gc_arena::barrier::unlock;
    use gc_arena::collect::Trace;
    use gc_arena::lock::RefLock;
    use gc_arena::{Arena, Collect, Gc, Mutation, Rootable};

    use crate::workloads::{
        Outcome, Sizes, Workload, YOUNG_NODES, median_of, per, rss_bytes, rss_outcome,
    };

    /// The node of the comparison.
    pub(crate) struct Node<'gc> {
        #[allow(
            dead_code,
            reason = "the payload: the rows that read it (W1, W3) are n/a here"
        )]
        value: i64,
        next: RefLock<Option<Gc<'gc, Node<'gc>>>>,
    }

    // SAFETY: `trace` traces the one handle the node owns, as the derive would; the node
    // has no `Drop` (which could see objects freed in the same sweep).
    unsafe impl<'gc> Collect<'gc> for Node<'gc> {
        fn trace<T: Trace<'gc>>(&self, cc: &mut T) {
            cc.trace(&self.next);
        }
    }

    /// The 16-byte-payload node.
    pub(crate) struct Small<'gc> {
        value: i64,
        next: Option<Gc<'gc, Small<'gc>>>,
    }

    // SAFETY: as for `Node`.
    unsafe impl<'gc> Collect<'gc> for Small<'gc> {
        fn trace<T: Trace<'gc>>(&self, cc: &mut T) {
            cc.trace(&self.next);
        }
    }

    /// An arena whose root is a list of live nodes (W6's old objects, empty elsewhere).
    type Heap = Arena<Rootable![Vec<Gc<'_, Node<'_>>>]>;

    fn new<'gc>(mc: &Mutation<'gc>, value: i64) -> Gc<'gc, Node<'gc>> {
        Gc::new(
            mc,
            Node {
                value,
                next: RefLock::new(None),
            },
        )
    }

    /// `from.next = Some(next)`, through the write barrier.
    fn set_next<'gc>(mc: &Mutation<'gc>, from: Gc<'gc, Node<'gc>>, next: Gc<'gc, Node<'gc>>) {
        *unlock!(Gc::write(mc, from), Node, next).borrow_mut() = Some(next);
    }

    /// `pairs` two-node cycles, made in one `mutate` and unreachable once it returns.
    fn make_pairs(arena: &Heap, pairs: usize) {
        arena.mutate(|mc, _| {
            for i in 0..pairs {
                let a = new(mc, 2 * i as i64);
                let b = new(mc, 2 * i as i64 + 1);
                set_next(mc, a, b);
                set_next(mc, b, a);
                black_box(a);
            }
        });
    }

    /// A whole collection cycle, timed.
    fn collect_full(arena: &mut Heap) -> Duration {
        let start = Instant::now();
        arena.finish_cycle();
        start.elapsed()
    }

    /// The payload sizes `(Node, Small)`, for the report.
    pub(crate) fn payload_sizes() -> (usize, usize) {
        (size_of::<Node<'static>>(), size_of::<Small<'static>>())
    }

    /// Runs `workload` once and reports its number.
    pub(crate) fn run(workload: Workload, sizes: &Sizes) -> Outcome {
        let not_applicable = |reason: &str| Outcome::NotApplicable(reason.to_string());
        let mut arena = Heap::new(|_| Vec::new());
        let value = match workload {
            Workload::W1 => {
                return not_applicable(
                    "no count: a `Gc` is `Copy` and dropping it frees nothing (W2 times allocation plus the collection that frees)",
                );
            }
            Workload::W3 => {
                return not_applicable("a `Gc` is `Copy`: a clone is a pointer copy, no count");
            }
            Workload::W2 => {
                let count = sizes.churn;
                let start = Instant::now();
                arena.mutate(|mc, _| {
                    let mut nodes = Vec::with_capacity(count);
                    for i in 0..count {
                        nodes.push(new(mc, i as i64));
                    }
                    black_box(&nodes);
                });
                arena.finish_cycle();
                per(start.elapsed(), count)
            }
            Workload::W4 => {
                make_pairs(&arena, sizes.pairs);
                per(collect_full(&mut arena), 2 * sizes.pairs)
            }
            Workload::W5 => {
                arena.mutate(|mc, _| {
                    let first = new(mc, 0);
                    let mut head = first;
                    for i in 1..sizes.ring {
                        let node = new(mc, i as i64);
                        set_next(mc, node, head);
                        head = node;
                    }
                    set_next(mc, first, head);
                });
                per(collect_full(&mut arena), sizes.ring)
            }
            Workload::W6Empty | Workload::W6Old => {
                let old = if workload == Workload::W6Old {
                    sizes.old
                } else {
                    0
                };
                arena.mutate_root(|mc, survivors| {
                    survivors.extend((0..old).map(|i| new(mc, i as i64)));
                });
                arena.finish_cycle();
                let young = median_of(sizes.young_reps, || {
                    make_pairs(&arena, YOUNG_NODES / 2);
                    per(collect_full(&mut arena), YOUNG_NODES)
                });
                // The old objects are not freed (as in `workloads::w6`).
                std::mem::forget(arena);
                young
            }
            Workload::W7 => {
                let rss_before = rss_bytes();
                return arena.mutate(|mc, _| {
                    let mut head = new(mc, 0);
                    for i in 1..sizes.live {
                        let node = new(mc, i as i64);
                        set_next(mc, node, head);
                        head = node;
                    }
                    black_box(head);
                    rss_outcome(sizes.live, rss_before, Vec::new())
                });
            }
            Workload::W7Small => {
                let rss_before = rss_bytes();
                return arena.mutate(|mc, _| {
                    let mut head = Gc::new(
                        mc,
                        Small {
                            value: 0,
                            next: None,
                        },
                    );
                    for i in 1..sizes.live {
                        let next = Some(head);
                        head = Gc::new(
                            mc,
                            Small {
                                value: i as i64,
                                next,
                            },
                        );
                        black_box(head.value);
                    }
                    rss_outcome(sizes.live, rss_before, Vec::new())
                });
            }
            Workload::W8a | Workload::W8b | Workload::W8c | Workload::W8d => {
                return not_applicable("runs no Python");
            }
        };
        Outcome::Value {
            value,
            extra: Vec::new(),
        }
    }
}

/// A subject by its command-line name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Which {
    /// pyobj.
    Pyobj,
    /// `std::rc::Rc`.
    Rc,
    /// gcmodule.
    Gcmodule,
    /// bacon_rajan_cc.
    Bacon,
    /// dumpster (`unsync`).
    Dumpster,
    /// rust-cc.
    RustCc,
    /// boa_gc.
    Boa,
    /// rust-gc (the `gc` crate).
    RustGc,
    /// gc-arena.
    Arena,
    /// CPython, through `python3` and `workloads.py`.
    CPython,
}

impl Which {
    /// Every subject, in column order (pyobj first: the ratios are to it).
    pub(crate) const ALL: [Which; 10] = [
        Which::Pyobj,
        Which::Rc,
        Which::Gcmodule,
        Which::Bacon,
        Which::Dumpster,
        Which::RustCc,
        Which::Boa,
        Which::RustGc,
        Which::Arena,
        Which::CPython,
    ];

    /// The command-line name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Which::Pyobj => "pyobj",
            Which::Rc => "rc",
            Which::Gcmodule => "gcmodule",
            Which::Bacon => "bacon_rajan_cc",
            Which::Dumpster => "dumpster",
            Which::RustCc => "rust-cc",
            Which::Boa => "boa_gc",
            Which::RustGc => "rust-gc",
            Which::Arena => "gc-arena",
            Which::CPython => "cpython",
        }
    }

    /// The column title.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Which::Pyobj => "pyobj",
            Which::Rc => "std Rc",
            Which::Gcmodule => "gcmodule 0.3.3",
            Which::Bacon => "bacon_rajan_cc 0.4.0",
            Which::Dumpster => "dumpster 2.1.0",
            Which::RustCc => "rust-cc 0.6.2",
            Which::Boa => "boa_gc 0.22.0",
            Which::RustGc => "rust-gc (gc 0.5.1)",
            Which::Arena => "gc-arena 0.7.0",
            Which::CPython => "CPython",
        }
    }

    /// Looks a subject up by [`Which::name`].
    pub(crate) fn from_name(name: &str) -> Option<Which> {
        Which::ALL
            .into_iter()
            .find(|which| which.name().eq_ignore_ascii_case(name))
    }

    /// A footnote for this subject's cell in `workload`'s row, if it needs one.
    pub(crate) fn note(self, workload: Workload) -> Option<&'static str> {
        use Workload::*;
        match (self, workload) {
            (Which::Pyobj, W2) => Some(
                "pyobj: includes the collections that the live tracked nodes trigger (threshold 2000): part of its real cost",
            ),
            (Which::Rc, W4 | W5 | W6Empty | W6Old) => Some(
                "std Rc: no collector; time to break the cycles by hand (`next.take()` along each chain) and free them",
            ),
            (
                Which::Gcmodule
                | Which::Bacon
                | Which::Dumpster
                | Which::RustCc
                | Which::Boa
                | Which::RustGc
                | Which::Arena,
                W6Empty | W6Old,
            ) => Some(
                "no generations: the crate's only (full) collection, timed on the same garbage",
            ),
            (Which::Boa | Which::RustGc, W1 | W2) => Some(
                "boa_gc, rust-gc: tracing, a dropped handle frees nothing; includes the collections the allocations trigger (default thresholds)",
            ),
            (Which::Arena, W2) => Some(
                "gc-arena: the fill in one `mutate`, then `finish_cycle()` (a full collection) frees the nodes: no count, no freeing at drop",
            ),
            (Which::Arena, W4 | W5) => {
                Some("gc-arena: `finish_cycle()`, a whole incremental cycle run at once")
            }
            (Which::RustGc, W7Small) => Some(
                "rust-gc: its `Gc` is a pointer in a `Cell` (the root flag is in it), so `Option<Gc>` has no niche and the \"16-byte\" payload is 24 bytes",
            ),
            (Which::Dumpster, W7Small) => {
                Some("dumpster: `Option<Gc>` has no niche, so its \"16-byte\" payload is 24 bytes")
            }
            (Which::CPython, W1 | W2 | W3) => Some(
                "CPython: an interpreted loop; `Node` is a class with `__slots__`, its value an int object (cached only up to 256)",
            ),
            (Which::CPython, W6Empty | W6Old) => Some(
                "CPython: `gc.collect(0)` on the same 2000 fresh nodes (its own threshold0 is 700 in 3.11, 2000 in 3.13)",
            ),
            (Which::CPython, W7 | W7Small) => Some(
                "CPython: object with 2 slots (+16-byte GC header), plus an int object per node for values > 256",
            ),
            _ => None,
        }
    }
}

/// Runs `workload` in this process for the Rust subject `which`.
pub(crate) fn run_rust(
    which: Which,
    workload: Workload,
    sizes: &crate::workloads::Sizes,
) -> crate::workloads::Outcome {
    use crate::workloads::run;
    match which {
        Which::Pyobj => run::<pyobj_subject::Pyobj>(workload, sizes),
        Which::Rc => run::<rc_subject::StdRc>(workload, sizes),
        Which::Gcmodule => run::<gcmodule_subject::Gcmodule>(workload, sizes),
        Which::Bacon => run::<bacon_subject::Bacon>(workload, sizes),
        Which::Dumpster => run::<dumpster_subject::Dumpster>(workload, sizes),
        Which::RustCc => run::<rustcc_subject::RustCc>(workload, sizes),
        Which::Boa => run::<boa_subject::Boa>(workload, sizes),
        Which::RustGc => run::<rustgc_subject::RustGc>(workload, sizes),
        Which::Arena => arena_subject::run(workload, sizes),
        Which::CPython => unreachable!("CPython runs in python3"),
    }
}

/// The payload sizes `(Node, Small)` of a Rust subject, for the report.
pub(crate) fn payload_sizes(which: Which) -> Option<(usize, usize)> {
    Some(match which {
        Which::Pyobj => <pyobj_subject::Pyobj as Subject>::payload_sizes(),
        Which::Rc => <rc_subject::StdRc as Subject>::payload_sizes(),
        Which::Gcmodule => <gcmodule_subject::Gcmodule as Subject>::payload_sizes(),
        Which::Bacon => <bacon_subject::Bacon as Subject>::payload_sizes(),
        Which::Dumpster => <dumpster_subject::Dumpster as Subject>::payload_sizes(),
        Which::RustCc => <rustcc_subject::RustCc as Subject>::payload_sizes(),
        Which::Boa => <boa_subject::Boa as Subject>::payload_sizes(),
        Which::RustGc => <rustgc_subject::RustGc as Subject>::payload_sizes(),
        Which::Arena => arena_subject::payload_sizes(),
        Which::CPython => return None,
    })
}
