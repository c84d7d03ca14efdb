//! `import sys`: the parts of CPython's `sys` that concern objects and memory.
//!
//! - `sys.getrefcount(x)`: `x`'s count as the call sees it. The argument a call
//!   receives is a handle in the call's argument slice, and it counts, as CPython's
//!   argument does: after `a = [1, 2, 3]`, `sys.getrefcount(a)` is 2 (`a`, and the
//!   argument). Immortal objects report 4294967295, as CPython 3.12+.
//! - `sys.getsizeof(x[, default])`: the bytes the object occupies here: its block (the
//!   16-byte header and the value) plus the buffers it owns where they are cheap to
//!   know (a list's capacity × 8, a tuple's items, a str's bytes, a big int's digits).
//!   pyobj's numbers, not CPython's.
//! - `sys.intern(s)`, `sys.getrecursionlimit()`, `sys.setrecursionlimit(n)`,
//!   `sys.maxsize`.
//!
//! Every function checks its arguments as CPython 3.11's: the same exception type and
//! text for each bad argument (argument counts and keywords, `getsizeof`'s
//! `object`/`default` binding, `TypeError: intern() argument must be str, not int`,
//! `setrecursionlimit`'s C `int` conversion and `ValueError` below 1).

use super::function;
use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::int::index_value;
use crate::pyobject::types::STR_TYPE;
use crate::pyobject::{Args, Obj, PyStr, getsizeof, recursion_limit, set_recursion_limit};

/// Makes the `sys` module object.
pub(super) fn make() -> PyResult<Obj> {
    crate::pyobject::PyModule::new_object(
        "sys",
        [
            function("getrefcount", |args| {
                let obj = args.one("sys.getrefcount")?;
                Ok(Obj::from(obj.refcount()))
            }),
            function("getsizeof", sys_getsizeof),
            function("intern", |args| sys_intern(args.one("sys.intern")?)),
            function("getrecursionlimit", |args| {
                args.none("sys.getrecursionlimit")?;
                Ok(Obj::from(recursion_limit()))
            }),
            function("setrecursionlimit", |args| {
                let limit = c_int(args.one("sys.setrecursionlimit")?)?;
                let limit = u32::try_from(limit)
                    .ok()
                    .filter(|&limit| limit >= 1)
                    .ok_or_else(|| {
                        PyErr::value_error("recursion limit must be greater or equal than 1")
                    })?;
                set_recursion_limit(limit)?;
                Ok(Obj::none())
            }),
            ("maxsize", Obj::from(isize::MAX)),
        ],
    )
}

/// `sys.getsizeof(object, default=None)` (the default is never needed: every object
/// has a size).
fn sys_getsizeof(args: &Args<'_>) -> PyResult<Obj> {
    let [obj, _default] = args.unpack("getsizeof", ["object", "default"], 1, 2)?;
    let obj = obj.ok_or_else(|| {
        PyErr::type_error("getsizeof() missing required argument 'object' (pos 1)")
    })?;
    Ok(Obj::from(getsizeof(obj)))
}

/// `sys.intern(string)`: an exact str (`TypeError: intern() argument must be str, not
/// int`; for an instance of a subclass of str, `TypeError: can't intern Text`).
fn sys_intern(text: &Obj) -> PyResult<Obj> {
    if text.is_exact::<PyStr>() {
        return crate::interning::intern(text);
    }
    Err(PyErr::type_error(if text.is_instance(&STR_TYPE) {
        format!("can't intern {}", text.type_name())
    } else if text.is_none() {
        "intern() argument must be str, not None".to_owned()
    } else {
        format!("intern() argument must be str, not {}", text.type_name())
    }))
}

/// A C `int` argument (Argument Clinic's `int`): an int or what `__index__` returns
/// (`TypeError: 'str' object cannot be interpreted as an integer`), that fits
/// (`OverflowError: Python int too large to convert to C int`).
fn c_int(obj: &Obj) -> PyResult<i32> {
    index_value(&super::operator::number_index(obj)?)?
        .to_primitive::<i32>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))
}
