//! The methods and data attributes of the builtin types read on the type objects, as
//! CPython 3.11's: `str.upper` is an unbound method descriptor (`<method 'upper' of 'str'
//! objects>`) called with the instance first; `dict.fromkeys`, `int.from_bytes`,
//! `float.fromhex` and `bytes.fromhex` are class methods bound to the type they are read
//! on; `str.maketrans` and `bytes.maketrans` static methods; `int.real` a getset
//! descriptor. Expected texts are CPython 3.11's for the same Python source.

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyResult, builtins};
use pyobj_support::{b, dict, f, i, list, none, s, tuple};

/// The builtin type `name`.
fn ty(name: &str) -> Obj {
    builtins::get(name).unwrap()
}

/// `obj.name`.
fn attr(obj: &Obj, name: &str) -> PyResult<Obj> {
    obj.getattr(name)
}

/// `obj.name(*positional)`, reading the attribute first.
fn call(obj: &Obj, name: &str, positional: &[Obj]) -> PyResult<Obj> {
    obj.getattr(name)?.call(positional)
}

/// `obj.name(*positional, **keywords)`, reading the attribute first.
fn call_kw(obj: &Obj, name: &str, positional: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    obj.getattr(name)?
        .call_with(&Args::new(positional, keywords))
}

#[test]
fn methods_read_on_the_type_are_method_descriptors() {
    table! {
        "str.upper" => attr(&ty("str"), "upper") => "<method 'upper' of 'str' objects>";
        "list.append" => attr(&ty("list"), "append") => "<method 'append' of 'list' objects>";
        "dict.get" => attr(&ty("dict"), "get") => "<method 'get' of 'dict' objects>";
        "bytes.hex" => attr(&ty("bytes"), "hex") => "<method 'hex' of 'bytes' objects>";
        "set.add" => attr(&ty("set"), "add") => "<method 'add' of 'set' objects>";
        "tuple.index" => attr(&ty("tuple"), "index") => "<method 'index' of 'tuple' objects>";
        "bool.bit_length" => attr(&ty("bool"), "bit_length") => "<method 'bit_length' of 'int' objects>";
        "int.to_bytes" => attr(&ty("int"), "to_bytes") => "<method 'to_bytes' of 'int' objects>";
        "float.is_integer" => attr(&ty("float"), "is_integer") => "<method 'is_integer' of 'float' objects>";
        "int.real" => attr(&ty("int"), "real") => "<attribute 'real' of 'int' objects>";
        "bool.denominator" => attr(&ty("bool"), "denominator") => "<attribute 'denominator' of 'int' objects>";
        "float.imag" => attr(&ty("float"), "imag") => "<attribute 'imag' of 'float' objects>";
        "type(str.upper)" => attr(&ty("str"), "upper").map(|x| builtins::type_(&x)) => "<class 'method_descriptor'>";
        "type(int.real)" => attr(&ty("int"), "real").map(|x| builtins::type_(&x)) => "<class 'getset_descriptor'>";
        "type(int.from_bytes)" => attr(&ty("int"), "from_bytes").map(|x| builtins::type_(&x)) => "<class 'builtin_function_or_method'>";
        "str.upper.__name__" => attr(&ty("str"), "upper").and_then(|x| x.getattr("__name__")) => "'upper'";
        "str.upper.__qualname__" => attr(&ty("str"), "upper").and_then(|x| x.getattr("__qualname__")) => "'str.upper'";
        "bool.bit_length.__objclass__" => attr(&ty("bool"), "bit_length").and_then(|x| x.getattr("__objclass__")) => "<class 'int'>";
        "int.real.__name__" => attr(&ty("int"), "real").and_then(|x| x.getattr("__name__")) => "'real'";
        "str.upper.__self__" => attr(&ty("str"), "upper").and_then(|x| x.getattr("__self__")) => "!! AttributeError: 'method_descriptor' object has no attribute '__self__'";
        "hasattr(str, 'upper')" => ty("str").hasattr("upper").map(Obj::from) => "True";
        "hasattr(int, 'real')" => ty("int").hasattr("real").map(Obj::from) => "True";
        "hasattr(int, 'from_bytes')" => ty("int").hasattr("from_bytes").map(Obj::from) => "True";
        "hasattr(str, 'nope')" => ty("str").hasattr("nope").map(Obj::from) => "False";
        "str.nope" => attr(&ty("str"), "nope") => "!! AttributeError: type object 'str' has no attribute 'nope'";
        "dict.fromkeys.__self__" => attr(&ty("dict"), "fromkeys").and_then(|x| x.getattr("__self__")) => "<class 'dict'>";
        "bool.from_bytes.__self__" => attr(&ty("bool"), "from_bytes").and_then(|x| x.getattr("__self__")) => "<class 'bool'>";
        "(1.5).fromhex.__self__" => f(1.5).getattr("fromhex").and_then(|x| x.getattr("__self__")) => "<class 'float'>";
        "{}.fromkeys.__self__" => dict([]).getattr("fromkeys").and_then(|x| x.getattr("__self__")) => "<class 'dict'>";
        "str.maketrans.__self__" => attr(&ty("str"), "maketrans").and_then(|x| x.getattr("__self__")) => "None";
        "'a'.maketrans.__self__" => s("a").getattr("maketrans").and_then(|x| x.getattr("__self__")) => "None";
        "bytes.maketrans.__self__" => attr(&ty("bytes"), "maketrans").and_then(|x| x.getattr("__self__")) => "None";
        "'a'.upper.__self__" => s("a").getattr("upper").and_then(|x| x.getattr("__self__")) => "'a'";
        "int.real = 1" => ty("int").setattr("real", &i(1)).map(|()| none()) => "!! TypeError: cannot set 'real' attribute of immutable type 'int'";
        "True.real = 1" => b(true).setattr("real", &i(1)).map(|()| none()) => "!! AttributeError: attribute 'real' of 'int' objects is not writable";
        "(5).imag = 1" => i(5).setattr("imag", &i(1)).map(|()| none()) => "!! AttributeError: attribute 'imag' of 'int' objects is not writable";
    }
}

