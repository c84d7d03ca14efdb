//! `import objgraph`: leak hunting from Python code (seed level 10), the functions of the
//! objgraph package that count: `count`, `typestats`, `most_common_types`,
//! `show_most_common_types`, `growth` and `show_growth`, over
//! [`crate::snapshot`]'s [`typestats`](crate::snapshot::typestats) and
//! [`Growth`](crate::snapshot::Growth).
//!
//! ```
//! use pyobj::{Obj, capture_stdout, modules};
//!
//! let objgraph = modules::import("objgraph").unwrap();
//! let show_growth = objgraph.getattr("show_growth").unwrap();
//! capture_stdout(|| show_growth.call(&[]).unwrap()); // the first look
//! let kept = Obj::list([Obj::list([]), Obj::list([])]);
//! let ((), out) = capture_stdout(|| {
//!     show_growth.call(&[]).unwrap();
//! });
//! assert_eq!(out, "list        3        +3\n");
//! drop(kept);
//! ```
//!
//! As in objgraph, the counts are of the objects the collector tracks (`gc.get_objects()`),
//! after a collection; `growth` reports the types whose count went past the highest
//! count seen by an earlier call (one record per thread, objgraph's `peak_stats`), the
//! largest increase first; `limit` (10 unless given; `None` for all) keeps the first
//! rows.
//!
//! `show_refs(objs, max_depth=3, too_many=10, filename=None, output=None)` and
//! `show_backrefs(...)` draw the objects within `max_depth` references from `objs` (an
//! object, or a list or tuple of them) or to them (every tracked referrer: what keeps them
//! alive), over [`Snapshot::refs`](crate::snapshot::Snapshot::refs) and
//! [`backrefs`](crate::snapshot::Snapshot::backrefs). The objects given are the
//! snapshot's names `objs[0]`, `objs[1]`, ...; the list or tuple holding them is left
//! out, as objgraph leaves it out. A `filename` ending in `.dot` gets the DOT text, one
//! ending in `.svg` pyobj's own drawing (no Graphviz needed), any other is a
//! `ValueError`; each prints objgraph's `Graph written to NAME (N nodes)`. `output=` (a
//! file object) gets the DOT text. With neither, the DOT text is returned (objgraph would
//! start a viewer). Not provided: `show_chain` (from Rust,
//! [`Snapshot::chain_svg`](crate::snapshot::Snapshot::chain_svg)), `by_type`, and the
//! `filter`, `extra_ignore`, `highlight`, `extra_info`, `refcounts` and `shortnames`
//! arguments.

use std::cell::RefCell;

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::types::{LIST_TYPE, TUPLE_TYPE};
use crate::pyobject::{Args, Obj, PyModule, Signature, bind_arguments};
use crate::snapshot::{self, Growth, Snapshot};
use crate::stdout::write_stdout;

use super::function;

thread_local! {
    /// The peaks `growth` and `show_growth` compare with (objgraph's `peak_stats`).
    static PEAKS: RefCell<Growth> = RefCell::new(Growth::new());
}

/// Makes the `objgraph` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "objgraph",
        [
            function("count", count),
            function("growth", growth),
            function("most_common_types", most_common_types),
            function("show_growth", show_growth),
            function("show_backrefs", show_backrefs),
            function("show_most_common_types", show_most_common_types),
            function("show_refs", show_refs),
            function("typestats", typestats),
        ],
    )
}

/// The one argument `limit`: 10 unless given, `None` for no limit.
fn limit(name: &str, args: &Args<'_>) -> PyResult<Option<i64>> {
    static SIGNATURE: Signature = Signature::new(&["limit"]);
    let values = bind_arguments(name, &SIGNATURE, &[Obj::from(10)], args)?;
    let Some(limit) = values.into_iter().next() else {
        return Err(PyErr::system_error("limit binds one value"));
    };
    if limit.is_none() {
        Ok(None)
    } else {
        limit.extract::<i64>().map(Some)
    }
}

/// `rows[:limit]`: a negative limit keeps all but the last `-limit` rows.
fn first<T>(mut rows: Vec<T>, limit: Option<i64>) -> Vec<T> {
    if let Some(limit) = limit {
        let keep = if limit >= 0 {
            usize::try_from(limit).unwrap_or(usize::MAX)
        } else {
            rows.len()
                .saturating_sub(usize::try_from(limit.unsigned_abs()).unwrap_or(usize::MAX))
        };
        rows.truncate(keep);
    }
    rows
}

/// `count(typename)`: the number of tracked objects of that type.
fn count(args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["typename"]);
    let values = bind_arguments("count", &SIGNATURE, &[], args)?;
    let name = values
        .first()
        .and_then(Obj::as_str)
        .ok_or_else(|| PyErr::type_error("count() argument 'typename' must be str"))?
        .to_owned();
    Ok(Obj::from(snapshot::count(&name)))
}

/// `typestats()`: a dict from type name to the number of tracked objects of that type.
fn typestats(args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&[]);
    bind_arguments("typestats", &SIGNATURE, &[], args)?;
    Obj::dict_from(
        snapshot::typestats()
            .into_iter()
            .map(|(name, count)| (Obj::from(name), Obj::from(count))),
    )
}

/// `most_common_types(limit=10)`: `[(name, count), ...]`, most numerous first.
fn most_common_types(args: &Args<'_>) -> PyResult<Obj> {
    let rows = first(snapshot::typestats(), limit("most_common_types", args)?);
    Ok(Obj::list(rows.into_iter().map(|(name, count)| {
        Obj::tuple([Obj::from(name), Obj::from(count)])
    })))
}

