//! Descriptors: `staticmethod`, `classmethod`, `property` and the members `__slots__`
//! makes, and the protocol that makes a class attribute more than a value.
//!
//! # The descriptor protocol, as implemented
//! A value found in a class's namespace (or a base's) is not always what an attribute
//! read returns. Its type decides, through two slots of its [`PyType`] (CPython's
//! `tp_descr_get` and `tp_descr_set`):
//!
//! | found on the class | `obj.name` (through an instance) | `A.name` (on the class) |
//! |---|---|---|
//! | a function | a bound method (`obj` first) | the function |
//! | `staticmethod(f)` | `f` | `f` |
//! | `classmethod(f)` | `f` bound to `type(obj)` | `f` bound to `A` |
//! | `property(fget, ...)` | `fget(obj)` | the property |
//! | anything else | the value | the value |
//!
//! A type with a `descr_set` slot is a **data descriptor** (`property`, with or without
//! a setter): it takes precedence over the instance's own attributes. `obj.name` reads
//! through it even when the instance has an attribute of that name, `obj.name = v`
//! calls its setter, `del obj.name` its deleter (CPython's `PyObject_GenericGetAttr`
//! and `PyObject_GenericSetAttr`). Other values (functions, static and class methods,
//! plain values) are looked at only when the instance has no attribute of that name.
//!
//! ## Keeping the plain paths fast
//! Reading or storing an instance's own attribute must not look the class up each
//! time. So a class's table carries bits, [`PyType::descriptor_flags`]:
//! [`PyType::DATA_DESCRIPTORS`] when its namespace or a base's holds a data descriptor,
//! [`PyType::DESCRIPTORS`] when it holds any descriptor other than a function,
//! [`PyType::MEMBERS`] when its instances have `__slots__` members (which read and
//! write the instance's attribute of their name, so that reading an attribute the
//! instance has, or replacing it, stays on the plain path; an instance that holds only
//! its members' values finds a member's index by its name in its class's layout, with
//! no class lookup, unless one of the other bits is set), [`PyType::HOOKS`] for
//! `__getattr__`, `__setattr__` and `__delattr__`. They
//! are computed when the class is made and recomputed when a class attribute is set or
//! deleted (for the class and every class deriving from it). The instance paths
//! (`instance_getattr`, `instance_setattr`, the store compiled code calls) test the
//! first bit and consult the class chain first only when it is set; a class attribute
//! that is not a function (a constant) is returned without looking at its type unless
//! the second bit is set. A method call (`obj.m(...)`) finds a function on the class
//! and calls it without making a bound method, as before; a static or class method
//! found there is called without one too ([`call_unwrapped`]).
//!
//! ## Names of properties
//! When a class is made, each property in its namespace learns the name it is stored
//! under (CPython calls `property.__set_name__`), for the error texts: `AttributeError:
//! property 'x' of 'A' object has no setter`. A property put on a class later, by
//! `A.x = property()`, has no name (`property of 'A' object has no setter`), as in
//! CPython.
//!
//! Not implemented: descriptors defined in Python (classes with `__get__`, `__set__`,
//! `__delete__`), `__set_name__` of other objects, `__isabstractmethod__`, subclasses of
//! `property`.
//!
//! These objects hold functions, which hold their globals: they are tracked by the
//! collector.

use std::cell::RefCell;

use super::typeobject::{Method, OBJECT_TYPE, PyType};
use super::{Args, Obj, PyFunction, PyMethod};
use crate::exceptions::{ATTRIBUTE_ERROR, PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The type table of `value`'s own Rust type (where the descriptor slots are).
#[inline(always)]
fn slots_of(value: &Obj) -> &'static PyType {
    super::any_python_type(value.as_any()).unwrap_or(&OBJECT_TYPE)
}

