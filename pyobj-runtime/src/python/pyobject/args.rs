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

    /// Argument Clinic's binding of the arguments to `names` (CPython's
    /// `_PyArg_UnpackKeywords`): the first `max_positional` may be given by position,
    /// the rest only by keyword; the first `min_positional` are required. CPython's
    /// texts for each failure, in its order: `to_bytes() takes at most 3 arguments (4
    /// given)`, `to_bytes() takes at most 2 positional arguments (3 given)`,
    /// `from_bytes() missing required argument 'bytes' (pos 1)`, `argument for
    /// to_bytes() given by name ('length') and position (1)`, `'x' is an invalid keyword
    /// argument for to_bytes()`.
    pub(crate) fn unpack<const N: usize>(
        &self,
        name: &str,
        names: [&str; N],
        min_positional: usize,
        max_positional: usize,
    ) -> PyResult<[Option<&'a Obj>; N]> {
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        let given = self.positional.len();
        if given + self.keywords.len() > N {
            return Err(PyErr::type_error(format!(
                "{name}() takes at most {N} {}argument{} ({} given)",
                if given == 0 { "keyword " } else { "" },
                plural(N),
                given + self.keywords.len()
            )));
        }
        if given > max_positional {
            return Err(PyErr::type_error(if max_positional == 0 {
                format!("{name}() takes no positional arguments")
            } else {
                format!(
                    "{name}() takes {} {max_positional} positional argument{} ({given} given)",
                    if min_positional < max_positional {
                        "at most"
                    } else {
                        "exactly"
                    },
                    plural(max_positional)
                )
            }));
        }
        let mut bound = [None; N];
        for (slot, value) in bound.iter_mut().zip(self.positional) {
            *slot = Some(value);
        }
        let mut keywords_left = self.keywords.len();
        for (index, slot) in bound.iter_mut().enumerate().skip(given) {
            *slot = if keywords_left > 0 {
                self.keyword(names[index])
            } else if index >= min_positional {
                break;
            } else {
                None
            };
            if slot.is_some() {
                keywords_left -= 1;
            } else if index < min_positional {
                return Err(PyErr::type_error(format!(
                    "{name}() missing required argument '{}' (pos {})",
                    names[index],
                    index + 1
                )));
            }
        }
        if keywords_left > 0 {
            if let Some(index) = (0..given).find(|&index| self.keyword(names[index]).is_some()) {
                return Err(PyErr::type_error(format!(
                    "argument for {name}() given by name ('{}') and position ({})",
                    names[index],
                    index + 1
                )));
            }
            self.only_keywords(name, &names)?;
        }
        Ok(bound)
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
