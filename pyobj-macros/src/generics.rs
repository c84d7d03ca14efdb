//! The generics of the generated impls: the `Trace` bounds they add, and the marker type
//! parameters that carry field names into error messages.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident};
use syn::ext::IdentExt;
use syn::{GenericParam, Generics, Member, TypeParam, parse_quote};

use crate::ast::{Field, Input};
use crate::expand::private;
use crate::types::{visit_handle_args, visit_type_names};

/// The input's generics, plus `T: Trace` for each type parameter `T` that a traced field
/// holds values of.
///
/// Like serde's bounds, these go on the parameters, not on the field types: a bound on a
/// field type would fail at the impl instead of at the field, and lose the error that
/// names it (and `Gc<Node<T>>: Trace` on `Node<T>`'s own impl would be a cycle). A
/// parameter gets no bound when no value of it is traced: used only by skipped fields,
/// by fields traced `with` a function, through an associated type (`T::Item`, a `T::Item`
/// that is not `Trace` is reported at its field), or inside `Gc<...>`, `Weak<...>`,
/// `PhantomData<...>` or `Untraced<...>`, which are `Trace` whatever they hold.
///
/// A parameter inside `Gc<...>` or `Weak<...>` gets `T: 'static` instead. Their
/// declarations ask nothing of `T` (so the type's own declaration needs no bound), but
/// only `'static` values are ever put on the heap (`Gc::new`), so the impl asks no more
/// than any such handle does.
pub(crate) fn with_trace_bounds(input: &Input<'_>) -> Generics {
    let mut generics = input.original.generics.clone();
    let mut used = HashSet::new();
    for field in input.fields().filter(|field| field.uses_trace_impl()) {
        visit_type_names(
            field.ty().to_token_stream(),
            true,
            &mut |ident, projected| {
                if !projected {
                    used.insert(ident.unraw().to_string());
                }
            },
        );
    }
    let mut on_heap = HashSet::new();
    for field in input.fields().filter(|field| field.uses_trace_impl()) {
        visit_handle_args(field.ty().to_token_stream(), &mut |ident| {
            on_heap.insert(ident.unraw().to_string());
        });
    }
    let params = |names: &HashSet<String>| -> Vec<Ident> {
        generics
            .type_params()
            .filter(|param| names.contains(&param.ident.unraw().to_string()))
            .map(|param| param.ident.clone())
            .collect()
    };
    let (bounded, static_bounded) = (params(&used), params(&on_heap));
    if !bounded.is_empty() || !static_bounded.is_empty() {
        let private = private();
        let predicates = &mut generics.make_where_clause().predicates;
        for ident in bounded {
            predicates.push(parse_quote!(#ident: #private::Trace));
        }
        for ident in static_bounded {
            predicates.push(parse_quote!(#ident: 'static));
        }
    }
    generics
}

/// One type parameter per distinct name of a named field reached through its `Trace`
/// impl.
///
/// rustc prints a type parameter by its bare name, so `TraceField<next>` lets the
/// `on_unimplemented` message of `TraceField` say "field `next`". A local marker struct
/// would not do: rustc prints it by its path as soon as another derive in the crate
/// made one of the same name.
pub(crate) struct Markers {
    /// `(field name, marker parameter)`, in field order.
    params: Vec<(Ident, Ident)>,
}

impl Markers {
    /// The markers of `input`'s named fields reached through their `Trace` impl.
    pub(crate) fn new(input: &Input<'_>) -> Self {
        // A marker shares a scope with the field types and generics, so it must not take
        // a name they use: `struct S { u8: u8 }` would otherwise make `u8` mean the marker.
        let mut taken = HashSet::new();
        let mut take = |tokens: TokenStream| {
            visit_type_names(tokens, false, &mut |ident, _| {
                taken.insert(ident.unraw().to_string());
            });
        };
        take(input.original.ident.to_token_stream());
        take(input.original.generics.to_token_stream());
        take(input.original.generics.where_clause.to_token_stream());
        input
            .fields()
            .for_each(|field| take(field.ty().to_token_stream()));

        let mut names: Vec<&Ident> = Vec::new();
        for field in input.fields().filter(|field| field.uses_trace_impl()) {
            if let Member::Named(name) = &field.member
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        let field_names: HashSet<String> =
            names.iter().map(|name| name.unraw().to_string()).collect();
        let params = names
            .into_iter()
            .map(|name| {
                let mut marker = name.clone();
                // A renamed marker also keeps clear of the other fields' names, which are
                // their own markers.
                while taken.contains(&marker.unraw().to_string())
                    || (marker != *name && field_names.contains(&marker.unraw().to_string()))
                {
                    marker = format_ident!("{}_", marker.unraw());
                }
                taken.insert(marker.unraw().to_string());
                (name.clone(), marker)
            })
            .collect();
        Markers { params }
    }

    /// Whether the input has no traced named field, so needs no markers.
    pub(crate) fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The marker parameters, in order.
    pub(crate) fn params(&self) -> impl Iterator<Item = &Ident> {
        self.params.iter().map(|(_, marker)| marker)
    }

    /// The marker of `field`, if it is a traced named field.
    pub(crate) fn of(&self, field: &Field<'_>) -> Option<&Ident> {
        let Member::Named(name) = &field.member else {
            return None;
        };
        self.params
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, marker)| marker)
    }

    /// `generics` with the markers appended, for the impl that names the fields.
    pub(crate) fn add_to(&self, generics: &Generics) -> Generics {
        let mut generics = generics.clone();
        generics.params.extend(
            self.params()
                .map(|marker| GenericParam::Type(TypeParam::from(marker.clone()))),
        );
        generics
    }
}
