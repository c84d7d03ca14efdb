//! Weak references: what they see before and after their target dies, and when their
//! callbacks run (PEP 442's order in a collection).

mod common;

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use common::{Node, chain, count_drop, drops, obj, ring};
use pyobj_runtime::{Finalize, Gc, Trace, Tracer, Weak, gc};

#[test]
fn upgrade_and_strong_count_before_and_after_death() {
    let a = obj("a");
    let weak = Gc::downgrade(&a);
    assert_eq!(weak.strong_count(), 1);
    assert!(Gc::ptr_eq(&weak.upgrade().unwrap(), &a));
    let b = a.clone();
    assert_eq!(weak.strong_count(), 2);
    drop(a);
    assert_eq!(weak.upgrade().unwrap().name, "a");
    drop(b); // a weak reference does not keep its object alive
    assert_eq!(drops(), 1);
    assert!(weak.upgrade().is_none());
    assert_eq!(weak.strong_count(), 0);
}

#[test]
fn weak_reference_to_untracked_object() {
    let text = Gc::new(String::from("data"));
    let weak = Gc::downgrade(&text);
    assert_eq!(weak.upgrade().as_deref().map(String::as_str), Some("data"));
    drop(text);
    assert!(weak.upgrade().is_none());
}

#[test]
fn downgrading_twice_shares_one_weak_reference() {
    let a = obj("a");
    // `weakref.ref(x) is weakref.ref(x)`: True; with a callback, a new one each time.
    assert!(Weak::ptr_eq(&Gc::downgrade(&a), &Gc::downgrade(&a)));
    let plain = Gc::downgrade(&a);
    assert!(Weak::ptr_eq(&plain, &plain.clone()));
    let with_callback = Weak::with_callback(&a, || {});
    assert!(!Weak::ptr_eq(&plain, &with_callback));
    assert!(!Weak::ptr_eq(
        &with_callback,
        &Weak::with_callback(&a, || {})
    ));
    assert!(Weak::ptr_eq(&plain, &Gc::downgrade(&a)));
}

/// A counter of calls, and a callback that counts into it (and records how many values
/// were dropped when it ran).
fn counting_callback() -> (Rc<RefCell<Vec<usize>>>, impl FnOnce() + 'static) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let sink = calls.clone();
    (calls, move || sink.borrow_mut().push(drops()))
}

#[test]
fn callback_is_called_once_when_the_count_reaches_zero() {
    let a = obj("a");
    let (calls, callback) = counting_callback();
    let weak = Weak::with_callback(&a, callback);
    let b = a.clone();
    drop(a);
    assert!(calls.borrow().is_empty());
    drop(b);
    // Called once, before the value was dropped.
    assert_eq!(*calls.borrow(), [0]);
    assert_eq!(drops(), 1);
    assert!(weak.upgrade().is_none());
    assert_eq!(gc::collect(), 0);
    drop(weak);
    assert_eq!(*calls.borrow(), [0]);
}

#[test]
fn callback_of_a_dead_weak_reference_is_not_called() {
    let a = obj("a");
    let (calls, callback) = counting_callback();
    drop(Weak::with_callback(&a, callback));
    drop(a);
    assert!(calls.borrow().is_empty());
}

/// A list that may hold weak references, as a field and in a cell.
struct Watcher {
    items: RefCell<Vec<Gc<Watcher>>>,
    watch: Option<Weak<Watcher>>,
    watch_later: RefCell<Option<Weak<Watcher>>>,
}

impl Trace for Watcher {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
        self.watch.trace(tracer);
        self.watch_later.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        count_drop();
    }
}

fn watcher(watch: Option<Weak<Watcher>>) -> Gc<Watcher> {
    Gc::new(Watcher {
        items: RefCell::new(Vec::new()),
        watch,
        watch_later: RefCell::new(None),
    })
}

fn link(from: &Gc<Watcher>, to: &Gc<Watcher>) {
    from.items.borrow_mut().push(to.clone());
}

/// Sets a flag when dropped: captured by a callback, it tells when the callback went.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn callback_of_a_weak_reference_held_only_by_garbage_is_not_called() {
    let b = watcher(None);
    let called = Rc::new(Cell::new(false));
    let dropped = Rc::new(Cell::new(false));
    let (flag, sink) = (DropFlag(dropped.clone()), called.clone());
    let callback = move || {
        let _flag = &flag;
        sink.set(true);
    };
    let a = watcher(Some(Weak::with_callback(&b, callback))); // a.watch -> b
    link(&a, &b);
    link(&b, &a);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 2);
    assert!(!called.get());
    assert!(dropped.get()); // the callback died with its weak reference
}

