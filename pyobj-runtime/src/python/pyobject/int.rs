//! `int`: arbitrary precision, with a machine-word fast path.
//!
//! An int is an `i64` while it fits and a [`BigInt`] beyond (`2**100` is exact). Every
//! operation tries the `i64` path first (`checked_*`) and redoes the work in big
//! arithmetic only on overflow, so results are always normalized: a `Big` never holds a
//! value that fits in an `i64`.
//!
//! Python's rules, not Rust's: `//` and `%` round toward negative infinity (`-7 // 2 ==
//! -4`, `-7 % 2 == 1`); `/` is true division, correctly rounded even for huge operands;
//! `**` with a negative exponent gives a float; shifts by a negative count raise
//! `ValueError`. The ints -5..=256 are immortal and cached ([`crate::small_ints`]); any
//! other int is a new object each time it is made, so `a = 1000; b = 1000; a is b` is
//! false.
//!
//! Beyond the operators: `bit_length`, `bit_count`, `as_integer_ratio`, `conjugate`,
//! `to_bytes` and the class method `from_bytes` (two's complement when `signed`, with
//! CPython's argument parsing and `OverflowError`s), and the attributes `real`, `imag`,
//! `numerator`, `denominator` (which `bool` inherits: `True.real` is the int `1`).

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};

use super::float::{self, PyFloat};
use super::hash::{hash_bigint, hash_i64};
use super::protocol::CompareOp;
use super::typeobject::{HashSlot, Method, MethodKind, NumberMethods, PyType};
use super::{Args, Obj, PyBool, PyStr};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// CPython's default limit on the decimal digits of an int converted from or to a str
/// (`sys.get_int_max_str_digits()`).
pub(crate) const MAX_STR_DIGITS: usize = 4300;

/// The value of an `int` object.
pub struct PyInt(IntValue);

/// An int value: a machine word, or a big int for what does not fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IntValue {
    Small(i64),
    Big(Box<BigInt>),
}

/// A borrowed int value (an `int` or a `bool` operand).
#[derive(Clone, Copy, Debug)]
pub(crate) enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl PyInt {
    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.0 {
            IntValue::Small(value) => Some(*value),
            IntValue::Big(_) => None,
        }
    }

    /// The value as a big int.
    pub fn to_bigint(&self) -> BigInt {
        self.0.as_ref().to_big()
    }

    pub(crate) fn value(&self) -> &IntValue {
        &self.0
    }
}

/// The one vtable of every `PyInt` (a downcast is one comparison of addresses).
static PYINT_VTABLE: crate::refcount::StaticVTable<PyInt> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyInt {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYINT_VTABLE.get());
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&INT_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
    /// Only a big int owns memory (its digits).
    #[inline(always)]
    fn value_needs_drop(&self) -> bool {
        matches!(self.0, IntValue::Big(_))
    }
}

impl IntValue {
    /// A normalized value from a big int.
    pub(crate) fn from_big(value: BigInt) -> IntValue {
        match value.to_i64() {
            Some(small) => IntValue::Small(small),
            None => IntValue::Big(Box::new(value)),
        }
    }

    pub(crate) fn as_ref(&self) -> IntRef<'_> {
        match self {
            IntValue::Small(value) => IntRef::Small(*value),
            IntValue::Big(value) => IntRef::Big(value),
        }
    }

    /// The value as a Rust integer, if it fits.
    pub(crate) fn to_primitive<T: FromPrimitive>(&self) -> Option<T> {
        match self {
            IntValue::Small(value) => T::from_i64(*value),
            IntValue::Big(value) => value
                .to_i128()
                .and_then(T::from_i128)
                .or_else(|| value.to_u128().and_then(T::from_u128)),
        }
    }
}

