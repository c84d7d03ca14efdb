//! Classes and instances: what a `class` statement makes, checked against CPython 3.11's
//! behaviour and texts (run as `__main__`), and how the collector sees them.
//!
//! Methods are written as the `pyblock!` code generator will write them: a Rust `fn`
//! receiving the function object and the call's arguments, with a `Signature`.

mod pyobj_support;

use std::cell::RefCell;
use std::rc::Rc;

use pyobj_runtime::exceptions::{self, EXCEPTION, TYPE_ERROR, VALUE_ERROR};
use pyobj_runtime::{
    Args, Gc, Obj, PyCell, PyClass, PyErr, PyFunction, PyInstance, PyResult, Signature, builtins,
    gc,
};
use pyobj_support::{i, list, none, s, show};

static SELF: Signature = Signature::new(&["self"]);
static SELF_X: Signature = Signature::new(&["self", "x"]);
static SELF_X_Y: Signature = Signature::new(&["self", "x", "y"]);
static SELF_ALL: Signature = Signature::new(&["self"]).with_varargs().with_varkw();
static SELF_SINK: Signature = Signature::new(&["self", "sink"]);

fn method(
    qualname: &'static str,
    signature: &'static Signature,
    code: pyobj_runtime::FunctionCode,
) -> Obj {
    Obj::new_function(qualname, signature, code, vec![], vec![])
}

fn class(qualname: &str, base: Option<&Obj>, namespace: Vec<(&str, Obj)>) -> Obj {
    Obj::new_class(qualname, base, namespace).unwrap()
}

fn new(class: &Obj) -> Obj {
    class.call(&[]).unwrap()
}

/// `def __init__(self, x): self.x = x`
fn init_x(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, x] = PyFunction::of(f)?.bind_array(args)?;
    this.setattr("x", &x)?;
    Ok(none())
}

/// `def m(self): return self.x`
fn get_x(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    this.getattr("x")
}

/// `def __init__(self): return 1`
fn return_one(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Ok(i(1))
}

#[test]
fn a_class_is_a_type_object_with_its_own_type() {
    let a_class = class("A", None, vec![]);
    let inner = class("Outer.Inner", None, vec![]);
    let a = new(&a_class);
    assert_eq!(a_class.repr().unwrap(), "<class '__main__.A'>");
    assert_eq!(inner.repr().unwrap(), "<class '__main__.Outer.Inner'>");
    assert_eq!(
        a.repr().unwrap(),
        format!("<__main__.A object at {:#x}>", a.id())
    );
    let inner_instance = new(&inner);
    assert_eq!(
        inner_instance.repr().unwrap(),
        format!(
            "<__main__.Outer.Inner object at {:#x}>",
            inner_instance.id()
        )
    );
    assert_eq!(a.type_name(), "A");
    assert!(builtins::type_(&a).is(&a_class), "type(a) is A");
    assert!(
        a.getattr("__class__").unwrap().is(&a_class),
        "a.__class__ is A"
    );
    assert!(
        builtins::type_(&a_class).is(&builtins::get("type").unwrap()),
        "type(A) is type"
    );
    assert!(builtins::isinstance(&a, &a_class).unwrap());
    assert!(!builtins::isinstance(&i(1), &a_class).unwrap());
    assert!(a_class.as_type().unwrap().is_heap_type());
    assert!(
        a_class
            .is_subclass(&a_class.getattr("__base__").unwrap())
            .unwrap()
    );
    table! {
        "A.__name__" => a_class.getattr("__name__") => "'A'";
        "Outer.Inner.__name__" => inner.getattr("__name__") => "'Inner'";
        "Outer.Inner.__qualname__" => inner.getattr("__qualname__") => "'Outer.Inner'";
        "A.__module__" => a_class.getattr("__module__") => "'__main__'";
        "A.__base__" => a_class.getattr("__base__") => "<class 'object'>";
        "type(A)" => Ok(builtins::type_(&a_class)) => "<class 'type'>";
        "type(a)" => Ok(builtins::type_(&a)) => "<class '__main__.A'>";
        "hash(A) == hash(A)" => Ok(Obj::from(a_class.hash().unwrap() == a_class.hash().unwrap())) => "True";
        "A == A" => a_class.eq(&a_class).map(Obj::from) => "True";
        "issubclass(1, A)" => i(1).is_subclass(&a_class).map(Obj::from) => "!! TypeError: issubclass() arg 1 must be a class";
    }
}

#[test]
fn class_bases_must_be_classes() {
    table! {
        "class A(1): pass" => Obj::new_class("A", Some(&i(1)), vec![]) => "!! TypeError: class base must be a class, not 'int'";
        "class A(int): pass" => Obj::new_class("A", Some(&builtins::get("int").unwrap()), vec![]) => "!! TypeError: cannot subclass the builtin type 'int' (not supported)";
        "class A(dict): pass" => Obj::new_class("A", Some(&builtins::get("dict").unwrap()), vec![]) => "<class '__main__.A'>";
        "class A(list): pass" => Obj::new_class("A", Some(&builtins::get("list").unwrap()), vec![]) => "<class '__main__.A'>";
    }
}

