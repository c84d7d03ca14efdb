use std::cell::RefCell;

use pyobj::{Gc, Trace};

struct Name(String);

#[derive(Trace)]
struct Node {
    children: RefCell<Vec<Gc<Node>>>,
    name: Name,
    aliases: Vec<Name>,
}

fn main() {}
