//! Function objects (`def`) and bound methods (`obj.method`).
//!
//! A [`PyFunction`] is what a `def` statement makes: a qualified name, a
//! [`Signature`], the code as a Rust `fn`, the default values of the last parameters
//! and the closure (the cells of the variables it captured). The code receives the
//! function object itself and the call's [`Args`]; it binds them to its parameters with
//! [`PyFunction::bind`] (CPython's argument errors, word for word) and reads its captured
//! variables from [`PyFunction::closure`].
//!
//! ```
//! use pyobj::{Args, Obj, PyFunction, PyResult, Signature};
//!
//! // def add(x, y=10): return x + y
//! static ADD: Signature = Signature::new(&["x", "y"]);
//! fn add(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
//!     let [x, y] = PyFunction::of(f)?.bind_array(args)?;
//!     x.add(&y)
//! }
//! let add = Obj::new_function("add", &ADD, add, vec![Obj::from(10)], vec![]);
//! assert_eq!(add.call(&[Obj::from(1)]).unwrap().repr().unwrap(), "11");
//! assert_eq!(
//!     add.call(&[]).unwrap_err().to_string(),
//!     "TypeError: add() missing 1 required positional argument: 'x'"
//! );
//! assert!(add.repr().unwrap().starts_with("<function add at 0x"));
//! ```
//!
//! A function has a `__dict__` (`f.x = 1`, `vars(f)`, `f.__dict__ = {...}`), and its
//! `__name__`, `__qualname__`, `__module__`, `__doc__` and `__annotations__` can be
//! assigned, with CPython's checks and texts; `__closure__` and `__globals__` are
//! read-only, and `__defaults__`, `__kwdefaults__` and `__code__` cannot be assigned
//! (pyobj's defaults are fixed when the function is made).
//!
//! A [`PyMethod`] is a function bound to an instance (`a.m`): calling it calls the
//! function with the instance first. It holds the instance, so `self.m = self.method`
//! makes a cycle, which the collector frees.

use std::cell::{Cell, RefCell};

use super::typeobject::PyType;
use super::{Args, CompareOp, Obj, as_dict, as_type_object, hash_pointer};
use crate::exceptions::{PyErr, PyResult};
use crate::trace::{Trace, Tracer};

/// The code of a function: called with the function object itself (to reach its
/// defaults and closure) and the call's arguments.
pub type FunctionCode = fn(&Obj, &Args<'_>) -> PyResult<Obj>;

/// The parameters of a function, as a code generator writes them in a `static`.
///
/// `params` are the positional parameters in order (the first `posonly` of them
/// positional-only, before `/`); the function's defaults (given to [`Obj::new_function`])
/// belong to the last of them. `varargs` is a `*args` parameter, `kwonly` the
/// keyword-only parameters after it (or after a bare `*`), `varkw` a `**kwargs` one.
///
/// The values a call binds (see [`PyFunction::bind`]) come in this order: `params`, the
/// `*args` tuple, `kwonly`, the `**kwargs` dict.
#[derive(Debug)]
pub struct Signature {
    /// The positional parameter names, in order.
    pub params: &'static [&'static str],
    /// How many of `params`, from the first, are positional-only.
    pub posonly: usize,
    /// Whether there is a `*args` parameter (after `params`).
    pub varargs: bool,
    /// The keyword-only parameter names, in order.
    pub kwonly: &'static [&'static str],
    /// Whether there is a `**kwargs` parameter (last).
    pub varkw: bool,
}

impl Signature {
    /// Positional-or-keyword parameters only: `def f(x, y)`.
    pub const fn new(params: &'static [&'static str]) -> Signature {
        Signature {
            params,
            posonly: 0,
            varargs: false,
            kwonly: &[],
            varkw: false,
        }
    }

    /// The same parameters, then `*args`.
    pub const fn with_varargs(self) -> Signature {
        Signature {
            varargs: true,
            ..self
        }
    }

    /// The same parameters, then `**kwargs`.
    pub const fn with_varkw(self) -> Signature {
        Signature {
            varkw: true,
            ..self
        }
    }

    /// How many local values [`PyFunction::bind`] produces: one per parameter, plus the
    /// `*args` tuple and the `**kwargs` dict if there are such parameters.
    pub const fn arity(&self) -> usize {
        self.params.len() + self.varargs as usize + self.kwonly.len() + self.varkw as usize
    }
}

