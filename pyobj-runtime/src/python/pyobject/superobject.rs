//! `super(type, obj)` and `super(type, type2)`.
//!
//! A `super` object remembers a class (`__thisclass__`), an object (`__self__`) and the
//! class whose method resolution order is searched (`__self_class__`: `type(obj)`, or
//! `type2` itself). Reading an attribute from it searches that order **after**
//! `__thisclass__` (so with several bases, `super()` in `B` may reach `B`'s sibling):
//! the classes' own namespaces first, then the builtin type the chain ends at
//! (`object`: `__init__`, `__new__`; an exception type: `__init__`, see
//! [`exception_init`]). What it finds is read as through `obj` (see the
//! [descriptor protocol](super::descriptor)): a function binds to `obj`, a class method
//! to the class, a property calls its getter; through `super(type, type2)` a function
//! stays unbound.
//!
//! So `super(B, self).__init__()` in a chain `C(B)`, `B(A)`, `A` calls `A.__init__` with
//! `self`, and reaches `object.__init__` when no class after `B` defines one.
//!
//! The zero-argument form `super()` is rewritten by `pyblock!` into `super(Class,
//! self)` (the class by its name, the method's first parameter); at run time it raises
//! CPython's `RuntimeError: super(): no arguments`. `super(type)` (unbound) is accepted
//! and has the attributes `__thisclass__`, `__self__` and `__self_class__` only.

use super::class::PyClass;
use super::typeobject::{Method, OBJECT_TYPE, PyType, as_type};
use super::{Args, Obj, PyBuiltinMethod};
use crate::exceptions::{BASE_EXCEPTION, PyBaseException, PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// A `super` object.
pub struct PySuper {
    /// `__thisclass__`: the search starts after it.
    thisclass: Obj,
    /// `__self__` (`None` for an unbound `super(type)`).
    object: Option<Obj>,
    /// `__self_class__`: the class whose chain is searched.
    object_type: Option<Obj>,
}

impl PySuper {
    /// `super(thisclass, object)`, checked as CPython's `super_init` does.
    pub fn make(thisclass: &Obj, object: &Obj) -> PyResult<Obj> {
        let Some(this_table) = as_type(thisclass) else {
            return Err(PyErr::type_error(format!(
                "super() argument 1 must be a type, not {}",
                thisclass.type_name()
            )));
        };
        if object.is_none() {
            return Ok(Obj::new(PySuper {
                thisclass: thisclass.clone(),
                object: None,
                object_type: None,
            }));
        }
        let object_type = check(this_table, object)?;
        Ok(Obj::new(PySuper {
            thisclass: thisclass.clone(),
            object: Some(object.clone()),
            object_type: Some(object_type),
        }))
    }

    /// `__thisclass__`.
    pub fn this_class(&self) -> &Obj {
        &self.thisclass
    }

    /// `__self__`, if bound.
    pub fn object(&self) -> Option<&Obj> {
        self.object.as_ref()
    }
}

/// CPython's `supercheck`: the class to search, `object` itself if it is a subclass of
/// `this` (`super(type, type2)`), else `type(object)` if `object` is an instance of
/// `this`.
fn check(this: &'static PyType, object: &Obj) -> PyResult<Obj> {
    if let Some(object_table) = as_type(object)
        && object_table.is_subtype(this)
    {
        return Ok(object.clone());
    }
    if let Some(class) = super::instance_class(object) {
        if class.as_type().is_some_and(|class| class.is_subtype(this)) {
            return Ok(class.clone());
        }
    } else if object.py_type().is_subtype(this) {
        return Ok(object.py_type().to_object());
    }
    Err(PyErr::type_error(
        "super(type, obj): obj must be an instance or subtype of type",
    ))
}

impl Trace for PySuper {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SUPER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.thisclass.trace(tracer);
        self.object.trace(tracer);
        self.object_type.trace(tracer);
    }
}

