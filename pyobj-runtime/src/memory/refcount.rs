//! Handles and reference counts (seed levels 2, 3 and 9).
//!
//! A [`Gc<T>`] is a name for an object: `let b = a.clone()` is Python's `b = a` (one
//! object, count + 1); dropping a handle is `del a` (count - 1); when the count reaches
//! zero the object is freed at once, its block back in its pool. [`AnyGc`] is the same
//! handle with the type erased, as the collector's introspection hands them out.
//!
//! For users of std's `Rc`, `Gc` has its API with its semantics where it fits:
//! [`Gc::strong_count`], [`Gc::weak_count`], [`Gc::ptr_eq`], [`Gc::try_unwrap`],
//! [`Gc::into_inner`], [`Gc::get_mut`] and [`Gc::make_mut`] (for untracked types),
//! [`Gc::new_cyclic`]. As `Rc<T>`, a `Gc<T>` may name an unsized value: `Gc<str>` and
//! `Gc<[T]>` (made by `From`), `Gc<dyn Trait>` (by [`coerce_gc!`](crate::coerce_gc), the
//! stable stand-in for `CoerceUnsized`); see `object::SliceHead`
//! for the layout of slices.
//!
//! Counts are plain `u32`s in the object's header: no atomics (handles are `!Send`), no
//! wrap-around (a count that would overflow sticks at the maximum and the object becomes
//! immortal, as CPython 3.12 does for its immortal objects).

use std::alloc::Layout;
use std::any::TypeId;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::panic::Location;
use std::ptr::NonNull;

use crate::heap;
use crate::object::{Header, IMMORTAL, SliceHead, VTable, flag, slice_layout};
use crate::trace::{Trace, Tracer};

/// An object on the heap: header, then value.
///
/// For a sized `T` (and a `Gc<dyn Trait>` coerced from one) this is the object's layout.
/// A slice object (`Gc<[T]>`, `Gc<str>`) keeps its length between the two
/// ([`SliceHead`]): a handle's `NonNull<GcBox<[T]>>` then only carries the address of the
/// header and the length, and the value is found at the vtable's `value_offset`; no
/// reference to such a `GcBox` is ever made.
#[repr(C)]
pub(crate) struct GcBox<T: ?Sized> {
    pub(crate) header: Header,
    pub(crate) value: T,
}

impl<T: Trace + 'static> GcBox<T> {
    /// The vtable of objects of type `T`, with the finalizer of [`Trace::FINALIZE`] (the
    /// one `#[derive(Trace)]` found), if any.
    // `TypeId::of` in a constant is used only where `build.rs` found Rust 1.91 or later.
    #[cfg_attr(pyobj_const_type_id, clippy::msrv = "1.91")]
    pub(crate) const VTABLE: VTable = VTable {
        drop_value: drop_value::<T>,
        trace: trace_value::<T>,
        drop_handles: drop_handles_value::<T>,
        // `None` unless the type's derived `Trace` found a `Finalize` impl: a constant
        // either way, so a type without one has the vtable (and `Gc::new` the code) it
        // always had.
        finalize: match T::FINALIZE {
            Some(hook) => Some(hook.0),
            None => None,
        },
        release: release_typed::<T>,
        #[cfg(pyobj_const_type_id)]
        type_id: TypeId::of::<T>(),
        #[cfg(not(pyobj_const_type_id))]
        type_id: TypeId::of::<T>,
        type_name: std::any::type_name::<T>,
        size: size_of::<GcBox<T>>(),
        align: align_of::<GcBox<T>>(),
        value_offset: std::mem::offset_of!(GcBox<T>, value),
        item_size: None,
        tracked: T::TRACKED,
        python_type: T::PYTHON_TYPE,
    };
}

/// The one vtable of a type's objects, in a `static` of the runtime (a promoted constant
/// such as `&GcBox::<T>::VTABLE` may have a copy in every crate and codegen unit, so two
/// objects of one type may name different addresses). A type whose `Trace` impl names one
/// ([`Trace::STATIC_VTABLE`], through [`StaticVTable::get`]) gets it for every object its
/// constructors make, so a checked downcast ([`AnyGc::is`]) is one comparison of
/// addresses.
///
/// Only the runtime makes these (the constructor is private to it): the Python layer's
/// hot types (`int`, `float`, `list`, ...) have one each.
pub(crate) struct StaticVTable<T> {
    vtable: VTable,
    _type: PhantomData<fn() -> *const T>,
}

impl<T: Trace + 'static> StaticVTable<T> {
    /// The vtable of `T`, for a `static` that every object of `T` will name. `T` has no
    /// finalizer (and `Gc::with_finalizer` refuses it at compile time), so no object of
    /// `T` has any other vtable.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) const fn exclusive() -> StaticVTable<T> {
        assert!(
            T::FINALIZE.is_none(),
            "an exclusive vtable is for types without a finalizer"
        );
        StaticVTable {
            vtable: GcBox::<T>::VTABLE,
            _type: PhantomData,
        }
    }

    /// What `T`'s `Trace` impl names as [`Trace::STATIC_VTABLE`]: every object of `T`
    /// has this vtable (made by [`StaticVTable::exclusive`]).
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) const fn get(&'static self) -> VTableOf<T> {
        VTableOf {
            vtable: &self.vtable,
            exclusive: true,
            _type: PhantomData,
        }
    }

    /// The vtable of `T` for a type whose objects may also have another one (a
    /// finalizer attached by `Gc::with_finalizer`, as a Python instance of a class
    /// with `__del__` has): the constructors without a finalizer give this one, and a
    /// downcast that finds another address compares `TypeId`s.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) const fn shared() -> StaticVTable<T> {
        StaticVTable {
            vtable: GcBox::<T>::VTABLE,
            _type: PhantomData,
        }
    }

    /// What `T`'s `Trace` impl names as [`Trace::STATIC_VTABLE`] for a vtable made by
    /// [`StaticVTable::shared`].
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) const fn get_shared(&'static self) -> VTableOf<T> {
        VTableOf {
            vtable: &self.vtable,
            exclusive: false,
            _type: PhantomData,
        }
    }
}

// SAFETY: a vtable is immutable data (function pointers, sizes, a `&'static` Python type
// table, itself in a `static`); sharing it between threads shares nothing mutable.
unsafe impl<T> Sync for StaticVTable<T> {}

/// The exclusive `static` vtable of `T` ([`StaticVTable`]), as a `Trace` impl names it
/// ([`Trace::STATIC_VTABLE`]). Not public API: only the runtime can make one, and only
/// for its own type (the type parameter is `Self` there).
#[doc(hidden)]
pub struct VTableOf<T: ?Sized> {
    vtable: &'static VTable,
    /// Whether no object of `T` has any other vtable.
    exclusive: bool,
    _type: PhantomData<fn() -> *const T>,
}

impl<T: Trace + ?Sized> VTableOf<T> {
    /// Whether `T`'s objects all have one `static` vtable (see [`StaticVTable`]).
    pub(crate) const fn is_exclusive() -> bool {
        match T::STATIC_VTABLE {
            Some(table) => table.exclusive,
            None => false,
        }
    }
}

impl<T: Trace + 'static> GcBox<T> {
    /// The vtable the constructors give objects of `T`: its [`StaticVTable`] if its
    /// `Trace` impl names one, the promoted constant otherwise. A constant either way.
    #[inline(always)]
    pub(crate) const fn vtable() -> &'static VTable {
        match T::STATIC_VTABLE {
            Some(table) => table.vtable,
            None => &GcBox::<T>::VTABLE,
        }
    }
}

/// Whether pointers to `T` are thin, which on stable Rust means that `T` is sized (every
/// unsized type there, slices, `str` and trait objects, has pointer metadata). A
/// constant: the branches it chooses cost nothing.
#[inline(always)]
pub(crate) const fn is_thin<T: ?Sized>() -> bool {
    size_of::<*const T>() == size_of::<*const u8>()
}

