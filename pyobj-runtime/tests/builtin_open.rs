//! The builtin `open()`: text and binary files on disk, and the `OSError` family.
//!
//! Each test is a scenario: its Python steps (the first column), run in order by
//! `python3` 3.11 with `P(name)` a path in a fresh directory and `D()` that directory,
//! printed the texts of the last column (`repr()` of the value, or `!! Type: message`
//! for an exception), with the directory shown as `DIR`. The Rust rows make the same
//! calls through pyobj's objects, in a fresh directory under `std::env::temp_dir()`
//! that is removed afterwards. One deliberate difference: pyobj has no
//! `UnicodeEncodeError`/`UnicodeDecodeError` types yet, so a codec failure is their
//! base class `ValueError`, with CPython's message.

// Files through `std` only (the module has no `unsafe`): minutes of disk I/O under Miri
// for nothing Miri could find.
#![cfg(not(miri))]
use std::path::PathBuf;

use pyobj_runtime::{Args, Obj, PyErr, PyResult, builtins, modules};

/// An int.
fn i(value: i64) -> Obj {
    Obj::from(value)
}

/// A float.
fn f(value: f64) -> Obj {
    Obj::from(value)
}

/// A str.
fn s(text: &str) -> Obj {
    Obj::from(text)
}

/// `None`.
fn none() -> Obj {
    Obj::none()
}

/// `True`/`False`.
fn b(value: bool) -> Obj {
    Obj::from(value)
}

/// The result of a row's computation (which uses `?` inside).
fn run(row: impl FnOnce() -> PyResult<Obj>) -> PyResult<Obj> {
    row()
}

/// `callable(*args, **keywords)`.
fn call(callable: &Obj, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    callable.call_with(&Args::new(args, keywords))
}

/// A scenario: its directory, its variables, and the rows that did not match.
struct Session {
    dir: PathBuf,
    dir_text: String,
    vars: Vec<(String, Obj)>,
    failures: Vec<String>,
}

impl Session {
    /// A fresh directory for the scenario `name` (unique to this process).
    fn new(name: &str) -> Session {
        let dir =
            std::env::temp_dir().join(format!("pyobj-builtin-open-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).expect("a fresh directory");
        let dir_text = dir
            .to_str()
            .expect("a UTF-8 temporary directory")
            .to_owned();
        Session {
            dir,
            dir_text,
            vars: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// `P(name)`: the path of `name` in the directory.
    fn path(&self, name: &str) -> Obj {
        Obj::from(format!("{}/{name}", self.dir_text))
    }

    /// `D()`: the directory.
    fn dir(&self) -> Obj {
        Obj::from(self.dir_text.as_str())
    }

    /// A variable of the scenario, or a builtin.
    fn get(&self, name: &str) -> PyResult<Obj> {
        if let Some((_, value)) = self.vars.iter().rev().find(|(known, _)| known == name) {
            return Ok(value.clone());
        }
        builtins::get(name).ok_or_else(|| PyErr::name_error(name))
    }

    /// `name = value` (nothing when the value is an error).
    fn set(&mut self, name: &str, value: &PyResult<Obj>) {
        if let Ok(value) = value {
            self.del(name);
            self.vars.push((name.to_owned(), value.clone()));
        }
    }

    /// `del name`: the object is freed if that was its last reference.
    fn del(&mut self, name: &str) {
        self.vars.retain(|(known, _)| known != name);
    }

    /// Compares the row's result, shown as CPython shows it, with CPython's text.
    fn check(&mut self, python: &str, result: PyResult<Obj>, expected: &str) {
        let shown = match result {
            Ok(obj) => match obj.repr() {
                Ok(text) => text,
                Err(error) => format!("!! repr() raised {error}"),
            },
            Err(error) => format!("!! {error}"),
        };
        let shown = shown.replace(&self.dir_text, "DIR");
        if shown != expected {
            self.failures.push(format!(
                "{python}\n    CPython: {expected}\n    pyobj:   {shown}"
            ));
        }
    }

    /// Fails the test if a row did not match.
    fn finish(&mut self) {
        self.vars.clear();
        assert!(
            self.failures.is_empty(),
            "{} mismatches:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

impl Drop for Session {
    /// Frees the scenario's objects (closing its files), then removes its directory.
    fn drop(&mut self) {
        self.vars.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A text file written, closed, then read back: sizes, positions, attributes.
#[test]
fn text_files_write_then_read() {
    let mut t = Session::new("text_files_write_then_read");
    let r = run(|| call(&t.get("open")?, &[t.path("a.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f"));
    t.check(
        r##"f"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("h\u{e9}llo\n")], &[]))
    });
    t.check(r##"f.write('héllo\n')"##, r, r##"6"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("w\u{f6}rld\n")], &[]))
    });
    t.check(r##"f.write('wörld\n')"##, r, r##"6"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("")], &[]))
    });
    t.check(r##"f.write('')"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"14"##);
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'w'"##);
    let r = run(|| t.get("f")?.getattr("encoding"));
    t.check(r##"f.encoding"##, r, r##"'UTF-8'"##);
    let r = run(|| t.get("f")?.getattr("errors"));
    t.check(r##"f.errors"##, r, r##"'strict'"##);
    let r = run(|| t.get("f")?.getattr("closed"));
    t.check(r##"f.closed"##, r, r##"False"##);
    let r = run(|| t.get("f")?.getattr("line_buffering"));
    t.check(r##"f.line_buffering"##, r, r##"False"##);
    let r = run(|| t.get("f")?.getattr("newlines"));
    t.check(r##"f.newlines"##, r, r##"None"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(r##"f.readable()"##, r, r##"False"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(r##"f.writable()"##, r, r##"True"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seekable", &Args::new(&[], &[]))
    });
    t.check(r##"f.seekable()"##, r, r##"True"##);
    let r = run(|| t.get("f")?.call_method_with("isatty", &Args::new(&[], &[])));
    t.check(r##"f.isatty()"##, r, r##"False"##);
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(r##"f.flush()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.getattr("closed"));
    t.check(r##"f.closed"##, r, r##"True"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f"));
    t.check(
        r##"f"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("a.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f"));
    t.check(
        r##"f"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'r'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(3)], &[]))
    });
    t.check(r##"f.read(3)"##, r, r##"'hél'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"4"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"'lo\n'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"7"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"'wörld\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"''"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"14"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"''"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[], &[]))
    });
    t.check(r##"f.readlines()"##, r, r##"['héllo\n', 'wörld\n']"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'héllo\nwörld\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.readline(2)"##, r, r##"'hé'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(-1)], &[]))
    });
    t.check(r##"f.readline(-1)"##, r, r##"'llo\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[none()], &[]))
    });
    t.check(r##"f.read(None)"##, r, r##"'wörld\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0), i(2)], &[]))
    });
    t.check(r##"f.seek(0, 2)"##, r, r##"14"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0), i(1)], &[]))
    });
    t.check(r##"f.seek(0, 1)"##, r, r##"14"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt"), s("rt")],
            &[("encoding", s("utf-8"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), 'rt', encoding='utf-8')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='rt' encoding='utf-8'>"##,
    );
    let r = run(|| t.get("f"));
    t.check(
        r##"f"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='rt' encoding='utf-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'héllo\nwörld\n'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt")],
            &[("encoding", s("latin-1"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), encoding='latin-1')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='r' encoding='latin-1'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'hÃ©llo\nwÃ¶rld\n'"##);
    let r = run(|| t.get("f")?.getattr("encoding"));
    t.check(r##"f.encoding"##, r, r##"'latin-1'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt")],
            &[("encoding", s("ascii"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), encoding='ascii')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='r' encoding='ascii'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"!! ValueError: 'ascii' codec can't decode byte 0xc3 in position 1: ordinal not in range(128)"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt")],
            &[("encoding", s("ascii")), ("errors", s("replace"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), encoding='ascii', errors='replace')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='r' encoding='ascii'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'h��llo\nw��rld\n'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt"), s("w")],
            &[("encoding", s("ascii"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), 'w', encoding='ascii')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='w' encoding='ascii'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("\u{e9}")], &[]))
    });
    t.check(r##"f.write('é')"##, r, r##"!! ValueError: 'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("abc")], &[]))
    });
    t.check(r##"f.write('abc')"##, r, r##"3"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("a.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('a.txt')).read()"##, r, r##"'abc'"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt"), s("w")],
            &[("encoding", s("latin-1"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), 'w', encoding='latin-1')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='w' encoding='latin-1'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("\u{e9}\u{20ac}")], &[]))
    });
    t.check(r##"f.write('é€')"##, r, r##"!! ValueError: 'latin-1' codec can't encode character '\u20ac' in position 1: ordinal not in range(256)"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("a.txt"), s("w")],
            &[("encoding", s("latin-1")), ("errors", s("replace"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('a.txt'), 'w', encoding='latin-1', errors='replace')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/a.txt' mode='w' encoding='latin-1'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("\u{e9}\u{20ac}")], &[]))
    });
    t.check(r##"f.write('é€')"##, r, r##"2"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("a.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('a.txt'), 'rb').read()"##, r, r##"b'\xe9?'"##);
    t.finish();
}

/// `a`, `x`, `r+`, `w+` and `a+`: where writes land, truncation, `truncate`.
#[test]
fn append_create_and_update_modes() {
    let mut t = Session::new("append_create_and_update_modes");
    let r = run(|| call(&t.get("open")?, &[t.path("b.txt"), s("a")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('b.txt'), 'a')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/b.txt' mode='a' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("one\n")], &[]))
    });
    t.check(r##"f.write('one\n')"##, r, r##"4"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("b.txt"), s("a")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('b.txt'), 'a')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/b.txt' mode='a' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"4"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("two\n")], &[]))
    });
    t.check(r##"f.write('two\n')"##, r, r##"4"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"8"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("three\n")], &[]))
    });
    t.check(r##"f.write('three\n')"##, r, r##"6"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("b.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(
        r##"open(P('b.txt')).read()"##,
        r,
        r##"'one\ntwo\nthree\n'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("b.txt"), s("x")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('b.txt'), 'x')"##,
        r,
        r##"!! FileExistsError: [Errno 17] File exists: 'DIR/b.txt'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("c.txt"), s("x")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('c.txt'), 'x')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/c.txt' mode='x' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'x'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("new")], &[]))
    });
    t.check(r##"f.write('new')"##, r, r##"3"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! io.UnsupportedOperation: not readable"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("c.txt"), s("r+")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('c.txt'), 'r+')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/c.txt' mode='r+' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'r+'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.read(1)"##, r, r##"'n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("Z")], &[]))
    });
    t.check(r##"f.write('Z')"##, r, r##"1"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"4"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'newZ'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.seek(1)"##, r, r##"1"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("Y")], &[]))
    });
    t.check(r##"f.write('Y')"##, r, r##"1"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'nYwZ'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.truncate(2)"##, r, r##"2"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"4"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'nY'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(r##"f.truncate()"##, r, r##"2"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("c.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('c.txt')).read()"##, r, r##"'nY'"##);
    let r = run(|| call(&t.get("open")?, &[t.path("c.txt"), s("w+")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('c.txt'), 'w+')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/c.txt' mode='w+' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"''"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("abc\ndef\n")], &[]))
    });
    t.check(r##"f.write('abc\ndef\n')"##, r, r##"8"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['abc\n', 'def\n']"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"8"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(10)], &[]))
    });
    t.check(r##"f.seek(10)"##, r, r##"10"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("!")], &[]))
    });
    t.check(r##"f.write('!')"##, r, r##"1"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'abc\ndef\n\x00\x00!'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("c.txt"), s("a+")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('c.txt'), 'a+')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/c.txt' mode='a+' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"11"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"''"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"'abc\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("+")], &[]))
    });
    t.check(r##"f.write('+')"##, r, r##"1"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'abc\ndef\n\x00\x00!+'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("c.txt"), s("r")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('c.txt'), 'r')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/c.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.truncate()"##,
        r,
        r##"!! io.UnsupportedOperation: truncate"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("c.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('c.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/c.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[i(5)], &[]))
    });
    t.check(r##"f.truncate(5)"##, r, r##"5"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(r##"f.truncate()"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("c.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('c.txt'), 'rb').read()"##, r, r##"b''"##);
    t.finish();
}

/// `for line in f`, `next(f)`, `readlines(hint)`, `writelines`, and `tell()` during a loop.
#[test]
fn iteration_over_lines() {
    let mut t = Session::new("iteration_over_lines");
    let r = run(|| call(&t.get("open")?, &[t.path("d.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('d.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/d.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?.call_method_with(
            "writelines",
            &Args::new(&[Obj::list([s("a\n"), s("b\n"), s("c")])], &[]),
        )
    });
    t.check(r##"f.writelines(['a\n', 'b\n', 'c'])"##, r, r##"None"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("writelines", &Args::new(&[Obj::tuple([s("d")])], &[]))
    });
    t.check(r##"f.writelines(('d',))"##, r, r##"None"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("writelines", &Args::new(&[Obj::list([i(1)])], &[]))
    });
    t.check(
        r##"f.writelines([1])"##,
        r,
        r##"!! TypeError: write() argument must be str, not int"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writelines", &Args::new(&[i(1)], &[]))
    });
    t.check(
        r##"f.writelines(1)"##,
        r,
        r##"!! TypeError: 'int' object is not iterable"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("d.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('d.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/d.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| call(&t.get("iter")?, &[t.get("f")?], &[]));
    t.check(
        r##"iter(f)"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/d.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(r##"next(f)"##, r, r##"'a\n'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(
        r##"f.tell()"##,
        r,
        r##"!! OSError: telling position disabled by next() call"##,
    );
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['b\n', 'cd']"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"6"##);
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(r##"next(f)"##, r, r##"!! StopIteration"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.readlines(2)"##, r, r##"['a\n', 'b\n']"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(
        r##"f.tell()"##,
        r,
        r##"!! OSError: telling position disabled by next() call"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.readlines(0)"##, r, r##"['a\n', 'b\n', 'cd']"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"6"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[i(-1)], &[]))
    });
    t.check(r##"f.readlines(-1)"##, r, r##"['a\n', 'b\n', 'cd']"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("d.txt"), s("rb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('d.txt'), 'rb')"##,
        r,
        r##"<_io.BufferedReader name='DIR/d.txt'>"##,
    );
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(r##"next(f)"##, r, r##"b'a\n'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"2"##);
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"[b'b\n', b'cd']"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[i(3)], &[]))
    });
    t.check(r##"f.readlines(3)"##, r, r##"[b'a\n', b'b\n']"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    t.finish();
}

