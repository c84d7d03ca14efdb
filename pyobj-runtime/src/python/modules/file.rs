//! `open()`: files on disk as Python file objects, with CPython 3.11's behaviour and
//! error texts.
//!
//! `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
//! closefd=True, opener=None)` opens `file` (a str, bytes, or an object with
//! `__fspath__`) and returns, as CPython does:
//!
//! - in text mode (`r`, `w`, `a`, `x`, with `+` and `t`): an `_io.TextIOWrapper`
//!   (`<_io.TextIOWrapper name='x.txt' mode='w' encoding='UTF-8'>`) reading and writing
//!   str. The encoding is UTF-8 unless given (`'utf-8'`, `'ascii'`, `'latin-1'` under
//!   CPython's spellings; pyobj's locale encoding is UTF-8), with the `errors` handlers
//!   of `str.encode`/`bytes.decode`. `newline` works as in CPython: `None` translates
//!   `'\r\n'` and `'\r'` read to `'\n'`, `''` ends lines at any of them untranslated,
//!   `'\n'`, `'\r'`, `'\r\n'` end lines there only (and `'\n'` written becomes `'\r'` or
//!   `'\r\n'` for the last two);
//! - in binary mode (`rb`, `wb`, `ab`, `xb`, with `+`): an `_io.BufferedReader`,
//!   `_io.BufferedWriter` or `_io.BufferedRandom` reading and writing bytes; with
//!   `buffering=0`, an unbuffered `_io.FileIO`.
//!
//! A file object has `read([size])`, `readline([size])`, `readlines([hint])`, iteration
//! over its lines, `write(s)` (returning the count), `writelines(lines)`, `seek(offset[,
//! whence])`, `tell()`, `truncate([size])`, `flush()`, `close()`, `readable()`,
//! `writable()`, `seekable()`, `fileno()`, `isatty()`, `__enter__`/`__exit__` (`with`
//! closes it), and `closed`, `name`, `mode` (text files also `encoding`, `errors`,
//! `newlines`, `line_buffering`).
//!
//! Writes are buffered (as CPython's 8 KiB buffers; a text file opened with
//! `buffering=1` flushes at each line) and reach the file at `flush()`, `close()`, when
//! the buffer fills, or when the file object is freed while open: dropping an open file
//! flushes and closes it. A text file reads in 8 KiB chunks, as CPython's does, so that
//! a write after a read (without a `seek`) lands where CPython's would, after the chunk
//! read. `tell()` of a text file is the byte position (CPython's cookie for a decoder
//! without state), and `tell()` during a `for` loop over a text file raises CPython's
//! `OSError: telling position disabled by next() call`.
//!
//! Errors have CPython's types and texts: `FileNotFoundError: [Errno 2] No such file or
//! directory: 'x'` (and the other `OSError`s, from the system's error numbers),
//! `ValueError: I/O operation on closed file.` (each layer's variant: `read of closed
//! file`, `write to closed file`...), `io.UnsupportedOperation: not readable`,
//! `ValueError: invalid mode: 'z'`, `TypeError: write() argument must be str, not int`.
//!
//! Not supported: a file descriptor as `file` and `opener` (`NotImplementedError`), the
//! `buffer`/`raw` attributes, `detach`, `read1`, `readinto`, `peek`, making a file object
//! by calling its type (`io.TextIOWrapper(buffer)`), `seek` from `SEEK_DATA`/`SEEK_HOLE`.
//! A text file's `tell()` after an undecodable byte read with `errors='replace'` or
//! `'ignore'`, or while a `'\r'` waits for a possible `'\n'`, is a plain byte position
//! where CPython's cookie carries decoder state. Codec failures are `ValueError`s (see
//! [`crate::pyobject::PyBytes`]).
//!
//! ```
//! use pyobj::{Obj, builtins};
//!
//! let path = std::env::temp_dir().join(format!("pyobj-doc-open-{}.txt", std::process::id()));
//! let name = Obj::from(path.to_str().unwrap());
//! let open = builtins::get("open").unwrap();
//! let f = open.call(&[name.clone(), Obj::from("w")]).unwrap();
//! assert_eq!(f.call_method("write", &[Obj::from("a\nb\n")]).unwrap().repr().unwrap(), "4");
//! f.call_method("close", &[]).unwrap();
//! let f = open.call(&[name]).unwrap();
//! assert_eq!(f.call_method("readlines", &[]).unwrap().repr().unwrap(), "['a\\n', 'b\\n']");
//! drop(f);
//! std::fs::remove_file(path).unwrap();
//! ```

use std::cell::{RefCell, RefMut};
use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Read, Seek, SeekFrom, Write};

use super::io::{Newline, SEEN_CR, SEEN_CRLF, SEEN_LF, c_integer, newlines_object, optional_ssize};
use crate::exceptions::{NOT_IMPLEMENTED_ERROR, OS_ERROR, PyErr, PyResult, UNSUPPORTED_OPERATION};
use crate::pyobject::int::{IntRef, index_value, int_value};
use crate::pyobject::{Args, Method, Obj, PyBytes, PyFloat, PyType};
use crate::trace::{Trace, Tracer};

/// The size of a read chunk and of the write buffer (CPython's `DEFAULT_BUFFER_SIZE`
/// and `_CHUNK_SIZE`).
const CHUNK: usize = 8192;

/// `EINVAL`, `EBADF`, `EISDIR` (the same on Linux and macOS).
const EINVAL: i32 = 22;
const EBADF: i32 = 9;
const EISDIR: i32 = 21;

/// Which of CPython's layers a file object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layer {
    /// `_io.TextIOWrapper`: str, over a buffered binary file.
    Text,
    /// `_io.BufferedReader`, `_io.BufferedWriter`, `_io.BufferedRandom`: bytes.
    Buffered,
    /// `_io.FileIO` (`buffering=0`): bytes, every call a system call.
    Raw,
}

/// The settings of a text file.
struct TextConfig {
    /// The encoding as given (`'UTF-8'` by default), for `encoding` and the repr.
    encoding: String,
    /// The codec's own name: `'utf-8'`, `'ascii'` or `'latin-1'`.
    codec: &'static str,
    /// The error handler (`'strict'` by default).
    errors: String,
    newline: Newline,
    /// `buffering=1`: a write holding a newline flushes.
    line_buffering: bool,
}

impl TextConfig {
    /// How many bytes `chars` take in the file (for `tell`).
    fn encoded_len(&self, chars: &[char]) -> usize {
        if self.codec == "utf-8" {
            chars.iter().map(|c| c.len_utf8()).sum()
        } else {
            chars.len()
        }
    }
}

