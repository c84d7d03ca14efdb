//! `str`: immutable text, UTF-8 inside, indexed by code point as Python does.
//!
//! Which strings are one object ([`crate::interning`]): `''` and the one-character
//! Latin-1 strings are immortal singletons; identifier-like literals and `sys.intern(s)`
//! give the interned copy; every other string made at run time is a new object.
//!
//! `repr(s)` follows CPython: single quotes unless the text contains a single quote and
//! no double quote, `\n`, `\t`, `\r`, `\\` and the quote escaped, other characters that
//! are not printable as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
//!
//! Every public method of CPython 3.11's `str` is here, with its semantics and error
//! texts: searching (`find`, `rfind`, `index`, `rindex`, `count`, `startswith`,
//! `endswith` with `start`/`end`), splitting (`split`, `rsplit`, `splitlines` at every
//! line boundary CPython knows, `partition`, `rpartition`), `join`, stripping and
//! `removeprefix`/`removesuffix`, padding (`center`, `ljust`, `rjust`, `zfill`,
//! `expandtabs`), case (`upper`, `lower`, `casefold`, `swapcase`, `title`, `capitalize`,
//! with full case mappings and the final sigma), the `is...` predicates (Unicode 14.0.0
//! classes from CPython 3.11, see [`unicode`]), `replace`, `translate`/`maketrans`,
//! `encode` (UTF-8, ASCII, Latin-1), `format`, `format_map`.
//!
//! pyobj's str cannot hold a lone surrogate (a Rust `char` cannot): `translate` to one
//! raises a `ValueError`, and a codec failure is a `ValueError` (pyobj has no
//! `UnicodeEncodeError`).

mod unicode;

use std::cell::Cell;

use super::hash::{hash_bytes, hash_zero_padded};
use super::int::IntValue;
use super::int::as_index;
use super::printable::is_printable;
use super::protocol::CompareOp;
use super::slice::{PySlice, SliceIndices};
use super::typeobject::{HashSlot, Method, MethodKind, NumberMethods, PyType};
use super::{Args, Obj, PyDict, PyInt, PyTuple, hash_str};
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
    #[inline]
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