/// `with open(...) as f:` as `__enter__`/`__exit__`: the file is closed on the way out; `print(file=f)` writes to it.
#[test]
fn with_enter_and_exit() {
    let mut t = Session::new("with_enter_and_exit");
    let r = run(|| call(&t.get("open")?, &[t.path("e.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('e.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/e.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("__enter__", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.__enter__()"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/e.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("inside\n")], &[]))
    });
    t.check(r##"f.write('inside\n')"##, r, r##"7"##);
    let r = run(|| call(&t.get("print")?, &[s("x"), i(1)], &[("file", t.get("f")?)]));
    t.check(r##"print('x', 1, file=f)"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("print")?,
            &[s("y")],
            &[("file", t.get("f")?), ("end", s("!"))],
        )
    });
    t.check(r##"print('y', file=f, end='!')"##, r, r##"None"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("__exit__", &Args::new(&[none(), none(), none()], &[]))
    });
    t.check(r##"f.__exit__(None, None, None)"##, r, r##"None"##);
    let r = run(|| t.get("f")?.getattr("closed"));
    t.check(r##"f.closed"##, r, r##"True"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("__enter__", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.__enter__()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("__exit__", &Args::new(&[none(), none(), none()], &[]))
    });
    t.check(r##"f.__exit__(None, None, None)"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("e.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('e.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/e.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("__enter__", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.__enter__()"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/e.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'inside\nx 1\ny!'"##);
    let r = run(|| {
        t.get("f")?.call_method_with(
            "__exit__",
            &Args::new(
                &[
                    t.get("ValueError")?,
                    call(&t.get("ValueError")?, &[s("boom")], &[])?,
                    none(),
                ],
                &[],
            ),
        )
    });
    t.check(
        r##"f.__exit__(ValueError, ValueError('boom'), None)"##,
        r,
        r##"None"##,
    );
    let r = run(|| t.get("f")?.getattr("closed"));
    t.check(r##"f.closed"##, r, r##"True"##);
    let r = run(|| call(&t.get("open")?, &[t.path("e.bin"), s("wb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('e.bin'), 'wb')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/e.bin'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("__enter__", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.__enter__()"##,
        r,
        r##"<_io.BufferedWriter name='DIR/e.bin'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"bin")], &[]))
    });
    t.check(r##"f.write(b'bin')"##, r, r##"3"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("__exit__", &Args::new(&[], &[]))
    });
    t.check(r##"f.__exit__()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.getattr("closed"));
    t.check(r##"f.closed"##, r, r##"True"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("e.bin"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('e.bin'), 'rb').read()"##, r, r##"b'bin'"##);
    t.finish();
}

/// `newline=None`, `''`, `'\n'`, `'\r'`, `'\r\n'` when reading and writing, and `newlines`.
#[test]
fn newline_modes() {
    let mut t = Session::new("newline_modes");
    let r = run(|| call(&t.get("open")?, &[t.path("n.txt"), s("wb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), 'wb')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/n.txt'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"a\r\nb\rc\nd")], &[]))
    });
    t.check(r##"f.write(b'a\r\nb\rc\nd')"##, r, r##"8"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("n.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.getattr("newlines"));
    t.check(r##"f.newlines"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'a\nb\nc\nd'"##);
    let r = run(|| t.get("f")?.getattr("newlines"));
    t.check(r##"f.newlines"##, r, r##"('\r', '\n', '\r\n')"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['a\n', 'b\n', 'c\n', 'd']"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.read(2)"##, r, r##"'a\n'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"3"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.readline(1)"##, r, r##"'b'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.readline(1)"##, r, r##"'\n'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("n.txt")], &[("newline", s(""))]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), newline='')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"'a\r\nb\rc\nd'"##);
    let r = run(|| t.get("f")?.getattr("newlines"));
    t.check(r##"f.newlines"##, r, r##"('\r', '\n', '\r\n')"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['a\r\n', 'b\r', 'c\n', 'd']"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.readline(2)"##, r, r##"'a\r'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.readline(2)"##, r, r##"'\n'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("n.txt")], &[("newline", s("\n"))]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), newline='\n')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['a\r\n', 'b\rc\n', 'd']"##);
    let r = run(|| t.get("f")?.getattr("newlines"));
    t.check(r##"f.newlines"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("n.txt")], &[("newline", s("\r"))]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), newline='\r')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['a\r', '\nb\r', 'c\nd']"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("n.txt")],
            &[("newline", s("\r\n"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), newline='\r\n')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"['a\r\n', 'b\rc\nd']"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("n.txt"), s("w")],
            &[("newline", none())],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), 'w', newline=None)"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("1\n2\r3\r\n")], &[]))
    });
    t.check(r##"f.write('1\n2\r3\r\n')"##, r, r##"7"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("n.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(
        r##"open(P('n.txt'), 'rb').read()"##,
        r,
        r##"b'1\n2\r3\r\n'"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("n.txt"), s("w")],
            &[("newline", s(""))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), 'w', newline='')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("1\n2\r3\r\n")], &[]))
    });
    t.check(r##"f.write('1\n2\r3\r\n')"##, r, r##"7"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("n.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(
        r##"open(P('n.txt'), 'rb').read()"##,
        r,
        r##"b'1\n2\r3\r\n'"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("n.txt"), s("w")],
            &[("newline", s("\r"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), 'w', newline='\r')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("1\n2\r3\r\n")], &[]))
    });
    t.check(r##"f.write('1\n2\r3\r\n')"##, r, r##"7"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("n.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(
        r##"open(P('n.txt'), 'rb').read()"##,
        r,
        r##"b'1\r2\r3\r\r'"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("n.txt"), s("w")],
            &[("newline", s("\r\n"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('n.txt'), 'w', newline='\r\n')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/n.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("1\n2\r3\r\n")], &[]))
    });
    t.check(r##"f.write('1\n2\r3\r\n')"##, r, r##"7"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("n.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(
        r##"open(P('n.txt'), 'rb').read()"##,
        r,
        r##"b'1\r\n2\r3\r\r\n'"##,
    );
    t.finish();
}

