//! `import io`: CPython 3.11's `io.StringIO`, an in-memory text file; and `io.open`, the
//! file types and `io.UnsupportedOperation` of [`super::file`].
//!
//! A `StringIO` holds its text as code points (`Vec<char>`), with a position counted
//! in code points, as CPython's does:
//!
//! - `StringIO(initial_value='', newline='\n')`: the initial value is written through
//!   the newline translation below, then the position goes back to 0.
//! - `write(s)` returns `len(s)`; writing past the end pads with `'\0'`.
//! - `read([size])`, `readline([size])`, `readlines([hint])`, iteration over lines
//!   (`for line in f`, `next(f)`), `getvalue()`, `seek(pos[, whence])` (whence 1 and 2
//!   with a zero offset only, as CPython), `tell()`, `truncate([size])` (the position
//!   stays), `writelines(lines)`, `readable()`/`writable()`/`seekable()`, `isatty()`,
//!   `flush()`, `close()` and `closed`, `__enter__`/`__exit__` (`with` closes it);
//!   `newlines`, `line_buffering`, `encoding` and `errors`.
//! - `newline`: `'\n'` (the default: nothing translated), `None` (`'\r\n'` and `'\r'`
//!   written become `'\n'`; `newlines` reports the kinds seen), `''` (nothing
//!   translated, lines end at any of `'\r'`, `'\n'`, `'\r\n'`), `'\r'` and `'\r\n'`
//!   (`'\n'` written becomes that, and lines end there).
//! - `print(..., file=f)` writes to it (each piece through `f.write`).
//!
//! Errors have CPython's texts: `ValueError: I/O operation on closed file` (with a
//! final period for the methods CPython inherits from `IOBase`: `__enter__`,
//! iteration, `readlines`, `writelines`, `isatty`), `TypeError: string
//! argument expected, got 'int'`, `ValueError: Negative seek position -1`,
//! `OSError: Can't do nonzero cur-relative seeks`, `TypeError: argument should be
//! integer or None, not 'str'`.
//!
//! A `StringIO` holds no handles: it is never tracked by the collector. Unlike
//! CPython's, it has no `__dict__` (attributes cannot be added to it), and it has no
//! `fileno`/`detach` (CPython raises `io.UnsupportedOperation` for them).
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let io = modules::import("io").unwrap();
//! let f = io.getattr("StringIO").unwrap().call(&[Obj::from("a\nb\n")]).unwrap();
//! assert_eq!(f.call_method("readline", &[]).unwrap().repr().unwrap(), "'a\\n'");
//! assert_eq!(f.call_method("write", &[Obj::from("xyz")]).unwrap().repr().unwrap(), "3");
//! assert_eq!(f.call_method("getvalue", &[]).unwrap().repr().unwrap(), "'a\\nxyz'");
//! ```

use std::cell::RefCell;

use crate::exceptions::{OS_ERROR, PyErr, PyResult, UNSUPPORTED_OPERATION};
use crate::pyobject::int::{IntValue, index_value, int_value};
use crate::pyobject::{Args, Method, Obj, PyModule, PyType};
use crate::trace::{Trace, Tracer};

/// A newline mode (`newline=`), of a `StringIO` and of a text file ([`super::file`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Newline {
    /// `'\n'`: nothing translated, lines end at `'\n'`.
    Lf,
    /// `None`: `'\r\n'` and `'\r'` written become `'\n'`.
    Translate,
    /// `''`: nothing translated, lines end at `'\r'`, `'\n'` or `'\r\n'`.
    Universal,
    /// `'\r'`: `'\n'` written becomes `'\r'`, lines end at `'\r'`.
    Cr,
    /// `'\r\n'`: `'\n'` written becomes `'\r\n'`, lines end at `'\r\n'`.
    CrLf,
}

impl Newline {
    /// Whether writes are scanned for the kinds of newline (CPython's decoder).
    pub(super) fn tracks(self) -> bool {
        matches!(self, Newline::Translate | Newline::Universal)
    }
}

/// Kinds of newline seen (CPython's `SEEN_CR`, `SEEN_LF`, `SEEN_CRLF`).
pub(super) const SEEN_CR: u8 = 1;
/// `'\n'` seen.
pub(super) const SEEN_LF: u8 = 2;
/// `'\r\n'` seen.
pub(super) const SEEN_CRLF: u8 = 4;

