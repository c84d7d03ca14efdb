//! Every mistake is reported in one compilation, each at its own place.
use pyobj::PyObject;

#[derive(PyObject)]
struct Pair<T>(T, T);

fn main() {}
