//! The iterator types of the builtins: `enumerate`, `zip`, and `callable_iterator`
//! (`iter(callable, sentinel)`).
//!
//! Each holds the iterators it reads from, so it is tracked by the collector (an
//! iterator over a list that contains the iterator is a cycle). The iterators are kept
//! in `RefCell`s that are never borrowed while an inner `next` runs: a `next` that
//! re-enters the same iterator sees it as it is, never a `RefCell` panic.

use std::cell::{Cell, RefCell};

use super::int::index_value;
use super::typeobject::PyType;
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// Takes the handles out of a cell and drops them after the borrow ends.
fn clear<T: Default>(cell: &RefCell<T>) {
    if let Ok(mut value) = cell.try_borrow_mut() {
        let old = std::mem::take(&mut *value);
        drop(value);
        drop(old);
    }
}

/// The value of an `enumerate` object: the iterator and the next count.
pub struct PyEnumerate {
    iterator: RefCell<Option<Obj>>,
    /// The next count while it fits an `i64`.
    small: Cell<i64>,
    /// The next count once it does not (or when `start` did not).
    big: RefCell<Option<Obj>>,
}

impl Trace for PyEnumerate {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&ENUMERATE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.iterator.trace(tracer);
        self.big.trace(tracer);
    }
    fn drop_handles(&self) {
        clear(&self.iterator);
        clear(&self.big);
    }
}

/// `enumerate(iterable, start=0)`.
pub(crate) static ENUMERATE_TYPE: PyType = PyType {
    name: "enumerate",
    new: Some(enumerate_new),
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(enumerate_next),
    ..PyType::BLANK
};

fn enumerate_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.only_keywords("enumerate", &["iterable", "start"])?;
    let positional = args.positional();
    if positional.len() > 2 {
        return Err(PyErr::type_error(format!(
            "enumerate() takes at most 2 arguments ({} given)",
            positional.len()
        )));
    }
    let iterable = match (positional.first(), args.keyword("iterable")) {
        (Some(_), Some(_)) => {
            return Err(PyErr::type_error(
                "argument for enumerate() given by name ('iterable') and position (1)",
            ));
        }
        (Some(iterable), None) | (None, Some(iterable)) => iterable,
        (None, None) => {
            return Err(PyErr::type_error(
                "enumerate() missing required argument 'iterable'",
            ));
        }
    };
    let start = match (positional.get(1), args.keyword("start")) {
        (Some(_), Some(_)) => {
            return Err(PyErr::type_error(
                "argument for enumerate() given by name ('start') and position (2)",
            ));
        }
        (Some(start), None) | (None, Some(start)) => Some(start),
        (None, None) => None,
    };
    enumerate(iterable, start)
}

/// `enumerate(iterable, start)`: the count starts at `start` (0 if `None`).
pub(crate) fn enumerate(iterable: &Obj, start: Option<&Obj>) -> PyResult<Obj> {
    let (small, big) = match start {
        None => (0, None),
        Some(start) => {
            let value = index_value(start)?;
            match value.to_primitive::<i64>() {
                Some(small) => (small, None),
                None => (0, Some(Obj::int(value))),
            }
        }
    };
    let iterator = iterable.iter()?;
    Ok(Obj::new(PyEnumerate {
        iterator: RefCell::new(Some(iterator)),
        small: Cell::new(small),
        big: RefCell::new(big),
    }))
}

fn enumerate_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<PyEnumerate>()?;
    let Some(iterator) = state.iterator.borrow().clone() else {
        return Ok(None);
    };
    let Some(item) = iterator.next_item()? else {
        return Ok(None);
    };
    let big = state.big.borrow().clone();
    let count = match big {
        Some(count) => {
            let next = count.add(&Obj::from(1))?;
            *state.big.borrow_mut() = Some(next);
            count
        }
        None => {
            let count = state.small.get();
            match count.checked_add(1) {
                Some(next) => state.small.set(next),
                None => {
                    *state.big.borrow_mut() = Some(Obj::from(i128::from(count) + 1));
                }
            }
            Obj::from(count)
        }
    };
    Ok(Some(Obj::tuple([count, item])))
}

/// The value of a `zip` object: one iterator per argument.
pub struct PyZip {
    iterators: RefCell<Vec<Obj>>,
    strict: bool,
}

impl Trace for PyZip {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&ZIP_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.iterators.try_borrow() {
            Ok(iterators) => iterators.trace(tracer),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        clear(&self.iterators);
    }
}

/// `zip(*iterables, strict=False)`.
pub(crate) static ZIP_TYPE: PyType = PyType {
    name: "zip",
    new: Some(zip_new),
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(zip_next),
    ..PyType::BLANK
};

