//! The Python object model (seed level 2, "everything is an object").
//!
//! An [`Obj`] is a name for any Python object: one pointer, a type-erased [`AnyGc`] over the
//! same heap, pools, header and collector as [`Gc<T>`]. `let b = a.clone()` is Python's
//! `b = a`; dropping it is `del b`.
//!
//! # How an `Obj` knows what it is
//! Every object already has a vtable (drop, trace, free, ...) reached from its header. For
//! the Rust types that are Python objects, the vtable also points at a static
//! [`PyType`]: the table of the type's Python behaviour (name, repr, hash, comparisons,
//! number operators, `len`, items, iteration, methods, ...), filled in from
//! [`Trace::PYTHON_TYPE`](crate::Trace). Calling `obj.repr()` reads the header, follows
//! the vtable to the `PyType`, and calls its `repr` slot, as CPython follows `ob_type`.
//!
//! ```text
//!  Obj ──► [ vtable | rc | gc ][ value: PyList ]
//!              │
//!              ▼
//!          VTable { drop, trace, ..., python_type } ──► static LIST_TYPE: PyType
//!                                                        { name: "list", repr, len, ... }
//! ```
//!
//! Only a type with a Python type can be put in an `Obj`: [`Obj::new`] and
//! `Obj::from(gc)` refuse any other type at compile time.
//!
//! # Immortal objects
//! `None`, `True`, `False`, `NotImplemented`, the small ints (-5..=256), `''` and the
//! one-character Latin-1 strings, and the type objects are immortal (CPython 3.12): their
//! count stays at `u32::MAX` (`sys.getrefcount(None)` is 4294967295), each thread makes
//! its own on first use and never frees them.
//!
//! # Errors
//! Every Python-level failure is a [`PyErr`](crate::exceptions::PyErr) carrying a Python
//! exception object, with CPython 3.11's message; none is a Rust panic.
//!
//! # Methods of the builtin types
//! `int`, `float`, `str`, `list`, `dict`, `set` and `bytes` have every public method
//! and attribute of CPython 3.11 (the names without underscores in `dir(str)` and the
//! others: `int.to_bytes`, `int.from_bytes`, `float.hex`, `float.fromhex`, `x.real`,
//! ...), with CPython's semantics and error texts. Every method can be read on its type
//! too, as CPython's: an instance method is an unbound method descriptor (`str.upper`,
//! `<method 'upper' of 'str' objects>`, called as `str.upper('abc')`); the class methods
//! (`dict.fromkeys`, `int.from_bytes`, `float.fromhex`, `bytes.fromhex`) bind to the type
//! they are read on, the static methods (`str.maketrans`, `bytes.maketrans`) to their
//! type; `int.real` and the other data attributes of `int` and `float` are getset
//! descriptors (`<attribute 'real' of 'int' objects>`); a class deriving from a builtin
//! type shows that type's methods (`Stack.append`). Not yet:
//! - every type: the special methods as attributes (`'a'.__len__`, `[].__iadd__`,
//!   `x.__sizeof__()`, `__getnewargs__`): the operations work, the named methods do not
//!   exist; the data attributes of types other than `int` and `float` read on the type
//!   (`slice.start`, `BaseException.args`);
//! - `str`: lone surrogates (a Rust `char` cannot hold one); codecs other than UTF-8,
//!   ASCII and Latin-1, the `surrogateescape`, `surrogatepass` and `namereplace`
//!   handlers, and `UnicodeEncodeError`/`UnicodeDecodeError` (a codec failure is a
//!   `ValueError` with CPython's message); case mappings come from Rust's `char`, whose
//!   Unicode version may be newer than CPython 3.11's 14.0.0 for a few characters;
//! - `bytes`: `bytes % args`; `bytearray` and `memoryview` (arguments take `bytes`);
//! - `dict`: `d | other`, `d |= other` (PEP 584), `reversed(d)`.

mod args;
mod body;
mod bytes;
mod cell;
mod class;
mod descriptor;
mod dict;
pub(crate) mod float;
mod format;
mod function;
mod hash;
mod instance;
pub(crate) mod int;
mod iter;
pub(crate) mod list;
mod method;
mod pattern;
mod printable;
mod protocol;
mod recursion;
mod sequence;
mod set;
mod singletons;
mod slice;
mod slotwrapper;
pub(crate) use slotwrapper::is_object_slot;
mod str;
mod superobject;
mod tuple;
mod typeobject;

