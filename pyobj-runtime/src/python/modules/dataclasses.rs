//! `import dataclasses`: `@dataclass` and its helpers, with CPython 3.11's rules and
//! texts.
//!
//! `dataclass` reads the fields of a class made by a `class` statement from its
//! `__annotations__` (the dict `pyblock!` records in a class body: name → annotation
//! text), in order, after the fields of its dataclass bases; a field's default is the
//! class attribute of the same name (or a [`field()`](field) giving `default` or
//! `default_factory`). It then makes the class again, with the same name, base and
//! namespace plus the generated methods (so that the new class's type slots see them:
//! `==`, `<` and `hash` dispatch to them), and returns that class:
//!
//! - `__init__(self, x, y=0)`: stores each field (`default_factory()` for the fields
//!   that have one and were not given), then calls `__post_init__` if the class has
//!   one; `TypeError: non-default argument 'y' follows default argument` when the
//!   fields' defaults do not allow a signature;
//! - `__repr__` (`Point(x=1, y=2)`, `...` for an object inside itself), `__eq__`
//!   (same class, fields compared as tuples), `__lt__`/`__le__`/`__gt__`/`__ge__` with
//!   `order=True`, `__hash__` as CPython's table decides (`None` for a mutable class
//!   with `eq`, the fields' tuple hash when `frozen` or `unsafe_hash`);
//! - `frozen=True`: each field becomes a read-only attribute of the class, so that
//!   `p.x = 1` raises `dataclasses.FrozenInstanceError: cannot assign to field 'x'`
//!   (`cannot delete field 'x'` for `del`);
//! - `__match_args__`, `__dataclass_fields__` (name → `Field`), `__dataclass_params__`,
//!   and `__doc__` (`Point(x: 'int', y: 'int' = 0)`) when the class has none.
//!
//! A method the class defines itself is kept (`__repr__`, `__eq__`, `__init__`);
//! defining an ordering method with `order=True` raises CPython's `TypeError`.
//!
//! Also `field`, `fields`, `asdict`, `astuple`, `replace`, `is_dataclass`, `MISSING`,
//! `Field` and `FrozenInstanceError`.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let dataclasses = modules::import("dataclasses").unwrap();
//! let annotations = Obj::dict_from([
//!     (Obj::from("x"), Obj::from("int")),
//!     (Obj::from("y"), Obj::from("int")),
//! ])
//! .unwrap();
//! let cls = Obj::new_class(
//!     "Point",
//!     None,
//!     vec![("__annotations__", annotations), ("y", Obj::from(0))],
//! )
//! .unwrap();
//! let point = dataclasses.getattr("dataclass").unwrap().call(&[cls]).unwrap();
//! let p = point.call(&[Obj::from(1)]).unwrap();
//! assert_eq!(p.repr().unwrap(), "Point(x=1, y=0)");
//! ```
//!
//! Not provided: `kw_only` fields and `KW_ONLY`, `InitVar`, `slots=True`, `make_dataclass`.
//! An annotation whose text starts with `ClassVar` or `typing.ClassVar` makes a class
//! variable, not a field (CPython resolves the name; the text is all that is recorded
//! here). A frozen instance refuses stores to its fields only (CPython's also refuses
//! new attributes: `cannot assign to field 'z'`). Methods of the class that use
//! zero-argument `super()` still name the class as first made.

use std::cell::{Cell, RefCell};

use crate::exceptions::{ATTRIBUTE_ERROR, PyErr, PyResult};
use crate::pyobject::{
    Args, CompareOp, Obj, PyBuiltinFunction, PyClass, PyFunction, PyMemberDescriptor, PyModule,
    PyType, ReprGuard, Signature, instance_data,
};
use crate::trace::{Trace, Tracer};

/// `dataclasses.FrozenInstanceError`, an `AttributeError`.
static FROZEN_INSTANCE_ERROR: PyType = PyType {
    name: "dataclasses.FrozenInstanceError",
    base: Some(&ATTRIBUTE_ERROR),
    ..PyType::BLANK
};

/// Makes the `dataclasses` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "dataclasses",
        [
            ("Field", FIELD_TYPE.to_object()),
            ("FrozenInstanceError", FROZEN_INSTANCE_ERROR.to_object()),
            ("MISSING", missing()),
            function("asdict", |args| {
                let obj = args.one("asdict")?;
                if !is_dataclass_instance(obj) {
                    return Err(PyErr::type_error(
                        "asdict() should be called on dataclass instances",
                    ));
                }
                as_container(obj, true)
            }),
            function("astuple", |args| {
                let obj = args.one("astuple")?;
                if !is_dataclass_instance(obj) {
                    return Err(PyErr::type_error(
                        "astuple() should be called on dataclass instances",
                    ));
                }
                as_container(obj, false)
            }),
            function("dataclass", dataclass),
            function("field", field),
            function("fields", |args| {
                let obj = args.one("fields")?;
                let fields = dataclass_fields(obj).ok_or_else(|| {
                    PyErr::type_error("must be called with a dataclass type or instance")
                })?;
                Ok(Obj::tuple(fields.into_iter().filter(|field| {
                    field_of(field).is_ok_and(|f| f.kind.get() == Kind::Field)
                })))
            }),
            function("is_dataclass", |args| {
                let obj = args.one("is_dataclass")?;
                Ok(Obj::from(dataclass_fields(obj).is_some()))
            }),
            function("replace", replace),
        ],
    )
}

