//! `#[derive(PyObject)]` as rustc reports its mistakes: each case in `tests/ui/pyobject`
//! is compiled and its output compared with the `.stderr` beside it; the cases in
//! `tests/ui/pyobject/pass` must compile without a warning.
//!
//! After a deliberate change of wording, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test --test ui_pyobject` and read each one as a user would.

#[test]
#[cfg_attr(miri, ignore = "trybuild runs rustc")]
fn derive_pyobject_diagnostics() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/pyobject/*.rs");
    cases.pass("tests/ui/pyobject/pass/*.rs");
}
