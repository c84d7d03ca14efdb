//! The front end of `pyblock! { ... }`: Python written with real indentation, read from
//! the Rust tokens the macro receives, parsed into [`ast::Module`] and checked like
//! CPython's compiler checks it (syntax, then scopes), before any code is generated.
//!
//! The stages: [`lex`] turns token trees into Python tokens and logical lines (reading
//! the indentation from token columns), [`parse`] builds the tree, [`scope`] resolves
//! every name as CPython's `symtable` does. Each stage records its errors and goes on, so
//! that one compilation reports them all; every error is spanned on the offending line.
//!
//! # What the macro docs will say (draft)
//!
//! ````text
//! pyblock! {
//!     def fib(n):
//!         if n < 2:
//!             return n
//!         return fib(n - 1) + fib(n - 2)
//!     print(fib(10))
//! }
//! ````
//!
//! - Start the code on the line after `pyblock! {` and indent it with spaces: the first
//!   line's column is the block's base level, and Python's rules hold from there
//!   ("unexpected indent", "expected an indented block after 'if' statement on line N",
//!   "unindent does not match any outer indentation level"). A tab counts as one column.
//!   The lines must come from the source as written: code produced by another macro has
//!   no usable line structure.
//! - `#` comments run to the end of their line, but Rust reads them first: their text must
//!   be valid Rust tokens. An apostrophe must open a one-character literal (`# 'c'`) or
//!   a lifetime after a space (`# it 's`): `# don't` (Rust 2021 reserves the prefix
//!   `don'`) and `# 'hello'` are errors, as are an unmatched `"` and a bracket closed on a
//!   later line.
//!   A line holding only a Rust `//` comment is ignored.
//! - `a // b` cannot be written: Rust drops `//` and the rest of the line as a comment
//!   before the macro runs. The macro reads the source file to find it and fails with
//!   the workaround: `floordiv(a, b)`, and `a = floordiv(a, b)` for `a //= b`. When the
//!   file cannot be read (macro-generated input), only a `//` inside a bracket spanning
//!   several lines is found; elsewhere the error is the syntax error the shortened line
//!   causes, with a hint.
//! - Strings use double quotes (`"..."`, raw `r"..."`, bytes `b"..."`); escapes are
//!   Rust's (`\n`, `\x41`, `\u{e9}`). A one-character `'c'` is a one-character string;
//!   longer single-quoted strings cannot be written (Rust reads `'ab'` as an error).
//!   `"""text"""` works, but its text cannot hold `"`. F-strings are refused (Rust 2021
//!   reserves the prefix): use `"x = " + str(x)`. There is no backslash continuation:
//!   break lines inside brackets.
//! - `'name` is the Rust variable `name` from around the macro, converted to a Python
//!   object.
//! - Names are checked at compile time: a name bound nowhere in the block and not a
//!   builtin is an error ("name 'x' is not defined").
//! - Not supported (each a compile error naming it): `yield`, `async`/`await`, `with`,
//!   decorators, `match`, f-strings, star-unpacking, `:=`, `**` in calls and `def`,
//!   keyword-only parameters, annotations, `raise ... from`, `from ... import`, imports
//!   other than `gc`, `sys` and `weakref`, the `@` operator.

// The code generator (a later step) is the user of most of the tree; until it lands, only
// the tests read it.
#![allow(dead_code)]

pub(crate) mod ast;
pub(crate) mod expand;
pub(crate) mod lex;
pub(crate) mod modules;
pub(crate) mod parse;
pub(crate) mod scope;
pub(crate) mod source;

#[cfg(test)]
mod growth_tests;
#[cfg(test)]
mod tests;

use std::fmt::Display;

use proc_macro2::{Span, TokenStream};

use self::ast::{Module, Origin};
use self::lex::Source;

/// The errors found in one block, each with its span.
#[derive(Default)]
pub(crate) struct Errors {
    list: Vec<syn::Error>,
    /// Which of `list` are CPython `SyntaxError`s found after parsing, with the line
    /// and column of their statement (as [`ast::Stmt`] has them): the text forms put
    /// the Python position in front ([`front_text`]).
    located: Vec<(usize, (usize, usize))>,
}

impl Errors {
    /// Records `message` at `span`.
    pub(crate) fn add(&mut self, span: Span, message: impl Display) {
        self.list.push(syn::Error::new(span, message));
    }

    /// Records the `SyntaxError` `message` at `span`, found in the statement at `at`
    /// (line and column, as [`ast::Stmt`] has them).
    pub(crate) fn add_syntax(&mut self, span: Span, at: (usize, usize), message: impl Display) {
        self.located.push((self.list.len(), at));
        self.add(span, message);
    }

    /// Records an error already built.
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.list.push(error);
    }

    /// Whether nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many errors were recorded.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// `Err` with every message in source order, if there was any.
    pub(crate) fn finish(self) -> Result<(), syn::Error> {
        match self.into_error() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// One error holding every message in source order, if there was any.
    pub(crate) fn into_error(self) -> Option<syn::Error> {
        let mut list = self.list;
        list.sort_by_key(|error| {
            let start = error.span().start();
            (start.line, start.column)
        });
        let mut iter = list.into_iter();
        let mut first = iter.next()?;
        for error in iter {
            first.combine(error);
        }
        Some(first)
    }
}

