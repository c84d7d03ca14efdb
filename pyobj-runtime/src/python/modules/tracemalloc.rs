//! `import tracemalloc`: allocations by line from Python code (seed level 10), over the
//! core's [`crate::tracemalloc`]: `start`, `stop`, `is_tracing`, `clear_traces`,
//! `get_traced_memory`, `reset_peak`, `take_snapshot`; a snapshot's `statistics(key_type)`
//! and `compare_to(old_snapshot, key_type)` (`"lineno"`, `"traceback"`, `"filename"`), whose
//! `Statistic` and `StatisticDiff` objects print as CPython 3.11's.
//!
//! ```
//! use pyobj::{capture_stdout, pyblock};
//!
//! let ((), out) = capture_stdout(|| {
//!     pyblock!(trace
//!         import tracemalloc
//!         tracemalloc.start()
//!         kept = [[] for i in range(3)]
//!         top = tracemalloc.take_snapshot().statistics("lineno")[0]
//!         print(top.count, top.traceback[0].lineno == top.traceback[0].lineno)
//!         tracemalloc.stop()
//!     )
//!     .unwrap();
//! });
//! assert_eq!(out, "4 True\n"); // three lists and the list holding them
//! ```
//!
//! The records are this thread's (its heap's), and sizes are pyobj's blocks (see
//! [`crate::tracemalloc`] for how they differ from CPython's). Lines are known in
//! `pyblock!` code compiled with line hooks (`pyblock!(trace ...)`); elsewhere a Python
//! object's allocation is `<unknown>:0`. `start(nframe)` takes only 1 (the innermost
//! frame, CPython's default). Not provided: `Snapshot.filter_traces`, `Snapshot.dump`
//! and `load`, `get_object_traceback`, `cumulative=True`.

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Args, Method, Obj, PyModule, PyType, Signature, bind_arguments};
use crate::trace::{Trace, Tracer};
use crate::tracemalloc::{self, KeyType, Site, Statistic, StatisticDiff};

use super::function;

/// Makes the `tracemalloc` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "tracemalloc",
        [
            ("Snapshot", SNAPSHOT_TYPE.to_object()),
            ("Statistic", STATISTIC_TYPE.to_object()),
            ("StatisticDiff", STATISTIC_DIFF_TYPE.to_object()),
            function("clear_traces", |args| {
                args.none("_tracemalloc.clear_traces")?;
                tracemalloc::clear_traces();
                Ok(Obj::none())
            }),
            function("get_traced_memory", |args| {
                args.none("_tracemalloc.get_traced_memory")?;
                let (current, peak) = tracemalloc::get_traced_memory();
                Ok(Obj::tuple([Obj::from(current), Obj::from(peak)]))
            }),
            function("get_traceback_limit", |args| {
                args.none("_tracemalloc.get_traceback_limit")?;
                Ok(Obj::from(1))
            }),
            function("is_tracing", |args| {
                args.none("_tracemalloc.is_tracing")?;
                Ok(Obj::from(tracemalloc::is_tracing()))
            }),
            function("reset_peak", |args| {
                args.none("_tracemalloc.reset_peak")?;
                tracemalloc::reset_peak();
                Ok(Obj::none())
            }),
            function("start", start),
            function("stop", |args| {
                args.none("_tracemalloc.stop")?;
                tracemalloc::stop();
                Ok(Obj::none())
            }),
            function("take_snapshot", |args| {
                static SIGNATURE: Signature = Signature::new(&[]);
                bind_arguments("take_snapshot", &SIGNATURE, &[], args)?;
                let snapshot = tracemalloc::take_snapshot()
                    .map_err(|error| PyErr::runtime_error(error.to_string()))?;
                Ok(Obj::new(PySnapshot(snapshot)))
            }),
        ],
    )
}

/// `start(nframe=1)`: CPython takes 1 to 65535 frames; one is all pyobj keeps.
fn start(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("start")?;
    let given = args.between("start", 0, 1)?;
    if let Some(nframe) = given.first() {
        let nframe = nframe.extract::<i64>()?;
        if !(1..=65535).contains(&nframe) {
            return Err(PyErr::value_error(
                "the number of frames must be in range [1; 65535]",
            ));
        }
        if nframe != 1 {
            return Err(PyErr::value_error(
                "pyobj's tracemalloc keeps one frame (nframe=1)",
            ));
        }
    }
    tracemalloc::start();
    Ok(Obj::none())
}

