//! `import math` driven from Rust, against CPython 3.11: every function and constant,
//! results compared by their repr (which pins every bit of a float), the domain and
//! range errors, the big-int paths, and the argument errors with CPython's texts.
//!
//! The expected texts were printed by CPython 3.11.7 on the machine the module was
//! written on (x86-64, glibc 2.36): the elementary functions come from the platform's
//! C library, as CPython's do, so another C library may round a few of them
//! differently.

// Miri has no C math library to call (and perturbs float results on purpose).
#![cfg(not(miri))]

mod pyobj_support;

use num_bigint::BigInt;
use pyobj_runtime::{Args, Obj, PyFunction, PyResult, Signature, modules};
use pyobj_support::{b, f, i, list, none, s, tuple};

fn math() -> Obj {
    modules::import("math").expect("a module pyobj provides")
}

/// `math.name(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    math().getattr(name)?.call(args)
}

/// `math.name(*args, **keywords)`.
fn call_kw(name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    math().getattr(name)?.call_with(&Args::new(args, keywords))
}

/// `base**exp`, an int of any size.
fn pow(base: u32, exp: u32) -> Obj {
    Obj::from(BigInt::from(base).pow(exp))
}

/// `-base**exp`.
fn neg_pow(base: u32, exp: u32) -> Obj {
    Obj::from(-BigInt::from(base).pow(exp))
}

/// `base**exp - minus`.
fn pow_minus(base: u32, exp: u32, minus: u32) -> Obj {
    Obj::from(BigInt::from(base).pow(exp) - minus)
}

/// `base**exp + plus`.
fn pow_plus(base: u32, exp: u32, plus: u32) -> Obj {
    Obj::from(BigInt::from(base).pow(exp) + plus)
}

/// `base**exp - base**exp2`.
fn pow_minus_pow(base: u32, exp: u32, exp2: u32) -> Obj {
    Obj::from(BigInt::from(base).pow(exp) - BigInt::from(base).pow(exp2))
}

/// `(4 * odd + 2) * 2**shift`: an int whose top 55 bits end in binary `10` with nothing
/// below, so that rounding it to 53 bits is a tie (broken toward an even mantissa).
fn halfway(odd: u64, shift: u32) -> Obj {
    Obj::from((BigInt::from(odd) * 4 + 2) << shift)
}

/// `times * base**exp`.
fn times_pow(times: u32, base: u32, exp: u32) -> Obj {
    Obj::from(BigInt::from(times) * BigInt::from(base).pow(exp))
}

/// The module itself: its name, every public name of CPython 3.11's `math` (functions
/// are builtin functions), the constants, and one module object per thread.
#[test]
fn module_contents() {
    let math = math();
    assert!(math.is(&modules::import("math").unwrap()));
    assert!(modules::NAMES.contains(&"math"));
    table! {
        // CPython prints this for a math module compiled into the interpreter (a shared
        // library build prints its path instead).
        "repr(math)" => Ok(Obj::from(math.repr().unwrap())) => "\"<module 'math' (built-in)>\"";
        "math.__name__" => math.getattr("__name__") => "'math'";
        "math.sqrt" => math.getattr("sqrt") => "<built-in function sqrt>";
        "math.foo" => math.getattr("foo") => "!! AttributeError: module 'math' has no attribute 'foo'";
        "math.e" => math.getattr("e") => "2.718281828459045";
        "math.inf" => math.getattr("inf") => "inf";
        "math.nan" => math.getattr("nan") => "nan";
        "math.pi" => math.getattr("pi") => "3.141592653589793";
        "math.tau" => math.getattr("tau") => "6.283185307179586";
    }
    // Every function CPython 3.11's math has (sorted(dir(math)), without the dunders
    // and the constants).
    let functions = [
        "acos",
        "acosh",
        "asin",
        "asinh",
        "atan",
        "atan2",
        "atanh",
        "cbrt",
        "ceil",
        "comb",
        "copysign",
        "cos",
        "cosh",
        "degrees",
        "dist",
        "erf",
        "erfc",
        "exp",
        "exp2",
        "expm1",
        "fabs",
        "factorial",
        "floor",
        "fmod",
        "frexp",
        "fsum",
        "gamma",
        "gcd",
        "hypot",
        "isclose",
        "isfinite",
        "isinf",
        "isnan",
        "isqrt",
        "lcm",
        "ldexp",
        "lgamma",
        "log",
        "log10",
        "log1p",
        "log2",
        "modf",
        "nextafter",
        "perm",
        "pow",
        "prod",
        "radians",
        "remainder",
        "sin",
        "sinh",
        "sqrt",
        "tan",
        "tanh",
        "trunc",
        "ulp",
    ];
    assert_eq!(functions.len(), 55);
    for name in functions {
        let function = math
            .getattr(name)
            .unwrap_or_else(|e| panic!("math.{name}: {e}"));
        assert_eq!(
            function.repr().unwrap(),
            format!("<built-in function {name}>"),
        );
    }
    // Nothing more than CPython has: the namespace is exactly these names.
    let dict = math.getattr("__dict__").unwrap();
    let mut keys: Vec<String> = dict
        .to_vec()
        .unwrap()
        .iter()
        .map(|key| key.extract::<String>().unwrap())
        .filter(|key| !key.starts_with("__"))
        .collect();
    keys.sort();
    let mut expected: Vec<&str> = functions.to_vec();
    expected.extend(["e", "inf", "nan", "pi", "tau"]);
    expected.sort_unstable();
    assert_eq!(keys, expected);
}

/// ceil, floor and trunc call a class's `__ceil__`/`__floor__`/`__trunc__` (looked up on
/// the class, not the instance), as CPython does:
///
/// ```python
/// class A:
///     def __ceil__(self): return 'ceil'
///     def __floor__(self): return 'floor'
///     def __trunc__(self): return 'trunc'
/// class B: pass
/// ```
#[test]
fn rounding_special_methods() {
    static SELF: Signature = Signature::new(&["self"]);
    fn method(name: &'static str) -> Obj {
        fn answer(function: &Obj, args: &Args<'_>) -> PyResult<Obj> {
            let function = PyFunction::of(function)?;
            let [_this] = function.bind_array(args)?;
            let name = function.name();
            Ok(Obj::from(name.trim_matches('_')))
        }
        Obj::new_function(name, &SELF, answer, vec![], vec![])
    }
    let a_class = Obj::new_class(
        "A",
        None,
        vec![
            ("__ceil__", method("__ceil__")),
            ("__floor__", method("__floor__")),
            ("__trunc__", method("__trunc__")),
        ],
    )
    .unwrap();
    let b_class = Obj::new_class("B", None, vec![]).unwrap();
    let a = a_class.call(&[]).unwrap();
    let b = b_class.call(&[]).unwrap();
    table! {
        "math.ceil(A())" => call("ceil", std::slice::from_ref(&a)) => "'ceil'";
        "math.floor(A())" => call("floor", std::slice::from_ref(&a)) => "'floor'";
        "math.trunc(A())" => call("trunc", std::slice::from_ref(&a)) => "'trunc'";
        "math.ceil(B())" => call("ceil", std::slice::from_ref(&b)) => "!! TypeError: must be real number, not B";
        "math.floor(B())" => call("floor", std::slice::from_ref(&b)) => "!! TypeError: must be real number, not B";
        "math.trunc(B())" => call("trunc", std::slice::from_ref(&b)) => "!! TypeError: type B doesn't define __trunc__ method";
        "math.sqrt(A())" => call("sqrt", std::slice::from_ref(&a)) => "!! TypeError: must be real number, not A";
        "b.__ceil__ = a.__ceil__ ;; math.ceil(b)" => {
            b.setattr("__ceil__", &a.getattr("__ceil__").unwrap()).unwrap();
            call("ceil", std::slice::from_ref(&b))
        } => "!! TypeError: must be real number, not B";
    }
}

