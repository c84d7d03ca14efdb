//! The memory core: the heap, objects and their counts, pools and arenas, the cycle
//! collector and its generations, weak references and finalizers. Everything a `Gc<T>`
//! user needs, and nothing of Python's object model: the Python layer sits on top of it (`crate::python`).

pub(crate) mod arena;
pub(crate) mod collector;
pub(crate) mod finalizer;
pub mod gc;
pub(crate) mod generation;
pub(crate) mod heap;
pub(crate) mod object;
pub mod pool;
pub(crate) mod refcount;
#[cfg(feature = "serde")]
pub mod serde;
pub mod snapshot;
pub(crate) mod trace;
pub mod tracemalloc;
pub(crate) mod unraisable;
pub(crate) mod weakref;
