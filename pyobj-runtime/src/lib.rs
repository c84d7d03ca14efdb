//! The runtime of pyobj: Python's memory management (see the seed's levels) as a Rust
//! library.
//!
//! | seed level | concept | module |
//! |---|---|---|
//! | 1 | the heap (one per thread, like one interpreter) | `heap` (private) |
//! | 2 | everything is an object: header + value | `object` (private) |
//! | 3, 9 | reference counting: free at zero | [`Gc`], [`AnyGc`] (`refcount`) |
//! | 4 | the cycle collector and its generations | [`gc`], `collector`, `generation` |
//! | 4 | what the collector sees of an object | [`Trace`] (`trace`) |
//! | 5 | memory pools and arenas | [`pool`], `arena` |
//! | — | weak references, finalizers (PEP 442) | [`Weak`], [`Finalize`] |
//! | 1-4 | pictures of the heap: objects, counts, cycles, garbage (SVG, DOT) | [`snapshot`] |
//! | — | a graph handed to another thread: serde for `Gc<T>` (and `Obj`) (feature `serde`) | `serde_graph` |
//!
//! The Python layer (the default `python` feature) builds on that core:
//!
//! | seed level | concept | module |
//! |---|---|---|
//! | 2 | Python objects: `Obj` and the builtin types | `Obj`, `pyobject`, `exceptions`, `builtins` |
//! | 6 | the small-int cache (-5..=256) | `small_ints` |
//! | 7 | string interning | `interning` |
//! | — | `import gc`/`sys`/`weakref`, `print`'s output | `modules`, `stdout` |
//!
//! (The Python layer's names are not links here: without the `python` feature they do
//! not exist.)
//!
//! Most users depend on the `pyobj` crate, which re-exports all of this together with
//! `#[derive(Trace)]` and `pyblock!`; its documentation holds the guide (trait objects,
//! generic and foreign types, finalizers, panics, threads) and the examples.

#![deny(missing_docs)]

// The two layers, each a folder: the memory core (what any `Gc<T>` user needs) and the
// Python layer built on it (the default `python` feature). The core never names the
// Python layer but for one type alias (ARCHITECTURE.md, "Layers").
mod memory;
#[cfg(feature = "python")]
pub mod python;

// The modules keep their paths from the crate root (`pyobj_runtime::gc`, `crate::heap`).
use memory::{
    arena, collector, finalizer, generation, heap, object, refcount, trace, unraisable, weakref,
};
pub use memory::{gc, pool, snapshot, tracemalloc};
// Not `serde`: a module of that name, glob-imported (`use pyobj::*`), would make the
// user's `use serde::...` ambiguous.
#[cfg(feature = "serde")]
pub use memory::serde as serde_graph;
#[cfg(feature = "python")]
#[doc(hidden)]
pub use python::compiled;
#[cfg(feature = "python")]
pub use python::{builtins, exceptions, frame, interning, modules, recording, small_ints, stdout};
#[cfg(feature = "python")]
use python::{pyobject, specialize, weakref_any};

// The memory core's API.
pub use finalizer::Finalize;
#[doc(hidden)]
pub use finalizer::{FinalizeHook, FinalizeProbe, NoFinalize};
pub use gc::Handle;
pub use generation::NUM_GENERATIONS;
pub use refcount::{AnyGc, Gc};
pub use trace::{DynTrace, Trace, Tracer, Untraced};
pub use weakref::Weak;

// The Python layer's types, also at the root.
#[cfg(feature = "python")]
pub use python::*;
