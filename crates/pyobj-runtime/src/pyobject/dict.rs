//! `dict`: insertion-ordered hash table, CPython 3.6+'s compact layout.
//!
//! ```text
//!  indices: [ - | 1 | - | 0 | x | - | 2 | - ]   hash & mask -> position in entries
//!  entries: [ (hash, 'a', 1), (hash, 'b', 2), (hash, 'c', 3) ]   in insertion order
//! ```
//!
//! Lookups probe `indices` (CPython's perturbed probing); entries are appended, so
//! iteration follows insertion order; a deleted entry leaves a hole (`None`) and its
//! index becomes a dummy (`x`), both swept away when the table is rebuilt.
//!
//! Comparing keys may run any code (a key's `__eq__`), which may even mutate the dict:
//! a lookup compares with no borrow held, then starts over if the table changed
//! meanwhile, as CPython does.
//!
//! # Tracking
//! As in CPython, a dict starts **untracked** and becomes tracked by the collector when
//! it first holds a key or value that may be tracked (a list, a dict, an instance...): a
//! dict of numbers and strings can never be part of a cycle, so collections need not
//! look at it. It is not untracked again.

use std::cell::{Cell, RefCell};

use super::protocol::CompareOp;
use super::typeobject::{HashSlot, Method, PyType};
use super::{Args, Obj, PyInt, PyStr, ReprGuard};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// An index slot that never held an entry (ends a probe).
const EMPTY: u32 = u32::MAX;
/// An index slot whose entry was deleted (a probe goes on past it).
const DUMMY: u32 = u32::MAX - 1;
const MIN_SIZE: usize = 8;

struct Entry {
    hash: i64,
    key: Obj,
    value: Obj,
}

#[derive(Default)]
struct Table {
    /// Open-addressing index: positions in `entries`, `EMPTY` or `DUMMY` (4 bytes a
    /// slot, as CPython's index of a dict below 2**31 entries: half the cache lines of
    /// a word per slot).
    indices: Vec<u32>,
    /// Entries in insertion order; `None` where one was deleted.
    entries: Vec<Option<Entry>>,
    /// Live entries.
    used: usize,
    /// Bumped by every mutation (a lookup that ran user code checks it).
    version: u64,
}

/// An entry's position as stored in the index.
fn slot_value(position: usize) -> u32 {
    // A dict of 2**32 - 2 entries would need hundreds of gigabytes of entries first.
    u32::try_from(position)
        .ok()
        .filter(|&value| value < DUMMY)
        .expect("a dict holds fewer than 2**32 - 2 entries")
}

impl Table {
    fn probe(mask: usize, hash: i64) -> impl Iterator<Item = usize> {
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut first = true;
        std::iter::from_fn(move || {
            if !first {
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(perturb as usize)
                    .wrapping_add(1))
                    & mask;
            }
            first = false;
            Some(i)
        })
    }

    /// Puts entry `entry` at the first free slot for `hash`.
    fn insert_index(&mut self, hash: i64, entry: usize) {
        let mask = self.indices.len() - 1;
        for slot in Table::probe(mask, hash) {
            if matches!(self.indices[slot], EMPTY | DUMMY) {
                self.indices[slot] = slot_value(entry);
                return;
            }
        }
    }

    /// Rebuilds the index for `used * 3` slots (CPython's growth rate), dropping holes.
    fn rebuild(&mut self) {
        let size = (self.used * 3).next_power_of_two().max(MIN_SIZE);
        self.entries.retain(Option::is_some);
        // Room for every entry the new index admits (CPython's usable size), so that
        // the entries are not moved again before the next rebuild.
        let usable = size * 2 / 3;
        self.entries
            .reserve_exact(usable.saturating_sub(self.entries.len()));
        self.indices = vec![EMPTY; size];
        for position in 0..self.entries.len() {
            if let Some(entry) = &self.entries[position] {
                let hash = entry.hash;
                self.insert_index(hash, position);
            }
        }
    }

    /// Appends a new entry (the key is known to be absent).
    fn push(&mut self, hash: i64, key: Obj, value: Obj) {
        if self.indices.is_empty() || self.entries.len() >= self.indices.len() * 2 / 3 {
            self.rebuild();
        }
        let position = self.entries.len();
        self.entries.push(Some(Entry { hash, key, value }));
        self.insert_index(hash, position);
        self.used += 1;
        self.version += 1;
    }

    /// Removes the entry at `position` and returns it.
    fn remove(&mut self, position: usize) -> Option<Entry> {
        let entry = self.entries.get_mut(position)?.take()?;
        let mask = self.indices.len() - 1;
        for slot in Table::probe(mask, entry.hash) {
            if self.indices[slot] == slot_value(position) {
                self.indices[slot] = DUMMY;
                break;
            }
        }
        self.used -= 1;
        self.version += 1;
        Some(entry)
    }

    fn live(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }
}

