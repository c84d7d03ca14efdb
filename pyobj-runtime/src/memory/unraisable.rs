//! Errors nobody can be told about (CPython's `sys.unraisablehook`).
//!
//! Some user code runs where no caller is waiting for its result: a `Drop`, `Trace` impl,
//! finalizer or callback run by an automatic collection (started by some unrelated
//! allocation), by the collection of an exiting thread, or by a release at thread exit,
//! where a panic that escaped would abort the process ("thread local panicked on drop").
//! CPython has the same problem with exceptions raised in `__del__` and in gc callbacks,
//! and hands them to `sys.unraisablehook`, whose default prints them to stderr and goes on.
//! pyobj does the same: the panic is caught, described by an [`Unraisable`], and handed to
//! this thread's hook ([`set_unraisable_hook`]); the work goes on.
//!
//! The default hook ([`default_unraisable_hook`]) prints CPython 3.11's shape:
//!
//! ```text
//! Exception ignored in: <my_crate::Node object at 0x7f3a5c01a010>
//! PanicException: drop of node 1 panicked
//! ```
//!
//! (CPython prints a traceback between the two lines; a panic has none. The second line
//! is CPython's `ExceptionType: message`, with the type a Rust panic has in Python under
//! PyO3, `PanicException`.)

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::rc::Rc;

use crate::object::{Header, VTable};

/// The exception type a panic is reported as (PyO3's name for a Rust panic in Python).
pub(crate) const PANIC_EXCEPTION: &str = "PanicException";

/// One error that could not be raised, as CPython's `UnraisableHookArgs` describes it.
#[derive(Clone, Copy)]
pub struct Unraisable<'a> {
    /// CPython's `err_msg`: what was running, when no object names it better (as in
    /// `"in garbage collection"`). `None` means the default, `"in"` followed by
    /// [`object`](Unraisable::object).
    pub err_msg: Option<&'a str>,
    /// The object concerned, as CPython's default `repr` writes it
    /// (`<my_crate::Node object at 0x7f3a5c01a010>`, with the Rust type name), or what
    /// ran (`<gc callback>`, `<weakref callback>`). `None` when nothing more precise than
    /// [`err_msg`](Unraisable::err_msg) is known.
    pub object: Option<&'a str>,
    /// The Rust type name of the object concerned, if an object is concerned.
    pub type_name: Option<&'static str>,
    /// CPython's `exc_type`, by name: `"PanicException"` for a panic, `"SystemError"`
    /// for an inconsistency the collector found (see [`gc::collect`](crate::gc::collect)).
    pub exc_type: &'a str,
    /// CPython's `exc_value`, as text: the panic message (`Box<dyn Any>` for a payload
    /// that is neither a `&str` nor a `String`, as std's panic hook prints it), or the
    /// collector's description of the inconsistency.
    pub exc_value: &'a str,
    /// The panic's payload, for a panic.
    pub payload: Option<&'a (dyn Any + Send)>,
}

impl fmt::Debug for Unraisable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unraisable")
            .field("err_msg", &self.err_msg)
            .field("object", &self.object)
            .field("type_name", &self.type_name)
            .field("exc_type", &self.exc_type)
            .field("exc_value", &self.exc_value)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Unraisable<'_> {
    /// The text of the default hook, as CPython 3.11's `write_unraisable_exc_file` lays
    /// it out (without the traceback): `Exception ignored in: <object>`, or
    /// `Exception ignored <err_msg>: <object>`, or `Exception ignored <err_msg>:`; then
    /// `<exc_type>: <exc_value>`. Each line ends with a newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.err_msg, self.object) {
            (None, Some(object)) => writeln!(f, "Exception ignored in: {object}")?,
            (Some(err_msg), Some(object)) => writeln!(f, "Exception ignored {err_msg}: {object}")?,
            (Some(err_msg), None) => writeln!(f, "Exception ignored {err_msg}:")?,
            (None, None) => {}
        }
        writeln!(f, "{}: {}", self.exc_type, self.exc_value)
    }
}