/// # Safety
/// `header` is an object of type `T` whose value was not dropped yet and cannot be
/// reached any more.
unsafe fn drop_value<T>(header: NonNull<Header>) {
    let object = header.cast::<GcBox<T>>().as_ptr();
    // SAFETY: in bounds of the live object (no reference is made).
    let value = unsafe { &raw mut (*object).value };
    // SAFETY: the caller guarantees the value is live and unreachable.
    unsafe { std::ptr::drop_in_place(value) }
}

/// # Safety
/// `header` is a live object of type `T`.
unsafe fn trace_value<T: Trace>(header: NonNull<Header>, tracer: &mut Tracer<'_>) {
    // SAFETY: the caller guarantees a live object of type `T`; values are only ever
    // shared (`&T`), so a shared borrow is allowed alongside any other.
    unsafe { header.cast::<GcBox<T>>().as_ref() }
        .value
        .trace(tracer);
}

/// # Safety
/// `header` is a live object of type `T`.
unsafe fn drop_handles_value<T: Trace>(header: NonNull<Header>) {
    // SAFETY: as in `trace_value`.
    unsafe { header.cast::<GcBox<T>>().as_ref() }
        .value
        .drop_handles();
}

/// The blocks of every immortal object made by [`Gc::new_immortal`], in any thread: they
/// are never freed.
#[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
static IMMORTAL_BLOCKS: std::sync::Mutex<Vec<ImmortalBlock>> = std::sync::Mutex::new(Vec::new());

/// An immortal object's block, with its provenance (only kept, never read).
#[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
struct ImmortalBlock {
    _block: NonNull<u8>,
}

// SAFETY: the pointer is never dereferenced through this list (it only keeps the block
// reachable); the object itself stays on its thread.
unsafe impl Send for ImmortalBlock {}

/// Adds one to an object's count (saturating: a full count makes it immortal).
#[inline(always)]
pub(crate) fn incref(header: NonNull<Header>) {
    // SAFETY: callers hold a handle (or the collector's hold) on a live object.
    let rc = &unsafe { header.as_ref() }.rc;
    rc.set(rc.get().saturating_add(1));
}

/// Takes one from an object's count; at zero the object is released.
///
/// # Safety
/// The caller gives up one reference it owned on a live object.
#[inline(always)]
pub(crate) unsafe fn decref(header: NonNull<Header>) {
    // SAFETY: the caller owns a reference, so the object is live.
    let rc = &unsafe { header.as_ref() }.rc;
    match rc.get() {
        IMMORTAL => {}
        1 => {
            rc.set(0);
            // SAFETY: the object is live until released.
            let release = unsafe { header.as_ref() }.vtable().release;
            // SAFETY: that was the last reference, and the vtable's `release` is the one
            // of the object's type.
            unsafe { release(header) }
        }
        count => rc.set(count - 1),
    }
}

/// A reference-counted handle to a value on this thread's heap.
///
/// Cloning adds one to the count, dropping takes one away, and when the count reaches
/// zero the value is dropped and its memory returned to its pool, at once. Groups of
/// objects that refer to each other in a cycle are found and freed by the
/// [cycle collector](crate::gc).
///
/// A `Gc` is one pointer wide (`Option<Gc<T>>` too), and `!Send`/`!Sync`: the heap
/// belongs to one thread.
///
/// ```
/// use pyobj::Gc;
///
/// let a = Gc::new(vec![1, 2, 3]); // a = [1, 2, 3]: count 1
/// let b = a.clone();              // b = a: count 2
/// assert_eq!(Gc::strong_count(&a), 2);
/// drop(a);                        // del a: count 1
/// assert_eq!(Gc::strong_count(&b), 1);
/// assert_eq!(*b, [1, 2, 3]);
/// drop(b);                        // del b: count 0, freed now
/// ```
///
/// `T` may be unsized: `Gc<str>` and `Gc<[T]>` are made with `From`
/// (`Gc::<str>::from("text")`), and `Gc<dyn Trait>` from a `Gc` of a type that implements
/// the trait, with [`coerce_gc!`](crate::coerce_gc). Such handles are two pointers wide,
/// as `Rc<str>` is; cloning, dropping, [`Gc::downgrade`] and the counts work for any `T`
/// (the object's header knows its concrete type).
#[repr(transparent)]
pub struct Gc<T: ?Sized> {
    /// The object's header (with the value's pointer metadata when `T` is unsized).
    ptr: NonNull<GcBox<T>>,
    _owns: PhantomData<T>,
}

