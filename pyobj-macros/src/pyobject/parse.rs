//! What `#[derive(PyObject)]` needs to know of each field: its name, and how Python
//! code reads and writes it, decided from the field's type as written.

use syn::{GenericArgument, Ident, PathArguments, Type};

use crate::ast::{Data, Input};

/// How a field is read and written as a Python attribute.
pub(crate) enum Access<'a> {
    /// `Cell<T>`: read with `get` (`T: Copy`), written with `set`.
    Cell(&'a Type),
    /// `RefCell<T>`: read by cloning the borrowed value, written by replacing it.
    RefCell(&'a Type),
    /// Any other type: read by cloning; read-only (Python code mutates objects through
    /// shared handles, so only interior mutability can be written).
    Plain,
}

/// A named field as a Python attribute.
pub(crate) struct PyField<'a> {
    /// The field (and attribute) name.
    pub(crate) name: &'a Ident,
    /// Its type, as written (conversion errors point at it).
    pub(crate) ty: &'a Type,
    /// How it is read and written.
    pub(crate) access: Access<'a>,
}

/// The named fields of a struct (none for any other input: [`check`](super::check)
/// refuses those).
pub(crate) fn fields<'a>(input: &Input<'a>) -> Vec<PyField<'a>> {
    let Data::Struct(fields) = &input.data else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|field| {
            let name = field.original.ident.as_ref()?;
            Some(PyField {
                name,
                ty: field.ty(),
                access: access(field.ty()),
            })
        })
        .collect()
}

/// `Cell<T>` or `RefCell<T>` (by the last path segment, `std::cell::Cell<T>` too).
fn access(ty: &Type) -> Access<'_> {
    let Type::Path(path) = ty else {
        return Access::Plain;
    };
    let Some(last) = path.path.segments.last() else {
        return Access::Plain;
    };
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return Access::Plain;
    };
    let mut types = arguments.args.iter().filter_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    let (Some(inner), None) = (types.next(), types.next()) else {
        return Access::Plain;
    };
    if last.ident == "Cell" {
        Access::Cell(inner)
    } else if last.ident == "RefCell" {
        Access::RefCell(inner)
    } else {
        Access::Plain
    }
}
