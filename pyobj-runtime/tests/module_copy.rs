//! `import copy` against CPython 3.11: what `copy.copy` and `copy.deepcopy` return for
//! atoms, containers, instances, exceptions, bound methods, arrays and `StringIO`s;
//! identity kept by the memo (shared objects, cycles), the memo's exact contents (the
//! copies under `id(x)`, the originals kept alive under `id(memo)`); `__copy__`,
//! `__deepcopy__`, `__reduce_ex__`, `__reduce__`, `__getstate__`, `__setstate__`;
//! and CPython's error texts.
//!
//! Every expected value is what CPython 3.11.7 gives for the same program (written
//! above each test), pinned here.

use std::cell::RefCell;

use pyobj_runtime::exceptions::{EXCEPTION, PyErr, VALUE_ERROR};
use pyobj_runtime::{Args, FunctionCode, Obj, PyFunction, PyResult, Signature, builtins, modules};

thread_local! {
    /// What the classes' methods record (`calls.append(...)`).
    static CALLS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn record(what: impl Into<String>) {
    CALLS.with(|calls| calls.borrow_mut().push(what.into()));
}

/// The recorded calls, cleared.
fn take_calls() -> Vec<String> {
    CALLS.with(|calls| std::mem::take(&mut *calls.borrow_mut()))
}

fn copy_module() -> Obj {
    modules::import("copy").unwrap()
}

/// `copy.copy(x)`.
fn copy(x: &Obj) -> PyResult<Obj> {
    copy_module().getattr("copy")?.call(std::slice::from_ref(x))
}

/// `copy.deepcopy(x)`.
fn deepcopy(x: &Obj) -> PyResult<Obj> {
    copy_module()
        .getattr("deepcopy")?
        .call(std::slice::from_ref(x))
}

/// `copy.deepcopy(x, memo)`.
fn deepcopy_memo(x: &Obj, memo: &Obj) -> PyResult<Obj> {
    copy_module()
        .getattr("deepcopy")?
        .call(&[x.clone(), memo.clone()])
}

fn s(text: &str) -> Obj {
    Obj::from(text)
}

fn i(value: i64) -> Obj {
    Obj::from(value)
}

/// `id(x)`.
fn id(x: &Obj) -> Obj {
    Obj::from(x.id())
}

/// `x[k]`.
fn item(x: &Obj, k: i64) -> Obj {
    x.get_item(&i(k)).unwrap()
}

/// The repr of a result, or its error as Python prints its last line.
fn show(result: PyResult<Obj>) -> String {
    match result {
        Ok(value) => value.repr().unwrap(),
        Err(error) => error.to_string(),
    }
}

/// The type names of the items of a list (`[type(v).__name__ for v in xs]`).
fn type_names(list: &Obj) -> Vec<&'static str> {
    list.to_vec()
        .unwrap()
        .iter()
        .map(|item| item.type_name())
        .collect()
}

/// A function object.
fn function(qualname: &'static str, signature: &'static Signature, code: FunctionCode) -> Obj {
    Obj::new_function(qualname, signature, code, vec![], vec![])
}

/// A class with `namespace`.
fn class(name: &str, namespace: Vec<(&str, Obj)>) -> Obj {
    Obj::new_class(name, None, namespace).unwrap()
}

static SELF: Signature = Signature::new(&["self"]);
static SELF_ONE: Signature = Signature::new(&["self", "a"]);

/// ```python
/// class Point:
///     def __init__(self, x, y): calls.append('init'); self.x = x; self.y = y
///     def norm(self): return 0
/// ```
fn point_class() -> Obj {
    static INIT: Signature = Signature::new(&["self", "x", "y"]);
    fn init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [this, x, y] = PyFunction::of(f)?.bind_array(args)?;
        record("init");
        this.setattr("x", &x)?;
        this.setattr("y", &y)?;
        Ok(Obj::none())
    }
    fn norm(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_] = PyFunction::of(f)?.bind_array(args)?;
        Ok(Obj::from(0))
    }
    class(
        "Point",
        vec![
            ("__init__", function("Point.__init__", &INIT, init)),
            ("norm", function("Point.norm", &SELF, norm)),
        ],
    )
}

/// `Point([1], 2)`, with the call to `__init__` forgotten.
fn point() -> Obj {
    let p = point_class().call(&[Obj::list([i(1)]), i(2)]).unwrap();
    take_calls();
    p
}

/// `[x is y for x, y in zip(xs, ys)]` over the items of two lists.
fn same_items(xs: &Obj, ys: &[Obj]) -> bool {
    let xs = xs.to_vec().unwrap();
    xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.is(y))
}

