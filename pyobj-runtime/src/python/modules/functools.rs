//! `import functools`: CPython 3.11's higher-order functions, native.
//!
//! - `reduce(function, iterable[, initial])`;
//! - `partial(func, /, *args, **keywords)`: the type `functools.partial`, with `func`,
//!   `args`, `keywords`, a `__dict__`, nested partials flattened and CPython's repr
//!   (`functools.partial(<built-in function print>, 1, sep='')`);
//! - `update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS,
//!   updated=WRAPPER_UPDATES)` and `wraps(wrapped, ...)` (a `partial` of
//!   `update_wrapper`, as CPython's);
//! - `lru_cache(maxsize=128, typed=False)`, usable as `@lru_cache` and
//!   `@lru_cache(maxsize=N)`, and `cache(user_function)`: the type
//!   `functools._lru_cache_wrapper`, with CPython's keys (an `int` or `str` argument
//!   alone is its own key; keywords after a marker; types when `typed`), its
//!   least-recently-used order and eviction, `cache_info()` (`CacheInfo(hits=1,
//!   misses=2, maxsize=128, currsize=2)`), `cache_clear()`, `cache_parameters()`, and
//!   binding as a method when it is a class attribute;
//! - `cmp_to_key(mycmp)` (`functools.KeyWrapper` objects) and `total_ordering(cls)`.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let functools = modules::import("functools").unwrap();
//! let builtins_len = pyobj::builtins::get("len").unwrap();
//! let cached = functools.getattr("lru_cache").unwrap().call(&[builtins_len]).unwrap();
//! cached.call(&[Obj::from("abc")]).unwrap();
//! cached.call(&[Obj::from("abc")]).unwrap();
//! assert_eq!(
//!     cached.call_method("cache_info", &[]).unwrap().repr().unwrap(),
//!     "CacheInfo(hits=1, misses=1, maxsize=128, currsize=1)"
//! );
//! ```
//!
//! # What the collector sees
//! A cache holds its function, its dict of results (keys hold the arguments) and its
//! `__dict__`; a partial its function, arguments and `__dict__`. All are reported by
//! their `Trace` impls and emptied by `drop_handles`, so a cached function whose
//! results refer back to it (a recursive function defined in another function, a
//! method cached on a class whose instances are keys) is a cycle the collector frees.
//!
//! # Functions made by `def`
//! A function made by `def` has a `__dict__` and assignable names, so `@wraps(f)` on a
//! `def` returns that very function (`wraps(f)(g) is g`), with `f`'s `__module__`,
//! `__name__`, `__qualname__`, `__doc__` and `__annotations__`, `f.__dict__`'s items
//! added to its own, and `__wrapped__` set to `f`.
//!
//! Not provided: `partialmethod`, `singledispatch`, `cached_property`,
//! `singledispatchmethod`, pickling; the methods `total_ordering` adds are named
//! after their code (`_gt_from_lt`, where CPython renames them `__gt__`).

use std::cell::{Cell, RefCell};

use super::itertools::parse_args;
use crate::exceptions::{ATTRIBUTE_ERROR, PyErr, PyResult};
use crate::pyobject::int::int_value;
use crate::pyobject::{
    Args, CompareOp, HashSlot, Method, Obj, PyBool, PyCell, PyDict, PyFunction, PyInt, PyMethod,
    PyModule, PyStr, PyType, ReprGuard, Signature, instance_data,
};
use crate::trace::{Trace, Tracer};

/// `WRAPPER_ASSIGNMENTS`.
const ASSIGNMENTS: [&str; 5] = [
    "__module__",
    "__name__",
    "__qualname__",
    "__doc__",
    "__annotations__",
];

