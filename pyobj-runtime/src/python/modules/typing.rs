//! `import typing`: the names of CPython 3.11's `typing`, as objects that annotations
//! can name and subscript, and that the runtime otherwise ignores.
//!
//! `Any`, `List`, `Dict`, `Optional`, `Union`, `Tuple`, `Callable`, `Iterator`, ...
//! are forms whose reprs are CPython's (`typing.List`, `typing.Dict[str, int]`,
//! `typing.Optional[int]`, `typing.Callable[[int], str]`), subscripting checks the
//! number of arguments as CPython does (`TypeError: Too many arguments for
//! typing.List; actual 2, expected 1`); `TypeVar('T')` is `~T`; `cast(t, x)` is `x`;
//! `NewType(name, tp)` is a callable returning its argument; `final`, `no_type_check`
//! and `runtime_checkable` return what they decorate, `overload` a function that
//! raises CPython's `NotImplementedError`;
//! `TYPE_CHECKING` is `False`.
//!
//! ```
//! use pyobj::{Obj, builtins, modules};
//!
//! let typing = modules::import("typing").unwrap();
//! let dict = typing.getattr("Dict").unwrap();
//! let key = Obj::tuple([builtins::get("str").unwrap(), builtins::get("int").unwrap()]);
//! assert_eq!(dict.get_item(&key).unwrap().repr().unwrap(), "typing.Dict[str, int]");
//! ```
//!
//! Not provided: runtime checks with the forms (`isinstance(x, List)`), deriving from
//! `Generic` or `Protocol` (a class's base must be a class), `get_type_hints`,
//! `NamedTuple` and `TypedDict` classes.

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Args, Obj, PyBuiltinFunction, PyModule, PyTuple, PyType};
use crate::trace::{Trace, Tracer};

/// How a form takes arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Params {
    /// Not subscriptable (`Any`, `NoReturn`).
    None,
    /// Exactly this many (`List`: 1, `Dict`: 2).
    Exactly(usize),
    /// Any number of types (`Tuple`, `Generic`).
    Any,
    /// `Union`: types, `None` as `NoneType`, a single one standing for itself.
    Union,
    /// `Optional[X]`: `Union[X, None]`.
    Optional,
    /// `Literal[...]`: values, shown by their repr.
    Literal,
    /// `Callable[[args], result]` or `Callable[..., result]`.
    Callable,
    /// The ABC aliases that are not generic in 3.11 (`Hashable`, `Sized`).
    NotGeneric,
}

/// The forms of the module: name and how they are subscripted.
const FORMS: &[(&str, Params)] = &[
    ("AbstractSet", Params::Exactly(1)),
    ("Annotated", Params::Any),
    ("Any", Params::None),
    ("AsyncGenerator", Params::Exactly(2)),
    ("AsyncIterable", Params::Exactly(1)),
    ("AsyncIterator", Params::Exactly(1)),
    ("Awaitable", Params::Exactly(1)),
    ("ByteString", Params::NotGeneric),
    ("Callable", Params::Callable),
    ("ChainMap", Params::Exactly(2)),
    ("ClassVar", Params::Exactly(1)),
    ("Collection", Params::Exactly(1)),
    ("Container", Params::Exactly(1)),
    ("Coroutine", Params::Exactly(3)),
    ("Counter", Params::Exactly(1)),
    ("DefaultDict", Params::Exactly(2)),
    ("Deque", Params::Exactly(1)),
    ("Dict", Params::Exactly(2)),
    ("Final", Params::Exactly(1)),
    ("FrozenSet", Params::Exactly(1)),
    ("Generator", Params::Exactly(3)),
    ("Generic", Params::Any),
    ("Hashable", Params::NotGeneric),
    ("ItemsView", Params::Exactly(2)),
    ("Iterable", Params::Exactly(1)),
    ("Iterator", Params::Exactly(1)),
    ("KeysView", Params::Exactly(1)),
    ("List", Params::Exactly(1)),
    ("Literal", Params::Literal),
    ("Mapping", Params::Exactly(2)),
    ("MappingView", Params::Exactly(1)),
    ("MutableMapping", Params::Exactly(2)),
    ("MutableSequence", Params::Exactly(1)),
    ("MutableSet", Params::Exactly(1)),
    ("NoReturn", Params::None),
    ("Optional", Params::Optional),
    ("OrderedDict", Params::Exactly(2)),
    ("Protocol", Params::Any),
    ("Reversible", Params::Exactly(1)),
    ("Sequence", Params::Exactly(1)),
    ("Set", Params::Exactly(1)),
    ("Sized", Params::NotGeneric),
    ("SupportsAbs", Params::NotGeneric),
    ("SupportsFloat", Params::NotGeneric),
    ("SupportsIndex", Params::NotGeneric),
    ("SupportsInt", Params::NotGeneric),
    ("Text", Params::NotGeneric),
    ("Tuple", Params::Any),
    ("Type", Params::Exactly(1)),
    ("Union", Params::Union),
    ("ValuesView", Params::Exactly(1)),
];

