//! The cycle collector: which groups of objects it frees, what `gc::collect()` returns
//! (CPython's numbers), and what user code sees while it runs.

mod common;

use std::cell::RefCell;

use common::{
    Node, Obj, chain, count_drop, drops, free_stuck_garbage, link, obj, ring, stuck_pair,
};
use pyobj_runtime::gc::{self, GenerationStats};
use pyobj_runtime::{AnyGc, Gc, Trace, Tracer};

#[test]
fn self_cycle_is_collected_as_one_object() {
    let a = obj("a");
    link(&a, &a); // a.append(a)
    assert_eq!(Gc::strong_count(&a), 2);
    drop(a); // del a: the list keeps itself alive
    assert_eq!(drops(), 0);
    assert_eq!(gc::collect(), 1);
    assert_eq!(drops(), 1);
    assert_eq!(gc::collect(), 0);
}

#[test]
fn two_cycle_collect_returns_2() {
    drop(ring(&["a", "b"]));
    assert_eq!(drops(), 0);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 2);
}

#[test]
fn three_cycle_collect_returns_3() {
    drop(ring(&["a", "b", "c"]));
    assert_eq!(drops(), 0);
    assert_eq!(gc::collect(), 3);
    assert_eq!(drops(), 3);
}

#[test]
fn cycle_with_an_incoming_handle_survives_until_the_handle_goes() {
    let cycle = ring(&["a", "b"]);
    let keep = cycle[0].clone();
    drop(cycle);
    assert_eq!(gc::collect(), 0);
    assert_eq!(drops(), 0);
    // Intact: a -> b -> a.
    assert_eq!(keep.name, "a");
    let b = keep.items.borrow()[0].clone();
    assert_eq!(b.name, "b");
    assert!(Gc::ptr_eq(&b.items.borrow()[0], &keep));
    drop(b);
    assert_eq!(Gc::strong_count(&keep), 2); // `keep` and b's item
    drop(keep);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 2);
}

#[test]
fn cycle_referenced_by_a_live_object_survives_until_that_object_dies() {
    let holder = obj("holder");
    let cycle = ring(&["a", "b"]);
    link(&holder, &cycle[0]);
    drop(cycle);
    assert_eq!(gc::collect(), 0);
    drop(holder); // freed by its count, not by the collector
    assert_eq!(drops(), 1);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 3);
}

#[test]
fn cycle_with_an_outgoing_reference_frees_only_the_cycle() {
    let target = obj("target");
    let cycle = ring(&["a", "b"]);
    link(&cycle[0], &target);
    link(&cycle[1], &target);
    assert_eq!(Gc::strong_count(&target), 3);
    drop(cycle);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 2);
    assert_eq!(Gc::strong_count(&target), 1);
    assert_eq!(target.name, "target");
    drop(target);
    assert_eq!(drops(), 3);
}

#[test]
fn complete_graph_on_four_nodes_collect_returns_4() {
    let nodes: Vec<Gc<Obj>> = ["a", "b", "c", "d"].into_iter().map(obj).collect();
    for from in &nodes {
        for to in nodes.iter().filter(|to| !Gc::ptr_eq(from, to)) {
            link(from, to);
        }
    }
    for node in &nodes {
        assert_eq!(Gc::strong_count(node), 4);
    }
    drop(nodes);
    assert_eq!(gc::collect(), 4);
    assert_eq!(drops(), 4);
}

#[test]
fn cycle_holding_a_long_chain_frees_the_whole_chain() {
    const CHAIN: usize = if cfg!(miri) { 100 } else { 100_000 };
    let (head, tail) = chain(CHAIN);
    drop(tail);
    // a <-> b, and a -> head -> ... -> tail through links `drop_handles` cannot break.
    let a = Gc::new(Node {
        value: CHAIN,
        next: Some(head),
        back: RefCell::new(None),
    });
    let b = Gc::new(Node {
        value: CHAIN + 1,
        next: None,
        back: RefCell::new(Some(a.clone())),
    });
    *a.back.borrow_mut() = Some(b);
    drop(a);
    assert_eq!(drops(), 0);
    // Every node is a tracked container that nothing outside reaches: all are counted.
    assert_eq!(gc::collect(), CHAIN + 2);
    assert_eq!(drops(), CHAIN + 2);
    assert_eq!(gc::collect(), 0);
}