impl<T: Trace + 'static> Gc<T> {
    /// Puts `value` on the heap, with a count of one.
    ///
    /// If `T` may hold handles ([`Trace::TRACKED`]), the object enters generation 0 and
    /// this call may run an automatic collection first.
    ///
    /// The object gets the finalizer of `T` ([`Finalize`](crate::Finalize)) when
    /// `#[derive(Trace)]` found it: a type without generic parameters that implements
    /// `Finalize`, or any type marked `#[trace(finalize)]`. Otherwise (a generic type
    /// without the attribute, a hand-written `Trace` impl) it gets none, even if `T`
    /// implements `Finalize`: [`Gc::with_finalizer`] attaches it. (`Gc::new` is generic
    /// over every `T: Trace`, and stable Rust cannot ask inside it whether `T` also
    /// implements `Finalize`: the derive asks, where the type is known.) The same holds
    /// for `Gc::new_cyclic`, `Gc::from` and `Gc::default`.
    ///
    /// While [`tracemalloc`](crate::tracemalloc) traces, the object is recorded as made
    /// by the caller's file and line.
    #[inline]
    #[track_caller]
    pub fn new(value: T) -> Gc<T> {
        Gc::allocate(value, GcBox::<T>::vtable(), Some(Location::caller()))
    }

    /// [`Gc::new`] for the Python layer's objects, which `tracemalloc` attributes to the
    /// Python line running rather than to their Rust constructor.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    #[inline]
    pub(crate) fn new_at_line(value: T) -> Gc<T> {
        Gc::allocate(value, GcBox::<T>::vtable(), None)
    }

    /// Allocates and links an object with the given vtable, made by `caller` (for
    /// `tracemalloc`; `None`: the line running now).
    #[inline]
    pub(crate) fn allocate(
        value: T,
        vtable: &'static VTable,
        caller: Option<&'static Location<'static>>,
    ) -> Gc<T> {
        let tracked = if T::TRACKED { flag::TRACKED } else { 0 }
            | if vtable.finalize.is_some() {
                flag::FINALIZER
            } else {
                0
            };
        // SAFETY: `heap_ptr` gives this thread's live heap; this step runs no user code
        // (writing the value moves it, nothing is dropped), so no other `&mut Heap`
        // exists while this one does (`with_heap`'s rule). The value is written straight
        // from the argument into the block, not moved through a closure.
        let heap = unsafe { &mut *heap::heap_ptr() };
        let ptr = heap
            .alloc(Layout::new::<GcBox<T>>(), caller)
            .cast::<GcBox<T>>();
        // SAFETY: the block is fresh, sized and aligned for `GcBox<T>`.
        unsafe {
            ptr.write(GcBox {
                header: Header::new(vtable, tracked),
                value,
            })
        };
        let due = T::TRACKED && heap.generations.link_new(ptr.cast());
        let gc = Gc {
            ptr,
            _owns: PhantomData,
        };
        if due {
            crate::collector::collect_automatic();
        }
        gc
    }

    /// Puts `value` on the heap untracked even if `T` may hold handles, as CPython makes
    /// its tuples and dicts of atoms: no generation, no collection count. The object model
    /// tracks it later ([`Heap::track`](crate::heap::Heap::track)) once it may be part of
    /// a cycle.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) fn new_untracked(value: T) -> Gc<T> {
        // SAFETY: as in `allocate`: this thread's live heap, for a step without user code.
        let heap = unsafe { &mut *heap::heap_ptr() };
        let ptr = heap
            .alloc(Layout::new::<GcBox<T>>(), None)
            .cast::<GcBox<T>>();
        // SAFETY: the block is fresh, sized and aligned for `GcBox<T>`.
        unsafe {
            ptr.write(GcBox {
                header: Header::new(GcBox::<T>::vtable(), 0),
                value,
            })
        };
        Gc {
            ptr,
            _owns: PhantomData,
        }
    }

    /// Makes an immortal object (CPython 3.12's `None`, small ints, ...): its count stays
    /// at `u32::MAX`, so no handle ever frees it.
    ///
    /// Its memory comes from the system allocator, not from this thread's pools (so the
    /// heap can still be torn down at thread exit), and is never freed: a handle to it may
    /// be dropped by any thread-local destructor, in any order. The block is recorded in
    /// [`IMMORTAL_BLOCKS`] so that it stays reachable, as CPython's statically allocated
    /// immortal objects are. An immortal object holds no handles.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) fn new_immortal(value: T) -> Gc<T> {
        const { assert!(!T::TRACKED, "an immortal object cannot hold handles") };
        let layout = Layout::new::<GcBox<T>>();
        // SAFETY: the layout is not zero-sized (it starts with the 16-byte header).
        let block = unsafe { std::alloc::alloc(layout) };
        let Some(block) = NonNull::new(block) else {
            std::alloc::handle_alloc_error(layout)
        };
        let header = Header::new(GcBox::<T>::vtable(), 0);
        header.rc.set(IMMORTAL);
        let ptr = block.cast::<GcBox<T>>();
        // SAFETY: the block is fresh, sized and aligned for `GcBox<T>`.
        unsafe { ptr.write(GcBox { header, value }) };
        IMMORTAL_BLOCKS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(ImmortalBlock { _block: block });
        Gc {
            ptr,
            _owns: PhantomData,
        }
    }

    /// A handle from the header of a live object of type `T`, taking over one reference.
    ///
    /// # Safety
    /// `header` is a live object of type `T`, and the caller transfers one reference.
    pub(crate) unsafe fn from_header(header: NonNull<Header>) -> Gc<T> {
        Gc {
            ptr: header.cast(),
            _owns: PhantomData,
        }
    }

    /// The value, if this is the only handle to the object (std's `Rc::try_unwrap`);
    /// otherwise the handle back.
    ///
    /// Taking the value out ends the object: its weak references see it gone (`upgrade`
    /// returns `None`, and their callbacks are called, after the object's memory is back
    /// in its pool), it leaves the collector's generations, and its block is freed. The
    /// value itself is moved out, not dropped.
    ///
    /// An object with a finalizer does not run it here: PEP 442 finalizers run when an
    /// object dies *with its value*, and this value lives on (it is the caller's now, its
    /// `Drop` runs when the caller drops it).
    ///
    /// A weak-reference callback that panics drops the value and the panic goes on.
    ///
    /// Not for Python objects (`Trace::PYTHON_TYPE` set, such as `PyStr`):
    /// the runtime keeps borrowed references to some of them (interned strings, classes)
    /// that expect the value to die on the heap. Using it with one is a compile-time
    /// error:
    ///
    /// ```compile_fail
    /// use pyobj::{Gc, Obj, PyStr};
    ///
    /// let text: Gc<PyStr> = Obj::from("x").into_any().downcast().unwrap();
    /// let _ = Gc::try_unwrap(text);
    /// ```
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let a = Gc::new(String::from("only"));
    /// assert_eq!(Gc::try_unwrap(a).unwrap(), "only");
    ///
    /// let b = Gc::new(String::from("shared"));
    /// let c = b.clone();
    /// let b = Gc::try_unwrap(b).unwrap_err(); // two handles: the handle comes back
    /// drop(c);
    /// let weak = Gc::downgrade(&b);
    /// assert_eq!(Gc::try_unwrap(b).ok().as_deref(), Some("shared"));
    /// assert!(weak.upgrade().is_none()); // the object is gone, the value is ours
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        const {
            assert!(
                T::PYTHON_TYPE.is_none(),
                "Gc::try_unwrap: a Python object's value stays on the heap"
            )
        };
        let header = Gc::header(&this);
        // SAFETY: the handle keeps its object live.
        let rc = &unsafe { header.as_ref() }.rc;
        // An immortal object (count `u32::MAX`) never gives up its value. During a
        // collection, every object it gathered holds the collector's reference too, so
        // a count of one means that the collector is not looking at this object.
        if rc.get() != 1 {
            return Err(this);
        }
        // "Being released": `Weak::upgrade` refuses it from now on.
        rc.set(0);
        let this = std::mem::ManuallyDrop::new(this);
        // SAFETY: in bounds of the live object (no reference is made).
        let place = unsafe { &raw const (*this.ptr.as_ptr()).value };
        // SAFETY: the count was this handle's alone, now zero: no handle, weak reference
        // (upgrade refuses a zero count) or collection (it holds a reference to what it
        // gathers) can reach the value. It is read once here, and `release_moved_out`
        // frees its block without dropping or reading it.
        let value = unsafe { std::ptr::read(place) };
        // SAFETY: live object of count zero given up by its last handle; its value was
        // just moved out.
        unsafe { heap::release_moved_out(header) };
        Ok(value)
    }

    /// The value, if this is the only handle to the object (std's `Rc::into_inner`):
    /// [`Gc::try_unwrap`] without the handle back. `None` drops the handle.
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let a = Gc::new(vec![1_i64, 2]);
    /// let b = a.clone();
    /// assert_eq!(Gc::into_inner(a), None); // b still names the object
    /// assert_eq!(Gc::into_inner(b), Some(vec![1, 2]));
    /// ```
    pub fn into_inner(this: Self) -> Option<T> {
        Gc::try_unwrap(this).ok()
    }

    /// A mutable reference to the value, if this is the only handle and no weak
    /// reference names the object (std's `Rc::get_mut`).
    ///
    /// Only for values the runtime never looks at behind a handle's back: types the
    /// collector does not trace (`Trace::TRACKED == false`) and that are not Python
    /// objects. The collector reads the value of every tracked object it gathers, at any
    /// allocation, and the runtime keeps borrowed references to some Python objects
    /// (interned strings); either would alias the `&mut T`. Using it with another type is
    /// a compile-time error (a `RefCell` field is the way to mutate those):
    ///
    /// ```compile_fail
    /// use std::cell::RefCell;
    /// use pyobj::Gc;
    ///
    /// let mut list = Gc::new(RefCell::new(Vec::<Gc<i64>>::new())); // tracked
    /// let _ = Gc::get_mut(&mut list);
    /// ```
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let mut a = Gc::new(String::from("a"));
    /// Gc::get_mut(&mut a).unwrap().push('b');
    /// assert_eq!(*a, "ab");
    /// let b = a.clone();
    /// assert!(Gc::get_mut(&mut a).is_none()); // shared
    /// drop(b);
    /// let weak = Gc::downgrade(&a);
    /// assert!(Gc::get_mut(&mut a).is_none()); // weakly referenced
    /// drop(weak);
    /// assert!(Gc::get_mut(&mut a).is_some());
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        const {
            assert!(
                Gc::<T>::MUTABLE,
                "Gc::get_mut: the runtime may read this type behind a handle (tracked or Python)"
            )
        };
        // SAFETY: the handle keeps its object live.
        let object = unsafe { Gc::header(this).as_ref() };
        if object.rc.get() != 1 || object.has(flag::HAS_WEAK) {
            return None;
        }
        // SAFETY: see `mutable_value`; the count is one (this handle, borrowed mutably
        // for the returned lifetime) and no weak reference exists.
        Some(unsafe { Gc::mutable_value(this) })
    }

    /// A mutable reference to the value, cloning it into a new object first if the object
    /// is shared (std's `Rc::make_mut`).
    ///
    /// As in std: with other handles, the value is cloned into a new object (with the same
    /// finalizer, if any) and this handle moves to it; with weak references only, they
    /// are disassociated (they see the object gone: `upgrade` returns `None`, their
    /// callbacks are called) and the value is not cloned. An immortal object is always
    /// cloned. The same types as [`Gc::get_mut`] only.
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let mut a = Gc::new(vec![1_i64]);
    /// let b = a.clone();
    /// Gc::make_mut(&mut a).push(2); // shared: `a` now names a copy
    /// assert_eq!((a.as_slice(), b.as_slice()), (&[1, 2][..], &[1][..]));
    /// let weak = Gc::downgrade(&a);
    /// Gc::make_mut(&mut a).push(3); // only weakly shared: no copy, the weak is cut off
    /// assert!(weak.upgrade().is_none());
    /// assert_eq!(*a, [1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn make_mut(this: &mut Self) -> &mut T
    where
        T: Clone,
    {
        const {
            assert!(
                Gc::<T>::MUTABLE,
                "Gc::make_mut: the runtime may read this type behind a handle (tracked or Python)"
            )
        };
        let header = Gc::header(this);
        // SAFETY: the handle keeps its object live.
        let object = unsafe { header.as_ref() };
        if object.rc.get() != 1 {
            let vtable = object.vtable();
            // The old handle is dropped by the assignment, after the copy exists.
            *this = Gc::allocate((**this).clone(), vtable, Some(Location::caller()));
        } else if object.has(flag::HAS_WEAK) {
            crate::weakref::clear_and_call_back(header);
        }
        // SAFETY: see `mutable_value`; the count is one (this handle, borrowed mutably
        // for the returned lifetime) and the weak references were detached (a callback
        // cannot make a new one: it has no handle to the object).
        unsafe { Gc::mutable_value(this) }
    }

    /// Whether the runtime never reads a `T` behind a handle's back, so that a `&mut T`
    /// to the value of a uniquely held object is unique: not traced by the collector, and
    /// not a Python object (the runtime keeps borrowed references to some of those).
    const MUTABLE: bool = !T::TRACKED && T::PYTHON_TYPE.is_none();

    /// The value, mutably.
    ///
    /// # Safety
    /// 1. `T` is [`Gc::MUTABLE`].
    /// 2. `this` is the only handle to the object (count one) and no weak reference
    ///    names it.
    unsafe fn mutable_value(this: &mut Self) -> &mut T {
        // SAFETY: rule 2: no other handle or weak reference can make a `&T`; rule 1: the
        // runtime makes none either. The `&mut Self` borrow keeps it so (no clone or
        // downgrade) for the returned lifetime; the header is not covered (its fields are
        // cells the runtime may still update).
        unsafe { &mut (*this.ptr.as_ptr()).value }
    }
}

