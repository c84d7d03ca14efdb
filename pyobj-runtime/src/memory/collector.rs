//! The cycle collector (seed level 4: "reference counting fails in circular
//! references").
//!
//! After `a.append(b); b.append(a); del a, b` both lists still have a count of one: each
//! holds the other. Nothing outside refers to them, but counting cannot see that. The
//! collector can, with CPython's algorithm, which needs no list of roots at all: only the
//! counts, and each object's [`Trace`](crate::Trace) report of the handles it holds.
//!
//! # The algorithm, one collection of generation `g`
//! 1. **Gather** the objects of generations `0..=g` (the young lists; for `g == 2` also
//!    the old objects, found by walking the pools). The collector takes a reference to
//!    each, so nothing it looks at can be freed under it, whatever user code runs.
//! 2. **update_refs**: copy each object's count (minus the collector's own) into its
//!    `gc_refs`.
//! 3. **subtract_refs**: trace every gathered object and subtract one from the `gc_refs`
//!    of each gathered object it points at. What is left of an object's `gc_refs` is the
//!    number of references from *outside* the gathered set: from the stack, from older
//!    generations, from untraced places.
//! 4. **move_unreachable**: every object with `gc_refs > 0` is reachable from outside;
//!    so is everything it points at, transitively (an iterative walk with an explicit
//!    stack: no recursion, so a ring of 10,000,000 objects is fine). Whatever the walk
//!    does not reach is garbage. Survivors move up one generation.
//! 5. **Weak references** to garbage are cleared; a weak reference's callback is called
//!    if the weak reference itself is not garbage (PEP 442's order).
//! 6. **Finalizers** run, once per object, on intact objects.
//! 7. **Resurrection**: a finalizer may have stored a handle to a garbage object somewhere
//!    live. Steps 2-4 run again over the garbage alone; whatever has outside references
//!    now survives, with everything it reaches.
//! 8. **Clear**: each garbage object drops the handles it holds through interior
//!    mutability ([`Trace::drop_handles`](crate::Trace::drop_handles)), which breaks every cycle
//!    (a cycle of `Gc`s can only be closed by mutating an object after it was made).
//! 9. **Release**: the collector lets go of its references, each object only when the
//!    collector's is the last reference to it (in the same pass as the clear, as CPython's
//!    `delete_garbage` frees an object as soon as a clear drops its count to zero; what
//!    is still referenced when every clear has run is released in Kahn's order). Counts
//!    do the freeing, exactly as for any other object: every `Drop` impl sees its fields
//!    live or cleared, never dropped. An object that still cannot go (a cycle whose edges `drop_handles` cannot
//!    reach, such as `RefCell<Gc<T>>`) is *uncollectable*: it is kept alive in
//!    [`gc::garbage`](crate::gc::garbage), as CPython did before PEP 442.
//!
//! # Why this is safe against any safe code
//! Memory is freed only when a count reaches zero, and counts change only through
//! handles. The collector holds a reference to every object it has a pointer to. A `Trace`
//! impl that lies can at worst make objects leak or have their cells cleared (one that
//! reports more references to an object than its count is caught in subtract_refs: the
//! object is kept and reported, see [`gc::collect`](crate::gc::collect)); a panic in
//! user code (trace, clear, finalizer, callback, drop) is caught, the collection finishes
//! with every object accounted for, and the panic is resumed afterwards by an explicit
//! `gc::collect()`, or handed to the unraisable hook by the collections nobody called
//! (automatic, and at thread exit).

//!
//! # What a collection costs
//! A full collection of a million objects is a dozen passes over a million headers that
//! do not fit in the caches, so the collector makes as few passes as it can:
//! - gathering takes the young list itself (no copy when generation 2 is empty; the pool
//!   walk for generation 2 stops once it has found as many objects as the generation
//!   counts), and copies each count into `gc_refs` while taking its reference;
//! - one pass finds the roots, marks what they reach, and sorts the objects into
//!   survivors and garbage (CPython's `move_unreachable`); a root is traced at once (not
//!   pushed and popped), and the rare object put aside before a later root reached it is
//!   looked for from the end of the list, where such objects usually are, and only until
//!   as many as were counted are found;
//! - survivors are linked into the next generation and given back in one pass (the young
//!   list grows once); a root whose trace reported no edge in subtract_refs (a leaf, its
//!   list entry tagged with `LEAF`) is not traced again to mark, so a survivor without
//!   edges costs one trace per collection; a full collection holds the old objects as
//!   its pool walk finds them;
//! - each edge costs a few instructions: [`Tracer::edge`](crate::Tracer) is inlined into
//!   every `Trace` impl with only the two modes of the hot passes (the others, and the
//!   push onto the marking stack, are out of line, so that a trace saves no registers),
//!   and subtract_refs decides with one comparison whether an edge's target is gathered
//!   with a `gc_refs` it may lower;
//! - garbage whose only reference left after the clear is the collector's (every object of
//!   an ordinary cycle) is released in one pass in list order, without the trashcan or a
//!   `catch_unwind` per object ([`release_collected`](crate::heap::release_collected));
//!   only the others need the ordered release of step 9;
//! - user code (traces, clears, drops) runs in loops with one `catch_unwind` around the
//!   whole loop, which resumes after the object that panicked;
//! - the lists live in the heap from one collection to the next ([`Scratch`]).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::ptr::NonNull;
use std::time::Instant;

use crate::generation::{Deferred, NUM_GENERATIONS};
use crate::heap::{self, with_heap};
use crate::object::{Header, IMMORTAL, PERMANENT, flag, gcword};
use crate::refcount::{AnyGc, decref};
use crate::trace::{Mode, Tracer};
use crate::unraisable::{self, Culprit, Site, Unraisable};
use crate::{gc, weakref};

/// `gc_refs` of an object that must be treated as reachable (its count is too large to
/// hold, or its trace was incomplete). Never decremented.
const ROOT: u32 = gcword::VALUE;

/// The tag [`subtract_refs`] adds to the gathered list's entry of an object whose trace
/// reported no edge (the entry's address plus one: headers are at least 8-aligned);
/// [`move_unreachable`], the next pass, takes it off every entry.
const LEAF: usize = 1;

