//! `range`: an immutable arithmetic sequence, and its iterator (`range_iterator`).
//!
//! A range stores `start`, `stop` and `step`, never its items: `len`, indexing,
//! slicing and `in` are arithmetic, as in CPython. Neither a range nor its iterator
//! holds a handle, so the collector never tracks them.
//!
//! Difference from CPython: the bounds must fit in 64 bits (`range(10**20)` raises
//! `OverflowError: Python int too large to convert to C ssize_t`, the text CPython uses
//! for `len()` of such a range); CPython accepts any int there.

use std::cell::Cell;

use super::int::{IntRef, index_value};
use super::protocol::CompareOp;
use super::sequence::item_index;
use super::slice::PySlice;
use super::typeobject::{HashSlot, Method, PyType};
use super::{Args, Obj, PyInt};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The value of a `range` object.
pub struct PyRange {
    start: i64,
    stop: i64,
    step: i64,
}

impl PyRange {
    /// `range(start, stop, step)`; `ValueError` for a zero step.
    pub fn new(start: i64, stop: i64, step: i64) -> PyResult<PyRange> {
        if step == 0 {
            return Err(PyErr::value_error("range() arg 3 must not be zero"));
        }
        Ok(PyRange { start, stop, step })
    }

    /// The first value.
    pub fn start(&self) -> i64 {
        self.start
    }

    /// The bound (excluded).
    pub fn stop(&self) -> i64 {
        self.stop
    }

    /// The difference between two values (never 0).
    pub fn step(&self) -> i64 {
        self.step
    }

    /// The number of values (it may exceed `isize::MAX` for a wide range).
    pub fn length(&self) -> u128 {
        let (start, stop, step) = (
            i128::from(self.start),
            i128::from(self.stop),
            i128::from(self.step),
        );
        let length = if step == 1 {
            // The common case, without a 128-bit division.
            (stop - start).max(0)
        } else if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        length as u128
    }

    /// The value at position `index` (which must be below the length).
    fn value_at(&self, index: u128) -> i64 {
        // In range: it lies between start and stop.
        (i128::from(self.start) + index as i128 * i128::from(self.step)) as i64
    }

    /// Whether `value` is one of the values.
    fn contains_int(&self, value: i128) -> bool {
        let (start, stop, step) = (
            i128::from(self.start),
            i128::from(self.stop),
            i128::from(self.step),
        );
        let inside = if step > 0 {
            start <= value && value < stop
        } else {
            stop < value && value <= start
        };
        inside && (value - start) % step == 0
    }
}

/// The one vtable of every `PyRange` (a downcast is one comparison of addresses).
static PYRANGE_VTABLE: crate::refcount::StaticVTable<PyRange> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyRange {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYRANGE_VTABLE.get());
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&RANGE_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Obj {
    /// A new `range(start, stop, step)`; `ValueError` for a zero step.
    pub fn range(start: i64, stop: i64, step: i64) -> PyResult<Obj> {
        Ok(Obj::new(PyRange::new(start, stop, step)?))
    }
}

fn range_of(obj: &Obj) -> PyResult<&PyRange> {
    obj.value_as::<PyRange>()
}

/// `OverflowError: Python int too large to convert to C ssize_t`.
fn too_large() -> PyErr {
    PyErr::overflow_error("Python int too large to convert to C ssize_t")
}

/// An argument of `range()`: an int-like object whose value fits in 64 bits.
fn bound(obj: &Obj) -> PyResult<i64> {
    index_value(obj)?
        .to_primitive::<i64>()
        .ok_or_else(too_large)
}

/// The length as a Python length (`OverflowError` past `isize::MAX`).
fn length_of(range: &PyRange) -> PyResult<usize> {
    usize::try_from(range.length())
        .ok()
        .filter(|&length| length <= isize::MAX as usize)
        .ok_or_else(too_large)
}

