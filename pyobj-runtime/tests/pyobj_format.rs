//! String formatting, pinned to CPython 3.11: `format(value, spec)` and the format-spec
//! mini-language, `str.format`, printf-style `str % args`, and every error text.
//!
//! Each row of a table is a Python expression, the same computation here, and what
//! `python3` (CPython 3.11) printed for it: the `repr` of the result, or `!! Type:
//! message` for the exception it raised.

// 3.14159 is an input CPython formats, not an approximation of pi.
#![allow(clippy::approx_constant)]
// Safe code only, in large tables: many minutes under Miri for nothing Miri could find
// there (the memory core's own tests run under it).
#![cfg(not(miri))]

mod pyobj_support;

use pyobj_runtime::compiled::{self, InplaceOp};
use pyobj_runtime::{Args, Obj, PyFunction, PyResult, Signature, builtins, format_value};
use pyobj_support::{b, dict, f, i, list, none, s, show, tuple};

/// `format(value, spec)`.
fn fmt(value: Obj, spec: &str) -> PyResult<Obj> {
    format_value(&value, spec)
}

/// An int from its decimal digits.
fn big(digits: &str) -> Obj {
    builtins::int(&s(digits)).expect("an int literal")
}

/// `base ** exponent`.
fn pow(base: i64, exponent: i64) -> Obj {
    i(base).pow(&i(exponent)).expect("an int power")
}

/// `template.format(*positional, **keywords)`.
fn sf(template: &str, positional: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    s(template).call_method_with("format", &Args::new(positional, keywords))
}

/// `template % value`.
fn pct(template: &str, value: Obj) -> PyResult<Obj> {
    s(template).rem(&value)
}

#[test]
/// Ints: types, signs, alignment, `0` padding, grouping, alternate forms, big ints.
fn ints_format_as_cpython() {
    table! {
        "format(0, '')" => fmt(i(0), "") => "'0'";
        "format(42, '')" => fmt(i(42), "") => "'42'";
        "format(-42, 'd')" => fmt(i(-42), "d") => "'-42'";
        "format(42, '5')" => fmt(i(42), "5") => "'   42'";
        "format(42, '<5')" => fmt(i(42), "<5") => "'42   '";
        "format(42, '^7')" => fmt(i(42), "^7") => "'  42   '";
        "format(-42, '*^9')" => fmt(i(-42), "*^9") => "'***-42***'";
        "format(42, '+')" => fmt(i(42), "+") => "'+42'";
        "format(42, ' ')" => fmt(i(42), " ") => "' 42'";
        "format(-42, ' ')" => fmt(i(-42), " ") => "'-42'";
        "format(42, '-')" => fmt(i(42), "-") => "'42'";
        "format(-42, '08')" => fmt(i(-42), "08") => "'-0000042'";
        "format(-42, '=8')" => fmt(i(-42), "=8") => "'-     42'";
        "format(-42, '0=8')" => fmt(i(-42), "0=8") => "'-0000042'";
        "format(42, 'x')" => fmt(i(42), "x") => "'2a'";
        "format(255, 'X')" => fmt(i(255), "X") => "'FF'";
        "format(255, '#x')" => fmt(i(255), "#x") => "'0xff'";
        "format(255, '#X')" => fmt(i(255), "#X") => "'0XFF'";
        "format(-255, '#010x')" => fmt(i(-255), "#010x") => "'-0x00000ff'";
        "format(5, 'b')" => fmt(i(5), "b") => "'101'";
        "format(5, '#b')" => fmt(i(5), "#b") => "'0b101'";
        "format(8, 'o')" => fmt(i(8), "o") => "'10'";
        "format(8, '#o')" => fmt(i(8), "#o") => "'0o10'";
        "format(1234567, ',')" => fmt(i(1234567), ",") => "'1,234,567'";
        "format(1234567, '_')" => fmt(i(1234567), "_") => "'1_234_567'";
        "format(-1234567, '015,')" => fmt(i(-1234567), "015,") => "'-00,001,234,567'";
        "format(1234, '010,')" => fmt(i(1234), "010,") => "'00,001,234'";
        "format(3735928559, '_x')" => fmt(i(3735928559), "_x") => "'dead_beef'";
        "format(3735928559, '#_b')" => fmt(i(3735928559), "#_b") => "'0b1101_1110_1010_1101_1011_1110_1110_1111'";
        "format(97, 'c')" => fmt(i(97), "c") => "'a'";
        "format(8364, '^5c')" => fmt(i(8364), "^5c") => "'  €  '";
        "format(1234567, 'n')" => fmt(i(1234567), "n") => "'1234567'";
        "format(12, '.2f')" => fmt(i(12), ".2f") => "'12.00'";
        "format(12, 'e')" => fmt(i(12), "e") => "'1.200000e+01'";
        "format(1, '%')" => fmt(i(1), "%") => "'100.000000%'";
        "format(1267650600228229401496703205376, '')" => fmt(big("1267650600228229401496703205376"), "") => "'1267650600228229401496703205376'";
        "format(1267650600228229401496703205376, ',')" => fmt(big("1267650600228229401496703205376"), ",") => "'1,267,650,600,228,229,401,496,703,205,376'";
        "format(-1267650600228229401496703205376, '#x')" => fmt(big("-1267650600228229401496703205376"), "#x") => "'-0x10000000000000000000000000'";
        "format(-1180591620717411303424, '_o')" => fmt(big("-1180591620717411303424"), "_o") => "'-2000_0000_0000_0000_0000_0000'";
        "format(1000000000000000000000000000000, 'e')" => fmt(big("1000000000000000000000000000000"), "e") => "'1.000000e+30'";
        "format(10000000000000000000000000, '>40,')" => fmt(big("10000000000000000000000000"), ">40,") => "'      10,000,000,000,000,000,000,000,000'";
        "format(10**5000, 'd')" => fmt(pow(10, 5000), "d") => "!! ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";
        "len(format(10**5000, \"x\"))" => fmt(pow(10, 5000), "x").and_then(|text| builtins::len(&text)) => "4153";
        "format(True, '')" => fmt(b(true), "") => "'True'";
        "format(True, 'd')" => fmt(b(true), "d") => "'1'";
        "format(False, '>5')" => fmt(b(false), ">5") => "'    0'";
        "format(True, '#x')" => fmt(b(true), "#x") => "'0x1'";
        "format(True, '.1f')" => fmt(b(true), ".1f") => "'1.0'";
    }
}