/// `rb`, `wb`, `ab`, `r+b` and `buffering=0`: bytes in and out, seeks from any end, the types and reprs.
#[test]
fn binary_files() {
    let mut t = Session::new("binary_files");
    let r = run(|| call(&t.get("open")?, &[t.path("g.bin"), s("wb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'wb')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/g.bin'>"##,
    );
    let r = run(|| t.get("f"));
    t.check(r##"f"##, r, r##"<_io.BufferedWriter name='DIR/g.bin'>"##);
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'wb'"##);
    let r = run(|| call(&t.get("type")?, &[t.get("f")?], &[]));
    t.check(r##"type(f)"##, r, r##"<class '_io.BufferedWriter'>"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"ab\ncd\n")], &[]))
    });
    t.check(r##"f.write(b'ab\ncd\n')"##, r, r##"6"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("str")], &[]))
    });
    t.check(
        r##"f.write('str')"##,
        r,
        r##"!! TypeError: a bytes-like object is required, not 'str'"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[i(5)], &[]))
    });
    t.check(
        r##"f.write(5)"##,
        r,
        r##"!! TypeError: a bytes-like object is required, not 'int'"##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"6"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"!! io.UnsupportedOperation: read"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readline()"##,
        r,
        r##"!! io.UnsupportedOperation: read"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(r##"f.readable()"##, r, r##"False"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(r##"f.writable()"##, r, r##"True"##);
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(r##"f.flush()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f"));
    t.check(r##"f"##, r, r##"<_io.BufferedWriter name='DIR/g.bin'>"##);
    let r = run(|| call(&t.get("open")?, &[t.path("g.bin"), s("rb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'rb')"##,
        r,
        r##"<_io.BufferedReader name='DIR/g.bin'>"##,
    );
    let r = run(|| t.get("f"));
    t.check(r##"f"##, r, r##"<_io.BufferedReader name='DIR/g.bin'>"##);
    let r = run(|| call(&t.get("type")?, &[t.get("f")?], &[]));
    t.check(r##"type(f)"##, r, r##"<class '_io.BufferedReader'>"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.read(2)"##, r, r##"b'ab'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"2"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"b'\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.readline(1)"##, r, r##"b'c'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"b'd\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"b''"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(-2), i(2)], &[]))
    });
    t.check(r##"f.seek(-2, 2)"##, r, r##"4"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b'd\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.seek(1)"##, r, r##"1"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(2), i(1)], &[]))
    });
    t.check(r##"f.seek(2, 1)"##, r, r##"3"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(-1), i(1)], &[]))
    });
    t.check(r##"f.seek(-1, 1)"##, r, r##"2"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(100)], &[]))
    });
    t.check(r##"f.read(100)"##, r, r##"b'\ncd\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(-1)], &[]))
    });
    t.check(r##"f.read(-1)"##, r, r##"b'ab\ncd\n'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| call(&t.get("list")?, &[t.get("f")?], &[]));
    t.check(r##"list(f)"##, r, r##"[b'ab\n', b'cd\n']"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(-1)], &[]))
    });
    t.check(
        r##"f.seek(-1)"##,
        r,
        r##"!! OSError: [Errno 22] Invalid argument"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[f(1.5)], &[]))
    });
    t.check(
        r##"f.seek(1.5)"##,
        r,
        r##"!! TypeError: 'float' object cannot be interpreted as an integer"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(-2)], &[]))
    });
    t.check(
        r##"f.read(-2)"##,
        r,
        r##"!! ValueError: read length must be non-negative or -1"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[s("a")], &[]))
    });
    t.check(
        r##"f.read('a')"##,
        r,
        r##"!! TypeError: argument should be integer or None, not 'str'"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"x")], &[]))
    });
    t.check(
        r##"f.write(b'x')"##,
        r,
        r##"!! io.UnsupportedOperation: write"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.truncate()"##,
        r,
        r##"!! io.UnsupportedOperation: truncate"##,
    );
    let r = run(|| t.get("f")?.getattr("encoding"));
    t.check(
        r##"f.encoding"##,
        r,
        r##"!! AttributeError: '_io.BufferedReader' object has no attribute 'encoding'"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("g.bin"), s("ab")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'ab')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/g.bin'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"6"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"ef")], &[]))
    });
    t.check(r##"f.write(b'ef')"##, r, r##"2"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"8"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("g.bin"), s("r+b")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'r+b')"##,
        r,
        r##"<_io.BufferedRandom name='DIR/g.bin'>"##,
    );
    let r = run(|| t.get("f"));
    t.check(r##"f"##, r, r##"<_io.BufferedRandom name='DIR/g.bin'>"##);
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'rb+'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.read(2)"##, r, r##"b'ab'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"XY")], &[]))
    });
    t.check(r##"f.write(b'XY')"##, r, r##"2"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"4"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b'abXYd\nef'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[i(3)], &[]))
    });
    t.check(r##"f.truncate(3)"##, r, r##"3"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b'abX'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("g.bin"), s("w+b")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'w+b')"##,
        r,
        r##"<_io.BufferedRandom name='DIR/g.bin'>"##,
    );
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'rb+'"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b''"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"fresh")], &[]))
    });
    t.check(r##"f.write(b'fresh')"##, r, r##"5"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b'fresh'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("g.bin"), s("rb")],
            &[("buffering", i(0))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'rb', buffering=0)"##,
        r,
        r##"<_io.FileIO name='DIR/g.bin' mode='rb' closefd=True>"##,
    );
    let r = run(|| t.get("f"));
    t.check(
        r##"f"##,
        r,
        r##"<_io.FileIO name='DIR/g.bin' mode='rb' closefd=True>"##,
    );
    let r = run(|| call(&t.get("type")?, &[t.get("f")?], &[]));
    t.check(r##"type(f)"##, r, r##"<class '_io.FileIO'>"##);
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'rb'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(3)], &[]))
    });
    t.check(r##"f.read(3)"##, r, r##"b'fre'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(r##"f.readline()"##, r, r##"b'sh'"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b''"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"x")], &[]))
    });
    t.check(
        r##"f.write(b'x')"##,
        r,
        r##"!! io.UnsupportedOperation: File not open for writing"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f"));
    t.check(r##"f"##, r, r##"<_io.FileIO [closed]>"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("g.bin"), s("ab")],
            &[("buffering", i(0))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('g.bin'), 'ab', buffering=0)"##,
        r,
        r##"<_io.FileIO name='DIR/g.bin' mode='ab' closefd=True>"##,
    );
    let r = run(|| t.get("f"));
    t.check(
        r##"f"##,
        r,
        r##"<_io.FileIO name='DIR/g.bin' mode='ab' closefd=True>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"raw")], &[]))
    });
    t.check(r##"f.write(b'raw')"##, r, r##"3"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! io.UnsupportedOperation: File not open for reading"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("g.bin"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('g.bin'), 'rb').read()"##, r, r##"b'freshraw'"##);
    t.finish();
}

