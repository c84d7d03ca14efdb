//! The object: a 16-byte header followed by the value (seed level 2, "everything is an
//! object").
//!
//! ```text
//!  block from a pool (or the system allocator for large or over-aligned values)
//!  +------------------------------+-----------+-----------+------------------+
//!  | vtable pointer | 6 flag bits | refcount  | gc word   | value: T         |
//!  |          8 bytes             |  4 bytes  |  4 bytes  | size_of::<T>()   |
//!  +------------------------------+-----------+-----------+------------------+
//!  ^ Header (16 bytes)                                    ^ Gc<T> derefs here
//! ```
//!
//! CPython spends 32 bytes on the same job (refcount, type pointer and two links of the
//! doubly-linked generation list). pyobj keeps 16:
//! - the **vtable** (one static per type: drop, trace, clear, finalize, release) is aligned
//!   to 64 bytes, so its low 6 address bits are free and hold the flags: the generation
//!   (2 bits), tracked, finalized, finalizer-pending and has-weak-references;
//! - the **refcount** is a `u32`; at `u32::MAX` the object is immortal (never freed), so
//!   the count saturates instead of wrapping;
//! - the **gc word** holds, outside a collection, the object's index in its young
//!   generation's list (so unlinking is O(1) with no list links in the object), and during
//!   a collection its `gc_refs` and the collection's marks. Old objects are not listed at
//!   all: a full collection finds them by walking the pools.

use std::alloc::Layout;
use std::any::TypeId;
use std::cell::Cell;
use std::ptr::NonNull;

use crate::trace::Tracer;

/// Flag bits stored in the low bits of the vtable pointer.
pub(crate) mod flag {
    /// Mask of the generation number (0, 1, 2, or 3 for the permanent generation).
    pub(crate) const GENERATION: usize = 0b11;
    /// The object takes part in cycle collection.
    pub(crate) const TRACKED: usize = 1 << 2;
    /// The finalizer has run (PEP 442: never twice).
    pub(crate) const FINALIZED: usize = 1 << 3;
    /// The object has a finalizer that has not run yet.
    pub(crate) const FINALIZER: usize = 1 << 4;
    /// Some weak reference points at this object.
    pub(crate) const HAS_WEAK: usize = 1 << 5;
    /// All flag bits.
    pub(crate) const ALL: usize = 0b11_1111;
}

/// Bits of the gc word.
pub(crate) mod gcword {
    /// The object is in the set being collected.
    pub(crate) const COLLECTING: u32 = 1 << 31;
    /// The object was found reachable in this collection.
    pub(crate) const REACHABLE: u32 = 1 << 30;
    /// Mask of the list index or of `gc_refs`.
    pub(crate) const VALUE: u32 = REACHABLE - 1;
}

/// The generation number of the permanent generation (`gc.freeze()`).
pub(crate) const PERMANENT: usize = 3;

/// The refcount of an immortal object.
pub(crate) const IMMORTAL: u32 = u32::MAX;

/// What the runtime knows about one type of object.
#[repr(C, align(64))]
pub(crate) struct VTable {
    /// Drops the value in place (the memory stays).
    pub(crate) drop_value: unsafe fn(NonNull<Header>),
    /// Calls `Trace::trace` on the value.
    pub(crate) trace: unsafe fn(NonNull<Header>, &mut Tracer<'_>),
    /// Calls `Trace::drop_handles` on the value.
    pub(crate) drop_handles: unsafe fn(NonNull<Header>),
    /// Calls the finalizer, if the type has one.
    pub(crate) finalize: Option<unsafe fn(NonNull<Header>)>,
    /// What a count reaching zero does ([`heap::release`](crate::heap::release)'s work
    /// for this type, compiled for it: no other vtable call, a constant size class).
    pub(crate) release: unsafe fn(NonNull<Header>),
    /// The `TypeId` of the value, for checked downcasts (the value itself where the
    /// compiler can compute it in a constant, see `build.rs`; a function otherwise).
    #[cfg(pyobj_const_type_id)]
    pub(crate) type_id: TypeId,
    /// The `TypeId` of the value, for checked downcasts.
    #[cfg(not(pyobj_const_type_id))]
    pub(crate) type_id: fn() -> TypeId,
    /// The Rust name of the value's type.
    pub(crate) type_name: fn() -> &'static str,
    /// Bytes of the whole object (header included); for a slice object (`item_size` set),
    /// the bytes before its first item.
    pub(crate) size: usize,
    /// Alignment of the whole object.
    pub(crate) align: usize,
    /// Bytes from the header to the value: `offset_of!(GcBox<T>, value)` for a sized `T`,
    /// the offset of the first item for a slice object. A `Gc<dyn Trait>` finds its value
    /// here (the vtable is the concrete type's).
    pub(crate) value_offset: usize,
    /// For a slice object (`Gc<[T]>`, `Gc<str>`), the size of one item: its length is the
    /// `usize` right after the header ([`SliceHead`]) and its layout is [`slice_layout`].
    /// `None` for every other object: `size` is its size.
    pub(crate) item_size: Option<usize>,
    /// Whether objects of this type are tracked by the collector (`Trace::TRACKED`).
    pub(crate) tracked: bool,
    /// The Python type of the value (`Trace::PYTHON_TYPE`), if it is a Python object.
    pub(crate) python_type: Option<&'static PythonType>,
}

/// What a header records of a Python object's type: the Python layer's `PyType`. The one
/// name the core takes from the layer above it, and only by reference, to hand it back
/// (ARCHITECTURE.md, "Layers"); with the `python` feature off no value has a Python type.
#[cfg(feature = "python")]
pub(crate) use crate::python::pyobject::PyType as PythonType;

/// What a header records of a Python object's type. The `python` feature is off: no value
/// has one, and this type has no values.
#[cfg(not(feature = "python"))]
#[doc(hidden)]
#[derive(Debug)]
#[allow(unreachable_pub)] // named by `Trace::PYTHON_TYPE`, a public (hidden) constant
pub enum PythonType {}

impl VTable {
    /// The `TypeId` of the value.
    #[inline]
    pub(crate) fn type_id(&self) -> TypeId {
        #[cfg(pyobj_const_type_id)]
        return self.type_id;
        #[cfg(not(pyobj_const_type_id))]
        return (self.type_id)();
    }

