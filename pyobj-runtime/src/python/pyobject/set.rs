//! `set`: CPython's set hash table, probe for probe, so that a set iterates (and prints)
//! in the same order as in CPython: `{3, 1, 2}` prints `{1, 2, 3}`.
//!
//! The table is open-addressed with a power-of-two size (at least 8). A key goes to
//! slot `hash & mask`; on a collision the next 9 slots are tried (linear probing, cheap
//! on cache lines), then the probe jumps (`i = i * 5 + 1 + perturb`, with `perturb`
//! feeding in the hash's upper bits). A removed key leaves a dummy, which keeps probe
//! chains intact. The table grows when it is 60% filled (keys and dummies), to four
//! times the keys (twice past 50,000).
//!
//! The union, intersection and difference algorithms are CPython's too (which set is
//! iterated and which is probed decides the result's order).
//!
//! `frozenset` is the same table behind another type ([`PyFrozenSet`]): hashable (by
//! CPython's algorithm, so `hash(frozenset({1, 2}))` is CPython's number), equal to a
//! set of the same elements, with the methods that do not mutate. An operation between
//! a set and a frozenset gives the type of its left operand (`frozenset({1}) | {2}` is
//! a frozenset, `{2} | frozenset({1})` a set), as in CPython.

use std::cell::{Cell, RefCell};

use super::protocol::CompareOp;
use super::typeobject::{HashSlot, Method, NumberMethods, PyType};
use super::{Args, Obj, PyDict, PyStr, ReprGuard};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Active(i64, Obj),
}

struct Table {
    slots: Vec<Slot>,
    /// Active and dummy slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where `pop` looks next.
    finger: usize,
    /// Bumped by every mutation (a lookup that ran user code checks it).
    version: u64,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn next_probe(i: usize, perturb: &mut u64, mask: usize) -> usize {
        *perturb >>= PERTURB_SHIFT;
        (i.wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(*perturb as usize))
            & mask
    }

    /// Places a key known to be absent, in a table without dummies.
    fn insert_clean(slots: &mut [Slot], hash: i64, key: Obj) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            if let Some(slot) = slots[i..=i + probes]
                .iter_mut()
                .find(|slot| matches!(slot, Slot::Empty))
            {
                *slot = Slot::Active(hash, key);
                return;
            }
            i = Table::next_probe(i, &mut perturb, mask);
        }
    }

    /// Rebuilds the table for `minused` keys (CPython's `set_table_resize`); returns the
    /// old slots, to be dropped after the borrow.
    fn resize(&mut self, minused: usize) -> Vec<Slot> {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        if size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return Vec::new();
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        let mut leftovers = Vec::new();
        for slot in old {
            match slot {
                Slot::Active(hash, key) => Table::insert_clean(&mut self.slots, hash, key),
                other => leftovers.push(other),
            }
        }
        self.fill = self.used;
        self.version += 1;
        leftovers
    }

    /// `used > 50000 ? used * 2 : used * 4`.
    fn growth(&self) -> usize {
        if self.used > 50_000 {
            self.used * 2
        } else {
            self.used * 4
        }
    }
}

/// The value of a `set` object.
pub struct PySet {
    table: RefCell<Table>,
}

/// The one vtable of every `PySet` (a downcast is one comparison of addresses).
static PYSET_VTABLE: crate::refcount::StaticVTable<PySet> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PySet {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYSET_VTABLE.get());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SET_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.table.try_borrow() {
            Ok(table) => {
                for slot in &table.slots {
                    if let Slot::Active(_, key) = slot {
                        key.trace(tracer);
                    }
                }
            }
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        if let Ok(mut table) = self.table.try_borrow_mut() {
            let old = std::mem::replace(&mut *table, Table::new());
            drop(table);
            drop(old);
        }
    }
}

/// `==` between keys without running user code, when both are exact strs.
fn builtin_key_eq(a: &Obj, b: &Obj) -> Option<bool> {
    match (a.downcast_ref::<PyStr>(), b.downcast_ref::<PyStr>()) {
        (Some(x), Some(y)) => Some(x.as_str() == y.as_str()),
        _ => None,
    }
}

/// The hash a key is looked up (or removed) by: a set, unhashable, is looked up as the
/// frozenset of its elements (`{1} in {frozenset({1})}`), as in CPython.
fn lookup_hash(key: &Obj) -> PyResult<i64> {
    match key.hash() {
        Ok(hash) => Ok(hash),
        Err(error) => match key.downcast_ref::<PySet>() {
            Some(set) if error.is_instance(&crate::exceptions::TYPE_ERROR) => {
                Ok(hash_of_elements(set))
            }
            _ => Err(error),
        },
    }
}

