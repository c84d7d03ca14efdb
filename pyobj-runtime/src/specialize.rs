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
use crate::pyobject::{CompareOp, Obj, PyFloat, PyInt, PyList};

/// The value of an exact `int` that fits an `i64`.
#[inline(always)]
fn small(obj: &Obj) -> Option<i64> {
    obj.downcast_ref::<PyInt>().and_then(PyInt::to_i64)
}

/// The value of an exact `float`.
#[inline(always)]
fn float(obj: &Obj) -> Option<f64> {
    obj.downcast_ref::<PyFloat>().map(PyFloat::value)
}

/// Two numbers as doubles, when one is a float and the other a float or a small int
/// (what `float`'s operators would convert them to; an `i64` converts to the nearest
/// double, as `PyLong_AsDouble` rounds).
#[inline(always)]
fn floats(a: &Obj, b: &Obj) -> Option<(f64, f64)> {
    match (float(a), float(b)) {
        (Some(x), Some(y)) => Some((x, y)),
        (Some(x), None) => small(b).map(|y| (x, y as f64)),
        (None, Some(y)) => small(a).map(|x| (x as f64, y)),
        (None, None) => None,
    }
}

macro_rules! arithmetic {
    ($(#[$doc:meta])* $name:ident, $int:expr, $float:expr, $general:ident) => {
        $(#[$doc])*
        #[inline(always)]
        pub fn $name(a: &Obj, b: &Obj) -> PyResult<Obj> {
            if let (Some(x), Some(y)) = (small(a), small(b)) {
                let int: fn(i64, i64) -> Option<i64> = $int;
                if let Some(z) = int(x, y) {
                    return Ok(Obj::from(z));
                }
            } else if let Some((x, y)) = floats(a, b) {
                let float: fn(f64, f64) -> f64 = $float;
                return Ok(Obj::from(float(x, y)));
            }
            a.$general(b)
        }
    };
}

arithmetic!(
    /// `a + b`.
    add, i64::checked_add, |x, y| x + y, add
);
arithmetic!(
    /// `a - b`.
    sub, i64::checked_sub, |x, y| x - y, sub
);
arithmetic!(
    /// `a * b`.
    mul, i64::checked_mul, |x, y| x * y, mul
);

/// `a / b`: ints small enough to be exact doubles divide as doubles (one correctly
/// rounded division, what CPython's `long_true_divide` computes for them); floats as
/// floats. Division by zero takes the general path, which raises CPython's error.
#[inline(always)]
pub fn truediv(a: &Obj, b: &Obj) -> PyResult<Obj> {
    const EXACT: i64 = 1 << 53;
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        if y != 0 && (-EXACT..=EXACT).contains(&x) && (-EXACT..=EXACT).contains(&y) {
            return Ok(Obj::from(x as f64 / y as f64));
        }
    } else if let Some((x, y)) = floats(a, b)
        && y != 0.0
    {
        return Ok(Obj::from(x / y));
    }
    a.truediv(b)
}

/// `a // b` for ints: the quotient rounded toward minus infinity.
#[inline(always)]
pub fn floordiv(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if let (Some(x), Some(y)) = (small(a), small(b))
        && y != 0
        && let Some(q) = x.checked_div(y)
    {
        let q = if (x % y != 0) && ((x < 0) != (y < 0)) {
            q - 1
        } else {
            q
        };
        return Ok(Obj::from(q));
    }
    a.floordiv(b)
}

/// `a % b` for ints: the remainder with the divisor's sign.
#[inline(always)]
pub fn rem(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if let (Some(x), Some(y)) = (small(a), small(b))
        && y != 0
        && let Some(r) = x.checked_rem(y)
    {
        let r = if r != 0 && ((r < 0) != (y < 0)) {
            r + y
        } else {
            r
        };
        return Ok(Obj::from(r));
    }
    a.rem(b)
}

/// The outcome of comparing two small ints or two floats, if both are.
#[inline(always)]
fn compare_numbers(a: &Obj, b: &Obj, op: CompareOp) -> Option<bool> {
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
#[inline(always)]
pub fn compare_bool(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<bool> {
    match compare_numbers(a, b, op) {
        Some(result) => Ok(result),
        None => a.compare(b, op),
    }
}

/// `a op b` as a value (`x = a < b`).
#[inline(always)]
pub fn rich_compare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match compare_numbers(a, b, op) {
        Some(result) => Ok(Obj::from(result)),
        None => a.rich_compare(b, op),
    }
}

/// The truth of a value in a condition: `bool`, `None`, small ints and floats without a
/// call.
#[inline(always)]
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
#[inline(always)]
pub fn neg(a: &Obj) -> PyResult<Obj> {
    if let Some(z) = small(a).and_then(i64::checked_neg) {
        return Ok(Obj::from(z));
    }
    if let Some(x) = float(a) {
        return Ok(Obj::from(-x));
    }
    a.neg()
}

/// `a ** b` for floats (and a float with a small int): the float operation itself, with
/// its errors.
#[inline(always)]
pub fn pow(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if let Some((x, y)) = floats(a, b) {
        return crate::pyobject::float::float_pow_values(x, y).map(Obj::from);
    }
    a.pow(b)
}

/// `obj[key]` for a list and a small int index.
#[inline(always)]
pub fn getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    if let Some(list) = obj.downcast_ref::<PyList>()
        && let Some(index) = small(key)
        && let Some(item) = list.get_index(index)
    {
        return Ok(item);
    }
    obj.get_item(key)
}

/// `obj[key] = value` for a list and a small int index.
#[inline(always)]
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
#[inline(always)]
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
        let values = value.to_vec()?;
        list.set_slice(start, stop, values);
        return Ok(());
    }
    obj.set_item(&Obj::slice(lower, upper, step), &value)
}
