//! `weakref.WeakValueDictionary`, `weakref.WeakKeyDictionary`, `weakref.WeakSet` and
//! `weakref.finalize`, native, built as `Lib/weakref.py` and `Lib/_weakrefset.py`
//! build them: on `weakref.ref` objects with callbacks (see
//! `pyobject/weakrefobject.rs`), so that an entry goes away the moment its referent is
//! freed, by the count reaching zero or by the collector.
//!
//! # How an entry disappears
//! Each container keeps a real dict or set (`data`, readable as in CPython):
//!
//! ```text
//!  WeakValueDictionary   data = {key: ref(value, remove_key)}
//!  WeakKeyDictionary     data = {ref(key, remove): value}
//!  WeakSet               data = {ref(item, remove), ...}
//! ```
//!
//! The callback (`remove`) is a small callable object holding a weak reference to the
//! container (a strong one would keep the container alive as long as any referent);
//! for a `WeakValueDictionary` each entry has its own, which also holds the entry's key
//! (CPython's `KeyedRef.key`). When a referent dies, its weak reference's callback
//! deletes the entry, unless the container is being iterated: then the entry waits in
//! `_pending_removals` (already left out of `len()`) until the last iterator finishes
//! (CPython's `_IterationGuard`), so iterating never sees its dict change size. Dead
//! entries are never returned: every read checks the weak reference.
//!
//! Iterating (`keys()`, `values()`, `items()`, `iter()`) returns generators, named as
//! CPython's (`<generator object WeakValueDictionary.items at 0x...>`).
//!
//! # Arguments
//! The containers and `finalize` are Python classes in CPython (`Lib/weakref.py`), and
//! their methods bind their arguments as Python functions do, with the same texts:
//! `WeakSet.add() missing 1 required positional argument: 'item'`,
//! `WeakValueDictionary.keys() takes 1 positional argument but 2 were given`,
//! `WeakValueDictionary.pop() got an unexpected keyword argument 'x'`; `clear()` of the
//! dictionaries is `MutableMapping.clear`, as there.
//!
//! # finalize
//! `finalize(obj, func, *args, **kwargs)` registers itself in a per-thread registry
//! (which keeps it alive, as CPython's class-level `_registry`) and holds a weak
//! reference to `obj` whose callback is the finalizer itself: when `obj` dies,
//! `func(*args, **kwargs)` is called once. Calling the finalizer early does the same
//! (and returns `func`'s result); `detach()` unregisters it and returns
//! `(obj, func, args, kwargs)`; `peek()` returns them without unregistering; `alive`
//! says whether it is still registered.
//!
//! The end of a `pyblock!` block is its interpreter's exit (CPython's
//! `finalize._exitfunc`): before the block's globals are released, the finalizers still
//! registered on the thread whose `atexit` is true are called, newest first (and any a
//! call registers), with the automatic collector off meanwhile; an exception is printed
//! to stderr as `sys.excepthook` prints it. While the globals are then released, no
//! finalizer runs (CPython's `finalize._shutdown`): those whose objects die then are
//! unregistered without a call. A later block on the thread starts afresh.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let weakref = modules::import("weakref").unwrap();
//! let cache = weakref.getattr("WeakValueDictionary").unwrap().call(&[]).unwrap();
//! let value = Obj::set([]).unwrap();              // sets accept weak references
//! cache.set_item(&Obj::from("k"), &value).unwrap();
//! assert_eq!(cache.len().unwrap(), 1);
//! drop(value);                                    // the last strong reference
//! assert_eq!(cache.len().unwrap(), 0);            // the entry is gone at once
//! ```

use std::cell::{Cell, OnceCell, RefCell};

use crate::exceptions::{KEY_ERROR, PyErr, PyResult, TYPE_ERROR};
use crate::pyobject::types::{DICT_TYPE, SET_TYPE};
use crate::pyobject::{
    Args, Channel, CompareOp, FrameBox, HashSlot, Method, NumberMethods, Obj, PyType, PyWeakref,
    Signature, bind_arguments, generator, yield_value,
};
use crate::trace::{Trace, Tracer};
use crate::weakref_any::AnyWeak;

/// The type objects this file adds to `weakref`.
pub(super) fn attributes() -> [(&'static str, Obj); 4] {
    [
        ("WeakKeyDictionary", WEAK_KEY_DICT_TYPE.to_object()),
        ("WeakSet", WEAK_SET_TYPE.to_object()),
        ("WeakValueDictionary", WEAK_VALUE_DICT_TYPE.to_object()),
        ("finalize", FINALIZE_TYPE.to_object()),
    ]
}

/// A method row of a type table.
const fn method(name: &'static str, call: fn(&Obj, &Args<'_>) -> PyResult<Obj>) -> Method {
    Method { name, call }
}

/// Binds a Python-level `__init__`'s arguments, with the object itself first (so the
/// texts count `self`, as CPython's do).
fn bind_init(
    qualname: &str,
    signature: &Signature,
    defaults: &[Obj],
    this: &Obj,
    args: &Args<'_>,
) -> PyResult<Vec<Obj>> {
    let mut positional = Vec::with_capacity(args.positional().len() + 1);
    positional.push(this.clone());
    positional.extend_from_slice(args.positional());
    bind_arguments(
        qualname,
        signature,
        defaults,
        &Args::new(&positional, args.keywords()),
    )
}

/// `(self)`, the parameters of a Python method without arguments.
static SELF_ONLY: Signature = Signature::new(&["self"]);

/// `(self, item)`.
static ITEM: Signature = Signature::new(&["self", "item"]);

/// `(self, other)`.
static OTHER: Signature = Signature::new(&["self", "other"]);

/// A Python method of `self` only: `TypeError: WeakSet.copy() takes 1 positional
/// argument but 2 were given`, `... got an unexpected keyword argument 'x'`.
fn no_arguments(qualname: &str, this: &Obj, args: &Args<'_>) -> PyResult<()> {
    bind_init(qualname, &SELF_ONLY, &[], this, args).map(drop)
}

/// The argument of a Python method `(self, name)` of `signature`, by position or by
/// name: `TypeError: WeakSet.add() missing 1 required positional argument: 'item'`,
/// `... takes 2 positional arguments but 3 were given`.
fn one_argument(
    qualname: &str,
    signature: &Signature,
    this: &Obj,
    args: &Args<'_>,
) -> PyResult<Obj> {
    let mut values = bind_init(qualname, signature, &[], this, args)?;
    values
        .pop()
        .ok_or_else(|| PyErr::system_error("bad signature"))
}

