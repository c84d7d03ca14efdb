//! Descriptors (`staticmethod`, `classmethod`, `property`), `super`, `object.__init__`
//! and `object.__new__`, instance `__dict__` and `vars`: checked against CPython 3.11's
//! values and texts (each row's Python ran as `__main__` with python3.11; the classes
//! and functions are the ones written in the comments).
//!
//! Methods are written as the `pyblock!` code generator writes them: a Rust `fn`
//! receiving the function object and the call's arguments, with a `Signature`; a method
//! that uses `super()` reads its class from a closure cell, as `__class__` cells do.

mod pyobj_support;

use pyobj_runtime::{
    Args, Gc, Obj, PyCell, PyClass, PyErr, PyFunction, PyResult, Signature, builtins, gc,
};
use pyobj_support::{i, none, s, show};

static X: Signature = Signature::new(&["x"]);
static CLS_X: Signature = Signature::new(&["cls", "x"]);
static SELF: Signature = Signature::new(&["self"]);
static SELF_V: Signature = Signature::new(&["self", "v"]);
static SELF_LOG: Signature = Signature::new(&["self", "log"]);

fn function(
    qualname: &'static str,
    signature: &'static Signature,
    code: pyobj_runtime::FunctionCode,
) -> Obj {
    Obj::new_function(qualname, signature, code, vec![], vec![])
}

/// A function whose closure holds `cell` (its `__class__`).
fn method_in(
    cell: &Obj,
    qualname: &'static str,
    signature: &'static Signature,
    code: pyobj_runtime::FunctionCode,
) -> Obj {
    Obj::new_function(qualname, signature, code, vec![], vec![cell.clone()])
}

fn class(qualname: &str, base: Option<&Obj>, namespace: Vec<(&str, Obj)>) -> Obj {
    Obj::new_class(qualname, base, namespace).unwrap()
}

/// A builtin by name (`staticmethod`, `property`, `super`, `vars`, `object`, ...).
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap_or_else(|| panic!("no builtin {name}"))
}

/// `staticmethod(f)`, `classmethod(f)`, `property(f)`, ...
fn wrap(kind: &str, args: &[Obj]) -> Obj {
    builtin(kind).call(args).unwrap()
}

/// A statement's result as a table row: `None` when it succeeds.
fn unit(result: PyResult<()>) -> PyResult<Obj> {
    result.map(|()| none())
}

/// `is`, as a Python bool.
fn is(a: &Obj, b: &Obj) -> PyResult<Obj> {
    Ok(Obj::from(a.is(b)))
}

/// `def double(x): return x * 2`
fn double(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [x] = PyFunction::of(f)?.bind_array(args)?;
    x.mul(&i(2))
}

/// `def who(cls, x): return (cls.__name__, x)`
fn who(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [cls, x] = PyFunction::of(f)?.bind_array(args)?;
    Ok(Obj::tuple([cls.getattr("__name__")?, x]))
}

/// `def get_x(self): return self._x`
fn get_x(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    this.getattr("_x")
}

/// `def set_x(self, v): self._x = v`
fn set_x(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, v] = PyFunction::of(f)?.bind_array(args)?;
    this.setattr("_x", &v)?;
    Ok(none())
}

/// `def del_x(self): del self._x`
fn del_x(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    this.delattr("_x")?;
    Ok(none())
}

/// `def get_y(self): return 'y'`
fn get_y(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Ok(s("y"))
}

/// ```python
/// class A:
///     sm = staticmethod(double)
///     cm = classmethod(who)
/// class B(A): pass
/// ```
fn static_and_class_methods() -> (Obj, Obj, Obj) {
    let double = function("double", &X, double);
    let who = function("who", &CLS_X, who);
    let a_class = class(
        "A",
        None,
        vec![
            ("sm", wrap("staticmethod", std::slice::from_ref(&double))),
            ("cm", wrap("classmethod", std::slice::from_ref(&who))),
        ],
    );
    let b_class = class("B", Some(&a_class), vec![]);
    (a_class, b_class, double)
}