/// `value`, found on the class `owner`, as read through `instance` (`obj.name`), or on
/// the class itself when `instance` is `None` (`A.name`): CPython's `tp_descr_get`
/// call. A function binds to the instance; other descriptors do what their type says;
/// any other value is returned as it is.
pub(crate) fn descr_get(value: Obj, instance: Option<&Obj>, owner: &Obj) -> PyResult<Obj> {
    if value.is_exact::<PyFunction>() {
        return Ok(match instance {
            Some(instance) => PyMethod::bind(value, instance.clone()),
            None => value,
        });
    }
    descr_get_other(value, instance, owner)
}

/// [`descr_get`] for a value known not to be a function (its caller tested that).
#[inline]
pub(crate) fn descr_get_other(value: Obj, instance: Option<&Obj>, owner: &Obj) -> PyResult<Obj> {
    match slots_of(&value).descr_get {
        Some(get) => get(&value, instance, owner),
        None => Ok(value),
    }
}

/// Whether reading `value` from a class does more than return it (its type has a
/// `descr_get` slot; functions do).
#[inline]
pub(crate) fn has_descr_get(value: &Obj) -> bool {
    value.is_exact::<PyFunction>() || slots_of(value).descr_get.is_some()
}

/// What `value`, in a class namespace, adds to the class's
/// [`PyType::descriptor_flags`]: a `__slots__` member [`PyType::MEMBERS`] (the class
/// module turns it into the data-descriptor bits where it is shadowed), another data
/// descriptor both of those bits, another descriptor that is not a function
/// [`PyType::DESCRIPTORS`], anything else nothing.
pub(crate) fn descriptor_flags(value: &Obj) -> u8 {
    let slots = slots_of(value);
    if value.is_exact::<PyMemberDescriptor>() {
        PyType::MEMBERS
    } else if slots.descr_set.is_some() {
        PyType::DATA_DESCRIPTORS | PyType::DESCRIPTORS
    } else if slots.descr_get.is_some() && !value.is_exact::<PyFunction>() {
        PyType::DESCRIPTORS
    } else {
        0
    }
}

/// Whether `value` is a data descriptor (its type has a `descr_set` slot): in a class
/// namespace, it takes precedence over the instances' own attributes.
#[inline]
pub(crate) fn is_data_descriptor(value: &Obj) -> bool {
    slots_of(value).descr_set.is_some()
}

/// `obj.name = value` (or `del obj.name` when `value` is `None`) through `descriptor`,
/// a data descriptor found on `obj`'s class; `None` if `descriptor` is not one.
pub(crate) fn descr_set(descriptor: &Obj, obj: &Obj, value: Option<&Obj>) -> Option<PyResult<()>> {
    let set = slots_of(descriptor).descr_set?;
    Some(set(descriptor, obj, value))
}

/// Gives `value`, stored in a class namespace under `name` when the class is made, its
/// name if it wants one (CPython's `__set_name__`; only properties do here).
pub(crate) fn set_name(value: &Obj, name: &str) {
    if let Some(property) = value.downcast_ref::<PyProperty>() {
        *property.name.borrow_mut() = Some(name.into());
    }
}

/// `obj.name(*args)` when the class attribute `attr` (found on `class`, `type(obj)`) is
/// a `staticmethod` or a `classmethod`: the call, without making the bound method;
/// `None` for any other attribute. Out of line: the method-call path it is on stays as
/// small as it was for functions.
#[inline(never)]
pub(crate) fn call_unwrapped(attr: &Obj, class: &Obj, args: &Args<'_>) -> Option<PyResult<Obj>> {
    if let Some(method) = attr.downcast_ref::<PyStaticMethod>() {
        return Some(method.func.call_with(args));
    }
    let method = attr.downcast_ref::<PyClassMethod>()?;
    Some(super::function::call_with_first(&method.func, class, args))
}

// `staticmethod`.

/// `staticmethod(f)`: read on a class or an instance, `f` itself (no binding).
pub struct PyStaticMethod {
    func: Obj,
}

impl PyStaticMethod {
    /// The wrapped callable (`__func__`).
    pub fn function(&self) -> &Obj {
        &self.func
    }
}

impl Trace for PyStaticMethod {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&STATICMETHOD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.func.trace(tracer);
    }
}

