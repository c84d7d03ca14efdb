//! What code compiled by `pyblock!` calls: one function per operation the code
//! generator emits that is not already a method of [`Obj`].
//!
//! Not a public API: the macro reaches it as `pyobj::__private::pyblock`, and its shape
//! follows the generator. Each function keeps CPython's semantics and error texts.

use std::cell::{Cell, RefCell};
use std::thread::LocalKey;

use num_bigint::BigInt;

use crate::exceptions;
use crate::pyobject::{PyCell, PyClass, PyDict, PyFunction, PyList, PyRange, PySet, PyTuple};
use crate::refcount::Gc;

pub use crate::exceptions::{PyErr, PyResult};
pub use crate::frame::{Frame, Globals, Location, Namespace, delete_local, load_local, take_local};
pub use crate::pyobject::{
    Args, AttrSite, CompareOp, FunctionCode, MethodSite, Obj, OwnedArgs, Signature, call_method_at,
    call_method_self_owned, load_attr, store_attr_at,
};
pub use crate::pyobject::{
    Channel, ChannelOf, CoroutineStart, FrameBox, GeneratorBody, YieldFuture, await_call,
    await_value, coroutine, generator, yield_from, yield_value,
};
pub use crate::recording::{LineFrame, LineRestoring, line_hook};
pub use crate::specialize::{
    Arith, Num, add, compare_bool, floordiv, get_slice, getitem, mul, neg, num, num_neg, pow, rem,
    rich_compare, set_slice, setitem, sub, truediv, truthy,
};
pub use crate::specialize::{getitem_int, setitem_int};

/// Runs `part` (one part of a long body) as a function of its own: never inlined into
/// its caller, so the Rust compiler optimizes a long Python function as parts of bounded
/// size (its work on one function grows faster than the function).
#[inline(never)]
pub fn outlined<R>(part: impl FnOnce() -> R) -> R {
    part()
}

/// How a `try` statement's part ended: normally, or by a jump out of it.
pub enum Flow {
    /// It ran to its end.
    Normal,
    /// `break` out of a loop around the `try`.
    Break,
    /// `continue` of a loop around the `try`.
    Continue,
    /// `return value` from the function around the `try`.
    Return(Obj),
}

// ----- constants ---------------------------------------------------------------------

/// `None`.
#[inline]
pub fn none() -> Obj {
    Obj::none()
}

/// `True` / `False`.
#[inline]
pub fn bool(value: bool) -> Obj {
    Obj::from(value)
}

/// An int literal (a small int is the cached object; another makes a new object each
/// time it is evaluated).
///
/// Inlined, so that a small literal is a load of the cache's slot (its range test
/// folds away: the value is a constant) instead of a call.
#[inline]
pub fn int(value: i64) -> Obj {
    match crate::small_ints::get(value) {
        Some(small) => small,
        None => new_int(value),
    }
}

/// A new int object (one outside the small-int cache): `Obj::from(value)` for such a
/// value.
#[inline(never)]
fn new_int(value: i64) -> Obj {
    Obj::new_int_uncached(value)
}

/// An int literal beyond `i64`, from its digits.
pub fn big_int(digits: &str, radix: u32) -> PyResult<Obj> {
    BigInt::parse_bytes(digits.as_bytes(), radix)
        .map(Obj::from)
        .ok_or_else(|| PyErr::value_error(format!("invalid int literal: {digits}")))
}

/// A float literal.
#[inline]
pub fn float(value: f64) -> Obj {
    Obj::from(value)
}

/// A str literal: interned when it looks like an identifier (letters, digits and
/// underscores), as CPython's compiler interns such constants; otherwise a new object
/// (the empty and one-character strings are cached anyway).
pub fn str(text: &'static str) -> Obj {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        crate::interning::intern_str(text)
    } else {
        Obj::from(text)
    }
}

/// A bytes literal.
pub fn bytes(value: &'static [u8]) -> Obj {
    Obj::bytes(value)
}

/// `format(value, spec)`: an f-string's replacement field (`f"{value:spec}"`), after its
/// conversion (`!r`, `!s`, `!a`) if it has one.
pub fn format_value(value: &Obj, spec: &str) -> PyResult<Obj> {
    crate::pyobject::format_value(value, spec)
}

/// One replacement field of an f-string, appended to `out`: `value` converted
/// (`b's'` str, `b'r'` repr, `b'a'` ascii, 0 none), then formatted with `spec`.
pub fn format_field(out: &mut String, value: &Obj, conversion: u8, spec: &str) -> PyResult<()> {
    let converted = match conversion {
        b's' => Some(value.str()?),
        b'r' => Some(value.repr()?),
        b'a' => Some(ascii(&value.repr()?)),
        _ => None,
    };
    match converted {
        Some(text) if spec.is_empty() => out.push_str(&text),
        Some(text) => out.push_str(format_value(&Obj::from(text), spec)?.str()?.as_str()),
        // A str formatted with no spec is itself, as CPython's fast path.
        None if spec.is_empty() && value.is_exact::<crate::pyobject::PyStr>() => {
            out.push_str(&value.str()?);
        }
        None => out.push_str(&format_value(value, spec)?.str()?),
    }
    Ok(())
}

/// `ascii()`'s escaping of a repr: every non-ASCII character as `\xhh`, `\uhhhh` or
/// `\Uhhhhhhhh`.
pub fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        match code {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{code:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{code:04x}")),
            _ => out.push_str(&format!("\\U{code:08x}")),
        }
    }
    out
}

// ----- displays ------------------------------------------------------------------------

/// `[a, b]`: the items in an array, moved into the list's block when they fit (no
/// `Vec` on the way).
#[inline]
pub fn list<const N: usize>(items: [Obj; N]) -> Obj {
    Obj::list(items)
}

