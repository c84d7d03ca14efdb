//! Safe code cannot break the heap: `Trace` impls that lie or panic, `Drop` impls and
//! finalizers that resurrect or re-enter the collector. Each test does it on purpose and
//! then checks the heap still works; under Miri they also prove there is no undefined
//! behaviour.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};

use pyobj_runtime::{Finalize, Gc, Trace, Tracer, gc};

/// How a [`Node`]'s `Trace` impl misbehaves.
#[derive(Clone, Copy, PartialEq)]
enum Lie {
    Honest,
    /// Reports every edge twice.
    Twice,
    /// Reports no edge.
    Hides,
    /// Panics while tracing.
    Panics,
    /// Calls `gc::collect()` from inside `trace`.
    Collects,
    /// Allocates a new object and reports it as an edge.
    Allocates,
    /// Takes its own edges out (dropping them) while being traced.
    Drops,
    /// Panics in `clear`.
    PanicsInClear,
}

struct Node {
    id: u32,
    lie: Cell<Lie>,
    next: RefCell<Vec<Gc<Node>>>,
    drops: Gc<Cell<u32>>,
}

thread_local! {
    static STASH: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.lie.get() {
            Lie::Honest | Lie::PanicsInClear => self.next.trace(tracer),
            Lie::Twice => {
                self.next.trace(tracer);
                self.next.trace(tracer);
            }
            Lie::Hides => {}
            Lie::Panics => panic!("trace of node {} panicked", self.id),
            Lie::Collects => {
                assert_eq!(gc::collect(), 0, "collections never nest");
                self.next.trace(tracer);
            }
            Lie::Allocates => {
                let stranger = Gc::new(RefCell::new(Vec::<Gc<Node>>::new()));
                stranger.trace(tracer);
                self.next.trace(tracer);
            }
            Lie::Drops => {
                let taken = std::mem::take(&mut *self.next.borrow_mut());
                drop(taken);
            }
        }
    }
    fn drop_handles(&self) {
        if self.lie.get() == Lie::PanicsInClear {
            panic!("clear of node {} panicked", self.id);
        }
        self.next.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

fn node(id: u32, lie: Lie, drops: &Gc<Cell<u32>>) -> Gc<Node> {
    Gc::new(Node {
        id,
        lie: Cell::new(lie),
        next: RefCell::new(Vec::new()),
        drops: drops.clone(),
    })
}

fn link(from: &Gc<Node>, to: &Gc<Node>) {
    from.next.borrow_mut().push(to.clone());
}

/// A 2-cycle whose first node lies as told; the second is honest.
fn cycle(lie: Lie, drops: &Gc<Cell<u32>>) -> (Gc<Node>, Gc<Node>) {
    let a = node(1, lie, drops);
    let b = node(2, Lie::Honest, drops);
    link(&a, &b);
    link(&b, &a);
    (a, b)
}

/// After whatever happened, the heap still collects an ordinary cycle.
fn heap_still_works() {
    let drops = Gc::new(Cell::new(0));
    drop(cycle(Lie::Honest, &drops));
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops.get(), 2);
}

#[test]
fn edges_reported_twice_never_free_a_live_object() {
    let drops = Gc::new(Cell::new(0));
    let (a, b) = cycle(Lie::Twice, &drops);
    drop(b);
    // `a` is held outside; its doubled edge takes `b`'s `gc_refs` below zero, which the
    // collector detects: `b` is kept (and reported), nothing is cleared or freed.
    assert_eq!(gc::collect(), 0);
    assert_eq!(a.id, 1);
    let next: Vec<u32> = a.next.borrow().iter().map(|next| next.id).collect();
    assert_eq!(next, [2]);
    // A liar's own garbage would be kept by every collection: made honest to go.
    a.lie.set(Lie::Honest);
    drop(a);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops.get(), 2);
    heap_still_works();
}

#[test]
fn hidden_edges_only_leak() {
    let drops = Gc::new(Cell::new(0));
    let (a, b) = cycle(Lie::Hides, &drops);
    let weak = Gc::downgrade(&a);
    drop((a, b));
    // `a` hides its edge to `b`, so `b` looks referenced from outside: nothing is freed.
    assert_eq!(gc::collect(), 0);
    assert_eq!(drops.get(), 0);
    let a = weak.upgrade().expect("still alive");
    a.lie.set(Lie::Honest);
    drop(a);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops.get(), 2);
    heap_still_works();
}