/// `staticmethod`.
pub(crate) static STATICMETHOD_TYPE: PyType = PyType {
    name: "staticmethod",
    new: Some(|_, args| {
        let func = wrapped_callable(args, "staticmethod")?;
        Ok(Obj::new(PyStaticMethod { func }))
    }),
    repr: Some(|obj| {
        let method = obj.value_as::<PyStaticMethod>()?;
        Ok(format!("<staticmethod({})>", method.func.repr()?))
    }),
    // Callable since Python 3.10: calls the function.
    call: Some(|obj, args| obj.value_as::<PyStaticMethod>()?.func.call_with(args)),
    getattr: Some(|obj, name| wrapper_getattr(&obj.value_as::<PyStaticMethod>()?.func, name)),
    descr_get: Some(|descriptor, _, _| Ok(descriptor.value_as::<PyStaticMethod>()?.func.clone())),
    ..PyType::BLANK
};

/// The one argument of `staticmethod(f)`/`classmethod(f)`, with CPython's checks:
/// `TypeError: staticmethod() takes no keyword arguments`, `staticmethod expected 1
/// argument, got 0`.
fn wrapped_callable(args: &Args<'_>, name: &str) -> PyResult<Obj> {
    let [func] = args.between(name, 1, 1)? else {
        return Err(PyErr::system_error("argument count checked above"));
    };
    Ok(func.clone())
}

/// The attributes of a `staticmethod`/`classmethod`: `__func__` and `__wrapped__`, and
/// those it copies from the function since Python 3.10 (`__name__`, `__qualname__`,
/// `__doc__`, `__module__`).
fn wrapper_getattr(func: &Obj, name: &str) -> PyResult<Option<Obj>> {
    match name {
        "__func__" | "__wrapped__" => Ok(Some(func.clone())),
        "__name__" | "__qualname__" | "__doc__" | "__module__" => match func.getattr(name) {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => Ok(None),
            Err(error) => Err(error),
        },
        _ => Ok(None),
    }
}

// `classmethod`.

/// `classmethod(f)`: read on a class or an instance, `f` bound to the class.
pub struct PyClassMethod {
    func: Obj,
}

impl PyClassMethod {
    /// The wrapped callable (`__func__`).
    pub fn function(&self) -> &Obj {
        &self.func
    }
}

impl Trace for PyClassMethod {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&CLASSMETHOD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.func.trace(tracer);
    }
}

/// `classmethod`.
pub(crate) static CLASSMETHOD_TYPE: PyType = PyType {
    name: "classmethod",
    new: Some(|_, args| {
        let func = wrapped_callable(args, "classmethod")?;
        Ok(Obj::new(PyClassMethod { func }))
    }),
    repr: Some(|obj| {
        let method = obj.value_as::<PyClassMethod>()?;
        Ok(format!("<classmethod({})>", method.func.repr()?))
    }),
    getattr: Some(|obj, name| wrapper_getattr(&obj.value_as::<PyClassMethod>()?.func, name)),
    // Bound to the class it is read on, or to the instance's class.
    descr_get: Some(|descriptor, _, owner| {
        let method = descriptor.value_as::<PyClassMethod>()?;
        Ok(PyMethod::bind(method.func.clone(), owner.clone()))
    }),
    ..PyType::BLANK
};

// `property`.

/// `property(fget=None, fset=None, fdel=None, doc=None)`: a data descriptor calling
/// `fget(obj)` on `obj.name`, `fset(obj, value)` on `obj.name = value`, `fdel(obj)` on
/// `del obj.name`.
pub struct PyProperty {
    fget: Option<Obj>,
    fset: Option<Obj>,
    fdel: Option<Obj>,
    /// `__doc__`: the `doc` argument, else the getter's `__doc__`.
    doc: Obj,
    /// Whether `doc` came from the getter (a copy with another getter takes that one's).
    getter_doc: bool,
    /// The name it was given when its class was made (see the module docs), for the
    /// error texts. Never borrowed while other code runs.
    name: RefCell<Option<Box<str>>>,
}

