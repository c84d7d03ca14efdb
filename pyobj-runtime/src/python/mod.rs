//! The Python layer: the object model (`Obj` and the builtin types), exceptions, frames
//! of names, interning and the small-int cache, the builtins and the standard-library
//! modules, and the support `pyblock!`'s generated code calls. Built on the memory core
//! (`crate::memory`) through its public and crate-visible API only.

pub mod builtins;
#[doc(hidden)]
pub mod compiled;
pub mod exceptions;
pub mod frame;
pub mod interning;
pub mod modules;
pub(crate) mod pyobject;
pub mod small_ints;
pub(crate) mod specialize;
pub mod stdout;
pub(crate) mod weakref_any;
