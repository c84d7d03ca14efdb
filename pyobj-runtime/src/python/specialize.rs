//! Fast paths for the operators `pyblock!`'s generated code runs most, the bets CPython's
//! specializing interpreter makes (PEP 659, `Python/specialize.c`: `BINARY_OP_ADD_INT`,
//! `BINARY_OP_ADD_FLOAT`, `COMPARE_OP_INT`, `COMPARE_OP_FLOAT`, ...) made inline by the
//! compiler instead of by rewriting bytecode.
//!
//! Each function guards on the exact types it knows (`int` that fits an `i64`, `float`)
//! and computes the result the way the type's own operation would, with the same
//! objects (a small result is the cached small int, so identity is unchanged); any other
//! operand, and any overflow, takes the general protocol. Nothing observable differs:
//! only the dispatch is skipped.

use crate::exceptions::PyResult;
use crate::pyobject::{CompareOp, Obj, PyFloat, PyInt, PyList, PyTuple};

/// The value of an exact `int` that fits an `i64`.
#[cfg_attr(not(debug_assertions), inline(always))]
fn small(obj: &Obj) -> Option<i64> {
    obj.downcast_ref::<PyInt>().and_then(PyInt::to_i64)
}

/// The value of an exact `float`.
#[cfg_attr(not(debug_assertions), inline(always))]
fn float(obj: &Obj) -> Option<f64> {
    obj.downcast_ref::<PyFloat>().map(PyFloat::value)
}

/// The arithmetic operators with fast paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Rem,
    /// `**`
    Pow,
}

impl Arith {
    /// The operator's general protocol, for operands without a fast path.
    fn general(self, a: &Obj, b: &Obj) -> PyResult<Obj> {
        match self {
            Arith::Add => a.add(b),
            Arith::Sub => a.sub(b),
            Arith::Mul => a.mul(b),
            Arith::TrueDiv => a.truediv(b),
            Arith::FloorDiv => a.floordiv(b),
            Arith::Rem => a.rem(b),
            Arith::Pow => a.pow(b),
        }
    }
}

/// An exact `int` that fits an `i64`, or an exact `float`: what the fast paths compute
/// with.
#[derive(Clone, Copy)]
enum Scalar {
    Int(i64),
    Float(f64),
}

impl Scalar {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn of(obj: &Obj) -> Option<Scalar> {
        if let Some(x) = small(obj) {
            return Some(Scalar::Int(x));
        }
        float(obj).map(Scalar::Float)
    }

    /// The value as a double, as `float`'s operators convert an int (an `i64` to the
    /// nearest double, as `PyLong_AsDouble` rounds).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn as_f64(self) -> f64 {
        match self {
            Scalar::Int(x) => x as f64,
            Scalar::Float(x) => x,
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn into_obj(self) -> Obj {
        match self {
            Scalar::Int(x) => Obj::from(x),
            Scalar::Float(x) => Obj::from(x),
        }
    }
}

/// `x op y` computed the way `int`'s or `float`'s own operation computes it, when that
/// is cheap and cannot go wrong here; `None` sends the operands to the general path
/// (overflow into a big int, division by zero and its error, `int ** int`, float `//`
/// and `%`).
#[cfg_attr(not(debug_assertions), inline(always))]
fn fast(op: Arith, x: Scalar, y: Scalar) -> Option<PyResult<Scalar>> {
    const EXACT: i64 = 1 << 53;
    if let (Scalar::Int(x), Scalar::Int(y)) = (x, y) {
        let z = match op {
            Arith::Add => x.checked_add(y)?,
            Arith::Sub => x.checked_sub(y)?,
            Arith::Mul => x.checked_mul(y)?,
            // Ints small enough to be exact doubles divide as doubles (one correctly
            // rounded division, what CPython's `long_true_divide` computes for them).
            Arith::TrueDiv => {
                if y == 0 || !(-EXACT..=EXACT).contains(&x) || !(-EXACT..=EXACT).contains(&y) {
                    return None;
                }
                return Some(Ok(Scalar::Float(x as f64 / y as f64)));
            }
            // The quotient rounded toward minus infinity.
            Arith::FloorDiv => {
                let q = x.checked_div(y)?;
                if (x % y != 0) && ((x < 0) != (y < 0)) {
                    q - 1
                } else {
                    q
                }
            }
            // The remainder with the divisor's sign.
            Arith::Rem => {
                let r = x.checked_rem(y)?;
                if r != 0 && ((r < 0) != (y < 0)) {
                    r + y
                } else {
                    r
                }
            }
            Arith::Pow => return None,
        };
        return Some(Ok(Scalar::Int(z)));
    }
    let (x, y) = (x.as_f64(), y.as_f64());
    let z = match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::TrueDiv if y != 0.0 => x / y,
        Arith::Pow => {
            return Some(crate::pyobject::float::float_pow_values(x, y).map(Scalar::Float));
        }
        Arith::TrueDiv | Arith::FloorDiv | Arith::Rem => return None,
    };
    Some(Ok(Scalar::Float(z)))
}