/// `newlines`: the kinds of newline in `seen` (in CPython's order): `None`, one str,
/// or a tuple of them.
pub(super) fn newlines_object(seen: u8) -> Obj {
    let kinds: Vec<&str> = [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
        .into_iter()
        .filter(|(flag, _)| seen & flag != 0)
        .map(|(_, text)| text)
        .collect();
    match kinds.as_slice() {
        [] => Obj::none(),
        [kind] => Obj::from(*kind),
        _ => Obj::tuple(kinds.into_iter().map(Obj::from)),
    }
}

/// The state of a `StringIO`.
struct State {
    /// The text, one `char` per code point.
    buffer: Vec<char>,
    /// The position, in code points (may be past the end).
    pos: usize,
    closed: bool,
    newline: Newline,
    /// The kinds of newline written so far (for `newlines`).
    seen: u8,
}

impl State {
    /// A fresh, empty state.
    fn new(newline: Newline) -> State {
        State {
            buffer: Vec::new(),
            pos: 0,
            closed: false,
            newline,
            seen: 0,
        }
    }

    /// Writes `text` at the position (CPython's `write_str`): the newline translation,
    /// then the text over and after the position, padded with `'\0'` when the position
    /// is past the end.
    fn write(&mut self, text: &str) {
        let mut chars: Vec<char> = Vec::with_capacity(text.len());
        let mut input = text.chars().peekable();
        while let Some(c) = input.next() {
            match c {
                '\r' if self.newline.tracks() => {
                    let crlf = input.peek() == Some(&'\n');
                    if crlf {
                        input.next();
                        self.seen |= SEEN_CRLF;
                    } else {
                        self.seen |= SEEN_CR;
                    }
                    match (self.newline, crlf) {
                        (Newline::Translate, _) => chars.push('\n'),
                        (_, true) => chars.extend(['\r', '\n']),
                        (_, false) => chars.push('\r'),
                    }
                }
                '\n' => {
                    if self.newline.tracks() {
                        self.seen |= SEEN_LF;
                    }
                    match self.newline {
                        Newline::Cr => chars.push('\r'),
                        Newline::CrLf => chars.extend(['\r', '\n']),
                        _ => chars.push('\n'),
                    }
                }
                c => chars.push(c),
            }
        }
        if self.pos > self.buffer.len() {
            self.buffer.resize(self.pos, '\0');
        }
        let end = (self.pos + chars.len()).min(self.buffer.len());
        self.buffer.splice(self.pos..end, chars.iter().copied());
        self.pos += chars.len();
    }

    /// The rest of the text from the position, at most `limit` code points (all for
    /// `None`); moves the position past it.
    fn read(&mut self, limit: Option<usize>) -> String {
        let start = self.pos.min(self.buffer.len());
        let available = self.buffer.len() - start;
        let n = limit.map_or(available, |limit| limit.min(available));
        if self.pos < self.buffer.len() {
            self.pos += n;
        }
        self.buffer[start..start + n].iter().collect()
    }

    /// The next line from the position, at most `limit` code points (CPython's
    /// `_stringio_readline`); moves the position past it.
    fn readline(&mut self, limit: Option<usize>) -> String {
        if self.pos >= self.buffer.len() {
            return String::new();
        }
        let rest = &self.buffer[self.pos..];
        let rest = &rest[..limit.map_or(rest.len(), |limit| limit.min(rest.len()))];
        let len = line_end(rest, self.newline).unwrap_or(rest.len());
        let line: String = rest[..len].iter().collect();
        self.pos += len;
        line
    }

    /// The kinds of newline seen, for a mode that records them (none otherwise).
    fn newlines_seen(&self) -> u8 {
        if self.newline.tracks() { self.seen } else { 0 }
    }
}

/// The length of the first line of `text` with its line ending, or `None` if there is
/// no line ending (CPython's `_PyIO_find_line_ending`).
fn line_end(text: &[char], newline: Newline) -> Option<usize> {
    match newline {
        Newline::Lf | Newline::Translate => text.iter().position(|&c| c == '\n').map(|i| i + 1),
        Newline::Cr => text.iter().position(|&c| c == '\r').map(|i| i + 1),
        Newline::CrLf => text
            .windows(2)
            .position(|pair| pair == ['\r', '\n'])
            .map(|i| i + 2),
        Newline::Universal => {
            let i = text.iter().position(|&c| c == '\r' || c == '\n')?;
            if text[i] == '\r' && text.get(i + 1) == Some(&'\n') {
                Some(i + 2)
            } else {
                Some(i + 1)
            }
        }
    }
}

/// `ValueError: I/O operation on closed file` + `period` (`"."` for the methods of
/// CPython's `IOBase`).
fn closed_error(period: &str) -> PyErr {
    PyErr::value_error(format!("I/O operation on closed file{period}"))
}

/// The value of an `io.StringIO` object.
pub(super) struct PyStringIO {
    /// Borrowed for one step at a time, never while user code runs.
    state: RefCell<State>,
}

impl PyStringIO {
    /// `ValueError: I/O operation on closed file` if closed (the error is made after
    /// the borrow ends: making objects may run a collection, and finalizers).
    fn check_open(&self) -> PyResult<()> {
        let closed = self.state.borrow().closed;
        if closed {
            Err(closed_error(""))
        } else {
            Ok(())
        }
    }
}

impl Trace for PyStringIO {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&STRINGIO_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `io.StringIO` (CPython's `tp_name` is `_io.StringIO`, which its errors and `repr`
/// show).
static STRINGIO_TYPE: PyType = PyType {
    name: "_io.StringIO",
    new: Some(stringio_new),
    iter: Some(stringio_iter),
    next: Some(stringio_next),
    getattr: Some(stringio_getattr),
    weakrefable: true,
    methods: STRINGIO_METHODS,
    ..PyType::BLANK
};

/// The methods of `StringIO`.
static STRINGIO_METHODS: &[Method] = &[
    Method {
        name: "write",
        call: |obj, args| {
            let text = args.one("StringIO.write")?;
            let io = state_of(obj)?;
            io.check_open()?;
            let Some(text) = text.as_str() else {
                return Err(PyErr::type_error(format!(
                    "string argument expected, got '{}'",
                    text.type_name()
                )));
            };
            let length = text.chars().count();
            if length > 0 {
                io.state.borrow_mut().write(text);
            }
            Ok(Obj::from(length))
        },
    },
    Method {
        name: "read",
        call: |obj, args| {
            let size = size_argument(args, "read", "StringIO.read")?;
            let io = state_of(obj)?;
            io.check_open()?;
            let text = io.state.borrow_mut().read(size);
            Ok(Obj::from(text))
        },
    },
    Method {
        name: "readline",
        call: |obj, args| {
            let size = size_argument(args, "readline", "StringIO.readline")?;
            let io = state_of(obj)?;
            io.check_open()?;
            let line = io.state.borrow_mut().readline(size);
            Ok(Obj::from(line))
        },
    },
    Method {
        name: "readlines",
        call: stringio_readlines,
    },
    Method {
        name: "getvalue",
        call: |obj, args| {
            args.none("StringIO.getvalue")?;
            let io = state_of(obj)?;
            io.check_open()?;
            let text: String = io.state.borrow().buffer.iter().collect();
            Ok(Obj::from(text))
        },
    },
    Method {
        name: "seek",
        call: stringio_seek,
    },
    Method {
        name: "tell",
        call: |obj, args| {
            args.none("StringIO.tell")?;
            let io = state_of(obj)?;
            io.check_open()?;
            let pos = io.state.borrow().pos;
            Ok(Obj::from(pos))
        },
    },
    Method {
        name: "truncate",
        call: stringio_truncate,
    },
    Method {
        name: "close",
        call: |obj, args| {
            args.none("StringIO.close")?;
            let io = state_of(obj)?;
            let old = {
                let mut state = io.state.borrow_mut();
                state.closed = true;
                state.pos = 0;
                std::mem::take(&mut state.buffer)
            };
            drop(old);
            Ok(Obj::none())
        },
    },
    Method {
        name: "writelines",
        call: |obj, args| {
            let lines = args.one("_IOBase.writelines")?;
            if state_of(obj)?.state.borrow().closed {
                return Err(closed_error("."));
            }
            for line in lines.try_iter()? {
                obj.call_method("write", &[line?])?;
            }
            Ok(Obj::none())
        },
    },
    Method {
        name: "readable",
        call: |obj, args| always_true(obj, args, "StringIO.readable"),
    },
    Method {
        name: "writable",
        call: |obj, args| always_true(obj, args, "StringIO.writable"),
    },
    Method {
        name: "seekable",
        call: |obj, args| always_true(obj, args, "StringIO.seekable"),
    },
    Method {
        name: "isatty",
        call: |obj, args| {
            args.none("_IOBase.isatty")?;
            check_open_iobase(obj)?;
            Ok(Obj::from(false))
        },
    },
    Method {
        name: "flush",
        // `IOBase.flush` checks the flag `IOBase.close` sets, which `StringIO.close`
        // does not: it never raises.
        call: |obj, args| {
            args.none("_IOBase.flush")?;
            state_of(obj)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "__enter__",
        call: |obj, args| {
            args.none("_IOBase.__enter__")?;
            check_open_iobase(obj)?;
            Ok(obj.clone())
        },
    },
    Method {
        name: "__exit__",
        call: |obj, _| obj.call_method("close", &[]),
    },
];

/// The `StringIO` behind `obj`.
fn state_of(obj: &Obj) -> PyResult<&PyStringIO> {
    obj.downcast_ref::<PyStringIO>().ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a '_io.StringIO' object but received a '{}'",
            obj.type_name()
        ))
    })
}