#[test]
fn static_and_class_methods_called_on_instances_and_classes() {
    let (a_class, b_class, double) = static_and_class_methods();
    let a = a_class.call(&[]).unwrap();
    let b = b_class.call(&[]).unwrap();
    table! {
        // Through `call_method` (the compiled `obj.m(...)`: no bound method is made).
        "a.sm(3)" => a.call_method("sm", &[i(3)]) => "6";
        "A.sm(3)" => a_class.call_method("sm", &[i(3)]) => "6";
        "a.cm(1)" => a.call_method("cm", &[i(1)]) => "('A', 1)";
        "A.cm(1)" => a_class.call_method("cm", &[i(1)]) => "('A', 1)";
        // Inherited.
        "b.sm(4)" => b.call_method("sm", &[i(4)]) => "8";
        "B.sm(4)" => b_class.call_method("sm", &[i(4)]) => "8";
        "b.cm(2)" => b.call_method("cm", &[i(2)]) => "('B', 2)";
        "B.cm(2)" => b_class.call_method("cm", &[i(2)]) => "('B', 2)";
        // Through the attribute, then a call.
        "a.sm" => a.getattr("sm").and_then(|sm| sm.call(&[i(5)])) => "10";
        "b.cm" => b.getattr("cm").and_then(|cm| cm.call(&[i(6)])) => "('B', 6)";
        "a.sm is double" => is(&a.getattr("sm").unwrap(), &double) => "True";
        "A.sm is double" => is(&a_class.getattr("sm").unwrap(), &double) => "True";
        "a.cm" => a.getattr("cm") => "<bound method who of <class '__main__.A'>>";
        "B.cm" => b_class.getattr("cm") => "<bound method who of <class '__main__.B'>>";
        "b.cm.__self__ is B" => is(&b.getattr("cm").unwrap().getattr("__self__").unwrap(), &b_class) => "True";
        // Argument errors name the function.
        "a.sm()" => a.call_method("sm", &[]) => "!! TypeError: double() missing 1 required positional argument: 'x'";
        "a.cm()" => a.call_method("cm", &[]) => "!! TypeError: who() missing 1 required positional argument: 'x'";
        "a.cm(1, 2)" => a.call_method("cm", &[i(1), i(2)]) => "!! TypeError: who() takes 2 positional arguments but 3 were given";
        "A.cm(1, 2)" => a_class.call_method("cm", &[i(1), i(2)]) => "!! TypeError: who() takes 2 positional arguments but 3 were given";
        // A staticmethod object is callable (3.10+), a classmethod object is not.
        "staticmethod(double)(5)" => wrap("staticmethod", std::slice::from_ref(&double)).call(&[i(5)]) => "10";
        "classmethod(who)(A, 1)" => wrap("classmethod", &[function("who", &CLS_X, who)]).call(&[a_class.clone(), i(1)]) => "!! TypeError: 'classmethod' object is not callable";
    }
}

#[test]
fn an_instance_attribute_shadows_a_static_method() {
    // a = A(); a.sm = 1; a.sm  (a static method is not a data descriptor)
    let (a_class, _, _) = static_and_class_methods();
    let a = a_class.call(&[]).unwrap();
    a.setattr("sm", &i(1)).unwrap();
    table! {
        "a.sm" => a.getattr("sm") => "1";
        "a.sm()" => a.call_method("sm", &[]) => "!! TypeError: 'int' object is not callable";
        "A.sm(2)" => a_class.call_method("sm", &[i(2)]) => "4";
    }
}

#[test]
fn descriptor_reprs_and_attributes() {
    let double = function("double", &X, double);
    let sm = wrap("staticmethod", std::slice::from_ref(&double));
    let cm = wrap("classmethod", std::slice::from_ref(&double));
    let prop = wrap("property", &[]);
    assert_eq!(
        sm.repr().unwrap(),
        format!("<staticmethod(<function double at {:#x}>)>", double.id())
    );
    assert_eq!(
        cm.repr().unwrap(),
        format!("<classmethod(<function double at {:#x}>)>", double.id())
    );
    assert_eq!(
        prop.repr().unwrap(),
        format!("<property object at {:#x}>", prop.id())
    );
    assert_eq!(
        prop.getattr("setter").unwrap().repr().unwrap(),
        format!(
            "<built-in method setter of property object at {:#x}>",
            prop.id()
        )
    );
    table! {
        "staticmethod(double).__func__ is double" => is(&sm.getattr("__func__").unwrap(), &double) => "True";
        "classmethod(double).__func__ is double" => is(&cm.getattr("__func__").unwrap(), &double) => "True";
        "staticmethod(double).__name__" => sm.getattr("__name__") => "'double'";
        "staticmethod(1)" => Ok(wrap("staticmethod", &[i(1)])) => "<staticmethod(1)>";
        "type(staticmethod(double))" => Ok(builtins::type_(&sm)) => "<class 'staticmethod'>";
        "type(classmethod(double))" => Ok(builtins::type_(&cm)) => "<class 'classmethod'>";
        "type(property())" => Ok(builtins::type_(&prop)) => "<class 'property'>";
        "staticmethod(1).x" => wrap("staticmethod", &[i(1)]).getattr("x") => "!! AttributeError: 'staticmethod' object has no attribute 'x'";
    }
}