/// A builtin function of the module.
fn function(name: &'static str, call: fn(&Args<'_>) -> PyResult<Obj>) -> (&'static str, Obj) {
    (name, PyBuiltinFunction::new_immortal(name, call))
}

// ---------------------------------------------------------------------------
// Sentinels.

/// `dataclasses.MISSING` and the `<factory>` default: objects with a repr only.
struct Sentinel {
    repr: &'static str,
}

impl Trace for Sentinel {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&SENTINEL_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

static SENTINEL_TYPE: PyType = PyType {
    name: "dataclasses._MISSING_TYPE",
    repr: Some(|obj| {
        let sentinel = obj.value_as::<Sentinel>()?;
        Ok(sentinel.repr.replace("{id}", &format!("{:#x}", obj.id())))
    }),
    ..PyType::BLANK
};

thread_local! {
    static MISSING: Obj = Obj::new_immortal(Sentinel {
        repr: "<dataclasses._MISSING_TYPE object at {id}>",
    });
    static HAS_DEFAULT_FACTORY: Obj = Obj::new_immortal(Sentinel { repr: "<factory>" });
}

/// `dataclasses.MISSING`.
fn missing() -> Obj {
    MISSING.with(Obj::clone)
}

/// The default of an `__init__` parameter whose field has a `default_factory`.
fn has_default_factory() -> Obj {
    HAS_DEFAULT_FACTORY.with(Obj::clone)
}

fn is_missing(obj: &Obj) -> bool {
    obj.is(&missing())
}

// ---------------------------------------------------------------------------
// Field objects.

/// What a field is (CPython's `_FIELD`, `_FIELD_CLASSVAR`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not known yet (a `field()` not yet given to a class).
    Unset,
    Field,
    ClassVar,
}

/// A `dataclasses.Field`.
struct PyField {
    name: RefCell<Obj>,
    annotation: RefCell<Obj>,
    default: RefCell<Obj>,
    default_factory: RefCell<Obj>,
    init: bool,
    repr: bool,
    hash: Obj,
    compare: bool,
    metadata: Obj,
    kind: Cell<Kind>,
}

impl Trace for PyField {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FIELD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.name.trace(tracer);
        self.annotation.trace(tracer);
        self.default.trace(tracer);
        self.default_factory.trace(tracer);
        self.hash.trace(tracer);
        self.metadata.trace(tracer);
    }
    fn drop_handles(&self) {
        for cell in [&self.default, &self.default_factory, &self.annotation] {
            if let Ok(mut value) = cell.try_borrow_mut() {
                let old = std::mem::replace(&mut *value, Obj::none());
                drop(value);
                drop(old);
            }
        }
    }
}

/// `dataclasses.Field`.
static FIELD_TYPE: PyType = PyType {
    name: "dataclasses.Field",
    repr: Some(field_repr),
    getattr: Some(field_getattr),
    ..PyType::BLANK
};

fn field_of(obj: &Obj) -> PyResult<&PyField> {
    obj.value_as::<PyField>()
}

impl PyField {
    fn name(&self) -> String {
        self.name.borrow().as_str().unwrap_or_default().to_owned()
    }

    fn default(&self) -> Option<Obj> {
        Some(self.default.borrow().clone()).filter(|value| !is_missing(value))
    }

    fn default_factory(&self) -> Option<Obj> {
        Some(self.default_factory.borrow().clone()).filter(|value| !is_missing(value))
    }

    /// Whether the field takes part in `__hash__` (`hash=None` follows `compare`).
    fn hashed(&self) -> PyResult<bool> {
        if self.hash.is_none() {
            Ok(self.compare)
        } else {
            self.hash.is_truthy()
        }
    }
}

/// `Field(name='x',type='int',default=...,...)`.
fn field_repr(obj: &Obj) -> PyResult<String> {
    let field = field_of(obj)?;
    let kind = match field.kind.get() {
        Kind::Unset => "None",
        Kind::Field => "_FIELD",
        Kind::ClassVar => "_FIELD_CLASSVAR",
    };
    let kw_only = if field.kind.get() == Kind::Unset {
        missing().repr()?
    } else {
        "False".to_owned()
    };
    Ok(format!(
        "Field(name={},type={},default={},default_factory={},init={},repr={},hash={},\
         compare={},metadata=mappingproxy({}),kw_only={kw_only},_field_type={kind})",
        field.name.borrow().repr()?,
        field.annotation.borrow().repr()?,
        field.default.borrow().repr()?,
        field.default_factory.borrow().repr()?,
        py_bool(field.init),
        py_bool(field.repr),
        field.hash.repr()?,
        py_bool(field.compare),
        field.metadata.repr()?,
    ))
}

