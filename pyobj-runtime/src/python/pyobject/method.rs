//! Builtin functions and methods as objects (`len`, `[].append`):
//! `builtin_function_or_method`; and what the methods and data attributes of a builtin
//! type are when read on the type (`str.upper`, `int.real`): `method_descriptor` and
//! `getset_descriptor`.
//!
//! `obj.append` makes a bound method that holds `obj`, as CPython's does; calling a
//! method through [`Obj::call_method`] skips making it. `list.append` is an unbound
//! method descriptor: called with the list first (`list.append(l, x)`), or read through
//! an instance of a class that stores it (it binds, as a function does).

use super::typeobject::{Method, MethodKind, PyType, as_type};
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// A builtin method bound to its object (`[].append`).
pub struct PyBuiltinMethod {
    owner: Obj,
    method: &'static Method,
}

impl PyBuiltinMethod {
    pub(crate) fn bind(owner: Obj, method: &'static Method) -> Obj {
        Obj::new(PyBuiltinMethod { owner, method })
    }

    /// Whether this is a static method of a builtin type (`str.maketrans`), held by the
    /// type object that defines it: its `__self__` is `None`.
    fn is_static(&self) -> bool {
        as_type(&self.owner).is_some_and(|ty| {
            ty.method_owner(self.method.name)
                .is_some_and(|(owner, method)| {
                    std::ptr::eq(method, self.method)
                        && owner.method_kind(method.name) == Some(MethodKind::Static)
                })
        })
    }
}

/// A builtin function (`len`).
pub struct PyBuiltinFunction {
    name: &'static str,
    call: fn(&Args<'_>) -> PyResult<Obj>,
}

impl PyBuiltinFunction {
    /// An immortal builtin function object named `name` (the builtins module's).
    pub(crate) fn new_immortal(name: &'static str, call: fn(&Args<'_>) -> PyResult<Obj>) -> Obj {
        Obj::new_immortal(PyBuiltinFunction { name, call })
    }
}

impl Trace for PyBuiltinMethod {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BUILTIN_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.owner.trace(tracer);
    }
}

/// The one vtable of every `PyBuiltinFunction` (a downcast is one comparison of addresses).
static PYBUILTINFUNCTION_VTABLE: crate::refcount::StaticVTable<PyBuiltinFunction> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyBuiltinFunction {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> =
        Some(PYBUILTINFUNCTION_VTABLE.get());
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BUILTIN_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `builtin_function_or_method`.
static BUILTIN_TYPE: PyType = PyType {
    name: "builtin_function_or_method",
    repr: Some(builtin_repr),
    call: Some(builtin_call),
    getattr: Some(|obj, name| {
        Ok(match name {
            "__name__" => builtin_name(obj).map(Obj::from),
            "__self__" => Some(
                obj.downcast_ref::<PyBuiltinMethod>()
                    .filter(|m| !m.is_static())
                    .map_or_else(Obj::none, |m| m.owner.clone()),
            ),
            _ => None,
        })
    }),
    ..PyType::BLANK
};

fn builtin_name(obj: &Obj) -> Option<&'static str> {
    if let Some(method) = obj.downcast_ref::<PyBuiltinMethod>() {
        return Some(method.method.name);
    }
    obj.downcast_ref::<PyBuiltinFunction>().map(|f| f.name)
}

/// `<built-in method append of list object at 0x...>`, `<built-in function len>`.
fn builtin_repr(obj: &Obj) -> PyResult<String> {
    if let Some(method) = obj.downcast_ref::<PyBuiltinMethod>() {
        return Ok(format!(
            "<built-in method {} of {} object at {:#x}>",
            method.method.name,
            method.owner.type_name(),
            method.owner.id()
        ));
    }
    Ok(format!(
        "<built-in function {}>",
        builtin_name(obj).unwrap_or("?")
    ))
}

fn builtin_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    if let Some(method) = obj.downcast_ref::<PyBuiltinMethod>() {
        return (method.method.call)(&method.owner, args);
    }
    let function = obj.value_as::<PyBuiltinFunction>()?;
    (function.call)(args)
}

/// An instance method of a builtin type read on the type (`str.upper`): CPython's
/// `method_descriptor`, called with the instance first.
pub struct PyMethodDescriptor {
    /// The type that defines the method (`int` for `bool.bit_length`).
    owner: &'static PyType,
    method: &'static Method,
}

impl PyMethodDescriptor {
    /// The descriptor of `owner`'s method `method`.
    pub(crate) fn new_object(owner: &'static PyType, method: &'static Method) -> Obj {
        Obj::new(PyMethodDescriptor { owner, method })
    }