/// ceil, floor, trunc: ints, exact for big ones; NaN and infinities refused.
#[test]
fn rounding_to_ints() {
    table! {
        "math.ceil(2.5)" => call("ceil", &[f(2.5)]) => "3";
        "math.ceil(-2.5)" => call("ceil", &[f(-2.5)]) => "-2";
        "math.ceil(-0.5)" => call("ceil", &[f(-0.5)]) => "0";
        "math.ceil(7)" => call("ceil", &[i(7)]) => "7";
        "math.ceil(True)" => call("ceil", &[b(true)]) => "1";
        "math.ceil(1e+300)" => call("ceil", &[f(1e+300)]) => "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160";
        "math.ceil(10**30)" => call("ceil", &[pow(10, 30)]) => "1000000000000000000000000000000";
        "math.ceil(math.inf)" => call("ceil", &[f(f64::INFINITY)]) => "!! OverflowError: cannot convert float infinity to integer";
        "math.ceil(math.nan)" => call("ceil", &[f(f64::NAN)]) => "!! ValueError: cannot convert float NaN to integer";
        "math.ceil('a')" => call("ceil", &[s("a")]) => "!! TypeError: must be real number, not str";
        "math.ceil(None)" => call("ceil", &[none()]) => "!! TypeError: must be real number, not NoneType";
        "math.floor(2.5)" => call("floor", &[f(2.5)]) => "2";
        "math.floor(-2.5)" => call("floor", &[f(-2.5)]) => "-3";
        "math.floor(-0.0)" => call("floor", &[f(-0.0)]) => "0";
        "math.floor(-7)" => call("floor", &[i(-7)]) => "-7";
        "math.floor(False)" => call("floor", &[b(false)]) => "0";
        "math.floor(-1e+300)" => call("floor", &[f(-1e+300)]) => "-1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160";
        "math.floor(-10**30)" => call("floor", &[neg_pow(10, 30)]) => "-1000000000000000000000000000000";
        "math.floor(-math.inf)" => call("floor", &[f(f64::NEG_INFINITY)]) => "!! OverflowError: cannot convert float infinity to integer";
        "math.floor(math.nan)" => call("floor", &[f(f64::NAN)]) => "!! ValueError: cannot convert float NaN to integer";
        "math.floor('a')" => call("floor", &[s("a")]) => "!! TypeError: must be real number, not str";
        "math.trunc(2.7)" => call("trunc", &[f(2.7)]) => "2";
        "math.trunc(-2.7)" => call("trunc", &[f(-2.7)]) => "-2";
        "math.trunc(1e+20)" => call("trunc", &[f(1e+20)]) => "100000000000000000000";
        "math.trunc(2**100)" => call("trunc", &[pow(2, 100)]) => "1267650600228229401496703205376";
        "math.trunc(True)" => call("trunc", &[b(true)]) => "1";
        "math.trunc(math.inf)" => call("trunc", &[f(f64::INFINITY)]) => "!! OverflowError: cannot convert float infinity to integer";
        "math.trunc(math.nan)" => call("trunc", &[f(f64::NAN)]) => "!! ValueError: cannot convert float NaN to integer";
        "math.trunc('a')" => call("trunc", &[s("a")]) => "!! TypeError: type str doesn't define __trunc__ method";
        "math.trunc(None)" => call("trunc", &[none()]) => "!! TypeError: type NoneType doesn't define __trunc__ method";
    }
}

/// sqrt, cbrt, exp, exp2, expm1, pow, log (with a base), log2, log10, log1p; big ints in the logarithms.
#[test]
fn powers_and_logarithms() {
    table! {
        "math.sqrt(2.0)" => call("sqrt", &[f(2.0)]) => "1.4142135623730951";
        "math.sqrt(2)" => call("sqrt", &[i(2)]) => "1.4142135623730951";
        "math.sqrt(0.0)" => call("sqrt", &[f(0.0)]) => "0.0";
        "math.sqrt(-0.0)" => call("sqrt", &[f(-0.0)]) => "-0.0";
        "math.sqrt(math.inf)" => call("sqrt", &[f(f64::INFINITY)]) => "inf";
        "math.sqrt(-1.0)" => call("sqrt", &[f(-1.0)]) => "!! ValueError: math domain error";
        "math.sqrt(-math.inf)" => call("sqrt", &[f(f64::NEG_INFINITY)]) => "!! ValueError: math domain error";
        "math.sqrt(math.nan)" => call("sqrt", &[f(f64::NAN)]) => "nan";
        "math.sqrt(10**400)" => call("sqrt", &[pow(10, 400)]) => "!! OverflowError: int too large to convert to float";
        "math.sqrt(2**1000)" => call("sqrt", &[pow(2, 1000)]) => "3.273390607896142e+150";
        "math.sqrt('s')" => call("sqrt", &[s("s")]) => "!! TypeError: must be real number, not str";
        "math.cbrt(2.0)" => call("cbrt", &[f(2.0)]) => "1.2599210498948734";
        "math.cbrt(-27.0)" => call("cbrt", &[f(-27.0)]) => "-3.0000000000000004";
        "math.cbrt(10.0)" => call("cbrt", &[f(10.0)]) => "2.1544346900318834";
        "math.cbrt(1e-300)" => call("cbrt", &[f(1e-300)]) => "1e-100";
        "math.cbrt(math.inf)" => call("cbrt", &[f(f64::INFINITY)]) => "inf";
        "math.exp(1.0)" => call("exp", &[f(1.0)]) => "2.718281828459045";
        "math.exp(-1.5)" => call("exp", &[f(-1.5)]) => "0.22313016014842982";
        "math.exp(709.0)" => call("exp", &[f(709.0)]) => "8.218407461554972e+307";
        "math.exp(710.0)" => call("exp", &[f(710.0)]) => "!! OverflowError: math range error";
        "math.exp(-1000.0)" => call("exp", &[f(-1000.0)]) => "0.0";
        "math.exp(-math.inf)" => call("exp", &[f(f64::NEG_INFINITY)]) => "0.0";
        "math.exp(math.inf)" => call("exp", &[f(f64::INFINITY)]) => "inf";
        "math.exp(math.nan)" => call("exp", &[f(f64::NAN)]) => "nan";
        "math.exp2(0.5)" => call("exp2", &[f(0.5)]) => "1.4142135623730951";
        "math.exp2(10)" => call("exp2", &[i(10)]) => "1024.0";
        "math.exp2(-1074.0)" => call("exp2", &[f(-1074.0)]) => "5e-324";
        "math.exp2(1024.0)" => call("exp2", &[f(1024.0)]) => "!! OverflowError: math range error";
        "math.exp2(-1080.0)" => call("exp2", &[f(-1080.0)]) => "0.0";
        "math.expm1(1e-10)" => call("expm1", &[f(1e-10)]) => "1.00000000005e-10";
        "math.expm1(1.0)" => call("expm1", &[f(1.0)]) => "1.718281828459045";
        "math.expm1(-800.0)" => call("expm1", &[f(-800.0)]) => "-1.0";
        "math.expm1(710.0)" => call("expm1", &[f(710.0)]) => "!! OverflowError: math range error";
        "math.pow(2.0, 0.5)" => call("pow", &[f(2.0), f(0.5)]) => "1.4142135623730951";
        "math.pow(2, 10)" => call("pow", &[i(2), i(10)]) => "1024.0";
        "math.pow(-2.0, 3.0)" => call("pow", &[f(-2.0), f(3.0)]) => "-8.0";
        "math.pow(1.5, -2.5)" => call("pow", &[f(1.5), f(-2.5)]) => "0.36288736930121157";
        "math.pow(10.0, 308.5)" => call("pow", &[f(10.0), f(308.5)]) => "!! OverflowError: math range error";
        "math.pow(-8.0, 0.3333333333333333)" => call("pow", &[f(-8.0), f(0.3333333333333333)]) => "!! ValueError: math domain error";
        "math.pow(0.0, -1.0)" => call("pow", &[f(0.0), f(-1.0)]) => "!! ValueError: math domain error";
        "math.pow(-0.0, -3.0)" => call("pow", &[f(-0.0), f(-3.0)]) => "!! ValueError: math domain error";
        "math.pow(0.0, -math.inf)" => call("pow", &[f(0.0), f(f64::NEG_INFINITY)]) => "inf";
        "math.pow(math.nan, 0.0)" => call("pow", &[f(f64::NAN), f(0.0)]) => "1.0";
        "math.pow(1.0, math.nan)" => call("pow", &[f(1.0), f(f64::NAN)]) => "1.0";
        "math.pow(math.inf, -3.0)" => call("pow", &[f(f64::INFINITY), f(-3.0)]) => "0.0";
        "math.pow(-math.inf, 3.0)" => call("pow", &[f(f64::NEG_INFINITY), f(3.0)]) => "-inf";
        "math.pow(-math.inf, 2.0)" => call("pow", &[f(f64::NEG_INFINITY), f(2.0)]) => "inf";
        "math.pow(-math.inf, -3.0)" => call("pow", &[f(f64::NEG_INFINITY), f(-3.0)]) => "-0.0";
        "math.pow(0.5, math.inf)" => call("pow", &[f(0.5), f(f64::INFINITY)]) => "0.0";
        "math.pow(2.0, -math.inf)" => call("pow", &[f(2.0), f(f64::NEG_INFINITY)]) => "0.0";
        "math.pow(-1.0, math.inf)" => call("pow", &[f(-1.0), f(f64::INFINITY)]) => "1.0";
        "math.pow(1e+300, 2.0)" => call("pow", &[f(1e+300), f(2.0)]) => "!! OverflowError: math range error";
        "math.log(10.0)" => call("log", &[f(10.0)]) => "2.302585092994046";
        "math.log(2)" => call("log", &[i(2)]) => "0.6931471805599453";
        "math.log(8, 2)" => call("log", &[i(8), i(2)]) => "3.0";
        "math.log(100.0, 10.0)" => call("log", &[f(100.0), f(10.0)]) => "2.0";
        "math.log(0.5, 0.25)" => call("log", &[f(0.5), f(0.25)]) => "0.5";
        "math.log(True)" => call("log", &[b(true)]) => "0.0";
        "math.log(10**400)" => call("log", &[pow(10, 400)]) => "921.0340371976182";
        "math.log(2**1024)" => call("log", &[pow(2, 1024)]) => "709.782712893384";
        "math.log(10**400, 10**200)" => call("log", &[pow(10, 400), pow(10, 200)]) => "1.9999999999999998";
        "math.log(7, 2**2000)" => call("log", &[i(7), pow(2, 2000)]) => "0.0014036774610288018";
        "math.log(2**1024 - 1)" => call("log", &[pow_minus(2, 1024, 1)]) => "709.782712893384";
        "math.log((4 * 6104266268563323 + 2) * 2**1015)" => call("log", &[halfway(6104266268563323, 1015)]) => "741.2784469393854";
        "math.log10((4 * 8860513090937465 + 2) * 2**1044)" => call("log10", &[halfway(8860513090937465, 1044)]) => "330.8248343360853";
        "math.log(3**700 + 1)" => call("log", &[pow_plus(3, 700, 1)]) => "769.0286020676768";
        "math.log(2**1100 - 2**1040)" => call("log", &[pow_minus_pow(2, 1100, 1040)]) => "762.4618986159398";
        "math.log(0)" => call("log", &[i(0)]) => "!! ValueError: math domain error";
        "math.log(0.0)" => call("log", &[f(0.0)]) => "!! ValueError: math domain error";
        "math.log(-1.0)" => call("log", &[f(-1.0)]) => "!! ValueError: math domain error";
        "math.log(-10**400)" => call("log", &[neg_pow(10, 400)]) => "!! ValueError: math domain error";
        "math.log(False)" => call("log", &[b(false)]) => "!! ValueError: math domain error";
        "math.log(-math.inf)" => call("log", &[f(f64::NEG_INFINITY)]) => "!! ValueError: math domain error";
        "math.log(math.inf)" => call("log", &[f(f64::INFINITY)]) => "inf";
        "math.log(math.nan)" => call("log", &[f(f64::NAN)]) => "nan";
        "math.log(2, 1)" => call("log", &[i(2), i(1)]) => "!! ZeroDivisionError: float division by zero";
        "math.log(2, 0)" => call("log", &[i(2), i(0)]) => "!! ValueError: math domain error";
        "math.log(2, -2.0)" => call("log", &[i(2), f(-2.0)]) => "!! ValueError: math domain error";
        "math.log('s')" => call("log", &[s("s")]) => "!! TypeError: must be real number, not str";
        "math.log(2, 's')" => call("log", &[i(2), s("s")]) => "!! TypeError: must be real number, not str";
        "math.log2(8.0)" => call("log2", &[f(8.0)]) => "3.0";
        "math.log2(10.0)" => call("log2", &[f(10.0)]) => "3.321928094887362";
        "math.log2(3)" => call("log2", &[i(3)]) => "1.584962500721156";
        "math.log2(2**2000)" => call("log2", &[pow(2, 2000)]) => "2000.0";
        "math.log2(10**400)" => call("log2", &[pow(10, 400)]) => "1328.771237954945";
        "math.log2(2**1024 - 1)" => call("log2", &[pow_minus(2, 1024, 1)]) => "1024.0";
        "math.log10(2**1024 - 1)" => call("log10", &[pow_minus(2, 1024, 1)]) => "308.25471555991675";
        "math.log2(0.0)" => call("log2", &[f(0.0)]) => "!! ValueError: math domain error";
        "math.log2(-2)" => call("log2", &[i(-2)]) => "!! ValueError: math domain error";
        "math.log2('s')" => call("log2", &[s("s")]) => "!! TypeError: must be real number, not str";
        "math.log10(1000.0)" => call("log10", &[f(1000.0)]) => "3.0";
        "math.log10(2.0)" => call("log10", &[f(2.0)]) => "0.3010299956639812";
        "math.log10(10**400)" => call("log10", &[pow(10, 400)]) => "400.0";
        "math.log10(7 * 10**350)" => call("log10", &[times_pow(7, 10, 350)]) => "350.84509804001425";
        "math.log10(0)" => call("log10", &[i(0)]) => "!! ValueError: math domain error";
        "math.log10(-1.0)" => call("log10", &[f(-1.0)]) => "!! ValueError: math domain error";
        "math.log1p(1e-10)" => call("log1p", &[f(1e-10)]) => "9.999999999500001e-11";
        "math.log1p(1.0)" => call("log1p", &[f(1.0)]) => "0.6931471805599453";
        "math.log1p(-0.0)" => call("log1p", &[f(-0.0)]) => "-0.0";
        "math.log1p(-1.0)" => call("log1p", &[f(-1.0)]) => "!! ValueError: math domain error";
        "math.log1p(-2.0)" => call("log1p", &[f(-2.0)]) => "!! ValueError: math domain error";
        "math.log1p(math.inf)" => call("log1p", &[f(f64::INFINITY)]) => "inf";
    }
}

