//! `#[derive(Trace)]` and `Finalize`: a type without generic parameters that implements
//! `Finalize` gets its finalizer from `Gc::new` as from `Gc::with_finalizer`; a generic
//! type gets it with `#[trace(finalize)]`; every other type gets none from `Gc::new`.

use std::cell::RefCell;

use pyobj::{Finalize, Gc, Obj, PyObject, Trace, Tracer, gc};

thread_local! {
    /// What happened, in order: `finalize a`, `drop a`, ...
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// Where a resurrecting finalizer keeps its object.
    static KEEP: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
}

fn log(event: String) {
    // The log may be gone already when a value is dropped at thread exit.
    let _ = LOG.try_with(|log| log.borrow_mut().push(event));
}

fn take_log() -> Vec<String> {
    LOG.with(|log| log.take())
}

/// A list with a `__del__`: derives `Trace`, no generic parameters.
#[derive(Trace)]
struct Node {
    #[trace(skip)]
    name: &'static str,
    #[trace(skip)]
    resurrect: bool,
    items: RefCell<Vec<Gc<Node>>>,
}

impl Finalize for Node {
    fn finalize(this: &Gc<Self>) {
        log(format!(
            "finalize {} ({} items)",
            this.name,
            this.items.borrow().len()
        ));
        if this.resurrect {
            KEEP.with(|keep| keep.borrow_mut().push(this.clone()));
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        log(format!("drop {}", self.name));
    }
}

fn node(name: &'static str, resurrect: bool) -> Node {
    Node {
        name,
        resurrect,
        items: RefCell::new(Vec::new()),
    }
}

#[test]
fn gc_new_runs_the_finalizer_of_a_derived_type_at_count_zero() {
    let a = Gc::new(node("a", false));
    let b = a.clone();
    drop(a);
    assert_eq!(take_log(), Vec::<String>::new());
    assert!(!gc::is_finalized(&b));
    drop(b);
    assert_eq!(take_log(), ["finalize a (0 items)", "drop a"]);
}

#[test]
fn every_constructor_attaches_it() {
    drop(Gc::from(node("from", false)));
    drop(Gc::new_cyclic(|_| node("cyclic", false)));
    assert_eq!(
        take_log(),
        [
            "finalize from (0 items)",
            "drop from",
            "finalize cyclic (0 items)",
            "drop cyclic",
        ]
    );
}

/// `a -> b -> a`, made by `make`; both handles dropped, then collected. The log.
fn collected_cycle(make: fn(Node) -> Gc<Node>) -> Vec<String> {
    let a = make(node("a", false));
    let b = make(node("b", false));
    a.items.borrow_mut().push(b.clone());
    b.items.borrow_mut().push(a.clone());
    drop((a, b));
    assert_eq!(take_log(), Vec::<String>::new());
    assert_eq!(gc::collect(), 2);
    take_log()
}

#[test]
fn a_collected_cycle_is_finalized_intact_then_cleared() {
    let log = collected_cycle(Gc::new);
    // Both finalizers run first, on intact objects (each still holds its item), once.
    let mut finalized = log[..2].to_vec();
    finalized.sort();
    assert_eq!(finalized, ["finalize a (1 items)", "finalize b (1 items)"]);
    let mut dropped = log[2..].to_vec();
    dropped.sort();
    assert_eq!(dropped, ["drop a", "drop b"]);
    // Exactly what `Gc::with_finalizer` does, in the same order.
    assert_eq!(collected_cycle(Gc::with_finalizer), log);
    assert_eq!(gc::collect(), 0);
    assert_eq!(take_log(), Vec::<String>::new());
}

#[test]
fn a_resurrected_object_is_not_finalized_again() {
    let a = Gc::new(node("a", true));
    a.items.borrow_mut().push(a.clone());
    drop(a);
    assert_eq!(gc::collect(), 0); // resurrected: nothing freed
    assert_eq!(take_log(), ["finalize a (1 items)"]);
    let a = KEEP.with(|keep| keep.borrow_mut().pop()).unwrap();
    assert!(gc::is_finalized(&a));
    assert_eq!(Gc::strong_count(&a), 2); // `a` and its own item
    a.items.borrow_mut().clear();
    drop(a);
    assert_eq!(take_log(), ["drop a"]);
}

/// An enum without generic parameters is detected as a struct is.
#[derive(Trace)]
enum Shape {
    Circle(#[trace(skip)] f64),
    Group(RefCell<Vec<Gc<Shape>>>),
}

impl Finalize for Shape {
    fn finalize(this: &Gc<Self>) {
        log(match &**this {
            Shape::Circle(radius) => format!("finalize circle {radius}"),
            Shape::Group(items) => format!("finalize group of {}", items.borrow().len()),
        });
    }
}

#[test]
fn an_enum_is_detected_too() {
    let circle = Gc::new(Shape::Circle(1.5));
    let group = Gc::new(Shape::Group(RefCell::new(vec![circle])));
    drop(group);
    assert_eq!(take_log(), ["finalize group of 1", "finalize circle 1.5"]);
}

/// Derives `Trace`, no `Finalize`: nothing to attach.
#[derive(Trace)]
struct Plain {
    items: RefCell<Vec<Gc<Plain>>>,
}

/// A generic type with a `Finalize` impl, without `#[trace(finalize)]`.
#[derive(Trace)]
struct Unmarked<T: 'static> {
    value: T,
}

impl<T: Trace + 'static> Finalize for Unmarked<T> {
    fn finalize(_: &Gc<Self>) {
        log("finalize unmarked".into());
    }
}