fn py_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

fn field_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let field = field_of(obj)?;
    Ok(Some(match name {
        "name" => field.name.borrow().clone(),
        "type" => field.annotation.borrow().clone(),
        "default" => field.default.borrow().clone(),
        "default_factory" => field.default_factory.borrow().clone(),
        "init" => Obj::from(field.init),
        "repr" => Obj::from(field.repr),
        "hash" => field.hash.clone(),
        "compare" => Obj::from(field.compare),
        "metadata" => field.metadata.clone(),
        "kw_only" => Obj::from(false),
        _ => return Ok(None),
    }))
}

/// `field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
/// hash=None, compare=True, metadata=None, kw_only=MISSING)`.
fn field(args: &Args<'_>) -> PyResult<Obj> {
    if !args.positional().is_empty() {
        return Err(PyErr::type_error(format!(
            "field() takes 0 positional arguments but {} {} given",
            args.positional().len(),
            if args.positional().len() == 1 {
                "was"
            } else {
                "were"
            }
        )));
    }
    let mut default = missing();
    let mut default_factory = missing();
    let (mut init, mut repr, mut compare) = (true, true, true);
    let mut hash = Obj::none();
    let mut metadata = Obj::none();
    for (key, value) in args.keywords() {
        match *key {
            "default" => default = value.clone(),
            "default_factory" => default_factory = value.clone(),
            "init" => init = value.is_truthy()?,
            "repr" => repr = value.is_truthy()?,
            "hash" => hash = value.clone(),
            "compare" => compare = value.is_truthy()?,
            "metadata" => metadata = value.clone(),
            "kw_only" => {}
            _ => {
                return Err(PyErr::type_error(format!(
                    "field() got an unexpected keyword argument '{key}'"
                )));
            }
        }
    }
    if !is_missing(&default) && !is_missing(&default_factory) {
        return Err(PyErr::value_error(
            "cannot specify both default and default_factory",
        ));
    }
    let metadata = if metadata.is_none() {
        Obj::dict()
    } else {
        metadata
    };
    Ok(new_field(
        default,
        default_factory,
        [init, repr, compare],
        hash,
        metadata,
    ))
}

/// A new `Field` with no name yet.
fn new_field(
    default: Obj,
    default_factory: Obj,
    [init, repr, compare]: [bool; 3],
    hash: Obj,
    metadata: Obj,
) -> Obj {
    Obj::new(PyField {
        name: RefCell::new(Obj::none()),
        annotation: RefCell::new(Obj::none()),
        default: RefCell::new(default),
        default_factory: RefCell::new(default_factory),
        init,
        repr,
        hash,
        compare,
        metadata,
        kind: Cell::new(Kind::Unset),
    })
}

// ---------------------------------------------------------------------------
// `@dataclass`.

/// The options of `@dataclass(...)`.
#[derive(Clone, Copy)]
struct Options {
    init: bool,
    repr: bool,
    eq: bool,
    order: bool,
    unsafe_hash: bool,
    frozen: bool,
    match_args: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            init: true,
            repr: true,
            eq: true,
            order: false,
            unsafe_hash: false,
            frozen: false,
            match_args: true,
        }
    }
}

/// `dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False,
/// unsafe_hash=False, frozen=False, match_args=True, ...)`: the processed class, or a
/// decorator taking it.
fn dataclass(args: &Args<'_>) -> PyResult<Obj> {
    let mut options = Options::default();
    for (key, value) in args.keywords() {
        let flag = value.is_truthy()?;
        match *key {
            "init" => options.init = flag,
            "repr" => options.repr = flag,
            "eq" => options.eq = flag,
            "order" => options.order = flag,
            "unsafe_hash" => options.unsafe_hash = flag,
            "frozen" => options.frozen = flag,
            "match_args" => options.match_args = flag,
            "kw_only" | "slots" | "weakref_slot" if !flag => {}
            "kw_only" | "slots" | "weakref_slot" => {
                return Err(PyErr::type_error(format!(
                    "dataclass() {key}=True is not supported"
                )));
            }
            _ => {
                return Err(PyErr::type_error(format!(
                    "dataclass() got an unexpected keyword argument '{key}'"
                )));
            }
        }
    }
    match args.positional() {
        [] => Ok(Obj::new(Decorator { options })),
        [cls] if cls.is_none() => Ok(Obj::new(Decorator { options })),
        [cls] => process_class(cls, options),
        more => Err(PyErr::type_error(format!(
            "dataclass() takes from 0 to 1 positional arguments but {} were given",
            more.len()
        ))),
    }
}

