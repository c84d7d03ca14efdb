//! `list`: a mutable sequence, and the container that makes most cycles
//! (`a.append(a)`).
//!
//! The items live in a `RefCell<SmallVec<[Obj; 4]>>`: up to [`PyList::INLINE_ITEMS`]
//! of them inside the object's own block, so a list of up to four items costs one pool
//! block and no `malloc`. A fifth item moves them all to a buffer on the system heap
//! (growing like a `Vec`), where they stay when the list shrinks again, as a `Vec`'s
//! capacity would (`clear`, the collector, and sorting a list of four or fewer items
//! bring them back inside; copies and slices of a short list are inline from the
//! start). The block is 64 bytes: the 16-byte header, the `RefCell`'s flag, and the
//! `SmallVec` (its length, or its capacity once spilled, then either the four inline
//! slots or the heap buffer's pointer and length). The collector empties the cell to
//! break a garbage cycle.
//!
//! Two rules keep every operation free of `RefCell` panics, whatever an item's
//! `__eq__`, `__del__` or a weak-reference callback does:
//! - no borrow is held while code that may run user code runs (comparisons, hashes,
//!   calls);
//! - items removed from the list are dropped only after the borrow ends (dropping may
//!   free an object, which may run a finalizer that reads the list).

use std::cell::RefCell;

use smallvec::SmallVec;

use super::protocol::CompareOp;
use super::sequence::{self, Sequence};
use super::slice::PySlice;
use super::typeobject::{HashSlot, Method, PyType};
use super::{Args, Obj};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// A list's item storage: up to [`PyList::INLINE_ITEMS`] inline, more on the heap.
type Items = SmallVec<[Obj; PyList::INLINE_ITEMS]>;

/// The values of a slice assignment (`a[i:j] = values`): a few without an allocation.
pub(crate) type SliceValues = SmallVec<[Obj; 8]>;

/// The value of a `list` object.
pub struct PyList {
    items: RefCell<Items>,
}

impl PyList {
    /// How many items a list keeps inside its own block before it spills them to a
    /// buffer on the system heap.
    pub const INLINE_ITEMS: usize = 4;

    /// A list value holding `items`.
    fn from_items(items: Items) -> PyList {
        PyList {
            items: RefCell::new(items),
        }
    }

    /// A copy of the items (each one a new handle).
    pub fn snapshot(&self) -> Vec<Obj> {
        self.items.borrow().to_vec()
    }