/// The int value of an exact int (or bool), if it fits in 128 bits.
fn int_of(obj: &Obj) -> Option<i128> {
    if !(obj.is_exact::<PyInt>() || obj.is_exact::<super::PyBool>()) {
        return None;
    }
    match super::int::int_value(obj)? {
        IntRef::Small(value) => Some(i128::from(value)),
        IntRef::Big(big) => num_traits::ToPrimitive::to_i128(big),
    }
}

/// `range`.
pub(crate) static RANGE_TYPE: PyType = PyType {
    name: "range",
    new: Some(range_new),
    repr: Some(range_repr),
    hash: Some(HashSlot::Value(range_hash)),
    richcompare: Some(range_richcompare),
    bool: Some(|obj| Ok(range_of(obj)?.length() != 0)),
    len: Some(|obj| length_of(range_of(obj)?)),
    getitem: Some(range_getitem),
    contains: Some(range_contains),
    iter: Some(range_iter),
    getattr: Some(|obj, name| {
        let range = range_of(obj)?;
        Ok(match name {
            "start" => Some(Obj::from(range.start)),
            "stop" => Some(Obj::from(range.stop)),
            "step" => Some(Obj::from(range.step)),
            _ => None,
        })
    }),
    methods: &[
        Method {
            name: "index",
            call: range_index,
        },
        Method {
            name: "count",
            call: range_count,
        },
    ],
    ..PyType::BLANK
};

fn range_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("range")?;
    let (start, stop, step) = match args.positional_between("range", 1, 3)? {
        [stop] => (0, bound(stop)?, 1),
        [start, stop] => (bound(start)?, bound(stop)?, 1),
        [start, stop, step] => {
            let (start, stop, step) = (bound(start)?, bound(stop)?, bound(step)?);
            (start, stop, step)
        }
        _ => return Err(PyErr::system_error("range(): argument count checked above")),
    };
    Obj::range(start, stop, step)
}

/// `range(0, 10)`, `range(0, 10, 2)`.
fn range_repr(obj: &Obj) -> PyResult<String> {
    let range = range_of(obj)?;
    Ok(if range.step == 1 {
        format!("range({}, {})", range.start, range.stop)
    } else {
        format!("range({}, {}, {})", range.start, range.stop, range.step)
    })
}

/// CPython's: `hash((len, None, None))` when empty, `hash((1, start, None))` for one
/// value, `hash((len, start, step))` otherwise.
fn range_hash(obj: &Obj) -> PyResult<i64> {
    let range = range_of(obj)?;
    let length = Obj::from(range.length());
    let key = match range.length() {
        0 => Obj::tuple([length, Obj::none(), Obj::none()]),
        1 => Obj::tuple([length, Obj::from(range.start), Obj::none()]),
        _ => Obj::tuple([length, Obj::from(range.start), Obj::from(range.step)]),
    };
    key.hash()
}

/// Two ranges are equal when they have the same values (`range(0) == range(2, 2)`).
fn range_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let (Some(x), Some(y)) = (a.downcast_ref::<PyRange>(), b.downcast_ref::<PyRange>()) else {
        return Ok(Obj::not_implemented());
    };
    let equal = x.length() == y.length()
        && (x.length() == 0 || (x.start == y.start && (x.length() == 1 || x.step == y.step)));
    Ok(match op {
        CompareOp::Eq => Obj::from(equal),
        CompareOp::Ne => Obj::from(!equal),
        _ => Obj::not_implemented(),
    })
}