/// What `@dataclass(...)` returns: called with the class, it processes it.
struct Decorator {
    options: Options,
}

impl Trace for Decorator {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DECORATOR_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

static DECORATOR_TYPE: PyType = PyType {
    name: "function",
    repr: Some(|obj| {
        Ok(format!(
            "<function dataclass.<locals>.wrap at {:#x}>",
            obj.id()
        ))
    }),
    call: Some(|obj, args| {
        let decorator = obj.value_as::<Decorator>()?;
        let cls = args.one("wrap")?;
        process_class(cls, decorator.options)
    }),
    ..PyType::BLANK
};

/// The fields (`Field` objects) of a dataclass or of an instance of one, in order.
fn dataclass_fields(obj: &Obj) -> Option<Vec<Obj>> {
    let cls = if obj.is_exact::<PyClass>() {
        obj.clone()
    } else {
        obj.py_type().to_object()
    };
    let fields = class_attr(&cls, "__dataclass_fields__")?;
    let dict = crate::pyobject::as_dict(&fields)?;
    Some(dict.values())
}

fn is_dataclass_instance(obj: &Obj) -> bool {
    !obj.is_exact::<PyClass>() && dataclass_fields(obj).is_some()
}

/// `cls.name`, looked up on the class and its bases, `None` when absent (or when
/// `cls` is not a class).
fn class_attr(cls: &Obj, name: &str) -> Option<Obj> {
    crate::pyobject::class_lookup(cls, name)
}

/// Whether the instances of `ty` are unhashable (CPython's `__hash__ is None`): a
/// builtin mutable container, or a class whose `__hash__` is `None`.
fn unhashable_type(ty: &'static PyType) -> bool {
    if ty.is_heap_type() {
        return class_attr(&ty.to_object(), "__hash__").is_some_and(|hash| hash.is_none());
    }
    matches!(
        ty.lookup(|ty| ty.hash),
        Some(crate::pyobject::HashSlot::Unhashable)
    )
}

/// Whether an annotation's text names a class variable (`ClassVar[int]`).
fn is_classvar(annotation: &Obj) -> bool {
    annotation.as_str().is_some_and(|text| {
        let text = text.trim_start();
        let text = text.strip_prefix("typing.").unwrap_or(text);
        text == "ClassVar" || text.starts_with("ClassVar[")
    })
}

/// The class `cls` made again as a dataclass.
fn process_class(cls: &Obj, options: Options) -> PyResult<Obj> {
    let Some(class) = cls.downcast_ref::<PyClass>() else {
        // CPython's first step reads `cls.__module__`.
        return Err(PyErr::no_attribute(cls, "__module__"));
    };
    let class_name = class.name();
    let qualname = class.qualname().to_owned();
    let class_bases = class.bases().to_vec();
    let mut namespace: Vec<(String, Obj)> = Vec::new();
    for name in class.own_attr_names() {
        let Some(key) = name.as_str() else { continue };
        if let Some(value) = class.own_attr(key)
            // The members `__slots__` made: the new class makes its own.
            && !value.is_exact::<PyMemberDescriptor>()
        {
            namespace.push((key.to_owned(), value));
        }
    }
    let own_names: Vec<String> = namespace.iter().map(|(key, _)| key.clone()).collect();
    let own = |name: &str| own_names.iter().any(|key| key == name);

    // The fields of the dataclass bases, then this class's own.
    let mut fields: Vec<(String, Obj)> = Vec::new();
    // CPython reads the bases' fields along `__mro__`, from `object` up.
    let bases = class.mro().to_vec();
    let mut any_frozen_base = false;
    let mut has_dataclass_bases = false;
    for base_class in bases.iter().rev() {
        let Some(class) = base_class.downcast_ref::<PyClass>() else {
            continue;
        };
        let Some(base_fields) = class.own_attr("__dataclass_fields__") else {
            continue;
        };
        has_dataclass_bases = true;
        if let Some(params) = class.own_attr("__dataclass_params__")
            && let Some(params) = params.downcast_ref::<Params>()
        {
            any_frozen_base |= params.options.frozen;
        }
        if let Some(dict) = crate::pyobject::as_dict(&base_fields) {
            for (key, value) in dict.items() {
                let key = key.str()?;
                match fields.iter_mut().find(|(name, _)| *name == key) {
                    Some(slot) => slot.1 = value,
                    None => fields.push((key, value)),
                }
            }
        }
    }

    let annotations = class.own_attr("__annotations__");
    let annotations = match &annotations {
        Some(dict) => crate::pyobject::as_dict(dict)
            .map(|dict| dict.items())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    for (name, annotation) in &annotations {
        let name_text = name.str()?;
        let default = class_attr(cls, &name_text);
        let field = match &default {
            Some(value) if value.is_exact::<PyField>() => value.clone(),
            Some(value) => new_field(
                value.clone(),
                missing(),
                [true, true, true],
                Obj::none(),
                Obj::dict(),
            ),
            None => new_field(
                missing(),
                missing(),
                [true, true, true],
                Obj::none(),
                Obj::dict(),
            ),
        };
        let f = field_of(&field)?;
        *f.name.borrow_mut() = name.clone();
        *f.annotation.borrow_mut() = annotation.clone();
        let kind = if is_classvar(annotation) {
            Kind::ClassVar
        } else {
            Kind::Field
        };
        f.kind.set(kind);
        if kind == Kind::ClassVar && f.default_factory().is_some() {
            return Err(PyErr::type_error(format!(
                "field {name_text} cannot have a default factory"
            )));
        }
        if kind == Kind::Field
            && let Some(default) = f.default()
            && unhashable_type(default.py_type())
        {
            return Err(PyErr::value_error(format!(
                "mutable default {} for field {name_text} is not allowed: use default_factory",
                default.py_type().to_object().repr()?
            )));
        }
        match fields.iter_mut().find(|(key, _)| *key == name_text) {
            Some(slot) => slot.1 = field.clone(),
            None => fields.push((name_text.clone(), field.clone())),
        }
        // A `field()` in the namespace gives way to its default (or to nothing).
        if let Some((_, value)) = namespace.iter().find(|(key, _)| *key == name_text)
            && value.is_exact::<PyField>()
        {
            let replacement = f.default();
            namespace.retain(|(key, _)| *key != name_text);
            if let Some(default) = replacement {
                namespace.push((name_text.clone(), default));
            }
        }
    }
    for (name, value) in &namespace {
        if value.is_exact::<PyField>()
            && !annotations
                .iter()
                .any(|(key, _)| key.as_str() == Some(name.as_str()))
        {
            return Err(PyErr::type_error(format!(
                "{} is a field but has no type annotation",
                Obj::from(name.as_str()).repr()?
            )));
        }
    }
    if has_dataclass_bases {
        if any_frozen_base && !options.frozen {
            return Err(PyErr::type_error(
                "cannot inherit non-frozen dataclass from a frozen one",
            ));
        }
        if !any_frozen_base && options.frozen {
            return Err(PyErr::type_error(
                "cannot inherit frozen dataclass from a non-frozen one",
            ));
        }
    }
    if options.order && !options.eq {
        return Err(PyErr::value_error("eq must be true if order is true"));
    }

    let field_objs: Vec<Obj> = fields.iter().map(|(_, field)| field.clone()).collect();
    let data_fields: Vec<&PyField> = field_objs
        .iter()
        .map(field_of)
        .collect::<PyResult<Vec<_>>>()?
        .into_iter()
        .filter(|field| field.kind.get() == Kind::Field)
        .collect();
    let spec = Obj::tuple(
        field_objs
            .iter()
            .filter(|field| field_of(field).is_ok_and(|f| f.kind.get() == Kind::Field))
            .cloned(),
    );
    let closure = vec![spec, Obj::from(options.frozen)];
    let leak = crate::pyobject::keep_text;
    let mut added: Vec<(String, Obj)> = Vec::new();
    let method = |name: &str, code: crate::pyobject::FunctionCode, signature| {
        let function = Obj::new_function(
            leak(format!("{qualname}.{name}")),
            signature,
            code,
            vec![],
            closure.clone(),
        );
        (name.to_owned(), function)
    };

    if options.init {
        let mut seen_default = false;
        let mut params = vec!["self"];
        let mut defaults = Vec::new();
        for field in data_fields.iter().filter(|field| field.init) {
            let name = field.name();
            if let Some(default) = field.default() {
                seen_default = true;
                defaults.push(default);
            } else if field.default_factory().is_some() {
                seen_default = true;
                defaults.push(has_default_factory());
            } else if seen_default {
                return Err(PyErr::type_error(format!(
                    "non-default argument {} follows default argument",
                    Obj::from(name.as_str()).repr()?
                )));
            }
            params.push(leak(name));
        }
        if !own("__init__") {
            let signature: &'static Signature = crate::pyobject::keep_signature(Signature::new(
                crate::pyobject::keep_names(params),
            ));
            let init = Obj::new_function(
                leak(format!("{qualname}.__init__")),
                signature,
                init_code,
                defaults,
                closure.clone(),
            );
            added.push(("__init__".to_owned(), init));
        }
    }
    static SELF: Signature = Signature::new(&["self"]);
    static SELF_OTHER: Signature = Signature::new(&["self", "other"]);
    if options.repr && !own("__repr__") {
        added.push(method("__repr__", repr_code, &SELF));
    }
    if options.eq && !own("__eq__") {
        added.push(method("__eq__", eq_code, &SELF_OTHER));
    }
    if options.order {
        let orders: [(&str, crate::pyobject::FunctionCode); 4] = [
            ("__lt__", lt_code),
            ("__le__", le_code),
            ("__gt__", gt_code),
            ("__ge__", ge_code),
        ];
        for (name, code) in orders {
            if own(name) {
                return Err(PyErr::type_error(format!(
                    "Cannot overwrite attribute {name} in class {class_name}. Consider using \
                     functools.total_ordering"
                )));
            }
            added.push(method(name, code, &SELF_OTHER));
        }
    }
    // CPython's `_hash_action` table.
    let class_hash = namespace
        .iter()
        .find(|(key, _)| key == "__hash__")
        .map(|(_, value)| value.clone());
    let has_explicit_hash = match &class_hash {
        None => false,
        Some(hash) => !(hash.is_none() && own("__eq__")),
    };
    enum HashAction {
        Keep,
        SetNone,
        Add,
        Fail,
    }
    let action = match (
        options.unsafe_hash,
        options.eq,
        options.frozen,
        has_explicit_hash,
    ) {
        (false, false, _, _) => HashAction::Keep,
        (false, true, false, false) => HashAction::SetNone,
        (false, true, false, true) => HashAction::Keep,
        (false, true, true, false) => HashAction::Add,
        (false, true, true, true) => HashAction::Keep,
        (true, _, _, false) => HashAction::Add,
        (true, _, _, true) => HashAction::Fail,
    };
    match action {
        HashAction::Keep => {}
        HashAction::SetNone => {
            namespace.retain(|(key, _)| key != "__hash__");
            namespace.push(("__hash__".to_owned(), Obj::none()));
        }
        HashAction::Add => {
            namespace.retain(|(key, _)| key != "__hash__");
            added.push(method("__hash__", hash_code, &SELF));
        }
        HashAction::Fail => {
            return Err(PyErr::type_error(format!(
                "Cannot overwrite attribute __hash__ in class {class_name}"
            )));
        }
    }
    if options.frozen {
        for name in ["__setattr__", "__delattr__"] {
            if own(name) {
                return Err(PyErr::type_error(format!(
                    "Cannot overwrite attribute {name} in class {class_name}"
                )));
            }
        }
        // Each field becomes a read-only attribute of the class, holding its default.
        for field in &data_fields {
            let name = field.name();
            let default = namespace
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone());
            namespace.retain(|(key, _)| *key != name);
            namespace.push((
                name.clone(),
                Obj::new(FrozenField {
                    name: Obj::from(name.as_str()),
                    default: default.filter(|value| !value.is_exact::<FrozenField>()),
                }),
            ));
        }
    }
    if !own("__doc__") {
        // CPython's: the class name and the signature of `__init__`.
        let mut params = Vec::new();
        for field in data_fields.iter().filter(|field| field.init) {
            let mut param = format!("{}: {}", field.name(), field.annotation.borrow().repr()?);
            if let Some(default) = field.default() {
                param.push_str(&format!(" = {}", default.repr()?));
            } else if field.default_factory().is_some() {
                param.push_str(" = <factory>");
            }
            params.push(param);
        }
        namespace.push((
            "__doc__".to_owned(),
            Obj::from(format!("{class_name}({})", params.join(", "))),
        ));
    }
    let match_args = Obj::tuple(
        data_fields
            .iter()
            .filter(|field| field.init)
            .map(|field| Obj::from(field.name())),
    );
    let fields_dict = Obj::dict_from(
        fields
            .iter()
            .map(|(name, field)| (Obj::from(name.as_str()), field.clone())),
    )?;
    namespace.retain(|(key, _)| key != "__dataclass_fields__" && key != "__dataclass_params__");
    namespace.push(("__dataclass_fields__".to_owned(), fields_dict));
    namespace.push((
        "__dataclass_params__".to_owned(),
        Obj::new(Params { options }),
    ));
    if options.match_args && !own("__match_args__") {
        namespace.push(("__match_args__".to_owned(), match_args));
    }
    namespace.extend(added);
    let entries = namespace
        .iter()
        .map(|(key, value)| (key.as_str(), value.clone()))
        .collect();
    Obj::new_class_with_bases(&qualname, &class_bases, entries)
}

