//! `#[derive(Trace)]` seen from the runtime: the cycles the collector finds through
//! derived impls, the handles they release, and which types it tracks at all.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;

use pyobj::{AnyGc, Gc, Handle, Trace, Tracer, gc};

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

/// How many [`DropCounter`]s (and types with a counting `Drop`) this thread dropped.
fn drops() -> usize {
    DROPS.with(Cell::get)
}

fn count_drop() {
    // The counter may be gone already when a value is dropped at thread exit.
    let _ = DROPS.try_with(|drops| drops.set(drops.get() + 1));
}

/// Counts its drop. Not `Trace`: a field of this type must be `#[trace(skip)]`.
struct DropCounter;

impl Drop for DropCounter {
    fn drop(&mut self) {
        count_drop();
    }
}

/// The objects `handle`'s value reports holding, by address.
fn referents(handle: &impl Handle) -> Vec<usize> {
    gc::get_referents(handle).iter().map(AnyGc::addr).collect()
}

fn addr(handle: &impl Handle) -> usize {
    AnyGc::addr(handle.as_any())
}

/// A Python object with an attribute that may point back: `a.next = b`.
#[derive(Trace)]
struct Node {
    name: &'static str,
    next: RefCell<Option<Gc<Node>>>,
    #[trace(skip)]
    _drops: DropCounter,
}

fn node(name: &'static str) -> Gc<Node> {
    Gc::new(Node {
        name,
        next: RefCell::new(None),
        _drops: DropCounter,
    })
}

fn point(from: &Gc<Node>, to: &Gc<Node>) {
    *from.next.borrow_mut() = Some(to.clone());
}

#[test]
fn a_two_cycle_of_named_structs_is_found_and_freed() {
    let before = drops();
    let a = node("a");
    let b = node("b");
    point(&a, &b);
    point(&b, &a);
    assert_eq!(referents(&a), [addr(&b)]);
    assert_eq!((a.name, b.name), ("a", "b"));
    assert_eq!(Gc::strong_count(&a), 2);

    drop((a, b));
    assert_eq!(drops() - before, 0, "a cycle keeps its counts above zero");
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops() - before, 2);
}

/// A tuple struct: the edge is field `0`.
#[derive(Trace)]
struct Link(RefCell<Option<Gc<Link>>>, #[trace(skip)] DropCounter);

#[test]
fn a_self_cycle_through_a_tuple_field_is_found_and_freed() {
    let before = drops();
    let link = Gc::new(Link(RefCell::new(None), DropCounter));
    *link.0.borrow_mut() = Some(link.clone());
    assert_eq!(referents(&link), [addr(&link)]);

    drop(link);
    assert_eq!(gc::collect(), 1);
    assert_eq!(drops() - before, 1);
}

/// An enum with a struct variant, a tuple variant and a unit variant.
#[derive(Trace)]
enum Tree {
    Leaf(i64),
    Branch {
        children: RefCell<Vec<Gc<Tree>>>,
        #[trace(skip)]
        _drops: DropCounter,
    },
    Empty,
}

fn branch() -> Gc<Tree> {
    Gc::new(Tree::Branch {
        children: RefCell::new(Vec::new()),
        _drops: DropCounter,
    })
}

fn children(tree: &Tree) -> &RefCell<Vec<Gc<Tree>>> {
    match tree {
        Tree::Branch { children, .. } => children,
        Tree::Leaf(_) | Tree::Empty => unreachable!("only branches have children"),
    }
}

#[test]
fn each_enum_variant_reports_the_handles_it_holds() {
    let before = drops();
    let (x, y) = (branch(), branch());
    let leaf = Gc::new(Tree::Leaf(7));
    let empty = Gc::new(Tree::Empty);
    children(&x).borrow_mut().extend([y.clone(), leaf.clone()]);
    children(&y).borrow_mut().extend([x.clone(), empty.clone()]);
    assert_eq!(referents(&x), [addr(&y), addr(&leaf)]);
    assert_eq!(referents(&y), [addr(&x), addr(&empty)]);
    assert_eq!(referents(&leaf), []);
    assert_eq!(referents(&empty), []);

    // The leaf and the empty tree are reachable only from the cycle: garbage with it.
    drop((x, y, leaf, empty));
    assert_eq!(gc::collect(), 4);
    assert_eq!(drops() - before, 2);
}

/// Generic: `T` is traced and bound by `Trace`; `L` only labels, so it needs no bound.
#[derive(Trace)]
struct Labeled<T, L> {
    value: T,
    #[trace(skip)]
    label: L,
}

/// A cycle that goes through a generic field.
#[derive(Trace)]
struct Cyclic {
    inner: Labeled<RefCell<Option<Gc<Cyclic>>>, DropCounter>,
}

#[test]
fn a_generic_field_is_traced_and_a_skipped_one_needs_no_trace() {
    let a = node("a");
    let labeled = Gc::new(Labeled {
        value: Some(a.clone()),
        label: "label",
    });
    assert_eq!(labeled.label, "label");
    assert_eq!(referents(&labeled), [addr(&a)]);
}

#[test]
fn a_cycle_through_a_generic_field_is_found_and_freed() {
    let before = drops();
    let cyclic = Gc::new(Cyclic {
        inner: Labeled {
            value: RefCell::new(None),
            label: DropCounter,
        },
    });
    *cyclic.inner.value.borrow_mut() = Some(cyclic.clone());

    drop(cyclic);
    assert_eq!(gc::collect(), 1);
    assert_eq!(drops() - before, 1);
}

/// Lifetime and const parameters are kept as they are.
#[derive(Trace)]
struct Slots<'a, const N: usize> {
    slots: [Option<Gc<Node>>; N],
    #[trace(skip)]
    name: &'a str,
}