#[test]
fn atoms_are_their_own_copies() {
    let p = point();
    let atoms = [
        Obj::none(),
        Obj::not_implemented(),
        i(1),
        i(2).pow(&i(100)).unwrap(),
        Obj::from(1.5),
        Obj::from(true),
        s("abc"),
        Obj::bytes(b"x"),
        Obj::range(0, 3, 1).unwrap(),
        builtins::get("len").unwrap(),
        Obj::list([]).getattr("append").unwrap(),
        point_class().getattr("norm").unwrap(),
        builtins::get("int").unwrap(),
        point_class(),
        p.weakref(None).unwrap(),
    ];
    for atom in &atoms {
        assert!(
            copy(atom).unwrap().is(atom),
            "copy({})",
            atom.repr().unwrap()
        );
        let memo = Obj::dict();
        assert!(
            deepcopy_memo(atom, &memo).unwrap().is(atom),
            "deepcopy({})",
            atom.repr().unwrap()
        );
        // An object that is its own copy is not memoized.
        assert_eq!(memo.len().unwrap(), 0);
    }
    // Tuples and slices are immutable for `copy`, not for `deepcopy` (below).
    for immutable in [
        Obj::tuple([i(1), Obj::list([])]),
        Obj::slice(Some(i(1)), Some(Obj::list([])), None),
    ] {
        assert!(copy(&immutable).unwrap().is(&immutable));
        assert!(!deepcopy(&immutable).unwrap().is(&immutable));
    }
}

#[test]
fn shallow_copies_of_containers() {
    let inner = Obj::list([i(1)]);
    let list = Obj::list([inner.clone(), i(2)]);
    let dict = Obj::dict_from([(s("k"), inner.clone())]).unwrap();
    let set = Obj::set([i(1), s("a")]).unwrap();
    for container in [&list, &dict, &set] {
        let copied = copy(container).unwrap();
        assert!(!copied.is(container));
        assert!(copied.eq(container).unwrap());
        assert_eq!(copied.type_name(), container.type_name());
    }
    assert!(item(&copy(&list).unwrap(), 0).is(&inner));
    assert!(copy(&dict).unwrap().get_item(&s("k")).unwrap().is(&inner));
    // ... and deep copies: new items.
    let deep = deepcopy(&list).unwrap();
    assert_eq!(deep.repr().unwrap(), "[[1], 2]");
    assert!(!item(&deep, 0).is(&inner));
}

/// ```python
/// a = [1]; x = [a, a, (a,), {'k': a}]; m = {}; y = copy.deepcopy(x, m)
/// len(m) == 5; y[0] is y[1]; y[2][0] is y[0]; y[3]['k'] is y[0]
/// m[id(x)] is y; m[id(a)] is y[0]; m[id(m)] == [a, x[2], x[3], x]
/// ```
#[test]
fn deepcopy_keeps_shared_objects_shared_and_fills_the_memo() {
    let a = Obj::list([i(1)]);
    let x = Obj::list([
        a.clone(),
        a.clone(),
        Obj::tuple([a.clone()]),
        Obj::dict_from([(s("k"), a.clone())]).unwrap(),
    ]);
    let memo = Obj::dict();
    let y = deepcopy_memo(&x, &memo).unwrap();
    assert_eq!(y.repr().unwrap(), "[[1], [1], ([1],), {'k': [1]}]");
    let y0 = item(&y, 0);
    assert!(!y0.is(&a));
    assert!(y0.is(&item(&y, 1)));
    assert!(item(&item(&y, 2), 0).is(&y0));
    assert!(item(&y, 3).get_item(&s("k")).unwrap().is(&y0));
    assert_eq!(memo.len().unwrap(), 5);
    assert!(memo.get_item(&id(&x)).unwrap().is(&y));
    assert!(memo.get_item(&id(&a)).unwrap().is(&y0));
    assert!(memo.get_item(&id(&item(&x, 2))).unwrap().is(&item(&y, 2)));
    let kept = memo.get_item(&id(&memo)).unwrap();
    assert!(same_items(&kept, &[a, item(&x, 2), item(&x, 3), x]));
}

