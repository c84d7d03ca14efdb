//! String interning (seed level 7): when two strings are one object.
//!
//! - `''` and the one-character Latin-1 strings (`'a'`, `'é'`) are immortal singletons,
//!   one per thread: `'abc'[0] is 'a'`.
//! - Literals that look like identifiers (`"hello"`, `"x_1"`: ASCII letters, digits and
//!   underscores) are interned: two `"hello"` literals are one object ([`literal`]).
//! - [`intern`] (`sys.intern(s)`) returns the canonical copy of any string, making `s`
//!   the canonical one if there was none.
//! - Strings built at run time (`'hel' + 'lo'`, `str.upper()`) are new objects.
//!
//! Interned strings are mortal, as in CPython 3.13: the table does not keep them alive,
//! and a string leaves it when it dies.
//!
//! ```
//! use pyobj::{Obj, interning};
//!
//! let a = interning::literal("hello");
//! let b = interning::literal("hello");
//! assert!(a.is(&b));                                    // interned literals
//! let c = Obj::from("hel").add(&Obj::from("lo")).unwrap();
//! assert!(!a.is(&c));                                   // built at run time
//! assert!(interning::intern(&c).unwrap().is(&a));       // sys.intern(c) is a
//! ```

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;

use crate::exceptions::{PyErr, PyResult};
use crate::object::Header;
use crate::pyobject::{Obj, PyStr};

/// One entry of the intern table: the object, and the address of its `PyStr` value.
#[derive(Clone, Copy)]
struct Interned {
    header: NonNull<Header>,
    value: usize,
}

thread_local! {
    /// `''` (index 256) and the one-character Latin-1 strings: immortal, made on first
    /// use. Plain cells, usable during thread exit.
    static CHARS: [Cell<Option<NonNull<Header>>>; 257] =
        const { [const { Cell::new(None) }; 257] };
    /// The interned strings, by text. Borrowed references: each string removes itself
    /// when it dies.
    static INTERNED: RefCell<HashMap<Box<str>, Interned>> = RefCell::new(HashMap::new());
}

/// The cached object for `''` or a one-character Latin-1 string.
pub(crate) fn cached_char(text: &str) -> Option<Obj> {
    let mut chars = text.chars();
    let index = match (chars.next(), chars.next()) {
        (None, _) => 256,
        (Some(c), None) if u32::from(c) < 256 => u32::from(c) as usize,
        _ => return None,
    };
    if let Some(header) = CHARS.with(|cache| cache[index].get()) {
        return Some(Obj::from_header(header));
    }
    let object = Obj::new_immortal_str(text);
    CHARS.with(|cache| cache[index].set(Some(object.header_ptr())));
    Some(object)
}

/// Whether `text` is interned when it appears as a literal: ASCII letters, digits and
/// underscores only (CPython's `all_name_chars`).
pub fn is_identifier_like(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The object for a string literal: interned if it looks like an identifier (or is
/// cached), a new object otherwise.
pub fn literal(text: &str) -> Obj {
    if is_identifier_like(text) {
        intern_str(text)
    } else {
        Obj::from(text)
    }
}

/// The canonical object for `text`, made (and interned) if there is none.
pub fn intern_str(text: &str) -> Obj {
    if let Some(cached) = cached_char(text) {
        return cached;
    }
    if let Some(found) = lookup(text) {
        return found;
    }
    let object = Obj::new_interned_str(text);
    remember(text, &object);
    object
}

/// `sys.intern(s)`: the canonical copy of `s`, which becomes canonical if there was
/// none. `TypeError` if `s` is not a str.
pub fn intern(s: &Obj) -> PyResult<Obj> {
    let Some(value) = s.downcast_ref::<PyStr>() else {
        return Err(PyErr::type_error(format!(
            "intern() argument must be str, not {}",
            s.type_name()
        )));
    };
    if value.is_interned() || s.is_immortal() {
        return Ok(s.clone());
    }
    if let Some(cached) = cached_char(value.as_str()) {
        return Ok(cached);
    }
    if let Some(found) = lookup(value.as_str()) {
        return Ok(found);
    }
    value.set_interned();
    remember(value.as_str(), s);
    Ok(s.clone())
}

/// Whether `s` is the interned copy of its text (or a cached character).
pub fn is_interned(s: &Obj) -> bool {
    s.downcast_ref::<PyStr>()
        .is_some_and(|value| value.is_interned() || s.is_immortal())
}

/// The live interned string for `text`, if any.
fn lookup(text: &str) -> Option<Obj> {
    let entry = INTERNED
        .try_with(|table| table.borrow().get(text).copied())
        .ok()??;
    // A string whose count reached zero is being released: not handed out again.
    Obj::revive(entry.header)
}

fn remember(text: &str, object: &Obj) {
    let value = object
        .downcast_ref::<PyStr>()
        .map_or(0, |value| std::ptr::from_ref(value).addr());
    let entry = Interned {
        header: object.header_ptr(),
        value,
    };
    let _ = INTERNED.try_with(|table| table.borrow_mut().insert(text.into(), entry));
}

/// A dying interned string leaves the table (unless another string replaced it there).
pub(crate) fn forget(text: &str, value: usize) {
    let _ = INTERNED.try_with(|table| {
        if let Ok(mut table) = table.try_borrow_mut()
            && table.get(text).is_some_and(|entry| entry.value == value)
        {
            table.remove(text);
        }
    });
}