    /// The layout of the whole object `header`, whose vtable this is.
    ///
    /// # Safety
    /// `header` is an object of this vtable whose memory is not freed yet (its value may
    /// be dropped already: a slice object's length is outside its value).
    #[inline]
    pub(crate) unsafe fn layout_of(&self, header: NonNull<Header>) -> Layout {
        match self.item_size {
            // SAFETY: a vtable's size and alignment are those of the object's `GcBox`, a
            // valid layout.
            None => unsafe { Layout::from_size_align_unchecked(self.size, self.align) },
            Some(item_size) => {
                // SAFETY: a slice object starts with a `SliceHead` (the caller's
                // contract), written when it was made and never changed.
                let len = unsafe { header.cast::<SliceHead>().as_ref() }.len;
                slice_layout(self.size, self.align, item_size, len)
                    .expect("a slice object's layout was valid when it was allocated")
            }
        }
    }
}

/// The start of a slice object (`Gc<[T]>`, `Gc<str>`): the header, then the number of
/// items, then (at the vtable's `value_offset`) the items.
///
/// A vtable is made per type, at compile time, so it cannot hold the length of one slice;
/// the handle's wide pointer has it, but the collector and the releases reached through
/// the vtable know only the header. So the object keeps it: one word, only in slice
/// objects (sized objects, and `Gc<dyn Trait>` made from them, do not pay for it).
#[repr(C)]
pub(crate) struct SliceHead {
    pub(crate) header: Header,
    pub(crate) len: usize,
}

/// The layout of a slice object whose items start at `offset` (after its [`SliceHead`]),
/// with `len` items of `item_size` bytes, aligned to `align`; `None` if it overflows.
#[inline]
pub(crate) fn slice_layout(
    offset: usize,
    align: usize,
    item_size: usize,
    len: usize,
) -> Option<Layout> {
    let size = item_size.checked_mul(len)?.checked_add(offset)?;
    Layout::from_size_align(size, align)
        .ok()
        .map(|layout| layout.pad_to_align())
}

/// The header in front of every object.
#[repr(C)]
pub(crate) struct Header {
    /// Vtable pointer; its low 6 bits are [`flag`]s.
    vtable: Cell<*const VTable>,
    /// Strong count.
    pub(crate) rc: Cell<u32>,
    /// Young-list index, or `gc_refs` and marks during a collection.
    pub(crate) gc: Cell<u32>,
}

const _: () = assert!(size_of::<Header>() == 16);
const _: () = assert!(align_of::<VTable>() > flag::ALL);

impl Header {
    /// A header for a fresh object with a count of one.
    pub(crate) fn new(vtable: &'static VTable, flags: usize) -> Self {
        debug_assert_eq!(flags & !flag::ALL, 0);
        let tagged = (vtable as *const VTable).map_addr(|addr| addr | flags);
        Header {
            vtable: Cell::new(tagged),
            rc: Cell::new(1),
            gc: Cell::new(0),
        }
    }

    /// The object's vtable.
    #[inline]
    pub(crate) fn vtable(&self) -> &'static VTable {
        let ptr = self.vtable.get().map_addr(|addr| addr & !flag::ALL);
        // SAFETY: the untagged pointer is the `&'static VTable` given to `Header::new`;
        // only the low flag bits are ever changed.
        unsafe { &*ptr }
    }

    /// The flag bits.
    #[inline]
    pub(crate) fn flags(&self) -> usize {
        self.vtable.get().addr() & flag::ALL
    }

    /// Whether every bit of `bits` is set.
    #[inline]
    pub(crate) fn has(&self, bits: usize) -> bool {
        self.flags() & bits == bits
    }

    /// Sets `bits`.
    #[inline]
    pub(crate) fn set(&self, bits: usize) {
        self.vtable
            .set(self.vtable.get().map_addr(|addr| addr | bits));
    }

    /// Clears `bits`.
    #[inline]
    pub(crate) fn unset(&self, bits: usize) {
        self.vtable
            .set(self.vtable.get().map_addr(|addr| addr & !bits));
    }

    /// The generation (0, 1, 2 or [`PERMANENT`]).
    #[inline]
    pub(crate) fn generation(&self) -> usize {
        self.flags() & flag::GENERATION
    }

    /// Moves the object to generation `generation` (bookkeeping of the lists is the
    /// caller's).
    #[inline]
    pub(crate) fn set_generation(&self, generation: usize) {
        debug_assert!(generation <= PERMANENT);
        self.vtable.set(
            self.vtable
                .get()
                .map_addr(|addr| (addr & !flag::GENERATION) | generation),
        );
    }

    /// The Rust name of the value's type.
    pub(crate) fn type_name(&self) -> &'static str {
        (self.vtable().type_name)()
    }
}
