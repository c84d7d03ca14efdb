//! Procedural macros of pyobj: `#[derive(Trace)]`, `#[derive(PyObject)]`.
//!
//! Use them through the `pyobj` crate, which re-exports them beside the traits they
//! implement. Every stage works on `proc_macro2` tokens, so the crate's unit tests run
//! the derive directly: [`derive_trace`] is only the compiler's entry point.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod generics;
mod pyblock;
mod pyobject;
mod valid;

#[cfg(test)]
mod tests;

/// Derives `Trace`, so that the cycle collector can see the `Gc` handles a type holds.
///
/// The derived impl visits every field: `trace` reports its handles, `clear` and
/// `drop_handles_mut` release them. `TRACKED` is true when any field's type is tracked, so a
/// type made of plain data costs the collector nothing.
///
/// ```ignore
/// use std::cell::RefCell;
/// use pyobj::{Gc, Trace};
///
/// #[derive(Trace)]
/// struct Node {
///     children: RefCell<Vec<Gc<Node>>>,
///     #[trace(skip)] // holds no handles, and `Name` need not implement `Trace`
///     name: Name,
/// }
/// ```
///
/// - Structs (named, tuple, unit) and enums are supported; unions are not, since the
///   collector could not know which field holds a value.
/// - `#[trace(skip)]` on a field leaves it out of `trace`, `clear` and `TRACKED`.
/// - Each type parameter whose values a traced field holds gets a `Trace` bound (one
///   used only as `T::Item`, or only by skipped fields, gets none); lifetimes, const
///   parameters and the type's `where` clause are kept.
/// - A field whose type does not implement `Trace` is reported by name, with the hint
///   to skip it.
#[proc_macro_derive(Trace, attributes(trace))]
pub fn derive_trace(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::derive(input.into()).into()
}

/// Derives `PyObject`: makes a struct with named fields a Python class.
///
/// The struct gets the `Trace` impl `#[derive(Trace)]` would give it (do not derive
/// both), with its Python type set: a class named after the struct, whose instances
/// print as `<Node object at 0x...>`, hash and compare by identity, take weak
/// references, and are collected in cycles with Python objects. Each named field is an
/// attribute:
///
/// - read: the value converted with `IntoObj` (a `Cell<T>` is read with `get`, so
///   `T: Copy`; a `RefCell<T>` is borrowed and cloned; any other field is cloned);
/// - written (`obj.x = v`): only `Cell<T>` and `RefCell<T>` fields, the value
///   converted with `FromObj` (`TypeError: attribute 'x' of 'Node' objects must be int,
///   not str`). Python code mutates objects through shared handles, so a field can
///   only be assigned through interior mutability; any other field is read-only
///   (`AttributeError: attribute 'x' of 'Node' objects is not writable`, CPython's
///   text for read-only members).
///
/// ```ignore
/// use std::cell::{Cell, RefCell};
/// use pyobj::{Gc, Obj, PyObject};
///
/// #[derive(PyObject)]
/// struct Node {
///     value: Cell<i64>,
///     next: RefCell<Option<Gc<Node>>>,
///     name: String, // read-only
/// }
/// ```
///
/// Only structs with named fields are accepted, without generic parameters.
#[proc_macro_derive(PyObject, attributes(trace))]
pub fn derive_pyobject(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    pyobject::derive(input.into()).into()
}

/// Compiles Python, written with real indentation, into Rust against pyobj's runtime.
///
/// The block is an expression of type `pyobj::PyResult<pyobj::Namespace>`: `Err` with a
/// Python-style traceback for an uncaught exception, or `Ok` with the block's final
/// globals. See the `pyobj` crate's documentation of `pyblock!` for the language.
#[proc_macro]
pub fn pyblock(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    pyblock::compile(input.into()).into()
}
