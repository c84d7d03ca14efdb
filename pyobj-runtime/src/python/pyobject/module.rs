//! `module`: a namespace object (`import gc` gives one), its attributes kept in a dict.
//!
//! The modules pyobj provides are made by [`crate::modules`]; this file is the object
//! type only: `repr` `<module 'gc' (built-in)>`, attributes read from and written to
//! the module's dict (`gc.garbage`, `gc.x = 1`, `del gc.x`), `__name__` and `__dict__`.

use super::instance::AttrSite;
use super::typeobject::PyType;
use super::{Obj, PyDict};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The value of a `module` object: its name and its namespace.
pub struct PyModule {
    name: &'static str,
    /// A `dict` object: the module's attributes.
    dict: Obj,
}

impl PyModule {
    /// A new module named `name` with the attributes `attributes`.
    pub(crate) fn new_object(
        name: &'static str,
        attributes: impl IntoIterator<Item = (&'static str, Obj)>,
    ) -> PyResult<Obj> {
        let dict = Obj::dict_from(
            std::iter::once(("__name__", Obj::from(name)))
                .chain(attributes)
                .map(|(key, value)| (Obj::from(key), value)),
        )?;
        Ok(Obj::new(PyModule { name, dict }))
    }

    /// The module's name (`'gc'`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The module's namespace (`module.__dict__`), a `dict` object.
    pub fn dict(&self) -> &Obj {
        &self.dict
    }
}

impl Trace for PyModule {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&MODULE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.dict.trace(tracer);
    }
}

/// `module.name` in generated code when the module's dict holds `name` as an exact
/// str key (what `module_getattr` would return), looked for first where `site` found
/// it last; `None` for anything else (the general path answers).
pub(crate) fn cached_module_attr(obj: &Obj, name: &str, site: &AttrSite) -> Option<Obj> {
    let module = obj.downcast_ref::<PyModule>()?;
    if name == "__dict__" {
        return None;
    }
    let (value, position) = module
        .dict
        .downcast_ref::<PyDict>()?
        .get_str_at(name, site.guess())?;
    site.remember(position);
    Some(value)
}

fn module_of(obj: &Obj) -> PyResult<&PyModule> {
    obj.value_as::<PyModule>()
}

/// `AttributeError: module 'gc' has no attribute 'x'`.
fn no_module_attribute(module: &PyModule, name: &str) -> PyErr {
    PyErr::attribute_error(format!(
        "module '{}' has no attribute '{name}'",
        module.name
    ))
}

/// `module`.
pub(crate) static MODULE_TYPE: PyType = PyType {
    name: "module",
    repr: Some(|obj| Ok(format!("<module '{}' (built-in)>", module_of(obj)?.name))),
    getattr: Some(module_getattr),
    setattr: Some(module_setattr),
    weakrefable: true,
    ..PyType::BLANK
};

fn module_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let module = module_of(obj)?;
    if name == "__dict__" {
        return Ok(Some(module.dict.clone()));
    }
    let dict = module.dict.value_as::<PyDict>()?;
    if let Some((value, _)) = dict.get_str_at(name, 0) {
        return Ok(Some(value));
    }
    match dict.get(&Obj::from(name))? {
        Some(value) => Ok(Some(value)),
        // Left to the generic lookup, which knows `__class__`.
        None if name == "__class__" => Ok(None),
        None => Err(no_module_attribute(module, name)),
    }
}

fn module_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let module = module_of(obj)?;
    let key = Obj::from(name);
    match value {
        Some(value) => module.dict.set_item(&key, value),
        None => {
            let dict = module.dict.value_as::<PyDict>()?;
            if dict.get(&key)?.is_none() {
                // CPython's generic text here, not the module's own.
                return Err(PyErr::no_attribute(obj, name));
            }
            module.dict.del_item(&key)
        }
    }
}

impl Obj {
    /// Any object as an `Obj`, for the lists of the gc module (`gc.garbage`,
    /// `gc.get_objects()`): a Python object as itself; a value that is not a Python
    /// object (a plain `Gc<T>`) as an opaque one, whose Python type reads as `object`
    /// (`<object object at 0x...>`), so that the lists can name every object, as
    /// CPython's do.
    pub(crate) fn from_any_lenient(any: crate::AnyGc) -> Obj {
        Obj(any)
    }
}
