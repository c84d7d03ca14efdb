//! Generic types: a `Trace` bound for each parameter whose values are traced, and none
//! for the others, so that these all implement `Trace` with the arguments used below.
#![deny(warnings)]
#![allow(dead_code)]

use std::marker::PhantomData;

use pyobj::{Gc, Trace};

/// An unsized parameter, traced through a `Box`.
#[derive(Trace)]
struct Boxed<T: ?Sized> {
    value: Box<T>,
}

/// Only `I::Item` is traced: `I` itself needs no bound, the `where` clause is kept.
#[derive(Trace)]
struct Peek<I: Iterator>
where
    I::Item: Trace,
{
    next: Option<I::Item>,
    #[trace(skip)]
    rest: I,
}

/// A parameter used only by a skipped field.
#[derive(Trace)]
struct Tagged<T, Tag> {
    value: T,
    #[trace(skip)]
    tag: PhantomData<Tag>,
}

/// Lifetimes, const parameters and defaults.
#[derive(Trace)]
enum Window<'a, T, const N: usize = 2> {
    Full([T; N]),
    Borrowed(#[trace(skip)] &'a [T]),
}

macro_rules! handles {
    () => {
        Vec<Gc<i64>>
    };
}

/// A field whose type is a macro.
#[derive(Trace)]
struct FromMacro {
    items: handles!(),
}

struct NotTrace;

fn needs_trace<T: Trace + ?Sized>() {}

fn main() {
    needs_trace::<Boxed<[Gc<i64>]>>();
    needs_trace::<Peek<std::vec::IntoIter<Gc<i64>>>>();
    needs_trace::<Tagged<i64, NotTrace>>();
    needs_trace::<Window<'static, Gc<i64>>>();
    needs_trace::<FromMacro>();

    #[derive(Trace)]
    struct Local {
        value: Gc<i64>,
    }
    needs_trace::<Local>();
}
