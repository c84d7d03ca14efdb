//! `import math`: CPython 3.11's `math` module, with its results and its error texts.
//!
//! What is there (everything CPython 3.11 has):
//!
//! - constants: `pi`, `e`, `tau`, `inf`, `nan`;
//! - rounding to ints: `ceil`, `floor`, `trunc` (exact for ints of any size; a class
//!   instance's `__ceil__`/`__floor__`/`__trunc__` is called);
//! - powers and logarithms: `sqrt`, `cbrt`, `exp`, `exp2`, `expm1`, `pow`, `log` (with
//!   an optional base), `log2`, `log10`, `log1p`; the logarithms take ints of any size
//!   (`log(10**400)`), as CPython's do;
//! - trigonometry: `sin`, `cos`, `tan`, `asin`, `acos`, `atan`, `atan2`, `degrees`,
//!   `radians`, `hypot` (any number of coordinates), `dist`;
//! - hyperbolic functions: `sinh`, `cosh`, `tanh`, `asinh`, `acosh`, `atanh`;
//! - special functions: `erf`, `erfc`, `gamma`, `lgamma`;
//! - floating-point plumbing: `fabs`, `copysign`, `fmod`, `remainder`, `modf`, `frexp`,
//!   `ldexp`, `nextafter`, `ulp`, `isfinite`, `isinf`, `isnan`, `isclose` (with the
//!   keywords `rel_tol` and `abs_tol`);
//! - sums and products: `fsum` (exact, then correctly rounded), `prod` (with the keyword
//!   `start`);
//! - integer functions, exact for ints of any size: `isqrt`, `factorial`, `comb`,
//!   `perm`, `gcd`, `lcm` (both with any number of arguments).
//!
//! # Arguments
//! A float argument may be a float, an int or a bool. An int converts to the nearest
//! float, or raises `OverflowError: int too large to convert to float`; any other type
//! raises `TypeError: must be real number, not str`. The integer functions take ints
//! and bools only (`TypeError: 'float' object cannot be interpreted as an integer`).
//! Argument-count and keyword errors have CPython's texts, which differ from function to
//! function (`math.sqrt() takes exactly one argument (2 given)`, `pow expected 2
//! arguments, got 1`, `math.log requires 1 to 2 arguments`).
//!
//! # Errors and results
//! CPython's rules: a NaN from non-NaN arguments is `ValueError: math domain error`; an
//! infinity from finite arguments is `OverflowError: math range error` where the exact
//! result is finite but too large (`exp(1000)`) and the domain error at a pole
//! (`log(0)`); underflow returns zero. The results are CPython's bit for bit: the
//! elementary functions are the platform's C library (`f64::sin` and friends call it,
//! and `erf`, `erfc`, `asinh`, `acosh`, `atanh`, `cbrt` and `ldexp` are declared from
//! it below), and where CPython computes something itself (`gamma` and `lgamma` by
//! Lanczos' approximation, `hypot`/`dist` by scaled compensated summation, `fsum` by
//! exact partial sums, `pow`, `atan2`, `remainder` and `fmod` special cases, the
//! logarithm of a big int) this module follows the same algorithm with the same
//! floating-point operations in the same order.

use std::f64::consts::{E, PI, TAU};
use std::ffi::c_int;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::function;
use crate::exceptions::{ATTRIBUTE_ERROR, PyErr, PyResult};
use crate::pyobject::{Args, Obj, PyBool, PyFloat, PyInt, PyModule};

/// The C library functions this module calls that `f64` has no method for, or whose
/// `f64` method is not the C library's (Rust computes `asinh`, `acosh`, `atanh` and
/// `cbrt` its own way, which rounds differently from glibc).
mod libm {
    use std::ffi::c_int;

    // SAFETY: these are C99 <math.h> functions of the platform's C math library, which
    // the standard library already links on every supported platform, declared with
    // their C signatures (`double` arguments and result, `int` for the exponent). Each
    // takes its arguments by value, touches no memory of the caller's, and is defined
    // for every argument, NaNs and infinities included (at most it sets the thread's
    // `errno`), which is what makes declaring them `safe` sound.
    unsafe extern "C" {
        /// The error function.
        pub(super) safe fn erf(x: f64) -> f64;
        /// The complementary error function, `1 - erf(x)` without the cancellation.
        pub(super) safe fn erfc(x: f64) -> f64;
        /// The inverse hyperbolic sine.
        pub(super) safe fn asinh(x: f64) -> f64;
        /// The inverse hyperbolic cosine (NaN below 1).
        pub(super) safe fn acosh(x: f64) -> f64;
        /// The inverse hyperbolic tangent (infinite at ±1, NaN beyond).
        pub(super) safe fn atanh(x: f64) -> f64;
        /// The cube root.
        // Rust's own `compiler_builtins` defines a `cbrt` symbol (correctly rounded,
        // unlike glibc's) that the linker prefers to the C library's: on glibc, bind
        // to the alias glibc exports for its `cbrt` instead.
        #[cfg_attr(all(target_os = "linux", target_env = "gnu"), link_name = "cbrtf64")]
        pub(super) safe fn cbrt(x: f64) -> f64;
        /// `x * 2**exp`, correctly rounded (into the subnormals too).
        pub(super) safe fn ldexp(x: f64, exp: c_int) -> f64;
    }
}