#[test]
fn attributes_live_on_the_instance_then_the_class() {
    let a_class = class(
        "A",
        None,
        vec![("y", i(1)), ("m", method("A.m", &SELF, get_x))],
    );
    let a = new(&a_class);
    table! {
        "a.x" => a.getattr("x") => "!! AttributeError: 'A' object has no attribute 'x'";
        "A.x" => a_class.getattr("x") => "!! AttributeError: type object 'A' has no attribute 'x'";
        "del a.x" => a.delattr("x").map(|()| none()) => "!! AttributeError: 'A' object has no attribute 'x'";
        "del A.x" => a_class.delattr("x").map(|()| none()) => "!! AttributeError: type object 'A' has no attribute 'x'";
        "int.x = 1" => i(1).py_type().to_object().setattr("x", &i(1)).map(|()| none()) => "!! TypeError: cannot set 'x' attribute of immutable type 'int'";
        "del int.x" => builtins::get("int").unwrap().delattr("x").map(|()| none()) => "!! TypeError: cannot set 'x' attribute of immutable type 'int'";
        "int.foo" => builtins::get("int").unwrap().getattr("foo") => "!! AttributeError: type object 'int' has no attribute 'foo'";
        "a.m()" => a.call_method("m", &[]) => "!! AttributeError: 'A' object has no attribute 'x'";
        "a.x = 5 ;; a.m()" => a.setattr("x", &i(5)).and_then(|()| a.call_method("m", &[])) => "5";
        "a.m()  # through a bound method" => a.getattr("m").and_then(|m| m.call(&[])) => "5";
        "a.y" => a.getattr("y") => "1";
        "a.y = 2 ;; (a.y, A.y)" => a.setattr("y", &i(2)).map(|()| Obj::tuple([a.getattr("y").unwrap(), a_class.getattr("y").unwrap()])) => "(2, 1)";
        "del a.y ;; a.y" => a.delattr("y").and_then(|()| a.getattr("y")) => "1";
        "A.z = 3 ;; a.z" => a_class.setattr("z", &i(3)).and_then(|()| a.getattr("z")) => "3";
        "del A.z ;; a.z" => a_class.delattr("z").and_then(|()| a.getattr("z")) => "!! AttributeError: 'A' object has no attribute 'z'";
        "A.m(a)" => a_class.getattr("m").and_then(|m| m.call(std::slice::from_ref(&a))) => "5";
    }
    let bound = a.getattr("m").unwrap();
    assert_eq!(
        bound.repr().unwrap(),
        format!("<bound method A.m of <__main__.A object at {:#x}>>", a.id())
    );
    assert!(
        a_class
            .getattr("m")
            .unwrap()
            .repr()
            .unwrap()
            .starts_with("<function A.m at 0x")
    );
    let names: Vec<String> = a
        .instance_data()
        .unwrap()
        .attr_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, ["x"]);
}

#[test]
fn calling_a_class_makes_an_instance_and_runs_init() {
    let plain = class("A", None, vec![]);
    let with_init = class(
        "A",
        None,
        vec![("__init__", method("A.__init__", &SELF_X, init_x))],
    );
    let bad_init = class(
        "A",
        None,
        vec![("__init__", method("A.__init__", &SELF, return_one))],
    );
    table! {
        "A(1)" => plain.call(&[i(1)]) => "!! TypeError: A() takes no arguments";
        "A(x=1)" => plain.call_with(&Args::new(&[], &[("x", i(1))])) => "!! TypeError: A() takes no arguments";
        "A(5).x" => with_init.call(&[i(5)]).and_then(|a| a.getattr("x")) => "5";
        "A(x=6).x" => with_init.call_with(&Args::new(&[], &[("x", i(6))])).and_then(|a| a.getattr("x")) => "6";
        "A()" => with_init.call(&[]) => "!! TypeError: A.__init__() missing 1 required positional argument: 'x'";
        "A(1, 2)" => with_init.call(&[i(1), i(2)]) => "!! TypeError: A.__init__() takes 2 positional arguments but 3 were given";
        "A()  # __init__ returns 1" => bad_init.call(&[]) => "!! TypeError: __init__() should return None, not 'int'";
    }
}

fn text_d(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Ok(s("D!"))
}
fn always_true(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Ok(Obj::from(true))
}
fn zero(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Ok(i(0))
}
fn double(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [_, x] = PyFunction::of(f)?.bind_array(args)?;
    x.mul(&i(2))
}
fn args_and_kwargs(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [_, a, k] = PyFunction::of(f)?.bind_array(args)?;
    Ok(Obj::tuple([a, k]))
}
macro_rules! returns {
    ($($name:ident => $value:expr;)*) => {
        $(
            fn $name(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
                PyFunction::of(f)?.bind(args)?;
                Ok($value)
            }
        )*
    };
}
returns! {
    add => s("add");
    radd => s("radd");
    lt => s("lt");
    neg => s("neg");
    one => i(1);
    minus_one => i(-1);
    text_a => s("a");
    five => i(5);
    false_ => Obj::from(false);
    list_iter => list([i(1), i(2)]).iter()?;
}
fn boom(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Err(PyErr::value_error("boom"))
}

