//! `#[derive(Trace)]` on generic types, as users write them: bounds inferred from how
//! each parameter is used, foreign types through `Untraced` and `#[trace(with = ...)]`,
//! and cycles through all of them found by the collector.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant, SystemTime};

use pyobj::{DynTrace, Gc, Trace, Tracer, Untraced, Weak, gc};

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

fn drops() -> usize {
    DROPS.with(Cell::get)
}

/// Counts its drop; holds no handles, and is not `Trace`.
struct DropCounter;

impl Drop for DropCounter {
    fn drop(&mut self) {
        let _ = DROPS.try_with(|drops| drops.set(drops.get() + 1));
    }
}

/// Not `Trace`: stands for any type of the user's or of another crate.
struct Opaque(#[allow(dead_code)] u32);

/// The example: `T` appears only in a skipped field and inside `Gc<...>` of the
/// type itself, so it needs no `Trace` bound, and the struct no bound at all (`Gc<T>`'s
/// declaration has none; `Gc::new` asks for `'static` where the node is made).
#[derive(Trace)]
struct Node<T> {
    next: RefCell<Option<Gc<Node<T>>>>,
    #[trace(skip)]
    value: T,
    #[trace(skip)]
    _drops: DropCounter,
}

fn node<T: 'static>(value: T) -> Gc<Node<T>> {
    Gc::new(Node {
        next: RefCell::new(None),
        value,
        _drops: DropCounter,
    })
}

#[test]
fn a_generic_cycle_over_a_non_trace_parameter_is_collected() {
    let before = drops();
    let a = node(Opaque(1));
    let b = node(Opaque(2));
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
    assert_eq!(b.value.0, 2);
    drop((a, b));
    assert_eq!(drops() - before, 0, "a cycle keeps its counts above zero");
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops() - before, 2);
}

/// A graph whose nodes hold values of `T` by value (`T: Trace` inferred for the impl),
/// edges to other nodes, weak back-edges, and a marker parameter that is never traced.
///
/// No bound is written on the struct: `Graph<T, Tag>` is `Trace` when `T` is (the
/// derive's bound), and `Gc::new` asks for `'static` where a graph is made.
#[derive(Trace)]
struct Graph<T, Tag> {
    items: Vec<T>,
    edges: RefCell<Vec<Gc<Graph<T, Tag>>>>,
    parent: RefCell<Weak<Graph<T, Tag>>>,
    _tag: PhantomData<Tag>,
    #[trace(skip)]
    _drops: DropCounter,
}

fn graph<T: Trace + 'static, Tag: 'static>(items: Vec<T>) -> Gc<Graph<T, Tag>> {
    Gc::new(Graph {
        items,
        edges: RefCell::new(Vec::new()),
        parent: RefCell::new(Weak::new()),
        _tag: PhantomData,
        _drops: DropCounter,
    })
}

fn needs_trace<T: Trace + ?Sized>() {}

#[test]
fn a_parameter_held_by_value_is_bounded_and_its_handles_are_traced() {
    // `Opaque` as `Tag` is fine: it is only inside `PhantomData`.
    needs_trace::<Graph<i64, Opaque>>();
    let before = drops();
    // Values that are themselves handles: the edges through `items` count too.
    let leaf = graph::<Gc<i64>, Opaque>(vec![Gc::new(7)]);
    let root = graph::<Gc<i64>, Opaque>(vec![]);
    let child = graph::<Gc<i64>, Opaque>(vec![]);
    root.edges.borrow_mut().push(child.clone());
    child.edges.borrow_mut().push(root.clone()); // a cycle
    *child.parent.borrow_mut() = Gc::downgrade(&root);
    child.edges.borrow_mut().push(leaf.clone());
    assert_eq!(*leaf.items[0], 7);
    drop((root, child, leaf));
    assert_eq!(
        gc::collect(),
        3,
        "root, child and leaf; the leaf's int is freed by count"
    );
    assert_eq!(drops() - before, 3);
}

/// Stands for a container from another crate: it holds handles, but cannot implement
/// `Trace` (neither the trait nor the type is the user's).
struct ForeignSlab<T> {
    slots: RefCell<Vec<Option<T>>>,
}

/// Traces the handles of a `ForeignSlab` through the slab's own API.
fn trace_slab<T: Trace>(slab: &ForeignSlab<T>, tracer: &mut Tracer<'_>) {
    if let Ok(slots) = slab.slots.try_borrow() {
        for slot in slots.iter().flatten() {
            slot.trace(tracer);
        }
    }
}

