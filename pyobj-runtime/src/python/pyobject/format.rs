//! String formatting, as CPython 3.11 does it: `format(value, spec)` and the format-spec
//! mini-language, `str.format(...)`/`str.format_map(...)`, and printf-style `str % args`.
//!
//! # The mini-language flow
//! `format(value, spec)` ([`format_value`], CPython's `PyObject_Format`) is the one entry:
//! f-strings, `str.format` and the `format` builtin all end there.
//!
//! 1. An empty spec on an exact `str` or `int` is `str(value)` at once.
//! 2. An instance of a class that defines `__format__` (looked up on the class, as CPython
//!    looks up special methods) gets it called with the spec; the result must be a str.
//! 3. Otherwise the builtin type's own `__format__` runs. `str`, `int` (and `bool`) and
//!    `float` parse the spec (CPython's `parse_internal_render_format_spec`):
//!
//!    ```text
//!    [[fill]align][sign]["z"]["#"]["0"][width][","|"_"]["." precision][type]
//!    ```
//!
//!    with the type's defaults (`'s'` and `<` for str, `'d'` and `>` for int, none and `>`
//!    for float); a `0` without an explicit fill means fill `0` and, for numbers, `=`
//!    alignment. An empty spec is `str(value)` for every type (`format(True, '')` is
//!    `'True'`). Any other object accepts only the empty spec (`object.__format__`).
//! 4. The value is rendered to its bare text: the digits of an int in its base, or the
//!    text of a float from the same decimal digits CPython's `dtoa` gives (Rust's `{:e}`
//!    shortest digits for the repr-like none type, its correctly rounded `{:.*e}` and
//!    `{:.*}` for the others, post-processed by CPython's `format_float_short` rules).
//! 5. The number is laid out as CPython's `calc_number_widths`/`fill_number` do:
//!
//!    ```text
//!    <left padding> <sign> <prefix> <sign padding> <grouped digits> <decimal> <rest> <right padding>
//!    ```
//!
//!    where `0`-padding with `=` alignment becomes leading zeros that take part in the
//!    grouping (`format(1234, '010,')` is `'00,001,234'`).
//!
//! `str.format` parses `{field!conversion:spec}` (CPython's `MarkupIterator`), looks the
//! field up (`{0}`, `{name}`, `{0.attr}`, `{0[key]}`), converts it (`!r`, `!s`, `!a`),
//! expands a nested spec (`{:{width}}`, two levels at most) and calls [`format_value`].
//! `str % args` follows CPython's `PyUnicode_Format` step by step: the same argument
//! bookkeeping, hence the same errors.
//!
//! The `n` type uses the C locale (what `python3` runs with unless a program calls
//! `locale.setlocale`): no grouping, a `.` decimal point.

use num_traits::{Signed, ToPrimitive};

use super::float::{PyFloat, as_f64};
use super::int::{IntRef, index_value, int_value, to_int};
use super::{Args, Obj, PyFunction, PyInt, PyStr, PyTuple};
use crate::exceptions::{MEMORY_ERROR, PyErr, PyResult, TYPE_ERROR};

// ----- format(value, spec) -------------------------------------------------------------

/// Python's `format(value, spec)` (CPython's `PyObject_Format`): the class's `__format__`
/// if it defines one, else the builtin type's, with CPython 3.11's texts and errors.
///
/// ```
/// use pyobj::{Obj, format_value};
///
/// let text = format_value(&Obj::from(1234567), "_>+14,").unwrap();
/// assert_eq!(text.as_str(), Some("____+1,234,567"));
/// assert_eq!(format_value(&Obj::from(0.1), ".3e").unwrap().as_str(), Some("1.000e-01"));
/// let err = format_value(&Obj::from(1.5), "x").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "ValueError: Unknown format code 'x' for object of type 'float'"
/// );
/// ```
pub fn format_value(value: &Obj, spec: &str) -> PyResult<Obj> {
    if spec.is_empty() {
        if value.is_exact::<PyStr>() {
            return Ok(value.clone());
        }
        if value.is_exact::<PyInt>() {
            return Ok(Obj::from(value.str()?));
        }
    }
    if let Some(method) = class_format_method(value) {
        let spec = Obj::from(spec);
        let result = match method.downcast_ref::<PyFunction>() {
            Some(_) => {
                super::function::call_with_first(&method, value, &Args::positional_only(&[spec]))?
            }
            None => method.call(&[spec])?,
        };
        if result.as_str().is_none() {
            return Err(PyErr::type_error(format!(
                "__format__ must return a str, not {}",
                result.type_name()
            )));
        }
        return Ok(result);
    }
    builtin_format(value, spec).map(Obj::from)
}

/// The `__format__` a class made by a `class` statement defines (or inherits from
/// another such class), looked up on the class as CPython looks up special methods.
fn class_format_method(value: &Obj) -> Option<Obj> {
    let class = match super::instance_class(value) {
        Some(class) => class.clone(),
        None => {
            let ty = value.py_type();
            if !ty.is_heap_type() {
                return None;
            }
            ty.to_object()
        }
    };
    super::class::class_lookup(&class, "__format__")
}

/// The builtin types' `__format__`: str, int, bool, float; `object.__format__` for the
/// others.
fn builtin_format(value: &Obj, spec: &str) -> PyResult<String> {
    let type_name = value.type_name();
    if let Some(text) = value.downcast_ref::<PyStr>() {
        if spec.is_empty() {
            return Ok(text.as_str().to_owned());
        }
        let spec = Spec::parse(spec, type_name, 's', '<')?;
        return match spec.kind {
            's' => format_str(text.as_str(), &spec),
            other => Err(unknown_presentation_type(other, type_name)),
        };
    }
    // An int or a bool (formatted as its int, except with an empty spec: `'True'`).
    if let Some(number) = int_value(value) {
        if spec.is_empty() {
            return value.str();
        }
        let spec = Spec::parse(spec, type_name, 'd', '>')?;
        return match spec.kind {
            'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_int(number, &spec),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float(number.to_f64()?, &spec),
            other => Err(unknown_presentation_type(other, type_name)),
        };
    }
    if let Some(float) = value.downcast_ref::<PyFloat>() {
        if spec.is_empty() {
            return value.str();
        }
        let spec = Spec::parse(spec, type_name, '\0', '>')?;
        return match spec.kind {
            '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => {
                format_float(float.value(), &spec)
            }
            other => Err(unknown_presentation_type(other, type_name)),
        };
    }
    // `object.__format__`.
    if !spec.is_empty() {
        return Err(PyErr::type_error(format!(
            "unsupported format string passed to {type_name}.__format__"
        )));
    }
    value.str()
}

