//! `import string`: CPython 3.11's string constants and `capwords`.
//!
//! ```
//! use pyobj::modules;
//!
//! let string = modules::import("string").unwrap();
//! assert_eq!(string.getattr("octdigits").unwrap().repr().unwrap(), "'01234567'");
//! ```
//!
//! Not provided: `Template` and `Formatter`.

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Args, Obj, PyBuiltinFunction, PyModule};

/// `string.whitespace`.
const WHITESPACE: &str = " \t\n\r\x0b\x0c";
/// `string.ascii_lowercase`.
const ASCII_LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
/// `string.ascii_uppercase`.
const ASCII_UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// `string.digits`.
const DIGITS: &str = "0123456789";
/// `string.hexdigits`.
const HEXDIGITS: &str = "0123456789abcdefABCDEF";
/// `string.octdigits`.
const OCTDIGITS: &str = "01234567";
/// `string.punctuation`.
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// Makes the `string` module object.
pub(super) fn make() -> PyResult<Obj> {
    let ascii_letters = format!("{ASCII_LOWERCASE}{ASCII_UPPERCASE}");
    let printable = format!("{DIGITS}{ascii_letters}{PUNCTUATION}{WHITESPACE}");
    PyModule::new_object(
        "string",
        [
            ("ascii_letters", Obj::from(ascii_letters)),
            ("ascii_lowercase", Obj::from(ASCII_LOWERCASE)),
            ("ascii_uppercase", Obj::from(ASCII_UPPERCASE)),
            (
                "capwords",
                PyBuiltinFunction::new_immortal("capwords", capwords),
            ),
            ("digits", Obj::from(DIGITS)),
            ("hexdigits", Obj::from(HEXDIGITS)),
            ("octdigits", Obj::from(OCTDIGITS)),
            ("printable", Obj::from(printable)),
            ("punctuation", Obj::from(PUNCTUATION)),
            ("whitespace", Obj::from(WHITESPACE)),
        ],
    )
}

/// `capwords(s, sep=None)`: `(sep or ' ').join(word.capitalize() for word in
/// s.split(sep))`.
fn capwords(args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: crate::pyobject::Signature = crate::pyobject::Signature::new(&["s", "sep"]);
    let values = crate::pyobject::bind_arguments("capwords", &SIGNATURE, &[Obj::none()], args)?;
    let [text, sep] = <[Obj; 2]>::try_from(values)
        .map_err(|_| PyErr::system_error("capwords binds two values"))?;
    let words = text.call_method("split", std::slice::from_ref(&sep))?;
    let mut out = Vec::new();
    for word in words.to_vec()? {
        let word = word
            .as_str()
            .ok_or_else(|| PyErr::type_error("split() returned a non-str"))?
            .to_owned();
        out.push(Obj::from(capitalize(&word)));
    }
    let joiner = if sep.is_none() { Obj::from(" ") } else { sep };
    joiner.call_method("join", &[Obj::list(out)])
}

/// `str.capitalize()`: the first character upper-cased, the rest lower-cased.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}
