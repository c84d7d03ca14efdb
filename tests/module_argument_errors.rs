//! Bad arguments to the functions of `gc`, `sys` and `weakref`: each case raises the
//! exception type and text CPython 3.11 raises. The expected outputs are CPython's for
//! the same files (`python3 tests/python/args_<module>.py`).

mod common;
use common::run;

/// Every function of `gc`: wrong types, out-of-range and overflowing numbers,
/// argument counts, keywords.
#[test]
fn gc_arguments_are_checked_as_in_cpython() {
    assert_eq!(
        run!("tests/python/args_gc.py"),
        "collect\n\
         ValueError invalid generation\n\
         ValueError invalid generation\n\
         TypeError 'str' object cannot be interpreted as an integer\n\
         TypeError 'float' object cannot be interpreted as an integer\n\
         TypeError 'NoneType' object cannot be interpreted as an integer\n\
         TypeError collect() takes at most 1 argument (2 given)\n\
         ValueError invalid generation\n\
         TypeError 'gen' is an invalid keyword argument for collect()\n\
         TypeError collect() takes at most 1 argument (2 given)\n\
         OverflowError Python int too large to convert to C int\n\
         OverflowError Python int too large to convert to C int\n\
         OverflowError Python int too large to convert to C int\n\
         ok int\n\
         ok int\n\
         ok int\n\
         no arguments\n\
         TypeError gc.enable() takes no arguments (1 given)\n\
         TypeError gc.enable() takes no keyword arguments\n\
         TypeError gc.enable() takes no arguments (2 given)\n\
         TypeError gc.disable() takes no arguments (1 given)\n\
         TypeError gc.disable() takes no keyword arguments\n\
         TypeError gc.disable() takes no arguments (2 given)\n\
         TypeError gc.isenabled() takes no arguments (1 given)\n\
         TypeError gc.isenabled() takes no keyword arguments\n\
         TypeError gc.isenabled() takes no arguments (2 given)\n\
         TypeError gc.get_count() takes no arguments (1 given)\n\
         TypeError gc.get_count() takes no keyword arguments\n\
         TypeError gc.get_count() takes no arguments (2 given)\n\
         TypeError gc.get_threshold() takes no arguments (1 given)\n\
         TypeError gc.get_threshold() takes no keyword arguments\n\
         TypeError gc.get_threshold() takes no arguments (2 given)\n\
         TypeError gc.get_stats() takes no arguments (1 given)\n\
         TypeError gc.get_stats() takes no keyword arguments\n\
         TypeError gc.get_stats() takes no arguments (2 given)\n\
         TypeError gc.get_debug() takes no arguments (1 given)\n\
         TypeError gc.get_debug() takes no keyword arguments\n\
         TypeError gc.get_debug() takes no arguments (2 given)\n\
         TypeError gc.freeze() takes no arguments (1 given)\n\
         TypeError gc.freeze() takes no keyword arguments\n\
         TypeError gc.freeze() takes no arguments (2 given)\n\
         TypeError gc.unfreeze() takes no arguments (1 given)\n\
         TypeError gc.unfreeze() takes no keyword arguments\n\
         TypeError gc.unfreeze() takes no arguments (2 given)\n\
         TypeError gc.get_freeze_count() takes no arguments (1 given)\n\
         TypeError gc.get_freeze_count() takes no keyword arguments\n\
         TypeError gc.get_freeze_count() takes no arguments (2 given)\n\
         set_threshold\n\
         TypeError set_threshold() takes at least 1 argument (0 given)\n\
         TypeError set_threshold() takes at most 3 arguments (4 given)\n\
         TypeError 'str' object cannot be interpreted as an integer\n\
         TypeError 'float' object cannot be interpreted as an integer\n\
         TypeError 'str' object cannot be interpreted as an integer\n\
         TypeError 'NoneType' object cannot be interpreted as an integer\n\
         OverflowError signed integer is greater than maximum\n\
         OverflowError signed integer is less than minimum\n\
         OverflowError Python int too large to convert to C long\n\
         OverflowError Python int too large to convert to C long\n\
         TypeError set_threshold() takes no keyword arguments\n\
         TypeError set_threshold() takes no keyword arguments\n\
         ok NoneType\n\
         5\n\
         True\n\
         set_debug\n\
         TypeError gc.set_debug() takes exactly one argument (0 given)\n\
         TypeError 'str' object cannot be interpreted as an integer\n\
         TypeError 'float' object cannot be interpreted as an integer\n\
         TypeError 'NoneType' object cannot be interpreted as an integer\n\
         TypeError gc.set_debug() takes exactly one argument (2 given)\n\
         TypeError gc.set_debug() takes no keyword arguments\n\
         OverflowError Python int too large to convert to C int\n\
         OverflowError Python int too large to convert to C int\n\
         OverflowError Python int too large to convert to C int\n\
         ok NoneType\n\
         -1\n\
         ok NoneType\n\
         0\n\
         get_objects\n\
         ValueError generation parameter must be less than the number of available generations (3)\n\
         ValueError generation parameter must be less than the number of available generations (3)\n\
         ValueError generation parameter cannot be negative\n\
         ValueError generation parameter cannot be negative\n\
         TypeError argument should be integer or None, not 'str'\n\
         TypeError argument should be integer or None, not 'float'\n\
         TypeError argument should be integer or None, not 'bytes'\n\
         TypeError get_objects() takes at most 1 argument (2 given)\n\
         TypeError 'gen' is an invalid keyword argument for get_objects()\n\
         TypeError get_objects() takes at most 1 argument (2 given)\n\
         OverflowError cannot fit 'int' into an index-sized integer\n\
         OverflowError cannot fit 'int' into an index-sized integer\n\
         ok list\n\
         ok list\n\
         ok list\n\
         ok list\n\
         ok list\n\
         referrers and referents\n\
         TypeError get_referrers() takes no keyword arguments\n\
         TypeError get_referents() takes no keyword arguments\n\
         TypeError get_referrers() takes no keyword arguments\n\
         TypeError get_referents() takes no keyword arguments\n\
         ok list\n\
         ok list\n\
         one argument\n\
         TypeError gc.is_tracked() takes exactly one argument (0 given)\n\
         TypeError gc.is_tracked() takes exactly one argument (2 given)\n\
         TypeError gc.is_tracked() takes no keyword arguments\n\
         TypeError gc.is_tracked() takes no keyword arguments\n\
         TypeError gc.is_finalized() takes exactly one argument (0 given)\n\
         TypeError gc.is_finalized() takes exactly one argument (2 given)\n\
         TypeError gc.is_finalized() takes no keyword arguments\n\
         TypeError gc.is_finalized() takes no keyword arguments\n"
    );
}

