//! `bytes`: an immutable sequence of bytes (ints `0..=255`).
//!
//! A bytes object holds no handles, so it is never tracked by the collector. Its
//! `repr` is CPython's (`b'abc'`, `b"it's"`, `b'\x00\n'`), its hash is CPython's with
//! `PYTHONHASHSEED=0` (SipHash-1-3 over the bytes, so `hash(b'abc') == hash('abc')`),
//! and its operators, indexing, slicing, `in`, iteration and every public method of
//! CPython 3.11's `bytes` (`decode`, `hex`, `fromhex`, searching, splitting, stripping,
//! padding, the ASCII case methods and predicates, `replace`, `translate`, `maketrans`,
//! ...) behave as CPython's and raise its errors. Arguments that CPython takes as any
//! bytes-like object take `bytes` (pyobj has no `bytearray` or `memoryview`).
//!
//! Codecs: `decode()` and `bytes(text, encoding)` know UTF-8, ASCII and Latin-1 (under
//! CPython's usual spellings), with the error handlers `strict`, `ignore`, `replace`,
//! `backslashreplace` (and `xmlcharrefreplace` for encoding). pyobj has no
//! `UnicodeDecodeError`/`UnicodeEncodeError` types yet: a codec failure is a
//! `ValueError` (their base class) carrying CPython's message.

use std::cell::{Cell, RefCell};

use super::hash::hash_bytes;
use super::int::{IntValue, index_value, int_value};
use super::protocol::CompareOp;
use super::sequence;
use super::slice::PySlice;
use super::typeobject::{HashSlot, Method, MethodKind, PyType};
use super::{Args, Obj, PyTuple};
use crate::exceptions::{LOOKUP_ERROR, MEMORY_ERROR, NOT_IMPLEMENTED_ERROR, PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The value of a `bytes` object.
pub struct PyBytes {
    value: Box<[u8]>,
    /// The hash, once computed (-1 before).
    hash: Cell<i64>,
}

impl PyBytes {
    fn new(value: Box<[u8]>) -> PyBytes {
        PyBytes {
            value,
            hash: Cell::new(-1),
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.value
    }

    /// `text.encode(encoding, errors)`: UTF-8, ASCII or Latin-1 (CPython's spellings),
    /// with CPython's error handlers and texts (a codec failure is a `ValueError`).
    pub(crate) fn encode_text(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
        encode(text, encoding, errors)
    }

    /// `value.decode(encoding, errors)`, as [`PyBytes::encode_text`].
    pub(crate) fn decode_text(value: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
        decode(value, Codec::lookup(encoding)?, errors)
    }

    /// The codec's own name for an encoding (`'utf-8'`, `'ascii'` or `'latin-1'`), or
    /// `LookupError: unknown encoding: x`.
    pub(crate) fn codec_name(encoding: &str) -> PyResult<&'static str> {
        Codec::lookup(encoding).map(Codec::name)
    }

    fn cached_hash(&self) -> i64 {
        match self.hash.get() {
            -1 => {
                let hash = hash_bytes(&self.value);
                self.hash.set(hash);
                hash
            }
            hash => hash,
        }
    }
}

impl Trace for PyBytes {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BYTES_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Obj {
    /// A new `bytes` object holding a copy of `value` (never tracked: it holds no
    /// handles).
    ///
    /// ```
    /// use pyobj::Obj;
    ///
    /// let b = Obj::bytes(b"it's\n");
    /// assert_eq!(b.repr().unwrap(), "b\"it's\\n\"");
    /// assert_eq!(b.len().unwrap(), 5);
    /// assert!(!b.is_tracked());
    /// ```
    pub fn bytes(value: &[u8]) -> Obj {
        Obj::from_byte_vec(value.into())
    }

    /// The bytes, if this is a `bytes` object.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        self.downcast_ref::<PyBytes>().map(PyBytes::as_bytes)
    }

    /// A new bytes object holding `value`.
    pub(crate) fn from_byte_vec(value: Box<[u8]>) -> Obj {
        Obj::new(PyBytes::new(value))
    }
}

fn bytes_of(obj: &Obj) -> PyResult<&[u8]> {
    obj.value_as::<PyBytes>().map(PyBytes::as_bytes)
}

/// `repr(b)`: single quotes unless the value has a `'` and no `"`; `\\`, the quote,
/// `\t`, `\n`, `\r` escaped, other bytes outside `0x20..0x7f` as `\xhh`.
pub(crate) fn repr_bytes(value: &[u8]) -> String {
    let quote = if value.contains(&b'\'') && !value.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(value.len() + 3);
    out.push('b');
    out.push(char::from(quote));
    for &byte in value {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            byte if byte == quote => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x20..=0x7e => out.push(char::from(byte)),
            byte => push_hex_escape(&mut out, byte),
        }
    }
    out.push(char::from(quote));
    out
}

/// Appends `\xhh` (lowercase hex).
fn push_hex_escape(out: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\x");
    out.push(char::from(DIGITS[usize::from(byte >> 4)]));
    out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
}

/// `bytes`.
pub(crate) static BYTES_TYPE: PyType = PyType {
    name: "bytes",
    new: Some(bytes_new),
    repr: Some(|obj| Ok(repr_bytes(bytes_of(obj)?))),
    str: Some(|obj| Ok(repr_bytes(bytes_of(obj)?))),
    hash: Some(HashSlot::Value(|obj| {
        Ok(obj.value_as::<PyBytes>()?.cached_hash())
    })),
    richcompare: Some(bytes_richcompare),
    bool: Some(|obj| Ok(!bytes_of(obj)?.is_empty())),
    len: Some(|obj| Ok(bytes_of(obj)?.len())),
    concat: Some(bytes_concat),
    repeat: Some(bytes_repeat),
    getitem: Some(bytes_getitem),
    contains: Some(bytes_contains),
    iter: Some(|obj| Ok(PyBytesIter::make(obj.clone()))),
    methods: BYTES_METHODS,
    method_kinds: &[
        ("maketrans", MethodKind::Static),
        ("fromhex", MethodKind::Class),
    ],
    ..PyType::BLANK
};

