//! `bytes`: an immutable sequence of bytes.
//!
//! Every expected text below is what `python3` 3.11 printed for the row's Python source
//! (run with `PYTHONHASHSEED=0`), with one deliberate difference: pyobj has no
//! `UnicodeDecodeError`/`UnicodeEncodeError` types yet, so a codec failure is their base
//! class `ValueError`, carrying CPython's message unchanged.

mod pyobj_support;

use pyobj_runtime::{Args, CompareOp, Obj, PyBytes, PyResult, builtins};
use pyobj_support::{b, dict, f, i, list, none, s, tuple};

/// A bytes object.
fn by(value: &[u8]) -> Obj {
    Obj::bytes(value)
}

/// `2**exponent`, a big int.
fn big(exponent: u32) -> Obj {
    Obj::from(1i128 << exponent)
}

/// `value.name(*args)`.
fn call(value: &[u8], name: &str, args: &[Obj]) -> PyResult<Obj> {
    by(value).call_method(name, args)
}

/// `value.name(*args, **keywords)`.
fn callk(value: &[u8], name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    by(value).call_method_with(name, &Args::new(args, keywords))
}

/// `bytes(*args)`.
fn new(args: &[Obj]) -> PyResult<Obj> {
    builtins::get("bytes")
        .expect("bytes is a builtin")
        .call(args)
}

/// `bytes(*args, **keywords)`.
fn newk(args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    builtins::get("bytes")
        .expect("bytes is a builtin")
        .call_with(&Args::new(args, keywords))
}