/// The value of a `dict` object.
pub struct PyDict {
    table: RefCell<Table>,
}

impl Trace for PyDict {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DICT_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.table.try_borrow() {
            Ok(table) => table.live().for_each(|entry| {
                entry.key.trace(tracer);
                entry.value.trace(tracer);
            }),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        if let Ok(mut table) = self.table.try_borrow_mut() {
            let old = std::mem::take(&mut *table);
            drop(table);
            drop(old);
        }
    }
}

/// `==` between keys without running user code, when both are exact strs or ints.
fn builtin_key_eq(a: &Obj, b: &Obj) -> Option<bool> {
    if let (Some(x), Some(y)) = (a.downcast_ref::<PyStr>(), b.downcast_ref::<PyStr>()) {
        return Some(x.as_str() == y.as_str());
    }
    if let (Some(x), Some(y)) = (a.downcast_ref::<PyInt>(), b.downcast_ref::<PyInt>()) {
        return Some(x.value() == y.value());
    }
    None
}

impl PyDict {
    fn new() -> PyDict {
        PyDict {
            table: RefCell::new(Table::default()),
        }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    /// Whether the dict is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The keys, in order.
    pub fn keys(&self) -> Vec<Obj> {
        self.table.borrow().live().map(|e| e.key.clone()).collect()
    }

    /// The values, in order.
    pub fn values(&self) -> Vec<Obj> {
        self.table
            .borrow()
            .live()
            .map(|e| e.value.clone())
            .collect()
    }

    /// The items, in order.
    pub fn items(&self) -> Vec<(Obj, Obj)> {
        self.table
            .borrow()
            .live()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// The position of `key`'s entry, if present.
    fn lookup(&self, key: &Obj, hash: i64) -> PyResult<Option<usize>> {
        'restart: loop {
            let mut table = self.table.borrow();
            if table.indices.is_empty() {
                return Ok(None);
            }
            let mask = table.indices.len() - 1;
            for slot in Table::probe(mask, hash) {
                let position = match table.indices[slot] {
                    EMPTY => return Ok(None),
                    DUMMY => continue,
                    position => position as usize,
                };
                let Some(entry) = &table.entries[position] else {
                    continue;
                };
                if entry.hash != hash {
                    continue;
                }
                if entry.key.is(key) {
                    return Ok(Some(position));
                }
                if let Some(equal) = builtin_key_eq(&entry.key, key) {
                    if equal {
                        return Ok(Some(position));
                    }
                    continue;
                }
                let candidate = entry.key.clone();
                let version = table.version;
                drop(table);
                let equal = candidate.eq(key)?;
                drop(candidate);
                table = self.table.borrow();
                if table.version != version {
                    continue 'restart;
                }
                if equal {
                    return Ok(Some(position));
                }
            }
            return Ok(None);
        }
    }

    /// `dict[key]`, if present.
    pub fn get(&self, key: &Obj) -> PyResult<Option<Obj>> {
        let hash = key.hash()?;
        Ok(self.lookup(key, hash)?.and_then(|position| {
            self.table.borrow().entries[position]
                .as_ref()
                .map(|entry| entry.value.clone())
        }))
    }

    /// `dict[key] = value` (the dict's own handle is needed to track it).
    fn insert(&self, this: &Obj, key: Obj, value: Obj) -> PyResult<()> {
        let hash = key.hash()?;
        let track = key.may_be_tracked() || value.may_be_tracked();
        match self.lookup(&key, hash)? {
            Some(position) => {
                let mut table = self.table.borrow_mut();
                table.version += 1;
                let old = table.entries[position]
                    .as_mut()
                    .map(|entry| std::mem::replace(&mut entry.value, value));
                drop(table);
                drop(old);
            }
            None => self.table.borrow_mut().push(hash, key, value),
        }
        if track {
            this.track();
        }
        Ok(())
    }

    /// Removes `key`, returning its entry (`None` if absent).
    fn delete(&self, key: &Obj) -> PyResult<Option<(Obj, Obj)>> {
        let hash = key.hash()?;
        let Some(position) = self.lookup(key, hash)? else {
            return Ok(None);
        };
        let removed = self.table.borrow_mut().remove(position);
        Ok(removed.map(|entry| (entry.key, entry.value)))
    }

    /// Replaces everything with nothing; the old entries are dropped after the borrow.
    fn clear(&self) {
        let mut table = self.table.borrow_mut();
        let version = table.version + 1;
        let old = std::mem::replace(
            &mut *table,
            Table {
                version,
                ..Table::default()
            },
        );
        drop(table);
        drop(old);
    }

    /// The entry at `position` or after it: (its position, key, value).
    fn entry_from(&self, position: usize) -> Option<(usize, Obj, Obj)> {
        let table = self.table.borrow();
        table.entries[position.min(table.entries.len())..]
            .iter()
            .enumerate()
            .find_map(|(offset, entry)| {
                entry
                    .as_ref()
                    .map(|e| (position + offset, e.key.clone(), e.value.clone()))
            })
    }
}

impl Obj {
    /// A new, empty dict.
    pub fn dict() -> Obj {
        Obj::new_untracked(PyDict::new())
    }

