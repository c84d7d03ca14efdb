//! Procedural macros of pyobj: `#[derive(Trace)]`.
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