/// sin, cos, tan, asin, acos, atan, atan2, degrees, radians, hypot, dist.
#[test]
fn trigonometry() {
    table! {
        "math.sin(1.0)" => call("sin", &[f(1.0)]) => "0.8414709848078965";
        "math.sin(3)" => call("sin", &[i(3)]) => "0.1411200080598672";
        "math.sin(1e+22)" => call("sin", &[f(1e+22)]) => "-0.8522008497671888";
        "math.sin(-0.0)" => call("sin", &[f(-0.0)]) => "-0.0";
        "math.sin(math.inf)" => call("sin", &[f(f64::INFINITY)]) => "!! ValueError: math domain error";
        "math.sin(math.nan)" => call("sin", &[f(f64::NAN)]) => "nan";
        "math.sin(10**400)" => call("sin", &[pow(10, 400)]) => "!! OverflowError: int too large to convert to float";
        "math.cos(1.0)" => call("cos", &[f(1.0)]) => "0.5403023058681398";
        "math.cos(1e+22)" => call("cos", &[f(1e+22)]) => "0.523214785395139";
        "math.cos(-math.inf)" => call("cos", &[f(f64::NEG_INFINITY)]) => "!! ValueError: math domain error";
        "math.tan(1.0)" => call("tan", &[f(1.0)]) => "1.5574077246549023";
        "math.tan(math.pi / 2)" => call("tan", &[f(std::f64::consts::FRAC_PI_2)]) => "1.633123935319537e+16";
        "math.tan(math.inf)" => call("tan", &[f(f64::INFINITY)]) => "!! ValueError: math domain error";
        "math.asin(0.5)" => call("asin", &[f(0.5)]) => "0.5235987755982989";
        "math.asin(1)" => call("asin", &[i(1)]) => "1.5707963267948966";
        "math.asin(1.5)" => call("asin", &[f(1.5)]) => "!! ValueError: math domain error";
        "math.asin(-1.0000000000000002)" => call("asin", &[f(-1.0000000000000002)]) => "!! ValueError: math domain error";
        "math.acos(0.5)" => call("acos", &[f(0.5)]) => "1.0471975511965979";
        "math.acos(-1.0)" => call("acos", &[f(-1.0)]) => "3.141592653589793";
        "math.acos(2.0)" => call("acos", &[f(2.0)]) => "!! ValueError: math domain error";
        "math.atan(1.0)" => call("atan", &[f(1.0)]) => "0.7853981633974483";
        "math.atan(math.inf)" => call("atan", &[f(f64::INFINITY)]) => "1.5707963267948966";
        "math.atan(-1e+300)" => call("atan", &[f(-1e+300)]) => "-1.5707963267948966";
        "math.atan2(1.0, 2.0)" => call("atan2", &[f(1.0), f(2.0)]) => "0.4636476090008061";
        "math.atan2(-1, -1)" => call("atan2", &[i(-1), i(-1)]) => "-2.356194490192345";
        "math.atan2(0.0, -0.0)" => call("atan2", &[f(0.0), f(-0.0)]) => "3.141592653589793";
        "math.atan2(-0.0, -1.0)" => call("atan2", &[f(-0.0), f(-1.0)]) => "-3.141592653589793";
        "math.atan2(math.inf, math.inf)" => call("atan2", &[f(f64::INFINITY), f(f64::INFINITY)]) => "0.7853981633974483";
        "math.atan2(math.inf, -math.inf)" => call("atan2", &[f(f64::INFINITY), f(f64::NEG_INFINITY)]) => "2.356194490192345";
        "math.atan2(-math.inf, 5.0)" => call("atan2", &[f(f64::NEG_INFINITY), f(5.0)]) => "-1.5707963267948966";
        "math.atan2(3.0, -math.inf)" => call("atan2", &[f(3.0), f(f64::NEG_INFINITY)]) => "3.141592653589793";
        "math.atan2(math.nan, 1.0)" => call("atan2", &[f(f64::NAN), f(1.0)]) => "nan";
        "math.degrees(1.0)" => call("degrees", &[f(1.0)]) => "57.29577951308232";
        "math.degrees(3)" => call("degrees", &[i(3)]) => "171.88733853924697";
        "math.radians(180.0)" => call("radians", &[f(180.0)]) => "3.141592653589793";
        "math.radians(1)" => call("radians", &[i(1)]) => "0.017453292519943295";
        "math.degrees('s')" => call("degrees", &[s("s")]) => "!! TypeError: must be real number, not str";
        "math.hypot()" => call("hypot", &[]) => "0.0";
        "math.hypot(-3.0)" => call("hypot", &[f(-3.0)]) => "3.0";
        "math.hypot(3.0, 4.0)" => call("hypot", &[f(3.0), f(4.0)]) => "5.0";
        "math.hypot(1, 2, 3)" => call("hypot", &[i(1), i(2), i(3)]) => "3.7416573867739413";
        "math.hypot(1e+308, 1e+308)" => call("hypot", &[f(1e+308), f(1e+308)]) => "1.4142135623730951e+308";
        "math.hypot(1e-320, 3e-320)" => call("hypot", &[f(1e-320), f(3e-320)]) => "3.162e-320";
        "math.hypot(0.1, 0.2, 0.3, 0.4, 0.5)" => call("hypot", &[f(0.1), f(0.2), f(0.3), f(0.4), f(0.5)]) => "0.7416198487095663";
        "math.hypot(1.0, math.inf, math.nan)" => call("hypot", &[f(1.0), f(f64::INFINITY), f(f64::NAN)]) => "inf";
        "math.hypot(1.0, math.nan)" => call("hypot", &[f(1.0), f(f64::NAN)]) => "nan";
        "math.hypot(0.0, -0.0)" => call("hypot", &[f(0.0), f(-0.0)]) => "0.0";
        "math.hypot(1.0, 's')" => call("hypot", &[f(1.0), s("s")]) => "!! TypeError: must be real number, not str";
        "math.hypot(1e-200, 1e-200)" => call("hypot", &[f(1e-200), f(1e-200)]) => "1.414213562373095e-200";
        "math.hypot(3e-310, 4e-310)" => call("hypot", &[f(3e-310), f(4e-310)]) => "5e-310";
        "math.hypot(6.231, 0.6)" => call("hypot", &[f(6.231), f(0.6)]) => "6.259821163579675";
        "math.hypot(5.747, 0.78)" => call("hypot", &[f(5.747), f(0.78)]) => "5.7996904227725805";
        "math.hypot(2.757, 5.45, 6.86)" => call("hypot", &[f(2.757), f(5.45), f(6.86)]) => "9.184941426051665";
        "math.hypot(8.03, 1.1)" => call("hypot", &[f(8.03), f(1.1)]) => "8.104992288707004";
        "math.hypot(1.777, 1.884, 1.907)" => call("hypot", &[f(1.777), f(1.884), f(1.907)]) => "3.2161831415514883";
        "math.hypot(9.056, 5.4, 9.671)" => call("hypot", &[f(9.056), f(5.4), f(9.671)]) => "14.307319001126661";
        "math.dist((0.0, 0.0), (3.0, 4.0))" => call("dist", &[tuple([f(0.0), f(0.0)]), tuple([f(3.0), f(4.0)])]) => "5.0";
        "math.dist([1, 2, 3], [4, 6, 8])" => call("dist", &[list([i(1), i(2), i(3)]), list([i(4), i(6), i(8)])]) => "7.0710678118654755";
        "math.dist((), ())" => call("dist", &[tuple([]), tuple([])]) => "0.0";
        "math.dist((1e+308,), (-1e+308,))" => call("dist", &[tuple([f(1e+308)]), tuple([f(-1e+308)])]) => "inf";
        "math.dist((1.0, 2.0), (1.0,))" => call("dist", &[tuple([f(1.0), f(2.0)]), tuple([f(1.0)])]) => "!! ValueError: both points must have the same number of dimensions";
        "math.dist((1.0,), ('a',))" => call("dist", &[tuple([f(1.0)]), tuple([s("a")])]) => "!! TypeError: must be real number, not str";
        "math.dist(1, (1,))" => call("dist", &[i(1), tuple([i(1)])]) => "!! TypeError: 'int' object is not iterable";
        "math.dist((math.nan, 1.0), (1.0, 1.0))" => call("dist", &[tuple([f(f64::NAN), f(1.0)]), tuple([f(1.0), f(1.0)])]) => "nan";
    }
}

