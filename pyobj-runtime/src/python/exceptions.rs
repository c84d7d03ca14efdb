//! Python exceptions: [`PyErr`], the error of every fallible Python operation, and the
//! builtin exception types, with CPython 3.11's hierarchy and message texts.
//!
//! A `PyErr` carries an exception *object* (an [`Obj`] whose type derives from
//! `BaseException`), as a `raise` does: it can be caught by type (a `KeyError` is a
//! `LookupError`), its `args` read, its `str()` and `repr()` printed.
//!
//! ```
//! use pyobj::Obj;
//! use pyobj::exceptions::{INDEX_ERROR, LOOKUP_ERROR};
//!
//! let list = Obj::list([]);
//! let err = list.get_item(&Obj::from(0)).unwrap_err();   // [][0]
//! assert!(err.is_instance(&INDEX_ERROR));
//! assert!(err.is_instance(&LOOKUP_ERROR));
//! assert_eq!(err.to_string(), "IndexError: list index out of range");
//! assert_eq!(err.value().repr().unwrap(), "IndexError('list index out of range')");
//! ```
//!
//! No Python-level error is a Rust panic: every operation on [`Obj`] returns a
//! [`PyResult`].

use std::fmt;

use crate::pyobject::{Args, InstanceData, Obj, PyTuple, PyType, as_type_object};
use crate::trace::{Trace, Tracer};

/// The result of a Python operation: a value, or a raised exception.
pub type PyResult<T> = Result<T, PyErr>;

/// A raised Python exception: an exception object, as `raise` carries it.
#[derive(Clone)]
pub struct PyErr {
    value: Obj,
}

/// An exception object: its type and its `args` tuple (CPython's
/// `PyBaseExceptionObject`).
///
/// An instance of a class deriving from a builtin exception (`class MyError(Exception)`)
/// is one of these too, its type the class's table, with the class object and the
/// instance's own attributes in its [`InstanceData`]; so raising, catching, `str()`,
/// `repr()` and `args` work for it as for a builtin exception.
pub struct PyBaseException {
    ty: &'static PyType,
    args: Obj,
    data: Option<Box<InstanceData>>,
    /// Where the exception passed on its way out of compiled Python code, innermost
    /// first (CPython's `__traceback__`).
    traceback: std::cell::RefCell<Vec<crate::frame::Location>>,
    /// `__cause__` (set by `raise ... from ...`), then whether `__suppress_context__`.
    cause: std::cell::RefCell<(Option<Obj>, bool)>,
    /// `errno`, `strerror`, `filename`, `filename2` of an `OSError` made with 2 to 5
    /// arguments.
    os: Option<Box<OsErrorFields>>,
}

/// The attributes of an `OSError` (CPython's `PyOSErrorObject`), set when it is made
/// with 2 to 5 arguments: `OSError(errno, strerror[, filename[, winerror[,
/// filename2]]])`.
struct OsErrorFields {
    errno: Obj,
    strerror: Obj,
    /// Not `None` (a `None` filename is not recorded).
    filename: Option<Obj>,
    /// Recorded only with a filename.
    filename2: Option<Obj>,
}

impl Trace for OsErrorFields {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.errno.trace(tracer);
        self.strerror.trace(tracer);
        self.filename.trace(tracer);
        self.filename2.trace(tracer);
    }
}

/// CPython's `oserror_parse_args` and `oserror_init`: for an `OSError` (or a subtype)
/// made with 2 to 5 arguments, its fields, and the `args` it keeps (only the first two
/// when a filename is given).
fn os_error_fields(ty: &'static PyType, args: Vec<Obj>) -> (Obj, Option<Box<OsErrorFields>>) {
    if !(2..=5).contains(&args.len()) || !ty.is_subtype(&OS_ERROR) {
        return (Obj::tuple(args), None);
    }
    let filename = args.get(2).filter(|name| !name.is_none()).cloned();
    let filename2 = match filename {
        Some(_) => args.get(4).filter(|name| !name.is_none()).cloned(),
        None => None,
    };
    let fields = OsErrorFields {
        errno: args[0].clone(),
        strerror: args[1].clone(),
        filename,
        filename2,
    };
    let kept = if fields.filename.is_some() {
        Obj::tuple(args.into_iter().take(2))
    } else {
        Obj::tuple(args)
    };
    (kept, Some(Box::new(fields)))
}