/// Makes the `functools` module object.
pub(super) fn make() -> PyResult<Obj> {
    static UPDATE_WRAPPER: Signature =
        Signature::new(&["wrapper", "wrapped", "assigned", "updated"]);
    static WRAPS: Signature = Signature::new(&["wrapped", "assigned", "updated"]);
    static LRU_CACHE: Signature = Signature::new(&["maxsize", "typed"]);
    static CACHE: Signature = Signature::new(&["user_function"]);
    static TOTAL_ORDERING: Signature = Signature::new(&["cls"]);
    let assigned = Obj::tuple(ASSIGNMENTS.map(Obj::from));
    let updated = Obj::tuple([Obj::from("__dict__")]);
    let defaults = vec![assigned.clone(), updated.clone()];
    let cache_info = super::import("collections")?
        .getattr("namedtuple")?
        .call_with(&Args::new(
            &[
                Obj::from("CacheInfo"),
                Obj::list(["hits", "misses", "maxsize", "currsize"].map(Obj::from)),
            ],
            &[("module", Obj::from("functools"))],
        ))?;
    PyModule::new_object(
        "functools",
        [
            ("WRAPPER_ASSIGNMENTS", assigned),
            ("WRAPPER_UPDATES", updated),
            ("_CacheInfo", cache_info),
            ("_lru_cache_wrapper", LRU_CACHE_WRAPPER_TYPE.to_object()),
            (
                "cache",
                Obj::new_function("cache", &CACHE, cache_code, vec![], vec![]),
            ),
            super::function("cmp_to_key", cmp_to_key),
            (
                "lru_cache",
                Obj::new_function(
                    "lru_cache",
                    &LRU_CACHE,
                    lru_cache_code,
                    vec![Obj::from(128), Obj::from(false)],
                    vec![],
                ),
            ),
            ("partial", PARTIAL_TYPE.to_object()),
            super::function("reduce", reduce),
            (
                "total_ordering",
                Obj::new_function(
                    "total_ordering",
                    &TOTAL_ORDERING,
                    total_ordering_code,
                    vec![],
                    vec![],
                ),
            ),
            (
                "update_wrapper",
                Obj::new_function(
                    "update_wrapper",
                    &UPDATE_WRAPPER,
                    update_wrapper_code,
                    defaults.clone(),
                    vec![],
                ),
            ),
            (
                "wraps",
                Obj::new_function("wraps", &WRAPS, wraps_code, defaults, vec![]),
            ),
        ],
    )
}

/// The module's attribute `name` (what CPython's Python code reads as a global).
fn module_attr(name: &str) -> PyResult<Obj> {
    super::import("functools")?.getattr(name)
}

/// Takes what a cell holds and drops it after the borrow ends.
fn clear<T: Default>(cell: &RefCell<T>) {
    if let Ok(mut value) = cell.try_borrow_mut() {
        let old = std::mem::take(&mut *value);
        drop(value);
        drop(old);
    }
}

/// Reports what a cell holds, or marks the trace incomplete if it is borrowed.
fn trace_cell(cell: &RefCell<Option<Obj>>, tracer: &mut Tracer<'_>) {
    match cell.try_borrow() {
        Ok(value) => value.trace(tracer),
        Err(_) => tracer.incomplete = true,
    }
}

/// What a cell holds now, or a `SystemError` once the collector emptied it.
fn get(cell: &RefCell<Option<Obj>>) -> PyResult<Obj> {
    cell.borrow()
        .clone()
        .ok_or_else(|| PyErr::system_error("object already cleared"))
}

/// The `__dict__` kept in `cell`, made on first use.
fn instance_dict(cell: &RefCell<Option<Obj>>) -> Obj {
    if let Some(dict) = cell.borrow().clone() {
        return dict;
    }
    let dict = Obj::dict();
    let old = cell.replace(Some(dict.clone()));
    drop(old);
    dict
}

/// `obj.name` read from a `__dict__` kept in `cell`.
fn dict_getattr(cell: &RefCell<Option<Obj>>, name: &str) -> PyResult<Option<Obj>> {
    if name == "__dict__" {
        return Ok(Some(instance_dict(cell)));
    }
    let dict = cell.borrow().clone();
    match dict {
        Some(dict) => dict.value_as::<PyDict>()?.get(&Obj::from(name)),
        None => Ok(None),
    }
}

/// `obj.name = value` / `del obj.name` in a `__dict__` kept in `cell`.
fn dict_setattr(
    obj: &Obj,
    cell: &RefCell<Option<Obj>>,
    name: &str,
    value: Option<&Obj>,
) -> PyResult<()> {
    if name == "__dict__" {
        let Some(value) = value else {
            return Err(PyErr::type_error("cannot delete __dict__"));
        };
        if value.downcast_ref::<PyDict>().is_none() {
            return Err(PyErr::type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                value.type_name()
            )));
        }
        let old = cell.replace(Some(value.clone()));
        drop(old);
        return Ok(());
    }
    let dict = instance_dict(cell);
    let key = Obj::from(name);
    match value {
        Some(value) => dict.set_item(&key, value),
        None => {
            if dict.value_as::<PyDict>()?.get(&key)?.is_none() {
                return Err(PyErr::no_attribute(obj, name));
            }
            dict.del_item(&key)
        }
    }
}