/// `__dataclass_params__`.
struct Params {
    options: Options,
}

impl Trace for Params {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&PARAMS_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

static PARAMS_TYPE: PyType = PyType {
    name: "dataclasses._DataclassParams",
    repr: Some(|obj| {
        let o = obj.value_as::<Params>()?.options;
        Ok(format!(
            "_DataclassParams(init={},repr={},eq={},order={},unsafe_hash={},frozen={})",
            py_bool(o.init),
            py_bool(o.repr),
            py_bool(o.eq),
            py_bool(o.order),
            py_bool(o.unsafe_hash),
            py_bool(o.frozen)
        ))
    }),
    getattr: Some(|obj, name| {
        let o = obj.value_as::<Params>()?.options;
        Ok(match name {
            "init" => Some(Obj::from(o.init)),
            "repr" => Some(Obj::from(o.repr)),
            "eq" => Some(Obj::from(o.eq)),
            "order" => Some(Obj::from(o.order)),
            "unsafe_hash" => Some(Obj::from(o.unsafe_hash)),
            "frozen" => Some(Obj::from(o.frozen)),
            _ => None,
        })
    }),
    ..PyType::BLANK
};

// ---------------------------------------------------------------------------
// The generated methods. Their closure: the fields (a tuple of `Field`s), whether the
// class is frozen.

/// The fields and the frozen flag of a generated method.
fn spec(f: &Obj) -> PyResult<(Vec<Obj>, bool)> {
    let function = PyFunction::of(f)?;
    let [fields, frozen] = function.closure() else {
        return Err(PyErr::system_error("a dataclass method without its fields"));
    };
    Ok((fields.to_vec()?, frozen.is_truthy()?))
}

/// `__init__(self, x, y=0)`.
fn init_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let values = PyFunction::of(f)?.bind(args)?;
    let (fields, frozen) = spec(f)?;
    let mut values = values.into_iter();
    let this = values
        .next()
        .ok_or_else(|| PyErr::system_error("__init__ without self"))?;
    for field in &fields {
        let field = field_of(field)?;
        let value = if field.init {
            let given = values
                .next()
                .ok_or_else(|| PyErr::system_error("__init__ without a field's value"))?;
            match field.default_factory() {
                Some(factory) if given.is(&has_default_factory()) => factory.call(&[])?,
                _ => given,
            }
        } else if let Some(factory) = field.default_factory() {
            factory.call(&[])?
        } else if let Some(default) = field.default() {
            default
        } else {
            continue;
        };
        let name = field.name();
        match instance_data(&this) {
            // A frozen class refuses stores: the fields go into the instance directly.
            Some(data) if frozen => data.store_own(&name, value),
            _ => this.setattr(&name, &value)?,
        }
    }
    if let Some(class) = crate::pyobject::instance_class(&this)
        && class_attr(class, "__post_init__").is_some()
    {
        this.call_method("__post_init__", &[])?;
    }
    Ok(Obj::none())
}

