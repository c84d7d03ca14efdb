//! Instances of classes made by `class` statements.
//!
//! An instance is one heap object: its class and its attributes, inline (CPython 3.11's
//! "inline values": no separate `__dict__` object until one is asked for). So `a.me = a`
//! makes a cycle of one object, and a hundred of them collected count as a hundred.
//!
//! Instances of classes deriving from a builtin exception are exception objects
//! ([`PyBaseException`](crate::exceptions::PyBaseException)) carrying the same
//! [`InstanceData`], so that raising and catching them works unchanged.
//!
//! # `__del__`
//! An instance whose class (or a base) defines `__del__` when it is made gets a finalizer
//! ([`Finalize`], PEP 442): `__del__` runs once, on an intact object, when its count
//! reaches zero or when the collector finds it in garbage; it may resurrect the object.
//! An exception raised by `__del__` is not propagated: it is reported through
//! [`write_unraisable`](crate::exceptions::write_unraisable) as CPython does
//! (`Exception ignored in: <function A.__del__ at 0x...>`).
//!
//! # Attribute lookup
//! `obj.name` reads the instance's own attributes, then the class chain (a function
//! found there binds to `obj`; a `staticmethod`, `classmethod` or `property` does what
//! the [descriptor protocol](super::descriptor) says). When the class's table says that
//! the class or a base holds a data descriptor (`property`), the class chain is
//! consulted first, for reads, stores and deletions; otherwise the own attributes are
//! read and stored without looking at the class.
//!
//! # `__slots__`
//! A class whose `__slots__` names members has a member descriptor for each (see the
//! [descriptor](super::descriptor) module). When the class and its bases all declare
//! `__slots__` without `"__dict__"`, the instances have no `__dict__`: a store of any
//! other name raises CPython's `AttributeError: 'S' object has no attribute 'z'`, and
//! without `"__weakref__"` they cannot be weakly referenced. Such instances (of a class
//! deriving from `object` only, with at most 16 members) are not `PyInstance`s: they
//! hold only the members' values, by index, as CPython's do (see the `slotted` module),
//! and `sys.getsizeof` shows CPython 3.11's size, 32 bytes and 8 per member (8 less
//! with `"__weakref__"`, which costs nothing here). [`instance_data`] gives `None` for
//! them. Other instances of classes with members (a base without `__slots__` gives
//! them a `__dict__`, or they have more members) store the members' values among
//! their attributes, under the members' names.
//!
//! # `__dict__`
//! An instance keeps its attributes inline until its `__dict__` is asked for
//! (`obj.__dict__`, `vars(obj)`): a dict is then made from them and holds them from
//! then on, as CPython 3.11 materializes an instance's dict. It is the instance's own
//! dict, not a copy: `obj.__dict__["x"] = 1` sets `obj.x`, `del obj.__dict__["x"]`
//! deletes it, `obj.__dict__ is obj.__dict__`. `obj.__dict__ = d` makes `d` (a dict,
//! or an instance of a dict subclass) that dict; `del obj.__dict__` drops it (the
//! attributes go with it). Attribute reads and stores look the name up in the dict
//! (its `__setitem__` and `__getitem__` are not called, as in CPython), with the exact
//! str keys attribute names are.
//!
//! The one exception: an instance of a class with `__slots__` members (which also has
//! a `__dict__`, from a base without slots or `"__dict__"` in `__slots__`) keeps its
//! attributes inline, and its `__dict__` is a **snapshot** (a new dict each time, the
//! member values left out); `obj.__dict__ = d` replaces the attributes by `d`'s items.

use std::cell::RefCell;

use super::typeobject::{OBJECT_TYPE, PyType};
use super::{Obj, PyClass, PyStr};
use crate::exceptions::{PyBaseException, PyResult};
use crate::finalizer::Finalize;
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// How many attributes an instance holds inline, in its own heap block, before the rest
/// go to a separate vector (most `__init__`s set a few).
const INLINE_ATTRS: usize = 3;

/// One attribute: its interned name and its value.
type Entry = (Gc<PyStr>, Obj);

/// The entries of an [`Attrs`]: the first [`INLINE_ATTRS`] in place (filled from the
/// front, without gaps), the others in `more`, all in insertion order.
///
/// `more` is boxed so that an instance with few attributes stays small (one pointer
/// instead of a vector's three words and a dict's handle: a whole pool size class less
/// per instance).
///
/// Once an instance's `__dict__` has been asked for, its attributes live in that dict
/// (**dict mode**, CPython's materialized dict): `inline` is empty and `more` holds the
/// dict, so a miss on the first inline entry is the one place that tells the two modes
/// apart ([`Entries::dict`]).
#[derive(Default)]
struct Entries {
    inline: [Option<Entry>; INLINE_ATTRS],
    more: Option<Box<More>>,
}

/// The entries past the inline ones, or the dict of an instance in dict mode.
#[derive(Default)]
struct More {
    entries: Vec<Entry>,
    /// The instance's `__dict__`, in dict mode (then `entries` and `inline` are empty).
    dict: Option<Obj>,
}

/// What [`Entries::find_or_len`] says for an instance in dict mode.
const DICT_MODE: usize = usize::MAX;

/// `dict[name]` for an instance's dict (dict mode), by [`PyDict::get_str`]
/// (`super::PyDict`): runs no user code; only exact str keys are attribute names.
#[cold]
#[inline(never)]
fn dict_get(dict: &Obj, name: &str) -> Option<Obj> {
    super::dict::as_dict(dict)?.get_str(name)
}

/// `dict[key] = value` (or `del dict[key]` for `None`) in an instance's dict, past a
/// dict subclass's `__setitem__` (CPython's `PyDict_SetItem`); whether it succeeded
/// (a str key always can be stored; an absent one cannot be deleted).
#[cold]
#[inline(never)]
fn dict_set(dict: &Obj, key: Obj, value: Option<&Obj>) -> bool {
    super::dict::dict_setitem(dict, &key, value).is_ok()
}

