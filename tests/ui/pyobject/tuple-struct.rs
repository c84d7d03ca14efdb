use pyobj::PyObject;

#[derive(PyObject)]
struct Point(i64, i64);

#[derive(PyObject)]
struct Unit;

fn main() {}