/// The one vtable of every `PyStr` (a downcast is one comparison of addresses).
static PYSTR_VTABLE: crate::refcount::StaticVTable<PyStr> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyStr {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYSTR_VTABLE.get());
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&STR_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
    /// Only a long text owns memory, and only an interned str has a table entry to
    /// remove.
    #[inline(always)]
    fn value_needs_drop(&self) -> bool {
        matches!(self.text, Text::Boxed(_)) || self.interned.get()
    }
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
    method_kinds: &[("maketrans", MethodKind::Static)],
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
        call: |obj, args| str_find(obj, args, "find", false).map(Obj::from),
    },
    Method {
        name: "rfind",
        call: |obj, args| str_find(obj, args, "rfind", true).map(Obj::from),
    },
    Method {
        name: "index",
        call: |obj, args| match str_find(obj, args, "index", false)? {
            -1 => Err(PyErr::value_error("substring not found")),
            found => Ok(Obj::from(found)),
        },
    },
    Method {
        name: "rindex",
        call: |obj, args| match str_find(obj, args, "rindex", true)? {
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
    Method {
        name: "rsplit",
        call: str_rsplit,
    },
    Method {
        name: "splitlines",
        call: str_splitlines,
    },
    Method {
        name: "partition",
        call: |obj, args| str_partition(obj, args, false),
    },
    Method {
        name: "rpartition",
        call: |obj, args| str_partition(obj, args, true),
    },
    Method {
        name: "removeprefix",
        call: |obj, args| str_remove_affix(obj, args, true),
    },
    Method {
        name: "removesuffix",
        call: |obj, args| str_remove_affix(obj, args, false),
    },
    Method {
        name: "center",
        call: |obj, args| str_pad(obj, args, "center"),
    },
    Method {
        name: "ljust",
        call: |obj, args| str_pad(obj, args, "ljust"),
    },
    Method {
        name: "rjust",
        call: |obj, args| str_pad(obj, args, "rjust"),
    },
    Method {
        name: "zfill",
        call: str_zfill,
    },
    Method {
        name: "expandtabs",
        call: str_expandtabs,
    },
    Method {
        name: "swapcase",
        call: |obj, args| {
            args.none("str.swapcase")?;
            Ok(Obj::from(swapcase(text_of(obj)?.as_str())))
        },
    },
    Method {
        name: "title",
        call: |obj, args| {
            args.none("str.title")?;
            Ok(Obj::from(title(text_of(obj)?.as_str())))
        },
    },
    Method {
        name: "capitalize",
        call: |obj, args| {
            args.none("str.capitalize")?;
            Ok(Obj::from(capitalize(text_of(obj)?.as_str())))
        },
    },
    Method {
        name: "casefold",
        call: |obj, args| {
            args.none("str.casefold")?;
            Ok(Obj::from(casefold(text_of(obj)?.as_str())))
        },
    },
    Method {
        name: "isalpha",
        call: |obj, args| str_all(obj, args, "str.isalpha", unicode::is_alpha),
    },
    Method {
        name: "isalnum",
        call: |obj, args| {
            str_all(obj, args, "str.isalnum", |c| {
                unicode::is_alpha(c) || unicode::is_numeric(c)
            })
        },
    },
    Method {
        name: "isdecimal",
        call: |obj, args| str_all(obj, args, "str.isdecimal", unicode::is_decimal),
    },
    Method {
        name: "isdigit",
        call: |obj, args| str_all(obj, args, "str.isdigit", unicode::is_digit),
    },
    Method {
        name: "isnumeric",
        call: |obj, args| str_all(obj, args, "str.isnumeric", unicode::is_numeric),
    },
    Method {
        name: "isspace",
        call: |obj, args| str_all(obj, args, "str.isspace", is_python_space),
    },
    Method {
        name: "isascii",
        call: |obj, args| {
            args.none("str.isascii")?;
            Ok(Obj::from(text_of(obj)?.as_str().is_ascii()))
        },
    },
    Method {
        name: "isprintable",
        call: |obj, args| {
            args.none("str.isprintable")?;
            Ok(Obj::from(text_of(obj)?.as_str().chars().all(is_printable)))
        },
    },
    Method {
        name: "isidentifier",
        call: |obj, args| {
            args.none("str.isidentifier")?;
            Ok(Obj::from(is_identifier(text_of(obj)?.as_str())))
        },
    },
    Method {
        name: "islower",
        call: |obj, args| {
            args.none("str.islower")?;
            Ok(Obj::from(cased_only(text_of(obj)?.as_str(), true)))
        },
    },
    Method {
        name: "isupper",
        call: |obj, args| {
            args.none("str.isupper")?;
            Ok(Obj::from(cased_only(text_of(obj)?.as_str(), false)))
        },
    },
    Method {
        name: "istitle",
        call: |obj, args| {
            args.none("str.istitle")?;
            Ok(Obj::from(is_title(text_of(obj)?.as_str())))
        },
    },
    Method {
        name: "translate",
        call: str_translate,
    },
    Method {
        name: "maketrans",
        call: |_, args| str_maketrans(args),
    },
    Method {
        name: "encode",
        call: str_encode,
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

/// A `Py_ssize_t` argument: `TypeError: 'str' object cannot be interpreted as an
/// integer`, `OverflowError: Python int too large to convert to C ssize_t`.
fn ssize_argument(value: &Obj) -> PyResult<isize> {
    super::int::index_value(value)?
        .to_primitive::<isize>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C ssize_t"))
}

/// A C `int` argument (`OverflowError: Python int too large to convert to C int`).
fn int_argument(value: &Obj) -> PyResult<i32> {
    super::int::index_value(value)?
        .to_primitive::<i32>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))
}

/// `sep` and `maxsplit` of `split` and `rsplit` (`name`).
fn split_arguments<'a>(args: &Args<'a>, name: &str) -> PyResult<(Option<&'a str>, isize)> {
    let [sep, maxsplit] = super::bytes::bind(args, name, ["sep", "maxsplit"])?;
    let sep = match sep.filter(|sep| !sep.is_none()) {
        None => None,
        Some(sep) => match sep.downcast_ref::<PyStr>() {
            Some(sep) if sep.as_str().is_empty() => {
                return Err(PyErr::value_error("empty separator"));
            }
            Some(sep) => Some(sep.as_str()),
            None => {
                return Err(PyErr::type_error(format!(
                    "must be str or None, not {}",
                    sep.type_name()
                )));
            }
        },
    };
    let maxsplit = match maxsplit {
        Some(value) => ssize_argument(value)?,
        None => -1,
    };
    Ok((sep, maxsplit))
}