/// `(a, b)`: the items in an array.
#[inline]
pub fn tuple<const N: usize>(items: [Obj; N]) -> Obj {
    Obj::tuple(items)
}

/// `{a, b}`.
pub fn set(items: Vec<Obj>) -> PyResult<Obj> {
    Obj::set(items)
}

/// `{k: v}`.
pub fn dict(pairs: Vec<(Obj, Obj)>) -> PyResult<Obj> {
    Obj::dict_from(pairs)
}

/// A list comprehension's `append`.
pub fn list_append(list: &Obj, item: Obj) -> PyResult<()> {
    list.value_as::<PyList>()?.append(item);
    Ok(())
}

/// A set comprehension's `add`.
pub fn set_add(set: &Obj, item: Obj) -> PyResult<()> {
    set.value_as::<PySet>()?.add_key(&item)
}

/// The builtins a call of one generator expression (`sum(x * x for x in xs)`) may name
/// for the compiler to run the expression inline: its items go straight to what the
/// builtin makes of them, with no generator object and no resumption per item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collector {
    /// `tuple(...)`
    Tuple,
    /// `list(...)`
    List,
    /// `set(...)`
    Set,
    /// `sum(...)`
    Sum,
    /// `any(...)`
    Any,
    /// `all(...)`
    All,
    /// `min(...)`
    Min,
    /// `max(...)`
    Max,
    /// `sorted(...)`
    Sorted,
}

impl Collector {
    /// The builtin's name.
    pub const fn name(self) -> &'static str {
        match self {
            Collector::Tuple => "tuple",
            Collector::List => "list",
            Collector::Set => "set",
            Collector::Sum => "sum",
            Collector::Any => "any",
            Collector::All => "all",
            Collector::Min => "min",
            Collector::Max => "max",
            Collector::Sorted => "sorted",
        }
    }

    /// Whether `callee` (the value of the name at the call) is this builtin itself, the
    /// one the compiler's inline code stands for (the name may be a global rebound to
    /// anything else): `site` caches the builtin.
    #[inline]
    pub fn is(self, callee: &Obj, site: &'static LocalKey<BuiltinSite>) -> PyResult<bool> {
        Ok(Obj::is(callee, &builtin(site, self.name())?))
    }

    /// An empty collection for the items.
    pub fn start(self) -> PyResult<Collecting> {
        Ok(match self {
            Collector::Set => Collecting::Set(Obj::set([])?),
            Collector::Sum => Collecting::Sum(Obj::from(0)),
            Collector::Any => Collecting::Truth(false),
            Collector::All => Collecting::Truth(true),
            _ => Collecting::Items(self, Vec::new()),
        })
    }
}

/// What a [`Collector`] holds while the items of its generator expression come in.
pub enum Collecting {
    /// The items so far (`tuple`, `list`, `min`, `max`, `sorted`: CPython's `min`, `max`
    /// and `sorted` take the items first too, as this runtime's builtins do).
    Items(Collector, Vec<Obj>),
    /// The set so far.
    Set(Obj),
    /// The running total of `sum` (from `0`, as `sum(iterable)` starts).
    Sum(Obj),
    /// `any`: whether an item was true so far (`false` to start); `all`: whether every
    /// item was (`true` to start). An item that decides it ends the expression early.
    Truth(bool),
}

impl Collecting {
    /// Takes one item. `false` when the expression should stop: the answer is known
    /// (`any`, `all`), or taking the item raised, in which case the error is put in
    /// `error` (it is the builtin's, raised in the caller's frame, not in the
    /// expression's).
    #[inline]
    pub fn push(&mut self, item: Obj, error: &mut Option<PyErr>) -> bool {
        let taken = match self {
            Collecting::Items(_, items) => {
                items.push(item);
                return true;
            }
            Collecting::Set(set) => set_add(set, item),
            Collecting::Sum(total) => crate::specialize::add(total, &item).map(|sum| *total = sum),
            Collecting::Truth(answer) => match crate::specialize::truthy(&item) {
                // `any` stops at the first true item, `all` at the first false one.
                Ok(truth) if truth != *answer => {
                    *answer = truth;
                    return false;
                }
                Ok(_) => return true,
                Err(raised) => Err(raised),
            },
        };
        match taken {
            Ok(()) => true,
            Err(raised) => {
                *error = Some(raised);
                false
            }
        }
    }

    /// The builtin's result.
    pub fn finish(self) -> PyResult<Obj> {
        match self {
            Collecting::Items(Collector::Tuple, items) => Ok(Obj::tuple(items)),
            Collecting::Items(kind @ (Collector::Min | Collector::Max), items) => {
                let items = Obj::list(items);
                crate::builtins::min_max(
                    &Args::positional_only(std::slice::from_ref(&items)),
                    kind.name(),
                )
            }
            Collecting::Items(Collector::Sorted, items) => {
                let list = Obj::list(items);
                list.call_method_with("sort", &Args::new(&[], &[("reverse", Obj::from(false))]))?;
                Ok(list)
            }
            Collecting::Items(_, items) => Ok(Obj::list(items)),
            Collecting::Set(set) | Collecting::Sum(set) => Ok(set),
            Collecting::Truth(answer) => Ok(Obj::from(answer)),
        }
    }
}

/// An error leaving a generator expression run inline: its `<genexpr>` frame's line is
/// added to the traceback, and a `StopIteration` becomes PEP 479's `RuntimeError`, as
/// the generator would have raised them.
#[cold]
pub fn genexpr_error(error: PyErr, file: &'static str, line: u32) -> PyErr {
    crate::pyobject::generator::pep479(traceback(error, file, line, "<genexpr>"))
}

/// `*iterable` inside a display or call: its items appended to `items`.
pub fn extend(items: &mut Vec<Obj>, iterable: &Obj) -> PyResult<()> {
    items.extend(iterable.to_vec()?);
    Ok(())
}

