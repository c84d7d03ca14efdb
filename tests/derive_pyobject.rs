//! `#[derive(PyObject)]`: Rust structs as Python classes. Attribute reads and writes
//! with CPython's texts for members, `repr`, weak references, extraction back to a typed
//! handle, and cycles with Python objects that the collector collects.

use std::cell::{Cell, RefCell};

use pyobj::{Gc, Obj, PyObject, PyResult, builtins, gc, modules};

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

fn drops() -> usize {
    DROPS.with(Cell::get)
}

#[derive(PyObject)]
struct Node {
    value: Cell<i64>,
    label: RefCell<String>,
    next: RefCell<Option<Gc<Node>>>,
    items: RefCell<Obj>,
    /// Read-only: no interior mutability.
    name: String,
    #[trace(skip)]
    weight: f64,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = DROPS.try_with(|drops| drops.set(drops.get() + 1));
    }
}

fn node(name: &str) -> Gc<Node> {
    Gc::new(Node {
        value: Cell::new(1),
        label: RefCell::new(String::from("a")),
        next: RefCell::new(None),
        items: RefCell::new(Obj::none()),
        name: name.to_owned(),
        weight: 2.5,
    })
}

fn show(result: PyResult<Obj>) -> String {
    match result {
        Ok(obj) => obj
            .repr()
            .unwrap_or_else(|error| format!("!! repr raised {error}")),
        Err(error) => format!("!! {error}"),
    }
}

#[test]
fn fields_are_attributes() {
    let n = Obj::from(node("n"));
    assert_eq!(show(n.getattr("value")), "1");
    assert_eq!(show(n.getattr("label")), "'a'");
    assert_eq!(show(n.getattr("next")), "None");
    assert_eq!(show(n.getattr("name")), "'n'");
    assert_eq!(show(n.getattr("weight")), "2.5");
    assert_eq!(
        show(n.getattr("missing")),
        "!! AttributeError: 'Node' object has no attribute 'missing'"
    );
    n.setattr("value", &Obj::from(5)).unwrap();
    n.setattr("label", &Obj::from("b")).unwrap();
    assert_eq!(show(n.getattr("value")), "5");
    assert_eq!(show(n.getattr("label")), "'b'");
    let typed = n.clone().downcast::<Node>().ok().unwrap();
    assert_eq!(typed.value.get(), 5);
    assert_eq!(*typed.label.borrow(), "b");
    let table = [
        (
            n.setattr("value", &Obj::from("x")),
            "!! TypeError: attribute 'value' of 'Node' objects must be int, not str",
        ),
        (
            n.setattr("label", &Obj::from(3)),
            "!! TypeError: attribute 'label' of 'Node' objects must be str, not int",
        ),
        (
            n.setattr("next", &Obj::from(3)),
            "!! TypeError: attribute 'next' of 'Node' objects must be Node, not int",
        ),
        (
            n.setattr("name", &Obj::from("m")),
            "!! AttributeError: attribute 'name' of 'Node' objects is not writable",
        ),
        (
            n.delattr("name"),
            "!! AttributeError: attribute 'name' of 'Node' objects is not writable",
        ),
        (
            n.setattr("missing", &Obj::from(1)),
            "!! AttributeError: 'Node' object has no attribute 'missing'",
        ),
        (
            n.delattr("value"),
            "!! AttributeError: cannot delete attribute 'value' of 'Node' objects",
        ),
    ];
    for (result, expected) in table {
        assert_eq!(show(result.map(|()| Obj::none())), expected);
    }
    // The builtins see the attributes too.
    let getattr = builtins::get("getattr").unwrap();
    assert_eq!(show(getattr.call(&[n.clone(), Obj::from("value")])), "5");
    let hasattr = builtins::get("hasattr").unwrap();
    assert_eq!(show(hasattr.call(&[n.clone(), Obj::from("nope")])), "False");
}

#[test]
fn repr_type_weakref_and_extract() {
    let n = Obj::from(node("n"));
    assert_eq!(n.repr().unwrap(), format!("<Node object at {:#x}>", n.id()));
    assert_eq!(n.type_name(), "Node");
    assert_eq!(builtins::type_(&n).repr().unwrap(), "<class 'Node'>");
    assert!(n.eq(&n).unwrap());
    assert!(!n.eq(&Obj::from(node("m"))).unwrap());
    assert!(n.hash().is_ok());
    // obj.extract::<Gc<Node>>()
    let typed: Gc<Node> = n.extract().unwrap();
    assert_eq!(typed.name, "n");
    assert_eq!(
        Obj::from(3)
            .extract::<Gc<Node>>()
            .err()
            .unwrap()
            .to_string(),
        "TypeError: expected Node, got int"
    );
    // weakref.ref(node)
    let weakref = modules::import("weakref").unwrap();
    let r = weakref
        .getattr("ref")
        .unwrap()
        .call(std::slice::from_ref(&n))
        .unwrap();
    assert_eq!(
        r.repr().unwrap(),
        format!("<weakref at {:#x}; to 'Node' at {:#x}>", r.id(), n.id())
    );
    drop((n, typed));
    assert!(r.call(&[]).unwrap().is_none());
}

#[test]
fn cycles_with_python_objects_are_collected() {
    let before = drops();
    // n.items = [n]: a cycle through a Python list.
    let n = node("cycle");
    let obj = Obj::from(n.clone());
    let list = Obj::list([obj.clone()]);
    obj.setattr("items", &list).unwrap();
    // n.next = m; m.next = n: a cycle of two derived objects.
    let m = node("m");
    *n.next.borrow_mut() = Some(m.clone());
    Obj::from(m.clone()).setattr("next", &obj).unwrap();
    drop((n, m, obj, list));
    assert_eq!(drops(), before);
    assert_eq!(gc::collect(), 3);
    assert_eq!(drops(), before + 2);
}

#[test]
fn many_objects() {
    let count = if cfg!(miri) { 20 } else { 2000 };
    let before = drops();
    let mut previous: Option<Gc<Node>> = None;
    for k in 0..count {
        let n = node("chain");
        n.value.set(k);
        *n.next.borrow_mut() = previous.take();
        previous = Some(n);
    }
    let head = Obj::from(previous.unwrap());
    assert_eq!(
        head.getattr("value").unwrap().extract::<i64>().unwrap(),
        count - 1
    );
    drop(head);
    assert_eq!(drops(), before + count as usize);
}
