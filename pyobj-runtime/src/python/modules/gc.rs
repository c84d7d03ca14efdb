//! `import gc`: the collector's Python API over [`crate::gc`], with CPython 3.11's
//! argument checks and texts.
//!
//! - `gc.garbage` is the list object the collector appends to ([`crate::gc`] keeps it):
//!   `gc.garbage.clear()` or `del gc.garbage[:]` empties what [`crate::gc::garbage`]
//!   returns, and the other way round.
//! - `gc.callbacks` is a list made with the module. One Rust callback, registered then
//!   with [`crate::gc::add_callback`], calls the list's items in order around each
//!   collection with `phase` (`"start"`/`"stop"`) and `info` (a dict with
//!   `'generation'`, `'collected'`, `'uncollectable'`). A callback that raises is
//!   reported on stderr (`Exception ignored in: ...`) and the others still run, as in
//!   CPython.
//! - Objects that are not Python objects (plain `Gc<T>` values) appear in the lists of
//!   `get_objects`, `get_referrers`, `get_referents` and `garbage` as opaque `object`s.
//!
//! Every function checks its arguments as CPython 3.11's: the same exception type and
//! text for each bad argument (argument counts and keywords, `TypeError: 'str' object
//! cannot be interpreted as an integer`, `ValueError: invalid generation`, the C
//! `int`/`long`/`Py_ssize_t` overflows, `get_objects`' generation range). One
//! difference: a negative threshold is accepted, as in CPython, but stored as 0 (the
//! collector's thresholds are unsigned), so `get_threshold()` then reports 0.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::function;
use crate::exceptions::{PyErr, PyResult};
use crate::gc::{self as collector, CallbackInfo, GcError, Phase};
use crate::pyobject::int::{IntValue, index_value};
use crate::pyobject::{Args, Obj, PyList};
use crate::refcount::AnyGc;

thread_local! {
    /// `gc.callbacks` of this thread, once the module is made.
    static CALLBACKS: RefCell<Option<Obj>> = const { RefCell::new(None) };
}

fn value_error(error: GcError) -> PyErr {
    PyErr::value_error(error.to_string())
}

fn objects(list: Vec<AnyGc>) -> Obj {
    Obj::list(list.into_iter().map(Obj::from_any_lenient))
}

/// An integer argument as CPython's `PyNumber_Index` gives it: an int, a bool, or what
/// `__index__` returns; else `TypeError: 'str' object cannot be interpreted as an
/// integer`.
fn index(obj: &Obj) -> PyResult<IntValue> {
    index_value(&super::operator::number_index(obj)?)
}

/// A C `int` argument (Argument Clinic's `int`): `OverflowError: Python int too large
/// to convert to C int` when it does not fit.
fn c_int(obj: &Obj) -> PyResult<i32> {
    index(obj)?
        .to_primitive::<i32>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))
}

/// A threshold of `set_threshold` (`PyArg_ParseTuple`'s `i`): a C `long` first
/// (`OverflowError: Python int too large to convert to C long`), then a C `int`
/// (`signed integer is greater than maximum` / `less than minimum`). A negative
/// threshold is accepted, as in CPython, and stored as 0 (the collector's thresholds
/// are unsigned).
fn threshold(obj: &Obj) -> PyResult<usize> {
    let long = index(obj)?
        .to_primitive::<i64>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C long"))?;
    let int = i32::try_from(long).map_err(|_| {
        PyErr::overflow_error(if long > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        })
    })?;
    Ok(usize::try_from(int).unwrap_or(0))
}

/// Calls the items of `gc.callbacks` (the one Rust callback registered for them).
fn run_python_callbacks(phase: Phase, info: &CallbackInfo) {
    let Some(list) = CALLBACKS
        .try_with(|cell| cell.borrow().clone())
        .ok()
        .flatten()
    else {
        return;
    };
    let callbacks = list
        .downcast_ref::<PyList>()
        .map(PyList::snapshot)
        .unwrap_or_default();
    if callbacks.is_empty() {
        return;
    }
    let info = Obj::dict_from([
        (Obj::from("generation"), Obj::from(info.generation)),
        (Obj::from("collected"), Obj::from(info.collected)),
        (Obj::from("uncollectable"), Obj::from(info.uncollectable)),
    ]);
    let Ok(info) = info else {
        return;
    };
    let phase = Obj::from(phase.as_str());
    for callback in callbacks {
        if let Err(error) = callback.call(&[phase.clone(), info.clone()]) {
            crate::pyobject::report_unraisable(&callback, &error);
        }
    }
}