/// sinh, cosh, tanh, asinh, acosh, atanh.
#[test]
fn hyperbolic_functions() {
    table! {
        "math.sinh(1.0)" => call("sinh", &[f(1.0)]) => "1.1752011936438014";
        "math.sinh(710.0)" => call("sinh", &[f(710.0)]) => "1.1169973830808557e+308";
        "math.sinh(-710.0)" => call("sinh", &[f(-710.0)]) => "-1.1169973830808557e+308";
        "math.sinh(1e-300)" => call("sinh", &[f(1e-300)]) => "1e-300";
        "math.cosh(1.0)" => call("cosh", &[f(1.0)]) => "1.5430806348152437";
        "math.cosh(710.0)" => call("cosh", &[f(710.0)]) => "1.1169973830808557e+308";
        "math.cosh(-math.inf)" => call("cosh", &[f(f64::NEG_INFINITY)]) => "inf";
        "math.tanh(0.5)" => call("tanh", &[f(0.5)]) => "0.46211715726000974";
        "math.tanh(20.0)" => call("tanh", &[f(20.0)]) => "1.0";
        "math.tanh(-math.inf)" => call("tanh", &[f(f64::NEG_INFINITY)]) => "-1.0";
        "math.asinh(1.0)" => call("asinh", &[f(1.0)]) => "0.881373587019543";
        "math.asinh(-1e+300)" => call("asinh", &[f(-1e+300)]) => "-691.4686750787736";
        "math.asinh(1e-10)" => call("asinh", &[f(1e-10)]) => "1e-10";
        "math.asinh(0.5)" => call("asinh", &[f(0.5)]) => "0.48121182505960347";
        "math.acosh(2.0)" => call("acosh", &[f(2.0)]) => "1.3169578969248166";
        "math.acosh(1.0)" => call("acosh", &[f(1.0)]) => "0.0";
        "math.acosh(1e+300)" => call("acosh", &[f(1e+300)]) => "691.4686750787736";
        "math.acosh(0.5)" => call("acosh", &[f(0.5)]) => "!! ValueError: math domain error";
        "math.acosh(1.5)" => call("acosh", &[f(1.5)]) => "0.9624236501192069";
        "math.atanh(0.5)" => call("atanh", &[f(0.5)]) => "0.5493061443340548";
        "math.atanh(-0.25)" => call("atanh", &[f(-0.25)]) => "-0.25541281188299536";
        "math.atanh(1.0)" => call("atanh", &[f(1.0)]) => "!! ValueError: math domain error";
        "math.atanh(-1.0)" => call("atanh", &[f(-1.0)]) => "!! ValueError: math domain error";
        "math.atanh(2.0)" => call("atanh", &[f(2.0)]) => "!! ValueError: math domain error";
    }
}