    /// A new dict of `items` (later keys win).
    pub fn dict_from(items: impl IntoIterator<Item = (Obj, Obj)>) -> PyResult<Obj> {
        let dict = Obj::dict();
        for (key, value) in items {
            dict.set_item(&key, &value)?;
        }
        Ok(dict)
    }
}

fn dict_of(obj: &Obj) -> PyResult<&PyDict> {
    obj.value_as::<PyDict>()
}

/// `dict`.
pub(crate) static DICT_TYPE: PyType = PyType {
    name: "dict",
    new: Some(dict_new),
    repr: Some(dict_repr),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(dict_richcompare),
    len: Some(|obj| Ok(dict_of(obj)?.len())),
    getitem: Some(|obj, key| match dict_of(obj)?.get(key)? {
        Some(value) => Ok(value),
        None => Err(PyErr::key_error(key.clone())),
    }),
    setitem: Some(dict_setitem),
    contains: Some(|obj, key| {
        let hash = key.hash()?;
        Ok(dict_of(obj)?.lookup(key, hash)?.is_some())
    }),
    iter: Some(|obj| Ok(PyDictIter::make(obj.clone(), ViewKind::Keys))),
    methods: DICT_METHODS,
    ..PyType::BLANK
};

static DICT_METHODS: &[Method] = &[
    Method {
        name: "get",
        call: |obj, args| {
            let positional = args.between("get", 1, 2)?;
            match dict_of(obj)?.get(&positional[0])? {
                Some(value) => Ok(value),
                None => Ok(positional.get(1).cloned().unwrap_or_else(Obj::none)),
            }
        },
    },
    Method {
        name: "setdefault",
        call: |obj, args| {
            let positional = args.between("setdefault", 1, 2)?;
            let dict = dict_of(obj)?;
            if let Some(value) = dict.get(&positional[0])? {
                return Ok(value);
            }
            let default = positional.get(1).cloned().unwrap_or_else(Obj::none);
            dict.insert(obj, positional[0].clone(), default.clone())?;
            Ok(default)
        },
    },
    Method {
        name: "pop",
        call: |obj, args| {
            let positional = args.between("pop", 1, 2)?;
            match dict_of(obj)?.delete(&positional[0])? {
                Some((_, value)) => Ok(value),
                None => match positional.get(1) {
                    Some(default) => Ok(default.clone()),
                    None => Err(PyErr::key_error(positional[0].clone())),
                },
            }
        },
    },
    Method {
        name: "popitem",
        call: |obj, args| {
            args.none("dict.popitem")?;
            let dict = dict_of(obj)?;
            let mut table = dict.table.borrow_mut();
            let last = table.entries.iter().rposition(Option::is_some);
            let entry = last.and_then(|position| table.remove(position));
            drop(table);
            match entry {
                Some(entry) => Ok(Obj::tuple([entry.key, entry.value])),
                None => Err(PyErr::key_error(Obj::from(
                    "popitem(): dictionary is empty",
                ))),
            }
        },
    },
    Method {
        name: "keys",
        call: |obj, args| {
            args.none("dict.keys")?;
            Ok(PyDictView::make(obj.clone(), ViewKind::Keys))
        },
    },
    Method {
        name: "values",
        call: |obj, args| {
            args.none("dict.values")?;
            Ok(PyDictView::make(obj.clone(), ViewKind::Values))
        },
    },
    Method {
        name: "items",
        call: |obj, args| {
            args.none("dict.items")?;
            Ok(PyDictView::make(obj.clone(), ViewKind::Items))
        },
    },
    Method {
        name: "update",
        call: |obj, args| {
            let positional = args.positional_between("update", 0, 1)?;
            update(obj, positional.first(), args.keywords())?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "clear",
        call: |obj, args| {
            args.none("dict.clear")?;
            dict_of(obj)?.clear();
            Ok(Obj::none())
        },
    },
    Method {
        name: "copy",
        call: |obj, args| {
            args.none("dict.copy")?;
            Obj::dict_from(dict_of(obj)?.items())
        },
    },
];

/// `dict.update(other, **kwargs)` and `dict(other, **kwargs)`.
fn update(obj: &Obj, other: Option<&Obj>, keywords: &[(&str, Obj)]) -> PyResult<()> {
    let dict = dict_of(obj)?;
    if let Some(other) = other {
        if let Some(source) = other.downcast_ref::<PyDict>() {
            for (key, value) in source.items() {
                dict.insert(obj, key, value)?;
            }
        } else if other.hasattr("keys")? {
            for key in other.call_method("keys", &[])?.to_vec()? {
                let value = other.get_item(&key)?;
                dict.insert(obj, key, value)?;
            }
        } else {
            for (index, item) in other.try_iter()?.enumerate() {
                let item = item?;
                let pair = item.to_vec().map_err(|error| {
                    if error.is_instance(&crate::exceptions::TYPE_ERROR) {
                        PyErr::type_error(format!(
                            "cannot convert dictionary update sequence element #{index} to a sequence"
                        ))
                    } else {
                        error
                    }
                })?;
                let [key, value] = <[Obj; 2]>::try_from(pair).map_err(|pair| {
                    PyErr::value_error(format!(
                        "dictionary update sequence element #{index} has length {}; 2 is required",
                        pair.len()
                    ))
                })?;
                dict.insert(obj, key, value)?;
            }
        }
    }
    for (name, value) in keywords {
        dict.insert(obj, Obj::from(*name), value.clone())?;
    }
    Ok(())
}

fn dict_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let positional = args.positional_between("dict", 0, 1)?;
    let dict = Obj::dict();
    update(&dict, positional.first(), args.keywords())?;
    Ok(dict)
}

fn dict_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let dict = dict_of(obj)?;
    match value {
        Some(value) => dict.insert(obj, key.clone(), value.clone()),
        None => match dict.delete(key)? {
            Some(removed) => {
                drop(removed);
                Ok(())
            }
            None => Err(PyErr::key_error(key.clone())),
        },
    }
}

