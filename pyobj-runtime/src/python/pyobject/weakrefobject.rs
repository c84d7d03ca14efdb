//! `weakref.ref`: Python's weak reference objects (`weakref.ReferenceType`).
//!
//! A weakref object holds an [`AnyWeak`] (the runtime's weak-reference cell) and,
//! optionally, a Python callable. Calling it returns the object, or `None` once the
//! object is gone. When the object dies, the callable is called with the weakref object
//! as its argument, if the weakref object is alive then: in a collection, PEP 442's
//! order applies (weak references are cleared before any finalizer runs, and the
//! callback of a weakref object that is itself garbage is not called), as for
//! [`Weak::with_callback`](crate::Weak::with_callback).
//!
//! How the callback finds its weakref object: the cell's Rust callback keeps the
//! weakref object's address, not a reference (a reference would keep it alive, and
//! the rule above could never drop a callback). The weakref object takes the callback
//! back out of the cell when it is dropped or cleared, so the address is only ever
//! used while the object's memory is there; [`Obj::revive`] refuses it while it is
//! being released.
//!
//! As in CPython, `weakref.ref(x)` without a callback returns the existing
//! callback-less weakref object to `x` if there is one (`ref(x) is ref(x)`); weakref
//! objects hash as their object (the hash is kept once computed; `TypeError: weak
//! object has gone away` if it never was) and compare equal when their objects are
//! equal, or by identity once one of them is dead. A type accepts weak references when
//! its `PyType` is `weakrefable` (not list, dict, int, str, tuple: `TypeError: cannot
//! create weak reference to 'list' object`).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::rc::Rc;

use super::protocol::CompareOp;
use super::typeobject::{HashSlot, PyType};
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::object::Header;
use crate::trace::{Trace, Tracer};
use crate::weakref_any::AnyWeak;

/// The value of a `weakref.ref` object.
pub struct PyWeakref {
    weak: AnyWeak,
    /// The Python callback, until it is called (or the object is cleared).
    callback: RefCell<Option<Obj>>,
    /// `hash(ref)`, once computed.
    hash: Cell<Option<i64>>,
    /// This is the shared callback-less weakref object of its cell.
    shared: bool,
}

thread_local! {
    /// The shared callback-less weakref object of each plain cell (by cell address).
    /// Entries do not own their object; an object removes its entry when dropped.
    static SHARED: RefCell<HashMap<usize, NonNull<Header>>> = RefCell::new(HashMap::new());
}

impl PyWeakref {
    /// The object, if it is still alive.
    pub fn target(&self) -> Option<Obj> {
        self.weak.upgrade().and_then(|any| Obj::from_any(any).ok())
    }

    /// The callback, if there is one and it has not been called.
    pub fn callback(&self) -> Option<Obj> {
        self.callback.try_borrow().ok().and_then(|cb| cb.clone())
    }
}

impl Trace for PyWeakref {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&WEAKREF_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.weak.trace(tracer);
        self.callback.trace(tracer);
    }
    fn drop_handles(&self) {
        self.weak.cancel_callback();
        let old = self
            .callback
            .try_borrow_mut()
            .ok()
            .and_then(|mut callback| callback.take());
        drop(old);
    }
}

impl Drop for PyWeakref {
    fn drop(&mut self) {
        // The cell's callback holds this object's address: it must not outlive it.
        self.weak.cancel_callback();
        if self.shared {
            let cell = self.weak.cell_addr();
            let _ = SHARED.try_with(|shared| shared.borrow_mut().remove(&cell));
        }
    }
}

impl Obj {
    /// `weakref.ref(obj)` or `weakref.ref(obj, callback)`: a weak reference object.
    ///
    /// ```
    /// use pyobj::{Obj, modules};
    ///
    /// let s = Obj::set([]).unwrap();
    /// let r = s.weakref(None).unwrap();                 // r = weakref.ref(s)
    /// assert!(r.call(&[]).unwrap().is(&s));             // r() is s
    /// let weakref = modules::import("weakref").unwrap();
    /// let again = weakref.getattr("ref").unwrap().call(&[s.clone()]).unwrap();
    /// assert!(again.is(&r));                            // weakref.ref(s) is r
    /// drop((s, again));
    /// assert!(r.call(&[]).unwrap().is_none());          // r() is None
    /// ```
    pub fn weakref(&self, callback: Option<&Obj>) -> PyResult<Obj> {
        new_weakref(self, callback)
    }
}