/// The values of the fields of `obj` that `include` selects, in order.
fn field_values(
    obj: &Obj,
    fields: &[Obj],
    include: impl Fn(&PyField) -> PyResult<bool>,
) -> PyResult<Vec<Obj>> {
    let mut values = Vec::new();
    for field in fields {
        let field = field_of(field)?;
        if include(field)? {
            values.push(obj.getattr(&field.name())?);
        }
    }
    Ok(values)
}

/// `__repr__`: `Point(x=1, y=2)`; `...` for an instance inside itself.
fn repr_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    let (fields, _) = spec(f)?;
    let Some(_guard) = ReprGuard::enter(&this) else {
        return Ok(Obj::from("..."));
    };
    let class = this.py_type().to_object();
    let qualname = class
        .downcast_ref::<PyClass>()
        .map_or_else(|| this.type_name().to_owned(), |c| c.qualname().to_owned());
    let mut parts = Vec::new();
    for field in &fields {
        let field = field_of(field)?;
        if field.repr {
            let name = field.name();
            let value = this.getattr(&name)?;
            parts.push(format!("{name}={}", value.repr()?));
        }
    }
    Ok(Obj::from(format!("{qualname}({})", parts.join(", "))))
}

/// `self op other` for the comparison methods: the compared fields as tuples, for two
/// instances of the same class; `NotImplemented` otherwise.
fn compare_code(f: &Obj, args: &Args<'_>, op: CompareOp) -> PyResult<Obj> {
    let [this, other] = PyFunction::of(f)?.bind_array(args)?;
    if !std::ptr::eq(this.py_type(), other.py_type()) {
        return Ok(Obj::not_implemented());
    }
    let (fields, _) = spec(f)?;
    let left = Obj::tuple(field_values(&this, &fields, |field| Ok(field.compare))?);
    let right = Obj::tuple(field_values(&other, &fields, |field| Ok(field.compare))?);
    left.rich_compare(&right, op)
}