#[test]
fn deepcopy_rebuilds_cycles() {
    // a = []; a.append(a); b = copy.deepcopy(a)
    let a = Obj::list([]);
    a.call_method("append", std::slice::from_ref(&a)).unwrap();
    let b = deepcopy(&a).unwrap();
    assert!(!b.is(&a));
    assert!(item(&b, 0).is(&b));
    assert_eq!(b.repr().unwrap(), "[[...]]");
    // d = {}; d['self'] = d
    let d = Obj::dict();
    d.set_item(&s("self"), &d).unwrap();
    let e = deepcopy(&d).unwrap();
    assert!(!e.is(&d));
    assert!(e.get_item(&s("self")).unwrap().is(&e));
    // t = ([],); t[0].append(t): the tuple found in the memo when its items are done.
    let inner = Obj::list([]);
    let t = Obj::tuple([inner.clone()]);
    inner
        .call_method("append", std::slice::from_ref(&t))
        .unwrap();
    let u = deepcopy(&t).unwrap();
    assert!(!u.is(&t));
    assert!(item(&item(&u, 0), 0).is(&u));
    // p.me = p
    let p = point();
    p.setattr("me", &p).unwrap();
    let r = deepcopy(&p).unwrap();
    assert!(!r.is(&p));
    assert!(r.getattr("me").unwrap().is(&r));
    // Break the cycles.
    a.call_method("clear", &[]).unwrap();
    b.call_method("clear", &[]).unwrap();
    d.call_method("clear", &[]).unwrap();
    e.call_method("clear", &[]).unwrap();
    inner.call_method("clear", &[]).unwrap();
    item(&u, 0).call_method("clear", &[]).unwrap();
    p.delattr("me").unwrap();
    r.delattr("me").unwrap();
}

/// ```python
/// m = {}; copy.deepcopy({1, (2, 3)}, m)   # len(m) == 3, m[id(m)]: ['list', 'set']
/// t = (1, 'a', None); m = {}; copy.deepcopy(t, m) is t; m == {}
/// t = (1, [2]); m = {}; copy.deepcopy(t, m)  # len(m) == 3, ['list', 'tuple']
/// class D: pass; m = {}; copy.deepcopy(D(), m)  # len(m) == 2, ['D']
/// d = {'a': [1], 'b': (2,)}; m = {}; copy.deepcopy(d, m)  # len(m) == 3
/// a = [1]; copy.deepcopy([a, a], {id(a): 'X'}) == ['X', 'X']
/// ```
#[test]
fn memo_contents() {
    let set = Obj::set([i(1), Obj::tuple([i(2), i(3)])]).unwrap();
    let memo = Obj::dict();
    let copied = deepcopy_memo(&set, &memo).unwrap();
    assert!(!copied.is(&set));
    assert!(copied.eq(&set).unwrap());
    assert_eq!(memo.len().unwrap(), 3);
    let kept = memo.get_item(&id(&memo)).unwrap();
    assert_eq!(type_names(&kept), ["list", "set"]);
    assert!(item(&kept, 1).is(&set));
    assert!(memo.get_item(&id(&set)).unwrap().is(&copied));

    let atoms = Obj::tuple([i(1), s("a"), Obj::none()]);
    let memo = Obj::dict();
    assert!(deepcopy_memo(&atoms, &memo).unwrap().is(&atoms));
    assert_eq!(memo.repr().unwrap(), "{}");

    let t = Obj::tuple([i(1), Obj::list([i(2)])]);
    let memo = Obj::dict();
    let u = deepcopy_memo(&t, &memo).unwrap();
    assert!(!u.is(&t));
    assert_eq!(u.repr().unwrap(), "(1, [2])");
    assert_eq!(memo.len().unwrap(), 3);
    assert_eq!(
        type_names(&memo.get_item(&id(&memo)).unwrap()),
        ["list", "tuple"]
    );

    let empty = class("D", vec![]).call(&[]).unwrap();
    let memo = Obj::dict();
    deepcopy_memo(&empty, &memo).unwrap();
    assert_eq!(memo.len().unwrap(), 2);
    assert_eq!(type_names(&memo.get_item(&id(&memo)).unwrap()), ["D"]);

    let d = Obj::dict_from([(s("a"), Obj::list([i(1)])), (s("b"), Obj::tuple([i(2)]))]).unwrap();
    let memo = Obj::dict();
    let dd = deepcopy_memo(&d, &memo).unwrap();
    assert_eq!(dd.repr().unwrap(), "{'a': [1], 'b': (2,)}");
    assert!(
        !dd.get_item(&s("a"))
            .unwrap()
            .is(&d.get_item(&s("a")).unwrap())
    );
    assert!(
        dd.get_item(&s("b"))
            .unwrap()
            .is(&d.get_item(&s("b")).unwrap())
    );
    assert_eq!(memo.len().unwrap(), 3);

    // A memo given by the caller is used as it is.
    let a = Obj::list([i(1)]);
    let memo = Obj::dict_from([(id(&a), s("X"))]).unwrap();
    let x = Obj::list([a.clone(), a]);
    assert_eq!(show(deepcopy_memo(&x, &memo)), "['X', 'X']");
}

