//! The arguments of a call, and the checks builtins make on them, with CPython's texts.

use super::Obj;
use crate::exceptions::{PyErr, PyResult};

/// The arguments of a call: positional, then keyword (`f(1, 2, key=3)`).
#[derive(Clone, Copy)]
pub struct Args<'a> {
    positional: &'a [Obj],
    keywords: &'a [(&'a str, Obj)],
}

impl<'a> Args<'a> {
    /// Arguments `positional` and `keywords`.
    pub fn new(positional: &'a [Obj], keywords: &'a [(&'a str, Obj)]) -> Self {
        Args {
            positional,
            keywords,
        }
    }

    /// Positional arguments only.
    pub fn positional_only(positional: &'a [Obj]) -> Self {
        Args::new(positional, &[])
    }

    /// The positional arguments.
    pub fn positional(&self) -> &'a [Obj] {
        self.positional
    }

    /// The keyword arguments, in call order.
    pub fn keywords(&self) -> &'a [(&'a str, Obj)] {
        self.keywords
    }

    /// The keyword argument `name`, if given.
    pub(crate) fn keyword(&self, name: &str) -> Option<&'a Obj> {
        self.keywords
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// `TypeError: len() takes no keyword arguments`.
    pub(crate) fn no_keywords(&self, qualname: &str) -> PyResult<()> {
        if self.keywords.is_empty() {
            Ok(())
        } else {
            Err(PyErr::type_error(format!(
                "{qualname}() takes no keyword arguments"
            )))
        }
    }

    /// A `METH_NOARGS` builtin: `TypeError: list.copy() takes no arguments (1 given)`.
    pub(crate) fn none(&self, qualname: &str) -> PyResult<()> {
        self.no_keywords(qualname)?;
        match self.positional.len() {
            0 => Ok(()),
            n => Err(PyErr::type_error(format!(
                "{qualname}() takes no arguments ({n} given)"
            ))),
        }
    }

    /// A `METH_O` builtin: `TypeError: list.append() takes exactly one argument (0 given)`.
    pub(crate) fn one(&self, qualname: &str) -> PyResult<&'a Obj> {
        self.no_keywords(qualname)?;
        match self.positional {
            [arg] => Ok(arg),
            args => Err(PyErr::type_error(format!(
                "{qualname}() takes exactly one argument ({} given)",
                args.len()
            ))),
        }
    }

    /// Argument Clinic's positional check, without keywords:
    /// `TypeError: pop expected at most 1 argument, got 2`.
    pub(crate) fn between(&self, name: &str, min: usize, max: usize) -> PyResult<&'a [Obj]> {
        self.no_keywords(name)?;
        self.positional_between(name, min, max)
    }

    /// Argument Clinic's positional check (keywords are the caller's business).
    pub(crate) fn positional_between(
        &self,
        name: &str,
        min: usize,
        max: usize,
    ) -> PyResult<&'a [Obj]> {
        let n = self.positional.len();
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        if n < min {
            let at = if min == max { "" } else { "at least " };
            return Err(PyErr::type_error(format!(
                "{name} expected {at}{min} argument{}, got {n}",
                plural(min)
            )));
        }
        if n > max {
            let at = if min == max { "" } else { "at most " };
            return Err(PyErr::type_error(format!(
                "{name} expected {at}{max} argument{}, got {n}",
                plural(max)
            )));
        }
        Ok(self.positional)
    }

    /// Keyword arguments must be among `allowed`:
    /// `TypeError: 'foo' is an invalid keyword argument for sort()`.
    pub(crate) fn only_keywords(&self, qualname: &str, allowed: &[&str]) -> PyResult<()> {
        match self.keywords.iter().find(|(key, _)| !allowed.contains(key)) {
            None => Ok(()),
            Some((key, _)) => Err(PyErr::type_error(format!(
                "'{key}' is an invalid keyword argument for {qualname}()"
            ))),
        }
    }
}