/// Reads the header behind an edge.
///
/// SAFETY of callers: an edge is reported by the trace of a live object that holds the
/// handle (or by a handle borrowed during the trace call), so its target is live.
#[inline]
fn header<'a>(edge: NonNull<Header>) -> &'a Header {
    // SAFETY: see above; the reference is used only during the trace call.
    unsafe { edge.as_ref() }
}

/// subtract_refs: one reference to `edge` comes from inside the gathered set.
#[inline]
pub(crate) fn subtract_edge(edge: NonNull<Header>) {
    let object = header(edge);
    let word = object.gc.get();
    // One comparison for "gathered, with `gc_refs` below `ROOT`": that is
    // `word - COLLECTING < ROOT`, where a word without `COLLECTING` wraps around to a
    // large number. (A word with `REACHABLE` lands above as well; no object is marked
    // while subtract_refs runs.) A `gc_refs` of 0 is lowered too, to `BELOW_ZERO`.
    if word.wrapping_sub(gcword::COLLECTING) < ROOT {
        object.gc.set(word - 1);
    }
}

/// The gc word of a gathered object whose `gc_refs` an edge took below zero
/// (`COLLECTING - 1`: `REACHABLE | VALUE` without `COLLECTING`, which no other object
/// has: outside the gathered set, gc words are list indices, below `REACHABLE`).
///
/// The traces reported more references to the object than its count (CPython asserts
/// `gc_refs > 0` here, "refcount is too small"): some `Trace` impl lies, and `gc_refs`
/// cannot tell the objects it makes look unreachable from those that are. Further edges
/// leave the word as it is (it is not gathered-looking), move_unreachable's marking
/// skips it (it looks marked), and move_unreachable's pass, which meets every object,
/// makes it a root there ([`over_reported`]): it survives with everything it reaches.
/// So honest edges pay nothing for the check.
const BELOW_ZERO: u32 = gcword::COLLECTING - 1;

/// move_unreachable met an object at [`BELOW_ZERO`]: it becomes a marked root, and is
/// remembered, to be reported by [`report_over_reported`].
#[cold]
#[inline(never)]
fn over_reported(object: NonNull<Header>) {
    header(object)
        .gc
        .set(gcword::COLLECTING | gcword::REACHABLE | ROOT);
    with_heap(|heap| heap.over_reported.push(object));
}

/// Reports each object [`over_reported`] found since the last call to the unraisable
/// hook (called only when move_unreachable met one), as `Exception ignored in garbage collection: <T object at 0x...>` and
/// `SystemError: refcount is too small`.
#[cold]
#[inline(never)]
fn report_over_reported() {
    let found = with_heap(|heap| {
        if heap.over_reported.is_empty() {
            Vec::new()
        } else {
            std::mem::take(&mut heap.over_reported)
        }
    });
    for object in found {
        // Held by the collector: live.
        let culprit = Culprit::of(object);
        let repr = culprit.repr();
        unraisable::report(&Unraisable {
            err_msg: Some("in garbage collection"),
            object: Some(&repr),
            type_name: Some(culprit.type_name()),
            exc_type: "SystemError",
            exc_value: "refcount is too small",
            payload: None,
        });
    }
}

/// move_unreachable: `edge` is reachable; queue it if it is gathered and not yet marked.
#[inline]
pub(crate) fn reach_edge(edge: NonNull<Header>, queue: &mut Vec<NonNull<Header>>) {
    let object = header(edge);
    let word = object.gc.get();
    if word & (gcword::COLLECTING | gcword::REACHABLE) == gcword::COLLECTING {
        object.gc.set(word | gcword::REACHABLE);
        queue_reached(edge, queue);
    }
}

/// The rest of [`reach_edge`] for an object it marked, out of line: a `Trace` impl
/// inlines [`reach_edge`] once per handle, and a push (which may grow the queue) there
/// would make every trace, in every mode, save and restore registers.
#[inline(never)]
fn queue_reached(edge: NonNull<Header>, queue: &mut Vec<NonNull<Header>>) {
    queue.push(edge);
}

/// Release order: `edge` is the garbage object with this index, if it is one.
#[inline]
pub(crate) fn member_edge(edge: NonNull<Header>, out: &mut Vec<u32>) {
    let word = header(edge).gc.get();
    if word & gcword::COLLECTING != 0 {
        out.push(word & gcword::VALUE);
    }
}

/// The collector's working lists, kept in the heap between collections so that a
/// collection neither allocates them nor grows them again. Collections do not nest, so
/// one set is enough; a collection takes it and puts it back, empty.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The next gathered list (also what generation 0's list is swapped with).
    gathered: Vec<NonNull<Header>>,
    /// Objects found reachable, until they are linked into their new generation.
    survivors: Vec<NonNull<Header>>,
    /// The marking walk's stack.
    stack: Vec<NonNull<Header>>,
    /// Garbage that outlived the clear, for the ordered release.
    pending: Vec<NonNull<Header>>,
}

impl Scratch {
    /// Entries a list may keep between collections: enough for the young collections,
    /// which are frequent; the lists of a large (full) collection go back to the system,
    /// so that the heap does not keep 8 bytes per object it once collected.
    const KEEP: usize = 1 << 16;

    /// Empties the lists, and lets go of those longer than [`Scratch::KEEP`].
    fn trim(&mut self) {
        for list in [
            &mut self.gathered,
            &mut self.survivors,
            &mut self.stack,
            &mut self.pending,
        ] {
            list.clear();
            if list.capacity() > Self::KEEP {
                *list = Vec::new();
            }
        }
    }
}

/// Which collection is running: who hears of the panics of the user code it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `gc::collect()`: its caller gets the first panic, resumed once the collection is
    /// done; later ones go to the unraisable hook.
    Explicit,
    /// Started by an allocation, or by an exiting thread: nobody called it, so every
    /// panic goes to the unraisable hook.
    Unasked,
}

/// What a collection does with the panics of user code: the first one is kept (to be
/// resumed once the collection is done) by an explicit collection; every other one is
/// handed to the unraisable hook as it is caught.
struct Panics {
    first: Option<Box<dyn Any + Send>>,
    keep_first: bool,
}

impl Panics {
    fn new(kind: Kind) -> Self {
        Panics {
            first: None,
            keep_first: kind == Kind::Explicit,
        }
    }