/// `value[start:stop:step]`.
fn slice(value: &[u8], start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> PyResult<Obj> {
    by(value).get_item(&Obj::slice(start.map(i), stop.map(i), step.map(i)))
}

/// `repr`/`str` choose CPython's quotes and escapes.
#[test]
fn repr_quotes_and_escapes_as_cpython() {
    table! {
        r#"b'abc'"# => Ok(by(b"abc")) => r#"b'abc'"#;
        r#"b''"# => Ok(by(b"")) => r#"b''"#;
        r#"b'\x00\n\t\r\\'"# => Ok(by(b"\x00\n\t\r\\")) => r#"b'\x00\n\t\r\\'"#;
        r#"b"it's""# => Ok(by(b"it's")) => r#"b"it's""#;
        r#"b'say "hi"'"# => Ok(by(b"say \"hi\"")) => r#"b'say "hi"'"#;
        r#"b'both \' and "'"# => Ok(by(b"both ' and \"")) => r#"b'both \' and "'"#;
        r#"b'\x1f \x7f\x80\xff~'"# => Ok(by(b"\x1f \x7f\x80\xff~")) => r#"b'\x1f \x7f\x80\xff~'"#;
        r#"bytes(range(256))"# => Ok(by(&(0..=255).collect::<Vec<u8>>())) => r##"b'\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff'"##;
        r#"str(b'a\x80')"# => builtins::str(&by(b"a\x80")) => r#""b'a\\x80'""#;
        r#"repr(b'a')"# => builtins::repr(&by(b"a")) => r#""b'a'""#;
        r#"str([b'a', b''])"# => builtins::str(&list([by(b"a"), by(b"")])) => r#""[b'a', b'']""#;
        r#"type(b'')"# => Ok(builtins::type_(&by(b""))) => r#"<class 'bytes'>"#;
        r#"bool(b'')"# => builtins::bool(&by(b"")) => r#"False"#;
        r#"bool(b'\x00')"# => builtins::bool(&by(b"\x00")) => r#"True"#;
        r#"len(b'abc')"# => builtins::len(&by(b"abc")) => r#"3"#;
        r#"len(b'')"# => builtins::len(&by(b"")) => r#"0"#;
    }
}

/// `hash` is CPython's SipHash-1-3 over the bytes (`PYTHONHASHSEED=0`).
#[test]
fn hash_equals_cpython() {
    table! {
        r#"hash(b'')"# => builtins::hash(&by(b"")) => r#"0"#;
        r#"hash(b'abc')"# => builtins::hash(&by(b"abc")) => r#"-4594863902769663758"#;
        r#"hash('abc')"# => builtins::hash(&s("abc")) => r#"-4594863902769663758"#;
        r#"hash(b'\x80')"# => builtins::hash(&by(b"\x80")) => r#"6142462278820401560"#;
        r#"hash('\x80')"# => builtins::hash(&s("\u{80}")) => r#"6142462278820401560"#;
        r#"hash(b'\xff\x00abc')"# => builtins::hash(&by(b"\xff\x00abc")) => r#"-264548718063365655"#;
        r#"hash(b'abcdefghijklmnopqrstuvwxyz0123456789')"# => builtins::hash(&by(b"abcdefghijklmnopqrstuvwxyz0123456789")) => r#"-99395660548226206"#;
        r#"hash(b'a' * 100)"# => builtins::hash(&by(&[b"a"[0]; 100])) => r#"-2643860352045292050"#;
        r#"hash('é'.encode())"# => builtins::hash(&by("é".as_bytes())) => r#"-1266968099349302080"#;
        r#"{b'a': 1}[b'a']"# => dict([(by(b"a"), i(1))]).get_item(&by(b"a")) => r#"1"#;
        r#"{b'a': 1}.get('a')"# => dict([(by(b"a"), i(1))]).call_method("get", &[s("a")]) => r#"None"#;
        r#"len({b'a', b'a', 'a'})"# => builtins::len(&pyobj_support::set([by(b"a"), by(b"a"), s("a")])) => r#"2"#;
    }
}

/// Rich comparisons: bytes with bytes only.
#[test]
fn comparisons_are_lexicographic_and_never_equal_str() {
    table! {
        r#"b'a' == b'a'"# => by(b"a").rich_compare(&by(b"a"), CompareOp::Eq) => r#"True"#;
        r#"b'a' == 'a'"# => by(b"a").rich_compare(&s("a"), CompareOp::Eq) => r#"False"#;
        r#"b'a' != 'a'"# => by(b"a").rich_compare(&s("a"), CompareOp::Ne) => r#"True"#;
        r#"'a' == b'a'"# => s("a").rich_compare(&by(b"a"), CompareOp::Eq) => r#"False"#;
        r#"b'a' != b'b'"# => by(b"a").rich_compare(&by(b"b"), CompareOp::Ne) => r#"True"#;
        r#"b'abc' < b'abd'"# => by(b"abc").rich_compare(&by(b"abd"), CompareOp::Lt) => r#"True"#;
        r#"b'ab' < b'abc'"# => by(b"ab").rich_compare(&by(b"abc"), CompareOp::Lt) => r#"True"#;
        r#"b'\xff' > b'a'"# => by(b"\xff").rich_compare(&by(b"a"), CompareOp::Gt) => r#"True"#;
        r#"b'abc' <= b'abc'"# => by(b"abc").rich_compare(&by(b"abc"), CompareOp::Le) => r#"True"#;
        r#"b'abc' >= b'abd'"# => by(b"abc").rich_compare(&by(b"abd"), CompareOp::Ge) => r#"False"#;
        r#"b'' < b'\x00'"# => by(b"").rich_compare(&by(b"\x00"), CompareOp::Lt) => r#"True"#;
        r#"b'a' < 'a'"# => by(b"a").rich_compare(&s("a"), CompareOp::Lt) => r#"!! TypeError: '<' not supported between instances of 'bytes' and 'str'"#;
        r#"'a' < b'a'"# => s("a").rich_compare(&by(b"a"), CompareOp::Lt) => r#"!! TypeError: '<' not supported between instances of 'str' and 'bytes'"#;
        r#"b'abc' < 1"# => by(b"abc").rich_compare(&i(1), CompareOp::Lt) => r#"!! TypeError: '<' not supported between instances of 'bytes' and 'int'"#;
        r#"b'a' in [b'a']"# => list([by(b"a")]).contains(&by(b"a")).map(Obj::from) => r#"True"#;
        r#"'a' in [b'a']"# => list([by(b"a")]).contains(&s("a")).map(Obj::from) => r#"False"#;
    }
}

/// Indexing, slicing and iteration.
#[test]
fn indexing_gives_ints_and_slicing_gives_bytes() {
    table! {
        r#"b'abc'[1]"# => by(b"abc").get_item(&i(1)) => r#"98"#;
        r#"b'abc'[-1]"# => by(b"abc").get_item(&i(-1)) => r#"99"#;
        r#"b'\xff'[0]"# => by(b"\xff").get_item(&i(0)) => r#"255"#;
        r#"b'abc'[True]"# => by(b"abc").get_item(&b(true)) => r#"98"#;
        r#"b'abc'[3]"# => by(b"abc").get_item(&i(3)) => r#"!! IndexError: index out of range"#;
        r#"b'abc'[-4]"# => by(b"abc").get_item(&i(-4)) => r#"!! IndexError: index out of range"#;
        r#"b''[0]"# => by(b"").get_item(&i(0)) => r#"!! IndexError: index out of range"#;
        r#"b'abc'['a']"# => by(b"abc").get_item(&s("a")) => r#"!! TypeError: byte indices must be integers or slices, not str"#;
        r#"b'abc'[1.5]"# => by(b"abc").get_item(&f(1.5)) => r#"!! TypeError: byte indices must be integers or slices, not float"#;
        r#"b'abc'[2**70]"# => by(b"abc").get_item(&big(70)) => r#"!! IndexError: cannot fit 'int' into an index-sized integer"#;
        r#"b'abcdef'[1:4]"# => slice(b"abcdef", Some(1), Some(4), None) => r#"b'bcd'"#;
        r#"b'abcdef'[::-1]"# => slice(b"abcdef", None, None, Some(-1)) => r#"b'fedcba'"#;
        r#"b'abcdef'[::2]"# => slice(b"abcdef", None, None, Some(2)) => r#"b'ace'"#;
        r#"b'abcdef'[-2:]"# => slice(b"abcdef", Some(-2), None, None) => r#"b'ef'"#;
        r#"b'abcdef'[4:1:-1]"# => slice(b"abcdef", Some(4), Some(1), Some(-1)) => r#"b'edc'"#;
        r#"b'abcdef'[10:]"# => slice(b"abcdef", Some(10), None, None) => r#"b''"#;
        r#"b'abc'[1:2]"# => slice(b"abc", Some(1), Some(2), None) => r#"b'b'"#;
        r#"b'abc'[::0]"# => slice(b"abc", None, None, Some(0)) => r#"!! ValueError: slice step cannot be zero"#;
        r#"list(b'ab\xff')"# => builtins::list(&by(b"ab\xff")) => r#"[97, 98, 255]"#;
        r#"list(b'')"# => builtins::list(&by(b"")) => r#"[]"#;
        r#"tuple(b'\x00\x01')"# => builtins::tuple(&by(b"\x00\x01")) => r#"(0, 1)"#;
        r#"type(iter(b'ab'))"# => builtins::iter(&by(b"ab")).map(|it| builtins::type_(&it)) => r#"<class 'bytes_iterator'>"#;
        r#"sum(b'\x01\x02\x03')"# => builtins::sum(&by(b"\x01\x02\x03")) => r#"6"#;
        r#"sorted(b'cab')"# => builtins::sorted(&by(b"cab")) => r#"[97, 98, 99]"#;
    }
}

/// `+`, `*` and `in`.
#[test]
fn operators_follow_python() {
    table! {
        r#"b'a' + b'b'"# => by(b"a").add(&by(b"b")) => r#"b'ab'"#;
        r#"b'' + b''"# => by(b"").add(&by(b"")) => r#"b''"#;
        r#"b'a' + b''"# => by(b"a").add(&by(b"")) => r#"b'a'"#;
        r#"b'a' + 'b'"# => by(b"a").add(&s("b")) => r#"!! TypeError: can't concat str to bytes"#;
        r#"b'a' + 1"# => by(b"a").add(&i(1)) => r#"!! TypeError: can't concat int to bytes"#;
        r#"b'a' + None"# => by(b"a").add(&none()) => r#"!! TypeError: can't concat NoneType to bytes"#;
        r#"'a' + b'b'"# => s("a").add(&by(b"b")) => r#"!! TypeError: can only concatenate str (not "bytes") to str"#;
        r#"[1] + b'a'"# => list([i(1)]).add(&by(b"a")) => r#"!! TypeError: can only concatenate list (not "bytes") to list"#;
        r#"b'a' - b'a'"# => by(b"a").sub(&by(b"a")) => r#"!! TypeError: unsupported operand type(s) for -: 'bytes' and 'bytes'"#;
        r#"b'ab' * 3"# => by(b"ab").mul(&i(3)) => r#"b'ababab'"#;
        r#"3 * b'ab'"# => i(3).mul(&by(b"ab")) => r#"b'ababab'"#;
        r#"b'ab' * 0"# => by(b"ab").mul(&i(0)) => r#"b''"#;
        r#"b'ab' * -2"# => by(b"ab").mul(&i(-2)) => r#"b''"#;
        r#"b'abc' * True"# => by(b"abc").mul(&b(true)) => r#"b'abc'"#;
        r#"b'' * 5"# => by(b"").mul(&i(5)) => r#"b''"#;
        r#"b'ab' * 1.5"# => by(b"ab").mul(&f(1.5)) => r#"!! TypeError: can't multiply sequence by non-int of type 'float'"#;
        r#"b'ab' * b'ab'"# => by(b"ab").mul(&by(b"ab")) => r#"!! TypeError: can't multiply sequence by non-int of type 'bytes'"#;
        r#"b'ab' * 2**70"# => by(b"ab").mul(&big(70)) => r#"!! OverflowError: cannot fit 'int' into an index-sized integer"#;
        r#"b'ab' * (sys.maxsize // 2 + 1)"# => by(b"ab").mul(&i(i64::MAX / 2 + 1)) => r#"!! OverflowError: repeated bytes are too long"#;
        r#"97 in b'abc'"# => by(b"abc").contains(&i(97)).map(Obj::from) => r#"True"#;
        r#"100 in b'abc'"# => by(b"abc").contains(&i(100)).map(Obj::from) => r#"False"#;
        r#"True in b'\x01'"# => by(b"\x01").contains(&b(true)).map(Obj::from) => r#"True"#;
        r#"0 in b''"# => by(b"").contains(&i(0)).map(Obj::from) => r#"False"#;
        r#"b'bc' in b'abc'"# => by(b"abc").contains(&by(b"bc")).map(Obj::from) => r#"True"#;
        r#"b'' in b'abc'"# => by(b"abc").contains(&by(b"")).map(Obj::from) => r#"True"#;
        r#"b'' in b''"# => by(b"").contains(&by(b"")).map(Obj::from) => r#"True"#;
        r#"b'ac' in b'abc'"# => by(b"abc").contains(&by(b"ac")).map(Obj::from) => r#"False"#;
        r#"b'abcd' in b'abc'"# => by(b"abc").contains(&by(b"abcd")).map(Obj::from) => r#"False"#;
        r#"'a' in b'a'"# => by(b"a").contains(&s("a")).map(Obj::from) => r#"!! TypeError: a bytes-like object is required, not 'str'"#;
        r#"256 in b'a'"# => by(b"a").contains(&i(256)).map(Obj::from) => r#"!! ValueError: byte must be in range(0, 256)"#;
        r#"-1 in b'a'"# => by(b"a").contains(&i(-1)).map(Obj::from) => r#"!! ValueError: byte must be in range(0, 256)"#;
        r#"2**70 in b'a'"# => by(b"a").contains(&big(70)).map(Obj::from) => r#"!! ValueError: byte must be in range(0, 256)"#;
        r#"1.5 in b'a'"# => by(b"a").contains(&f(1.5)).map(Obj::from) => r#"!! TypeError: a bytes-like object is required, not 'float'"#;
        r#"None in b'a'"# => by(b"a").contains(&none()).map(Obj::from) => r#"!! TypeError: a bytes-like object is required, not 'NoneType'"#;
    }
}

/// `decode()`: UTF-8 by default, CPython's error texts (a `ValueError` here, see the module docs).
#[test]
fn decode_is_utf8_with_cpython_errors() {
    table! {
        r#"b'abc'.decode()"# => call(b"abc", "decode", &[]) => r#"'abc'"#;
        r#"b''.decode()"# => call(b"", "decode", &[]) => r#"''"#;
        r#"b'h\xc3\xa9llo \xf0\x9f\x98\x80'.decode()"# => call(b"h\xc3\xa9llo \xf0\x9f\x98\x80", "decode", &[]) => r#"'héllo 😀'"#;
        r#"b'\xff'.decode()"# => call(b"\xff", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"#;
        r#"b'a\x80b'.decode()"# => call(b"a\x80b", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0x80 in position 1: invalid start byte"#;
        r#"b'\xe2\x28\xa1'.decode()"# => call(b"\xe2\x28\xa1", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xe2 in position 0: invalid continuation byte"#;
        r#"b'\xf0\x9f\x98'.decode()"# => call(b"\xf0\x9f\x98", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode bytes in position 0-2: unexpected end of data"#;
        r#"b'\xf0\x9f\x28'.decode()"# => call(b"\xf0\x9f\x28", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"#;
        r#"b'\xed\xa0\x80'.decode()"# => call(b"\xed\xa0\x80", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"#;
        r#"b'\xc0\x80'.decode()"# => call(b"\xc0\x80", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"#;
        r#"b'\xe0\x80\x80'.decode()"# => call(b"\xe0\x80\x80", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xe0 in position 0: invalid continuation byte"#;
        r#"b'\xf4\x90\x80\x80'.decode()"# => call(b"\xf4\x90\x80\x80", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte"#;
        r#"b'\xf5'.decode()"# => call(b"\xf5", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode byte 0xf5 in position 0: invalid start byte"#;
        r#"b'ab\xe2\x82'.decode()"# => call(b"ab\xe2\x82", "decode", &[]) => r#"!! ValueError: 'utf-8' codec can't decode bytes in position 2-3: unexpected end of data"#;
        r#"b'abc'.decode('utf-8')"# => call(b"abc", "decode", &[s("utf-8")]) => r#"'abc'"#;
        r#"b'a'.decode('UTF-8')"# => call(b"a", "decode", &[s("UTF-8")]) => r#"'a'"#;
        r#"b'a'.decode('Utf_8')"# => call(b"a", "decode", &[s("Utf_8")]) => r#"'a'"#;
        r#"b'a'.decode('utf8')"# => call(b"a", "decode", &[s("utf8")]) => r#"'a'"#;
        r#"b'a'.decode(' utf 8 ')"# => call(b"a", "decode", &[s(" utf 8 ")]) => r#"'a'"#;
        r#"b'abc'.decode('ascii')"# => call(b"abc", "decode", &[s("ascii")]) => r#"'abc'"#;
        r#"b'a'.decode('us-ascii')"# => call(b"a", "decode", &[s("us-ascii")]) => r#"'a'"#;
        r#"b'a\xe9'.decode('ascii')"# => call(b"a\xe9", "decode", &[s("ascii")]) => r#"!! ValueError: 'ascii' codec can't decode byte 0xe9 in position 1: ordinal not in range(128)"#;
        r#"b'\xff\xfe'.decode('ascii')"# => call(b"\xff\xfe", "decode", &[s("ascii")]) => r#"!! ValueError: 'ascii' codec can't decode byte 0xff in position 0: ordinal not in range(128)"#;
        r#"b'a\xe9\xff'.decode('latin-1')"# => call(b"a\xe9\xff", "decode", &[s("latin-1")]) => r#"'aéÿ'"#;
        r#"b'a\xe9'.decode('iso-8859-1')"# => call(b"a\xe9", "decode", &[s("iso-8859-1")]) => r#"'aé'"#;
        r#"b'a\xff'.decode('utf-8', 'ignore')"# => call(b"a\xff", "decode", &[s("utf-8"), s("ignore")]) => r#"'a'"#;
        r#"b'a\xffb'.decode('utf-8', 'replace')"# => call(b"a\xffb", "decode", &[s("utf-8"), s("replace")]) => r#"'a�b'"#;
        r#"b'a\xffb'.decode(errors='replace')"# => callk(b"a\xffb", "decode", &[], &[("errors", s("replace"))]) => r#"'a�b'"#;
        r#"b'\xf0\x9f\x28x\xff'.decode('utf-8', 'replace')"# => call(b"\xf0\x9f\x28x\xff", "decode", &[s("utf-8"), s("replace")]) => r#"'�(x�'"#;
        r#"b'\xf0\x9f\x28x\xff'.decode('utf-8', 'backslashreplace')"# => call(b"\xf0\x9f\x28x\xff", "decode", &[s("utf-8"), s("backslashreplace")]) => r#"'\\xf0\\x9f(x\\xff'"#;
        r#"b'\xf0\x9f\x28x\xff'.decode('utf-8', 'ignore')"# => call(b"\xf0\x9f\x28x\xff", "decode", &[s("utf-8"), s("ignore")]) => r#"'(x'"#;
        r#"b'\xed\xa0\x80'.decode('utf-8', 'replace')"# => call(b"\xed\xa0\x80", "decode", &[s("utf-8"), s("replace")]) => r#"'���'"#;
        r#"b'a\xe9'.decode('ascii', 'replace')"# => call(b"a\xe9", "decode", &[s("ascii"), s("replace")]) => r#"'a�'"#;
        r#"b'a\xe9'.decode('ascii', 'backslashreplace')"# => call(b"a\xe9", "decode", &[s("ascii"), s("backslashreplace")]) => r#"'a\\xe9'"#;
        r#"b'a\xe9'.decode('ascii', 'ignore')"# => call(b"a\xe9", "decode", &[s("ascii"), s("ignore")]) => r#"'a'"#;
        r#"b'a'.decode('nope')"# => call(b"a", "decode", &[s("nope")]) => r#"!! LookupError: unknown encoding: nope"#;
        r#"b'a'.decode('utf-8', 'nope')"# => call(b"a", "decode", &[s("utf-8"), s("nope")]) => r#"'a'"#;
        r#"b'\xff'.decode('utf-8', 'nope')"# => call(b"\xff", "decode", &[s("utf-8"), s("nope")]) => r#"!! LookupError: unknown error handler name 'nope'"#;
        r#"b'a'.decode(1)"# => call(b"a", "decode", &[i(1)]) => r#"!! TypeError: decode() argument 'encoding' must be str, not int"#;
        r#"b'abc'.decode(encoding=None)"# => callk(b"abc", "decode", &[], &[("encoding", none())]) => r#"!! TypeError: decode() argument 'encoding' must be str, not None"#;
        r#"b'a'.decode('utf-8', errors=1)"# => callk(b"a", "decode", &[s("utf-8")], &[("errors", i(1))]) => r#"!! TypeError: decode() argument 'errors' must be str, not int"#;
        r#"b'a'.decode('utf-8', 'strict', 3)"# => call(b"a", "decode", &[s("utf-8"), s("strict"), i(3)]) => r#"!! TypeError: decode() takes at most 2 arguments (3 given)"#;
        r#"b'a'.decode(foo=1)"# => callk(b"a", "decode", &[], &[("foo", i(1))]) => r#"!! TypeError: 'foo' is an invalid keyword argument for decode()"#;
        r#"b'a'.decode('utf-8', encoding='utf-8')"# => callk(b"a", "decode", &[s("utf-8")], &[("encoding", s("utf-8"))]) => r#"!! TypeError: argument for decode() given by name ('encoding') and position (1)"#;
    }
}

/// `hex()`, with and without separators.
#[test]
fn hex_matches_cpython() {
    table! {
        r#"b'\x00\xffab'.hex()"# => call(b"\x00\xffab", "hex", &[]) => r#"'00ff6162'"#;
        r#"b''.hex()"# => call(b"", "hex", &[]) => r#"''"#;
        r#"b'\x01\x02\x03\x04\x05'.hex(':')"# => call(b"\x01\x02\x03\x04\x05", "hex", &[s(":")]) => r#"'01:02:03:04:05'"#;
        r#"b'\x01\x02\x03\x04\x05'.hex(':', 2)"# => call(b"\x01\x02\x03\x04\x05", "hex", &[s(":"), i(2)]) => r#"'01:0203:0405'"#;
        r#"b'\x01\x02\x03\x04\x05'.hex(':', -2)"# => call(b"\x01\x02\x03\x04\x05", "hex", &[s(":"), i(-2)]) => r#"'0102:0304:05'"#;
        r#"b'\x01\x02\x03\x04\x05'.hex(b'-', 3)"# => call(b"\x01\x02\x03\x04\x05", "hex", &[by(b"-"), i(3)]) => r#"'0102-030405'"#;
        r#"b'\x01\x02'.hex(':', 0)"# => call(b"\x01\x02", "hex", &[s(":"), i(0)]) => r#"'0102'"#;
        r#"b'\x01\x02'.hex(':', 5)"# => call(b"\x01\x02", "hex", &[s(":"), i(5)]) => r#"'0102'"#;
        r#"b'\x01\x02'.hex(sep=':')"# => callk(b"\x01\x02", "hex", &[], &[("sep", s(":"))]) => r#"'01:02'"#;
        r#"b'\x01\x02\x03'.hex(sep=':', bytes_per_sep=-1)"# => callk(b"\x01\x02\x03", "hex", &[], &[("sep", s(":")), ("bytes_per_sep", i(-1))]) => r#"'01:02:03'"#;
        r#"b'\x01\x02\x03'.hex(bytes_per_sep=1)"# => callk(b"\x01\x02\x03", "hex", &[], &[("bytes_per_sep", i(1))]) => r#"'010203'"#;
        r#"b'\x01\x02'.hex('ab')"# => call(b"\x01\x02", "hex", &[s("ab")]) => r#"!! ValueError: sep must be length 1."#;
        r#"b'\x01\x02'.hex('')"# => call(b"\x01\x02", "hex", &[s("")]) => r#"!! ValueError: sep must be length 1."#;
        r#"b'\x01\x02'.hex('é')"# => call(b"\x01\x02", "hex", &[s("é")]) => r#"!! ValueError: sep must be ASCII."#;
        r#"b'\x01\x02\x03'.hex(b'\xff')"# => call(b"\x01\x02\x03", "hex", &[by(b"\xff")]) => r#"!! ValueError: sep must be ASCII."#;
        r#"b'\x01\x02'.hex(1)"# => call(b"\x01\x02", "hex", &[i(1)]) => r#"!! TypeError: object of type 'int' has no len()"#;
        r#"b'\x01'.hex(None)"# => call(b"\x01", "hex", &[none()]) => r#"!! TypeError: object of type 'NoneType' has no len()"#;
        r#"b'\x01'.hex(':', 'x')"# => call(b"\x01", "hex", &[s(":"), s("x")]) => r#"!! TypeError: 'str' object cannot be interpreted as an integer"#;
        r#"b'\x01\x02\x03'.hex(':', 2**70)"# => call(b"\x01\x02\x03", "hex", &[s(":"), big(70)]) => r#"!! OverflowError: Python int too large to convert to C int"#;
        r#"b'\x01\x02'.hex(1, 2, 3)"# => call(b"\x01\x02", "hex", &[i(1), i(2), i(3)]) => r#"!! TypeError: hex() takes at most 2 arguments (3 given)"#;
        r#"b'\x01\x02'.hex(foo=1)"# => callk(b"\x01\x02", "hex", &[], &[("foo", i(1))]) => r#"!! TypeError: 'foo' is an invalid keyword argument for hex()"#;
        r#"b'\x01\x02'.hex(':', sep=':')"# => callk(b"\x01\x02", "hex", &[s(":")], &[("sep", s(":"))]) => r#"!! TypeError: argument for hex() given by name ('sep') and position (1)"#;
    }
}

/// `count`, `find` and `index`: bytes or int needles, `start`/`end`.
#[test]
fn count_find_index_match_cpython() {
    table! {
        r#"b'abcabc'.count(b'b')"# => call(b"abcabc", "count", &[by(b"b")]) => r#"2"#;
        r#"b'abcabc'.count(b'')"# => call(b"abcabc", "count", &[by(b"")]) => r#"7"#;
        r#"b'abcabc'.count(98)"# => call(b"abcabc", "count", &[i(98)]) => r#"2"#;
        r#"b'\x01'.count(True)"# => call(b"\x01", "count", &[b(true)]) => r#"1"#;
        r#"b'aaaa'.count(b'aa')"# => call(b"aaaa", "count", &[by(b"aa")]) => r#"2"#;
        r#"b'abcabc'.count(b'b', 2)"# => call(b"abcabc", "count", &[by(b"b"), i(2)]) => r#"1"#;
        r#"b'abcabc'.count(b'b', 2, 4)"# => call(b"abcabc", "count", &[by(b"b"), i(2), i(4)]) => r#"0"#;
        r#"b'abcabc'.count(b'', 10)"# => call(b"abcabc", "count", &[by(b""), i(10)]) => r#"0"#;
        r#"b'abc'.count(b'a', None)"# => call(b"abc", "count", &[by(b"a"), none()]) => r#"1"#;
        r#"b'aaa'.count(b'a', -2)"# => call(b"aaa", "count", &[by(b"a"), i(-2)]) => r#"2"#;
        r#"b'abc'.count('a')"# => call(b"abc", "count", &[s("a")]) => r#"!! TypeError: argument should be integer or bytes-like object, not 'str'"#;
        r#"b'abc'.count(256)"# => call(b"abc", "count", &[i(256)]) => r#"!! ValueError: byte must be in range(0, 256)"#;
        r#"b'a'.count(-1)"# => call(b"a", "count", &[i(-1)]) => r#"!! ValueError: byte must be in range(0, 256)"#;
        r#"b'a'.count(2**70)"# => call(b"a", "count", &[big(70)]) => r#"!! ValueError: byte must be in range(0, 256)"#;
        r#"b'abc'.count()"# => call(b"abc", "count", &[]) => r#"!! TypeError: count() takes at least 1 argument (0 given)"#;
        r#"b'abc'.count(b'a', 1, 2, 3)"# => call(b"abc", "count", &[by(b"a"), i(1), i(2), i(3)]) => r#"!! TypeError: count() takes at most 3 arguments (4 given)"#;
        r#"b'abc'.find(b'c')"# => call(b"abc", "find", &[by(b"c")]) => r#"2"#;
        r#"b'abc'.find(b'x')"# => call(b"abc", "find", &[by(b"x")]) => r#"-1"#;
        r#"b'abc'.find(99)"# => call(b"abc", "find", &[i(99)]) => r#"2"#;
        r#"b'abcabc'.find(b'b', 2)"# => call(b"abcabc", "find", &[by(b"b"), i(2)]) => r#"4"#;
        r#"b'abcabc'.find(b'b', -2)"# => call(b"abcabc", "find", &[by(b"b"), i(-2)]) => r#"4"#;
        r#"b'abcabc'.find(b'bc', 0, 2)"# => call(b"abcabc", "find", &[by(b"bc"), i(0), i(2)]) => r#"-1"#;
        r#"b'abc'.find(b'', 3)"# => call(b"abc", "find", &[by(b""), i(3)]) => r#"3"#;
        r#"b'abc'.find(b'', 4)"# => call(b"abc", "find", &[by(b""), i(4)]) => r#"-1"#;
        r#"b'abc'.find(b'c', None, None)"# => call(b"abc", "find", &[by(b"c"), none(), none()]) => r#"2"#;
        r#"b'abc'.find(b'c', -2**70, 2**70)"# => call(b"abc", "find", &[by(b"c"), big(70).neg().unwrap(), big(70)]) => r#"2"#;
        r#"b'abc'.find('c')"# => call(b"abc", "find", &[s("c")]) => r#"!! TypeError: argument should be integer or bytes-like object, not 'str'"#;
        r#"b'abc'.find(1.5)"# => call(b"abc", "find", &[f(1.5)]) => r#"!! TypeError: argument should be integer or bytes-like object, not 'float'"#;
        r#"b'abc'.find(b'c', 'x')"# => call(b"abc", "find", &[by(b"c"), s("x")]) => r#"!! TypeError: slice indices must be integers or None or have an __index__ method"#;
        r#"b'a'.find(b'a', start=0)"# => callk(b"a", "find", &[by(b"a")], &[("start", i(0))]) => r#"!! TypeError: bytes.find() takes no keyword arguments"#;
        r#"b'abc'.index(b'c')"# => call(b"abc", "index", &[by(b"c")]) => r#"2"#;
        r#"b'abc'.index(b'x')"# => call(b"abc", "index", &[by(b"x")]) => r#"!! ValueError: subsection not found"#;
    }
}

/// `startswith`/`endswith`: bytes or tuples of bytes, `start`/`end`.
#[test]
fn startswith_endswith_match_cpython() {
    table! {
        r#"b'abc'.startswith(b'ab')"# => call(b"abc", "startswith", &[by(b"ab")]) => r#"True"#;
        r#"b'abc'.startswith(b'b')"# => call(b"abc", "startswith", &[by(b"b")]) => r#"False"#;
        r#"b'abc'.startswith(b'b', 1)"# => call(b"abc", "startswith", &[by(b"b"), i(1)]) => r#"True"#;
        r#"b'abc'.startswith((b'x', b'a'))"# => call(b"abc", "startswith", &[tuple([by(b"x"), by(b"a")])]) => r#"True"#;
        r#"b'abc'.startswith(())"# => call(b"abc", "startswith", &[tuple([])]) => r#"False"#;
        r#"b'abc'.startswith(b'', 3)"# => call(b"abc", "startswith", &[by(b""), i(3)]) => r#"True"#;
        r#"b'abc'.startswith(b'', 4)"# => call(b"abc", "startswith", &[by(b""), i(4)]) => r#"False"#;
        r#"b'abc'.startswith(b'a', -10)"# => call(b"abc", "startswith", &[by(b"a"), i(-10)]) => r#"True"#;
        r#"b'abc'.startswith(b'a', 2**70)"# => call(b"abc", "startswith", &[by(b"a"), big(70)]) => r#"False"#;
        r#"b'abc'.startswith(b'abc', 0, 2)"# => call(b"abc", "startswith", &[by(b"abc"), i(0), i(2)]) => r#"False"#;
        r#"b'abc'.startswith(b'a', None, None)"# => call(b"abc", "startswith", &[by(b"a"), none(), none()]) => r#"True"#;
        r#"b'abc'.startswith('a')"# => call(b"abc", "startswith", &[s("a")]) => r#"!! TypeError: startswith first arg must be bytes or a tuple of bytes, not str"#;
        r#"b'abc'.startswith(('a',))"# => call(b"abc", "startswith", &[tuple([s("a")])]) => r#"!! TypeError: a bytes-like object is required, not 'str'"#;
        r#"b'abc'.startswith(97)"# => call(b"abc", "startswith", &[i(97)]) => r#"!! TypeError: startswith first arg must be bytes or a tuple of bytes, not int"#;
        r#"b'abc'.startswith(b'a', 'x')"# => call(b"abc", "startswith", &[by(b"a"), s("x")]) => r#"!! TypeError: slice indices must be integers or None or have an __index__ method"#;
        r#"b'abc'.startswith(b'a', 1, 2, 3)"# => call(b"abc", "startswith", &[by(b"a"), i(1), i(2), i(3)]) => r#"!! TypeError: startswith() takes at most 3 arguments (4 given)"#;
        r#"b'abc'.startswith(b'a', end=1)"# => callk(b"abc", "startswith", &[by(b"a")], &[("end", i(1))]) => r#"!! TypeError: bytes.startswith() takes no keyword arguments"#;
        r#"b'abc'.startswith()"# => call(b"abc", "startswith", &[]) => r#"!! TypeError: startswith() takes at least 1 argument (0 given)"#;
        r#"b'abc'.endswith(b'bc')"# => call(b"abc", "endswith", &[by(b"bc")]) => r#"True"#;
        r#"b'abc'.endswith(b'b')"# => call(b"abc", "endswith", &[by(b"b")]) => r#"False"#;
        r#"b'abc'.endswith(b'b', 0, 2)"# => call(b"abc", "endswith", &[by(b"b"), i(0), i(2)]) => r#"True"#;
        r#"b'abc'.endswith(b'', 5)"# => call(b"abc", "endswith", &[by(b""), i(5)]) => r#"False"#;
        r#"b'abc'.endswith(b'')"# => call(b"abc", "endswith", &[by(b"")]) => r#"True"#;
        r#"b'abc'.endswith((b'c',), -1)"# => call(b"abc", "endswith", &[tuple([by(b"c")]), i(-1)]) => r#"True"#;
        r#"b'abc'.endswith(b'c', -10, 10)"# => call(b"abc", "endswith", &[by(b"c"), i(-10), i(10)]) => r#"True"#;
        r#"b'abc'.endswith('c')"# => call(b"abc", "endswith", &[s("c")]) => r#"!! TypeError: endswith first arg must be bytes or a tuple of bytes, not str"#;
        r#"b'ab'.nope"# => by(b"ab").getattr("nope") => r#"!! AttributeError: 'bytes' object has no attribute 'nope'"#;
    }
}

/// `bytes()`, `bytes(n)`, `bytes(iterable)`, `bytes(text, encoding, errors)`.
#[test]
fn constructor_matches_cpython() {
    table! {
        r#"bytes()"# => new(&[]) => r#"b''"#;
        r#"bytes(3)"# => new(&[i(3)]) => r#"b'\x00\x00\x00'"#;
        r#"bytes(0)"# => new(&[i(0)]) => r#"b''"#;
        r#"bytes(True)"# => new(&[b(true)]) => r#"b'\x00'"#;
        r#"bytes([97, 98])"# => new(&[list([i(97), i(98)])]) => r#"b'ab'"#;
        r#"bytes([True])"# => new(&[list([b(true)])]) => r#"b'\x01'"#;
        r#"bytes((1, 2))"# => new(&[tuple([i(1), i(2)])]) => r#"b'\x01\x02'"#;
        r#"bytes(range(3))"# => new(&[builtins::range(&[i(3)]).unwrap()]) => r#"b'\x00\x01\x02'"#;
        r#"bytes(b'ab')"# => new(&[by(b"ab")]) => r#"b'ab'"#;
        r#"bytes(source=b'x')"# => newk(&[], &[("source", by(b"x"))]) => r#"b'x'"#;
        r#"bytes(-1)"# => new(&[i(-1)]) => r#"!! ValueError: negative count"#;
        r#"bytes(2**70)"# => new(&[big(70)]) => r#"!! OverflowError: cannot fit 'int' into an index-sized integer"#;
        r#"bytes([256])"# => new(&[list([i(256)])]) => r#"!! ValueError: bytes must be in range(0, 256)"#;
        r#"bytes([-1])"# => new(&[list([i(-1)])]) => r#"!! ValueError: bytes must be in range(0, 256)"#;
        r#"bytes([2**70])"# => new(&[list([big(70)])]) => r#"!! ValueError: bytes must be in range(0, 256)"#;
        r#"bytes([1.5])"# => new(&[list([f(1.5)])]) => r#"!! TypeError: 'float' object cannot be interpreted as an integer"#;
        r#"bytes(1.5)"# => new(&[f(1.5)]) => r#"!! TypeError: cannot convert 'float' object to bytes"#;
        r#"bytes(None)"# => new(&[none()]) => r#"!! TypeError: cannot convert 'NoneType' object to bytes"#;
        r#"bytes('abc')"# => new(&[s("abc")]) => r#"!! TypeError: string argument without an encoding"#;
        r#"bytes('abc', 'utf-8')"# => new(&[s("abc"), s("utf-8")]) => r#"b'abc'"#;
        r#"bytes('é€😀', 'utf-8')"# => new(&[s("é€😀"), s("utf-8")]) => r#"b'\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'"#;
        r#"bytes('a', encoding='utf-8')"# => newk(&[s("a")], &[("encoding", s("utf-8"))]) => r#"b'a'"#;
        r#"bytes('é', 'latin-1')"# => new(&[s("é"), s("latin-1")]) => r#"b'\xe9'"#;
        r#"bytes('é', 'ascii')"# => new(&[s("é"), s("ascii")]) => r#"!! ValueError: 'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)"#;
        r#"bytes('é€', 'ascii')"# => new(&[s("é€"), s("ascii")]) => r#"!! ValueError: 'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)"#;
        r#"bytes('aé€', 'ascii')"# => new(&[s("aé€"), s("ascii")]) => r#"!! ValueError: 'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)"#;
        r#"bytes('\U0001f600', 'ascii')"# => new(&[s("\u{1f600}"), s("ascii")]) => r#"!! ValueError: 'ascii' codec can't encode character '\U0001f600' in position 0: ordinal not in range(128)"#;
        r#"bytes('€', 'latin-1')"# => new(&[s("€"), s("latin-1")]) => r#"!! ValueError: 'latin-1' codec can't encode character '\u20ac' in position 0: ordinal not in range(256)"#;
        r#"bytes('é', 'ascii', 'replace')"# => new(&[s("é"), s("ascii"), s("replace")]) => r#"b'?'"#;
        r#"bytes('é€x', 'ascii', 'replace')"# => new(&[s("é€x"), s("ascii"), s("replace")]) => r#"b'??x'"#;
        r#"bytes('é', 'ascii', 'ignore')"# => new(&[s("é"), s("ascii"), s("ignore")]) => r#"b''"#;
        r#"bytes('é', 'ascii', 'backslashreplace')"# => new(&[s("é"), s("ascii"), s("backslashreplace")]) => r#"b'\\xe9'"#;
        r#"bytes('\U0001f600', 'latin-1', 'backslashreplace')"# => new(&[s("\u{1f600}"), s("latin-1"), s("backslashreplace")]) => r#"b'\\U0001f600'"#;
        r#"bytes('\u20ac', 'latin-1', 'backslashreplace')"# => new(&[s("\u{20ac}"), s("latin-1"), s("backslashreplace")]) => r#"b'\\u20ac'"#;
        r#"bytes('a€', 'ascii', 'xmlcharrefreplace')"# => new(&[s("a€"), s("ascii"), s("xmlcharrefreplace")]) => r#"b'a&#8364;'"#;
        r#"bytes('é€', 'ascii', 'nope')"# => new(&[s("é€"), s("ascii"), s("nope")]) => r#"!! LookupError: unknown error handler name 'nope'"#;
        r#"bytes('a', 'nope')"# => new(&[s("a"), s("nope")]) => r#"!! LookupError: unknown encoding: nope"#;
        r#"bytes('a', 1)"# => new(&[s("a"), i(1)]) => r#"!! TypeError: bytes() argument 'encoding' must be str, not int"#;
        r#"bytes('a', 'utf-8', 1)"# => new(&[s("a"), s("utf-8"), i(1)]) => r#"!! TypeError: bytes() argument 'errors' must be str, not int"#;
        r#"bytes(b'a', 'utf-8')"# => new(&[by(b"a"), s("utf-8")]) => r#"!! TypeError: encoding without a string argument"#;
        r#"bytes(3, 'utf-8')"# => new(&[i(3), s("utf-8")]) => r#"!! TypeError: encoding without a string argument"#;
        r#"bytes(b'a', errors='strict')"# => newk(&[by(b"a")], &[("errors", s("strict"))]) => r#"!! TypeError: errors without a string argument"#;
        r#"bytes('a', errors='strict')"# => newk(&[s("a")], &[("errors", s("strict"))]) => r#"!! TypeError: string argument without an encoding"#;
        r#"bytes(x=1)"# => newk(&[], &[("x", i(1))]) => r#"!! TypeError: 'x' is an invalid keyword argument for bytes()"#;
        r#"bytes(1, 2, 3, 4)"# => new(&[i(1), i(2), i(3), i(4)]) => r#"!! TypeError: bytes() takes at most 3 arguments (4 given)"#;
        r#"bytes(b'a', source=b'a')"# => newk(&[by(b"a")], &[("source", by(b"a"))]) => r#"!! TypeError: argument for bytes() given by name ('source') and position (1)"#;
    }
}

/// The Rust side: the value, tracking, and CPython's identity shortcuts for an immutable
/// type (`b * 1 is b`, `b[:] is b`, `bytes(b) is b`, `b + b'' is b`).
#[test]
fn value_tracking_and_identity() {
    let value = by(b"ab\x00");
    assert_eq!(value.as_bytes(), Some(&b"ab\x00"[..]));
    assert_eq!(
        value.downcast_ref::<PyBytes>().map(PyBytes::as_bytes),
        Some(&b"ab\x00"[..])
    );
    assert_eq!(s("ab").as_bytes(), None);
    assert_eq!(value.type_name(), "bytes");
    assert!(!value.is_tracked(), "bytes hold no handles: never tracked");
    assert!(value.mul(&i(1)).unwrap().is(&value));
    assert!(!value.mul(&i(2)).unwrap().is(&value));
    assert!(
        value
            .get_item(&Obj::slice(None, None, None))
            .unwrap()
            .is(&value)
    );
    assert!(new(std::slice::from_ref(&value)).unwrap().is(&value));
    assert!(value.add(&by(b"")).unwrap().is(&value));
    assert!(by(b"").add(&value).unwrap().is(&value));
    assert!(value.is_truthy().unwrap());
    assert!(!by(b"").is_truthy().unwrap());
    let bytes_type = builtins::get("bytes").unwrap();
    assert!(builtins::isinstance(&value, &bytes_type).unwrap());
    assert!(!builtins::isinstance(&s("a"), &bytes_type).unwrap());
    assert_eq!(value.hash().unwrap(), value.hash().unwrap());
    assert_eq!(by(b"abc").hash().unwrap(), s("abc").hash().unwrap());
    drop(value);
}

/// The iterator yields ints, then lets go of the bytes; `next` after the end stays
/// exhausted.
#[test]
fn iterator_releases_the_bytes_when_exhausted() {
    let value = by(b"\x07\xff");
    let iterator = builtins::iter(&value).unwrap();
    assert_eq!(value.refcount(), 2);
    assert!(builtins::iter(&iterator).unwrap().is(&iterator));
    assert_eq!(
        iterator
            .next_item()
            .unwrap()
            .unwrap()
            .extract::<i64>()
            .unwrap(),
        7
    );
    assert_eq!(
        iterator
            .next_item()
            .unwrap()
            .unwrap()
            .extract::<i64>()
            .unwrap(),
        255
    );
    assert!(iterator.next_item().unwrap().is_none());
    assert_eq!(value.refcount(), 1);
    assert!(iterator.next_item().unwrap().is_none());
    assert_eq!(value.extract::<Vec<u8>>().unwrap(), [7, 255]);
}