static BYTES_METHODS: &[Method] = &[
    Method {
        name: "decode",
        call: bytes_decode,
    },
    Method {
        name: "hex",
        call: bytes_hex,
    },
    Method {
        name: "count",
        call: bytes_count,
    },
    Method {
        name: "find",
        call: |obj, args| bytes_find(obj, args, "find", false).map(Obj::from),
    },
    Method {
        name: "rfind",
        call: |obj, args| bytes_find(obj, args, "rfind", true).map(Obj::from),
    },
    Method {
        name: "index",
        call: |obj, args| match bytes_find(obj, args, "index", false)? {
            -1 => Err(PyErr::value_error("subsection not found")),
            found => Ok(Obj::from(found)),
        },
    },
    Method {
        name: "rindex",
        call: |obj, args| match bytes_find(obj, args, "rindex", true)? {
            -1 => Err(PyErr::value_error("subsection not found")),
            found => Ok(Obj::from(found)),
        },
    },
    Method {
        name: "startswith",
        call: |obj, args| bytes_affix(obj, args, "startswith", true),
    },
    Method {
        name: "endswith",
        call: |obj, args| bytes_affix(obj, args, "endswith", false),
    },
    Method {
        name: "join",
        call: bytes_join,
    },
    Method {
        name: "split",
        call: |obj, args| bytes_split(obj, args, "split"),
    },
    Method {
        name: "rsplit",
        call: |obj, args| bytes_split(obj, args, "rsplit"),
    },
    Method {
        name: "splitlines",
        call: bytes_splitlines,
    },
    Method {
        name: "partition",
        call: |obj, args| bytes_partition(obj, args, false),
    },
    Method {
        name: "rpartition",
        call: |obj, args| bytes_partition(obj, args, true),
    },
    Method {
        name: "strip",
        call: |obj, args| bytes_strip(obj, args, "strip", true, true),
    },
    Method {
        name: "lstrip",
        call: |obj, args| bytes_strip(obj, args, "lstrip", true, false),
    },
    Method {
        name: "rstrip",
        call: |obj, args| bytes_strip(obj, args, "rstrip", false, true),
    },
    Method {
        name: "removeprefix",
        call: |obj, args| bytes_remove_affix(obj, args, true),
    },
    Method {
        name: "removesuffix",
        call: |obj, args| bytes_remove_affix(obj, args, false),
    },
    Method {
        name: "replace",
        call: bytes_replace,
    },
    Method {
        name: "center",
        call: |obj, args| bytes_pad(obj, args, "center"),
    },
    Method {
        name: "ljust",
        call: |obj, args| bytes_pad(obj, args, "ljust"),
    },
    Method {
        name: "rjust",
        call: |obj, args| bytes_pad(obj, args, "rjust"),
    },
    Method {
        name: "zfill",
        call: bytes_zfill,
    },
    Method {
        name: "expandtabs",
        call: bytes_expandtabs,
    },
    Method {
        name: "lower",
        call: |obj, args| bytes_map(obj, args, "bytes.lower", |b| b.to_ascii_lowercase()),
    },
    Method {
        name: "upper",
        call: |obj, args| bytes_map(obj, args, "bytes.upper", |b| b.to_ascii_uppercase()),
    },
    Method {
        name: "swapcase",
        call: |obj, args| {
            bytes_map(obj, args, "bytes.swapcase", |b| match b {
                b'a'..=b'z' => b.to_ascii_uppercase(),
                b'A'..=b'Z' => b.to_ascii_lowercase(),
                b => b,
            })
        },
    },
    Method {
        name: "capitalize",
        call: |obj, args| {
            args.none("bytes.capitalize")?;
            let mut value = bytes_of(obj)?.to_ascii_lowercase();
            if let Some(first) = value.first_mut() {
                first.make_ascii_uppercase();
            }
            Ok(Obj::from_byte_vec(value.into()))
        },
    },
    Method {
        name: "title",
        call: |obj, args| {
            args.none("bytes.title")?;
            let mut previous_is_cased = false;
            let value: Vec<u8> = bytes_of(obj)?
                .iter()
                .map(|&b| {
                    let mapped = if previous_is_cased {
                        b.to_ascii_lowercase()
                    } else {
                        b.to_ascii_uppercase()
                    };
                    previous_is_cased = b.is_ascii_alphabetic();
                    mapped
                })
                .collect();
            Ok(Obj::from_byte_vec(value.into()))
        },
    },
    Method {
        name: "isalnum",
        call: |obj, args| bytes_all(obj, args, "bytes.isalnum", u8::is_ascii_alphanumeric),
    },
    Method {
        name: "isalpha",
        call: |obj, args| bytes_all(obj, args, "bytes.isalpha", u8::is_ascii_alphabetic),
    },
    Method {
        name: "isdigit",
        call: |obj, args| bytes_all(obj, args, "bytes.isdigit", u8::is_ascii_digit),
    },
    Method {
        name: "isspace",
        call: |obj, args| bytes_all(obj, args, "bytes.isspace", is_ascii_space),
    },
    Method {
        name: "isascii",
        call: |obj, args| {
            args.none("bytes.isascii")?;
            Ok(Obj::from(bytes_of(obj)?.is_ascii()))
        },
    },
    Method {
        name: "islower",
        call: |obj, args| {
            args.none("bytes.islower")?;
            let value = bytes_of(obj)?;
            let lower = value.iter().any(u8::is_ascii_lowercase)
                && !value.iter().any(u8::is_ascii_uppercase);
            Ok(Obj::from(lower))
        },
    },
    Method {
        name: "isupper",
        call: |obj, args| {
            args.none("bytes.isupper")?;
            let value = bytes_of(obj)?;
            let upper = value.iter().any(u8::is_ascii_uppercase)
                && !value.iter().any(u8::is_ascii_lowercase);
            Ok(Obj::from(upper))
        },
    },
    Method {
        name: "istitle",
        call: |obj, args| {
            args.none("bytes.istitle")?;
            Ok(Obj::from(bytes_is_title(bytes_of(obj)?)))
        },
    },
    Method {
        name: "translate",
        call: bytes_translate,
    },
    Method {
        name: "maketrans",
        call: |_, args| bytes_maketrans(args),
    },
    Method {
        name: "fromhex",
        call: bytes_fromhex,
    },
];

// ---------------------------------------------------------------------------------------
// Arguments.

/// Argument Clinic's binding of positional and keyword arguments to `names`, in order:
/// `TypeError`s for too many arguments, unknown keywords, or an argument given twice.
pub(super) fn bind<'a, const N: usize>(
    args: &Args<'a>,
    qualname: &str,
    names: [&str; N],
) -> PyResult<[Option<&'a Obj>; N]> {
    let positional = args.positional();
    let given = positional.len() + args.keywords().len();
    if given > N {
        return Err(PyErr::type_error(format!(
            "{qualname}() takes at most {N} argument{} ({given} given)",
            if N == 1 { "" } else { "s" }
        )));
    }
    let mut bound = [None; N];
    for (slot, value) in bound.iter_mut().zip(positional) {
        *slot = Some(value);
    }
    for (key, value) in args.keywords() {
        let Some(index) = names.iter().position(|name| name == key) else {
            return Err(PyErr::type_error(format!(
                "'{key}' is an invalid keyword argument for {qualname}()"
            )));
        };
        if index < positional.len() {
            return Err(PyErr::type_error(format!(
                "argument for {qualname}() given by name ('{key}') and position ({})",
                index + 1
            )));
        }
        bound[index] = Some(value);
    }
    Ok(bound)
}

