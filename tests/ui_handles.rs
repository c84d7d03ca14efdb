//! Compile-fail tests: handles belong to one thread's heap.

#[test]
#[cfg_attr(miri, ignore = "trybuild runs rustc")]
fn handles_stay_on_their_thread() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/handles/*.rs");
}
