//! Step 6 of the object model: the builtin functions over the builtin types, called
//! from Rust (`builtins::len(&obj)`) and as Python objects (`builtins::get("len")`),
//! with CPython 3.11's results and error texts.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyErr, PyResult, builtins};
use pyobj_support::{b, dict, f, i, list, none, s, set, tuple};

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

fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

#[test]
fn len_repr_str_and_bool() {
    table! {
        "len('héllo')" => builtins::len(&s("héllo")) => "5";
        "len([1, 2])" => builtins::len(&ints([1, 2])) => "2";
        "len({'a': 1})" => builtins::len(&dict([(s("a"), i(1))])) => "1";
        "len({1, 2, 3})" => builtins::len(&set([i(1), i(2), i(3)])) => "3";
        "len(())" => builtins::len(&tuple([])) => "0";
        "len(5)" => builtins::len(&i(5)) => "!! TypeError: object of type 'int' has no len()";
        "len()" => call("len", &[]) => "!! TypeError: len() takes exactly one argument (0 given)";
        "len([], [])" => call("len", &[list([]), list([])]) => "!! TypeError: len() takes exactly one argument (2 given)";
        "len(x=1)" => call_kw("len", &[], &[("x", i(1))]) => "!! TypeError: len() takes no keyword arguments";
        "repr([1, 'a', 2.5, None, True, (1,), {'k': {1}}])" => builtins::repr(&list([i(1), s("a"), f(2.5), none(), b(true), tuple([i(1)]), dict([(s("k"), set([i(1)]))])])) => "\"[1, 'a', 2.5, None, True, (1,), {'k': {1}}]\"";
        "repr()" => call("repr", &[]) => "!! TypeError: repr() takes exactly one argument (0 given)";
        "str(12)" => builtins::str(&i(12)) => "'12'";
        "str(1.0)" => builtins::str(&f(1.0)) => "'1.0'";
        "str(-9223372036854775808)" => call("str", &[i(i64::MIN)]) => "'-9223372036854775808'";
        "str(9223372036854775807)" => call("str", &[i(i64::MAX)]) => "'9223372036854775807'";
        "str(-7)" => call("str", &[i(-7)]) => "'-7'";
        "str(0)" => call("str", &[i(0)]) => "'0'";
        "str(('a',))" => builtins::str(&tuple([s("a")])) => "\"('a',)\"";
        "str(1, 2, 3, 4)" => call("str", &[i(1), i(2), i(3), i(4)]) => "!! TypeError: str() takes at most 3 arguments (4 given)";
        "bool(0)" => builtins::bool(&i(0)) => "False";
        "bool(-1)" => builtins::bool(&i(-1)) => "True";
        "bool(0.0)" => builtins::bool(&f(0.0)) => "False";
        "bool('')" => builtins::bool(&s("")) => "False";
        "bool('0')" => builtins::bool(&s("0")) => "True";
        "bool([])" => builtins::bool(&list([])) => "False";
        "bool([0])" => builtins::bool(&ints([0])) => "True";
        "bool({})" => builtins::bool(&Obj::dict()) => "False";
        "bool(set())" => builtins::bool(&set([])) => "False";
        "bool(None)" => builtins::bool(&none()) => "False";
        "bool(2**100)" => builtins::bool(&i(2).pow(&i(100)).unwrap()) => "True";
        "bool()" => call("bool", &[]) => "False";
        "bool(1, 2)" => call("bool", &[i(1), i(2)]) => "!! TypeError: bool expected at most 1 argument, got 2";
    }
}

