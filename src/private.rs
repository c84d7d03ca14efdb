//! Paths used by code that pyobj's macros generate. Not a public API.
//!
//! `#[derive(Trace)]` reaches each field through [`TraceField`] (a named field) or
//! [`TraceIndex`] (a tuple field) rather than through [`Trace`]. Both are implemented for
//! every `Trace` type, so they change nothing for a correct type; they exist for their
//! error message, which names the field whose type does not implement `Trace`. The
//! field's name is a type parameter of the derived impl, since rustc prints a type
//! parameter by its bare name.

pub use pyobj_runtime::{Trace, Tracer};

/// [`Trace`], as the derive sees a named field; `Name` is a type parameter named after
/// the field.
#[diagnostic::on_unimplemented(
    message = "field `{Name}` cannot be traced: `{Self}` does not implement `Trace`",
    label = "the collector cannot see inside `{Self}`",
    note = "a type implements `Trace` by deriving it; a container (`Vec`, `Option`, `RefCell`, ...) does when its elements do",
    note = "if the field holds no `Gc` handles, mark it `#[trace(skip)]`"
)]
pub trait TraceField<Name> {
    /// [`Trace::TRACKED`].
    const TRACKED: bool;
    /// [`Trace::trace`].
    fn trace(&self, tracer: &mut Tracer<'_>);
    /// [`Trace::drop_handles`].
    fn drop_handles(&self);
    /// [`Trace::clear_mut`].
    fn drop_handles_mut(&mut self);
}

// `do_not_recommend` makes rustc report a failure as "`T: TraceField<name>` does not
// hold", with this trait's message, rather than look through this impl and report the
// `Trace` bound that fails inside it, without the field's name.
#[diagnostic::do_not_recommend]
impl<T: Trace + ?Sized, Name> TraceField<Name> for T {
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

/// [`Trace`], as the derive sees the field at `INDEX` of a tuple struct or variant.
#[diagnostic::on_unimplemented(
    message = "field `{INDEX}` cannot be traced: `{Self}` does not implement `Trace`",
    label = "the collector cannot see inside `{Self}`",
    note = "a type implements `Trace` by deriving it; a container (`Vec`, `Option`, `RefCell`, ...) does when its elements do",
    note = "if the field holds no `Gc` handles, mark it `#[trace(skip)]`"
)]
pub trait TraceIndex<const INDEX: usize> {
    /// [`Trace::TRACKED`].
    const TRACKED: bool;
    /// [`Trace::trace`].
    fn trace(&self, tracer: &mut Tracer<'_>);
    /// [`Trace::drop_handles`].
    fn drop_handles(&self);
    /// [`Trace::clear_mut`].
    fn drop_handles_mut(&mut self);
}

// As for `TraceField`: report the failure with the field's index.
#[diagnostic::do_not_recommend]
impl<T: Trace + ?Sized, const INDEX: usize> TraceIndex<INDEX> for T {
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
    /// [`Trace::clear_mut`].
    fn drop_handles_mut(&mut self);
}
