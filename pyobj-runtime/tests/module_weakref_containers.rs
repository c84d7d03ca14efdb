//! `weakref.WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet`, `finalize` and
//! `proxy` against CPython 3.11: entries disappear the moment their referent is freed
//! (by its count reaching zero, or by the collector), finalizers run once, proxies
//! forward until their object dies; reprs and error texts are CPython's (pinned from
//! `python3` 3.11.7; addresses are checked against the objects' ids).

use pyobj_runtime::{Args, Obj, PyResult, gc, modules};

/// `weakref.<name>`.
fn attr(name: &str) -> Obj {
    modules::import("weakref")
        .and_then(|module| module.getattr(name))
        .expect("weakref provides the name")
}

/// `weakref.<name>(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    attr(name).call(args)
}

/// `f(*args, **keywords)`.
fn kw(f: &Obj, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    f.call_with(&Args::new(args, keywords))
}

/// `class A: pass` (instances accept weak references and hash by identity).
fn class_a() -> Obj {
    Obj::new_class("A", None, vec![]).unwrap()
}

/// `A()`.
fn new(class: &Obj) -> Obj {
    class.call(&[]).unwrap()
}

fn i(value: i64) -> Obj {
    Obj::from(value)
}

fn s(text: &str) -> Obj {
    Obj::from(text)
}

/// The text of an error.
fn err(result: PyResult<Obj>) -> String {
    match result {
        Ok(value) => format!("no error: {value:?}"),
        Err(error) => error.to_string(),
    }
}

fn repr(obj: &Obj) -> String {
    obj.repr().unwrap()
}

/// `list(iterable)`'s repr.
fn listed(iterable: PyResult<Obj>) -> String {
    repr(&Obj::list(iterable.unwrap().to_vec().unwrap()))
}

#[test]
fn weak_value_dictionary_entries_go_when_the_value_is_freed() {
    let class = class_a();
    let (a, b) = (new(&class), new(&class));
    let d = call("WeakValueDictionary", &[]).unwrap();
    d.set_item(&i(1), &a).unwrap();
    d.set_item(&i(2), &b).unwrap();
    assert_eq!(d.len().unwrap(), 2);
    assert!(d.get_item(&i(1)).unwrap().is(&a));
    assert!(d.contains(&i(2)).unwrap());
    assert_eq!(listed(d.call_method("keys", &[])), "[1, 2]");
    drop(b);
    // CPython: len(d), 2 in d, list(d) -> 1 False [1]
    assert_eq!(d.len().unwrap(), 1);
    assert!(!d.contains(&i(2)).unwrap());
    assert_eq!(listed(d.iter()), "[1]");
    assert_eq!(err(d.get_item(&i(2))), "KeyError: 2");
    assert_eq!(
        repr(&d.getattr("data").unwrap().len().map(Obj::from).unwrap()),
        "1"
    );
    drop(a);
    assert_eq!(d.len().unwrap(), 0);
    assert_eq!(repr(&d.getattr("data").unwrap()), "{}");
}