    /// A panic caught from the user code of `site`.
    #[cold]
    fn record(&mut self, payload: Box<dyn Any + Send>, site: Site) {
        // Not needed where the site is known beforehand: forgotten, so that it cannot
        // name the object of a later panic.
        with_heap(|heap| heap.unwound = None);
        if self.keep_first && self.first.is_none() {
            self.first = Some(payload);
        } else {
            unraisable::report_panic(payload, site);
        }
    }

    fn run<R>(&mut self, site: Site, user_code: impl FnOnce() -> R) -> Option<R> {
        match catch_unwind(AssertUnwindSafe(user_code)) {
            Ok(value) => Some(value),
            Err(payload) => {
                self.record(payload, site);
                None
            }
        }
    }

    /// A panic caught from the user code of `object`, which the collector holds.
    #[cold]
    #[inline(never)]
    fn record_at(&mut self, payload: Box<dyn Any + Send>, object: NonNull<Header>) {
        self.record(payload, Site::Object(Culprit::of(object)));
    }

    /// Runs `step(i)` for each `i` in `0..len`, with one `catch_unwind` around the loop
    /// rather than one per call: after a panic in `step(i)`, the panic is recorded as
    /// coming from `site(i)` and the loop goes on with `i + 1`.
    fn each(
        &mut self,
        len: usize,
        mut step: impl FnMut(usize),
        mut site: impl FnMut(usize) -> Site,
    ) {
        let mut next = 0;
        while next < len {
            let done = catch_unwind(AssertUnwindSafe(|| {
                while next < len {
                    let index = next;
                    next += 1;
                    step(index);
                }
            }));
            if let Err(payload) = done {
                let site = site(next - 1);
                self.record(payload, site);
            }
        }
    }

    fn trace(&mut self, object: NonNull<Header>, mode: Mode<'_>) -> bool {
        let mut tracer = Tracer::new(mode);
        // SAFETY: every object the collector traces is one it holds a reference to.
        let trace = header(object).vtable().trace;
        // SAFETY: live object of the vtable's type.
        let done = self.run(Site::Object(Culprit::of(object)), || unsafe {
            trace(object, &mut tracer)
        });
        done.is_some() && !tracer.incomplete
    }
}

/// `gc_refs` for an object whose count, not counting the collector's reference, is `rc`.
#[inline]
fn refs_of(rc: u32) -> u32 {
    if rc == IMMORTAL { ROOT } else { rc.min(ROOT) }
}

/// Treats a gathered object as reachable from outside.
#[inline]
fn make_root(object: NonNull<Header>) {
    let state = header(object);
    state.gc.set(state.gc.get() | ROOT);
}

/// update_refs over held objects: each one's count minus the collector's reference.
fn update_refs(objects: &[NonNull<Header>]) {
    for &object in objects {
        let state = header(object);
        let rc = state.rc.get();
        let refs = if rc == IMMORTAL {
            ROOT
        } else {
            refs_of(rc - 1)
        };
        state.gc.set(gcword::COLLECTING | refs);
    }
}

/// subtract_refs: traces every object, taking the edges inside the set off `gc_refs`.
/// An object whose trace panics or cannot see everything is a root. An object whose
/// trace reported no edge at all (a leaf) has its entry in `objects` tagged with
/// [`LEAF`], which [`move_unreachable`] removes.
///
/// A leaf that turns out to be a root is not traced again by move_unreachable: it has
/// nothing to mark. (Should its trace report an edge the second time, that edge was not
/// subtracted, so its target keeps a `gc_refs` above zero and is a root by itself.)
/// In a heap that only grows (W2), most survivors of a young collection are leaves or
/// point only at older objects, so this halves the traces of each collection.
fn subtract_refs(objects: &mut [NonNull<Header>], panics: &mut Panics) {
    let mut tracer = Tracer::new(Mode::Subtract);
    // Objects before `next` are traced (or being traced, when a trace panics).
    let mut next = 0;
    while next < objects.len() {
        let done = catch_unwind(AssertUnwindSafe(|| {
            while let Some(&object) = objects.get(next) {
                next += 1;
                tracer.reported = false;
                let trace = header(object).vtable().trace;
                // SAFETY: a held, live object of the vtable's type.
                unsafe { trace(object, &mut tracer) };
                if tracer.incomplete {
                    tracer.incomplete = false;
                    make_root(object);
                } else if !tracer.reported {
                    // SAFETY: one byte into the object's 16-byte header: inside the same
                    // allocation, with the provenance of the whole object (the entry's).
                    objects[next - 1] = unsafe { object.byte_add(LEAF) };
                }
            }
        }));
        if let Err(payload) = done {
            // Untagged (the trace did not return): traced again by move_unreachable,
            // as any root that is not a leaf.
            tracer.incomplete = false;
            make_root(objects[next - 1]);
            panics.record_at(payload, objects[next - 1]);
        }
    }
}

/// Traces `object` (marked already, or `None`) and then, depth first, everything on
/// `stack` and everything reached from there that is not marked yet, marking it; adds to
/// `marked` the number of objects traced (counted before each trace, so that the count
/// is right even if one panics).
#[inline]
fn mark_from(
    mut object: Option<NonNull<Header>>,
    stack: &mut Vec<NonNull<Header>>,
    marked: &mut usize,
) {
    let mut tracer = Tracer::new(Mode::Reach(stack));
    loop {
        if let Some(object) = object {
            *marked += 1;
            let trace = header(object).vtable().trace;
            // SAFETY: a held, live object of the vtable's type.
            unsafe { trace(object, &mut tracer) };
        }
        let Mode::Reach(stack) = &mut tracer.mode else {
            unreachable!("a tracer keeps its mode");
        };
        object = stack.pop();
        if object.is_none() {
            return;
        }
    }
}