/// The changing state of a file: the OS file and the buffers.
struct State {
    /// The OS file; `None` once closed.
    file: Option<File>,
    /// Bytes written and not yet handed to the OS.
    pending: Vec<u8>,
    /// Binary files: bytes read ahead, of which `ahead[ahead_pos..]` are unread.
    ahead: Vec<u8>,
    ahead_pos: usize,
    /// Text files: characters decoded, of which `chars[cpos..]` are unread (newlines
    /// untranslated).
    chars: Vec<char>,
    cpos: usize,
    /// Text files: bytes read but not decoded yet (an incomplete UTF-8 sequence at the
    /// end of a chunk).
    undecoded: Vec<u8>,
    /// Text files: `tell()` allowed (not during a `for` loop).
    telling: bool,
    /// Text files: the kinds of newline read (`newlines`).
    seen: u8,
    /// Text files: the last character decoded was a `'\r'`.
    last_cr: bool,
}

impl State {
    /// The OS file (`EBADF` once closed: callers check `closed` first).
    fn file(&mut self) -> std::io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::from_raw_os_error(EBADF))
    }

    /// Hands the pending bytes to the OS.
    fn flush_pending(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        self.file()?.write_all(&pending)
    }

    /// Binary files: gives up the bytes read ahead, moving the OS position back to the
    /// file's position.
    fn drop_ahead(&mut self) -> std::io::Result<()> {
        let unread = self.ahead.len() - self.ahead_pos;
        self.ahead.clear();
        self.ahead_pos = 0;
        if unread > 0 {
            self.file()?.seek(SeekFrom::Current(-(unread as i64)))?;
        }
        Ok(())
    }

    /// Text files: forgets the characters read ahead (the OS position stays after the
    /// chunk read, as CPython's).
    fn drop_chars(&mut self) {
        self.chars.clear();
        self.cpos = 0;
        self.undecoded.clear();
        self.last_cr = false;
    }

    /// One read of at most `max` bytes (empty at the end of the file).
    fn read_some(&mut self, max: usize) -> std::io::Result<Vec<u8>> {
        let mut buffer = vec![0; max];
        let file = self.file()?;
        loop {
            match file.read(&mut buffer) {
                Ok(n) => {
                    buffer.truncate(n);
                    return Ok(buffer);
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    /// The rest of the file.
    fn read_rest(&mut self) -> std::io::Result<Vec<u8>> {
        let mut rest = Vec::new();
        self.file()?.read_to_end(&mut rest)?;
        Ok(rest)
    }

    /// Binary files: the position (the OS's, plus what is pending, less what is read
    /// ahead).
    fn binary_tell(&mut self) -> std::io::Result<u64> {
        let unread = (self.ahead.len() - self.ahead_pos) as u64;
        let pending = self.pending.len() as u64;
        let os = self.file()?.stream_position()?;
        Ok((os + pending).saturating_sub(unread))
    }

    /// Binary files: `read(size)` (everything for `None`).
    fn binary_read(&mut self, size: Option<usize>) -> std::io::Result<Vec<u8>> {
        self.flush_pending()?;
        let available = &self.ahead[self.ahead_pos..];
        let Some(size) = size else {
            let mut out = available.to_vec();
            self.ahead.clear();
            self.ahead_pos = 0;
            out.extend(self.read_rest()?);
            return Ok(out);
        };
        let taken = size.min(available.len());
        let mut out = available[..taken].to_vec();
        self.ahead_pos += taken;
        while out.len() < size {
            let chunk = self.read_some(size - out.len())?;
            if chunk.is_empty() {
                break;
            }
            out.extend(chunk);
        }
        Ok(out)
    }

    /// Binary files: `readline(size)`: up to and with the next `b'\n'`, at most `limit`
    /// bytes.
    fn binary_readline(&mut self, limit: Option<usize>) -> std::io::Result<Vec<u8>> {
        self.flush_pending()?;
        let mut out = Vec::new();
        loop {
            let room = limit.map_or(usize::MAX, |limit| limit - out.len());
            let available = &self.ahead[self.ahead_pos..];
            let newline = available.iter().position(|&b| b == b'\n');
            let take = match newline {
                Some(at) => (at + 1).min(room),
                None => available.len().min(room),
            };
            out.extend_from_slice(&available[..take]);
            self.ahead_pos += take;
            if newline.is_some_and(|at| at < take) || out.len() == limit.unwrap_or(usize::MAX) {
                return Ok(out);
            }
            let chunk = self.read_some(CHUNK)?;
            if chunk.is_empty() {
                return Ok(out);
            }
            self.ahead = chunk;
            self.ahead_pos = 0;
        }
    }

    /// `FileIO.readline(size)`: one byte at a time, as `IOBase.readline` without `peek`.
    fn raw_readline(&mut self, limit: Option<usize>) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        while limit.is_none_or(|limit| out.len() < limit) {
            let byte = self.read_some(1)?;
            out.extend_from_slice(&byte);
            if byte.is_empty() || byte == b"\n" {
                break;
            }
        }
        Ok(out)
    }

    /// Text files: records the kinds of newline in newly decoded text.
    fn note_newlines(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '\n' if self.last_cr => self.seen |= SEEN_CRLF,
                '\n' => self.seen |= SEEN_LF,
                _ if self.last_cr => self.seen |= SEEN_CR,
                _ => {}
            }
            self.last_cr = c == '\r';
        }
    }

    /// Text files: moves characters from the read-ahead into `out`, as `read` (with
    /// `'\r\n'` and `'\r'` made `'\n'` for `newline=None`), until `out` holds `limit`
    /// characters; whether done (false: more characters are needed first, unless at
    /// the end of the file).
    fn scan_read(
        &mut self,
        out: &mut String,
        count: &mut usize,
        limit: usize,
        newline: Newline,
        eof: bool,
    ) -> bool {
        while *count < limit {
            let Some(&c) = self.chars.get(self.cpos) else {
                return eof;
            };
            if c == '\r' && newline == Newline::Translate {
                if self.cpos + 1 == self.chars.len() && !eof {
                    return false;
                }
                self.cpos += 1;
                if self.chars.get(self.cpos) == Some(&'\n') {
                    self.cpos += 1;
                }
                out.push('\n');
            } else {
                self.cpos += 1;
                out.push(c);
            }
            *count += 1;
        }
        true
    }

    /// Text files: moves one line from the read-ahead into `out`, as `readline`, at
    /// most `limit` characters; whether done (false: more characters are needed first,
    /// unless at the end of the file).
    fn scan_line(
        &mut self,
        out: &mut String,
        count: &mut usize,
        limit: usize,
        newline: Newline,
        eof: bool,
    ) -> bool {
        while *count < limit {
            let Some(&c) = self.chars.get(self.cpos) else {
                return eof;
            };
            let cr = c == '\r'
                && matches!(
                    newline,
                    Newline::Translate | Newline::Universal | Newline::CrLf
                );
            if cr && self.cpos + 1 == self.chars.len() && !eof {
                return false;
            }
            self.cpos += 1;
            *count += 1;
            if cr {
                let lf = self.chars.get(self.cpos) == Some(&'\n');
                match newline {
                    Newline::Translate => {
                        if lf {
                            self.cpos += 1;
                        }
                        out.push('\n');
                        return true;
                    }
                    Newline::Universal | Newline::CrLf => {
                        out.push('\r');
                        if lf && *count < limit {
                            self.cpos += 1;
                            *count += 1;
                            out.push('\n');
                            return true;
                        }
                        if newline == Newline::Universal {
                            return true;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            out.push(c);
            let ends = match newline {
                Newline::Cr => c == '\r',
                Newline::CrLf => false,
                _ => c == '\n',
            };
            if ends {
                return true;
            }
        }
        true
    }
}

impl Drop for State {
    /// A file freed while open is flushed (and closed with its `File`).
    fn drop(&mut self) {
        let _ = self.flush_pending();
    }
}

/// The value of a file object.
pub(crate) struct PyFile {
    layer: Layer,
    /// What `open` was given as `file` (after `__fspath__`): a str or bytes, which holds
    /// no handles.
    name: Obj,
    /// `mode` as CPython reports it: the mode given for a text file, the raw file's
    /// (`'rb'`, `'wb'`, `'ab'`, `'xb'`, `'rb+'`, `'ab+'`, `'xb+'`) for a binary one.
    mode: Box<str>,
    readable: bool,
    writable: bool,
    /// The settings of a text file.
    text: Option<Box<TextConfig>>,
    /// Borrowed for one step at a time, never while user code runs.
    state: RefCell<State>,
}

impl Trace for PyFile {
    // Its only object, `name`, is a str or bytes: it cannot be part of a cycle.
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TEXT_IO_WRAPPER_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `ValueError: I/O operation on closed file` + `period` (`"."` for the checks of
/// CPython's `IOBase` and text layer).
fn closed_error(period: &str) -> PyErr {
    PyErr::value_error(format!("I/O operation on closed file{period}"))
}

/// `io.UnsupportedOperation: message`.
fn unsupported(message: &str) -> PyErr {
    PyErr::new(&UNSUPPORTED_OPERATION, message)
}

/// The `OSError` of a failed system call (without a filename).
fn os_error(error: std::io::Error) -> PyErr {
    PyErr::from_io_error(&error, None)
}

impl PyFile {
    /// The file's Python type.
    fn python_type(&self) -> &'static PyType {
        match (self.layer, self.readable, self.writable) {
            (Layer::Text, ..) => &TEXT_IO_WRAPPER_TYPE,
            (Layer::Raw, ..) => &FILE_IO_TYPE,
            (Layer::Buffered, true, true) => &BUFFERED_RANDOM_TYPE,
            (Layer::Buffered, true, false) => &BUFFERED_READER_TYPE,
            (Layer::Buffered, false, _) => &BUFFERED_WRITER_TYPE,
        }
    }

    /// `TextIOWrapper.read` for the messages of argument errors.
    fn qualname(&self, method: &str) -> String {
        let name = self.python_type().name();
        format!("{}.{method}", name.rsplit('.').next().unwrap_or(name))
    }

    /// The state, for one step (`RuntimeError: reentrant call inside ...` if a step of
    /// this file is under way, as CPython's buffered files report).
    fn state(&self) -> PyResult<RefMut<'_, State>> {
        self.state.try_borrow_mut().map_err(|_| {
            PyErr::runtime_error(format!(
                "reentrant call inside <{}>",
                self.python_type().name()
            ))
        })
    }

    fn closed(&self) -> bool {
        self.state
            .try_borrow()
            .is_ok_and(|state| state.file.is_none())
    }

    fn text(&self) -> PyResult<&TextConfig> {
        self.text
            .as_deref()
            .ok_or_else(|| PyErr::system_error("not a text file"))
    }

    /// Runs one step on the state, then turns an OS error into its `OSError` (after the
    /// borrow ends).
    fn step<T>(&self, f: impl FnOnce(&mut State) -> std::io::Result<T>) -> PyResult<T> {
        let result = f(&mut *self.state()?);
        result.map_err(os_error)
    }

    /// Text files: reads and decodes one chunk; whether the end of the file was not
    /// reached.
    fn text_fill(&self) -> PyResult<bool> {
        let config = self.text()?;
        let (mut data, eof) = {
            let mut state = self.state()?;
            // Let go of the characters already read.
            if state.cpos > CHUNK && state.cpos * 2 > state.chars.len() {
                let cpos = state.cpos;
                state.chars.drain(..cpos);
                state.cpos = 0;
            }
            let chunk = state.read_some(CHUNK);
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(error) => {
                    drop(state);
                    return Err(os_error(error));
                }
            };
            let eof = chunk.is_empty();
            let mut data = std::mem::take(&mut state.undecoded);
            data.extend(chunk);
            (data, eof)
        };
        if data.is_empty() {
            return Ok(!eof);
        }
        let cut = if eof || config.codec != "utf-8" {
            data.len()
        } else {
            complete_utf8_prefix(&data)
        };
        let tail = data.split_off(cut);
        let text = PyBytes::decode_text(&data, config.codec, &config.errors)?;
        let mut state = self.state()?;
        state.undecoded = tail;
        if config.newline.tracks() {
            state.note_newlines(&text);
        }
        state.chars.extend(text.chars());
        Ok(!eof)
    }

    /// Text files: `read(size)` (everything for `None`).
    fn text_read(&self, size: Option<usize>) -> PyResult<String> {
        let newline = self.text()?.newline;
        let limit = size.unwrap_or(usize::MAX);
        let mut out = String::new();
        let mut count = 0;
        let mut eof = false;
        loop {
            if self
                .state()?
                .scan_read(&mut out, &mut count, limit, newline, eof)
                || eof
            {
                return Ok(out);
            }
            eof = !self.text_fill()?;
        }
    }

    /// Text files: `readline(size)`.
    fn text_readline(&self, limit: Option<usize>) -> PyResult<String> {
        let newline = self.text()?.newline;
        let limit = limit.unwrap_or(usize::MAX);
        let mut out = String::new();
        let mut count = 0;
        let mut eof = false;
        loop {
            if self
                .state()?
                .scan_line(&mut out, &mut count, limit, newline, eof)
                || eof
            {
                return Ok(out);
            }
            eof = !self.text_fill()?;
        }
    }

    /// Text files: `write(text)`, after the checks.
    fn text_write(&self, text: &str) -> PyResult<()> {
        let config = self.text()?;
        let translated = match config.newline {
            Newline::Cr => text.replace('\n', "\r"),
            Newline::CrLf => text.replace('\n', "\r\n"),
            _ => text.to_owned(),
        };
        let encoded = PyBytes::encode_text(&translated, config.codec, &config.errors)?;
        let flush = config.line_buffering && (text.contains('\n') || text.contains('\r'));
        self.step(|state| {
            state.drop_chars();
            state.pending.extend(encoded);
            if flush || state.pending.len() >= CHUNK {
                state.flush_pending()?;
            }
            Ok(())
        })
    }

    /// Text files: `tell()`, after the checks: the byte position of the next character.
    fn text_tell(&self) -> PyResult<u64> {
        let config = self.text()?;
        let telling = self.state()?.telling;
        if !telling {
            return Err(PyErr::new(
                &OS_ERROR,
                "telling position disabled by next() call",
            ));
        }
        self.step(|state| {
            state.flush_pending()?;
            let os = state.file()?.stream_position()?;
            let unread = config.encoded_len(&state.chars[state.cpos..]) + state.undecoded.len();
            Ok(os.saturating_sub(unread as u64))
        })
    }

    /// The next line for iteration: `None` at the end.
    fn next_line(&self, obj: &Obj) -> PyResult<Option<Obj>> {
        match self.layer {
            Layer::Text => {
                self.check_text(true, false)?;
                self.state()?.telling = false;
                self.step(State::flush_pending)?;
                let line = self.text_readline(None)?;
                if line.is_empty() {
                    let mut state = self.state()?;
                    state.telling = true;
                    return Ok(None);
                }
                Ok(Some(Obj::from(line)))
            }
            _ => {
                let line = binary_readline(obj, self, None)?;
                Ok((!line.is_empty()).then(|| Obj::bytes(&line)))
            }
        }
    }

    /// The checks of a text file's operation: `ValueError: I/O operation on closed
    /// file.`, then `io.UnsupportedOperation: not readable` / `not writable`.
    fn check_text(&self, read: bool, write: bool) -> PyResult<()> {
        if self.closed() {
            return Err(closed_error("."));
        }
        if read && !self.readable {
            return Err(unsupported("not readable"));
        }
        if write && !self.writable {
            return Err(unsupported("not writable"));
        }
        Ok(())
    }

    /// The checks of a binary file's read: `io.UnsupportedOperation: read` for a
    /// `BufferedWriter` (`File not open for reading` for a `FileIO`), then the closed
    /// file (`what of closed file`, `I/O operation on closed file` for a `FileIO`).
    fn check_binary_read(&self, what: &str) -> PyResult<()> {
        if self.layer == Layer::Raw {
            if self.closed() {
                return Err(closed_error(""));
            }
            if !self.readable {
                return Err(unsupported("File not open for reading"));
            }
            return Ok(());
        }
        if !self.readable {
            return Err(unsupported("read"));
        }
        if self.closed() {
            return Err(PyErr::value_error(format!("{what} of closed file")));
        }
        Ok(())
    }

    /// The checks of a binary file's write (as [`PyFile::check_binary_read`]).
    fn check_binary_write(&self, what: &str) -> PyResult<()> {
        if self.layer == Layer::Raw {
            if self.closed() {
                return Err(closed_error(""));
            }
            if !self.writable {
                return Err(unsupported("File not open for writing"));
            }
            return Ok(());
        }
        if !self.writable {
            return Err(unsupported(what));
        }
        if self.closed() {
            return Err(PyErr::value_error(if what == "write" {
                "write to closed file".to_owned()
            } else {
                format!("{what} of closed file")
            }));
        }
        Ok(())
    }

    /// `<_io.TextIOWrapper name='x.txt' mode='r' encoding='UTF-8'>`,
    /// `<_io.BufferedReader name='x.txt'>`, `<_io.FileIO name='x.txt' mode='rb'
    /// closefd=True>`.
    fn repr(&self) -> PyResult<String> {
        let ty = self.python_type().name();
        let name = self.name.repr()?;
        Ok(match (self.layer, &self.text) {
            (Layer::Text, Some(text)) => format!(
                "<{ty} name={name} mode='{}' encoding='{}'>",
                self.mode, text.encoding
            ),
            (Layer::Raw, _) if self.closed() => format!("<{ty} [closed]>"),
            (Layer::Raw, _) => format!("<{ty} name={name} mode='{}' closefd=True>", self.mode),
            _ => format!("<{ty} name={name}>"),
        })
    }
}

/// The length of the longest prefix of `data` that does not end inside a UTF-8
/// sequence (the rest waits for the next chunk).
fn complete_utf8_prefix(data: &[u8]) -> usize {
    let len = data.len();
    for back in 1..=len.min(3) {
        let byte = data[len - back];
        if byte & 0xc0 == 0x80 {
            continue;
        }
        let needed = match byte {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => 1,
        };
        return if needed > back { len - back } else { len };
    }
    len
}

/// The file behind `obj`.
fn file_of(obj: &Obj) -> PyResult<&PyFile> {
    obj.downcast_ref::<PyFile>().ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a '_io.TextIOWrapper' object but received a '{}'",
            obj.type_name()
        ))
    })
}