// Interop: builtins' types, modules, weak reference objects, derived classes.
pub(crate) mod generator;
mod iterators;
mod module;
mod range;
mod rustclass;
mod sizeof;
mod slotted;
mod weakrefobject;

use std::fmt;

use crate::exceptions::{PyErr, PyResult};
use crate::object::Header;
use crate::refcount::{AnyGc, Gc};
use crate::trace::{Trace, Tracer};

pub use args::{Args, OwnedArgs};
pub use bytes::PyBytes;
pub use cell::PyCell;
pub use class::{MethodSite, PyClass, call_method_at, call_method_self_owned};
pub(crate) use class::{call_class, class_lookup};
pub(crate) use class::{keep_names, keep_signature, keep_table, keep_text};
pub(crate) use descriptor::PyMemberDescriptor;
pub(crate) use descriptor::{CLASSMETHOD_TYPE, PROPERTY_TYPE, STATICMETHOD_TYPE};
pub use descriptor::{PyClassMethod, PyProperty, PyStaticMethod};
pub use dict::{PyDict, PyDictInstance, PyDictView};
pub(crate) use dict::{PyDictSubclass, as_dict};
pub use float::PyFloat;
pub(crate) use format::format_builtin;
pub use format::format_value;
pub use function::{FunctionCode, PyFunction, PyMethod, Signature, bind_arguments};
pub(crate) use instance::instance_class;
pub use instance::{AttrSite, InstanceData, PyInstance, instance_data, load_attr, store_attr_at};
pub use int::PyInt;
pub use iter::{PyIterator, PySeqIter};
pub use list::{PyList, PyListInstance};
pub use method::{PyBuiltinFunction, PyBuiltinMethod, PyGetSetDescriptor, PyMethodDescriptor};
pub(crate) use pattern::{match_class, match_mapping, match_sequence};
pub use protocol::CompareOp;
pub use set::PySet;
#[cfg(feature = "serde")]
pub(crate) use set::frozenset_elements;
pub use singletons::{PyBool, PyNone, PyNotImplemented};
pub use slice::PySlice;
pub(crate) use slotted::slotted_items;
pub use str::PyStr;
pub use superobject::PySuper;
pub(crate) use superobject::SUPER_TYPE;
pub use tuple::PyTuple;
pub(crate) use typeobject::as_type as as_type_object;
pub use typeobject::{PyType, PyTypeObject};

pub(crate) use hash::{hash_pointer, hash_str};
pub(crate) use instance::{call_del, vars};
pub(crate) use recursion::{RecursionGuard, ReprGuard, enter_recursive_call};
pub(crate) use typeobject::OBJECT_TYPE;
pub(crate) use typeobject::{HashSlot, Method, MethodKind, NumberMethods};

// Interop: builtins' types, modules, weak reference objects.
pub use generator::{
    Channel, ChannelOf, CoroutineStart, FrameBox, GeneratorBody, PyCoroutine, PyGenerator,
    YieldFuture, await_call, await_value, coroutine, generator, yield_from, yield_value,
};
pub(crate) use iterators::{
    ENUMERATE_TYPE, FILTER_TYPE, MAP_TYPE, REVERSED_TYPE, ZIP_TYPE, callable_iter, enumerate, zip,
};
pub use iterators::{PyCallableIter, PyEnumerate, PyFilter, PyMap, PyReversed, PyZip};
pub use module::PyModule;
pub(crate) use range::RANGE_TYPE;
pub use range::{PyRange, PyRangeIter};
pub(crate) use recursion::{recursion_limit, set_recursion_limit};
pub(crate) use sizeof::getsizeof;
pub use weakrefobject::PyWeakref;
pub(crate) use weakrefobject::{WEAKREF_TYPE, report_unraisable};

pub(crate) mod types {
    //! The static type tables of the builtin types, by Python name.
    pub(crate) use super::bytes::BYTES_TYPE;
    pub(crate) use super::dict::DICT_TYPE;
    pub(crate) use super::float::FLOAT_TYPE;
    pub(crate) use super::int::INT_TYPE;
    pub(crate) use super::list::LIST_TYPE;
    pub(crate) use super::set::SET_TYPE;
    pub(crate) use super::singletons::BOOL_TYPE;
    pub(crate) use super::str::STR_TYPE;
    pub(crate) use super::tuple::TUPLE_TYPE;
    pub(crate) use super::typeobject::TYPE_TYPE;
}