/// `super`.
pub(crate) static SUPER_TYPE: PyType = PyType {
    name: "super",
    new: Some(super_new),
    repr: Some(super_repr),
    getattr: Some(super_getattr),
    ..PyType::BLANK
};

/// `super(type, obj)`: `TypeError: super() takes no keyword arguments`, `super()
/// expected at most 2 arguments, got 3`, `RuntimeError: super(): no arguments`.
fn super_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("super")?;
    match args.positional_between("super()", 0, 2)? {
        [] => Err(PyErr::runtime_error("super(): no arguments")),
        [thisclass] => PySuper::make(thisclass, &Obj::none()),
        [thisclass, object, ..] => PySuper::make(thisclass, object),
    }
}

/// `<super: <class 'B'>, <C object>>`, `<super: <class 'B'>, NULL>`.
fn super_repr(obj: &Obj) -> PyResult<String> {
    let sup = obj.value_as::<PySuper>()?;
    let this = as_type(&sup.thisclass).map_or("?", PyType::name);
    Ok(match &sup.object_type {
        Some(object_type) => format!(
            "<super: <class '{this}'>, <{} object>>",
            as_type(object_type).map_or("?", PyType::name)
        ),
        None => format!("<super: <class '{this}'>, NULL>"),
    })
}

/// What a search after `__thisclass__` found.
enum Found {
    /// A value in a class's namespace.
    Value(Obj),
    /// Nothing in the classes; the builtin type the chain ends at is searched next.
    Builtin(&'static PyType),
}

/// `super(...).name`.
fn super_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let sup = obj.value_as::<PySuper>()?;
    match name {
        "__thisclass__" => return Ok(Some(sup.thisclass.clone())),
        "__self__" => return Ok(Some(sup.object.clone().unwrap_or_else(Obj::none))),
        "__self_class__" => return Ok(Some(sup.object_type.clone().unwrap_or_else(Obj::none))),
        // The `super` object's own class, as CPython's `super_getattro` does.
        "__class__" => return Ok(None),
        _ => {}
    }
    let (Some(object), Some(object_type)) = (&sup.object, &sup.object_type) else {
        return Ok(None);
    };
    // Read through the instance, or on the class for `super(type, type2)`.
    let instance = (!object.is(object_type)).then_some(object);
    match search(object_type, &sup.thisclass, name) {
        Some(Found::Value(value)) => {
            super::descriptor::descr_get(value, instance, object_type).map(Some)
        }
        Some(Found::Builtin(builtin)) => {
            Ok(builtin_attribute(builtin, &sup.thisclass, name, instance))
        }
        None => Ok(None),
    }
}

/// `super(...).name(*args)` when `name` is found as a plain function on a class after
/// `__thisclass__` and the super object is bound to an instance: the function called
/// with the instance first, without the bound method `super_getattr` would make for
/// the call (`descr_get` of a function). `None` for anything else (nothing is called).
pub(crate) fn call_method(obj: &Obj, name: &str, args: &Args<'_>) -> Option<PyResult<Obj>> {
    let sup = obj.downcast_ref::<PySuper>()?;
    if matches!(
        name,
        "__thisclass__" | "__self__" | "__self_class__" | "__class__"
    ) {
        return None;
    }
    let (Some(object), Some(object_type)) = (&sup.object, &sup.object_type) else {
        return None;
    };
    if object.is(object_type) {
        return None;
    }
    let Some(Found::Value(value)) = search(object_type, &sup.thisclass, name) else {
        return None;
    };
    let function = value.downcast_ref::<super::PyFunction>()?;
    Some(super::class::call_function_with_first(
        function, &value, object, args,
    ))
}

