//! `PyType`: the static table of a type's Python behaviour, and type objects.
//!
//! A `PyType` is CPython's `PyTypeObject` for a builtin type: a name, a base type, and
//! slots (`repr`, `hash`, `richcompare`, number operators, `len`, items, iteration,
//! `call`, methods...). A slot left empty is inherited from the base, as CPython's
//! `inherit_slots` does; every chain ends at `object`.
//!
//! A [`PyTypeObject`] is a type as a Python object (`type(1)`, `int`): an immortal object
//! per type and thread, so that `type(1) is type(2)`.

use std::cell::RefCell;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU8, Ordering};

use super::{Args, Obj, protocol::CompareOp};
use crate::exceptions::{PyErr, PyResult};
use crate::object::Header;
use crate::trace::{Trace, Tracer};

/// A slot computing a text from an object (`repr`, `str`).
pub(crate) type TextFn = fn(&Obj) -> PyResult<String>;
/// A binary operator slot; returns `NotImplemented` for operands it does not handle.
pub(crate) type BinaryFn = fn(&Obj, &Obj) -> PyResult<Obj>;
/// A unary operator slot.
pub(crate) type UnaryFn = fn(&Obj) -> PyResult<Obj>;
/// A method: called with the object and the call's arguments.
pub(crate) type MethodFn = fn(&Obj, &Args<'_>) -> PyResult<Obj>;
/// Makes an instance of the given type from the call's arguments (`int("5")`).
pub(crate) type NewFn = fn(&'static PyType, &Args<'_>) -> PyResult<Obj>;
/// A rich comparison slot; returns `NotImplemented` for operands it does not handle.
pub(crate) type RichCompareFn = fn(&Obj, &Obj, CompareOp) -> PyResult<Obj>;
/// `obj[key] = value`, or `del obj[key]` when the value is `None`.
pub(crate) type SetItemFn = fn(&Obj, &Obj, Option<&Obj>) -> PyResult<()>;
/// The next item of an iterator, or `None` when it is exhausted.
pub(crate) type NextFn = fn(&Obj) -> PyResult<Option<Obj>>;
/// A data attribute by name, or `None` if there is none of that name.
pub(crate) type GetAttrFn = fn(&Obj, &str) -> PyResult<Option<Obj>>;
/// `obj.name = value`, or `del obj.name` when the value is `None`.
pub(crate) type SetAttrFn = fn(&Obj, &str, Option<&Obj>) -> PyResult<()>;
/// A descriptor read (CPython's `tp_descr_get`): the descriptor found on a class, the
/// instance it is read through (`None` when read on the class itself), and the class.
pub(crate) type DescrGetFn = fn(&Obj, Option<&Obj>, &Obj) -> PyResult<Obj>;
/// A descriptor write (CPython's `tp_descr_set`): the descriptor, the instance, and the
/// value (`None` for `del`).
pub(crate) type DescrSetFn = fn(&Obj, &Obj, Option<&Obj>) -> PyResult<()>;

/// How the objects of a type hash.
#[derive(Clone, Copy)]
pub(crate) enum HashSlot {
    /// By identity (`object.__hash__`).
    Identity,
    /// Unhashable (`__hash__ = None`): `TypeError: unhashable type: 'list'`.
    Unhashable,
    /// By value.
    Value(fn(&Obj) -> PyResult<i64>),
}

/// A method of a builtin type (`list.append`).
pub(crate) struct Method {
    /// Its name.
    pub(crate) name: &'static str,
    /// Its code.
    pub(crate) call: MethodFn,
}

/// How a method of a builtin type binds when it is read (CPython's `METH_CLASS` and
/// `METH_STATIC`); a method not listed in [`PyType::method_kinds`] is an instance
/// method (`str.upper` is an unbound method descriptor, `'a'.upper` binds to `'a'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MethodKind {
    /// A class method (`dict.fromkeys`, `int.from_bytes`): bound to the type it is read
    /// on, or to the type of the instance it is read through.
    Class,
    /// A static method (`str.maketrans`): bound to the type that defines it, wherever it
    /// is read (its `__self__` is `None`, as CPython's).
    Static,
}