fn range_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let range = range_of(obj)?;
    match item_index(key, "range")? {
        Some(index) => {
            let length = range.length();
            let index = i128::from(index as i64);
            let index = if index < 0 {
                index + length as i128
            } else {
                index
            };
            if index < 0 || index as u128 >= length {
                return Err(PyErr::index_error("range object index out of range"));
            }
            Ok(Obj::from(range.value_at(index as u128)))
        }
        None => {
            let slice = key.value_as::<PySlice>()?;
            let indices = slice.indices(length_of(range)?)?;
            let at =
                |index: isize| i128::from(range.start) + index as i128 * i128::from(range.step);
            let step = i128::from(range.step) * indices.step as i128;
            let (start, stop) = (at(indices.start), at(indices.stop));
            let fits = |value: i128| i64::try_from(value).map_err(|_| too_large());
            Obj::range(fits(start)?, fits(stop)?, fits(step)?)
        }
    }
}

/// `x in range`: arithmetic for an int, item by item (with `==`) for anything else.
fn range_contains(obj: &Obj, item: &Obj) -> PyResult<bool> {
    let range = range_of(obj)?;
    if let Some(value) = int_of(item) {
        return Ok(range.contains_int(value));
    }
    let mut index = 0;
    while index < range.length() {
        if Obj::from(range.value_at(index)).eq_item(item)? {
            return Ok(true);
        }
        index += 1;
    }
    Ok(false)
}

fn range_index(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let value = args.one("range.index")?;
    let range = range_of(obj)?;
    if let Some(int) = int_of(value) {
        if range.contains_int(int) {
            let position = (int - i128::from(range.start)) / i128::from(range.step);
            return Ok(Obj::from(position));
        }
        return Err(PyErr::value_error(format!(
            "{} is not in range",
            value.repr()?
        )));
    }
    let mut index = 0;
    while index < range.length() {
        if Obj::from(range.value_at(index)).eq_item(value)? {
            return Ok(Obj::from(index));
        }
        index += 1;
    }
    Err(PyErr::value_error("sequence.index(x): x not in sequence"))
}

fn range_count(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let value = args.one("range.count")?;
    let range = range_of(obj)?;
    if let Some(int) = int_of(value) {
        return Ok(Obj::from(usize::from(range.contains_int(int))));
    }
    let mut found = 0usize;
    let mut index = 0;
    while index < range.length() {
        if Obj::from(range.value_at(index)).eq_item(value)? {
            found += 1;
        }
        index += 1;
    }
    Ok(Obj::from(found))
}

/// The iterator of a range (`range_iterator`): the next value and how many are left.
pub struct PyRangeIter {
    next: Cell<i64>,
    step: i64,
    left: Cell<u128>,
}

impl Trace for PyRangeIter {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&RANGE_ITERATOR_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn range_iter(obj: &Obj) -> PyResult<Obj> {
    let range = range_of(obj)?;
    Ok(Obj::new(PyRangeIter {
        next: Cell::new(range.start),
        step: range.step,
        left: Cell::new(range.length()),
    }))
}

/// `reversed(range)` (CPython's `range.__reversed__`): an iterator over the same values
/// from the last, of the same type as `iter(range)`.
pub(crate) fn reversed_range(range: &PyRange) -> Obj {
    let left = range.length();
    let last = match left {
        0 => range.start,
        // The last value is in the range, so it fits an i64: the i128 arithmetic only
        // avoids overflowing on the way.
        _ => i64::try_from(i128::from(range.start) + (left as i128 - 1) * i128::from(range.step))
            .unwrap_or(range.start),
    };
    Obj::new(PyRangeIter {
        next: Cell::new(last),
        step: range.step.wrapping_neg(),
        left: Cell::new(left),
    })
}

/// `range_iterator`.
static RANGE_ITERATOR_TYPE: PyType = PyType {
    name: "range_iterator",
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(|obj| {
        let it = obj.value_as::<PyRangeIter>()?;
        let left = it.left.get();
        if left == 0 {
            return Ok(None);
        }
        let value = it.next.get();
        it.left.set(left - 1);
        // Past the last value the sum may leave the i64 range; it is never read then.
        it.next.set(value.wrapping_add(it.step));
        Ok(Some(Obj::from(value)))
    }),
    ..PyType::BLANK
};