// ---------------------------------------------------------------------------
// reduce

/// `functools.reduce(function, iterable[, initial])`.
fn reduce(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("reduce")?;
    let given = args.positional_between("reduce", 2, 3)?;
    let func = &given[0];
    let iterator = given[1].iter().map_err(|error| {
        if error.is_instance(&crate::exceptions::TYPE_ERROR) {
            PyErr::type_error("reduce() arg 2 must support iteration")
        } else {
            error
        }
    })?;
    let mut result = given.get(2).cloned();
    while let Some(item) = iterator.next_item()? {
        result = Some(match result {
            None => item,
            Some(total) => func.call(&[total, item])?,
        });
    }
    result.ok_or_else(|| PyErr::type_error("reduce() of empty iterable with no initial value"))
}

// ---------------------------------------------------------------------------
// partial

/// The value of a `functools.partial`: the function, the arguments given first (a
/// tuple), the keywords (a dict), and its `__dict__` once asked for.
struct Partial {
    func: RefCell<Option<Obj>>,
    args: RefCell<Option<Obj>>,
    keywords: RefCell<Option<Obj>>,
    dict: RefCell<Option<Obj>>,
}

impl Trace for Partial {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&PARTIAL_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        trace_cell(&self.func, tracer);
        trace_cell(&self.args, tracer);
        trace_cell(&self.keywords, tracer);
        trace_cell(&self.dict, tracer);
    }
    fn drop_handles(&self) {
        clear(&self.func);
        clear(&self.args);
        clear(&self.keywords);
        clear(&self.dict);
    }
}

/// `functools.partial(func, /, *args, **keywords)`.
static PARTIAL_TYPE: PyType = PyType {
    name: "functools.partial",
    new: Some(partial_new),
    repr: Some(partial_repr),
    call: Some(partial_call),
    getattr: Some(|obj, name| {
        let partial = obj.value_as::<Partial>()?;
        match name {
            "func" => get(&partial.func).map(Some),
            "args" => get(&partial.args).map(Some),
            "keywords" => get(&partial.keywords).map(Some),
            _ => dict_getattr(&partial.dict, name),
        }
    }),
    setattr: Some(|obj, name, value| {
        let partial = obj.value_as::<Partial>()?;
        match name {
            "func" | "args" | "keywords" => Err(PyErr::attribute_error("readonly attribute")),
            _ => dict_setattr(obj, &partial.dict, name, value),
        }
    }),
    weakrefable: true,
    ..PyType::BLANK
};

/// Whether `obj` can be called.
fn callable(obj: &Obj) -> bool {
    obj.py_type().lookup(|ty| ty.call).is_some()
}

fn partial_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [func, rest @ ..] = args.positional() else {
        return Err(PyErr::type_error(
            "type 'partial' takes at least one argument",
        ));
    };
    let mut func = func.clone();
    let mut positional = Vec::new();
    let keywords = Obj::dict();
    // A partial of a partial (without a `__dict__`) is flattened, as CPython's.
    if let Some(inner) = func.downcast_ref::<Partial>()
        && inner.dict.borrow().is_none()
    {
        positional.extend_from_slice(items(&get(&inner.args)?));
        for (key, value) in get(&inner.keywords)?.value_as::<PyDict>()?.items() {
            keywords.set_item(&key, &value)?;
        }
        let inner_func = get(&inner.func)?;
        func = inner_func;
    }
    if !callable(&func) {
        return Err(PyErr::type_error("the first argument must be callable"));
    }
    positional.extend_from_slice(rest);
    for (key, value) in args.keywords() {
        keywords.set_item(&Obj::from(*key), value)?;
    }
    Ok(Obj::new(Partial {
        func: RefCell::new(Some(func)),
        args: RefCell::new(Some(Obj::tuple(positional))),
        keywords: RefCell::new(Some(keywords)),
        dict: RefCell::new(None),
    }))
}

/// The items of a tuple.
fn items(tuple: &Obj) -> &[Obj] {
    tuple
        .downcast_ref::<crate::pyobject::PyTuple>()
        .map_or(&[], crate::pyobject::PyTuple::as_slice)
}

