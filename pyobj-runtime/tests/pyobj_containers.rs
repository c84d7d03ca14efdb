//! Step 5 of the object model: `list`, `tuple`, `dict` and `set`.
//!
//! Their methods, operators, `repr` (including recursive containers) and error texts as
//! CPython 3.11 prints them; sets iterate in CPython's order (its hash table, probe for
//! probe, with `PYTHONHASHSEED=0` string hashes); tuples and dicts of atoms are not
//! tracked by the collector; cycles through any of them are collected.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins, gc};
use pyobj_support::{after, b, dict, f, i, list, none, s, set, tuple};

fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

fn sl(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Obj {
    Obj::slice(start.map(i), stop.map(i), step.map(i))
}

fn kw(obj: &Obj, name: &str, keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    obj.call_method_with(name, &Args::new(&[], keywords))
}

fn sorted_kw(iterable: Obj, keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    builtins::get("sorted")
        .unwrap()
        .call_with(&Args::new(&[iterable], keywords))
}

#[test]
fn list_methods_follow_python() {
    table! {
        "a = [1, 2] ;; a.append(3) ;; a" => after(&ints([1, 2]), |a| a.call_method("append", &[i(3)])) => "[1, 2, 3]";
        "a = [1] ;; a.extend((2, 3)) ;; a" => after(&ints([1]), |a| a.call_method("extend", &[tuple([i(2), i(3)])])) => "[1, 2, 3]";
        "a = [1] ;; a.extend(a) ;; a" => after(&ints([1]), |a| a.call_method("extend", std::slice::from_ref(a))) => "[1, 1]";
        "a = [1, 2] ;; a.insert(0, 0) ;; a" => after(&ints([1, 2]), |a| a.call_method("insert", &[i(0), i(0)])) => "[0, 1, 2]";
        "a = [1, 2] ;; a.insert(-1, 9) ;; a" => after(&ints([1, 2]), |a| a.call_method("insert", &[i(-1), i(9)])) => "[1, 9, 2]";
        "a = [1, 2] ;; a.insert(99, 9) ;; a" => after(&ints([1, 2]), |a| a.call_method("insert", &[i(99), i(9)])) => "[1, 2, 9]";
        "a = [1, 2] ;; a.insert(-99, 9) ;; a" => after(&ints([1, 2]), |a| a.call_method("insert", &[i(-99), i(9)])) => "[9, 1, 2]";
        "[1, 2, 3].pop()" => ints([1, 2, 3]).call_method("pop", &[]) => "3";
        "[1, 2, 3].pop(0)" => ints([1, 2, 3]).call_method("pop", &[i(0)]) => "1";
        "[].pop()" => ints([]).call_method("pop", &[]) => "!! IndexError: pop from empty list";
        "[1].pop(5)" => ints([1]).call_method("pop", &[i(5)]) => "!! IndexError: pop index out of range";
        "[].pop(1, 2)" => ints([]).call_method("pop", &[i(1), i(2)]) => "!! TypeError: pop expected at most 1 argument, got 2";
        "a = [1, 2, 1] ;; a.remove(1) ;; a" => after(&ints([1, 2, 1]), |a| a.call_method("remove", &[i(1)])) => "[2, 1]";
        "[].remove(1)" => ints([]).call_method("remove", &[i(1)]) => "!! ValueError: list.remove(x): x not in list";
        "[1, 2, 3, 2].index(2)" => ints([1, 2, 3, 2]).call_method("index", &[i(2)]) => "1";
        "[1, 2, 3, 2].index(2, 2)" => ints([1, 2, 3, 2]).call_method("index", &[i(2), i(2)]) => "3";
        "[1, 2, 3].index(1, 1)" => ints([1, 2, 3]).call_method("index", &[i(1), i(1)]) => "!! ValueError: 1 is not in list";
        "['a'].index('b')" => list([s("a")]).call_method("index", &[s("b")]) => "!! ValueError: 'b' is not in list";
        "[1, 1.0, True].count(1)" => list([i(1), f(1.0), b(true)]).call_method("count", &[i(1)]) => "3";
        "a = [1, 2] ;; a.clear() ;; a" => after(&ints([1, 2]), |a| a.call_method("clear", &[])) => "[]";
        "a = [1, 2, 3] ;; a.reverse() ;; a" => after(&ints([1, 2, 3]), |a| a.call_method("reverse", &[])) => "[3, 2, 1]";
        "a = [3, 1, 2] ;; a.sort() ;; a" => after(&ints([3, 1, 2]), |a| a.call_method("sort", &[])) => "[1, 2, 3]";
        "a = [3, 1, 2] ;; a.sort(reverse=True) ;; a" => after(&ints([3, 1, 2]), |a| kw(a, "sort", &[("reverse", b(true))])) => "[3, 2, 1]";
        "a = ['bb', 'a', 'ccc'] ;; a.sort(key=len) ;; a" => after(&list([s("bb"), s("a"), s("ccc")]), |a| kw(a, "sort", &[("key", builtins::get("len").unwrap())])) => "['a', 'bb', 'ccc']";
        "sorted(['bb', 'a', 'cc', 'd'], key=len, reverse=True)" => sorted_kw(list([s("bb"), s("a"), s("cc"), s("d")]), &[("key", builtins::get("len").unwrap()), ("reverse", b(true))]) => "['bb', 'cc', 'a', 'd']";
        "sorted([(1, 'b'), (0, 'z'), (1, 'a')])" => builtins::sorted(&list([tuple([i(1), s("b")]), tuple([i(0), s("z")]), tuple([i(1), s("a")])])) => "[(0, 'z'), (1, 'a'), (1, 'b')]";
        "[3, 'a'].sort()" => list([i(3), s("a")]).call_method("sort", &[]) => "!! TypeError: '<' not supported between instances of 'str' and 'int'";
        "[].sort(1)" => ints([]).call_method("sort", &[i(1)]) => "!! TypeError: sort() takes no positional arguments";
        "[].sort(foo=1)" => kw(&ints([]), "sort", &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for sort()";
        "a = [1] ;; a.sort(key=a.append)" => { let a = ints([1]); kw(&a, "sort", &[("key", a.getattr("append").unwrap())]) } => "!! ValueError: list modified during sort";
        "a = [1] ;; a.sort(key=a.append) if False else None ;; a" => { let a = ints([1]); let _ = kw(&a, "sort", &[("key", a.getattr("append").unwrap())]); Ok(a) } => "[1]";
        "a = [1, 2] ;; b = a.copy() ;; b.append(3) ;; (a, b)" => { let a = ints([1, 2]); let b = a.call_method("copy", &[]).unwrap(); b.call_method("append", &[i(3)]).unwrap(); Ok(tuple([a, b])) } => "([1, 2], [1, 2, 3])";
        "[].append()" => ints([]).call_method("append", &[]) => "!! TypeError: list.append() takes exactly one argument (0 given)";
        "[].append(x=1)" => kw(&ints([]), "append", &[("x", i(1))]) => "!! TypeError: list.append() takes no keyword arguments";
        "[].copy(1)" => ints([]).call_method("copy", &[i(1)]) => "!! TypeError: list.copy() takes no arguments (1 given)";
        "[].insert(1)" => ints([]).call_method("insert", &[i(1)]) => "!! TypeError: insert expected 2 arguments, got 1";
        "[].index()" => ints([]).call_method("index", &[]) => "!! TypeError: index expected at least 1 argument, got 0";
        "[1].insert('a', 1)" => ints([1]).call_method("insert", &[s("a"), i(1)]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
    }
}

#[test]
fn list_items_slices_and_operators_follow_python() {
    table! {
        "[1, 2, 3][-1]" => ints([1, 2, 3]).get_item(&i(-1)) => "3";
        "[][0]" => ints([]).get_item(&i(0)) => "!! IndexError: list index out of range";
        "[1][1.5]" => ints([1]).get_item(&f(1.5)) => "!! TypeError: list indices must be integers or slices, not float";
        "[1]['a']" => ints([1]).get_item(&s("a")) => "!! TypeError: list indices must be integers or slices, not str";
        "[0, 1, 2, 3, 4][1:3]" => ints([0, 1, 2, 3, 4]).get_item(&sl(Some(1), Some(3), None)) => "[1, 2]";
        "[0, 1, 2, 3, 4][::-2]" => ints([0, 1, 2, 3, 4]).get_item(&sl(None, None, Some(-2))) => "[4, 2, 0]";
        "[0, 1, 2, 3, 4][-100:100]" => ints([0, 1, 2, 3, 4]).get_item(&sl(Some(-100), Some(100), None)) => "[0, 1, 2, 3, 4]";
        "a = [1, 2] ;; a[0] = 9 ;; a" => after(&ints([1, 2]), |a| a.set_item(&i(0), &i(9)).map(|()| none())) => "[9, 2]";
        "a = [1, 2] ;; a[2] = 9" => ints([1, 2]).set_item(&i(2), &i(9)).map(|()| none()) => "!! IndexError: list assignment index out of range";
        "a = [1, 2] ;; del a[0] ;; a" => after(&ints([1, 2]), |a| a.del_item(&i(0)).map(|()| none())) => "[2]";
        "a = [] ;; del a[0]" => ints([]).del_item(&i(0)).map(|()| none()) => "!! IndexError: list assignment index out of range";
        "a = [0, 1, 2, 3] ;; a[1:3] = [7, 8, 9] ;; a" => after(&ints([0, 1, 2, 3]), |a| a.set_item(&sl(Some(1), Some(3), None), &ints([7, 8, 9])).map(|()| none())) => "[0, 7, 8, 9, 3]";
        "a = [0, 1, 2, 3] ;; a[1:1] = 'xy' ;; a" => after(&ints([0, 1, 2, 3]), |a| a.set_item(&sl(Some(1), Some(1), None), &s("xy")).map(|()| none())) => "[0, 'x', 'y', 1, 2, 3]";
        "a = [0, 1, 2, 3] ;; a[3:1] = [9] ;; a" => after(&ints([0, 1, 2, 3]), |a| a.set_item(&sl(Some(3), Some(1), None), &ints([9])).map(|()| none())) => "[0, 1, 2, 9, 3]";
        "a = [0, 1, 2, 3] ;; a[::2] = [8, 9] ;; a" => after(&ints([0, 1, 2, 3]), |a| a.set_item(&sl(None, None, Some(2)), &ints([8, 9])).map(|()| none())) => "[8, 1, 9, 3]";
        "a = [0, 1, 2, 3] ;; a[::2] = [1, 2, 3]" => ints([0, 1, 2, 3]).set_item(&sl(None, None, Some(2)), &ints([1, 2, 3])).map(|()| none()) => "!! ValueError: attempt to assign sequence of size 3 to extended slice of size 2";
        "a = [0, 1] ;; a[:] = 5" => ints([0, 1]).set_item(&sl(None, None, None), &i(5)).map(|()| none()) => "!! TypeError: can only assign an iterable";
        "a = [0, 1] ;; a[:] = a ;; a" => after(&ints([0, 1]), |a| a.set_item(&sl(None, None, None), a).map(|()| none())) => "[0, 1]";
        "a = [0, 1, 2, 3, 4] ;; del a[::2] ;; a" => after(&ints([0, 1, 2, 3, 4]), |a| a.del_item(&sl(None, None, Some(2))).map(|()| none())) => "[1, 3]";
        "a = [0, 1, 2, 3, 4] ;; del a[1:-1] ;; a" => after(&ints([0, 1, 2, 3, 4]), |a| a.del_item(&sl(Some(1), Some(-1), None)).map(|()| none())) => "[0, 4]";
        "[1] + [2]" => ints([1]).add(&ints([2])) => "[1, 2]";
        "[1] + (2,)" => ints([1]).add(&tuple([i(2)])) => "!! TypeError: can only concatenate list (not \"tuple\") to list";
        "[1, 2] * 2" => ints([1, 2]).mul(&i(2)) => "[1, 2, 1, 2]";
        "[1] * 'a'" => ints([1]).mul(&s("a")) => "!! TypeError: can't multiply sequence by non-int of type 'str'";
        "2 in [1, 2]" => ints([1, 2]).contains(&i(2)).map(Obj::from) => "True";
        "2.0 in [1, 2]" => ints([1, 2]).contains(&f(2.0)).map(Obj::from) => "True";
        "[1, 2] == [1, 2]" => ints([1, 2]).eq(&ints([1, 2])).map(Obj::from) => "True";
        "[1, 2] < [1, 3]" => ints([1, 2]).lt(&ints([1, 3])).map(Obj::from) => "True";
        "[1, 2] < [1, 2, 0]" => ints([1, 2]).lt(&ints([1, 2, 0])).map(Obj::from) => "True";
        "[1] == (1,)" => ints([1]).eq(&tuple([i(1)])).map(Obj::from) => "False";
        "[1] < (1,)" => ints([1]).lt(&tuple([i(1)])).map(Obj::from) => "!! TypeError: '<' not supported between instances of 'list' and 'tuple'";
        "x = float('nan') ;; [x] == [x]" => { let x = f(f64::NAN); list([x.clone()]).eq(&list([x])).map(Obj::from) } => "True";
        "[float('nan')] == [float('nan')]" => list([f(f64::NAN)]).eq(&list([f(f64::NAN)])).map(Obj::from) => "False";
        "len([1, 2, 3])" => builtins::len(&ints([1, 2, 3])) => "3";
        "list('abc')" => builtins::list(&s("abc")) => "['a', 'b', 'c']";
        "list(1)" => builtins::list(&i(1)) => "!! TypeError: 'int' object is not iterable";
        "[[]] * 2" => list([list([])]).mul(&i(2)) => "[[], []]";
    }
}

#[test]
fn recursive_containers_print_with_ellipses() {
    let a = list([i(1)]);
    a.call_method("append", std::slice::from_ref(&a)).unwrap(); // a.append(a)
    let d = dict([(s("k"), i(1))]);
    d.set_item(&s("self"), &d).unwrap(); // d['self'] = d
    let outer = list([d.clone(), a.clone()]);
    let t = tuple([list([])]);
    t.get_item(&i(0))
        .unwrap()
        .call_method("append", std::slice::from_ref(&t))
        .unwrap();
    let st = set([i(1)]);
    let holder = list([st.clone()]);
    table! {
        "a = [1] ;; a.append(a) ;; a" => Ok(a.clone()) => "[1, [...]]";
        "d = {'k': 1} ;; d['self'] = d ;; d" => Ok(d.clone()) => "{'k': 1, 'self': {...}}";
        "d = {'k': 1} ;; d['self'] = d ;; a = [1] ;; a.append(a) ;; [d, a]" => Ok(outer) => "[{'k': 1, 'self': {...}}, [1, [...]]]";
        "t = ([],) ;; t[0].append(t) ;; t" => Ok(t.clone()) => "([(...)],)";
        "[{1}]" => Ok(holder) => "[{1}]";
    }
    for obj in [a, d, t] {
        obj.as_any(); // keep them alive until here
    }
    assert_eq!(st.repr().unwrap(), "{1}");
}

#[test]
fn tuples_follow_python() {
    table! {
        "(1,)" => Ok(tuple([i(1)])) => "(1,)";
        "()" => Ok(tuple([])) => "()";
        "(1, 'a', None)" => Ok(tuple([i(1), s("a"), none()])) => "(1, 'a', None)";
        "(1, 2) + (3,)" => tuple([i(1), i(2)]).add(&tuple([i(3)])) => "(1, 2, 3)";
        "(1,) + [1]" => tuple([i(1)]).add(&ints([1])) => "!! TypeError: can only concatenate tuple (not \"list\") to tuple";
        "(1, 2) * 2" => tuple([i(1), i(2)]).mul(&i(2)) => "(1, 2, 1, 2)";
        "(1, 2)[5]" => tuple([i(1), i(2)]).get_item(&i(5)) => "!! IndexError: tuple index out of range";
        "(1, 2, 3)[::-1]" => tuple([i(1), i(2), i(3)]).get_item(&sl(None, None, Some(-1))) => "(3, 2, 1)";
        "(1, 2).index(5)" => tuple([i(1), i(2)]).call_method("index", &[i(5)]) => "!! ValueError: tuple.index(x): x not in tuple";
        "(1, 2, 1).count(1)" => tuple([i(1), i(2), i(1)]).call_method("count", &[i(1)]) => "2";
        "(1, 2) < (1, 2, 3)" => tuple([i(1), i(2)]).lt(&tuple([i(1), i(2), i(3)])).map(Obj::from) => "True";
        "(1, 'a') < (1, 'b')" => tuple([i(1), s("a")]).lt(&tuple([i(1), s("b")])).map(Obj::from) => "True";
        "(1, 'a') < (1, 2)" => tuple([i(1), s("a")]).lt(&tuple([i(1), i(2)])).map(Obj::from) => "!! TypeError: '<' not supported between instances of 'str' and 'int'";
        "hash((1, 2))" => builtins::hash(&tuple([i(1), i(2)])) => "-3550055125485641917";
        "hash(())" => builtins::hash(&tuple([])) => "5740354900026072187";
        "hash((1, (2, 3)))" => builtins::hash(&tuple([i(1), tuple([i(2), i(3)])])) => "7267574591690527098";
        "hash(('a', 1.5, None is None))" => builtins::hash(&tuple([s("a"), f(1.5), b(true)])) => "267155094819734339";
        "hash((1, []))" => builtins::hash(&tuple([i(1), list([])])) => "!! TypeError: unhashable type: 'list'";
        "tuple([1, 2])" => builtins::tuple(&ints([1, 2])) => "(1, 2)";
    }
    let t = tuple([i(1)]);
    assert!(builtins::tuple(&t).unwrap().is(&t)); // tuple(t) is t
}

#[test]
fn tuples_of_atoms_are_not_tracked() {
    assert!(!tuple([i(1), s("a"), f(1.5), none()]).is_tracked());
    assert!(!tuple([tuple([i(1)]), i(2)]).is_tracked());
    assert!(tuple([list([])]).is_tracked());
    // An empty dict may become a container of containers: the tuple stays tracked.
    assert!(tuple([Obj::dict()]).is_tracked());
    assert!(tuple([tuple([list([])])]).is_tracked());
    assert!(gc::is_tracked(&tuple([list([])])));
}

#[test]
fn dicts_keep_insertion_order() {
    table! {
        "{'b': 1, 'a': 2}" => Ok(dict([(s("b"), i(1)), (s("a"), i(2))])) => "{'b': 1, 'a': 2}";
        "d = {'a': 1, 'b': 2} ;; d['a'] = 3 ;; d" => after(&dict([(s("a"), i(1)), (s("b"), i(2))]), |d| d.set_item(&s("a"), &i(3)).map(|()| none())) => "{'a': 3, 'b': 2}";
        "d = {'a': 1, 'b': 2} ;; del d['a'] ;; d['a'] = 1 ;; d" => after(&dict([(s("a"), i(1)), (s("b"), i(2))]), |d| { d.del_item(&s("a"))?; d.set_item(&s("a"), &i(1)).map(|()| none()) }) => "{'b': 2, 'a': 1}";
        "{1: 'a', 1.0: 'b', True: 'c'}" => Ok(dict([(i(1), s("a")), (f(1.0), s("b")), (b(true), s("c"))])) => "{1: 'c'}";
        "{}" => Ok(Obj::dict()) => "{}";
        "{(1, 2): [3]}" => Ok(dict([(tuple([i(1), i(2)]), ints([3]))])) => "{(1, 2): [3]}";
        "{'a': 1}['b']" => dict([(s("a"), i(1))]).get_item(&s("b")) => "!! KeyError: 'b'";
        "{}[[]]" => Obj::dict().get_item(&list([])) => "!! TypeError: unhashable type: 'list'";
        "{}[(1, [])] = 1" => Obj::dict().set_item(&tuple([i(1), list([])]), &i(1)).map(|()| none()) => "!! TypeError: unhashable type: 'list'";
        "d = {} ;; del d['x']" => Obj::dict().del_item(&s("x")).map(|()| none()) => "!! KeyError: 'x'";
        "{'a': 1}.get('a')" => dict([(s("a"), i(1))]).call_method("get", &[s("a")]) => "1";
        "{'a': 1}.get('b')" => dict([(s("a"), i(1))]).call_method("get", &[s("b")]) => "None";
        "{'a': 1}.get('b', 0)" => dict([(s("a"), i(1))]).call_method("get", &[s("b"), i(0)]) => "0";
        "{}.get()" => Obj::dict().call_method("get", &[]) => "!! TypeError: get expected at least 1 argument, got 0";
        "d = {} ;; d.setdefault('a', []).append(1) ;; d" => after(&Obj::dict(), |d| d.call_method("setdefault", &[s("a"), list([])])?.call_method("append", &[i(1)])) => "{'a': [1]}";
        "{'a': 1}.setdefault('a', 5)" => dict([(s("a"), i(1))]).call_method("setdefault", &[s("a"), i(5)]) => "1";
        "{'a': 1}.pop('a')" => dict([(s("a"), i(1))]).call_method("pop", &[s("a")]) => "1";
        "{'a': 1}.pop('b', None)" => dict([(s("a"), i(1))]).call_method("pop", &[s("b"), none()]) => "None";
        "{'a': 1}.pop('b')" => dict([(s("a"), i(1))]).call_method("pop", &[s("b")]) => "!! KeyError: 'b'";
        "{'a': 1, 'b': 2}.popitem()" => dict([(s("a"), i(1)), (s("b"), i(2))]).call_method("popitem", &[]) => "('b', 2)";
        "{}.popitem()" => Obj::dict().call_method("popitem", &[]) => "!! KeyError: 'popitem(): dictionary is empty'";
        "{'a': 1, 'b': 2}.keys()" => dict([(s("a"), i(1)), (s("b"), i(2))]).call_method("keys", &[]) => "dict_keys(['a', 'b'])";
        "{'a': 1, 'b': 2}.values()" => dict([(s("a"), i(1)), (s("b"), i(2))]).call_method("values", &[]) => "dict_values([1, 2])";
        "{'a': 1, 'b': 2}.items()" => dict([(s("a"), i(1)), (s("b"), i(2))]).call_method("items", &[]) => "dict_items([('a', 1), ('b', 2)])";
        "len({'a': 1}.items())" => builtins::len(&dict([(s("a"), i(1))]).call_method("items", &[]).unwrap()) => "1";
        "('a', 1) in {'a': 1}.items()" => dict([(s("a"), i(1))]).call_method("items", &[]).unwrap().contains(&tuple([s("a"), i(1)])).map(Obj::from) => "True";
        "1 in {'a': 1}.values()" => dict([(s("a"), i(1))]).call_method("values", &[]).unwrap().contains(&i(1)).map(Obj::from) => "True";
        "list({'a': 1, 'b': 2})" => builtins::list(&dict([(s("a"), i(1)), (s("b"), i(2))])) => "['a', 'b']";
        "d = {'a': 1} ;; d.update({'b': 2}, c=3) ;; d" => after(&dict([(s("a"), i(1))]), |d| d.call_method_with("update", &Args::new(&[dict([(s("b"), i(2))])], &[("c", i(3))]))) => "{'a': 1, 'b': 2, 'c': 3}";
        "d = {} ;; d.update([('x', 1), ('y', 2)]) ;; d" => after(&Obj::dict(), |d| d.call_method("update", &[list([tuple([s("x"), i(1)]), tuple([s("y"), i(2)])])])) => "{'x': 1, 'y': 2}";
        "{}.update(1)" => Obj::dict().call_method("update", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "{}.update([1])" => Obj::dict().call_method("update", &[ints([1])]) => "!! TypeError: cannot convert dictionary update sequence element #0 to a sequence";
        "{}.update([(1, 2, 3)])" => Obj::dict().call_method("update", &[list([tuple([i(1), i(2), i(3)])])]) => "!! ValueError: dictionary update sequence element #0 has length 3; 2 is required";
        "dict([('a', 1)], b=2)" => builtins::get("dict").unwrap().call_with(&Args::new(&[list([tuple([s("a"), i(1)])])], &[("b", i(2))])) => "{'a': 1, 'b': 2}";
        "dict(['ab', 'cd'])" => builtins::dict(&list([s("ab"), s("cd")])) => "{'a': 'b', 'c': 'd'}";
        "d = {'a': 1} ;; d.clear() ;; d" => after(&dict([(s("a"), i(1))]), |d| d.call_method("clear", &[])) => "{}";
        "{'a': [1]}.copy()" => dict([(s("a"), ints([1]))]).call_method("copy", &[]) => "{'a': [1]}";
        "'a' in {'a': 1}" => dict([(s("a"), i(1))]).contains(&s("a")).map(Obj::from) => "True";
        "{'a': 1} == {'a': 1.0}" => dict([(s("a"), i(1))]).eq(&dict([(s("a"), f(1.0))])).map(Obj::from) => "True";
        "{'a': 1, 'b': 2} == {'b': 2, 'a': 1}" => dict([(s("a"), i(1)), (s("b"), i(2))]).eq(&dict([(s("b"), i(2)), (s("a"), i(1))])).map(Obj::from) => "True";
        "{'a': 1} < {'a': 2}" => dict([(s("a"), i(1))]).lt(&dict([(s("a"), i(2))])).map(Obj::from) => "!! TypeError: '<' not supported between instances of 'dict' and 'dict'";
        "{}.keys(1)" => Obj::dict().call_method("keys", &[i(1)]) => "!! TypeError: dict.keys() takes no arguments (1 given)";
    }
}

#[test]
fn a_dict_with_many_keys_keeps_order_through_deletions() {
    let d = Obj::dict();
    let py_d = (0..200).map(|k| (k * 37) % 211).collect::<Vec<i64>>();
    for &k in &py_d {
        d.set_item(&i(k), &i(k * k)).unwrap();
    }
    for &k in py_d.iter().step_by(3) {
        d.del_item(&i(k)).unwrap();
    }
    let expected: Vec<i64> = py_d
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 3 != 0)
        .map(|(_, &k)| k)
        .collect();
    let keys: Vec<i64> = d.extract::<Vec<i64>>().unwrap();
    assert_eq!(keys, expected);
    assert_eq!(d.len().unwrap(), expected.len());
    assert_eq!(
        d.get_item(&i(37)).unwrap().repr().unwrap(),
        "1369",
        "d[37] == 37 * 37"
    );
}

#[test]
fn iterating_over_a_changing_dict_or_set_raises() {
    let d = dict([(s("a"), i(1))]);
    let it = d.iter().unwrap();
    d.set_item(&s("b"), &i(2)).unwrap();
    assert_eq!(
        it.next_item().unwrap_err().to_string(),
        "RuntimeError: dictionary changed size during iteration"
    );
    let st = set([i(1)]);
    let it = st.iter().unwrap();
    st.call_method("add", &[i(2)]).unwrap();
    assert_eq!(
        it.next_item().unwrap_err().to_string(),
        "RuntimeError: Set changed size during iteration"
    );
    // A list iterator reads the list as it is now.
    let a = ints([1]);
    let it = a.iter().unwrap();
    assert_eq!(it.next_item().unwrap().unwrap().repr().unwrap(), "1");
    a.call_method("append", &[i(2)]).unwrap();
    assert_eq!(it.next_item().unwrap().unwrap().repr().unwrap(), "2");
    assert!(it.next_item().unwrap().is_none());
}

#[test]
fn dicts_are_tracked_once_they_may_hold_a_cycle() {
    let d = Obj::dict();
    assert!(!d.is_tracked()); // gc.is_tracked({}) is False
    d.set_item(&s("a"), &i(1)).unwrap();
    d.set_item(&i(2), &tuple([i(1), s("x")])).unwrap();
    assert!(!d.is_tracked()); // atoms only
    d.set_item(&s("b"), &list([])).unwrap();
    assert!(d.is_tracked()); // now it holds a list
    assert!(dict([(s("x"), Obj::dict())]).is_tracked());
    assert!(!dict([(s("x"), i(1))]).is_tracked());
}

#[test]
fn sets_iterate_in_cpythons_order() {
    let ops = || -> PyResult<Obj> {
        let st = set([]);
        for x in 0..60 {
            st.call_method("add", &[i(x * 7 % 101)])?;
        }
        for x in (0..101).step_by(3) {
            st.call_method("discard", &[i(x)])?;
        }
        for x in 0..10 {
            st.call_method("add", &[i(x * 1000)])?;
        }
        Ok(st)
    };
    let popped = || -> PyResult<Obj> {
        let st = set([i(5), i(13), i(21), i(-3)]);
        let first = st.call_method("pop", &[])?;
        let second = st.call_method("pop", &[])?;
        Ok(tuple([first, second, st]))
    };
    let words = [
        "apple",
        "banana",
        "cherry",
        "date",
        "elderberry",
        "fig",
        "grape",
    ];
    table! {
        "set([3, 1, 2])" => Ok(set([i(3), i(1), i(2)])) => "{1, 2, 3}";
        "set([10, 100, 1000, 8, 16])" => Ok(set([i(10), i(100), i(1000), i(8), i(16)])) => "{100, 1000, 8, 10, 16}";
        "set([-1, -2, 0])" => Ok(set([i(-1), i(-2), i(0)])) => "{0, -1, -2}";
        "set([1.5, 2, 'a', True, (1, 2)])" => Ok(set([f(1.5), i(2), s("a"), b(true), tuple([i(1), i(2)])])) => "{1.5, 2, (1, 2), True, 'a'}";
        "set(['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape'])" => Obj::set(words.map(s)) => "{'banana', 'apple', 'cherry', 'fig', 'date', 'grape', 'elderberry'}";
        "set('mississippi')" => builtins::set(&s("mississippi")) => "{'p', 'm', 's', 'i'}";
        "s = set() ;; [s.add(x * 7 % 101) for x in range(60)] ;; [s.discard(x) for x in range(0, 101, 3)] ;; [s.add(x * 1000) for x in range(10)] ;; s" => ops() => "{0, 1, 2, 4, 5, 7, 8, 5000, 11, 14, 19, 22, 25, 26, 28, 29, 32, 4000, 35, 40, 9000, 43, 46, 47, 49, 50, 53, 56, 3000, 61, 64, 8000, 67, 68, 70, 71, 74, 77, 2000, 82, 85, 88, 89, 7000, 91, 92, 95, 98, 1000, 6000}";
        "s = set([5, 13, 21, -3]) ;; (s.pop(), s.pop(), s)" => popped() => "(-3, 13, {21, 5})";
        "set()" => Ok(set([])) => "set()";
        "set([2, 1, 0])" => builtins::set(&ints([2, 1, 0])) => "{0, 1, 2}";
    }
}

#[test]
fn set_operations_follow_python() {
    let a = || set([i(1), i(2), i(3), i(40)]);
    let b = || set([i(3), i(40), i(5), i(16)]);
    table! {
        "{1, 2, 3, 40} | {3, 40, 5, 16}" => a().bitor(&b()) => "{1, 2, 3, 5, 40, 16}";
        "{1, 2, 3, 40} & {3, 40, 5, 16}" => a().bitand(&b()) => "{40, 3}";
        "{1, 2, 3, 40} - {3, 40, 5, 16}" => a().sub(&b()) => "{1, 2}";
        "{1, 2, 3, 40} ^ {3, 40, 5, 16}" => a().bitxor(&b()) => "{1, 2, 5, 16}";
        "{3, 40, 5, 16} ^ {1, 2, 3, 40}" => b().bitxor(&a()) => "{1, 2, 5, 16}";
        "{1, 2} | [3]" => set([i(1), i(2)]).bitor(&ints([3])) => "!! TypeError: unsupported operand type(s) for |: 'set' and 'list'";
        "{1, 2}.union([3], (4,))" => set([i(1), i(2)]).call_method("union", &[ints([3]), tuple([i(4)])]) => "{1, 2, 3, 4}";
        "{1, 2, 3}.intersection([2, 3, 4])" => set([i(1), i(2), i(3)]).call_method("intersection", &[ints([2, 3, 4])]) => "{2, 3}";
        "{1, 2, 3}.difference([2], {3})" => set([i(1), i(2), i(3)]).call_method("difference", &[ints([2]), set([i(3)])]) => "{1}";
        "{1, 2}.symmetric_difference([2, 3])" => set([i(1), i(2)]).call_method("symmetric_difference", &[ints([2, 3])]) => "{1, 3}";
        "{1, 2} <= {1, 2, 3}" => set([i(1), i(2)]).compare(&set([i(1), i(2), i(3)]), pyobj_runtime::CompareOp::Le).map(Obj::from) => "True";
        "{1, 2} < {1, 2}" => set([i(1), i(2)]).lt(&set([i(1), i(2)])).map(Obj::from) => "False";
        "{1, 2} == {2, 1}" => set([i(1), i(2)]).eq(&set([i(2), i(1)])).map(Obj::from) => "True";
        "{1, 2} >= {1}" => set([i(1), i(2)]).compare(&set([i(1)]), pyobj_runtime::CompareOp::Ge).map(Obj::from) => "True";
        "{1, 2} > {3}" => set([i(1), i(2)]).compare(&set([i(3)]), pyobj_runtime::CompareOp::Gt).map(Obj::from) => "False";
        "{1} == [1]" => set([i(1)]).eq(&ints([1])).map(Obj::from) => "False";
        "{1, 2}.issubset([1, 2, 3])" => set([i(1), i(2)]).call_method("issubset", &[ints([1, 2, 3])]) => "True";
        "{1, 2}.issuperset([1])" => set([i(1), i(2)]).call_method("issuperset", &[ints([1])]) => "True";
        "{1, 2}.isdisjoint([3])" => set([i(1), i(2)]).call_method("isdisjoint", &[ints([3])]) => "True";
        "s = {1, 2} ;; s.add(3) ;; s.discard(1) ;; s.discard(9) ;; s" => after(&set([i(1), i(2)]), |st| { st.call_method("add", &[i(3)])?; st.call_method("discard", &[i(1)])?; st.call_method("discard", &[i(9)]) }) => "{2, 3}";
        "{1}.remove(2)" => set([i(1)]).call_method("remove", &[i(2)]) => "!! KeyError: 2";
        "set().pop()" => set([]).call_method("pop", &[]) => "!! KeyError: 'pop from an empty set'";
        "set().add([])" => set([]).call_method("add", &[list([])]) => "!! TypeError: unhashable type: 'list'";
        "[] in {1}" => set([i(1)]).contains(&list([])).map(Obj::from) => "!! TypeError: unhashable type: 'list'";
        "1.0 in {1}" => set([i(1)]).contains(&f(1.0)).map(Obj::from) => "True";
        "s = {1, 2} ;; s.clear() ;; s" => after(&set([i(1), i(2)]), |st| st.call_method("clear", &[])) => "set()";
        "s = {1, 2} ;; s.update([3], {4}) ;; s" => after(&set([i(1), i(2)]), |st| st.call_method("update", &[ints([3]), set([i(4)])])) => "{1, 2, 3, 4}";
        "{1, 2}.copy()" => set([i(1), i(2)]).call_method("copy", &[]) => "{1, 2}";
        "hash({1})" => builtins::hash(&set([i(1)])) => "!! TypeError: unhashable type: 'set'";
        "set(1)" => builtins::set(&i(1)) => "!! TypeError: 'int' object is not iterable";
    }
}

#[test]
fn big_sets_grow_and_shrink_like_cpythons() {
    let grown = || -> PyResult<Obj> {
        let st = set([]);
        for x in 0..1000 {
            st.call_method("add", &[i(x * 7919 % 10007)])?;
        }
        for x in 0..900 {
            st.call_method("discard", &[i(x * 7919 % 10007)])?;
        }
        let small = Obj::set([i(9999), i(1), i(123_456)])?;
        st.call_method("update", &[small])?;
        builtins::list(&st)
    };
    table! {
        "s = set() ;; [s.add(x * 7919 % 10007) for x in range(1000)] ;; [s.discard(x * 7919 % 10007) for x in range(900)] ;; s.update({9999, 1, 123456}) ;; list(s)" => grown() => "[1, 28, 4127, 8226, 2116, 6215, 8303, 153, 2241, 230, 4329, 2318, 6417, 307, 4406, 8505, 2395, 6494, 384, 4483, 8582, 2472, 6571, 4560, 8659, 6648, 8736, 123456, 586, 2674, 663, 4762, 2751, 6850, 740, 4839, 8938, 2828, 6927, 817, 4916, 9015, 2905, 7004, 4993, 9092, 7081, 9169, 1019, 3107, 1096, 5195, 3184, 7283, 1173, 5272, 9371, 3261, 7360, 1250, 5349, 9448, 3338, 7437, 5426, 9525, 7514, 9602, 1452, 5551, 3540, 7639, 1529, 5628, 9727, 3617, 7716, 1606, 5705, 9804, 3694, 7793, 1683, 5782, 9881, 3771, 7870, 5859, 9958, 7947, 9999, 1808, 3896, 1885, 5984, 3973, 8072, 1962, 6061, 4050, 8149, 2039, 6138]";
    }
}

#[test]
fn container_cycles_are_collected() {
    gc::collect();
    // a = []; d = {'a': a}; a.append(d); del a, d
    let a = list([]);
    let d = dict([(s("a"), a.clone())]);
    a.call_method("append", std::slice::from_ref(&d)).unwrap();
    drop((a, d));
    assert_eq!(gc::collect(), 2);
    // s = set(); t = (s,) is fine, but a list in a tuple in a list makes a cycle.
    let a = list([]);
    let t = tuple([a.clone()]);
    a.call_method("append", &[t]).unwrap();
    drop(a);
    assert_eq!(gc::collect(), 2);
    // An iterator holding its list is part of the cycle too.
    let a = list([]);
    let it = a.iter().unwrap();
    a.call_method("append", &[it]).unwrap();
    drop(a);
    assert_eq!(gc::collect(), 2);
}
