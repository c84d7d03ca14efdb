//! `weakref.proxy(obj, callback=None)`: a weak reference that stands for its object.
//!
//! A proxy forwards what is done to it (attributes read, set and deleted, `str`,
//! `len`, items, `in`, iteration, truth, comparisons, the number operators, calls) to
//! its object, as long as the object lives; afterwards every one of those raises
//! `ReferenceError: weakly-referenced object no longer exists`. Its own behaviour is
//! its repr (`<weakproxy at 0x... to A at 0x...>`, `... to NoneType at ...` once dead)
//! and being unhashable (`TypeError: unhashable type: 'weakref.ProxyType'`). The proxy
//! of a callable object is a `weakref.CallableProxyType`.
//!
//! Like `weakref.ref`, a proxy is built on the runtime's weak-reference cells
//! ([`AnyWeak`]): a callback is called with the proxy when the object dies (its address
//! is kept in the cell's closure, never a reference, and the closure is taken back when
//! the proxy goes), and without a callback the existing proxy of the object is returned
//! (`proxy(x) is proxy(x)`).
//!
//! `proxy` checks its arguments as CPython 3.11's (`TypeError: proxy expected at least 1
//! argument, got 0`, `_weakref.proxy() takes no keyword arguments`, `cannot create weak
//! reference to 'int' object`); a callback that is not callable is accepted, as there.
//! The proxy types cannot be called: `TypeError: cannot create 'weakref.ProxyType'
//! instances`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::rc::Rc;

use crate::exceptions::{PyErr, PyResult, REFERENCE_ERROR};
use crate::object::Header;
use crate::pyobject::{Args, CompareOp, HashSlot, NumberMethods, Obj, PyType, report_unraisable};
use crate::trace::{Trace, Tracer};
use crate::weakref_any::AnyWeak;

