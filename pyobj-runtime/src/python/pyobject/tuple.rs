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
use smallvec::SmallVec;

/// The value of a `tuple` object.
pub struct PyTuple {
    /// Up to [`INLINE_ITEMS`] items in the object's own block (no second allocation
    /// for the pairs `enumerate`, `zip`, `dict.items()` and `return a, b` make), more
    /// in a separate one.
    items: SmallVec<[Obj; INLINE_ITEMS]>,
}

/// How many items a tuple holds in its own block: three fit the 48-byte size class of
/// the pools with the 16-byte header, as two would.
const INLINE_ITEMS: usize = 3;

impl PyTuple {
    /// The items.
    pub fn as_slice(&self) -> &[Obj] {
        &self.items
    }

    /// The item at `index` (negative from the end), if there is one.
    #[inline]
    pub(crate) fn get_index(&self, index: i64) -> Option<Obj> {
        let len = i64::try_from(self.items.len()).ok()?;
        let index = if index < 0 { index + len } else { index };
        usize::try_from(index)
            .ok()
            .and_then(|i| self.items.get(i))
            .cloned()
    }

    /// The bytes of the item buffer outside the object's block (`sys.getsizeof`).
    pub(crate) fn outside_bytes(&self) -> usize {
        if self.items.spilled() {
            self.items.capacity() * size_of::<Obj>()
        } else {
            0
        }
    }
}

/// The one vtable of every `PyTuple` (a downcast is one comparison of addresses).
static PYTUPLE_VTABLE: crate::refcount::StaticVTable<PyTuple> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyTuple {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYTUPLE_VTABLE.get());
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
    fn with_items<R>(&self, f: impl FnOnce(&[Obj]) -> R) -> R {
        f(&self.items)
    }
}

impl Obj {
    /// A new tuple of `items` (untracked unless an item may be tracked).
    pub fn tuple(items: impl IntoIterator<Item = Obj>) -> Obj {
        let items = items.into_iter();
        let items: SmallVec<[Obj; INLINE_ITEMS]> =
            if items.size_hint().1.is_some_and(|most| most <= INLINE_ITEMS) {
                items.collect()
            } else {
                // A longer tuple keeps the vector's buffer (a `Vec` collected from a
                // `Vec`'s items reuses theirs), trimmed to its length.
                let mut vec: Vec<Obj> = items.collect();
                vec.shrink_to_fit();
                SmallVec::from_vec(vec)
            };
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
