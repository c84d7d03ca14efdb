//! An object dies with several weak references whose callbacks panic or not: every
//! callback runs, the first panic reaches the code that dropped the object, and every
//! callback's closure is freed (a finding of the `graph` fuzz target, RELIABILITY.md F1).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use pyobj_runtime::{Gc, Weak, gc};

/// Counts its drops (the closure that owns it was freed).
struct Dropped(Rc<Cell<usize>>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn a_panicking_weak_callback_does_not_skip_the_others() {
    let reports = Rc::new(Cell::new(0));
    let counted = Rc::clone(&reports);
    let previous = gc::set_unraisable_hook(Rc::new(move |_| counted.set(counted.get() + 1)));
    let called = Rc::new(Cell::new(0));
    let freed = Rc::new(Cell::new(0));
    let target = Gc::new(5_u32);
    let mut weaks: Vec<Weak<u32>> = Vec::new();
    for panics in [true, false, true, false] {
        let called = Rc::clone(&called);
        let owned = Dropped(Rc::clone(&freed));
        weaks.push(Weak::with_callback(&target, move || {
            let _owned = owned;
            called.set(called.get() + 1);
            assert!(!panics, "callback panics");
        }));
    }
    let outcome = catch_unwind(AssertUnwindSafe(move || drop(target)));
    let message = outcome.unwrap_err();
    assert_eq!(message.downcast_ref::<&str>(), Some(&"callback panics"));
    assert_eq!(called.get(), 4, "every callback ran");
    assert_eq!(reports.get(), 1, "the second panic went to the hook");
    assert_eq!(freed.get(), 4, "every callback's closure was freed");
    assert!(weaks.iter().all(|weak| weak.upgrade().is_none()));
    drop(weaks);
    gc::set_unraisable_hook(previous);
}
