//! `import dataclasses` against CPython 3.11: `@dataclass` with its options (the
//! generated `__init__`, `__repr__`, `__eq__`, ordering and hash methods, frozen
//! instances), `field()`, the errors raised when the class is made, and the helpers
//! (`fields`, `asdict`, `astuple`, `replace`, `is_dataclass`).
//!
//! The classes are made as a `class` statement makes them (a namespace with the
//! `__annotations__` dict `pyblock!` records, annotation texts as values), then given
//! to `dataclass`. The Python side runs the same definitions under
//! `from __future__ import annotations` (annotations as texts, as here); each row's
//! expected text is what CPython 3.11.7 printed, generated and pinned.

mod pyobj_support;

use pyobj_runtime::{Args, CompareOp, Obj, PyFunction, PyResult, Signature, builtins, modules};
use pyobj_support::{after, i, list, none, s, tuple};

/// `dataclasses.<name>`.
fn dc(name: &str) -> Obj {
    modules::import("dataclasses")
        .and_then(|module| module.getattr(name))
        .expect("dataclasses provides the name")
}

/// `f(*args, **keywords)`.
fn kw(f: &Obj, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    f.call_with(&Args::new(args, keywords))
}

static ANY: Signature = Signature::new(&[]).with_varargs();

fn pass(_: &Obj, _: &Args<'_>) -> PyResult<Obj> {
    Ok(none())
}

/// A function that is never called.
fn function() -> Obj {
    Obj::new_function("f", &ANY, pass, vec![], vec![])
}

/// `@dataclass(**options) class name(base): <annotations> <attrs>`.
fn make(
    name: &str,
    base: Option<&Obj>,
    annotations: &[(&str, &str)],
    attrs: Vec<(&str, Obj)>,
    options: &[(&str, bool)],
) -> PyResult<Obj> {
    let mut namespace = Vec::new();
    if !annotations.is_empty() {
        let annotations = Obj::dict_from(annotations.iter().map(|(key, text)| (s(key), s(text))))?;
        namespace.push(("__annotations__", annotations));
    }
    namespace.extend(attrs);
    let cls = Obj::new_class(name, base, namespace)?;
    let decorator = if options.is_empty() {
        dc("dataclass")
    } else {
        let options: Vec<(&str, Obj)> = options
            .iter()
            .map(|(key, value)| (*key, Obj::from(*value)))
            .collect();
        kw(&dc("dataclass"), &[], &options)?
    };
    decorator.call(&[cls])
}

/// `field(**keywords)`.
fn field(keywords: &[(&str, Obj)]) -> Obj {
    kw(&dc("field"), &[], keywords).unwrap()
}

static SELF: Signature = Signature::new(&["self"]);

/// `def __post_init__(self): self.c = self.a * 2`
fn post_init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [this] = PyFunction::of(f)?.bind_array(args)?;
    this.setattr("c", &this.getattr("a")?.mul(&i(2))?)?;
    Ok(none())
}

/// `def __repr__(self): return 'own'`
fn own_repr(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [_] = PyFunction::of(f)?.bind_array(args)?;
    Ok(s("own"))
}

/// Declares a function returning this thread's class, made once by `$make`.
macro_rules! classes {
    ($($name:ident = $make:expr;)*) => {
        $(
            fn $name() -> Obj {
                thread_local! {
                    static CLASS: Obj = $make.unwrap();
                }
                CLASS.with(Obj::clone)
            }
        )*
    };
}

classes! {
    p_class = make("P", None, &[("x", "int"), ("y", "int")], vec![("y", i(0))], &[]);
    f_class = make(
        "F",
        None,
        &[("x", "int"), ("y", "list")],
        vec![("y", field(&[("default_factory", builtins::get("list").unwrap())]))],
        &[("frozen", true), ("order", true)],
    );
    post_class = make(
        "Post",
        None,
        &[("a", "int"), ("b", "int"), ("c", "int")],
        vec![
            ("b", field(&[("init", Obj::from(false)), ("default", i(0))])),
            ("c", field(&[("init", Obj::from(false))])),
            ("__post_init__", Obj::new_function("Post.__post_init__", &SELF, post_init, vec![], vec![])),
        ],
        &[],
    );
    nr_class = make("NR", None, &[("x", "int")], vec![], &[("repr", false), ("eq", false)]);
    r_class = make(
        "R",
        None,
        &[("x", "int"), ("y", "int")],
        vec![("y", field(&[("repr", Obj::from(false)), ("compare", Obj::from(false))]))],
        &[],
    );
    u_class = make("U", None, &[("x", "int")], vec![], &[("unsafe_hash", true)]);
    base_class = make("Base", None, &[("x", "int"), ("y", "int")], vec![("y", i(1))], &[]);
    der_class = make("Der", Some(&base_class()), &[("z", "int")], vec![("z", i(2))], &[]);
    own_class = make(
        "Own",
        None,
        &[("x", "int")],
        vec![("__repr__", Obj::new_function("Own.__repr__", &SELF, own_repr, vec![], vec![]))],
        &[],
    );
    cv_class = make("CV", None, &[("x", "int"), ("y", "ClassVar[int]")], vec![("y", i(5))], &[]);
    rec_class = make("Rec", None, &[("x", "object")], vec![("x", none())], &[]);
    e_class = make("E", None, &[], vec![], &[]);
    noeq_class = make("NoEq", None, &[("x", "int")], vec![], &[("eq", false)]);
}

