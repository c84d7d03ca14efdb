//! `import bisect` against CPython 3.11: `bisect_left`, `bisect_right` (`bisect`),
//! `insort_left`, `insort_right` (`insort`) with `lo`, `hi` and `key`, and Argument
//! Clinic's error texts.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source
//! (`repr()` of the last expression, or the exception's last traceback line), generated
//! by running the sources and pinned here. `lambda p: p[0]` is `operator.itemgetter(0)`
//! on the Rust side.

// The rows pass their objects as `&[x.clone()]`, as they would any other argument list.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins, modules};
use pyobj_support::{after, b, dict, f, i, list, none, s, tuple};

/// `bisect.<name>`.
fn attr(name: &str) -> Obj {
    modules::import("bisect")
        .and_then(|module| module.getattr(name))
        .expect("bisect provides the name")
}

/// `bisect.<name>(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    attr(name).call(args)
}

/// `f(*args, **keywords)`.
fn kw(f: &Obj, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    f.call_with(&Args::new(args, keywords))
}

/// A list of ints.
fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

/// A builtin by name.
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

/// `lambda p: p[0]`.
fn first() -> Obj {
    modules::import("operator")
        .and_then(|operator| operator.getattr("itemgetter")?.call(&[i(0)]))
        .unwrap()
}

/// Runs a row's computation (for rows that use `?`).
fn run(f: impl FnOnce() -> PyResult<Obj>) -> PyResult<Obj> {
    f()
}

