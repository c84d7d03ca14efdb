//! The heap: one per thread, like one Python interpreter (seed level 1).
//!
//! Everything a thread's objects share lives here: the [pools](crate::pool) their
//! memory comes from, the [generations](crate::generation) the collector keeps, the
//! table of weak references, and the trashcan of deallocations put off to keep the stack
//! flat. Handles are `!Send` and `!Sync`, so an object never leaves the thread whose heap
//! holds it, and none of this needs a lock or an atomic.
//!
//! # Who may touch the heap
//! [`with_heap`] hands out `&mut Heap` for one short step that never runs user code (no
//! `Drop`, `Trace`, finalizer or callback). User code runs between such steps, so it may
//! re-enter the heap (allocate, drop, even ask for a collection) without aliasing.
//!
//! # Freeing (seed level 3: "when reference count = 0, Python frees the memory instantly")
//! [`release`] runs when a count reaches zero: the finalizer (once, and it may resurrect
//! the object), the weak references (cleared, callbacks called), the value's `Drop`, and
//! the block back to its pool. Dropping a value may release its fields in turn; past
//! [`TRASH_DEPTH`] nested releases the rest is queued and freed by the outermost release
//! in a loop (CPython's "trashcan"), so a 10,000,000-node chain frees on a small stack.
//!
//! # Thread exit
//! A thread-local guard tears the heap down when the thread ends: a last full collection,
//! then the pools are freed as soon as no object is left. Handles kept in other
//! thread-locals may be dropped after the guard; the heap stays until the last of them.
//!
//! All that runs in thread-locals' destructors, where a panic aborts the process. So the
//! last collection hands the panics of user code to the unraisable hook
//! ([`gc::set_unraisable_hook`](crate::gc::set_unraisable_hook)) instead of resuming
//! them, and once the guard has run every release goes through the trashcan, drained
//! with a `catch_unwind` per object ([`drain_at_exit`]), which reports a panicking `Drop`,
//! finalizer or weak-reference callback the same way. With `gc::DEBUG_SAVEALL` set, the
//! last collection saves its garbage instead of freeing it (see
//! [`gc::set_debug`](crate::gc::set_debug)).
//!
//! Known limitation: Rust runs thread-local destructors in the reverse order of their
//! registration, and the guard registers when the thread's first object is made. A
//! *cycle* kept in a thread-local that was first used before that is dropped after the
//! guard's last collection, so it is never collected (its memory is leaked when the thread
//! ends). Call `gc::collect()` after clearing such a thread-local, or touch the heap
//! (make any object) before first using it.

use std::alloc::Layout;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::ptr::NonNull;

use crate::generation::Generations;
use crate::object::{Header, VTable, flag, gcword};
use crate::pool::{ALIGNMENT, Pools, SMALL_REQUEST_THRESHOLD};
use crate::unraisable::Culprit;
use crate::weakref::WeakCell;

/// Nested releases allowed before the trashcan defers the rest.
pub(crate) const TRASH_DEPTH: u32 = 50;

/// A hasher for addresses: one multiply, no per-process seed (the keys are addresses of
/// this thread's own objects, not attacker-chosen input).
#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_usize(&mut self, addr: usize) {
        self.0 = (addr as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
}

/// Hash maps and sets keyed by object address.
pub(crate) type AddrBuild = BuildHasherDefault<AddrHasher>;

/// A thread's heap.
pub(crate) struct Heap {
    /// Memory for objects up to [`SMALL_REQUEST_THRESHOLD`] bytes.
    pub(crate) pools: Pools,
    /// Objects too large (or too aligned) for the pools, by address.
    pub(crate) large: HashMap<usize, NonNull<u8>, AddrBuild>,
    /// The collector's generations, counts, thresholds and statistics.
    pub(crate) generations: Generations,
    /// Weak-reference cells per target address (only objects with `HAS_WEAK`).
    pub(crate) weak: HashMap<usize, Vec<NonNull<WeakCell>>, AddrBuild>,
    /// Objects whose count reached zero while [`TRASH_DEPTH`] releases were nested.
    pub(crate) trash: Vec<NonNull<Header>>,
    /// How many releases are running, one inside another.
    pub(crate) depth: u32,
    /// The depth from which a release goes to the trashcan: [`TRASH_DEPTH`], or 0 once
    /// the thread is exiting (every release then goes through the trashcan, drained by
    /// [`drain_at_exit`], which reports panics instead of unwinding them into a
    /// thread-local's destructor).
    trash_depth: u32,
    /// The thread is exiting: free the heap once it holds no object.
    pub(crate) dying: bool,
    /// The collector's working lists, kept from one collection to the next.
    pub(crate) scratch: crate::collector::Scratch,
    /// Objects whose traces reported more references than their count, found by the
    /// collection's move_unreachable and not reported yet.
    pub(crate) over_reported: Vec<NonNull<Header>>,
    /// The object whose release by the collector ([`release_collected`]) a panic is
    /// unwinding through, for the collector to name in its report.
    pub(crate) unwound: Option<crate::unraisable::Culprit>,
    /// `tracemalloc`'s records. The pool paths never test its `on` flag: while it is on
    /// the pools send every allocation and every free of a traced block to their slow
    /// paths (`pool::Tracing`), which report them; large objects test it.
    pub(crate) traces: crate::tracemalloc::Traces,
}

