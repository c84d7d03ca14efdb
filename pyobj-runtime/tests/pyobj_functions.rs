//! Function objects, argument binding, closures and cells, bound methods: what a `def`
//! makes, checked against CPython 3.11's behaviour and texts.
//!
//! Each Python function is written as its code (a Rust `fn` receiving the function object
//! and the call's arguments) plus a `Signature`, as the `pyblock!` code generator will
//! write them.

mod pyobj_support;

use pyobj_runtime::exceptions::{NAME_ERROR, UNBOUND_LOCAL_ERROR};
use pyobj_runtime::{Args, Gc, Obj, PyCell, PyFunction, PyMethod, PyResult, Signature, gc};
use pyobj_support::{i, none, s, show};

/// `def f(...): return (params...)`: returns the bound locals as a tuple.
fn locals_tuple(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    Ok(Obj::tuple(PyFunction::of(f)?.bind(args)?))
}

fn def(qualname: &'static str, signature: &'static Signature, defaults: Vec<Obj>) -> Obj {
    Obj::new_function(qualname, signature, locals_tuple, defaults, vec![])
}

static X: Signature = Signature::new(&["x"]);
static XY: Signature = Signature::new(&["x", "y"]);
static XYZ: Signature = Signature::new(&["x", "y", "z"]);
static NONE: Signature = Signature::new(&[]);
static VARARGS: Signature = Signature::new(&[]).with_varargs();
static X_VARARGS: Signature = Signature::new(&["x"]).with_varargs();
static VARKW: Signature = Signature::new(&[]).with_varkw();
static X_ALL: Signature = Signature::new(&["x"]).with_varargs().with_varkw();
static SELF_X: Signature = Signature::new(&["self", "x"]);

fn call(f: &Obj, positional: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    f.call_with(&Args::new(positional, keywords))
}