#[test]
fn descriptor_constructors_check_their_arguments() {
    let double = function("double", &X, double);
    let property = builtin("property");
    table! {
        "staticmethod()" => builtin("staticmethod").call(&[]) => "!! TypeError: staticmethod expected 1 argument, got 0";
        "staticmethod(double, 1)" => builtin("staticmethod").call(&[double.clone(), i(1)]) => "!! TypeError: staticmethod expected 1 argument, got 2";
        "staticmethod(f=double)" => builtin("staticmethod").call_with(&Args::new(&[], &[("f", double.clone())])) => "!! TypeError: staticmethod() takes no keyword arguments";
        "classmethod()" => builtin("classmethod").call(&[]) => "!! TypeError: classmethod expected 1 argument, got 0";
        "property(1, 2, 3, 4, 5)" => property.call(&[i(1), i(2), i(3), i(4), i(5)]) => "!! TypeError: property() takes at most 4 arguments (5 given)";
        "property(fox=1)" => property.call_with(&Args::new(&[], &[("fox", i(1))])) => "!! TypeError: 'fox' is an invalid keyword argument for property()";
        "property(double, fget=double)" => property.call_with(&Args::new(std::slice::from_ref(&double), &[("fget", double.clone())])) => "!! TypeError: argument for property() given by name ('fget') and position (1)";
        "property(doc='hi').__doc__" => property.call_with(&Args::new(&[], &[("doc", s("hi"))])).and_then(|p| p.getattr("__doc__")) => "'hi'";
        "property(fset=double).fset is double" => property.call_with(&Args::new(&[], &[("fset", double.clone())])).and_then(|p| is(&p.getattr("fset")?, &double)) => "True";
        "property(None).fget" => property.call(&[none()]).and_then(|p| p.getattr("fget")) => "None";
        "property(1).fget" => property.call(&[i(1)]).and_then(|p| p.getattr("fget")) => "1";
        "property()(1)" => property.call(&[]).and_then(|p| p.call(&[i(1)])) => "!! TypeError: 'property' object is not callable";
    }
}

/// ```python
/// class P:
///     x = property(get_x, set_x, del_x)
///     y = property(get_y)
///     n = property()
/// ```
fn property_class() -> Obj {
    let property = |functions: &[Obj]| wrap("property", functions);
    class(
        "P",
        None,
        vec![
            (
                "x",
                property(&[
                    function("get_x", &SELF, get_x),
                    function("set_x", &SELF_V, set_x),
                    function("del_x", &SELF, del_x),
                ]),
            ),
            ("y", property(&[function("get_y", &SELF, get_y)])),
            ("n", property(&[])),
        ],
    )
}

#[test]
fn properties_get_set_and_delete() {
    let p_class = property_class();
    let p = p_class.call(&[]).unwrap();
    let prop_x = p_class.getattr("x").unwrap();
    table! {
        "p.x = 5" => unit(p.setattr("x", &i(5))) => "None";
        "p.x" => p.getattr("x") => "5";
        "p._x" => p.getattr("_x") => "5";
        "del p.x" => unit(p.delattr("x")) => "None";
        "p.x" => p.getattr("x") => "!! AttributeError: 'P' object has no attribute '_x'";
        "p._x" => p.getattr("_x") => "!! AttributeError: 'P' object has no attribute '_x'";
        "p.y" => p.getattr("y") => "'y'";
        "P.x" => Ok(Obj::from(p_class.getattr("x").unwrap().repr().unwrap().starts_with("<property object at 0x"))) => "True";
        "P.y.fset" => p_class.getattr("y").and_then(|y| y.getattr("fset")) => "None";
        // Missing accessors.
        "p.y = 1" => unit(p.setattr("y", &i(1))) => "!! AttributeError: property 'y' of 'P' object has no setter";
        "del p.y" => unit(p.delattr("y")) => "!! AttributeError: property 'y' of 'P' object has no deleter";
        "p.n" => p.getattr("n") => "!! AttributeError: property 'n' of 'P' object has no getter";
        "p.n = 1" => unit(p.setattr("n", &i(1))) => "!! AttributeError: property 'n' of 'P' object has no setter";
        "del p.n" => unit(p.delattr("n")) => "!! AttributeError: property 'n' of 'P' object has no deleter";
        "setattr(p, 'y', 1)" => builtin("setattr").call(&[p.clone(), s("y"), i(1)]) => "!! AttributeError: property 'y' of 'P' object has no setter";
        "getattr(p, 'n', 0)" => builtin("getattr").call(&[p.clone(), s("n"), i(0)]) => "0";
        "hasattr(p, 'n')" => builtin("hasattr").call(&[p.clone(), s("n")]) => "False";
    }
    let fdel = prop_x.getattr("fdel").unwrap();
    assert_eq!(
        fdel.repr().unwrap(),
        format!("<function del_x at {:#x}>", fdel.id())
    );
}

#[test]
fn a_property_wins_over_the_instances_own_attribute() {
    // p.__dict__ = {'x': 99, 'y': 98, '_x': 7}
    let p_class = property_class();
    let p = p_class.call(&[]).unwrap();
    let dict = Obj::dict_from([(s("x"), i(99)), (s("y"), i(98)), (s("_x"), i(7))]).unwrap();
    p.setattr("__dict__", &dict).unwrap();
    table! {
        "p.x" => p.getattr("x") => "7";
        "p.y" => p.getattr("y") => "'y'";
        "vars(p)" => builtin("vars").call(std::slice::from_ref(&p)) => "{'x': 99, 'y': 98, '_x': 7}";
    }
}

#[test]
fn properties_in_subclasses_and_nested_classes() {
    // class Q(P): pass;  class Outer: class In: p = property()
    let q_class = class("Q", Some(&property_class()), vec![]);
    let q = q_class.call(&[]).unwrap();
    let inner = class("Outer.In", None, vec![("p", wrap("property", &[]))]);
    let in_instance = inner.call(&[]).unwrap();
    table! {
        "q.x = 3 ;; q.x" => unit(q.setattr("x", &i(3))).and_then(|_| q.getattr("x")) => "3";
        "q.y = 1" => unit(q.setattr("y", &i(1))) => "!! AttributeError: property 'y' of 'Q' object has no setter";
        "Outer.In().p" => in_instance.getattr("p") => "!! AttributeError: property 'p' of 'Outer.In' object has no getter";
    }
}

