//! `import operator`: CPython 3.11's `operator` module, native (as its C accelerator
//! `_operator` is).
//!
//! - The operators as functions: `add`, `sub`, `mul`, `truediv`, `floordiv`, `mod`,
//!   `pow`, `matmul`, `lshift`, `rshift`, `and_`, `or_`, `xor`, `neg`, `pos`, `abs`,
//!   `invert` (also `inv`), `not_`, `truth`, the comparisons `lt le eq ne gt ge`,
//!   `is_`, `is_not`; each also under its dunder name (`operator.__add__ is
//!   operator.add`).
//! - The in-place forms `iadd`, `isub`, ... `iconcat`: a class's own `__iadd__`, else
//!   what `a += b` does (a list extends itself, a set updates itself).
//! - The protocols: `contains`, `countOf`, `indexOf`, `getitem`, `setitem`, `delitem`,
//!   `concat`, `index`, `length_hint`, `call`.
//! - `itemgetter(*items)`, `attrgetter(*names)` (dotted names walk attributes) and
//!   `methodcaller(name, *args, **kwargs)`: callable objects with CPython's reprs
//!   (`operator.itemgetter(1)`).
//!
//! Error texts are CPython's, including its two styles for the arguments of the C
//! functions: `add expected 2 arguments, got 1` and `_operator.neg() takes exactly one
//! argument (0 given)`.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let operator = modules::import("operator").unwrap();
//! let add = operator.getattr("add").unwrap();
//! assert_eq!(add.call(&[Obj::from(2), Obj::from(3)]).unwrap().repr().unwrap(), "5");
//! let second = operator.getattr("itemgetter").unwrap().call(&[Obj::from(1)]).unwrap();
//! assert_eq!(second.repr().unwrap(), "operator.itemgetter(1)");
//! let pair = Obj::tuple([Obj::from("a"), Obj::from("b")]);
//! assert_eq!(second.call(&[pair]).unwrap().repr().unwrap(), "'b'");
//! ```
//!
//! Differences from CPython: `length_hint` of the runtime's iterators is the default
//! (they have no `__length_hint__`); `matmul` works only through a class's
//! `__matmul__`/`__rmatmul__` (no builtin type has `@`).

use crate::compiled::{InplaceOp, inplace};
use crate::exceptions::{PyErr, PyResult, TYPE_ERROR};
use crate::pyobject::int::{index_value, int_value};
use crate::pyobject::types::DICT_TYPE;
use crate::pyobject::{
    Args, CompareOp, Method, Obj, PyBuiltinFunction, PyInt, PyIterator, PyList, PyModule, PyType,
    ReprGuard, instance_class,
};
use crate::trace::{Trace, Tracer};

/// A function of the module: its name, its dunder alias (if any) and its code.
type Row = (
    &'static str,
    Option<&'static str>,
    fn(&Args<'_>) -> PyResult<Obj>,
);

/// Makes the `operator` module object.
pub(super) fn make() -> PyResult<Obj> {
    let mut attributes: Vec<(&'static str, Obj)> = Vec::with_capacity(FUNCTIONS.len() * 2 + 3);
    for &(name, dunder, call) in FUNCTIONS {
        let function = PyBuiltinFunction::new_immortal(name, call);
        if let Some(dunder) = dunder {
            attributes.push((dunder, function.clone()));
        }
        attributes.push((name, function));
    }
    attributes.push(("attrgetter", ATTRGETTER_TYPE.to_object()));
    attributes.push(("itemgetter", ITEMGETTER_TYPE.to_object()));
    attributes.push(("methodcaller", METHODCALLER_TYPE.to_object()));
    PyModule::new_object("operator", attributes)
}

/// The two operands of a binary function: `add expected 2 arguments, got 1`.
fn two<'a>(name: &str, args: &Args<'a>) -> PyResult<(&'a Obj, &'a Obj)> {
    args.no_keywords(&format!("_operator.{name}"))?;
    match args.positional_between(name, 2, 2)? {
        [a, b] => Ok((a, b)),
        _ => Err(PyErr::system_error(
            "operator: argument count checked above",
        )),
    }
}

/// The operand of a unary function: `_operator.neg() takes exactly one argument`.
fn one<'a>(name: &str, args: &Args<'a>) -> PyResult<&'a Obj> {
    args.one(&format!("_operator.{name}"))
}