#[test]
fn argument_binding_errors_are_cpythons() {
    let f_x = def("f", &X, vec![]);
    let f_xy = def("f", &XY, vec![]);
    let f_xyz = def("f", &XYZ, vec![]);
    let f_xy_default = def("f", &XY, vec![i(1)]);
    let f_none = def("f", &NONE, vec![]);
    let f_varargs = def("f", &VARARGS, vec![]);
    let f_x_varargs = def("f", &X_VARARGS, vec![]);
    let f_varkw = def("f", &VARKW, vec![]);
    let m = def("A.m", &SELF_X, vec![]);
    let inner = def("outer.<locals>.inner", &X, vec![]);
    table! {
        "def f(x): pass ;; f()" => call(&f_x, &[], &[]) => "!! TypeError: f() missing 1 required positional argument: 'x'";
        "def f(x, y): pass ;; f()" => call(&f_xy, &[], &[]) => "!! TypeError: f() missing 2 required positional arguments: 'x' and 'y'";
        "def f(x, y, z): pass ;; f()" => call(&f_xyz, &[], &[]) => "!! TypeError: f() missing 3 required positional arguments: 'x', 'y', and 'z'";
        "def f(x, y=1): pass ;; f()" => call(&f_xy_default, &[], &[]) => "!! TypeError: f() missing 1 required positional argument: 'x'";
        "def f(x, y): pass ;; f(1, 2, 3)" => call(&f_xy, &[i(1), i(2), i(3)], &[]) => "!! TypeError: f() takes 2 positional arguments but 3 were given";
        "def f(x): pass ;; f(1, 2)" => call(&f_x, &[i(1), i(2)], &[]) => "!! TypeError: f() takes 1 positional argument but 2 were given";
        "def f(): pass ;; f(1)" => call(&f_none, &[i(1)], &[]) => "!! TypeError: f() takes 0 positional arguments but 1 was given";
        "def f(): pass ;; f(1, 2)" => call(&f_none, &[i(1), i(2)], &[]) => "!! TypeError: f() takes 0 positional arguments but 2 were given";
        "def f(x, y=2): pass ;; f(1, 2, 3)" => call(&f_xy_default, &[i(1), i(2), i(3)], &[]) => "!! TypeError: f() takes from 1 to 2 positional arguments but 3 were given";
        "def f(x, y=2): pass ;; f(1, 2, 3, 4)" => call(&f_xy_default, &[i(1), i(2), i(3), i(4)], &[]) => "!! TypeError: f() takes from 1 to 2 positional arguments but 4 were given";
        "def f(x): pass ;; f(1, z=3)" => call(&f_x, &[i(1)], &[("z", i(3))]) => "!! TypeError: f() got an unexpected keyword argument 'z'";
        "def f(x): pass ;; f(1, 2, z=3)" => call(&f_x, &[i(1), i(2)], &[("z", i(3))]) => "!! TypeError: f() got an unexpected keyword argument 'z'";
        "def f(x): pass ;; f(1, 2, x=3)" => call(&f_x, &[i(1), i(2)], &[("x", i(3))]) => "!! TypeError: f() got multiple values for argument 'x'";
        "def f(x): pass ;; f(1, x=3)" => call(&f_x, &[i(1)], &[("x", i(3))]) => "!! TypeError: f() got multiple values for argument 'x'";
        "def f(x, y): pass ;; f(y=3)" => call(&f_xy, &[], &[("y", i(3))]) => "!! TypeError: f() missing 1 required positional argument: 'x'";
        "def f(x, y, z): pass ;; f(y=3)" => call(&f_xyz, &[], &[("y", i(3))]) => "!! TypeError: f() missing 2 required positional arguments: 'x' and 'z'";
        "def f(*a): pass ;; f(z=3)" => call(&f_varargs, &[], &[("z", i(3))]) => "!! TypeError: f() got an unexpected keyword argument 'z'";
        "def f(x, *a): pass ;; f()" => call(&f_x_varargs, &[], &[]) => "!! TypeError: f() missing 1 required positional argument: 'x'";
        "def f(**k): pass ;; f(1)" => call(&f_varkw, &[i(1)], &[]) => "!! TypeError: f() takes 0 positional arguments but 1 was given";
        "class A: def m(self, x) ;; A.m(a, 1, 2)" => call(&m, &[none(), i(1), i(2)], &[]) => "!! TypeError: A.m() takes 2 positional arguments but 3 were given";
        "class A: def m(self, x) ;; A.m(a)" => call(&m, &[none()], &[]) => "!! TypeError: A.m() missing 1 required positional argument: 'x'";
        "def outer(): def inner(x) ;; inner()" => call(&inner, &[], &[]) => "!! TypeError: outer.<locals>.inner() missing 1 required positional argument: 'x'";
    }
}

#[test]
fn arguments_bind_to_parameters_defaults_varargs_and_kwargs() {
    let f_xy_default = def("f", &XY, vec![i(10)]);
    let f_xyz_defaults = def("f", &XYZ, vec![i(20), i(30)]);
    let f_all = def("f", &X_ALL, vec![]);
    table! {
        "def f(x, y=10): return (x, y) ;; f(1)" => call(&f_xy_default, &[i(1)], &[]) => "(1, 10)";
        "def f(x, y=10): return (x, y) ;; f(1, 2)" => call(&f_xy_default, &[i(1), i(2)], &[]) => "(1, 2)";
        "def f(x, y=10): return (x, y) ;; f(y=2, x=1)" => call(&f_xy_default, &[], &[("y", i(2)), ("x", i(1))]) => "(1, 2)";
        "def f(x, y=20, z=30): return (x, y, z) ;; f(1, z=3)" => call(&f_xyz_defaults, &[i(1)], &[("z", i(3))]) => "(1, 20, 3)";
        "def f(x, *a, **k): return (x, a, k) ;; f(1, 2, 3, b=4, a=5)" => call(&f_all, &[i(1), i(2), i(3)], &[("b", i(4)), ("a", i(5))]) => "(1, (2, 3), {'b': 4, 'a': 5})";
        "def f(x, *a, **k): return (x, a, k) ;; f(x=1)" => call(&f_all, &[], &[("x", i(1))]) => "(1, (), {})";
    }
}

