//! The expanded Rust grows linearly with the Python source: programs of N and 4N lines
//! (the mix of `benches/programs`, which the expansion benchmark times) expand to at most
//! about 4 times the tokens, each Python line costs a bounded number of tokens, and
//! deep nesting (functions in functions, `if`s in `if`s) costs no more per level than
//! shallow nesting.
//!
//! The bounds are measured and pinned with a margin: a change that makes the output
//! grow faster than the source, or much larger per line, fails here rather than in
//! the compile times of the crates that use `pyblock!`.

#[path = "../../benches/programs/mod.rs"]
mod programs;

use proc_macro2::{TokenStream, TokenTree};

use super::expand::expand;
use super::front_with_source;
use super::lex::Source;

/// The tokens of `stream`, counting each group as one and recursing into it.
fn count_tokens(stream: TokenStream) -> usize {
    stream
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => 1 + count_tokens(group.stream()),
            _ => 1,
        })
        .sum()
}

/// How many tokens `src` expands to; panics with the errors if the front end refuses it.
fn expanded_tokens(src: &str) -> usize {
    let tokens: TokenStream = src.parse().expect("the program lexes as Rust tokens");
    let source = Source {
        text: Some(src),
        end: None,
    };
    match front_with_source(tokens, &source) {
        Ok(module) => count_tokens(expand(&module)),
        Err(error) => {
            let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
            panic!("the program was refused: {messages:?}\n{src}")
        }
    }
}

/// Expanded tokens per line of the generated mix, measured at about 122 (a round of 45
/// lines expands to 5,500 tokens, whatever the length), pinned with room for the code
/// generator to change.
const MAX_TOKENS_PER_LINE: usize = 160;

#[test]
fn program_has_the_requested_length() {
    for lines in [1, 37, 100, 300, 1000] {
        assert_eq!(programs::program(lines).lines().count(), lines);
    }
}

#[test]
fn output_grows_linearly_with_the_source() {
    // Whole rounds of the mix, so that N and 4N lines hold the same proportions of it.
    let round = programs::round_lines();
    for n in [2 * round, 5 * round] {
        let small = expanded_tokens(&programs::program(n));
        let large = expanded_tokens(&programs::program(4 * n));
        let ratio = large as f64 / small as f64;
        assert!(
            ratio <= 4.4,
            "{n} lines: {small} tokens, {} lines: {large} tokens (ratio {ratio:.2})",
            4 * n
        );
        for (lines, tokens) in [(n, small), (4 * n, large)] {
            assert!(
                tokens <= MAX_TOKENS_PER_LINE * lines,
                "{lines} lines expand to {tokens} tokens, {} per line (bound {MAX_TOKENS_PER_LINE})",
                tokens / lines
            );
        }
    }
}

#[test]
fn nested_functions_grow_linearly_with_depth() {
    let shallow = expanded_tokens(&programs::nested_functions(5));
    let deep = expanded_tokens(&programs::nested_functions(10));
    let ratio = deep as f64 / shallow as f64;
    assert!(
        ratio <= 2.3,
        "depth 5: {shallow} tokens, depth 10: {deep} tokens (ratio {ratio:.2})"
    );
}

#[test]
fn nested_ifs_grow_linearly_with_depth() {
    let shallow = expanded_tokens(&programs::nested_ifs(25));
    let deep = expanded_tokens(&programs::nested_ifs(50));
    let ratio = deep as f64 / shallow as f64;
    assert!(
        ratio <= 2.2,
        "depth 25: {shallow} tokens, depth 50: {deep} tokens (ratio {ratio:.2})"
    );
}
