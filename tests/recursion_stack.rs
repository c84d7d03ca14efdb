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

/// `repr`, `str`, `==` and `hash` of structures nested 100000 deep, on a 2 MiB thread:
/// CPython's `RecursionError`s where CPython raises one. `hash` of a deep tuple, which
/// CPython computes on its larger C stack, raises `RecursionError` here when the stack
/// would end first (pyobj's one difference: it never overflows the stack).
#[test]
fn deep_structures_raise_before_the_stack_overflows() {
    let out = std::thread::Builder::new()
        .name("small stack".into())
        .stack_size(2 << 20)
        .spawn(|| {
            let (result, out) = capture_stdout(|| pyblock!(file "tests/python/deep_structures.py"));
            result.map_err(|error| error.to_string()).map(drop).unwrap();
            out
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        out,
        "maximum recursion depth exceeded while getting the repr of an object\n\
         maximum recursion depth exceeded while getting the repr of an object\n\
         maximum recursion depth exceeded in comparison\n\
         dict maximum recursion depth exceeded while getting the repr of an object\n\
         dict eq maximum recursion depth exceeded in comparison\n\
         hash RecursionError\n"
    );
}