    /// A copy of the items in the list's own storage type (no heap buffer for a short
    /// list).
    fn copy_items(&self) -> Items {
        self.items.borrow().clone()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    /// Item slots allocated outside the object's block (`sys.getsizeof`): the heap
    /// buffer's capacity once the items have spilled, 0 while they are inline.
    pub(crate) fn spilled_capacity(&self) -> usize {
        self.items.try_borrow().map_or(
            0,
            |items| if items.spilled() { items.capacity() } else { 0 },
        )
    }

    /// Whether the items are in a buffer on the system heap rather than in the block.
    pub fn is_spilled(&self) -> bool {
        self.items.borrow().spilled()
    }

    /// `list.append(item)`.
    pub fn append(&self, item: Obj) {
        self.items.borrow_mut().push(item);
    }

    /// The item at `index` (negative from the end), if there is one: `list[i]` without
    /// the protocol (for [`crate::specialize`]).
    #[inline]
    pub(crate) fn get_index(&self, index: i64) -> Option<Obj> {
        let items = self.items.try_borrow().ok()?;
        let len = i64::try_from(items.len()).ok()?;
        let index = if index < 0 { index + len } else { index };
        usize::try_from(index)
            .ok()
            .and_then(|i| items.get(i))
            .cloned()
    }

    /// Stores `value` at `index` (negative from the end) if there is such an item; the
    /// value back otherwise. The old item is dropped after the borrow ends.
    #[inline]
    pub(crate) fn set_index(&self, index: i64, value: Obj) -> Result<(), Obj> {
        let Ok(mut items) = self.items.try_borrow_mut() else {
            return Err(value);
        };
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let index = if index < 0 { index + len } else { index };
        match usize::try_from(index).ok().and_then(|i| items.get_mut(i)) {
            Some(slot) => {
                let old = std::mem::replace(slot, value);
                drop(items);
                drop(old);
                Ok(())
            }
            None => Err(value),
        }
    }

    /// `list[start:stop:step]` with the bounds as ints or omitted (`step` never zero):
    /// the new list, made from the items directly.
    pub(crate) fn get_slice(&self, start: Option<isize>, stop: Option<isize>, step: isize) -> Obj {
        let items = self.items.borrow();
        let indices = super::slice::adjust_indices(start, stop, step, items.len());
        // Into a vector of the exact length first (a tight copy; the items move into
        // the list's own block when they fit, or the vector's buffer is kept).
        let picked: Vec<Obj> = if step == 1 {
            let (start, stop) = (
                indices.start as usize,
                indices.start as usize + indices.length,
            );
            items.get(start..stop).unwrap_or_default().to_vec()
        } else {
            // Every index is within the list (`adjust_indices`); an iterator of known
            // length fills the vector without a capacity test per item.
            let (start, step) = (indices.start, step);
            (0..indices.length)
                .map(|k| {
                    let index = start + k as isize * step;
                    items.get(index as usize).map_or_else(Obj::none, Obj::clone)
                })
                .collect()
        };
        let picked = Items::from_vec(picked);
        drop(items);
        Obj::list_from_items(picked)
    }

    /// `list[start:stop] = values` (step 1): the items in the range replaced by
    /// `values`; the old ones dropped after the borrow ends.
    pub(crate) fn set_slice(
        &self,
        start: Option<isize>,
        stop: Option<isize>,
        mut values: SliceValues,
    ) {
        let mut items = self.items.borrow_mut();
        let indices = super::slice::adjust_indices(start, stop, 1, items.len());
        let start = indices.start as usize;
        let stop = (indices.stop.max(indices.start)) as usize;
        if stop - start == values.len() {
            // As many new items as old ones: swapped in place, the old ones dropped
            // with `values` after the borrow ends.
            items[start..stop].swap_with_slice(&mut values);
            drop(items);
            drop(values);
            return;
        }
        let old: SliceValues = items.drain(start..stop).collect();
        items.insert_many(start, values);
        drop(items);
        drop(old);
    }

    /// The items, copied into a [`SliceValues`] (`a[i:j] = b` reads `b` first).
    pub(crate) fn slice_values(&self) -> SliceValues {
        SliceValues::from_vec(self.items.borrow().to_vec())
    }

    /// The items, taken out of a list no one else can see (`a[i:j] = b[::-1]`: the
    /// temporary's items move instead of being copied); the list is left empty.
    pub(crate) fn take_values(&self) -> SliceValues {
        let items = std::mem::take(&mut *self.items.borrow_mut());
        match items.spilled() {
            true => SliceValues::from_vec(items.into_vec()),
            false => items.into_iter().collect(),
        }
    }

    /// The items as an array of `N`, if the list holds exactly `N` (unpacking).
    #[inline(always)]
    /// Whether the list holds exactly `N` items, each the very object `same` is given
    /// (no count changes, no user code runs): `false` too while the list is being
    /// changed.
    pub(crate) fn holds<const N: usize>(&self, same: impl Fn(usize, &Obj) -> bool) -> bool {
        let Ok(items) = self.items.try_borrow() else {
            return false;
        };
        items.len() == N && items.iter().enumerate().all(|(i, item)| same(i, item))
    }

    pub(crate) fn items_array<const N: usize>(&self) -> Option<[Obj; N]> {
        let items = self.items.try_borrow().ok()?;
        let items = <&[Obj; N]>::try_from(items.as_slice()).ok()?;
        Some(std::array::from_fn(|i| items[i].clone()))
    }

    /// Replaces all items, dropping the old ones after the borrow ends.
    fn replace_all(&self, items: Items) {
        let old = std::mem::replace(&mut *self.items.borrow_mut(), items);
        drop(old);
    }
}

/// The one vtable of every `PyList` (a downcast is one comparison of addresses).
static PYLIST_VTABLE: crate::refcount::StaticVTable<PyList> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyList {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYLIST_VTABLE.get());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&LIST_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        // As `RefCell`'s own impl: a list mutably borrowed now cannot be seen into, so
        // it counts as reachable for this collection.
        match self.items.try_borrow() {
            Ok(items) => items.as_slice().trace(tracer),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        // Taken out first, dropped after the borrow ends.
        if let Ok(mut items) = self.items.try_borrow_mut() {
            let old = std::mem::take(&mut *items);
            drop(items);
            drop(old);
        }
    }
}