#[test]
/// Floats: the repr-like none type, `e`/`f`/`g`/`%`, `n`, inf/nan, -0.0, `z`, grouping, alternate form.
fn floats_format_as_cpython() {
    table! {
        "format(1.5, '')" => fmt(f(1.5), "") => "'1.5'";
        "format(0.1, '')" => fmt(f(0.1), "") => "'0.1'";
        "format(1e16, '')" => fmt(f(1e16), "") => "'1e+16'";
        "format(1e16, '10')" => fmt(f(1e16), "10") => "'     1e+16'";
        "format(123.456, '10')" => fmt(f(123.456), "10") => "'   123.456'";
        "format(1e-5, '<12')" => fmt(f(1e-5), "<12") => "'1e-05       '";
        "format(2.5, '.0')" => fmt(f(2.5), ".0") => "'2e+00'";
        "format(1234.5678, '.3')" => fmt(f(1234.5678), ".3") => "'1.23e+03'";
        "format(1234.5678, '.6')" => fmt(f(1234.5678), ".6") => "'1234.57'";
        "format(100.0, '.3')" => fmt(f(100.0), ".3") => "'1e+02'";
        "format(100.0, '.2')" => fmt(f(100.0), ".2") => "'1e+02'";
        "format(3.0, '#')" => fmt(f(3.0), "#") => "'3.0'";
        "format(1e20, '#')" => fmt(f(1e20), "#") => "'1.e+20'";
        "format(3.14159, '.3g')" => fmt(f(3.14159), ".3g") => "'3.14'";
        "format(0.0001234, '.3g')" => fmt(f(0.0001234), ".3g") => "'0.000123'";
        "format(1234567.0, '.3g')" => fmt(f(1234567.0), ".3g") => "'1.23e+06'";
        "format(100.0, '#.3g')" => fmt(f(100.0), "#.3g") => "'100.'";
        "format(0.00001, 'g')" => fmt(f(0.00001), "g") => "'1e-05'";
        "format(123456789.0, 'g')" => fmt(f(123456789.0), "g") => "'1.23457e+08'";
        "format(1234.5678, 'e')" => fmt(f(1234.5678), "e") => "'1.234568e+03'";
        "format(1234.5678, '.2E')" => fmt(f(1234.5678), ".2E") => "'1.23E+03'";
        "format(0.0, 'e')" => fmt(f(0.0), "e") => "'0.000000e+00'";
        "format(1.0, '.0e')" => fmt(f(1.0), ".0e") => "'1e+00'";
        "format(1.0, '#.0e')" => fmt(f(1.0), "#.0e") => "'1.e+00'";
        "format(2.675, '.2f')" => fmt(f(2.675), ".2f") => "'2.67'";
        "format(0.125, '.2f')" => fmt(f(0.125), ".2f") => "'0.12'";
        "format(0.375, '.2f')" => fmt(f(0.375), ".2f") => "'0.38'";
        "format(1e22, 'f')" => fmt(f(1e22), "f") => "'10000000000000000000000.000000'";
        "format(1e300, '.3e')" => fmt(f(1e300), ".3e") => "'1.000e+300'";
        "format(5e-324, '')" => fmt(f(5e-324), "") => "'5e-324'";
        "format(5e-324, '.3e')" => fmt(f(5e-324), ".3e") => "'4.941e-324'";
        "format(0.1, '.30f')" => fmt(f(0.1), ".30f") => "'0.100000000000000005551115123126'";
        "format(0.5, '%')" => fmt(f(0.5), "%") => "'50.000000%'";
        "format(0.12345, '.1%')" => fmt(f(0.12345), ".1%") => "'12.3%'";
        "format(-0.5, '+.0%')" => fmt(f(-0.5), "+.0%") => "'-50%'";
        "format(1234567.891, ',.2f')" => fmt(f(1234567.891), ",.2f") => "'1,234,567.89'";
        "format(1234567.891, '_')" => fmt(f(1234567.891), "_") => "'1_234_567.891'";
        "format(-1234.5, '012,.1f')" => fmt(f(-1234.5), "012,.1f") => "'-0,001,234.5'";
        "format(1234.5, 'n')" => fmt(f(1234.5), "n") => "'1234.5'";
        "format(1234.5, '.2n')" => fmt(f(1234.5), ".2n") => "'1.2e+03'";
        "format(3.5, '+')" => fmt(f(3.5), "+") => "'+3.5'";
        "format(3.5, ' 8.2f')" => fmt(f(3.5), " 8.2f") => "'    3.50'";
        "format(-3.5, '^+10.2f')" => fmt(f(-3.5), "^+10.2f") => "'  -3.50   '";
        "format(-3.5, '010.2f')" => fmt(f(-3.5), "010.2f") => "'-000003.50'";
        "format(3.5, 'x<8')" => fmt(f(3.5), "x<8") => "'3.5xxxxx'";
        "format(float('inf'), '')" => fmt(f(f64::INFINITY), "") => "'inf'";
        "format(float('-inf'), '+010')" => fmt(f(f64::NEG_INFINITY), "+010") => "'-000000inf'";
        "format(float('inf'), 'E')" => fmt(f(f64::INFINITY), "E") => "'INF'";
        "format(float('nan'), 'F')" => fmt(f(f64::NAN), "F") => "'NAN'";
        "format(float('nan'), '+.2f')" => fmt(f(f64::NAN), "+.2f") => "'+nan'";
        "format(float('inf'), '%')" => fmt(f(f64::INFINITY), "%") => "'inf%'";
        "format(-0.0, '')" => fmt(f(-0.0), "") => "'-0.0'";
        "format(-0.0, '.2f')" => fmt(f(-0.0), ".2f") => "'-0.00'";
        "format(-0.0, 'z')" => fmt(f(-0.0), "z") => "'0.0'";
        "format(-0.0, 'z.2f')" => fmt(f(-0.0), "z.2f") => "'0.00'";
        "format(-0.0001, '.2f')" => fmt(f(-0.0001), ".2f") => "'-0.00'";
        "format(-0.0001, 'z.2f')" => fmt(f(-0.0001), "z.2f") => "'0.00'";
        "format(-0.0001, 'z.2e')" => fmt(f(-0.0001), "z.2e") => "'-1.00e-04'";
        "format(-0.4, 'z.0f')" => fmt(f(-0.4), "z.0f") => "'0'";
        "format(-0.0, '+z')" => fmt(f(-0.0), "+z") => "'+0.0'";
        "format(0.1, '.60f')" => fmt(f(0.1), ".60f") => "'0.100000000000000005551115123125782702118158340454101562500000'";
        "format(1.7976931348623157e308, ',')" => fmt(f(f64::MAX), ",") => "'1.7976931348623157e+308'";
    }
}

