//! Python's builtin functions, callable from Rust (`builtins::len(&obj)`) and as Python
//! objects ([`get`]`("len")`), with CPython 3.11's argument checks and messages.
//!
//! ```
//! use pyobj::{Obj, builtins};
//!
//! let a = Obj::list([Obj::from(3), Obj::from(1), Obj::from(2)]);
//! assert_eq!(builtins::len(&a).unwrap().repr().unwrap(), "3");
//! assert_eq!(builtins::sorted(&a).unwrap().repr().unwrap(), "[1, 2, 3]");
//! assert_eq!(builtins::max(&a).unwrap().repr().unwrap(), "3");
//! let len = builtins::get("len").unwrap();
//! assert_eq!(len.call(&[a]).unwrap().repr().unwrap(), "3");
//! assert_eq!(len.repr().unwrap(), "<built-in function len>");
//! ```
//!
//! The builtins that are types (`int`, `str`, `list`, `range`, `enumerate`, `zip`, ...)
//! are the type objects: calling them makes an instance. `isinstance` takes a type
//! object or a tuple of them.
//!
//! `print` writes to this thread's standard-output sink (see
//! [`capture_stdout`](crate::capture_stdout)). `open` opens files on disk, as CPython's
//! (text files, and binary files of bytes; see the `io` module in
//! [`modules`](crate::modules)). `IOError` and `EnvironmentError` are `OSError`.
//!
//! # `floordiv`
//! One builtin is pyobj's own: `floordiv(a, b)` is `a // b`. Python code written inside
//! a Rust macro cannot use `//` (Rust's lexer reads it as the start of a comment), so
//! `pyblock!` code writes `floordiv(a, b)` instead.

use std::cell::RefCell;
use std::ptr::NonNull;

use crate::exceptions::{PyErr, PyResult};
use crate::object::Header;
use crate::pyobject::types::{
    BOOL_TYPE, DICT_TYPE, FLOAT_TYPE, INT_TYPE, LIST_TYPE, SET_TYPE, STR_TYPE, TUPLE_TYPE,
    TYPE_TYPE,
};
use crate::pyobject::{Args, Obj, PyBuiltinFunction, PyTuple, PyType, as_type_object};
use crate::pyobject::{
    ENUMERATE_TYPE, FILTER_TYPE, MAP_TYPE, OBJECT_TYPE, RANGE_TYPE, REVERSED_TYPE, ZIP_TYPE,
};

/// `len(obj)`.
pub fn len(obj: &Obj) -> PyResult<Obj> {
    Ok(Obj::from(obj.len()?))
}

/// `repr(obj)`.
pub fn repr(obj: &Obj) -> PyResult<Obj> {
    Ok(Obj::from(obj.repr()?))
}

/// `str(obj)`.
pub fn str(obj: &Obj) -> PyResult<Obj> {
    call_type(&STR_TYPE, obj)
}

/// `int(obj)`.
pub fn int(obj: &Obj) -> PyResult<Obj> {
    call_type(&INT_TYPE, obj)
}

/// `float(obj)`.
pub fn float(obj: &Obj) -> PyResult<Obj> {
    call_type(&FLOAT_TYPE, obj)
}

/// `bool(obj)`.
pub fn bool(obj: &Obj) -> PyResult<Obj> {
    Ok(Obj::from(obj.is_truthy()?))
}

/// `list(iterable)`.
pub fn list(iterable: &Obj) -> PyResult<Obj> {
    Ok(Obj::list(iterable.to_vec()?))
}

/// `tuple(iterable)`.
pub fn tuple(iterable: &Obj) -> PyResult<Obj> {
    call_type(&TUPLE_TYPE, iterable)
}

/// `dict(mapping_or_pairs)`.
pub fn dict(source: &Obj) -> PyResult<Obj> {
    call_type(&DICT_TYPE, source)
}

/// `set(iterable)`.
pub fn set(iterable: &Obj) -> PyResult<Obj> {
    call_type(&SET_TYPE, iterable)
}

/// `frozenset(iterable)`.
pub fn frozenset(iterable: &Obj) -> PyResult<Obj> {
    call_type(crate::pyobject::PySet::frozenset_type(), iterable)
}

fn call_type(ty: &'static PyType, arg: &Obj) -> PyResult<Obj> {
    ty.to_object().call(std::slice::from_ref(arg))
}