impl PyProperty {
    /// The getter (`fget`), if any.
    pub fn getter(&self) -> Option<&Obj> {
        self.fget.as_ref()
    }

    /// The setter (`fset`), if any.
    pub fn setter(&self) -> Option<&Obj> {
        self.fset.as_ref()
    }

    /// The deleter (`fdel`), if any.
    pub fn deleter(&self) -> Option<&Obj> {
        self.fdel.as_ref()
    }

    /// A new property of these functions (`None` objects mean none); the doc is `doc`,
    /// else the getter's `__doc__` (an `AttributeError` reading it is ignored).
    fn make(
        fget: Option<Obj>,
        fset: Option<Obj>,
        fdel: Option<Obj>,
        doc: Option<Obj>,
        name: Option<Box<str>>,
    ) -> PyResult<Obj> {
        let given = |value: Option<Obj>| value.filter(|value| !value.is_none());
        let (fget, fset, fdel) = (given(fget), given(fset), given(fdel));
        let (doc, getter_doc) = match (given(doc), &fget) {
            (Some(doc), _) => (doc, false),
            (None, Some(fget)) => match fget.getattr("__doc__") {
                Ok(doc) => {
                    let from_getter = !doc.is_none();
                    (doc, from_getter)
                }
                Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => (Obj::none(), false),
                Err(error) => return Err(error),
            },
            (None, None) => (Obj::none(), false),
        };
        Ok(Obj::new(PyProperty {
            fget,
            fset,
            fdel,
            doc,
            getter_doc,
            name: RefCell::new(name),
        }))
    }

    /// `AttributeError: property 'x' of 'A' object has no setter` (`what` is
    /// `"getter"`, `"setter"` or `"deleter"`); `property of 'A' object ...` when the
    /// property has no name.
    fn missing(&self, obj: &Obj, what: &str) -> PyErr {
        let qualname = type_qualname(obj);
        let name = self.name.borrow().clone();
        match name {
            Some(name) => PyErr::attribute_error(format!(
                "property {} of '{qualname}' object has no {what}",
                Obj::from(&*name).repr().unwrap_or_default()
            )),
            None => {
                PyErr::attribute_error(format!("property of '{qualname}' object has no {what}"))
            }
        }
    }
}

/// The `__qualname__` of `obj`'s type (`'Outer.In'` for a nested class).
fn type_qualname(obj: &Obj) -> String {
    if let Some(class) = super::instance_class(obj)
        && let Some(class) = class.downcast_ref::<super::PyClass>()
    {
        return class.qualname().to_owned();
    }
    obj.type_name().to_owned()
}

impl Trace for PyProperty {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&PROPERTY_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.fget.trace(tracer);
        self.fset.trace(tracer);
        self.fdel.trace(tracer);
        self.doc.trace(tracer);
    }
}

/// `property`.
pub(crate) static PROPERTY_TYPE: PyType = PyType {
    name: "property",
    new: Some(property_new),
    getattr: Some(property_getattr),
    descr_get: Some(property_get),
    descr_set: Some(property_set),
    methods: &[
        Method {
            name: "getter",
            call: |obj, args| property_copy(obj, args, "property.getter", Accessor::Get),
        },
        Method {
            name: "setter",
            call: |obj, args| property_copy(obj, args, "property.setter", Accessor::Set),
        },
        Method {
            name: "deleter",
            call: |obj, args| property_copy(obj, args, "property.deleter", Accessor::Delete),
        },
    ],
    ..PyType::BLANK
};

/// `property(fget=None, fset=None, fdel=None, doc=None)`, with Argument Clinic's checks
/// and texts.
fn property_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    const NAMES: [&str; 4] = ["fget", "fset", "fdel", "doc"];
    args.only_keywords("property", &NAMES)?;
    let positional = args.positional();
    let given = positional.len() + args.keywords().len();
    if given > NAMES.len() {
        return Err(PyErr::type_error(format!(
            "property() takes at most 4 arguments ({given} given)"
        )));
    }
    let mut values: [Option<Obj>; 4] = Default::default();
    for (index, name) in NAMES.iter().enumerate() {
        match (positional.get(index), args.keyword(name)) {
            (Some(_), Some(_)) => {
                return Err(PyErr::type_error(format!(
                    "argument for property() given by name ('{name}') and position ({})",
                    index + 1
                )));
            }
            (Some(value), None) | (None, Some(value)) => values[index] = Some(value.clone()),
            (None, None) => {}
        }
    }
    let [fget, fset, fdel, doc] = values;
    PyProperty::make(fget, fset, fdel, doc, None)
}