fn zip_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.only_keywords("zip", &["strict"])?;
    let strict = match args.keyword("strict") {
        Some(strict) => strict.is_truthy()?,
        None => false,
    };
    zip(args.positional(), strict)
}

/// `zip(*iterables, strict=strict)`.
pub(crate) fn zip(iterables: &[Obj], strict: bool) -> PyResult<Obj> {
    let iterators = iterables
        .iter()
        .map(Obj::iter)
        .collect::<PyResult<Vec<Obj>>>()?;
    Ok(Obj::new(PyZip {
        iterators: RefCell::new(iterators),
        strict,
    }))
}

fn zip_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<PyZip>()?;
    let iterators = state.iterators.borrow().clone();
    if iterators.is_empty() {
        return Ok(None);
    }
    let mut items = Vec::with_capacity(iterators.len());
    for (position, iterator) in iterators.iter().enumerate() {
        match iterator.next_item()? {
            Some(item) => items.push(item),
            None => {
                // Exhausted: let go of the iterators (a later `next` ends at once).
                clear(&state.iterators);
                if state.strict {
                    return zip_strict_error(&iterators, position);
                }
                return Ok(None);
            }
        }
    }
    Ok(Some(Obj::tuple(items)))
}

/// `zip(..., strict=True)` found iterables of different lengths: argument
/// `position + 1` ended first (shorter), or the others go on past the first (longer).
fn zip_strict_error(iterators: &[Obj], position: usize) -> PyResult<Option<Obj>> {
    if position > 0 {
        let plural = if position == 1 { " " } else { "s 1-" };
        return Err(PyErr::value_error(format!(
            "zip() argument {} is shorter than argument{plural}{position}",
            position + 1
        )));
    }
    for (index, iterator) in iterators.iter().enumerate().skip(1) {
        if iterator.next_item()?.is_some() {
            let plural = if index == 1 { " " } else { "s 1-" };
            return Err(PyErr::value_error(format!(
                "zip() argument {} is longer than argument{plural}{index}",
                index + 1
            )));
        }
    }
    Ok(None)
}

/// The value of a `callable_iterator`: calls the callable until it returns the
/// sentinel.
pub struct PyCallableIter {
    /// The callable and the sentinel, until the sentinel is seen.
    state: RefCell<Option<(Obj, Obj)>>,
}

impl Trace for PyCallableIter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&CALLABLE_ITERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.state.try_borrow() {
            Ok(state) => {
                if let Some((callable, sentinel)) = &*state {
                    callable.trace(tracer);
                    sentinel.trace(tracer);
                }
            }
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        clear(&self.state);
    }
}

/// `callable_iterator`.
static CALLABLE_ITERATOR_TYPE: PyType = PyType {
    name: "callable_iterator",
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(|obj| {
        let this = obj.value_as::<PyCallableIter>()?;
        let Some((callable, sentinel)) = this.state.borrow().clone() else {
            return Ok(None);
        };
        let value = callable.call(&[])?;
        if value.eq_item(&sentinel)? {
            clear(&this.state);
            return Ok(None);
        }
        Ok(Some(value))
    }),
    ..PyType::BLANK
};

/// `iter(callable, sentinel)`.
pub(crate) fn callable_iter(callable: &Obj, sentinel: &Obj) -> PyResult<Obj> {
    if callable.py_type().lookup(|ty| ty.call).is_none() {
        return Err(PyErr::type_error("iter(v, w): v must be callable"));
    }
    Ok(Obj::new(PyCallableIter {
        state: RefCell::new(Some((callable.clone(), sentinel.clone()))),
    }))
}

/// The value of a `map` object: the function and the iterators it reads in step.
pub struct PyMap {
    func: RefCell<Option<Obj>>,
    iterators: RefCell<Vec<Obj>>,
}

impl Trace for PyMap {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&MAP_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.func.trace(tracer);
        match self.iterators.try_borrow() {
            Ok(iterators) => iterators.trace(tracer),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        clear(&self.func);
        clear(&self.iterators);
    }
}

/// `map(func, *iterables)`: lazy, as CPython's (each `next` calls `func` once).
pub(crate) static MAP_TYPE: PyType = PyType {
    name: "map",
    new: Some(map_new),
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(map_next),
    ..PyType::BLANK
};

fn map_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    if !args.keywords().is_empty() {
        return Err(PyErr::type_error("map() takes no keyword arguments"));
    }
    let [func, iterables @ ..] = args.positional() else {
        return Err(PyErr::type_error("map() must have at least two arguments."));
    };
    if iterables.is_empty() {
        return Err(PyErr::type_error("map() must have at least two arguments."));
    }
    let iterators = iterables
        .iter()
        .map(Obj::iter)
        .collect::<PyResult<Vec<Obj>>>()?;
    Ok(Obj::new(PyMap {
        func: RefCell::new(Some(func.clone())),
        iterators: RefCell::new(iterators),
    }))
}

