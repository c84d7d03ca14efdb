//! Generations: which objects a collection looks at, and when one runs.
//!
//! Most objects die young. Like CPython, pyobj sorts tracked objects into three
//! generations: new objects enter generation 0; an object that survives a collection of
//! its generation moves one generation up. A collection of generation `g` looks at
//! generations `0..=g` only, so a young collection costs time in proportion to the young
//! objects, not to the whole heap.
//!
//! - Generations 0 and 1 are lists (`Vec`s of headers). An object stores its index in
//!   its gc word, so unlinking a dying object is a `swap_remove`.
//! - Generation 2 (and the permanent generation of [`gc::freeze`](crate::gc::freeze)) is
//!   not listed at all, only counted: a full collection walks the pools to find its
//!   objects. That keeps the per-object cost at the 16-byte header.
//!
//! When a collection runs (CPython's rules, with 3.13's thresholds 2000, 10, 10):
//! - `count[0]` is tracked allocations minus deallocations since the last collection;
//!   when it exceeds `threshold[0]`, a collection starts;
//! - `count[1]` counts collections of generation 0 since the last collection of 1, and
//!   `count[2]` collections of generation 1 since the last full one;
//! - the oldest generation whose count exceeds its threshold is collected, except that a
//!   full collection also waits until the objects promoted into generation 2 since the
//!   last full collection (`long_lived_pending`) exceed 25% of those that survived it
//!   (`long_lived_total`): a full collection is expensive, and this keeps the total cost
//!   of full collections linear in the number of objects.
//!
//! # Which CPython's rule, and why
//! pyobj follows the rule of CPython 3.11 to 3.13 (above), with 3.13's thresholds:
//! - 3.11 and 3.12 collect exactly so, with thresholds (700, 10, 10); 3.12 only moved the
//!   start of a collection from the allocation to the interpreter's next safe point.
//! - 3.13 raised `threshold[0]` to 2000 and kept the three generations and the 25% rule
//!   (the incremental collector merged during its development was reverted before
//!   3.13.0).
//! - 3.14's collector is incremental: two generations, young and old; each automatic
//!   collection takes the young objects plus an increment of the old ones (sized from
//!   the young collection and the heap, `threshold[1]` setting the rate), and no
//!   automatic collection is full; objects reachable from the interpreter's roots (its
//!   frames, module globals) are marked first and never examined. `gc.collect(1)` then
//!   runs an increment, and `gc.get_count()` past the first entry means something else.
//!
//! 3.14's scheme is not followed: it changes what `gc.get_count()`,
//! `gc.collect(generation)` and `gc.get_objects(generation)` report (the tests pin 3.11's
//! numbers), and its cheapness on a growing heap comes from the root marking, which needs
//! a list of roots that a Rust program does not have (its handles live on the Rust stack
//! and in Rust values). The 25% rule does not spare a heap that only grows from its first
//! full collections (`long_lived_total` starts at 0, and the rule only binds once the
//! heap is four times what ten generation-1 collections promote), so the collector makes
//! each visit of a survivor cheap instead, without changing when collections run: a
//! survivor whose trace reported no edge is not traced a second time
//! (`collector::subtract_refs`), and the full collection holds each old object while its
//! pool walk reads the header (`Heap::gather_old`), one pass fewer.

use std::ptr::NonNull;

use crate::object::{Header, PERMANENT, gcword};

/// Number of generations (not counting the permanent one).
pub const NUM_GENERATIONS: usize = 3;

/// Statistics of one generation, as `gc.get_stats()` reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenerationStats {
    /// How many times this generation was collected.
    pub collections: usize,
    /// Objects collected by collections of this generation.
    pub collected: usize,
    /// Objects found unreachable but left alive (always 0 for pyobj, as for CPython
    /// without legacy `tp_del` finalizers).
    pub uncollectable: usize,
}

/// The collector's bookkeeping.
pub(crate) struct Generations {
    /// Generations 0 and 1.
    pub(crate) young: [Vec<NonNull<Header>>; 2],
    /// Number of tracked objects in generation 2.
    pub(crate) old: usize,
    /// Number of tracked objects in the permanent generation.
    pub(crate) permanent: usize,
    /// CPython's per-generation counts (see the module docs).
    pub(crate) count: [usize; NUM_GENERATIONS],
    /// Thresholds (`gc.set_threshold`).
    pub(crate) threshold: [usize; NUM_GENERATIONS],
    /// The `count[0]` above which [`Generations::link_new`] reports a collection due:
    /// `threshold[0]` while automatic collection may run, `usize::MAX` while it may not
    /// (disabled, a `threshold[0]` of 0, or a collection running), so that the check on
    /// every tracked allocation is one comparison. Kept by
    /// [`Generations::refresh_trigger`], called after each change of those three.
    trigger: usize,
    /// Per-generation statistics (`gc.get_stats`).
    pub(crate) stats: [GenerationStats; NUM_GENERATIONS],
    /// Objects that survived the last full collection.
    pub(crate) long_lived_total: usize,
    /// Objects promoted into generation 2 since the last full collection.
    pub(crate) long_lived_pending: usize,
    /// Automatic collection is on (`gc.enable`/`gc.disable`).
    pub(crate) enabled: bool,
    /// A collection is running (collections never nest).
    pub(crate) collecting: bool,
    /// `gc.set_debug` flags.
    pub(crate) debug: u32,
    /// Changes asked for by user code during a collection, applied in order when it
    /// ends.
    pub(crate) deferred: Vec<Deferred>,
}