/// `fget`, `fset`, `fdel` (`None` when missing), `__doc__`.
fn property_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let property = obj.value_as::<PyProperty>()?;
    let or_none = |value: &Option<Obj>| value.clone().unwrap_or_else(Obj::none);
    Ok(match name {
        "fget" => Some(or_none(&property.fget)),
        "fset" => Some(or_none(&property.fset)),
        "fdel" => Some(or_none(&property.fdel)),
        "__doc__" => Some(property.doc.clone()),
        _ => None,
    })
}

/// Which function `getter`/`setter`/`deleter` replaces.
#[derive(Clone, Copy, PartialEq)]
enum Accessor {
    Get,
    Set,
    Delete,
}

/// `prop.getter(f)`, `prop.setter(f)`, `prop.deleter(f)`: a copy of the property with
/// that function replaced (CPython's `property_copy`: `None` keeps the old function;
/// the name is kept; the doc too, unless it came from the getter and the getter is
/// replaced).
fn property_copy(obj: &Obj, args: &Args<'_>, qualname: &str, which: Accessor) -> PyResult<Obj> {
    let func = args.one(qualname)?;
    let property = obj.value_as::<PyProperty>()?;
    let pick = |accessor: Accessor, old: &Option<Obj>| {
        if accessor == which && !func.is_none() {
            Some(func.clone())
        } else {
            old.clone()
        }
    };
    let fget = pick(Accessor::Get, &property.fget);
    let fset = pick(Accessor::Set, &property.fset);
    let fdel = pick(Accessor::Delete, &property.fdel);
    let doc = if property.getter_doc && which == Accessor::Get && !func.is_none() {
        // The new getter's `__doc__`.
        None
    } else {
        Some(property.doc.clone())
    };
    let name = property.name.borrow().clone();
    PyProperty::make(fget, fset, fdel, doc, name)
}

/// `obj.name` through a property: `fget(obj)`; on the class, the property itself.
fn property_get(descriptor: &Obj, instance: Option<&Obj>, _: &Obj) -> PyResult<Obj> {
    let Some(instance) = instance else {
        return Ok(descriptor.clone());
    };
    let property = descriptor.value_as::<PyProperty>()?;
    match &property.fget {
        Some(fget) => fget.call(std::slice::from_ref(instance)),
        None => Err(property.missing(instance, "getter")),
    }
}

/// `obj.name = value` through a property (`fset(obj, value)`), or `del obj.name`
/// (`fdel(obj)`).
fn property_set(descriptor: &Obj, instance: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let property = descriptor.value_as::<PyProperty>()?;
    match value {
        Some(value) => match &property.fset {
            Some(fset) => fset.call(&[instance.clone(), value.clone()]).map(drop),
            None => Err(property.missing(instance, "setter")),
        },
        None => match &property.fdel {
            Some(fdel) => fdel.call(std::slice::from_ref(instance)).map(drop),
            None => Err(property.missing(instance, "deleter")),
        },
    }
}

// Members: the entries of `__slots__`.

/// An entry of a class's `__slots__` (CPython's member descriptor, `<member 'x' of 'S'
/// objects>`): a data descriptor that reads, stores and deletes the instance's value for
/// it: the value at its index in a slotted instance (see the `slotted` module), else
/// the instance's attribute of its name. Its class's instances may have no other
/// attributes (no `__dict__`) unless a base gives them one.
pub(crate) struct PyMemberDescriptor {
    name: Box<str>,
    /// The name of the class whose `__slots__` made it.
    owner: Box<str>,
    /// Where the value is among a slotted instance's values.
    index: usize,
    /// The table of the class whose `__slots__` made it, once that class is made: a
    /// slotted instance must be an instance of it.
    owner_table: std::cell::Cell<Option<&'static PyType>>,
}