/// The arguments of `pop(self, key, *args)`: `key` and `args`.
fn pop_arguments(qualname: &str, this: &Obj, args: &Args<'_>) -> PyResult<(Obj, Vec<Obj>)> {
    static POP: Signature = Signature::new(&["self", "key"]).with_varargs();
    let values = bind_init(qualname, &POP, &[], this, args)?;
    match <[Obj; 3]>::try_from(values) {
        Ok([_, key, rest]) => Ok((key, rest.to_vec()?)),
        Err(_) => Err(PyErr::system_error("bad signature")),
    }
}

/// Whether `obj` counts as a `collections.abc.Mapping` here: a dict or a weak
/// dictionary.
fn is_mapping(obj: &Obj) -> bool {
    obj.is_instance(&DICT_TYPE) || obj.is_exact::<WeakValueDict>() || obj.is_exact::<WeakKeyDict>()
}

/// The two items of a pair (the items of `mapping.items()`).
fn pair(item: &Obj) -> PyResult<(Obj, Obj)> {
    let items = item.to_vec()?;
    match <[Obj; 2]>::try_from(items) {
        Ok([a, b]) => Ok((a, b)),
        Err(items) => Err(PyErr::value_error(format!(
            "too many values to unpack (expected 2, got {})",
            items.len()
        ))),
    }
}

/// The referent of a weak reference object held in `data` (`wr()`).
fn referent(weakref: &Obj) -> Option<Obj> {
    weakref
        .downcast_ref::<PyWeakref>()
        .and_then(PyWeakref::target)
}

// ---------------------------------------------------------------------------
// What the three containers share

/// The state of a weak container: its dict or set of weak references, and CPython's
/// iteration guard.
struct Guarded {
    /// `self.data`: a dict or a set.
    data: Obj,
    /// The shared `remove` callback (`WeakKeyDictionary`, `WeakSet`).
    remove: OnceCell<Obj>,
    /// `_pending_removals`: entries whose referent died during an iteration.
    pending: RefCell<Vec<Obj>>,
    /// How many iterations are running (`_iterating`).
    iterating: Cell<usize>,
    /// `_dirty_len` (`WeakKeyDictionary`): entries may have been removed by hand
    /// since the pending ones were recorded.
    dirty_len: Cell<bool>,
}

impl Guarded {
    fn new(data: Obj) -> Guarded {
        Guarded {
            data,
            remove: OnceCell::new(),
            pending: RefCell::new(Vec::new()),
            iterating: Cell::new(0),
            dirty_len: Cell::new(false),
        }
    }

    fn pending_len(&self) -> usize {
        self.pending.borrow().len()
    }

    /// Records an entry to remove when the iterations end.
    fn defer(&self, entry: Obj) {
        self.pending.borrow_mut().push(entry);
    }

    /// Takes the last pending entry (no borrow is held after).
    fn pop_pending(&self) -> Option<Obj> {
        self.pending.borrow_mut().pop()
    }

    /// The shared `remove` callback.
    fn remove(&self) -> PyResult<&Obj> {
        self.remove
            .get()
            .ok_or_else(|| PyErr::system_error("weak container without its callback"))
    }

    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.data.trace(tracer);
        if let Some(remove) = self.remove.get() {
            remove.trace(tracer);
        }
        match self.pending.try_borrow() {
            Ok(pending) => pending.iter().for_each(|entry| entry.trace(tracer)),
            Err(_) => tracer.incomplete = true,
        }
    }

    fn drop_handles(&self) {
        if let Ok(mut pending) = self.pending.try_borrow_mut() {
            let old = std::mem::take(&mut *pending);
            drop(pending);
            drop(old);
        }
    }
}

/// The guard of one running iteration: pending removals are committed when the last
/// one ends (CPython's `_IterationGuard.__exit__`).
struct IterationGuard {
    container: Obj,
}

impl IterationGuard {
    fn enter(container: &Obj) -> PyResult<IterationGuard> {
        let guarded = guarded(container)?;
        guarded.iterating.set(guarded.iterating.get() + 1);
        Ok(IterationGuard {
            container: container.clone(),
        })
    }
}

impl Drop for IterationGuard {
    fn drop(&mut self) {
        if let Ok(guarded) = guarded(&self.container) {
            let left = guarded.iterating.get().saturating_sub(1);
            guarded.iterating.set(left);
            if left == 0 {
                let _ = commit_removals(&self.container);
            }
        }
    }
}

/// The shared state of any of the three containers.
fn guarded(obj: &Obj) -> PyResult<&Guarded> {
    if let Some(dict) = obj.downcast_ref::<WeakValueDict>() {
        return Ok(&dict.0);
    }
    if let Some(dict) = obj.downcast_ref::<WeakKeyDict>() {
        return Ok(&dict.0);
    }
    if let Some(set) = obj.downcast_ref::<WeakSet>() {
        return Ok(&set.0);
    }
    Err(PyErr::type_error(format!(
        "descriptor requires a weak container but received a '{}'",
        obj.type_name()
    )))
}

/// `_commit_removals()`: removes the entries that died during iterations.
fn commit_removals(container: &Obj) -> PyResult<()> {
    let guarded = guarded(container)?;
    while let Some(entry) = guarded.pop_pending() {
        if container.is_exact::<WeakValueDict>() {
            remove_dead_entry(&guarded.data, &entry)?;
        } else if container.is_exact::<WeakSet>() {
            guarded.data.call_method("discard", &[entry])?;
        } else {
            ignore_key_error(guarded.data.del_item(&entry))?;
        }
    }
    Ok(())
}

/// Commits pending removals if there are any.
fn commit_if_pending(container: &Obj) -> PyResult<()> {
    if guarded(container)?.pending_len() > 0 {
        commit_removals(container)?;
    }
    Ok(())
}

/// A `KeyError` is no error here (the entry is gone already).
fn ignore_key_error(result: PyResult<()>) -> PyResult<()> {
    match result {
        Err(error) if error.is_instance(&KEY_ERROR) => Ok(()),
        result => result,
    }
}