/// The outcome of comparing a probed key.
enum Probe {
    Match,
    NoMatch,
    Restart,
}

impl PySet {
    fn new() -> PySet {
        PySet {
            table: RefCell::new(Table::new()),
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements, in iteration order.
    pub fn elements(&self) -> Vec<Obj> {
        self.entries().into_iter().map(|(_, key)| key).collect()
    }

    /// The elements with their hashes, in table order.
    fn entries(&self) -> Vec<(i64, Obj)> {
        self.table
            .borrow()
            .slots
            .iter()
            .filter_map(|slot| match slot {
                Slot::Active(hash, key) => Some((*hash, key.clone())),
                _ => None,
            })
            .collect()
    }

    /// Compares the key in slot `index` (hash equal) with `key`, releasing the borrow
    /// while `==` runs.
    fn compare_slot(&self, index: usize, key: &Obj, version: u64) -> PyResult<Probe> {
        let candidate = {
            let table = self.table.borrow();
            match &table.slots[index] {
                Slot::Active(_, candidate) => candidate.clone(),
                _ => return Ok(Probe::Restart),
            }
        };
        if candidate.is(key) {
            return Ok(Probe::Match);
        }
        if let Some(equal) = builtin_key_eq(&candidate, key) {
            return Ok(if equal { Probe::Match } else { Probe::NoMatch });
        }
        let equal = candidate.eq(key)?;
        drop(candidate);
        if self.table.borrow().version != version {
            return Ok(Probe::Restart);
        }
        Ok(if equal { Probe::Match } else { Probe::NoMatch })
    }

    /// The slot holding `key`, if present (CPython's `set_lookkey`).
    fn lookup(&self, key: &Obj, hash: i64) -> PyResult<Option<usize>> {
        'restart: loop {
            let (mask, version) = {
                let table = self.table.borrow();
                (table.mask(), table.version)
            };
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    let same_hash = match &self.table.borrow().slots[j] {
                        Slot::Empty => return Ok(None),
                        Slot::Dummy => false,
                        Slot::Active(h, _) => *h == hash,
                    };
                    if same_hash {
                        match self.compare_slot(j, key, version)? {
                            Probe::Match => return Ok(Some(j)),
                            Probe::NoMatch => {}
                            Probe::Restart => continue 'restart,
                        }
                    }
                }
                i = Table::next_probe(i, &mut perturb, mask);
            }
        }
    }

    /// Adds `key` (CPython's `set_add_entry`).
    fn add_entry(&self, key: Obj, hash: i64) -> PyResult<()> {
        'restart: loop {
            let (mask, version) = {
                let table = self.table.borrow();
                (table.mask(), table.version)
            };
            let mut freeslot = None;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let unused = 'probe: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    let same_hash = match &self.table.borrow().slots[j] {
                        Slot::Empty => break 'probe j,
                        Slot::Dummy => {
                            freeslot = Some(j);
                            false
                        }
                        Slot::Active(h, _) => *h == hash,
                    };
                    if same_hash {
                        match self.compare_slot(j, &key, version)? {
                            Probe::Match => return Ok(()),
                            Probe::NoMatch => {}
                            Probe::Restart => continue 'restart,
                        }
                    }
                }
                i = Table::next_probe(i, &mut perturb, mask);
            };
            let mut table = self.table.borrow_mut();
            table.version += 1;
            table.used += 1;
            if let Some(free) = freeslot {
                table.slots[free] = Slot::Active(hash, key);
                return Ok(());
            }
            table.fill += 1;
            table.slots[unused] = Slot::Active(hash, key);
            if table.fill * 5 < mask * 3 {
                return Ok(());
            }
            let minused = table.growth();
            let leftovers = table.resize(minused);
            drop(table);
            drop(leftovers);
            return Ok(());
        }
    }

    pub(crate) fn add_key(&self, key: &Obj) -> PyResult<()> {
        let hash = key.hash()?;
        self.add_entry(key.clone(), hash)
    }

    fn contains_entry(&self, key: &Obj, hash: i64) -> PyResult<bool> {
        Ok(self.lookup(key, hash)?.is_some())
    }

    fn contains_key(&self, key: &Obj) -> PyResult<bool> {
        let hash = lookup_hash(key)?;
        self.contains_entry(key, hash)
    }

    /// Removes `key`; whether it was there.
    fn discard_entry(&self, key: &Obj, hash: i64) -> PyResult<bool> {
        let Some(index) = self.lookup(key, hash)? else {
            return Ok(false);
        };
        let mut table = self.table.borrow_mut();
        let removed = std::mem::replace(&mut table.slots[index], Slot::Dummy);
        table.used -= 1;
        table.version += 1;
        drop(table);
        drop(removed);
        Ok(true)
    }

    fn discard_key(&self, key: &Obj) -> PyResult<bool> {
        let hash = lookup_hash(key)?;
        self.discard_entry(key, hash)
    }

    fn clear(&self) {
        let mut table = self.table.borrow_mut();
        let finger = table.finger;
        let version = table.version + 1;
        let old = std::mem::replace(&mut *table, Table::new());
        table.finger = finger;
        table.version = version;
        drop(table);
        drop(old);
    }

    fn pop(&self) -> PyResult<Obj> {
        let mut table = self.table.borrow_mut();
        if table.used == 0 {
            return Err(PyErr::key_error(Obj::from("pop from an empty set")));
        }
        let mask = table.mask();
        let mut index = table.finger & mask;
        while !matches!(table.slots[index], Slot::Active(..)) {
            index = if index == mask { 0 } else { index + 1 };
        }
        let Slot::Active(_, key) = std::mem::replace(&mut table.slots[index], Slot::Dummy) else {
            return Err(PyErr::system_error("set.pop found no element"));
        };
        table.used -= 1;
        table.finger = index + 1;
        table.version += 1;
        Ok(key)
    }

    /// Adds every element of `other` (CPython's `set_merge`).
    fn merge(&self, other: &PySet) -> PyResult<()> {
        if std::ptr::eq(self, other) {
            return Ok(());
        }
        let (other_slots, other_fill, other_used) = {
            let table = other.table.borrow();
            (table.slots.clone(), table.fill, table.used)
        };
        if other_used == 0 {
            return Ok(());
        }
        let mut table = self.table.borrow_mut();
        let mut leftovers = Vec::new();
        if (table.fill + other_used) * 5 >= table.mask() * 3 {
            let minused = (table.used + other_used) * 2;
            leftovers = table.resize(minused);
        }
        table.version += 1;
        if table.fill == 0 && table.slots.len() == other_slots.len() && other_fill == other_used {
            for (mine, theirs) in table.slots.iter_mut().zip(other_slots) {
                if let Slot::Active(..) = theirs {
                    *mine = theirs;
                }
            }
            table.fill = other_fill;
            table.used = other_used;
            drop(table);
            drop(leftovers);
            return Ok(());
        }
        if table.fill == 0 {
            table.fill = other_used;
            table.used = other_used;
            for slot in other_slots {
                if let Slot::Active(hash, key) = slot {
                    Table::insert_clean(&mut table.slots, hash, key);
                }
            }
            drop(table);
            drop(leftovers);
            return Ok(());
        }
        drop(table);
        drop(leftovers);
        for slot in other_slots {
            if let Slot::Active(hash, key) = slot {
                self.add_entry(key, hash)?;
            }
        }
        Ok(())
    }

    /// `set.update(other)` for one iterable (CPython's `set_update_internal`).
    fn update(&self, other: &Obj) -> PyResult<()> {
        if let Some(other) = any_set(other) {
            return self.merge(other);
        }
        if let Some(dict) = other.downcast_ref::<PyDict>() {
            let keys = dict.keys();
            let mut table = self.table.borrow_mut();
            let leftovers = if (table.fill + keys.len()) * 5 >= table.mask() * 3 {
                let minused = (table.used + keys.len()) * 2;
                table.resize(minused)
            } else {
                Vec::new()
            };
            drop(table);
            drop(leftovers);
            for key in keys {
                self.add_key(&key)?;
            }
            return Ok(());
        }
        for key in other.try_iter()? {
            self.add_key(&key?)?;
        }
        Ok(())
    }

    /// `set(iterable)`.
    fn from_iterable(iterable: &Obj) -> PyResult<Obj> {
        let set = Obj::new(PySet::new());
        set.value_as::<PySet>()?.update(iterable)?;
        Ok(set)
    }

    /// An empty set of the kind of `this`: a frozenset for a frozenset, else a set
    /// (CPython's `make_new_set_basetype`).
    fn new_like(this: &Obj) -> Obj {
        if this.is_exact::<PyFrozenSet>() {
            Obj::new(PyFrozenSet::new())
        } else {
            Obj::new(PySet::new())
        }
    }

    /// A copy of `this`, of its kind (CPython's `set_copy`).
    fn copy_like(this: &Obj) -> PyResult<Obj> {
        let result = PySet::new_like(this);
        set_of(&result)?.merge(set_of(this)?)?;
        Ok(result)
    }

    /// `iterable`'s elements in a new set of the kind of `this`.
    fn from_iterable_like(this: &Obj, iterable: &Obj) -> PyResult<Obj> {
        let result = PySet::new_like(this);
        set_of(&result)?.update(iterable)?;
        Ok(result)
    }

    /// `self & other` (CPython's `set_intersection`).
    fn intersection(this: &Obj, other: &Obj) -> PyResult<Obj> {
        let so = set_of(this)?;
        if this.is(other) {
            return PySet::copy_like(this);
        }
        let result = PySet::new_like(this);
        let out = set_of(&result)?;
        if let Some(other_set) = any_set(other) {
            let (probed, iterated) = if other_set.len() > so.len() {
                (other_set, so)
            } else {
                (so, other_set)
            };
            for (hash, key) in iterated.entries() {
                if probed.contains_entry(&key, hash)? {
                    out.add_entry(key, hash)?;
                }
            }
            return Ok(result);
        }
        for key in other.try_iter()? {
            let key = key?;
            let hash = key.hash()?;
            if so.contains_entry(&key, hash)? {
                out.add_entry(key, hash)?;
                if out.len() >= so.len() {
                    break;
                }
            }
        }
        Ok(result)
    }

    /// Removes the elements of `other` (CPython's `set_difference_update_internal`).
    fn difference_update(this: &Obj, other: &Obj) -> PyResult<()> {
        let so = set_of(this)?;
        if this.is(other) {
            so.clear();
            return Ok(());
        }
        if let Some(other_set) = any_set(other) {
            let entries = if (other_set.len() >> 3) > so.len() {
                let common = PySet::intersection(this, other)?;
                set_of(&common)?.entries()
            } else {
                other_set.entries()
            };
            for (hash, key) in entries {
                so.discard_entry(&key, hash)?;
            }
        } else {
            for key in other.try_iter()? {
                so.discard_key(&key?)?;
            }
        }
        let mut table = so.table.borrow_mut();
        if table.fill - table.used <= table.mask() / 4 {
            return Ok(());
        }
        let minused = table.growth();
        let leftovers = table.resize(minused);
        drop(table);
        drop(leftovers);
        Ok(())
    }

    /// `self - other` (CPython's `set_difference`).
    fn difference(this: &Obj, other: &Obj) -> PyResult<Obj> {
        let so = set_of(this)?;
        let other_size = if let Some(set) = any_set(other) {
            Some(set.len())
        } else {
            other.downcast_ref::<PyDict>().map(PyDict::len)
        };
        let copy_and_difference = || -> PyResult<Obj> {
            let result = PySet::copy_like(this)?;
            PySet::difference_update(&result, other)?;
            Ok(result)
        };
        let Some(other_size) = other_size else {
            return copy_and_difference();
        };
        if (so.len() >> 2) > other_size {
            return copy_and_difference();
        }
        let result = PySet::new_like(this);
        let out = set_of(&result)?;
        for (hash, key) in so.entries() {
            let present = match any_set(other) {
                Some(set) => set.contains_entry(&key, hash)?,
                None => other.contains(&key)?,
            };
            if !present {
                out.add_entry(key, hash)?;
            }
        }
        Ok(result)
    }

    /// `self ^= other` (CPython's `set_symmetric_difference_update`).
    fn symmetric_difference_update(this: &Obj, other: &Obj) -> PyResult<()> {
        let so = set_of(this)?;
        if this.is(other) {
            so.clear();
            return Ok(());
        }
        let entries = match any_set(other) {
            Some(set) => set.entries(),
            None => set_of(&PySet::from_iterable(other)?)?.entries(),
        };
        for (hash, key) in entries {
            if !so.discard_entry(&key, hash)? {
                so.add_entry(key, hash)?;
            }
        }
        Ok(())
    }

    /// Takes the elements of `other` (CPython's `set_swap_bodies`): `other` gets this
    /// set's old table, freed with it.
    fn take_body(&self, other: &PySet) {
        if std::ptr::eq(self, other) {
            return;
        }
        let mut mine = self.table.borrow_mut();
        let mut theirs = other.table.borrow_mut();
        let version = mine.version.max(theirs.version) + 1;
        std::mem::swap(&mut *mine, &mut *theirs);
        mine.version = version;
        theirs.version = version;
    }

    /// `self ^ other`: `other`'s elements in a set of the kind of `self`, updated with
    /// `self`.
    fn symmetric_difference(this: &Obj, other: &Obj) -> PyResult<Obj> {
        let result = PySet::from_iterable_like(this, other)?;
        PySet::symmetric_difference_update(&result, this)?;
        Ok(result)
    }

    fn is_subset(&self, other: &PySet) -> PyResult<bool> {
        if self.len() > other.len() {
            return Ok(false);
        }
        for (hash, key) in self.entries() {
            if !other.contains_entry(&key, hash)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The element at slot `position` or after it: (its slot, element).
    fn entry_from(&self, position: usize) -> Option<(usize, Obj)> {
        let table = self.table.borrow();
        table.slots[position.min(table.slots.len())..]
            .iter()
            .enumerate()
            .find_map(|(offset, slot)| match slot {
                Slot::Active(_, key) => Some((position + offset, key.clone())),
                _ => None,
            })
    }
}

impl Obj {
    /// A new set of `items`, added in order, as `set([a, b, c])` and a display of
    /// variables `{a, b, c}` do. (CPython compiles a display of five or more *constants*
    /// into a frozenset constant copied into the new set, whose order may differ.)
    pub fn set(items: impl IntoIterator<Item = Obj>) -> PyResult<Obj> {
        let set = Obj::new(PySet::new());
        let value = set.value_as::<PySet>()?;
        for item in items {
            value.add_key(&item)?;
        }
        Ok(set)
    }
}

impl Obj {
    /// A new frozenset of `items`, added in order.
    #[cfg(feature = "serde")]
    pub(crate) fn frozenset(items: impl IntoIterator<Item = Obj>) -> PyResult<Obj> {
        let frozen = Obj::new(PyFrozenSet::new());
        let set = &frozen.value_as::<PyFrozenSet>()?.set;
        for item in items {
            set.add_key(&item)?;
        }
        Ok(frozen)
    }
}

/// The elements of an exact frozenset, in iteration order; `None` for any other object.
#[cfg(feature = "serde")]
pub(crate) fn frozenset_elements(obj: &Obj) -> Option<Vec<Obj>> {
    obj.downcast_ref::<PyFrozenSet>()
        .map(|frozen| frozen.set.elements())
}

/// The table behind a set or a frozenset.
fn any_set(obj: &Obj) -> Option<&PySet> {
    match obj.downcast_ref::<PySet>() {
        Some(set) => Some(set),
        None => obj.downcast_ref::<PyFrozenSet>().map(|frozen| &frozen.set),
    }
}

/// The table behind a set or a frozenset, or a `SystemError`.
fn set_of(obj: &Obj) -> PyResult<&PySet> {
    any_set(obj).ok_or_else(|| {
        PyErr::system_error(format!(
            "bad argument to internal function: '{}' object",
            obj.type_name()
        ))
    })
}

/// `set`.
pub(crate) static SET_TYPE: PyType = PyType {
    name: "set",
    new: Some(set_new),
    repr: Some(set_repr),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(set_richcompare),
    len: Some(|obj| Ok(set_of(obj)?.len())),
    number: Some(&SET_NUMBER),
    contains: Some(|obj, key| set_of(obj)?.contains_key(key)),
    iter: Some(|obj| Ok(PySetIter::make(obj.clone()))),
    methods: SET_METHODS,
    weakrefable: true,
    ..PyType::BLANK
};

/// Whether `obj` is a set or a frozenset.
fn is_any_set(obj: &Obj) -> bool {
    obj.is_exact::<PySet>() || obj.is_exact::<PyFrozenSet>()
}

fn both_sets(a: &Obj, b: &Obj) -> bool {
    is_any_set(a) && is_any_set(b)
}

static SET_NUMBER: NumberMethods = NumberMethods {
    or: Some(|a, b| {
        if !both_sets(a, b) {
            return Ok(Obj::not_implemented());
        }
        let result = PySet::copy_like(a)?;
        if !a.is(b) {
            set_of(&result)?.update(b)?;
        }
        Ok(result)
    }),
    and: Some(|a, b| {
        if !both_sets(a, b) {
            return Ok(Obj::not_implemented());
        }
        PySet::intersection(a, b)
    }),
    sub: Some(|a, b| {
        if !both_sets(a, b) {
            return Ok(Obj::not_implemented());
        }
        PySet::difference(a, b)
    }),
    xor: Some(|a, b| {
        if !both_sets(a, b) {
            return Ok(Obj::not_implemented());
        }
        PySet::symmetric_difference(a, b)
    }),
    ..NumberMethods::NONE
};

/// The methods of `set` and `frozenset` that do not mutate, for the type named `ty`
/// (which names the method in argument errors: `frozenset.issubset()`).
mod shared {
    use super::*;

    pub(super) fn copy(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        args.none(name)?;
        if obj.is_exact::<PyFrozenSet>() {
            return Ok(obj.clone());
        }
        PySet::copy_like(obj)
    }

    pub(super) fn union(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        args.no_keywords(name)?;
        let result = PySet::copy_like(obj)?;
        for other in args.positional() {
            if !other.is(obj) {
                set_of(&result)?.update(other)?;
            }
        }
        Ok(result)
    }

    pub(super) fn intersection(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        args.no_keywords(name)?;
        if args.positional().is_empty() {
            return PySet::copy_like(obj);
        }
        let mut result = obj.clone();
        for other in args.positional() {
            result = PySet::intersection(&result, other)?;
        }
        Ok(result)
    }

    pub(super) fn difference(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        args.no_keywords(name)?;
        let Some((first, rest)) = args.positional().split_first() else {
            return PySet::copy_like(obj);
        };
        let result = PySet::difference(obj, first)?;
        for other in rest {
            PySet::difference_update(&result, other)?;
        }
        Ok(result)
    }

    pub(super) fn symmetric_difference(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        PySet::symmetric_difference(obj, args.one(name)?)
    }

    pub(super) fn issubset(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        let other = args.one(name)?;
        let other = match any_set(other) {
            Some(_) => other.clone(),
            None => PySet::from_iterable(other)?,
        };
        Ok(Obj::from(set_of(obj)?.is_subset(set_of(&other)?)?))
    }

    pub(super) fn issuperset(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        let other = args.one(name)?;
        let so = set_of(obj)?;
        if let Some(other) = any_set(other) {
            return Ok(Obj::from(other.is_subset(so)?));
        }
        for key in other.try_iter()? {
            if !so.contains_key(&key?)? {
                return Ok(Obj::from(false));
            }
        }
        Ok(Obj::from(true))
    }

    pub(super) fn isdisjoint(obj: &Obj, args: &Args<'_>, name: &str) -> PyResult<Obj> {
        let other = args.one(name)?;
        let so = set_of(obj)?;
        for key in other.try_iter()? {
            if so.contains_key(&key?)? {
                return Ok(Obj::from(false));
            }
        }
        Ok(Obj::from(true))
    }
}

static SET_METHODS: &[Method] = &[
    Method {
        name: "add",
        call: |obj, args| {
            set_of(obj)?.add_key(args.one("set.add")?)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "discard",
        call: |obj, args| {
            set_of(obj)?.discard_key(args.one("set.discard")?)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "remove",
        call: |obj, args| {
            let key = args.one("set.remove")?;
            if set_of(obj)?.discard_key(key)? {
                Ok(Obj::none())
            } else {
                Err(PyErr::key_error(key.clone()))
            }
        },
    },
    Method {
        name: "pop",
        call: |obj, args| {
            args.none("set.pop")?;
            set_of(obj)?.pop()
        },
    },
    Method {
        name: "clear",
        call: |obj, args| {
            args.none("set.clear")?;
            set_of(obj)?.clear();
            Ok(Obj::none())
        },
    },
    Method {
        name: "copy",
        call: |obj, args| shared::copy(obj, args, "set.copy"),
    },
    Method {
        name: "update",
        call: |obj, args| {
            args.no_keywords("set.update")?;
            for other in args.positional() {
                set_of(obj)?.update(other)?;
            }
            Ok(Obj::none())
        },
    },
    Method {
        name: "union",
        call: |obj, args| shared::union(obj, args, "set.union"),
    },
    Method {
        name: "intersection",
        call: |obj, args| shared::intersection(obj, args, "set.intersection"),
    },
    Method {
        name: "difference",
        call: |obj, args| shared::difference(obj, args, "set.difference"),
    },
    Method {
        name: "symmetric_difference",
        call: |obj, args| shared::symmetric_difference(obj, args, "set.symmetric_difference"),
    },
    Method {
        name: "issubset",
        call: |obj, args| shared::issubset(obj, args, "set.issubset"),
    },
    Method {
        name: "issuperset",
        call: |obj, args| shared::issuperset(obj, args, "set.issuperset"),
    },
    Method {
        name: "difference_update",
        call: |obj, args| {
            args.no_keywords("set.difference_update")?;
            for other in args.positional() {
                PySet::difference_update(obj, other)?;
            }
            Ok(Obj::none())
        },
    },
    Method {
        name: "intersection_update",
        call: |obj, args| {
            args.no_keywords("set.intersection_update")?;
            let Some((first, rest)) = args.positional().split_first() else {
                return Ok(Obj::none());
            };
            let mut result = PySet::intersection(obj, first)?;
            for other in rest {
                result = PySet::intersection(&result, other)?;
            }
            set_of(obj)?.take_body(set_of(&result)?);
            Ok(Obj::none())
        },
    },
    Method {
        name: "symmetric_difference_update",
        call: |obj, args| {
            let other = args.one("set.symmetric_difference_update")?;
            PySet::symmetric_difference_update(obj, other)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "isdisjoint",
        call: |obj, args| shared::isdisjoint(obj, args, "set.isdisjoint"),
    },
];

static FROZENSET_METHODS: &[Method] = &[
    Method {
        name: "copy",
        call: |obj, args| shared::copy(obj, args, "frozenset.copy"),
    },
    Method {
        name: "difference",
        call: |obj, args| shared::difference(obj, args, "frozenset.difference"),
    },
    Method {
        name: "intersection",
        call: |obj, args| shared::intersection(obj, args, "frozenset.intersection"),
    },
    Method {
        name: "isdisjoint",
        call: |obj, args| shared::isdisjoint(obj, args, "frozenset.isdisjoint"),
    },
    Method {
        name: "issubset",
        call: |obj, args| shared::issubset(obj, args, "frozenset.issubset"),
    },
    Method {
        name: "issuperset",
        call: |obj, args| shared::issuperset(obj, args, "frozenset.issuperset"),
    },
    Method {
        name: "symmetric_difference",
        call: |obj, args| shared::symmetric_difference(obj, args, "frozenset.symmetric_difference"),
    },
    Method {
        name: "union",
        call: |obj, args| shared::union(obj, args, "frozenset.union"),
    },
];

fn set_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("set")?;
    match args.positional_between("set", 0, 1)?.first() {
        None => Ok(Obj::new(PySet::new())),
        Some(iterable) => PySet::from_iterable(iterable),
    }
}

/// `{1, 2}`, `set()`, and `set(...)` for a set inside itself; `frozenset({1, 2})`,
/// `frozenset()`.
fn set_repr(obj: &Obj) -> PyResult<String> {
    let set = set_of(obj)?;
    let frozen = obj.is_exact::<PyFrozenSet>();
    let name = if frozen { "frozenset" } else { "set" };
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok(format!("{name}(...)"));
    };
    if set.is_empty() {
        return Ok(format!("{name}()"));
    }
    let mut out = String::from(if frozen { "frozenset({" } else { "{" });
    for (i, key) in set.elements().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&key.repr()?);
    }
    out.push_str(if frozen { "})" } else { "}" });
    Ok(out)
}

