//! The object protocol: what `repr(x)`, `x == y`, `x + y`, `len(x)`, `x[i]`, `iter(x)`,
//! `x.name` and `x(...)` do, dispatched through the operands' types as CPython's
//! `Objects/abstract.c` and `Objects/object.c` do it.
//!
//! # Binary operators
//! `x + y` asks `type(x)` first, then `type(y)` (first, if `type(y)` is a subclass of
//! `type(x)`); a slot that does not handle the other operand returns `NotImplemented`.
//! If both decline, `+` and `*` fall back to sequence concatenation and repetition, and
//! otherwise raise `TypeError: unsupported operand type(s) for +: 'int' and 'str'`.
//!
//! # Comparisons
//! `x < y` tries `type(x)`'s comparison, then `type(y)`'s reflected one (`y > x`);
//! `==` and `!=` fall back to identity; the others raise `TypeError: '<' not supported
//! between instances of 'int' and 'str'`. Containers compare their items with an identity
//! shortcut first (`[nan] == [nan]` is true), as `PyObject_RichCompareBool` does.

use super::iter::PyIterator;
use super::method::PyBuiltinMethod;
use super::typeobject::{BinaryFn, HashSlot, MethodKind, NumberMethods, PyType, object_repr};
use super::{Args, Obj, PyStr, enter_recursive_call, hash_pointer};
use crate::exceptions::{PyErr, PyResult};

/// A rich comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator with its operands swapped: `a < b` is `b > a`.
    pub fn swapped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }

    /// The operator as Python writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    /// Whether `ordering` satisfies the operator.
    pub fn matches(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CompareOp::Lt => ordering == Less,
            CompareOp::Le => ordering != Greater,
            CompareOp::Eq => ordering == Equal,
            CompareOp::Ne => ordering != Equal,
            CompareOp::Gt => ordering == Greater,
            CompareOp::Ge => ordering != Less,
        }
    }
}

/// A binary operator of the number protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Rem,
    DivMod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinOp {
    fn slot(self, number: &NumberMethods) -> Option<BinaryFn> {
        match self {
            BinOp::Add => number.add,
            BinOp::Sub => number.sub,
            BinOp::Mul => number.mul,
            BinOp::TrueDiv => number.truediv,
            BinOp::FloorDiv => number.floordiv,
            BinOp::Rem => number.rem,
            BinOp::DivMod => number.divmod,
            BinOp::Pow => number.pow,
            BinOp::LShift => number.lshift,
            BinOp::RShift => number.rshift,
            BinOp::And => number.and,
            BinOp::Or => number.or,
            BinOp::Xor => number.xor,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Rem => "%",
            BinOp::DivMod => "divmod()",
            BinOp::Pow => "** or pow()",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }
}

/// The number slot `op` of `ty` and the type that defines it.
fn number_slot(ty: &'static PyType, op: BinOp) -> Option<(&'static PyType, BinaryFn)> {
    ty.lookup_owner(|t| t.number.and_then(|number| op.slot(number)))
}

/// CPython's `binary_op1`: the left operand's slot, the right one's, or `NotImplemented`.
fn binary_op1(v: &Obj, w: &Obj, op: BinOp) -> PyResult<Obj> {
    let (tv, tw) = (v.py_type(), w.py_type());
    let slotv = number_slot(tv, op);
    let mut slotw = if std::ptr::eq(tv, tw) {
        None
    } else {
        number_slot(tw, op)
    };
    if let (Some((ov, _)), Some((ow, _))) = (slotv, slotw)
        && (std::ptr::eq(ov, ow) || (ov.heap_type && ow.heap_type))
    {
        // The same slot (CPython compares the slot functions): the classes' number
        // slots all dispatch to `__op__`/`__rop__` themselves, both sides in one call.
        slotw = None;
    }
    if let Some((_, fv)) = slotv {
        if let Some((_, fw)) = slotw
            && tw.is_subtype(tv)
        {
            let result = fw(v, w)?;
            if !result.is_not_implemented() {
                return Ok(result);
            }
            slotw = None;
        }
        let result = fv(v, w)?;
        if !result.is_not_implemented() {
            return Ok(result);
        }
    }
    if let Some((_, fw)) = slotw {
        let result = fw(v, w)?;
        if !result.is_not_implemented() {
            return Ok(result);
        }
    }
    Ok(Obj::not_implemented())
}

fn unsupported(v: &Obj, w: &Obj, op: BinOp) -> PyErr {
    PyErr::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        v.type_name(),
        w.type_name()
    ))
}