/// `a op b` for two objects: the fast path when both are numbers it knows, the
/// general protocol otherwise.
#[cfg_attr(not(debug_assertions), inline(always))]
fn binary(a: &Obj, b: &Obj, op: Arith) -> PyResult<Obj> {
    match binary_fast(a, b, op) {
        Some(result) => result,
        None => op.general(a, b),
    }
}

/// [`binary`]'s fast path alone: `None` when the operands need the general protocol.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn binary_fast(a: &Obj, b: &Obj, op: Arith) -> Option<PyResult<Obj>> {
    let result = fast(op, Scalar::of(a)?, Scalar::of(b)?)?;
    Some(result.map(Scalar::into_obj))
}

macro_rules! arithmetic {
    ($($(#[$doc:meta])* $name:ident => $op:ident;)*) => {$(
        $(#[$doc])*
        #[cfg_attr(not(debug_assertions), inline(always))]
        pub fn $name(a: &Obj, b: &Obj) -> PyResult<Obj> {
            binary(a, b, Arith::$op)
        }
    )*};
}

arithmetic! {
    /// `a + b`.
    add => Add;
    /// `a - b`.
    sub => Sub;
    /// `a * b`.
    mul => Mul;
    /// `a / b`: ints small enough to be exact doubles divide as doubles, floats as
    /// floats; division by zero takes the general path, which raises CPython's error.
    truediv => TrueDiv;
    /// `a // b` for ints: the quotient rounded toward minus infinity.
    floordiv => FloorDiv;
    /// `a % b` for ints: the remainder with the divisor's sign.
    rem => Rem;
    /// `a ** b` for floats (and a float with a small int): the float operation itself,
    /// with its errors.
    pow => Pow;
}

/// A value in the middle of an arithmetic expression (`dx * dx + dy * dy`): a number
/// the fast paths know stays unboxed until the expression's end, so the intermediate
/// results cost no allocation. Nothing observable differs: an intermediate result
/// has no name, so no program can see its identity or count, and the final value is
/// boxed exactly as the operation would have made it (a small int is the cached one).
pub enum Num {
    /// An `int` that fits an `i64`.
    Int(i64),
    /// A `float`.
    Float(f64),
    /// Any other object.
    Obj(Obj),
}

impl Num {
    /// The operand `obj`: unboxed if it is an exact `int` that fits an `i64` or an
    /// exact `float`, a new reference otherwise.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn of_ref(obj: &Obj) -> Num {
        match Scalar::of(obj) {
            Some(Scalar::Int(x)) => Num::Int(x),
            Some(Scalar::Float(x)) => Num::Float(x),
            None => Num::Obj(obj.clone()),
        }
    }

    /// The operand `obj`, unboxed if it is a number the fast paths know.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn of(obj: Obj) -> Num {
        match Scalar::of(&obj) {
            Some(Scalar::Int(x)) => Num::Int(x),
            Some(Scalar::Float(x)) => Num::Float(x),
            None => Num::Obj(obj),
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn scalar(&self) -> Option<Scalar> {
        match self {
            Num::Int(x) => Some(Scalar::Int(*x)),
            Num::Float(x) => Some(Scalar::Float(*x)),
            Num::Obj(_) => None,
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn from_scalar(value: Scalar) -> Num {
        match value {
            Scalar::Int(x) => Num::Int(x),
            Scalar::Float(x) => Num::Float(x),
        }
    }

    /// The value as an object: a number boxed as its operation would have boxed it.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn into_obj(self) -> Obj {
        match self {
            Num::Int(x) => Obj::from(x),
            Num::Float(x) => Obj::from(x),
            Num::Obj(obj) => obj,
        }
    }
}

/// `a op b` inside an arithmetic expression: `binary` (the general operation) on unboxed
/// values.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn num(a: Num, b: Num, op: Arith) -> PyResult<Num> {
    if let (Some(x), Some(y)) = (a.scalar(), b.scalar())
        && let Some(result) = fast(op, x, y)
    {
        // Two numbers: nothing to drop (no call to `Num`'s drop glue).
        std::mem::forget(a);
        std::mem::forget(b);
        return result.map(Num::from_scalar);
    }
    num_general(a, b, op)
}

#[inline(never)]
fn num_general(a: Num, b: Num, op: Arith) -> PyResult<Num> {
    let (a, b) = (a.into_obj(), b.into_obj());
    op.general(&a, &b).map(Num::of)
}

/// `-a` inside an arithmetic expression.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn num_neg(a: Num) -> PyResult<Num> {
    match a {
        Num::Int(x) if x != i64::MIN => Ok(Num::Int(-x)),
        Num::Float(x) => Ok(Num::Float(-x)),
        other => other.into_obj().neg().map(Num::of),
    }
}

/// `a op= b` where `a` is an int or a float and `b` a value [`num`] computed: the
/// number without a box for `b`; `None` when the general in-place protocol must run.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn inplace_fast(a: &Obj, b: &Num, op: Arith) -> Option<PyResult<Obj>> {
    let result = fast(op, Scalar::of(a)?, b.scalar()?)?;
    Some(result.map(Scalar::into_obj))
}

