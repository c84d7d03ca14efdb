//! Handles: `Gc<T>` and `AnyGc` sizes, counts, identity, downcasts, and what happens to
//! a thread's objects when the thread exits.

mod common;

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use common::{Obj, drops, obj, ring};
use pyobj_runtime::{AnyGc, Gc, Handle, Trace, Tracer, gc};

#[test]
#[cfg(target_pointer_width = "64")]
fn handles_are_one_pointer_wide() {
    assert_eq!(size_of::<Gc<Obj>>(), 8);
    assert_eq!(size_of::<Option<Gc<Obj>>>(), 8);
    assert_eq!(size_of::<Gc<i64>>(), 8);
    assert_eq!(size_of::<AnyGc>(), 8);
    assert_eq!(size_of::<Option<AnyGc>>(), 8);
}

#[test]
fn a_million_clones_count_exactly_and_the_last_drop_frees() {
    const CLONES: usize = if cfg!(miri) { 1_000 } else { 1_000_000 };
    let a = obj("a");
    let clones: Vec<Gc<Obj>> = (0..CLONES).map(|_| a.clone()).collect();
    assert_eq!(Gc::strong_count(&a), CLONES + 1);
    assert!(clones.iter().all(|clone| Gc::ptr_eq(clone, &a)));
    drop(clones);
    assert_eq!(Gc::strong_count(&a), 1);
    assert_eq!(drops(), 0);
    drop(a);
    assert_eq!(drops(), 1);
}

#[test]
fn ptr_eq_is_identity_and_eq_compares_values() {
    let a = Gc::new(5_i64);
    let b = a.clone();
    let c = Gc::new(5_i64);
    assert!(Gc::ptr_eq(&a, &b)); // a is b
    assert!(!Gc::ptr_eq(&a, &c)); // a is not c...
    assert_eq!(a, c); // ...but a == c
    assert!(std::ptr::eq(Gc::as_ptr(&a), Gc::as_ptr(&b)));
    assert!(std::ptr::eq(Gc::as_ptr(&a), &*a));
    assert!(!std::ptr::eq(Gc::as_ptr(&a), Gc::as_ptr(&c)));
}

#[test]
fn debug_and_display_show_the_value() {
    let list = Gc::new(vec![1_i64, 2, 3]);
    assert_eq!(format!("{list:?}"), "[1, 2, 3]");
    assert_eq!(Gc::new(String::from("text")).to_string(), "text");
    let any = Gc::into_any(Gc::new(5_i64));
    assert_eq!(
        format!("{any:?}"),
        format!("<i64 object at {:#x}>", AnyGc::addr(&any))
    );
}

#[test]
fn into_any_and_downcast_keep_the_count() {
    let a = obj("a");
    let any = Gc::into_any(a.clone());
    assert_eq!(AnyGc::strong_count(&any), 2);
    assert!(any.is::<Obj>());
    assert!(!any.is::<i64>());
    assert!(any.type_name().ends_with("Obj"));
    assert!(AnyGc::ptr_eq(&any, a.as_any()));
    assert_eq!(AnyGc::addr(&any), AnyGc::addr(a.as_any()));
    // The wrong type gives the handle back.
    let any = any.downcast::<i64>().unwrap_err();
    assert_eq!(AnyGc::strong_count(&any), 2);
    let back: Gc<Obj> = any.downcast().ok().unwrap();
    assert!(Gc::ptr_eq(&back, &a));
    assert_eq!(Gc::strong_count(&a), 2);
    drop(back);
    assert_eq!(Gc::strong_count(&a), 1);
}

#[test]
fn downcast_ref_borrows_the_value() {
    let any: AnyGc = obj("a").into();
    assert_eq!(any.downcast_ref::<Obj>().map(|o| o.name), Some("a"));
    assert!(any.downcast_ref::<String>().is_none());
    assert_eq!(AnyGc::strong_count(&any), 1);
    let copy = any.clone();
    assert_eq!(AnyGc::strong_count(&any), 2);
    drop((any, copy));
    assert_eq!(drops(), 1);
}