/// The number slots (CPython's `tp_as_number`).
#[derive(Clone, Copy)]
pub(crate) struct NumberMethods {
    pub(crate) add: Option<BinaryFn>,
    pub(crate) sub: Option<BinaryFn>,
    pub(crate) mul: Option<BinaryFn>,
    pub(crate) truediv: Option<BinaryFn>,
    pub(crate) floordiv: Option<BinaryFn>,
    pub(crate) rem: Option<BinaryFn>,
    pub(crate) divmod: Option<BinaryFn>,
    pub(crate) pow: Option<BinaryFn>,
    pub(crate) lshift: Option<BinaryFn>,
    pub(crate) rshift: Option<BinaryFn>,
    pub(crate) and: Option<BinaryFn>,
    pub(crate) or: Option<BinaryFn>,
    pub(crate) xor: Option<BinaryFn>,
    pub(crate) neg: Option<UnaryFn>,
    pub(crate) pos: Option<UnaryFn>,
    pub(crate) invert: Option<UnaryFn>,
    pub(crate) abs: Option<UnaryFn>,
    /// `__index__`: the object as an exact int.
    pub(crate) index: Option<UnaryFn>,
    /// `__int__`.
    pub(crate) int: Option<UnaryFn>,
    /// `__float__`.
    pub(crate) float: Option<fn(&Obj) -> PyResult<f64>>,
}

impl NumberMethods {
    /// No number slots.
    pub(crate) const NONE: NumberMethods = NumberMethods {
        add: None,
        sub: None,
        mul: None,
        truediv: None,
        floordiv: None,
        rem: None,
        divmod: None,
        pow: None,
        lshift: None,
        rshift: None,
        and: None,
        or: None,
        xor: None,
        neg: None,
        pos: None,
        invert: None,
        abs: None,
        index: None,
        int: None,
        float: None,
    };
}

/// The table of a Python type's behaviour (CPython's `PyTypeObject`).
///
/// The builtin types each have one, as a `static`: `type(x)` is a pointer comparison.
pub struct PyType {
    pub(crate) name: &'static str,
    /// `__base__`: for a class with several bases, the one whose layout its instances
    /// have (CPython's "best base").
    pub(crate) base: Option<&'static PyType>,
    /// For a class's table: its method resolution order after itself (C3, `__mro__`
    /// without the first entry). Empty for a builtin type, whose order is the chain of
    /// [`PyType::base`].
    pub(crate) linear: &'static [&'static PyType],
    /// For Rust types whose instances carry their own Python type (exceptions): that
    /// type.
    pub(crate) class_of: Option<fn(&Obj) -> &'static PyType>,
    pub(crate) new: Option<NewFn>,
    pub(crate) repr: Option<TextFn>,
    pub(crate) str: Option<TextFn>,
    pub(crate) hash: Option<HashSlot>,
    pub(crate) richcompare: Option<RichCompareFn>,
    pub(crate) bool: Option<fn(&Obj) -> PyResult<bool>>,
    pub(crate) len: Option<fn(&Obj) -> PyResult<usize>>,
    pub(crate) number: Option<&'static NumberMethods>,
    /// Sequence `+` (after the number slots declined).
    pub(crate) concat: Option<BinaryFn>,
    /// Sequence `*` by an int.
    pub(crate) repeat: Option<fn(&Obj, isize) -> PyResult<Obj>>,
    pub(crate) getitem: Option<BinaryFn>,
    /// `obj[key] = value`, or `del obj[key]` when the value is `None`.
    pub(crate) setitem: Option<SetItemFn>,
    pub(crate) contains: Option<fn(&Obj, &Obj) -> PyResult<bool>>,
    pub(crate) iter: Option<UnaryFn>,
    /// The next item of an iterator, or `None` when it is exhausted.
    pub(crate) next: Option<NextFn>,
    pub(crate) call: Option<MethodFn>,
    /// Data attributes (`exc.args`, `slice.start`); `None` if there is none of that name.
    pub(crate) getattr: Option<GetAttrFn>,
    /// `obj.name = value` / `del obj.name`; without it, attributes are read-only.
    pub(crate) setattr: Option<SetAttrFn>,
    /// What an object of this type is when found on a class and read through an
    /// instance or the class (a function binds, a `staticmethod` unwraps, a `property`
    /// calls its getter; see the `descriptor` module). Not inherited.
    pub(crate) descr_get: Option<DescrGetFn>,
    /// Set for data descriptors (`property`): a store to or deletion of an instance
    /// attribute of that name goes to it, and a read prefers it to the instance's own
    /// attribute. Not inherited.
    pub(crate) descr_set: Option<DescrSetFn>,
    /// For a class's table: which kinds of descriptors the class or a base holds in
    /// its namespace ([`PyType::DATA_DESCRIPTORS`], [`PyType::DESCRIPTORS`]). Always 0
    /// for a builtin type.
    pub(crate) descriptors: AtomicU8,
    /// Whether `weakref.ref(obj)` accepts its objects (CPython's `tp_weaklistoffset`
    /// is set): instances, functions, classes, sets, type objects; not list, dict, int,
    /// str or tuple. Not inherited.
    pub(crate) weakrefable: bool,
    /// Whether this is the table of a class made by a `class` statement
    /// ([`Obj::new_class`]): leaked, registered, and standing for a class object (CPython's
    /// `Py_TPFLAGS_HEAPTYPE`). Its slots dispatch to the class's dunder methods.
    pub(crate) heap_type: bool,
    pub(crate) methods: &'static [Method],
    /// The methods of [`PyType::methods`] that are class or static methods, by name
    /// (`("fromkeys", MethodKind::Class)`); the others are instance methods.
    pub(crate) method_kinds: &'static [(&'static str, MethodKind)],
    /// The data attributes the `getattr` slot gives the objects of this type that the
    /// type object shows too, as CPython's getset descriptors (`int.real` is `<attribute
    /// 'real' of 'int' objects>`).
    pub(crate) attributes: &'static [&'static str],
    /// Attributes of the type object itself beyond `__name__`, `__module__`... (called
    /// with the type object): a namedtuple class's `_fields` and `_make`, the
    /// `__module__` of a type defined by a module. Consulted first; not inherited.
    pub(crate) type_attr: Option<GetAttrFn>,
    /// CPython's `__subclasscheck__` of an abstract base class (`collections.abc`):
    /// whether the first type counts as a subclass of this one (the second) although
    /// it does not derive from it. Consulted by [`PyType::is_subtype`] when the chain
    /// of bases does not decide.
    pub(crate) subclass_check: Option<fn(&'static PyType, &PyType) -> bool>,
}