/// `ValueError: I/O operation on closed file.` (the check of CPython's `IOBase`).
fn check_open_iobase(obj: &Obj) -> PyResult<()> {
    if state_of(obj)?.state.borrow().closed {
        return Err(closed_error("."));
    }
    Ok(())
}

/// `readable()`, `writable()`, `seekable()`: `True` while open.
fn always_true(obj: &Obj, args: &Args<'_>, qualname: &str) -> PyResult<Obj> {
    args.none(qualname)?;
    state_of(obj)?.check_open()?;
    Ok(Obj::from(true))
}

/// Whether `obj` is an int or has `__index__`.
fn has_index(obj: &Obj) -> bool {
    int_value(obj).is_some() || obj.py_type().number_slot(|n| n.index).is_some()
}

/// The optional size argument of `read` and `readline` (CPython's
/// `_Py_convert_optional_to_ssize_t`): `None` (absent, `None` or negative) for "no
/// limit".
fn size_argument(args: &Args<'_>, name: &str, qualname: &str) -> PyResult<Option<usize>> {
    args.no_keywords(qualname)?;
    let size = optional_ssize(args.positional_between(name, 0, 1)?.first())?;
    Ok(size.and_then(|size| usize::try_from(size).ok()))
}

/// An optional `Py_ssize_t` argument: `None` or absent, or an int (or an object with
/// `__index__`).
pub(super) fn optional_ssize(arg: Option<&Obj>) -> PyResult<Option<isize>> {
    let Some(arg) = arg.filter(|arg| !arg.is_none()) else {
        return Ok(None);
    };
    if !has_index(arg) {
        return Err(PyErr::type_error(format!(
            "argument should be integer or None, not '{}'",
            arg.type_name()
        )));
    }
    index_value(arg)?
        .to_primitive::<isize>()
        .map(Some)
        .ok_or_else(|| PyErr::overflow_error("cannot fit 'int' into an index-sized integer"))
}