/// ```python
/// p = Point([1], 2); q = copy.copy(p)   # no __init__; q.x is p.x
/// m = {}; r = copy.deepcopy(p, m)       # r.x is not p.x; len(m) == 4;
///                                       # m[id(m)]: ['list', 'dict', 'Point']
/// ```
#[test]
fn instances_are_copied_without_init() {
    let p = point();
    let q = copy(&p).unwrap();
    assert!(!q.is(&p));
    assert!(q.py_type().to_object().is(&p.py_type().to_object()));
    assert!(q.getattr("x").unwrap().is(&p.getattr("x").unwrap()));
    assert_eq!(show(q.getattr("y")), "2");
    assert_eq!(take_calls(), Vec::<String>::new());

    let memo = Obj::dict();
    let r = deepcopy_memo(&p, &memo).unwrap();
    assert!(!r.getattr("x").unwrap().is(&p.getattr("x").unwrap()));
    assert_eq!(show(r.getattr("x")), "[1]");
    assert_eq!(show(r.getattr("y")), "2");
    assert_eq!(memo.len().unwrap(), 4);
    let kept = memo.get_item(&id(&memo)).unwrap();
    assert_eq!(type_names(&kept), ["list", "dict", "Point"]);
    assert!(item(&kept, 2).is(&p));
    assert!(memo.get_item(&id(&p)).unwrap().is(&r));
    assert_eq!(take_calls(), Vec::<String>::new());
}

/// ```python
/// class C:
///     def __copy__(self): return 'copied'
///     def __deepcopy__(self, memo): return ('deep', len(memo))
/// m = {1: 2}; copy.copy(C()) == 'copied'; copy.deepcopy(C(), m) == ('deep', 1); len(m) == 3
/// ```
#[test]
fn copy_and_deepcopy_methods_are_honoured() {
    fn copy_method(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_] = PyFunction::of(f)?.bind_array(args)?;
        Ok(Obj::from("copied"))
    }
    fn deepcopy_method(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_, memo] = PyFunction::of(f)?.bind_array(args)?;
        record(format!("memo {}", memo.id()));
        Ok(Obj::tuple([s("deep"), Obj::from(memo.len()?)]))
    }
    static DEEP: Signature = Signature::new(&["self", "memo"]);
    let c_class = class(
        "C",
        vec![
            ("__copy__", function("C.__copy__", &SELF, copy_method)),
            (
                "__deepcopy__",
                function("C.__deepcopy__", &DEEP, deepcopy_method),
            ),
        ],
    );
    let c = c_class.call(&[]).unwrap();
    assert_eq!(show(copy(&c)), "'copied'");
    let memo = Obj::dict_from([(i(1), i(2))]).unwrap();
    assert_eq!(show(deepcopy_memo(&c, &memo)), "('deep', 1)");
    // The method got the caller's memo, which then records the copy and keeps `c`.
    assert_eq!(take_calls(), [format!("memo {}", memo.id())]);
    assert_eq!(memo.len().unwrap(), 3);
    assert_eq!(show(memo.get_item(&id(&c))), "('deep', 1)");
    assert!(item(&memo.get_item(&id(&memo)).unwrap(), 0).is(&c));
}

/// ```python
/// class R:
///     def __reduce_ex__(self, proto): calls.append(proto); return (list, ([1, 2],))
/// copy.copy(R()) == [1, 2]; copy.deepcopy(R()) == [1, 2]; calls == [4, 4]
/// class RS:
///     def __reduce__(self): return 'RS'      # copies are the object itself
/// ```
#[test]
fn reduce_ex_and_reduce() {
    fn reduce_ex(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_, proto] = PyFunction::of(f)?.bind_array(args)?;
        record(proto.repr()?);
        Ok(Obj::tuple([
            builtins::get("list").unwrap(),
            Obj::tuple([Obj::list([i(1), i(2)])]),
        ]))
    }
    let r = class(
        "R",
        vec![(
            "__reduce_ex__",
            function("R.__reduce_ex__", &SELF_ONE, reduce_ex),
        )],
    )
    .call(&[])
    .unwrap();
    assert_eq!(show(copy(&r)), "[1, 2]");
    assert_eq!(show(deepcopy(&r)), "[1, 2]");
    assert_eq!(take_calls(), ["4", "4"]);

    fn reduce_str(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_] = PyFunction::of(f)?.bind_array(args)?;
        Ok(Obj::from("RS"))
    }
    let rs = class(
        "RS",
        vec![("__reduce__", function("RS.__reduce__", &SELF, reduce_str))],
    )
    .call(&[])
    .unwrap();
    assert!(copy(&rs).unwrap().is(&rs));
    assert!(deepcopy(&rs).unwrap().is(&rs));
}