/// Every operation on a closed text, buffered and raw file raises CPython's error for that layer.
#[test]
fn closed_files_raise_each_layers_error() {
    let mut t = Session::new("closed_files_raise_each_layers_error");
    let r = run(|| call(&t.get("open")?, &[t.path("h.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('h.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/h.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("a")], &[]))
    });
    t.check(
        r##"f.write('a')"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readline()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readlines()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writelines", &Args::new(&[Obj::list([])], &[]))
    });
    t.check(
        r##"f.writelines([])"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(
        r##"f.seek(0)"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(
        r##"f.tell()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(
        r##"f.flush()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.truncate()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("__enter__", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.__enter__()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| call(&t.get("iter")?, &[t.get("f")?], &[]));
    t.check(
        r##"iter(f)"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(
        r##"next(f)"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(r##"f.readable()"##, r, r##"False"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.writable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seekable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.seekable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("fileno", &Args::new(&[], &[])));
    t.check(
        r##"f.fileno()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("isatty", &Args::new(&[], &[])));
    t.check(
        r##"f.isatty()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| t.get("f")?.getattr("name"));
    t.check(r##"f.name"##, r, r##"'DIR/h.txt'"##);
    let r = run(|| t.get("f")?.getattr("mode"));
    t.check(r##"f.mode"##, r, r##"'w'"##);
    let r = run(|| t.get("f")?.getattr("encoding"));
    t.check(r##"f.encoding"##, r, r##"'UTF-8'"##);
    let r = run(|| call(&t.get("open")?, &[t.path("h.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('h.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/h.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(r##"f.writable()"##, r, r##"False"##);
    let r = run(|| call(&t.get("open")?, &[t.path("h.txt"), s("rb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('h.txt'), 'rb')"##,
        r,
        r##"<_io.BufferedReader name='DIR/h.txt'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! ValueError: read of closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readline()"##,
        r,
        r##"!! ValueError: readline of closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"a")], &[]))
    });
    t.check(
        r##"f.write(b'a')"##,
        r,
        r##"!! io.UnsupportedOperation: write"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(
        r##"f.seek(0)"##,
        r,
        r##"!! ValueError: seek of closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(
        r##"f.tell()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(
        r##"f.flush()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.truncate()"##,
        r,
        r##"!! ValueError: truncate of closed file"##,
    );
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(
        r##"next(f)"##,
        r,
        r##"!! ValueError: readline of closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(r##"f.writable()"##, r, r##"False"##);
    let r = run(|| call(&t.get("open")?, &[t.path("h.txt"), s("wb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('h.txt'), 'wb')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/h.txt'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"!! io.UnsupportedOperation: read"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"a")], &[]))
    });
    t.check(
        r##"f.write(b'a')"##,
        r,
        r##"!! ValueError: write to closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(
        r##"f.flush()"##,
        r,
        r##"!! ValueError: flush of closed file"##,
    );
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(r##"next(f)"##, r, r##"!! io.UnsupportedOperation: read"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(r##"f.readable()"##, r, r##"False"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.writable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("h.txt"), s("r+b")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('h.txt'), 'r+b')"##,
        r,
        r##"<_io.BufferedRandom name='DIR/h.txt'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"a")], &[]))
    });
    t.check(
        r##"f.write(b'a')"##,
        r,
        r##"!! ValueError: write to closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(
        r##"f.flush()"##,
        r,
        r##"!! ValueError: flush of closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.writable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("h.txt"), s("rb")],
            &[("buffering", i(0))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('h.txt'), 'rb', buffering=0)"##,
        r,
        r##"<_io.FileIO name='DIR/h.txt' mode='rb' closefd=True>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"a")], &[]))
    });
    t.check(
        r##"f.write(b'a')"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(
        r##"f.seek(0)"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(
        r##"f.flush()"##,
        r,
        r##"!! ValueError: I/O operation on closed file."##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writable", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.writable()"##,
        r,
        r##"!! ValueError: I/O operation on closed file"##,
    );
    t.finish();
}

/// Reading a file opened for writing and the reverse, bad arguments to the methods, seeks a text file cannot make.
#[test]
fn unsupported_operations_and_argument_errors() {
    let mut t = Session::new("unsupported_operations_and_argument_errors");
    let r = run(|| call(&t.get("open")?, &[t.path("u.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('u.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/u.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(
        r##"f.read()"##,
        r,
        r##"!! io.UnsupportedOperation: not readable"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(1)], &[]))
    });
    t.check(
        r##"f.read(1)"##,
        r,
        r##"!! io.UnsupportedOperation: not readable"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readline()"##,
        r,
        r##"!! io.UnsupportedOperation: not readable"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.readlines()"##,
        r,
        r##"!! io.UnsupportedOperation: not readable"##,
    );
    let r = run(|| call(&t.get("next")?, &[t.get("f")?], &[]));
    t.check(
        r##"next(f)"##,
        r,
        r##"!! io.UnsupportedOperation: not readable"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[i(5)], &[]))
    });
    t.check(
        r##"f.write(5)"##,
        r,
        r##"!! TypeError: write() argument must be str, not int"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"x")], &[]))
    });
    t.check(
        r##"f.write(b'x')"##,
        r,
        r##"!! TypeError: write() argument must be str, not bytes"##,
    );
    let r = run(|| t.get("f")?.call_method_with("write", &Args::new(&[], &[])));
    t.check(
        r##"f.write()"##,
        r,
        r##"!! TypeError: TextIOWrapper.write() takes exactly one argument (0 given)"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("a"), s("b")], &[]))
    });
    t.check(
        r##"f.write('a', 'b')"##,
        r,
        r##"!! TypeError: TextIOWrapper.write() takes exactly one argument (2 given)"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(1), i(2)], &[]))
    });
    t.check(
        r##"f.read(1, 2)"##,
        r,
        r##"!! TypeError: read expected at most 1 argument, got 2"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[], &[("size", i(1))]))
    });
    t.check(
        r##"f.read(size=1)"##,
        r,
        r##"!! TypeError: TextIOWrapper.read() takes no keyword arguments"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("tell", &Args::new(&[i(1)], &[]))
    });
    t.check(
        r##"f.tell(1)"##,
        r,
        r##"!! TypeError: TextIOWrapper.tell() takes no arguments (1 given)"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("close", &Args::new(&[i(1)], &[]))
    });
    t.check(
        r##"f.close(1)"##,
        r,
        r##"!! TypeError: TextIOWrapper.close() takes no arguments (1 given)"##,
    );
    let r = run(|| t.get("f")?.call_method_with("seek", &Args::new(&[], &[])));
    t.check(
        r##"f.seek()"##,
        r,
        r##"!! TypeError: seek expected at least 1 argument, got 0"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0), i(0), i(0)], &[]))
    });
    t.check(
        r##"f.seek(0, 0, 0)"##,
        r,
        r##"!! TypeError: seek expected at most 2 arguments, got 3"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[s("a")], &[]))
    });
    t.check(
        r##"f.seek('a')"##,
        r,
        r##"!! TypeError: '<' not supported between instances of 'str' and 'int'"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0), s("a")], &[]))
    });
    t.check(
        r##"f.seek(0, 'a')"##,
        r,
        r##"!! TypeError: 'str' object cannot be interpreted as an integer"##,
    );
    let r = run(|| t.get("f")?.getattr("foo"));
    t.check(
        r##"f.foo"##,
        r,
        r##"!! AttributeError: '_io.TextIOWrapper' object has no attribute 'foo'"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("u.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('u.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/u.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("a")], &[]))
    });
    t.check(
        r##"f.write('a')"##,
        r,
        r##"!! io.UnsupportedOperation: not writable"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("writelines", &Args::new(&[Obj::list([s("a")])], &[]))
    });
    t.check(
        r##"f.writelines(['a'])"##,
        r,
        r##"!! io.UnsupportedOperation: not writable"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("truncate", &Args::new(&[], &[]))
    });
    t.check(
        r##"f.truncate()"##,
        r,
        r##"!! io.UnsupportedOperation: truncate"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[s("x")], &[]))
    });
    t.check(
        r##"f.read('x')"##,
        r,
        r##"!! TypeError: argument should be integer or None, not 'str'"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[none()], &[]))
    });
    t.check(
        r##"f.readline(None)"##,
        r,
        r##"!! TypeError: 'NoneType' object cannot be interpreted as an integer"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readline", &Args::new(&[s("x")], &[]))
    });
    t.check(
        r##"f.readline('x')"##,
        r,
        r##"!! TypeError: 'str' object cannot be interpreted as an integer"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("readlines", &Args::new(&[s("a")], &[]))
    });
    t.check(
        r##"f.readlines('a')"##,
        r,
        r##"!! TypeError: argument should be integer or None, not 'str'"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(1), i(1)], &[]))
    });
    t.check(
        r##"f.seek(1, 1)"##,
        r,
        r##"!! io.UnsupportedOperation: can't do nonzero cur-relative seeks"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(1), i(2)], &[]))
    });
    t.check(
        r##"f.seek(1, 2)"##,
        r,
        r##"!! io.UnsupportedOperation: can't do nonzero end-relative seeks"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(-1)], &[]))
    });
    t.check(
        r##"f.seek(-1)"##,
        r,
        r##"!! ValueError: negative seek position -1"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0), i(3)], &[]))
    });
    t.check(
        r##"f.seek(0, 3)"##,
        r,
        r##"!! ValueError: invalid whence (3, should be 0, 1 or 2)"##,
    );
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    t.finish();
}

