//! Unsized handles: `Gc<dyn Trait>` (made with `coerce_gc!`), `Gc<str>`, `Gc<[T]>`, and
//! weak references to them, with the collector, finalizers and `Drop` seeing the
//! concrete value.
//!
//! Each test runs on its own thread, so its heap (and the counts `gc::collect` returns)
//! is its own.

use std::cell::{Cell, RefCell};
use std::fmt::Debug;

use pyobj_runtime::{
    AnyGc, DynTrace, Finalize, Gc, Trace, Tracer, Weak, coerce_gc, gc, impl_trace_for_dyn,
};

thread_local! {
    /// What `Drop` impls and finalizers did, in order.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(entry: impl Into<String>) {
    LOG.with(|log| log.borrow_mut().push(entry.into()));
}

fn take_log() -> Vec<String> {
    LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
}

/// A trait used through `Gc<dyn Shape>`: it needs no `Trace` of its own.
trait Shape {
    fn area(&self) -> f64;
    fn name(&self) -> String;
}

/// A shape that may name the next one.
struct Square {
    name: &'static str,
    side: f64,
    next: RefCell<Option<Gc<dyn Shape>>>,
}

impl Trace for Square {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

impl Drop for Square {
    fn drop(&mut self) {
        log(format!("drop {}", self.name));
    }
}

impl Shape for Square {
    fn area(&self) -> f64 {
        self.side * self.side
    }
    fn name(&self) -> String {
        self.name.to_owned()
    }
}

/// Another shape, so that one cycle mixes concrete types.
struct Circle {
    radius: f64,
    next: RefCell<Option<Gc<dyn Shape>>>,
}

impl Trace for Circle {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

impl Drop for Circle {
    fn drop(&mut self) {
        log("drop circle");
    }
}

impl Shape for Circle {
    fn area(&self) -> f64 {
        3.0 * self.radius * self.radius
    }
    fn name(&self) -> String {
        "circle".to_owned()
    }
}

fn square(name: &'static str, side: f64) -> Gc<dyn Shape> {
    coerce_gc!(Gc::new(Square { name, side, next: RefCell::new(None) }) => dyn Shape)
}

#[test]
fn handle_sizes() {
    assert_eq!(size_of::<Gc<i64>>(), size_of::<usize>());
    assert_eq!(size_of::<Option<Gc<i64>>>(), size_of::<usize>());
    assert_eq!(size_of::<Gc<str>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<Option<Gc<[u8]>>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<Gc<dyn Shape>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<Weak<i64>>(), size_of::<usize>());
    assert_eq!(size_of::<Weak<dyn Shape>>(), size_of::<usize>());
    assert_eq!(size_of::<Weak<str>>(), size_of::<usize>());
}

#[test]
fn a_cycle_of_dyn_handles_is_collected_with_its_exact_count() {
    let a = square("a", 2.0);
    let b: Gc<dyn Shape> =
        coerce_gc!(Gc::new(Circle { radius: 1.0, next: RefCell::new(None) }) => dyn Shape);
    let c = square("c", 3.0);
    assert_eq!((a.area(), b.area(), c.area()), (4.0, 3.0, 9.0));
    assert_eq!(b.name(), "circle");
    // a -> b -> c -> a, each edge a `Gc<dyn Shape>` stored in the concrete value.
    let link = |from: &Gc<dyn Shape>, to: &Gc<dyn Shape>| {
        let any = Gc::into_any(from.clone());
        if let Some(square) = any.downcast_ref::<Square>() {
            *square.next.borrow_mut() = Some(to.clone());
        } else {
            let circle = any.downcast_ref::<Circle>().expect("a circle");
            *circle.next.borrow_mut() = Some(to.clone());
        }
    };
    link(&a, &b);
    link(&b, &c);
    link(&c, &a);
    assert_eq!(
        (
            Gc::strong_count(&a),
            Gc::strong_count(&b),
            Gc::strong_count(&c)
        ),
        (2, 2, 2)
    );
    drop((a, b, c));
    assert!(take_log().is_empty(), "a cycle keeps its counts above zero");
    assert_eq!(gc::collect(), 3);
    let mut dropped = take_log();
    dropped.sort();
    assert_eq!(dropped, ["drop a", "drop c", "drop circle"]);
    assert_eq!(gc::collect(), 0);
}

#[test]
fn a_dyn_handle_downcasts_back_to_its_concrete_type() {
    let shape = square("s", 1.5);
    let any: AnyGc = Gc::into_any(shape.clone());
    assert!(any.is::<Square>());
    let back: Gc<Square> = any.downcast().expect("the object is a Square");
    assert_eq!(back.side, 1.5);
    assert_eq!(Gc::strong_count(&shape), 2);
    drop(back);
    drop(shape);
    assert_eq!(take_log(), ["drop s"]);
}

/// A value with a finalizer, used as a `dyn Debug`.
#[derive(Debug)]
struct Resource(u32);

impl Trace for Resource {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Finalize for Resource {
    fn finalize(this: &Gc<Self>) {
        log(format!("finalize {}", this.0));
    }
}

impl Drop for Resource {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

#[test]
fn a_dyn_handle_runs_the_concrete_finalizer_then_drop() {
    let strong: Gc<dyn Debug> = coerce_gc!(Gc::with_finalizer(Resource(7)) => dyn Debug);
    let other = strong.clone();
    assert_eq!(format!("{strong:?}"), "Resource(7)");
    drop(strong);
    assert!(take_log().is_empty());
    drop(other);
    assert_eq!(take_log(), ["finalize 7", "drop 7"]);
}

#[test]
fn gc_str_holds_its_text_and_counts() {
    let text: Gc<str> = Gc::from("hello, world");
    assert_eq!(&*text, "hello, world");
    assert_eq!(text.len(), 12);
    assert_eq!(Gc::strong_count(&text), 1);
    let copy = text.clone();
    assert_eq!(Gc::strong_count(&text), 2);
    assert!(Gc::ptr_eq(&text, &copy));
    drop(copy);
    assert_eq!(Gc::strong_count(&text), 1);

    let owned: Gc<str> = Gc::from(String::from("hello, world"));
    assert_eq!(text, owned);
    assert!(!Gc::ptr_eq(&text, &owned));
    assert_eq!(
        format!("{owned} {owned:?}"),
        "hello, world \"hello, world\""
    );

    let empty: Gc<str> = Gc::from("");
    assert_eq!((&*empty, Gc::strong_count(&empty)), ("", 1));
    let unicode: Gc<str> = Gc::from("héllo ∑");
    assert_eq!(unicode.chars().count(), 7);
    assert_eq!(Gc::into_any(unicode).type_name(), "str");
}

#[test]
fn gc_slices_own_their_items() {
    let strings: Gc<[String]> = Gc::from(vec![String::from("a"), String::from("bc")]);
    assert_eq!(strings.len(), 2);
    assert_eq!(strings[1], "bc");
    let copy: Gc<[String]> = Gc::from(&strings[..]);
    assert_eq!(strings, copy);
    assert_eq!(Gc::strong_count(&strings), 1);

    let empty: Gc<[i64]> = Gc::from(Vec::new());
    assert!(empty.is_empty());

    // Zero-sized items: the length is still kept.
    let units: Gc<[()]> = Gc::from(vec![(); 5]);
    assert_eq!(units.len(), 5);

    // Over-aligned items start at their own alignment.
    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(align(32))]
    struct Wide(u8);
    impl Trace for Wide {
        const TRACKED: bool = false;
        fn trace(&self, _: &mut Tracer<'_>) {}
    }
    let wide: Gc<[Wide]> = Gc::from(vec![Wide(1), Wide(2), Wide(3)]);
    assert_eq!(*wide, [Wide(1), Wide(2), Wide(3)]);
    assert_eq!(Gc::as_ptr(&wide).cast::<u8>().addr() % 32, 0);

