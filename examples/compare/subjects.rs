//! The Rust implementations compared: pyobj, `std::rc::Rc` (cycles broken by hand), and
//! the cycle-collecting peers gcmodule, bacon_rajan_cc, dumpster (`unsync`) and rust-cc.
//!
//! Every one gets the same node: an `i64` and an optional handle to another node, in a
//! `RefCell` (`Node`), and the same without the cell (`Small`, for W7-16). The peers'
//! `Trace` impls are written by hand (their derive macros would add proc-macro crates to
//! the build, syn 1 among them); each reports the one handle, as the derives would.

use std::cell::RefCell;
use std::time::Duration;

use crate::workloads::{Subject, Workload, unlink_by_hand};

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
        type Node = Gc<Node>;
        type Small = Gc<Small>;

        fn new(value: i64) -> Gc<Node> {
            Gc::new(Node {
                value,
                next: RefCell::new(None),
            })
        }
        fn value(node: &Gc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &Gc<Node>, next: Gc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &Gc<Node>) -> Option<Gc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<Gc<Small>>) -> Gc<Small> {
            let small = Gc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
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
        type Node = Rc<Node>;
        type Small = Rc<Small>;

        fn new(value: i64) -> Rc<Node> {
            Rc::new(Node {
                value,
                next: RefCell::new(None),
            })
        }
        fn value(node: &Rc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &Rc<Node>, next: Rc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &Rc<Node>) -> Option<Rc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<Rc<Small>>) -> Rc<Small> {
            let small = Rc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
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
        type Node = Cc<Node>;
        type Small = Cc<Small>;

        fn new(value: i64) -> Cc<Node> {
            Cc::new(Node {
                value,
                next: RefCell::new(None),
            })
        }
        fn value(node: &Cc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &Cc<Node>, next: Cc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &Cc<Node>) -> Option<Cc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<Cc<Small>>) -> Cc<Small> {
            let small = Cc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
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
        type Node = Cc<Node>;
        type Small = Cc<Small>;

        fn new(value: i64) -> Cc<Node> {
            Cc::new(Node {
                value,
                next: RefCell::new(None),
            })
        }
        fn value(node: &Cc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &Cc<Node>, next: Cc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &Cc<Node>) -> Option<Cc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<Cc<Small>>) -> Cc<Small> {
            let small = Cc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
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
        type Node = Gc<Node>;
        type Small = Gc<Small>;

        fn new(value: i64) -> Gc<Node> {
            Gc::new(Node {
                value,
                next: RefCell::new(None),
            })
        }
        fn value(node: &Gc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &Gc<Node>, next: Gc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &Gc<Node>) -> Option<Gc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<Gc<Small>>) -> Gc<Small> {
            let small = Gc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
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
        type Node = Cc<Node>;
        type Small = Cc<Small>;

        fn new(value: i64) -> Cc<Node> {
            Cc::new(Node {
                value,
                next: RefCell::new(None),
            })
        }
        fn value(node: &Cc<Node>) -> i64 {
            node.value
        }
        fn set_next(from: &Cc<Node>, next: Cc<Node>) {
            *from.next.borrow_mut() = Some(next);
        }
        fn take_next(node: &Cc<Node>) -> Option<Cc<Node>> {
            node.next.borrow_mut().take()
        }
        fn new_small(value: i64, next: Option<Cc<Small>>) -> Cc<Small> {
            let small = Cc::new(Small { value, next });
            std::hint::black_box(small.value);
            small
        }
        fn payload_sizes() -> (usize, usize) {
            (size_of::<Node>(), size_of::<Small>())
        }
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
    /// CPython, through `python3` and `workloads.py`.
    CPython,
}

impl Which {
    /// Every subject, in column order (pyobj first: the ratios are to it).
    pub(crate) const ALL: [Which; 7] = [
        Which::Pyobj,
        Which::Rc,
        Which::Gcmodule,
        Which::Bacon,
        Which::Dumpster,
        Which::RustCc,
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
            (Which::Gcmodule | Which::Bacon | Which::Dumpster | Which::RustCc, W6Empty | W6Old) => {
                Some(
                    "no generations: the crate's only (full) collection, timed on the same garbage",
                )
            }
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
        Which::CPython => return None,
    })
}