#[test]
fn method_descriptors_take_the_instance_first() {
    table! {
        "str.upper('abc')" => call(&ty("str"), "upper", &[s("abc")]) => "'ABC'";
        "str.join('-', ['a', 'b'])" => call(&ty("str"), "join", &[s("-"), list([s("a"), s("b")])]) => "'a-b'";
        "str.split('a b', maxsplit=0)" => call_kw(&ty("str"), "split", &[s("a b")], &[("maxsplit", i(0))]) => "['a b']";
        "list.index([5, 6], 6)" => call(&ty("list"), "index", &[list([i(5), i(6)]), i(6)]) => "1";
        "dict.get({'a': 1}, 'a')" => call(&ty("dict"), "get", &[dict([(s("a"), i(1))]), s("a")]) => "1";
        "int.bit_length(True)" => call(&ty("int"), "bit_length", &[b(true)]) => "1";
        "int.to_bytes(258, 2, 'little')" => call(&ty("int"), "to_bytes", &[i(258), i(2), s("little")]) => "b'\\x02\\x01'";
        "float.hex(1.0)" => call(&ty("float"), "hex", &[f(1.0)]) => "'0x1.0000000000000p+0'";
        "str.upper(1)" => call(&ty("str"), "upper", &[i(1)]) => "!! TypeError: descriptor 'upper' for 'str' objects doesn't apply to a 'int' object";
        "str.join(1, [])" => call(&ty("str"), "join", &[i(1), list([])]) => "!! TypeError: descriptor 'join' for 'str' objects doesn't apply to a 'int' object";
        "int.bit_length(1.5)" => call(&ty("int"), "bit_length", &[f(1.5)]) => "!! TypeError: descriptor 'bit_length' for 'int' objects doesn't apply to a 'float' object";
        "float.hex(1)" => call(&ty("float"), "hex", &[i(1)]) => "!! TypeError: descriptor 'hex' for 'float' objects doesn't apply to a 'int' object";
        "list.append((), 1)" => call(&ty("list"), "append", &[tuple([]), i(1)]) => "!! TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'tuple' object";
        "str.upper()" => call(&ty("str"), "upper", &[]) => "!! TypeError: unbound method str.upper() needs an argument";
        "str.upper(x='a')" => call_kw(&ty("str"), "upper", &[], &[("x", s("a"))]) => "!! TypeError: unbound method str.upper() needs an argument";
        "list.append()" => call(&ty("list"), "append", &[]) => "!! TypeError: unbound method list.append() needs an argument";
        "str.upper('a', 1)" => call(&ty("str"), "upper", &[s("a"), i(1)]) => "!! TypeError: str.upper() takes no arguments (1 given)";
        "list.append([], 1, 2)" => call(&ty("list"), "append", &[list([]), i(1), i(2)]) => "!! TypeError: list.append() takes exactly one argument (2 given)";
        "dict.fromkeys(['a'])" => call(&ty("dict"), "fromkeys", &[list([s("a")])]) => "{'a': None}";
        "dict.fromkeys('ab', 0)" => call(&ty("dict"), "fromkeys", &[s("ab"), i(0)]) => "{'a': 0, 'b': 0}";
        "{}.fromkeys([1])" => call(&dict([]), "fromkeys", &[list([i(1)])]) => "{1: None}";
        "str.maketrans('ab', 'xy')" => call(&ty("str"), "maketrans", &[s("ab"), s("xy")]) => "{97: 120, 98: 121}";
        "'q'.maketrans('a', 'b')" => call(&s("q"), "maketrans", &[s("a"), s("b")]) => "{97: 98}";
        "bytes.fromhex('de ad')" => call(&ty("bytes"), "fromhex", &[s("de ad")]) => "b'\\xde\\xad'";
        "bytes.maketrans(b'a', b'b')[97]" => call(&ty("bytes"), "maketrans", &[pyobj_runtime::Obj::bytes(b"a"), pyobj_runtime::Obj::bytes(b"b")]).and_then(|t| t.get_item(&i(97))) => "98";
        "int.from_bytes(b'\\x01\\x00', 'little')" => call(&ty("int"), "from_bytes", &[pyobj_runtime::Obj::bytes(b"\x01\x00"), s("little")]) => "1";
        "float.fromhex('0x1p-2')" => call(&ty("float"), "fromhex", &[s("0x1p-2")]) => "0.25";
    }
}