/// The pyperformance `deepcopy_reduce` shape:
/// ```python
/// class B:
///     def __init__(self): self.a = 1; self.b = [2]
///     def __reduce__(self): return (B2, (), {'a': self.a, 'b': self.b})
/// class B2:
///     def __setstate__(self, state): calls.append(sorted(state)); self.got = state
/// y = copy.deepcopy(B())   # type(y) is B2; y.got == {'a': 1, 'b': [2]}, a new [2]
/// ```
#[test]
fn reduce_with_a_state_and_setstate() {
    fn setstate(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [this, state] = PyFunction::of(f)?.bind_array(args)?;
        record(format!("setstate {}", state.repr()?));
        this.setattr("got", &state)?;
        Ok(Obj::none())
    }
    let b2 = class(
        "B2",
        vec![(
            "__setstate__",
            function("B2.__setstate__", &SELF_ONE, setstate),
        )],
    );
    fn reduce(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [this] = PyFunction::of(f)?.bind_array(args)?;
        let b2 = this.getattr("factory")?;
        let state = Obj::dict_from([(s("a"), this.getattr("a")?), (s("b"), this.getattr("b")?)])?;
        Ok(Obj::tuple([b2, Obj::tuple([]), state]))
    }
    let b = class(
        "B",
        vec![("__reduce__", function("B.__reduce__", &SELF, reduce))],
    )
    .call(&[])
    .unwrap();
    b.setattr("a", &i(1)).unwrap();
    let two = Obj::list([i(2)]);
    b.setattr("b", &two).unwrap();
    b.setattr("factory", &b2).unwrap();
    let y = deepcopy(&b).unwrap();
    assert_eq!(y.type_name(), "B2");
    assert_eq!(show(y.getattr("got")), "{'a': 1, 'b': [2]}");
    assert!(
        !y.getattr("got")
            .unwrap()
            .get_item(&s("b"))
            .unwrap()
            .is(&two)
    );
    assert_eq!(take_calls(), ["setstate {'a': 1, 'b': [2]}"]);
    // A shallow copy passes the same state.
    let z = copy(&b).unwrap();
    assert!(
        z.getattr("got")
            .unwrap()
            .get_item(&s("b"))
            .unwrap()
            .is(&two)
    );
    take_calls();
}