/// `OSError(errno, ...)` called on `OSError` itself makes the subtype of that errno
/// (CPython's `errnomap`): `OSError(2, 'x')` is a `FileNotFoundError`.
fn os_error_subtype(args: &[Obj]) -> &'static PyType {
    if !(2..=5).contains(&args.len()) {
        return &OS_ERROR;
    }
    let errno = match crate::pyobject::int::int_value(&args[0]) {
        Some(crate::pyobject::int::IntRef::Small(errno)) => Some(errno),
        _ => None,
    };
    match errno {
        Some(ERRNO_EPERM | ERRNO_EACCES) => &PERMISSION_ERROR,
        Some(ERRNO_ENOENT) => &FILE_NOT_FOUND_ERROR,
        Some(ERRNO_EEXIST) => &FILE_EXISTS_ERROR,
        Some(ERRNO_ENOTDIR) => &NOT_A_DIRECTORY_ERROR,
        Some(ERRNO_EISDIR) => &IS_A_DIRECTORY_ERROR,
        _ => &OS_ERROR,
    }
}

/// The POSIX error numbers the `OSError` subtypes stand for (the same on Linux and
/// macOS).
const ERRNO_EPERM: i64 = 1;
const ERRNO_ENOENT: i64 = 2;
const ERRNO_EACCES: i64 = 13;
const ERRNO_EEXIST: i64 = 17;
const ERRNO_ENOTDIR: i64 = 20;
const ERRNO_EISDIR: i64 = 21;

impl PyBaseException {
    /// The exception's type (`TypeError`, ...).
    pub fn exception_type(&self) -> &'static PyType {
        self.ty
    }

    /// The `args` tuple.
    pub fn args(&self) -> &Obj {
        &self.args
    }

    /// The class and attributes of an instance of a class deriving from an exception.
    pub fn instance_data(&self) -> Option<&InstanceData> {
        self.data.as_deref()
    }

    fn arg_items(&self) -> &[Obj] {
        self.args
            .downcast_ref::<PyTuple>()
            .map_or(&[], PyTuple::as_slice)
    }
}

/// The vtable of every `PyBaseException` without a finalizer (a downcast is one comparison of
/// addresses; one with a finalizer is recognized by its `TypeId`).
static PYBASEEXCEPTION_VTABLE: crate::refcount::StaticVTable<PyBaseException> =
    crate::refcount::StaticVTable::shared();

impl Trace for PyBaseException {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> =
        Some(PYBASEEXCEPTION_VTABLE.get_shared());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BASE_EXCEPTION);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.args.trace(tracer);
        self.data.trace(tracer);
        if let Some(os) = &self.os {
            os.trace(tracer);
        }
        match self.cause.try_borrow() {
            Ok(cause) => cause.0.trace(tracer),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        self.data.drop_handles();
        if let Ok(mut cause) = self.cause.try_borrow_mut() {
            let old = cause.0.take();
            drop(cause);
            drop(old);
        }
    }
}

impl crate::Finalize for PyBaseException {
    /// Calls the class's `__del__` (only instances of classes that define it get this
    /// finalizer).
    fn finalize(this: &crate::Gc<Self>) {
        if let Some(data) = this.instance_data() {
            let obj = Obj::from(this.clone());
            crate::pyobject::call_del(&obj, data.class());
        }
    }
}

/// A new instance of the exception class `class` (whose table is `ty`) with `args`;
/// with a finalizer calling `__del__` if `finalizer`.
pub(crate) fn new_class_instance(
    ty: &'static PyType,
    class: Obj,
    args: Vec<Obj>,
    finalizer: bool,
) -> Obj {
    let (args, os) = os_error_fields(ty, args);
    let value = PyBaseException {
        ty,
        args,
        data: Some(Box::new(InstanceData::new(class))),
        traceback: std::cell::RefCell::new(Vec::new()),
        cause: std::cell::RefCell::new((None, false)),
        os,
    };
    if finalizer {
        Obj::from(crate::Gc::with_finalizer(value))
    } else {
        Obj::new(value)
    }
}

impl PyErr {
    /// Raises `ty(message)`. `ty` is one of the exception types of this module.
    pub fn new(ty: &'static PyType, message: impl Into<String>) -> PyErr {
        PyErr::with_args(ty, vec![Obj::from(message.into())])
    }

