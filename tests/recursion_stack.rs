//! Deep recursion raises `RecursionError` before the thread's stack overflows, in a
//! debug build (whose frames are large) as in a release one, and on a thread with a
//! small stack: with CPython's limit of 1000 and CPython's texts, and also past a limit
//! raised so high that the stack ends first (where CPython 3.11 may crash, pyobj raises).

use pyobj::{capture_stdout, pyblock};

#[test]
fn deep_recursion_raises_before_the_stack_overflows() {
    let out = std::thread::Builder::new()
        .name("small stack".into())
        .stack_size(2 << 20)
        .spawn(|| {
            let (result, out) = capture_stdout(|| pyblock!(file "tests/python/deep_recursion.py"));
            result.map_err(|error| error.to_string()).map(drop).unwrap();
            out
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        out,
        "maximum recursion depth exceeded\n\
         maximum recursion depth exceeded while calling a Python object\n\
         maximum recursion depth exceeded while getting the repr of an object\n\
         limit raised: RecursionError\n"
    );
}