/// A C integer argument of `seek`: `OverflowError: Python int too large to convert to
/// C ssize_t` (or `C int`) when it does not fit.
pub(super) fn c_integer<T: num_traits::FromPrimitive>(arg: &Obj, c_type: &str) -> PyResult<T> {
    let value: IntValue = index_value(arg)?;
    value.to_primitive::<T>().ok_or_else(|| {
        PyErr::overflow_error(format!("Python int too large to convert to C {c_type}"))
    })
}

/// `StringIO(initial_value='', newline='\n')`.
fn stringio_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    const NAMES: [&str; 2] = ["initial_value", "newline"];
    let positional = args.positional();
    if positional.len() > 2 {
        return Err(PyErr::type_error(format!(
            "StringIO() takes at most 2 arguments ({} given)",
            positional.len()
        )));
    }
    let mut values: [Option<&Obj>; 2] = [positional.first(), positional.get(1)];
    for (key, value) in args.keywords() {
        let Some(index) = NAMES.iter().position(|name| name == key) else {
            return Err(PyErr::type_error(format!(
                "'{key}' is an invalid keyword argument for StringIO()"
            )));
        };
        if values[index].is_some() {
            return Err(PyErr::type_error(format!(
                "argument for StringIO() given by name ('{key}') and position ({})",
                index + 1
            )));
        }
        values[index] = Some(value);
    }
    let newline = match values[1] {
        None => Newline::Lf,
        Some(value) if value.is_none() => Newline::Translate,
        Some(value) => match value.as_str() {
            Some("\n") => Newline::Lf,
            Some("") => Newline::Universal,
            Some("\r") => Newline::Cr,
            Some("\r\n") => Newline::CrLf,
            Some(_) => {
                return Err(PyErr::value_error(format!(
                    "illegal newline value: {}",
                    value.repr()?
                )));
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "newline must be str or None, not {}",
                    value.type_name()
                )));
            }
        },
    };
    let initial = match values[0] {
        None => "",
        Some(value) if value.is_none() => "",
        Some(value) => value.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "initial_value must be str or None, not {}",
                value.type_name()
            ))
        })?,
    };
    let mut state = State::new(newline);
    if !initial.is_empty() {
        state.write(initial);
        state.pos = 0;
    }
    Ok(Obj::new(PyStringIO {
        state: RefCell::new(state),
    }))
}

