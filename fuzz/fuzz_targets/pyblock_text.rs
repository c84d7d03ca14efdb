//! Fuzz target `pyblock_text`: `pyblock!`'s front ends and code generator on any text.
//!
//! The input, read as UTF-8 (other inputs are skipped), goes through both ways the macro
//! reads Python:
//!
//! - the text form (`pyblock!("...")`, `pyblock!(file "x.py")`): ruff's parser, then
//!   `source.rs` and `scope.rs`, as `pyblock::front_text` runs them for a file;
//! - the inline token form (`pyblock! { ... }`): the text lexed into Rust tokens by
//!   `proc_macro2` (skipped if that fails, as rustc would reject the file), then
//!   `lex.rs`, `parse.rs` and `scope.rs`, as `pyblock::front_with_source` runs them with
//!   the source text given.
//!
//! Each must return a compile error or a module; a module goes through the code
//! generator (`pyblock::expand::expand`), whose output must parse as a Rust expression
//! (the macro is used in expression position). A panic anywhere is a finding.
//!
//! A proc-macro crate exports only its macros, so the `pyblock` module is compiled into
//! this binary from its source, as pyobj-macros' `expand` benchmark does; the tokens are
//! `proc_macro2`'s fallback tokens, with lines and columns (`span-locations`).

#![no_main]

// The module's unit tests are `#[cfg(test)]` and not compiled here; most of the tree is
// read only by them and by the code generator.
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "../../pyobj-macros/src/pyblock/mod.rs"]
mod pyblock;

use libfuzzer_sys::fuzz_target;
use proc_macro2::{Span, TokenStream};

use pyblock::ast::Origin;
use pyblock::lex::Source;
use pyblock::source::Text;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    text_form(text);
    token_form(text);
    // Every span of this input is gone: forget their source text, so that the fallback's
    // thread-local source map does not grow with every input.
    proc_macro2::extra::invalidate_current_thread_spans();
});

/// `pyblock!(file "fuzz.py")` with `text` as the file.
fn text_form(text: &str) {
    let text = Text {
        text: text.to_owned(),
        span: Span::call_site(),
        origin: Origin::File {
            written: "fuzz.py".into(),
            absolute: "/fuzz/fuzz.py".into(),
        },
        line_base: 0,
    };
    if let Ok(module) = pyblock::front_text(&text) {
        expands_to_rust(&pyblock::expand::expand(&module));
    }
}

/// `pyblock! { text }`, the tokens lexed from `text` and the text itself as the file the
/// macro reads (to find `//`).
fn token_form(text: &str) {
    let Ok(tokens) = text.parse::<TokenStream>() else {
        return;
    };
    let source = Source {
        text: Some(text),
        end: None,
    };
    if let Ok(module) = pyblock::front_with_source(tokens, &source) {
        expands_to_rust(&pyblock::expand::expand(&module));
    }
}

/// The generated code must be a Rust expression: the user's crate compiles it.
fn expands_to_rust(expansion: &TokenStream) {
    if let Err(error) = syn::parse2::<syn::Expr>(expansion.clone()) {
        panic!("pyblock!'s expansion is not a Rust expression: {error}\n{expansion}");
    }
}