    /// Raises `ty(*args)`.
    pub fn with_args(ty: &'static PyType, args: Vec<Obj>) -> PyErr {
        let ty = if ty.is_subtype(&BASE_EXCEPTION) {
            ty
        } else {
            &SYSTEM_ERROR
        };
        if ty.is_heap_type() {
            // The table of an exception class: an instance of the class (without
            // calling its `__init__`).
            let class = ty.to_object();
            if class.is_exact::<crate::PyClass>() {
                return PyErr {
                    value: new_class_instance(ty, class, args, false),
                };
            }
        }
        let (args, os) = os_error_fields(ty, args);
        PyErr {
            value: Obj::new(PyBaseException {
                ty,
                args,
                data: None,
                traceback: std::cell::RefCell::new(Vec::new()),
                cause: std::cell::RefCell::new((None, false)),
                os,
            }),
        }
    }

    /// The error with one more traceback entry: the place it is leaving (compiled code
    /// adds one per function it passes through, innermost first).
    pub fn with_location(self, location: crate::frame::Location) -> PyErr {
        if let Some(exception) = self.value.downcast_ref::<PyBaseException>() {
            exception.traceback.borrow_mut().push(location);
        }
        self
    }

    /// The traceback entries, innermost first.
    pub fn traceback(&self) -> Vec<crate::frame::Location> {
        self.value
            .downcast_ref::<PyBaseException>()
            .map(|exception| exception.traceback.borrow().clone())
            .unwrap_or_default()
    }

    /// Raises an exception object (`raise exc`), or an exception type, which is called
    /// with no arguments (`raise KeyError`). Anything else raises `TypeError:
    /// exceptions must derive from BaseException`.
    pub fn from_value(value: Obj) -> PyErr {
        if value.is_instance(&BASE_EXCEPTION) {
            return PyErr { value };
        }
        match as_type_object(&value) {
            // A class: called with no arguments, its `__init__` run (which may raise).
            Some(ty) if ty.is_subtype(&BASE_EXCEPTION) && ty.is_heap_type() => {
                match value.call(&[]) {
                    Ok(instance) => PyErr::from_value(instance),
                    Err(error) => error,
                }
            }
            Some(ty) if ty.is_subtype(&BASE_EXCEPTION) => PyErr::with_args(ty, vec![]),
            _ => PyErr::type_error("exceptions must derive from BaseException"),
        }
    }

    /// Whether `except classinfo:` catches this exception: `classinfo` is an exception
    /// type or class, or a tuple of them; anything else raises `TypeError: catching
    /// classes that do not inherit from BaseException is not allowed`.
    pub fn matches(&self, classinfo: &Obj) -> PyResult<bool> {
        if let Some(ty) = as_type_object(classinfo)
            && ty.is_subtype(&BASE_EXCEPTION)
        {
            return Ok(self.is_instance(ty));
        }
        if let Some(types) = classinfo.downcast_ref::<PyTuple>() {
            for candidate in types.as_slice() {
                if self.matches(candidate)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        Err(PyErr::type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        ))
    }

    /// The exception object.
    pub fn value(&self) -> &Obj {
        &self.value
    }

    /// The exception object, taken out.
    pub fn into_value(self) -> Obj {
        self.value
    }

    /// The exception's type.
    pub fn exception_type(&self) -> &'static PyType {
        self.value.py_type()
    }

    /// Whether the exception is an instance of `ty` (what `except ty:` catches).
    pub fn is_instance(&self, ty: &PyType) -> bool {
        self.exception_type().is_subtype(ty)
    }

    /// The `args` of the exception.
    pub fn args(&self) -> Vec<Obj> {
        self.value
            .downcast_ref::<PyBaseException>()
            .map(|exc| exc.arg_items().to_vec())
            .unwrap_or_default()
    }

    /// `str(exc)`: the message (`'a'` for `KeyError('a')`).
    pub fn message(&self) -> String {
        self.value.str().unwrap_or_default()
    }