impl PyType {
    /// A type with no slots, deriving from `object`.
    // A template for `static` tables (`..PyType::BLANK`): copied, never borrowed, so its
    // atomic flag is never shared.
    #[allow(clippy::declare_interior_mutable_const)]
    pub(crate) const BLANK: PyType = PyType {
        base: Some(&OBJECT_TYPE),
        ..PyType::EMPTY
    };

    /// A type with no slots and no base (only `object` has none).
    #[allow(clippy::declare_interior_mutable_const)] // a template, as `BLANK`
    const EMPTY: PyType = PyType {
        name: "",
        base: None,
        linear: &[],
        class_of: None,
        new: None,
        repr: None,
        str: None,
        hash: None,
        richcompare: None,
        bool: None,
        len: None,
        number: None,
        concat: None,
        repeat: None,
        getitem: None,
        setitem: None,
        contains: None,
        iter: None,
        next: None,
        call: None,
        getattr: None,
        setattr: None,
        descr_get: None,
        descr_set: None,
        descriptors: AtomicU8::new(0),
        weakrefable: false,
        heap_type: false,
        methods: &[],
        method_kinds: &[],
        attributes: &[],
        type_attr: None,
        subclass_check: None,
    };

    /// The type's name (`"int"`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The base type (`None` for `object`).
    pub fn base(&self) -> Option<&'static PyType> {
        self.base
    }

    /// Whether this type is `other` or derives from it (`issubclass`).
    #[inline]
    pub fn is_subtype(&'static self, other: &PyType) -> bool {
        // The exact type first: the common answer, without walking the chain.
        std::ptr::eq(self, other) || self.is_proper_subtype(other)
    }

    /// [`PyType::is_subtype`] past the type itself.
    #[inline(never)]
    fn is_proper_subtype(&'static self, other: &PyType) -> bool {
        self.mro().any(|ty| std::ptr::eq(ty, other))
            || other.subclass_check.is_some_and(|check| check(self, other))
    }

    /// This type, then the others of its method resolution order, up to `object`.
    pub(crate) fn mro(&'static self) -> impl Iterator<Item = &'static PyType> {
        let chain = if self.linear.is_empty() {
            self.base
        } else {
            None
        };
        std::iter::once(self)
            .chain(self.linear.iter().copied())
            .chain(std::iter::successors(chain, |ty| ty.base))
    }

    /// The first slot `get` finds along the chain of bases.
    pub(crate) fn lookup<S>(
        &'static self,
        get: impl Fn(&'static PyType) -> Option<S>,
    ) -> Option<S> {
        self.mro().find_map(get)
    }

    /// The type along the chain that defines the slot `get` finds, with the slot.
    pub(crate) fn lookup_owner<S>(
        &'static self,
        get: impl Fn(&'static PyType) -> Option<S>,
    ) -> Option<(&'static PyType, S)> {
        self.mro().find_map(|ty| get(ty).map(|slot| (ty, slot)))
    }

    /// A number slot, inherited along the chain.
    pub(crate) fn number_slot<S>(
        &'static self,
        get: impl Fn(&NumberMethods) -> Option<S>,
    ) -> Option<S> {
        self.lookup(|ty| ty.number.and_then(&get))
    }

    /// A method by name, inherited along the chain.
    pub(crate) fn method(&'static self, name: &str) -> Option<&'static Method> {
        self.lookup(|ty| ty.methods.iter().find(|method| method.name == name))
    }

    /// A method by name, inherited along the chain, with the type that defines it.
    pub(crate) fn method_owner(
        &'static self,
        name: &str,
    ) -> Option<(&'static PyType, &'static Method)> {
        self.lookup_owner(|ty| ty.methods.iter().find(|method| method.name == name))
    }

    /// Whether this type's own method `name` is a class or a static method.
    pub(crate) fn method_kind(&self, name: &str) -> Option<MethodKind> {
        self.method_kinds
            .iter()
            .find(|(method, _)| *method == name)
            .map(|&(_, kind)| kind)
    }

    /// The type as a Python object (`int` in `isinstance(x, int)`): for the table of a
    /// class made by a `class` statement, that class object.
    pub fn to_object(&'static self) -> Obj {
        if self.heap_type
            && let Some(class) = super::class::class_object(self)
        {
            return class;
        }
        type_object(self)
    }

    /// Whether this is the table of a class made by a `class` statement (a heap type).
    pub fn is_heap_type(&self) -> bool {
        self.heap_type
    }

    /// A bit of [`PyType::descriptor_flags`]: a data descriptor (a `property`) is in the
    /// namespace of the class or a base, so an instance's attribute reads and writes
    /// consult the class first.
    pub(crate) const DATA_DESCRIPTORS: u8 = 1;

    /// A bit of [`PyType::descriptor_flags`]: a value with a `descr_get` slot other than
    /// a function (`staticmethod`, `classmethod`, `property`) is in the namespace of the
    /// class or a base, so a class attribute read must look at the value's type.
    pub(crate) const DESCRIPTORS: u8 = 2;

    /// A bit of [`PyType::descriptor_flags`]: the class or a base defines `__getattr__`,
    /// `__setattr__` or `__delattr__`, which the instance attribute paths consult (set
    /// with the two other bits, so that no plain path skips them).
    pub(crate) const HOOKS: u8 = 4;

    /// A bit of [`PyType::descriptor_flags`]: the instances may store only some names
    /// (`__slots__` without `__dict__`), or the chain holds `__slots__` members that no
    /// class shadows. A member reads and writes the instance's attribute of its own
    /// name, so the plain paths stay right for reads and for replacing an attribute the
    /// instance has; a new name is checked against the members on the general path.
    /// A shadowed member sets [`PyType::DATA_DESCRIPTORS`] instead.
    pub(crate) const MEMBERS: u8 = 8;

    /// Which kinds of descriptors this class or its bases hold
    /// ([`PyType::DATA_DESCRIPTORS`], [`PyType::DESCRIPTORS`]): the attribute paths test
    /// these bits instead of looking at the class. Kept by the class module (set when
    /// the class is made, recomputed when a class attribute is set or deleted).
    #[inline(always)]
    pub(crate) fn descriptor_flags(&self) -> u8 {
        self.descriptors.load(Ordering::Relaxed)
    }

    /// Whether [`PyType::DATA_DESCRIPTORS`] is set.
    #[inline(always)]
    pub(crate) fn has_data_descriptors(&self) -> bool {
        self.descriptor_flags() & PyType::DATA_DESCRIPTORS != 0
    }

    /// Whether a data descriptor or a member may decide what a store does
    /// ([`PyType::DATA_DESCRIPTORS`] or [`PyType::MEMBERS`]).
    #[inline(always)]
    pub(crate) fn has_stored_descriptors(&self) -> bool {
        self.descriptor_flags() & (PyType::DATA_DESCRIPTORS | PyType::MEMBERS) != 0
    }

    /// Sets [`PyType::descriptor_flags`].
    pub(crate) fn set_descriptor_flags(&self, flags: u8) {
        self.descriptors.store(flags, Ordering::Relaxed);
    }
}

impl std::fmt::Debug for PyType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<class '{}'>", self.name)
    }
}

/// `object`, the base of every type.
pub(crate) static OBJECT_TYPE: PyType = PyType {
    name: "object",
    base: None,
    new: Some(object_new),
    repr: Some(object_repr),
    hash: Some(HashSlot::Identity),
    richcompare: Some(object_richcompare),
    ..PyType::EMPTY
};

fn object_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.none("object")?;
    Err(PyErr::type_error(
        "object() instances are not supported; use a class",
    ))
}