/// move_unreachable, in one pass: each object with `gc_refs > 0` (and everything it
/// reaches, depth first) is marked reachable and moved to `survivors`; the others are
/// compacted, in order, at the front of `objects`, which keeps only them. An object put
/// aside before a later root reached it is taken back at the end (rarely needed:
/// counted, then searched for from the end of the list, where the young objects that
/// live objects point at usually are). Returns the union of the unreachable objects'
/// flags; sets `over` if it met an object at [`BELOW_ZERO`].
fn move_unreachable(
    objects: &mut Vec<NonNull<Header>>,
    survivors: &mut Vec<NonNull<Header>>,
    stack: &mut Vec<NonNull<Header>>,
    panics: &mut Panics,
    over: &mut bool,
) -> usize {
    let (mut next, mut kept, mut marked, mut flags) = (0, 0, 0, 0);
    loop {
        let done = catch_unwind(AssertUnwindSafe(|| {
            // Left over by a trace that panicked.
            mark_from(None, stack, &mut marked);
            while let Some(&entry) = objects.get(next) {
                next += 1;
                let leaf = entry.addr().get() & LEAF;
                // SAFETY: `subtract_refs` tagged a leaf's entry one byte into its
                // header; this takes the byte back (nothing for an untagged entry).
                let object = unsafe { entry.byte_sub(leaf) };
                let state = header(object);
                let word = state.gc.get();
                if word & gcword::REACHABLE == 0 {
                    if word & gcword::VALUE == 0 {
                        // `kept < next`: a slot already passed.
                        objects[kept] = object;
                        kept += 1;
                        flags |= state.flags();
                        continue;
                    }
                    state.gc.set(word | gcword::REACHABLE);
                } else if word != BELOW_ZERO {
                    // Marked already.
                    survivors.push(object);
                    continue;
                } else {
                    // Over-reported: a root too.
                    over_reported(object);
                    *over = true;
                }
                // A root: a survivor before its trace runs (which may panic).
                survivors.push(object);
                if leaf != 0 {
                    // Nothing to mark from it (see `subtract_refs`).
                    marked += 1;
                } else {
                    mark_from(Some(object), stack, &mut marked);
                }
            }
        }));
        match done {
            Ok(()) => break,
            // The object whose trace panicked is not known here (it is not worth a store
            // per object in this pass).
            Err(payload) => panics.record(payload, Site::Collection),
        }
    }
    objects.truncate(kept);
    // Every marked object is a survivor, unless it was marked after the pass put it
    // aside.
    let late = marked.saturating_sub(survivors.len());
    if late > 0 {
        take_back_late(objects, survivors, late, &mut flags);
    }
    flags
}

/// Moves to `survivors` the `late` objects of `objects` that were marked reachable after
/// [`move_unreachable`] put them aside, keeping the order of both lists. Searches from
/// the end and stops at the last one found; `flags` becomes the union of the flags of the
/// objects left, if it may have changed.
#[cold]
fn take_back_late(
    objects: &mut Vec<NonNull<Header>>,
    survivors: &mut Vec<NonNull<Header>>,
    late: usize,
    flags: &mut usize,
) {
    let is_marked = |object: &NonNull<Header>| header(*object).gc.get() & gcword::REACHABLE != 0;
    let mut found = 0;
    let mut first = objects.len();
    while found < late && first > 0 {
        first -= 1;
        found += usize::from(is_marked(&objects[first]));
    }
    let tail = objects.split_off(first);
    for object in tail {
        if is_marked(&object) {
            survivors.push(object);
        } else {
            objects.push(object);
        }
    }
    // Only the collection's optional steps depend on the flags: recomputed only if one
    // of them may be skipped now.
    if *flags & (flag::HAS_WEAK | flag::FINALIZER) != 0 {
        *flags = objects
            .iter()
            .fold(0, |flags, &object| flags | header(object).flags());
    }
}

/// Links held objects into `generation` (clearing the collection's marks) and gives
/// back the collector's reference to each, in one pass.
fn settle(objects: &[NonNull<Header>], generation: usize, panics: &mut Panics) {
    if objects.is_empty() {
        return;
    }
    let mut last = Vec::new();
    with_heap(|heap| {
        heap.generations.push_all(generation, objects, |object| {
            let rc = &header(object).rc;
            match rc.get() {
                IMMORTAL => {}
                // Releasing runs user code: not inside this heap step.
                1 => last.push(object),
                count => rc.set(count - 1),
            }
        });
    });
    for object in last {
        let site = Site::Object(Culprit::of(object));
        // SAFETY: the collector's reference, given back once; it is the last one.
        panics.run(site, || unsafe { decref(object) });
    }
}

/// Steps 2-4 over held objects whose `gc_refs` are set: survivors are linked into
/// `older` and given back; `objects` keeps the unreachable ones. Returns the number of
/// survivors and the union of the unreachable objects' flags.
fn sift(
    objects: &mut Vec<NonNull<Header>>,
    older: usize,
    scratch: &mut Scratch,
    panics: &mut Panics,
) -> (usize, usize) {
    subtract_refs(objects, panics);
    let mut over = false;
    let flags = move_unreachable(
        objects,
        &mut scratch.survivors,
        &mut scratch.stack,
        panics,
        &mut over,
    );
    if over {
        report_over_reported();
    }
    let survivors = scratch.survivors.len();
    settle(&scratch.survivors, older, panics);
    scratch.survivors.clear();
    (survivors, flags)
}

fn debug_object(what: &str, object: NonNull<Header>) {
    eprintln!(
        "gc: {what} <{} {:#x}>",
        header(object).type_name(),
        object.addr()
    );
}

/// Resets `collecting` even if something unexpected unwinds, then applies the changes
/// of state that user code asked for during the collection ([`Deferred`]).
struct Collecting;

impl Drop for Collecting {
    fn drop(&mut self) {
        with_heap(|heap| {
            heap.generations.collecting = false;
            heap.generations.refresh_trigger();
            if !heap.generations.deferred.is_empty() {
                for change in std::mem::take(&mut heap.generations.deferred) {
                    match change {
                        Deferred::Freeze => gc::freeze_now(heap),
                        Deferred::Unfreeze => gc::unfreeze_now(heap),
                    }
                }
            }
        });
    }
}

/// Runs the collection that the counts call for (after a tracked allocation). Nobody
/// asked for it: panics go to the unraisable hook.
pub(crate) fn collect_automatic() {
    if let Some(generation) = with_heap(|heap| heap.generations.due()) {
        collect(generation, Kind::Unasked);
    }
}

/// The last collection of an exiting thread. It runs in a thread-local's destructor,
/// where a panic would abort the process: panics go to the unraisable hook.
pub(crate) fn collect_at_exit() {
    collect(NUM_GENERATIONS - 1, Kind::Unasked);
}

