//! Paths used by code that pyobj's macros generate. Not a public API.
//!
//! `#[derive(Trace)]` reaches each field through [`TraceField`] (a named field) or
//! [`TraceIndex`] (a tuple field) rather than through [`Trace`]. Both are implemented for
//! every `Trace` type, so they change nothing for a correct type; they exist for their
//! error message, which names the field whose type does not implement `Trace`. The
//! field's name is a type parameter of the derived impl, since rustc prints a type
//! parameter by its bare name. A field whose type keeps handles where the collector
//! cannot see them (inside an `Rc`, an `Arc` or a `Cell`) goes through a variant of
//! these traits whose message says why, and what to use instead: skipping such a field
//! would compile, but leak every cycle through it.

pub use pyobj_runtime::{FinalizeHook, FinalizeProbe, NoFinalize, Trace, Tracer};

/// [`Finalize`](pyobj_runtime::Finalize), as `#[trace(finalize)]` asks for it: the same
/// finalizer, with a message that names the attribute when the type has none.
#[diagnostic::on_unimplemented(
    message = "`#[trace(finalize)]` on `{Self}`, which does not implement `Finalize`",
    label = "asks for the finalizer of `{Self}`",
    note = "implement `pyobj::Finalize` for `{Self}` (for every instantiation the derived `Trace` impl covers), or remove `#[trace(finalize)]`"
)]
pub trait FinalizeAttr {
    /// The type's finalizer.
    const HOOK: FinalizeHook<Self>;
}

#[diagnostic::do_not_recommend]
impl<T: pyobj_runtime::Finalize> FinalizeAttr for T {
    const HOOK: FinalizeHook<T> = FinalizeHook::of();
}

/// Declares a trait through which the derive reaches a field: the same items as
/// [`Trace`], implemented for every `Trace` type, with its own `on_unimplemented` message.
/// `[params] [arguments]`: the trait's generic parameters, then as its impl names them.
macro_rules! field_trait {
    ($(#[$attr:meta])* $name:ident [$($param:tt)*] [$($arg:tt)*]) => {
        $(#[$attr])*
        pub trait $name<$($param)*> {
            /// [`Trace::TRACKED`].
            const TRACKED: bool;
            /// [`Trace::trace`].
            fn trace(&self, tracer: &mut Tracer<'_>);
            /// [`Trace::drop_handles`].
            fn drop_handles(&self);
            /// [`Trace::drop_handles_mut`].
            fn drop_handles_mut(&mut self);
        }

        // `do_not_recommend` makes rustc report a failure as "`T: TraceField<name>` does
        // not hold", with this trait's message, rather than look through this impl and
        // report the `Trace` bound that fails inside it, without the field's name.
        #[diagnostic::do_not_recommend]
        impl<T: Trace + ?Sized, $($param)*> $name<$($arg)*> for T {
            const TRACKED: bool = T::TRACKED;
            #[inline]
            fn trace(&self, tracer: &mut Tracer<'_>) {
                Trace::trace(self, tracer);
            }
            #[inline]
            fn drop_handles(&self) {
                Trace::drop_handles(self);
            }
            #[inline]
            fn drop_handles_mut(&mut self) {
                Trace::drop_handles_mut(self);
            }
        }
    };
}

field_trait! {
    /// [`Trace`], as the derive sees a named field; `Name` is a type parameter named after
    /// the field.
    #[diagnostic::on_unimplemented(
        message = "field `{Name}` cannot be traced: `{Self}` does not implement `Trace`",
        label = "the collector cannot see inside `{Self}`",
        note = "a type implements `Trace` by deriving it; a container (`Vec`, `Option`, `RefCell`, ...) does when its elements do",
        note = "if the field holds no `Gc` handles, mark it `#[trace(skip)]`; if it holds some inside a type from another crate, trace them with a function of yours: `#[trace(with = path::to::function)]`"
    )]
    TraceField[Name] [Name]
}

field_trait! {
    /// [`Trace`], as the derive sees the field at `INDEX` of a tuple struct or variant.
    #[diagnostic::on_unimplemented(
        message = "field `{INDEX}` cannot be traced: `{Self}` does not implement `Trace`",
        label = "the collector cannot see inside `{Self}`",
        note = "a type implements `Trace` by deriving it; a container (`Vec`, `Option`, `RefCell`, ...) does when its elements do",
        note = "if the field holds no `Gc` handles, mark it `#[trace(skip)]`; if it holds some inside a type from another crate, trace them with a function of yours: `#[trace(with = path::to::function)]`"
    )]
    TraceIndex[const INDEX: usize] [INDEX]
}

