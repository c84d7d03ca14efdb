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
use super::typeobject::{HashSlot, Method, MethodKind, PyType};
use super::{Args, Obj, PyInt, PyStr, ReprGuard};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// An index slot that never held an entry (ends a probe). Zero, so that a new index is
/// zeroed memory (`calloc`: fresh pages need no filling).
const EMPTY: u32 = 0;
/// An index slot whose entry was deleted (a probe goes on past it).
const DUMMY: u32 = u32::MAX;
const MIN_SIZE: usize = 8;

struct Entry {
    hash: i64,
    key: Obj,
    value: Obj,
}

#[derive(Default)]
struct Table {
    /// Open-addressing index: positions in `entries` plus one ([`slot_value`]),
    /// `EMPTY` or `DUMMY` (4 bytes a slot, as CPython's index of a dict below 2**31
    /// entries: half the cache lines of a word per slot).
    indices: Vec<u32>,
    /// Entries in insertion order; `None` where one was deleted.
    entries: Vec<Option<Entry>>,
    /// Live entries.
    used: usize,
    /// Bumped by every mutation (a lookup that ran user code checks it).
    version: u64,
}

impl Drop for Table {
    /// Drops the entries in order, each key then its value (as CPython's `dict_dealloc`),
    /// giving up the handles of exact strs and ints through their typed `Gc` (no type
    /// dispatch when that frees them).
    fn drop(&mut self) {
        for entry in std::mem::take(&mut self.entries).into_iter().flatten() {
            let Entry { key, value, .. } = entry;
            release_typed(key);
            release_typed(value);
        }
    }
}

/// Drops `obj` as a `Gc<PyStr>` or `Gc<PyInt>` if it is one.
#[inline]
fn release_typed(obj: Obj) {
    match obj.downcast::<PyStr>() {
        Ok(text) => drop(text),
        Err(obj) => match obj.downcast::<PyInt>() {
            Ok(int) => drop(int),
            Err(obj) => drop(obj),
        },
    }
}

/// An entry's position as stored in the index: one more than the position, as zero is
/// `EMPTY`.
fn slot_value(position: usize) -> u32 {
    // A dict of 2**32 - 2 entries would need hundreds of gigabytes of entries first.
    u32::try_from(position + 1)
        .ok()
        .filter(|&value| value < DUMMY)
        .expect("a dict holds fewer than 2**32 - 2 entries")
}

/// The entry position a used index slot holds (the inverse of [`slot_value`]).
fn position_of(value: u32) -> usize {
    value as usize - 1
}

