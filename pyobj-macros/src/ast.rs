//! The derive input as the later stages see it: syn's tree, borrowed, with each field's
//! `#[trace(...)]` attributes read and each field named by the member that reaches it.

use syn::{Data as SynData, DeriveInput, Member, Type};

use crate::attr::{self, FieldAttrs};
use crate::ctxt::Ctxt;

/// A type that `#[derive(Trace)]` was put on.
pub(crate) struct Input<'a> {
    /// The item as written, for its name, generics, attributes and spans.
    pub(crate) original: &'a DeriveInput,
    /// Its fields, by kind of item.
    pub(crate) data: Data<'a>,
    /// The `finalize` of `#[trace(finalize)]` on the type, if written: the derived impl
    /// then attaches the type's finalizer unconditionally.
    pub(crate) finalize: Option<syn::Path>,
}

/// The fields of a struct, enum or union.
pub(crate) enum Data<'a> {
    /// A struct of any shape (a unit struct has no fields).
    Struct(Vec<Field<'a>>),
    /// An enum, one entry per variant.
    Enum(Vec<Variant<'a>>),
    /// A union, only to be refused: its fields are not read.
    Union(&'a syn::DataUnion),
}

/// One variant of an enum.
pub(crate) struct Variant<'a> {
    /// The variant as written.
    pub(crate) original: &'a syn::Variant,
    /// Its fields (none for a unit variant).
    pub(crate) fields: Vec<Field<'a>>,
}

/// One field of a struct, variant or union.
pub(crate) struct Field<'a> {
    /// The field as written.
    pub(crate) original: &'a syn::Field,
    /// How the field is reached: its name, or its index in a tuple struct or variant.
    pub(crate) member: Member,
    /// What its `#[trace(...)]` attributes say.
    pub(crate) attrs: FieldAttrs,
}

impl<'a> Input<'a> {
    /// Reads `node`, recording misplaced and malformed attributes in `ctxt` and carrying
    /// on. Reading in source order reports the errors in that order.
    pub(crate) fn from_syn(ctxt: &mut Ctxt, node: &'a DeriveInput) -> Self {
        let kind = match &node.data {
            SynData::Struct(_) => "a struct",
            SynData::Enum(_) => "an enum",
            SynData::Union(_) => "a union",
        };
        let finalize = attr::type_level(ctxt, &node.attrs, kind);
        let data = match &node.data {
            SynData::Struct(data) => Data::Struct(Field::multiple(ctxt, &data.fields)),
            SynData::Enum(data) => Data::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        attr::reject(ctxt, &variant.attrs, "an enum variant", "its fields");
                        Variant {
                            original: variant,
                            fields: Field::multiple(ctxt, &variant.fields),
                        }
                    })
                    .collect(),
            ),
            SynData::Union(data) => Data::Union(data),
        };
        Input {
            original: node,
            data,
            finalize,
        }
    }

    /// Every field of the input, in all variants.
    pub(crate) fn fields(&self) -> impl Iterator<Item = &Field<'a>> {
        let (fields, variants): (&[Field<'a>], &[Variant<'a>]) = match &self.data {
            Data::Struct(fields) => (fields, &[]),
            Data::Enum(variants) => (&[], variants),
            Data::Union(_) => (&[], &[]),
        };
        fields
            .iter()
            .chain(variants.iter().flat_map(|variant| &variant.fields))
    }
}

impl<'a> Field<'a> {
    fn multiple(ctxt: &mut Ctxt, fields: impl IntoIterator<Item = &'a syn::Field>) -> Vec<Self> {
        fields
            .into_iter()
            .enumerate()
            .map(|(index, field)| Field {
                original: field,
                member: match &field.ident {
                    Some(ident) => Member::Named(ident.clone()),
                    None => Member::Unnamed(index.into()),
                },
                attrs: attr::field(ctxt, &field.attrs),
            })
            .collect()
    }

    /// The field's type, as written.
    pub(crate) fn ty(&self) -> &'a Type {
        &self.original.ty
    }

    /// Whether the derived impl visits this field (it is not `#[trace(skip)]`).
    pub(crate) fn is_traced(&self) -> bool {
        !self.attrs.skip
    }

    /// The function that traces this field, from `#[trace(with = path)]`.
    pub(crate) fn with(&self) -> Option<&syn::ExprPath> {
        self.attrs.with.as_ref()
    }

    /// Whether the field is visited through its type's `Trace` impl: it is traced, and not
    /// by a function of the user's. Only these fields need their type to be `Trace`.
    pub(crate) fn uses_trace_impl(&self) -> bool {
        self.is_traced() && self.with().is_none()
    }
}