#[test]
fn const_generic_arrays_are_traced_element_by_element() {
    let (a, b) = (node("a"), node("b"));
    let slots = Gc::new(Slots::<'static, 3> {
        slots: [Some(a.clone()), None, Some(b.clone())],
        name: "slots",
    });
    assert_eq!(slots.name, "slots");
    assert_eq!(referents(&slots), [addr(&a), addr(&b)]);
}

/// One field the collector sees, one it does not.
#[derive(Trace)]
struct Split {
    seen: RefCell<Option<Gc<Node>>>,
    #[trace(skip)]
    unseen: RefCell<Option<Gc<Node>>>,
}

#[test]
fn a_skipped_field_is_neither_traced_nor_cleared() {
    let (a, b) = (node("a"), node("b"));
    let split = Split {
        seen: RefCell::new(Some(a.clone())),
        unseen: RefCell::new(Some(b.clone())),
    };
    let held = Gc::new(split);
    assert_eq!(referents(&held), [addr(&a)]);

    Trace::drop_handles(&*held);
    assert!(held.seen.borrow().is_none());
    assert!(held.unseen.borrow().is_some());
    assert_eq!((Gc::strong_count(&a), Gc::strong_count(&b)), (1, 2));
}

/// Handles held directly, released by `drop_handles_mut` (on a value the caller owns).
#[derive(Trace)]
struct Owned {
    first: Option<Gc<Node>>,
    rest: Vec<Gc<Node>>,
    count: usize,
    #[trace(skip)]
    kept: Option<Gc<Node>>,
}

#[test]
fn clear_mut_releases_every_traced_handle() {
    let a = node("a");
    let mut owned = Owned {
        first: Some(a.clone()),
        rest: vec![a.clone(), a.clone()],
        count: 3,
        kept: Some(a.clone()),
    };
    assert_eq!(Gc::strong_count(&a), 5);

    Trace::drop_handles_mut(&mut owned);
    assert!(owned.first.is_none());
    assert!(owned.rest.is_empty());
    assert_eq!(owned.count, 3);
    assert!(owned.kept.is_some());
    assert_eq!(Gc::strong_count(&a), 2);
}

/// Types that implement `Drop` themselves: the derive only borrows their fields.
#[derive(Trace)]
struct Guarded {
    next: RefCell<Option<Gc<Guarded>>>,
}

impl Drop for Guarded {
    fn drop(&mut self) {
        count_drop();
    }
}

#[derive(Trace)]
enum GuardedEnum {
    Holder(RefCell<Option<Gc<Guarded>>>),
    Plain { value: i64 },
}

impl Drop for GuardedEnum {
    fn drop(&mut self) {
        count_drop();
    }
}