/// The type objects and function this file adds to `weakref`.
pub(super) fn attributes() -> [(&'static str, Obj); 4] {
    [
        ("CallableProxyType", CALLABLE_PROXY_TYPE.to_object()),
        ("ProxyType", PROXY_TYPE.to_object()),
        (
            "ProxyTypes",
            Obj::tuple([PROXY_TYPE.to_object(), CALLABLE_PROXY_TYPE.to_object()]),
        ),
        ("proxy", super::function("proxy", proxy).1),
    ]
}

/// What both proxy types hold.
struct Proxy {
    weak: AnyWeak,
    /// The Python callback, until it is called.
    callback: RefCell<Option<Obj>>,
    /// This is the shared callback-less proxy of its object.
    shared: bool,
}

/// The value of a `weakref.ProxyType`.
struct PlainProxy(Proxy);

/// The value of a `weakref.CallableProxyType`.
struct CallableProxy(Proxy);

thread_local! {
    /// The shared callback-less proxy of each object (by the address of its plain weak
    /// cell). Entries do not own their proxy; a proxy removes its entry when dropped.
    static SHARED: RefCell<HashMap<usize, NonNull<Header>>> = RefCell::new(HashMap::new());
}

impl Proxy {
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

impl Drop for Proxy {
    fn drop(&mut self) {
        // The cell's callback holds this object's address: it must not outlive it.
        self.weak.cancel_callback();
        if self.shared {
            let cell = self.weak.cell_addr();
            let _ = SHARED.try_with(|shared| shared.borrow_mut().remove(&cell));
        }
    }
}

impl Trace for PlainProxy {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&PROXY_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

impl Trace for CallableProxy {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&CALLABLE_PROXY_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

/// The proxy state of either type.
fn proxy_of(obj: &Obj) -> Option<&Proxy> {
    obj.downcast_ref::<PlainProxy>()
        .map(|proxy| &proxy.0)
        .or_else(|| obj.downcast_ref::<CallableProxy>().map(|proxy| &proxy.0))
}

/// Wraps the state in the right type for the object.
fn make_proxy(callable: bool, proxy: Proxy) -> Obj {
    if callable {
        Obj::new(CallableProxy(proxy))
    } else {
        Obj::new(PlainProxy(proxy))
    }
}

/// `proxy(object[, callback])`.
fn proxy(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("_weakref.proxy")?;
    let positional = args.positional_between("proxy", 1, 2)?;
    let target = &positional[0];
    let callback = positional.get(1).filter(|callback| !callback.is_none());
    let ty = target.py_type();
    if !ty.weakrefable {
        return Err(PyErr::type_error(format!(
            "cannot create weak reference to '{}' object",
            ty.name()
        )));
    }
    let callable = ty.lookup(|t| t.call).is_some();
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
        let object = make_proxy(
            callable,
            Proxy {
                weak,
                callback: RefCell::new(None),
                shared,
            },
        );
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
    let object = make_proxy(
        callable,
        Proxy {
            weak,
            callback: RefCell::new(Some(callback.clone())),
            shared: false,
        },
    );
    slot.set(Some(object.header_ptr()));
    Ok(object)
}

/// The object of a proxy died: call the callback with the proxy.
fn call_back(proxy: Option<NonNull<Header>>) {
    // The proxy takes this closure back before its memory goes, so the address is that
    // of an object not yet freed; `revive` refuses it while it is being released.
    let Some(proxy) = proxy.and_then(Obj::revive) else {
        return;
    };
    let callback = proxy_of(&proxy).and_then(|state| state.callback.try_borrow_mut().ok()?.take());
    if let Some(callback) = callback
        && let Err(error) = callback.call(std::slice::from_ref(&proxy))
    {
        report_unraisable(&callback, &error);
    }
}

/// The object of a proxy, or `ReferenceError` once it is gone.
fn target(obj: &Obj) -> PyResult<Obj> {
    let proxy = proxy_of(obj).ok_or_else(|| {
        PyErr::system_error(format!(
            "bad argument to internal function: '{}' object",
            obj.type_name()
        ))
    })?;
    proxy
        .weak
        .upgrade()
        .and_then(|any| Obj::from_any(any).ok())
        .ok_or_else(|| {
            PyErr::new(
                &REFERENCE_ERROR,
                "weakly-referenced object no longer exists",
            )
        })
}

/// An operand with a proxy replaced by its object.
fn unwrap(obj: &Obj) -> PyResult<Obj> {
    if proxy_of(obj).is_some() {
        target(obj)
    } else {
        Ok(obj.clone())
    }
}

/// `<weakproxy at 0x... to A at 0x...>`.
fn proxy_repr(obj: &Obj) -> PyResult<String> {
    let object = target(obj).unwrap_or_else(|_| Obj::none());
    Ok(format!(
        "<weakproxy at {:#x} to {} at {:#x}>",
        obj.id(),
        object.type_name(),
        object.id()
    ))
}

/// Defines number slots that apply a method of `Obj` to both operands, unwrapped.
macro_rules! forward_binary {
    ($($name:ident => $method:ident;)*) => {
        $(
            #[doc = concat!("`", stringify!($method), "` of the objects behind the operands.")]
            fn $name(a: &Obj, b: &Obj) -> PyResult<Obj> {
                unwrap(a)?.$method(&unwrap(b)?)
            }
        )*
    };
}

forward_binary! {
    proxy_add => add;
    proxy_sub => sub;
    proxy_mul => mul;
    proxy_truediv => truediv;
    proxy_floordiv => floordiv;
    proxy_rem => rem;
    proxy_divmod => divmod;
    proxy_pow => pow;
    proxy_lshift => lshift;
    proxy_rshift => rshift;
    proxy_and => bitand;
    proxy_or => bitor;
    proxy_xor => bitxor;
}

/// The number slots of a proxy: the object's operators.
static PROXY_NUMBER: NumberMethods = NumberMethods {
    add: Some(proxy_add),
    sub: Some(proxy_sub),
    mul: Some(proxy_mul),
    truediv: Some(proxy_truediv),
    floordiv: Some(proxy_floordiv),
    rem: Some(proxy_rem),
    divmod: Some(proxy_divmod),
    pow: Some(proxy_pow),
    lshift: Some(proxy_lshift),
    rshift: Some(proxy_rshift),
    and: Some(proxy_and),
    or: Some(proxy_or),
    xor: Some(proxy_xor),
    neg: Some(|obj| target(obj)?.neg()),
    pos: Some(|obj| target(obj)?.pos()),
    invert: Some(|obj| target(obj)?.invert()),
    abs: Some(|obj| target(obj)?.abs()),
    index: Some(|obj| super::operator::number_index(&target(obj)?)),
    int: None,
    float: Some(|obj| target(obj)?.extract::<f64>()),
};

/// Calling a proxy type: `TypeError: cannot create 'weakref.ProxyType' instances`, as
/// CPython (only `weakref.proxy` makes proxies).
fn no_new(ty: &'static PyType, _: &Args<'_>) -> PyResult<Obj> {
    Err(PyErr::type_error(format!(
        "cannot create '{}' instances",
        ty.name()
    )))
}

/// The table both proxy types share (the callable one adds `call`).
// A template copied into two statics, never borrowed, as `PyType::BLANK`.
#[allow(clippy::declare_interior_mutable_const)]
const PROXY_BASE: PyType = PyType {
    name: "weakref.ProxyType",
    new: Some(no_new),
    repr: Some(proxy_repr),
    str: Some(|obj| target(obj)?.str()),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(|a, b, op: CompareOp| unwrap(a)?.rich_compare(&unwrap(b)?, op)),
    bool: Some(|obj| target(obj)?.is_truthy()),
    len: Some(|obj| target(obj)?.len()),
    number: Some(&PROXY_NUMBER),
    getitem: Some(|obj, key| target(obj)?.get_item(key)),
    setitem: Some(|obj, key, value| match value {
        Some(value) => target(obj)?.set_item(key, value),
        None => target(obj)?.del_item(key),
    }),
    contains: Some(|obj, item| target(obj)?.contains(item)),
    iter: Some(|obj| target(obj)?.iter()),
    next: Some(|obj| target(obj)?.next_item()),
    getattr: Some(|obj, name| target(obj)?.getattr(name).map(Some)),
    setattr: Some(|obj, name, value| match value {
        Some(value) => target(obj)?.setattr(name, value),
        None => target(obj)?.delattr(name),
    }),
    ..PyType::BLANK
};

/// `weakref.ProxyType`: the proxy of an object that is not callable.
static PROXY_TYPE: PyType = PROXY_BASE;

/// `weakref.CallableProxyType`: the proxy of a callable object.
static CALLABLE_PROXY_TYPE: PyType = PyType {
    name: "weakref.CallableProxyType",
    call: Some(|obj, args| target(obj)?.call_with(args)),
    ..PROXY_BASE
};
