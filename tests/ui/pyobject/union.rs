use pyobj::PyObject;

#[derive(PyObject)]
union Bits {
    int: u64,
    float: f64,
}

fn main() {}