/// Every function of `sys`; sizes and counts are pyobj's own and are not printed,
/// only whether a call succeeded.
#[test]
fn sys_arguments_are_checked_as_in_cpython() {
    assert_eq!(
        run!("tests/python/args_sys.py"),
        "getsizeof\n\
         TypeError getsizeof() missing required argument 'object' (pos 1)\n\
         TypeError getsizeof() takes at most 2 arguments (3 given)\n\
         ok int\n\
         ok int\n\
         ok int\n\
         ok int\n\
         TypeError argument for getsizeof() given by name ('object') and position (1)\n\
         TypeError getsizeof() takes at most 2 arguments (3 given)\n\
         TypeError 'x' is an invalid keyword argument for getsizeof()\n\
         TypeError getsizeof() missing required argument 'object' (pos 1)\n\
         TypeError getsizeof() missing required argument 'object' (pos 1)\n\
         TypeError getsizeof() takes at most 2 arguments (3 given)\n\
         TypeError getsizeof() takes at most 2 arguments (4 given)\n\
         True True\n\
         intern\n\
         TypeError sys.intern() takes exactly one argument (0 given)\n\
         TypeError intern() argument must be str, not int\n\
         TypeError intern() argument must be str, not bytes\n\
         TypeError intern() argument must be str, not None\n\
         TypeError sys.intern() takes exactly one argument (2 given)\n\
         TypeError sys.intern() takes no keyword arguments\n\
         TypeError sys.intern() takes no keyword arguments\n\
         True\n\
         setrecursionlimit\n\
         ValueError recursion limit must be greater or equal than 1\n\
         ValueError recursion limit must be greater or equal than 1\n\
         TypeError 'str' object cannot be interpreted as an integer\n\
         TypeError 'float' object cannot be interpreted as an integer\n\
         TypeError 'NoneType' object cannot be interpreted as an integer\n\
         TypeError sys.setrecursionlimit() takes exactly one argument (0 given)\n\
         TypeError sys.setrecursionlimit() takes exactly one argument (2 given)\n\
         TypeError sys.setrecursionlimit() takes no keyword arguments\n\
         OverflowError Python int too large to convert to C int\n\
         OverflowError Python int too large to convert to C int\n\
         OverflowError Python int too large to convert to C int\n\
         ok NoneType\n\
         1000\n\
         True\n\
         getrecursionlimit\n\
         TypeError sys.getrecursionlimit() takes no arguments (1 given)\n\
         TypeError sys.getrecursionlimit() takes no keyword arguments\n\
         TypeError sys.getrecursionlimit() takes no arguments (2 given)\n\
         getrefcount\n\
         TypeError sys.getrefcount() takes exactly one argument (0 given)\n\
         TypeError sys.getrefcount() takes exactly one argument (2 given)\n\
         TypeError sys.getrefcount() takes no keyword arguments\n\
         TypeError sys.getrefcount() takes no keyword arguments\n\
         ok int\n\
         9223372036854775807\n"
    );
}