#[test]
fn a_function_object_has_names_defaults_and_a_repr() {
    let f = def("f", &XY, vec![i(1)]);
    let inner = def("outer.<locals>.inner", &NONE, vec![]);
    let repr = f.repr().unwrap();
    assert!(repr.starts_with("<function f at 0x"), "{repr}");
    assert_eq!(repr, format!("<function f at {:#x}>", f.id()));
    assert!(
        inner
            .repr()
            .unwrap()
            .starts_with("<function outer.<locals>.inner at 0x")
    );
    assert_eq!(f.type_name(), "function");
    table! {
        "f.__name__" => f.getattr("__name__") => "'f'";
        "inner.__name__" => inner.getattr("__name__") => "'inner'";
        "inner.__qualname__" => inner.getattr("__qualname__") => "'outer.<locals>.inner'";
        "f.__module__" => f.getattr("__module__") => "'__main__'";
        "f.__defaults__" => f.getattr("__defaults__") => "(1,)";
        "inner.__defaults__" => inner.getattr("__defaults__") => "None";
        "inner.__closure__" => inner.getattr("__closure__") => "None";
        "f.x" => f.getattr("x") => "!! AttributeError: 'function' object has no attribute 'x'";
        "f.__closure__ = 1" => f.setattr("__closure__", &i(1)).map(|()| none()) => "!! AttributeError: readonly attribute";
        "hash(f) == hash(f)" => Ok(Obj::from(f.hash().unwrap() == f.hash().unwrap())) => "True";
        "f == f" => f.eq(&f).map(Obj::from) => "True";
    }
}

// def outer():
//     x = 1
//     def inner():
//         return x
//     x = 2
//     return inner
static OUTER: Signature = Signature::new(&[]);
fn outer(_: &Obj, _: &Args<'_>) -> PyResult<Obj> {
    let x = Obj::new_cell(None);
    PyCell::of(&x)?.set(i(1));
    let inner = Obj::new_function(
        "outer.<locals>.inner",
        &NONE,
        inner,
        vec![],
        vec![x.clone()],
    );
    PyCell::of(&x)?.set(i(2));
    Ok(inner)
}
fn inner(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let function = PyFunction::of(f)?;
    function.bind(args)?;
    function.closure_cell(0)?.load_free("x")
}

#[test]
fn closures_share_cells_with_their_scope() {
    let outer = Obj::new_function("outer", &OUTER, outer, vec![], vec![]);
    let inner = outer.call(&[]).unwrap();
    assert_eq!(
        show(inner.call(&[])),
        "2",
        "the cell, not the value at `def`"
    );
    let closure = inner.getattr("__closure__").unwrap();
    assert_eq!(closure.len().unwrap(), 1);
    let cell = closure.get_item(&i(0)).unwrap();
    let x = cell.getattr("cell_contents").unwrap();
    assert_eq!(show(Ok(x.clone())), "2");
    assert_eq!(
        cell.repr().unwrap(),
        format!("<cell at {:#x}: int object at {:#x}>", cell.id(), x.id())
    );
    cell.setattr("cell_contents", &i(3)).unwrap();
    assert_eq!(show(inner.call(&[])), "3");
    PyCell::of(&cell).unwrap().clear();
    let err = inner.call(&[]).unwrap_err();
    assert!(err.is_instance(&NAME_ERROR));
    assert!(!err.is_instance(&UNBOUND_LOCAL_ERROR));
    assert_eq!(
        err.to_string(),
        "NameError: cannot access free variable 'x' where it is not associated with a value in enclosing scope"
    );
    assert_eq!(
        cell.repr().unwrap(),
        format!("<cell at {:#x}: empty>", cell.id())
    );
    assert_eq!(
        show(cell.getattr("cell_contents")),
        "!! ValueError: Cell is empty"
    );
    assert_eq!(cell.type_name(), "cell");
}

