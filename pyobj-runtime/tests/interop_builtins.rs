//! The builtins of the interop step (`print`, `range`, `enumerate`, `zip`, `iter`,
//! `next`, `getattr`, `hasattr`, `setattr`, `delattr`, `floordiv`, `object`) and the
//! stdout sink, against CPython 3.11's results and error texts.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins, capture_stdout};
use pyobj_support::{f, i, list, none, s, set, tuple};

/// `name(*args)`, the builtin called as Python calls it.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    builtins::get(name)
        .unwrap_or_else(|| panic!("no builtin {name}"))
        .call(args)
}

/// `name(*args, **keywords)`.
fn call_kw(name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    builtins::get(name)
        .unwrap_or_else(|| panic!("no builtin {name}"))
        .call_with(&Args::new(args, keywords))
}

/// `list(x)`.
fn to_list(x: PyResult<Obj>) -> PyResult<Obj> {
    builtins::list(&x?)
}

fn range(args: &[i64]) -> Obj {
    builtins::range(&args.iter().map(|&v| i(v)).collect::<Vec<_>>()).expect("a valid range")
}

/// `print(*args, **keywords)` with its output captured; returns `repr(output)`.
fn printed(args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    let (result, out) = capture_stdout(|| call_kw("print", args, keywords));
    result?;
    Ok(Obj::from(out))
}

