//! `pyblock!` on Python source as written: a file (`pyblock!(file "...")`) and a string
//! literal, read by a complete Python parser. Expected outputs are CPython 3.11's for
//! the same source.

mod common;
use common::run;
use pyobj::{capture_stdout, pyblock};

#[test]
fn a_file_prints_what_cpython_prints() {
    let (result, out) = capture_stdout(|| pyblock!(file "tests/python/source_forms.py"));
    result.unwrap();
    assert_eq!(
        out,
        "hello, world '' it's \"quoted\"  'a   b'\n\
         6 3 1.5 4722366482869645213695 6.0\n\
         -4 3.0 -4.0\n"
    );
}

#[test]
fn a_string_literal_is_python_text() {
    let (result, out) = capture_stdout(|| {
        pyblock!(
            r#"
words = ['a', "b", '''c''']
print(' '.join(words), len(''))
x = 10
x //= 3
print(x, 9 // 2)
"#
        )
    });
    let ns = result.unwrap();
    assert_eq!(out, "a b c 0\n3 4\n");
    assert_eq!(ns.get("x").unwrap().repr().unwrap(), "3");
}

#[test]
fn a_traceback_names_the_python_file_and_line() {
    let error = pyblock!(file "tests/python/raises.py").unwrap_err();
    assert_eq!(
        error.to_string(),
        "Traceback (most recent call last):\n  \
         File \"tests/python/raises.py\", line 6, in <module>\n  \
         File \"tests/python/raises.py\", line 4, in divide\n\
         ZeroDivisionError: integer division or modulo by zero"
    );
}

#[test]
fn keyword_arguments_gather_and_spread_as_in_cpython() {
    assert_eq!(
        run!("tests/python/kwargs.py"),
        "[1, 2, (), {}]\n\
         [1, 2, (3,), {'x': 4, 'y': 5}]\n\
         [0, 20, (), {'z': 26}]\n\
         ['A', 2, (), {'c': 3}]\n\
         (0, 0, 0) 0.2 3\n\
         __main__.f() argument after ** must be a mapping, not int\n\
         f() got multiple values for argument 'a'\n\
         __main__.f() got multiple values for keyword argument 'a'\n\
         keywords must be strings\n"
    );
}

#[test]
fn decorators_and_with_statements_run_in_cpythons_order() {
    assert_eq!(
        run!("tests/python/decorators_with.py"),
        "5\n\
         ['made outer', 'made inner', 'wrapped inner', 'wrapped outer', 'call outer', 'call inner']\n\
         True\n\
         enter a\nbody A\nexit a True None\n\
         enter b\nexit b False swallowed\nafter b\n\
         enter c\nexit c False 'kept'\ncaught KeyError('kept')\n\
         enter d\nenter e\nexit e True None\nexit d True None\nDE\n\
         enter loop\nexit loop True None\nenter loop\nexit loop True None\ni = 1\n"
    );
}

#[test]
fn fstrings_format_and_percent_print_cpythons_texts() {
    assert_eq!(
        run!("tests/python/fstrings.py"),
        "pyobj|'pyobj'|     pyobj|***pyobj***\n\
         3.142   3.14e+00 1,234,567 12_d687 -1234567\n\
         pi=3.14159265 count = 1,234,567 'pyobj' '\\xe9'\n\
         {literal} 1 7\n\
         a and b xyx    7\n\
         Ann is 31 years, 99.50%     r|l    | 'v'\n\
         ff 10 1.234568e+04 0.0001\n"
    );
}

#[test]
fn builtins_real_programs_use_match_cpython() {
    assert_eq!(
        run!("tests/python/builtins.py"),
        "65 233 a \u{1F600} 122\n\
         0b1010 -0o10 0xff 0x400000000000000000 'na\\xefve'\n\
         (3, 2) (-4, 3) (3.0, 1.5)\n\
         1024 0.5 2 4 0\n\
         2.67 1200.0 1200 1400 0.12\n\
         [1, 2, 3] [4, 10]\n\
         [1, 'x'] [1, 3, 5]\n\
         [3, 2, 1] ['c', 'b', 'a'] [3, 2, 1, 0]\n\
         True False True False\n\
         True False\n\
         TypeError ord() expected a character, but string of length 2 found\n\
         ValueError chr() arg not in range(0x110000)\n\
         TypeError 'int' object is not reversible\n\
         TypeError map() must have at least two arguments.\n\
         TypeError 'float' object cannot be interpreted as an integer\n"
    );
}

#[test]
fn generators_yield_send_throw_and_close_as_in_cpython() {
    assert_eq!(
        run!("tests/python/generators.py"),
        "[0, 1, 2, 3] 45\n\
         inner returned counted 2\n\
         [0, 1, 'last']\n\
         0 5 15\n\
         stopped with 15\n\
         1\ncleanup\nclosed\n\
         caught bad\ncaught worse\n\
         [1, 2, 3, 4, 5]\n\
         generator count\n\
         0 done\n\
         TypeError can't send non-None value to a just-started generator\n\
         StopIteration \n\
         finally on drop\nend\n"
    );
}

#[test]
fn generator_expressions_are_lazy_closures_as_in_cpython() {
    assert_eq!(
        run!("tests/python/genexpr.py"),
        "made\nproduce 0\n0\nproduce 1\nproduce 2\n[10, 20]\n\
         4 True\n\
         [[], [0], [0, 2], [0, 3, 6]]\n\
         [(1, 'y'), (2, 'x')]\n\
         [100, 200]\n\
         True\n\
         'int' object is not iterable\n"
    );
}

#[test]
fn builtins_called_with_a_generator_expression_match_cpython() {
    // The inline path and the general one (after `sum` is rebound), with CPython's
    // order of effects, PEP 479, the builtin's own errors and the `<genexpr>` line.
    assert_eq!(
        run!("tests/python/genexpr_builtins.py"),
        "(2, 4, 6, 8, 10) [1, 3, 5]\n\
         [0, 1, 2] 55 7.5\n\
         any 1\nany 2\nany 3\nall 1\nall 2\nall 3\n\
         True False\n\
         -9 -1 [-5, -4, -3, -2, -1]\n\
         False True 0\n\
         [0, 100, 202, 309]\n\
         (True, [1, 5])\n\
         (9, [1, 2, 3])\n\
         RuntimeError generator raised StopIteration\n\
         TypeError unhashable type: 'list'\n\
         StopIteration from the consumer\n\
         ValueError min() arg is an empty sequence\n\
         shadowed [1, 2]\n\
         [1, 2, 3] 3\n\
         ('A', 'B', 'C') [1, 2, 2]\n\
         Traceback (most recent call last):\n  \
         File \"tests/python/genexpr_builtins.py\", line 88, in <module>\n  \
         File \"tests/python/genexpr_builtins.py\", line 85, in broken\n  \
         File \"tests/python/genexpr_builtins.py\", line 86, in <genexpr>\n\
         ZeroDivisionError: division by zero"
    );
}

#[test]
fn assignment_expressions_in_comprehensions_bind_in_the_enclosing_scope() {
    assert_eq!(
        run!("tests/python/walrus_comprehensions.py"),
        "(True, 5) (False, 2)\n\
         ([1, 3, 6], 6)\n\
         ([[1, 2], [3]], 3)\n\
         (10, 10, [20, 30], 30)\n\
         [5, 25] [0, 1, 4, 9] 3 c c\n"
    );
}

#[test]
fn coroutines_await_and_send_as_in_cpython() {
    // CPython also warns "coroutine 'fibonacci' was never awaited" on stderr; pyobj
    // has no warnings machinery.
    assert_eq!(
        run!("tests/python/coroutines.py"),
        "coroutine\nresult 610\n\
         waiting for 7\ndone 43\n\
         object int can't be used in 'await' expression\n\
         'coroutine' object is not iterable\n\
         waiting for 7\n\
         outer 44\n\
         thrown boom\n"
    );
}

#[test]
fn star_targets_and_raise_from_match_cpython() {
    assert_eq!(
        run!("tests/python/unpacking.py"),
        "0 [1, 2, 3, 4] 5\n\
         ['a', 'b'] c\n\
         1 []\n\
         1 [2, 3]\n4 []\n\
         7 [8, 9] 10\n\
         not enough values to unpack (expected at least 2, got 1)\n\
         ValueError('lookup failed') KeyError('missing') True\n\
         None True\n\
         ['x0', 'y0'] True True\n['a'] 0 b\n\
         ['x0', 'y0'] True True\n['a'] 0 b\n"
    );
}

#[test]
fn assignment_expressions_bind_and_give_their_value() {
    assert_eq!(
        run!("tests/python/walrus.py"),
        "long 5\n[[3, 1], [4, 1], [5]] 5\n[10, 20]\n"
    );
}

#[test]
fn inline_fast_paths_give_the_general_operators_results() {
    assert_eq!(
        run!("tests/python/fast_paths.py"),
        "9223372036854775808 -13835058055282163712 18446744073709551616 -13835058055282163712\n\
         3.5 -3.5 0.3333333333333333 9007199254740993 9007199254740992.0 3.333333333333333e+19\n\
         -4 -4 2 -2 -9223372036854775808 9223372036854775808\n\
         3.5 1.5 4.5 0.30000000000000004 3.0 1.5\n\
         True False 9223372036854775808\n\
         False True False True True True\n\
         2 2.5 True True True -1\n\
         all falsy\n\
         ZeroDivisionError division by zero\n\
         ZeroDivisionError float division by zero\n\
         ZeroDivisionError integer division or modulo by zero\n\
         ZeroDivisionError integer modulo by zero\n\
         TypeError can only concatenate str (not \"int\") to str\n\
         10 40 20 30\n\
         IndexError tuple index out of range\n\
         IndexError tuple index out of range\n\
         IndexError cannot fit 'int' into an index-sized integer\n\
         TypeError tuple indices must be integers or slices, not str\n\
         [1, 4, 7, 10] [] [3, 1, -1, -3]\n\
         range_iterator [9223372036854775806, 9223372036854775803, 9223372036854775800] \
         [-9223372036854775805, -9223372036854775806, -9223372036854775807, -9223372036854775808]\n\
         set -2 3\n\
         [1.0, 2, 'xy'] 1.0 xy 5 4 zero! minus ('get', 0) ('get', -7) b\n\
         IndexError list index out of range\n\
         IndexError tuple index out of range\n\
         KeyError 1\n\
         TypeError 'int' object is not subscriptable\n\
         IndexError list assignment index out of range\n"
    );
}

#[test]
fn list_slices_read_and_assign_as_in_cpython() {
    assert_eq!(
        run!("tests/python/slices.py"),
        "[2, 3, 4] [0, 1, 2] [7, 8, 9] [0, 2, 4, 6, 8] [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] [8, 6, 4] \
         [7, 8, 9] [0, 1, 2] [] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n\
         [0, 1, 'x', 'y', 5, 6, 7, 8, 9]\n\
         [-1, 0, 1, 'x', 'y', 5, 6, 7, 8, 9]\n\
         [-1, 0, 1, 'x', 'y', 5, 6, 7, 8, 9, 98, 99]\n\
         [-1, 0, 1, 'x']\n\
         True 10 [-1, 'x', 'y']\n\
         [3, 2, 1, 0, 4]\n\
         bcd fedcba (2, 3) ok\n\
         slice step cannot be zero\n\
         slice indices must be integers or None or have an __index__ method\n\
         [2, 'x', 'y', 3, 4] True\n\
         [['a', 'b']] ['a', 'b', 'z']\n\
         [8, 7, 6, 9, 10, 11, 5, 4, 3, 2, 1, 0] [8, 7, 6] [0, 1, 9, 8, 7, 5, 6, 7, 8, 9]\n"
    );
}

#[test]
fn awaited_calls_run_the_body_without_a_coroutine_object_as_cpython_would() {
    // `await f(...)` of an async def runs its body at once; a coroutine object is made
    // only when it suspends. Results, argument errors and releases, PEP 479, finally
    // blocks, sends, throws and close through nested awaits are CPython's.
    assert_eq!(
        run!("tests/python/await_calls.py"),
        "yielded waiting for 5\n\
         returned (6, 1, 51)\n\
         in takes first 2\n\
         del first\n\
         after takes 2\n\
         takes() missing 1 required positional argument: 'x'\n\
         takes() takes from 1 to 2 positional arguments but 3 were given\n\
         returned passes done\n\
         ValueError bad value\n\
         RuntimeError coroutine raised StopIteration\n\
         returned caught\n\
         driven directly: coroutine raised StopIteration\n\
         finally 0\n\
         finally 1\n\
         finally 2\n\
         finally 3\n\
         returned 3\n\
         yielded waiting for 4\n\
         middle finally\n\
         returned 130\n\
         waiting for 4\n\
         middle finally\n\
         thrown 'k'\n\
         waiting for 4\n\
         middle finally\n\
         closed\n\
         8\n\
         skip\n\
         object int can't be used in 'await' expression\n\
         returned others done\n\
         returned 610\n\
         coroutines left 0\n"
    );
}

#[test]
fn super_method_calls_find_what_cpython_finds() {
    // A function found after the class is called with the instance first; class and
    // static methods, properties, object's own methods and missing names go through
    // the super object.
    assert_eq!(
        run!("tests/python/super_calls.py"),
        "> Both Left Right Base 20!\n\
         < Left Base 1. - Right Base 5?\n\
         ['Both made 3', 'static 4', 40, \"'super' object has no attribute 'missing'\", 'super', 'str']\n\
         direct Right Base 20.\n\
         Both made 7\n\
         setting ready\n\
         setting ready\n\
         True True False NotImplemented\n\
         0 Left Base 0.\n\
         1 Left Base 1.\n\
         2 Left Base 2.\n"
    );
}

#[test]
fn sequence_searches_compare_as_cpython_does() {
    // Exact ints and strs are compared without the general protocol; an item with its
    // own `__eq__` is still asked, in order, from where the quick scan stopped.
    assert_eq!(
        run!("tests/python/sequence_search.py"),
        "0 1 2 3 4 4\n\
         Eq.__eq__ 7 7\n\
         Eq.__eq__ 7 9\n\
         Eq.__eq__ 9 9\n\
         Eq.__eq__ 7 s\n\
         Eq.__eq__ 9 s\n\
         Eq.__eq__ 7 b\n\
         Eq.__eq__ 9 b\n\
         Eq.__eq__ 7 3\n\
         Eq.__eq__ 9 3\n\
         5 6 7 8 9\n\
         Eq.__eq__ 7 3\n\
         Eq.__eq__ 9 3\n\
         Eq.__eq__ 7 4\n\
         Eq.__eq__ 9 4\n\
         Eq.__eq__ 7 b\n\
         Eq.__eq__ 9 b\n\
         Eq.__eq__ 7 c\n\
         Eq.__eq__ 9 c\n\
         True False True False True True True\n\
         Eq.__eq__ 7 3\n\
         Eq.__eq__ 9 3\n\
         9 0 8\n\
         Eq.__eq__ 7 5\n\
         Eq.__eq__ 9 5\n\
         5 is not in list\n\
         Eq.__eq__ 7 3\n\
         Eq.__eq__ 9 3\n\
         3 is not in list\n\
         3 is not in list\n\
         3 is not in list\n\
         [1, 3, 2]\n\
         list.remove(x): x not in list\n\
         2 1\n\
         tuple.index(x): x not in tuple\n"
    );
}

#[test]
fn builtin_methods_found_at_the_site_follow_every_receiver_and_rebinding() {
    // One site sees builtin objects, list and dict subclasses (with and without their
    // own method, or an instance attribute of the name), classes and modules, and
    // classes that gain the name after the site remembered the builtin method.
    assert_eq!(
        run!("tests/python/builtin_method_sites.py"),
        "one None 2\n\
         Holder.get 3 two\n\
         [1] [2] [30]\n\
         [5, 6] [7, 8]\n\
         3 2 2\n\
         Holder.count 3\n\
         [0, 1, 2, -9, 4]\n\
         [1, 'base']\n\
         v\n\
         own k w\n\
         Recorder called with (2,)\n\
         [1]\n\
         static count 5 2 static count 6\n\
         math has no get\n\
         module 'math' has no attribute 'get'\n\
         type object 'int' has no attribute 'get'\n\
         'tuple' object has no attribute 'append'\n\
         list.append() takes exactly one argument (2 given)\n\
         list.append() takes exactly one argument (2 given)\n"
    );
}

#[test]
fn calls_hand_their_arguments_over_as_cpython_does() {
    // The callee's parameters are the call's references (counts as CPython's), released
    // in order when it returns; defaults, class and static methods too; class
    // attributes read through the class's cache follow every rebinding.
    assert_eq!(
        run!("tests/python/call_arguments.py"),
        "(3, 2) 2\n\
         3 3 2\n\
         (3, 3) (3, 2) ('C', 3) ('C', 2) 3 2 2\n\
         in takes direct\n\
         del direct\n\
         result direct\n\
         del method\n\
         result 2\n\
         del builtin\n\
         result 1\n\
         del first\n\
         del second\n\
         result 0\n\
         del too many\n\
         takes() takes 1 positional argument but 2 were given\n\
         (0, 5) (0, 9) (0, 5) 2\n\
         (-1, 5) (-1, 9)\n\
         (-1, 5) (100, 9)\n\
         (-1, 5) (100, 5)\n\
         type object 'Strength' has no attribute 'REQUIRED'\n\
         (100, 5)\n\
         3.141592653589793 2\n\
         3 replaced\n\
         module 'math' has no attribute 'pi'\n\
         module 'math' has no attribute 'floor'\n\
         4.0 math dict\n"
    );
}

#[test]
fn attribute_and_method_caches_never_change_results() {
    assert_eq!(
        run!("tests/python/caches.py"),
        "[('A.m', 1), ('B.m', 1), ('A.m', 1), ('B.m', 1)]\n\
         [('replaced', 1), ('B.m', 1)]\n\
         [('replaced', 1), ('replaced', 1)]\n\
         [('replaced', 1), ('own', 1)]\n\
         [('new A', 'fresh')]\n[('new A', 'fresh')]\n[('new A', 'fresh')]\n\
         [6, 2]\n\
         'B' object has no attribute 'x'\n\
         ['class', 'class', 'class'] ['class', 'class', 'class']\n\
         ['class', 'own', 'class']\n\
         ['class', 'own', 'dict']\n\
         class class\n\
         late 41\n"
    );
}

#[test]
fn the_readme_program_prints_what_cpython_prints() {
    assert_eq!(
        run!("examples/python/memory_tour.py"),
        "[Node('a'), Node('b'), Node('c')] 5\n['b', 'c']\nunreachable cycles freed: 3\n"
    );
}

#[test]
fn keyword_only_and_positional_only_parameters_match_cpython() {
    assert_eq!(
        run!("tests/python/params.py"),
        "(1, 2, 3, 4, 5) (1, 2, 3, 4, 6) (1, 2, 30, 4, 5)\n\
         (1, (2, 3), 4, {'z': 5}) (1, {'a': 2})\n\
         {'e': 5} (2, 3) None\n\
         6 ababab\n\
         f() missing 1 required keyword-only argument: 'd'\n\
         f() got some positional-only arguments passed as keyword arguments: 'a'\n\
         f() takes from 1 to 3 positional arguments but 4 positional arguments (and 1 \
         keyword-only argument) were given\n\
         f() got an unexpected keyword argument 'x'\n\
         g() missing 1 required keyword-only argument: 'k'\n\
         f() takes from 1 to 3 positional arguments but 5 were given\n"
    );
}

#[test]
fn classes_deriving_from_list_behave_as_in_cpython() {
    assert_eq!(
        run!("tests/python/subclass_list.py"),
        "[1, 2, 3, 4] 4 4 2 True Stack\n\
         [2, 3] 10 [2, 4, 6, 8] 4 [1, 2, 3]\n\
         ['a', 'b'] True [1, 2, 3, 'a', 'b']\n\
         x [5] [5]\n\
         list expected at most 1 argument, got 2\n"
    );
}

#[test]
fn arithmetic_inside_expressions_gives_the_operators_results() {
    assert_eq!(
        run!("tests/python/arithmetic_trees.py"),
        "29.25 -11.25 -13.5 -13835058055282163712 18446744073709551615\n\
         1 6.0 2.0000000000000004 29.25\n\
         9223372036854775808 9223372036854775807 9223372036854775809 9223372036854775808\n\
         False True 4 3.5\n\
         abab [1, 1, 2, 2] (1, 2, 3, 3)\n\
         7 6 6.0\n\
         [-5.0, 7] abb [1, 2, 2] True\n\
         10.0\n\
         ZeroDivisionError float division by zero\n\
         ZeroDivisionError integer division or modulo by zero\n\
         ZeroDivisionError integer modulo by zero\n\
         TypeError unsupported operand type(s) for -: 'str' and 'int'\n\
         TypeError bad operand type for unary -: 'str'\n"
    );
}

#[test]
fn itertools_and_functools_programs_print_what_cpython_prints() {
    assert_eq!(
        run!("tests/python/itertools_functools.py"),
        "23416728348467685 CacheInfo(hits=78, misses=81, maxsize=None, currsize=81)\n\
         CacheInfo(hits=1, misses=4, maxsize=2, currsize=2)\n\
         CacheInfo(hits=0, misses=0, maxsize=2, currsize=0) square\n\
         calling add (2,)\n\
         5 add add\n\
         [0, 2, 4, 6, 8]\n\
         [1, 2, 6, 24]\n\
         [('a', 3), ('b', 2), ('c', 1)]\n\
         [('a', 'b'), ('a', 'c'), ('b', 'a'), ('b', 'c')]\n\
         [(0, 0), (0, 1), (1, 0), (1, 1)]\n\
         [('a', 'x'), ('b', 'y'), ('-', 'z')]\n\
         ['a', 'b', 'c', 'd']\n\
         [1, 2, 3] [1, 2, 3]\n\
         120\n\
         11 functools.partial(<class 'int'>, base=2)\n\
         [3, 2, 1]\n\
         True True False\n\
         12 12 CacheInfo(hits=1, misses=1, maxsize=None, currsize=1)\n\
         Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.\n"
    );
}

#[test]
fn operator_heapq_bisect_and_weakref_programs_print_what_cpython_prints() {
    assert_eq!(
        run!("tests/python/heaps_bisect_weakrefs.py"),
        "[('c', 1), ('b', 2), ('a', 3)] [('a', 3), ('b', 2), ('c', 1)]\n\
         [4, 10, 18] ('y', 'x')\n\
         [Task(1, 'plan'), Task(2, 'test'), Task(3, 'write')] ['A', 'B']\n\
         True 5 5 42 20\n\
         operator.itemgetter(2, 'k') operator.attrgetter('a.b') operator.methodcaller('f', 1, k=2)\n\
         add expected 2 arguments, got 1\n\
         [Task(0, 'wake'), Task(1, 'plan'), Task(2, 'test'), Task(3, 'write'), Task(2, 'ship')]\n\
         ['wake', 'plan', 'test', 'ship', 'write']\n\
         [2, 4, 2, 6, 8, 5, 7, 9] 1 [2, 4, 2, 6, 8, 5, 7, 9] 0\n\
         [9, 8, 8] [0, 1, 1]\n\
         [Task(1, 'plan'), Task(2, 'test')] [1, 2, 3, 4, 5, 9, 10]\n\
         ['kiwi', 'apple', 'fig', 'banana']\n\
         IndexError: index out of range\n\
         ['F', 'C', 'C', 'A']\n\
         [1, 1, 3, 4, 5] 0 2\n\
         [(1, 'a'), (2, 'b'), (3, 'c')] 2\n\
         lo must be non-negative\n\
         2 ['first', 'second']\n\
         1 ['first'] gone\n\
         True 1 me\n\
         kept True\n\
         ['finalized'] False 0 0 0\n\
         ReferenceError: weakly-referenced object no longer exists\n"
    );
}

#[test]
fn long_bodies_compiled_in_parts_behave_as_one() {
    assert_eq!(
        run!("tests/python/long_bodies.py"),
        "-1905 5460\n\
         [37, 39, 41] [135, 'no break']\n\
         105 39\n\
         finally 35\n\
         finally 36\n\
         integer division or modulo by zero 10\n\
         66 64\n"
    );
}

#[test]
fn builtin_type_methods_read_on_the_type_print_what_cpython_prints() {
    assert_eq!(
        run!("tests/python/builtin_type_methods.py"),
        "<method 'upper' of 'str' objects> <method 'append' of 'list' objects> <method 'bit_length' of 'int' objects> <method 'hex' of 'float' objects>\n\
         ABC a-b True True\n\
         ['x', 'y', 'z'] {'a': 0, 'b': 0} {'x': None, 'y': None}\n\
         descriptor 'upper' for 'str' objects doesn't apply to a 'int' object\n\
         unbound method str.upper() needs an argument\n\
         True xyc\n\
         upper str.upper <class 'str'> ['a', 'b']\n\
         b'\\x04\\x00' b'\\x00\\x04\\x00\\x00' b'\\xff\\xff'\n\
         1024 -1 1\n\
         True 7 b'\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'\n\
         8 70 (7, 1) -7\n\
         1024 0 1024 1 1 0 int\n\
         TypeError to_bytes() takes at most 2 positional arguments (3 given)\n\
         ValueError byteorder must be either 'little' or 'big'\n\
         int too big to convert\n\
         can't convert negative int to unsigned\n\
         (3602879701896397, 36028797018963968) (-3, 4) 0x1.999999999999ap-4 0x0.0000000000001p-1022 -0x0.0p+0\n\
         True -3.0 inf\n\
         0.1 0.0 0.1 True 0.25\n\
         ValueError invalid hexadecimal floating-point string\n\
         OverflowError hexadecimal value too large to represent as a float\n\
         OverflowError cannot convert Infinity to integer ratio\n\
         ValueError cannot convert NaN to integer ratio\n\
         b'' b'\\x00\\x00\\x00' b'\\x01\\x02' b'\\xc3\\xa9' b'\\xde\\xad' 01ff\n\
         [1, 2] <method 'append' of 'list' objects> 3 [1, 2]\n"
    );
}

#[test]
fn multiple_inheritance_follows_cpythons_c3_order() {
    assert_eq!(
        run!("tests/python/multiple_inheritance.py"),
        "['Both', 'Left', 'Right', 'Base', 'object']\n\
         ['Base', 'Right', 'Left', 'Both'] Left>Right>Base only right\n\
         (<class '__main__.Left'>, <class '__main__.Right'>) Left\n\
         True True False\n\
         Right>Base\n\
         [1, 2, 3, 4] Items with 4 ['Items', 'Mixin', 'list', 'object']\n\
         Failure bad tagged ValueError\n\
         Cannot create a consistent method resolution\n\
         order (MRO) for bases Base, Left\n\
         duplicate base class Base\n\
         multiple bases have instance lay-out conflict\n\
         Cannot create a consistent method resolution\n\
         order (MRO) for bases X, Y\n\
         (<class 'int'>, <class 'object'>) () (<class 'int'>,)\n"
    );
}

#[test]
fn slots_members_and_no_dict_as_in_cpython() {
    assert_eq!(
        run!("tests/python/slots.py"),
        "3 -4 7 <member 'x' of 'Point' objects> member_descriptor\n\
         10 14\n\
         read AttributeError 'Point' object has no attribute 'x'\n\
         store AttributeError 'Point' object has no attribute 'z'\n\
         dict AttributeError 'Point' object has no attribute '__dict__'\n\
         vars TypeError vars() argument must have __dict__ attribute\n\
         weakref TypeError cannot create weak reference to 'Point' object\n\
         del y\n\
         after del 'Point' object has no attribute 'y'\n\
         6 ['z']\n\
         'Point3' object has no attribute 'w'\n\
         5 {'w': 5}\n\
         True n\n\
         1 2\n\
         'x' in __slots__ conflicts with class variable\n\
         __slots__ items must be strings, not 'int'\n\
         multiple bases have instance lay-out conflict\n\
         7 'Mixed' object has no attribute 'c'\n\
         60 -10 'Vec' object has no attribute 'z'\n\
         class attribute 3 2\n\
         replaced replaced\n\
         5 9 {'extra': 6}\n\
         TypeError  expected at least 1 argument, got 0\n\
         TypeError  expected 2 arguments, got 1\n\
         TypeError __get__(None, None) is invalid\n\
         TypeError expected 1 argument, got 0\n\
         TypeError descriptor 'x' for 'Vec' objects doesn't apply to a 'int' object\n\
         TypeError  expected 2 arguments, got 3\n\
         True\n\
         2\n\
         False\n"
    );
}

/// Instances of a class whose `__slots__` (and its bases') leave out `__dict__` hold only
/// the members' values: `sys.getsizeof` shows CPython 3.11's sizes, and members, errors,
/// weak references, the collector, `__del__`, `copy` behave as there.
#[test]
fn slotted_instances_have_cpythons_size_and_behaviour() {
    assert_eq!(
        run!("tests/python/slots_layout.py"),
        "[32, 40, 48, 56, 64, 72]\n\
         56 48\n\
         unset: 'S2' object has no attribute 'x'\n\
         1 True <member 'x' of 'S2' objects> 1\n\
         read AttributeError 'S2' object has no attribute 'x'\n\
         del AttributeError x\n\
         store AttributeError 'S2' object has no attribute 'w'\n\
         del other AttributeError 'S2' object has no attribute 'w'\n\
         dict AttributeError 'S2' object has no attribute '__dict__'\n\
         vars TypeError vars() argument must have __dict__ attribute\n\
         weakref TypeError cannot create weak reference to 'S2' object\n\
         False True default\n\
         5 S2 True True\n\
         6 True S2\n\
         descriptor 'a' for 'S3' objects doesn't apply to a 'Sub' object\n\
         descriptor 'a' for 'S3' objects doesn't apply to a 'Sub' object\n\
         20 3\n\
         6 {'extra': 3} True\n\
         Point(3, -4) 7 Point(4, -4) Point(0, 0) Point(1, 1) True\n\
         Point(7, 0) Point(7, 0) Point(7, 0) True\n\
         True\n\
         None\n\
         missing a missing b\n\
         42\n\
         'Hooked' object has no attribute 'b'\n\
         ['Node', 'str', 'type']\n\
         True True\n\
         del a\n\
         del b\n\
         collected True\n\
         True True False False\n\
         S2\n\
         190 True\n\
         'Wide' object has no attribute 'other'\n\
         Base(11)+6 True\n\
         2 True True 1\n\
         6 Derived\n\
         set\n\
         Plain(x=6) 40\n\
         [1, 3, 5, 6, 'class', 8] [2, 4, 6, 7]\n\
         'OnlyZ' object has no attribute 'x'\n\
         'OnlyZ' object has no attribute 'x'\n"
    );
}

#[test]
fn calls_on_classes_and_class_attributes_follow_the_class_as_in_cpython() {
    assert_eq!(
        run!("tests/python/class_calls.py"),
        "1 1 ('A', 0) ('B', 0) 0 0 1\n\
         1 1 ('A', 1) ('B', 1) 2 2 2\n\
         1 1 ('A', 2) ('B', 2) 4 4 3\n\
         5 5\n\
         5 7\n\
         5 5 5\n\
         ('new', 'A', 1) ('new', 'B', 2)\n\
         -3\n\
         type object 'B' has no attribute 'twice'\n\
         method property C C\n\
         method property C C\n\
         own attribute method\n\
         method C\n\
         D's method D\n\
         method C\n\
         D's method D\n\
         type object 'A' has no attribute 'missing'\n"
    );
}

#[test]
fn attribute_hooks_getattr_setattr_delattr_as_in_cpython() {
    assert_eq!(
        run!("tests/python/attribute_hooks.py"),
        "2 10 SIZE [('set', 'x', 1), ('set', 'y', 5)]\n\
         ('del', 'y') False default\n\
         no missing here\n\
         no broken here Record\n\
         attribute name must be string, not 'int'\n\
          \x20expected 2 arguments, got 1\n\
         [1, 2, 3] 1 [1, 2, 3]\n\
         20 2 ABC\n\
         cannot set 'value' 3\n"
    );
}

#[test]
fn a_generator_in_a_cycle_through_its_frame_is_collected() {
    assert_eq!(
        run!("tests/python/generator_frames.py"),
        "True\n\
         True\n\
         collecting\n\
         node freed\n\
         finally ran\n\
         collected\n\
         7\n\
         1 True True\n\
         StopIteration\n"
    );
}

/// pyobj's own shape (CPython also shows its code and function objects): a suspended
/// generator's referents are its frame's locals, the values of the slots and the cells
/// nested functions capture, each cell reported for the two handles the generator owns
/// (the channel's and the body's).
#[test]
fn a_suspended_generators_referents_are_its_frames_cells() {
    let (result, out) = capture_stdout(|| {
        pyblock!(
            r#"
import gc

def walk(items):
    count = 0
    for item in items:
        count += 1
        yield item

data = [1, 2]
g = walk(data)
print(gc.get_referents(g))
next(g)
locals = gc.get_referents(g)
print(sorted(type(c).__name__ for c in locals))
print(any(c is data for c in locals), gc.is_tracked(g))
for _ in g:
    pass
print(gc.get_referents(g))

def counter():
    n = 0
    def bump():
        nonlocal n
        n += 1
        return n
    yield bump

c = counter()
bump = next(c)
print(bump(), sorted(type(r).__name__ for r in gc.get_referents(c)))
"#
        )
    });
    result.unwrap();
    assert_eq!(
        out,
        "[]\n\
         ['int', 'int', 'list']\n\
         True True\n\
         []\n\
         1 ['cell', 'cell', 'function']\n"
    );
}

#[test]
fn match_statements_match_as_in_cpython() {
    assert_eq!(
        run!("tests/python/match_statement.py"),
        "small\n\
         small\n\
         small\n\
         big head 11 [2, 3]\n\
         pair 1 2\n\
         pair 3 4\n\
         long sequence\n\
         text ab\n\
         other ''\n\
         circle 2\n\
         map 1 {'z': 2}\n\
         map 5 {}\n\
         on the y axis at 5\n\
         point 1 2 Point\n\
         negative -3\n\
         number 2.5\n\
         number 7\n\
         nothing\n\
         pair 0 1\n\
         other b'xy'\n\
         other {1, 2}\n\
         x is still before and y is 2 1\n\
         guard failed, p = 5\n\
         TypeError Point() accepts 2 positional sub-patterns (3 given)\n\
         TypeError int() accepts 1 positional sub-pattern (2 given)\n\
         TypeError called match pattern must be a type\n\
         going north\n\
         what?\n\
         taking a, b\n\
         what?\n\
         bye\n\
         what?\n"
    );
}

#[test]
fn async_for_and_async_with_run_as_in_cpython() {
    assert_eq!(
        run!("tests/python/async_for_with.py"),
        "result 8\n\
         loop done\n\
         enter a\n\
         inside a\n\
         exit a None\n\
         enter b\n\
         exit b KeyError\n\
         enter c\n\
         exit c ValueError\n\
         caught kept\n"
    );
}

#[test]
fn classes_deriving_from_dict_behave_as_in_cpython() {
    assert_eq!(
        run!("tests/python/subclass_dict.py"),
        "{'a': 1, 'b': 2, 'c': 3} 3 2 True Registry ['a', 'b', 'c']\n\
         1 missing zz None True ('a', 1) True\n\
         Config(db, {'host': 'h', 'port': 1, 'user': 'u'}) db 1 dict\n\
         [3, 1, 2, 0] nums [0, 1, 2, 3] 4\n\
         dict expected at most 1 argument, got 2\n\
         'int' object is not iterable\n\
         {'k': 'v', 'z': 1}\n\
         <slot wrapper '__repr__' of 'dict' objects> 2 2 None\n\
         <__main__. 1 True True\n\
         True 3 a\n\
         descriptor '__repr__' requires a 'dict' object but received a 'int'\n\
         Base+<__mai True NotImplemented False\n"
    );
}

#[test]
fn containers_changed_while_iterated_or_sorted_raise_as_in_cpython() {
    assert_eq!(
        run!("tests/python/mutation_guards.py"),
        "dictionary changed size during iteration\n\
         Set changed size during iteration\n\
         dictionary keys changed during iteration\n\
         list modified during sort [1, 2, 3]\n\
         [2, 3]\n\
         dictionary changed size during iteration\n\
         dictionary changed size during iteration\n"
    );
}

/// The block's end is its interpreter's exit: `weakref.finalize`s with `atexit` run,
/// newest first, when the namespace is dropped (here inside the capture).
#[test]
fn weakref_finalizers_run_at_the_blocks_end_as_at_cpythons_exit() {
    let (result, out) =
        capture_stdout(|| pyblock!(file "tests/python/finalize_at_exit.py").map(drop));
    result.unwrap();
    assert_eq!(
        out,
        "finalized before the end\n\
         block ends\n\
         exit finalizer for third\n\
         exit finalizer for second\n\
         exit finalizer for first\n"
    );
}

#[test]
fn an_instances_dict_is_live_as_in_cpython() {
    assert_eq!(
        run!("tests/python/instance_dict.py"),
        r##"{'x': 1, 'y': 2}
True True
3
{'x': 1, 'y': 2, 'z': 3, 'w': 4}
False
AttributeError: 'A' object has no attribute 'x'
shadowed
method
11 ['p', 'q', 'w', 'y', 'z']
{'z': 3, 'w': 4, 'p': 5, 'q': 6}
{} False
10 {'k': 10}
2 True
TypeError: __dict__ must be set to a dictionary, not a 'int'
{}
{'again': 1}
D 1
{'a': 1, 'b': 2}
[0, 1, 2, 3, 4]
[1, 1, 1, 1, 1]
50 0 6
['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']
True
7 8 True
{'x': 1, 'y': 2, 'h': 8}
"##
    );
}

#[test]
fn keyword_arguments_bind_as_in_cpython() {
    assert_eq!(
        run!("tests/python/keyword_binding.py"),
        r##"(1, 2, 3) (1, 2, 9) (5, 2, 3) (1, 2, 7) (3, 2, 1)
(1, 2, 30) (1, 2, 3)
(True, 0) (False, 4) (True, 1)
TypeError: f() got multiple values for argument 'a'
TypeError: f() missing 1 required positional argument: 'a'
TypeError: f() got an unexpected keyword argument 'd'
TypeError: g() got some positional-only arguments passed as keyword arguments: 'b'
TypeError: f() got multiple values for argument 'c'
TypeError: Node.find() got an unexpected keyword argument 'update_'
"##
    );
}

#[test]
fn for_over_lists_and_tuples_reads_them_as_their_iterators_do() {
    assert_eq!(
        run!("tests/python/for_sequences.py"),
        r##"[1, 2, 4] [2, 3, 4]
10 20 30 
1
0
14
once 1
1,2,3,
else ran
2
"##
    );
}

#[test]
fn yield_from_resumes_the_sub_generator_as_in_cpython() {
    assert_eq!(
        run!("tests/python/yield_from_delegation.py"),
        "inner got a\n\
         inner got b\n\
         inner finally\n\
         outer result inner result\n\
         1 2 3\n\
         done\n\
         caught KeyError('k')\n\
         waiting after throw waiting\n\
         closed exhausted\n\
         ValueError generator already executing\n\
         ['generator']\n\
         ['y']\n\
         bottom\n\
         stop up\n\
         outer caught boom\n\
         1 recovered\n\
         RuntimeError generator raised StopIteration\n\
         100 bottom end\n\
         RecursionError maximum recursion depth exceeded\n\
         RecursionError maximum recursion depth exceeded\n\
         grow True maximum recursion depth exceeded\n"
    );
}

#[test]
fn subclass_instances_call_and_iterate_as_cpython_does() {
    // A list or dict subclass's own functions are methods (an instance attribute
    // shadows them; a function added to the class later is found), builtin methods
    // come after them, a `for` loop walks a list subclass's items as `list_iterator`
    // does (growing or shrinking under it) unless a class defines `__iter__`, and
    // `__init__` sees CPython's counts.
    assert_eq!(
        run!("tests/python/subclass_instances.py"),
        "[1, 2, 4, 'own top', 4, (1, 2, 1, [('a', 2), ('b', 1)]), (2, 2), \"'Stack' object has no attribute 'missing'\"]\n\
         [\"'Stack' object has no attribute 'size'\", 20, 20]\n\
         ([1, 2, 3, 9], [3, 2, 1, 3, 2, 1], 11, [1, 2])\n\
         3 6 5\n\
         3 6 5 False\n\
         3 6 5 True\n\
         3 2\n\
         counted\n"
    );
}