/// A function made by `def` (Python's `function`).
pub struct PyFunction {
    qualname: &'static str,
    signature: &'static Signature,
    code: FunctionCode,
    defaults: Vec<Obj>,
    /// The defaults of the keyword-only parameters, one per parameter (`None`: none).
    kwdefaults: Vec<Option<Obj>>,
    closure: Vec<Obj>,
    /// The namespace its code reads globals from (`__globals__`), if any.
    globals: Option<Obj>,
    /// What was set on the function after it was made (`__dict__`, names), if anything.
    extra: RefCell<Option<Box<FunctionExtra>>>,
    /// For an `async def` compiled by `pyblock!`: its code up to the coroutine object
    /// (the bound frame and the body), for an `await` of a call to it
    /// ([`super::generator::await_call`]).
    coroutine_start: Cell<Option<super::generator::CoroutineStart>>,
}

/// The attributes of a function that its `def` does not fix: made on first use.
#[derive(Default)]
struct FunctionExtra {
    /// `__dict__`.
    dict: Option<Obj>,
    /// `__name__`, when assigned (a str).
    name: Option<Obj>,
    /// `__qualname__`, when assigned (a str).
    qualname: Option<Obj>,
    /// `__module__`, when assigned or deleted (then `None`).
    module: Option<Obj>,
    /// `__doc__`, when assigned.
    doc: Option<Obj>,
    /// `__annotations__` (a dict), once read or assigned.
    annotations: Option<Obj>,
}

impl FunctionExtra {
    fn objects(&self) -> [&Option<Obj>; 6] {
        [
            &self.dict,
            &self.name,
            &self.qualname,
            &self.module,
            &self.doc,
            &self.annotations,
        ]
    }
}

impl Obj {
    /// A function object (a `def` statement).
    ///
    /// `qualname` is the qualified name (`"f"`, `"A.m"`, `"outer.<locals>.inner"`); the
    /// name (`__name__`) is its last dotted part. `defaults` are the default values of
    /// the last `defaults.len()` parameters of `signature.params` (extra ones are
    /// ignored); `closure` holds the cells ([`Obj::new_cell`]) of the captured
    /// variables, in the order the code reads them.
    pub fn new_function(
        qualname: &'static str,
        signature: &'static Signature,
        code: FunctionCode,
        defaults: Vec<Obj>,
        closure: Vec<Obj>,
    ) -> Obj {
        PyFunction::make(None, qualname, signature, code, defaults, closure)
    }

    /// [`Obj::new_function`] for code that reads its globals from `globals` (a
    /// `pyblock!`'s namespace): the function holds it, as CPython's `__globals__`.
    pub fn new_function_in(
        globals: Obj,
        qualname: &'static str,
        signature: &'static Signature,
        code: FunctionCode,
        defaults: Vec<Obj>,
        closure: Vec<Obj>,
    ) -> Obj {
        PyFunction::make(Some(globals), qualname, signature, code, defaults, closure)
    }
}

impl PyFunction {
    fn make(
        globals: Option<Obj>,
        qualname: &'static str,
        signature: &'static Signature,
        code: FunctionCode,
        defaults: Vec<Obj>,
        closure: Vec<Obj>,
    ) -> Obj {
        Obj::new(PyFunction {
            qualname,
            signature,
            code,
            defaults,
            kwdefaults: Vec::new(),
            closure,
            globals,
            extra: RefCell::new(None),
            coroutine_start: Cell::new(None),
        })
    }

    /// A function whose keyword-only parameters (`signature.kwonly`) have the defaults
    /// `kwdefaults` (one per parameter, `None` where there is none): what a `def` with
    /// keyword-only parameters makes.
    pub(crate) fn make_with_kwdefaults(
        globals: Obj,
        qualname: &'static str,
        signature: &'static Signature,
        code: FunctionCode,
        (defaults, kwdefaults): (Vec<Obj>, Vec<Option<Obj>>),
        closure: Vec<Obj>,
    ) -> Obj {
        Obj::new(PyFunction {
            qualname,
            signature,
            code,
            defaults,
            kwdefaults,
            closure,
            globals: Some(globals),
            extra: RefCell::new(None),
            coroutine_start: Cell::new(None),
        })
    }