/// Makes the `math` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "math",
        [
            function("acos", |args| unary(args, "math.acos", f64::acos, false)),
            function("acosh", |args| {
                unary(args, "math.acosh", |x| libm::acosh(x), false)
            }),
            function("asin", |args| unary(args, "math.asin", f64::asin, false)),
            function("asinh", |args| {
                unary(args, "math.asinh", |x| libm::asinh(x), false)
            }),
            function("atan", |args| unary(args, "math.atan", f64::atan, false)),
            function("atan2", |args| binary(args, "atan2", atan2)),
            function("atanh", |args| {
                unary(args, "math.atanh", |x| libm::atanh(x), false)
            }),
            function("cbrt", |args| {
                unary(args, "math.cbrt", |x| libm::cbrt(x), false)
            }),
            function("ceil", |args| {
                to_int(args.one("math.ceil")?, "__ceil__", f64::ceil)
            }),
            function("copysign", |args| binary(args, "copysign", f64::copysign)),
            function("cos", |args| unary(args, "math.cos", f64::cos, false)),
            function("cosh", |args| unary(args, "math.cosh", f64::cosh, true)),
            function("degrees", |args| {
                Ok(Obj::from(
                    real(args.one("math.degrees")?)? * DEGREES_PER_RADIAN,
                ))
            }),
            function("dist", dist),
            function("erf", |args| {
                Ok(Obj::from(libm::erf(real(args.one("math.erf")?)?)))
            }),
            function("erfc", |args| {
                Ok(Obj::from(libm::erfc(real(args.one("math.erfc")?)?)))
            }),
            function("exp", |args| unary(args, "math.exp", f64::exp, true)),
            function("exp2", |args| unary(args, "math.exp2", f64::exp2, true)),
            function("expm1", |args| unary(args, "math.expm1", f64::exp_m1, true)),
            function("fabs", |args| unary(args, "math.fabs", f64::abs, false)),
            function("factorial", |args| factorial(args.one("math.factorial")?)),
            function("floor", |args| {
                to_int(args.one("math.floor")?, "__floor__", f64::floor)
            }),
            function("fmod", fmod),
            function("frexp", |args| {
                let (mantissa, exponent) = frexp(real(args.one("math.frexp")?)?);
                Ok(Obj::tuple([Obj::from(mantissa), Obj::from(exponent)]))
            }),
            function("fsum", |args| fsum(args.one("math.fsum")?)),
            function("gamma", |args| {
                reported(gamma(real(args.one("math.gamma")?)?))
            }),
            function("gcd", gcd),
            function("hypot", hypot),
            function("isclose", isclose),
            function("isfinite", |args| {
                Ok(Obj::from(real(args.one("math.isfinite")?)?.is_finite()))
            }),
            function("isinf", |args| {
                Ok(Obj::from(real(args.one("math.isinf")?)?.is_infinite()))
            }),
            function("isnan", |args| {
                Ok(Obj::from(real(args.one("math.isnan")?)?.is_nan()))
            }),
            function("isqrt", |args| isqrt(args.one("math.isqrt")?)),
            function("lcm", lcm),
            function("ldexp", math_ldexp),
            function("lgamma", |args| {
                reported(lgamma(real(args.one("math.lgamma")?)?))
            }),
            function("log", log),
            function("log1p", |args| unary(args, "math.log1p", log1p, false)),
            function("log10", |args| {
                logarithm(args.one("math.log10")?, log10).map(Obj::from)
            }),
            function("log2", |args| {
                logarithm(args.one("math.log2")?, log2).map(Obj::from)
            }),
            function("modf", |args| {
                let (fraction, whole) = modf(real(args.one("math.modf")?)?);
                Ok(Obj::tuple([Obj::from(fraction), Obj::from(whole)]))
            }),
            function("pow", |args| {
                let [x, y] = reals::<2>(args, "pow")?;
                pow(x, y).map(Obj::from)
            }),
            function("radians", |args| {
                Ok(Obj::from(
                    real(args.one("math.radians")?)? * RADIANS_PER_DEGREE,
                ))
            }),
            function("remainder", |args| binary(args, "remainder", remainder)),
            function("sin", |args| unary(args, "math.sin", f64::sin, false)),
            function("sinh", |args| unary(args, "math.sinh", f64::sinh, true)),
            function("sqrt", |args| unary(args, "math.sqrt", f64::sqrt, false)),
            function("tan", |args| unary(args, "math.tan", f64::tan, false)),
            function("tanh", |args| unary(args, "math.tanh", f64::tanh, false)),
            function("trunc", |args| trunc(args.one("math.trunc")?)),
            function("prod", prod),
            function("perm", perm),
            function("comb", comb),
            function("nextafter", |args| {
                let [x, y] = reals::<2>(args, "nextafter")?;
                Ok(Obj::from(nextafter(x, y)))
            }),
            function("ulp", |args| {
                Ok(Obj::from(ulp(real(args.one("math.ulp")?)?)))
            }),
            ("pi", Obj::from(PI)),
            ("e", Obj::from(E)),
            ("tau", Obj::from(TAU)),
            ("inf", Obj::from(f64::INFINITY)),
            ("nan", Obj::from(f64::NAN)),
        ],
    )
}

// ---------------------------------------------------------------------------------------
// Arguments

/// `ValueError: math domain error`: no result exists (`sqrt(-1)`, `log(0)`).
fn domain_error() -> PyErr {
    PyErr::value_error("math domain error")
}

/// `OverflowError: math range error`: the result is too large for a float.
fn range_error() -> PyErr {
    PyErr::overflow_error("math range error")
}

/// Whether `obj` is an int or a bool (CPython's `PyLong_Check`).
fn is_int(obj: &Obj) -> bool {
    obj.downcast_ref::<PyInt>().is_some() || obj.downcast_ref::<PyBool>().is_some()
}

/// The value of an int or a bool.
fn int_of(obj: &Obj) -> Option<BigInt> {
    if let Some(int) = obj.downcast_ref::<PyInt>() {
        return Some(int.to_bigint());
    }
    obj.downcast_ref::<PyBool>()
        .map(|b| BigInt::from(u8::from(b.value())))
}

/// A float argument (CPython's `PyFloat_AsDouble`): a float; an int or bool converted
/// to the nearest float (`OverflowError: int too large to convert to float`); an object
/// with `__float__` or `__index__`; else `TypeError: must be real number, not str`.
fn real(obj: &Obj) -> PyResult<f64> {
    if let Some(float) = obj.downcast_ref::<PyFloat>() {
        return Ok(float.value());
    }
    if is_int(obj) {
        return obj.extract::<f64>();
    }
    if let Some(float) = obj.py_type().number_slot(|number| number.float) {
        return float(obj);
    }
    if obj.py_type().number_slot(|number| number.index).is_some() {
        return Obj::from(index(obj)?).extract::<f64>();
    }
    Err(PyErr::type_error(format!(
        "must be real number, not {}",
        obj.type_name()
    )))
}