/// `object.__init__` read on a type (`object.__init__`, `A.__init__` for a class that
/// defines none): a method of the `object` type object taking the instance first.
/// (CPython's is a slot wrapper, `<slot wrapper '__init__' of 'object' objects>`.)
static OBJECT_INIT_UNBOUND: Method = Method {
    name: "__init__",
    call: |_, args| match args.positional() {
        [] => Err(PyErr::type_error(
            "descriptor '__init__' of 'object' object needs an argument",
        )),
        [this, rest @ ..] => object_init(this, &Args::new(rest, args.keywords())),
    },
};

/// `object.__init__` bound to an instance (`a.__init__`, `super(A, a).__init__`).
/// (CPython's is a method-wrapper.)
static OBJECT_INIT: Method = Method {
    name: "__init__",
    call: object_init,
};

/// `object.__new__`, a method of the `object` type object, as CPython's.
static OBJECT_NEW: Method = Method {
    name: "__new__",
    call: |_, args| object_new_method(args),
};

/// The attribute `name` of `object` itself (`__init__`, `__new__`), read through
/// `instance` (`__init__` binds to it), or on a type when `instance` is `None`: where
/// a class's chain of bases ends, for `A.__init__`, `a.__init__` and
/// `super(A, a).__init__`.
pub(crate) fn object_attribute(name: &str, instance: Option<&Obj>) -> Option<Obj> {
    use super::PyBuiltinMethod;
    match (name, instance) {
        ("__init__", Some(instance)) => Some(PyBuiltinMethod::bind(instance.clone(), &OBJECT_INIT)),
        ("__init__", None) => Some(PyBuiltinMethod::bind(
            OBJECT_TYPE.to_object(),
            &OBJECT_INIT_UNBOUND,
        )),
        ("__new__", _) => Some(PyBuiltinMethod::bind(OBJECT_TYPE.to_object(), &OBJECT_NEW)),
        ("__setattr__", Some(instance)) => {
            Some(PyBuiltinMethod::bind(instance.clone(), &OBJECT_SETATTR))
        }
        ("__delattr__", Some(instance)) => {
            Some(PyBuiltinMethod::bind(instance.clone(), &OBJECT_DELATTR))
        }
        ("__getattribute__", Some(instance)) => Some(PyBuiltinMethod::bind(
            instance.clone(),
            &OBJECT_GETATTRIBUTE,
        )),
        ("__setattr__" | "__delattr__" | "__getattribute__", None) => {
            let method = match name {
                "__setattr__" => &OBJECT_SETATTR_UNBOUND,
                "__delattr__" => &OBJECT_DELATTR_UNBOUND,
                _ => &OBJECT_GETATTRIBUTE_UNBOUND,
            };
            Some(PyBuiltinMethod::bind(OBJECT_TYPE.to_object(), method))
        }
        _ => None,
    }
}

