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
pub mod recording;
#[cfg(feature = "serde")]
mod serde;
pub mod small_ints;
mod snapshot;
pub(crate) mod specialize;
pub mod stdout;
pub(crate) mod weakref_any;

pub use exceptions::{Error, PyErr, PyResult};
pub use frame::Namespace;
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
pub use stdout::capture_stdout;

// Interop.
pub use pyobject::{
    PyCallableIter, PyCoroutine, PyDictInstance, PyEnumerate, PyFilter, PyGenerator,
    PyListInstance, PyMap, PyModule, PyRange, PyRangeIter, PyReversed, PyWeakref, PyZip,
};
