use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use pyobj::{Gc, Trace};

#[derive(Trace)]
struct Node {
    shared: Rc<RefCell<Vec<Gc<Node>>>>,
    parent: Cell<Option<Gc<Node>>>,
    nested: Vec<Rc<Gc<Node>>>,
}

#[derive(Trace)]
struct Pair(Arc<Gc<i64>>, Cell<Option<pyobj::Gc<Node>>>);

// Handles nowhere in sight: the hint is to skip the field.
#[derive(Trace)]
struct Plain {
    name: Rc<String>,
    count: Cell<String>,
}

fn main() {}