/// `_remove_dead_weakref(d, key)`: deletes `d[key]` if it is a dead weak reference.
fn remove_dead_entry(data: &Obj, key: &Obj) -> PyResult<()> {
    let Some(dict) = data.downcast_ref::<crate::pyobject::PyDict>() else {
        return Ok(());
    };
    let dead = match dict.get(key)? {
        Some(weakref) => weakref.is_exact::<PyWeakref>() && referent(&weakref).is_none(),
        None => false,
    };
    if dead {
        ignore_key_error(data.del_item(key))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The removal callback

/// The callback of the weak references a container holds: `remove(wr)`.
struct Remover {
    /// The container, weakly.
    container: AnyWeak,
    /// The entry's key (`WeakValueDictionary`: `KeyedRef.key`).
    key: Option<Obj>,
}

impl Trace for Remover {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&REMOVER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.container.trace(tracer);
        self.key.trace(tracer);
    }
}

/// The type of the `remove` callbacks (a closure in CPython).
static REMOVER_TYPE: PyType = PyType {
    name: "weakref.remove",
    call: Some(remover_call),
    ..PyType::BLANK
};

/// A new `remove` callback for `container` (and `key`).
fn new_remover(container: &Obj, key: Option<Obj>) -> Obj {
    Obj::new(Remover {
        container: AnyWeak::new(container.as_any()),
        key,
    })
}

/// `remove(wr)`: the referent of `wr` died; its entry goes (or waits, during an
/// iteration).
fn remover_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let remover = obj.value_as::<Remover>()?;
    let weakref = args.one("remove")?;
    let Some(container) = remover
        .container
        .upgrade()
        .and_then(|any| Obj::from_any(any).ok())
    else {
        return Ok(Obj::none());
    };
    let guarded = guarded(&container)?;
    let entry = match &remover.key {
        Some(key) => key.clone(),
        None => weakref.clone(),
    };
    if guarded.iterating.get() > 0 {
        guarded.defer(entry);
    } else if container.is_exact::<WeakValueDict>() {
        remove_dead_entry(&guarded.data, &entry)?;
    } else if container.is_exact::<WeakSet>() {
        guarded.data.call_method("discard", &[entry])?;
    } else {
        ignore_key_error(guarded.data.del_item(&entry))?;
    }
    Ok(Obj::none())
}

/// `<WeakValueDictionary at 0x...>`.
fn container_repr(obj: &Obj) -> PyResult<String> {
    let ty = obj.py_type();
    let name = ty.name().rsplit('.').next().unwrap_or(ty.name());
    Ok(format!("<{name} at {:#x}>", obj.id()))
}

/// A generator over a container's entries, named `qualname`, that yields what `each`
/// makes of each `(entry, value)` pair of `data` (skipping what it maps to `None`).
fn iterate(
    container: &Obj,
    qualname: &'static str,
    each: fn(&Obj, Option<&Obj>) -> PyResult<Option<Obj>>,
) -> PyResult<Obj> {
    let container = container.clone();
    let channel = Channel::new();
    let body_channel = channel.clone();
    let body = FrameBox::new(move || async move {
        let _guard = IterationGuard::enter(&container)?;
        let data = guarded(&container)?.data.clone();
        let is_dict = data.is_instance(&DICT_TYPE);
        let source = if is_dict {
            data.call_method("items", &[])?
        } else {
            data.clone()
        };
        let it = source.iter()?;
        while let Some(item) = it.next_item()? {
            let made = if is_dict {
                let (entry, value) = pair(&item)?;
                each(&entry, Some(&value))?
            } else {
                each(&item, None)?
            };
            if let Some(made) = made {
                yield_value(&body_channel, made).await?;
            }
        }
        Ok(Obj::none())
    });
    Ok(generator(qualname, channel, body))
}

/// `self == other` for the weak dictionaries (`Mapping.__eq__`):
/// `dict(self.items()) == dict(other.items())`.
fn mapping_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) || !is_mapping(b) || !is_mapping(a) {
        return Ok(Obj::not_implemented());
    }
    let dict = crate::builtins::get("dict").ok_or_else(|| PyErr::system_error("no dict"))?;
    let left = dict.call(&[a.call_method("items", &[])?])?;
    let right = dict.call(&[b.call_method("items", &[])?])?;
    left.rich_compare(&right, op)
}

// ---------------------------------------------------------------------------
// WeakValueDictionary

/// The value of a `weakref.WeakValueDictionary`.
struct WeakValueDict(Guarded);

