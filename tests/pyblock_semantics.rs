//! `pyblock!` programs against the output CPython 3.11 prints for the same source.

use pyobj::{capture_stdout, pyblock};

#[test]
fn statements_expressions_and_builtins_print_what_cpython_prints() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            # case: control flow
            total = 0
            for i in range(10):
                if i == 7:
                    break
                if i % 2 == 0:
                    continue
                total += i
            else:
                print("no")
            print(total)
            n = 0
            while n < 3:
                n += 1
            else:
                print("while-else", n)
            for x in []:
                pass
            else:
                print("for-else")
            # case: functions
            def f(a, b=2, *rest):
                return [a, b, rest]
            print(f(1), f(1, 3), f(1, 3, 4, 5), f(b=5, a=6))
            def counter():
                count = 0
                def inc():
                    nonlocal count
                    count += 1
                    return count
                return inc
            c = counter()
            c()
            print(c(), c())
            g = 10
            def setg():
                global g
                g = g + 1
            setg()
            print(g)
            sq = lambda x, y=1: x * x + y
            print(sq(3), sq(3, 0))
            def fact(n):
                return 1 if n <= 1 else n * fact(n - 1)
            print(fact(20), fact(30))
            # case: data
            a, b = 1, 2
            a, b = b, a
            print(a, b)
            [p, q] = "xy"
            print(p, q)
            lst = [0, 1, 2, 3, 4, 5]
            lst[1:3] = ["a"]
            del lst[0]
            print(lst, lst[::-1], lst[-2:])
            d = {"k": 1}
            d["j"] = 2
            del d["k"]
            print(d, {x: x * 2 for x in range(3)}, {x % 3 for x in range(10)})
            print(1 < 2 < 3, 1 < 3 < 2, 2 ** 100, 7 % 3, -7 % 3, 7 / 2, floordiv(7, 2))
            print(not 1, 1 and 2, 0 or "z", "a" in "abc", 3 not in [1, 2])
            x = [1]
            y = x
            x += [2]
            print(y, x is y)
            t = (1,)
            t += (2,)
            print(t)
            print(any(v > 3 for v in [1, 5]), all(v > 3 for v in [1, 5]), sum(v for v in range(4)))
            print(type(1), type("a"), isinstance(True, int), len({1: 2}))
            print(sorted([3, 1, 2], reverse=True), min(3, 1, 2), max([1, 4]), abs(-3))
            print(list(enumerate("ab")), list(zip([1, 2], "ab")), hash(1), repr("q"))
            print(b"ab", None, 1.5, 1e16, 0.1 + 0.2)
        }
    });
    if let Err(error) = &result {
        panic!("{error}\nprinted so far:\n{out}");
    }
    assert_eq!(
        out,
        "9\nwhile-else 3\nfor-else\n[1, 2, ()] [1, 3, ()] [1, 3, (4, 5)] [6, 5, ()]\n2 3\n11\n10 9\n2432902008176640000 265252859812191058636308480000000\n2 1\nx y\n['a', 3, 4, 5] [5, 4, 3, 'a'] [4, 5]\n{'j': 2} {0: 0, 1: 2, 2: 4} {0, 1, 2}\nTrue False 1267650600228229401496703205376 1 2 3.5 3\nFalse 2 z True True\n[1, 2] True\n(1, 2)\nTrue False 6\n<class 'int'> <class 'str'> True 1\n[3, 2, 1] 1 4 3\n[(0, 'a'), (1, 'b')] [(1, 'a'), (2, 'b')] 1 'q'\nb'ab' None 1.5 1e+16 0.30000000000000004\n"
    );
}

#[test]
fn classes_closures_and_try_print_what_cpython_prints() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            import sys
            a = 1000
            b = 1000
            print(a is b)
            s1 = "hello"
            s2 = "hello"
            print(s1 is s2)
            def make_list():
                x = [1, 2, 3]
                return x
            lst = make_list()
            print(sys.getrefcount(lst))
            total = 0
            for i in range(10):
                if i % 2 == 0:
                    continue
                total += i
            print(total)
            def outer(n):
                def inner(k):
                    return n + k
                return inner
            print(outer(3)(4))
            class A:
                count = 0
                def __init__(self, x):
                    self.x = x
                def __repr__(self):
                    return "A(" + str(self.x) + ")"
            print([A(1), A(2)])
            try:
                1 / 0
            except ZeroDivisionError as e:
                print("caught", e)
            finally:
                print("finally")
            print([x * x for x in range(5) if x > 1])
        }
    });
    let ns = result.unwrap();
    assert_eq!(
        out,
        "False\nTrue\n2\n25\n7\n[A(1), A(2)]\ncaught division by zero\nfinally\n[4, 9, 16]\n"
    );
    assert_eq!(ns.get("total").unwrap().repr().unwrap(), "25");
}