/// erf, erfc, gamma, lgamma (CPython's Lanczos approximation).
#[test]
fn special_functions() {
    table! {
        "math.erf(0.5)" => call("erf", &[f(0.5)]) => "0.5204998778130465";
        "math.erf(-1.5)" => call("erf", &[f(-1.5)]) => "-0.9661051464753108";
        "math.erf(3)" => call("erf", &[i(3)]) => "0.9999779095030014";
        "math.erf(math.inf)" => call("erf", &[f(f64::INFINITY)]) => "1.0";
        "math.erf(math.nan)" => call("erf", &[f(f64::NAN)]) => "nan";
        "math.erf(1e-300)" => call("erf", &[f(1e-300)]) => "1.1283791670955126e-300";
        "math.erfc(0.5)" => call("erfc", &[f(0.5)]) => "0.4795001221869535";
        "math.erfc(-1.5)" => call("erfc", &[f(-1.5)]) => "1.9661051464753108";
        "math.erfc(10.0)" => call("erfc", &[f(10.0)]) => "2.088487583762545e-45";
        "math.erfc(27.0)" => call("erfc", &[f(27.0)]) => "5.23705e-319";
        "math.erfc(30.0)" => call("erfc", &[f(30.0)]) => "0.0";
        "math.erfc(-math.inf)" => call("erfc", &[f(f64::NEG_INFINITY)]) => "2.0";
        "math.gamma(0.5)" => call("gamma", &[f(0.5)]) => "1.7724538509055159";
        "math.gamma(5)" => call("gamma", &[i(5)]) => "24.0";
        "math.gamma(1.15)" => call("gamma", &[f(1.15)]) => "0.9330409311074815";
        "math.gamma(7.8)" => call("gamma", &[f(7.8)]) => "3376.921327501096";
        "math.gamma(12.47)" => call("gamma", &[f(12.47)]) => "127016702.55852449";
        "math.gamma(-7.63)" => call("gamma", &[f(-7.63)]) => "0.00018592388471872813";
        "math.gamma(-29.8)" => call("gamma", &[f(-29.8)]) => "3.9888672940356745e-32";
        "math.gamma(104.53)" => call("gamma", &[f(104.53)]) => "1.159498089524912e+165";
        "math.gamma(133.61)" => call("gamma", &[f(133.61)]) => "2.206477869612551e+225";
        "math.gamma(-129.67)" => call("gamma", &[f(-129.67)]) => "2.8154911711315244e-219";
        "math.gamma(-6.1)" => call("gamma", &[f(-6.1)]) => "-0.01169955364488697";
        "math.gamma(-28.19)" => call("gamma", &[f(-28.19)]) => "-9.694136636336935e-30";
        "math.gamma(23.0)" => call("gamma", &[f(23.0)]) => "1.1240007277776077e+21";
        "math.gamma(24.0)" => call("gamma", &[f(24.0)]) => "2.585201673888497e+22";
        "math.gamma(4.5)" => call("gamma", &[f(4.5)]) => "11.631728396567446";
        "math.gamma(5.5)" => call("gamma", &[f(5.5)]) => "52.34277778455352";
        "math.gamma(10.3)" => call("gamma", &[f(10.3)]) => "716430.6890623765";
        "math.gamma(150.5)" => call("gamma", &[f(150.5)]) => "4.661072627097377e+261";
        "math.gamma(171.5)" => call("gamma", &[f(171.5)]) => "9.483367566824801e+307";
        "math.gamma(171.7)" => call("gamma", &[f(171.7)]) => "!! OverflowError: math range error";
        "math.gamma(250.0)" => call("gamma", &[f(250.0)]) => "!! OverflowError: math range error";
        "math.gamma(-0.5)" => call("gamma", &[f(-0.5)]) => "-3.544907701811032";
        "math.gamma(-2.5)" => call("gamma", &[f(-2.5)]) => "-0.9453087204829417";
        "math.gamma(-150.5)" => call("gamma", &[f(-150.5)]) => "-4.478447658150641e-264";
        "math.gamma(-170.5)" => call("gamma", &[f(-170.5)]) => "-3.312739521538607e-308";
        "math.gamma(-250.5)" => call("gamma", &[f(-250.5)]) => "-0.0";
        "math.gamma(1e-300)" => call("gamma", &[f(1e-300)]) => "9.999999999999999e+299";
        "math.gamma(-1e-300)" => call("gamma", &[f(-1e-300)]) => "-9.999999999999999e+299";
        "math.gamma(4.92083437938034e-25)" => call("gamma", &[f(4.92083437938034e-25)]) => "2.0321756899404645e+24";
        "math.gamma(-4.070281529305054e-23)" => call("gamma", &[f(-4.070281529305054e-23)]) => "-2.456832513427484e+22";
        "math.gamma(1e-320)" => call("gamma", &[f(1e-320)]) => "!! OverflowError: math range error";
        "math.gamma(0.0)" => call("gamma", &[f(0.0)]) => "!! ValueError: math domain error";
        "math.gamma(-0.0)" => call("gamma", &[f(-0.0)]) => "!! ValueError: math domain error";
        "math.gamma(-1.0)" => call("gamma", &[f(-1.0)]) => "!! ValueError: math domain error";
        "math.gamma(-3)" => call("gamma", &[i(-3)]) => "!! ValueError: math domain error";
        "math.gamma(-math.inf)" => call("gamma", &[f(f64::NEG_INFINITY)]) => "!! ValueError: math domain error";
        "math.gamma(math.inf)" => call("gamma", &[f(f64::INFINITY)]) => "inf";
        "math.gamma(math.nan)" => call("gamma", &[f(f64::NAN)]) => "nan";
        "math.lgamma(0.5)" => call("lgamma", &[f(0.5)]) => "0.5723649429247004";
        "math.lgamma(1.0)" => call("lgamma", &[f(1.0)]) => "0.0";
        "math.lgamma(2)" => call("lgamma", &[i(2)]) => "0.0";
        "math.lgamma(3.0)" => call("lgamma", &[f(3.0)]) => "0.693147180559945";
        "math.lgamma(4.5)" => call("lgamma", &[f(4.5)]) => "2.453736570842443";
        "math.lgamma(100.5)" => call("lgamma", &[f(100.5)]) => "361.4355404677776";
        "math.lgamma(1e+300)" => call("lgamma", &[f(1e+300)]) => "6.897755278982137e+302";
        "math.lgamma(1e+306)" => call("lgamma", &[f(1e+306)]) => "!! OverflowError: math range error";
        "math.lgamma(1e+308)" => call("lgamma", &[f(1e+308)]) => "!! OverflowError: math range error";
        "math.lgamma(-0.5)" => call("lgamma", &[f(-0.5)]) => "1.265512123484645";
        "math.lgamma(-2.5)" => call("lgamma", &[f(-2.5)]) => "-0.05624371649767457";
        "math.lgamma(-0.18)" => call("lgamma", &[f(-0.18)]) => "1.848012023685016";
        "math.lgamma(-10.26)" => call("lgamma", &[f(-10.26)]) => "-14.258204212267712";
        "math.lgamma(-26.09)" => call("lgamma", &[f(-26.09)]) => "-59.1354975035075";
        "math.lgamma(-100.25)" => call("lgamma", &[f(-100.25)]) => "-363.4009232278216";
        "math.lgamma(1e-300)" => call("lgamma", &[f(1e-300)]) => "690.7755278982137";
        "math.lgamma(-1e-30)" => call("lgamma", &[f(-1e-30)]) => "69.07755278982137";
        "math.lgamma(0.0)" => call("lgamma", &[f(0.0)]) => "!! ValueError: math domain error";
        "math.lgamma(-2.0)" => call("lgamma", &[f(-2.0)]) => "!! ValueError: math domain error";
        "math.lgamma(-5)" => call("lgamma", &[i(-5)]) => "!! ValueError: math domain error";
        "math.lgamma(math.inf)" => call("lgamma", &[f(f64::INFINITY)]) => "inf";
        "math.lgamma(-math.inf)" => call("lgamma", &[f(f64::NEG_INFINITY)]) => "inf";
        "math.lgamma(math.nan)" => call("lgamma", &[f(f64::NAN)]) => "nan";
    }
}