/// `frozenset(iterable)`: a frozenset given is returned as it is.
fn frozenset_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("frozenset")?;
    match args.positional_between("frozenset", 0, 1)?.first() {
        None => Ok(Obj::new(PyFrozenSet::new())),
        Some(iterable) if iterable.is_exact::<PyFrozenSet>() => Ok(iterable.clone()),
        Some(iterable) => {
            let result = Obj::new(PyFrozenSet::new());
            set_of(&result)?.update(iterable)?;
            Ok(result)
        }
    }
}

/// CPython's `_shuffle_bits`: spreads an element's hash before it is xor-ed in.
fn shuffle_bits(hash: u64) -> u64 {
    ((hash ^ 89_869_747) ^ (hash << 16)).wrapping_mul(3_644_798_167)
}

/// CPython's `frozenset_hash` of the elements of `set`: independent of their order.
/// (CPython also xors in the empty and dummy slots, then takes them out again.)
fn hash_of_elements(set: &PySet) -> i64 {
    let table = set.table.borrow();
    let mut hash = table
        .slots
        .iter()
        .filter_map(|slot| match slot {
            Slot::Active(hash, _) => Some(shuffle_bits(*hash as u64)),
            _ => None,
        })
        .fold(0u64, |acc, bits| acc ^ bits);
    hash ^= (table.used as u64 + 1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u64::MAX {
        hash = 590_923_713;
    }
    hash as i64
}

/// `hash(frozenset)`, computed once.
fn frozenset_hash(obj: &Obj) -> PyResult<i64> {
    let frozen = obj.value_as::<PyFrozenSet>()?;
    if let Some(hash) = frozen.hash.get() {
        return Ok(hash);
    }
    let hash = hash_of_elements(&frozen.set);
    frozen.hash.set(Some(hash));
    Ok(hash)
}

/// The value of a `frozenset` object: a set's table, never changed once the
/// frozenset is made, and its hash once computed.
pub(crate) struct PyFrozenSet {
    set: PySet,
    hash: Cell<Option<i64>>,
}

impl PyFrozenSet {
    fn new() -> PyFrozenSet {
        PyFrozenSet {
            set: PySet::new(),
            hash: Cell::new(None),
        }
    }
}

impl Trace for PyFrozenSet {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FROZENSET_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.set.trace(tracer);
    }
    fn drop_handles(&self) {
        self.set.drop_handles();
    }
}

