//! The std `Rc` API on `Gc` and `Weak`, with std's semantics: `try_unwrap`, `into_inner`,
//! `get_mut`, `make_mut`, `new_cyclic`, the counts, `Weak::new` and `Weak::ptr_eq`; and
//! what the collector finds afterwards.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use pyobj_runtime::{AnyGc, Finalize, Gc, Trace, Tracer, Weak, gc};

/// A log of events (`drop a`, `callback`, ...), in order.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

/// A tracked value (a Python list of `Item`s) that logs its drop.
struct Item {
    name: &'static str,
    log: Log,
    items: RefCell<Vec<Gc<Item>>>,
}

impl Trace for Item {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
    }
}

impl Drop for Item {
    fn drop(&mut self) {
        self.log.push(format!("drop {}", self.name));
    }
}

fn item(name: &'static str, log: &Log) -> Gc<Item> {
    Gc::new(Item {
        name,
        log: log.clone(),
        items: RefCell::new(Vec::new()),
    })
}

/// An untracked value that counts its clones (for `get_mut`/`make_mut`).
#[derive(Debug, PartialEq)]
struct Text {
    text: String,
    clones: Rc<Cell<usize>>,
}

impl Clone for Text {
    fn clone(&self) -> Self {
        self.clones.set(self.clones.get() + 1);
        Text {
            text: self.text.clone(),
            clones: self.clones.clone(),
        }
    }
}

