//! `import functools` against CPython 3.11: `reduce`, `partial`, `wraps` and
//! `update_wrapper`, `lru_cache` and `cache`, `cmp_to_key`, `total_ordering`, their
//! reprs, behaviour and error texts; and what a cache holds, for the collector.
//!
//! Each row's expected text is what CPython 3.11 printed for the row's Python source
//! (`repr()` of the last expression, or the exception's last traceback line), run
//! after `import functools` and `from functools import *` with the helpers below defined as written in their
//! doc comments, and pinned here.

mod pyobj_support;

use std::cell::Cell;

use pyobj_runtime::{Args, Obj, PyFunction, PyResult, Signature, builtins, gc, modules};
use pyobj_support::{i, list, none, s, tuple};

/// `functools.<name>`.
fn ft(name: &str) -> Obj {
    modules::import("functools")
        .and_then(|module| module.getattr(name))
        .expect("functools provides the name")
}

/// `functools.<name>(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    ft(name).call(args)
}

/// `functools.<name>(*args, **keywords)`.
fn kw(name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    ft(name).call_with(&Args::new(args, keywords))
}

/// A builtin.
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

/// A list of ints.
fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

thread_local! {
    /// How many times `square` ran.
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// `def square(x): calls += 1; return x * x`.
fn square() -> Obj {
    static SIGNATURE: Signature = Signature::new(&["x"]);
    Obj::new_function(
        "square",
        &SIGNATURE,
        |f, args| {
            CALLS.with(|calls| calls.set(calls.get() + 1));
            let [x] = PyFunction::of(f)?.bind_array(args)?;
            x.mul(&x)
        },
        vec![],
        vec![],
    )
}

/// `def add(a, b=0, *, c=0): return a + b + c`.
fn add() -> Obj {
    static SIGNATURE: Signature = Signature {
        params: &["a", "b"],
        posonly: 0,
        varargs: false,
        kwonly: &[],
        varkw: false,
    };
    Obj::new_function(
        "add",
        &SIGNATURE,
        |f, args| {
            let [a, b] = PyFunction::of(f)?.bind_array(args)?;
            a.add(&b)
        },
        vec![i(0)],
        vec![],
    )
}

/// `sub = lambda a, b: a - b` (a comparison function for `cmp_to_key`).
fn sub() -> Obj {
    static SIGNATURE: Signature = Signature::new(&["a", "b"]);
    Obj::new_function(
        "<lambda>",
        &SIGNATURE,
        |f, args| {
            let [a, b] = PyFunction::of(f)?.bind_array(args)?;
            a.sub(&b)
        },
        vec![],
        vec![],
    )
}

/// `sorted(items, key=key)`.
fn sorted(items: Obj, key: Obj) -> PyResult<Obj> {
    builtin("sorted").call_with(&Args::new(&[items], &[("key", key)]))
}

#[test]
fn reduce_and_partial_match_cpython() {
    table! {
        "reduce(add, [1, 2, 3, 4])" => call("reduce", &[add(), ints([1, 2, 3, 4])]) => "10";
        "reduce(add, [1, 2], 10)" => call("reduce", &[add(), ints([1, 2]), i(10)]) => "13";
        "reduce(add, [], 7)" => call("reduce", &[add(), ints([]), i(7)]) => "7";
        "reduce(add, [5])" => call("reduce", &[add(), ints([5])]) => "5";
        "reduce(add, ['a', 'b', 'c'])" => call("reduce", &[add(), list([s("a"), s("b"), s("c")])]) => "'abc'";
        "reduce()" => call("reduce", &[]) => "!! TypeError: reduce expected at least 2 arguments, got 0";
        "reduce(None, 1)" => call("reduce", &[none(), i(1)]) => "!! TypeError: reduce() arg 2 must support iteration";
        "reduce(None, [])" => call("reduce", &[none(), ints([])]) => "!! TypeError: reduce() of empty iterable with no initial value";
        "reduce(None, [], 1, 2)" => call("reduce", &[none(), ints([]), i(1), i(2)]) => "!! TypeError: reduce expected at most 3 arguments, got 4";
        "reduce(None, [], x=1)" => kw("reduce", &[none(), ints([])], &[("x", i(1))]) => "!! TypeError: reduce() takes no keyword arguments";
        "reduce(None, [1, 2])" => call("reduce", &[none(), ints([1, 2])]) => "!! TypeError: 'NoneType' object is not callable";
        // partial
        "partial(print, 1, sep='')" => kw("partial", &[builtin("print"), i(1)], &[("sep", s(""))]) => "functools.partial(<built-in function print>, 1, sep='')";
        "partial(partial(print, 1, a=2), 3, b=4)" => kw("partial", &[kw("partial", &[builtin("print"), i(1)], &[("a", i(2))]).unwrap(), i(3)], &[("b", i(4))]) => "functools.partial(<built-in function print>, 1, 3, a=2, b=4)";
        "partial(max, 5)(3, 9)" => call("partial", &[builtin("max"), i(5)]).and_then(|p| p.call(&[i(3), i(9)])) => "9";
        "partial(add, b=10)(1)" => kw("partial", &[add()], &[("b", i(10))]).and_then(|p| p.call(&[i(1)])) => "11";
        "partial(add, b=10)(1, b=5)" => kw("partial", &[add()], &[("b", i(10))]).and_then(|p| p.call_with(&Args::new(&[i(1)], &[("b", i(5))]))) => "6";
        "partial(add, 1, 2)(3)" => call("partial", &[add(), i(1), i(2)]).and_then(|p| p.call(&[i(3)])) => "!! TypeError: add() takes from 1 to 2 positional arguments but 3 were given";
        "partial(print).func" => call("partial", &[builtin("print")]).and_then(|p| p.getattr("func")) => "<built-in function print>";
        "partial(print, 1).args" => call("partial", &[builtin("print"), i(1)]).and_then(|p| p.getattr("args")) => "(1,)";
        "partial(print, a=1).keywords" => kw("partial", &[builtin("print")], &[("a", i(1))]).and_then(|p| p.getattr("keywords")) => "{'a': 1}";
        "partial(print).keywords" => call("partial", &[builtin("print")]).and_then(|p| p.getattr("keywords")) => "{}";
        "partial(print).__dict__" => call("partial", &[builtin("print")]).and_then(|p| p.getattr("__dict__")) => "{}";
        "p = partial(print) ;; p.note = 1 ;; p.note" => call("partial", &[builtin("print")]).and_then(|p| { p.setattr("note", &i(1))?; p.getattr("note") }) => "1";
        "setattr(partial(print), 'args', ())" => call("partial", &[builtin("print")]).and_then(|p| p.setattr("args", &tuple([])).map(|()| none())) => "!! AttributeError: readonly attribute";
        "partial(print).x" => call("partial", &[builtin("print")]).and_then(|p| p.getattr("x")) => "!! AttributeError: 'functools.partial' object has no attribute 'x'";
        "partial()" => call("partial", &[]) => "!! TypeError: type 'partial' takes at least one argument";
        "partial(1)" => call("partial", &[i(1)]) => "!! TypeError: the first argument must be callable";
        "partial(func=print)" => kw("partial", &[], &[("func", builtin("print"))]) => "!! TypeError: type 'partial' takes at least one argument";
        "partial" => Ok(ft("partial")) => "<class 'functools.partial'>";
        "type(partial(print))" => call("partial", &[builtin("print")]).map(|p| p.py_type().to_object()) => "<class 'functools.partial'>";
    }
}

#[test]
fn lru_cache_counts_evicts_and_reports_as_cpython() {
    table! {
        "lru_cache(len).cache_info()" => call("lru_cache", &[builtin("len")]).and_then(|c| c.call_method("cache_info", &[])) => "CacheInfo(hits=0, misses=0, maxsize=128, currsize=0)";
        "lru_cache(len).cache_parameters()" => call("lru_cache", &[builtin("len")]).and_then(|c| c.call_method("cache_parameters", &[])) => "{'maxsize': 128, 'typed': False}";
        "lru_cache(maxsize=-1)(len).cache_parameters()" => kw("lru_cache", &[], &[("maxsize", i(-1))]).and_then(|d| d.call(&[builtin("len")])).and_then(|c| c.call_method("cache_parameters", &[])) => "{'maxsize': 0, 'typed': False}";
        "lru_cache(maxsize=None)(len).cache_info()" => kw("lru_cache", &[], &[("maxsize", none())]).and_then(|d| d.call(&[builtin("len")])).and_then(|c| c.call_method("cache_info", &[])) => "CacheInfo(hits=0, misses=0, maxsize=None, currsize=0)";
        "lru_cache(maxsize=True)(len).cache_info()" => kw("lru_cache", &[], &[("maxsize", Obj::from(true))]).and_then(|d| d.call(&[builtin("len")])).and_then(|c| c.call_method("cache_info", &[])) => "CacheInfo(hits=0, misses=0, maxsize=1, currsize=0)";
        "lru_cache(None, 1)(len).cache_parameters()" => call("lru_cache", &[none(), i(1)]).and_then(|d| d.call(&[builtin("len")])).and_then(|c| c.call_method("cache_parameters", &[])) => "{'maxsize': None, 'typed': 1}";
        "lru_cache(len, typed=True).cache_parameters()" => kw("lru_cache", &[builtin("len")], &[("typed", Obj::from(true))]).and_then(|c| c.call_method("cache_parameters", &[])) => "{'maxsize': 128, 'typed': True}";
        "cache(len).cache_parameters()" => call("cache", &[builtin("len")]).and_then(|c| c.call_method("cache_parameters", &[])) => "{'maxsize': None, 'typed': False}";
        "lru_cache('a')" => call("lru_cache", &[s("a")]) => "!! TypeError: Expected first argument to be an integer, a callable, or None";
        "lru_cache(maxsize=2.0)" => kw("lru_cache", &[], &[("maxsize", Obj::from(2.0))]) => "!! TypeError: Expected first argument to be an integer, a callable, or None";
        "lru_cache(len, typed=1)" => kw("lru_cache", &[builtin("len")], &[("typed", i(1))]) => "!! TypeError: Expected first argument to be an integer, a callable, or None";
        "lru_cache(1, 2, 3)" => call("lru_cache", &[i(1), i(2), i(3)]) => "!! TypeError: lru_cache() takes from 0 to 2 positional arguments but 3 were given";
        "lru_cache(x=1)" => kw("lru_cache", &[], &[("x", i(1))]) => "!! TypeError: lru_cache() got an unexpected keyword argument 'x'";
        "lru_cache(maxsize=3)(5)" => kw("lru_cache", &[], &[("maxsize", i(3))]).and_then(|d| d.call(&[i(5)])) => "!! TypeError: the first argument must be callable";
        "cache()" => call("cache", &[]) => "!! TypeError: cache() missing 1 required positional argument: 'user_function'";
        "lru_cache(len)([1])" => call("lru_cache", &[builtin("len")]).and_then(|c| c.call(&[ints([1])])) => "!! TypeError: unhashable type: 'list'";
        "type(lru_cache(len))" => call("lru_cache", &[builtin("len")]).map(|c| c.py_type().to_object()) => "<class 'functools._lru_cache_wrapper'>";
        "lru_cache(len).__wrapped__" => call("lru_cache", &[builtin("len")]).and_then(|c| c.getattr("__wrapped__")) => "<built-in function len>";
        "lru_cache(len).__name__" => call("lru_cache", &[builtin("len")]).and_then(|c| c.getattr("__name__")) => "'len'";
        "lru_cache(square).__qualname__" => call("lru_cache", &[square()]).and_then(|c| c.getattr("__qualname__")) => "'square'";
        "functools._CacheInfo" => Ok(ft("_CacheInfo")) => "<class 'functools.CacheInfo'>";
        "WRAPPER_ASSIGNMENTS" => Ok(ft("WRAPPER_ASSIGNMENTS")) => "('__module__', '__name__', '__qualname__', '__doc__', '__annotations__')";
        "WRAPPER_UPDATES" => Ok(ft("WRAPPER_UPDATES")) => "('__dict__',)";
    }
}

/// `[f(x) for x in args]`, then `f.cache_info()`.
fn info_after(f: &Obj, args: &[Obj]) -> String {
    for arg in args {
        f.call(std::slice::from_ref(arg)).unwrap();
    }
    f.call_method("cache_info", &[]).unwrap().repr().unwrap()
}

#[test]
fn lru_cache_hits_misses_and_evicts_the_least_recently_used() {
    CALLS.with(|calls| calls.set(0));
    // f = lru_cache(maxsize=2)(square) ;; for x in [1, 2, 1, 3, 2, 1]: f(x)
    let f = kw("lru_cache", &[], &[("maxsize", i(2))])
        .and_then(|d| d.call(&[square()]))
        .unwrap();
    assert_eq!(
        info_after(&f, &[i(1), i(2), i(1), i(3), i(2), i(1)]),
        "CacheInfo(hits=1, misses=5, maxsize=2, currsize=2)"
    );
    assert_eq!(CALLS.with(Cell::get), 5);
    // f(1) was used last, then f(2): both cached
    assert_eq!(
        info_after(&f, &[i(1), i(2)]),
        "CacheInfo(hits=3, misses=5, maxsize=2, currsize=2)"
    );
    f.call_method("cache_clear", &[]).unwrap();
    assert_eq!(
        info_after(&f, &[]),
        "CacheInfo(hits=0, misses=0, maxsize=2, currsize=0)"
    );
    // typed: f(1) and f(1.0) are two entries; untyped too (an int alone is its own key,
    // a float is in a tuple)
    let typed = kw("lru_cache", &[], &[("typed", Obj::from(true))])
        .and_then(|d| d.call(&[square()]))
        .unwrap();
    assert_eq!(
        info_after(&typed, &[i(1), Obj::from(1.0), i(1)]),
        "CacheInfo(hits=1, misses=2, maxsize=128, currsize=2)"
    );
    let untyped = call("lru_cache", &[square()]).unwrap();
    assert_eq!(
        info_after(&untyped, &[i(1), Obj::from(1.0), i(1)]),
        "CacheInfo(hits=1, misses=2, maxsize=128, currsize=2)"
    );
    // maxsize=0: nothing cached, every call a miss
    let uncached = kw("lru_cache", &[], &[("maxsize", i(0))])
        .and_then(|d| d.call(&[square()]))
        .unwrap();
    assert_eq!(
        info_after(&uncached, &[i(1), i(1)]),
        "CacheInfo(hits=0, misses=2, maxsize=0, currsize=0)"
    );
    // keywords are part of the key: add(1, 2), add(1, b=2), add(a=1, b=2)
    let cached_add = call("cache", &[add()]).unwrap();
    for args in [
        Args::new(&[i(1), i(2)], &[]),
        Args::new(&[i(1)], &[("b", i(2))]),
        Args::new(&[], &[("a", i(1)), ("b", i(2))]),
        Args::new(&[i(1)], &[("b", i(2))]),
    ] {
        assert_eq!(cached_add.call_with(&args).unwrap().repr().unwrap(), "3");
    }
    assert_eq!(
        info_after(&cached_add, &[]),
        "CacheInfo(hits=1, misses=3, maxsize=None, currsize=3)"
    );
}

#[test]
fn wraps_copies_the_names_and_sets_wrapped() {
    // def wrapper(*args): ... ;; w = wraps(square)(wrapper)
    static WRAPPER: Signature = Signature::new(&[]).with_varargs();
    let wrapper = Obj::new_function(
        "deco.<locals>.wrapper",
        &WRAPPER,
        |_, args| Ok(Obj::from(args.positional().len())),
        vec![],
        vec![],
    );
    let w = call("wraps", &[square()])
        .and_then(|d| d.call(&[wrapper]))
        .unwrap();
    assert_eq!(w.getattr("__name__").unwrap().repr().unwrap(), "'square'");
    assert_eq!(
        w.getattr("__qualname__").unwrap().repr().unwrap(),
        "'square'"
    );
    assert_eq!(w.getattr("__doc__").unwrap().repr().unwrap(), "None");
    assert!(
        w.getattr("__wrapped__")
            .unwrap()
            .repr()
            .unwrap()
            .starts_with("<function square at 0x")
    );
    assert!(w.repr().unwrap().starts_with("<function square at 0x"));
    assert_eq!(w.call(&[i(1), i(2)]).unwrap().repr().unwrap(), "2");
    assert_eq!(w.py_type().name(), "function");
    // update_wrapper onto an object with a __dict__ (a partial)
    let p = call("partial", &[builtin("print")]).unwrap();
    let updated = call("update_wrapper", &[p.clone(), square()]).unwrap();
    assert!(updated.is(&p));
    assert_eq!(p.getattr("__name__").unwrap().repr().unwrap(), "'square'");
    assert_eq!(
        p.getattr("__module__").unwrap().repr().unwrap(),
        "'__main__'"
    );
    assert!(
        p.getattr("__wrapped__")
            .unwrap()
            .repr()
            .unwrap()
            .starts_with("<function square")
    );
    table! {
        "wraps()" => call("wraps", &[]) => "!! TypeError: wraps() missing 1 required positional argument: 'wrapped'";
        "update_wrapper()" => call("update_wrapper", &[]) => "!! TypeError: update_wrapper() missing 2 required positional arguments: 'wrapper' and 'wrapped'";
        "update_wrapper(partial(print), len, assigned=(1,))" => kw("update_wrapper", &[call("partial", &[builtin("print")]).unwrap(), builtin("len")], &[("assigned", tuple([i(1)]))]) => "!! TypeError: attribute name must be string, not 'int'";
        "update_wrapper(1, square)" => call("update_wrapper", &[i(1), square()]) => "!! AttributeError: 'int' object has no attribute '__module__'";
    }
}

#[test]
fn cmp_to_key_sorts_as_cpython() {
    table! {
        "sorted([3, 1, 2], key=cmp_to_key(sub))" => sorted(ints([3, 1, 2]), call("cmp_to_key", &[sub()]).unwrap()) => "[1, 2, 3]";
        "sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a))" => sorted(ints([3, 1, 2]), call("cmp_to_key", &[sub()]).unwrap()).and_then(|l| { l.call_method("reverse", &[])?; Ok(l) }) => "[3, 2, 1]";
        "K = cmp_to_key(sub) ;; K(1) < K(2)" => call("cmp_to_key", &[sub()]).and_then(|k| k.call(&[i(1)])?.rich_compare(&k.call(&[i(2)])?, pyobj_runtime::CompareOp::Lt)) => "True";
        "K = cmp_to_key(sub) ;; K(2) == K(2)" => call("cmp_to_key", &[sub()]).and_then(|k| k.call(&[i(2)])?.rich_compare(&k.call(&[i(2)])?, pyobj_runtime::CompareOp::Eq)) => "True";
        "cmp_to_key(sub)(obj=5).obj" => call("cmp_to_key", &[sub()]).and_then(|k| k.call_with(&Args::new(&[], &[("obj", i(5))]))?.getattr("obj")) => "5";
        "cmp_to_key(None)(1) < 2" => call("cmp_to_key", &[none()]).and_then(|k| k.call(&[i(1)])?.rich_compare(&i(2), pyobj_runtime::CompareOp::Lt)) => "!! TypeError: other argument must be K instance";
        "cmp_to_key()" => call("cmp_to_key", &[]) => "!! TypeError: cmp_to_key() missing required argument 'mycmp' (pos 1)";
        "cmp_to_key(None)()" => call("cmp_to_key", &[none()]).and_then(|k| k.call(&[])) => "!! TypeError: K() missing required argument 'obj' (pos 1)";
        "cmp_to_key(None)(1, 2)" => call("cmp_to_key", &[none()]).and_then(|k| k.call(&[i(1), i(2)])) => "!! TypeError: K() takes at most 1 argument (2 given)";
        "hash(cmp_to_key(None)(1))" => call("cmp_to_key", &[none()]).and_then(|k| k.call(&[i(1)])?.hash().map(Obj::from)) => "!! TypeError: unhashable type: 'functools.KeyWrapper'";
    }
}

/// `class V: def __init__(self, v): self.v = v ;; def __lt__(self, o): return self.v < o.v
/// ;; def __eq__(self, o): return self.v == o.v`, decorated with `total_ordering`.
fn ordered_class() -> Obj {
    static SELF_OTHER: Signature = Signature::new(&["self", "o"]);
    static INIT: Signature = Signature::new(&["self", "v"]);
    let init = Obj::new_function(
        "V.__init__",
        &INIT,
        |f, args| {
            let [this, v] = PyFunction::of(f)?.bind_array(args)?;
            this.setattr("v", &v)?;
            Ok(Obj::none())
        },
        vec![],
        vec![],
    );
    let lt = Obj::new_function(
        "V.__lt__",
        &SELF_OTHER,
        |f, args| {
            let [this, other] = PyFunction::of(f)?.bind_array(args)?;
            Ok(Obj::from(this.getattr("v")?.lt(&other.getattr("v")?)?))
        },
        vec![],
        vec![],
    );
    let eq = Obj::new_function(
        "V.__eq__",
        &SELF_OTHER,
        |f, args| {
            let [this, other] = PyFunction::of(f)?.bind_array(args)?;
            Ok(Obj::from(this.getattr("v")?.eq(&other.getattr("v")?)?))
        },
        vec![],
        vec![],
    );
    let class = Obj::new_class(
        "V",
        None,
        vec![("__init__", init), ("__lt__", lt), ("__eq__", eq)],
    )
    .unwrap();
    call("total_ordering", &[class]).unwrap()
}

#[test]
fn total_ordering_fills_in_the_missing_comparisons() {
    use pyobj_runtime::CompareOp::{Ge, Gt, Le, Lt};
    let v = ordered_class();
    let (one, two) = (v.call(&[i(1)]).unwrap(), v.call(&[i(2)]).unwrap());
    let cmp = |a: &Obj, b: &Obj, op| a.rich_compare(b, op).unwrap().repr().unwrap();
    // [V(1) < V(2), V(1) <= V(2), V(1) > V(2), V(1) >= V(2), V(2) >= V(2), V(2) <= V(1)]
    let results = [
        cmp(&one, &two, Lt),
        cmp(&one, &two, Le),
        cmp(&one, &two, Gt),
        cmp(&one, &two, Ge),
        cmp(&two, &two, Ge),
        cmp(&two, &one, Le),
    ];
    assert_eq!(results, ["True", "True", "False", "False", "True", "False"]);
    // sorted([V(3), V(1), V(2)], reverse=True) uses __lt__ only; max uses __gt__
    let items = list([v.call(&[i(3)]).unwrap(), one.clone(), two.clone()]);
    let biggest = builtin("max").call(&[items]).unwrap();
    assert_eq!(biggest.getattr("v").unwrap().repr().unwrap(), "3");
    let empty = Obj::new_class("E", None, vec![]).unwrap();
    assert_eq!(
        call("total_ordering", &[empty]).unwrap_err().to_string(),
        "ValueError: must define at least one ordering operation: < > <= >="
    );
}

#[test]
fn a_cache_holding_its_own_wrapper_is_collected() {
    // w = lru_cache(maxsize=None)(identity) ;; w((w,)): the key and the result hold w
    static ONE: Signature = Signature::new(&["x"]);
    let identity = Obj::new_function(
        "identity",
        &ONE,
        |f, args| {
            let [x] = PyFunction::of(f)?.bind_array(args)?;
            Ok(x)
        },
        vec![],
        vec![],
    );
    gc::collect();
    let w = call("cache", &[identity]).unwrap();
    w.call(&[tuple([w.clone()])]).unwrap();
    let weak = w.weakref(None).unwrap();
    let referents = gc::get_referents(&w).len();
    assert!(
        referents >= 3,
        "the function, the cache and the __dict__: {referents}"
    );
    assert_eq!(gc::collect(), 0, "w is referenced");
    drop(w);
    assert!(!weak.call(&[]).unwrap().is_none(), "a cycle keeps w alive");
    assert!(gc::collect() > 0);
    assert!(
        weak.call(&[]).unwrap().is_none(),
        "the collector freed the cache"
    );

    // p = partial(print) ;; p.me = p
    let p = call("partial", &[builtin("print")]).unwrap();
    p.setattr("me", &p).unwrap();
    drop(p);
    assert_eq!(gc::collect(), 2, "the partial and its __dict__");
}