/// Defines binary functions that apply a method of `Obj` to their two operands.
macro_rules! binary {
    ($($fn_name:ident = $name:literal => $method:ident;)*) => {
        $(
            #[doc = concat!("`", $name, "(a, b)`.")]
            fn $fn_name(args: &Args<'_>) -> PyResult<Obj> {
                let (a, b) = two($name, args)?;
                a.$method(b)
            }
        )*
    };
}

binary! {
    add = "add" => add;
    sub = "sub" => sub;
    mul = "mul" => mul;
    truediv = "truediv" => truediv;
    floordiv = "floordiv" => floordiv;
    rem = "mod" => rem;
    pow = "pow" => pow;
    lshift = "lshift" => lshift;
    rshift = "rshift" => rshift;
    and = "and_" => bitand;
    or = "or_" => bitor;
    xor = "xor" => bitxor;
}

/// Defines unary functions that apply a method of `Obj` to their operand.
macro_rules! unary {
    ($($fn_name:ident = $name:literal => $method:ident;)*) => {
        $(
            #[doc = concat!("`", $name, "(a)`.")]
            fn $fn_name(args: &Args<'_>) -> PyResult<Obj> {
                one($name, args)?.$method()
            }
        )*
    };
}

unary! {
    neg = "neg" => neg;
    pos = "pos" => pos;
    abs = "abs" => abs;
    invert = "invert" => invert;
    inv = "inv" => invert;
}

/// Defines the rich comparisons: the comparison's own result (not made a bool).
macro_rules! comparisons {
    ($($fn_name:ident = $name:literal => $op:ident;)*) => {
        $(
            #[doc = concat!("`", $name, "(a, b)`.")]
            fn $fn_name(args: &Args<'_>) -> PyResult<Obj> {
                let (a, b) = two($name, args)?;
                a.rich_compare(b, CompareOp::$op)
            }
        )*
    };
}

comparisons! {
    lt = "lt" => Lt;
    le = "le" => Le;
    eq = "eq" => Eq;
    ne = "ne" => Ne;
    gt = "gt" => Gt;
    ge = "ge" => Ge;
}

/// Defines the in-place functions: a class's `__iop__`, else what `a op= b` does.
macro_rules! inplace_functions {
    ($($fn_name:ident = $name:literal, $dunder:literal => $op:ident;)*) => {
        $(
            #[doc = concat!("`", $name, "(a, b)`.")]
            fn $fn_name(args: &Args<'_>) -> PyResult<Obj> {
                let (a, b) = two($name, args)?;
                if let Some(result) = class_binary(a, $dunder, b)? {
                    return Ok(result);
                }
                inplace(a, b, InplaceOp::$op)
            }
        )*
    };
}

inplace_functions! {
    iadd = "iadd", "__iadd__" => Add;
    isub = "isub", "__isub__" => Sub;
    imul = "imul", "__imul__" => Mul;
    itruediv = "itruediv", "__itruediv__" => TrueDiv;
    ifloordiv = "ifloordiv", "__ifloordiv__" => FloorDiv;
    imod = "imod", "__imod__" => Rem;
    ipow = "ipow", "__ipow__" => Pow;
    ilshift = "ilshift", "__ilshift__" => LShift;
    irshift = "irshift", "__irshift__" => RShift;
    iand = "iand", "__iand__" => And;
    ior = "ior", "__ior__" => Or;
    ixor = "ixor", "__ixor__" => Xor;
}