impl PyMemberDescriptor {
    /// The member `name` of the class named `owner`, at `index` among a slotted
    /// instance's values.
    pub(crate) fn new_object(name: &str, owner: &str, index: usize) -> Obj {
        Obj::new(PyMemberDescriptor {
            name: name.into(),
            owner: owner.into(),
            index,
            owner_table: std::cell::Cell::new(None),
        })
    }

    /// Records the table of the class that made this member.
    pub(crate) fn set_owner_table(&self, table: &'static PyType) {
        self.owner_table.set(Some(table));
    }

    /// The cell of `instance`, a slotted instance, holding this member's value; the
    /// error of [`PyMemberDescriptor::data`] when `instance` is not an instance of the
    /// member's class.
    fn cell<'a>(
        &self,
        instance: &'a Obj,
        slotted: &'a super::slotted::Slotted,
    ) -> PyResult<&'a super::PyCell> {
        self.owner_table
            .get()
            .filter(|owner| slotted.table().is_subtype(owner))
            .and_then(|_| slotted.cell(self.index))
            .ok_or_else(|| self.does_not_apply(instance))
    }

    /// `TypeError: descriptor 'x' for 'S' objects doesn't apply to a 'int' object`.
    fn does_not_apply(&self, instance: &Obj) -> PyErr {
        PyErr::type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            self.name,
            self.owner,
            instance.type_name()
        ))
    }

    /// The instance data `instance` must have for this member: `TypeError: descriptor
    /// 'x' for 'S' objects doesn't apply to a 'int' object` otherwise.
    fn data<'a>(&self, instance: &'a Obj) -> PyResult<&'a super::InstanceData> {
        super::instance_data(instance).ok_or_else(|| self.does_not_apply(instance))
    }
}