impl Trace for WeakValueDict {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&WEAK_VALUE_DICT_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

/// `a | b` between weak dictionaries and mappings.
static WEAK_DICT_NUMBER: NumberMethods = NumberMethods {
    or: Some(weak_dict_or),
    ..NumberMethods::NONE
};

/// `weakref.WeakValueDictionary`.
static WEAK_VALUE_DICT_TYPE: PyType = PyType {
    name: "weakref.WeakValueDictionary",
    new: Some(|_, args| {
        static SIGNATURE: Signature = Signature {
            params: &["self", "other"],
            posonly: 2,
            varargs: false,
            kwonly: &[],
            varkw: true,
        };
        let this = Obj::new(WeakValueDict(Guarded::new(Obj::dict())));
        let values = bind_init(
            "WeakValueDictionary.__init__",
            &SIGNATURE,
            &[Obj::tuple([])],
            &this,
            args,
        )?;
        wvd_update_from(&this, &values[1], &values[2])?;
        Ok(this)
    }),
    repr: Some(container_repr),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(mapping_richcompare),
    len: Some(|obj| {
        let guarded = guarded(obj)?;
        Ok(guarded.data.len()? - guarded.pending_len())
    }),
    number: Some(&WEAK_DICT_NUMBER),
    getitem: Some(|obj, key| {
        commit_if_pending(obj)?;
        let weakref = guarded(obj)?.data.get_item(key)?;
        referent(&weakref).ok_or_else(|| PyErr::key_error(key.clone()))
    }),
    setitem: Some(|obj, key, value| {
        commit_if_pending(obj)?;
        match value {
            Some(value) => wvd_store(obj, key, value),
            None => guarded(obj)?.data.del_item(key),
        }
    }),
    contains: Some(|obj, key| {
        commit_if_pending(obj)?;
        match guarded(obj)?.data.get_item(key) {
            Ok(weakref) => Ok(referent(&weakref).is_some()),
            Err(error) if error.is_instance(&KEY_ERROR) => Ok(false),
            Err(error) => Err(error),
        }
    }),
    iter: Some(|obj| iterate(obj, "WeakValueDictionary.keys", wvd_key)),
    getattr: Some(|obj, name| {
        Ok(match name {
            "data" => Some(guarded(obj)?.data.clone()),
            _ => None,
        })
    }),
    weakrefable: true,
    methods: &[
        method("keys", |obj, args| {
            no_arguments("WeakValueDictionary.keys", obj, args)?;
            iterate(obj, "WeakValueDictionary.keys", wvd_key)
        }),
        method("values", |obj, args| {
            no_arguments("WeakValueDictionary.values", obj, args)?;
            iterate(obj, "WeakValueDictionary.values", |_, weakref| {
                Ok(weakref.and_then(referent))
            })
        }),
        method("items", |obj, args| {
            no_arguments("WeakValueDictionary.items", obj, args)?;
            iterate(obj, "WeakValueDictionary.items", |key, weakref| {
                Ok(weakref
                    .and_then(referent)
                    .map(|value| Obj::tuple([key.clone(), value])))
            })
        }),
        method("valuerefs", |obj, args| {
            no_arguments("WeakValueDictionary.valuerefs", obj, args)?;
            commit_if_pending(obj)?;
            guarded(obj)?.data.call_method("values", &[])?.call_list()
        }),
        method("get", |obj, args| {
            let [key, default] = bind_method("get", &["self", "key", "default"], obj, args)?;
            commit_if_pending(obj)?;
            match guarded(obj)?.data.get_item(&key) {
                Ok(weakref) => Ok(referent(&weakref).unwrap_or(default)),
                Err(error) if error.is_instance(&KEY_ERROR) => Ok(default),
                Err(error) => Err(error),
            }
        }),
        method("setdefault", |obj, args| {
            let [key, default] = bind_method("setdefault", &["self", "key", "default"], obj, args)?;
            let existing = match guarded(obj)?.data.get_item(&key) {
                Ok(weakref) => referent(&weakref),
                Err(error) if error.is_instance(&KEY_ERROR) => None,
                Err(error) => return Err(error),
            };
            match existing {
                Some(value) => Ok(value),
                None => {
                    commit_if_pending(obj)?;
                    wvd_store(obj, &key, &default)?;
                    Ok(default)
                }
            }
        }),
        method("pop", |obj, args| {
            let (key, rest) = pop_arguments("WeakValueDictionary.pop", obj, args)?;
            let key = &key;
            commit_if_pending(obj)?;
            let value = match guarded(obj)?
                .data
                .call_method("pop", std::slice::from_ref(key))
            {
                Ok(weakref) => referent(&weakref),
                Err(error) if error.is_instance(&KEY_ERROR) => None,
                Err(error) => return Err(error),
            };
            match (value, rest.first()) {
                (Some(value), _) => Ok(value),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(PyErr::key_error(key.clone())),
            }
        }),
        method("popitem", |obj, args| {
            no_arguments("WeakValueDictionary.popitem", obj, args)?;
            commit_if_pending(obj)?;
            loop {
                let item = guarded(obj)?.data.call_method("popitem", &[])?;
                let (key, weakref) = pair(&item)?;
                if let Some(value) = referent(&weakref) {
                    return Ok(Obj::tuple([key, value]));
                }
            }
        }),
        method("update", |obj, args| {
            let other = match args.positional() {
                [] => Obj::none(),
                [other] => other.clone(),
                more => {
                    return Err(PyErr::type_error(format!(
                        "WeakValueDictionary.update() takes from 1 to 2 positional arguments but {} were given",
                        more.len() + 1
                    )));
                }
            };
            let keywords = Obj::dict_from(
                args.keywords()
                    .iter()
                    .map(|(key, value)| (Obj::from(*key), value.clone())),
            )?;
            wvd_update_from(obj, &other, &keywords)?;
            Ok(Obj::none())
        }),
        method("clear", |obj, args| {
            no_arguments("MutableMapping.clear", obj, args)?;
            commit_if_pending(obj)?;
            guarded(obj)?.data.call_method("clear", &[])?;
            Ok(Obj::none())
        }),
        method("copy", |obj, args| {
            no_arguments("WeakValueDictionary.copy", obj, args)?;
            wvd_copy(obj)
        }),
        method("__copy__", |obj, args| {
            no_arguments("WeakValueDictionary.__copy__", obj, args)?;
            wvd_copy(obj)
        }),
    ],
    ..PyType::BLANK
};

/// Binds `(self, key, default=None)` of a method (Python's texts).
fn bind_method(
    name: &str,
    params: &'static [&'static str],
    this: &Obj,
    args: &Args<'_>,
) -> PyResult<[Obj; 2]> {
    let signature = Signature::new(params);
    let ty = this.py_type();
    let class = ty.name().rsplit('.').next().unwrap_or(ty.name());
    let values = bind_init(
        &format!("{class}.{name}"),
        &signature,
        &[Obj::none()],
        this,
        args,
    )?;
    match <[Obj; 3]>::try_from(values) {
        Ok([_, key, default]) => Ok([key, default]),
        Err(_) => Err(PyErr::system_error("bad signature")),
    }
}

/// A list of what an iterable yields.
trait CallList {
    fn call_list(&self) -> PyResult<Obj>;
}

impl CallList for Obj {
    fn call_list(&self) -> PyResult<Obj> {
        Ok(Obj::list(self.to_vec()?))
    }
}

/// The keys of live entries.
fn wvd_key(key: &Obj, weakref: Option<&Obj>) -> PyResult<Option<Obj>> {
    Ok(weakref.and_then(referent).map(|_| key.clone()))
}

/// `self.data[key] = KeyedRef(value, self._remove, key)`.
fn wvd_store(obj: &Obj, key: &Obj, value: &Obj) -> PyResult<()> {
    let remover = new_remover(obj, Some(key.clone()));
    let weakref = value.weakref(Some(&remover))?;
    guarded(obj)?.data.set_item(key, &weakref)
}

/// `update(other, **kwargs)` with the keywords as a dict.
fn wvd_update_from(obj: &Obj, other: &Obj, keywords: &Obj) -> PyResult<()> {
    commit_if_pending(obj)?;
    for source in [other, keywords] {
        if source.is_none() {
            continue;
        }
        for (key, value) in mapping_items(source)? {
            wvd_store(obj, &key, &value)?;
        }
    }
    Ok(())
}

/// The `(key, value)` pairs of a mapping (its `items()`), or of `dict(other)` when it
/// has no `items`.
fn mapping_items(other: &Obj) -> PyResult<Vec<(Obj, Obj)>> {
    let source = if other.hasattr("items")? {
        other.clone()
    } else {
        let dict = crate::builtins::get("dict").ok_or_else(|| PyErr::system_error("no dict"))?;
        dict.call(std::slice::from_ref(other))?
    };
    let items = source.call_method("items", &[])?;
    let mut pairs = Vec::new();
    for item in items.try_iter()? {
        pairs.push(pair(&item?)?);
    }
    Ok(pairs)
}

/// `copy()`: a new dictionary of the live entries.
fn wvd_copy(obj: &Obj) -> PyResult<Obj> {
    commit_if_pending(obj)?;
    let copy = WEAK_VALUE_DICT_TYPE.to_object().call(&[])?;
    let items = guarded(obj)?.data.call_method("items", &[])?;
    for item in items.to_vec()? {
        let (key, weakref) = pair(&item)?;
        if let Some(value) = referent(&weakref) {
            wvd_store(&copy, &key, &value)?;
        }
    }
    Ok(copy)
}