#[test]
fn property_setter_getter_and_deleter_make_new_properties() {
    // q = property(get_y); q2 = q.setter(set_x); q3 = q2.deleter(del_x)
    let get_y = function("get_y", &SELF, get_y);
    let set_x = function("set_x", &SELF_V, set_x);
    let del_x = function("del_x", &SELF, del_x);
    let q = wrap("property", std::slice::from_ref(&get_y));
    let q2 = q
        .call_method("setter", std::slice::from_ref(&set_x))
        .unwrap();
    let q3 = q2
        .call_method("deleter", std::slice::from_ref(&del_x))
        .unwrap();
    table! {
        "q.fset" => q.getattr("fset") => "None";
        "q2.fset is set_x" => is(&q2.getattr("fset").unwrap(), &set_x) => "True";
        "q2.fget is get_y" => is(&q2.getattr("fget").unwrap(), &get_y) => "True";
        "q3.fdel is del_x" => is(&q3.getattr("fdel").unwrap(), &del_x) => "True";
        "q3.fset is set_x" => is(&q3.getattr("fset").unwrap(), &set_x) => "True";
        "q2 is q" => is(&q2, &q) => "False";
        "q.getter(None).fget is get_y" => q.call_method("getter", &[none()]).and_then(|p| is(&p.getattr("fget")?, &get_y)) => "True";
        "q.setter()" => q.call_method("setter", &[]) => "!! TypeError: property.setter() takes exactly one argument (0 given)";
        "q.setter(1, 2)" => q.call_method("setter", &[i(1), i(2)]) => "!! TypeError: property.setter() takes exactly one argument (2 given)";
        "property(get_y, doc='d').setter(set_x).__doc__" => builtin("property").call_with(&Args::new(std::slice::from_ref(&get_y), &[("doc", s("d"))])).and_then(|p| p.call_method("setter", std::slice::from_ref(&set_x))).and_then(|p| p.getattr("__doc__")) => "'d'";
    }
    // The chained property works in a class: class R: x = q3
    let r_class = class("R", None, vec![("x", q3)]);
    let r = r_class.call(&[]).unwrap();
    table! {
        "r.x" => r.getattr("x") => "'y'";
        "r.x = 4 ;; r._x" => unit(r.setattr("x", &i(4))).and_then(|_| r.getattr("_x")) => "4";
        "del r.x ;; hasattr(r, '_x')" => unit(r.delattr("x")).and_then(|_| Ok(Obj::from(r.hasattr("_x")?))) => "False";
    }
}

#[test]
fn properties_added_and_removed_after_the_classes_are_made() {
    // class A: pass;  class B(A): pass;  b = B(); b.p = 1
    let a_class = class("A", None, vec![]);
    let b_class = class("B", Some(&a_class), vec![]);
    let b = b_class.call(&[]).unwrap();
    b.setattr("p", &i(1)).unwrap();
    table! {
        "b.p" => b.getattr("p") => "1";
    }
    // A.p = property(get_y)  (a property added later has no name)
    let get_y = function("get_y", &SELF, get_y);
    a_class
        .setattr("p", &wrap("property", std::slice::from_ref(&get_y)))
        .unwrap();
    // class C(B): pass;  c = C()
    let c_class = class("C", Some(&b_class), vec![]);
    let c = c_class.call(&[]).unwrap();
    table! {
        "b.p" => b.getattr("p") => "'y'";
        "b.p = 2" => unit(b.setattr("p", &i(2))) => "!! AttributeError: property of 'B' object has no setter";
        "del b.p" => unit(b.delattr("p")) => "!! AttributeError: property of 'B' object has no deleter";
        "c.p" => c.getattr("p") => "'y'";
        "c.p = 3" => unit(c.setattr("p", &i(3))) => "!! AttributeError: property of 'C' object has no setter";
        "vars(b)" => builtin("vars").call(std::slice::from_ref(&b)) => "{'p': 1}";
    }
    // del A.p
    a_class.delattr("p").unwrap();
    table! {
        "b.p" => b.getattr("p") => "1";
        "c.p" => c.getattr("p") => "!! AttributeError: 'C' object has no attribute 'p'";
        "c.p = 3 ;; c.p" => unit(c.setattr("p", &i(3))).and_then(|_| c.getattr("p")) => "3";
    }
    // B.q = property(get_y); then A.p = 5 (not a descriptor)
    b_class
        .setattr("q", &wrap("property", std::slice::from_ref(&get_y)))
        .unwrap();
    a_class.setattr("p", &i(5)).unwrap();
    let a = a_class.call(&[]).unwrap();
    table! {
        "c.q" => c.getattr("q") => "'y'";
        "b.q = 1" => unit(b.setattr("q", &i(1))) => "!! AttributeError: property of 'B' object has no setter";
        "c.q = 1" => unit(c.setattr("q", &i(1))) => "!! AttributeError: property of 'C' object has no setter";
        "b.p" => b.getattr("p") => "1";
        "A().p" => a.getattr("p") => "5";
        "A().q = 1 ;; A().q" => unit(a.setattr("q", &i(1))).and_then(|_| a.getattr("q")) => "1";
    }
}

