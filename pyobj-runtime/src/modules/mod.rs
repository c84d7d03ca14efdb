//! The modules pyobj provides as Python objects: `gc`, `math`, `random`, `sys` and
//! `weakref`.
//!
//! [`import`] returns this thread's module object of that name, made on first import
//! and the same object afterwards (`import gc` twice binds one object, as
//! `sys.modules` makes it in CPython).
//!
//! ```
//! use pyobj_runtime::{Obj, modules};
//!
//! let gc = modules::import("gc").unwrap();
//! assert_eq!(gc.repr().unwrap(), "<module 'gc' (built-in)>");
//! assert!(gc.is(&modules::import("gc").unwrap()));
//! assert!(gc.getattr("isenabled").unwrap().call(&[]).unwrap().is_truthy().unwrap());
//! let err = modules::import("numpy").unwrap_err();
//! assert_eq!(err.to_string(), "ModuleNotFoundError: No module named 'numpy'");
//! ```
//!
//! - `gc`: the collector's Python API. `gc.garbage` is the very list the collector
//!   fills (see [`crate::gc::garbage`]); `gc.callbacks` is a list whose callables are
//!   called with `(phase, info)` around each collection, as CPython's.
//! - `math`: every function and constant of CPython 3.11's `math`, with its results
//!   (bit for bit: the platform's C library, and CPython's own algorithms where it has
//!   them) and its error texts; ints of any size where CPython takes them.
//! - `random`: CPython 3.11's Mersenne Twister, bit for bit: `seed`, `random`,
//!   `getrandbits`, `randrange`, `randint`, `choice`, `shuffle`, `sample`, `choices`,
//!   the distributions (`uniform`, `gauss`, ...), `getstate`/`setstate`, and `Random`
//!   for generators with their own state.
//! - `sys`: `getrefcount`, `getsizeof`, `intern`, `getrecursionlimit`,
//!   `setrecursionlimit`, `maxsize`.
//! - `time`: the clocks and `sleep`; `pyperf`: its `perf_counter` only (the clock
//!   pyperformance's programs read).
//! - `weakref`: `ref` (`weakref.ReferenceType`).

mod gc;
mod math;
mod random;
mod sys;
mod time;
mod weakref;

use std::cell::RefCell;

use crate::exceptions::{MODULE_NOT_FOUND_ERROR, PyErr, PyResult};
use crate::pyobject::{Args, Obj, PyBuiltinFunction};

thread_local! {
    /// This thread's imported modules, by name (CPython's `sys.modules`).
    static MODULES: RefCell<Vec<(&'static str, Obj)>> = const { RefCell::new(Vec::new()) };
}

/// The module names [`import`] knows.
pub const NAMES: [&str; 7] = ["gc", "math", "pyperf", "random", "sys", "time", "weakref"];

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
        "gc" => ("gc", gc::make()?),
        "math" => ("math", math::make()?),
        "random" => ("random", random::make()?),
        "pyperf" => ("pyperf", time::make_pyperf()?),
        "sys" => ("sys", sys::make()?),
        "time" => ("time", time::make()?),
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