/// Every function of the module, in `dir(operator)` order.
static FUNCTIONS: &[Row] = &[
    ("abs", Some("__abs__"), abs),
    ("add", Some("__add__"), add),
    ("and_", Some("__and__"), and),
    ("call", Some("__call__"), call),
    ("concat", Some("__concat__"), concat),
    ("contains", Some("__contains__"), contains),
    ("countOf", None, count_of),
    ("delitem", Some("__delitem__"), delitem),
    ("eq", Some("__eq__"), eq),
    ("floordiv", Some("__floordiv__"), floordiv),
    ("ge", Some("__ge__"), ge),
    ("getitem", Some("__getitem__"), getitem),
    ("gt", Some("__gt__"), gt),
    ("iadd", Some("__iadd__"), iadd),
    ("iand", Some("__iand__"), iand),
    ("iconcat", Some("__iconcat__"), iconcat),
    ("ifloordiv", Some("__ifloordiv__"), ifloordiv),
    ("ilshift", Some("__ilshift__"), ilshift),
    ("imatmul", Some("__imatmul__"), imatmul),
    ("imod", Some("__imod__"), imod),
    ("imul", Some("__imul__"), imul),
    ("index", Some("__index__"), index),
    ("indexOf", None, index_of),
    ("inv", Some("__inv__"), inv),
    ("invert", Some("__invert__"), invert),
    ("ior", Some("__ior__"), ior),
    ("ipow", Some("__ipow__"), ipow),
    ("irshift", Some("__irshift__"), irshift),
    ("is_", None, is),
    ("is_not", None, is_not),
    ("isub", Some("__isub__"), isub),
    ("itruediv", Some("__itruediv__"), itruediv),
    ("ixor", Some("__ixor__"), ixor),
    ("le", Some("__le__"), le),
    ("length_hint", None, length_hint),
    ("lshift", Some("__lshift__"), lshift),
    ("lt", Some("__lt__"), lt),
    ("matmul", Some("__matmul__"), matmul),
    ("mod", Some("__mod__"), rem),
    ("mul", Some("__mul__"), mul),
    ("ne", Some("__ne__"), ne),
    ("neg", Some("__neg__"), neg),
    ("not_", Some("__not__"), not),
    ("or_", Some("__or__"), or),
    ("pos", Some("__pos__"), pos),
    ("pow", Some("__pow__"), pow),
    ("rshift", Some("__rshift__"), rshift),
    ("setitem", Some("__setitem__"), setitem),
    ("sub", Some("__sub__"), sub),
    ("truediv", Some("__truediv__"), truediv),
    ("truth", None, truth),
    ("xor", Some("__xor__"), xor),
];

/// Whether `obj` is an instance of a class whose class (or a base) defines `name`.
fn class_has(obj: &Obj, name: &str) -> PyResult<bool> {
    Ok(instance_class(obj).is_some() && obj.py_type().to_object().hasattr(name)?)
}

/// Calls the special method `name` of an instance of a class that defines it, with
/// `other`; `None` when the object has no such method or it returns `NotImplemented`.
fn class_binary(obj: &Obj, name: &str, other: &Obj) -> PyResult<Option<Obj>> {
    if !class_has(obj, name)? {
        return Ok(None);
    }
    let result = obj.call_method(name, std::slice::from_ref(other))?;
    Ok((!result.is_not_implemented()).then_some(result))
}

/// `not_(a)`: `not a`.
fn not(args: &Args<'_>) -> PyResult<Obj> {
    Ok(Obj::from(!one("not_", args)?.is_truthy()?))
}

/// `truth(a)`: `bool(a)`.
fn truth(args: &Args<'_>) -> PyResult<Obj> {
    Ok(Obj::from(one("truth", args)?.is_truthy()?))
}

/// `is_(a, b)`: `a is b`.
fn is(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("is_", args)?;
    Ok(Obj::from(a.is(b)))
}

/// `is_not(a, b)`: `a is not b`.
fn is_not(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("is_not", args)?;
    Ok(Obj::from(!a.is(b)))
}

/// `a @ b`: the left operand's `__matmul__`, then the right one's `__rmatmul__`.
fn matmul_of(a: &Obj, b: &Obj, symbol: &str) -> PyResult<Obj> {
    if let Some(result) = class_binary(a, "__matmul__", b)? {
        return Ok(result);
    }
    if let Some(result) = class_binary(b, "__rmatmul__", a)? {
        return Ok(result);
    }
    Err(PyErr::type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        a.type_name(),
        b.type_name()
    )))
}

/// `matmul(a, b)`: `a @ b`.
fn matmul(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("matmul", args)?;
    matmul_of(a, b, "@")
}

/// `imatmul(a, b)`: `a @= b`.
fn imatmul(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("imatmul", args)?;
    if let Some(result) = class_binary(a, "__imatmul__", b)? {
        return Ok(result);
    }
    matmul_of(a, b, "@=")
}

/// Whether `obj` is a sequence for the C API (`PySequence_Check`): it has items and
/// is not a dict.
fn is_sequence(obj: &Obj) -> bool {
    let ty = obj.py_type();
    !ty.is_subtype(&DICT_TYPE) && ty.lookup(|t| t.getitem).is_some()
}

/// `TypeError: 'int' object can't be concatenated`.
fn not_concatenable(a: &Obj) -> PyErr {
    PyErr::type_error(format!("'{}' object can't be concatenated", a.type_name()))
}

