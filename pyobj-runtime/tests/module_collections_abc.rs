//! `import collections.abc` against CPython 3.11: which builtin objects, collections
//! containers and instances of classes `isinstance` counts as instances of each ABC
//! (CPython's `__subclasshook__`s and registrations), `issubclass` between ABCs,
//! `register`, and the ABC objects' reprs and errors.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source,
//! run after the prelude that defines the classes (`class It: def __iter__(self): ...`),
//! generated and pinned here.

// Safe code only, in large tables: many minutes under Miri for nothing Miri could find
// there (the memory core's own tests run under it).
#![cfg(not(miri))]

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, Signature, builtins, modules};
use pyobj_support::{b, dict, f, i, none, s, tuple};

/// The ABCs, in the order of each `flags` list.
const ABCS: [&str; 15] = [
    "Iterable",
    "Iterator",
    "Generator",
    "Reversible",
    "Hashable",
    "Sized",
    "Container",
    "Callable",
    "Collection",
    "Sequence",
    "MutableSequence",
    "Set",
    "MutableSet",
    "Mapping",
    "MutableMapping",
];

/// `collections.abc.<name>`.
fn abc(name: &str) -> Obj {
    modules::import("collections.abc")
        .and_then(|module| module.getattr(name))
        .expect("collections.abc provides the name")
}

/// `collections.<name>`.
fn collection(name: &str) -> Obj {
    modules::import("collections")
        .and_then(|module| module.getattr(name))
        .expect("collections provides the name")
}

/// `[isinstance(value, abc) for abc in ABCS]`.
fn flags(value: &Obj) -> PyResult<Obj> {
    let mut out = Vec::new();
    for name in ABCS {
        out.push(Obj::from(builtins::isinstance(value, &abc(name))?));
    }
    Ok(Obj::list(out))
}

/// `issubclass(cls, classinfo)`.
fn issubclass(cls: &Obj, classinfo: &Obj) -> PyResult<Obj> {
    builtin("issubclass").call(&[cls.clone(), classinfo.clone()])
}