#[test]
/// Strs: fill and alignment, truncation by precision, code points (not bytes).
fn strings_format_as_cpython() {
    table! {
        "format('hello', '')" => fmt(s("hello"), "") => "'hello'";
        "format('hello', '10')" => fmt(s("hello"), "10") => "'hello     '";
        "format('hello', '>10')" => fmt(s("hello"), ">10") => "'     hello'";
        "format('hello', '^11')" => fmt(s("hello"), "^11") => "'   hello   '";
        "format('hello', '*^11')" => fmt(s("hello"), "*^11") => "'***hello***'";
        "format('hello', '-^10')" => fmt(s("hello"), "-^10") => "'--hello---'";
        "format('hello', '.3')" => fmt(s("hello"), ".3") => "'hel'";
        "format('hello', '>6.3')" => fmt(s("hello"), ">6.3") => "'   hel'";
        "format('hello', '3')" => fmt(s("hello"), "3") => "'hello'";
        "format('hello', 's')" => fmt(s("hello"), "s") => "'hello'";
        "format('ab', '05')" => fmt(s("ab"), "05") => "'ab000'";
        "format('ab', '0>5')" => fmt(s("ab"), "0>5") => "'000ab'";
        "format('é€😀', '^7')" => fmt(s("é€😀"), "^7") => "'  é€😀  '";
        "format('é€😀', '.2')" => fmt(s("é€😀"), ".2") => "'é€'";
        "format('中文', '·<6')" => fmt(s("中文"), "·<6") => "'中文····'";
        "format('', '3')" => fmt(s(""), "3") => "'   '";
        "format('{x}', '^7')" => fmt(s("{x}"), "^7") => "'  {x}  '";
        "format(None, '')" => fmt(none(), "") => "'None'";
        "format([1, 'a'], '')" => fmt(list([i(1), s("a")]), "") => "\"[1, 'a']\"";
    }
}