/// `iter(f)`: `f` itself (`ValueError: I/O operation on closed file.` once closed).
fn stringio_iter(obj: &Obj) -> PyResult<Obj> {
    check_open_iobase(obj)?;
    Ok(obj.clone())
}

/// `next(f)`: the next line, or the end of the iteration at the end of the text.
fn stringio_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let io = state_of(obj)?;
    io.check_open()?;
    let line = io.state.borrow_mut().readline(None);
    Ok((!line.is_empty()).then(|| Obj::from(line)))
}

/// `closed`, `newlines`, `line_buffering`, `encoding`, `errors`.
fn stringio_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let io = state_of(obj)?;
    Ok(match name {
        "closed" => {
            let closed = io.state.borrow().closed;
            Some(Obj::from(closed))
        }
        "newlines" => {
            io.check_open()?;
            let seen = io.state.borrow().newlines_seen();
            Some(newlines_object(seen))
        }
        "line_buffering" => {
            io.check_open()?;
            Some(Obj::from(false))
        }
        "encoding" | "errors" => Some(Obj::none()),
        _ => None,
    })
}

/// `readlines(hint=-1)` (CPython's `IOBase.readlines`): every line, or lines until
/// their total length passes `hint`.
fn stringio_readlines(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("_IOBase.readlines")?;
    let hint = optional_ssize(args.positional_between("readlines", 0, 1)?.first())?.unwrap_or(-1);
    let iterator = stringio_iter(obj)?;
    let mut lines = Vec::new();
    let mut length: isize = 0;
    while let Some(line) = iterator.next_item()? {
        let line_length = line.len()? as isize;
        lines.push(line);
        if hint > 0 {
            if line_length > hint - length {
                break;
            }
            length += line_length;
        }
    }
    Ok(Obj::list(lines))
}

/// `seek(pos, whence=0)`.
fn stringio_seek(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("StringIO.seek")?;
    let positional = args.positional_between("seek", 1, 2)?;
    let pos: isize = c_integer(&positional[0], "ssize_t")?;
    let whence: i32 = match positional.get(1) {
        Some(whence) => c_integer(whence, "int")?,
        None => 0,
    };
    let io = state_of(obj)?;
    io.check_open()?;
    if !(0..=2).contains(&whence) {
        return Err(PyErr::value_error(format!(
            "Invalid whence ({whence}, should be 0, 1 or 2)"
        )));
    }
    if pos < 0 && whence == 0 {
        return Err(PyErr::value_error(format!("Negative seek position {pos}")));
    }
    if whence != 0 && pos != 0 {
        return Err(PyErr::new(&OS_ERROR, "Can't do nonzero cur-relative seeks"));
    }
    let pos = {
        let mut state = io.state.borrow_mut();
        state.pos = match whence {
            1 => state.pos,
            2 => state.buffer.len(),
            _ => pos as usize,
        };
        state.pos
    };
    Ok(Obj::from(pos))
}

