//! What the derive emits beside its errors.
//!
//! Without an impl, every use of the type as `Trace` elsewhere (`Gc::new`, a containing
//! type's derive) would add an error of its own, burying the one that explains them.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::expand::private;

/// A `Trace` impl for `node` that visits nothing. It never reaches a binary: the errors
/// emitted with it stop the compilation.
pub(crate) fn expand(node: &DeriveInput) -> TokenStream {
    let private = private();
    let ty = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Trace for #ty #ty_generics #where_clause {
            const TRACKED: ::core::primitive::bool = false;
            fn trace(&self, _: &mut #private::Tracer<'_>) {}
        }
    }
}
