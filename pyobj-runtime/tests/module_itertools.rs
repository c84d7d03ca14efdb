//! `import itertools` against CPython 3.11: every iterator's items, the reprs of
//! `count` and `repeat`, laziness, and CPython's argument errors.
//!
//! Each row's expected text is what CPython 3.11 printed for the row's Python source
//! (`repr()` of the last expression, or the exception's last traceback line), run
//! after `from itertools import *` with the helpers below defined as written in their
//! doc comments (`lt3 = lambda x: x < 3`, `take = lambda it, n: list(islice(it, n))`,
//! `attempt(f)` calls `f` and ignores its exception), and pinned here.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyFunction, PyResult, Signature, builtins, gc, modules};
use pyobj_support::{after, f, i, list, none, s, tuple};

/// `itertools.<name>`.
fn it(name: &str) -> Obj {
    modules::import("itertools")
        .and_then(|module| module.getattr(name))
        .expect("itertools provides the name")
}

/// `itertools.<name>(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    it(name).call(args)
}

/// `itertools.<name>(*args, **keywords)`.
fn kw(name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    it(name).call_with(&Args::new(args, keywords))
}

/// `list(iterable)`.
fn all(iterable: PyResult<Obj>) -> PyResult<Obj> {
    Ok(Obj::list(iterable?.to_vec()?))
}

/// `take(it, n)`: the next `n` items as a list.
fn take(iterator: PyResult<Obj>, n: usize) -> PyResult<Obj> {
    let iterator = iterator?;
    let mut items = Vec::new();
    for _ in 0..n {
        match iterator.next_item()? {
            Some(item) => items.push(item),
            None => break,
        }
    }
    Ok(Obj::list(items))
}

/// `next(it)`, `StopIteration` at the end.
fn next(iterator: &Obj) -> PyResult<Obj> {
    iterator
        .next_item()?
        .ok_or_else(|| pyobj_runtime::PyErr::stop_iteration(None))
}

/// A list of ints.
fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

/// `range(n)`.
fn range(n: i64) -> Obj {
    builtin("range").call(&[i(n)]).unwrap()
}

/// A builtin.
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

/// A function of one or two arguments made from Rust code.
fn function(name: &'static str, code: pyobj_runtime::FunctionCode, two: bool) -> Obj {
    static ONE: Signature = Signature::new(&["x"]);
    static TWO: Signature = Signature::new(&["a", "b"]);
    Obj::new_function(name, if two { &TWO } else { &ONE }, code, vec![], vec![])
}

/// `lt3 = lambda x: x < 3`.
fn lt3() -> Obj {
    function(
        "<lambda>",
        |f, args| {
            let [x] = PyFunction::of(f)?.bind_array(args)?;
            Ok(Obj::from(x.lt(&i(3))?))
        },
        false,
    )
}

/// `mul = lambda a, b: a * b`.
fn mul() -> Obj {
    function(
        "<lambda>",
        |f, args| {
            let [a, b] = PyFunction::of(f)?.bind_array(args)?;
            a.mul(&b)
        },
        true,
    )
}

/// `odd = lambda x: x % 2`.
fn odd() -> Obj {
    function(
        "<lambda>",
        |f, args| {
            let [x] = PyFunction::of(f)?.bind_array(args)?;
            x.rem(&i(2))
        },
        false,
    )
}

