//! The collector's fast paths, each met with what may not take them: an object put aside
//! by the one-pass `move_unreachable` and reached later (with a finalizer and a weak
//! reference whose callback must not run), a `Trace` impl that panics while the live
//! objects are marked, a cell mutably borrowed during an automatic collection, a wide
//! fan that grows the marking stack, and Python code whose young collections meet
//! `__del__`, resurrection and `weakref.ref` callbacks.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use pyobj::{AnyGc, Finalize, Gc, Trace, Tracer, Weak, gc, pyblock};

/// A node with a finalizer that logs its name, and a trace that may panic.
struct Node {
    name: &'static str,
    next: RefCell<Vec<Gc<Node>>>,
    /// Traces left before `trace` panics (`u32::MAX`: never).
    traces_left: Cell<u32>,
    log: Rc<RefCell<Vec<String>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.traces_left.get() {
            0 => panic!("trace of {} panicked", self.name),
            u32::MAX => {}
            left => self.traces_left.set(left - 1),
        }
        self.next.trace(tracer);
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

impl Finalize for Node {
    fn finalize(this: &Gc<Self>) {
        this.log
            .borrow_mut()
            .push(format!("finalize {}", this.name));
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.log.borrow_mut().push(format!("drop {}", self.name));
    }
}

fn node(name: &'static str, log: &Rc<RefCell<Vec<String>>>) -> Gc<Node> {
    Gc::with_finalizer(Node {
        name,
        next: RefCell::new(Vec::new()),
        traces_left: Cell::new(u32::MAX),
        log: log.clone(),
    })
}

fn link(from: &Gc<Node>, to: &Gc<Node>) {
    from.next.borrow_mut().push(to.clone());
}

/// The names of the nodes among `objects`, in their order.
fn names(objects: &[AnyGc]) -> Vec<&'static str> {
    objects
        .iter()
        .filter_map(|object| object.downcast_ref::<Node>().map(|node| node.name))
        .collect()
}

fn take(log: &Rc<RefCell<Vec<String>>>) -> Vec<String> {
    let mut entries = std::mem::take(&mut *log.borrow_mut());
    entries.sort();
    entries
}

#[test]
fn objects_reached_after_being_put_aside_survive_untouched_and_in_order() {
    let log = Rc::new(RefCell::new(Vec::new()));
    gc::collect();
    // Generation 0, in order: a (reached only from r), b (a root), g1, c (reached only
    // from r), g2, r (a root). g1 and g2 are a garbage cycle, so the collection does
    // find garbage with a finalizer while a and c, put aside before r is met, are taken
    // back.
    let a = node("a", &log);
    let b = node("b", &log);
    let g1 = node("g1", &log);
    let c = node("c", &log);
    let g2 = node("g2", &log);
    let r = node("r", &log);
    link(&r, &a);
    link(&r, &c);
    link(&g1, &g2);
    link(&g2, &g1);
    let called = Rc::new(Cell::new(0));
    let sink = called.clone();
    let weak_a = Weak::with_callback(&a, move || sink.set(sink.get() + 1));
    drop((a, c, g1, g2));

    assert_eq!(gc::collect_generation(0), Ok(2));
    assert_eq!(
        take(&log),
        ["drop g1", "drop g2", "finalize g1", "finalize g2"]
    );
    assert_eq!(
        called.get(),
        0,
        "a survives: its weak reference is not cleared"
    );
    let a = weak_a.upgrade().expect("a survives");
    assert!(!gc::is_finalized(&a));
    drop(a);
    // The survivors, in generation 1: those found in the pass in list order, then those
    // taken back in list order.
    let young = gc::get_objects(Some(1)).expect("generation 1");
    assert_eq!(names(&young), ["b", "r", "a", "c"]);
    drop(young);

    // Once r goes, a and c go by counting, finalized once each.
    drop(r);
    assert_eq!(called.get(), 1);
    assert_eq!(
        take(&log),
        [
            "drop a",
            "drop c",
            "drop r",
            "finalize a",
            "finalize c",
            "finalize r"
        ]
    );
    drop(b);
    assert_eq!(gc::collect(), 0);
}