/// `sorted(iterable)`.
pub fn sorted(iterable: &Obj) -> PyResult<Obj> {
    sorted_by(iterable, None, false)
}

/// `sorted(iterable, key=key, reverse=reverse)`.
pub fn sorted_by(iterable: &Obj, key: Option<&Obj>, reverse: bool) -> PyResult<Obj> {
    let list = Obj::list(iterable.to_vec()?);
    let mut keywords = vec![("reverse", Obj::from(reverse))];
    if let Some(key) = key {
        keywords.push(("key", key.clone()));
    }
    list.call_method_with("sort", &Args::new(&[], &keywords))?;
    Ok(list)
}

/// `sum(iterable)`.
pub fn sum(iterable: &Obj) -> PyResult<Obj> {
    sum_from(iterable, &Obj::from(0))
}

/// `sum(iterable, start)`.
pub fn sum_from(iterable: &Obj, start: &Obj) -> PyResult<Obj> {
    if start.as_str().is_some() {
        return Err(PyErr::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let mut total = start.clone();
    for item in iterable.try_iter()? {
        // The `+` of compiled code: ints and floats without the general dispatch.
        total = crate::specialize::add(&total, &item?)?;
    }
    Ok(total)
}

/// `min(iterable)`.
pub fn min(iterable: &Obj) -> PyResult<Obj> {
    min_max(
        &Args::positional_only(std::slice::from_ref(iterable)),
        "min",
    )
}

/// `max(iterable)`.
pub fn max(iterable: &Obj) -> PyResult<Obj> {
    min_max(
        &Args::positional_only(std::slice::from_ref(iterable)),
        "max",
    )
}

/// `abs(obj)`.
pub fn abs(obj: &Obj) -> PyResult<Obj> {
    obj.abs()
}

/// `any(iterable)`.
pub fn any(iterable: &Obj) -> PyResult<Obj> {
    for item in iterable.try_iter()? {
        if item?.is_truthy()? {
            return Ok(Obj::from(true));
        }
    }
    Ok(Obj::from(false))
}

/// `all(iterable)`.
pub fn all(iterable: &Obj) -> PyResult<Obj> {
    for item in iterable.try_iter()? {
        if !item?.is_truthy()? {
            return Ok(Obj::from(false));
        }
    }
    Ok(Obj::from(true))
}

/// `hash(obj)`.
pub fn hash(obj: &Obj) -> PyResult<Obj> {
    Ok(Obj::from(obj.hash()?))
}

/// `id(obj)`: the object's address.
pub fn id(obj: &Obj) -> Obj {
    Obj::from(obj.id())
}

/// `type(obj)`: the type object.
pub fn type_(obj: &Obj) -> Obj {
    obj.py_type().to_object()
}

/// `isinstance(obj, classinfo)`: `classinfo` is a type object or a tuple of them.
pub fn isinstance(obj: &Obj, classinfo: &Obj) -> PyResult<bool> {
    if let Some(ty) = as_type_object(classinfo) {
        return Ok(obj.is_instance(ty));
    }
    if let Some(types) = classinfo.downcast_ref::<PyTuple>() {
        let _depth = crate::pyobject::enter_recursive_call(" in __instancecheck__")?;
        for candidate in types.as_slice() {
            if isinstance(obj, candidate)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    Err(PyErr::type_error(
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    ))
}

/// `iter(obj)`: an iterator over `obj`.
pub fn iter(obj: &Obj) -> PyResult<Obj> {
    obj.iter()
}

/// `next(iterator)`: the next item, or `StopIteration` once it is exhausted.
pub fn next(iterator: &Obj) -> PyResult<Obj> {
    // A generator's `StopIteration` carries the value its body returned.
    if let Some(result) = crate::pyobject::generator::next_of_generator(iterator) {
        return result;
    }
    iterator
        .next_item()?
        .ok_or_else(|| crate::PyErr::stop_iteration(None))
}

/// `next(iterator, default)`: the next item, or `default` once it is exhausted.
pub fn next_or(iterator: &Obj, default: &Obj) -> PyResult<Obj> {
    Ok(iterator.next_item()?.unwrap_or_else(|| default.clone()))
}

/// `range(stop)`, `range(start, stop)`, `range(start, stop, step)`: the arguments as
/// Python passes them (1 to 3 int-like objects).
pub fn range(args: &[Obj]) -> PyResult<Obj> {
    RANGE_TYPE.to_object().call(args)
}

/// `enumerate(iterable, start)`; `start` is 0 when `None`.
pub fn enumerate(iterable: &Obj, start: Option<&Obj>) -> PyResult<Obj> {
    crate::pyobject::enumerate(iterable, start)
}

/// `zip(*iterables)`: stops at the shortest.
pub fn zip(iterables: &[Obj]) -> PyResult<Obj> {
    crate::pyobject::zip(iterables, false)
}

/// `getattr(obj, name)`.
pub fn getattr(obj: &Obj, name: &str) -> PyResult<Obj> {
    obj.getattr(name)
}

/// `getattr(obj, name, default)`: `default` if the attribute is missing
/// (`AttributeError`); other errors propagate.
pub fn getattr_or(obj: &Obj, name: &str, default: &Obj) -> PyResult<Obj> {
    match obj.getattr(name) {
        Ok(value) => Ok(value),
        Err(error) if error.is_instance(&crate::exceptions::ATTRIBUTE_ERROR) => Ok(default.clone()),
        Err(error) => Err(error),
    }
}

/// `hasattr(obj, name)`.
pub fn hasattr(obj: &Obj, name: &str) -> PyResult<bool> {
    obj.hasattr(name)
}

/// `setattr(obj, name, value)`.
pub fn setattr(obj: &Obj, name: &str, value: &Obj) -> PyResult<()> {
    obj.setattr(name, value)
}

/// `delattr(obj, name)`.
pub fn delattr(obj: &Obj, name: &str) -> PyResult<()> {
    obj.delattr(name)
}

/// `format(value, spec)`: the value formatted by the format-spec mini-language
/// (`format(1234.5, ',.2f')` is `'1,234.50'`), through the class's `__format__` if it
/// defines one.
pub fn format(value: &Obj, spec: &str) -> PyResult<Obj> {
    crate::pyobject::format_value(value, spec)
}

/// `floordiv(a, b)`: `a // b` (pyobj's own builtin, for code where `//` cannot be
/// written; see the [module docs](self#floordiv)).
pub fn floordiv(a: &Obj, b: &Obj) -> PyResult<Obj> {
    a.floordiv(b)
}

/// `print(*objects)`: their `str()`s separated by spaces, then a newline, written to
/// this thread's stdout sink.
pub fn print(objects: &[Obj]) -> PyResult<()> {
    print_with(objects, " ", "\n")
}

/// `print(*objects, sep=sep, end=end)`.
pub fn print_with(objects: &[Obj], sep: &str, end: &str) -> PyResult<()> {
    let mut line = String::new();
    for (index, obj) in objects.iter().enumerate() {
        if index > 0 {
            line.push_str(sep);
        }
        line.push_str(&obj.str()?);
    }
    line.push_str(end);
    crate::stdout::write_stdout(&line);
    Ok(())
}

/// An attribute name: `TypeError: attribute name must be string, not 'int'`.
fn attribute_name(name: &Obj) -> PyResult<&str> {
    name.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        ))
    })
}

