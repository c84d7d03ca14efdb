use pyobj::{Gc, Trace};

#[derive(Trace)]
#[repr(C, packed)]
struct Packed {
    tag: u8,
    next: Option<Gc<Packed>>,
}

fn main() {}
