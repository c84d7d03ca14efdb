//! `str`: immutable text, UTF-8 inside, indexed by code point as Python does.
//!
//! Which strings are one object ([`crate::interning`]): `''` and the one-character
//! Latin-1 strings are immortal singletons; identifier-like literals and `sys.intern(s)`
//! give the interned copy; every other string made at run time is a new object.
//!
//! `repr(s)` follows CPython: single quotes unless the text contains a single quote and
//! no double quote, `\n`, `\t`, `\r`, `\\` and the quote escaped, other characters that
//! are not printable as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.

use std::cell::Cell;

use super::hash::{hash_bytes, hash_zero_padded};
use super::int::IntValue;
use super::int::as_index;
use super::printable::is_printable;
use super::protocol::CompareOp;
use super::slice::{PySlice, SliceIndices};
use super::typeobject::{HashSlot, Method, NumberMethods, PyType};
use super::{Args, Obj, PyInt, PyTuple, hash_str};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The bytes of a str: inside the object when they fit ([`Text::INLINE`] bytes: most
/// names, keys and numbers), so that such a str is one pool block and no `malloc`;
/// otherwise a boxed copy. Both are 24 bytes, which keeps a `str` object in the
/// 64-byte size class either way.
enum Text {
    /// Up to `INLINE` bytes, the first `len` of `bytes` (always valid UTF-8: copied
    /// whole from a `&str`).
    Inline {
        /// How many bytes of `bytes` are the text.
        len: u8,
        /// The text, then zeros.
        bytes: [u8; Text::INLINE],
    },
    /// A longer text.
    Boxed(Box<str>),
}

const _: () = assert!(size_of::<Text>() == 24);

impl Text {
    /// The longest text kept inline.
    const INLINE: usize = 22;

    fn new(text: &str) -> Text {
        if text.len() <= Text::INLINE {
            let mut bytes = [0; Text::INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Text::Inline {
                // At most `INLINE`, so it fits.
                len: text.len() as u8,
                bytes,
            }
        } else {
            Text::Boxed(text.into())
        }
    }

    /// The decimal digits of `number` (with a `-` in front if it is negative): at most 20
    /// bytes, so always inline.
    fn decimal(number: i64) -> Text {
        Text::new(itoa::Buffer::new().format(number))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        match self {
            Text::Inline { len, bytes } => {
                let bytes = &bytes[..usize::from(*len).min(Text::INLINE)];
                // SAFETY: `Text::new` copied these bytes whole from a `&str` (a prefix
                // of `len` bytes, and `len` never changes), so they are valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Text::Boxed(text) => text,
        }
    }
}

/// The value of a `str` object.
pub struct PyStr {
    text: Text,
    /// Length in code points.
    chars: usize,
    /// The hash, once computed (-1 before).
    hash: Cell<i64>,
    /// This object is the interned copy of its text.
    interned: Cell<bool>,
}

impl PyStr {
    pub(crate) fn new(text: &str) -> PyStr {
        PyStr {
            chars: if text.is_ascii() {
                text.len()
            } else {
                text.chars().count()
            },
            text: Text::new(text),
            hash: Cell::new(-1),
            interned: Cell::new(false),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The bytes the text takes outside the object's block (`sys.getsizeof`): none
    /// when it is kept inline.
    pub(crate) fn outside_bytes(&self) -> usize {
        match &self.text {
            Text::Inline { .. } => 0,
            Text::Boxed(text) => text.len(),
        }
    }

    /// Length in code points (`len(s)`).
    pub fn char_len(&self) -> usize {
        self.chars
    }

    fn is_ascii(&self) -> bool {
        self.chars == self.text.len()
    }

    /// The byte offset of code point `index` (the end for `index == len`).
    fn byte_offset(&self, index: usize) -> usize {
        if self.is_ascii() {
            return index.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(index)
            .map_or(self.text.len(), |(offset, _)| offset)
    }

    /// The code point index of byte offset `offset`.
    fn char_index(&self, offset: usize) -> usize {
        if self.is_ascii() {
            offset
        } else {
            self.text[..offset].chars().count()
        }
    }

    /// The text of code points `start..end`.
    fn substring(&self, start: usize, end: usize) -> &str {
        let from = self.byte_offset(start);
        let to = if self.is_ascii() {
            end.min(self.text.len())
        } else {
            from + self.text[from..]
                .char_indices()
                .nth(end.saturating_sub(start))
                .map_or(self.text.len() - from, |(offset, _)| offset)
        };
        &self.text[from..to]
    }

    pub(crate) fn is_interned(&self) -> bool {
        self.interned.get()
    }

    pub(crate) fn set_interned(&self) {
        self.interned.set(true);
    }

    pub(crate) fn cached_hash(&self) -> i64 {
        match self.hash.get() {
            -1 => {
                let hash = match &self.text {
                    // One byte per character: the PEP 393 bytes are the UTF-8 bytes,
                    // here followed by zeros.
                    Text::Inline { len, bytes } if self.is_ascii() => {
                        hash_zero_padded(bytes, usize::from(*len))
                    }
                    text if self.is_ascii() => hash_bytes(text.as_bytes()),
                    text => hash_str(text),
                };
                self.hash.set(hash);
                hash
            }
            hash => hash,
        }
    }
}

impl Drop for PyStr {
    fn drop(&mut self) {
        if self.interned.get() {
            crate::interning::forget(&self.text, std::ptr::from_ref(self).addr());
        }
    }
}

impl Trace for PyStr {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&STR_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl From<&str> for Obj {
    /// A str made at run time: a new object, except `''` and one-character Latin-1
    /// strings, which are cached.
    fn from(text: &str) -> Obj {
        // A cached str is at most 2 bytes long (a Latin-1 character in UTF-8).
        if text.len() <= 2
            && let Some(cached) = crate::interning::cached_char(text)
        {
            return cached;
        }
        Obj::new(PyStr::new(text))
    }
}

impl From<String> for Obj {
    /// As `Obj::from(&str)`.
    fn from(text: String) -> Obj {
        Obj::from(text.as_str())
    }
}

impl Obj {
    /// A new immortal str (for the cache of `''` and one-character strings).
    pub(crate) fn new_immortal_str(text: &str) -> Obj {
        Obj::new_immortal(PyStr::new(text))
    }

    /// A new str, marked as the interned copy of its text.
    pub(crate) fn new_interned_str(text: &str) -> Obj {
        let value = PyStr::new(text);
        value.set_interned();
        Obj::new(value)
    }

    /// The text, if this is a str.
    pub fn as_str(&self) -> Option<&str> {
        self.downcast_ref::<PyStr>().map(PyStr::as_str)
    }
}

/// Python's `str.isspace()`: Unicode white space, plus the information separators
/// U+001C..U+001F.
pub(crate) fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `repr(text)`.
pub(crate) fn repr_str(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                let escape = match code {
                    0..=0xff => format!("\\x{code:02x}"),
                    0x100..=0xffff => format!("\\u{code:04x}"),
                    _ => format!("\\U{code:08x}"),
                };
                out.push_str(&escape);
            }
        }
    }
    out.push(quote);
    out
}

fn text_of(obj: &Obj) -> PyResult<&PyStr> {
    obj.value_as::<PyStr>()
}

/// `str`.
pub(crate) static STR_TYPE: PyType = PyType {
    name: "str",
    new: Some(str_new),
    repr: Some(|obj| Ok(repr_str(text_of(obj)?.as_str()))),
    str: Some(|obj| Ok(text_of(obj)?.as_str().to_owned())),
    hash: Some(HashSlot::Value(|obj| Ok(text_of(obj)?.cached_hash()))),
    richcompare: Some(str_richcompare),
    len: Some(|obj| Ok(text_of(obj)?.char_len())),
    concat: Some(str_concat),
    repeat: Some(str_repeat),
    getitem: Some(str_getitem),
    contains: Some(str_contains),
    iter: Some(|obj| Ok(super::iter::PySeqIter::new_str(obj.clone()))),
    number: Some(&STR_NUMBER),
    methods: STR_METHODS,
    ..PyType::BLANK
};

/// `str % args`: printf-style formatting ([`super::format`]).
static STR_NUMBER: NumberMethods = NumberMethods {
    rem: Some(super::format::str_mod),
    ..NumberMethods::NONE
};

static STR_METHODS: &[Method] = &[
    Method {
        name: "join",
        call: str_join,
    },
    Method {
        name: "split",
        call: str_split,
    },
    Method {
        name: "strip",
        call: |obj, args| str_strip(obj, args, "strip", true, true),
    },
    Method {
        name: "lstrip",
        call: |obj, args| str_strip(obj, args, "lstrip", true, false),
    },
    Method {
        name: "rstrip",
        call: |obj, args| str_strip(obj, args, "rstrip", false, true),
    },
    Method {
        name: "upper",
        call: |obj, args| {
            args.none("str.upper")?;
            Ok(Obj::from(text_of(obj)?.as_str().to_uppercase()))
        },
    },
    Method {
        name: "lower",
        call: |obj, args| {
            args.none("str.lower")?;
            Ok(Obj::from(text_of(obj)?.as_str().to_lowercase()))
        },
    },
    Method {
        name: "startswith",
        call: |obj, args| str_affix(obj, args, "startswith", true),
    },
    Method {
        name: "endswith",
        call: |obj, args| str_affix(obj, args, "endswith", false),
    },
    Method {
        name: "replace",
        call: str_replace,
    },
    Method {
        name: "find",
        call: |obj, args| str_find(obj, args, "find").map(Obj::from),
    },
    Method {
        name: "index",
        call: |obj, args| match str_find(obj, args, "index")? {
            -1 => Err(PyErr::value_error("substring not found")),
            found => Ok(Obj::from(found)),
        },
    },
    Method {
        name: "count",
        call: str_count,
    },
    Method {
        name: "format",
        call: super::format::str_format,
    },
    Method {
        name: "format_map",
        call: super::format::str_format_map,
    },
];

fn str_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    // `str(x)`, the usual call: no argument parsing.
    if let ([value], []) = (args.positional(), args.keywords()) {
        return str_of(value);
    }
    args.only_keywords("str", &["object", "encoding", "errors"])?;
    let given = args.positional().len() + args.keywords().len();
    if given > 3 {
        return Err(PyErr::type_error(format!(
            "str() takes at most 3 arguments ({given} given)"
        )));
    }
    if given > 1 {
        return Err(PyErr::type_error("decoding str is not supported"));
    }
    match args.positional().first().or_else(|| args.keyword("object")) {
        Some(value) => str_of(value),
        None => Ok(Obj::from("")),
    }
}

/// `str(value)` with one argument.
fn str_of(value: &Obj) -> PyResult<Obj> {
    if value.is_exact::<PyStr>() {
        return Ok(value.clone());
    }
    match value.downcast_ref::<PyInt>().map(PyInt::value) {
        // `int.__str__` of a machine-word int, without a `String` in between.
        Some(&IntValue::Small(number)) => Ok(small_int_str(number)),
        _ => Ok(Obj::from(value.str()?)),
    }
}

/// `str(number)`: the decimal digits, written straight into a new str (a one-digit
/// result is the cached one-character str, as `Obj::from(&str)` gives).
fn small_int_str(number: i64) -> Obj {
    if (0..10).contains(&number) {
        let digit = number as usize;
        return Obj::from(&"0123456789"[digit..digit + 1]);
    }
    let text = Text::decimal(number);
    Obj::new(PyStr {
        // ASCII: one code point per byte.
        chars: text.len(),
        text,
        hash: Cell::new(-1),
        interned: Cell::new(false),
    })
}

fn str_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match (a.downcast_ref::<PyStr>(), b.downcast_ref::<PyStr>()) {
        (Some(x), Some(y)) => Ok(Obj::from(op.matches(x.as_str().cmp(y.as_str())))),
        _ => Ok(Obj::not_implemented()),
    }
}

fn str_concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let Some(right) = b.downcast_ref::<PyStr>() else {
        return Err(PyErr::type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            b.type_name()
        )));
    };
    let left = text_of(a)?;
    if right.as_str().is_empty() && a.is_exact::<PyStr>() {
        return Ok(a.clone());
    }
    let mut text = String::with_capacity(left.text.len() + right.text.len());
    text.push_str(left.as_str());
    text.push_str(right.as_str());
    Ok(Obj::from(text))
}