#[test]
fn a_panicking_trace_is_resumed_after_the_collection_and_the_heap_works() {
    let drops = Gc::new(Cell::new(0));
    let (a, b) = cycle(Lie::Panics, &drops);
    let weak = Gc::downgrade(&a);
    drop((a, b));
    let caught = catch_unwind(AssertUnwindSafe(gc::collect));
    let message = caught.expect_err("the panic comes out of collect()");
    assert_eq!(
        message.downcast_ref::<String>().map(String::as_str),
        Some("trace of node 1 panicked")
    );
    // The node whose trace failed was kept (treated as reachable), with its cycle.
    assert_eq!(drops.get(), 0);
    let a = weak.upgrade().expect("kept alive");
    a.lie.set(Lie::Honest);
    drop(a);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops.get(), 2);
    heap_still_works();
}

#[test]
fn a_trace_that_collects_gets_zero_and_the_outer_collection_finishes() {
    let drops = Gc::new(Cell::new(0));
    drop(cycle(Lie::Collects, &drops));
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops.get(), 2);
    heap_still_works();
}

#[test]
fn a_trace_that_allocates_is_harmless() {
    let drops = Gc::new(Cell::new(0));
    drop(cycle(Lie::Allocates, &drops));
    let found = gc::collect();
    assert!(found >= 2, "the cycle is found (got {found})");
    assert_eq!(drops.get(), 2);
    heap_still_works();
}

#[test]
fn a_trace_that_drops_its_own_edges_cannot_free_what_the_collector_holds() {
    let drops = Gc::new(Cell::new(0));
    drop(cycle(Lie::Drops, &drops));
    let _ = gc::collect();
    let _ = gc::collect();
    assert_eq!(drops.get(), 2, "both freed, each once");
    heap_still_works();
}

#[test]
fn a_panicking_clear_leaves_a_working_heap() {
    let drops = Gc::new(Cell::new(0));
    drop(cycle(Lie::PanicsInClear, &drops));
    let caught = catch_unwind(AssertUnwindSafe(gc::collect));
    assert!(caught.is_err());
    // Node 2 was cleared, which broke the cycle: both are freed, each once.
    assert_eq!(drops.get(), 2);
    heap_still_works();
}

/// A node whose `Drop` reads its neighbours and may stash one somewhere live. The cycle is
/// `a.sibling -> b` (a cell, which `clear` empties) and `b.fixed -> a` (immutable).
struct Peer {
    sibling: RefCell<Option<Gc<Peer>>>,
    fixed: Option<Gc<Peer>>,
    value: &'static str,
    resurrect: bool,
    seen: Gc<RefCell<Vec<String>>>,
}

impl Trace for Peer {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.sibling.trace(tracer);
        self.fixed.trace(tracer);
    }
    fn drop_handles(&self) {
        self.sibling.drop_handles();
    }
}

