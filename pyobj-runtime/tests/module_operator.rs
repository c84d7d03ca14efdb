//! `import operator` against CPython 3.11: the operator functions, their dunder
//! aliases, the in-place forms, `itemgetter`, `attrgetter`, `methodcaller`, their
//! reprs and error texts.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source
//! (`repr()` of the last expression, or the exception's last traceback line), generated
//! by running the sources and pinned here.

// Safe code only, in a large table; and Miri makes float functions (`pow`) imprecise on
// purpose, so `2 ** -1` would differ there. The memory core's own tests run under it.
#![cfg(not(miri))]
// The rows pass their objects as `&[x.clone()]`, as they would any other argument list.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod pyobj_support;

use pyobj_runtime::{Args, CompareOp, Obj, PyResult, builtins, modules};
use pyobj_support::{after, b, dict, f, i, list, none, s, set, tuple};

/// `operator.<name>`.
fn attr(name: &str) -> Obj {
    modules::import("operator")
        .and_then(|module| module.getattr(name))
        .expect("operator provides the name")
}

/// `operator.<name>(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    attr(name).call(args)
}

/// `f(*args, **keywords)`.
fn kw(f: &Obj, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    f.call_with(&Args::new(args, keywords))
}

/// A builtin by name.
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

#[test]
fn operator_matches_cpython() {
    table! {
        "op.add(1, 2)" => call("add", &[i(1), i(2)]) => "3";
        "op.add('a', 'b')" => call("add", &[s("a"), s("b")]) => "'ab'";
        "op.add(1, 'a')" => call("add", &[i(1), s("a")]) => "!! TypeError: unsupported operand type(s) for +: 'int' and 'str'";
        "op.sub(5, 7)" => call("sub", &[i(5), i(7)]) => "-2";
        "op.sub('a', 1)" => call("sub", &[s("a"), i(1)]) => "!! TypeError: unsupported operand type(s) for -: 'str' and 'int'";
        "op.mul([1], 3)" => call("mul", &[list([i(1)]), i(3)]) => "[1, 1, 1]";
        "op.truediv(7, 2)" => call("truediv", &[i(7), i(2)]) => "3.5";
        "op.truediv(1, 0)" => call("truediv", &[i(1), i(0)]) => "!! ZeroDivisionError: division by zero";
        "op.floordiv(-7, 2)" => call("floordiv", &[i(-7), i(2)]) => "-4";
        "op.mod(7, 3)" => call("mod", &[i(7), i(3)]) => "1";
        "op.mod('%s!', 3)" => call("mod", &[s("%s!"), i(3)]) => "'3!'";
        "op.pow(2, 10)" => call("pow", &[i(2), i(10)]) => "1024";
        "op.pow(2, -1)" => call("pow", &[i(2), i(-1)]) => "0.5";
        "op.lshift(1, 3)" => call("lshift", &[i(1), i(3)]) => "8";
        "op.rshift(16, 'a')" => call("rshift", &[i(16), s("a")]) => "!! TypeError: unsupported operand type(s) for >>: 'int' and 'str'";
        "op.and_(6, 3)" => call("and_", &[i(6), i(3)]) => "2";
        "op.or_({1}, {2})" => call("or_", &[set([i(1)]), set([i(2)])]) => "{1, 2}";
        "op.xor(6, 3)" => call("xor", &[i(6), i(3)]) => "5";
        "op.lt(1, 2)" => call("lt", &[i(1), i(2)]) => "True";
        "op.lt(1, 'a')" => call("lt", &[i(1), s("a")]) => "!! TypeError: '<' not supported between instances of 'int' and 'str'";
        "op.le(2, 2)" => call("le", &[i(2), i(2)]) => "True";
        "op.eq(1, 'a')" => call("eq", &[i(1), s("a")]) => "False";
        "op.ne(1, 1.0)" => call("ne", &[i(1), f(1.0)]) => "False";
        "op.gt([2], [1, 5])" => call("gt", &[list([i(2)]), list([i(1), i(5)])]) => "True";
        "op.ge({1}, {1, 2})" => call("ge", &[set([i(1)]), set([i(1), i(2)])]) => "False";
        "op.is_(None, None)" => call("is_", &[none(), none()]) => "True";
        "op.is_not(1, None)" => call("is_not", &[i(1), none()]) => "True";
        "op.matmul(1, 2)" => call("matmul", &[i(1), i(2)]) => "!! TypeError: unsupported operand type(s) for @: 'int' and 'int'";
        "op.imatmul(1, 2)" => call("imatmul", &[i(1), i(2)]) => "!! TypeError: unsupported operand type(s) for @=: 'int' and 'int'";
        "op.concat('a', 'b')" => call("concat", &[s("a"), s("b")]) => "'ab'";
        "op.concat([1], (2,))" => call("concat", &[list([i(1)]), tuple([i(2)])]) => "!! TypeError: can only concatenate list (not \"tuple\") to list";
        "op.concat(1, 2)" => call("concat", &[i(1), i(2)]) => "!! TypeError: 'int' object can't be concatenated";
        "op.concat({}, {})" => call("concat", &[dict([]), dict([])]) => "!! TypeError: 'dict' object can't be concatenated";
        "op.concat((1,), (2,))" => call("concat", &[tuple([i(1)]), tuple([i(2)])]) => "(1, 2)";
        "op.iconcat(1, 2)" => call("iconcat", &[i(1), i(2)]) => "!! TypeError: 'int' object can't be concatenated";
        "op.iconcat([1], (2,))" => call("iconcat", &[list([i(1)]), tuple([i(2)])]) => "[1, 2]";
        "op.iconcat('a', 'b')" => call("iconcat", &[s("a"), s("b")]) => "'ab'";
        "op.iadd(1, 'a')" => call("iadd", &[i(1), s("a")]) => "!! TypeError: unsupported operand type(s) for +=: 'int' and 'str'";
        "op.iadd([1], 'ab')" => call("iadd", &[list([i(1)]), s("ab")]) => "[1, 'a', 'b']";
        "op.iadd(2, 3)" => call("iadd", &[i(2), i(3)]) => "5";
        "op.isub({1, 2}, {1})" => call("isub", &[set([i(1), i(2)]), set([i(1)])]) => "{2}";
        "op.imul([1], 2)" => call("imul", &[list([i(1)]), i(2)]) => "[1, 1]";
        "op.itruediv(1, 4)" => call("itruediv", &[i(1), i(4)]) => "0.25";
        "op.ifloordiv(9, 4)" => call("ifloordiv", &[i(9), i(4)]) => "2";
        "op.imod(9, 4)" => call("imod", &[i(9), i(4)]) => "1";
        "op.ipow(2, 3)" => call("ipow", &[i(2), i(3)]) => "8";
        "op.ilshift(1, 4)" => call("ilshift", &[i(1), i(4)]) => "16";
        "op.irshift(64, 2)" => call("irshift", &[i(64), i(2)]) => "16";
        "op.iand({1, 2}, {2})" => call("iand", &[set([i(1), i(2)]), set([i(2)])]) => "{2}";
        "op.ior({1}, {2})" => call("ior", &[set([i(1)]), set([i(2)])]) => "{1, 2}";
        "op.ixor(5, 1)" => call("ixor", &[i(5), i(1)]) => "4";
        "op.contains([1, 2], 2)" => call("contains", &[list([i(1), i(2)]), i(2)]) => "True";
        "op.contains(1, 2)" => call("contains", &[i(1), i(2)]) => "!! TypeError: argument of type 'int' is not iterable";
        "op.contains('abc', 'bc')" => call("contains", &[s("abc"), s("bc")]) => "True";
        "op.countOf([1, 2, 1, True], 1)" => call("countOf", &[list([i(1), i(2), i(1), b(true)]), i(1)]) => "3";
        "op.countOf(1, 1)" => call("countOf", &[i(1), i(1)]) => "!! TypeError: argument of type 'int' is not iterable";
        "op.indexOf([1, 2], 3)" => call("indexOf", &[list([i(1), i(2)]), i(3)]) => "!! ValueError: sequence.index(x): x not in sequence";
        "op.indexOf('abc', 'c')" => call("indexOf", &[s("abc"), s("c")]) => "2";
        "op.indexOf(1, 2)" => call("indexOf", &[i(1), i(2)]) => "!! TypeError: argument of type 'int' is not iterable";
        "op.getitem([1], 5)" => call("getitem", &[list([i(1)]), i(5)]) => "!! IndexError: list index out of range";
        "op.getitem(1, 5)" => call("getitem", &[i(1), i(5)]) => "!! TypeError: 'int' object is not subscriptable";
        "op.getitem({'a': 1}, 'a')" => call("getitem", &[dict([(s("a"), i(1))]), s("a")]) => "1";
        "op.delitem({}, 1)" => call("delitem", &[dict([]), i(1)]) => "!! KeyError: 1";
        "op.neg(5)" => call("neg", &[i(5)]) => "-5";
        "op.neg('a')" => call("neg", &[s("a")]) => "!! TypeError: bad operand type for unary -: 'str'";
        "op.pos('a')" => call("pos", &[s("a")]) => "!! TypeError: bad operand type for unary +: 'str'";
        "op.abs(-3)" => call("abs", &[i(-3)]) => "3";
        "op.abs('a')" => call("abs", &[s("a")]) => "!! TypeError: bad operand type for abs(): 'str'";
        "op.invert(5)" => call("invert", &[i(5)]) => "-6";
        "op.inv(5)" => call("inv", &[i(5)]) => "-6";
        "op.invert(1.5)" => call("invert", &[f(1.5)]) => "!! TypeError: bad operand type for unary ~: 'float'";
        "op.not_(0)" => call("not_", &[i(0)]) => "True";
        "op.not_([1])" => call("not_", &[list([i(1)])]) => "False";
        "op.truth([])" => call("truth", &[list([])]) => "False";
        "op.truth('x')" => call("truth", &[s("x")]) => "True";
        "op.index(7)" => call("index", &[i(7)]) => "7";
        "op.index(True)" => call("index", &[b(true)]) => "1";
        "op.index(1.5)" => call("index", &[f(1.5)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "op.index('a')" => call("index", &[s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "op.length_hint([1, 2])" => call("length_hint", &[list([i(1), i(2)])]) => "2";
        "op.length_hint(1)" => call("length_hint", &[i(1)]) => "0";
        "op.length_hint('abc')" => call("length_hint", &[s("abc")]) => "3";
        "op.add(1)" => call("add", &[i(1)]) => "!! TypeError: add expected 2 arguments, got 1";
        "op.add(1, 2, 3)" => call("add", &[i(1), i(2), i(3)]) => "!! TypeError: add expected 2 arguments, got 3";
        "op.add(x=1)" => kw(&attr("add"), &[], &[("x", i(1))]) => "!! TypeError: _operator.add() takes no keyword arguments";
        "op.neg()" => call("neg", &[]) => "!! TypeError: _operator.neg() takes exactly one argument (0 given)";
        "op.neg(1, 2)" => call("neg", &[i(1), i(2)]) => "!! TypeError: _operator.neg() takes exactly one argument (2 given)";
        "op.setitem(1, 2)" => call("setitem", &[i(1), i(2)]) => "!! TypeError: setitem expected 3 arguments, got 2";
        "op.setitem(1, 2, 3)" => call("setitem", &[i(1), i(2), i(3)]) => "!! TypeError: 'int' object does not support item assignment";
        "op.length_hint(1, 5)" => call("length_hint", &[i(1), i(5)]) => "5";
        "op.length_hint(1, 'a')" => call("length_hint", &[i(1), s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "op.length_hint()" => call("length_hint", &[]) => "!! TypeError: length_hint expected at least 1 argument, got 0";
        "op.length_hint(x=1)" => kw(&attr("length_hint"), &[], &[("x", i(1))]) => "!! TypeError: _operator.length_hint() takes no keyword arguments";
        "op.call(len, [1])" => call("call", &[builtin("len"), list([i(1)])]) => "1";
        "op.call()" => call("call", &[]) => "!! TypeError: call expected at least 1 argument, got 0";
        "op.call(int, '11', base=2)" => kw(&attr("call"), &[builtin("int"), s("11")], &[("base", i(2))]) => "3";
        "l = [1, 2] ;; op.setitem(l, 0, 9) ;; l" => after(&list([i(1), i(2)]), |l| call("setitem", &[l.clone(), i(0), i(9)])) => "[9, 2]";
        "l = [1, 2] ;; op.delitem(l, 0) ;; l" => after(&list([i(1), i(2)]), |l| call("delitem", &[l.clone(), i(0)])) => "[2]";
        "l = [1] ;; op.iadd(l, [2]) ;; l" => after(&list([i(1)]), |l| call("iadd", &[l.clone(), list([i(2)])])) => "[1, 2]";
        "l = [1] ;; op.iconcat(l, (2,)) ;; l" => after(&list([i(1)]), |l| call("iconcat", &[l.clone(), tuple([i(2)])])) => "[1, 2]";
        "op.add" => Ok(attr("add")) => "<built-in function add>";
        "op.__add__" => Ok(attr("__add__")) => "<built-in function add>";
        "op.__add__ is op.add" => Ok(b(attr("__add__").is(&attr("add")))) => "True";
        "op.not_" => Ok(attr("__not__")) => "<built-in function not_>";
        "op.inv" => Ok(attr("__inv__")) => "<built-in function inv>";
        "op.itemgetter(1)" => call("itemgetter", &[i(1)]) => "operator.itemgetter(1)";
        "op.itemgetter(1, 'a', None)" => call("itemgetter", &[i(1), s("a"), none()]) => "operator.itemgetter(1, 'a', None)";
        "op.itemgetter()" => call("itemgetter", &[]) => "!! TypeError: itemgetter expected 1 argument, got 0";
        "op.itemgetter(k=1)" => kw(&attr("itemgetter"), &[], &[("k", i(1))]) => "!! TypeError: itemgetter() takes no keyword arguments";
        "op.itemgetter(1)('abc')" => call("itemgetter", &[i(1)]).and_then(|g| g.call(&[s("abc")])) => "'b'";
        "op.itemgetter(0, 2)('abc')" => call("itemgetter", &[i(0), i(2)]).and_then(|g| g.call(&[s("abc")])) => "('a', 'c')";
        "op.itemgetter('a')({'a': 5})" => call("itemgetter", &[s("a")]).and_then(|g| g.call(&[dict([(s("a"), i(5))])])) => "5";
        "op.itemgetter(5)([1])" => call("itemgetter", &[i(5)]).and_then(|g| g.call(&[list([i(1)])])) => "!! IndexError: list index out of range";
        "op.itemgetter(1)()" => call("itemgetter", &[i(1)]).and_then(|g| g.call(&[])) => "!! TypeError: itemgetter expected 1 argument, got 0";
        "op.itemgetter(1)([1], 2)" => call("itemgetter", &[i(1)]).and_then(|g| g.call(&[list([i(1)]), i(2)])) => "!! TypeError: itemgetter expected 1 argument, got 2";
        "op.itemgetter(1)([1, 2], k=1)" => call("itemgetter", &[i(1)]).and_then(|g| kw(&g, &[list([i(1), i(2)])], &[("k", i(1))])) => "!! TypeError: itemgetter() takes no keyword arguments";
        "type(op.itemgetter(1))" => call("itemgetter", &[i(1)]).map(|g| g.py_type().to_object()) => "<class 'operator.itemgetter'>";
        "op.itemgetter" => Ok(attr("itemgetter")) => "<class 'operator.itemgetter'>";
        "op.itemgetter(1) == op.itemgetter(1)" => call("itemgetter", &[i(1)]).and_then(|g| g.rich_compare(&call("itemgetter", &[i(1)])?, CompareOp::Eq)) => "False";
        "op.itemgetter(1, 2).__reduce__()" => call("itemgetter", &[i(1), i(2)]).and_then(|g| g.call_method("__reduce__", &[])) => "(<class 'operator.itemgetter'>, (1, 2))";
        "op.attrgetter('real')" => call("attrgetter", &[s("real")]) => "operator.attrgetter('real')";
        "op.attrgetter('a.b', 'c')" => call("attrgetter", &[s("a.b"), s("c")]) => "operator.attrgetter('a.b', 'c')";
        "op.attrgetter()" => call("attrgetter", &[]) => "!! TypeError: attrgetter expected 1 argument, got 0";
        "op.attrgetter(1)" => call("attrgetter", &[i(1)]) => "!! TypeError: attribute name must be a string";
        "op.attrgetter('a', k=1)" => kw(&attr("attrgetter"), &[s("a")], &[("k", i(1))]) => "!! TypeError: attrgetter() takes no keyword arguments";
        "op.attrgetter('a')(1)" => call("attrgetter", &[s("a")]).and_then(|g| g.call(&[i(1)])) => "!! AttributeError: 'int' object has no attribute 'a'";
        "op.attrgetter('__class__', '__class__.__name__')(3)" => call("attrgetter", &[s("__class__"), s("__class__.__name__")]).and_then(|g| g.call(&[i(3)])) => "(<class 'int'>, 'int')";
        "op.attrgetter('__class__.__name__')(3)" => call("attrgetter", &[s("__class__.__name__")]).and_then(|g| g.call(&[i(3)])) => "'int'";
        "op.attrgetter('__class__.bad')(3)" => call("attrgetter", &[s("__class__.bad")]).and_then(|g| g.call(&[i(3)])) => "!! AttributeError: type object 'int' has no attribute 'bad'";
        "op.attrgetter('a..b')(3)" => call("attrgetter", &[s("a..b")]).and_then(|g| g.call(&[i(3)])) => "!! AttributeError: 'int' object has no attribute 'a'";
        "op.attrgetter('upper')('a')()" => call("attrgetter", &[s("upper")]).and_then(|g| g.call(&[s("a")])?.call(&[])) => "'A'";
        "op.attrgetter('real')()" => call("attrgetter", &[s("real")]).and_then(|g| g.call(&[])) => "!! TypeError: attrgetter expected 1 argument, got 0";
        "type(op.attrgetter('a'))" => call("attrgetter", &[s("a")]).map(|g| g.py_type().to_object()) => "<class 'operator.attrgetter'>";
        "op.methodcaller('upper')" => call("methodcaller", &[s("upper")]) => "operator.methodcaller('upper')";
        "op.methodcaller('split', ',', maxsplit=1)" => kw(&attr("methodcaller"), &[s("split"), s(",")], &[("maxsplit", i(1))]) => "operator.methodcaller('split', ',', maxsplit=1)";
        "op.methodcaller('split', ',', maxsplit=1)('a,b,c')" => kw(&attr("methodcaller"), &[s("split"), s(",")], &[("maxsplit", i(1))]).and_then(|m| m.call(&[s("a,b,c")])) => "['a', 'b,c']";
        "op.methodcaller()" => call("methodcaller", &[]) => "!! TypeError: methodcaller needs at least one argument, the method name";
        "op.methodcaller(1)" => call("methodcaller", &[i(1)]) => "!! TypeError: method name must be a string";
        "op.methodcaller('x')(1)" => call("methodcaller", &[s("x")]).and_then(|m| m.call(&[i(1)])) => "!! AttributeError: 'int' object has no attribute 'x'";
        "op.methodcaller('upper')()" => call("methodcaller", &[s("upper")]).and_then(|m| m.call(&[])) => "!! TypeError: methodcaller expected 1 argument, got 0";
        "op.methodcaller('upper')('a', 2)" => call("methodcaller", &[s("upper")]).and_then(|m| m.call(&[s("a"), i(2)])) => "!! TypeError: methodcaller expected 1 argument, got 2";
        "type(op.methodcaller('a'))" => call("methodcaller", &[s("a")]).map(|m| m.py_type().to_object()) => "<class 'operator.methodcaller'>";

    }
}

#[test]
fn every_name_of_cpythons_operator_is_there() {
    // `[n for n in dir(operator) if not n.startswith('_')]` and the dunder aliases.
    let names = [
        "abs",
        "add",
        "and_",
        "attrgetter",
        "call",
        "concat",
        "contains",
        "countOf",
        "delitem",
        "eq",
        "floordiv",
        "ge",
        "getitem",
        "gt",
        "iadd",
        "iand",
        "iconcat",
        "ifloordiv",
        "ilshift",
        "imatmul",
        "imod",
        "imul",
        "index",
        "indexOf",
        "inv",
        "invert",
        "ior",
        "ipow",
        "irshift",
        "is_",
        "is_not",
        "isub",
        "itemgetter",
        "itruediv",
        "ixor",
        "le",
        "length_hint",
        "lshift",
        "lt",
        "matmul",
        "methodcaller",
        "mod",
        "mul",
        "ne",
        "neg",
        "not_",
        "or_",
        "pos",
        "pow",
        "rshift",
        "setitem",
        "sub",
        "truediv",
        "truth",
        "xor",
        "__abs__",
        "__add__",
        "__and__",
        "__call__",
        "__concat__",
        "__contains__",
        "__delitem__",
        "__eq__",
        "__floordiv__",
        "__ge__",
        "__getitem__",
        "__gt__",
        "__iadd__",
        "__iand__",
        "__iconcat__",
        "__ifloordiv__",
        "__ilshift__",
        "__imatmul__",
        "__imod__",
        "__imul__",
        "__index__",
        "__inv__",
        "__invert__",
        "__ior__",
        "__ipow__",
        "__irshift__",
        "__isub__",
        "__itruediv__",
        "__ixor__",
        "__le__",
        "__lshift__",
        "__lt__",
        "__matmul__",
        "__mod__",
        "__mul__",
        "__ne__",
        "__neg__",
        "__not__",
        "__or__",
        "__pos__",
        "__pow__",
        "__rshift__",
        "__setitem__",
        "__sub__",
        "__truediv__",
        "__xor__",
    ];
    let module = modules::import("operator").unwrap();
    for name in names {
        assert!(module.getattr(name).is_ok(), "operator.{name}");
    }
}

#[test]
fn a_getter_that_contains_itself_prints_dots() {
    // l = []; g = operator.itemgetter(l); l.append(g); repr(g)
    let items = list([]);
    let getter = call("itemgetter", std::slice::from_ref(&items)).unwrap();
    items
        .call_method("append", std::slice::from_ref(&getter))
        .unwrap();
    assert_eq!(
        getter.repr().unwrap(),
        "operator.itemgetter([operator.itemgetter(...)])"
    );
    items.call_method("clear", &[]).unwrap();
}
