//! The runtime of pyobj: Python's memory management (see the seed's levels) as a Rust
//! library.
//!
//! | seed level | concept | module |
//! |---|---|---|
//! | 1 | the heap (one per thread, like one interpreter) | `heap` (private) |
//! | 2 | everything is an object: header + value | `object` (private) |
//! | 2 | Python objects: `Obj` and the builtin types | [`Obj`], `pyobject`, [`exceptions`], [`builtins`] |
//! | 3, 9 | reference counting: free at zero | [`Gc`], [`AnyGc`] (`refcount`) |
//! | 4 | the cycle collector and its generations | [`gc`], `collector`, `generation` |
//! | 4 | what the collector sees of an object | [`Trace`] (`trace`) |
//! | 5 | memory pools and arenas | [`pool`], `arena` |
//! | 6 | the small-int cache (-5..=256) | [`small_ints`] |
//! | 7 | string interning | [`interning`] |
//! | — | weak references, finalizers (PEP 442) | [`Weak`], [`Finalize`] |
//! | — | `import gc`/`sys`/`weakref`, `print`'s output | [`modules`], [`stdout`] |
//!
//! Most users depend on the `pyobj` crate, which re-exports all of this together with
//! `#[derive(Trace)]`.

#![deny(missing_docs)]

mod arena;
pub mod builtins;
mod collector;
#[doc(hidden)]
pub mod compiled;
pub mod exceptions;
mod finalizer;
pub mod frame;
pub mod gc;
mod generation;
mod heap;
pub mod interning;
mod object;
pub mod pool;
mod pyobject;
mod refcount;
pub mod small_ints;
mod specialize;
mod trace;
mod unraisable;
mod weakref;

// Interop: `print`'s sink, modules as Python objects, type-erased weak references.
pub mod modules;
pub mod stdout;
mod weakref_any;

pub use exceptions::{Error, PyErr, PyResult};
pub use finalizer::Finalize;
pub use frame::Namespace;
pub use gc::Handle;
pub use generation::NUM_GENERATIONS;
pub use pyobject::{
    Args, CompareOp, FromObj, IntoObj, Obj, PyBool, PyBuiltinFunction, PyBuiltinMethod, PyBytes,
    PyDict, PyDictView, PyFloat, PyInt, PyIterator, PyList, PyNone, PyNotImplemented, PySeqIter,
    PySet, PySlice, PyStr, PyTuple, PyType, PyTypeObject,
};
pub use pyobject::{
    FunctionCode, InstanceData, PyCell, PyClass, PyFunction, PyInstance, PyMethod, Signature,
    bind_arguments, format_value, instance_data,
};
pub use pyobject::{
    PyClassMethod, PyGetSetDescriptor, PyMethodDescriptor, PyProperty, PyStaticMethod, PySuper,
};
pub use refcount::{AnyGc, Gc};
pub use trace::{DynTrace, Trace, Tracer, Untraced};
pub use weakref::Weak;

// Interop.
pub use pyobject::{
    PyCallableIter, PyCoroutine, PyDictInstance, PyEnumerate, PyFilter, PyGenerator,
    PyListInstance, PyMap, PyModule, PyRange, PyRangeIter, PyReversed, PyWeakref, PyZip,
};
pub use stdout::capture_stdout;