/// What works for every `T`, sized or not: the object's header (and through it its
/// vtable, the concrete type's) does the work.
impl<T: ?Sized> Gc<T> {
    /// The header of the object.
    #[inline(always)]
    pub(crate) fn header(this: &Self) -> NonNull<Header> {
        this.ptr.cast()
    }

    /// The number of handles to this object (`u32::MAX` once it is immortal).
    ///
    /// Like `sys.getrefcount` minus the argument's own reference.
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let text: Gc<str> = Gc::from("spam");
    /// let again = text.clone();
    /// assert_eq!(Gc::strong_count(&text), 2);
    /// drop(again);
    /// assert_eq!(Gc::strong_count(&text), 1);
    /// ```
    #[inline]
    pub fn strong_count(this: &Self) -> usize {
        // SAFETY: a handle keeps its object live; the header is a `Header` whatever `T`
        // is.
        unsafe { Gc::header(this).as_ref() }.rc.get() as usize
    }

    /// The number of weak references to this object: [`Weak`](crate::Weak) handles and
    /// Python `weakref.ref` objects (as std's `Rc::weak_count`).
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let strong = Gc::new(7_i64);
    /// assert_eq!(Gc::weak_count(&strong), 0);
    /// let weak = Gc::downgrade(&strong);
    /// let again = weak.clone();
    /// assert_eq!(Gc::weak_count(&strong), 2);
    /// drop((weak, again));
    /// assert_eq!(Gc::weak_count(&strong), 0);
    /// ```
    pub fn weak_count(this: &Self) -> usize {
        crate::weakref::weak_count_of(Gc::header(this))
    }

    /// Whether two handles name the same object (Python's `is`). Only the addresses are
    /// compared, not the pointer metadata of an unsized `T` (as std's `Rc::ptr_eq`).
    ///
    /// ```
    /// use pyobj::Gc;
    ///
    /// let a: Gc<[i64]> = Gc::from(vec![1, 2]);
    /// let b: Gc<[i64]> = Gc::from(vec![1, 2]);
    /// assert!(Gc::ptr_eq(&a, &a.clone()));
    /// assert!(!Gc::ptr_eq(&a, &b));
    /// assert_eq!(a, b); // equal values
    /// ```
    #[inline]
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        Gc::header(this) == Gc::header(other)
    }

    /// A pointer to the value, valid as long as a handle to the object exists.
    #[inline]
    pub fn as_ptr(this: &Self) -> *const T {
        let object = this.ptr.as_ptr();
        if is_thin::<T>() {
            // SAFETY: in bounds of the live object, laid out as a `GcBox<T>` (sized `T`).
            unsafe { &raw const (*object).value }
        } else {
            // SAFETY: a handle keeps its object live.
            let offset = unsafe { Gc::header(this).as_ref() }.vtable().value_offset;
            // SAFETY: the vtable's `value_offset` is where the value starts, inside the
            // object; the cast keeps the metadata (the value's own: the length of a slice,
            // the concrete type's vtable of a trait object).
            unsafe { object.byte_add(offset) as *const T }
        }
    }

    /// Forgets the type: a handle to the same object as an [`AnyGc`].
    ///
    /// ```
    /// use pyobj::{AnyGc, Gc};
    ///
    /// let any: AnyGc = Gc::into_any(Gc::new(5_u8));
    /// assert_eq!(any.downcast_ref::<u8>(), Some(&5));
    /// ```
    pub fn into_any(this: Self) -> AnyGc {
        let header = Gc::header(&this);
        std::mem::forget(this);
        AnyGc { header }
    }

    /// A handle from a pointer with the value's metadata, taking over one reference.
    ///
    /// # Safety
    /// `ptr` is the header of a live object whose value is a `T` (with the right
    /// metadata), and the caller transfers one reference.
    #[inline]
    pub(crate) unsafe fn from_raw_object(ptr: NonNull<GcBox<T>>) -> Gc<T> {
        Gc {
            ptr,
            _owns: PhantomData,
        }
    }

    /// The pointer to the object, with the value's metadata.
    #[inline]
    pub(crate) fn raw_object(this: &Self) -> NonNull<GcBox<T>> {
        this.ptr
    }

    /// Implementation of [`coerce_gc!`](crate::coerce_gc); not public API.
    ///
    /// # Safety
    /// `coerce` returns its argument, converted by a pointer coercion: the identity, an
    /// unsizing coercion (`*const [i64; 3]` to `*const [i64]`, `*const Circle` to
    /// `*const dyn Shape`) or a trait upcast. Any other cast (to another sized type, to a
    /// field) would make a handle whose type lies about the object.
    #[doc(hidden)]
    pub unsafe fn __coerce_unchecked<U: ?Sized>(
        this: Self,
        coerce: impl FnOnce(*const T) -> *const U,
    ) -> Gc<U> {
        let value = Gc::as_ptr(&this);
        let coerced = coerce(value);
        assert!(
            std::ptr::addr_eq(value, coerced),
            "coerce_gc!: the coerced pointer must keep the value's address"
        );
        let offset = value.addr() - Gc::header(&this).addr().get();
        std::mem::forget(this);
        // SAFETY: `coerced` is `value` (same address, same provenance: the caller's
        // contract), so moving back by `offset` lands on the object's header; the
        // metadata is the coerced value's, which describes the same value.
        let object = unsafe { coerced.byte_sub(offset) } as *mut GcBox<U>;
        Gc {
            // SAFETY: derived from the non-null header of the object.
            ptr: unsafe { NonNull::new_unchecked(object) },
            _owns: PhantomData,
        }
    }
}