/// `show_most_common_types(limit=10)`: prints [`most_common_types`]'s rows.
fn show_most_common_types(args: &Args<'_>) -> PyResult<Obj> {
    let rows = first(
        snapshot::typestats(),
        limit("show_most_common_types", args)?,
    );
    write_stdout(&snapshot::format_typestats(&rows));
    Ok(Obj::none())
}

/// The rows of `growth`, the peaks updated.
fn grown(name: &str, args: &Args<'_>) -> PyResult<Vec<(String, usize, usize)>> {
    // Checked first: a bad argument leaves the peaks as they were.
    let limit = limit(name, args)?;
    // Taken out while it counts: the collection it starts may run a `__del__` that
    // calls `growth` again (which then starts from no peaks).
    let mut peaks = PEAKS
        .try_with(|peaks| peaks.take())
        .map_err(|_| PyErr::system_error("objgraph used during thread exit"))?;
    let rows = peaks.update();
    let _ = PEAKS.try_with(|cell| *cell.borrow_mut() = peaks);
    Ok(first(rows, limit))
}

/// `growth(limit=10)`: `[(name, count, increase), ...]` of the types past their peak.
fn growth(args: &Args<'_>) -> PyResult<Obj> {
    let rows = grown("growth", args)?;
    Ok(Obj::list(rows.into_iter().map(|(name, count, delta)| {
        Obj::tuple([Obj::from(name), Obj::from(count), Obj::from(delta)])
    })))
}

/// `show_growth(limit=10)`: prints [`growth`]'s rows as objgraph does.
fn show_growth(args: &Args<'_>) -> PyResult<Obj> {
    let rows = grown("show_growth", args)?;
    write_stdout(&snapshot::format_growth(&rows));
    Ok(Obj::none())
}

/// `show_refs(objs, max_depth=3, too_many=10, filename=None, output=None)`.
fn show_refs(args: &Args<'_>) -> PyResult<Obj> {
    show_graph("show_refs", false, args)
}

/// `show_backrefs(objs, max_depth=3, too_many=10, filename=None, output=None)`.
fn show_backrefs(args: &Args<'_>) -> PyResult<Obj> {
    show_graph("show_backrefs", true, args)
}

/// The graph of `show_refs` (`backwards`: `show_backrefs`), written where its arguments
/// say.
fn show_graph(name: &str, backwards: bool, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature =
        Signature::new(&["objs", "max_depth", "too_many", "filename", "output"]);
    let values = bind_arguments(
        name,
        &SIGNATURE,
        &[Obj::from(3), Obj::from(10), Obj::none(), Obj::none()],
        args,
    )?;
    let [objs, max_depth, too_many, filename, output] = values.as_slice() else {
        return Err(PyErr::system_error("show_refs binds five values"));
    };
    let count = |value: &Obj, what: &str| -> PyResult<usize> {
        let n = value.extract::<i64>()?;
        usize::try_from(n).map_err(|_| PyErr::value_error(format!("{what} must be >= 0")))
    };
    let max_depth = count(max_depth, "max_depth")?;
    let too_many = count(too_many, "too_many")?;
    let filename = if filename.is_none() {
        None
    } else {
        Some(
            filename
                .as_str()
                .ok_or_else(|| PyErr::type_error("filename must be a str"))?
                .to_owned(),
        )
    };
    if filename.is_some() && !output.is_none() {
        return Err(PyErr::value_error(
            "Cannot specify both output and filename.",
        ));
    }
    let svg = match filename.as_deref() {
        Some(file) if file.ends_with(".svg") => true,
        Some(file) if file.ends_with(".dot") => false,
        Some(file) => {
            return Err(PyErr::value_error(format!(
                "{name}: pyobj writes .dot and .svg files, not '{file}'"
            )));
        }
        None => false,
    };
    // objgraph's `objs`: one object, or a list or tuple of them (which is left out).
    let container = objs.is_instance(&LIST_TYPE) || objs.is_instance(&TUPLE_TYPE);
    let targets = if container {
        objs.to_vec()?
    } else {
        vec![objs.clone()]
    };
    let mut capture = if backwards {
        Snapshot::all()
    } else {
        Snapshot::new()
    };
    if container {
        capture = capture.root("objs", objs);
    }
    for (i, target) in targets.iter().enumerate() {
        capture = capture.root(format!("objs[{i}]"), target);
    }
    // The snapshot holds its own handles: ours would show in the counts.
    drop(targets);
    let whole = capture.capture();
    let given: Vec<usize> = whole
        .roots()
        .iter()
        .filter(|root| root.name != "objs")
        .map(|root| root.node)
        .collect();
    let ignore: Vec<usize> = whole
        .roots()
        .iter()
        .filter(|root| root.name == "objs")
        .map(|root| root.node)
        .collect();
    let graph = if backwards {
        whole.backrefs(&given, max_depth, too_many, &ignore)
    } else {
        whole.refs(&given, max_depth, too_many, &ignore)
    };
    let nodes = graph.nodes().len();
    let text = if svg { graph.to_svg() } else { graph.to_dot() };
    if let Some(file) = filename {
        std::fs::write(&file, text).map_err(|error| {
            PyErr::new(
                &crate::exceptions::OS_ERROR,
                format!("{name}: cannot write '{file}': {error}"),
            )
        })?;
        write_stdout(&format!("Graph written to {file} ({nodes} nodes)\n"));
        return Ok(Obj::none());
    }
    if !output.is_none() {
        output.getattr("write")?.call(&[Obj::from(text)])?;
        return Ok(Obj::none());
    }
    Ok(Obj::from(text))
}