/// The outcome of comparing two small ints or two floats, if both are.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn compare_numbers(a: &Obj, b: &Obj, op: CompareOp) -> Option<bool> {
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        return Some(match op {
            CompareOp::Lt => x < y,
            CompareOp::Le => x <= y,
            CompareOp::Eq => x == y,
            CompareOp::Ne => x != y,
            CompareOp::Gt => x > y,
            CompareOp::Ge => x >= y,
        });
    }
    // Only float with float: a float against a big int compares exactly in CPython, and
    // against a small int too (not through a rounded double), so those go the long way.
    if let (Some(x), Some(y)) = (float(a), float(b)) {
        return Some(match op {
            CompareOp::Lt => x < y,
            CompareOp::Le => x <= y,
            CompareOp::Eq => x == y,
            CompareOp::Ne => x != y,
            CompareOp::Gt => x > y,
            CompareOp::Ge => x >= y,
        });
    }
    None
}

/// `a op b` as a condition (`if a < b:`).
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn compare_bool(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<bool> {
    match compare_numbers(a, b, op) {
        Some(result) => Ok(result),
        None => a.compare(b, op),
    }
}

/// `a op b` as a value (`x = a < b`).
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn rich_compare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match compare_numbers(a, b, op) {
        Some(result) => Ok(Obj::from(result)),
        None => a.rich_compare(b, op),
    }
}

/// The truth of a value in a condition: `bool`, `None`, small ints and floats without a
/// call.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn truthy(value: &Obj) -> PyResult<bool> {
    if let Some(flag) = value.downcast_ref::<crate::pyobject::PyBool>() {
        return Ok(flag.value());
    }
    if let Some(x) = small(value) {
        return Ok(x != 0);
    }
    if let Some(x) = float(value) {
        return Ok(x != 0.0);
    }
    if value.is_none() {
        return Ok(false);
    }
    value.is_truthy()
}

/// `-a`.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn neg(a: &Obj) -> PyResult<Obj> {
    if let Some(z) = small(a).and_then(i64::checked_neg) {
        return Ok(Obj::from(z));
    }
    if let Some(x) = float(a) {
        return Ok(Obj::from(-x));
    }
    a.neg()
}

/// `obj[key]` for a list and a small int index.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    if let Some(list) = obj.downcast_ref::<PyList>()
        && let Some(index) = small(key)
        && let Some(item) = list.get_index(index)
    {
        return Ok(item);
    }
    if let Some(tuple) = obj.downcast_ref::<PyTuple>()
        && let Some(index) = small(key)
        && let Some(item) = tuple.get_index(index)
    {
        return Ok(item);
    }
    obj.get_item(key)
}