/// `super(__class__, self)`, `__class__` being the function's closure cell.
fn super_of(f: &Obj, this: &Obj) -> PyResult<Obj> {
    let class = PyFunction::of(f)?.closure_cell(0)?.load_free("__class__")?;
    builtin("super").call(&[class, this.clone()])
}

/// `def __init__(self, log): log.append('Base'); self.log = log; super().__init__()`
fn base_init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, log] = PyFunction::of(f)?.bind_array(args)?;
    log.call_method("append", &[s("Base")])?;
    this.setattr("log", &log)?;
    super_of(f, &this)?.call_method("__init__", &[])
}

/// `def __init__(self, log): log.append(__class__.__name__); super().__init__(log)`
fn derived_init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, log] = PyFunction::of(f)?.bind_array(args)?;
    let class = PyFunction::of(f)?.closure_cell(0)?.load_free("__class__")?;
    log.call_method("append", &[class.getattr("__name__")?])?;
    super_of(f, &this)?.call_method("__init__", &[log])
}

/// `def m(self): return 'Base.m'`
fn base_m(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    PyFunction::of(f)?.bind(args)?;
    Ok(s("Base.m"))
}

/// `def m(self): return __class__.__name__ + '.m+' + super().m()`
fn derived_m(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    let class = PyFunction::of(f)?.closure_cell(0)?.load_free("__class__")?;
    let rest = super_of(f, &this)?.call_method("m", &[])?;
    class.getattr("__name__")?.add(&s(".m+"))?.add(&rest)
}

/// ```python
/// class Base:
///     def __init__(self, log): ...   # base_init
///     def m(self): ...               # base_m
/// class Mid(Base):
///     def __init__(self, log): ...   # derived_init
///     def m(self): ...               # derived_m
/// class Top(Mid): (the same as Mid)
/// ```
fn super_chain() -> (Obj, Obj, Obj) {
    let classes: Vec<Obj> = [("Base", None), ("Mid", Some(0)), ("Top", Some(1))]
        .into_iter()
        .scan(
            Vec::<Obj>::new(),
            |made, (name, base): (&str, Option<usize>)| {
                let cell = Obj::new_cell(None);
                let (init, m): (pyobj_runtime::FunctionCode, pyobj_runtime::FunctionCode) =
                    match base {
                        None => (base_init, base_m),
                        Some(_) => (derived_init, derived_m),
                    };
                // Static names: nothing leaked (Miri checks for leaks).
                let qualname = |method: &str| -> &'static str {
                    const NAMES: [(&str, &str, &str); 6] = [
                        ("Base", "__init__", "Base.__init__"),
                        ("Base", "m", "Base.m"),
                        ("Mid", "__init__", "Mid.__init__"),
                        ("Mid", "m", "Mid.m"),
                        ("Top", "__init__", "Top.__init__"),
                        ("Top", "m", "Top.m"),
                    ];
                    NAMES
                        .iter()
                        .find(|(class, m, _)| *class == name && *m == method)
                        .map_or("?", |(_, _, qualname)| qualname)
                };
                let class = class(
                    name,
                    base.map(|index| &made[index]),
                    vec![
                        (
                            "__init__",
                            method_in(&cell, qualname("__init__"), &SELF_LOG, init),
                        ),
                        ("m", method_in(&cell, qualname("m"), &SELF, m)),
                    ],
                );
                PyCell::of(&cell).unwrap().set(class.clone());
                made.push(class.clone());
                Some(class)
            },
        )
        .collect();
    let [base, mid, top] = <[Obj; 3]>::try_from(classes).unwrap();
    (base, mid, top)
}