fn dict_repr(obj: &Obj) -> PyResult<String> {
    let dict = dict_of(obj)?;
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok("{...}".to_owned());
    };
    let mut out = String::from("{");
    let mut position = 0;
    let mut first = true;
    while let Some((found, key, value)) = dict.entry_from(position) {
        if !first {
            out.push_str(", ");
        }
        first = false;
        out.push_str(&key.repr()?);
        out.push_str(": ");
        out.push_str(&value.repr()?);
        position = found + 1;
    }
    out.push('}');
    Ok(out)
}

fn dict_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let (Some(x), Some(y)) = (a.downcast_ref::<PyDict>(), b.downcast_ref::<PyDict>()) else {
        return Ok(Obj::not_implemented());
    };
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(Obj::not_implemented());
    }
    let mut equal = x.len() == y.len();
    if equal {
        for (key, value) in x.items() {
            match y.get(&key)? {
                Some(other) if value.eq_item(&other)? => {}
                _ => {
                    equal = false;
                    break;
                }
            }
        }
    }
    Ok(Obj::from(equal == (op == CompareOp::Eq)))
}

/// Which part of a dict a view or an iterator shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ViewKind {
    Keys,
    Values,
    Items,
}

impl ViewKind {
    fn pick(self, key: Obj, value: Obj) -> Obj {
        match self {
            ViewKind::Keys => key,
            ViewKind::Values => value,
            ViewKind::Items => Obj::tuple([key, value]),
        }
    }
}

/// `dict.keys()`, `dict.values()`, `dict.items()`: live views of a dict.
pub struct PyDictView {
    dict: Obj,
    kind: ViewKind,
}

impl PyDictView {
    fn make(dict: Obj, kind: ViewKind) -> Obj {
        Obj::new(PyDictView { dict, kind })
    }
}

impl Trace for PyDictView {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DICT_KEYS_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.dict.trace(tracer);
    }
}

const fn view_type(name: &'static str) -> PyType {
    PyType {
        name,
        class_of: Some(
            |obj| match obj.downcast_ref::<PyDictView>().map(|v| v.kind) {
                Some(ViewKind::Values) => &DICT_VALUES_TYPE,
                Some(ViewKind::Items) => &DICT_ITEMS_TYPE,
                _ => &DICT_KEYS_TYPE,
            },
        ),
        repr: Some(view_repr),
        len: Some(|obj| dict_of(&obj.value_as::<PyDictView>()?.dict).map(PyDict::len)),
        iter: Some(|obj| {
            let view = obj.value_as::<PyDictView>()?;
            Ok(PyDictIter::make(view.dict.clone(), view.kind))
        }),
        contains: Some(view_contains),
        ..PyType::BLANK
    }
}