/// `obj[i]` for an int literal `i` (`v[0]`, `row[-1]`): a list's or tuple's item without
/// an int object for the index; anything else through the general subscript, with the
/// int.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn getitem_int(obj: &Obj, index: i64) -> PyResult<Obj> {
    if let Some(list) = obj.downcast_ref::<PyList>()
        && let Some(item) = list.get_index(index)
    {
        return Ok(item);
    }
    if let Some(tuple) = obj.downcast_ref::<PyTuple>()
        && let Some(item) = tuple.get_index(index)
    {
        return Ok(item);
    }
    getitem_int_general(obj, index)
}

#[inline(never)]
fn getitem_int_general(obj: &Obj, index: i64) -> PyResult<Obj> {
    obj.get_item(&Obj::from(index))
}

/// `obj[i] = value` for an int literal `i`: a list's item replaced without an int object
/// for the index; anything else through the general subscript, with the int.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn setitem_int(obj: &Obj, index: i64, value: Obj) -> PyResult<()> {
    if let Some(list) = obj.downcast_ref::<PyList>() {
        match list.set_index(index, value) {
            Ok(()) => return Ok(()),
            Err(value) => return setitem_int_general(obj, index, value),
        }
    }
    setitem_int_general(obj, index, value)
}

#[inline(never)]
fn setitem_int_general(obj: &Obj, index: i64, value: Obj) -> PyResult<()> {
    obj.set_item(&Obj::from(index), &value)
}

/// `obj[key] = value` for a list and a small int index.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn setitem(obj: &Obj, key: &Obj, value: Obj) -> PyResult<()> {
    if let Some(list) = obj.downcast_ref::<PyList>()
        && let Some(index) = small(key)
    {
        match list.set_index(index, value) {
            Ok(()) => return Ok(()),
            Err(value) => return obj.set_item(key, &value),
        }
    }
    obj.set_item(key, &value)
}

/// A slice bound: `Some(None)` when omitted (`None`), `Some(Some(i))` for a small int,
/// `None` for anything else (the general path handles it).
#[cfg_attr(not(debug_assertions), inline(always))]
fn bound(value: &Option<Obj>) -> Option<Option<isize>> {
    match value {
        None => Some(None),
        Some(value) if value.is_none() => Some(None),
        Some(value) => small(value).and_then(|v| isize::try_from(v).ok()).map(Some),
    }
}

/// `obj[lower:upper:step]`: a list sliced by int bounds without a slice object;
/// anything else through the slice object and the type's own subscript.
#[inline]
pub fn get_slice(
    obj: &Obj,
    lower: Option<Obj>,
    upper: Option<Obj>,
    step: Option<Obj>,
) -> PyResult<Obj> {
    if let Some(list) = obj.downcast_ref::<PyList>()
        && let (Some(start), Some(stop), Some(by)) = (bound(&lower), bound(&upper), bound(&step))
        && by != Some(0)
    {
        return Ok(list.get_slice(start, stop, by.unwrap_or(1).max(-isize::MAX)));
    }
    obj.get_item(&Obj::slice(lower, upper, step))
}

/// `obj[lower:upper] = value`: a list's range replaced without a slice object (step
/// omitted or 1, int bounds); anything else through the type's own subscript.
#[inline]
pub fn set_slice(
    obj: &Obj,
    lower: Option<Obj>,
    upper: Option<Obj>,
    step: Option<Obj>,
    value: Obj,
) -> PyResult<()> {
    if let Some(list) = obj.downcast_ref::<PyList>()
        && let (Some(start), Some(stop), Some(None | Some(1))) =
            (bound(&lower), bound(&upper), bound(&step))
        && (value.is_exact::<PyList>() || value.is_exact::<crate::pyobject::PyTuple>())
    {
        // The values are read before the list changes (`a[:] = a` works).
        let values = match value.downcast_ref::<PyList>() {
            // A list only this call holds (made for the assignment, `a[:k] = a[k::-1]`):
            // its items move.
            Some(source) if value.refcount() == 1 => source.take_values(),
            Some(source) => source.slice_values(),
            None => match value.downcast_ref::<crate::pyobject::PyTuple>() {
                Some(tuple) => tuple.as_slice().iter().cloned().collect(),
                None => value.to_vec()?.into_iter().collect(),
            },
        };
        list.set_slice(start, stop, values);
        return Ok(());
    }
    obj.set_item(&Obj::slice(lower, upper, step), &value)
}
