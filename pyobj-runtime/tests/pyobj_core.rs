//! Step 1 of the object model: `Obj`, types, and exceptions.
//!
//! An `Obj` is one pointer over the same heap and collector as `Gc<T>`; its type is a
//! static table reached from the object's vtable; every Python error is a `PyErr`
//! carrying an exception object with CPython 3.11's text.

mod pyobj_support;

use pyobj_runtime::exceptions::{
    BASE_EXCEPTION, EXCEPTION, INDEX_ERROR, KEY_ERROR, LOOKUP_ERROR, STOP_ITERATION, TYPE_ERROR,
    VALUE_ERROR,
};
use pyobj_runtime::{AnyGc, Gc, Obj, PyErr, PyList, builtins, gc};
use pyobj_support::{i, list, none, s};

#[test]
fn an_obj_is_one_pointer() {
    assert_eq!(size_of::<Obj>(), size_of::<usize>());
    assert_eq!(size_of::<Option<Obj>>(), size_of::<usize>());
}

#[test]
fn names_share_one_object_and_count_references() {
    let a = list([i(1), i(2), i(3)]); // a = [1, 2, 3]
    assert_eq!(a.refcount(), 1);
    let b = a.clone(); // b = a
    assert!(a.is(&b));
    assert_eq!(a.id(), b.id());
    assert_eq!(a.refcount(), 2);
    drop(b); // del b
    assert_eq!(a.refcount(), 1);
}

#[test]
fn an_obj_converts_to_a_typed_gc_and_back() {
    let a = list([i(1)]);
    let typed: Gc<PyList> = a.clone().downcast::<PyList>().expect("a list");
    assert_eq!(typed.len(), 1);
    let back = Obj::from(typed);
    assert!(back.is(&a));
    assert!(a.clone().downcast::<pyobj_runtime::PyDict>().is_err());
    assert!(a.downcast_ref::<PyList>().is_some());
}

#[test]
fn a_handle_to_a_rust_value_is_not_an_obj() {
    let plain = Gc::into_any(Gc::new(42_i64));
    assert!(Obj::from_any(plain).is_err());
    let list_any: AnyGc = list([]).into_any();
    assert!(Obj::from_any(list_any).is_ok());
}

#[test]
fn types_are_objects_with_identity() {
    let int_type = builtins::type_(&i(1));
    assert!(int_type.is(&builtins::type_(&i(2))));
    assert!(!int_type.is(&builtins::type_(&s("x"))));
    assert_eq!(int_type.repr().unwrap(), "<class 'int'>");
    assert_eq!(builtins::type_(&int_type).repr().unwrap(), "<class 'type'>");
    assert_eq!(i(1).type_name(), "int");
    assert_eq!(none().type_name(), "NoneType");
    assert_eq!(
        int_type.getattr("__name__").unwrap().repr().unwrap(),
        "'int'"
    );
}

#[test]
fn the_collector_sees_objs() {
    gc::collect();
    let a = list([]);
    a.call_method("append", std::slice::from_ref(&a)).unwrap(); // a.append(a)
    assert_eq!(a.repr().unwrap(), "[[...]]");
    assert!(a.is_tracked());
    drop(a); // del a: the count stays at 1
    assert_eq!(gc::collect(), 1);
}

#[test]
fn exceptions_print_as_cpython_prints_them() {
    let key = |arg: Obj| Ok(PyErr::key_error(arg).into_value());
    table! {
        "KeyError('a')" => key(s("a")) => "KeyError('a')";
        "str(KeyError('a'))" => key(s("a")).and_then(|e| e.str()).map(Obj::from) => "\"'a'\"";
        "TypeError()" => Ok(PyErr::with_args(&TYPE_ERROR, vec![]).into_value()) => "TypeError()";
        "TypeError('a', 1)" => Ok(PyErr::with_args(&TYPE_ERROR, vec![s("a"), i(1)]).into_value()) => "TypeError('a', 1)";
        "str(TypeError('a', 1))" => PyErr::with_args(&TYPE_ERROR, vec![s("a"), i(1)]).into_value().str().map(Obj::from) => "\"('a', 1)\"";
        "str(ValueError('bad'))" => PyErr::value_error("bad").into_value().str().map(Obj::from) => "'bad'";
        "ValueError('bad').args" => PyErr::value_error("bad").into_value().getattr("args") => "('bad',)";
        "StopIteration(5).value" => PyErr::stop_iteration(Some(i(5))).into_value().getattr("value") => "5";
        "StopIteration().value" => PyErr::stop_iteration(None).into_value().getattr("value") => "None";
        "type(KeyError('a'))" => Ok(builtins::type_(PyErr::key_error(s("a")).value())) => "<class 'KeyError'>";
        "KeyError.__base__" => builtins::type_(PyErr::key_error(s("a")).value()).getattr("__base__") => "<class 'LookupError'>";
        "KeyError('a').foo" => PyErr::key_error(s("a")).into_value().getattr("foo") => "!! AttributeError: 'KeyError' object has no attribute 'foo'";
        "IndexError('x', 'y')" => builtins::get("IndexError").unwrap().call(&[s("x"), s("y")]) => "IndexError('x', 'y')";
    }
}