#[test]
fn callback_of_a_weak_reference_in_a_cell_of_garbage_is_not_called() {
    let (a, b) = (watcher(None), watcher(None));
    let called = Rc::new(Cell::new(false));
    let sink = called.clone();
    *a.watch_later.borrow_mut() = Some(Weak::with_callback(&b, move || sink.set(true)));
    link(&a, &b);
    link(&b, &a);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 2);
    assert!(!called.get());
}

#[test]
fn callback_of_a_weak_reference_held_outside_is_called_before_the_garbage_goes() {
    let (a, b) = (watcher(None), watcher(None));
    link(&a, &b);
    link(&b, &a);
    let (calls, callback) = counting_callback();
    let weak = Weak::with_callback(&b, callback);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    assert_eq!(*calls.borrow(), [0]); // called once, before any value was dropped
    assert_eq!(drops(), 2);
    assert!(weak.upgrade().is_none());
}

/// A cycle member whose finalizer looks at a weak reference to its sibling.
struct Sibling {
    name: &'static str,
    items: RefCell<Vec<Gc<Sibling>>>,
    sibling: RefCell<Option<Weak<Sibling>>>,
}

impl Trace for Sibling {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
    }
}

thread_local! {
    /// (name, whether the weak reference to the sibling still upgraded, items held).
    static FINALIZED: RefCell<Vec<(&'static str, bool, usize)>> = const { RefCell::new(Vec::new()) };
}

impl Finalize for Sibling {
    fn finalize(this: &Gc<Self>) {
        let upgraded = this.sibling.borrow().as_ref().unwrap().upgrade().is_some();
        let seen = (this.name, upgraded, this.items.borrow().len());
        FINALIZED.with(|log| log.borrow_mut().push(seen));
    }
}

#[test]
fn weak_references_are_cleared_before_finalizers_run() {
    let sibling = |name| {
        Gc::with_finalizer(Sibling {
            name,
            items: RefCell::new(Vec::new()),
            sibling: RefCell::new(None),
        })
    };
    let (a, b) = (sibling("a"), sibling("b"));
    *a.sibling.borrow_mut() = Some(Gc::downgrade(&b));
    *b.sibling.borrow_mut() = Some(Gc::downgrade(&a));
    a.items.borrow_mut().push(b.clone());
    b.items.borrow_mut().push(a.clone());
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    let mut seen = FINALIZED.with(|log| log.take());
    seen.sort_unstable();
    // Each finalizer sees its sibling through its own items, but the weak reference to
    // it is already dead.
    assert_eq!(seen, [("a", false, 1), ("b", false, 1)]);
}

#[test]
fn panicking_callback_propagates_from_collect_and_the_heap_still_works() {
    let cycle = ring(&["a", "b"]);
    let weak = Weak::with_callback(&cycle[1], || panic!("callback failed"));
    drop(cycle);
    let panic = catch_unwind(gc::collect).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"callback failed"));
    // The collection finished before the panic went on.
    assert_eq!(drops(), 2);
    assert!(weak.upgrade().is_none());
    assert_eq!(gc::collect(), 0);
    drop(ring(&["c", "d", "e"]));
    assert_eq!(gc::collect(), 3);
    assert_eq!(drops(), 5);
}

#[test]
fn panicking_callback_propagates_from_drop_and_the_heap_still_works() {
    let a = obj("a");
    let _weak = Weak::with_callback(&a, || panic!("callback failed"));
    let panic = catch_unwind(AssertUnwindSafe(|| drop(a))).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"callback failed"));
    // Deep releases still go through the trashcan.
    const LEN: usize = if cfg!(miri) { 200 } else { 10_000 };
    let before = drops();
    let (head, tail) = chain(LEN);
    drop(tail);
    drop(head);
    assert_eq!(drops() - before, LEN);
    let node: Gc<Node> = chain(1).0;
    assert_eq!(node.value, 0);
}

#[test]
fn collection_from_a_callback_during_a_release_frees_the_object_once() {
    let a = obj("a");
    let found = Rc::new(Cell::new(None));
    let sink = found.clone();
    let _weak = Weak::with_callback(&a, move || sink.set(Some(gc::collect())));
    drop(a);
    // The dying object is no longer tracked (as CPython untracks it first): the
    // collection finds nothing, and the object is freed once.
    assert_eq!(found.get(), Some(0));
    assert_eq!(drops(), 1);
}

#[test]
fn panicking_callback_during_a_release_still_frees_the_object() {
    let a = obj("a");
    let _weak = Weak::with_callback(&a, || panic!("callback failed"));
    let panic = catch_unwind(AssertUnwindSafe(|| drop(a))).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"callback failed"));
    assert_eq!(drops(), 1);
}