impl Sequence for PyList {
    fn length(&self) -> usize {
        self.items.borrow().len()
    }
    fn get(&self, index: usize) -> Option<Obj> {
        self.items.borrow().get(index).cloned()
    }
    fn with_items<R>(&self, f: impl FnOnce(&[Obj]) -> R) -> R {
        f(&self.items.borrow())
    }
}

impl Obj {
    /// A new list of `items`.
    ///
    /// Up to [`PyList::INLINE_ITEMS`] items (an array, or any iterator whose size hint
    /// says so) are written straight into the list's block: no heap allocation at all.
    /// A longer `Vec` is taken over as the list's buffer, as [`Obj::list_from_vec`]
    /// does.
    #[inline]
    pub fn list(items: impl IntoIterator<Item = Obj>) -> Obj {
        let items = items.into_iter();
        match items.size_hint() {
            (_, Some(upper)) if upper <= PyList::INLINE_ITEMS => {
                Obj::list_from_items(inline_items(items))
            }
            // Collecting a `vec::IntoIter` into a `Vec` reuses its buffer.
            (_, Some(_)) => Obj::list_from_vec(items.collect()),
            (_, None) => Obj::list_from_items(items.collect()),
        }
    }

    /// A new list of the items of `items`: up to [`PyList::INLINE_ITEMS`] of them are
    /// moved into the list's block (and the `Vec`'s buffer is freed); more, and the
    /// `Vec`'s buffer becomes the list's (no copy).
    #[inline]
    pub fn list_from_vec(items: Vec<Obj>) -> Obj {
        // `from_vec` copies the items of a `Vec` of capacity up to four inline (and frees
        // the `Vec`'s buffer) and takes over any longer buffer; a short `Vec` with room
        // to spare is moved item by item.
        let items =
            if items.len() <= PyList::INLINE_ITEMS && items.capacity() > PyList::INLINE_ITEMS {
                items.into_iter().collect()
            } else {
                Items::from_vec(items)
            };
        Obj::list_from_items(items)
    }

    /// A new list that takes over `items`.
    #[inline]
    fn list_from_items(items: Items) -> Obj {
        Obj::new(PyList::from_items(items))
    }
}

/// Up to [`PyList::INLINE_ITEMS`] items, pushed one by one into inline storage (for an
/// array this compiles to plain stores, where `collect` calls out to `extend`'s loop).
/// More items still work: they spill.
#[inline]
fn inline_items(items: impl IntoIterator<Item = Obj>) -> Items {
    let mut inline = Items::new();
    for item in items {
        inline.push(item);
    }
    inline
}

fn list_of(obj: &Obj) -> PyResult<&PyList> {
    match as_list(obj) {
        Some(list) => Ok(list),
        None => obj.value_as::<PyList>(),
    }
}

/// The list of a `list` or of an instance of a class deriving from `list`.
#[inline]
pub(crate) fn as_list(obj: &Obj) -> Option<&PyList> {
    obj.downcast_ref::<PyList>().or_else(|| {
        obj.downcast_ref::<PyListInstance>()
            .map(|instance| &instance.list)
    })
}