/// `func(*args, *call_args, **{**keywords, **call_keywords})`.
fn partial_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let partial = obj.value_as::<Partial>()?;
    let func = get(&partial.func)?;
    let stored = get(&partial.args)?;
    let mut positional = items(&stored).to_vec();
    positional.extend_from_slice(args.positional());
    let stored_keywords = get(&partial.keywords)?.value_as::<PyDict>()?.items();
    if stored_keywords.is_empty() {
        return func.call_with(&Args::new(&positional, args.keywords()));
    }
    let mut merged: Vec<(String, Obj)> = Vec::new();
    for (key, value) in stored_keywords {
        let Some(key) = key.as_str() else {
            return Err(PyErr::type_error("keywords must be strings"));
        };
        merged.push((key.to_owned(), value));
    }
    for (key, value) in args.keywords() {
        match merged.iter_mut().find(|(known, _)| known == key) {
            Some((_, old)) => *old = value.clone(),
            None => merged.push(((*key).to_owned(), value.clone())),
        }
    }
    let keywords: Vec<(&str, Obj)> = merged
        .iter()
        .map(|(key, value)| (key.as_str(), value.clone()))
        .collect();
    func.call_with(&Args::new(&positional, &keywords))
}

/// `functools.partial(<function f at 0x...>, 1, a=2)`; `...` inside itself.
fn partial_repr(obj: &Obj) -> PyResult<String> {
    let partial = obj.value_as::<Partial>()?;
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok("...".to_owned());
    };
    let mut text = format!("functools.partial({}", get(&partial.func)?.repr()?);
    for arg in items(&get(&partial.args)?) {
        text.push_str(", ");
        text.push_str(&arg.repr()?);
    }
    for (key, value) in get(&partial.keywords)?.value_as::<PyDict>()?.items() {
        text.push_str(&format!(", {}={}", key.str()?, value.repr()?));
    }
    text.push(')');
    Ok(text)
}

// ---------------------------------------------------------------------------
// update_wrapper, wraps

/// `update_wrapper(wrapper, wrapped, assigned, updated)` as a function's code.
fn update_wrapper_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [wrapper, wrapped, assigned, updated] = PyFunction::of(f)?.bind_array(args)?;
    update_wrapper(wrapper, &wrapped, &assigned, &updated)
}

/// An attribute name from `assigned` or `updated`.
fn attribute_name(name: &Obj) -> PyResult<&str> {
    name.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        ))
    })
}

/// CPython's `update_wrapper`: copies the `assigned` attributes of `wrapped` that it
/// has, updates the `updated` ones (`__dict__`), sets `__wrapped__`, and returns the
/// wrapper itself.
fn update_wrapper(wrapper: Obj, wrapped: &Obj, assigned: &Obj, updated: &Obj) -> PyResult<Obj> {
    for name in assigned.try_iter()? {
        let name = name?;
        match wrapped.getattr(attribute_name(&name)?) {
            Ok(value) => wrapper.setattr(attribute_name(&name)?, &value)?,
            Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => {}
            Err(error) => return Err(error),
        }
    }
    for name in updated.try_iter()? {
        let name = name?;
        let name = attribute_name(&name)?;
        let target = wrapper.getattr(name)?;
        let source = match wrapped.getattr(name) {
            Ok(source) => source,
            Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => Obj::dict(),
            Err(error) => return Err(error),
        };
        if name == "__dict__" && instance_data(&wrapper).is_some() {
            // An instance of a class with `__slots__` members has a snapshot `__dict__`:
            // the items are set one by one, which works for every instance.
            for (key, value) in source.value_as::<PyDict>()?.items() {
                wrapper.setattr(attribute_name(&key)?, &value)?;
            }
        } else {
            target.call_method("update", &[source])?;
        }
    }
    wrapper.setattr("__wrapped__", wrapped)?;
    Ok(wrapper)
}

/// `wraps(wrapped, assigned, updated)`: `partial(update_wrapper, wrapped=wrapped,
/// assigned=assigned, updated=updated)`.
fn wraps_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [wrapped, assigned, updated] = PyFunction::of(f)?.bind_array(args)?;
    PARTIAL_TYPE.to_object().call_with(&Args::new(
        &[module_attr("update_wrapper")?],
        &[
            ("wrapped", wrapped),
            ("assigned", assigned),
            ("updated", updated),
        ],
    ))
}

/// A function's `__get__`: bound to the instance it is read through, itself when read
/// on the class.
fn bind_as_method(obj: &Obj, instance: Option<&Obj>, _: &Obj) -> PyResult<Obj> {
    Ok(match instance {
        Some(instance) => PyMethod::bind(obj.clone(), instance.clone()),
        None => obj.clone(),
    })
}