/// Makes the `gc` module object.
pub(super) fn make() -> PyResult<Obj> {
    let callbacks = Obj::list([]);
    let first = CALLBACKS
        .try_with(|cell| {
            let mut cell = cell.borrow_mut();
            let first = cell.is_none();
            if first {
                *cell = Some(callbacks.clone());
            }
            first
        })
        .unwrap_or(false);
    if first {
        collector::add_callback(run_python_callbacks);
    }
    let callbacks = CALLBACKS
        .try_with(|cell| cell.borrow().clone())
        .ok()
        .flatten()
        .unwrap_or(callbacks);
    let garbage = garbage_list().unwrap_or_else(|| Obj::list([]));
    crate::pyobject::PyModule::new_object(
        "gc",
        [
            function("collect", gc_collect),
            function("enable", |args| {
                args.none("gc.enable")?;
                collector::enable();
                Ok(Obj::none())
            }),
            function("disable", |args| {
                args.none("gc.disable")?;
                collector::disable();
                Ok(Obj::none())
            }),
            function("isenabled", |args| {
                args.none("gc.isenabled")?;
                Ok(Obj::from(collector::is_enabled()))
            }),
            function("get_count", |args| {
                args.none("gc.get_count")?;
                let (a, b, c) = collector::get_count();
                Ok(Obj::tuple([Obj::from(a), Obj::from(b), Obj::from(c)]))
            }),
            function("get_threshold", |args| {
                args.none("gc.get_threshold")?;
                let (a, b, c) = collector::get_threshold();
                Ok(Obj::tuple([Obj::from(a), Obj::from(b), Obj::from(c)]))
            }),
            function("set_threshold", gc_set_threshold),
            function("get_stats", |args| {
                args.none("gc.get_stats")?;
                let stats = collector::get_stats()
                    .iter()
                    .map(|stats| {
                        Obj::dict_from([
                            (Obj::from("collections"), Obj::from(stats.collections)),
                            (Obj::from("collected"), Obj::from(stats.collected)),
                            (Obj::from("uncollectable"), Obj::from(stats.uncollectable)),
                        ])
                    })
                    .collect::<PyResult<Vec<Obj>>>()?;
                Ok(Obj::list(stats))
            }),
            function("set_debug", |args| {
                let flags = c_int(args.one("gc.set_debug")?)?;
                // The C int's bits, as CPython keeps them; `get_debug` gives them back.
                collector::set_debug(flags as u32);
                Ok(Obj::none())
            }),
            function("get_debug", |args| {
                args.none("gc.get_debug")?;
                Ok(Obj::from(collector::get_debug() as i32))
            }),
            function("get_objects", gc_get_objects),
            function("get_referrers", |args| {
                args.no_keywords("get_referrers")?;
                let mut found = Vec::new();
                for target in args.positional() {
                    for referrer in collector::get_referrers(target) {
                        if !found.iter().any(|known| AnyGc::ptr_eq(known, &referrer)) {
                            found.push(referrer);
                        }
                    }
                }
                Ok(objects(found))
            }),
            function("get_referents", |args| {
                args.no_keywords("get_referents")?;
                let found = args
                    .positional()
                    .iter()
                    .flat_map(collector::get_referents)
                    .collect();
                Ok(objects(found))
            }),
            function("is_tracked", |args| {
                let obj = args.one("gc.is_tracked")?;
                Ok(Obj::from(collector::is_tracked(obj)))
            }),
            function("is_finalized", |args| {
                let obj = args.one("gc.is_finalized")?;
                Ok(Obj::from(collector::is_finalized(obj)))
            }),
            function("freeze", |args| {
                args.none("gc.freeze")?;
                collector::freeze();
                Ok(Obj::none())
            }),
            function("unfreeze", |args| {
                args.none("gc.unfreeze")?;
                collector::unfreeze();
                Ok(Obj::none())
            }),
            function("get_freeze_count", |args| {
                args.none("gc.get_freeze_count")?;
                Ok(Obj::from(collector::get_freeze_count()))
            }),
            ("DEBUG_STATS", Obj::from(collector::DEBUG_STATS)),
            ("DEBUG_COLLECTABLE", Obj::from(collector::DEBUG_COLLECTABLE)),
            (
                "DEBUG_UNCOLLECTABLE",
                Obj::from(collector::DEBUG_UNCOLLECTABLE),
            ),
            ("DEBUG_SAVEALL", Obj::from(collector::DEBUG_SAVEALL)),
            ("DEBUG_LEAK", Obj::from(collector::DEBUG_LEAK)),
            ("garbage", garbage),
            ("callbacks", callbacks),
        ],
    )
}

