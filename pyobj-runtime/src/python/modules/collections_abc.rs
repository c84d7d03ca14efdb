//! `import collections.abc`: the abstract base classes of containers, as type objects
//! that `isinstance` and `issubclass` understand as CPython's do.
//!
//! `Iterable`, `Iterator`, `Generator`, `Reversible`, `Hashable`, `Sized`, `Container`,
//! `Callable`, `Collection`, `Sequence`, `MutableSequence`, `Set`, `MutableSet`,
//! `Mapping`, `MutableMapping`. Each is a type (`<class 'collections.abc.Iterable'>`)
//! whose [`subclass_check`](crate::pyobject::PyType) decides, for a type that does not
//! derive from it, what CPython's `ABCMeta.__subclasscheck__` decides:
//!
//! - the ABC's `__subclasshook__`, for the ABCs that have one: the type (or a base)
//!   defines every method the ABC names (`__iter__` for `Iterable`; `__iter__` and
//!   `__next__` for `Iterator`; `__hash__`, `__len__`, `__contains__`, `__call__`,
//!   `__reversed__`...), and none of them is set to `None` first (a class that defines
//!   `__eq__` without `__hash__` is not `Hashable`). A builtin type defines a method when
//!   its table has the slot (`iter`, `next`, `len`, ...);
//! - the registrations CPython makes: `list`, `deque` are `MutableSequence`s; `tuple`,
//!   `str`, `bytes`, `range` (and namedtuple classes) `Sequence`s; `dict` (and its
//!   subclasses) a `MutableMapping`; `set` a `MutableSet`; `frozenset` and the dict
//!   views of keys and items `Set`s, the view of values a `Collection`; and the
//!   classes given to `ABC.register(cls)`;
//! - the same, recursively, for the ABCs deriving from it (a `Sequence` is `Iterable`,
//!   `Sized`, `Container`, `Reversible`, `Collection`).
//!
//! ```
//! use pyobj::{Obj, builtins, modules};
//!
//! let abc = modules::import("collections.abc").unwrap();
//! let iterable = abc.getattr("Iterable").unwrap();
//! assert_eq!(iterable.repr().unwrap(), "<class 'collections.abc.Iterable'>");
//! assert!(builtins::isinstance(&Obj::list([]), &iterable).unwrap());
//! assert!(!builtins::isinstance(&Obj::from(1), &iterable).unwrap());
//! ```
//!
//! The ABCs cannot be derived from (a class's base must be a class or `object`), and
//! their mixin methods are not provided. `Hashable` follows the hash slots, except that
//! the views of a dict's keys and items are not `Hashable`, as in CPython (this runtime
//! hashes them by identity).

use std::cell::RefCell;

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::types::{BYTES_TYPE, DICT_TYPE, LIST_TYPE, SET_TYPE, STR_TYPE, TUPLE_TYPE};
use crate::pyobject::{HashSlot, Method, Obj, PyBuiltinMethod, PyClass, PyModule, PyType};

/// Makes the `collections.abc` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "collections.abc",
        ABCS.iter()
            .map(|abc| (short_name(abc.table), abc.table.to_object())),
    )
}

/// `Iterable` for `collections.abc.Iterable`.
fn short_name(table: &'static PyType) -> &'static str {
    let name = table.name();
    name.rsplit_once('.').map_or(name, |(_, short)| short)
}

/// An abstract base class: its table, the ABCs it derives from, the methods its
/// `__subclasshook__` looks for (none if it has no hook), and its abstract methods.
struct Abc {
    table: &'static PyType,
    bases: &'static [&'static PyType],
    hook: &'static [&'static str],
    abstract_methods: &'static [&'static str],
}

/// The table of the ABC `collections.abc.<name>`.
const fn abc_type(name: &'static str, base: Option<&'static PyType>) -> PyType {
    PyType {
        name,
        base,
        new: Some(abc_new),
        subclass_check: Some(subclass_check),
        type_attr: Some(abc_attr),
        ..PyType::BLANK
    }
}