    /// The function behind `obj` (the first argument its code receives), or a
    /// `SystemError` if `obj` is not a function.
    #[inline]
    pub fn of(obj: &Obj) -> PyResult<&PyFunction> {
        obj.value_as::<PyFunction>()
    }

    /// `__name__`: the last part of the qualified name.
    pub fn name(&self) -> &'static str {
        self.qualname.rsplit('.').next().unwrap_or(self.qualname)
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> &'static str {
        self.qualname
    }

    /// For an `async def`: its code up to the coroutine object, if it was given one.
    #[inline]
    pub fn coroutine_start(&self) -> Option<super::generator::CoroutineStart> {
        self.coroutine_start.get()
    }

    /// Gives an `async def`'s function its code up to the coroutine object: `start`
    /// must bind the arguments and make the body exactly as the function's code does
    /// before it wraps them in a coroutine object.
    pub fn set_coroutine_start(&self, start: super::generator::CoroutineStart) {
        self.coroutine_start.set(Some(start));
    }

    /// The parameters.
    pub fn signature(&self) -> &'static Signature {
        self.signature
    }

    /// The default values of the last parameters (`__defaults__`).
    pub fn defaults(&self) -> &[Obj] {
        let n = self.defaults.len().min(self.signature.params.len());
        &self.defaults[self.defaults.len() - n..]
    }

    /// The cells of the captured variables (`__closure__`).
    pub fn closure(&self) -> &[Obj] {
        &self.closure
    }

    /// The namespace the code reads its globals from, if it was given one.
    pub fn globals(&self) -> Option<&Obj> {
        self.globals.as_ref()
    }

    /// The cell `index` of the closure, or a `SystemError` if there is no such cell.
    pub fn closure_cell(&self, index: usize) -> PyResult<&super::PyCell> {
        match self.closure.get(index) {
            Some(cell) => super::PyCell::of(cell),
            None => Err(PyErr::system_error(format!(
                "{}() has no closure cell {index}",
                self.qualname
            ))),
        }
    }

    /// The code (fixed when the function is made).
    #[inline]
    pub(crate) fn code(&self) -> FunctionCode {
        self.code
    }

    /// Calls the code with `this` (this function's object) and `args`.
    #[inline]
    pub fn call(&self, this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        (self.code)(this, args)
    }

    /// Binds the call's arguments to the parameters, as CPython does: one value per
    /// parameter (defaults filled in), then the `*args` tuple and the `**kwargs` dict if
    /// the signature has them. Errors are CPython 3.11's `TypeError`s, named by the
    /// qualified name (`A.m() takes 2 positional arguments but 3 were given`).
    pub fn bind(&self, args: &Args<'_>) -> PyResult<Vec<Obj>> {
        let bound = bind_all(
            self.qualname,
            self.signature,
            self.defaults(),
            &self.kwdefaults,
            args,
        );
        match bound {
            // An assigned `__qualname__` names the function in the error, as CPython's.
            Err(error) => match self.assigned(|extra| extra.qualname.clone()) {
                Some(qualname) => bind_all(
                    &qualname.str()?,
                    self.signature,
                    self.defaults(),
                    &self.kwdefaults,
                    args,
                )
                .and(Err(error)),
                None => Err(error),
            },
            bound => bound,
        }
    }

    /// What `read` finds in the attributes set after the function was made, if any.
    fn assigned<T>(&self, read: impl FnOnce(&FunctionExtra) -> Option<T>) -> Option<T> {
        self.extra.borrow().as_deref().and_then(read)
    }

    /// Changes the attributes set after the function was made (made on first use);
    /// what `change` returns (an old value) is dropped after the borrow ends.
    fn assign<T>(&self, change: impl FnOnce(&mut FunctionExtra) -> T) -> T {
        let mut extra = self.extra.borrow_mut();
        change(extra.get_or_insert_with(Box::default))
    }

    /// The current `__qualname__` as text (an assigned one, else the `def`'s).
    fn current_qualname(&self) -> PyResult<String> {
        match self.assigned(|extra| extra.qualname.clone()) {
            Some(qualname) => qualname.str(),
            None => Ok(self.qualname.to_owned()),
        }
    }

    /// `__dict__`, made on first use.
    fn dict(&self) -> Obj {
        if let Some(dict) = self.assigned(|extra| extra.dict.clone()) {
            return dict;
        }
        let dict = Obj::dict();
        self.assign(|extra| extra.dict = Some(dict.clone()));
        dict
    }

    /// [`PyFunction::bind`] into an array (`N` must be [`Signature::arity`], else a
    /// `SystemError`).
    #[inline]
    pub fn bind_array<const N: usize>(&self, args: &Args<'_>) -> PyResult<[Obj; N]> {
        // The common call: positional arguments only, defaults for the rest, no `*args`
        // or `**kwargs`: the values go straight into the array.
        let signature = self.signature;
        let positional = args.positional();
        let given = positional.len();
        if args.keywords().is_empty()
            && !signature.varargs
            && !signature.varkw
            && signature.kwonly.is_empty()
            && signature.params.len() == N
            && given <= N
        {
            if let Ok(all) = <&[Obj; N]>::try_from(positional) {
                return Ok(all.clone());
            }
            let defaults = self.defaults();
            if given + defaults.len() >= N {
                let first_default = N - defaults.len();
                return Ok(std::array::from_fn(|index| match positional.get(index) {
                    Some(value) => value.clone(),
                    None => defaults[index - first_default].clone(),
                }));
            }
        }
        if !args.keywords().is_empty()
            && let Some(bound) = self.bind_keywords(args)
        {
            return Ok(bound);
        }
        self.bind_array_slow(args)
    }

    /// [`PyFunction::bind_array`] for a call with keyword arguments to a function
    /// without `*args`, `**kwargs` or keyword-only parameters: each keyword names a
    /// parameter after the positional arguments (and past the positional-only ones),
    /// the defaults fill the rest; no allocation. `None` for anything else (a keyword
    /// given twice or unknown, a missing argument...): the general binding then raises
    /// CPython's error.
    #[inline(never)]
    fn bind_keywords<const N: usize>(&self, args: &Args<'_>) -> Option<[Obj; N]> {
        let signature = self.signature;
        let positional = args.positional();
        if signature.varargs
            || signature.varkw
            || !signature.kwonly.is_empty()
            || signature.params.len() != N
            || positional.len() > N
        {
            return None;
        }
        let mut slots: [Option<Obj>; N] = std::array::from_fn(|_| None);
        for (slot, value) in slots.iter_mut().zip(positional) {
            *slot = Some(value.clone());
        }
        for (key, value) in args.keywords() {
            let index = signature.params.iter().position(|param| param == key)?;
            if index < signature.posonly {
                return None;
            }
            let slot = &mut slots[index];
            if slot.is_some() {
                return None;
            }
            *slot = Some(value.clone());
        }
        let defaults = self.defaults();
        let first_default = N.checked_sub(defaults.len())?;
        for (index, slot) in slots.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = Some(defaults.get(index.checked_sub(first_default)?)?.clone());
            }
        }
        Some(slots.map(|slot| slot.unwrap_or_else(|| unreachable!("every slot is filled"))))
    }

    /// [`PyFunction::bind_array`] for code that knows its signature: `expected` (a
    /// `static` of the code generator). When it is the function's own, the shape tests
    /// on it fold away at compile time.
    ///
    /// Inlined into the function's code: a call whose arguments the caller hands over
    /// ([`Args::take_positional`]) binds them with a few tests and no count change; the
    /// rest is out of line.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn bind_array_as<const N: usize>(
        &self,
        expected: &'static Signature,
        args: &Args<'_>,
    ) -> PyResult<[Obj; N]> {
        if std::ptr::eq(self.signature, expected)
            && !expected.varargs
            && !expected.varkw
            && expected.kwonly.is_empty()
            && expected.params.len() == N
            && let Some(all) = args.take_positional::<N>()
        {
            return Ok(all);
        }
        self.bind_array_other(args)
    }

    /// [`PyFunction::bind_array_as`] for arguments that stay the caller's.
    #[inline(never)]
    fn bind_array_other<const N: usize>(&self, args: &Args<'_>) -> PyResult<[Obj; N]> {
        let signature = self.signature;
        if !signature.varargs
            && !signature.varkw
            && signature.kwonly.is_empty()
            && signature.params.len() == N
            && let Some(all) = args.take_with_defaults::<N>(self.defaults())
        {
            return Ok(all);
        }
        self.bind_array(args)
    }

    #[inline(never)]
    fn bind_array_slow<const N: usize>(&self, args: &Args<'_>) -> PyResult<[Obj; N]> {
        let locals = self.bind(args)?;
        let got = locals.len();
        <[Obj; N]>::try_from(locals).map_err(|_| {
            PyErr::system_error(format!("{}() binds {got} values, not {N}", self.qualname))
        })
    }
}

