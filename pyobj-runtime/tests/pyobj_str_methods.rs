//! The methods of `str` (all of CPython 3.11's), and those added to `bytes`, `dict` and
//! `set`, against CPython.
//!
//! Every expected text below is what `python3` 3.11 printed for the row's Python source
//! (run with `PYTHONHASHSEED=0`), with one deliberate difference: pyobj has no
//! `UnicodeEncodeError`/`UnicodeDecodeError` types yet, so a codec failure is their base
//! class `ValueError`, carrying CPython's message unchanged.

// Safe code only, in large tables: many minutes under Miri for nothing Miri could find
// there (the memory core's own tests run under it).
#![cfg(not(miri))]

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins};
use pyobj_support::{b, dict, f, i, list, none, s, set, tuple};

/// A bytes object.
fn by(value: &[u8]) -> Obj {
    Obj::bytes(value)
}

/// The builtin type named `name` (`str`, `bytes`, `dict`).
fn ty(name: &str) -> Obj {
    builtins::get(name).expect("a builtin type")
}

/// `obj.name(*args, **keywords)`.
fn callk(obj: &Obj, name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    obj.call_method_with(name, &Args::new(args, keywords))
}

/// Runs `f` on `obj` and returns `obj` (for a method that changes its object).
fn after(obj: &Obj, f: impl FnOnce(&Obj) -> PyResult<Obj>) -> PyResult<Obj> {
    f(obj)?;
    Ok(obj.clone())
}

/// Every public name of `dir(str)`, `dir(list)`, `dir(dict)`, `dir(set)` and
/// `dir(bytes)` in CPython 3.11 is an attribute of an instance.
#[test]
fn every_public_method_of_cpython_is_there() {
    let types: [(&str, Obj, &[&str]); 5] = [
        (
            "str",
            s("x"),
            &[
                "capitalize",
                "casefold",
                "center",
                "count",
                "encode",
                "endswith",
                "expandtabs",
                "find",
                "format",
                "format_map",
                "index",
                "isalnum",
                "isalpha",
                "isascii",
                "isdecimal",
                "isdigit",
                "isidentifier",
                "islower",
                "isnumeric",
                "isprintable",
                "isspace",
                "istitle",
                "isupper",
                "join",
                "ljust",
                "lower",
                "lstrip",
                "maketrans",
                "partition",
                "removeprefix",
                "removesuffix",
                "replace",
                "rfind",
                "rindex",
                "rjust",
                "rpartition",
                "rsplit",
                "rstrip",
                "split",
                "splitlines",
                "startswith",
                "strip",
                "swapcase",
                "title",
                "translate",
                "upper",
                "zfill",
            ],
        ),
        (
            "list",
            list([]),
            &[
                "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove",
                "reverse", "sort",
            ],
        ),
        (
            "dict",
            dict([]),
            &[
                "clear",
                "copy",
                "fromkeys",
                "get",
                "items",
                "keys",
                "pop",
                "popitem",
                "setdefault",
                "update",
                "values",
            ],
        ),
        (
            "set",
            set([]),
            &[
                "add",
                "clear",
                "copy",
                "difference",
                "difference_update",
                "discard",
                "intersection",
                "intersection_update",
                "isdisjoint",
                "issubset",
                "issuperset",
                "pop",
                "remove",
                "symmetric_difference",
                "symmetric_difference_update",
                "union",
                "update",
            ],
        ),
        (
            "bytes",
            by(b"x"),
            &[
                "capitalize",
                "center",
                "count",
                "decode",
                "endswith",
                "expandtabs",
                "find",
                "fromhex",
                "hex",
                "index",
                "isalnum",
                "isalpha",
                "isascii",
                "isdigit",
                "islower",
                "isspace",
                "istitle",
                "isupper",
                "join",
                "ljust",
                "lower",
                "lstrip",
                "maketrans",
                "partition",
                "removeprefix",
                "removesuffix",
                "replace",
                "rfind",
                "rindex",
                "rjust",
                "rpartition",
                "rsplit",
                "rstrip",
                "split",
                "splitlines",
                "startswith",
                "strip",
                "swapcase",
                "title",
                "translate",
                "upper",
                "zfill",
            ],
        ),
    ];
    let mut missing = Vec::new();
    for (type_name, instance, names) in &types {
        for name in *names {
            if !instance.hasattr(name).unwrap() {
                missing.push(format!("{type_name}.{name}"));
            }
        }
    }
    assert!(missing.is_empty(), "missing: {missing:?}");
}

/// The static and class methods read on the type are bound to the type object, as
/// CPython's `<built-in method maketrans of type object at 0x...>`.
#[test]
fn static_and_class_methods_are_read_on_the_type() {
    for (type_name, method) in [
        ("str", "maketrans"),
        ("bytes", "maketrans"),
        ("bytes", "fromhex"),
        ("dict", "fromkeys"),
    ] {
        let bound = ty(type_name).getattr(method).unwrap();
        let repr = bound.repr().unwrap();
        assert!(
            repr.starts_with(&format!("<built-in method {method} of type object at 0x")),
            "{repr}"
        );
    }
}

/// `split`, `rsplit`, `splitlines` (every line boundary, `keepends`), `partition`, `rpartition`.
#[test]
fn str_splitting() {
    table! {
        r##"'a b  c '.split()"## => callk(&s("a b  c "), "split", &[], &[]) => r##"['a', 'b', 'c']"##;
        r##"'a b  c '.rsplit()"## => callk(&s("a b  c "), "rsplit", &[], &[]) => r##"['a', 'b', 'c']"##;
        r##"'  a  b  '.rsplit(None, 1)"## => callk(&s("  a  b  "), "rsplit", &[none(), i(1)], &[]) => r##"['  a', 'b']"##;
        r##"'  a  b  c  '.split(None, 1)"## => callk(&s("  a  b  c  "), "split", &[none(), i(1)], &[]) => r##"['a', 'b  c  ']"##;
        r##"'a,b,,c'.rsplit(',', 2)"## => callk(&s("a,b,,c"), "rsplit", &[s(","), i(2)], &[]) => r##"['a,b', '', 'c']"##;
        r##"'a,b,,c'.rsplit(',', maxsplit=0)"## => callk(&s("a,b,,c"), "rsplit", &[s(",")], &[("maxsplit", i(0))]) => r##"['a,b,,c']"##;
        r##"'a,b,,c'.rsplit(sep=',', maxsplit=1)"## => callk(&s("a,b,,c"), "rsplit", &[], &[("sep", s(",")), ("maxsplit", i(1))]) => r##"['a,b,', 'c']"##;
        r##"'aXbXc'.rsplit('X', -1)"## => callk(&s("aXbXc"), "rsplit", &[s("X"), i(-1)], &[]) => r##"['a', 'b', 'c']"##;
        r##"'aaa'.rsplit('aa')"## => callk(&s("aaa"), "rsplit", &[s("aa")], &[]) => r##"['a', '']"##;
        r##"'aaa'.split('aa')"## => callk(&s("aaa"), "split", &[s("aa")], &[]) => r##"['', 'a']"##;
        r##"'abc'.rsplit('b', 1)"## => callk(&s("abc"), "rsplit", &[s("b"), i(1)], &[]) => r##"['a', 'c']"##;
        r##"'éaéb'.rsplit('é')"## => callk(&s("\u{e9}a\u{e9}b"), "rsplit", &[s("\u{e9}")], &[]) => r##"['', 'a', 'b']"##;
        r##"'a\u2003b\u3000c'.rsplit()"## => callk(&s("a\u{2003}b\u{3000}c"), "rsplit", &[], &[]) => r##"['a', 'b', 'c']"##;
        r##"'a\u0085b\u2028c\x1cd\x1de\x1ef\x0bg\x0ch\ri\r\nj\n'.splitlines(True)"## => callk(&s("a\u{85}b\u{2028}c\u{1c}d\u{1d}e\u{1e}f\u{b}g\u{c}h\ri\r\nj\n"), "splitlines", &[b(true)], &[]) => r##"['a\x85', 'b\u2028', 'c\x1c', 'd\x1d', 'e\x1e', 'f\x0b', 'g\x0c', 'h\r', 'i\r\n', 'j\n']"##;
        r##"'a\u0085b\u2028c\u2029d'.splitlines()"## => callk(&s("a\u{85}b\u{2028}c\u{2029}d"), "splitlines", &[], &[]) => r##"['a', 'b', 'c', 'd']"##;
        r##"'a\n\nb'.splitlines()"## => callk(&s("a\n\nb"), "splitlines", &[], &[]) => r##"['a', '', 'b']"##;
        r##"'\n'.splitlines()"## => callk(&s("\n"), "splitlines", &[], &[]) => r##"['']"##;
        r##"''.splitlines()"## => callk(&s(""), "splitlines", &[], &[]) => r##"[]"##;
        r##"'a\r'.splitlines(True)"## => callk(&s("a\r"), "splitlines", &[b(true)], &[]) => r##"['a\r']"##;
        r##"'a\r\n\r\nb'.splitlines(keepends=True)"## => callk(&s("a\r\n\r\nb"), "splitlines", &[], &[("keepends", b(true))]) => r##"['a\r\n', '\r\n', 'b']"##;
        r##"'no newline'.splitlines()"## => callk(&s("no newline"), "splitlines", &[], &[]) => r##"['no newline']"##;
        r##"'a\nb'.splitlines(2)"## => callk(&s("a\nb"), "splitlines", &[i(2)], &[]) => r##"['a\n', 'b']"##;
        r##"'a,b,c'.partition(',')"## => callk(&s("a,b,c"), "partition", &[s(",")], &[]) => r##"('a', ',', 'b,c')"##;
        r##"'a,b,c'.rpartition(',')"## => callk(&s("a,b,c"), "rpartition", &[s(",")], &[]) => r##"('a,b', ',', 'c')"##;
        r##"'abc'.partition(',')"## => callk(&s("abc"), "partition", &[s(",")], &[]) => r##"('abc', '', '')"##;
        r##"'abc'.rpartition(',')"## => callk(&s("abc"), "rpartition", &[s(",")], &[]) => r##"('', '', 'abc')"##;
        r##"'a::b::c'.partition('::')"## => callk(&s("a::b::c"), "partition", &[s("::")], &[]) => r##"('a', '::', 'b::c')"##;
        r##"'a::b::c'.rpartition('::')"## => callk(&s("a::b::c"), "rpartition", &[s("::")], &[]) => r##"('a::b', '::', 'c')"##;
        r##"'é→ü'.partition('→')"## => callk(&s("\u{e9}\u{2192}\u{fc}"), "partition", &[s("\u{2192}")], &[]) => r##"('é', '→', 'ü')"##;
        r##"'a'.rsplit(1,2,3)"## => callk(&s("a"), "rsplit", &[i(1), i(2), i(3)], &[]) => r##"!! TypeError: rsplit() takes at most 2 arguments (3 given)"##;
        r##"'a'.rsplit(x=1)"## => callk(&s("a"), "rsplit", &[], &[("x", i(1))]) => r##"!! TypeError: 'x' is an invalid keyword argument for rsplit()"##;
        r##"'a'.split(x=1)"## => callk(&s("a"), "split", &[], &[("x", i(1))]) => r##"!! TypeError: 'x' is an invalid keyword argument for split()"##;
        r##"'a'.split(1,2,3)"## => callk(&s("a"), "split", &[i(1), i(2), i(3)], &[]) => r##"!! TypeError: split() takes at most 2 arguments (3 given)"##;
        r##"'a'.rsplit(1)"## => callk(&s("a"), "rsplit", &[i(1)], &[]) => r##"!! TypeError: must be str or None, not int"##;
        r##"'a'.rsplit('')"## => callk(&s("a"), "rsplit", &[s("")], &[]) => r##"!! ValueError: empty separator"##;
        r##"'a'.rsplit('a', 'b')"## => callk(&s("a"), "rsplit", &[s("a"), s("b")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"'a'.splitlines(x=1)"## => callk(&s("a"), "splitlines", &[], &[("x", i(1))]) => r##"!! TypeError: 'x' is an invalid keyword argument for splitlines()"##;
        r##"'a'.splitlines(True, 1)"## => callk(&s("a"), "splitlines", &[b(true), i(1)], &[]) => r##"!! TypeError: splitlines() takes at most 1 argument (2 given)"##;
        r##"'a'.splitlines('x')"## => callk(&s("a"), "splitlines", &[s("x")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"'a'.splitlines(None)"## => callk(&s("a"), "splitlines", &[none()], &[]) => r##"!! TypeError: 'NoneType' object cannot be interpreted as an integer"##;
        r##"'a'.splitlines(2.0)"## => callk(&s("a"), "splitlines", &[f(2.0)], &[]) => r##"!! TypeError: 'float' object cannot be interpreted as an integer"##;
        r##"'a'.partition('')"## => callk(&s("a"), "partition", &[s("")], &[]) => r##"!! ValueError: empty separator"##;
        r##"'a'.partition(1)"## => callk(&s("a"), "partition", &[i(1)], &[]) => r##"!! TypeError: must be str, not int"##;
        r##"'a'.partition()"## => callk(&s("a"), "partition", &[], &[]) => r##"!! TypeError: str.partition() takes exactly one argument (0 given)"##;
        r##"'a'.rpartition('')"## => callk(&s("a"), "rpartition", &[s("")], &[]) => r##"!! ValueError: empty separator"##;
    }
}