/// Whether `iter(obj)` is list's own iterator over an instance of a class deriving
/// from `list` (no class on the way defines `__iter__`): a loop may then walk the
/// items itself, as that iterator would.
pub(crate) fn iterates_as_list(obj: &Obj) -> bool {
    obj.downcast_ref::<PyListInstance>().is_some()
        && obj
            .py_type()
            .lookup_owner(|ty| ty.iter)
            .is_some_and(|(owner, _)| std::ptr::eq(owner, &LIST_TYPE))
}

/// An instance of a class deriving from `list` (`class Stack(list): ...`): the list's
/// items, and the instance's class and attributes. Every list slot and method works on
/// it through `as_list`; attributes go through the class as a plain instance's do.
pub struct PyListInstance {
    list: PyList,
    data: super::InstanceData,
}

impl PyListInstance {
    /// A new, empty instance of the class `class` (whose table is `table`).
    pub(crate) fn new_object(class: Obj, table: &'static PyType) -> Obj {
        Obj::new(PyListInstance {
            list: PyList::from_items(Items::new()),
            data: super::InstanceData::with_class_table(class, table),
        })
    }

    /// The class and attributes.
    pub(crate) fn data(&self) -> &super::InstanceData {
        &self.data
    }
}

impl Trace for PyListInstance {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&LIST_INSTANCE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.list.trace(tracer);
        self.data.trace(tracer);
    }
    fn drop_handles(&self) {
        self.list.drop_handles();
        self.data.drop_handles();
    }
}

/// The table every list-subclass instance starts from: its type is its class's table.
static LIST_INSTANCE_TYPE: PyType = PyType {
    name: "list",
    base: Some(&LIST_TYPE),
    class_of: Some(|obj| {
        obj.downcast_ref::<PyListInstance>()
            .map_or(&LIST_TYPE, |instance| instance.data.table())
    }),
    weakrefable: true,
    ..PyType::BLANK
};

/// `list`.
pub(crate) static LIST_TYPE: PyType = PyType {
    name: "list",
    new: Some(list_new),
    repr: Some(|obj| sequence::repr_items(obj, list_of(obj)?, "[", "]", false)),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(list_richcompare),
    len: Some(|obj| Ok(list_of(obj)?.len())),
    concat: Some(list_concat),
    repeat: Some(list_repeat),
    getitem: Some(list_getitem),
    setitem: Some(list_setitem),
    contains: Some(|obj, item| Ok(sequence::index_of(list_of(obj)?, item, None, None)?.is_some())),
    iter: Some(|obj| Ok(super::iter::PySeqIter::new_list(obj.clone()))),
    methods: LIST_METHODS,
    ..PyType::BLANK
};

static LIST_METHODS: &[Method] = &[
    Method {
        // `list.__init__(self, iterable=())`: the items become the iterable's (what
        // `super().__init__(items)` does in a class deriving from `list`).
        name: "__init__",
        call: |obj, args| {
            args.no_keywords("list")?;
            let items = match args.positional_between("list", 0, 1)?.first() {
                Some(iterable) => iterable.to_vec()?,
                None => Vec::new(),
            };
            let list = list_of(obj)?;
            list.replace_all(Items::new());
            list.items.borrow_mut().extend(items);
            Ok(Obj::none())
        },
    },
    Method {
        name: "append",
        call: |obj, args| {
            let item = args.one("list.append")?;
            list_of(obj)?.append(item.clone());
            Ok(Obj::none())
        },
    },
    Method {
        name: "extend",
        call: |obj, args| {
            let iterable = args.one("list.extend")?;
            let items = iterable.to_vec()?;
            list_of(obj)?.items.borrow_mut().extend(items);
            Ok(Obj::none())
        },
    },
    Method {
        name: "insert",
        call: list_insert,
    },
    Method {
        name: "pop",
        call: list_pop,
    },
    Method {
        name: "remove",
        call: list_remove,
    },
    Method {
        name: "index",
        call: list_index,
    },
    Method {
        name: "count",
        call: |obj, args| {
            let value = args.one("list.count")?;
            Ok(Obj::from(sequence::count(list_of(obj)?, value)?))
        },
    },
    Method {
        name: "clear",
        call: |obj, args| {
            args.none("list.clear")?;
            list_of(obj)?.replace_all(Items::new());
            Ok(Obj::none())
        },
    },
    Method {
        name: "reverse",
        call: |obj, args| {
            args.none("list.reverse")?;
            list_of(obj)?.items.borrow_mut().reverse();
            Ok(Obj::none())
        },
    },
    Method {
        name: "sort",
        call: list_sort,
    },
    Method {
        name: "copy",
        call: |obj, args| {
            args.none("list.copy")?;
            Ok(Obj::list_from_items(list_of(obj)?.copy_items()))
        },
    },
];

