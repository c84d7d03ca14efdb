//! `import collections` against CPython 3.11: `deque`, `defaultdict`, `OrderedDict`,
//! `Counter` and `namedtuple`, their reprs, behaviour and error texts.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source
//! (`repr()` of the last expression, or the exception's last traceback line), generated
//! by running the sources and pinned here.

mod pyobj_support;

use pyobj_runtime::{Args, CompareOp, Obj, PyResult, builtins, gc, modules};
use pyobj_support::{after, b, dict, f, i, list, none, s, tuple};

/// `collections.<name>`.
fn attr(name: &str) -> Obj {
    modules::import("collections")
        .and_then(|module| module.getattr(name))
        .expect("collections provides the name")
}

/// A list of ints.
fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

/// `deque(iterable)`.
fn dq(items: Obj) -> Obj {
    attr("deque").call(&[items]).unwrap()
}

/// `f(*args, **keywords)`.
fn kw(f: &Obj, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    f.call_with(&Args::new(args, keywords))
}

/// `obj.name(*args, **keywords)`.
fn kw_method(obj: &Obj, name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    obj.call_method_with(name, &Args::new(args, keywords))
}

/// A builtin type object.
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

fn list_type() -> Obj {
    builtin("list")
}

fn int_type() -> Obj {
    builtin("int")
}

fn dict_type() -> Obj {
    builtin("dict")
}

fn tuple_type() -> Obj {
    builtin("tuple")
}

/// `OrderedDict([('a', 1), ('b', 2), ('c', 3)])`.
fn od_abc() -> PyResult<Obj> {
    attr("OrderedDict").call(&[list([
        tuple([s("a"), i(1)]),
        tuple([s("b"), i(2)]),
        tuple([s("c"), i(3)]),
    ])])
}

/// `namedtuple(*args, **keywords)`.
fn nt(args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    kw(&attr("namedtuple"), args, keywords)
}

thread_local! {
    /// `Point = namedtuple('Point', ['x', 'y'])`, once per thread.
    static POINT: Obj = nt(&[s("Point"), list([s("x"), s("y")])], &[]).unwrap();
}

fn point() -> Obj {
    POINT.with(Obj::clone)
}

/// `Point(1, 2)`.
fn p() -> Obj {
    point().call(&[i(1), i(2)]).unwrap()
}