/// A str argument: `TypeError: decode() argument 'encoding' must be str, not int`.
pub(super) fn str_argument<'a>(value: &'a Obj, qualname: &str, name: &str) -> PyResult<&'a str> {
    value.as_str().ok_or_else(|| {
        let got = if value.is_none() {
            "None"
        } else {
            value.type_name()
        };
        PyErr::type_error(format!(
            "{qualname}() argument '{name}' must be str, not {got}"
        ))
    })
}

/// A byte from an int-like object: `None` if `value` is not int-like, `ValueError: byte
/// must be in range(0, 256)` if it does not fit.
fn byte_value(value: &Obj) -> PyResult<Option<u8>> {
    if int_value(value).is_none() && value.py_type().number_slot(|n| n.index).is_none() {
        return Ok(None);
    }
    index_value(value)?
        .to_primitive::<u8>()
        .map(Some)
        .ok_or_else(|| PyErr::value_error("byte must be in range(0, 256)"))
}

/// A `start`/`end` argument (CPython's `_PyEval_SliceIndex`): an int clipped to the
/// `isize` range, or `None` for `None`/absent.
fn slice_bound(value: Option<&Obj>) -> PyResult<Option<isize>> {
    let Some(value) = value.filter(|value| !value.is_none()) else {
        return Ok(None);
    };
    if int_value(value).is_none() && value.py_type().number_slot(|n| n.index).is_none() {
        return Err(PyErr::type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    let index = index_value(value)?;
    Ok(Some(index.to_primitive::<isize>().unwrap_or(match index {
        IntValue::Big(big) if num_traits::Signed::is_negative(&*big) => isize::MIN,
        _ => isize::MAX,
    })))
}

/// CPython's `ADJUST_INDICES`: `end` clamped to `0..=len`, `start` counted from the end
/// when negative and at least 0 (it may exceed `len`).
fn adjust_indices(start: Option<isize>, end: Option<isize>, len: usize) -> (usize, usize) {
    let len = isize::try_from(len).unwrap_or(isize::MAX);
    let end = match end {
        None => len,
        Some(end) if end > len => len,
        Some(end) if end < 0 => end.saturating_add(len).max(0),
        Some(end) => end,
    };
    let start = match start {
        None => 0,
        Some(start) if start < 0 => start.saturating_add(len).max(0),
        Some(start) => start,
    };
    (start.unsigned_abs(), end.unsigned_abs())
}

// ---------------------------------------------------------------------------------------
// Construction.

fn bytes_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [source, encoding, errors] = bind(args, "bytes", ["source", "encoding", "errors"])?;
    let Some(source) = source else {
        if encoding.is_some() {
            return Err(PyErr::type_error("encoding without a string argument"));
        }
        if errors.is_some() {
            return Err(PyErr::type_error("errors without a string argument"));
        }
        return Ok(Obj::bytes(b""));
    };
    if let Some(text) = source.as_str() {
        let Some(encoding) = encoding else {
            return Err(PyErr::type_error("string argument without an encoding"));
        };
        let encoding = str_argument(encoding, "bytes", "encoding")?;
        let errors = match errors {
            Some(errors) => str_argument(errors, "bytes", "errors")?,
            None => "strict",
        };
        return encode(text, encoding, errors).map(|value| Obj::from_byte_vec(value.into()));
    }
    if encoding.is_some() {
        return Err(PyErr::type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(PyErr::type_error("errors without a string argument"));
    }
    if source.is_exact::<PyBytes>() {
        return Ok(source.clone());
    }
    if let Some(value) = source.downcast_ref::<PyBytes>() {
        return Ok(Obj::bytes(value.as_bytes()));
    }
    if int_value(source).is_some() || source.py_type().number_slot(|n| n.index).is_some() {
        let count = index_value(source)?
            .to_primitive::<isize>()
            .ok_or_else(|| {
                PyErr::overflow_error(format!(
                    "cannot fit '{}' into an index-sized integer",
                    source.type_name()
                ))
            })?;
        let count = usize::try_from(count).map_err(|_| PyErr::value_error("negative count"))?;
        let mut value = Vec::new();
        value
            .try_reserve_exact(count)
            .map_err(|_| PyErr::new(&MEMORY_ERROR, ""))?;
        value.resize(count, 0);
        return Ok(Obj::from_byte_vec(value.into()));
    }
    bytes_of_iterable(source).map(|value| Obj::from_byte_vec(value.into()))
}

/// The bytes of `source` as CPython's `PyBytes_FromObject` takes them (`bytes(x)` for
/// anything but a str, an int or a bytes object; `int.from_bytes`): the items of an
/// iterable of ints, with CPython's errors (`TypeError: cannot convert 'str' object to
/// bytes`, `ValueError: bytes must be in range(0, 256)`).
pub(crate) fn bytes_of_iterable(source: &Obj) -> PyResult<Vec<u8>> {
    if let Some(bytes) = source.as_bytes() {
        return Ok(bytes.to_vec());
    }
    if source.as_str().is_some() || source.py_type().lookup(|ty| ty.iter).is_none() {
        return Err(PyErr::type_error(format!(
            "cannot convert '{}' object to bytes",
            source.type_name()
        )));
    }
    let mut value = Vec::new();
    for item in source.try_iter()? {
        let byte = index_value(&item?)?
            .to_primitive::<u8>()
            .ok_or_else(|| PyErr::value_error("bytes must be in range(0, 256)"))?;
        value.push(byte);
    }
    Ok(value)
}

// ---------------------------------------------------------------------------------------
// Comparison and operators.

fn bytes_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match (a.as_bytes(), b.as_bytes()) {
        (Some(x), Some(y)) => Ok(Obj::from(op.matches(x.cmp(y)))),
        _ => Ok(Obj::not_implemented()),
    }
}

fn bytes_concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let Some(right) = b.as_bytes() else {
        return Err(PyErr::type_error(format!(
            "can't concat {} to {}",
            b.type_name(),
            a.type_name()
        )));
    };
    let left = bytes_of(a)?;
    if right.is_empty() && a.is_exact::<PyBytes>() {
        return Ok(a.clone());
    }
    if left.is_empty() && b.is_exact::<PyBytes>() {
        return Ok(b.clone());
    }
    let mut value = Vec::new();
    value
        .try_reserve_exact(left.len() + right.len())
        .map_err(|_| PyErr::new(&MEMORY_ERROR, ""))?;
    value.extend_from_slice(left);
    value.extend_from_slice(right);
    Ok(Obj::from_byte_vec(value.into()))
}