    /// `TypeError: descriptor 'upper' for 'str' objects doesn't apply to a 'int'
    /// object` unless `obj` is an instance of the method's type.
    fn check(&self, obj: &Obj) -> PyResult<()> {
        if obj.py_type().is_subtype(self.owner) {
            return Ok(());
        }
        Err(PyErr::type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            self.method.name,
            self.owner.name(),
            obj.type_name()
        )))
    }

    /// `str.upper`: the type's short name, a dot, the method's name.
    fn qualname(&self) -> String {
        let short = self.owner.name().rsplit('.').next().unwrap_or_default();
        format!("{short}.{}", self.method.name)
    }
}

impl Trace for PyMethodDescriptor {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&METHOD_DESCRIPTOR_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `method_descriptor`.
static METHOD_DESCRIPTOR_TYPE: PyType = PyType {
    name: "method_descriptor",
    repr: Some(|obj| {
        let descriptor = obj.value_as::<PyMethodDescriptor>()?;
        Ok(format!(
            "<method '{}' of '{}' objects>",
            descriptor.method.name,
            descriptor.owner.name()
        ))
    }),
    call: Some(method_descriptor_call),
    getattr: Some(|obj, name| {
        let descriptor = obj.value_as::<PyMethodDescriptor>()?;
        Ok(match name {
            "__name__" => Some(Obj::from(descriptor.method.name)),
            "__qualname__" => Some(Obj::from(descriptor.qualname().as_str())),
            "__objclass__" => Some(descriptor.owner.to_object()),
            _ => None,
        })
    }),
    // Stored on a class, it binds to the instance it is read through, after the check.
    descr_get: Some(|obj, instance, _| {
        let descriptor = obj.value_as::<PyMethodDescriptor>()?;
        match instance {
            None => Ok(obj.clone()),
            Some(instance) => {
                descriptor.check(instance)?;
                Ok(PyBuiltinMethod::bind(instance.clone(), descriptor.method))
            }
        }
    }),
    ..PyType::BLANK
};

/// `str.upper("abc")`: the method, called with the first argument as its object;
/// `TypeError: unbound method str.upper() needs an argument` without one.
fn method_descriptor_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let descriptor = obj.value_as::<PyMethodDescriptor>()?;
    let [this, rest @ ..] = args.positional() else {
        return Err(PyErr::type_error(format!(
            "unbound method {}() needs an argument",
            descriptor.qualname()
        )));
    };
    descriptor.check(this)?;
    (descriptor.method.call)(this, &Args::new(rest, args.keywords()))
}

/// A data attribute of a builtin type read on the type (`int.real`): CPython's
/// `getset_descriptor`, which reads the attribute of an instance
/// (`int.real.__get__(5)` in CPython; here, when stored on a class and read through an
/// instance).
pub struct PyGetSetDescriptor {
    /// The type whose `getattr` slot gives the attribute.
    owner: &'static PyType,
    name: &'static str,
}

impl PyGetSetDescriptor {
    /// The descriptor of `owner`'s data attribute `name`.
    pub(crate) fn new_object(owner: &'static PyType, name: &'static str) -> Obj {
        Obj::new(PyGetSetDescriptor { owner, name })
    }

    fn check(&self, obj: &Obj) -> PyResult<()> {
        if obj.py_type().is_subtype(self.owner) {
            return Ok(());
        }
        Err(PyErr::type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            self.name,
            self.owner.name(),
            obj.type_name()
        )))
    }
}

impl Trace for PyGetSetDescriptor {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&GETSET_DESCRIPTOR_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `getset_descriptor`.
static GETSET_DESCRIPTOR_TYPE: PyType = PyType {
    name: "getset_descriptor",
    repr: Some(|obj| {
        let descriptor = obj.value_as::<PyGetSetDescriptor>()?;
        Ok(format!(
            "<attribute '{}' of '{}' objects>",
            descriptor.name,
            descriptor.owner.name()
        ))
    }),
    getattr: Some(|obj, name| {
        let descriptor = obj.value_as::<PyGetSetDescriptor>()?;
        Ok(match name {
            "__name__" => Some(Obj::from(descriptor.name)),
            "__objclass__" => Some(descriptor.owner.to_object()),
            _ => None,
        })
    }),
    descr_get: Some(|obj, instance, _| {
        let descriptor = obj.value_as::<PyGetSetDescriptor>()?;
        let Some(instance) = instance else {
            return Ok(obj.clone());
        };
        descriptor.check(instance)?;
        let value = match descriptor.owner.getattr {
            Some(getattr) => getattr(instance, descriptor.name)?,
            None => None,
        };
        value.ok_or_else(|| PyErr::no_attribute(instance, descriptor.name))
    }),
    // A data descriptor, read-only: `AttributeError: attribute 'real' of 'int' objects
    // is not writable`.
    descr_set: Some(|obj, instance, _| {
        let descriptor = obj.value_as::<PyGetSetDescriptor>()?;
        descriptor.check(instance)?;
        Err(PyErr::attribute_error(format!(
            "attribute '{}' of '{}' objects is not writable",
            descriptor.name,
            descriptor.owner.name()
        )))
    }),
    ..PyType::BLANK
};
