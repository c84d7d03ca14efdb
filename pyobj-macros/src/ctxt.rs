//! The errors found in one derive input, gathered so that all of them are reported in
//! one compilation instead of one per fix-and-retry.

use std::fmt::Display;

use quote::ToTokens;

/// Errors collected while reading and checking a derive input.
///
/// Every stage keeps going after an error and records it here; [`Ctxt::check`] turns
/// them into one [`syn::Error`] holding each message with its own span.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    /// Records an error spanning `tokens`.
    pub(crate) fn error_spanned_by(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.syn_error(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error syn produced (it may hold several messages).
    pub(crate) fn syn_error(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    /// Ends the collection: `Err` with every message recorded, if there was any.
    #[must_use = "the errors are lost unless the result is used"]
    pub(crate) fn check(self) -> syn::Result<()> {
        match self.errors {
            Some(errors) => Err(errors),
            None => Ok(()),
        }
    }
}
