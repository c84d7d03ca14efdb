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

use super::function;
use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Args, Obj, getsizeof, recursion_limit, set_recursion_limit};

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
            function("intern", |args| {
                let text = args.one("sys.intern")?;
                crate::interning::intern(text)
            }),
            function("getrecursionlimit", |args| {
                args.none("sys.getrecursionlimit")?;
                Ok(Obj::from(recursion_limit()))
            }),
            function("setrecursionlimit", |args| {
                let limit = args.one("sys.setrecursionlimit")?.extract::<i64>()?;
                if limit < 1 {
                    return Err(PyErr::value_error(
                        "recursion limit must be greater or equal than 1",
                    ));
                }
                let limit = u32::try_from(limit).map_err(|_| {
                    PyErr::overflow_error("Python int too large to convert to C int")
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
    args.only_keywords("getsizeof", &["object", "default"])?;
    let positional = args.positional();
    if positional.len() > 2 {
        return Err(PyErr::type_error(format!(
            "getsizeof() takes at most 2 arguments ({} given)",
            positional.len()
        )));
    }
    let obj = positional.first().or_else(|| args.keyword("object"));
    match obj {
        Some(obj) => Ok(Obj::from(getsizeof(obj))),
        None => Err(PyErr::type_error(
            "getsizeof() missing required argument 'object' (pos 1)",
        )),
    }
}