fn bytes_repeat(obj: &Obj, count: isize) -> PyResult<Obj> {
    let value = bytes_of(obj)?;
    if count == 1 && obj.is_exact::<PyBytes>() {
        return Ok(obj.clone()); // immutable: `b * 1 is b`, as in CPython
    }
    if count <= 0 || value.is_empty() {
        return Ok(Obj::bytes(b""));
    }
    let total = value
        .len()
        .checked_mul(count.unsigned_abs())
        .filter(|&total| isize::try_from(total).is_ok())
        .ok_or_else(|| PyErr::overflow_error("repeated bytes are too long"))?;
    let mut out = Vec::new();
    out.try_reserve_exact(total)
        .map_err(|_| PyErr::new(&MEMORY_ERROR, ""))?;
    for _ in 0..count {
        out.extend_from_slice(value);
    }
    Ok(Obj::from_byte_vec(out.into()))
}

fn bytes_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let value = bytes_of(obj)?;
    match sequence::item_index(key, "byte")? {
        Some(index) => sequence::normalize(index, value.len())
            .map(|i| Obj::from(value[i]))
            .ok_or_else(|| PyErr::index_error("index out of range")),
        None => {
            let slice = key.value_as::<PySlice>()?;
            let indices = slice.indices(value.len())?;
            if indices.step == 1 && indices.length == value.len() && obj.is_exact::<PyBytes>() {
                return Ok(obj.clone());
            }
            Ok(Obj::from_byte_vec(
                indices.iter().map(|i| value[i]).collect(),
            ))
        }
    }
}

/// Where `needle` first occurs in `haystack`.
fn find_in(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// How many times `needle` occurs in `haystack`, without overlaps (non-empty `needle`).
fn count_in(haystack: &[u8], needle: &[u8]) -> usize {
    let mut found = 0;
    let mut rest = haystack;
    while let Some(at) = find_in(rest, needle) {
        found += 1;
        rest = &rest[at + needle.len()..];
    }
    found
}

fn bytes_contains(obj: &Obj, item: &Obj) -> PyResult<bool> {
    let value = bytes_of(obj)?;
    if let Some(byte) = byte_value(item)? {
        return Ok(value.contains(&byte));
    }
    match item.as_bytes() {
        Some(needle) => Ok(find_in(value, needle).is_some()),
        None => Err(PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            item.type_name()
        ))),
    }
}

// ---------------------------------------------------------------------------------------
// Searching.

/// A `sub` argument of `count`/`find`: bytes, or an int as a one-byte needle.
enum Needle<'a> {
    Byte([u8; 1]),
    Bytes(&'a [u8]),
}

impl Needle<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            Needle::Byte(byte) => byte,
            Needle::Bytes(bytes) => bytes,
        }
    }
}

/// `sub`, `start` and `end` of `count`/`find`/`index`, with the region they select
/// (`start` may be past the end: nothing is selected then).
fn search_arguments<'a>(
    obj: &'a Obj,
    args: &Args<'a>,
    name: &str,
) -> PyResult<(Needle<'a>, &'a [u8], usize, usize)> {
    args.no_keywords(&format!("bytes.{name}"))?;
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
    let sub = &positional[0];
    let needle = match sub.as_bytes() {
        Some(bytes) => Needle::Bytes(bytes),
        None => match byte_value(sub)? {
            Some(byte) => Needle::Byte([byte]),
            None => {
                return Err(PyErr::type_error(format!(
                    "argument should be integer or bytes-like object, not '{}'",
                    sub.type_name()
                )));
            }
        },
    };
    let value = bytes_of(obj)?;
    let (start, end) = adjust_indices(
        slice_bound(positional.get(1))?,
        slice_bound(positional.get(2))?,
        value.len(),
    );
    Ok((needle, value, start, end))
}

/// Where `needle` last occurs in `haystack`.
fn rfind_in(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(haystack.len());
    }
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// `find` (`rfind` when `reverse`): the index of the first (last) occurrence of `sub`
/// in `b[start:end]`, or -1.
fn bytes_find(obj: &Obj, args: &Args<'_>, name: &str, reverse: bool) -> PyResult<i64> {
    let (needle, value, start, end) = search_arguments(obj, args, name)?;
    let needle = needle.as_slice();
    if start > value.len() || end < start || end - start < needle.len() {
        return Ok(-1);
    }
    let region = &value[start..end];
    let found = if reverse {
        rfind_in(region, needle)
    } else {
        find_in(region, needle)
    };
    Ok(match found {
        Some(at) => i64::try_from(start + at).unwrap_or(i64::MAX),
        None => -1,
    })
}

fn bytes_count(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (needle, value, start, end) = search_arguments(obj, args, "count")?;
    let needle = needle.as_slice();
    if start > value.len() || end < start {
        return Ok(Obj::from(0));
    }
    if needle.is_empty() {
        return Ok(Obj::from(end - start + 1));
    }
    Ok(Obj::from(count_in(&value[start..end], needle)))
}

/// CPython's `tailmatch`: whether `affix` starts (`prefix`) or ends the region
/// `start..end` of `value`.
fn tail_match(value: &[u8], affix: &[u8], start: usize, end: usize, prefix: bool) -> bool {
    let len = value.len();
    if start > len || end < start || end - start < affix.len() {
        return false;
    }
    if prefix {
        value[start..].starts_with(affix)
    } else {
        value[..end].ends_with(affix)
    }
}

fn bytes_affix(obj: &Obj, args: &Args<'_>, name: &str, prefix: bool) -> PyResult<Obj> {
    args.no_keywords(&format!("bytes.{name}"))?;
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
    let value = bytes_of(obj)?;
    let (start, end) = adjust_indices(
        slice_bound(positional.get(1))?,
        slice_bound(positional.get(2))?,
        value.len(),
    );
    let affix = &positional[0];
    if let Some(candidate) = affix.as_bytes() {
        return Ok(Obj::from(tail_match(value, candidate, start, end, prefix)));
    }
    if let Some(candidates) = affix.downcast_ref::<PyTuple>() {
        for candidate in candidates.as_slice() {
            let Some(candidate) = candidate.as_bytes() else {
                return Err(PyErr::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    candidate.type_name()
                )));
            };
            if tail_match(value, candidate, start, end, prefix) {
                return Ok(Obj::from(true));
            }
        }
        return Ok(Obj::from(false));
    }
    Err(PyErr::type_error(format!(
        "{name} first arg must be bytes or a tuple of bytes, not {}",
        affix.type_name()
    )))
}