    /// `TypeError`.
    pub fn type_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&TYPE_ERROR, message)
    }

    /// `ValueError`.
    pub fn value_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&VALUE_ERROR, message)
    }

    /// `IndexError`.
    pub fn index_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&INDEX_ERROR, message)
    }

    /// `KeyError(key)`: its `str()` is the key's `repr()`.
    pub fn key_error(key: Obj) -> PyErr {
        PyErr::with_args(&KEY_ERROR, vec![key])
    }

    /// `AttributeError`.
    pub fn attribute_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&ATTRIBUTE_ERROR, message)
    }

    /// `AttributeError: 'int' object has no attribute 'foo'`, or for a type object
    /// `AttributeError: type object 'A' has no attribute 'foo'`.
    pub fn no_attribute(obj: &Obj, name: &str) -> PyErr {
        if let Some(ty) = as_type_object(obj) {
            return PyErr::attribute_error(format!(
                "type object '{}' has no attribute '{name}'",
                ty.name()
            ));
        }
        PyErr::attribute_error(format!(
            "'{}' object has no attribute '{name}'",
            obj.type_name()
        ))
    }

    /// `NameError: name 'a' is not defined`.
    pub fn name_error(name: &str) -> PyErr {
        PyErr::new(&NAME_ERROR, format!("name '{name}' is not defined"))
    }

    /// `UnboundLocalError: cannot access local variable 'x' where it is not associated
    /// with a value`.
    pub fn unbound_local_error(name: &str) -> PyErr {
        PyErr::new(
            &UNBOUND_LOCAL_ERROR,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    /// `ZeroDivisionError`.
    pub fn zero_division_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&ZERO_DIVISION_ERROR, message)
    }

    /// `OverflowError`.
    pub fn overflow_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&OVERFLOW_ERROR, message)
    }

    /// `RuntimeError`.
    pub fn runtime_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&RUNTIME_ERROR, message)
    }

    /// `RecursionError: maximum recursion depth exceeded<context>`.
    pub fn recursion_error(context: &str) -> PyErr {
        PyErr::new(
            &RECURSION_ERROR,
            format!("maximum recursion depth exceeded{context}"),
        )
    }

    /// `StopIteration` (with the iterator's return value, if any).
    pub fn stop_iteration(value: Option<Obj>) -> PyErr {
        PyErr::with_args(&STOP_ITERATION, value.into_iter().collect())
    }

    /// `AssertionError` (with a message, if any).
    pub fn assertion_error(message: Option<Obj>) -> PyErr {
        PyErr::with_args(&ASSERTION_ERROR, message.into_iter().collect())
    }

    /// `SystemError`: a bug of the runtime reported as CPython does, not a panic.
    pub fn system_error(message: impl Into<String>) -> PyErr {
        PyErr::new(&SYSTEM_ERROR, message)
    }

    /// The `OSError` of a failed system call, as CPython raises it
    /// (`PyErr_SetFromErrnoWithFilenameObject`): the subtype of the error number
    /// (`FileNotFoundError`...), `errno` and `strerror` from the OS, and `filename` when
    /// given: `FileNotFoundError: [Errno 2] No such file or directory: 'x'`.
    pub fn from_io_error(error: &std::io::Error, filename: Option<Obj>) -> PyErr {
        let Some(errno) = error.raw_os_error() else {
            return PyErr::new(&OS_ERROR, error.to_string());
        };
        let mut args = vec![Obj::from(i64::from(errno)), Obj::from(strerror(error))];
        args.extend(filename);
        PyErr::with_args(os_error_subtype(&args), args)
    }
}

impl fmt::Display for PyErr {
    /// A Python traceback: the entries compiled code added, outermost first, then the
    /// last line, `KeyError: 'a'` (just `StopIteration` when the message is empty).
    /// Without entries, only the last line.
    ///
    /// ```text
    /// Traceback (most recent call last):
    ///   File "src/main.rs", line 12, in <module>
    ///   File "src/main.rs", line 9, in f
    /// ZeroDivisionError: division by zero
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let traceback = self.traceback();
        if !traceback.is_empty() {
            writeln!(f, "Traceback (most recent call last):")?;
            for location in traceback.iter().rev() {
                writeln!(
                    f,
                    "  File \"{}\", line {}, in {}",
                    location.file, location.line, location.function
                )?;
            }
        }
        let name = self.exception_type().name();
        match self.message() {
            message if message.is_empty() => f.write_str(name),
            message => write!(f, "{name}: {message}"),
        }
    }
}

impl fmt::Debug for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for PyErr {}