// ---------------------------------------------------------------------------
// lru_cache, cache

/// The value of a `functools._lru_cache_wrapper`.
struct LruCache {
    func: RefCell<Option<Obj>>,
    /// A dict from keys to results, oldest first (a hit moves its key to the end).
    cache: RefCell<Option<Obj>>,
    /// `__dict__` (where `update_wrapper` puts `__wrapped__`, `__name__`...).
    dict: RefCell<Option<Obj>>,
    /// The marker between positional and keyword arguments in a key.
    kwd_mark: RefCell<Option<Obj>>,
    /// `functools._CacheInfo`, which `cache_info()` calls.
    cache_info_type: RefCell<Option<Obj>>,
    /// The `typed` argument as given (`cache_parameters()` shows it).
    typed_arg: RefCell<Option<Obj>>,
    /// `None`: unbounded.
    maxsize: Option<usize>,
    typed: bool,
    hits: Cell<u64>,
    misses: Cell<u64>,
}

impl Trace for LruCache {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&LRU_CACHE_WRAPPER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        trace_cell(&self.func, tracer);
        trace_cell(&self.cache, tracer);
        trace_cell(&self.dict, tracer);
        trace_cell(&self.kwd_mark, tracer);
        trace_cell(&self.cache_info_type, tracer);
        trace_cell(&self.typed_arg, tracer);
    }
    fn drop_handles(&self) {
        clear(&self.func);
        clear(&self.cache);
        clear(&self.dict);
        clear(&self.kwd_mark);
        clear(&self.cache_info_type);
        clear(&self.typed_arg);
    }
}

/// `functools._lru_cache_wrapper`.
static LRU_CACHE_WRAPPER_TYPE: PyType = PyType {
    name: "functools._lru_cache_wrapper",
    new: Some(|_, args| {
        let [func, maxsize, typed, cache_info_type] = parse_args(
            args,
            "_lru_cache_wrapper",
            ["user_function", "maxsize", "typed", "cache_info_type"],
            4,
            4,
        )?;
        let (Some(func), Some(maxsize), Some(typed), Some(cache_info_type)) =
            (func, maxsize, typed, cache_info_type)
        else {
            return Err(PyErr::system_error("missing argument"));
        };
        lru_cache_wrapper(func, maxsize, typed, cache_info_type.clone())
    }),
    call: Some(lru_call),
    getattr: Some(|obj, name| dict_getattr(&obj.value_as::<LruCache>()?.dict, name)),
    setattr: Some(|obj, name, value| {
        dict_setattr(obj, &obj.value_as::<LruCache>()?.dict, name, value)
    }),
    descr_get: Some(bind_as_method),
    weakrefable: true,
    methods: &[
        Method {
            name: "cache_info",
            call: |obj, args| {
                args.none("cache_info")?;
                let lru = obj.value_as::<LruCache>()?;
                let currsize = get(&lru.cache)?.len()?;
                get(&lru.cache_info_type)?.call(&[
                    Obj::from(lru.hits.get()),
                    Obj::from(lru.misses.get()),
                    lru.maxsize.map_or_else(Obj::none, Obj::from),
                    Obj::from(currsize),
                ])
            },
        },
        Method {
            name: "cache_clear",
            call: |obj, args| {
                args.none("cache_clear")?;
                let lru = obj.value_as::<LruCache>()?;
                lru.hits.set(0);
                lru.misses.set(0);
                get(&lru.cache)?.call_method("clear", &[])?;
                Ok(Obj::none())
            },
        },
        Method {
            name: "cache_parameters",
            call: |obj, args| {
                args.none("cache_parameters")?;
                let lru = obj.value_as::<LruCache>()?;
                Obj::dict_from([
                    (
                        Obj::from("maxsize"),
                        lru.maxsize.map_or_else(Obj::none, Obj::from),
                    ),
                    (Obj::from("typed"), get(&lru.typed_arg)?),
                ])
            },
        },
        Method {
            name: "__copy__",
            call: |obj, args| {
                args.none("__copy__")?;
                Ok(obj.clone())
            },
        },
        Method {
            name: "__deepcopy__",
            call: |obj, args| {
                args.one("__deepcopy__")?;
                Ok(obj.clone())
            },
        },
    ],
    ..PyType::BLANK
};

/// The marker object between positional and keyword arguments in a key (CPython's
/// `kwd_mark`, an `object()`).
struct KwdMark;