/// fabs, copysign, fmod, remainder, modf, frexp, ldexp, nextafter, ulp, isfinite, isinf, isnan, isclose.
#[test]
fn float_plumbing() {
    table! {
        "math.fabs(-2.5)" => call("fabs", &[f(-2.5)]) => "2.5";
        "math.fabs(-3)" => call("fabs", &[i(-3)]) => "3.0";
        "math.fabs(-math.inf)" => call("fabs", &[f(f64::NEG_INFINITY)]) => "inf";
        "math.fabs(10**400)" => call("fabs", &[pow(10, 400)]) => "!! OverflowError: int too large to convert to float";
        "math.copysign(2.0, -0.0)" => call("copysign", &[f(2.0), f(-0.0)]) => "-2.0";
        "math.copysign(-2, 1)" => call("copysign", &[i(-2), i(1)]) => "2.0";
        "math.copysign(math.inf, -1.0)" => call("copysign", &[f(f64::INFINITY), f(-1.0)]) => "-inf";
        "math.copysign(1.0, math.nan)" => call("copysign", &[f(1.0), f(f64::NAN)]) => "1.0";
        "math.fmod(7.0, 3.0)" => call("fmod", &[f(7.0), f(3.0)]) => "1.0";
        "math.fmod(-7.0, 3.0)" => call("fmod", &[f(-7.0), f(3.0)]) => "-1.0";
        "math.fmod(7.0, -3.0)" => call("fmod", &[f(7.0), f(-3.0)]) => "1.0";
        "math.fmod(5.5, math.inf)" => call("fmod", &[f(5.5), f(f64::INFINITY)]) => "5.5";
        "math.fmod(1e+300, 3.0)" => call("fmod", &[f(1e+300), f(3.0)]) => "0.0";
        "math.fmod(1.0, 0.0)" => call("fmod", &[f(1.0), f(0.0)]) => "!! ValueError: math domain error";
        "math.fmod(math.inf, 2.0)" => call("fmod", &[f(f64::INFINITY), f(2.0)]) => "!! ValueError: math domain error";
        "math.fmod(math.nan, 0.0)" => call("fmod", &[f(f64::NAN), f(0.0)]) => "nan";
        "math.remainder(7.0, 2.0)" => call("remainder", &[f(7.0), f(2.0)]) => "-1.0";
        "math.remainder(5.0, 2.0)" => call("remainder", &[f(5.0), f(2.0)]) => "1.0";
        "math.remainder(-5.0, 2.0)" => call("remainder", &[f(-5.0), f(2.0)]) => "-1.0";
        "math.remainder(10.0, 3.0)" => call("remainder", &[f(10.0), f(3.0)]) => "1.0";
        "math.remainder(1e+300, 3.0)" => call("remainder", &[f(1e+300), f(3.0)]) => "0.0";
        "math.remainder(5e-324, 1e-323)" => call("remainder", &[f(5e-324), f(1e-323)]) => "5e-324";
        "math.remainder(3.0, math.inf)" => call("remainder", &[f(3.0), f(f64::INFINITY)]) => "3.0";
        "math.remainder(3.0, 0.0)" => call("remainder", &[f(3.0), f(0.0)]) => "!! ValueError: math domain error";
        "math.remainder(math.inf, 3.0)" => call("remainder", &[f(f64::INFINITY), f(3.0)]) => "!! ValueError: math domain error";
        "math.remainder(math.nan, 0.0)" => call("remainder", &[f(f64::NAN), f(0.0)]) => "nan";
        "math.modf(2.5)" => call("modf", &[f(2.5)]) => "(0.5, 2.0)";
        "math.modf(-2.5)" => call("modf", &[f(-2.5)]) => "(-0.5, -2.0)";
        "math.modf(3.0)" => call("modf", &[f(3.0)]) => "(0.0, 3.0)";
        "math.modf(-3.0)" => call("modf", &[f(-3.0)]) => "(-0.0, -3.0)";
        "math.modf(math.inf)" => call("modf", &[f(f64::INFINITY)]) => "(0.0, inf)";
        "math.modf(-math.inf)" => call("modf", &[f(f64::NEG_INFINITY)]) => "(-0.0, -inf)";
        "math.modf(math.nan)" => call("modf", &[f(f64::NAN)]) => "(nan, nan)";
        "math.modf(7)" => call("modf", &[i(7)]) => "(0.0, 7.0)";
        "math.frexp(8.0)" => call("frexp", &[f(8.0)]) => "(0.5, 4)";
        "math.frexp(-0.75)" => call("frexp", &[f(-0.75)]) => "(-0.75, 0)";
        "math.frexp(0.0)" => call("frexp", &[f(0.0)]) => "(0.0, 0)";
        "math.frexp(5e-324)" => call("frexp", &[f(5e-324)]) => "(0.5, -1073)";
        "math.frexp(1e+308)" => call("frexp", &[f(1e+308)]) => "(0.5562684646268004, 1024)";
        "math.frexp(math.inf)" => call("frexp", &[f(f64::INFINITY)]) => "(inf, 0)";
        "math.frexp(math.nan)" => call("frexp", &[f(f64::NAN)]) => "(nan, 0)";
        "math.frexp(3)" => call("frexp", &[i(3)]) => "(0.75, 2)";
        "math.ldexp(0.75, 4)" => call("ldexp", &[f(0.75), i(4)]) => "12.0";
        "math.ldexp(1.0, -1074)" => call("ldexp", &[f(1.0), i(-1074)]) => "5e-324";
        "math.ldexp(1.0, -1075)" => call("ldexp", &[f(1.0), i(-1075)]) => "0.0";
        "math.ldexp(1.5, -1075)" => call("ldexp", &[f(1.5), i(-1075)]) => "5e-324";
        "math.ldexp(3.0, -1075)" => call("ldexp", &[f(3.0), i(-1075)]) => "1e-323";
        "math.ldexp(1.0, 1023)" => call("ldexp", &[f(1.0), i(1023)]) => "8.98846567431158e+307";
        "math.ldexp(1.0, 1024)" => call("ldexp", &[f(1.0), i(1024)]) => "!! OverflowError: math range error";
        "math.ldexp(-1.0, 10**30)" => call("ldexp", &[f(-1.0), pow(10, 30)]) => "!! OverflowError: math range error";
        "math.ldexp(1.0, -10**30)" => call("ldexp", &[f(1.0), neg_pow(10, 30)]) => "0.0";
        "math.ldexp(0.0, 10**30)" => call("ldexp", &[f(0.0), pow(10, 30)]) => "0.0";
        "math.ldexp(math.inf, -5)" => call("ldexp", &[f(f64::INFINITY), i(-5)]) => "inf";
        "math.ldexp(2.0, True)" => call("ldexp", &[f(2.0), b(true)]) => "4.0";
        "math.ldexp(1.0, 2.0)" => call("ldexp", &[f(1.0), f(2.0)]) => "!! TypeError: Expected an int as second argument to ldexp.";
        "math.ldexp('s', 1)" => call("ldexp", &[s("s"), i(1)]) => "!! TypeError: must be real number, not str";
        "math.nextafter(1.0, 2.0)" => call("nextafter", &[f(1.0), f(2.0)]) => "1.0000000000000002";
        "math.nextafter(1.0, 0.0)" => call("nextafter", &[f(1.0), f(0.0)]) => "0.9999999999999999";
        "math.nextafter(0.0, -1.0)" => call("nextafter", &[f(0.0), f(-1.0)]) => "-5e-324";
        "math.nextafter(-0.0, 0.0)" => call("nextafter", &[f(-0.0), f(0.0)]) => "0.0";
        "math.nextafter(1.7976931348623157e+308, math.inf)" => call("nextafter", &[f(1.7976931348623157e+308), f(f64::INFINITY)]) => "inf";
        "math.nextafter(1.0, math.nan)" => call("nextafter", &[f(1.0), f(f64::NAN)]) => "nan";
        "math.nextafter(3, 3)" => call("nextafter", &[i(3), i(3)]) => "3.0";
        "math.ulp(1.0)" => call("ulp", &[f(1.0)]) => "2.220446049250313e-16";
        "math.ulp(-1e+300)" => call("ulp", &[f(-1e+300)]) => "1.487016908477783e+284";
        "math.ulp(0.0)" => call("ulp", &[f(0.0)]) => "5e-324";
        "math.ulp(5e-324)" => call("ulp", &[f(5e-324)]) => "5e-324";
        "math.ulp(1.7976931348623157e+308)" => call("ulp", &[f(1.7976931348623157e+308)]) => "1.99584030953472e+292";
        "math.ulp(math.inf)" => call("ulp", &[f(f64::INFINITY)]) => "inf";
        "math.ulp(math.nan)" => call("ulp", &[f(f64::NAN)]) => "nan";
        "math.ulp(10000000000000000)" => call("ulp", &[i(10000000000000000)]) => "2.0";
        "math.isfinite(1.0)" => call("isfinite", &[f(1.0)]) => "True";
        "math.isfinite(math.inf)" => call("isfinite", &[f(f64::INFINITY)]) => "False";
        "math.isfinite(math.nan)" => call("isfinite", &[f(f64::NAN)]) => "False";
        "math.isfinite(10**300)" => call("isfinite", &[pow(10, 300)]) => "True";
        "math.isfinite(10**400)" => call("isfinite", &[pow(10, 400)]) => "!! OverflowError: int too large to convert to float";
        "math.isinf(-math.inf)" => call("isinf", &[f(f64::NEG_INFINITY)]) => "True";
        "math.isinf(1e+308)" => call("isinf", &[f(1e+308)]) => "False";
        "math.isnan(math.nan)" => call("isnan", &[f(f64::NAN)]) => "True";
        "math.isnan(0.0)" => call("isnan", &[f(0.0)]) => "False";
        "math.isnan('s')" => call("isnan", &[s("s")]) => "!! TypeError: must be real number, not str";
        "math.isclose(1.0, 1.0000000001)" => call("isclose", &[f(1.0), f(1.0000000001)]) => "True";
        "math.isclose(1.0, 1.00000001)" => call("isclose", &[f(1.0), f(1.00000001)]) => "False";
        "math.isclose(1.0, 1.1, rel_tol=0.1)" => call_kw("isclose", &[f(1.0), f(1.1)], &[("rel_tol", f(0.1))]) => "True";
        "math.isclose(0.0, 1e-10)" => call("isclose", &[f(0.0), f(1e-10)]) => "False";
        "math.isclose(0.0, 1e-10, abs_tol=1e-09)" => call_kw("isclose", &[f(0.0), f(1e-10)], &[("abs_tol", f(1e-09))]) => "True";
        "math.isclose(math.inf, math.inf)" => call("isclose", &[f(f64::INFINITY), f(f64::INFINITY)]) => "True";
        "math.isclose(math.inf, -math.inf)" => call("isclose", &[f(f64::INFINITY), f(f64::NEG_INFINITY)]) => "False";
        "math.isclose(math.inf, 1e+308, rel_tol=1.0)" => call_kw("isclose", &[f(f64::INFINITY), f(1e+308)], &[("rel_tol", f(1.0))]) => "False";
        "math.isclose(math.nan, math.nan)" => call("isclose", &[f(f64::NAN), f(f64::NAN)]) => "False";
        "math.isclose(a=1, b=True)" => call_kw("isclose", &[], &[("a", i(1)), ("b", b(true))]) => "True";
        "math.isclose(1.0, 1.0, rel_tol=-1.0)" => call_kw("isclose", &[f(1.0), f(1.0)], &[("rel_tol", f(-1.0))]) => "!! ValueError: tolerances must be non-negative";
        "math.isclose(1.0, 1.0, abs_tol=-0.5)" => call_kw("isclose", &[f(1.0), f(1.0)], &[("abs_tol", f(-0.5))]) => "!! ValueError: tolerances must be non-negative";
        "math.isclose(1.0, 's')" => call("isclose", &[f(1.0), s("s")]) => "!! TypeError: must be real number, not str";
    }
}

