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
//! 9. **Release**: the collector lets go of its references, in an order where each object
//!    goes only when the collector's is the last reference to it. Counts do the freeing,
//!    exactly as for any other object: every `Drop` impl sees its fields live or cleared,
//!    never dropped. An object that still cannot go (a cycle whose edges `drop_handles` cannot
//!    reach, such as `RefCell<Gc<T>>`) is *uncollectable*: it is kept alive in
//!    [`gc::garbage`](crate::gc::garbage), as CPython did before PEP 442.
//!
//! # Why this is safe against any safe code
//! Memory is freed only when a count reaches zero, and counts change only through
//! handles. The collector holds a reference to every object it has a pointer to. A `Trace`
//! impl that lies can at worst make objects leak or have their cells cleared; a panic in
//! user code (trace, clear, finalizer, callback, drop) is caught, the collection finishes
//! with every object accounted for, and the panic is resumed afterwards.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::ptr::NonNull;
use std::time::Instant;

use crate::generation::NUM_GENERATIONS;
use crate::heap::with_heap;
use crate::object::{Header, IMMORTAL, PERMANENT, flag, gcword};
use crate::refcount::{AnyGc, decref, incref};
use crate::trace::{Mode, Tracer};
use crate::{gc, weakref};

/// `gc_refs` of an object that must be treated as reachable (its count is too large to
/// hold, or its trace was incomplete). Never decremented.
const ROOT: u32 = gcword::VALUE;

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
    if word & gcword::COLLECTING != 0 {
        let refs = word & gcword::VALUE;
        if refs != 0 && refs != ROOT {
            object.gc.set(word - 1);
        }
    }
}

/// move_unreachable: `edge` is reachable; queue it if it is gathered and not yet marked.
#[inline]
pub(crate) fn reach_edge(edge: NonNull<Header>, queue: &mut Vec<NonNull<Header>>) {
    let object = header(edge);
    let word = object.gc.get();
    if word & (gcword::COLLECTING | gcword::REACHABLE) == gcword::COLLECTING {
        object.gc.set(word | gcword::REACHABLE);
        queue.push(edge);
    }
}

/// Release order: `edge` is the garbage object with this index, if it is one.
#[inline]
pub(crate) fn member_edge(edge: NonNull<Header>, out: &mut Vec<u32>) {
    let word = header(edge).gc.get();
    if word & gcword::COLLECTING != 0 {
        out.push(word & gcword::VALUE);
    }
}

/// Remembers the first panic of user code, to resume it once the collection is done.
#[derive(Default)]
struct Panics(Option<Box<dyn Any + Send>>);

impl Panics {
    fn run<R>(&mut self, user_code: impl FnOnce() -> R) -> Option<R> {
        match catch_unwind(AssertUnwindSafe(user_code)) {
            Ok(value) => Some(value),
            Err(payload) => {
                self.0.get_or_insert(payload);
                None
            }
        }
    }

    fn trace(&mut self, object: NonNull<Header>, mode: Mode<'_>) -> bool {
        let mut tracer = Tracer::new(mode);
        // SAFETY: every object the collector traces is one it holds a reference to.
        let trace = header(object).vtable().trace;
        // SAFETY: live object of the vtable's type.
        let done = self.run(|| unsafe { trace(object, &mut tracer) });
        done.is_some() && !tracer.incomplete
    }
}

/// Sets each object's `gc_refs` to its count minus the collector's reference.
fn update_refs(objects: &[NonNull<Header>]) {
    for &object in objects {
        let object = header(object);
        let rc = object.rc.get();
        let refs = if rc == IMMORTAL {
            ROOT
        } else {
            (rc - 1).min(ROOT)
        };
        object.gc.set(gcword::COLLECTING | refs);
    }
}

/// Steps 2-4 over `objects` (all held, all `COLLECTING`): marks the reachable ones.
fn mark_reachable(objects: &[NonNull<Header>], panics: &mut Panics) {
    update_refs(objects);
    for &object in objects {
        if !panics.trace(object, Mode::Subtract) {
            let word = header(object).gc.get();
            header(object).gc.set(word | ROOT);
        }
    }
    let mut queue: Vec<NonNull<Header>> = objects
        .iter()
        .copied()
        .filter(|&object| {
            let object = header(object);
            let word = object.gc.get();
            let reachable = word & gcword::VALUE > 0;
            if reachable {
                object.gc.set(word | gcword::REACHABLE);
            }
            reachable
        })
        .collect();
    while let Some(object) = queue.pop() {
        panics.trace(object, Mode::Reach(&mut queue));
    }
}

