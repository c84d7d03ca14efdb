//! `import io` against CPython 3.11: `io.StringIO`'s reading, writing, seeking and
//! truncating, its newline modes, iteration, closing, the context manager protocol,
//! `print(..., file=f)`, and CPython's error texts.
//!
//! Every expected value is the `repr` (or the error) CPython 3.11.7 gives for the same
//! calls, pinned here.

use pyobj_runtime::{Args, Obj, PyResult, builtins, gc, modules};

/// `io.StringIO(*args, **keywords)`.
fn stringio_with(args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    modules::import("io")?
        .getattr("StringIO")?
        .call_with(&Args::new(args, keywords))
}

/// `io.StringIO(text)`.
fn stringio(text: &str) -> Obj {
    stringio_with(&[Obj::from(text)], &[]).unwrap()
}

fn s(text: &str) -> Obj {
    Obj::from(text)
}

fn i(value: i64) -> Obj {
    Obj::from(value)
}

/// The repr of a result, or its error as Python prints its last line.
fn show(result: PyResult<Obj>) -> String {
    match result {
        Ok(value) => value.repr().unwrap(),
        Err(error) => error.to_string(),
    }
}

/// `f.name(*args)`, shown.
fn m(f: &Obj, name: &str, args: &[Obj]) -> String {
    show(f.call_method(name, args))
}