#[test]
/// `str.format`: automatic and manual numbering, names, attributes, items, conversions, nested specs, escapes.
fn str_format_fields_as_cpython() {
    table! {
        "'{} and {}'.format(1, 'two')" => sf("{} and {}", &[i(1), s("two")], &[]) => "'1 and two'";
        "'{1}{0}{1}'.format('a', 'b')" => sf("{1}{0}{1}", &[s("a"), s("b")], &[]) => "'bab'";
        "'{name}!'.format(name='pyobj')" => sf("{name}!", &[], &[("name", s("pyobj"))]) => "'pyobj!'";
        "'{0}-{x}'.format(1, x=2.5)" => sf("{0}-{x}", &[i(1)], &[("x", f(2.5))]) => "'1-2.5'";
        "'{0[1]}'.format([10, 20, 30])" => sf("{0[1]}", &[list([i(10), i(20), i(30)])], &[]) => "'20'";
        "'{0[key]}'.format({'key': 'v'})" => sf("{0[key]}", &[dict([(s("key"), s("v"))])], &[]) => "'v'";
        "'{0[0][1]}'.format([[1, 2]])" => sf("{0[0][1]}", &[list([list([i(1), i(2)])])], &[]) => "'2'";
        "'{0[-1]}'.format([1])" => sf("{0[-1]}", &[list([i(1)])], &[]) => "!! TypeError: list indices must be integers or slices, not str";
        "'{0!r}'.format('é')" => sf("{0!r}", &[s("é")], &[]) => "\"'é'\"";
        "'{0!s}'.format('x')" => sf("{0!s}", &[s("x")], &[]) => "'x'";
        "'{0!a}'.format('é€')" => sf("{0!a}", &[s("é€")], &[]) => "\"'\\\\xe9\\\\u20ac'\"";
        "'{0!r:>6}'.format('ab')" => sf("{0!r:>6}", &[s("ab")], &[]) => "\"  'ab'\"";
        "'{:{}}'.format(7, 5)" => sf("{:{}}", &[i(7), i(5)], &[]) => "'    7'";
        "'{:{fill}^{width}}'.format('x', fill='*', width=7)" => sf("{:{fill}^{width}}", &[s("x")], &[("fill", s("*")), ("width", i(7))]) => "'***x***'";
        "'{:{}.{}f}'.format(3.14159, 10, 2)" => sf("{:{}.{}f}", &[f(3.14159), i(10), i(2)], &[]) => "'      3.14'";
        "'{0:{1}}'.format(12, '>4')" => sf("{0:{1}}", &[i(12), s(">4")], &[]) => "'  12'";
        "'{{}} {{{0}}}'.format(1)" => sf("{{}} {{{0}}}", &[i(1)], &[]) => "'{} {1}'";
        "'{:,}'.format(1000000000000)" => sf("{:,}", &[i(1000000000000)], &[]) => "'1,000,000,000,000'";
        "'{:>8.3f}|'.format(-1.5)" => sf("{:>8.3f}|", &[f(-1.5)], &[]) => "'  -1.500|'";
        "'{!r}'.format(None)" => sf("{!r}", &[none()], &[]) => "'None'";
        "'{}'.format([1, 'a'])" => sf("{}", &[list([i(1), s("a")])], &[]) => "\"[1, 'a']\"";
        "'no fields'.format()" => sf("no fields", &[], &[]) => "'no fields'";
        "''.format()" => sf("", &[], &[]) => "''";
        "'{0}{0}'.format('ab')" => sf("{0}{0}", &[s("ab")], &[]) => "'abab'";
    }
}

