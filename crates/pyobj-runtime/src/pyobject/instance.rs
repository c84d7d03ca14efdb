//! Instances of classes made by `class` statements.
//!
//! An instance is one heap object: its class and its attributes, inline (CPython 3.11's
//! "inline values": no separate `__dict__` object until one is asked for). So `a.me = a`
//! makes a cycle of one object, and a hundred of them collected count as a hundred.
//!
//! Instances of classes deriving from a builtin exception are exception objects
//! ([`PyBaseException`](crate::exceptions::PyBaseException)) carrying the same
//! [`InstanceData`], so that raising and catching them works unchanged.
//!
//! # `__del__`
//! An instance whose class (or a base) defines `__del__` when it is made gets a finalizer
//! ([`Finalize`], PEP 442): `__del__` runs once, on an intact object, when its count
//! reaches zero or when the collector finds it in garbage; it may resurrect the object.
//! An exception raised by `__del__` is not propagated: it is reported through
//! [`write_unraisable`](crate::exceptions::write_unraisable) as CPython does
//! (`Exception ignored in: <function A.__del__ at 0x...>`).

use std::cell::RefCell;

use super::typeobject::{OBJECT_TYPE, PyType};
use super::{Obj, PyClass, PyStr};
use crate::exceptions::{PyBaseException, PyResult};
use crate::finalizer::Finalize;
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// How many attributes an instance holds inline, in its own heap block, before the rest
/// go to a separate vector (most `__init__`s set a few).
const INLINE_ATTRS: usize = 3;

/// The entries of an [`Attrs`]: the first [`INLINE_ATTRS`] in place (filled from the
/// front, without gaps), the others in `more`, all in insertion order.
#[derive(Default)]
struct Entries {
    inline: [Option<(Gc<PyStr>, Obj)>; INLINE_ATTRS],
    more: Vec<(Gc<PyStr>, Obj)>,
}

fn key_is(key: &Gc<PyStr>, name: &str) -> bool {
    key.as_str() == name
}

impl Entries {
    fn iter(&self) -> impl Iterator<Item = &(Gc<PyStr>, Obj)> {
        self.inline
            .iter()
            .map_while(Option::as_ref)
            .chain(self.more.iter())
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut (Gc<PyStr>, Obj)> {
        self.inline
            .iter_mut()
            .map_while(Option::as_mut)
            .chain(self.more.iter_mut())
    }

    fn find(&self, name: &str) -> Option<&Obj> {
        self.iter()
            .find(|(key, _)| key_is(key, name))
            .map(|(_, value)| value)
    }

    fn find_mut(&mut self, name: &str) -> Option<&mut Obj> {
        self.iter_mut()
            .find(|(key, _)| key_is(key, name))
            .map(|(_, value)| value)
    }

    fn push(&mut self, key: Gc<PyStr>, value: Obj) {
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some((key, value)),
            None => self.more.push((key, value)),
        }
    }

    /// Removes the entry of `name`, keeping the others in order.
    fn remove(&mut self, name: &str) -> Option<(Gc<PyStr>, Obj)> {
        let position = self.iter().position(|(key, _)| key_is(key, name))?;
        let mut all: Vec<(Gc<PyStr>, Obj)> = self
            .inline
            .iter_mut()
            .map_while(Option::take)
            .chain(std::mem::take(&mut self.more))
            .collect();
        let removed = all.remove(position);
        for entry in all {
            self.push(entry.0, entry.1);
        }
        Some(removed)
    }
}

/// A small ordered map from attribute names (interned str objects) to values: an
/// instance's attributes, a class's namespace.
///
/// No borrow is held while a value is dropped or any user code runs.
#[derive(Default)]
pub(crate) struct Attrs(RefCell<Entries>);

/// The interned str object for `name`.
pub(crate) fn intern_key(name: &str) -> Gc<PyStr> {
    crate::interning::intern_str(name)
        .downcast::<PyStr>()
        .unwrap_or_else(|_| unreachable!("intern_str makes str objects"))
}

impl Attrs {
    /// A map of `entries` (later entries replace earlier ones of the same name).
    pub(crate) fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a str, Obj)>) -> Attrs {
        let attrs = Attrs::default();
        for (name, value) in entries {
            attrs.set(name, value);
        }
        attrs
    }

    /// The value of `name`.
    #[inline]
    pub(crate) fn get(&self, name: &str) -> Option<Obj> {
        self.0.borrow().find(name).cloned()
    }

    /// Whether there is a value for `name`.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.borrow().find(name).is_some()
    }

    /// Sets `name` to `value`.
    pub(crate) fn set(&self, name: &str, value: Obj) {
        self.set_with_key(name, value, || intern_key(name));
    }

    /// Sets `name` to `value`; `key` makes the interned name if it is a new attribute.
    pub(crate) fn set_with_key(&self, name: &str, value: Obj, key: impl FnOnce() -> Gc<PyStr>) {
        let old = self
            .0
            .borrow_mut()
            .find_mut(name)
            .map(|slot| std::mem::replace(slot, value.clone()));
        if old.is_some() {
            drop(value);
            drop(old);
            return;
        }
        // Making the key may run a collection (and finalizers): no borrow meanwhile.
        let key = key();
        let old = {
            let mut entries = self.0.borrow_mut();
            match entries.find_mut(name) {
                Some(slot) => Some(std::mem::replace(slot, value)),
                None => {
                    entries.push(key, value);
                    None
                }
            }
        };
        drop(old);
    }

    /// Removes `name`; whether it was there.
    pub(crate) fn remove(&self, name: &str) -> bool {
        let old = self.0.borrow_mut().remove(name);
        old.is_some()
    }

    /// The names, in insertion order.
    pub(crate) fn names(&self) -> Vec<Obj> {
        self.0
            .borrow()
            .iter()
            .map(|(key, _)| Obj::from(key.clone()))
            .collect()
    }
}