#[test]
fn class_and_static_methods_bind_to_a_type() {
    let at = |obj: PyResult<Obj>| obj.unwrap().repr().unwrap();
    let dict_type = format!("{:#x}", ty("dict").id());
    // `<built-in method fromkeys of type object at 0x...>`, the type's address.
    for (repr, address) in [
        (at(attr(&ty("dict"), "fromkeys")), dict_type.clone()),
        (at(dict([]).getattr("fromkeys")), dict_type),
        (
            at(attr(&ty("str"), "maketrans")),
            format!("{:#x}", ty("str").id()),
        ),
        (
            at(s("a").getattr("maketrans")),
            format!("{:#x}", ty("str").id()),
        ),
        (
            at(attr(&ty("bytes"), "fromhex")),
            format!("{:#x}", ty("bytes").id()),
        ),
        (
            at(attr(&ty("int"), "from_bytes")),
            format!("{:#x}", ty("int").id()),
        ),
        (
            at(attr(&ty("bool"), "from_bytes")),
            format!("{:#x}", ty("bool").id()),
        ),
        (
            at(attr(&ty("float"), "fromhex")),
            format!("{:#x}", ty("float").id()),
        ),
    ] {
        assert!(
            repr.starts_with("<built-in method ")
                && repr.ends_with(&format!(" of type object at {address}>")),
            "{repr}"
        );
    }
}

#[test]
fn classes_deriving_from_a_builtin_type_show_its_methods() {
    // class Stack(list):
    //     push = list.append
    //     real = int.real
    // class A: pass
    // st = Stack()
    let stack = Obj::new_class(
        "Stack",
        Some(&ty("list")),
        vec![
            ("push", attr(&ty("list"), "append").unwrap()),
            ("real", attr(&ty("int"), "real").unwrap()),
        ],
    )
    .unwrap();
    let a_class = Obj::new_class("A", None, vec![]).unwrap();
    let st = stack.call(&[]).unwrap();
    table! {
        "Stack.append" => attr(&stack, "append") => "<method 'append' of 'list' objects>";
        "Stack.push" => attr(&stack, "push") => "<method 'append' of 'list' objects>";
        "Stack.real" => attr(&stack, "real") => "<attribute 'real' of 'int' objects>";
        "Stack.nope" => attr(&stack, "nope") => "!! AttributeError: type object 'Stack' has no attribute 'nope'";
        "A.append" => attr(&a_class, "append") => "!! AttributeError: type object 'A' has no attribute 'append'";
        "st.push(1)" => call(&st, "push", &[i(1)]) => "None";
        "Stack.append(st, 2)" => call(&stack, "append", &[st.clone(), i(2)]) => "None";
        "list.append(st, 3)" => call(&ty("list"), "append", &[st.clone(), i(3)]) => "None";
        "st" => Ok(st.clone()) => "[1, 2, 3]";
        "Stack.pop(st)" => call(&stack, "pop", std::slice::from_ref(&st)) => "3";
        "st.push.__self__ is st" => st.getattr("push").and_then(|m| m.getattr("__self__")).map(|x| Obj::from(x.is(&st))) => "True";
        "st.real" => st.getattr("real") => "!! TypeError: descriptor 'real' for 'int' objects doesn't apply to a 'Stack' object";
        "Stack.push(1, 2)" => call(&stack, "push", &[i(1), i(2)]) => "!! TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'int' object";
    }
}