/// A builtin.
fn builtin(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

/// A list of ints.
fn ints<const N: usize>(values: [i64; N]) -> Obj {
    Obj::list(values.map(i))
}

static ANY: Signature = Signature::new(&[]).with_varargs();

/// The code of every method here: never called by `isinstance`.
fn pass(_: &Obj, _: &Args<'_>) -> PyResult<Obj> {
    Ok(none())
}

/// `def f(*args): pass`.
fn function() -> Obj {
    Obj::new_function("f", &ANY, pass, vec![], vec![])
}

/// A class named `name` (deriving from `base`) whose namespace defines each of
/// `methods` as a function, or as `None` for a name written `"__iter__=None"`.
fn class_with(name: &str, base: Option<&Obj>, methods: &[&str]) -> Obj {
    let namespace = methods
        .iter()
        .map(|method| match method.strip_suffix("=None") {
            Some(name) => (name, none()),
            None => (*method, function()),
        })
        .collect();
    Obj::new_class(name, base, namespace).unwrap()
}

/// `cls()`.
fn new(cls: &Obj) -> Obj {
    cls.call(&[]).unwrap()
}

/// `namedtuple('Point', 'x y')`.
fn point() -> Obj {
    collection("namedtuple")
        .call(&[s("Point"), s("x y")])
        .unwrap()
}

#[test]
fn isinstance_and_issubclass_match_cpython() {
    table! {
        // builtin values: [Iterable, Iterator, Generator, Reversible, Hashable, Sized, Container, Callable, Collection, Sequence, MutableSequence, Set, MutableSet, Mapping, MutableMapping]
        "flags([])" => flags(&ints([])) => "[True, False, False, True, False, True, True, False, True, True, True, False, False, False, False]";
        "flags(())" => flags(&tuple([])) => "[True, False, False, True, True, True, True, False, True, True, False, False, False, False, False]";
        "flags('')" => flags(&s("")) => "[True, False, False, True, True, True, True, False, True, True, False, False, False, False, False]";
        "flags(b'')" => flags(&Obj::bytes(b"")) => "[True, False, False, True, True, True, True, False, True, True, False, False, False, False, False]";
        "flags({})" => flags(&dict([])) => "[True, False, False, True, False, True, True, False, True, False, False, False, False, True, True]";
        "flags(set())" => flags(&Obj::set([]).unwrap()) => "[True, False, False, False, False, True, True, False, True, False, False, True, True, False, False]";
        "flags(range(1))" => flags(&builtin("range").call(&[i(1)]).unwrap()) => "[True, False, False, True, True, True, True, False, True, True, False, False, False, False, False]";
        "flags(1)" => flags(&i(1)) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(1.0)" => flags(&f(1.0)) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(None)" => flags(&none()) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(True)" => flags(&b(true)) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(iter([]))" => flags(&ints([]).iter().unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(iter(()))" => flags(&tuple([]).iter().unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(iter(''))" => flags(&s("").iter().unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags({}.keys())" => flags(&dict([]).call_method("keys", &[]).unwrap()) => "[True, False, False, True, False, True, True, False, True, False, False, True, False, False, False]";
        "flags({}.values())" => flags(&dict([]).call_method("values", &[]).unwrap()) => "[True, False, False, True, True, True, True, False, True, False, False, False, False, False, False]";
        "flags({}.items())" => flags(&dict([]).call_method("items", &[]).unwrap()) => "[True, False, False, True, False, True, True, False, True, False, False, True, False, False, False]";
        "flags(iter({}))" => flags(&dict([]).iter().unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(iter(range(1)))" => flags(&builtin("range").call(&[i(1)]).unwrap().iter().unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(enumerate([]))" => flags(&builtin("enumerate").call(&[ints([])]).unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(zip())" => flags(&builtin("zip").call(&[]).unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(map(len, []))" => flags(&builtin("map").call(&[builtin("len"), ints([])]).unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(filter(None, []))" => flags(&builtin("filter").call(&[none(), ints([])]).unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(reversed([]))" => flags(&builtin("reversed").call(&[ints([])]).unwrap()) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(len)" => flags(&builtin("len")) => "[False, False, False, False, True, False, False, True, False, False, False, False, False, False, False]";
        "flags(int)" => flags(&builtin("int")) => "[False, False, False, False, True, False, False, True, False, False, False, False, False, False, False]";
        "flags(f)" => flags(&function()) => "[False, False, False, False, True, False, False, True, False, False, False, False, False, False, False]";
        "flags(Plain)" => flags(&class_with("Plain", None, &[])) => "[False, False, False, False, True, False, False, True, False, False, False, False, False, False, False]";
        "flags(deque())" => flags(&collection("deque").call(&[]).unwrap()) => "[True, False, False, True, False, True, True, False, True, True, True, False, False, False, False]";
        "flags(defaultdict())" => flags(&collection("defaultdict").call(&[]).unwrap()) => "[True, False, False, True, False, True, True, False, True, False, False, False, False, True, True]";
        "flags(OrderedDict())" => flags(&collection("OrderedDict").call(&[]).unwrap()) => "[True, False, False, True, False, True, True, False, True, False, False, False, False, True, True]";
        "flags(Counter())" => flags(&collection("Counter").call(&[]).unwrap()) => "[True, False, False, True, False, True, True, False, True, False, False, False, False, True, True]";
        "flags(Point(1, 2))" => flags(&point().call(&[i(1), i(2)]).unwrap()) => "[True, False, False, True, True, True, True, False, True, True, False, False, False, False, False]";
        // instances of classes, by the methods they define
        "flags(Plain())" => flags(&new(&class_with("Plain", None, &[]))) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(It())" => flags(&new(&class_with("It", None, &["__iter__"]))) => "[True, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(ItNext())" => flags(&new(&class_with("ItNext", None, &["__iter__", "__next__"]))) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(OnlyNext())" => flags(&new(&class_with("OnlyNext", None, &["__next__"]))) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(Len())" => flags(&new(&class_with("Len", None, &["__len__"]))) => "[False, False, False, False, True, True, False, False, False, False, False, False, False, False, False]";
        "flags(Cont())" => flags(&new(&class_with("Cont", None, &["__contains__"]))) => "[False, False, False, False, True, False, True, False, False, False, False, False, False, False, False]";
        "flags(Call())" => flags(&new(&class_with("Call", None, &["__call__"]))) => "[False, False, False, False, True, False, False, True, False, False, False, False, False, False, False]";
        "flags(EqOnly())" => flags(&new(&class_with("EqOnly", None, &["__eq__"]))) => "[False, False, False, False, False, False, False, False, False, False, False, False, False, False, False]";
        "flags(EqHash())" => flags(&new(&class_with("EqHash", None, &["__eq__", "__hash__"]))) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(Coll())" => flags(&new(&class_with("Coll", None, &["__len__", "__iter__", "__contains__"]))) => "[True, False, False, False, True, True, True, False, True, False, False, False, False, False, False]";
        "flags(Rev())" => flags(&new(&class_with("Rev", None, &["__reversed__", "__iter__"]))) => "[True, False, False, True, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(Gen())" => flags(&new(&class_with("Gen", None, &["__iter__", "__next__", "send", "throw", "close"]))) => "[True, True, True, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(NoIter())" => flags(&new(&class_with("NoIter", None, &["__iter__=None", "__next__"]))) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(Sub())" => flags(&new(&class_with("Sub", Some(&class_with("ItNext", None, &["__iter__", "__next__"])), &[]))) => "[True, True, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        "flags(SubNone())" => flags(&new(&class_with("SubNone", Some(&class_with("ItNext", None, &["__iter__", "__next__"])), &["__iter__=None"]))) => "[False, False, False, False, True, False, False, False, False, False, False, False, False, False, False]";
        // issubclass, the ABC objects, register
        "issubclass(list, A.Sequence)" => issubclass(&builtin("list"), &abc("Sequence")) => "True";
        "issubclass(list, A.Mapping)" => issubclass(&builtin("list"), &abc("Mapping")) => "False";
        "issubclass(dict, A.MutableMapping)" => issubclass(&builtin("dict"), &abc("MutableMapping")) => "True";
        "issubclass(str, A.MutableSequence)" => issubclass(&builtin("str"), &abc("MutableSequence")) => "False";
        "issubclass(int, A.Hashable)" => issubclass(&builtin("int"), &abc("Hashable")) => "True";
        "issubclass(list, A.Hashable)" => issubclass(&builtin("list"), &abc("Hashable")) => "False";
        "issubclass(A.Sequence, A.Iterable)" => issubclass(&abc("Sequence"), &abc("Iterable")) => "True";
        "issubclass(A.MutableSequence, A.Container)" => issubclass(&abc("MutableSequence"), &abc("Container")) => "True";
        "issubclass(A.Iterable, A.Sequence)" => issubclass(&abc("Iterable"), &abc("Sequence")) => "False";
        "issubclass(A.Iterator, A.Iterable)" => issubclass(&abc("Iterator"), &abc("Iterable")) => "True";
        "issubclass(ItNext, A.Iterator)" => issubclass(&class_with("ItNext", None, &["__iter__", "__next__"]), &abc("Iterator")) => "True";
        "issubclass(5, A.Iterable)" => issubclass(&i(5), &abc("Iterable")) => "!! TypeError: issubclass() arg 1 must be a class";
        "isinstance([], (A.Mapping, A.Sequence))" => builtins::isinstance(&ints([]), &tuple([abc("Mapping"), abc("Sequence")])).map(Obj::from) => "True";
        "isinstance(A.Iterable, A.Callable)" => builtins::isinstance(&abc("Iterable"), &abc("Callable")).map(Obj::from) => "True";
        "A.Iterable" => Ok(abc("Iterable")) => "<class 'collections.abc.Iterable'>";
        "A.MutableMapping" => Ok(abc("MutableMapping")) => "<class 'collections.abc.MutableMapping'>";
        "A.Sized.__name__" => abc("Sized").getattr("__name__") => "'Sized'";
        "A.Sized.__module__" => abc("Sized").getattr("__module__") => "'collections.abc'";
        "A.Iterable()" => abc("Iterable").call(&[]) => "!! TypeError: Can't instantiate abstract class Iterable with abstract method __iter__";
        "A.Generator()" => abc("Generator").call(&[]) => "!! TypeError: Can't instantiate abstract class Generator with abstract methods send, throw";
        "A.MutableSequence()" => abc("MutableSequence").call(&[]) => "!! TypeError: Can't instantiate abstract class MutableSequence with abstract methods __delitem__, __getitem__, __len__, __setitem__, insert";
        "A.Mapping()" => abc("Mapping").call(&[]) => "!! TypeError: Can't instantiate abstract class Mapping with abstract methods __getitem__, __iter__, __len__";
        "class C: pass ;; A.Sequence.register(C) ;; (isinstance(C(), A.Sequence), isinstance(C(), A.Iterable), issubclass(C, A.MutableSequence))" => { let c = class_with("C", None, &[]); abc("Sequence").call_method("register", std::slice::from_ref(&c)).unwrap(); let x = new(&c); Ok(tuple([Obj::from(builtins::isinstance(&x, &abc("Sequence")).unwrap()), Obj::from(builtins::isinstance(&x, &abc("Iterable")).unwrap()), issubclass(&c, &abc("MutableSequence")).unwrap()])) } => "(True, True, False)";
        "class C: pass ;; A.Iterable.register(C) is C" => { let c = class_with("C", None, &[]); Ok(Obj::from(abc("Iterable").call_method("register", std::slice::from_ref(&c)).unwrap().is(&c))) } => "True";
        "A.Iterable.register(5)" => abc("Iterable").call_method("register", &[i(5)]) => "!! TypeError: Can only register classes";
    }
}