impl Trace for KwdMark {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&KWD_MARK_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `object`, for the marker.
static KWD_MARK_TYPE: PyType = PyType {
    name: "object",
    ..PyType::BLANK
};

/// `_lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)`.
fn lru_cache_wrapper(
    func: &Obj,
    maxsize: &Obj,
    typed: &Obj,
    cache_info_type: Obj,
) -> PyResult<Obj> {
    if !callable(func) {
        return Err(PyErr::type_error("the first argument must be callable"));
    }
    let maxsize = if maxsize.is_none() {
        None
    } else {
        let value = crate::pyobject::int::index_value(maxsize)?;
        Some(if value.to_primitive::<i64>().is_some_and(|n| n < 0) {
            0
        } else {
            value.to_primitive::<usize>().unwrap_or(usize::MAX)
        })
    };
    Ok(Obj::new(LruCache {
        func: RefCell::new(Some(func.clone())),
        cache: RefCell::new(Some(Obj::dict())),
        dict: RefCell::new(None),
        kwd_mark: RefCell::new(Some(Obj::new(KwdMark))),
        cache_info_type: RefCell::new(Some(cache_info_type)),
        typed_arg: RefCell::new(Some(typed.clone())),
        maxsize,
        typed: typed.is_truthy()?,
        hits: Cell::new(0),
        misses: Cell::new(0),
    }))
}

/// The key of a call (CPython's `lru_cache_make_key`): a lone `int` or `str`
/// argument is its own key; otherwise a tuple of the arguments, the marker and the
/// keywords' names and values, then (when typed) the arguments' types.
fn make_key(lru: &LruCache, args: &Args<'_>) -> PyResult<Obj> {
    let positional = args.positional();
    let keywords = args.keywords();
    if !lru.typed && keywords.is_empty() {
        if let [single] = positional
            && (single.is_exact::<PyStr>() || single.is_exact::<PyInt>())
        {
            return Ok(single.clone());
        }
        return Ok(Obj::tuple(positional.iter().cloned()));
    }
    let mut key = positional.to_vec();
    if !keywords.is_empty() {
        key.push(get(&lru.kwd_mark)?);
        for (name, value) in keywords {
            key.push(Obj::from(*name));
            key.push(value.clone());
        }
    }
    if lru.typed {
        key.extend(positional.iter().map(|arg| arg.py_type().to_object()));
        key.extend(
            keywords
                .iter()
                .map(|(_, value)| value.py_type().to_object()),
        );
    }
    Ok(Obj::tuple(key))
}

/// Calling the cached function (CPython's three wrappers: uncached for `maxsize=0`,
/// unbounded for `None`, bounded with least-recently-used eviction).
fn lru_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let lru = obj.value_as::<LruCache>()?;
    let func = get(&lru.func)?;
    if lru.maxsize == Some(0) {
        lru.misses.set(lru.misses.get() + 1);
        return func.call_with(args);
    }
    let key = make_key(lru, args)?;
    key.hash()?;
    let cache = get(&lru.cache)?;
    let dict = cache.value_as::<PyDict>()?;
    if let Some(result) = dict.get(&key)? {
        if lru.maxsize.is_some() {
            dict.move_to_end(&key, true)?;
        }
        lru.hits.set(lru.hits.get() + 1);
        return Ok(result);
    }
    lru.misses.set(lru.misses.get() + 1);
    let result = func.call_with(args)?;
    if let Some(maxsize) = lru.maxsize {
        // The call may have cached this key already (a recursive call).
        if dict.get(&key)?.is_some() {
            return Ok(result);
        }
        if dict.len() >= maxsize {
            let evicted = dict.pop_item(false);
            cache.set_item(&key, &result)?;
            drop(evicted);
            return Ok(result);
        }
    }
    cache.set_item(&key, &result)?;
    Ok(result)
}

