//! Step 3 of the object model: `float`, printed and computed as CPython does.

mod pyobj_support;

use pyobj_runtime::{Obj, PyResult, builtins};
use pyobj_support::{b, f, i, s};

/// `float(text)`.
fn float(text: &str) -> PyResult<Obj> {
    builtins::float(&s(text))
}

#[test]
fn repr_is_the_shortest_text_that_reads_back() {
    table! {
        "0.1" => Ok(f(0.1)) => "0.1";
        "0.1 + 0.2" => f(0.1).add(&f(0.2)) => "0.30000000000000004";
        "1.0" => Ok(f(1.0)) => "1.0";
        "-2.5" => Ok(f(-2.5)) => "-2.5";
        "100.0" => Ok(f(100.0)) => "100.0";
        "1e15" => Ok(f(1e15)) => "1000000000000000.0";
        "1e16" => Ok(f(1e16)) => "1e+16";
        "123456789012345678.0" => Ok(f(123_456_789_012_345_678.0)) => "1.2345678901234568e+17";
        "1e22" => Ok(f(1e22)) => "1e+22";
        "0.0001" => Ok(f(0.0001)) => "0.0001";
        "0.00001" => Ok(f(0.00001)) => "1e-05";
        "1.5e-7" => Ok(f(1.5e-7)) => "1.5e-07";
        "1e-300" => Ok(f(1e-300)) => "1e-300";
        "5e-324" => Ok(f(5e-324)) => "5e-324";
        "1.7976931348623157e308" => Ok(f(f64::MAX)) => "1.7976931348623157e+308";
        "2.2250738585072014e-308" => Ok(f(f64::MIN_POSITIVE)) => "2.2250738585072014e-308";
        "float('inf')" => Ok(f(f64::INFINITY)) => "inf";
        "float('-inf')" => Ok(f(f64::NEG_INFINITY)) => "-inf";
        "float('nan')" => Ok(f(f64::NAN)) => "nan";
        "-0.0" => Ok(f(-0.0)) => "-0.0";
        "0.0" => Ok(f(0.0)) => "0.0";
        "1/3" => Ok(f(1.0 / 3.0)) => "0.3333333333333333";
        "2/3" => Ok(f(2.0 / 3.0)) => "0.6666666666666666";
        "9007199254740993.0" => Ok(f(9_007_199_254_740_992.0)) => "9007199254740992.0";
        "str(1e16)" => builtins::str(&f(1e16)) => "'1e+16'";
        "str(0.5)" => builtins::str(&f(0.5)) => "'0.5'";
    }
}

#[test]
fn arithmetic_follows_python() {
    table! {
        "7.5 // 2" => f(7.5).floordiv(&i(2)) => "3.0";
        "-7.5 // 2" => f(-7.5).floordiv(&i(2)) => "-4.0";
        "7.5 % -2" => f(7.5).rem(&i(-2)) => "-0.5";
        "-7.5 % 2" => f(-7.5).rem(&i(2)) => "0.5";
        "-0.0 % 5" => f(-0.0).rem(&i(5)) => "0.0";
        "5.0 % -5" => f(5.0).rem(&i(-5)) => "-0.0";
        "divmod(-7.5, 2)" => f(-7.5).divmod(&i(2)) => "(-4.0, 0.5)";
        "divmod(1e300, 1e-300)" => f(1e300).divmod(&f(1e-300)) => "(inf, 4.891554850853602e-301)";
        "1.0 / 0" => f(1.0).truediv(&i(0)) => "!! ZeroDivisionError: float division by zero";
        "1.0 // 0" => f(1.0).floordiv(&i(0)) => "!! ZeroDivisionError: float floor division by zero";
        "1.0 % 0" => f(1.0).rem(&i(0)) => "!! ZeroDivisionError: float modulo";
        "divmod(1.0, 0)" => f(1.0).divmod(&i(0)) => "!! ZeroDivisionError: float divmod()";
        "1 / 0.0" => i(1).truediv(&f(0.0)) => "!! ZeroDivisionError: float division by zero";
        "1 + 0.5" => i(1).add(&f(0.5)) => "1.5";
        "0.5 + True" => f(0.5).add(&b(true)) => "1.5";
        #[cfg(not(miri))] // the platform's pow
        "2**0.5" => i(2).pow(&f(0.5)) => "1.4142135623730951";
        #[cfg(not(miri))] // the platform's pow
        "2.0**10" => f(2.0).pow(&i(10)) => "1024.0";
        #[cfg(not(miri))] // the platform's pow
        "2.0**-1" => f(2.0).pow(&i(-1)) => "0.5";
        "0.0**-1" => f(0.0).pow(&i(-1)) => "!! ZeroDivisionError: 0.0 cannot be raised to a negative power";
        "0.0**0" => f(0.0).pow(&i(0)) => "1.0";
        #[cfg(not(miri))] // the platform's pow
        "(-8.0)**3" => f(-8.0).pow(&i(3)) => "-512.0";
        "(-1.0)**1e300" => f(-1.0).pow(&f(1e300)) => "1.0";
        "float('nan')**0" => f(f64::NAN).pow(&i(0)) => "1.0";
        "1.0**float('nan')" => f(1.0).pow(&f(f64::NAN)) => "1.0";
        "float('inf')**-1" => f(f64::INFINITY).pow(&i(-1)) => "0.0";
        "(-float('inf'))**3" => f(f64::NEG_INFINITY).pow(&i(3)) => "-inf";
        "0.5**float('inf')" => f(0.5).pow(&f(f64::INFINITY)) => "0.0";
        "2.0**10000" => f(2.0).pow(&i(10000)) => "!! OverflowError: (34, 'Numerical result out of range')";
        "1e308 * 10" => f(1e308).mul(&i(10)) => "inf";
        "2**1024 + 0.5" => i(2).pow(&i(1024)).unwrap().add(&f(0.5)) => "!! OverflowError: int too large to convert to float";
        "-(1.5)" => f(1.5).neg() => "-1.5";
        "abs(-1.5)" => f(-1.5).abs() => "1.5";
        "1.5 + 'a'" => f(1.5).add(&s("a")) => "!! TypeError: unsupported operand type(s) for +: 'float' and 'str'";
        "(2.0).is_integer()" => f(2.0).call_method("is_integer", &[]) => "True";
        "(2.5).is_integer()" => f(2.5).call_method("is_integer", &[]) => "False";
        "int(2.5e10)" => builtins::int(&f(2.5e10)) => "25000000000";
    }
}

