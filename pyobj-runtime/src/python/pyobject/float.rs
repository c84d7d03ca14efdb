//! `float`: a double, printed the way CPython prints it.
//!
//! `repr(x)` is the shortest text that reads back as the same double (`0.1`, not
//! `0.1000000000000000055511151231257827`), in positional notation when the decimal
//! point falls within 16 digits (`1e+16` but `1000000000000000.0`, `1e-05` but
//! `0.0001`), always with a `.0` or an exponent so that it reads back as a float. Mixed
//! int/float arithmetic converts the int (an `OverflowError` if it is too large), and
//! comparisons between ints and floats are exact.
//!
//! Methods: `is_integer`, `as_integer_ratio` (exact), `conjugate`, `hex`
//! (`0x1.8000000000000p+0`) and the class method `fromhex` (CPython's `float_fromhex`:
//! its syntax, rounding half to even and error texts); attributes `real` and `imag`.

use std::cmp::Ordering;

use super::hash::{hash_f64, hash_pointer};
use super::int::{IntRef, IntValue, bigint_from_f64_trunc, int_value};
use super::protocol::CompareOp;
use super::typeobject::{HashSlot, Method, MethodKind, NumberMethods, PyType};
use super::{Args, Obj, PyStr};
use crate::exceptions::{OVERFLOW_ERROR, PyErr, PyResult};
use crate::trace::{Trace, Tracer};
use num_bigint::{BigInt, BigUint};
use num_traits::{One, Zero};

/// The value of a `float` object.
pub struct PyFloat(f64);

impl PyFloat {
    /// The double.
    pub fn value(&self) -> f64 {
        self.0
    }
}

/// The one vtable of every `PyFloat` (a downcast is one comparison of addresses).
static PYFLOAT_VTABLE: crate::refcount::StaticVTable<PyFloat> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyFloat {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYFLOAT_VTABLE.get());
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FLOAT_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl From<f64> for Obj {
    /// A new float object.
    fn from(value: f64) -> Obj {
        Obj::new(PyFloat(value))
    }
}

impl From<f32> for Obj {
    /// A new float object.
    fn from(value: f32) -> Obj {
        Obj::from(f64::from(value))
    }
}

/// `float`.
pub(crate) static FLOAT_TYPE: PyType = PyType {
    name: "float",
    new: Some(float_new),
    repr: Some(|obj| Ok(float_repr(value_of(obj)))),
    hash: Some(HashSlot::Value(float_hash)),
    richcompare: Some(float_richcompare),
    bool: Some(|obj| Ok(value_of(obj) != 0.0)),
    number: Some(&FLOAT_NUMBER),
    getattr: Some(|obj, name| {
        Ok(match name {
            "real" => Some(Obj::from(value_of(obj))),
            "imag" => Some(Obj::from(0.0)),
            _ => None,
        })
    }),
    methods: FLOAT_METHODS,
    method_kinds: &[("fromhex", MethodKind::Class)],
    attributes: &["real", "imag"],
    ..PyType::BLANK
};

/// The public methods of `float`.
static FLOAT_METHODS: &[Method] = &[
    Method {
        name: "is_integer",
        call: |obj, args| {
            args.none("float.is_integer")?;
            let value = value_of(obj);
            Ok(Obj::from(value.is_finite() && value.trunc() == value))
        },
    },
    Method {
        name: "as_integer_ratio",
        call: |obj, args| {
            args.none("float.as_integer_ratio")?;
            let (numerator, denominator) = integer_ratio(value_of(obj))?;
            Ok(Obj::tuple([Obj::from(numerator), Obj::from(denominator)]))
        },
    },
    Method {
        name: "conjugate",
        call: |obj, args| {
            args.none("float.conjugate")?;
            Ok(Obj::from(value_of(obj)))
        },
    },
    Method {
        name: "hex",
        call: |obj, args| {
            args.none("float.hex")?;
            Ok(Obj::from(float_hex(value_of(obj)).as_str()))
        },
    },
    Method {
        name: "fromhex",
        call: |_, args| {
            let text = args.one("float.fromhex")?;
            let Some(text) = text.as_str() else {
                return Err(PyErr::type_error(
                    "bad argument type for built-in operation",
                ));
            };
            float_fromhex(text).map(Obj::from)
        },
    },
];