/// A change of the generations that cannot happen during a collection (it would move
/// gathered objects under the collector), so it waits until the collection ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deferred {
    /// [`gc::freeze`](crate::gc::freeze).
    Freeze,
    /// [`gc::unfreeze`](crate::gc::unfreeze).
    Unfreeze,
}

impl Generations {
    pub(crate) fn new() -> Self {
        Generations {
            young: [Vec::new(), Vec::new()],
            old: 0,
            permanent: 0,
            count: [0; NUM_GENERATIONS],
            threshold: [2000, 10, 10],
            trigger: 2000,
            stats: [GenerationStats::default(); NUM_GENERATIONS],
            long_lived_total: 0,
            long_lived_pending: 0,
            enabled: true,
            collecting: false,
            debug: 0,
            deferred: Vec::new(),
        }
    }

    /// Links a new tracked object into generation 0. Returns whether an automatic
    /// collection is due.
    #[inline]
    pub(crate) fn link_new(&mut self, object: NonNull<Header>) -> bool {
        self.push(0, object);
        self.count[0] += 1;
        self.count[0] > self.trigger
    }

    /// Recomputes the trigger of [`Generations::link_new`]; called after `enabled`,
    /// `collecting` or `threshold[0]` changed.
    pub(crate) fn refresh_trigger(&mut self) {
        self.trigger = if self.enabled && !self.collecting && self.threshold[0] > 0 {
            self.threshold[0]
        } else {
            usize::MAX
        };
    }

    /// Puts `object` into `generation`, setting its generation bits and list index.
    ///
    /// The pointer is kept, so it must carry the provenance of the whole object (made from
    /// the block, never from a `&Header`).
    #[inline]
    pub(crate) fn push(&mut self, generation: usize, pointer: NonNull<Header>) {
        // SAFETY: callers pass live objects.
        let object = unsafe { pointer.as_ref() };
        object.set_generation(generation);
        match generation {
            0 | 1 => {
                let list = &mut self.young[generation];
                let index = u32::try_from(list.len())
                    .ok()
                    .filter(|&index| index <= gcword::VALUE)
                    .expect("more than 2**30 objects in one young generation");
                object.gc.set(index);
                list.push(pointer);
            }
            2 => {
                object.gc.set(0);
                self.old += 1;
            }
            _ => {
                object.gc.set(0);
                self.permanent += 1;
            }
        }
    }

    /// Puts `objects` into `generation`, as a [`Generations::push`] of each would (same
    /// order, same indices), then calls `each` on each object. One pass: the list grows
    /// once, and the old generations' counts are added to once.
    ///
    /// The pointers are kept, so they must carry the provenance of the whole object.
    #[inline]
    pub(crate) fn push_all(
        &mut self,
        generation: usize,
        objects: &[NonNull<Header>],
        mut each: impl FnMut(NonNull<Header>),
    ) {
        let mut link = |pointer: NonNull<Header>, word: u32| {
            // SAFETY: callers pass live objects.
            let object = unsafe { pointer.as_ref() };
            object.set_generation(generation);
            object.gc.set(word);
            each(pointer);
        };
        match generation {
            0 | 1 => {
                let list = &mut self.young[generation];
                let start = list.len();
                assert!(
                    start + objects.len() <= gcword::VALUE as usize + 1,
                    "more than 2**30 objects in one young generation"
                );
                list.extend_from_slice(objects);
                // Below 2**30 (checked above), as every index.
                for (index, &pointer) in (start as u32..).zip(objects) {
                    link(pointer, index);
                }
            }
            _ => {
                if generation == 2 {
                    self.old += objects.len();
                } else {
                    self.permanent += objects.len();
                }
                for &pointer in objects {
                    link(pointer, 0);
                }
            }
        }
    }

    /// Takes a dying (or moving) object out of its generation.
    #[inline]
    pub(crate) fn unlink(&mut self, object: &Header) {
        match object.generation() {
            generation @ (0 | 1) => {
                let list = &mut self.young[generation];
                let index = (object.gc.get() & gcword::VALUE) as usize;
                debug_assert!(std::ptr::eq(list[index].as_ptr(), object));
                list.swap_remove(index);
                if let Some(moved) = list.get(index) {
                    // SAFETY: objects in a young list are live (they unlink before their
                    // memory is freed).
                    unsafe { moved.as_ref() }.gc.set(index as u32);
                }
            }
            // Saturating: a miscount must never stop a release.
            2 => self.old = self.old.saturating_sub(1),
            _ => self.permanent = self.permanent.saturating_sub(1),
        }
    }

    /// Number of objects in `generation` (0, 1, 2 or [`PERMANENT`]).
    pub(crate) fn size(&self, generation: usize) -> usize {
        match generation {
            0 | 1 => self.young[generation].len(),
            2 => self.old,
            PERMANENT => self.permanent,
            _ => 0,
        }
    }

    /// CPython's choice of the generation to collect automatically, if any.
    pub(crate) fn due(&self) -> Option<usize> {
        (0..NUM_GENERATIONS).rev().find(|&generation| {
            self.count[generation] > self.threshold[generation]
                && !(generation == NUM_GENERATIONS - 1
                    && self.long_lived_pending < self.long_lived_total / 4)
        })
    }
}