/// Splits `objects` into (reachable, unreachable) after [`mark_reachable`].
fn partition(objects: Vec<NonNull<Header>>) -> (Vec<NonNull<Header>>, Vec<NonNull<Header>>) {
    let (reachable, unreachable, _) = partition_flags(objects);
    (reachable, unreachable)
}

/// [`partition`], also returning the union of the unreachable objects' flags (so that
/// steps with nothing to do are skipped without another pass over the headers).
fn partition_flags(
    objects: Vec<NonNull<Header>>,
) -> (Vec<NonNull<Header>>, Vec<NonNull<Header>>, usize) {
    let mut reachable = Vec::with_capacity(objects.len());
    let mut unreachable = Vec::new();
    let mut flags = 0;
    for object in objects {
        let state = header(object);
        if state.gc.get() & gcword::REACHABLE != 0 {
            reachable.push(object);
        } else {
            flags |= state.flags();
            unreachable.push(object);
        }
    }
    (reachable, unreachable, flags)
}

/// Links held objects into `generation` (clearing the collection's marks).
fn link(objects: &[NonNull<Header>], generation: usize) {
    with_heap(|heap| {
        for &object in objects {
            heap.generations.push(generation, object);
        }
    });
}

/// Drops the collector's references.
fn unhold(objects: Vec<NonNull<Header>>, panics: &mut Panics) {
    for object in objects {
        // SAFETY: the collector took one reference to each object it gathered and gives
        // each back exactly once.
        panics.run(|| unsafe { decref(object) });
    }
}

fn debug_object(what: &str, object: NonNull<Header>) {
    eprintln!(
        "gc: {what} <{} {:#x}>",
        header(object).type_name(),
        object.addr()
    );
}

/// Resets `collecting` even if something unexpected unwinds.
struct Collecting;

impl Drop for Collecting {
    fn drop(&mut self) {
        with_heap(|heap| heap.generations.collecting = false);
    }
}

/// Runs the collection that the counts call for (after a tracked allocation).
pub(crate) fn collect_automatic() {
    if let Some(generation) = with_heap(|heap| heap.generations.due()) {
        collect(generation);
    }
}

/// The last collection of an exiting thread.
pub(crate) fn collect_at_exit() {
    collect(NUM_GENERATIONS - 1);
}