/// The type of each file object (the vtable's type is `_io.TextIOWrapper`'s).
fn file_class(obj: &Obj) -> &'static PyType {
    obj.downcast_ref::<PyFile>()
        .map_or(&TEXT_IO_WRAPPER_TYPE, PyFile::python_type)
}

/// A file type's table.
const fn file_type(name: &'static str) -> PyType {
    PyType {
        name,
        class_of: Some(file_class),
        repr: Some(|obj| file_of(obj)?.repr()),
        iter: Some(file_iter),
        next: Some(|obj| file_of(obj)?.next_line(obj)),
        getattr: Some(file_getattr),
        weakrefable: true,
        methods: FILE_METHODS,
        ..PyType::BLANK
    }
}

/// `_io.TextIOWrapper`: a text file.
pub(super) static TEXT_IO_WRAPPER_TYPE: PyType = file_type("_io.TextIOWrapper");
/// `_io.BufferedReader`: a binary file opened for reading.
pub(super) static BUFFERED_READER_TYPE: PyType = file_type("_io.BufferedReader");
/// `_io.BufferedWriter`: a binary file opened for writing or appending.
pub(super) static BUFFERED_WRITER_TYPE: PyType = file_type("_io.BufferedWriter");
/// `_io.BufferedRandom`: a binary file opened for reading and writing.
pub(super) static BUFFERED_RANDOM_TYPE: PyType = file_type("_io.BufferedRandom");
/// `_io.FileIO`: an unbuffered binary file (`buffering=0`).
pub(super) static FILE_IO_TYPE: PyType = file_type("_io.FileIO");

