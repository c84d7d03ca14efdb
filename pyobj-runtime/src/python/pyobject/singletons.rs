//! `None`, `NotImplemented`, `True` and `False`: immortal singletons, one of each per
//! thread (`x is None` is a pointer comparison).

use std::cell::Cell;
use std::ptr::NonNull;

use super::int::{INT_NUMBER, int_value};
use super::typeobject::{HashSlot, NumberMethods, PyType};
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::object::Header;
use crate::trace::{Trace, Tracer};

/// The value of `None`.
pub struct PyNone;

/// The value of `NotImplemented`, what a binary operator's slot returns when it does
/// not handle its operands.
pub struct PyNotImplemented;

/// The value of `True` or `False` (`bool` derives from `int`).
pub struct PyBool(bool);

impl PyBool {
    /// `true` for `True`.
    pub fn value(&self) -> bool {
        self.0
    }
}

impl Trace for PyNone {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&NONE_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Trace for PyNotImplemented {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&NOT_IMPLEMENTED_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Trace for PyBool {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BOOL_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `NoneType`.
pub(crate) static NONE_TYPE: PyType = PyType {
    name: "NoneType",
    new: Some(none_new),
    repr: Some(|_| Ok("None".to_owned())),
    bool: Some(|_| Ok(false)),
    ..PyType::BLANK
};

/// `NotImplementedType`.
pub(crate) static NOT_IMPLEMENTED_TYPE: PyType = PyType {
    name: "NotImplementedType",
    repr: Some(|_| Ok("NotImplemented".to_owned())),
    ..PyType::BLANK
};

/// `bool`, a subclass of `int`: `True + 1 == 2`, `hash(True) == 1`.
pub(crate) static BOOL_TYPE: PyType = PyType {
    name: "bool",
    base: Some(&super::int::INT_TYPE),
    new: Some(bool_new),
    repr: Some(bool_repr),
    hash: Some(HashSlot::Value(|obj| Ok(i64::from(is_true(obj))))),
    number: Some(&BOOL_NUMBER),
    ..PyType::BLANK
};

static BOOL_NUMBER: NumberMethods = NumberMethods {
    and: Some(|a, b| bool_bitwise(a, b, |x, y| x & y, INT_NUMBER.and)),
    or: Some(|a, b| bool_bitwise(a, b, |x, y| x | y, INT_NUMBER.or)),
    xor: Some(|a, b| bool_bitwise(a, b, |x, y| x ^ y, INT_NUMBER.xor)),
    ..NumberMethods::NONE
};

fn is_true(obj: &Obj) -> bool {
    obj.downcast_ref::<PyBool>().is_some_and(PyBool::value)
}

fn bool_repr(obj: &Obj) -> PyResult<String> {
    Ok(if is_true(obj) { "True" } else { "False" }.to_owned())
}

/// `True & False` is a bool; with an int operand it is int arithmetic.
fn bool_bitwise(
    a: &Obj,
    b: &Obj,
    op: fn(bool, bool) -> bool,
    int_op: Option<super::typeobject::BinaryFn>,
) -> PyResult<Obj> {
    match (a.downcast_ref::<PyBool>(), b.downcast_ref::<PyBool>()) {
        (Some(x), Some(y)) => Ok(Obj::from(op(x.value(), y.value()))),
        _ => match int_op {
            Some(int_op) if int_value(a).is_some() && int_value(b).is_some() => int_op(a, b),
            _ => Ok(Obj::not_implemented()),
        },
    }
}

fn none_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    if args.positional().is_empty() && args.keywords().is_empty() {
        Ok(Obj::none())
    } else {
        Err(PyErr::type_error("NoneType takes no arguments"))
    }
}

fn bool_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("bool")?;
    match args.positional_between("bool", 0, 1)? {
        [value] => Ok(Obj::from(value.is_truthy()?)),
        _ => Ok(Obj::from(false)),
    }
}

thread_local! {
    static NONE: Cell<Option<NonNull<Header>>> = const { Cell::new(None) };
    static NOT_IMPLEMENTED: Cell<Option<NonNull<Header>>> = const { Cell::new(None) };
    static TRUE: Cell<Option<NonNull<Header>>> = const { Cell::new(None) };
    static FALSE: Cell<Option<NonNull<Header>>> = const { Cell::new(None) };
}

/// This thread's instance of an immortal singleton, made on first use.
///
/// The slots are plain `Cell`s (no destructor), so they work during thread exit too.
#[inline]
pub(crate) fn singleton(
    slot: &'static std::thread::LocalKey<Cell<Option<NonNull<Header>>>>,
    make: fn() -> Obj,
) -> Obj {
    match slot.with(Cell::get) {
        Some(header) => Obj::from_header(header),
        None => first_singleton(slot, make),
    }
}

/// [`singleton`]'s first use on a thread: makes the object.
#[cold]
#[inline(never)]
fn first_singleton(
    slot: &'static std::thread::LocalKey<Cell<Option<NonNull<Header>>>>,
    make: fn() -> Obj,
) -> Obj {
    let object = make();
    debug_assert!(object.is_immortal());
    slot.with(|cell| cell.set(Some(object.header_ptr())));
    object
}

impl Obj {
    /// `None`.
    #[inline]
    pub fn none() -> Obj {
        singleton(&NONE, || Obj::new_immortal(PyNone))
    }

    /// `NotImplemented`.
    pub fn not_implemented() -> Obj {
        singleton(&NOT_IMPLEMENTED, || Obj::new_immortal(PyNotImplemented))
    }

    /// Whether this is `None`.
    pub fn is_none(&self) -> bool {
        self.is_exact::<PyNone>()
    }

    /// Whether this is `NotImplemented`.
    pub fn is_not_implemented(&self) -> bool {
        self.is_exact::<PyNotImplemented>()
    }
}

impl From<bool> for Obj {
    /// `True` or `False`.
    fn from(value: bool) -> Obj {
        if value {
            singleton(&TRUE, || Obj::new_immortal(PyBool(true)))
        } else {
            singleton(&FALSE, || Obj::new_immortal(PyBool(false)))
        }
    }
}
