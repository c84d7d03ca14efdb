//! The "done when" of the lean crate: with `default-features = false`, a `Gc<dyn Trait>`
//! graph with cycles is built and collected, and the rest of the memory core works.

use std::cell::{Cell, RefCell};

use pyobj::{Finalize, Gc, Trace, Weak, gc, pool};
use pyobj_lean::{Shape, node};

#[test]
fn a_dyn_graph_with_cycles_is_collected() {
    let a = node("a");
    let b = node("b");
    let c = node("c");
    // a -> b -> c -> a, and a -> c.
    a.link(b.clone());
    b.link(c.clone());
    c.link(a.clone());
    a.link(c.clone());
    let names: Vec<String> = a.links().iter().map(|s| s.name().to_owned()).collect();
    assert_eq!(names, ["b", "c"]);
    assert_eq!(Gc::strong_count(&c), 3);
    let watch: Weak<dyn Shape> = Gc::downgrade(&b);
    assert_eq!(gc::collect(), 0, "all three are reachable from Rust");
    drop((a, b, c));
    assert!(
        watch.upgrade().is_some(),
        "the cycle keeps b alive until collected"
    );
    assert_eq!(gc::collect(), 3);
    assert!(watch.upgrade().is_none());
    assert_eq!(gc::collect(), 0);
}

thread_local! {
    static FINALIZED: Cell<u32> = const { Cell::new(0) };
}

#[derive(Trace)]
struct Resource {
    other: RefCell<Option<Gc<Resource>>>,
}

impl Finalize for Resource {
    fn finalize(_this: &Gc<Self>) {
        FINALIZED.with(|count| count.set(count.get() + 1));
    }
}

#[test]
fn finalizers_generations_and_pools_without_the_python_layer() {
    let one = Gc::with_finalizer(Resource {
        other: RefCell::new(None),
    });
    let two = Gc::with_finalizer(Resource {
        other: RefCell::new(Some(one.clone())),
    });
    *one.other.borrow_mut() = Some(two.clone());
    assert!(gc::is_tracked(&one));
    drop((one, two));
    assert_eq!(gc::collect(), 2);
    assert_eq!(FINALIZED.with(Cell::get), 2);
    assert_eq!(gc::get_threshold(), (2000, 10, 10));
    let before = pool::stats();
    let many: Vec<Gc<u64>> = (0..1000).map(Gc::new).collect();
    let during = pool::stats();
    // A `Gc<u64>` is a 16-byte header and the value (24 bytes): a block of the 32-byte
    // size class (classes are 16 bytes apart).
    assert_eq!(
        during.allocated_block_bytes - before.allocated_block_bytes,
        1000 * 32
    );
    drop(many);
    assert_eq!(
        pool::stats().allocated_block_bytes,
        before.allocated_block_bytes
    );
}

#[test]
fn a_snapshot_of_a_dyn_graph_needs_no_python_layer() {
    use pyobj::snapshot::Snapshot;

    let a = node("a");
    let b = node("b");
    a.link(b.clone());
    b.link(a.clone());
    let text: Gc<str> = Gc::from("text");
    let snapshot = Snapshot::new().root("a", &a).root("text", &text).capture();
    let names: Vec<(&str, usize, Option<usize>)> = snapshot
        .nodes()
        .iter()
        .map(|node| (node.type_name.as_str(), node.refcount, node.cycle))
        .collect();
    assert_eq!(
        names,
        [("Node", 2, Some(0)), ("str", 1, None), ("Node", 2, Some(0))]
    );
    assert_eq!(Gc::strong_count(&a), 2);
    assert!(snapshot.to_svg().contains(">Node<"));
    drop((a, b));
    assert_eq!(Snapshot::all().capture().garbage().count(), 2);
    assert_eq!(gc::collect(), 2);
}