#[test]
/// printf-style `str % args`: one value, tuples, mappings, every conversion and flag.
fn percent_formatting_as_cpython() {
    table! {
        "'%s' % 'x'" => pct("%s", s("x")) => "'x'";
        "'%s and %s' % (1, 2)" => pct("%s and %s", tuple([i(1), i(2)])) => "'1 and 2'";
        "'%d items' % 3" => pct("%d items", i(3)) => "'3 items'";
        "'%(name)s is %(age)d' % {'name': 'Ann', 'age': 7}" => pct("%(name)s is %(age)d", dict([(s("name"), s("Ann")), (s("age"), i(7))])) => "'Ann is 7'";
        "'%r' % 'é\\n'" => pct("%r", s("é\n")) => "\"'é\\\\n'\"";
        "'%a' % 'é'" => pct("%a", s("é")) => "\"'\\\\xe9'\"";
        "'%5.2f|' % 3.14159" => pct("%5.2f|", f(3.14159)) => "' 3.14|'";
        "'%-5d|' % 42" => pct("%-5d|", i(42)) => "'42   |'";
        "'%05d' % -42" => pct("%05d", i(-42)) => "'-0042'";
        "'%+d' % 5" => pct("%+d", i(5)) => "'+5'";
        "'% d' % 5" => pct("% d", i(5)) => "' 5'";
        "'%x %X %o' % (255, 255, 8)" => pct("%x %X %o", tuple([i(255), i(255), i(8)])) => "'ff FF 10'";
        "'%#x %#X %#o' % (255, 255, 8)" => pct("%#x %#X %#o", tuple([i(255), i(255), i(8)])) => "'0xff 0XFF 0o10'";
        "'%#08x' % 255" => pct("%#08x", i(255)) => "'0x0000ff'";
        "'%.3d' % 7" => pct("%.3d", i(7)) => "'007'";
        "'%e' % 12345.678" => pct("%e", f(12345.678)) => "'1.234568e+04'";
        "'%.2E' % 0.000123" => pct("%.2E", f(0.000123)) => "'1.23E-04'";
        "'%g' % 0.0001" => pct("%g", f(0.0001)) => "'0.0001'";
        "'%G' % 1e+20" => pct("%G", f(1e+20)) => "'1E+20'";
        "'%#g' % 1.0" => pct("%#g", f(1.0)) => "'1.00000'";
        "'%F' % float('inf')" => pct("%F", f(f64::INFINITY)) => "'INF'";
        "'%c' % 65" => pct("%c", i(65)) => "'A'";
        "'%c' % 'é'" => pct("%c", s("é")) => "'é'";
        "'%3c|' % 'x'" => pct("%3c|", s("x")) => "'  x|'";
        "'%*d' % (5, 42)" => pct("%*d", tuple([i(5), i(42)])) => "'   42'";
        "'%-*d|' % (5, 42)" => pct("%-*d|", tuple([i(5), i(42)])) => "'42   |'";
        "'%*d|' % (-5, 42)" => pct("%*d|", tuple([i(-5), i(42)])) => "'42   |'";
        "'%.*f' % (2, 3.14159)" => pct("%.*f", tuple([i(2), f(3.14159)])) => "'3.14'";
        "'%.3s' % 'abcdef'" => pct("%.3s", s("abcdef")) => "'abc'";
        "'%s' % (1,)" => pct("%s", tuple([i(1)])) => "'1'";
        "'%s' % [1, 2]" => pct("%s", list([i(1), i(2)])) => "'[1, 2]'";
        "'%d' % 3.99" => pct("%d", f(3.99)) => "'3'";
        "'%x' % True" => pct("%x", b(true)) => "'1'";
        "'%i %u' % (-7, 7)" => pct("%i %u", tuple([i(-7), i(7)])) => "'-7 7'";
        "'%ld' % 5" => pct("%ld", i(5)) => "'5'";
        "'100%%' % ()" => pct("100%%", tuple([])) => "'100%'";
        "'%s%%' % 50" => pct("%s%%", i(50)) => "'50%'";
        "'%d' % 1267650600228229401496703205376" => pct("%d", big("1267650600228229401496703205376")) => "'1267650600228229401496703205376'";
        "'%(a)s %(a)r' % {'a': 'q'}" => pct("%(a)s %(a)r", dict([(s("a"), s("q"))])) => "\"q 'q'\"";
        "'%s' % {'a': 1}" => pct("%s", dict([(s("a"), i(1))])) => "\"{'a': 1}\"";
        "'%f' % 1152921504606846976" => pct("%f", i(1152921504606846976)) => "'1152921504606846976.000000'";
        "'%-08.3f|' % -1.5" => pct("%-08.3f|", f(-1.5)) => "'-1.500  |'";
        "'%+.1e' % 0.0" => pct("%+.1e", f(0.0)) => "'+0.0e+00'";
        "'%.0f' % 2.5" => pct("%.0f", f(2.5)) => "'2'";
        "'%#.0f' % 2.5" => pct("%#.0f", f(2.5)) => "'2.'";
        "'%5s|' % 'é€'" => pct("%5s|", s("é€")) => "'   é€|'";
        "'%%%s' % 'x'" => pct("%%%s", s("x")) => "'%x'";
    }
}