/// `x.as_integer_ratio()`: the exact value as a fraction in lowest terms with a
/// positive denominator (a power of two).
fn integer_ratio(value: f64) -> PyResult<(BigInt, BigInt)> {
    if value.is_nan() {
        return Err(PyErr::value_error("cannot convert NaN to integer ratio"));
    }
    if value.is_infinite() {
        return Err(PyErr::overflow_error(
            "cannot convert Infinity to integer ratio",
        ));
    }
    if value == 0.0 {
        return Ok((BigInt::zero(), BigInt::one()));
    }
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    // value = mantissa * 2**exponent, then the common factors of two are cancelled.
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    let zeros = i64::from(mantissa.trailing_zeros());
    let (mantissa, exponent) = if exponent < 0 {
        let cancelled = zeros.min(-exponent);
        (mantissa >> cancelled, exponent + cancelled)
    } else {
        (mantissa, exponent)
    };
    let mut numerator = BigInt::from(mantissa);
    let mut denominator = BigInt::one();
    if exponent >= 0 {
        numerator <<= exponent as u64;
    } else {
        denominator <<= exponent.unsigned_abs();
    }
    if value < 0.0 {
        numerator = -numerator;
    }
    Ok((numerator, denominator))
}

/// `x.hex()`: `0x1.8000000000000p+0` (13 hex digits of the fraction; subnormals as
/// `0x0.xxxp-1022`), `inf`, `nan`, `-0x0.0p+0`.
fn float_hex(value: f64) -> String {
    if !value.is_finite() {
        return float_repr(value);
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (lead, exponent) = if biased == 0 {
        (0, -1022)
    } else {
        (1, biased - 1023)
    };
    format!("{sign}0x{lead}.{fraction:013x}p{exponent:+}")
}

/// `float.fromhex(text)`, CPython's `float_fromhex`: optional whitespace and sign, an
/// optional `0x`, hex digits with an optional point, an optional binary exponent
/// `p[+-]digits`, rounded half to even; or `inf`, `infinity`, `nan`. `ValueError:
/// invalid hexadecimal floating-point string`, `OverflowError: hexadecimal value too
/// large to represent as a float`.
pub(crate) fn float_fromhex(text: &str) -> PyResult<f64> {
    let invalid = || PyErr::value_error("invalid hexadecimal floating-point string");
    let too_large = || PyErr::overflow_error("hexadecimal value too large to represent as a float");
    // CPython's `Py_ISSPACE`: ASCII whitespace only.
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |last| last + 1);
    let body = bytes.get(start..end).unwrap_or_default();
    if let Some(special) = special_value(body) {
        return Ok(special);
    }
    let (negative, rest) = match body.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, body),
    };
    let rest = match rest {
        [b'0', b'x' | b'X', rest @ ..] => rest,
        rest => rest,
    };
    // The coefficient's hex digits, most significant first, and how many follow the
    // point.
    let integer_digits = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let mut digits: Vec<u8> = rest[..integer_digits].to_vec();
    let mut rest = &rest[integer_digits..];
    let mut fraction_digits = 0;
    if let [b'.', after @ ..] = rest {
        fraction_digits = after.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        digits.extend_from_slice(&after[..fraction_digits]);
        rest = &after[fraction_digits..];
    }
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut exponent: i64 = 0;
    if let [b'p' | b'P', after @ ..] = rest {
        let (exponent_negative, after) = match after.split_first() {
            Some((b'-', after)) => (true, after),
            Some((b'+', after)) => (false, after),
            _ => (false, after),
        };
        let count = after.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return Err(invalid());
        }
        // `strtol`: saturates.
        for digit in &after[..count] {
            let digit = i64::from(digit - b'0');
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(if exponent_negative { -digit } else { digit });
        }
        rest = &after[count..];
    }
    if !rest.is_empty() {
        return Err(invalid());
    }
    let signed = |x: f64| if negative { -x } else { x };
    // Leading zeros do not count; a zero coefficient or a hugely negative exponent is 0.
    let zeros = digits.iter().take_while(|&&digit| digit == b'0').count();
    let digits = &digits[zeros..];
    if digits.is_empty() || exponent < i64::MIN / 2 {
        return Ok(signed(0.0));
    }
    if exponent > i64::MAX / 2 {
        return Err(too_large());
    }
    let exponent = exponent - 4 * fraction_digits as i64;
    // One more than the exponent of the coefficient's top bit.
    let leading = char::from(digits[0]).to_digit(16).unwrap_or(0);
    let top = exponent + 4 * (digits.len() as i64 - 1) + i64::from(32 - leading.leading_zeros());
    if top < -1074 {
        return Ok(signed(0.0));
    }
    if top > 1024 {
        return Err(too_large());
    }
    let coefficient = BigUint::parse_bytes(digits, 16).unwrap_or_default();
    super::int::scaled_to_f64(&coefficient, exponent, false)
        .map(signed)
        .ok_or_else(too_large)
}

/// CPython's `_Py_parse_inf_or_nan` over a whole (trimmed) text: an optional sign, then
/// `inf`, `infinity` or `nan` in any case.
fn special_value(text: &[u8]) -> Option<f64> {
    let (negative, rest) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let word = std::str::from_utf8(rest).ok()?.to_ascii_lowercase();
    let value = match word.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    };
    Some(if negative { -value } else { value })
}