/// `lru_cache(maxsize=128, typed=False)` as a function's code.
fn lru_cache_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static DECORATING_FUNCTION: Signature = Signature::new(&["user_function"]);
    let [maxsize, typed] = PyFunction::of(f)?.bind_array(args)?;
    let maxsize = if int_value(&maxsize).is_some() {
        let value = crate::pyobject::int::index_value(&maxsize)?;
        if value.to_primitive::<i64>().is_some_and(|n| n < 0) {
            Obj::from(0)
        } else {
            maxsize
        }
    } else if callable(&maxsize) && typed.is_exact::<PyBool>() {
        // `@lru_cache` with no parentheses: the function came as `maxsize`.
        return decorate(&maxsize, &Obj::from(128), &typed);
    } else if !maxsize.is_none() {
        return Err(PyErr::type_error(
            "Expected first argument to be an integer, a callable, or None",
        ));
    } else {
        maxsize
    };
    Ok(Obj::new_function(
        "lru_cache.<locals>.decorating_function",
        &DECORATING_FUNCTION,
        decorating_function_code,
        vec![],
        vec![Obj::new_cell(Some(maxsize)), Obj::new_cell(Some(typed))],
    ))
}

/// `decorating_function(user_function)`, the decorator `lru_cache(maxsize=...)`
/// returns: reads `maxsize` and `typed` from its closure.
fn decorating_function_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let function = PyFunction::of(f)?;
    let [user_function] = function.bind_array(args)?;
    let cell = |index: usize| -> PyResult<Obj> {
        function
            .closure()
            .get(index)
            .and_then(|cell| PyCell::of(cell).ok()?.get())
            .ok_or_else(|| PyErr::system_error("decorating_function closure"))
    };
    decorate(&user_function, &cell(0)?, &cell(1)?)
}

/// The cache wrapper of `user_function`, its attributes updated from it.
fn decorate(user_function: &Obj, maxsize: &Obj, typed: &Obj) -> PyResult<Obj> {
    let wrapper = lru_cache_wrapper(user_function, maxsize, typed, module_attr("_CacheInfo")?)?;
    update_wrapper(
        wrapper,
        user_function,
        &module_attr("WRAPPER_ASSIGNMENTS")?,
        &module_attr("WRAPPER_UPDATES")?,
    )
}

/// `cache(user_function)`: `lru_cache(maxsize=None)(user_function)`.
fn cache_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [user_function] = PyFunction::of(f)?.bind_array(args)?;
    decorate(&user_function, &Obj::none(), &Obj::from(false))
}

// ---------------------------------------------------------------------------
// cmp_to_key

/// The value of a `functools.KeyWrapper`: the comparison function and, for the keys
/// it makes, the object wrapped.
struct KeyWrapper {
    cmp: RefCell<Option<Obj>>,
    object: RefCell<Option<Obj>>,
}

impl Trace for KeyWrapper {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&KEY_WRAPPER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        trace_cell(&self.cmp, tracer);
        trace_cell(&self.object, tracer);
    }
    fn drop_handles(&self) {
        clear(&self.cmp);
        clear(&self.object);
    }
}

/// `functools.KeyWrapper`: what `cmp_to_key` returns, and the keys it makes.
static KEY_WRAPPER_TYPE: PyType = PyType {
    name: "functools.KeyWrapper",
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(key_richcompare),
    call: Some(|obj, args| {
        let [object] = parse_args(args, "K", ["obj"], 1, 1)?;
        Ok(Obj::new(KeyWrapper {
            cmp: RefCell::new(Some(get(&obj.value_as::<KeyWrapper>()?.cmp)?)),
            object: RefCell::new(object.cloned()),
        }))
    }),
    getattr: Some(|obj, name| {
        Ok(match name {
            "obj" => Some(
                obj.value_as::<KeyWrapper>()?
                    .object
                    .borrow()
                    .clone()
                    .unwrap_or_else(Obj::none),
            ),
            _ => None,
        })
    }),
    ..PyType::BLANK
};

/// `functools.cmp_to_key(mycmp)`.
fn cmp_to_key(args: &Args<'_>) -> PyResult<Obj> {
    let [cmp] = parse_args(args, "cmp_to_key", ["mycmp"], 1, 1)?;
    Ok(Obj::new(KeyWrapper {
        cmp: RefCell::new(cmp.cloned()),
        object: RefCell::new(None),
    }))
}

/// `K(a) < K(b)`: `mycmp(a, b) < 0`.
fn key_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let Some(other) = b.downcast_ref::<KeyWrapper>() else {
        return Err(PyErr::type_error("other argument must be K instance"));
    };
    let this = a.value_as::<KeyWrapper>()?;
    let (Some(x), Some(y)) = (this.object.borrow().clone(), other.object.borrow().clone()) else {
        return Err(PyErr::attribute_error("object"));
    };
    let result = get(&this.cmp)?.call(&[x, y])?;
    result.rich_compare(&Obj::from(0), op)
}

// ---------------------------------------------------------------------------
// total_ordering