#[test]
fn cycle_with_a_mutably_borrowed_cell_survives_until_the_borrow_ends() {
    let a = obj("a");
    link(&a, &a);
    let value: *const Obj = Gc::as_ptr(&a);
    drop(a);
    // SAFETY: the self-cycle is a handle to the object, so the pointer stays valid until
    // the collection that frees it, which comes after the last use of `value`.
    let value = unsafe { &*value };
    let items = value.items.borrow_mut();
    // The collector cannot see inside the cell: no panic, the object counts as reachable.
    assert_eq!(gc::collect(), 0);
    assert_eq!(drops(), 0);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].name, "a");
    drop(items);
    assert_eq!(gc::collect(), 1);
    assert_eq!(drops(), 1);
}

/// `fixed` is set at construction and cannot be cleared; `link` can.
struct Member {
    name: &'static str,
    fixed: Option<Gc<Member>>,
    link: RefCell<Option<Gc<Member>>>,
}

impl Trace for Member {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.fixed.trace(tracer);
        self.link.trace(tracer);
    }
    fn drop_handles(&self) {
        self.link.drop_handles();
    }
}

/// What a `Member`'s `Drop` saw: its name, its `fixed` peer as (name, the peer's own
/// `fixed` name, the peer's `link` name), and its own `link` name.
type Seen = (
    &'static str,
    Option<(&'static str, Option<&'static str>, Option<&'static str>)>,
    Option<&'static str>,
);

thread_local! {
    static SEEN: RefCell<Vec<Seen>> = const { RefCell::new(Vec::new()) };
}

fn name(member: &Option<Gc<Member>>) -> Option<&'static str> {
    member.as_ref().map(|member| member.name)
}

impl Drop for Member {
    fn drop(&mut self) {
        let peer = self
            .fixed
            .as_ref()
            .map(|peer| (peer.name, name(&peer.fixed), name(&peer.link.borrow())));
        let seen = (self.name, peer, name(&self.link.borrow()));
        SEEN.with(|log| log.borrow_mut().push(seen));
    }
}

#[test]
fn drop_impls_of_a_collected_cycle_see_live_siblings_or_cleared_fields() {
    // a -fixed-> b -fixed-> c -link-> a: only c's link can be cleared.
    let c = Gc::new(Member {
        name: "c",
        fixed: None,
        link: RefCell::new(None),
    });
    let b = Gc::new(Member {
        name: "b",
        fixed: Some(c.clone()),
        link: RefCell::new(None),
    });
    let a = Gc::new(Member {
        name: "a",
        fixed: Some(b),
        link: RefCell::new(None),
    });
    *c.link.borrow_mut() = Some(a);
    drop(c);
    assert_eq!(gc::collect(), 3);
    // Each is dropped once its last reference goes: a first (c's link was cleared), then
    // the siblings it held, each still whole apart from the cleared link.
    let seen = SEEN.with(|log| log.take());
    assert_eq!(
        seen,
        [
            ("a", Some(("b", Some("c"), None)), None),
            ("b", Some(("c", None, None)), None),
            ("c", None, None),
        ]
    );
}

#[test]
fn interlinked_cycles_drop_each_object_exactly_once() {
    const NAMES: [&str; 10] = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"];
    // Rings of 1, 2, ... 10 objects, each ring also pointing into the next one.
    let rings: Vec<Vec<Gc<Obj>>> = (1..=10).map(|len| ring(&NAMES[..len])).collect();
    for pair in rings.windows(2) {
        link(&pair[0][0], &pair[1][0]);
        link(&pair[1][0], &pair[0][0]);
    }
    drop(rings);
    assert_eq!(gc::collect(), 55);
    assert_eq!(drops(), 55);
    assert_eq!(gc::collect(), 0);
    assert_eq!(drops(), 55);
}

#[test]
fn cycle_that_drop_handles_cannot_break_ends_up_in_gc_garbage() {
    let (a, b) = stuck_pair();
    let mut addresses = [AnyGc::addr(&Gc::into_any(a)), AnyGc::addr(&Gc::into_any(b))];
    addresses.sort_unstable();
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 0);
    let mut saved: Vec<usize> = gc::garbage().iter().map(AnyGc::addr).collect();
    saved.sort_unstable();
    assert_eq!(saved, addresses);
    let stats = GenerationStats {
        collections: 1,
        collected: 0,
        uncollectable: 2,
    };
    assert_eq!(gc::get_stats()[2], stats);
    // gc.garbage keeps them: the next collection finds nothing new.
    assert_eq!(gc::collect(), 0);
    assert_eq!(gc::get_stats()[2].uncollectable, 2);
    // Break the cycle by hand.
    free_stuck_garbage();
    assert_eq!(drops(), 2);
    assert!(gc::garbage().is_empty());
}