/// `center`, `ljust`, `rjust`, `zfill`, `expandtabs`.
#[test]
fn str_padding() {
    table! {
        r##"'abc'.center(6, '*')"## => callk(&s("abc"), "center", &[i(6), s("*")], &[]) => r##"'*abc**'"##;
        r##"'abc'.center(7, '*')"## => callk(&s("abc"), "center", &[i(7), s("*")], &[]) => r##"'**abc**'"##;
        r##"'ab'.center(5)"## => callk(&s("ab"), "center", &[i(5)], &[]) => r##"'  ab '"##;
        r##"'ab'.center(6)"## => callk(&s("ab"), "center", &[i(6)], &[]) => r##"'  ab  '"##;
        r##"'abc'.center(2)"## => callk(&s("abc"), "center", &[i(2)], &[]) => r##"'abc'"##;
        r##"'a'.center(3, 'é')"## => callk(&s("a"), "center", &[i(3), s("\u{e9}")], &[]) => r##"'éaé'"##;
        r##"'a'.center(-5)"## => callk(&s("a"), "center", &[i(-5)], &[]) => r##"'a'"##;
        r##"'abc'.ljust(5, '-')"## => callk(&s("abc"), "ljust", &[i(5), s("-")], &[]) => r##"'abc--'"##;
        r##"'abc'.rjust(5, '-')"## => callk(&s("abc"), "rjust", &[i(5), s("-")], &[]) => r##"'--abc'"##;
        r##"'é'.ljust(3, '€')"## => callk(&s("\u{e9}"), "ljust", &[i(3), s("\u{20ac}")], &[]) => r##"'é€€'"##;
        r##"'-42'.zfill(6)"## => callk(&s("-42"), "zfill", &[i(6)], &[]) => r##"'-00042'"##;
        r##"'+'.zfill(3)"## => callk(&s("+"), "zfill", &[i(3)], &[]) => r##"'+00'"##;
        r##"''.zfill(3)"## => callk(&s(""), "zfill", &[i(3)], &[]) => r##"'000'"##;
        r##"'abc'.zfill(-1)"## => callk(&s("abc"), "zfill", &[i(-1)], &[]) => r##"'abc'"##;
        r##"'42'.zfill(5)"## => callk(&s("42"), "zfill", &[i(5)], &[]) => r##"'00042'"##;
        r##"'a\tbc\td\n\te'.expandtabs()"## => callk(&s("a\tbc\td\n\te"), "expandtabs", &[], &[]) => r##"'a       bc      d\n        e'"##;
        r##"'a\tbc\td\r\te'.expandtabs(3)"## => callk(&s("a\tbc\td\r\te"), "expandtabs", &[i(3)], &[]) => r##"'a  bc d\r   e'"##;
        r##"'abc'.expandtabs(-5)"## => callk(&s("abc"), "expandtabs", &[i(-5)], &[]) => r##"'abc'"##;
        r##"'\t'.expandtabs(1)"## => callk(&s("\t"), "expandtabs", &[i(1)], &[]) => r##"' '"##;
        r##"'ab\tc'.expandtabs(2)"## => callk(&s("ab\tc"), "expandtabs", &[i(2)], &[]) => r##"'ab  c'"##;
        r##"'a\tb'.expandtabs(0)"## => callk(&s("a\tb"), "expandtabs", &[i(0)], &[]) => r##"'ab'"##;
        r##"'a\tb'.expandtabs(-1)"## => callk(&s("a\tb"), "expandtabs", &[i(-1)], &[]) => r##"'ab'"##;
        r##"'é\tx'.expandtabs(tabsize=4)"## => callk(&s("\u{e9}\tx"), "expandtabs", &[], &[("tabsize", i(4))]) => r##"'é   x'"##;
        r##"'a'.center()"## => callk(&s("a"), "center", &[], &[]) => r##"!! TypeError: center expected at least 1 argument, got 0"##;
        r##"'a'.center(5, 'xy')"## => callk(&s("a"), "center", &[i(5), s("xy")], &[]) => r##"!! TypeError: The fill character must be exactly one character long"##;
        r##"'a'.center(5, 1)"## => callk(&s("a"), "center", &[i(5), i(1)], &[]) => r##"!! TypeError: The fill character must be a unicode character, not int"##;
        r##"'a'.center('5')"## => callk(&s("a"), "center", &[s("5")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"'a'.center(5, fillchar='x')"## => callk(&s("a"), "center", &[i(5)], &[("fillchar", s("x"))]) => r##"!! TypeError: str.center() takes no keyword arguments"##;
        r##"'a'.ljust(5, '')"## => callk(&s("a"), "ljust", &[i(5), s("")], &[]) => r##"!! TypeError: The fill character must be exactly one character long"##;
        r##"'a'.zfill('a')"## => callk(&s("a"), "zfill", &[s("a")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"'a'.zfill(5, 1)"## => callk(&s("a"), "zfill", &[i(5), i(1)], &[]) => r##"!! TypeError: str.zfill() takes exactly one argument (2 given)"##;
        r##"'a'.expandtabs('x')"## => callk(&s("a"), "expandtabs", &[s("x")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"'a'.expandtabs(4, 5)"## => callk(&s("a"), "expandtabs", &[i(4), i(5)], &[]) => r##"!! TypeError: expandtabs() takes at most 1 argument (2 given)"##;
        r##"'a'.expandtabs(x=1)"## => callk(&s("a"), "expandtabs", &[], &[("x", i(1))]) => r##"!! TypeError: 'x' is an invalid keyword argument for expandtabs()"##;
        r##"'a'.center(2**63)"## => callk(&s("a"), "center", &[Obj::from(9223372036854775808i128)], &[]) => r##"!! OverflowError: Python int too large to convert to C ssize_t"##;
        r##"'a'.zfill(2**63)"## => callk(&s("a"), "zfill", &[Obj::from(9223372036854775808i128)], &[]) => r##"!! OverflowError: Python int too large to convert to C ssize_t"##;
        r##"'a'.expandtabs(2**63)"## => callk(&s("a"), "expandtabs", &[Obj::from(9223372036854775808i128)], &[]) => r##"!! OverflowError: Python int too large to convert to C int"##;
        r##"'a'.ljust(2**63)"## => callk(&s("a"), "ljust", &[Obj::from(9223372036854775808i128)], &[]) => r##"!! OverflowError: Python int too large to convert to C ssize_t"##;
    }
}

