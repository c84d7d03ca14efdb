use std::cell::RefCell;

use pyobj::{Gc, Trace, Tracer};

struct Foreign(RefCell<Vec<Gc<i64>>>);

fn trace_foreign(foreign: &Foreign, tracer: &mut Tracer<'_>) {
    for item in foreign.0.borrow().iter() {
        item.trace(tracer);
    }
}

fn wrong_signature(_: &Vec<i64>) {}

#[derive(Trace)]
struct Node {
    #[trace(with)]
    a: Foreign,
    #[trace(with = "trace_foreign")]
    b: Foreign,
    #[trace(with = trace_foreign, with = trace_foreign)]
    c: Foreign,
    #[trace(skip, with = trace_foreign)]
    d: Foreign,
    #[trace(with(trace_foreign))]
    e: Foreign,
}

#[derive(Trace)]
struct Mismatch {
    #[trace(with = wrong_signature)]
    items: Foreign,
}

fn main() {}
