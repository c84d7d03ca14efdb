//! Step 4 of the object model: `str` and interning.
//!
//! Strings are immutable and indexed by code point; `repr` picks CPython's quotes and
//! escapes; `''`, one-character Latin-1 strings and identifier-like literals are shared
//! objects, strings built at run time are not.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins, interning};
use pyobj_support::{b, i, list, none, s, tuple};

/// `text.name(*args)`.
fn call(text: &str, name: &str, args: &[Obj]) -> PyResult<Obj> {
    s(text).call_method(name, args)
}

/// `text[start:stop:step]`.
fn slice(text: &str, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> PyResult<Obj> {
    s(text).get_item(&Obj::slice(start.map(i), stop.map(i), step.map(i)))
}

#[test]
fn repr_chooses_quotes_and_escapes_as_cpython() {
    table! {
        "'hello'" => Ok(s("hello")) => "'hello'";
        "\"it's\"" => Ok(s("it's")) => "\"it's\"";
        "'say \"hi\"'" => Ok(s("say \"hi\"")) => "'say \"hi\"'";
        "'both \\' and \"'" => Ok(s("both ' and \"")) => "'both \\' and \"'";
        "'a\\nb\\tc\\rd\\\\e'" => Ok(s("a\nb\tc\rd\\e")) => "'a\\nb\\tc\\rd\\\\e'";
        "'\\x00\\x1f\\x7f'" => Ok(s("\u{0}\u{1f}\u{7f}")) => "'\\x00\\x1f\\x7f'";
        "'\\x85\\xa0\\xad'" => Ok(s("\u{85}\u{a0}\u{ad}")) => "'\\x85\\xa0\\xad'";
        "'é ü ß'" => Ok(s("é ü ß")) => "'é ü ß'";
        "'\\u200b\\u2028\\ufeff'" => Ok(s("\u{200b}\u{2028}\u{feff}")) => "'\\u200b\\u2028\\ufeff'";
        "'😀 中文'" => Ok(s("😀 中文")) => "'😀 中文'";
        "'\\U000e0001'" => Ok(s("\u{e0001}")) => "'\\U000e0001'";
        "'\\U0010ffff'" => Ok(s("\u{10ffff}")) => "'\\U0010ffff'";
        "''" => Ok(s("")) => "''";
        "str([1, 'a', None])" => builtins::str(&list([i(1), s("a"), none()])) => "\"[1, 'a', None]\"";
        "str('x')" => builtins::str(&s("x")) => "'x'";
        "str(None)" => builtins::str(&none()) => "'None'";
        "str(True)" => builtins::str(&b(true)) => "'True'";
        "repr('x')" => builtins::repr(&s("x")) => "\"'x'\"";
        "str()" => builtins::get("str").unwrap().call(&[]) => "''";
        "str(0)" => builtins::get("str").unwrap().call(&[i(0)]) => "'0'";
        "str(-7)" => builtins::get("str").unwrap().call(&[i(-7)]) => "'-7'";
        "str(1000)" => builtins::get("str").unwrap().call(&[i(1000)]) => "'1000'";
        "str(-9223372036854775808)" => builtins::get("str").unwrap().call(&[i(i64::MIN)]) => "'-9223372036854775808'";
        "str(9223372036854775807)" => builtins::get("str").unwrap().call(&[i(i64::MAX)]) => "'9223372036854775807'";
        "str(True)" => builtins::get("str").unwrap().call(&[b(true)]) => "'True'";
    }
}

#[test]
fn str_of_an_int_is_a_str_like_any_other() {
    let str_type = builtins::get("str").unwrap();
    // One digit: the cached one-character str, as for any other one-character str.
    assert!(str_type.call(&[i(7)]).unwrap().is(&s("7")));
    let text = str_type.call(&[i(12345)]).unwrap();
    assert!(!text.is(&str_type.call(&[i(12345)]).unwrap()));
    assert_eq!(text.len().unwrap(), 5);
    assert_eq!(text.hash().unwrap(), s("12345").hash().unwrap());
}

#[test]
fn indexing_and_slicing_count_code_points() {
    table! {
        "len('héllo😀')" => builtins::len(&s("héllo😀")) => "6";
        "'héllo'[1]" => s("héllo").get_item(&i(1)) => "'é'";
        "'héllo😀'[-1]" => s("héllo😀").get_item(&i(-1)) => "'😀'";
        "'abc'[5]" => s("abc").get_item(&i(5)) => "!! IndexError: string index out of range";
        "'abc'[-4]" => s("abc").get_item(&i(-4)) => "!! IndexError: string index out of range";
        "'abc'['a']" => s("abc").get_item(&s("a")) => "!! TypeError: string indices must be integers, not 'str'";
        "'abcdef'[1:4]" => slice("abcdef", Some(1), Some(4), None) => "'bcd'";
        "'abcdef'[::2]" => slice("abcdef", None, None, Some(2)) => "'ace'";
        "'abcdef'[::-1]" => slice("abcdef", None, None, Some(-1)) => "'fedcba'";
        "'abcdef'[-2:]" => slice("abcdef", Some(-2), None, None) => "'ef'";
        "'abcdef'[4:1:-1]" => slice("abcdef", Some(4), Some(1), Some(-1)) => "'edc'";
        "'abcdef'[10:]" => slice("abcdef", Some(10), None, None) => "''";
        "'héllo😀x'[1:6]" => slice("héllo😀x", Some(1), Some(6), None) => "'éllo😀'";
        "'héllo😀x'[::-2]" => slice("héllo😀x", None, None, Some(-2)) => "'xolh'";
        "'abc'[::0]" => slice("abc", None, None, Some(0)) => "!! ValueError: slice step cannot be zero";
    }
}

#[test]
fn operators_follow_python() {
    table! {
        "'ab' + 'cd'" => s("ab").add(&s("cd")) => "'abcd'";
        "'ab' * 3" => s("ab").mul(&i(3)) => "'ababab'";
        "3 * 'ab'" => i(3).mul(&s("ab")) => "'ababab'";
        "'ab' * -1" => s("ab").mul(&i(-1)) => "''";
        "'ab' * True" => s("ab").mul(&b(true)) => "'ab'";
        "'a' + 1" => s("a").add(&i(1)) => "!! TypeError: can only concatenate str (not \"int\") to str";
        "'a' * 1.5" => s("a").mul(&pyobj_support::f(1.5)) => "!! TypeError: can't multiply sequence by non-int of type 'float'";
        "'a' * 'b'" => s("a").mul(&s("b")) => "!! TypeError: can't multiply sequence by non-int of type 'str'";
        "'a' - 'b'" => s("a").sub(&s("b")) => "!! TypeError: unsupported operand type(s) for -: 'str' and 'str'";
        "'ell' in 'hello'" => s("hello").contains(&s("ell")).map(Obj::from) => "True";
        "'' in 'hello'" => s("hello").contains(&s("")).map(Obj::from) => "True";
        "1 in 'hello'" => s("hello").contains(&i(1)).map(Obj::from) => "!! TypeError: 'in <string>' requires string as left operand, not int";
        "'abc' < 'abd'" => s("abc").lt(&s("abd")).map(Obj::from) => "True";
        "'Z' < 'a'" => s("Z").lt(&s("a")).map(Obj::from) => "True";
        "'é' > 'z'" => s("é").compare(&s("z"), pyobj_runtime::CompareOp::Gt).map(Obj::from) => "True";
        "'a' == 'a'" => s("a").eq(&s("a")).map(Obj::from) => "True";
        "'a' < 1" => s("a").lt(&i(1)).map(Obj::from) => "!! TypeError: '<' not supported between instances of 'str' and 'int'";
        "hash('')" => builtins::hash(&s("")) => "0";
        "hash('a')" => builtins::hash(&s("a")) => "4644417185603328019";
        "hash('hello')" => builtins::hash(&s("hello")) => "-2096571579003691106";
        "hash('é')" => builtins::hash(&s("é")) => "6047309291227476195";
        "hash('€uro')" => builtins::hash(&s("€uro")) => "7542247858446192590";
        "hash('😀!')" => builtins::hash(&s("😀!")) => "8079344741099293211";
        "hash('a longer string of text')" => builtins::hash(&s("a longer string of text")) => "7082584881845065036";
    }
}

#[test]
fn methods_follow_python() {
    table! {
        "'-'.join(['a', 'b', 'c'])" => call("-", "join", &[list([s("a"), s("b"), s("c")])]) => "'a-b-c'";
        "''.join(('x', 'y'))" => call("", "join", &[tuple([s("x"), s("y")])]) => "'xy'";
        "', '.join([])" => call(", ", "join", &[list([])]) => "''";
        "'a'.join([1])" => call("a", "join", &[list([i(1)])]) => "!! TypeError: sequence item 0: expected str instance, int found";
        "'a'.join()" => call("a", "join", &[]) => "!! TypeError: str.join() takes exactly one argument (0 given)";
        "'  a  b \\t c\\n'.split()" => call("  a  b \t c\n", "split", &[]) => "['a', 'b', 'c']";
        "'  a  b  c  '.split(None, 1)" => call("  a  b  c  ", "split", &[none(), i(1)]) => "['a', 'b  c  ']";
        "'a,b,,c'.split(',')" => call("a,b,,c", "split", &[s(",")]) => "['a', 'b', '', 'c']";
        "'a,b,,c'.split(',', 2)" => call("a,b,,c", "split", &[s(","), i(2)]) => "['a', 'b', ',c']";
        "''.split(',')" => call("", "split", &[s(",")]) => "['']";
        "''.split()" => call("", "split", &[]) => "[]";
        "'a\\x1cb'.split()" => call("a\u{1c}b", "split", &[]) => "['a', 'b']";
        "'a'.split('')" => call("a", "split", &[s("")]) => "!! ValueError: empty separator";
        "'a'.split(1)" => call("a", "split", &[i(1)]) => "!! TypeError: must be str or None, not int";
        "'a b'.split(maxsplit=0)" => s("a b").call_method_with("split", &Args::new(&[], &[("maxsplit", i(0))])) => "['a b']";
        "'  hi  '.strip()" => call("  hi  ", "strip", &[]) => "'hi'";
        "'xxhixx'.strip('x')" => call("xxhixx", "strip", &[s("x")]) => "'hi'";
        "'  hi  '.lstrip()" => call("  hi  ", "lstrip", &[]) => "'hi  '";
        "'  hi  '.rstrip()" => call("  hi  ", "rstrip", &[]) => "'  hi'";
        "'abcba'.strip('ab')" => call("abcba", "strip", &[s("ab")]) => "'c'";
        "'a'.strip(1)" => call("a", "strip", &[i(1)]) => "!! TypeError: strip arg must be None or str";
        "'Hello World'.upper()" => call("Hello World", "upper", &[]) => "'HELLO WORLD'";
        "'Hello World'.lower()" => call("Hello World", "lower", &[]) => "'hello world'";
        "'straße'.upper()" => call("straße", "upper", &[]) => "'STRASSE'";
        "'ΟΔΟΣ'.lower()" => call("ΟΔΟΣ", "lower", &[]) => "'οδος'";
        "'a'.upper(1)" => call("a", "upper", &[i(1)]) => "!! TypeError: str.upper() takes no arguments (1 given)";
        "'hello'.startswith('he')" => call("hello", "startswith", &[s("he")]) => "True";
        "'hello'.startswith(('x', 'h'))" => call("hello", "startswith", &[tuple([s("x"), s("h")])]) => "True";
        "'hello'.startswith('l', 2)" => call("hello", "startswith", &[s("l"), i(2)]) => "True";
        "'hello'.startswith('', 6)" => call("hello", "startswith", &[s(""), i(6)]) => "False";
        "'hello'.endswith('lo')" => call("hello", "endswith", &[s("lo")]) => "True";
        "'hello'.endswith('l', 0, 4)" => call("hello", "endswith", &[s("l"), i(0), i(4)]) => "True";
        "'hello'.endswith(('a', 'b'))" => call("hello", "endswith", &[tuple([s("a"), s("b")])]) => "False";
        "'a'.startswith(1)" => call("a", "startswith", &[i(1)]) => "!! TypeError: startswith first arg must be str or a tuple of str, not int";
        "'a'.startswith((1,))" => call("a", "startswith", &[tuple([i(1)])]) => "!! TypeError: tuple for startswith must only contain str, not int";
        "'aaa'.replace('a', 'b')" => call("aaa", "replace", &[s("a"), s("b")]) => "'bbb'";
        "'aaa'.replace('a', 'b', 2)" => call("aaa", "replace", &[s("a"), s("b"), i(2)]) => "'bba'";
        "'abc'.replace('', '-')" => call("abc", "replace", &[s(""), s("-")]) => "'-a-b-c-'";
        "'abc'.replace('', '-', 2)" => call("abc", "replace", &[s(""), s("-"), i(2)]) => "'-a-bc'";
        "'a'.replace('a')" => call("a", "replace", &[s("a")]) => "!! TypeError: replace expected at least 2 arguments, got 1";
        "'hello'.find('l')" => call("hello", "find", &[s("l")]) => "2";
        "'hello'.find('l', 3)" => call("hello", "find", &[s("l"), i(3)]) => "3";
        "'hello'.find('l', -2, -1)" => call("hello", "find", &[s("l"), i(-2), i(-1)]) => "3";
        "'hello'.find('z')" => call("hello", "find", &[s("z")]) => "-1";
        "'hello'.find('')" => call("hello", "find", &[s("")]) => "0";
        "'hello'.find('', 5)" => call("hello", "find", &[s(""), i(5)]) => "5";
        "'hello'.find('', 6)" => call("hello", "find", &[s(""), i(6)]) => "-1";
        "'héllo'.find('l')" => call("héllo", "find", &[s("l")]) => "2";
        "'hello'.index('z')" => call("hello", "index", &[s("z")]) => "!! ValueError: substring not found";
        "'a'.find()" => call("a", "find", &[]) => "!! TypeError: find() takes at least 1 argument (0 given)";
        "'banana'.count('a')" => call("banana", "count", &[s("a")]) => "3";
        "'banana'.count('an', 2)" => call("banana", "count", &[s("an"), i(2)]) => "1";
        "'banana'.count('')" => call("banana", "count", &[s("")]) => "7";
        "'aaaa'.count('aa')" => call("aaaa", "count", &[s("aa")]) => "2";
        "'a'.count()" => call("a", "count", &[]) => "!! TypeError: count() takes at least 1 argument (0 given)";
        "'a'.nope" => s("a").getattr("nope") => "!! AttributeError: 'str' object has no attribute 'nope'";
    }
}

#[test]
fn empty_and_one_character_latin1_strings_are_shared() {
    assert!(s("").is(&s("")));
    assert!(s("a").is(&s("a")));
    assert!(s("é").is(&s("é"))); // U+00E9 is Latin-1
    assert!(!s("ā").is(&s("ā"))); // U+0101 is not
    assert!(s("abc").get_item(&i(0)).unwrap().is(&s("a"))); // 'abc'[0] is 'a'
    assert_eq!(s("a").refcount(), 4_294_967_295);
}

#[test]
fn strings_built_at_run_time_are_new_objects() {
    let a = s("hello");
    let b = s("hel").add(&s("lo")).unwrap();
    assert!(a.eq(&b).unwrap());
    assert!(!a.is(&b));
    assert!(!s("hello").is(&s("hello")));
}

#[test]
fn identifier_like_literals_are_interned() {
    let a = interning::literal("hello");
    let b = interning::literal("hello");
    assert!(a.is(&b)); // two "hello" literals: one object
    assert!(interning::is_interned(&a));
    let c = interning::literal("hello world");
    let d = interning::literal("hello world");
    assert!(!c.is(&d)); // not identifier-like
    assert!(interning::is_identifier_like("x_1"));
    assert!(!interning::is_identifier_like("é"));
    assert!(!interning::is_identifier_like(""));
}

#[test]
fn intern_returns_the_canonical_copy() {
    let built = s("canon").add(&s("ical")).unwrap();
    let canonical = interning::intern(&built).unwrap();
    assert!(canonical.is(&built)); // the first one becomes canonical
    let again = s("canoni").add(&s("cal")).unwrap();
    assert!(interning::intern(&again).unwrap().is(&built));
    assert!(interning::literal("canonical").is(&built));
    assert_eq!(
        interning::intern(&i(1)).unwrap_err().to_string(),
        "TypeError: intern() argument must be str, not int"
    );
}

#[test]
fn interned_strings_are_mortal() {
    let a = interning::intern_str("ephemeral_name");
    assert_eq!(a.refcount(), 1);
    let address = a.id();
    drop(a); // freed: the table forgets it
    let b = s("ephemeral_").add(&s("name")).unwrap();
    let c = interning::intern(&b).unwrap();
    assert!(c.is(&b)); // b became the canonical copy
    let _ = address;
}

#[test]
fn strings_convert_to_rust_values() {
    assert_eq!(s("héllo").extract::<String>().unwrap(), "héllo");
    assert_eq!(s("x").as_str(), Some("x"));
    assert_eq!(
        i(1).extract::<String>().unwrap_err().to_string(),
        "TypeError: expected str, got int"
    );
}