/// Collects generations `0..=generation`. Returns the number of unreachable objects
/// found (collected plus uncollectable), or 0 if a collection is already running.
///
/// Panics of user code are caught; the collection completes; then, for
/// [`Kind::Explicit`], the first one is resumed. Every other one is handed to the
/// unraisable hook.
pub(crate) fn collect(generation: usize, kind: Kind) -> usize {
    debug_assert!(generation < NUM_GENERATIONS);
    let started = with_heap(|heap| {
        let started = !std::mem::replace(&mut heap.generations.collecting, true);
        heap.generations.refresh_trigger();
        started
    });
    if !started {
        return 0;
    }
    let collecting = Collecting;
    let mut panics = Panics::new(kind);
    const CALLBACK: Site = Site::Named("<gc callback>");
    gc::run_callbacks(gc::Phase::Start, generation, 0, 0, &mut |f| {
        panics.run(CALLBACK, f)
    });
    let (collected, uncollectable) = collect_main(generation, &mut panics);
    gc::run_callbacks(
        gc::Phase::Stop,
        generation,
        collected,
        uncollectable,
        &mut |f| panics.run(CALLBACK, f),
    );
    if generation == NUM_GENERATIONS - 1 {
        // As CPython clears its free lists after a full collection.
        with_heap(|heap| heap.pools.trim());
    }
    drop(collecting);
    // The garbage is released without the per-release check of an exiting thread's
    // heap: check once, now that the collection is over.
    heap::teardown_if_empty();
    if let Some(payload) = panics.first {
        resume_unwind(payload);
    }
    collected + uncollectable
}

/// Step 1: the objects of generations `0..=generation`, each held and `COLLECTING` with
/// its `gc_refs` set (update_refs).
fn gather(generation: usize, spare: Vec<NonNull<Header>>) -> Vec<NonNull<Header>> {
    /// Holds a gathered object and sets its `gc_refs` (its count before the hold).
    #[inline]
    fn hold(state: &Header) {
        let rc = state.rc.get();
        state.gc.set(gcword::COLLECTING | refs_of(rc));
        // The collector's reference (saturating, as `incref`).
        state.rc.set(rc.saturating_add(1));
    }
    with_heap(|heap| {
        let full = generation == NUM_GENERATIONS - 1;
        let old = if full { heap.generations.old } else { 0 };
        let young = &mut heap.generations.young;
        // The old objects are held as the pool walk finds them; the rest from `held` on.
        let mut held = 0;
        let mut gathered = if old == 0 {
            // Generation 0's list becomes the gathered list; the spare takes its place.
            std::mem::replace(&mut young[0], spare)
        } else {
            let mut gathered = spare;
            gathered.reserve(old + young[0].len() + young[1].len());
            heap.gather_old(old, &mut gathered, hold);
            held = gathered.len();
            gathered.append(&mut heap.generations.young[0]);
            gathered
        };
        let generations = &mut heap.generations;
        if generation >= 1 {
            gathered.append(&mut generations.young[1]);
        }
        if full {
            generations.old = 0;
        }
        if generation + 1 < NUM_GENERATIONS {
            generations.count[generation + 1] += 1;
        }
        generations.count[..=generation].fill(0);
        for &object in &gathered[held..] {
            hold(header(object));
        }
        gathered
    })
}

/// One collection; returns (collected, uncollectable).
fn collect_main(generation: usize, panics: &mut Panics) -> (usize, usize) {
    let debug = with_heap(|heap| heap.generations.debug);
    let started = (debug & gc::DEBUG_STATS != 0).then(|| {
        let sizes = with_heap(|heap| {
            (0..=PERMANENT)
                .map(|g| heap.generations.size(g))
                .collect::<Vec<_>>()
        });
        eprintln!("gc: collecting generation {generation}...");
        eprintln!(
            "gc: objects in each generation: {} {} {}",
            sizes[0], sizes[1], sizes[2]
        );
        eprintln!("gc: objects in permanent generation: {}", sizes[3]);
        Instant::now()
    });
    let older = (generation + 1).min(NUM_GENERATIONS - 1);
    let mut scratch = with_heap(|heap| std::mem::take(&mut heap.scratch));

    // 1. Gather, holding a reference to each (and 2, update_refs).
    let mut objects = gather(generation, std::mem::take(&mut scratch.gathered));

    // 2-4. Find what is reachable from outside; it survives into `older`.
    let (survivors, flags) = sift(&mut objects, older, &mut scratch, panics);
    with_heap(|heap| {
        let generations = &mut heap.generations;
        if generation == NUM_GENERATIONS - 2 {
            generations.long_lived_pending += survivors;
        } else if generation == NUM_GENERATIONS - 1 {
            generations.long_lived_pending = 0;
            generations.long_lived_total = survivors;
        }
    });

    let (collected, uncollectable) = if objects.is_empty() {
        (0, 0)
    } else {
        collect_garbage(&mut objects, flags, older, debug, &mut scratch, panics)
    };

    with_heap(|heap| {
        let stats = &mut heap.generations.stats[generation];
        stats.collections += 1;
        stats.collected += collected;
        stats.uncollectable += uncollectable;
    });
    if let Some(started) = started {
        eprintln!(
            "gc: done, {} unreachable, {} uncollectable, {:.4}s elapsed",
            collected + uncollectable,
            uncollectable,
            started.elapsed().as_secs_f64()
        );
    }
    scratch.gathered = objects;
    scratch.trim();
    with_heap(|heap| heap.scratch = scratch);
    (collected, uncollectable)
}