impl PySet {
    /// The type object `frozenset` (for the table of builtins).
    pub(crate) const fn frozenset_type() -> &'static PyType {
        &FROZENSET_TYPE
    }
}

/// `frozenset`.
static FROZENSET_TYPE: PyType = PyType {
    name: "frozenset",
    new: Some(frozenset_new),
    repr: Some(set_repr),
    hash: Some(HashSlot::Value(frozenset_hash)),
    richcompare: Some(set_richcompare),
    len: Some(|obj| Ok(set_of(obj)?.len())),
    number: Some(&SET_NUMBER),
    contains: Some(|obj, key| set_of(obj)?.contains_key(key)),
    iter: Some(|obj| Ok(PySetIter::make(obj.clone()))),
    methods: FROZENSET_METHODS,
    weakrefable: true,
    ..PyType::BLANK
};

fn set_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let (Some(v), Some(w)) = (any_set(a), any_set(b)) else {
        return Ok(Obj::not_implemented());
    };
    let result = match op {
        CompareOp::Eq => v.len() == w.len() && v.is_subset(w)?,
        CompareOp::Ne => !(v.len() == w.len() && v.is_subset(w)?),
        CompareOp::Le => v.is_subset(w)?,
        CompareOp::Ge => w.is_subset(v)?,
        CompareOp::Lt => v.len() < w.len() && v.is_subset(w)?,
        CompareOp::Gt => v.len() > w.len() && w.is_subset(v)?,
    };
    Ok(Obj::from(result))
}

