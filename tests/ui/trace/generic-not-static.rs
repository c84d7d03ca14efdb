use std::cell::RefCell;

use pyobj::{Gc, Trace};

// `Gc<Node<T>>` needs `Node<T>: 'static`: the struct itself must say `T: 'static`.
#[derive(Trace)]
struct Node<T> {
    next: RefCell<Option<Gc<Node<T>>>>,
    #[trace(skip)]
    value: T,
}

fn main() {}