/// `lower:upper:step`.
pub fn slice(lower: Option<Obj>, upper: Option<Obj>, step: Option<Obj>) -> Obj {
    Obj::slice(lower, upper, step)
}

// ----- names -------------------------------------------------------------------------------

/// A local borrowed in place: `UnboundLocalError` when it is not bound.
#[inline]
pub fn local<'a>(slot: &'a Option<Obj>, name: &str) -> PyResult<&'a Obj> {
    slot.as_ref()
        .ok_or_else(|| PyErr::unbound_local_error(name))
}

/// One use of a builtin name in generated code (`str` in `str(i)`), as a thread-local of
/// its own: it remembers the object found the first time, so later loads are one
/// thread-local read. Builtins are immortal, so the site holds the header without a
/// reference; an object that is not immortal is looked up again on every load.
pub struct BuiltinSite(Cell<Option<std::ptr::NonNull<crate::object::Header>>>);

impl BuiltinSite {
    /// A site that has not looked its name up yet.
    #[allow(clippy::new_without_default)] // made in `const` thread-local initializers
    pub const fn new() -> BuiltinSite {
        BuiltinSite(Cell::new(None))
    }
}

/// The builtin `name`, loaded at `site` (`NameError` if there is none: the macro's check
/// makes that unreachable for the names it accepts).
#[inline]
pub fn builtin(site: &'static LocalKey<BuiltinSite>, name: &'static str) -> PyResult<Obj> {
    match site.try_with(|site| site.0.get()) {
        Ok(Some(header)) => Ok(Obj::from_header(header)),
        _ => builtin_first(site, name),
    }
}

/// [`builtin`]'s first load at a site: the search by name.
#[cold]
fn builtin_first(site: &'static LocalKey<BuiltinSite>, name: &'static str) -> PyResult<Obj> {
    let object = crate::builtins::get(name).ok_or_else(|| PyErr::name_error(name))?;
    if object.is_immortal() {
        let _ = site.try_with(|site| site.0.set(Some(object.header_ptr())));
    }
    Ok(object)
}

/// `NameError: name 'x' is not defined`.
pub fn name_error(name: &str) -> PyErr {
    PyErr::name_error(name)
}

/// A new cell (a local captured by a nested function, or any local of a generator),
/// bound to `value` if given: a typed handle, read without a type test.
pub fn new_cell(value: Option<Obj>) -> Gc<PyCell> {
    PyCell::new_gc(value)
}

/// A cell as generated code holds one: its own cells as `Gc<PyCell>`, the cells of
/// enclosing functions (its closure) as `Obj`, a generator's slots as `&PyCell`.
pub trait CellHandle {
    /// The cell; a `SystemError` if the object is not one (a code generator's bug).
    fn cell(&self) -> PyResult<&PyCell>;
}

/// A [`CellHandle`] that is a cell object on the heap (not a generator's slot).
pub trait CellObject: CellHandle {
    /// A new reference to the cell, as an object (for a closure, a generator's frame).
    fn to_obj(&self) -> Obj;
}

impl CellHandle for Gc<PyCell> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn cell(&self) -> PyResult<&PyCell> {
        Ok(self)
    }
}

impl CellObject for Gc<PyCell> {
    fn to_obj(&self) -> Obj {
        Obj::from(self.clone())
    }
}

impl CellHandle for Obj {
    #[inline]
    fn cell(&self) -> PyResult<&PyCell> {
        PyCell::of(self)
    }
}

impl CellObject for Obj {
    fn to_obj(&self) -> Obj {
        self.clone()
    }
}

impl CellHandle for &PyCell {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn cell(&self) -> PyResult<&PyCell> {
        Ok(self)
    }
}

/// Reads a cell of this function's own local: `UnboundLocalError` when empty.
#[inline]
pub fn cell_get(cell: &impl CellHandle, name: &str) -> PyResult<Obj> {
    cell.cell()?.load_local(name)
}

/// Reads a free variable (a cell of an enclosing function): `NameError` when empty.
pub fn free_get(cell: &impl CellHandle, name: &str) -> PyResult<Obj> {
    cell.cell()?.load_free(name)
}

/// Binds a cell variable.
#[inline]
pub fn cell_set(cell: &impl CellHandle, value: Obj) {
    if let Ok(cell) = cell.cell() {
        cell.set(value);
    }
}

/// `del x` of a cell variable (`free`: seen from an inner function).
pub fn cell_delete(cell: &impl CellHandle, name: &str, free: bool) -> PyResult<()> {
    cell.cell()?.delete(name, free)
}

/// A cell the generator could not find (a bug: reported as a `SystemError`).
pub fn missing_cell(what: &str) -> PyResult<Obj> {
    Err(PyErr::system_error(what.to_owned()))
}

/// A construct the generator refused at run time (a `SyntaxError` CPython reports at
/// compile time; the macro's parser rejects these first).
pub fn syntax_error(message: &str) -> PyErr {
    PyErr::system_error(format!("SyntaxError: {message}"))
}

/// The names of a class body, in order of first binding.
pub struct ClassNamespace {
    entries: RefCell<Vec<(&'static str, Obj)>>,
}

impl ClassNamespace {
    /// An empty class body.
    #[allow(clippy::new_without_default)]
    pub fn new() -> ClassNamespace {
        ClassNamespace {
            entries: RefCell::new(Vec::new()),
        }
    }

    /// The value of `name` in the class body, if bound.
    pub fn get(&self, name: &str) -> Option<Obj> {
        let entries = self.entries.borrow();
        entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }

    /// Binds `name` in the class body.
    pub fn set(&self, name: &'static str, value: Obj) {
        let old = {
            let mut entries = self.entries.borrow_mut();
            match entries.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => Some(std::mem::replace(&mut entry.1, value)),
                None => {
                    entries.push((name, value));
                    None
                }
            }
        };
        drop(old);
    }

    /// `del name` in the class body.
    pub fn delete(&self, name: &str) -> PyResult<()> {
        let removed = {
            let mut entries = self.entries.borrow_mut();
            let position = entries.iter().position(|(n, _)| *n == name);
            position.map(|i| entries.remove(i))
        };
        match removed {
            Some(entry) => {
                drop(entry);
                Ok(())
            }
            None => Err(PyErr::name_error(name)),
        }
    }
}

// ----- functions and classes ---------------------------------------------------------

/// A function object made by a `def` or `lambda` at this point: its code, the
/// defaults of its last parameters, its closure cells, and the block's globals (the
/// block's own [`Globals`], or those a function found with [`enter`]).
pub fn function<G: GlobalsHandle + ?Sized>(
    qualname: &'static str,
    signature: &'static Signature,
    code: FunctionCode,
    defaults: Vec<Obj>,
    closure: Vec<Obj>,
    globals: &G,
) -> Obj {
    Obj::new_function_in(
        globals.to_obj(),
        qualname,
        signature,
        code,
        defaults,
        closure,
    )
}

/// [`function`] for a `def` with keyword-only parameters: `kwdefaults` holds one
/// default per keyword-only parameter (`None` where there is none).
pub fn function_kw<G: GlobalsHandle + ?Sized>(
    qualname: &'static str,
    signature: &'static Signature,
    code: FunctionCode,
    defaults: (Vec<Obj>, Vec<Option<Obj>>),
    closure: Vec<Obj>,
    globals: &G,
) -> Obj {
    PyFunction::make_with_kwdefaults(
        globals.to_obj(),
        qualname,
        signature,
        code,
        defaults,
        closure,
    )
}

/// The function object of an `async def` (made by [`function`] or [`function_kw`]),
/// given `start`, its code up to the coroutine object, for [`await_call`].
pub fn with_coroutine_start(function: Obj, start: CoroutineStart) -> Obj {
    if let Some(code) = function.downcast_ref::<PyFunction>() {
        code.set_coroutine_start(start);
    }
    function
}

/// What generated code holds its globals through: the block's own handle, or a
/// function's borrowed [`GlobalsRef`].
pub trait GlobalsHandle {
    /// A new reference to the globals object.
    fn to_obj(&self) -> Obj;
}

impl GlobalsHandle for Gc<Globals> {
    fn to_obj(&self) -> Obj {
        Obj::from(Gc::clone(self))
    }
}

/// The globals of a running function, borrowed from its function object (which the
/// caller keeps alive for the whole call): no reference count is touched per call.
#[derive(Clone, Copy)]
pub struct GlobalsRef<'a> {
    object: &'a Obj,
    globals: &'a Globals,
}

impl GlobalsHandle for GlobalsRef<'_> {
    fn to_obj(&self) -> Obj {
        self.object.clone()
    }
}

impl std::ops::Deref for GlobalsRef<'_> {
    type Target = Globals;
    #[inline]
    fn deref(&self) -> &Globals {
        self.globals
    }
}

/// The globals of the block that defined `function`.
#[inline]
fn globals_ref(function: &PyFunction) -> PyResult<GlobalsRef<'_>> {
    function
        .globals()
        .and_then(|object| {
            let globals = object.downcast_ref::<Globals>()?;
            Some(GlobalsRef { object, globals })
        })
        .ok_or_else(|| PyErr::system_error("function without globals"))
}

/// What a function's code does first: enters a frame (the recursion limit), finds its
/// globals and closure cells, and binds the call's arguments to its `N` parameters
/// (defaults filled in, `*args` as a tuple, CPython's `TypeError`s); one look at the
/// function object for all of it. `signature` is the code's own (the one it was made
/// with): the test for the common call folds away against it.
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(clippy::type_complexity)]
pub fn enter<'a, const N: usize>(
    func: &'a Obj,
    args: &Args<'_>,
    signature: &'static Signature,
) -> PyResult<(Frame, GlobalsRef<'a>, &'a [Obj], [Obj; N])> {
    let frame = Frame::enter()?;
    let function = PyFunction::of(func)?;
    let globals = globals_ref(function)?;
    let bound = function.bind_array_as::<N>(signature, args)?;
    Ok((frame, globals, function.closure(), bound))
}

/// [`enter`] for a function whose code reads no global name and defines no function
/// What a generator function's code does when called: binds the arguments to its `N`
/// parameters (the call's `TypeError`s are raised by the call, as CPython's); the body
/// runs later, in the generator.
pub fn bind_generator<const N: usize>(
    func: &Obj,
    args: &Args<'_>,
    signature: &'static Signature,
) -> PyResult<[Obj; N]> {
    PyFunction::of(func)?.bind_array_as::<N>(signature, args)
}

/// A generator body's globals and closure cells, from its function (which the body owns).
pub fn generator_scope(func: &Obj) -> PyResult<(GlobalsRef<'_>, &[Obj])> {
    let function = PyFunction::of(func)?;
    Ok((globals_ref(function)?, function.closure()))
}

/// (it has no use for its globals, so they are not looked up).
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(clippy::type_complexity)]
pub fn enter_local<'a, const N: usize>(
    func: &'a Obj,
    args: &Args<'_>,
    signature: &'static Signature,
) -> PyResult<(Frame, &'a [Obj], [Obj; N])> {
    let frame = Frame::enter()?;
    let function = PyFunction::of(func)?;
    let bound = function.bind_array_as::<N>(signature, args)?;
    Ok((frame, function.closure(), bound))
}

// ----- match statements ----------------------------------------------------------------

