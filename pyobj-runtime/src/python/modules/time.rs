//! `import time`: the clocks (`time`, `time_ns`, `perf_counter`, `perf_counter_ns`,
//! `monotonic`, `monotonic_ns`) and `sleep`; and `import pyperf`, of which pyobj has only
//! the clock pyperformance's programs read (`pyperf.perf_counter`, the same clock as
//! `time.perf_counter`).
//!
//! `perf_counter` and `monotonic` count seconds from the first time the process read
//! them (CPython's reference point is undefined too: only differences mean something).

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::function;
use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Args, Obj};

/// The reference point of the monotonic clocks.
fn elapsed() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn nanos(duration: Duration) -> Obj {
    Obj::from(i64::try_from(duration.as_nanos()).unwrap_or(i64::MAX))
}

/// CPython's error for arguments given to a function that takes none.
fn no_args(args: &Args<'_>, name: &str) -> PyResult<()> {
    let given = args.positional().len() + args.keywords().len();
    if given == 0 {
        return Ok(());
    }
    Err(PyErr::type_error(format!(
        "time.{name}() takes no arguments ({given} given)"
    )))
}

fn perf_counter(args: &Args<'_>) -> PyResult<Obj> {
    no_args(args, "perf_counter")?;
    Ok(Obj::from(elapsed().as_secs_f64()))
}

/// `time.sleep(seconds)`.
fn sleep(args: &Args<'_>) -> PyResult<Obj> {
    let seconds = args.one("time.sleep")?;
    let value: f64 = seconds.extract()?;
    if value.is_nan() {
        return Err(PyErr::value_error("Invalid value NaN (not a number)"));
    }
    if value < 0.0 {
        return Err(PyErr::value_error("sleep length must be non-negative"));
    }
    let duration = Duration::try_from_secs_f64(value)
        .map_err(|_| PyErr::overflow_error("sleep length is too large"))?;
    std::thread::sleep(duration);
    Ok(Obj::none())
}

/// Makes the `time` module object.
pub(super) fn make() -> PyResult<Obj> {
    crate::pyobject::PyModule::new_object(
        "time",
        [
            function("time", |args| {
                no_args(args, "time")?;
                Ok(Obj::from(since_epoch().as_secs_f64()))
            }),
            function("time_ns", |args| {
                no_args(args, "time_ns")?;
                Ok(nanos(since_epoch()))
            }),
            function("perf_counter", perf_counter),
            function("perf_counter_ns", |args| {
                no_args(args, "perf_counter_ns")?;
                Ok(nanos(elapsed()))
            }),
            function("monotonic", |args| {
                no_args(args, "monotonic")?;
                Ok(Obj::from(elapsed().as_secs_f64()))
            }),
            function("monotonic_ns", |args| {
                no_args(args, "monotonic_ns")?;
                Ok(nanos(elapsed()))
            }),
            function("sleep", sleep),
        ],
    )
}

/// Makes the `pyperf` module object: `perf_counter` only.
pub(super) fn make_pyperf() -> PyResult<Obj> {
    crate::pyobject::PyModule::new_object("pyperf", [function("perf_counter", perf_counter)])
}
