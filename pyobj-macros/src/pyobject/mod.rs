//! `#[derive(PyObject)]`: a Rust struct with named fields as a Python class.
//!
//! Laid out as `#[derive(Trace)]`: [`parse`] reads the input (through the Trace derive's
//! own reader, so `#[trace(skip)]` works the same) and classifies each field, [`check`]
//! collects every reason the derive cannot apply, [`expand`] generates the code: the
//! `Trace` impl of `#[derive(Trace)]` with `PYTHON_TYPE` added, a static `PyType`
//! named after the struct, and the attribute functions. Generated code reaches the
//! runtime only through `::pyobj::__private`.

mod check;
mod expand;
mod parse;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ctxt::Ctxt;
use crate::fallback;

/// Expands `#[derive(PyObject)]` on `tokens`; on bad input, every error (each at its
/// own span) and a placeholder `Trace` impl.
pub(crate) fn derive(tokens: TokenStream) -> TokenStream {
    let node: DeriveInput = match syn::parse2(tokens) {
        Ok(node) => node,
        Err(error) => return error.into_compile_error(),
    };
    let mut ctxt = Ctxt::default();
    let input = crate::ast::Input::from_syn(&mut ctxt, &node);
    let fields = parse::fields(&input);
    check::check(&mut ctxt, &input);
    match ctxt.check() {
        Ok(()) => expand::expand(&input, &fields),
        Err(errors) => {
            let errors = errors.into_compile_error();
            let fallback = fallback::expand(&node);
            quote!(#errors #fallback)
        }
    }
}