#[test]
fn comparisons_and_hashes_agree_with_ints() {
    use pyobj_runtime::CompareOp::{Eq, Lt, Ne};
    table! {
        "1.0 == 1" => f(1.0).rich_compare(&i(1), Eq) => "True";
        "0.5 < 1" => f(0.5).rich_compare(&i(1), Lt) => "True";
        "float('nan') == float('nan')" => f(f64::NAN).rich_compare(&f(f64::NAN), Eq) => "False";
        "float('nan') != 1" => f(f64::NAN).rich_compare(&i(1), Ne) => "True";
        "-0.0 == 0" => f(-0.0).rich_compare(&i(0), Eq) => "True";
        "hash(1.0)" => builtins::hash(&f(1.0)) => "1";
        "hash(0.5)" => builtins::hash(&f(0.5)) => "1152921504606846976";
        "hash(-0.5)" => builtins::hash(&f(-0.5)) => "-1152921504606846976";
        "hash(0.1)" => builtins::hash(&f(0.1)) => "230584300921369408";
        "hash(1e300)" => builtins::hash(&f(1e300)) => "1224995262755759164";
        "hash(-0.0)" => builtins::hash(&f(-0.0)) => "0";
        "hash(float('inf'))" => builtins::hash(&f(f64::INFINITY)) => "314159";
        "hash(float('-inf'))" => builtins::hash(&f(f64::NEG_INFINITY)) => "-314159";
        "hash(5e-324)" => builtins::hash(&f(5e-324)) => "16777216";
        "hash(-1.0)" => builtins::hash(&f(-1.0)) => "-2";
        "hash(2.0**80)" => builtins::hash(&f(1_208_925_819_614_629_174_706_176.0)) => "524288";
    }
}

#[test]
fn a_nan_hashes_by_identity() {
    let nan = f(f64::NAN);
    assert_eq!(nan.hash().unwrap(), nan.hash().unwrap());
    assert_ne!(nan.hash().unwrap(), f(f64::NAN).hash().unwrap());
}

#[test]
fn float_from_text_follows_python_syntax() {
    table! {
        "float('1.5')" => float("1.5") => "1.5";
        "float(' -2.5e3\\n')" => float(" -2.5e3\n") => "-2500.0";
        "float('.5')" => float(".5") => "0.5";
        "float('5.')" => float("5.") => "5.0";
        "float('1_000.000_1')" => float("1_000.000_1") => "1000.0001";
        "float('inf')" => float("inf") => "inf";
        "float('-Infinity')" => float("-Infinity") => "-inf";
        "float('nAn')" => float("nAn") => "nan";
        "float('1e500')" => float("1e500") => "inf";
        "float('1__0')" => float("1__0") => "!! ValueError: could not convert string to float: '1__0'";
        "float('_1')" => float("_1") => "!! ValueError: could not convert string to float: '_1'";
        "float('1_.5')" => float("1_.5") => "!! ValueError: could not convert string to float: '1_.5'";
        "float('abc')" => float("abc") => "!! ValueError: could not convert string to float: 'abc'";
        "float('')" => float("") => "!! ValueError: could not convert string to float: ''";
        "float('1e')" => float("1e") => "!! ValueError: could not convert string to float: '1e'";
        "float('0x10')" => float("0x10") => "!! ValueError: could not convert string to float: '0x10'";
        "float('+-1')" => float("+-1") => "!! ValueError: could not convert string to float: '+-1'";
        "float([])" => builtins::float(&Obj::list([])) => "!! TypeError: float() argument must be a string or a real number, not 'list'";
        "float(10**400)" => builtins::float(&i(10).pow(&i(400)).unwrap()) => "!! OverflowError: int too large to convert to float";
        "float(2**53 + 1)" => builtins::float(&i(2).pow(&i(53)).unwrap().add(&i(1)).unwrap()) => "9007199254740992.0";
        "float(2**54 + 3)" => builtins::float(&i(2).pow(&i(54)).unwrap().add(&i(3)).unwrap()) => "1.8014398509481988e+16";
        "float(True)" => builtins::float(&b(true)) => "1.0";
        "float()" => builtins::get("float").unwrap().call(&[]) => "0.0";
    }
}

#[test]
fn floats_convert_to_rust_values() {
    assert_eq!(f(1.5).extract::<f64>().unwrap(), 1.5);
    assert_eq!(i(3).extract::<f64>().unwrap(), 3.0);
    assert_eq!(
        s("x").extract::<f64>().unwrap_err().to_string(),
        "TypeError: must be real number, not str"
    );
    let a = f(1.5);
    assert!(!a.is(&f(1.5)), "floats are not cached");
}