/// `a | b` with a weak dictionary on either side and a mapping on the other: a copy
/// of the weak one updated with the other (`__or__`), or a new weak dictionary updated
/// with the left one, then the right one (`__ror__`).
fn weak_dict_or(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if !is_mapping(a) || !is_mapping(b) {
        return Ok(Obj::not_implemented());
    }
    if a.is_exact::<WeakValueDict>() || a.is_exact::<WeakKeyDict>() {
        let copy = a.call_method("copy", &[])?;
        copy.call_method("update", std::slice::from_ref(b))?;
        return Ok(copy);
    }
    let made = b.py_type().to_object().call(&[])?;
    made.call_method("update", std::slice::from_ref(a))?;
    made.call_method("update", std::slice::from_ref(b))?;
    Ok(made)
}

// ---------------------------------------------------------------------------
// WeakKeyDictionary

/// The value of a `weakref.WeakKeyDictionary`.
struct WeakKeyDict(Guarded);

impl Trace for WeakKeyDict {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&WEAK_KEY_DICT_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

/// A new container of one of the three kinds, with its `remove` callback.
fn new_container<T: Trace + 'static>(make: fn(Guarded) -> T, data: Obj) -> PyResult<Obj> {
    let this = Obj::new(make(Guarded::new(data)));
    let remover = new_remover(&this, None);
    let _ = guarded(&this)?.remove.set(remover);
    Ok(this)
}

/// `weakref.WeakKeyDictionary`.
static WEAK_KEY_DICT_TYPE: PyType = PyType {
    name: "weakref.WeakKeyDictionary",
    new: Some(|_, args| {
        static SIGNATURE: Signature = Signature::new(&["self", "dict"]);
        let this = new_container(WeakKeyDict, Obj::dict())?;
        let values = bind_init(
            "WeakKeyDictionary.__init__",
            &SIGNATURE,
            &[Obj::none()],
            &this,
            args,
        )?;
        wkd_update_from(&this, &values[1])?;
        Ok(this)
    }),
    repr: Some(container_repr),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(mapping_richcompare),
    len: Some(|obj| {
        let guarded = guarded(obj)?;
        if guarded.dirty_len.get() && guarded.pending_len() > 0 {
            // `_scrub_removals`: forget pending keys already removed by hand.
            let pending = std::mem::take(&mut *guarded.pending.borrow_mut());
            let mut kept = Vec::with_capacity(pending.len());
            for key in pending {
                if guarded.data.contains(&key)? {
                    kept.push(key);
                }
            }
            *guarded.pending.borrow_mut() = kept;
            guarded.dirty_len.set(false);
        }
        Ok(guarded.data.len()? - guarded.pending_len())
    }),
    number: Some(&WEAK_DICT_NUMBER),
    getitem: Some(|obj, key| guarded(obj)?.data.get_item(&key.weakref(None)?)),
    setitem: Some(|obj, key, value| {
        let guarded = guarded(obj)?;
        match value {
            Some(value) => {
                let weakref = key.weakref(Some(guarded.remove()?))?;
                guarded.data.set_item(&weakref, value)
            }
            None => {
                guarded.dirty_len.set(true);
                guarded.data.del_item(&key.weakref(None)?)
            }
        }
    }),
    contains: Some(|obj, key| match key.weakref(None) {
        Ok(weakref) => guarded(obj)?.data.contains(&weakref),
        Err(error) if error.is_instance(&TYPE_ERROR) => Ok(false),
        Err(error) => Err(error),
    }),
    iter: Some(|obj| iterate(obj, "WeakKeyDictionary.keys", wkd_key)),
    getattr: Some(|obj, name| {
        Ok(match name {
            "data" => Some(guarded(obj)?.data.clone()),
            _ => None,
        })
    }),
    weakrefable: true,
    methods: &[
        method("keys", |obj, args| {
            no_arguments("WeakKeyDictionary.keys", obj, args)?;
            iterate(obj, "WeakKeyDictionary.keys", wkd_key)
        }),
        method("values", |obj, args| {
            no_arguments("WeakKeyDictionary.values", obj, args)?;
            iterate(obj, "WeakKeyDictionary.values", |weakref, value| {
                Ok(referent(weakref).and(value.cloned()))
            })
        }),
        method("items", |obj, args| {
            no_arguments("WeakKeyDictionary.items", obj, args)?;
            iterate(obj, "WeakKeyDictionary.items", |weakref, value| {
                Ok(referent(weakref)
                    .zip(value.cloned())
                    .map(|(key, value)| Obj::tuple([key, value])))
            })
        }),
        method("keyrefs", |obj, args| {
            no_arguments("WeakKeyDictionary.keyrefs", obj, args)?;
            guarded(obj)?.data.call_list()
        }),
        method("get", |obj, args| {
            let [key, default] = bind_method("get", &["self", "key", "default"], obj, args)?;
            let data = &guarded(obj)?.data;
            data.call_method("get", &[key.weakref(None)?, default])
        }),
        method("setdefault", |obj, args| {
            let [key, default] = bind_method("setdefault", &["self", "key", "default"], obj, args)?;
            let guarded = guarded(obj)?;
            let weakref = key.weakref(Some(guarded.remove()?))?;
            guarded.data.call_method("setdefault", &[weakref, default])
        }),
        method("pop", |obj, args| {
            let (key, rest) = pop_arguments("WeakKeyDictionary.pop", obj, args)?;
            let key = &key;
            let guarded = guarded(obj)?;
            guarded.dirty_len.set(true);
            let mut pop_args = vec![key.weakref(None)?];
            pop_args.extend(rest);
            guarded.data.call_method("pop", &pop_args)
        }),
        method("popitem", |obj, args| {
            no_arguments("WeakKeyDictionary.popitem", obj, args)?;
            let guarded = guarded(obj)?;
            guarded.dirty_len.set(true);
            loop {
                let item = guarded.data.call_method("popitem", &[])?;
                let (weakref, value) = pair(&item)?;
                if let Some(key) = referent(&weakref) {
                    return Ok(Obj::tuple([key, value]));
                }
            }
        }),
        method("update", |obj, args| {
            let other = match args.positional() {
                [] => Obj::none(),
                [other] => other.clone(),
                more => {
                    return Err(PyErr::type_error(format!(
                        "WeakKeyDictionary.update() takes from 1 to 2 positional arguments but {} were given",
                        more.len() + 1
                    )));
                }
            };
            wkd_update_from(obj, &other)?;
            if !args.keywords().is_empty() {
                let keywords = Obj::dict_from(
                    args.keywords()
                        .iter()
                        .map(|(key, value)| (Obj::from(*key), value.clone())),
                )?;
                wkd_update_from(obj, &keywords)?;
            }
            Ok(Obj::none())
        }),
        method("clear", |obj, args| {
            no_arguments("MutableMapping.clear", obj, args)?;
            guarded(obj)?.data.call_method("clear", &[])?;
            Ok(Obj::none())
        }),
        method("copy", |obj, args| {
            no_arguments("WeakKeyDictionary.copy", obj, args)?;
            wkd_copy(obj)
        }),
        method("__copy__", |obj, args| {
            no_arguments("WeakKeyDictionary.__copy__", obj, args)?;
            wkd_copy(obj)
        }),
    ],
    ..PyType::BLANK
};