#[test]
fn range_objects() {
    table! {
        "repr(range(10))" => call("range", &[i(10)]) => "range(0, 10)";
        "repr(range(0, 10, 2))" => call("range", &[i(0), i(10), i(2)]) => "range(0, 10, 2)";
        "repr(range(10, 0, -2))" => call("range", &[i(10), i(0), i(-2)]) => "range(10, 0, -2)";
        "list(range(10, 0, -2))" => to_list(call("range", &[i(10), i(0), i(-2)])) => "[10, 8, 6, 4, 2]";
        "list(range(2, 5))" => to_list(call("range", &[i(2), i(5)])) => "[2, 3, 4]";
        "len(range(10, 0, -2))" => builtins::len(&range(&[10, 0, -2])) => "5";
        "len(range(0, 10, 3))" => builtins::len(&range(&[0, 10, 3])) => "4";
        "len(range(-5))" => builtins::len(&range(&[-5])) => "0";
        "range(True)" => call("range", &[Obj::from(true)]) => "range(0, 1)";
        "range()" => call("range", &[]) => "!! TypeError: range expected at least 1 argument, got 0";
        "range(1, 2, 3, 4)" => call("range", &[i(1), i(2), i(3), i(4)]) => "!! TypeError: range expected at most 3 arguments, got 4";
        "range('a')" => call("range", &[s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "range(1.5)" => call("range", &[f(1.5)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "range(0, 10, 0)" => call("range", &[i(0), i(10), i(0)]) => "!! ValueError: range() arg 3 must not be zero";
        "range(stop=3)" => call_kw("range", &[], &[("stop", i(3))]) => "!! TypeError: range() takes no keyword arguments";
        "range(10)[-1]" => range(&[10]).get_item(&i(-1)) => "9";
        "range(10)[10]" => range(&[10]).get_item(&i(10)) => "!! IndexError: range object index out of range";
        "range(10)[-11]" => range(&[10]).get_item(&i(-11)) => "!! IndexError: range object index out of range";
        "range(10)['a']" => range(&[10]).get_item(&s("a")) => "!! TypeError: range indices must be integers or slices, not str";
        "range(0, 10, 2)[1:3]" => range(&[0, 10, 2]).get_item(&Obj::slice(Some(i(1)), Some(i(3)), None)) => "range(2, 6, 2)";
        "range(0, 10, 2)[::-1]" => range(&[0, 10, 2]).get_item(&Obj::slice(None, None, Some(i(-1)))) => "range(8, -2, -2)";
        "range(5)[1::2]" => range(&[5]).get_item(&Obj::slice(Some(i(1)), None, Some(i(2)))) => "range(1, 5, 2)";
        "range(5)[10:]" => range(&[5]).get_item(&Obj::slice(Some(i(10)), None, None)) => "range(5, 5)";
        "3 in range(5)" => range(&[5]).contains(&i(3)).map(Obj::from) => "True";
        "5 in range(5)" => range(&[5]).contains(&i(5)).map(Obj::from) => "False";
        "4 in range(10, 0, -2)" => range(&[10, 0, -2]).contains(&i(4)).map(Obj::from) => "True";
        "3 in range(10, 0, -2)" => range(&[10, 0, -2]).contains(&i(3)).map(Obj::from) => "False";
        "3.0 in range(5)" => range(&[5]).contains(&f(3.0)).map(Obj::from) => "True";
        "'a' in range(5)" => range(&[5]).contains(&s("a")).map(Obj::from) => "False";
        "range(0) == range(2, 2)" => range(&[0]).eq(&range(&[2, 2])).map(Obj::from) => "True";
        "range(0, 3, 2) == range(0, 4, 2)" => range(&[0, 3, 2]).eq(&range(&[0, 4, 2])).map(Obj::from) => "True";
        "range(3) == [0, 1, 2]" => range(&[3]).eq(&list([i(0), i(1), i(2)])).map(Obj::from) => "False";
        "range(3) != range(3)" => range(&[3]).rich_compare(&range(&[3]), pyobj_runtime::CompareOp::Ne) => "False";
        "range(3) < range(4)" => range(&[3]).rich_compare(&range(&[4]), pyobj_runtime::CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'range' and 'range'";
        "hash(range(0)) == hash((0, None, None))" => Ok(Obj::from(range(&[0]).hash().unwrap() == tuple([i(0), none(), none()]).hash().unwrap())) => "True";
        "hash(range(3)) == hash((3, 0, 1))" => Ok(Obj::from(range(&[3]).hash().unwrap() == tuple([i(3), i(0), i(1)]).hash().unwrap())) => "True";
        "range(3).index(2)" => range(&[3]).call_method("index", &[i(2)]) => "2";
        "range(3).index(5)" => range(&[3]).call_method("index", &[i(5)]) => "!! ValueError: 5 is not in range";
        "range(1, 4).index(1.0)" => range(&[1, 4]).call_method("index", &[f(1.0)]) => "0";
        "range(3).index('a')" => range(&[3]).call_method("index", &[s("a")]) => "!! ValueError: sequence.index(x): x not in sequence";
        "range(3).count(1)" => range(&[3]).call_method("count", &[i(1)]) => "1";
        "range(1, 10, 2).start" => range(&[1, 10, 2]).getattr("start") => "1";
        "range(1, 10, 2).stop" => range(&[1, 10, 2]).getattr("stop") => "10";
        "range(1, 10, 2).step" => range(&[1, 10, 2]).getattr("step") => "2";
        "bool(range(0))" => builtins::bool(&range(&[0])) => "False";
        "type(iter(range(3))).__name__" => range(&[3]).iter().map(|it| Obj::from(it.type_name())) => "'range_iterator'";
        "repr(range)" => Ok(Obj::from(builtins::get("range").unwrap().repr().unwrap())) => "\"<class 'range'>\"";
        "sum(range(101))" => builtins::sum(&range(&[101])) => "5050";
    }
}

#[test]
fn enumerate_and_zip() {
    table! {
        "list(enumerate('ab'))" => to_list(call("enumerate", &[s("ab")])) => "[(0, 'a'), (1, 'b')]";
        "list(enumerate('ab', 5))" => to_list(call("enumerate", &[s("ab"), i(5)])) => "[(5, 'a'), (6, 'b')]";
        "list(enumerate('ab', start=5))" => to_list(call_kw("enumerate", &[s("ab")], &[("start", i(5))])) => "[(5, 'a'), (6, 'b')]";
        "list(enumerate([1, 2], 2**63 - 1))" => to_list(call("enumerate", &[list([i(1), i(2)]), i(i64::MAX)])) => "[(9223372036854775807, 1), (9223372036854775808, 2)]";
        "list(enumerate([1, 2], 10**20))" => to_list(call("enumerate", &[list([i(1), i(2)]), i(10).pow(&i(20)).unwrap()])) => "[(100000000000000000000, 1), (100000000000000000001, 2)]";
        "list(enumerate(iterable='ab'))" => to_list(call_kw("enumerate", &[], &[("iterable", s("ab"))])) => "[(0, 'a'), (1, 'b')]";
        "enumerate()" => call("enumerate", &[]) => "!! TypeError: enumerate() missing required argument 'iterable'";
        "enumerate(1)" => call("enumerate", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "enumerate('a', 'b')" => call("enumerate", &[s("a"), s("b")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "enumerate('a', 1, 2)" => call("enumerate", &[s("a"), i(1), i(2)]) => "!! TypeError: enumerate() takes at most 2 arguments (3 given)";
        "enumerate('ab', x=1)" => call_kw("enumerate", &[s("ab")], &[("x", i(1))]) => "!! TypeError: 'x' is an invalid keyword argument for enumerate()";
        "type(enumerate('a')).__name__" => call("enumerate", &[s("a")]).map(|e| Obj::from(e.type_name())) => "'enumerate'";
        "list(zip())" => to_list(call("zip", &[])) => "[]";
        "list(zip([1, 2, 3], 'ab'))" => to_list(call("zip", &[list([i(1), i(2), i(3)]), s("ab")])) => "[(1, 'a'), (2, 'b')]";
        "list(zip('ab', range(5), 'xyz'))" => to_list(builtins::zip(&[s("ab"), range(&[5]), s("xyz")])) => "[('a', 0, 'x'), ('b', 1, 'y')]";
        "zip(1)" => call("zip", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "zip([1], 2)" => call("zip", &[list([i(1)]), i(2)]) => "!! TypeError: 'int' object is not iterable";
        "zip(x=1)" => call_kw("zip", &[], &[("x", i(1))]) => "!! TypeError: 'x' is an invalid keyword argument for zip()";
        "list(zip([1, 2], [1], strict=True))" => to_list(call_kw("zip", &[list([i(1), i(2)]), list([i(1)])], &[("strict", Obj::from(true))])) => "!! ValueError: zip() argument 2 is shorter than argument 1";
        "list(zip([1], [1, 2], strict=True))" => to_list(call_kw("zip", &[list([i(1)]), list([i(1), i(2)])], &[("strict", Obj::from(true))])) => "!! ValueError: zip() argument 2 is longer than argument 1";
        "list(zip([1], [2], strict=True))" => to_list(call_kw("zip", &[list([i(1)]), list([i(2)])], &[("strict", Obj::from(true))])) => "[(1, 2)]";
        "repr(zip)" => Ok(Obj::from(builtins::get("zip").unwrap().repr().unwrap())) => "\"<class 'zip'>\"";
        "repr(enumerate)" => Ok(Obj::from(builtins::get("enumerate").unwrap().repr().unwrap())) => "\"<class 'enumerate'>\"";
    }
}

#[test]
fn iter_and_next() {
    let it = builtins::iter(&list([i(1)])).unwrap();
    let empty = builtins::iter(&list([])).unwrap();
    table! {
        "iter()" => call("iter", &[]) => "!! TypeError: iter expected at least 1 argument, got 0";
        "iter(1)" => call("iter", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "iter(1, 2, 3)" => call("iter", &[i(1), i(2), i(3)]) => "!! TypeError: iter expected at most 2 arguments, got 3";
        "iter([1], 2)" => call("iter", &[list([i(1)]), i(2)]) => "!! TypeError: iter(v, w): v must be callable";
        "next(it)" => call("next", std::slice::from_ref(&it)) => "1";
        "next(it, 5)" => call("next", &[it.clone(), i(5)]) => "5";
        "next(it)" => call("next", std::slice::from_ref(&it)) => "!! StopIteration";
        "next(iter([]), None)" => builtins::next_or(&empty, &none()) => "None";
        "next()" => call("next", &[]) => "!! TypeError: next expected at least 1 argument, got 0";
        "next(1)" => call("next", &[i(1)]) => "!! TypeError: 'int' object is not an iterator";
        "next(1, 2, 3)" => call("next", &[i(1), i(2), i(3)]) => "!! TypeError: next expected at most 2 arguments, got 3";
        "next(iter([]))" => builtins::next(&empty) => "!! StopIteration";
        "list(iter([3, 2, 1].pop, 1))" => to_list(call("iter", &[list([i(3), i(2), i(1)]).getattr("pop").unwrap(), i(1)])) => "[]";
        "list(iter([1, 2, 3].pop, 1))" => to_list(call("iter", &[list([i(1), i(2), i(3)]).getattr("pop").unwrap(), i(1)])) => "[3, 2]";
    }
}

#[test]
fn attribute_builtins() {
    let st = set([]);
    table! {
        "getattr(slice(1, 2), 'stop')" => call("getattr", &[Obj::slice(Some(i(1)), Some(i(2)), None), s("stop")]) => "2";
        "getattr(1, 'x')" => call("getattr", &[i(1), s("x")]) => "!! AttributeError: 'int' object has no attribute 'x'";
        "getattr(1, 'x', 5)" => call("getattr", &[i(1), s("x"), i(5)]) => "5";
        "getattr(1, 2)" => call("getattr", &[i(1), i(2)]) => "!! TypeError: attribute name must be string, not 'int'";
        "getattr(1)" => call("getattr", &[i(1)]) => "!! TypeError: getattr expected at least 2 arguments, got 1";
        "getattr(1, 'a', 2, 3)" => call("getattr", &[i(1), s("a"), i(2), i(3)]) => "!! TypeError: getattr expected at most 3 arguments, got 4";
        "hasattr([], 'append')" => call("hasattr", &[list([]), s("append")]) => "True";
        "hasattr(1, 'x')" => call("hasattr", &[i(1), s("x")]) => "False";
        "hasattr(1, 2)" => call("hasattr", &[i(1), i(2)]) => "!! TypeError: attribute name must be string, not 'int'";
        "hasattr(1)" => call("hasattr", &[i(1)]) => "!! TypeError: hasattr expected 2 arguments, got 1";
        "setattr(1, 'x', 2)" => call("setattr", &[i(1), s("x"), i(2)]) => "!! AttributeError: 'int' object has no attribute 'x'";
        "setattr(1, 2, 3)" => call("setattr", &[i(1), i(2), i(3)]) => "!! TypeError: attribute name must be string, not 'int'";
        "setattr(1, 'x')" => call("setattr", &[i(1), s("x")]) => "!! TypeError: setattr expected 3 arguments, got 2";
        "setattr([], 'append', 1)" => call("setattr", &[list([]), s("append"), i(1)]) => "!! AttributeError: 'list' object attribute 'append' is read-only";
        "delattr(1, 'x')" => call("delattr", &[i(1), s("x")]) => "!! AttributeError: 'int' object has no attribute 'x'";
        "delattr(1)" => call("delattr", &[i(1)]) => "!! TypeError: delattr expected 2 arguments, got 1";
        "delattr(1, 2)" => call("delattr", &[i(1), i(2)]) => "!! TypeError: attribute name must be string, not 'int'";
        "getattr(set(), 'add')(3) ;; s" => after(&st, |st| call("getattr", &[st.clone(), s("add")])?.call(&[i(3)])) => "{3}";
    }
}

use pyobj_support::after;

#[test]
fn floordiv_and_object() {
    table! {
        "7 // 2  (floordiv(7, 2))" => call("floordiv", &[i(7), i(2)]) => "3";
        "-7 // 2  (floordiv(-7, 2))" => call("floordiv", &[i(-7), i(2)]) => "-4";
        "7.5 // 2  (floordiv(7.5, 2))" => builtins::floordiv(&f(7.5), &i(2)) => "3.0";
        "1 // 0  (floordiv(1, 0))" => call("floordiv", &[i(1), i(0)]) => "!! ZeroDivisionError: integer division or modulo by zero";
        "'a' // 1  (floordiv('a', 1))" => call("floordiv", &[s("a"), i(1)]) => "!! TypeError: unsupported operand type(s) for //: 'str' and 'int'";
        "floordiv(1)  (pyobj's own)" => call("floordiv", &[i(1)]) => "!! TypeError: floordiv expected 2 arguments, got 1";
        "repr(object)" => Ok(Obj::from(builtins::get("object").unwrap().repr().unwrap())) => "\"<class 'object'>\"";
        "isinstance(1, object)" => call("isinstance", &[i(1), builtins::get("object").unwrap()]) => "True";
    }
}

#[test]
fn print_writes_to_the_sink() {
    table! {
        "print(1, 'a', [2.5, None])" => printed(&[i(1), s("a"), list([f(2.5), none()])], &[]) => "'1 a [2.5, None]\\n'";
        "print()" => printed(&[], &[]) => "'\\n'";
        "print(1, 2, sep='-', end='!')" => printed(&[i(1), i(2)], &[("sep", s("-")), ("end", s("!"))]) => "'1-2!'";
        "print(1, 2, sep=None, end=None)" => printed(&[i(1), i(2)], &[("sep", none()), ("end", none())]) => "'1 2\\n'";
        "print('x', sep='', end='')" => printed(&[s("x")], &[("sep", s("")), ("end", s(""))]) => "'x'";
        "print(1, sep=1)" => printed(&[i(1)], &[("sep", i(1))]) => "!! TypeError: sep must be None or a string, not int";
        "print(1, end=1)" => printed(&[i(1)], &[("end", i(1))]) => "!! TypeError: end must be None or a string, not int";
        "print(1, foo=1)" => printed(&[i(1)], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for print()";
        "print()'s value" => capture_stdout(|| call("print", &[])).0 => "None";
    }
}

#[test]
fn captures_nest_and_survive_panics() {
    let ((inner, ()), outer) = capture_stdout(|| {
        builtins::print(&[s("outer 1")]).unwrap();
        let inner = capture_stdout(|| builtins::print(&[s("inner")]).unwrap());
        builtins::print(&[s("outer 2")]).unwrap();
        (inner.1, ())
    });
    assert_eq!(inner, "inner\n");
    assert_eq!(outer, "outer 1\nouter 2\n");

    let ((), outer) = capture_stdout(|| {
        let caught = std::panic::catch_unwind(|| {
            capture_stdout(|| {
                builtins::print(&[s("lost")]).unwrap();
                panic!("inside a capture");
            })
        });
        assert!(caught.is_err());
        builtins::print_with(&[s("after")], "", "").unwrap();
    });
    assert_eq!(outer, "after");
}
