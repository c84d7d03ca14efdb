//! `import bisect`: CPython 3.11's binary search of sorted sequences, native (as its C
//! accelerator `_bisect` is).
//!
//! `bisect_left(a, x, lo=0, hi=None, *, key=None)` is the first position in
//! `a[lo:hi]` where `x` could be inserted keeping the order (before equal items);
//! `bisect_right` (also `bisect`) the last one (after equal items). Each step halves
//! `[lo, hi)` at `mid = (lo + hi) // 2` and compares with `<` only: `x < a[mid]` for
//! `bisect_right`, `a[mid] < x` for `bisect_left`. A `key` is applied to the items
//! `a[mid]`, never to `x` (the 3.10 rule); `insort_left`/`insort_right` (also
//! `insort`) apply it to `x` once, search, and insert `x` itself (`list.insert`, or the
//! sequence's own `insert` method).
//!
//! As in CPython: `hi=None` (and, by a quirk of the C code, `hi=-1`) means `len(a)`;
//! `lo` must be non-negative (`ValueError: lo must be non-negative`); a `hi` past the
//! end reads past it (`IndexError: list index out of range`); the arguments are
//! checked with Argument Clinic's texts (`bisect_left() missing required argument 'x'
//! (pos 2)`).
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let bisect = modules::import("bisect").unwrap();
//! let a = Obj::list([1, 2, 2, 4].map(Obj::from));
//! let right = bisect.getattr("bisect").unwrap().call(&[a.clone(), Obj::from(2)]).unwrap();
//! assert_eq!(right.repr().unwrap(), "3");
//! bisect.getattr("insort_left").unwrap().call(&[a.clone(), Obj::from(3)]).unwrap();
//! assert_eq!(a.repr().unwrap(), "[1, 2, 2, 3, 4]");
//! ```

use super::operator::{has_index, number_index, ssize_arg};
use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::int::index_value;
use crate::pyobject::types::{DICT_TYPE, LIST_TYPE};
use crate::pyobject::{Args, CompareOp, Obj, PyBuiltinFunction, PyList, PyModule};

/// Makes the `bisect` module object.
pub(super) fn make() -> PyResult<Obj> {
    let right = PyBuiltinFunction::new_immortal("bisect_right", bisect_right);
    let insort_right = PyBuiltinFunction::new_immortal("insort_right", insort_right);
    PyModule::new_object(
        "bisect",
        [
            ("bisect", right.clone()),
            (
                "bisect_left",
                PyBuiltinFunction::new_immortal("bisect_left", bisect_left),
            ),
            ("bisect_right", right),
            ("insort", insort_right.clone()),
            (
                "insort_left",
                PyBuiltinFunction::new_immortal("insort_left", insort_left),
            ),
            ("insort_right", insort_right),
        ],
    )
}

/// The parameters of every function of the module.
const PARAMETERS: [&str; 5] = ["a", "x", "lo", "hi", "key"];

/// The arguments of a call, after Argument Clinic's checks.
struct Call<'a> {
    a: &'a Obj,
    x: &'a Obj,
    lo: isize,
    /// `None` for `len(a)`.
    hi: Option<isize>,
    key: Option<&'a Obj>,
}

/// Binds `(a, x, lo=0, hi=None, *, key=None)` as Argument Clinic does, with its texts
/// and in its order, then converts `lo` and `hi`.
fn parse<'a>(name: &str, args: &Args<'a>) -> PyResult<Call<'a>> {
    let positional = args.positional();
    if positional.len() > 4 {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most 4 positional arguments ({} given)",
            positional.len()
        )));
    }
    let mut slots: [Option<&'a Obj>; 5] = [None; 5];
    for (slot, value) in slots.iter_mut().zip(positional) {
        *slot = Some(value);
    }
    let mut keywords_left = args.keywords().len();
    for (index, parameter) in PARAMETERS.iter().enumerate().skip(positional.len()) {
        if keywords_left > 0 {
            if let Some(value) = args.keyword(parameter) {
                slots[index] = Some(value);
                keywords_left -= 1;
                continue;
            }
        } else if index >= 2 {
            break;
        }
        if index < 2 {
            return Err(PyErr::type_error(format!(
                "{name}() missing required argument '{parameter}' (pos {})",
                index + 1
            )));
        }
    }
    if keywords_left > 0 {
        for (index, parameter) in PARAMETERS.iter().enumerate().take(positional.len()) {
            if args.keyword(parameter).is_some() {
                return Err(PyErr::type_error(format!(
                    "argument for {name}() given by name ('{parameter}') and position ({})",
                    index + 1
                )));
            }
        }
        args.only_keywords(name, &PARAMETERS)?;
    }
    let (Some(a), Some(x)) = (slots[0], slots[1]) else {
        return Err(PyErr::system_error(
            "bisect: required arguments checked above",
        ));
    };
    let lo = match slots[2] {
        Some(lo) => ssize_arg(lo)?,
        None => 0,
    };
    let hi = match slots[3] {
        None => None,
        Some(hi) if hi.is_none() => None,
        Some(hi) => Some(optional_ssize(hi)?),
    };
    Ok(Call {
        a,
        x,
        lo,
        hi: hi.filter(|&hi| hi != -1),
        key: slots[4].filter(|key| !key.is_none()),
    })
}