/// Whether `key` (an interned name) is `name`.
///
/// Names are compared by content (a `&str` may come from anywhere), but without a call
/// to `memcmp` for the short names attributes have: lengths first, then the address (a
/// name read from the key itself is the same text), then the bytes as a few words.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn key_is(key: &Gc<PyStr>, name: &str) -> bool {
    same_text(key.as_str().as_bytes(), name.as_bytes())
}

/// `a == b`, inline for up to 16 bytes.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn same_text(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if std::ptr::eq(a.as_ptr(), b.as_ptr()) {
        return true;
    }
    // Two overlapping loads cover the whole text (the first and the last bytes).
    fn word<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
        let mut word = [0; N];
        word.copy_from_slice(&bytes[at..at + N]);
        word
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => {
            u32::from_ne_bytes(word(a, 0)) == u32::from_ne_bytes(word(b, 0))
                && u32::from_ne_bytes(word(a, n - 4)) == u32::from_ne_bytes(word(b, n - 4))
        }
        8..=16 => {
            u64::from_ne_bytes(word(a, 0)) == u64::from_ne_bytes(word(b, 0))
                && u64::from_ne_bytes(word(a, n - 8)) == u64::from_ne_bytes(word(b, n - 8))
        }
        _ => a == b,
    }
}

impl Entries {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn more(&self) -> &[Entry] {
        self.more
            .as_deref()
            .map_or(&[], |more| more.entries.as_slice())
    }

    /// The dict holding the attributes, in dict mode.
    #[inline]
    fn dict(&self) -> Option<&Obj> {
        if self.inline[0].is_some() {
            return None;
        }
        self.more.as_deref()?.dict.as_ref()
    }

    fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.inline
            .iter()
            .map_while(Option::as_ref)
            .chain(self.more())
    }

    /// How many entries there are.
    #[inline]
    fn len(&self) -> usize {
        match self.inline.iter().position(Option::is_none) {
            Some(count) => count,
            None => INLINE_ATTRS + self.more().len(),
        }
    }

    #[inline]
    fn find(&self, name: &str) -> Option<&Obj> {
        for slot in &self.inline {
            let (key, value) = slot.as_ref()?;
            if key_is(key, name) {
                return Some(value);
            }
        }
        self.more()
            .iter()
            .find(|(key, _)| key_is(key, name))
            .map(|(_, value)| value)
    }

    /// The entry at `index` (in insertion order), if there is one.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn at(&self, index: usize) -> Option<&Entry> {
        match self.inline.get(index) {
            Some(slot) => slot.as_ref(),
            None => self.more().get(index - INLINE_ATTRS),
        }
    }

    /// The entry at `index`, mutably.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn at_mut(&mut self, index: usize) -> Option<&mut Entry> {
        match self.inline.get_mut(index) {
            Some(slot) => slot.as_mut(),
            None => self
                .more
                .as_deref_mut()?
                .entries
                .get_mut(index - INLINE_ATTRS),
        }
    }

    /// Where `name` is, if it is there.
    #[inline]
    fn position(&self, name: &str) -> Option<usize> {
        self.iter().position(|(key, _)| key_is(key, name))
    }

    /// Where `name` is and its value, or, if it is not there, the number of entries
    /// (where a new one goes), or [`DICT_MODE`]: one pass over the entries for a store.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn find_or_len(&mut self, name: &str) -> Result<(usize, &mut Obj), usize> {
        let mut index = 0;
        while index < INLINE_ATTRS {
            match &self.inline[index] {
                Some((key, _)) if key_is(key, name) => break,
                Some(_) => index += 1,
                // In dict mode (the only way `more` is there with no inline entry).
                None if index == 0 && self.more.is_some() => return Err(DICT_MODE),
                None => return Err(index),
            }
        }
        if index == INLINE_ATTRS {
            return self.find_more_or_len(name);
        }
        match &mut self.inline[index] {
            Some((_, value)) => Ok((index, value)),
            None => Err(index),
        }
    }

    /// [`Entries::find_or_len`] past the inline entries (all of which are taken).
    #[inline(never)]
    fn find_more_or_len(&mut self, name: &str) -> Result<(usize, &mut Obj), usize> {
        let Some(more) = self.more.as_deref_mut() else {
            return Err(INLINE_ATTRS);
        };
        let len = INLINE_ATTRS + more.entries.len();
        more.entries
            .iter_mut()
            .enumerate()
            .find(|(_, (key, _))| key_is(key, name))
            .map(|(index, (_, value))| (INLINE_ATTRS + index, value))
            .ok_or(len)
    }

    #[inline]
    fn find_mut(&mut self, name: &str) -> Option<&mut Obj> {
        for slot in &mut self.inline {
            let (key, value) = slot.as_mut()?;
            if key_is(key, name) {
                return Some(value);
            }
        }
        self.more
            .as_deref_mut()?
            .entries
            .iter_mut()
            .find(|(key, _)| key_is(key, name))
            .map(|(_, value)| value)
    }

    fn push(&mut self, key: Gc<PyStr>, value: Obj) {
        let len = self.len();
        self.push_at(len, key, value);
    }

    /// [`Entries::push`] when there are `len` entries.
    #[inline]
    fn push_at(&mut self, len: usize, key: Gc<PyStr>, value: Obj) {
        match self.inline.get_mut(len) {
            Some(slot) => *slot = Some((key, value)),
            None => self.push_more((key, value)),
        }
    }

    /// An entry past the inline ones.
    #[cold]
    #[inline(never)]
    fn push_more(&mut self, entry: Entry) {
        self.more.get_or_insert_default().entries.push(entry);
    }

    /// Removes the entry of `name`, keeping the others in order.
    fn remove(&mut self, name: &str) -> Option<Entry> {
        let position = self.iter().position(|(key, _)| key_is(key, name))?;
        let mut all: Vec<Entry> = self
            .inline
            .iter_mut()
            .map_while(Option::take)
            .chain(
                self.more
                    .take()
                    .map(|more| more.entries)
                    .unwrap_or_default(),
            )
            .collect();
        let removed = all.remove(position);
        for entry in all {
            self.push(entry.0, entry.1);
        }
        Some(removed)
    }
}

