//! Test types shared by the integration tests: objects with edges the collector can
//! clear, and a per-thread count of values dropped.
#![allow(dead_code)] // each test file uses part of this module

use std::cell::{Cell, RefCell};

use pyobj_runtime::{AnyGc, Gc, Handle, Trace, Tracer, gc};

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

/// How many [`Obj`] and [`Node`] values this thread dropped so far.
pub(crate) fn drops() -> usize {
    DROPS.with(Cell::get)
}

/// Counts one drop in [`drops`].
pub(crate) fn count_drop() {
    // The counter may be gone already when a value is dropped at thread exit.
    let _ = DROPS.try_with(|drops| drops.set(drops.get() + 1));
}

/// A Python list: a name and a `RefCell<Vec<Gc<Obj>>>` of items, which the collector
/// can empty to break a cycle.
pub(crate) struct Obj {
    pub(crate) name: &'static str,
    pub(crate) items: RefCell<Vec<Gc<Obj>>>,
}

impl Trace for Obj {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
    }
}

impl Drop for Obj {
    fn drop(&mut self) {
        count_drop();
    }
}

/// `name = []`.
pub(crate) fn obj(name: &'static str) -> Gc<Obj> {
    Gc::new(Obj {
        name,
        items: RefCell::new(Vec::new()),
    })
}

/// `from.append(to)`.
pub(crate) fn link(from: &Gc<Obj>, to: &Gc<Obj>) {
    from.items.borrow_mut().push(to.clone());
}

/// `names[0] -> names[1] -> ... -> names[0]`: a ring of lists, one handle to each.
pub(crate) fn ring(names: &[&'static str]) -> Vec<Gc<Obj>> {
    let objects: Vec<Gc<Obj>> = names.iter().map(|&name| obj(name)).collect();
    for (i, object) in objects.iter().enumerate() {
        link(object, &objects[(i + 1) % objects.len()]);
    }
    objects
}

/// A chain link: `next` is fixed at construction (the collector cannot clear it), `back`
/// is a cell that can close a ring.
pub(crate) struct Node {
    pub(crate) value: usize,
    pub(crate) next: Option<Gc<Node>>,
    pub(crate) back: RefCell<Option<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
        self.back.trace(tracer);
    }
    fn drop_handles(&self) {
        self.back.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        count_drop();
    }
}

/// A chain of `len` nodes, `len - 1` at the head down to `0` at the tail. Returns
/// (head, tail).
pub(crate) fn chain(len: usize) -> (Gc<Node>, Gc<Node>) {
    assert!(len > 0);
    let tail = Gc::new(Node {
        value: 0,
        next: None,
        back: RefCell::new(None),
    });
    let mut head = tail.clone();
    for value in 1..len {
        head = Gc::new(Node {
            value,
            next: Some(head),
            back: RefCell::new(None),
        });
    }
    (head, tail)
}

/// Whether `objects` holds a handle to the same object as `handle`.
pub(crate) fn contains(objects: &[AnyGc], handle: &impl Handle) -> bool {
    objects
        .iter()
        .any(|object| AnyGc::ptr_eq(object, handle.as_any()))
}

/// An object whose edge sits in a bare `RefCell<Gc<_>>`: `drop_handles` cannot take
/// the handle out, so a cycle of these is uncollectable.
pub(crate) enum Stuck {
    /// No edge.
    End,
    /// One edge.
    Link(RefCell<Gc<Stuck>>),
}

impl Trace for Stuck {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if let Stuck::Link(next) = self {
            next.trace(tracer);
        }
    }
    fn drop_handles(&self) {
        if let Stuck::Link(next) = self {
            next.drop_handles();
        }
    }
}

impl Drop for Stuck {
    fn drop(&mut self) {
        if let Stuck::Link(_) = self {
            count_drop();
        }
    }
}

impl Stuck {
    /// Points a link somewhere else.
    pub(crate) fn set_next(&self, next: Gc<Stuck>) {
        let Stuck::Link(cell) = self else {
            panic!("not a link")
        };
        *cell.borrow_mut() = next;
    }
}

/// `a -> b -> a` through edges `drop_handles` cannot break.
pub(crate) fn stuck_pair() -> (Gc<Stuck>, Gc<Stuck>) {
    let a = Gc::new(Stuck::Link(RefCell::new(Gc::new(Stuck::End))));
    let b = Gc::new(Stuck::Link(RefCell::new(a.clone())));
    a.set_next(b.clone());
    (a, b)
}

/// Empties `gc.garbage`, breaking each uncollectable [`Stuck`] cycle by hand so that it
/// is freed.
pub(crate) fn free_stuck_garbage() {
    for object in gc::take_garbage() {
        if let Some(stuck) = object.downcast_ref::<Stuck>() {
            stuck.set_next(Gc::new(Stuck::End));
        }
    }
}
