//! Code generation.
//!
//! Every field is reached through `TraceField<name>` (a named field) or
//! `TraceIndex<index>` (a tuple field) from `pyobj::__private`, never through `Trace`
//! directly: both are implemented for every `Trace` type, and their
//! `on_unimplemented` messages name the field whose type is not. Each use is spanned by
//! the field's type, so rustc reports one error per bad field, at the field, however
//! many methods use it. A field whose type keeps handles in an `Rc`, `Arc` or `Cell`
//! goes through the `TraceShared*` or `TraceCell*` variant instead, for a message that
//! says why and what to use (see [`types::hint`]).
//!
//! A field with `#[trace(with = function)]` is traced by `function(&field, tracer)`, is
//! counted as tracked, and is left alone by `drop_handles` and `drop_handles_mut`.
//!
//! For a type with named fields the names are type parameters (see
//! [`Markers`](crate::generics::Markers)), which only an impl can declare. The fields are
//! then visited in an impl of `TraceFields<(name, ...)>` and the `Trace` impl forwards to
//! it; other types get the `Trace` impl alone.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Type};

use crate::ast::{Data, Field, Input};
use crate::ctxt::Ctxt;
use crate::generics::{self, Markers};
use crate::types::{self, Hint};
use crate::{fallback, valid};

/// The hidden module of the `pyobj` facade, the only way generated code reaches the
/// runtime: an absolute path that no item of the user's can shadow.
pub(crate) fn private() -> TokenStream {
    quote!(::pyobj::__private)
}

