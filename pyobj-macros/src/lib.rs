//! Procedural macros of pyobj: `#[derive(Trace)]` (what the cycle collector sees of a
//! type), `#[derive(PyObject)]` (a Rust struct as a Python class) and [`pyblock!`]
//! (Python, inline or from a file, compiled to Rust against pyobj's runtime).
//!
//! Use them through the `pyobj` crate, which re-exports them beside the traits they
//! implement. Without the default `python` feature only `#[derive(Trace)]` is compiled;
//! `#[derive(PyObject)]` and `pyblock!` then expand to a compile error naming the
//! feature. Every stage works on `proc_macro2` tokens, so the crate's unit tests run
//! the derive directly: [`derive_trace`] is only the compiler's entry point.

#![deny(missing_docs)]

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod generics;
#[cfg(feature = "python")]
mod pyblock;
#[cfg(feature = "python")]
mod pyobject;
mod types;
mod valid;

#[cfg(test)]
mod tests;

/// Derives `Trace`, so that the cycle collector can see the `Gc` handles a type holds.
///
/// The derived impl visits every field: `trace` reports its handles, `clear` and
/// `drop_handles_mut` release them. `TRACKED` is true when any field's type is tracked, so a
/// type made of plain data costs the collector nothing.
///
/// ```
/// use std::cell::RefCell;
/// use pyobj::{Gc, Trace};
///
/// struct Name(String); // no `Trace` impl
///
/// #[derive(Trace)]
/// struct Node {
///     children: RefCell<Vec<Gc<Node>>>,
///     #[trace(skip)] // holds no handles, and `Name` need not implement `Trace`
///     name: Name,
/// }
///
/// let root = Gc::new(Node { children: RefCell::new(Vec::new()), name: Name("root".into()) });
/// root.children.borrow_mut().push(root.clone()); // a cycle
/// assert_eq!(root.name.0, "root");
/// drop(root);
/// assert!(pyobj::gc::collect() >= 1); // the collector finds it
/// ```
///
/// - Structs (named, tuple, unit) and enums are supported; unions are not, since the
///   collector could not know which field holds a value.
/// - `#[trace(skip)]` on a field leaves it out of `trace`, `clear` and `TRACKED`. Only
///   for fields that hold no handles: a skipped handle is never seen, and a cycle through
///   it is never collected (a leak, never unsoundness).
/// - `#[trace(with = path::to::function)]` on a field traces it with a function of yours,
///   `fn(&FieldType, &mut Tracer<'_>)`, which calls `trace` on the handles inside (for a
///   type from another crate); the field's type need not implement `Trace`, and the type
///   counts as tracked. `drop_handles` does not reach into such a field, so a garbage
///   cycle is broken through the type's other fields (a `RefCell`).
/// - Each type parameter whose values a traced field holds gets a `Trace` bound (one
///   used only as `T::Item`, only by skipped fields or `with` fields, or only inside
///   `Gc<...>`, `Weak<...>`, `PhantomData<...>` or `Untraced<...>` gets none); lifetimes,
///   const parameters and the type's `where` clause are kept. Write no bound on the type
///   itself: `Gc<T>` and `Weak<T>` declare none, and `Gc::new` asks for `T: 'static`
///   where an object is made.
/// - A field whose type does not implement `Trace` is reported by name. If its type
///   keeps handles where the collector cannot see them (an `Rc`, `Arc` or `Cell` around
///   a `Gc`), the error says what to use instead; otherwise it suggests skipping it.
/// - A type without generic parameters that implements `Finalize` gets its finalizer
///   from `Gc::new` (and every other constructor), as from `Gc::with_finalizer`: the
///   derived impl finds the `Finalize` impl at compile time. A type without one pays
///   nothing: its objects are made exactly as if it had no such check.
/// - `#[trace(finalize)]` on the type (struct or enum) attaches the finalizer
///   unconditionally: for a generic type, where the derive cannot see an impl written
///   for one instantiation. The `Finalize` impl must then cover every instantiation the
///   derived `Trace` impl does; if the type has none, the error points at the attribute.
///   A generic type without the attribute gets its finalizer only from
///   `Gc::with_finalizer`.
///
/// ```
/// use std::cell::{Cell, RefCell};
/// use pyobj::{Finalize, Gc, Trace, gc};
///
/// thread_local!(static FINALIZED: Cell<u32> = const { Cell::new(0) });
///
/// #[derive(Trace)]
/// struct Node {
///     next: RefCell<Option<Gc<Node>>>,
/// }
/// impl Finalize for Node {
///     fn finalize(_: &Gc<Self>) {
///         FINALIZED.with(|n| n.set(n.get() + 1));
///     }
/// }
///
/// #[derive(Trace)]
/// #[trace(finalize)] // generic: ask for the finalizer
/// struct Labelled<T: 'static> {
///     label: T,
/// }
/// impl<T: Trace + 'static> Finalize for Labelled<T> {
///     fn finalize(_: &Gc<Self>) {
///         FINALIZED.with(|n| n.set(n.get() + 10));
///     }
/// }
///
/// let a = Gc::new(Node { next: RefCell::new(None) });
/// *a.next.borrow_mut() = Some(a.clone()); // a cycle
/// drop(a);
/// assert_eq!(gc::collect(), 1); // finalized once, then freed
/// drop(Gc::new(Labelled { label: 7_i64 }));
/// assert_eq!(FINALIZED.with(Cell::get), 11);
/// ```
///
/// ```
/// use std::cell::RefCell;
/// use pyobj::{Gc, Trace};
///
/// struct Label(String); // not `Trace`
///
/// #[derive(Trace)] // no `T: Trace` needed: no value of `T` is traced
/// struct Node<T: 'static> {
///     next: RefCell<Option<Gc<Node<T>>>>,
///     #[trace(skip)]
///     value: T,
/// }
///
/// let a = Gc::new(Node { next: RefCell::new(None), value: Label("a".into()) });
/// *a.next.borrow_mut() = Some(a.clone());
/// assert_eq!(a.value.0, "a");
/// drop(a);
/// assert_eq!(pyobj::gc::collect(), 1);
/// ```
#[proc_macro_derive(Trace, attributes(trace))]
pub fn derive_trace(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::derive(input.into()).into()
}