/// `gc.collect(generation=2)`.
fn gc_collect(args: &Args<'_>) -> PyResult<Obj> {
    let [given] = args.unpack("collect", ["generation"], 0, 1)?;
    let found = match given {
        None => collector::collect(),
        Some(value) => {
            let value = c_int(value)?;
            let value =
                usize::try_from(value).map_err(|_| value_error(GcError::InvalidGeneration))?;
            collector::collect_generation(value).map_err(value_error)?
        }
    };
    Ok(Obj::from(found))
}

/// `gc.set_threshold(threshold0[, threshold1[, threshold2]])`.
fn gc_set_threshold(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("set_threshold")?;
    let positional = args.positional();
    match positional.len() {
        0 => {
            return Err(PyErr::type_error(
                "set_threshold() takes at least 1 argument (0 given)",
            ));
        }
        1..=3 => {}
        n => {
            return Err(PyErr::type_error(format!(
                "set_threshold() takes at most 3 arguments ({n} given)"
            )));
        }
    }
    let threshold0 = threshold(&positional[0])?;
    let threshold1 = positional.get(1).map(threshold).transpose()?;
    let threshold2 = positional.get(2).map(threshold).transpose()?;
    collector::set_threshold(threshold0, threshold1, threshold2);
    Ok(Obj::none())
}

/// `gc.get_objects(generation=None)`: `None` or -1 means all generations, as in
/// CPython (its `Py_ssize_t` converter makes `None` -1).
fn gc_get_objects(args: &Args<'_>) -> PyResult<Obj> {
    let [given] = args.unpack("get_objects", ["generation"], 0, 1)?;
    let generation = match given {
        Some(value) if !value.is_none() => optional_ssize(value)?,
        _ => -1,
    };
    let wanted = match generation {
        -1 => None,
        isize::MIN..=-2 => {
            return Err(PyErr::value_error(
                "generation parameter cannot be negative",
            ));
        }
        // Non-negative: a `usize`.
        _ => Some(generation.unsigned_abs()),
    };
    Ok(objects(
        collector::get_objects(wanted).map_err(value_error)?,
    ))
}

/// A `Py_ssize_t` argument given and not `None` (CPython's
/// `_Py_convert_optional_to_ssize_t`): `TypeError: argument should be integer or None,
/// not 'str'`, `OverflowError: cannot fit 'int' into an index-sized integer`.
fn optional_ssize(value: &Obj) -> PyResult<isize> {
    if !super::operator::has_index(value)? {
        return Err(PyErr::type_error(format!(
            "argument should be integer or None, not '{}'",
            value.type_name()
        )));
    }
    index(value)?
        .to_primitive::<isize>()
        .ok_or_else(|| PyErr::overflow_error("cannot fit 'int' into an index-sized integer"))
}

/// `gc.garbage` as Python sees it: a list object that the core's collector appends to.
struct GarbageList(Obj);

impl collector::GarbageStore for GarbageList {
    fn save(&self, objects: Vec<AnyGc>) {
        if let Some(list) = self.0.downcast_ref::<PyList>() {
            for object in objects {
                list.append(Obj::from_any_lenient(object));
            }
        }
    }

    fn snapshot(&self) -> Vec<AnyGc> {
        self.0
            .downcast_ref::<PyList>()
            .map(PyList::snapshot)
            .unwrap_or_default()
            .into_iter()
            .map(Obj::into_any)
            .collect()
    }

    fn clear(&self) {
        // `list.clear()`: the old items are dropped after the list's borrow ends.
        let _ = self.0.call_method("clear", &[]);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// This thread's `gc.garbage` list: made on first use, with what the collector saved
/// before, and from then on the store the collector saves into. `None` once the thread
/// is exiting.
pub(crate) fn garbage_list() -> Option<Obj> {
    let store = collector::garbage_store()?;
    if let Some(GarbageList(list)) = store.as_any().downcast_ref::<GarbageList>() {
        return Some(list.clone());
    }
    drop(store);
    // Made with no borrow held: allocating may start a collection, which saves garbage
    // into the old store (moved over below).
    let list = Obj::list([]);
    collector::replace_garbage_store(Rc::new(GarbageList(list.clone()))).then_some(list)
}