/// ```python
/// class L:
///     def __reduce_ex__(self, p): return (list, (), None, iter([[1], [2]]))
/// class Dd:
///     def __reduce_ex__(self, p): return (dict, (), None, None, iter([(1, [2])]))
/// class W:
///     def __reduce_ex__(self, p): return 5
/// class W2:
///     def __reduce_ex__(self, p): return (list, 5)
/// ```
#[test]
fn reduce_items_and_malformed_reductions() {
    thread_local! {
        static RESULT: RefCell<Option<Obj>> = const { RefCell::new(None) };
    }
    fn reduce_ex(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_, _] = PyFunction::of(f)?.bind_array(args)?;
        let result = RESULT.with(|result| result.borrow().clone()).unwrap();
        // A fresh iterator each time, as a new call of the method would make.
        match result.downcast_ref::<pyobj_runtime::PyTuple>() {
            Some(tuple) => Ok(Obj::tuple(tuple.as_slice().iter().map(|part| {
                if part.is_exact::<pyobj_runtime::PyList>() {
                    part.iter().unwrap()
                } else {
                    part.clone()
                }
            }))),
            None => Ok(result),
        }
    }
    let reducing = |result: Obj| {
        RESULT.with(|slot| *slot.borrow_mut() = Some(result));
        class(
            "W",
            vec![(
                "__reduce_ex__",
                function("W.__reduce_ex__", &SELF_ONE, reduce_ex),
            )],
        )
        .call(&[])
        .unwrap()
    };
    let list = builtins::get("list").unwrap();
    let dict = builtins::get("dict").unwrap();
    let nested = Obj::list([Obj::list([i(1)]), Obj::list([i(2)])]);
    let l = reducing(Obj::tuple([
        list.clone(),
        Obj::tuple([]),
        Obj::none(),
        nested.clone(),
    ]));
    let y = deepcopy(&l).unwrap();
    assert_eq!(y.repr().unwrap(), "[[1], [2]]");
    assert!(!item(&y, 0).is(&item(&nested, 0)));
    let shallow = copy(&l).unwrap();
    assert!(item(&shallow, 0).is(&item(&nested, 0)));

    let pairs = Obj::list([Obj::tuple([i(1), Obj::list([i(2)])])]);
    let dd = reducing(Obj::tuple([
        dict,
        Obj::tuple([]),
        Obj::none(),
        Obj::none(),
        pairs,
    ]));
    assert_eq!(show(copy(&dd)), "{1: [2]}");
    assert_eq!(show(deepcopy(&dd)), "{1: [2]}");

    let cases = [
        (
            i(5),
            "TypeError: Value after * must be an iterable, not int",
            "TypeError: Value after * must be an iterable, not int",
        ),
        (
            Obj::tuple([list.clone(), i(5)]),
            "TypeError: list() argument after * must be an iterable, not int",
            "TypeError: 'int' object is not iterable",
        ),
        (
            Obj::tuple([]),
            "TypeError: _reconstruct() missing 2 required positional arguments: 'func' and 'args'",
            "TypeError: _reconstruct() missing 2 required positional arguments: 'func' and 'args'",
        ),
        (
            Obj::tuple([list.clone()]),
            "TypeError: _reconstruct() missing 1 required positional argument: 'args'",
            "TypeError: _reconstruct() missing 1 required positional argument: 'args'",
        ),
        (
            Obj::tuple([
                list,
                Obj::tuple([]),
                Obj::none(),
                Obj::none(),
                Obj::none(),
                Obj::none(),
            ]),
            "TypeError: _reconstruct() takes from 4 to 7 positional arguments but 8 were given",
            "TypeError: _reconstruct() takes from 4 to 7 positional arguments but 8 were given",
        ),
    ];
    for (result, shallow_error, deep_error) in cases {
        let label = result.repr().unwrap();
        let w = reducing(result);
        assert_eq!(show(copy(&w)), shallow_error, "copy, reducing to {label}");
        assert_eq!(
            show(deepcopy(&w)),
            deep_error,
            "deepcopy, reducing to {label}"
        );
    }
}

/// ```python
/// class S:
///     def __init__(self): self.a = [1]
///     def __getstate__(self): return {'a': self.a, 'extra': 1}
///     def __setstate__(self, state): self.state = state
/// class T:
///     def __getstate__(self): return (None, {'s': 5})      # copy: __dict__ {'s': 5}
/// class T2:
///     def __getstate__(self): return ({'d': 1}, {'s': 5})  # {'d': 1, 's': 5}
/// ```
#[test]
fn getstate_and_setstate() {
    fn getstate(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [this] = PyFunction::of(f)?.bind_array(args)?;
        Obj::dict_from([(s("a"), this.getattr("a")?), (s("extra"), i(1))])
    }
    fn setstate(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [this, state] = PyFunction::of(f)?.bind_array(args)?;
        this.setattr("state", &state)?;
        Ok(Obj::none())
    }
    let st = class(
        "S",
        vec![
            ("__getstate__", function("S.__getstate__", &SELF, getstate)),
            (
                "__setstate__",
                function("S.__setstate__", &SELF_ONE, setstate),
            ),
        ],
    )
    .call(&[])
    .unwrap();
    let a = Obj::list([i(1)]);
    st.setattr("a", &a).unwrap();
    let y = copy(&st).unwrap();
    assert_eq!(show(y.getattr("state")), "{'a': [1], 'extra': 1}");
    assert!(
        y.getattr("state")
            .unwrap()
            .get_item(&s("a"))
            .unwrap()
            .is(&a)
    );
    assert!(!y.hasattr("a").unwrap());
    let z = deepcopy(&st).unwrap();
    assert_eq!(show(z.getattr("state")), "{'a': [1], 'extra': 1}");
    assert!(
        !z.getattr("state")
            .unwrap()
            .get_item(&s("a"))
            .unwrap()
            .is(&a)
    );

    fn slot_state(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_] = PyFunction::of(f)?.bind_array(args)?;
        Ok(Obj::tuple([Obj::none(), Obj::dict_from([(s("s"), i(5))])?]))
    }
    fn both_states(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_] = PyFunction::of(f)?.bind_array(args)?;
        Ok(Obj::tuple([
            Obj::dict_from([(s("d"), i(1))])?,
            Obj::dict_from([(s("s"), i(5))])?,
        ]))
    }
    let t = class(
        "T",
        vec![(
            "__getstate__",
            function("T.__getstate__", &SELF, slot_state),
        )],
    )
    .call(&[])
    .unwrap();
    let y = copy(&t).unwrap();
    assert_eq!(show(y.getattr("s")), "5");
    let t2 = class(
        "T2",
        vec![(
            "__getstate__",
            function("T2.__getstate__", &SELF, both_states),
        )],
    )
    .call(&[])
    .unwrap();
    let y = copy(&t2).unwrap();
    assert_eq!(
        (show(y.getattr("d")), show(y.getattr("s"))),
        ("1".into(), "5".into())
    );
}