/// `sep=`/`end=` of `print`: a str, or `None` for the default.
fn print_text<'a>(args: &'a Args<'_>, name: &str, default: &'a str) -> PyResult<&'a str> {
    match args.keyword(name) {
        None => Ok(default),
        Some(value) if value.is_none() => Ok(default),
        Some(value) => value.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "{name} must be None or a string, not {}",
                value.type_name()
            ))
        }),
    }
}

/// The error after an argument count was checked (never raised).
fn checked_arity() -> PyErr {
    PyErr::system_error("argument count checked above")
}

/// `print` as Python calls it.
///
/// `file=` (not `None`) gets the text through its `write` method, one call per piece
/// (each object's `str()`, each `sep`, the `end`), as CPython's `print` does, then
/// `file.flush()` if `flush` is true.
fn print_builtin(args: &Args<'_>) -> PyResult<Obj> {
    args.only_keywords("print", &["sep", "end", "file", "flush"])?;
    let sep = print_text(args, "sep", " ")?;
    let end = print_text(args, "end", "\n")?;
    let Some(file) = args.keyword("file").filter(|file| !file.is_none()) else {
        print_with(args.positional(), sep, end)?;
        return Ok(Obj::none());
    };
    // `PyFile_WriteObject`: `file.write` looked up, then the text made, then the call.
    let write = |text: &dyn Fn() -> PyResult<String>| -> PyResult<()> {
        let write = file.getattr("write")?;
        write.call(&[Obj::from(text()?)])?;
        Ok(())
    };
    for (index, obj) in args.positional().iter().enumerate() {
        if index > 0 {
            write(&|| Ok(sep.to_owned()))?;
        }
        write(&|| obj.str())?;
    }
    write(&|| Ok(end.to_owned()))?;
    if let Some(flush) = args.keyword("flush")
        && flush.is_truthy()?
    {
        file.call_method("flush", &[])?;
    }
    Ok(Obj::none())
}

