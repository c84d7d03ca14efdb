//! Finalizers with PEP 442's semantics: once per object, on an intact object, and an
//! object (or a whole cycle) may be resurrected by its finalizer.

mod common;

use std::cell::RefCell;

use common::{count_drop, drops};
use pyobj_runtime::{Finalize, Gc, Trace, Tracer, gc};

/// A Python list with a `__del__` that logs, and may keep `self` alive.
struct Fin {
    name: &'static str,
    items: RefCell<Vec<Gc<Fin>>>,
    resurrect: bool,
}

impl Trace for Fin {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
    }
}

impl Drop for Fin {
    fn drop(&mut self) {
        count_drop();
    }
}

thread_local! {
    /// Each finalizer call: (name, items held, values dropped so far).
    static FINALIZED: RefCell<Vec<(&'static str, usize, usize)>> = const { RefCell::new(Vec::new()) };
    /// Where resurrecting finalizers keep their object (`global keep; keep = self`).
    static KEEP: RefCell<Vec<Gc<Fin>>> = const { RefCell::new(Vec::new()) };
}

impl Finalize for Fin {
    fn finalize(this: &Gc<Self>) {
        let seen = (this.name, this.items.borrow().len(), drops());
        FINALIZED.with(|log| log.borrow_mut().push(seen));
        if this.resurrect {
            KEEP.with(|keep| keep.borrow_mut().push(this.clone()));
        }
    }
}

fn fin(name: &'static str, resurrect: bool) -> Gc<Fin> {
    Gc::with_finalizer(Fin {
        name,
        items: RefCell::new(Vec::new()),
        resurrect,
    })
}

fn link(from: &Gc<Fin>, to: &Gc<Fin>) {
    from.items.borrow_mut().push(to.clone());
}

/// The finalizer calls so far, sorted (the collector's order is not specified).
fn finalized() -> Vec<(&'static str, usize, usize)> {
    let mut log = FINALIZED.with(|log| log.borrow().clone());
    log.sort_unstable();
    log
}

fn kept() -> Vec<Gc<Fin>> {
    KEEP.with(|keep| keep.take())
}

#[test]
fn finalizer_runs_once_when_the_count_reaches_zero() {
    let a = fin("a", false);
    let b = a.clone();
    drop(a);
    assert!(finalized().is_empty());
    drop(b);
    // Before the value is dropped, on an intact object.
    assert_eq!(finalized(), [("a", 0, 0)]);
    assert_eq!(drops(), 1);
}

#[test]
fn finalizers_of_a_collected_cycle_run_once_each_on_intact_objects() {
    let (a, b) = (fin("a", false), fin("b", false));
    link(&a, &b);
    link(&b, &a);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    // Both ran before anything was cleared or dropped.
    assert_eq!(finalized(), [("a", 1, 0), ("b", 1, 0)]);
    assert_eq!(drops(), 2);
    assert_eq!(gc::collect(), 0);
    assert_eq!(finalized().len(), 2);
}

#[test]
fn finalizer_of_a_self_cycle_runs_once() {
    let a = fin("a", false);
    link(&a, &a);
    drop(a);
    assert_eq!(gc::collect(), 1);
    assert_eq!(finalized(), [("a", 1, 0)]);
    assert_eq!(drops(), 1);
}

#[test]
fn resurrected_object_lives_on_and_is_not_finalized_again() {
    let a = fin("a", true);
    let b = fin("b", false);
    link(&a, &b);
    drop(b);
    drop(a); // the finalizer stores a handle to `a`
    assert_eq!(finalized(), [("a", 1, 0)]);
    assert_eq!(drops(), 0);
    let mut kept = kept();
    assert_eq!(kept.len(), 1);
    let a = kept.pop().unwrap();
    // Whole: its fields and what it holds.
    assert_eq!(a.name, "a");
    assert_eq!(a.items.borrow()[0].name, "b");
    assert_eq!(Gc::strong_count(&a), 1);
    assert!(gc::is_finalized(&a));
    assert!(gc::is_tracked(&a));
    // Released again: no second finalizer call, the object is freed, and `b` with it
    // (whose finalizer sees `a` already dropped).
    drop(a);
    assert_eq!(finalized(), [("a", 1, 0), ("b", 0, 1)]);
    assert_eq!(drops(), 2);
}

#[test]
fn finalizer_resurrecting_one_member_keeps_the_whole_cycle_alive() {
    let (a, b) = (fin("a", true), fin("b", false));
    link(&a, &b);
    link(&b, &a);
    drop((a, b));
    // Both finalizers ran; `a` was resurrected, and `b` with it: nothing was collected
    // (CPython's gc.collect() returns 0 too).
    assert_eq!(gc::collect(), 0);
    assert_eq!(finalized(), [("a", 1, 0), ("b", 1, 0)]);
    assert_eq!(drops(), 0);
    assert_eq!(gc::get_stats()[2].collected, 0);
    let kept = kept();
    let a = &kept[0];
    let b = a.items.borrow()[0].clone();
    assert_eq!((a.name, b.name), ("a", "b"));
    assert!(Gc::ptr_eq(&b.items.borrow()[0], a));
    assert!(gc::is_finalized(a) && gc::is_finalized(&b));
    drop(b);
    drop(kept);
    // Garbage again: collected this time, without calling the finalizers again.
    assert_eq!(gc::collect(), 2);
    assert_eq!(finalized().len(), 2);
    assert_eq!(drops(), 2);
}

#[test]
fn object_finalized_in_a_collection_is_not_finalized_again_on_release() {
    // a <-> b, and a finalizer of `a` resurrects; `b` survives the collection through `a`
    // and later dies by its count.
    let (a, b) = (fin("a", true), fin("b", false));
    link(&a, &b);
    link(&b, &a);
    drop((a, b));
    assert_eq!(gc::collect(), 0);
    let a = kept().pop().unwrap();
    let b = a.items.borrow_mut().pop().unwrap(); // break the cycle by hand
    drop(a); // only `b` still refers to it
    drop(b.items.take()); // a's count reaches zero: freed, no finalizer
    assert_eq!(drops(), 1);
    drop(b);
    assert_eq!(drops(), 2);
    assert_eq!(finalized().len(), 2);
}

#[test]
fn untracked_object_with_a_finalizer() {
    struct Resource(&'static str);
    impl Trace for Resource {
        const TRACKED: bool = false;
        fn trace(&self, _: &mut Tracer<'_>) {}
    }
    thread_local! {
        static CLOSED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }
    impl Finalize for Resource {
        fn finalize(this: &Gc<Self>) {
            CLOSED.with(|closed| closed.borrow_mut().push(this.0));
        }
    }
    let file = Gc::with_finalizer(Resource("file"));
    assert!(!gc::is_tracked(&file));
    assert!(!gc::is_finalized(&file));
    drop(file);
    assert_eq!(CLOSED.with(|closed| closed.take()), ["file"]);
}