#[test]
fn dunder_methods_drive_the_protocol() {
    let d_class = class(
        "D",
        None,
        vec![
            ("__repr__", method("D.__repr__", &SELF, text_d)),
            ("__eq__", method("D.__eq__", &SELF_X, always_true)),
            ("__len__", method("D.__len__", &SELF, zero)),
            ("__getitem__", method("D.__getitem__", &SELF_X, double)),
            ("__call__", method("D.__call__", &SELF_ALL, args_and_kwargs)),
            ("__add__", method("D.__add__", &SELF_X, add)),
            ("__radd__", method("D.__radd__", &SELF_X, radd)),
            ("__lt__", method("D.__lt__", &SELF_X, lt)),
            ("__neg__", method("D.__neg__", &SELF, neg)),
            ("__contains__", method("D.__contains__", &SELF_X, one)),
        ],
    );
    let d = new(&d_class);
    let r_class = class(
        "R",
        None,
        vec![("__radd__", method("R.__radd__", &SELF_X, radd))],
    );
    let r = new(&r_class);
    let it_class = class(
        "I",
        None,
        vec![("__iter__", method("I.__iter__", &SELF, list_iter))],
    );
    let it = new(&it_class);
    table! {
        "repr(d)" => d.repr().map(Obj::from) => "'D!'";
        "str(d)" => d.str().map(Obj::from) => "'D!'";
        "repr([d])" => list([d.clone()]).repr().map(Obj::from) => "'[D!]'";
        "(d == 1, d != 1)" => Ok(Obj::tuple([Obj::from(d.eq(&i(1)).unwrap()), d.rich_compare(&i(1), pyobj_runtime::CompareOp::Ne).unwrap()])) => "(True, False)";
        "hash(d)" => builtins::hash(&d) => "!! TypeError: unhashable type: 'D'";
        "D.__hash__" => d_class.getattr("__hash__") => "None";
        "len(d)" => builtins::len(&d) => "0";
        "bool(d)" => builtins::bool(&d) => "False";
        "d[21]" => d.get_item(&i(21)) => "42";
        "d[1] = 2" => d.set_item(&i(1), &i(2)).map(|()| none()) => "!! TypeError: 'D' object does not support item assignment";
        "del d[1]" => d.del_item(&i(1)).map(|()| none()) => "!! TypeError: 'D' object doesn't support item deletion";
        "d(1, x=2)" => d.call_with(&Args::new(&[i(1)], &[("x", i(2))])) => "((1,), {'x': 2})";
        "d + 1" => d.add(&i(1)) => "'add'";
        "1 + d" => i(1).add(&d) => "'radd'";
        "d + d" => d.add(&d) => "'add'";
        "1 + r" => i(1).add(&r) => "'radd'";
        "r + 1" => r.add(&i(1)) => "!! TypeError: unsupported operand type(s) for +: 'R' and 'int'";
        "d + r" => d.add(&r) => "'add'";
        "r + d" => r.add(&d) => "'radd'";
        "d < 1" => d.rich_compare(&i(1), pyobj_runtime::CompareOp::Lt) => "'lt'";
        "1 > d" => i(1).rich_compare(&d, pyobj_runtime::CompareOp::Gt) => "'lt'";
        "d > 1" => d.rich_compare(&i(1), pyobj_runtime::CompareOp::Gt) => "!! TypeError: '>' not supported between instances of 'D' and 'int'";
        "-d" => d.neg() => "'neg'";
        "5 in d" => d.contains(&i(5)).map(Obj::from) => "True";
        "2 in it" => it.contains(&i(2)).map(Obj::from) => "True";
        "list(it)" => builtins::list(&it) => "[1, 2]";
    }
}

#[test]
fn dunder_results_are_checked_and_errors_propagate() {
    let bad = class(
        "A",
        None,
        vec![
            ("__repr__", method("A.__repr__", &SELF, one)),
            ("__str__", method("A.__str__", &SELF, one)),
            ("__bool__", method("A.__bool__", &SELF, one)),
            ("__len__", method("A.__len__", &SELF, minus_one)),
            ("__hash__", method("A.__hash__", &SELF, text_a)),
            ("__iter__", method("A.__iter__", &SELF, one)),
        ],
    );
    let bad = new(&bad);
    let bad_len = class(
        "A",
        None,
        vec![("__len__", method("A.__len__", &SELF, text_a))],
    );
    let hash5 = class(
        "A",
        None,
        vec![("__hash__", method("A.__hash__", &SELF, five))],
    );
    let falsy = class(
        "A",
        None,
        vec![("__bool__", method("A.__bool__", &SELF, false_))],
    );
    let raising = class(
        "A",
        None,
        vec![("__repr__", method("A.__repr__", &SELF, boom))],
    );
    table! {
        "repr(A())" => bad.repr().map(Obj::from) => "!! TypeError: __repr__ returned non-string (type int)";
        "str(A())" => bad.str().map(Obj::from) => "!! TypeError: __str__ returned non-string (type int)";
        "bool(A())" => builtins::bool(&bad) => "!! TypeError: __bool__ should return bool, returned int";
        "len(A())  # -1" => builtins::len(&bad) => "!! ValueError: __len__() should return >= 0";
        "len(A())  # 'a'" => builtins::len(&new(&bad_len)) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "hash(A())  # 'a'" => builtins::hash(&bad) => "!! TypeError: __hash__ method should return an integer";
        "hash(A())  # 5" => builtins::hash(&new(&hash5)) => "5";
        "iter(A())" => bad.iter() => "!! TypeError: iter() returned non-iterator of type 'int'";
        "bool(A())  # False" => builtins::bool(&new(&falsy)) => "False";
        "repr(A())  # raises" => new(&raising).repr().map(Obj::from) => "!! ValueError: boom";
    }
}