#[test]
fn weak_value_dictionary_methods_match_cpython() {
    let class = class_a();
    let (a, b) = (new(&class), new(&class));
    let d = call(
        "WeakValueDictionary",
        &[Obj::dict_from([(i(1), a.clone())]).unwrap()],
    )
    .unwrap();
    assert_eq!(repr(&d), format!("<WeakValueDictionary at {:#x}>", d.id()));
    assert!(d.call_method("get", &[i(1)]).unwrap().is(&a));
    assert!(d.call_method("get", &[i(2)]).unwrap().is_none());
    assert_eq!(repr(&d.call_method("get", &[i(2), i(7)]).unwrap()), "7");
    assert!(
        d.call_method("setdefault", &[i(2), b.clone()])
            .unwrap()
            .is(&b)
    );
    assert!(
        d.call_method("setdefault", &[i(2), a.clone()])
            .unwrap()
            .is(&b)
    );
    assert!(d.call_method("pop", &[i(2)]).unwrap().is(&b));
    assert_eq!(repr(&d.call_method("pop", &[i(2), i(5)]).unwrap()), "5");
    assert_eq!(err(d.call_method("pop", &[i(2)])), "KeyError: 2");
    let item = d.call_method("popitem", &[]).unwrap();
    assert_eq!(item.get_item(&i(0)).unwrap().repr().unwrap(), "1");
    assert_eq!(
        err(d.call_method("popitem", &[])),
        "KeyError: 'popitem(): dictionary is empty'"
    );
    let with_keywords = kw(&attr("WeakValueDictionary"), &[], &[("x", a.clone())]).unwrap();
    assert_eq!(listed(with_keywords.call_method("keys", &[])), "['x']");
    with_keywords
        .call_method("update", &[Obj::dict_from([(i(3), b.clone())]).unwrap()])
        .unwrap();
    assert_eq!(with_keywords.len().unwrap(), 2);
    let copy = with_keywords.call_method("copy", &[]).unwrap();
    assert_eq!(listed(copy.call_method("keys", &[])), "['x', 3]");
    let plain = Obj::dict_from([(s("x"), a.clone()), (i(3), b.clone())]).unwrap();
    assert!(copy.eq(&plain).unwrap());
    let merged = copy
        .bitor(&Obj::dict_from([(i(9), a.clone())]).unwrap())
        .unwrap();
    assert_eq!(listed(merged.call_method("keys", &[])), "['x', 3, 9]");
    let items = with_keywords.call_method("items", &[]).unwrap();
    assert!(
        repr(&items).starts_with("<generator object WeakValueDictionary.items at 0x"),
        "{}",
        repr(&items)
    );
    with_keywords.call_method("clear", &[]).unwrap();
    assert_eq!(with_keywords.len().unwrap(), 0);
    // Errors.
    assert_eq!(
        err(call(
            "WeakValueDictionary",
            &[Obj::dict_from([(i(1), i(2))]).unwrap()]
        )),
        "TypeError: cannot create weak reference to 'int' object"
    );
    assert_eq!(
        err(call("WeakValueDictionary", &[i(1)])),
        "TypeError: 'int' object is not iterable"
    );
    assert_eq!(
        err(call("WeakValueDictionary", &[Obj::dict(), Obj::dict()])),
        "TypeError: WeakValueDictionary.__init__() takes from 1 to 2 positional arguments but 3 were given"
    );
    assert_eq!(
        repr(&attr("WeakValueDictionary")),
        "<class 'weakref.WeakValueDictionary'>"
    );
}

#[test]
fn an_entry_that_dies_during_an_iteration_waits_until_it_ends() {
    let class = class_a();
    let values: Vec<Obj> = (0..3).map(|_| new(&class)).collect();
    let d = call("WeakValueDictionary", &[]).unwrap();
    for (key, value) in values.iter().enumerate() {
        d.set_item(&Obj::from(key), value).unwrap();
    }
    let keys = d.call_method("keys", &[]).unwrap();
    assert_eq!(repr(&keys.next_item().unwrap().unwrap()), "0");
    let mut values = values;
    drop(values.remove(1));
    // Gone for len() and lookups at once; still in `data` until the iteration ends.
    assert_eq!(d.len().unwrap(), 2);
    assert_eq!(d.getattr("data").unwrap().len().unwrap(), 3);
    assert_eq!(repr(&keys.next_item().unwrap().unwrap()), "2");
    assert!(keys.next_item().unwrap().is_none());
    drop(keys);
    assert_eq!(d.getattr("data").unwrap().len().unwrap(), 2);
    assert_eq!(listed(d.iter()), "[0, 2]");
}

#[test]
fn the_collector_empties_the_entries_of_garbage() {
    let class = class_a();
    let d = call("WeakValueDictionary", &[]).unwrap();
    let keys = call("WeakKeyDictionary", &[]).unwrap();
    let set = call("WeakSet", &[]).unwrap();
    let a = new(&class);
    a.setattr("me", &a).unwrap(); // a cycle
    d.set_item(&s("a"), &a).unwrap();
    keys.set_item(&a, &i(1)).unwrap();
    set.call_method("add", std::slice::from_ref(&a)).unwrap();
    drop(a);
    assert_eq!(
        (d.len().unwrap(), keys.len().unwrap(), set.len().unwrap()),
        (1, 1, 1)
    );
    gc::collect();
    assert_eq!(
        (d.len().unwrap(), keys.len().unwrap(), set.len().unwrap()),
        (0, 0, 0)
    );
}