#[test]
fn a_trace_that_panics_while_live_objects_are_marked_loses_nothing() {
    let log = Rc::new(RefCell::new(Vec::new()));
    gc::collect();
    // r is a root; its trace panics when the live objects are marked (its second trace
    // of the collection), before it reports x, which only r refers to. y is garbage.
    let x = node("x", &log);
    let r = node("r", &log);
    link(&r, &x);
    let y = node("y", &log);
    link(&y, &y);
    drop((x, y));
    r.traces_left.set(1);
    let caught = catch_unwind(AssertUnwindSafe(|| gc::collect_generation(0)));
    let payload = caught.expect_err("the panic comes out of the collection");
    assert_eq!(
        payload.downcast_ref::<String>().map(String::as_str),
        Some("trace of r panicked")
    );
    // r and the garbage cycle are accounted for: r is still whole and in generation 1.
    r.traces_left.set(u32::MAX);
    let young = gc::get_objects(Some(1)).expect("generation 1");
    assert!(names(&young).contains(&"r"));
    drop(young);
    assert_eq!(r.next.borrow().len(), 1);
    let stats = gc::get_stats();
    assert_eq!(stats[0].collections, 1);
    // Whatever x's fate was, the heap is consistent: a full collection then finds no
    // more than y (if it is still there), and r's release finalizes every node once.
    let found = gc::collect();
    assert!(found <= 1);
    drop(r);
    assert_eq!(gc::collect(), 0);
    let entries = take(&log);
    for name in ["r", "x", "y"] {
        let finalized = entries
            .iter()
            .filter(|entry| **entry == format!("finalize {name}"))
            .count();
        let dropped = entries
            .iter()
            .filter(|entry| **entry == format!("drop {name}"))
            .count();
        assert_eq!((finalized, dropped), (1, 1), "{name}: {entries:?}");
    }
}

#[test]
fn a_cell_mutably_borrowed_during_an_automatic_collection_keeps_its_object() {
    let log = Rc::new(RefCell::new(Vec::new()));
    gc::collect();
    let a = node("a", &log);
    let b = node("b", &log);
    link(&a, &b);
    link(&b, &a);
    let weak_b = Weak::with_callback(&b, || {});
    drop(b);
    let collections = gc::get_stats()[0].collections;
    {
        let _borrowed = a.next.borrow_mut();
        // Allocations run automatic young collections meanwhile.
        let threshold = gc::get_threshold().0;
        for _ in 0..3 * threshold {
            drop(node("t", &log));
        }
        let pairs: Vec<_> = (0..threshold)
            .map(|_| {
                let p = node("p", &log);
                link(&p, &p);
                p
            })
            .collect();
        drop(pairs);
        drop(node("t", &log));
        assert!(gc::get_stats()[0].collections > collections);
        assert!(weak_b.upgrade().is_some(), "b is kept through a's cell");
    }
    drop(a);
    gc::collect();
    assert!(weak_b.upgrade().is_none());
    let entries = take(&log);
    assert!(entries.contains(&"finalize a".to_string()));
    assert!(entries.contains(&"finalize b".to_string()));
}

#[test]
fn a_wide_live_fan_grows_the_marking_stack_and_a_long_garbage_ring_is_freed() {
    let log = Rc::new(RefCell::new(Vec::new()));
    gc::collect();
    gc::disable();
    // A root that comes last in generation 0 and holds every other node: they are all
    // put aside, then marked at once (the marking stack grows to hold them) and taken
    // back.
    let count = if cfg!(miri) { 300 } else { 20_000 };
    let nodes: Vec<Gc<Node>> = (1..count).map(|_| node("live", &log)).collect();
    let head = node("head", &log);
    *head.next.borrow_mut() = nodes;
    // And a garbage ring of the same length.
    let ring: Vec<Gc<Node>> = (0..count).map(|_| node("ring", &log)).collect();
    for (k, from) in ring.iter().enumerate() {
        link(from, &ring[(k + 1) % ring.len()]);
    }
    drop(ring);
    assert_eq!(gc::collect_generation(0), Ok(count));
    assert_eq!(gc::get_count().0, 0);
    let young = gc::get_objects(Some(1)).expect("generation 1");
    let names = names(&young);
    assert_eq!(names.len(), count);
    assert_eq!(
        names[0], "head",
        "the root first, then the nodes taken back"
    );
    drop(young);
    gc::enable();
    assert_eq!(
        take(&log).len(),
        2 * count,
        "the ring, finalized and dropped"
    );
    drop(head);
    assert_eq!(take(&log).len(), 2 * count, "the fan, by counting");
}

