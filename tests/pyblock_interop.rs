//! `pyblock!` and Rust: `'name` reads a Rust variable, the result is `Ok(Namespace)` or
//! an `Err` whose text is a Python traceback naming the Rust lines, and `#[derive(PyObject)]`
//! values take part in Python code and its cycles.

use std::cell::{Cell, RefCell};

use pyobj::{Gc, Obj, PyObject, capture_stdout, gc, pyblock};

#[derive(PyObject)]
struct Node {
    value: Cell<i64>,
    next: RefCell<Option<Gc<Node>>>,
    peer: RefCell<Obj>,
}

#[test]
fn rust_variables_are_read_with_a_quote() {
    let count = 3_i64;
    let names = vec!["a", "b"];
    let label = String::from("xs");
    let (result, out) = capture_stdout(|| {
        pyblock! {
            def describe():
                return 'label + ": " + str('names)
            print('count * 2, 'names, describe())
            total = 'count + len('names)
        }
    });
    let ns = result.unwrap();
    assert_eq!(out, "6 ['a', 'b'] xs: ['a', 'b']\n");
    assert_eq!(ns.get("total").unwrap().extract::<i64>().unwrap(), 5);
    assert!(ns.get("describe").is_some());
    assert!(ns.get("nothing").is_none());
    // The Rust values were copied: they are still here.
    assert_eq!((count, names.len(), label.as_str()), (3, 2, "xs"));
}

#[test]
fn an_uncaught_exception_is_a_traceback_naming_the_rust_lines() {
    let line = line!() + 3; // the line of `return 1 / d`
    let result = pyblock! {
        def divide(d):
            return 1 / d
        def outer():
            return divide(0)
        x = outer()
    };
    let error = result.unwrap_err();
    let file = file!();
    assert_eq!(
        error.to_string(),
        format!(
            "Traceback (most recent call last):\n  File \"{file}\", line {}, in <module>\n  File \"{file}\", line {}, in outer\n  File \"{file}\", line {line}, in divide\nZeroDivisionError: division by zero",
            line + 3,
            line + 2,
        )
    );
    assert_eq!(error.message(), "division by zero");
}

#[test]
fn caught_exceptions_and_user_exception_classes() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            class MyError(ValueError):
                pass
            def check(n):
                if n < 0:
                    raise MyError("negative: " + str(n))
                return n
            for v in [1, -2]:
                try:
                    check(v)
                except ValueError as e:
                    print("caught", type(e).__name__, e, isinstance(e, MyError))
                else:
                    print("ok", v)
            try:
                {}["k"]
            except (IndexError, KeyError) as e:
                print(repr(e))
            try:
                assert 1 == 2, "math"
            except AssertionError as e:
                print("assert:", e)
        }
    });
    result.unwrap();
    assert_eq!(
        out,
        "ok 1\ncaught MyError negative: -2 True\nKeyError('k')\nassert: math\n"
    );
}

#[test]
fn derived_rust_objects_join_python_cycles_and_are_collected() {
    gc::collect();
    let node = Gc::new(Node {
        value: Cell::new(7),
        next: RefCell::new(None),
        peer: RefCell::new(Obj::none()),
    });
    let weak = Gc::downgrade(&node);
    let (result, out) = capture_stdout(|| {
        pyblock! {
            import gc
            n = 'node
            print(n, n.value)
            n.value = n.value + 1
            box = [n]
            n.peer = box
            del n, box
            print("collected:", gc.collect())
        }
    });
    result.unwrap();
    assert!(out.starts_with("<Node object at 0x"), "{out}");
    assert!(out.ends_with(" 7\ncollected: 0\n"), "{out}");
    assert_eq!(node.value.get(), 8);
    // The Rust handle and the block's copy are gone: the Node <-> list cycle is garbage.
    drop(node);
    assert!(weak.upgrade().is_some());
    assert_eq!(gc::collect(), 2);
    assert!(weak.upgrade().is_none());
}