#[test]
fn dataclasses_match_cpython() {
    table! {
        // generated methods
        "P(1)" => p_class().call(&[i(1)]) => "P(x=1, y=0)";
        "P(1, 2)" => p_class().call(&[i(1), i(2)]) => "P(x=1, y=2)";
        "P(x=1, y=2)" => kw(&p_class(), &[], &[("x", i(1)), ("y", i(2))]) => "P(x=1, y=2)";
        "P()" => p_class().call(&[]) => "!! TypeError: P.__init__() missing 1 required positional argument: 'x'";
        "P(1, 2, 3)" => p_class().call(&[i(1), i(2), i(3)]) => "!! TypeError: P.__init__() takes from 2 to 3 positional arguments but 4 were given";
        "P(1, x=2)" => kw(&p_class(), &[i(1)], &[("x", i(2))]) => "!! TypeError: P.__init__() got multiple values for argument 'x'";
        "P(1, z=2)" => kw(&p_class(), &[i(1)], &[("z", i(2))]) => "!! TypeError: P.__init__() got an unexpected keyword argument 'z'";
        "P(1, 2) == P(1, 2)" => p_class().call(&[i(1), i(2)]).unwrap().rich_compare(&p_class().call(&[i(1), i(2)]).unwrap(), CompareOp::Eq) => "True";
        "P(1, 2) != P(1, 3)" => p_class().call(&[i(1), i(2)]).unwrap().rich_compare(&p_class().call(&[i(1), i(3)]).unwrap(), CompareOp::Ne) => "True";
        "P(1) == (1, 0)" => p_class().call(&[i(1)]).unwrap().rich_compare(&tuple([i(1), i(0)]), CompareOp::Eq) => "False";
        "hash(P(1))" => p_class().call(&[i(1)]).unwrap().hash().map(Obj::from) => "!! TypeError: unhashable type: 'P'";
        "P(1) < P(2)" => p_class().call(&[i(1)]).unwrap().rich_compare(&p_class().call(&[i(2)]).unwrap(), CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'P' and 'P'";
        "repr(P.__init__)[:21]" => p_class().getattr("__init__").and_then(|f| Ok(s(&f.repr()?[..21]))) => "'<function P.__init__ '";
        "P.__init__.__defaults__" => p_class().getattr("__init__").and_then(|f| f.getattr("__defaults__")) => "(0,)";
        "P.__match_args__" => p_class().getattr("__match_args__") => "('x', 'y')";
        "P.__doc__" => p_class().getattr("__doc__") => "\"P(x: 'int', y: 'int' = 0)\"";
        "F.__doc__" => f_class().getattr("__doc__") => "\"F(x: 'int', y: 'list' = <factory>)\"";
        "Post.__doc__" => post_class().getattr("__doc__") => "\"Post(a: 'int')\"";
        "E.__doc__" => e_class().getattr("__doc__") => "'E()'";
        "P.__dataclass_params__" => p_class().getattr("__dataclass_params__") => "_DataclassParams(init=True,repr=True,eq=True,order=False,unsafe_hash=False,frozen=False)";
        "P.y" => p_class().getattr("y") => "0";
        "P.x" => p_class().getattr("x") => "!! AttributeError: type object 'P' has no attribute 'x'";
        "[f.name for f in fields(P)]" => dc("fields").call(&[p_class()]).and_then(|fs| Ok(Obj::list(fs.to_vec()?.iter().map(|f| f.getattr("name").unwrap())))) => "['x', 'y']";
        "[f.default for f in fields(P)][1]" => dc("fields").call(&[p_class()]).and_then(|fs| fs.get_item(&i(1))?.getattr("default")) => "0";
        "fields(P)[0].type" => dc("fields").call(&[p_class()]).and_then(|fs| fs.get_item(&i(0))?.getattr("type")) => "'int'";
        // frozen and order
        "F(1)" => f_class().call(&[i(1)]) => "F(x=1, y=[])";
        "f = F(1) ;; f.x = 2" => f_class().call(&[i(1)]).unwrap().setattr("x", &i(2)).map(|()| none()) => "!! dataclasses.FrozenInstanceError: cannot assign to field 'x'";
        "f = F(1) ;; del f.x" => f_class().call(&[i(1)]).unwrap().delattr("x").map(|()| none()) => "!! dataclasses.FrozenInstanceError: cannot delete field 'x'";
        "f = F(1) ;; f.x" => f_class().call(&[i(1)]).unwrap().getattr("x") => "1";
        "F(1).y is F(1).y" => Ok(Obj::from(f_class().call(&[i(1)]).unwrap().getattr("y").unwrap().is(&f_class().call(&[i(1)]).unwrap().getattr("y").unwrap()))) => "False";
        "F(1, (1,)).__hash__() == hash((1, (1,)))" => Ok(Obj::from(f_class().call(&[i(1), tuple([i(1)])]).unwrap().call_method("__hash__", &[]).unwrap().eq(&Obj::from(tuple([i(1), tuple([i(1)])]).hash().unwrap())).unwrap())) => "True";
        "hash(F(1, (1,))) == hash(F(1, (1,)))" => Ok(Obj::from(f_class().call(&[i(1), tuple([i(1)])]).unwrap().hash().unwrap() == f_class().call(&[i(1), tuple([i(1)])]).unwrap().hash().unwrap())) => "True";
        "F(1) < F(2)" => f_class().call(&[i(1)]).unwrap().rich_compare(&f_class().call(&[i(2)]).unwrap(), CompareOp::Lt) => "True";
        "F(2, [1]) >= F(2, [0])" => f_class().call(&[i(2), list([i(1)])]).unwrap().rich_compare(&f_class().call(&[i(2), list([i(0)])]).unwrap(), CompareOp::Ge) => "True";
        "F(1) < 1" => f_class().call(&[i(1)]).unwrap().rich_compare(&i(1), CompareOp::Lt) => "!! TypeError: '<' not supported between instances of 'F' and 'int'";
        "F.x" => f_class().getattr("x") => "!! AttributeError: type object 'F' has no attribute 'x'";
        "F.y" => f_class().getattr("y") => "!! AttributeError: type object 'F' has no attribute 'y'";
        "F.__init__.__defaults__" => f_class().getattr("__init__").and_then(|f| f.getattr("__defaults__")) => "(<factory>,)";
        "isinstance(FrozenInstanceError(), AttributeError)" => builtins::isinstance(&dc("FrozenInstanceError").call(&[]).unwrap(), &builtins::get("AttributeError").unwrap()).map(Obj::from) => "True";
        "FrozenInstanceError" => Ok(dc("FrozenInstanceError")) => "<class 'dataclasses.FrozenInstanceError'>";
        // options and field()
        "Post(3)" => post_class().call(&[i(3)]) => "Post(a=3, b=0, c=6)";
        "Post(3, 4)" => post_class().call(&[i(3), i(4)]) => "!! TypeError: Post.__init__() takes 2 positional arguments but 3 were given";
        "repr(NR(1)).startswith('<__main__.NR object at 0x')" => Ok(Obj::from(nr_class().call(&[i(1)]).unwrap().repr().unwrap().starts_with("<__main__.NR object at 0x"))) => "True";
        "NR(1) == NR(1)" => nr_class().call(&[i(1)]).unwrap().rich_compare(&nr_class().call(&[i(1)]).unwrap(), CompareOp::Eq) => "False";
        "R(1, 2)" => r_class().call(&[i(1), i(2)]) => "R(x=1)";
        "R(1, 2) == R(1, 3)" => r_class().call(&[i(1), i(2)]).unwrap().rich_compare(&r_class().call(&[i(1), i(3)]).unwrap(), CompareOp::Eq) => "True";
        "U(1).__hash__() == hash((1,))" => Ok(Obj::from(u_class().call(&[i(1)]).unwrap().call_method("__hash__", &[]).unwrap().eq(&Obj::from(tuple([i(1)]).hash().unwrap())).unwrap())) => "True";
        "Der(0)" => der_class().call(&[i(0)]) => "Der(x=0, y=1, z=2)";
        "[f.name for f in fields(Der)]" => dc("fields").call(&[der_class()]).and_then(|fs| Ok(Obj::list(fs.to_vec()?.iter().map(|f| f.getattr("name").unwrap())))) => "['x', 'y', 'z']";
        "Own(1)" => own_class().call(&[i(1)]) => "own";
        "CV(1)" => cv_class().call(&[i(1)]) => "CV(x=1)";
        "[f.name for f in fields(CV)]" => dc("fields").call(&[cv_class()]).and_then(|fs| Ok(Obj::list(fs.to_vec()?.iter().map(|f| f.getattr("name").unwrap())))) => "['x']";
        "r = Rec() ;; r.x = r ;; r" => after(&rec_class().call(&[]).unwrap(), |r| r.setattr("x", r).map(|()| none())) => "Rec(x=...)";
        "E()" => e_class().call(&[]) => "E()";
        "E() == E()" => e_class().call(&[]).unwrap().rich_compare(&e_class().call(&[]).unwrap(), CompareOp::Eq) => "True";
        "hash(NoEq(1)) == hash(NoEq(1))" => Ok(Obj::from(noeq_class().call(&[i(1)]).unwrap().hash().is_ok())) => "True";
        // errors when the class is made
        "dataclass(type('B', (), {'__annotations__': {'x': 'int', 'y': 'int'}, 'x': 0}))" => make("B", None, &[("x", "int"), ("y", "int")], vec![("x", i(0))], &[]) => "!! TypeError: non-default argument 'y' follows default argument";
        "dataclass(type('M', (), {'__annotations__': {'x': 'list'}, 'x': []}))" => make("M", None, &[("x", "list")], vec![("x", list([]))], &[]) => "!! ValueError: mutable default <class 'list'> for field x is not allowed: use default_factory";
        "dataclass(order=True, eq=False)(type('O', (), {'__annotations__': {'x': 'int'}}))" => make("O", None, &[("x", "int")], vec![], &[("order", true), ("eq", false)]) => "!! ValueError: eq must be true if order is true";
        "dataclass(order=True)(type('O2', (), {'__annotations__': {'x': 'int'}, '__lt__': lambda s, o: 0}))" => make("O2", None, &[("x", "int")], vec![("__lt__", function())], &[("order", true)]) => "!! TypeError: Cannot overwrite attribute __lt__ in class O2. Consider using functools.total_ordering";
        "dataclass(frozen=True)(type('FD', (P,), {'__annotations__': {'z': 'int'}, 'z': 0}))" => make("FD", Some(&p_class()), &[("z", "int")], vec![("z", i(0))], &[("frozen", true)]) => "!! TypeError: cannot inherit frozen dataclass from a non-frozen one";
        "dataclass(type('NF', (F,), {}))" => make("NF", Some(&f_class()), &[], vec![], &[]) => "!! TypeError: cannot inherit non-frozen dataclass from a frozen one";
        "dataclass(type('X', (), {'y': field(default=1)}))" => make("X", None, &[], vec![("y", kw(&dc("field"), &[], &[("default", i(1))]).unwrap())], &[]) => "!! TypeError: 'y' is a field but has no type annotation";
        "dataclass(unsafe_hash=True)(type('H', (), {'__annotations__': {'x': 'int'}, '__hash__': lambda s: 0}))" => make("H", None, &[("x", "int")], vec![("__hash__", function())], &[("unsafe_hash", true)]) => "!! TypeError: Cannot overwrite attribute __hash__ in class H";
        "dataclass(frozen=True)(type('S', (), {'__annotations__': {'x': 'int'}, '__setattr__': lambda *a: 0}))" => make("S", None, &[("x", "int")], vec![("__setattr__", function())], &[("frozen", true)]) => "!! TypeError: Cannot overwrite attribute __setattr__ in class S";
        "dataclass(type('CF', (), {'__annotations__': {'x': 'ClassVar[int]'}, 'x': field(default_factory=list)}))" => make("CF", None, &[("x", "ClassVar[int]")], vec![("x", kw(&dc("field"), &[], &[("default_factory", builtins::get("list").unwrap())]).unwrap())], &[]) => "!! TypeError: field x cannot have a default factory";
        "dataclass(5)" => dc("dataclass").call(&[i(5)]) => "!! AttributeError: 'int' object has no attribute '__module__'";
        // helpers
        "asdict(P(1, [2]))" => dc("asdict").call(&[p_class().call(&[i(1), list([i(2)])]).unwrap()]) => "{'x': 1, 'y': [2]}";
        "astuple(P(1, 2))" => dc("astuple").call(&[p_class().call(&[i(1), i(2)]).unwrap()]) => "(1, 2)";
        "asdict(Der(P(1), [P(2)]))" => dc("asdict").call(&[der_class().call(&[p_class().call(&[i(1)]).unwrap(), list([p_class().call(&[i(2)]).unwrap()])]).unwrap()]) => "{'x': {'x': 1, 'y': 0}, 'y': [{'x': 2, 'y': 0}], 'z': 2}";
        "asdict(1)" => dc("asdict").call(&[i(1)]) => "!! TypeError: asdict() should be called on dataclass instances";
        "astuple(P)" => dc("astuple").call(&[p_class()]) => "!! TypeError: astuple() should be called on dataclass instances";
        "replace(P(1, 2), y=5)" => kw(&dc("replace"), &[p_class().call(&[i(1), i(2)]).unwrap()], &[("y", i(5))]) => "P(x=1, y=5)";
        "replace(P(1, 2), z=5)" => kw(&dc("replace"), &[p_class().call(&[i(1), i(2)]).unwrap()], &[("z", i(5))]) => "!! TypeError: P.__init__() got an unexpected keyword argument 'z'";
        "replace(Post(1), b=5)" => kw(&dc("replace"), &[post_class().call(&[i(1)]).unwrap()], &[("b", i(5))]) => "!! ValueError: field b is declared with init=False, it cannot be specified with replace()";
        "replace(1)" => dc("replace").call(&[i(1)]) => "!! TypeError: replace() should be called on dataclass instances";
        "(is_dataclass(P), is_dataclass(P(1)), is_dataclass(1))" => Ok(tuple([dc("is_dataclass").call(&[p_class()]).unwrap(), dc("is_dataclass").call(&[p_class().call(&[i(1)]).unwrap()]).unwrap(), dc("is_dataclass").call(&[i(1)]).unwrap()])) => "(True, True, False)";
        "fields(1)" => dc("fields").call(&[i(1)]) => "!! TypeError: must be called with a dataclass type or instance";
        "field(default=1, default_factory=list)" => kw(&dc("field"), &[], &[("default", i(1)), ("default_factory", builtins::get("list").unwrap())]) => "!! ValueError: cannot specify both default and default_factory";
        "field(default=1).default" => kw(&dc("field"), &[], &[("default", i(1))]).and_then(|f| f.getattr("default")) => "1";
        "repr(MISSING).startswith('<dataclasses._MISSING_TYPE object at 0x')" => Ok(Obj::from(dc("MISSING").repr().unwrap().starts_with("<dataclasses._MISSING_TYPE object at 0x"))) => "True";
    }
}

#[test]
fn a_frozen_instance_error_is_an_attribute_error() {
    // try: F(1).x = 2 ;; except AttributeError: ...
    let error = f_class()
        .call(&[i(1)])
        .unwrap()
        .setattr("x", &i(2))
        .unwrap_err();
    assert!(error.is_instance(&pyobj_runtime::exceptions::ATTRIBUTE_ERROR));
    assert!(error.matches(&dc("FrozenInstanceError")).expect("a class"));
    assert_eq!(
        error.to_string(),
        "dataclasses.FrozenInstanceError: cannot assign to field 'x'"
    );
}

#[test]
fn dataclass_with_options_is_a_decorator() {
    // wrap = dataclass(order=True) ;; Q = wrap(<class Q: x: int>)
    let wrap = kw(&dc("dataclass"), &[], &[("order", Obj::from(true))]).unwrap();
    assert!(
        wrap.repr()
            .unwrap()
            .starts_with("<function dataclass.<locals>.wrap at 0x")
    );
    let annotations = Obj::dict_from([(s("x"), s("int"))]).unwrap();
    let cls = Obj::new_class("Q", None, vec![("__annotations__", annotations)]).unwrap();
    let q = wrap.call(&[cls]).unwrap();
    assert_eq!(q.repr().unwrap(), "<class '__main__.Q'>");
    let (a, b) = (q.call(&[i(1)]).unwrap(), q.call(&[i(2)]).unwrap());
    assert!(a.lt(&b).unwrap(), "Q(1) < Q(2)");
    assert!(!b.lt(&a).unwrap(), "not Q(2) < Q(1)");
    // dataclass()(cls) too.
    let annotations = Obj::dict_from([(s("x"), s("int"))]).unwrap();
    let cls = Obj::new_class("Z", None, vec![("__annotations__", annotations)]).unwrap();
    let z = dc("dataclass").call(&[]).unwrap().call(&[cls]).unwrap();
    assert_eq!(z.call(&[i(3)]).unwrap().repr().unwrap(), "Z(x=3)");
}