fn binary_op(v: &Obj, w: &Obj, op: BinOp) -> PyResult<Obj> {
    let result = binary_op1(v, w, op)?;
    if result.is_not_implemented() {
        Err(unsupported(v, w, op))
    } else {
        Ok(result)
    }
}

/// `seq * n` once the number slots declined.
fn sequence_repeat(repeat: fn(&Obj, isize) -> PyResult<Obj>, seq: &Obj, n: &Obj) -> PyResult<Obj> {
    if n.py_type().number_slot(|number| number.index).is_none() {
        return Err(PyErr::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            n.type_name()
        )));
    }
    let count = super::int::index_value(n)?
        .to_primitive::<isize>()
        .ok_or_else(|| {
            PyErr::overflow_error(format!(
                "cannot fit '{}' into an index-sized integer",
                n.type_name()
            ))
        })?;
    repeat(seq, count)
}

fn unary(
    obj: &Obj,
    get: fn(&NumberMethods) -> Option<super::typeobject::UnaryFn>,
    what: &str,
) -> PyResult<Obj> {
    match obj.py_type().number_slot(get) {
        Some(f) => f(obj),
        None => Err(PyErr::type_error(format!(
            "bad operand type for {what}: '{}'",
            obj.type_name()
        ))),
    }
}

/// The text and repr protocol, comparisons and hashing.
impl Obj {
    /// `repr(obj)`.
    pub fn repr(&self) -> PyResult<String> {
        let _depth = enter_recursive_call(" while getting the repr of an object")?;
        let repr = self.py_type().lookup(|ty| ty.repr).unwrap_or(object_repr);
        repr(self)
    }

    /// `str(obj)`: the `str` slot, or the repr.
    pub fn str(&self) -> PyResult<String> {
        match self.py_type().lookup(|ty| ty.str) {
            Some(str) => {
                let _depth = enter_recursive_call(" while getting the str of an object")?;
                str(self)
            }
            None => self.repr(),
        }
    }

    /// `hash(obj)`: `TypeError: unhashable type: 'list'` for mutable containers.
    pub fn hash(&self) -> PyResult<i64> {
        match self.py_type().lookup(|ty| ty.hash) {
            Some(HashSlot::Value(hash)) => hash(self),
            Some(HashSlot::Unhashable) => Err(PyErr::type_error(format!(
                "unhashable type: '{}'",
                self.type_name()
            ))),
            Some(HashSlot::Identity) | None => Ok(hash_pointer(self.id())),
        }
    }

    /// `obj <op> other`, as an object (`True`, `False`, or what a comparison returns).
    pub fn rich_compare(&self, other: &Obj, op: CompareOp) -> PyResult<Obj> {
        let _depth = enter_recursive_call(" in comparison")?;
        let (tv, tw) = (self.py_type(), other.py_type());
        let compare_v = tv.lookup(|ty| ty.richcompare);
        let compare_w = tw.lookup(|ty| ty.richcompare);
        let mut reflected_tried = false;
        if !std::ptr::eq(tv, tw)
            && tw.is_subtype(tv)
            && let Some(compare) = compare_w
        {
            reflected_tried = true;
            let result = compare(other, self, op.swapped())?;
            if !result.is_not_implemented() {
                return Ok(result);
            }
        }
        if let Some(compare) = compare_v {
            let result = compare(self, other, op)?;
            if !result.is_not_implemented() {
                return Ok(result);
            }
        }
        if !reflected_tried && let Some(compare) = compare_w {
            let result = compare(other, self, op.swapped())?;
            if !result.is_not_implemented() {
                return Ok(result);
            }
        }
        match op {
            CompareOp::Eq => Ok(Obj::from(self.is(other))),
            CompareOp::Ne => Ok(Obj::from(!self.is(other))),
            _ => Err(PyErr::type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                self.type_name(),
                other.type_name()
            ))),
        }
    }

    /// Whether `obj <op> other` is true.
    pub fn compare(&self, other: &Obj, op: CompareOp) -> PyResult<bool> {
        // Ints that fit an `i64` with each other, floats with floats: the answer of
        // their own comparison, without a bool object in between.
        if let Some(result) = crate::specialize::compare_numbers(self, other, op) {
            return Ok(result);
        }
        if op == CompareOp::Eq
            && let (Some(a), Some(b)) =
                (self.downcast_ref::<PyStr>(), other.downcast_ref::<PyStr>())
        {
            return Ok(a.as_str() == b.as_str());
        }
        self.rich_compare(other, op)?.is_truthy()
    }

    /// Whether `obj == other` (Python's `==`, no identity shortcut: `nan == nan` is
    /// false).
    pub fn eq(&self, other: &Obj) -> PyResult<bool> {
        self.compare(other, CompareOp::Eq)
    }

    /// Whether `obj < other`.
    pub fn lt(&self, other: &Obj) -> PyResult<bool> {
        self.compare(other, CompareOp::Lt)
    }

    /// Containers' comparison (`PyObject_RichCompareBool`): identical objects are equal.
    pub(crate) fn compare_bool(&self, other: &Obj, op: CompareOp) -> PyResult<bool> {
        if self.is(other) {
            match op {
                CompareOp::Eq => return Ok(true),
                CompareOp::Ne => return Ok(false),
                _ => {}
            }
        }
        self.compare(other, op)
    }

    /// `==` between container items: identity first, then `==`.
    pub(crate) fn eq_item(&self, other: &Obj) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Eq)
    }

    /// `bool(obj)`: the `bool` slot, else `len(obj) != 0`, else true.
    pub fn is_truthy(&self) -> PyResult<bool> {
        let ty = self.py_type();
        if let Some(truth) = ty.lookup(|t| t.bool) {
            return truth(self);
        }
        if let Some(len) = ty.lookup(|t| t.len) {
            return Ok(len(self)? != 0);
        }
        Ok(true)
    }
}

