//! What the derive reads in the tokens of a field's type: which type parameters it holds
//! values of, and whether it keeps `Gc` handles where the collector cannot see them.
//!
//! Reading tokens, not syn's type tree, also sees inside macro types. Types are known by
//! their last path segment's name, so a type alias or a type of the user's that takes
//! one of these names can mislead it; that only costs a missing bound (reported at the
//! field, as if the parameter were not `Trace`) or the wording of an error, never an
//! impl that compiles but misbehaves.

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::Type;
use syn::ext::IdentExt;

/// The names of pyobj's handles: a type that holds one of these holds `Gc` handles.
const HANDLES: &[&str] = &["Gc", "Weak", "AnyGc", "AnyWeak", "Obj"];

/// Generic types whose `Trace` impl asks nothing of their arguments: `Gc<T>` and
/// `Weak<T>` (the object's own vtable traces it, whatever `T` is, even `dyn Trait`),
/// `PhantomData<T>` and `Untraced<T>`.
const OPAQUE: &[&str] = &["Gc", "Weak", "PhantomData", "Untraced"];

/// Whether `tokens[index]` is the punctuation `char`.
fn is_punct(tokens: &[TokenTree], index: usize, char: char) -> bool {
    matches!(tokens.get(index), Some(TokenTree::Punct(punct)) if punct.as_char() == char)
}

/// The identifier at `tokens[index]` if it names one of `names` and is followed by `<`.
/// `rc::Weak` and `sync::Weak` are std's, not pyobj's.
fn generic_named(tokens: &[TokenTree], index: usize, names: &[&str]) -> bool {
    let Some(TokenTree::Ident(ident)) = tokens.get(index) else {
        return false;
    };
    let name = ident.unraw().to_string();
    if !names.contains(&name.as_str()) || !is_punct(tokens, index + 1, '<') {
        return false;
    }
    let std_weak = name == "Weak"
        && index >= 3
        && is_punct(tokens, index - 1, ':')
        && is_punct(tokens, index - 2, ':')
        && matches!(&tokens[index - 3], TokenTree::Ident(module) if module == "rc" || module == "sync");
    !std_weak
}

/// The index of the `>` that closes the `<` at `tokens[open]` (`->` does not close
/// anything), or the end of the tokens if it is not closed.
fn angle_end(tokens: &[TokenTree], open: usize) -> usize {
    let mut depth = 0_usize;
    for index in open..tokens.len() {
        if is_punct(tokens, index, '<') {
            depth += 1;
        } else if is_punct(tokens, index, '>') && !(index > 0 && is_punct(tokens, index - 1, '-')) {
            depth -= 1;
            if depth == 0 {
                return index;
            }
        }
    }
    tokens.len()
}

/// Calls `f(name, projected)` on each identifier in `tokens` that names a type from the
/// scope: not a lifetime, nor a segment after `::`. `projected` is set when the type is
/// only the base of an associated type (`T::Item`, `<T as Iterator>::Item`): a field of
/// that type holds no `T`, so `T` needs no bound for it.
///
/// With `skip_opaque`, the arguments of `Gc<...>`, `Weak<...>`, `PhantomData<...>` and
/// `Untraced<...>` are not visited: those types are `Trace` whatever their arguments are
/// (given the bounds their declarations require), so a parameter used only there needs no
/// `Trace` bound.
///
/// It may find a name that is not a parameter, which only costs an unneeded bound or
/// marker rename.
pub(crate) fn visit_type_names(
    tokens: TokenStream,
    skip_opaque: bool,
    f: &mut dyn FnMut(&Ident, bool),
) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        match &tokens[index] {
            TokenTree::Group(group) => visit_type_names(group.stream(), skip_opaque, f),
            TokenTree::Ident(ident) => {
                let after_quote = index >= 1 && is_punct(&tokens, index - 1, '\'');
                let after_path_sep = index >= 2
                    && is_punct(&tokens, index - 1, ':')
                    && is_punct(&tokens, index - 2, ':');
                if skip_opaque && generic_named(&tokens, index, OPAQUE) {
                    index = angle_end(&tokens, index + 1) + 1;
                    continue;
                }
                if !after_quote && !after_path_sep {
                    let projected = (is_punct(&tokens, index + 1, ':')
                        && is_punct(&tokens, index + 2, ':'))
                        || matches!(tokens.get(index + 1), Some(TokenTree::Ident(next)) if next == "as");
                    f(ident, projected);
                }
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        index += 1;
    }
}

/// Calls `f` on each identifier inside the arguments of a `Gc<...>` or `Weak<...>` in
/// `tokens`: the types that are `'static` wherever such a handle names a live object.
pub(crate) fn visit_handle_args(tokens: TokenStream, f: &mut dyn FnMut(&Ident)) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        if let TokenTree::Group(group) = &tokens[index] {
            visit_handle_args(group.stream(), f);
        } else if generic_named(&tokens, index, &["Gc", "Weak"]) {
            let end = angle_end(&tokens, index + 1);
            let args: TokenStream = tokens[index + 2..end].iter().cloned().collect();
            visit_type_names(args, false, &mut |ident, _| f(ident));
            index = end;
        }
        index += 1;
    }
}

/// Why a field's type may fail to implement `Trace`, as far as its tokens tell: it picks
/// the error message shown if it does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Hint {
    /// Nothing known: the field may hold no handles (then `#[trace(skip)]` is right).
    Plain,
    /// Handles inside an `Rc` or `Arc` (`Rc<RefCell<Vec<Gc<_>>>>`): skipping the field
    /// would hide them; a `Gc` should share the value instead.
    Shared,
    /// Handles inside a `Cell` (`Cell<Option<Gc<_>>>`): a `RefCell` should hold them.
    Cell,
}

/// The [`Hint`] for a field of type `ty`: the first `Rc<...>`, `Arc<...>` or `Cell<...>`
/// whose arguments name one of pyobj's handles, outermost first.
pub(crate) fn hint(ty: &Type) -> Hint {
    hint_in(quote::ToTokens::to_token_stream(ty))
}

fn hint_in(tokens: TokenStream) -> Hint {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for index in 0..tokens.len() {
        if let TokenTree::Group(group) = &tokens[index] {
            match hint_in(group.stream()) {
                Hint::Plain => continue,
                found => return found,
            }
        }
        let found = if generic_named(&tokens, index, &["Rc", "Arc"]) {
            Hint::Shared
        } else if generic_named(&tokens, index, &["Cell"]) {
            Hint::Cell
        } else {
            continue;
        };
        let end = angle_end(&tokens, index + 1);
        if names_a_handle(&tokens[index + 2..end]) {
            return found;
        }
    }
    Hint::Plain
}

/// Whether `tokens` name one of pyobj's handle types anywhere.
fn names_a_handle(tokens: &[TokenTree]) -> bool {
    tokens.iter().enumerate().any(|(index, token)| match token {
        TokenTree::Group(group) => names_a_handle(&group.stream().into_iter().collect::<Vec<_>>()),
        TokenTree::Ident(ident) => {
            let name = ident.unraw().to_string();
            HANDLES.contains(&name.as_str())
                && (name != "Weak" || generic_named(tokens, index, &["Weak"]))
        }
        _ => false,
    })
}