/// `upper`, `lower`, `swapcase`, `title`, `capitalize`, `casefold`: full case mappings, titlecase letters, the final sigma.
#[test]
fn str_case() {
    table! {
        r##"'Ab Cd'.swapcase()"## => callk(&s("Ab Cd"), "swapcase", &[], &[]) => r##"'aB cD'"##;
        r##"'hello WORLD'.capitalize()"## => callk(&s("hello WORLD"), "capitalize", &[], &[]) => r##"'Hello world'"##;
        r##""they're bill's friends".title()"## => callk(&s("they're bill's friends"), "title", &[], &[]) => r##""They'Re Bill'S Friends""##;
        r##"'ΑΣ ΣΑ Σ'.title()"## => callk(&s("\u{391}\u{3a3} \u{3a3}\u{391} \u{3a3}"), "title", &[], &[]) => r##"'Ας Σα Σ'"##;
        r##"'ὈΔΥΣΣΕΎΣ'.capitalize()"## => callk(&s("\u{1f48}\u{394}\u{3a5}\u{3a3}\u{3a3}\u{395}\u{38e}\u{3a3}"), "capitalize", &[], &[]) => r##"'Ὀδυσσεύς'"##;
        r##"'ǆemal ǅ'.title()"## => callk(&s("\u{1c6}emal \u{1c5}"), "title", &[], &[]) => r##"'ǅemal ǅ'"##;
        r##"'ǅ'.swapcase()"## => callk(&s("\u{1c5}"), "swapcase", &[], &[]) => r##"'ǅ'"##;
        r##"'ß'.upper()"## => callk(&s("\u{df}"), "upper", &[], &[]) => r##"'SS'"##;
        r##"'ß'.casefold()"## => callk(&s("\u{df}"), "casefold", &[], &[]) => r##"'ss'"##;
        r##"'ﬁ'.title()"## => callk(&s("\u{fb01}"), "title", &[], &[]) => r##"'Fi'"##;
        r##"'ﬁx'.capitalize()"## => callk(&s("\u{fb01}x"), "capitalize", &[], &[]) => r##"'Fix'"##;
        r##"'İ'.lower()"## => callk(&s("\u{130}"), "lower", &[], &[]) => r##"'i̇'"##;
        r##"'aΣ'.lower()"## => callk(&s("a\u{3a3}"), "lower", &[], &[]) => r##"'aς'"##;
        r##"'aΣb'.swapcase()"## => callk(&s("a\u{3a3}b"), "swapcase", &[], &[]) => r##"'AσB'"##;
        r##"'ΣA'.swapcase()"## => callk(&s("\u{3a3}A"), "swapcase", &[], &[]) => r##"'σa'"##;
        r##"'aΣ.'.title()"## => callk(&s("a\u{3a3}."), "title", &[], &[]) => r##"'Aς.'"##;
        r##"'ΑΣ'.swapcase()"## => callk(&s("\u{391}\u{3a3}"), "swapcase", &[], &[]) => r##"'ας'"##;
        r##"'Σ.'.title()"## => callk(&s("\u{3a3}."), "title", &[], &[]) => r##"'Σ.'"##;
        r##"'A\u0345Σ'.title()"## => callk(&s("A\u{345}\u{3a3}"), "title", &[], &[]) => r##"'Aͅς'"##;
        r##"'ΑΣ\u0345'.swapcase()"## => callk(&s("\u{391}\u{3a3}\u{345}"), "swapcase", &[], &[]) => r##"'αςΙ'"##;
        r##"'ﬃ'.upper()"## => callk(&s("\u{fb03}"), "upper", &[], &[]) => r##"'FFI'"##;
        r##"'ﬃ'.casefold()"## => callk(&s("\u{fb03}"), "casefold", &[], &[]) => r##"'ffi'"##;
        r##"'ΣΑΣ'.casefold()"## => callk(&s("\u{3a3}\u{391}\u{3a3}"), "casefold", &[], &[]) => r##"'σασ'"##;
        r##"'ꭰ'.casefold()"## => callk(&s("\u{ab70}"), "casefold", &[], &[]) => r##"'Ꭰ'"##;
        r##"'\u00b5'.casefold()"## => callk(&s("\u{b5}"), "casefold", &[], &[]) => r##"'μ'"##;
        r##"'ǰ'.title()"## => callk(&s("\u{1f0}"), "title", &[], &[]) => r##"'J̌'"##;
        r##"'ǰ'.capitalize()"## => callk(&s("\u{1f0}"), "capitalize", &[], &[]) => r##"'J̌'"##;
        r##"'aǰ'.title()"## => callk(&s("a\u{1f0}"), "title", &[], &[]) => r##"'Aǰ'"##;
        r##"'HELLO'.casefold()"## => callk(&s("HELLO"), "casefold", &[], &[]) => r##"'hello'"##;
        r##"''.title()"## => callk(&s(""), "title", &[], &[]) => r##"''"##;
        r##"''.capitalize()"## => callk(&s(""), "capitalize", &[], &[]) => r##"''"##;
        r##"'123abc'.capitalize()"## => callk(&s("123abc"), "capitalize", &[], &[]) => r##"'123abc'"##;
        r##"'a1b2 c3'.title()"## => callk(&s("a1b2 c3"), "title", &[], &[]) => r##"'A1B2 C3'"##;
        r##"'a'.swapcase(1)"## => callk(&s("a"), "swapcase", &[i(1)], &[]) => r##"!! TypeError: str.swapcase() takes no arguments (1 given)"##;
        r##"'a'.title(1)"## => callk(&s("a"), "title", &[i(1)], &[]) => r##"!! TypeError: str.title() takes no arguments (1 given)"##;
        r##"'a'.capitalize(1)"## => callk(&s("a"), "capitalize", &[i(1)], &[]) => r##"!! TypeError: str.capitalize() takes no arguments (1 given)"##;
        r##"'a'.casefold(1)"## => callk(&s("a"), "casefold", &[i(1)], &[]) => r##"!! TypeError: str.casefold() takes no arguments (1 given)"##;
    }
}