// ---------------------------------------------------------------------------------------
// Joining, splitting, stripping, replacing.

/// An argument that must be bytes: `TypeError: a bytes-like object is required, not
/// 'str'`.
fn bytes_argument(value: &Obj) -> PyResult<&[u8]> {
    value.as_bytes().ok_or_else(|| {
        PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            value.type_name()
        ))
    })
}

/// A `Py_ssize_t` argument (`OverflowError: Python int too large to convert to C
/// ssize_t`).
fn ssize_argument(value: &Obj) -> PyResult<isize> {
    index_value(value)?
        .to_primitive::<isize>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C ssize_t"))
}

/// ASCII white space, as `bytes.split()` and `bytes.isspace()` know it.
fn is_ascii_space(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn bytes_join(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let iterable = args.one("bytes.join")?;
    let separator = bytes_of(obj)?;
    let items = iterable.to_vec().map_err(|error| {
        if error.is_instance(&crate::exceptions::TYPE_ERROR) {
            PyErr::type_error("can only join an iterable")
        } else {
            error
        }
    })?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(value) = item.as_bytes() else {
            return Err(PyErr::type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                item.type_name()
            )));
        };
        if i > 0 {
            out.extend_from_slice(separator);
        }
        out.extend_from_slice(value);
    }
    Ok(Obj::from_byte_vec(out.into()))
}

/// `split(sep=None, maxsplit=-1)` and `rsplit(...)` (`name`).
fn bytes_split(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
    let [sep, maxsplit] = bind(args, name, ["sep", "maxsplit"])?;
    let sep = match sep.filter(|sep| !sep.is_none()) {
        Some(sep) => Some(bytes_argument(sep)?),
        None => None,
    };
    if sep.is_some_and(<[u8]>::is_empty) {
        return Err(PyErr::value_error("empty separator"));
    }
    let limit = match maxsplit {
        Some(maxsplit) => usize::try_from(ssize_argument(maxsplit)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let value = bytes_of(obj)?;
    let reverse = name == "rsplit";
    let parts = match sep {
        Some(sep) => split_at_separator(value, sep, limit, reverse),
        None => split_at_spaces(value, limit, reverse),
    };
    Ok(Obj::list(
        parts
            .into_iter()
            .map(|part| Obj::from_byte_vec(part.into())),
    ))
}

/// The parts of `value` between occurrences of `sep`, at most `limit` splits, from the
/// left (from the right when `reverse`).
fn split_at_separator<'a>(
    value: &'a [u8],
    sep: &[u8],
    limit: usize,
    reverse: bool,
) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = value;
    while parts.len() < limit {
        let found = if reverse {
            rfind_in(rest, sep)
        } else {
            find_in(rest, sep)
        };
        let Some(at) = found else {
            break;
        };
        if reverse {
            parts.push(&rest[at + sep.len()..]);
            rest = &rest[..at];
        } else {
            parts.push(&rest[..at]);
            rest = &rest[at + sep.len()..];
        }
    }
    parts.push(rest);
    if reverse {
        parts.reverse();
    }
    parts
}

/// The runs of `value` between ASCII white space, at most `limit` splits, from the left
/// (from the right when `reverse`); after the last split, the rest without its white
/// space on the splitting side is the last part.
fn split_at_spaces(value: &[u8], limit: usize, reverse: bool) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = if reverse {
        value.trim_ascii_end_with(is_ascii_space)
    } else {
        value.trim_ascii_start_with(is_ascii_space)
    };
    while !rest.is_empty() {
        if parts.len() == limit {
            parts.push(rest);
            break;
        }
        let found = if reverse {
            rest.iter().rposition(is_ascii_space)
        } else {
            rest.iter().position(is_ascii_space)
        };
        let Some(at) = found else {
            parts.push(rest);
            break;
        };
        if reverse {
            parts.push(&rest[at + 1..]);
            rest = rest[..at].trim_ascii_end_with(is_ascii_space);
        } else {
            parts.push(&rest[..at]);
            rest = rest[at..].trim_ascii_start_with(is_ascii_space);
        }
    }
    if reverse {
        parts.reverse();
    }
    parts
}

/// Trimming by a predicate (the white space of `bytes.split`, which is not
/// `u8::is_ascii_whitespace`: it has `\x0b`).
trait TrimWith {
    fn trim_ascii_start_with(&self, strip: impl Fn(&u8) -> bool) -> &Self;
    fn trim_ascii_end_with(&self, strip: impl Fn(&u8) -> bool) -> &Self;
}

impl TrimWith for [u8] {
    fn trim_ascii_start_with(&self, strip: impl Fn(&u8) -> bool) -> &[u8] {
        let start = self.iter().position(|b| !strip(b)).unwrap_or(self.len());
        &self[start..]
    }
    fn trim_ascii_end_with(&self, strip: impl Fn(&u8) -> bool) -> &[u8] {
        let end = self.iter().rposition(|b| !strip(b)).map_or(0, |at| at + 1);
        &self[..end]
    }
}

/// `splitlines(keepends=False)`: at `b'\n'`, `b'\r'` and `b'\r\n'`.
fn bytes_splitlines(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [keepends] = bind(args, "splitlines", ["keepends"])?;
    let keepends = match keepends {
        Some(keepends) => {
            index_value(keepends)?
                .to_primitive::<i32>()
                .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))?
                != 0
        }
        None => false,
    };
    let value = bytes_of(obj)?;
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < value.len() {
        let byte = value[i];
        if byte != b'\n' && byte != b'\r' {
            i += 1;
            continue;
        }
        let content_end = i;
        i += 1;
        if byte == b'\r' && value.get(i) == Some(&b'\n') {
            i += 1;
        }
        lines.push(Obj::bytes(
            &value[start..if keepends { i } else { content_end }],
        ));
        start = i;
    }
    if start < value.len() {
        lines.push(Obj::bytes(&value[start..]));
    }
    Ok(Obj::list(lines))
}

/// `partition(sep)` (`rpartition` when `reverse`).
fn bytes_partition(obj: &Obj, args: &Args<'_>, reverse: bool) -> PyResult<Obj> {
    let sep = args.one(if reverse {
        "bytes.rpartition"
    } else {
        "bytes.partition"
    })?;
    let needle = bytes_argument(sep)?;
    if needle.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let value = bytes_of(obj)?;
    let found = if reverse {
        rfind_in(value, needle)
    } else {
        find_in(value, needle)
    };
    Ok(match found {
        Some(at) => Obj::tuple([
            Obj::bytes(&value[..at]),
            sep.clone(),
            Obj::bytes(&value[at + needle.len()..]),
        ]),
        None if reverse => Obj::tuple([Obj::bytes(b""), Obj::bytes(b""), obj.clone()]),
        None => Obj::tuple([obj.clone(), Obj::bytes(b""), Obj::bytes(b"")]),
    })
}