/// `dict_keys`.
pub(crate) static DICT_KEYS_TYPE: PyType = view_type("dict_keys");
/// `dict_values`.
pub(crate) static DICT_VALUES_TYPE: PyType = PyType {
    contains: None,
    ..view_type("dict_values")
};
/// `dict_items`.
pub(crate) static DICT_ITEMS_TYPE: PyType = view_type("dict_items");

/// `dict_keys(['a', 'b'])`.
fn view_repr(obj: &Obj) -> PyResult<String> {
    let view = obj.value_as::<PyDictView>()?;
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok("...".to_owned());
    };
    let items = Obj::list(obj.to_vec()?);
    let _ = view;
    Ok(format!("{}({})", obj.type_name(), items.repr()?))
}

fn view_contains(obj: &Obj, item: &Obj) -> PyResult<bool> {
    let view = obj.value_as::<PyDictView>()?;
    let dict = dict_of(&view.dict)?;
    match view.kind {
        ViewKind::Keys => {
            let hash = item.hash()?;
            Ok(dict.lookup(item, hash)?.is_some())
        }
        ViewKind::Items => {
            let Some(pair) = item.downcast_ref::<super::PyTuple>() else {
                return Ok(false);
            };
            let [key, value] = pair.as_slice() else {
                return Ok(false);
            };
            match dict.get(key)? {
                Some(found) => found.eq_item(value),
                None => Ok(false),
            }
        }
        ViewKind::Values => {
            for value in dict.values() {
                if value.eq_item(item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// An iterator over a dict's keys, values or items.
pub(crate) struct PyDictIter {
    dict: RefCell<Option<Obj>>,
    kind: ViewKind,
    position: Cell<usize>,
    /// The dict's size when iteration started.
    used: Cell<usize>,
    /// Items left to yield.
    remaining: Cell<usize>,
}

impl PyDictIter {
    fn make(dict: Obj, kind: ViewKind) -> Obj {
        let used = dict.downcast_ref::<PyDict>().map_or(0, PyDict::len);
        Obj::new(PyDictIter {
            dict: RefCell::new(Some(dict)),
            kind,
            position: Cell::new(0),
            used: Cell::new(used),
            remaining: Cell::new(used),
        })
    }
}

impl Trace for PyDictIter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DICT_KEY_ITERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.dict.trace(tracer);
    }
    fn drop_handles(&self) {
        let old = self
            .dict
            .try_borrow_mut()
            .ok()
            .and_then(|mut dict| dict.take());
        drop(old);
    }
}

const fn iterator_type(name: &'static str) -> PyType {
    PyType {
        name,
        class_of: Some(
            |obj| match obj.downcast_ref::<PyDictIter>().map(|it| it.kind) {
                Some(ViewKind::Values) => &DICT_VALUE_ITERATOR_TYPE,
                Some(ViewKind::Items) => &DICT_ITEM_ITERATOR_TYPE,
                _ => &DICT_KEY_ITERATOR_TYPE,
            },
        ),
        iter: Some(|obj| Ok(obj.clone())),
        next: Some(dict_iter_next),
        ..PyType::BLANK
    }
}

static DICT_KEY_ITERATOR_TYPE: PyType = iterator_type("dict_keyiterator");
static DICT_VALUE_ITERATOR_TYPE: PyType = iterator_type("dict_valueiterator");
static DICT_ITEM_ITERATOR_TYPE: PyType = iterator_type("dict_itemiterator");

fn dict_iter_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let it = obj.value_as::<PyDictIter>()?;
    let Some(dict_obj) = it.dict.borrow().clone() else {
        return Ok(None);
    };
    let dict = dict_of(&dict_obj)?;
    if dict.len() != it.used.get() {
        // Sticky, as in CPython.
        it.used.set(usize::MAX);
        return Err(PyErr::runtime_error(
            "dictionary changed size during iteration",
        ));
    }
    match dict.entry_from(it.position.get()) {
        Some((found, key, value)) => {
            if it.remaining.get() == 0 {
                it.used.set(usize::MAX);
                return Err(PyErr::runtime_error(
                    "dictionary keys changed during iteration",
                ));
            }
            it.remaining.set(it.remaining.get() - 1);
            it.position.set(found + 1);
            Ok(Some(it.kind.pick(key, value)))
        }
        None => {
            let old = it.dict.borrow_mut().take();
            drop(old);
            Ok(None)
        }
    }
}