#[test]
fn weak_key_dictionary_matches_cpython() {
    let class = class_a();
    let (a, b) = (new(&class), new(&class));
    let d = call(
        "WeakKeyDictionary",
        &[Obj::dict_from([(a.clone(), i(1))]).unwrap()],
    )
    .unwrap();
    assert_eq!(repr(&d), format!("<WeakKeyDictionary at {:#x}>", d.id()));
    d.set_item(&b, &i(2)).unwrap();
    assert_eq!(d.len().unwrap(), 2);
    assert_eq!(repr(&d.get_item(&b).unwrap()), "2");
    assert!(d.contains(&a).unwrap());
    assert!(!d.contains(&i(1)).unwrap()); // not weakly referenceable: False
    assert_eq!(
        err(d.get_item(&i(1))),
        "TypeError: cannot create weak reference to 'int' object"
    );
    let c = new(&class);
    // KeyError: <weakref at 0x...; to 'A' at 0x...>
    let missing = err(d.get_item(&c));
    assert!(missing.starts_with("KeyError: <weakref at 0x"), "{missing}");
    assert!(
        missing.ends_with(&format!("; to 'A' at {:#x}>", c.id())),
        "{missing}"
    );
    assert_eq!(listed(d.call_method("values", &[])), "[1, 2]");
    assert_eq!(
        repr(&d.call_method("get", &[c.clone(), i(9)]).unwrap()),
        "9"
    );
    assert_eq!(
        repr(&d.call_method("setdefault", &[c.clone(), i(3)]).unwrap()),
        "3"
    );
    assert_eq!(
        repr(&d.call_method("pop", std::slice::from_ref(&c)).unwrap()),
        "3"
    );
    assert_eq!(
        repr(&d.call_method("pop", &[c.clone(), i(0)]).unwrap()),
        "0"
    );
    assert_eq!(d.call_method("keyrefs", &[]).unwrap().len().unwrap(), 2);
    drop(b);
    assert_eq!(d.len().unwrap(), 1);
    assert_eq!(listed(d.call_method("values", &[])), "[1]");
    let pair = d.call_method("popitem", &[]).unwrap();
    assert!(pair.get_item(&i(0)).unwrap().is(&a));
    assert_eq!(
        err(d.call_method("popitem", &[])),
        "KeyError: 'popitem(): dictionary is empty'"
    );
    assert_eq!(
        err(kw(&d.getattr("update").unwrap(), &[], &[("x", i(1))])),
        "TypeError: cannot create weak reference to 'str' object"
    );
    assert_eq!(
        err(kw(&attr("WeakKeyDictionary"), &[], &[("x", i(1))])),
        "TypeError: WeakKeyDictionary.__init__() got an unexpected keyword argument 'x'"
    );
    assert_eq!(
        repr(&d.call_method("items", &[]).unwrap())[..43],
        *"<generator object WeakKeyDictionary.items a"
    );
}

#[test]
fn weak_set_matches_cpython() {
    let class = class_a();
    let (a, b) = (new(&class), new(&class));
    let set = call("WeakSet", &[Obj::list([a.clone()])]).unwrap();
    assert_eq!(repr(&attr("WeakSet")), "<class '_weakrefset.WeakSet'>");
    assert_eq!(
        repr(&set),
        format!(
            "{{<weakref at {:#x}; to 'A' at {:#x}>}}",
            set.getattr("data").unwrap().to_vec().unwrap()[0].id(),
            a.id()
        )
    );
    set.call_method("add", std::slice::from_ref(&b)).unwrap();
    set.call_method("add", std::slice::from_ref(&b)).unwrap();
    assert_eq!(set.len().unwrap(), 2);
    assert!(set.contains(&a).unwrap());
    assert!(!set.contains(&i(1)).unwrap());
    let union = set.bitor(&Obj::list([new(&class)])).unwrap();
    assert_eq!(union.len().unwrap(), 2); // the new instance died at once
    drop(b);
    assert_eq!(set.len().unwrap(), 1);
    assert!(set.to_vec().unwrap()[0].is(&a));
    set.call_method("discard", std::slice::from_ref(&a))
        .unwrap();
    assert_eq!(repr(&set), "set()");
    assert_eq!(
        err(set.call_method("pop", &[])),
        "KeyError: 'pop from empty WeakSet'"
    );
    assert_eq!(
        err(set.call_method("remove", &[i(1)])),
        "TypeError: cannot create weak reference to 'int' object"
    );
    let missing = err(set.call_method("remove", std::slice::from_ref(&a)));
    assert!(missing.starts_with("KeyError: <weakref at 0x"), "{missing}");
    assert_eq!(
        err(call("WeakSet", &[Obj::list([i(1)])])),
        "TypeError: cannot create weak reference to 'int' object"
    );
    assert_eq!(
        err(call("WeakSet", &[i(1)])),
        "TypeError: 'int' object is not iterable"
    );
    let it = call("WeakSet", &[]).unwrap().iter().unwrap();
    assert!(repr(&it).starts_with("<generator object WeakSet.__iter__ at 0x"));
    let same = call("WeakSet", &[Obj::list([a.clone()])]).unwrap();
    let again = call("WeakSet", &[Obj::list([a.clone()])]).unwrap();
    assert!(same.eq(&again).unwrap());
    assert!(!same.eq(&Obj::set([]).unwrap()).unwrap());
}