/// Collects generations `0..=generation`. Returns the number of unreachable objects
/// found (collected plus uncollectable), or 0 if a collection is already running.
pub(crate) fn collect(generation: usize) -> usize {
    debug_assert!(generation < NUM_GENERATIONS);
    let started = with_heap(|heap| !std::mem::replace(&mut heap.generations.collecting, true));
    if !started {
        return 0;
    }
    let _collecting = Collecting;
    let mut panics = Panics::default();
    gc::run_callbacks(gc::Phase::Start, generation, 0, 0, &mut |f| panics.run(f));
    let (collected, uncollectable) = collect_main(generation, &mut panics);
    gc::run_callbacks(
        gc::Phase::Stop,
        generation,
        collected,
        uncollectable,
        &mut |f| panics.run(f),
    );
    if generation == NUM_GENERATIONS - 1 {
        // As CPython clears its free lists after a full collection.
        with_heap(|heap| heap.pools.trim());
    }
    if let Some(payload) = panics.0 {
        resume_unwind(payload);
    }
    collected + uncollectable
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

    // 1. Gather, holding a reference to each.
    let gathered = with_heap(|heap| {
        let mut gathered = Vec::new();
        if generation == NUM_GENERATIONS - 1 {
            heap.for_each_object(|object| {
                let state = header(object);
                if state.has(flag::TRACKED) && state.generation() == 2 && state.rc.get() > 0 {
                    gathered.push(object);
                }
            });
            heap.generations.old = 0;
        }
        let generations = &mut heap.generations;
        for young in generations.young.iter_mut().take(generation + 1) {
            gathered.append(young);
        }
        if generation + 1 < NUM_GENERATIONS {
            generations.count[generation + 1] += 1;
        }
        generations.count[..=generation].fill(0);
        for &object in &gathered {
            incref(object);
        }
        gathered
    });

    // 2-4. Find what is reachable from outside.
    mark_reachable(&gathered, panics);
    let (mut survivors, unreachable, flags) = partition_flags(gathered);
    link(&survivors, older);
    with_heap(|heap| {
        let generations = &mut heap.generations;
        if generation == NUM_GENERATIONS - 2 {
            generations.long_lived_pending += survivors.len();
        } else if generation == NUM_GENERATIONS - 1 {
            generations.long_lived_pending = 0;
            generations.long_lived_total = survivors.len();
        }
    });

    let (collected, uncollectable) = if unreachable.is_empty() {
        (0, 0)
    } else {
        collect_garbage(unreachable, flags, older, debug, &mut survivors, panics)
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
    unhold(survivors, panics);
    (collected, uncollectable)
}

/// Steps 5-9 over the unreachable objects. Objects that turn out to live are linked into
/// `older` and added to `survivors` (still held). Returns (collected, uncollectable).
fn collect_garbage(
    unreachable: Vec<NonNull<Header>>,
    flags: usize,
    older: usize,
    debug: u32,
    survivors: &mut Vec<NonNull<Header>>,
    panics: &mut Panics,
) -> (usize, usize) {
    if debug & gc::DEBUG_COLLECTABLE != 0 {
        unreachable
            .iter()
            .for_each(|&object| debug_object("collectable", object));
    }

    // 5. Weak references: clear, then call back those that are not garbage themselves.
    let mut user_code_ran = flags & flag::HAS_WEAK != 0 && handle_weakrefs(&unreachable, panics);

    // 6. Finalizers, once each, on intact objects.
    if flags & flag::FINALIZER != 0 {
        for &object in &unreachable {
            let ran = panics.run(|| crate::finalizer::finalize_garbage(object));
            user_code_ran |= ran != Some(false);
        }
    }

    // 7. Resurrection.
    let garbage = if user_code_ran {
        mark_reachable(&unreachable, panics);
        let (resurrected, garbage) = partition(unreachable);
        link(&resurrected, older);
        survivors.extend(resurrected);
        garbage
    } else {
        unreachable
    };

    if debug & gc::DEBUG_SAVEALL != 0 {
        let saved: Vec<AnyGc> = garbage
            .iter()
            .map(|&object| AnyGc::from_borrowed(object))
            .collect();
        link(&garbage, older);
        let collected = garbage.len();
        survivors.extend(garbage);
        gc::save_garbage(saved);
        return (collected, 0);
    }

    // 8. Clear: break the cycles.
    for &object in &garbage {
        let drop_handles = header(object).vtable().drop_handles;
        // SAFETY: a held, live object of the vtable's type.
        panics.run(|| unsafe { drop_handles(object) });
    }

    // 9. Release, each object once the collector's reference is its last.
    let found = garbage.len();
    let leftovers = release_in_order(garbage, panics);
    let uncollectable = if leftovers.is_empty() {
        0
    } else {
        keep_uncollectable(leftovers, older, debug, survivors, panics)
    };
    (found - uncollectable, uncollectable)
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
    seen.sort_unstable();
    let mut ran = false;
    for cell in pending {
        let from_garbage =
            seen.partition_point(|&c| c < cell)..seen.partition_point(|&c| c <= cell);
        // SAFETY: `detach` took a hold on each pending cell.
        let handles = unsafe { cell.as_ref() }.weak.get() - 1;
        if from_garbage.len() >= handles {
            // SAFETY: give back the hold of `detach`; the callback dies with the cell.
            panics.run(|| unsafe { weakref::unhold(cell) });
        } else {
            ran = true;
            // SAFETY: one hold from `detach`, given back by `call_back`.
            panics.run(|| unsafe { weakref::call_back(vec![cell]) });
        }
    }
    ran
}

/// Step 9: lets go of each garbage object when the collector's reference is its last
/// (Kahn's order over the edges that `drop_handles` left, so chains free in one pass). Returns
/// the objects that could not go.
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
        // SAFETY: the collector's reference, given back once; it was the last one.
        panics.run(|| unsafe { decref(object) });
        for &child in &children {
            let child = child as usize;
            // Held children are live: the collector still has its reference.
            if state[child] == HELD && header(garbage[child]).rc.get() == 1 {
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
    leftovers: Vec<NonNull<Header>>,
    older: usize,
    debug: u32,
    survivors: &mut Vec<NonNull<Header>>,
    panics: &mut Panics,
) -> usize {
    mark_reachable(&leftovers, panics);
    let (resurrected, uncollectable) = partition(leftovers);
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
    link(&resurrected, older);
    link(&uncollectable, older);
    survivors.extend(resurrected);
    survivors.extend(uncollectable);
    gc::save_garbage(saved);
    count
}