fn str_split(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (sep, maxsplit) = split_arguments(args, "split")?;
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
        Some(sep) => text
            .splitn(limit.saturating_add(1), sep)
            .map(Obj::from)
            .collect(),
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
    args.no_keywords(&format!("str.{name}"))?;
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

/// `find` (`rfind` when `reverse`): the index of the first (last) occurrence of `sub`
/// in `text[start:end]`, or -1.
fn str_find(obj: &Obj, args: &Args<'_>, name: &str, reverse: bool) -> PyResult<i64> {
    let (sub, text, start, end) = search_arguments(obj, args, name)?;
    if start > text.char_len() || end < start || end - start < sub.chars().count() {
        return Ok(-1);
    }
    let from = text.byte_offset(start);
    let region = text.substring(start, end);
    let found = if reverse {
        region.rfind(sub.as_str())
    } else {
        region.find(sub.as_str())
    };
    Ok(match found {
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

// ---------------------------------------------------------------------------------------
// Splitting.

fn str_rsplit(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (sep, maxsplit) = split_arguments(args, "rsplit")?;
    let text = text_of(obj)?.as_str();
    let limit = usize::try_from(maxsplit).unwrap_or(usize::MAX);
    let mut parts: Vec<&str> = match sep {
        None => rsplit_whitespace(text, limit),
        Some(sep) => text.rsplitn(limit.saturating_add(1), sep).collect(),
    };
    parts.reverse();
    Ok(Obj::list(parts.into_iter().map(Obj::from)))
}

/// `str.rsplit()` without a separator (CPython's `rsplit_whitespace`), last part first:
/// after `limit` splits, the rest (without its trailing white space) is the last part.
fn rsplit_whitespace(text: &str, limit: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text.trim_end_matches(is_python_space);
    while !rest.is_empty() {
        if parts.len() == limit {
            parts.push(rest);
            break;
        }
        match rest.rfind(is_python_space) {
            Some(at) => {
                let space = rest[at..].chars().next().map_or(1, char::len_utf8);
                parts.push(&rest[at + space..]);
                rest = rest[..at].trim_end_matches(is_python_space);
            }
            None => {
                parts.push(rest);
                break;
            }
        }
    }
    parts
}

/// The line boundaries of `str.splitlines` (`'\r\n'` is one).
fn is_line_boundary(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn str_splitlines(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [keepends] = super::bytes::bind(args, "splitlines", ["keepends"])?;
    let keepends = match keepends {
        Some(keepends) => int_argument(keepends)? != 0,
        None => false,
    };
    let text = text_of(obj)?.as_str();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !is_line_boundary(c) {
            continue;
        }
        let mut end = at + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            chars.next();
            end += 1;
        }
        lines.push(Obj::from(&text[start..if keepends { end } else { at }]));
        start = end;
    }
    if start < text.len() {
        lines.push(Obj::from(&text[start..]));
    }
    Ok(Obj::list(lines))
}

/// `partition(sep)` (`rpartition` when `reverse`): the text before the first (last)
/// `sep`, `sep`, and the text after it.
fn str_partition(obj: &Obj, args: &Args<'_>, reverse: bool) -> PyResult<Obj> {
    let sep = args.one(if reverse {
        "str.rpartition"
    } else {
        "str.partition"
    })?;
    let Some(needle) = sep.as_str() else {
        return Err(PyErr::type_error(format!(
            "must be str, not {}",
            sep.type_name()
        )));
    };
    if needle.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let text = text_of(obj)?.as_str();
    let found = if reverse {
        text.rfind(needle)
    } else {
        text.find(needle)
    };
    Ok(match found {
        Some(at) => Obj::tuple([
            Obj::from(&text[..at]),
            sep.clone(),
            Obj::from(&text[at + needle.len()..]),
        ]),
        None if reverse => Obj::tuple([Obj::from(""), Obj::from(""), obj.clone()]),
        None => Obj::tuple([obj.clone(), Obj::from(""), Obj::from("")]),
    })
}

/// `removeprefix(prefix)` / `removesuffix(suffix)`.
fn str_remove_affix(obj: &Obj, args: &Args<'_>, prefix: bool) -> PyResult<Obj> {
    let name = if prefix {
        "removeprefix"
    } else {
        "removesuffix"
    };
    let affix = args.one(&format!("str.{name}"))?;
    let Some(affix) = affix.as_str() else {
        return Err(PyErr::type_error(format!(
            "{name}() argument must be str, not {}",
            affix.type_name()
        )));
    };
    let text = text_of(obj)?.as_str();
    let rest = if prefix {
        text.strip_prefix(affix)
    } else {
        text.strip_suffix(affix)
    };
    match rest {
        Some(rest) if !affix.is_empty() => Ok(Obj::from(rest)),
        _ => same_text(obj, text),
    }
}

/// The str itself when it is an exact str (CPython returns `self`), else a copy.
fn same_text(obj: &Obj, text: &str) -> PyResult<Obj> {
    if obj.is_exact::<PyStr>() {
        Ok(obj.clone())
    } else {
        Ok(Obj::from(text))
    }
}

// ---------------------------------------------------------------------------------------
// Padding.

/// How many fill characters go left and right of `len` characters to make `width`
/// (CPython's `pad` for `center`, `ljust`, `rjust`), or `None` when no padding is
/// needed.
pub(super) fn padding(len: usize, width: isize, align: &str) -> Option<(usize, usize)> {
    let width = usize::try_from(width).ok()?;
    let margin = width.checked_sub(len).filter(|&margin| margin > 0)?;
    Some(match align {
        "ljust" => (0, margin),
        "rjust" => (margin, 0),
        _ => {
            let left = margin / 2 + (margin & width & 1);
            (left, margin - left)
        }
    })
}

/// `center(width, fillchar=' ')`, `ljust(...)`, `rjust(...)` (`name`).
fn str_pad(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
    args.no_keywords(&format!("str.{name}"))?;
    let positional = args.positional_between(name, 1, 2)?;
    let width = ssize_argument(&positional[0])?;
    let fill = match positional.get(1) {
        None => ' ',
        Some(fill) => {
            let Some(text) = fill.as_str() else {
                return Err(PyErr::type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    fill.type_name()
                )));
            };
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(PyErr::type_error(
                        "The fill character must be exactly one character long",
                    ));
                }
            }
        }
    };
    let value = text_of(obj)?;
    let Some((left, right)) = padding(value.char_len(), width, name) else {
        return same_text(obj, value.as_str());
    };
    let mut out = String::with_capacity(value.as_str().len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(value.as_str());
    out.extend(std::iter::repeat_n(fill, right));
    Ok(Obj::from(out))
}