/// The name of an attribute being stored: a `&'static str` (what compiled code passes:
/// a class can remember where it saw it, see `SharedKey` in the class module), or any
/// other text.
#[derive(Clone, Copy)]
pub(crate) enum AttrName<'a> {
    /// A name that lives (unchanged, at the same address) for the whole program.
    Static(&'static str),
    /// Any other name.
    Other(&'a str),
}

impl<'a> AttrName<'a> {
    /// The text.
    #[inline]
    pub(crate) fn text(self) -> &'a str {
        match self {
            AttrName::Static(text) => text,
            AttrName::Other(text) => text,
        }
    }
}

/// A small ordered map from attribute names (interned str objects) to values: an
/// instance's attributes, a class's namespace.
///
/// No borrow is held while a value is dropped or any user code runs.
#[derive(Default)]
pub(crate) struct Attrs(RefCell<Entries>);

/// The interned str object for `name`.
pub(crate) fn intern_key(name: &str) -> Gc<PyStr> {
    crate::interning::intern_str(name)
        .downcast::<PyStr>()
        .unwrap_or_else(|_| unreachable!("intern_str makes str objects"))
}

/// A place in generated code that reads or stores one attribute name: it remembers
/// where the name was found last time, so the next access looks there first (an instance
/// of the same class usually has its attributes in the same order; CPython's
/// `LOAD_ATTR_INSTANCE_VALUE` caches the same index). A guess is always checked
/// against the entry's key, so a wrong one only costs the search it would have done.
///
/// For instances of slotted classes the site remembers the layout and the member's
/// index together (`slotted`): a layout is never freed, and a name is at one index in
/// it, so a matching layout needs no comparison of names.
pub struct AttrSite(std::sync::atomic::AtomicU8, std::sync::atomic::AtomicUsize);

