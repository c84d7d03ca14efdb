//! What the last collection of an exiting thread does with `DEBUG_SAVEALL` set: it saves
//! the cycles in the thread's `gc.garbage`, which nobody reads again, so none is freed
//! (see `gc::set_debug`). Without the flag, the same cycles are freed.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use pyobj_runtime::{Gc, Trace, Tracer, gc};

struct Node {
    drops: &'static AtomicUsize,
    next: RefCell<Option<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

/// Ends a thread that leaves two 2-cycles behind, with `flags` set; returns how many
/// nodes were dropped by the time it is joined.
fn two_cycles_at_thread_exit(flags: u32, drops: &'static AtomicUsize) -> usize {
    std::thread::spawn(move || {
        gc::set_debug(flags);
        for _ in 0..2 {
            let a = Gc::new(Node {
                drops,
                next: RefCell::new(None),
            });
            let b = Gc::new(Node {
                drops,
                next: RefCell::new(Some(a.clone())),
            });
            *a.next.borrow_mut() = Some(b);
        }
    })
    .join()
    .expect("the thread ends normally");
    drops.load(Ordering::Relaxed)
}

#[test]
fn without_saveall_the_exit_collection_frees_both_cycles() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    assert_eq!(two_cycles_at_thread_exit(0, &DROPS), 4);
}

#[test]
#[cfg_attr(miri, ignore = "leaks on purpose: the saved cycles are never freed")]
fn with_saveall_the_exit_collection_saves_both_cycles_and_frees_none() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    assert_eq!(two_cycles_at_thread_exit(gc::DEBUG_SAVEALL, &DROPS), 0);
}
