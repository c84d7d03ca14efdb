//! Finalizers with PEP 442's semantics (Python's `__del__`).
//!
//! A finalizer runs once per object, on an intact object, at the first of: its count
//! reaching zero, or the collector finding it in unreachable garbage. It receives a handle,
//! so it may resurrect the object by storing a clone somewhere; a resurrected object lives
//! on (with whatever it reaches) and its finalizer never runs again.
//!
//! `Drop` impls are another thing: they run when the value is finally dropped, and in a
//! collected cycle they see their fields live or already cleared, never dropped.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::object::{Header, VTable, flag};
use crate::refcount::{Gc, GcBox};
use crate::trace::Trace;

/// A type with a finalizer (Python's `__del__`).
///
/// # Which objects get it
/// The finalizer is chosen per object, when it is made, as CPython's `__del__` belongs
/// to the class the object is made from:
/// - a type that **derives `Trace`**, has **no generic parameters** and implements
///   `Finalize` gets it from every constructor: [`Gc::new`], `Gc::new_cyclic`,
///   `Gc::from`, `Gc::default`. The derive sees the impl at compile time; a type without
///   one pays nothing (its objects are made exactly as before).
/// - a **generic** type that derives `Trace` gets it the same way when it asks for it
///   with `#[trace(finalize)]` on the type (the derive cannot see an impl for one
///   instantiation, `Node<i64>`, from the generic `Node<T>`). Without the attribute, only
///   [`Gc::with_finalizer`] attaches it.
/// - a type with a **hand-written** `Trace` impl gets it only from
///   [`Gc::with_finalizer`]: `Gc::new` ignores its `Finalize` impl.
///
/// [`Gc::with_finalizer`] attaches it in every case.
///
/// ```
/// use std::cell::Cell;
/// use pyobj::{Finalize, Gc, Trace};
///
/// thread_local!(static CLOSED: Cell<u32> = const { Cell::new(0) });
///
/// #[derive(Trace)]
/// struct File {
///     name: String,
/// }
/// impl Finalize for File {
///     fn finalize(this: &Gc<Self>) {
///         assert_eq!(this.name, "log.txt");
///         CLOSED.with(|closed| closed.set(closed.get() + 1));
///     }
/// }
///
/// drop(Gc::new(File { name: "log.txt".into() })); // the derive found the finalizer
/// assert_eq!(CLOSED.with(Cell::get), 1);
/// ```
///
/// A hand-written `Trace` impl, with [`Gc::with_finalizer`]:
///
/// ```
/// use std::cell::Cell;
/// use pyobj::{Finalize, Gc, Trace, Tracer};
///
/// struct Resource { closed: Cell<bool> }
/// impl Trace for Resource {
///     const TRACKED: bool = false;
///     fn trace(&self, _: &mut Tracer<'_>) {}
/// }
/// impl Finalize for Resource {
///     fn finalize(this: &Gc<Self>) {
///         println!("closing");
///         this.closed.set(true);
///     }
/// }
///
/// let r = Gc::with_finalizer(Resource { closed: Cell::new(false) });
/// drop(r); // prints "closing", then the object is freed
/// ```
pub trait Finalize: Trace + Sized + 'static {
    /// Called once, before the object dies. Storing a clone of `this` somewhere keeps the
    /// object alive (resurrection).
    fn finalize(this: &Gc<Self>);
}

struct Finalizable<T>(T);

impl<T: Finalize> Finalizable<T> {
    const VTABLE: VTable = {
        assert!(
            !crate::refcount::VTableOf::<T>::is_exclusive(),
            "this type's objects all share one vtable: it cannot take a finalizer"
        );
        VTable {
            finalize: Some(finalize_value::<T>),
            ..GcBox::<T>::VTABLE
        }
    };
}

/// # Safety
/// `header` is a live object of type `T` with a count of at least one owned by the caller
/// for the duration of the call.
unsafe fn finalize_value<T: Finalize>(header: NonNull<Header>) {
    // SAFETY: a live `T`; the handle is not dropped, so it takes no reference.
    let this = ManuallyDrop::new(unsafe { Gc::<T>::from_header(header) });
    T::finalize(&this);
}

impl<T: Finalize> Gc<T> {
    /// Puts `value` on the heap with its finalizer ([`Finalize::finalize`]) attached.
    ///
    /// [`Gc::new`] does the same for a type whose derived `Trace` found the `Finalize`
    /// impl (see [`Finalize`]); for any other type (a generic one without
    /// `#[trace(finalize)]`, a hand-written `Trace` impl) this is the constructor that
    /// attaches it.
    #[track_caller]
    pub fn with_finalizer(value: T) -> Gc<T> {
        Gc::allocate(
            value,
            &Finalizable::<T>::VTABLE,
            Some(std::panic::Location::caller()),
        )
    }
}