/// `weakref.ref(obj, callback=None)`.
fn new_weakref(target: &Obj, callback: Option<&Obj>) -> PyResult<Obj> {
    let ty = target.py_type();
    if !ty.weakrefable {
        return Err(PyErr::type_error(format!(
            "cannot create weak reference to '{}' object",
            ty.name()
        )));
    }
    let callback = callback.filter(|callback| !callback.is_none());
    let Some(callback) = callback else {
        let weak = AnyWeak::new(target.as_any());
        let cell = weak.cell_addr();
        let existing = SHARED
            .try_with(|shared| shared.borrow().get(&cell).copied())
            .ok()
            .flatten();
        // Present in the table means not dropped yet, so not freed yet.
        if let Some(existing) = existing.and_then(Obj::revive) {
            return Ok(existing);
        }
        let shared = existing.is_none();
        let object = Obj::new(PyWeakref {
            weak,
            callback: RefCell::new(None),
            hash: Cell::new(None),
            shared,
        });
        if shared {
            let header = object.header_ptr();
            let _ = SHARED.try_with(|table| table.borrow_mut().insert(cell, header));
        }
        return Ok(object);
    };
    let slot: Rc<Cell<Option<NonNull<Header>>>> = Rc::new(Cell::new(None));
    let seen_by_callback = Rc::clone(&slot);
    let weak = AnyWeak::with_callback(
        target.as_any(),
        Box::new(move || call_back(seen_by_callback.get())),
    );
    let object = Obj::new(PyWeakref {
        weak,
        callback: RefCell::new(Some(callback.clone())),
        hash: Cell::new(None),
        shared: false,
    });
    slot.set(Some(object.header_ptr()));
    Ok(object)
}

/// The target of a weakref object with a callback died: call the callback with the
/// weakref object.
fn call_back(weakref: Option<NonNull<Header>>) {
    // The weakref object takes this closure back before its memory goes, so the
    // address is that of an object not yet freed; `revive` refuses it while it is
    // being released.
    let Some(weakref) = weakref.and_then(Obj::revive) else {
        return;
    };
    let callback = weakref
        .downcast_ref::<PyWeakref>()
        .and_then(|this| this.callback.try_borrow_mut().ok()?.take());
    if let Some(callback) = callback
        && let Err(error) = callback.call(std::slice::from_ref(&weakref))
    {
        report_unraisable(&callback, &error);
    }
}

/// What CPython does with an exception no caller can catch (`PyErr_WriteUnraisable`):
/// prints it to stderr and goes on.
pub(crate) fn report_unraisable(origin: &Obj, error: &PyErr) {
    let origin = origin
        .repr()
        .unwrap_or_else(|_| format!("<{} object>", origin.type_name()));
    eprintln!("Exception ignored in: {origin}\n{error}");
}

fn weakref_of(obj: &Obj) -> PyResult<&PyWeakref> {
    obj.value_as::<PyWeakref>()
}

/// `weakref.ReferenceType` (`weakref.ref`).
pub(crate) static WEAKREF_TYPE: PyType = PyType {
    name: "weakref.ReferenceType",
    new: Some(weakref_type_new),
    repr: Some(weakref_repr),
    hash: Some(HashSlot::Value(weakref_hash)),
    richcompare: Some(weakref_richcompare),
    call: Some(weakref_call),
    getattr: Some(|obj, name| {
        Ok(match name {
            "__callback__" => Some(weakref_of(obj)?.callback().unwrap_or_else(Obj::none)),
            _ => None,
        })
    }),
    weakrefable: true,
    ..PyType::BLANK
};

fn weakref_type_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    // CPython's order: the count (`__new__`), the target's type, then the keywords
    // (`__init__`).
    let weakref = match args.positional_between("__new__", 1, 2)? {
        [target] => new_weakref(target, None)?,
        [target, callback] => new_weakref(target, Some(callback))?,
        _ => return Err(PyErr::system_error("__new__: argument count checked above")),
    };
    args.no_keywords("ref")?;
    Ok(weakref)
}

/// `<weakref at 0x...; to 'set' at 0x...>`, `<weakref at 0x...; dead>`; an object
/// with a `__name__` adds it: `<weakref at 0x...; to 'type' at 0x... (int)>`.
fn weakref_repr(obj: &Obj) -> PyResult<String> {
    let this = weakref_of(obj)?;
    let Some(target) = this.target() else {
        return Ok(format!("<weakref at {:#x}; dead>", obj.id()));
    };
    let name = target
        .getattr("__name__")
        .ok()
        .and_then(|name| name.as_str().map(str::to_owned));
    Ok(match name {
        Some(name) => format!(
            "<weakref at {:#x}; to '{}' at {:#x} ({name})>",
            obj.id(),
            target.type_name(),
            target.id()
        ),
        None => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            obj.id(),
            target.type_name(),
            target.id()
        ),
    })
}

fn weakref_hash(obj: &Obj) -> PyResult<i64> {
    let this = weakref_of(obj)?;
    if let Some(hash) = this.hash.get() {
        return Ok(hash);
    }
    let Some(target) = this.target() else {
        return Err(PyErr::type_error("weak object has gone away"));
    };
    let hash = target.hash()?;
    this.hash.set(Some(hash));
    Ok(hash)
}

fn weakref_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(Obj::not_implemented());
    }
    let (Some(x), Some(y)) = (a.downcast_ref::<PyWeakref>(), b.downcast_ref::<PyWeakref>()) else {
        return Ok(Obj::not_implemented());
    };
    match (x.target(), y.target()) {
        (Some(x), Some(y)) => x.rich_compare(&y, op),
        _ => {
            let same = a.is(b);
            Ok(Obj::from(if op == CompareOp::Eq { same } else { !same }))
        }
    }
}

/// `ref()`: the object, or `None` once it is gone.
fn weakref_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("weakref")?;
    args.positional_between("weakref", 0, 0)?;
    Ok(weakref_of(obj)?.target().unwrap_or_else(Obj::none))
}