/// `object.__setattr__(self, name, value)`: the store without the class's
/// `__setattr__` (what a `__setattr__` calls to store).
static OBJECT_SETATTR: Method = Method {
    name: "__setattr__",
    call: |this, args| object_setattr(this, args.positional(), true),
};

/// `object.__delattr__(self, name)`.
static OBJECT_DELATTR: Method = Method {
    name: "__delattr__",
    call: |this, args| object_setattr(this, args.positional(), false),
};

/// `object.__getattribute__(self, name)`: the lookup without the class's
/// `__getattr__`.
static OBJECT_GETATTRIBUTE: Method = Method {
    name: "__getattribute__",
    call: |this, args| object_getattribute(this, args.positional()),
};

/// `object.__setattr__` read on `object` (or a class): the instance first.
static OBJECT_SETATTR_UNBOUND: Method = Method {
    name: "__setattr__",
    call: |_, args| match args.positional() {
        [this, rest @ ..] => object_setattr(this, rest, true),
        [] => Err(needs_an_argument("__setattr__")),
    },
};

/// `object.__delattr__` read on `object` (or a class).
static OBJECT_DELATTR_UNBOUND: Method = Method {
    name: "__delattr__",
    call: |_, args| match args.positional() {
        [this, rest @ ..] => object_setattr(this, rest, false),
        [] => Err(needs_an_argument("__delattr__")),
    },
};

/// `object.__getattribute__` read on `object` (or a class).
static OBJECT_GETATTRIBUTE_UNBOUND: Method = Method {
    name: "__getattribute__",
    call: |_, args| match args.positional() {
        [this, rest @ ..] => object_getattribute(this, rest),
        [] => Err(needs_an_argument("__getattribute__")),
    },
};

