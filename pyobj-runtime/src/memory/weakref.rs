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
use crate::refcount::{AnyGc, Gc, GcBox, incref, is_thin};
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
    /// A [`WideCell`]: made for a `Weak` of an unsized type, never shared either.
    wide: bool,
    /// Frees the cell (a `WeakCell`, or a `WideCell` of the type it was made for).
    free: unsafe fn(NonNull<WeakCell>),
}

/// Frees a plain cell.
///
/// # Safety
/// `cell` came from `Box::leak` of a `Box<WeakCell>` and is not used again.
unsafe fn free_plain(cell: NonNull<WeakCell>) {
    // SAFETY: the caller's contract.
    drop(unsafe { Box::from_raw(cell.as_ptr()) });
}

/// The cell of a `Weak<T>` of an unsized `T` (`Weak<dyn Trait>`, `Weak<str>`): a
/// [`WeakCell`] followed by the object's wide pointer, from which `upgrade` makes the
/// `Gc<T>` (the header alone does not know the metadata: a `Gc<dyn Shape>` and a
/// `Gc<dyn Debug>` may name one object). Read only while the target lives.
#[repr(C)]
struct WideCell<T: ?Sized> {
    cell: WeakCell,
    object: NonNull<GcBox<T>>,
}

impl<T: ?Sized> WideCell<T> {
    /// A new cell on `object`, with one hold for the caller; the caller registers it in
    /// the heap's table.
    fn make(object: NonNull<GcBox<T>>, callback: Option<Callback>) -> NonNull<WeakCell> {
        let has_callback = callback.is_some();
        let cell = NonNull::from(Box::leak(Box::new(WideCell {
            cell: WeakCell {
                weak: Cell::new(1),
                target: Cell::new(Some(object.cast())),
                callback: Cell::new(callback),
                has_callback,
                wide: true,
                free: Self::free,
            },
            object,
        })));
        // The whole allocation's pointer: `free` and `object_of` read past the
        // `WeakCell`.
        cell.cast()
    }

    /// # Safety
    /// `cell` was made by [`WideCell::make`] for this `T` and is not used again.
    unsafe fn free(cell: NonNull<WeakCell>) {
        // SAFETY: the caller's contract: a leaked `Box<WideCell<T>>`.
        drop(unsafe { Box::from_raw(cell.cast::<WideCell<T>>().as_ptr()) });
    }
}

impl WeakCell {
    fn new(target: NonNull<Header>, callback: Option<Callback>) -> NonNull<WeakCell> {
        let has_callback = callback.is_some();
        NonNull::from(Box::leak(Box::new(WeakCell {
            weak: Cell::new(1),
            target: Cell::new(Some(target)),
            callback: Cell::new(callback),
            has_callback,
            wide: false,
            free: free_plain,
        })))
    }

    /// A plain cell with no target yet, outside the heap's table ([`Gc::new_cyclic`]
    /// attaches it once the object exists), with one hold for the caller.
    fn unattached() -> NonNull<WeakCell> {
        NonNull::from(Box::leak(Box::new(WeakCell {
            weak: Cell::new(1),
            target: Cell::new(None),
            callback: Cell::new(None),
            has_callback: false,
            wide: false,
            free: free_plain,
        })))
    }
}

/// The number of weak references (handles of any kind) to the live object `header`.
pub(crate) fn weak_count_of(header: NonNull<Header>) -> usize {
    // SAFETY: the caller passes a live object.
    if !unsafe { header.as_ref() }.has(flag::HAS_WEAK) {
        return 0;
    }
    with_heap(|heap| {
        heap.weak.get(&header.addr().get()).map_or(0, |cells| {
            cells
                .iter()
                // SAFETY: cells in the table are live. While their target lives, a
                // cell's holds are its handles (the runtime's temporary holds are taken
                // on cells of dying objects only).
                .map(|cell| unsafe { cell.as_ref() }.weak.get())
                .sum()
        })
    })
}