#[test]
fn finalize_runs_once_when_the_object_dies() {
    let class = class_a();
    let log = Obj::list([]);
    let append = log.getattr("append").unwrap();
    let b = new(&class);
    let finalizer = call("finalize", &[b.clone(), append.clone(), s("x")]).unwrap();
    assert_eq!(
        repr(&finalizer),
        format!(
            "<finalize object at {:#x}; for 'A' at {:#x}>",
            finalizer.id(),
            b.id()
        )
    );
    assert_eq!(repr(&finalizer.getattr("alive").unwrap()), "True");
    assert_eq!(repr(&finalizer.getattr("atexit").unwrap()), "True");
    finalizer.setattr("atexit", &Obj::from(false)).unwrap();
    assert_eq!(repr(&finalizer.getattr("atexit").unwrap()), "False");
    let peeked = finalizer.call_method("peek", &[]).unwrap();
    assert!(peeked.get_item(&i(0)).unwrap().is(&b));
    assert_eq!(repr(&peeked.get_item(&i(2)).unwrap()), "('x',)");
    drop(peeked);
    drop(b);
    // CPython: log, f.alive, f.atexit, f(), f.peek(), f.detach()
    assert_eq!(repr(&log), "['x']");
    assert_eq!(repr(&finalizer.getattr("alive").unwrap()), "False");
    assert_eq!(repr(&finalizer.getattr("atexit").unwrap()), "False");
    assert!(finalizer.call(&[]).unwrap().is_none());
    assert!(finalizer.call_method("peek", &[]).unwrap().is_none());
    assert!(finalizer.call_method("detach", &[]).unwrap().is_none());
    assert_eq!(
        repr(&finalizer),
        format!("<finalize object at {:#x}; dead>", finalizer.id())
    );
    assert_eq!(
        err(finalizer.setattr("x", &i(1)).map(|()| Obj::none())),
        "AttributeError: 'finalize' object has no attribute 'x'"
    );
    assert_eq!(
        err(finalizer.setattr("alive", &i(1)).map(|()| Obj::none())),
        "AttributeError: property 'alive' of 'finalize' object has no setter"
    );
    // Called early: func's result, once.
    let c = new(&class);
    let early = call("finalize", &[c.clone(), append.clone(), s("y")]).unwrap();
    assert!(early.call(&[]).unwrap().is_none());
    assert_eq!(repr(&log), "['x', 'y']");
    assert_eq!(repr(&early.getattr("alive").unwrap()), "False");
    assert!(early.call(&[]).unwrap().is_none());
    assert_eq!(
        err(early.call(&[i(1), i(2)])),
        "TypeError: finalize.__call__() takes from 1 to 2 positional arguments but 3 were given"
    );
    drop(c);
    assert_eq!(repr(&log), "['x', 'y']");
    // Detached: never called.
    let d = new(&class);
    let detached = kw(&attr("finalize"), &[d.clone(), append.clone(), s("z")], &[]).unwrap();
    let parts = detached.call_method("detach", &[]).unwrap();
    assert_eq!(repr(&parts.get_item(&i(2)).unwrap()), "('z',)");
    assert_eq!(repr(&parts.get_item(&i(3)).unwrap()), "{}");
    assert_eq!(repr(&detached.getattr("alive").unwrap()), "False");
    drop((d, parts));
    assert_eq!(repr(&log), "['x', 'y']");
    // Keyword arguments reach func; the finalizer lives on without a reference.
    let e = new(&class);
    let options = Obj::dict();
    let update = options.getattr("update").unwrap();
    drop(kw(
        &attr("finalize"),
        &[e.clone(), update],
        &[("colour", s("red"))],
    ));
    drop(e);
    assert_eq!(repr(&options), "{'colour': 'red'}");
    // Errors.
    assert_eq!(
        err(call("finalize", &[])),
        "TypeError: finalize.__init__() missing 2 required positional arguments: 'obj' and 'func'"
    );
    assert_eq!(
        err(call("finalize", &[new(&class)])),
        "TypeError: finalize.__init__() missing 1 required positional argument: 'func'"
    );
    assert_eq!(
        err(call("finalize", &[i(1), append])),
        "TypeError: cannot create weak reference to 'int' object"
    );
    assert_eq!(repr(&attr("finalize")), "<class 'weakref.finalize'>");
}