/// `min(...)`/`max(...)` with Python's arguments: one iterable or several values,
/// `key=` and `default=`.
pub(crate) fn min_max(args: &Args<'_>, name: &'static str) -> PyResult<Obj> {
    args.only_keywords(name, &["key", "default"])?;
    let positional = args.positional();
    let key = args.keyword("key").filter(|key| !key.is_none());
    let default = args.keyword("default");
    let items: Vec<Obj> = match positional {
        [] => {
            return Err(PyErr::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )));
        }
        [iterable] => iterable.to_vec()?,
        several => {
            if default.is_some() {
                return Err(PyErr::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            several.to_vec()
        }
    };
    let op = if name == "min" {
        crate::CompareOp::Lt
    } else {
        crate::CompareOp::Gt
    };
    let mut best: Option<(Obj, Obj)> = None;
    for item in items {
        let item_key = match key {
            Some(key) => key.call(std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        best = match best {
            Some((best_item, best_key)) if !item_key.compare(&best_key, op)? => {
                Some((best_item, best_key))
            }
            _ => Some((item, item_key)),
        };
    }
    match (best, default) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(PyErr::value_error(format!(
            "{name}() arg is an empty sequence"
        ))),
    }
}

/// `ord(c)`: the code point of a one-character str, or the value of a one-byte bytes.
pub fn ord(c: &Obj) -> PyResult<Obj> {
    let (first, len) = if let Some(text) = c.as_str() {
        (text.chars().next().map(u32::from), text.chars().count())
    } else if let Some(bytes) = c.as_bytes() {
        (bytes.first().copied().map(u32::from), bytes.len())
    } else {
        return Err(PyErr::type_error(format!(
            "ord() expected string of length 1, but {} found",
            c.type_name()
        )));
    };
    match (first, len) {
        (Some(code), 1) => Ok(Obj::from(i64::from(code))),
        _ => Err(PyErr::type_error(format!(
            "ord() expected a character, but string of length {len} found"
        ))),
    }
}

/// `chr(i)`: the one-character str of code point `i`.
pub fn chr(i: &Obj) -> PyResult<Obj> {
    let Some(value) = crate::pyobject::int::int_value(i) else {
        return Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            i.type_name()
        )));
    };
    let code = match value {
        crate::pyobject::int::IntRef::Small(code) => Some(code),
        crate::pyobject::int::IntRef::Big(_) => None,
    };
    let Some(code) = code.and_then(|code| u32::try_from(code).ok()) else {
        return Err(match code {
            Some(_) => PyErr::value_error("chr() arg not in range(0x110000)"),
            None => PyErr::overflow_error("Python int too large to convert to C int"),
        });
    };
    match char::from_u32(code) {
        Some(c) => Ok(Obj::from(c.to_string())),
        None if code < 0x110000 => Err(PyErr::value_error(
            "chr() of a surrogate code point is not supported by pyobj's str",
        )),
        None => Err(PyErr::value_error("chr() arg not in range(0x110000)")),
    }
}

/// `bin(x)`, `oct(x)`, `hex(x)`: an int in base 2, 8 or 16 with its prefix.
fn int_in_base(x: &Obj, spec: &str) -> PyResult<Obj> {
    let value = crate::pyobject::int::index_value(x)?;
    crate::pyobject::format_value(&Obj::int(value), spec)
}