impl Trace for Attrs {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.0.try_borrow() {
            // The keys are str objects, which hold no handles: only the values matter.
            Ok(entries) => entries.iter().for_each(|(_, value)| value.trace(tracer)),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        // Taken out first, dropped after the borrow ends.
        let old = self
            .0
            .try_borrow_mut()
            .map(|mut entries| std::mem::take(&mut *entries))
            .unwrap_or_default();
        drop(old);
    }
}

/// What every instance of a class carries: its class and its own attributes.
pub struct InstanceData {
    pub(crate) class: Obj,
    pub(crate) attrs: Attrs,
}

impl InstanceData {
    /// Data for a new instance of `class` (a class object), with no attributes.
    pub(crate) fn new(class: Obj) -> InstanceData {
        InstanceData {
            class,
            attrs: Attrs::default(),
        }
    }

    /// The class object.
    pub fn class(&self) -> &Obj {
        &self.class
    }

    /// The instance's own attribute `name`, if set.
    pub fn attr(&self, name: &str) -> Option<Obj> {
        self.attrs.get(name)
    }

    /// The names of the instance's own attributes, in the order they were first set.
    pub fn attr_names(&self) -> Vec<Obj> {
        self.attrs.names()
    }

    /// The class's table.
    fn table(&self) -> &'static PyType {
        self.class
            .downcast_ref::<PyClass>()
            .map_or(&OBJECT_TYPE, PyClass::table)
    }
}

impl Trace for InstanceData {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.class.trace(tracer);
        self.attrs.trace(tracer);
    }
    fn drop_handles(&self) {
        self.attrs.drop_handles();
    }
}

/// An instance of a class made by a `class` statement (one that does not derive from a
/// builtin exception).
pub struct PyInstance {
    data: InstanceData,
}

impl PyInstance {
    /// A new instance of `class`, with a finalizer calling `__del__` if `finalizer`.
    pub(crate) fn new_object(class: Obj, finalizer: bool) -> Obj {
        let value = PyInstance {
            data: InstanceData::new(class),
        };
        if finalizer {
            Obj::from(Gc::with_finalizer(value))
        } else {
            Obj::new(value)
        }
    }

    /// The class and attributes.
    pub fn data(&self) -> &InstanceData {
        &self.data
    }
}

/// The class and attributes of an instance of a class (a plain instance, or an exception
/// of a user class), if `obj` is one.
pub fn instance_data(obj: &Obj) -> Option<&InstanceData> {
    if let Some(instance) = obj.downcast_ref::<PyInstance>() {
        return Some(&instance.data);
    }
    obj.downcast_ref::<PyBaseException>()
        .and_then(PyBaseException::instance_data)
}

impl Trace for PyInstance {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&INSTANCE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.data.trace(tracer);
    }
    fn drop_handles(&self) {
        self.data.drop_handles();
    }
}

impl Finalize for PyInstance {
    /// Calls `__del__`; an exception it raises is reported, not propagated.
    fn finalize(this: &Gc<Self>) {
        let obj = Obj::from(this.clone());
        call_del(&obj, &this.data.class);
    }
}

/// Calls the `__del__` of `obj`, an instance of `class`, reporting an exception.
pub(crate) fn call_del(obj: &Obj, class: &Obj) {
    let Some(del) = super::class::class_lookup(class, "__del__") else {
        return;
    };
    if let Err(error) = super::function::call_with_first(&del, obj, &super::Args::new(&[], &[])) {
        crate::exceptions::write_unraisable(&error, Some(&del));
    }
}

/// The vtable's type of every plain instance; `class_of` gives each its class's table.
static INSTANCE_TYPE: PyType = PyType {
    name: "object",
    class_of: Some(|obj| {
        obj.downcast_ref::<PyInstance>()
            .map_or(&OBJECT_TYPE, |instance| instance.data.table())
    }),
    weakrefable: true,
    ..PyType::BLANK
};

/// The `getattr` slot of every class's table: the instance's own attributes, then the
/// class and its bases (a function found there is bound to the instance).
pub(crate) fn instance_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let Some(data) = instance_data(obj) else {
        return Ok(None);
    };
    if let Some(value) = data.attrs.get(name) {
        return Ok(Some(value));
    }
    Ok(super::class::class_lookup(&data.class, name).map(|value| {
        if value.is_exact::<super::PyFunction>() {
            super::PyMethod::bind(value, obj.clone())
        } else {
            value
        }
    }))
}

/// The `setattr` slot of every class's table: the instance's own attributes.
pub(crate) fn instance_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let Some(data) = instance_data(obj) else {
        return Err(crate::PyErr::no_attribute(obj, name));
    };
    match value {
        Some(value) => {
            data.attrs.set_with_key(name, value.clone(), || {
                super::class::instance_key(&data.class, name)
            });
            Ok(())
        }
        None if data.attrs.remove(name) => Ok(()),
        None => Err(crate::PyErr::no_attribute(obj, name)),
    }
}

/// Instances.
impl Obj {
    /// The class and attributes of this object, if it is an instance of a class made by a
    /// `class` statement.
    pub fn instance_data(&self) -> Option<&InstanceData> {
        instance_data(self)
    }
}