/// A row of a type table.
const fn method(name: &'static str, call: fn(&Obj, &Args<'_>) -> PyResult<Obj>) -> Method {
    Method { name, call }
}

/// The `key_type` argument: `ValueError: unknown key_type: 'name'` for a bad name.
fn key_type(value: &Obj) -> PyResult<KeyType> {
    let name = value.as_str().ok_or_else(|| {
        PyErr::value_error(format!(
            "unknown key_type: {}",
            value.repr().unwrap_or_default()
        ))
    })?;
    KeyType::from_name(name).ok_or_else(|| {
        PyErr::value_error(format!(
            "unknown key_type: {}",
            value.repr().unwrap_or_default()
        ))
    })
}

/// The bound `(key_type, cumulative=False)` of `statistics` (`old_snapshot` first for
/// `compare_to`): the key type, the old snapshot if any.
fn key_and_cumulative(
    qualname: &str,
    signature: &Signature,
    args: &Args<'_>,
) -> PyResult<(Option<Obj>, KeyType)> {
    let mut values = bind_arguments(qualname, signature, &[Obj::from(false)], args)?;
    let (Some(cumulative), Some(key)) = (values.pop(), values.pop()) else {
        return Err(PyErr::system_error("statistics binds its arguments"));
    };
    if cumulative.is_truthy()? {
        return Err(PyErr::value_error(
            "pyobj's tracemalloc keeps one frame: cumulative=True is not supported",
        ));
    }
    Ok((values.pop(), key_type(&key)?))
}

/// `tracemalloc.Snapshot`: the core's snapshot, as a Python object.
struct PySnapshot(tracemalloc::Snapshot);

impl Trace for PySnapshot {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SNAPSHOT_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn snapshot_of<'a>(obj: &'a Obj, what: &str) -> PyResult<&'a tracemalloc::Snapshot> {
    obj.downcast_ref::<PySnapshot>()
        .map(|snapshot| &snapshot.0)
        .ok_or_else(|| {
            PyErr::type_error(format!(
                "{what} requires a 'tracemalloc.Snapshot' object but received a '{}'",
                obj.type_name()
            ))
        })
}

static SNAPSHOT_TYPE: PyType = PyType {
    name: "tracemalloc.Snapshot",
    methods: &[
        method("statistics", |obj, args| {
            static SIGNATURE: Signature = Signature::new(&["key_type", "cumulative"]);
            let (_, key) = key_and_cumulative("Snapshot.statistics", &SIGNATURE, args)?;
            let stats = snapshot_of(obj, "statistics")?.statistics(key);
            Ok(Obj::list(
                stats.into_iter().map(|stat| Obj::new(PyStatistic(stat))),
            ))
        }),
        method("compare_to", |obj, args| {
            static SIGNATURE: Signature =
                Signature::new(&["old_snapshot", "key_type", "cumulative"]);
            let (old, key) = key_and_cumulative("Snapshot.compare_to", &SIGNATURE, args)?;
            let old = old.unwrap_or_else(Obj::none);
            let old = snapshot_of(&old, "compare_to")?;
            let diffs = snapshot_of(obj, "compare_to")?.compare_to(old, key);
            Ok(Obj::list(
                diffs
                    .into_iter()
                    .map(|diff| Obj::new(PyStatisticDiff(diff))),
            ))
        }),
    ],
    getattr: Some(|obj, name| {
        Ok(match name {
            "traceback_limit" => {
                snapshot_of(obj, "traceback_limit")?;
                Some(Obj::from(1))
            }
            _ => None,
        })
    }),
    ..PyType::BLANK
};

/// `tracemalloc.Statistic`: `size`, `count`, `traceback`.
struct PyStatistic(Statistic);

