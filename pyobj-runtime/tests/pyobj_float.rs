//! Step 3 of the object model: `float`, printed and computed as CPython does.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins};
use pyobj_support::{b, f, i, none, s};

/// `float(text)`.
fn float(text: &str) -> PyResult<Obj> {
    builtins::float(&s(text))
}

/// `obj.name(*positional)`.
fn m(obj: &Obj, name: &str, positional: &[Obj]) -> PyResult<Obj> {
    obj.call_method(name, positional)
}

/// The builtin type `name`.
fn ty(name: &str) -> Obj {
    builtins::get(name).unwrap()
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

#[test]
fn as_integer_ratio_is_exact_and_real_is_the_float() {
    table! {
        "(0.5).as_integer_ratio()" => m(&f(0.5), "as_integer_ratio", &[]) => "(1, 2)";
        "(0.1).as_integer_ratio()" => m(&f(0.1), "as_integer_ratio", &[]) => "(3602879701896397, 36028797018963968)";
        "(-0.75).as_integer_ratio()" => m(&f(-0.75), "as_integer_ratio", &[]) => "(-3, 4)";
        "(0.0).as_integer_ratio()" => m(&f(0.0), "as_integer_ratio", &[]) => "(0, 1)";
        "(-0.0).as_integer_ratio()" => m(&f(-0.0), "as_integer_ratio", &[]) => "(0, 1)";
        "(1e300).as_integer_ratio()" => m(&f(1e300), "as_integer_ratio", &[]) => "(1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160, 1)";
        "(5e-324).as_integer_ratio()" => m(&f(5e-324), "as_integer_ratio", &[]) => "(1, 202402253307310618352495346718917307049556649764142118356901358027430339567995346891960383701437124495187077864316811911389808737385793476867013399940738509921517424276566361364466907742093216341239767678472745068562007483424692698618103355649159556340810056512358769552333414615230502532186327508646006263307707741093494784)";
        "(3.0).as_integer_ratio()" => m(&f(3.0), "as_integer_ratio", &[]) => "(3, 1)";
        "(1e-310).as_integer_ratio()" => m(&f(1e-310), "as_integer_ratio", &[]) => "(20240225330731, 202402253307310618352495346718917307049556649764142118356901358027430339567995346891960383701437124495187077864316811911389808737385793476867013399940738509921517424276566361364466907742093216341239767678472745068562007483424692698618103355649159556340810056512358769552333414615230502532186327508646006263307707741093494784)";
        "(-1.5e16).as_integer_ratio()" => m(&f(-1.5e16), "as_integer_ratio", &[]) => "(-15000000000000000, 1)";
        "float('inf').as_integer_ratio()" => m(&f(f64::INFINITY), "as_integer_ratio", &[]) => "!! OverflowError: cannot convert Infinity to integer ratio";
        "float('-inf').as_integer_ratio()" => m(&f(f64::NEG_INFINITY), "as_integer_ratio", &[]) => "!! OverflowError: cannot convert Infinity to integer ratio";
        "float('nan').as_integer_ratio()" => m(&f(f64::NAN), "as_integer_ratio", &[]) => "!! ValueError: cannot convert NaN to integer ratio";
        "(1.5).as_integer_ratio(1)" => m(&f(1.5), "as_integer_ratio", &[i(1)]) => "!! TypeError: float.as_integer_ratio() takes no arguments (1 given)";
        "(1.5).conjugate()" => m(&f(1.5), "conjugate", &[]) => "1.5";
        "(-0.0).conjugate()" => m(&f(-0.0), "conjugate", &[]) => "-0.0";
        "(1.5).real" => f(1.5).getattr("real") => "1.5";
        "(1.5).imag" => f(1.5).getattr("imag") => "0.0";
        "(-0.0).imag" => f(-0.0).getattr("imag") => "0.0";
        "float('nan').real" => f(f64::NAN).getattr("real") => "nan";
        "(1.5).real = 2" => f(1.5).setattr("real", &f(2.0)).map(|()| none()) => "!! AttributeError: attribute 'real' of 'float' objects is not writable";
        "float.real" => ty("float").getattr("real") => "<attribute 'real' of 'float' objects>";
    }
}

#[test]
fn hex_writes_the_bits_in_hexadecimal() {
    table! {
        "(1.5).hex()" => m(&f(1.5), "hex", &[]) => "'0x1.8000000000000p+0'";
        "(0.0).hex()" => m(&f(0.0), "hex", &[]) => "'0x0.0p+0'";
        "(-0.0).hex()" => m(&f(-0.0), "hex", &[]) => "'-0x0.0p+0'";
        "(1.0).hex()" => m(&f(1.0), "hex", &[]) => "'0x1.0000000000000p+0'";
        "(0.1).hex()" => m(&f(0.1), "hex", &[]) => "'0x1.999999999999ap-4'";
        "(-2.5).hex()" => m(&f(-2.5), "hex", &[]) => "'-0x1.4000000000000p+1'";
        "(5e-324).hex()" => m(&f(5e-324), "hex", &[]) => "'0x0.0000000000001p-1022'";
        "(2.2250738585072014e-308).hex()" => m(&f(2.2250738585072014e-308), "hex", &[]) => "'0x1.0000000000000p-1022'";
        "(1.7976931348623157e+308).hex()" => m(&f(1.7976931348623157e308), "hex", &[]) => "'0x1.fffffffffffffp+1023'";
        "(1e-310).hex()" => m(&f(1e-310), "hex", &[]) => "'0x0.012688b70e62bp-1022'";
        "(3.0).hex()" => m(&f(3.0), "hex", &[]) => "'0x1.8000000000000p+1'";
        "float('inf').hex()" => m(&f(f64::INFINITY), "hex", &[]) => "'inf'";
        "float('-inf').hex()" => m(&f(f64::NEG_INFINITY), "hex", &[]) => "'-inf'";
        "float('nan').hex()" => m(&f(f64::NAN), "hex", &[]) => "'nan'";
        "(1.5).hex(1)" => m(&f(1.5), "hex", &[i(1)]) => "!! TypeError: float.hex() takes no arguments (1 given)";
    }
}

#[test]
fn fromhex_parses_and_rounds_as_cpython() {
    table! {
        "float.fromhex('0x1.8p1')" => m(&ty("float"), "fromhex", &[s("0x1.8p1")]) => "3.0";
        "float.fromhex('0x1p-1074')" => m(&ty("float"), "fromhex", &[s("0x1p-1074")]) => "5e-324";
        "float.fromhex('0x1p-1075')" => m(&ty("float"), "fromhex", &[s("0x1p-1075")]) => "0.0";
        "float.fromhex('0x1.8p-1075')" => m(&ty("float"), "fromhex", &[s("0x1.8p-1075")]) => "5e-324";
        "float.fromhex('0x1.8p-1074')" => m(&ty("float"), "fromhex", &[s("0x1.8p-1074")]) => "1e-323";
        "float.fromhex('0x1p-1076')" => m(&ty("float"), "fromhex", &[s("0x1p-1076")]) => "0.0";
        "float.fromhex('0x1.0000000000001p0')" => m(&ty("float"), "fromhex", &[s("0x1.0000000000001p0")]) => "1.0000000000000002";
        "float.fromhex('0x1.00000000000008p0')" => m(&ty("float"), "fromhex", &[s("0x1.00000000000008p0")]) => "1.0";
        "float.fromhex('0x1.00000000000018p0')" => m(&ty("float"), "fromhex", &[s("0x1.00000000000018p0")]) => "1.0000000000000004";
        "float.fromhex('0x1.000000000000081p0')" => m(&ty("float"), "fromhex", &[s("0x1.000000000000081p0")]) => "1.0000000000000002";
        "float.fromhex('0x1.fffffffffffffp1023')" => m(&ty("float"), "fromhex", &[s("0x1.fffffffffffffp1023")]) => "1.7976931348623157e+308";
        "float.fromhex('0x1.fffffffffffff8p1023')" => m(&ty("float"), "fromhex", &[s("0x1.fffffffffffff8p1023")]) => "!! OverflowError: hexadecimal value too large to represent as a float";
        "float.fromhex('0x1.fffffffffffff7ffffffp1023')" => m(&ty("float"), "fromhex", &[s("0x1.fffffffffffff7ffffffp1023")]) => "1.7976931348623157e+308";
        "float.fromhex('0x1p1024')" => m(&ty("float"), "fromhex", &[s("0x1p1024")]) => "!! OverflowError: hexadecimal value too large to represent as a float";
        "float.fromhex('0x1p-1022')" => m(&ty("float"), "fromhex", &[s("0x1p-1022")]) => "2.2250738585072014e-308";
        "float.fromhex('0x0.fffffffffffffp-1022')" => m(&ty("float"), "fromhex", &[s("0x0.fffffffffffffp-1022")]) => "2.225073858507201e-308";
        "float.fromhex('0x0.0000000000001p-1022')" => m(&ty("float"), "fromhex", &[s("0x0.0000000000001p-1022")]) => "5e-324";
        "float.fromhex('inf')" => m(&ty("float"), "fromhex", &[s("inf")]) => "inf";
        "float.fromhex('-Infinity')" => m(&ty("float"), "fromhex", &[s("-Infinity")]) => "-inf";
        "float.fromhex('nan')" => m(&ty("float"), "fromhex", &[s("nan")]) => "nan";
        "float.fromhex('nAn ')" => m(&ty("float"), "fromhex", &[s("nAn ")]) => "nan";
        "float.fromhex('-nan')" => m(&ty("float"), "fromhex", &[s("-nan")]) => "nan";
        "float.fromhex('infi')" => m(&ty("float"), "fromhex", &[s("infi")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('  -0x1.8p+1  ')" => m(&ty("float"), "fromhex", &[s("  -0x1.8p+1  ")]) => "-3.0";
        "float.fromhex('\\t0x1p3\\n')" => m(&ty("float"), "fromhex", &[s("\t0x1p3\n")]) => "8.0";
        "float.fromhex('1')" => m(&ty("float"), "fromhex", &[s("1")]) => "1.0";
        "float.fromhex('ff')" => m(&ty("float"), "fromhex", &[s("ff")]) => "255.0";
        "float.fromhex('0xff')" => m(&ty("float"), "fromhex", &[s("0xff")]) => "255.0";
        "float.fromhex('x1')" => m(&ty("float"), "fromhex", &[s("x1")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x')" => m(&ty("float"), "fromhex", &[s("0x")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x.')" => m(&ty("float"), "fromhex", &[s("0x.")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x.8')" => m(&ty("float"), "fromhex", &[s("0x.8")]) => "0.5";
        "float.fromhex('0x1.')" => m(&ty("float"), "fromhex", &[s("0x1.")]) => "1.0";
        "float.fromhex('0x1p')" => m(&ty("float"), "fromhex", &[s("0x1p")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1p+')" => m(&ty("float"), "fromhex", &[s("0x1p+")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1 p1')" => m(&ty("float"), "fromhex", &[s("0x1 p1")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('')" => m(&ty("float"), "fromhex", &[s("")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('-')" => m(&ty("float"), "fromhex", &[s("-")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('--1')" => m(&ty("float"), "fromhex", &[s("--1")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1p99999999999999999999')" => m(&ty("float"), "fromhex", &[s("0x1p99999999999999999999")]) => "!! OverflowError: hexadecimal value too large to represent as a float";
        "float.fromhex('0x1p-99999999999999999999')" => m(&ty("float"), "fromhex", &[s("0x1p-99999999999999999999")]) => "0.0";
        "float.fromhex('0x0p99999999999999999999')" => m(&ty("float"), "fromhex", &[s("0x0p99999999999999999999")]) => "0.0";
        "float.fromhex('-0x0p0')" => m(&ty("float"), "fromhex", &[s("-0x0p0")]) => "-0.0";
        "float.fromhex('0X1P3')" => m(&ty("float"), "fromhex", &[s("0X1P3")]) => "8.0";
        "float.fromhex('+0x1p3')" => m(&ty("float"), "fromhex", &[s("+0x1p3")]) => "8.0";
        "float.fromhex('0x1_0p0')" => m(&ty("float"), "fromhex", &[s("0x1_0p0")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1p-1')" => m(&ty("float"), "fromhex", &[s("0x1p-1")]) => "0.5";
        "float.fromhex('1.8')" => m(&ty("float"), "fromhex", &[s("1.8")]) => "1.5";
        "float.fromhex('.8')" => m(&ty("float"), "fromhex", &[s(".8")]) => "0.5";
        "float.fromhex('.')" => m(&ty("float"), "fromhex", &[s(".")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x000000000000000000001p0')" => m(&ty("float"), "fromhex", &[s("0x000000000000000000001p0")]) => "1.0";
        "float.fromhex('0x1\\x00')" => m(&ty("float"), "fromhex", &[s("0x1\u{0}")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1\\u3000')" => m(&ty("float"), "fromhex", &[s("0x1\u{3000}")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('\\u30000x1')" => m(&ty("float"), "fromhex", &[s("\u{3000}0x1")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x\u{ff11}')" => m(&ty("float"), "fromhex", &[s("0x\u{ff11}")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1p\u{ff11}')" => m(&ty("float"), "fromhex", &[s("0x1p\u{ff11}")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1.2p+3.5')" => m(&ty("float"), "fromhex", &[s("0x1.2p+3.5")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0xg')" => m(&ty("float"), "fromhex", &[s("0xg")]) => "!! ValueError: invalid hexadecimal floating-point string";
        "float.fromhex('0x1' + '0' * 300 + 'p0')" => m(&ty("float"), "fromhex", &[s(&format!("0x1{}p0", "0".repeat(300)))]) => "!! OverflowError: hexadecimal value too large to represent as a float";
        "float.fromhex('0x1' + '0' * 300 + 'p-1200')" => m(&ty("float"), "fromhex", &[s(&format!("0x1{}p-1200", "0".repeat(300)))]) => "1.0";
        "float.fromhex('0x.' + '0' * 300 + '1p1200')" => m(&ty("float"), "fromhex", &[s(&format!("0x.{}1p1200", "0".repeat(300)))]) => "0.0625";
        "float.fromhex(1)" => m(&ty("float"), "fromhex", &[i(1)]) => "!! TypeError: bad argument type for built-in operation";
        "float.fromhex(b'0x1')" => m(&ty("float"), "fromhex", &[pyobj_runtime::Obj::bytes(b"0x1")]) => "!! TypeError: bad argument type for built-in operation";
        "float.fromhex()" => m(&ty("float"), "fromhex", &[]) => "!! TypeError: float.fromhex() takes exactly one argument (0 given)";
        "float.fromhex('0x1', '0x2')" => m(&ty("float"), "fromhex", &[s("0x1"), s("0x2")]) => "!! TypeError: float.fromhex() takes exactly one argument (2 given)";
        "float.fromhex(s='0x1')" => ty("float").getattr("fromhex").and_then(|m| m.call_with(&Args::new(&[], &[("s", s("0x1"))]))) => "!! TypeError: float.fromhex() takes no keyword arguments";
        "(1.5).fromhex('0x1p3')" => m(&f(1.5), "fromhex", &[s("0x1p3")]) => "8.0";
        "float.fromhex((0.1).hex())" => m(&f(0.1), "hex", &[]).and_then(|h| m(&ty("float"), "fromhex", &[h])) => "0.1";
    }
}
