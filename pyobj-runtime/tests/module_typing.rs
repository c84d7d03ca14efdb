//! `import typing` against CPython 3.11: the forms' reprs when bare and subscripted,
//! their argument checks, `TypeVar`, `NewType`, `cast`, the decorators and
//! `TYPE_CHECKING`.
//!
//! Each row's expected text is what CPython 3.11.7 printed for the row's Python source,
//! generated and pinned here.

mod pyobj_support;

use pyobj_runtime::{Obj, PyResult, builtins, modules};
use pyobj_support::{i, list, none, s, tuple};

/// `typing.<name>`.
fn ty(name: &str) -> PyResult<Obj> {
    modules::import("typing")?.getattr(name)
}

/// A builtin.
fn b(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

#[test]
fn typing_matches_cpython() {
    table! {
        // typing
        "t.Any" => ty("Any") => "typing.Any";
        "t.List" => ty("List") => "typing.List";
        "t.Optional" => ty("Optional") => "typing.Optional";
        "t.List[int]" => ty("List").and_then(|l| l.get_item(&b("int"))) => "typing.List[int]";
        "t.Dict[str, int]" => ty("Dict").and_then(|d| d.get_item(&tuple([b("str"), b("int")]))) => "typing.Dict[str, int]";
        "t.Dict[str, t.List[int]]" => ty("Dict").and_then(|d| d.get_item(&tuple([b("str"), ty("List")?.get_item(&b("int"))?]))) => "typing.Dict[str, typing.List[int]]";
        "t.Optional[int]" => ty("Optional").and_then(|o| o.get_item(&b("int"))) => "typing.Optional[int]";
        "t.Union[int, str]" => ty("Union").and_then(|u| u.get_item(&tuple([b("int"), b("str")]))) => "typing.Union[int, str]";
        "t.Union[int, None]" => ty("Union").and_then(|u| u.get_item(&tuple([b("int"), none()]))) => "typing.Optional[int]";
        "t.Union[int, str, None]" => ty("Union").and_then(|u| u.get_item(&tuple([b("int"), b("str"), none()]))) => "typing.Union[int, str, NoneType]";
        "t.Union[int, int]" => ty("Union").and_then(|u| u.get_item(&tuple([b("int"), b("int")]))) => "<class 'int'>";
        "t.Callable[[int], str]" => ty("Callable").and_then(|c| c.get_item(&tuple([list([b("int")]), b("str")]))) => "typing.Callable[[int], str]";
        "t.Tuple[int, str]" => ty("Tuple").and_then(|c| c.get_item(&tuple([b("int"), b("str")]))) => "typing.Tuple[int, str]";
        "t.Tuple[()]" => ty("Tuple").and_then(|c| c.get_item(&tuple([]))) => "typing.Tuple[()]";
        "t.List['A']" => ty("List").and_then(|l| l.get_item(&s("A"))) => "typing.List[ForwardRef('A')]";
        "t.List[A]" => ty("List").and_then(|l| l.get_item(&Obj::new_class("A", None, vec![]).unwrap())) => "typing.List[__main__.A]";
        "t.Iterator[int]" => ty("Iterator").and_then(|l| l.get_item(&b("int"))) => "typing.Iterator[int]";
        "t.Mapping[str, None]" => ty("Mapping").and_then(|m| m.get_item(&tuple([b("str"), none()]))) => "typing.Mapping[str, NoneType]";
        "t.Generator[int, None, None]" => ty("Generator").and_then(|g| g.get_item(&tuple([b("int"), none(), none()]))) => "typing.Generator[int, NoneType, NoneType]";
        "t.Literal[1, 'a']" => ty("Literal").and_then(|g| g.get_item(&tuple([i(1), s("a")]))) => "typing.Literal[1, 'a']";
        "t.ClassVar[int]" => ty("ClassVar").and_then(|g| g.get_item(&b("int"))) => "typing.ClassVar[int]";
        "t.Set[deque]" => ty("Set").and_then(|g| g.get_item(&modules::import("collections")?.getattr("deque")?)) => "typing.Set[collections.deque]";
        "t.Any[int]" => ty("Any").and_then(|a| a.get_item(&b("int"))) => "!! TypeError: type 'Any' is not subscriptable";
        "t.List[int, str]" => ty("List").and_then(|l| l.get_item(&tuple([b("int"), b("str")]))) => "!! TypeError: Too many arguments for typing.List; actual 2, expected 1";
        "t.Dict[int]" => ty("Dict").and_then(|l| l.get_item(&b("int"))) => "!! TypeError: Too few arguments for typing.Dict; actual 1, expected 2";
        "t.Hashable[int]" => ty("Hashable").and_then(|l| l.get_item(&b("int"))) => "!! TypeError: typing.Hashable is not a generic class";
        "t.TypeVar('T')" => ty("TypeVar").and_then(|f| f.call(&[s("T")])) => "~T";
        "t.List[t.TypeVar('T')]" => ty("List").and_then(|l| l.get_item(&ty("TypeVar")?.call(&[s("T")])?)) => "typing.List[~T]";
        "t.NewType('UserId', int)" => ty("NewType").and_then(|f| f.call(&[s("UserId"), b("int")])) => "__main__.UserId";
        "t.NewType('UserId', int)(5)" => ty("NewType").and_then(|f| f.call(&[s("UserId"), b("int")])?.call(&[i(5)])) => "5";
        "t.cast(int, 'x')" => ty("cast").and_then(|f| f.call(&[b("int"), s("x")])) => "'x'";
        "t.TYPE_CHECKING" => ty("TYPE_CHECKING") => "False";
        "t.Text" => ty("Text") => "<class 'str'>";
        "t.final(len) is len" => ty("final").and_then(|f| Ok(Obj::from(f.call(&[b("len")])?.is(&b("len"))))) => "True";
        "t.overload(len)(1)" => ty("overload").and_then(|f| f.call(&[b("len")])?.call(&[i(1)])) => "!! NotImplementedError: You should not call an overloaded function. A series of @overload-decorated functions outside a stub module should always be followed by an implementation that is not @overload-ed.";
    }
}