fn str_repeat(obj: &Obj, count: isize) -> PyResult<Obj> {
    let text = text_of(obj)?.as_str();
    if count <= 0 || text.is_empty() {
        return Ok(Obj::from(""));
    }
    if count == 1 {
        return Ok(obj.clone());
    }
    let total = text
        .len()
        .checked_mul(count.unsigned_abs())
        .filter(|&total| total <= isize::MAX as usize)
        .ok_or_else(|| PyErr::overflow_error("repeated string is too long"))?;
    let mut out = String::new();
    out.try_reserve_exact(total)
        .map_err(|_| PyErr::new(&crate::exceptions::MEMORY_ERROR, ""))?;
    for _ in 0..count {
        out.push_str(text);
    }
    Ok(Obj::from(out))
}

fn str_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let text = text_of(obj)?;
    if let Some(index) = as_index(key)? {
        let len = text.char_len() as isize;
        let index = if index < 0 { index + len } else { index };
        if !(0..len).contains(&index) {
            return Err(PyErr::index_error("string index out of range"));
        }
        let i = index as usize;
        return Ok(Obj::from(text.substring(i, i + 1)));
    }
    if let Some(slice) = key.downcast_ref::<PySlice>() {
        let SliceIndices {
            start,
            step,
            length,
            ..
        } = slice.indices(text.char_len())?;
        if step == 1 {
            let start = start as usize;
            return Ok(Obj::from(text.substring(start, start + length)));
        }
        let chars: Vec<char> = text.as_str().chars().collect();
        let picked: String = (0..length)
            .map(|k| chars[(start + k as isize * step) as usize])
            .collect();
        return Ok(Obj::from(picked));
    }
    Err(PyErr::type_error(format!(
        "string indices must be integers, not '{}'",
        key.type_name()
    )))
}