impl<T: ?Sized> Clone for Gc<T> {
    /// Python's `b = a`: the same object, count + 1.
    #[inline]
    fn clone(&self) -> Self {
        incref(Gc::header(self));
        Gc {
            ptr: self.ptr,
            _owns: PhantomData,
        }
    }
}

impl<T: ?Sized> Drop for Gc<T> {
    /// Python's `del a`: count - 1, and the object is freed when it reaches zero: by
    /// `release_thin` for a sized `T` (a direct call, as the object is a `GcBox<T>`),
    /// by the vtable's `release` otherwise (the concrete type's for a `Gc<dyn Trait>`,
    /// the general release of slice objects).
    #[inline]
    fn drop(&mut self) {
        let header = Gc::header(self);
        // SAFETY: this handle keeps the object live.
        let rc = &unsafe { header.as_ref() }.rc;
        match rc.get() {
            IMMORTAL => {}
            1 => {
                rc.set(0);
                if is_thin::<T>() {
                    // SAFETY: that was the last reference, and a handle with a thin
                    // pointer names a `GcBox<T>` (only unsized handles are made by
                    // coercion).
                    unsafe { release_thin(self.ptr) }
                } else {
                    // SAFETY: the object is live until released.
                    let release = unsafe { header.as_ref() }.vtable().release;
                    // SAFETY: that was the last reference, and the vtable's `release` is
                    // the one of the object's concrete type.
                    unsafe { release(header) }
                }
            }
            count => rc.set(count - 1),
        }
    }
}

/// [`release_typed`] for the `Drop` of a `Gc<T>` of a sized `T`, which knows the type
/// but not that it is `Trace` (the handle's declaration asks nothing of `T`): the same
/// steps, with the object's `TRACKED` bit read instead of `T::TRACKED`. A direct call
/// where the vtable's entry would be an indirect one.
///
/// # Safety
/// `object` is a live `GcBox<T>` of a sized `T` whose count was just brought to zero.
#[inline(never)]
unsafe fn release_thin<T: ?Sized>(object: NonNull<GcBox<T>>) {
    // SAFETY: the object is live and laid out as a `GcBox<T>` (a constant for a sized
    // `T`).
    let layout = Layout::for_value(unsafe { object.as_ref() });
    let drop_value = || {
        // SAFETY: in bounds of the live object (no reference is made).
        let value = unsafe { &raw mut (*object.as_ptr()).value };
        // SAFETY: `release_known` calls this once, when nothing can reach the value.
        unsafe { std::ptr::drop_in_place(value) }
    };
    // SAFETY: the caller's contract; `drop_value` drops this object's value.
    unsafe { release_known(object.cast(), None, layout, drop_value) }
}

/// [`heap::release`] for a known type: no other vtable call, one lookup of the heap. The
/// vtable of every sized type has this function for its type as its `release` entry, and
/// the `Drop` of `Gc<T>` (for any `T`, sized or not) and of `AnyGc` call that entry.
///
/// Kept out of line so that the common case of `Drop` (count above one) stays two
/// instructions in its caller.
///
/// # Safety
/// `header` is a live `GcBox<T>` whose count was just brought to zero.
#[inline(never)]
unsafe fn release_typed<T: Trace + 'static>(header: NonNull<Header>) {
    if !T::TRACKED && !std::mem::needs_drop::<T>() {
        // SAFETY: forwarded.
        return unsafe { release_plain(header, Layout::new::<GcBox<T>>()) };
    }
    // SAFETY: the caller's contract: a live `GcBox<T>` (nothing else reads or writes
    // its value during this check).
    if !T::TRACKED && !unsafe { &(*header.cast::<GcBox<T>>().as_ptr()).value }.value_needs_drop() {
        // SAFETY: forwarded; this value's drop would do nothing (`value_needs_drop`), so
        // leaving it undropped is the same as dropping it.
        return unsafe { release_plain(header, Layout::new::<GcBox<T>>()) };
    }
    let drop_value = || {
        // SAFETY: `release_known` calls this once, when nothing can reach the value.
        unsafe { drop_value::<T>(header) }
    };
    // SAFETY: the caller's contract; `drop_value` drops the value of this `GcBox<T>`,
    // whose layout is `GcBox<T>`'s.
    unsafe {
        release_known(
            header,
            Some(T::TRACKED),
            Layout::new::<GcBox<T>>(),
            drop_value,
        )
    }
}

/// [`release_typed`] for a type whose values hold no handles and have nothing to drop (a
/// `float`): no release can nest inside this one, so it needs no trashcan depth, and
/// its block goes straight back to its pool. A dying thread's heap (which the outermost
/// release may have to free) and an object with a finalizer or weak references take the
/// general path.
///
/// # Safety
/// `header` is a live object whose count was just brought to zero, laid out as `layout`,
/// whose value needs no drop.
#[inline(always)]
unsafe fn release_plain(header: NonNull<Header>, layout: Layout) {
    // SAFETY: live until freed below.
    let object = unsafe { header.as_ref() };
    let heap = heap::heap_ptr();
    // SAFETY: `heap_ptr` gives this thread's live heap; this step runs no user code, so
    // no other `&mut Heap` exists while this one does (`with_heap`'s rule).
    let this = unsafe { &mut *heap };
    if object.flags() & (flag::FINALIZER | flag::HAS_WEAK) != 0 || this.dying {
        // SAFETY: forwarded; the value needs no drop, so dropping it in place is a no-op.
        return unsafe { release_known(header, Some(false), layout, || {}) };
    }
    // SAFETY: count zero, no finalizer or weak reference: nothing can reach the object,
    // whose value needs no drop; the block has this layout.
    unsafe { this.free(header.cast(), layout) };
}

/// The steps of [`release_typed`] and [`release_thin`]: an object with a finalizer or
/// weak references goes the general way ([`heap::release`]); otherwise it leaves its
/// generation (`tracked`: whether the type may be tracked, `None` to test the object's
/// bit), its value is dropped by `drop_value`, and its block of `layout` is freed (also
/// if the drop panics: unwinding drops the guard).
///
/// # Safety
/// `header` is a live object whose count was just brought to zero, laid out as
/// `layout`; `drop_value` drops its value in place, once, and nothing else.
#[inline(always)]
unsafe fn release_known(
    header: NonNull<Header>,
    tracked: Option<bool>,
    layout: Layout,
    drop_value: impl FnOnce(),
) {
    // SAFETY: live until freed below.
    let object = unsafe { header.as_ref() };
    if object.flags() & (flag::FINALIZER | flag::HAS_WEAK) != 0 {
        // SAFETY: forwarded.
        return unsafe { heap::release(header) };
    }
    let heap = heap::heap_ptr();
    // SAFETY: `heap_ptr` gives this thread's live heap; this step runs no user code, so
    // no other `&mut Heap` exists while this one does (`with_heap`'s rule).
    let this = unsafe { &mut *heap };
    if !this.enter(header) {
        // In the trashcan (drained now if no release is running: at thread exit).
        return heap::trashed();
    }
    // A type that cannot be tracked skips the test; otherwise `untrack` tests the bit.
    if tracked != Some(false) {
        this.untrack(object);
    }
    let leaving = heap::Leaving {
        heap,
        block: Some(header.cast()),
        layout,
    };
    // Count zero, no finalizer or weak reference: nothing can reach the value, and it is
    // dropped once, here (the caller's contract on `drop_value`).
    drop_value();
    leaving.finish();
}

