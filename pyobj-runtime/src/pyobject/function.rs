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
//! use pyobj_runtime::{Args, Obj, PyFunction, PyResult, Signature};
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
//! A [`PyMethod`] is a function bound to an instance (`a.m`): calling it calls the
//! function with the instance first. It holds the instance, so `self.m = self.method`
//! makes a cycle, which the collector frees.

use super::typeobject::PyType;
use super::{Args, CompareOp, Obj, hash_pointer};
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
        bind_all(
            self.qualname,
            self.signature,
            self.defaults(),
            &self.kwdefaults,
            args,
        )
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
        self.bind_array_slow(args)
    }

    /// [`PyFunction::bind_array`] for code that knows its signature: `expected` (a
    /// `static` of the code generator). When it is the function's own, the shape tests
    /// on it fold away at compile time.
    #[inline]
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
            && args.keywords().is_empty()
            && let Ok(all) = <&[Obj; N]>::try_from(args.positional())
        {
            return Ok(all.clone());
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

impl Trace for PyFunction {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FUNCTION_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.defaults.trace(tracer);
        self.kwdefaults.trace(tracer);
        self.closure.trace(tracer);
        self.globals.trace(tracer);
    }
}

/// `function`.
static FUNCTION_TYPE: PyType = PyType {
    name: "function",
    repr: Some(|obj| {
        Ok(format!(
            "<function {} at {:#x}>",
            PyFunction::of(obj)?.qualname,
            obj.id()
        ))
    }),
    call: Some(|obj, args| PyFunction::of(obj)?.call(obj, args)),
    getattr: Some(function_getattr),
    setattr: Some(|obj, name, _| {
        if function_getattr(obj, name)?.is_some() {
            Err(PyErr::attribute_error("readonly attribute"))
        } else {
            Err(PyErr::no_attribute(obj, name))
        }
    }),
    weakrefable: true,
    ..PyType::BLANK
};

fn function_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let function = PyFunction::of(obj)?;
    Ok(match name {
        "__name__" => Some(Obj::from(function.name())),
        "__qualname__" => Some(Obj::from(function.qualname)),
        "__module__" => Some(Obj::from("__main__")),
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
        "__doc__" => Some(Obj::none()),
        _ => None,
    })
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

impl Trace for PyMethod {
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
        Some(function) => function.qualname.to_owned(),
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