/// Operators.
impl Obj {
    /// `obj + other`.
    pub fn add(&self, other: &Obj) -> PyResult<Obj> {
        let result = binary_op1(self, other, BinOp::Add)?;
        if !result.is_not_implemented() {
            return Ok(result);
        }
        match self.py_type().lookup(|ty| ty.concat) {
            Some(concat) => concat(self, other),
            None => Err(unsupported(self, other, BinOp::Add)),
        }
    }

    /// `obj - other`.
    pub fn sub(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::Sub)
    }

    /// `obj * other` (numbers, or sequence repetition).
    pub fn mul(&self, other: &Obj) -> PyResult<Obj> {
        let result = binary_op1(self, other, BinOp::Mul)?;
        if !result.is_not_implemented() {
            return Ok(result);
        }
        if let Some(repeat) = self.py_type().lookup(|ty| ty.repeat) {
            return sequence_repeat(repeat, self, other);
        }
        if let Some(repeat) = other.py_type().lookup(|ty| ty.repeat) {
            return sequence_repeat(repeat, other, self);
        }
        Err(unsupported(self, other, BinOp::Mul))
    }

    /// `obj / other`.
    pub fn truediv(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::TrueDiv)
    }

    /// `obj // other`.
    pub fn floordiv(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::FloorDiv)
    }

    /// `obj % other`.
    pub fn rem(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::Rem)
    }

    /// `divmod(obj, other)`.
    pub fn divmod(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::DivMod)
    }

    /// `obj ** other`.
    pub fn pow(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::Pow)
    }

    /// `obj << other`.
    pub fn lshift(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::LShift)
    }

    /// `obj >> other`.
    pub fn rshift(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::RShift)
    }

    /// `obj & other`.
    pub fn bitand(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::And)
    }

    /// `obj | other`.
    pub fn bitor(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::Or)
    }

    /// `obj ^ other`.
    pub fn bitxor(&self, other: &Obj) -> PyResult<Obj> {
        binary_op(self, other, BinOp::Xor)
    }

    /// `-obj`.
    pub fn neg(&self) -> PyResult<Obj> {
        unary(self, |number| number.neg, "unary -")
    }

    /// `+obj`.
    pub fn pos(&self) -> PyResult<Obj> {
        unary(self, |number| number.pos, "unary +")
    }

    /// `~obj`.
    pub fn invert(&self) -> PyResult<Obj> {
        unary(self, |number| number.invert, "unary ~")
    }

    /// `abs(obj)`.
    pub fn abs(&self) -> PyResult<Obj> {
        unary(self, |number| number.abs, "abs()")
    }
}

/// Containers: length, items, membership, iteration.
impl Obj {
    /// `len(obj)`.
    pub fn len(&self) -> PyResult<usize> {
        match self.py_type().lookup(|ty| ty.len) {
            Some(len) => len(self),
            None => Err(PyErr::type_error(format!(
                "object of type '{}' has no len()",
                self.type_name()
            ))),
        }
    }