/// The `is...` predicates, with CPython 3.11's Unicode classes.
#[test]
fn str_predicates() {
    table! {
        r##"'ǅ'.istitle()"## => callk(&s("\u{1c5}"), "istitle", &[], &[]) => r##"True"##;
        r##"'ǅǆ'.istitle()"## => callk(&s("\u{1c5}\u{1c6}"), "istitle", &[], &[]) => r##"True"##;
        r##"'Hello World'.istitle()"## => callk(&s("Hello World"), "istitle", &[], &[]) => r##"True"##;
        r##"'Hello world'.istitle()"## => callk(&s("Hello world"), "istitle", &[], &[]) => r##"False"##;
        r##"''.istitle()"## => callk(&s(""), "istitle", &[], &[]) => r##"False"##;
        r##"'1A'.istitle()"## => callk(&s("1A"), "istitle", &[], &[]) => r##"True"##;
        r##"'A1a'.istitle()"## => callk(&s("A1a"), "istitle", &[], &[]) => r##"False"##;
        r##"'ʰ'.islower()"## => callk(&s("\u{2b0}"), "islower", &[], &[]) => r##"True"##;
        r##"'ǅ'.islower()"## => callk(&s("\u{1c5}"), "islower", &[], &[]) => r##"False"##;
        r##"'ǅ'.isupper()"## => callk(&s("\u{1c5}"), "isupper", &[], &[]) => r##"False"##;
        r##"'ABC1'.isupper()"## => callk(&s("ABC1"), "isupper", &[], &[]) => r##"True"##;
        r##"'abc1'.islower()"## => callk(&s("abc1"), "islower", &[], &[]) => r##"True"##;
        r##"'123'.islower()"## => callk(&s("123"), "islower", &[], &[]) => r##"False"##;
        r##"''.isupper()"## => callk(&s(""), "isupper", &[], &[]) => r##"False"##;
        r##"'ⅰ'.isalpha()"## => callk(&s("\u{2170}"), "isalpha", &[], &[]) => r##"False"##;
        r##"'é'.isalpha()"## => callk(&s("\u{e9}"), "isalpha", &[], &[]) => r##"True"##;
        r##"'中'.isalpha()"## => callk(&s("\u{4e2d}"), "isalpha", &[], &[]) => r##"True"##;
        r##"'a1'.isalpha()"## => callk(&s("a1"), "isalpha", &[], &[]) => r##"False"##;
        r##"'Ⅻ'.isnumeric()"## => callk(&s("\u{216b}"), "isnumeric", &[], &[]) => r##"True"##;
        r##"'½'.isdigit()"## => callk(&s("\u{bd}"), "isdigit", &[], &[]) => r##"False"##;
        r##"'½'.isnumeric()"## => callk(&s("\u{bd}"), "isnumeric", &[], &[]) => r##"True"##;
        r##"'²'.isdigit()"## => callk(&s("\u{b2}"), "isdigit", &[], &[]) => r##"True"##;
        r##"'²'.isdecimal()"## => callk(&s("\u{b2}"), "isdecimal", &[], &[]) => r##"False"##;
        r##"'三'.isnumeric()"## => callk(&s("\u{4e09}"), "isnumeric", &[], &[]) => r##"True"##;
        r##"'٣'.isdecimal()"## => callk(&s("\u{663}"), "isdecimal", &[], &[]) => r##"True"##;
        r##"'٣'.isdigit()"## => callk(&s("\u{663}"), "isdigit", &[], &[]) => r##"True"##;
        r##"'123'.isdecimal()"## => callk(&s("123"), "isdecimal", &[], &[]) => r##"True"##;
        r##"''.isdecimal()"## => callk(&s(""), "isdecimal", &[], &[]) => r##"False"##;
        r##"'a b'.isalnum()"## => callk(&s("a b"), "isalnum", &[], &[]) => r##"False"##;
        r##"''.isalnum()"## => callk(&s(""), "isalnum", &[], &[]) => r##"False"##;
        r##"'ab12'.isalnum()"## => callk(&s("ab12"), "isalnum", &[], &[]) => r##"True"##;
        r##"'Ⅻx'.isalnum()"## => callk(&s("\u{216b}x"), "isalnum", &[], &[]) => r##"True"##;
        r##"'_a'.isidentifier()"## => callk(&s("_a"), "isidentifier", &[], &[]) => r##"True"##;
        r##"'1a'.isidentifier()"## => callk(&s("1a"), "isidentifier", &[], &[]) => r##"False"##;
        r##"'ℕ'.isidentifier()"## => callk(&s("\u{2115}"), "isidentifier", &[], &[]) => r##"True"##;
        r##"'a·'.isidentifier()"## => callk(&s("a\u{b7}"), "isidentifier", &[], &[]) => r##"True"##;
        r##"'·a'.isidentifier()"## => callk(&s("\u{b7}a"), "isidentifier", &[], &[]) => r##"False"##;
        r##"''.isidentifier()"## => callk(&s(""), "isidentifier", &[], &[]) => r##"False"##;
        r##"'class'.isidentifier()"## => callk(&s("class"), "isidentifier", &[], &[]) => r##"True"##;
        r##"'a-b'.isidentifier()"## => callk(&s("a-b"), "isidentifier", &[], &[]) => r##"False"##;
        r##"'\t'.isprintable()"## => callk(&s("\t"), "isprintable", &[], &[]) => r##"False"##;
        r##"''.isprintable()"## => callk(&s(""), "isprintable", &[], &[]) => r##"True"##;
        r##"'a b'.isprintable()"## => callk(&s("a b"), "isprintable", &[], &[]) => r##"True"##;
        r##"'\u00a0'.isprintable()"## => callk(&s("\u{a0}"), "isprintable", &[], &[]) => r##"False"##;
        r##"'é'.isascii()"## => callk(&s("\u{e9}"), "isascii", &[], &[]) => r##"False"##;
        r##"''.isascii()"## => callk(&s(""), "isascii", &[], &[]) => r##"True"##;
        r##"'\x7f'.isascii()"## => callk(&s("\u{7f}"), "isascii", &[], &[]) => r##"True"##;
        r##"'\x1c'.isspace()"## => callk(&s("\u{1c}"), "isspace", &[], &[]) => r##"True"##;
        r##"''.isspace()"## => callk(&s(""), "isspace", &[], &[]) => r##"False"##;
        r##"' \t\n\u3000'.isspace()"## => callk(&s(" \t\n\u{3000}"), "isspace", &[], &[]) => r##"True"##;
        r##"'\u200b'.isspace()"## => callk(&s("\u{200b}"), "isspace", &[], &[]) => r##"False"##;
        r##"'a'.isalpha(1)"## => callk(&s("a"), "isalpha", &[i(1)], &[]) => r##"!! TypeError: str.isalpha() takes no arguments (1 given)"##;
        r##"'a'.istitle(1)"## => callk(&s("a"), "istitle", &[i(1)], &[]) => r##"!! TypeError: str.istitle() takes no arguments (1 given)"##;
        r##"'a'.isidentifier(1)"## => callk(&s("a"), "isidentifier", &[i(1)], &[]) => r##"!! TypeError: str.isidentifier() takes no arguments (1 given)"##;
    }
}

/// `find`, `rfind`, `index`, `rindex`, `count` with `start`/`end`, `removeprefix`, `removesuffix`.
#[test]
fn str_searching() {
    table! {
        r##"'hello world'.count('o', 5)"## => callk(&s("hello world"), "count", &[s("o"), i(5)], &[]) => r##"1"##;
        r##"'hello world'.find('o', 5, 8)"## => callk(&s("hello world"), "find", &[s("o"), i(5), i(8)], &[]) => r##"7"##;
        r##"'hello world'.rfind('o', 0, 5)"## => callk(&s("hello world"), "rfind", &[s("o"), i(0), i(5)], &[]) => r##"4"##;
        r##"'hello world'.rindex('o')"## => callk(&s("hello world"), "rindex", &[s("o")], &[]) => r##"7"##;
        r##"'hello'.rfind('l', -2)"## => callk(&s("hello"), "rfind", &[s("l"), i(-2)], &[]) => r##"3"##;
        r##"'hello'.rfind('l', -100, 100)"## => callk(&s("hello"), "rfind", &[s("l"), i(-100), i(100)], &[]) => r##"3"##;
        r##"'hello'.find('l', 10)"## => callk(&s("hello"), "find", &[s("l"), i(10)], &[]) => r##"-1"##;
        r##"'hello'.rfind('x')"## => callk(&s("hello"), "rfind", &[s("x")], &[]) => r##"-1"##;
        r##"'hello'.index('l', 3)"## => callk(&s("hello"), "index", &[s("l"), i(3)], &[]) => r##"3"##;
        r##"'hello'.rindex('h', 1)"## => callk(&s("hello"), "rindex", &[s("h"), i(1)], &[]) => r##"!! ValueError: substring not found"##;
        r##"'abab'.rfind('ab', 0, 3)"## => callk(&s("abab"), "rfind", &[s("ab"), i(0), i(3)], &[]) => r##"0"##;
        r##"'abab'.rindex('ab', -2)"## => callk(&s("abab"), "rindex", &[s("ab"), i(-2)], &[]) => r##"2"##;
        r##"'ab'.count('', 5)"## => callk(&s("ab"), "count", &[s(""), i(5)], &[]) => r##"0"##;
        r##"'ab'.rfind('', 1)"## => callk(&s("ab"), "rfind", &[s(""), i(1)], &[]) => r##"2"##;
        r##"'ab'.rfind('', 3)"## => callk(&s("ab"), "rfind", &[s(""), i(3)], &[]) => r##"-1"##;
        r##"'a'.find('', 2)"## => callk(&s("a"), "find", &[s(""), i(2)], &[]) => r##"-1"##;
        r##"'a'.count('', 2)"## => callk(&s("a"), "count", &[s(""), i(2)], &[]) => r##"0"##;
        r##"'a'.rfind('', 2)"## => callk(&s("a"), "rfind", &[s(""), i(2)], &[]) => r##"-1"##;
        r##"'a'.rfind('', 1)"## => callk(&s("a"), "rfind", &[s(""), i(1)], &[]) => r##"1"##;
        r##"'a'.rfind('', -5, -3)"## => callk(&s("a"), "rfind", &[s(""), i(-5), i(-3)], &[]) => r##"0"##;
        r##"'abc'.find('b', None, None)"## => callk(&s("abc"), "find", &[s("b"), none(), none()], &[]) => r##"1"##;
        r##"'éàé'.rfind('é')"## => callk(&s("\u{e9}\u{e0}\u{e9}"), "rfind", &[s("\u{e9}")], &[]) => r##"2"##;
        r##"'éàé'.rindex('à', 0, 2)"## => callk(&s("\u{e9}\u{e0}\u{e9}"), "rindex", &[s("\u{e0}"), i(0), i(2)], &[]) => r##"1"##;
        r##"'abcabc'.removeprefix('abc')"## => callk(&s("abcabc"), "removeprefix", &[s("abc")], &[]) => r##"'abc'"##;
        r##"'abcabc'.removesuffix('bc')"## => callk(&s("abcabc"), "removesuffix", &[s("bc")], &[]) => r##"'abca'"##;
        r##"'abc'.removeprefix('')"## => callk(&s("abc"), "removeprefix", &[s("")], &[]) => r##"'abc'"##;
        r##"'abc'.removesuffix('x')"## => callk(&s("abc"), "removesuffix", &[s("x")], &[]) => r##"'abc'"##;
        r##"'a'.rfind()"## => callk(&s("a"), "rfind", &[], &[]) => r##"!! TypeError: rfind() takes at least 1 argument (0 given)"##;
        r##"'a'.rfind(1)"## => callk(&s("a"), "rfind", &[i(1)], &[]) => r##"!! TypeError: must be str, not int"##;
        r##"'a'.rindex('b')"## => callk(&s("a"), "rindex", &[s("b")], &[]) => r##"!! ValueError: substring not found"##;
        r##"'a'.index('b')"## => callk(&s("a"), "index", &[s("b")], &[]) => r##"!! ValueError: substring not found"##;
        r##"'a'.count()"## => callk(&s("a"), "count", &[], &[]) => r##"!! TypeError: count() takes at least 1 argument (0 given)"##;
        r##"'abc'.find('b', 'x')"## => callk(&s("abc"), "find", &[s("b"), s("x")], &[]) => r##"!! TypeError: slice indices must be integers or None or have an __index__ method"##;
        r##"'abc'.rfind('b', 1.5)"## => callk(&s("abc"), "rfind", &[s("b"), f(1.5)], &[]) => r##"!! TypeError: slice indices must be integers or None or have an __index__ method"##;
        r##"'a'.find(sub='a')"## => callk(&s("a"), "find", &[], &[("sub", s("a"))]) => r##"!! TypeError: str.find() takes no keyword arguments"##;
        r##"'a'.removeprefix(1)"## => callk(&s("a"), "removeprefix", &[i(1)], &[]) => r##"!! TypeError: removeprefix() argument must be str, not int"##;
        r##"'a'.removesuffix(1)"## => callk(&s("a"), "removesuffix", &[i(1)], &[]) => r##"!! TypeError: removesuffix() argument must be str, not int"##;
        r##"'a'.removeprefix()"## => callk(&s("a"), "removeprefix", &[], &[]) => r##"!! TypeError: str.removeprefix() takes exactly one argument (0 given)"##;
    }
}