/// The methods of every file object.
static FILE_METHODS: &[Method] = &[
    Method {
        name: "read",
        call: file_read,
    },
    Method {
        name: "readline",
        call: file_readline,
    },
    Method {
        name: "readlines",
        call: file_readlines,
    },
    Method {
        name: "write",
        call: file_write,
    },
    Method {
        name: "writelines",
        call: |obj, args| {
            let lines = args.one(&file_of(obj)?.qualname("writelines"))?;
            if file_of(obj)?.closed() {
                return Err(closed_error("."));
            }
            for line in lines.try_iter()? {
                obj.call_method("write", &[line?])?;
            }
            Ok(Obj::none())
        },
    },
    Method {
        name: "seek",
        call: file_seek,
    },
    Method {
        name: "tell",
        call: file_tell,
    },
    Method {
        name: "truncate",
        call: file_truncate,
    },
    Method {
        name: "flush",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("flush"))?;
            if file.closed() {
                return Err(match file.layer {
                    Layer::Buffered if file.writable => PyErr::value_error("flush of closed file"),
                    _ => closed_error("."),
                });
            }
            file.step(State::flush_pending)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "close",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("close"))?;
            let (flushed, old) = {
                let mut state = file.state()?;
                let flushed = state.flush_pending();
                state.pending.clear();
                state.ahead.clear();
                state.ahead_pos = 0;
                state.drop_chars();
                (flushed, state.file.take())
            };
            drop(old);
            flushed.map_err(os_error)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "readable",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("readable"))?;
            closed_query(file, file.readable)
        },
    },
    Method {
        name: "writable",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("writable"))?;
            closed_query(file, file.writable)
        },
    },
    Method {
        name: "seekable",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("seekable"))?;
            if file.closed() {
                return Err(closed_error(""));
            }
            let seekable = file.step(|state| Ok(state.file()?.stream_position().is_ok()))?;
            Ok(Obj::from(seekable))
        },
    },
    Method {
        name: "fileno",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("fileno"))?;
            if file.closed() {
                return Err(closed_error(""));
            }
            let fd = file.step(|state| Ok(raw_fd(state.file()?)))?;
            Ok(Obj::from(fd))
        },
    },
    Method {
        name: "isatty",
        call: |obj, args| {
            let file = file_of(obj)?;
            args.none(&file.qualname("isatty"))?;
            if file.closed() {
                return Err(closed_error(""));
            }
            let tty = file.step(|state| Ok(state.file()?.is_terminal()))?;
            Ok(Obj::from(tty))
        },
    },
    Method {
        name: "__enter__",
        call: |obj, args| {
            args.none("_IOBase.__enter__")?;
            if file_of(obj)?.closed() {
                return Err(closed_error("."));
            }
            Ok(obj.clone())
        },
    },
    Method {
        name: "__exit__",
        call: |obj, _| obj.call_method("close", &[]),
    },
];