#[test]
fn constructors_of_the_builtin_types() {
    table! {
        "int('12')" => builtins::int(&s("12")) => "12";
        "float('2.5')" => builtins::float(&s("2.5")) => "2.5";
        "list((1, 2))" => builtins::list(&tuple([i(1), i(2)])) => "[1, 2]";
        "list({'a': 1, 'b': 2}.items())" => builtins::list(&dict([(s("a"), i(1)), (s("b"), i(2))]).call_method("items", &[]).unwrap()) => "[('a', 1), ('b', 2)]";
        "tuple('ab')" => builtins::tuple(&s("ab")) => "('a', 'b')";
        "tuple(set([3, 1, 2]))" => builtins::tuple(&set([i(3), i(1), i(2)])) => "(1, 2, 3)";
        "dict([(1, 'a'), (2, 'b')])" => builtins::dict(&list([tuple([i(1), s("a")]), tuple([i(2), s("b")])])) => "{1: 'a', 2: 'b'}";
        "dict({'a': 1})" => builtins::dict(&dict([(s("a"), i(1))])) => "{'a': 1}";
        "dict(a=1, b=2)" => call_kw("dict", &[], &[("a", i(1)), ("b", i(2))]) => "{'a': 1, 'b': 2}";
        "dict(1)" => builtins::dict(&i(1)) => "!! TypeError: 'int' object is not iterable";
        "dict([1])" => builtins::dict(&ints([1])) => "!! TypeError: cannot convert dictionary update sequence element #0 to a sequence";
        "set([1, 1, 2])" => builtins::set(&ints([1, 1, 2])) => "{1, 2}";
        "set({'a': 1, 'b': 2})" => builtins::set(&dict([(s("a"), i(1)), (s("b"), i(2))])) => "{'a', 'b'}";
        "list()" => call("list", &[]) => "[]";
        "tuple()" => call("tuple", &[]) => "()";
        "dict()" => call("dict", &[]) => "{}";
        "set()" => call("set", &[]) => "set()";
        "list(1, 2)" => call("list", &[i(1), i(2)]) => "!! TypeError: list expected at most 1 argument, got 2";
        "type(5)" => call("type", &[i(5)]) => "<class 'int'>";
        "type()" => call("type", &[]) => "!! TypeError: type() takes 1 or 3 arguments";
    }
}