/// CPython's argument binding (`_PyEval_MakeFrameVector`'s checks and texts) for a
/// function named `qualname` with the parameters of `signature` and the defaults of its
/// last parameters.
///
/// Order of the checks, as CPython's: keywords (unexpected, given twice, or naming a
/// positional-only parameter), then too many positional arguments, then missing
/// positional ones, then missing keyword-only ones.
pub fn bind_arguments(
    qualname: &str,
    signature: &Signature,
    defaults: &[Obj],
    args: &Args<'_>,
) -> PyResult<Vec<Obj>> {
    bind_all(qualname, signature, defaults, &[], args)
}

/// [`bind_arguments`] with the keyword-only parameters' defaults.
fn bind_all(
    qualname: &str,
    signature: &Signature,
    defaults: &[Obj],
    kwdefaults: &[Option<Obj>],
    args: &Args<'_>,
) -> PyResult<Vec<Obj>> {
    let params = signature.params;
    let positional = args.positional();
    let given = positional.len();
    let mut slots: Vec<Option<Obj>> = vec![None; params.len()];
    for (slot, value) in slots.iter_mut().zip(positional) {
        *slot = Some(value.clone());
    }
    let mut kwslots: Vec<Option<Obj>> = vec![None; signature.kwonly.len()];
    let varargs = signature
        .varargs
        .then(|| Obj::tuple(positional.iter().skip(params.len()).cloned()));
    let mut varkw: Vec<(Obj, Obj)> = Vec::new();
    let mut posonly_named: Vec<&str> = Vec::new();
    for (key, value) in args.keywords() {
        let by_name = params
            .iter()
            .position(|param| param == key)
            .filter(|&index| index >= signature.posonly);
        if let Some(index) = by_name {
            if slots[index].is_some() {
                return Err(PyErr::type_error(format!(
                    "{qualname}() got multiple values for argument '{key}'"
                )));
            }
            slots[index] = Some(value.clone());
        } else if let Some(index) = signature.kwonly.iter().position(|param| param == key) {
            if kwslots[index].is_some() {
                return Err(PyErr::type_error(format!(
                    "{qualname}() got multiple values for argument '{key}'"
                )));
            }
            kwslots[index] = Some(value.clone());
        } else if signature.varkw {
            varkw.push((Obj::from(*key), value.clone()));
        } else if params[..signature.posonly].contains(key) {
            posonly_named.push(key);
        } else {
            return Err(PyErr::type_error(format!(
                "{qualname}() got an unexpected keyword argument '{key}'"
            )));
        }
    }
    if !posonly_named.is_empty() {
        return Err(PyErr::type_error(format!(
            "{qualname}() got some positional-only arguments passed as keyword arguments: '{}'",
            posonly_named.join(", ")
        )));
    }
    let ndefaults = defaults.len().min(params.len());
    let required = params.len() - ndefaults;
    if given > params.len() && !signature.varargs {
        let (takes, plural) = if ndefaults > 0 {
            (format!("from {required} to {}", params.len()), "s")
        } else {
            let plural = if params.len() == 1 { "" } else { "s" };
            (params.len().to_string(), plural)
        };
        let kwonly_given = kwslots.iter().filter(|slot| slot.is_some()).count();
        let was = if kwonly_given > 0 {
            let plural = if kwonly_given == 1 { "" } else { "s" };
            format!(
                "{} (and {kwonly_given} keyword-only argument{plural}) were",
                if given == 1 {
                    "positional argument".to_owned()
                } else {
                    "positional arguments".to_owned()
                }
            )
        } else if given == 1 {
            "was".to_owned()
        } else {
            "were".to_owned()
        };
        return Err(PyErr::type_error(format!(
            "{qualname}() takes {takes} positional argument{plural} but {given} {was} given"
        )));
    }
    let missing: Vec<&str> = params[..required]
        .iter()
        .zip(&slots)
        .filter(|(_, slot)| slot.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        let plural = if missing.len() == 1 { "" } else { "s" };
        return Err(PyErr::type_error(format!(
            "{qualname}() missing {} required positional argument{plural}: {}",
            missing.len(),
            name_list(&missing)
        )));
    }
    for (slot, default) in kwslots.iter_mut().zip(kwdefaults) {
        if slot.is_none() {
            slot.clone_from(default);
        }
    }
    let missing: Vec<&str> = signature
        .kwonly
        .iter()
        .zip(&kwslots)
        .filter(|(_, slot)| slot.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        let plural = if missing.len() == 1 { "" } else { "s" };
        return Err(PyErr::type_error(format!(
            "{qualname}() missing {} required keyword-only argument{plural}: {}",
            missing.len(),
            name_list(&missing)
        )));
    }
    let mut locals = Vec::with_capacity(signature.arity());
    for (index, slot) in slots.into_iter().enumerate() {
        let value = match slot {
            Some(value) => value,
            None => defaults[index - required].clone(),
        };
        locals.push(value);
    }
    if let Some(varargs) = varargs {
        locals.push(varargs);
    }
    locals.extend(kwslots.into_iter().flatten());
    if signature.varkw {
        locals.push(Obj::dict_from(varkw)?);
    }
    Ok(locals)
}