/// `truncate(pos=None)`: cuts the text at `pos` (the position by default), which it
/// returns; the position does not move.
fn stringio_truncate(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("StringIO.truncate")?;
    let size = optional_ssize(args.positional_between("truncate", 0, 1)?.first())?;
    let io = state_of(obj)?;
    io.check_open()?;
    let size = match size {
        None => io.state.borrow().pos,
        Some(size) if size < 0 => {
            return Err(PyErr::value_error(format!("Negative size value {size}")));
        }
        Some(size) => size as usize,
    };
    io.state.borrow_mut().buffer.truncate(size);
    Ok(Obj::from(size))
}

/// `copy.copy(f)` and `copy.deepcopy(f)` of a `StringIO` (CPython's
/// `__getstate__`/`__setstate__`: the text, the newline mode and the position), or
/// `None` if `obj` is not one.
pub(super) fn copy_stringio(obj: &Obj) -> Option<PyResult<Obj>> {
    let io = obj.downcast_ref::<PyStringIO>()?;
    if let Err(error) = io.check_open() {
        return Some(Err(error));
    }
    let state = io.state.borrow();
    let mut copy = State::new(state.newline);
    // `__setstate__` runs `__init__(value, newline)`, which records the newlines of the
    // value, then puts the text back as it was.
    let text: String = state.buffer.iter().collect();
    copy.write(&text);
    copy.buffer = state.buffer.clone();
    copy.pos = state.pos;
    drop(state);
    Some(Ok(Obj::new(PyStringIO {
        state: RefCell::new(copy),
    })))
}

/// Makes the `io` module object.
pub(super) fn make() -> PyResult<Obj> {
    use super::file;
    let open = crate::builtins::get("open")
        .ok_or_else(|| PyErr::system_error("the builtin open is missing"))?;
    PyModule::new_object(
        "io",
        [
            ("StringIO", STRINGIO_TYPE.to_object()),
            ("open", open),
            ("TextIOWrapper", file::TEXT_IO_WRAPPER_TYPE.to_object()),
            ("BufferedReader", file::BUFFERED_READER_TYPE.to_object()),
            ("BufferedWriter", file::BUFFERED_WRITER_TYPE.to_object()),
            ("BufferedRandom", file::BUFFERED_RANDOM_TYPE.to_object()),
            ("FileIO", file::FILE_IO_TYPE.to_object()),
            ("UnsupportedOperation", UNSUPPORTED_OPERATION.to_object()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_keep_the_newline_mode_and_the_newlines_seen() {
        let f = stringio_new(
            &STRINGIO_TYPE,
            &Args::new(&[Obj::from("a\r\nb")], &[("newline", Obj::none())]),
        )
        .unwrap();
        let copy = copy_stringio(&f).unwrap().unwrap();
        let state = copy.downcast_ref::<PyStringIO>().unwrap().state.borrow();
        assert_eq!(state.newline, Newline::Translate);
        assert_eq!(state.buffer.iter().collect::<String>(), "a\nb");
        // `__setstate__` re-runs `__init__` on the translated text: only `\n` is seen.
        assert_eq!(state.seen, SEEN_LF);
    }

    #[test]
    fn line_endings() {
        let text: Vec<char> = "a\rb\r\nc".chars().collect();
        assert_eq!(line_end(&text, Newline::Universal), Some(2));
        assert_eq!(line_end(&text[2..], Newline::Universal), Some(3));
        assert_eq!(line_end(&text, Newline::CrLf), Some(5));
        assert_eq!(line_end(&text, Newline::Lf), Some(5));
        assert_eq!(line_end(&text, Newline::Cr), Some(2));
        assert_eq!(line_end(&text[5..], Newline::Universal), None);
    }
}
