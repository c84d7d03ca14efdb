//! The modules pyobj provides as Python objects (the list below).
//!
//! [`import`] returns this thread's module object of that name, made on first import
//! and the same object afterwards (`import gc` twice binds one object, as
//! `sys.modules` makes it in CPython).
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let gc = modules::import("gc").unwrap();
//! assert_eq!(gc.repr().unwrap(), "<module 'gc' (built-in)>");
//! assert!(gc.is(&modules::import("gc").unwrap()));
//! assert!(gc.getattr("isenabled").unwrap().call(&[]).unwrap().is_truthy().unwrap());
//! let err = modules::import("numpy").unwrap_err();
//! assert_eq!(err.to_string(), "ModuleNotFoundError: No module named 'numpy'");
//! ```
//!
//! - `array`: `array.array`, items stored natively by typecode (`b B u h H i I l L q
//!   Q f d`), with CPython 3.11's conversions, errors, growth and `sys.getsizeof`.
//! - `bisect`: `bisect_left`, `bisect_right` (`bisect`), `insort_left`,
//!   `insort_right` (`insort`) with `lo`, `hi` and `key`, as CPython 3.11's `_bisect`.
//! - `collections`: `deque`, `defaultdict`, `OrderedDict`, `Counter` and `namedtuple`,
//!   native, with CPython 3.11's behaviour, reprs and error texts.
//! - `collections.abc`: the container ABCs (`Iterable`, `Sequence`, `Mapping`, ...) as
//!   types that `isinstance`/`issubclass` check as CPython's `__subclasshook__`s and
//!   registrations do.
//! - `copy`: `copy.copy` and `copy.deepcopy` (with the memo, `__copy__`,
//!   `__deepcopy__`, `__reduce_ex__`/`__reduce__`, `__getstate__`/`__setstate__`).
//! - `dataclasses`: `@dataclass` (generated `__init__`, `__repr__`, `__eq__`, ordering,
//!   hash, frozen instances), `field`, `fields`, `asdict`, `astuple`, `replace`.
//! - `functools`: `reduce`, `partial`, `update_wrapper`/`wraps`, `lru_cache` and
//!   `cache` (`cache_info()`, `cache_clear()`), `cmp_to_key`, `total_ordering`, with
//!   CPython 3.11's behaviour, reprs and error texts.
//! - `gc`: the collector's Python API. `gc.garbage` is the very list the collector
//!   fills (see [`crate::gc::garbage`]); `gc.callbacks` is a list whose callables are
//!   called with `(phase, info)` around each collection, as CPython's.
//! - `heapq`: `heappush`, `heappop`, `heapify`, `heapreplace`, `heappushpop` (lists go
//!   through CPython's very sift moves), `nlargest`, `nsmallest` and `merge`.
//! - `io`: `io.StringIO`, an in-memory text file (`print(..., file=f)` writes to it);
//!   `io.open` (the builtin `open`: files on disk, see `file`), the file types it makes
//!   (`TextIOWrapper`, `BufferedReader`, `BufferedWriter`, `BufferedRandom`, `FileIO`)
//!   and `io.UnsupportedOperation`.
//! - `itertools`: every iterator of CPython 3.11's `itertools` (`count`, `cycle`,
//!   `repeat`, `accumulate`, `chain`, ..., `product`, `permutations`, `combinations`),
//!   lazy, with CPython's argument errors.
//! - `math`: every function and constant of CPython 3.11's `math`, with its results
//!   (bit for bit: the platform's C library, and CPython's own algorithms where it has
//!   them) and its error texts; ints of any size where CPython takes them.
//! - `objgraph`: leak hunting by counts, as the objgraph package: `count`, `typestats`,
//!   `most_common_types`, `show_most_common_types`, `growth`, `show_growth` (over
//!   [`crate::snapshot::Growth`]), and the pictures of what objects refer to and what
//!   refers to them, `show_refs` and `show_backrefs` (DOT, or pyobj's SVG).
//! - `operator`: the operators as functions (also under their dunder names), the
//!   in-place forms, `itemgetter`, `attrgetter`, `methodcaller`, with CPython's reprs
//!   and error texts.
//! - `random`: CPython 3.11's Mersenne Twister, bit for bit: `seed`, `random`,
//!   `getrandbits`, `randrange`, `randint`, `choice`, `shuffle`, `sample`, `choices`,
//!   the distributions (`uniform`, `gauss`, ...), `getstate`/`setstate`, and `Random`
//!   for generators with their own state.
//! - `string`: the constants (`ascii_letters`, `digits`, `punctuation`, ...) and
//!   `capwords`.
//! - `sys`: `getrefcount`, `getsizeof`, `intern`, `getrecursionlimit`,
//!   `setrecursionlimit`, `maxsize`.
//! - `time`: the clocks and `sleep`; `pyperf`: its `perf_counter` only (the clock
//!   pyperformance's programs read).
//! - `tracemalloc`: allocations by line: `start`, `stop`, `is_tracing`, `take_snapshot`,
//!   `Snapshot.statistics` and `compare_to` (`Statistic`, `StatisticDiff` printed as
//!   CPython's), `get_traced_memory`, `clear_traces`, `reset_peak` (over
//!   [`crate::tracemalloc`]; lines from `pyblock!(trace ...)` code).
//! - `typing`: the names of `typing` (`Any`, `List`, `Optional`, `Callable`, ...) as
//!   objects annotations can subscript, `TypeVar`, `cast`, `TYPE_CHECKING`.
//! - `weakref`: `ref` (`weakref.ReferenceType`), `proxy` (`ProxyType`,
//!   `CallableProxyType`), `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet` and
//!   `finalize`, whose entries go the moment their referent is freed.