/// `'x'`, `'x' and 'y'`, `'x', 'y', and 'z'` (CPython's `format_missing`).
fn name_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

/// The one vtable of every `PyFunction` (a downcast is one comparison of addresses).
static PYFUNCTION_VTABLE: crate::refcount::StaticVTable<PyFunction> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyFunction {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYFUNCTION_VTABLE.get());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FUNCTION_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.defaults.trace(tracer);
        self.kwdefaults.trace(tracer);
        self.closure.trace(tracer);
        self.globals.trace(tracer);
        match self.extra.try_borrow() {
            Ok(extra) => {
                if let Some(extra) = extra.as_deref() {
                    for value in extra.objects() {
                        value.trace(tracer);
                    }
                }
            }
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        // The defaults, closure and globals are fixed; what was set afterwards (a
        // `__dict__` that refers back to the function) is what breaks a cycle.
        if let Ok(mut extra) = self.extra.try_borrow_mut() {
            let old = extra.take();
            drop(extra);
            drop(old);
        }
    }
}

/// `function`.
static FUNCTION_TYPE: PyType = PyType {
    name: "function",
    repr: Some(|obj| {
        Ok(format!(
            "<function {} at {:#x}>",
            PyFunction::of(obj)?.current_qualname()?,
            obj.id()
        ))
    }),
    call: Some(|obj, args| PyFunction::of(obj)?.call(obj, args)),
    getattr: Some(function_getattr),
    setattr: Some(function_setattr),
    weakrefable: true,
    ..PyType::BLANK
};

