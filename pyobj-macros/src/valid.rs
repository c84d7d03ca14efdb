//! Checks of the shapes `#[derive(Trace)]` does not support, made once the input is read
//! and before any code is generated.

use crate::ast::{Data, Input};
use crate::attr;
use crate::ctxt::Ctxt;

/// Records in `ctxt` every reason the derive cannot expand `input`.
pub(crate) fn check(ctxt: &mut Ctxt, input: &Input<'_>) {
    if let Data::Union(data) = &input.data {
        ctxt.error_spanned_by(
            data.union_token,
            "`Trace` cannot be derived for a union: the collector could not know which field \
             holds a value; implement `Trace` by hand",
        );
    }
    if let Some(packed) = attr::repr_packed(&input.original.attrs)
        && input.fields().any(|field| field.is_traced())
    {
        ctxt.error_spanned_by(
            packed,
            "`Trace` cannot be derived for a `#[repr(packed)]` struct: its fields may be \
             unaligned and cannot be borrowed for tracing",
        );
    }
}
