//! Calls of compiled functions, class instantiation and attribute stores: the fast paths
//! the generated code takes, against what CPython 3.11 prints for the same source.

use pyobj::{capture_stdout, pyblock};

#[test]
fn a_replaced_init_is_the_one_called() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            class A:
                def __init__(self):
                    self.x = 1
            a = A()
            print(a.x)
            def init2(self, y):
                self.x = y
            A.__init__ = init2
            b = A(5)
            print(b.x)
            # a keeps what the first __init__ set
            print(a.x)
            def init3(self, *args):
                self.x = args
            A.__init__ = init3
            print(A(1, 2, 3).x, A().x)
            del A.__init__
            c = A()
            print(hasattr(c, "x"))
            try:
                A(1)
            except TypeError as e:
                print(e)
            # an __init__ inherited from a base, then one set on the class itself
            class B:
                def __init__(self, v):
                    self.v = v
            class C(B):
                pass
            print(C(7).v)
            def c_init(self, v):
                self.v = v * 2
            C.__init__ = c_init
            print(C(7).v)
            def b_init(self, v):
                self.v = -v
            B.__init__ = b_init
            print(C(7).v, B(7).v)
            del C.__init__
            print(C(7).v)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "1\n5\n1\n(1, 2, 3) ()\nFalse\nA() takes no arguments\n7\n14\n14 -7\n-7\n"
    );
}

#[test]
fn an_init_that_is_not_a_function_does_not_bind() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            class Recorder:
                def __init__(self):
                    self.calls = []
                def __call__(self, *args):
                    self.calls.append(len(args))
            r = Recorder()
            class A:
                pass
            A.__init__ = r
            A()
            A(1, 2)
            print(r.calls)
            class Bad:
                def __init__(self):
                    return 3
            try:
                Bad()
            except TypeError as e:
                print(e)
        }
    });
    result.unwrap();
    assert_eq!(out, "[0, 2]\n__init__() should return None, not 'int'\n");
}

#[test]
fn keyword_arguments_and_defaults_reach_init_and_functions() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            class P:
                def __init__(self, x, y=10):
                    self.x = x
                    self.y = y
            p = P(1)
            q = P(1, 2)
            r = P(y=3, x=4)
            s = P(5, y=6)
            print(p.x, p.y, q.x, q.y, r.x, r.y, s.x, s.y)
            def f(a, b=2):
                return a * 10 + b
            print(f(1), f(1, 3), f(b=4, a=5), f(6, b=7))
            def no_globals(a):
                b = a + 1
                return b
            def with_globals(a):
                return f(a) + no_globals(a)
            print(no_globals(1), with_globals(1))
        }
    });
    result.unwrap();
    assert_eq!(out, "1 10 1 2 4 3 5 6\n12 13 54 67\n2 14\n");
}

#[test]
fn wrong_calls_raise_cpythons_type_errors() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            class A:
                def __init__(self, x):
                    self.x = x
            class Empty:
                pass
            def f(a, b):
                return a + b
            def g():
                return 0
            for thunk in [lambda: A(), lambda: A(1, 2), lambda: A(y=1), lambda: A(1, x=2),
                          lambda: Empty(1), lambda: Empty(k=1), lambda: f(1),
                          lambda: f(1, 2, 3), lambda: g(1), lambda: f(1, c=2)]:
                try:
                    thunk()
                except TypeError as e:
                    print(e)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "A.__init__() missing 1 required positional argument: 'x'\n\
         A.__init__() takes 2 positional arguments but 3 were given\n\
         A.__init__() got an unexpected keyword argument 'y'\n\
         A.__init__() got multiple values for argument 'x'\n\
         Empty() takes no arguments\n\
         Empty() takes no arguments\n\
         f() missing 1 required positional argument: 'b'\n\
         f() takes 2 positional arguments but 3 were given\n\
         g() takes 0 positional arguments but 1 was given\n\
         f() got an unexpected keyword argument 'c'\n"
    );
}

