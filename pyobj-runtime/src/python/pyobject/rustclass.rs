//! Rust structs as Python classes: the runtime side of `#[derive(PyObject)]`.
//!
//! The derive gives the struct a static [`PyType`] made by [`PyType::rust_class`]:
//! named after the struct, deriving from `object` (so `repr` is `<Node object at
//! 0x...>`, hashing and `==` are by identity), weakrefable, with the derive's
//! `getattr`/`setattr` functions for the fields. [`FromObj`] for `Gc<T>` lets Python
//! objects be turned back into typed handles (`obj.extract::<Gc<Node>>()`).

use super::typeobject::PyType;
use super::{FromObj, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::refcount::Gc;
use crate::trace::Trace;

impl PyType {
    /// The type of a Rust struct made a Python class by `#[derive(PyObject)]`: named
    /// `name`, its attributes read by `getattr` (`None` when there is none of that
    /// name) and written (or deleted, with `None`) by `setattr`. Not for direct use.
    #[doc(hidden)]
    pub const fn rust_class(
        name: &'static str,
        getattr: fn(&Obj, &str) -> PyResult<Option<Obj>>,
        setattr: fn(&Obj, &str, Option<&Obj>) -> PyResult<()>,
    ) -> PyType {
        PyType {
            name,
            getattr: Some(getattr),
            setattr: Some(setattr),
            weakrefable: true,
            ..PyType::BLANK
        }
    }
}

impl<T: Trace + 'static> FromObj for Gc<T> {
    /// The object as a typed handle, if it is a `T`: `TypeError: expected Node, got
    /// int` otherwise.
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        obj.clone().downcast::<T>().map_err(|obj| {
            PyErr::type_error(format!(
                "expected {}, got {}",
                T::PYTHON_TYPE.map_or("object", PyType::name),
                obj.type_name()
            ))
        })
    }
}