/// What [`Table::at_slot`] finds.
enum Slot<'a> {
    /// An empty slot: the probe ends.
    End,
    /// A deleted entry's slot.
    Deleted,
    /// An entry of another hash.
    Other,
    /// An entry of the probed hash, at its position.
    Candidate(usize, &'a Entry),
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

    /// What a probe for `hash` finds at `slot`: the end of the probe, a deleted slot, an
    /// entry of another hash, or an entry of this hash (a key to compare) with its
    /// position.
    #[inline(always)]
    fn at_slot(&self, slot: usize, hash: i64) -> Slot<'_> {
        match self.indices[slot] {
            EMPTY => Slot::End,
            DUMMY => Slot::Deleted,
            value => {
                let position = position_of(value);
                match &self.entries[position] {
                    Some(entry) if entry.hash == hash => Slot::Candidate(position, entry),
                    _ => Slot::Other,
                }
            }
        }
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
        if self.used != self.entries.len() {
            self.entries.retain(Option::is_some);
        }
        // Room for every entry the new index admits (CPython's usable size), so that
        // the entries are not moved again before the next rebuild.
        let usable = size * 2 / 3;
        self.entries
            .reserve_exact(usable.saturating_sub(self.entries.len()));
        let mut indices = vec![EMPTY; size];
        let mask = size - 1;
        for (position, entry) in self.entries.iter().enumerate() {
            let Some(entry) = entry else { continue };
            // A fresh index has no deleted slots: the first empty one on the probe.
            for slot in Table::probe(mask, entry.hash) {
                if indices[slot] == EMPTY {
                    indices[slot] = slot_value(position);
                    break;
                }
            }
        }
        self.indices = indices;
    }

    /// Whether the entries fill the index's usable part (two thirds), so that a new
    /// entry needs a rebuild first (always, for the empty dict's absent index).
    fn is_full(&self) -> bool {
        self.indices.is_empty() || self.entries.len() >= self.indices.len() * 2 / 3
    }

    /// Appends a new entry (the key is known to be absent).
    fn push(&mut self, hash: i64, key: Obj, value: Obj) {
        if self.is_full() {
            self.rebuild();
        }
        let position = self.entries.len();
        self.entries.push(Some(Entry { hash, key, value }));
        self.insert_index(hash, position);
        self.used += 1;
        self.version += 1;
    }

    /// Appends a new entry for an absent key whose probe ended at index slot `slot`
    /// ([`Table::find`]'s `Absent`): rebuilt first if full, and then probed again.
    fn push_at(&mut self, slot: usize, hash: i64, key: Obj, value: Obj) {
        if self.is_full() {
            return self.push(hash, key, value);
        }
        let position = self.entries.len();
        self.entries.push(Some(Entry { hash, key, value }));
        self.indices[slot] = slot_value(position);
        self.used += 1;
        self.version += 1;
    }

    /// One probe sequence for `key`, comparing keys only where that runs no user code
    /// ([`builtin_key_eq`]).
    fn find(&self, key: &Obj, hash: i64) -> Probe {
        if self.indices.is_empty() {
            return Probe::Absent(0);
        }
        let mask = self.indices.len() - 1;
        // The first deleted slot on the way: where `insert_index` would put the key.
        let mut free = None;
        for slot in Table::probe(mask, hash) {
            let (position, entry) = match self.at_slot(slot, hash) {
                Slot::End => return Probe::Absent(free.unwrap_or(slot)),
                Slot::Deleted => {
                    free = free.or(Some(slot));
                    continue;
                }
                Slot::Other => continue,
                Slot::Candidate(position, entry) => (position, entry),
            };
            if entry.key.is(key) {
                return Probe::Found(position);
            }
            match builtin_key_eq(&entry.key, key) {
                Some(true) => return Probe::Found(position),
                Some(false) => {}
                None => return Probe::Compare,
            }
        }
        unreachable!("the index always has an empty slot")
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

/// The one vtable of every `PyDict` (a downcast is one comparison of addresses).
static PYDICT_VTABLE: crate::refcount::StaticVTable<PyDict> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyDict {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYDICT_VTABLE.get());
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

/// What [`Table::find`] found.
enum Probe {
    /// The key's entry, at this position.
    Found(usize),
    /// No entry has the key; a new one would take this index slot.
    Absent(usize),
    /// A key of the same hash needs `__eq__` (user code) to tell: the caller takes the
    /// general path ([`PyDict::lookup`]).
    Compare,
}

/// `hash(key)`, without the type-slot dispatch for an exact str (its cached hash).
#[inline]
fn key_hash(key: &Obj) -> PyResult<i64> {
    match key.downcast_ref::<PyStr>() {
        Some(text) => Ok(text.cached_hash()),
        None => key.hash(),
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
                let (position, entry) = match table.at_slot(slot, hash) {
                    Slot::End => return Ok(None),
                    Slot::Deleted | Slot::Other => continue,
                    Slot::Candidate(position, entry) => (position, entry),
                };
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
        let hash = key_hash(key)?;
        Ok(self.lookup(key, hash)?.and_then(|position| {
            self.table.borrow().entries[position]
                .as_ref()
                .map(|entry| entry.value.clone())
        }))
    }

    /// How many entries a dict may have for [`PyDict::get_str`] and
    /// [`PyDict::replace_str`] to look through them in order instead of hashing.
    const SCAN_ENTRIES: usize = 16;

    /// `dict[name]` for an exact str key `name`, as an instance's attribute read looks in
    /// its `__dict__`: small dicts are read in order without hashing the name. Runs no
    /// user code: a key that is not an exact str never matches (a str subclass's
    /// `__eq__` is not called).
    pub(crate) fn get_str(&self, name: &str) -> Option<Obj> {
        let table = self.table.borrow();
        if table.entries.len() <= Self::SCAN_ENTRIES {
            return table
                .live()
                .find(|entry| {
                    entry.key.downcast_ref::<PyStr>().is_some_and(|key| {
                        super::instance::same_text(key.as_str().as_bytes(), name.as_bytes())
                    })
                })
                .map(|entry| entry.value.clone());
        }
        drop(table);
        let key = Obj::from(name);
        let hash = key_hash(&key).ok()?;
        let position = self.lookup(&key, hash).ok()??;
        let table = self.table.borrow();
        table.entries[position]
            .as_ref()
            .filter(|entry| entry.key.is_exact::<PyStr>())
            .map(|entry| entry.value.clone())
    }

    /// [`PyDict::get_str`] looking first at the entry at position `guess` (where the
    /// name was found last), with the position it was found at: no str object is made
    /// and, when the guess holds, nothing is hashed. Runs no user code: only exact str
    /// keys match (a dict whose str key may equal `name` only through a str
    /// subclass's `__eq__` answers `None`; the general lookup decides).
    pub(crate) fn get_str_at(&self, name: &str, guess: usize) -> Option<(Obj, usize)> {
        let table = self.table.borrow();
        let text_is = |entry: &Entry| {
            entry.key.downcast_ref::<PyStr>().is_some_and(|key| {
                super::instance::same_text(key.as_str().as_bytes(), name.as_bytes())
            })
        };
        if let Some(Some(entry)) = table.entries.get(guess)
            && text_is(entry)
        {
            return Some((entry.value.clone(), guess));
        }
        if table.indices.is_empty() {
            return None;
        }
        let hash = super::hash::hash_str(name);
        let mask = table.indices.len() - 1;
        for slot in Table::probe(mask, hash) {
            let (position, entry) = match table.at_slot(slot, hash) {
                Slot::End => return None,
                Slot::Deleted | Slot::Other => continue,
                Slot::Candidate(position, entry) => (position, entry),
            };
            if text_is(entry) {
                return Some((entry.value.clone(), position));
            }
            if !entry.key.is_exact::<PyStr>() {
                // A key of another type with the same hash: its `__eq__` decides.
                return None;
            }
        }
        None
    }

    /// Replaces the value of the exact str key `name` in a small dict (see
    /// [`PyDict::get_str`]), `this` being the dict's own handle (to track it); the value
    /// back when the key is not found that way. The old value is dropped after the
    /// borrow.
    pub(crate) fn replace_str(&self, this: &Obj, name: &str, value: Obj) -> Result<(), Obj> {
        let mut table = self.table.borrow_mut();
        if table.entries.len() > Self::SCAN_ENTRIES {
            return Err(value);
        }
        let track = value.may_be_tracked();
        let Some(entry) = table.entries.iter_mut().flatten().find(|entry| {
            entry.key.downcast_ref::<PyStr>().is_some_and(|key| {
                super::instance::same_text(key.as_str().as_bytes(), name.as_bytes())
            })
        }) else {
            return Err(value);
        };
        let old = std::mem::replace(&mut entry.value, value);
        table.version += 1;
        drop(table);
        drop(old);
        if track {
            this.track();
        }
        Ok(())
    }

    /// `dict[key] = value` (the dict's own handle is needed to track it).
    fn insert(&self, this: &Obj, key: Obj, value: Obj) -> PyResult<()> {
        let hash = key_hash(&key)?;
        let track = key.may_be_tracked() || value.may_be_tracked();
        // One probe sequence finds the key or the slot for it, when no key comparison
        // runs user code.
        let mut table = self.table.borrow_mut();
        let found = match table.find(&key, hash) {
            Probe::Absent(slot) => {
                table.push_at(slot, hash, key, value);
                drop(table);
                if track {
                    this.track();
                }
                return Ok(());
            }
            Probe::Found(position) => Some(position),
            Probe::Compare => None,
        };
        drop(table);
        let found = match found {
            Some(position) => Some(position),
            None => self.lookup(&key, hash)?,
        };
        match found {
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
        let hash = key_hash(key)?;
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
        let old = std::mem::take(&mut *table);
        table.version = version;
        drop(table);
        drop(old);
    }

    /// Moves `key`'s entry to the end (`last`) or to the front of the order
    /// (`OrderedDict.move_to_end`); `false` if the key is absent.
    pub(crate) fn move_to_end(&self, key: &Obj, last: bool) -> PyResult<bool> {
        let hash = key_hash(key)?;
        let Some(position) = self.lookup(key, hash)? else {
            return Ok(false);
        };
        let mut table = self.table.borrow_mut();
        let Some(entry) = table.remove(position) else {
            return Ok(false);
        };
        if last {
            table.push(entry.hash, entry.key, entry.value);
        } else {
            let rest = std::mem::take(&mut table.entries);
            let mut entries = Vec::with_capacity(table.used + 1);
            entries.push(Some(entry));
            entries.extend(rest.into_iter().filter(Option::is_some));
            table.used = entries.len();
            table.entries = entries;
            table.version += 1;
            table.rebuild();
        }
        Ok(true)
    }

    /// Removes and returns the last entry (`last`) or the first one, if any
    /// (`OrderedDict.popitem`).
    pub(crate) fn pop_item(&self, last: bool) -> Option<(Obj, Obj)> {
        let mut table = self.table.borrow_mut();
        let position = if last {
            table.entries.iter().rposition(Option::is_some)
        } else {
            table.entries.iter().position(Option::is_some)
        };
        let entry = position.and_then(|position| table.remove(position));
        drop(table);
        entry.map(|entry| (entry.key, entry.value))
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
    match as_dict(obj) {
        Some(dict) => Ok(dict),
        None => obj.value_as::<PyDict>(),
    }
}

/// The table behind a dict, or behind an instance of a dict subclass a module defines
/// ([`PyDictSubclass`]).
pub(crate) fn as_dict(obj: &Obj) -> Option<&PyDict> {
    match obj.downcast_ref::<PyDict>() {
        Some(dict) => Some(dict),
        None => match obj.downcast_ref::<PyDictSubclass>() {
            Some(sub) => Some(&sub.dict),
            None => obj
                .downcast_ref::<PyDictInstance>()
                .map(|instance| &instance.dict),
        },
    }
}

/// An instance of a class deriving from `dict` (`class Registry(dict): ...`): the
/// dict's table, and the instance's class and attributes. Every dict slot and method
/// works on it through `as_dict`; attributes go through the class as a plain
/// instance's do.
pub struct PyDictInstance {
    dict: PyDict,
    data: super::InstanceData,
}

impl PyDictInstance {
    /// A new, empty instance of the class `class` (whose table is `table`).
    pub(crate) fn new_object(class: Obj, table: &'static PyType) -> Obj {
        Obj::new(PyDictInstance {
            dict: PyDict::new(),
            data: super::InstanceData::with_class_table(class, table),
        })
    }

    /// The class and attributes.
    pub(crate) fn data(&self) -> &super::InstanceData {
        &self.data
    }
}

impl Trace for PyDictInstance {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DICT_INSTANCE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.dict.trace(tracer);
        self.data.trace(tracer);
    }
    fn drop_handles(&self) {
        self.dict.drop_handles();
        self.data.drop_handles();
    }
}

/// The table every dict-subclass instance starts from: its type is its class's table.
static DICT_INSTANCE_TYPE: PyType = PyType {
    name: "dict",
    base: Some(&DICT_TYPE),
    class_of: Some(|obj| {
        obj.downcast_ref::<PyDictInstance>()
            .map_or(&DICT_TYPE, |instance| instance.data.table())
    }),
    weakrefable: true,
    ..PyType::BLANK
};

/// An instance of a dict subclass that a module defines in Rust
/// (`collections.defaultdict`, `OrderedDict`, `Counter`): a dict's table, the
/// subclass's type (a `static` deriving from `dict`), and one object the subclass
/// keeps (`defaultdict`'s `default_factory`).
///
/// Every slot and method of `dict` works on it as on a dict (they reach the table
/// through [`as_dict`]); the subclass's type overrides what differs.
pub(crate) struct PyDictSubclass {
    dict: PyDict,
    ty: &'static PyType,
    extra: RefCell<Option<Obj>>,
}

impl PyDictSubclass {
    /// A new, empty instance of the subclass `ty`, keeping `extra`.
    pub(crate) fn new_object(ty: &'static PyType, extra: Option<Obj>) -> Obj {
        Obj::new(PyDictSubclass {
            dict: PyDict::new(),
            ty,
            extra: RefCell::new(extra),
        })
    }

    /// The table.
    pub(crate) fn dict(&self) -> &PyDict {
        &self.dict
    }

    /// The object the subclass keeps.
    pub(crate) fn extra(&self) -> Option<Obj> {
        self.extra.borrow().clone()
    }

    /// Replaces the object the subclass keeps (the old one is dropped after the borrow).
    pub(crate) fn set_extra(&self, value: Option<Obj>) {
        let old = self.extra.replace(value);
        drop(old);
    }
}

impl Trace for PyDictSubclass {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DICT_SUBCLASS_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.dict.trace(tracer);
        self.extra.trace(tracer);
    }
    fn drop_handles(&self) {
        self.dict.drop_handles();
        let old = self
            .extra
            .try_borrow_mut()
            .ok()
            .and_then(|mut extra| extra.take());
        drop(old);
    }
}

/// The vtable's type of every [`PyDictSubclass`]; `class_of` gives each its subclass.
static DICT_SUBCLASS_TYPE: PyType = PyType {
    name: "dict",
    base: Some(&DICT_TYPE),
    class_of: Some(|obj| {
        obj.downcast_ref::<PyDictSubclass>()
            .map_or(&DICT_TYPE, |sub| sub.ty)
    }),
    ..PyType::BLANK
};

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
        None => dict_missing(obj, key),
    }),
    setitem: Some(dict_setitem),
    contains: Some(|obj, key| {
        let hash = key_hash(key)?;
        Ok(dict_of(obj)?.lookup(key, hash)?.is_some())
    }),
    iter: Some(|obj| Ok(PyDictIter::make(obj.clone(), ViewKind::Keys))),
    methods: DICT_METHODS,
    method_kinds: &[("fromkeys", MethodKind::Class)],
    ..PyType::BLANK
};