#[test]
fn debug_saveall_keeps_every_unreachable_object_in_gc_garbage() {
    gc::set_debug(gc::DEBUG_SAVEALL);
    drop(ring(&["a", "b"]));
    drop(ring(&["c"]));
    assert_eq!(gc::collect(), 3);
    assert_eq!(drops(), 0);
    let garbage = gc::garbage();
    let mut names: Vec<&str> = garbage
        .iter()
        .map(|o| o.downcast_ref::<Obj>().unwrap().name)
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["a", "b", "c"]);
    // Saved whole: nothing was cleared.
    for object in &garbage {
        assert_eq!(
            object.downcast_ref::<Obj>().unwrap().items.borrow().len(),
            1
        );
    }
    drop(garbage);
    let stats = GenerationStats {
        collections: 1,
        collected: 3,
        uncollectable: 0,
    };
    assert_eq!(gc::get_stats()[2], stats);
    // gc.garbage.clear(): the cycles are unreachable again, and the next collection
    // without DEBUG_SAVEALL frees them.
    gc::set_debug(0);
    drop(gc::take_garbage());
    assert_eq!(drops(), 0);
    assert_eq!(gc::collect(), 3);
    assert_eq!(drops(), 3);
    assert!(gc::garbage().is_empty());
}

/// Size of the deep structures: 10,000,000 (1,000 under Miri). Automatic collection is
/// off while they are built, since it would only promote the nodes and slow the build.
const DEEP: usize = if cfg!(miri) { 1_000 } else { 10_000_000 };

#[test]
fn dropping_a_very_long_chain_does_not_overflow_the_stack() {
    gc::disable();
    let (head, tail) = chain(DEEP);
    drop(tail);
    gc::enable();
    drop(head);
    assert_eq!(drops(), DEEP);
}

#[test]
fn collecting_a_very_long_ring_does_not_overflow_the_stack() {
    gc::disable();
    let (head, tail) = chain(DEEP);
    *tail.back.borrow_mut() = Some(head); // only this link can be cleared
    drop(tail);
    gc::enable();
    assert_eq!(gc::collect(), DEEP);
    assert_eq!(drops(), DEEP);
}

/// `Gc<RefCell<Vec<Gc<...>>>>` nested in itself.
struct Nest(RefCell<Vec<Gc<Nest>>>);

impl Trace for Nest {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

impl Drop for Nest {
    fn drop(&mut self) {
        count_drop();
    }
}

#[test]
fn dropping_a_very_deeply_nested_container_does_not_overflow_the_stack() {
    gc::disable();
    let mut outer = Gc::new(Nest(RefCell::new(Vec::new())));
    for _ in 1..DEEP {
        outer = Gc::new(Nest(RefCell::new(vec![outer])));
    }
    gc::enable();
    drop(outer);
    assert_eq!(drops(), DEEP);
}

/// Holds a chain link and a side object whose `Drop` asks for a collection.
struct Branch {
    next: Option<Gc<Branch>>,
    side: Gc<CollectOnDrop>,
}

impl Trace for Branch {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
        self.side.trace(tracer);
    }
}

impl Drop for Branch {
    fn drop(&mut self) {
        count_drop();
    }
}

struct CollectOnDrop;

impl Trace for CollectOnDrop {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

thread_local! {
    static FOUND: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

impl Drop for CollectOnDrop {
    fn drop(&mut self) {
        let found = gc::collect();
        FOUND.with(|log| log.borrow_mut().push(found));
    }
}

#[test]
fn collection_during_a_deep_release_frees_each_object_once() {
    // Past the trashcan's nesting limit (50).
    const LEN: usize = if cfg!(miri) { 64 } else { 200 };
    let mut head: Option<Gc<Branch>> = None;
    for _ in 0..LEN {
        head = Some(Gc::new(Branch {
            next: head,
            side: Gc::new(CollectOnDrop),
        }));
    }
    drop(head);
    assert_eq!(drops(), LEN);
    let found = FOUND.with(|log| log.take());
    assert_eq!(found.len(), LEN);
    // Nothing was unreachable: every object went by its count.
    assert_eq!(found.iter().sum::<usize>(), 0);
}