/// `f.name(*args, **keywords)`, shown.
fn mk(f: &Obj, name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> String {
    show(f.call_method_with(name, &Args::new(args, keywords)))
}

/// `f.name`, shown.
fn attr(f: &Obj, name: &str) -> String {
    show(f.getattr(name))
}

#[test]
fn reading_moves_the_position() {
    let f = stringio("hello\nworld\n");
    let got = [
        m(&f, "read", &[i(3)]),
        m(&f, "tell", &[]),
        m(&f, "readline", &[]),
        m(&f, "readline", &[]),
        m(&f, "readline", &[]),
        m(&f, "tell", &[]),
    ];
    assert_eq!(got, ["'hel'", "3", "'lo\\n'", "'world\\n'", "''", "12"]);
    let f = stringio("hello\nworld\n");
    assert_eq!(m(&f, "read", &[i(-1)]), "'hello\\nworld\\n'");
    m(&f, "seek", &[i(0)]);
    assert_eq!(m(&f, "read", &[Obj::none()]), "'hello\\nworld\\n'");
    m(&f, "seek", &[i(0)]);
    assert_eq!(m(&f, "read", &[i(0)]), "''");
    assert_eq!(m(&f, "readline", &[i(3)]), "'hel'");
    assert_eq!(m(&f, "readline", &[i(-1)]), "'lo\\n'");
}

#[test]
fn writing_overwrites_and_pads_past_the_end() {
    let f = stringio("hello\nworld\n");
    let got = [
        m(&f, "write", &[s("HE")]),
        m(&f, "getvalue", &[]),
        m(&f, "tell", &[]),
        m(&f, "read", &[]),
        m(&f, "seek", &[i(20)]),
        m(&f, "write", &[s("!")]),
        m(&f, "getvalue", &[]),
        m(&f, "tell", &[]),
    ];
    assert_eq!(
        got,
        [
            "2",
            "'HEllo\\nworld\\n'",
            "2",
            "'llo\\nworld\\n'",
            "20",
            "1",
            "'HEllo\\nworld\\n\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00!'",
            "21",
        ]
    );
    // Writing an empty str past the end pads nothing.
    let f = stringio("ab");
    m(&f, "seek", &[i(5)]);
    assert_eq!(m(&f, "write", &[s("")]), "0");
    assert_eq!(m(&f, "getvalue", &[]), "'ab'");
}

#[test]
fn truncate_keeps_the_position() {
    let f = stringio("abcdef");
    let got = [
        m(&f, "seek", &[i(4)]),
        m(&f, "truncate", &[]),
        m(&f, "getvalue", &[]),
        m(&f, "tell", &[]),
        m(&f, "truncate", &[i(2)]),
        m(&f, "getvalue", &[]),
        m(&f, "tell", &[]),
        m(&f, "read", &[]),
        m(&f, "truncate", &[i(10)]),
        m(&f, "write", &[s("Z")]),
        m(&f, "getvalue", &[]),
    ];
    assert_eq!(
        got,
        [
            "4",
            "4",
            "'abcd'",
            "4",
            "2",
            "'ab'",
            "4",
            "''",
            "10",
            "1",
            "'ab\\x00\\x00Z'"
        ]
    );
}

#[test]
fn lines_readlines_and_iteration() {
    let f = stringio("a\nbb\nccc\n");
    let got = [
        m(&f, "readlines", &[]),
        m(&f, "seek", &[i(0)]),
        m(&f, "readlines", &[i(2)]),
        m(&f, "readlines", &[i(3)]),
        m(&f, "seek", &[i(0), i(0)]),
        m(&f, "readline", &[i(1)]),
        m(&f, "readline", &[i(5)]),
        show(f.to_vec().map(Obj::list)),
        m(&f, "seek", &[i(0), i(2)]),
        m(&f, "seek", &[i(0), i(1)]),
        show(f.next_item().map(|item| item.unwrap_or_else(|| s("<end>")))),
    ];
    assert_eq!(
        got,
        [
            "['a\\n', 'bb\\n', 'ccc\\n']",
            "0",
            "['a\\n', 'bb\\n']",
            "['ccc\\n']",
            "0",
            "'a'",
            "'\\n'",
            "['bb\\n', 'ccc\\n']",
            "9",
            "9",
            "'<end>'",
        ]
    );
    // `iter(f) is f`, and `__next__` reads a line.
    let f = stringio("x\ny");
    assert!(f.iter().unwrap().is(&f));
    assert_eq!(show(f.next_item().map(Option::unwrap)), "'x\\n'");
    assert_eq!(show(f.next_item().map(Option::unwrap)), "'y'");
    assert!(f.next_item().unwrap().is_none());
    // The last line without a newline, and a hint of `-1`.
    let f = stringio("a\nb");
    assert_eq!(m(&f, "readlines", &[i(-1)]), "['a\\n', 'b']");
}

#[test]
fn positions_count_code_points() {
    let f = stringio("héllo😀\n");
    let got = [
        m(&f, "read", &[i(2)]),
        m(&f, "tell", &[]),
        m(&f, "read", &[]),
        m(&f, "tell", &[]),
        m(&f, "seek", &[i(5)]),
        m(&f, "write", &[s("Ω")]),
        m(&f, "getvalue", &[]),
    ];
    assert_eq!(
        got,
        ["'hé'", "2", "'llo😀\\n'", "7", "5", "1", "'hélloΩ\\n'"]
    );
}

#[test]
fn newline_modes() {
    // For each `newline`: the value, its lines, `newlines`, then after writing
    // 'x\ny\r\n' the value and `newlines`.
    let cases: [(Obj, [&str; 6]); 5] = [
        (
            Obj::none(),
            [
                "'a\\nb\\nc\\nd'",
                "['a\\n', 'b\\n', 'c\\n', 'd']",
                "('\\r', '\\n', '\\r\\n')",
                "5",
                "'a\\nb\\nc\\ndx\\ny\\n'",
                "('\\r', '\\n', '\\r\\n')",
            ],
        ),
        (
            s(""),
            [
                "'a\\r\\nb\\rc\\nd'",
                "['a\\r\\n', 'b\\r', 'c\\n', 'd']",
                "('\\r', '\\n', '\\r\\n')",
                "5",
                "'a\\r\\nb\\rc\\ndx\\ny\\r\\n'",
                "('\\r', '\\n', '\\r\\n')",
            ],
        ),
        (
            s("\r"),
            [
                "'a\\r\\rb\\rc\\rd'",
                "['a\\r', '\\r', 'b\\r', 'c\\r', 'd']",
                "None",
                "5",
                "'a\\r\\rb\\rc\\rdx\\ry\\r\\r'",
                "None",
            ],
        ),
        (
            s("\r\n"),
            [
                "'a\\r\\r\\nb\\rc\\r\\nd'",
                "['a\\r\\r\\n', 'b\\rc\\r\\n', 'd']",
                "None",
                "5",
                "'a\\r\\r\\nb\\rc\\r\\ndx\\r\\ny\\r\\r\\n'",
                "None",
            ],
        ),
        (
            s("\n"),
            [
                "'a\\r\\nb\\rc\\nd'",
                "['a\\r\\n', 'b\\rc\\n', 'd']",
                "None",
                "5",
                "'a\\r\\nb\\rc\\ndx\\ny\\r\\n'",
                "None",
            ],
        ),
    ];
    for (newline, expected) in cases {
        let label = newline.repr().unwrap();
        let f = stringio_with(&[s("a\r\nb\rc\nd")], &[("newline", newline)]).unwrap();
        let got = [
            m(&f, "getvalue", &[]),
            m(&f, "readlines", &[]),
            attr(&f, "newlines"),
            m(&f, "write", &[s("x\ny\r\n")]),
            m(&f, "getvalue", &[]),
            attr(&f, "newlines"),
        ];
        assert_eq!(got, expected, "newline={label}");
    }
    // Kinds of newline are reported one at a time too.
    let f = stringio_with(&[s("a\r\n")], &[("newline", Obj::none())]).unwrap();
    assert_eq!(attr(&f, "newlines"), "'\\r\\n'");
    let f = stringio_with(&[], &[("newline", Obj::none())]).unwrap();
    assert_eq!(attr(&f, "newlines"), "None");
    // A universal-newline line cut by the size limit keeps a lone '\r'.
    let f = stringio_with(&[s("a\r\n")], &[("newline", s("\r\n"))]).unwrap();
    assert_eq!(m(&f, "readline", &[i(2)]), "'a\\r'");
}

#[test]
fn an_empty_file_and_its_attributes() {
    let f = stringio_with(&[], &[]).unwrap();
    let got = [
        m(&f, "getvalue", &[]),
        m(&f, "read", &[]),
        m(&f, "readline", &[]),
        m(&f, "readlines", &[]),
        m(&f, "write", &[s("")]),
        m(&f, "tell", &[]),
        attr(&f, "newlines"),
        attr(&f, "closed"),
        m(&f, "readable", &[]),
        m(&f, "writable", &[]),
        m(&f, "seekable", &[]),
        m(&f, "isatty", &[]),
        m(&f, "flush", &[]),
        attr(&f, "line_buffering"),
        attr(&f, "encoding"),
        attr(&f, "errors"),
    ];
    assert_eq!(
        got,
        [
            "''", "''", "''", "[]", "0", "0", "None", "False", "True", "True", "True", "False",
            "None", "False", "None", "None"
        ]
    );
}

#[test]
fn errors_have_cpython_texts() {
    let f = stringio("x");
    let got = [
        m(&f, "write", &[i(1)]),
        m(&f, "write", &[Obj::bytes(b"x")]),
        m(&f, "write", &[]),
        m(&f, "seek", &[i(-1)]),
        m(&f, "seek", &[i(3), i(1)]),
        m(&f, "seek", &[i(1), i(2)]),
        m(&f, "seek", &[i(0), i(3)]),
        m(&f, "seek", &[s("x")]),
        m(&f, "seek", &[]),
        m(&f, "truncate", &[i(-1)]),
        m(&f, "read", &[s("x")]),
        m(&f, "read", &[i(1), i(2)]),
        m(&f, "readline", &[Obj::from(1.0)]),
        m(&f, "readlines", &[s("x")]),
        m(&f, "getvalue", &[i(1)]),
        mk(&f, "read", &[], &[("size", i(1))]),
        m(&f, "writelines", &[Obj::list([i(1)])]),
        m(&f, "seek", &[i(2).pow(&i(70)).unwrap()]),
        m(&f, "read", &[i(2).pow(&i(70)).unwrap()]),
    ];
    assert_eq!(
        got,
        [
            "TypeError: string argument expected, got 'int'",
            "TypeError: string argument expected, got 'bytes'",
            "TypeError: StringIO.write() takes exactly one argument (0 given)",
            "ValueError: Negative seek position -1",
            "OSError: Can't do nonzero cur-relative seeks",
            "OSError: Can't do nonzero cur-relative seeks",
            "ValueError: Invalid whence (3, should be 0, 1 or 2)",
            "TypeError: 'str' object cannot be interpreted as an integer",
            "TypeError: seek expected at least 1 argument, got 0",
            "ValueError: Negative size value -1",
            "TypeError: argument should be integer or None, not 'str'",
            "TypeError: read expected at most 1 argument, got 2",
            "TypeError: argument should be integer or None, not 'float'",
            "TypeError: argument should be integer or None, not 'str'",
            "TypeError: StringIO.getvalue() takes no arguments (1 given)",
            "TypeError: StringIO.read() takes no keyword arguments",
            "TypeError: string argument expected, got 'int'",
            "OverflowError: Python int too large to convert to C ssize_t",
            "OverflowError: cannot fit 'int' into an index-sized integer",
        ]
    );
    assert_eq!(
        show(f.getattr("x")),
        "AttributeError: '_io.StringIO' object has no attribute 'x'"
    );
    assert_eq!(
        show(f.len().map(Obj::from)),
        "TypeError: object of type '_io.StringIO' has no len()"
    );
    assert_eq!(
        show(f.get_item(&i(0))),
        "TypeError: '_io.StringIO' object is not subscriptable"
    );
}

#[test]
fn constructor_arguments() {
    let got = [
        show(stringio_with(&[i(5)], &[])),
        show(stringio_with(&[Obj::bytes(b"x")], &[])),
        show(stringio_with(&[s("a"), s("x")], &[])),
        show(stringio_with(&[s("a")], &[("newline", i(5))])),
        show(stringio_with(&[s("a")], &[("x", i(1))])),
        show(stringio_with(&[s("a"), s("\n"), i(3)], &[])),
        show(stringio_with(&[Obj::none()], &[]).and_then(|f| f.call_method("getvalue", &[]))),
        show(
            stringio_with(&[], &[("initial_value", s("k"))])
                .and_then(|f| f.call_method("read", &[])),
        ),
        show(stringio_with(&[s("a")], &[("initial_value", s("b"))])),
        show(stringio_with(&[i(5), s("x")], &[])),
    ];
    assert_eq!(
        got,
        [
            "TypeError: initial_value must be str or None, not int",
            "TypeError: initial_value must be str or None, not bytes",
            "ValueError: illegal newline value: 'x'",
            "TypeError: newline must be str or None, not int",
            "TypeError: 'x' is an invalid keyword argument for StringIO()",
            "TypeError: StringIO() takes at most 2 arguments (3 given)",
            "''",
            "'k'",
            "TypeError: argument for StringIO() given by name ('initial_value') and position (1)",
            "ValueError: illegal newline value: 'x'",
        ]
    );
}

#[test]
fn a_closed_file() {
    let f = stringio("ab\ncd");
    assert_eq!(m(&f, "close", &[]), "None");
    let got = [
        attr(&f, "closed"),
        m(&f, "read", &[]),
        m(&f, "write", &[s("x")]),
        m(&f, "getvalue", &[]),
        m(&f, "tell", &[]),
        m(&f, "seek", &[i(0)]),
        m(&f, "readline", &[]),
        m(&f, "truncate", &[]),
        show(f.next_item().map(|item| item.unwrap_or_else(Obj::none))),
        show(f.iter()),
        m(&f, "readlines", &[]),
        m(&f, "writelines", &[Obj::list([])]),
        m(&f, "__enter__", &[]),
        m(&f, "flush", &[]),
        m(&f, "isatty", &[]),
        m(&f, "readable", &[]),
        attr(&f, "newlines"),
        m(&f, "close", &[]),
    ];
    let closed = "ValueError: I/O operation on closed file";
    let closed_iobase = "ValueError: I/O operation on closed file.";
    assert_eq!(
        got,
        [
            "True",
            closed,
            closed,
            closed,
            closed,
            closed,
            closed,
            closed,
            closed,
            closed_iobase,
            closed_iobase,
            closed_iobase,
            closed_iobase,
            "None",
            closed_iobase,
            closed,
            closed,
            "None",
        ]
    );
}

#[test]
fn with_statement_protocol() {
    let f = stringio("q");
    let entered = f.call_method("__enter__", &[]).unwrap();
    assert!(entered.is(&f));
    assert_eq!(
        m(&f, "__exit__", &[Obj::none(), Obj::none(), Obj::none()]),
        "None"
    );
    assert_eq!(attr(&f, "closed"), "True");
    // `__exit__` takes any arguments.
    let f = stringio("q");
    assert_eq!(m(&f, "__exit__", &[]), "None");
    assert_eq!(attr(&f, "closed"), "True");
}

#[test]
fn print_writes_to_the_file() {
    let print = builtins::get("print").unwrap();
    let f = stringio_with(&[], &[]).unwrap();
    let got = [
        show(print.call_with(&Args::new(
            &[s("a"), i(1), Obj::list([i(2)])],
            &[("sep", s("-")), ("end", s("!")), ("file", f.clone())],
        ))),
        show(print.call_with(&Args::new(&[], &[("file", f.clone())]))),
        show(print.call_with(&Args::new(
            &[s("x")],
            &[("file", f.clone()), ("flush", Obj::from(true))],
        ))),
        m(&f, "getvalue", &[]),
        show(print.call_with(&Args::new(&[s("x")], &[("file", i(3))]))),
        show(print.call_with(&Args::new(&[s("x")], &[("file", f.clone()), ("sep", i(1))]))),
    ];
    assert_eq!(
        got,
        [
            "None",
            "None",
            "None",
            "'a-1-[2]!\\nx\\n'",
            "AttributeError: 'int' object has no attribute 'write'",
            "TypeError: sep must be None or a string, not int",
        ]
    );
    // Nothing went to the stdout sink; `file=None` still prints there.
    let ((), out) = pyobj_runtime::capture_stdout(|| {
        print
            .call_with(&Args::new(&[s("y")], &[("file", f.clone())]))
            .unwrap();
        print
            .call_with(&Args::new(&[s("z")], &[("file", Obj::none())]))
            .unwrap();
    });
    assert_eq!(out, "z\n");
    assert_eq!(m(&f, "getvalue", &[]), "'a-1-[2]!\\nx\\ny\\n'");
}

#[test]
fn writelines_and_the_type() {
    let f = stringio("l1\nl2");
    assert_eq!(
        m(&f, "writelines", &[Obj::list([s("A"), s("B\n")])]),
        "None"
    );
    assert_eq!(m(&f, "getvalue", &[]), "'AB\\nl2'");
    assert_eq!(m(&f, "tell", &[]), "3");
    assert!(f.repr().unwrap().starts_with("<_io.StringIO object at 0x"));
    assert_eq!(f.type_name(), "_io.StringIO");
    assert_eq!(
        modules::import("io")
            .unwrap()
            .getattr("StringIO")
            .unwrap()
            .repr()
            .unwrap(),
        "<class '_io.StringIO'>"
    );
    // It holds no handles: the collector never tracks it (CPython's does, for its
    // `__dict__`).
    assert!(!f.is_tracked());
    assert!(!gc::is_tracked(&f));
}
