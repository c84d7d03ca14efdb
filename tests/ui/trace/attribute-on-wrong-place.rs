use pyobj::{Gc, Trace};

#[derive(Trace)]
#[trace(skip)]
struct Node {
    next: Option<Gc<Node>>,
}

#[derive(Trace)]
enum Shape {
    #[trace(skip)]
    Circle {
        radius: f64,
    },
    Group(Vec<Gc<Shape>>),
}

fn main() {}
