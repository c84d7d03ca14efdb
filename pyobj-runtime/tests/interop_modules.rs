//! `import gc`, `import sys`, `import weakref` as Python objects, against CPython
//! 3.11's results and error texts: the gc module's Python API (`gc.garbage` and
//! `gc.callbacks` as real lists), `sys.getrefcount`/`getsizeof`/`intern`, and
//! `weakref.ref` objects (callbacks, PEP 442 order, hashing, comparison).

// `&[x.clone()]` is what a Python call passes: a new reference to the argument (it
// counts in `sys.getrefcount`); the tests write calls that way.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod pyobj_support;

use std::cell::Cell;
use std::rc::Rc;

use pyobj_runtime::exceptions::{IMPORT_ERROR, MODULE_NOT_FOUND_ERROR};
use pyobj_runtime::{Args, Gc, Obj, PyResult, Trace, Tracer, builtins, gc, modules};
use pyobj_support::{after, i, list, none, s, set, tuple};

fn import(name: &str) -> Obj {
    modules::import(name).expect("a module pyobj provides")
}

/// `module.name(*args)`.
fn call(module: &str, name: &str, args: &[Obj]) -> PyResult<Obj> {
    import(module).getattr(name)?.call(args)
}

/// `module.name(*args, **keywords)`.
fn call_kw(module: &str, name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    import(module)
        .getattr(name)?
        .call_with(&Args::new(args, keywords))
}

#[test]
fn importing() {
    let err = modules::import("foo").unwrap_err();
    assert!(err.is_instance(&MODULE_NOT_FOUND_ERROR));
    assert!(err.is_instance(&IMPORT_ERROR));
    assert!(import("gc").is(&import("gc")));
    assert!(!import("gc").is(&import("sys")));
    table! {
        "import foo" => modules::import("foo") => "!! ModuleNotFoundError: No module named 'foo'";
        "repr(gc)" => Ok(Obj::from(import("gc").repr().unwrap())) => "\"<module 'gc' (built-in)>\"";
        "repr(sys)" => Ok(Obj::from(import("sys").repr().unwrap())) => "\"<module 'sys' (built-in)>\"";
        "gc.__name__" => import("gc").getattr("__name__") => "'gc'";
        "gc.xyz" => import("gc").getattr("xyz") => "!! AttributeError: module 'gc' has no attribute 'xyz'";
        "gc.x = 1 ;; gc.x" => after(&import("gc"), |gc| { gc.setattr("x", &i(1))?; Ok(Obj::none()) }).and_then(|gc| gc.getattr("x")) => "1";
        "del gc.x ;; gc.x" => { let gc = import("gc"); gc.delattr("x").and_then(|()| gc.getattr("x")) } => "!! AttributeError: module 'gc' has no attribute 'x'";
        "del gc.x  (again)" => import("gc").delattr("x").map(|()| Obj::none()) => "!! AttributeError: 'module' object has no attribute 'x'";
        "type(gc).__name__" => Ok(Obj::from(import("gc").type_name())) => "'module'";
        "ModuleNotFoundError.__base__" => builtins::get("ModuleNotFoundError").unwrap().getattr("__base__") => "<class 'ImportError'>";
        "gc.collect" => import("gc").getattr("collect") => "<built-in function collect>";
        "sys.getrefcount" => import("sys").getattr("getrefcount") => "<built-in function getrefcount>";
    }
}