/// A type's finalizer, as `#[derive(Trace)]` hands it to the runtime
/// ([`Trace::FINALIZE`]). Not public API.
#[doc(hidden)]
pub struct FinalizeHook<T: ?Sized>(
    pub(crate) unsafe fn(NonNull<Header>),
    /// The type whose finalizer this is: a `Trace` impl can hand only its own type's
    /// (`Trace::FINALIZE` is `Option<FinalizeHook<Self>>`), so the vtable never calls
    /// another type's finalizer on its objects.
    PhantomData<fn() -> *const T>,
);

impl<T: ?Sized> Clone for FinalizeHook<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for FinalizeHook<T> {}

impl<T: Finalize> FinalizeHook<T> {
    /// The finalizer of `T`.
    pub const fn of() -> FinalizeHook<T> {
        FinalizeHook(finalize_value::<T>, PhantomData)
    }
}

/// How `#[derive(Trace)]` asks, for a type without generic parameters, whether it
/// implements [`Finalize`]: `FinalizeProbe::<T>::HOOK` (with [`NoFinalize`] in scope) is
/// the inherent constant when `T: Finalize`, which path resolution prefers to the trait's;
/// otherwise the inherent impl does not apply and the trait's `None` is found. A
/// constant either way. Only for a concrete `T`: in generic code the inherent impl is
/// chosen only if the bound holds for every instantiation. Not public API.
#[doc(hidden)]
pub struct FinalizeProbe<T: ?Sized>(PhantomData<fn() -> T>);

impl<T: Finalize> FinalizeProbe<T> {
    /// `T`'s finalizer.
    pub const HOOK: Option<FinalizeHook<T>> = Some(FinalizeHook::of());
}

/// The fallback of [`FinalizeProbe`]: no finalizer. Not public API.
#[doc(hidden)]
pub trait NoFinalize<T: ?Sized> {
    /// No finalizer.
    const HOOK: Option<FinalizeHook<T>> = None;
}

impl<T: ?Sized> NoFinalize<T> for FinalizeProbe<T> {}

/// Gives up the finalizer of `object` without running it, when its value says there is
/// nothing left for it to do (a generator that has finished). Nothing a user sees
/// changes: the finalizer would have done nothing, [`gc::is_finalized`](crate::gc::is_finalized)
/// stays false as it would until then, and the release of the object takes the shorter
/// path of objects without a finalizer.
#[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
pub(crate) fn disarm(object: &Header) {
    if object.has(flag::FINALIZER) {
        object.unset(flag::FINALIZER);
    }
}

/// Claims the finalizer of `object` if it has one that has not run: from now on it counts
/// as run (PEP 442: at most once, even if it panics).
fn claim(object: &Header) -> Option<unsafe fn(NonNull<Header>)> {
    if !object.has(flag::FINALIZER) {
        return None;
    }
    let finalize = object.vtable().finalize?;
    object.unset(flag::FINALIZER);
    object.set(flag::FINALIZED);
    Some(finalize)
}

/// Runs the finalizer of `header` if it has one that has not run. Returns whether that
/// resurrected the object.
///
/// Called with a count of zero (a release): the count is one while the finalizer runs.
pub(crate) fn finalize_on_release(header: NonNull<Header>) -> bool {
    // SAFETY: the caller passes a live object.
    let object = unsafe { header.as_ref() };
    let Some(finalize) = claim(object) else {
        return false;
    };
    object.rc.set(1);
    let restore = RestoreCount(object);
    // SAFETY: live object of the vtable's type, count one held by `restore`.
    unsafe { finalize(header) };
    drop(restore);
    object.rc.get() > 0
}

/// Takes back the count lent to a finalizer, even if it panics.
struct RestoreCount<'a>(&'a Header);

impl Drop for RestoreCount<'_> {
    fn drop(&mut self) {
        let rc = &self.0.rc;
        if rc.get() != crate::object::IMMORTAL {
            rc.set(rc.get() - 1);
        }
    }
}

/// Runs the finalizer of an object the collector found unreachable (it holds a
/// reference). Returns whether a finalizer ran.
pub(crate) fn finalize_garbage(header: NonNull<Header>) -> bool {
    // SAFETY: the collector passes objects it holds.
    let Some(finalize) = claim(unsafe { header.as_ref() }) else {
        return false;
    };
    // SAFETY: live object of the vtable's type; the collector holds a reference.
    unsafe { finalize(header) };
    true
}
