//! `import heapq` against CPython 3.11: the heap functions leave lists in exactly the
//! states CPython's leave them in (the same sift moves, also through the
//! cache-friendly `heapify` of lists of more than 2500 items), `nlargest`/`nsmallest`
//! and `merge` give the same items in the same order (ties included), with CPython's
//! error texts.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source
//! (`repr()` of the last expression, or the exception's last traceback line), generated
//! by running the sources and pinned here. Big heaps are compared by the checksum
//! `sum(k * v for k, v in enumerate(h))`, which depends on every item's position.

// Safe code only, with heaps of thousands of items: many minutes under Miri for nothing
// Miri could find there (the memory core's own tests run under it).
#![cfg(not(miri))]
// The rows pass their objects as `&[x.clone()]`, as they would any other argument list.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins, modules};
use pyobj_support::{after, b, f, i, list, none, s, tuple};

/// `heapq.<name>`.
fn attr(name: &str) -> Obj {
    modules::import("heapq")
        .and_then(|module| module.getattr(name))
        .expect("heapq provides the name")
}

/// `heapq.<name>(*args)`.
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

/// Runs a row's computation (for rows that use `?`).
fn run(f: impl FnOnce() -> PyResult<Obj>) -> PyResult<Obj> {
    f()
}

/// `list(iterable)`.
fn collect(iterable: PyResult<Obj>) -> PyResult<Obj> {
    Ok(Obj::list(iterable?.to_vec()?))
}

/// `h = [(k * 7919) % 1009 for k in range(n)]`, `work(h)`, then
/// `sum(k * v for k, v in enumerate(h))`.
fn big(n: i64, work: impl FnOnce(&Obj) -> PyResult<()>) -> PyResult<Obj> {
    let h = Obj::list((0..n).map(|k| i((k * 7919) % 1009)));
    work(&h)?;
    let items: Vec<i64> = h.extract()?;
    let checksum: i64 = items.iter().enumerate().map(|(k, v)| k as i64 * v).sum();
    Ok(i(checksum))
}