fn str_contains(obj: &Obj, item: &Obj) -> PyResult<bool> {
    match item.downcast_ref::<PyStr>() {
        Some(needle) => Ok(text_of(obj)?.as_str().contains(needle.as_str())),
        None => Err(PyErr::type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            item.type_name()
        ))),
    }
}

fn str_join(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let iterable = args.one("str.join")?;
    let separator = text_of(obj)?.as_str();
    let items = iterable.to_vec()?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Some(text) = item.downcast_ref::<PyStr>() else {
            return Err(PyErr::type_error(format!(
                "sequence item {i}: expected str instance, {} found",
                item.type_name()
            )));
        };
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(text.as_str());
    }
    if items.len() == 1 && items[0].is_exact::<PyStr>() {
        return Ok(items[0].clone());
    }
    Ok(Obj::from(out))
}

/// `sep` and `maxsplit` of `split`.
fn split_arguments<'a>(args: &Args<'a>) -> PyResult<(Option<&'a Obj>, isize)> {
    args.only_keywords("split", &["sep", "maxsplit"])?;
    let positional = args.positional_between("split", 0, 2)?;
    let sep = positional.first().or_else(|| args.keyword("sep"));
    let maxsplit = match positional.get(1).or_else(|| args.keyword("maxsplit")) {
        Some(value) => super::int::index_value(value)?
            .to_primitive::<isize>()
            .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C ssize_t"))?,
        None => -1,
    };
    Ok((sep.filter(|sep| !sep.is_none()), maxsplit))
}

