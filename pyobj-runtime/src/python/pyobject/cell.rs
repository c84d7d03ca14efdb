//! Cell objects: where a closure keeps a captured variable (CPython's `cell`).
//!
//! A variable that an inner function reads (`x` in `def outer(): x = 1; def inner():
//! return x`) lives in a cell shared by the outer function's frame and the inner
//! function's `__closure__`, so that both see assignments made after the inner function
//! was made. A cell may be empty (the variable is not assigned yet, or was deleted).
//!
//! ```
//! use pyobj::{Obj, PyCell};
//!
//! let cell = Obj::new_cell(None);
//! let err = PyCell::of(&cell).unwrap().load_free("x").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "NameError: cannot access free variable 'x' where it is not associated with a value in enclosing scope"
//! );
//! PyCell::of(&cell).unwrap().set(Obj::from(1));
//! assert_eq!(PyCell::of(&cell).unwrap().load_free("x").unwrap().repr().unwrap(), "1");
//! ```

use std::cell::Cell;

use super::Obj;
use super::typeobject::PyType;
use crate::exceptions::{NAME_ERROR, PyErr, PyResult};
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// A cell: one variable captured by a closure, possibly empty.
///
/// The value is a plain `Cell`, read by taking it out, cloning it and putting it back
/// (no user code runs meanwhile): no borrow flag to keep, as a generator's locals are
/// cells read at every use.
pub struct PyCell {
    value: Cell<Option<Obj>>,
}

impl PyCell {
    /// The cell behind `obj`, or a `SystemError` if `obj` is not a cell (a code
    /// generator's bug, reported as CPython reports a bad internal call).
    pub fn of(obj: &Obj) -> PyResult<&PyCell> {
        obj.value_as::<PyCell>()
    }

    /// The value, or `None` if the cell is empty.
    #[inline]
    pub fn get(&self) -> Option<Obj> {
        let value = self.value.take();
        let copy = value.clone();
        self.value.set(value);
        copy
    }

    /// Stores `value` (the previous value is dropped after the cell is updated, so its
    /// finalizer may read the cell).
    #[inline]
    pub fn set(&self, value: Obj) {
        let old = self.value.replace(Some(value));
        drop(old);
    }

    /// Empties the cell (`del x` of a captured variable).
    pub fn clear(&self) {
        let old = self.value.take();
        drop(old);
    }

    /// Reads a free variable (the inner function's view): an empty cell raises
    /// `NameError: cannot access free variable 'x' where it is not associated with a
    /// value in enclosing scope`, as CPython 3.11 does.
    pub fn load_free(&self, name: &str) -> PyResult<Obj> {
        self.get().ok_or_else(|| {
            PyErr::new(
                &NAME_ERROR,
                format!(
                    "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                ),
            )
        })
    }

    /// Reads a cell variable from the function that owns it (the outer function's view):
    /// an empty cell raises `UnboundLocalError: cannot access local variable 'x' where it
    /// is not associated with a value`.
    #[inline]
    pub fn load_local(&self, name: &str) -> PyResult<Obj> {
        match self.get() {
            Some(value) => Ok(value),
            None => Err(unbound(name)),
        }
    }

    /// `del x` of a captured variable: empties the cell, or raises the error a read of
    /// an empty cell raises (`load_free`'s when `free`, else `load_local`'s).
    pub fn delete(&self, name: &str, free: bool) -> PyResult<()> {
        match self.value.take() {
            Some(old) => {
                drop(old);
                Ok(())
            }
            None if free => self.load_free(name).map(drop),
            None => self.load_local(name).map(drop),
        }
    }
}

/// `UnboundLocalError` for `name`, out of the read's way.
#[cold]
#[inline(never)]
fn unbound(name: &str) -> PyErr {
    PyErr::unbound_local_error(name)
}

impl PyCell {
    /// An empty cell, not on the heap: a slot of a generator's frame
    /// ([`Channel::slot`](super::Channel::slot)).
    pub const fn empty() -> PyCell {
        PyCell {
            value: Cell::new(None),
        }
    }

    /// Takes the value out, leaving the cell empty.
    pub(crate) fn take(&self) -> Option<Obj> {
        self.value.take()
    }

    /// A new cell holding `value` (or empty), as a typed handle.
    pub fn new_gc(value: Option<Obj>) -> Gc<PyCell> {
        Gc::new_at_line(PyCell {
            value: Cell::new(value),
        })
    }
}

impl Obj {
    /// A new cell holding `value` (or empty).
    pub fn new_cell(value: Option<Obj>) -> Obj {
        Obj::from(PyCell::new_gc(value))
    }
}

/// The one vtable of every `PyCell` (a downcast is one comparison of addresses).
static PYCELL_VTABLE: crate::refcount::StaticVTable<PyCell> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyCell {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYCELL_VTABLE.get());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&CELL_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        // Taken out and put back: tracing runs no user code.
        let value = self.value.take();
        value.trace(tracer);
        self.value.set(value);
    }
    fn drop_handles(&self) {
        let old = self.value.take();
        drop(old);
    }
}

/// `cell`.
static CELL_TYPE: PyType = PyType {
    name: "cell",
    repr: Some(cell_repr),
    getattr: Some(|obj, name| match name {
        "cell_contents" => match PyCell::of(obj)?.get() {
            Some(value) => Ok(Some(value)),
            None => Err(PyErr::value_error("Cell is empty")),
        },
        _ => Ok(None),
    }),
    setattr: Some(|obj, name, value| match name {
        "cell_contents" => {
            let cell = PyCell::of(obj)?;
            match value {
                Some(value) => cell.set(value.clone()),
                None => cell.clear(),
            }
            Ok(())
        }
        _ => Err(PyErr::no_attribute(obj, name)),
    }),
    ..PyType::BLANK
};

/// `<cell at 0x...: int object at 0x...>`, `<cell at 0x...: empty>`.
fn cell_repr(obj: &Obj) -> PyResult<String> {
    Ok(match PyCell::of(obj)?.get() {
        Some(value) => format!(
            "<cell at {:#x}: {} object at {:#x}>",
            obj.id(),
            value.type_name(),
            value.id()
        ),
        None => format!("<cell at {:#x}: empty>", obj.id()),
    })
}
