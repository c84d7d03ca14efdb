//! `import weakref`: `weakref.ref` (`weakref.ReferenceType`), Python's weak reference
//! objects (see `pyobject/weakrefobject.rs`); `proxy` and the proxy types (see
//! `weakref_proxy.rs`); `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet` and
//! `finalize` (see `weakref_containers.rs`).

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
        ]
        .into_iter()
        .chain(super::weakref_containers::attributes())
        .chain(super::weakref_proxy::attributes()),
    )
}