/// Expands `#[derive(Trace)]` on `tokens`, the item it was put on.
///
/// On bad input the result holds every error, each at its own span, and a placeholder
/// impl so that uses of the type elsewhere do not add errors of their own.
pub(crate) fn derive(tokens: TokenStream) -> TokenStream {
    let node: DeriveInput = match syn::parse2(tokens) {
        Ok(node) => node,
        Err(error) => return error.into_compile_error(),
    };
    match expand(&node) {
        Ok(expanded) => expanded,
        Err(errors) => {
            let errors = errors.into_compile_error();
            let fallback = fallback::expand(&node);
            quote!(#errors #fallback)
        }
    }
}

fn expand(node: &DeriveInput) -> syn::Result<TokenStream> {
    let mut ctxt = Ctxt::default();
    let input = Input::from_syn(&mut ctxt, node);
    valid::check(&mut ctxt, &input);
    ctxt.check()?;
    Ok(impl_trace(&input))
}

/// The four items of a `Trace`-shaped impl.
struct Items {
    tracked: TokenStream,
    trace: TokenStream,
    clear: TokenStream,
    clear_mut: TokenStream,
}

impl Items {
    fn into_tokens(self) -> TokenStream {
        let private = private();
        let Items {
            tracked,
            trace,
            clear,
            clear_mut,
        } = self;
        quote! {
            const TRACKED: ::core::primitive::bool = #tracked;
            #[inline]
            fn trace(&self, __tracer: &mut #private::Tracer<'_>) {
                #trace
            }
            #[inline]
            fn drop_handles(&self) {
                #clear
            }
            #[inline]
            fn drop_handles_mut(&mut self) {
                #clear_mut
            }
        }
    }
}

fn impl_trace(input: &Input<'_>) -> TokenStream {
    impl_trace_with(input, &TokenStream::new())
}

/// The `Trace` impl(s) of `input`, with `extra` items in the `impl Trace` block
/// (`#[derive(PyObject)]` adds its `PYTHON_TYPE` there).
pub(crate) fn impl_trace_with(input: &Input<'_>, extra: &TokenStream) -> TokenStream {
    let private = private();
    let ty = &input.original.ident;
    let markers = Markers::new(input);
    let generics = generics::with_trace_bounds(input);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let visits = visit_fields(input, &markers).into_tokens();
    let finalize = finalize(input);
    if markers.is_empty() {
        return quote! {
            #[automatically_derived]
            impl #impl_generics #private::Trace for #ty #ty_generics #where_clause {
                #visits
                #finalize
                #extra
            }
        };
    }

    let with_markers = markers.add_to(&generics);
    let (fields_impl_generics, _, _) = with_markers.split_for_impl();
    let params = markers.params();
    let units = markers.params().map(|_| quote!(()));
    let fields_trait = quote!(#private::TraceFields<(#(#units,)*)>);
    let forward = Items {
        tracked: quote!(<Self as #fields_trait>::TRACKED),
        trace: quote!(<Self as #fields_trait>::trace(self, __tracer)),
        clear: quote!(<Self as #fields_trait>::drop_handles(self)),
        clear_mut: quote!(<Self as #fields_trait>::drop_handles_mut(self)),
    }
    .into_tokens();
    quote! {
        #[automatically_derived]
        #[allow(non_camel_case_types)]
        impl #fields_impl_generics #private::TraceFields<(#(#params,)*)>
            for #ty #ty_generics #where_clause
        {
            #visits
        }
        #[automatically_derived]
        impl #impl_generics #private::Trace for #ty #ty_generics #where_clause {
            #forward
            #finalize
            #extra
        }
    }
}

/// The `FINALIZE` item of the `Trace` impl: the finalizer `Gc::new` attaches.
///
/// - `#[trace(finalize)]`: the type's `Finalize` impl, unconditionally; reached through
///   `FinalizeAttr`, whose message names the attribute (where the error is spanned) if
///   the type has none.
/// - A type without generic parameters: `FinalizeProbe::<Self>::HOOK`, the inherent
///   constant if `Self: Finalize`, else `NoFinalize`'s `None` (see the probe's docs). A
///   constant either way: a type without a finalizer gets the vtable it always had.
/// - A generic type without the attribute: nothing (the trait's default, `None`). The
///   probe would decide on the generic `Node<T>`, not on `Node<i64>`, and lifetimes are
///   erased when an impl is chosen: the attribute says it instead.
fn finalize(input: &Input<'_>) -> TokenStream {
    let private = private();
    let hook = quote!(::core::option::Option<#private::FinalizeHook<Self>>);
    if let Some(attribute) = &input.finalize {
        let value = quote_spanned! {attribute.span()=>
            ::core::option::Option::Some(<Self as #private::FinalizeAttr>::HOOK)
        };
        return quote!(const FINALIZE: #hook = #value;);
    }
    if !input.original.generics.params.is_empty() {
        return TokenStream::new();
    }
    quote! {
        const FINALIZE: #hook = {
            #[allow(unused_imports)]
            use #private::NoFinalize as _;
            #private::FinalizeProbe::<Self>::HOOK
        };
    }
}

/// What each method does with each traced field.
fn visit_fields(input: &Input<'_>, markers: &Markers) -> Items {
    let tracked: Vec<TokenStream> = input
        .fields()
        .filter(|field| field.is_traced())
        .map(|field| match field.with() {
            // The function may report handles: the type must be tracked.
            Some(_) => quote!(true),
            None => {
                let via = via(field, markers);
                quote!(#via::TRACKED)
            }
        })
        .collect();
    Items {
        tracked: if tracked.is_empty() {
            quote!(false)
        } else {
            quote!(#(#tracked)||*)
        },
        trace: visit(input, markers, Method::Trace),
        clear: visit(input, markers, Method::Clear),
        clear_mut: visit(input, markers, Method::ClearMut),
    }
}

#[derive(Clone, Copy)]
enum Method {
    Trace,
    Clear,
    ClearMut,
}

/// The body of `method`: calls it on every traced field, through a shared borrow of
/// `self` (or an exclusive one for `drop_handles_mut`), never moving out of it, which a type that
/// implements `Drop` would forbid.
///
/// A field traced `with` a function is visited by `trace` only: the function reports its
/// handles, and nothing says how to drop them.
fn visit(input: &Input<'_>, markers: &Markers, method: Method) -> TokenStream {
    let visited = |field: &&Field<'_>| match method {
        Method::Trace => field.is_traced(),
        Method::Clear | Method::ClearMut => field.uses_trace_impl(),
    };
    let call = |field: &Field<'_>, place: TokenStream| {
        if let Some(function) = field.with() {
            // Spanned by the path, so that a function of the wrong signature is reported
            // at the attribute.
            return quote_spanned!(function.span()=> #function(#place, __tracer););
        }
        let via = via(field, markers);
        match method {
            Method::Trace => quote!(#via::trace(#place, __tracer);),
            Method::Clear => quote!(#via::drop_handles(#place);),
            Method::ClearMut => quote!(#via::drop_handles_mut(#place);),
        }
    };
    let borrow = match method {
        Method::Trace | Method::Clear => quote!(&),
        Method::ClearMut => quote!(&mut),
    };
    match &input.data {
        Data::Struct(fields) => fields
            .iter()
            .filter(visited)
            .map(|field| {
                let member = &field.member;
                call(field, quote!(#borrow self.#member))
            })
            .collect(),
        Data::Enum(variants) if variants.is_empty() => quote!(match *self {}),
        Data::Enum(variants) => {
            let arms = variants.iter().map(|variant| {
                let name = &variant.original.ident;
                let traced: Vec<&Field<'_>> = variant.fields.iter().filter(visited).collect();
                let members = traced.iter().map(|field| &field.member);
                // Bindings with names no user constant is likely to have: a constant in
                // scope would turn a binding into a pattern to compare against.
                let bindings: Vec<Ident> = (0..traced.len())
                    .map(|index| format_ident!("__field{index}"))
                    .collect();
                let calls = traced
                    .iter()
                    .zip(&bindings)
                    .map(|(field, binding)| call(field, quote!(#binding)));
                quote! {
                    Self::#name { #(#members: #bindings,)* .. } => { #(#calls)* }
                }
            });
            quote!(match self { #(#arms)* })
        }
        Data::Union(..) => unreachable!("valid::check rejects unions"),
    }
}

/// The fully qualified path through which `field` is reached, e.g.
/// `<Vec<T> as ::pyobj::__private::TraceField<items>>`: the user's methods named `trace`
/// or `clear` cannot interfere, and an error for it names the field (and, for a type
/// that keeps handles out of the collector's sight, says why: [`types::hint`]).
fn via(field: &Field<'_>, markers: &Markers) -> TokenStream {
    let private = private();
    let ty: &Type = field.ty();
    let (named, indexed) = match types::hint(ty) {
        Hint::Plain => (quote!(TraceField), quote!(TraceIndex)),
        Hint::Shared => (quote!(TraceSharedField), quote!(TraceSharedIndex)),
        Hint::Cell => (quote!(TraceCellField), quote!(TraceCellIndex)),
    };
    match markers.of(field) {
        Some(marker) => quote!(<#ty as #private::#named<#marker>>),
        None => {
            let index = &field.member;
            quote!(<#ty as #private::#indexed<#index>>)
        }
    }
}
