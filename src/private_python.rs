//! The paths `#[derive(PyObject)]` and `pyblock!` generate code against (the `python`
//! feature). Not a public API.

// ---------------------------------------------------------------------------------------
// `#[derive(PyObject)]`: the attribute functions of a derived class call these.
// ---------------------------------------------------------------------------------------

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;

use pyobj_runtime::Trace;
pub use pyobj_runtime::{FromObj, Gc, IntoObj, Obj, PyErr, PyResult, PyType};

/// Reads a `Cell<T>` field as a Python object.
pub fn get_cell<T: Copy + IntoObj>(cell: &Cell<T>) -> PyResult<Obj> {
    Ok(cell.get().into_obj())
}

/// Reads a `RefCell<T>` field as a Python object (a clone of the value);
/// `RuntimeError` while it is mutably borrowed.
pub fn get_refcell<T: Clone + IntoObj>(
    cell: &RefCell<T>,
    attr: &str,
    class: &str,
) -> PyResult<Obj> {
    match cell.try_borrow() {
        Ok(value) => {
            let value = value.clone();
            Ok(value.into_obj())
        }
        Err(_) => Err(busy(attr, class)),
    }
}

/// Reads a plain field as a Python object (a clone of the value).
pub fn get_plain<T: Clone + IntoObj>(value: &T) -> PyResult<Obj> {
    Ok(value.clone().into_obj())
}

/// Writes a `Cell<T>` field from a Python object (`None`: `del obj.attr`, refused).
pub fn set_cell<T: FromObj>(
    cell: &Cell<T>,
    value: Option<&Obj>,
    attr: &str,
    class: &str,
    expected: Option<&'static str>,
) -> PyResult<()> {
    let new = convert::<T>(value, attr, class, expected)?;
    // The old value is dropped here, after the cell is updated: its drop may run code.
    drop(cell.replace(new));
    Ok(())
}

/// Writes a `RefCell<T>` field from a Python object (`None`: `del obj.attr`, refused).
pub fn set_refcell<T: FromObj>(
    cell: &RefCell<T>,
    value: Option<&Obj>,
    attr: &str,
    class: &str,
    expected: Option<&'static str>,
) -> PyResult<()> {
    let new = convert::<T>(value, attr, class, expected)?;
    let old = match cell.try_borrow_mut() {
        Ok(mut slot) => std::mem::replace(&mut *slot, new),
        Err(_) => return Err(busy(attr, class)),
    };
    // Dropped after the borrow ends: its drop may run code that reads the field.
    drop(old);
    Ok(())
}

fn convert<T: FromObj>(
    value: Option<&Obj>,
    attr: &str,
    class: &str,
    expected: Option<&'static str>,
) -> PyResult<T> {
    let Some(value) = value else {
        return Err(PyErr::attribute_error(format!(
            "cannot delete attribute '{attr}' of '{class}' objects"
        )));
    };
    T::from_obj(value).map_err(|error| match expected {
        Some(expected) if error.is_instance(&pyobj_runtime::exceptions::TYPE_ERROR) => {
            PyErr::type_error(format!(
                "attribute '{attr}' of '{class}' objects must be {expected}, not {}",
                value.type_name()
            ))
        }
        _ => error,
    })
}

fn busy(attr: &str, class: &str) -> PyErr {
    PyErr::runtime_error(format!(
        "attribute '{attr}' of '{class}' objects is being changed"
    ))
}

/// `AttributeError: attribute 'x' of 'Node' objects is not writable` (a field without
/// interior mutability).
pub fn read_only(attr: &str, class: &str) -> PyErr {
    PyErr::attribute_error(format!(
        "attribute '{attr}' of '{class}' objects is not writable"
    ))
}

/// `AttributeError: 'Node' object has no attribute 'y'`.
pub fn no_attribute(obj: &Obj, name: &str) -> PyErr {
    PyErr::no_attribute(obj, name)
}

/// The Python type name a field's values must have, for the `TypeError` of an
/// assignment (`must be int, not str`), found by autoref specialization:
/// `(&&Expected::<T>::new()).expected()` is `Some(name)` when `T: PyTypeName`, else
/// `None` (the conversion's own error is kept).
pub struct Expected<T>(PhantomData<fn() -> T>);

impl<T> Expected<T> {
    /// The probe.
    pub fn new() -> Self {
        Expected(PhantomData)
    }
}

impl<T> Default for Expected<T> {
    fn default() -> Self {
        Expected::new()
    }
}

/// The known case of [`Expected`].
pub trait ExpectedKnown {
    /// The Python type name.
    fn expected(&self) -> Option<&'static str>;
}

impl<T: PyTypeName> ExpectedKnown for &Expected<T> {
    fn expected(&self) -> Option<&'static str> {
        Some(T::python_type_name())
    }
}

/// The fallback case of [`Expected`].
pub trait ExpectedAny {
    /// No name known.
    fn expected(&self) -> Option<&'static str>;
}

impl<T> ExpectedAny for Expected<T> {
    fn expected(&self) -> Option<&'static str> {
        None
    }
}

/// Rust types whose Python type name is known (for the assignment `TypeError`).
pub trait PyTypeName {
    /// `"int"`, `"str"`, ...
    fn python_type_name() -> &'static str;
}

macro_rules! python_type_names {
    ($($name:literal: $($t:ty),*;)*) => {
        $($(
            impl PyTypeName for $t {
                fn python_type_name() -> &'static str {
                    $name
                }
            }
        )*)*
    };
}

python_type_names! {
    "int": i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize;
    "float": f64;
    "bool": bool;
    "str": String;
}

impl<T: Trace + 'static> PyTypeName for Gc<T> {
    fn python_type_name() -> &'static str {
        T::PYTHON_TYPE.map_or("object", PyType::name)
    }
}

impl<T: PyTypeName> PyTypeName for Option<T> {
    fn python_type_name() -> &'static str {
        T::python_type_name()
    }
}

/// What code generated by `pyblock!` calls.
pub mod pyblock {
    pub use pyobj_runtime::compiled::*;

    /// The value of a Rust variable `'name`, copied into the block. The expansion gives
    /// the call the span of the `'name`, so a type that is not `IntoObj` (or not
    /// `Clone`) is reported at the variable.
    #[inline]
    pub fn rust_variable<T: Clone + pyobj_runtime::IntoObj>(value: &T) -> pyobj_runtime::Obj {
        pyobj_runtime::IntoObj::into_obj(value.clone())
    }
}