/// A handle to any Python object: Python's notion of a name.
///
/// One pointer wide, reference counted like [`Gc<T>`] (clone = +1, drop = -1, freed at
/// zero), on the same heap and seen by the same cycle collector. Its Python behaviour
/// comes from its type's [`PyType`].
///
/// ```
/// use pyobj::Obj;
///
/// let a = Obj::list([Obj::from(1), Obj::from(2), Obj::from(3)]); // a = [1, 2, 3]
/// let b = a.clone();                                              // b = a
/// assert!(a.is(&b));                                              // a is b
/// assert_eq!(a.repr().unwrap(), "[1, 2, 3]");
/// assert_eq!(a.refcount(), 2);
/// ```
#[repr(transparent)]
pub struct Obj(AnyGc);

impl Obj {
    /// Puts a Python object on the heap.
    ///
    /// `T` must be a Python type ([`Trace::PYTHON_TYPE`] is set); any other type is a
    /// compile-time error.
    pub fn new<T: Trace + 'static>(value: T) -> Obj {
        Obj::from(Gc::new_at_line(value))
    }

    /// Puts a Python object on the heap untracked by the collector, to be tracked once it
    /// may be part of a cycle (CPython's tuples and dicts of atoms).
    pub(crate) fn new_untracked<T: Trace + 'static>(value: T) -> Obj {
        Obj::from(Gc::new_untracked(value))
    }

    /// Makes a new immortal object (count `u32::MAX`, never freed).
    pub(crate) fn new_immortal<T: Trace + 'static>(value: T) -> Obj {
        Obj::from(Gc::new_immortal(value))
    }

    /// A handle to the object of a live header (one reference added).
    pub(crate) fn from_header(header: std::ptr::NonNull<Header>) -> Obj {
        Obj(AnyGc::from_borrowed(header))
    }

    /// A handle to an object known to a table that does not own it (the intern table),
    /// unless its count is zero: it is being released and must not be handed out again.
    ///
    /// The caller passes an object that is not freed yet (a table entry goes away before
    /// its object's memory does).
    pub(crate) fn revive(header: std::ptr::NonNull<Header>) -> Option<Obj> {
        // SAFETY: the object is not freed yet (the caller's contract above); reading its
        // count is all that is done before a reference is taken.
        let count = unsafe { header.as_ref() }.rc.get();
        (count > 0).then(|| Obj::from_header(header))
    }

    /// The object's header (with the whole object's provenance).
    pub(crate) fn header_ptr(&self) -> std::ptr::NonNull<Header> {
        self.0.header()
    }

    fn header(&self) -> &Header {
        // SAFETY: a handle keeps its object live for as long as it is borrowed.
        unsafe { self.0.header().as_ref() }
    }

    /// The handle as an [`AnyGc`] (for the `gc` module's functions).
    pub fn as_any(&self) -> &AnyGc {
        &self.0
    }

    /// The handle as an [`AnyGc`].
    pub fn into_any(self) -> AnyGc {
        self.0
    }

    /// An `Obj` from any handle, if its value is a Python object.
    pub fn from_any(any: AnyGc) -> Result<Obj, AnyGc> {
        if any_python_type(&any).is_some() {
            Ok(Obj(any))
        } else {
            Err(any)
        }
    }

    /// The object's type: the table of its Python behaviour (`type(obj)`).
    pub fn py_type(&self) -> &'static PyType {
        let table = self.header().vtable().python_type.unwrap_or(&OBJECT_TYPE);
        match table.class_of {
            Some(class_of) => class_of(self),
            None => table,
        }
    }

    /// The name of the object's type, as Python prints it (`'int'`, `'list'`).
    pub fn type_name(&self) -> &'static str {
        self.py_type().name()
    }

    /// Python's `is`: whether both names refer to the same object.
    pub fn is(&self, other: &Obj) -> bool {
        AnyGc::ptr_eq(&self.0, &other.0)
    }

    /// Python's `id()`: the object's address, unique among live objects.
    pub fn id(&self) -> usize {
        AnyGc::addr(&self.0)
    }

    /// The object's reference count: the number of handles to it, or 4294967295
    /// (`u32::MAX`) for an immortal object, as CPython 3.12 reports them.
    ///
    /// `sys.getrefcount(x)` is this plus one (the argument's own reference).
    pub fn refcount(&self) -> usize {
        AnyGc::strong_count(&self.0)
    }

    /// Whether the object is immortal (never freed).
    pub fn is_immortal(&self) -> bool {
        self.header().rc.get() == crate::object::IMMORTAL
    }

    /// Whether the value is exactly a `T` (no subclass).
    pub fn is_exact<T: Trace + 'static>(&self) -> bool {
        self.0.is::<T>()
    }

    /// The value, if it is a `T`.
    pub fn downcast_ref<T: Trace + 'static>(&self) -> Option<&T> {
        self.0.downcast_ref::<T>()
    }

    /// The value as a `T`, or a `SystemError` (a slot of one type was called on an
    /// object of another).
    pub(crate) fn value_as<T: Trace + 'static>(&self) -> PyResult<&T> {
        self.downcast_ref::<T>().ok_or_else(|| {
            PyErr::system_error(format!(
                "bad argument to internal function: '{}' object",
                self.type_name()
            ))
        })
    }

    /// The typed handle, if the value is a `T`; otherwise the handle back.
    pub fn downcast<T: Trace + 'static>(self) -> Result<Gc<T>, Obj> {
        self.0.downcast::<T>().map_err(Obj)
    }

    /// Whether `isinstance(obj, ty)`.
    pub fn is_instance(&self, ty: &'static PyType) -> bool {
        self.py_type().is_subtype(ty)
    }

    /// Whether the object may be part of a cycle, now or later (CPython's
    /// `_PyObject_GC_MAY_BE_TRACKED`): its type can hold handles, and it is not a tuple
    /// left untracked because it holds no container (its items never change). An
    /// untracked dict counts as "may be tracked": it can get a container later.
    pub(crate) fn may_be_tracked(&self) -> bool {
        let header = self.header();
        if !header.vtable().tracked {
            return false;
        }
        if self.is_exact::<PyTuple>() {
            return header.has(crate::object::flag::TRACKED);
        }
        true
    }

    /// Starts tracking this (untracked) object: it may now be part of a cycle.
    pub(crate) fn track(&self) {
        if !self.header().has(crate::object::flag::TRACKED) {
            let header = self.header_ptr();
            crate::heap::with_heap(|heap| heap.track(header));
        }
    }

    /// Whether the collector tracks this object (`gc.is_tracked(obj)`).
    pub fn is_tracked(&self) -> bool {
        self.header().has(crate::object::flag::TRACKED)
    }
}