/// Steps 5-9 over the unreachable objects (held). Objects that turn out to live are
/// linked into `older` and given back. Returns (collected, uncollectable).
fn collect_garbage(
    garbage: &mut Vec<NonNull<Header>>,
    flags: usize,
    older: usize,
    debug: u32,
    scratch: &mut Scratch,
    panics: &mut Panics,
) -> (usize, usize) {
    if debug & gc::DEBUG_COLLECTABLE != 0 {
        garbage
            .iter()
            .for_each(|&object| debug_object("collectable", object));
    }

    // 5. Weak references: clear, then call back those that are not garbage themselves.
    let mut user_code_ran = flags & flag::HAS_WEAK != 0 && handle_weakrefs(garbage, panics);

    // 6. Finalizers, once each, on intact objects.
    if flags & flag::FINALIZER != 0 {
        let objects: &[NonNull<Header>] = garbage;
        let ran = std::cell::Cell::new(user_code_ran);
        panics.each(
            objects.len(),
            |index| {
                if crate::finalizer::finalize_garbage(objects[index]) {
                    ran.set(true);
                }
            },
            |index| {
                ran.set(true);
                // Held by the collector: live.
                Site::Object(Culprit::of(objects[index]))
            },
        );
        user_code_ran = ran.get();
    }

    // 7. Resurrection: what finalizers and callbacks made reachable again survives.
    if user_code_ran {
        update_refs(garbage);
        sift(garbage, older, scratch, panics);
    }

    if debug & gc::DEBUG_SAVEALL != 0 {
        let saved: Vec<AnyGc> = garbage
            .iter()
            .map(|&object| AnyGc::from_borrowed(object))
            .collect();
        settle(garbage, older, panics);
        gc::save_garbage(saved);
        return (garbage.len(), 0);
    }

    // 8-9. Clear, and release each object once the collector's reference is its last.
    let found = garbage.len();
    let pending = clear_and_release(garbage, &mut scratch.pending, panics);
    if pending.is_empty() {
        return (found, 0);
    }
    let leftovers = release_in_order(pending, panics);
    let uncollectable = if leftovers.is_empty() {
        0
    } else {
        keep_uncollectable(leftovers, older, debug, scratch, panics)
    };
    (found - uncollectable, uncollectable)
}

/// Steps 8 and 9 in one pass, as CPython's `delete_garbage` does: each object drops the
/// handles it holds through its cells ([`Trace::drop_handles`](crate::Trace::drop_handles)),
/// and an object whose only reference left is the collector's is released at once.
/// Objects still referenced wait on a stack; the top one is released as soon as a clear
/// leaves it with the collector's reference only (a chain or a ring in list order goes
/// one step behind the clear, while it is still in the cache). Returns the objects still
/// referenced once every clear has run, for the ordered release.
///
/// Every garbage object stays held until its own release, so a `Drop` impl sees the
/// other garbage objects live (or cleared), never freed.
fn clear_and_release(
    garbage: &[NonNull<Header>],
    pending: &mut Vec<NonNull<Header>>,
    panics: &mut Panics,
) -> Vec<NonNull<Header>> {
    /// Releases `object` if the collector's reference is the only one left.
    #[inline]
    fn release_if_last(object: NonNull<Header>) -> bool {
        let last = header(object).rc.get() == 1;
        if last {
            // SAFETY: the collector holds a reference to each garbage object and gives
            // it back once, here; it is the last one (just checked).
            unsafe { heap::release_collected(object) };
        }
        last
    }
    let mut next = 0;
    // The object being cleared, until it is released or pending.
    let mut current = None;
    while next < garbage.len() {
        let done = catch_unwind(AssertUnwindSafe(|| {
            while let Some(&object) = garbage.get(next) {
                next += 1;
                current = Some(object);
                let drop_handles = header(object).vtable().drop_handles;
                // SAFETY: a held, live object of the vtable's type.
                unsafe { drop_handles(object) };
                while let Some(&top) = pending.last() {
                    if header(top).rc.get() != 1 {
                        break;
                    }
                    pending.pop();
                    // SAFETY: as in `release_if_last`: the last reference, just checked.
                    unsafe { heap::release_collected(top) };
                }
                current = None;
                if !release_if_last(object) {
                    pending.push(object);
                }
            }
        }));
        if let Err(payload) = done {
            // The object released when the panic came (freed by now: `release_collected`
            // described it), or else the one being cleared (held: live).
            let released = with_heap(|heap| heap.unwound.take());
            let culprit = released.or_else(|| current.map(Culprit::of));
            panics.record(payload, culprit.map_or(Site::Collection, Site::Object));
            // Cleared (perhaps in part) but neither released nor pending yet.
            pending.extend(current.take());
        }
    }
    // What the later clears left with the collector's reference only goes now.
    let mut left = Vec::new();
    let culprit = std::cell::Cell::new(None);
    panics.each(
        pending.len(),
        |index| {
            let object = pending[index];
            culprit.set(Some(Culprit::of(object)));
            if !release_if_last(object) {
                left.push(object);
            }
        },
        |_| culprit.get().map_or(Site::Collection, Site::Object),
    );
    pending.clear();
    left
}

/// Step 5. Returns whether a callback ran.
fn handle_weakrefs(unreachable: &[NonNull<Header>], panics: &mut Panics) -> bool {
    let mut pending = Vec::new();
    for &object in unreachable {
        if header(object).has(flag::HAS_WEAK) {
            pending.extend(weakref::detach(object));
        }
    }
    if pending.is_empty() {
        return false;
    }
    // A weak reference all of whose handles sit inside garbage is garbage too.
    let mut seen = Vec::new();
    for &object in unreachable {
        panics.trace(object, Mode::Weak(&mut seen));
    }
    const CALLBACK: Site = Site::Named("<weakref callback>");
    seen.sort_unstable();
    let mut ran = false;
    for cell in pending {
        let from_garbage =
            seen.partition_point(|&c| c < cell)..seen.partition_point(|&c| c <= cell);
        // SAFETY: `detach` took a hold on each pending cell.
        let handles = unsafe { cell.as_ref() }.weak.get() - 1;
        if from_garbage.len() >= handles {
            // SAFETY: give back the hold of `detach`; the callback dies with the cell.
            panics.run(CALLBACK, || unsafe { weakref::unhold(cell) });
        } else {
            ran = true;
            // SAFETY: one hold from `detach`, given back by `call_back`.
            panics.run(CALLBACK, || unsafe { weakref::call_back(vec![cell]) });
        }
    }
    ran
}