#[test]
fn a_pyerr_displays_as_the_last_line_of_a_traceback() {
    assert_eq!(PyErr::key_error(s("a")).to_string(), "KeyError: 'a'");
    assert_eq!(PyErr::stop_iteration(None).to_string(), "StopIteration");
    assert_eq!(
        PyErr::name_error("a").to_string(),
        "NameError: name 'a' is not defined"
    );
    assert_eq!(
        PyErr::unbound_local_error("x").to_string(),
        "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"
    );
    assert_eq!(
        PyErr::no_attribute(&i(1), "foo").to_string(),
        "AttributeError: 'int' object has no attribute 'foo'"
    );
    assert_eq!(
        PyErr::zero_division_error("division by zero").to_string(),
        "ZeroDivisionError: division by zero"
    );
    assert_eq!(PyErr::assertion_error(None).to_string(), "AssertionError");
}

#[test]
fn exceptions_are_caught_by_their_base_types() {
    let error = list([]).get_item(&i(0)).unwrap_err(); // [][0]
    assert!(error.is_instance(&INDEX_ERROR));
    assert!(error.is_instance(&LOOKUP_ERROR));
    assert!(error.is_instance(&EXCEPTION));
    assert!(error.is_instance(&BASE_EXCEPTION));
    assert!(!error.is_instance(&KEY_ERROR));
    assert!(!error.is_instance(&VALUE_ERROR));
    assert!(PyErr::stop_iteration(None).is_instance(&STOP_ITERATION));
    assert_eq!(error.message(), "list index out of range");
    assert!(error.value().is_instance(&LOOKUP_ERROR));
}

#[test]
fn raising_something_that_is_not_an_exception_is_a_type_error() {
    let error = PyErr::from_value(i(1)); // raise 1
    assert_eq!(
        error.to_string(),
        "TypeError: exceptions must derive from BaseException"
    );
    let key_error = builtins::get("KeyError").unwrap();
    let error = PyErr::from_value(key_error); // raise KeyError
    assert!(error.is_instance(&KEY_ERROR));
    assert_eq!(error.to_string(), "KeyError");
}

#[test]
fn python_errors_are_results_never_panics() {
    table! {
        "len(5)" => builtins::len(&i(5)) => "!! TypeError: object of type 'int' has no len()";
        "(5)[0]" => i(5).get_item(&i(0)) => "!! TypeError: 'int' object is not subscriptable";
        "(5)()" => i(5).call(&[]) => "!! TypeError: 'int' object is not callable";
        "iter(5)" => i(5).iter() => "!! TypeError: 'int' object is not iterable";
        "next([])" => list([]).next_item().map(|x| x.unwrap_or_else(none)) => "!! TypeError: 'list' object is not an iterator";
        "(1,)[0] = 2" => tuple_set() => "!! TypeError: 'tuple' object does not support item assignment";
        "del (1,)[0]" => pyobj_support::tuple([i(1)]).del_item(&i(0)).map(|()| none()) => "!! TypeError: 'tuple' object doesn't support item deletion";
        "1 in 5" => i(5).contains(&i(1)).map(Obj::from) => "!! TypeError: argument of type 'int' is not iterable";
        "-[]" => list([]).neg() => "!! TypeError: bad operand type for unary -: 'list'";
        "~1.5" => pyobj_support::f(1.5).invert() => "!! TypeError: bad operand type for unary ~: 'float'";
        "abs('a')" => s("a").abs() => "!! TypeError: bad operand type for abs(): 'str'";
        "[].foo" => list([]).getattr("foo") => "!! AttributeError: 'list' object has no attribute 'foo'";
        "None < None" => none().rich_compare(&none(), pyobj_runtime::CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'";
        "hash([])" => builtins::hash(&list([])) => "!! TypeError: unhashable type: 'list'";
        "type(None)(1)" => builtins::type_(&none()).call(&[i(1)]) => "!! TypeError: NoneType takes no arguments";
    }
}

fn tuple_set() -> pyobj_runtime::PyResult<Obj> {
    pyobj_support::tuple([i(1)])
        .set_item(&i(0), &i(2))
        .map(|()| none())
}

#[test]
fn methods_are_bound_objects() {
    let a = list([]);
    let append = a.getattr("append").unwrap();
    let text = append.repr().unwrap();
    assert!(
        text.starts_with("<built-in method append of list object at 0x"),
        "{text}"
    );
    append.call(&[i(1)]).unwrap();
    assert_eq!(a.repr().unwrap(), "[1]");
    assert!(a.hasattr("append").unwrap());
    assert!(!a.hasattr("nope").unwrap());
    let object_repr = builtins::get("len").unwrap().repr().unwrap();
    assert_eq!(object_repr, "<built-in function len>");
}
