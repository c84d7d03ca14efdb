//! What `list` and `tuple` share: item access by position, lexicographic comparison,
//! `repr` of the items, `index` and `count`.
//!
//! Items are read one at a time through `get` (a clone taken under a short borrow), so
//! that the `==` of an item, which may run any code, never runs while the container is
//! borrowed: a comparison that mutates the list sees it change, as in CPython, and never
//! a `RefCell` panic.

use super::int::as_index;
use super::protocol::CompareOp;
use super::{Obj, ReprGuard};
use crate::exceptions::{PyErr, PyResult};

/// Positional access to a sequence's items.
pub(crate) trait Sequence {
    /// Number of items now.
    fn length(&self) -> usize;
    /// The item at `index`, if there is one now.
    fn get(&self, index: usize) -> Option<Obj>;
}

/// `[1, 2]` or `(1, 2)` (or `(1,)`), with `[...]` for a container inside itself.
pub(crate) fn repr_items(
    obj: &Obj,
    seq: &impl Sequence,
    open: &str,
    close: &str,
    one_comma: bool,
) -> PyResult<String> {
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok(format!("{open}...{close}"));
    };
    let mut out = String::from(open);
    let mut index = 0;
    while let Some(item) = seq.get(index) {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(&item.repr()?);
        index += 1;
    }
    if one_comma && index == 1 {
        out.push(',');
    }
    out.push_str(close);
    Ok(out)
}

/// Lexicographic comparison (CPython's `list_richcompare`/`tuplerichcompare`): the
/// first pair of unequal items decides, else the lengths.
pub(crate) fn compare(a: &impl Sequence, b: &impl Sequence, op: CompareOp) -> PyResult<Obj> {
    if matches!(op, CompareOp::Eq | CompareOp::Ne) && a.length() != b.length() {
        return Ok(Obj::from(op == CompareOp::Ne));
    }
    let mut index = 0;
    loop {
        let (Some(x), Some(y)) = (a.get(index), b.get(index)) else {
            return Ok(Obj::from(op.matches(a.length().cmp(&b.length()))));
        };
        if !x.eq_item(&y)? {
            return match op {
                CompareOp::Eq => Ok(Obj::from(false)),
                CompareOp::Ne => Ok(Obj::from(true)),
                _ => x.rich_compare(&y, op),
            };
        }
        index += 1;
    }
}

/// A position given as an int, counted from the end when negative; `None` if outside.
pub(crate) fn normalize(index: isize, len: usize) -> Option<usize> {
    let len = len as isize;
    let index = if index < 0 { index + len } else { index };
    (0..len).contains(&index).then_some(index as usize)
}

/// An item position from an index object: `TypeError: list indices must be integers or
/// slices, not str` if it is not int-like (`None` is returned for slices).
pub(crate) fn item_index(key: &Obj, what: &str) -> PyResult<Option<isize>> {
    match as_index(key)? {
        Some(index) => Ok(Some(index)),
        None if key.is_exact::<super::PySlice>() => Ok(None),
        None => Err(PyErr::type_error(format!(
            "{what} indices must be integers or slices, not {}",
            key.type_name()
        ))),
    }
}

/// `seq.count(value)`.
pub(crate) fn count(seq: &impl Sequence, value: &Obj) -> PyResult<usize> {
    let mut found = 0;
    let mut index = 0;
    while let Some(item) = seq.get(index) {
        if item.eq_item(value)? {
            found += 1;
        }
        index += 1;
    }
    Ok(found)
}

/// `seq.index(value, start, stop)`: the first position in `start..stop`.
pub(crate) fn index_of(
    seq: &impl Sequence,
    value: &Obj,
    start: Option<&Obj>,
    stop: Option<&Obj>,
) -> PyResult<Option<usize>> {
    let len = seq.length() as isize;
    let bound = |value: Option<&Obj>, default: isize| -> PyResult<isize> {
        let Some(value) = value else {
            return Ok(default);
        };
        let index = super::int::index_value(value)?
            .to_primitive::<isize>()
            .unwrap_or(if default == 0 { isize::MIN } else { isize::MAX });
        Ok(if index < 0 {
            (index + len).max(0)
        } else {
            index
        })
    };
    let start = bound(start, 0)?;
    let stop = bound(stop, len)?;
    let mut index = start;
    while index < stop {
        let Some(item) = seq.get(index as usize) else {
            break;
        };
        if item.eq_item(value)? {
            return Ok(Some(index as usize));
        }
        index += 1;
    }
    Ok(None)
}

/// The items of `items * count` (Python's sequence repetition), with CPython's
/// `MemoryError` when the result could not exist; an empty vector for `count <= 0`.
pub(crate) fn repeat(items: &[Obj], count: isize) -> PyResult<Vec<Obj>> {
    if count <= 0 || items.is_empty() {
        return Ok(Vec::new());
    }
    let memory_error = || PyErr::new(&crate::exceptions::MEMORY_ERROR, "");
    let total = items
        .len()
        .checked_mul(count.unsigned_abs())
        .filter(|&total| total <= isize::MAX as usize / size_of::<Obj>())
        .ok_or_else(memory_error)?;
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| memory_error())?;
    for _ in 0..count {
        out.extend(items.iter().cloned());
    }
    Ok(out)
}

/// Rich comparison of two sequences of the same type `S` (list with list, tuple with
/// tuple); `NotImplemented` when `b` is another type, as CPython's `list_richcompare`.
pub(crate) fn richcompare<S: Sequence + crate::Trace + 'static>(
    a: &Obj,
    b: &Obj,
    op: CompareOp,
) -> PyResult<Obj> {
    match (a.downcast_ref::<S>(), b.downcast_ref::<S>()) {
        (Some(x), Some(y)) => compare(x, y, op),
        _ => Ok(Obj::not_implemented()),
    }
}

/// CPython's `TypeError` for `a + b` when `b` is not of `a`'s type `what`.
pub(crate) fn concat_error(what: &str, other: &Obj) -> PyErr {
    PyErr::type_error(format!(
        "can only concatenate {what} (not \"{}\") to {what}",
        other.type_name()
    ))
}

/// `seq.index(value[, start[, stop]])`: the position of the first equal item, if any.
pub(crate) fn index_call(seq: &impl Sequence, args: &super::Args<'_>) -> PyResult<Option<usize>> {
    let positional = args.between("index", 1, 3)?;
    index_of(seq, &positional[0], positional.get(1), positional.get(2))
}