/// `zfill(width)`: zeros on the left, after a leading sign.
fn str_zfill(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let width = ssize_argument(args.one("str.zfill")?)?;
    let value = text_of(obj)?;
    let text = value.as_str();
    let Some((fill, _)) = padding(value.char_len(), width, "rjust") else {
        return same_text(obj, text);
    };
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'+' | b'-') => text.split_at(1),
        _ => ("", text),
    };
    let mut out = String::with_capacity(text.len() + fill);
    out.push_str(sign);
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(digits);
    Ok(Obj::from(out))
}

/// `expandtabs(tabsize=8)`: each tab becomes spaces up to the next multiple of
/// `tabsize` columns (counted from the last `'\n'` or `'\r'`).
fn str_expandtabs(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [tabsize] = super::bytes::bind(args, "expandtabs", ["tabsize"])?;
    let tabsize = match tabsize {
        Some(tabsize) => int_argument(tabsize)?,
        None => 8,
    };
    let text = text_of(obj)?.as_str();
    if !text.contains('\t') {
        return same_text(obj, text);
    }
    let mut out = String::with_capacity(text.len());
    let mut column: usize = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                if let Ok(tabsize) = usize::try_from(tabsize)
                    && tabsize > 0
                {
                    let spaces = tabsize - column % tabsize;
                    column += spaces;
                    out.extend(std::iter::repeat_n(' ', spaces));
                }
            }
            '\n' | '\r' => {
                column = 0;
                out.push(c);
            }
            c => {
                column += 1;
                out.push(c);
            }
        }
    }
    Ok(Obj::from(out))
}

// ---------------------------------------------------------------------------------------
// Case.

/// Whether `c` is cased (`Lowercase`, `Uppercase` or titlecase: CPython's
/// `_PyUnicode_IsCased`).
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || unicode::is_titlecase(c)
}

/// For each capital sigma of `text`, in order, whether it lowercases to a final sigma
/// (`'ς'`): Rust's `to_lowercase` applies the same `Final_Sigma` rule over the whole
/// text as CPython's `lower_ucs4` (σ and ς take two bytes each, so offsets agree).
fn final_sigmas(text: &str) -> Vec<bool> {
    if !text.contains('Σ') {
        return Vec::new();
    }
    let lowered = text.to_lowercase();
    let mut offset = 0;
    let mut finals = Vec::new();
    for c in text.chars() {
        if c == 'Σ' {
            finals.push(lowered[offset..].starts_with('ς'));
        }
        offset += c.to_lowercase().map(char::len_utf8).sum::<usize>();
    }
    finals
}

