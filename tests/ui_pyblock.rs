//! `pyblock!` as rustc reports its mistakes: each case in `tests/ui/pyblock` is compiled
//! and its output compared with the `.stderr` beside it; the cases in
//! `tests/ui/pyblock/pass` must compile without a warning.
//!
//! Each error class of the macro (indentation, syntax, unsupported constructs, scopes)
//! has a case, with CPython 3.11's wording where CPython has one. After a deliberate
//! change of wording, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test --test ui_pyblock` and read each one as a user would.

#[test]
#[cfg_attr(miri, ignore = "trybuild runs rustc")]
fn pyblock_diagnostics() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/pyblock/*.rs");
    cases.pass("tests/ui/pyblock/pass/*.rs");
}
