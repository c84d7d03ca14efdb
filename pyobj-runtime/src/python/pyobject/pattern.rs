//! Structural pattern matching: the run-time tests of `match` statements' patterns.
//!
//! `pyblock!` turns a `match` statement into tests and bindings (see the macro's source
//! front end); the patterns that look inside the subject call these, as CPython's
//! `MATCH_SEQUENCE`, `MATCH_MAPPING`, `MATCH_KEYS` and `MATCH_CLASS` instructions do.
//! Each returns `None` when the subject does not match, or a list of the values the
//! sub-patterns are matched against.

use super::Obj;
use super::typeobject::{PyType, as_type};
use crate::exceptions::{ATTRIBUTE_ERROR, PyErr, PyResult};

/// Whether `ty` is a sequence to a sequence pattern (CPython's `Py_TPFLAGS_SEQUENCE`):
/// `list`, `tuple`, `range`, `collections.deque`, `array.array` and their subclasses;
/// never `str`, `bytes` or `bytearray`.
fn is_sequence(ty: &'static PyType) -> bool {
    ty.mro().any(|ty| {
        matches!(
            ty.name(),
            "list" | "tuple" | "range" | "collections.deque" | "array.array"
        )
    })
}

/// Whether `ty` is a mapping to a mapping pattern (CPython's `Py_TPFLAGS_MAPPING`):
/// `dict` and its subclasses (`defaultdict`, `OrderedDict`, `Counter`, classes).
fn is_mapping(ty: &'static PyType) -> bool {
    ty.mro().any(|ty| ty.name() == "dict")
}

/// A sequence pattern: `before` sub-patterns, then a star sub-pattern if `star`, then
/// `after` more. The subject's items in that shape (the star's as one list), or `None`
/// when the subject is not a sequence or its length does not fit.
pub(crate) fn match_sequence(
    subject: &Obj,
    before: usize,
    after: usize,
    star: bool,
) -> PyResult<Obj> {
    if !is_sequence(subject.py_type()) {
        return Ok(Obj::none());
    }
    let len = subject.len()?;
    let fits = if star {
        len >= before + after
    } else {
        len == before
    };
    if !fits {
        return Ok(Obj::none());
    }
    let items = subject.to_vec()?;
    let (head, rest) = items.split_at(before.min(items.len()));
    let mut shaped: Vec<Obj> = head.to_vec();
    if star {
        let (middle, tail) = rest.split_at(rest.len() - after);
        shaped.push(Obj::list(middle.iter().cloned()));
        shaped.extend(tail.iter().cloned());
    }
    Ok(Obj::list(shaped))
}

/// A mapping pattern with the keys `keys` (a tuple) and, if `rest`, a `**rest`
/// capture: the values of the keys (then a new dict of the other items), or `None`
/// when the subject is not a mapping or lacks a key. CPython's `ValueError: mapping
/// pattern checks duplicate key ('a')` when a key repeats.
pub(crate) fn match_mapping(subject: &Obj, keys: &Obj, rest: bool) -> PyResult<Obj> {
    if !is_mapping(subject.py_type()) {
        return Ok(Obj::none());
    }
    let keys = keys.to_vec()?;
    for (index, key) in keys.iter().enumerate() {
        for earlier in &keys[..index] {
            if earlier.eq(key)? {
                return Err(PyErr::value_error(format!(
                    "mapping pattern checks duplicate key ({})",
                    key.repr()?
                )));
            }
        }
    }
    let mut values = Vec::with_capacity(keys.len() + usize::from(rest));
    for key in &keys {
        if !subject.contains(key)? {
            return Ok(Obj::none());
        }
        values.push(subject.get_item(key)?);
    }
    if rest {
        // A plain dict of the other items, whatever the mapping's type (CPython's).
        let others = super::types::DICT_TYPE
            .to_object()
            .call(std::slice::from_ref(subject))?;
        for key in &keys {
            others.del_item(key)?;
        }
        values.push(others);
    }
    Ok(Obj::list(values))
}

/// The builtin types whose instances a class pattern with one positional sub-pattern
/// matches as a whole (`case int(n):`), as CPython's `MATCH_SELF` types.
fn matches_self(ty: &'static PyType) -> bool {
    matches!(
        ty.name(),
        "bool"
            | "bytearray"
            | "bytes"
            | "dict"
            | "float"
            | "frozenset"
            | "int"
            | "list"
            | "set"
            | "str"
            | "tuple"
    )
}

/// A class pattern `cls(p0, p1, ..., name=p, ...)` with `positional` positional
/// sub-patterns and the keyword names `keywords` (a tuple of str): the values they are
/// matched against (the attributes `__match_args__` names, then the keywords'), or
/// `None` when the subject is not an instance of `cls` or lacks an attribute. CPython's
/// errors: `TypeError: called match pattern must be a type`, `P() accepts 2 positional
/// sub-patterns (3 given)`, `P.__match_args__ must be a tuple (got list)`,
/// `__match_args__ elements must be strings (got int)`, `P() got multiple sub-patterns
/// for attribute 'x'`.
pub(crate) fn match_class(
    subject: &Obj,
    cls: &Obj,
    positional: usize,
    keywords: &Obj,
) -> PyResult<Obj> {
    let Some(ty) = as_type(cls) else {
        return Err(PyErr::type_error("called match pattern must be a type"));
    };
    if !subject.py_type().is_subtype(ty) {
        return Ok(Obj::none());
    }
    let mut names: Vec<Obj> = Vec::new();
    let mut values: Vec<Obj> = Vec::new();
    if positional > 0 {
        let match_args = match cls.getattr("__match_args__") {
            Ok(found) => Some(found),
            Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => None,
            Err(error) => return Err(error),
        };
        match match_args {
            Some(match_args) => {
                if !match_args.is_exact::<super::PyTuple>() {
                    return Err(PyErr::type_error(format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        ty.name(),
                        match_args.type_name()
                    )));
                }
                let allowed = match_args.to_vec()?;
                if positional > allowed.len() {
                    return Err(too_many(ty, allowed.len(), positional));
                }
                for name in allowed.into_iter().take(positional) {
                    if name.as_str().is_none() {
                        return Err(PyErr::type_error(format!(
                            "__match_args__ elements must be strings (got {})",
                            name.type_name()
                        )));
                    }
                    names.push(name);
                }
            }
            None if matches_self(super::class::builtin_base(ty)) => {
                if positional > 1 {
                    return Err(too_many(ty, 1, positional));
                }
                values.push(subject.clone());
            }
            None => return Err(too_many(ty, 0, positional)),
        }
    }
    names.extend(keywords.to_vec()?);
    for (index, name) in names.iter().enumerate() {
        let Some(text) = name.as_str() else {
            continue;
        };
        if names[..index]
            .iter()
            .any(|earlier| earlier.as_str() == Some(text))
        {
            return Err(PyErr::type_error(format!(
                "{}() got multiple sub-patterns for attribute {}",
                ty.name(),
                name.repr()?
            )));
        }
        match subject.getattr(text) {
            Ok(value) => values.push(value),
            Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => return Ok(Obj::none()),
            Err(error) => return Err(error),
        }
    }
    Ok(Obj::list(values))
}

/// `TypeError: P() accepts 2 positional sub-patterns (3 given)`.
fn too_many(ty: &'static PyType, allowed: usize, given: usize) -> PyErr {
    PyErr::type_error(format!(
        "{}() accepts {allowed} positional sub-pattern{} ({given} given)",
        ty.name(),
        if allowed == 1 { "" } else { "s" }
    ))
}