/// ```python
/// e = ValueError('x'); copy.copy(e)                 # ValueError('x'), a new object
/// e = ValueError('x', [1]); copy.deepcopy(e)        # ValueError('x', [1]), a new list
/// class MyErr(Exception):
///     def __init__(self, *args): calls.append('init'); ...
/// me = MyErr('a'); me.extra = [1]; c = copy.deepcopy(me)   # __init__ runs again
/// ```
#[test]
fn exceptions() {
    let e = PyErr::new(&VALUE_ERROR, "x").into_value();
    let e2 = copy(&e).unwrap();
    assert!(!e2.is(&e));
    assert_eq!(e2.repr().unwrap(), "ValueError('x')");
    let listed = Obj::list([i(1)]);
    let e = PyErr::with_args(&VALUE_ERROR, vec![s("x"), listed.clone()]).into_value();
    let e3 = deepcopy(&e).unwrap();
    assert_eq!(e3.repr().unwrap(), "ValueError('x', [1])");
    assert!(!item(&e3.getattr("args").unwrap(), 1).is(&listed));

    static INIT: Signature = Signature::new(&["self"]).with_varargs();
    fn init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let _ = PyFunction::of(f)?.bind(args)?;
        record("myerr-init");
        Ok(Obj::none())
    }
    let my_err = Obj::new_class(
        "MyErr",
        Some(&EXCEPTION.to_object()),
        vec![("__init__", function("MyErr.__init__", &INIT, init))],
    )
    .unwrap();
    let me = my_err.call(&[s("a")]).unwrap();
    let extra = Obj::list([i(1)]);
    me.setattr("extra", &extra).unwrap();
    assert_eq!(take_calls(), ["myerr-init"]);
    let c = deepcopy(&me).unwrap();
    assert_eq!(c.repr().unwrap(), "MyErr('a')");
    assert_eq!(c.type_name(), "MyErr");
    assert_eq!(show(c.getattr("extra")), "[1]");
    assert!(!c.getattr("extra").unwrap().is(&extra));
    assert_eq!(take_calls(), ["myerr-init"]);
}

/// ```python
/// pm = p.norm; copy.copy(pm).__self__ is p; copy.deepcopy(pm).__self__ is not p
/// ```
#[test]
fn bound_methods() {
    let p = point();
    let method = p.getattr("norm").unwrap();
    let shallow = copy(&method).unwrap();
    assert!(shallow.getattr("__self__").unwrap().is(&p));
    assert!(shallow.eq(&method).unwrap());
    let deep = deepcopy(&method).unwrap();
    let deep_self = deep.getattr("__self__").unwrap();
    assert!(!deep_self.is(&p));
    assert_eq!(deep_self.type_name(), "Point");
    assert_eq!(show(deep.call(&[])), "0");
}

