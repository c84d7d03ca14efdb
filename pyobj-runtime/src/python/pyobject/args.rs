//! The arguments of a call, and the checks builtins make on them, with CPython's texts.

use std::cell::Cell;
use std::mem::ManuallyDrop;

use super::Obj;
use crate::exceptions::{PyErr, PyResult};

/// The arguments of a call: positional, then keyword (`f(1, 2, key=3)`).
///
/// The handles belong to the caller, which drops them after the call; a callee keeps
/// what it needs by cloning. Arguments made by [`OwnedArgs`] may instead be moved into
/// the callee, once, as a whole (`Args::take_positional`): a compiled function then
/// binds its parameters without a count change per argument.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    positional: &'a [Obj],
    keywords: &'a [(&'a str, Obj)],
    /// Set when the positional handles may be moved out: the flag the taker sets, which
    /// tells the [`OwnedArgs`] that made them not to drop them.
    owner: Option<&'a Cell<bool>>,
}

impl<'a> Args<'a> {
    /// Arguments `positional` and `keywords`.
    pub fn new(positional: &'a [Obj], keywords: &'a [(&'a str, Obj)]) -> Self {
        Args {
            positional,
            keywords,
            owner: None,
        }
    }

    /// The positional arguments moved out as an array of `N`, when they were made by
    /// [`OwnedArgs::args`], are `N`, are not taken yet, and no keyword is given; `None`
    /// otherwise (the caller keeps them, and the callee clones what it needs).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn take_positional<const N: usize>(&self) -> Option<[Obj; N]> {
        let taken = self.owner?;
        if taken.get() || !self.keywords.is_empty() {
            return None;
        }
        let all = <&[Obj; N]>::try_from(self.positional).ok()?;
        taken.set(true);
        // SAFETY: an owner is set only by `OwnedArgs::args`, whose array this is: a
        // `ManuallyDrop` array that it drops only while `taken` is unset. Setting it
        // above moves the handles here, once (a second take sees the flag), and the
        // `OwnedArgs` hands these arguments to one callee, which takes them while
        // binding and reads them no more.
        Some(unsafe { std::ptr::read(all) })
    }

    /// [`Args::take_positional`] for fewer positional arguments than `N`: the given ones
    /// moved out, the last parameters filled with clones of the last of `defaults`;
    /// `None` when the defaults do not cover the parameters left (nothing is taken).
    pub(crate) fn take_with_defaults<const N: usize>(&self, defaults: &[Obj]) -> Option<[Obj; N]> {
        let taken = self.owner?;
        let given = self.positional.len();
        if taken.get() || !self.keywords.is_empty() || given > N || given + defaults.len() < N {
            return None;
        }
        let first_default = N - defaults.len();
        taken.set(true);
        Some(std::array::from_fn(|index| {
            match self.positional.get(index) {
                // SAFETY: as in `take_positional`: the flag just set moves every given
                // handle here, each read once (one index each).
                Some(value) => unsafe { std::ptr::read(value) },
                None => defaults[index - first_default].clone(),
            }
        }))
    }

    /// Calls `call` with `first`, then clones of these positional arguments, then the
    /// same keywords, as arguments the callee may take: a compiled function binds them
    /// as its parameters without a second count change. With `hold`, each positional
    /// argument after `first` also has one count more until the call returns, when the
    /// callee takes them (no keywords): CPython's `__init__` sees its arguments held so
    /// by the call's argument tuple, and `sys.getrefcount` shows the same numbers. Past
    /// four positional arguments they go in a vector that the callee borrows (and
    /// copies), which holds them so.
    pub(crate) fn call_with_first<R>(
        &self,
        first: &Obj,
        hold: bool,
        call: impl FnOnce(&Args<'_>) -> R,
    ) -> R {
        let keywords = self.keywords;
        macro_rules! with_first {
            ($($arg:ident),*) => {{
                let _held: Option<[Obj; _]> =
                    (hold && keywords.is_empty()).then(|| [$($arg.clone()),*]);
                call(&OwnedArgs::new([first.clone(), $($arg.clone()),*]).args(keywords))
            }};
        }
        match self.positional {
            [] => with_first!(),
            [a] => with_first!(a),
            [a, b] => with_first!(a, b),
            [a, b, c] => with_first!(a, b, c),
            [a, b, c, d] => with_first!(a, b, c, d),
            rest => {
                let all: Vec<Obj> = std::iter::once(first).chain(rest).cloned().collect();
                call(&Args::new(&all, keywords))
            }
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

/// The positional arguments of one call made by compiled code, owned by the call: a
/// compiled Python function called with them takes the handles as its parameters
/// (`Args::take_positional`) instead of cloning them, and whatever it did not take is
/// dropped with this value (after the call, or while unwinding).
pub struct OwnedArgs<const N: usize> {
    items: ManuallyDrop<[Obj; N]>,
    /// Set when a callee took every item.
    taken: Cell<bool>,
    /// Set when a callee took every item but the first (a method's receiver).
    rest_taken: Cell<bool>,
}

impl<const N: usize> OwnedArgs<N> {
    /// The call's arguments `items`.
    #[inline]
    pub fn new(items: [Obj; N]) -> Self {
        OwnedArgs {
            items: ManuallyDrop::new(items),
            taken: Cell::new(false),
            rest_taken: Cell::new(false),
        }
    }

    /// The arguments, still here: for a callee that only borrows them. Empty once taken
    /// (a caller hands them to the taking callee last, and never reads them after).
    #[inline]
    pub fn items(&self) -> &[Obj] {
        if self.taken.get() || self.rest_taken.get() {
            &[]
        } else {
            &self.items[..]
        }
    }

    /// The arguments as `Args` whose positional handles the callee may take: give them
    /// to one callee only, the last one to see them.
    #[inline]
    pub fn args<'a>(&'a self, keywords: &'a [(&'a str, Obj)]) -> Args<'a> {
        Args {
            positional: self.items(),
            keywords,
            owner: Some(&self.taken),
        }
    }

    /// [`OwnedArgs::args`] without the first item (a method's receiver, for a callee
    /// that does not get it): the callee may take the others.
    #[inline]
    pub fn args_after_first<'a>(&'a self, keywords: &'a [(&'a str, Obj)]) -> Args<'a> {
        Args {
            positional: self.items().get(1..).unwrap_or_default(),
            keywords,
            owner: Some(&self.rest_taken),
        }
    }
}

