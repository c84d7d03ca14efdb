//! Step 2 of the object model: `None`, `True`, `False`, the small-int cache, and `int`.
//!
//! The singletons and the ints -5..=256 are immortal (count 4294967295, as CPython 3.12
//! reports it); every other int is a new object each time; ints are exact at any size,
//! with Python's floor division, modulo, true division, powers and shifts.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins, small_ints};
use pyobj_support::{b, f, i, list, none, s, tuple};

/// `sys.getrefcount(x)`: the count plus the argument's own reference.
fn getrefcount(obj: &Obj) -> usize {
    obj.clone().refcount()
}

/// `int(text)`.
fn int(text: &str) -> pyobj_runtime::PyResult<Obj> {
    builtins::int(&s(text))
}

/// `int(text, base)`.
fn int_base(text: &str, base: i64) -> pyobj_runtime::PyResult<Obj> {
    builtins::get("int").unwrap().call(&[s(text), i(base)])
}

/// `obj.name(*positional)`.
fn m(obj: &Obj, name: &str, positional: &[Obj]) -> PyResult<Obj> {
    obj.call_method(name, positional)
}

/// `obj.name(*positional, **keywords)`.
fn mk(obj: &Obj, name: &str, positional: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    obj.call_method_with(name, &Args::new(positional, keywords))
}

/// A bytes object.
fn by(value: &[u8]) -> Obj {
    Obj::bytes(value)
}

