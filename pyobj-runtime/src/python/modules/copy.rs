//! `import copy`: CPython 3.11's `copy.copy` and `copy.deepcopy`, following
//! `Lib/copy.py` step by step.
//!
//! `copy.copy(x)`:
//! - immutable objects are returned as they are: `None`, `NotImplemented`, ints,
//!   floats, bools, strs, bytes, tuples, ranges, slices, functions, builtin functions
//!   and methods, `weakref.ref` objects, types and classes;
//! - a list, dict or set: its `copy()`;
//! - a class's `__copy__` (looked up on the class, called with `x`), a builtin type's
//!   (`array.array.__copy__`);
//! - otherwise the object's reduction (CPython's `__reduce_ex__(4)`), rebuilt by
//!   `_reconstruct`: a class's own `__reduce_ex__(4)` or `__reduce__()` when it defines
//!   one; for an instance of a class, a new instance made without calling `__init__`
//!   (`copyreg.__newobj__`) whose state is `__getstate__()` if the class defines it,
//!   else its attributes (as `__dict__`); `__setstate__(state)` is called when the
//!   class defines it, else the attributes are set. An exception is rebuilt from its
//!   type and `args` (then its attributes); an `io.StringIO` from its text, newline
//!   mode and position; a bound method from `getattr(self, name)`; an object of a
//!   type a module defines, from that type's `__reduce_ex__(4)` or `__reduce__()`
//!   method when it has one.
//!
//! `copy.deepcopy(x, memo=None)`: the same walk with a memo dict from `id(obj)` to its
//! copy, so that an object reached twice is copied once and cycles are rebuilt
//! (`a = []; a.append(a); b = deepcopy(a)` gives `b[0] is b`). As in CPython, lists
//! and dicts enter the memo before their items are copied, a tuple is new only if one
//! of its items is, every copy that is not the original is recorded under `id(x)` and
//! its original kept alive in a list under `id(memo)`; a set and a slice are rebuilt
//! from their reductions (a list of the items, the bounds), an instance's state dict is
//! deep-copied (so it enters the memo too). A class's `__deepcopy__(memo)` is found on
//! the object. A memo that is not a dict is used through its `get` method and item
//! assignment, as CPython does. Deep nesting raises `RecursionError: maximum recursion
//! depth exceeded while calling a Python object`.
//!
//! An object with no reduction raises CPython's `TypeError: cannot pickle 'module'
//! object`; CPython can copy some objects pyobj cannot (iterators such as
//! `list_iterator`, `zip`, `map`, `enumerate`; `random.Random`; the types of
//! `collections` without a `__reduce__`), which raise that error here. `copy.Error`
//! (also `copy.error`) is the module's exception class.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let copy = modules::import("copy").unwrap();
//! let inner = Obj::list([Obj::from(1)]);
//! let outer = Obj::list([inner.clone(), inner.clone()]);
//! let deep = copy.getattr("deepcopy").unwrap().call(&[outer.clone()]).unwrap();
//! let first = deep.get_item(&Obj::from(0)).unwrap();
//! assert!(!first.is(&inner));
//! assert!(first.is(&deep.get_item(&Obj::from(1)).unwrap())); // still shared
//! ```

use crate::exceptions::{ATTRIBUTE_ERROR, EXCEPTION, KEY_ERROR, PyBaseException, PyErr, PyResult};
use crate::pyobject::types::SET_TYPE;
use crate::pyobject::{
    Args, Obj, PyBuiltinFunction, PyBuiltinMethod, PyClass, PyDict, PyFunction, PyList, PyMethod,
    PyModule, PySet, PySlice, PyTuple, PyType, PyWeakref, RANGE_TYPE, Signature, as_type_object,
    bind_arguments, enter_recursive_call, instance_data,
};

use super::function;

/// `copy.Error`.
static COPY_ERROR: PyType = PyType {
    name: "copy.Error",
    base: Some(&EXCEPTION),
    ..PyType::BLANK
};

/// Makes the `copy` module object.
pub(super) fn make() -> PyResult<Obj> {
    let error = COPY_ERROR.to_object();
    PyModule::new_object(
        "copy",
        [
            ("Error", error.clone()),
            function("copy", copy_function),
            function("deepcopy", deepcopy_function),
            ("error", error),
        ],
    )
}

/// `copy(x)`.
fn copy_function(args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["x"]);
    let [x] = bind("copy", &SIGNATURE, &[], args)?;
    copy(&x)
}