impl<const N: usize> Drop for OwnedArgs<N> {
    #[inline]
    fn drop(&mut self) {
        if self.taken.get() {
            return;
        }
        if self.rest_taken.get() {
            // Only the first is still this value's own.
            if let Some(first) = self.items.first() {
                // SAFETY: the first item was not taken (`args_after_first` leaves it
                // out), and this is its only drop (the value is being dropped).
                drop(unsafe { std::ptr::read(first) });
            }
            return;
        }
        // SAFETY: nothing taken, so the handles are still this value's own, and this
        // is their only drop (the value is being dropped).
        unsafe { ManuallyDrop::drop(&mut self.items) }
    }
}

#[cfg(test)]
mod tests {
    use super::{Args, Obj, OwnedArgs};

    fn pair() -> [Obj; 2] {
        [
            Obj::list(vec![]),
            Obj::from("a str of more than twenty-two bytes"),
        ]
    }

    #[test]
    fn owned_arguments_move_into_the_callee_once() {
        let [list, text] = pair();
        let owned = OwnedArgs::new([list.clone(), text.clone()]);
        assert_eq!((list.refcount(), text.refcount()), (2, 2));
        let args = owned.args(&[]);
        let taken: [Obj; 2] = args.take_positional().expect("first take");
        // Moved, not copied: no count changed.
        assert_eq!((list.refcount(), text.refcount()), (2, 2));
        assert!(taken[0].is(&list) && taken[1].is(&text));
        // A second take, or a take of another length, finds nothing.
        assert!(args.take_positional::<2>().is_none());
        assert!(owned.items().is_empty());
        drop(owned);
        assert_eq!((list.refcount(), text.refcount()), (2, 2));
        drop(taken);
        assert_eq!((list.refcount(), text.refcount()), (1, 1));
    }

    #[test]
    fn a_callee_may_take_all_but_the_receiver() {
        let [list, text] = pair();
        let owned = OwnedArgs::new([list.clone(), text.clone()]);
        let rest = owned.args_after_first(&[]);
        assert_eq!(rest.positional().len(), 1);
        let [taken]: [Obj; 1] = rest.take_positional().expect("the rest");
        assert!(taken.is(&text));
        assert!(owned.items().is_empty());
        assert_eq!((list.refcount(), text.refcount()), (2, 2));
        drop(owned);
        // The receiver was dropped with the owner; the rest is the callee's.
        assert_eq!((list.refcount(), text.refcount()), (1, 2));
        drop(taken);
        assert_eq!(text.refcount(), 1);
    }

    #[test]
    fn missing_arguments_are_filled_from_the_defaults() {
        let [list, text] = pair();
        let owned = OwnedArgs::new([list.clone()]);
        let args = owned.args(&[]);
        let defaults = [text.clone(), Obj::from("d")];
        // Three parameters, one given, the last two defaulted: the given one moved.
        let all: [Obj; 3] = args.take_with_defaults(&defaults).expect("filled");
        assert!(all[0].is(&list) && all[1].is(&text));
        // `text`: the name, the defaults, and the parameter's clone.
        assert_eq!((list.refcount(), text.refcount()), (2, 3));
        assert!(args.take_with_defaults::<3>(&defaults).is_none());
        drop(owned);
        drop(all);
        assert_eq!((list.refcount(), text.refcount()), (1, 2));
        // Too few defaults: nothing is taken.
        let owned = OwnedArgs::new([list.clone()]);
        assert!(owned.args(&[]).take_with_defaults::<4>(&defaults).is_none());
        assert_eq!(owned.items().len(), 1);
    }

    #[test]
    fn arguments_not_taken_are_dropped_with_the_owner() {
        let [list, text] = pair();
        let owned = OwnedArgs::new([list.clone(), text.clone()]);
        let args = owned.args(&[]);
        // Wrong length, keywords, or plain borrowed arguments: nothing is taken.
        assert!(args.take_positional::<3>().is_none());
        let keywords = [("k", list.clone())];
        assert!(owned.args(&keywords).take_positional::<2>().is_none());
        drop(keywords);
        let borrowed = [list.clone()];
        assert!(Args::new(&borrowed, &[]).take_positional::<1>().is_none());
        drop(borrowed);
        assert_eq!(owned.items().len(), 2);
        assert_eq!((list.refcount(), text.refcount()), (2, 2));
        drop(owned);
        assert_eq!((list.refcount(), text.refcount()), (1, 1));
    }
}
