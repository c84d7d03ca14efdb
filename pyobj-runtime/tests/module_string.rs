//! `import string` against CPython 3.11: the constants and `capwords`.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source,
//! generated and pinned here.

mod pyobj_support;

use pyobj_runtime::{Obj, PyResult, modules};
use pyobj_support::s;

fn string_module() -> Obj {
    modules::import("string").expect("pyobj provides string")
}

/// `string.<name>`.
fn st(name: &str) -> PyResult<Obj> {
    string_module().getattr(name)
}

#[test]
fn string_matches_cpython() {
    table! {
        // string
        "string.ascii_letters" => st("ascii_letters") => "'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'";
        "string.ascii_lowercase" => st("ascii_lowercase") => "'abcdefghijklmnopqrstuvwxyz'";
        "string.ascii_uppercase" => st("ascii_uppercase") => "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'";
        "string.digits" => st("digits") => "'0123456789'";
        "string.hexdigits" => st("hexdigits") => "'0123456789abcdefABCDEF'";
        "string.octdigits" => st("octdigits") => "'01234567'";
        "string.punctuation" => st("punctuation") => "'!\"#$%&\\'()*+,-./:;<=>?@[\\\\]^_`{|}~'";
        "string.printable" => st("printable") => "'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&\\'()*+,-./:;<=>?@[\\\\]^_`{|}~ \\t\\n\\r\\x0b\\x0c'";
        "string.whitespace" => st("whitespace") => "' \\t\\n\\r\\x0b\\x0c'";
        "string.capwords(' hello   wORLD-x  foo ')" => string_module().getattr("capwords").and_then(|f| f.call(&[s(" hello   wORLD-x  foo ")])) => "'Hello World-x Foo'";
        "string.capwords('a,b,,c', ',')" => string_module().getattr("capwords").and_then(|f| f.call(&[s("a,b,,c"), s(",")])) => "'A,B,,C'";
        "string.capwords()" => string_module().getattr("capwords").and_then(|f| f.call(&[])) => "!! TypeError: capwords() missing 1 required positional argument: 's'";
    }
}
