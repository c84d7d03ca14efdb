//! Helpers of the object-model tests (`tests/pyobj_*.rs`): short constructors, and the
//! `table!` of Python expressions checked against the text CPython 3.11 prints.
#![allow(dead_code)] // each test file uses part of this module

use pyobj_runtime::{Obj, PyResult};

/// `repr()` of a result, or the last line of the traceback CPython prints for an
/// exception (`!! KeyError: 'a'`).
pub(crate) fn show(result: PyResult<Obj>) -> String {
    match result {
        Ok(obj) => match obj.repr() {
            Ok(text) => text,
            Err(error) => format!("!! repr() raised {error}"),
        },
        Err(error) => format!("!! {error}"),
    }
}

/// An int.
pub(crate) fn i(value: i64) -> Obj {
    Obj::from(value)
}

/// A float.
pub(crate) fn f(value: f64) -> Obj {
    Obj::from(value)
}

/// A str made at run time.
pub(crate) fn s(text: &str) -> Obj {
    Obj::from(text)
}

/// A list.
pub(crate) fn list<const N: usize>(items: [Obj; N]) -> Obj {
    Obj::list(items)
}

/// A tuple.
pub(crate) fn tuple<const N: usize>(items: [Obj; N]) -> Obj {
    Obj::tuple(items)
}

/// A set.
pub(crate) fn set<const N: usize>(items: [Obj; N]) -> Obj {
    Obj::set(items).expect("hashable items")
}

/// A dict.
pub(crate) fn dict<const N: usize>(items: [(Obj, Obj); N]) -> Obj {
    Obj::dict_from(items).expect("hashable keys")
}

/// `None`.
pub(crate) fn none() -> Obj {
    Obj::none()
}

/// `True`/`False`.
pub(crate) fn b(value: bool) -> Obj {
    Obj::from(value)
}

/// Runs `f` and returns `obj` (for "statement, then look at the object" rows).
pub(crate) fn after(obj: &Obj, f: impl FnOnce(&Obj) -> PyResult<Obj>) -> PyResult<Obj> {
    f(obj)?;
    Ok(obj.clone())
}

/// A table of Python expressions: each row is the Python source (as run by CPython
/// 3.11 with `PYTHONHASHSEED=0` to get the expected text; statements separated by
/// ` ;; `), the same computation in Rust (a `PyResult<Obj>`), and what CPython printed.
/// Every mismatch is reported, then the test fails.
///
/// A row may carry attributes: `#[cfg(not(miri))]` leaves out a row whose result comes
/// from the platform's `pow` (Miri perturbs float math functions on purpose).
#[macro_export]
macro_rules! table {
    ($($(#[$attr:meta])* $python:literal => $rust:expr => $expected:literal;)*) => {{
        let mut failures: Vec<String> = Vec::new();
        $(
            $(#[$attr])*
            {
                let actual = $crate::pyobj_support::show($rust);
                if actual != $expected {
                    failures.push(format!(
                        "{}\n    CPython: {}\n    pyobj:   {}",
                        $python, $expected, actual
                    ));
                }
            }
        )*
        assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }};
}