/// ```python
/// s = slice(1, [2]); s2 = copy.deepcopy(s)   # slice(1, [2], None); s2.stop is not s.stop
/// arr = array.array('i', [1]); m = {}; copy.deepcopy(arr, m)   # len(m) == 2
/// sio = io.StringIO('ab\ncd'); sio.readline(); copy.copy(sio)   # 'ab\ncd', at 3
/// m = {}; copy.deepcopy(sio, m).read() == 'cd'; len(m) == 2
/// ```
#[test]
fn slices_arrays_and_stringios() {
    let two = Obj::list([i(2)]);
    let sl = Obj::slice(Some(i(1)), Some(two.clone()), None);
    let s2 = deepcopy(&sl).unwrap();
    assert_eq!(s2.repr().unwrap(), "slice(1, [2], None)");
    assert!(!s2.is(&sl));
    assert!(!s2.getattr("stop").unwrap().is(&two));

    let array = modules::import("array").unwrap().getattr("array").unwrap();
    let arr = array.call(&[s("i"), Obj::list([i(1)])]).unwrap();
    let memo = Obj::dict();
    let arr2 = deepcopy_memo(&arr, &memo).unwrap();
    assert_eq!(arr2.repr().unwrap(), "array('i', [1])");
    assert!(!arr2.is(&arr));
    assert_eq!(memo.len().unwrap(), 2);
    assert!(memo.get_item(&id(&arr)).unwrap().is(&arr2));
    let arr3 = copy(&arr).unwrap();
    assert!(!arr3.is(&arr));
    assert_eq!(arr3.repr().unwrap(), "array('i', [1])");

    let stringio = modules::import("io").unwrap().getattr("StringIO").unwrap();
    let sio = stringio.call(&[s("ab\ncd")]).unwrap();
    sio.call_method("readline", &[]).unwrap();
    let s2 = copy(&sio).unwrap();
    assert!(!s2.is(&sio));
    assert_eq!(show(s2.call_method("getvalue", &[])), "'ab\\ncd'");
    assert_eq!(show(s2.call_method("tell", &[])), "3");
    let memo = Obj::dict();
    let s3 = deepcopy_memo(&sio, &memo).unwrap();
    assert_eq!(show(s3.call_method("read", &[])), "'cd'");
    assert_eq!(memo.len().unwrap(), 2);
    // The copies are independent of the original.
    s2.call_method("write", &[s("XY")]).unwrap();
    assert_eq!(show(sio.call_method("getvalue", &[])), "'ab\\ncd'");
    sio.call_method("close", &[]).unwrap();
    assert_eq!(show(copy(&sio)), "ValueError: I/O operation on closed file");
}

#[test]
fn errors_have_cpython_texts() {
    let math = modules::import("math").unwrap();
    assert_eq!(
        show(copy(&math)),
        "TypeError: cannot pickle 'module' object"
    );
    assert_eq!(
        show(deepcopy(&math)),
        "TypeError: cannot pickle 'module' object"
    );
    let keys = Obj::dict().call_method("keys", &[]).unwrap();
    assert_eq!(
        show(copy(&keys)),
        "TypeError: cannot pickle 'dict_keys' object"
    );

    let module = copy_module();
    let copy_fn = module.getattr("copy").unwrap();
    let deepcopy_fn = module.getattr("deepcopy").unwrap();
    let got = [
        show(copy_fn.call(&[])),
        show(copy_fn.call(&[i(1), i(2)])),
        show(deepcopy_fn.call(&[])),
        show(deepcopy_fn.call_with(&Args::new(&[Obj::list([i(1)])], &[("memo", i(5))]))),
        show(deepcopy_fn.call_with(&Args::new(&[Obj::list([i(1)])], &[("memo", Obj::list([]))]))),
        show(deepcopy_fn.call(&[Obj::list([i(1)]), Obj::dict(), i(3)])),
    ];
    assert_eq!(
        got,
        [
            "TypeError: copy() missing 1 required positional argument: 'x'",
            "TypeError: copy() takes 1 positional argument but 2 were given",
            "TypeError: deepcopy() missing 1 required positional argument: 'x'",
            "AttributeError: 'int' object has no attribute 'get'",
            "AttributeError: 'list' object has no attribute 'get'",
            "[1]",
        ]
    );
    let error = module.getattr("Error").unwrap();
    assert_eq!(error.repr().unwrap(), "<class 'copy.Error'>");
    assert!(module.getattr("error").unwrap().is(&error));
    assert!(error.is_subclass(&EXCEPTION.to_object()).unwrap());
}

/// ```python
/// a = []
/// for k in range(5000): a = [a]
/// copy.deepcopy(a)   # RecursionError
/// ```
#[test]
#[cfg_attr(
    miri,
    ignore = "thousands of nested copies: minutes under Miri, no unsafe code of its own"
)]
fn deep_nesting_raises_recursion_error() {
    // An unoptimized build spends more than 2 KiB of stack per level, so the 1000 levels
    // of the recursion limit need more than a test thread's 2 MiB (the reliability issue
    // tracks raising RecursionError first on any stack).
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(deep_nesting)
        .unwrap()
        .join()
        .unwrap();
}

fn deep_nesting() {
    let mut a = Obj::list([]);
    for _ in 0..5000 {
        a = Obj::list([a]);
    }
    assert_eq!(
        show(deepcopy(&a)),
        "RecursionError: maximum recursion depth exceeded while calling a Python object"
    );
    // A nesting within the limit is copied.
    let mut b = Obj::list([]);
    for _ in 0..100 {
        b = Obj::list([b]);
    }
    let c = deepcopy(&b).unwrap();
    assert!(c.eq(&b).unwrap());
    assert!(!c.is(&b));
}