impl AttrSite {
    /// A site with no guess yet.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> AttrSite {
        AttrSite(
            std::sync::atomic::AtomicU8::new(0),
            std::sync::atomic::AtomicUsize::new(0),
        )
    }

    /// The slotted layout's address and member index remembered (0: none).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(super) fn slotted_guess(&self) -> usize {
        self.1.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Remembers a slotted layout's address and a member index, together.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(super) fn remember_slotted(&self, tagged: usize) {
        self.1.store(tagged, std::sync::atomic::Ordering::Relaxed);
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(super) fn guess(&self) -> usize {
        usize::from(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(super) fn remember(&self, index: usize) {
        if let Ok(index) = u8::try_from(index)
            && index != AttrSite::NEW
        {
            self.0.store(index, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The mark of a store site whose name was new on its instance last time (a store in
    /// `__init__`): it goes straight to the store that appends, without a search first.
    const NEW: u8 = u8::MAX;

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn stores_new(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed) == AttrSite::NEW
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn mark_new(&self) {
        self.0
            .store(AttrSite::NEW, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Attrs {
    /// [`Attrs::get`] that looks where `site` found `name` before.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn get_at_site(&self, name: &str, site: &AttrSite) -> Option<Obj> {
        let entries = self.0.borrow();
        if let Some((key, value)) = entries.at(site.guess())
            && key_is(key, name)
        {
            return Some(value.clone());
        }
        let index = entries.position(name)?;
        site.remember(index);
        entries.at(index).map(|(_, value)| value.clone())
    }

    /// Replaces the value of `name` if it is there (looking where `site` found it
    /// before); the value back otherwise. The old value is dropped after the borrow.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn replace_at_site(
        &self,
        name: &str,
        value: Obj,
        site: &AttrSite,
    ) -> Result<(), Obj> {
        let Ok(mut entries) = self.0.try_borrow_mut() else {
            return Err(value);
        };
        let guess = site.guess();
        let index = match entries.at(guess) {
            Some((key, _)) if key_is(key, name) => guess,
            _ => match entries.position(name) {
                Some(index) => {
                    site.remember(index);
                    index
                }
                None => {
                    site.mark_new();
                    return Err(value);
                }
            },
        };
        match entries.at_mut(index) {
            Some((_, slot)) => {
                let old = std::mem::replace(slot, value);
                drop(entries);
                drop(old);
                Ok(())
            }
            None => Err(value),
        }
    }

    /// A map of `entries` (later entries replace earlier ones of the same name).
    pub(crate) fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a str, Obj)>) -> Attrs {
        let attrs = Attrs::default();
        for (name, value) in entries {
            attrs.set(name, value);
        }
        attrs
    }

    /// The value of `name`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn get(&self, name: &str) -> Option<Obj> {
        let entries = self.0.borrow();
        if let Some(value) = entries.find(name) {
            return Some(value.clone());
        }
        // Dict mode has no inline entry and a `more`: one test of each on a miss.
        if entries.inline[0].is_some() || entries.more.is_none() {
            return None;
        }
        drop(entries);
        self.get_from_dict(name)
    }

    /// [`Attrs::get`] in dict mode.
    #[cold]
    #[inline(never)]
    fn get_from_dict(&self, name: &str) -> Option<Obj> {
        let dict = self.dict()?;
        dict_get(&dict, name)
    }

    /// Whether there is a value for `name`.
    pub(crate) fn contains(&self, name: &str) -> bool {
        let entries = self.0.borrow();
        if entries.find(name).is_some() {
            return true;
        }
        if entries.inline[0].is_some() || entries.more.is_none() {
            return false;
        }
        drop(entries);
        self.get_from_dict(name).is_some()
    }

    /// The dict holding the attributes, in dict mode (see [`Entries`]).
    pub(crate) fn dict(&self) -> Option<Obj> {
        self.0.borrow().dict().cloned()
    }

    /// Enters dict mode with `dict` (a dict, or an instance of a dict subclass) holding
    /// the attributes from now on; the entries there were are dropped after the borrow
    /// (the caller copied them into `dict` if it wanted them).
    pub(crate) fn use_dict(&self, dict: Obj) {
        let more = More {
            entries: Vec::new(),
            dict: Some(dict),
        };
        let old = std::mem::replace(
            &mut *self.0.borrow_mut(),
            Entries {
                inline: Default::default(),
                more: Some(Box::new(more)),
            },
        );
        drop(old);
    }

    /// Sets `name` to `value` (a new name's key comes from the intern table).
    pub(crate) fn set(&self, name: &str, value: Obj) {
        self.set_keyed(name, value, || intern_key(name));
    }

    /// Sets `name` to `value`; a new name's key is what `make_key` makes.
    fn set_keyed(&self, name: &str, value: Obj, make_key: impl FnOnce() -> Gc<PyStr>) {
        let mut entries = self.0.borrow_mut();
        match entries.find_or_len(name) {
            Ok((_, slot)) => {
                let old = std::mem::replace(slot, value);
                drop(entries);
                drop(old);
            }
            Err(_) => {
                drop(entries);
                self.set_slow(name, value, make_key);
            }
        }
    }

    /// Sets `name`, not in the map yet, to `value`, with the key `make_key` makes.
    ///
    /// `make_key` may run user code (interning may collect), so it is called with no
    /// borrow, and the map is searched again after it.
    #[inline(never)]
    fn set_slow(&self, name: &str, value: Obj, make_key: impl FnOnce() -> Gc<PyStr>) {
        // Making the key may run a collection (and finalizers): no borrow meanwhile.
        if let Some(dict) = self.dict() {
            // An attribute the dict has: replaced in place, with no key to make.
            let value = match super::dict::as_dict(&dict) {
                Some(table) => match table.replace_str(&dict, name, value) {
                    Ok(()) => return,
                    Err(value) => value,
                },
                None => value,
            };
            dict_set(&dict, Obj::from(make_key()), Some(&value));
            return;
        }
        let key = make_key();
        let old = {
            let mut entries = self.0.borrow_mut();
            match entries.find_mut(name) {
                Some(slot) => Some(std::mem::replace(slot, value)),
                None => {
                    entries.push(key, value);
                    None
                }
            }
        };
        drop(old);
    }

    /// Removes `name`; whether it was there.
    pub(crate) fn remove(&self, name: &str) -> bool {
        if let Some(dict) = self.dict() {
            return dict_get(&dict, name).is_some()
                && dict_set(&dict, Obj::from(intern_key(name)), None);
        }
        let old = self.0.borrow_mut().remove(name);
        old.is_some()
    }

    /// The names and values, in insertion order (in dict mode: the dict's items whose
    /// keys are exact strs).
    pub(crate) fn entries(&self) -> Vec<(Gc<PyStr>, Obj)> {
        if let Some(dict) = self.dict() {
            let items = super::dict::as_dict(&dict).map(super::PyDict::items);
            return items
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(key, value)| Some((key.downcast::<PyStr>().ok()?, value)))
                .collect();
        }
        self.0.borrow().iter().cloned().collect()
    }

    /// Replaces every entry by `entries` (in order; a later entry of the same name
    /// replaces an earlier one). The old values are dropped after the new ones are in.
    pub(crate) fn replace_all(&self, entries: Vec<(Gc<PyStr>, Obj)>) {
        let old = std::mem::take(&mut *self.0.borrow_mut());
        for (key, value) in entries {
            let text: &str = key.as_str();
            let replaced = {
                let mut current = self.0.borrow_mut();
                match current.find_mut(text) {
                    Some(slot) => Some(std::mem::replace(slot, value)),
                    None => {
                        current.push(key.clone(), value);
                        None
                    }
                }
            };
            drop(replaced);
        }
        drop(old);
    }

    /// The names, in insertion order (in dict mode: the dict's str keys).
    pub(crate) fn names(&self) -> Vec<Obj> {
        if self.dict().is_some() {
            return self
                .entries()
                .into_iter()
                .map(|(key, _)| Obj::from(key))
                .collect();
        }
        self.0
            .borrow()
            .iter()
            .map(|(key, _)| Obj::from(key.clone()))
            .collect()
    }
}

impl Trace for Attrs {
    const TRACKED: bool = true;
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.0.try_borrow() {
            // The keys are str objects, which hold no handles: only the values matter.
            Ok(entries) => {
                for (_, value) in entries.inline.iter().map_while(Option::as_ref) {
                    value.trace(tracer);
                }
                if let Some(more) = &entries.more {
                    for (_, value) in &more.entries {
                        value.trace(tracer);
                    }
                    more.dict.trace(tracer);
                }
            }
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        // Taken out first, dropped after the borrow ends.
        let old = self
            .0
            .try_borrow_mut()
            .map(|mut entries| std::mem::take(&mut *entries))
            .unwrap_or_default();
        drop(old);
    }
}

/// What every instance of a class carries: its class and its own attributes.
pub struct InstanceData {
    pub(crate) class: Obj,
    /// The class's table (a class's table never changes): `type(x)` without a downcast.
    table: &'static PyType,
    pub(crate) attrs: Attrs,
}

impl InstanceData {
    /// Sets the attribute `name` to `value` directly, past the class's `__setattr__`
    /// and descriptors (what `object.__setattr__` does for a frozen dataclass). A new
    /// name's key comes from the class, which so knows every name of its instances.
    pub(crate) fn store_own(&self, name: &str, value: Obj) {
        self.attrs.set_keyed(name, value, || {
            super::class::instance_key(&self.class, name)
        });
    }

    /// Data for a new instance of `class` (a class object), with no attributes.
    pub(crate) fn new(class: Obj) -> InstanceData {
        let table = class
            .downcast_ref::<PyClass>()
            .map_or(&OBJECT_TYPE, PyClass::table);
        InstanceData::with_table(class, table)
    }

    /// [`InstanceData::new`] for a class whose table is `table`.
    /// The data of an instance of `class`, whose table is `table` (for instances made
    /// elsewhere, such as of classes deriving from `list`).
    pub(crate) fn with_class_table(class: Obj, table: &'static PyType) -> InstanceData {
        InstanceData::with_table(class, table)
    }

    fn with_table(class: Obj, table: &'static PyType) -> InstanceData {
        InstanceData {
            class,
            table,
            attrs: Attrs::default(),
        }
    }

    /// The class object.
    pub fn class(&self) -> &Obj {
        &self.class
    }

    /// The instance's own attribute `name`, if set.
    pub fn attr(&self, name: &str) -> Option<Obj> {
        self.attrs.get(name)
    }

    /// The names of the instance's own attributes, in the order they were first set.
    pub fn attr_names(&self) -> Vec<Obj> {
        self.attrs.names()
    }

    /// The class's table.
    pub(crate) fn table(&self) -> &'static PyType {
        self.table
    }
}

impl Trace for InstanceData {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.class.trace(tracer);
        self.attrs.trace(tracer);
    }
    fn drop_handles(&self) {
        self.attrs.drop_handles();
    }
}

