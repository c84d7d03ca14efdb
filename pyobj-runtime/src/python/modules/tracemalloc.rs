//! `import tracemalloc`: allocations by line from Python code (seed level 10), over the
//! core's [`crate::tracemalloc`]: `start(nframe=1)`, `stop`, `is_tracing`,
//! `get_traceback_limit`, `clear_traces`, `get_traced_memory`, `reset_peak`,
//! `get_object_traceback`, `take_snapshot`; a snapshot's `traces`, `traceback_limit`,
//! `filter_traces(filters)` (with `Filter` and `DomainFilter`), `statistics(key_type,
//! cumulative=False)` and `compare_to(old_snapshot, key_type, cumulative=False)`
//! (`"lineno"`, `"traceback"`, `"filename"`), whose `Statistic`, `StatisticDiff`, `Trace`,
//! `Traceback` (`format(limit=None, most_recent_first=False)`, `total_nframe`) and `Frame`
//! objects print as CPython 3.11's.
//!
//! ```
//! use pyobj::{capture_stdout, pyblock};
//!
//! let ((), out) = capture_stdout(|| {
//!     pyblock!(trace
//!         import tracemalloc
//!         tracemalloc.start(2)
//!         def grow(n):
//!             return [[] for i in range(n)]
//!         kept = grow(10)
//!         top = tracemalloc.take_snapshot().statistics("traceback")[0]
//!         print(top.count, len(top.traceback), top.traceback[0].lineno - top.traceback[1].lineno)
//!         tracemalloc.stop()
//!     )
//!     .unwrap();
//! });
//! // Ten lists and the list holding them, made by `grow`'s line, called on the next line.
//! assert_eq!(out, "11 2 1\n");
//! ```
//!
//! The records are this thread's (its heap's), and sizes are pyobj's blocks (see
//! [`crate::tracemalloc`] for how they differ from CPython's). Lines are known in
//! `pyblock!` code compiled with line hooks (`pyblock!(trace ...)`); elsewhere a Python
//! object's allocation is `<unknown>:0`. A comprehension is no frame of its own (it is one
//! in CPython 3.11, `<listcomp>`, not in 3.12), so a traceback through one has a frame
//! less than CPython's. `Filter` and `DomainFilter` objects are read-only, and take an
//! `int` line and domain (CPython compares any object). Not provided: `Snapshot.dump` and
//! `load`, `tracemalloc.Trace` and `Traceback` objects made from Python, and value
//! comparison and hashing of `Frame`, `Traceback`, `Trace` and statistics objects (they
//! compare by identity).

use std::num::NonZeroU16;

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Args, Method, Obj, PyModule, PyType, Signature, bind_arguments};
use crate::trace::{Trace, Tracer};
use crate::tracemalloc::{
    self, DomainFilter, Filter, KeyType, Site, Statistic, StatisticDiff, TraceFilter, Traceback,
};

use super::function;