field_trait! {
    /// [`TraceField`] for a field whose type names handles inside an `Rc` or `Arc`.
    #[diagnostic::on_unimplemented(
        message = "field `{Name}` cannot be traced: `{Self}` holds `Gc` handles behind an `Rc` or `Arc`",
        label = "the collector cannot see the handles behind this `Rc` or `Arc`",
        note = "an `Rc` may have owners the collector does not know of, so it cannot count the handles inside as edges: `Rc` and `Arc` do not implement `Trace`",
        note = "share the value through a `Gc` instead, which the collector sees: `Gc<RefCell<Vec<Gc<_>>>>` rather than `Rc<RefCell<Vec<Gc<_>>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceSharedField[Name] [Name]
}

field_trait! {
    /// [`TraceIndex`] for a field whose type names handles inside an `Rc` or `Arc`.
    #[diagnostic::on_unimplemented(
        message = "field `{INDEX}` cannot be traced: `{Self}` holds `Gc` handles behind an `Rc` or `Arc`",
        label = "the collector cannot see the handles behind this `Rc` or `Arc`",
        note = "an `Rc` may have owners the collector does not know of, so it cannot count the handles inside as edges: `Rc` and `Arc` do not implement `Trace`",
        note = "share the value through a `Gc` instead, which the collector sees: `Gc<RefCell<Vec<Gc<_>>>>` rather than `Rc<RefCell<Vec<Gc<_>>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceSharedIndex[const INDEX: usize] [INDEX]
}

field_trait! {
    /// [`TraceField`] for a field whose type names handles inside a `Cell`.
    #[diagnostic::on_unimplemented(
        message = "field `{Name}` cannot be traced: `{Self}` holds `Gc` handles in a `Cell`",
        label = "the collector cannot look inside a `Cell` without taking its value out",
        note = "a `Cell` gives its value only by copy or by move, and a `Gc` is not `Copy`: only a `Cell` of `Copy` data (`Cell<i64>`) implements `Trace`",
        note = "use a `RefCell` instead: `RefCell<Option<Gc<_>>>` rather than `Cell<Option<Gc<_>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceCellField[Name] [Name]
}

field_trait! {
    /// [`TraceIndex`] for a field whose type names handles inside a `Cell`.
    #[diagnostic::on_unimplemented(
        message = "field `{INDEX}` cannot be traced: `{Self}` holds `Gc` handles in a `Cell`",
        label = "the collector cannot look inside a `Cell` without taking its value out",
        note = "a `Cell` gives its value only by copy or by move, and a `Gc` is not `Copy`: only a `Cell` of `Copy` data (`Cell<i64>`) implements `Trace`",
        note = "use a `RefCell` instead: `RefCell<Option<Gc<_>>>` rather than `Cell<Option<Gc<_>>>`",
        note = "`#[trace(skip)]` would hide these handles: a cycle through them would never be collected"
    )]
    TraceCellIndex[const INDEX: usize] [INDEX]
}

/// The derived visit of a type's fields, for a type with named fields: `Names` is the
/// tuple of its field-name type parameters. Its `Trace` impl forwards here with `()` for
/// each of them.
pub trait TraceFields<Names> {
    /// [`Trace::TRACKED`].
    const TRACKED: bool;
    /// [`Trace::trace`].
    fn trace(&self, tracer: &mut Tracer<'_>);
    /// [`Trace::drop_handles`].
    fn drop_handles(&self);
    /// [`Trace::drop_handles_mut`].
    fn drop_handles_mut(&mut self);
}

// `#[derive(PyObject)]` and `pyblock!`: with the Python layer only.
#[cfg(feature = "python")]
#[path = "private_python.rs"]
mod python;
#[cfg(feature = "python")]
pub use python::*;