/// Searches `name` in the method resolution order of `start` after `this`: the
/// classes' namespaces; the first builtin type met after `this` ends the search (for
/// [`builtin_attribute`]), as when `start` is a builtin type.
fn search(start: &Obj, this: &Obj, name: &str) -> Option<Found> {
    let this_table = as_type(this)?;
    let Some(class) = start.downcast_ref::<PyClass>() else {
        return as_type(start).map(Found::Builtin);
    };
    let order = std::iter::once(start).chain(class.mro());
    let mut after = false;
    for entry in order {
        match entry.downcast_ref::<PyClass>() {
            Some(class) if after => {
                if let Some(value) = class.own_attr(name) {
                    return Some(Found::Value(value));
                }
            }
            Some(class) => after = std::ptr::eq(class.table(), this_table),
            None => return as_type(entry).map(Found::Builtin),
        }
    }
    None
}

/// `name` on the builtin types from `builtin` up (skipping `this` and what comes
/// before it when `this` is one of them): `__init__` and `__new__` of `object`,
/// `__init__` of the exceptions.
fn builtin_attribute(
    builtin: &'static PyType,
    this: &Obj,
    name: &str,
    instance: Option<&Obj>,
) -> Option<Obj> {
    let this_table = as_type(this)?;
    let mut after = !builtin.mro().any(|ty| std::ptr::eq(ty, this_table));
    for ty in builtin.mro() {
        if !after {
            after = std::ptr::eq(ty, this_table);
            continue;
        }
        if std::ptr::eq(ty, &OBJECT_TYPE) {
            return super::typeobject::object_attribute(name, instance)
                .or_else(|| super::slotwrapper::slot_wrapper(ty, name, instance));
        }
        if name == "__init__" && ty.is_subtype(&BASE_EXCEPTION) {
            return Some(match instance {
                Some(instance) => PyBuiltinMethod::bind(instance.clone(), &EXCEPTION_INIT),
                None => PyBuiltinMethod::bind(ty.to_object(), &EXCEPTION_INIT_UNBOUND),
            });
        }
        // A builtin type's own method (`super().__init__(items)` and `super().append(x)`
        // in a class deriving from `list`), bound to the instance.
        if let Some(instance) = instance
            && let Some(method) = ty.methods.iter().find(|method| method.name == name)
        {
            return Some(PyBuiltinMethod::bind(instance.clone(), method));
        }
        if let Some(wrapper) = super::slotwrapper::slot_wrapper(ty, name, instance) {
            return Some(wrapper);
        }
    }
    None
}

/// `BaseException.__init__` bound to an exception (`super().__init__(message)` in a
/// class deriving from an exception).
static EXCEPTION_INIT: Method = Method {
    name: "__init__",
    call: exception_init,
};

/// `BaseException.__init__` read through `super(type, type2)`: the exception first.
static EXCEPTION_INIT_UNBOUND: Method = Method {
    name: "__init__",
    call: |_, args| match args.positional() {
        [] => Err(PyErr::type_error(
            "descriptor '__init__' of 'BaseException' object needs an argument",
        )),
        [this, rest @ ..] => exception_init(this, &Args::new(rest, args.keywords())),
    },
};

/// `BaseException.__init__(self, *args)`: CPython sets `self.args`. Here an
/// exception's `args` are fixed when it is made (they are the arguments of the call
/// that made it), so the call is accepted when it passes those same objects (what
/// `super().__init__(*args)` and `super().__init__(message)` do when the class is called
/// with them) and raises `SystemError` otherwise, rather than leave `args` wrong.
fn exception_init(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords(this.type_name())?;
    let current = this
        .downcast_ref::<PyBaseException>()
        .and_then(|exception| exception.args().downcast_ref::<super::PyTuple>())
        .map_or(&[][..], super::PyTuple::as_slice);
    let given = args.positional();
    if given.len() == current.len() && given.iter().zip(current).all(|(a, b)| a.is(b)) {
        return Ok(Obj::none());
    }
    Err(PyErr::system_error(
        "BaseException.__init__() with arguments other than those the exception was made \
         with is not supported (an exception's args are fixed when it is made)",
    ))
}