impl IntRef<'_> {
    pub(crate) fn to_big(self) -> BigInt {
        match self {
            IntRef::Small(value) => BigInt::from(value),
            IntRef::Big(value) => value.clone(),
        }
    }

    fn to_value(self) -> IntValue {
        match self {
            IntRef::Small(value) => IntValue::Small(value),
            IntRef::Big(value) => IntValue::Big(Box::new(value.clone())),
        }
    }

    fn is_zero(self) -> bool {
        matches!(self, IntRef::Small(0))
    }

    fn is_negative(self) -> bool {
        match self {
            IntRef::Small(value) => value < 0,
            IntRef::Big(value) => value.is_negative(),
        }
    }

    fn magnitude(self) -> BigUint {
        match self {
            IntRef::Small(value) => BigUint::from(value.unsigned_abs()),
            IntRef::Big(value) => value.magnitude().clone(),
        }
    }

    fn cmp(self, other: IntRef<'_>) -> Ordering {
        match (self, other) {
            (IntRef::Small(a), IntRef::Small(b)) => a.cmp(&b),
            (a, b) => a.to_big().cmp(&b.to_big()),
        }
    }

    /// `int(x)` converted to a float, correctly rounded.
    pub(crate) fn to_f64(self) -> PyResult<f64> {
        match self {
            IntRef::Small(value) => Ok(value as f64),
            IntRef::Big(value) => scaled_to_f64(value.magnitude(), 0, false)
                .map(|x| if value.is_negative() { -x } else { x })
                .ok_or_else(|| PyErr::overflow_error("int too large to convert to float")),
        }
    }

    /// The decimal text, with CPython's limit on digits.
    pub(crate) fn to_decimal(self) -> PyResult<String> {
        match self {
            IntRef::Small(value) => Ok(value.to_string()),
            IntRef::Big(value) => {
                let too_long = || {
                    PyErr::value_error(format!(
                        "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
                    ))
                };
                // More than 14300 bits always makes more than 4300 digits.
                if value.bits() > 14_300 {
                    return Err(too_long());
                }
                let text = value.to_str_radix(10);
                let digits = text.len() - usize::from(value.is_negative());
                if digits > MAX_STR_DIGITS {
                    return Err(too_long());
                }
                Ok(text)
            }
        }
    }
}

/// The int value of an `int` or `bool`, if `obj` is one.
pub(crate) fn int_value(obj: &Obj) -> Option<IntRef<'_>> {
    if let Some(int) = obj.downcast_ref::<PyInt>() {
        return Some(int.0.as_ref());
    }
    obj.downcast_ref::<PyBool>()
        .map(|b| IntRef::Small(i64::from(b.value())))
}

/// `operator.index(obj)`: the exact int value of an int-like object, or `TypeError:
/// 'str' object cannot be interpreted as an integer`.
pub(crate) fn index_value(obj: &Obj) -> PyResult<IntValue> {
    if let Some(value) = int_value(obj) {
        return Ok(value.to_value());
    }
    match obj.py_type().number_slot(|number| number.index) {
        Some(index) => {
            let result = index(obj)?;
            int_value(&result).map(IntRef::to_value).ok_or_else(|| {
                PyErr::type_error(format!(
                    "__index__ returned non-int (type {})",
                    result.type_name()
                ))
            })
        }
        None => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            obj.type_name()
        ))),
    }
}

/// An index for a sequence: an int that fits an `isize` (`IndexError: cannot fit 'int'
/// into an index-sized integer` otherwise), or `None` if `obj` is not int-like.
#[inline]
pub(crate) fn as_index(obj: &Obj) -> PyResult<Option<isize>> {
    // An int that fits: the common case, without copying the value.
    if let Some(int) = obj.downcast_ref::<PyInt>()
        && let IntValue::Small(value) = int.0
        && let Ok(index) = isize::try_from(value)
    {
        return Ok(Some(index));
    }
    as_index_general(obj)
}

/// [`as_index`] for a big int, a bool, or an object with `__index__`.
#[inline(never)]
fn as_index_general(obj: &Obj) -> PyResult<Option<isize>> {
    let Some(value) = int_value(obj) else {
        if obj.py_type().number_slot(|number| number.index).is_none() {
            return Ok(None);
        }
        return index_value(obj).and_then(|value| index_to_isize(&value, obj).map(Some));
    };
    index_to_isize(&value.to_value(), obj).map(Some)
}

fn index_to_isize(value: &IntValue, obj: &Obj) -> PyResult<isize> {
    value.to_primitive::<isize>().ok_or_else(|| {
        PyErr::index_error(format!(
            "cannot fit '{}' into an index-sized integer",
            obj.type_name()
        ))
    })
}

impl Obj {
    /// An int object (from the small-int cache for -5..=256).
    pub(crate) fn int(value: IntValue) -> Obj {
        match value {
            IntValue::Small(small) => Obj::from(small),
            big @ IntValue::Big(_) => Obj::new(PyInt(big)),
        }
    }