/// `weakref.ref`, `proxy`, the proxy types, the three weak containers and `finalize`.
#[test]
fn weakref_arguments_are_checked_as_in_cpython() {
    assert_eq!(
        run!("tests/python/args_weakref.py"),
        "ref\n\
         TypeError __new__ expected at least 1 argument, got 0\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError cannot create weak reference to 'list' object\n\
         TypeError cannot create weak reference to 'NoneType' object\n\
         ok ReferenceType\n\
         ok ReferenceType\n\
         TypeError __new__ expected at most 2 arguments, got 3\n\
         TypeError ref() takes no keyword arguments\n\
         TypeError ref() takes no keyword arguments\n\
         TypeError __new__ expected at least 1 argument, got 0\n\
         TypeError weakref expected 0 arguments, got 1\n\
         TypeError weakref() takes no keyword arguments\n\
         proxy\n\
         TypeError proxy expected at least 1 argument, got 0\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError cannot create weak reference to 'str' object\n\
         ok CallableProxyType\n\
         ok ProxyType\n\
         TypeError proxy expected at most 2 arguments, got 3\n\
         TypeError _weakref.proxy() takes no keyword arguments\n\
         TypeError _weakref.proxy() takes no keyword arguments\n\
         TypeError cannot create 'weakref.ProxyType' instances\n\
         TypeError cannot create 'weakref.ProxyType' instances\n\
         TypeError cannot create 'weakref.CallableProxyType' instances\n\
         WeakValueDictionary\n\
         TypeError 'int' object is not iterable\n\
         TypeError WeakValueDictionary.__init__() takes from 1 to 2 positional arguments but 3 were given\n\
         TypeError cannot convert dictionary update sequence element #0 to a sequence\n\
         ValueError dictionary update sequence element #0 has length 3; 2 is required\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError cannot create weak reference to 'dict' object\n\
         ValueError dictionary update sequence element #0 has length 1; 2 is required\n\
         TypeError WeakValueDictionary.get() missing 1 required positional argument: 'key'\n\
         TypeError WeakValueDictionary.get() takes from 2 to 3 positional arguments but 4 were given\n\
         TypeError WeakValueDictionary.pop() missing 1 required positional argument: 'key'\n\
         KeyError 1\n\
         ok int\n\
         ok int\n\
         KeyError 'popitem(): dictionary is empty'\n\
         TypeError WeakValueDictionary.popitem() takes 1 positional argument but 2 were given\n\
         TypeError WeakValueDictionary.setdefault() missing 1 required positional argument: 'key'\n\
         TypeError cannot create weak reference to 'NoneType' object\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError 'int' object is not iterable\n\
         TypeError WeakValueDictionary.update() takes from 1 to 2 positional arguments but 3 were given\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakValueDictionary.keys() takes 1 positional argument but 2 were given\n\
         TypeError WeakValueDictionary.values() takes 1 positional argument but 2 were given\n\
         TypeError WeakValueDictionary.items() takes 1 positional argument but 2 were given\n\
         TypeError WeakValueDictionary.valuerefs() takes 1 positional argument but 2 were given\n\
         TypeError WeakValueDictionary.copy() takes 1 positional argument but 2 were given\n\
         TypeError WeakValueDictionary.keys() got an unexpected keyword argument 'x'\n\
         KeyError 1\n\
         TypeError WeakValueDictionary.pop() got an unexpected keyword argument 'x'\n\
         ok NoneType\n\
         TypeError WeakValueDictionary.get() got an unexpected keyword argument 'x'\n\
         ok B\n\
         TypeError cannot create weak reference to 'dict' object\n\
         TypeError MutableMapping.clear() takes 1 positional argument but 2 were given\n\
         ok B\n\
         TypeError cannot create weak reference to 'int' object\n\
         1\n\
         WeakKeyDictionary\n\
         TypeError 'int' object is not iterable\n\
         TypeError WeakKeyDictionary.__init__() takes from 1 to 2 positional arguments but 3 were given\n\
         TypeError cannot convert dictionary update sequence element #0 to a sequence\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakKeyDictionary.__init__() got an unexpected keyword argument 'a'\n\
         TypeError WeakKeyDictionary.get() missing 1 required positional argument: 'key'\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakKeyDictionary.pop() missing 1 required positional argument: 'key'\n\
         TypeError cannot create weak reference to 'int' object\n\
         KeyError 'popitem(): dictionary is empty'\n\
         TypeError WeakKeyDictionary.setdefault() missing 1 required positional argument: 'key'\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError 'int' object is not iterable\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakKeyDictionary.keys() takes 1 positional argument but 2 were given\n\
         TypeError WeakKeyDictionary.keyrefs() takes 1 positional argument but 2 were given\n\
         TypeError WeakKeyDictionary.copy() takes 1 positional argument but 2 were given\n\
         TypeError pop expected at most 2 arguments, got 3\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakKeyDictionary.pop() got an unexpected keyword argument 'x'\n\
         TypeError WeakKeyDictionary.update() takes from 1 to 2 positional arguments but 3 were given\n\
         TypeError cannot create weak reference to 'str' object\n\
         TypeError WeakKeyDictionary.get() takes from 2 to 3 positional arguments but 4 were given\n\
         TypeError MutableMapping.clear() takes 1 positional argument but 2 were given\n\
         TypeError WeakKeyDictionary.popitem() takes 1 positional argument but 2 were given\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError cannot create weak reference to 'int' object\n\
         0\n\
         WeakSet\n\
         TypeError 'int' object is not iterable\n\
         TypeError WeakSet.__init__() takes from 1 to 2 positional arguments but 3 were given\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakSet.__init__() got an unexpected keyword argument 'x'\n\
         TypeError WeakSet.add() missing 1 required positional argument: 'item'\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakSet.add() takes 2 positional arguments but 3 were given\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError WeakSet.discard() missing 1 required positional argument: 'item'\n\
         KeyError 'pop from empty WeakSet'\n\
         TypeError 'int' object is not iterable\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError 'int' object is not iterable\n\
         TypeError WeakSet.copy() takes 1 positional argument but 2 were given\n\
         TypeError WeakSet.clear() takes 1 positional argument but 2 were given\n\
         TypeError WeakSet.pop() takes 1 positional argument but 2 were given\n\
         ok NoneType\n\
         TypeError WeakSet.add() got an unexpected keyword argument 'x'\n\
         ok WeakSet\n\
         TypeError WeakSet.update() takes 2 positional arguments but 3 were given\n\
         TypeError WeakSet.remove() missing 1 required positional argument: 'item'\n\
         ok bool\n\
         1\n\
         finalize\n\
         TypeError finalize.__init__() missing 2 required positional arguments: 'obj' and 'func'\n\
         TypeError finalize.__init__() missing 1 required positional argument: 'func'\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError finalize.__init__() missing 2 required positional arguments: 'obj' and 'func'\n\
         TypeError finalize.__init__() missing 1 required positional argument: 'func'\n\
         {'sep': ''}\n\
         TypeError finalize.detach() takes 1 positional argument but 2 were given\n\
         TypeError finalize.peek() takes 1 positional argument but 2 were given\n\
         TypeError finalize.detach() got an unexpected keyword argument 'x'\n\
         TypeError finalize.__call__() takes from 1 to 2 positional arguments but 3 were given\n\
         TypeError finalize.__call__() got an unexpected keyword argument 'x'\n\
         called\n\
         ok NoneType\n\
         ok NoneType\n\
         TypeError __new__ expected at least 1 argument, got 0\n\
         TypeError cannot create weak reference to 'int' object\n\
         TypeError ref() takes no keyword arguments\n"
    );
}