impl Trace for PyMemberDescriptor {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&MEMBER_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `member_descriptor`.
pub(crate) static MEMBER_TYPE: PyType = PyType {
    name: "member_descriptor",
    repr: Some(|obj| {
        let member = obj.value_as::<PyMemberDescriptor>()?;
        Ok(format!(
            "<member '{}' of '{}' objects>",
            member.name, member.owner
        ))
    }),
    descr_get: Some(member_get),
    descr_set: Some(member_set),
    methods: &[
        Method {
            name: "__get__",
            call: |member, args| {
                let args = args.between("", 1, 2)?;
                let instance = (!args[0].is_none()).then_some(&args[0]);
                let owner = args.get(1).filter(|owner| !owner.is_none());
                match (instance, owner) {
                    (None, None) => Err(PyErr::type_error("__get__(None, None) is invalid")),
                    // The owner only matters without an instance.
                    (Some(instance), None) => member_get(member, Some(instance), instance),
                    (instance, Some(owner)) => member_get(member, instance, owner),
                }
            },
        },
        Method {
            name: "__set__",
            call: |member, args| {
                let args = args.between("", 2, 2)?;
                member_set(member, &args[0], Some(&args[1])).map(|()| Obj::none())
            },
        },
        Method {
            name: "__delete__",
            call: |member, args| {
                // CPython's text here has no name in front.
                args.no_keywords("__delete__")?;
                match args.positional() {
                    [instance] => member_set(member, instance, None).map(|()| Obj::none()),
                    other => Err(PyErr::type_error(format!(
                        "expected 1 argument, got {}",
                        other.len()
                    ))),
                }
            },
        },
    ],
    ..PyType::BLANK
};

/// `obj.x` through a member: the value, or `AttributeError: 'S' object has no
/// attribute 'x'` while the slot is empty; on the class, the member itself.
fn member_get(descriptor: &Obj, instance: Option<&Obj>, _: &Obj) -> PyResult<Obj> {
    let Some(instance) = instance else {
        return Ok(descriptor.clone());
    };
    let member = descriptor.value_as::<PyMemberDescriptor>()?;
    if let Some(slotted) = super::slotted::as_slotted(instance) {
        return member
            .cell(instance, slotted)?
            .get()
            .ok_or_else(|| PyErr::no_attribute(instance, &member.name));
    }
    member
        .data(instance)?
        .attr(&member.name)
        .ok_or_else(|| PyErr::no_attribute(instance, &member.name))
}

/// `obj.x = value` through a member, or `del obj.x` (`AttributeError: x` when the slot
/// is empty, CPython's text).
fn member_set(descriptor: &Obj, instance: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let member = descriptor.value_as::<PyMemberDescriptor>()?;
    if let Some(slotted) = super::slotted::as_slotted(instance) {
        let cell = member.cell(instance, slotted)?;
        return super::slotted::set_member(cell, &member.name, value);
    }
    let data = member.data(instance)?;
    match value {
        Some(value) => {
            data.store_own(&member.name, value.clone());
            Ok(())
        }
        None if data.attrs.remove(&member.name) => Ok(()),
        None => Err(PyErr::attribute_error(&*member.name)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Obj;
    use super::PyType;

    fn class(name: &str, base: Option<&Obj>, namespace: Vec<(&str, Obj)>) -> Obj {
        Obj::new_class(name, base, namespace).unwrap()
    }

    fn property() -> Obj {
        builtin("property").call(&[]).unwrap()
    }

    /// Whether the class has the flag of data descriptors.
    fn flag(cls: &Obj) -> bool {
        cls.as_type().unwrap().has_data_descriptors()
    }

    /// The class's descriptor flags.
    fn flags(cls: &Obj) -> u8 {
        cls.as_type().unwrap().descriptor_flags()
    }

    #[test]
    fn only_classes_with_a_data_descriptor_have_the_flag() {
        let sm = builtin("staticmethod").call(&[Obj::from(1)]).unwrap();
        let plain = class("Plain", None, vec![("k", Obj::from(1)), ("sm", sm)]);
        let with = class("With", None, vec![("p", property())]);
        let derived = class("Derived", Some(&with), vec![]);
        let constants = class("Constants", None, vec![("k", Obj::from(1))]);
        assert_eq!(flags(&constants), 0, "constants: the plain paths");
        assert_eq!(
            flags(&plain),
            PyType::DESCRIPTORS,
            "a static method: not a data descriptor"
        );
        assert_eq!(flags(&with), PyType::DATA_DESCRIPTORS | PyType::DESCRIPTORS);
        assert!(flag(&derived), "inherited from the base");
        assert!(!flag(&builtin("object")), "a builtin type never");
    }

    #[test]
    fn the_flag_follows_class_attribute_changes() {
        let base = class("Base", None, vec![]);
        let derived = class("Derived", Some(&base), vec![]);
        let other = class("Other", None, vec![]);
        base.setattr("x", &Obj::from(1)).unwrap();
        assert!(!flag(&base) && !flag(&derived));
        base.setattr("p", &property()).unwrap();
        assert!(
            flag(&base) && flag(&derived),
            "set for the class and its subclasses"
        );
        assert!(!flag(&other), "not for unrelated classes");
        derived.setattr("q", &property()).unwrap();
        base.delattr("p").unwrap();
        assert!(!flag(&base), "cleared when the last one goes");
        assert!(flag(&derived), "kept where one remains");
        derived.setattr("q", &Obj::from(2)).unwrap();
        assert!(!flag(&derived), "cleared when replaced by a plain value");
        assert_eq!(flags(&derived), 0);
        let sm = builtin("staticmethod").call(&[Obj::from(1)]).unwrap();
        base.setattr("sm", &sm).unwrap();
        assert_eq!(flags(&derived), PyType::DESCRIPTORS, "a static method");
        base.delattr("sm").unwrap();
        assert_eq!(flags(&derived), 0);
    }

    fn builtin(name: &str) -> Obj {
        crate::builtins::get(name).unwrap()
    }
}