/// fsum (exact partials, one rounding) and prod.
#[test]
fn sums_and_products() {
    table! {
        "math.fsum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])" => call("fsum", &[list([f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1)])]) => "1.0";
        "math.fsum([1e+100, 1.0, -1e+100, 1e-100, 1e+50, -1.0, -1e+50])" => call("fsum", &[list([f(1e+100), f(1.0), f(-1e+100), f(1e-100), f(1e+50), f(-1.0), f(-1e+50)])]) => "1e-100";
        "math.fsum([1e-16, 1.0, 1e+16])" => call("fsum", &[list([f(1e-16), f(1.0), f(1e+16)])]) => "1.0000000000000002e+16";
        "math.fsum([1.0, 1e+100, 1.0, -1e+100])" => call("fsum", &[list([f(1.0), f(1e+100), f(1.0), f(-1e+100)])]) => "2.0";
        "math.fsum([])" => call("fsum", &[list([])]) => "0.0";
        "math.fsum((2, 3.5, True))" => call("fsum", &[tuple([i(2), f(3.5), b(true)])]) => "6.5";
        "math.fsum([2**60, 0.5])" => call("fsum", &[list([pow(2, 60), f(0.5)])]) => "1.152921504606847e+18";
        "math.fsum([-0.0, -0.0])" => call("fsum", &[list([f(-0.0), f(-0.0)])]) => "0.0";
        "math.fsum([1e+308, 1e+308, -1e+308])" => call("fsum", &[list([f(1e+308), f(1e+308), f(-1e+308)])]) => "!! OverflowError: intermediate overflow in fsum";
        "math.fsum([1e+308, 1e+308])" => call("fsum", &[list([f(1e+308), f(1e+308)])]) => "!! OverflowError: intermediate overflow in fsum";
        "math.fsum([math.inf, 1.0])" => call("fsum", &[list([f(f64::INFINITY), f(1.0)])]) => "inf";
        "math.fsum([math.inf, -math.inf])" => call("fsum", &[list([f(f64::INFINITY), f(f64::NEG_INFINITY)])]) => "!! ValueError: -inf + inf in fsum";
        "math.fsum([math.nan, 1.0])" => call("fsum", &[list([f(f64::NAN), f(1.0)])]) => "nan";
        "math.fsum([1.0, 's'])" => call("fsum", &[list([f(1.0), s("s")])]) => "!! TypeError: must be real number, not str";
        "math.fsum(1)" => call("fsum", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
        "math.fsum([10**400])" => call("fsum", &[list([pow(10, 400)])]) => "!! OverflowError: int too large to convert to float";
        "math.prod([1, 2, 3, 4])" => call("prod", &[list([i(1), i(2), i(3), i(4)])]) => "24";
        "math.prod([])" => call("prod", &[list([])]) => "1";
        "math.prod([], start=5)" => call_kw("prod", &[list([])], &[("start", i(5))]) => "5";
        "math.prod([2.5, 4])" => call("prod", &[list([f(2.5), i(4)])]) => "10.0";
        "math.prod([10000000000, 10000000000, 10000000000])" => call("prod", &[list([i(10000000000), i(10000000000), i(10000000000)])]) => "1000000000000000000000000000000";
        "math.prod([1, 2], start=0.5)" => call_kw("prod", &[list([i(1), i(2)])], &[("start", f(0.5))]) => "1.0";
        "math.prod([10**10, 10**10])" => call("prod", &[list([pow(10, 10), pow(10, 10)])]) => "100000000000000000000";
        "math.prod(['ab', 3])" => call("prod", &[list([s("ab"), i(3)])]) => "'ababab'";
        "math.prod([3, 'ab'])" => call("prod", &[list([i(3), s("ab")])]) => "'ababab'";
        "math.prod([], start='x')" => call_kw("prod", &[list([])], &[("start", s("x"))]) => "'x'";
        "math.prod(1)" => call("prod", &[i(1)]) => "!! TypeError: 'int' object is not iterable";
    }
}