/// The keys of live entries.
fn wkd_key(weakref: &Obj, _: Option<&Obj>) -> PyResult<Option<Obj>> {
    Ok(referent(weakref))
}

/// `update(dict)`: each `(key, value)` stored under `ref(key, self._remove)`.
fn wkd_update_from(obj: &Obj, other: &Obj) -> PyResult<()> {
    if other.is_none() {
        return Ok(());
    }
    let guarded = guarded(obj)?;
    for (key, value) in mapping_items(other)? {
        let weakref = key.weakref(Some(guarded.remove()?))?;
        guarded.data.set_item(&weakref, &value)?;
    }
    Ok(())
}

/// `copy()`: a new dictionary of the live entries.
fn wkd_copy(obj: &Obj) -> PyResult<Obj> {
    let copy = WEAK_KEY_DICT_TYPE.to_object().call(&[])?;
    let items = guarded(obj)?.data.call_method("items", &[])?;
    for item in items.to_vec()? {
        let (weakref, value) = pair(&item)?;
        if let Some(key) = referent(&weakref) {
            copy.set_item(&key, &value)?;
        }
    }
    Ok(copy)
}

// ---------------------------------------------------------------------------
// WeakSet

/// The value of a `weakref.WeakSet`.
struct WeakSet(Guarded);

impl Trace for WeakSet {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&WEAK_SET_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

/// The set operators of `WeakSet`.
static WEAK_SET_NUMBER: NumberMethods = NumberMethods {
    or: Some(|a, b| weak_set_binary(a, b, "union")),
    and: Some(|a, b| weak_set_binary(a, b, "intersection")),
    sub: Some(|a, b| weak_set_binary(a, b, "difference")),
    xor: Some(|a, b| weak_set_binary(a, b, "symmetric_difference")),
    ..NumberMethods::NONE
};

/// `ws | other` and the other operators: the method of the same meaning (the left
/// operand must be the `WeakSet`, as in CPython, whose operators are those methods).
fn weak_set_binary(a: &Obj, b: &Obj, name: &str) -> PyResult<Obj> {
    if !a.is_exact::<WeakSet>() {
        return Ok(Obj::not_implemented());
    }
    a.call_method(name, std::slice::from_ref(b))
}

/// `weakref.WeakSet` (`_weakrefset.WeakSet`).
static WEAK_SET_TYPE: PyType = PyType {
    name: "_weakrefset.WeakSet",
    new: Some(|_, args| {
        static SIGNATURE: Signature = Signature::new(&["self", "data"]);
        let this = new_container(WeakSet, Obj::set([])?)?;
        let values = bind_init("WeakSet.__init__", &SIGNATURE, &[Obj::none()], &this, args)?;
        if !values[1].is_none() {
            ws_update(&this, &values[1])?;
        }
        Ok(this)
    }),
    repr: Some(|obj| guarded(obj)?.data.repr()),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(weak_set_richcompare),
    len: Some(|obj| {
        let guarded = guarded(obj)?;
        Ok(guarded.data.len()? - guarded.pending_len())
    }),
    number: Some(&WEAK_SET_NUMBER),
    contains: Some(|obj, item| match item.weakref(None) {
        Ok(weakref) => guarded(obj)?.data.contains(&weakref),
        Err(error) if error.is_instance(&TYPE_ERROR) => Ok(false),
        Err(error) => Err(error),
    }),
    iter: Some(|obj| iterate(obj, "WeakSet.__iter__", |weakref, _| Ok(referent(weakref)))),
    getattr: Some(|obj, name| {
        Ok(match name {
            "data" => Some(guarded(obj)?.data.clone()),
            _ => None,
        })
    }),
    weakrefable: true,
    methods: &[
        method("add", |obj, args| {
            let item = &one_argument("WeakSet.add", &ITEM, obj, args)?;
            ws_add(obj, item)?;
            Ok(Obj::none())
        }),
        method("clear", |obj, args| {
            no_arguments("WeakSet.clear", obj, args)?;
            commit_if_pending(obj)?;
            guarded(obj)?.data.call_method("clear", &[])?;
            Ok(Obj::none())
        }),
        method("copy", |obj, args| {
            no_arguments("WeakSet.copy", obj, args)?;
            WEAK_SET_TYPE.to_object().call(std::slice::from_ref(obj))
        }),
        method("pop", |obj, args| {
            no_arguments("WeakSet.pop", obj, args)?;
            commit_if_pending(obj)?;
            loop {
                let weakref = match guarded(obj)?.data.call_method("pop", &[]) {
                    Ok(weakref) => weakref,
                    Err(error) if error.is_instance(&KEY_ERROR) => {
                        return Err(PyErr::key_error(Obj::from("pop from empty WeakSet")));
                    }
                    Err(error) => return Err(error),
                };
                if let Some(item) = referent(&weakref) {
                    return Ok(item);
                }
            }
        }),
        method("remove", |obj, args| {
            let item = &one_argument("WeakSet.remove", &ITEM, obj, args)?;
            commit_if_pending(obj)?;
            guarded(obj)?
                .data
                .call_method("remove", &[item.weakref(None)?])
        }),
        method("discard", |obj, args| {
            let item = &one_argument("WeakSet.discard", &ITEM, obj, args)?;
            commit_if_pending(obj)?;
            guarded(obj)?
                .data
                .call_method("discard", &[item.weakref(None)?])
        }),
        method("update", |obj, args| {
            ws_update(obj, &one_argument("WeakSet.update", &OTHER, obj, args)?)?;
            Ok(Obj::none())
        }),
        method("union", |obj, args| {
            let other = &one_argument("WeakSet.union", &OTHER, obj, args)?;
            let items = [obj.to_vec()?, other.to_vec()?].concat();
            WEAK_SET_TYPE.to_object().call(&[Obj::list(items)])
        }),
        method("intersection", |obj, args| {
            let other = &one_argument("WeakSet.intersection", &OTHER, obj, args)?;
            let mut items = Vec::new();
            for item in other.try_iter()? {
                let item = item?;
                if obj.contains(&item)? {
                    items.push(item);
                }
            }
            WEAK_SET_TYPE.to_object().call(&[Obj::list(items)])
        }),
        method("difference", |obj, args| {
            let other = &one_argument("WeakSet.difference", &OTHER, obj, args)?;
            let copy = obj.call_method("copy", &[])?;
            ws_difference_update(&copy, other)?;
            Ok(copy)
        }),
        method("difference_update", |obj, args| {
            ws_difference_update(
                obj,
                &one_argument("WeakSet.difference_update", &OTHER, obj, args)?,
            )?;
            Ok(Obj::none())
        }),
        method("intersection_update", |obj, args| {
            let other = &one_argument("WeakSet.intersection_update", &OTHER, obj, args)?;
            commit_if_pending(obj)?;
            let refs = refs_of(other, false, obj)?;
            guarded(obj)?
                .data
                .call_method("intersection_update", &[refs])?;
            Ok(Obj::none())
        }),
        method("symmetric_difference", |obj, args| {
            let other = &one_argument("WeakSet.symmetric_difference", &OTHER, obj, args)?;
            let copy = obj.call_method("copy", &[])?;
            ws_symmetric_difference_update(&copy, other)?;
            Ok(copy)
        }),
        method("symmetric_difference_update", |obj, args| {
            ws_symmetric_difference_update(
                obj,
                &one_argument("WeakSet.symmetric_difference_update", &OTHER, obj, args)?,
            )?;
            Ok(Obj::none())
        }),
        method("issubset", |obj, args| {
            let other = &one_argument("WeakSet.issubset", &OTHER, obj, args)?;
            let refs = refs_of(other, false, obj)?;
            guarded(obj)?.data.call_method("issubset", &[refs])
        }),
        method("issuperset", |obj, args| {
            let other = &one_argument("WeakSet.issuperset", &OTHER, obj, args)?;
            let refs = refs_of(other, false, obj)?;
            guarded(obj)?.data.call_method("issuperset", &[refs])
        }),
        method("isdisjoint", |obj, args| {
            let other = &one_argument("WeakSet.isdisjoint", &OTHER, obj, args)?;
            let common = obj.call_method("intersection", std::slice::from_ref(other))?;
            Ok(Obj::from(common.len()? == 0))
        }),
    ],
    ..PyType::BLANK
};

/// `add(item)`: `self.data.add(ref(item, self._remove))`.
fn ws_add(obj: &Obj, item: &Obj) -> PyResult<()> {
    commit_if_pending(obj)?;
    let guarded = guarded(obj)?;
    let weakref = item.weakref(Some(guarded.remove()?))?;
    guarded
        .data
        .call_method("add", std::slice::from_ref(&weakref))?;
    Ok(())
}

/// `update(other)`: each item added.
fn ws_update(obj: &Obj, other: &Obj) -> PyResult<()> {
    commit_if_pending(obj)?;
    for item in other.to_vec()? {
        ws_add(obj, &item)?;
    }
    Ok(())
}

/// A set of weak references to the items of `other` (with the set's callback when
/// `with_callback`).
fn refs_of(other: &Obj, with_callback: bool, obj: &Obj) -> PyResult<Obj> {
    let remove = if with_callback {
        Some(guarded(obj)?.remove()?.clone())
    } else {
        None
    };
    let refs = other
        .to_vec()?
        .iter()
        .map(|item| item.weakref(remove.as_ref()))
        .collect::<PyResult<Vec<_>>>()?;
    Obj::set(refs)
}

/// `difference_update(other)` (`__isub__`).
fn ws_difference_update(obj: &Obj, other: &Obj) -> PyResult<()> {
    commit_if_pending(obj)?;
    let data = &guarded(obj)?.data;
    if obj.is(other) {
        data.call_method("clear", &[])?;
    } else {
        data.call_method("difference_update", &[refs_of(other, false, obj)?])?;
    }
    Ok(())
}

/// `symmetric_difference_update(other)` (`__ixor__`).
fn ws_symmetric_difference_update(obj: &Obj, other: &Obj) -> PyResult<()> {
    commit_if_pending(obj)?;
    let data = &guarded(obj)?.data;
    if obj.is(other) {
        data.call_method("clear", &[])?;
    } else {
        data.call_method("symmetric_difference_update", &[refs_of(other, true, obj)?])?;
    }
    Ok(())
}

/// `==` between two `WeakSet`s; `<`, `<=`, `>`, `>=` against any iterable of
/// weakly referenceable items (CPython's `__lt__` and friends).
fn weak_set_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    if !a.is_exact::<WeakSet>() {
        return Ok(Obj::not_implemented());
    }
    if matches!(op, CompareOp::Eq | CompareOp::Ne) && !b.is_exact::<WeakSet>() {
        return Ok(Obj::not_implemented());
    }
    let refs = refs_of(b, false, a)?;
    let data = &guarded(a)?.data;
    debug_assert!(data.is_instance(&SET_TYPE));
    data.rich_compare(&refs, op)
}