    // More than the pools serve: a block of the system allocator.
    let big: Gc<[u64]> = Gc::from((0..1000).collect::<Vec<u64>>());
    assert_eq!(big.iter().sum::<u64>(), 499_500);

    // From an array, by coercion: the object stays the array's.
    let array: Gc<[u8]> = coerce_gc!(Gc::new([1_u8, 2, 3]) => [u8]);
    assert_eq!(*array, [1, 2, 3]);
    assert!(Gc::into_any(array).type_name().ends_with("[u8; 3]"));

    let boxed: Gc<i64> = Gc::from(Box::new(5_i64));
    assert_eq!(*boxed, 5);
}

/// Counts its drops.
struct Counted(&'static str);

impl Trace for Counted {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Drop for Counted {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

#[test]
fn a_slice_drops_each_item_once_in_order() {
    let items: Gc<[Counted]> = Gc::from(vec![Counted("x"), Counted("y"), Counted("z")]);
    let other = items.clone();
    drop(items);
    assert!(take_log().is_empty());
    drop(other);
    assert_eq!(take_log(), ["drop x", "drop y", "drop z"]);
}

/// A node that may hold a slice of node handles.
struct Node {
    name: &'static str,
    children: RefCell<Option<Gc<[Gc<Node>]>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.children.trace(tracer);
    }
    fn drop_handles(&self) {
        self.children.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        log(format!("drop {}", self.name));
    }
}

fn node(name: &'static str) -> Gc<Node> {
    Gc::new(Node {
        name,
        children: RefCell::new(None),
    })
}

#[test]
fn a_cycle_through_a_slice_of_handles_is_collected() {
    let a = node("a");
    let b = node("b");
    let slice: Gc<[Gc<Node>]> = Gc::from(vec![a.clone(), b.clone()]);
    // a -> slice -> [a, b], b -> slice.
    *a.children.borrow_mut() = Some(slice.clone());
    *b.children.borrow_mut() = Some(slice.clone());
    assert_eq!(Gc::strong_count(&slice), 3);
    assert!(gc::is_tracked(&Gc::into_any(slice.clone())));
    drop((a, b, slice));
    assert!(take_log().is_empty());
    assert_eq!(gc::collect(), 3);
    let mut dropped = take_log();
    dropped.sort();
    assert_eq!(dropped, ["drop a", "drop b"]);
}

#[test]
fn an_old_cycle_through_a_slice_is_found_by_the_full_collection() {
    let a = node("old");
    let slice: Gc<[Gc<Node>]> = Gc::from(vec![a.clone()]);
    *a.children.borrow_mut() = Some(slice.clone());
    drop(slice);
    // Survives two collections: generation 2, found by walking the pools.
    assert_eq!(gc::collect(), 0);
    assert_eq!(gc::collect(), 0);
    drop(a);
    assert_eq!(gc::collect(), 2);
    assert_eq!(take_log(), ["drop old"]);
}

#[test]
fn weak_references_to_unsized_targets() {
    let text: Gc<str> = Gc::from("target");
    let weak: Weak<str> = Gc::downgrade(&text);
    let again = weak.clone();
    assert!(Weak::ptr_eq(&weak, &again));
    assert_eq!(weak.upgrade().as_deref(), Some("target"));
    assert_eq!((weak.strong_count(), weak.weak_count()), (1, 2));
    assert_eq!(Gc::weak_count(&text), 2);
    let second = Gc::downgrade(&text);
    assert!(
        !Weak::ptr_eq(&weak, &second),
        "each unsized downgrade has its own cell"
    );
    assert_eq!(Gc::weak_count(&text), 3);
    drop(second);

    let called = std::rc::Rc::new(Cell::new(0));
    let seen = called.clone();
    let with_callback = Weak::with_callback(&text, move || seen.set(seen.get() + 1));
    assert_eq!(with_callback.upgrade().map(|t| t.len()), Some(6));
    drop(text);
    assert!(weak.upgrade().is_none());
    assert!(again.upgrade().is_none());
    assert!(with_callback.upgrade().is_none());
    assert_eq!(called.get(), 1);
    assert_eq!((weak.strong_count(), weak.weak_count()), (0, 0));

    let shape = square("w", 2.0);
    let weak_shape: Weak<dyn Shape> = Gc::downgrade(&shape);
    assert_eq!(weak_shape.upgrade().map(|s| s.area()), Some(4.0));
    drop(shape);
    assert_eq!(take_log(), ["drop w"]);
    assert!(weak_shape.upgrade().is_none());

    let items: Gc<[i64]> = Gc::from(vec![1, 2, 3]);
    let weak_items = Gc::downgrade(&items);
    let strong = weak_items.upgrade().expect("alive");
    assert!(Gc::ptr_eq(&strong, &items));
    assert_eq!(*strong, [1, 2, 3]);
    drop((items, strong));
    assert!(weak_items.upgrade().is_none());
}

#[test]
fn a_weak_to_a_dyn_object_in_a_collected_cycle_sees_it_gone() {
    let a = square("cyc", 1.0);
    let any = Gc::into_any(a.clone());
    *any.downcast_ref::<Square>().unwrap().next.borrow_mut() = Some(a.clone());
    drop(any);
    let weak = Gc::downgrade(&a);
    drop(a);
    assert!(weak.upgrade().is_some());
    assert_eq!(gc::collect(), 1);
    assert!(weak.upgrade().is_none());
    assert_eq!(take_log(), ["drop cyc"]);
}

/// A trait whose trait objects the collector sees into (`Box<dyn Part>`).
trait Part: DynTrace {
    fn weight(&self) -> u32;
}

impl_trace_for_dyn!(dyn Part);

/// A container of boxed parts.
struct Machine {
    parts: RefCell<Vec<Box<dyn Part>>>,
}

impl Trace for Machine {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.parts.trace(tracer);
    }
    fn drop_handles(&self) {
        self.parts.drop_handles();
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        log("drop machine");
    }
}

/// A part that names its machine.
struct Backlink {
    machine: RefCell<Option<Gc<Machine>>>,
}

impl Trace for Backlink {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.machine.trace(tracer);
    }
    fn drop_handles(&self) {
        self.machine.drop_handles();
    }
}

impl Part for Backlink {
    fn weight(&self) -> u32 {
        2
    }
}

/// A part with no handles.
struct Bolt;

impl Trace for Bolt {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Part for Bolt {
    fn weight(&self) -> u32 {
        1
    }
}

#[test]
fn a_cycle_through_a_boxed_trait_object_is_collected() {
    let machine = Gc::new(Machine {
        parts: RefCell::new(Vec::new()),
    });
    machine.parts.borrow_mut().push(Box::new(Bolt));
    machine.parts.borrow_mut().push(Box::new(Backlink {
        machine: RefCell::new(Some(machine.clone())),
    }));
    let total: u32 = machine
        .parts
        .borrow()
        .iter()
        .map(|part| part.weight())
        .sum();
    assert_eq!(total, 3);
    drop(machine);
    assert!(take_log().is_empty());
    assert_eq!(gc::collect(), 1);
    assert_eq!(take_log(), ["drop machine"]);
}

#[test]
fn a_trait_upcast_keeps_the_object() {
    trait Named: Debug {
        fn id(&self) -> u32;
    }
    #[derive(Debug)]
    struct Thing(u32);
    impl Trace for Thing {
        const TRACKED: bool = false;
        fn trace(&self, _: &mut Tracer<'_>) {}
    }
    impl Named for Thing {
        fn id(&self) -> u32 {
            self.0
        }
    }
    let named: Gc<dyn Named> = coerce_gc!(Gc::new(Thing(4)) => dyn Named);
    assert_eq!(named.id(), 4);
    let debug: Gc<dyn Debug> = coerce_gc!(named.clone() => dyn Debug);
    assert_eq!(format!("{debug:?}"), "Thing(4)");
    assert_eq!(Gc::strong_count(&named), 2);
}