/// Python's own view: a W8-b program whose automatic young collections meet `__del__`,
/// a resurrecting `__del__`, weak references with callbacks, and `gc.callbacks`; what it
/// records is what the collector did before this change made collections cheaper.
#[test]
#[cfg_attr(
    miri,
    ignore = "ten thousand instances are too slow under Miri; the other tests take the same paths"
)]
fn python_young_collections_with_finalizers_weakrefs_and_resurrection() {
    let ns = pyblock! {
        import gc
        import weakref
        log = []
        kept = []
        refs = []
        counts = []
        class Node:
            def __init__(self):
                self.other = None
        class Fin:
            def __init__(self, name):
                self.name = name
                self.other = None
            def __del__(self):
                log.append("del " + self.name)
                if self.name == "resurrect":
                    kept.append(self)
        def callback(ref):
            log.append("callback")
        def watch(phase, info):
            log.append(phase + " " + str(info["generation"]) + " " + str(info["collected"]))
        gc.collect()
        gc.callbacks.append(watch)
        for i in range(5000):
            p = Node()
            q = Node()
            p.other = q
            q.other = p
            if i % 1000 == 0:
                f = Fin("f" + str(i))
                g = Fin("g" + str(i))
                f.other = g
                g.other = f
                refs.append(weakref.ref(f, callback))
                refs.append(weakref.ref(g))
                del f, g
            if i == 1500:
                r = Fin("resurrect")
                r.other = r
                del r
            if i % 700 == 0:
                counts.append(gc.get_count())
        del p, q
        found = gc.collect()
        gc.callbacks.remove(watch)
        alive = [ref() is not None for ref in refs]
        count = gc.get_count()
        stats = gc.get_stats()
        resurrected = kept[0].other is kept[0]
    }
    .expect("the program runs");
    let get = |name: &str| ns.get(name).expect(name).to_string();
    assert_eq!(
        get("log"),
        "['start 0 0', 'callback', 'del f0', 'del g0', 'stop 0 1996', \
         'start 0 0', 'callback', 'del f1000', 'del g1000', 'del resurrect', 'stop 0 1994', \
         'start 0 0', 'callback', 'del f2000', 'del g2000', 'stop 0 1994', \
         'start 0 0', 'callback', 'del f3000', 'del g3000', 'stop 0 1996', \
         'start 0 0', 'callback', 'del f4000', 'del g4000', 'stop 0 1994', \
         'start 2 0', 'stop 2 36']"
    );
    assert_eq!(get("alive"), format!("[{}]", ["False"; 10].join(", ")));
    assert_eq!(get("resurrected"), "True");
    assert_eq!(get("found"), "36");
    assert_eq!(get("count"), "(1, 0, 0)");
    assert_eq!(
        get("counts"),
        "[(6, 0, 0), (1406, 0, 0), (809, 1, 0), (213, 2, 0), (1613, 2, 0), (1016, 3, 0), \
         (419, 4, 0), (1819, 4, 0)]"
    );
    assert_eq!(
        get("stats"),
        "[{'collections': 5, 'collected': 9974, 'uncollectable': 0}, \
         {'collections': 0, 'collected': 0, 'uncollectable': 0}, \
         {'collections': 2, 'collected': 36, 'uncollectable': 0}]"
    );
}