#[test]
fn infinite_iterators_match_cpython() {
    table! {
        "count()" => call("count", &[]) => "count(0)";
        "count(5)" => call("count", &[i(5)]) => "count(5)";
        "count(start=5, step=2)" => kw("count", &[], &[("start", i(5)), ("step", i(2))]) => "count(5, 2)";
        "count(step=-1)" => kw("count", &[], &[("step", i(-1))]) => "count(0, -1)";
        "count(1, 1.0)" => call("count", &[i(1), f(1.0)]) => "count(1, 1.0)";
        "count(1.5)" => call("count", &[f(1.5)]) => "count(1.5)";
        "count(True)" => call("count", &[Obj::from(true)]) => "count(1)";
        "count(1, True)" => call("count", &[i(1), Obj::from(true)]) => "count(1)";
        "count(2**70)" => call("count", &[i(2).pow(&i(70)).unwrap()]) => "count(1180591620717411303424)";
        "take(count(10), 3)" => take(call("count", &[i(10)]), 3) => "[10, 11, 12]";
        "take(count(2.5, 0.5), 3)" => take(call("count", &[f(2.5), f(0.5)]), 3) => "[2.5, 3.0, 3.5]";
        "take(count(0.1, 0.1), 3)" => take(call("count", &[f(0.1), f(0.1)]), 3) => "[0.1, 0.2, 0.30000000000000004]";
        "take(count(True, 2), 2)" => take(call("count", &[Obj::from(true), i(2)]), 2) => "[True, 3]";
        "take(count(2**63 - 1), 2)" => take(call("count", &[i(i64::MAX)]), 2) => "[9223372036854775807, 9223372036854775808]";
        "c = count(3) ;; next(c) ;; c" => after(&call("count", &[i(3)]).unwrap(), next) => "count(4)";
        "count('a')" => call("count", &[s("a")]) => "!! TypeError: a number is required";
        "count(1, 'a')" => call("count", &[i(1), s("a")]) => "!! TypeError: a number is required";
        "count(1, 2, 3)" => call("count", &[i(1), i(2), i(3)]) => "!! TypeError: count() takes at most 2 arguments (3 given)";
        "count(foo=1)" => kw("count", &[], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for count()";
        "count(1, start=2)" => kw("count", &[i(1)], &[("start", i(2))]) => "!! TypeError: argument for count() given by name ('start') and position (1)";
        "count" => Ok(it("count")) => "<class 'itertools.count'>";
        "count.__name__" => it("count").getattr("__name__") => "'count'";
        "count.__module__" => it("count").getattr("__module__") => "'itertools'";
        "count().x" => call("count", &[]).and_then(|c| c.getattr("x")) => "!! AttributeError: 'itertools.count' object has no attribute 'x'";
        // cycle
        "take(cycle('abc'), 7)" => take(call("cycle", &[s("abc")]), 7) => "['a', 'b', 'c', 'a', 'b', 'c', 'a']";
        "list(cycle([]))" => all(call("cycle", &[ints([])])) => "[]";
        "cycle()" => call("cycle", &[]) => "!! TypeError: cycle expected 1 argument, got 0";
        "cycle([1], [2])" => call("cycle", &[ints([1]), ints([2])]) => "!! TypeError: cycle expected 1 argument, got 2";
        "cycle(1)" => call("cycle", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "cycle(x=1)" => kw("cycle", &[], &[("x", i(1))]) => "!! TypeError: cycle() takes no keyword arguments";
        // repeat
        "repeat('a')" => call("repeat", &[s("a")]) => "repeat('a')";
        "repeat(object=1, times=2)" => kw("repeat", &[], &[("object", i(1)), ("times", i(2))]) => "repeat(1, 2)";
        "repeat(1, -3)" => call("repeat", &[i(1), i(-3)]) => "repeat(1, 0)";
        "list(repeat('x', 3))" => all(call("repeat", &[s("x"), i(3)])) => "['x', 'x', 'x']";
        "take(repeat(None), 2)" => take(call("repeat", &[none()]), 2) => "[None, None]";
        "r = repeat(7, 3) ;; next(r) ;; r" => after(&call("repeat", &[i(7), i(3)]).unwrap(), next) => "repeat(7, 2)";
        "next(repeat(1, 0))" => call("repeat", &[i(1), i(0)]).and_then(|r| next(&r)) => "!! StopIteration";
        "repeat(1, 3).__length_hint__()" => call("repeat", &[i(1), i(3)]).and_then(|r| r.call_method("__length_hint__", &[])) => "3";
        "repeat(1).__length_hint__()" => call("repeat", &[i(1)]).and_then(|r| r.call_method("__length_hint__", &[])) => "!! TypeError: len() of unsized object";
        "repeat()" => call("repeat", &[]) => "!! TypeError: repeat() missing required argument 'object' (pos 1)";
        "repeat(1, 2, 3)" => call("repeat", &[i(1), i(2), i(3)]) => "!! TypeError: repeat() takes at most 2 arguments (3 given)";
        "repeat(1, 'a')" => call("repeat", &[i(1), s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "repeat(1, x=2)" => kw("repeat", &[i(1)], &[("x", i(2))]) => "!! TypeError: 'x' is an invalid keyword argument for repeat()";
        "repeat('a', 2**70)" => call("repeat", &[s("a"), i(2).pow(&i(70)).unwrap()]) => "!! OverflowError: Python int too large to convert to C ssize_t";
    }
}

#[test]
fn iterators_over_the_shortest_input_match_cpython() {
    table! {
        // accumulate
        "list(accumulate([1, 2, 3, 4]))" => all(call("accumulate", &[ints([1, 2, 3, 4])])) => "[1, 3, 6, 10]";
        "list(accumulate([3, 1, 4, 1, 5], max))" => all(call("accumulate", &[ints([3, 1, 4, 1, 5]), builtin("max")])) => "[3, 3, 4, 4, 5]";
        "list(accumulate([1, 2, 3], mul, initial=10))" => all(kw("accumulate", &[ints([1, 2, 3]), mul()], &[("initial", i(10))])) => "[10, 10, 20, 60]";
        "list(accumulate([1, 2, 3], None, initial=100))" => all(kw("accumulate", &[ints([1, 2, 3]), none()], &[("initial", i(100))])) => "[100, 101, 103, 106]";
        "list(accumulate([], initial=5))" => all(kw("accumulate", &[ints([])], &[("initial", i(5))])) => "[5]";
        "list(accumulate([1, 2, 3], initial=None))" => all(kw("accumulate", &[ints([1, 2, 3])], &[("initial", none())])) => "[1, 3, 6]";
        "list(accumulate('abc'))" => all(call("accumulate", &[s("abc")])) => "['a', 'ab', 'abc']";
        "list(accumulate([1, 'a']))" => all(call("accumulate", &[list([i(1), s("a")])])) => "!! TypeError: unsupported operand type(s) for +: 'int' and 'str'";
        "accumulate()" => call("accumulate", &[]) => "!! TypeError: accumulate() missing required argument 'iterable' (pos 1)";
        "accumulate(1)" => call("accumulate", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "accumulate([1], None, None)" => call("accumulate", &[ints([1]), none(), none()]) => "!! TypeError: accumulate() takes at most 2 positional arguments (3 given)";
        "accumulate([1], x=2)" => kw("accumulate", &[ints([1])], &[("x", i(2))]) => "!! TypeError: 'x' is an invalid keyword argument for accumulate()";
        // chain
        "list(chain('ab', [1], ()))" => all(call("chain", &[s("ab"), ints([1]), tuple([])])) => "['a', 'b', 1]";
        "list(chain())" => all(call("chain", &[])) => "[]";
        "list(chain.from_iterable(['ab', 'cd']))" => all(it("chain").getattr("from_iterable").and_then(|f| f.call(&[list([s("ab"), s("cd")])]))) => "['a', 'b', 'c', 'd']";
        "list(chain([1], 2))" => all(call("chain", &[ints([1]), i(2)])) => "!! TypeError: 'int' object is not iterable";
        "c = chain([1], 2, [3]) ;; next(c) ;; next(c)" => call("chain", &[ints([1]), i(2), ints([3])]).and_then(|c| { next(&c)?; next(&c) }) => "!! TypeError: 'int' object is not iterable";
        "c = chain([1], 2, [3]) ;; next(c) ;; attempt(lambda: next(c)) ;; list(c)" => call("chain", &[ints([1]), i(2), ints([3])]).and_then(|c| { next(&c)?; let _ = next(&c); all(Ok(c)) }) => "[]";
        "chain(x=1)" => kw("chain", &[], &[("x", i(1))]) => "!! TypeError: chain() takes no keyword arguments";
        "chain.from_iterable()" => it("chain").getattr("from_iterable").and_then(|f| f.call(&[])) => "!! TypeError: chain.from_iterable() takes exactly one argument (0 given)";
        "chain.from_iterable(1)" => it("chain").getattr("from_iterable").and_then(|f| f.call(&[i(1)])) => "!! TypeError: 'int' object is not iterable";
        // compress
        "list(compress('abcdef', [1, 0, 1, 0, 1, 1]))" => all(call("compress", &[s("abcdef"), ints([1, 0, 1, 0, 1, 1])])) => "['a', 'c', 'e', 'f']";
        "list(compress('abc', [1, 0, 1, 1]))" => all(call("compress", &[s("abc"), ints([1, 0, 1, 1])])) => "['a', 'c']";
        "list(compress(data='abc', selectors=[0, 1]))" => all(kw("compress", &[], &[("data", s("abc")), ("selectors", ints([0, 1]))])) => "['b']";
        "compress()" => call("compress", &[]) => "!! TypeError: compress() missing required argument 'data' (pos 1)";
        "compress([1])" => call("compress", &[ints([1])]) => "!! TypeError: compress() missing required argument 'selectors' (pos 2)";
        "compress([1], 2)" => call("compress", &[ints([1]), i(2)]) => "!! TypeError: 'int' object is not iterable";
        "compress([1], [1], [1])" => call("compress", &[ints([1]), ints([1]), ints([1])]) => "!! TypeError: compress() takes at most 2 arguments (3 given)";
        "compress(data=[1], selectors=[1], x=1)" => kw("compress", &[], &[("data", ints([1])), ("selectors", ints([1])), ("x", i(1))]) => "!! TypeError: compress() takes at most 2 keyword arguments (3 given)";
        // dropwhile, takewhile, filterfalse, starmap
        "list(dropwhile(lt3, [1, 2, 3, 4, 1]))" => all(call("dropwhile", &[lt3(), ints([1, 2, 3, 4, 1])])) => "[3, 4, 1]";
        "list(takewhile(lt3, [1, 2, 3, 4, 1]))" => all(call("takewhile", &[lt3(), ints([1, 2, 3, 4, 1])])) => "[1, 2]";
        "t = takewhile(lt3, [1, 5, 1]) ;; list(t) ;; list(t)" => call("takewhile", &[lt3(), ints([1, 5, 1])]).and_then(|t| { all(Ok(t.clone()))?; all(Ok(t)) }) => "[]";
        "list(filterfalse(odd, range(8)))" => all(call("filterfalse", &[odd(), range(8)])) => "[0, 2, 4, 6]";
        "list(filterfalse(None, [0, 1, '', 'a', None]))" => all(call("filterfalse", &[none(), list([i(0), i(1), s(""), s("a"), none()])])) => "[0, '', None]";
        "list(filterfalse(bool, [0, 1, []]))" => all(call("filterfalse", &[builtin("bool"), list([i(0), i(1), list([])])])) => "[0, []]";
        "list(starmap(pow, [(2, 5), (3, 2), (10, 3)]))" => all(call("starmap", &[builtin("pow"), list([tuple([i(2), i(5)]), tuple([i(3), i(2)]), tuple([i(10), i(3)])])])) => "[32, 9, 1000]";
        "list(starmap(max, ['ab', [3, 1]]))" => all(call("starmap", &[builtin("max"), list([s("ab"), ints([3, 1])])])) => "['b', 3]";
        "list(starmap(pow, [1]))" => all(call("starmap", &[builtin("pow"), ints([1])])) => "!! TypeError: 'int' object is not iterable";
        "dropwhile()" => call("dropwhile", &[]) => "!! TypeError: dropwhile expected 2 arguments, got 0";
        "dropwhile(None, [1], 3)" => call("dropwhile", &[none(), ints([1]), i(3)]) => "!! TypeError: dropwhile expected 2 arguments, got 3";
        "dropwhile(None, 1)" => call("dropwhile", &[none(), i(1)]) => "!! TypeError: 'int' object is not iterable";
        "dropwhile(None, [1], x=1)" => kw("dropwhile", &[none(), ints([1])], &[("x", i(1))]) => "!! TypeError: dropwhile() takes no keyword arguments";
        "takewhile(None)" => call("takewhile", &[none()]) => "!! TypeError: takewhile expected 2 arguments, got 1";
        "filterfalse(None)" => call("filterfalse", &[none()]) => "!! TypeError: filterfalse expected 2 arguments, got 1";
        "filterfalse(x=1)" => kw("filterfalse", &[], &[("x", i(1))]) => "!! TypeError: filterfalse() takes no keyword arguments";
        "starmap(None)" => call("starmap", &[none()]) => "!! TypeError: starmap expected 2 arguments, got 1";
        "starmap(None, 1)" => call("starmap", &[none(), i(1)]) => "!! TypeError: 'int' object is not iterable";
        "list(dropwhile(None, [1]))" => all(call("dropwhile", &[none(), ints([1])])) => "!! TypeError: 'NoneType' object is not callable";
    }
}

/// `[(k, list(g)) for k, g in groupby(...)]`.
fn groups(groupby: PyResult<Obj>) -> PyResult<Obj> {
    let groupby = groupby?;
    let mut out = Vec::new();
    while let Some(pair) = groupby.next_item()? {
        let (key, group) = (pair.get_item(&i(0))?, pair.get_item(&i(1))?);
        out.push(tuple([key, all(Ok(group))?]));
    }
    Ok(Obj::list(out))
}

#[test]
fn groupby_islice_pairwise_and_zip_longest_match_cpython() {
    table! {
        "[(k, list(g)) for k, g in groupby('aaabccdd')]" => groups(call("groupby", &[s("aaabccdd")])) => "[('a', ['a', 'a', 'a']), ('b', ['b']), ('c', ['c', 'c']), ('d', ['d', 'd'])]";
        "[(k, list(g)) for k, g in groupby([1, 3, 2, 4, 5], key=odd)]" => groups(kw("groupby", &[ints([1, 3, 2, 4, 5])], &[("key", odd())])) => "[(1, [1, 3]), (0, [2, 4]), (1, [5])]";
        "[k for k, g in groupby('aabbbc')]" => all(call("groupby", &[s("aabbbc")])).and_then(|pairs| Ok(Obj::list(pairs.to_vec()?.into_iter().map(|p| p.get_item(&i(0))).collect::<PyResult<Vec<_>>>()?))) => "['a', 'b', 'c']";
        "list(groupby([]))" => all(call("groupby", &[ints([])])) => "[]";
        "gs = list(groupby('aabb')) ;; [list(g) for k, g in gs]" => all(call("groupby", &[s("aabb")])).and_then(|gs| Ok(Obj::list(gs.to_vec()?.into_iter().map(|p| all(p.get_item(&i(1)))).collect::<PyResult<Vec<_>>>()?))) => "[[], []]";
        "g = groupby('aab') ;; k, a = next(g) ;; next(a) ;; k2, b = next(g) ;; (list(a), list(b))" => call("groupby", &[s("aab")]).and_then(|g| { let a = next(&g)?.get_item(&i(1))?; next(&a)?; let b = next(&g)?.get_item(&i(1))?; Ok(tuple([all(Ok(a))?, all(Ok(b))?])) }) => "([], ['b'])";
        "groupby()" => call("groupby", &[]) => "!! TypeError: groupby() missing required argument 'iterable' (pos 1)";
        "groupby(1)" => call("groupby", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "groupby([1], None, 3)" => call("groupby", &[ints([1]), none(), i(3)]) => "!! TypeError: groupby() takes at most 2 arguments (3 given)";
        "groupby([1], x=2)" => kw("groupby", &[ints([1])], &[("x", i(2))]) => "!! TypeError: 'x' is an invalid keyword argument for groupby()";
        // islice
        "list(islice('abcdefg', 2))" => all(call("islice", &[s("abcdefg"), i(2)])) => "['a', 'b']";
        "list(islice('abcdefg', 2, 4))" => all(call("islice", &[s("abcdefg"), i(2), i(4)])) => "['c', 'd']";
        "list(islice('abcdefg', 2, None))" => all(call("islice", &[s("abcdefg"), i(2), none()])) => "['c', 'd', 'e', 'f', 'g']";
        "list(islice('abcdefg', 0, None, 2))" => all(call("islice", &[s("abcdefg"), i(0), none(), i(2)])) => "['a', 'c', 'e', 'g']";
        "list(islice('abcdefg', None))" => all(call("islice", &[s("abcdefg"), none()])) => "['a', 'b', 'c', 'd', 'e', 'f', 'g']";
        "list(islice('abcdefg', None, None, None))" => all(call("islice", &[s("abcdefg"), none(), none(), none()])) => "['a', 'b', 'c', 'd', 'e', 'f', 'g']";
        "list(islice('abcdefg', True, 5))" => all(call("islice", &[s("abcdefg"), Obj::from(true), i(5)])) => "['b', 'c', 'd', 'e']";
        "list(islice(count(), 1, 10, 3))" => all(call("islice", &[call("count", &[]).unwrap(), i(1), i(10), i(3)])) => "[1, 4, 7]";
        "c = count() ;; list(islice(c, 3, 5)) ;; next(c)" => call("count", &[]).and_then(|c| { all(call("islice", &[c.clone(), i(3), i(5)]))?; next(&c) }) => "5";
        "islice()" => call("islice", &[]) => "!! TypeError: islice expected at least 2 arguments, got 0";
        "islice([1])" => call("islice", &[ints([1])]) => "!! TypeError: islice expected at least 2 arguments, got 1";
        "islice([1], 1, 2, 3, 4)" => call("islice", &[ints([1]), i(1), i(2), i(3), i(4)]) => "!! TypeError: islice expected at most 4 arguments, got 5";
        "islice([1], x=1)" => kw("islice", &[ints([1])], &[("x", i(1))]) => "!! TypeError: islice() takes no keyword arguments";
        "islice(1, 2)" => call("islice", &[i(1), i(2)]) => "!! TypeError: 'int' object is not iterable";
        "islice([1], -1)" => call("islice", &[ints([1]), i(-1)]) => "!! ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], -5)" => call("islice", &[ints([1]), i(-5)]) => "!! ValueError: Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], 'a')" => call("islice", &[ints([1]), s("a")]) => "!! ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], 2**70)" => call("islice", &[ints([1]), i(2).pow(&i(70)).unwrap()]) => "!! ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], 1, -1)" => call("islice", &[ints([1]), i(1), i(-1)]) => "!! ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], -1, 2)" => call("islice", &[ints([1]), i(-1), i(2)]) => "!! ValueError: Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], 'a', 2)" => call("islice", &[ints([1]), s("a"), i(2)]) => "!! ValueError: Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        "islice([1], 0, 2, 0)" => call("islice", &[ints([1]), i(0), i(2), i(0)]) => "!! ValueError: Step for islice() must be a positive integer or None.";
        "islice([1], 0, 2, 'a')" => call("islice", &[ints([1]), i(0), i(2), s("a")]) => "!! ValueError: Step for islice() must be a positive integer or None.";
        // pairwise
        "list(pairwise('abcd'))" => all(call("pairwise", &[s("abcd")])) => "[('a', 'b'), ('b', 'c'), ('c', 'd')]";
        "list(pairwise('a'))" => all(call("pairwise", &[s("a")])) => "[]";
        "pairwise()" => call("pairwise", &[]) => "!! TypeError: pairwise expected 1 argument, got 0";
        "pairwise(1)" => call("pairwise", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "pairwise(x=1)" => kw("pairwise", &[], &[("x", i(1))]) => "!! TypeError: pairwise() takes no keyword arguments";
        // zip_longest
        "list(zip_longest('abc', [1]))" => all(call("zip_longest", &[s("abc"), ints([1])])) => "[('a', 1), ('b', None), ('c', None)]";
        "list(zip_longest('ab', 'wxyz', fillvalue='-'))" => all(kw("zip_longest", &[s("ab"), s("wxyz")], &[("fillvalue", s("-"))])) => "[('a', 'w'), ('b', 'x'), ('-', 'y'), ('-', 'z')]";
        "list(zip_longest())" => all(call("zip_longest", &[])) => "[]";
        "list(zip_longest([], []))" => all(call("zip_longest", &[ints([]), ints([])])) => "[]";
        "zip_longest(1)" => call("zip_longest", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "zip_longest([1], x=2)" => kw("zip_longest", &[ints([1])], &[("x", i(2))]) => "!! TypeError: zip_longest() got an unexpected keyword argument";
        "zip_longest([1], fillvalue=2, x=3)" => kw("zip_longest", &[ints([1])], &[("fillvalue", i(2)), ("x", i(3))]) => "!! TypeError: zip_longest() got an unexpected keyword argument";
    }
}

#[test]
fn tee_gives_independent_iterators_like_cpythons() {
    table! {
        "a, b = tee('abc') ;; (list(a), list(b))" => call("tee", &[s("abc")]).and_then(|t| Ok(tuple([all(t.get_item(&i(0)))?, all(t.get_item(&i(1)))?]))) => "(['a', 'b', 'c'], ['a', 'b', 'c'])";
        "a, b, c = tee(range(100), 3) ;; next(a) ;; (take(a, 2), take(b, 2), sum(c))" => call("tee", &[range(100), i(3)]).and_then(|t| { let a = t.get_item(&i(0))?; next(&a)?; Ok(tuple([take(Ok(a), 2)?, take(t.get_item(&i(1)), 2)?, builtin("sum").call(&[t.get_item(&i(2))?])?])) }) => "([1, 2], [0, 1], 4950)";
        "a, b = tee(range(200)) ;; list(a)[-1], list(b)[150]" => call("tee", &[range(200)]).and_then(|t| Ok(tuple([all(t.get_item(&i(0)))?.get_item(&i(-1))?, all(t.get_item(&i(1)))?.get_item(&i(150))?]))) => "(199, 150)";
        "tee('ab', 0)" => call("tee", &[s("ab"), i(0)]) => "()";
        "a, = tee('ab', 1) ;; list(a)" => call("tee", &[s("ab"), i(1)]).and_then(|t| all(t.get_item(&i(0)))) => "['a', 'b']";
        "a, b = tee('abc') ;; next(a) ;; c, d = tee(a) ;; (list(c), list(d), list(b))" => call("tee", &[s("abc")]).and_then(|t| { let a = t.get_item(&i(0))?; next(&a)?; let cd = call("tee", &[a])?; Ok(tuple([all(cd.get_item(&i(0)))?, all(cd.get_item(&i(1)))?, all(t.get_item(&i(1)))?])) }) => "(['b', 'c'], ['b', 'c'], ['a', 'b', 'c'])";
        "a, b = tee('xy') ;; c = a.__copy__() ;; (list(a), list(c))" => call("tee", &[s("xy")]).and_then(|t| { let a = t.get_item(&i(0))?; let c = a.call_method("__copy__", &[])?; Ok(tuple([all(Ok(a))?, all(Ok(c))?])) }) => "(['x', 'y'], ['x', 'y'])";
        "type(tee([1])[0])" => call("tee", &[ints([1])]).and_then(|t| Ok(t.get_item(&i(0))?.py_type().to_object())) => "<class 'itertools._tee'>";
        "a, b = tee([1]) ;; tee(a)[0] is a" => call("tee", &[ints([1])]).and_then(|t| { let a = t.get_item(&i(0))?; Ok(Obj::from(call("tee", std::slice::from_ref(&a))?.get_item(&i(0))?.is(&a))) }) => "True";
        "tee()" => call("tee", &[]) => "!! TypeError: tee expected at least 1 argument, got 0";
        "tee(1)" => call("tee", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "tee([1], -1)" => call("tee", &[ints([1]), i(-1)]) => "!! ValueError: n must be >= 0";
        "tee([1], 'a')" => call("tee", &[ints([1]), s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "tee([1], 2, 3)" => call("tee", &[ints([1]), i(2), i(3)]) => "!! TypeError: tee expected at most 2 arguments, got 3";
        "tee([1], n=2)" => kw("tee", &[ints([1])], &[("n", i(2))]) => "!! TypeError: itertools.tee() takes no keyword arguments";
    }
}

#[test]
fn combinatoric_iterators_match_cpython() {
    table! {
        "list(product('ab', range(2)))" => all(call("product", &[s("ab"), range(2)])) => "[('a', 0), ('a', 1), ('b', 0), ('b', 1)]";
        "list(product('ab', repeat=2))" => all(kw("product", &[s("ab")], &[("repeat", i(2))])) => "[('a', 'a'), ('a', 'b'), ('b', 'a'), ('b', 'b')]";
        "list(product(range(2), repeat=3))" => all(kw("product", &[range(2)], &[("repeat", i(3))])) => "[(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0), (1, 1, 1)]";
        "list(product())" => all(call("product", &[])) => "[()]";
        "list(product(repeat=2))" => all(kw("product", &[], &[("repeat", i(2))])) => "[()]";
        "list(product('ab', repeat=0))" => all(kw("product", &[s("ab")], &[("repeat", i(0))])) => "[()]";
        "list(product(1, repeat=0))" => all(kw("product", &[i(1)], &[("repeat", i(0))])) => "[()]";
        "list(product([1], [], [2]))" => all(call("product", &[ints([1]), ints([]), ints([2])])) => "[]";
        "product(1)" => call("product", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "product([1], x=2)" => kw("product", &[ints([1])], &[("x", i(2))]) => "!! TypeError: 'x' is an invalid keyword argument for product()";
        "product([1], repeat=-1)" => kw("product", &[ints([1])], &[("repeat", i(-1))]) => "!! ValueError: repeat argument cannot be negative";
        "product([1], repeat='a')" => kw("product", &[ints([1])], &[("repeat", s("a"))]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        // permutations
        "list(permutations('abc'))" => all(call("permutations", &[s("abc")])) => "[('a', 'b', 'c'), ('a', 'c', 'b'), ('b', 'a', 'c'), ('b', 'c', 'a'), ('c', 'a', 'b'), ('c', 'b', 'a')]";
        "list(permutations(range(4), 2))" => all(call("permutations", &[range(4), i(2)])) => "[(0, 1), (0, 2), (0, 3), (1, 0), (1, 2), (1, 3), (2, 0), (2, 1), (2, 3), (3, 0), (3, 1), (3, 2)]";
        "list(permutations('abc', 0))" => all(call("permutations", &[s("abc"), i(0)])) => "[()]";
        "list(permutations(range(3), 4))" => all(call("permutations", &[range(3), i(4)])) => "[]";
        "list(permutations([]))" => all(call("permutations", &[ints([])])) => "[()]";
        "list(permutations('ab', r=None))" => all(kw("permutations", &[s("ab")], &[("r", none())])) => "[('a', 'b'), ('b', 'a')]";
        "len(list(permutations(range(6))))" => all(call("permutations", &[range(6)])).and_then(|l| Ok(Obj::from(l.len()?))) => "720";
        "permutations()" => call("permutations", &[]) => "!! TypeError: permutations() missing required argument 'iterable' (pos 1)";
        "permutations(1)" => call("permutations", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "permutations([1], -1)" => call("permutations", &[ints([1]), i(-1)]) => "!! ValueError: r must be non-negative";
        "permutations([1], 'a')" => call("permutations", &[ints([1]), s("a")]) => "!! TypeError: Expected int as r";
        "permutations([1], x=1)" => kw("permutations", &[ints([1])], &[("x", i(1))]) => "!! TypeError: 'x' is an invalid keyword argument for permutations()";
        // combinations
        "list(combinations('abcd', 2))" => all(call("combinations", &[s("abcd"), i(2)])) => "[('a', 'b'), ('a', 'c'), ('a', 'd'), ('b', 'c'), ('b', 'd'), ('c', 'd')]";
        "list(combinations(range(5), 3))" => all(call("combinations", &[range(5), i(3)])) => "[(0, 1, 2), (0, 1, 3), (0, 1, 4), (0, 2, 3), (0, 2, 4), (0, 3, 4), (1, 2, 3), (1, 2, 4), (1, 3, 4), (2, 3, 4)]";
        "list(combinations('abc', 0))" => all(call("combinations", &[s("abc"), i(0)])) => "[()]";
        "list(combinations('abc', 4))" => all(call("combinations", &[s("abc"), i(4)])) => "[]";
        "list(combinations(r=2, iterable='abc'))" => all(kw("combinations", &[], &[("r", i(2)), ("iterable", s("abc"))])) => "[('a', 'b'), ('a', 'c'), ('b', 'c')]";
        "combinations([1])" => call("combinations", &[ints([1])]) => "!! TypeError: combinations() missing required argument 'r' (pos 2)";
        "combinations([1], -1)" => call("combinations", &[ints([1]), i(-1)]) => "!! ValueError: r must be non-negative";
        "combinations([1], 'a')" => call("combinations", &[ints([1]), s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "combinations(1, 2)" => call("combinations", &[i(1), i(2)]) => "!! TypeError: 'int' object is not iterable";
        // combinations_with_replacement
        "list(combinations_with_replacement('abc', 2))" => all(call("combinations_with_replacement", &[s("abc"), i(2)])) => "[('a', 'a'), ('a', 'b'), ('a', 'c'), ('b', 'b'), ('b', 'c'), ('c', 'c')]";
        "list(combinations_with_replacement(range(2), 3))" => all(call("combinations_with_replacement", &[range(2), i(3)])) => "[(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 1, 1)]";
        "list(combinations_with_replacement([], 2))" => all(call("combinations_with_replacement", &[ints([]), i(2)])) => "[]";
        "list(combinations_with_replacement([], 0))" => all(call("combinations_with_replacement", &[ints([]), i(0)])) => "[()]";
        "combinations_with_replacement([1])" => call("combinations_with_replacement", &[ints([1])]) => "!! TypeError: combinations_with_replacement() missing required argument 'r' (pos 2)";
        "combinations_with_replacement([1], -1)" => call("combinations_with_replacement", &[ints([1]), i(-1)]) => "!! ValueError: r must be non-negative";
    }
}

#[test]
fn the_iterators_are_lazy() {
    // m = map(record, [1, 2, 3]) -- here: a count, whose value shows how far it went.
    let c = call("count", &[]).unwrap();
    let chained = call("chain", &[list([]), c.clone()]).unwrap();
    let sliced = call("islice", &[chained, i(2), i(4)]).unwrap();
    assert_eq!(
        c.repr().unwrap(),
        "count(0)",
        "nothing read before the first next"
    );
    assert_eq!(next(&sliced).unwrap().repr().unwrap(), "2");
    assert_eq!(c.repr().unwrap(), "count(3)");
    assert_eq!(next(&sliced).unwrap().repr().unwrap(), "3");
    assert!(sliced.next_item().unwrap().is_none());
    assert_eq!(
        c.repr().unwrap(),
        "count(4)",
        "islice stops without reading past"
    );
}

/// `gc.collect()` after dropping the last reference to a cycle through `iterator`
/// (made by `link`): how many objects the collector found unreachable.
fn collected_after(iterator: Obj, link: impl FnOnce(&Obj) -> PyResult<()>) -> usize {
    gc::collect();
    link(&iterator).unwrap();
    assert!(gc::is_tracked(&iterator), "{iterator:?} is tracked");
    assert_eq!(gc::collect(), 0, "{iterator:?} is reachable");
    drop(iterator);
    gc::collect()
}

#[test]
fn iterators_inside_what_they_iterate_are_collected() {
    // l = [] ;; c = cycle(l) ;; l.append(c)
    let l = list([]);
    let found = collected_after(call("cycle", std::slice::from_ref(&l)).unwrap(), |c| {
        l.call_method("append", std::slice::from_ref(c)).map(drop)
    });
    drop(l);
    assert_eq!(gc::collect(), 3, "the list, its iterator and the cycle");
    assert_eq!(found, 0, "the list was still referenced");

    // l = [] ;; r = repeat(l) ;; l.append(r)
    let repeat = call("repeat", &[list([])]).unwrap();
    let found = collected_after(repeat, |r| {
        let l = r.next_item()?.unwrap();
        l.call_method("append", std::slice::from_ref(r)).map(drop)
    });
    assert_eq!(found, 2, "the repeat and the list");

    // a, b = tee(l) ;; l.append(a) ;; next(b): the tee's buffer holds the list's item
    let l = list([]);
    let pair = call("tee", std::slice::from_ref(&l)).unwrap();
    let a = pair.get_item(&i(0)).unwrap();
    drop(pair);
    l.call_method("append", std::slice::from_ref(&a)).unwrap();
    drop(a);
    drop(l);
    // The list, its iterator, the tee and its data block (the other tee is gone).
    assert_eq!(gc::collect(), 4);

    // l = [] ;; g = groupby(l) ;; l.append(g) ;; k, grouper = next(g): the groupby holds
    // itself as its key and value, and the list through its iterator; the grouper (it
    // holds the groupby) lives on in a name.
    let l = list([]);
    let g = call("groupby", std::slice::from_ref(&l)).unwrap();
    l.call_method("append", std::slice::from_ref(&g)).unwrap();
    drop(l);
    let grouper = next(&g).unwrap().get_item(&i(1)).unwrap();
    drop(g);
    assert_eq!(gc::collect(), 0, "the grouper holds the groupby");
    // The grouper goes at once (nothing refers to it); the groupby, the list and the
    // list's iterator are a cycle.
    drop(grouper);
    assert_eq!(gc::collect(), 3);
}

#[test]
fn an_iterator_reports_what_it_holds_to_gc_get_referents() {
    let l = list([i(1)]);
    let f = lt3();
    let d = call("dropwhile", &[f.clone(), l.clone()]).unwrap();
    let referents = gc::get_referents(&d);
    assert_eq!(referents.len(), 2, "the predicate and the list iterator");
    assert!(
        referents
            .iter()
            .any(|r| pyobj_runtime::AnyGc::ptr_eq(r, f.as_any()))
    );
}