/// `hi`: an int-like object that fits (`OverflowError: cannot fit 'int' into an
/// index-sized integer`), or `TypeError: argument should be integer or None, not
/// 'float'`.
fn optional_ssize(obj: &Obj) -> PyResult<isize> {
    if !has_index(obj)? {
        return Err(PyErr::type_error(format!(
            "argument should be integer or None, not '{}'",
            obj.type_name()
        )));
    }
    let value = number_index(obj)?;
    index_value(&value)?.to_primitive::<isize>().ok_or_else(|| {
        PyErr::overflow_error(format!(
            "cannot fit '{}' into an index-sized integer",
            obj.type_name()
        ))
    })
}

/// `len(a)` for a sequence (`PySequence_Size`): a mapping is refused (`TypeError: dict
/// is not a sequence`).
fn sequence_size(a: &Obj) -> PyResult<isize> {
    if a.is_instance(&DICT_TYPE) {
        return Err(PyErr::type_error(format!(
            "{} is not a sequence",
            a.type_name()
        )));
    }
    Ok(isize::try_from(a.len()?).unwrap_or(isize::MAX))
}

/// The search: the insertion point of `item` in `a[lo:hi]`, after equal items
/// (`right`) or before them.
fn search(call: &Call<'_>, item: &Obj, right: bool) -> PyResult<isize> {
    let mut lo = call.lo;
    if lo < 0 {
        return Err(PyErr::value_error("lo must be non-negative"));
    }
    let mut hi = match call.hi {
        Some(hi) => hi,
        None => sequence_size(call.a)?,
    };
    while lo < hi {
        // Both are non-negative here, so the halved sum fits.
        let mid = lo + (hi - lo) / 2;
        let mut probe = call.a.get_item(&Obj::from(mid))?;
        if let Some(key) = call.key {
            probe = key.call(std::slice::from_ref(&probe))?;
        }
        let goes_left = if right {
            item.compare(&probe, CompareOp::Lt)?
        } else {
            !probe.compare(item, CompareOp::Lt)?
        };
        if goes_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// `bisect_left(a, x, lo=0, hi=None, *, key=None)`.
fn bisect_left(args: &Args<'_>) -> PyResult<Obj> {
    let call = parse("bisect_left", args)?;
    Ok(Obj::from(search(&call, call.x, false)?))
}

/// `bisect_right(a, x, lo=0, hi=None, *, key=None)` (also `bisect`).
fn bisect_right(args: &Args<'_>) -> PyResult<Obj> {
    let call = parse("bisect_right", args)?;
    Ok(Obj::from(search(&call, call.x, true)?))
}

/// `insort_*`: `x` inserted at its insertion point (found with `key(x)` when there is
/// a key).
fn insort(name: &str, args: &Args<'_>, right: bool) -> PyResult<Obj> {
    let call = parse(name, args)?;
    let position = match call.key {
        None => search(&call, call.x, right)?,
        Some(key) => search(&call, &key.call(std::slice::from_ref(call.x))?, right)?,
    };
    let insert_args = [Obj::from(position), call.x.clone()];
    if call.a.is_exact::<PyList>() {
        let insert = LIST_TYPE.method("insert").expect("list.insert");
        (insert.call)(call.a, &Args::positional_only(&insert_args))?;
    } else {
        call.a.call_method("insert", &insert_args)?;
    }
    Ok(Obj::none())
}

/// `insort_left(a, x, lo=0, hi=None, *, key=None)`.
fn insort_left(args: &Args<'_>) -> PyResult<Obj> {
    insort("insort_left", args, false)
}

/// `insort_right(a, x, lo=0, hi=None, *, key=None)` (also `insort`).
fn insort_right(args: &Args<'_>) -> PyResult<Obj> {
    insort("insort_right", args, true)
}