/// `readable()`/`writable()`: `capable` while open; once closed, `ValueError: I/O
/// operation on closed file` if the file was capable (always for a `FileIO`), else
/// `False` (CPython asks the buffered layer, which checks only then).
fn closed_query(file: &PyFile, capable: bool) -> PyResult<Obj> {
    if file.closed() && (capable || file.layer == Layer::Raw) {
        return Err(closed_error(""));
    }
    Ok(Obj::from(capable))
}

/// The OS file descriptor (`fileno()`).
#[cfg(unix)]
fn raw_fd(file: &File) -> i64 {
    i64::from(std::os::fd::AsRawFd::as_raw_fd(file))
}

/// The OS file handle (`fileno()`).
#[cfg(not(unix))]
fn raw_fd(file: &File) -> i64 {
    std::os::windows::io::AsRawHandle::as_raw_handle(file) as i64
}

/// `iter(f)`: `f` itself (`ValueError: I/O operation on closed file.` once closed).
fn file_iter(obj: &Obj) -> PyResult<Obj> {
    if file_of(obj)?.closed() {
        return Err(closed_error("."));
    }
    Ok(obj.clone())
}

/// `read(size=-1)`.
fn file_read(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    args.no_keywords(&file.qualname("read"))?;
    let size = optional_ssize(args.positional_between("read", 0, 1)?.first())?;
    match file.layer {
        Layer::Text => {
            file.check_text(true, false)?;
            file.step(State::flush_pending)?;
            let size = size.and_then(|size| usize::try_from(size).ok());
            Ok(Obj::from(file.text_read(size)?))
        }
        Layer::Buffered => {
            file.check_binary_read("read")?;
            if size.is_some_and(|size| size < -1) {
                return Err(PyErr::value_error("read length must be non-negative or -1"));
            }
            let size = size.and_then(|size| usize::try_from(size).ok());
            let data = file.step(|state| state.binary_read(size))?;
            Ok(Obj::bytes(&data))
        }
        Layer::Raw => {
            file.check_binary_read("read")?;
            let data = match size.and_then(|size| usize::try_from(size).ok()) {
                None => file.step(State::read_rest)?,
                Some(size) => file.step(|state| state.read_some(size))?,
            };
            Ok(Obj::bytes(&data))
        }
    }
}

/// A binary file's `readline(limit)`, after its checks.
fn binary_readline(_: &Obj, file: &PyFile, limit: Option<usize>) -> PyResult<Vec<u8>> {
    file.check_binary_read("readline")?;
    if file.layer == Layer::Raw {
        return file.step(|state| state.raw_readline(limit));
    }
    file.step(|state| state.binary_readline(limit))
}