/// A list that counts its drops into a counter shared across threads.
struct Counted {
    dropped: Arc<AtomicUsize>,
    items: RefCell<Vec<Gc<Counted>>>,
}

impl Trace for Counted {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.dropped.fetch_add(1, Ordering::Relaxed);
    }
}

fn counted(dropped: &Arc<AtomicUsize>) -> Gc<Counted> {
    Gc::new(Counted {
        dropped: dropped.clone(),
        items: RefCell::new(Vec::new()),
    })
}

/// A 2-cycle of `Counted`, one handle returned.
fn counted_cycle(dropped: &Arc<AtomicUsize>) -> Gc<Counted> {
    let (a, b) = (counted(dropped), counted(dropped));
    a.items.borrow_mut().push(b.clone());
    b.items.borrow_mut().push(a.clone());
    a
}

thread_local! {
    static KEPT: RefCell<Vec<Gc<Counted>>> = const { RefCell::new(Vec::new()) };
}

/// Objects per exiting thread.
const PER_THREAD: usize = if cfg!(miri) { 50 } else { 10_000 };

/// Allocates `PER_THREAD` objects (a few pools' worth), keeps a live object and a cycle
/// in a thread-local, leaves a garbage cycle behind, and returns.
fn thread_body(dropped: &Arc<AtomicUsize>) -> usize {
    let objects: Vec<Gc<Counted>> = (0..PER_THREAD).map(|_| counted(dropped)).collect();
    drop(counted_cycle(dropped)); // garbage at exit
    KEPT.with(|kept| {
        kept.borrow_mut().push(counted(dropped));
        kept.borrow_mut().push(counted_cycle(dropped));
    });
    objects.len()
}

#[test]
fn exiting_thread_frees_every_object_kept_in_a_thread_local() {
    let dropped = Arc::new(AtomicUsize::new(0));
    let shared = dropped.clone();
    // The heap is made before `KEPT` is first used.
    let made = thread::spawn(move || thread_body(&shared)).join().unwrap();
    assert_eq!(made, PER_THREAD);
    assert_eq!(dropped.load(Ordering::Relaxed), PER_THREAD + 5);
}

#[test]
#[ignore = "known limitation (see heap.rs, Thread exit): the exit guard runs its last collection before the destructors of \
            thread-locals registered earlier; a cycle dropped by such a destructor is never \
            collected, so its objects are never dropped and the heap is never freed"]
fn exiting_thread_frees_a_cycle_kept_in_an_earlier_thread_local() {
    let dropped = Arc::new(AtomicUsize::new(0));
    let shared = dropped.clone();
    thread::spawn(move || {
        KEPT.with(|_| ()); // `KEPT` is registered before the heap is made
        thread_body(&shared)
    })
    .join()
    .unwrap();
    assert_eq!(dropped.load(Ordering::Relaxed), PER_THREAD + 5);
}

#[test]
fn many_threads_exit_cleanly_and_a_new_thread_gets_a_working_heap() {
    const THREADS: usize = if cfg!(miri) { 3 } else { 32 };
    let dropped = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let shared = dropped.clone();
            thread::spawn(move || thread_body(&shared))
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), PER_THREAD);
    }
    assert_eq!(dropped.load(Ordering::Relaxed), THREADS * (PER_THREAD + 5));
    thread::spawn(|| {
        let alive: Vec<Gc<Obj>> = (0..PER_THREAD).map(|_| obj("x")).collect();
        drop(ring(&["a", "b"]));
        assert_eq!(gc::collect(), 2);
        assert_eq!(drops(), 2);
        assert_eq!(gc::get_objects(None).unwrap().len(), PER_THREAD);
        drop(alive);
        assert_eq!(drops(), PER_THREAD + 2);
    })
    .join()
    .unwrap();
}

#[test]
fn clearing_a_vec_of_handles_with_trace_in_scope_drops_them() {
    let a = obj("a");
    let mut handles = vec![a.clone(), a.clone()];
    handles.clear();
    assert_eq!(Gc::strong_count(&a), 1);
}
