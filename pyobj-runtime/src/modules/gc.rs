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

use std::cell::RefCell;

use super::function;
use crate::exceptions::{PyErr, PyResult};
use crate::gc::{self as collector, CallbackInfo, GcError, Phase};
use crate::pyobject::{Args, Obj, PyList};
use crate::refcount::AnyGc;

thread_local! {
    /// `gc.callbacks` of this thread, once the module is made.
    static CALLBACKS: RefCell<Option<Obj>> = const { RefCell::new(None) };
}

/// A generation number or `ValueError` as `gc.collect` raises it.
fn generation(obj: &Obj) -> PyResult<i64> {
    obj.extract::<i64>()
}

fn value_error(error: GcError) -> PyErr {
    PyErr::value_error(error.to_string())
}

fn objects(list: Vec<AnyGc>) -> Obj {
    Obj::list(list.into_iter().map(Obj::from_any_lenient))
}

/// An `int` argument as a `usize` (`ValueError`-free: negative values become 0).
fn count(obj: &Obj) -> PyResult<usize> {
    Ok(usize::try_from(obj.extract::<i64>()?).unwrap_or(0))
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
    let garbage = collector::garbage_list().unwrap_or_else(|| Obj::list([]));
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
                let flags = args.one("gc.set_debug")?;
                let flags = flags.extract::<i64>()?;
                collector::set_debug(flags as u32);
                Ok(Obj::none())
            }),
            function("get_debug", |args| {
                args.none("gc.get_debug")?;
                Ok(Obj::from(collector::get_debug()))
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
    args.only_keywords("collect", &["generation"])?;
    let given = match (args.positional(), args.keyword("generation")) {
        ([], None) => None,
        ([generation], None) | ([], Some(generation)) => Some(generation),
        ([_], Some(_)) => {
            return Err(PyErr::type_error(
                "argument for collect() given by name ('generation') and position (1)",
            ));
        }
        (more, _) => {
            return Err(PyErr::type_error(format!(
                "collect() takes at most 1 argument ({} given)",
                more.len()
            )));
        }
    };
    let found = match given {
        None => collector::collect(),
        Some(value) => {
            let value = generation(value)?;
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
    let threshold0 = count(&positional[0])?;
    let threshold1 = positional.get(1).map(count).transpose()?;
    let threshold2 = positional.get(2).map(count).transpose()?;
    collector::set_threshold(threshold0, threshold1, threshold2);
    Ok(Obj::none())
}

/// `gc.get_objects(generation=None)`; a negative generation means all, as in CPython.
fn gc_get_objects(args: &Args<'_>) -> PyResult<Obj> {
    args.only_keywords("get_objects", &["generation"])?;
    let given = match (args.positional(), args.keyword("generation")) {
        ([], None) => None,
        ([generation], None) | ([], Some(generation)) => Some(generation),
        ([_], Some(_)) => {
            return Err(PyErr::type_error(
                "argument for get_objects() given by name ('generation') and position (1)",
            ));
        }
        (more, _) => {
            return Err(PyErr::type_error(format!(
                "get_objects() takes at most 1 argument ({} given)",
                more.len()
            )));
        }
    };
    let wanted = match given {
        Some(value) if !value.is_none() => usize::try_from(generation(value)?).ok(),
        _ => None,
    };
    Ok(objects(
        collector::get_objects(wanted).map_err(value_error)?,
    ))
}