#[test]
fn gc_module_api() {
    table! {
        "gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK" =>
            Ok(Obj::tuple(["DEBUG_STATS", "DEBUG_COLLECTABLE", "DEBUG_UNCOLLECTABLE", "DEBUG_SAVEALL", "DEBUG_LEAK"].map(|name| import("gc").getattr(name).unwrap()))) => "(1, 2, 4, 32, 38)";
        "gc.collect(3)" => call("gc", "collect", &[i(3)]) => "!! ValueError: invalid generation";
        "gc.collect(-1)" => call("gc", "collect", &[i(-1)]) => "!! ValueError: invalid generation";
        "gc.collect('a')" => call("gc", "collect", &[s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "gc.collect(1, 2)" => call("gc", "collect", &[i(1), i(2)]) => "!! TypeError: collect() takes at most 1 argument (2 given)";
        "gc.collect(gen=1)" => call_kw("gc", "collect", &[], &[("gen", i(1))]) => "!! TypeError: 'gen' is an invalid keyword argument for collect()";
        "gc.collect(generation=1)" => call_kw("gc", "collect", &[], &[("generation", i(1))]) => "0";
        "gc.collect()" => call("gc", "collect", &[]) => "0";
        "gc.isenabled()" => call("gc", "isenabled", &[]) => "True";
        "gc.isenabled(1)" => call("gc", "isenabled", &[i(1)]) => "!! TypeError: gc.isenabled() takes no arguments (1 given)";
        "gc.enable(1)" => call("gc", "enable", &[i(1)]) => "!! TypeError: gc.enable() takes no arguments (1 given)";
        "gc.disable() ;; gc.isenabled()" => call("gc", "disable", &[]).and_then(|_| call("gc", "isenabled", &[])) => "False";
        "gc.enable() ;; gc.isenabled()" => call("gc", "enable", &[]).and_then(|_| call("gc", "isenabled", &[])) => "True";
        "gc.get_stats()[0].keys()" => call("gc", "get_stats", &[]).and_then(|stats| stats.get_item(&i(0))?.call_method("keys", &[])) => "dict_keys(['collections', 'collected', 'uncollectable'])";
        "len(gc.get_stats())" => call("gc", "get_stats", &[]).and_then(|stats| builtins::len(&stats)) => "3";
        "gc.set_threshold()" => call("gc", "set_threshold", &[]) => "!! TypeError: set_threshold() takes at least 1 argument (0 given)";
        "gc.set_threshold(1, 2, 3, 4)" => call("gc", "set_threshold", &[i(1), i(2), i(3), i(4)]) => "!! TypeError: set_threshold() takes at most 3 arguments (4 given)";
        "gc.set_threshold(700) ;; gc.get_threshold()" => call("gc", "set_threshold", &[i(700)]).and_then(|_| call("gc", "get_threshold", &[])) => "(700, 10, 10)";
        "gc.set_threshold(2000)" => call("gc", "set_threshold", &[i(2000)]) => "None";
        "gc.set_debug()" => call("gc", "set_debug", &[]) => "!! TypeError: gc.set_debug() takes exactly one argument (0 given)";
        "gc.set_debug('a')" => call("gc", "set_debug", &[s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "gc.get_debug()" => call("gc", "get_debug", &[]) => "0";
        "gc.is_tracked(1)" => call("gc", "is_tracked", &[i(1)]) => "False";
        "gc.is_tracked([])" => call("gc", "is_tracked", &[list([])]) => "True";
        "gc.is_tracked()" => call("gc", "is_tracked", &[]) => "!! TypeError: gc.is_tracked() takes exactly one argument (0 given)";
        "gc.is_finalized(1)" => call("gc", "is_finalized", &[i(1)]) => "False";
        "gc.get_referents()" => call("gc", "get_referents", &[]) => "[]";
        "gc.get_referents(1, [2])" => call("gc", "get_referents", &[i(1), list([i(2)])]) => "[2]";
        "gc.get_objects(3)" => call("gc", "get_objects", &[i(3)]) => "!! ValueError: generation parameter must be less than the number of available generations (3)";
        "gc.get_objects(generation=5)" => call_kw("gc", "get_objects", &[], &[("generation", i(5))]) => "!! ValueError: generation parameter must be less than the number of available generations (3)";
        "gc.get_objects(1, 2)" => call("gc", "get_objects", &[i(1), i(2)]) => "!! TypeError: get_objects() takes at most 1 argument (2 given)";
        "gc.freeze(1)" => call("gc", "freeze", &[i(1)]) => "!! TypeError: gc.freeze() takes no arguments (1 given)";
        "gc.get_freeze_count()" => call("gc", "get_freeze_count", &[]) => "0";
        "gc.garbage" => import("gc").getattr("garbage") => "[]";
        "gc.callbacks" => import("gc").getattr("callbacks") => "[]";
    }
}

#[test]
fn get_referrers_and_objects_see_python_objects() {
    let inner = list([]);
    let outer = list([inner.clone()]);
    let referrers = call("gc", "get_referrers", std::slice::from_ref(&inner)).unwrap();
    assert!(referrers.contains(&outer).unwrap());
    let everything = call("gc", "get_objects", &[]).unwrap();
    assert!(everything.contains(&outer).unwrap());
    let young = call("gc", "get_objects", &[i(0)]).unwrap();
    assert!(young.contains(&outer).unwrap());
}

/// A plain Rust object in a cycle (not a Python object).
struct Plain(std::cell::RefCell<Option<Gc<Plain>>>);

impl Trace for Plain {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

#[test]
fn gc_garbage_is_one_real_list() {
    let gc_module = import("gc");
    let garbage = gc_module.getattr("garbage").unwrap();
    call(
        "gc",
        "set_debug",
        &[import("gc").getattr("DEBUG_SAVEALL").unwrap()],
    )
    .unwrap();
    // a = []; a.append(a); del a
    let a = list([]);
    a.call_method("append", &[a.clone()]).unwrap();
    let id = a.id();
    drop(a);
    let plain = Gc::new(Plain(std::cell::RefCell::new(None)));
    *plain.0.borrow_mut() = Some(plain.clone());
    drop(plain);
    assert_eq!(
        call("gc", "collect", &[])
            .unwrap()
            .extract::<i64>()
            .unwrap(),
        2
    );
    call("gc", "set_debug", &[i(0)]).unwrap();
    // The Python list is the storage: the collector's saves are in it ...
    assert!(garbage.is(&gc_module.getattr("garbage").unwrap()));
    assert_eq!(
        builtins::len(&garbage).unwrap().extract::<i64>().unwrap(),
        2
    );
    let saved = garbage.get_item(&i(0)).unwrap();
    assert_eq!(saved.id(), id);
    assert_eq!(saved.repr().unwrap(), "[[...]]");
    // ... the Rust side sees the same, including the plain Rust object (as `object`)
    assert_eq!(gc::garbage().len(), 2);
    let opaque = garbage.get_item(&i(1)).unwrap();
    assert_eq!(opaque.type_name(), "object");
    assert!(opaque.repr().unwrap().starts_with("<object object at 0x"));
    drop((saved, opaque));
    // `del gc.garbage[:]` from Python empties what Rust sees.
    garbage.del_item(&Obj::slice(None, None, None)).unwrap();
    assert!(gc::garbage().is_empty());
    // The cycles are collectable again once out of gc.garbage.
    assert_eq!(gc::collect(), 2);
    // Rust's take_garbage empties the Python list.
    call("gc", "set_debug", &[i(32)]).unwrap();
    let b = list([]);
    b.call_method("append", &[b.clone()]).unwrap();
    drop(b);
    gc::collect();
    call("gc", "set_debug", &[i(0)]).unwrap();
    assert_eq!(garbage.repr().unwrap(), "[[[...]]]");
    assert_eq!(gc::take_garbage().len(), 1);
    assert_eq!(garbage.repr().unwrap(), "[]");
    assert_eq!(gc::collect(), 1);
}

#[test]
fn gc_callbacks_is_a_real_list_called_with_phase_and_info() {
    let callbacks = import("gc").getattr("callbacks").unwrap();
    // d = {}; gc.callbacks.append(d.setdefault): called as d.setdefault(phase, info).
    let seen = Obj::dict();
    let record = seen.getattr("setdefault").unwrap();
    callbacks.call_method("append", &[record.clone()]).unwrap();
    let a = list([]);
    a.call_method("append", &[a.clone()]).unwrap();
    drop(a);
    call("gc", "collect", &[i(1)]).unwrap();
    assert_eq!(
        seen.repr().unwrap(),
        "{'start': {'generation': 1, 'collected': 0, 'uncollectable': 0}, \
         'stop': {'generation': 1, 'collected': 1, 'uncollectable': 0}}"
    );
    // gc.callbacks.clear(): no more calls.
    seen.call_method("clear", &[]).unwrap();
    callbacks.call_method("clear", &[]).unwrap();
    gc::collect();
    assert_eq!(seen.repr().unwrap(), "{}");
    // A raising callback (len(phase, info)) is reported; the next one still runs.
    callbacks
        .call_method("append", &[builtins::get("len").unwrap()])
        .unwrap();
    callbacks.call_method("append", &[record]).unwrap();
    gc::collect();
    assert_eq!(
        seen.get_item(&s("stop")).unwrap().repr().unwrap(),
        "{'generation': 2, 'collected': 0, 'uncollectable': 0}"
    );
    callbacks.call_method("clear", &[]).unwrap();
}

#[test]
fn sys_module() {
    let a = list([i(1), i(2), i(3)]);
    table! {
        "a = [1, 2, 3] ;; sys.getrefcount(a)" => call("sys", "getrefcount", &[a.clone()]) => "2";
        "sys.getrefcount(None)  (3.12+: immortal)" => call("sys", "getrefcount", &[none()]) => "4294967295";
        "sys.getrefcount()" => call("sys", "getrefcount", &[]) => "!! TypeError: sys.getrefcount() takes exactly one argument (0 given)";
        "sys.getrefcount(1, 2)" => call("sys", "getrefcount", &[i(1), i(2)]) => "!! TypeError: sys.getrefcount() takes exactly one argument (2 given)";
        "sys.intern(1)" => call("sys", "intern", &[i(1)]) => "!! TypeError: intern() argument must be str, not int";
        "sys.intern()" => call("sys", "intern", &[]) => "!! TypeError: sys.intern() takes exactly one argument (0 given)";
        "sys.intern('a', 'b')" => call("sys", "intern", &[s("a"), s("b")]) => "!! TypeError: sys.intern() takes exactly one argument (2 given)";
        "sys.intern('hello world')" => call("sys", "intern", &[s("hello world")]) => "'hello world'";
        "sys.maxsize" => import("sys").getattr("maxsize") => "9223372036854775807";
        #[cfg(not(miri))]
        "sys.getrecursionlimit()" => call("sys", "getrecursionlimit", &[]) => "1000";
        "sys.getrecursionlimit(1)" => call("sys", "getrecursionlimit", &[i(1)]) => "!! TypeError: sys.getrecursionlimit() takes no arguments (1 given)";
        "sys.setrecursionlimit(0)" => call("sys", "setrecursionlimit", &[i(0)]) => "!! ValueError: recursion limit must be greater or equal than 1";
        "sys.setrecursionlimit('a')" => call("sys", "setrecursionlimit", &[s("a")]) => "!! TypeError: 'str' object cannot be interpreted as an integer";
        "sys.setrecursionlimit()" => call("sys", "setrecursionlimit", &[]) => "!! TypeError: sys.setrecursionlimit() takes exactly one argument (0 given)";
        "sys.getsizeof()" => call("sys", "getsizeof", &[]) => "!! TypeError: getsizeof() missing required argument 'object' (pos 1)";
        "sys.getsizeof(1, 2, 3)" => call("sys", "getsizeof", &[i(1), i(2), i(3)]) => "!! TypeError: getsizeof() takes at most 2 arguments (3 given)";
    }
    // Interned: two equal strings made apart become one object.
    let x = call("sys", "intern", &[Obj::from(String::from("spam eggs"))]).unwrap();
    let y = call("sys", "intern", &[Obj::from(String::from("spam eggs"))]).unwrap();
    assert!(x.is(&y));
    // The limit is this thread's and is enforced.
    call("sys", "setrecursionlimit", &[i(50)]).unwrap();
    assert_eq!(
        call("sys", "getrecursionlimit", &[])
            .unwrap()
            .extract::<i64>()
            .unwrap(),
        50
    );
    let mut nested = list([]);
    for _ in 0..60 {
        nested = list([nested]);
    }
    let err = nested.repr().unwrap_err();
    assert_eq!(
        err.to_string(),
        "RecursionError: maximum recursion depth exceeded while getting the repr of an object"
    );
    call("sys", "setrecursionlimit", &[i(100)]).unwrap();
    assert!(nested.repr().is_ok());
}

#[test]
fn getsizeof_reports_block_and_buffers() {
    let size = |obj: &Obj| {
        call("sys", "getsizeof", &[obj.clone()])
            .unwrap()
            .extract::<usize>()
            .unwrap()
    };
    let empty = list([]);
    let base = size(&empty);
    assert!(base >= 16, "at least the header");
    // Up to four items live in the list's block; a fifth spills them to a buffer.
    for k in 0..4 {
        empty.call_method("append", &[i(k)]).unwrap();
    }
    assert_eq!(size(&empty), base);
    empty.call_method("append", &[i(4)]).unwrap();
    let capacity_grown = size(&empty);
    assert!(capacity_grown >= base + 5 * 8);
    // Up to 22 bytes, a str's text is in its block; a longer one is counted.
    assert_eq!(size(&s("abcd")), size(&s("ab")));
    assert_eq!(size(&s(&"a".repeat(30))) - size(&s(&"a".repeat(25))), 5);
    assert_eq!(size(&s(&"a".repeat(23))) - size(&s("ab")), 23);
    // Up to three items are in a tuple's block; more are in a buffer of their own.
    assert_eq!(size(&tuple([i(1), i(2), i(3)])), size(&tuple([i(1)])));
    assert_eq!(
        size(&tuple([i(1), i(2), i(3), i(4)])) - size(&tuple([i(1)])),
        4 * 8
    );
    assert_eq!(size(&i(1)), size(&i(2)));
}

#[test]
fn weakref_objects() {
    let weakref = import("weakref");
    let st = set([]);
    let other = set([]);
    let r = st.weakref(None).unwrap();
    table! {
        "weakref.ref([])" => weakref.getattr("ref").unwrap().call(&[list([])]) => "!! TypeError: cannot create weak reference to 'list' object";
        "weakref.ref({})" => weakref.getattr("ref").unwrap().call(&[Obj::dict()]) => "!! TypeError: cannot create weak reference to 'dict' object";
        "weakref.ref(1)" => weakref.getattr("ref").unwrap().call(&[i(1)]) => "!! TypeError: cannot create weak reference to 'int' object";
        "weakref.ref('a')" => weakref.getattr("ref").unwrap().call(&[s("a")]) => "!! TypeError: cannot create weak reference to 'str' object";
        "weakref.ref(())" => weakref.getattr("ref").unwrap().call(&[tuple([])]) => "!! TypeError: cannot create weak reference to 'tuple' object";
        "weakref.ref()" => weakref.getattr("ref").unwrap().call(&[]) => "!! TypeError: __new__ expected at least 1 argument, got 0";
        "weakref.ref(set(), 1, 2)" => weakref.getattr("ref").unwrap().call(&[set([]), i(1), i(2)]) => "!! TypeError: __new__ expected at most 2 arguments, got 3";
        "weakref.ref(set(), x=1)" => weakref.getattr("ref").unwrap().call_with(&Args::new(&[set([])], &[("x", i(1))])) => "!! TypeError: ref() takes no keyword arguments";
        "weakref.ref(set())()" => { let r = weakref.getattr("ref").unwrap().call(&[set([])]); r.and_then(|r| r.call(&[])) } => "None";
        "weakref.ref" => weakref.getattr("ref") => "<class 'weakref.ReferenceType'>";
        "weakref.ref(s)(1)" => r.call(&[i(1)]) => "!! TypeError: weakref expected 0 arguments, got 1";
        "weakref.ref(s).x" => r.getattr("x") => "!! AttributeError: 'weakref.ReferenceType' object has no attribute 'x'";
        "weakref.ref(s).__callback__" => r.getattr("__callback__") => "None";
        "weakref.ref(s) == weakref.ref(s)" => Ok(Obj::from(r.eq(&st.weakref(None).unwrap()).unwrap())) => "True";
        "weakref.ref(s) is weakref.ref(s)" => Ok(Obj::from(r.is(&st.weakref(None).unwrap()))) => "True";
        "weakref.ref(s, print) is weakref.ref(s)" => Ok(Obj::from(st.weakref(Some(&builtins::get("print").unwrap())).unwrap().is(&r))) => "False";
        "weakref.ref(s) == weakref.ref(s2)  (set() == set())" => Ok(Obj::from(r.eq(&other.weakref(None).unwrap()).unwrap())) => "True";
        "hash(weakref.ref(set()))  (dead)" => { let r = set([]).weakref(None); r.and_then(|r| r.hash().map(Obj::from)) } => "!! TypeError: weak object has gone away";
        "hash(weakref.ref(s)) ;; (unhashable set)" => r.hash().map(Obj::from) => "!! TypeError: unhashable type: 'set'";
    }
    let text = r.repr().unwrap();
    assert_eq!(
        text,
        format!("<weakref at {:#x}; to 'set' at {:#x}>", r.id(), st.id())
    );
    let int_type = builtins::get("int").unwrap();
    let to_type = int_type.weakref(None).unwrap();
    assert_eq!(
        to_type.repr().unwrap(),
        format!(
            "<weakref at {:#x}; to 'type' at {:#x} (int)>",
            to_type.id(),
            int_type.id()
        )
    );
    assert!(r.call(&[]).unwrap().is(&st));
    drop(st);
    assert!(r.call(&[]).unwrap().is_none());
    assert_eq!(
        r.repr().unwrap(),
        format!("<weakref at {:#x}; dead>", r.id())
    );
    // Dead: equal by identity only.
    let r2 = other.weakref(None).unwrap();
    drop(other);
    assert!(!r.eq(&r2).unwrap());
    assert!(r.eq(&r).unwrap());
}

#[test]
fn weakref_callbacks_run_with_the_weakref() {
    // r = weakref.ref(s, seen.append); del s  ->  seen == [r]
    let seen = list([]);
    let st = set([]);
    let r = st.weakref(Some(&seen.getattr("append").unwrap())).unwrap();
    assert!(
        r.getattr("__callback__")
            .unwrap()
            .repr()
            .unwrap()
            .starts_with("<built-in method append of list")
    );
    drop(st);
    assert_eq!(builtins::len(&seen).unwrap().extract::<i64>().unwrap(), 1);
    assert!(seen.get_item(&i(0)).unwrap().is(&r));
    assert!(r.getattr("__callback__").unwrap().is_none());

    // A weakref object that dies first: its callback is never called.
    let st = set([]);
    let r = st.weakref(Some(&seen.getattr("append").unwrap())).unwrap();
    drop(r);
    drop(st);
    assert_eq!(builtins::len(&seen).unwrap().extract::<i64>().unwrap(), 1);

    // In a collection: the target is garbage (a set in a cycle through a list), the
    // weakref object is not: the callback runs.
    let st = set([]);
    let holder = list([st.clone()]);
    let r = st.weakref(Some(&seen.getattr("append").unwrap())).unwrap();
    holder.call_method("append", &[holder.clone()]).unwrap();
    drop((st, holder));
    assert_eq!(gc::collect(), 2);
    assert_eq!(builtins::len(&seen).unwrap().extract::<i64>().unwrap(), 2);
    assert!(seen.get_item(&i(1)).unwrap().is(&r));
    assert!(r.call(&[]).unwrap().is_none());

    // PEP 442: the weakref object is garbage too (held only by the cycle): no call.
    let st = set([]);
    let holder = list([st.clone()]);
    let r = st.weakref(Some(&seen.getattr("append").unwrap())).unwrap();
    holder.call_method("append", &[holder.clone()]).unwrap();
    holder.call_method("append", &[r.clone()]).unwrap();
    drop((st, holder, r));
    assert_eq!(gc::collect(), 4); // the set, the list, the weakref object, its callback
    assert_eq!(builtins::len(&seen).unwrap().extract::<i64>().unwrap(), 2);

    // A cycle through the callback itself is collected: r -> callback (seen2.append)
    // -> seen2 -> r.
    let seen2 = list([]);
    let keep = set([]);
    let r = keep
        .weakref(Some(&seen2.getattr("append").unwrap()))
        .unwrap();
    seen2.call_method("append", &[r.clone()]).unwrap();
    drop((seen2, r));
    assert!(gc::collect() >= 3); // the list, its bound method, the weakref object
    assert_eq!(gc::collect(), 0);
    drop(keep);
}

#[test]
fn weakref_callback_errors_are_reported_not_raised() {
    let st = set([]);
    // len(r) raises TypeError: reported on stderr, the program goes on.
    let r = st.weakref(Some(&builtins::get("len").unwrap())).unwrap();
    drop(st);
    assert!(r.call(&[]).unwrap().is_none());
}

#[test]
fn weakref_survives_churn() {
    let n = if cfg!(miri) { 20 } else { 2000 };
    let seen = Rc::new(Cell::new(0usize));
    let append = list([]).getattr("append").unwrap();
    for k in 0..n {
        let st = set([i(k)]);
        let r = st
            .weakref(if k % 2 == 0 { Some(&append) } else { None })
            .unwrap();
        if k % 3 == 0 {
            drop(r);
            drop(st);
        } else {
            drop(st);
            assert!(r.call(&[]).unwrap().is_none());
            seen.set(seen.get() + 1);
        }
    }
    assert!(seen.get() > 0);
}