/// `translate`, `str.maketrans`, `encode`.
#[test]
fn str_translate_maketrans_encode() {
    table! {
        r##"'hello'.translate({104: 'J', 108: None})"## => callk(&s("hello"), "translate", &[dict([(i(104), s("J")), (i(108), none())])], &[]) => r##"'Jeo'"##;
        r##"'hello'.translate({101: 105, 108: 112, 111: None})"## => callk(&s("hello"), "translate", &[dict([(i(101), i(105)), (i(108), i(112)), (i(111), none())])], &[]) => r##"'hipp'"##;
        r##"'abc'.translate({97: 98, 98: 'xy'})"## => callk(&s("abc"), "translate", &[dict([(i(97), i(98)), (i(98), s("xy"))])], &[]) => r##"'bxyc'"##;
        r##"'é'.translate({233: 101})"## => callk(&s("\u{e9}"), "translate", &[dict([(i(233), i(101))])], &[]) => r##"'e'"##;
        r##"'a'.translate({97: 'bc', 98: None})"## => callk(&s("a"), "translate", &[dict([(i(97), s("bc")), (i(98), none())])], &[]) => r##"'bc'"##;
        r##"'a'.translate([1])"## => callk(&s("a"), "translate", &[list([i(1)])], &[]) => r##"'a'"##;
        r##"'ab'.translate('xyz')"## => callk(&s("ab"), "translate", &[s("xyz")], &[]) => r##"'ab'"##;
        r##"'a'.translate()"## => callk(&s("a"), "translate", &[], &[]) => r##"!! TypeError: str.translate() takes exactly one argument (0 given)"##;
        r##"'a'.translate(1)"## => callk(&s("a"), "translate", &[i(1)], &[]) => r##"!! TypeError: 'int' object is not subscriptable"##;
        r##"'a'.translate({97: 1.5})"## => callk(&s("a"), "translate", &[dict([(i(97), f(1.5))])], &[]) => r##"!! TypeError: character mapping must return integer, None or str"##;
        r##"'a'.translate({97: 0x110000})"## => callk(&s("a"), "translate", &[dict([(i(97), i(1114112))])], &[]) => r##"!! ValueError: character mapping must be in range(0x110000)"##;
        r##"'a'.translate({97: -1})"## => callk(&s("a"), "translate", &[dict([(i(97), i(-1))])], &[]) => r##"!! ValueError: character mapping must be in range(0x110000)"##;
        r##"str.maketrans('el', 'ip', 'o')"## => callk(&ty("str"), "maketrans", &[s("el"), s("ip"), s("o")], &[]) => r##"{101: 105, 108: 112, 111: None}"##;
        r##"str.maketrans({'a': 1, 98: 'c'})"## => callk(&ty("str"), "maketrans", &[dict([(s("a"), i(1)), (i(98), s("c"))])], &[]) => r##"{97: 1, 98: 'c'}"##;
        r##"str.maketrans('ab', 'cd', 'e')"## => callk(&ty("str"), "maketrans", &[s("ab"), s("cd"), s("e")], &[]) => r##"{97: 99, 98: 100, 101: None}"##;
        r##"str.maketrans('', '')"## => callk(&ty("str"), "maketrans", &[s(""), s("")], &[]) => r##"{}"##;
        r##"str.maketrans('a', 'b', '')"## => callk(&ty("str"), "maketrans", &[s("a"), s("b"), s("")], &[]) => r##"{97: 98}"##;
        r##"str.maketrans({})"## => callk(&ty("str"), "maketrans", &[dict([])], &[]) => r##"{}"##;
        r##"'x'.maketrans('a', 'b')"## => callk(&s("x"), "maketrans", &[s("a"), s("b")], &[]) => r##"{97: 98}"##;
        r##"'x'.maketrans({'a': 'b'})"## => callk(&s("x"), "maketrans", &[dict([(s("a"), s("b"))])], &[]) => r##"{97: 'b'}"##;
        r##"str.maketrans()"## => callk(&ty("str"), "maketrans", &[], &[]) => r##"!! TypeError: maketrans expected at least 1 argument, got 0"##;
        r##"str.maketrans(1)"## => callk(&ty("str"), "maketrans", &[i(1)], &[]) => r##"!! TypeError: if you give only one argument to maketrans it must be a dict"##;
        r##"str.maketrans({'ab': 1})"## => callk(&ty("str"), "maketrans", &[dict([(s("ab"), i(1))])], &[]) => r##"!! ValueError: string keys in translate table must be of length 1"##;
        r##"str.maketrans({1.5: 1})"## => callk(&ty("str"), "maketrans", &[dict([(f(1.5), i(1))])], &[]) => r##"!! TypeError: keys in translate table must be strings or integers"##;
        r##"str.maketrans('ab', 'c')"## => callk(&ty("str"), "maketrans", &[s("ab"), s("c")], &[]) => r##"!! ValueError: the first two maketrans arguments must have equal length"##;
        r##"str.maketrans('ab', 1)"## => callk(&ty("str"), "maketrans", &[s("ab"), i(1)], &[]) => r##"!! TypeError: maketrans() argument 2 must be str, not int"##;
        r##"str.maketrans(1, 'a')"## => callk(&ty("str"), "maketrans", &[i(1), s("a")], &[]) => r##"!! TypeError: first maketrans argument must be a string if there is a second argument"##;
        r##"str.maketrans('ab', 'cd', 1)"## => callk(&ty("str"), "maketrans", &[s("ab"), s("cd"), i(1)], &[]) => r##"!! TypeError: maketrans() argument 3 must be str, not int"##;
        r##"str.maketrans('a', 'b', 'c', 'd')"## => callk(&ty("str"), "maketrans", &[s("a"), s("b"), s("c"), s("d")], &[]) => r##"!! TypeError: maketrans expected at most 3 arguments, got 4"##;
        r##"str.maketrans(x=1)"## => callk(&ty("str"), "maketrans", &[], &[("x", i(1))]) => r##"!! TypeError: str.maketrans() takes no keyword arguments"##;
        r##"'€'.encode()"## => callk(&s("\u{20ac}"), "encode", &[], &[]) => r##"b'\xe2\x82\xac'"##;
        r##"'€'.encode('utf8')"## => callk(&s("\u{20ac}"), "encode", &[s("utf8")], &[]) => r##"b'\xe2\x82\xac'"##;
        r##"'aé'.encode('UTF-8')"## => callk(&s("a\u{e9}"), "encode", &[s("UTF-8")], &[]) => r##"b'a\xc3\xa9'"##;
        r##"'é'.encode('latin-1')"## => callk(&s("\u{e9}"), "encode", &[s("latin-1")], &[]) => r##"b'\xe9'"##;
        r##"'aé€'.encode('latin-1', 'replace')"## => callk(&s("a\u{e9}\u{20ac}"), "encode", &[s("latin-1"), s("replace")], &[]) => r##"b'a\xe9?'"##;
        r##"'aé€'.encode('ascii', 'xmlcharrefreplace')"## => callk(&s("a\u{e9}\u{20ac}"), "encode", &[s("ascii"), s("xmlcharrefreplace")], &[]) => r##"b'a&#233;&#8364;'"##;
        r##"'aé€'.encode('ascii', 'backslashreplace')"## => callk(&s("a\u{e9}\u{20ac}"), "encode", &[s("ascii"), s("backslashreplace")], &[]) => r##"b'a\\xe9\\u20ac'"##;
        r##"'aé€'.encode('ascii', 'ignore')"## => callk(&s("a\u{e9}\u{20ac}"), "encode", &[s("ascii"), s("ignore")], &[]) => r##"b'a'"##;
        r##"'a'.encode(encoding='ascii', errors='strict')"## => callk(&s("a"), "encode", &[], &[("encoding", s("ascii")), ("errors", s("strict"))]) => r##"b'a'"##;
        r##"'aé€😀'.encode('ascii')"## => callk(&s("a\u{e9}\u{20ac}\u{1f600}"), "encode", &[s("ascii")], &[]) => r##"!! ValueError: 'ascii' codec can't encode characters in position 1-3: ordinal not in range(128)"##;
        r##"'é'.encode('ascii')"## => callk(&s("\u{e9}"), "encode", &[s("ascii")], &[]) => r##"!! ValueError: 'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)"##;
        r##"'€'.encode('latin-1')"## => callk(&s("\u{20ac}"), "encode", &[s("latin-1")], &[]) => r##"!! ValueError: 'latin-1' codec can't encode character '\u20ac' in position 0: ordinal not in range(256)"##;
        r##"'a'.encode(1)"## => callk(&s("a"), "encode", &[i(1)], &[]) => r##"!! TypeError: encode() argument 'encoding' must be str, not int"##;
        r##"'a'.encode('utf-8', 1)"## => callk(&s("a"), "encode", &[s("utf-8"), i(1)], &[]) => r##"!! TypeError: encode() argument 'errors' must be str, not int"##;
        r##"'a'.encode('foo')"## => callk(&s("a"), "encode", &[s("foo")], &[]) => r##"!! LookupError: unknown encoding: foo"##;
        r##"'a'.encode(encodin='ascii')"## => callk(&s("a"), "encode", &[], &[("encodin", s("ascii"))]) => r##"!! TypeError: 'encodin' is an invalid keyword argument for encode()"##;
        r##"'a'.encode('a', 'b', 'c')"## => callk(&s("a"), "encode", &[s("a"), s("b"), s("c")], &[]) => r##"!! TypeError: encode() takes at most 2 arguments (3 given)"##;
        r##"'a'.encode('utf-8', encoding='x')"## => callk(&s("a"), "encode", &[s("utf-8")], &[("encoding", s("x"))]) => r##"!! TypeError: argument for encode() given by name ('encoding') and position (1)"##;
    }
}

