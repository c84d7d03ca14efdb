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
//!
//! # Handing a graph to another thread (feature `serde`)
//! Handles are `!Send`: each thread has its own heap. With the `serde` feature, `Gc<T>`
//! and [`Obj`] implement serde's `Serialize` and `Deserialize`, and a graph goes to
//! another thread as text (or bytes): serialize it inside a `pyobj::serde_graph::Graph`,
//! send the result, deserialize a `Graph` of the same type on the other side. Inside a
//! `Graph`, an object reached through several handles is written once (`{"new": ...}`,
//! then `{"ref": n}`) and rebuilt as one object with as many handles. A cycle through
//! `Gc<T>` handles is refused with an error (`Deserialize` can make an object only after
//! its contents); Python lists and dicts keep theirs. `examples/graph_to_thread.rs`
//! sends a graph through a channel.

#![deny(missing_docs)]

/// `#[derive(PyObject)]`: a Rust struct with named fields as a Python class.
pub use pyobj_macros::PyObject;
pub use pyobj_macros::{Trace, pyblock};
pub use pyobj_runtime::*;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