static ITERABLE: PyType = abc_type("collections.abc.Iterable", None);
static ITERATOR: PyType = abc_type("collections.abc.Iterator", Some(&ITERABLE));
static GENERATOR: PyType = abc_type("collections.abc.Generator", Some(&ITERATOR));
static REVERSIBLE: PyType = abc_type("collections.abc.Reversible", Some(&ITERABLE));
static HASHABLE: PyType = abc_type("collections.abc.Hashable", None);
static SIZED: PyType = abc_type("collections.abc.Sized", None);
static CONTAINER: PyType = abc_type("collections.abc.Container", None);
static CALLABLE: PyType = abc_type("collections.abc.Callable", None);
static COLLECTION: PyType = abc_type("collections.abc.Collection", Some(&SIZED));
static SEQUENCE: PyType = abc_type("collections.abc.Sequence", Some(&REVERSIBLE));
static MUTABLE_SEQUENCE: PyType = abc_type("collections.abc.MutableSequence", Some(&SEQUENCE));
static SET: PyType = abc_type("collections.abc.Set", Some(&COLLECTION));
static MUTABLE_SET: PyType = abc_type("collections.abc.MutableSet", Some(&SET));
static MAPPING: PyType = abc_type("collections.abc.Mapping", Some(&COLLECTION));
static MUTABLE_MAPPING: PyType = abc_type("collections.abc.MutableMapping", Some(&MAPPING));

/// Every ABC, in the order of `collections.abc`'s names.
static ABCS: [Abc; 15] = [
    Abc {
        table: &CALLABLE,
        bases: &[],
        hook: &["__call__"],
        abstract_methods: &["__call__"],
    },
    Abc {
        table: &COLLECTION,
        bases: &[&SIZED, &ITERABLE, &CONTAINER],
        hook: &["__len__", "__iter__", "__contains__"],
        abstract_methods: &["__contains__", "__iter__", "__len__"],
    },
    Abc {
        table: &CONTAINER,
        bases: &[],
        hook: &["__contains__"],
        abstract_methods: &["__contains__"],
    },
    Abc {
        table: &GENERATOR,
        bases: &[&ITERATOR],
        hook: &["__iter__", "__next__", "send", "throw", "close"],
        abstract_methods: &["send", "throw"],
    },
    Abc {
        table: &HASHABLE,
        bases: &[],
        hook: &["__hash__"],
        abstract_methods: &["__hash__"],
    },
    Abc {
        table: &ITERABLE,
        bases: &[],
        hook: &["__iter__"],
        abstract_methods: &["__iter__"],
    },
    Abc {
        table: &ITERATOR,
        bases: &[&ITERABLE],
        hook: &["__iter__", "__next__"],
        abstract_methods: &["__next__"],
    },
    Abc {
        table: &MAPPING,
        bases: &[&COLLECTION],
        hook: &[],
        abstract_methods: &["__getitem__", "__iter__", "__len__"],
    },
    Abc {
        table: &MUTABLE_MAPPING,
        bases: &[&MAPPING],
        hook: &[],
        abstract_methods: &[
            "__delitem__",
            "__getitem__",
            "__iter__",
            "__len__",
            "__setitem__",
        ],
    },
    Abc {
        table: &MUTABLE_SEQUENCE,
        bases: &[&SEQUENCE],
        hook: &[],
        abstract_methods: &[
            "__delitem__",
            "__getitem__",
            "__len__",
            "__setitem__",
            "insert",
        ],
    },
    Abc {
        table: &MUTABLE_SET,
        bases: &[&SET],
        hook: &[],
        abstract_methods: &["__contains__", "__iter__", "__len__", "add", "discard"],
    },
    Abc {
        table: &REVERSIBLE,
        bases: &[&ITERABLE],
        hook: &["__reversed__", "__iter__"],
        abstract_methods: &["__iter__", "__reversed__"],
    },
    Abc {
        table: &SEQUENCE,
        bases: &[&REVERSIBLE, &COLLECTION],
        hook: &[],
        abstract_methods: &["__getitem__", "__len__"],
    },
    Abc {
        table: &SET,
        bases: &[&COLLECTION],
        hook: &[],
        abstract_methods: &["__contains__", "__iter__", "__len__"],
    },
    Abc {
        table: &SIZED,
        bases: &[],
        hook: &["__len__"],
        abstract_methods: &["__len__"],
    },
];