/// An instance of a class made by a `class` statement (one that does not derive from a
/// builtin exception).
pub struct PyInstance {
    data: InstanceData,
}

impl PyInstance {
    /// A new instance of `class` (a class object whose table is `table`), with a
    /// finalizer calling `__del__` if `finalizer`.
    pub(crate) fn new_object(class: Obj, table: &'static PyType, finalizer: bool) -> Obj {
        let value = PyInstance {
            data: InstanceData::with_table(class, table),
        };
        if finalizer {
            Obj::from(Gc::with_finalizer(value))
        } else {
            Obj::new(value)
        }
    }

    /// The class and attributes.
    pub fn data(&self) -> &InstanceData {
        &self.data
    }
}

/// The class and attributes of an instance of a class (a plain instance, or an exception
/// of a user class), if `obj` is one; `None` for an instance that holds only its
/// `__slots__` members' values (read them with [`Obj::getattr`]).
pub fn instance_data(obj: &Obj) -> Option<&InstanceData> {
    if let Some(instance) = obj.downcast_ref::<PyInstance>() {
        return Some(&instance.data);
    }
    if let Some(instance) = obj.downcast_ref::<super::list::PyListInstance>() {
        return Some(instance.data());
    }
    if let Some(instance) = obj.downcast_ref::<super::dict::PyDictInstance>() {
        return Some(instance.data());
    }
    obj.downcast_ref::<PyBaseException>()
        .and_then(PyBaseException::instance_data)
}

/// The class of `obj` if it is an instance of a class made by a `class` statement (an
/// instance with attributes, a slotted instance, or an exception of a user class).
pub(crate) fn instance_class(obj: &Obj) -> Option<&Obj> {
    match instance_data(obj) {
        Some(data) => Some(&data.class),
        None => super::slotted::as_slotted(obj).map(super::slotted::Slotted::class),
    }
}

/// The vtable of every `PyInstance` without a finalizer (a downcast is one comparison of
/// addresses; one with a finalizer is recognized by its `TypeId`).
static PYINSTANCE_VTABLE: crate::refcount::StaticVTable<PyInstance> =
    crate::refcount::StaticVTable::shared();

impl Trace for PyInstance {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> =
        Some(PYINSTANCE_VTABLE.get_shared());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&INSTANCE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.data.trace(tracer);
    }
    fn drop_handles(&self) {
        self.data.drop_handles();
    }
}

impl Finalize for PyInstance {
    /// Calls `__del__`; an exception it raises is reported, not propagated.
    fn finalize(this: &Gc<Self>) {
        let obj = Obj::from(this.clone());
        call_del(&obj, &this.data.class);
    }
}

/// Calls the `__del__` of `obj`, an instance of `class`, reporting an exception.
pub(crate) fn call_del(obj: &Obj, class: &Obj) {
    let Some(del) = super::class::class_lookup(class, "__del__") else {
        return;
    };
    if let Err(error) = super::function::call_with_first(&del, obj, &super::Args::new(&[], &[])) {
        crate::exceptions::write_unraisable(&error, Some(&del));
    }
}

/// The vtable's type of every plain instance; `class_of` gives each its class's table.
static INSTANCE_TYPE: PyType = PyType {
    name: "object",
    class_of: Some(|obj| {
        obj.downcast_ref::<PyInstance>()
            .map_or(&OBJECT_TYPE, |instance| instance.data.table())
    }),
    weakrefable: true,
    ..PyType::BLANK
};

/// The `getattr` slot of every class's table: the instance's own attributes, then the
/// class and its bases (a function found there is bound to the instance).
///
/// When the class's table says that the chain may hold descriptors other than
/// functions, [`getattr_with_descriptors`] does the lookup; otherwise the path is the
/// one without descriptors, after one test of the flags.
pub(crate) fn instance_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let Some(data) = instance_data(obj) else {
        return Ok(None);
    };
    let flags = data.table.descriptor_flags();
    if flags != 0 {
        if flags & PyType::HOOKS != 0 {
            return getattr_with_hook(obj, data, name);
        }
        // Unshadowed members only: an attribute the instance has is the member's value.
        if flags == PyType::MEMBERS
            && let Some(value) = data.attrs.get(name)
        {
            return Ok(Some(value));
        }
        return getattr_with_descriptors(obj, data, name);
    }
    if let Some(value) = data.attrs.get(name) {
        return Ok(Some(value));
    }
    match super::class::class_lookup(&data.class, name) {
        Some(value) if value.is_exact::<super::PyFunction>() => {
            Ok(Some(super::PyMethod::bind(value, obj.clone())))
        }
        Some(value) => Ok(Some(value)),
        None => missing_attribute(obj, data, name),
    }
}

