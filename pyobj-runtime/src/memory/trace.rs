//! `Trace`: how the collector sees the references an object holds.
//!
//! Reference counting (seed level 3) needs nothing from a type. The cycle collector
//! (seed level 4) does: to find the references that come from *inside* a group of
//! objects, it asks each object to report the [`Gc`](crate::Gc) handles it owns. That
//! report is [`Trace::trace`]. To break a garbage cycle it asks each object to let go of
//! the handles it holds through interior mutability: [`Trace::drop_handles`].
//!
//! `Trace` is a safe trait. The collector never trusts it for memory safety: an impl
//! that reports too few edges makes objects leak, one that reports too many (or panics)
//! may make the collector clear fields of a live object, but memory is only ever freed
//! when a reference count reaches zero, so no impl can cause a use after free.
//!
//! # Why `Rc` is not traced
//! A `Gc` inside an `Rc` may be shared by several traced owners. The collector would
//! subtract that single reference once per owner and conclude that a live object holds
//! no outside references. An `Rc` (or an `Arc`) holding `Gc` handles is therefore an
//! opaque root: put the shared value in a `Gc` instead.
//!
//! # Types that hold no handles
//! Plain data from std (numbers, strings, paths, times, `fn` pointers, `Rc<str>`...)
//! implements `Trace` as untracked: the collector never looks at it. A type from another
//! crate that holds no handles can be wrapped in [`Untraced`]; a field of a foreign type
//! that does hold handles is traced by a function of your own,
//! `#[trace(with = path::to::function)]` (see `#[derive(Trace)]`).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::rc::Rc;
use std::sync::Arc;

use crate::object::Header;

/// A type whose `Gc` handles the cycle collector can see.
///
/// Derive it with `#[derive(Trace)]`; write it by hand only for containers of your own.
/// A hand-written impl calls `trace` (and `drop_handles`, `drop_handles_mut`) on each field that may
/// hold handles, and never follows a handle into the object behind it: the collector
/// walks the graph itself, without recursion.
///
/// # Example
/// ```
/// use std::cell::RefCell;
/// use pyobj::{Gc, Trace, Tracer};
///
/// struct Node {
///     value: i64,
///     next: RefCell<Option<Gc<Node>>>,
/// }
///
/// impl Trace for Node {
///     const TRACKED: bool = true;
///     fn trace(&self, tracer: &mut Tracer<'_>) {
///         self.next.trace(tracer);
///     }
///     fn drop_handles(&self) {
///         self.next.drop_handles();
///     }
/// }
///
/// let a = Gc::new(Node { value: 1, next: RefCell::new(None) });
/// *a.next.borrow_mut() = Some(a.clone()); // a self-cycle
/// assert_eq!(Gc::strong_count(&a), 2);
/// drop(a);
/// assert_eq!(pyobj::gc::collect(), 1);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Trace`",
    label = "the collector cannot see inside `{Self}`",
    note = "derive it with `#[derive(Trace)]`, or mark a field that holds no `Gc` handles with `#[trace(skip)]`",
    note = "a type from another crate that holds no `Gc` handles can be wrapped: `Untraced<{Self}>`"
)]
pub trait Trace {
    /// Whether values of this type may hold `Gc` handles, decided at compile time.
    ///
    /// Objects of an untracked type (numbers, strings, plain data) get no collector
    /// bookkeeping at all: they are not in any generation and never scanned.
    const TRACKED: bool;

    /// The Python type of values of this type, for the types that are Python objects
    /// (`int`, `list`, ...); `None` for every other type. Only a type with a Python type
    /// can be held by an `Obj`.
    #[doc(hidden)]
    const PYTHON_TYPE: Option<&'static crate::object::PythonType> = None;

    /// The finalizer every constructor of `Gc<Self>` attaches ([`Gc::new`](crate::Gc::new)
    /// too): set by `#[derive(Trace)]` when the type implements
    /// [`Finalize`](crate::Finalize), `None` for every other type (a hand-written impl
    /// included). Not public API: reached through the derive only.
    #[doc(hidden)]
    const FINALIZE: Option<crate::finalizer::FinalizeHook<Self>> = None;

