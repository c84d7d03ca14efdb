//! How often a collection traces a survivor, and what it may skip.
//!
//! subtract_refs traces every gathered object once; move_unreachable traces the roots
//! again to mark what they reach, except a root whose first trace reported no edge at
//! all (a leaf): it has nothing to mark. A full collection holds the old objects as its
//! pool walk finds them. None of this changes what a collection finds or reports.

use std::cell::{Cell, RefCell};

use pyobj_runtime::{AnyGc, Gc, Trace, Tracer, gc};

/// A node that counts the calls of its trace; with `sly`, it reports its edge only on
/// every second call (a `Trace` impl that is not deterministic).
struct Node {
    traces: Cell<u32>,
    sly: bool,
    next: RefCell<Option<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        let call = self.traces.get();
        self.traces.set(call + 1);
        if !self.sly || call % 2 == 1 {
            self.next.trace(tracer);
        }
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

fn node(next: Option<Gc<Node>>) -> Gc<Node> {
    Gc::new(Node {
        traces: Cell::new(0),
        sly: false,
        next: RefCell::new(next),
    })
}

#[test]
fn a_root_without_edges_is_traced_once_per_collection() {
    gc::collect();
    let leaf = node(None);
    assert_eq!(gc::collect_generation(0).unwrap(), 0);
    assert_eq!(leaf.traces.get(), 1);
    assert_eq!(gc::collect_generation(1).unwrap(), 0);
    assert_eq!(leaf.traces.get(), 2);
    assert_eq!(gc::collect(), 0);
    assert_eq!(leaf.traces.get(), 3);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 1);
}

#[test]
fn a_root_with_an_edge_is_traced_again_to_mark_its_target() {
    gc::collect();
    let target = node(None);
    let root = node(Some(target.clone()));
    drop(target);
    assert_eq!(gc::collect(), 0);
    // The root: subtract_refs, then marking. Its target (a leaf, reached by marking):
    // subtract_refs, then the marking walk traces what it reaches.
    assert_eq!(root.traces.get(), 2);
    let target = root.next.borrow().clone().unwrap();
    assert_eq!(target.traces.get(), 2);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 2);
}

#[test]
fn an_edge_reported_only_when_marking_keeps_its_target() {
    gc::collect();
    // The target's only reference is held by `sly`, whose first trace (subtract_refs)
    // does not report it: `sly` looks like a leaf and is not traced again. The target's
    // `gc_refs` keeps that reference, so it is a root by itself.
    let sly = Gc::new(Node {
        traces: Cell::new(0),
        sly: true,
        next: RefCell::new(Some(node(None))),
    });
    assert_eq!(gc::collect(), 0);
    assert_eq!(sly.traces.get(), 1);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 2);
    let target = sly.next.borrow().clone().unwrap();
    assert_eq!(Gc::strong_count(&target), 2);
}

#[test]
fn survivors_keep_their_order_and_garbage_is_found() {
    gc::collect();
    // Ten leaves kept, then a 3-ring dropped.
    let kept: Vec<_> = (0..10).map(|_| node(None)).collect();
    let a = node(None);
    let b = node(Some(a.clone()));
    let c = node(Some(b.clone()));
    *a.next.borrow_mut() = Some(c.clone());
    drop((a, b, c));
    assert_eq!(gc::collect_generation(0).unwrap(), 3);
    let young = gc::get_objects(Some(1)).unwrap();
    assert_eq!(young.len(), 10);
    for (listed, node) in young.iter().zip(&kept) {
        assert!(AnyGc::ptr_eq(listed, &AnyGc::from(node.clone())));
    }
    assert!(kept.iter().all(|node| node.traces.get() == 1));
}

#[test]
fn a_full_collection_finds_old_garbage_among_old_survivors() {
    gc::collect();
    let kept: Vec<_> = (0..100).map(|_| node(None)).collect();
    let rings: Vec<_> = (0..20)
        .map(|_| {
            let a = node(None);
            let b = node(Some(a.clone()));
            *a.next.borrow_mut() = Some(b.clone());
            a
        })
        .collect();
    assert_eq!(gc::collect(), 0);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 140);
    drop(rings);
    assert_eq!(gc::get_count(), (0, 0, 0));
    assert_eq!(gc::collect(), 40);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 100);
    assert!(kept.iter().all(|node| node.traces.get() == 2));
}