fn function_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let function = PyFunction::of(obj)?;
    Ok(match name {
        "__name__" => Some(
            function
                .assigned(|extra| extra.name.clone())
                .unwrap_or_else(|| Obj::from(function.name())),
        ),
        "__qualname__" => Some(
            function
                .assigned(|extra| extra.qualname.clone())
                .unwrap_or_else(|| Obj::from(function.qualname)),
        ),
        "__module__" => Some(
            function
                .assigned(|extra| extra.module.clone())
                .unwrap_or_else(|| Obj::from("__main__")),
        ),
        "__doc__" => Some(
            function
                .assigned(|extra| extra.doc.clone())
                .unwrap_or_else(Obj::none),
        ),
        "__annotations__" => Some(match function.assigned(|extra| extra.annotations.clone()) {
            Some(annotations) => annotations,
            None => {
                let annotations = Obj::dict();
                function.assign(|extra| extra.annotations = Some(annotations.clone()));
                annotations
            }
        }),
        "__dict__" => Some(function.dict()),
        "__defaults__" => Some(match function.defaults() {
            [] => Obj::none(),
            defaults => Obj::tuple(defaults.iter().cloned()),
        }),
        "__kwdefaults__" => Some(if function.kwdefaults.iter().all(Option::is_none) {
            Obj::none()
        } else {
            Obj::dict_from(
                function
                    .signature
                    .kwonly
                    .iter()
                    .zip(&function.kwdefaults)
                    .filter_map(|(name, value)| Some((Obj::from(*name), value.clone()?))),
            )?
        }),
        "__closure__" => Some(match function.closure.as_slice() {
            [] => Obj::none(),
            cells => Obj::tuple(cells.iter().cloned()),
        }),
        "__class__" => None,
        _ => match function.assigned(|extra| extra.dict.clone()) {
            Some(dict) => match as_dict(&dict) {
                Some(dict) => dict.get(&Obj::from(name))?,
                None => None,
            },
            None => None,
        },
    })
}