#[test]
fn super_chains_three_classes_deep() {
    let (base, mid, top) = super_chain();
    let top_instance = top.call(&[Obj::list([])]).unwrap();
    let sup = |this: &Obj, object: &Obj| builtin("super").call(&[this.clone(), object.clone()]);
    table! {
        "top.log" => top_instance.getattr("log") => "['Top', 'Mid', 'Base']";
        "top.m()" => top_instance.call_method("m", &[]) => "'Top.m+Mid.m+Base.m'";
        "super(Top, top).m()" => sup(&top, &top_instance).and_then(|s| s.call_method("m", &[])) => "'Mid.m+Base.m'";
        "super(Mid, top).m()" => sup(&mid, &top_instance).and_then(|s| s.call_method("m", &[])) => "'Base.m'";
        "super(Mid, top).m" => sup(&mid, &top_instance).and_then(|s| s.getattr("m")).and_then(|m| m.call(&[])) => "'Base.m'";
        "super(Base, top).m" => sup(&base, &top_instance).and_then(|s| s.getattr("m")) => "!! AttributeError: 'super' object has no attribute 'm'";
        "super(Top, top).nope" => sup(&top, &top_instance).and_then(|s| s.getattr("nope")) => "!! AttributeError: 'super' object has no attribute 'nope'";
        "super(Top, Top).m" => sup(&top, &top).and_then(|s| s.getattr("m")).map(|m| Obj::from(m.repr().unwrap().starts_with("<function Mid.m at 0x"))) => "True";
        "super(Top, top)" => sup(&top, &top_instance) => "<super: <class 'Top'>, <Top object>>";
        "super(Base, Mid)" => sup(&base, &mid) => "<super: <class 'Base'>, <Mid object>>";
        "super(Top)" => builtin("super").call(std::slice::from_ref(&top)) => "<super: <class 'Top'>, NULL>";
        "super(Top, top).__thisclass__" => sup(&top, &top_instance).and_then(|s| s.getattr("__thisclass__")) => "<class '__main__.Top'>";
        "super(Mid, top).__self__ is top" => sup(&mid, &top_instance).and_then(|s| is(&s.getattr("__self__")?, &top_instance)) => "True";
        "super(Mid, Top).__self_class__" => sup(&mid, &top).and_then(|s| s.getattr("__self_class__")) => "<class '__main__.Top'>";
        "super(Top, top).__class__" => sup(&top, &top_instance).and_then(|s| s.getattr("__class__")) => "<class 'super'>";
        "super(Base, top).__init__(1)" => sup(&base, &top_instance).and_then(|s| s.call_method("__init__", &[i(1)])) => "!! TypeError: object.__init__() takes exactly one argument (the instance to initialize)";
        "super(Base, top).__init__()" => sup(&base, &top_instance).and_then(|s| s.call_method("__init__", &[])) => "None";
    }
    assert_eq!(
        sup(&top, &top_instance)
            .unwrap()
            .getattr("__init__")
            .unwrap()
            .repr()
            .unwrap(),
        format!(
            "<bound method Mid.__init__ of <__main__.Top object at {:#x}>>",
            top_instance.id()
        )
    );
}

#[test]
fn super_reaches_class_and_static_methods() {
    // class A: sm = staticmethod(double); cm = classmethod(who)
    // class B(A): pass;  b = B()
    let (a_class, b_class, _) = static_and_class_methods();
    let b = b_class.call(&[]).unwrap();
    let sup = |object: &Obj| builtin("super").call(&[b_class.clone(), object.clone()]);
    table! {
        "super(B, b).cm(1)" => sup(&b).and_then(|s| s.call_method("cm", &[i(1)])) => "('B', 1)";
        "super(B, B).cm(1)" => sup(&b_class).and_then(|s| s.call_method("cm", &[i(1)])) => "('B', 1)";
        "super(B, b).sm(2)" => sup(&b).and_then(|s| s.call_method("sm", &[i(2)])) => "4";
        "super(A, b).sm" => builtin("super").call(&[a_class.clone(), b.clone()]).and_then(|s| s.getattr("sm")) => "!! AttributeError: 'super' object has no attribute 'sm'";
    }
}

#[test]
fn super_checks_its_arguments() {
    let (base, mid, top) = super_chain();
    let top_instance = top.call(&[Obj::list([])]).unwrap();
    let mid_instance = mid.call(&[Obj::list([])]).unwrap();
    let super_type = builtin("super");
    table! {
        "super(Top, 1)" => super_type.call(&[top.clone(), i(1)]) => "!! TypeError: super(type, obj): obj must be an instance or subtype of type";
        "super(Top, Mid())" => super_type.call(&[top.clone(), mid_instance.clone()]) => "!! TypeError: super(type, obj): obj must be an instance or subtype of type";
        "super(Top, Base)" => super_type.call(&[top.clone(), base.clone()]) => "!! TypeError: super(type, obj): obj must be an instance or subtype of type";
        "super(1, top)" => super_type.call(&[i(1), top_instance.clone()]) => "!! TypeError: super() argument 1 must be a type, not int";
        "super()" => super_type.call(&[]) => "!! RuntimeError: super(): no arguments";
        "super(Top, top, 1)" => super_type.call(&[top.clone(), top_instance.clone(), i(1)]) => "!! TypeError: super() expected at most 2 arguments, got 3";
        "super(Top, obj=top)" => super_type.call_with(&Args::new(std::slice::from_ref(&top), &[("obj", top_instance.clone())])) => "!! TypeError: super() takes no keyword arguments";
        "type(super(Top, top))" => super_type.call(&[top.clone(), top_instance.clone()]).map(|s| builtins::type_(&s)) => "<class 'super'>";
    }
}

/// `def __init__(self): super(Init, self).__init__(1)`
fn init_passing_one(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    super_of(f, &this)?.call_method("__init__", &[i(1)])
}