/// Derives `PyObject`: makes a struct with named fields a Python class.
///
/// The struct gets the `Trace` impl `#[derive(Trace)]` would give it (do not derive
/// both), with its Python type set: a class named after the struct, whose instances
/// print as `<Node object at 0x...>`, hash and compare by identity, take weak
/// references, and are collected in cycles with Python objects. Each named field is an
/// attribute:
///
/// - read: the value converted with `IntoObj` (a `Cell<T>` is read with `get`, so
///   `T: Copy`; a `RefCell<T>` is borrowed and cloned; any other field is cloned);
/// - written (`obj.x = v`): only `Cell<T>` and `RefCell<T>` fields, the value
///   converted with `FromObj` (`TypeError: attribute 'x' of 'Node' objects must be int,
///   not str`). Python code mutates objects through shared handles, so a field can
///   only be assigned through interior mutability; any other field is read-only
///   (`AttributeError: attribute 'x' of 'Node' objects is not writable`, CPython's
///   text for read-only members).
///
/// ```
/// use std::cell::{Cell, RefCell};
/// use pyobj::{Gc, Obj, PyObject};
///
/// #[derive(PyObject)]
/// struct Node {
///     value: Cell<i64>,
///     next: RefCell<Option<Gc<Node>>>,
///     name: String, // read-only
/// }
///
/// let node = Obj::from(Gc::new(Node {
///     value: Cell::new(1),
///     next: RefCell::new(None),
///     name: "first".into(),
/// }));
/// assert_eq!(node.getattr("name").unwrap().repr().unwrap(), "'first'");
/// ```
///
/// Only structs with named fields are accepted, without generic parameters.
#[proc_macro_derive(PyObject, attributes(trace))]
pub fn derive_pyobject(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    #[cfg(feature = "python")]
    return pyobject::derive(input.into()).into();
    #[cfg(not(feature = "python"))]
    {
        let _ = input;
        needs_python("#[derive(PyObject)]")
    }
}

