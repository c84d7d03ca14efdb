//! What the Python layer tells a heap snapshot (`crate::snapshot`): the Python type's
//! name and the `repr` of each Python object, and the names of a block's globals as
//! roots.

use crate::frame::{Globals, Namespace};
use crate::pyobject::{Obj, PyType};
use crate::refcount::{AnyGc, Gc};
use crate::snapshot::{DescribeType, RootHandle, Roots, shorten};

impl DescribeType for PyType {
    /// `(type(obj).__name__, repr(obj))`, the `repr` shortened as `reprlib` does. An
    /// instance of a class defined in Python is `<Point object>`: its `__repr__` is Python
    /// code, which a snapshot does not run (nor one that raises: the same placeholder).
    fn describe(&self, object: &AnyGc, width: usize) -> (String, String) {
        let Ok(obj) = Obj::from_any(object.clone()) else {
            return (self.name().to_owned(), format!("<{} object>", self.name()));
        };
        let ty = obj.py_type();
        let name = ty.name();
        let placeholder = || format!("<{name} object>");
        let label = if ty.is_heap_type() {
            placeholder()
        } else {
            obj.repr()
                .map_or_else(|_| placeholder(), |text| shorten(&text, width))
        };
        (name.to_owned(), label)
    }

    fn type_name(&self, object: &AnyGc) -> String {
        Obj::from_any(object.clone()).map_or_else(
            |_| self.name().to_owned(),
            |obj| obj.py_type().name().to_owned(),
        )
    }
}

impl RootHandle for Obj {
    fn to_any(&self) -> AnyGc {
        self.as_any().clone()
    }
}

/// A block's globals: one root per bound name, in the frame `<module>` (the name CPython
/// gives a module's frame), held by the globals object (a `module`).
impl Roots for Namespace {
    fn frame_name(&self) -> String {
        "<module>".to_owned()
    }

    fn named_handles(&self) -> Vec<(String, AnyGc)> {
        self.globals().named_handles()
    }

    fn holder(&self) -> Option<AnyGc> {
        self.globals().holder()
    }
}

/// A running block's globals object, as its [`Namespace`] shows them.
impl Roots for Gc<Globals> {
    fn frame_name(&self) -> String {
        "<module>".to_owned()
    }

    fn named_handles(&self) -> Vec<(String, AnyGc)> {
        self.items()
            .into_iter()
            .map(|(name, obj)| (name.to_owned(), obj.into_any()))
            .collect()
    }

    fn holder(&self) -> Option<AnyGc> {
        Some(Gc::into_any(self.clone()))
    }
}