/// The `bytes` methods added to `decode`, `hex`, `count`, `find`, `index`, `startswith`, `endswith`: CPython's ASCII semantics and errors.
#[test]
fn bytes_methods() {
    table! {
        r##"b'Hello World'.swapcase()"## => callk(&by(b"Hello World"), "swapcase", &[], &[]) => r##"b'hELLO wORLD'"##;
        r##"b'hello world'.title()"## => callk(&by(b"hello world"), "title", &[], &[]) => r##"b'Hello World'"##;
        r##"b"they're bill's".title()"## => callk(&by(b"they're bill's"), "title", &[], &[]) => r##"b"They'Re Bill'S""##;
        r##"b'hELLO'.capitalize()"## => callk(&by(b"hELLO"), "capitalize", &[], &[]) => r##"b'Hello'"##;
        r##"b'\xe9a'.upper()"## => callk(&by(b"\xe9a"), "upper", &[], &[]) => r##"b'\xe9A'"##;
        r##"b'ABC\xc9'.lower()"## => callk(&by(b"ABC\xc9"), "lower", &[], &[]) => r##"b'abc\xc9'"##;
        r##"b'a\tb\nc\td'.expandtabs(4)"## => callk(&by(b"a\tb\nc\td"), "expandtabs", &[i(4)], &[]) => r##"b'a   b\nc   d'"##;
        r##"b'a\tb'.expandtabs()"## => callk(&by(b"a\tb"), "expandtabs", &[], &[]) => r##"b'a       b'"##;
        r##"b'abc'.center(6, b'*')"## => callk(&by(b"abc"), "center", &[i(6), by(b"*")], &[]) => r##"b'*abc**'"##;
        r##"b'abc'.ljust(5)"## => callk(&by(b"abc"), "ljust", &[i(5)], &[]) => r##"b'abc  '"##;
        r##"b'abc'.rjust(5, b'0')"## => callk(&by(b"abc"), "rjust", &[i(5), by(b"0")], &[]) => r##"b'00abc'"##;
        r##"b'abc'.zfill(6)"## => callk(&by(b"abc"), "zfill", &[i(6)], &[]) => r##"b'000abc'"##;
        r##"b'-1'.zfill(4)"## => callk(&by(b"-1"), "zfill", &[i(4)], &[]) => r##"b'-001'"##;
        r##"b'a'.ljust(-1)"## => callk(&by(b"a"), "ljust", &[i(-1)], &[]) => r##"b'a'"##;
        r##"b'a1'.isalnum()"## => callk(&by(b"a1"), "isalnum", &[], &[]) => r##"True"##;
        r##"b''.isalnum()"## => callk(&by(b""), "isalnum", &[], &[]) => r##"False"##;
        r##"b'ab'.isalpha()"## => callk(&by(b"ab"), "isalpha", &[], &[]) => r##"True"##;
        r##"b'\x80'.isascii()"## => callk(&by(b"\x80"), "isascii", &[], &[]) => r##"False"##;
        r##"b''.isascii()"## => callk(&by(b""), "isascii", &[], &[]) => r##"True"##;
        r##"b'12'.isdigit()"## => callk(&by(b"12"), "isdigit", &[], &[]) => r##"True"##;
        r##"b'ab1'.islower()"## => callk(&by(b"ab1"), "islower", &[], &[]) => r##"True"##;
        r##"b'AB1'.isupper()"## => callk(&by(b"AB1"), "isupper", &[], &[]) => r##"True"##;
        r##"b'1'.islower()"## => callk(&by(b"1"), "islower", &[], &[]) => r##"False"##;
        r##"b' \t\n\r\x0b\x0c'.isspace()"## => callk(&by(b" \t\n\r\x0b\x0c"), "isspace", &[], &[]) => r##"True"##;
        r##"b'\x1c'.isspace()"## => callk(&by(b"\x1c"), "isspace", &[], &[]) => r##"False"##;
        r##"b'Ab Cd'.istitle()"## => callk(&by(b"Ab Cd"), "istitle", &[], &[]) => r##"True"##;
        r##"b'Ab cd'.istitle()"## => callk(&by(b"Ab cd"), "istitle", &[], &[]) => r##"False"##;
        r##"b'  a b  '.strip()"## => callk(&by(b"  a b  "), "strip", &[], &[]) => r##"b'a b'"##;
        r##"b'xxaxx'.strip(b'x')"## => callk(&by(b"xxaxx"), "strip", &[by(b"x")], &[]) => r##"b'a'"##;
        r##"b'xxaxx'.lstrip(b'x')"## => callk(&by(b"xxaxx"), "lstrip", &[by(b"x")], &[]) => r##"b'axx'"##;
        r##"b'xxaxx'.rstrip(b'x')"## => callk(&by(b"xxaxx"), "rstrip", &[by(b"x")], &[]) => r##"b'xxa'"##;
        r##"b'  a  '.lstrip(None)"## => callk(&by(b"  a  "), "lstrip", &[none()], &[]) => r##"b'a  '"##;
        r##"b'\x0b a \x0c'.strip()"## => callk(&by(b"\x0b a \x0c"), "strip", &[], &[]) => r##"b'a'"##;
        r##"b'a,b,c'.partition(b',')"## => callk(&by(b"a,b,c"), "partition", &[by(b",")], &[]) => r##"(b'a', b',', b'b,c')"##;
        r##"b'a,b,c'.rpartition(b',')"## => callk(&by(b"a,b,c"), "rpartition", &[by(b",")], &[]) => r##"(b'a,b', b',', b'c')"##;
        r##"b'abc'.partition(b',')"## => callk(&by(b"abc"), "partition", &[by(b",")], &[]) => r##"(b'abc', b'', b'')"##;
        r##"b'abc'.rpartition(b',')"## => callk(&by(b"abc"), "rpartition", &[by(b",")], &[]) => r##"(b'', b'', b'abc')"##;
        r##"b'abcabc'.removeprefix(b'abc')"## => callk(&by(b"abcabc"), "removeprefix", &[by(b"abc")], &[]) => r##"b'abc'"##;
        r##"b'abcabc'.removesuffix(b'bc')"## => callk(&by(b"abcabc"), "removesuffix", &[by(b"bc")], &[]) => r##"b'abca'"##;
        r##"b'abc'.removeprefix(b'x')"## => callk(&by(b"abc"), "removeprefix", &[by(b"x")], &[]) => r##"b'abc'"##;
        r##"b'abc'.replace(b'', b'-')"## => callk(&by(b"abc"), "replace", &[by(b""), by(b"-")], &[]) => r##"b'-a-b-c-'"##;
        r##"b'abc'.replace(b'', b'-', 2)"## => callk(&by(b"abc"), "replace", &[by(b""), by(b"-"), i(2)], &[]) => r##"b'-a-bc'"##;
        r##"b'aaa'.replace(b'a', b'bb', 2)"## => callk(&by(b"aaa"), "replace", &[by(b"a"), by(b"bb"), i(2)], &[]) => r##"b'bbbba'"##;
        r##"b'abc'.replace(b'x', b'y')"## => callk(&by(b"abc"), "replace", &[by(b"x"), by(b"y")], &[]) => r##"b'abc'"##;
        r##"b'abab'.replace(b'ab', b'')"## => callk(&by(b"abab"), "replace", &[by(b"ab"), by(b"")], &[]) => r##"b''"##;
        r##"b'a b  c'.split()"## => callk(&by(b"a b  c"), "split", &[], &[]) => r##"[b'a', b'b', b'c']"##;
        r##"b'a b  c'.split(None, 1)"## => callk(&by(b"a b  c"), "split", &[none(), i(1)], &[]) => r##"[b'a', b'b  c']"##;
        r##"b'a,b,,c'.split(b',')"## => callk(&by(b"a,b,,c"), "split", &[by(b",")], &[]) => r##"[b'a', b'b', b'', b'c']"##;
        r##"b'a,b,,c'.rsplit(b',', 1)"## => callk(&by(b"a,b,,c"), "rsplit", &[by(b","), i(1)], &[]) => r##"[b'a,b,', b'c']"##;
        r##"b'  a b  c  '.rsplit(maxsplit=1)"## => callk(&by(b"  a b  c  "), "rsplit", &[], &[("maxsplit", i(1))]) => r##"[b'  a b', b'c']"##;
        r##"b'a\x0bb'.split()"## => callk(&by(b"a\x0bb"), "split", &[], &[]) => r##"[b'a', b'b']"##;
        r##"b'a b'.split(sep=None, maxsplit=-1)"## => callk(&by(b"a b"), "split", &[], &[("sep", none()), ("maxsplit", i(-1))]) => r##"[b'a', b'b']"##;
        r##"b'aaa'.rsplit(b'aa')"## => callk(&by(b"aaa"), "rsplit", &[by(b"aa")], &[]) => r##"[b'a', b'']"##;
        r##"b'a\nb\r\nc\rd\x0be'.splitlines()"## => callk(&by(b"a\nb\r\nc\rd\x0be"), "splitlines", &[], &[]) => r##"[b'a', b'b', b'c', b'd\x0be']"##;
        r##"b'a\nb\r\nc\rd'.splitlines(keepends=True)"## => callk(&by(b"a\nb\r\nc\rd"), "splitlines", &[], &[("keepends", b(true))]) => r##"[b'a\n', b'b\r\n', b'c\r', b'd']"##;
        r##"b'\n'.splitlines()"## => callk(&by(b"\n"), "splitlines", &[], &[]) => r##"[b'']"##;
        r##"b''.splitlines()"## => callk(&by(b""), "splitlines", &[], &[]) => r##"[]"##;
        r##"b'abab'.rfind(b'ab')"## => callk(&by(b"abab"), "rfind", &[by(b"ab")], &[]) => r##"2"##;
        r##"b'abab'.rfind(98)"## => callk(&by(b"abab"), "rfind", &[i(98)], &[]) => r##"3"##;
        r##"b'abab'.rindex(b'ab', 0, 3)"## => callk(&by(b"abab"), "rindex", &[by(b"ab"), i(0), i(3)], &[]) => r##"0"##;
        r##"b'abab'.rfind(b'', 1)"## => callk(&by(b"abab"), "rfind", &[by(b""), i(1)], &[]) => r##"4"##;
        r##"b'abc'.translate(bytes.maketrans(b'ab', b'xy'))"## => callk(&by(b"abc"), "translate", &[by(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`xycdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff")], &[]) => r##"b'xyc'"##;
        r##"b'abc'.translate(bytes.maketrans(b'ab', b'xy'), b'c')"## => callk(&by(b"abc"), "translate", &[by(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`xycdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff"), by(b"c")], &[]) => r##"b'xy'"##;
        r##"b'abc'.translate(None, delete=b'b')"## => callk(&by(b"abc"), "translate", &[none()], &[("delete", by(b"b"))]) => r##"b'ac'"##;
        r##"b'a'.translate(None, b'a')"## => callk(&by(b"a"), "translate", &[none(), by(b"a")], &[]) => r##"b''"##;
        r##"bytes.maketrans(b'abc', b'xyz')"## => callk(&ty("bytes"), "maketrans", &[by(b"abc"), by(b"xyz")], &[]) => r##"b'\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`xyzdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff'"##;
        r##"b'ab'.join([b'1', b'2', b'3'])"## => callk(&by(b"ab"), "join", &[list([by(b"1"), by(b"2"), by(b"3")])], &[]) => r##"b'1ab2ab3'"##;
        r##"b''.join([])"## => callk(&by(b""), "join", &[list([])], &[]) => r##"b''"##;
        r##"b'-'.join([b'x'])"## => callk(&by(b"-"), "join", &[list([by(b"x")])], &[]) => r##"b'x'"##;
        r##"bytes.fromhex(' 01 02  ff ')"## => callk(&ty("bytes"), "fromhex", &[s(" 01 02  ff ")], &[]) => r##"b'\x01\x02\xff'"##;
        r##"bytes.fromhex('DEADbeef')"## => callk(&ty("bytes"), "fromhex", &[s("DEADbeef")], &[]) => r##"b'\xde\xad\xbe\xef'"##;
        r##"bytes.fromhex('')"## => callk(&ty("bytes"), "fromhex", &[s("")], &[]) => r##"b''"##;
        r##"b''.fromhex('41')"## => callk(&by(b""), "fromhex", &[s("41")], &[]) => r##"b'A'"##;
        r##"b'a'.center(5, 'x')"## => callk(&by(b"a"), "center", &[i(5), s("x")], &[]) => r##"!! TypeError: center() argument 2 must be a byte string of length 1, not str"##;
        r##"b'a'.center(5, b'xy')"## => callk(&by(b"a"), "center", &[i(5), by(b"xy")], &[]) => r##"!! TypeError: center() argument 2 must be a byte string of length 1, not bytes"##;
        r##"b'a'.center(5, 1)"## => callk(&by(b"a"), "center", &[i(5), i(1)], &[]) => r##"!! TypeError: center() argument 2 must be a byte string of length 1, not int"##;
        r##"b'a'.center()"## => callk(&by(b"a"), "center", &[], &[]) => r##"!! TypeError: center expected at least 1 argument, got 0"##;
        r##"b'a'.center(5, fillchar=b'x')"## => callk(&by(b"a"), "center", &[i(5)], &[("fillchar", by(b"x"))]) => r##"!! TypeError: bytes.center() takes no keyword arguments"##;
        r##"b'a'.zfill()"## => callk(&by(b"a"), "zfill", &[], &[]) => r##"!! TypeError: bytes.zfill() takes exactly one argument (0 given)"##;
        r##"b'a'.join([b'x', 'y'])"## => callk(&by(b"a"), "join", &[list([by(b"x"), s("y")])], &[]) => r##"!! TypeError: sequence item 1: expected a bytes-like object, str found"##;
        r##"b'a'.join(1)"## => callk(&by(b"a"), "join", &[i(1)], &[]) => r##"!! TypeError: can only join an iterable"##;
        r##"b'a'.strip('a')"## => callk(&by(b"a"), "strip", &[s("a")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.strip(1)"## => callk(&by(b"a"), "strip", &[i(1)], &[]) => r##"!! TypeError: a bytes-like object is required, not 'int'"##;
        r##"b'a'.strip(b'a', b'b')"## => callk(&by(b"a"), "strip", &[by(b"a"), by(b"b")], &[]) => r##"!! TypeError: strip expected at most 1 argument, got 2"##;
        r##"b'a'.partition('a')"## => callk(&by(b"a"), "partition", &[s("a")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.partition(b'')"## => callk(&by(b"a"), "partition", &[by(b"")], &[]) => r##"!! ValueError: empty separator"##;
        r##"b'a'.rpartition(b'')"## => callk(&by(b"a"), "rpartition", &[by(b"")], &[]) => r##"!! ValueError: empty separator"##;
        r##"b'a'.removeprefix('a')"## => callk(&by(b"a"), "removeprefix", &[s("a")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.replace('a', b'b')"## => callk(&by(b"a"), "replace", &[s("a"), by(b"b")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.replace(b'a', 'b')"## => callk(&by(b"a"), "replace", &[by(b"a"), s("b")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.replace(b'a', b'b', 'x')"## => callk(&by(b"a"), "replace", &[by(b"a"), by(b"b"), s("x")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"b'a'.replace()"## => callk(&by(b"a"), "replace", &[], &[]) => r##"!! TypeError: replace expected at least 2 arguments, got 0"##;
        r##"b'a'.split('a')"## => callk(&by(b"a"), "split", &[s("a")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.split(b'')"## => callk(&by(b"a"), "split", &[by(b"")], &[]) => r##"!! ValueError: empty separator"##;
        r##"b'a'.rsplit(1)"## => callk(&by(b"a"), "rsplit", &[i(1)], &[]) => r##"!! TypeError: a bytes-like object is required, not 'int'"##;
        r##"b'abc'.split(98)"## => callk(&by(b"abc"), "split", &[i(98)], &[]) => r##"!! TypeError: a bytes-like object is required, not 'int'"##;
        r##"b'a b'.split(b' ', 'x')"## => callk(&by(b"a b"), "split", &[by(b" "), s("x")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"b'a'.splitlines('x')"## => callk(&by(b"a"), "splitlines", &[s("x")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"b'a'.translate(b'x')"## => callk(&by(b"a"), "translate", &[by(b"x")], &[]) => r##"!! ValueError: translation table must be 256 characters long"##;
        r##"b'a'.translate(1)"## => callk(&by(b"a"), "translate", &[i(1)], &[]) => r##"!! TypeError: a bytes-like object is required, not 'int'"##;
        r##"b'a'.translate(None, 'x')"## => callk(&by(b"a"), "translate", &[none(), s("x")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"b'a'.translate(b'x'*256, None)"## => callk(&by(b"a"), "translate", &[by(b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), none()], &[]) => r##"!! TypeError: a bytes-like object is required, not 'NoneType'"##;
        r##"bytes.maketrans(b'a', b'bc')"## => callk(&ty("bytes"), "maketrans", &[by(b"a"), by(b"bc")], &[]) => r##"!! ValueError: maketrans arguments must have same length"##;
        r##"bytes.maketrans('a', 'b')"## => callk(&ty("bytes"), "maketrans", &[s("a"), s("b")], &[]) => r##"!! TypeError: a bytes-like object is required, not 'str'"##;
        r##"bytes.maketrans(b'a')"## => callk(&ty("bytes"), "maketrans", &[by(b"a")], &[]) => r##"!! TypeError: maketrans expected 2 arguments, got 1"##;
        r##"bytes.fromhex(1)"## => callk(&ty("bytes"), "fromhex", &[i(1)], &[]) => r##"!! TypeError: fromhex() argument must be str, not int"##;
        r##"bytes.fromhex('0')"## => callk(&ty("bytes"), "fromhex", &[s("0")], &[]) => r##"!! ValueError: non-hexadecimal number found in fromhex() arg at position 1"##;
        r##"bytes.fromhex('zz')"## => callk(&ty("bytes"), "fromhex", &[s("zz")], &[]) => r##"!! ValueError: non-hexadecimal number found in fromhex() arg at position 0"##;
        r##"bytes.fromhex('00 1')"## => callk(&ty("bytes"), "fromhex", &[s("00 1")], &[]) => r##"!! ValueError: non-hexadecimal number found in fromhex() arg at position 4"##;
        r##"bytes.fromhex('0 1')"## => callk(&ty("bytes"), "fromhex", &[s("0 1")], &[]) => r##"!! ValueError: non-hexadecimal number found in fromhex() arg at position 1"##;
        r##"bytes.fromhex('01é')"## => callk(&ty("bytes"), "fromhex", &[s("01\u{e9}")], &[]) => r##"!! ValueError: non-hexadecimal number found in fromhex() arg at position 2"##;
        r##"bytes.fromhex()"## => callk(&ty("bytes"), "fromhex", &[], &[]) => r##"!! TypeError: bytes.fromhex() takes exactly one argument (0 given)"##;
        r##"b'a'.expandtabs('x')"## => callk(&by(b"a"), "expandtabs", &[s("x")], &[]) => r##"!! TypeError: 'str' object cannot be interpreted as an integer"##;
        r##"b'a'.isalpha(1)"## => callk(&by(b"a"), "isalpha", &[i(1)], &[]) => r##"!! TypeError: bytes.isalpha() takes no arguments (1 given)"##;
        r##"b'a'.lower(1)"## => callk(&by(b"a"), "lower", &[i(1)], &[]) => r##"!! TypeError: bytes.lower() takes no arguments (1 given)"##;
        r##"b'a'.rfind()"## => callk(&by(b"a"), "rfind", &[], &[]) => r##"!! TypeError: rfind() takes at least 1 argument (0 given)"##;
        r##"b'a'.rindex(b'b')"## => callk(&by(b"a"), "rindex", &[by(b"b")], &[]) => r##"!! ValueError: subsection not found"##;
        r##"b'a'.ljust(3, b'')"## => callk(&by(b"a"), "ljust", &[i(3), by(b"")], &[]) => r##"!! TypeError: ljust() argument 2 must be a byte string of length 1, not bytes"##;
        r##"b'a'.center(2**63)"## => callk(&by(b"a"), "center", &[Obj::from(9223372036854775808i128)], &[]) => r##"!! OverflowError: Python int too large to convert to C ssize_t"##;
    }
}