fn str_split(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (sep, maxsplit) = split_arguments(args)?;
    let text = text_of(obj)?.as_str();
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let parts: Vec<Obj> = match sep {
        None => split_whitespace(text, limit)
            .into_iter()
            .map(Obj::from)
            .collect(),
        Some(sep) => {
            let Some(sep) = sep.downcast_ref::<PyStr>() else {
                return Err(PyErr::type_error(format!(
                    "must be str or None, not {}",
                    sep.type_name()
                )));
            };
            if sep.as_str().is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            text.splitn(limit.saturating_add(1), sep.as_str())
                .map(Obj::from)
                .collect()
        }
    };
    Ok(Obj::list(parts))
}

/// `str.split()` without a separator: runs of white space separate, and none make empty
/// strings; after `limit` splits, the rest (without its leading white space) is the last
/// part.
fn split_whitespace(text: &str, limit: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text.trim_start_matches(is_python_space);
    while !rest.is_empty() {
        if parts.len() == limit {
            parts.push(rest);
            break;
        }
        match rest.find(is_python_space) {
            Some(end) => {
                parts.push(&rest[..end]);
                rest = rest[end..].trim_start_matches(is_python_space);
            }
            None => {
                parts.push(rest);
                break;
            }
        }
    }
    parts
}

fn str_strip(obj: &Obj, args: &Args<'_>, name: &str, left: bool, right: bool) -> PyResult<Obj> {
    let positional = args.between(name, 0, 1)?;
    let text = text_of(obj)?.as_str();
    let chars = match positional.first() {
        None => None,
        Some(chars) if chars.is_none() => None,
        Some(chars) => match chars.downcast_ref::<PyStr>() {
            Some(chars) => Some(chars.as_str()),
            None => {
                return Err(PyErr::type_error(format!("{name} arg must be None or str")));
            }
        },
    };
    let strip = |c: char| match chars {
        None => is_python_space(c),
        Some(chars) => chars.contains(c),
    };
    let mut result = text;
    if left {
        result = result.trim_start_matches(strip);
    }
    if right {
        result = result.trim_end_matches(strip);
    }
    if result.len() == text.len() && obj.is_exact::<PyStr>() {
        return Ok(obj.clone());
    }
    Ok(Obj::from(result))
}