#[test]
fn an_empty_cell_read_in_its_own_scope_is_an_unbound_local() {
    let cell = Obj::new_cell(None);
    let cell = PyCell::of(&cell).unwrap();
    let err = cell.load_local("x").unwrap_err();
    assert!(err.is_instance(&UNBOUND_LOCAL_ERROR));
    assert_eq!(
        err.to_string(),
        "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"
    );
    assert!(cell.delete("x", false).is_err());
    cell.set(s("v"));
    cell.delete("x", false).unwrap();
    assert!(cell.get().is_none());
    assert!(PyCell::of(&i(1)).is_err(), "a SystemError, not a panic");
}

// def outer():
//     def inner(): return inner
//     return inner
fn self_referencing(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let function = PyFunction::of(f)?;
    function.bind(args)?;
    function.closure_cell(0)?.load_free("inner")
}

#[test]
fn a_recursive_closure_is_a_cycle_the_collector_frees() {
    gc::collect();
    let cell = Obj::new_cell(None);
    let inner = Obj::new_function(
        "outer.<locals>.inner",
        &NONE,
        self_referencing,
        vec![],
        vec![cell.clone()],
    );
    PyCell::of(&cell).unwrap().set(inner.clone());
    assert!(inner.call(&[]).unwrap().is(&inner));
    let weak = Gc::downgrade(&inner.clone().downcast::<PyFunction>().ok().unwrap());
    drop((cell, inner));
    assert!(weak.upgrade().is_some(), "kept alive by its cycle");
    // The function and its cell (CPython also counts the closure tuple: pyobj keeps the
    // closure inline in the function object).
    assert_eq!(gc::collect(), 2);
    assert!(weak.upgrade().is_none());
}

// class A: def m(self, x): return (self, x)
fn m(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this, x] = PyFunction::of(f)?.bind_array(args)?;
    Ok(Obj::tuple([this, x]))
}

#[test]
fn bound_methods_prepend_their_instance() {
    let func = Obj::new_function("A.m", &SELF_X, m, vec![], vec![]);
    let owner = s("owner");
    let method = PyMethod::bind(func.clone(), owner.clone());
    assert_eq!(show(method.call(&[i(1)])), "('owner', 1)");
    assert_eq!(
        show(method.call_with(&Args::new(&[], &[("x", i(2))]))),
        "('owner', 2)"
    );
    assert_eq!(
        show(method.call(&[i(1), i(2)])),
        "!! TypeError: A.m() takes 2 positional arguments but 3 were given"
    );
    assert_eq!(method.repr().unwrap(), "<bound method A.m of 'owner'>");
    assert_eq!(method.type_name(), "method");
    assert!(method.getattr("__self__").unwrap().is(&owner));
    assert!(method.getattr("__func__").unwrap().is(&func));
    assert_eq!(show(method.getattr("__name__")), "'m'");
    assert_eq!(show(method.getattr("__qualname__")), "'A.m'");
    assert_eq!(
        show(method.getattr("y")),
        "!! AttributeError: 'function' object has no attribute 'y'"
    );
    let again = PyMethod::bind(func.clone(), owner.clone());
    assert!(method.eq(&again).unwrap(), "a.m == a.m");
    assert!(!method.is(&again), "a.m is not a.m");
    assert_eq!(method.hash().unwrap(), again.hash().unwrap());
    let other = PyMethod::bind(func, s("other"));
    assert!(!method.eq(&other).unwrap());
}

#[test]
fn functions_and_methods_are_weakly_referenceable() {
    let func = Obj::new_function("A.m", &SELF_X, m, vec![], vec![]);
    let typed = func.clone().downcast::<PyFunction>().ok().unwrap();
    let weak = Gc::downgrade(&typed);
    drop((typed, func));
    assert!(weak.upgrade().is_none());
}