    /// The `static` vtable every constructor of `Gc<Self>` gives its objects, for the
    /// runtime's own hot types (a downcast is then one comparison of addresses); `None`
    /// for every other type. Not public API: only the runtime can make one.
    #[doc(hidden)]
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = None;

    /// Whether dropping this value may do anything: `false` promises that the drop
    /// frees nothing and runs no code (an `int` that fits in a word, while a big one
    /// owns its digits), so the object's release can skip the bookkeeping that a
    /// nested release needs. The default is the type's own answer
    /// ([`std::mem::needs_drop`]). Not public API: for the runtime's own value types.
    #[doc(hidden)]
    #[inline(always)]
    fn value_needs_drop(&self) -> bool
    where
        Self: Sized,
    {
        std::mem::needs_drop::<Self>()
    }

    /// Reports every `Gc` handle this value owns by calling `trace` on it (or on the
    /// field, container or cell that holds it).
    fn trace(&self, tracer: &mut Tracer<'_>);

    /// Drops the handles this value holds through interior mutability (a `RefCell`), so
    /// that a garbage cycle falls apart. Called only on objects the collector found to be
    /// unreachable. The default does nothing.
    fn drop_handles(&self) {}

    /// Drops every handle this value owns, with exclusive access (used on the contents of
    /// a `RefCell`). The default calls [`Trace::drop_handles`].
    fn drop_handles_mut(&mut self) {
        self.drop_handles();
    }
}

/// [`Trace`] for trait objects: the same three methods, without the constants that make
/// `Trace` itself impossible as a trait object (`dyn Trace` does not exist).
///
/// Every `Trace` type implements it. To keep values of your types behind a trait object
/// that the collector sees into (a field `Box<dyn Shape>`, `Vec<Box<dyn Shape>>`), make
/// `DynTrace` a supertrait of your trait and give the trait object a `Trace` impl with
/// [`impl_trace_for_dyn!`](crate::impl_trace_for_dyn); then `Box<dyn Shape>` is `Trace`
/// (std's impl for `Box<T: Trace + ?Sized>`) and is traced through the box's concrete
/// value.
///
/// A `Gc<dyn Shape>` needs none of this: the object's own vtable traces it.
///
/// ```
/// use std::cell::RefCell;
/// use pyobj::{DynTrace, Gc, Trace, Tracer, gc, impl_trace_for_dyn};
///
/// trait Shape: DynTrace {
///     fn area(&self) -> f64;
/// }
/// impl_trace_for_dyn!(dyn Shape);
///
/// struct Group {
///     members: RefCell<Vec<Box<dyn Shape>>>,
/// }
/// impl Trace for Group {
///     const TRACKED: bool = true;
///     fn trace(&self, tracer: &mut Tracer<'_>) {
///         self.members.trace(tracer);
///     }
///     fn drop_handles(&self) {
///         self.members.drop_handles();
///     }
/// }
///
/// /// A shape that refers back to its group.
/// struct Member {
///     group: RefCell<Option<Gc<Group>>>,
/// }
/// impl Trace for Member {
///     const TRACKED: bool = true;
///     fn trace(&self, tracer: &mut Tracer<'_>) {
///         self.group.trace(tracer);
///     }
///     fn drop_handles(&self) {
///         self.group.drop_handles();
///     }
/// }
/// impl Shape for Member {
///     fn area(&self) -> f64 {
///         1.0
///     }
/// }
///
/// let group = Gc::new(Group { members: RefCell::new(Vec::new()) });
/// let member = Member { group: RefCell::new(Some(group.clone())) };
/// group.members.borrow_mut().push(Box::new(member)); // a cycle through a `Box<dyn Shape>`
/// assert_eq!(group.members.borrow()[0].area(), 1.0);
/// drop(group);
/// assert_eq!(gc::collect(), 1);
/// ```
pub trait DynTrace {
    /// [`Trace::trace`].
    fn trace_dyn(&self, tracer: &mut Tracer<'_>);
    /// [`Trace::drop_handles`].
    fn drop_handles_dyn(&self);
    /// [`Trace::drop_handles_mut`].
    fn drop_handles_mut_dyn(&mut self);
}

impl<T: Trace> DynTrace for T {
    #[inline]
    fn trace_dyn(&self, tracer: &mut Tracer<'_>) {
        if T::TRACKED {
            self.trace(tracer);
        }
    }
    fn drop_handles_dyn(&self) {
        if T::TRACKED {
            self.drop_handles();
        }
    }
    fn drop_handles_mut_dyn(&mut self) {
        if T::TRACKED {
            self.drop_handles_mut();
        }
    }
}

/// Implements [`Trace`] for trait objects whose trait has [`DynTrace`] as a supertrait:
/// `impl_trace_for_dyn!(dyn Shape, dyn Tool)`. The impl is tracked (the concrete type is
/// known only at run time) and forwards to the value's own `Trace` through `DynTrace`.
///
/// Then `Box<dyn Shape>`, `RefCell<Box<dyn Shape>>`, `Vec<Box<dyn Shape>>` are `Trace`,
/// and `#[derive(Trace)]` traces such fields. See [`DynTrace`] for an example.
#[macro_export]
macro_rules! impl_trace_for_dyn {
    ($($target:ty),+ $(,)?) => {
        $(
            impl $crate::Trace for $target {
                const TRACKED: bool = true;
                #[inline]
                fn trace(&self, tracer: &mut $crate::Tracer<'_>) {
                    $crate::DynTrace::trace_dyn(self, tracer)
                }
                fn drop_handles(&self) {
                    $crate::DynTrace::drop_handles_dyn(self)
                }
                fn drop_handles_mut(&mut self) {
                    $crate::DynTrace::drop_handles_mut_dyn(self)
                }
            }
        )+
    };
}

/// What the collector is doing with the edges a [`Trace`] impl reports.
pub(crate) enum Mode<'a> {
    /// `update_refs`/`subtract_refs`: lower the gc_refs of each target in the set.
    Subtract,
    /// `move_unreachable`: mark targets in the set reachable and queue them.
    Reach(&'a mut Vec<NonNull<Header>>),
    /// Every edge, as a new handle (`get_referents`).
    Collect(&'a mut Vec<crate::AnyGc>),
    /// Weak edges only (deciding whether a weak reference is itself garbage).
    Weak(&'a mut Vec<NonNull<crate::weakref::WeakCell>>),
    /// Every edge, strong and weak, as new handles to the objects pointed at (a heap
    /// snapshot, `crate::snapshot`); a weak edge whose target is gone is left out.
    Snapshot {
        /// The targets of the strong edges, in the order they were reported.
        strong: &'a mut Vec<crate::AnyGc>,
        /// The live targets of the weak edges, in the order they were reported.
        weak: &'a mut Vec<crate::AnyGc>,
    },
    /// Indices of the garbage objects pointed at (the release order).
    Members(&'a mut Vec<u32>),
    /// Whether some edge points at `target` (`get_referrers`).
    Find {
        /// The object looked for.
        target: NonNull<Header>,
        /// Set when an edge to it is seen.
        found: bool,
    },
}

/// The visitor handed to [`Trace::trace`].
///
/// It has no public methods: a `Trace` impl passes it on to the `trace` of its fields,
/// and the impls for [`Gc`](crate::Gc) and [`Weak`](crate::Weak) report themselves.
pub struct Tracer<'a> {
    pub(crate) mode: Mode<'a>,
    /// Set when some edges could not be seen (a `RefCell` was mutably borrowed): the
    /// object being traced must then be treated as reachable.
    pub(crate) incomplete: bool,
    /// Set by every strong edge reported in [`Mode::Subtract`]: subtract_refs uses it to
    /// know which objects reported no edge at all (leaves), so that move_unreachable
    /// need not trace them again when they turn out to be roots.
    pub(crate) reported: bool,
}

impl<'a> Tracer<'a> {
    pub(crate) fn new(mode: Mode<'a>) -> Self {
        Tracer {
            mode,
            incomplete: false,
            reported: false,
        }
    }

    /// Reports a strong edge to the object behind `header`.
    ///
    /// Inlined into every `Trace` impl that reports a handle, so only the two modes of
    /// the collection's hot passes are here; the others are one call away, which keeps
    /// the inlined code small (no registers to save on the hot path).
    #[inline]
    pub(crate) fn edge(&mut self, header: NonNull<Header>) {
        match &mut self.mode {
            Mode::Subtract => {
                self.reported = true;
                crate::collector::subtract_edge(header);
            }
            Mode::Reach(queue) => crate::collector::reach_edge(header, queue),
            _ => self.other_edge(header),
        }
    }

    /// [`Tracer::edge`] in the modes of introspection and of the rarer collection steps.
    #[inline(never)]
    fn other_edge(&mut self, header: NonNull<Header>) {
        match &mut self.mode {
            Mode::Subtract => {
                self.reported = true;
                crate::collector::subtract_edge(header);
            }
            Mode::Reach(queue) => crate::collector::reach_edge(header, queue),
            Mode::Collect(out) => out.push(crate::AnyGc::from_borrowed(header)),
            Mode::Members(out) => crate::collector::member_edge(header, out),
            Mode::Find { target, found } => *found |= header == *target,
            Mode::Snapshot { strong, .. } => strong.push(crate::AnyGc::from_borrowed(header)),
            Mode::Weak(_) => {}
        }
    }

    /// Reports a weak edge to a weak-reference cell.
    #[inline]
    pub(crate) fn weak_edge(&mut self, cell: NonNull<crate::weakref::WeakCell>) {
        match &mut self.mode {
            Mode::Weak(out) => out.push(cell),
            Mode::Snapshot { weak, .. } => weak.extend(crate::weakref::live_target(cell)),
            _ => {}
        }
    }
}

macro_rules! untracked {
    ($($t:ty),* $(,)?) => {
        $(
            impl Trace for $t {
                const TRACKED: bool = false;
                #[inline]
                fn trace(&self, _: &mut Tracer<'_>) {}
            }
        )*
    };
}

untracked!(
    (),
    bool,
    char,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    String,
    str,
    &'static str,
    Rc<str>,
    Arc<str>,
    std::path::Path,
    std::path::PathBuf,
    std::ffi::OsStr,
    std::ffi::OsString,
    std::time::Duration,
    std::time::Instant,
    std::time::SystemTime,
    std::num::NonZeroUsize,
    std::num::NonZeroU32,
    std::num::NonZeroU64,
    std::num::NonZeroI64,
);

/// A function pointer holds no handles (a closure that captures some is not a `fn`).
///
/// Implemented for safe Rust functions of up to six arguments. A pointer whose type has
/// a lifetime of its own (`fn(&str)`, which is `for<'a> fn(&'a str)`) is not covered:
/// Rust cannot yet write one impl for all of them; wrap it in [`Untraced`].
macro_rules! fn_pointers {
    ($(($($arg:ident),*))*) => {
        $(
            impl<R $(, $arg)*> Trace for fn($($arg),*) -> R {
                const TRACKED: bool = false;
                #[inline]
                fn trace(&self, _: &mut Tracer<'_>) {}
            }
        )*
    };
}

fn_pointers! {
    ()
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
}

impl<T: ?Sized> Trace for PhantomData<T> {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// A `Cell` of plain `Copy` data (`Cell<i64>`, `Cell<bool>`...). A `Copy` type cannot own
/// a `Gc`, so there is nothing to see inside.
impl<T: Copy + Trace> Trace for Cell<T> {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// A `RefCell` is where cycles are made. Tracing takes a shared borrow; if the cell is
/// mutably borrowed right now its contents cannot be seen, and the object holding it is
/// treated as reachable for this collection (never a panic).
impl<T: Trace + ?Sized> Trace for RefCell<T> {
    const TRACKED: bool = T::TRACKED;
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if !T::TRACKED {
            return;
        }
        match self.try_borrow() {
            Ok(inner) => inner.trace(tracer),
            Err(_) => tracer.incomplete = true,
        }
    }
    #[inline]
    fn drop_handles(&self) {
        if !T::TRACKED {
            return;
        }
        if let Ok(mut inner) = self.try_borrow_mut() {
            inner.drop_handles_mut();
        }
    }
    fn drop_handles_mut(&mut self) {
        self.get_mut().drop_handles_mut();
    }
}

impl<T: Trace> Trace for Option<T> {
    const TRACKED: bool = T::TRACKED;
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if let Some(value) = self {
            value.trace(tracer);
        }
    }
    fn drop_handles(&self) {
        if let Some(value) = self {
            value.drop_handles();
        }
    }
    #[inline]
    fn drop_handles_mut(&mut self) {
        if T::TRACKED {
            *self = None;
        }
    }
}

impl<T: Trace, E: Trace> Trace for Result<T, E> {
    const TRACKED: bool = T::TRACKED || E::TRACKED;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self {
            Ok(value) => value.trace(tracer),
            Err(error) => error.trace(tracer),
        }
    }
    fn drop_handles(&self) {
        match self {
            Ok(value) => value.drop_handles(),
            Err(error) => error.drop_handles(),
        }
    }
    fn drop_handles_mut(&mut self) {
        match self {
            Ok(value) => value.drop_handles_mut(),
            Err(error) => error.drop_handles_mut(),
        }
    }
}

impl<T: Trace + ?Sized> Trace for Box<T> {
    const TRACKED: bool = T::TRACKED;
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        (**self).trace(tracer);
    }
    fn drop_handles(&self) {
        (**self).drop_handles();
    }
    fn drop_handles_mut(&mut self) {
        (**self).drop_handles_mut();
    }
}

impl<T: Trace> Trace for [T] {
    const TRACKED: bool = T::TRACKED;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if T::TRACKED {
            self.iter().for_each(|item| item.trace(tracer));
        }
    }
    fn drop_handles(&self) {
        if T::TRACKED {
            self.iter().for_each(T::drop_handles);
        }
    }
    fn drop_handles_mut(&mut self) {
        if T::TRACKED {
            self.iter_mut().for_each(T::drop_handles_mut);
        }
    }
}

impl<T: Trace, const N: usize> Trace for [T; N] {
    const TRACKED: bool = T::TRACKED;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.as_slice().trace(tracer);
    }
    fn drop_handles(&self) {
        self.as_slice().drop_handles();
    }
    fn drop_handles_mut(&mut self) {
        self.as_mut_slice().drop_handles_mut();
    }
}

/// Collections of elements: `drop_handles` reaches into the elements (through their
/// cells), `drop_handles_mut` empties the collection, dropping its handles.
macro_rules! set {
    ($($set:ident<T $(, $hasher:ident)?>),*) => {
        $(
            impl<T: Trace $(, $hasher: Default)?> Trace for $set<T $(, $hasher)?> {
                const TRACKED: bool = T::TRACKED;
                fn trace(&self, tracer: &mut Tracer<'_>) {
                    if T::TRACKED {
                        self.iter().for_each(|item| item.trace(tracer));
                    }
                }
                fn drop_handles(&self) {
                    if T::TRACKED {
                        self.iter().for_each(T::drop_handles);
                    }
                }
                fn drop_handles_mut(&mut self) {
                    if T::TRACKED {
                        drop(std::mem::take(self));
                    }
                }
            }
        )*
    };
}
set!(Vec<T>, VecDeque<T>, HashSet<T, S>, BTreeSet<T>);

/// Maps: keys are immutable, so `drop_handles` reaches into keys and values only through
/// their cells; `drop_handles_mut` empties the map.
macro_rules! map {
    ($($map:ident<K, V $(, $hasher:ident)?>),*) => {
        $(
            impl<K: Trace, V: Trace $(, $hasher: Default)?> Trace for $map<K, V $(, $hasher)?> {
                const TRACKED: bool = K::TRACKED || V::TRACKED;
                fn trace(&self, tracer: &mut Tracer<'_>) {
                    if Self::TRACKED {
                        for (key, value) in self {
                            key.trace(tracer);
                            value.trace(tracer);
                        }
                    }
                }
                fn drop_handles(&self) {
                    if Self::TRACKED {
                        for (key, value) in self {
                            key.drop_handles();
                            value.drop_handles();
                        }
                    }
                }
                fn drop_handles_mut(&mut self) {
                    if Self::TRACKED {
                        drop(std::mem::take(self));
                    }
                }
            }
        )*
    };
}
map!(HashMap<K, V, S>, BTreeMap<K, V>);

macro_rules! tuple {
    ($(($($name:ident . $idx:tt),+))*) => {
        $(
            impl<$($name: Trace),+> Trace for ($($name,)+) {
                const TRACKED: bool = false $(|| $name::TRACKED)+;
                fn trace(&self, tracer: &mut Tracer<'_>) {
                    $(self.$idx.trace(tracer);)+
                }
                fn drop_handles(&self) {
                    $(self.$idx.drop_handles();)+
                }
                fn drop_handles_mut(&mut self) {
                    $(self.$idx.drop_handles_mut();)+
                }
            }
        )*
    };
}

tuple! {
    (A.0)
    (A.0, B.1)
    (A.0, B.1, C.2)
    (A.0, B.1, C.2, D.3)
    (A.0, B.1, C.2, D.3, E.4)
    (A.0, B.1, C.2, D.3, E.4, F.5)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7)
}

/// A value the collector never looks into: `Trace` for a type that holds no `Gc`
/// handles but does not implement `Trace` itself, typically one from another crate.
///
/// `Untraced<T>` is untracked ([`Trace::TRACKED`] is false) and its `trace` does nothing,
/// whatever `T` is. It dereferences to `T`, so it is used like the value it wraps.
///
/// ```
/// use std::cell::RefCell;
/// use pyobj::{Gc, Untraced};
///
/// // Stands for a type from another crate: it holds no handles, but has no `Trace` impl.
/// #[derive(Debug, PartialEq)]
/// struct Color {
///     red: u8,
///     blue: u8,
/// }
///
/// let color = Gc::new(Untraced(Color { red: 255, blue: 0 })); // on the heap
/// assert_eq!(color.red, 255); // `Gc` and `Untraced` both dereference
/// let palette = Gc::new(RefCell::new(vec![Untraced(Color { red: 0, blue: 255 })]));
/// assert_eq!(*palette.borrow()[0], Color { red: 0, blue: 255 });
/// ```
///
/// In a `#[derive(Trace)]` type, a field that holds no handles can also be marked
/// `#[trace(skip)]`; `Untraced` is for the places an attribute cannot reach: inside a
/// container (`Vec<Untraced<Color>>`), or as the value of a `Gc`.
///
/// # Contract
/// `T` must hold no `Gc` (nor [`Weak`](crate::Weak)) handles, directly or inside its
/// own fields. If it does, the collector does not see them: a handle inside counts as a
/// reference from outside, so a cycle that goes through it is never collected and its
/// objects leak. That is the only consequence, never unsoundness: memory is freed only
/// when a count reaches zero. A foreign type that holds handles is traced by a function
/// of your own instead, with `#[trace(with = path::to::function)]` on the field.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Untraced<T: ?Sized>(pub T);

impl<T> Untraced<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Untraced(value)
    }

    /// The wrapped value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: ?Sized> Trace for Untraced<T> {
    const TRACKED: bool = false;
    #[inline]
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl<T: ?Sized> Deref for Untraced<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized> DerefMut for Untraced<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for Untraced<T> {
    fn from(value: T) -> Self {
        Untraced(value)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Untraced<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for Untraced<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