#[test]
fn a_class_without_dunders_has_cpythons_errors() {
    let p = new(&class("A", None, vec![]));
    table! {
        "len(A())" => builtins::len(&p) => "!! TypeError: object of type 'A' has no len()";
        "A()[0]" => p.get_item(&i(0)) => "!! TypeError: 'A' object is not subscriptable";
        "-A()" => p.neg() => "!! TypeError: bad operand type for unary -: 'A'";
        "A() + 1" => p.add(&i(1)) => "!! TypeError: unsupported operand type(s) for +: 'A' and 'int'";
        "A() < A()" => p.rich_compare(&p, pyobj_runtime::CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'A' and 'A'";
        "iter(A())" => p.iter() => "!! TypeError: 'A' object is not iterable";
        "1 in A()" => p.contains(&i(1)).map(Obj::from) => "!! TypeError: argument of type 'A' is not iterable";
        "A()()" => p.call(&[]) => "!! TypeError: 'A' object is not callable";
        "A() == A()" => p.eq(&new(&class("A", None, vec![]))).map(Obj::from) => "False";
        "a == a" => p.eq(&p).map(Obj::from) => "True";
        "bool(A())" => builtins::bool(&p) => "True";
        "str(a) == repr(a)" => Ok(Obj::from(p.str().unwrap() == p.repr().unwrap())) => "True";
    }
    assert_eq!(p.hash().unwrap(), p.hash().unwrap());
}

/// `def __next__(self): self.n -= 1; if self.n < 0: raise StopIteration; return self.n`
fn countdown_next(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    let n = this.getattr("n")?.sub(&i(1))?;
    this.setattr("n", &n)?;
    if n.lt(&i(0))? {
        return Err(PyErr::stop_iteration(None));
    }
    Ok(n)
}
fn this(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    Ok(this)
}

#[test]
fn iterator_classes_stop_on_stop_iteration() {
    let countdown = class(
        "Countdown",
        None,
        vec![
            ("__iter__", method("Countdown.__iter__", &SELF, this)),
            (
                "__next__",
                method("Countdown.__next__", &SELF, countdown_next),
            ),
        ],
    );
    let c = new(&countdown);
    c.setattr("n", &i(3)).unwrap();
    assert_eq!(show(builtins::list(&c)), "[2, 1, 0]");
}

#[test]
fn subclasses_inherit_and_override() {
    let a_class = class(
        "A",
        None,
        vec![
            ("__init__", method("A.__init__", &SELF_X, init_x)),
            ("m", method("A.m", &SELF, get_x)),
            ("k", i(1)),
        ],
    );
    let b_class = class("B", Some(&a_class), vec![("k", i(2))]);
    let b = b_class.call(&[i(7)]).unwrap();
    assert!(builtins::isinstance(&b, &a_class).unwrap());
    assert!(b_class.is_subclass(&a_class).unwrap());
    assert!(!a_class.is_subclass(&b_class).unwrap());
    assert!(b.py_type().is_subtype(a_class.as_type().unwrap()));
    table! {
        "B(7).m()" => b.call_method("m", &[]) => "7";
        "B(7).k" => b.getattr("k") => "2";
        "B.__base__" => b_class.getattr("__base__") => "<class '__main__.A'>";
        "B(7)" => Ok(Obj::from(b.repr().unwrap().starts_with("<__main__.B object at 0x"))) => "True";
    }
}

/// `def __init__(self, code): self.code = code`
fn init_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, code] = PyFunction::of(f)?.bind_array(args)?;
    this.setattr("code", &code)?;
    Ok(none())
}