/// `TypeError: descriptor '__setattr__' of 'object' object needs an argument`.
fn needs_an_argument(name: &str) -> PyErr {
    PyErr::type_error(format!(
        "descriptor '{name}' of 'object' object needs an argument"
    ))
}

/// The attribute name among a slot wrapper's arguments: `TypeError: attribute name must
/// be string, not 'int'`.
fn attribute_name(name: &Obj) -> PyResult<&str> {
    name.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        ))
    })
}

/// `object.__setattr__(this, name, value)` (`store`) or `object.__delattr__(this,
/// name)`, with CPython's count checks (`TypeError:  expected 2 arguments, got 1`, the
/// text starting with a space as CPython's, whose function name there is empty;
/// `expected 1 argument, got 2`).
fn object_setattr(this: &Obj, args: &[Obj], store: bool) -> PyResult<Obj> {
    match (store, args.len()) {
        (true, 2) | (false, 1) => {}
        (true, given) => {
            return Err(PyErr::type_error(format!(
                " expected 2 arguments, got {given}"
            )));
        }
        (false, given) => {
            return Err(PyErr::type_error(format!(
                "expected 1 argument, got {given}"
            )));
        }
    }
    let name = attribute_name(&args[0])?;
    let value = args.get(1);
    if super::instance_class(this).is_some() {
        super::instance::generic_setattr(this, name, value)?;
    } else {
        match value {
            Some(value) => this.setattr(name, value)?,
            None => this.delattr(name)?,
        }
    }
    Ok(Obj::none())
}

/// `object.__getattribute__(this, name)`: `TypeError: expected 1 argument, got 2`.
fn object_getattribute(this: &Obj, args: &[Obj]) -> PyResult<Obj> {
    let [name] = args else {
        return Err(PyErr::type_error(format!(
            "expected 1 argument, got {}",
            args.len()
        )));
    };
    let name = attribute_name(name)?;
    if super::instance_class(this).is_some()
        && let Some(value) = super::instance::generic_getattr(this, name)?
    {
        return Ok(value);
    }
    this.getattr(name)
}

/// `object.__init__(this, *args, **kwargs)`: nothing, with CPython's checks of excess
/// arguments: `TypeError: object.__init__() takes exactly one argument (the instance to
/// initialize)` when the type overrides `__init__`, `A.__init__() takes exactly one
/// argument ...` when it overrides neither `__init__` nor `__new__`.
fn object_init(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    if !args.positional().is_empty() || !args.keywords().is_empty() {
        let ty = this.py_type();
        if overrides(ty, "__init__") {
            return Err(PyErr::type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if !overrides(ty, "__new__") {
            return Err(PyErr::type_error(format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                ty.name
            )));
        }
    }
    Ok(Obj::none())
}

/// Whether `ty` has its own `__init__` (or `__new__`) rather than `object`'s: a class
/// that defines it or derives from an exception (whose `__init__` and `__new__` are
/// `BaseException`'s); for a builtin type, the ones that have them in CPython.
fn overrides(ty: &'static PyType, dunder: &str) -> bool {
    if ty.is_subtype(&crate::exceptions::BASE_EXCEPTION) {
        return true;
    }
    if ty.heap_type {
        return super::class::class_lookup(&ty.to_object(), dunder).is_some();
    }
    match dunder {
        "__init__" => matches!(
            ty.name,
            "list"
                | "dict"
                | "set"
                | "type"
                | "property"
                | "staticmethod"
                | "classmethod"
                | "super"
        ),
        _ => !std::ptr::eq(ty, &OBJECT_TYPE),
    }
}

/// `object.__new__(cls, *args, **kwargs)`: a new instance of the class `cls`, without
/// calling `__init__`, with CPython's checks and texts.
fn object_new_method(args: &Args<'_>) -> PyResult<Obj> {
    let [cls, rest @ ..] = args.positional() else {
        return Err(PyErr::type_error("object.__new__(): not enough arguments"));
    };
    let Some(ty) = as_type(cls) else {
        return Err(PyErr::type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            cls.type_name()
        )));
    };
    // CPython's "staticbase": the first type along the chain whose `__new__` is not a
    // class's own; only `object`'s may be replaced by this one.
    let static_base = ty
        .mro()
        .find(|ty| !ty.heap_type || !super::class::class_own_attr(ty, "__new__"));
    if let Some(base) = static_base
        && (base.is_subtype(&crate::exceptions::BASE_EXCEPTION)
            || !(base.heap_type || std::ptr::eq(base, &OBJECT_TYPE)))
    {
        return Err(PyErr::type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            ty.name, base.name
        )));
    }
    if !rest.is_empty() || !args.keywords().is_empty() {
        if overrides(ty, "__new__") {
            return Err(PyErr::type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if !overrides(ty, "__init__") {
            return Err(PyErr::type_error(format!(
                "{}() takes no arguments",
                ty.name
            )));
        }
    }
    if !ty.heap_type {
        // `object.__new__(object)`: as `object()`.
        return object_new(ty, &Args::new(&[], &[]));
    }
    super::class::new_instance(cls)
}

/// `<list object at 0x7f...>`: `object.__repr__`.
pub(crate) fn object_repr(obj: &Obj) -> PyResult<String> {
    let ty = obj.py_type();
    if ty.heap_type {
        // A class's instance: `<__main__.Outer.Inner object at 0x...>`.
        let class = super::class::class_object(ty);
        let qualname = class
            .as_ref()
            .and_then(|class| class.downcast_ref::<super::PyClass>())
            .map_or(ty.name, super::PyClass::qualname);
        return Ok(format!("<__main__.{qualname} object at {:#x}>", obj.id()));
    }
    Ok(format!("<{} object at {:#x}>", obj.type_name(), obj.id()))
}

/// `object.__eq__`: identity; the other comparisons are not implemented.
fn object_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    Ok(match op {
        CompareOp::Eq if a.is(b) => Obj::from(true),
        CompareOp::Ne => {
            // `object.__ne__` inverts `__eq__` unless it is not implemented.
            let eq = a.py_type().lookup(|ty| ty.richcompare);
            match eq {
                Some(eq) => {
                    let result = eq(a, b, CompareOp::Eq)?;
                    if result.is_not_implemented() {
                        result
                    } else {
                        Obj::from(!result.is_truthy()?)
                    }
                }
                None => Obj::not_implemented(),
            }
        }
        _ => Obj::not_implemented(),
    })
}