#[test]
fn heapq_matches_cpython() {
    table! {
        "h = [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] ;; heapq.heapify(h) ;; h" => after(&ints([5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]), |h| call("heapify", &[h.clone()])) => "[0, 1, 2, 1, 3, 8, 7, 5, 6, 9, 4]";
        "h = [] ;; [heapq.heappush(h, x) for x in [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]] ;; h" => after(&ints([]), |h| { for x in [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] { call("heappush", &[h.clone(), i(x)])?; } Ok(none()) }) => "[0, 1, 2, 3, 1, 8, 7, 5, 6, 9, 4]";
        "h = [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] ;; heapq.heapify(h) ;; [heapq.heappop(h) for _ in range(len(h))]" => run(|| { let h = ints([5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]); call("heapify", &[h.clone()])?; (0..11).map(|_| call("heappop", &[h.clone()])).collect::<PyResult<Vec<_>>>().map(Obj::list) }) => "[0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
        "h = [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] ;; heapq.heapify(h) ;; heapq.heappop(h) ;; h" => after(&ints([5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]), |h| { call("heapify", &[h.clone()])?; call("heappop", &[h.clone()]) }) => "[1, 1, 2, 4, 3, 8, 7, 5, 6, 9]";
        "h = [1, 3, 2] ;; heapq.heapreplace(h, 5) ;; h" => after(&ints([1, 3, 2]), |h| call("heapreplace", &[h.clone(), i(5)])) => "[2, 3, 5]";
        "h = [1, 3, 2] ;; heapq.heappushpop(h, 0)" => call("heappushpop", &[ints([1, 3, 2]), i(0)]) => "0";
        "h = [1, 3, 2] ;; heapq.heappushpop(h, 1)" => call("heappushpop", &[ints([1, 3, 2]), i(1)]) => "1";
        "h = [1, 3, 2] ;; heapq.heappushpop(h, 4) ;; h" => after(&ints([1, 3, 2]), |h| call("heappushpop", &[h.clone(), i(4)])) => "[2, 3, 4]";
        "h = [1, 3, 2] ;; heapq.heappushpop(h, 4)" => call("heappushpop", &[ints([1, 3, 2]), i(4)]) => "1";
        "h = [(2, 'b'), (1, 'z'), (1, 'a'), (2, 'a')] ;; heapq.heapify(h) ;; h" => after(&list([tuple([i(2), s("b")]), tuple([i(1), s("z")]), tuple([i(1), s("a")]), tuple([i(2), s("a")])]), |h| call("heapify", &[h.clone()])) => "[(1, 'a'), (1, 'z'), (2, 'b'), (2, 'a')]";
        "h = [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] ;; heapq._heapify_max(h) ;; h" => after(&ints([5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]), |h| call("_heapify_max", &[h.clone()])) => "[9, 6, 8, 5, 4, 2, 7, 1, 1, 0, 3]";
        "h = [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] ;; heapq._heapify_max(h) ;; (heapq._heappop_max(h), h)" => run(|| { let h = ints([5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]); call("_heapify_max", &[h.clone()])?; Ok(tuple([call("_heappop_max", &[h.clone()])?, h])) }) => "(9, [8, 6, 7, 5, 4, 2, 3, 1, 1, 0])";
        "h = [5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4] ;; heapq._heapify_max(h) ;; (heapq._heapreplace_max(h, 3), h)" => run(|| { let h = ints([5, 3, 8, 1, 9, 2, 7, 1, 6, 0, 4]); call("_heapify_max", &[h.clone()])?; Ok(tuple([call("_heapreplace_max", &[h.clone(), i(3)])?, h])) }) => "(9, [8, 6, 7, 5, 4, 2, 3, 1, 1, 0, 3])";
        "h = [(k * 7919) % 1009 for k in range(3000)] ;; heapq.heapify(h) ;; sum(k * v for k, v in enumerate(h))" => big(3000, |h| call("heapify", &[h.clone()]).map(drop)) => "2828371759";
        "h = [(k * 7919) % 1009 for k in range(3000)] ;; heapq.heapify(h) ;; [heapq.heappop(h) for _ in range(100)] ;; sum(k * v for k, v in enumerate(h))" => run(|| big(3000, |h| { call("heapify", &[h.clone()])?; for _ in 0..100 { call("heappop", &[h.clone()])?; } Ok(()) })) => "2700664597";
        "h = [(k * 7919) % 1009 for k in range(2500)] ;; heapq.heapify(h) ;; sum(k * v for k, v in enumerate(h))" => big(2500, |h| call("heapify", &[h.clone()]).map(drop)) => "1964208932";
        "h = [(k * 7919) % 1009 for k in range(2501)] ;; heapq._heapify_max(h) ;; sum(k * v for k, v in enumerate(h))" => big(2501, |h| call("_heapify_max", &[h.clone()]).map(drop)) => "1179932232";
        "heapq.heappush((), 1)" => call("heappush", &[tuple([]), i(1)]) => "!! TypeError: heappush() argument 1 must be list, not tuple";
        "heapq.heappush([])" => call("heappush", &[ints([])]) => "!! TypeError: heappush expected 2 arguments, got 1";
        "heapq.heappush([], 1, 2)" => call("heappush", &[ints([]), i(1), i(2)]) => "!! TypeError: heappush expected 2 arguments, got 3";
        "heapq.heappush(heap=[], item=1)" => kw(&attr("heappush"), &[], &[("heap", ints([])), ("item", i(1))]) => "!! TypeError: _heapq.heappush() takes no keyword arguments";
        "heapq.heappop([])" => call("heappop", &[ints([])]) => "!! IndexError: index out of range";
        "heapq.heappop(())" => call("heappop", &[tuple([])]) => "!! TypeError: heappop() argument must be list, not tuple";
        "heapq.heappop()" => call("heappop", &[]) => "!! TypeError: _heapq.heappop() takes exactly one argument (0 given)";
        "heapq.heappop([], 1)" => call("heappop", &[ints([]), i(1)]) => "!! TypeError: _heapq.heappop() takes exactly one argument (2 given)";
        "heapq.heapify(())" => call("heapify", &[tuple([])]) => "!! TypeError: heapify() argument must be list, not tuple";
        "heapq.heapreplace([], 1)" => call("heapreplace", &[ints([]), i(1)]) => "!! IndexError: index out of range";
        "heapq.heapreplace((), 1)" => call("heapreplace", &[tuple([]), i(1)]) => "!! TypeError: heapreplace() argument 1 must be list, not tuple";
        "heapq.heappushpop([], 1)" => call("heappushpop", &[ints([]), i(1)]) => "1";
        "heapq.heappushpop((), 1)" => call("heappushpop", &[tuple([]), i(1)]) => "!! TypeError: heappushpop() argument 1 must be list, not tuple";
        "heapq.heappushpop([1], 'a')" => call("heappushpop", &[ints([1]), s("a")]) => "!! TypeError: '<' not supported between instances of 'int' and 'str'";
        "heapq.heappush([1], 'a')" => call("heappush", &[ints([1]), s("a")]) => "!! TypeError: '<' not supported between instances of 'str' and 'int'";
        "heapq._heapify_max(())" => call("_heapify_max", &[tuple([])]) => "!! TypeError: _heapify_max() argument must be list, not tuple";
        "heapq._heappop_max([])" => call("_heappop_max", &[ints([])]) => "!! IndexError: index out of range";
        "heapq._heapreplace_max((), 1)" => call("_heapreplace_max", &[tuple([]), i(1)]) => "!! TypeError: _heapreplace_max() argument 1 must be list, not tuple";
        "heapq.nlargest(0, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(0), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[]";
        "heapq.nlargest(0, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(0), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[]";
        "heapq.nsmallest(0, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(0), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[]";
        "heapq.nsmallest(0, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(0), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[]";
        "heapq.nlargest(1, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(1), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[9]";
        "heapq.nlargest(1, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(1), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[9]";
        "heapq.nsmallest(1, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(1), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[1]";
        "heapq.nsmallest(1, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(1), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[1]";
        "heapq.nlargest(3, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(3), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[9, 8, 8]";
        "heapq.nlargest(3, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(3), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[9, 8, 8]";
        "heapq.nsmallest(3, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(3), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[1, 1, 2]";
        "heapq.nsmallest(3, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(3), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[1, 1, 2]";
        "heapq.nlargest(7, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(7), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[9, 8, 8, 5, 3, 2, 1]";
        "heapq.nlargest(7, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(7), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[9, 8, 8, 5, 3, 2, 1]";
        "heapq.nsmallest(7, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(7), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[1, 1, 2, 3, 5, 8, 8]";
        "heapq.nsmallest(7, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(7), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[1, 1, 2, 3, 5, 8, 8]";
        "heapq.nlargest(8, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(8), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[9, 8, 8, 5, 3, 2, 1, 1]";
        "heapq.nlargest(8, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(8), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[9, 8, 8, 5, 3, 2, 1, 1]";
        "heapq.nsmallest(8, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(8), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[1, 1, 2, 3, 5, 8, 8, 9]";
        "heapq.nsmallest(8, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(8), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[1, 1, 2, 3, 5, 8, 8, 9]";
        "heapq.nlargest(20, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(20), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[9, 8, 8, 5, 3, 2, 1, 1]";
        "heapq.nlargest(20, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(20), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[9, 8, 8, 5, 3, 2, 1, 1]";
        "heapq.nsmallest(20, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(20), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[1, 1, 2, 3, 5, 8, 8, 9]";
        "heapq.nsmallest(20, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(20), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[1, 1, 2, 3, 5, 8, 8, 9]";
        "heapq.nlargest(-1, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nlargest", &[i(-1), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[]";
        "heapq.nlargest(-1, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nlargest", &[i(-1), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[]";
        "heapq.nsmallest(-1, [5, 1, 8, 3, 9, 2, 8, 1])" => call("nsmallest", &[i(-1), ints([5, 1, 8, 3, 9, 2, 8, 1])]) => "[]";
        "heapq.nsmallest(-1, iter([5, 1, 8, 3, 9, 2, 8, 1]))" => run(|| call("nsmallest", &[i(-1), ints([5, 1, 8, 3, 9, 2, 8, 1]).iter()?])) => "[]";
        "heapq.nlargest(1, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nlargest"), &[i(1), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[3]";
        "heapq.nlargest(1, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nlargest"), &[i(1), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[3]";
        "heapq.nsmallest(1, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nsmallest"), &[i(1), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[0]";
        "heapq.nsmallest(1, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nsmallest"), &[i(1), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[0]";
        "heapq.nlargest(2, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nlargest"), &[i(2), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[3, -3]";
        "heapq.nlargest(2, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nlargest"), &[i(2), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[3, -3]";
        "heapq.nsmallest(2, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nsmallest"), &[i(2), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[0, -1]";
        "heapq.nsmallest(2, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nsmallest"), &[i(2), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[0, -1]";
        "heapq.nlargest(3, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nlargest"), &[i(3), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[3, -3, -2]";
        "heapq.nlargest(3, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nlargest"), &[i(3), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[3, -3, -2]";
        "heapq.nsmallest(3, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nsmallest"), &[i(3), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[0, -1, 1]";
        "heapq.nsmallest(3, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nsmallest"), &[i(3), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[0, -1, 1]";
        "heapq.nlargest(5, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nlargest"), &[i(5), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[3, -3, -2, 2, -1]";
        "heapq.nlargest(5, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nlargest"), &[i(5), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[3, -3, -2, 2, -1]";
        "heapq.nsmallest(5, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nsmallest"), &[i(5), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[0, -1, 1, -2, 2]";
        "heapq.nsmallest(5, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nsmallest"), &[i(5), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[0, -1, 1, -2, 2]";
        "heapq.nlargest(9, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nlargest"), &[i(9), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[3, -3, -2, 2, -1, 1, 0]";
        "heapq.nlargest(9, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nlargest"), &[i(9), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[3, -3, -2, 2, -1, 1, 0]";
        "heapq.nsmallest(9, [-2, 2, -1, 1, 0, 3, -3], key=abs)" => kw(&attr("nsmallest"), &[i(9), ints([-2, 2, -1, 1, 0, 3, -3])], &[("key", builtin("abs"))]) => "[0, -1, 1, -2, 2, 3, -3]";
        "heapq.nsmallest(9, iter([-2, 2, -1, 1, 0, 3, -3]), key=abs)" => run(|| kw(&attr("nsmallest"), &[i(9), ints([-2, 2, -1, 1, 0, 3, -3]).iter()?], &[("key", builtin("abs"))])) => "[0, -1, 1, -2, 2, 3, -3]";
        "heapq.nlargest(2, iter(['bb', 'a', 'cc', 'dd']), key=len)" => run(|| kw(&attr("nlargest"), &[i(2), list([s("bb"), s("a"), s("cc"), s("dd")]).iter()?], &[("key", builtin("len"))])) => "['bb', 'cc']";
        "heapq.nsmallest(2, iter(['bb', 'a', 'cc', 'd']), key=len)" => run(|| kw(&attr("nsmallest"), &[i(2), list([s("bb"), s("a"), s("cc"), s("d")]).iter()?], &[("key", builtin("len"))])) => "['a', 'd']";
        "heapq.nsmallest(1, [])" => call("nsmallest", &[i(1), ints([])]) => "[]";
        "heapq.nlargest(1, iter([]))" => run(|| call("nlargest", &[i(1), ints([]).iter()?])) => "[]";
        "heapq.nsmallest(2, iter([]))" => run(|| call("nsmallest", &[i(2), ints([]).iter()?])) => "[]";
        "heapq.nlargest(2, [1, 'a'])" => call("nlargest", &[i(2), list([i(1), s("a")])]) => "!! TypeError: '<' not supported between instances of 'int' and 'str'";
        "heapq.nlargest(2, iter([1, 3, 'a']))" => run(|| call("nlargest", &[i(2), list([i(1), i(3), s("a")]).iter()?])) => "!! TypeError: '<' not supported between instances of 'int' and 'str'";
        "heapq.nsmallest()" => call("nsmallest", &[]) => "!! TypeError: nsmallest() missing 2 required positional arguments: 'n' and 'iterable'";
        "heapq.nsmallest(1)" => call("nsmallest", &[i(1)]) => "!! TypeError: nsmallest() missing 1 required positional argument: 'iterable'";
        "heapq.nsmallest('a', [1])" => call("nsmallest", &[s("a"), ints([1])]) => "!! TypeError: '>=' not supported between instances of 'str' and 'int'";
        "heapq.nsmallest(2, 5)" => call("nsmallest", &[i(2), i(5)]) => "!! TypeError: 'int' object is not iterable";
        "heapq.nsmallest(2.5, [1, 2, 3])" => call("nsmallest", &[f(2.5), ints([1, 2, 3])]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "heapq.nsmallest(2.5, iter([1, 2, 3]))" => run(|| call("nsmallest", &[f(2.5), ints([1, 2, 3]).iter()?])) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "heapq.nlargest(2.5, iter([1, 2, 3]))" => run(|| call("nlargest", &[f(2.5), ints([1, 2, 3]).iter()?])) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "heapq.nsmallest(2, [3, 1, 2], foo=1)" => kw(&attr("nsmallest"), &[i(2), ints([3, 1, 2])], &[("foo", i(1))]) => "!! TypeError: nsmallest() got an unexpected keyword argument 'foo'";
        "heapq.nsmallest(True, [3, 1, 2])" => call("nsmallest", &[b(true), ints([3, 1, 2])]) => "[1]";
        "list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9]))" => collect(call("merge", &[ints([1, 4, 7]), ints([2, 5, 8]), ints([3, 6, 9])])) => "[1, 2, 3, 4, 5, 6, 7, 8, 9]";
        "list(heapq.merge([1, 1, 2], [1, 2], [], [0]))" => collect(call("merge", &[ints([1, 1, 2]), ints([1, 2]), ints([]), ints([0])])) => "[0, 1, 1, 1, 2, 2]";
        "list(heapq.merge())" => collect(call("merge", &[])) => "[]";
        "list(heapq.merge([3, 2], [5, 1], reverse=True))" => collect(kw(&attr("merge"), &[ints([3, 2]), ints([5, 1])], &[("reverse", b(true))])) => "[5, 3, 2, 1]";
        "list(heapq.merge([0, -1, 2], [1, -2, 3], key=abs))" => collect(kw(&attr("merge"), &[ints([0, -1, 2]), ints([1, -2, 3])], &[("key", builtin("abs"))])) => "[0, -1, 1, 2, -2, 3]";
        "list(heapq.merge([3, -2, 1], [-3, 2, 0], key=abs, reverse=True))" => collect(kw(&attr("merge"), &[ints([3, -2, 1]), ints([-3, 2, 0])], &[("key", builtin("abs")), ("reverse", b(true))])) => "[3, -3, -2, 2, 1, 0]";
        "list(heapq.merge('ace', 'bdf'))" => collect(call("merge", &[s("ace"), s("bdf")])) => "['a', 'b', 'c', 'd', 'e', 'f']";
        "list(heapq.merge([1, 3], 5))" => collect(call("merge", &[ints([1, 3]), i(5)])) => "!! TypeError: 'int' object is not iterable";
        "list(heapq.merge([1, 'a'], [2]))" => collect(call("merge", &[list([i(1), s("a")]), ints([2])])) => "!! TypeError: '<' not supported between instances of 'str' and 'int'";
        "heapq.merge([1], foo=1)" => kw(&attr("merge"), &[ints([1])], &[("foo", i(1))]) => "!! TypeError: merge() got an unexpected keyword argument 'foo'";
        "type(heapq.merge())" => call("merge", &[]).map(|g| g.py_type().to_object()) => "<class 'generator'>";
        "heapq.merge().__name__" => call("merge", &[]).and_then(|g| g.getattr("__name__")) => "'merge'";
        "heapq.heappush" => Ok(attr("heappush")) => "<built-in function heappush>";

    }
}
