//! A builtin type's slots as methods: `dict.__repr__`, `[1, 2].__len__()`,
//! `object.__repr__(x)`, `super().__eq__(other)` (CPython's `wrapper_descriptor`,
//! `<slot wrapper '__repr__' of 'dict' objects>`, and `method-wrapper`).
//!
//! A wrapper calls the slot of the type it was read from (or the base that has it),
//! never the receiver's own override: `dict.__repr__(self)` inside a `__repr__` of a
//! class deriving from `dict` gives the dict's text. Wrappers exist for builtin types
//! only; a class's dunder methods are its functions.

use super::hash::hash_pointer;
use super::typeobject::{HashSlot, PyType};
use super::{CompareOp, Obj};
use crate::exceptions::{PyErr, PyResult, STOP_ITERATION};
use crate::trace::{Trace, Tracer};

/// The slot names a wrapper stands for.
const NAMES: &[&str] = &[
    "__repr__",
    "__str__",
    "__hash__",
    "__len__",
    "__bool__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__iter__",
    "__next__",
];

/// A slot of a builtin type, unbound (read on the type) or bound to a receiver.
pub(crate) struct PySlotWrapper {
    owner: &'static PyType,
    name: &'static str,
    receiver: Option<Obj>,
}

impl Trace for PySlotWrapper {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SLOT_WRAPPER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.receiver.trace(tracer);
    }
}

/// Whether `ty` (or a base) has the slot `name` stands for.
fn has_slot(ty: &'static PyType, name: &str) -> bool {
    match name {
        "__repr__" => ty.lookup(|ty| ty.repr).is_some(),
        // `object.__str__` is `repr`.
        "__str__" => true,
        "__hash__" => true,
        "__len__" => ty.lookup(|ty| ty.len).is_some(),
        "__bool__" => ty.lookup(|ty| ty.bool).is_some(),
        "__eq__" | "__ne__" | "__lt__" | "__le__" | "__gt__" | "__ge__" => {
            ty.lookup(|ty| ty.richcompare).is_some()
        }
        "__getitem__" => ty.lookup(|ty| ty.getitem).is_some(),
        "__setitem__" | "__delitem__" => ty.lookup(|ty| ty.setitem).is_some(),
        "__contains__" => ty.lookup(|ty| ty.contains).is_some(),
        "__iter__" => ty.lookup(|ty| ty.iter).is_some(),
        "__next__" => ty.lookup(|ty| ty.next).is_some(),
        _ => false,
    }
}

/// The wrapper of the slot `name` of the builtin type `ty`, bound to `receiver` if
/// given; `None` when `ty` is a class's table, or has no such slot. `__hash__` of an
/// unhashable type is `None`, as in CPython.
pub(crate) fn slot_wrapper(ty: &'static PyType, name: &str, receiver: Option<&Obj>) -> Option<Obj> {
    if ty.is_heap_type() {
        return None;
    }
    let name = *NAMES.iter().find(|known| **known == name)?;
    if name == "__hash__" && matches!(ty.lookup(|ty| ty.hash), Some(HashSlot::Unhashable)) {
        return Some(Obj::none());
    }
    if !has_slot(ty, name) {
        return None;
    }
    Some(Obj::new(PySlotWrapper {
        owner: ty,
        name,
        receiver: receiver.cloned(),
    }))
}

/// Whether `value` is a slot of `object` itself (what a class that does not define
/// `__lt__` gives for `cls.__lt__`): `functools.total_ordering`'s test, CPython's
/// `getattr(cls, op) is not getattr(object, op)`.
pub(crate) fn is_object_slot(value: &Obj) -> bool {
    value
        .downcast_ref::<PySlotWrapper>()
        .is_some_and(|wrapper| std::ptr::eq(wrapper.owner, &super::typeobject::OBJECT_TYPE))
}

/// `slot_wrapper(receiver, *args)` / `method_wrapper(*args)`.
fn call_wrapper(obj: &Obj, args: &super::Args<'_>) -> PyResult<Obj> {
    let wrapper = obj.value_as::<PySlotWrapper>()?;
    args.no_keywords(wrapper.name)?;
    let positional = args.positional();
    let (this, rest) = match &wrapper.receiver {
        Some(receiver) => (receiver, positional),
        None => match positional.split_first() {
            Some((this, rest)) => (this, rest),
            None => {
                return Err(PyErr::type_error(format!(
                    "descriptor '{}' of '{}' object needs an argument",
                    wrapper.name,
                    wrapper.owner.name()
                )));
            }
        },
    };
    if !this.py_type().is_subtype(wrapper.owner) {
        return Err(PyErr::type_error(format!(
            "descriptor '{}' requires a '{}' object but received a '{}'",
            wrapper.name,
            wrapper.owner.name(),
            this.type_name()
        )));
    }
    call_slot(wrapper.owner, wrapper.name, this, rest)
}