/// `open()`'s checks of its arguments and the OS's errors, with CPython's types and texts.
#[test]
fn open_argument_errors() {
    let mut t = Session::new("open_argument_errors");
    let r = run(|| call(&t.get("open")?, &[t.path("missing.txt")], &[]));
    t.check(
        r##"open(P('missing.txt'))"##,
        r,
        r##"!! FileNotFoundError: [Errno 2] No such file or directory: 'DIR/missing.txt'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("missing.txt"), s("rb")], &[]));
    t.check(
        r##"open(P('missing.txt'), 'rb')"##,
        r,
        r##"!! FileNotFoundError: [Errno 2] No such file or directory: 'DIR/missing.txt'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("missing.txt"), s("r+")], &[]));
    t.check(
        r##"open(P('missing.txt'), 'r+')"##,
        r,
        r##"!! FileNotFoundError: [Errno 2] No such file or directory: 'DIR/missing.txt'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("no/such/dir.txt"), s("w")], &[]));
    t.check(
        r##"open(P('no/such/dir.txt'), 'w')"##,
        r,
        r##"!! FileNotFoundError: [Errno 2] No such file or directory: 'DIR/no/such/dir.txt'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.dir()], &[]));
    t.check(
        r##"open(D())"##,
        r,
        r##"!! IsADirectoryError: [Errno 21] Is a directory: 'DIR'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.dir(), s("w")], &[]));
    t.check(
        r##"open(D(), 'w')"##,
        r,
        r##"!! IsADirectoryError: [Errno 21] Is a directory: 'DIR'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("z")], &[]));
    t.check(
        r##"open(P('o.txt'), 'z')"##,
        r,
        r##"!! ValueError: invalid mode: 'z'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("rw")], &[]));
    t.check(
        r##"open(P('o.txt'), 'rw')"##,
        r,
        r##"!! ValueError: must have exactly one of create/read/write/append mode"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("rr")], &[]));
    t.check(
        r##"open(P('o.txt'), 'rr')"##,
        r,
        r##"!! ValueError: invalid mode: 'rr'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("rtb")], &[]));
    t.check(
        r##"open(P('o.txt'), 'rtb')"##,
        r,
        r##"!! ValueError: can't have text and binary mode at once"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("U")], &[]));
    t.check(
        r##"open(P('o.txt'), 'U')"##,
        r,
        r##"!! ValueError: invalid mode: 'U'"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("")], &[]));
    t.check(r##"open(P('o.txt'), '')"##, r, r##"!! ValueError: Must have exactly one of create/read/write/append mode and at most one plus"##);
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), s("t")], &[]));
    t.check(r##"open(P('o.txt'), 't')"##, r, r##"!! ValueError: Must have exactly one of create/read/write/append mode and at most one plus"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("wb")],
            &[("encoding", s("utf-8"))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'wb', encoding='utf-8')"##,
        r,
        r##"!! ValueError: binary mode doesn't take an encoding argument"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("wb")],
            &[("errors", s("strict"))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'wb', errors='strict')"##,
        r,
        r##"!! ValueError: binary mode doesn't take an errors argument"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("wb")],
            &[("newline", s(""))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'wb', newline='')"##,
        r,
        r##"!! ValueError: binary mode doesn't take a newline argument"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("newline", s("x"))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', newline='x')"##,
        r,
        r##"!! ValueError: illegal newline value: x"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("newline", i(5))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', newline=5)"##,
        r,
        r##"!! TypeError: open() argument 'newline' must be str or None, not int"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("encoding", i(5))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', encoding=5)"##,
        r,
        r##"!! TypeError: open() argument 'encoding' must be str or None, not int"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("errors", i(5))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', errors=5)"##,
        r,
        r##"!! TypeError: open() argument 'errors' must be str or None, not int"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt"), i(5)], &[]));
    t.check(
        r##"open(P('o.txt'), 5)"##,
        r,
        r##"!! TypeError: open() argument 'mode' must be str, not int"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("buffering", i(0))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', buffering=0)"##,
        r,
        r##"!! ValueError: can't have unbuffered text I/O"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("buffering", s("a"))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', buffering='a')"##,
        r,
        r##"!! TypeError: 'str' object cannot be interpreted as an integer"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("closefd", b(false))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', closefd=False)"##,
        r,
        r##"!! ValueError: Cannot use closefd=False with file name"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("encoding", s("foo"))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'w', encoding='foo')"##,
        r,
        r##"!! LookupError: unknown encoding: foo"##,
    );
    let r = run(|| {
        call(&t.get("open")?, &[t.path("o.txt"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('o.txt'), 'rb').read()"##, r, r##"b''"##);
    let r = run(|| call(&t.get("open")?, &[Obj::list([s("x")])], &[]));
    t.check(
        r##"open(['x'])"##,
        r,
        r##"!! TypeError: expected str, bytes or os.PathLike object, not list"##,
    );
    let r = run(|| call(&t.get("open")?, &[none()], &[]));
    t.check(
        r##"open(None)"##,
        r,
        r##"!! TypeError: expected str, bytes or os.PathLike object, not NoneType"##,
    );
    let r = run(|| call(&t.get("open")?, &[f(1.5)], &[]));
    t.check(
        r##"open(1.5)"##,
        r,
        r##"!! TypeError: expected str, bytes or os.PathLike object, not float"##,
    );
    let r = run(|| call(&t.get("open")?, &[], &[]));
    t.check(
        r##"open()"##,
        r,
        r##"!! TypeError: open() missing required argument 'file' (pos 1)"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[
                t.path("o.txt"),
                s("r"),
                i(-1),
                none(),
                none(),
                none(),
                b(true),
                none(),
                i(7),
            ],
            &[],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'r', -1, None, None, None, True, None, 7)"##,
        r,
        r##"!! TypeError: open() takes at most 8 arguments (9 given)"##,
    );
    let r = run(|| call(&t.get("open")?, &[t.path("o.txt")], &[("foo", i(1))]));
    t.check(
        r##"open(P('o.txt'), foo=1)"##,
        r,
        r##"!! TypeError: 'foo' is an invalid keyword argument for open()"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("r")],
            &[("mode", s("r"))],
        )
    });
    t.check(
        r##"open(P('o.txt'), 'r', mode='r')"##,
        r,
        r##"!! TypeError: argument for open() given by name ('mode') and position (2)"##,
    );
    let r = run(|| call(&t.get("open")?, &[s("a\u{0}b")], &[]));
    t.check(
        r##"open('a\x00b')"##,
        r,
        r##"!! ValueError: embedded null byte"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt"), s("w")],
            &[("buffering", i(1))],
        )?
        .getattr("line_buffering")
    });
    t.check(
        r##"open(P('o.txt'), 'w', buffering=1).line_buffering"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("o.txt")],
            &[("encoding", s("locale"))],
        )?
        .getattr("encoding")
    });
    t.check(
        r##"open(P('o.txt'), encoding='locale').encoding"##,
        r,
        r##"'UTF-8'"##,
    );
    let r = run(|| {
        call(
            &t.get("open")?,
            &[],
            &[("file", t.path("o.txt")), ("mode", s("rb"))],
        )?
        .getattr("mode")
    });
    t.check(r##"open(file=P('o.txt'), mode='rb').mode"##, r, r##"'rb'"##);
    t.finish();
}

/// Writes wait in the buffer until `flush()`, `close()`, or the file object is freed.
#[test]
fn a_file_freed_while_open_is_flushed() {
    let mut t = Session::new("a_file_freed_while_open_is_flushed");
    let r = run(|| call(&t.get("open")?, &[t.path("w.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('w.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/w.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("pending")], &[]))
    });
    t.check(r##"f.write('pending')"##, r, r##"7"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("w.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('w.txt')).read()"##, r, r##"''"##);
    let r = run(|| t.get("f")?.call_method_with("flush", &Args::new(&[], &[])));
    t.check(r##"f.flush()"##, r, r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("w.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('w.txt')).read()"##, r, r##"'pending'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s(" more")], &[]))
    });
    t.check(r##"f.write(' more')"##, r, r##"5"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("w.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('w.txt')).read()"##, r, r##"'pending'"##);
    t.del("f");
    t.check(r##"del f"##, Ok(none()), r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("w.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('w.txt')).read()"##, r, r##"'pending more'"##);
    let r = run(|| call(&t.get("open")?, &[t.path("w.bin"), s("wb")], &[]));
    t.set("g", &r);
    t.check(
        r##"g = open(P('w.bin'), 'wb')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/w.bin'>"##,
    );
    let r = run(|| {
        t.get("g")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"bytes")], &[]))
    });
    t.check(r##"g.write(b'bytes')"##, r, r##"5"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("w.bin"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('w.bin'), 'rb').read()"##, r, r##"b''"##);
    t.del("g");
    t.check(r##"del g"##, Ok(none()), r##"None"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("w.bin"), s("rb")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('w.bin'), 'rb').read()"##, r, r##"b'bytes'"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("l.txt"), s("w")],
            &[("buffering", i(1))],
        )
    });
    t.set("h", &r);
    t.check(
        r##"h = open(P('l.txt'), 'w', buffering=1)"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/l.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("h")?
            .call_method_with("write", &Args::new(&[s("no newline")], &[]))
    });
    t.check(r##"h.write('no newline')"##, r, r##"10"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("l.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(r##"open(P('l.txt')).read()"##, r, r##"''"##);
    let r = run(|| {
        t.get("h")?
            .call_method_with("write", &Args::new(&[s(" then one\n")], &[]))
    });
    t.check(r##"h.write(' then one\n')"##, r, r##"10"##);
    let r = run(|| {
        call(&t.get("open")?, &[t.path("l.txt")], &[])?
            .call_method_with("read", &Args::new(&[], &[]))
    });
    t.check(
        r##"open(P('l.txt')).read()"##,
        r,
        r##"'no newline then one\n'"##,
    );
    let r = run(|| t.get("h")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"h.close()"##, r, r##"None"##);
    t.finish();
}

/// `io.open`, the file types in `io`, `io.UnsupportedOperation`, and the `OSError` family's constructor, attributes and texts.
#[test]
fn io_module_and_the_oserror_family() {
    let mut t = Session::new("io_module_and_the_oserror_family");
    let r = run(|| modules::import("io")?.getattr("open"));
    t.check(
        r##"__import__('io').open"##,
        r,
        r##"<built-in function open>"##,
    );
    let r = run(|| t.get("open"));
    t.check(r##"open"##, r, r##"<built-in function open>"##);
    let r = run(|| {
        call(
            &t.get("isinstance")?,
            &[
                call(&t.get("open")?, &[t.path("i.txt"), s("w")], &[])?,
                modules::import("io")?.getattr("TextIOWrapper")?,
            ],
            &[],
        )
    });
    t.check(
        r##"isinstance(open(P('i.txt'), 'w'), __import__('io').TextIOWrapper)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("isinstance")?,
            &[
                call(&t.get("open")?, &[t.path("i.txt"), s("rb")], &[])?,
                modules::import("io")?.getattr("BufferedReader")?,
            ],
            &[],
        )
    });
    t.check(
        r##"isinstance(open(P('i.txt'), 'rb'), __import__('io').BufferedReader)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("isinstance")?,
            &[
                call(&t.get("open")?, &[t.path("i.txt"), s("wb")], &[])?,
                modules::import("io")?.getattr("BufferedWriter")?,
            ],
            &[],
        )
    });
    t.check(
        r##"isinstance(open(P('i.txt'), 'wb'), __import__('io').BufferedWriter)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("isinstance")?,
            &[
                call(&t.get("open")?, &[t.path("i.txt"), s("r+b")], &[])?,
                modules::import("io")?.getattr("BufferedRandom")?,
            ],
            &[],
        )
    });
    t.check(
        r##"isinstance(open(P('i.txt'), 'r+b'), __import__('io').BufferedRandom)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("isinstance")?,
            &[
                call(
                    &t.get("open")?,
                    &[t.path("i.txt"), s("rb")],
                    &[("buffering", i(0))],
                )?,
                modules::import("io")?.getattr("FileIO")?,
            ],
            &[],
        )
    });
    t.check(
        r##"isinstance(open(P('i.txt'), 'rb', buffering=0), __import__('io').FileIO)"##,
        r,
        r##"True"##,
    );
    let r = run(|| modules::import("io")?.getattr("TextIOWrapper"));
    t.check(
        r##"__import__('io').TextIOWrapper"##,
        r,
        r##"<class '_io.TextIOWrapper'>"##,
    );
    let r = run(|| modules::import("io")?.getattr("UnsupportedOperation"));
    t.check(
        r##"__import__('io').UnsupportedOperation"##,
        r,
        r##"<class 'io.UnsupportedOperation'>"##,
    );
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[
                modules::import("io")?.getattr("UnsupportedOperation")?,
                t.get("OSError")?,
            ],
            &[],
        )
    });
    t.check(
        r##"issubclass(__import__('io').UnsupportedOperation, OSError)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[
                modules::import("io")?.getattr("UnsupportedOperation")?,
                t.get("ValueError")?,
            ],
            &[],
        )
    });
    t.check(
        r##"issubclass(__import__('io').UnsupportedOperation, ValueError)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[t.get("FileNotFoundError")?, t.get("OSError")?],
            &[],
        )
    });
    t.check(
        r##"issubclass(FileNotFoundError, OSError)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[t.get("FileExistsError")?, t.get("OSError")?],
            &[],
        )
    });
    t.check(r##"issubclass(FileExistsError, OSError)"##, r, r##"True"##);
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[t.get("PermissionError")?, t.get("OSError")?],
            &[],
        )
    });
    t.check(r##"issubclass(PermissionError, OSError)"##, r, r##"True"##);
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[t.get("IsADirectoryError")?, t.get("OSError")?],
            &[],
        )
    });
    t.check(
        r##"issubclass(IsADirectoryError, OSError)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[t.get("NotADirectoryError")?, t.get("OSError")?],
            &[],
        )
    });
    t.check(
        r##"issubclass(NotADirectoryError, OSError)"##,
        r,
        r##"True"##,
    );
    let r = run(|| {
        call(
            &t.get("issubclass")?,
            &[t.get("OSError")?, t.get("Exception")?],
            &[],
        )
    });
    t.check(r##"issubclass(OSError, Exception)"##, r, r##"True"##);
    let r = run(|| t.get("IOError"));
    t.check(r##"IOError"##, r, r##"<class 'OSError'>"##);
    let r = run(|| t.get("EnvironmentError"));
    t.check(r##"EnvironmentError"##, r, r##"<class 'OSError'>"##);
    let r = run(|| {
        modules::import("io")?.call_method_with("UnsupportedOperation", &Args::new(&[s("x")], &[]))
    });
    t.check(
        r##"__import__('io').UnsupportedOperation('x')"##,
        r,
        r##"UnsupportedOperation('x')"##,
    );
    let r = run(|| call(&t.get("OSError")?, &[], &[]));
    t.check(r##"OSError()"##, r, r##"OSError()"##);
    let r = run(|| call(&t.get("OSError")?, &[i(1)], &[]));
    t.check(r##"OSError(1)"##, r, r##"OSError(1)"##);
    let r = run(|| call(&t.get("OSError")?, &[i(2), s("x")], &[]));
    t.check(r##"OSError(2, 'x')"##, r, r##"FileNotFoundError(2, 'x')"##);
    let r = run(|| call(&t.get("OSError")?, &[i(2), s("x"), s("f")], &[]));
    t.check(
        r##"OSError(2, 'x', 'f')"##,
        r,
        r##"FileNotFoundError(2, 'x')"##,
    );
    let r = run(|| call(&t.get("OSError")?, &[i(2), s("x"), none()], &[]));
    t.check(
        r##"OSError(2, 'x', None)"##,
        r,
        r##"FileNotFoundError(2, 'x', None)"##,
    );
    let r = run(|| {
        call(
            &t.get("OSError")?,
            &[i(2), s("x"), s("f"), none(), s("g")],
            &[],
        )
    });
    t.check(
        r##"OSError(2, 'x', 'f', None, 'g')"##,
        r,
        r##"FileNotFoundError(2, 'x')"##,
    );
    let r = run(|| {
        call(
            &t.get("OSError")?,
            &[i(2), s("x"), none(), none(), s("g")],
            &[],
        )
    });
    t.check(
        r##"OSError(2, 'x', None, None, 'g')"##,
        r,
        r##"FileNotFoundError(2, 'x', None, None, 'g')"##,
    );
    let r = run(|| call(&t.get("OSError")?, &[s("a"), s("b")], &[]));
    t.check(r##"OSError('a', 'b')"##, r, r##"OSError('a', 'b')"##);
    let r = run(|| {
        call(
            &t.get("OSError")?,
            &[i(1), i(2), i(3), i(4), i(5), i(6)],
            &[],
        )
    });
    t.check(
        r##"OSError(1, 2, 3, 4, 5, 6)"##,
        r,
        r##"OSError(1, 2, 3, 4, 5, 6)"##,
    );
    let r = run(|| call(&t.get("OSError")?, &[i(17), s("e")], &[]));
    t.check(r##"OSError(17, 'e')"##, r, r##"FileExistsError(17, 'e')"##);
    let r = run(|| call(&t.get("OSError")?, &[i(13), s("p")], &[]));
    t.check(r##"OSError(13, 'p')"##, r, r##"PermissionError(13, 'p')"##);
    let r = run(|| call(&t.get("OSError")?, &[i(1), s("p")], &[]));
    t.check(r##"OSError(1, 'p')"##, r, r##"PermissionError(1, 'p')"##);
    let r = run(|| call(&t.get("OSError")?, &[i(21), s("d")], &[]));
    t.check(
        r##"OSError(21, 'd')"##,
        r,
        r##"IsADirectoryError(21, 'd')"##,
    );
    let r = run(|| call(&t.get("OSError")?, &[i(20), s("nd")], &[]));
    t.check(
        r##"OSError(20, 'nd')"##,
        r,
        r##"NotADirectoryError(20, 'nd')"##,
    );
    let r = run(|| call(&t.get("OSError")?, &[b(true), s("x")], &[]));
    t.check(
        r##"OSError(True, 'x')"##,
        r,
        r##"PermissionError(True, 'x')"##,
    );
    let r = run(|| {
        call(
            &t.get("OSError")?,
            &[Obj::from(99999999999999999999i128), s("x")],
            &[],
        )
    });
    t.check(
        r##"OSError(99999999999999999999, 'x')"##,
        r,
        r##"OSError(99999999999999999999, 'x')"##,
    );
    let r = run(|| call(&t.get("FileNotFoundError")?, &[i(17), s("x"), s("f")], &[]));
    t.check(
        r##"FileNotFoundError(17, 'x', 'f')"##,
        r,
        r##"FileNotFoundError(17, 'x')"##,
    );
    let r = run(|| call(&t.get("str")?, &[call(&t.get("OSError")?, &[], &[])?], &[]));
    t.check(r##"str(OSError())"##, r, r##"''"##);
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(&t.get("OSError")?, &[i(1)], &[])?],
            &[],
        )
    });
    t.check(r##"str(OSError(1))"##, r, r##"'1'"##);
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(&t.get("OSError")?, &[i(2), s("x")], &[])?],
            &[],
        )
    });
    t.check(r##"str(OSError(2, 'x'))"##, r, r##"'[Errno 2] x'"##);
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(&t.get("OSError")?, &[i(2), s("x"), s("f")], &[])?],
            &[],
        )
    });
    t.check(
        r##"str(OSError(2, 'x', 'f'))"##,
        r,
        r##""[Errno 2] x: 'f'""##,
    );
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(&t.get("OSError")?, &[i(2), s("x"), none()], &[])?],
            &[],
        )
    });
    t.check(r##"str(OSError(2, 'x', None))"##, r, r##"'[Errno 2] x'"##);
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(
                &t.get("OSError")?,
                &[i(2), s("x"), s("f"), none(), s("g")],
                &[],
            )?],
            &[],
        )
    });
    t.check(
        r##"str(OSError(2, 'x', 'f', None, 'g'))"##,
        r,
        r##""[Errno 2] x: 'f' -> 'g'""##,
    );
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(&t.get("OSError")?, &[s("a"), s("b"), s("c")], &[])?],
            &[],
        )
    });
    t.check(
        r##"str(OSError('a', 'b', 'c'))"##,
        r,
        r##""[Errno a] b: 'c'""##,
    );
    let r = run(|| {
        call(
            &t.get("str")?,
            &[call(
                &t.get("OSError")?,
                &[i(1), i(2), i(3), i(4), i(5), i(6)],
                &[],
            )?],
            &[],
        )
    });
    t.check(
        r##"str(OSError(1, 2, 3, 4, 5, 6))"##,
        r,
        r##"'(1, 2, 3, 4, 5, 6)'"##,
    );
    let r = run(|| {
        call(
            &t.get("OSError")?,
            &[i(2), s("x"), s("f"), none(), s("g")],
            &[],
        )
    });
    t.set("e", &r);
    t.check(
        r##"e = OSError(2, 'x', 'f', None, 'g')"##,
        r,
        r##"FileNotFoundError(2, 'x')"##,
    );
    let r = run(|| t.get("e")?.getattr("args"));
    t.check(r##"e.args"##, r, r##"(2, 'x')"##);
    let r = run(|| t.get("e")?.getattr("errno"));
    t.check(r##"e.errno"##, r, r##"2"##);
    let r = run(|| t.get("e")?.getattr("strerror"));
    t.check(r##"e.strerror"##, r, r##"'x'"##);
    let r = run(|| t.get("e")?.getattr("filename"));
    t.check(r##"e.filename"##, r, r##"'f'"##);
    let r = run(|| t.get("e")?.getattr("filename2"));
    t.check(r##"e.filename2"##, r, r##"'g'"##);
    let r = run(|| call(&t.get("OSError")?, &[i(1)], &[]));
    t.set("e", &r);
    t.check(r##"e = OSError(1)"##, r, r##"OSError(1)"##);
    let r = run(|| t.get("e")?.getattr("args"));
    t.check(r##"e.args"##, r, r##"(1,)"##);
    let r = run(|| t.get("e")?.getattr("errno"));
    t.check(r##"e.errno"##, r, r##"None"##);
    let r = run(|| t.get("e")?.getattr("strerror"));
    t.check(r##"e.strerror"##, r, r##"None"##);
    let r = run(|| t.get("e")?.getattr("filename"));
    t.check(r##"e.filename"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("FileNotFoundError")?,
            &[i(2), s("No such file or directory"), s("x")],
            &[],
        )
    });
    t.set("e", &r);
    t.check(
        r##"e = FileNotFoundError(2, 'No such file or directory', 'x')"##,
        r,
        r##"FileNotFoundError(2, 'No such file or directory')"##,
    );
    let r = run(|| call(&t.get("str")?, &[t.get("e")?], &[]));
    t.check(
        r##"str(e)"##,
        r,
        r##""[Errno 2] No such file or directory: 'x'""##,
    );
    let r = run(|| t.get("e")?.getattr("filename"));
    t.check(r##"e.filename"##, r, r##"'x'"##);
    let r = run(|| call(&t.get("OSError")?, &[i(2), s("x")], &[("filename", s("f"))]));
    t.check(
        r##"OSError(2, 'x', filename='f')"##,
        r,
        r##"!! TypeError: OSError() takes no keyword arguments"##,
    );
    t.finish();
}

/// Files larger than a read chunk (8 KiB): characters cut between chunks, lines across them, positions.
#[test]
fn large_files_read_in_chunks() {
    let mut t = Session::new("large_files_read_in_chunks");
    let r = run(|| call(&t.get("open")?, &[t.path("big.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/big.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?.call_method_with(
            "write",
            &Args::new(&[s("\u{e9}").mul(&i(5000))?.add(&s("\n"))?], &[]),
        )
    });
    t.check(r##"f.write('é' * 5000 + '\n')"##, r, r##"5001"##);
    let r = run(|| {
        t.get("f")?.call_method_with(
            "write",
            &Args::new(&[s("ab").mul(&i(5000))?.add(&s("\r\n"))?], &[]),
        )
    });
    t.check(r##"f.write('ab' * 5000 + '\r\n')"##, r, r##"10002"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("x\r").mul(&i(3000))?], &[]))
    });
    t.check(r##"f.write('x\r' * 3000)"##, r, r##"6000"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"26003"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("big.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/big.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("readline", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.readline())"##, r, r##"5001"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"10001"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("readline", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.readline())"##, r, r##"10001"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"20003"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("read", &Args::new(&[i(4000)], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read(4000))"##, r, r##"4000"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(3)], &[]))
    });
    t.check(r##"f.read(3)"##, r, r##"'x\nx'"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?.call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read())"##, r, r##"1997"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(10000)], &[]))
    });
    t.check(r##"f.seek(10000)"##, r, r##"10000"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("readline", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.readline())"##, r, r##"1"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?.call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read())"##, r, r##"21002"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[call(&t.get("list")?, &[t.get("f")?], &[])?],
            &[],
        )
    });
    t.check(r##"len(list(f))"##, r, r##"3002"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("big.txt")], &[("newline", s(""))]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.txt'), newline='')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/big.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        call(
            &t.get("len")?,
            &[call(&t.get("list")?, &[t.get("f")?], &[])?],
            &[],
        )
    });
    t.check(r##"len(list(f))"##, r, r##"3002"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("big.txt"), s("rb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.txt'), 'rb')"##,
        r,
        r##"<_io.BufferedReader name='DIR/big.txt'>"##,
    );
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("read", &Args::new(&[i(10000)], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read(10000))"##, r, r##"10000"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("readline", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.readline())"##, r, r##"1"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"10001"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?.call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read())"##, r, r##"16002"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("big.bin"), s("wb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.bin'), 'wb')"##,
        r,
        r##"<_io.BufferedWriter name='DIR/big.bin'>"##,
    );
    let r = run(|| {
        t.get("f")?.call_method_with(
            "write",
            &Args::new(&[Obj::bytes(b"z").mul(&i(10000))?], &[]),
        )
    });
    t.check(r##"f.write(b'z' * 10000)"##, r, r##"10000"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[call(&t.get("open")?, &[t.path("big.bin"), s("rb")], &[])?
                .call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(open(P('big.bin'), 'rb').read())"##, r, r##"10000"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[Obj::bytes(b"!")], &[]))
    });
    t.check(r##"f.write(b'!')"##, r, r##"1"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[call(&t.get("open")?, &[t.path("big.bin"), s("rb")], &[])?
                .call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(open(P('big.bin'), 'rb').read())"##, r, r##"10001"##);
    let r = run(|| call(&t.get("open")?, &[t.path("big.txt"), s("r+")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.txt'), 'r+')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/big.txt' mode='r+' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(1)], &[]))
    });
    t.check(r##"f.read(1)"##, r, r##"'é'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("write", &Args::new(&[s("W")], &[]))
    });
    t.check(r##"f.write('W')"##, r, r##"1"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"8193"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("big.txt"), s("rb")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('big.txt'), 'rb')"##,
        r,
        r##"<_io.BufferedReader name='DIR/big.txt'>"##,
    );
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(8192)], &[]))
    });
    t.check(r##"f.seek(8192)"##, r, r##"8192"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.read(2)"##, r, r##"b'W\xa9'"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(-3), i(2)], &[]))
    });
    t.check(r##"f.seek(-3, 2)"##, r, r##"26000"##);
    let r = run(|| t.get("f")?.call_method_with("read", &Args::new(&[], &[])));
    t.check(r##"f.read()"##, r, r##"b'\rx\r'"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("cut.txt"), s("w")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('cut.txt'), 'w')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/cut.txt' mode='w' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        t.get("f")?.call_method_with(
            "write",
            &Args::new(
                &[s("a").add(&s("\u{e9}").mul(&i(5000))?)?.add(&s("z"))?],
                &[],
            ),
        )
    });
    t.check(r##"f.write('a' + 'é' * 5000 + 'z')"##, r, r##"5002"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| call(&t.get("open")?, &[t.path("cut.txt")], &[]));
    t.set("f", &r);
    t.check(
        r##"f = open(P('cut.txt'))"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/cut.txt' mode='r' encoding='UTF-8'>"##,
    );
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?.call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read())"##, r, r##"5002"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("read", &Args::new(&[i(4097)], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read(4097))"##, r, r##"4097"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"8193"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("read", &Args::new(&[i(2)], &[]))
    });
    t.check(r##"f.read(2)"##, r, r##"'éé'"##);
    let r = run(|| t.get("f")?.call_method_with("tell", &Args::new(&[], &[])));
    t.check(r##"f.tell()"##, r, r##"8197"##);
    let r = run(|| {
        t.get("f")?
            .call_method_with("seek", &Args::new(&[i(0)], &[]))
    });
    t.check(r##"f.seek(0)"##, r, r##"0"##);
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?
                .call_method_with("readline", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.readline())"##, r, r##"5002"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    let r = run(|| {
        call(
            &t.get("open")?,
            &[t.path("cut.txt")],
            &[("encoding", s("latin-1"))],
        )
    });
    t.set("f", &r);
    t.check(
        r##"f = open(P('cut.txt'), encoding='latin-1')"##,
        r,
        r##"<_io.TextIOWrapper name='DIR/cut.txt' mode='r' encoding='latin-1'>"##,
    );
    let r = run(|| {
        call(
            &t.get("len")?,
            &[t.get("f")?.call_method_with("read", &Args::new(&[], &[]))?],
            &[],
        )
    });
    t.check(r##"len(f.read())"##, r, r##"10002"##);
    let r = run(|| t.get("f")?.call_method_with("close", &Args::new(&[], &[])));
    t.check(r##"f.close()"##, r, r##"None"##);
    t.finish();
}
