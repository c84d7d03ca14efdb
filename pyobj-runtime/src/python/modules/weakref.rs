//! `import weakref`: `weakref.ref` (`weakref.ReferenceType`), Python's weak reference
//! objects (see `pyobject/weakrefobject.rs`); `proxy` and the proxy types (see
//! `weakref_proxy.rs`); `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet` and
//! `finalize` (see `weakref_containers.rs`).
//!
//! Every function and class checks its arguments as CPython 3.11's: the same exception
//! type and text for each bad argument (counts, keywords, objects that cannot be weakly
//! referenced, the Python-level signatures of the containers' methods). `getweakrefcount`,
//! `getweakrefs`, `WeakMethod` and `KeyedRef` are not provided. One known difference (in
//! `pyobject/weakrefobject.rs`): `ref` checks for keywords first, so `ref(obj=x)` and
//! `ref(1, x=None)` raise `TypeError: ref() takes no keyword arguments` where CPython's
//! `__new__` first raises `__new__ expected at least 1 argument, got 0` and `cannot
//! create weak reference to 'int' object`.

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