/// An integer argument (CPython's `operator.index`): an int or a bool, or an object with
/// `__index__`; else `TypeError: 'float' object cannot be interpreted as an integer`.
fn index(obj: &Obj) -> PyResult<BigInt> {
    if let Some(value) = int_of(obj) {
        return Ok(value);
    }
    match obj.py_type().number_slot(|number| number.index) {
        Some(index) => {
            let result = index(obj)?;
            int_of(&result).ok_or_else(|| {
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

/// The positional arguments of a function that takes no keywords, between `min` and
/// `max` of them (Argument Clinic's texts: `TypeError: math.pow() takes no keyword
/// arguments`, `TypeError: pow expected 2 arguments, got 1`).
fn positional<'a>(args: &Args<'a>, name: &str, min: usize, max: usize) -> PyResult<&'a [Obj]> {
    no_keywords(args, name)?;
    args.positional_between(name, min, max)
}

/// `TypeError: math.gcd() takes no keyword arguments`.
fn no_keywords(args: &Args<'_>, name: &str) -> PyResult<()> {
    if args.keywords().is_empty() {
        Ok(())
    } else {
        args.no_keywords(&format!("math.{name}"))
    }
}

/// Exactly `N` float arguments, converted in order.
fn reals<const N: usize>(args: &Args<'_>, name: &str) -> PyResult<[f64; N]> {
    let objs = positional(args, name, N, N)?;
    let mut values = [0.0; N];
    for (value, obj) in values.iter_mut().zip(objs) {
        *value = real(obj)?;
    }
    Ok(values)
}

/// Argument Clinic's unpacking of a call with keywords (`_PyArg_UnpackKeywords`), for
/// the functions here that take some: the value of each parameter, in order, `None` for
/// one not given. Every positional parameter is required; the others are keyword-only.
struct Parameters {
    /// The function's name, as the messages show it.
    name: &'static str,
    /// The parameters' names, the positional ones first.
    names: &'static [&'static str],
    /// How many leading parameters are positional-only.
    positional_only: usize,
    /// How many parameters are positional.
    positional: usize,
}

impl Parameters {
    /// The value of each parameter, in order (`None` for a keyword-only one not given),
    /// or the `TypeError` CPython raises for these arguments.
    fn unpack(&self, args: &Args<'_>) -> PyResult<Vec<Option<Obj>>> {
        let name = self.name;
        let given = args.positional();
        let keywords = args.keywords();
        let n = given.len();
        let max = self.names.len();
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        let total = n + keywords.len();
        if total > max {
            let keyword = if n == 0 { "keyword " } else { "" };
            return Err(PyErr::type_error(format!(
                "{name}() takes at most {max} {keyword}argument{} ({total} given)",
                plural(max)
            )));
        }
        if n > self.positional {
            return Err(PyErr::type_error(format!(
                "{name}() takes exactly {} positional argument{} ({n} given)",
                self.positional,
                plural(self.positional)
            )));
        }
        if n < self.positional_only {
            return Err(PyErr::type_error(format!(
                "{name}() takes exactly {} positional argument{} ({n} given)",
                self.positional_only,
                plural(self.positional_only)
            )));
        }
        let find = |key: &str| {
            keywords
                .iter()
                .find(|(given, _)| *given == key)
                .map(|(_, value)| value.clone())
        };
        let mut values: Vec<Option<Obj>> = given.iter().cloned().map(Some).collect();
        let mut unused = keywords.len();
        for (i, key) in self
            .names
            .iter()
            .enumerate()
            .skip(n.max(self.positional_only))
        {
            let value = if unused > 0 { find(key) } else { None };
            if value.is_some() {
                unused -= 1;
            } else if i < self.positional {
                return Err(PyErr::type_error(format!(
                    "{name}() missing required argument '{key}' (pos {})",
                    i + 1
                )));
            }
            values.push(value);
        }
        if unused > 0 {
            for (i, key) in self
                .names
                .iter()
                .enumerate()
                .take(n)
                .skip(self.positional_only)
            {
                if find(key).is_some() {
                    return Err(PyErr::type_error(format!(
                        "argument for {name}() given by name ('{key}') and position ({})",
                        i + 1
                    )));
                }
            }
            let keyword_names = &self.names[self.positional_only..];
            if let Some((key, _)) = keywords
                .iter()
                .find(|(key, _)| !keyword_names.contains(key))
            {
                return Err(PyErr::type_error(format!(
                    "'{key}' is an invalid keyword argument for {name}()"
                )));
            }
        }
        Ok(values)
    }
}

// ---------------------------------------------------------------------------------------
// The C library's functions, with CPython's error rules

/// A one-argument float function (CPython's `math_1`): `f(x)`, where a NaN from a
/// non-NaN `x` is a domain error, and an infinity from a finite `x` is a range error if
/// the function `can_overflow`, a domain error (a pole) otherwise.
fn unary(args: &Args<'_>, qualname: &str, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<Obj> {
    let x = real(args.one(qualname)?)?;
    checked(x, f(x), can_overflow).map(Obj::from)
}

/// CPython's checks of `r = f(x)` (see [`unary`]).
fn checked(x: f64, r: f64, can_overflow: bool) -> PyResult<f64> {
    if r.is_nan() && !x.is_nan() {
        Err(domain_error())
    } else if r.is_infinite() && x.is_finite() {
        Err(if can_overflow {
            range_error()
        } else {
            domain_error()
        })
    } else {
        Ok(r)
    }
}

/// A two-argument float function (CPython's `math_2`): a NaN from non-NaN arguments is
/// a domain error, an infinity from finite arguments a range error.
fn binary(args: &Args<'_>, name: &str, f: fn(f64, f64) -> f64) -> PyResult<Obj> {
    let [x, y] = reals::<2>(args, name)?;
    let r = f(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        Err(domain_error())
    } else if r.is_infinite() && x.is_finite() && y.is_finite() {
        Err(range_error())
    } else {
        Ok(Obj::from(r))
    }
}

/// What went wrong in a function that reports its own errors (as CPython's `errno`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trouble {
    /// No result exists (`EDOM`).
    Domain,
    /// The result is too large for a float (`ERANGE`).
    Range,
}

/// The result of `gamma` or `lgamma` as Python sees it (CPython's `math_1a`): a domain
/// error is `ValueError`, a range error `OverflowError`. (CPython lets a range error
/// with a result below 1.5 through, as an underflow; `gamma` and `lgamma` report one
/// only with an infinite result, so that never happens here.)
fn reported((r, trouble): (f64, Option<Trouble>)) -> PyResult<Obj> {
    match trouble {
        Some(Trouble::Domain) => Err(domain_error()),
        Some(Trouble::Range) => Err(range_error()),
        None => Ok(Obj::from(r)),
    }
}

/// `log1p(x)`, keeping the sign of a zero `x`.
fn log1p(x: f64) -> f64 {
    if x == 0.0 { x } else { x.ln_1p() }
}

/// `atan2(y, x)`, with C99's special values settled here rather than left to the
/// platform.
fn atan2(y: f64, x: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        let angle = if !x.is_infinite() {
            0.5 * PI
        } else if x.is_sign_positive() {
            0.25 * PI
        } else {
            0.75 * PI
        };
        return angle.copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        // On the x axis: 0 to the right, pi to the left, with the sign of y.
        return if x.is_sign_positive() {
            0.0_f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    y.atan2(x)
}

/// IEEE 754's `remainder(x, y)`: `x - n*y` for the integer `n` nearest `x/y` (the even
/// one on a tie). Exact.
fn remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (ax, ay) = (x.abs(), y.abs());
        let m = ax % ay;
        // Compare m with ay - m rather than with ay / 2, which may not be exact for a
        // tiny ay; ay - m is exact whenever the comparison could go either way.
        let complement = ay - m;
        let r = if m < complement {
            m
        } else if m > complement {
            -complement
        } else {
            // Halfway: ax is an odd or an even multiple of ay, plus m. Halving
            // (ax - m) and reducing modulo ay gives m for an odd multiple, 0 for an
            // even one; every step is exact.
            m - 2.0 * ((0.5 * (ax - m)) % ay)
        };
        return 1.0_f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

/// `math.fmod(x, y)`: C's `fmod` (the result has the sign of `x`).
fn fmod(args: &Args<'_>) -> PyResult<Obj> {
    let [x, y] = reals::<2>(args, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Obj::from(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    Ok(Obj::from(r))
}

/// `math.pow(x, y)`: the special values of C99 settled here, then the platform's `pow`.
/// `0.0 ** -1.0` is a domain error; an overflow a range error.
fn pow(x: f64, y: f64) -> PyResult<f64> {
    if !x.is_finite() || !y.is_finite() {
        return Ok(if x.is_nan() {
            if y == 0.0 { 1.0 } else { x }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && y.abs() % 2.0 == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0_f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    let r = x.powf(y);
    if r.is_nan() {
        Err(domain_error())
    } else if r.is_infinite() {
        Err(if x == 0.0 {
            domain_error()
        } else {
            range_error()
        })
    } else {
        Ok(r)
    }
}

/// Degrees in a radian (as CPython rounds it: one division, correctly rounded).
const DEGREES_PER_RADIAN: f64 = 180.0 / PI;

/// Radians in a degree.
const RADIANS_PER_DEGREE: f64 = PI / 180.0;

// ---------------------------------------------------------------------------------------
// Logarithms

/// The natural logarithm with C99's special values: `log(0)` is `-inf` and `log(x < 0)`
/// NaN (the callers turn both into domain errors).
fn ln(x: f64) -> f64 {
    if x > 0.0 || x.is_nan() {
        x.ln()
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

/// The base-2 logarithm, special values as [`ln`].
fn log2(x: f64) -> f64 {
    if x > 0.0 || x.is_nan() {
        x.log2()
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

/// The base-10 logarithm, special values as [`ln`].
fn log10(x: f64) -> f64 {
    if x > 0.0 || x.is_nan() {
        x.log10()
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

/// A logarithm of `x` (CPython's `loghelper`). An int is taken as it is: not positive is
/// a domain error; too large for a float, it is split as `m * 2**e` and its logarithm
/// is `f(m) + f(2) * e`. Anything else is a float argument.
fn logarithm(x: &Obj, f: fn(f64) -> f64) -> PyResult<f64> {
    let Some(n) = int_of(x) else {
        let x = real(x)?;
        return checked(x, f(x), false);
    };
    if n.sign() != Sign::Plus {
        return Err(domain_error());
    }
    if let Some(value) = to_float(n.magnitude()) {
        return Ok(f(value));
    }
    let (m, e) = frexp_big(n.magnitude());
    Ok(f(m) + f(2.0) * e as f64)
}

/// `math.log(x[, base])`: `log(x) / log(base)`.
fn log(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("log")?;
    let (x, base) = match args.positional() {
        [x] => (x, None),
        [x, base] => (x, Some(base)),
        _ => return Err(PyErr::type_error("math.log requires 1 to 2 arguments")),
    };
    let numerator = logarithm(x, ln)?;
    let Some(base) = base else {
        return Ok(Obj::from(numerator));
    };
    let denominator = logarithm(base, ln)?;
    if denominator == 0.0 {
        return Err(PyErr::zero_division_error("float division by zero"));
    }
    Ok(Obj::from(numerator / denominator))
}

/// A nonnegative big int as the nearest float, or `None` if it is too large.
fn to_float(n: &BigUint) -> Option<f64> {
    if let Some(small) = n.to_u64() {
        return Some(small as f64);
    }
    let (m, e) = frexp_big(n);
    (e <= 1024).then(|| ldexp(m, e as i64))
}

/// A positive big int as `(m, e)` with `n ≈ m * 2**e`, `0.5 <= m < 1` and `m`
/// correctly rounded (to nearest, ties to even), as CPython's `_PyLong_Frexp`.
fn frexp_big(n: &BigUint) -> (f64, u64) {
    let bits = n.bits();
    // 55 bits: the 53 a double keeps, then the half bit, then one bit that is set if
    // anything below it is (so that a tie and "a little above a tie" differ).
    let top = if bits <= 55 {
        n.to_u64().unwrap_or(0) << (55 - bits)
    } else {
        let shift = bits - 55;
        let top = (n >> shift).to_u64().unwrap_or(0);
        let below = n.trailing_zeros().is_some_and(|zeros| zeros < shift);
        top | u64::from(below)
    };
    let mut mantissa = top >> 2;
    let rest = top & 3;
    if rest > 2 || (rest == 2 && mantissa & 1 == 1) {
        mantissa += 1;
    }
    // Exact: the mantissa has at most 54 bits, and is 2**53 at most.
    let m = mantissa as f64 / 9_007_199_254_740_992.0;
    if m == 1.0 { (0.5, bits + 1) } else { (m, bits) }
}

// ---------------------------------------------------------------------------------------
// Floating-point plumbing

/// `2**k` for `-1074 <= k <= 1023`, exactly.
fn pow2(k: i32) -> f64 {
    debug_assert!((-1074..=1023).contains(&k));
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (k + 1074))
    }
}

/// `frexp(x)`: `(m, e)` with `x == m * 2**e` and `0.5 <= |m| < 1`; `(x, 0)` for a zero,
/// an infinity or a NaN.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first (exactly).
        let (m, e) = frexp(x * pow2(64));
        return (m, e - 64);
    }
    // Keep the sign and fraction; give the exponent field the value of 2**-1.
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, biased - 1022)
}

/// `x * 2**exp`, correctly rounded (the C library's `ldexp`), for any `exp`: past the
/// range of a C `int`, the result is an infinity or a zero of `x`'s sign.
fn ldexp(x: f64, exp: i64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        x
    } else if exp > i64::from(c_int::MAX) {
        f64::INFINITY.copysign(x)
    } else if exp < i64::from(c_int::MIN) {
        0.0_f64.copysign(x)
    } else {
        libm::ldexp(x, exp as c_int)
    }
}

/// `math.ldexp(x, i)`: the exponent must be an int (`TypeError: Expected an int as
/// second argument to ldexp.`); an overflow is a range error.
fn math_ldexp(args: &Args<'_>) -> PyResult<Obj> {
    let [x, i] = positional(args, "ldexp", 2, 2)? else {
        unreachable!("two arguments were checked")
    };
    let x = real(x)?;
    let Some(exp) = int_of(i) else {
        return Err(PyErr::type_error(
            "Expected an int as second argument to ldexp.",
        ));
    };
    // An exponent past a C long stands for the farthest long of its sign.
    let exp = exp.to_i64().unwrap_or(if exp.is_negative() {
        i64::MIN
    } else {
        i64::MAX
    });
    let r = ldexp(x, exp);
    if r.is_infinite() && x.is_finite() {
        return Err(range_error());
    }
    Ok(Obj::from(r))
}

/// `modf(x)`: `(fraction, whole)`, both with the sign of `x`.
fn modf(x: f64) -> (f64, f64) {
    if x.is_infinite() {
        return (0.0_f64.copysign(x), x);
    }
    if x.is_nan() {
        return (x, x);
    }
    let whole = x.trunc();
    ((x - whole).copysign(x), whole)
}

/// The float next to `x` in the direction of `y` (`y` itself if they are equal).
fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        x + y
    } else if x == y {
        y
    } else if y > x {
        x.next_up()
    } else {
        x.next_down()
    }
}

/// The value of the last bit of `|x|`'s significand (for the largest float, the gap
/// below it).
fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let above = x.next_up();
    if above.is_infinite() {
        x - x.next_down()
    } else {
        above - x
    }
}

/// `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`: whether the difference is within
/// `rel_tol` of the larger magnitude or within `abs_tol`. NaN is close to nothing; an
/// infinity only to itself.
fn isclose(args: &Args<'_>) -> PyResult<Obj> {
    static PARAMETERS: Parameters = Parameters {
        name: "isclose",
        names: &["a", "b", "rel_tol", "abs_tol"],
        positional_only: 0,
        positional: 2,
    };
    let values = PARAMETERS.unpack(args)?;
    let value = |i: usize, default: f64| values[i].as_ref().map_or(Ok(default), real);
    let a = value(0, 0.0)?;
    let b = value(1, 0.0)?;
    let rel_tol = value(2, 1e-09)?;
    let abs_tol = value(3, 0.0)?;
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(PyErr::value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Obj::from(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Obj::from(false));
    }
    let diff = (b - a).abs();
    Ok(Obj::from(
        diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol,
    ))
}

// ---------------------------------------------------------------------------------------
// Rounding to ints

/// An int from a float with no fractional part (`int(x)`): `ValueError: cannot convert
/// float NaN to integer`, `OverflowError: cannot convert float infinity to integer`.
fn int_from_float(x: f64) -> PyResult<Obj> {
    if x.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(PyErr::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    let x = x.trunc();
    if x.abs() < 9.0e18 {
        return Ok(Obj::from(x as i64));
    }
    // |x| >= 2**53: an integer mantissa times a positive power of two.
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let magnitude = BigInt::from(mantissa) << exponent;
    Ok(Obj::from(if x < 0.0 { -magnitude } else { magnitude }))
}

/// The special method `name` of `obj`'s class, called, if `obj` is an instance of a
/// class made by a `class` statement that has it (looked up on the class, as CPython's
/// `_PyObject_LookupSpecial`).
fn call_special(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let ty = obj.py_type();
    if !ty.heap_type {
        return Ok(None);
    }
    match ty.to_object().getattr(name) {
        Ok(method) => method.call(std::slice::from_ref(obj)).map(Some),
        Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => Ok(None),
        Err(error) => Err(error),
    }
}

/// `math.ceil(x)`/`math.floor(x)`: an int, exact (an int is returned as it is).
fn to_int(x: &Obj, special: &str, round: fn(f64) -> f64) -> PyResult<Obj> {
    if let Some(float) = x.downcast_ref::<PyFloat>() {
        return int_from_float(round(float.value()));
    }
    if let Some(n) = int_of(x) {
        return Ok(Obj::from(n));
    }
    if let Some(result) = call_special(x, special)? {
        return Ok(result);
    }
    int_from_float(round(real(x)?))
}

/// `math.trunc(x)`: toward zero, as an int.
fn trunc(x: &Obj) -> PyResult<Obj> {
    if let Some(float) = x.downcast_ref::<PyFloat>() {
        return int_from_float(float.value());
    }
    if let Some(n) = int_of(x) {
        return Ok(Obj::from(n));
    }
    if let Some(result) = call_special(x, "__trunc__")? {
        return Ok(result);
    }
    Err(PyErr::type_error(format!(
        "type {} doesn't define __trunc__ method",
        x.type_name()
    )))
}

// ---------------------------------------------------------------------------------------
// Norms and sums

/// `sqrt(sum(x**2 for x in values))` for nonnegative `values` whose largest is `max`
/// (CPython's `vector_norm`): the values are scaled by a power of two so the largest is
/// in `[0.5, 1)`, each square is split exactly into `hi*hi + 2*hi*lo + lo*lo`
/// (Veltkamp–Dekker) and summed with compensation (Neumaier), and the square root gets
/// one Newton correction from the exact remainder.
fn vector_norm(values: &[f64], max: f64, found_nan: bool) -> f64 {
    /// `2**27 + 1`: multiplying by it splits a double into two 26-bit halves.
    const SPLITTER: f64 = 134_217_729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || values.len() <= 1 {
        return max;
    }
    // The sums start at 1.0, which outweighs every term, so that the compensation
    // needs no comparison; the 1.0 is taken out at the end.
    let mut sum = 1.0;
    let (_, max_e) = frexp(max);
    if max_e < -1023 {
        // 2**-max_e would overflow: divide by max instead.
        let mut compensation = 0.0;
        for &value in values {
            let x = value / max;
            add_compensated(&mut sum, &mut compensation, x * x);
        }
        return max * (sum - 1.0 + compensation).sqrt();
    }
    let scale = pow2(-max_e);
    let (mut c1, mut c2, mut c3) = (0.0, 0.0, 0.0);
    for &value in values {
        let x = value * scale;
        let t = x * SPLITTER;
        let hi = t - (t - x);
        let lo = x - hi;
        add_compensated(&mut sum, &mut c1, hi * hi);
        add_compensated(&mut sum, &mut c2, 2.0 * hi * lo);
        // lo * lo is below half an ulp of the sum: it would only ever reach the
        // compensation.
        c3 += lo * lo;
    }
    let h = (sum - 1.0 + (c1 + c2 + c3)).sqrt();
    // The exact remainder sum - h**2, for one Newton step on the square root.
    let t = h * SPLITTER;
    let hi = t - (t - h);
    let lo = h - hi;
    add_compensated(&mut sum, &mut c1, -hi * hi);
    add_compensated(&mut sum, &mut c2, -2.0 * hi * lo);
    add_compensated(&mut sum, &mut c3, -lo * lo);
    let x = sum - 1.0 + (c1 + c2 + c3);
    (h + x / (2.0 * h)) / scale
}

/// Adds `x` to `sum`, and its rounding error to `compensation` (Neumaier's step for
/// `|sum| >= |x|`).
fn add_compensated(sum: &mut f64, compensation: &mut f64, x: f64) {
    let before = *sum;
    *sum += x;
    *compensation += (before - *sum) + x;
}

/// `math.hypot(*coordinates)`: the Euclidean norm.
fn hypot(args: &Args<'_>) -> PyResult<Obj> {
    no_keywords(args, "hypot")?;
    let mut values = Vec::with_capacity(args.positional().len());
    let (mut max, mut found_nan) = (0.0, false);
    for obj in args.positional() {
        let x = real(obj)?.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        values.push(x);
    }
    Ok(Obj::from(vector_norm(&values, max, found_nan)))
}

/// `math.dist(p, q)`: the Euclidean distance between two points given as iterables of
/// coordinates (`ValueError: both points must have the same number of dimensions`).
fn dist(args: &Args<'_>) -> PyResult<Obj> {
    let [p, q] = positional(args, "dist", 2, 2)? else {
        unreachable!("two arguments were checked")
    };
    let p = p.to_vec()?;
    let q = q.to_vec()?;
    if p.len() != q.len() {
        return Err(PyErr::value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut values = Vec::with_capacity(p.len());
    let (mut max, mut found_nan) = (0.0, false);
    for (px, qx) in p.iter().zip(&q) {
        let px = real(px)?;
        let qx = real(qx)?;
        let x = (px - qx).abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        values.push(x);
    }
    Ok(Obj::from(vector_norm(&values, max, found_nan)))
}

/// `math.fsum(iterable)`: the exact sum of the floats, correctly rounded once.
///
/// The running sum is kept exactly as a list of nonoverlapping floats of increasing
/// magnitude (Shewchuk's partials): adding `x` goes through the list, replacing each
/// partial by the rounding error of `x + partial` (dropped when zero) while `x`
/// carries the rounded sum upward. Infinities and NaNs are summed apart; a finite
/// sum that overflows is `OverflowError: intermediate overflow in fsum`.
fn fsum(iterable: &Obj) -> PyResult<Obj> {
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0;
    let mut inf_sum = 0.0;
    for item in iterable.try_iter()? {
        let value = real(&item?)?;
        let mut x = value;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                // An infinity or NaN among the values, or an overflow of finite ones.
                if value.is_finite() {
                    return Err(PyErr::overflow_error("intermediate overflow in fsum"));
                }
                if value.is_infinite() {
                    inf_sum += value;
                }
                special_sum += value;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(PyErr::value_error("-inf + inf in fsum"));
        }
        return Ok(Obj::from(special_sum));
    }
    Ok(Obj::from(round_partials(&partials)))
}

/// The sum of exact `partials` (nonoverlapping, increasing magnitude), correctly
/// rounded: add from the top until an addition is inexact, then settle a
/// half-way rounding with the sign of what lies below.
fn round_partials(partials: &[f64]) -> f64 {
    let Some((&top, rest)) = partials.split_last() else {
        return 0.0;
    };
    let mut hi = top;
    let mut lo = 0.0;
    let mut n = rest.len();
    while n > 0 {
        n -= 1;
        let x = hi;
        let y = rest[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // hi + lo is exact; if lo is exactly half an ulp of hi, the partials below (of the
    // same sign as lo) push the exact sum past the half-way point.
    if n > 0 && ((lo < 0.0 && rest[n - 1] < 0.0) || (lo > 0.0 && rest[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

/// `math.prod(iterable, /, *, start=1)`: `start` times every item, in order.
fn prod(args: &Args<'_>) -> PyResult<Obj> {
    static PARAMETERS: Parameters = Parameters {
        name: "prod",
        names: &["iterable", "start"],
        positional_only: 1,
        positional: 1,
    };
    let mut values = PARAMETERS.unpack(args)?;
    let start = values.pop().flatten();
    let iterable = values.pop().flatten().expect("a required argument");
    let mut result = start.unwrap_or_else(|| Obj::from(1));
    for item in iterable.try_iter()? {
        result = result.mul(&item?)?;
    }
    Ok(result)
}

// ---------------------------------------------------------------------------------------
// Integer functions

/// `math.isqrt(n)`: the largest int whose square is at most `n`.
fn isqrt(n: &Obj) -> PyResult<Obj> {
    let n = index(n)?;
    if n.is_negative() {
        return Err(PyErr::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Obj::from(n.sqrt()))
}

/// The product of the integers in `low..=high` (1 if the range is empty), split in
/// halves so that the big multiplications are between numbers of similar size.
fn range_product(low: u64, high: u64) -> BigUint {
    if low > high {
        return BigUint::one();
    }
    if high - low < 16 {
        let mut product = BigUint::one();
        let mut word: u64 = 1;
        for k in low..=high {
            match word.checked_mul(k) {
                Some(next) => word = next,
                None => {
                    product *= word;
                    word = k;
                }
            }
        }
        return product * word;
    }
    let middle = low + (high - low) / 2;
    range_product(low, middle) * range_product(middle + 1, high)
}

/// `top * (top - 1) * ... * (top - count + 1)` for `0 <= count <= top`.
fn falling_product(top: &BigInt, count: u64) -> BigInt {
    if count == 0 {
        return BigInt::one();
    }
    if let Some(top) = top.to_u64() {
        return BigInt::from(range_product(top - count + 1, top));
    }
    if count <= 8 {
        let mut product = BigInt::one();
        let mut factor = top.clone();
        for _ in 0..count {
            product *= &factor;
            factor -= 1;
        }
        return product;
    }
    let half = count / 2;
    falling_product(top, half) * falling_product(&(top - half), count - half)
}

/// `n!` for `0 <= n`, exact.
fn factorial_of(n: u64) -> BigInt {
    BigInt::from(range_product(2, n))
}

/// `math.factorial(n)`: `ValueError: factorial() not defined for negative values`,
/// `OverflowError: factorial() argument should not exceed 9223372036854775807`.
fn factorial(n: &Obj) -> PyResult<Obj> {
    let n = index(n)?;
    match n.to_i64() {
        Some(n) if n >= 0 => Ok(Obj::from(factorial_of(n as u64))),
        None if n.is_positive() => Err(PyErr::overflow_error(format!(
            "factorial() argument should not exceed {}",
            i64::MAX
        ))),
        _ => Err(PyErr::value_error(
            "factorial() not defined for negative values",
        )),
    }
}

/// The two arguments of `comb` and `perm` as ints, both nonnegative (`ValueError: n
/// must be a non-negative integer`).
fn n_and_k(n: &Obj, k: &Obj) -> PyResult<(BigInt, BigInt)> {
    let n = index(n)?;
    let k = index(k)?;
    if n.is_negative() {
        return Err(PyErr::value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(PyErr::value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// `math.perm(n, k=None)`: `n! / (n - k)!`, 0 if `k > n`; `n!` without `k`.
fn perm(args: &Args<'_>) -> PyResult<Obj> {
    let objs = positional(args, "perm", 1, 2)?;
    let k = match objs {
        [_, k] if !k.is_none() => k,
        _ => return factorial(&objs[0]),
    };
    let (n, k) = n_and_k(&objs[0], k)?;
    if n < k {
        return Ok(Obj::from(0));
    }
    let Some(k) = k.to_i64() else {
        return Err(PyErr::overflow_error(format!(
            "k must not exceed {}",
            i64::MAX
        )));
    };
    Ok(Obj::from(falling_product(&n, k as u64)))
}

/// `math.comb(n, k)`: `n! / (k! * (n - k)!)`, 0 if `k > n`.
fn comb(args: &Args<'_>) -> PyResult<Obj> {
    let [n, k] = positional(args, "comb", 2, 2)? else {
        unreachable!("two arguments were checked")
    };
    let (n, k) = n_and_k(n, k)?;
    if k > n {
        return Ok(Obj::from(0));
    }
    let rest = &n - &k;
    let k = k.min(rest);
    let Some(k) = k.to_i64() else {
        return Err(PyErr::overflow_error(format!(
            "min(n - k, k) must not exceed {}",
            i64::MAX
        )));
    };
    let k = k as u64;
    Ok(Obj::from(falling_product(&n, k) / factorial_of(k)))
}

/// `math.gcd(*integers)`: the greatest common divisor, nonnegative; 0 without
/// arguments.
fn gcd(args: &Args<'_>) -> PyResult<Obj> {
    no_keywords(args, "gcd")?;
    let mut result = BigInt::zero();
    for obj in args.positional() {
        result = result.gcd(&index(obj)?);
    }
    Ok(Obj::from(result))
}

/// `math.lcm(*integers)`: the least common multiple, nonnegative; 1 without arguments.
fn lcm(args: &Args<'_>) -> PyResult<Obj> {
    no_keywords(args, "lcm")?;
    let mut result = BigInt::one();
    for obj in args.positional() {
        let n = index(obj)?;
        result = if result.is_zero() || n.is_zero() {
            BigInt::zero()
        } else {
            (&result / result.gcd(&n) * n).abs()
        };
    }
    Ok(Obj::from(result))
}

// ---------------------------------------------------------------------------------------
// Gamma and log-gamma (Lanczos' approximation, as CPython computes them)

/// The `g` of the Lanczos approximation (N = 13), as Boost and CPython choose it.
const LANCZOS_G: f64 = 6.024_680_040_776_73;

/// `LANCZOS_G - 0.5`.
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_73;

/// The numerator of the Lanczos sum as a rational function, by rising powers of `x`.
const LANCZOS_NUMERATOR: [f64; 13] = [
    23_531_376_880.410_76,
    42_919_803_642.649_1,
    35_711_959_237.355_67,
    17_921_034_426.037_21,
    6_039_542_586.352_028,
    1_439_720_407.311_721_6,
    248_874_557.862_054_17,
    31_426_415.585_400_194,
    2_876_370.628_935_372_5,
    186_056.265_395_223_48,
    8_071.672_002_365_816,
    210.824_277_751_579_36,
    2.506_628_274_631_000_2,
];

/// The denominator: `x * (x + 1) * ... * (x + 11)`, by rising powers of `x`.
const LANCZOS_DENOMINATOR: [f64; 13] = [
    0.0,
    39_916_800.0,
    120_543_840.0,
    150_917_976.0,
    105_258_076.0,
    45_995_730.0,
    13_339_535.0,
    2_637_558.0,
    357_423.0,
    32_670.0,
    1_925.0,
    66.0,
    1.0,
];

/// `ln(pi)`.
const LN_PI: f64 = 1.144_729_885_849_400_2;

/// The Lanczos sum for `x > 0`: Horner's rule in `x` below 5, and in `1/x` from 5 on
/// (numerator and denominator both divided by `x**12`, which cannot overflow).
fn lanczos_sum(x: f64) -> f64 {
    let (mut numerator, mut denominator) = (0.0, 0.0);
    if x < 5.0 {
        for (n, d) in LANCZOS_NUMERATOR.iter().zip(&LANCZOS_DENOMINATOR).rev() {
            numerator = numerator * x + n;
            denominator = denominator * x + d;
        }
    } else {
        for (n, d) in LANCZOS_NUMERATOR.iter().zip(&LANCZOS_DENOMINATOR) {
            numerator = numerator / x + n;
            denominator = denominator / x + d;
        }
    }
    numerator / denominator
}

/// `sin(pi * x)` for finite `x`, accurate near the integers (reducing `x` modulo 2
/// first, then picking the sine or cosine of a small angle).
fn sin_pi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let r = match (2.0 * y).round() as i32 {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        // sin(pi * (1 - y)), not -sin(pi * (y - 1)): that one would be -0.0 at y == 1.
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0_f64.copysign(x) * r
}

/// The Gamma function, with what went wrong. Integers up to 23 are exact; beyond the
/// Lanczos approximation for `|x|`, the reflection formula gives negative `x`.
fn gamma(x: f64) -> (f64, Option<Trouble>) {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 {
            (x, None)
        } else {
            (f64::NAN, Some(Trouble::Domain))
        };
    }
    if x == 0.0 {
        // A pole: the infinity of the side of zero x is on.
        return (f64::INFINITY.copysign(x), Some(Trouble::Domain));
    }
    if x == x.floor() {
        if x < 0.0 {
            return (f64::NAN, Some(Trouble::Domain));
        }
        if x <= 23.0 {
            // (x - 1)!, exact in a double up to 22!.
            let factorial = (2..x as u32).fold(1.0, |product, k| product * f64::from(k));
            return (factorial, None);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        // Gamma(x) ~ 1/x near zero.
        let r = 1.0 / x;
        return (r, r.is_infinite().then_some(Trouble::Range));
    }
    if absx > 200.0 {
        // Overflows for x > 200; for x < -200 a zero of the right sign.
        return if x < 0.0 {
            (0.0 / sin_pi(x), None)
        } else {
            (f64::INFINITY, Some(Trouble::Range))
        };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // The rounding error of y, which pow and exp below would magnify: corrected for
    // by a factor 1 + z (see CPython's derivation), with z = error * g / y.
    let error = if absx > LANCZOS_G_MINUS_HALF {
        (y - absx) - LANCZOS_G_MINUS_HALF
    } else {
        (y - LANCZOS_G_MINUS_HALF) - absx
    };
    let z = error * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / sin_pi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            // y ** (absx - 0.5) could overflow: divide by its square root twice.
            let root = y.powf(absx / 2.0 - 0.25);
            r /= root;
            r /= root;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let root = y.powf(absx / 2.0 - 0.25);
            r *= root;
            r *= root;
        }
    }
    (r, r.is_infinite().then_some(Trouble::Range))
}

/// The natural logarithm of `|Gamma(x)|`, with what went wrong: Lanczos' formula in
/// logarithms, the reflection formula for negative `x`.
fn lgamma(x: f64) -> (f64, Option<Trouble>) {
    if !x.is_finite() {
        // NaN stays NaN; both infinities give +inf.
        return (if x.is_nan() { x } else { f64::INFINITY }, None);
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 {
            // The poles at 0, -1, -2, ...
            (f64::INFINITY, Some(Trouble::Domain))
        } else {
            // lgamma(1) == lgamma(2) == 0 exactly.
            (0.0, None)
        };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return (-absx.ln(), None);
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LN_PI - sin_pi(absx).abs().ln() - absx.ln() - r;
    }
    (r, r.is_infinite().then_some(Trouble::Range))
}