/// The Python type of the value behind any handle, if it is a Python object.
pub(crate) fn any_python_type(any: &AnyGc) -> Option<&'static PyType> {
    // SAFETY: a handle keeps its object live for as long as it is borrowed.
    unsafe { any.header().as_ref() }.vtable().python_type
}

impl Clone for Obj {
    /// Python's `b = a`: the same object, count + 1.
    #[inline(always)]
    fn clone(&self) -> Self {
        Obj(self.0.clone())
    }
}

impl<T: Trace + 'static> From<Gc<T>> for Obj {
    /// The same object as an `Obj`. `T` must be a Python type (a compile-time check).
    fn from(gc: Gc<T>) -> Obj {
        const {
            assert!(
                T::PYTHON_TYPE.is_some(),
                "only a Python type (one with `Trace::PYTHON_TYPE`) can be held by an `Obj`"
            )
        };
        Obj(Gc::into_any(gc))
    }
}

/// An `Obj` is an edge the collector follows.
impl Trace for Obj {
    const TRACKED: bool = true;
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
}

impl crate::gc::Handle for Obj {
    fn as_any(&self) -> &AnyGc {
        &self.0
    }
}

impl fmt::Debug for Obj {
    /// The object's `repr()` (or a placeholder if `repr` raises).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr() {
            Ok(text) => f.write_str(&text),
            Err(error) => write!(f, "<{} object; repr() raised {error}>", self.type_name()),
        }
    }
}

impl fmt::Display for Obj {
    /// The object's `str()` (or a placeholder if `str` raises).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.str() {
            Ok(text) => f.write_str(&text),
            Err(error) => write!(f, "<{} object; str() raised {error}>", self.type_name()),
        }
    }
}

