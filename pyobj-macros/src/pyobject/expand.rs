//! Code generation for `#[derive(PyObject)]`.
//!
//! ```text
//! const _: () = {
//!     static TYPE: PyType = PyType::rust_class("Node", getattr, setattr);
//!     fn getattr(obj, name) -> PyResult<Option<Obj>> { match name { "x" => ..., _ => None } }
//!     fn setattr(obj, name, value) -> PyResult<()> { ... }
//!     impl Trace for Node { /* as #[derive(Trace)] */ const PYTHON_TYPE = Some(&TYPE); }
//! };
//! ```

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;

use super::parse::{Access, PyField};
use crate::ast::Input;
use crate::expand::{impl_trace_with, private};

/// The generated items for a struct that passed [`check`](super::check).
pub(crate) fn expand(input: &Input<'_>, fields: &[PyField<'_>]) -> TokenStream {
    let private = private();
    let ty = &input.original.ident;
    let class = ty.unraw().to_string();
    let getters = fields.iter().map(|field| {
        let member = field.name;
        let attr = member.unraw().to_string();
        // Spanned by the field's type: a type without `IntoObj` is reported there.
        let span = field.ty.span();
        let read = match field.access {
            Access::Cell(_) => quote_spanned!(span=> #private::get_cell(&__this.#member)),
            Access::RefCell(_) => {
                quote_spanned!(span=> #private::get_refcell(&__this.#member, #attr, #class))
            }
            Access::Plain => quote_spanned!(span=> #private::get_plain(&__this.#member)),
        };
        quote!(#attr => #read.map(::core::option::Option::Some),)
    });
    let setters = fields.iter().map(|field| {
        let member = field.name;
        let attr = member.unraw().to_string();
        let expected = |inner| quote!((&&#private::Expected::<#inner>::new()).expected());
        let span = field.ty.span();
        let write = match field.access {
            Access::Cell(inner) => {
                let expected = expected(inner);
                quote_spanned!(span=> #private::set_cell(&__this.#member, __value, #attr, #class, #expected))
            }
            Access::RefCell(inner) => {
                let expected = expected(inner);
                quote_spanned!(span=> #private::set_refcell(&__this.#member, __value, #attr, #class, #expected))
            }
            Access::Plain => {
                quote!(::core::result::Result::Err(#private::read_only(#attr, #class)))
            }
        };
        quote!(#attr => #write,)
    });
    let python_type = quote! {
        const PYTHON_TYPE: ::core::option::Option<&'static #private::PyType> =
            ::core::option::Option::Some(&__PYOBJ_TYPE);
    };
    let trace = impl_trace_with(input, &python_type);
    quote! {
        #[allow(non_upper_case_globals, non_snake_case)]
        const _: () = {
            #[allow(unused_imports)]
            use #private::{ExpectedAny as _, ExpectedKnown as _};

            static __PYOBJ_TYPE: #private::PyType =
                #private::PyType::rust_class(#class, __pyobj_getattr, __pyobj_setattr);

            fn __pyobj_getattr(
                __obj: &#private::Obj,
                __name: &::core::primitive::str,
            ) -> #private::PyResult<::core::option::Option<#private::Obj>> {
                let ::core::option::Option::Some(__this) = __obj.downcast_ref::<#ty>() else {
                    return ::core::result::Result::Ok(::core::option::Option::None);
                };
                #[allow(unreachable_code)]
                match __name {
                    #(#getters)*
                    _ => ::core::result::Result::Ok(::core::option::Option::None),
                }
            }

            fn __pyobj_setattr(
                __obj: &#private::Obj,
                __name: &::core::primitive::str,
                __value: ::core::option::Option<&#private::Obj>,
            ) -> #private::PyResult<()> {
                let ::core::option::Option::Some(__this) = __obj.downcast_ref::<#ty>() else {
                    return ::core::result::Result::Err(#private::no_attribute(__obj, __name));
                };
                let _ = (&__this, &__value);
                match __name {
                    #(#setters)*
                    _ => ::core::result::Result::Err(#private::no_attribute(__obj, __name)),
                }
            }

            #trace
        };
    }
}
