use std::cell::Cell;

use pyobj::PyObject;

/// Not a Python value: no `IntoObj`.
#[derive(Clone, Copy)]
struct Secret;

#[derive(PyObject)]
struct Vault {
    #[trace(skip)]
    secret: Cell<Secret>,
}

fn main() {}