#[test]
/// Every error text, as CPython 3.11 raises it.
fn formatting_errors_are_cpythons() {
    table! {
        "format(1.5, 'x')" => fmt(f(1.5), "x") => "!! ValueError: Unknown format code 'x' for object of type 'float'";
        "format(1, 'y')" => fmt(i(1), "y") => "!! ValueError: Unknown format code 'y' for object of type 'int'";
        "format('a', 'x')" => fmt(s("a"), "x") => "!! ValueError: Unknown format code 'x' for object of type 'str'";
        "format(True, 's')" => fmt(b(true), "s") => "!! ValueError: Unknown format code 's' for object of type 'bool'";
        "format(1, '\\x01')" => fmt(i(1), "\u{1}") => "!! ValueError: Unknown format code '\\x1' for object of type 'int'";
        "format(1, 'é')" => fmt(i(1), "é") => "!! ValueError: Unknown format code '\\xe9' for object of type 'int'";
        "format(1.5, 'xx')" => fmt(f(1.5), "xx") => "!! ValueError: Invalid format specifier 'xx' for object of type 'float'";
        "format(1, 'abc')" => fmt(i(1), "abc") => "!! ValueError: Invalid format specifier 'abc' for object of type 'int'";
        "format('a', 'ss')" => fmt(s("a"), "ss") => "!! ValueError: Invalid format specifier 'ss' for object of type 'str'";
        "format('a', ',s')" => fmt(s("a"), ",s") => "!! ValueError: Cannot specify ',' with 's'.";
        "format(1, ',s')" => fmt(i(1), ",s") => "!! ValueError: Cannot specify ',' with 's'.";
        "format(1, ',x')" => fmt(i(1), ",x") => "!! ValueError: Cannot specify ',' with 'x'.";
        "format(1, ',c')" => fmt(i(1), ",c") => "!! ValueError: Cannot specify ',' with 'c'.";
        "format(1.5, ',n')" => fmt(f(1.5), ",n") => "!! ValueError: Cannot specify ',' with 'n'.";
        "format(1, ',_')" => fmt(i(1), ",_") => "!! ValueError: Cannot specify both ',' and '_'.";
        "format(1, '_,')" => fmt(i(1), "_,") => "!! ValueError: Cannot specify both ',' and '_'.";
        "format(1, '.')" => fmt(i(1), ".") => "!! ValueError: Format specifier missing precision";
        "format(1.5, '.')" => fmt(f(1.5), ".") => "!! ValueError: Format specifier missing precision";
        "format(1, '.2')" => fmt(i(1), ".2") => "!! ValueError: Precision not allowed in integer format specifier";
        "format(1, 'z')" => fmt(i(1), "z") => "!! ValueError: Negative zero coercion (z) not allowed in integer format specifier";
        "format('a', 'z')" => fmt(s("a"), "z") => "!! ValueError: Negative zero coercion (z) not allowed in string format specifier";
        "format('a', '+')" => fmt(s("a"), "+") => "!! ValueError: Sign not allowed in string format specifier";
        "format('a', ' ')" => fmt(s("a"), " ") => "!! ValueError: Space not allowed in string format specifier";
        "format('a', '#')" => fmt(s("a"), "#") => "!! ValueError: Alternate form (#) not allowed in string format specifier";
        "format('a', '=5')" => fmt(s("a"), "=5") => "!! ValueError: '=' alignment not allowed in string format specifier";
        "format(65, '+c')" => fmt(i(65), "+c") => "!! ValueError: Sign not allowed with integer format specifier 'c'";
        "format(65, '#c')" => fmt(i(65), "#c") => "!! ValueError: Alternate form (#) not allowed with integer format specifier 'c'";
        "format(-1, 'c')" => fmt(i(-1), "c") => "!! OverflowError: %c arg not in range(0x110000)";
        "format(1114112, 'c')" => fmt(i(1114112), "c") => "!! OverflowError: %c arg not in range(0x110000)";
        "format(1180591620717411303424, 'c')" => fmt(big("1180591620717411303424"), "c") => "!! OverflowError: Python int too large to convert to C long";
        "format(1, '99999999999999999999')" => fmt(i(1), "99999999999999999999") => "!! ValueError: Too many decimal digits in format string";
        "format(1.0, '.3000000000f')" => fmt(f(1.0), ".3000000000f") => "!! ValueError: precision too big";
        "format(10**400, 'f')" => fmt(pow(10, 400), "f") => "!! OverflowError: int too large to convert to float";
        "format([1], 'x')" => fmt(list([i(1)]), "x") => "!! TypeError: unsupported format string passed to list.__format__";
        "format(None, '>5')" => fmt(none(), ">5") => "!! TypeError: unsupported format string passed to NoneType.__format__";
        "'}'.format()" => sf("}", &[], &[]) => "!! ValueError: Single '}' encountered in format string";
        "'{'.format()" => sf("{", &[], &[]) => "!! ValueError: Single '{' encountered in format string";
        "'a}b'.format()" => sf("a}b", &[], &[]) => "!! ValueError: Single '}' encountered in format string";
        "'{0'.format()" => sf("{0", &[], &[]) => "!! ValueError: expected '}' before end of string";
        "'{0!r'.format(1)" => sf("{0!r", &[i(1)], &[]) => "!! ValueError: unmatched '{' in format spec";
        "'{0!'.format(1)" => sf("{0!", &[i(1)], &[]) => "!! ValueError: end of string while looking for conversion specifier";
        "'{0!x}'.format(1)" => sf("{0!x}", &[i(1)], &[]) => "!! ValueError: Unknown conversion specifier x";
        "'{0!rr}'.format(1)" => sf("{0!rr}", &[i(1)], &[]) => "!! ValueError: expected ':' after conversion specifier";
        "'{0!}'.format(1)" => sf("{0!}", &[i(1)], &[]) => "!! ValueError: unmatched '{' in format spec";
        "'{x{}'.format(1)" => sf("{x{}", &[i(1)], &[]) => "!! ValueError: unexpected '{' in field name";
        "'{1}'.format(1)" => sf("{1}", &[i(1)], &[]) => "!! IndexError: Replacement index 1 out of range for positional args tuple";
        "'{}{}'.format(1)" => sf("{}{}", &[i(1)], &[]) => "!! IndexError: Replacement index 1 out of range for positional args tuple";
        "'{}{0}'.format(1, 2)" => sf("{}{0}", &[i(1), i(2)], &[]) => "!! ValueError: cannot switch from automatic field numbering to manual field specification";
        "'{0}{}'.format(1, 2)" => sf("{0}{}", &[i(1), i(2)], &[]) => "!! ValueError: cannot switch from manual field specification to automatic field numbering";
        "'{a}'.format()" => sf("{a}", &[], &[]) => "!! KeyError: 'a'";
        "'{a}'.format(b=1)" => sf("{a}", &[], &[("b", i(1))]) => "!! KeyError: 'a'";
        "'{0.}'.format(1)" => sf("{0.}", &[i(1)], &[]) => "!! ValueError: Empty attribute in format string";
        "'{0[]}'.format([1])" => sf("{0[]}", &[list([i(1)])], &[]) => "!! ValueError: Empty attribute in format string";
        "'{0[0]x}'.format([1])" => sf("{0[0]x}", &[list([i(1)])], &[]) => "!! ValueError: Only '.' or '[' may follow ']' in format field specifier";
        "'{0[}'.format(1)" => sf("{0[}", &[i(1)], &[]) => "!! ValueError: expected '}' before end of string";
        "'{0.foo}'.format(1)" => sf("{0.foo}", &[i(1)], &[]) => "!! AttributeError: 'int' object has no attribute 'foo'";
        "'{0[5]}'.format([1])" => sf("{0[5]}", &[list([i(1)])], &[]) => "!! IndexError: list index out of range";
        "'{0[a]}'.format({'b': 1})" => sf("{0[a]}", &[dict([(s("b"), i(1))])], &[]) => "!! KeyError: 'a'";
        "'{:{:{}}}'.format(1, 2, 3)" => sf("{:{:{}}}", &[i(1), i(2), i(3)], &[]) => "!! ValueError: Max string recursion exceeded";
        "'{:d}'.format('x')" => sf("{:d}", &[s("x")], &[]) => "!! ValueError: Unknown format code 'd' for object of type 'str'";
        "'{99999999999999999999}'.format(1)" => sf("{99999999999999999999}", &[i(1)], &[]) => "!! ValueError: Too many decimal digits in format string";
        "'%s %s' % (1,)" => pct("%s %s", tuple([i(1)])) => "!! TypeError: not enough arguments for format string";
        "'%s' % (1, 2)" => pct("%s", tuple([i(1), i(2)])) => "!! TypeError: not all arguments converted during string formatting";
        "'abc' % 5" => pct("abc", i(5)) => "!! TypeError: not all arguments converted during string formatting";
        "'%d' % 'x'" => pct("%d", s("x")) => "!! TypeError: %d format: a real number is required, not str";
        "'%x' % 3.5" => pct("%x", f(3.5)) => "!! TypeError: %x format: an integer is required, not float";
        "'%f' % 'x'" => pct("%f", s("x")) => "!! TypeError: must be real number, not str";
        "'%y' % 1" => pct("%y", i(1)) => "!! ValueError: unsupported format character 'y' (0x79) at index 1";
        "'ab%y' % ()" => pct("ab%y", tuple([])) => "!! TypeError: not enough arguments for format string";
        "'%c' % 1.5" => pct("%c", f(1.5)) => "!! TypeError: %c requires int or char";
        "'%c' % 'ab'" => pct("%c", s("ab")) => "!! TypeError: %c requires int or char";
        "'%c' % -1" => pct("%c", i(-1)) => "!! OverflowError: %c arg not in range(0x110000)";
        "'%c' % 1114112" => pct("%c", i(1114112)) => "!! OverflowError: %c arg not in range(0x110000)";
        "'%*d' % ('a', 1)" => pct("%*d", tuple([s("a"), i(1)])) => "!! TypeError: * wants int";
        "'abc%' % ()" => pct("abc%", tuple([])) => "!! ValueError: incomplete format";
        "'%(a' % {'a': 1}" => pct("%(a", dict([(s("a"), i(1))])) => "!! ValueError: incomplete format key";
        "'%(a)' % {'a': 1}" => pct("%(a)", dict([(s("a"), i(1))])) => "!! ValueError: incomplete format";
        "'%(a)s' % (1,)" => pct("%(a)s", tuple([i(1)])) => "!! TypeError: format requires a mapping";
        "'%(a)s %s' % {'a': 1}" => pct("%(a)s %s", dict([(s("a"), i(1))])) => "!! TypeError: not enough arguments for format string";
        "'%(b)s' % {'a': 1}" => pct("%(b)s", dict([(s("a"), i(1))])) => "!! KeyError: 'b'";
        "'%5%' % (1,)" => pct("%5%", tuple([i(1)])) => "!! ValueError: unsupported format character '%' (0x25) at index 2";
        "'%d' % 10**5000" => pct("%d", pow(10, 5000)) => "!! ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";
        "'%d' % float('inf')" => pct("%d", f(f64::INFINITY)) => "!! OverflowError: cannot convert float infinity to integer";
        "'%d' % float('nan')" => pct("%d", f(f64::NAN)) => "!! ValueError: cannot convert float NaN to integer";
        "'%.2f' % 10**400" => pct("%.2f", pow(10, 400)) => "!! OverflowError: int too large to convert to float";
        "'%s' % ()" => pct("%s", tuple([])) => "!! TypeError: not enough arguments for format string";
        "'%05.1é' % 1" => pct("%05.1é", i(1)) => "!! ValueError: unsupported format character '?' (0xe9) at index 5";
    }
}