#[test]
fn bisect_matches_cpython() {
    table! {
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 0)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(0)]) => "0";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 0)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(0)]) => "0";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 0)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(0)]) => "0";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 1)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(1)]) => "0";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 1)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(1)]) => "1";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 1)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(1)]) => "1";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)]) => "1";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)]) => "4";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 2)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)]) => "4";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 3)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(3)]) => "4";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 3)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(3)]) => "4";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 3)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(3)]) => "4";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 4)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(4)]) => "4";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 4)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(4)]) => "5";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 4)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(4)]) => "5";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 9)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(9)]) => "6";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 9)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(9)]) => "7";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 9)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(9)]) => "7";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 10)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(10)]) => "7";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 10)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(10)]) => "7";
        "bisect.bisect([1, 2, 2, 2, 4, 7, 9], 10)" => call("bisect", &[ints([1, 2, 2, 2, 4, 7, 9]), i(10)]) => "7";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 2, None)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(2), none()]) => "2";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=2, hi=None)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(2)), ("hi", none())]) => "2";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 2, None)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(2), none()]) => "4";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=2, hi=None)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(2)), ("hi", none())]) => "4";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 0, 3)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(0), i(3)]) => "1";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=0, hi=3)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(0)), ("hi", i(3))]) => "1";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 0, 3)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(0), i(3)]) => "3";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=0, hi=3)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(0)), ("hi", i(3))]) => "3";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 4, 7)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(4), i(7)]) => "4";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=4, hi=7)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(4)), ("hi", i(7))]) => "4";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 4, 7)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(4), i(7)]) => "4";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=4, hi=7)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(4)), ("hi", i(7))]) => "4";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 3, 2)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(3), i(2)]) => "3";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=3, hi=2)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(3)), ("hi", i(2))]) => "3";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 3, 2)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(3), i(2)]) => "3";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=3, hi=2)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(3)), ("hi", i(2))]) => "3";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 5, -1)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(5), i(-1)]) => "5";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=5, hi=-1)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(5)), ("hi", i(-1))]) => "5";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 5, -1)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(5), i(-1)]) => "5";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=5, hi=-1)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(5)), ("hi", i(-1))]) => "5";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 0, -2)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(0), i(-2)]) => "0";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=0, hi=-2)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(0)), ("hi", i(-2))]) => "0";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 0, -2)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(0), i(-2)]) => "0";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=0, hi=-2)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(0)), ("hi", i(-2))]) => "0";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, 1, 10)" => call("bisect_left", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(1), i(10)]) => "1";
        "bisect.bisect_left([1, 2, 2, 2, 4, 7, 9], 2, lo=1, hi=10)" => kw(&attr("bisect_left"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(1)), ("hi", i(10))]) => "1";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, 1, 10)" => call("bisect_right", &[ints([1, 2, 2, 2, 4, 7, 9]), i(2), i(1), i(10)]) => "4";
        "bisect.bisect_right([1, 2, 2, 2, 4, 7, 9], 2, lo=1, hi=10)" => kw(&attr("bisect_right"), &[ints([1, 2, 2, 2, 4, 7, 9]), i(2)], &[("lo", i(1)), ("hi", i(10))]) => "4";
        "bisect.bisect_left([(1, 'a'), (2, 'b'), (2, 'c'), (5, 'd')], 2, key=lambda p: p[0])" => kw(&attr("bisect_left"), &[list([tuple([i(1), s("a")]), tuple([i(2), s("b")]), tuple([i(2), s("c")]), tuple([i(5), s("d")])]), i(2)], &[("key", first())]) => "1";
        "bisect.bisect_right([(1, 'a'), (2, 'b'), (2, 'c'), (5, 'd')], 2, key=lambda p: p[0])" => kw(&attr("bisect_right"), &[list([tuple([i(1), s("a")]), tuple([i(2), s("b")]), tuple([i(2), s("c")]), tuple([i(5), s("d")])]), i(2)], &[("key", first())]) => "3";
        "bisect.bisect_left([-1, 2, -3, 4], 3, key=abs)" => kw(&attr("bisect_left"), &[ints([-1, 2, -3, 4]), i(3)], &[("key", builtin("abs"))]) => "2";
        "bisect.bisect_left([1, 2, 3], 2, key=None)" => kw(&attr("bisect_left"), &[ints([1, 2, 3]), i(2)], &[("key", none())]) => "1";
        "bisect.bisect_left([1, 2, 3], 2, key=5)" => kw(&attr("bisect_left"), &[ints([1, 2, 3]), i(2)], &[("key", i(5))]) => "!! TypeError: 'int' object is not callable";
        "bisect.bisect_right('abcde', 'c')" => call("bisect_right", &[s("abcde"), s("c")]) => "3";
        "bisect.bisect_right((1, 3, 5), 4)" => call("bisect_right", &[tuple([i(1), i(3), i(5)]), i(4)]) => "2";
        "bisect.bisect_left(a=[1, 2, 3], x=2)" => kw(&attr("bisect_left"), &[], &[("a", ints([1, 2, 3])), ("x", i(2))]) => "1";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort_left(l, 2) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort_left", &[l.clone(), i(2)])) => "[1, 2, 2, 2, 2, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort_left(l, 2.0) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort_left", &[l.clone(), f(2.0)])) => "[1, 2.0, 2, 2, 2, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort_left(l, 8, 0, 3) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort_left", &[l.clone(), i(8), i(0), i(3)])) => "[1, 2, 2, 8, 2, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort_right(l, 2) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort_right", &[l.clone(), i(2)])) => "[1, 2, 2, 2, 2, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort_right(l, 2.0) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort_right", &[l.clone(), f(2.0)])) => "[1, 2, 2, 2, 2.0, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort_right(l, 8, 0, 3) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort_right", &[l.clone(), i(8), i(0), i(3)])) => "[1, 2, 2, 8, 2, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort(l, 2) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort", &[l.clone(), i(2)])) => "[1, 2, 2, 2, 2, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort(l, 2.0) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort", &[l.clone(), f(2.0)])) => "[1, 2, 2, 2, 2.0, 4, 7, 9]";
        "l = [1, 2, 2, 2, 4, 7, 9] ;; bisect.insort(l, 8, 0, 3) ;; l" => after(&ints([1, 2, 2, 2, 4, 7, 9]), |l| call("insort", &[l.clone(), i(8), i(0), i(3)])) => "[1, 2, 2, 8, 2, 4, 7, 9]";
        "l = [(1, 'a'), (2, 'b'), (2, 'c'), (5, 'd')] ;; bisect.insort_left(l, (2, 'x'), key=lambda p: p[0]) ;; l" => after(&list([tuple([i(1), s("a")]), tuple([i(2), s("b")]), tuple([i(2), s("c")]), tuple([i(5), s("d")])]), |l| kw(&attr("insort_left"), &[l.clone(), tuple([i(2), s("x")])], &[("key", first())])) => "[(1, 'a'), (2, 'x'), (2, 'b'), (2, 'c'), (5, 'd')]";
        "l = [(1, 'a'), (2, 'b'), (2, 'c'), (5, 'd')] ;; bisect.insort_right(l, (2, 'x'), key=lambda p: p[0]) ;; l" => after(&list([tuple([i(1), s("a")]), tuple([i(2), s("b")]), tuple([i(2), s("c")]), tuple([i(5), s("d")])]), |l| kw(&attr("insort_right"), &[l.clone(), tuple([i(2), s("x")])], &[("key", first())])) => "[(1, 'a'), (2, 'b'), (2, 'c'), (2, 'x'), (5, 'd')]";
        "bisect.insort((), 2)" => call("insort", &[tuple([]), i(2)]) => "!! AttributeError: 'tuple' object has no attribute 'insert'";
        "bisect.insort([1, 3], 2, -1)" => call("insort", &[ints([1, 3]), i(2), i(-1)]) => "!! ValueError: lo must be non-negative";
        "bisect.insort_left([1, 3], 2, 0, 1, 2)" => call("insort_left", &[ints([1, 3]), i(2), i(0), i(1), i(2)]) => "!! TypeError: insort_left() takes at most 4 positional arguments (5 given)";
        "bisect.bisect_left([1, 2, 3], 2, -1)" => call("bisect_left", &[ints([1, 2, 3]), i(2), i(-1)]) => "!! ValueError: lo must be non-negative";
        "bisect.bisect_left([1, 2, 3], 2, 'a')" => call("bisect_left", &[ints([1, 2, 3]), i(2), s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "bisect.bisect_left([1, 2, 3], 2, 1.0)" => call("bisect_left", &[ints([1, 2, 3]), i(2), f(1.0)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "bisect.bisect_left([1, 2, 3], 2, 2**70)" => run(|| call("bisect_left", &[ints([1, 2, 3]), i(2), i(2).pow(&i(70))?])) => "!! OverflowError: Python int too large to convert to C ssize_t";
        "bisect.bisect_left([1, 2, 3], 2, 0, 2**70)" => run(|| call("bisect_left", &[ints([1, 2, 3]), i(2), i(0), i(2).pow(&i(70))?])) => "!! OverflowError: cannot fit 'int' into an index-sized integer";
        "bisect.bisect_left([1, 2, 3], 2, 0, 1.5)" => call("bisect_left", &[ints([1, 2, 3]), i(2), i(0), f(1.5)]) => "!! TypeError: argument should be integer or None, not 'float'";
        "bisect.bisect_left([1, 2, 3], 2, lo=None)" => kw(&attr("bisect_left"), &[ints([1, 2, 3]), i(2)], &[("lo", none())]) => "!! TypeError: 'NoneType' object cannot be interpreted as an integer";
        "bisect.bisect_left([1, 2, 3])" => call("bisect_left", &[ints([1, 2, 3])]) => "!! TypeError: bisect_left() missing required argument 'x' (pos 2)";
        "bisect.bisect_left()" => call("bisect_left", &[]) => "!! TypeError: bisect_left() missing required argument 'a' (pos 1)";
        "bisect.bisect_left([1, 2, 3], 2, 0, 3, 4)" => call("bisect_left", &[ints([1, 2, 3]), i(2), i(0), i(3), i(4)]) => "!! TypeError: bisect_left() takes at most 4 positional arguments (5 given)";
        "bisect.bisect_left([1, 2, 3], 2, foo=1)" => kw(&attr("bisect_left"), &[ints([1, 2, 3]), i(2)], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for bisect_left()";
        "bisect.bisect_left([1, 2, 3], 2, lo=1, x=2)" => kw(&attr("bisect_left"), &[ints([1, 2, 3]), i(2)], &[("lo", i(1)), ("x", i(2))]) => "!! TypeError: argument for bisect_left() given by name ('x') and position (2)";
        "bisect.bisect_left(x=2)" => kw(&attr("bisect_left"), &[], &[("x", i(2))]) => "!! TypeError: bisect_left() missing required argument 'a' (pos 1)";
        "bisect.bisect_left([1, 2, 3], x=2, a=2)" => kw(&attr("bisect_left"), &[ints([1, 2, 3])], &[("x", i(2)), ("a", i(2))]) => "!! TypeError: argument for bisect_left() given by name ('a') and position (1)";
        "bisect.bisect_right([1], foo=1)" => kw(&attr("bisect_right"), &[ints([1])], &[("foo", i(1))]) => "!! TypeError: bisect_right() missing required argument 'x' (pos 2)";
        "bisect.bisect_left(5, 2)" => call("bisect_left", &[i(5), i(2)]) => "!! TypeError: object of type 'int' has no len()";
        "bisect.bisect_left({1: 2}, 2)" => call("bisect_left", &[dict([(i(1), i(2))]), i(2)]) => "!! TypeError: dict is not a sequence";
        "bisect.bisect_left([1, 2, 3], 'a')" => call("bisect_left", &[ints([1, 2, 3]), s("a")]) => "!! TypeError: '<' not supported between instances of 'int' and 'str'";
        "bisect.bisect" => Ok(attr("bisect")) => "<built-in function bisect_right>";
        "bisect.insort" => Ok(attr("insort")) => "<built-in function insort_right>";
        "bisect.bisect is bisect.bisect_right" => Ok(b(attr("bisect").is(&attr("bisect_right")))) => "True";
    }
}
