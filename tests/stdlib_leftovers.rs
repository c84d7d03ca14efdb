//! The standard library's leftovers: function attributes and `__dict__` (and
//! `functools.wraps` copying them), and `frozenset`. Expected outputs are CPython
//! 3.11's for the same files (`python3 tests/python/<file>.py`).

mod common;
use common::run;

#[test]
fn function_attributes_and_dict_behave_as_in_cpython() {
    assert_eq!(
        run!("tests/python/function_attrs.py"),
        r##"1 {'x': 1} {'x': 1}
[('x', 1), ('y', [1, 2, 3])] True
{'y': [1, 2, 3]} False default
A {'a': 'A'} {'a': 'A'}
2
3 ['a', 'b', 'c']
['a', 'b']
AttributeError: 'function' object has no attribute 'missing'
AttributeError: 'function' object has no attribute 'missing'
TypeError: __dict__ must be set to a dictionary, not a 'int'
TypeError: __dict__ must be set to a dictionary, not a 'NoneType'
TypeError: cannot delete __dict__
TypeError: __name__ must be set to a string object
TypeError: __name__ must be set to a string object
TypeError: __qualname__ must be set to a string object
TypeError: __annotations__ must be set to a dict object
AttributeError: readonly attribute
TypeError: __defaults__ must be set to a tuple object
TypeError: __kwdefaults__ must be set to a dict object
renamed Outer.renamed documented mymod {}
True
Outer.renamed() missing 1 required positional argument: 'a'
None None {}
{'a': <class 'int'>}
{}
True
True
('wrapped', 42) target target Doubles n.
__main__ T True
True ['__wrapped__', 'info', 'tag']
True
True target T True
True
target False True
('wrapped', 2) method A.method
('__module__', '__name__', '__qualname__', '__doc__', '__annotations__') ('__dict__',)
n True
AttributeError: 'method' object has no attribute 'x'
AttributeError: 'method' object has no attribute 'note'
AttributeError: 'method' object has no attribute 'note'
AttributeError: readonly attribute
AttributeError: attribute '__doc__' of 'method' objects is not writable
AttributeError: 'function' object has no attribute 'missing'
"##
    );
}

#[test]
fn frozenset_behaves_as_in_cpython() {
    assert_eq!(
        run!("tests/python/frozenset.py"),
        r##"frozenset({1, 2, 3}) 3 frozenset
frozenset() frozenset() True
frozenset({0, 1, 2, 3, 4}) True
frozenset({0, 1, 4, 9})
True {1, 2, 3} [1, 2, 3]
133146708735736 -1826646154956904602 -272375401224217160
3895031357313128696 -3875987531222573587
-7613823993159379898
True
True True True False
True True True True False
frozenset frozenset({1, 2, 3, 4})
set {1, 2, 3, 4}
frozenset frozenset({1})
set {1}
frozenset frozenset({2, 3})
set {9}
frozenset frozenset({2, 3, 7})
set {2, 3, 7}
frozenset frozenset({1, 2, 3})
frozenset frozenset({1, 2, 3})
frozenset frozenset()
frozenset frozenset()
True frozenset({1, 2, 3})
frozenset({1, 2, 3}) frozenset({1, 2, 3, 4, 5}) True
frozenset({1, 2, 3}) frozenset({2})
frozenset({1, 2, 3}) frozenset({2, 3}) frozenset({3})
frozenset({2, 3, 4}) frozenset()
True False True False
True False
{1, 2, 3} {1, 2} set() {3}
True True True
set set
[2, 5, 6]
a empty True
2 True True False
set()
frozenset({frozenset(), frozenset({1, 2})})
True False False
<class 'frozenset'> True
frozenset({1, 2, 3, 9})
[64, 3, 100, 7, 10] frozenset({'a'})
True False 6 3 []
TypeError: 'int' object is not iterable
TypeError: unhashable type: 'list'
TypeError: frozenset expected at most 1 argument, got 2
TypeError: frozenset() takes no keyword arguments
AttributeError: 'frozenset' object has no attribute 'add'
TypeError: unsupported operand type(s) for |: 'frozenset' and 'list'
TypeError: frozenset.issubset() takes exactly one argument (0 given)
TypeError: frozenset.union() takes no keyword arguments
TypeError: frozenset.copy() takes no arguments (1 given)
TypeError: unhashable type: 'dict'
KeyError: frozenset({2})
KeyError: {5}
TypeError: '<' not supported between instances of 'frozenset' and 'list'
True [2, 3]
True True frozenset
"##
    );
}

#[test]
fn frozenset_is_a_builtin_callable_from_rust() {
    use pyobj::Obj;
    use pyobj::builtins;
    let items = Obj::list([Obj::from(2), Obj::from(1), Obj::from(2)]);
    let frozen = builtins::frozenset(&items).unwrap();
    assert_eq!(frozen.repr().unwrap(), "frozenset({1, 2})");
    // hash(frozenset({1, 2})) in CPython 3.11
    assert_eq!(frozen.hash().unwrap(), -1826646154956904602);
    let ty = builtins::get("frozenset").unwrap();
    assert_eq!(ty.repr().unwrap(), "<class 'frozenset'>");
    assert!(ty.call(std::slice::from_ref(&frozen)).unwrap().is(&frozen));
    assert_eq!(builtins::set(&frozen).unwrap().repr().unwrap(), "{1, 2}");
}