/// A [`PyErr`] turned into text, to leave the thread: `Send + Sync + 'static`, an
/// [`std::error::Error`].
///
/// A `PyErr` holds its exception object, which lives on its thread's heap, so it is
/// neither `Send` nor `Sync` and cannot go into a `Box<dyn Error + Send + Sync>`. This
/// keeps what a reader of the error needs: the exception type's name, its message
/// (`str(exc)`), and the full text of [`PyErr`]'s `Display` (the traceback, then the last
/// line), which is this error's `Display` too.
///
/// `?` converts a `PyErr` into it (`From<PyErr>`), in a function returning
/// `Result<_, pyobj::Error>` or an error type of yours that implements
/// `From<pyobj::Error>` or `From<PyErr>`. For a `Box<dyn Error + Send + Sync>`, go
/// through it with `map_err(PyErr::into_send)?`: `?` alone cannot, as the standard
/// library's `From<E>` for that box, for every `E: Error + Send + Sync`, overlaps with
/// any `From<PyErr>` impl (coherence does not rely on `PyErr` not being `Send`).
///
/// ```
/// use pyobj::{Obj, PyErr};
///
/// fn first(list: &Obj) -> Result<Obj, Box<dyn std::error::Error + Send + Sync>> {
///     Ok(list.get_item(&Obj::from(0)).map_err(PyErr::into_send)?)
/// }
///
/// let error = first(&Obj::list([])).unwrap_err();
/// assert_eq!(error.to_string(), "IndexError: list index out of range");
/// let error = error.downcast::<pyobj::Error>().unwrap();
/// assert_eq!(error.type_name(), "IndexError");
/// assert_eq!(error.message(), "list index out of range");
/// std::thread::spawn(move || assert!(error.is("IndexError"))).join().unwrap();
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    /// The exception type's name (`KeyError`, or a class's name).
    type_name: String,
    /// The names of the exception type and its bases, the type first (its MRO).
    mro: Vec<String>,
    /// `str(exc)`.
    message: String,
    /// [`PyErr`]'s `Display`: the traceback, then the last line.
    text: String,
}