/// [`instance_getattr`] without the class's `__getattr__` (`object.__getattribute__`).
pub(crate) fn generic_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    match instance_data(obj) {
        Some(data) => getattr_with_descriptors(obj, data, name),
        None => match super::slotted::as_slotted(obj) {
            Some(instance) => super::slotted::generic_getattr(obj, instance, name),
            None => Ok(None),
        },
    }
}

/// [`instance_getattr`] for an instance of a class that may define `__getattr__`: the
/// lookup, then, when it finds nothing or raises `AttributeError`, `__getattr__(obj,
/// name)` (CPython's `slot_tp_getattr_hook`). The attributes every object has
/// (`__class__`, a builtin base's methods) are found first.
#[inline(never)]
fn getattr_with_hook(obj: &Obj, data: &InstanceData, name: &str) -> PyResult<Option<Obj>> {
    getattr_hooked(obj, &data.class, name, || {
        getattr_with_descriptors(obj, data, name)
    })
}

/// [`getattr_with_hook`] for an instance of `class` whose lookup without the hook is
/// `lookup` (a slotted instance's too).
pub(super) fn getattr_hooked(
    obj: &Obj,
    class: &Obj,
    name: &str,
    lookup: impl FnOnce() -> PyResult<Option<Obj>>,
) -> PyResult<Option<Obj>> {
    let found = lookup();
    match &found {
        Ok(Some(_)) => return found,
        Err(error) if !error.is_instance(&crate::exceptions::ATTRIBUTE_ERROR) => return found,
        _ => {}
    }
    if name == "__class__" || obj.py_type().method_owner(name).is_some() {
        return found;
    }
    let Some(hook) = super::class::class_lookup(class, "__getattr__") else {
        return found;
    };
    let name = Obj::from(name);
    super::function::call_with_first(&hook, obj, &super::Args::new(&[name], &[])).map(Some)
}

/// [`instance_getattr`] for an instance of a class whose chain may hold descriptors
/// (CPython's `PyObject_GenericGetAttr`): a data descriptor of that name on the class
/// wins over the instance's attribute; other class attributes are read through their
/// type's `descr_get` slot when the instance has no attribute of that name.
#[inline(never)]
fn getattr_with_descriptors(obj: &Obj, data: &InstanceData, name: &str) -> PyResult<Option<Obj>> {
    let found = if data.table.has_data_descriptors() {
        let found = super::class::class_lookup(&data.class, name);
        if let Some(value) = &found
            && super::descriptor::is_data_descriptor(value)
        {
            return super::descriptor::descr_get_other(value.clone(), Some(obj), &data.class)
                .map(Some);
        }
        // Without a `__dict__`, the attributes are the members' values, which only
        // the members read (one may be shadowed).
        if has_dict(data)
            && let Some(value) = data.attrs.get(name)
        {
            return Ok(Some(value));
        }
        found
    } else {
        if let Some(value) = data.attrs.get(name) {
            return Ok(Some(value));
        }
        super::class::class_lookup(&data.class, name)
    };
    match found {
        Some(value) => super::descriptor::descr_get(value, Some(obj), &data.class).map(Some),
        None => missing_attribute(obj, data, name),
    }
}

/// `obj.name` when neither the instance nor its classes have `name`: `__dict__`, and
/// `object`'s `__init__` and `__new__` (for a class whose chain ends at `object`).
#[inline(never)]
fn missing_attribute(obj: &Obj, data: &InstanceData, name: &str) -> PyResult<Option<Obj>> {
    if name == "__dict__" && has_dict(data) {
        return instance_dict(data).map(Some);
    }
    if std::ptr::eq(super::class::builtin_base(data.table), &OBJECT_TYPE) {
        return Ok(super::typeobject::object_attribute(name, Some(obj)));
    }
    Ok(None)
}

/// Whether the instances of `data`'s class have a `__dict__` (see `__slots__`).
fn has_dict(data: &InstanceData) -> bool {
    data.class
        .downcast_ref::<PyClass>()
        .is_none_or(PyClass::instances_have_dict)
}

/// `obj.__dict__`: the dict holding the instance's attributes, made on first use from
/// them (see the module docs); for a class with `__slots__` members, a snapshot.
fn instance_dict(data: &InstanceData) -> PyResult<Obj> {
    if let Some(dict) = data.attrs.dict() {
        return Ok(dict);
    }
    let class = data.class.downcast_ref::<PyClass>();
    // The values of `__slots__` members are stored among the attributes, but are not
    // in `__dict__`.
    let slotted = class.is_some_and(PyClass::has_members);
    let is_member = |key: &Gc<PyStr>| {
        slotted
            && super::class::class_lookup(&data.class, key.as_str())
                .is_some_and(|found| found.is_exact::<super::PyMemberDescriptor>())
    };
    let dict = Obj::dict_from(
        data.attrs
            .entries()
            .into_iter()
            .filter(|(key, _)| !is_member(key))
            .map(|(key, value)| (Obj::from(key), value)),
    )?;
    if !slotted && let Some(class) = class {
        data.attrs.use_dict(dict.clone());
        class.forget_instance_keys();
    }
    Ok(dict)
}