impl<T: ?Sized> Deref for Gc<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: a handle keeps its object and value live; values are only shared.
        unsafe { &*Gc::as_ptr(self) }
    }
}

impl<T: ?Sized> AsRef<T> for Gc<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T: ?Sized> std::borrow::Borrow<T> for Gc<T> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: ?Sized> fmt::Pointer for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&Gc::as_ptr(self), f)
    }
}

impl<T: ?Sized + PartialEq> PartialEq for Gc<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: ?Sized + Eq> Eq for Gc<T> {}

impl<T: ?Sized + PartialOrd> PartialOrd for Gc<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: ?Sized + Ord> Ord for Gc<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: ?Sized + std::hash::Hash> std::hash::Hash for Gc<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: Trace + Default + 'static> Default for Gc<T> {
    fn default() -> Self {
        Gc::new(T::default())
    }
}

impl<T: Trace + 'static> From<T> for Gc<T> {
    fn from(value: T) -> Self {
        Gc::new(value)
    }
}

/// A `Gc` is an edge the collector follows, whatever it points at: the object's own
/// vtable traces it, so `Gc<dyn Trait>` and `Gc<[T]>` fields are traced as any other.
impl<T: ?Sized> Trace for Gc<T> {
    const TRACKED: bool = true;
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        tracer.edge(Gc::header(self));
    }
}

// ---------------------------------------------------------------------------------------
// Slice objects: `Gc<[T]>` and `Gc<str>`.
//
// Layout: `[Header | len: usize | (padding) | item 0 | item 1 | ...]` (`SliceHead`, then
// the items at `Slice::<T>::OFFSET`). One vtable per item type, made at compile time, as
// for sized types; its `item_size` tells the heap to read the length in the object to
// know the block's layout (`VTable::layout_of`), and its functions read it to drop, trace
// and clear the items. Every release of a slice object takes the general path
// (`heap::release`), as its layout is not a constant.
// ---------------------------------------------------------------------------------------

/// The vtables and layout of slice objects of `T`.
struct Slice<T>(PhantomData<T>);

impl<T: Trace + 'static> Slice<T> {
    /// Bytes from the header to the first item.
    const OFFSET: usize = size_of::<SliceHead>().next_multiple_of(align_of::<T>());
    /// Alignment of the object.
    const ALIGN: usize = if align_of::<T>() > align_of::<SliceHead>() {
        align_of::<T>()
    } else {
        align_of::<SliceHead>()
    };

    /// The vtable of `Gc<[T]>` objects.
    #[cfg_attr(pyobj_const_type_id, clippy::msrv = "1.91")]
    const VTABLE: VTable = VTable {
        drop_value: drop_items::<T>,
        trace: trace_items::<T>,
        drop_handles: drop_handles_items::<T>,
        finalize: None,
        release: heap::release,
        #[cfg(pyobj_const_type_id)]
        type_id: TypeId::of::<[T]>(),
        #[cfg(not(pyobj_const_type_id))]
        type_id: TypeId::of::<[T]>,
        type_name: std::any::type_name::<[T]>,
        size: Self::OFFSET,
        align: Self::ALIGN,
        value_offset: Self::OFFSET,
        item_size: Some(size_of::<T>()),
        tracked: T::TRACKED,
        python_type: None,
    };

    /// The items of the slice object `header`.
    ///
    /// # Safety
    /// `header` is a slice object of `T` whose memory is not freed.
    unsafe fn items(header: NonNull<Header>) -> *mut [T] {
        // SAFETY: a slice object starts with its `SliceHead`.
        let len = unsafe { header.cast::<SliceHead>().as_ref() }.len;
        // SAFETY: the items start `OFFSET` bytes into the object.
        let first = unsafe { header.cast::<u8>().add(Self::OFFSET) }.cast::<T>();
        std::ptr::slice_from_raw_parts_mut(first.as_ptr(), len)
    }

    /// A new object holding the items of `items` (moved, in order), untracked if `T`
    /// cannot hold handles, and its vtable `vtable` (this type's, or `str`'s).
    ///
    /// No user code runs between the allocation and the header's write (the items are
    /// moved bit by bit), so no collection or object walk can meet a half-made object.
    fn allocate(mut items: Vec<T>, vtable: &'static VTable) -> NonNull<Header> {
        let len = items.len();
        let Some(layout) = slice_layout(Self::OFFSET, Self::ALIGN, size_of::<T>(), len) else {
            panic!("Gc<[T]>: {len} items do not fit in one object")
        };
        // SAFETY: `heap_ptr` gives this thread's live heap; this step runs no user code
        // (the items are copied, the emptied vector's buffer freed afterwards), so no
        // other `&mut Heap` exists while this one does (`with_heap`'s rule).
        let heap = unsafe { &mut *heap::heap_ptr() };
        let block = heap.alloc(layout, None);
        let header = block.cast::<Header>();
        // SAFETY: the block is fresh and `layout` holds a `SliceHead` at its start.
        unsafe {
            header.cast::<SliceHead>().write(SliceHead {
                header: Header::new(vtable, if T::TRACKED { flag::TRACKED } else { 0 }),
                len,
            });
        }
        // SAFETY: the items start `OFFSET` bytes into the block (the layout).
        let first = unsafe { block.add(Self::OFFSET) }.cast::<T>();
        // SAFETY: the block has room for `len` items from `first` (the layout), and the
        // vector's `len` initialized items do not overlap it.
        unsafe { std::ptr::copy_nonoverlapping(items.as_ptr(), first.as_ptr(), len) };
        // SAFETY: the items were moved out: the vector owns none any more (zero is
        // always a valid length), so they are owned by the object only.
        unsafe { items.set_len(0) };
        let due = T::TRACKED && heap.generations.link_new(header);
        drop(items);
        if due {
            crate::collector::collect_automatic();
        }
        header
    }

    /// A handle to the new slice object `header` of `len` items.
    fn handle(header: NonNull<Header>, len: usize) -> Gc<[T]> {
        let wide = std::ptr::slice_from_raw_parts_mut(header.as_ptr().cast::<T>(), len);
        Gc {
            // SAFETY: derived from the non-null header; the metadata is the length.
            ptr: unsafe { NonNull::new_unchecked(wide as *mut GcBox<[T]>) },
            _owns: PhantomData,
        }
    }
}

/// The vtable of `Gc<str>` objects: those of `[u8]` with `str`'s name and type.
struct StrVTable;

impl StrVTable {
    #[cfg_attr(pyobj_const_type_id, clippy::msrv = "1.91")]
    const VTABLE: VTable = VTable {
        #[cfg(pyobj_const_type_id)]
        type_id: TypeId::of::<str>(),
        #[cfg(not(pyobj_const_type_id))]
        type_id: TypeId::of::<str>,
        type_name: std::any::type_name::<str>,
        ..Slice::<u8>::VTABLE
    };
}

/// # Safety
/// `header` is a slice object of `T` whose items were not dropped yet and cannot be
/// reached any more.
unsafe fn drop_items<T: Trace + 'static>(header: NonNull<Header>) {
    // SAFETY: the caller's contract: a slice object of `T` whose memory is not freed.
    let items = unsafe { Slice::<T>::items(header) };
    // SAFETY: the caller's contract: the items are live and unreachable, dropped once.
    unsafe { std::ptr::drop_in_place(items) }
}

/// # Safety
/// `header` is a live slice object of `T`.
unsafe fn trace_items<T: Trace + 'static>(header: NonNull<Header>, tracer: &mut Tracer<'_>) {
    // SAFETY: the caller's contract: a live slice object of `T`.
    let items = unsafe { Slice::<T>::items(header) };
    // SAFETY: a live object's items; values are only ever shared.
    unsafe { &*items }.trace(tracer);
}