/// The integer `obj` holds, as the macro passes counts to the pattern helpers.
fn count_arg(obj: &Obj) -> PyResult<usize> {
    obj.downcast_ref::<crate::pyobject::PyInt>()
        .and_then(crate::pyobject::PyInt::to_i64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| PyErr::system_error("a pattern count must be a small int"))
}

/// A sequence pattern's test (`[a, *rest, b]`): the arguments are the subject, the
/// counts before and after the star, and whether there is one; see
/// `pyobject::pattern::match_sequence`.
pub fn match_sequence(args: &[Obj]) -> PyResult<Obj> {
    let [subject, before, after, star] = args else {
        return Err(PyErr::system_error("match_sequence takes 4 arguments"));
    };
    crate::pyobject::match_sequence(
        subject,
        count_arg(before)?,
        count_arg(after)?,
        star.is_truthy()?,
    )
}

/// A mapping pattern's test (`{"k": v, **rest}`): the subject, the keys (a tuple) and
/// whether there is a `**rest`.
pub fn match_mapping(args: &[Obj]) -> PyResult<Obj> {
    let [subject, keys, rest] = args else {
        return Err(PyErr::system_error("match_mapping takes 3 arguments"));
    };
    crate::pyobject::match_mapping(subject, keys, rest.is_truthy()?)
}

/// A class pattern's test (`Point(x, y=0)`): the subject, the class, the number of
/// positional sub-patterns and the keyword names (a tuple of str).
pub fn match_class(args: &[Obj]) -> PyResult<Obj> {
    let [subject, cls, positional, keywords] = args else {
        return Err(PyErr::system_error("match_class takes 4 arguments"));
    };
    crate::pyobject::match_class(subject, cls, count_arg(positional)?, keywords)
}

/// A `class` statement: the class object from its bases and its body's names.
pub fn class(
    _name: &'static str,
    qualname: &'static str,
    bases: Vec<Obj>,
    namespace: ClassNamespace,
) -> PyResult<Obj> {
    let entries = namespace.entries.into_inner();
    Obj::new_class_with_bases(qualname, &bases, entries)
}

// ----- operations --------------------------------------------------------------------------

/// `func(*positional, **keywords, **mapping, ...)`: the mappings' items become keyword
/// arguments after the named ones, with CPython's errors for a key that is not a str or
/// that repeats a keyword.
pub fn call_with_mappings(
    func: &Obj,
    positional: &[Obj],
    keywords: &[(&str, Obj)],
    mappings: &[Obj],
) -> PyResult<Obj> {
    let mut names: Vec<String> = keywords
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let mut values: Vec<Obj> = keywords.iter().map(|(_, value)| value.clone()).collect();
    // CPython names the callee by module and qualified name (`__main__.f()`).
    let callee = || {
        let function = func.getattr("__func__").unwrap_or_else(|_| func.clone());
        function
            .getattr("__qualname__")
            .and_then(|name| name.extract::<String>())
            .map_or_else(
                |_| format!("{}()", func.type_name()),
                |name| format!("__main__.{name}()"),
            )
    };
    for mapping in mappings {
        let keys = mapping.call_method("keys", &[]).map_err(|_| {
            PyErr::type_error(format!(
                "{} argument after ** must be a mapping, not {}",
                callee(),
                mapping.type_name()
            ))
        })?;
        for key in keys.to_vec()? {
            let Ok(name) = key.extract::<String>() else {
                return Err(PyErr::type_error("keywords must be strings"));
            };
            if names.contains(&name) {
                return Err(PyErr::type_error(format!(
                    "{} got multiple values for keyword argument '{name}'",
                    callee()
                )));
            }
            values.push(mapping.get_item(&key)?);
            names.push(name);
        }
    }
    let merged: Vec<(&str, Obj)> = names.iter().map(String::as_str).zip(values).collect();
    call(func, positional, &merged)
}

/// `f(args, name=value)`.
#[inline]
pub fn call(func: &Obj, positional: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    let args = Args::new(positional, keywords);
    // Calls of functions and classes, the common ones, skip the type's `call` slot.
    if let Some(function) = func.downcast_ref::<PyFunction>() {
        return function.call(func, &args);
    }
    if func.is_exact::<PyClass>() {
        return crate::pyobject::call_class(func, &args);
    }
    func.call_with(&args)
}

/// [`call`] with the positional arguments owned by the call: a compiled function takes
/// them as its parameters (no count change per argument); any other callee borrows
/// them, and they are dropped after the call.
#[inline]
pub fn call_owned<const N: usize>(
    func: &Obj,
    positional: [Obj; N],
    keywords: &[(&str, Obj)],
) -> PyResult<Obj> {
    let owned = OwnedArgs::new(positional);
    if let Some(function) = func.downcast_ref::<PyFunction>() {
        return function.call(func, &owned.args(keywords));
    }
    call(func, owned.items(), keywords)
}

/// `obj.name = value`.
#[inline]
pub fn store_attr(obj: &Obj, name: &'static str, value: Obj) -> PyResult<()> {
    obj.setattr_static(name, value)
}

/// `obj.name(args, name=value)`.
#[inline]
pub fn call_method(
    obj: &Obj,
    name: &str,
    positional: &[Obj],
    keywords: &[(&str, Obj)],
) -> PyResult<Obj> {
    obj.call_method_with(name, &Args::new(positional, keywords))
}

/// `iter(obj)`.
#[inline]
pub fn iter(obj: &Obj) -> PyResult<Obj> {
    obj.iter()
}