static DICT_METHODS: &[Method] = &[
    Method {
        // `dict.__init__(self, mapping_or_iterable=(), **kwargs)`: `update` (what
        // `super().__init__(...)` does in a class deriving from `dict`).
        name: "__init__",
        call: |obj, args| {
            let positional = args.positional_between("dict", 0, 1)?;
            update(obj, positional.first(), args.keywords())?;
            Ok(Obj::none())
        },
    },
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
    Method {
        name: "fromkeys",
        call: dict_fromkeys,
    },
];

/// `dict.fromkeys(iterable, value=None)`, a class method (called on the type object,
/// or on a dict for its type): a new dict with each key of `iterable` set to `value`.
fn dict_fromkeys(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("dict.fromkeys")?;
    let positional = args.positional_between("fromkeys", 1, 2)?;
    let value = positional.get(1).cloned().unwrap_or_else(Obj::none);
    let class = super::as_type_object(obj).unwrap_or_else(|| obj.py_type());
    let result = if std::ptr::eq(class, &DICT_TYPE) {
        Obj::dict_from(std::iter::empty::<(Obj, Obj)>())?
    } else {
        class.to_object().call(&[])?
    };
    for key in positional[0].try_iter()? {
        result.set_item(&key?, &value)?;
    }
    Ok(result)
}