/// `f.name = value` and `del f.name` (`value` is `None`), with CPython's checks and
/// texts: the names a function has are checked, any other name is in its `__dict__`.
fn function_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let function = PyFunction::of(obj)?;
    match name {
        "__name__" | "__qualname__" => {
            let Some(value) = value.filter(|value| value.as_str().is_some()) else {
                return Err(PyErr::type_error(format!(
                    "{name} must be set to a string object"
                )));
            };
            let value = Some(value.clone());
            let old = function.assign(|extra| {
                if name == "__name__" {
                    std::mem::replace(&mut extra.name, value)
                } else {
                    std::mem::replace(&mut extra.qualname, value)
                }
            });
            drop(old);
        }
        "__module__" | "__doc__" => {
            let value = Some(value.cloned().unwrap_or_else(Obj::none));
            let old = function.assign(|extra| {
                if name == "__module__" {
                    std::mem::replace(&mut extra.module, value)
                } else {
                    std::mem::replace(&mut extra.doc, value)
                }
            });
            drop(old);
        }
        "__annotations__" => {
            let value = match value {
                Some(value) if value.is_none() => None,
                Some(value) if as_dict(value).is_some() => Some(value.clone()),
                None => None,
                Some(_) => {
                    return Err(PyErr::type_error(
                        "__annotations__ must be set to a dict object",
                    ));
                }
            };
            let old = function.assign(|extra| std::mem::replace(&mut extra.annotations, value));
            drop(old);
        }
        "__dict__" => {
            let Some(value) = value else {
                return Err(PyErr::type_error("cannot delete __dict__"));
            };
            if as_dict(value).is_none() {
                return Err(PyErr::type_error(format!(
                    "__dict__ must be set to a dictionary, not a '{}'",
                    value.type_name()
                )));
            }
            let value = Some(value.clone());
            let old = function.assign(|extra| std::mem::replace(&mut extra.dict, value));
            drop(old);
        }
        "__defaults__" | "__kwdefaults__" => {
            let (valid, kind) = match name {
                "__defaults__" => (
                    value.is_none_or(|value| value.is_exact::<super::PyTuple>()),
                    "tuple",
                ),
                _ => (value.is_none_or(|value| as_dict(value).is_some()), "dict"),
            };
            let valid = valid || value.is_some_and(Obj::is_none);
            return Err(if valid {
                PyErr::attribute_error(format!(
                    "cannot change {name}: pyobj fixes a function's defaults when it is made"
                ))
            } else {
                PyErr::type_error(format!("{name} must be set to a {kind} object"))
            });
        }
        "__code__" => {
            return Err(PyErr::type_error("__code__ must be set to a code object"));
        }
        "__closure__" | "__globals__" | "__builtins__" => {
            return Err(PyErr::attribute_error("readonly attribute"));
        }
        "__class__" => {
            return Err(PyErr::type_error(match value {
                None => "can't delete __class__ attribute".to_owned(),
                Some(value) if as_type_object(value).is_some() => {
                    "__class__ assignment only supported for mutable types or ModuleType subclasses"
                        .to_owned()
                }
                Some(value) => format!(
                    "__class__ must be set to a class, not '{}' object",
                    value.type_name()
                ),
            }));
        }
        _ => {
            let dict = function.dict();
            let key = Obj::from(name);
            match value {
                Some(value) => dict.set_item(&key, value)?,
                None => {
                    let present = match as_dict(&dict) {
                        Some(table) => table.get(&key)?.is_some(),
                        None => false,
                    };
                    if !present {
                        return Err(PyErr::no_attribute(obj, name));
                    }
                    dict.del_item(&key)?;
                }
            }
        }
    }
    Ok(())
}

/// A function bound to an instance (Python's `method`): `a.m`.
pub struct PyMethod {
    func: Obj,
    instance: Obj,
}

impl PyMethod {
    /// The method `func` bound to `instance`.
    pub fn bind(func: Obj, instance: Obj) -> Obj {
        Obj::new(PyMethod { func, instance })
    }

