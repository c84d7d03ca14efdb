//! The inputs `#[derive(PyObject)]` refuses, all reported in one compilation.

use syn::{Data as SynData, Fields};

use crate::ast::Input;
use crate::ctxt::Ctxt;
use crate::valid;

/// The message for anything but a struct with named fields.
const NEEDS_NAMED: &str = "#[derive(PyObject)] needs a struct with named fields";

/// Records in `ctxt` every reason `input` cannot be a Python class.
pub(crate) fn check(ctxt: &mut Ctxt, input: &Input<'_>) {
    let node = input.original;
    match &node.data {
        SynData::Struct(data) => match &data.fields {
            Fields::Named(_) => valid::check(ctxt, input),
            Fields::Unnamed(fields) => ctxt.error_spanned_by(fields, NEEDS_NAMED),
            Fields::Unit => ctxt.error_spanned_by(&node.ident, NEEDS_NAMED),
        },
        SynData::Enum(data) => ctxt.error_spanned_by(data.enum_token, NEEDS_NAMED),
        SynData::Union(data) => ctxt.error_spanned_by(data.union_token, NEEDS_NAMED),
    }
    if !node.generics.params.is_empty() {
        ctxt.error_spanned_by(
            &node.generics,
            "#[derive(PyObject)] does not take generic parameters: a Python class is one \
             type with one static `PyType`, and Python objects live as long as Python needs",
        );
    }
}