fn list_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("list")?;
    match args.positional_between("list", 0, 1)?.first() {
        None => Ok(Obj::list([])),
        Some(iterable) => Ok(Obj::list(iterable.to_vec()?)),
    }
}

fn list_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match (as_list(a), as_list(b)) {
        (Some(x), Some(y)) => sequence::compare(x, y, op),
        _ => Ok(Obj::not_implemented()),
    }
}

fn list_concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let Some(right) = as_list(b) else {
        return Err(sequence::concat_error("list", b));
    };
    let mut items = list_of(a)?.copy_items();
    items.extend(right.items.borrow().iter().cloned());
    Ok(Obj::list_from_items(items))
}

fn list_repeat(obj: &Obj, count: isize) -> PyResult<Obj> {
    let items = list_of(obj)?.snapshot();
    Ok(Obj::list(sequence::repeat(&items, count)?))
}

fn list_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let list = list_of(obj)?;
    match sequence::item_index(key, "list")? {
        Some(index) => {
            let items = list.items.borrow();
            sequence::normalize(index, items.len())
                .map(|i| items[i].clone())
                .ok_or_else(|| PyErr::index_error("list index out of range"))
        }
        None => {
            let slice = key.value_as::<PySlice>()?;
            let len = list.len();
            let indices = slice.indices(len)?;
            let items = list.items.borrow();
            let picked: Items = indices
                .iter()
                .filter_map(|i| items.get(i).cloned())
                .collect();
            drop(items);
            Ok(Obj::list_from_items(picked))
        }
    }
}

/// `a[key] = value` and `del a[key]` (`value` is `None`).
fn list_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let list = list_of(obj)?;
    match sequence::item_index(key, "list")? {
        Some(index) => {
            let mut items = list.items.borrow_mut();
            let Some(i) = sequence::normalize(index, items.len()) else {
                return Err(PyErr::index_error("list assignment index out of range"));
            };
            let old = match value {
                Some(value) => std::mem::replace(&mut items[i], value.clone()),
                None => items.remove(i),
            };
            drop(items);
            drop(old);
            Ok(())
        }
        None => {
            let slice = key.value_as::<PySlice>()?;
            match value {
                Some(value) => assign_slice(list, slice, value),
                None => delete_slice(list, slice),
            }
        }
    }
}

fn assign_slice(list: &PyList, slice: &PySlice, value: &Obj) -> PyResult<()> {
    // The new items are gathered first: `a[:] = a` copies.
    let new_items = value.to_vec().map_err(|error| {
        if error.is_instance(&crate::exceptions::TYPE_ERROR) && value.iter().is_err() {
            PyErr::type_error("can only assign an iterable")
        } else {
            error
        }
    })?;
    let indices = slice.indices(list.len())?;
    let mut items = list.items.borrow_mut();
    let removed: Vec<Obj> = if indices.step == 1 {
        let start = (indices.start.max(0) as usize).min(items.len());
        let stop = (indices.stop.max(0) as usize).clamp(start, items.len());
        let removed = items.drain(start..stop).collect();
        items.insert_many(start, new_items);
        removed
    } else {
        if new_items.len() != indices.length {
            return Err(PyErr::value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new_items.len(),
                indices.length
            )));
        }
        // The indices were computed before the borrow; `get_mut` keeps this safe even if
        // an `__index__` shrank the list meanwhile.
        indices
            .iter()
            .zip(new_items)
            .filter_map(|(i, item)| items.get_mut(i).map(|slot| std::mem::replace(slot, item)))
            .collect()
    };
    drop(items);
    drop(removed);
    Ok(())
}