/// Lowercases the characters of a text one at a time, as CPython's `lower_ucs4`
/// (a capital sigma by its context in the whole text).
struct Lowerer {
    finals: std::vec::IntoIter<bool>,
}

impl Lowerer {
    fn new(text: &str) -> Lowerer {
        Lowerer {
            finals: final_sigmas(text).into_iter(),
        }
    }

    /// Notes the next character of the text (every one must be noted, in order) and
    /// returns whether it is a capital sigma in final position.
    fn note(&mut self, c: char) -> bool {
        c == 'Σ' && self.finals.next().unwrap_or(false)
    }

    /// Appends the lowercase of `c`, the character just noted as `final_sigma`.
    fn push_lower(out: &mut String, c: char, final_sigma: bool) {
        match c {
            'Σ' if final_sigma => out.push('ς'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Appends the titlecase of `c` (CPython's `_PyUnicode_ToTitleFull`).
fn push_title(out: &mut String, c: char) {
    match unicode::title_mapping(c) {
        Some(title) => out.push_str(title),
        None => out.extend(c.to_uppercase()),
    }
}

/// `s.swapcase()`.
fn swapcase(text: &str) -> String {
    let mut lowerer = Lowerer::new(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let final_sigma = lowerer.note(c);
        if c.is_uppercase() {
            Lowerer::push_lower(&mut out, c, final_sigma);
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `s.title()`: titlecase after an uncased character, lowercase after a cased one.
fn title(text: &str) -> String {
    let mut lowerer = Lowerer::new(text);
    let mut out = String::with_capacity(text.len());
    let mut previous_is_cased = false;
    for c in text.chars() {
        let final_sigma = lowerer.note(c);
        if previous_is_cased {
            Lowerer::push_lower(&mut out, c, final_sigma);
        } else {
            push_title(&mut out, c);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

/// `s.capitalize()`: the first character titlecased, the rest lowercased.
fn capitalize(text: &str) -> String {
    let mut lowerer = Lowerer::new(text);
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let final_sigma = lowerer.note(c);
        if i == 0 {
            push_title(&mut out, c);
        } else {
            Lowerer::push_lower(&mut out, c, final_sigma);
        }
    }
    out
}

/// `s.casefold()`: full case folding.
fn casefold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match unicode::casefold_mapping(c) {
            Some(folded) => out.push_str(folded),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Predicates.

/// `isalpha()` and the like: not empty, and every character satisfies `test`.
fn str_all(obj: &Obj, args: &Args<'_>, qualname: &str, test: fn(char) -> bool) -> PyResult<Obj> {
    args.none(qualname)?;
    let text = text_of(obj)?.as_str();
    Ok(Obj::from(!text.is_empty() && text.chars().all(test)))
}

/// `islower()` (`lower`) / `isupper()`: some cased character, and none of the other
/// case nor titlecase.
fn cased_only(text: &str, lower: bool) -> bool {
    let mut cased = false;
    for c in text.chars() {
        let (wanted, other) = if lower {
            (c.is_lowercase(), c.is_uppercase())
        } else {
            (c.is_uppercase(), c.is_lowercase())
        };
        if other || unicode::is_titlecase(c) {
            return false;
        }
        cased |= wanted;
    }
    cased
}

/// `istitle()`: uppercase and titlecase characters only after uncased ones, lowercase
/// only after cased ones, and at least one cased character.
fn is_title(text: &str) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for c in text.chars() {
        if c.is_uppercase() || unicode::is_titlecase(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

/// `isidentifier()`: an `XID_Start` character or `_`, then `XID_Continue` characters.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(unicode::is_xid_start) && chars.all(unicode::is_xid_continue)
}

// ---------------------------------------------------------------------------------------
// `translate`, `maketrans`, `encode`.

/// `translate(table)`: each character looked up in `table` by its ordinal (a
/// `LookupError` keeps it), replaced by the str or ordinal found, or deleted for
/// `None`.
fn str_translate(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let table = args.one("str.translate")?;
    let text = text_of(obj)?.as_str();
    let mut out = String::with_capacity(text.len());
    // The mapping of each ASCII character seen, as CPython caches it (the table is
    // asked once per other character).
    let mut cache: [Option<Option<String>>; 128] = [const { None }; 128];
    for c in text.chars() {
        if let Some(Some(mapped)) = cache.get(c as usize) {
            if let Some(mapped) = mapped {
                out.push_str(mapped);
            }
            continue;
        }
        let mapped = match table.get_item(&Obj::from(u32::from(c))) {
            Ok(value) => translation(&value)?,
            Err(error) if error.is_instance(&crate::exceptions::LOOKUP_ERROR) => {
                Some(c.to_string())
            }
            Err(error) => return Err(error),
        };
        if let Some(mapped) = &mapped {
            out.push_str(mapped);
        }
        if let Some(slot) = cache.get_mut(c as usize) {
            *slot = Some(mapped);
        }
    }
    Ok(Obj::from(out))
}

/// What `translate` makes of a table's value: `None` deletes, an int is a code point, a
/// str is the replacement.
fn translation(value: &Obj) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Some(text) = value.as_str() {
        return Ok(Some(text.to_owned()));
    }
    if super::int::int_value(value).is_some() {
        let code = super::int::index_value(value)?
            .to_primitive::<u32>()
            .filter(|&code| code < 0x110000)
            .ok_or_else(|| PyErr::value_error("character mapping must be in range(0x110000)"))?;
        return char::from_u32(code)
            .map(|c| Some(c.to_string()))
            .ok_or_else(|| {
                PyErr::value_error(
                    "character mapping to a surrogate code point is not supported by pyobj's str",
                )
            });
    }
    Err(PyErr::type_error(
        "character mapping must return integer, None or str",
    ))
}

/// `str.maketrans(x[, y[, z]])`: a translation table (a dict of ordinals) from a dict,
/// or from two strs of equal length (and a str of characters to delete).
fn str_maketrans(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("str.maketrans")?;
    let positional = args.positional_between("maketrans", 1, 3)?;
    let table = Obj::dict_from(std::iter::empty::<(Obj, Obj)>())?;
    let Some(to) = positional.get(1) else {
        let Some(mapping) = positional[0].downcast_ref::<PyDict>() else {
            return Err(PyErr::type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        for (key, value) in mapping.items() {
            let key = if let Some(text) = key.as_str() {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Obj::from(u32::from(c)),
                    _ => {
                        return Err(PyErr::value_error(
                            "string keys in translate table must be of length 1",
                        ));
                    }
                }
            } else if super::int::int_value(&key).is_some() {
                key
            } else {
                return Err(PyErr::type_error(
                    "keys in translate table must be strings or integers",
                ));
            };
            table.set_item(&key, &value)?;
        }
        return Ok(table);
    };
    let Some(from) = positional[0].as_str() else {
        return Err(PyErr::type_error(
            "first maketrans argument must be a string if there is a second argument",
        ));
    };
    let str_argument = |value: &Obj, position: usize| -> PyResult<String> {
        value.as_str().map(str::to_owned).ok_or_else(|| {
            PyErr::type_error(format!(
                "maketrans() argument {position} must be str, not {}",
                value.type_name()
            ))
        })
    };
    let to = str_argument(to, 2)?;
    let delete = match positional.get(2) {
        Some(delete) => Some(str_argument(delete, 3)?),
        None => None,
    };
    if from.chars().count() != to.chars().count() {
        return Err(PyErr::value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (a, b) in from.chars().zip(to.chars()) {
        table.set_item(&Obj::from(u32::from(a)), &Obj::from(u32::from(b)))?;
    }
    for c in delete.iter().flat_map(|delete| delete.chars()) {
        table.set_item(&Obj::from(u32::from(c)), &Obj::none())?;
    }
    Ok(table)
}

/// `encode(encoding='utf-8', errors='strict')`.
fn str_encode(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [encoding, errors] = super::bytes::bind(args, "encode", ["encoding", "errors"])?;
    let argument = |value: Option<&Obj>, name: &str, default: &'static str| -> PyResult<String> {
        match value {
            None => Ok(default.to_owned()),
            Some(value) => value.as_str().map(str::to_owned).ok_or_else(|| {
                PyErr::type_error(format!(
                    "encode() argument '{name}' must be str, not {}",
                    value.type_name()
                ))
            }),
        }
    };
    let encoding = argument(encoding, "encoding", "utf-8")?;
    let errors = argument(errors, "errors", "strict")?;
    let encoded = super::bytes::encode(text_of(obj)?.as_str(), &encoding, &errors)?;
    Ok(Obj::bytes(&encoded))
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