/// What a `for` statement iterates with: `iter(iterable)`, or, over an exact `range`,
/// the range's values made directly (no `range_iterator` object, no call through the
/// iterator's type per item; the ints are the same objects `range_iterator` makes), or,
/// over an exact `list` or `tuple`, its items by position, as their iterators read them
/// (a list changed during the loop is read at the next position, as `list_iterator`
/// does), holding the sequence as the iterator would and letting go of it once done.
pub enum ForIter {
    /// The values left of a range: the next one, the step, how many are left.
    Range {
        /// The next value.
        next: i64,
        /// The step between values.
        step: i64,
        /// How many values are left.
        left: u128,
    },
    /// An exact list's items, or those of a list subclass's instance iterated as a
    /// list, from `position`; `None` once done.
    List {
        /// The list.
        list: Option<Obj>,
        /// The next position.
        position: usize,
    },
    /// An exact tuple's items, from `position`; `None` once done.
    Tuple {
        /// The tuple.
        tuple: Option<Obj>,
        /// The next position.
        position: usize,
    },
    /// Any other iterable's iterator.
    Iter(Obj),
}

impl ForIter {
    /// Starts iterating over `iterable` (`iter(iterable)`, with its `TypeError`).
    #[inline]
    pub fn new(iterable: &Obj) -> PyResult<ForIter> {
        if let Some(range) = iterable.downcast_ref::<PyRange>() {
            return Ok(ForIter::Range {
                next: range.start(),
                step: range.step(),
                left: range.length(),
            });
        }
        if iterable.is_exact::<PyList>() {
            return Ok(ForIter::List {
                list: Some(iterable.clone()),
                position: 0,
            });
        }
        if iterable.is_exact::<PyTuple>() {
            return Ok(ForIter::Tuple {
                tuple: Some(iterable.clone()),
                position: 0,
            });
        }
        ForIter::new_other(iterable)
    }

    /// [`ForIter::new`] past the exact types: a list subclass's instance whose iterator
    /// is list's is walked as a list (the items `list_iterator` would give, in its
    /// order); anything else through its iterator.
    #[inline(never)]
    fn new_other(iterable: &Obj) -> PyResult<ForIter> {
        if crate::pyobject::list::iterates_as_list(iterable) {
            return Ok(ForIter::List {
                list: Some(iterable.clone()),
                position: 0,
            });
        }
        iterable.iter().map(ForIter::Iter)
    }

    /// The next item, `None` when there is none left.
    #[inline]
    #[allow(clippy::should_implement_trait)] // fallible, so not an `Iterator`
    pub fn next(&mut self) -> PyResult<Option<Obj>> {
        match self {
            ForIter::Range { next, step, left } => {
                if *left == 0 {
                    return Ok(None);
                }
                let value = *next;
                *left -= 1;
                // Past the last value the sum may leave the i64 range; it is never read.
                *next = value.wrapping_add(*step);
                Ok(Some(int(value)))
            }
            ForIter::Iter(iterator) => iterator.next_item(),
            _ => Ok(self.next_of_sequence()),
        }
    }

    /// [`ForIter::next`] over a list or a tuple (out of line: the range's steps stay
    /// small enough to be inlined into the loop).
    #[inline(never)]
    fn next_of_sequence(&mut self) -> Option<Obj> {
        match self {
            ForIter::List { list, position } => {
                let item = list
                    .as_ref()
                    .and_then(crate::pyobject::list::as_list)
                    .and_then(|items| items.snapshot_item(*position));
                ForIter::advance(list, position, item)
            }
            ForIter::Tuple { tuple, position } => {
                let item = tuple
                    .as_ref()
                    .and_then(|tuple| tuple.downcast_ref::<PyTuple>())
                    .and_then(|items| items.as_slice().get(*position).cloned());
                ForIter::advance(tuple, position, item)
            }
            _ => None,
        }
    }

    /// Past `item` if there is one; else lets go of the sequence (dropped after the
    /// item was read, as `list_iterator` clears its reference when exhausted).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn advance(seq: &mut Option<Obj>, position: &mut usize, item: Option<Obj>) -> Option<Obj> {
        match item {
            Some(item) => {
                *position += 1;
                Some(item)
            }
            None => {
                drop(seq.take());
                None
            }
        }
    }
}

/// `a, b = value` with a fixed count: the items as an array (no `Vec` when `value` is a
/// tuple of that length, the common case); [`unpack`]'s errors otherwise.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn unpack_array<const N: usize>(value: Obj) -> PyResult<[Obj; N]> {
    if let Some(tuple) = value.downcast_ref::<PyTuple>()
        && let Ok(items) = <&[Obj; N]>::try_from(tuple.as_slice())
    {
        return Ok(std::array::from_fn(|i| items[i].clone()));
    }
    if let Some(list) = value.downcast_ref::<PyList>()
        && let Some(items) = list.items_array::<N>()
    {
        return Ok(items);
    }
    unpack_array_slow(value)
}

#[cold]
#[inline(never)]
fn unpack_array_slow<const N: usize>(value: Obj) -> PyResult<[Obj; N]> {
    let items = unpack(value, N)?;
    <[Obj; N]>::try_from(items).map_err(|_| unpack_error())
}

/// `a, b, c = value` where each target is a different local: the items unpacked (as
/// [`unpack_array`], with its errors, before any store) and stored left to right, the
/// old values released. One call per statement: the loop lives here, not in every
/// statement's code.
///
/// From a tuple, a slot that already holds the very item keeps it, without a count
/// going up and down (re-unpacking the same tuple in a loop costs no reference traffic):
/// the tuple cannot change while its items are stored, even when releasing an old value
/// runs a `__del__`. From a list, the same when every slot already holds its item.
#[inline(never)]
pub fn unpack_into<const N: usize>(value: Obj, slots: [&mut Option<Obj>; N]) -> PyResult<()> {
    if let Some(tuple) = value.downcast_ref::<PyTuple>()
        && let Ok(items) = <&[Obj; N]>::try_from(tuple.as_slice())
    {
        for (slot, item) in slots.into_iter().zip(items) {
            if !slot.as_ref().is_some_and(|old| old.is(item)) {
                store_local(slot, item.clone());
            }
        }
        return Ok(());
    }
    // From a list, only when every slot already holds its item (storing one could run
    // a `__del__` that changes the list).
    if let Some(list) = value.downcast_ref::<PyList>()
        && list.holds::<N>(|i, item| slots[i].as_ref().is_some_and(|old| old.is(item)))
    {
        return Ok(());
    }
    let items = unpack_array::<N>(value)?;
    for (slot, item) in slots.into_iter().zip(items) {
        store_local(slot, item);
    }
    Ok(())
}