#[test]
fn proxy_forwards_until_its_object_dies() {
    let class = class_a();
    let a = new(&class);
    a.setattr("x", &i(5)).unwrap();
    let proxy = call("proxy", std::slice::from_ref(&a)).unwrap();
    assert!(call("proxy", std::slice::from_ref(&a)).unwrap().is(&proxy));
    assert_eq!(
        repr(&proxy),
        format!("<weakproxy at {:#x} to A at {:#x}>", proxy.id(), a.id())
    );
    assert_eq!(
        repr(&proxy.py_type().to_object()),
        "<class 'weakref.ProxyType'>"
    );
    assert_eq!(repr(&proxy.getattr("x").unwrap()), "5");
    proxy.setattr("y", &i(6)).unwrap();
    assert_eq!(repr(&a.getattr("y").unwrap()), "6");
    proxy.delattr("x").unwrap();
    assert!(!a.hasattr("x").unwrap());
    assert_eq!(
        err(proxy.getattr("z")),
        "AttributeError: 'A' object has no attribute 'z'"
    );
    assert!(proxy.eq(&a).unwrap());
    assert_eq!(
        err(proxy.hash().map(Obj::from)),
        "TypeError: unhashable type: 'weakref.ProxyType'"
    );
    assert_eq!(
        err(Obj::weakref(&proxy, None)),
        "TypeError: cannot create weak reference to 'weakref.ProxyType' object"
    );
    // A callback is called with the proxy; the object's death makes every use fail.
    let log = Obj::list([]);
    let with_callback = call("proxy", &[a.clone(), log.getattr("append").unwrap()]).unwrap();
    assert!(!with_callback.is(&proxy));
    drop(a);
    assert_eq!(log.len().unwrap(), 1);
    assert!(log.get_item(&i(0)).unwrap().is(&with_callback));
    let dead = "ReferenceError: weakly-referenced object no longer exists";
    assert_eq!(err(proxy.getattr("y")), dead);
    assert_eq!(err(proxy.str().map(Obj::from)), dead);
    assert_eq!(err(proxy.is_truthy().map(Obj::from)), dead);
    assert_eq!(err(proxy.eq(&i(1)).map(Obj::from)), dead);
    assert_eq!(
        repr(&proxy),
        format!(
            "<weakproxy at {:#x} to NoneType at {:#x}>",
            proxy.id(),
            Obj::none().id()
        )
    );
}

#[test]
fn proxy_of_a_container_or_a_function() {
    let set = Obj::set([i(1), i(2)]).unwrap();
    let proxy = call("proxy", std::slice::from_ref(&set)).unwrap();
    // CPython: len(p), 1 in p, sorted(p), p | {3}, str(p), p == {1, 2}
    assert_eq!(proxy.len().unwrap(), 2);
    assert!(proxy.contains(&i(1)).unwrap());
    assert_eq!(listed(proxy.iter()), "[1, 2]");
    assert_eq!(
        repr(&proxy.bitor(&Obj::set([i(3)]).unwrap()).unwrap()),
        "{1, 2, 3}"
    );
    assert_eq!(proxy.str().unwrap(), "{1, 2}");
    assert!(proxy.eq(&Obj::set([i(1), i(2)]).unwrap()).unwrap());
    let itemgetter = modules::import("operator")
        .unwrap()
        .getattr("itemgetter")
        .unwrap();
    let getter = itemgetter.call(&[i(0)]).unwrap();
    // Objects of types that are not weakly referenceable.
    assert_eq!(
        err(call("proxy", &[getter])),
        "TypeError: cannot create weak reference to 'operator.itemgetter' object"
    );
    assert_eq!(
        err(call("proxy", &[i(1)])),
        "TypeError: cannot create weak reference to 'int' object"
    );
    assert_eq!(
        err(call("proxy", &[])),
        "TypeError: proxy expected at least 1 argument, got 0"
    );
    assert_eq!(
        err(call("proxy", &[set.clone(), Obj::none(), i(3)])),
        "TypeError: proxy expected at most 2 arguments, got 3"
    );
    assert_eq!(
        err(kw(
            &attr("proxy"),
            std::slice::from_ref(&set),
            &[("k", i(1))]
        )),
        "TypeError: _weakref.proxy() takes no keyword arguments"
    );
    // A class is callable: its proxy is a CallableProxyType that calls it.
    let class = class_a();
    let callable = call("proxy", std::slice::from_ref(&class)).unwrap();
    assert_eq!(
        repr(&callable.py_type().to_object()),
        "<class 'weakref.CallableProxyType'>"
    );
    let made = callable.call(&[]).unwrap();
    assert!(made.getattr("__class__").unwrap().is(&class));
    assert_eq!(
        repr(&attr("ProxyTypes")),
        "(<class 'weakref.ProxyType'>, <class 'weakref.CallableProxyType'>)"
    );
}