#[test]
fn sorted_sum_min_max() {
    let first = builtins::get("len").unwrap();
    table! {
        "sorted([3, 1, 2])" => builtins::sorted(&ints([3, 1, 2])) => "[1, 2, 3]";
        "sorted('bca')" => builtins::sorted(&s("bca")) => "['a', 'b', 'c']";
        "sorted({'b': 1, 'a': 2})" => builtins::sorted(&dict([(s("b"), i(1)), (s("a"), i(2))])) => "['a', 'b']";
        "sorted([3, 1, 2], reverse=True)" => call_kw("sorted", &[ints([3, 1, 2])], &[("reverse", b(true))]) => "[3, 2, 1]";
        "sorted(['ccc', 'a', 'bb'], key=len)" => builtins::sorted_by(&list([s("ccc"), s("a"), s("bb")]), Some(&first), false) => "['a', 'bb', 'ccc']";
        "sorted([1.5, 1, True, 0.5])" => builtins::sorted(&list([f(1.5), i(1), b(true), f(0.5)])) => "[0.5, 1, True, 1.5]";
        "sorted([1, 'a'])" => builtins::sorted(&list([i(1), s("a")])) => "!! TypeError: '<' not supported between instances of 'str' and 'int'";
        "sorted()" => call("sorted", &[]) => "!! TypeError: sorted expected 1 argument, got 0";
        "sorted([], foo=1)" => call_kw("sorted", &[list([])], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for sort()";
        "sum([1, 2, 3])" => builtins::sum(&ints([1, 2, 3])) => "6";
        "sum([0.1] * 10)" => builtins::sum(&list([f(0.1)]).mul(&i(10)).unwrap()) => "0.9999999999999999";
        "sum([1, 2.5, True])" => builtins::sum(&list([i(1), f(2.5), b(true)])) => "4.5";
        "sum([2**64, 2**64])" => builtins::sum(&list([i(2).pow(&i(64)).unwrap(), i(2).pow(&i(64)).unwrap()])) => "36893488147419103232";
        "sum([], 10)" => call("sum", &[list([]), i(10)]) => "10";
        "sum([1], start=10)" => call_kw("sum", &[ints([1])], &[("start", i(10))]) => "11";
        "sum([[1], [2]], [])" => call("sum", &[list([ints([1]), ints([2])]), list([])]) => "[1, 2]";
        "sum(['a', 'b'])" => builtins::sum(&list([s("a"), s("b")])) => "!! TypeError: unsupported operand type(s) for +: 'int' and 'str'";
        "sum(['a', 'b'], '')" => call("sum", &[list([s("a"), s("b")]), s("")]) => "!! TypeError: sum() can't sum strings [use ''.join(seq) instead]";
        "sum()" => call("sum", &[]) => "!! TypeError: sum() takes at least 1 positional argument (0 given)";
        "sum(5)" => builtins::sum(&i(5)) => "!! TypeError: 'int' object is not iterable";
        "min([3, 1, 2])" => builtins::min(&ints([3, 1, 2])) => "1";
        "max([3, 1, 2])" => builtins::max(&ints([3, 1, 2])) => "3";
        "max(3, 1, 2)" => call("max", &[i(3), i(1), i(2)]) => "3";
        "min('hello')" => builtins::min(&s("hello")) => "'e'";
        "max([1, 1.0])" => builtins::max(&list([i(1), f(1.0)])) => "1";
        "min([1.0, 1])" => builtins::min(&list([f(1.0), i(1)])) => "1.0";
        "max(['a', 'bb', 'cc'], key=len)" => call_kw("max", &[list([s("a"), s("bb"), s("cc")])], &[("key", first.clone())]) => "'bb'";
        "min([], default=5)" => call_kw("min", &[list([])], &[("default", i(5))]) => "5";
        "max([])" => builtins::max(&list([])) => "!! ValueError: max() arg is an empty sequence";
        "min(())" => builtins::min(&tuple([])) => "!! ValueError: min() arg is an empty sequence";
        "min()" => call("min", &[]) => "!! TypeError: min expected at least 1 argument, got 0";
        "max(1)" => call("max", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "max(1, 2, default=0)" => call_kw("max", &[i(1), i(2)], &[("default", i(0))]) => "!! TypeError: Cannot specify a default for max() with multiple positional arguments";
        "max([1, 'a'])" => builtins::max(&list([i(1), s("a")])) => "!! TypeError: '>' not supported between instances of 'str' and 'int'";
        "min([1], foo=2)" => call_kw("min", &[ints([1])], &[("foo", i(2))]) => "!! TypeError: 'foo' is an invalid keyword argument for min()";
    }
}

#[test]
fn abs_any_all_hash_id() {
    table! {
        "abs(-5)" => builtins::abs(&i(-5)) => "5";
        "abs(-2.5)" => builtins::abs(&f(-2.5)) => "2.5";
        "abs(True)" => builtins::abs(&b(true)) => "1";
        "abs(-(2**100))" => builtins::abs(&i(2).pow(&i(100)).unwrap().neg().unwrap()) => "1267650600228229401496703205376";
        "abs('a')" => builtins::abs(&s("a")) => "!! TypeError: bad operand type for abs(): 'str'";
        "abs()" => call("abs", &[]) => "!! TypeError: abs() takes exactly one argument (0 given)";
        "any([0, '', None])" => builtins::any(&list([i(0), s(""), none()])) => "False";
        "any([0, 1])" => builtins::any(&ints([0, 1])) => "True";
        "any([])" => builtins::any(&list([])) => "False";
        "all([])" => builtins::all(&list([])) => "True";
        "all([1, 'a', [0]])" => builtins::all(&list([i(1), s("a"), ints([0])])) => "True";
        "all([1, 0])" => builtins::all(&ints([1, 0])) => "False";
        "any(5)" => builtins::any(&i(5)) => "!! TypeError: 'int' object is not iterable";
        "any()" => call("any", &[]) => "!! TypeError: any() takes exactly one argument (0 given)";
        "hash(42)" => builtins::hash(&i(42)) => "42";
        "hash('a')" => builtins::hash(&s("a")) => "4644417185603328019";
        "hash((1, 'a'))" => builtins::hash(&tuple([i(1), s("a")])) => "3906047847676358913";
        "hash({})" => builtins::hash(&Obj::dict()) => "!! TypeError: unhashable type: 'dict'";
        "id()" => call("id", &[]) => "!! TypeError: id() takes exactly one argument (0 given)";
    }
    let a = list([]);
    assert_eq!(
        builtins::id(&a).extract::<usize>().unwrap(),
        a.id(),
        "id() is the object's address"
    );
    assert!(!builtins::id(&a).is(&builtins::id(&list([]))));
}

#[test]
fn type_and_isinstance() {
    let key_error = PyErr::key_error(s("k")).into_value();
    let ty = |name: &str| builtins::get(name).unwrap();
    table! {
        "type(1)" => Ok(builtins::type_(&i(1))) => "<class 'int'>";
        "type(True)" => Ok(builtins::type_(&b(true))) => "<class 'bool'>";
        "type(1.5)" => Ok(builtins::type_(&f(1.5))) => "<class 'float'>";
        "type('a')" => Ok(builtins::type_(&s("a"))) => "<class 'str'>";
        "type([])" => Ok(builtins::type_(&list([]))) => "<class 'list'>";
        "type(())" => Ok(builtins::type_(&tuple([]))) => "<class 'tuple'>";
        "type({})" => Ok(builtins::type_(&Obj::dict())) => "<class 'dict'>";
        "type(set())" => Ok(builtins::type_(&set([]))) => "<class 'set'>";
        "type(None)" => Ok(builtins::type_(&none())) => "<class 'NoneType'>";
        "type(NotImplemented)" => Ok(builtins::type_(&Obj::not_implemented())) => "<class 'NotImplementedType'>";
        "type(len)" => Ok(builtins::type_(&ty("len"))) => "<class 'builtin_function_or_method'>";
        "type([].append)" => list([]).getattr("append").map(|m| builtins::type_(&m)) => "<class 'builtin_function_or_method'>";
        "type(int)" => Ok(builtins::type_(&ty("int"))) => "<class 'type'>";
        "type({}.keys())" => Obj::dict().call_method("keys", &[]).map(|k| builtins::type_(&k)) => "<class 'dict_keys'>";
        "type({}.items())" => Obj::dict().call_method("items", &[]).map(|k| builtins::type_(&k)) => "<class 'dict_items'>";
        "type(iter([]))" => list([]).iter().map(|it| builtins::type_(&it)) => "<class 'list_iterator'>";
        "type(iter(()))" => tuple([]).iter().map(|it| builtins::type_(&it)) => "<class 'tuple_iterator'>";
        "type(iter('a'))" => s("a").iter().map(|it| builtins::type_(&it)) => "<class 'str_ascii_iterator'>";
        "type(iter('é'))" => s("é").iter().map(|it| builtins::type_(&it)) => "<class 'str_iterator'>";
        "type(iter({}))" => Obj::dict().iter().map(|it| builtins::type_(&it)) => "<class 'dict_keyiterator'>";
        "type(iter(set()))" => set([]).iter().map(|it| builtins::type_(&it)) => "<class 'set_iterator'>";
        "type(slice(1))" => call("type", &[Obj::slice(None, Some(i(1)), None)]) => "<class 'slice'>";
        "slice(1, 2)" => Ok(Obj::slice(Some(i(1)), Some(i(2)), None)) => "slice(1, 2, None)";
        "type(KeyError('k'))" => Ok(builtins::type_(&key_error)) => "<class 'KeyError'>";
        "isinstance(True, int)" => builtins::isinstance(&b(true), &ty("int")).map(Obj::from) => "True";
        "isinstance(1, bool)" => builtins::isinstance(&i(1), &ty("bool")).map(Obj::from) => "False";
        "isinstance(1, (str, int))" => builtins::isinstance(&i(1), &tuple([ty("str"), ty("int")])).map(Obj::from) => "True";
        "isinstance(1, (str, (list, int)))" => builtins::isinstance(&i(1), &tuple([ty("str"), tuple([ty("list"), ty("int")])])).map(Obj::from) => "True";
        "isinstance([], list)" => builtins::isinstance(&list([]), &ty("list")).map(Obj::from) => "True";
        "isinstance({}, list)" => builtins::isinstance(&Obj::dict(), &ty("list")).map(Obj::from) => "False";
        "isinstance(KeyError('k'), LookupError)" => builtins::isinstance(&key_error, &ty("LookupError")).map(Obj::from) => "True";
        "isinstance(KeyError('k'), Exception)" => builtins::isinstance(&key_error, &ty("Exception")).map(Obj::from) => "True";
        "isinstance(int, type)" => builtins::isinstance(&ty("int"), &ty("type")).map(Obj::from) => "True";
        "isinstance(1, 2)" => builtins::isinstance(&i(1), &i(2)).map(Obj::from) => "!! TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union";
        "isinstance(1)" => call("isinstance", &[i(1)]) => "!! TypeError: isinstance expected 2 arguments, got 1";
        "int('5') + float('0.5')" => ty("int").call(&[s("5")]).and_then(|n| n.add(&ty("float").call(&[s("0.5")])?)) => "5.5";
        "KeyError('k')" => ty("KeyError").call(&[s("k")]) => "KeyError('k')";
        "type(None)()" => builtins::type_(&none()).call(&[]) => "None";
    }
    assert!(builtins::get("nope").is_none());
    assert!(
        builtins::get("len")
            .unwrap()
            .is(&builtins::get("len").unwrap())
    );
    assert!(builtins::get("int").unwrap().is(&builtins::type_(&i(1))));
}

#[test]
fn rust_values_convert_to_objects_and_back() {
    use pyobj_runtime::IntoObj;
    assert_eq!(vec![1, 2].into_obj().repr().unwrap(), "[1, 2]");
    assert_eq!(vec!["a", "b"].into_obj().repr().unwrap(), "['a', 'b']");
    assert_eq!(Some(1.5).into_obj().repr().unwrap(), "1.5");
    assert!(None::<i64>.into_obj().is_none());
    assert_eq!(
        ints([1, 2, 3]).extract::<Vec<i64>>().unwrap(),
        vec![1, 2, 3]
    );
    assert_eq!(
        list([i(1), none()]).extract::<Vec<Option<i64>>>().unwrap(),
        vec![Some(1), None]
    );
    assert!(b(true).extract::<bool>().unwrap());
    assert_eq!(
        i(1).extract::<bool>().unwrap_err().to_string(),
        "TypeError: 'int' object cannot be interpreted as a bool"
    );
}
