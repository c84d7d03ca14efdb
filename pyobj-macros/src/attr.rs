//! Attribute parsing: `#[trace(...)]`, the derive's own attribute (`skip` and
//! `with = function` go on a field, `finalize` on the type), and the `#[repr]` the derive
//! must know about.

use proc_macro2::TokenTree;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, ExprPath, Meta, Token};

use crate::ctxt::Ctxt;

/// Whether `attr` is a `#[trace...]` attribute, well-formed or not.
fn is_trace(attr: &Attribute) -> bool {
    attr.path().is_ident("trace")
}

/// What the `#[trace(...)]` attributes of one field say.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// `#[trace(skip)]`: the field is neither traced nor cleared, and its type need not
    /// implement `Trace`.
    pub(crate) skip: bool,
    /// `#[trace(with = path)]`: the field is traced by calling `path(&field, tracer)`
    /// instead of `Trace::trace`, and its type need not implement `Trace`.
    pub(crate) with: Option<ExprPath>,
}

/// The accepted forms, for the messages about a malformed attribute.
const ACCEPTED: &str = "`#[trace(skip)]` or `#[trace(with = path::to::function)]`";

/// Reads the `#[trace(...)]` attributes of the type itself (`place`: "a struct", "an
/// enum"): only `#[trace(finalize)]` is accepted there. Returns the `finalize` word, for
/// the span of the errors about it.
pub(crate) fn type_level(ctxt: &mut Ctxt, attrs: &[Attribute], place: &str) -> Option<syn::Path> {
    let mut finalize = None;
    for attr in attrs.iter().filter(|attr| is_trace(attr)) {
        let list = match &attr.meta {
            Meta::List(list) if !list.tokens.is_empty() => list,
            _ => {
                ctxt.error_spanned_by(attr, misplaced(place, "the fields"));
                continue;
            }
        };
        let parsed = list.parse_nested_meta(|meta| {
            if meta.path.is_ident("finalize") {
                if skip_value(&meta)? {
                    ctxt.syn_error(
                        meta.error("`finalize` takes no value: write `#[trace(finalize)]`"),
                    );
                } else if finalize.is_some() {
                    ctxt.error_spanned_by(&meta.path, "duplicate `#[trace(finalize)]`");
                } else {
                    finalize = Some(meta.path.clone());
                }
            } else {
                skip_value(&meta)?;
                ctxt.error_spanned_by(attr, misplaced(place, "the fields"));
            }
            Ok(())
        });
        if let Err(error) = parsed {
            ctxt.syn_error(error);
        }
    }
    finalize
}

/// The message for a field's argument written on a type (`finalize` is accepted there)
/// or a variant.
fn misplaced(place: &str, fields: &str) -> String {
    let refused = if matches!(place, "a struct" | "an enum") {
        "only `#[trace(finalize)]` is accepted"
    } else {
        "`#[trace(...)]` is not accepted"
    };
    format!("{refused} on {place}; put `#[trace(skip)]` on {fields} that hold no `Gc` handles")
}

/// Refuses each `#[trace(...)]` among the attributes of a variant (`place`): only fields
/// and the type take one, and anywhere else it would be silently ignored.
pub(crate) fn reject(ctxt: &mut Ctxt, attrs: &[Attribute], place: &str, fields: &str) {
    for attr in attrs.iter().filter(|attr| is_trace(attr)) {
        ctxt.error_spanned_by(attr, misplaced(place, fields));
    }
}

/// Reads the `#[trace(...)]` attributes of a field, recording what is wrong in `ctxt`.
pub(crate) fn field(ctxt: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut found = FieldAttrs::default();
    // Where `skip` was written, to refuse it beside `with`.
    let mut skip_path = None;
    for attr in attrs.iter().filter(|attr| is_trace(attr)) {
        // `#[trace]`, `#[trace = ...]` and `#[trace()]` all lack the argument; one message
        // that shows the accepted forms helps more than syn's generic ones.
        let list = match &attr.meta {
            Meta::List(list) if !list.tokens.is_empty() => list,
            _ => {
                ctxt.error_spanned_by(attr, format_args!("expected {ACCEPTED}"));
                continue;
            }
        };
        let parsed = list.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                if skip_value(&meta)? {
                    ctxt.syn_error(meta.error("`skip` takes no value: write `#[trace(skip)]`"));
                } else if found.skip {
                    ctxt.error_spanned_by(&meta.path, "duplicate `#[trace(skip)]` on this field");
                } else {
                    found.skip = true;
                    skip_path = Some(meta.path.clone());
                }
            } else if meta.path.is_ident("with") {
                if !meta.input.peek(Token![=]) {
                    skip_value(&meta)?;
                    ctxt.syn_error(meta.error(
                        "`with` takes the function that traces the field: write \
                         `#[trace(with = path::to::function)]`",
                    ));
                    return Ok(());
                }
                let value = meta.value()?;
                let span = value.span();
                let Ok(path) = value.parse::<ExprPath>() else {
                    // Step over whatever was written instead, to read the next argument.
                    value.parse::<syn::Expr>()?;
                    ctxt.syn_error(syn::Error::new(
                        span,
                        "expected the path of a function, as in \
                         `#[trace(with = path::to::function)]`",
                    ));
                    return Ok(());
                };
                if found.with.is_some() {
                    ctxt.error_spanned_by(
                        &meta.path,
                        "duplicate `#[trace(with = ...)]` on this field",
                    );
                } else {
                    found.with = Some(path);
                }
            } else {
                // Step over a value first, so that the arguments after it are still read
                // and their mistakes reported too.
                skip_value(&meta)?;
                let name = meta.path.to_token_stream().to_string().replace(' ', "");
                ctxt.syn_error(meta.error(format_args!(
                    "unknown argument `{name}` in `#[trace(...)]`; the accepted arguments are \
                     `skip` and `with = path::to::function`"
                )));
            }
            Ok(())
        });
        if let Err(error) = parsed {
            ctxt.syn_error(error);
        }
    }
    if let (Some(skip), Some(_)) = (&skip_path, &found.with) {
        ctxt.error_spanned_by(
            skip,
            "`skip` and `with` cannot both be used on a field: a skipped field is not traced \
             at all, and `with` traces it with a function",
        );
    }
    found
}

/// The `#[repr(packed)]` (or `packed(N)`) attribute among `attrs`, if any.
///
/// Fields of a packed struct may be unaligned, so the derived code, which borrows them,
/// would not compile; the derive says so itself rather than leave rustc to point at
/// generated code.
pub(crate) fn repr_packed(attrs: &[Attribute]) -> Option<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("repr"))
        .find(|attr| {
            let mut packed = false;
            // A malformed `repr` is rustc's to report, not ours.
            let _ = attr.parse_nested_meta(|meta| {
                packed |= meta.path.is_ident("packed");
                skip_value(&meta).map(drop)
            });
            packed
        })
}

/// Consumes the `= value` or `(...)` after an argument's name; true if there was one.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
        Ok(true)
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
        Ok(true)
    } else {
        Ok(false)
    }
}