fn delete_slice(list: &PyList, slice: &PySlice) -> PyResult<()> {
    let indices = slice.indices(list.len())?;
    let mut items = list.items.borrow_mut();
    let mut doomed: Vec<usize> = indices.iter().collect();
    doomed.sort_unstable();
    let mut removed = Vec::with_capacity(doomed.len());
    for &i in doomed.iter().rev() {
        if i < items.len() {
            removed.push(items.remove(i));
        }
    }
    drop(items);
    drop(removed);
    Ok(())
}

fn list_insert(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [index, item] = args.between("insert", 2, 2)? else {
        return Err(PyErr::type_error("insert expected 2 arguments"));
    };
    let index = super::int::index_value(index)?
        .to_primitive::<isize>()
        .unwrap_or(isize::MAX);
    let mut items = list_of(obj)?.items.borrow_mut();
    let len = items.len() as isize;
    let position = if index < 0 {
        (index + len).max(0)
    } else {
        index.min(len)
    };
    items.insert(position as usize, item.clone());
    Ok(Obj::none())
}

fn list_pop(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let positional = args.between("pop", 0, 1)?;
    let index = match positional.first() {
        Some(index) => super::int::index_value(index)?
            .to_primitive::<isize>()
            .unwrap_or(isize::MAX),
        None => -1,
    };
    let mut items = list_of(obj)?.items.borrow_mut();
    if items.is_empty() {
        return Err(PyErr::index_error("pop from empty list"));
    }
    match sequence::normalize(index, items.len()) {
        Some(i) => Ok(items.remove(i)),
        None => Err(PyErr::index_error("pop index out of range")),
    }
}

fn list_remove(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let value = args.one("list.remove")?;
    let list = list_of(obj)?;
    match sequence::index_of(list, value, None, None)? {
        Some(index) => {
            let removed = {
                let mut items = list.items.borrow_mut();
                (index < items.len()).then(|| items.remove(index))
            };
            drop(removed);
            Ok(Obj::none())
        }
        None => Err(PyErr::value_error("list.remove(x): x not in list")),
    }
}

fn list_index(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    match sequence::index_call(list_of(obj)?, args)? {
        Some(index) => Ok(Obj::from(index)),
        None => Err(PyErr::value_error(format!(
            "{} is not in list",
            args.positional()[0].repr()?
        ))),
    }
}

/// `list.sort(*, key=None, reverse=False)`.
fn list_sort(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    if !args.positional().is_empty() {
        return Err(PyErr::type_error("sort() takes no positional arguments"));
    }
    args.only_keywords("sort", &["key", "reverse"])?;
    let key = args.keyword("key").filter(|key| !key.is_none());
    let reverse = match args.keyword("reverse") {
        Some(reverse) => reverse.is_truthy()?,
        None => false,
    };
    let list = list_of(obj)?;
    // While sorting, the list looks empty (CPython does the same), so that a key
    // function or a comparison that mutates it can be detected.
    let items = std::mem::take(&mut *list.items.borrow_mut());
    let sorted = sort_items(items, key, reverse);
    let mutated = std::mem::replace(&mut *list.items.borrow_mut(), sorted.items);
    let was_mutated = !mutated.is_empty();
    drop(mutated);
    if let Some(error) = sorted.error {
        return Err(error);
    }
    if was_mutated {
        return Err(PyErr::value_error("list modified during sort"));
    }
    Ok(Obj::none())
}

/// The outcome of a sort: the items (sorted, or in their original order after an
/// error) and the error, if a key or a comparison raised.
pub(crate) struct Sorted {
    pub(crate) items: Items,
    pub(crate) error: Option<PyErr>,
}