/// `dict.fromkeys`, `set.difference_update`, `intersection_update`, `symmetric_difference_update`.
#[test]
fn dict_and_set_methods() {
    table! {
        r##"dict.fromkeys('ab')"## => callk(&ty("dict"), "fromkeys", &[s("ab")], &[]) => r##"{'a': None, 'b': None}"##;
        r##"dict.fromkeys([1, 2], [])"## => callk(&ty("dict"), "fromkeys", &[list([i(1), i(2)]), list([])], &[]) => r##"{1: [], 2: []}"##;
        r##"dict.fromkeys((0, 1, 2), 0)"## => callk(&ty("dict"), "fromkeys", &[tuple([i(0), i(1), i(2)]), i(0)], &[]) => r##"{0: 0, 1: 0, 2: 0}"##;
        r##"{'x': 1}.fromkeys([3])"## => callk(&dict([(s("x"), i(1))]), "fromkeys", &[list([i(3)])], &[]) => r##"{3: None}"##;
        r##"dict.fromkeys([])"## => callk(&ty("dict"), "fromkeys", &[list([])], &[]) => r##"{}"##;
        r##"dict.fromkeys()"## => callk(&ty("dict"), "fromkeys", &[], &[]) => r##"!! TypeError: fromkeys expected at least 1 argument, got 0"##;
        r##"dict.fromkeys([1], 2, 3)"## => callk(&ty("dict"), "fromkeys", &[list([i(1)]), i(2), i(3)], &[]) => r##"!! TypeError: fromkeys expected at most 2 arguments, got 3"##;
        r##"dict.fromkeys([1], value=2)"## => callk(&ty("dict"), "fromkeys", &[list([i(1)])], &[("value", i(2))]) => r##"!! TypeError: dict.fromkeys() takes no keyword arguments"##;
        r##"dict.fromkeys(1)"## => callk(&ty("dict"), "fromkeys", &[i(1)], &[]) => r##"!! TypeError: 'int' object is not iterable"##;
        r##"dict.fromkeys([[1]])"## => callk(&ty("dict"), "fromkeys", &[list([list([i(1)])])], &[]) => r##"!! TypeError: unhashable type: 'list'"##;
        r##"x = {1, 2, 3, 4} ;; x.difference_update([1], {2}) ;; x"## => after(&set([i(1), i(2), i(3), i(4)]), |o| o.call_method_with("difference_update", &Args::new(&[list([i(1)]), set([i(2)])], &[]))) => r##"{3, 4}"##;
        r##"x = {1, 2, 3, 4} ;; x.intersection_update([1, 2, 3], {2, 3, 9}) ;; x"## => after(&set([i(1), i(2), i(3), i(4)]), |o| o.call_method_with("intersection_update", &Args::new(&[list([i(1), i(2), i(3)]), set([i(9), i(2), i(3)])], &[]))) => r##"{2, 3}"##;
        r##"x = {1, 2} ;; x.symmetric_difference_update([2, 3]) ;; x"## => after(&set([i(1), i(2)]), |o| o.call_method_with("symmetric_difference_update", &Args::new(&[list([i(2), i(3)])], &[]))) => r##"{1, 3}"##;
        r##"x = {1, 2} ;; x.intersection_update() ;; x"## => after(&set([i(1), i(2)]), |o| o.call_method_with("intersection_update", &Args::new(&[], &[]))) => r##"{1, 2}"##;
        r##"x = {1, 2} ;; x.difference_update() ;; x"## => after(&set([i(1), i(2)]), |o| o.call_method_with("difference_update", &Args::new(&[], &[]))) => r##"{1, 2}"##;
        r##"x = {1, 2} ;; x.intersection_update({5}) ;; x"## => after(&set([i(1), i(2)]), |o| o.call_method_with("intersection_update", &Args::new(&[set([i(5)])], &[]))) => r##"set()"##;
        r##"x = {'a', 'b'} ;; x.symmetric_difference_update('bc') ;; x"## => after(&set([s("a"), s("b")]), |o| o.call_method_with("symmetric_difference_update", &Args::new(&[s("bc")], &[]))) => r##"{'c', 'a'}"##;
        r##"{1, 2}.difference_update([1])"## => callk(&set([i(1), i(2)]), "difference_update", &[list([i(1)])], &[]) => r##"None"##;
        r##"{1}.difference_update(x=1)"## => callk(&set([i(1)]), "difference_update", &[], &[("x", i(1))]) => r##"!! TypeError: set.difference_update() takes no keyword arguments"##;
        r##"{1}.intersection_update(x=1)"## => callk(&set([i(1)]), "intersection_update", &[], &[("x", i(1))]) => r##"!! TypeError: set.intersection_update() takes no keyword arguments"##;
        r##"{1}.symmetric_difference_update()"## => callk(&set([i(1)]), "symmetric_difference_update", &[], &[]) => r##"!! TypeError: set.symmetric_difference_update() takes exactly one argument (0 given)"##;
        r##"{1}.symmetric_difference_update(1)"## => callk(&set([i(1)]), "symmetric_difference_update", &[i(1)], &[]) => r##"!! TypeError: 'int' object is not iterable"##;
        r##"{1}.intersection_update(1)"## => callk(&set([i(1)]), "intersection_update", &[i(1)], &[]) => r##"!! TypeError: 'int' object is not iterable"##;
        r##"{1}.difference_update(1)"## => callk(&set([i(1)]), "difference_update", &[i(1)], &[]) => r##"!! TypeError: 'int' object is not iterable"##;
    }
}
