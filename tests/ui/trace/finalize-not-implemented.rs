use std::cell::RefCell;

use pyobj::{Gc, Trace};

// `#[trace(finalize)]` asks for a finalizer the type does not have.
#[derive(Trace)]
#[trace(finalize)]
struct Node<T: 'static> {
    value: T,
    next: RefCell<Option<Gc<Node<T>>>>,
}

// On a type without generic parameters too: the attribute is a promise.
#[derive(Trace)]
#[trace(finalize)]
enum Shape {
    Circle(f64),
}

fn main() {}