/// `strip([chars])`, `lstrip`, `rstrip` (`name`): ASCII white space, or the bytes of
/// `chars`.
fn bytes_strip(obj: &Obj, args: &Args<'_>, name: &str, left: bool, right: bool) -> PyResult<Obj> {
    args.no_keywords(&format!("bytes.{name}"))?;
    let chars = match args.positional_between(name, 0, 1)?.first() {
        Some(chars) if !chars.is_none() => Some(bytes_argument(chars)?),
        _ => None,
    };
    let strip = |byte: &u8| match chars {
        Some(chars) => chars.contains(byte),
        None => is_ascii_space(byte),
    };
    let value = bytes_of(obj)?;
    let mut result = value;
    if left {
        result = result.trim_ascii_start_with(strip);
    }
    if right {
        result = result.trim_ascii_end_with(strip);
    }
    same_or_new(obj, value, result)
}

/// `result`, a part of `value` (the bytes of `obj`): `obj` itself when it is an exact
/// bytes object and `result` is all of it (CPython returns `self`), else a new bytes
/// object.
fn same_or_new(obj: &Obj, value: &[u8], result: &[u8]) -> PyResult<Obj> {
    if result.len() == value.len() && obj.is_exact::<PyBytes>() {
        return Ok(obj.clone());
    }
    Ok(Obj::bytes(result))
}

/// `removeprefix(prefix)` / `removesuffix(suffix)`.
fn bytes_remove_affix(obj: &Obj, args: &Args<'_>, prefix: bool) -> PyResult<Obj> {
    let affix = args.one(if prefix {
        "bytes.removeprefix"
    } else {
        "bytes.removesuffix"
    })?;
    let affix = bytes_argument(affix)?;
    let value = bytes_of(obj)?;
    let rest = if prefix {
        value.strip_prefix(affix)
    } else {
        value.strip_suffix(affix)
    };
    same_or_new(obj, value, rest.unwrap_or(value))
}

/// `replace(old, new, count=-1)`: an empty `old` matches before each byte and at the
/// end.
fn bytes_replace(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("bytes.replace")?;
    let positional = args.positional_between("replace", 2, 3)?;
    let old = bytes_argument(&positional[0])?;
    let new = bytes_argument(&positional[1])?;
    let count = match positional.get(2) {
        Some(count) => usize::try_from(ssize_argument(count)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let value = bytes_of(obj)?;
    let mut out = Vec::with_capacity(value.len());
    let mut rest = value;
    let mut done = 0;
    if old.is_empty() {
        for &byte in value {
            if done < count {
                out.extend_from_slice(new);
                done += 1;
            }
            out.push(byte);
        }
        if done < count {
            out.extend_from_slice(new);
        }
        return Ok(Obj::from_byte_vec(out.into()));
    }
    while done < count {
        let Some(at) = find_in(rest, old) else {
            break;
        };
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(new);
        rest = &rest[at + old.len()..];
        done += 1;
    }
    if done == 0 {
        return same_or_new(obj, value, value);
    }
    out.extend_from_slice(rest);
    Ok(Obj::from_byte_vec(out.into()))
}

// ---------------------------------------------------------------------------------------
// Padding, case, predicates.

/// `center(width, fillchar=b' ')`, `ljust(...)`, `rjust(...)` (`name`).
fn bytes_pad(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
    args.no_keywords(&format!("bytes.{name}"))?;
    let positional = args.positional_between(name, 1, 2)?;
    let width = ssize_argument(&positional[0])?;
    let fill = match positional.get(1) {
        None => b' ',
        Some(fill) => match fill.as_bytes() {
            Some(&[byte]) => byte,
            _ => {
                return Err(PyErr::type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    fill.type_name()
                )));
            }
        },
    };
    let value = bytes_of(obj)?;
    let Some((left, right)) = super::str::padding(value.len(), width, name) else {
        return same_or_new(obj, value, value);
    };
    let mut out = Vec::with_capacity(value.len() + left + right);
    out.resize(left, fill);
    out.extend_from_slice(value);
    out.resize(out.len() + right, fill);
    Ok(Obj::from_byte_vec(out.into()))
}

/// `zfill(width)`: zeros on the left, after a leading sign.
fn bytes_zfill(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let width = ssize_argument(args.one("bytes.zfill")?)?;
    let value = bytes_of(obj)?;
    let Some((fill, _)) = super::str::padding(value.len(), width, "rjust") else {
        return same_or_new(obj, value, value);
    };
    let (sign, digits) = match value.first() {
        Some(b'+' | b'-') => value.split_at(1),
        _ => (&[][..], value),
    };
    let mut out = Vec::with_capacity(value.len() + fill);
    out.extend_from_slice(sign);
    out.resize(out.len() + fill, b'0');
    out.extend_from_slice(digits);
    Ok(Obj::from_byte_vec(out.into()))
}

/// `expandtabs(tabsize=8)`.
fn bytes_expandtabs(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [tabsize] = bind(args, "expandtabs", ["tabsize"])?;
    let tabsize: i32 = match tabsize {
        Some(tabsize) => index_value(tabsize)?
            .to_primitive()
            .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))?,
        None => 8,
    };
    let value = bytes_of(obj)?;
    let mut out = Vec::with_capacity(value.len());
    let mut column: usize = 0;
    for &byte in value {
        match byte {
            b'\t' => {
                if let Ok(tabsize) = usize::try_from(tabsize)
                    && tabsize > 0
                {
                    let spaces = tabsize - column % tabsize;
                    column += spaces;
                    out.resize(out.len() + spaces, b' ');
                }
            }
            b'\n' | b'\r' => {
                column = 0;
                out.push(byte);
            }
            byte => {
                column += 1;
                out.push(byte);
            }
        }
    }
    Ok(Obj::from_byte_vec(out.into()))
}

/// `lower()`, `upper()`, `swapcase()`: each byte mapped.
fn bytes_map(obj: &Obj, args: &Args<'_>, qualname: &str, map: fn(u8) -> u8) -> PyResult<Obj> {
    args.none(qualname)?;
    let value: Vec<u8> = bytes_of(obj)?.iter().map(|&b| map(b)).collect();
    Ok(Obj::from_byte_vec(value.into()))
}