static FLOAT_NUMBER: NumberMethods = NumberMethods {
    add: Some(|a, b| float_binary(a, b, |x, y| Ok(x + y))),
    sub: Some(|a, b| float_binary(a, b, |x, y| Ok(x - y))),
    mul: Some(|a, b| float_binary(a, b, |x, y| Ok(x * y))),
    truediv: Some(|a, b| {
        float_binary(a, b, |x, y| {
            if y == 0.0 {
                Err(PyErr::zero_division_error("float division by zero"))
            } else {
                Ok(x / y)
            }
        })
    }),
    floordiv: Some(|a, b| {
        float_binary(a, b, |x, y| {
            if y == 0.0 {
                Err(PyErr::zero_division_error("float floor division by zero"))
            } else {
                Ok(float_divmod(x, y).0)
            }
        })
    }),
    rem: Some(|a, b| {
        float_binary(a, b, |x, y| {
            if y == 0.0 {
                Err(PyErr::zero_division_error("float modulo"))
            } else {
                Ok(float_rem(x, y))
            }
        })
    }),
    divmod: Some(|a, b| match (float_operand(a)?, float_operand(b)?) {
        (Some(x), Some(y)) => {
            if y == 0.0 {
                return Err(PyErr::zero_division_error("float divmod()"));
            }
            let (q, r) = float_divmod(x, y);
            Ok(Obj::tuple(vec![Obj::from(q), Obj::from(r)]))
        }
        _ => Ok(Obj::not_implemented()),
    }),
    pow: Some(|a, b| float_binary(a, b, float_pow_values)),
    neg: Some(|a| Ok(Obj::from(-value_of(a)))),
    pos: Some(|a| Ok(Obj::from(value_of(a)))),
    abs: Some(|a| Ok(Obj::from(value_of(a).abs()))),
    int: Some(|a| float_to_int(value_of(a)).map(Obj::int)),
    float: Some(|a| Ok(value_of(a))),
    ..NumberMethods::NONE
};

fn value_of(obj: &Obj) -> f64 {
    obj.downcast_ref::<PyFloat>()
        .map_or(f64::NAN, PyFloat::value)
}

/// A float operand: a float, or an int converted (which may overflow); `None` for any
/// other type.
fn float_operand(obj: &Obj) -> PyResult<Option<f64>> {
    if let Some(float) = obj.downcast_ref::<PyFloat>() {
        return Ok(Some(float.0));
    }
    int_value(obj).map(IntRef::to_f64).transpose()
}

/// The value of a float or an int as a double.
pub(crate) fn as_f64(obj: &Obj) -> PyResult<Option<f64>> {
    float_operand(obj)
}

fn float_binary(a: &Obj, b: &Obj, op: fn(f64, f64) -> PyResult<f64>) -> PyResult<Obj> {
    match (float_operand(a)?, float_operand(b)?) {
        (Some(x), Some(y)) => Ok(Obj::from(op(x, y)?)),
        _ => Ok(Obj::not_implemented()),
    }
}

/// `x % y` with the divisor's sign (CPython's `float_rem`).
fn float_rem(x: f64, y: f64) -> f64 {
    let rem = x % y;
    if rem != 0.0 {
        if (y < 0.0) != (rem < 0.0) {
            rem + y
        } else {
            rem
        }
    } else {
        0.0_f64.copysign(y)
    }
}

/// `divmod(x, y)` (CPython's `_float_div_mod`).
fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut rem = x % y;
    let mut div = (x - rem) / y;
    if rem != 0.0 {
        if (y < 0.0) != (rem < 0.0) {
            rem += y;
            div -= 1.0;
        }
    } else {
        rem = 0.0_f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut floordiv = div.floor();
        if div - floordiv > 0.5 {
            floordiv += 1.0;
        }
        floordiv
    } else {
        0.0_f64.copysign(x / y)
    };
    (floordiv, rem)
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.trunc() == x && (x % 2.0).abs() == 1.0
}