/// isqrt, factorial, comb, perm, gcd, lcm: exact for ints of any size.
#[test]
fn integer_functions() {
    table! {
        "math.isqrt(0)" => call("isqrt", &[i(0)]) => "0";
        "math.isqrt(15)" => call("isqrt", &[i(15)]) => "3";
        "math.isqrt(16)" => call("isqrt", &[i(16)]) => "4";
        "math.isqrt(True)" => call("isqrt", &[b(true)]) => "1";
        "math.isqrt(10**40)" => call("isqrt", &[pow(10, 40)]) => "100000000000000000000";
        "math.isqrt(2**64 - 1)" => call("isqrt", &[pow_minus(2, 64, 1)]) => "4294967295";
        "math.isqrt(2**201)" => call("isqrt", &[pow(2, 201)]) => "1792728671193156477399422023278";
        "math.isqrt(-1)" => call("isqrt", &[i(-1)]) => "!! ValueError: isqrt() argument must be nonnegative";
        "math.isqrt(2.0)" => call("isqrt", &[f(2.0)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "math.isqrt('s')" => call("isqrt", &[s("s")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "math.factorial(0)" => call("factorial", &[i(0)]) => "1";
        "math.factorial(5)" => call("factorial", &[i(5)]) => "120";
        "math.factorial(20)" => call("factorial", &[i(20)]) => "2432902008176640000";
        "math.factorial(21)" => call("factorial", &[i(21)]) => "51090942171709440000";
        "math.factorial(30)" => call("factorial", &[i(30)]) => "265252859812191058636308480000000";
        "math.factorial(100)" => call("factorial", &[i(100)]) => "93326215443944152681699238856266700490715968264381621468592963895217599993229915608941463976156518286253697920827223758251185210916864000000000000000000000000";
        "math.factorial(True)" => call("factorial", &[b(true)]) => "1";
        "math.factorial(-1)" => call("factorial", &[i(-1)]) => "!! ValueError: factorial() not defined for negative values";
        "math.factorial(-10**30)" => call("factorial", &[neg_pow(10, 30)]) => "!! ValueError: factorial() not defined for negative values";
        "math.factorial(10**30)" => call("factorial", &[pow(10, 30)]) => "!! OverflowError: factorial() argument should not exceed 9223372036854775807";
        "math.factorial(5.0)" => call("factorial", &[f(5.0)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "math.factorial('s')" => call("factorial", &[s("s")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "math.comb(5, 2)" => call("comb", &[i(5), i(2)]) => "10";
        "math.comb(100, 50)" => call("comb", &[i(100), i(50)]) => "100891344545564193334812497256";
        "math.comb(10, 0)" => call("comb", &[i(10), i(0)]) => "1";
        "math.comb(10, 11)" => call("comb", &[i(10), i(11)]) => "0";
        "math.comb(10**30, 3)" => call("comb", &[pow(10, 30), i(3)]) => "166666666666666666666666666666166666666666666666666666666667000000000000000000000000000000";
        "math.comb(10**30, 10**30 - 2)" => call("comb", &[pow(10, 30), pow_minus(10, 30, 2)]) => "499999999999999999999999999999500000000000000000000000000000";
        "math.comb(2**64, 5)" => call("comb", &[pow(2, 64), i(5)]) => "17799891966007584010309173448303251338222443608402562651096502271933629056474342849885438476288";
        "math.comb(-1, 2)" => call("comb", &[i(-1), i(2)]) => "!! ValueError: n must be a non-negative integer";
        "math.comb(2, -1)" => call("comb", &[i(2), i(-1)]) => "!! ValueError: k must be a non-negative integer";
        "math.comb(2.0, 1)" => call("comb", &[f(2.0), i(1)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "math.comb(2, 1.0)" => call("comb", &[i(2), f(1.0)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "math.comb(10**20, 10**19)" => call("comb", &[pow(10, 20), pow(10, 19)]) => "!! OverflowError: min(n - k, k) must not exceed 9223372036854775807";
        "math.comb(True, True)" => call("comb", &[b(true), b(true)]) => "1";
        "math.perm(5, 2)" => call("perm", &[i(5), i(2)]) => "20";
        "math.perm(5)" => call("perm", &[i(5)]) => "120";
        "math.perm(5, None)" => call("perm", &[i(5), none()]) => "120";
        "math.perm(5, 0)" => call("perm", &[i(5), i(0)]) => "1";
        "math.perm(5, 6)" => call("perm", &[i(5), i(6)]) => "0";
        "math.perm(10**30, 2)" => call("perm", &[pow(10, 30), i(2)]) => "999999999999999999999999999999000000000000000000000000000000";
        "math.perm(30, 30)" => call("perm", &[i(30), i(30)]) => "265252859812191058636308480000000";
        "math.perm(-1)" => call("perm", &[i(-1)]) => "!! ValueError: factorial() not defined for negative values";
        "math.perm(-1, 2)" => call("perm", &[i(-1), i(2)]) => "!! ValueError: n must be a non-negative integer";
        "math.perm(1, -2)" => call("perm", &[i(1), i(-2)]) => "!! ValueError: k must be a non-negative integer";
        "math.perm(10**30, 10**20)" => call("perm", &[pow(10, 30), pow(10, 20)]) => "!! OverflowError: k must not exceed 9223372036854775807";
        "math.perm(5, 's')" => call("perm", &[i(5), s("s")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "math.perm(5.0, 1)" => call("perm", &[f(5.0), i(1)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "math.gcd()" => call("gcd", &[]) => "0";
        "math.gcd(-12)" => call("gcd", &[i(-12)]) => "12";
        "math.gcd(12, 18)" => call("gcd", &[i(12), i(18)]) => "6";
        "math.gcd(12, -18, 8)" => call("gcd", &[i(12), i(-18), i(8)]) => "2";
        "math.gcd(0, 0)" => call("gcd", &[i(0), i(0)]) => "0";
        "math.gcd(2**100, 6 * 2**80)" => call("gcd", &[pow(2, 100), times_pow(6, 2, 80)]) => "2417851639229258349412352";
        "math.gcd(True, 4)" => call("gcd", &[b(true), i(4)]) => "1";
        "math.gcd(2.0)" => call("gcd", &[f(2.0)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "math.gcd(1, 's')" => call("gcd", &[i(1), s("s")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "math.lcm()" => call("lcm", &[]) => "1";
        "math.lcm(-4)" => call("lcm", &[i(-4)]) => "4";
        "math.lcm(4, 6)" => call("lcm", &[i(4), i(6)]) => "12";
        "math.lcm(4, -6, 10)" => call("lcm", &[i(4), i(-6), i(10)]) => "60";
        "math.lcm(0, 5)" => call("lcm", &[i(0), i(5)]) => "0";
        "math.lcm(2**100, 3**50)" => call("lcm", &[pow(2, 100), pow(3, 50)]) => "910043815000214977332758527534256632492715260325658624";
        "math.lcm(0, 's')" => call("lcm", &[i(0), s("s")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "math.lcm(2.5)" => call("lcm", &[f(2.5)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
    }
}

/// Argument counts and keywords, with each kind of function's own CPython text.
#[test]
fn argument_errors() {
    table! {
        "math.sqrt()" => call("sqrt", &[]) => "!! TypeError: math.sqrt() takes exactly one argument (0 given)";
        "math.sqrt(1.0, 2.0)" => call("sqrt", &[f(1.0), f(2.0)]) => "!! TypeError: math.sqrt() takes exactly one argument (2 given)";
        "math.sin(x=1.0)" => call_kw("sin", &[], &[("x", f(1.0))]) => "!! TypeError: math.sin() takes no keyword arguments";
        "math.ceil()" => call("ceil", &[]) => "!! TypeError: math.ceil() takes exactly one argument (0 given)";
        "math.fsum([1.0], [2.0])" => call("fsum", &[list([f(1.0)]), list([f(2.0)])]) => "!! TypeError: math.fsum() takes exactly one argument (2 given)";
        "math.factorial(x=5)" => call_kw("factorial", &[], &[("x", i(5))]) => "!! TypeError: math.factorial() takes no keyword arguments";
        "math.isqrt(1, 2)" => call("isqrt", &[i(1), i(2)]) => "!! TypeError: math.isqrt() takes exactly one argument (2 given)";
        "math.pow(2.0)" => call("pow", &[f(2.0)]) => "!! TypeError: pow expected 2 arguments, got 1";
        "math.pow(1.0, 2.0, 3.0)" => call("pow", &[f(1.0), f(2.0), f(3.0)]) => "!! TypeError: pow expected 2 arguments, got 3";
        "math.pow(x=1.0, y=2.0)" => call_kw("pow", &[], &[("x", f(1.0)), ("y", f(2.0))]) => "!! TypeError: math.pow() takes no keyword arguments";
        "math.atan2(1.0)" => call("atan2", &[f(1.0)]) => "!! TypeError: atan2 expected 2 arguments, got 1";
        "math.copysign(1.0, 2.0, z=1.0)" => call_kw("copysign", &[f(1.0), f(2.0)], &[("z", f(1.0))]) => "!! TypeError: math.copysign() takes no keyword arguments";
        "math.remainder()" => call("remainder", &[]) => "!! TypeError: remainder expected 2 arguments, got 0";
        "math.fmod(1.0)" => call("fmod", &[f(1.0)]) => "!! TypeError: fmod expected 2 arguments, got 1";
        "math.ldexp(1.0)" => call("ldexp", &[f(1.0)]) => "!! TypeError: ldexp expected 2 arguments, got 1";
        "math.nextafter(1.0)" => call("nextafter", &[f(1.0)]) => "!! TypeError: nextafter expected 2 arguments, got 1";
        "math.dist((1.0,))" => call("dist", &[tuple([f(1.0)])]) => "!! TypeError: dist expected 2 arguments, got 1";
        "math.comb(1)" => call("comb", &[i(1)]) => "!! TypeError: comb expected 2 arguments, got 1";
        "math.comb(n=5, k=2)" => call_kw("comb", &[], &[("n", i(5)), ("k", i(2))]) => "!! TypeError: math.comb() takes no keyword arguments";
        "math.perm()" => call("perm", &[]) => "!! TypeError: perm expected at least 1 argument, got 0";
        "math.perm(1, 2, 3)" => call("perm", &[i(1), i(2), i(3)]) => "!! TypeError: perm expected at most 2 arguments, got 3";
        "math.perm(5, k=2)" => call_kw("perm", &[i(5)], &[("k", i(2))]) => "!! TypeError: math.perm() takes no keyword arguments";
        "math.log()" => call("log", &[]) => "!! TypeError: math.log requires 1 to 2 arguments";
        "math.log(1.0, 2.0, 3.0)" => call("log", &[f(1.0), f(2.0), f(3.0)]) => "!! TypeError: math.log requires 1 to 2 arguments";
        "math.log(8, base=2)" => call_kw("log", &[i(8)], &[("base", i(2))]) => "!! TypeError: log() takes no keyword arguments";
        "math.hypot(x=1.0)" => call_kw("hypot", &[], &[("x", f(1.0))]) => "!! TypeError: math.hypot() takes no keyword arguments";
        "math.gcd(a=1)" => call_kw("gcd", &[], &[("a", i(1))]) => "!! TypeError: math.gcd() takes no keyword arguments";
        "math.lcm(1, b=2)" => call_kw("lcm", &[i(1)], &[("b", i(2))]) => "!! TypeError: math.lcm() takes no keyword arguments";
        "math.isclose()" => call("isclose", &[]) => "!! TypeError: isclose() missing required argument 'a' (pos 1)";
        "math.isclose(1.0)" => call("isclose", &[f(1.0)]) => "!! TypeError: isclose() missing required argument 'b' (pos 2)";
        "math.isclose(1.0, 1.0, 1.0)" => call("isclose", &[f(1.0), f(1.0), f(1.0)]) => "!! TypeError: isclose() takes exactly 2 positional arguments (3 given)";
        "math.isclose(1.0, b=1.0)" => call_kw("isclose", &[f(1.0)], &[("b", f(1.0))]) => "True";
        "math.isclose(a=1.0, b=2.0, rel_tol=1.0)" => call_kw("isclose", &[], &[("a", f(1.0)), ("b", f(2.0)), ("rel_tol", f(1.0))]) => "True";
        "math.isclose(1.0, 1.0, a=1.0)" => call_kw("isclose", &[f(1.0), f(1.0)], &[("a", f(1.0))]) => "!! TypeError: argument for isclose() given by name ('a') and position (1)";
        "math.isclose(1.0, 1.0, tol=1.0)" => call_kw("isclose", &[f(1.0), f(1.0)], &[("tol", f(1.0))]) => "!! TypeError: 'tol' is an invalid keyword argument for isclose()";
        "math.isclose(b=1.0)" => call_kw("isclose", &[], &[("b", f(1.0))]) => "!! TypeError: isclose() missing required argument 'a' (pos 1)";
        "math.isclose(1.0, 1.0, rel_tol=1.0, abs_tol=1.0, a=1.0)" => call_kw("isclose", &[f(1.0), f(1.0)], &[("rel_tol", f(1.0)), ("abs_tol", f(1.0)), ("a", f(1.0))]) => "!! TypeError: isclose() takes at most 4 arguments (5 given)";
        "math.isclose(1.0, 1.0, rel_tol='a')" => call_kw("isclose", &[f(1.0), f(1.0)], &[("rel_tol", s("a"))]) => "!! TypeError: must be real number, not str";
        "math.prod()" => call("prod", &[]) => "!! TypeError: prod() takes exactly 1 positional argument (0 given)";
        "math.prod([1], [2])" => call("prod", &[list([i(1)]), list([i(2)])]) => "!! TypeError: prod() takes exactly 1 positional argument (2 given)";
        "math.prod([1], [2], [3])" => call("prod", &[list([i(1)]), list([i(2)]), list([i(3)])]) => "!! TypeError: prod() takes at most 2 arguments (3 given)";
        "math.prod(iterable=[1])" => call_kw("prod", &[], &[("iterable", list([i(1)]))]) => "!! TypeError: prod() takes exactly 1 positional argument (0 given)";
        "math.prod([1], foo=1)" => call_kw("prod", &[list([i(1)])], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for prod()";
        "math.prod([1], iterable=2)" => call_kw("prod", &[list([i(1)])], &[("iterable", i(2))]) => "!! TypeError: 'iterable' is an invalid keyword argument for prod()";
        "math.prod(start=1, foo=2, bar=3)" => call_kw("prod", &[], &[("start", i(1)), ("foo", i(2)), ("bar", i(3))]) => "!! TypeError: prod() takes at most 2 keyword arguments (3 given)";
    }
}