impl Trace for Text {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn text(text: &str) -> (Gc<Text>, Rc<Cell<usize>>) {
    let clones = Rc::new(Cell::new(0));
    let gc = Gc::new(Text {
        text: text.to_string(),
        clones: clones.clone(),
    });
    (gc, clones)
}

fn addresses(objects: &[AnyGc]) -> Vec<usize> {
    objects.iter().map(AnyGc::addr).collect()
}

// --- try_unwrap / into_inner -------------------------------------------------------------

#[test]
fn try_unwrap_of_the_only_handle_moves_the_value_out_without_dropping_it() {
    let log = Log::default();
    let a = item("a", &log);
    let before = gc::get_count().0;
    let value = Gc::try_unwrap(a).ok().expect("one handle");
    assert_eq!(log.take(), Vec::<String>::new(), "moved, not dropped");
    assert_eq!(gc::get_count().0, before - 1, "left generation 0");
    assert_eq!(value.name, "a");
    drop(value);
    assert_eq!(log.take(), ["drop a"], "dropped once, by its new owner");
}

#[test]
fn try_unwrap_of_a_shared_handle_gives_the_handle_back_untouched() {
    let log = Log::default();
    let a = item("a", &log);
    let b = a.clone();
    let a = Gc::try_unwrap(a).err().expect("two handles");
    assert!(Gc::ptr_eq(&a, &b));
    assert_eq!(Gc::strong_count(&a), 2);
    drop(b);
    assert_eq!(Gc::into_inner(a).map(|value| value.name), Some("a"));
    assert_eq!(log.take(), ["drop a"]);
}

#[test]
fn into_inner_is_none_until_the_last_handle() {
    let a = Gc::new(vec![1_i64, 2, 3]);
    let b = a.clone();
    let c = a.clone();
    assert_eq!(Gc::into_inner(a), None);
    assert_eq!(Gc::strong_count(&b), 2, "the refused handle was dropped");
    assert_eq!(Gc::into_inner(b), None);
    assert_eq!(Gc::into_inner(c), Some(vec![1, 2, 3]));
}

#[test]
fn try_unwrap_makes_weak_references_see_the_object_gone_and_calls_callbacks_once() {
    let log = Log::default();
    let a = item("a", &log);
    let weak = Gc::downgrade(&a);
    let callback_log = log.clone();
    let with_callback = Weak::with_callback(&a, move || callback_log.push("callback"));
    assert_eq!((Gc::weak_count(&a), weak.strong_count()), (2, 1));
    let value = Gc::try_unwrap(a).ok().unwrap();
    assert_eq!(
        log.take(),
        ["callback"],
        "callback called, value not dropped"
    );
    assert!(weak.upgrade().is_none());
    assert!(with_callback.upgrade().is_none());
    assert_eq!((weak.strong_count(), weak.weak_count()), (0, 0));
    drop(value);
    drop((weak, with_callback));
    assert_eq!(log.take(), ["drop a"], "the callback is not called twice");
}

#[test]
fn try_unwrap_does_not_run_the_finalizer_the_value_lives_on() {
    struct Closing(Log);
    impl Trace for Closing {
        const TRACKED: bool = false;
        fn trace(&self, _: &mut Tracer<'_>) {}
    }
    impl Finalize for Closing {
        fn finalize(this: &Gc<Self>) {
            this.0.push("finalize");
        }
    }
    impl Drop for Closing {
        fn drop(&mut self) {
            self.0.push("drop");
        }
    }
    let log = Log::default();
    let value = Gc::try_unwrap(Gc::with_finalizer(Closing(log.clone())))
        .ok()
        .unwrap();
    assert_eq!(log.take(), Vec::<String>::new());
    drop(value);
    assert_eq!(log.take(), ["drop"]);
    // The same type dies with its finalizer when it dies with its value.
    drop(Gc::with_finalizer(Closing(log.clone())));
    assert_eq!(log.take(), ["finalize", "drop"]);
}

#[test]
fn an_object_in_a_cycle_has_other_handles_so_try_unwrap_refuses_as_std_does() {
    let log = Log::default();
    let a = item("a", &log);
    let b = item("b", &log);
    a.items.borrow_mut().push(b.clone());
    b.items.borrow_mut().push(a.clone());
    let x = item("x", &log);
    b.items.borrow_mut().push(x.clone()); // x: named by us and by the cycle
    drop(b);
    let a = Gc::try_unwrap(a).err().expect("b's handle to a");
    let x = Gc::try_unwrap(x).err().expect("b's handle to x");
    assert_eq!((Gc::strong_count(&a), Gc::strong_count(&x)), (2, 2));
    drop(a);
    assert_eq!(gc::collect(), 2, "a and b");
    assert_eq!(Gc::strong_count(&x), 1);
    let mut dropped = log.take();
    dropped.sort();
    assert_eq!(dropped, ["drop a", "drop b"]);
    assert_eq!(Gc::try_unwrap(x).ok().map(|value| value.name), Some("x"));
    assert_eq!(log.take(), ["drop x"]);
}

#[test]
fn after_try_unwrap_of_young_objects_the_collector_finds_the_lists_intact() {
    let log = Log::default();
    gc::collect();
    let (base, _, _) = gc::get_count();
    let mut handles: Vec<Gc<Item>> = (0..8).map(|_| item("young", &log)).collect();
    // Take out objects from the middle, the front and the back of generation 0.
    for index in [3, 0, 5] {
        let value = Gc::try_unwrap(handles.remove(index)).ok().unwrap();
        drop(value);
    }
    assert_eq!(gc::get_count().0, base + 5);
    // Two of those left make a cycle the collector must find.
    handles[0].items.borrow_mut().push(handles[1].clone());
    handles[1].items.borrow_mut().push(handles[0].clone());
    let expected: Vec<usize> = handles
        .iter()
        .map(|handle| AnyGc::addr(&Gc::into_any(handle.clone())))
        .collect();
    let mut young = addresses(&gc::get_objects(Some(0)).unwrap());
    young.retain(|addr| expected.contains(addr));
    young.sort_unstable();
    let mut sorted = expected.clone();
    sorted.sort_unstable();
    assert_eq!(young, sorted, "the five left, each listed once");
    handles.truncate(0);
    assert_eq!(gc::collect(), 2);
    assert_eq!(gc::get_count(), (0, 0, 0));
    assert_eq!(log.take().len(), 8);
}

#[test]
fn try_unwrap_of_an_old_or_frozen_object_keeps_the_generation_sizes_right() {
    let log = Log::default();
    let old = item("old", &log);
    let frozen = item("frozen", &log);
    gc::collect(); // both survive into generation 2
    let in_old = gc::get_objects(Some(2)).unwrap().len();
    drop(Gc::try_unwrap(old).ok().unwrap());
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), in_old - 1);
    gc::freeze();
    let in_permanent = gc::get_freeze_count();
    drop(Gc::try_unwrap(frozen).ok().unwrap());
    assert_eq!(gc::get_freeze_count(), in_permanent - 1);
    gc::unfreeze();
    assert_eq!(gc::collect(), 0);
    assert_eq!(log.take(), ["drop old", "drop frozen"]);
}

#[test]
fn a_try_unwrap_in_a_thread_lets_the_heap_go_when_the_thread_ends() {
    std::thread::spawn(|| {
        let log = Log::default();
        let value = Gc::try_unwrap(item("t", &log)).ok().unwrap();
        assert_eq!(value.name, "t");
    })
    .join()
    .unwrap();
}

// --- get_mut / make_mut ------------------------------------------------------------------

