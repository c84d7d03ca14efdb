//! Paths used by code that pyobj's macros generate. Not a public API.
//!
//! `#[derive(Trace)]` reaches each field through [`TraceField`] (a named field) or
//! [`TraceIndex`] (a tuple field) rather than through [`Trace`]. Both are implemented for
//! every `Trace` type, so they change nothing for a correct type; they exist for their
//! error message, which names the field whose type does not implement `Trace`. The
//! field's name is a type parameter of the derived impl, since rustc prints a type
//! parameter by its bare name. A field whose type keeps handles where the collector
//! cannot see them (inside an `Rc`, an `Arc` or a `Cell`) goes through a variant of
//! these traits whose message says why, and what to use instead: skipping such a field
//! would compile, but leak every cycle through it.

pub use pyobj_runtime::{Trace, Tracer};

/// Declares a trait through which the derive reaches a field: the same items as
/// [`Trace`], implemented for every `Trace` type, with its own `on_unimplemented` message.
/// `[params] [arguments]`: the trait's generic parameters, then as its impl names them.
macro_rules! field_trait {
    ($(#[$attr:meta])* $name:ident [$($param:tt)*] [$($arg:tt)*]) => {
        $(#[$attr])*
        pub trait $name<$($param)*> {
            /// [`Trace::TRACKED`].
            const TRACKED: bool;
            /// [`Trace::trace`].
            fn trace(&self, tracer: &mut Tracer<'_>);
            /// [`Trace::drop_handles`].
            fn drop_handles(&self);
            /// [`Trace::drop_handles_mut`].
            fn drop_handles_mut(&mut self);
        }

        // `do_not_recommend` makes rustc report a failure as "`T: TraceField<name>` does
        // not hold", with this trait's message, rather than look through this impl and
        // report the `Trace` bound that fails inside it, without the field's name.
        #[diagnostic::do_not_recommend]
        impl<T: Trace + ?Sized, $($param)*> $name<$($arg)*> for T {
            const TRACKED: bool = T::TRACKED;
            #[inline]
            fn trace(&self, tracer: &mut Tracer<'_>) {
                Trace::trace(self, tracer);
            }
            #[inline]
            fn drop_handles(&self) {
                Trace::drop_handles(self);
            }
            #[inline]
            fn drop_handles_mut(&mut self) {
                Trace::drop_handles_mut(self);
            }
        }
    };
}

field_trait! {
    /// [`Trace`], as the derive sees a named field; `Name` is a type parameter named after
    /// the field.
    #[diagnostic::on_unimplemented(
        message = "field `{Name}` cannot be traced: `{Self}` does not implement `Trace`",
        label = "the collector cannot see inside `{Self}`",
        note = "a type implements `Trace` by deriving it; a container (`Vec`, `Option`, `RefCell`, ...) does when its elements do",
        note = "if the field holds no `Gc` handles, mark it `#[trace(skip)]`; if it holds some inside a type from another crate, trace them with a function of yours: `#[trace(with = path::to::function)]`"
    )]
    TraceField[Name] [Name]
}

field_trait! {
    /// [`Trace`], as the derive sees the field at `INDEX` of a tuple struct or variant.
    #[diagnostic::on_unimplemented(
        message = "field `{INDEX}` cannot be traced: `{Self}` does not implement `Trace`",
        label = "the collector cannot see inside `{Self}`",
        note = "a type implements `Trace` by deriving it; a container (`Vec`, `Option`, `RefCell`, ...) does when its elements do",
        note = "if the field holds no `Gc` handles, mark it `#[trace(skip)]`; if it holds some inside a type from another crate, trace them with a function of yours: `#[trace(with = path::to::function)]`"
    )]
    TraceIndex[const INDEX: usize] [INDEX]
}

field_trait! {
    /// [`TraceField`] for a field whose type names handles inside an `Rc` or `Arc`.
    #[diagnostic::on_unimplemented(
        message = "field `{Name}` cannot be traced: `{Self}` holds `Gc` handles behind an `Rc` or `Arc`",
        label = "the collector cannot see the handles behind this `Rc` or `Arc`",
        note = "an `Rc` may have owners the collector does not know of, so it cannot count the handles inside as edges: `Rc` and `Arc` do not implement `Trace`",
        note = "share the value through a `Gc` instead, which the collector sees: `Gc<RefCell<Vec<Gc<_>>>>` rather than `Rc<RefCell<Vec<Gc<_>>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceSharedField[Name] [Name]
}

field_trait! {
    /// [`TraceIndex`] for a field whose type names handles inside an `Rc` or `Arc`.
    #[diagnostic::on_unimplemented(
        message = "field `{INDEX}` cannot be traced: `{Self}` holds `Gc` handles behind an `Rc` or `Arc`",
        label = "the collector cannot see the handles behind this `Rc` or `Arc`",
        note = "an `Rc` may have owners the collector does not know of, so it cannot count the handles inside as edges: `Rc` and `Arc` do not implement `Trace`",
        note = "share the value through a `Gc` instead, which the collector sees: `Gc<RefCell<Vec<Gc<_>>>>` rather than `Rc<RefCell<Vec<Gc<_>>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceSharedIndex[const INDEX: usize] [INDEX]
}

field_trait! {
    /// [`TraceField`] for a field whose type names handles inside a `Cell`.
    #[diagnostic::on_unimplemented(
        message = "field `{Name}` cannot be traced: `{Self}` holds `Gc` handles in a `Cell`",
        label = "the collector cannot look inside a `Cell` without taking its value out",
        note = "a `Cell` gives its value only by copy or by move, and a `Gc` is not `Copy`: only a `Cell` of `Copy` data (`Cell<i64>`) implements `Trace`",
        note = "use a `RefCell` instead: `RefCell<Option<Gc<_>>>` rather than `Cell<Option<Gc<_>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceCellField[Name] [Name]
}

field_trait! {
    /// [`TraceIndex`] for a field whose type names handles inside a `Cell`.
    #[diagnostic::on_unimplemented(
        message = "field `{INDEX}` cannot be traced: `{Self}` holds `Gc` handles in a `Cell`",
        label = "the collector cannot look inside a `Cell` without taking its value out",
        note = "a `Cell` gives its value only by copy or by move, and a `Gc` is not `Copy`: only a `Cell` of `Copy` data (`Cell<i64>`) implements `Trace`",
        note = "use a `RefCell` instead: `RefCell<Option<Gc<_>>>` rather than `Cell<Option<Gc<_>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceCellIndex[const INDEX: usize] [INDEX]
}

/// The derived visit of a type's fields, for a type with named fields: `Names` is the
/// tuple of its field-name type parameters. Its `Trace` impl forwards here with `()` for
/// each of them.
pub trait TraceFields<Names> {
    /// [`Trace::TRACKED`].
    const TRACKED: bool;
    /// [`Trace::trace`].
    fn trace(&self, tracer: &mut Tracer<'_>);
    /// [`Trace::drop_handles`].
    fn drop_handles(&self);
    /// [`Trace::drop_handles_mut`].
    fn drop_handles_mut(&mut self);
}

// ---------------------------------------------------------------------------------------
// `#[derive(PyObject)]`: the attribute functions of a derived class call these.
// ---------------------------------------------------------------------------------------

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;

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