#[test]
fn user_exception_classes_raise_and_catch_like_builtin_ones() {
    let exception = builtins::get("Exception").unwrap();
    let e_class = class("E", Some(&exception), vec![]);
    let f_class = class("F", Some(&e_class), vec![]);
    let c_class = class(
        "C",
        Some(&exception),
        vec![("__init__", method("C.__init__", &SELF_X, init_code))],
    );
    let e = e_class.call(&[s("x")]).unwrap();
    assert!(e.is_instance(&EXCEPTION));
    assert!(builtins::type_(&e).is(&e_class));
    let err = PyErr::from_value(e.clone());
    assert!(err.is_instance(&EXCEPTION));
    assert!(err.is_instance(e_class.as_type().unwrap()));
    assert!(err.matches(&e_class).unwrap());
    assert!(!err.matches(&f_class).unwrap());
    assert!(
        err.matches(&Obj::tuple([f_class.clone(), e_class.clone()]))
            .unwrap()
    );
    assert_eq!(err.to_string(), "E: x");
    let raised_class = PyErr::from_value(f_class.clone());
    assert!(raised_class.matches(&e_class).unwrap());
    assert_eq!(show(Ok(raised_class.value().clone())), "F()");
    let c = c_class.call(&[i(5)]).unwrap();
    table! {
        "str(E('x'))" => e.str().map(Obj::from) => "'x'";
        "repr(E('x'))" => e.repr().map(Obj::from) => "\"E('x')\"";
        "E('x').args" => e.getattr("args") => "('x',)";
        "repr(F('a', 'b'))" => f_class.call(&[s("a"), s("b")]).and_then(|f| f.repr()).map(Obj::from) => "\"F('a', 'b')\"";
        "str(F('a', 'b'))" => f_class.call(&[s("a"), s("b")]).and_then(|f| f.str()).map(Obj::from) => "\"('a', 'b')\"";
        "(C(5).args, str(C(5)), repr(C(5)), C(5).code)" => Ok(Obj::tuple([c.getattr("args").unwrap(), Obj::from(c.str().unwrap()), Obj::from(c.repr().unwrap()), c.getattr("code").unwrap()])) => "((5,), '5', 'C(5)', 5)";
        "E(a=1)" => e_class.call_with(&Args::new(&[], &[("a", i(1))])) => "!! TypeError: E() takes no keyword arguments";
        "repr(E)" => e_class.repr().map(Obj::from) => "\"<class '__main__.E'>\"";
        "E.__base__" => e_class.getattr("__base__") => "<class 'Exception'>";
        "(repr(E()), str(E()))" => Ok(Obj::tuple([Obj::from(new(&e_class).repr().unwrap()), Obj::from(new(&e_class).str().unwrap())])) => "('E()', '')";
        "e.foo = 5 ;; e.foo" => e.setattr("foo", &i(5)).and_then(|()| e.getattr("foo")) => "5";
        "except 1:" => err.matches(&i(1)).map(Obj::from) => "!! TypeError: catching classes that do not inherit from BaseException is not allowed";
    }
    assert!(!err.is_instance(&TYPE_ERROR));
    // Raised by the runtime from the class's table (no `__init__` call).
    let made = PyErr::new(e_class.as_type().unwrap(), "made");
    assert!(builtins::type_(made.value()).is(&e_class));
    assert_eq!(made.to_string(), "E: made");
    made.value().setattr("extra", &i(1)).unwrap();
    assert_eq!(show(made.value().getattr("extra")), "1");
}

#[test]
fn a_hundred_self_referencing_instances_are_a_hundred_objects() {
    let a_class = class("A", None, vec![]);
    gc::collect();
    let instances: Vec<Obj> = (0..100).map(|_| new(&a_class)).collect();
    for a in &instances {
        a.setattr("me", a).unwrap(); // a.me = a
    }
    drop(instances);
    assert_eq!(gc::collect(), 100, "as CPython 3.11 (inline values)");
}

#[test]
fn an_instance_holding_its_own_bound_method_is_collected() {
    let a_class = class("A", None, vec![("m", method("A.m", &SELF, get_x))]);
    gc::collect();
    let a = new(&a_class);
    let weak = Gc::downgrade(&a.clone().downcast::<PyInstance>().ok().unwrap());
    a.setattr("f", &a.getattr("m").unwrap()).unwrap(); // a.f = a.m
    drop(a);
    assert!(weak.upgrade().is_some());
    assert_eq!(
        gc::collect(),
        2,
        "the instance and the bound method, as CPython 3.11"
    );
    assert!(weak.upgrade().is_none());
}

/// `def m(self): return __class__` (reads the class through a closure cell).
fn class_cell(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let function = PyFunction::of(f)?;
    function.bind(args)?;
    function.closure_cell(0)?.load_free("__class__")
}