/// `name = value` for a function's local: the old value released in place (the store
/// and the release inlined, as CPython's `STORE_FAST`).
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn store_local(slot: &mut Option<Obj>, value: Obj) {
    let old = slot.replace(value);
    if let Some(old) = old {
        drop(old);
    }
}

/// `a, b = value`: exactly `count` items, with CPython's `ValueError`s.
pub fn unpack(value: Obj, count: usize) -> PyResult<Vec<Obj>> {
    if let Some(tuple) = value.downcast_ref::<PyTuple>() {
        return exact(tuple.as_slice().to_vec(), count);
    }
    if value.downcast_ref::<PyList>().is_some() {
        return exact(value.to_vec()?, count);
    }
    let iterator = match value.iter() {
        Ok(iterator) => iterator,
        Err(error) if error.is_instance(&exceptions::TYPE_ERROR) => {
            return Err(PyErr::type_error(format!(
                "cannot unpack non-iterable {} object",
                value.type_name()
            )));
        }
        Err(error) => return Err(error),
    };
    let mut items = Vec::with_capacity(count);
    while let Some(item) = iterator.next_item()? {
        if items.len() == count {
            return Err(PyErr::value_error(format!(
                "too many values to unpack (expected {count})"
            )));
        }
        items.push(item);
    }
    exact(items, count)
}

fn exact(items: Vec<Obj>, count: usize) -> PyResult<Vec<Obj>> {
    match items.len() {
        n if n == count => Ok(items),
        n if n < count => Err(PyErr::value_error(format!(
            "not enough values to unpack (expected {count}, got {n})"
        ))),
        _ => Err(PyErr::value_error(format!(
            "too many values to unpack (expected {count})"
        ))),
    }
}

/// `a, *rest, z = value`: the items with the `*` target's as one list, between the
/// `before` items and the `after` items; CPython's error when there are too few.
pub fn unpack_ex(value: Obj, before: usize, after: usize) -> PyResult<Vec<Obj>> {
    let items = match value.iter() {
        Ok(iterator) => {
            let mut items = Vec::new();
            while let Some(item) = iterator.next_item()? {
                items.push(item);
            }
            items
        }
        Err(error) if error.is_instance(&exceptions::TYPE_ERROR) => {
            return Err(PyErr::type_error(format!(
                "cannot unpack non-iterable {} object",
                value.type_name()
            )));
        }
        Err(error) => return Err(error),
    };
    if items.len() < before + after {
        return Err(PyErr::value_error(format!(
            "not enough values to unpack (expected at least {}, got {})",
            before + after,
            items.len()
        )));
    }
    let mut items = items;
    let tail = items.split_off(items.len() - after);
    let middle = items.split_off(before);
    items.push(Obj::list(middle));
    items.extend(tail);
    Ok(items)
}

/// An unpacking that ran short (unreachable after [`unpack`]'s check).
pub fn unpack_error() -> PyErr {
    PyErr::value_error("not enough values to unpack")
}

/// The operator of an augmented assignment.
#[derive(Clone, Copy, Debug)]
pub enum InplaceOp {
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    TrueDiv,
    /// `//=`
    FloorDiv,
    /// `%=`
    Rem,
    /// `**=`
    Pow,
    /// `<<=`
    LShift,
    /// `>>=`
    RShift,
    /// `|=`
    Or,
    /// `^=`
    Xor,
    /// `&=`
    And,
}

impl InplaceOp {
    /// The arithmetic operator with fast paths this is, if it is one.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn arith(self) -> Option<Arith> {
        Some(match self {
            InplaceOp::Add => Arith::Add,
            InplaceOp::Sub => Arith::Sub,
            InplaceOp::Mul => Arith::Mul,
            InplaceOp::TrueDiv => Arith::TrueDiv,
            InplaceOp::FloorDiv => Arith::FloorDiv,
            InplaceOp::Rem => Arith::Rem,
            InplaceOp::Pow => Arith::Pow,
            _ => return None,
        })
    }

    fn symbol(self) -> &'static str {
        match self {
            InplaceOp::Add => "+",
            InplaceOp::Sub => "-",
            InplaceOp::Mul => "*",
            InplaceOp::TrueDiv => "/",
            InplaceOp::FloorDiv => "//",
            InplaceOp::Rem => "%",
            InplaceOp::Pow => "**",
            InplaceOp::LShift => "<<",
            InplaceOp::RShift => ">>",
            InplaceOp::Or => "|",
            InplaceOp::Xor => "^",
            InplaceOp::And => "&",
        }
    }
}

/// `a op= b`: mutable containers change in place (`list +=` extends, `set |=`
/// updates, ...), other objects get the binary operator's result, as CPython's
/// `__iadd__` fallbacks do. Ints and floats take the operators' fast paths.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn inplace(a: &Obj, b: &Obj, op: InplaceOp) -> PyResult<Obj> {
    if let Some(arith) = op.arith()
        && let Some(result) = crate::specialize::binary_fast(a, b, arith)
    {
        return result;
    }
    inplace_general(a, b, op)
}