impl Error {
    /// The exception type's name: `"KeyError"`, or a class's `__name__`.
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The message, `str(exc)` (`"'a'"` for `KeyError('a')`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the exception type or one of its bases is named `name` (what `except
    /// name:` would catch, by name: `is("LookupError")` for a `KeyError`).
    pub fn is(&self, name: &str) -> bool {
        self.mro.iter().any(|base| base == name)
    }
}

impl PyErr {
    /// This error as text that may leave the thread ([`Error`]): the type's name, the
    /// message and the full traceback text.
    ///
    /// ```
    /// use pyobj::PyErr;
    ///
    /// let error = PyErr::key_error("a".into()).into_send();
    /// assert_eq!(error.to_string(), "KeyError: 'a'");
    /// assert!(error.is("LookupError"));
    /// ```
    pub fn into_send(self) -> Error {
        let ty = self.exception_type();
        Error {
            type_name: ty.name().to_string(),
            mro: ty.mro().map(|base| base.name().to_string()).collect(),
            message: self.message(),
            text: self.to_string(),
        }
    }
}

impl From<PyErr> for Error {
    /// [`PyErr::into_send`].
    fn from(error: PyErr) -> Self {
        error.into_send()
    }
}

impl fmt::Display for Error {
    /// As [`PyErr`]'s `Display`: the traceback, then `KeyError: 'a'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Error {}

const _: () = {
    const fn send_sync_static<T: Send + Sync + 'static>() {}
    send_sync_static::<Error>();
};

/// A hook receiving the text of an unraisable exception.
pub type UnraisableHook = Box<dyn FnMut(&str)>;

thread_local! {
    /// This thread's `sys.unraisablehook`, if one is set.
    static UNRAISABLE_HOOK: std::cell::RefCell<Option<UnraisableHook>> =
        const { std::cell::RefCell::new(None) };
}

/// Sets (or with `None` removes) this thread's hook for unraisable exceptions (the
/// analogue of `sys.unraisablehook`), returning the previous one. Without a hook the text
/// goes to stderr.
pub fn set_unraisable_hook(hook: Option<UnraisableHook>) -> Option<UnraisableHook> {
    UNRAISABLE_HOOK
        .try_with(|slot| slot.replace(hook))
        .ok()
        .flatten()
}

/// Reports an exception that cannot be raised (one raised by `__del__` or a weak
/// reference callback), as CPython prints it:
///
/// ```text
/// Exception ignored in: <function A.__del__ at 0x7f...>
/// Traceback (most recent call last):
///   File "<pyobj>", in __del__
/// ValueError: msg
/// ```
///
/// The first line names `context` (its repr), the last is the exception; pyobj has no
/// frames to show, so the traceback has one line naming the function when `context` is
/// one. The text goes to the hook set by [`set_unraisable_hook`], else to stderr.
pub fn write_unraisable(error: &PyErr, context: Option<&Obj>) {
    let mut text = String::new();
    if let Some(context) = context {
        let repr = context
            .repr()
            .unwrap_or_else(|_| format!("<{} object at {:#x}>", context.type_name(), context.id()));
        text.push_str(&format!("Exception ignored in: {repr}\n"));
    }
    text.push_str("Traceback (most recent call last):\n");
    let function = context
        .and_then(|context| context.getattr("__name__").ok())
        .and_then(|name| name.as_str().map(str::to_owned));
    if let Some(function) = function {
        text.push_str(&format!("  File \"<pyobj>\", in {function}\n"));
    }
    text.push_str(&format!("{error}\n"));
    let hook = UNRAISABLE_HOOK.try_with(|slot| slot.take()).ok().flatten();
    match hook {
        Some(mut hook) => {
            hook(&text);
            // Put back unless the hook set another one meanwhile.
            let _ = UNRAISABLE_HOOK.try_with(|slot| {
                let mut slot = slot.borrow_mut();
                if slot.is_none() {
                    *slot = Some(hook);
                }
            });
        }
        None => eprint!("{text}"),
    }
}

fn exception(obj: &Obj) -> Option<&PyBaseException> {
    obj.downcast_ref::<PyBaseException>()
}

fn class_of(obj: &Obj) -> &'static PyType {
    exception(obj).map_or(&BASE_EXCEPTION, |exc| exc.ty)
}

/// The text of an OS error without Rust's ` (os error N)` suffix (C's `strerror`).
fn strerror(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}

fn exception_new(ty: &'static PyType, args: &Args<'_>) -> crate::PyResult<Obj> {
    args.no_keywords(ty.name())?;
    let ty = if std::ptr::eq(ty, &OS_ERROR) {
        os_error_subtype(args.positional())
    } else {
        ty
    };
    Ok(PyErr::with_args(ty, args.positional().to_vec()).into_value())
}

/// `TypeError('msg')`, `TypeError()`, `TypeError('a', 1)`; a builtin type's name
/// without its module (`UnsupportedOperation('x')` for `io.UnsupportedOperation`).
fn exception_repr(obj: &Obj) -> PyResult<String> {
    let ty = obj.py_type();
    let name = if ty.is_heap_type() {
        ty.name()
    } else {
        ty.name().rsplit('.').next().unwrap_or_default()
    };
    let Some(exc) = exception(obj) else {
        return Ok(format!("{name}()"));
    };
    match exc.arg_items() {
        [arg] => Ok(format!("{name}({})", arg.repr()?)),
        _ => Ok(format!("{name}{}", exc.args.repr()?)),
    }
}

/// `''`, `str(arg)`, or `str(args)`.
fn exception_str(obj: &Obj) -> PyResult<String> {
    let Some(exc) = exception(obj) else {
        return Ok(String::new());
    };
    match exc.arg_items() {
        [] => Ok(String::new()),
        [arg] => arg.str(),
        _ => exc.args.str(),
    }
}

/// `OSError`'s text: `[Errno 2] No such file or directory: 'x'` (with `-> 'y'` for a
/// second filename), `[Errno 2] text` without a filename, else as `Exception`'s.
fn os_error_str(obj: &Obj) -> PyResult<String> {
    let Some(os) = exception(obj).and_then(|exc| exc.os.as_deref()) else {
        return exception_str(obj);
    };
    let mut text = format!("[Errno {}] {}", os.errno.str()?, os.strerror.str()?);
    if let Some(filename) = &os.filename {
        text.push_str(": ");
        text.push_str(&filename.repr()?);
        if let Some(filename2) = &os.filename2 {
            text.push_str(" -> ");
            text.push_str(&filename2.repr()?);
        }
    }
    Ok(text)
}

/// `KeyError`'s one argument prints as its repr: `KeyError: 'a'`.
fn key_error_str(obj: &Obj) -> PyResult<String> {
    match exception(obj).map(PyBaseException::arg_items) {
        Some([key]) => key.repr(),
        _ => exception_str(obj),
    }
}

fn exception_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let Some(exc) = exception(obj) else {
        return Ok(None);
    };
    Ok(match name {
        "args" => Some(exc.args.clone()),
        "__cause__" => Some(exc.cause.borrow().0.clone().unwrap_or_else(Obj::none)),
        "__suppress_context__" => Some(Obj::from(exc.cause.borrow().1)),
        "value" if obj.py_type().is_subtype(&STOP_ITERATION) => {
            Some(exc.arg_items().first().cloned().unwrap_or_else(Obj::none))
        }
        "errno" | "strerror" | "filename" | "filename2" if obj.py_type().is_subtype(&OS_ERROR) => {
            let os = exc.os.as_deref();
            let field = match name {
                "errno" => os.map(|os| &os.errno),
                "strerror" => os.map(|os| &os.strerror),
                "filename" => os.and_then(|os| os.filename.as_ref()),
                _ => os.and_then(|os| os.filename2.as_ref()),
            };
            Some(field.cloned().unwrap_or_else(Obj::none))
        }
        _ => None,
    })
}