/// `isalpha()` and the like: not empty, and every byte satisfies `test`.
fn bytes_all(obj: &Obj, args: &Args<'_>, qualname: &str, test: fn(&u8) -> bool) -> PyResult<Obj> {
    args.none(qualname)?;
    let value = bytes_of(obj)?;
    Ok(Obj::from(!value.is_empty() && value.iter().all(test)))
}

/// `istitle()`, over ASCII letters.
fn bytes_is_title(value: &[u8]) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for byte in value {
        if byte.is_ascii_uppercase() {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if byte.is_ascii_lowercase() {
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

// ---------------------------------------------------------------------------------------
// `translate`, `maketrans`, `fromhex`.

/// `translate(table, /, delete=b'')`: each byte not in `delete` mapped through the
/// 256-byte `table` (`None`: unchanged).
fn bytes_translate(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    // `table` is positional-only: no keyword is named "".
    let [table, delete] = bind(args, "translate", ["", "delete"])?;
    let Some(table) = table else {
        return Err(PyErr::type_error(
            "translate() takes at least 1 positional argument (0 given)",
        ));
    };
    let table = match table {
        table if table.is_none() => None,
        table => {
            let table = bytes_argument(table)?;
            if table.len() != 256 {
                return Err(PyErr::value_error(
                    "translation table must be 256 characters long",
                ));
            }
            Some(table)
        }
    };
    let delete = match delete {
        Some(delete) => bytes_argument(delete)?,
        None => b"",
    };
    let value = bytes_of(obj)?;
    let out: Vec<u8> = value
        .iter()
        .filter(|byte| !delete.contains(byte))
        .map(|&byte| table.map_or(byte, |table| table[usize::from(byte)]))
        .collect();
    if out == value {
        return same_or_new(obj, value, value);
    }
    Ok(Obj::from_byte_vec(out.into()))
}

/// `bytes.maketrans(frm, to)`: the 256-byte table mapping each byte of `frm` to the
/// byte of `to` at the same place.
fn bytes_maketrans(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("bytes.maketrans")?;
    let positional = args.positional_between("maketrans", 2, 2)?;
    let from = bytes_argument(&positional[0])?;
    let to = bytes_argument(&positional[1])?;
    if from.len() != to.len() {
        return Err(PyErr::value_error(
            "maketrans arguments must have same length",
        ));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&a, &b) in from.iter().zip(to) {
        table[usize::from(a)] = b;
    }
    Ok(Obj::from_byte_vec(table.into()))
}

/// `bytes.fromhex(string)`: two hex digits a byte, ASCII white space between bytes.
fn bytes_fromhex(_: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let string = args.one("bytes.fromhex")?;
    let Some(text) = string.as_str() else {
        return Err(PyErr::type_error(format!(
            "fromhex() argument must be str, not {}",
            string.type_name()
        )));
    };
    let chars: Vec<char> = text.chars().collect();
    let digit = |position: usize| -> PyResult<u8> {
        chars
            .get(position)
            .and_then(|c| c.to_digit(16))
            .map(|value| value as u8)
            .ok_or_else(|| {
                PyErr::value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {position}"
                ))
            })
    };
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii() && is_ascii_space(&(chars[i] as u8)) {
            i += 1;
            continue;
        }
        let high = digit(i)?;
        let low = digit(i + 1)?;
        out.push(high << 4 | low);
        i += 2;
    }
    Ok(Obj::from_byte_vec(out.into()))
}

// ---------------------------------------------------------------------------------------
// `hex`.

fn bytes_hex(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [sep, bytes_per_sep] = bind(args, "hex", ["sep", "bytes_per_sep"])?;
    let value = bytes_of(obj)?;
    let sep = match sep {
        None => None,
        Some(sep) => {
            let (len, first) = if let Some(text) = sep.as_str() {
                (text.chars().count(), text.chars().next())
            } else if let Some(bytes) = sep.as_bytes() {
                (bytes.len(), bytes.first().map(|&b| char::from(b)))
            } else {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    sep.type_name()
                )));
            };
            match first {
                Some(c) if len == 1 && c.is_ascii() => Some(c),
                Some(_) if len == 1 => return Err(PyErr::value_error("sep must be ASCII.")),
                _ => return Err(PyErr::value_error("sep must be length 1.")),
            }
        }
    };
    let group = match bytes_per_sep {
        None => 1,
        Some(count) => index_value(count)?
            .to_primitive::<i32>()
            .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))?,
    };
    Ok(Obj::from(hex_text(value, sep, group)))
}

