//! `tuple`: an immutable sequence, hashable when its items are.
//!
//! A tuple whose items are all untracked (numbers, strings, tuples of those) can never
//! be part of a cycle. CPython untracks such tuples when a collection first examines
//! them; pyobj decides once, **at creation**: a tuple is made untracked unless one of
//! its items may be tracked ([`Obj::may_be_tracked`]). Its items never change, so the
//! decision stays right (a dict inside it counts as "may be tracked", even while empty).

use super::hash::hash_tuple;
use super::protocol::CompareOp;
use super::sequence::{self, Sequence};
use super::slice::PySlice;
use super::typeobject::{HashSlot, Method, PyType};
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The value of a `tuple` object.
pub struct PyTuple {
    items: Box<[Obj]>,
}

impl PyTuple {
    /// The items.
    pub fn as_slice(&self) -> &[Obj] {
        &self.items
    }
}

impl Trace for PyTuple {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TUPLE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
}

impl Sequence for PyTuple {
    fn length(&self) -> usize {
        self.items.len()
    }
    fn get(&self, index: usize) -> Option<Obj> {
        self.items.get(index).cloned()
    }
}

impl Obj {
    /// A new tuple of `items` (untracked unless an item may be tracked).
    pub fn tuple(items: impl IntoIterator<Item = Obj>) -> Obj {
        let items: Box<[Obj]> = items.into_iter().collect();
        let tracked = items.iter().any(Obj::may_be_tracked);
        let tuple = PyTuple { items };
        if tracked {
            Obj::new(tuple)
        } else {
            Obj::new_untracked(tuple)
        }
    }
}

fn items_of(obj: &Obj) -> PyResult<&PyTuple> {
    obj.value_as::<PyTuple>()
}

/// `tuple`.
pub(crate) static TUPLE_TYPE: PyType = PyType {
    name: "tuple",
    new: Some(tuple_new),
    repr: Some(|obj| sequence::repr_items(obj, items_of(obj)?, "(", ")", true)),
    hash: Some(HashSlot::Value(tuple_hash)),
    richcompare: Some(tuple_richcompare),
    len: Some(|obj| Ok(items_of(obj)?.items.len())),
    concat: Some(tuple_concat),
    repeat: Some(tuple_repeat),
    getitem: Some(tuple_getitem),
    contains: Some(|obj, item| Ok(sequence::index_of(items_of(obj)?, item, None, None)?.is_some())),
    iter: Some(|obj| Ok(super::iter::PySeqIter::new_tuple(obj.clone()))),
    methods: &[
        Method {
            name: "index",
            call: tuple_index,
        },
        Method {
            name: "count",
            call: |obj, args| {
                let value = args.one("tuple.count")?;
                Ok(Obj::from(sequence::count(items_of(obj)?, value)?))
            },
        },
    ],
    ..PyType::BLANK
};

fn tuple_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("tuple")?;
    match args.positional_between("tuple", 0, 1)?.first() {
        None => Ok(Obj::tuple([])),
        Some(iterable) if iterable.is_exact::<PyTuple>() => Ok(iterable.clone()),
        Some(iterable) => Ok(Obj::tuple(iterable.to_vec()?)),
    }
}

fn tuple_hash(obj: &Obj) -> PyResult<i64> {
    let items = &items_of(obj)?.items;
    let _depth = super::enter_recursive_call(" while getting the hash of an object")?;
    let hashes = items.iter().map(Obj::hash).collect::<PyResult<Vec<_>>>()?;
    Ok(hash_tuple(hashes.into_iter()))
}

fn tuple_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    sequence::richcompare::<PyTuple>(a, b, op)
}

fn tuple_concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let Some(right) = b.downcast_ref::<PyTuple>() else {
        return Err(sequence::concat_error("tuple", b));
    };
    let left = items_of(a)?;
    if right.items.is_empty() {
        return Ok(a.clone());
    }
    if left.items.is_empty() {
        return Ok(b.clone());
    }
    Ok(Obj::tuple(
        left.items.iter().chain(right.items.iter()).cloned(),
    ))
}

fn tuple_repeat(obj: &Obj, count: isize) -> PyResult<Obj> {
    if count == 1 {
        return Ok(obj.clone()); // immutable: `t * 1 is t`, as in CPython
    }
    Ok(Obj::tuple(sequence::repeat(&items_of(obj)?.items, count)?))
}

fn tuple_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let tuple = items_of(obj)?;
    match sequence::item_index(key, "tuple")? {
        Some(index) => sequence::normalize(index, tuple.items.len())
            .map(|i| tuple.items[i].clone())
            .ok_or_else(|| PyErr::index_error("tuple index out of range")),
        None => {
            let slice = key.value_as::<PySlice>()?;
            let indices = slice.indices(tuple.items.len())?;
            if indices.step == 1 && indices.length == tuple.items.len() {
                return Ok(obj.clone());
            }
            Ok(Obj::tuple(indices.iter().map(|i| tuple.items[i].clone())))
        }
    }
}

fn tuple_index(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    match sequence::index_call(items_of(obj)?, args)? {
        Some(index) => Ok(Obj::from(index)),
        None => Err(PyErr::value_error("tuple.index(x): x not in tuple")),
    }
}