/// Compiles Python, written with real indentation, into Rust against pyobj's runtime.
///
/// ```
/// use pyobj::pyblock;
///
/// let ns = pyblock! {
///     import sys
///     def make_list():
///         x = [1, 2, 3]
///         return x
///     lst = make_list()
///     print(sys.getrefcount(lst))    # 2: lst, and the argument
/// }
/// .unwrap();
/// assert_eq!(ns.get("lst").unwrap().repr().unwrap(), "[1, 2, 3]");
/// ```
///
/// # What it is
/// The block is an expression of type `pyobj::PyResult<pyobj::Namespace>`:
/// - `Ok(ns)`: `ns.get("name")` reads a global's final value. Dropping `ns` ends the
///   block: its globals are released in the order they were first bound, running
///   finalizers (`__del__`), as at interpreter exit.
/// - `Err(error)` for an uncaught exception: `error.to_string()` is a Python traceback
///   whose entries name the Rust `file:line` of each Python line the exception passed.
///
/// Names live in frames: a function's locals are Rust locals of the function the macro
/// generates, released when it returns (a generator's are cells on the heap, held by
/// the generator while it is suspended); objects live on pyobj's pooled heap, freed when
/// their count reaches zero, cycles found by `gc.collect()` or the automatic collector.
/// `print` writes to the runtime's stdout sink (`pyobj::capture_stdout` captures it).
///
/// # Python source as written: a file or a string literal
/// ```
/// // A path relative to the calling crate's `CARGO_MANIFEST_DIR`:
/// let ns = pyobj::pyblock!(file "../examples/python/memory_tour.py").unwrap();
/// let ns = pyobj::pyblock!(r#"
/// def greet(name: str) -> str:
///     return f'hello, {name!r}'   # any quotes, f-strings, comments
/// print(greet('world'), 7 // 2)
/// "#).unwrap();
/// ```
/// - The text is read by a complete Python 3 parser (ruff's), so every lexical and
///   syntactic form of Python 3.11 parses: quotes of every kind, f-strings, `//`,
///   backslash continuations, any comment, annotations, decorators, `match`. A syntax
///   error is the one CPython 3.11's `compile()` raises first, with its class, text,
///   line and column (`IndentationError: unexpected indent`, `SyntaxError: '(' was never
///   closed`, `cannot assign to function call here. Maybe you meant '==' instead of
///   '='?`, `'return' outside function`, `duplicate argument 'x' in function
///   definition`, ...; 110 cases are pinned against CPython in the macro's tests).
///   Not reproduced: 3.11's f-string errors, and a few of its guesses ("Perhaps you
///   forgot a comma?" after an element of more than one token): those say `invalid
///   syntax`. A construct pyblock! does not compile is an error naming it, with its line
///   and column. Every error is reported on the literal (or the path).
/// - A file is read when the crate compiles, and the crate is rebuilt when it changes.
///   Tracebacks name the file and its lines; for a string literal they name the Rust
///   file and the lines the literal spans.
/// - The text forms support, beyond the language below: generators (`yield`, `yield
///   from`, `send`, `throw`, `close`; generator expressions are lazy), coroutines
///   (`async def`, `await`, driven by `send`), `with`, decorators (any callable;
///   `staticmethod`, `classmethod`, `property`), zero-argument `super()` in methods,
///   a suspended generator's frame traced by the collector (its locals are slots and
///   cells the generator holds: a generator in a cycle through its locals is collected),
///   `**kwargs` in definitions and calls, keyword-only and positional-only parameters,
///   f-strings with conversions and format specs, star
///   targets (`a, *rest = x`), `:=` (inside comprehensions and generator expressions it
///   binds in the enclosing function, PEP 572), `raise ... from ...`, annotated assignments (the
///   annotation is not evaluated; a class body records it in `__annotations__` as text),
///   `from m import a, b as c`, `from __future__ import ...` (accepted), and `match`
///   with every kind of pattern (literals, captures, `_`, `|`, `as`, sequences with
///   `*rest`, mappings with `**rest`, classes with `__match_args__` and keywords) and
///   guards, with CPython's compile-time and run-time errors.
///   `async for` and `async with` (in coroutines; `StopAsyncIteration` ends the loop).
/// - Not yet: asynchronous generators, class keywords
///   (`metaclass=`), `global` declarations after use... each a compile error naming it.
///
/// # Line hooks: `trace`
/// ```
/// let ns = pyobj::pyblock!(trace
///     a = [1, 2, 3]
/// )
/// .unwrap();
/// let ns = pyobj::pyblock!(trace "a = [1, 2, 3]").unwrap();
/// ```
/// `trace` alone before the code (on its own line in the token form; before the string
/// or `file` of the text forms) compiles the block with line hooks: each statement tells
/// the runtime its line (`pyobj::tracemalloc` attributes the Python objects it makes to
/// that line) and a step is recorded after each line while `pyobj::recording::record`
/// runs. Without `trace` the generated code holds no hook at all. A generator's body sets
/// its lines but is not a frame of its own for the recorder.
///
/// # Writing Python inside Rust tokens
/// - Start the code on the line after `pyblock! {`, indented with spaces. The first
///   line's column is the block's base level; Python's rules hold from there, with
///   CPython's messages ("unexpected indent", "expected an indented block after 'if'
///   statement on line N", "unindent does not match any outer indentation level",
///   "invalid syntax"), each spanned on the offending line. A tab counts as one column.
///   The lines must come from the source as written (code produced by another macro has
///   no usable line structure).
/// - Brackets join lines, as in Python. There is no backslash continuation.
/// - `#` comments run to the end of the line, but Rust lexes them first: their text must
///   be valid Rust tokens. An apostrophe must open a one-character literal (`# 'c'`) or
///   a lifetime after a space (`# it 's`): `# don't` (Rust 2021 reserves the prefix
///   `don'`) and `# 'hello'` are Rust errors, as are an unmatched `"` and an unclosed
///   bracket. A line holding only a Rust `//` comment is ignored.
/// - `a // b` cannot be written: Rust drops `//` and the rest of the line before the
///   macro sees it. The macro reads the source file to find it and fails with the
///   workaround: the builtin `floordiv(a, b)` (and `a = floordiv(a, b)` for `a //= b`).
/// - Strings use double quotes: `"..."`, raw `r"..."`, bytes `b"..."`, with Rust's
///   escapes (`\n`, `\x41`, `\u{e9}`). A one-character `'c'` is a one-character string;
///   longer single-quoted strings cannot be written (Rust rejects `'ab'`): use double
///   quotes. `"""text"""` works, but its text cannot hold `"`. F-strings are refused:
///   write `"x = " + str(x)`.
/// - `'name` is the Rust variable `name` in scope around the macro, converted with
///   `IntoObj` (ints, floats, bools, strings, `Vec`, `Option`, `Obj`, and `Gc<T>` of a
///   `#[derive(PyObject)]` type, whose fields Python code reads and assigns as
///   attributes). The value is copied when the block starts. A type without `IntoObj`
///   is a compile error at the `'name`.
///
/// # The language
/// - Statements: expressions; assignment, chained (`a = b = []`) and unpacking
///   (`a, b = b, a`) to names, subscripts, slices and attributes; augmented assignment;
///   `del` of names, subscripts and attributes; `pass`; `if`/`elif`/`else`; `while` and
///   `for` with `break`, `continue` and `else`; `def` with positional parameters,
///   defaults and `*args`, closures, recursion; `return`; `global`; `nonlocal`; `class`
///   with any number of bases (C3 method resolution order, `__mro__`; bases are
///   classes, `object`, `list` or exception types), methods, class attributes,
///   `__init__`, `__del__`, `__repr__`, ..., `__slots__` (no `__dict__`, CPython's
///   errors), `__dict__` (the instance's own dict, as CPython's), `__getattr__`, `__setattr__` and `__delattr__` (with
///   `object.__setattr__` and friends); `import` of the modules below; `assert`;
///   `try`/`except [Type [as e]]`/`else`/`finally`; `raise`.
/// - Expressions: int (any size), float, str, bytes, `True`, `False`, `None`; list,
///   tuple, dict and set displays and comprehensions; generator expressions (lazy, as
///   CPython's, in every form);
///   calls with keyword arguments and `*args`; attributes, subscripts, slices; every
///   operator but `@` (`//` only in the text forms: Rust drops it from tokens), chained
///   comparisons, `is`, `in`, `and`, `or`, `not`, conditional expressions, `lambda`.
/// - Names are resolved when the macro expands, as CPython's compiler does: a name
///   bound nowhere in the block and not a builtin is a compile error ("name 'x' is not
///   defined"; the inline form adds how to read a Rust variable `x` instead: `'x`).
///   Using a name after `del` is a run-time `NameError` or `UnboundLocalError`.
/// - In the inline token form, not supported (each a compile error naming it): `yield`,
///   `async`/`await`, `with`, decorators, `match`, f-strings, star-unpacking in targets,
///   `:=`, `**` in calls and `def`, keyword-only parameters, annotations, `raise ...
///   from`, the `@` operator. The text forms take most of these (see above).
/// - `import` and `from ... import` take the modules the runtime provides: `array`,
///   `collections`, `collections.abc`, `copy`, `dataclasses`, `gc`, `io`, `math`,
///   `pyperf` (its `perf_counter`), `random`, `string`, `sys`, `time`, `typing`,
///   `weakref`. Another module, or a name a module lacks, is a compile error.
/// - Semantics that differ from CPython: an int literal outside -5..=256 makes a new
///   object each time it is evaluated (so `a = 1000; b = 1000; a is b` is `False`, as
///   in separately compiled statements); a str literal is interned when it looks like an
///   identifier, otherwise each evaluation makes a new object.
#[proc_macro]
pub fn pyblock(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    #[cfg(feature = "python")]
    return pyblock::compile(input.into()).into();
    #[cfg(not(feature = "python"))]
    {
        let _ = input;
        needs_python("pyblock!")
    }
}

/// The error a macro of the Python layer gives when pyobj's `python` feature is off.
#[cfg(not(feature = "python"))]
fn needs_python(what: &str) -> proc_macro::TokenStream {
    let message = format!(
        "{what} needs pyobj's `python` feature (on by default; this build has \
         `default-features = false`)"
    );
    quote::quote!(::core::compile_error!(#message);).into()
}