/// How a derived comparison is computed from the root's result `r`.
#[derive(Clone, Copy)]
enum Derived {
    /// `not r and self != other`
    NotAndNe,
    /// `r or self == other`
    OrEq,
    /// `not r`
    Not,
    /// `not r or self == other`
    NotOrEq,
    /// `r and self != other`
    AndNe,
}

/// `type(self).<root>(self, other)`, then `derived`, as CPython's `_gt_from_lt` and
/// the others.
fn derive(args: &Args<'_>, root: &str, derived: Derived) -> PyResult<Obj> {
    let [this, other] = args.positional() else {
        return Err(PyErr::type_error(format!(
            "expected 2 arguments, got {}",
            args.positional().len()
        )));
    };
    let result = this
        .py_type()
        .to_object()
        .getattr(root)?
        .call(&[this.clone(), other.clone()])?;
    if result.is_not_implemented() {
        return Ok(result);
    }
    let truth = result.is_truthy()?;
    match derived {
        Derived::NotAndNe if truth => Ok(Obj::from(false)),
        Derived::NotAndNe | Derived::AndNe => {
            if matches!(derived, Derived::AndNe) && !truth {
                return Ok(result);
            }
            this.rich_compare(other, CompareOp::Ne)
        }
        Derived::OrEq if truth => Ok(result),
        Derived::OrEq => this.rich_compare(other, CompareOp::Eq),
        Derived::Not => Ok(Obj::from(!truth)),
        Derived::NotOrEq if !truth => Ok(Obj::from(true)),
        Derived::NotOrEq => this.rich_compare(other, CompareOp::Eq),
    }
}

/// The twelve functions `total_ordering` may add, by root: (name, qualname, code).
macro_rules! derived_functions {
    ($($root:literal => [$(($name:literal, $qualname:ident, $kind:ident)),*];)*) => {
        /// The methods to add for each root comparison, in CPython's order.
        const CONVERT: &[(&str, &[(&str, &str, crate::pyobject::FunctionCode)])] = &[$(
            ($root, &[$(($name, stringify!($qualname), $qualname)),*]),
        )*];
        $($(
            #[doc = concat!("`", stringify!($qualname), "(self, other)`.")]
            fn $qualname(_: &Obj, args: &Args<'_>) -> PyResult<Obj> {
                derive(args, $root, Derived::$kind)
            }
        )*)*
    };
}

derived_functions! {
    "__lt__" => [("__gt__", _gt_from_lt, NotAndNe), ("__le__", _le_from_lt, OrEq), ("__ge__", _ge_from_lt, Not)];
    "__le__" => [("__ge__", _ge_from_le, NotOrEq), ("__lt__", _lt_from_le, AndNe), ("__gt__", _gt_from_le, Not)];
    "__gt__" => [("__lt__", _lt_from_gt, NotAndNe), ("__ge__", _ge_from_gt, OrEq), ("__le__", _le_from_gt, Not)];
    "__ge__" => [("__le__", _le_from_ge, NotOrEq), ("__gt__", _gt_from_ge, AndNe), ("__lt__", _lt_from_ge, Not)];
}

/// `total_ordering(cls)`: adds the ordering methods `cls` lacks, from the one it has
/// (preferring `__lt__`, then `__le__`, `__gt__`, `__ge__`).
fn total_ordering_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SELF_OTHER: Signature = Signature::new(&["self", "other"]);
    let [cls] = PyFunction::of(f)?.bind_array(args)?;
    let mut roots = Vec::new();
    for (root, _) in CONVERT {
        match cls.getattr(root) {
            Ok(found) if crate::pyobject::is_object_slot(&found) => {}
            Ok(_) => roots.push(*root),
            Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => {}
            Err(error) => return Err(error),
        }
    }
    // `max(roots)`: `__lt__` > `__le__` > `__gt__` > `__ge__` as strings.
    let Some(root) = roots.iter().max() else {
        return Err(PyErr::value_error(
            "must define at least one ordering operation: < > <= >=",
        ));
    };
    let (_, derived) = CONVERT
        .iter()
        .find(|(name, _)| name == root)
        .ok_or_else(|| PyErr::system_error("total_ordering"))?;
    for (name, qualname, code) in *derived {
        if !roots.contains(name) {
            let function = Obj::new_function(qualname, &SELF_OTHER, *code, vec![], vec![]);
            cls.setattr(name, &function)?;
        }
    }
    Ok(cls)
}
