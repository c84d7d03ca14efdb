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
    /// `f` of the items as they are now, borrowed: `f` must not run Python code (which
    /// could change a list while it is borrowed).
    fn with_items<R>(&self, f: impl FnOnce(&[Obj]) -> R) -> R;
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
    if let Some(key) = QuickKey::of(value) {
        match seq.with_items(|items| key.scan(value, items, start, stop)) {
            Scan::Found(at) => return Ok(Some(at)),
            Scan::Undecided(at) => index = isize::try_from(at).unwrap_or(isize::MAX),
        }
    }
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

/// A value whose `==` with an exact int or str item is known without running any
/// Python code: an exact int that fits an `i64`, or an exact str.
enum QuickKey<'a> {
    Int(i64),
    Str(&'a str),
}

/// Where a [`QuickKey::scan`] stopped.
enum Scan {
    /// The first item equal to the value.
    Found(usize),
    /// The first item whose `==` needs the general protocol (or the end of the scan).
    Undecided(usize),
}

impl<'a> QuickKey<'a> {
    fn of(value: &'a Obj) -> Option<QuickKey<'a>> {
        if let Some(int) = value.downcast_ref::<super::PyInt>() {
            return int.to_i64().map(QuickKey::Int);
        }
        value
            .downcast_ref::<super::PyStr>()
            .map(|text| QuickKey::Str(text.as_str()))
    }

    /// `item == value` for `value`, this key, when an exact int or str item decides it
    /// (identity too); `None` for any other item.
    fn equals(&self, value: &Obj, item: &Obj) -> Option<bool> {
        if item.is(value) {
            return Some(true);
        }
        match self {
            QuickKey::Int(key) => {
                let int = item.downcast_ref::<super::PyInt>()?;
                // An int too large for an `i64` differs from every `i64`.
                Some(int.to_i64() == Some(*key))
            }
            QuickKey::Str(key) => {
                let text = item.downcast_ref::<super::PyStr>()?;
                Some(text.as_str() == *key)
            }
        }
    }

    /// The search of `index_of` over `items[start..stop]` as long as each item's `==`
    /// is decided here: no count changes, no Python code.
    fn scan(&self, value: &Obj, items: &[Obj], start: isize, stop: isize) -> Scan {
        let start = usize::try_from(start).unwrap_or(0);
        let stop = usize::try_from(stop).unwrap_or(0).min(items.len());
        for (at, item) in items.iter().enumerate().take(stop).skip(start) {
            match self.equals(value, item) {
                Some(true) => return Scan::Found(at),
                Some(false) => {}
                None => return Scan::Undecided(at),
            }
        }
        Scan::Undecided(stop.max(start))
    }
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