/// Makes the `typing` module object.
pub(super) fn make() -> PyResult<Obj> {
    let forms = FORMS.iter().map(|&(name, params)| {
        let form = match name {
            // An alias of the builtin type, as CPython's.
            "Text" => crate::builtins::get("str").unwrap_or_else(Obj::none),
            _ => Obj::new(TypingForm {
                name,
                params,
                args: None,
            }),
        };
        (name, form)
    });
    let functions = [
        (
            "TypeVar",
            PyBuiltinFunction::new_immortal("TypeVar", type_var),
        ),
        (
            "NewType",
            PyBuiltinFunction::new_immortal("NewType", new_type),
        ),
        (
            "cast",
            PyBuiltinFunction::new_immortal("cast", |args| match args.positional() {
                [_, value] => Ok(value.clone()),
                given => Err(PyErr::type_error(format!(
                    "cast() takes 2 positional arguments but {} were given",
                    given.len()
                ))),
            }),
        ),
        ("final", identity("final")),
        ("no_type_check", identity("no_type_check")),
        (
            "overload",
            PyBuiltinFunction::new_immortal("overload", |args| {
                args.one("overload")?;
                Ok(overload_dummy())
            }),
        ),
        ("runtime_checkable", identity("runtime_checkable")),
        ("TYPE_CHECKING", Obj::from(false)),
    ];
    PyModule::new_object("typing", forms.chain(functions))
}

thread_local! {
    /// What `@overload` returns: a function that must not be called.
    static OVERLOAD_DUMMY: Obj = PyBuiltinFunction::new_immortal("_overload_dummy", |_| {
        Err(PyErr::new(
            &crate::exceptions::NOT_IMPLEMENTED_ERROR,
            "You should not call an overloaded function. A series of @overload-decorated \
             functions outside a stub module should always be followed by an implementation \
             that is not @overload-ed.",
        ))
    });
}

/// CPython's `_overload_dummy`.
fn overload_dummy() -> Obj {
    OVERLOAD_DUMMY.with(Obj::clone)
}

/// A decorator returning what it decorates.
fn identity(name: &'static str) -> Obj {
    PyBuiltinFunction::new_immortal(name, |args| match args.positional() {
        [value] if args.keywords().is_empty() => Ok(value.clone()),
        given => Err(PyErr::type_error(format!(
            "takes 1 positional argument but {} were given",
            given.len()
        ))),
    })
}

/// A form of `typing` (`typing.List`), or one subscripted (`typing.List[int]`).
struct TypingForm {
    name: &'static str,
    params: Params,
    args: Option<Vec<Obj>>,
}

impl Trace for TypingForm {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FORM_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if let Some(args) = &self.args {
            args.trace(tracer);
        }
    }
}

/// The type of the forms (`typing._SpecialForm`, `typing._GenericAlias` in CPython).
static FORM_TYPE: PyType = PyType {
    name: "typing._SpecialForm",
    repr: Some(form_repr),
    getitem: Some(form_getitem),
    hash: Some(crate::pyobject::HashSlot::Identity),
    getattr: Some(|obj, name| {
        let form = obj.value_as::<TypingForm>()?;
        Ok(match name {
            "__name__" | "_name" => Some(Obj::from(form.name)),
            "__module__" => Some(Obj::from("typing")),
            "__args__" => form
                .args
                .as_ref()
                .map(|args| Obj::tuple(args.iter().cloned())),
            _ => None,
        })
    }),
    ..PyType::BLANK
};

/// CPython's `typing._type_repr`: `int`, `__main__.A`, `...`, `NoneType`, a form's
/// repr.
fn type_repr(obj: &Obj) -> PyResult<String> {
    if obj.is_none() {
        return Ok("NoneType".to_owned());
    }
    if let Some(text) = obj.as_str() {
        return Ok(format!("ForwardRef({})", Obj::from(text).repr()?));
    }
    if obj.as_type().is_some() {
        let module = obj.getattr("__module__")?.str()?;
        let qualname = obj.getattr("__qualname__")?.str()?;
        return Ok(if module == "builtins" {
            qualname
        } else {
            format!("{module}.{qualname}")
        });
    }
    if let Some(items) = obj.downcast_ref::<crate::pyobject::PyList>() {
        let parts = items
            .snapshot()
            .iter()
            .map(type_repr)
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(format!("[{}]", parts.join(", ")));
    }
    obj.repr()
}

/// `typing.List`, `typing.Dict[str, int]`, `typing.Optional[int]`.
fn form_repr(obj: &Obj) -> PyResult<String> {
    let form = obj.value_as::<TypingForm>()?;
    let Some(args) = &form.args else {
        return Ok(format!("typing.{}", form.name));
    };
    let mut name = form.name;
    let mut shown: Vec<&Obj> = args.iter().collect();
    // `Union[X, None]` shows as `Optional[X]`.
    if form.params == Params::Union && shown.len() == 2 && shown[1].is_none() {
        name = "Optional";
        shown.pop();
    }
    let parts = shown
        .iter()
        .map(|arg| {
            if form.params == Params::Literal {
                arg.repr()
            } else {
                type_repr(arg)
            }
        })
        .collect::<PyResult<Vec<_>>>()?;
    let inner = if parts.is_empty() {
        "()".to_owned()
    } else {
        parts.join(", ")
    };
    Ok(format!("typing.{name}[{inner}]"))
}

