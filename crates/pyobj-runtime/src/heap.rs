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

use std::alloc::Layout;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ptr::NonNull;

use crate::generation::Generations;
use crate::object::{Header, flag, gcword};
use crate::pool::{ALIGNMENT, Pools, SMALL_REQUEST_THRESHOLD};
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
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_usize(&mut self, addr: usize) {
        self.0 = (addr as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26);
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
    /// The thread is exiting: free the heap once it holds no object.
    pub(crate) dying: bool,
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
        with_heap(|heap| heap.dying = true);
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
            dying: false,
        }
    }

    /// Blocks handed out and not yet freed.
    fn live_objects(&self) -> usize {
        self.pools.blocks_in_use() + self.large.len()
    }

    /// Memory for an object of `layout`.
    #[inline]
    pub(crate) fn alloc(&mut self, layout: Layout) -> NonNull<u8> {
        if layout.size() <= SMALL_REQUEST_THRESHOLD && layout.align() <= ALIGNMENT {
            self.pools.alloc(layout.size().max(1))
        } else {
            // SAFETY: every object layout starts with a 16-byte header, so it is not
            // zero-sized.
            let block = unsafe { std::alloc::alloc(layout) };
            let Some(block) = NonNull::new(block) else {
                std::alloc::handle_alloc_error(layout)
            };
            self.large.insert(block.addr().get(), block);
            block
        }
    }

    /// Returns an object's memory.
    ///
    /// # Safety
    /// `block` came from [`Heap::alloc`] with the same `layout`, and is not used again.
    #[inline]
    pub(crate) unsafe fn free(&mut self, block: NonNull<u8>, layout: Layout) {
        if layout.size() <= SMALL_REQUEST_THRESHOLD && layout.align() <= ALIGNMENT {
            // SAFETY: the caller passes a live block of this size class.
            unsafe { self.pools.free(block, layout.size().max(1)) }
        } else {
            self.large.remove(&block.addr().get());
            // SAFETY: the block came from `std::alloc::alloc(layout)` in `alloc`.
            unsafe { std::alloc::dealloc(block.as_ptr(), layout) }
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
#[inline]
fn heap_ptr() -> *mut Heap {
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
        with_heap(|heap| heap.dying = true);
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
fn teardown_if_empty() {
    let heap = HEAP.with(Cell::get);
    if heap.is_null() {
        return;
    }
    // SAFETY: as in `with_heap`; no user code runs before the `Box` is rebuilt.
    let empty = unsafe { (*heap).dying && (*heap).live_objects() == 0 && (*heap).depth == 0 };
    if empty {
        HEAP.with(|cell| cell.set(std::ptr::null_mut()));
        // SAFETY: `heap` came from `Box::into_raw` in `create`, and the slot was cleared
        // above, so this is the only owner.
        drop(unsafe { Box::from_raw(heap) });
    }
}

/// A count reached zero: finalize, clear weak references, drop the value, free the block.
///
/// # Safety
/// `header` is a live object whose count was just brought to zero by its last handle.
pub(crate) unsafe fn release(header: NonNull<Header>) {
    let outermost = with_heap(|heap| {
        if heap.depth >= TRASH_DEPTH {
            heap.trash.push(header);
            return None;
        }
        heap.depth += 1;
        Some(heap.depth == 1)
    });
    let Some(outermost) = outermost else { return };
    // SAFETY: forwarded from this function's contract.
    unsafe { destroy(header) };
    if outermost {
        while let Some(next) = with_heap(|heap| heap.trash.pop()) {
            // SAFETY: objects in the trash had their count reach zero and nobody can get a
            // new handle to them (`Weak::upgrade` refuses a zero count).
            unsafe { destroy(next) };
        }
    }
    let dying = with_heap(|heap| {
        heap.depth -= 1;
        heap.dying
    });
    if dying {
        teardown_if_empty();
    }
}

/// The body of [`release`].
///
/// # Safety
/// As for [`release`].
unsafe fn destroy(header: NonNull<Header>) {
    // SAFETY: the object is live (count zero, memory not yet freed).
    let object = unsafe { header.as_ref() };
    if crate::finalizer::finalize_on_release(header) {
        return; // resurrected
    }
    if object.has(flag::HAS_WEAK) {
        crate::weakref::clear_and_call_back(header);
    }
    unlink(object);
    if !object.has(flag::DROPPED) {
        // SAFETY: the count is zero, so no handle can reach the value any more; it was
        // not dropped before (no `DROPPED` flag).
        unsafe { (object.vtable().drop_value)(header) };
    }
    // SAFETY: the value is gone and no handle remains; the block is freed once.
    unsafe { (object.vtable().free)(header) };
}

/// Takes a dying object out of its generation's bookkeeping.
fn unlink(object: &Header) {
    if !object.has(flag::TRACKED) {
        return;
    }
    with_heap(|heap| {
        let generations = &mut heap.generations;
        generations.count[0] = generations.count[0].saturating_sub(1);
        if object.gc.get() & gcword::COLLECTING != 0 {
            return; // the collector holds it in its own lists
        }
        generations.unlink(object);
    });
}