    /// A new int object that is not taken from the cache.
    pub(crate) fn new_int_uncached(value: i64) -> Obj {
        Obj::from(crate::Gc::new_at_line(PyInt(IntValue::Small(value))))
    }

    /// A new immortal int (for the small-int cache).
    pub(crate) fn new_immortal_int(value: i64) -> Obj {
        Obj::new_immortal(PyInt(IntValue::Small(value)))
    }
}

impl From<i64> for Obj {
    /// An int: the cached immortal object for -5..=256, a new object otherwise.
    fn from(value: i64) -> Obj {
        crate::small_ints::get(value).unwrap_or_else(|| Obj::new_int_uncached(value))
    }
}

impl From<BigInt> for Obj {
    /// An int of any size.
    fn from(value: BigInt) -> Obj {
        Obj::int(IntValue::from_big(value))
    }
}

macro_rules! from_small_int {
    ($($t:ty),*) => {
        $(
            impl From<$t> for Obj {
                /// An int.
                fn from(value: $t) -> Obj {
                    Obj::from(i64::from(value))
                }
            }
        )*
    };
}
from_small_int!(i8, i16, i32, u8, u16, u32);

macro_rules! from_wide_int {
    ($($t:ty),*) => {
        $(
            impl From<$t> for Obj {
                /// An int.
                fn from(value: $t) -> Obj {
                    match i64::try_from(value) {
                        Ok(small) => Obj::from(small),
                        Err(_) => Obj::from(BigInt::from(value)),
                    }
                }
            }
        )*
    };
}
from_wide_int!(i128, isize, u64, u128, usize);

/// `int`.
pub(crate) static INT_TYPE: PyType = PyType {
    name: "int",
    new: Some(int_new),
    repr: Some(int_repr),
    hash: Some(HashSlot::Value(int_hash)),
    richcompare: Some(int_richcompare),
    bool: Some(|obj| Ok(int_value(obj).is_some_and(|value| !value.is_zero()))),
    number: Some(&INT_NUMBER),
    getattr: Some(int_getattr),
    methods: INT_METHODS,
    method_kinds: &[("from_bytes", MethodKind::Class)],
    attributes: &["real", "imag", "numerator", "denominator"],
    ..PyType::BLANK
};

/// The public methods of `int` (`bool` inherits them).
static INT_METHODS: &[Method] = &[
    Method {
        name: "bit_length",
        call: int_bit_length,
    },
    Method {
        name: "bit_count",
        call: |obj, args| {
            args.none("int.bit_count")?;
            let ones = match int_of(obj)? {
                IntRef::Small(value) => u64::from(value.unsigned_abs().count_ones()),
                IntRef::Big(value) => value.magnitude().count_ones(),
            };
            Ok(Obj::from(ones))
        },
    },
    Method {
        name: "as_integer_ratio",
        call: |obj, args| {
            args.none("int.as_integer_ratio")?;
            Ok(Obj::tuple([
                Obj::int(int_of(obj)?.to_value()),
                Obj::from(1),
            ]))
        },
    },
    Method {
        name: "conjugate",
        call: |obj, args| {
            args.none("int.conjugate")?;
            Ok(Obj::int(int_of(obj)?.to_value()))
        },
    },
    Method {
        name: "to_bytes",
        call: int_to_bytes,
    },
    Method {
        name: "from_bytes",
        call: int_from_bytes,
    },
];

/// The value of an `int` or `bool` receiver.
fn int_of(obj: &Obj) -> PyResult<IntRef<'_>> {
    int_value(obj).ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor for 'int' objects doesn't apply to a '{}' object",
            obj.type_name()
        ))
    })
}

/// `x.real`, `x.numerator` (the int itself, as an exact `int`: `True.real` is `1`),
/// `x.imag` (`0`), `x.denominator` (`1`).
fn int_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    Ok(match name {
        "real" | "numerator" => Some(Obj::int(int_of(obj)?.to_value())),
        "imag" => Some(Obj::from(0)),
        "denominator" => Some(Obj::from(1)),
        _ => None,
    })
}

