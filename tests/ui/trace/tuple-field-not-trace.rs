use pyobj::{Gc, Trace};

struct Name(String);

#[derive(Trace)]
struct Pair(Gc<Pair>, Name);

#[derive(Trace)]
enum Shape {
    Named { name: Name },
    Tuple(i64, Name),
}

fn main() {}
