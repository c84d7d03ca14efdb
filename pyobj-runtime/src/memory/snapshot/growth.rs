//! Leak hunting by numbers (seed level 10): how many objects of each type the collector
//! tracks, and which types grew since the last look, as objgraph's `typestats`, `count`
//! and `growth`/`show_growth` report them.
//!
//! A leak in a garbage-collected program is a reference somebody keeps: the objects stay
//! alive and their number grows with each repetition of the leaking code. So the first
//! question is not "what is this object" but "what keeps growing": look at the counts,
//! run the suspect code, look again. [`Growth`] remembers the highest count each type
//! has reached (its peak) and reports only the types that went past it, so a count that
//! goes up and down again is not a leak. The second question, what keeps one of them
//! alive, is [`Snapshot::chain_to`](super::Snapshot::chain_to) and its picture,
//! [`Snapshot::chain_svg`](super::Snapshot::chain_svg).
//!
//! Counted are the objects `gc.get_objects()` lists (tracked, generations 0 to 2):
//! containers, instances, functions; not untracked ones such as ints and strings, as in
//! CPython.

use std::collections::HashMap;
use std::fmt::Write;

/// The number of tracked objects of each type (the Python type's name for a Python
/// object, the Rust type's without module paths for any other), most numerous first, ties
/// by name: objgraph's `typestats`, sorted as `most_common_types`.
pub fn typestats() -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for object in super::tracked_objects() {
        *counts.entry(super::type_name_of(&object)).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// The number of tracked objects whose type is named `type_name` (objgraph's `count`).
pub fn count(type_name: &str) -> usize {
    super::tracked_objects()
        .iter()
        .filter(|object| super::type_name_of(object) == type_name)
        .count()
}

/// What grew since the last look: each call of [`Growth::update`] collects garbage
/// (`gc.collect()`, so that only live objects are counted), counts the tracked objects by
/// type ([`typestats`]) and reports the types whose count went past the highest count
/// seen before for that type (its peak), by how much: objgraph's `growth`.
///
/// ```
/// use std::cell::RefCell;
/// use pyobj::{Gc, Trace, snapshot::Growth};
///
/// #[derive(Trace)]
/// struct Entry {
///     next: RefCell<Option<Gc<Entry>>>,
/// }
///
/// let mut growth = Growth::new();
/// growth.update(); // the first look: everything is new
/// let kept: Vec<Gc<Entry>> = (0..3)
///     .map(|_| Gc::new(Entry { next: RefCell::new(None) }))
///     .collect();
/// assert_eq!(growth.update(), [("Entry".to_owned(), 3, 3)]);
/// assert_eq!(growth.update(), []); // nothing new since
/// drop(kept);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Growth {
    peaks: HashMap<String, usize>,
}

impl Growth {
    /// A tracker that has seen nothing yet: its first [`Growth::update`] reports every
    /// type.
    pub fn new() -> Growth {
        Growth::default()
    }

    /// Collects garbage, counts the tracked objects by type and returns, for each type
    /// whose count is higher than its peak so far, `(type name, count, increase over the
    /// peak)`, the largest increase first (ties by name); the peaks are raised to the
    /// counts.
    pub fn update(&mut self) -> Vec<(String, usize, usize)> {
        crate::gc::collect();
        let mut grown = Vec::new();
        for (name, count) in typestats() {
            let peak = self.peaks.entry(name.clone()).or_default();
            if count > *peak {
                grown.push((name, count, count - *peak));
                *peak = count;
            }
        }
        grown.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        grown
    }

    /// The highest count seen so far for type `type_name` (0 if never seen).
    pub fn peak(&self, type_name: &str) -> usize {
        self.peaks.get(type_name).copied().unwrap_or(0)
    }
}

/// The lines objgraph's `show_growth` prints for `rows` ([`Growth::update`]'s result):
/// the type's name padded to the longest name, its count in 9 columns, a space and the
/// increase with its sign in 9 columns; one line per row, each ending in a newline.
///
/// ```
/// use pyobj::snapshot::format_growth;
///
/// let rows = [("list".to_owned(), 1003, 3), ("function".to_owned(), 12, 1)];
/// assert_eq!(
///     format_growth(&rows),
///     "list         1003        +3\nfunction       12        +1\n"
/// );
/// ```
pub fn format_growth(rows: &[(String, usize, usize)]) -> String {
    let width = rows
        .iter()
        .map(|(name, ..)| name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (name, count, delta) in rows {
        let delta = format!("+{delta}");
        let _ = writeln!(out, "{name:<width$}{count:>9} {delta:>9}");
    }
    out
}

/// The lines of objgraph's `show_most_common_types` for `counts` ([`typestats`]): the
/// type's name padded to the longest name, a space, the count.
pub fn format_typestats(counts: &[(String, usize)]) -> String {
    let width = counts
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (name, count) in counts {
        let _ = writeln!(out, "{name:<width$} {count}");
    }
    out
}