impl Trace for PyStatistic {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&STATISTIC_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn statistic_of(obj: &Obj) -> PyResult<&Statistic> {
    obj.downcast_ref::<PyStatistic>()
        .map(|stat| &stat.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.Statistic"))
}

static STATISTIC_TYPE: PyType = PyType {
    name: "tracemalloc.Statistic",
    str: Some(|obj| Ok(statistic_of(obj)?.to_string())),
    repr: Some(|obj| {
        let stat = statistic_of(obj)?;
        Ok(format!(
            "<Statistic traceback={} size={} count={}>",
            traceback_repr(stat.site),
            stat.size,
            stat.count
        ))
    }),
    getattr: Some(|obj, name| {
        let stat = statistic_of(obj)?;
        Ok(match name {
            "size" => Some(Obj::from(stat.size)),
            "count" => Some(Obj::from(stat.count)),
            "traceback" => Some(Obj::new(PyTraceback(stat.site))),
            _ => None,
        })
    }),
    attributes: &["count", "size", "traceback"],
    ..PyType::BLANK
};

/// `tracemalloc.StatisticDiff`: `size`, `size_diff`, `count`, `count_diff`, `traceback`.
struct PyStatisticDiff(StatisticDiff);

impl Trace for PyStatisticDiff {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&STATISTIC_DIFF_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn diff_of(obj: &Obj) -> PyResult<&StatisticDiff> {
    obj.downcast_ref::<PyStatisticDiff>()
        .map(|diff| &diff.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.StatisticDiff"))
}

static STATISTIC_DIFF_TYPE: PyType = PyType {
    name: "tracemalloc.StatisticDiff",
    str: Some(|obj| Ok(diff_of(obj)?.to_string())),
    repr: Some(|obj| {
        let diff = diff_of(obj)?;
        Ok(format!(
            "<StatisticDiff traceback={} size={} ({:+}) count={} ({:+})>",
            traceback_repr(diff.site),
            diff.size,
            diff.size_diff,
            diff.count,
            diff.count_diff
        ))
    }),
    getattr: Some(|obj, name| {
        let diff = diff_of(obj)?;
        Ok(match name {
            "size" => Some(Obj::from(diff.size)),
            "size_diff" => Some(Obj::from(diff.size_diff)),
            "count" => Some(Obj::from(diff.count)),
            "count_diff" => Some(Obj::from(diff.count_diff)),
            "traceback" => Some(Obj::new(PyTraceback(diff.site))),
            _ => None,
        })
    }),
    attributes: &["count", "count_diff", "size", "size_diff", "traceback"],
    ..PyType::BLANK
};

/// `<Frame filename='x.py' lineno=3>`.
fn frame_repr(site: Site) -> String {
    format!(
        "<Frame filename={} lineno={}>",
        Obj::from(site.file).repr().unwrap_or_default(),
        site.line
    )
}

/// `<Traceback (<Frame filename='x.py' lineno=3>,)>`.
fn traceback_repr(site: Site) -> String {
    format!("<Traceback ({},)>", frame_repr(site))
}

/// `tracemalloc.Traceback`: a sequence of one frame (the innermost).
struct PyTraceback(Site);

impl Trace for PyTraceback {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TRACEBACK_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn site_of(obj: &Obj) -> PyResult<Site> {
    if let Some(traceback) = obj.downcast_ref::<PyTraceback>() {
        return Ok(traceback.0);
    }
    obj.downcast_ref::<PyFrame>()
        .map(|frame| frame.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.Traceback or Frame"))
}

static TRACEBACK_TYPE: PyType = PyType {
    name: "tracemalloc.Traceback",
    str: Some(|obj| Ok(site_of(obj)?.to_string())),
    repr: Some(|obj| Ok(traceback_repr(site_of(obj)?))),
    len: Some(|_| Ok(1)),
    getitem: Some(|obj, index| {
        let site = site_of(obj)?;
        let index = index.extract::<i64>()?;
        if index == 0 || index == -1 {
            Ok(Obj::new(PyFrame(site)))
        } else {
            Err(PyErr::index_error("tuple index out of range"))
        }
    }),
    ..PyType::BLANK
};

/// `tracemalloc.Frame`: `filename` and `lineno`.
struct PyFrame(Site);

impl Trace for PyFrame {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FRAME_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

static FRAME_TYPE: PyType = PyType {
    name: "tracemalloc.Frame",
    str: Some(|obj| Ok(site_of(obj)?.to_string())),
    repr: Some(|obj| Ok(frame_repr(site_of(obj)?))),
    getattr: Some(|obj, name| {
        let site = site_of(obj)?;
        Ok(match name {
            "filename" => Some(Obj::from(site.file)),
            "lineno" => Some(Obj::from(site.line)),
            _ => None,
        })
    }),
    attributes: &["filename", "lineno"],
    ..PyType::BLANK
};
