//! Weak references: names that do not keep an object alive.
//!
//! A [`Weak<T>`] points at a small cell, not at the object: the cell holds the target
//! (until the target dies), the number of `Weak` handles, and an optional callback. The
//! heap keeps a table from each weakly referenced object to its cells (only objects with
//! weak references have an entry, flagged `HAS_WEAK` in their header), so a dying object
//! clears its cells and calls their callbacks.
//!
//! PEP 442's order in a collection: weak references to garbage are cleared first, and a
//! callback runs only if the weak reference itself is not garbage (a `Weak` held only by
//! garbage objects dies with them, its callback never called); then finalizers run.

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::heap::with_heap;
use crate::object::{Header, flag};
use crate::refcount::{Gc, incref};
use crate::trace::{Trace, Tracer};

/// A boxed weak-reference callback.
type Callback = Box<dyn FnOnce()>;

/// The shared state of the `Weak` handles made by one `downgrade` chain.
pub(crate) struct WeakCell {
    /// `Weak` handles, plus temporary holds of the runtime.
    pub(crate) weak: Cell<usize>,
    /// The object, until it dies.
    pub(crate) target: Cell<Option<NonNull<Header>>>,
    /// Called once when the target dies, if the weak reference is alive then.
    pub(crate) callback: Cell<Option<Callback>>,
    /// Made by [`Weak::with_callback`] (never shared with plain `downgrade`s).
    pub(crate) has_callback: bool,
}

impl WeakCell {
    fn new(target: NonNull<Header>, callback: Option<Callback>) -> NonNull<WeakCell> {
        let has_callback = callback.is_some();
        NonNull::from(Box::leak(Box::new(WeakCell {
            weak: Cell::new(1),
            target: Cell::new(Some(target)),
            callback: Cell::new(callback),
            has_callback,
        })))
    }
}

/// Adds a hold on a cell.
pub(crate) fn hold(cell: NonNull<WeakCell>) {
    // SAFETY: the caller has a live cell (a handle, or the heap's table entry).
    let weak = &unsafe { cell.as_ref() }.weak;
    weak.set(weak.get() + 1);
}

/// Drops a hold on a cell; the last one frees it (and an uncalled callback).
///
/// # Safety
/// The caller owns one hold on the live `cell`.
pub(crate) unsafe fn unhold(cell: NonNull<WeakCell>) {
    // SAFETY: the caller owns a hold, so the cell is live.
    let state = unsafe { cell.as_ref() };
    let left = state.weak.get() - 1;
    state.weak.set(left);
    if left > 0 {
        return;
    }
    if let Some(target) = state.target.take() {
        with_heap(|heap| {
            let key = target.addr().get();
            if let Some(cells) = heap.weak.get_mut(&key) {
                cells.retain(|&other| other != cell);
                if cells.is_empty() {
                    heap.weak.remove(&key);
                    // SAFETY: the target is live while its cell points at it (dying
                    // objects clear their cells first).
                    unsafe { target.as_ref() }.unset(flag::HAS_WEAK);
                }
            }
        });
    }
    // SAFETY: the cell came from `Box::leak` in `WeakCell::new` and this was the last
    // hold; dropping it may run the callback's destructor, outside any heap step.
    drop(unsafe { Box::from_raw(cell.as_ptr()) });
}

/// Detaches the weak-reference cells of a dying object, clearing their targets, and
/// returns those whose callback is still to be called, each with a hold.
pub(crate) fn detach(header: NonNull<Header>) -> Vec<NonNull<WeakCell>> {
    with_heap(|heap| {
        // SAFETY: the caller passes a live object.
        unsafe { header.as_ref() }.unset(flag::HAS_WEAK);
        let cells = heap.weak.remove(&header.addr().get()).unwrap_or_default();
        let mut pending = Vec::new();
        for cell in cells {
            // SAFETY: cells in the table are live (a cell leaves the table before it is
            // freed).
            let state = unsafe { cell.as_ref() };
            state.target.set(None);
            if state.has_callback {
                hold(cell);
                pending.push(cell);
            }
        }
        pending
    })
}

/// Calls the callback of each cell (if still there) and drops the holds of [`detach`].
///
/// # Safety
/// Each cell carries one hold owned by the caller.
pub(crate) unsafe fn call_back(cells: Vec<NonNull<WeakCell>>) {
    for cell in cells {
        // SAFETY: held.
        let callback = unsafe { cell.as_ref() }.callback.take();
        let guard = Unhold(cell);
        if let Some(callback) = callback {
            callback();
        }
        drop(guard);
    }
}

/// Drops a hold even if a callback panics.
struct Unhold(NonNull<WeakCell>);

impl Drop for Unhold {
    fn drop(&mut self) {
        // SAFETY: the hold taken by `detach` is given back once.
        unsafe { unhold(self.0) }
    }
}

/// Weak references of an object whose count reached zero: cleared, callbacks called.
pub(crate) fn clear_and_call_back(header: NonNull<Header>) {
    let cells = detach(header);
    // SAFETY: `detach` took one hold on each.
    unsafe { call_back(cells) }
}

/// A handle that does not keep its object alive (Python's `weakref.ref`).
///
/// ```
/// use pyobj_runtime::{Gc, Weak};
///
/// let strong = Gc::new(String::from("data"));
/// let weak: Weak<String> = Gc::downgrade(&strong);
/// assert_eq!(weak.upgrade().as_deref().map(String::as_str), Some("data"));
/// drop(strong);
/// assert!(weak.upgrade().is_none()); // the object is gone
/// ```
pub struct Weak<T: Trace + 'static> {
    cell: NonNull<WeakCell>,
    _target: PhantomData<fn() -> T>,
}