/// `TypeError: expected 1 argument, got 0` for a wrapper called with `given`
/// arguments instead of `expected`.
fn arguments(name: &str, given: &[Obj], expected: usize) -> PyResult<()> {
    if given.len() == expected {
        return Ok(());
    }
    Err(PyErr::type_error(match expected {
        0 => format!("{name}() takes no arguments ({} given)", given.len()),
        1 => format!("expected 1 argument, got {}", given.len()),
        _ => format!("expected {expected} arguments, got {}", given.len()),
    }))
}

/// Calls `owner`'s slot `name` on `this` with `args`.
fn call_slot(owner: &'static PyType, name: &str, this: &Obj, args: &[Obj]) -> PyResult<Obj> {
    let compare = |op: CompareOp| -> PyResult<Obj> {
        arguments(name, args, 1)?;
        match owner.lookup(|ty| ty.richcompare) {
            Some(compare) => compare(this, &args[0], op),
            None => Ok(Obj::not_implemented()),
        }
    };
    let missing = || PyErr::system_error(format!("'{}' has no slot {name}", owner.name()));
    match name {
        "__repr__" | "__str__" => {
            arguments(name, args, 0)?;
            let slot = match name {
                "__str__" => owner.lookup(|ty| ty.str).or(owner.lookup(|ty| ty.repr)),
                _ => owner.lookup(|ty| ty.repr),
            };
            slot.ok_or_else(missing)?(this).map(Obj::from)
        }
        "__hash__" => {
            arguments(name, args, 0)?;
            match owner.lookup(|ty| ty.hash) {
                Some(HashSlot::Value(hash)) => hash(this).map(Obj::from),
                Some(HashSlot::Unhashable) => Err(PyErr::type_error(format!(
                    "unhashable type: '{}'",
                    this.type_name()
                ))),
                Some(HashSlot::Identity) | None => Ok(Obj::from(hash_pointer(this.id()))),
            }
        }
        "__len__" => {
            arguments(name, args, 0)?;
            owner.lookup(|ty| ty.len).ok_or_else(missing)?(this).map(Obj::from)
        }
        "__bool__" => {
            arguments(name, args, 0)?;
            owner.lookup(|ty| ty.bool).ok_or_else(missing)?(this).map(Obj::from)
        }
        "__eq__" => compare(CompareOp::Eq),
        "__ne__" => compare(CompareOp::Ne),
        "__lt__" => compare(CompareOp::Lt),
        "__le__" => compare(CompareOp::Le),
        "__gt__" => compare(CompareOp::Gt),
        "__ge__" => compare(CompareOp::Ge),
        "__getitem__" => {
            arguments(name, args, 1)?;
            owner.lookup(|ty| ty.getitem).ok_or_else(missing)?(this, &args[0])
        }
        "__setitem__" => {
            arguments(name, args, 2)?;
            owner.lookup(|ty| ty.setitem).ok_or_else(missing)?(this, &args[0], Some(&args[1]))
                .map(|()| Obj::none())
        }
        "__delitem__" => {
            arguments(name, args, 1)?;
            owner.lookup(|ty| ty.setitem).ok_or_else(missing)?(this, &args[0], None)
                .map(|()| Obj::none())
        }
        "__contains__" => {
            arguments(name, args, 1)?;
            owner.lookup(|ty| ty.contains).ok_or_else(missing)?(this, &args[0]).map(Obj::from)
        }
        "__iter__" => {
            arguments(name, args, 0)?;
            owner.lookup(|ty| ty.iter).ok_or_else(missing)?(this)
        }
        "__next__" => {
            arguments(name, args, 0)?;
            match owner.lookup(|ty| ty.next).ok_or_else(missing)?(this)? {
                Some(item) => Ok(item),
                None => Err(PyErr::with_args(&STOP_ITERATION, vec![])),
            }
        }
        _ => Err(missing()),
    }
}

/// `wrapper_descriptor` / `method-wrapper` (one table: the receiver decides the text).
static SLOT_WRAPPER_TYPE: PyType = PyType {
    name: "wrapper_descriptor",
    repr: Some(|obj| {
        let wrapper = obj.value_as::<PySlotWrapper>()?;
        Ok(match &wrapper.receiver {
            None => format!(
                "<slot wrapper '{}' of '{}' objects>",
                wrapper.name,
                wrapper.owner.name()
            ),
            Some(receiver) => format!(
                "<method-wrapper '{}' of {} object at {:#x}>",
                wrapper.name,
                receiver.type_name(),
                receiver.id()
            ),
        })
    }),
    call: Some(call_wrapper),
    ..PyType::BLANK
};