/// Rust values that have a Python counterpart.
///
/// ```
/// use pyobj::{IntoObj, Obj};
///
/// assert_eq!(vec![1, 2].into_obj().repr().unwrap(), "[1, 2]");
/// assert_eq!(Some("a").into_obj().repr().unwrap(), "'a'");
/// assert!(None::<i64>.into_obj().is(&Obj::none()));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be converted to a Python object",
    label = "`{Self}` does not implement `IntoObj`",
    note = "`IntoObj` is implemented for ints, floats, bools, strings, `Vec`, `Option`, `Obj` and `Gc<T>` of a `#[derive(PyObject)]` type"
)]
pub trait IntoObj {
    /// The Python object for this value.
    fn into_obj(self) -> Obj;
}

impl IntoObj for Obj {
    fn into_obj(self) -> Obj {
        self
    }
}

impl IntoObj for &Obj {
    fn into_obj(self) -> Obj {
        self.clone()
    }
}

impl<T: Trace + 'static> IntoObj for Gc<T> {
    fn into_obj(self) -> Obj {
        Obj::from(self)
    }
}

impl<T: IntoObj> IntoObj for Option<T> {
    /// `None` is Python's `None`.
    fn into_obj(self) -> Obj {
        self.map_or_else(Obj::none, IntoObj::into_obj)
    }
}

impl<T: IntoObj> IntoObj for Vec<T> {
    /// A new list.
    fn into_obj(self) -> Obj {
        Obj::list(self.into_iter().map(IntoObj::into_obj))
    }
}

macro_rules! into_obj_via_from {
    ($($t:ty),*) => {
        $(
            impl IntoObj for $t {
                fn into_obj(self) -> Obj {
                    Obj::from(self)
                }
            }
        )*
    };
}

into_obj_via_from!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool, f64, f32, &str, String
);

/// Rust values that a Python object can be converted to ([`Obj::extract`]).
pub trait FromObj: Sized {
    /// The value, or a `TypeError`/`OverflowError` as CPython raises them.
    fn from_obj(obj: &Obj) -> PyResult<Self>;
}

impl Obj {
    /// The object as a Rust value (`i64`, `f64`, `bool`, `String`, `Vec<T>`, ...).
    ///
    /// ```
    /// use pyobj::Obj;
    ///
    /// assert_eq!(Obj::from(42).extract::<i64>().unwrap(), 42);
    /// let err = Obj::from("x").extract::<i64>().unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: 'str' object cannot be interpreted as an integer");
    /// ```
    pub fn extract<T: FromObj>(&self) -> PyResult<T> {
        T::from_obj(self)
    }
}

impl FromObj for Obj {
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        Ok(obj.clone())
    }
}

impl FromObj for bool {
    /// Exactly `True` or `False` (no truthiness).
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        match obj.downcast_ref::<PyBool>() {
            Some(value) => Ok(value.value()),
            None => Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as a bool",
                obj.type_name()
            ))),
        }
    }
}

impl FromObj for f64 {
    /// A float, or an int converted to float.
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        float::as_f64(obj)?.ok_or_else(|| {
            PyErr::type_error(format!("must be real number, not {}", obj.type_name()))
        })
    }
}

impl FromObj for String {
    /// A str.
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        match obj.downcast_ref::<PyStr>() {
            Some(s) => Ok(s.as_str().to_owned()),
            None => Err(PyErr::type_error(format!(
                "expected str, got {}",
                obj.type_name()
            ))),
        }
    }
}

impl<T: FromObj> FromObj for Vec<T> {
    /// Each item of any iterable.
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        obj.try_iter()?
            .map(|item| item.and_then(|item| T::from_obj(&item)))
            .collect()
    }
}

impl<T: FromObj> FromObj for Option<T> {
    /// `None` for Python's `None`.
    fn from_obj(obj: &Obj) -> PyResult<Self> {
        if obj.is_none() {
            Ok(None)
        } else {
            T::from_obj(obj).map(Some)
        }
    }
}

macro_rules! from_obj_int {
    ($($t:ty),*) => {
        $(
            impl FromObj for $t {
                /// An int (or bool) that fits, else `OverflowError`.
                fn from_obj(obj: &Obj) -> PyResult<Self> {
                    let value = int::index_value(obj)?;
                    value.to_primitive::<$t>().ok_or_else(|| {
                        PyErr::overflow_error(concat!(
                            "Python int too large to convert to Rust ",
                            stringify!($t)
                        ))
                    })
                }
            }
        )*
    };
}

from_obj_int!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);