/// `PySequence_Concat`: the sequence's concatenation, or `+` between two sequences.
fn concat_of(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if let Some(concat) = a.py_type().lookup(|t| t.concat) {
        return concat(a, b);
    }
    if is_sequence(a) && is_sequence(b) {
        match a.add(b) {
            Err(error)
                if error.is_instance(&TYPE_ERROR)
                    && error.message().starts_with("unsupported operand type(s)") => {}
            result => return result,
        }
    }
    Err(not_concatenable(a))
}

/// `concat(a, b)`: `a + b` for sequences.
fn concat(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("concat", args)?;
    concat_of(a, b)
}

/// `iconcat(a, b)`: `a += b` for sequences (`PySequence_InPlaceConcat`): a list
/// extends itself, another sequence concatenates.
fn iconcat(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("iconcat", args)?;
    if a.is_exact::<PyList>() {
        return inplace(a, b, InplaceOp::Add);
    }
    if let Some(concat) = a.py_type().lookup(|t| t.concat) {
        return concat(a, b);
    }
    if is_sequence(a) && is_sequence(b) {
        if let Some(result) = class_binary(a, "__iadd__", b)? {
            return Ok(result);
        }
        return concat_of(a, b);
    }
    Err(not_concatenable(a))
}

/// `contains(a, b)`: `b in a`.
fn contains(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("contains", args)?;
    Ok(Obj::from(a.contains(b)?))
}

/// The iterator of `seq` for the searches (`argument of type 'int' is not iterable`).
fn search_iter(seq: &Obj) -> PyResult<PyIterator> {
    seq.try_iter().map_err(|error| {
        if error.is_instance(&TYPE_ERROR) {
            PyErr::type_error(format!(
                "argument of type '{}' is not iterable",
                seq.type_name()
            ))
        } else {
            error
        }
    })
}

/// `countOf(a, b)`: how many items of `a` are `b` or equal to it.
fn count_of(args: &Args<'_>) -> PyResult<Obj> {
    let (seq, value) = two("countOf", args)?;
    let mut count = 0usize;
    for item in search_iter(seq)? {
        if item?.eq_item(value)? {
            count += 1;
        }
    }
    Ok(Obj::from(count))
}

/// `indexOf(a, b)`: the position of the first item of `a` that is `b` or equal to it.
fn index_of(args: &Args<'_>) -> PyResult<Obj> {
    let (seq, value) = two("indexOf", args)?;
    for (position, item) in search_iter(seq)?.enumerate() {
        if item?.eq_item(value)? {
            return Ok(Obj::from(position));
        }
    }
    Err(PyErr::value_error("sequence.index(x): x not in sequence"))
}

/// `getitem(a, b)`: `a[b]`.
fn getitem(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("getitem", args)?;
    a.get_item(b)
}

/// `setitem(a, b, c)`: `a[b] = c`.
fn setitem(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("_operator.setitem")?;
    match args.positional_between("setitem", 3, 3)? {
        [a, b, c] => a.set_item(b, c).map(|()| Obj::none()),
        _ => Err(PyErr::system_error("setitem: argument count checked above")),
    }
}

/// `delitem(a, b)`: `del a[b]`.
fn delitem(args: &Args<'_>) -> PyResult<Obj> {
    let (a, b) = two("delitem", args)?;
    a.del_item(b).map(|()| Obj::none())
}

/// `PyNumber_Index`: an int (the object itself for an exact int), or what the type's
/// or the class's `__index__` returns.
pub(crate) fn number_index(obj: &Obj) -> PyResult<Obj> {
    if obj.is_exact::<PyInt>() {
        return Ok(obj.clone());
    }
    if int_value(obj).is_none()
        && obj.py_type().number_slot(|n| n.index).is_none()
        && class_has(obj, "__index__")?
    {
        let result = obj.call_method("__index__", &[])?;
        return match int_value(&result) {
            Some(_) => Ok(result),
            None => Err(PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                result.type_name()
            ))),
        };
    }
    Ok(Obj::int(index_value(obj)?))
}

/// Whether `obj` has `__index__` (an int, a type with the slot, or a class defining it).
pub(crate) fn has_index(obj: &Obj) -> PyResult<bool> {
    Ok(int_value(obj).is_some()
        || obj.py_type().number_slot(|n| n.index).is_some()
        || class_has(obj, "__index__")?)
}

/// `index(a)`: `a.__index__()`.
fn index(args: &Args<'_>) -> PyResult<Obj> {
    number_index(one("index", args)?)
}

/// A `Py_ssize_t` argument: an int that fits (`OverflowError: Python int too large to
/// convert to C ssize_t`), or what `__index__` gives.
pub(crate) fn ssize_arg(obj: &Obj) -> PyResult<isize> {
    let value = number_index(obj)?;
    index_value(&value)?
        .to_primitive::<isize>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C ssize_t"))
}

