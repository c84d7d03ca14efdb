//! Step 2 of the object model: `None`, `True`, `False`, the small-int cache, and `int`.
//!
//! The singletons and the ints -5..=256 are immortal (count 4294967295, as CPython 3.12
//! reports it); every other int is a new object each time; ints are exact at any size,
//! with Python's floor division, modulo, true division, powers and shifts.

mod pyobj_support;

use pyobj_runtime::{Obj, builtins, small_ints};
use pyobj_support::{b, f, i, s};

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
