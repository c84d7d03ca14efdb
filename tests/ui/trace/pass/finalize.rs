//! `#[trace(finalize)]` on a generic type whose `Finalize` impl covers every
//! instantiation, and detection on types without generic parameters (with or without a
//! `Finalize` impl), all without a warning.

use std::cell::RefCell;
use std::marker::PhantomData;

use pyobj::{Finalize, Gc, Trace};

#[derive(Trace)]
#[trace(finalize)]
struct Node<T: 'static> {
    value: T,
    next: RefCell<Option<Gc<Node<T>>>>,
}

impl<T: Trace + 'static> Finalize for Node<T> {
    fn finalize(_: &Gc<Self>) {}
}

#[derive(Trace)]
struct Closing(i64);

impl Finalize for Closing {
    fn finalize(_: &Gc<Self>) {}
}

#[derive(Trace)]
struct Plain {
    value: i64,
}

// A lifetime parameter: no probe (the derive sees generic parameters), no error.
#[derive(Trace)]
struct Borrowing<'a> {
    marker: PhantomData<&'a ()>,
    value: i64,
}

fn main() {
    let node = Gc::new(Node { value: 1_u8, next: RefCell::new(None) });
    assert_eq!(node.value, 1);
    assert!(node.next.borrow().is_none());
    assert_eq!(Gc::new(Closing(2)).0, 2);
    assert_eq!(Gc::new(Plain { value: 3 }).value, 3);
    let borrowing = Borrowing { marker: PhantomData, value: 4 };
    assert_eq!((borrowing.marker, borrowing.value), (PhantomData, 4));
}
