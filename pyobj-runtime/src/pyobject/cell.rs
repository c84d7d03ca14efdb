//! Cell objects: where a closure keeps a captured variable (CPython's `cell`).
//!
//! A variable that an inner function reads (`x` in `def outer(): x = 1; def inner():
//! return x`) lives in a cell shared by the outer function's frame and the inner
//! function's `__closure__`, so that both see assignments made after the inner function
//! was made. A cell may be empty (the variable is not assigned yet, or was deleted).
//!
//! ```
//! use pyobj_runtime::{Obj, PyCell};
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

use std::cell::RefCell;

use super::Obj;
use super::typeobject::PyType;
use crate::exceptions::{NAME_ERROR, PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// A cell: one variable captured by a closure, possibly empty.
pub struct PyCell {
    value: RefCell<Option<Obj>>,
}

impl PyCell {
    /// The cell behind `obj`, or a `SystemError` if `obj` is not a cell (a code
    /// generator's bug, reported as CPython reports a bad internal call).
    pub fn of(obj: &Obj) -> PyResult<&PyCell> {
        obj.value_as::<PyCell>()
    }

    /// The value, or `None` if the cell is empty.
    pub fn get(&self) -> Option<Obj> {
        self.value.borrow().clone()
    }

    /// Stores `value` (the previous value is dropped after the cell is updated, so its
    /// finalizer may read the cell).
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
    pub fn load_local(&self, name: &str) -> PyResult<Obj> {
        self.get().ok_or_else(|| PyErr::unbound_local_error(name))
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

impl Obj {
    /// A new cell holding `value` (or empty).
    pub fn new_cell(value: Option<Obj>) -> Obj {
        Obj::new(PyCell {
            value: RefCell::new(value),
        })
    }
}

impl Trace for PyCell {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&CELL_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.value.trace(tracer);
    }
    fn drop_handles(&self) {
        // Taken out first, dropped after the borrow ends.
        let old = self.value.try_borrow_mut().ok().and_then(|mut v| v.take());
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