#[test]
fn classes_in_cycles_are_collected_when_dropped() {
    gc::collect();
    // A class whose method's closure holds the class (as `__class__` cells do).
    let cell = Obj::new_cell(None);
    let m = Obj::new_function("A.m", &SELF, class_cell, vec![], vec![cell.clone()]);
    let a_class = class("A", None, vec![("m", m)]);
    PyCell::of(&cell).unwrap().set(a_class.clone());
    let a = new(&a_class);
    assert!(a.call_method("m", &[]).unwrap().is(&a_class));
    let table = a_class.as_type().unwrap();
    let weak = Gc::downgrade(&a_class.clone().downcast::<PyClass>().ok().unwrap());
    drop((a, cell, a_class));
    assert!(weak.upgrade().is_some());
    assert!(table.to_object().is(&Obj::from(weak.upgrade().unwrap())));
    // The class, its method, the method's cell (CPython also counts the class's dict,
    // MRO tuple, ... which pyobj keeps inline).
    assert_eq!(gc::collect(), 3);
    assert!(weak.upgrade().is_none());
    // The leaked table outlives its class: `to_object` still gives a type object.
    assert_eq!(table.name(), "A");
    assert_eq!(table.to_object().repr().unwrap(), "<class 'A'>");

    // A class holding one of its instances.
    let b_class = class("B", None, vec![]);
    b_class.setattr("instance", &new(&b_class)).unwrap();
    drop(b_class);
    assert_eq!(gc::collect(), 2);
}

/// `def __del__(self, sink=SINK): sink.append(self.name)`
fn del_record(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, sink] = PyFunction::of(f)?.bind_array(args)?;
    sink.call_method("append", &[this.getattr("name")?])?;
    Ok(none())
}

/// `def __del__(self, sink=SINK): sink.append(self)` (resurrects `self`).
fn del_resurrect(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, sink] = PyFunction::of(f)?.bind_array(args)?;
    sink.call_method("append", &[this])?;
    Ok(none())
}

fn del_class(code: pyobj_runtime::FunctionCode, sink: &Obj) -> Obj {
    let del = Obj::new_function("A.__del__", &SELF_SINK, code, vec![sink.clone()], vec![]);
    class("A", None, vec![("__del__", del)])
}

fn named(class: &Obj, name: &str) -> Obj {
    let obj = new(class);
    obj.setattr("name", &s(name)).unwrap();
    obj
}

#[test]
fn del_runs_once_when_the_count_reaches_zero() {
    let sink = list([]);
    let a_class = del_class(del_record, &sink);
    let a = named(&a_class, "a");
    assert_eq!(show(Ok(sink.clone())), "[]");
    drop(a);
    assert_eq!(show(Ok(sink.clone())), "['a']");
    // A subclass inherits `__del__`.
    let b_class = class("B", Some(&a_class), vec![]);
    drop(named(&b_class, "b"));
    assert_eq!(show(Ok(sink)), "['a', 'b']");
}

#[test]
fn del_may_resurrect_and_never_runs_again() {
    let sink = list([]);
    let a_class = del_class(del_resurrect, &sink);
    let a = named(&a_class, "a");
    let weak = Gc::downgrade(&a.clone().downcast::<PyInstance>().ok().unwrap());
    drop(a);
    assert_eq!(sink.len().unwrap(), 1, "resurrected into the sink");
    let back = weak.upgrade().expect("alive");
    assert!(gc::is_finalized(&back));
    drop(back);
    sink.call_method("clear", &[]).unwrap();
    assert!(weak.upgrade().is_none(), "freed, without a second __del__");
    assert_eq!(sink.len().unwrap(), 0);
}

