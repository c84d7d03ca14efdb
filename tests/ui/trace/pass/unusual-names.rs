//! The derive compiles without a warning whatever the user's names: lowercase field
//! names become type parameters, user methods named `trace` and `clear`, items named
//! like the runtime's, fields named like types.
#![deny(warnings)]
#![allow(dead_code, non_snake_case)]

use std::marker::PhantomData;

use pyobj::{Gc, Trace};

mod core {}
struct Tracer;
trait TraceField {}
#[allow(non_camel_case_types)]
type bool = u8;

#[derive(Trace)]
struct Names<T> {
    u8: u8,
    T: T,
    Names: Option<Gc<i64>>,
    r#type: bool,
    r#bool: Gc<i64>,
}

impl<T> Names<T> {
    fn trace(&self) {}
    fn clear(&mut self) {}
}

#[derive(Trace)]
enum Shape<'a, T, const N: usize>
where
    T: Clone,
{
    Circle { radius: f64, center: [T; N] },
    Group(Vec<Gc<Shape<'static, i64, 2>>>),
    Borrowed(#[trace(skip)] &'a str),
    Empty,
}

struct NotTrace;

#[derive(Trace)]
struct Marked<U> {
    #[trace(skip)]
    marker: PhantomData<U>,
    #[trace(skip)]
    other: NotTrace,
}

fn needs_trace<T: Trace>() {}

fn main() {
    needs_trace::<Names<i64>>();
    needs_trace::<Shape<'static, i64, 2>>();
    needs_trace::<Marked<NotTrace>>();
}