#[test]
fn object_init_and_new_are_callable() {
    // class Plain: pass
    // class Init: def __init__(self): super(Init, self).__init__(1)
    let plain = class("Plain", None, vec![]);
    let cell = Obj::new_cell(None);
    let init = class(
        "Init",
        None,
        vec![(
            "__init__",
            method_in(&cell, "Init.__init__", &SELF, init_passing_one),
        )],
    );
    PyCell::of(&cell).unwrap().set(init.clone());
    let object = builtin("object");
    let object_init = object.getattr("__init__").unwrap();
    let object_new = object.getattr("__new__").unwrap();
    let made = object_new.call(std::slice::from_ref(&plain)).unwrap();
    table! {
        "Init()" => init.call(&[]) => "!! TypeError: object.__init__() takes exactly one argument (the instance to initialize)";
        "object.__init__(Plain(), 1)" => object_init.call(&[plain.call(&[]).unwrap(), i(1)]) => "!! TypeError: Plain.__init__() takes exactly one argument (the instance to initialize)";
        "object.__init__(Plain())" => object_init.call(&[plain.call(&[]).unwrap()]) => "None";
        "object.__init__()" => object_init.call(&[]) => "!! TypeError: descriptor '__init__' of 'object' object needs an argument";
        "Plain.__init__(Plain())" => plain.getattr("__init__").and_then(|f| f.call(&[plain.call(&[]).unwrap()])) => "None";
        "Plain().__init__(2)" => plain.call(&[]).and_then(|p| p.call_method("__init__", &[i(2)])) => "!! TypeError: Plain.__init__() takes exactly one argument (the instance to initialize)";
        "Plain().__init__()" => plain.call(&[]).and_then(|p| p.call_method("__init__", &[])) => "None";
        "type(object.__new__(Plain)) is Plain" => is(&builtins::type_(&made), &plain) => "True";
        "object.__new__(Plain, 1)" => object_new.call(&[plain.clone(), i(1)]) => "!! TypeError: Plain() takes no arguments";
        "object.__new__(Init, 1)" => object_new.call(&[init.clone(), i(1)]).map(|made| Obj::from(made.repr().unwrap().starts_with("<__main__.Init object at 0x"))) => "True";
        "object.__new__(1)" => object_new.call(&[i(1)]) => "!! TypeError: object.__new__(X): X is not a type object (int)";
        "object.__new__()" => object_new.call(&[]) => "!! TypeError: object.__new__(): not enough arguments";
        "object.__new__(int)" => object_new.call(&[builtin("int")]) => "!! TypeError: object.__new__(int) is not safe, use int.__new__()";
        "object.__new__(ValueError)" => object_new.call(&[builtin("ValueError")]) => "!! TypeError: object.__new__(ValueError) is not safe, use ValueError.__new__()";
    }
    assert!(
        made.repr()
            .unwrap()
            .starts_with("<__main__.Plain object at 0x")
    );
    assert_eq!(
        object_new.repr().unwrap(),
        format!(
            "<built-in method __new__ of type object at {:#x}>",
            object.id()
        )
    );
    // `object.__new__` does not call `__init__` (which would raise here).
    assert!(object_new.call(std::slice::from_ref(&init)).is_ok());
}

/// `def __init__(self, message): super().__init__(message)`
fn error_init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, message] = PyFunction::of(f)?.bind_array(args)?;
    super_of(f, &this)?.call_method("__init__", &[message])
}

/// `def __init__(self, code): super().__init__('code %d' % code)`
fn coded_init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, code] = PyFunction::of(f)?.bind_array(args)?;
    let message = s("code ").add(&code.repr().map(Obj::from)?)?;
    super_of(f, &this)?.call_method("__init__", &[message])
}

#[test]
fn super_init_in_an_exception_class() {
    // class Err(Exception): def __init__(self, message): super().__init__(message)
    let cell = Obj::new_cell(None);
    let err = class(
        "Err",
        Some(&builtin("Exception")),
        vec![(
            "__init__",
            method_in(&cell, "Err.__init__", &SELF_V, error_init),
        )],
    );
    PyCell::of(&cell).unwrap().set(err.clone());
    let cell = Obj::new_cell(None);
    let coded = class(
        "Coded",
        Some(&builtin("Exception")),
        vec![(
            "__init__",
            method_in(&cell, "Coded.__init__", &SELF_V, coded_init),
        )],
    );
    PyCell::of(&cell).unwrap().set(coded.clone());
    table! {
        "Err('boom')" => err.call(&[s("boom")]) => "Err('boom')";
        "str(Err('boom'))" => err.call(&[s("boom")]).and_then(|e| e.str().map(Obj::from)) => "'boom'";
        // pyobj's own: CPython sets args to ('code 5',) (str() is 'code 5'); pyobj's
        // exceptions keep the args they were made with, so it refuses.
        "Coded(5)" => coded.call(&[i(5)]) => "!! SystemError: BaseException.__init__() with arguments other than those the exception was made with is not supported (an exception's args are fixed when it is made)";
    }
}