thread_local! {
    /// This thread's heap, created on first use. No destructor of its own, so it can be
    /// read while other thread-locals are being destroyed.
    static HEAP: Cell<*mut Heap> = const { Cell::new(std::ptr::null_mut()) };
    /// Tears the heap down at thread exit.
    static EXIT: ExitGuard = const { ExitGuard };
}

struct ExitGuard;

impl Drop for ExitGuard {
    fn drop(&mut self) {
        if HEAP.with(Cell::get).is_null() {
            return;
        }
        with_heap(Heap::set_dying);
        crate::collector::collect_at_exit();
        teardown_if_empty();
    }
}

impl Heap {
    fn new() -> Self {
        Heap {
            pools: Pools::new(),
            large: HashMap::default(),
            generations: Generations::new(),
            weak: HashMap::default(),
            trash: Vec::new(),
            depth: 0,
            trash_depth: TRASH_DEPTH,
            dying: false,
            scratch: crate::collector::Scratch::default(),
            over_reported: Vec::new(),
            unwound: None,
            traces: crate::tracemalloc::Traces::default(),
        }
    }

    /// The thread is exiting: the heap goes once it is empty, and from now on releases
    /// report the panics of `Drop` impls, finalizers and weak-reference callbacks to the
    /// unraisable hook instead of unwinding (they run in thread-locals' destructors,
    /// where a panic aborts the process).
    fn set_dying(&mut self) {
        self.dying = true;
        self.trash_depth = 0;
    }

    /// Blocks handed out and not yet freed.
    fn live_objects(&self) -> usize {
        self.pools.blocks_in_use() + self.large.len()
    }

    /// Memory for an object of `layout`, asked for by `caller` (for `tracemalloc`;
    /// `None`: the line running now).
    #[inline]
    pub(crate) fn alloc(
        &mut self,
        layout: Layout,
        caller: Option<&'static std::panic::Location<'static>>,
    ) -> NonNull<u8> {
        if layout.size() <= SMALL_REQUEST_THRESHOLD && layout.align() <= ALIGNMENT {
            // No test for `tracemalloc` here: while it traces, the pools' fast path always
            // misses (`pool::Tracing`), and the slow path records.
            match self.pools.alloc_fast(layout.size().max(1)) {
                Some(block) => block,
                None => self.alloc_small_slow(layout, caller),
            }
        } else {
            self.alloc_large(layout, caller)
        }
    }

    /// [`Heap::alloc`] of a pool block that the pools' fast path did not serve: a new
    /// pool's, or (while tracing) a traced pool's, recorded.
    #[cold]
    #[inline(never)]
    fn alloc_small_slow(
        &mut self,
        layout: Layout,
        caller: Option<&'static std::panic::Location<'static>>,
    ) -> NonNull<u8> {
        let (block, traced) = self.pools.alloc_slow(layout.size().max(1));
        if traced {
            self.traces.allocated(block.addr().get(), layout, caller);
        }
        block
    }

    /// [`Heap::alloc`] of an object too large (or too aligned) for the pools: from the
    /// system allocator, recorded in `large` (and by `tracemalloc` if it traces: the one
    /// test of its flag, on a path that already hashes).
    #[inline]
    fn alloc_large(
        &mut self,
        layout: Layout,
        caller: Option<&'static std::panic::Location<'static>>,
    ) -> NonNull<u8> {
        // SAFETY: every object layout starts with a 16-byte header, so it is not
        // zero-sized.
        let block = unsafe { std::alloc::alloc(layout) };
        let Some(block) = NonNull::new(block) else {
            std::alloc::handle_alloc_error(layout)
        };
        self.large.insert(block.addr().get(), block);
        if self.traces.on {
            self.traces.allocated(block.addr().get(), layout, caller);
        }
        block
    }