/// A stable sort with `<` (and `key`), as `list.sort` and `sorted` do; `reverse` keeps
/// stability (equal items stay in their order).
pub(crate) fn sort_items(items: Items, key: Option<&Obj>, reverse: bool) -> Sorted {
    let keys: Items = match key {
        Some(key) => match items
            .iter()
            .map(|item| key.call(std::slice::from_ref(item)))
            .collect::<PyResult<Items>>()
        {
            Ok(keys) => keys,
            Err(error) => {
                return Sorted {
                    items,
                    error: Some(error),
                };
            }
        },
        None => items.clone(),
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let less = |a: usize, b: usize| keys[a].lt(&keys[b]);
    match merge_sort(&mut order, less) {
        Ok(()) => {
            if reverse {
                order.reverse();
            }
            let mut slots: SmallVec<[Option<Obj>; PyList::INLINE_ITEMS]> =
                items.into_iter().map(Some).collect();
            let mut sorted = Items::with_capacity(slots.len());
            sorted.extend(order.iter().filter_map(|&i| slots[i].take()));
            Sorted {
                items: sorted,
                error: None,
            }
        }
        Err(error) => Sorted {
            items,
            error: Some(error),
        },
    }
}

/// A stable bottom-up merge sort of `order` with a fallible `less`; stops at the first
/// error. (Rust's own sorts may panic on an inconsistent order, which Python code can
/// produce; this one never does.)
fn merge_sort(
    order: &mut Vec<usize>,
    less: impl Fn(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    let n = order.len();
    let mut buffer = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, middle, start);
            while i < middle && j < end {
                // Take from the right only if it is strictly less: stability.
                if less(order[j], order[i])? {
                    buffer[k] = order[j];
                    j += 1;
                } else {
                    buffer[k] = order[i];
                    i += 1;
                }
                k += 1;
            }
            buffer[k..k + middle - i].copy_from_slice(&order[i..middle]);
            k += middle - i;
            buffer[k..k + end - j].copy_from_slice(&order[j..end]);
            start = end;
        }
        std::mem::swap(order, &mut buffer);
        width *= 2;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(values: impl IntoIterator<Item = i64>) -> Vec<Obj> {
        values.into_iter().map(Obj::from).collect()
    }

    fn values(list: &Obj) -> Vec<i64> {
        list.downcast_ref::<PyList>()
            .unwrap()
            .snapshot()
            .iter()
            .map(|item| item.extract::<i64>().unwrap())
            .collect()
    }

    fn spilled(list: &Obj) -> bool {
        list.downcast_ref::<PyList>().unwrap().is_spilled()
    }

    fn buffer(list: &Obj) -> *const Obj {
        list.downcast_ref::<PyList>()
            .unwrap()
            .items
            .borrow()
            .as_ptr()
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn four_items_fit_in_a_64_byte_block() {
        assert_eq!(size_of::<Items>(), 40);
        assert_eq!(size_of::<PyList>(), 48);
        assert_eq!(size_of::<crate::refcount::GcBox<PyList>>(), 64);
        assert_eq!(Obj::list([]).header().vtable().size, 64);
    }

    #[test]
    fn short_lists_are_inline_however_they_are_built() {
        for n in 0..=PyList::INLINE_ITEMS as i64 {
            let expected: Vec<i64> = (0..n).collect();
            let unknown_length = std::iter::successors(Some(0), |&k| Some(k + 1))
                .take_while(|&k| k < n)
                .map(Obj::from);
            let mut roomy = Vec::with_capacity(16);
            roomy.extend(ints(0..n));
            let built = [
                Obj::list(ints(0..n)),
                Obj::list_from_vec(ints(0..n)),
                Obj::list((0..n).map(Obj::from)),
                Obj::list((0..n).filter(|_| true).map(Obj::from)),
                Obj::list(unknown_length),
                // A `Vec` with room to spare is still moved inline.
                Obj::list_from_vec(roomy),
            ];
            for list in built {
                assert_eq!(values(&list), expected);
                assert!(!spilled(&list), "{n} items spilled");
            }
        }
        let array = Obj::list([Obj::from(1), Obj::from(2), Obj::from(3), Obj::from(4)]);
        assert!(!spilled(&array));
        assert_eq!(values(&array), [1, 2, 3, 4]);
    }

    #[test]
    fn long_lists_take_over_the_vec_buffer() {
        let items = ints(0..9);
        let heap = items.as_ptr();
        let list = Obj::list_from_vec(items);
        assert!(spilled(&list));
        assert_eq!(buffer(&list), heap);
        assert_eq!(values(&list), (0..9).collect::<Vec<_>>());
        let items = ints(0..7);
        let heap = items.as_ptr();
        let list = Obj::list(items);
        assert!(spilled(&list));
        assert_eq!(buffer(&list), heap);
        assert_eq!(values(&list), (0..7).collect::<Vec<_>>());
        let list = Obj::list((0..6).map(Obj::from));
        assert!(spilled(&list));
        assert_eq!(values(&list), (0..6).collect::<Vec<_>>());
    }

    #[test]
    fn spilling_and_shrinking_keep_the_items() {
        let list = Obj::list(ints(0..4));
        let value = list.downcast_ref::<PyList>().unwrap();
        assert!(!value.is_spilled());
        assert_eq!(value.spilled_capacity(), 0);
        value.append(Obj::from(4));
        assert!(value.is_spilled());
        assert!(value.spilled_capacity() >= 5);
        assert_eq!(values(&list), [0, 1, 2, 3, 4]);
        for _ in 0..3 {
            list.call_method("pop", &[]).unwrap();
        }
        assert_eq!(values(&list), [0, 1]);
        value.append(Obj::from(7));
        assert_eq!(values(&list), [0, 1, 7]);
        list.call_method("clear", &[]).unwrap();
        assert!(!value.is_spilled());
        assert_eq!(value.spilled_capacity(), 0);
        assert!(value.is_empty());
    }

    #[test]
    fn sorting_short_and_long_lists() {
        for n in [0, 1, 3, 4, 5, 9] {
            let items: Items = (0..n).rev().map(Obj::from).collect();
            let sorted = sort_items(items, None, false);
            assert!(sorted.error.is_none());
            let got: Vec<i64> = sorted.items.iter().map(|o| o.extract().unwrap()).collect();
            assert_eq!(got, (0..n).collect::<Vec<i64>>());
            assert_eq!(sorted.items.spilled(), n > 4);
        }
        // Stable, with a key and with `reverse`: equal keys keep their order.
        let abs = crate::builtins::get("abs").unwrap();
        for (input, reverse, expected) in [
            (&[1, -1, 2, -2][..], false, &[1, -1, 2, -2][..]),
            (&[1, -1, 2, -2], true, &[2, -2, 1, -1]),
            (&[-3, 1, 2, -2, -1, 3], false, &[1, -1, 2, -2, -3, 3]),
            (&[-3, 1, 2, -2, -1, 3], true, &[-3, 3, 2, -2, 1, -1]),
        ] {
            let items: Items = input.iter().map(|&k| Obj::from(k)).collect();
            let sorted = sort_items(items, Some(&abs), reverse);
            assert!(sorted.error.is_none());
            let got: Vec<i64> = sorted.items.iter().map(|o| o.extract().unwrap()).collect();
            assert_eq!(got, expected, "{input:?} reverse={reverse}");
        }
    }

    #[test]
    fn an_inline_self_cycle_is_traced_and_collected() {
        crate::gc::collect();
        let list = Obj::list([]);
        list.downcast_ref::<PyList>().unwrap().append(list.clone());
        assert!(!spilled(&list));
        let referents = crate::gc::get_referents(&list);
        assert_eq!(referents.len(), 1);
        assert!(crate::AnyGc::ptr_eq(&referents[0], &list.0));
        drop(referents);
        drop(list);
        assert_eq!(crate::gc::collect(), 1);
    }
}