/// The hex digits of `value`, with `sep` between groups of `|group|` bytes counted from
/// the right (`group > 0`) or from the left (`group < 0`); no separator for 0.
fn hex_text(value: &[u8], sep: Option<char>, group: i32) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let width = group.unsigned_abs() as usize;
    let mut out = String::with_capacity(value.len() * 3);
    for (i, &byte) in value.iter().enumerate() {
        if let Some(sep) = sep
            && i > 0
            && width > 0
        {
            let boundary = if group > 0 {
                (value.len() - i).is_multiple_of(width)
            } else {
                i.is_multiple_of(width)
            };
            if boundary {
                out.push(sep);
            }
        }
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Codecs.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    /// The codec of an encoding name, spelled as CPython accepts it (`'UTF-8'`, `'utf8'`,
    /// `'latin-1'`, `'iso-8859-1'`, `'us-ascii'`, ...): `LookupError` otherwise.
    fn lookup(encoding: &str) -> PyResult<Codec> {
        let normalized: String = encoding
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match normalized.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" => Ok(Codec::Utf8),
            "ascii" | "us_ascii" | "646" => Ok(Codec::Ascii),
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859"
            | "cp819" => Ok(Codec::Latin1),
            _ => Err(PyErr::new(
                &LOOKUP_ERROR,
                format!("unknown encoding: {encoding}"),
            )),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

/// An error handler, looked up when an error happens (as CPython does).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Handler {
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
}

impl Handler {
    /// The handler named `errors` (`None` for `strict`).
    fn lookup(errors: &str, decoding: bool) -> PyResult<Option<Handler>> {
        match errors {
            "strict" => Ok(None),
            "ignore" => Ok(Some(Handler::Ignore)),
            "replace" => Ok(Some(Handler::Replace)),
            "backslashreplace" => Ok(Some(Handler::BackslashReplace)),
            "xmlcharrefreplace" if !decoding => Ok(Some(Handler::XmlCharRefReplace)),
            "xmlcharrefreplace" => Err(PyErr::type_error(
                "don't know how to handle UnicodeDecodeError in error callback",
            )),
            "surrogateescape" | "surrogatepass" | "namereplace" => Err(PyErr::new(
                &NOT_IMPLEMENTED_ERROR,
                format!("the '{errors}' error handler is not supported by pyobj"),
            )),
            _ => Err(PyErr::new(
                &LOOKUP_ERROR,
                format!("unknown error handler name '{errors}'"),
            )),
        }
    }
}

fn bytes_decode(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [encoding, errors] = bind(args, "decode", ["encoding", "errors"])?;
    let encoding = match encoding {
        Some(encoding) => str_argument(encoding, "decode", "encoding")?,
        None => "utf-8",
    };
    let errors = match errors {
        Some(errors) => str_argument(errors, "decode", "errors")?,
        None => "strict",
    };
    let codec = Codec::lookup(encoding)?;
    decode(bytes_of(obj)?, codec, errors).map(Obj::from)
}

/// CPython's `UnicodeDecodeError` text (raised as a `ValueError`, see the module docs).
fn decode_error(codec: Codec, value: &[u8], start: usize, end: usize, reason: &str) -> PyErr {
    let what = if end - start == 1 {
        format!("byte 0x{:02x} in position {start}", value[start])
    } else {
        format!("bytes in position {start}-{}", end - 1)
    };
    PyErr::value_error(format!(
        "'{}' codec can't decode {what}: {reason}",
        codec.name()
    ))
}

/// Applies `handler` to the undecodable bytes `bad`.
fn decode_replacement(out: &mut String, bad: &[u8], handler: Handler) {
    match handler {
        Handler::Ignore => {}
        Handler::Replace => out.push('\u{fffd}'),
        Handler::BackslashReplace | Handler::XmlCharRefReplace => {
            for &byte in bad {
                push_hex_escape(out, byte);
            }
        }
    }
}

fn decode(value: &[u8], codec: Codec, errors: &str) -> PyResult<String> {
    match codec {
        Codec::Latin1 => Ok(value.iter().map(|&b| char::from(b)).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(value.len());
            let mut handler = None;
            for (position, &byte) in value.iter().enumerate() {
                if byte.is_ascii() {
                    out.push(char::from(byte));
                    continue;
                }
                let handler = match handler {
                    Some(handler) => handler,
                    None => match Handler::lookup(errors, true)? {
                        Some(found) => *handler.insert(found),
                        None => {
                            return Err(decode_error(
                                codec,
                                value,
                                position,
                                position + 1,
                                "ordinal not in range(128)",
                            ));
                        }
                    },
                };
                decode_replacement(&mut out, &value[position..=position], handler);
            }
            Ok(out)
        }
        Codec::Utf8 => match std::str::from_utf8(value) {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => {
                let Some(handler) = Handler::lookup(errors, true)? else {
                    let start = error.valid_up_to();
                    return Err(match error.error_len() {
                        None => {
                            decode_error(codec, value, start, value.len(), "unexpected end of data")
                        }
                        Some(len) => {
                            let reason = if (0xc2..=0xf4).contains(&value[start]) {
                                "invalid continuation byte"
                            } else {
                                "invalid start byte"
                            };
                            decode_error(codec, value, start, start + len, reason)
                        }
                    });
                };
                let mut out = String::with_capacity(value.len());
                for chunk in value.utf8_chunks() {
                    out.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        decode_replacement(&mut out, chunk.invalid(), handler);
                    }
                }
                Ok(out)
            }
        },
    }
}

/// `text` encoded (`bytes(text, encoding, errors)`, `str.encode`).
pub(crate) fn encode(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = Codec::lookup(encoding)?;
    let limit: u32 = match codec {
        Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut handler = None;
    let mut position = 0;
    while position < chars.len() {
        let c = chars[position];
        if u32::from(c) < limit {
            out.push(u32::from(c) as u8);
            position += 1;
            continue;
        }
        // The run of characters the codec cannot encode.
        let run_end = chars[position..]
            .iter()
            .position(|&c| u32::from(c) < limit)
            .map_or(chars.len(), |len| position + len);
        let handler = match handler {
            Some(handler) => handler,
            None => match Handler::lookup(errors, false)? {
                Some(found) => *handler.insert(found),
                None => {
                    let what = if run_end - position == 1 {
                        format!(
                            "character '{}' in position {position}",
                            escape_char(chars[position])
                        )
                    } else {
                        format!("characters in position {position}-{}", run_end - 1)
                    };
                    return Err(PyErr::value_error(format!(
                        "'{}' codec can't encode {what}: ordinal not in range({limit})",
                        codec.name()
                    )));
                }
            },
        };
        for &c in &chars[position..run_end] {
            match handler {
                Handler::Ignore => {}
                Handler::Replace => out.push(b'?'),
                Handler::BackslashReplace => out.extend_from_slice(escape_char(c).as_bytes()),
                Handler::XmlCharRefReplace => {
                    out.extend_from_slice(format!("&#{};", u32::from(c)).as_bytes());
                }
            }
        }
        position = run_end;
    }
    Ok(out)
}

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh` for a character.
fn escape_char(c: char) -> String {
    match u32::from(c) {
        code @ 0..=0xff => format!("\\x{code:02x}"),
        code @ 0x100..=0xffff => format!("\\u{code:04x}"),
        code => format!("\\U{code:08x}"),
    }
}

// ---------------------------------------------------------------------------------------
// Iteration.

/// The iterator object of a bytes object (`bytes_iterator`): yields ints, and lets go
/// of the bytes once exhausted.
pub(crate) struct PyBytesIter {
    bytes: RefCell<Option<Obj>>,
    position: Cell<usize>,
}

impl PyBytesIter {
    fn make(bytes: Obj) -> Obj {
        Obj::new(PyBytesIter {
            bytes: RefCell::new(Some(bytes)),
            position: Cell::new(0),
        })
    }

    fn next(&self) -> PyResult<Option<Obj>> {
        let Some(bytes) = self.bytes.borrow().clone() else {
            return Ok(None);
        };
        let position = self.position.get();
        match bytes_of(&bytes)?.get(position) {
            Some(&byte) => {
                self.position.set(position + 1);
                Ok(Some(Obj::from(byte)))
            }
            None => {
                let old = self.bytes.borrow_mut().take();
                drop(old);
                Ok(None)
            }
        }
    }
}

impl Trace for PyBytesIter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BYTES_ITERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.bytes.trace(tracer);
    }
    fn drop_handles(&self) {
        let old = self
            .bytes
            .try_borrow_mut()
            .ok()
            .and_then(|mut bytes| bytes.take());
        drop(old);
    }
}

/// `bytes_iterator`.
static BYTES_ITERATOR_TYPE: PyType = PyType {
    name: "bytes_iterator",
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(|obj| obj.value_as::<PyBytesIter>()?.next()),
    ..PyType::BLANK
};