    /// Whether `len(obj) == 0`.
    pub fn is_empty(&self) -> PyResult<bool> {
        Ok(self.len()? == 0)
    }

    /// `obj[key]`.
    pub fn get_item(&self, key: &Obj) -> PyResult<Obj> {
        match self.py_type().lookup(|ty| ty.getitem) {
            Some(getitem) => getitem(self, key),
            None => Err(PyErr::type_error(format!(
                "'{}' object is not subscriptable",
                self.type_name()
            ))),
        }
    }

    /// `obj[key] = value`.
    pub fn set_item(&self, key: &Obj, value: &Obj) -> PyResult<()> {
        match self.py_type().lookup(|ty| ty.setitem) {
            Some(setitem) => setitem(self, key, Some(value)),
            None => Err(PyErr::type_error(format!(
                "'{}' object does not support item assignment",
                self.type_name()
            ))),
        }
    }

    /// `del obj[key]`.
    pub fn del_item(&self, key: &Obj) -> PyResult<()> {
        match self.py_type().lookup(|ty| ty.setitem) {
            Some(setitem) => setitem(self, key, None),
            None => Err(PyErr::type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_name()
            ))),
        }
    }

    /// `item in obj`.
    pub fn contains(&self, item: &Obj) -> PyResult<bool> {
        if let Some(contains) = self.py_type().lookup(|ty| ty.contains) {
            return contains(self, item);
        }
        if self.py_type().lookup(|ty| ty.iter).is_none() {
            return Err(PyErr::type_error(format!(
                "argument of type '{}' is not iterable",
                self.type_name()
            )));
        }
        for element in self.try_iter()? {
            if element?.eq_item(item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `iter(obj)`: an iterator object.
    pub fn iter(&self) -> PyResult<Obj> {
        match self.py_type().lookup(|ty| ty.iter) {
            Some(iter) => iter(self),
            None => Err(PyErr::type_error(format!(
                "'{}' object is not iterable",
                self.type_name()
            ))),
        }
    }

    /// `next(obj)` on an iterator: `Ok(None)` once it is exhausted.
    pub fn next_item(&self) -> PyResult<Option<Obj>> {
        match self.py_type().lookup(|ty| ty.next) {
            Some(next) => next(self),
            None => Err(PyErr::type_error(format!(
                "'{}' object is not an iterator",
                self.type_name()
            ))),
        }
    }

    /// `iter(obj)` as a Rust iterator of `PyResult<Obj>`.
    ///
    /// ```
    /// use pyobj::Obj;
    ///
    /// let list = Obj::list([Obj::from(1), Obj::from(2)]);
    /// let items: Vec<i64> = list
    ///     .try_iter().unwrap()
    ///     .map(|item| item.and_then(|item| item.extract::<i64>()))
    ///     .collect::<Result<_, _>>().unwrap();
    /// assert_eq!(items, [1, 2]);
    /// ```
    pub fn try_iter(&self) -> PyResult<PyIterator> {
        Ok(PyIterator::new(self.iter()?))
    }

    /// The items of any iterable, collected (`list(obj)`'s items).
    pub fn to_vec(&self) -> PyResult<Vec<Obj>> {
        if let Some(list) = self.downcast_ref::<super::PyList>() {
            return Ok(list.snapshot());
        }
        if let Some(tuple) = self.downcast_ref::<super::PyTuple>() {
            return Ok(tuple.as_slice().to_vec());
        }
        self.try_iter()?.collect()
    }
}

/// Attributes and calls.
impl Obj {
    /// `obj.name`: a data attribute, or a method bound to `obj`.
    pub fn getattr(&self, name: &str) -> PyResult<Obj> {
        // An instance of a class: its class's `getattr` slot, first in the search below.
        if self.is_exact::<super::instance::PyInstance>()
            && let Some(value) = super::instance::instance_getattr(self, name)?
        {
            return Ok(value);
        }
        let ty = self.py_type();
        let mut class_seen = false;
        for owner in ty.mro() {
            if owner.heap_type {
                // A class's `getattr` slot searches the instance and the whole chain of
                // classes at once.
                if class_seen {
                    continue;
                }
                class_seen = true;
            }
            if let Some(getattr) = owner.getattr
                && let Some(value) = getattr(self, name)?
            {
                return Ok(value);
            }
        }
        if let Some((owner, method)) = ty.method_owner(name) {
            // A class method binds to the type, a static method to the type defining it
            // (`{}.fromkeys`, `'a'.maketrans`: `<built-in method ... of type object>`).
            let owner = match owner.method_kind(name) {
                Some(MethodKind::Class) => ty.to_object(),
                Some(MethodKind::Static) => owner.to_object(),
                None => self.clone(),
            };
            return Ok(PyBuiltinMethod::bind(owner, method));
        }
        if name == "__class__" {
            return Ok(ty.to_object());
        }
        // A builtin type's slots as methods (`[1].__len__()`, `it.__next__()`; for an
        // instance of a class, its builtin base's: `self.__repr__()`).
        if let Some(wrapper) =
            super::slotwrapper::slot_wrapper(super::class::builtin_base(ty), name, Some(self))
        {
            return Ok(wrapper);
        }
        Err(PyErr::no_attribute(self, name))
    }

    /// `obj.name = value`.
    ///
    /// A type without a `setattr` slot has read-only attributes, with CPython's texts:
    /// `'int' object has no attribute 'x'`, `attribute 'real' of 'int' objects is not
    /// writable` (a data attribute), `'list' object attribute 'append' is read-only` (a
    /// method).
    #[inline]
    pub fn setattr(&self, name: &str, value: &Obj) -> PyResult<()> {
        // An instance of a class: its class's `setattr` slot, in one call.
        if self.is_exact::<super::instance::PyInstance>() {
            return self.setattr_owned(name, value.clone());
        }
        self.set_or_del_attr(name, Some(value))
    }

    /// `del obj.name`.
    pub fn delattr(&self, name: &str) -> PyResult<()> {
        self.set_or_del_attr(name, None)
    }

    fn set_or_del_attr(&self, name: &str, value: Option<&Obj>) -> PyResult<()> {
        // An instance of a class: its class's `setattr` slot, found below otherwise.
        if self.is_exact::<super::instance::PyInstance>() {
            return super::instance::instance_setattr(self, name, value);
        }
        let ty = self.py_type();
        if let Some(setattr) = ty.lookup(|ty| ty.setattr) {
            return setattr(self, name, value);
        }
        for owner in ty.mro() {
            if let Some(getattr) = owner.getattr
                && getattr(self, name)?.is_some()
            {
                // A getset descriptor names the type that defines it (`True.real = 1`:
                // `attribute 'real' of 'int' objects is not writable`).
                let type_name = if owner.attributes.contains(&name) {
                    owner.name
                } else {
                    self.type_name()
                };
                return Err(PyErr::attribute_error(format!(
                    "attribute '{name}' of '{type_name}' objects is not writable"
                )));
            }
        }
        if ty.method(name).is_some() {
            return Err(PyErr::attribute_error(format!(
                "'{}' object attribute '{name}' is read-only",
                self.type_name()
            )));
        }
        Err(PyErr::no_attribute(self, name))
    }

    /// `hasattr(obj, name)`: whether `getattr` succeeds (other errors propagate).
    pub fn hasattr(&self, name: &str) -> PyResult<bool> {
        match self.getattr(name) {
            Ok(_) => Ok(true),
            Err(error) if error.is_instance(&crate::exceptions::ATTRIBUTE_ERROR) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// `obj(*args)`.
    pub fn call(&self, args: &[Obj]) -> PyResult<Obj> {
        self.call_with(&Args::positional_only(args))
    }

    /// `obj(*args, **kwargs)`.
    pub fn call_with(&self, args: &Args<'_>) -> PyResult<Obj> {
        match self.py_type().lookup(|ty| ty.call) {
            Some(call) => call(self, args),
            None => Err(PyErr::type_error(format!(
                "'{}' object is not callable",
                self.type_name()
            ))),
        }
    }

    /// `obj.name(*args)`.
    pub fn call_method(&self, name: &str, args: &[Obj]) -> PyResult<Obj> {
        self.call_method_with(name, &Args::positional_only(args))
    }

    /// `obj.name(*args, **kwargs)`.
    pub fn call_method_with(&self, name: &str, args: &Args<'_>) -> PyResult<Obj> {
        let ty = self.py_type();
        if ty.heap_type
            && let Some(result) = super::class::call_method_fast(self, name, args)
        {
            return result;
        }
        match ty.method(name) {
            Some(method) => (method.call)(self, args),
            None => self.getattr(name)?.call_with(args),
        }
    }
}