    /// Returns an object's memory.
    ///
    /// # Safety
    /// `block` came from [`Heap::alloc`] with the same `layout`, and is not used again.
    #[inline]
    pub(crate) unsafe fn free(&mut self, block: NonNull<u8>, layout: Layout) {
        if layout.size() <= SMALL_REQUEST_THRESHOLD && layout.align() <= ALIGNMENT {
            // SAFETY: the caller passes a live block of this size class.
            let traced = unsafe { self.pools.free(block, layout.size().max(1)) };
            // Only ever `Some` from the pools' slow path (a traced block is always freed
            // there): no test on the fast path.
            if let Some(traced) = traced {
                self.traces.freed(traced.addr().get());
            }
        } else {
            if self.traces.on {
                self.traces.freed(block.addr().get());
            }
            self.large.remove(&block.addr().get());
            // SAFETY: the block came from `std::alloc::alloc(layout)` in `alloc`.
            unsafe { std::alloc::dealloc(block.as_ptr(), layout) }
        }
    }

    /// Appends to `out` the tracked objects of generation 2 (found by walking the pools,
    /// then the large objects), stopping once `count` of them are found: the generation
    /// holds no more (`Generations::old`). Calls `each` on each object found, while its
    /// header is in the cache (the collector holds it there: one pass fewer over the old
    /// objects).
    pub(crate) fn gather_old(
        &self,
        count: usize,
        out: &mut Vec<NonNull<Header>>,
        mut each: impl FnMut(&Header),
    ) {
        let mut found = 0;
        let mut visit = |object: NonNull<Header>| {
            // SAFETY: the pools and the large-object table report live objects only.
            let state = unsafe { object.as_ref() };
            if state.has(flag::TRACKED) && state.generation() == 2 && state.rc.get() > 0 {
                each(state);
                out.push(object);
                found += 1;
                if found >= count {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        };
        if self
            .pools
            .try_for_each_allocated(|block| visit(block.cast()))
            .is_break()
        {
            return;
        }
        for block in self.large.values() {
            if visit(block.cast()).is_break() {
                return;
            }
        }
    }

    /// Calls `f` on the header of every object of this heap.
    pub(crate) fn for_each_object(&self, mut f: impl FnMut(NonNull<Header>)) {
        self.pools.for_each_allocated(|block| f(block.cast()));
        for block in self.large.values() {
            f(block.cast());
        }
    }
}

/// This thread's heap, created on first use.
///
/// The pointer stays valid while a release is running on this thread (the heap is torn
/// down only at depth zero, with no object left), so a release may keep it across the
/// user code that dropping a value runs, and make each of its own steps from it under
/// [`with_heap`]'s rule: no user code while a `&mut Heap` made from it is alive.
#[inline]
pub(crate) fn heap_ptr() -> *mut Heap {
    let heap = HEAP.with(Cell::get);
    if heap.is_null() { create() } else { heap }
}

#[cold]
fn create() -> *mut Heap {
    let heap = Box::into_raw(Box::new(Heap::new()));
    HEAP.with(|cell| cell.set(heap));
    // Register the exit guard; if the thread is already exiting (a thread-local's
    // destructor allocated), the heap is freed when its last object is.
    if EXIT.try_with(|_| ()).is_err() {
        with_heap(Heap::set_dying);
    }
    heap
}

/// Runs one step `f` on this thread's heap.
///
/// `f` must not run user code (no `Drop` of a handle or value, `Trace`, finalizer or
/// callback), so that no other `&mut Heap` can exist while it runs.
#[inline]
pub(crate) fn with_heap<R>(f: impl FnOnce(&mut Heap) -> R) -> R {
    let heap = heap_ptr();
    // SAFETY: the heap is owned by this thread and lives until `teardown_if_empty`, which
    // runs only when no object is left; `f` runs no user code (this function's contract),
    // so no other `&mut Heap` is alive while this one is.
    f(unsafe { &mut *heap })
}

/// Frees the heap of an exiting thread once it holds no object.
pub(crate) fn teardown_if_empty() {
    let heap = HEAP.with(Cell::get);
    if heap.is_null() {
        return;
    }
    let empty = with_heap(|heap| heap.dying && heap.live_objects() == 0 && heap.depth == 0);
    if empty {
        // SAFETY: no object is left, so no block is in use.
        with_heap(|heap| unsafe { heap.pools.release_all() });
        HEAP.with(|cell| cell.set(std::ptr::null_mut()));
        // SAFETY: `heap` came from `Box::into_raw` in `create`, and the slot was cleared
        // above, so this is the only owner.
        drop(unsafe { Box::from_raw(heap) });
    }
}

/// A count reached zero: finalize, clear weak references, drop the value, free the block.
///
/// This is the general path, through the vtable; `Gc<T>`'s `Drop` has a typed fast path
/// for objects without finalizer or weak references, made of the same steps
/// ([`Heap::enter`], [`Heap::untrack`], [`Leaving`]).
///
/// # Safety
/// `header` is a live object whose count was just brought to zero by its last handle.
pub(crate) unsafe fn release(header: NonNull<Header>) {
    // SAFETY: the object is live (count zero, memory not yet freed).
    let object = unsafe { header.as_ref() };
    if object.flags() & (flag::FINALIZER | flag::HAS_WEAK) != 0 {
        if with_heap(|heap| heap.enter(header)) {
            // SAFETY: forwarded; the release was entered just now.
            unsafe { destroy(header) }
        } else {
            trashed();
        }
        return;
    }
    // The common case, as `destroy` without its finalizer and weak-reference steps (and
    // so without their `catch_unwind`s): enter and untrack in one heap step, drop the
    // value, and let `Leaving` free the block (also if the drop panics) and end the
    // release (draining the trashcan if this is the outermost one).
    let heap = heap_ptr();
    // SAFETY: this thread's live heap; this step runs no user code, so no other
    // `&mut Heap` exists while this one does.
    let this = unsafe { &mut *heap };
    if !this.enter(header) {
        return trashed();
    }
    this.untrack(object);
    let vtable = object.vtable();
    let leaving = Leaving {
        heap,
        block: Some(header.cast()),
        // SAFETY: the object's own vtable; its memory is not freed yet.
        layout: unsafe { vtable.layout_of(header) },
    };
    // SAFETY: the count is zero and there is no finalizer to resurrect the object nor a
    // weak reference to upgrade (neither can be added without a handle): nothing can
    // reach the value any more, and it is dropped once, here.
    unsafe { (vtable.drop_value)(header) };
    leaving.finish();
}

/// The last handle gave up its count to take the value out ([`Gc::try_unwrap`]): the
/// object dies without its value being dropped, by [`release`]'s steps minus the value's.
///
/// It leaves the collector's sight ([`Heap::untrack`]), its weak references are cleared,
/// its block goes back to its pool ([`Leaving`], which also ends the release as any
/// release ends: trashcan, exiting thread); then, outside the release, the weak
/// references' callbacks are called. The finalizer does not run: the value lives on.
///
/// [`Gc::try_unwrap`]: crate::Gc::try_unwrap
///
/// # Safety
/// 1. `header` is a live object whose count was just brought to zero by its last handle.
/// 2. Its value was moved out: it is neither dropped nor read here.
pub(crate) unsafe fn release_moved_out(header: NonNull<Header>) {
    // SAFETY: rule 1: the object is live (count zero, memory not yet freed).
    let object = unsafe { header.as_ref() };
    let heap = heap_ptr();
    // SAFETY: this thread's live heap; this step runs no user code, so no other
    // `&mut Heap` exists while this one does (`with_heap`'s rule).
    let this = unsafe { &mut *heap };
    // Counted as a running release so that an exiting thread's heap stays until it ends;
    // not through `enter`, as there is no value left to put off in the trashcan.
    this.depth += 1;
    this.untrack(object);
    let mut leaving = Leaving {
        heap,
        block: None,
        // SAFETY: the object's own vtable; its memory is not freed yet.
        layout: unsafe { object.vtable().layout_of(header) },
    };
    let pending = if object.has(flag::HAS_WEAK) {
        // Targets cleared: `upgrade` sees the object gone before its block is reused.
        crate::weakref::detach(header)
    } else {
        Vec::new()
    };
    leaving.block = Some(header.cast());
    leaving.finish();
    if pending.is_empty() {
        return;
    }
    if with_heap(|heap| heap.dying) {
        crate::unraisable::run_reporting(
            crate::unraisable::Site::Named("<weakref callback>"),
            || {
                // SAFETY: `detach` took one hold on each cell, given back here.
                unsafe { crate::weakref::call_back(pending) }
            },
        );
    } else {
        // SAFETY: `detach` took one hold on each cell, given back here.
        unsafe { crate::weakref::call_back(pending) };
    }
}

/// The collector gives back its reference to a garbage object, the last one: the count
/// reaches zero and the object is released, as [`release`] would, by a shorter path.
///
/// An object without a finalizer to run or weak references to clear needs neither the
/// `catch_unwind` of [`destroy`] nor the trashcan: the collector calls this from a loop
/// (never nested in another release of its own), and releases that dropping the value
/// starts nest from there as usual. A panic while the value is dropped still frees the
/// block, as in [`destroy`]. Other objects take the general path.
///
/// # Safety
/// `header` is a live object whose only reference is the collector's, given up here.
pub(crate) unsafe fn release_collected(header: NonNull<Header>) {
    // SAFETY: live until freed below (the caller's reference).
    let object = unsafe { header.as_ref() };
    debug_assert_eq!(object.rc.get(), 1);
    object.rc.set(0);
    if object.flags() & (flag::FINALIZER | flag::HAS_WEAK) != 0
        || object.gc.get() & gcword::COLLECTING == 0
    {
        // SAFETY: forwarded.
        return unsafe { release_collected_general(header) };
    }
    /// Frees the block when it goes, even if dropping the value panics (unwinding drops
    /// the rest of the value first).
    struct Free {
        block: NonNull<Header>,
        vtable: &'static VTable,
        tracked: bool,
    }
    impl Drop for Free {
        fn drop(&mut self) {
            with_heap(|heap| {
                if self.tracked {
                    let count = &mut heap.generations.count[0];
                    *count = count.saturating_sub(1);
                }
                // SAFETY: the object's own vtable; its memory is freed only below (a
                // slice object's length is outside its dropped value).
                let layout = unsafe { self.vtable.layout_of(self.block) };
                // SAFETY: the value is gone and no handle remains; the block came from
                // `alloc` with that layout.
                unsafe { heap.free(self.block.cast(), layout) }
            });
        }
    }
    let vtable = object.vtable();
    // Out of the collector's sight before user code runs, as `Heap::untrack` does; a
    // gathered object is in no generation's list, so only the bit and the count change.
    let tracked = object.has(flag::TRACKED);
    object.unset(flag::TRACKED);
    let _free = Free {
        block: header,
        vtable,
        tracked,
    };
    // Dropped (before `_free`) only if the drop panics: no cost otherwise.
    let unwinding = Unwinding(Culprit::new(vtable, header));
    // SAFETY: the count is zero and there is no finalizer to resurrect the object nor a
    // weak reference to upgrade: nothing can reach the value any more, and it is dropped
    // once, here.
    unsafe { (vtable.drop_value)(header) };
    std::mem::forget(unwinding);
}

/// [`release_collected`] for an object that needs [`release`]'s general path.
///
/// # Safety
/// `header` is a live object whose count its last reference just brought to zero.
#[cold]
#[inline(never)]
unsafe fn release_collected_general(header: NonNull<Header>) {
    let unwinding = Unwinding(Culprit::of(header));
    // SAFETY: the caller's contract.
    unsafe { release(header) };
    std::mem::forget(unwinding);
}

/// Remembers, in [`Heap::unwound`], the object whose release a panic unwinds through
/// (its memory is freed by the time the collector catches the panic). Forgotten when
/// the release returns; the first (innermost) one is kept.
struct Unwinding(Culprit);

impl Drop for Unwinding {
    #[cold]
    fn drop(&mut self) {
        with_heap(|heap| {
            heap.unwound.get_or_insert(self.0);
        });
    }
}

/// The body of a release that [`Heap::enter`] let through.
///
/// A panic in the finalizer or a weak-reference callback does not stop the release: the
/// object is still freed (unless the finalizer resurrected it first), then the panic goes
/// on. A panic in the value's `Drop` frees the block too (unwinding drops the rest of the
/// value first), then goes on.
///
/// # Safety
/// As for [`release`].
unsafe fn destroy(header: NonNull<Header>) {
    // SAFETY: the object is live (count zero, memory not yet freed).
    let object = unsafe { header.as_ref() };
    let vtable = object.vtable();
    let mut leaving = Leaving {
        heap: heap_ptr(),
        block: None,
        // SAFETY: the object's own vtable; its memory is not freed yet.
        layout: unsafe { vtable.layout_of(header) },
    };
    with_heap(|heap| heap.untrack(object));
    let mut panic = None;
    let resurrected = object.has(flag::FINALIZER)
        && match catch_unwind(AssertUnwindSafe(|| {
            crate::finalizer::finalize_on_release(header)
        })) {
            Ok(resurrected) => resurrected,
            Err(payload) => {
                panic = Some(payload);
                object.rc.get() > 0
            }
        };
    if resurrected {
        // Tracked again; `leaving` only ends the release.
        with_heap(|heap| heap.retrack(header, vtable.tracked));
        drop(leaving);
        return panic.map_or((), |payload| resume_unwind(payload));
    }
    if object.has(flag::HAS_WEAK) {
        let called = catch_unwind(AssertUnwindSafe(|| {
            crate::weakref::clear_and_call_back(header)
        }));
        panic = panic.or(called.err());
    }
    // Freed when `leaving` goes, even if dropping the value panics.
    leaving.block = Some(header.cast());
    // SAFETY: the count is zero and the finalizer (if any) left it so: no handle can
    // reach the value any more, and it is dropped once, here.
    unsafe { (vtable.drop_value)(header) };
    drop(leaving);
    if let Some(payload) = panic {
        resume_unwind(payload);
    }
}

impl Heap {
    /// First step of a release: past [`TRASH_DEPTH`] nested releases the object goes to
    /// the trashcan (returns false), untracked at once so that no collection can gather
    /// it while it waits; otherwise the release is counted as running.
    ///
    /// A caller that gets false calls [`trashed`] (which drains the trashcan if no
    /// release is running: only while the thread exits).
    #[inline]
    pub(crate) fn enter(&mut self, header: NonNull<Header>) -> bool {
        if self.depth >= self.trash_depth {
            // SAFETY: the caller passes a live object (count zero, not yet freed).
            self.untrack(unsafe { header.as_ref() });
            self.trash.push(header);
            return false;
        }
        self.depth += 1;
        true
    }

    /// Takes a dying object out of the collector's sight (CPython's untrack before
    /// dealloc): out of its generation, and its `TRACKED` bit cleared so that a collection
    /// started by user code during the release (a `Drop`, a finalizer, a weak-reference
    /// callback) cannot gather it, even by walking the pools.
    #[inline]
    pub(crate) fn untrack(&mut self, object: &Header) {
        if !object.has(flag::TRACKED) {
            return;
        }
        object.unset(flag::TRACKED);
        let generations = &mut self.generations;
        generations.count[0] = generations.count[0].saturating_sub(1);
        if object.gc.get() & gcword::COLLECTING == 0 {
            generations.unlink(object);
        }
    }

    /// Starts tracking a live object made untracked ([`Gc::new_untracked`]) now that it may
    /// be part of a cycle (CPython's `_PyObject_GC_TRACK` when a dict gets its first
    /// container): it enters generation 0. Does nothing if it is tracked already, or if
    /// its type cannot hold handles.
    ///
    /// [`Gc::new_untracked`]: crate::Gc
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) fn track(&mut self, object: NonNull<Header>) {
        // SAFETY: the caller passes a live object.
        let state = unsafe { object.as_ref() };
        if state.has(flag::TRACKED) || !state.vtable().tracked || state.rc.get() == 0 {
            return;
        }
        state.set(flag::TRACKED);
        self.generations.push(0, object);
        self.generations.count[0] += 1;
    }

    /// Tracks again an object whose finalizer resurrected it: it enters generation 0.
    pub(crate) fn retrack(&mut self, object: NonNull<Header>, was_tracked: bool) {
        if was_tracked {
            // SAFETY: the caller passes a live object.
            unsafe { object.as_ref() }.set(flag::TRACKED);
            self.generations.push(0, object);
            self.generations.count[0] += 1;
        }
    }
}

/// Last step of a release, also on unwind: frees the block, ends the release, and the
/// outermost release empties the trashcan.
pub(crate) struct Leaving {
    /// This thread's heap ([`heap_ptr`]): valid until the release ends.
    pub(crate) heap: *mut Heap,
    /// The object's memory, once its value is being dropped (freed even if that panics:
    /// unwinding drops the rest of the value first).
    pub(crate) block: Option<NonNull<u8>>,
    /// Its layout.
    pub(crate) layout: Layout,
}

impl Leaving {
    /// The normal end of a release: what dropping it does, inlined into the caller so that
    /// a layout known at compile time (`refcount`'s typed release) picks the pool path
    /// with no test. The `Drop` impl stays for the unwinding path.
    #[inline(always)]
    pub(crate) fn finish(self) {
        let this = std::mem::ManuallyDrop::new(self);
        leave(this.heap, this.block, this.layout);
    }
}

impl Drop for Leaving {
    #[inline(never)]
    fn drop(&mut self) {
        leave(self.heap, self.block, self.layout);
    }
}

/// The body of [`Leaving`]: frees the block (if any) and ends the release; the outermost
/// release also drains the trashcan and tears down a dying thread's heap once it is
/// empty ([`leave_outermost`], out of line).
#[inline(always)]
fn leave(heap: *mut Heap, block: Option<NonNull<u8>>, layout: Layout) {
    // SAFETY: `heap` is this thread's heap, live while the release runs (`heap_ptr`);
    // this step runs no user code.
    let this = unsafe { &mut *heap };
    if let Some(block) = block {
        // SAFETY: the value in the block is gone and no handle remains.
        unsafe { this.free(block, layout) };
    }
    if this.depth == 1 && (!this.trash.is_empty() || this.dying) {
        leave_outermost();
    } else {
        this.depth -= 1;
    }
}

/// The end of the outermost release when there is more to do: the trashcan to drain (not
/// while unwinding: a panicking thread drops what it can, and the rest waits for the
/// next release), then a dying thread's heap to free once it is empty.
#[cold]
#[inline(never)]
fn leave_outermost() {
    let (drain, dying) = with_heap(|heap| {
        let drain = !heap.trash.is_empty() && !std::thread::panicking();
        if !drain {
            heap.depth -= 1;
        }
        (drain, heap.dying)
    });
    if drain {
        drain_trash();
    }
    if dying {
        teardown_if_empty();
    }
}

/// After [`Heap::enter`] put an object in the trashcan: if no release is running (the
/// thread is exiting, so every release goes there), drains it now.
#[cold]
#[inline(never)]
pub(crate) fn trashed() {
    if with_heap(|heap| heap.depth == 0) {
        drain_at_exit();
    }
}

/// Releases the trashcan's objects at an exiting thread's outermost release, as
/// [`drain_trash`] does, but each release under `catch_unwind`: a panic (from a `Drop`,
/// finalizer or weak-reference callback) is handed to the unraisable hook, naming the
/// object released, and the next object goes on. Then the heap goes if it is empty.
#[cold]
fn drain_at_exit() {
    use crate::unraisable::{Site, report_panic};
    // The outermost release, for the whole drain: each object is released at depth two,
    // so that its own end (`leave`) never drains the trashcan itself.
    with_heap(|heap| heap.depth += 1);
    while let Some(next) = with_heap(|heap| {
        let next = heap.trash.pop();
        heap.depth += u32::from(next.is_some());
        next
    }) {
        // The object is live until its release frees it.
        let culprit = Culprit::of(next);
        // SAFETY: as in `drain_trash`: a count of zero, queued once, entered just now.
        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| unsafe { destroy(next) })) {
            report_panic(payload, Site::Object(culprit));
        }
    }
    with_heap(|heap| heap.depth -= 1);
    teardown_if_empty();
}

/// Releases the trashcan's objects, one after another, at depth one.
#[cold]
fn drain_trash() {
    /// Ends the outermost release once the trashcan is empty (or on unwind).
    struct Outermost;
    impl Drop for Outermost {
        fn drop(&mut self) {
            with_heap(|heap| heap.depth -= 1);
        }
    }
    let _outermost = Outermost;
    while let Some(next) = with_heap(|heap| {
        let next = heap.trash.pop();
        heap.depth += u32::from(next.is_some());
        next
    }) {
        // SAFETY: objects in the trash had their count reach zero and nobody can get a
        // new handle to them (`Weak::upgrade` refuses a zero count); each is queued once,
        // and its release was entered just now.
        unsafe { destroy(next) };
    }
}
