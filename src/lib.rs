//! # pyobj
//!
//! Python's memory management, made real in Rust.
//!
//! - Objects live on a thread-local **heap** ([`Gc::new`]), in pymalloc-style
//!   [`pool`]s carved from 1 MiB arenas.
//! - Handles ([`Gc`]) are **reference counted**: an object is freed the instant its
//!   count reaches zero.
//! - A CPython-style, generational **cycle collector** ([`gc`]) finds groups of objects
//!   that only refer to each other, driven by [`Trace`] impls
//!   (`#[derive(Trace)]`).
//! - [`Weak`] references and [finalizers](Finalize) follow PEP 442's order. A type that
//!   derives `Trace` and implements [`Finalize`] gets its finalizer from [`Gc::new`] (a
//!   generic type asks for it with `#[trace(finalize)]`).
//! - For users of std's `Rc`: the same API where it fits: [`Gc::try_unwrap`],
//!   [`Gc::into_inner`], [`Gc::get_mut`], [`Gc::make_mut`], [`Gc::new_cyclic`],
//!   [`Gc::weak_count`], [`Weak::new`], [`Weak::ptr_eq`]; and [`Error`], a [`PyErr`] that
//!   may leave its thread (`Send + Sync`, for `Box<dyn Error + Send + Sync>`).
//!
//! ```
//! use std::cell::RefCell;
//! use pyobj::{gc, Gc, Trace};
//!
//! #[derive(Trace)]
//! struct List {
//!     items: RefCell<Vec<Gc<List>>>,
//! }
//!
//! let a = Gc::new(List { items: RefCell::new(vec![]) });
//! let b = Gc::new(List { items: RefCell::new(vec![]) });
//! a.items.borrow_mut().push(b.clone()); // a.append(b)
//! b.items.borrow_mut().push(a.clone()); // b.append(a)
//! assert_eq!(Gc::strong_count(&a), 2);
//! drop((a, b)); // del a, b: the counts never reach zero
//! assert_eq!(gc::collect(), 2); // the collector finds the cycle
//! ```
//!
//! Or write the Python itself: [`pyblock!`] compiles it, with real indentation, into Rust
//! against the same heap.
//!
//! ```
//! use pyobj::pyblock;
//!
//! let ns = pyblock! {
//!     import gc
//!     a = []
//!     b = []
//!     a.append(b)
//!     b.append(a)
//!     del a, b
//!     found = gc.collect()
//! }
//! .unwrap();
//! assert_eq!(ns.get("found").unwrap().extract::<i64>().unwrap(), 2);
//! ```
//!
//! # Features
//!
//! - `python` (default): the Python layer: `Obj` and the object model (also in the
//!   `python` module), `pyblock!`, `#[derive(PyObject)]`, the standard-library modules.
//!   With `default-features = false` the crate is the memory core alone (`Gc`, `Weak`,
//!   `Trace` and its derive, `gc`, `pool`, finalizers), without a bigint crate or a
//!   Python parser to compile; `pyblock!` and `#[derive(PyObject)]` then give a compile
//!   error that names the feature.
//! - `serde`: `Serialize` and `Deserialize` for `Gc<T>` (and `Obj`), with shared objects
//!   kept, in the `serde_graph` module: the way to hand a graph to another thread (see
//!   [Threads](#threads)).
//!
//! # A guide for `Gc` users
//!
//! ## Trait objects: `Gc<dyn Trait>`
//! A `Gc<Circle>` becomes a `Gc<dyn Shape>` with [`coerce_gc!`] (stable Rust lets only
//! std's pointers coerce by themselves). The object keeps its concrete type's `Drop`,
//! finalizer and trace, so `dyn Shape` needs no `Trace` impl for a `Gc<dyn Shape>`. A
//! `Box<dyn Shape>` inside a traced value does: give the trait [`DynTrace`] as a
//! supertrait and write [`impl_trace_for_dyn!`]`(dyn Shape)`; then `Box<dyn Shape>`,
//! `Vec<Box<dyn Shape>>` and `RefCell<Box<dyn Shape>>` are `Trace`.
//!
//! ```
//! use std::cell::RefCell;
//! use pyobj::{DynTrace, Gc, Trace, coerce_gc, gc, impl_trace_for_dyn};
//!
//! trait Shape: DynTrace {
//!     fn area(&self) -> f64;
//! }
//! impl_trace_for_dyn!(dyn Shape);
//!
//! #[derive(Trace)]
//! struct Square {
//!     side: f64,
//!     neighbours: RefCell<Vec<Gc<dyn Shape>>>, // handles to trait objects
//!     parts: Vec<Box<dyn Shape>>,              // owned trait objects (`impl_trace_for_dyn!`)
//! }
//! impl Shape for Square {
//!     fn area(&self) -> f64 {
//!         self.side * self.side + self.parts.iter().map(|part| part.area()).sum::<f64>()
//!     }
//! }
//!
//! let square = |side| Square { side, neighbours: RefCell::new(vec![]), parts: vec![] };
//! let a: Gc<dyn Shape> = coerce_gc!(Gc::new(square(2.0)) => dyn Shape);
//! let b = Gc::new(Square { parts: vec![Box::new(square(1.0))], ..square(3.0) });
//! b.neighbours.borrow_mut().push(a.clone());
//! assert_eq!(a.area() + b.area(), 14.0);
//! drop((a, b)); // no cycle: freed at once
//! assert_eq!(gc::collect(), 0);
//!
//! let c = Gc::new(square(1.0));
//! c.neighbours.borrow_mut().push(coerce_gc!(c.clone() => dyn Shape)); // a cycle
//! drop(c);
//! assert_eq!(gc::collect(), 1);
//! ```
//!
//! ## Generic types
//! `#[derive(Trace)]` writes the bounds itself: a type parameter whose values a traced
//! field holds gets `T: Trace` on the derived impl; one used only inside `Gc<...>`,
//! `Weak<...>`, `PhantomData<...>` or [`Untraced<...>`](Untraced), or only by skipped
//! fields, gets none. Write no bound on the struct; `Gc::new` asks for `T: 'static` where
//! an object is made.
//!
//! ```
//! use std::cell::RefCell;
//! use pyobj::{Gc, Trace, Weak, gc};
//!
//! #[derive(Trace)]
//! struct Tree<T> {
//!     value: T,
//!     children: RefCell<Vec<Gc<Tree<T>>>>,
//!     parent: RefCell<Weak<Tree<T>>>,
//! }
//!
//! fn tree<T: Trace + 'static>(value: T) -> Gc<Tree<T>> {
//!     Gc::new(Tree { value, children: RefCell::new(vec![]), parent: RefCell::new(Weak::new()) })
//! }
//!
//! // `T = Gc<str>`: the values are handles too, and they are traced.
//! let root = tree(Gc::<str>::from("root"));
//! let leaf = tree(Gc::<str>::from("leaf"));
//! root.children.borrow_mut().push(leaf.clone());
//! *leaf.parent.borrow_mut() = Gc::downgrade(&root); // weak: no cycle
//! leaf.children.borrow_mut().push(leaf.clone()); // a cycle
//! assert_eq!(&*leaf.parent.borrow().upgrade().unwrap().value, "root");
//! drop((root, leaf));
//! assert_eq!(gc::collect(), 1); // the leaf; the root was freed by its count
//! ```
//!
//! ## Foreign types
//! A type from another crate cannot implement [`Trace`] in yours. If it holds no handles,
//! wrap it in [`Untraced`] (a field, a `Vec`'s items, or the value of a `Gc`) or mark the
//! field `#[trace(skip)]`. If it holds handles, trace the field with a function of yours,
//! `#[trace(with = path::to::function)]`, which reports the handles through the type's
//! own API. Such a field is not cleared when the collector breaks a cycle, so a cycle
//! through it must also go through a field the derive does clear (a `RefCell`, as
//! below). A handle the collector does not see only makes its cycles leak: memory is
//! freed only when a count reaches zero, whatever a `Trace` impl says.
//!
//! ```
//! use std::cell::RefCell;
//! use pyobj::{Gc, Trace, Tracer, Untraced, gc};
//!
//! mod other_crate {
//!     /// A colour: holds no handles, has no `Trace` impl.
//!     pub struct Color {
//!         pub red: u8,
//!         pub green: u8,
//!         pub blue: u8,
//!     }
//!     /// A container that may hold handles, with no `Trace` impl.
//!     pub struct Slab<T>(pub Vec<T>);
//! }
//! use other_crate::{Color, Slab};
//!
//! fn trace_slab(slab: &Slab<Gc<Sprite>>, tracer: &mut Tracer<'_>) {
//!     for handle in &slab.0 {
//!         handle.trace(tracer);
//!     }
//! }
//!
//! #[derive(Trace)]
//! struct Sprite {
//!     color: Untraced<Color>,
//!     #[trace(with = trace_slab)]
//!     children: Slab<Gc<Sprite>>,
//!     owner: RefCell<Option<Gc<Sprite>>>,
//! }
//!
//! let sprite = |children| Sprite {
//!     color: Untraced(Color { red: 255, green: 0, blue: 0 }),
//!     children: Slab(children),
//!     owner: RefCell::new(None),
//! };
//! let child = Gc::new(sprite(vec![]));
//! let parent = Gc::new(sprite(vec![child.clone()]));
//! *child.owner.borrow_mut() = Some(parent.clone()); // parent -> child -> parent
//! assert_eq!(parent.color.red, 255); // `Untraced` dereferences to the colour
//! assert_eq!(gc::get_referents(&parent).len(), 1); // the slab's handle is seen
//! drop((parent, child));
//! assert_eq!(gc::collect(), 2);
//! ```
//!
//! ## Finalizers
//! A [`Finalize`] impl is Python's `__del__` (PEP 442): it runs once, before the object
//! dies (its count reaching zero, or the collector finding it in garbage), on an intact
//! object, and may resurrect it by storing a clone of its handle. Which objects get it
//! is decided when they are made:
//! - a type without generic parameters that derives `Trace` gets it from [`Gc::new`]
//!   and every other constructor: the derive finds the impl at compile time;
//! - a generic type asks for it with `#[trace(finalize)]` on the type (the derive cannot
//!   see an impl written for one instantiation); the `Finalize` impl must then cover
//!   every instantiation;
//! - [`Gc::with_finalizer`] attaches it in every case, also for a hand-written `Trace`
//!   impl (for which `Gc::new` ignores it).
//!
//! ```
//! use std::cell::{Cell, RefCell};
//! use pyobj::{Finalize, Gc, Trace, gc};
//!
//! thread_local!(static CLOSED: Cell<u32> = const { Cell::new(0) });
//!
//! #[derive(Trace)]
//! #[trace(finalize)] // generic: asks for its finalizer
//! struct Conn<T> {
//!     peer: RefCell<Option<Gc<Conn<T>>>>,
//!     data: T,
//! }
//! impl<T: Trace + 'static> Finalize for Conn<T> {
//!     fn finalize(this: &Gc<Self>) {
//!         assert!(this.peer.borrow().is_some()); // an intact object, even in a cycle
//!         CLOSED.with(|closed| closed.set(closed.get() + 1));
//!     }
//! }
//!
//! let a = Gc::new(Conn { peer: RefCell::new(None), data: 1_u8 });
//! let b = Gc::new(Conn { peer: RefCell::new(Some(a.clone())), data: 2_u8 });
//! *a.peer.borrow_mut() = Some(b.clone());
//! drop((a, b));
//! assert_eq!(gc::collect(), 2);
//! assert_eq!(CLOSED.with(Cell::get), 2);
//! ```
//!
//! ## Panics in `Drop` (and in finalizers, `Trace` impls, callbacks)
//! A panic unwinds only into code that asked for the work, and the object is freed all
//! the same:
//! - dropping the last handle runs the value's `Drop`; its panic unwinds out of that
//!   `drop`, and the object's memory goes back to its pool on the way;
//! - an explicit [`gc::collect()`](gc::collect) completes the collection (every object
//!   accounted for), then resumes the first panic; later ones are reported.
//!
//! Where nobody asked (an automatic collection started by an allocation, the collection
//! of an exiting thread, a release during thread exit), the panic is caught and handed
//! to the thread's unraisable hook (CPython's `sys.unraisablehook`), and the work goes
//! on: no panic reaches a thread-local's destructor, where it would abort the process.
//! The default hook ([`gc::default_unraisable_hook`]) prints CPython's two lines to
//! stderr, `Exception ignored in: <my_crate::Node object at 0x7f3a5c01a010>` and
//! `PanicException: <the panic message>`; [`gc::set_unraisable_hook`] replaces it
//! (per thread: set it before the thread's first object is made to hear its last
//! collection).
//!
//! ```
//! use std::cell::RefCell;
//! use std::panic::{AssertUnwindSafe, catch_unwind};
//! use std::rc::Rc;
//! use std::sync::{Arc, Mutex};
//! use pyobj::{Gc, Trace, gc};
//!
//! #[derive(Trace)]
//! struct Bomb {
//!     next: RefCell<Option<Gc<Bomb>>>,
//! }
//! impl Drop for Bomb {
//!     fn drop(&mut self) {
//!         panic!("boom");
//!     }
//! }
//! let bomb = || Gc::new(Bomb { next: RefCell::new(None) });
//!
//! // Dropping the last handle: the panic comes out of `drop`; the object is gone.
//! let one = bomb();
//! let watch = Gc::downgrade(&one);
//! assert!(catch_unwind(AssertUnwindSafe(|| drop(one))).is_err());
//! assert!(watch.upgrade().is_none());
//!
//! // An explicit collection: it completes, then resumes the panic.
//! let two = bomb();
//! *two.next.borrow_mut() = Some(two.clone()); // a cycle
//! drop(two);
//! let panic = catch_unwind(gc::collect).unwrap_err();
//! assert_eq!(panic.downcast_ref::<&str>(), Some(&"boom"));
//! assert_eq!(gc::collect(), 0); // nothing left
//!
//! // At thread exit, nobody can be told: the hook hears it, and the thread ends normally.
//! let reports = Arc::new(Mutex::new(Vec::new()));
//! let sink = reports.clone();
//! std::thread::spawn(move || {
//!     gc::set_unraisable_hook(Rc::new(move |report: &gc::Unraisable<'_>| {
//!         sink.lock().unwrap().push(format!("{}: {}", report.exc_type, report.exc_value));
//!     }));
//!     let three = bomb();
//!     *three.next.borrow_mut() = Some(three.clone()); // a cycle, left to the thread's exit
//! })
//! .join()
//! .unwrap();
//! assert_eq!(*reports.lock().unwrap(), ["PanicException: boom"]);
//! ```
//!
//! ## Threads
//! Each thread has its own heap, with its own pools, generations, thresholds, gc
//! callbacks and unraisable hook, like one Python interpreter; [`gc::collect`] collects
//! the calling thread's objects. Handles ([`Gc`], [`Weak`], [`AnyGc`]) are `!Send` and
//! `!Sync`, and so is every type that holds one: such a value cannot be moved into
//! `std::thread::spawn`, sent through a channel or kept in a `static`, and the compiler
//! says so. No count needs an atomic, and no collection stops another thread.
//!
//! ```compile_fail,E0277
//! use pyobj::Gc;
//!
//! let number = Gc::new(1_i64);
//! std::thread::spawn(move || *number + 1); // error[E0277]: `Gc<i64>` is not `Send`
//! ```
//!
//! What leaves a thread is plain data (`Send` values made from the objects), an
//! [`Error`] (a Python error as text), or a whole graph through serde (below).
//!
//! ### Thread exit
//! When a thread ends, its heap is torn down: a last full collection frees the cycles
//! left (running their finalizers; with [`gc::DEBUG_SAVEALL`] it saves them instead),
//! and the pools are freed once no object is left. Handles kept in a `thread_local!`
//! are dropped when that thread-local is destroyed, before or after the last collection
//! (Rust destroys thread-locals in the reverse order of their first use); the heap stays
//! until the last of them is gone, and their objects are freed by count as usual. One
//! limitation: a *cycle* kept in a thread-local first used before the thread made its
//! first object is dropped after the last collection, so it is never collected (its
//! memory is leaked with the thread). Make an object before first using such a
//! thread-local, or empty it yourself before the thread ends and call `gc::collect()`.
//!
//! ```
//! use std::cell::RefCell;
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use pyobj::{Gc, Trace};
//!
//! static FREED: AtomicUsize = AtomicUsize::new(0);
//!
//! #[derive(Trace)]
//! struct Node {
//!     next: RefCell<Option<Gc<Node>>>,
//! }
//! impl Drop for Node {
//!     fn drop(&mut self) {
//!         FREED.fetch_add(1, Ordering::Relaxed);
//!     }
//! }
//! let node = || Gc::new(Node { next: RefCell::new(None) });
//!
//! thread_local! {
//!     /// A per-thread cache of objects.
//!     static CACHE: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
//! }
//!
//! std::thread::spawn(move || {
//!     let (a, b) = (node(), node());
//!     *a.next.borrow_mut() = Some(b.clone());
//!     *b.next.borrow_mut() = Some(a.clone()); // a cycle, dropped: garbage
//!     drop((a, b));
//!     CACHE.with(|cache| cache.borrow_mut().push(node())); // kept by the thread-local
//!     assert_eq!(FREED.load(Ordering::Relaxed), 0);
//! })
//! .join()
//! .unwrap();
//! // The thread's last collection freed the cycle; the cache's node went with the cache.
//! assert_eq!(FREED.load(Ordering::Relaxed), 3);
//! ```
//!
//! ### Handing a graph to another thread (feature `serde`)
//! With the `serde` feature, `Gc<T>` and `Obj` implement serde's `Serialize` and
//! `Deserialize`, and a graph goes to another thread as text (or bytes): serialize it
//! inside a `pyobj::serde_graph::Graph`, send the result, deserialize a `Graph` of the
//! same type on the other side. Inside a `Graph`, an object reached through several
//! handles is written once (`{"new": ...}`, then `{"ref": n}`) and rebuilt as one object
//! with as many handles. A cycle through `Gc<T>` handles is refused with an error
//! (`Deserialize` can make an object only after its contents); Python lists and dicts
//! keep theirs. `examples/graph_to_thread.rs` sends a graph through a channel
//! (`cargo run --example graph_to_thread --features serde`).
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use pyobj::Gc;
//! use pyobj::serde_graph::Graph;
//!
//! let shared = Gc::new(String::from("shared"));
//! let text = serde_json::to_string(&Graph(vec![shared.clone(), shared])).unwrap();
//! assert_eq!(text, r#"[{"new":"shared"},{"ref":0}]"#);
//!
//! let same = std::thread::spawn(move || {
//!     let Graph(back): Graph<Vec<Gc<String>>> = serde_json::from_str(&text).unwrap();
//!     Gc::ptr_eq(&back[0], &back[1]) // one object, two handles, on this thread's heap
//! })
//! .join()
//! .unwrap();
//! assert!(same);
//! # }
//! ```

#![deny(missing_docs)]
// Without the Python layer, `Error` and `PyErr` do not exist: the guide's mentions of
// them point at "Features", which says what the `python` feature adds.
#![cfg_attr(
    not(feature = "python"),
    doc = "[`Error`]: #features\n[`PyErr`]: #features"
)]

/// `#[derive(PyObject)]`: a Rust struct with named fields as a Python class.
pub use pyobj_macros::PyObject;
pub use pyobj_macros::{Trace, pyblock};
pub use pyobj_runtime::*;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// The README's Rust examples, compiled and run as doc tests (`cargo test -p pyobj --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