static FORMAT_SIGNATURE: Signature = Signature::new(&["self", "spec"]);
static STR_SIGNATURE: Signature = Signature::new(&["self"]);

/// `def __format__(self, spec): return '<' + spec + '>'`
fn tagged_format(func: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [_, spec] = PyFunction::of(func)?.bind_array(args)?;
    s("<").add(&spec)?.add(&s(">"))
}

/// `def __format__(self, spec): return 42`
fn bad_format(func: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [_, _] = PyFunction::of(func)?.bind_array(args)?;
    Ok(i(42))
}

/// `def __str__(self): return 'plain'`
fn plain_str(func: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [_] = PyFunction::of(func)?.bind_array(args)?;
    Ok(s("plain"))
}

/// A class with one method.
fn class_with(name: &str, base: Option<&Obj>, method: Option<(&'static str, Obj)>) -> Obj {
    Obj::new_class(name, base, method.into_iter().collect()).expect("a class")
}

#[test]
/// Instances of classes: their `__format__` (own or inherited) gets the spec; without
/// one, `object.__format__` accepts only the empty spec.
fn classes_format_through_their_dunder() {
    let tagged = class_with(
        "Tagged",
        None,
        Some((
            "__format__",
            Obj::new_function(
                "Tagged.__format__",
                &FORMAT_SIGNATURE,
                tagged_format,
                vec![],
                vec![],
            ),
        )),
    );
    let sub = class_with("Sub", Some(&tagged), None);
    let bad = class_with(
        "Bad",
        None,
        Some((
            "__format__",
            Obj::new_function(
                "Bad.__format__",
                &FORMAT_SIGNATURE,
                bad_format,
                vec![],
                vec![],
            ),
        )),
    );
    let plain = class_with(
        "Plain",
        None,
        Some((
            "__str__",
            Obj::new_function("Plain.__str__", &STR_SIGNATURE, plain_str, vec![], vec![]),
        )),
    );
    let new = |class: &Obj| class.call(&[]).expect("an instance");
    let error = builtins::get("ValueError")
        .unwrap()
        .call(&[s("boom")])
        .unwrap();
    table! {
        "format(Tagged(), 'abc')" => fmt(new(&tagged), "abc") => "'<abc>'";
        "format(Tagged(), '')" => fmt(new(&tagged), "") => "'<>'";
        "f'{Tagged():spec}'" => compiled::format_value(&new(&tagged), "spec") => "'<spec>'";
        "'{:xyz}|{!s:>6}'.format(Tagged(), Plain())" => sf("{:xyz}|{!s:>6}", &[new(&tagged), new(&plain)], &[]) => "'<xyz>| plain'";
        "format(Sub(), 'q')" => fmt(new(&sub), "q") => "'<q>'";
        "format(Bad(), '')" => fmt(new(&bad), "") => "!! TypeError: __format__ must return a str, not int";
        "format(Plain(), '')" => fmt(new(&plain), "") => "'plain'";
        "format(Plain(), 's')" => fmt(new(&plain), "s") => "!! TypeError: unsupported format string passed to Plain.__format__";
        "format(ValueError('boom'), '')" => fmt(error.clone(), "") => "'boom'";
        "format(ValueError('boom'), '>6')" => fmt(error.clone(), ">6") => "!! TypeError: unsupported format string passed to ValueError.__format__";
    }
    // `{0.x}` reads an instance attribute.
    let point = new(&plain);
    point.setattr("x", &i(3)).unwrap();
    assert_eq!(show(sf("x={0.x:>3}", &[point], &[])), "'x=  3'");
}

#[test]
/// The `format` builtin as Python calls it, `str.format_map`, and the Rust entry points.
fn format_builtin_and_entry_points() {
    let format = builtins::get("format").expect("the format builtin");
    assert_eq!(show(Ok(format.clone())), "<built-in function format>");
    table! {
        "format(255, '#x')" => format.call(&[i(255), s("#x")]) => "'0xff'";
        "format(2.5)" => format.call(&[f(2.5)]) => "'2.5'";
        "format()" => format.call(&[]) => "!! TypeError: format expected at least 1 argument, got 0";
        "format(1, 2, 3)" => format.call(&[i(1), i(2), i(3)]) => "!! TypeError: format expected at most 2 arguments, got 3";
        "format(1, 2)" => format.call(&[i(1), i(2)]) => "!! TypeError: format() argument 2 must be str, not int";
        "format(1, format_spec='')" => format.call_with(&Args::new(&[i(1)], &[("format_spec", s(""))])) => "!! TypeError: format() takes no keyword arguments";
        "format(1234.5, ',.2f')" => builtins::format(&f(1234.5), ",.2f") => "'1,234.50'";
        "format(-7, '+05')" => compiled::format_value(&i(-7), "+05") => "'-0007'";
        "'{a}-{b}'.format_map({'a': 1, 'b': 2})" => s("{a}-{b}").call_method("format_map", &[dict([(s("a"), i(1)), (s("b"), i(2))])]) => "'1-2'";
        "'{}'.format_map({})" => s("{}").call_method("format_map", &[dict([])]) => "!! ValueError: Format string contains positional fields";
        "'a'.format_map()" => s("a").call_method("format_map", &[]) => "!! TypeError: str.format_map() takes exactly one argument (0 given)";
    }
    // An empty spec hands back an exact str itself.
    let text = s("unchanged text, not copied");
    assert!(format_value(&text, "").unwrap().is(&text));
}

#[test]
/// `%` is printf-style formatting only for a str on the left; ints and floats keep their
/// remainder, and `%=` formats too.
fn the_percent_operator_dispatches_on_the_left_operand() {
    table! {
        "7 % 3" => i(7).rem(&i(3)) => "1";
        "-7 % 3" => i(-7).rem(&i(3)) => "2";
        "7.5 % 2.0" => f(7.5).rem(&f(2.0)) => "1.5";
        "5 % 'x'" => i(5).rem(&s("x")) => "!! TypeError: unsupported operand type(s) for %: 'int' and 'str'";
        "[1] % 'x'" => list([i(1)]).rem(&s("x")) => "!! TypeError: unsupported operand type(s) for %: 'list' and 'str'";
        "x = '%d!' ;; x %= 3 ;; x" => compiled::inplace(&s("%d!"), &i(3), InplaceOp::Rem) => "'3!'";
        "'%s|%s' % (None, (1, 2))" => pct("%s|%s", tuple([none(), tuple([i(1), i(2)])])) => "'None|(1, 2)'";
    }
}