    /// `__func__`.
    pub fn function(&self) -> &Obj {
        &self.func
    }

    /// `__self__`.
    pub fn instance(&self) -> &Obj {
        &self.instance
    }
}

/// Calls `func` with `first` prepended to the arguments.
pub(crate) fn call_with_first(func: &Obj, first: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let call = |positional: &[Obj]| {
        let args = Args::new(positional, args.keywords());
        match func.downcast_ref::<PyFunction>() {
            Some(function) => function.call(func, &args),
            None => func.call_with(&args),
        }
    };
    // A few arguments go on the stack; more into a vector.
    match args.positional() {
        [] => call(std::slice::from_ref(first)),
        [a] => call(&[first.clone(), a.clone()]),
        [a, b] => call(&[first.clone(), a.clone(), b.clone()]),
        [a, b, c] => call(&[first.clone(), a.clone(), b.clone(), c.clone()]),
        rest => {
            let mut positional = Vec::with_capacity(rest.len() + 1);
            positional.push(first.clone());
            positional.extend_from_slice(rest);
            call(&positional)
        }
    }
}

/// The one vtable of every `PyMethod` (a downcast is one comparison of addresses).
static PYMETHOD_VTABLE: crate::refcount::StaticVTable<PyMethod> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyMethod {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYMETHOD_VTABLE.get());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&METHOD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.func.trace(tracer);
        self.instance.trace(tracer);
    }
}

/// `method`.
static METHOD_TYPE: PyType = PyType {
    name: "method",
    repr: Some(method_repr),
    call: Some(|obj, args| {
        let method = obj.value_as::<PyMethod>()?;
        call_with_first(&method.func, &method.instance, args)
    }),
    getattr: Some(method_getattr),
    setattr: Some(method_setattr),
    richcompare: Some(method_richcompare),
    hash: Some(super::typeobject::HashSlot::Value(|obj| {
        let method = obj.value_as::<PyMethod>()?;
        Ok(hash_pointer(method.instance.id()) ^ method.func.hash()?)
    })),
    weakrefable: true,
    ..PyType::BLANK
};

/// `<bound method A.m of <__main__.A object at 0x...>>`.
fn method_repr(obj: &Obj) -> PyResult<String> {
    let method = obj.value_as::<PyMethod>()?;
    let name = match method.func.downcast_ref::<PyFunction>() {
        Some(function) => function.current_qualname()?,
        None => method
            .func
            .getattr("__qualname__")
            .and_then(|name| name.str())
            .unwrap_or_else(|_| "?".to_owned()),
    };
    Ok(format!(
        "<bound method {name} of {}>",
        method.instance.repr()?
    ))
}

/// `__self__`, `__func__`, `__name__`, `__qualname__`; any other attribute is the
/// function's (`'function' object has no attribute 'y'`, as CPython says).
fn method_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let method = obj.value_as::<PyMethod>()?;
    match name {
        "__self__" => Ok(Some(method.instance.clone())),
        "__func__" => Ok(Some(method.func.clone())),
        "__class__" => Ok(None),
        _ => method.func.getattr(name).map(Some),
    }
}

/// `m.name = value` / `del m.name`: a bound method has no attributes of its own to
/// set (the function's are set on the function), with CPython's texts.
fn method_setattr(obj: &Obj, name: &str, _: Option<&Obj>) -> PyResult<()> {
    Err(match name {
        "__self__" | "__func__" => PyErr::attribute_error("readonly attribute"),
        "__doc__" => {
            PyErr::attribute_error("attribute '__doc__' of 'method' objects is not writable")
        }
        _ => PyErr::no_attribute(obj, name),
    })
}

/// Two bound methods are equal if they bind the same object (identity) to equal
/// functions.
fn method_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let (Some(x), Some(y)) = (a.downcast_ref::<PyMethod>(), b.downcast_ref::<PyMethod>()) else {
        return Ok(Obj::not_implemented());
    };
    let equal = || -> PyResult<bool> { Ok(x.instance.is(&y.instance) && x.func.eq(&y.func)?) };
    Ok(match op {
        CompareOp::Eq => Obj::from(equal()?),
        CompareOp::Ne => Obj::from(!equal()?),
        _ => Obj::not_implemented(),
    })
}