/// The ABC whose table is `table`.
fn abc_of(table: &PyType) -> Option<&'static Abc> {
    ABCS.iter().find(|abc| std::ptr::eq(abc.table, table))
}

/// Whether the ABC `derived` is `ancestor` or derives from it.
fn abc_derives(derived: &'static Abc, ancestor: &PyType) -> bool {
    std::ptr::eq(derived.table, ancestor)
        || derived
            .bases
            .iter()
            .filter_map(|base| abc_of(base))
            .any(|base| abc_derives(base, ancestor))
}

thread_local! {
    /// `ABC.register(cls)` calls of this thread: (the ABC's table, the class's table).
    static REGISTERED: RefCell<Vec<(usize, &'static PyType)>> = const { RefCell::new(Vec::new()) };
}

/// The builtin types CPython registers with an ABC: by table for the types reachable
/// here, by name for the others.
fn registered_builtin(abc: &'static PyType, ty: &'static PyType) -> bool {
    let named = |names: &[&str]| !ty.is_heap_type() && names.contains(&ty.name());
    let derives = |types: &[&'static PyType]| types.iter().any(|base| ty.is_subtype(base));
    if std::ptr::eq(abc, &SEQUENCE) {
        return derives(&[
            &TUPLE_TYPE,
            &STR_TYPE,
            &BYTES_TYPE,
            &crate::pyobject::RANGE_TYPE,
        ]) || named(&["memoryview"]);
    }
    if std::ptr::eq(abc, &MUTABLE_SEQUENCE) {
        return derives(&[&LIST_TYPE]) || named(&["bytearray", "collections.deque"]);
    }
    if std::ptr::eq(abc, &MUTABLE_MAPPING) {
        return derives(&[&DICT_TYPE]);
    }
    if std::ptr::eq(abc, &MUTABLE_SET) {
        return derives(&[&SET_TYPE]);
    }
    if std::ptr::eq(abc, &SET) {
        return named(&["frozenset", "dict_keys", "dict_items"]);
    }
    if std::ptr::eq(abc, &COLLECTION) {
        // `ValuesView`, a `Collection`.
        return named(&["dict_values"]);
    }
    false
}

/// Whether `ty` was given to `abc.register` (or derives from a class that was).
fn registered_by_user(abc: &'static PyType, ty: &'static PyType) -> bool {
    let key = std::ptr::from_ref(abc).addr();
    REGISTERED
        .try_with(|registered| {
            registered.borrow().iter().any(|&(owner, class)| {
                owner == key && ty.mro().any(|base| std::ptr::eq(base, class))
            })
        })
        .unwrap_or(false)
}

/// What a type's chain of bases says of a method (CPython's `_check_methods`).
enum Found {
    /// Defined.
    Yes,
    /// Set to `None` (`__hash__ = None`): the hook does not apply.
    Blocked,
    /// Not defined here.
    No,
}

/// Whether the builtin table `ty` itself (not a base) defines the method `name`.
fn builtin_defines(ty: &'static PyType, name: &str) -> Found {
    let yes = |present: bool| if present { Found::Yes } else { Found::No };
    match name {
        // CPython's dict views of keys and items are unhashable (this runtime's
        // hash by identity): `Hashable` answers as CPython's.
        "__hash__" if ["dict_keys", "dict_items"].contains(&ty.name()) => Found::Blocked,
        "__hash__" => match ty.hash {
            Some(HashSlot::Unhashable) => Found::Blocked,
            Some(_) => Found::Yes,
            None => Found::No,
        },
        "__iter__" => yes(ty.iter.is_some()),
        "__next__" => yes(ty.next.is_some()),
        "__len__" => yes(ty.len.is_some()),
        "__contains__" => yes(ty.contains.is_some()),
        "__call__" => yes(ty.call.is_some()),
        // The builtin types with a `__reversed__` (CPython 3.11).
        "__reversed__" => yes([&LIST_TYPE, &DICT_TYPE, &crate::pyobject::RANGE_TYPE]
            .iter()
            .any(|known| std::ptr::eq(*known, ty))
            || [
                "collections.deque",
                "collections.OrderedDict",
                "dict_keys",
                "dict_values",
                "dict_items",
            ]
            .contains(&ty.name())),
        _ => yes(ty.methods.iter().any(|method: &Method| method.name == name)),
    }
}

/// Whether the class table `ty`'s own namespace defines `name`.
fn class_defines(ty: &'static PyType, name: &str) -> Found {
    let class = ty.to_object();
    match class
        .downcast_ref::<PyClass>()
        .and_then(|c| c.own_attr(name))
    {
        Some(value) if value.is_none() => Found::Blocked,
        Some(_) => Found::Yes,
        None => Found::No,
    }
}

/// Whether `ty` (or a base) defines each of `methods`, none being `None` first.
fn defines_all(ty: &'static PyType, methods: &[&str]) -> bool {
    methods.iter().all(|name| {
        for owner in ty.mro() {
            let found = if owner.is_heap_type() {
                class_defines(owner, name)
            } else {
                builtin_defines(owner, name)
            };
            match found {
                Found::Yes => return true,
                Found::Blocked => return false,
                Found::No => {}
            }
        }
        false
    })
}

/// The `subclass_check` of every ABC: whether `ty` counts as a subclass of `abc`.
fn subclass_check(ty: &'static PyType, abc: &PyType) -> bool {
    // An ABC is a subclass of the ABCs it derives from.
    if let Some(own) = abc_of(ty) {
        return abc_derives(own, abc);
    }
    // The ABC, then every ABC deriving from it.
    ABCS.iter()
        .filter(|candidate| abc_derives(candidate, abc))
        .any(|candidate| {
            (!candidate.hook.is_empty() && defines_all(ty, candidate.hook))
                || registered_builtin(candidate.table, ty)
                || registered_by_user(candidate.table, ty)
        })
}

/// `Iterable()`: `TypeError: Can't instantiate abstract class Iterable with abstract
/// method __iter__`.
fn abc_new(ty: &'static PyType, _: &crate::pyobject::Args<'_>) -> PyResult<Obj> {
    let methods = abc_of(ty).map_or(&[][..], |abc| abc.abstract_methods);
    let plural = if methods.len() == 1 { "" } else { "s" };
    Err(PyErr::type_error(format!(
        "Can't instantiate abstract class {} with abstract method{plural} {}",
        short_name(ty),
        methods.join(", ")
    )))
}

/// `ABC.register(cls)`: `cls` counts as a subclass of the ABC from now on (on this
/// thread); returns `cls`.
static REGISTER: Method = Method {
    name: "register",
    call: |abc, args| {
        let class = args.one("register")?;
        let (Some(abc_table), Some(class_table)) = (abc.as_type(), class.as_type()) else {
            return Err(PyErr::type_error("Can only register classes"));
        };
        let key = std::ptr::from_ref(abc_table).addr();
        let _ = REGISTERED.try_with(|registered| registered.borrow_mut().push((key, class_table)));
        Ok(class.clone())
    },
};

/// `Iterable.register`.
fn abc_attr(cls: &Obj, name: &str) -> PyResult<Option<Obj>> {
    Ok(match name {
        "register" => Some(PyBuiltinMethod::bind(cls.clone(), &REGISTER)),
        _ => None,
    })
}