mod array;
mod bisect;
mod collections;
mod collections_abc;
mod copy;
mod dataclasses;
mod file;
mod functools;
mod gc;
mod heapq;
mod io;
mod itertools;
mod math;
mod objgraph;
mod operator;
mod random;
mod string;
mod sys;
mod time;
mod tracemalloc;
mod typing;
mod weakref;
mod weakref_containers;
mod weakref_proxy;

pub(crate) use weakref_containers::{block_exit_begin, block_exit_end};

use std::cell::RefCell;

pub(crate) use array::getsizeof as array_getsizeof;
pub(crate) use file::open;

use crate::exceptions::{MODULE_NOT_FOUND_ERROR, PyErr, PyResult};
use crate::pyobject::{Args, Obj, PyBuiltinFunction};

thread_local! {
    /// This thread's imported modules, by name (CPython's `sys.modules`).
    static MODULES: RefCell<Vec<(&'static str, Obj)>> = const { RefCell::new(Vec::new()) };
}

/// The module names [`import`] knows.
pub const NAMES: [&str; 22] = [
    "array",
    "bisect",
    "collections",
    "collections.abc",
    "copy",
    "dataclasses",
    "functools",
    "gc",
    "heapq",
    "io",
    "itertools",
    "math",
    "objgraph",
    "operator",
    "pyperf",
    "random",
    "string",
    "sys",
    "time",
    "tracemalloc",
    "typing",
    "weakref",
];

/// `import name`: this thread's module object named `name`, or
/// `ModuleNotFoundError: No module named 'x'`.
pub fn import(name: &str) -> PyResult<Obj> {
    let cached = MODULES
        .try_with(|modules| {
            modules
                .borrow()
                .iter()
                .find(|(known, _)| *known == name)
                .map(|(_, module)| module.clone())
        })
        .ok()
        .flatten();
    if let Some(module) = cached {
        return Ok(module);
    }
    // Made with no borrow held: making objects may run a collection.
    let (name, module) = match name {
        "array" => ("array", array::make()?),
        "bisect" => ("bisect", bisect::make()?),
        "collections" => ("collections", collections::make()?),
        "collections.abc" => ("collections.abc", collections_abc::make()?),
        "copy" => ("copy", copy::make()?),
        "dataclasses" => ("dataclasses", dataclasses::make()?),
        "functools" => ("functools", functools::make()?),
        "gc" => ("gc", gc::make()?),
        "heapq" => ("heapq", heapq::make()?),
        "io" => ("io", io::make()?),
        "itertools" => ("itertools", itertools::make()?),
        "math" => ("math", math::make()?),
        "objgraph" => ("objgraph", objgraph::make()?),
        "operator" => ("operator", operator::make()?),
        "random" => ("random", random::make()?),
        "pyperf" => ("pyperf", time::make_pyperf()?),
        "string" => ("string", string::make()?),
        "sys" => ("sys", sys::make()?),
        "time" => ("time", time::make()?),
        "tracemalloc" => ("tracemalloc", tracemalloc::make()?),
        "typing" => ("typing", typing::make()?),
        "weakref" => ("weakref", weakref::make()?),
        _ => {
            return Err(PyErr::new(
                &MODULE_NOT_FOUND_ERROR,
                format!("No module named '{name}'"),
            ));
        }
    };
    let stored = MODULES
        .try_with(|modules| {
            let mut modules = modules.borrow_mut();
            if let Some((_, existing)) = modules.iter().find(|(known, _)| *known == name) {
                return existing.clone();
            }
            modules.push((name, module.clone()));
            module.clone()
        })
        .unwrap_or(module);
    Ok(stored)
}

/// A builtin function object of a module.
fn function(name: &'static str, call: fn(&Args<'_>) -> PyResult<Obj>) -> (&'static str, Obj) {
    (name, PyBuiltinFunction::new_immortal(name, call))
}
