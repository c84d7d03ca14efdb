//! `import weakref`: `weakref.ref` (`weakref.ReferenceType`), Python's weak reference
//! objects (see `pyobject/weakrefobject.rs`).

use crate::exceptions::PyResult;
use crate::pyobject::{Obj, WEAKREF_TYPE};

/// Makes the `weakref` module object.
pub(super) fn make() -> PyResult<Obj> {
    let reference_type = WEAKREF_TYPE.to_object();
    crate::pyobject::PyModule::new_object(
        "weakref",
        [
            ("ref", reference_type.clone()),
            ("ReferenceType", reference_type),
        ],
    )
}