/// Step 9 for the garbage that the clear left referenced: lets go of each object when the
/// collector's reference is its last (Kahn's order over the edges that `drop_handles`
/// left, so chains free in one pass). Returns the objects that could not go.
fn release_in_order(garbage: Vec<NonNull<Header>>, panics: &mut Panics) -> Vec<NonNull<Header>> {
    const HELD: u8 = 0;
    const QUEUED: u8 = 1;
    const RELEASED: u8 = 2;
    for (index, &object) in garbage.iter().enumerate() {
        header(object).gc.set(gcword::COLLECTING | index as u32);
    }
    let mut state = vec![HELD; garbage.len()];
    let mut queue: Vec<usize> = Vec::new();
    for (index, &object) in garbage.iter().enumerate() {
        if header(object).rc.get() == 1 {
            state[index] = QUEUED;
            queue.push(index);
        }
    }
    let mut children = Vec::new();
    while let Some(index) = queue.pop() {
        let object = garbage[index];
        children.clear();
        panics.trace(object, Mode::Members(&mut children));
        state[index] = RELEASED;
        let site = Site::Object(Culprit::of(object));
        // SAFETY: the collector's reference, given back once; it was the last one.
        panics.run(site, || unsafe { decref(object) });
        for &child in &children {
            let child = child as usize;
            // Held children are live: the collector still has its reference.
            if state.get(child) == Some(&HELD) && header(garbage[child]).rc.get() == 1 {
                state[child] = QUEUED;
                queue.push(child);
            }
        }
    }
    garbage
        .into_iter()
        .zip(state)
        .filter_map(|(object, state)| (state == HELD).then_some(object))
        .collect()
}

