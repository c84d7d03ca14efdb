use pyobj::PyObject;

#[derive(PyObject)]
enum Shape {
    Circle { radius: f64 },
    Square { side: f64 },
}

fn main() {}