/// `readline(size=-1)`.
fn file_readline(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    args.no_keywords(&file.qualname("readline"))?;
    let size = args.positional_between("readline", 0, 1)?.first();
    match file.layer {
        Layer::Text => {
            // A `Py_ssize_t`, not optional: `None` is a `TypeError`.
            let size: Option<isize> = match size {
                Some(size) => Some(c_integer(size, "ssize_t")?),
                None => None,
            };
            file.check_text(true, false)?;
            file.step(State::flush_pending)?;
            let limit = size.and_then(|size| usize::try_from(size).ok());
            Ok(Obj::from(file.text_readline(limit)?))
        }
        _ => {
            let limit = optional_ssize(size)?.and_then(|size| usize::try_from(size).ok());
            Ok(Obj::bytes(&binary_readline(obj, file, limit)?))
        }
    }
}

/// `readlines(hint=-1)` (CPython's `IOBase.readlines`): every line, or lines until
/// their total length passes `hint`.
fn file_readlines(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    args.no_keywords(&file.qualname("readlines"))?;
    let hint = optional_ssize(args.positional_between("readlines", 0, 1)?.first())?.unwrap_or(-1);
    file_iter(obj)?;
    let mut lines = Vec::new();
    let mut length: isize = 0;
    while let Some(line) = file.next_line(obj)? {
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

/// `write(data)`: the count of characters (text) or bytes written.
fn file_write(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    let data = args.one(&file.qualname("write"))?;
    match file.layer {
        Layer::Text => {
            let Some(text) = data.as_str() else {
                return Err(PyErr::type_error(format!(
                    "write() argument must be str, not {}",
                    data.type_name()
                )));
            };
            file.check_text(false, true)?;
            file.text_write(text)?;
            Ok(Obj::from(text.chars().count()))
        }
        layer => {
            if layer == Layer::Buffered && !file.writable {
                return Err(unsupported("write"));
            }
            let Some(bytes) = data.as_bytes() else {
                return Err(PyErr::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    data.type_name()
                )));
            };
            file.check_binary_write("write")?;
            file.step(|state| {
                if layer == Layer::Raw {
                    return state.file()?.write_all(bytes);
                }
                state.drop_ahead()?;
                state.pending.extend_from_slice(bytes);
                if state.pending.len() >= CHUNK {
                    state.flush_pending()?;
                }
                Ok(())
            })?;
            Ok(Obj::from(bytes.len()))
        }
    }
}

/// `seek(offset, whence=0)`: the new position.
fn file_seek(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    args.no_keywords(&file.qualname("seek"))?;
    let positional = args.positional_between("seek", 1, 2)?;
    let whence: i32 = match positional.get(1) {
        Some(whence) => c_integer(whence, "int")?,
        None => 0,
    };
    let target = &positional[0];
    if file.layer == Layer::Text {
        return text_seek(file, target, whence);
    }
    if file.layer == Layer::Buffered {
        if !(0..=2).contains(&whence) {
            return Err(PyErr::value_error(format!(
                "whence value {whence} unsupported"
            )));
        }
        if file.closed() {
            return Err(PyErr::value_error("seek of closed file"));
        }
    } else if file.closed() {
        return Err(closed_error(""));
    }
    let offset: i64 = index_value(target)?
        .to_primitive()
        .ok_or_else(|| PyErr::value_error("cannot fit 'int' into an offset-sized integer"))?;
    let position = file.step(|state| {
        let einval = || std::io::Error::from_raw_os_error(EINVAL);
        let target = match whence {
            0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| einval())?),
            1 => {
                let here = state.binary_tell()?;
                let there = i64::try_from(here)
                    .map_err(|_| einval())?
                    .checked_add(offset);
                SeekFrom::Start(
                    there
                        .and_then(|there| u64::try_from(there).ok())
                        .ok_or_else(einval)?,
                )
            }
            2 => SeekFrom::End(offset),
            _ => return Err(einval()),
        };
        state.flush_pending()?;
        state.ahead.clear();
        state.ahead_pos = 0;
        state.file()?.seek(target)
    })?;
    Ok(Obj::from(position))
}

/// A text file's `seek(cookie, whence)`: `cookie` a position from `tell()`; from the
/// current position or the end only with 0.
fn text_seek(file: &PyFile, cookie: &Obj, whence: i32) -> PyResult<Obj> {
    let position: i128 = match int_value(cookie) {
        Some(IntRef::Small(value)) => i128::from(value),
        Some(IntRef::Big(_)) => {
            return Err(PyErr::overflow_error(
                "Python int too large to convert to C long",
            ));
        }
        None => match cookie.downcast_ref::<PyFloat>() {
            Some(value) => value.value().trunc() as i128,
            None => {
                return Err(PyErr::type_error(format!(
                    "'<' not supported between instances of '{}' and 'int'",
                    cookie.type_name()
                )));
            }
        },
    };
    file.check_text(false, false)?;
    let target = match whence {
        0 => {
            if position < 0 {
                return Err(PyErr::value_error(format!(
                    "negative seek position {}",
                    cookie.repr()?
                )));
            }
            SeekFrom::Start(u64::try_from(position).unwrap_or(u64::MAX))
        }
        1 if position != 0 => return Err(unsupported("can't do nonzero cur-relative seeks")),
        1 => SeekFrom::Start(file.text_tell()?),
        2 if position != 0 => return Err(unsupported("can't do nonzero end-relative seeks")),
        2 => SeekFrom::End(0),
        _ => {
            return Err(PyErr::value_error(format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )));
        }
    };
    let reached = file.step(|state| {
        state.flush_pending()?;
        state.drop_chars();
        state.telling = true;
        state.file()?.seek(target)
    })?;
    Ok(match whence {
        0 => cookie.clone(),
        _ => Obj::from(reached),
    })
}

/// `tell()`.
fn file_tell(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    args.none(&file.qualname("tell"))?;
    let position = match file.layer {
        Layer::Text => {
            file.check_text(false, false)?;
            file.text_tell()?
        }
        _ => {
            if file.closed() {
                return Err(closed_error(""));
            }
            file.step(State::binary_tell)?
        }
    };
    Ok(Obj::from(position))
}