/// A field traced by a function, beside a cell the collector clears to break cycles.
#[derive(Trace)]
struct Owner {
    #[trace(with = trace_slab)]
    slab: ForeignSlab<Gc<Owner>>,
    link: RefCell<Option<Gc<Owner>>>,
    #[trace(skip)]
    _drops: DropCounter,
}

fn owner() -> Gc<Owner> {
    Gc::new(Owner {
        slab: ForeignSlab {
            slots: RefCell::new(Vec::new()),
        },
        link: RefCell::new(None),
        _drops: DropCounter,
    })
}

#[test]
fn a_field_traced_with_a_function_reports_its_handles() {
    const { assert!(<Owner as Trace>::TRACKED) };
    let before = drops();
    let a = owner();
    let b = owner();
    // a -> b through the slab (seen only through `trace_slab`), b -> a through the cell.
    a.slab.slots.borrow_mut().push(Some(b.clone()));
    *b.link.borrow_mut() = Some(a.clone());
    let referents = gc::get_referents(&a);
    assert_eq!(referents.len(), 1, "the slab's handle is reported");
    drop(referents);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops() - before, 2);
}

/// The same through an enum variant and a tuple field.
#[derive(Trace)]
enum Holder {
    Slab(#[trace(with = trace_slab)] ForeignSlab<Gc<Owner>>),
    Nothing,
}

#[test]
fn with_works_in_enum_variants() {
    let a = owner();
    let holder = Gc::new(Holder::Slab(ForeignSlab {
        slots: RefCell::new(vec![Some(a.clone())]),
    }));
    assert_eq!(gc::get_referents(&holder).len(), 1);
    assert_eq!(gc::get_referents(&Gc::new(Holder::Nothing)).len(), 0);
    drop((a, holder));
    assert_eq!(gc::collect(), 0, "no cycle: all freed by count");
}

/// Foreign types that hold no handles, wrapped: in a field, inside a container, and as the
/// value of a `Gc`.
#[derive(Trace)]
struct Settings<T> {
    current: Untraced<Opaque>,
    history: Vec<Untraced<Opaque>>,
    _param: Untraced<T>,
    others: RefCell<Vec<Gc<Settings<Rc<str>>>>>,
}

#[test]
fn untraced_values_are_plain_data_to_the_collector() {
    const { assert!(!<Untraced<Opaque> as Trace>::TRACKED) };
    const { assert!(!<Vec<Untraced<Gc<i64>>> as Trace>::TRACKED) };
    needs_trace::<Settings<Opaque>>();
    let opaque = Gc::new(Untraced(Opaque(5)));
    assert_eq!(opaque.0.0, 5);
    let mut wrapped = Untraced::new(Opaque(1));
    let inner: &mut Opaque = &mut wrapped; // `DerefMut`
    inner.0 = 2;
    assert_eq!(wrapped.into_inner().0, 2);

    let settings = Gc::new(Settings {
        current: Untraced(Opaque(1)),
        history: vec![Untraced(Opaque(0))],
        _param: Untraced(Rc::<str>::from("x")),
        others: RefCell::new(Vec::new()),
    });
    settings.others.borrow_mut().push(settings.clone());
    assert_eq!(settings.current.0.0, 1);
    assert_eq!(settings.history.len(), 1);
    drop(settings);
    assert_eq!(gc::collect(), 1);
}

/// std types that hold no handles are `Trace`, untracked.
#[derive(Trace)]
struct Record {
    path: PathBuf,
    name: Box<str>,
    shared: Rc<str>,
    sent: std::sync::Arc<str>,
    created: SystemTime,
    started: Instant,
    timeout: Duration,
    callback: fn(i64) -> i64,
    hooks: HashMap<String, fn()>,
    action: Cell<fn(u8, u8) -> u8>,
    /// A pointer with a lifetime of its own is not covered by the `fn` impls.
    borrowing: Untraced<fn(&str) -> usize>,
}

#[test]
fn std_types_without_handles_are_untracked() {
    const { assert!(!<Record as Trace>::TRACKED) };
    fn double(x: i64) -> i64 {
        2 * x
    }
    fn add(a: u8, b: u8) -> u8 {
        a + b
    }
    let record = Gc::new(Record {
        path: PathBuf::from("/tmp"),
        name: "n".into(),
        shared: "s".into(),
        sent: "a".into(),
        created: SystemTime::now(),
        started: Instant::now(),
        timeout: Duration::from_secs(1),
        callback: double,
        hooks: HashMap::new(),
        action: Cell::new(add),
        borrowing: Untraced(str::len),
    });
    assert_eq!((record.callback)(3), 6);
    assert_eq!((record.action.get())(1, 2), 3);
    assert_eq!((record.borrowing)("abc"), 3);
    assert_eq!(&*record.name, "n");
    assert!(record.hooks.is_empty());
    assert!(gc::get_referents(&record).is_empty());
}

/// The example exactly as written there, with no bound anywhere on the struct: a
/// node that holds a value of any type (not `Trace`, not `'static` for the type itself).
#[derive(Trace)]
struct Bare<T> {
    next: RefCell<Option<Gc<Bare<T>>>>,
    #[trace(skip)]
    value: T,
}

#[test]
fn a_node_without_any_bound_on_its_parameter_compiles_and_is_collected() {
    fn bare<T: 'static>(value: T) -> Gc<Bare<T>> {
        Gc::new(Bare {
            next: RefCell::new(None),
            value,
        })
    }
    let a = bare(Opaque(1));
    let b = bare(Opaque(2));
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
    assert_eq!(a.value.0 + b.value.0, 3);
    drop((a, b));
    assert_eq!(gc::collect(), 2);
}