/// A handle to the object a weak-reference cell points at, if it is alive and not being
/// released: what a heap snapshot shows at the end of a weak edge. Called only while the
/// cell is live: from a `Trace` impl reporting the `Weak` that holds it.
pub(crate) fn live_target(cell: NonNull<WeakCell>) -> Option<AnyGc> {
    // SAFETY: the cell is live while the `Weak` reporting it exists (the caller's rule:
    // it is being traced, so its owner holds it).
    let target = unsafe { cell.as_ref() }.target.get()?;
    // SAFETY: a cell's target is live (it is cleared before the object is freed).
    let alive = unsafe { target.as_ref() }.rc.get() != 0;
    alive.then(|| AnyGc::from_borrowed(target))
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
    let free = state.free;
    // SAFETY: the cell came from `Box::leak` in `WeakCell::new` (or `WideCell::make`, whose
    // `free` this is) and this was the last hold; dropping it may run the callback's
    // destructor, outside any heap step.
    unsafe { free(cell) };
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
/// Every callback is called even when one panics: the first panic resumes after the
/// last callback (later ones go to the unraisable hook), so that no cell keeps a hold
/// and no callback is skipped.
///
/// # Safety
/// Each cell carries one hold owned by the caller.
pub(crate) unsafe fn call_back(cells: Vec<NonNull<WeakCell>>) {
    let mut first_panic = None;
    for cell in cells {
        // SAFETY: held.
        let callback = unsafe { cell.as_ref() }.callback.take();
        let guard = Unhold(cell);
        if let Some(callback) = callback
            && let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(callback))
        {
            match first_panic {
                None => first_panic = Some(payload),
                Some(_) => crate::unraisable::report_panic(
                    payload,
                    crate::unraisable::Site::Named("<weakref callback>"),
                ),
            }
        }
        drop(guard);
    }
    if let Some(payload) = first_panic {
        std::panic::resume_unwind(payload);
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
/// use pyobj::{Gc, Weak};
///
/// let strong = Gc::new(String::from("data"));
/// let weak: Weak<String> = Gc::downgrade(&strong);
/// assert_eq!(weak.upgrade().as_deref().map(String::as_str), Some("data"));
/// drop(strong);
/// assert!(weak.upgrade().is_none()); // the object is gone
/// ```
///
/// `T` may be unsized (`Weak<dyn Trait>`, `Weak<str>`), as for [`Gc`]: a weak reference
/// is one pointer wide for any `T` (a weak reference to an unsized value keeps the
/// object's wide pointer in its cell). Each [`Gc::downgrade`] of an unsized handle makes
/// a cell of its own, so two of them are not [`Weak::ptr_eq`] (those of a sized handle
/// are).
///
/// ```
/// use std::fmt::Debug;
/// use pyobj::{Gc, Weak, coerce_gc};
///
/// let strong: Gc<dyn Debug> = coerce_gc!(Gc::new(3_u8) => dyn Debug);
/// let weak: Weak<dyn Debug> = Gc::downgrade(&strong);
/// assert_eq!(format!("{:?}", weak.upgrade().unwrap()), "3");
/// drop(strong);
/// assert!(weak.upgrade().is_none());
/// ```
pub struct Weak<T: ?Sized> {
    /// The cell (a [`WideCell<T>`] when `T` is unsized), or [`NOTHING`] for a weak
    /// reference made by [`Weak::new`].
    cell: NonNull<WeakCell>,
    _target: PhantomData<fn() -> T>,
}

/// What a weak reference made by [`Weak::new`] holds instead of a cell: an address no
/// allocation has (as std's `Weak::new`), never dereferenced.
const NOTHING: NonNull<WeakCell> = NonNull::without_provenance(std::num::NonZeroUsize::MAX);

impl WeakCell {
    /// Whether plain `downgrade`s of its object may share it.
    fn shareable(&self) -> bool {
        !self.has_callback && !self.wide
    }
}

/// Registers a new cell of the live object `header` in the heap's table.
fn register(header: NonNull<Header>, cell: NonNull<WeakCell>) {
    with_heap(|heap| {
        // SAFETY: the caller passes a live object.
        unsafe { header.as_ref() }.set(flag::HAS_WEAK);
        heap.weak.entry(header.addr().get()).or_default().push(cell);
    });
}

impl<T: ?Sized> Gc<T> {
    /// A weak reference to this object.
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let text: Gc<str> = Gc::from("kept");
    /// let weak = Gc::downgrade(&text);
    /// assert_eq!(weak.upgrade().as_deref(), Some("kept"));
    /// assert_eq!((Gc::strong_count(&text), Gc::weak_count(&text)), (1, 1));
    /// ```
    pub fn downgrade(this: &Gc<T>) -> Weak<T> {
        let header = Gc::header(this);
        if !is_thin::<T>() {
            let cell = WideCell::make(Gc::raw_object(this), None);
            register(header, cell);
            return Weak {
                cell,
                _target: PhantomData,
            };
        }
        let cell = with_heap(|heap| {
            // SAFETY: the handle keeps the object live.
            unsafe { header.as_ref() }.set(flag::HAS_WEAK);
            let cells = heap.weak.entry(header.addr().get()).or_default();
            let plain = cells.iter().find(|cell| {
                // SAFETY: cells in the table are live.
                unsafe { cell.as_ref() }.shareable()
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

impl<T: Trace + 'static> Gc<T> {
    /// An object built by `data_fn`, which gets a weak reference to it (std's
    /// `Rc::new_cyclic`): the way to make an object that names itself without a cycle
    /// of strong handles.
    ///
    /// The weak reference cannot be upgraded while `data_fn` runs (`upgrade` returns
    /// `None`, `strong_count` is 0); it names the object once `new_cyclic` returns. If
    /// `data_fn` panics, the weak references it kept never name anything.
    ///
    /// The weak reference's cell exists before the object does, and is attached to it
    /// afterwards; no half-built object is ever on the heap while `data_fn` runs.
    ///
    /// ```
    /// use pyobj::{Gc, Trace, Tracer, Weak};
    ///
    /// struct Node {
    ///     me: Weak<Node>,
    /// }
    /// impl Trace for Node {
    ///     const TRACKED: bool = true;
    ///     fn trace(&self, tracer: &mut Tracer<'_>) {
    ///         self.me.trace(tracer);
    ///     }
    /// }
    ///
    /// let node = Gc::new_cyclic(|me: &Weak<Node>| {
    ///     assert!(me.upgrade().is_none()); // not built yet
    ///     Node { me: me.clone() }
    /// });
    /// assert!(Gc::ptr_eq(&node.me.upgrade().unwrap(), &node));
    /// assert_eq!((Gc::strong_count(&node), Gc::weak_count(&node)), (1, 1));
    /// ```
    #[track_caller]
    pub fn new_cyclic(data_fn: impl FnOnce(&Weak<T>) -> T) -> Gc<T> {
        let weak = Weak {
            cell: WeakCell::unattached(),
            _target: PhantomData,
        };
        let value = data_fn(&weak);
        let gc = Gc::new(value);
        let cell = weak.cell;
        // SAFETY: `weak` holds its cell.
        if unsafe { cell.as_ref() }.weak.get() > 1 {
            // Some clone outlives `weak`: attach the cell to the object, as `downgrade`
            // would have made it (a plain cell in the object's table entry).
            let header = Gc::header(&gc);
            with_heap(|heap| {
                // SAFETY: `gc` keeps the object live.
                unsafe { header.as_ref() }.set(flag::HAS_WEAK);
                // SAFETY: `weak` holds its cell.
                unsafe { cell.as_ref() }.target.set(Some(header));
                heap.weak.entry(header.addr().get()).or_default().push(cell);
            });
        }
        drop(weak);
        gc
    }
}

impl<T> Weak<T> {
    /// A weak reference to nothing (std's `Weak::new`): `upgrade` always returns `None`.
    /// It allocates nothing, neither an object nor a cell.
    ///
    /// ```
    /// use pyobj::Weak;
    ///
    /// let nothing: Weak<String> = Weak::new();
    /// assert!(nothing.upgrade().is_none());
    /// assert_eq!((nothing.strong_count(), nothing.weak_count()), (0, 0));
    /// assert!(Weak::ptr_eq(&nothing, &Weak::new()));
    /// ```
    pub const fn new() -> Weak<T> {
        Weak {
            cell: NOTHING,
            _target: PhantomData,
        }
    }
}

impl<T: ?Sized> Weak<T> {
    /// The cell, unless this weak reference was made by [`Weak::new`].
    fn cell(&self) -> Option<NonNull<WeakCell>> {
        (self.cell != NOTHING).then_some(self.cell)
    }

    /// A weak reference to `target` whose `callback` is called once when the target
    /// dies, if this weak reference (or a clone of it) is still alive then.
    ///
    /// The callback is not traced: `Gc` handles it captures are roots to the collector.
    pub fn with_callback(target: &Gc<T>, callback: impl FnOnce() + 'static) -> Weak<T> {
        let header = Gc::header(target);
        let callback: Callback = Box::new(callback);
        let cell = if is_thin::<T>() {
            WeakCell::new(header, Some(callback))
        } else {
            WideCell::make(Gc::raw_object(target), Some(callback))
        };
        register(header, cell);
        Weak {
            cell,
            _target: PhantomData,
        }
    }

    fn state(&self) -> Option<&WeakCell> {
        // SAFETY: a `Weak` holds its cell (when it has one).
        self.cell().map(|cell| unsafe { cell.as_ref() })
    }

    /// The object, while it lives.
    fn target(&self) -> Option<NonNull<Header>> {
        self.state()?.target.get()
    }

    /// A strong handle, if the object is still alive.
    pub fn upgrade(&self) -> Option<Gc<T>> {
        let header = self.target()?;
        // SAFETY: a cell's target is live (it is cleared before the object is freed).
        if unsafe { header.as_ref() }.rc.get() == 0 {
            return None; // being released right now
        }
        incref(header);
        let object: NonNull<GcBox<T>> = if is_thin::<T>() {
            // SAFETY: pointers to `T` are thin, so `NonNull<GcBox<T>>` is the header's
            // address and provenance alone: the same bits as `header`.
            unsafe { std::mem::transmute_copy::<NonNull<Header>, NonNull<GcBox<T>>>(&header) }
        } else {
            // SAFETY: the cell of a `Weak` of an unsized `T` is a `WideCell<T>`
            // (`downgrade`, `with_callback`), whose `object` names the target, live (the
            // target is set); the field is read through the cell's own pointer.
            unsafe { (*self.cell.cast::<WideCell<T>>().as_ptr()).object }
        };
        // SAFETY: the cell was made from a `Gc<T>` of this object (the same value and
        // metadata); one reference was just added.
        Some(unsafe { Gc::from_raw_object(object) })
    }

    /// The number of strong handles to the object (0 once it is gone, and for
    /// [`Weak::new`]).
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let strong = Gc::new(1_i64);
    /// let weak = Gc::downgrade(&strong);
    /// let other = strong.clone();
    /// assert_eq!(weak.strong_count(), 2);
    /// drop((strong, other));
    /// assert_eq!(weak.strong_count(), 0);
    /// ```
    pub fn strong_count(&self) -> usize {
        self.target()
            // SAFETY: a cell's target is live.
            .map_or(0, |header| unsafe { header.as_ref() }.rc.get() as usize)
    }

    /// The number of weak references to the object, this one included (as
    /// [`Gc::weak_count`]); 0 once the object is gone, as std's `Weak::weak_count`.
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let strong = Gc::new(1_i64);
    /// let weak = Gc::downgrade(&strong);
    /// let other = Gc::downgrade(&strong);
    /// assert_eq!(weak.weak_count(), 2);
    /// drop(strong);
    /// assert_eq!(other.weak_count(), 0);
    /// ```
    pub fn weak_count(&self) -> usize {
        self.target().map_or(0, weak_count_of)
    }

    /// Whether two weak references are the same weak reference: clones, or plain
    /// `downgrade`s of one object (which share one cell, as `weakref.ref(x) is
    /// weakref.ref(x)` in Python), or both made by [`Weak::new`] (as std's
    /// `Weak::ptr_eq`). A weak reference with a callback is its own: like Python's
    /// `weakref.ref(x, callback)`, it is not `ptr_eq` to another weak reference to the
    /// same object (std has no such weak references; compare the `upgrade`s, with
    /// [`Gc::ptr_eq`], to ask whether two weak references name the same object).
    ///
    /// ```
    /// use pyobj::{Gc, Weak};
    ///
    /// let a = Gc::new(1_i64);
    /// let b = Gc::new(1_i64);
    /// assert!(Weak::ptr_eq(&Gc::downgrade(&a), &Gc::downgrade(&a)));
    /// assert!(!Weak::ptr_eq(&Gc::downgrade(&a), &Gc::downgrade(&b)));
    /// assert!(!Weak::ptr_eq(&Weak::with_callback(&a, || ()), &Gc::downgrade(&a)));
    /// assert!(Weak::ptr_eq(&Weak::<i64>::new(), &Weak::new()));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.cell == other.cell
    }
}

impl<T> Default for Weak<T> {
    /// [`Weak::new`].
    fn default() -> Self {
        Weak::new()
    }
}

impl<T: ?Sized> Clone for Weak<T> {
    fn clone(&self) -> Self {
        if let Some(cell) = self.cell() {
            hold(cell);
        }
        Weak {
            cell: self.cell,
            _target: PhantomData,
        }
    }
}

impl<T: ?Sized> Drop for Weak<T> {
    fn drop(&mut self) {
        if let Some(cell) = self.cell() {
            // SAFETY: this handle owned one hold.
            unsafe { unhold(cell) }
        }
    }
}

impl<T: ?Sized> std::fmt::Debug for Weak<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.target() {
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
impl<T: ?Sized> Trace for Weak<T> {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if let Some(cell) = self.cell() {
            tracer.weak_edge(cell);
        }
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
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) fn attach(target: NonNull<Header>, callback: Option<Callback>) -> NonNull<WeakCell> {
        let plain = callback.is_none();
        with_heap(|heap| {
            // SAFETY: the caller passes a live object.
            unsafe { target.as_ref() }.set(flag::HAS_WEAK);
            let cells = heap.weak.entry(target.addr().get()).or_default();
            if plain
                && let Some(&shared) = cells.iter().find(|cell| {
                    // SAFETY: cells in the table are live.
                    unsafe { cell.as_ref() }.shareable()
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
