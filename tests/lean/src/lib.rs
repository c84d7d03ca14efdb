//! A shape graph built on pyobj with `default-features = false`: what a Rust user who
//! wants only reference counting and the cycle collector compiles.
//!
//! The Python layer is not there: no `pyobj::Obj`, and `pyblock!` is a compile error that
//! names the `python` feature. CI checks that this crate's dependencies hold neither the
//! bigint crate nor ruff's parser (`cargo tree -p pyobj-lean`).

use std::cell::RefCell;

use pyobj::{Gc, Trace, coerce_gc};

/// Something drawn: used through `Gc<dyn Shape>`.
pub trait Shape {
    /// The shape's name.
    fn name(&self) -> &str;
    /// The shapes it links to.
    fn links(&self) -> Vec<Gc<dyn Shape>>;
    /// Links it to another shape.
    fn link(&self, to: Gc<dyn Shape>);
}

/// A shape with a name and links to other shapes, which may form cycles.
#[derive(Trace)]
pub struct Node {
    name: String,
    links: RefCell<Vec<Gc<dyn Shape>>>,
}

impl Shape for Node {
    fn name(&self) -> &str {
        &self.name
    }

    fn links(&self) -> Vec<Gc<dyn Shape>> {
        self.links.borrow().clone()
    }

    fn link(&self, to: Gc<dyn Shape>) {
        self.links.borrow_mut().push(to);
    }
}

/// A new node, as a `Gc<dyn Shape>`.
pub fn node(name: &str) -> Gc<dyn Shape> {
    coerce_gc!(Gc::new(Node { name: name.to_owned(), links: RefCell::new(Vec::new()) }) => dyn Shape)
}
