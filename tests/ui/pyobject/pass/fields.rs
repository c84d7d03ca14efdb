//! Field types that read and write as Python values, raw identifiers, private fields.
use std::cell::{Cell, RefCell};

use pyobj::{Gc, Obj, PyObject};

#[derive(PyObject)]
pub struct Node {
    value: Cell<i64>,
    ratio: Cell<f64>,
    flag: Cell<bool>,
    label: RefCell<String>,
    children: RefCell<Vec<Gc<Node>>>,
    parent: RefCell<Option<Gc<Node>>>,
    any: RefCell<Obj>,
    r#type: String,
    count: std::cell::Cell<u32>,
}

#[derive(PyObject)]
struct Empty {}

fn main() {
    let node = Obj::from(Gc::new(Node {
        value: Cell::new(1),
        ratio: Cell::new(0.5),
        flag: Cell::new(true),
        label: RefCell::new(String::new()),
        children: RefCell::new(Vec::new()),
        parent: RefCell::new(None),
        any: RefCell::new(Obj::none()),
        r#type: String::from("leaf"),
        count: Cell::new(0),
    }));
    assert_eq!(node.getattr("type").unwrap().repr().unwrap(), "'leaf'");
    let _ = Obj::from(Gc::new(Empty {}));
}
