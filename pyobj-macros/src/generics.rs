//! The generics of the generated impls: the `Trace` bounds they add, and the marker type
//! parameters that carry field names into error messages.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{ToTokens, format_ident};
use syn::ext::IdentExt;
use syn::{GenericParam, Generics, Member, TypeParam, parse_quote};

use crate::ast::{Field, Input};
use crate::expand::private;

/// The input's generics, plus `T: Trace` for each type parameter `T` that a traced field
/// holds values of.
///
/// Like serde's bounds, these go on the parameters, not on the field types: a bound on a
/// field type would fail at the impl instead of at the field, and lose the error that
/// names it. A parameter used only by skipped fields, or only through an associated type
/// (`T::Item`), gets no bound, since no value of it is traced; a `T::Item` that is not
/// `Trace` is reported at its field.
pub(crate) fn with_trace_bounds(input: &Input<'_>) -> Generics {
    let mut generics = input.original.generics.clone();
    let mut used = HashSet::new();
    for field in input.fields().filter(|field| field.is_traced()) {
        visit_type_names(field.ty().to_token_stream(), &mut |ident, projected| {
            if !projected {
                used.insert(ident.unraw().to_string());
            }
        });
    }
    let bounded: Vec<Ident> = generics
        .type_params()
        .filter(|param| used.contains(&param.ident.unraw().to_string()))
        .map(|param| param.ident.clone())
        .collect();
    if !bounded.is_empty() {
        let private = private();
        let predicates = &mut generics.make_where_clause().predicates;
        for ident in bounded {
            predicates.push(parse_quote!(#ident: #private::Trace));
        }
    }
    generics
}

/// One type parameter per distinct name of a traced named field.
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
    /// The markers of `input`'s traced named fields.
    pub(crate) fn new(input: &Input<'_>) -> Self {
        // A marker shares a scope with the field types and generics, so it must not take
        // a name they use: `struct S { u8: u8 }` would otherwise make `u8` mean the marker.
        let mut taken = HashSet::new();
        let mut take = |tokens: TokenStream| {
            visit_type_names(tokens, &mut |ident, _| {
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
        for field in input.fields().filter(|field| field.is_traced()) {
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

/// Calls `f(name, projected)` on each identifier in `tokens` that names a type from the
/// scope: not a lifetime, nor a segment after `::`. `projected` is set when the type is
/// only the base of an associated type (`T::Item`, `<T as Iterator>::Item`): a field of
/// that type holds no `T`, so `T` needs no bound for it.
///
/// Reading tokens rather than syn's type tree also sees inside macro types; it may find a
/// name that is not a parameter, which only costs an unneeded bound or marker rename.
fn visit_type_names(tokens: TokenStream, f: &mut dyn FnMut(&Ident, bool)) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let is_punct = |index: usize, char: char| matches!(tokens.get(index), Some(TokenTree::Punct(punct)) if punct.as_char() == char);
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => visit_type_names(group.stream(), f),
            TokenTree::Ident(ident) => {
                let after_quote = index >= 1 && is_punct(index - 1, '\'');
                let after_path_sep =
                    index >= 2 && is_punct(index - 1, ':') && is_punct(index - 2, ':');
                if after_quote || after_path_sep {
                    continue;
                }
                let projected = (is_punct(index + 1, ':') && is_punct(index + 2, ':'))
                    || matches!(tokens.get(index + 1), Some(TokenTree::Ident(next)) if next == "as");
                f(ident, projected);
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}