/// CPython's `ADJUST_INDICES` for `start`/`end` arguments over `len` code points.
fn adjust_indices(start: Option<isize>, end: Option<isize>, len: usize) -> (usize, usize) {
    let len = len as isize;
    let mut end = end.unwrap_or(len);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    let mut start = start.unwrap_or(0);
    if start < 0 {
        start = (start + len).max(0);
    }
    (start as usize, end as usize)
}

/// `start`/`end` arguments of `find`, `count`, `startswith`: ints or `None`.
fn slice_argument(value: Option<&Obj>) -> PyResult<Option<isize>> {
    match value {
        None => Ok(None),
        Some(value) if value.is_none() => Ok(None),
        Some(value) => match as_index(value) {
            Ok(Some(index)) => Ok(Some(index)),
            Ok(None) => Err(PyErr::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
            Err(_) => Ok(Some(if super::int::int_value(value).is_some_and(|v| {
                matches!(v, super::int::IntRef::Big(big) if num_traits::Signed::is_negative(big))
            }) {
                isize::MIN
            } else {
                isize::MAX
            })),
        },
    }
}

fn str_affix(obj: &Obj, args: &Args<'_>, name: &str, prefix: bool) -> PyResult<Obj> {
    let positional = args.between(name, 1, 3)?;
    let text = text_of(obj)?;
    let (start, end) = adjust_indices(
        slice_argument(positional.get(1))?,
        slice_argument(positional.get(2))?,
        text.char_len(),
    );
    if start > text.char_len() {
        return Ok(Obj::from(false));
    }
    let region = text.substring(start, end.max(start));
    let matches = |candidate: &str| {
        if end < start {
            false
        } else if prefix {
            region.starts_with(candidate)
        } else {
            region.ends_with(candidate)
        }
    };
    let affix = &positional[0];
    if let Some(candidate) = affix.downcast_ref::<PyStr>() {
        return Ok(Obj::from(matches(candidate.as_str())));
    }
    if let Some(candidates) = affix.downcast_ref::<PyTuple>() {
        for candidate in candidates.as_slice() {
            let Some(candidate) = candidate.downcast_ref::<PyStr>() else {
                return Err(PyErr::type_error(format!(
                    "tuple for {name} must only contain str, not {}",
                    candidate.type_name()
                )));
            };
            if matches(candidate.as_str()) {
                return Ok(Obj::from(true));
            }
        }
        return Ok(Obj::from(false));
    }
    Err(PyErr::type_error(format!(
        "{name} first arg must be str or a tuple of str, not {}",
        affix.type_name()
    )))
}

fn str_replace(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let positional = args.between("replace", 2, 3)?;
    let text = text_of(obj)?.as_str();
    fn needle(value: &Obj, position: usize) -> PyResult<&str> {
        value
            .downcast_ref::<PyStr>()
            .map(PyStr::as_str)
            .ok_or_else(|| {
                PyErr::type_error(format!(
                    "replace() argument {position} must be str, not {}",
                    value.type_name()
                ))
            })
    }
    let old = needle(&positional[0], 1)?;
    let new = needle(&positional[1], 2)?;
    let count = match positional.get(2) {
        Some(count) => super::int::index_value(count)?
            .to_primitive::<isize>()
            .unwrap_or(isize::MAX),
        None => -1,
    };
    let result = if count < 0 {
        text.replace(old, new)
    } else {
        text.replacen(old, new, count as usize)
    };
    if result == text && obj.is_exact::<PyStr>() {
        return Ok(obj.clone());
    }
    Ok(Obj::from(result))
}

/// `sub`, `start` and `end` of `find`/`count`, with the region they select.
fn search_arguments<'a>(
    obj: &'a Obj,
    args: &Args<'_>,
    name: &str,
) -> PyResult<(String, &'a PyStr, usize, usize)> {
    args.no_keywords(name)?;
    let positional = args.positional();
    if positional.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes at least 1 argument (0 given)"
        )));
    }
    if positional.len() > 3 {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most 3 arguments ({} given)",
            positional.len()
        )));
    }
    let Some(sub) = positional[0].downcast_ref::<PyStr>() else {
        return Err(PyErr::type_error(format!(
            "must be str, not {}",
            positional[0].type_name()
        )));
    };
    let text = text_of(obj)?;
    let (start, end) = adjust_indices(
        slice_argument(positional.get(1))?,
        slice_argument(positional.get(2))?,
        text.char_len(),
    );
    Ok((sub.as_str().to_owned(), text, start, end))
}