/// Objects still alive after the release: those a `Drop` impl made reachable again
/// survive; the rest are uncollectable cycles, kept in `gc.garbage`. Returns how many are
/// uncollectable.
fn keep_uncollectable(
    mut leftovers: Vec<NonNull<Header>>,
    older: usize,
    debug: u32,
    scratch: &mut Scratch,
    panics: &mut Panics,
) -> usize {
    update_refs(&leftovers);
    sift(&mut leftovers, older, scratch, panics);
    let uncollectable = leftovers;
    let count = uncollectable.len();
    if debug & gc::DEBUG_UNCOLLECTABLE != 0 {
        uncollectable
            .iter()
            .for_each(|&object| debug_object("uncollectable", object));
    }
    let saved: Vec<AnyGc> = uncollectable
        .iter()
        .map(|&object| AnyGc::from_borrowed(object))
        .collect();
    settle(&uncollectable, older, panics);
    gc::save_garbage(saved);
    count
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use crate::{AnyGc, Gc, Trace, Tracer, gc};

    thread_local! {
        /// Ids of the nodes dropped so far.
        static DROPPED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
        /// Handles a `Drop` impl took with `gc::get_objects`.
        static GRABBED: RefCell<Vec<AnyGc>> = const { RefCell::new(Vec::new()) };
    }

    /// What a node's `Drop` does besides recording its id.
    #[derive(Clone, Copy, PartialEq)]
    enum OnDrop {
        Nothing,
        Panic,
        GrabEverything,
    }

    struct Node {
        id: u32,
        on_drop: OnDrop,
        next: RefCell<Option<Gc<Node>>>,
    }

    impl Trace for Node {
        const TRACKED: bool = true;
        fn trace(&self, tracer: &mut Tracer<'_>) {
            self.next.trace(tracer);
        }
        fn drop_handles(&self) {
            self.next.drop_handles();
        }
    }

    impl Drop for Node {
        fn drop(&mut self) {
            DROPPED.with(|dropped| dropped.borrow_mut().push(self.id));
            match self.on_drop {
                OnDrop::Nothing => {}
                OnDrop::Panic => panic!("drop of node {} panicked", self.id),
                OnDrop::GrabEverything => {
                    let everything = gc::get_objects(None).expect("all generations");
                    GRABBED.with(|grabbed| grabbed.borrow_mut().extend(everything));
                }
            }
        }
    }

    fn node(id: u32, on_drop: OnDrop) -> Gc<Node> {
        Gc::new(Node {
            id,
            on_drop,
            next: RefCell::new(None),
        })
    }

    fn link(from: &Gc<Node>, to: &Gc<Node>) {
        *from.next.borrow_mut() = Some(to.clone());
    }

    /// `count` nodes, node `k` pointing at node `k + 1` (and the last at the first): in
    /// list order each clear frees the node after it.
    fn forward_ring(count: u32, on_drop: impl Fn(u32) -> OnDrop) -> Vec<Gc<Node>> {
        let nodes: Vec<_> = (0..count).map(|id| node(id, on_drop(id))).collect();
        for (k, from) in nodes.iter().enumerate() {
            link(from, &nodes[(k + 1) % nodes.len()]);
        }
        nodes
    }

    fn take_dropped() -> Vec<u32> {
        let mut dropped = DROPPED.with(|dropped| std::mem::take(&mut *dropped.borrow_mut()));
        dropped.sort_unstable();
        dropped
    }

    #[test]
    fn subtract_edge_lowers_only_gathered_counts_between_zero_and_root() {
        use crate::object::gcword::{COLLECTING, REACHABLE, VALUE};
        let object = Gc::new(0_i64);
        let header = Gc::header(&object);
        // SAFETY: the handle keeps the object live.
        let gc = &unsafe { header.as_ref() }.gc;
        let saved = gc.get();
        for (word, after) in [
            (COLLECTING | 1, COLLECTING),
            (COLLECTING | 2, COLLECTING | 1),
            (
                COLLECTING | (super::ROOT - 1),
                COLLECTING | (super::ROOT - 2),
            ),
            // Never from `ROOT`; from 0, below zero (checked below).
            (COLLECTING | super::ROOT, COLLECTING | super::ROOT),
            // Not gathered: a young list index, or nothing.
            (0, 0),
            (1, 1),
            (VALUE, VALUE),
            (REACHABLE | 1, REACHABLE | 1),
            // Marked (never the case while subtract_refs runs).
            (COLLECTING | REACHABLE | 1, COLLECTING | REACHABLE | 1),
        ] {
            gc.set(word);
            super::subtract_edge(header);
            assert_eq!(gc.get(), after, "from {word:#x}");
        }
        // An edge to a gathered object whose `gc_refs` is 0: one edge too many. The word
        // becomes `BELOW_ZERO`, which further edges leave alone.
        gc.set(COLLECTING);
        super::subtract_edge(header);
        assert_eq!(gc.get(), super::BELOW_ZERO);
        super::subtract_edge(header);
        assert_eq!(gc.get(), super::BELOW_ZERO);
        // It looks marked (so marking skips it) and not gathered.
        assert_eq!(super::BELOW_ZERO & (COLLECTING | REACHABLE), REACHABLE);
        gc.set(saved);
    }

    #[test]
    fn a_count_too_large_for_gc_refs_makes_a_root() {
        gc::collect();
        take_dropped();
        let a = node(1, OnDrop::Nothing);
        let b = node(2, OnDrop::Nothing);
        link(&a, &b);
        link(&b, &a);
        let header = Gc::header(&a);
        // SAFETY: the handles keep the object live.
        let rc = &unsafe { header.as_ref() }.rc;
        // Counts of `ROOT` or more cannot be held in `gc_refs`: the object is a root,
        // whatever is subtracted from it.
        for count in [super::ROOT, super::ROOT + 1, u32::MAX - 1] {
            rc.set(count);
            assert_eq!(gc::collect(), 0);
        }
        rc.set(2);
        drop((a, b));
        assert_eq!(gc::collect(), 2);
        assert_eq!(take_dropped(), [1, 2]);
    }

    #[test]
    fn objects_marked_late_are_taken_back_in_order() {
        use crate::object::gcword::{COLLECTING, REACHABLE};
        let nodes: Vec<_> = (0..6).map(|id| node(id, OnDrop::Nothing)).collect();
        let headers: Vec<_> = nodes.iter().map(Gc::header).collect();
        // SAFETY: the handles keep the objects live.
        let word = |k: usize| &unsafe { headers[k].as_ref() }.gc;
        let saved: Vec<_> = (0..6).map(|k| word(k).get()).collect();
        for k in 0..6 {
            let marked = if k == 1 || k == 4 { REACHABLE } else { 0 };
            word(k).set(COLLECTING | marked);
        }
        let mut objects = headers.clone();
        let mut survivors = vec![headers[5]];
        let mut flags = 0;
        super::take_back_late(&mut objects, &mut survivors, 2, &mut flags);
        assert_eq!(objects, [0, 2, 3, 5].map(|k| headers[k]));
        assert_eq!(survivors, [5, 1, 4].map(|k| headers[k]));
        // Fewer to find than expected: the whole list is searched.
        let mut objects = headers.clone();
        let mut survivors = Vec::new();
        super::take_back_late(&mut objects, &mut survivors, 6, &mut flags);
        assert_eq!(survivors, [1, 4].map(|k| headers[k]));
        assert_eq!(objects.len(), 4);
        for (k, &word_before) in saved.iter().enumerate() {
            word(k).set(word_before);
        }
    }

    #[test]
    fn an_object_put_aside_before_its_root_is_reached_survives() {
        gc::collect();
        take_dropped();
        // `a` comes first in generation 0 and has no outside reference: the pass puts it
        // aside before it meets `b`, the root that reaches it.
        let a = node(1, OnDrop::Nothing);
        let b = node(2, OnDrop::Nothing);
        link(&a, &b);
        link(&b, &a);
        drop(a);
        assert_eq!(gc::collect(), 0);
        let a = b.next.borrow().clone().expect("b still points at a");
        assert_eq!(a.id, 1);
        assert!(take_dropped().is_empty());
        drop(a);
        b.next.borrow_mut().take();
        drop(b);
        assert_eq!(take_dropped(), [1, 2]);
    }

    #[test]
    fn rings_in_either_order_free_every_node_once() {
        gc::collect();
        take_dropped();
        drop(forward_ring(5, |_| OnDrop::Nothing));
        assert_eq!(gc::collect(), 5);
        assert_eq!(take_dropped(), [0, 1, 2, 3, 4]);
        // Node `k` pointing at node `k - 1`: each clear frees the node before it.
        let nodes: Vec<_> = (0..5).map(|id| node(id, OnDrop::Nothing)).collect();
        for (k, from) in nodes.iter().enumerate() {
            link(from, &nodes[(k + 4) % 5]);
        }
        drop(nodes);
        assert_eq!(gc::collect(), 5);
        assert_eq!(take_dropped(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_panicking_drop_in_garbage_is_resumed_and_the_rest_is_freed() {
        gc::collect();
        take_dropped();
        let ring = forward_ring(4, |id| {
            if id == 1 {
                OnDrop::Panic
            } else {
                OnDrop::Nothing
            }
        });
        drop(ring);
        let result = catch_unwind(AssertUnwindSafe(gc::collect));
        assert!(result.is_err(), "the drop's panic is resumed");
        assert_eq!(take_dropped(), [0, 1, 2, 3]);
        let survivor = node(9, OnDrop::Nothing);
        link(&survivor, &survivor);
        drop(survivor);
        assert_eq!(gc::collect(), 1);
        assert_eq!(take_dropped(), [9]);
    }

    #[test]
    fn a_drop_that_grabs_every_object_keeps_the_rest_of_the_garbage_alive() {
        gc::collect();
        take_dropped();
        // An old ring (found by walking the pools) whose node 0, freed once node 2 is
        // cleared, takes a handle to every tracked object left: node 2, not freed yet.
        let old = forward_ring(3, |id| {
            if id == 0 {
                OnDrop::GrabEverything
            } else {
                OnDrop::Nothing
            }
        });
        gc::collect();
        drop(old);
        let young: Vec<_> = (3..6).map(|id| node(id, OnDrop::Nothing)).collect();
        for (k, from) in young.iter().enumerate() {
            link(from, &young[(k + 1) % 3]);
        }
        drop(young);
        gc::collect();
        assert_eq!(take_dropped(), [0, 1, 3, 4, 5]);
        let grabbed = GRABBED.with(|grabbed| std::mem::take(&mut *grabbed.borrow_mut()));
        assert_eq!(grabbed.len(), 1);
        let survivor: Gc<Node> = grabbed.into_iter().next().unwrap().downcast().ok().unwrap();
        assert_eq!(survivor.id, 2);
        assert!(survivor.next.borrow().is_none(), "cleared, still whole");
        assert!(gc::garbage().is_empty(), "a survivor, not uncollectable");
        drop(survivor);
        assert_eq!(take_dropped(), [2]);
    }
}