thread_local! {
    static PEERS: RefCell<Vec<Gc<Peer>>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Peer {
    fn drop(&mut self) {
        let sibling = match &*self.sibling.borrow() {
            Some(sibling) => format!("sibling {}", sibling.value),
            None => "a cleared sibling".to_string(),
        };
        let fixed = match &self.fixed {
            Some(fixed) => format!("fixed {}", fixed.value),
            None => "no fixed".to_string(),
        };
        self.seen
            .borrow_mut()
            .push(format!("{} saw {sibling}, {fixed}", self.value));
        if self.resurrect
            && let Some(fixed) = &self.fixed
        {
            PEERS.with(|peers| peers.borrow_mut().push(fixed.clone()));
        }
    }
}

fn peers(resurrect: bool) -> (Gc<Peer>, Gc<Peer>, Gc<RefCell<Vec<String>>>) {
    let seen = Gc::new(RefCell::new(Vec::new()));
    let a = Gc::new(Peer {
        sibling: RefCell::new(None),
        fixed: None,
        value: "a",
        resurrect: false,
        seen: seen.clone(),
    });
    let b = Gc::new(Peer {
        sibling: RefCell::new(None),
        fixed: Some(a.clone()),
        value: "b",
        resurrect,
        seen: seen.clone(),
    });
    *a.sibling.borrow_mut() = Some(b.clone());
    (a, b, seen)
}

#[test]
fn drop_impls_in_a_collected_cycle_see_live_or_cleared_fields_never_dropped_ones() {
    let (a, b, seen) = peers(false);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    assert_eq!(
        *seen.borrow(),
        [
            "b saw a cleared sibling, fixed a",
            "a saw a cleared sibling, no fixed"
        ]
    );
}

#[test]
fn a_drop_impl_that_stashes_a_garbage_object_keeps_it_alive_and_valid() {
    let (a, b, seen) = peers(true);
    let weak_a = Gc::downgrade(&a);
    drop((a, b));
    // `b` is freed; its `Drop` stashed `a`, which therefore survives (already cleared).
    // Both were found unreachable, and like CPython (which counts what a `tp_clear`
    // resurrects) `collect()` reports both.
    assert_eq!(gc::collect(), 2);
    let a = PEERS
        .with(|peers| peers.borrow_mut().pop())
        .expect("stashed");
    assert_eq!(a.value, "a");
    assert!(a.sibling.borrow().is_none());
    assert_eq!(Gc::strong_count(&a), 1);
    drop(a);
    assert!(weak_a.upgrade().is_none(), "freed by its count, at once");
    assert_eq!(seen.borrow().len(), 2);
}

/// A finalizer that resurrects its object and panics on demand.
struct Phoenix {
    other: RefCell<Option<Gc<Phoenix>>>,
    panic: bool,
}

impl Trace for Phoenix {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.other.trace(tracer);
    }
    fn drop_handles(&self) {
        self.other.drop_handles();
    }
}

thread_local! {
    static NEST: RefCell<Vec<Gc<Phoenix>>> = const { RefCell::new(Vec::new()) };
}

impl Finalize for Phoenix {
    fn finalize(this: &Gc<Self>) {
        if this.panic {
            panic!("finalizer panicked");
        }
        NEST.with(|nest| nest.borrow_mut().push(this.clone()));
    }
}

#[test]
fn a_panicking_finalizer_in_a_collection_is_resumed_and_the_heap_works() {
    let a = Gc::with_finalizer(Phoenix {
        other: RefCell::new(None),
        panic: true,
    });
    *a.other.borrow_mut() = Some(a.clone());
    drop(a);
    assert!(catch_unwind(AssertUnwindSafe(gc::collect)).is_err());
    heap_still_works();
}

#[test]
fn a_resurrected_cycle_member_is_whole_and_usable() {
    let a = Gc::with_finalizer(Phoenix {
        other: RefCell::new(None),
        panic: false,
    });
    let b = Gc::new(Phoenix {
        other: RefCell::new(Some(a.clone())),
        panic: false,
    });
    *a.other.borrow_mut() = Some(b.clone());
    drop((a, b));
    assert_eq!(
        gc::collect(),
        0,
        "resurrected: nothing was garbage after all"
    );
    let a = NEST
        .with(|nest| nest.borrow_mut().pop())
        .expect("resurrected");
    assert!(gc::is_finalized(&a));
    let b = a.other.borrow().clone().expect("edge intact");
    assert!(Gc::ptr_eq(b.other.borrow().as_ref().unwrap(), &a));
    drop((a, b));
    assert_eq!(gc::collect(), 2, "the finalizer does not run twice");
    assert!(NEST.with(|nest| nest.borrow().is_empty()));
}

#[test]
fn collecting_while_a_refcell_is_mutably_borrowed_does_not_panic() {
    let drops = Gc::new(Cell::new(0));
    let (a, b) = cycle(Lie::Honest, &drops);
    let a_next = Gc::downgrade(&b);
    drop(b);
    {
        let borrowed = a.next.borrow_mut();
        // `b` cannot be traced through the borrowed cell: it stays, nothing panics.
        assert_eq!(gc::collect(), 0);
        assert_eq!(borrowed.len(), 1);
    }
    assert!(a_next.upgrade().is_some());
    drop(a);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops.get(), 2);
}