#[test]
fn deque_matches_cpython() {
    table! {
        // construction and repr
        "deque()" => attr("deque").call(&[]) => "deque([])";
        "deque([1, 2, 3])" => Ok(dq(ints([1, 2, 3]))) => "deque([1, 2, 3])";
        "deque([1, 2, 3], maxlen=2)" => kw(&attr("deque"), &[ints([1, 2, 3])], &[("maxlen", i(2))]) => "deque([2, 3], maxlen=2)";
        "deque([1, 2, 3], 5)" => attr("deque").call(&[ints([1, 2, 3]), i(5)]) => "deque([1, 2, 3], maxlen=5)";
        "deque('abc', maxlen=0)" => kw(&attr("deque"), &[s("abc")], &[("maxlen", i(0))]) => "deque([], maxlen=0)";
        "deque(maxlen=True)" => kw(&attr("deque"), &[], &[("maxlen", b(true))]) => "deque([], maxlen=1)";
        "deque(maxlen=-1)" => kw(&attr("deque"), &[], &[("maxlen", i(-1))]) => "!! ValueError: maxlen must be non-negative";
        "deque(maxlen='a')" => kw(&attr("deque"), &[], &[("maxlen", s("a"))]) => "!! TypeError: an integer is required";
        "deque(maxlen=2.0)" => kw(&attr("deque"), &[], &[("maxlen", f(2.0))]) => "!! TypeError: an integer is required";
        "deque([1], maxlen=2**70)" => kw(&attr("deque"), &[ints([1])], &[("maxlen", i(2).pow(&i(70)).unwrap())]) => "!! OverflowError: Python int too large to convert to C ssize_t";
        "deque(1)" => attr("deque").call(&[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "deque([], 1, 2)" => attr("deque").call(&[ints([]), i(1), i(2)]) => "!! TypeError: deque() takes at most 2 arguments (3 given)";
        "deque(foo=1)" => kw(&attr("deque"), &[], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for deque()";
        "deque([1, 'a']).__str__()" => dq(list([i(1), s("a")])).str().map(Obj::from) => "\"deque([1, 'a'])\"";
        "deque" => Ok(attr("deque")) => "<class 'collections.deque'>";
        "deque.__name__" => attr("deque").getattr("__name__") => "'deque'";
        "deque.__module__" => attr("deque").getattr("__module__") => "'collections'";
        "type(iter(deque()))" => dq(ints([])).iter().map(|it| it.py_type().to_object()) => "<class '_collections._deque_iterator'>";
        "type(deque().__reversed__())" => dq(ints([])).call_method("__reversed__", &[]).map(|it| it.py_type().to_object()) => "<class '_collections._deque_reverse_iterator'>";
        // appending, popping, extending, rotating
        "d = deque(maxlen=3) ;; d.extend(range(5)) ;; d" => after(&kw(&attr("deque"), &[], &[("maxlen", i(3))]).unwrap(), |d| d.call_method("extend", &[ints([0, 1, 2, 3, 4])])) => "deque([2, 3, 4], maxlen=3)";
        "d = deque([2, 3, 4], maxlen=3) ;; d.appendleft(9) ;; d" => after(&kw(&attr("deque"), &[ints([2, 3, 4])], &[("maxlen", i(3))]).unwrap(), |d| d.call_method("appendleft", &[i(9)])) => "deque([9, 2, 3], maxlen=3)";
        "d = deque([9, 2, 3], maxlen=3) ;; d.extendleft([7, 8]) ;; d" => after(&kw(&attr("deque"), &[ints([9, 2, 3])], &[("maxlen", i(3))]).unwrap(), |d| d.call_method("extendleft", &[ints([7, 8])])) => "deque([8, 7, 9], maxlen=3)";
        "d = deque([1, 2]) ;; d.append(3) ;; d" => after(&dq(ints([1, 2])), |d| d.call_method("append", &[i(3)])) => "deque([1, 2, 3])";
        "d = deque([1, 2]) ;; d.extend(d) ;; d" => after(&dq(ints([1, 2])), |d| d.call_method("extend", std::slice::from_ref(d))) => "deque([1, 2, 1, 2])";
        "d = deque([1, 2]) ;; d.extendleft(d) ;; d" => after(&dq(ints([1, 2])), |d| d.call_method("extendleft", std::slice::from_ref(d))) => "deque([2, 1, 1, 2])";
        "deque([1, 2, 3]).pop()" => dq(ints([1, 2, 3])).call_method("pop", &[]) => "3";
        "deque([1, 2, 3]).popleft()" => dq(ints([1, 2, 3])).call_method("popleft", &[]) => "1";
        "deque().pop()" => dq(ints([])).call_method("pop", &[]) => "!! IndexError: pop from an empty deque";
        "deque().popleft()" => dq(ints([])).call_method("popleft", &[]) => "!! IndexError: pop from an empty deque";
        "deque().pop(1)" => dq(ints([])).call_method("pop", &[i(1)]) => "!! TypeError: deque.pop() takes no arguments (1 given)";
        "deque().append()" => dq(ints([])).call_method("append", &[]) => "!! TypeError: deque.append() takes exactly one argument (0 given)";
        "deque().extend()" => dq(ints([])).call_method("extend", &[]) => "!! TypeError: deque.extend() takes exactly one argument (0 given)";
        "deque().extend(1)" => dq(ints([])).call_method("extend", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "d = deque([1, 2, 3, 4, 5]) ;; d.rotate(2) ;; d" => after(&dq(ints([1, 2, 3, 4, 5])), |d| d.call_method("rotate", &[i(2)])) => "deque([4, 5, 1, 2, 3])";
        "d = deque([1, 2, 3, 4, 5]) ;; d.rotate(-3) ;; d" => after(&dq(ints([1, 2, 3, 4, 5])), |d| d.call_method("rotate", &[i(-3)])) => "deque([4, 5, 1, 2, 3])";
        "d = deque([1, 2, 3, 4, 5]) ;; d.rotate() ;; d" => after(&dq(ints([1, 2, 3, 4, 5])), |d| d.call_method("rotate", &[])) => "deque([5, 1, 2, 3, 4])";
        "d = deque([1, 2, 3]) ;; d.rotate(10) ;; d" => after(&dq(ints([1, 2, 3])), |d| d.call_method("rotate", &[i(10)])) => "deque([3, 1, 2])";
        "deque().rotate('a')" => dq(ints([])).call_method("rotate", &[s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "deque().rotate(1, 2)" => dq(ints([])).call_method("rotate", &[i(1), i(2)]) => "!! TypeError: deque.rotate expected at most 1 argument, got 2";
        "deque().rotate(n=1)" => kw_method(&dq(ints([])), "rotate", &[], &[("n", i(1))]) => "!! TypeError: deque.rotate() takes no keyword arguments";
        // items by position, search, insertion
        "deque([1, 2, 3])[-1]" => dq(ints([1, 2, 3])).get_item(&i(-1)) => "3";
        "deque()[0]" => dq(ints([])).get_item(&i(0)) => "!! IndexError: deque index out of range";
        "deque([1])[5]" => dq(ints([1])).get_item(&i(5)) => "!! IndexError: deque index out of range";
        "deque([1])['a']" => dq(ints([1])).get_item(&s("a")) => "!! TypeError: sequence index must be integer, not 'str'";
        "d = deque([1, 2, 3]) ;; d[1] = 9 ;; del d[0] ;; d" => after(&dq(ints([1, 2, 3])), |d| { d.set_item(&i(1), &i(9))?; d.del_item(&i(0))?; Ok(none()) }) => "deque([9, 3])";
        "d = deque([1]) ;; d[5] = 1" => dq(ints([1])).set_item(&i(5), &i(1)).map(|()| none()) => "!! IndexError: deque index out of range";
        "d = deque([1]) ;; del d[3]" => dq(ints([1])).del_item(&i(3)).map(|()| none()) => "!! IndexError: deque index out of range";
        "2 in deque([1, 2])" => dq(ints([1, 2])).contains(&i(2)).map(Obj::from) => "True";
        "5 in deque([1, 2])" => dq(ints([1, 2])).contains(&i(5)).map(Obj::from) => "False";
        "deque([1, 2, 2]).count(2)" => dq(ints([1, 2, 2])).call_method("count", &[i(2)]) => "2";
        "deque().count()" => dq(ints([])).call_method("count", &[]) => "!! TypeError: deque.count() takes exactly one argument (0 given)";
        "deque([1, 2, 3]).index(3)" => dq(ints([1, 2, 3])).call_method("index", &[i(3)]) => "2";
        "deque([1, 2, 3]).index(3, 0, 2)" => dq(ints([1, 2, 3])).call_method("index", &[i(3), i(0), i(2)]) => "!! ValueError: 3 is not in deque";
        "deque([1, 2, 3]).index(3, -1)" => dq(ints([1, 2, 3])).call_method("index", &[i(3), i(-1)]) => "2";
        "deque([1]).index(2)" => dq(ints([1])).call_method("index", &[i(2)]) => "!! ValueError: 2 is not in deque";
        "deque(['a']).index('b')" => dq(list([s("a")])).call_method("index", &[s("b")]) => "!! ValueError: 'b' is not in deque";
        "deque().index()" => dq(ints([])).call_method("index", &[]) => "!! TypeError: index() takes at least 1 argument (0 given)";
        "deque([1]).index(1, 'a')" => dq(ints([1])).call_method("index", &[i(1), s("a")]) => "!! TypeError: slice indices must be integers or have an __index__ method";
        "d = deque([1, 2, 3]) ;; d.remove(2) ;; d" => after(&dq(ints([1, 2, 3])), |d| d.call_method("remove", &[i(2)])) => "deque([1, 3])";
        "deque([1]).remove(2)" => dq(ints([1])).call_method("remove", &[i(2)]) => "!! ValueError: 2 is not in deque";
        "deque([1]).remove()" => dq(ints([1])).call_method("remove", &[]) => "!! TypeError: deque.remove() takes exactly one argument (0 given)";
        "d = deque([1, 2, 3]) ;; d.insert(-1, 'x') ;; d" => after(&dq(ints([1, 2, 3])), |d| d.call_method("insert", &[i(-1), s("x")])) => "deque([1, 2, 'x', 3])";
        "d = deque([1, 2, 3]) ;; d.insert(10, 'y') ;; d" => after(&dq(ints([1, 2, 3])), |d| d.call_method("insert", &[i(10), s("y")])) => "deque([1, 2, 3, 'y'])";
        "d = deque([1, 2, 3]) ;; d.insert(-10, 'z') ;; d" => after(&dq(ints([1, 2, 3])), |d| d.call_method("insert", &[i(-10), s("z")])) => "deque(['z', 1, 2, 3])";
        "deque([1], maxlen=1).insert(0, 5)" => kw(&attr("deque"), &[ints([1])], &[("maxlen", i(1))]).unwrap().call_method("insert", &[i(0), i(5)]) => "!! IndexError: deque already at its maximum size";
        "deque().insert(1)" => dq(ints([])).call_method("insert", &[i(1)]) => "!! TypeError: insert() takes exactly 2 arguments (1 given)";
        // the rest of the interface
        "len(deque([1, 2]))" => dq(ints([1, 2])).len().map(Obj::from) => "2";
        "bool(deque())" => dq(ints([])).is_truthy().map(Obj::from) => "False";
        "deque([1, 2, 3], 3).maxlen" => attr("deque").call(&[ints([1, 2, 3]), i(3)]).unwrap().getattr("maxlen") => "3";
        "deque().maxlen" => dq(ints([])).getattr("maxlen") => "None";
        "d = deque() ;; d.maxlen = 3" => dq(ints([])).setattr("maxlen", &i(3)).map(|()| none()) => "!! AttributeError: attribute 'maxlen' of 'collections.deque' objects is not writable";
        "d = deque([1, 2, 3]) ;; d.reverse() ;; d" => after(&dq(ints([1, 2, 3])), |d| d.call_method("reverse", &[])) => "deque([3, 2, 1])";
        "deque([1, 2, 3], 5).copy()" => attr("deque").call(&[ints([1, 2, 3]), i(5)]).unwrap().call_method("copy", &[]) => "deque([1, 2, 3], maxlen=5)";
        "deque([1]).copy(1)" => dq(ints([1])).call_method("copy", &[i(1)]) => "!! TypeError: deque.copy() takes no arguments (1 given)";
        "d = deque([1, 2]) ;; d.clear() ;; d" => after(&dq(ints([1, 2])), |d| d.call_method("clear", &[])) => "deque([])";
        "list(deque([1, 2, 3]))" => dq(ints([1, 2, 3])).to_vec().map(Obj::list) => "[1, 2, 3]";
        "list(reversed(deque([1, 2, 3])))" => builtins::get("reversed").unwrap().call(&[dq(ints([1, 2, 3]))]).and_then(|r| r.to_vec()).map(Obj::list) => "[3, 2, 1]";
        "list(deque([1, 2, 3]).__reversed__())" => dq(ints([1, 2, 3])).call_method("__reversed__", &[]).and_then(|r| r.to_vec()).map(Obj::list) => "[3, 2, 1]";
        "hash(deque())" => dq(ints([])).hash().map(Obj::from) => "!! TypeError: unhashable type: 'collections.deque'";
        "deque([1, 2]) == deque([1, 2])" => dq(ints([1, 2])).rich_compare(&dq(ints([1, 2])), CompareOp::Eq) => "True";
        "deque([1]) == deque([1], maxlen=3)" => dq(ints([1])).rich_compare(&attr("deque").call(&[ints([1]), i(3)]).unwrap(), CompareOp::Eq) => "True";
        "deque([1, 2]) == [1, 2]" => dq(ints([1, 2])).rich_compare(&ints([1, 2]), CompareOp::Eq) => "False";
        "deque([1, 2]) < deque([1, 3])" => dq(ints([1, 2])).rich_compare(&dq(ints([1, 3])), CompareOp::Lt) => "True";
        "deque([1, 2]) > deque([1])" => dq(ints([1, 2])).rich_compare(&dq(ints([1])), CompareOp::Gt) => "True";
        "deque(range(3)) >= deque(range(3))" => dq(ints([0, 1, 2])).rich_compare(&dq(ints([0, 1, 2])), CompareOp::Ge) => "True";
        "deque([1, 2]) < [1, 3]" => dq(ints([1, 2])).rich_compare(&ints([1, 3]), CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'collections.deque' and 'list'";
        "deque([1]) + [1]" => dq(ints([1])).add(&ints([1])) => "!! TypeError: can only concatenate deque (not \"list\") to deque";
        "deque([1], maxlen=2) + deque([2, 3])" => attr("deque").call(&[ints([1]), i(2)]).unwrap().add(&dq(ints([2, 3]))) => "deque([2, 3], maxlen=2)";
        "deque([1, 2]) * 2" => dq(ints([1, 2])).mul(&i(2)) => "deque([1, 2, 1, 2])";
        "deque([1, 2, 3], maxlen=2) * 2" => attr("deque").call(&[ints([1, 2, 3]), i(2)]).unwrap().mul(&i(2)) => "deque([2, 3], maxlen=2)";
        "deque([1]) * 'a'" => dq(ints([1])).mul(&s("a")) => "!! TypeError: can't multiply sequence by non-int of type 'str'";
        "d = deque([1]) ;; d.append(d) ;; d" => after(&dq(ints([1])), |d| d.call_method("append", std::slice::from_ref(d))) => "deque([1, [...]])";
        "d = deque([1, 2]) ;; it = iter(d) ;; next(it) ;; d.append(3) ;; next(it)" => { let d = dq(ints([1, 2])); let it = d.iter().unwrap(); it.next_item().unwrap(); d.call_method("append", &[i(3)]).unwrap(); it.next_item().map(|x| x.unwrap_or_else(none)) } => "!! RuntimeError: deque mutated during iteration";
    }
}

#[test]
fn dict_subclasses_match_cpython() {
    table! {
        // defaultdict
        "d = defaultdict(list) ;; d['a'].append(1) ;; d['b'] ;; d" => after(&attr("defaultdict").call(&[list_type()]).unwrap(), |d| { d.get_item(&s("a"))?.call_method("append", &[i(1)])?; d.get_item(&s("b")) }) => "defaultdict(<class 'list'>, {'a': [1], 'b': []})";
        "defaultdict()" => attr("defaultdict").call(&[]) => "defaultdict(None, {})";
        "defaultdict(None)['x']" => attr("defaultdict").call(&[none()]).unwrap().get_item(&s("x")) => "!! KeyError: 'x'";
        "defaultdict(1)" => attr("defaultdict").call(&[i(1)]) => "!! TypeError: first argument must be callable or None";
        "defaultdict(int, {'a': 1}, b=2)" => kw(&attr("defaultdict"), &[int_type(), dict([(s("a"), i(1))])], &[("b", i(2))]) => "defaultdict(<class 'int'>, {'a': 1, 'b': 2})";
        "defaultdict(int, [('a', 1)])" => attr("defaultdict").call(&[int_type(), list([tuple([s("a"), i(1)])])]) => "defaultdict(<class 'int'>, {'a': 1})";
        "defaultdict(int, {}, {})" => attr("defaultdict").call(&[int_type(), dict([]), dict([])]) => "!! TypeError: dict expected at most 1 argument, got 2";
        "defaultdict(default_factory=list)" => kw(&attr("defaultdict"), &[], &[("default_factory", list_type())]) => "defaultdict(None, {'default_factory': <class 'list'>})";
        "isinstance(defaultdict(), dict)" => builtins::isinstance(&attr("defaultdict").call(&[]).unwrap(), &dict_type()).map(Obj::from) => "True";
        "defaultdict(int).default_factory" => attr("defaultdict").call(&[int_type()]).unwrap().getattr("default_factory") => "<class 'int'>";
        "defaultdict().default_factory" => attr("defaultdict").call(&[]).unwrap().getattr("default_factory") => "None";
        "d = defaultdict(int) ;; d.default_factory = list ;; d[0] ;; d" => after(&attr("defaultdict").call(&[int_type()]).unwrap(), |d| { d.setattr("default_factory", &list_type())?; d.get_item(&i(0)) }) => "defaultdict(<class 'list'>, {0: []})";
        "d = defaultdict(int) ;; d.x = 1" => attr("defaultdict").call(&[int_type()]).unwrap().setattr("x", &i(1)).map(|()| none()) => "!! AttributeError: 'collections.defaultdict' object has no attribute 'x'";
        "d = defaultdict(int, a=1) ;; d.copy()" => kw(&attr("defaultdict"), &[int_type()], &[("a", i(1))]).unwrap().call_method("copy", &[]) => "defaultdict(<class 'int'>, {'a': 1})";
        "type(defaultdict(int).copy())" => attr("defaultdict").call(&[int_type()]).unwrap().call_method("copy", &[]).map(|c| c.py_type().to_object()) => "<class 'collections.defaultdict'>";
        "defaultdict(int) == {}" => attr("defaultdict").call(&[int_type()]).unwrap().rich_compare(&dict([]), CompareOp::Eq) => "True";
        "{'a': [1]} == defaultdict(list, a=[1])" => dict([(s("a"), ints([1]))]).rich_compare(&kw(&attr("defaultdict"), &[list_type()], &[("a", ints([1]))]).unwrap(), CompareOp::Eq) => "True";
        "defaultdict(int).get('x')" => attr("defaultdict").call(&[int_type()]).unwrap().call_method("get", &[s("x")]) => "None";
        "'x' in defaultdict(int)" => attr("defaultdict").call(&[int_type()]).unwrap().contains(&s("x")).map(Obj::from) => "False";
        "defaultdict(int).__missing__('k')" => attr("defaultdict").call(&[int_type()]).unwrap().call_method("__missing__", &[s("k")]) => "0";
        "defaultdict(list).__missing__()" => attr("defaultdict").call(&[list_type()]).unwrap().call_method("__missing__", &[]) => "!! TypeError: defaultdict.__missing__() takes exactly one argument (0 given)";
        "d = defaultdict(int) ;; d['x'] += 1 ;; d" => after(&attr("defaultdict").call(&[int_type()]).unwrap(), |d| { let v = d.get_item(&s("x"))?.add(&i(1))?; d.set_item(&s("x"), &v)?; Ok(none()) }) => "defaultdict(<class 'int'>, {'x': 1})";
        "d = defaultdict(int) ;; d[1] ;; (len(d), list(d), dict(d))" => { let d = attr("defaultdict").call(&[int_type()]).unwrap(); d.get_item(&i(1)).unwrap(); Ok(tuple([Obj::from(d.len().unwrap()), Obj::list(d.to_vec().unwrap()), dict_type().call(std::slice::from_ref(&d)).unwrap()])) } => "(1, [1], {1: 0})";
        "d = defaultdict(list, a=[1]) ;; (d.keys(), d.pop('a'), d)" => { let d = kw(&attr("defaultdict"), &[list_type()], &[("a", ints([1]))]).unwrap(); Ok(tuple([d.call_method("keys", &[]).unwrap(), d.call_method("pop", &[s("a")]).unwrap(), d.clone()])) } => "(dict_keys([]), [1], defaultdict(<class 'list'>, {}))";
        "hash(defaultdict())" => attr("defaultdict").call(&[]).unwrap().hash().map(Obj::from) => "!! TypeError: unhashable type: 'collections.defaultdict'";
        "defaultdict" => Ok(attr("defaultdict")) => "<class 'collections.defaultdict'>";
        "defaultdict.__name__" => attr("defaultdict").getattr("__name__") => "'defaultdict'";
        "dd = defaultdict(list) ;; dd['a'] = dd ;; dd" => after(&attr("defaultdict").call(&[list_type()]).unwrap(), |d| d.set_item(&s("a"), d).map(|()| none())) => "defaultdict(<class 'list'>, {'a': defaultdict(<class 'list'>, {...})})";
        // OrderedDict
        "OrderedDict([('a', 1), ('b', 2), ('c', 3)])" => od_abc() => "OrderedDict([('a', 1), ('b', 2), ('c', 3)])";
        "o = OrderedDict([('a', 1), ('b', 2), ('c', 3)]) ;; o.move_to_end('a') ;; o" => after(&od_abc().unwrap(), |o| o.call_method("move_to_end", &[s("a")])) => "OrderedDict([('b', 2), ('c', 3), ('a', 1)])";
        "o = OrderedDict([('a', 1), ('b', 2), ('c', 3)]) ;; o.move_to_end('c', last=False) ;; o" => after(&od_abc().unwrap(), |o| kw_method(o, "move_to_end", &[s("c")], &[("last", b(false))])) => "OrderedDict([('c', 3), ('a', 1), ('b', 2)])";
        "o = OrderedDict([('a', 1), ('b', 2), ('c', 3)]) ;; o.move_to_end('b', False) ;; list(o.items())" => { let o = od_abc().unwrap(); o.call_method("move_to_end", &[s("b"), b(false)]).unwrap(); o.call_method("items", &[]).and_then(|v| v.to_vec()).map(Obj::list) } => "[('b', 2), ('a', 1), ('c', 3)]";
        "o = OrderedDict([('a', 1), ('b', 2), ('c', 3)]) ;; (o.popitem(), o.popitem(last=False), o)" => { let o = od_abc().unwrap(); Ok(tuple([o.call_method("popitem", &[]).unwrap(), kw_method(&o, "popitem", &[], &[("last", b(false))]).unwrap(), o.clone()])) } => "(('c', 3), ('a', 1), OrderedDict([('b', 2)]))";
        "OrderedDict(a=1).popitem(False)" => kw(&attr("OrderedDict"), &[], &[("a", i(1))]).unwrap().call_method("popitem", &[b(false)]) => "('a', 1)";
        "OrderedDict().popitem()" => attr("OrderedDict").call(&[]).unwrap().call_method("popitem", &[]) => "!! KeyError: 'dictionary is empty'";
        "OrderedDict().move_to_end('x')" => attr("OrderedDict").call(&[]).unwrap().call_method("move_to_end", &[s("x")]) => "!! KeyError: 'x'";
        "OrderedDict().move_to_end()" => attr("OrderedDict").call(&[]).unwrap().call_method("move_to_end", &[]) => "!! TypeError: move_to_end() missing required argument 'key' (pos 1)";
        "OrderedDict(a=1).move_to_end('a', last=False, x=1)" => kw_method(&kw(&attr("OrderedDict"), &[], &[("a", i(1))]).unwrap(), "move_to_end", &[s("a")], &[("last", b(false)), ("x", i(1))]) => "!! TypeError: move_to_end() takes at most 2 arguments (3 given)";
        "OrderedDict().popitem(1, 2)" => attr("OrderedDict").call(&[]).unwrap().call_method("popitem", &[i(1), i(2)]) => "!! TypeError: popitem() takes at most 1 argument (2 given)";
        "OrderedDict()" => attr("OrderedDict").call(&[]) => "OrderedDict()";
        "OrderedDict({}, {})" => attr("OrderedDict").call(&[dict([]), dict([])]) => "!! TypeError: expected at most 1 arguments, got 2";
        "OrderedDict(a=1, b=2) == OrderedDict(a=1, b=2)" => kw(&attr("OrderedDict"), &[], &[("a", i(1)), ("b", i(2))]).unwrap().rich_compare(&kw(&attr("OrderedDict"), &[], &[("a", i(1)), ("b", i(2))]).unwrap(), CompareOp::Eq) => "True";
        "OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1)" => kw(&attr("OrderedDict"), &[], &[("a", i(1)), ("b", i(2))]).unwrap().rich_compare(&kw(&attr("OrderedDict"), &[], &[("b", i(2)), ("a", i(1))]).unwrap(), CompareOp::Eq) => "False";
        "OrderedDict(a=1, b=2) != OrderedDict(b=2, a=1)" => kw(&attr("OrderedDict"), &[], &[("a", i(1)), ("b", i(2))]).unwrap().rich_compare(&kw(&attr("OrderedDict"), &[], &[("b", i(2)), ("a", i(1))]).unwrap(), CompareOp::Ne) => "True";
        "OrderedDict(a=1, b=2) == dict(b=2, a=1)" => kw(&attr("OrderedDict"), &[], &[("a", i(1)), ("b", i(2))]).unwrap().rich_compare(&dict([(s("b"), i(2)), (s("a"), i(1))]), CompareOp::Eq) => "True";
        "isinstance(OrderedDict(), dict)" => builtins::isinstance(&attr("OrderedDict").call(&[]).unwrap(), &dict_type()).map(Obj::from) => "True";
        "OrderedDict(a=1).copy()" => kw(&attr("OrderedDict"), &[], &[("a", i(1))]).unwrap().call_method("copy", &[]) => "OrderedDict([('a', 1)])";
        "hash(OrderedDict())" => attr("OrderedDict").call(&[]).unwrap().hash().map(Obj::from) => "!! TypeError: unhashable type: 'collections.OrderedDict'";
        "o = OrderedDict() ;; o['x'] = o ;; o" => after(&attr("OrderedDict").call(&[]).unwrap(), |o| o.set_item(&s("x"), o).map(|()| none())) => "OrderedDict([('x', ...)])";
        "OrderedDict" => Ok(attr("OrderedDict")) => "<class 'collections.OrderedDict'>";
        // Counter
        "Counter('abracadabra')" => attr("Counter").call(&[s("abracadabra")]) => "Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})";
        "Counter('abracadabra').most_common(3)" => attr("Counter").call(&[s("abracadabra")]).unwrap().call_method("most_common", &[i(3)]) => "[('a', 5), ('b', 2), ('r', 2)]";
        "Counter('abracadabra').most_common()" => attr("Counter").call(&[s("abracadabra")]).unwrap().call_method("most_common", &[]) => "[('a', 5), ('b', 2), ('r', 2), ('c', 1), ('d', 1)]";
        "Counter('abracadabra').most_common(0)" => attr("Counter").call(&[s("abracadabra")]).unwrap().call_method("most_common", &[i(0)]) => "[]";
        "Counter('abracadabra').most_common(-1)" => attr("Counter").call(&[s("abracadabra")]).unwrap().call_method("most_common", &[i(-1)]) => "[]";
        "Counter()" => attr("Counter").call(&[]) => "Counter()";
        "Counter('the quick brown fox jumps over the lazy dog then some more text here').most_common()" => attr("Counter").call(&[s("the quick brown fox jumps over the lazy dog then some more text here")]).unwrap().call_method("most_common", &[]) => "[(' ', 13), ('e', 9), ('o', 6), ('t', 5), ('h', 4), ('r', 4), ('m', 3), ('u', 2), ('n', 2), ('x', 2), ('s', 2), ('q', 1), ('i', 1), ('c', 1), ('k', 1), ('b', 1), ('w', 1), ('f', 1), ('j', 1), ('p', 1), ('v', 1), ('l', 1), ('a', 1), ('z', 1), ('y', 1), ('d', 1), ('g', 1)]";
        "Counter('mississippi missouri')" => attr("Counter").call(&[s("mississippi missouri")]) => "Counter({'i': 6, 's': 6, 'm': 2, 'p': 2, ' ': 1, 'o': 1, 'u': 1, 'r': 1})";
        "Counter({'a': 2, 'b': 5})" => attr("Counter").call(&[dict([(s("a"), i(2)), (s("b"), i(5))])]) => "Counter({'b': 5, 'a': 2})";
        "Counter(a=2, b=1)" => kw(&attr("Counter"), &[], &[("a", i(2)), ("b", i(1))]) => "Counter({'a': 2, 'b': 1})";
        "Counter('ab', c=3)" => kw(&attr("Counter"), &[s("ab")], &[("c", i(3))]) => "Counter({'c': 3, 'a': 1, 'b': 1})";
        "Counter({'a': 1}, b=2)" => kw(&attr("Counter"), &[dict([(s("a"), i(1))])], &[("b", i(2))]) => "Counter({'b': 2, 'a': 1})";
        "Counter(a='x', b=1)" => kw(&attr("Counter"), &[], &[("a", s("x")), ("b", i(1))]) => "Counter({'a': 'x', 'b': 1})";
        "Counter(a=2.5, b=1)" => kw(&attr("Counter"), &[], &[("a", f(2.5)), ("b", i(1))]) => "Counter({'a': 2.5, 'b': 1})";
        "Counter(a=1, b=2, c=2, d=1)" => kw(&attr("Counter"), &[], &[("a", i(1)), ("b", i(2)), ("c", i(2)), ("d", i(1))]) => "Counter({'b': 2, 'c': 2, 'a': 1, 'd': 1})";
        "Counter(1)" => attr("Counter").call(&[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "Counter('a', 'b')" => attr("Counter").call(&[s("a"), s("b")]) => "!! TypeError: Counter.__init__() takes from 1 to 2 positional arguments but 3 were given";
        "Counter()['x']" => attr("Counter").call(&[]).unwrap().get_item(&s("x")) => "0";
        "c = Counter() ;; c['x'] += 1 ;; c" => after(&attr("Counter").call(&[]).unwrap(), |c| { let v = c.get_item(&s("x"))?.add(&i(1))?; c.set_item(&s("x"), &v)?; Ok(none()) }) => "Counter({'x': 1})";
        "Counter('ab').get('z')" => attr("Counter").call(&[s("ab")]).unwrap().call_method("get", &[s("z")]) => "None";
        "c = Counter('ab') ;; c.update('abc') ;; c" => after(&attr("Counter").call(&[s("ab")]).unwrap(), |c| c.call_method("update", &[s("abc")])) => "Counter({'a': 2, 'b': 2, 'c': 1})";
        "c = Counter('aab') ;; c.update({'a': 5}) ;; c.update(z=1) ;; c" => after(&attr("Counter").call(&[s("aab")]).unwrap(), |c| { c.call_method("update", &[dict([(s("a"), i(5))])])?; kw_method(c, "update", &[], &[("z", i(1))]) }) => "Counter({'a': 7, 'b': 1, 'z': 1})";
        "c = Counter(a=7, b=2) ;; c.subtract('aaa') ;; c.subtract({'b': 5}) ;; c" => after(&kw(&attr("Counter"), &[], &[("a", i(7)), ("b", i(2))]).unwrap(), |c| { c.call_method("subtract", &[s("aaa")])?; c.call_method("subtract", &[dict([(s("b"), i(5))])]) }) => "Counter({'a': 4, 'b': -3})";
        "Counter(a=1).update(1)" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().call_method("update", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "Counter(a=1).update('a', 'b')" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().call_method("update", &[s("a"), s("b")]) => "!! TypeError: Counter.update() takes from 1 to 2 positional arguments but 3 were given";
        "list(Counter('abcab').elements())" => attr("Counter").call(&[s("abcab")]).unwrap().call_method("elements", &[]).and_then(|e| e.to_vec()).map(Obj::list) => "['a', 'a', 'b', 'b', 'c']";
        "list(Counter(a=2.5).elements())" => kw(&attr("Counter"), &[], &[("a", f(2.5))]).unwrap().call_method("elements", &[]).and_then(|e| e.to_vec()).map(Obj::list) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "Counter('aab').total()" => attr("Counter").call(&[s("aab")]).unwrap().call_method("total", &[]) => "3";
        "Counter('aab') + Counter('bcc')" => attr("Counter").call(&[s("aab")]).unwrap().add(&attr("Counter").call(&[s("bcc")]).unwrap()) => "Counter({'a': 2, 'b': 2, 'c': 2})";
        "Counter('aab') - Counter('bcc')" => attr("Counter").call(&[s("aab")]).unwrap().sub(&attr("Counter").call(&[s("bcc")]).unwrap()) => "Counter({'a': 2})";
        "Counter('aab') | Counter('bcc')" => attr("Counter").call(&[s("aab")]).unwrap().bitor(&attr("Counter").call(&[s("bcc")]).unwrap()) => "Counter({'a': 2, 'c': 2, 'b': 1})";
        "Counter('aab') & Counter('bcc')" => attr("Counter").call(&[s("aab")]).unwrap().bitand(&attr("Counter").call(&[s("bcc")]).unwrap()) => "Counter({'b': 1})";
        "Counter(a=1, b=-2) - Counter(c=-3)" => kw(&attr("Counter"), &[], &[("a", i(1)), ("b", i(-2))]).unwrap().sub(&kw(&attr("Counter"), &[], &[("c", i(-3))]).unwrap()) => "Counter({'c': 3, 'a': 1})";
        "+Counter(a=1, b=-2)" => kw(&attr("Counter"), &[], &[("a", i(1)), ("b", i(-2))]).unwrap().pos() => "Counter({'a': 1})";
        "-Counter(a=1, b=-2)" => kw(&attr("Counter"), &[], &[("a", i(1)), ("b", i(-2))]).unwrap().neg() => "Counter({'b': 2})";
        "Counter('ab') + 1" => attr("Counter").call(&[s("ab")]).unwrap().add(&i(1)) => "!! TypeError: unsupported operand type(s) for +: 'Counter' and 'int'";
        "Counter('aab') == Counter('aba')" => attr("Counter").call(&[s("aab")]).unwrap().rich_compare(&attr("Counter").call(&[s("aba")]).unwrap(), CompareOp::Eq) => "True";
        "Counter(a=1) == {'a': 1}" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().rich_compare(&dict([(s("a"), i(1))]), CompareOp::Eq) => "True";
        "Counter(a=0) == Counter()" => kw(&attr("Counter"), &[], &[("a", i(0))]).unwrap().rich_compare(&attr("Counter").call(&[]).unwrap(), CompareOp::Eq) => "True";
        "Counter(a=1) < Counter(a=2)" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().rich_compare(&kw(&attr("Counter"), &[], &[("a", i(2))]).unwrap(), CompareOp::Lt) => "True";
        "Counter(a=2) <= Counter(a=2, b=1)" => kw(&attr("Counter"), &[], &[("a", i(2))]).unwrap().rich_compare(&kw(&attr("Counter"), &[], &[("a", i(2)), ("b", i(1))]).unwrap(), CompareOp::Le) => "True";
        "Counter(a=3) > Counter(a=2, b=1)" => kw(&attr("Counter"), &[], &[("a", i(3))]).unwrap().rich_compare(&kw(&attr("Counter"), &[], &[("a", i(2)), ("b", i(1))]).unwrap(), CompareOp::Gt) => "False";
        "Counter(a=1) < 1" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().rich_compare(&i(1), CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'Counter' and 'int'";
        "isinstance(Counter(), dict)" => builtins::isinstance(&attr("Counter").call(&[]).unwrap(), &dict_type()).map(Obj::from) => "True";
        "Counter" => Ok(attr("Counter")) => "<class 'collections.Counter'>";
        "Counter.__name__" => attr("Counter").getattr("__name__") => "'Counter'";
        "Counter.__module__" => attr("Counter").getattr("__module__") => "'collections'";
        "hash(Counter())" => attr("Counter").call(&[]).unwrap().hash().map(Obj::from) => "!! TypeError: unhashable type: 'Counter'";
        "Counter(a=1).copy()" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().call_method("copy", &[]) => "Counter({'a': 1})";
        "type(Counter(a=1).copy())" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().call_method("copy", &[]).map(|c| c.py_type().to_object()) => "<class 'collections.Counter'>";
        "c = Counter(a=1) ;; del c['b'] ;; del c['a'] ;; c" => after(&kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap(), |c| { c.del_item(&s("b"))?; c.del_item(&s("a"))?; Ok(none()) }) => "Counter()";
        "Counter().fromkeys('ab')" => attr("Counter").call(&[]).unwrap().call_method("fromkeys", &[s("ab")]) => "!! NotImplementedError: Counter.fromkeys() is undefined.  Use Counter(iterable) instead.";
        "Counter.fromkeys('ab')" => attr("Counter").getattr("fromkeys").and_then(|m| m.call(&[s("ab")])) => "!! NotImplementedError: Counter.fromkeys() is undefined.  Use Counter(iterable) instead.";
        "Counter(a=1).most_common(1.5)" => kw(&attr("Counter"), &[], &[("a", i(1))]).unwrap().call_method("most_common", &[f(1.5)]) => "!! TypeError: slice indices must be integers or None or have an __index__ method";
    }
}

#[test]
fn namedtuple_matches_cpython() {
    table! {
        "p" => Ok(p()) => "Point(x=1, y=2)";
        "Point" => Ok(point()) => "<class '__main__.Point'>";
        "type(p)" => Ok(p().py_type().to_object()) => "<class '__main__.Point'>";
        "type(p) is Point" => Ok(Obj::from(p().py_type().to_object().is(&point()))) => "True";
        "p.x" => p().getattr("x") => "1";
        "p[1]" => p().get_item(&i(1)) => "2";
        "p[-1]" => p().get_item(&i(-1)) => "2";
        "p[2]" => p().get_item(&i(2)) => "!! IndexError: tuple index out of range";
        "p._fields" => p().getattr("_fields") => "('x', 'y')";
        "Point._fields" => point().getattr("_fields") => "('x', 'y')";
        "p._asdict()" => p().call_method("_asdict", &[]) => "{'x': 1, 'y': 2}";
        "p._replace(x=5)" => kw_method(&p(), "_replace", &[], &[("x", i(5))]) => "Point(x=5, y=2)";
        "p._replace(z=5)" => kw_method(&p(), "_replace", &[], &[("z", i(5))]) => "!! ValueError: Got unexpected field names: ['z']";
        "p._replace(1)" => p().call_method("_replace", &[i(1)]) => "!! TypeError: Point._replace() takes 1 positional argument but 2 were given";
        "Point._make([3, 4])" => point().getattr("_make").and_then(|make| make.call(&[ints([3, 4])])) => "Point(x=3, y=4)";
        "Point._make([3])" => point().getattr("_make").and_then(|make| make.call(&[ints([3])])) => "!! TypeError: Expected 2 arguments, got 1";
        "Point._make(1)" => point().getattr("_make").and_then(|make| make.call(&[i(1)])) => "!! TypeError: 'int' object is not iterable";
        "Point(1)" => point().call(&[i(1)]) => "!! TypeError: Point.__new__() missing 1 required positional argument: 'y'";
        "Point(1, 2, 3)" => point().call(&[i(1), i(2), i(3)]) => "!! TypeError: Point.__new__() takes 3 positional arguments but 4 were given";
        "Point(x=1, y=2)" => kw(&point(), &[], &[("x", i(1)), ("y", i(2))]) => "Point(x=1, y=2)";
        "Point(1, x=2)" => kw(&point(), &[i(1)], &[("x", i(2))]) => "!! TypeError: Point.__new__() got multiple values for argument 'x'";
        "Point(1, z=2)" => kw(&point(), &[i(1)], &[("z", i(2))]) => "!! TypeError: Point.__new__() got an unexpected keyword argument 'z'";
        "isinstance(p, tuple)" => builtins::isinstance(&p(), &tuple_type()).map(Obj::from) => "True";
        "isinstance(p, Point)" => builtins::isinstance(&p(), &point()).map(Obj::from) => "True";
        "isinstance((1, 2), Point)" => builtins::isinstance(&tuple([i(1), i(2)]), &point()).map(Obj::from) => "False";
        "p == (1, 2)" => p().rich_compare(&tuple([i(1), i(2)]), CompareOp::Eq) => "True";
        "(1, 2) == p" => tuple([i(1), i(2)]).rich_compare(&p(), CompareOp::Eq) => "True";
        "p == Point(1, 2)" => p().rich_compare(&point().call(&[i(1), i(2)]).unwrap(), CompareOp::Eq) => "True";
        "p < (1, 3)" => p().rich_compare(&tuple([i(1), i(3)]), CompareOp::Lt) => "True";
        "p < [1, 3]" => p().rich_compare(&ints([1, 3]), CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'Point' and 'list'";
        "hash(p) == hash((1, 2))" => Ok(Obj::from(p().hash().unwrap() == tuple([i(1), i(2)]).hash().unwrap())) => "True";
        "hash(Point(1, [2]))" => point().call(&[i(1), ints([2])]).unwrap().hash().map(Obj::from) => "!! TypeError: unhashable type: 'list'";
        "len(p)" => p().len().map(Obj::from) => "2";
        "list(p)" => p().to_vec().map(Obj::list) => "[1, 2]";
        "2 in p" => p().contains(&i(2)).map(Obj::from) => "True";
        "p + (3,)" => p().add(&tuple([i(3)])) => "(1, 2, 3)";
        "p[:1]" => p().get_item(&Obj::slice(None, Some(i(1)), None)) => "(1,)";
        "p * 2" => p().mul(&i(2)) => "(1, 2, 1, 2)";
        "p.count(1)" => p().call_method("count", &[i(1)]) => "1";
        "p.index(2)" => p().call_method("index", &[i(2)]) => "1";
        "str(p)" => p().str().map(Obj::from) => "'Point(x=1, y=2)'";
        "p.x = 5" => p().setattr("x", &i(5)).map(|()| none()) => "!! AttributeError: can't set attribute";
        "p.z = 5" => p().setattr("z", &i(5)).map(|()| none()) => "!! AttributeError: 'Point' object has no attribute 'z'";
        "p.z" => p().getattr("z") => "!! AttributeError: 'Point' object has no attribute 'z'";
        "Point.__name__" => point().getattr("__name__") => "'Point'";
        "Point.__module__" => point().getattr("__module__") => "'__main__'";
        "Point.__doc__" => point().getattr("__doc__") => "'Point(x, y)'";
        "p.__class__" => p().getattr("__class__") => "<class '__main__.Point'>";
        "sorted([Point(2, 1), Point(1, 2)])" => builtins::sorted(&list([point().call(&[i(2), i(1)]).unwrap(), point().call(&[i(1), i(2)]).unwrap()])) => "[Point(x=1, y=2), Point(x=2, y=1)]";
        "{p: 1}[(1, 2)]" => dict([(p(), i(1))]).get_item(&tuple([i(1), i(2)])) => "1";
        // field names and options
        "namedtuple('P', 'a b c')(1, 2, 3)" => nt(&[s("P"), s("a b c")], &[]).and_then(|c| c.call(&[i(1), i(2), i(3)])) => "P(a=1, b=2, c=3)";
        "namedtuple('P', 'a, b')(1, 2)" => nt(&[s("P"), s("a, b")], &[]).and_then(|c| c.call(&[i(1), i(2)])) => "P(a=1, b=2)";
        "namedtuple('P', ['a', 'a'])" => nt(&[s("P"), list([s("a"), s("a")])], &[]) => "!! ValueError: Encountered duplicate field name: 'a'";
        "namedtuple('P', ['a', '_b'])" => nt(&[s("P"), list([s("a"), s("_b")])], &[]) => "!! ValueError: Field names cannot start with an underscore: '_b'";
        "namedtuple('P', ['a', 'def'])" => nt(&[s("P"), list([s("a"), s("def")])], &[]) => "!! ValueError: Type names and field names cannot be a keyword: 'def'";
        "namedtuple('P', ['a', '1b'])" => nt(&[s("P"), list([s("a"), s("1b")])], &[]) => "!! ValueError: Type names and field names must be valid identifiers: '1b'";
        "namedtuple('1P', ['a'])" => nt(&[s("1P"), list([s("a")])], &[]) => "!! ValueError: Type names and field names must be valid identifiers: '1P'";
        "namedtuple('P', 5)" => nt(&[s("P"), i(5)], &[]) => "!! TypeError: 'int' object is not iterable";
        "namedtuple('P', ['a', 'def', 'a', '_c'], rename=True)._fields" => nt(&[s("P"), list([s("a"), s("def"), s("a"), s("_c")])], &[("rename", b(true))]).and_then(|c| c.getattr("_fields")) => "('a', '_1', '_2', '_3')";
        "namedtuple('P', ['x', 'y'], defaults=[0])(1)" => nt(&[s("P"), list([s("x"), s("y")])], &[("defaults", ints([0]))]).and_then(|c| c.call(&[i(1)])) => "P(x=1, y=0)";
        "namedtuple('P', ['x', 'y'], defaults=[0])._field_defaults" => nt(&[s("P"), list([s("x"), s("y")])], &[("defaults", ints([0]))]).and_then(|c| c.getattr("_field_defaults")) => "{'y': 0}";
        "namedtuple('P', ['x', 'y'], defaults=[0, 1, 2])" => nt(&[s("P"), list([s("x"), s("y")])], &[("defaults", ints([0, 1, 2]))]) => "!! TypeError: Got more default values than field names";
        "namedtuple('P', ['x'], module='geometry')" => nt(&[s("P"), list([s("x")])], &[("module", s("geometry"))]) => "<class 'geometry.P'>";
        "namedtuple('P', [])()" => nt(&[s("P"), list([])], &[]).and_then(|c| c.call(&[])) => "P()";
        "namedtuple('P', ['x'])(1)" => nt(&[s("P"), list([s("x")])], &[]).and_then(|c| c.call(&[i(1)])) => "P(x=1)";
        "namedtuple('P')" => nt(&[s("P")], &[]) => "!! TypeError: namedtuple() missing 1 required positional argument: 'field_names'";
    }
}

/// `gc.collect()` after dropping the last reference to a cycle through `container`
/// (made by `link`): how many objects the collector found unreachable (pyobj's count:
/// a namedtuple instance is two objects here, the instance and its tuple).
fn collected_after(container: Obj, link: impl FnOnce(&Obj) -> PyResult<()>) -> usize {
    gc::collect();
    link(&container).unwrap();
    assert!(gc::is_tracked(&container), "{container:?} is tracked");
    // Nothing is garbage while the container is referenced.
    assert_eq!(gc::collect(), 0, "{container:?} is reachable");
    drop(container);
    gc::collect()
}

#[test]
fn containers_in_cycles_are_tracked_and_collected() {
    // d = deque() ;; l = [d] ;; d.append(l)
    let found = collected_after(dq(ints([])), |d| {
        d.call_method("append", &[list([d.clone()])]).map(drop)
    });
    assert_eq!(found, 2, "the deque and the list");
    // d = defaultdict(list) ;; d['a'] = d
    let found = collected_after(attr("defaultdict").call(&[list_type()]).unwrap(), |d| {
        d.set_item(&s("a"), d)
    });
    assert_eq!(found, 1, "the defaultdict");
    // d = defaultdict(None) ;; d.default_factory = d.get (the factory holds d)
    let found = collected_after(attr("defaultdict").call(&[]).unwrap(), |d| {
        d.setattr("default_factory", &d.getattr("get")?)
    });
    assert_eq!(found, 2, "the defaultdict and its bound method");
    // o = OrderedDict() ;; o['x'] = o
    let found = collected_after(attr("OrderedDict").call(&[]).unwrap(), |o| {
        o.set_item(&s("x"), o)
    });
    assert_eq!(found, 1, "the OrderedDict");
    // c = Counter() ;; c['x'] = c
    let found = collected_after(attr("Counter").call(&[]).unwrap(), |c| {
        c.set_item(&s("x"), c)
    });
    assert_eq!(found, 1, "the Counter");
}

#[test]
fn a_namedtuple_cycle_is_collected_once_unreferenced() {
    gc::collect();
    let items = list([]);
    let p = point().call(&[items.clone(), i(0)]).unwrap();
    items
        .call_method("append", std::slice::from_ref(&p))
        .unwrap();
    drop(p);
    assert_eq!(gc::collect(), 0, "the list holds the instance");
    drop(items);
    // The list, the instance and its tuple.
    assert_eq!(gc::collect(), 3);
}

#[test]
fn a_deque_iterator_stops_after_a_mutation_error() {
    // d = deque([1, 2]) ;; it = iter(d) ;; d.append(3)
    let d = dq(ints([1, 2]));
    let it = d.iter().unwrap();
    d.call_method("append", &[i(3)]).unwrap();
    let error = it.next_item().unwrap_err();
    assert_eq!(
        error.to_string(),
        "RuntimeError: deque mutated during iteration"
    );
    // And again at the next call, as CPython's.
    assert_eq!(
        it.next_item().unwrap_err().to_string(),
        "RuntimeError: deque mutated during iteration"
    );
}