impl PyBaseException {
    /// Sets `__cause__` (and `__suppress_context__`, as assigning `__cause__` does).
    pub(crate) fn set_cause(&self, cause: Option<Obj>) {
        let old = std::mem::replace(&mut *self.cause.borrow_mut(), (cause, true));
        drop(old);
    }
}

/// An exception type deriving from `base`.
const fn subclass(name: &'static str, base: &'static PyType) -> PyType {
    PyType {
        name,
        base: Some(base),
        class_of: Some(class_of),
        ..PyType::BLANK
    }
}

macro_rules! exception_types {
    ($($(#[$doc:meta])* $id:ident = $name:literal : $base:ident;)*) => {
        $(
            $(#[$doc])*
            pub static $id: PyType = subclass($name, &$base);
        )*
    };
}

/// `BaseException`, the root of every exception.
pub static BASE_EXCEPTION: PyType = PyType {
    name: "BaseException",
    class_of: Some(class_of),
    new: Some(exception_new),
    repr: Some(exception_repr),
    str: Some(exception_str),
    getattr: Some(exception_getattr),
    ..PyType::BLANK
};

/// `KeyError`, a `LookupError`; its message is the repr of the key.
pub static KEY_ERROR: PyType = PyType {
    str: Some(key_error_str),
    ..subclass("KeyError", &LOOKUP_ERROR)
};

/// `OSError` (also named `IOError` and `EnvironmentError`): a system call failed.
/// Made with 2 to 5 arguments (`errno, strerror[, filename[, winerror[, filename2]]]`)
/// it has those attributes and prints `[Errno 2] No such file or directory: 'x'`;
/// `OSError(errno, ...)` itself makes the subtype of the errno (`FileNotFoundError`...).
pub static OS_ERROR: PyType = PyType {
    str: Some(os_error_str),
    ..subclass("OSError", &EXCEPTION)
};

/// `ValueError`; `io.UnsupportedOperation` counts as one too (it derives from both
/// `OSError` and `ValueError` in CPython).
pub static VALUE_ERROR: PyType = PyType {
    subclass_check: Some(|sub, _| sub.is_subtype(&UNSUPPORTED_OPERATION)),
    ..subclass("ValueError", &EXCEPTION)
};

/// `io.UnsupportedOperation`, an `OSError` and a `ValueError`: a file does not support
/// the operation (`not readable`). Not a builtin name: `io` exposes it.
pub static UNSUPPORTED_OPERATION: PyType = subclass("io.UnsupportedOperation", &OS_ERROR);

exception_types! {
    /// `Exception`: every ordinary exception derives from it.
    EXCEPTION = "Exception": BASE_EXCEPTION;
    /// `ArithmeticError`.
    ARITHMETIC_ERROR = "ArithmeticError": EXCEPTION;
    /// `OverflowError`, an `ArithmeticError`.
    OVERFLOW_ERROR = "OverflowError": ARITHMETIC_ERROR;
    /// `ZeroDivisionError`, an `ArithmeticError`.
    ZERO_DIVISION_ERROR = "ZeroDivisionError": ARITHMETIC_ERROR;
    /// `AssertionError`.
    ASSERTION_ERROR = "AssertionError": EXCEPTION;
    /// `AttributeError`.
    ATTRIBUTE_ERROR = "AttributeError": EXCEPTION;
    /// `LookupError`.
    LOOKUP_ERROR = "LookupError": EXCEPTION;
    /// `IndexError`, a `LookupError`.
    INDEX_ERROR = "IndexError": LOOKUP_ERROR;
    /// `MemoryError`.
    MEMORY_ERROR = "MemoryError": EXCEPTION;
    /// `NameError`.
    NAME_ERROR = "NameError": EXCEPTION;
    /// `UnboundLocalError`, a `NameError`.
    UNBOUND_LOCAL_ERROR = "UnboundLocalError": NAME_ERROR;
    /// `RuntimeError`.
    RUNTIME_ERROR = "RuntimeError": EXCEPTION;
    /// `ReferenceError`: a weak proxy's object no longer exists.
    REFERENCE_ERROR = "ReferenceError": EXCEPTION;
    /// `NotImplementedError`, a `RuntimeError`.
    NOT_IMPLEMENTED_ERROR = "NotImplementedError": RUNTIME_ERROR;
    /// `RecursionError`, a `RuntimeError`.
    RECURSION_ERROR = "RecursionError": RUNTIME_ERROR;
    /// `StopIteration`: an iterator is exhausted.
    STOP_ITERATION = "StopIteration": EXCEPTION;
    /// `StopAsyncIteration`: an asynchronous iterator is exhausted (`__anext__` raises
    /// it to end an `async for`).
    STOP_ASYNC_ITERATION = "StopAsyncIteration": EXCEPTION;
    /// `GeneratorExit`: thrown into a generator by `close()` (not an `Exception`, so
    /// `except Exception` does not swallow it).
    GENERATOR_EXIT = "GeneratorExit": BASE_EXCEPTION;
    /// `SystemError`: an internal error of the runtime.
    SYSTEM_ERROR = "SystemError": EXCEPTION;
    /// `TypeError`.
    TYPE_ERROR = "TypeError": EXCEPTION;
    /// `ImportError`: an import failed.
    IMPORT_ERROR = "ImportError": EXCEPTION;
    /// `ModuleNotFoundError`, an `ImportError`: no module of that name.
    MODULE_NOT_FOUND_ERROR = "ModuleNotFoundError": IMPORT_ERROR;
    /// `FileNotFoundError`, an `OSError` (errno `ENOENT`).
    FILE_NOT_FOUND_ERROR = "FileNotFoundError": OS_ERROR;
    /// `FileExistsError`, an `OSError` (errno `EEXIST`).
    FILE_EXISTS_ERROR = "FileExistsError": OS_ERROR;
    /// `PermissionError`, an `OSError` (errno `EACCES` or `EPERM`).
    PERMISSION_ERROR = "PermissionError": OS_ERROR;
    /// `IsADirectoryError`, an `OSError` (errno `EISDIR`).
    IS_A_DIRECTORY_ERROR = "IsADirectoryError": OS_ERROR;
    /// `NotADirectoryError`, an `OSError` (errno `ENOTDIR`).
    NOT_A_DIRECTORY_ERROR = "NotADirectoryError": OS_ERROR;
}

/// Every builtin exception type, for lookups by name.
pub static ALL: [&PyType; 31] = [
    &BASE_EXCEPTION,
    &EXCEPTION,
    &ARITHMETIC_ERROR,
    &OVERFLOW_ERROR,
    &ZERO_DIVISION_ERROR,
    &ASSERTION_ERROR,
    &ATTRIBUTE_ERROR,
    &LOOKUP_ERROR,
    &INDEX_ERROR,
    &MEMORY_ERROR,
    &KEY_ERROR,
    &NAME_ERROR,
    &UNBOUND_LOCAL_ERROR,
    &RUNTIME_ERROR,
    &REFERENCE_ERROR,
    &NOT_IMPLEMENTED_ERROR,
    &RECURSION_ERROR,
    &STOP_ITERATION,
    &STOP_ASYNC_ITERATION,
    &GENERATOR_EXIT,
    &SYSTEM_ERROR,
    &TYPE_ERROR,
    &VALUE_ERROR,
    &IMPORT_ERROR,
    &MODULE_NOT_FOUND_ERROR,
    &OS_ERROR,
    &FILE_NOT_FOUND_ERROR,
    &FILE_EXISTS_ERROR,
    &PERMISSION_ERROR,
    &IS_A_DIRECTORY_ERROR,
    &NOT_A_DIRECTORY_ERROR,
];
