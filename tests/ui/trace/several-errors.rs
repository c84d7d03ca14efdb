use pyobj::{Gc, Trace};

// Every mistake is reported in one go, and none of them makes `Node` look like a type
// without `Trace` to the code that uses it.
#[derive(Trace)]
#[trace(skip)]
struct Node {
    #[trace(skp)]
    a: Option<Gc<Node>>,
    #[trace]
    b: u64,
    #[trace(skip, weak)]
    c: u64,
}

fn needs_trace<T: Trace>() {}

fn main() {
    needs_trace::<Node>();
}