/// `truncate(size=None)`: cuts the file at `size` (the position by default), which it
/// returns; the position does not move.
fn file_truncate(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let file = file_of(obj)?;
    args.no_keywords(&file.qualname("truncate"))?;
    let size = args
        .positional_between("truncate", 0, 1)?
        .first()
        .filter(|size| !size.is_none());
    let size: Option<i64> =
        match size {
            Some(size) => Some(index_value(size)?.to_primitive().ok_or_else(|| {
                PyErr::overflow_error("Python int too large to convert to C long")
            })?),
            None => None,
        };
    match file.layer {
        Layer::Text => {
            if file.closed() {
                return Err(closed_error("."));
            }
            if !file.writable {
                return Err(unsupported("truncate"));
            }
        }
        Layer::Buffered => {
            if file.closed() {
                return Err(PyErr::value_error("truncate of closed file"));
            }
            if !file.writable {
                return Err(unsupported("truncate"));
            }
        }
        Layer::Raw => file.check_binary_write("truncate")?,
    }
    let layer = file.layer;
    let size = file.step(|state| {
        state.flush_pending()?;
        let size = match size {
            Some(size) => {
                u64::try_from(size).map_err(|_| std::io::Error::from_raw_os_error(EINVAL))?
            }
            // A text file's buffer is past the chunk read ahead: CPython truncates there.
            None if layer == Layer::Text => state.file()?.stream_position()?,
            None => state.binary_tell()?,
        };
        state.file()?.set_len(size)?;
        Ok(size)
    })?;
    Ok(Obj::from(size))
}

/// `closed`, `name`, `mode`; a text file's `encoding`, `errors`, `newlines`,
/// `line_buffering`, `write_through`; a `FileIO`'s `closefd`.
fn file_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let file = file_of(obj)?;
    Ok(match name {
        "closed" => Some(Obj::from(file.closed())),
        "name" => Some(file.name.clone()),
        "mode" => Some(Obj::from(&*file.mode)),
        "closefd" if file.layer == Layer::Raw => Some(Obj::from(true)),
        _ => match &file.text {
            Some(text) => match name {
                "encoding" => Some(Obj::from(text.encoding.as_str())),
                "errors" => Some(Obj::from(text.errors.as_str())),
                "line_buffering" => Some(Obj::from(text.line_buffering)),
                "write_through" => Some(Obj::from(false)),
                "newlines" => {
                    let seen = file.state()?.seen;
                    Some(newlines_object(if text.newline.tracks() {
                        seen
                    } else {
                        0
                    }))
                }
                _ => None,
            },
            None => None,
        },
    })
}

// ---------------------------------------------------------------------------------------
// `open`.

/// The parts of a `mode` string.
#[derive(Default)]
struct Mode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    text: bool,
    binary: bool,
}

impl Mode {
    /// CPython's checks of the mode (`_io_open_impl`).
    fn parse(mode: &str) -> PyResult<Mode> {
        let invalid = || PyErr::value_error(format!("invalid mode: '{mode}'"));
        let mut parsed = Mode::default();
        for (i, c) in mode.char_indices() {
            let flag = match c {
                'x' => &mut parsed.creating,
                'r' => &mut parsed.reading,
                'w' => &mut parsed.writing,
                'a' => &mut parsed.appending,
                '+' => &mut parsed.updating,
                't' => &mut parsed.text,
                'b' => &mut parsed.binary,
                _ => return Err(invalid()),
            };
            *flag = true;
            if mode[i + c.len_utf8()..].contains(c) {
                return Err(invalid());
            }
        }
        if parsed.text && parsed.binary {
            return Err(PyErr::value_error(
                "can't have text and binary mode at once",
            ));
        }
        let kinds = [
            parsed.creating,
            parsed.reading,
            parsed.writing,
            parsed.appending,
        ]
        .into_iter()
        .filter(|&kind| kind)
        .count();
        if kinds > 1 {
            return Err(PyErr::value_error(
                "must have exactly one of create/read/write/append mode",
            ));
        }
        Ok(parsed)
    }

    /// The raw file's mode (`FileIO.mode`).
    fn raw_mode(&self) -> &'static str {
        match (
            self.creating,
            self.appending,
            self.reading || self.updating,
            self.writing || self.updating,
        ) {
            (true, _, false, _) => "xb",
            (true, _, true, _) => "xb+",
            (_, true, false, _) => "ab",
            (_, true, true, _) => "ab+",
            (_, _, true, true) => "rb+",
            (_, _, true, false) => "rb",
            _ => "wb",
        }
    }
}

/// `open(...)`'s arguments by name: `file`, `mode`, `buffering`, `encoding`, `errors`,
/// `newline`, `closefd`, `opener`.
fn bind_open<'a>(args: &Args<'a>) -> PyResult<[Option<&'a Obj>; 8]> {
    const NAMES: [&str; 8] = [
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ];
    let positional = args.positional();
    let given = positional.len() + args.keywords().len();
    if given > NAMES.len() {
        return Err(PyErr::type_error(format!(
            "open() takes at most 8 arguments ({given} given)"
        )));
    }
    let mut bound = [None; 8];
    for (slot, value) in bound.iter_mut().zip(positional) {
        *slot = Some(value);
    }
    for (key, value) in args.keywords() {
        let Some(index) = NAMES.iter().position(|name| name == key) else {
            return Err(PyErr::type_error(format!(
                "'{key}' is an invalid keyword argument for open()"
            )));
        };
        if bound[index].is_some() {
            return Err(PyErr::type_error(format!(
                "argument for open() given by name ('{key}') and position ({})",
                index + 1
            )));
        }
        bound[index] = Some(value);
    }
    if bound[0].is_none() {
        return Err(PyErr::type_error(
            "open() missing required argument 'file' (pos 1)",
        ));
    }
    Ok(bound)
}

/// An optional str argument of `open` (`None` for `None`).
fn optional_str<'a>(value: Option<&'a Obj>, name: &str) -> PyResult<Option<&'a str>> {
    match value {
        None => Ok(None),
        Some(value) if value.is_none() => Ok(None),
        Some(value) => value.as_str().map(Some).ok_or_else(|| {
            PyErr::type_error(format!(
                "open() argument '{name}' must be str or None, not {}",
                value.type_name()
            ))
        }),
    }
}

/// The path of `file`: a str or bytes (or what `__fspath__` returns), without NUL.
fn path_of(file: &Obj) -> PyResult<(Obj, std::path::PathBuf)> {
    let file = if file.as_str().is_some() || file.as_bytes().is_some() {
        file.clone()
    } else if int_value(file).is_some() {
        return Err(PyErr::new(
            &NOT_IMPLEMENTED_ERROR,
            "open() of a file descriptor is not supported by pyobj",
        ));
    } else if file.hasattr("__fspath__")? {
        let path = file.call_method("__fspath__", &[])?;
        if path.as_str().is_none() && path.as_bytes().is_none() {
            return Err(PyErr::type_error(format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                file.type_name(),
                path.type_name()
            )));
        }
        path
    } else {
        return Err(PyErr::type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            file.type_name()
        )));
    };
    let path = match (file.as_str(), file.as_bytes()) {
        (Some(text), _) if !text.contains('\0') => std::path::PathBuf::from(text),
        (_, Some(bytes)) if !bytes.contains(&0) => bytes_path(bytes),
        _ => return Err(PyErr::value_error("embedded null byte")),
    };
    Ok((file, path))
}