/// A `byteorder` argument: `true` for `'little'`, `false` for `'big'` (the default).
fn little_endian(byteorder: Option<&Obj>, qualname: &str) -> PyResult<bool> {
    let Some(byteorder) = byteorder else {
        return Ok(false);
    };
    match super::bytes::str_argument(byteorder, qualname, "byteorder")? {
        "little" => Ok(true),
        "big" => Ok(false),
        _ => Err(PyErr::value_error(
            "byteorder must be either 'little' or 'big'",
        )),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`: the int in `length`
/// bytes, two's complement when `signed` (CPython's `_PyLong_AsByteArray`, with its
/// `OverflowError`s: `int too big to convert`, `can't convert negative int to
/// unsigned`).
fn int_to_bytes(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [length, byteorder, signed] =
        args.unpack("to_bytes", ["length", "byteorder", "signed"], 0, 2)?;
    let length = match length {
        Some(length) => index_value(length)?
            .to_primitive::<isize>()
            .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C ssize_t"))?,
        None => 1,
    };
    let little = little_endian(byteorder, "to_bytes")?;
    let signed = match signed {
        Some(signed) => signed.is_truthy()?,
        None => false,
    };
    let Ok(length) = usize::try_from(length) else {
        return Err(PyErr::value_error("length argument must be non-negative"));
    };
    let value = int_of(obj)?.to_big();
    if value.is_negative() && !signed {
        return Err(PyErr::overflow_error(
            "can't convert negative int to unsigned",
        ));
    }
    // The bits that are not copies of the sign bit; a signed result keeps one of those
    // too, unless there is none to keep (`(-1).to_bytes(0, signed=True)` is `b''`).
    let bits = if value.is_negative() {
        (-&value - 1u8).bits()
    } else {
        value.bits()
    };
    let room = 8 * length as u64;
    if bits > room || (signed && bits > 0 && bits == room) {
        return Err(PyErr::overflow_error("int too big to convert"));
    }
    let (mut bytes, fill) = if value.is_negative() {
        (value.to_signed_bytes_le(), 0xff)
    } else {
        (value.magnitude().to_bytes_le(), 0)
    };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Obj::from_byte_vec(bytes.into_boxed_slice()))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`, a class method: the int
/// the bytes stand for (two's complement when `signed`); on a subclass, the class
/// called with it (`bool.from_bytes(b'\x02')` is `True`).
fn int_from_bytes(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [bytes, byteorder, signed] =
        args.unpack("from_bytes", ["bytes", "byteorder", "signed"], 1, 2)?;
    let little = little_endian(byteorder, "from_bytes")?;
    let signed = match signed {
        Some(signed) => signed.is_truthy()?,
        None => false,
    };
    let Some(bytes) = bytes else {
        return Err(PyErr::type_error(
            "from_bytes() missing required argument 'bytes' (pos 1)",
        ));
    };
    let mut bytes = super::bytes::bytes_of_iterable(bytes)?;
    if !little {
        bytes.reverse();
    }
    let value = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from(BigUint::from_bytes_le(&bytes))
    };
    let result = Obj::from(value);
    let class = super::as_type_object(obj).unwrap_or_else(|| obj.py_type());
    if std::ptr::eq(class, &INT_TYPE) {
        Ok(result)
    } else {
        class.to_object().call(&[result])
    }
}

/// The int operators (`bool` inherits them).
pub(crate) static INT_NUMBER: NumberMethods = NumberMethods {
    add: Some(|a, b| int_binary(a, b, add)),
    sub: Some(|a, b| int_binary(a, b, sub)),
    mul: Some(|a, b| int_binary(a, b, mul)),
    truediv: Some(int_truediv),
    floordiv: Some(|a, b| {
        int_binary(a, b, |x, y| {
            divmod(x, y, "integer division or modulo by zero").map(|(q, _)| q)
        })
    }),
    rem: Some(|a, b| {
        int_binary(a, b, |x, y| {
            divmod(x, y, "integer modulo by zero").map(|(_, r)| r)
        })
    }),
    divmod: Some(int_divmod),
    pow: Some(int_pow),
    lshift: Some(|a, b| int_binary(a, b, lshift)),
    rshift: Some(|a, b| int_binary(a, b, rshift)),
    and: Some(|a, b| int_binary(a, b, |x, y| Ok(bitwise(x, y, |p, q| p & q, |p, q| p & q)))),
    or: Some(|a, b| int_binary(a, b, |x, y| Ok(bitwise(x, y, |p, q| p | q, |p, q| p | q)))),
    xor: Some(|a, b| int_binary(a, b, |x, y| Ok(bitwise(x, y, |p, q| p ^ q, |p, q| p ^ q)))),
    neg: Some(|a| int_unary(a, neg)),
    pos: Some(|a| int_unary(a, |x| x.to_value())),
    invert: Some(|a| int_unary(a, |x| sub_values(IntRef::Small(-1), x))),
    abs: Some(|a| {
        int_unary(a, |x| {
            if x.is_negative() {
                neg(x)
            } else {
                x.to_value()
            }
        })
    }),
    index: Some(|a| int_unary(a, |x| x.to_value())),
    int: Some(|a| int_unary(a, |x| x.to_value())),
    float: Some(|a| match int_value(a) {
        Some(value) => value.to_f64(),
        None => Err(PyErr::type_error("an integer is required")),
    }),
};

fn int_binary(
    a: &Obj,
    b: &Obj,
    op: impl FnOnce(IntRef<'_>, IntRef<'_>) -> PyResult<IntValue>,
) -> PyResult<Obj> {
    match (int_value(a), int_value(b)) {
        (Some(x), Some(y)) => Ok(Obj::int(op(x, y)?)),
        _ => Ok(Obj::not_implemented()),
    }
}

fn int_unary(a: &Obj, op: impl FnOnce(IntRef<'_>) -> IntValue) -> PyResult<Obj> {
    match int_value(a) {
        Some(x) => Ok(Obj::int(op(x))),
        None => Ok(Obj::not_implemented()),
    }
}

fn add(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<IntValue> {
    Ok(match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) => match x.checked_add(y) {
            Some(sum) => IntValue::Small(sum),
            None => IntValue::from_big(BigInt::from(x) + y),
        },
        (x, y) => IntValue::from_big(x.to_big() + y.to_big()),
    })
}

fn sub_values(a: IntRef<'_>, b: IntRef<'_>) -> IntValue {
    match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) => match x.checked_sub(y) {
            Some(difference) => IntValue::Small(difference),
            None => IntValue::from_big(BigInt::from(x) - y),
        },
        (x, y) => IntValue::from_big(x.to_big() - y.to_big()),
    }
}

fn sub(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<IntValue> {
    Ok(sub_values(a, b))
}

fn mul(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<IntValue> {
    Ok(match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) => match x.checked_mul(y) {
            Some(product) => IntValue::Small(product),
            None => IntValue::from_big(BigInt::from(x) * y),
        },
        (x, y) => IntValue::from_big(x.to_big() * y.to_big()),
    })
}

fn neg(a: IntRef<'_>) -> IntValue {
    match a {
        IntRef::Small(x) => match x.checked_neg() {
            Some(negated) => IntValue::Small(negated),
            None => IntValue::from_big(-BigInt::from(x)),
        },
        IntRef::Big(x) => IntValue::from_big(-x),
    }
}

/// Floor division and modulo (Python's signs: the remainder takes the divisor's sign).
fn divmod(a: IntRef<'_>, b: IntRef<'_>, zero: &str) -> PyResult<(IntValue, IntValue)> {
    if b.is_zero() {
        return Err(PyErr::zero_division_error(zero));
    }
    Ok(match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) if !(x == i64::MIN && y == -1) => {
            let (q, r) = x.div_mod_floor(&y);
            (IntValue::Small(q), IntValue::Small(r))
        }
        (x, y) => {
            let (q, r) = x.to_big().div_mod_floor(&y.to_big());
            (IntValue::from_big(q), IntValue::from_big(r))
        }
    })
}

fn int_divmod(a: &Obj, b: &Obj) -> PyResult<Obj> {
    match (int_value(a), int_value(b)) {
        (Some(x), Some(y)) => {
            let (q, r) = divmod(x, y, "integer division or modulo by zero")?;
            Ok(Obj::tuple(vec![Obj::int(q), Obj::int(r)]))
        }
        _ => Ok(Obj::not_implemented()),
    }
}

fn int_truediv(a: &Obj, b: &Obj) -> PyResult<Obj> {
    match (int_value(a), int_value(b)) {
        (Some(x), Some(y)) => Ok(Obj::from(true_divide(x, y)?)),
        _ => Ok(Obj::not_implemented()),
    }
}

/// `a / b` for ints, correctly rounded (CPython's `long_true_divide`).
fn true_divide(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<f64> {
    const EXACT: i64 = 1 << 53;
    if b.is_zero() {
        return Err(PyErr::zero_division_error("division by zero"));
    }
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b)
        && (-EXACT..=EXACT).contains(&x)
        && (-EXACT..=EXACT).contains(&y)
    {
        return Ok(x as f64 / y as f64);
    }
    let negative = a.is_negative() != b.is_negative();
    let signed = |x: f64| if negative { -x } else { x };
    if a.is_zero() {
        return Ok(signed(0.0));
    }
    let (ma, mb) = (a.magnitude(), b.magnitude());
    // The quotient lies in [2**(diff-1), 2**(diff+1)).
    let diff = ma.bits() as i64 - mb.bits() as i64;
    if diff > 1025 {
        return Err(PyErr::overflow_error(
            "integer division result too large for a float",
        ));
    }
    if diff < -1076 {
        return Ok(signed(0.0));
    }
    // Scale so that the integer quotient has 55 or 56 bits: two more than a double
    // keeps, so that the rounding below sees the half bit and the sticky bit.
    let exponent = diff - 55;
    let (q, r) = if exponent >= 0 {
        ma.div_rem(&(mb << exponent as u64))
    } else {
        (ma << exponent.unsigned_abs()).div_rem(&mb)
    };
    scaled_to_f64(&q, exponent, !r.is_zero())
        .map(signed)
        .ok_or_else(|| PyErr::overflow_error("integer division result too large for a float"))
}

/// The float nearest to `q * 2**exponent` (ties to even), where `sticky` tells that the
/// exact value is a little above it (a nonzero remainder was dropped). `None` if it is
/// too large for a float.
///
/// Callers pass enough bits of `q` that at least two of them fall below the last bit a
/// double keeps whenever `sticky` is set.
pub(crate) fn scaled_to_f64(q: &BigUint, exponent: i64, sticky: bool) -> Option<f64> {
    let bits = q.bits() as i64;
    if bits == 0 {
        return Some(0.0);
    }
    let top = bits + exponent;
    let lowest = (top - 53).max(-1074);
    let discard = lowest - exponent;
    if discard <= 0 {
        debug_assert!(!sticky);
        let mantissa = q.to_u64()? << discard.unsigned_abs();
        return make_f64(mantissa, lowest.min(exponent));
    }
    let discard = discard as u64;
    let kept: BigUint = q >> discard;
    let dropped: BigUint = q - (&kept << discard);
    let half = BigUint::one() << (discard - 1);
    let mut mantissa = kept.to_u64()?;
    let round_up = match dropped.cmp(&half) {
        Ordering::Greater => true,
        Ordering::Equal => sticky || mantissa & 1 == 1,
        Ordering::Less => false,
    };
    mantissa += u64::from(round_up);
    make_f64(mantissa, lowest)
}

/// `mantissa * 2**exponent` as a float, which must be exactly representable or too
/// large (`None`).
fn make_f64(mut mantissa: u64, mut exponent: i64) -> Option<f64> {
    if mantissa == 0 {
        return Some(0.0);
    }
    while mantissa >= 1 << 53 {
        mantissa >>= 1;
        exponent += 1;
    }
    let bits = 64 - i64::from(mantissa.leading_zeros());
    let top = bits - 1 + exponent;
    if top > 1023 {
        return None;
    }
    if top >= -1022 {
        let fraction = (mantissa << (53 - bits)) & ((1 << 52) - 1);
        let biased = (top + 1023) as u64;
        Some(f64::from_bits((biased << 52) | fraction))
    } else {
        let shift = exponent + 1074;
        debug_assert!(shift >= 0);
        Some(f64::from_bits(mantissa << shift))
    }
}

fn int_pow(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let (Some(base), Some(exponent)) = (int_value(a), int_value(b)) else {
        return Ok(Obj::not_implemented());
    };
    if exponent.is_negative() {
        // A negative exponent makes a float: 2 ** -1 == 0.5.
        let result = float::float_pow_values(base.to_f64()?, exponent.to_f64()?)?;
        return Ok(Obj::from(result));
    }
    Ok(Obj::int(power(base, exponent)?))
}

fn power(base: IntRef<'_>, exponent: IntRef<'_>) -> PyResult<IntValue> {
    let small_base = match base {
        IntRef::Small(value @ -1..=1) => Some(value),
        _ => None,
    };
    let odd = match exponent {
        IntRef::Small(value) => value & 1 == 1,
        IntRef::Big(value) => value.is_odd(),
    };
    let exponent = match exponent {
        IntRef::Small(value) => u32::try_from(value).ok(),
        IntRef::Big(_) => None,
    };
    match (small_base, exponent) {
        (Some(b), None) => Ok(IntValue::Small(match b {
            0 => 0,
            1 => 1,
            // (-1) ** n for a huge n: the parity decides.
            _ if odd => -1,
            _ => 1,
        })),
        (_, Some(e)) => Ok(match base {
            IntRef::Small(b) => match b.checked_pow(e) {
                Some(result) => IntValue::Small(result),
                None => IntValue::from_big(BigInt::from(b).pow(e)),
            },
            IntRef::Big(b) => IntValue::from_big(b.pow(e)),
        }),
        (None, None) => Err(PyErr::overflow_error("exponent too large")),
    }
}

fn shift_count(count: IntRef<'_>) -> PyResult<Option<u64>> {
    if count.is_negative() {
        return Err(PyErr::value_error("negative shift count"));
    }
    Ok(match count {
        IntRef::Small(value) => Some(value.unsigned_abs()),
        IntRef::Big(_) => None,
    })
}

fn lshift(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<IntValue> {
    let count = shift_count(b)?;
    if a.is_zero() {
        return Ok(IntValue::Small(0));
    }
    let count = match count {
        Some(count) if count <= 1 << 31 => count,
        _ => return Err(PyErr::overflow_error("too many digits in integer")),
    };
    if let IntRef::Small(x) = a
        && count < 64
    {
        let shifted = i128::from(x) << count;
        if let Ok(small) = i64::try_from(shifted) {
            return Ok(IntValue::Small(small));
        }
    }
    Ok(IntValue::from_big(a.to_big() << count))
}

fn rshift(a: IntRef<'_>, b: IntRef<'_>) -> PyResult<IntValue> {
    let count = shift_count(b)?;
    let saturated = IntValue::Small(if a.is_negative() { -1 } else { 0 });
    let Some(count) = count else {
        return Ok(saturated);
    };
    Ok(match a {
        IntRef::Small(x) => {
            if count >= 64 {
                saturated
            } else {
                IntValue::Small(x >> count)
            }
        }
        IntRef::Big(x) => IntValue::from_big(x >> count),
    })
}

fn bitwise(
    a: IntRef<'_>,
    b: IntRef<'_>,
    small: fn(i64, i64) -> i64,
    big: fn(&BigInt, &BigInt) -> BigInt,
) -> IntValue {
    match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) => IntValue::Small(small(x, y)),
        (x, y) => IntValue::from_big(big(&x.to_big(), &y.to_big())),
    }
}

fn int_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match (int_value(a), int_value(b)) {
        (Some(x), Some(y)) => Ok(Obj::from(op.matches(x.cmp(y)))),
        _ => Ok(Obj::not_implemented()),
    }
}

fn int_hash(obj: &Obj) -> PyResult<i64> {
    Ok(match int_value(obj) {
        Some(IntRef::Small(value)) => hash_i64(value),
        Some(IntRef::Big(value)) => hash_bigint(value),
        None => 0,
    })
}

fn int_repr(obj: &Obj) -> PyResult<String> {
    match int_value(obj) {
        Some(value) => value.to_decimal(),
        None => Ok(String::new()),
    }
}

fn int_bit_length(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.none("int.bit_length")?;
    let bits = match int_value(obj) {
        Some(IntRef::Small(value)) => u64::from(64 - value.unsigned_abs().leading_zeros()),
        Some(IntRef::Big(value)) => value.bits(),
        None => 0,
    };
    Ok(Obj::from(bits))
}

/// `int(x)`, `int(text, base)`.
fn int_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.only_keywords("int", &["base"])?;
    let positional = args.positional_between("int", 0, 2)?;
    let base = match (positional.get(1), args.keyword("base")) {
        (Some(_), Some(_)) => {
            return Err(PyErr::type_error(
                "argument for int() given by name ('base') and position (2)",
            ));
        }
        (Some(base), None) | (None, Some(base)) => Some(base),
        (None, None) => None,
    };
    let Some(value) = positional.first() else {
        if base.is_some() {
            return Err(PyErr::type_error("int() missing string argument"));
        }
        return Ok(Obj::from(0));
    };
    match base {
        None => to_int(value),
        Some(base) => {
            let base = index_value(base)?.to_primitive::<i64>().unwrap_or(-1);
            if base != 0 && !(2..=36).contains(&base) {
                return Err(PyErr::value_error(
                    "int() base must be >= 2 and <= 36, or 0",
                ));
            }
            match value.downcast_ref::<PyStr>() {
                Some(text) => parse_int_literal(text.as_str(), base as u32).map(Obj::int),
                None => Err(PyErr::type_error(
                    "int() can't convert non-string with explicit base",
                )),
            }
        }
    }
}

/// `int(x)` with one argument.
pub(crate) fn to_int(value: &Obj) -> PyResult<Obj> {
    if value.is_exact::<PyInt>() {
        return Ok(value.clone());
    }
    if let Some(int) = int_value(value) {
        return Ok(Obj::int(int.to_value()));
    }
    if let Some(float) = value.downcast_ref::<PyFloat>() {
        return float::float_to_int(float.value()).map(Obj::int);
    }
    if let Some(text) = value.downcast_ref::<PyStr>() {
        return parse_int_literal(text.as_str(), 10).map(Obj::int);
    }
    if let Some(int) = value.py_type().number_slot(|number| number.int) {
        return int(value);
    }
    if value.py_type().number_slot(|number| number.index).is_some() {
        return index_value(value).map(Obj::int);
    }
    Err(PyErr::type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        value.type_name()
    )))
}

/// Parses `int(text, base)` with Python's syntax (sign, whitespace, `0x`/`0o`/`0b`
/// prefixes, single underscores between digits), or raises `ValueError: invalid literal
/// for int() with base 10: 'abc'`.
pub(crate) fn parse_int_literal(text: &str, base: u32) -> PyResult<IntValue> {
    let invalid = || {
        PyErr::value_error(format!(
            "invalid literal for int() with base {base}: {}",
            super::str::repr_str(text)
        ))
    };
    let trimmed = text.trim_matches(super::str::is_python_space);
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let lower = unsigned.get(..2).map(str::to_ascii_lowercase);
    let prefixed_base = match lower.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let (radix, digits, after_prefix) = match (base, prefixed_base) {
        (0, Some(prefixed)) => (prefixed, &unsigned[2..], true),
        (0, None) => (10, unsigned, false),
        (base, Some(prefixed)) if base == prefixed => (base, &unsigned[2..], true),
        (base, _) => (base, unsigned, false),
    };
    let mut clean = String::with_capacity(digits.len());
    let mut previous_underscore = !after_prefix;
    for c in digits.chars() {
        if c == '_' {
            if previous_underscore {
                return Err(invalid());
            }
            previous_underscore = true;
            continue;
        }
        match c.to_digit(36) {
            Some(digit) if digit < radix && c.is_ascii() => clean.push(c),
            _ => return Err(invalid()),
        }
        previous_underscore = false;
    }
    if clean.is_empty() || (previous_underscore && !digits.is_empty()) {
        return Err(invalid());
    }
    // Base 0 refuses leading zeros ("010"), as Python 3 literals do.
    if base == 0
        && prefixed_base.is_none()
        && clean.starts_with('0')
        && clean.bytes().any(|b| b != b'0')
    {
        return Err(invalid());
    }
    if !radix.is_power_of_two() && clean.len() > MAX_STR_DIGITS {
        return Err(PyErr::value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            clean.len()
        )));
    }
    let magnitude = match i64::from_str_radix(&clean, radix) {
        Ok(small) => IntValue::Small(small),
        Err(_) => match BigInt::parse_bytes(clean.as_bytes(), radix) {
            Some(big) => IntValue::from_big(big),
            None => return Err(invalid()),
        },
    };
    Ok(if negative {
        neg(magnitude.as_ref())
    } else {
        magnitude
    })
}

/// The exact value of a finite float as a big int (truncated toward zero).
pub(crate) fn bigint_from_f64_trunc(value: f64) -> BigInt {
    let truncated = value.trunc();
    if truncated.abs() < 9.0e18 {
        return BigInt::from(truncated as i64);
    }
    let bits = truncated.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let magnitude = BigInt::from(mantissa) << exponent as u64;
    if truncated < 0.0 {
        -magnitude
    } else {
        magnitude
    }
}