/// `length_hint(obj, default=0)`: `len(obj)`, else `obj.__length_hint__()`, else
/// `default` (CPython's `PyObject_LengthHint`).
fn length_hint(args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("_operator.length_hint")?;
    let positional = args.positional_between("length_hint", 1, 2)?;
    let obj = &positional[0];
    let default = match positional.get(1) {
        Some(default) => ssize_arg(default)?,
        None => 0,
    };
    if obj.py_type().lookup(|t| t.len).is_some() {
        match obj.len() {
            Ok(len) => return Ok(Obj::from(len)),
            Err(error) if error.is_instance(&TYPE_ERROR) => {}
            Err(error) => return Err(error),
        }
    }
    let has_hint =
        obj.py_type().method("__length_hint__").is_some() || class_has(obj, "__length_hint__")?;
    if !has_hint {
        return Ok(Obj::from(default));
    }
    let result = match obj.call_method("__length_hint__", &[]) {
        Ok(result) => result,
        Err(error) if error.is_instance(&TYPE_ERROR) => return Ok(Obj::from(default)),
        Err(error) => return Err(error),
    };
    if result.is_not_implemented() {
        return Ok(Obj::from(default));
    }
    if int_value(&result).is_none() {
        return Err(PyErr::type_error(format!(
            "__length_hint__ must be an integer, not {}",
            result.type_name()
        )));
    }
    let hint = ssize_arg(&result)?;
    if hint < 0 {
        return Err(PyErr::value_error("__length_hint__() should return >= 0"));
    }
    Ok(Obj::from(hint))
}

/// `call(obj, /, *args, **kwargs)`: `obj(*args, **kwargs)`.
fn call(args: &Args<'_>) -> PyResult<Obj> {
    match args.positional().split_first() {
        Some((function, rest)) => function.call_with(&Args::new(rest, args.keywords())),
        None => Err(PyErr::type_error(
            "call expected at least 1 argument, got 0",
        )),
    }
}

/// A method row of a type table.
const fn method(name: &'static str, call: fn(&Obj, &Args<'_>) -> PyResult<Obj>) -> Method {
    Method { name, call }
}

/// `operator.X(...)` with the arguments' reprs, or `operator.X(...)` literally when the
/// object's repr is already being made (an argument that contains the object).
fn callable_repr(obj: &Obj, name: &str, parts: impl FnOnce() -> PyResult<Vec<String>>) -> String {
    match ReprGuard::enter(obj) {
        None => format!("operator.{name}(...)"),
        Some(_guard) => match parts() {
            Ok(parts) => format!("operator.{name}({})", parts.join(", ")),
            Err(_) => format!("operator.{name}(...)"),
        },
    }
}

/// The one argument of a call of a getter: `itemgetter expected 1 argument, got 0`.
fn single_argument<'a>(name: &str, args: &Args<'a>) -> PyResult<&'a Obj> {
    args.no_keywords(name)?;
    Ok(&args.positional_between(name, 1, 1)?[0])
}

// ---------------------------------------------------------------------------
// itemgetter

/// The value of an `operator.itemgetter`.
struct ItemGetter {
    items: Vec<Obj>,
}

impl Trace for ItemGetter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&ITEMGETTER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.iter().for_each(|item| item.trace(tracer));
    }
}

/// `operator.itemgetter`.
static ITEMGETTER_TYPE: PyType = PyType {
    name: "operator.itemgetter",
    new: Some(|_, args| {
        args.no_keywords("itemgetter")?;
        if args.positional().is_empty() {
            return Err(PyErr::type_error("itemgetter expected 1 argument, got 0"));
        }
        Ok(Obj::new(ItemGetter {
            items: args.positional().to_vec(),
        }))
    }),
    repr: Some(|obj| {
        let getter = obj.value_as::<ItemGetter>()?;
        Ok(callable_repr(obj, "itemgetter", || {
            getter.items.iter().map(Obj::repr).collect()
        }))
    }),
    call: Some(|obj, args| {
        let getter = obj.value_as::<ItemGetter>()?;
        let target = single_argument("itemgetter", args)?;
        match getter.items.as_slice() {
            [item] => target.get_item(item),
            items => {
                let values = items
                    .iter()
                    .map(|item| target.get_item(item))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(Obj::tuple(values))
            }
        }
    }),
    methods: &[method("__reduce__", |obj, args| {
        args.none("itemgetter.__reduce__")?;
        let getter = obj.value_as::<ItemGetter>()?;
        Ok(Obj::tuple([
            ITEMGETTER_TYPE.to_object(),
            Obj::tuple(getter.items.iter().cloned()),
        ]))
    })],
    ..PyType::BLANK
};