#[test]
fn types_with_their_own_drop_are_traced_collected_and_dropped() {
    let before = drops();
    let guarded = Gc::new(Guarded {
        next: RefCell::new(None),
    });
    let holder = Gc::new(GuardedEnum::Holder(RefCell::new(Some(guarded.clone()))));
    *guarded.next.borrow_mut() = Some(guarded.clone());
    let plain = Gc::new(GuardedEnum::Plain { value: 1 });
    assert_eq!(referents(&holder), [addr(&guarded)]);
    assert_eq!(referents(&plain), []);
    if let GuardedEnum::Plain { value } = &*plain {
        assert_eq!(*value, 1);
    }

    drop((guarded, holder, plain));
    assert_eq!(
        drops() - before,
        2,
        "the holder and the plain value had no cycle"
    );
    assert_eq!(gc::collect(), 1);
    assert_eq!(drops() - before, 3);
}

/// Holds a handle, and has inherent methods named like `Trace`'s, which method-call
/// syntax would pick first. The derived code must call the trait's.
struct Decoy(RefCell<Option<Gc<HoldsDecoy>>>);

#[allow(dead_code)] // never called: that is the point
impl Decoy {
    fn trace(&self, _: &mut Tracer<'_>) {
        panic!("the inherent `trace` was called instead of `Trace::trace`");
    }
    fn drop_handles(&self) {
        panic!("the inherent `clear` was called instead of `Trace::drop_handles`");
    }
}

impl Trace for Decoy {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        Trace::drop_handles(&self.0);
    }
}

#[derive(Trace)]
struct HoldsDecoy {
    decoy: Decoy,
}

#[test]
fn fields_are_visited_through_trace_not_methods_of_the_same_name() {
    let holder = Gc::new(HoldsDecoy {
        decoy: Decoy(RefCell::new(None)),
    });
    *holder.decoy.0.borrow_mut() = Some(holder.clone());
    drop(holder);
    assert_eq!(gc::collect(), 1);
}

/// Plain data of every shape.
#[derive(Trace)]
struct Point {
    x: f64,
    y: f64,
}

#[derive(Trace)]
struct Meters(f64);

#[derive(Trace)]
struct Marker;

#[derive(Trace)]
struct OnlySkipped {
    #[trace(skip)]
    node: Option<Gc<Node>>,
}

#[derive(Trace)]
enum Never {}

#[derive(Trace)]
enum Answer {
    Yes,
    No,
    Maybe(String),
}

#[derive(Trace)]
struct Phantom<T> {
    marker: PhantomData<T>,
}

/// `T::TRACKED`, read at run time so that the assertions read as a table.
fn tracked<T: Trace>() -> bool {
    T::TRACKED
}

#[test]
fn tracked_is_the_or_of_the_traced_fields() {
    assert!(tracked::<Node>());
    assert!(tracked::<Link>());
    assert!(tracked::<Tree>());
    assert!(tracked::<Split>());
    assert!(tracked::<Owned>());
    assert!(tracked::<Labeled<Gc<Node>, DropCounter>>());
    assert!(tracked::<Labeled<Option<AnyGc>, ()>>());
    assert!(tracked::<Slots<'static, 0>>());

    assert!(!tracked::<Point>());
    assert!(!tracked::<Meters>());
    assert!(!tracked::<Marker>());
    assert!(!tracked::<OnlySkipped>());
    assert!(!tracked::<Never>());
    assert!(!tracked::<Answer>());
    assert!(!tracked::<Labeled<i64, DropCounter>>());
    assert!(!tracked::<Phantom<Node>>());
}

#[test]
fn the_collector_tracks_only_types_that_may_hold_handles() {
    let point = Gc::new(Point { x: 1.0, y: 2.0 });
    let skipped = Gc::new(OnlySkipped { node: None });
    assert!(!gc::is_tracked(&point));
    assert!(!gc::is_tracked(&skipped));
    assert_eq!((point.x, point.y, skipped.node.is_none()), (1.0, 2.0, true));
    for answer in [Answer::Yes, Answer::No, Answer::Maybe("perhaps".to_owned())] {
        assert!(!gc::is_tracked(&Gc::new(answer)));
    }

    let a = node("a");
    let tree = Gc::new(Tree::Leaf(1));
    assert!(gc::is_tracked(&a));
    assert!(gc::is_tracked(&tree));
}
