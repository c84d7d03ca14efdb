//! `slice`: what `seq[start:stop:step]` passes to the sequence, and how a sequence turns
//! it into indices (CPython's `PySlice_Unpack` and `PySlice_AdjustIndices`).

use super::int::{IntValue, index_value};
use super::typeobject::{HashSlot, PyType};
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The value of a `slice` object: `start`, `stop` and `step`, each an object or `None`.
pub struct PySlice {
    start: Obj,
    stop: Obj,
    step: Obj,
}

/// A slice resolved against a sequence's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SliceIndices {
    /// First index.
    pub(crate) start: isize,
    /// The (exclusive) end, as CPython computes it.
    pub(crate) stop: isize,
    /// Never zero.
    pub(crate) step: isize,
    /// Number of items selected.
    pub(crate) length: usize,
}

impl SliceIndices {
    /// The selected indices, in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = usize> {
        (0..self.length).map(move |k| (self.start + k as isize * self.step) as usize)
    }
}

impl Trace for PySlice {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SLICE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.start.trace(tracer);
        self.stop.trace(tracer);
        self.step.trace(tracer);
    }
}

impl Obj {
    /// `slice(start, stop, step)`; `None` for an omitted bound.
    pub fn slice(start: Option<Obj>, stop: Option<Obj>, step: Option<Obj>) -> Obj {
        Obj::new(PySlice {
            start: start.unwrap_or_else(Obj::none),
            stop: stop.unwrap_or_else(Obj::none),
            step: step.unwrap_or_else(Obj::none),
        })
    }
}

/// An index of a slice, clamped to the `isize` range (CPython's `_PyEval_SliceIndex`).
fn slice_index(value: &Obj) -> PyResult<Option<isize>> {
    if value.is_none() {
        return Ok(None);
    }
    if value.py_type().number_slot(|number| number.index).is_none() {
        return Err(PyErr::type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    let index = index_value(value)?;
    Ok(Some(match index.to_primitive::<isize>() {
        Some(index) => index,
        None => match index {
            IntValue::Big(big) if num_traits::Signed::is_negative(&*big) => isize::MIN,
            _ => isize::MAX,
        },
    }))
}

impl PySlice {
    /// Resolves the slice against a sequence of `length` items.
    pub(crate) fn indices(&self, length: usize) -> PyResult<SliceIndices> {
        let step = match slice_index(&self.step)? {
            None => 1,
            Some(0) => return Err(PyErr::value_error("slice step cannot be zero")),
            Some(step) => step.max(-isize::MAX),
        };
        Ok(adjust_indices(
            slice_index(&self.start)?,
            slice_index(&self.stop)?,
            step,
            length,
        ))
    }
}

/// CPython's `PySlice_AdjustIndices`: the indices a slice with these bounds and `step`
/// (never zero) selects from a sequence of `length` items.
pub(crate) fn adjust_indices(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    length: usize,
) -> SliceIndices {
    let length = length as isize;
    let adjust = |bound: Option<isize>, default: isize| {
        let Some(mut index) = bound else {
            return default;
        };
        if index < 0 {
            index += length;
            if index < 0 {
                index = if step < 0 { -1 } else { 0 };
            }
        } else if index >= length {
            index = if step < 0 { length - 1 } else { length };
        }
        index
    };
    let start = adjust(start, if step < 0 { length - 1 } else { 0 });
    let stop = adjust(stop, if step < 0 { -1 } else { length });
    let selected = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    SliceIndices {
        start,
        stop,
        step,
        length: selected as usize,
    }
}

/// `slice`.
pub(crate) static SLICE_TYPE: PyType = PyType {
    name: "slice",
    new: Some(slice_new),
    repr: Some(slice_repr),
    hash: Some(HashSlot::Unhashable),
    getattr: Some(|obj, name| {
        let slice = obj.value_as::<PySlice>()?;
        Ok(match name {
            "start" => Some(slice.start.clone()),
            "stop" => Some(slice.stop.clone()),
            "step" => Some(slice.step.clone()),
            _ => None,
        })
    }),
    ..PyType::BLANK
};

fn slice_repr(obj: &Obj) -> PyResult<String> {
    let slice = obj.value_as::<PySlice>()?;
    Ok(format!(
        "slice({}, {}, {})",
        slice.start.repr()?,
        slice.stop.repr()?,
        slice.step.repr()?
    ))
}

fn slice_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("slice")?;
    match args.positional_between("slice", 1, 3)? {
        [stop] => Ok(Obj::slice(None, Some(stop.clone()), None)),
        [start, stop] => Ok(Obj::slice(Some(start.clone()), Some(stop.clone()), None)),
        [start, stop, step] => Ok(Obj::slice(
            Some(start.clone()),
            Some(stop.clone()),
            Some(step.clone()),
        )),
        _ => Err(PyErr::type_error(
            "slice expected at least 1 argument, got 0",
        )),
    }
}