/// Makes the `tracemalloc` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "tracemalloc",
        [
            ("DomainFilter", DOMAIN_FILTER_TYPE.to_object()),
            ("Filter", FILTER_TYPE.to_object()),
            ("Frame", FRAME_TYPE.to_object()),
            ("Snapshot", SNAPSHOT_TYPE.to_object()),
            ("Statistic", STATISTIC_TYPE.to_object()),
            ("StatisticDiff", STATISTIC_DIFF_TYPE.to_object()),
            ("Trace", TRACE_TYPE.to_object()),
            ("Traceback", TRACEBACK_TYPE.to_object()),
            function("clear_traces", |args| {
                args.none("_tracemalloc.clear_traces")?;
                tracemalloc::clear_traces();
                Ok(Obj::none())
            }),
            function("get_object_traceback", |args| {
                static SIGNATURE: Signature = Signature::new(&["obj"]);
                let [obj] = <[Obj; 1]>::try_from(bind_arguments(
                    "get_object_traceback",
                    &SIGNATURE,
                    &[],
                    args,
                )?)
                .map_err(|_| PyErr::system_error("get_object_traceback binds one argument"))?;
                Ok(tracemalloc::traceback_at(obj.id())
                    .map_or_else(Obj::none, |traceback| Obj::new(PyTraceback(traceback))))
            }),
            function("get_traced_memory", |args| {
                args.none("_tracemalloc.get_traced_memory")?;
                let (current, peak) = tracemalloc::get_traced_memory();
                Ok(Obj::tuple([Obj::from(current), Obj::from(peak)]))
            }),
            function("get_traceback_limit", |args| {
                args.none("_tracemalloc.get_traceback_limit")?;
                Ok(Obj::from(tracemalloc::get_traceback_limit()))
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

/// `start(nframe=1)`: 1 to 65535 frames, as CPython.
fn start(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("start")?;
    let given = args.between("start", 0, 1)?;
    let nframe = match given.first() {
        Some(nframe) => {
            let nframe = nframe.extract::<i64>()?;
            u16::try_from(nframe)
                .ok()
                .and_then(NonZeroU16::new)
                .ok_or_else(|| {
                    PyErr::value_error("the number of frames must be in range [1; 65535]")
                })?
        }
        None => NonZeroU16::MIN,
    };
    tracemalloc::start_with_frames(nframe);
    Ok(Obj::none())
}

/// A row of a type table.
const fn method(name: &'static str, call: fn(&Obj, &Args<'_>) -> PyResult<Obj>) -> Method {
    Method { name, call }
}

/// The bound arguments of a signature, as an array.
fn bind<const N: usize>(
    qualname: &str,
    signature: &Signature,
    defaults: &[Obj],
    args: &Args<'_>,
) -> PyResult<[Obj; N]> {
    <[Obj; N]>::try_from(bind_arguments(qualname, signature, defaults, args)?)
        .map_err(|_| PyErr::system_error(format!("{qualname} binds {N} arguments")))
}

/// The `key_type` argument: `ValueError: unknown key_type: 'name'` for a bad name.
fn key_type(value: &Obj) -> PyResult<KeyType> {
    value.as_str().and_then(KeyType::from_name).ok_or_else(|| {
        PyErr::value_error(format!(
            "unknown key_type: {}",
            value.repr().unwrap_or_default()
        ))
    })
}

/// `ValueError` for a cumulative grouping by traceback, with CPython's message.
fn cumulative_error(error: tracemalloc::CumulativeTraceback) -> PyErr {
    PyErr::value_error(error.to_string())
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

/// The filters of `filter_traces(filters)`: any iterable of `Filter` and `DomainFilter`
/// objects (CPython's errors for anything else).
fn filters_of(filters: &Obj) -> PyResult<Vec<TraceFilter>> {
    let items = filters.to_vec().map_err(|_| {
        PyErr::type_error(format!(
            "filters must be a list of filters, not {}",
            filters.type_name()
        ))
    })?;
    items
        .iter()
        .map(|item| {
            if let Some(filter) = item.downcast_ref::<PyFilter>() {
                Ok(TraceFilter::Filter(filter.0.clone()))
            } else if let Some(filter) = item.downcast_ref::<PyDomainFilter>() {
                Ok(TraceFilter::Domain(filter.0))
            } else {
                Err(PyErr::attribute_error(format!(
                    "'{}' object has no attribute 'inclusive'",
                    item.type_name()
                )))
            }
        })
        .collect()
}

static SNAPSHOT_TYPE: PyType = PyType {
    name: "tracemalloc.Snapshot",
    methods: &[
        method("statistics", |obj, args| {
            static SIGNATURE: Signature = Signature::new(&["key_type", "cumulative"]);
            let [key, cumulative] =
                bind("Snapshot.statistics", &SIGNATURE, &[Obj::from(false)], args)?;
            let snapshot = snapshot_of(obj, "statistics")?;
            let key = key_type(&key)?;
            let stats = if cumulative.is_truthy()? {
                snapshot
                    .cumulative_statistics(key)
                    .map_err(cumulative_error)?
            } else {
                snapshot.statistics(key)
            };
            Ok(Obj::list(
                stats.into_iter().map(|stat| Obj::new(PyStatistic(stat))),
            ))
        }),
        method("compare_to", |obj, args| {
            static SIGNATURE: Signature =
                Signature::new(&["old_snapshot", "key_type", "cumulative"]);
            let [old, key, cumulative] =
                bind("Snapshot.compare_to", &SIGNATURE, &[Obj::from(false)], args)?;
            let new = snapshot_of(obj, "compare_to")?;
            let old = snapshot_of(&old, "compare_to")?;
            let key = key_type(&key)?;
            let diffs = if cumulative.is_truthy()? {
                new.cumulative_compare_to(old, key)
                    .map_err(cumulative_error)?
            } else {
                new.compare_to(old, key)
            };
            Ok(Obj::list(
                diffs
                    .into_iter()
                    .map(|diff| Obj::new(PyStatisticDiff(diff))),
            ))
        }),
        method("filter_traces", |obj, args| {
            static SIGNATURE: Signature = Signature::new(&["filters"]);
            let [filters] = bind("Snapshot.filter_traces", &SIGNATURE, &[], args)?;
            let filters = filters_of(&filters)?;
            let snapshot = snapshot_of(obj, "filter_traces")?;
            Ok(Obj::new(PySnapshot(snapshot.filter_traces(&filters))))
        }),
    ],
    getattr: Some(|obj, name| {
        Ok(match name {
            "traceback_limit" => Some(Obj::from(
                snapshot_of(obj, "traceback_limit")?.traceback_limit(),
            )),
            "traces" => Some(Obj::new(PyTraces(snapshot_of(obj, "traces")?.clone()))),
            _ => None,
        })
    }),
    attributes: &["traceback_limit", "traces"],
    ..PyType::BLANK
};

/// A snapshot's `traces`: a sequence of `Trace` objects (CPython's `_Traces`).
struct PyTraces(tracemalloc::Snapshot);

impl Trace for PyTraces {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TRACES_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn traces_of(obj: &Obj) -> PyResult<&[tracemalloc::Trace]> {
    obj.downcast_ref::<PyTraces>()
        .map(|traces| traces.0.traces())
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc traces sequence"))
}

/// The item of a sequence of `len` items at `index` (an int, negative from the end), or
/// `None` for a slice (which the caller takes from a tuple of all items). Out of range:
/// `IndexError: {what} index out of range` (CPython's sequences index a list of traces and
/// a tuple of frames).
fn sequence_index(index: &Obj, len: usize, what: &str) -> PyResult<Option<usize>> {
    if index.downcast_ref::<crate::pyobject::PySlice>().is_some() {
        return Ok(None);
    }
    let index = index.extract::<i64>()?;
    let len_signed = i64::try_from(len).unwrap_or(i64::MAX);
    let index = if index < 0 { index + len_signed } else { index };
    usize::try_from(index)
        .ok()
        .filter(|&index| index < len)
        .map(Some)
        .ok_or_else(|| PyErr::index_error(format!("{what} index out of range")))
}

static TRACES_TYPE: PyType = PyType {
    name: "tracemalloc._Traces",
    repr: Some(|obj| Ok(format!("<Traces len={}>", traces_of(obj)?.len()))),
    len: Some(|obj| Ok(traces_of(obj)?.len())),
    getitem: Some(|obj, index| {
        let traces = traces_of(obj)?;
        let make = |trace: &tracemalloc::Trace| Obj::new(PyTrace(trace.clone()));
        match sequence_index(index, traces.len(), "list")? {
            Some(at) => Ok(make(&traces[at])),
            None => Obj::tuple(traces.iter().map(make)).get_item(index),
        }
    }),
    iter: Some(|obj| {
        let traces = traces_of(obj)?;
        Obj::list(traces.iter().map(|trace| Obj::new(PyTrace(trace.clone())))).iter()
    }),
    ..PyType::BLANK
};

/// `tracemalloc.Trace`: `domain`, `size`, `traceback`.
struct PyTrace(tracemalloc::Trace);

impl Trace for PyTrace {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TRACE_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn trace_of(obj: &Obj) -> PyResult<&tracemalloc::Trace> {
    obj.downcast_ref::<PyTrace>()
        .map(|trace| &trace.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.Trace"))
}

static TRACE_TYPE: PyType = PyType {
    name: "tracemalloc.Trace",
    str: Some(|obj| Ok(trace_of(obj)?.to_string())),
    repr: Some(|obj| {
        let trace = trace_of(obj)?;
        Ok(format!(
            "<Trace domain={} size={}, traceback={}>",
            trace.domain,
            tracemalloc::format_size(tracemalloc::as_f64(trace.size), false),
            traceback_repr(&trace.traceback)
        ))
    }),
    getattr: Some(|obj, name| {
        let trace = trace_of(obj)?;
        Ok(match name {
            "domain" => Some(Obj::from(trace.domain)),
            "size" => Some(Obj::from(trace.size)),
            "traceback" => Some(Obj::new(PyTraceback(trace.traceback.clone()))),
            _ => None,
        })
    }),
    attributes: &["domain", "size", "traceback"],
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
            traceback_repr(&stat.traceback),
            stat.size,
            stat.count
        ))
    }),
    getattr: Some(|obj, name| {
        let stat = statistic_of(obj)?;
        Ok(match name {
            "size" => Some(Obj::from(stat.size)),
            "count" => Some(Obj::from(stat.count)),
            "traceback" => Some(Obj::new(PyTraceback(stat.traceback.clone()))),
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
            traceback_repr(&diff.traceback),
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
            "traceback" => Some(Obj::new(PyTraceback(diff.traceback.clone()))),
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

/// `(<Frame ...>, <Frame ...>)`, a tuple's repr of the frames oldest first (a trailing
/// comma for one).
fn frames_repr<'a>(frames: impl Iterator<Item = &'a Site>) -> String {
    let frames: Vec<String> = frames.map(|&site| frame_repr(site)).collect();
    if frames.len() == 1 {
        format!("({},)", frames[0])
    } else {
        format!("({})", frames.join(", "))
    }
}

/// `<Traceback (<Frame filename='x.py' lineno=3>,)>`, with ` total_nframe=N` before the
/// `>` for a trace's.
fn traceback_repr(traceback: &Traceback) -> String {
    let frames = frames_repr(traceback.frames().iter().rev());
    match traceback.total_nframe() {
        Some(total) => format!("<Traceback {frames} total_nframe={total}>"),
        None => format!("<Traceback {frames}>"),
    }
}

/// `tracemalloc.Traceback`: a sequence of frames, the oldest first.
struct PyTraceback(Traceback);

impl Trace for PyTraceback {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TRACEBACK_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn traceback_of(obj: &Obj) -> PyResult<&Traceback> {
    obj.downcast_ref::<PyTraceback>()
        .map(|traceback| &traceback.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.Traceback"))
}

/// The frames of a traceback as `Frame` objects, oldest first.
fn frame_objects(traceback: &Traceback) -> impl Iterator<Item = Obj> + '_ {
    traceback
        .frames()
        .iter()
        .rev()
        .map(|&site| Obj::new(PyFrame(site)))
}

static TRACEBACK_TYPE: PyType = PyType {
    name: "tracemalloc.Traceback",
    str: Some(|obj| Ok(traceback_of(obj)?.to_string())),
    repr: Some(|obj| Ok(traceback_repr(traceback_of(obj)?))),
    len: Some(|obj| Ok(traceback_of(obj)?.frames().len())),
    getitem: Some(|obj, index| {
        let traceback = traceback_of(obj)?;
        let frames = traceback.frames();
        match sequence_index(index, frames.len(), "tuple")? {
            Some(at) => Ok(Obj::new(PyFrame(frames[frames.len() - 1 - at]))),
            None => Obj::tuple(frame_objects(traceback)).get_item(index),
        }
    }),
    iter: Some(|obj| Obj::tuple(frame_objects(traceback_of(obj)?)).iter()),
    methods: &[method("format", |obj, args| {
        static SIGNATURE: Signature = Signature::new(&["limit", "most_recent_first"]);
        let [limit, most_recent_first] = bind(
            "Traceback.format",
            &SIGNATURE,
            &[Obj::none(), Obj::from(false)],
            args,
        )?;
        let limit = limit.extract::<Option<i64>>()?;
        let lines = traceback_of(obj)?.format(limit, most_recent_first.is_truthy()?);
        Ok(Obj::list(lines.into_iter().map(Obj::from)))
    })],
    getattr: Some(|obj, name| {
        let traceback = traceback_of(obj)?;
        Ok(match name {
            "total_nframe" => Some(traceback.total_nframe().map_or_else(Obj::none, Obj::from)),
            _ => None,
        })
    }),
    attributes: &["total_nframe"],
    ..PyType::BLANK
};

/// `tracemalloc.Frame`: `filename` and `lineno`.
struct PyFrame(Site);

impl Trace for PyFrame {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FRAME_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn site_of(obj: &Obj) -> PyResult<Site> {
    obj.downcast_ref::<PyFrame>()
        .map(|frame| frame.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.Frame"))
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

/// `tracemalloc.Filter(inclusive, filename_pattern, lineno=None, all_frames=False,
/// domain=None)`.
struct PyFilter(Filter);

impl Trace for PyFilter {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FILTER_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn filter_of(obj: &Obj) -> PyResult<&Filter> {
    obj.downcast_ref::<PyFilter>()
        .map(|filter| &filter.0)
        .ok_or_else(|| PyErr::type_error("expected a tracemalloc.Filter"))
}

/// `None` or an int.
fn optional_int(value: Option<impl Into<Obj>>) -> Obj {
    value.map_or_else(Obj::none, Into::into)
}

static FILTER_TYPE: PyType = PyType {
    name: "tracemalloc.Filter",
    new: Some(|_, args| {
        static SIGNATURE: Signature = Signature::new(&[
            "inclusive",
            "filename_pattern",
            "lineno",
            "all_frames",
            "domain",
        ]);
        let [inclusive, pattern, lineno, all_frames, domain] = bind(
            "Filter.__init__",
            &SIGNATURE,
            &[Obj::none(), Obj::from(false), Obj::none()],
            args,
        )?;
        let pattern = pattern.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                pattern.type_name()
            ))
        })?;
        let mut filter =
            Filter::new(inclusive.is_truthy()?, pattern).all_frames(all_frames.is_truthy()?);
        if let Some(lineno) = lineno.extract::<Option<u32>>()? {
            filter = filter.lineno(lineno);
        }
        if let Some(domain) = domain.extract::<Option<u64>>()? {
            filter = filter.domain(domain);
        }
        Ok(Obj::new(PyFilter(filter)))
    }),
    getattr: Some(|obj, name| {
        let filter = filter_of(obj)?;
        Ok(match name {
            "inclusive" => Some(Obj::from(filter.is_inclusive())),
            "filename_pattern" => Some(Obj::from(filter.filename_pattern())),
            "lineno" => Some(optional_int(filter.line())),
            "all_frames" => Some(Obj::from(filter.tests_all_frames())),
            "domain" => Some(optional_int(filter.only_domain())),
            _ => None,
        })
    }),
    attributes: &[
        "all_frames",
        "domain",
        "filename_pattern",
        "inclusive",
        "lineno",
    ],
    ..PyType::BLANK
};

/// `tracemalloc.DomainFilter(inclusive, domain)`.
struct PyDomainFilter(DomainFilter);

impl Trace for PyDomainFilter {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DOMAIN_FILTER_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

static DOMAIN_FILTER_TYPE: PyType = PyType {
    name: "tracemalloc.DomainFilter",
    new: Some(|_, args| {
        static SIGNATURE: Signature = Signature::new(&["inclusive", "domain"]);
        let [inclusive, domain] = bind("DomainFilter.__init__", &SIGNATURE, &[], args)?;
        Ok(Obj::new(PyDomainFilter(DomainFilter {
            inclusive: inclusive.is_truthy()?,
            domain: domain.extract::<u64>()?,
        })))
    }),
    getattr: Some(|obj, name| {
        let filter = obj
            .downcast_ref::<PyDomainFilter>()
            .map(|filter| filter.0)
            .ok_or_else(|| PyErr::type_error("expected a tracemalloc.DomainFilter"))?;
        Ok(match name {
            "inclusive" => Some(Obj::from(filter.inclusive)),
            "domain" => Some(Obj::from(filter.domain)),
            _ => None,
        })
    }),
    attributes: &["domain", "inclusive"],
    ..PyType::BLANK
};