impl<T: Trace + 'static> Gc<T> {
    /// A weak reference to this object.
    pub fn downgrade(this: &Gc<T>) -> Weak<T> {
        let header = Gc::header(this);
        let cell = with_heap(|heap| {
            // SAFETY: the handle keeps the object live.
            unsafe { header.as_ref() }.set(flag::HAS_WEAK);
            let cells = heap.weak.entry(header.addr().get()).or_default();
            let plain = cells.iter().find(|cell| {
                // SAFETY: cells in the table are live.
                !unsafe { cell.as_ref() }.has_callback
            });
            match plain {
                Some(&shared) => {
                    hold(shared);
                    shared
                }
                None => {
                    let cell = WeakCell::new(header, None);
                    cells.push(cell);
                    cell
                }
            }
        });
        Weak {
            cell,
            _target: PhantomData,
        }
    }
}

impl<T: Trace + 'static> Weak<T> {
    /// A weak reference to `target` whose `callback` is called once when the target
    /// dies, if this weak reference (or a clone of it) is still alive then.
    ///
    /// The callback is not traced: `Gc` handles it captures are roots to the collector.
    pub fn with_callback(target: &Gc<T>, callback: impl FnOnce() + 'static) -> Weak<T> {
        let header = Gc::header(target);
        let cell = WeakCell::new(header, Some(Box::new(callback)));
        with_heap(|heap| {
            // SAFETY: the handle keeps the object live.
            unsafe { header.as_ref() }.set(flag::HAS_WEAK);
            heap.weak.entry(header.addr().get()).or_default().push(cell);
        });
        Weak {
            cell,
            _target: PhantomData,
        }
    }

    fn state(&self) -> &WeakCell {
        // SAFETY: a `Weak` holds its cell.
        unsafe { self.cell.as_ref() }
    }

    /// A strong handle, if the object is still alive.
    pub fn upgrade(&self) -> Option<Gc<T>> {
        let header = self.state().target.get()?;
        // SAFETY: a cell's target is live (it is cleared before the object is freed).
        if unsafe { header.as_ref() }.rc.get() == 0 {
            return None; // being released right now
        }
        incref(header);
        // SAFETY: the cell was made from a `Gc<T>`; one reference was just added.
        Some(unsafe { Gc::from_header(header) })
    }

    /// The number of strong handles to the object (0 once it is gone).
    pub fn strong_count(&self) -> usize {
        self.state()
            .target
            .get()
            // SAFETY: a cell's target is live.
            .map_or(0, |header| unsafe { header.as_ref() }.rc.get() as usize)
    }

    /// Whether two weak references come from the same `downgrade` (or `with_callback`)
    /// chain.
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.cell == other.cell
    }
}

impl<T: Trace + 'static> Clone for Weak<T> {
    fn clone(&self) -> Self {
        hold(self.cell);
        Weak {
            cell: self.cell,
            _target: PhantomData,
        }
    }
}

impl<T: Trace + 'static> Drop for Weak<T> {
    fn drop(&mut self) {
        // SAFETY: this handle owned one hold.
        unsafe { unhold(self.cell) }
    }
}

impl<T: Trace + 'static> std::fmt::Debug for Weak<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.state().target.get() {
            Some(header) => write!(
                f,
                "<weakref at {:p}; to '{}' at {:#x}>",
                self.cell,
                // SAFETY: a cell's target is live.
                unsafe { header.as_ref() }.type_name(),
                header.addr()
            ),
            None => write!(f, "<weakref at {:p}; dead>", self.cell),
        }
    }
}

/// A weak reference is not a strong edge, but the collector needs to see it to tell
/// whether a weak reference is itself garbage; so, as CPython's weakref objects, it counts
/// as tracked (containers of weak references are traced).
impl<T: Trace + 'static> Trace for Weak<T> {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        tracer.weak_edge(self.cell);
    }
}

// ---------------------------------------------------------------------------------------
// Type-erased weak references (used by `weakref_any.rs` and the Python `weakref.ref`
// objects). Kept apart from the typed `Weak<T>` machinery above: only these lines
// belong to that feature.
// ---------------------------------------------------------------------------------------

impl WeakCell {
    /// A new cell on the live object `target`, registered in the heap's weak table,
    /// with one hold for the caller. With a callback the cell is never shared; without
    /// one, the object's existing plain cell is shared (with one more hold), as
    /// [`Gc::downgrade`] does.
    pub(crate) fn attach(target: NonNull<Header>, callback: Option<Callback>) -> NonNull<WeakCell> {
        let plain = callback.is_none();
        with_heap(|heap| {
            // SAFETY: the caller passes a live object.
            unsafe { target.as_ref() }.set(flag::HAS_WEAK);
            let cells = heap.weak.entry(target.addr().get()).or_default();
            if plain
                && let Some(&shared) = cells.iter().find(|cell| {
                    // SAFETY: cells in the table are live.
                    !unsafe { cell.as_ref() }.has_callback
                })
            {
                hold(shared);
                return shared;
            }
            let cell = WeakCell::new(target, callback);
            cells.push(cell);
            cell
        })
    }
}