/// A replaceable unraisable hook (see [`set_unraisable_hook`]).
pub type UnraisableHook = Rc<dyn Fn(&Unraisable<'_>)>;

thread_local! {
    /// This thread's hook; `None` is the default.
    static HOOK: RefCell<Option<UnraisableHook>> = const { RefCell::new(None) };
}

/// CPython's default `sys.unraisablehook` (`sys.__unraisablehook__`): writes the report
/// ([`Unraisable`]'s `Display`) to stderr in one write, ignoring a failure to write.
pub fn default_unraisable_hook(report: &Unraisable<'_>) {
    let text = report.to_string();
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Replaces this thread's unraisable hook (`sys.unraisablehook = hook`); returns the one
/// it replaces.
///
/// The hook is per thread, as the heap is (one heap is one interpreter). It is called
/// with each panic caught where nobody called: in an automatic collection, in the
/// collection of an exiting thread, in a release at thread exit (see
/// [`gc::collect`](crate::gc::collect) for the details), and with each inconsistency the
/// collector finds in `Trace` impls. It may run any code, including allocating or asking
/// for a collection (which returns 0 during a collection); a panic in the hook is itself
/// reported by the default hook, as CPython reports a failing `sys.unraisablehook`.
///
/// At thread exit, the hook is used while the thread-local holding it lives: set it
/// before the thread's first object is made and it outlives the thread's last
/// collection; otherwise the default hook may be used for the last reports.
///
/// ```
/// use std::{cell::RefCell, rc::Rc};
/// use pyobj::gc;
///
/// let seen = Rc::new(RefCell::new(Vec::new()));
/// let sink = seen.clone();
/// let previous = gc::set_unraisable_hook(Rc::new(move |report: &gc::Unraisable<'_>| {
///     sink.borrow_mut().push(report.to_string());
/// }));
/// // ... collections that may report ...
/// gc::set_unraisable_hook(previous); // or gc::reset_unraisable_hook()
/// assert!(seen.borrow().is_empty());
/// ```
pub fn set_unraisable_hook(hook: UnraisableHook) -> UnraisableHook {
    let previous = HOOK
        .try_with(|slot| slot.borrow_mut().replace(hook))
        .ok()
        .flatten();
    previous.unwrap_or_else(|| Rc::new(default_unraisable_hook))
}

/// Restores the default hook ([`default_unraisable_hook`]) for this thread
/// (`sys.unraisablehook = sys.__unraisablehook__`); returns the one it replaces.
pub fn reset_unraisable_hook() -> UnraisableHook {
    let previous = HOOK
        .try_with(|slot| slot.borrow_mut().take())
        .ok()
        .flatten();
    previous.unwrap_or_else(|| Rc::new(default_unraisable_hook))
}

/// Hands `report` to this thread's hook. A panic in the hook is reported by the default
/// hook; nothing unwinds out of this function.
pub(crate) fn report(report: &Unraisable<'_>) {
    let hook = HOOK.try_with(|slot| slot.borrow().clone()).ok().flatten();
    let Some(hook) = hook else {
        default_unraisable_hook(report);
        return;
    };
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| hook(report))) {
        let message = panic_message(&*payload);
        // The payload of the hook's own panic may panic when dropped: caught too, and
        // then given up on (leaked), as nothing is left to report it to.
        let failure = Unraisable {
            err_msg: None,
            object: Some("<unraisable hook>"),
            type_name: None,
            exc_type: PANIC_EXCEPTION,
            exc_value: &message,
            payload: Some(&*payload),
        };
        default_unraisable_hook(&failure);
        drop_quietly(payload);
    }
}

/// The message of a panic payload, as std's panic hook prints it.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "Box<dyn Any>".to_owned()
    }
}

/// Drops a panic payload; one whose own `Drop` panics is leaked instead.
fn drop_quietly(payload: Box<dyn Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(|| drop(payload))) {
        std::mem::forget(again);
    }
}

/// The object a panic came from, described before the user code ran (the object may be
/// freed by the time the panic is caught: only its type and address are kept).
#[derive(Clone, Copy)]
pub(crate) struct Culprit {
    vtable: &'static VTable,
    addr: usize,
}

impl Culprit {
    /// Describes `object`.
    ///
    /// SAFETY of callers: `object` is live when this is called.
    #[inline]
    pub(crate) fn of(object: NonNull<Header>) -> Culprit {
        // SAFETY: the caller passes a live object (see above).
        let vtable = unsafe { object.as_ref() }.vtable();
        Culprit {
            vtable,
            addr: object.addr().get(),
        }
    }