/// `deepcopy(x, memo=None, _nil=[])`.
fn deepcopy_function(args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["x", "memo", "_nil"]);
    let [x, memo, _] = bind("deepcopy", &SIGNATURE, &[Obj::none(), Obj::none()], args)?;
    let memo = if memo.is_none() { Obj::dict() } else { memo };
    deepcopy(&x, &Memo::new(memo))
}

/// Binds the arguments of a function of `copy.py`.
fn bind<const N: usize>(
    name: &str,
    signature: &Signature,
    defaults: &[Obj],
    args: &Args<'_>,
) -> PyResult<[Obj; N]> {
    bind_arguments(name, signature, defaults, args)?
        .try_into()
        .map_err(|_| PyErr::system_error("bad signature"))
}

// ---------------------------------------------------------------------------
// Looking things up.

/// `getattr(obj, name, None)`.
fn getattr_opt(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    match obj.getattr(name) {
        Ok(value) => Ok(Some(value)),
        Err(error) if error.is_instance(&ATTRIBUTE_ERROR) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The class of `x` if it is an instance of a class made by a `class` statement.
fn class_of(x: &Obj) -> Option<Obj> {
    crate::pyobject::instance_class(x).cloned()
}

/// Calls `type(x).name(x)` if the type defines `name`: a class's attribute, or a method
/// of a builtin type (`array.array.__copy__`).
fn call_type_method(x: &Obj, name: &str, args: &[Obj]) -> Option<PyResult<Obj>> {
    if let Some(cls) = class_of(x) {
        crate::pyobject::class_lookup(&cls, name)?;
        // `getattr(cls, name)`: what the class gives (a function, unbound).
        let method = match cls.getattr(name) {
            Ok(method) => method,
            Err(error) => return Some(Err(error)),
        };
        let mut positional = Vec::with_capacity(args.len() + 1);
        positional.push(x.clone());
        positional.extend_from_slice(args);
        return Some(method.call(&positional));
    }
    let ty = x.py_type();
    if ty.is_heap_type() {
        return None;
    }
    let method = ty.method(name)?;
    Some((method.call)(x, &Args::positional_only(args)))
}

/// Whether `copy.copy` returns `x` itself (`_copy_dispatch`'s `_copy_immutable` types,
/// and classes).
fn is_immutable(x: &Obj) -> bool {
    is_atomic(x) || x.is_exact::<PyTuple>() || x.is_exact::<PySlice>()
}

/// Whether `copy.deepcopy` returns `x` itself (`_deepcopy_atomic`'s types, and
/// classes).
fn is_atomic(x: &Obj) -> bool {
    use crate::pyobject::types::{BOOL_TYPE, BYTES_TYPE, FLOAT_TYPE, INT_TYPE, STR_TYPE};
    let ty = x.py_type();
    x.is_none()
        || x.is_not_implemented()
        || [
            &INT_TYPE,
            &FLOAT_TYPE,
            &BOOL_TYPE,
            &STR_TYPE,
            &BYTES_TYPE,
            &RANGE_TYPE,
        ]
        .into_iter()
        .any(|atomic| std::ptr::eq(ty, atomic))
        || x.is_exact::<PyFunction>()
        || x.is_exact::<PyBuiltinFunction>()
        || x.is_exact::<PyBuiltinMethod>()
        || ty.name() == "builtin_function_or_method"
        || x.is_exact::<PyWeakref>()
        || as_type_object(x).is_some()
}

/// `TypeError: cannot pickle 'module' object`.
fn cannot_pickle(x: &Obj) -> PyErr {
    PyErr::type_error(format!("cannot pickle '{}' object", x.type_name()))
}

// ---------------------------------------------------------------------------
// copy.copy

/// `copy.copy(x)`.
pub(super) fn copy(x: &Obj) -> PyResult<Obj> {
    if is_immutable(x) || std::ptr::eq(x.py_type(), PySet::frozenset_type()) {
        return Ok(x.clone());
    }
    if x.is_exact::<PyList>() || x.is_exact::<PyDict>() || x.is_exact::<PySet>() {
        return x.call_method("copy", &[]);
    }
    if let Some(copied) = call_type_method(x, "__copy__", &[]) {
        return copied;
    }
    match reduce(x)? {
        Reduction::Itself => Ok(x.clone()),
        Reduction::Done(y) => Ok(y),
        Reduction::Parts(parts) => reconstruct(x, None, parts),
    }
}

// ---------------------------------------------------------------------------
// copy.deepcopy

/// The memo of a `deepcopy` call.
struct Memo {
    /// The memo object (a dict, or any object with `get` and item assignment).
    memo: Obj,
    /// The memo's id, as an int (the key of the keep-alive list).
    key: Obj,
    /// `_nil`: what `memo.get` returns for a missing key (for a memo that is not a
    /// dict).
    nil: Obj,
}

impl Memo {
    fn new(memo: Obj) -> Memo {
        Memo {
            key: Obj::from(memo.id()),
            memo,
            nil: Obj::list([]),
        }
    }

    /// `memo.get(id, _nil)`, as an option.
    fn get(&self, key: &Obj) -> PyResult<Option<Obj>> {
        if let Some(dict) = self.memo.downcast_ref::<PyDict>()
            && self.memo.is_exact::<PyDict>()
        {
            return dict.get(key);
        }
        let found = self
            .memo
            .call_method("get", &[key.clone(), self.nil.clone()])?;
        Ok((!found.is(&self.nil)).then_some(found))
    }

    /// `memo[id] = y`.
    fn set(&self, key: &Obj, y: &Obj) -> PyResult<()> {
        self.memo.set_item(key, y)
    }

    /// `_keep_alive(x, memo)`: `x` appended to the list at `memo[id(memo)]`.
    fn keep_alive(&self, x: &Obj) -> PyResult<()> {
        match self.memo.get_item(&self.key) {
            Ok(list) => list
                .call_method("append", std::slice::from_ref(x))
                .map(drop),
            Err(error) if error.is_instance(&KEY_ERROR) => {
                self.memo.set_item(&self.key, &Obj::list([x.clone()]))
            }
            Err(error) => Err(error),
        }
    }
}

/// `copy.deepcopy(x, memo)`.
fn deepcopy(x: &Obj, memo: &Memo) -> PyResult<Obj> {
    let key = Obj::from(x.id());
    if let Some(y) = memo.get(&key)? {
        return Ok(y);
    }
    // One level of CPython's recursion (a Python call each).
    let _guard = enter_recursive_call(" while calling a Python object")?;
    let y = if is_atomic(x) {
        x.clone()
    } else if x.is_exact::<PyList>() {
        deepcopy_list(x, memo)?
    } else if x.is_exact::<PyTuple>() {
        deepcopy_tuple(x, memo)?
    } else if x.is_exact::<PyDict>() {
        deepcopy_dict(x, memo)?
    } else if let Some(method) = x.downcast_ref::<PyMethod>() {
        PyMethod::bind(
            method.function().clone(),
            deepcopy(method.instance(), memo)?,
        )
    } else if let Some(copier) = getattr_opt(x, "__deepcopy__")? {
        copier.call(std::slice::from_ref(&memo.memo))?
    } else {
        match reduce(x)? {
            Reduction::Itself => x.clone(),
            Reduction::Done(y) => y,
            Reduction::Parts(parts) => reconstruct(x, Some(memo), parts)?,
        }
    };
    // An object that is its own copy is not memoized.
    if !y.is(x) {
        memo.set(&key, &y)?;
        memo.keep_alive(x)?;
    }
    Ok(y)
}

/// `_deepcopy_list`: the new list enters the memo before its items are copied.
fn deepcopy_list(x: &Obj, memo: &Memo) -> PyResult<Obj> {
    let y = Obj::list([]);
    memo.set(&Obj::from(x.id()), &y)?;
    let list = y.value_as::<PyList>()?;
    for item in x.try_iter()? {
        list.append(deepcopy(&item?, memo)?);
    }
    Ok(y)
}

/// `_deepcopy_tuple`: the items copied; the tuple itself unless one of them changed
/// (or the tuple was reached again through its items and copied meanwhile).
fn deepcopy_tuple(x: &Obj, memo: &Memo) -> PyResult<Obj> {
    let items = x.value_as::<PyTuple>()?.as_slice();
    let copies = items
        .iter()
        .map(|item| deepcopy(item, memo))
        .collect::<PyResult<Vec<Obj>>>()?;
    if let Some(y) = memo.get(&Obj::from(x.id()))? {
        return Ok(y);
    }
    if items.iter().zip(&copies).all(|(item, copy)| item.is(copy)) {
        return Ok(x.clone());
    }
    Ok(Obj::tuple(copies))
}

/// `_deepcopy_dict`: the new dict enters the memo before its items are copied.
fn deepcopy_dict(x: &Obj, memo: &Memo) -> PyResult<Obj> {
    let y = Obj::dict();
    memo.set(&Obj::from(x.id()), &y)?;
    for (key, value) in x.value_as::<PyDict>()?.items() {
        let key = deepcopy(&key, memo)?;
        let value = deepcopy(&value, memo)?;
        y.set_item(&key, &value)?;
    }
    Ok(y)
}

// ---------------------------------------------------------------------------
// Reductions.

/// What `__reduce_ex__(4)` gives, as `_reconstruct` takes it.
enum Reduction {
    /// A str: the object is copied as itself.
    Itself,
    /// A copy made directly (an `io.StringIO`).
    Done(Obj),
    /// `(func, args, state, listitems, dictitems)`.
    Parts(Parts),
}

/// How to make the new object.
enum Make {
    /// `func(*args)`.
    Call(Obj),
    /// `copyreg.__newobj__(cls)`: a new instance of the class `cls` without
    /// `__init__`.
    NewObject(Obj),
}

/// The parts of a reduction.
struct Parts {
    make: Make,
    /// The arguments of `func` (any iterable from a class's own reduction).
    args: Obj,
    state: Obj,
    listitems: Obj,
    dictitems: Obj,
}

impl Parts {
    /// `(func, args)` with no state.
    fn call(func: Obj, args: Vec<Obj>) -> Parts {
        Parts {
            make: Make::Call(func),
            args: Obj::tuple(args),
            state: Obj::none(),
            listitems: Obj::none(),
            dictitems: Obj::none(),
        }
    }
}

/// The reduction of `x` (CPython's `__reduce_ex__(4)`).
fn reduce(x: &Obj) -> PyResult<Reduction> {
    if let Some(cls) = class_of(x) {
        if crate::pyobject::class_lookup(&cls, "__reduce_ex__").is_some() {
            let rv = x.call_method("__reduce_ex__", &[Obj::from(4)])?;
            return user_reduction(&rv);
        }
        if crate::pyobject::class_lookup(&cls, "__reduce__").is_some() {
            let rv = x.call_method("__reduce__", &[])?;
            return user_reduction(&rv);
        }
        if let Some(exception) = x.downcast_ref::<PyBaseException>() {
            // `BaseException.__reduce__`: `(type, args[, __dict__])`.
            let mut parts = Parts::call(cls, exception.args().to_vec()?);
            parts.state = attributes(x)?.unwrap_or_else(Obj::none);
            return Ok(Reduction::Parts(parts));
        }
        // `object.__reduce_ex__(4)`: `copyreg.__newobj__`, and the state.
        let state = if crate::pyobject::class_lookup(&cls, "__getstate__").is_some() {
            x.call_method("__getstate__", &[])?
        } else {
            attributes(x)?.unwrap_or_else(Obj::none)
        };
        return Ok(Reduction::Parts(Parts {
            make: Make::NewObject(cls),
            args: Obj::tuple([]),
            state,
            listitems: Obj::none(),
            dictitems: Obj::none(),
        }));
    }
    if let Some(exception) = x.downcast_ref::<PyBaseException>() {
        let args = exception.args().to_vec()?;
        return Ok(Reduction::Parts(Parts::call(x.py_type().to_object(), args)));
    }
    // A builtin type's own reduction (a type a module defines, with `__reduce_ex__`
    // or `__reduce__` in its methods).
    let ty = x.py_type();
    if !ty.is_heap_type() {
        if ty.method("__reduce_ex__").is_some() {
            return user_reduction(&x.call_method("__reduce_ex__", &[Obj::from(4)])?);
        }
        if ty.method("__reduce__").is_some() {
            return user_reduction(&x.call_method("__reduce__", &[])?);
        }
    }
    if x.is_exact::<PySet>() {
        // `set.__reduce__`: `(set, (list(self),), None)`.
        let items = Obj::list(x.value_as::<PySet>()?.elements());
        return Ok(Reduction::Parts(Parts::call(
            SET_TYPE.to_object(),
            vec![items],
        )));
    }
    if std::ptr::eq(ty, PySet::frozenset_type()) {
        // `frozenset.__reduce__`: `(frozenset, (list(self),), None)`.
        let items = Obj::list(x.to_vec()?);
        return Ok(Reduction::Parts(Parts::call(ty.to_object(), vec![items])));
    }
    if x.is_exact::<PySlice>() {
        let bounds = ["start", "stop", "step"]
            .into_iter()
            .map(|name| x.getattr(name))
            .collect::<PyResult<Vec<Obj>>>()?;
        return Ok(Reduction::Parts(Parts::call(
            x.py_type().to_object(),
            bounds,
        )));
    }
    if let Some(method) = x.downcast_ref::<PyMethod>() {
        // `method.__reduce__`: `(getattr, (self, name))`.
        let name = method.function().getattr("__name__")?;
        let getattr = crate::builtins::get("getattr")
            .ok_or_else(|| PyErr::system_error("no builtin getattr"))?;
        return Ok(Reduction::Parts(Parts::call(
            getattr,
            vec![method.instance().clone(), name],
        )));
    }
    if let Some(copied) = super::io::copy_stringio(x) {
        return copied.map(Reduction::Done);
    }
    Err(cannot_pickle(x))
}

/// An instance's attributes as a new dict (its `__dict__`), or `None` if it has none.
fn attributes(x: &Obj) -> PyResult<Option<Obj>> {
    let Some(data) = instance_data(x) else {
        // A slotted instance (no `__dict__`): `(None, {member: value})`, the members
        // that are set.
        return match crate::pyobject::slotted_items(x) {
            Some(items) if !items.is_empty() => {
                let items = items
                    .into_iter()
                    .map(|(name, value)| (Obj::from(name), value));
                Ok(Some(Obj::tuple([Obj::none(), Obj::dict_from(items)?])))
            }
            _ => Ok(None),
        };
    };
    let names = data.attr_names();
    if names.is_empty() {
        return Ok(None);
    }
    let items = names
        .into_iter()
        .filter_map(|name| {
            let value = name.as_str().and_then(|text| data.attr(text))?;
            Some((name, value))
        })
        .collect::<Vec<_>>();
    Obj::dict_from(items).map(Some)
}

/// The reduction a class's `__reduce_ex__` or `__reduce__` returned: a str, or
/// `(func, args[, state[, listitems[, dictitems]]])`, checked as
/// `_reconstruct(x, memo, *rv)` checks it.
fn user_reduction(rv: &Obj) -> PyResult<Reduction> {
    if rv.as_str().is_some() {
        return Ok(Reduction::Itself);
    }
    if rv.iter().is_err() {
        return Err(PyErr::type_error(format!(
            "Value after * must be an iterable, not {}",
            rv.type_name()
        )));
    }
    let items = rv.to_vec()?;
    match items.len() {
        0 => {
            return Err(PyErr::type_error(
                "_reconstruct() missing 2 required positional arguments: 'func' and 'args'",
            ));
        }
        1 => {
            return Err(PyErr::type_error(
                "_reconstruct() missing 1 required positional argument: 'args'",
            ));
        }
        2..=5 => {}
        n => {
            return Err(PyErr::type_error(format!(
                "_reconstruct() takes from 4 to 7 positional arguments but {} were given",
                n + 2
            )));
        }
    }
    let part = |i: usize| items.get(i).cloned().unwrap_or_else(Obj::none);
    Ok(Reduction::Parts(Parts {
        make: Make::Call(items[0].clone()),
        args: items[1].clone(),
        state: part(2),
        listitems: part(3),
        dictitems: part(4),
    }))
}

/// `_reconstruct(x, memo, func, args, state, listiter, dictiter)`: deep when there is a
/// memo.
fn reconstruct(x: &Obj, memo: Option<&Memo>, parts: Parts) -> PyResult<Obj> {
    // `if deep and args: args = (deepcopy(arg, memo) for arg in args)`, then
    // `func(*args)`.
    let args = match memo {
        Some(memo) if parts.args.is_truthy()? => {
            let mut copies = Vec::new();
            for arg in parts.args.try_iter()? {
                copies.push(deepcopy(&arg?, memo)?);
            }
            copies
        }
        _ => star_arguments(&parts.make, &parts.args)?,
    };
    let y = match parts.make {
        Make::Call(func) => func.call(&args)?,
        Make::NewObject(cls) => new_instance(&cls)?,
    };
    if let Some(memo) = memo {
        memo.set(&Obj::from(x.id()), &y)?;
    }
    if !parts.state.is_none() {
        let state = match memo {
            Some(memo) => deepcopy(&parts.state, memo)?,
            None => parts.state,
        };
        if y.hasattr("__setstate__")? {
            y.call_method("__setstate__", &[state])?;
        } else {
            let (state, slotstate) = match state.downcast_ref::<PyTuple>() {
                Some(pair) if pair.as_slice().len() == 2 => {
                    (pair.as_slice()[0].clone(), pair.as_slice()[1].clone())
                }
                _ => (state, Obj::none()),
            };
            if !state.is_none() {
                if instance_data(&y).is_none() {
                    return Err(PyErr::no_attribute(&y, "__dict__"));
                }
                set_attributes(&y, &state)?;
            }
            if !slotstate.is_none() {
                set_attributes(&y, &slotstate)?;
            }
        }
    }
    if !parts.listitems.is_none() {
        for item in parts.listitems.try_iter()? {
            let item = match memo {
                Some(memo) => deepcopy(&item?, memo)?,
                None => item?,
            };
            y.call_method("append", &[item])?;
        }
    }
    if !parts.dictitems.is_none() {
        for pair in parts.dictitems.try_iter()? {
            let [key, value]: [Obj; 2] = pair?
                .to_vec()?
                .try_into()
                .map_err(|_| PyErr::value_error("not enough values to unpack (expected 2)"))?;
            let (key, value) = match memo {
                Some(memo) => (deepcopy(&key, memo)?, deepcopy(&value, memo)?),
                None => (key, value),
            };
            y.set_item(&key, &value)?;
        }
    }
    Ok(y)
}

/// The items of `args` for `func(*args)`, or `TypeError: list() argument after * must
/// be an iterable, not int`.
fn star_arguments(make: &Make, args: &Obj) -> PyResult<Vec<Obj>> {
    if args.iter().is_ok() {
        return args.to_vec();
    }
    let func = match make {
        Make::Call(func) | Make::NewObject(func) => func,
    };
    Err(PyErr::type_error(format!(
        "{} argument after * must be an iterable, not {}",
        function_text(func)?,
        args.type_name()
    )))
}

/// How CPython names a callable in an argument error (`_PyObject_FunctionStr`):
/// `list()`, `__main__.f()`, `__main__.C()`.
fn function_text(func: &Obj) -> PyResult<String> {
    if let Some(function) = func.downcast_ref::<PyFunction>() {
        return Ok(format!("__main__.{}()", function.qualname()));
    }
    if let Some(class) = func.downcast_ref::<PyClass>() {
        return Ok(format!("__main__.{}()", class.qualname()));
    }
    if let Some(ty) = as_type_object(func) {
        return Ok(format!("{}()", ty.name()));
    }
    match getattr_opt(func, "__name__")? {
        Some(name) => Ok(format!("{}()", name.str()?)),
        None => func.str(),
    }
}

/// `for key, value in state.items(): setattr(y, key, value)`.
fn set_attributes(y: &Obj, state: &Obj) -> PyResult<()> {
    let items = match state.downcast_ref::<PyDict>() {
        Some(dict) => dict.items(),
        None => state
            .call_method("items", &[])?
            .to_vec()?
            .into_iter()
            .map(|pair| {
                let [key, value]: [Obj; 2] = pair
                    .to_vec()?
                    .try_into()
                    .map_err(|_| PyErr::value_error("not enough values to unpack (expected 2)"))?;
                Ok((key, value))
            })
            .collect::<PyResult<Vec<_>>>()?,
    };
    for (key, value) in items {
        let Some(name) = key.as_str() else {
            return Err(PyErr::type_error(format!(
                "attribute name must be string, not '{}'",
                key.type_name()
            )));
        };
        y.setattr(name, &value)?;
    }
    Ok(())
}

/// `cls.__new__(cls)` for a class made by a `class` statement: a new instance, with
/// no attributes and no `__init__` run (with a finalizer if the class has `__del__`).
fn new_instance(cls: &Obj) -> PyResult<Obj> {
    let class = cls.value_as::<PyClass>()?;
    let finalizer = crate::pyobject::class_lookup(cls, "__del__").is_some();
    Ok(class.new_plain_instance(cls, finalizer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_keeps_the_originals_alive() {
        let memo = Memo::new(Obj::dict());
        let x = Obj::list([Obj::list([])]);
        let y = deepcopy(&x, &memo).unwrap();
        let kept = memo.memo.get_item(&memo.key).unwrap();
        assert_eq!(kept.len().unwrap(), 2);
        assert!(kept.get_item(&Obj::from(1)).unwrap().is(&x));
        assert!(memo.get(&Obj::from(x.id())).unwrap().unwrap().is(&y));
        assert!(is_atomic(&Obj::from("s")));
        assert!(!is_atomic(&x));
    }
}