// ---------------------------------------------------------------------------
// finalize

/// What a live finalizer holds (CPython's `finalize._Info`).
struct Info {
    weakref: Obj,
    func: Obj,
    args: Obj,
    kwargs: Option<Obj>,
    atexit: bool,
    /// The order of creation (CPython's `_Info.index`): newest are called first at exit.
    index: u64,
}

/// The value of a `weakref.finalize`.
struct Finalize {
    /// Present while the finalizer is alive (registered).
    info: RefCell<Option<Info>>,
}

impl Trace for Finalize {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FINALIZE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.info.try_borrow() {
            Ok(info) => {
                if let Some(info) = info.as_ref() {
                    info.weakref.trace(tracer);
                    info.func.trace(tracer);
                    info.args.trace(tracer);
                    info.kwargs.trace(tracer);
                }
            }
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        if let Ok(mut info) = self.info.try_borrow_mut() {
            let old = info.take();
            drop(info);
            drop(old);
        }
    }
}

thread_local! {
    /// The live finalizers (CPython's `finalize._registry`): they stay alive until
    /// called or detached.
    static REGISTRY: RefCell<Vec<Obj>> = const { RefCell::new(Vec::new()) };
    /// The next finalizer's [`Info::index`].
    static NEXT_INDEX: Cell<u64> = const { Cell::new(0) };
    /// Set while a block's globals are released after its exit finalizers ran (CPython's
    /// `finalize._shutdown`): a finalizer called then does nothing.
    static SHUTDOWN: Cell<bool> = const { Cell::new(false) };
}

/// A block ends: the registered finalizers whose `atexit` is true are called, newest
/// first, then finalizers are off until [`block_exit_end`] (see the module docs).
pub(crate) fn block_exit_begin() {
    let enabled = crate::gc::is_enabled();
    crate::gc::disable();
    while let Some(finalizer) = newest_for_exit() {
        if let Err(error) = finalizer.call(&[]) {
            eprintln!("{error}");
        }
    }
    if enabled {
        crate::gc::enable();
    }
    let _ = SHUTDOWN.try_with(|shutdown| shutdown.set(true));
}