/// `round(number[, ndigits])`: floats to the nearest, ties to even, at `ndigits` decimal
/// places (correctly rounded, as CPython's); ints exact; others through `__round__`.
pub fn round(number: &Obj, ndigits: Option<&Obj>) -> PyResult<Obj> {
    let ndigits = match ndigits {
        Some(n) if !n.is_none() => Some(n),
        _ => None,
    };
    if number.is_exact::<crate::pyobject::PyFloat>() {
        let x: f64 = number.extract()?;
        let Some(ndigits) = ndigits else {
            if x.is_nan() {
                return Err(PyErr::value_error("cannot convert float NaN to integer"));
            }
            if x.is_infinite() {
                return Err(PyErr::overflow_error(
                    "cannot convert float infinity to integer",
                ));
            }
            return Ok(Obj::int(crate::pyobject::float::float_to_int(
                x.round_ties_even(),
            )?));
        };
        let n = index_saturating(ndigits)?;
        return Ok(Obj::from(round_float(x, n)));
    }
    if crate::pyobject::int::int_value(number).is_some() {
        let Some(ndigits) = ndigits else {
            return Ok(Obj::int(crate::pyobject::int::index_value(number)?));
        };
        let n = index_saturating(ndigits)?;
        if n >= 0 {
            return Ok(Obj::int(crate::pyobject::int::index_value(number)?));
        }
        // Round to a multiple of 10**-n, ties to even.
        let power = Obj::from(10).pow(&Obj::from(-n))?;
        let parts = number.divmod(&power)?.to_vec()?;
        let (quotient, remainder) = (&parts[0], &parts[1]);
        let twice = remainder.mul(&Obj::from(2))?;
        let up = match twice.compare(&power, crate::pyobject::CompareOp::Gt)? {
            true => true,
            false => {
                twice.compare(&power, crate::pyobject::CompareOp::Eq)?
                    && quotient.rem(&Obj::from(2))?.is_truthy()?
            }
        };
        let rounded = number.sub(remainder)?;
        return if up { rounded.add(&power) } else { Ok(rounded) };
    }
    let mut args = vec![];
    if let Some(n) = ndigits {
        args.push(n.clone());
    }
    if number.py_type().heap_type && number.hasattr("__round__")? {
        return number.call_method("__round__", &args);
    }
    Err(PyErr::type_error(format!(
        "type {} doesn't define __round__ method",
        number.type_name()
    )))
}

/// `operator.index(n)` clamped to the `i64` range.
fn index_saturating(n: &Obj) -> PyResult<i64> {
    use crate::pyobject::int::IntValue;
    Ok(match crate::pyobject::int::index_value(n)? {
        IntValue::Small(n) => n,
        IntValue::Big(big) if big.sign() == num_bigint::Sign::Minus => i64::MIN,
        IntValue::Big(_) => i64::MAX,
    })
}

/// `x` rounded to `n` decimal places: the correctly rounded decimal text read back, as
/// CPython's `double_round` does.
fn round_float(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n > 323 {
        return x;
    }
    if n < -308 {
        return 0.0 * x;
    }
    if n >= 0 {
        let text = format!("{:.*}", usize::try_from(n).unwrap_or(0), x);
        return text.parse().unwrap_or(x);
    }
    // Negative places: the exact decimal digits of x, rounded at 10**-n, ties to even.
    let places = usize::try_from(-n).unwrap_or(usize::MAX);
    let exact = format!("{:.1100}", x.abs());
    let (whole, fraction) = exact.split_once('.').unwrap_or((exact.as_str(), ""));
    if places > whole.len() {
        return 0.0 * x;
    }
    let (head, dropped) = whole.split_at(whole.len() - places);
    let half = format!("5{}", "0".repeat(places - 1));
    let up = match dropped.cmp(half.as_str()) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            fraction.bytes().any(|b| b != b'0')
                || head.bytes().last().is_some_and(|d| (d - b'0') % 2 == 1)
        }
    };
    let mut digits: Vec<u8> = head.bytes().collect();
    if up {
        // Decimal increment of the kept digits.
        let mut carry = true;
        for digit in digits.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, b'1');
        }
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    let text = format!("{}e{places}", String::from_utf8_lossy(&digits));
    text.parse::<f64>().unwrap_or(x).copysign(x)
}