/// # Safety
/// `header` is a live slice object of `T`.
unsafe fn drop_handles_items<T: Trace + 'static>(header: NonNull<Header>) {
    // SAFETY: the caller's contract: a live slice object of `T`.
    let items = unsafe { Slice::<T>::items(header) };
    // SAFETY: a live object's items; values are only ever shared.
    unsafe { &*items }.drop_handles();
}

/// A slice object holding the items of the vector, moved (std's `From<Vec<T>> for
/// Rc<[T]>`).
///
/// ```
/// use pyobj::Gc;
///
/// let items: Gc<[i64]> = Gc::from(vec![1, 2, 3]);
/// assert_eq!(*items, [1, 2, 3]);
/// assert_eq!(Gc::strong_count(&items), 1);
/// ```
impl<T: Trace + 'static> From<Vec<T>> for Gc<[T]> {
    fn from(items: Vec<T>) -> Self {
        let len = items.len();
        let header = Slice::<T>::allocate(items, &Slice::<T>::VTABLE);
        Slice::<T>::handle(header, len)
    }
}

/// A slice object holding clones of the items (std's `From<&[T]> for Rc<[T]>`). The
/// clones are made before the object exists.
///
/// ```
/// use pyobj::Gc;
///
/// let names: Gc<[String]> = Gc::from(&[String::from("a"), String::from("b")][..]);
/// assert_eq!(names.len(), 2);
/// assert_eq!(names[1], "b");
/// ```
impl<T: Trace + Clone + 'static> From<&[T]> for Gc<[T]> {
    fn from(items: &[T]) -> Self {
        Gc::from(items.to_vec())
    }
}

/// A string object holding a copy of the text (std's `From<&str> for Rc<str>`).
///
/// ```
/// use pyobj::Gc;
///
/// let text: Gc<str> = Gc::from("hello");
/// assert_eq!(&*text, "hello");
/// assert_eq!(text.len(), 5);
/// ```
impl From<&str> for Gc<str> {
    fn from(text: &str) -> Self {
        let len = text.len();
        let header = Slice::<u8>::allocate(text.as_bytes().to_vec(), &StrVTable::VTABLE);
        let bytes = Slice::<u8>::handle(header, len);
        let ptr = bytes.ptr.as_ptr() as *mut GcBox<str>;
        std::mem::forget(bytes);
        Gc {
            // SAFETY: the same non-null object, whose items are the UTF-8 bytes of `text`;
            // the metadata (the length in bytes) is kept by the cast.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _owns: PhantomData,
        }
    }
}

/// A string object holding the text of the `String` (std's `From<String> for Rc<str>`).
///
/// ```
/// use pyobj::Gc;
///
/// let text: Gc<str> = Gc::from(String::from("owned"));
/// assert_eq!(text.to_uppercase(), "OWNED");
/// ```
impl From<String> for Gc<str> {
    fn from(text: String) -> Self {
        Gc::from(text.as_str())
    }
}

/// The value of the box, moved onto the heap (std's `From<Box<T>> for Rc<T>`, for a sized
/// `T`; `Box<dyn Trait>` cannot be moved without knowing its type: make the `Gc` of the
/// concrete type and use [`coerce_gc!`](crate::coerce_gc)).
///
/// ```
/// use pyobj::Gc;
///
/// let gc: Gc<i64> = Gc::from(Box::new(7_i64));
/// assert_eq!(*gc, 7);
/// ```
impl<T: Trace + 'static> From<Box<T>> for Gc<T> {
    fn from(boxed: Box<T>) -> Self {
        Gc::new(*boxed)
    }
}

/// Converts a `Gc<T>` into a `Gc<U>` for any pointer coercion of `T` to `U` (the
/// `CoerceUnsized` of std's `Rc`, which stable Rust does not offer to other types):
/// `Gc<Circle>` to `Gc<dyn Shape>`, `Gc<[T; N]>` to `Gc<[T]>`, `Gc<dyn Sub>` to
/// `Gc<dyn Super>`. The handle keeps its object; a conversion that is not a coercion does
/// not compile.
///
/// The object keeps the concrete type it was made with: its `Drop`, its finalizer (if it
/// has one, see [`Finalize`](crate::Finalize)) and its trace are that type's, so
/// `dyn Trait` needs no `Trace` impl of its own.
///
/// ```
/// use std::fmt::Display;
/// use pyobj::{AnyGc, Gc, coerce_gc};
///
/// let number = Gc::new(42_i64);
/// let shown: Gc<dyn Display> = coerce_gc!(number.clone() => dyn Display);
/// assert_eq!(shown.to_string(), "42");
/// assert!(AnyGc::ptr_eq(&Gc::into_any(shown), &Gc::into_any(number)));
///
/// let array: Gc<[u8]> = coerce_gc!(Gc::new([1_u8, 2, 3]) => [u8]);
/// assert_eq!(array.len(), 3);
/// ```
///
/// Only coercions compile:
///
/// ```compile_fail
/// use pyobj::{Gc, coerce_gc};
///
/// let _: Gc<u64> = coerce_gc!(Gc::new(1_i64) => u64);
/// ```
#[macro_export]
macro_rules! coerce_gc {
    ($gc:expr => $target:ty) => {
        match $gc {
            gc => {
                // SAFETY: the closure returns its argument with an implicit conversion,
                // which compiles only as a pointer coercion (`Gc::__coerce_unchecked`'s
                // contract); no `as` cast is written.
                unsafe {
                    $crate::Gc::__coerce_unchecked(gc, |ptr: *const _| -> *const $target { ptr })
                }
            }
        }
    };
}

/// A handle to an object of any type: what the collector's introspection returns.
///
/// ```
/// use pyobj::{AnyGc, Gc};
///
/// let any: AnyGc = Gc::into_any(Gc::new(42_i64));
/// assert!(any.type_name().ends_with("i64"));
/// let back: Gc<i64> = any.downcast().unwrap();
/// assert_eq!(*back, 42);
/// ```
#[repr(transparent)]
pub struct AnyGc {
    header: NonNull<Header>,
}

impl AnyGc {
    /// A handle to a live object, adding one reference.
    #[inline(always)]
    pub(crate) fn from_borrowed(header: NonNull<Header>) -> AnyGc {
        incref(header);
        AnyGc { header }
    }

    /// The object's header.
    pub(crate) fn header(&self) -> NonNull<Header> {
        self.header
    }

    fn object(&self) -> &Header {
        // SAFETY: a handle keeps its object live.
        unsafe { self.header.as_ref() }
    }

    /// The Rust name of the value's type.
    pub fn type_name(&self) -> &'static str {
        self.object().type_name()
    }

    /// Whether the value is a `T`.
    #[inline]
    pub fn is<T: Trace + 'static>(&self) -> bool {
        let vtable = self.object().vtable();
        // The usual vtable of `T` first: one comparison of addresses (a vtable holds
        // `T`'s own functions, so no other type's vtable is at that address). Where that
        // vtable is the only one `T`'s objects have (a `StaticVTable`), that is the
        // whole answer. Otherwise another copy of it (each crate, even each
        // codegen unit, may have its own), or `T`'s vtable with a finalizer, is
        // recognized by its `TypeId`.
        if std::ptr::eq(vtable, GcBox::<T>::vtable()) {
            return true;
        }
        if VTableOf::<T>::is_exclusive() {
            return false;
        }
        vtable.type_id() == TypeId::of::<T>()
    }

    /// The typed handle, if the value is a `T`; otherwise the handle back.
    pub fn downcast<T: Trace + 'static>(self) -> Result<Gc<T>, AnyGc> {
        if self.is::<T>() {
            let header = self.header;
            std::mem::forget(self);
            // SAFETY: the type was checked and the reference is transferred.
            Ok(unsafe { Gc::from_header(header) })
        } else {
            Err(self)
        }
    }

    /// The value as a `&T`, if it is a `T`.
    #[inline]
    pub fn downcast_ref<T: Trace + 'static>(&self) -> Option<&T> {
        self.is::<T>().then(|| {
            // SAFETY: the type was checked; the handle keeps the value live.
            &unsafe { self.header.cast::<GcBox<T>>().as_ref() }.value
        })
    }

    /// The number of handles to this object.
    pub fn strong_count(this: &Self) -> usize {
        this.object().rc.get() as usize
    }

    /// Whether two handles name the same object.
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.header == other.header
    }

    /// The object's address (Python's `id()`).
    pub fn addr(this: &Self) -> usize {
        this.header.addr().get()
    }
}