/// The `format(value[, format_spec])` builtin as Python calls it.
pub(crate) fn format_builtin(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("format")?;
    let positional = args.positional_between("format", 1, 2)?;
    let spec = match positional.get(1) {
        None => "",
        Some(spec) => spec.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "format() argument 2 must be str, not {}",
                spec.type_name()
            ))
        })?,
    };
    format_value(&positional[0], spec)
}

// ----- the format spec -------------------------------------------------------------------

/// Which thousands separators a spec asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Grouping {
    /// None.
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three digits.
    Underscore,
    /// `_` every four digits (binary, octal, hex).
    UnderscoreFour,
}

impl Grouping {
    /// The separator and the group size (`None` for no grouping).
    fn separator(self) -> Option<(char, usize)> {
        match self {
            Grouping::None => None,
            Grouping::Comma => Some((',', 3)),
            Grouping::Underscore => Some(('_', 3)),
            Grouping::UnderscoreFour => Some(('_', 4)),
        }
    }
}

/// A parsed format spec (CPython's `InternalFormatSpec`).
#[derive(Debug)]
struct Spec {
    fill: char,
    /// `<`, `>`, `^` or `=`.
    align: char,
    /// `+`, `-`, ` `, or `\0` when not given.
    sign: char,
    /// `z`: negative zero becomes zero.
    no_neg_0: bool,
    /// `#`.
    alternate: bool,
    /// The minimum width, `-1` when not given.
    width: i64,
    grouping: Grouping,
    /// `-1` when not given.
    precision: i64,
    /// The presentation type, `\0` for none.
    kind: char,
}

fn is_alignment(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// The decimal number at `chars[*pos..]` (CPython's `get_integer` of the spec parser):
/// how many digits it had, and its value.
fn spec_integer(chars: &[char], pos: &mut usize) -> PyResult<(usize, i64)> {
    let mut value: i64 = 0;
    let mut count = 0;
    while let Some(digit) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        let digit = i64::from(digit);
        if value > (isize::MAX as i64 - digit) / 10 {
            return Err(PyErr::value_error(
                "Too many decimal digits in format string",
            ));
        }
        value = value * 10 + digit;
        *pos += 1;
        count += 1;
    }
    Ok((count, value))
}

/// `ValueError: Unknown format code 'x' for object of type 'float'`.
fn unknown_presentation_type(kind: char, type_name: &str) -> PyErr {
    let code = u32::from(kind);
    if code > 32 && code < 128 {
        PyErr::value_error(format!(
            "Unknown format code '{kind}' for object of type '{type_name}'"
        ))
    } else {
        PyErr::value_error(format!(
            "Unknown format code '\\x{code:x}' for object of type '{type_name}'"
        ))
    }
}

impl Spec {
    /// Parses `spec` for a value of type `type_name`, with the type's default
    /// presentation type and alignment.
    fn parse(
        spec: &str,
        type_name: &str,
        default_kind: char,
        default_align: char,
    ) -> PyResult<Spec> {
        let chars: Vec<char> = spec.chars().collect();
        let end = chars.len();
        let mut pos = 0;
        let mut parsed = Spec {
            fill: ' ',
            align: default_align,
            sign: '\0',
            no_neg_0: false,
            alternate: false,
            width: -1,
            grouping: Grouping::None,
            precision: -1,
            kind: default_kind,
        };
        let mut align_specified = false;
        let mut fill_specified = false;
        if end >= 2 && is_alignment(chars[1]) {
            parsed.align = chars[1];
            parsed.fill = chars[0];
            fill_specified = true;
            align_specified = true;
            pos = 2;
        } else if end >= 1 && is_alignment(chars[0]) {
            parsed.align = chars[0];
            align_specified = true;
            pos = 1;
        }
        if let Some(&sign @ ('+' | '-' | ' ')) = chars.get(pos) {
            parsed.sign = sign;
            pos += 1;
        }
        if chars.get(pos) == Some(&'z') {
            parsed.no_neg_0 = true;
            pos += 1;
        }
        if chars.get(pos) == Some(&'#') {
            parsed.alternate = true;
            pos += 1;
        }
        if !fill_specified && chars.get(pos) == Some(&'0') {
            parsed.fill = '0';
            if !align_specified && default_align == '>' {
                parsed.align = '=';
            }
            pos += 1;
        }
        let (consumed, width) = spec_integer(&chars, &mut pos)?;
        if consumed > 0 {
            parsed.width = width;
        }
        if chars.get(pos) == Some(&',') {
            parsed.grouping = Grouping::Comma;
            pos += 1;
        }
        if chars.get(pos) == Some(&'_') {
            if parsed.grouping != Grouping::None {
                return Err(PyErr::value_error("Cannot specify both ',' and '_'."));
            }
            parsed.grouping = Grouping::Underscore;
            pos += 1;
        }
        if chars.get(pos) == Some(&',') && parsed.grouping == Grouping::Underscore {
            return Err(PyErr::value_error("Cannot specify both ',' and '_'."));
        }
        if chars.get(pos) == Some(&'.') {
            pos += 1;
            let (consumed, precision) = spec_integer(&chars, &mut pos)?;
            if consumed == 0 {
                return Err(PyErr::value_error("Format specifier missing precision"));
            }
            parsed.precision = precision;
        }
        if end - pos > 1 {
            return Err(PyErr::value_error(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )));
        }
        if end - pos == 1 {
            parsed.kind = chars[pos];
        }
        if parsed.grouping != Grouping::None {
            match parsed.kind {
                'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
                'b' | 'o' | 'x' | 'X' if parsed.grouping == Grouping::Underscore => {
                    parsed.grouping = Grouping::UnderscoreFour;
                }
                other => {
                    let separator = if parsed.grouping == Grouping::Comma {
                        ','
                    } else {
                        '_'
                    };
                    let code = u32::from(other);
                    return Err(PyErr::value_error(if code > 32 && code < 128 {
                        format!("Cannot specify '{separator}' with '{other}'.")
                    } else {
                        format!("Cannot specify '{separator}' with '\\x{code:x}'.")
                    }));
                }
            }
        }
        Ok(parsed)
    }
}

// ----- output helpers ---------------------------------------------------------------------

/// `MemoryError` (a width or precision too large to allocate).
fn memory_error() -> PyErr {
    PyErr::new(&MEMORY_ERROR, "")
}

/// Makes room for `additional` more bytes, or raises `MemoryError`.
fn reserve(out: &mut String, additional: usize) -> PyResult<()> {
    out.try_reserve(additional).map_err(|_| memory_error())
}

/// Appends `count` copies of `fill`.
fn push_fill(out: &mut String, fill: char, count: i64) -> PyResult<()> {
    if count <= 0 {
        return Ok(());
    }
    let count = usize::try_from(count).map_err(|_| memory_error())?;
    reserve(
        out,
        count
            .checked_mul(fill.len_utf8())
            .ok_or_else(memory_error)?,
    )?;
    out.extend(std::iter::repeat_n(fill, count));
    Ok(())
}