/// A trait used behind `Gc<dyn Sound>` (needs nothing) and `Box<dyn Sound>` (needs
/// `DynTrace` and `impl_trace_for_dyn!`).
trait Sound: DynTrace {
    fn noise(&self) -> &'static str;
}

pyobj::impl_trace_for_dyn!(dyn Sound);

/// Holds its neighbours as trait objects, by handle and by box, and a shared slice and
/// text.
#[derive(Trace)]
struct Animal {
    name: Gc<str>,
    friend: RefCell<Option<Gc<dyn Sound>>>,
    pets: RefCell<Vec<Box<dyn Sound>>>,
    herd: RefCell<Option<Gc<[Gc<Animal>]>>>,
    #[trace(skip)]
    _drops: DropCounter,
}

impl Sound for Animal {
    fn noise(&self) -> &'static str {
        "moo"
    }
}

/// A boxed pet that names its owner.
#[derive(Trace)]
struct Pet {
    owner: RefCell<Option<Gc<Animal>>>,
}

impl Sound for Pet {
    fn noise(&self) -> &'static str {
        "purr"
    }
}

fn animal(name: &str) -> Gc<Animal> {
    Gc::new(Animal {
        name: Gc::from(name),
        friend: RefCell::new(None),
        pets: RefCell::new(Vec::new()),
        herd: RefCell::new(None),
        _drops: DropCounter,
    })
}

#[test]
fn unsized_handle_fields_and_boxed_trait_objects_are_traced() {
    const { assert!(<Animal as Trace>::TRACKED) };
    let before = drops();
    let cow = animal("cow");
    let ox = animal("ox");
    // cow -> ox through a `Gc<dyn Sound>`, ox -> cow through a boxed pet, and both
    // through a shared slice of handles.
    *cow.friend.borrow_mut() = Some(pyobj::coerce_gc!(ox.clone() => dyn Sound));
    ox.pets.borrow_mut().push(Box::new(Pet {
        owner: RefCell::new(Some(cow.clone())),
    }));
    let herd: Gc<[Gc<Animal>]> = Gc::from(vec![cow.clone(), ox.clone()]);
    *cow.herd.borrow_mut() = Some(herd.clone());
    assert_eq!(
        gc::get_referents(&cow).len(),
        3,
        "the name, the friend, the herd"
    );
    assert_eq!(gc::get_referents(&ox).len(), 2, "the name, the pet's owner");
    assert_eq!(cow.friend.borrow().as_ref().map(|f| f.noise()), Some("moo"));
    assert_eq!(ox.pets.borrow()[0].noise(), "purr");
    assert_eq!((&*cow.name, &*herd[1].name), ("cow", "ox"));
    drop((cow, ox, herd));
    assert_eq!(drops() - before, 0);
    assert_eq!(
        gc::collect(),
        3,
        "cow, ox and the herd (the names are untracked)"
    );
    assert_eq!(drops() - before, 2);
}