/// The builtin type `name` (`int`, `bool`).
fn ty(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

/// `2 ** exponent`.
fn two_to(exponent: i64) -> Obj {
    i(2).pow(&i(exponent)).unwrap()
}

#[test]
fn none_true_and_false_are_immortal_singletons() {
    assert!(Obj::none().is(&Obj::none()));
    assert!(Obj::from(true).is(&Obj::from(1 == 1)));
    assert!(!Obj::from(true).is(&Obj::from(false)));
    // CPython 3.12: sys.getrefcount(None) == 4294967295 on 64-bit.
    assert_eq!(getrefcount(&Obj::none()), 4_294_967_295);
    assert_eq!(getrefcount(&Obj::from(true)), 4_294_967_295);
    assert!(Obj::none().is_immortal());
    let many: Vec<Obj> = (0..1000).map(|_| Obj::none()).collect();
    assert_eq!(Obj::none().refcount(), 4_294_967_295);
    drop(many);
    assert_eq!(Obj::none().refcount(), 4_294_967_295);
}

#[test]
fn small_ints_are_cached_and_immortal() {
    let a = i(100); // a = 100
    let b = i(100); // b = 100
    assert!(a.is(&b)); // a is b: True
    assert_eq!(getrefcount(&a), 4_294_967_295);
    assert!(i(-5).is(&i(-5)));
    assert!(i(256).is(&i(256)));
    assert!(!i(257).is(&i(257)));
    assert!(!i(-6).is(&i(-6)));
    // Computed small results come from the cache too.
    assert!(i(50).add(&i(50)).unwrap().is(&i(100)));
    assert_eq!((small_ints::SMALLEST, small_ints::LARGEST), (-5, 256));
}

#[test]
fn other_ints_are_new_objects_each_time() {
    let a = i(1000); // a = 1000
    let b = i(1000); // b = 1000
    assert!(!a.is(&b)); // a is b: False, as the seed says
    assert!(a.eq(&b).unwrap()); // a == b: True
    assert_eq!(getrefcount(&a), 2);
    assert!(!a.is_immortal());
}

#[test]
fn int_arithmetic_matches_cpython() {
    table! {
        "2**100" => i(2).pow(&i(100)) => "1267650600228229401496703205376";
        "2**63" => i(2).pow(&i(63)) => "9223372036854775808";
        "9223372036854775807 + 1" => i(i64::MAX).add(&i(1)) => "9223372036854775808";
        "-9223372036854775808 - 1" => i(i64::MIN).sub(&i(1)) => "-9223372036854775809";
        "-(-9223372036854775808)" => i(i64::MIN).neg() => "9223372036854775808";
        "abs(-9223372036854775808)" => i(i64::MIN).abs() => "9223372036854775808";
        "-9223372036854775808 // -1" => i(i64::MIN).floordiv(&i(-1)) => "9223372036854775808";
        "-9223372036854775808 % -1" => i(i64::MIN).rem(&i(-1)) => "0";
        "3037000500 * 3037000500" => i(3_037_000_500).mul(&i(3_037_000_500)) => "9223372037000250000";
        "2**64 - 2**64" => two_to(64).sub(&two_to(64)) => "0";
        "(2**64 - 2**64) is 0" => Ok(b(two_to(64).sub(&two_to(64)).unwrap().is(&i(0)))) => "True";
        "7 // 2" => i(7).floordiv(&i(2)) => "3";
        "-7 // 2" => i(-7).floordiv(&i(2)) => "-4";
        "7 // -2" => i(7).floordiv(&i(-2)) => "-4";
        "-7 // -2" => i(-7).floordiv(&i(-2)) => "3";
        "7 % 3" => i(7).rem(&i(3)) => "1";
        "-7 % 3" => i(-7).rem(&i(3)) => "2";
        "7 % -3" => i(7).rem(&i(-3)) => "-2";
        "-7 % -3" => i(-7).rem(&i(-3)) => "-1";
        "divmod(-7, 2)" => i(-7).divmod(&i(2)) => "(-4, 1)";
        "divmod(2**100, -7)" => two_to(100).divmod(&i(-7)) => "(-181092942889747057356671886483, -5)";
        "-(2**100) // 3" => two_to(100).neg().unwrap().floordiv(&i(3)) => "-422550200076076467165567735126";
        "-(2**100) % 3" => two_to(100).neg().unwrap().rem(&i(3)) => "2";
        "1 // 0" => i(1).floordiv(&i(0)) => "!! ZeroDivisionError: integer division or modulo by zero";
        "1 % 0" => i(1).rem(&i(0)) => "!! ZeroDivisionError: integer modulo by zero";
        "divmod(1, 0)" => i(1).divmod(&i(0)) => "!! ZeroDivisionError: integer division or modulo by zero";
        "1 / 0" => i(1).truediv(&i(0)) => "!! ZeroDivisionError: division by zero";
        "7 / 2" => i(7).truediv(&i(2)) => "3.5";
        "-7 / 2" => i(-7).truediv(&i(2)) => "-3.5";
        "1 / 3" => i(1).truediv(&i(3)) => "0.3333333333333333";
        "0 / -5" => i(0).truediv(&i(-5)) => "-0.0";
        "10 / 5" => i(10).truediv(&i(5)) => "2.0";
        "2**100 / 3" => two_to(100).truediv(&i(3)) => "4.2255020007607644e+29";
        "(2**100 + 1) / 2**100" => two_to(100).add(&i(1)).unwrap().truediv(&two_to(100)) => "1.0";
        "(2**53 + 1) / 1" => two_to(53).add(&i(1)).unwrap().truediv(&i(1)) => "9007199254740992.0";
        "(2**53 + 3) / 1" => two_to(53).add(&i(3)).unwrap().truediv(&i(1)) => "9007199254740996.0";
        "10**400 / 10**399" => i(10).pow(&i(400)).unwrap().truediv(&i(10).pow(&i(399)).unwrap()) => "10.0";
        "1 / 10**400" => i(1).truediv(&i(10).pow(&i(400)).unwrap()) => "0.0";
        "10**400 / 1" => i(10).pow(&i(400)).unwrap().truediv(&i(1)) => "!! OverflowError: integer division result too large for a float";
        "3 / 2**1075" => i(3).truediv(&two_to(1075)) => "1e-323";
        #[cfg(not(miri))] // the platform's pow
        "2**-1" => i(2).pow(&i(-1)) => "0.5";
        "(-2)**3" => i(-2).pow(&i(3)) => "-8";
        #[cfg(not(miri))] // the platform's pow
        "(-2)**-3" => i(-2).pow(&i(-3)) => "-0.125";
        "0**0" => i(0).pow(&i(0)) => "1";
        "0**-1" => i(0).pow(&i(-1)) => "!! ZeroDivisionError: 0.0 cannot be raised to a negative power";
        "(-1)**(2**70 + 1)" => i(-1).pow(&two_to(70).add(&i(1)).unwrap()) => "-1";
        "3**40" => i(3).pow(&i(40)) => "12157665459056928801";
        "1 << 100" => i(1).lshift(&i(100)) => "1267650600228229401496703205376";
        "-1 << 63" => i(-1).lshift(&i(63)) => "-9223372036854775808";
        "1 << 63" => i(1).lshift(&i(63)) => "9223372036854775808";
        "2**100 >> 98" => two_to(100).rshift(&i(98)) => "4";
        "-5 >> 1" => i(-5).rshift(&i(1)) => "-3";
        "-(2**100) >> 99" => two_to(100).neg().unwrap().rshift(&i(99)) => "-2";
        "-5 >> 200" => i(-5).rshift(&i(200)) => "-1";
        "5 >> 2**70" => i(5).rshift(&two_to(70)) => "0";
        "1 << -1" => i(1).lshift(&i(-1)) => "!! ValueError: negative shift count";
        "1 >> -1" => i(1).rshift(&i(-1)) => "!! ValueError: negative shift count";
        "12 & 10" => i(12).bitand(&i(10)) => "8";
        "12 | 10" => i(12).bitor(&i(10)) => "14";
        "12 ^ 10" => i(12).bitxor(&i(10)) => "6";
        "-12 & 10" => i(-12).bitand(&i(10)) => "0";
        "-(2**100) | 5" => two_to(100).neg().unwrap().bitor(&i(5)) => "-1267650600228229401496703205371";
        "(2**100 - 1) & -(2**64)" => two_to(100).sub(&i(1)).unwrap().bitand(&two_to(64).neg().unwrap()) => "1267650600209782657422993653760";
        "(2**100) ^ -1" => two_to(100).bitxor(&i(-1)) => "-1267650600228229401496703205377";
        "~5" => i(5).invert() => "-6";
        "~-(2**100)" => two_to(100).neg().unwrap().invert() => "1267650600228229401496703205375";
        "+True" => b(true).pos() => "1";
        "-True" => b(true).neg() => "-1";
        "True + 1" => b(true).add(&i(1)) => "2";
        "True + True" => b(true).add(&b(true)) => "2";
        "True & False" => b(true).bitand(&b(false)) => "False";
        "True | False" => b(true).bitor(&b(false)) => "True";
        "True ^ True" => b(true).bitxor(&b(true)) => "False";
        "True | 2" => b(true).bitor(&i(2)) => "3";
        "True * 3" => b(true).mul(&i(3)) => "3";
        "1 + 'a'" => i(1).add(&s("a")) => "!! TypeError: unsupported operand type(s) for +: 'int' and 'str'";
        "1 - None" => i(1).sub(&Obj::none()) => "!! TypeError: unsupported operand type(s) for -: 'int' and 'NoneType'";
        "'a' ** 2" => s("a").pow(&i(2)) => "!! TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'";
        "divmod('a', 2)" => s("a").divmod(&i(2)) => "!! TypeError: unsupported operand type(s) for divmod(): 'str' and 'int'";
        "(255).bit_length()" => i(255).call_method("bit_length", &[]) => "8";
        "(-(2**100)).bit_length()" => two_to(100).neg().unwrap().call_method("bit_length", &[]) => "101";
    }
}

#[test]
fn int_comparisons_are_exact() {
    use pyobj_runtime::CompareOp::{Eq, Ge, Gt, Le, Lt, Ne};
    table! {
        "1 < 2" => i(1).rich_compare(&i(2), Lt) => "True";
        "2**100 > 2**99" => two_to(100).rich_compare(&two_to(99), Gt) => "True";
        "-(2**100) < 5" => two_to(100).neg().unwrap().rich_compare(&i(5), Lt) => "True";
        "1 == 1.0" => i(1).rich_compare(&f(1.0), Eq) => "True";
        "1 < 1.5" => i(1).rich_compare(&f(1.5), Lt) => "True";
        "2**53 + 1 == 2.0**53" => two_to(53).add(&i(1)).unwrap().rich_compare(&f(9_007_199_254_740_992.0), Eq) => "False";
        "2**53 + 1 > 2.0**53" => two_to(53).add(&i(1)).unwrap().rich_compare(&f(9_007_199_254_740_992.0), Gt) => "True";
        "2**1000 < float('inf')" => two_to(1000).rich_compare(&f(f64::INFINITY), Lt) => "True";
        "2**1000 == float('nan')" => two_to(1000).rich_compare(&f(f64::NAN), Eq) => "False";
        "2**1000 != float('nan')" => two_to(1000).rich_compare(&f(f64::NAN), Ne) => "True";
        "10**30 <= 1e30" => i(10).pow(&i(30)).unwrap().rich_compare(&f(1e30), Le) => "True";
        "10**30 >= 1e30" => i(10).pow(&i(30)).unwrap().rich_compare(&f(1e30), Ge) => "False";
        "True == 1" => b(true).rich_compare(&i(1), Eq) => "True";
        "False < 1" => b(false).rich_compare(&i(1), Lt) => "True";
        "1 == '1'" => i(1).rich_compare(&s("1"), Eq) => "False";
        "1 != '1'" => i(1).rich_compare(&s("1"), Ne) => "True";
        "1 < '1'" => i(1).rich_compare(&s("1"), Lt) => "!! TypeError: '<' not supported between instances of 'int' and 'str'";
    }
}

#[test]
fn int_hashes_match_cpython() {
    table! {
        "hash(5)" => builtins::hash(&i(5)) => "5";
        "hash(-1)" => builtins::hash(&i(-1)) => "-2";
        "hash(-2)" => builtins::hash(&i(-2)) => "-2";
        "hash(2**61 - 1)" => builtins::hash(&two_to(61).sub(&i(1)).unwrap()) => "0";
        "hash(2**61)" => builtins::hash(&two_to(61)) => "1";
        "hash(2**100)" => builtins::hash(&two_to(100)) => "549755813888";
        "hash(-(2**100))" => builtins::hash(&two_to(100).neg().unwrap()) => "-549755813888";
        "hash(-9223372036854775808)" => builtins::hash(&i(i64::MIN)) => "-4";
        "hash(True)" => builtins::hash(&b(true)) => "1";
    }
}

#[test]
fn int_from_text_follows_python_syntax() {
    table! {
        "int('42')" => int("42") => "42";
        "int('  -42\\n')" => int("  -42\n") => "-42";
        "int('+7')" => int("+7") => "7";
        "int('1_000_000')" => int("1_000_000") => "1000000";
        "int('123456789012345678901234567890')" => int("123456789012345678901234567890") => "123456789012345678901234567890";
        "int('-9223372036854775808')" => int("-9223372036854775808") => "-9223372036854775808";
        "int('007')" => int("007") => "7";
        "int('abc')" => int("abc") => "!! ValueError: invalid literal for int() with base 10: 'abc'";
        "int('')" => int("") => "!! ValueError: invalid literal for int() with base 10: ''";
        "int(' 12 34 ')" => int(" 12 34 ") => "!! ValueError: invalid literal for int() with base 10: ' 12 34 '";
        "int('1__0')" => int("1__0") => "!! ValueError: invalid literal for int() with base 10: '1__0'";
        "int('_1')" => int("_1") => "!! ValueError: invalid literal for int() with base 10: '_1'";
        "int('1_')" => int("1_") => "!! ValueError: invalid literal for int() with base 10: '1_'";
        "int('1.5')" => int("1.5") => "!! ValueError: invalid literal for int() with base 10: '1.5'";
        "int('0x1f', 16)" => int_base("0x1f", 16) => "31";
        "int('ff', 16)" => int_base("ff", 16) => "255";
        "int('0x_1f', 0)" => int_base("0x_1f", 0) => "31";
        "int('0o17', 0)" => int_base("0o17", 0) => "15";
        "int('0b101', 0)" => int_base("0b101", 0) => "5";
        "int('010', 0)" => int_base("010", 0) => "!! ValueError: invalid literal for int() with base 0: '010'";
        "int('000', 0)" => int_base("000", 0) => "0";
        "int('z', 36)" => int_base("z", 36) => "35";
        "int('9', 8)" => int_base("9", 8) => "!! ValueError: invalid literal for int() with base 8: '9'";
        "int('1', 99)" => int_base("1", 99) => "!! ValueError: int() base must be >= 2 and <= 36, or 0";
        "int(1, 10)" => builtins::get("int").unwrap().call(&[i(1), i(10)]) => "!! TypeError: int() can't convert non-string with explicit base";
        "int([])" => builtins::int(&Obj::list([])) => "!! TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'";
        "int(3.99)" => builtins::int(&f(3.99)) => "3";
        "int(-3.99)" => builtins::int(&f(-3.99)) => "-3";
        "int(1e20)" => builtins::int(&f(1e20)) => "100000000000000000000";
        "int(float('inf'))" => builtins::int(&f(f64::INFINITY)) => "!! OverflowError: cannot convert float infinity to integer";
        "int(float('nan'))" => builtins::int(&f(f64::NAN)) => "!! ValueError: cannot convert float NaN to integer";
        "int(True)" => builtins::int(&b(true)) => "1";
        "int()" => builtins::get("int").unwrap().call(&[]) => "0";
        "int('1' * 5000)" => int(&"1".repeat(5000)) => "!! ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit";
        "str(10**5000)" => builtins::str(&i(10).pow(&i(5000)).unwrap()) => "!! ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";
        "len(str(10**4299))" => builtins::str(&i(10).pow(&i(4299)).unwrap()).and_then(|t| builtins::len(&t)) => "4300";
        "int('f' * 5000, 16) > 0" => int_base(&"f".repeat(5000), 16).and_then(|n| n.rich_compare(&i(0), pyobj_runtime::CompareOp::Gt)) => "True";
    }
}

#[test]
fn ints_convert_to_rust_values() {
    assert_eq!(i(42).extract::<i64>().unwrap(), 42);
    assert_eq!(i(-1).extract::<i8>().unwrap(), -1);
    assert_eq!(two_to(64).extract::<u128>().unwrap(), 1 << 64);
    assert_eq!(
        two_to(64).extract::<i64>().unwrap_err().to_string(),
        "OverflowError: Python int too large to convert to Rust i64"
    );
    assert_eq!(
        s("1").extract::<i64>().unwrap_err().to_string(),
        "TypeError: 'str' object cannot be interpreted as an integer"
    );
    assert_eq!(Obj::from(u64::MAX).repr().unwrap(), "18446744073709551615");
    assert_eq!(b(true).extract::<i64>().unwrap(), 1);
}

#[test]
fn ints_are_their_own_real_part_and_ratio() {
    table! {
        "(7).as_integer_ratio()" => m(&i(7), "as_integer_ratio", &[]) => "(7, 1)";
        "(-7).as_integer_ratio()" => m(&i(-7), "as_integer_ratio", &[]) => "(-7, 1)";
        "True.as_integer_ratio()" => m(&b(true), "as_integer_ratio", &[]) => "(1, 1)";
        "(2**100).as_integer_ratio()" => m(&two_to(100), "as_integer_ratio", &[]) => "(1267650600228229401496703205376, 1)";
        "(5).as_integer_ratio(1)" => m(&i(5), "as_integer_ratio", &[i(1)]) => "!! TypeError: int.as_integer_ratio() takes no arguments (1 given)";
        "(0).bit_count()" => m(&i(0), "bit_count", &[]) => "0";
        "(255).bit_count()" => m(&i(255), "bit_count", &[]) => "8";
        "(-255).bit_count()" => m(&i(-255), "bit_count", &[]) => "8";
        "(2**100-1).bit_count()" => m(&two_to(100).sub(&i(1)).unwrap(), "bit_count", &[]) => "100";
        "(-2**100).bit_count()" => m(&two_to(100).neg().unwrap(), "bit_count", &[]) => "1";
        "True.bit_count()" => m(&b(true), "bit_count", &[]) => "1";
        "(5).bit_count(1)" => m(&i(5), "bit_count", &[i(1)]) => "!! TypeError: int.bit_count() takes no arguments (1 given)";
        "(5).conjugate()" => m(&i(5), "conjugate", &[]) => "5";
        "True.conjugate()" => m(&b(true), "conjugate", &[]) => "1";
        "(-2**70).conjugate()" => m(&two_to(70).neg().unwrap(), "conjugate", &[]) => "-1180591620717411303424";
        "(5).conjugate(1)" => m(&i(5), "conjugate", &[i(1)]) => "!! TypeError: int.conjugate() takes no arguments (1 given)";
        "(5).real" => i(5).getattr("real") => "5";
        "(5).imag" => i(5).getattr("imag") => "0";
        "(5).numerator" => i(5).getattr("numerator") => "5";
        "(5).denominator" => i(5).getattr("denominator") => "1";
        "True.real" => b(true).getattr("real") => "1";
        "True.imag" => b(true).getattr("imag") => "0";
        "True.numerator" => b(true).getattr("numerator") => "1";
        "False.denominator" => b(false).getattr("denominator") => "1";
        "(2**80).real" => two_to(80).getattr("real") => "1208925819614629174706176";
        "(2**80).imag" => two_to(80).getattr("imag") => "0";
        "type(True.real)" => b(true).getattr("real").map(|x| builtins::type_(&x)) => "<class 'int'>";
    }
}

#[test]
fn to_bytes_writes_the_int_in_length_bytes() {
    table! {
        "(1024).to_bytes()" => m(&i(1024), "to_bytes", &[]) => "!! OverflowError: int too big to convert";
        "(1024).to_bytes(2)" => m(&i(1024), "to_bytes", &[i(2)]) => "b'\\x04\\x00'";
        "(1024).to_bytes(2, 'big')" => m(&i(1024), "to_bytes", &[i(2), s("big")]) => "b'\\x04\\x00'";
        "(1024).to_bytes(2, 'little')" => m(&i(1024), "to_bytes", &[i(2), s("little")]) => "b'\\x00\\x04'";
        "(1024).to_bytes(10, byteorder='little')" => mk(&i(1024), "to_bytes", &[i(10)], &[("byteorder", s("little"))]) => "b'\\x00\\x04\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'";
        "(1).to_bytes(length=2, byteorder='big')" => mk(&i(1), "to_bytes", &[], &[("length", i(2)), ("byteorder", s("big"))]) => "b'\\x00\\x01'";
        "(255).to_bytes(1, 'big', signed=True)" => mk(&i(255), "to_bytes", &[i(1), s("big")], &[("signed", b(true))]) => "!! OverflowError: int too big to convert";
        "(-1).to_bytes(1, 'big', signed=True)" => mk(&i(-1), "to_bytes", &[i(1), s("big")], &[("signed", b(true))]) => "b'\\xff'";
        "(-128).to_bytes(1, 'big', signed=True)" => mk(&i(-128), "to_bytes", &[i(1), s("big")], &[("signed", b(true))]) => "b'\\x80'";
        "(-129).to_bytes(1, 'big', signed=True)" => mk(&i(-129), "to_bytes", &[i(1), s("big")], &[("signed", b(true))]) => "!! OverflowError: int too big to convert";
        "(128).to_bytes(1, 'big', signed=True)" => mk(&i(128), "to_bytes", &[i(1), s("big")], &[("signed", b(true))]) => "!! OverflowError: int too big to convert";
        "(127).to_bytes(1, 'big', signed=True)" => mk(&i(127), "to_bytes", &[i(1), s("big")], &[("signed", b(true))]) => "b'\\x7f'";
        "(-1).to_bytes(1, 'big')" => m(&i(-1), "to_bytes", &[i(1), s("big")]) => "!! OverflowError: can't convert negative int to unsigned";
        "(-1).to_bytes(0)" => m(&i(-1), "to_bytes", &[i(0)]) => "!! OverflowError: can't convert negative int to unsigned";
        "(0).to_bytes(0, 'big')" => m(&i(0), "to_bytes", &[i(0), s("big")]) => "b''";
        "(1).to_bytes(0, 'big')" => m(&i(1), "to_bytes", &[i(0), s("big")]) => "!! OverflowError: int too big to convert";
        "(-1).to_bytes(0, 'big', signed=True)" => mk(&i(-1), "to_bytes", &[i(0), s("big")], &[("signed", b(true))]) => "b''";
        "(1).to_bytes(2, 'big', signed=[])" => mk(&i(1), "to_bytes", &[i(2), s("big")], &[("signed", list([]))]) => "b'\\x00\\x01'";
        "(2**100).to_bytes(13, 'big')" => m(&two_to(100), "to_bytes", &[i(13), s("big")]) => "b'\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'";
        "(2**100).to_bytes(12, 'big')" => m(&two_to(100), "to_bytes", &[i(12), s("big")]) => "!! OverflowError: int too big to convert";
        "(-2**100).to_bytes(13, 'little', signed=True)" => mk(&two_to(100).neg().unwrap(), "to_bytes", &[i(13), s("little")], &[("signed", b(true))]) => "b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xf0'";
        "(2**64).to_bytes(9)" => m(&two_to(64), "to_bytes", &[i(9)]) => "b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'";
        "True.to_bytes()" => m(&b(true), "to_bytes", &[]) => "b'\\x01'";
        "(1).to_bytes(True)" => m(&i(1), "to_bytes", &[b(true)]) => "b'\\x01'";
        "(1).to_bytes(-1, 'big')" => m(&i(1), "to_bytes", &[i(-1), s("big")]) => "!! ValueError: length argument must be non-negative";
        "(1).to_bytes(-1, 'middle')" => m(&i(1), "to_bytes", &[i(-1), s("middle")]) => "!! ValueError: byteorder must be either 'little' or 'big'";
        "(1).to_bytes(2, 'middle')" => m(&i(1), "to_bytes", &[i(2), s("middle")]) => "!! ValueError: byteorder must be either 'little' or 'big'";
        "(1).to_bytes(2, 1)" => m(&i(1), "to_bytes", &[i(2), i(1)]) => "!! TypeError: to_bytes() argument 'byteorder' must be str, not int";
        "(1).to_bytes(2, byteorder=None)" => mk(&i(1), "to_bytes", &[i(2)], &[("byteorder", none())]) => "!! TypeError: to_bytes() argument 'byteorder' must be str, not None";
        "(1).to_bytes('2')" => m(&i(1), "to_bytes", &[s("2")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "(1).to_bytes(2.0)" => m(&i(1), "to_bytes", &[f(2.0)]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "(1).to_bytes(2**63)" => m(&i(1), "to_bytes", &[two_to(63)]) => "!! OverflowError: Python int too large to convert to C ssize_t";
        "(1).to_bytes(-2**70)" => m(&i(1), "to_bytes", &[two_to(70).neg().unwrap()]) => "!! OverflowError: Python int too large to convert to C ssize_t";
        "(1).to_bytes(2, 'big', True)" => m(&i(1), "to_bytes", &[i(2), s("big"), b(true)]) => "!! TypeError: to_bytes() takes at most 2 positional arguments (3 given)";
        "(5).to_bytes(1, 'big', False, 1)" => m(&i(5), "to_bytes", &[i(1), s("big"), b(false), i(1)]) => "!! TypeError: to_bytes() takes at most 3 arguments (4 given)";
        "(5).to_bytes(1, 'big', 1, signed=True)" => mk(&i(5), "to_bytes", &[i(1), s("big"), i(1)], &[("signed", b(true))]) => "!! TypeError: to_bytes() takes at most 3 arguments (4 given)";
        "(1).to_bytes(2, 'big', sign=True)" => mk(&i(1), "to_bytes", &[i(2), s("big")], &[("sign", b(true))]) => "!! TypeError: 'sign' is an invalid keyword argument for to_bytes()";
        "(1).to_bytes(2, length=2)" => mk(&i(1), "to_bytes", &[i(2)], &[("length", i(2))]) => "!! TypeError: argument for to_bytes() given by name ('length') and position (1)";
    }
}

#[test]
fn from_bytes_reads_an_int_and_binds_to_the_class() {
    table! {
        "int.from_bytes(b'\\x04\\x00')" => m(&ty("int"), "from_bytes", &[by(b"\x04\x00")]) => "1024";
        "int.from_bytes(b'\\x04\\x00', 'little')" => m(&ty("int"), "from_bytes", &[by(b"\x04\x00"), s("little")]) => "4";
        "int.from_bytes(b'\\xff', signed=True)" => mk(&ty("int"), "from_bytes", &[by(b"\xff")], &[("signed", b(true))]) => "-1";
        "int.from_bytes(b'\\xff\\xff', 'big', signed=True)" => mk(&ty("int"), "from_bytes", &[by(b"\xff\xff"), s("big")], &[("signed", b(true))]) => "-1";
        "int.from_bytes(b'\\xff', 'big')" => m(&ty("int"), "from_bytes", &[by(b"\xff"), s("big")]) => "255";
        "int.from_bytes(b'')" => m(&ty("int"), "from_bytes", &[by(b"")]) => "0";
        "int.from_bytes(b'', signed=True)" => mk(&ty("int"), "from_bytes", &[by(b"")], &[("signed", b(true))]) => "0";
        "int.from_bytes(b'\\x00' * 20 + b'\\x01')" => m(&ty("int"), "from_bytes", &[by(&[[0; 20].as_slice(), &[1]].concat())]) => "1";
        "int.from_bytes(b'\\xff' * 20, signed=True)" => mk(&ty("int"), "from_bytes", &[by(&[0xff; 20])], &[("signed", b(true))]) => "-1";
        "int.from_bytes(b'\\x80' + b'\\x00' * 15, signed=True)" => mk(&ty("int"), "from_bytes", &[by(&[[0x80].as_slice(), &[0; 15]].concat())], &[("signed", b(true))]) => "-170141183460469231731687303715884105728";
        "int.from_bytes(b'\\x01' * 16, 'little')" => m(&ty("int"), "from_bytes", &[by(&[1; 16]), s("little")]) => "1334440654591915542993625911497130241";
        "int.from_bytes([1, 2])" => m(&ty("int"), "from_bytes", &[list([i(1), i(2)])]) => "258";
        "int.from_bytes((1, 2), 'little')" => m(&ty("int"), "from_bytes", &[tuple([i(1), i(2)]), s("little")]) => "513";
        "int.from_bytes(range(3))" => m(&ty("int"), "from_bytes", &[builtins::get("range").unwrap().call(&[i(3)]).unwrap()]) => "258";
        "int.from_bytes([1, 256])" => m(&ty("int"), "from_bytes", &[list([i(1), i(256)])]) => "!! ValueError: bytes must be in range(0, 256)";
        "int.from_bytes([1, -1])" => m(&ty("int"), "from_bytes", &[list([i(1), i(-1)])]) => "!! ValueError: bytes must be in range(0, 256)";
        "int.from_bytes([1.5])" => m(&ty("int"), "from_bytes", &[list([f(1.5)])]) => "!! TypeError: 'float' object cannot be interpreted as an integer";
        "int.from_bytes('ab')" => m(&ty("int"), "from_bytes", &[s("ab")]) => "!! TypeError: cannot convert 'str' object to bytes";
        "int.from_bytes(1)" => m(&ty("int"), "from_bytes", &[i(1)]) => "!! TypeError: cannot convert 'int' object to bytes";
        "int.from_bytes(None)" => m(&ty("int"), "from_bytes", &[none()]) => "!! TypeError: cannot convert 'NoneType' object to bytes";
        "int.from_bytes(b'\\x01', 'middle')" => m(&ty("int"), "from_bytes", &[by(b"\x01"), s("middle")]) => "!! ValueError: byteorder must be either 'little' or 'big'";
        "int.from_bytes(5, 'middle')" => m(&ty("int"), "from_bytes", &[i(5), s("middle")]) => "!! ValueError: byteorder must be either 'little' or 'big'";
        "int.from_bytes(b'\\x01', 1)" => m(&ty("int"), "from_bytes", &[by(b"\x01"), i(1)]) => "!! TypeError: from_bytes() argument 'byteorder' must be str, not int";
        "int.from_bytes(b'\\x01', byteorder=None)" => mk(&ty("int"), "from_bytes", &[by(b"\x01")], &[("byteorder", none())]) => "!! TypeError: from_bytes() argument 'byteorder' must be str, not None";
        "int.from_bytes()" => m(&ty("int"), "from_bytes", &[]) => "!! TypeError: from_bytes() missing required argument 'bytes' (pos 1)";
        "int.from_bytes(signed=True)" => mk(&ty("int"), "from_bytes", &[], &[("signed", b(true))]) => "!! TypeError: from_bytes() missing required argument 'bytes' (pos 1)";
        "int.from_bytes(b'\\x01', 'big', True)" => m(&ty("int"), "from_bytes", &[by(b"\x01"), s("big"), b(true)]) => "!! TypeError: from_bytes() takes at most 2 positional arguments (3 given)";
        "int.from_bytes(b'', 'big', x=1, signed=1)" => mk(&ty("int"), "from_bytes", &[by(b""), s("big")], &[("x", i(1)), ("signed", i(1))]) => "!! TypeError: from_bytes() takes at most 3 arguments (4 given)";
        "int.from_bytes(b'\\x01', foo=1)" => mk(&ty("int"), "from_bytes", &[by(b"\x01")], &[("foo", i(1))]) => "!! TypeError: 'foo' is an invalid keyword argument for from_bytes()";
        "int.from_bytes(bytes=b'\\x01', byteorder='little')" => mk(&ty("int"), "from_bytes", &[], &[("bytes", by(b"\x01")), ("byteorder", s("little"))]) => "1";
        "bool.from_bytes(b'\\x00\\x02', 'big')" => m(&ty("bool"), "from_bytes", &[by(b"\x00\x02"), s("big")]) => "True";
        "bool.from_bytes(b'\\x00', 'big')" => m(&ty("bool"), "from_bytes", &[by(b"\x00"), s("big")]) => "False";
        "(5).from_bytes(b'\\x07', 'big')" => m(&i(5), "from_bytes", &[by(b"\x07"), s("big")]) => "7";
        "True.from_bytes(b'\\x00')" => m(&b(true), "from_bytes", &[by(b"\x00")]) => "False";
    }
}