#[test]
fn get_mut_needs_one_handle_and_no_weak_reference() {
    let (mut a, _) = text("a");
    Gc::get_mut(&mut a).unwrap().text.push('b');
    assert_eq!(a.text, "ab");
    let b = a.clone();
    assert!(Gc::get_mut(&mut a).is_none());
    drop(b);
    let weak = Gc::downgrade(&a);
    assert!(Gc::get_mut(&mut a).is_none());
    drop(weak);
    let nothing: Weak<Text> = Weak::new();
    Gc::get_mut(&mut a).unwrap().text.push('c');
    assert_eq!(a.text, "abc");
    assert!(nothing.upgrade().is_none());
}

#[test]
fn make_mut_of_a_shared_object_clones_it_and_leaves_the_others_alone() {
    let (mut a, clones) = text("a");
    let b = a.clone();
    let old = Gc::as_ptr(&a);
    Gc::make_mut(&mut a).text.push('!');
    assert_eq!(clones.get(), 1);
    assert_eq!((a.text.as_str(), b.text.as_str()), ("a!", "a"));
    assert_ne!(Gc::as_ptr(&a), old);
    assert_eq!((Gc::strong_count(&a), Gc::strong_count(&b)), (1, 1));
    Gc::make_mut(&mut a).text.push('?'); // unique now: no second clone
    assert_eq!((clones.get(), a.text.as_str()), (1, "a!?"));
}

#[test]
fn make_mut_with_only_weak_references_disassociates_them_without_cloning() {
    let (mut a, clones) = text("a");
    let weak = Gc::downgrade(&a);
    let called = Rc::new(Cell::new(0));
    let counter = called.clone();
    let with_callback = Weak::with_callback(&a, move || counter.set(counter.get() + 1));
    let address = Gc::as_ptr(&a);
    Gc::make_mut(&mut a).text.push('b');
    assert_eq!(clones.get(), 0, "not cloned");
    assert_eq!(Gc::as_ptr(&a), address);
    assert!(weak.upgrade().is_none() && with_callback.upgrade().is_none());
    assert_eq!((Gc::weak_count(&a), called.get()), (0, 1));
    assert_eq!(a.text, "ab");
    // The object lives on, and new weak references name it.
    let again = Gc::downgrade(&a);
    assert_eq!(again.upgrade().unwrap().text, "ab");
    assert!(!Weak::ptr_eq(&again, &weak));
}

#[test]
fn make_mut_copies_keep_the_finalizer() {
    #[derive(Clone)]
    struct Finalized(Rc<Cell<usize>>);
    impl Trace for Finalized {
        const TRACKED: bool = false;
        fn trace(&self, _: &mut Tracer<'_>) {}
    }
    impl Finalize for Finalized {
        fn finalize(this: &Gc<Self>) {
            this.0.set(this.0.get() + 1);
        }
    }
    let runs = Rc::new(Cell::new(0));
    let mut a = Gc::with_finalizer(Finalized(runs.clone()));
    let b = a.clone();
    Gc::make_mut(&mut a);
    drop(a);
    assert_eq!(runs.get(), 1, "the copy's finalizer");
    drop(b);
    assert_eq!(runs.get(), 2, "the original's");
}

// --- new_cyclic --------------------------------------------------------------------------

/// A node that names itself weakly, and may name itself strongly (a cycle).
struct SelfNode {
    me: Weak<SelfNode>,
    strong: RefCell<Option<Gc<SelfNode>>>,
    log: Log,
}

impl Trace for SelfNode {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.me.trace(tracer);
        self.strong.trace(tracer);
    }
    fn drop_handles(&self) {
        self.strong.drop_handles();
    }
}

impl Drop for SelfNode {
    fn drop(&mut self) {
        self.log.push("drop node");
    }
}

#[test]
fn new_cyclic_gives_a_weak_that_upgrades_only_once_built() {
    let log = Log::default();
    let node = Gc::new_cyclic(|me: &Weak<SelfNode>| {
        assert!(me.upgrade().is_none());
        assert_eq!((me.strong_count(), me.weak_count()), (0, 0));
        SelfNode {
            me: me.clone(),
            strong: RefCell::new(None),
            log: log.clone(),
        }
    });
    let back = node.me.upgrade().expect("built");
    assert!(Gc::ptr_eq(&back, &node));
    assert_eq!((Gc::strong_count(&node), Gc::weak_count(&node)), (2, 1));
    assert!(
        Weak::ptr_eq(&node.me, &Gc::downgrade(&node)),
        "the plain cell"
    );
    drop(back);
    let me = node.me.clone();
    drop(node);
    assert_eq!(
        log.take(),
        ["drop node"],
        "a weak self-reference is no cycle"
    );
    assert!(me.upgrade().is_none());
}