/// An iterator over a set.
pub(crate) struct PySetIter {
    set: RefCell<Option<Obj>>,
    position: Cell<usize>,
    used: Cell<usize>,
}

impl PySetIter {
    fn make(set: Obj) -> Obj {
        let used = any_set(&set).map_or(0, PySet::len);
        Obj::new(PySetIter {
            set: RefCell::new(Some(set)),
            position: Cell::new(0),
            used: Cell::new(used),
        })
    }
}

impl Trace for PySetIter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SET_ITERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.set.trace(tracer);
    }
    fn drop_handles(&self) {
        let old = self
            .set
            .try_borrow_mut()
            .ok()
            .and_then(|mut set| set.take());
        drop(old);
    }
}

static SET_ITERATOR_TYPE: PyType = PyType {
    name: "set_iterator",
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(set_iter_next),
    ..PyType::BLANK
};

fn set_iter_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let it = obj.value_as::<PySetIter>()?;
    let Some(set_obj) = it.set.borrow().clone() else {
        return Ok(None);
    };
    let set = set_of(&set_obj)?;
    if set.len() != it.used.get() {
        it.used.set(usize::MAX);
        return Err(PyErr::runtime_error("Set changed size during iteration"));
    }
    match set.entry_from(it.position.get()) {
        Some((found, key)) => {
            it.position.set(found + 1);
            Ok(Some(key))
        }
        None => {
            let old = it.set.borrow_mut().take();
            drop(old);
            Ok(None)
        }
    }
}