/// A hand-written `Trace` impl with a `Finalize` impl.
struct HandWritten;

impl Trace for HandWritten {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Finalize for HandWritten {
    fn finalize(_: &Gc<Self>) {
        log("finalize hand-written".into());
    }
}

#[test]
fn the_choice_is_a_constant() {
    // What `Gc::new` reads (through the type's vtable, a constant of its own).
    const {
        assert!(<Node as Trace>::FINALIZE.is_some());
        assert!(<Shape as Trace>::FINALIZE.is_some());
        assert!(<Labelled<i64> as Trace>::FINALIZE.is_some());
        assert!(<Plain as Trace>::FINALIZE.is_none());
        assert!(<Unmarked<i64> as Trace>::FINALIZE.is_none());
        assert!(<HandWritten as Trace>::FINALIZE.is_none());
    }
}

#[test]
fn without_a_detected_finalizer_gc_new_attaches_none() {
    let a = Gc::new(Plain {
        items: RefCell::new(Vec::new()),
    });
    a.items.borrow_mut().push(a.clone());
    drop(a);
    assert_eq!(gc::collect(), 1);
    drop(Gc::new(Unmarked { value: 1_i64 }));
    drop(Gc::new(HandWritten));
    assert_eq!(take_log(), Vec::<String>::new());
    // `Gc::with_finalizer` still attaches theirs.
    drop(Gc::with_finalizer(Unmarked { value: 1_i64 }));
    drop(Gc::with_finalizer(HandWritten));
    assert_eq!(take_log(), ["finalize unmarked", "finalize hand-written"]);
}

/// A generic type that asks for its finalizer.
#[derive(Trace)]
#[trace(finalize)]
struct Labelled<T: std::fmt::Debug + 'static> {
    label: T,
    next: RefCell<Option<Gc<Labelled<T>>>>,
}

impl<T: Trace + std::fmt::Debug + 'static> Finalize for Labelled<T> {
    fn finalize(this: &Gc<Self>) {
        log(format!("finalize {:?}", this.label));
    }
}

#[test]
fn a_generic_type_with_trace_finalize_gets_it_from_gc_new() {
    drop(Gc::new(Labelled {
        label: 7_i64,
        next: RefCell::new(None),
    }));
    drop(Gc::new(Labelled {
        label: String::from("text"),
        next: RefCell::new(None),
    }));
    assert_eq!(take_log(), ["finalize 7", "finalize \"text\""]);
    let a = Gc::new(Labelled {
        label: 'a',
        next: RefCell::new(None),
    });
    *a.next.borrow_mut() = Some(a.clone());
    drop(a);
    assert_eq!(gc::collect(), 1);
    assert_eq!(take_log(), ["finalize 'a'"]);
}

/// A Python class made from a struct: the same detection.
#[derive(PyObject)]
struct Resource {
    name: String,
}

impl Finalize for Resource {
    fn finalize(this: &Gc<Self>) {
        log(format!("close {}", this.name));
    }
}

#[test]
fn a_derived_python_class_is_detected_too() {
    let object = Obj::from(Gc::new(Resource {
        name: "file".into(),
    }));
    assert_eq!(object.getattr("name").unwrap().repr().unwrap(), "'file'");
    drop(object);
    assert_eq!(take_log(), ["close file"]);
}