/// CPython's `calc_padding`: left padding, right padding for `chars` characters.
fn calc_padding(chars: i64, width: i64, align: char) -> (i64, i64) {
    let total = if width >= 0 { width.max(chars) } else { chars };
    let left = match align {
        '>' => total - chars,
        '^' => (total - chars) / 2,
        _ => 0,
    };
    (left, total - chars - left)
}

/// The digits with thousands separators, and `min_width` of leading zeros taking part
/// in the grouping (CPython's `_PyUnicode_InsertThousandsGrouping`). `digits` is ASCII.
fn group_digits(digits: &str, min_width: i64, grouping: Option<(char, usize)>) -> PyResult<String> {
    let digits = digits.as_bytes();
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    // Written from the right, then reversed: every byte is ASCII.
    let mut reversed: Vec<u8> = Vec::new();
    let estimate = usize::try_from(min_width.max(remaining)).map_err(|_| memory_error())?;
    reversed
        .try_reserve(estimate.saturating_add(estimate / 3).saturating_add(1))
        .map_err(|_| memory_error())?;
    let separator = grouping.map_or(b',', |(separator, _)| separator as u8);
    let mut end = digits.len();
    let mut use_separator = false;
    let mut group = |len: i64, remaining: &mut i64, use_separator: bool| {
        let zeros = (len - *remaining).max(0) as usize;
        let count = (*remaining).min(len).max(0) as usize;
        if use_separator {
            reversed.push(separator);
        }
        reversed.extend(digits[end - count..end].iter().rev());
        reversed.extend(std::iter::repeat_n(b'0', zeros));
        end -= count;
        *remaining -= count as i64;
    };
    let mut finished = false;
    if let Some((_, size)) = grouping {
        let size = size as i64;
        loop {
            let len = size.min(remaining.max(min_width).max(1));
            group(len, &mut remaining, use_separator);
            use_separator = true;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                finished = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !finished {
        let len = remaining.max(min_width).max(1);
        group(len, &mut remaining, use_separator);
    }
    reversed.reverse();
    Ok(String::from_utf8(reversed).unwrap_or_default())
}

/// The parts of a number to lay out.
struct Number<'a> {
    negative: bool,
    /// `0x`, `0b`, `0o` (or upper case), or empty.
    prefix: &'a str,
    /// The digits before the decimal point (grouped).
    digits: &'a str,
    /// Whether a decimal point follows the digits.
    decimal: bool,
    /// What follows: fraction, exponent, `%`, `inf`, a `c` character.
    rest: &'a str,
}

/// Lays a number out as CPython's `calc_number_widths` and `fill_number` do.
fn fill_number(number: &Number<'_>, spec: &Spec, grouping: Grouping) -> PyResult<String> {
    let sign = match spec.sign {
        '+' => Some(if number.negative { '-' } else { '+' }),
        ' ' => Some(if number.negative { '-' } else { ' ' }),
        _ => number.negative.then_some('-'),
    };
    let separator = grouping.separator();
    let prefix_len = number.prefix.len() as i64;
    let rest_len = number.rest.chars().count() as i64;
    let non_digits = i64::from(sign.is_some()) + prefix_len + i64::from(number.decimal) + rest_len;
    let min_width = if spec.fill == '0' && spec.align == '=' {
        spec.width - non_digits
    } else {
        0
    };
    let grouped = if number.digits.is_empty() {
        String::new()
    } else {
        group_digits(number.digits, min_width, separator)?
    };
    let padding = spec.width - (non_digits + grouped.len() as i64);
    let (mut left, mut inner, mut right) = (0, 0, 0);
    if padding > 0 {
        match spec.align {
            '<' => right = padding,
            '^' => {
                left = padding / 2;
                right = padding - left;
            }
            '=' => inner = padding,
            _ => left = padding,
        }
    }
    let mut out = String::new();
    reserve(
        &mut out,
        grouped.len() + number.rest.len() + number.prefix.len() + 2,
    )?;
    push_fill(&mut out, spec.fill, left)?;
    if let Some(sign) = sign {
        out.push(sign);
    }
    out.push_str(number.prefix);
    push_fill(&mut out, spec.fill, inner)?;
    out.push_str(&grouped);
    if number.decimal {
        out.push('.');
    }
    out.push_str(number.rest);
    push_fill(&mut out, spec.fill, right)?;
    Ok(out)
}

// ----- str ------------------------------------------------------------------------------------

/// `str.__format__` with a parsed spec (CPython's `format_string_internal`).
fn format_str(text: &str, spec: &Spec) -> PyResult<String> {
    if spec.sign != '\0' {
        return Err(PyErr::value_error(if spec.sign == ' ' {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }));
    }
    if spec.no_neg_0 {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(PyErr::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(PyErr::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let mut len = text.chars().count() as i64;
    if spec.precision >= 0 && len >= spec.precision {
        len = spec.precision;
    }
    let (left, right) = calc_padding(len, spec.width, spec.align);
    let mut out = String::new();
    reserve(&mut out, text.len())?;
    push_fill(&mut out, spec.fill, left)?;
    out.extend(text.chars().take(len as usize));
    push_fill(&mut out, spec.fill, right)?;
    Ok(out)
}

// ----- int ------------------------------------------------------------------------------------

/// The magnitude of an int in base 2, 8, 10 or 16 (lower case), with CPython's limit on
/// decimal digits.
fn int_digits(value: IntRef<'_>, base: u32) -> PyResult<String> {
    if base == 10 {
        let text = value.to_decimal()?;
        return Ok(match text.strip_prefix('-') {
            Some(digits) => digits.to_owned(),
            None => text,
        });
    }
    Ok(match value {
        IntRef::Small(small) => {
            let magnitude = small.unsigned_abs();
            match base {
                2 => format!("{magnitude:b}"),
                8 => format!("{magnitude:o}"),
                _ => format!("{magnitude:x}"),
            }
        }
        IntRef::Big(big) => big.magnitude().to_str_radix(base),
    })
}

fn int_is_negative(value: IntRef<'_>) -> bool {
    match value {
        IntRef::Small(small) => small < 0,
        IntRef::Big(big) => big.is_negative(),
    }
}

/// `int.__format__` for the integer presentation types (CPython's
/// `format_long_internal`).
fn format_int(value: IntRef<'_>, spec: &Spec) -> PyResult<String> {
    if spec.precision != -1 {
        return Err(PyErr::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if spec.kind == 'c' {
        if spec.sign != '\0' {
            return Err(PyErr::value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(PyErr::value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let code = match value {
            IntRef::Small(small) => small,
            IntRef::Big(_) => {
                return Err(PyErr::overflow_error(
                    "Python int too large to convert to C long",
                ));
            }
        };
        let character = code_point(code)?;
        let rest = character.to_string();
        let number = Number {
            negative: false,
            prefix: "",
            digits: "",
            decimal: false,
            rest: &rest,
        };
        return fill_number(&number, spec, Grouping::None);
    }
    let (base, prefix) = match spec.kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = int_digits(value, base)?;
    if spec.kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let number = Number {
        negative: int_is_negative(value),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        decimal: false,
        rest: "",
    };
    // `n`: the C locale's grouping, which is none.
    let grouping = if spec.kind == 'n' {
        Grouping::None
    } else {
        spec.grouping
    };
    fill_number(&number, spec, grouping)
}

/// The character of a `%c`/`c` code point: `OverflowError: %c arg not in
/// range(0x110000)` outside it.
fn code_point(code: i64) -> PyResult<char> {
    if !(0..=0x10ffff).contains(&code) {
        return Err(PyErr::overflow_error("%c arg not in range(0x110000)"));
    }
    // A surrogate cannot be held by a Rust string (CPython's str can hold one).
    char::from_u32(code as u32).ok_or_else(|| {
        PyErr::value_error(format!(
            "%c arg is a surrogate code point (U+{code:04X}), which a pyobj str cannot hold"
        ))
    })
}

// ----- float ----------------------------------------------------------------------------------

/// What digits `dtoa` is asked for (David Gay's modes).
#[derive(Clone, Copy)]
enum DigitsMode {
    /// Mode 0: the shortest digits that read back as the same double.
    Shortest,
    /// Mode 2: this many significant digits (at least 1), correctly rounded.
    Significant(usize),
    /// Mode 3: the digits up to this many places after the decimal point, correctly
    /// rounded.
    Fixed(usize),
}

/// The decimal digits of a finite `value >= 0` (no trailing zeros; `"0"` for a zero
/// result) and the position of the decimal point: the value is `0.DIGITS * 10**decpt`.
/// CPython's `_Py_dg_dtoa`, from Rust's correctly rounded (ties to even) formatting.
fn dtoa(value: f64, mode: DigitsMode) -> (String, i64) {
    let (mut digits, decpt) = match mode {
        DigitsMode::Shortest | DigitsMode::Significant(_) => {
            let text = match mode {
                // A double's exact decimal expansion has at most 767 significant digits:
                // more only adds zeros, which are stripped below.
                DigitsMode::Significant(count) => format!("{:.*e}", count.clamp(1, 800) - 1, value),
                _ => format!("{value:e}"),
            };
            let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
            let exponent: i64 = exponent.parse().unwrap_or(0);
            let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            (digits, exponent + 1)
        }
        DigitsMode::Fixed(places) => {
            // At most 1074 places after the point are nonzero.
            let text = format!("{:.*}", places.min(1100), value);
            let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
            let all = format!("{whole}{fraction}");
            let leading = all.len() - all.trim_start_matches('0').len();
            (
                all[leading..].to_owned(),
                whole.len() as i64 - leading as i64,
            )
        }
    };
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept);
    if digits.is_empty() {
        return ("0".to_owned(), 1);
    }
    (digits, decpt)
}

/// CPython's `PyOS_double_to_string` (with `format_float_short`): `code` is `e`, `f`,
/// `g` (or upper case) or `r` (the repr-like none type).
fn double_to_string(
    value: f64,
    code: char,
    precision: i64,
    add_dot_0: bool,
    alternate: bool,
    no_neg_0: bool,
) -> PyResult<String> {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    if value.is_nan() {
        return Ok(if upper { "NAN" } else { "nan" }.to_owned());
    }
    let mut negative = value.is_sign_negative();
    if value.is_infinite() {
        let text = if upper { "INF" } else { "inf" };
        return Ok(if negative {
            format!("-{text}")
        } else {
            text.to_owned()
        });
    }
    let count = |precision: i64| usize::try_from(precision).unwrap_or(0);
    let (mode, precision) = match code {
        'e' => (DigitsMode::Significant(count(precision + 1)), precision + 1),
        'f' => (DigitsMode::Fixed(count(precision)), precision),
        'g' => (
            DigitsMode::Significant(count(precision.max(1))),
            precision.max(1),
        ),
        _ => (DigitsMode::Shortest, 0),
    };
    let (digits, mut decpt) = dtoa(value.abs(), mode);
    if no_neg_0 && negative && digits == "0" {
        negative = false;
    }
    let digits_len = digits.len() as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if add_dot_0 { precision - 1 } else { precision };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if alternate {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exponent = 0;
    if use_exp {
        exponent = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    let mut out = String::new();
    let size = usize::try_from(vdigits_end - vdigits_start + 10).map_err(|_| memory_error())?;
    reserve(&mut out, size)?;
    if negative {
        out.push('-');
    }
    if decpt <= 0 {
        push_fill(&mut out, '0', decpt - vdigits_start)?;
        out.push('.');
        push_fill(&mut out, '0', -decpt)?;
    } else {
        push_fill(&mut out, '0', -vdigits_start)?;
    }
    if 0 < decpt && decpt <= digits_len {
        let (whole, fraction) = digits.split_at(decpt as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        out.push_str(&digits);
    }
    if digits_len < decpt {
        push_fill(&mut out, '0', decpt - digits_len)?;
        out.push('.');
        push_fill(&mut out, '0', vdigits_end - decpt)?;
    } else {
        push_fill(&mut out, '0', vdigits_end - digits_len)?;
    }
    if out.ends_with('.') && !alternate {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exponent.unsigned_abs()));
    }
    Ok(out)
}

/// `float.__format__` with a parsed spec (CPython's `format_float_internal`); ints
/// formatted with a float type come here converted.
fn format_float(value: f64, spec: &Spec) -> PyResult<String> {
    if spec.precision > i64::from(i32::MAX) {
        return Err(PyErr::value_error("precision too big"));
    }
    let mut kind = spec.kind;
    let mut add_dot_0 = false;
    let mut default_precision = 6;
    if kind == '\0' {
        // Like `repr`, or like `g` with at least one digit after the point when a
        // precision is given.
        add_dot_0 = true;
        kind = 'r';
        default_precision = 0;
    }
    if kind == 'n' {
        kind = 'g';
    }
    let mut value = value;
    let mut percent = false;
    if kind == '%' {
        kind = 'f';
        value *= 100.0;
        percent = true;
    }
    let precision = if spec.precision < 0 {
        default_precision
    } else {
        if kind == 'r' {
            kind = 'g';
        }
        spec.precision
    };
    let mut text = double_to_string(
        value,
        kind,
        precision,
        add_dot_0,
        spec.alternate,
        spec.no_neg_0,
    )?;
    if percent {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, text.as_str()),
    };
    let digits_end = body
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(body.len());
    let (digits, after) = body.split_at(digits_end);
    let (decimal, rest) = match after.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let number = Number {
        negative,
        prefix: "",
        digits,
        decimal,
        rest,
    };
    let grouping = if spec.kind == 'n' {
        Grouping::None
    } else {
        spec.grouping
    };
    fill_number(&number, spec, grouping)
}

// ----- conversions -------------------------------------------------------------------------

/// `ascii(obj)`: the repr with every non-ASCII character escaped (`\xe9`, `\u20ac`,
/// `\U0001f600`).
pub(crate) fn ascii(obj: &Obj) -> PyResult<String> {
    let repr = obj.repr()?;
    if repr.is_ascii() {
        return Ok(repr);
    }
    let mut out = String::with_capacity(repr.len() + 8);
    for c in repr.chars() {
        let code = u32::from(c);
        match code {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{code:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{code:04x}")),
            _ => out.push_str(&format!("\\U{code:08x}")),
        }
    }
    Ok(out)
}

// ----- str.format ---------------------------------------------------------------------------

/// Where `str.format`'s fields come from.
enum Fields<'a> {
    /// `str.format(*args, **kwargs)`.
    Call(&'a Args<'a>),
    /// `str.format_map(mapping)`: names only.
    Map(&'a Obj),
}

/// Automatic (`{}`) or manual (`{0}`) field numbering: one or the other per call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Unknown,
    Automatic,
    Manual,
}

/// The numbering state of one `str.format` call.
struct AutoNumber {
    state: Numbering,
    next: usize,
}

/// A field index or name's number (CPython's `get_integer` of `str.format`): `None`
/// for an empty or non-numeric text.
fn field_integer(text: &[char]) -> PyResult<Option<usize>> {
    if text.is_empty() {
        return Ok(None);
    }
    let mut value: usize = 0;
    for c in text {
        let Some(digit) = c.to_digit(10) else {
            return Ok(None);
        };
        let digit = digit as usize;
        if value > (isize::MAX as usize - digit) / 10 {
            return Err(PyErr::value_error(
                "Too many decimal digits in format string",
            ));
        }
        value = value * 10 + digit;
    }
    Ok(Some(value))
}

/// The object a field name names (CPython's `get_field_object`).
fn field_object(name: &[char], fields: &Fields<'_>, auto: &mut AutoNumber) -> PyResult<Obj> {
    let split = name
        .iter()
        .position(|&c| c == '.' || c == '[')
        .unwrap_or(name.len());
    let (first, rest) = name.split_at(split);
    let mut index = field_integer(first)?;
    let empty = first.is_empty();
    if empty || index.is_some() {
        if auto.state == Numbering::Unknown {
            auto.state = if empty {
                Numbering::Automatic
            } else {
                Numbering::Manual
            };
        }
        if auto.state == Numbering::Manual && empty {
            return Err(PyErr::value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        if auto.state == Numbering::Automatic && !empty {
            return Err(PyErr::value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        if empty {
            index = Some(auto.next);
            auto.next += 1;
        }
    }
    let mut obj = match (index, fields) {
        (None, Fields::Call(args)) => {
            let key: String = first.iter().collect();
            match args.keywords().iter().find(|(name, _)| *name == key) {
                Some((_, value)) => value.clone(),
                None => return Err(PyErr::key_error(Obj::from(key))),
            }
        }
        (None, Fields::Map(mapping)) => {
            let key: String = first.iter().collect();
            mapping.get_item(&Obj::from(key))?
        }
        (Some(index), Fields::Call(args)) => match args.positional().get(index) {
            Some(value) => value.clone(),
            None => {
                return Err(PyErr::index_error(format!(
                    "Replacement index {index} out of range for positional args tuple"
                )));
            }
        },
        (Some(_), Fields::Map(_)) => {
            return Err(PyErr::value_error(
                "Format string contains positional fields",
            ));
        }
    };
    let mut pos = 0;
    while pos < rest.len() {
        let lead = rest[pos];
        pos += 1;
        let start = pos;
        let (attribute, part) = match lead {
            '.' => {
                while pos < rest.len() && rest[pos] != '.' && rest[pos] != '[' {
                    pos += 1;
                }
                (true, &rest[start..pos])
            }
            '[' => {
                while pos < rest.len() && rest[pos] != ']' {
                    pos += 1;
                }
                if pos == rest.len() {
                    return Err(PyErr::value_error("Missing ']' in format string"));
                }
                pos += 1;
                (false, &rest[start..pos - 1])
            }
            _ => {
                return Err(PyErr::value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        };
        let index = if attribute {
            None
        } else {
            field_integer(part)?
        };
        if part.is_empty() {
            return Err(PyErr::value_error("Empty attribute in format string"));
        }
        let text: String = part.iter().collect();
        obj = if attribute {
            obj.getattr(&text)?
        } else {
            match index {
                Some(index) => obj.get_item(&Obj::from(index))?,
                None => obj.get_item(&Obj::from(text))?,
            }
        };
    }
    Ok(obj)
}

/// A replacement field's parts: name, conversion, spec, and whether the spec holds
/// nested fields.
struct Field {
    name: std::ops::Range<usize>,
    conversion: Option<char>,
    spec: std::ops::Range<usize>,
    nested: bool,
}

/// Parses the replacement field starting at `*pos` (after its `{`), up to its `}`
/// (CPython's `parse_field`).
fn parse_field(chars: &[char], pos: &mut usize) -> PyResult<Field> {
    let end = chars.len();
    let name_start = *pos;
    let mut c = '\0';
    while *pos < end {
        c = chars[*pos];
        *pos += 1;
        match c {
            '{' => return Err(PyErr::value_error("unexpected '{' in field name")),
            '[' => {
                while *pos < end && chars[*pos] != ']' {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break,
            _ => {}
        }
    }
    let name = name_start..(*pos).saturating_sub(1).max(name_start);
    let empty_spec = *pos..*pos;
    match c {
        '!' | ':' => {
            let mut conversion = None;
            if c == '!' {
                if *pos >= end {
                    return Err(PyErr::value_error(
                        "end of string while looking for conversion specifier",
                    ));
                }
                conversion = Some(chars[*pos]);
                *pos += 1;
                if *pos < end {
                    let next = chars[*pos];
                    *pos += 1;
                    if next == '}' {
                        return Ok(Field {
                            name,
                            conversion,
                            spec: empty_spec,
                            nested: false,
                        });
                    }
                    if next != ':' {
                        return Err(PyErr::value_error(
                            "expected ':' after conversion specifier",
                        ));
                    }
                }
            }
            let spec_start = *pos;
            let mut depth = 1;
            let mut nested = false;
            while *pos < end {
                let c = chars[*pos];
                *pos += 1;
                match c {
                    '{' => {
                        nested = true;
                        depth += 1;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(Field {
                                name,
                                conversion,
                                spec: spec_start..*pos - 1,
                                nested,
                            });
                        }
                    }
                    _ => {}
                }
            }
            Err(PyErr::value_error("unmatched '{' in format spec"))
        }
        '}' => Ok(Field {
            name,
            conversion: None,
            spec: empty_spec,
            nested: false,
        }),
        _ => Err(PyErr::value_error("expected '}' before end of string")),
    }
}

/// `!r`, `!s`, `!a`.
fn convert_field(obj: Obj, conversion: char) -> PyResult<Obj> {
    match conversion {
        'r' => Ok(Obj::from(obj.repr()?)),
        's' => Ok(Obj::from(obj.str()?)),
        'a' => Ok(Obj::from(ascii(&obj)?)),
        other => {
            let code = u32::from(other);
            Err(PyErr::value_error(if code > 32 && code < 127 {
                format!("Unknown conversion specifier {other}")
            } else {
                format!("Unknown conversion specifier \\x{code:x}")
            }))
        }
    }
}

/// The formatted text of `chars` (CPython's `build_string`); `depth` counts the nested
/// specs still allowed.
fn build_string(
    chars: &[char],
    fields: &Fields<'_>,
    depth: u32,
    auto: &mut AutoNumber,
) -> PyResult<String> {
    if depth == 0 {
        return Err(PyErr::value_error("Max string recursion exceeded"));
    }
    let end = chars.len();
    let mut out = String::with_capacity(end);
    let mut pos = 0;
    while pos < end {
        let start = pos;
        let mut c = '\0';
        let mut markup = false;
        while pos < end {
            c = chars[pos];
            pos += 1;
            if c == '{' || c == '}' {
                markup = true;
                break;
            }
        }
        let at_end = pos >= end;
        let mut literal_end = pos;
        if c == '}' && (at_end || chars[pos] != '}') {
            return Err(PyErr::value_error(
                "Single '}' encountered in format string",
            ));
        }
        if at_end && c == '{' {
            return Err(PyErr::value_error(
                "Single '{' encountered in format string",
            ));
        }
        if !at_end && markup {
            if chars[pos] == c {
                // `{{` or `}}`: one brace of literal text.
                pos += 1;
                markup = false;
            } else {
                literal_end -= 1;
            }
        }
        out.extend(&chars[start..literal_end]);
        if !markup {
            continue;
        }
        let field = parse_field(chars, &mut pos)?;
        let mut obj = field_object(&chars[field.name.clone()], fields, auto)?;
        if let Some(conversion) = field.conversion {
            obj = convert_field(obj, conversion)?;
        }
        let spec: String = if field.nested {
            build_string(&chars[field.spec.clone()], fields, depth - 1, auto)?
        } else {
            chars[field.spec.clone()].iter().collect()
        };
        let text = format_value(&obj, &spec)?;
        out.push_str(text.as_str().unwrap_or_default());
    }
    Ok(out)
}

/// `str.format(*args, **kwargs)`.
pub(crate) fn str_format(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let text = obj.value_as::<PyStr>()?.as_str();
    let chars: Vec<char> = text.chars().collect();
    let mut auto = AutoNumber {
        state: Numbering::Unknown,
        next: 0,
    };
    build_string(&chars, &Fields::Call(args), 2, &mut auto).map(Obj::from)
}

/// `str.format_map(mapping)`.
pub(crate) fn str_format_map(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let mapping = args.one("str.format_map")?;
    let text = obj.value_as::<PyStr>()?.as_str();
    let chars: Vec<char> = text.chars().collect();
    let mut auto = AutoNumber {
        state: Numbering::Unknown,
        next: 0,
    };
    build_string(&chars, &Fields::Map(mapping), 2, &mut auto).map(Obj::from)
}

// ----- str % args ---------------------------------------------------------------------------

/// `-` flag of a `%` conversion.
const F_LJUST: u8 = 1;
/// `+`.
const F_SIGN: u8 = 2;
/// ` `.
const F_BLANK: u8 = 4;
/// `#`.
const F_ALT: u8 = 8;
/// `0`.
const F_ZERO: u8 = 16;

/// The arguments of `format % args` as CPython's `unicode_formatter_t` tracks them.
struct PrintfArgs<'a> {
    /// The tuple, the single value, or the mapping's value of the last `%(key)`.
    args: Obj,
    /// The tuple's length, or -1 for a single value.
    arglen: isize,
    /// The next item (-2 for a single value not yet used).
    argidx: isize,
    /// The mapping, when the right operand is one.
    dict: Option<&'a Obj>,
}

impl PrintfArgs<'_> {
    /// The next argument, or `TypeError: not enough arguments for format string`.
    fn next(&mut self) -> PyResult<Obj> {
        if self.argidx < self.arglen {
            let index = self.argidx;
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.args.clone());
            }
            if let Some(tuple) = self.args.downcast_ref::<PyTuple>()
                && let Some(item) = tuple.as_slice().get(index as usize)
            {
                return Ok(item.clone());
            }
        }
        Err(PyErr::type_error("not enough arguments for format string"))
    }
}

/// One `%` conversion being parsed (CPython's `unicode_format_arg_t`).
struct Conversion {
    ch: char,
    flags: u8,
    /// -1 when not given.
    width: i64,
    /// -1 when not given.
    prec: i64,
    /// Whether the text is a number whose sign the layout handles.
    sign: bool,
}

/// The right operand of `%` is a mapping (CPython's `PyMapping_Check`, less tuples and
/// strs): `%(name)s` may use it, and unused values are no error.
fn is_mapping(obj: &Obj) -> bool {
    obj.py_type().lookup(|ty| ty.getitem).is_some()
        && !obj.is_exact::<PyTuple>()
        && !obj.is_exact::<PyStr>()
}

/// Whether `obj` is a number for `%d` (CPython's `PyNumber_Check`).
fn is_number(obj: &Obj) -> bool {
    int_value(obj).is_some()
        || obj.is_exact::<PyFloat>()
        || obj.py_type().number_slot(|number| number.index).is_some()
        || obj.py_type().number_slot(|number| number.int).is_some()
        || obj.py_type().number_slot(|number| number.float).is_some()
}

/// A `*` width or precision argument: an int.
fn star_argument(value: &Obj) -> PyResult<IntRef<'_>> {
    int_value(value).ok_or_else(|| PyErr::type_error("* wants int"))
}

/// `str % args` (the `%` operator's slot for a str left operand): `NotImplemented` when
/// the left operand is not a str.
pub(crate) fn str_mod(left: &Obj, right: &Obj) -> PyResult<Obj> {
    let Some(format) = left.downcast_ref::<PyStr>() else {
        return Ok(Obj::not_implemented());
    };
    printf(format.as_str(), right).map(Obj::from)
}

/// CPython's `PyUnicode_Format`.
fn printf(format: &str, args: &Obj) -> PyResult<String> {
    let chars: Vec<char> = format.chars().collect();
    let (arglen, argidx) = match args.downcast_ref::<PyTuple>() {
        Some(tuple) => (tuple.as_slice().len() as isize, 0),
        None => (-1, -2),
    };
    let mut state = PrintfArgs {
        args: args.clone(),
        arglen,
        argidx,
        dict: is_mapping(args).then_some(args),
    };
    let mut out = String::with_capacity(format.len() + 16);
    let mut pos = 0;
    while pos < chars.len() {
        if chars[pos] != '%' {
            let start = pos;
            while pos < chars.len() && chars[pos] != '%' {
                pos += 1;
            }
            out.extend(&chars[start..pos]);
            continue;
        }
        pos += 1;
        if chars.get(pos) == Some(&'%') {
            out.push('%');
            pos += 1;
            continue;
        }
        printf_conversion(&chars, &mut pos, &mut state, &mut out)?;
        if state.dict.is_some() && state.argidx < state.arglen {
            return Err(not_all_converted());
        }
    }
    if state.argidx < state.arglen && state.dict.is_none() {
        return Err(not_all_converted());
    }
    Ok(out)
}

fn not_all_converted() -> PyErr {
    PyErr::type_error("not all arguments converted during string formatting")
}

/// Reads the characters of a `%` conversion (CPython's `fmtpos`/`fmtcnt` pair).
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
    /// A read found the end of the format.
    exhausted: bool,
}

impl Cursor<'_> {
    /// The next character, if any.
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        match c {
            Some(_) => self.pos += 1,
            None => self.exhausted = true,
        }
        c
    }

    /// A decimal number whose first digit was read already (`ch`), ending at the first
    /// non-digit (left in `ch`); `ValueError(too_big)` past `limit`.
    fn number(&mut self, ch: &mut char, limit: i64, too_big: &str) -> PyResult<i64> {
        let mut value = i64::from(ch.to_digit(10).unwrap_or(0));
        while let Some(c) = self.read() {
            *ch = c;
            let Some(digit) = c.to_digit(10) else {
                break;
            };
            let digit = i64::from(digit);
            if value > (limit - digit) / 10 {
                return Err(PyErr::value_error(too_big.to_owned()));
            }
            value = value * 10 + digit;
        }
        Ok(value)
    }
}

/// Parses and writes one conversion; `*pos` is just after its `%`.
fn printf_conversion(
    chars: &[char],
    pos: &mut usize,
    state: &mut PrintfArgs<'_>,
    out: &mut String,
) -> PyResult<()> {
    let mut cursor = Cursor {
        chars,
        pos: *pos,
        exhausted: false,
    };
    let mut arg = Conversion {
        ch: chars.get(*pos).copied().unwrap_or('\0'),
        flags: 0,
        width: -1,
        prec: -1,
        sign: false,
    };
    // `%(name)s`: the argument is `mapping[name]`.
    if arg.ch == '(' {
        let Some(dict) = state.dict else {
            return Err(PyErr::type_error("format requires a mapping"));
        };
        cursor.pos += 1;
        let key_start = cursor.pos;
        let mut depth = 1;
        while depth > 0 {
            match cursor.read() {
                Some(')') => depth -= 1,
                Some('(') => depth += 1,
                Some(_) => {}
                None => return Err(PyErr::value_error("incomplete format key")),
            }
        }
        let key: String = chars[key_start..cursor.pos - 1].iter().collect();
        state.args = dict.get_item(&Obj::from(key))?;
        state.arglen = -1;
        state.argidx = -2;
    }
    // Flags.
    while let Some(c) = cursor.read() {
        arg.ch = c;
        match c {
            '-' => arg.flags |= F_LJUST,
            '+' => arg.flags |= F_SIGN,
            ' ' => arg.flags |= F_BLANK,
            '#' => arg.flags |= F_ALT,
            '0' => arg.flags |= F_ZERO,
            _ => break,
        }
    }
    // Width.
    if arg.ch == '*' {
        let value = state.next()?;
        let width = match star_argument(&value)? {
            IntRef::Small(small) if small != i64::MIN => small,
            _ => {
                return Err(PyErr::overflow_error(
                    "Python int too large to convert to C ssize_t",
                ));
            }
        };
        if width < 0 {
            arg.flags |= F_LJUST;
        }
        arg.width = width.abs();
        if let Some(c) = cursor.read() {
            arg.ch = c;
        }
    } else if arg.ch.is_ascii_digit() {
        arg.width = cursor.number(&mut arg.ch, isize::MAX as i64, "width too big")?;
    }
    // Precision.
    if arg.ch == '.' {
        arg.prec = 0;
        if let Some(c) = cursor.read() {
            arg.ch = c;
        }
        if arg.ch == '*' {
            let value = state.next()?;
            let prec = match star_argument(&value)? {
                IntRef::Small(small) => i32::try_from(small).ok(),
                IntRef::Big(_) => None,
            }
            .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))?;
            arg.prec = i64::from(prec.max(0));
            if let Some(c) = cursor.read() {
                arg.ch = c;
            }
        } else if arg.ch.is_ascii_digit() {
            arg.prec = cursor.number(&mut arg.ch, i64::from(i32::MAX), "precision too big")?;
        }
    }
    // `%ld`, `%hd`, `%Ld`: the length modifier is ignored.
    if !cursor.exhausted
        && matches!(arg.ch, 'h' | 'l' | 'L')
        && let Some(c) = cursor.read()
    {
        arg.ch = c;
    }
    if cursor.exhausted {
        return Err(PyErr::value_error("incomplete format"));
    }
    *pos = cursor.pos;
    let value = state.next()?;
    let text = match arg.ch {
        's' => value.str()?,
        'r' => value.repr()?,
        'a' => ascii(&value)?,
        'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
            arg.sign = true;
            printf_int(&value, &arg)?
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            arg.sign = true;
            let x = printf_float_value(&value)?;
            let prec = if arg.prec < 0 { 6 } else { arg.prec };
            double_to_string(x, arg.ch, prec, false, arg.flags & F_ALT != 0, false)?
        }
        'c' => printf_char(&value)?.to_string(),
        other => {
            let code = u32::from(other);
            let shown = if (31..=126).contains(&code) {
                other
            } else {
                '?'
            };
            return Err(PyErr::value_error(format!(
                "unsupported format character '{shown}' (0x{code:x}) at index {}",
                *pos - 1
            )));
        }
    };
    printf_output(out, &mut arg, &text)
}

/// The text of `%d`/`%x`/... (CPython's `mainformatlong` and `_PyUnicode_FormatLong`).
fn printf_int(value: &Obj, arg: &Conversion) -> PyResult<String> {
    let wrong_type = || {
        PyErr::type_error(match arg.ch {
            'o' | 'x' | 'X' => format!(
                "%{} format: an integer is required, not {}",
                arg.ch,
                value.type_name()
            ),
            _ => format!(
                "%{} format: a real number is required, not {}",
                arg.ch,
                value.type_name()
            ),
        })
    };
    if !is_number(value) {
        return Err(wrong_type());
    }
    let converted;
    let number = match int_value(value) {
        Some(number) => number,
        None => {
            let result = if matches!(arg.ch, 'o' | 'x' | 'X') {
                index_value(value).map(Obj::int)
            } else {
                to_int(value)
            };
            converted = match result {
                Ok(converted) => converted,
                Err(error) if error.is_instance(&TYPE_ERROR) => return Err(wrong_type()),
                Err(error) => return Err(error),
            };
            int_value(&converted).ok_or_else(wrong_type)?
        }
    };
    let (base, prefix) = match arg.ch {
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    let digits = int_digits(number, base)?;
    let mut text = String::with_capacity(digits.len() + 4);
    if int_is_negative(number) {
        text.push('-');
    }
    if arg.flags & F_ALT != 0 {
        text.push_str(prefix);
    }
    if arg.prec > digits.len() as i64 {
        push_fill(&mut text, '0', arg.prec - digits.len() as i64)?;
    }
    text.push_str(&digits);
    if arg.ch == 'X' {
        text.make_ascii_uppercase();
    }
    Ok(text)
}

/// The double of a `%f` argument (CPython's `PyFloat_AsDouble`).
fn printf_float_value(value: &Obj) -> PyResult<f64> {
    if let Some(x) = as_f64(value)? {
        return Ok(x);
    }
    if let Some(float) = value.py_type().number_slot(|number| number.float) {
        return float(value);
    }
    if value.py_type().number_slot(|number| number.index).is_some() {
        return index_value(value)?.as_ref().to_f64();
    }
    Err(PyErr::type_error(format!(
        "must be real number, not {}",
        value.type_name()
    )))
}

/// The character of `%c`: a one-character str or a code point.
fn printf_char(value: &Obj) -> PyResult<char> {
    let wrong = || PyErr::type_error("%c requires int or char");
    if let Some(text) = value.downcast_ref::<PyStr>() {
        let mut chars = text.as_str().chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(wrong()),
        };
    }
    let converted;
    let number = match int_value(value) {
        Some(number) => number,
        None => {
            if value.py_type().number_slot(|number| number.index).is_none() {
                return Err(wrong());
            }
            converted = Obj::int(index_value(value)?);
            int_value(&converted).ok_or_else(wrong)?
        }
    };
    match number {
        IntRef::Small(code) => code_point(code),
        IntRef::Big(big) => code_point(big.to_i64().unwrap_or(-1)),
    }
}

/// Writes a conversion's text with its width, sign and fill (CPython's
/// `unicode_format_arg_output`).
fn printf_output(out: &mut String, arg: &mut Conversion, text: &str) -> PyResult<()> {
    let fill = if arg.sign && arg.flags & F_ZERO != 0 {
        '0'
    } else {
        ' '
    };
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.len() as i64;
    if (arg.width == -1 || arg.width <= len)
        && (arg.prec == -1 || arg.prec >= len)
        && arg.flags & (F_SIGN | F_BLANK) == 0
    {
        out.push_str(text);
        return Ok(());
    }
    if matches!(arg.ch, 's' | 'r' | 'a') && arg.prec >= 0 && len > arg.prec {
        len = arg.prec;
    }
    let mut index = 0usize;
    let mut sign_char = '\0';
    if arg.sign {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                sign_char = c;
                len -= 1;
                index = 1;
            }
            _ if arg.flags & F_SIGN != 0 => sign_char = '+',
            _ if arg.flags & F_BLANK != 0 => sign_char = ' ',
            _ => arg.sign = false,
        }
    }
    if arg.width < len {
        arg.width = len;
    }
    reserve(out, usize::try_from(arg.width).unwrap_or(0) + 2)?;
    if arg.sign {
        if fill != ' ' {
            out.push(sign_char);
        }
        if arg.width > len {
            arg.width -= 1;
        }
    }
    let prefixed = arg.flags & F_ALT != 0 && matches!(arg.ch, 'x' | 'X' | 'o');
    if prefixed {
        if fill != ' ' {
            out.push('0');
            out.push(arg.ch);
            index += 2;
        }
        arg.width = (arg.width - 2).max(0);
        len -= 2;
    }
    if arg.width > len && arg.flags & F_LJUST == 0 {
        push_fill(out, fill, arg.width - len)?;
        arg.width = len;
    }
    if fill == ' ' {
        if arg.sign {
            out.push(sign_char);
        }
        if prefixed {
            out.push('0');
            out.push(arg.ch);
            index += 2;
        }
    }
    let count = usize::try_from(len).unwrap_or(0);
    out.extend(chars.iter().skip(index).take(count));
    if arg.width > len {
        push_fill(out, ' ', arg.width - len)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{DigitsMode, dtoa, group_digits};

    #[test]
    fn dtoa_gives_gays_digits_and_point() {
        assert_eq!(dtoa(0.0, DigitsMode::Shortest), ("0".to_owned(), 1));
        assert_eq!(dtoa(0.1, DigitsMode::Shortest), ("1".to_owned(), 0));
        assert_eq!(dtoa(1234.5, DigitsMode::Shortest), ("12345".to_owned(), 4));
        assert_eq!(
            dtoa(0.125, DigitsMode::Significant(2)),
            ("12".to_owned(), 0)
        );
        assert_eq!(dtoa(100.0, DigitsMode::Significant(3)), ("1".to_owned(), 3));
        assert_eq!(dtoa(0.0001, DigitsMode::Fixed(2)), ("0".to_owned(), 1));
        assert_eq!(dtoa(0.015, DigitsMode::Fixed(3)), ("15".to_owned(), -1));
        assert_eq!(dtoa(99.96, DigitsMode::Fixed(1)), ("1".to_owned(), 3));
    }

    #[test]
    fn grouping_pads_with_grouped_zeros() {
        let group =
            |digits, min_width, grouping| group_digits(digits, min_width, grouping).unwrap();
        assert_eq!(group("1234567", 0, Some((',', 3))), "1,234,567");
        // `format(1234, '08,')`, `'09,'`, `'010,'`: a separator never starts the text.
        assert_eq!(group("1234", 8, Some((',', 3))), "0,001,234");
        assert_eq!(group("1234", 9, Some((',', 3))), "0,001,234");
        assert_eq!(group("1234", 10, Some((',', 3))), "00,001,234");
        assert_eq!(group("12", 5, None), "00012");
        assert_eq!(group("12", 0, None), "12");
        assert_eq!(group("ffff1", 0, Some(('_', 4))), "f_fff1");
    }
}