fn eq_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    compare_code(f, args, CompareOp::Eq)
}

fn lt_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    compare_code(f, args, CompareOp::Lt)
}

fn le_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    compare_code(f, args, CompareOp::Le)
}

fn gt_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    compare_code(f, args, CompareOp::Gt)
}

fn ge_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    compare_code(f, args, CompareOp::Ge)
}

/// `__hash__`: the hash of the hashed fields' tuple.
fn hash_code(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    let (fields, _) = spec(f)?;
    let values = field_values(&this, &fields, PyField::hashed)?;
    Ok(Obj::from(Obj::tuple(values).hash()?))
}

// ---------------------------------------------------------------------------
// Frozen fields.

/// A field of a frozen dataclass, on its class: reads the instance's value, refuses
/// stores and deletions (a data descriptor).
struct FrozenField {
    name: Obj,
    /// The class attribute it replaces (the field's default), if any.
    default: Option<Obj>,
}

impl Trace for FrozenField {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&FROZEN_FIELD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.name.trace(tracer);
        self.default.trace(tracer);
    }
}

static FROZEN_FIELD_TYPE: PyType = PyType {
    name: "dataclasses._FrozenField",
    descr_get: Some(|descriptor, instance, owner| {
        let field = descriptor.value_as::<FrozenField>()?;
        let name = field.name.as_str().unwrap_or_default();
        match instance {
            Some(instance) => instance_data(instance)
                .and_then(|data| data.attr(name))
                .ok_or_else(|| PyErr::no_attribute(instance, name)),
            None => field.default.clone().ok_or_else(|| {
                let class = owner
                    .downcast_ref::<PyClass>()
                    .map_or("?", |class| class.name());
                PyErr::attribute_error(format!("type object '{class}' has no attribute '{name}'"))
            }),
        }
    }),
    descr_set: Some(|descriptor, _, value| {
        let field = descriptor.value_as::<FrozenField>()?;
        let name = field.name.as_str().unwrap_or_default();
        let verb = if value.is_some() {
            "assign to"
        } else {
            "delete"
        };
        Err(PyErr::new(
            &FROZEN_INSTANCE_ERROR,
            format!("cannot {verb} field '{name}'"),
        ))
    }),
    ..PyType::BLANK
};