#[test]
fn del_in_a_cycle_runs_and_the_cycle_is_collected() {
    let sink = list([]);
    let a_class = del_class(del_record, &sink);
    gc::collect();
    let a = named(&a_class, "a");
    let b = named(&a_class, "b");
    a.setattr("other", &b).unwrap();
    b.setattr("other", &a).unwrap();
    drop((a, b));
    assert_eq!(gc::collect(), 2, "PEP 442: finalized, then collected");
    let mut names: Vec<String> = sink
        .to_vec()
        .unwrap()
        .iter()
        .map(|n| n.to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn a_resurrecting_del_in_a_cycle_keeps_the_cycle() {
    let sink = list([]);
    let a_class = del_class(del_resurrect, &sink);
    gc::collect();
    let a = named(&a_class, "a");
    a.setattr("me", &a).unwrap();
    drop(a);
    assert_eq!(gc::collect(), 0, "resurrected: nothing freed");
    assert_eq!(sink.len().unwrap(), 1);
    sink.call_method("clear", &[]).unwrap();
    assert_eq!(
        gc::collect(),
        1,
        "garbage again; __del__ does not run twice"
    );
    assert_eq!(sink.len().unwrap(), 0);
}

fn del_raise(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Err(PyErr::value_error("msg"))
}

#[test]
fn an_exception_in_del_is_reported_not_raised() {
    let del = method("C.__del__", &SELF, del_raise);
    let text = format!("<function C.__del__ at {:#x}>", del.id());
    let c_class = class("C", None, vec![("__del__", del)]);
    let captured = Rc::new(RefCell::new(String::new()));
    let sink = captured.clone();
    let previous = exceptions::set_unraisable_hook(Some(Box::new(move |text| {
        sink.borrow_mut().push_str(text)
    })));
    drop(new(&c_class));
    exceptions::set_unraisable_hook(previous);
    assert_eq!(
        *captured.borrow(),
        format!(
            "Exception ignored in: {text}\nTraceback (most recent call last):\n  File \"<pyobj>\", in __del__\nValueError: msg\n"
        )
    );
}

#[test]
fn exception_classes_may_have_del() {
    let sink = list([]);
    let del = Obj::new_function(
        "E.__del__",
        &SELF_SINK,
        del_resurrect,
        vec![sink.clone()],
        vec![],
    );
    let e_class = class(
        "E",
        Some(&builtins::get("ValueError").unwrap()),
        vec![("__del__", del)],
    );
    let e = e_class.call(&[s("m")]).unwrap();
    let err = PyErr::from_value(e);
    assert!(err.is_instance(&VALUE_ERROR));
    drop(err);
    assert_eq!(show(Ok(sink)), "[E('m')]");
}

#[test]
fn instances_are_weakly_referenceable() {
    let a_class = class("A", None, vec![]);
    let a = new(&a_class);
    let typed = a.clone().downcast::<PyInstance>().ok().unwrap();
    let weak = Gc::downgrade(&typed);
    assert!(Obj::from(weak.upgrade().unwrap()).is(&a));
    drop((typed, a));
    assert!(weak.upgrade().is_none());
    assert!(a_class.as_type().unwrap().is_heap_type());
}

#[test]
fn methods_called_through_call_method_see_instance_attributes_first() {
    let a_class = class("A", None, vec![("m", method("A.m", &SELF, get_x))]);
    let a = new(&a_class);
    a.setattr("x", &i(1)).unwrap();
    assert_eq!(show(a.call_method("m", &[])), "1");
    // An instance attribute shadows the method.
    let f = Obj::new_function(
        "f",
        &SELF_X_Y,
        |_, _| Ok(s("instance attribute")),
        vec![i(1), i(2)],
        vec![],
    );
    a.setattr("m", &f).unwrap();
    assert_eq!(show(a.call_method("m", &[i(0)])), "'instance attribute'");
}

/// `def __init__(self): self.other = None`
fn init_other(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    this.setattr("other", &none())?;
    Ok(none())
}

/// `def __init__(self): self.x = 2`
fn init_two(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    this.setattr("x", &i(2))?;
    Ok(none())
}

/// The names of an instance's own attributes, in order.
fn own_names(obj: &Obj) -> Vec<String> {
    let data = obj.instance_data().unwrap();
    data.attr_names().iter().map(|n| n.to_string()).collect()
}

#[test]
fn pairs_of_instances_in_cycles_are_all_collected() {
    // class Node:
    //     def __init__(self): self.other = None
    // for i in range(1000): p = Node(); q = Node(); p.other = q; q.other = p
    // del p, q; gc.collect()  (automatic collections off: all 2000 are left for it)
    let node = class(
        "Node",
        None,
        vec![("__init__", method("Node.__init__", &SELF, init_other))],
    );
    gc::collect();
    gc::disable();
    for _ in 0..1000 {
        let p = new(&node);
        let q = new(&node);
        assert!(p.getattr("other").unwrap().is_none());
        p.setattr("other", &q).unwrap();
        q.setattr("other", &p).unwrap();
        assert!(p.getattr("other").unwrap().is(&q));
        assert!(q.getattr("other").unwrap().getattr("other").unwrap().is(&q));
        assert_eq!(own_names(&p), ["other"]);
    }
    gc::enable();
    assert_eq!(gc::collect(), 2000, "as CPython 3.11");
}

#[test]
fn attribute_names_are_compared_by_content_not_by_address() {
    let a_class = class("A", None, vec![]);
    let a = new(&a_class);
    // Names of every length class of the comparison (1-3, 4-7, 8-16, longer bytes), set
    // through strings made at run time and read through literals, and the reverse; and
    // names of equal length differing in one byte only, at either end or in the middle.
    let names = [
        "a",
        "ab",
        "abc",
        "abcd",
        "abcdefg",
        "abcdefgh",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "\u{e9}t\u{e9}",
    ];
    for (index, name) in names.iter().enumerate() {
        let runtime = String::from(*name);
        a.setattr(&runtime, &i(index as i64)).unwrap();
    }
    for (index, name) in names.iter().enumerate() {
        assert_eq!(show(a.getattr(name)), index.to_string(), "a.{name}");
    }
    for name in names {
        let bytes = name.as_bytes();
        for position in [0, bytes.len() / 2, bytes.len() - 1] {
            let mut other = bytes.to_vec();
            other[position] = b'Z';
            let Ok(other) = String::from_utf8(other) else {
                continue;
            };
            assert!(a.getattr(&other).is_err(), "a.{other} is not a.{name}");
        }
    }
    a.setattr("abcdefgh", &i(100)).unwrap();
    let runtime = String::from("abcdefgh");
    assert_eq!(show(a.getattr(&runtime)), "100");
    a.delattr(&runtime).unwrap();
    assert_eq!(
        show(a.getattr("abcdefgh")),
        "!! AttributeError: 'A' object has no attribute 'abcdefgh'"
    );
    // A prefix or an extension of a name is another name.
    assert!(a.getattr("abcdef").is_err());
    assert!(a.getattr("abcdefghijklmnopqr").is_err());
    assert_eq!(
        own_names(&a),
        [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "\u{e9}t\u{e9}"
        ]
    );
}

#[test]
fn instances_of_a_class_share_their_attribute_names() {
    let a_class = class("A", None, vec![]);
    let (a, b, c) = (new(&a_class), new(&a_class), new(&a_class));
    a.setattr("x", &i(1)).unwrap();
    a.setattr("y", &i(2)).unwrap();
    // The same names in another order, through strings made at run time.
    b.setattr(&String::from("y"), &i(3)).unwrap();
    b.setattr(&String::from("x"), &i(4)).unwrap();
    c.setattr("x", &i(5)).unwrap();
    let keys = |obj: &Obj| obj.instance_data().unwrap().attr_names();
    assert!(keys(&a)[0].is(&keys(&b)[1]), "one 'x' object");
    assert!(keys(&a)[1].is(&keys(&b)[0]), "one 'y' object");
    assert!(keys(&a)[0].is(&keys(&c)[0]));
    assert_eq!(own_names(&b), ["y", "x"]);
    table! {
        "(a.x, a.y)" => Ok(Obj::tuple([a.getattr("x").unwrap(), a.getattr("y").unwrap()])) => "(1, 2)";
        "(b.x, b.y)" => Ok(Obj::tuple([b.getattr("x").unwrap(), b.getattr("y").unwrap()])) => "(4, 3)";
        "c.y" => c.getattr("y") => "!! AttributeError: 'A' object has no attribute 'y'";
    }
}

#[test]
fn many_attributes_keep_their_order_through_deletions() {
    let a_class = class("A", None, vec![("k", i(0))]);
    let a = new(&a_class);
    let names = ["v0", "v1", "v2", "v3", "v4", "v5"];
    for (index, name) in names.iter().enumerate() {
        a.setattr(name, &i(index as i64)).unwrap();
    }
    assert_eq!(own_names(&a), names);
    a.delattr("v1").unwrap(); // an inline one
    a.delattr("v4").unwrap(); // one of the others
    assert_eq!(own_names(&a), ["v0", "v2", "v3", "v5"]);
    a.setattr("v1", &i(10)).unwrap();
    a.setattr("v2", &i(20)).unwrap(); // replaced in place
    assert_eq!(own_names(&a), ["v0", "v2", "v3", "v5", "v1"]);
    table! {
        "a.v1" => a.getattr("v1") => "10";
        "a.v2" => a.getattr("v2") => "20";
        "a.v5" => a.getattr("v5") => "5";
        "a.v4" => a.getattr("v4") => "!! AttributeError: 'A' object has no attribute 'v4'";
        "del a.v4" => a.delattr("v4").map(|()| none()) => "!! AttributeError: 'A' object has no attribute 'v4'";
        "a.k" => a.getattr("k") => "0";
        "a.k = 1 ;; (a.k, A.k)" => a.setattr("k", &i(1)).map(|()| Obj::tuple([a.getattr("k").unwrap(), a_class.getattr("k").unwrap()])) => "(1, 0)";
        "del a.k ;; a.k" => a.delattr("k").and_then(|()| a.getattr("k")) => "0";
    }
    for name in ["v0", "v2", "v3", "v5", "v1"] {
        a.delattr(name).unwrap();
    }
    assert!(own_names(&a).is_empty());
}

#[test]
fn redefining_init_is_seen_by_the_next_instance() {
    let a_class = class(
        "A",
        None,
        vec![("__init__", method("A.__init__", &SELF_X, init_x))],
    );
    let b_class = class("B", Some(&a_class), vec![]);
    table! {
        "A(1).x" => a_class.call(&[i(1)]).and_then(|a| a.getattr("x")) => "1";
        "B(1).x" => b_class.call(&[i(1)]).and_then(|b| b.getattr("x")) => "1";
        "A.__init__ = init_two ;; A().x" => a_class.setattr("__init__", &method("init_two", &SELF, init_two)).and_then(|()| a_class.call(&[])).and_then(|a| a.getattr("x")) => "2";
        "B().x" => b_class.call(&[]).and_then(|b| b.getattr("x")) => "2";
        "B.__init__ = A.__init__ ... B(3)" => b_class.setattr("__init__", &method("B.__init__", &SELF_X, init_x)).and_then(|()| b_class.call(&[i(3)])).and_then(|b| b.getattr("x")) => "3";
        "del A.__init__ ;; A(1)" => a_class.delattr("__init__").and_then(|()| a_class.call(&[i(1)])) => "!! TypeError: A() takes no arguments";
        "A().__dict__ names" => a_class.call(&[]).map(|a| Obj::from(own_names(&a).len() as i64)) => "0";
        "class C: pass ;; A.__init__ = C ;; A()" => a_class.setattr("__init__", &class("C", None, vec![])).and_then(|()| a_class.call(&[])) => "!! TypeError: __init__() should return None, not 'C'";
        "A.__init__ = None ;; A()" => a_class.setattr("__init__", &none()).and_then(|()| a_class.call(&[])) => "!! TypeError: 'NoneType' object is not callable";
    }
}
