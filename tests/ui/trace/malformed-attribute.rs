use pyobj::{Gc, Trace};

#[derive(Trace)]
struct Node {
    #[trace]
    a: Option<Gc<Node>>,
    #[trace = "skip"]
    b: u64,
    #[trace()]
    c: u64,
    #[trace(skip = true)]
    d: u64,
    #[trace(skip)]
    #[trace(skip)]
    e: u64,
}

fn main() {}