/// `obj.__dict__ = value`: `value` (a dict) holds the attributes from now on (for a
/// class with `__slots__` members: the attributes become `value`'s items); `TypeError:
/// __dict__ must be set to a dictionary, not a 'int'`. `del obj.__dict__` (`None`)
/// removes every attribute.
#[inline(never)]
fn set_instance_dict(data: &InstanceData, value: Option<&Obj>) -> PyResult<()> {
    let Some(value) = value else {
        data.attrs.replace_all(Vec::new());
        return Ok(());
    };
    let Some(dict) = super::dict::as_dict(value) else {
        return Err(crate::PyErr::type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            value.type_name()
        )));
    };
    let class = data.class.downcast_ref::<PyClass>();
    if let Some(class) = class
        && !class.has_members()
    {
        data.attrs.use_dict(value.clone());
        class.forget_instance_keys();
        return Ok(());
    }
    let mut entries = Vec::new();
    for (key, item) in dict.items() {
        let Some(text) = key.as_str() else {
            return Err(crate::PyErr::type_error(format!(
                "attribute name must be string, not '{}'",
                key.type_name()
            )));
        };
        entries.push((super::class::instance_key(&data.class, text), item));
    }
    data.attrs.replace_all(entries);
    Ok(())
}

/// `vars(obj)`: `obj.__dict__`, or `TypeError: vars() argument must have __dict__
/// attribute`.
pub(crate) fn vars(obj: &Obj) -> PyResult<Obj> {
    match obj.getattr("__dict__") {
        Ok(dict) => Ok(dict),
        Err(error) if error.is_instance(&crate::exceptions::ATTRIBUTE_ERROR) => Err(
            crate::PyErr::type_error("vars() argument must have __dict__ attribute"),
        ),
        Err(error) => Err(error),
    }
}

/// The `setattr` slot of every class's table: a data descriptor of that name on the
/// class (if the class's table says there may be one), else the instance's own
/// attributes (`__dict__` replaces them all).
pub(crate) fn instance_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    if let Some(data) = instance_data(obj)
        && data.table.descriptor_flags() & PyType::HOOKS != 0
        && let Some(result) = setattr_hook(obj, &data.class, name, value)
    {
        return result;
    }
    generic_setattr(obj, name, value)
}

/// `obj.name = value` or `del obj.name` through the `__setattr__` or `__delattr__` of
/// `class` (`obj`'s), if it defines the one needed.
#[inline(never)]
pub(super) fn setattr_hook(
    obj: &Obj,
    class: &Obj,
    name: &str,
    value: Option<&Obj>,
) -> Option<PyResult<()>> {
    let hook_name = if value.is_some() {
        "__setattr__"
    } else {
        "__delattr__"
    };
    let hook = super::class::class_lookup(class, hook_name)?;
    let args: Vec<Obj> = std::iter::once(Obj::from(name))
        .chain(value.cloned())
        .collect();
    Some(super::function::call_with_first(&hook, obj, &super::Args::new(&args, &[])).map(drop))
}

/// [`instance_setattr`] without the class's `__setattr__` and `__delattr__`
/// (`object.__setattr__`).
pub(crate) fn generic_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let Some(data) = instance_data(obj) else {
        if let Some(instance) = super::slotted::as_slotted(obj) {
            return super::slotted::generic_setattr(obj, instance, name, value);
        }
        return Err(crate::PyErr::no_attribute(obj, name));
    };
    if data.table.has_stored_descriptors()
        && let Some(attr) = super::class::class_lookup(&data.class, name)
        && let Some(result) = super::descriptor::descr_set(&attr, obj, value)
    {
        return result;
    }
    if !has_dict(data) {
        // `__slots__` without `__dict__`: only the members (found above) are stored.
        return Err(crate::PyErr::no_attribute(obj, name));
    }
    if name == "__dict__" {
        return set_instance_dict(data, value);
    }
    match value {
        Some(value) => match store_in(data, AttrName::Other(name), value.clone(), None) {
            Ok(()) => Ok(()),
            Err(_) => Err(crate::PyErr::system_error("__dict__ is stored above")),
        },
        None if data.attrs.remove(name) => Ok(()),
        None => Err(crate::PyErr::no_attribute(obj, name)),
    }
}

/// `obj.name = value` when `obj` is a plain instance (no `__setattr__` is consulted,
/// as in [`instance_setattr`]) whose class has no data descriptor; the value back
/// otherwise (and for `__dict__`), for [`instance_setattr`].
#[cfg_attr(not(debug_assertions), inline(always))]
fn store_instance_attr(
    obj: &Obj,
    name: AttrName<'_>,
    value: Obj,
    site: Option<&AttrSite>,
) -> Result<(), Obj> {
    let Some(instance) = obj.downcast_ref::<PyInstance>() else {
        return Err(value);
    };
    if instance.data.table.has_data_descriptors() {
        return Err(value);
    }
    store_in(&instance.data, name, value, site)
}

/// Sets the attribute `name` of an instance (its `data`) to `value`: in place if it is
/// there, else a new attribute whose key comes from the class if it knows the name
/// (see [`known_instance_key`](super::class::known_instance_key); it runs no user code,
/// so the map stays borrowed), else from the intern table (with no borrow).
///
/// Inlined into the store: one pass over the entries, no call for the common cases.
/// The name `__dict__` is never stored (nor remembered by the class): it is found on
/// the path of new names, and the value is given back, for [`instance_setattr`].
///
/// A `site` that found the name among the entries learns where (a store site marked
/// as storing new names goes back to replacing in place).
#[cfg_attr(not(debug_assertions), inline(always))]
fn store_in(
    data: &InstanceData,
    name: AttrName<'_>,
    value: Obj,
    site: Option<&AttrSite>,
) -> Result<(), Obj> {
    let text = name.text();
    let mut entries = data.attrs.0.borrow_mut();
    match entries.find_or_len(text) {
        Ok((index, slot)) => {
            if let Some(site) = site {
                site.remember(index);
            }
            let old = std::mem::replace(slot, value);
            drop(entries);
            drop(old);
        }
        Err(DICT_MODE) => {
            drop(entries);
            return store_new_name(data, text, value);
        }
        Err(len) => match super::class::known_instance_key(&data.class, name, len) {
            Some(key) => entries.push_at(len, key, value),
            None => {
                drop(entries);
                return store_new_name(data, text, value);
            }
        },
    }
    Ok(())
}