    /// Describes the object at `object`, of vtable `vtable`, without reading it.
    #[inline]
    pub(crate) fn new(vtable: &'static VTable, object: NonNull<Header>) -> Culprit {
        Culprit {
            vtable,
            addr: object.addr().get(),
        }
    }

    /// The Rust type name of the object.
    pub(crate) fn type_name(self) -> &'static str {
        (self.vtable.type_name)()
    }

    /// `<type object at 0x...>`, CPython's default `repr`.
    pub(crate) fn repr(self) -> String {
        format!("<{} object at {:#x}>", self.type_name(), self.addr)
    }
}

/// Where a caught panic came from.
#[derive(Clone, Copy)]
pub(crate) enum Site {
    /// The user code of this object (its trace, clear, finalizer, or its release).
    Object(Culprit),
    /// Something without an object, named as CPython would name the callable.
    Named(&'static str),
    /// Somewhere in a collection (CPython's `"in garbage collection"`).
    Collection,
}

/// Reports a caught panic, then drops its payload (a payload whose `Drop` panics is
/// leaked).
pub(crate) fn report_panic(payload: Box<dyn Any + Send>, site: Site) {
    let message = panic_message(&*payload);
    let repr;
    let (err_msg, object, type_name) = match site {
        Site::Object(culprit) => {
            repr = culprit.repr();
            (None, Some(repr.as_str()), Some(culprit.type_name()))
        }
        Site::Named(name) => (None, Some(name), None),
        Site::Collection => (Some("in garbage collection"), None, None),
    };
    report(&Unraisable {
        err_msg,
        object,
        type_name,
        exc_type: PANIC_EXCEPTION,
        exc_value: &message,
        payload: Some(&*payload),
    });
    drop_quietly(payload);
}

/// Runs `f`, reporting a panic from it as coming from `site`.
pub(crate) fn run_reporting(site: Site, f: impl FnOnce()) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(f)) {
        report_panic(payload, site);
    }
}

/// The value of one of the runtime's thread-locals, whose destructor reports a panic of
/// the `Drop` impls it runs (the handles it holds) to the unraisable hook instead of
/// unwinding: in a thread-local's destructor a panic aborts the process.
pub(crate) struct ReportOnDrop<T: Default> {
    /// The value.
    pub(crate) value: T,
    /// What the report names (`<gc.garbage>`).
    pub(crate) name: &'static str,
}

impl<T: Default> Drop for ReportOnDrop<T> {
    fn drop(&mut self) {
        let value = std::mem::take(&mut self.value);
        run_reporting(Site::Named(self.name), move || drop(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_text_has_cpython_s_three_shapes() {
        let report = |err_msg, object| {
            Unraisable {
                err_msg,
                object,
                type_name: None,
                exc_type: PANIC_EXCEPTION,
                exc_value: "boom",
                payload: None,
            }
            .to_string()
        };
        assert_eq!(
            report(None, Some("<a::B object at 0x10>")),
            "Exception ignored in: <a::B object at 0x10>\nPanicException: boom\n"
        );
        assert_eq!(
            report(Some("in tp_clear of"), Some("<class 'B'>")),
            "Exception ignored in tp_clear of: <class 'B'>\nPanicException: boom\n"
        );
        assert_eq!(
            report(Some("in garbage collection"), None),
            "Exception ignored in garbage collection:\nPanicException: boom\n"
        );
    }

    #[test]
    fn panic_messages_are_read_as_std_reads_them() {
        assert_eq!(panic_message(&"static"), "static");
        assert_eq!(panic_message(&String::from("owned")), "owned");
        assert_eq!(panic_message(&42_u8), "Box<dyn Any>");
    }

    #[test]
    fn a_panicking_hook_is_reported_and_does_not_unwind() {
        let previous = set_unraisable_hook(Rc::new(|_: &Unraisable<'_>| panic!("hook failed")));
        report_panic(Box::new("first"), Site::Named("<test>"));
        let replaced = set_unraisable_hook(previous);
        // The replaced hook is the panicking one (it panics when called).
        let called = catch_unwind(AssertUnwindSafe(|| {
            replaced(&Unraisable {
                err_msg: None,
                object: None,
                type_name: None,
                exc_type: "X",
                exc_value: "",
                payload: None,
            })
        }));
        assert!(called.is_err());
    }
}