/// `x ** y` for doubles (CPython's `float_pow`: its special cases, then the platform
/// `pow`).
pub(crate) fn float_pow_values(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Ok(1.0);
    }
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(if x == 1.0 { 1.0 } else { y });
    }
    if y.is_infinite() {
        let x = x.abs();
        return Ok(if x == 1.0 {
            1.0
        } else if (y > 0.0) == (x > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        return Ok(if y > 0.0 {
            if odd { x } else { x.abs() }
        } else if odd {
            0.0_f64.copysign(x)
        } else {
            0.0
        });
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(PyErr::zero_division_error(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(if is_odd_integer(y) { x } else { 0.0 });
    }
    let mut base = x;
    let mut negate = false;
    if base < 0.0 {
        if y != y.floor() {
            // CPython returns a complex number here; pyobj has no complex type.
            return Err(PyErr::value_error(
                "negative number cannot be raised to a fractional power",
            ));
        }
        base = -base;
        negate = is_odd_integer(y);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let result = base.powf(y);
    if result.is_infinite() {
        return Err(PyErr::with_args(
            &OVERFLOW_ERROR,
            vec![Obj::from(34), Obj::from("Numerical result out of range")],
        ));
    }
    Ok(if negate { -result } else { result })
}

/// `int(x)`: truncation toward zero.
pub(crate) fn float_to_int(value: f64) -> PyResult<IntValue> {
    if value.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if value.is_infinite() {
        return Err(PyErr::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    Ok(IntValue::from_big(bigint_from_f64_trunc(value)))
}

/// How a finite or infinite float compares with an int, exactly; `None` for NaN.
fn compare_float_int(x: f64, n: IntRef<'_>) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    if let IntRef::Small(small) = n
        && small.unsigned_abs() <= 1 << 53
    {
        return x.partial_cmp(&(small as f64));
    }
    let whole = x.trunc();
    match bigint_from_f64_trunc(whole).cmp(&n.to_big()) {
        Ordering::Equal => (x - whole).partial_cmp(&0.0),
        unequal => Some(unequal),
    }
}

fn float_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let x = value_of(a);
    let ordering = if let Some(float) = b.downcast_ref::<PyFloat>() {
        x.partial_cmp(&float.0)
    } else if let Some(n) = int_value(b) {
        compare_float_int(x, n)
    } else {
        return Ok(Obj::not_implemented());
    };
    Ok(Obj::from(match ordering {
        Some(ordering) => op.matches(ordering),
        None => op == CompareOp::Ne,
    }))
}

fn float_hash(obj: &Obj) -> PyResult<i64> {
    let value = value_of(obj);
    Ok(if value.is_nan() {
        hash_pointer(obj.id())
    } else {
        hash_f64(value)
    })
}

/// `float(x)`.
fn float_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("float")?;
    let Some(value) = args.positional_between("float", 0, 1)?.first() else {
        return Ok(Obj::from(0.0));
    };
    to_float(value)
}

/// `float(x)` with one argument.
pub(crate) fn to_float(value: &Obj) -> PyResult<Obj> {
    if value.is_exact::<PyFloat>() {
        return Ok(value.clone());
    }
    if let Some(n) = int_value(value) {
        return Ok(Obj::from(n.to_f64()?));
    }
    if let Some(text) = value.downcast_ref::<PyStr>() {
        return parse_float(text.as_str()).map(Obj::from);
    }
    if let Some(float) = value.py_type().number_slot(|number| number.float) {
        return float(value).map(Obj::from);
    }
    if value.py_type().number_slot(|number| number.index).is_some() {
        return super::int::index_value(value)?
            .as_ref()
            .to_f64()
            .map(Obj::from);
    }
    Err(PyErr::type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        value.type_name()
    )))
}

/// Parses `float(text)` with Python's syntax, or raises `ValueError: could not convert
/// string to float: 'x'`.
pub(crate) fn parse_float(text: &str) -> PyResult<f64> {
    let invalid = || {
        PyErr::value_error(format!(
            "could not convert string to float: {}",
            super::str::repr_str(text)
        ))
    };
    let trimmed = text.trim_matches(super::str::is_python_space);
    let bytes = trimmed.as_bytes();
    // An underscore must sit between two digits.
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b'_' {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            if !(before.is_some_and(u8::is_ascii_digit) && after.is_some_and(u8::is_ascii_digit)) {
                return Err(invalid());
            }
        }
    }
    let clean: String = trimmed.chars().filter(|&c| c != '_').collect();
    if !clean.is_ascii() || clean.is_empty() {
        return Err(invalid());
    }
    let body = clean.trim_start_matches(['+', '-']);
    if clean.len() - body.len() > 1 {
        return Err(invalid());
    }
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return clean.parse::<f64>().map_err(|_| invalid());
    }
    if !lower
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-'))
    {
        return Err(invalid());
    }
    clean.parse::<f64>().map_err(|_| invalid())
}

/// CPython's `repr(float)`: the shortest round-trip digits, positional when the decimal
/// point is within 16 digits, exponent otherwise.
pub(crate) fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_owned();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-5".
    let formatted = format!("{value:e}");
    let (sign, unsigned) = match formatted.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", formatted.as_str()),
    };
    let (mantissa, exponent) = unsigned.split_once('e').unwrap_or((unsigned, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // The value is 0.DIGITS * 10**point.
    let point = exponent + 1;
    let count = digits.len() as i32;
    let body = if !(-4 < point && point <= 16) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{first}{fraction}e{exp_sign}{:02}", exponent.unsigned_abs())
    } else if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point >= count {
        format!("{digits}{}.0", "0".repeat((point - count) as usize))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    };
    format!("{sign}{body}")
}