fn str_find(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<i64> {
    let (sub, text, start, end) = search_arguments(obj, args, name)?;
    if start > text.char_len() || end < start || end - start < sub.chars().count() {
        return Ok(-1);
    }
    let from = text.byte_offset(start);
    let region = text.substring(start, end);
    Ok(match region.find(sub.as_str()) {
        Some(offset) => text.char_index(from + offset) as i64,
        None => -1,
    })
}

fn str_count(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (sub, text, start, end) = search_arguments(obj, args, "count")?;
    if start > text.char_len() || end < start {
        return Ok(Obj::from(0));
    }
    if sub.is_empty() {
        return Ok(Obj::from(end - start + 1));
    }
    Ok(Obj::from(
        text.substring(start, end).matches(sub.as_str()).count(),
    ))
}

#[cfg(test)]
mod tests {
    use super::{PyStr, Text, hash_str, small_int_str};
    use crate::pyobject::Obj;

    /// The numbers around every power of ten, and the extremes.
    fn decimal_cases() -> Vec<i64> {
        let mut cases = vec![0, 1, 9, i64::MAX, i64::MIN, i64::MIN + 1];
        let mut power: i64 = 1;
        for _ in 0..19 {
            for n in [power - 1, power, power + 1, power * 2 + 7] {
                cases.push(n);
                cases.push(-n);
            }
            power = power.saturating_mul(10);
        }
        cases.extend(-300..300);
        cases
    }

    #[test]
    fn decimal_text_is_the_formatted_number() {
        for number in decimal_cases() {
            let text = Text::decimal(number);
            assert_eq!(&*text, number.to_string(), "{number}");
            let Text::Inline { len, bytes } = text else {
                panic!("{number} is not inline");
            };
            assert!(
                bytes[usize::from(len)..].iter().all(|&b| b == 0),
                "{number}"
            );
        }
    }

    #[test]
    fn cached_hashes_are_the_hashes_of_the_text() {
        let ascii = "abcdefghijklmnopqrstuvwxyz0123456789";
        for len in 0..=ascii.len() {
            let text = &ascii[..len];
            assert_eq!(PyStr::new(text).cached_hash(), hash_str(text), "{text:?}");
        }
        for text in [
            "é",
            "aé",
            "€uro",
            "😀!",
            "ééééééééééé",
            "a longer text, not ascii: ✓",
        ] {
            assert_eq!(PyStr::new(text).cached_hash(), hash_str(text), "{text:?}");
        }
        // From `PYTHONHASHSEED=0 python3 -c 'print(hash("..."))'`: an inline short
        // text, an inline long one, a boxed one.
        assert_eq!(PyStr::new("abcde").cached_hash(), 2674923165546153122);
        assert_eq!(
            PyStr::new("abcdefghijklmnopq").cached_hash(),
            7044894726457044172
        );
        assert_eq!(
            PyStr::new("a longer string of text").cached_hash(),
            7082584881845065036
        );
    }

    #[test]
    fn str_of_an_int_is_a_new_ascii_str_or_the_cached_digit() {
        for number in decimal_cases() {
            let made = small_int_str(number);
            let value = made.downcast_ref::<PyStr>().expect("a str");
            let expected = number.to_string();
            assert_eq!(value.as_str(), expected);
            assert_eq!(value.char_len(), expected.len());
            assert_eq!(value.cached_hash(), PyStr::new(&expected).cached_hash());
            // One-digit results are the cached one-character strs, as `Obj::from` gives.
            let cached = Obj::from(expected.as_str());
            assert_eq!(made.is(&cached), (0..10).contains(&number), "{number}");
        }
    }

    #[test]
    fn texts_up_to_the_inline_size_stay_in_the_object() {
        let cases = [
            (String::new(), true),
            ("a".repeat(Text::INLINE), true),
            ("a".repeat(Text::INLINE + 1), false),
            // 20 ASCII bytes and a 2-byte character: 22 bytes, inline.
            (format!("{}é", "a".repeat(20)), true),
            // 21 and a 2-byte character: 23 bytes, boxed.
            (format!("{}é", "a".repeat(21)), false),
            ("€uro 😀 ✓".to_owned(), true),
        ];
        for (text, inline) in cases {
            let value = PyStr::new(&text);
            assert_eq!(value.as_str(), text);
            assert_eq!(value.char_len(), text.chars().count());
            assert_eq!(
                matches!(value.text, Text::Inline { .. }),
                inline,
                "{text:?}"
            );
            let outside = if inline { 0 } else { text.len() };
            assert_eq!(value.outside_bytes(), outside, "{text:?}");
            let last = text.chars().count();
            assert_eq!(
                value.substring(1, last),
                text.chars().skip(1).collect::<String>()
            );
        }
    }
}