/// Reads, parses and checks the tokens inside `pyblock! { ... }`.
///
/// Inside the compiler, the source file is read (through the first token's span) to find
/// the `//` that Rust dropped as a comment; elsewhere only the tokens are used.
pub(crate) fn front(input: TokenStream) -> Result<Module, syn::Error> {
    if let Some(text) = source::text_input(&input)? {
        return front_text(&text);
    }
    let first = input.clone().into_iter().next();
    let text = first
        .and_then(|tree| tree.span().local_file())
        .and_then(|path| std::fs::read_to_string(path).ok());
    let end = Span::call_site().end();
    let source = Source {
        text: text.as_deref(),
        end: (end.line > 0).then_some(end),
    };
    front_with_source(input, &source).map_err(hint_rust_variables)
}

/// In the inline token form, "name 'x' is not defined" says how to read a Rust variable
/// `x` instead (`'x`), when `x` can be one (a Rust identifier, not a keyword).
pub(crate) fn hint_rust_variables(error: syn::Error) -> syn::Error {
    let mut hinted: Option<syn::Error> = None;
    for error in error {
        let message = error.to_string();
        let name = message
            .strip_prefix("name '")
            .and_then(|rest| rest.strip_suffix("' is not defined"))
            .filter(|name| syn::parse_str::<proc_macro2::Ident>(name).is_ok());
        let error = match name {
            Some(name) => syn::Error::new(
                error.span(),
                format!("{message} (for the Rust variable `{name}`, write `'{name}`)"),
            ),
            None => error,
        };
        match &mut hinted {
            Some(all) => all.combine(error),
            None => hinted = Some(error),
        }
    }
    hinted.unwrap_or_else(internal)
}

/// [`front`] with the source text given: `text` is the whole text the token lines refer
/// to (the unit tests pass the string they parsed).
pub(crate) fn front_with_source(
    input: TokenStream,
    source: &Source<'_>,
) -> Result<Module, syn::Error> {
    let mut errors = Errors::default();
    let lexed = lex::lex(input, &mut errors);
    if lexed.too_deep {
        return Err(errors.into_error().unwrap_or_else(internal));
    }
    // Text after the end of the invocation is not part of the block.
    let source = Source {
        text: source.text,
        end: source
            .end
            .filter(|end| lexed.lines.last().is_none_or(|line| *end >= line.end)),
    };
    let before = errors.len();
    lex::floor_division(&lexed, &source, &lexed.toks, &mut errors);
    if errors.len() > before {
        // The parse errors would only be consequences of the lost text.
        return Err(errors.into_error().unwrap_or_else(internal));
    }
    let (body, scope_count) = parse::parse(&lexed.toks, source.text.is_none(), &mut errors);
    if !errors.is_empty() {
        return Err(errors.into_error().unwrap_or_else(internal));
    }
    let scopes = scope::analyze(&body, scope_count, &mut errors);
    errors.finish()?;
    Ok(Module {
        body,
        scopes,
        origin: Origin::Rust,
    })
}

/// [`front`] for Python source text (a string literal or a file).
pub(crate) fn front_text(text: &source::Text) -> Result<Module, syn::Error> {
    let mut errors = Errors::default();
    let (body, scope_count) = source::front(text, &mut errors);
    if !errors.is_empty() {
        return Err(errors.into_error().unwrap_or_else(internal));
    }
    let scopes = scope::analyze(&body, scope_count, &mut errors);
    // The compile-time syntax errors say where, as the parser's do.
    for &(index, (line, column)) in &errors.located {
        if let Some(error) = errors.list.get_mut(index) {
            let at = source::location(text, line, column);
            *error = syn::Error::new(error.span(), format!("{at}: SyntaxError: {error}"));
        }
    }
    // "name 'x' is not defined" says where, from the text.
    for error in &mut errors.list {
        let message = error.to_string();
        if let Some(name) = message
            .strip_prefix("name '")
            .and_then(|rest| rest.strip_suffix("' is not defined"))
            && let Some(at) = source::name_location(text, name)
        {
            *error = syn::Error::new(error.span(), format!("{at}: {message}"));
        }
    }
    errors.finish()?;
    Ok(Module {
        body,
        scopes,
        origin: text.origin.clone(),
    })
}

fn internal() -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        "pyblock! failed without an error message",
    )
}

/// The whole macro: the checked block as Rust, or its errors as `compile_error!`s.
pub(crate) fn compile(input: TokenStream) -> TokenStream {
    let (hooks, input) = line_hooks(input);
    match front(input) {
        Ok(module) => expand::expand_with(&module, hooks),
        // Several `compile_error!`s in a row are statements: a block keeps them valid in
        // expression position, so that every message is shown.
        Err(error) => {
            let errors = error.to_compile_error();
            quote::quote!({ #errors })
        }
    }
}

/// Whether the block asks for line hooks, and the block without the request: `trace`
/// before the code, alone on its line (`pyblock!(trace` then the code on the next lines),
/// or before the string or `file` of the text forms (`pyblock!(trace "...")`,
/// `pyblock!(trace file "x.py")`). A first line holding only `trace` would otherwise be a
/// statement that evaluates a name and discards it.
pub(crate) fn line_hooks(input: TokenStream) -> (bool, TokenStream) {
    let mut trees = input.clone().into_iter();
    let (Some(proc_macro2::TokenTree::Ident(first)), Some(next)) = (trees.next(), trees.next())
    else {
        return (false, input);
    };
    if first != "trace" {
        return (false, input);
    }
    let text_form = match &next {
        proc_macro2::TokenTree::Literal(_) => true,
        proc_macro2::TokenTree::Ident(ident) => ident == "file",
        proc_macro2::TokenTree::Group(group) => group.delimiter() == proc_macro2::Delimiter::None,
        proc_macro2::TokenTree::Punct(_) => false,
    };
    let own_line = next.span().start().line > first.span().end().line;
    if text_form || own_line {
        (true, std::iter::once(next).chain(trees).collect())
    } else {
        (false, input)
    }
}