fn map_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<PyMap>()?;
    let iterators = state.iterators.borrow().clone();
    let Some(func) = state.func.borrow().clone() else {
        return Ok(None);
    };
    let mut items = Vec::with_capacity(iterators.len());
    for iterator in &iterators {
        match iterator.next_item()? {
            Some(item) => items.push(item),
            None => return Ok(None),
        }
    }
    func.call(&items).map(Some)
}

/// The value of a `filter` object: the predicate (`None`: the items' truth) and the
/// iterator.
pub struct PyFilter {
    func: RefCell<Option<Obj>>,
    iterator: RefCell<Option<Obj>>,
}

impl Trace for PyFilter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FILTER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.func.trace(tracer);
        self.iterator.trace(tracer);
    }
    fn drop_handles(&self) {
        clear(&self.func);
        clear(&self.iterator);
    }
}

/// `filter(function or None, iterable)`: lazy.
pub(crate) static FILTER_TYPE: PyType = PyType {
    name: "filter",
    new: Some(filter_new),
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(filter_next),
    ..PyType::BLANK
};

fn filter_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    if !args.keywords().is_empty() {
        return Err(PyErr::type_error("filter() takes no keyword arguments"));
    }
    let [func, iterable] = args.positional() else {
        return Err(PyErr::type_error(format!(
            "filter expected 2 arguments, got {}",
            args.positional().len()
        )));
    };
    let func = (!func.is_none()).then(|| func.clone());
    Ok(Obj::new(PyFilter {
        func: RefCell::new(func),
        iterator: RefCell::new(Some(iterable.iter()?)),
    }))
}

fn filter_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<PyFilter>()?;
    let Some(iterator) = state.iterator.borrow().clone() else {
        return Ok(None);
    };
    let func = state.func.borrow().clone();
    while let Some(item) = iterator.next_item()? {
        let keep = match &func {
            Some(func) => func.call(std::slice::from_ref(&item))?.is_truthy()?,
            None => item.is_truthy()?,
        };
        if keep {
            return Ok(Some(item));
        }
    }
    Ok(None)
}

/// The value of a `reversed` object over a sequence: the sequence and the next index
/// (read through `len` and `[]` each step, so a sequence that shrinks ends it early).
pub struct PyReversed {
    sequence: RefCell<Option<Obj>>,
    next: Cell<i64>,
}

impl Trace for PyReversed {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&REVERSED_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.sequence.trace(tracer);
    }
    fn drop_handles(&self) {
        clear(&self.sequence);
    }
}

/// `reversed(sequence)`: the object's own `__reversed__` if its class defines one,
/// else the sequence read from its end.
pub(crate) static REVERSED_TYPE: PyType = PyType {
    name: "reversed",
    new: Some(reversed_new),
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(reversed_next),
    ..PyType::BLANK
};

fn reversed_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    if !args.keywords().is_empty() {
        return Err(PyErr::type_error("reversed() takes no keyword arguments"));
    }
    let [sequence] = args.positional() else {
        return Err(PyErr::type_error(format!(
            "reversed expected 1 argument, got {}",
            args.positional().len()
        )));
    };
    if sequence.py_type().heap_type && sequence.hasattr("__reversed__")? {
        return sequence.call_method("__reversed__", &[]);
    }
    if let Some(range) = sequence.downcast_ref::<super::PyRange>() {
        return Ok(super::range::reversed_range(range));
    }
    let reversible = sequence.py_type().lookup(|ty| ty.getitem).is_some()
        && sequence.py_type().lookup(|ty| ty.len).is_some()
        && !sequence.is_exact::<super::PyDict>();
    if !reversible {
        return Err(PyErr::type_error(format!(
            "'{}' object is not reversible",
            sequence.type_name()
        )));
    }
    let len = i64::try_from(sequence.len()?).unwrap_or(i64::MAX);
    Ok(Obj::new(PyReversed {
        sequence: RefCell::new(Some(sequence.clone())),
        next: Cell::new(len - 1),
    }))
}

fn reversed_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<PyReversed>()?;
    let Some(sequence) = state.sequence.borrow().clone() else {
        return Ok(None);
    };
    let index = state.next.get();
    let len = i64::try_from(sequence.len()?).unwrap_or(i64::MAX);
    if index < 0 || index >= len {
        clear(&state.sequence);
        return Ok(None);
    }
    state.next.set(index - 1);
    sequence.get_item(&Obj::from(index)).map(Some)
}