/// A type as a Python object (`type(1)`, `int`).
pub struct PyTypeObject {
    ty: &'static PyType,
}

impl PyTypeObject {
    /// The type's table.
    pub fn table(&self) -> &'static PyType {
        self.ty
    }
}

impl Trace for PyTypeObject {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&TYPE_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `type`.
pub(crate) static TYPE_TYPE: PyType = PyType {
    name: "type",
    new: Some(type_new),
    repr: Some(type_repr),
    call: Some(type_call),
    getattr: Some(type_getattr),
    setattr: Some(type_setattr),
    weakrefable: true,
    ..PyType::BLANK
};

fn type_table(obj: &Obj) -> &'static PyType {
    as_type(obj).unwrap_or(&OBJECT_TYPE)
}

fn type_repr(obj: &Obj) -> PyResult<String> {
    if let Some(class) = obj.downcast_ref::<super::PyClass>() {
        return Ok(format!("<class '__main__.{}'>", class.qualname()));
    }
    // A module's type names its module: in its `type_attr` (`<class '__main__.Point'>`
    // for a namedtuple class), or in its dotted name (`<class 'collections.deque'>`).
    let ty = type_table(obj);
    if let Some(attr) = ty.type_attr
        && let Some(module) = attr(obj, "__module__")?
        && let Some(module) = module.as_str()
    {
        return Ok(format!("<class '{module}.{}'>", ty.name));
    }
    Ok(format!("<class '{}'>", ty.name))
}

/// A builtin type's `__module__` and `__name__`: a dotted name (`collections.deque`,
/// CPython's `tp_name` for a type of an extension module) is split at its last dot;
/// any other name is in `builtins`.
fn split_type_name(name: &'static str) -> (&'static str, &'static str) {
    name.rsplit_once('.').unwrap_or(("builtins", name))
}

fn type_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    match args.positional() {
        [obj] if args.keywords().is_empty() => Ok(obj.py_type().to_object()),
        _ => Err(PyErr::type_error("type() takes 1 or 3 arguments")),
    }
}

/// Calling a type makes an instance: `int("5")`.
fn type_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    // A builtin type's object first (`str(i)`, `int(s)`): one type check, then its own
    // `new` slot when it has one (every builtin type that makes instances does).
    let ty = match obj.downcast_ref::<PyTypeObject>() {
        Some(object) => {
            if let Some(new) = object.ty.new {
                return new(object.ty, args);
            }
            object.ty
        }
        None if obj.is_exact::<super::PyClass>() => {
            return super::class::call_class(obj, args);
        }
        None => type_table(obj),
    };
    match ty.lookup(|t| t.new) {
        Some(new) => new(ty, args),
        None => Err(PyErr::type_error(format!(
            "cannot create '{}' instances",
            ty.name
        ))),
    }
}