/// A path from bytes (the bytes as they are on Unix).
#[cfg(unix)]
fn bytes_path(bytes: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes))
}

/// A path from bytes (UTF-8 elsewhere).
#[cfg(not(unix))]
fn bytes_path(bytes: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The builtin `open(file, mode='r', buffering=-1, encoding=None, errors=None,
/// newline=None, closefd=True, opener=None)`.
pub(crate) fn open(args: &Args<'_>) -> PyResult<Obj> {
    let [
        file,
        mode,
        buffering,
        encoding,
        errors,
        newline,
        closefd,
        opener,
    ] = bind_open(args)?;
    let (name, path) = path_of(file.ok_or_else(|| PyErr::system_error("open() without file"))?)?;
    let mode_text = match mode {
        None => "r",
        Some(mode) => mode.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "open() argument 'mode' must be str, not {}",
                mode.type_name()
            ))
        })?,
    };
    let buffering: i32 = match buffering {
        Some(buffering) => c_integer(buffering, "int")?,
        None => -1,
    };
    let encoding = optional_str(encoding, "encoding")?;
    let errors = optional_str(errors, "errors")?;
    let newline_arg = optional_str(newline, "newline")?;
    let closefd = match closefd {
        Some(closefd) => index_value(closefd)?.to_primitive::<i64>() != Some(0),
        None => true,
    };
    if opener.is_some_and(|opener| !opener.is_none()) {
        return Err(PyErr::new(
            &NOT_IMPLEMENTED_ERROR,
            "open() with an opener is not supported by pyobj",
        ));
    }
    let parsed = Mode::parse(mode_text)?;
    if parsed.binary {
        if encoding.is_some() {
            return Err(PyErr::value_error(
                "binary mode doesn't take an encoding argument",
            ));
        }
        if errors.is_some() {
            return Err(PyErr::value_error(
                "binary mode doesn't take an errors argument",
            ));
        }
        if newline_arg.is_some() {
            return Err(PyErr::value_error(
                "binary mode doesn't take a newline argument",
            ));
        }
    }
    if !closefd {
        return Err(PyErr::value_error(
            "Cannot use closefd=False with file name",
        ));
    }
    let kinds = [
        parsed.creating,
        parsed.reading,
        parsed.writing,
        parsed.appending,
    ];
    if kinds.iter().filter(|&&kind| kind).count() != 1 {
        return Err(PyErr::value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    }
    let readable = parsed.reading || parsed.updating;
    let writable = !parsed.reading || parsed.updating;
    let mut options = OpenOptions::new();
    options.read(readable);
    if parsed.writing {
        options.write(true).create(true).truncate(true);
    } else if parsed.appending {
        options.append(true).create(true);
    } else if parsed.creating {
        options.write(true).create_new(true);
    } else {
        options.write(writable);
    }
    let mut os_file = options
        .open(&path)
        .map_err(|error| PyErr::from_io_error(&error, Some(name.clone())))?;
    if os_file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        let error = std::io::Error::from_raw_os_error(EISDIR);
        return Err(PyErr::from_io_error(&error, Some(name)));
    }
    if parsed.appending {
        // As CPython's `FileIO`: at the end from the start (not only at the first write).
        os_file.seek(SeekFrom::End(0)).map_err(os_error)?;
    }
    let state = RefCell::new(State {
        file: Some(os_file),
        pending: Vec::new(),
        ahead: Vec::new(),
        ahead_pos: 0,
        chars: Vec::new(),
        cpos: 0,
        undecoded: Vec::new(),
        telling: true,
        seen: 0,
        last_cr: false,
    });
    if parsed.binary {
        return Ok(Obj::new(PyFile {
            layer: if buffering == 0 {
                Layer::Raw
            } else {
                Layer::Buffered
            },
            name,
            mode: parsed.raw_mode().into(),
            readable,
            writable,
            text: None,
            state,
        }));
    }
    if buffering == 0 {
        return Err(PyErr::value_error("can't have unbuffered text I/O"));
    }
    let newline = match newline_arg {
        None => Newline::Translate,
        Some("") => Newline::Universal,
        Some("\n") => Newline::Lf,
        Some("\r") => Newline::Cr,
        Some("\r\n") => Newline::CrLf,
        Some(other) => {
            return Err(PyErr::value_error(format!(
                "illegal newline value: {other}"
            )));
        }
    };
    let encoding = match encoding {
        None | Some("locale") => "UTF-8",
        Some(encoding) => encoding,
    };
    let codec = PyBytes::codec_name(encoding)?;
    Ok(Obj::new(PyFile {
        layer: Layer::Text,
        name,
        mode: mode_text.into(),
        readable,
        writable,
        text: Some(Box::new(TextConfig {
            encoding: encoding.to_owned(),
            codec,
            errors: errors.unwrap_or("strict").to_owned(),
            newline,
            line_buffering: buffering == 1,
        })),
        state,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_utf8_prefixes_stop_before_a_cut_sequence() {
        assert_eq!(complete_utf8_prefix(b"abc"), 3);
        assert_eq!(complete_utf8_prefix("é".as_bytes()), 2);
        assert_eq!(complete_utf8_prefix(&"é".as_bytes()[..1]), 0);
        assert_eq!(complete_utf8_prefix(&"a€".as_bytes()[..3]), 1);
        assert_eq!(complete_utf8_prefix(&"a😀".as_bytes()[..4]), 1);
        assert_eq!(complete_utf8_prefix("a😀".as_bytes()), 5);
        assert_eq!(complete_utf8_prefix(b""), 0);
        // Invalid bytes are left to the decoder.
        assert_eq!(complete_utf8_prefix(b"a\xff"), 2);
    }

    #[test]
    fn raw_modes_are_cpythons() {
        let raw = |mode: &str| Mode::parse(mode).unwrap().raw_mode();
        assert_eq!(raw("rb"), "rb");
        assert_eq!(raw("r+b"), "rb+");
        assert_eq!(raw("w+b"), "rb+");
        assert_eq!(raw("wb"), "wb");
        assert_eq!(raw("ab"), "ab");
        assert_eq!(raw("a+b"), "ab+");
        assert_eq!(raw("xb"), "xb");
        assert_eq!(raw("x+b"), "xb+");
    }
}