#[test]
fn attribute_stores_replace_add_and_release_in_order() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            import weakref
            class Noisy:
                def __init__(self, name):
                    self.name = name
                def __del__(self):
                    print("del", self.name)
            class A:
                def __init__(self):
                    self.a = 1
                    self.b = 2
            x = A()
            # A store to an existing attribute releases the old value at once.
            x.a = Noisy("first")
            x.a = Noisy("second")
            print("replaced")
            # More attributes than are kept inline, then the same names again.
            x.c = 3
            x.d = 4
            x.e = 5
            x.c = 30
            x.e = 50
            print(x.a.name, x.b, x.c, x.d, x.e)
            # Instances of one class setting the same names in another order, and a name
            # that is a prefix of another.
            y = A()
            y.d = 4
            y.c = 3
            y.cc = 33
            print(y.a, y.b, y.c, y.d, y.cc)
            # The same name built at run time, and through setattr.
            name = "d" + ""
            setattr(y, name, 40)
            setattr(y, "c" + "c", 330)
            print(y.d, getattr(y, "cc"))
            # An augmented store.
            y.d += 1
            print(y.d)
            del x.a
            print(hasattr(x, "a"))
            x.a = 7
            print(x.a)
            # a class with __del__ (its instances are made differently) stores alike
            n = Noisy("third")
            n.extra = 9
            n.name = "renamed"
            print(n.extra, n.name)
            del n
            print("end")
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "del first\nreplaced\nsecond 2 30 4 50\n1 2 3 4 33\n40 330\n41\ndel second\nFalse\n7\n\
         9 renamed\ndel renamed\nend\n"
    );
}

#[test]
fn stores_on_other_objects_keep_their_errors() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            class E(Exception):
                def __init__(self, msg):
                    self.msg = msg
            try:
                raise E("boom")
            except E as e:
                e.extra = 1
                print(e.msg, e.extra, e.args)
            x = 5
            try:
                x.y = 1
            except AttributeError as e:
                print(e)
            lst = []
            try:
                lst.append = 1
            except AttributeError as e:
                print(e)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "boom 1 ('boom',)\n'int' object has no attribute 'y'\n\
         'list' object attribute 'append' is read-only\n"
    );
}

#[test]
fn calls_keep_refcounts_identity_and_the_recursion_limit() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            import sys
            class A:
                def __init__(self, other):
                    self.other = other
                    print(sys.getrefcount(self), sys.getrefcount(other))
            o = []
            a = A(o)
            print(sys.getrefcount(a), sys.getrefcount(o))
            def small():
                return [256, -5, 0]
            def large():
                return [257, -6]
            print(small()[0] is small()[0], small()[1] is small()[1])
            print(large()[0] is large()[0], large()[1] is large()[1])
            def same():
                a = 1000
                b = 1000
                return a is b
            print(same())
            def down(n):
                return down(n + 1)
            try:
                down(0)
            except RecursionError as e:
                print(e)
            def depth(n):
                if n == 0:
                    return 0
                return 1 + depth(n - 1)
            print(depth(500))
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "3 6\n2 3\nTrue True\nFalse False\nFalse\nmaximum recursion depth exceeded\n500\n"
    );
}

#[test]
fn functions_reach_their_globals_however_they_name_them() {
    // Each function names the globals in one way only (the code generator looks the
    // globals up only for functions whose code names them).
    let base = 100;
    let (result, out) = capture_stdout(|| {
        pyblock! {
            g = 1
            def reads():
                return g
            def writes():
                global g
                g = 2
            def deletes():
                global h
                del h
            def nested():
                def inner():
                    return 3
                return inner()
            def with_lambda():
                return (lambda: 4)()
            def with_class():
                class K:
                    pass
                return K
            def comprehension():
                return [g + x for x in range(2)]
            def rust_variable():
                return 'base
            def shadowed_builtin():
                return len
            def default(x=g):
                return x
            def pure(a, b):
                c = a * b
                return [c, a]
            len = 7
            h = 0
            writes()
            deletes()
            print(reads(), nested(), with_lambda(), with_class().__name__, comprehension())
            print(rust_variable(), shadowed_builtin(), default(), pure(2, 3))
            try:
                deletes()
            except NameError as e:
                print(e)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "2 3 4 K [2, 3]\n100 7 1 [6, 2]\nname 'h' is not defined\n"
    );
}

#[test]
fn a_builtin_is_looked_up_once_per_site_on_each_thread_and_a_global_shadows_it() {
    fn run() -> String {
        let (result, out) = capture_stdout(|| {
            pyblock! {
                found = []
                for i in range(3):
                    found.append(len)
                print(found[0] is found[1] is found[2], found[0]([1, 2]))
                def size(x):
                    return len(x)
                print(size("abc"))
                def len(x):
                    return 42
                print(size("abc"))
                del len
                print(size("abc"))
            }
        });
        result.unwrap();
        out
    }
    let expected = "True 2\n3\n42\n3\n";
    assert_eq!(run(), expected);
    // Another thread has its own heap and its own builtin objects: its sites start
    // empty and find that thread's objects.
    let other = std::thread::spawn(run).join().unwrap();
    assert_eq!(other, expected);
    assert_eq!(run(), expected);
}