/// `dict.update(other, **kwargs)` and `dict(other, **kwargs)`.
fn update(obj: &Obj, other: Option<&Obj>, keywords: &[(&str, Obj)]) -> PyResult<()> {
    let dict = dict_of(obj)?;
    if let Some(other) = other {
        if let Some(source) = as_dict(other) {
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

/// `d[key]` when `key` is absent: the class's `__missing__(d, key)` for an instance of
/// a class deriving from `dict` that defines it, else `KeyError(key)`.
fn dict_missing(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    if let Some(instance) = obj.downcast_ref::<PyDictInstance>()
        && let Some(missing) = super::class_lookup(&instance.data.class, "__missing__")
    {
        let key = std::slice::from_ref(key);
        return super::function::call_with_first(&missing, obj, &Args::new(key, &[]));
    }
    Err(PyErr::key_error(key.clone()))
}

/// `obj[key] = value`, or `del obj[key]` (`None`: `KeyError` if absent) on a dict or a
/// dict subclass's table, past any `__setitem__` a subclass defines (as CPython's
/// `PyDict_SetItem`).
pub(crate) fn dict_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
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
    let (Some(x), Some(y)) = (as_dict(a), as_dict(b)) else {
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
            let hash = key_hash(item)?;
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
        let used = as_dict(&dict).map_or(0, PyDict::len);
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

#[cfg(test)]
mod tests {
    use super::{DUMMY, EMPTY, Obj, Probe, PyDict, Table, key_hash, position_of};

    /// A small deterministic generator (xorshift), so that failures repeat.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// Int keys (-1 and -2 share the hash -2, and `k` and `k + (2**61 - 1)` share
    /// theirs), and str keys made afresh each time (equal texts, distinct objects).
    fn key(rng: &mut Rng) -> Obj {
        let n = rng.below(40) as i64 - 20;
        match rng.below(4) {
            0 => Obj::from(n),
            1 => Obj::from(n + (1 << 61) - 1),
            _ => Obj::from(format!("k{n}")),
        }
    }

    /// Every index slot is empty, deleted or a live entry; every live entry is found
    /// by its probe; `used` counts them.
    fn check_table(table: &Table) {
        let mut live = 0;
        for &value in &table.indices {
            if value != EMPTY && value != DUMMY {
                assert!(table.entries[position_of(value)].is_some());
                live += 1;
            }
        }
        assert_eq!(live, table.used);
        assert_eq!(table.entries.iter().flatten().count(), table.used);
        for (position, entry) in table.entries.iter().enumerate() {
            if let Some(entry) = entry {
                assert!(
                    matches!(table.find(&entry.key, entry.hash), Probe::Found(p) if p == position)
                );
            }
        }
    }

    /// Where the general path ([`Table::insert_index`]) would put a new entry for
    /// `hash`: what [`Table::find`]'s `Absent` must name.
    fn slot_for_new(table: &Table, hash: i64) -> usize {
        let mut copy = Table::default();
        copy.indices = table.indices.clone();
        copy.insert_index(hash, 0);
        copy.indices
            .iter()
            .zip(&table.indices)
            .position(|(after, before)| after != before)
            .expect("a slot was taken")
    }

    #[test]
    fn inserts_and_deletes_agree_with_a_model() {
        let dict_obj = Obj::dict();
        let dict = dict_obj.downcast_ref::<PyDict>().expect("a dict");
        // The model: (key, value) in insertion order; an update keeps the first key.
        let mut model: Vec<(Obj, Obj)> = Vec::new();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // Each step checks the whole table: quadratic, so fewer steps under Miri (still
        // past several resizes and many deletions).
        let steps = if cfg!(miri) { 200 } else { 4000 };
        for step in 0..steps {
            let key = key(&mut rng);
            let hash = key_hash(&key).unwrap();
            let found = model.iter().position(|(k, _)| k.eq(&key).unwrap());
            if rng.below(3) == 0 {
                let removed = dict.delete(&key).unwrap();
                match found {
                    Some(at) => {
                        let (k, v) = model.remove(at);
                        let (rk, rv) = removed.expect("present");
                        assert!(rk.is(&k) && rv.is(&v), "step {step}");
                    }
                    None => assert!(removed.is_none(), "step {step}"),
                }
            } else {
                {
                    let table = dict.table.borrow();
                    match (table.find(&key, hash), found) {
                        (Probe::Found(_), Some(_)) => {}
                        (Probe::Absent(slot), None) if !table.is_full() => {
                            assert_eq!(slot, slot_for_new(&table, hash), "step {step}");
                        }
                        (Probe::Absent(_), None) => {}
                        _ => panic!("step {step}: find disagrees with the model"),
                    }
                }
                let value = Obj::from(step);
                dict.insert(&dict_obj, key.clone(), value.clone()).unwrap();
                match found {
                    Some(at) => model[at].1 = value,
                    None => model.push((key, value)),
                }
            }
            check_table(&dict.table.borrow());
            let items = dict.items();
            assert_eq!(items.len(), model.len(), "step {step}");
            for ((k, v), (mk, mv)) in items.iter().zip(&model) {
                assert!(k.is(mk) && v.is(mv), "step {step}");
            }
        }
    }

    #[test]
    fn an_equal_key_updates_the_value_and_keeps_the_first_key() {
        let dict_obj = Obj::dict();
        let dict = dict_obj.downcast_ref::<PyDict>().expect("a dict");
        let first = Obj::from("spam".to_owned() + "ham");
        let second = Obj::from("spamham".to_owned());
        assert!(!first.is(&second));
        dict_obj.set_item(&first, &Obj::from(1)).unwrap();
        dict_obj.set_item(&second, &Obj::from(2)).unwrap();
        // `1` and `1.0` are one key too (the float needs the general comparison).
        dict_obj.set_item(&Obj::from(1), &Obj::from("int")).unwrap();
        dict_obj
            .set_item(&Obj::from(1.0), &Obj::from("float"))
            .unwrap();
        // Hash -2 twice: `-1` and `-2` are two keys.
        dict_obj
            .set_item(&Obj::from(-1), &Obj::from("minus one"))
            .unwrap();
        dict_obj
            .set_item(&Obj::from(-2), &Obj::from("minus two"))
            .unwrap();
        let items = dict.items();
        assert_eq!(items.len(), 4);
        assert!(items[0].0.is(&first));
        assert_eq!(items[0].1.repr().unwrap(), "2");
        assert_eq!(items[1].0.repr().unwrap(), "1");
        assert_eq!(items[1].1.repr().unwrap(), "'float'");
        assert_eq!(items[2].1.repr().unwrap(), "'minus one'");
        assert_eq!(items[3].1.repr().unwrap(), "'minus two'");
        check_table(&dict.table.borrow());
    }
}
