//! Builtin functions and methods as objects (`len`, `[].append`):
//! `builtin_function_or_method`.
//!
//! `obj.append` makes a bound method that holds `obj`, as CPython's does; calling a
//! method through [`Obj::call_method`] skips making it.

use super::typeobject::{Method, PyType};
use super::{Args, Obj};
use crate::exceptions::PyResult;
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

impl Trace for PyBuiltinFunction {
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