/// `form[args]`.
fn form_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let form = obj.value_as::<TypingForm>()?;
    if form.args.is_some() {
        return Err(PyErr::type_error(format!(
            "{} is not a generic class",
            form_repr(obj)?
        )));
    }
    let mut args: Vec<Obj> = match key.downcast_ref::<PyTuple>() {
        Some(tuple) => tuple.as_slice().to_vec(),
        None => vec![key.clone()],
    };
    let (name, params) = (form.name, form.params);
    match params {
        Params::None => {
            return Err(PyErr::type_error(format!(
                "type '{name}' is not subscriptable"
            )));
        }
        Params::NotGeneric => {
            return Err(PyErr::type_error(format!(
                "typing.{name} is not a generic class"
            )));
        }
        Params::Exactly(expected) if args.len() != expected => {
            let which = if args.len() > expected { "many" } else { "few" };
            return Err(PyErr::type_error(format!(
                "Too {which} arguments for typing.{name}; actual {}, expected {expected}",
                args.len()
            )));
        }
        Params::Optional => {
            if args.len() != 1 {
                return Err(PyErr::type_error("typing.Optional requires a single type."));
            }
            return union(vec![args.remove(0), Obj::none()]);
        }
        Params::Union => return union(args),
        Params::Callable if args.len() != 2 => {
            return Err(PyErr::type_error(
                "Callable must be used as Callable[[arg, ...], result].",
            ));
        }
        // `Tuple[()]`: no arguments.
        Params::Any
            if name == "Tuple"
                && args.len() == 1
                && args[0]
                    .downcast_ref::<PyTuple>()
                    .is_some_and(|t| t.as_slice().is_empty()) =>
        {
            args.clear();
        }
        _ => {}
    }
    Ok(Obj::new(TypingForm {
        name,
        params,
        args: Some(args),
    }))
}

/// `Union[args]`: duplicates removed, a single type standing for itself.
fn union(args: Vec<Obj>) -> PyResult<Obj> {
    let mut unique: Vec<Obj> = Vec::new();
    for arg in args {
        let mut seen = false;
        for known in &unique {
            if known.is(&arg) || known.eq(&arg)? {
                seen = true;
                break;
            }
        }
        if !seen {
            unique.push(arg);
        }
    }
    if unique.len() == 1 {
        let only = unique.remove(0);
        return Ok(if only.is_none() {
            crate::builtins::type_(&only)
        } else {
            only
        });
    }
    Ok(Obj::new(TypingForm {
        name: "Union",
        params: Params::Union,
        args: Some(unique),
    }))
}

/// `TypeVar('T')` and `NewType('UserId', int)`.
struct Named {
    name: String,
    new_type: bool,
}

impl Trace for Named {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&NAMED_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `typing.TypeVar` and `typing.NewType` objects.
static NAMED_TYPE: PyType = PyType {
    name: "typing.TypeVar",
    repr: Some(|obj| {
        let named = obj.value_as::<Named>()?;
        Ok(if named.new_type {
            format!("__main__.{}", named.name)
        } else {
            format!("~{}", named.name)
        })
    }),
    call: Some(|obj, args| {
        let named = obj.value_as::<Named>()?;
        if !named.new_type {
            return Err(PyErr::type_error("'TypeVar' object is not callable"));
        }
        match args.positional() {
            [value] if args.keywords().is_empty() => Ok(value.clone()),
            given => Err(PyErr::type_error(format!(
                "NewType.__call__() takes 2 positional arguments but {} were given",
                given.len() + 1
            ))),
        }
    }),
    getattr: Some(|obj, name| {
        let named = obj.value_as::<Named>()?;
        Ok(match name {
            "__name__" => Some(Obj::from(named.name.as_str())),
            _ => None,
        })
    }),
    ..PyType::BLANK
};

/// The name argument of `TypeVar` and `NewType`.
fn name_argument(args: &Args<'_>, what: &str) -> PyResult<String> {
    match args.positional().first() {
        Some(name) => name
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| PyErr::type_error(format!("{what} name must be a string"))),
        None => Err(PyErr::type_error(format!(
            "{what}() missing required argument 'name'"
        ))),
    }
}

/// `TypeVar(name, *constraints, bound=None, ...)`: `~T`.
fn type_var(args: &Args<'_>) -> PyResult<Obj> {
    let name = name_argument(args, "TypeVar")?;
    Ok(Obj::new(Named {
        name,
        new_type: false,
    }))
}

/// `NewType(name, tp)`: a callable returning its argument.
fn new_type(args: &Args<'_>) -> PyResult<Obj> {
    if args.positional().len() != 2 {
        return Err(PyErr::type_error(format!(
            "NewType.__init__() takes 3 positional arguments but {} were given",
            args.positional().len() + 1
        )));
    }
    let name = name_argument(args, "NewType")?;
    Ok(Obj::new(Named {
        name,
        new_type: true,
    }))
}