/// [`store_in`] for a name the class does not know yet. The value is given back when
/// the instance has no `__dict__` (`__slots__`: the general path checks the name
/// against the members); a replaced attribute or a name the class knows passed that
/// check before.
#[inline(never)]
fn store_new_name(data: &InstanceData, text: &str, value: Obj) -> Result<(), Obj> {
    if data.table.descriptor_flags() & PyType::MEMBERS != 0 && !has_dict(data) {
        return Err(value);
    }
    if text == "__dict__" {
        return Err(value);
    }
    data.attrs.set_slow(text, value, || {
        super::class::instance_key(&data.class, text)
    });
    Ok(())
}

/// [`Obj::setattr_owned`] for an object that is not a plain instance, or a store the
/// plain path leaves to the class's `setattr` slot (a data descriptor, `__dict__`).
#[inline(never)]
fn setattr_other(obj: &Obj, name: &str, value: Obj) -> PyResult<()> {
    if obj.is_exact::<PyInstance>() {
        return instance_setattr(obj, name, Some(&value));
    }
    obj.setattr(name, &value)
}

/// Instances.
impl Obj {
    /// The class and attributes of this object, if it is an instance of a class made by a
    /// `class` statement with attributes (see [`instance_data`]; not an instance that
    /// holds only its `__slots__` members' values).
    pub fn instance_data(&self) -> Option<&InstanceData> {
        instance_data(self)
    }

    /// `self.name = value`, taking the value: [`Obj::setattr`] without a new reference.
    ///
    /// One call for a plain instance's store: the instance test, then the attribute
    /// replaced in place, or a new one added with the key its class has interned
    /// already.
    #[inline(never)]
    pub(crate) fn setattr_owned(&self, name: &str, value: Obj) -> PyResult<()> {
        match store_instance_attr(self, AttrName::Other(name), value, None) {
            Ok(()) => Ok(()),
            Err(value) => setattr_other(self, name, value),
        }
    }

    /// [`Obj::setattr_owned`] for a name that is a `&'static str` (a literal of
    /// compiled code): the class of an instance recognizes it by its address.
    #[inline(never)]
    pub(crate) fn setattr_static(&self, name: &'static str, value: Obj) -> PyResult<()> {
        match store_instance_attr(self, AttrName::Static(name), value, None) {
            Ok(()) => Ok(()),
            Err(value) => setattr_other(self, name, value),
        }
    }

    /// [`Obj::setattr_static`] for a store `site` marked as storing new names: when the
    /// name turns out to be there already, the site learns where.
    #[inline(never)]
    fn setattr_static_at(&self, name: &'static str, value: Obj, site: &AttrSite) -> PyResult<()> {
        match store_instance_attr(self, AttrName::Static(name), value, Some(site)) {
            Ok(()) => Ok(()),
            Err(value) => setattr_other(self, name, value),
        }
    }
}

/// `obj.name` in generated code: an instance's own attribute looked up where `site`
/// found it last (no descriptors in its class); anything else the general way.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn load_attr(obj: &Obj, name: &'static str, site: &AttrSite) -> PyResult<Obj> {
    let Some(instance) = obj.downcast_ref::<PyInstance>() else {
        if let Some(value) = super::slotted::load_member(obj, name, site) {
            return Ok(value);
        }
        return super::slotted::load_attr(obj, name, site);
    };
    if !instance.data.table.has_data_descriptors()
        && let Some(value) = instance.data.attrs.get_at_site(name, site)
    {
        return Ok(value);
    }
    obj.getattr(name)
}

/// `obj.name = value` in generated code: an existing attribute of an instance replaced
/// where `site` found it last; anything else the general way.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn store_attr_at(obj: &Obj, name: &'static str, value: Obj, site: &AttrSite) -> PyResult<()> {
    let value = match obj.downcast_ref::<PyInstance>() {
        Some(instance) if !instance.data.table.has_data_descriptors() => {
            if site.stores_new() {
                return obj.setattr_static_at(name, value, site);
            }
            match instance.data.attrs.replace_at_site(name, value, site) {
                Ok(()) => return Ok(()),
                Err(value) => value,
            }
        }
        Some(_) => value,
        None => match super::slotted::store_attr(obj, name, value, site) {
            Ok(()) => return Ok(()),
            Err(value) => value,
        },
    };
    obj.setattr_static(name, value)
}

#[cfg(test)]
mod tests {
    use super::{PyInstance, same_text};

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_instance_with_a_few_attributes_fits_in_96_bytes() {
        // With the 16-byte header: the 96-byte size class of the pools.
        assert_eq!(size_of::<PyInstance>(), 80);
    }

    #[test]
    fn same_text_compares_every_byte_of_every_length() {
        let text: Vec<u8> = (0..40u8).map(|n| b'a' + n % 26).collect();
        for len in 0..text.len() {
            let a = &text[..len];
            let copy = a.to_vec();
            assert!(same_text(a, a), "same address, length {len}");
            assert!(same_text(a, &copy), "same text elsewhere, length {len}");
            for position in 0..len {
                let mut other = copy.clone();
                other[position] ^= 0x20;
                assert!(!same_text(a, &other), "length {len}, byte {position}");
                assert!(!same_text(&other, a), "length {len}, byte {position}");
            }
            assert!(!same_text(a, &text[..len + 1]), "a prefix, length {len}");
            assert!(
                !same_text(&text[..len + 1], a),
                "an extension, length {len}"
            );
        }
    }
}