#[test]
fn a_self_referential_node_from_new_cyclic_is_freed_by_the_collector() {
    let log = Log::default();
    let node = Gc::new_cyclic(|me| SelfNode {
        me: me.clone(),
        strong: RefCell::new(None),
        log: log.clone(),
    });
    *node.strong.borrow_mut() = node.me.upgrade(); // node -> node
    let watcher = Gc::downgrade(&node);
    drop(node);
    assert_eq!(log.take(), Vec::<String>::new(), "kept by its own cycle");
    assert_eq!(watcher.strong_count(), 1);
    assert_eq!(gc::collect(), 1);
    assert_eq!(log.take(), ["drop node"]);
    assert!(watcher.upgrade().is_none());
}

#[test]
fn new_cyclic_whose_weak_is_not_kept_leaves_no_weak_reference() {
    let node = Gc::new_cyclic(|_: &Weak<i64>| 5_i64);
    assert_eq!((*node, Gc::weak_count(&node)), (5, 0));
    assert_eq!(Gc::into_inner(node), Some(5));
}

#[test]
fn a_panic_in_new_cyclic_leaves_the_kept_weak_naming_nothing() {
    let kept: RefCell<Option<Weak<i64>>> = RefCell::new(None);
    let result = catch_unwind(AssertUnwindSafe(|| {
        Gc::new_cyclic(|me: &Weak<i64>| {
            *kept.borrow_mut() = Some(me.clone());
            panic!("no value")
        })
    }));
    assert!(result.is_err());
    let kept = kept.into_inner().unwrap();
    assert!(kept.upgrade().is_none());
    assert_eq!((kept.strong_count(), kept.weak_count()), (0, 0));
}

// --- Weak: new, counts, ptr_eq -----------------------------------------------------------

#[test]
fn weak_new_names_nothing_and_costs_nothing() {
    let objects_before = gc::get_objects(None).unwrap().len();
    let nothing: Weak<String> = Weak::new();
    let copy = nothing.clone();
    assert!(nothing.upgrade().is_none());
    assert_eq!((nothing.strong_count(), nothing.weak_count()), (0, 0));
    assert!(Weak::ptr_eq(&nothing, &copy));
    assert!(Weak::ptr_eq(&nothing, &Weak::default()));
    let dead = Gc::downgrade(&Gc::new(String::from("gone")));
    assert!(!Weak::ptr_eq(&nothing, &dead));
    assert_eq!(gc::get_objects(None).unwrap().len(), objects_before);
    assert!(format!("{nothing:?}").ends_with("dead>"));
    // Traced inside a tracked object, it is no edge.
    let holder = Gc::new(RefCell::new(vec![Weak::<String>::new(), copy]));
    assert_eq!(gc::get_referents(&holder).len(), 0);
    drop(holder);
    assert_eq!(gc::collect(), 0);
}

#[test]
fn weak_counts_follow_std() {
    let strong = Gc::new(String::from("s"));
    let first = Gc::downgrade(&strong);
    assert_eq!((first.strong_count(), first.weak_count()), (1, 1));
    let second = first.clone();
    let other = strong.clone();
    let called = Weak::with_callback(&strong, || {});
    assert_eq!((second.strong_count(), second.weak_count()), (2, 3));
    assert_eq!(Gc::weak_count(&strong), 3);
    drop(called);
    assert_eq!(Gc::weak_count(&other), 2);
    drop((strong, other));
    assert_eq!((first.strong_count(), first.weak_count()), (0, 0));
}

#[test]
fn weak_ptr_eq_is_one_weak_reference_and_survives_the_object() {
    let a = Gc::new(1_i64);
    let b = Gc::new(1_i64);
    let plain = Gc::downgrade(&a);
    let called = Weak::with_callback(&a, || {});
    assert!(Weak::ptr_eq(&plain, &Gc::downgrade(&a)));
    assert!(!Weak::ptr_eq(&plain, &called), "a callback makes its own");
    assert!(!Weak::ptr_eq(&plain, &Gc::downgrade(&b)));
    let clone = plain.clone();
    drop(a);
    assert!(
        Weak::ptr_eq(&plain, &clone),
        "still equal once the object is gone"
    );
    assert!(!Weak::ptr_eq(&plain, &Weak::new()));
}
