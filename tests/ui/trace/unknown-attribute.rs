use pyobj::{Gc, Trace};

#[derive(Trace)]
struct Node {
    next: Option<Gc<Node>>,
    #[trace(skp)]
    name: String,
}

fn main() {}