/// `a op= b` where `b` is the value of an arithmetic expression, kept unboxed when it
/// is a number ([`Num`]): the box is made only if the general protocol needs it.
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn inplace_num(a: &Obj, b: Num, op: InplaceOp) -> PyResult<Obj> {
    if let Some(arith) = op.arith()
        && let Some(result) = crate::specialize::inplace_fast(a, &b, arith)
    {
        // A number has nothing to drop: no call to `Num`'s drop glue.
        if !matches!(b, Num::Obj(_)) {
            std::mem::forget(b);
        }
        return result;
    }
    inplace_general(a, &b.into_obj(), op)
}

#[inline(never)]
fn inplace_general(a: &Obj, b: &Obj, op: InplaceOp) -> PyResult<Obj> {
    if a.is_exact::<PyList>() {
        match op {
            InplaceOp::Add => {
                a.call_method("extend", std::slice::from_ref(b))?;
                return Ok(a.clone());
            }
            InplaceOp::Mul => {
                let repeated = a.mul(b)?;
                let items = repeated.to_vec()?;
                a.call_method("clear", &[])?;
                a.call_method("extend", &[Obj::list(items)])?;
                return Ok(a.clone());
            }
            _ => {}
        }
    }
    if a.is_exact::<PySet>()
        && (b.is_exact::<PySet>() || std::ptr::eq(b.py_type(), PySet::frozenset_type()))
    {
        let method = match op {
            InplaceOp::Or => Some("update"),
            InplaceOp::And => Some("intersection_update"),
            InplaceOp::Sub => Some("difference_update"),
            InplaceOp::Xor => Some("symmetric_difference_update"),
            _ => None,
        };
        if let Some(method) = method
            && a.py_type().method(method).is_some()
        {
            a.call_method(method, std::slice::from_ref(b))?;
            return Ok(a.clone());
        }
    }
    if a.is_exact::<PyDict>() && b.is_exact::<PyDict>() && matches!(op, InplaceOp::Or) {
        a.call_method("update", std::slice::from_ref(b))?;
        return Ok(a.clone());
    }
    let result = match op {
        InplaceOp::Add => crate::specialize::add(a, b),
        InplaceOp::Sub => crate::specialize::sub(a, b),
        InplaceOp::Mul => crate::specialize::mul(a, b),
        InplaceOp::TrueDiv => crate::specialize::truediv(a, b),
        InplaceOp::FloorDiv => crate::specialize::floordiv(a, b),
        InplaceOp::Rem => crate::specialize::rem(a, b),
        InplaceOp::Pow => crate::specialize::pow(a, b),
        InplaceOp::LShift => a.lshift(b),
        InplaceOp::RShift => a.rshift(b),
        InplaceOp::Or => a.bitor(b),
        InplaceOp::Xor => a.bitxor(b),
        InplaceOp::And => a.bitand(b),
    };
    // The binary operator's "unsupported operand" error names the augmented form.
    result.map_err(|error| {
        let symbol = op.symbol();
        let binary = format!("unsupported operand type(s) for {symbol}:");
        let message = error.message();
        if error.is_instance(&exceptions::TYPE_ERROR) && message.starts_with(&binary) {
            PyErr::type_error(message.replacen(
                &binary,
                &format!("unsupported operand type(s) for {symbol}=:"),
                1,
            ))
        } else {
            error
        }
    })
}

// ----- modules and exceptions ------------------------------------------------------------

/// `import gc` / `sys` / `weakref`.
pub fn import(name: &str) -> PyResult<Obj> {
    crate::modules::import(name)
}

/// `from module import name`: the attribute, or CPython's `ImportError` text for a
/// module without it.
pub fn import_from(module: &Obj, module_name: &str, name: &str) -> PyResult<Obj> {
    module.getattr(name).map_err(|_| {
        PyErr::new(
            &exceptions::IMPORT_ERROR,
            format!("cannot import name '{name}' from '{module_name}' (unknown location)"),
        )
    })
}

/// `raise value`: an exception instance or class.
pub fn raise(value: Obj) -> PyErr {
    PyErr::from_value(value)
}

/// `raise exc from cause`: the exception (a class is called), with `__cause__` set to
/// `cause` (an exception instance or class, or `None`) and `__suppress_context__` true.
pub fn raise_from(exc: Obj, cause: Obj) -> PyResult<PyErr> {
    let error = PyErr::from_value(exc);
    let cause = match cause.as_type() {
        Some(_) if !cause.is_none() => cause.call(&[])?,
        _ => cause,
    };
    if !cause.is_none() && !cause.py_type().is_subtype(&exceptions::BASE_EXCEPTION) {
        return Err(PyErr::type_error(
            "exception causes must derive from BaseException",
        ));
    }
    if let Some(exception) = error.value().downcast_ref::<exceptions::PyBaseException>() {
        exception.set_cause((!cause.is_none()).then_some(cause));
    }
    Ok(error)
}

/// A bare `raise` outside an `except` clause.
pub fn no_active_exception() -> PyErr {
    PyErr::runtime_error("No active exception to reraise")
}

/// `assert` failed: `AssertionError` with the message, if any.
pub fn assertion_error(message: Option<Obj>) -> PyErr {
    PyErr::assertion_error(message)
}

/// Whether `except ty` catches `error`: `ty` is an exception class or a tuple of them
/// (`TypeError: catching classes that do not inherit from BaseException is not
/// allowed` otherwise).
pub fn exception_matches(error: &PyErr, ty: &Obj) -> PyResult<bool> {
    error.matches(ty)
}

/// The exception object an `except ... as e` clause binds.
pub fn error_value(error: &PyErr) -> Obj {
    error.value().clone()
}

/// Adds a traceback entry to an error leaving a function (or the block).
pub fn traceback(error: PyErr, file: &'static str, line: u32, function: &'static str) -> PyErr {
    error.with_location(Location {
        file,
        line,
        function,
    })
}