// ---------------------------------------------------------------------------
// `asdict`, `astuple`, `replace`.

/// `asdict(obj)` / `astuple(obj)`: the fields, recursively through dataclass
/// instances, lists, tuples and dicts (copied).
fn as_container(obj: &Obj, as_dict: bool) -> PyResult<Obj> {
    let _depth = crate::pyobject::enter_recursive_call(" in asdict")?;
    if is_dataclass_instance(obj) {
        let fields = dataclass_fields(obj).unwrap_or_default();
        let mut pairs = Vec::new();
        for field in &fields {
            let field = field_of(field)?;
            if field.kind.get() != Kind::Field {
                continue;
            }
            let name = field.name();
            let value = as_container(&obj.getattr(&name)?, as_dict)?;
            pairs.push((Obj::from(name), value));
        }
        return if as_dict {
            Obj::dict_from(pairs)
        } else {
            Ok(Obj::tuple(pairs.into_iter().map(|(_, value)| value)))
        };
    }
    if obj.is_exact::<crate::pyobject::PyList>() {
        let items = obj
            .to_vec()?
            .iter()
            .map(|item| as_container(item, as_dict))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Obj::list(items));
    }
    if obj.is_exact::<crate::pyobject::PyTuple>() {
        let items = obj
            .to_vec()?
            .iter()
            .map(|item| as_container(item, as_dict))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Obj::tuple(items));
    }
    if obj.is_exact::<crate::pyobject::PyDict>() {
        let mut pairs = Vec::new();
        if let Some(dict) = crate::pyobject::as_dict(obj) {
            for (key, value) in dict.items() {
                pairs.push((as_container(&key, as_dict)?, as_container(&value, as_dict)?));
            }
        }
        return Obj::dict_from(pairs);
    }
    Ok(obj.clone())
}

/// `replace(obj, /, **changes)`: a new instance, the fields not changed copied.
fn replace(args: &Args<'_>) -> PyResult<Obj> {
    let [obj] = args.positional() else {
        return Err(PyErr::type_error(format!(
            "replace() takes 1 positional argument but {} were given",
            args.positional().len()
        )));
    };
    if !is_dataclass_instance(obj) {
        return Err(PyErr::type_error(
            "replace() should be called on dataclass instances",
        ));
    }
    let mut changes: Vec<(String, Obj)> = args
        .keywords()
        .iter()
        .map(|(key, value)| ((*key).to_owned(), value.clone()))
        .collect();
    for field in dataclass_fields(obj).unwrap_or_default() {
        let field = field_of(&field)?;
        if field.kind.get() != Kind::Field {
            continue;
        }
        let name = field.name();
        let given = changes.iter().any(|(key, _)| *key == name);
        if !field.init {
            if given {
                return Err(PyErr::value_error(format!(
                    "field {name} is declared with init=False, it cannot be specified with \
                     replace()"
                )));
            }
            continue;
        }
        if !given {
            changes.push((name.clone(), obj.getattr(&name)?));
        }
    }
    let keywords: Vec<(&str, Obj)> = changes
        .iter()
        .map(|(key, value)| (key.as_str(), value.clone()))
        .collect();
    obj.py_type()
        .to_object()
        .call_with(&Args::new(&[], &keywords))
}