/// A builtin function's code, called with Python's arguments.
type BuiltinFn = fn(&Args<'_>) -> PyResult<Obj>;

/// The builtin functions as Python sees them: name and code.
static FUNCTIONS: &[(&str, BuiltinFn)] = &[
    ("len", |args| len(args.one("len")?)),
    ("repr", |args| repr(args.one("repr")?)),
    ("abs", |args| abs(args.one("abs")?)),
    ("any", |args| any(args.one("any")?)),
    ("all", |args| all(args.one("all")?)),
    ("hash", |args| hash(args.one("hash")?)),
    ("id", |args| Ok(id(args.one("id")?))),
    ("min", |args| min_max(args, "min")),
    ("max", |args| min_max(args, "max")),
    ("sorted", |args| {
        let iterable = args.positional_between("sorted", 1, 1)?;
        args.only_keywords("sort", &["key", "reverse"])?;
        let list = Obj::list(iterable[0].to_vec()?);
        list.call_method_with("sort", &Args::new(&[], args.keywords()))?;
        Ok(list)
    }),
    ("sum", |args| {
        args.only_keywords("sum", &["start"])?;
        let positional = args.positional();
        let start = match (positional, args.keyword("start")) {
            ([], _) => {
                return Err(PyErr::type_error(
                    "sum() takes at least 1 positional argument (0 given)",
                ));
            }
            ([_], None) => Obj::from(0),
            ([_], Some(start)) | ([_, start], None) => start.clone(),
            ([_, _], Some(_)) => {
                return Err(PyErr::type_error(
                    "argument for sum() given by name ('start') and position (2)",
                ));
            }
            (more, _) => {
                return Err(PyErr::type_error(format!(
                    "sum() takes at most 2 arguments ({} given)",
                    more.len()
                )));
            }
        };
        sum_from(&positional[0], &start)
    }),
    ("print", print_builtin),
    ("open", crate::modules::open),
    ("format", crate::pyobject::format_builtin),
    ("iter", |args| match args.between("iter", 1, 2)? {
        [obj] => obj.iter(),
        [callable, sentinel] => crate::pyobject::callable_iter(callable, sentinel),
        _ => Err(checked_arity()),
    }),
    ("next", |args| match args.between("next", 1, 2)? {
        [iterator] => next(iterator),
        [iterator, default] => next_or(iterator, default),
        _ => Err(checked_arity()),
    }),
    ("getattr", |args| match args.between("getattr", 2, 3)? {
        [obj, name] => obj.getattr(attribute_name(name)?),
        [obj, name, default] => getattr_or(obj, attribute_name(name)?, default),
        _ => Err(checked_arity()),
    }),
    ("hasattr", |args| {
        let [obj, name] = args.between("hasattr", 2, 2)? else {
            return Err(checked_arity());
        };
        Ok(Obj::from(obj.hasattr(attribute_name(name)?)?))
    }),
    ("setattr", |args| {
        let [obj, name, value] = args.between("setattr", 3, 3)? else {
            return Err(checked_arity());
        };
        obj.setattr(attribute_name(name)?, value)?;
        Ok(Obj::none())
    }),
    ("delattr", |args| {
        let [obj, name] = args.between("delattr", 2, 2)? else {
            return Err(checked_arity());
        };
        obj.delattr(attribute_name(name)?)?;
        Ok(Obj::none())
    }),
    ("floordiv", |args| {
        let [a, b] = args.between("floordiv", 2, 2)? else {
            return Err(checked_arity());
        };
        a.floordiv(b)
    }),
    ("ord", |args| ord(args.one("ord")?)),
    ("chr", |args| chr(args.one("chr")?)),
    ("bin", |args| int_in_base(args.one("bin")?, "#b")),
    ("oct", |args| int_in_base(args.one("oct")?, "#o")),
    ("hex", |args| int_in_base(args.one("hex")?, "#x")),
    ("ascii", |args| {
        let text = args.one("ascii")?.repr()?;
        Ok(Obj::from(crate::compiled::ascii(&text)))
    }),
    ("callable", |args| {
        let obj = args.one("callable")?;
        Ok(Obj::from(obj.py_type().lookup(|ty| ty.call).is_some()))
    }),
    ("divmod", |args| {
        let [a, b] = args.between("divmod", 2, 2)? else {
            return Err(checked_arity());
        };
        a.divmod(b)
    }),
    ("pow", |args| {
        args.only_keywords("pow", &["base", "exp", "mod"])?;
        match args.positional() {
            [base, exp] => base.pow(exp),
            [base, exp, modulus] if modulus.is_none() => base.pow(exp),
            [base, exp, modulus] => base.call_method("__pow__", &[exp.clone(), modulus.clone()]),
            other => Err(PyErr::type_error(format!(
                "pow() takes at least 2 arguments ({} given)",
                other.len()
            ))),
        }
    }),
    ("round", |args| {
        args.only_keywords("round", &["number", "ndigits"])?;
        match args.positional() {
            [number] => round(number, args.keyword("ndigits")),
            [number, ndigits] => round(number, Some(ndigits)),
            [] => match args.keyword("number") {
                Some(number) => round(number, args.keyword("ndigits")),
                None => Err(PyErr::type_error(
                    "round() missing required argument 'number' (pos 1)",
                )),
            },
            more => Err(PyErr::type_error(format!(
                "round() takes at most 2 arguments ({} given)",
                more.len()
            ))),
        }
    }),
    ("issubclass", |args| {
        let [cls, classinfo] = args.between("issubclass", 2, 2)? else {
            return Err(checked_arity());
        };
        if let Some(classes) = classinfo.downcast_ref::<PyTuple>() {
            for class in classes.as_slice() {
                if cls.is_subclass(class)? {
                    return Ok(Obj::from(true));
                }
            }
            return Ok(Obj::from(false));
        }
        Ok(Obj::from(cls.is_subclass(classinfo)?))
    }),
    ("isinstance", |args| {
        let [obj, classinfo] = args.between("isinstance", 2, 2)? else {
            return Err(PyErr::type_error("isinstance expected 2 arguments"));
        };
        Ok(Obj::from(isinstance(obj, classinfo)?))
    }),
    ("vars", |args| match args.between("vars", 0, 1)? {
        [obj] => crate::pyobject::vars(obj),
        _ => Err(PyErr::type_error(
            "vars() without an argument is not supported (pyobj has no frame locals)",
        )),
    }),
];

/// The builtin types, by name.
static TYPES: &[&PyType] = &[
    &INT_TYPE,
    &FLOAT_TYPE,
    &STR_TYPE,
    &crate::pyobject::types::BYTES_TYPE,
    &BOOL_TYPE,
    &LIST_TYPE,
    &TUPLE_TYPE,
    &DICT_TYPE,
    &SET_TYPE,
    crate::pyobject::PySet::frozenset_type(),
    &TYPE_TYPE,
    &RANGE_TYPE,
    &ENUMERATE_TYPE,
    &ZIP_TYPE,
    &MAP_TYPE,
    &FILTER_TYPE,
    &REVERSED_TYPE,
    &OBJECT_TYPE,
    &crate::pyobject::STATICMETHOD_TYPE,
    &crate::pyobject::CLASSMETHOD_TYPE,
    &crate::pyobject::PROPERTY_TYPE,
    &crate::pyobject::SUPER_TYPE,
];

thread_local! {
    /// This thread's builtin function objects (immortal), by position in `FUNCTIONS`.
    static OBJECTS: RefCell<Vec<Option<NonNull<Header>>>> = const { RefCell::new(Vec::new()) };
}

/// The builtin named `name` as a Python object: a builtin function (`len`), a type
/// (`int`), or an exception type (`KeyError`); `None` if there is no such builtin.
pub fn get(name: &str) -> Option<Obj> {
    // `IOError` and `EnvironmentError` are other names of `OSError`.
    let name = match name {
        "IOError" | "EnvironmentError" => "OSError",
        name => name,
    };
    if let Some(index) = FUNCTIONS.iter().position(|(n, _)| *n == name) {
        return Some(function_object(index));
    }
    TYPES
        .iter()
        .chain(crate::exceptions::ALL.iter())
        .find(|ty| ty.name() == name)
        .map(|ty| ty.to_object())
}

fn function_object(index: usize) -> Obj {
    let cached = OBJECTS.try_with(|objects| objects.borrow().get(index).copied().flatten());
    if let Ok(Some(header)) = cached {
        return Obj::from_header(header);
    }
    let (name, call) = FUNCTIONS[index];
    let object = PyBuiltinFunction::new_immortal(name, call);
    let _ = OBJECTS.try_with(|objects| {
        let mut objects = objects.borrow_mut();
        if objects.len() <= index {
            objects.resize(index + 1, None);
        }
        objects[index] = Some(object.header_ptr());
    });
    object
}