/// The block's globals are released: finalizers run again (for a later block).
pub(crate) fn block_exit_end() {
    let _ = SHUTDOWN.try_with(|shutdown| shutdown.set(false));
}

/// The registered finalizer with `atexit` set and the highest index.
fn newest_for_exit() -> Option<Obj> {
    REGISTRY
        .try_with(|registry| {
            registry
                .borrow()
                .iter()
                .filter_map(|entry| {
                    let info = entry.downcast_ref::<Finalize>()?.info.try_borrow().ok()?;
                    let info = info.as_ref()?;
                    info.atexit.then_some((info.index, entry.clone()))
                })
                .max_by_key(|(index, _)| *index)
                .map(|(_, entry)| entry)
        })
        .ok()
        .flatten()
}

/// Unregisters `obj` and returns its info, if it was alive (`_registry.pop(self)`).
fn unregister(obj: &Obj) -> Option<Info> {
    let finalize = obj.downcast_ref::<Finalize>()?;
    let info = finalize.info.try_borrow_mut().ok()?.take();
    let entry = REGISTRY
        .try_with(|registry| {
            let mut registry = registry.borrow_mut();
            let position = registry.iter().position(|entry| entry.is(obj))?;
            Some(registry.swap_remove(position))
        })
        .ok()
        .flatten();
    drop(entry);
    info
}

fn finalize_of(obj: &Obj) -> PyResult<&Finalize> {
    obj.value_as::<Finalize>()
}

/// The object, function and arguments of a live finalizer whose object is alive.
fn peek(obj: &Obj) -> PyResult<Option<Obj>> {
    let finalize = finalize_of(obj)?;
    let info = finalize.info.borrow();
    let Some(info) = info.as_ref() else {
        return Ok(None);
    };
    let Some(target) = referent(&info.weakref) else {
        return Ok(None);
    };
    let kwargs = info.kwargs.clone().unwrap_or_else(Obj::dict);
    Ok(Some(Obj::tuple([
        target,
        info.func.clone(),
        info.args.clone(),
        kwargs,
    ])))
}

/// `weakref.finalize`.
static FINALIZE_TYPE: PyType = PyType {
    name: "weakref.finalize",
    new: Some(|_, args| {
        static SIGNATURE: Signature = Signature {
            params: &["self", "obj", "func"],
            posonly: 3,
            varargs: true,
            kwonly: &[],
            varkw: true,
        };
        let this = Obj::new(Finalize {
            info: RefCell::new(None),
        });
        let values = bind_init("finalize.__init__", &SIGNATURE, &[], &this, args)?;
        let [_, target, func, call_args, kwargs] =
            <[Obj; 5]>::try_from(values).map_err(|_| PyErr::system_error("bad signature"))?;
        let weakref = target.weakref(Some(&this))?;
        let kwargs = (kwargs.len()? > 0).then_some(kwargs);
        *finalize_of(&this)?.info.borrow_mut() = Some(Info {
            weakref,
            func,
            args: call_args,
            kwargs,
            atexit: true,
            index: NEXT_INDEX.with(|next| next.replace(next.get() + 1)),
        });
        let _ = REGISTRY.try_with(|registry| registry.borrow_mut().push(this.clone()));
        Ok(this)
    }),
    repr: Some(|obj| {
        let target = finalize_of(obj)?
            .info
            .borrow()
            .as_ref()
            .and_then(|info| referent(&info.weakref));
        Ok(match target {
            None => format!("<finalize object at {:#x}; dead>", obj.id()),
            Some(target) => format!(
                "<finalize object at {:#x}; for '{}' at {:#x}>",
                obj.id(),
                target.type_name(),
                target.id()
            ),
        })
    }),
    call: Some(|obj, args| {
        static SIGNATURE: Signature = Signature::new(&["self", "_"]);
        bind_init("finalize.__call__", &SIGNATURE, &[Obj::none()], obj, args)?;
        let Some(info) = unregister(obj) else {
            return Ok(Obj::none());
        };
        if SHUTDOWN.try_with(Cell::get).unwrap_or(true) {
            // After the block's exit finalizers: nothing more runs.
            return Ok(Obj::none());
        }
        let keywords = match &info.kwargs {
            Some(kwargs) => keyword_pairs(kwargs)?,
            None => Vec::new(),
        };
        let keywords: Vec<(&str, Obj)> = keywords
            .iter()
            .map(|(key, value)| (key.as_str(), value.clone()))
            .collect();
        let positional = info.args.to_vec()?;
        info.func.call_with(&Args::new(&positional, &keywords))
    }),
    getattr: Some(|obj, name| {
        Ok(match name {
            "alive" => Some(Obj::from(finalize_of(obj)?.info.borrow().is_some())),
            "atexit" => Some(Obj::from(
                finalize_of(obj)?
                    .info
                    .borrow()
                    .as_ref()
                    .is_some_and(|info| info.atexit),
            )),
            _ => None,
        })
    }),
    setattr: Some(|obj, name, value| match (name, value) {
        ("atexit", Some(value)) => {
            let atexit = value.is_truthy()?;
            if let Some(info) = finalize_of(obj)?.info.borrow_mut().as_mut() {
                info.atexit = atexit;
            }
            Ok(())
        }
        ("atexit" | "alive", None) => Err(PyErr::attribute_error(format!(
            "can't delete attribute '{name}'"
        ))),
        ("alive", Some(_)) => Err(PyErr::attribute_error(
            "property 'alive' of 'finalize' object has no setter",
        )),
        // `finalize` is a Python class in CPython: its objects are `'finalize'`.
        _ => Err(PyErr::attribute_error(format!(
            "'finalize' object has no attribute '{name}'"
        ))),
    }),
    methods: &[
        method("detach", |obj, args| {
            no_arguments("finalize.detach", obj, args)?;
            let Some(result) = peek(obj)? else {
                return Ok(Obj::none());
            };
            Ok(match unregister(obj) {
                Some(_) => result,
                None => Obj::none(),
            })
        }),
        method("peek", |obj, args| {
            no_arguments("finalize.peek", obj, args)?;
            Ok(peek(obj)?.unwrap_or_else(Obj::none))
        }),
    ],
    ..PyType::BLANK
};

/// The `(name, value)` pairs of a kwargs dict (names must be str).
fn keyword_pairs(kwargs: &Obj) -> PyResult<Vec<(String, Obj)>> {
    let items = kwargs.call_method("items", &[])?;
    let mut pairs = Vec::new();
    for item in items.to_vec()? {
        let (key, value) = pair(&item)?;
        let Some(name) = key.as_str() else {
            return Err(PyErr::type_error("keywords must be strings"));
        };
        pairs.push((name.to_owned(), value));
    }
    Ok(pairs)
}
