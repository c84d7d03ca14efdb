//! How long `pyblock!` takes to expand: the front end (lexing, parsing, scopes) and the
//! code generator run on generated programs of 100, 300 and 1000 lines (the mix of
//! `programs`: functions, classes, loops, `try`/`except`, closures, comprehensions).
//!
//! `cargo bench -p pyobj-macros --bench expand`. The target: a 300-line block expands in
//! under 150 ms. A proc-macro crate exports only its macros, so the macro's module is
//! compiled into this benchmark from its source; it runs on `proc_macro2`'s fallback
//! tokens, parsed from the program text with their lines and columns, as in the unit
//! tests. The time does not include rustc's conversion of the tokens to and from
//! `proc_macro2`, nor the compilation of the expanded Rust.

// `cargo clippy --all-targets` checks this target with `cfg(test)` and no test harness:
// the module's unit tests come in with their `#[test]` functions dropped, leaving their
// imports unused, and `growth_tests` brings a second copy of `programs`.
#![cfg_attr(test, allow(unused_imports, clippy::duplicate_mod))]

mod programs;
#[path = "../src/pyblock/mod.rs"]
mod pyblock;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use proc_macro2::TokenStream;

use pyblock::lex::Source;

/// Front end and code generator, as `pyblock::compile` runs them, with the source text
/// given instead of read from the file the tokens come from.
fn expand(tokens: TokenStream, text: &str) -> TokenStream {
    let source = Source {
        text: Some(text),
        end: None,
    };
    match pyblock::front_with_source(tokens, &source) {
        Ok(module) => pyblock::expand::expand(&module),
        Err(error) => panic!("the benchmark's program was refused: {error}"),
    }
}

fn expansion(c: &mut Criterion) {
    let mut group = c.benchmark_group("pyblock_expand");
    for lines in [100, 300, 1000] {
        let text = programs::program(lines);
        let tokens: TokenStream = text.parse().expect("the program lexes as Rust tokens");
        group.throughput(Throughput::Elements(lines as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lines), &tokens, |b, tokens| {
            b.iter(|| expand(black_box(tokens.clone()), &text));
        });
    }
    group.finish();
}

criterion_group!(benches, expansion);
criterion_main!(benches);