impl Clone for AnyGc {
    // Always inlined: generated code clones and drops handles everywhere, and a call
    // costs more than the increment (CPython's `Py_INCREF` is a macro).
    #[inline(always)]
    fn clone(&self) -> Self {
        AnyGc::from_borrowed(self.header)
    }
}

impl Drop for AnyGc {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: this handle owned one reference.
        unsafe { decref(self.header) }
    }
}

impl fmt::Debug for AnyGc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<{} object at {:#x}>",
            self.type_name(),
            AnyGc::addr(self)
        )
    }
}

impl Trace for AnyGc {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        tracer.edge(self.header);
    }
}

impl<T: ?Sized> From<Gc<T>> for AnyGc {
    fn from(gc: Gc<T>) -> Self {
        Gc::into_any(gc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_field(gc: &Gc<String>) -> &std::cell::Cell<u32> {
        // SAFETY: the handle keeps the object live.
        &unsafe { Gc::header(gc).as_ref() }.rc
    }

    #[test]
    fn a_count_that_would_overflow_makes_the_object_immortal_instead_of_wrapping() {
        let gc = Gc::new(String::from("forever"));
        count_field(&gc).set(IMMORTAL - 2);
        let clones: Vec<Gc<String>> = (0..5).map(|_| gc.clone()).collect();
        assert_eq!(
            Gc::strong_count(&gc),
            IMMORTAL as usize,
            "saturated, not wrapped"
        );
        drop(clones);
        assert_eq!(
            Gc::strong_count(&gc),
            IMMORTAL as usize,
            "immortal: drops do nothing"
        );
        let weak = Gc::downgrade(&gc);
        drop(gc);
        let back = weak.upgrade().expect("an immortal object is never freed");
        assert_eq!(*back, "forever");
        // Give it a mortal count again so the test frees what it made.
        count_field(&back).set(1);
        drop(back);
        assert!(weak.upgrade().is_none());
    }

    /// A type with an exclusive `static` vtable, as the Python layer's hot types have.
    struct Exclusive(#[allow(dead_code)] u64);

    static EXCLUSIVE_VTABLE: StaticVTable<Exclusive> = StaticVTable::exclusive();

    impl Trace for Exclusive {
        const TRACKED: bool = false;
        const STATIC_VTABLE: Option<VTableOf<Self>> = Some(EXCLUSIVE_VTABLE.get());
        fn trace(&self, _: &mut Tracer<'_>) {}
    }

    fn vtable_address<T: ?Sized>(gc: &Gc<T>) -> *const VTable {
        // SAFETY: the handle keeps the object live.
        unsafe { Gc::header(gc).as_ref() }.vtable()
    }

    #[test]
    fn every_constructor_gives_a_type_its_static_vtable_and_downcasts_compare_addresses() {
        let made = [
            Gc::new(Exclusive(1)),
            Gc::new_untracked(Exclusive(2)),
            Gc::new_immortal(Exclusive(3)),
        ];
        for gc in &made {
            assert!(std::ptr::eq(vtable_address(gc), &EXCLUSIVE_VTABLE.vtable));
            let any = AnyGc::from(gc.clone());
            assert!(any.is::<Exclusive>());
            assert!(!any.is::<u64>(), "another type's downcast fails");
        }
        // A type without one keeps the promoted constant, and its downcasts still work.
        let plain = AnyGc::from(Gc::new(7_u64));
        assert!(plain.is::<u64>());
        assert!(
            !plain.is::<Exclusive>(),
            "another address: not an `Exclusive`"
        );
    }

    /// A type with a shared `static` vtable: some of its objects have a finalizer.
    struct Shared(#[allow(dead_code)] u64);

    static SHARED_VTABLE: StaticVTable<Shared> = StaticVTable::shared();

    impl Trace for Shared {
        const TRACKED: bool = false;
        const STATIC_VTABLE: Option<VTableOf<Self>> = Some(SHARED_VTABLE.get_shared());
        fn trace(&self, _: &mut Tracer<'_>) {}
    }

    impl crate::Finalize for Shared {
        fn finalize(_: &Gc<Self>) {}
    }

    #[test]
    fn a_shared_static_vtable_still_recognizes_objects_with_a_finalizer() {
        let plain = Gc::new(Shared(1));
        let finalized = Gc::with_finalizer(Shared(2));
        assert!(std::ptr::eq(vtable_address(&plain), &SHARED_VTABLE.vtable));
        assert!(!std::ptr::eq(
            vtable_address(&finalized),
            &SHARED_VTABLE.vtable
        ));
        for gc in [plain, finalized] {
            let any = AnyGc::from(gc);
            assert!(any.is::<Shared>(), "by address, or by TypeId");
            assert!(!any.is::<Exclusive>());
        }
    }

    #[test]
    fn a_plain_object_goes_straight_back_to_its_pool_and_still_calls_weak_callbacks() {
        let before = crate::pool::stats().allocated_block_bytes;
        let plain = Gc::new(Exclusive(5));
        // 24 bytes, in the 32-byte size class.
        assert_eq!(crate::pool::stats().allocated_block_bytes, before + 32);
        drop(plain);
        assert_eq!(crate::pool::stats().allocated_block_bytes, before);
        // With a weak reference it takes the general path: the reference dies with it.
        let plain = Gc::new(Exclusive(6));
        let weak = Gc::downgrade(&plain);
        drop(plain);
        assert!(weak.upgrade().is_none());
        drop(weak);
        assert_eq!(crate::pool::stats().allocated_block_bytes, before);
    }

    #[test]
    fn slice_objects_keep_their_length_after_the_header() {
        let items: Gc<[u16]> = Gc::from(vec![1, 2, 3]);
        let header = Gc::header(&items);
        // SAFETY: a live slice object starts with its `SliceHead`.
        let head = unsafe { header.cast::<SliceHead>().as_ref() };
        assert_eq!(head.len, 3);
        let vtable = head.header.vtable();
        assert_eq!(
            (
                vtable.size,
                vtable.align,
                vtable.value_offset,
                vtable.item_size
            ),
            (24, 8, 24, Some(2))
        );
        // SAFETY: the object's own vtable, the object live.
        let layout = unsafe { vtable.layout_of(header) };
        assert_eq!(
            layout,
            Layout::from_size_align(32, 8).unwrap(),
            "24 + 3 * 2, padded"
        );
        assert_eq!(Gc::as_ptr(&items).addr() - header.addr().get(), 24);

        let sized = Gc::new(5_u8);
        // SAFETY: the handle keeps the object live.
        let vtable = unsafe { Gc::header(&sized).as_ref() }.vtable();
        assert_eq!((vtable.value_offset, vtable.item_size), (16, None));
    }

    #[test]
    fn handles_are_one_pointer_wide() {
        assert_eq!(size_of::<Gc<String>>(), size_of::<usize>());
        assert_eq!(size_of::<Option<Gc<String>>>(), size_of::<usize>());
        assert_eq!(size_of::<AnyGc>(), size_of::<usize>());
        assert_eq!(size_of::<Header>(), 16);
        assert_eq!(size_of::<Gc<str>>(), 2 * size_of::<usize>());
        assert!(is_thin::<String>() && !is_thin::<str>() && !is_thin::<dyn fmt::Debug>());
    }
}
