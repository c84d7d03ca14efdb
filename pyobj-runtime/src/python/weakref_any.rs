//! Type-erased weak references: [`AnyWeak`], the weak counterpart of [`AnyGc`], on the
//! same cells, heap table and PEP 442 order as [`Weak<T>`](crate::Weak).
//!
//! Python's `weakref.ref` objects are built on it: they refer to objects of any type.

use std::ptr::NonNull;

use crate::object::Header;
use crate::refcount::AnyGc;
use crate::trace::{Trace, Tracer};
use crate::weakref::{WeakCell, hold, unhold};

/// A weak reference to an object of any type.
pub(crate) struct AnyWeak {
    cell: NonNull<WeakCell>,
}

impl AnyWeak {
    /// A weak reference to `target` (sharing the plain cell of its other callback-less
    /// weak references).
    pub(crate) fn new(target: &AnyGc) -> AnyWeak {
        AnyWeak {
            cell: WeakCell::attach(target.header(), None),
        }
    }

    /// A weak reference to `target` whose `callback` is called once when the target
    /// dies, if this weak reference is alive then (and, in a collection, not garbage
    /// itself). [`AnyWeak::cancel_callback`] takes it back.
    pub(crate) fn with_callback(target: &AnyGc, callback: Box<dyn FnOnce()>) -> AnyWeak {
        AnyWeak {
            cell: WeakCell::attach(target.header(), Some(callback)),
        }
    }

    fn state(&self) -> &WeakCell {
        // SAFETY: an `AnyWeak` holds its cell.
        unsafe { self.cell.as_ref() }
    }

    /// The object, if it is still alive (not being released).
    pub(crate) fn upgrade(&self) -> Option<AnyGc> {
        let header: NonNull<Header> = self.state().target.get()?;
        // SAFETY: a cell's target is live (the cell is cleared before it is freed).
        if unsafe { header.as_ref() }.rc.get() == 0 {
            return None;
        }
        Some(AnyGc::from_borrowed(header))
    }

    /// Drops the callback, if it has not been called: it will not be. Its destructor
    /// runs here, after the cell is left alone.
    pub(crate) fn cancel_callback(&self) {
        let callback = self.state().callback.take();
        drop(callback);
    }

    /// The cell's address, which identifies the weak reference.
    pub(crate) fn cell_addr(&self) -> usize {
        self.cell.addr().get()
    }
}

impl Clone for AnyWeak {
    fn clone(&self) -> Self {
        hold(self.cell);
        AnyWeak { cell: self.cell }
    }
}

impl Drop for AnyWeak {
    fn drop(&mut self) {
        // SAFETY: this handle owned one hold.
        unsafe { unhold(self.cell) }
    }
}

/// As [`Weak<T>`](crate::Weak): a weak edge, so that the collector can tell whether the
/// weak reference itself is garbage.
impl Trace for AnyWeak {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        tracer.weak_edge(self.cell);
    }
}