// ---------------------------------------------------------------------------
// attrgetter

/// The value of an `operator.attrgetter`: each name as given, and its dotted parts.
struct AttrGetter {
    names: Vec<(Obj, Vec<String>)>,
}

impl Trace for AttrGetter {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&ATTRGETTER_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `operator.attrgetter`.
static ATTRGETTER_TYPE: PyType = PyType {
    name: "operator.attrgetter",
    new: Some(|_, args| {
        args.no_keywords("attrgetter")?;
        if args.positional().is_empty() {
            return Err(PyErr::type_error("attrgetter expected 1 argument, got 0"));
        }
        let names = args
            .positional()
            .iter()
            .map(|name| match name.as_str() {
                Some(text) => Ok((name.clone(), text.split('.').map(str::to_owned).collect())),
                None => Err(PyErr::type_error("attribute name must be a string")),
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Obj::new(AttrGetter { names }))
    }),
    repr: Some(|obj| {
        let getter = obj.value_as::<AttrGetter>()?;
        Ok(callable_repr(obj, "attrgetter", || {
            getter.names.iter().map(|(name, _)| name.repr()).collect()
        }))
    }),
    call: Some(|obj, args| {
        let getter = obj.value_as::<AttrGetter>()?;
        let target = single_argument("attrgetter", args)?;
        let walk = |parts: &[String]| {
            parts
                .iter()
                .try_fold(target.clone(), |value, part| value.getattr(part))
        };
        match getter.names.as_slice() {
            [(_, parts)] => walk(parts),
            names => {
                let values = names
                    .iter()
                    .map(|(_, parts)| walk(parts))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(Obj::tuple(values))
            }
        }
    }),
    methods: &[method("__reduce__", |obj, args| {
        args.none("attrgetter.__reduce__")?;
        let getter = obj.value_as::<AttrGetter>()?;
        Ok(Obj::tuple([
            ATTRGETTER_TYPE.to_object(),
            Obj::tuple(getter.names.iter().map(|(name, _)| name.clone())),
        ]))
    })],
    ..PyType::BLANK
};

// ---------------------------------------------------------------------------
// methodcaller

/// The value of an `operator.methodcaller`.
struct MethodCaller {
    name: Obj,
    args: Vec<Obj>,
    kwargs: Vec<(String, Obj)>,
}

impl Trace for MethodCaller {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&METHODCALLER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.args.iter().for_each(|arg| arg.trace(tracer));
        self.kwargs.iter().for_each(|(_, arg)| arg.trace(tracer));
    }
}

/// `operator.methodcaller`.
static METHODCALLER_TYPE: PyType = PyType {
    name: "operator.methodcaller",
    new: Some(|_, args| {
        let Some((name, rest)) = args.positional().split_first() else {
            return Err(PyErr::type_error(
                "methodcaller needs at least one argument, the method name",
            ));
        };
        if name.as_str().is_none() {
            return Err(PyErr::type_error("method name must be a string"));
        }
        Ok(Obj::new(MethodCaller {
            name: name.clone(),
            args: rest.to_vec(),
            kwargs: args
                .keywords()
                .iter()
                .map(|(key, value)| ((*key).to_owned(), value.clone()))
                .collect(),
        }))
    }),
    repr: Some(|obj| {
        let caller = obj.value_as::<MethodCaller>()?;
        Ok(callable_repr(obj, "methodcaller", || {
            let mut parts = vec![caller.name.repr()?];
            for arg in &caller.args {
                parts.push(arg.repr()?);
            }
            for (key, value) in &caller.kwargs {
                parts.push(format!("{key}={}", value.repr()?));
            }
            Ok(parts)
        }))
    }),
    call: Some(|obj, args| {
        let caller = obj.value_as::<MethodCaller>()?;
        let target = single_argument("methodcaller", args)?;
        let name = caller.name.as_str().unwrap_or_default();
        let keywords: Vec<(&str, Obj)> = caller
            .kwargs
            .iter()
            .map(|(key, value)| (key.as_str(), value.clone()))
            .collect();
        target.call_method_with(name, &Args::new(&caller.args, &keywords))
    }),
    ..PyType::BLANK
};