#[test]
fn instance_dict_and_vars() {
    // class D:
    //     k = 1
    //     def __init__(self): self.a = 1; self.b = 2
    fn init_ab(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [this] = PyFunction::of(f)?.bind_array(args)?;
        this.setattr("a", &i(1))?;
        this.setattr("b", &i(2))?;
        Ok(none())
    }
    let d_class = class(
        "D",
        None,
        vec![
            ("k", i(1)),
            ("__init__", function("D.__init__", &SELF, init_ab)),
        ],
    );
    let d = d_class.call(&[]).unwrap();
    let vars = builtin("vars");
    table! {
        "vars(d)" => vars.call(std::slice::from_ref(&d)) => "{'a': 1, 'b': 2}";
        "d.__dict__" => d.getattr("__dict__") => "{'a': 1, 'b': 2}";
        "vars(1)" => vars.call(&[i(1)]) => "!! TypeError: vars() argument must have __dict__ attribute";
        "vars(d, 1)" => vars.call(&[d.clone(), i(1)]) => "!! TypeError: vars expected at most 1 argument, got 2";
        "'k' in vars(D)" => vars.call(std::slice::from_ref(&d_class)).and_then(|ns| ns.contains(&s("k")).map(Obj::from)) => "True";
        "D.__dict__['k']" => d_class.getattr("__dict__").and_then(|ns| ns.get_item(&s("k"))) => "1";
        "d.__dict__ = 5" => unit(d.setattr("__dict__", &i(5))) => "!! TypeError: __dict__ must be set to a dictionary, not a 'int'";
    }
    // The dict is the instance's own, as CPython's: a store in it sets the attribute.
    d.getattr("__dict__")
        .unwrap()
        .set_item(&s("c"), &i(3))
        .unwrap();
    table! {
        "d.__dict__['c'] = 3 ;; vars(d)" => vars.call(std::slice::from_ref(&d)) => "{'a': 1, 'b': 2, 'c': 3}";
        "d.c" => d.getattr("c") => "3";
    }
    let replacement = Obj::dict_from([(s("z"), i(26))]).unwrap();
    table! {
        "d.__dict__ = {'z': 26} ;; vars(d)" => unit(d.setattr("__dict__", &replacement)).and_then(|_| vars.call(std::slice::from_ref(&d))) => "{'z': 26}";
        "d.a" => d.getattr("a") => "!! AttributeError: 'D' object has no attribute 'a'";
        "d.z" => d.getattr("z") => "26";
        "d.k" => d.getattr("k") => "1";
        "del d.__dict__ ;; vars(d)" => unit(d.delattr("__dict__")).and_then(|_| vars.call(std::slice::from_ref(&d))) => "{}";
        "d.a = 5 ;; vars(d)" => unit(d.setattr("a", &i(5))).and_then(|_| vars.call(std::slice::from_ref(&d))) => "{'a': 5}";
    }
}

/// `def get(self): return __class__` (reads the class through a closure cell)
fn class_from_cell(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let function = PyFunction::of(f)?;
    function.bind(args)?;
    function.closure_cell(0)?.load_free("__class__")
}

#[test]
fn descriptors_in_cycles_are_collected() {
    gc::collect();
    // class A:
    //     p = property(get); sm = staticmethod(get2); cm = classmethod(get3)
    // with each function's closure holding A.
    let cell = Obj::new_cell(None);
    let getter = || method_in(&cell, "A.get", &SELF, class_from_cell);
    let a_class = class(
        "A",
        None,
        vec![
            ("p", wrap("property", &[getter()])),
            ("sm", wrap("staticmethod", &[getter()])),
            ("cm", wrap("classmethod", &[getter()])),
        ],
    );
    PyCell::of(&cell).unwrap().set(a_class.clone());
    let a = a_class.call(&[]).unwrap();
    assert!(a.getattr("p").unwrap().is(&a_class));
    assert!(a.call_method("sm", &[i(0)]).unwrap().is(&a_class));
    assert!(a.call_method("cm", &[]).unwrap().is(&a_class));
    let weak = Gc::downgrade(&a_class.clone().downcast::<PyClass>().ok().unwrap());
    drop((a, cell, a_class));
    assert!(weak.upgrade().is_some(), "a cycle: not freed by counts");
    // pyobj's own count: the class, the cell, three functions, the property, the
    // staticmethod and the classmethod.
    assert_eq!(gc::collect(), 8);
    assert!(weak.upgrade().is_none());
}

#[test]
fn instance_attributes_shadow_other_class_attributes() {
    // class A: k = 1; sm = staticmethod(double)   (no data descriptor)
    // a = A(); a.k = 2; a.sm = 3
    let a_class = class(
        "A",
        None,
        vec![
            ("k", i(1)),
            (
                "sm",
                wrap("staticmethod", &[function("double", &X, double)]),
            ),
        ],
    );
    let a = a_class.call(&[]).unwrap();
    a.setattr("k", &i(2)).unwrap();
    a.setattr("sm", &i(3)).unwrap();
    table! {
        "a.k" => a.getattr("k") => "2";
        "A.k" => a_class.getattr("k") => "1";
        "a.sm" => a.getattr("sm") => "3";
        "del a.k ;; a.k" => unit(a.delattr("k")).and_then(|_| a.getattr("k")) => "1";
        "del a.k" => unit(a.delattr("k")) => "!! AttributeError: 'A' object has no attribute 'k'";
        "a.nope" => a.getattr("nope") => "!! AttributeError: 'A' object has no attribute 'nope'";
        "A.nope" => a_class.getattr("nope") => "!! AttributeError: type object 'A' has no attribute 'nope'";
    }
    let error: PyErr = a.getattr("nope").unwrap_err();
    assert_eq!(
        show(Err(error)),
        "!! AttributeError: 'A' object has no attribute 'nope'"
    );
}