#[test]
fn del_unbinds_locals_cells_class_names_handler_names_and_globals() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            def f():
                x = 1
                del x
                try:
                    print(x)
                except NameError as e:
                    print(type(e).__name__, e)
                y = 2
                def g():
                    nonlocal y
                    del y
                g()
                try:
                    print(y)
                except NameError as e:
                    print(type(e).__name__, e)
                try:
                    del x
                except NameError as e:
                    print(type(e).__name__, e)
            f()
            class C:
                a = 1
                b = a + 1
                del a
            print(hasattr(C, "a"), C.b)
            try:
                raise ValueError("v")
            except ValueError as err:
                pass
            try:
                print(err)
            except NameError as e:
                print(e)
            z = 5
            del z
            try:
                z
            except NameError as e:
                print(e)
        }
    });
    if let Err(error) = &result {
        panic!("{error}\nprinted so far:\n{out}");
    }
    assert_eq!(
        out,
        "UnboundLocalError cannot access local variable 'x' where it is not associated with a value\nUnboundLocalError cannot access local variable 'y' where it is not associated with a value\nUnboundLocalError cannot access local variable 'x' where it is not associated with a value\nFalse 2\nname 'err' is not defined\nname 'z' is not defined\n"
    );
}

#[test]
fn starred_arguments_in_calls() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            print((lambda a, b: a - b)(*[5, 2]), max(*[4, 8]), max(1, *(7, 3)), [0, 9], (1,))
        }
    });
    result.unwrap();
    assert_eq!(out, "3 8 7 [0, 9] (1,)\n");
}

#[test]
fn for_loops_over_ranges_and_other_iterables_and_displays() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            r = range(3)
            pairs = []
            for a in r:
                for b in r:
                    pairs.append(a * 3 + b)
            print(pairs)
            print([i for i in range(10, 0, -3)], [i for i in range(5, 5)], [i for i in range(0, -4, -1)])
            big = 9223372036854775807
            print([i - big for i in range(big - 2, big)], [i + big for i in range(-big - 1, -big + 1)])
            for i in range(2, 20, 7):
                print(i, end=" ")
            else:
                print("done")
            x = 1000
            for i in range(x, x + 1):
                print(i is x, i == x)
            for ch in "ab":
                print(ch, end=";")
            print()
            for k in {"p": 1, "q": 2}:
                print(k, end=",")
            print()
            print([], [1], [1, 2, 3, 4], [1, 2, 3, 4, 5], (), (1,), (1, 2, 3))
            try:
                for i in 5:
                    pass
            except TypeError as e:
                print(e)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "[0, 1, 2, 3, 4, 5, 6, 7, 8]\n[10, 7, 4, 1] [] [0, -1, -2, -3]\n[-2, -1] [-1, 0]\n2 9 16 done\nFalse True\na;b;\np,q,\n[] [1] [1, 2, 3, 4] [1, 2, 3, 4, 5] () (1,) (1, 2, 3)\n'int' object is not iterable\n"
    );
}

/// Generator expressions in the inline form are lazy, as CPython's (the same generator
/// function as the text forms make).
#[test]
fn inline_generator_expressions_are_lazy() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            it = iter([1, 2, 3])
            g = (x * 10 for x in it)
            print(type(g).__name__)
            print(next(g))
            print(list(it))
            print(list(g))
            print(sum(x for x in range(5)))
            n = 3
            print(list(x + n for x in range(2) if x > 0 for y in range(2)))
            def first_even(items):
                return next(i for i in items if i % 2 == 0)
            print(first_even([1, 3, 4, 5, 6]))
            try:
                (1 for x in 5)
            except TypeError as e:
                print(e)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "generator\n10\n[2, 3]\n[]\n10\n[4, 4]\n4\n'int' object is not iterable\n"
    );
}