fn type_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    if obj.is_exact::<super::PyClass>() {
        if let Some(value) = super::class::class_getattr(obj, name)? {
            return Ok(Some(value));
        }
        // A class deriving from a builtin type: that type's methods (`Stack.append`).
        let base = super::class::builtin_base(type_table(obj));
        return Ok(builtin_type_attribute(obj, base, name));
    }
    let ty = type_table(obj);
    if std::ptr::eq(ty, &OBJECT_TYPE)
        && let Some(attribute) = object_attribute(name, None)
    {
        return Ok(Some(attribute));
    }
    if let Some(attr) = ty.type_attr
        && let Some(value) = attr(obj, name)?
    {
        return Ok(Some(value));
    }
    let (module, short_name) = split_type_name(ty.name);
    Ok(match name {
        "__name__" | "__qualname__" => Some(Obj::from(short_name)),
        "__base__" => Some(ty.base.map_or_else(Obj::none, PyType::to_object)),
        "__bases__" => Some(Obj::tuple(ty.base.map(PyType::to_object))),
        "__mro__" => Some(Obj::tuple(ty.mro().map(PyType::to_object))),
        "__module__" => Some(Obj::from(module)),
        _ => builtin_type_attribute(obj, ty, name),
    })
}

/// A method or data attribute of the builtin type `ty` (or a base) read on the type
/// object `obj` (`ty`'s own, or a class deriving from it), as CPython's type attributes
/// read on the type: an instance method is an unbound method descriptor (`str.upper`,
/// `<method 'upper' of 'str' objects>`); a class method binds to `obj`
/// (`dict.fromkeys`, `bool.from_bytes`); a static method to the type that defines it
/// (`str.maketrans`); a data attribute is a getset descriptor (`int.real`, `<attribute
/// 'real' of 'int' objects>`).
fn builtin_type_attribute(obj: &Obj, ty: &'static PyType, name: &str) -> Option<Obj> {
    use super::method::{PyGetSetDescriptor, PyMethodDescriptor};
    if let Some((owner, method)) = ty.method_owner(name) {
        return Some(match owner.method_kind(name) {
            Some(MethodKind::Class) => super::PyBuiltinMethod::bind(obj.clone(), method),
            Some(MethodKind::Static) => super::PyBuiltinMethod::bind(owner.to_object(), method),
            None => PyMethodDescriptor::new_object(owner, method),
        });
    }
    ty.mro()
        .find_map(|owner| {
            let name = owner
                .attributes
                .iter()
                .find(|attribute| **attribute == name)?;
            Some(PyGetSetDescriptor::new_object(owner, name))
        })
        .or_else(|| super::slotwrapper::slot_wrapper(ty, name, None))
}

/// `int.x = 1` / `del int.x`: `TypeError: cannot set 'x' attribute of immutable type
/// 'int'`; a class's attributes are its namespace.
fn type_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    if obj.is_exact::<super::PyClass>() {
        return super::class::class_setattr(obj, name, value);
    }
    Err(PyErr::type_error(format!(
        "cannot set '{name}' attribute of immutable type '{}'",
        type_table(obj).name
    )))
}

thread_local! {
    /// This thread's type objects, by the address of their table.
    static TYPE_OBJECTS: RefCell<Vec<(usize, NonNull<Header>)>> = const { RefCell::new(Vec::new()) };
}

/// The (immortal) type object of `ty` on this thread.
fn type_object(ty: &'static PyType) -> Obj {
    let key = std::ptr::from_ref(ty).addr();
    let cached = TYPE_OBJECTS.try_with(|objects| {
        objects
            .borrow()
            .iter()
            .find(|(address, _)| *address == key)
            .map(|&(_, header)| header)
    });
    if let Ok(Some(header)) = cached {
        return Obj::from_header(header);
    }
    let object = Obj::new_immortal(PyTypeObject { ty });
    let _ = TYPE_OBJECTS.try_with(|objects| objects.borrow_mut().push((key, object.header_ptr())));
    object
}

/// The type table a type object stands for, if `obj` is a type object (a builtin type's,
/// or a class made by a `class` statement).
pub(crate) fn as_type(obj: &Obj) -> Option<&'static PyType> {
    if let Some(class) = obj.downcast_ref::<super::PyClass>() {
        return Some(class.table());
    }
    obj.downcast_ref::<PyTypeObject>().map(|t| t.ty)
}
