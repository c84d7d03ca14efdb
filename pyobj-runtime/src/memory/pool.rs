//! Pools: the allocator behind every small object (seed level 5, "Python does not ask
//! the OS for memory every time"), modelled on CPython's pymalloc.
//!
//! Objects are small, many and short-lived; asking the system allocator for each one
//! would be slow and would scatter them. So memory is taken from the system a megabyte
//! at a time (an *arena*), cut into 16 KiB *pools*, and each pool is cut into equal
//! *blocks* of one *size class*: 16, 32, 48, … 512 bytes. Allocation pops a block off
//! a list, freeing pushes it back, and the system allocator is rarely called.
//!
//! ```text
//!   alloc(40)
//!      │  round up to a multiple of 16: 48 bytes, size class 2
//!      ▼
//!   used[2] ──► pool ◄──► pool ◄──► …     the class's pools that have a free block
//!      │
//!      │  pop the first pool's free list; when it runs dry, carve the next block
//!      │  (none left: the pool is full and leaves used[2])
//!      ▼
//!   ┌────────┬───────┬───────┬───────┬───────┬ ─ ─ ─ ─ ─ ─ ─ ─ ─ ┬─────┐
//!   │ header │ block │ block │ freed │ block │ never touched yet │     │  one pool:
//!   └────────┴───────┴───────┴───────┴───────┴ ─ ─ ─ ─ ─ ─ ─ ─ ─ ┴─────┘  16 KiB, one class
//!     48 B                       next_offset ┘        quantization ┘
//!
//!   used[2] empty? take a pool from the fullest arena that has one free,
//!   or else from a new 1 MiB arena (std::alloc)
//!   ┌────────┬────────┬────────┬─────┬────────┬ ─ ─ ─ ─ ─ ─ ─ ─ ┐
//!   │ pool 0 │ pool 1 │ (free) │ ... │ pool k │ never touched   │  one arena: 64 pools
//!   └────────┴────────┴────────┴─────┴────────┴ ─ ─ ─ ─ ─ ─ ─ ─ ┘
//! ```
//!
//! # Blocks
//! A request of `n` bytes gets a block of class `(n - 1) / 16`, `16 * (class + 1)` bytes,
//! 16-aligned. A block finds its pool by clearing the low bits of its address (pools are
//! `POOL_SIZE`-aligned), and the pool's header says everything else. A freed block is
//! pushed on its pool's free list and is the next one handed out (LIFO: it is likely
//! still in the cache). Its first word is set to zero and the link to the next free
//! block is kept in its second word; the heap keeps a non-zero vtable pointer in the
//! first word of every live object, which is how `Pools::for_each_allocated` tells
//! live blocks from free ones without any side table.
//!
//! # Pools
//! A pool's blocks are carved lazily: the free list holds at most one block that was
//! never used, and when it runs dry the next block is cut at `next_offset`. Memory is
//! written only when it is about to be used. A pool is in one of three states:
//! * **used**: some blocks in use, some free. It is linked in `used[class]`, and its free
//!   list is never empty, so the fast path (`Pools::alloc_fast`) is one pop.
//! * **full**: every block in use. It is in no list; the first block freed puts it back
//!   at the head of `used[class]`.
//! * **empty**: its last block was freed. It goes back to its arena at once, to be
//!   reused by any size class, and an arena with only empty pools goes back to the
//!   system (one spare is kept).
//!
//! While `tracemalloc` traces, the `used` lists are set aside and every block comes from
//! a *traced pool*, in no list, whose free list is kept empty: so tracing reuses the
//! branches the fast paths already make and costs them no test while off (see
//! `Tracing`).

use std::collections::HashSet;
use std::fmt;
use std::num::NonZero;
use std::ops::ControlFlow;
use std::ptr::{self, NonNull};

pub use crate::arena::ARENA_SIZE;
use crate::arena::Arenas;
use crate::heap::AddrBuild;

/// Every block is aligned to this many bytes, and block sizes are its multiples.
pub const ALIGNMENT: usize = 16;

/// The largest request served by the pools; larger objects go to the system allocator.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;

/// Bytes in one pool (16 KiB, as in CPython on 64-bit platforms).
pub const POOL_SIZE: usize = 16 * 1024;

/// Number of size classes: blocks of 16, 32, … [`SMALL_REQUEST_THRESHOLD`] bytes.
pub const NB_SMALL_SIZE_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;

const ALIGNMENT_SHIFT: u32 = ALIGNMENT.trailing_zeros();

const _: () = assert!(ALIGNMENT.is_power_of_two() && POOL_SIZE.is_power_of_two());

/// The header at the start of every pool in use.
#[repr(C)]
struct PoolHeader {
    /// Blocks handed out and not freed.
    in_use: u32,
    /// The size class of every block in the pool.
    class: u32,
    /// Bytes per block: `16 * (class + 1)`.
    block_size: u32,
    /// Offset of the first block never carved; blocks below it were carved.
    next_offset: u32,
    /// The last offset at which a whole block still fits.
    max_next_offset: u32,
    /// The number of the arena the pool lies in.
    arena: u32,
    /// Head of the list of free blocks (never empty while the pool is in `used`).
    free: Option<NonNull<u8>>,
    /// Neighbours in `used[class]`, while the pool is linked there.
    next: Option<NonNull<PoolHeader>>,
    prev: Option<NonNull<PoolHeader>>,
}

/// Bytes at the start of each pool taken by its header (48 on 64-bit, as in CPython).
const POOL_OVERHEAD: usize = size_of::<PoolHeader>().next_multiple_of(ALIGNMENT);

/// The size class serving requests of `size` bytes (out of range for 0 or > 512).
#[inline]
const fn class_of(size: usize) -> usize {
    size.wrapping_sub(1) >> ALIGNMENT_SHIFT
}

/// Bytes per block of size class `class`.
#[inline]
const fn class_size(class: usize) -> usize {
    (class + 1) << ALIGNMENT_SHIFT
}

/// Blocks in one pool of size class `class`.
const fn blocks_per_pool(class: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) / class_size(class)
}

/// The pool a block lies in.
#[inline]
fn pool_of(block: NonNull<u8>) -> NonNull<PoolHeader> {
    // Pools are `POOL_SIZE`-aligned, so masking the low bits of a block's address gives
    // its pool's, never zero (`unwrap_or` is never taken). The result keeps the block
    // pointer's provenance, which covers the whole arena.
    block
        .map_addr(|addr| NonZero::new(addr.get() & !(POOL_SIZE - 1)).unwrap_or(addr))
        .cast()
}

/// The first two words of a free block.
#[repr(C)]
struct FreeBlock {
    /// Always null: the heap's objects have a non-null vtable pointer here.
    not_an_object: *const (),
    /// The next block on the pool's free list.
    next: Option<NonNull<u8>>,
}

// A free block keeps its link in its second word.
const _: () = assert!(size_of::<FreeBlock>() <= ALIGNMENT && align_of::<FreeBlock>() <= ALIGNMENT);

/// Marks `block` free: null in its first word, `next` in its second.
///
/// # Safety
/// `block` points to at least 16 writable bytes, 16-aligned, that nothing else uses.
#[inline]
unsafe fn write_free(block: NonNull<u8>, next: Option<NonNull<u8>>) {
    let free = FreeBlock {
        not_an_object: ptr::null(),
        next,
    };
    // SAFETY: the caller's rule: 16 bytes, aligned, ours to write.
    unsafe { block.cast::<FreeBlock>().write(free) };
}

/// The free block after `block` in its pool's free list.
///
/// # Safety
/// `block` is on a free list, so [`write_free`] wrote its link.
#[inline]
unsafe fn read_link(block: NonNull<u8>) -> Option<NonNull<u8>> {
    // SAFETY: the caller's rule: the second word holds an initialized link.
    unsafe { (*block.cast::<FreeBlock>().as_ptr()).next }
}

/// The pool allocator of one heap: size classes, pools and arenas.
///
/// Single-threaded by construction (it holds raw pointers, so it is neither `Send` nor
/// `Sync`); it lives in the heap of one thread.
pub(crate) struct Pools {
    /// Per size class, the pools that have a block to give. A pool joins at the front
    /// (when it is new, or when a block of it is freed while it is full).
    used: [Option<NonNull<PoolHeader>>; NB_SMALL_SIZE_CLASSES],
    /// Where pools come from.
    arenas: Arenas,
    /// Blocks handed out and not freed, over all classes.
    blocks_in_use: usize,
    /// While `tracemalloc` traces ([`Pools::start_tracing`]): the real `used` lists, set
    /// aside, and the pools of the blocks handed out since.
    tracing: Option<Box<Tracing>>,
}

/// The pools' state while `tracemalloc` traces: what makes every traced allocation and
/// every free of a traced block miss its fast path, with no test on those paths.
///
/// - `Pools::used` is all `None` (its lists are in `parked`), so the fast path of
///   [`Pools::alloc_fast`] never finds a pool and every allocation goes to
///   [`Pools::alloc_slow`], which hands out a block of a *traced pool* and says so.
/// - A traced pool holds only blocks handed out while tracing. Its free list is kept
///   empty (its free blocks are listed in `free` instead), so freeing one of its blocks
///   always finds `head == None` in [`Pools::free`], the "pool was full" branch the fast
///   path already has; that branch ([`Pools::pool_changed_state`]) recognizes the pool
///   and reports the block as traced. Blocks handed out before tracing started live in
///   the other pools: their frees stay on the fast path and are not reported (as CPython
///   ignores frees of untraced blocks).
/// - The other pools' state changes (full to used, used to empty) are made on the parked
///   lists, so their accounting is the same as without tracing.
///
/// [`Pools::stop_tracing`] gives the traced pools their free lists back and files them
/// as any pool, then puts the parked lists back: the pools are as if tracing never ran.
struct Tracing {
    /// The `used` lists of the pools that existed when tracing started, and of the
    /// untraced pools that became used since.
    parked: [Option<NonNull<PoolHeader>>; NB_SMALL_SIZE_CLASSES],
    /// The traced pools, in the order they were taken.
    pools: Vec<NonNull<PoolHeader>>,
    /// The same, by address, to recognize a traced pool when one of its blocks is freed.
    traced: HashSet<usize, AddrBuild>,
    /// Per size class, the free blocks of the traced pools (last freed last).
    free: [Vec<NonNull<u8>>; NB_SMALL_SIZE_CLASSES],
    /// Per size class, the traced pool that blocks are carved from next.
    carving: [Option<NonNull<PoolHeader>>; NB_SMALL_SIZE_CLASSES],
}

impl Tracing {
    fn new(parked: [Option<NonNull<PoolHeader>>; NB_SMALL_SIZE_CLASSES]) -> Self {
        Tracing {
            parked,
            pools: Vec::new(),
            traced: HashSet::default(),
            free: std::array::from_fn(|_| Vec::new()),
            carving: [None; NB_SMALL_SIZE_CLASSES],
        }
    }
}

impl Pools {
    /// An allocator holding no memory yet.
    pub(crate) const fn new() -> Self {
        Pools {
            used: [None; NB_SMALL_SIZE_CLASSES],
            arenas: Arenas::new(),
            blocks_in_use: 0,
            tracing: None,
        }
    }

    /// [`Pools::alloc_fast`], else [`Pools::alloc_slow`]: what the heap does, for the
    /// tests.
    #[cfg(test)]
    pub(crate) fn alloc(&mut self, size: usize) -> NonNull<u8> {
        match self.alloc_fast(size) {
            Some(block) => block,
            None => self.alloc_slow(size).0,
        }
    }

    /// A block for `size` bytes: 16-aligned, of `size` rounded up to a multiple of 16,
    /// popped off the free list of the class's first used pool. `None` when the class has
    /// no used pool, or while tracing (see [`Tracing`]): [`Pools::alloc_slow`] serves
    /// those.
    ///
    /// Its first word is zero until the caller writes there.
    ///
    /// # Panics
    /// If `size` is 0 or more than [`SMALL_REQUEST_THRESHOLD`].
    #[inline]
    pub(crate) fn alloc_fast(&mut self, size: usize) -> Option<NonNull<u8>> {
        let class = class_of(size);
        let mut pool = self.used[class]?;
        // SAFETY: a pool in `used` is in use, so its header is initialized and lives in
        // memory we own; `&mut self` means no other reference to it exists.
        let header = unsafe { pool.as_mut() };
        let block = header.free?;
        // SAFETY: `block` is on the pool's free list.
        let next = unsafe { read_link(block) };
        header.free = next;
        header.in_use += 1;
        self.blocks_in_use += 1;
        if next.is_none() {
            self.refill(pool);
        }
        Some(block)
    }

    /// A block for `size` bytes when [`Pools::alloc_fast`] found none: the first block of
    /// a new pool, or while tracing a block of a traced pool. The flag says which: true
    /// for a traced block, whose free [`Pools::free`] will report. Calls
    /// [`std::alloc::handle_alloc_error`] if the system is out of memory.
    ///
    /// # Panics
    /// If `size` is 0 or more than [`SMALL_REQUEST_THRESHOLD`].
    #[cold]
    #[inline(never)]
    pub(crate) fn alloc_slow(&mut self, size: usize) -> (NonNull<u8>, bool) {
        let class = class_of(size);
        assert!(
            class < NB_SMALL_SIZE_CLASSES,
            "no size class for {size} bytes"
        );
        if self.tracing.is_some() {
            (self.alloc_traced(class), true)
        } else {
            (self.alloc_from_new_pool(class), false)
        }
    }

    /// Returns a block to its pool.
    ///
    /// # Safety
    /// 1. `ptr` was returned by [`Pools::alloc_fast`] or [`Pools::alloc_slow`] of `self`
    ///    for a `size` of the same size class, and was not freed since.
    /// 2. `ptr` is that pointer or one derived from it by raw-pointer operations only, so
    ///    it still has the right to reach the pool header (Miri checks this).
    /// 3. The block is not used after this call.
    ///
    /// Returns the block if it was handed out while tracing (a traced block: see
    /// [`Tracing`]), for the heap to forget its record; always `None` on the fast path.
    /// (The block comes back from the slow path rather than being kept across its call,
    /// which would cost the fast path a register copy.)
    #[inline]
    pub(crate) unsafe fn free(&mut self, ptr: NonNull<u8>, size: usize) -> Option<NonNull<u8>> {
        let mut pool = pool_of(ptr);
        // SAFETY: rules 1 and 2: `ptr` is a live block, so its pool is in use and its
        // header initialized; `&mut self` means no other reference to it exists.
        let header = unsafe { pool.as_mut() };
        debug_assert_eq!(
            header.class as usize,
            class_of(size),
            "freed with another size"
        );
        let head = header.free;
        // SAFETY: rules 1 and 3: the block is ours again, 16 bytes at least, 16-aligned.
        unsafe { write_free(ptr, head) };
        header.free = Some(ptr);
        header.in_use -= 1;
        self.blocks_in_use -= 1;
        if header.in_use == 0 || head.is_none() {
            // The pool just became empty but is its class's only used pool: it stays, as
            // `pool_changed_state` would decide (the case of a program that makes and
            // drops one object at a time), without the call.
            if head.is_some()
                && header.next.is_none()
                && self.used[header.class as usize] == Some(pool)
            {
                return None;
            }
            return self.pool_changed_state(pool, head.is_none());
        }
        None
    }

    /// Calls `f` with every block currently allocated.
    ///
    /// # Contract with the heap
    /// A block counts as allocated when the first machine word (the `usize` at offset 0)
    /// is non-zero. The heap keeps a vtable pointer there in every object it holds, and
    /// this allocator writes zero there when it carves a block and when a block is freed.
    /// So a block that was handed out but not yet written by the heap is not reported.
    /// The blocks are visited pool by pool, in address order within a pool.
    pub(crate) fn for_each_allocated(&self, mut f: impl FnMut(NonNull<u8>)) {
        let _ = self.try_for_each_allocated(|block| {
            f(block);
            ControlFlow::<()>::Continue(())
        });
    }

    /// [`Pools::for_each_allocated`], stopping at the first `Break`.
    pub(crate) fn try_for_each_allocated<B>(
        &self,
        mut f: impl FnMut(NonNull<u8>) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        self.arenas.try_for_each_pool_in_use(|pool| {
            // SAFETY: a pool in use has an initialized header, and only shared references
            // to it exist while `&self` is held.
            let header = unsafe { pool.cast::<PoolHeader>().as_ref() };
            let (size, end) = (header.block_size as usize, header.next_offset as usize);
            for offset in (POOL_OVERHEAD..end).step_by(size) {
                // SAFETY: `offset < next_offset <= POOL_SIZE`: inside the pool.
                let block = unsafe { pool.byte_add(offset) };
                // SAFETY: every block below `next_offset` was carved, and carving wrote its
                // first word; the heap or `free` may have written it since, never left it
                // uninitialized.
                let first = unsafe { block.cast::<*const ()>().read() };
                if !first.is_null() {
                    f(block)?;
                }
            }
            ControlFlow::Continue(())
        })
    }

    /// A snapshot of the allocator's statistics.
    pub(crate) fn stats(&self) -> PoolStats {
        let mut classes: Vec<SizeClassStats> = (0..NB_SMALL_SIZE_CLASSES)
            .map(|class| SizeClassStats {
                size: class_size(class),
                pools: 0,
                blocks_in_use: 0,
                blocks_free: 0,
            })
            .collect();
        self.arenas.for_each_pool_in_use(|pool| {
            // SAFETY: a pool in use has an initialized header.
            let header = unsafe { pool.cast::<PoolHeader>().as_ref() };
            let class = header.class as usize;
            let stats = &mut classes[class];
            stats.pools += 1;
            stats.blocks_in_use += header.in_use as usize;
            stats.blocks_free += blocks_per_pool(class) - header.in_use as usize;
        });
        let pools: usize = classes.iter().map(|c| c.pools).sum();
        PoolStats {
            allocated_block_bytes: classes.iter().map(|c| c.blocks_in_use * c.size).sum(),
            available_block_bytes: classes.iter().map(|c| c.blocks_free * c.size).sum(),
            pool_header_bytes: pools * POOL_OVERHEAD,
            quantization_bytes: classes
                .iter()
                .map(|c| c.pools * ((POOL_SIZE - POOL_OVERHEAD) % c.size))
                .sum(),
            arena_alignment_bytes: 0,
            free_pools: self.arenas.free_pools(),
            arenas_allocated_total: self.arenas.allocated_total(),
            arenas_reclaimed: self.arenas.reclaimed(),
            arenas_highwater: self.arenas.highwater(),
            arenas_current: self.arenas.current(),
            classes,
        }
    }

    /// Gives every arena back to the system; the allocator is then empty and usable.
    ///
    /// # Safety
    /// No block is used any more (or the caller accepts that every block dies now).
    pub(crate) unsafe fn release_all(&mut self) {
        // SAFETY: the caller's rule: nothing in any pool is used any more.
        unsafe { self.arenas.release_all() };
        self.used = [None; NB_SMALL_SIZE_CLASSES];
        self.blocks_in_use = 0;
        if let Some(tracing) = &mut self.tracing {
            **tracing = Tracing::new([None; NB_SMALL_SIZE_CLASSES]);
        }
    }

    /// Number of blocks currently handed out.
    #[inline]
    pub(crate) fn blocks_in_use(&self) -> usize {
        self.blocks_in_use
    }

    /// The free list of a used pool ran dry: carve the next block, or if the pool has
    /// none left it is full and leaves `used`.
    fn refill(&mut self, mut pool: NonNull<PoolHeader>) {
        // SAFETY: the pool is in use (the caller just took a block from it); `&mut self`.
        let header = unsafe { pool.as_mut() };
        if header.next_offset <= header.max_next_offset {
            let offset = header.next_offset as usize;
            header.next_offset += header.block_size;
            // SAFETY: `offset <= max_next_offset = POOL_SIZE - block_size`: in the pool.
            let block = unsafe { pool.cast::<u8>().byte_add(offset) };
            // SAFETY: a block never carved before: nothing uses it.
            unsafe { write_free(block, None) };
            header.free = Some(block);
        } else {
            let class = header.class as usize;
            self.unlink(pool, class);
        }
    }

    /// No used pool in `class`: start a new pool and hand out its first block.
    fn alloc_from_new_pool(&mut self, class: usize) -> NonNull<u8> {
        let (mut pool, first) = self.start_pool(class);
        // SAFETY: the pool was just started; `&mut self`.
        let header = unsafe { pool.as_mut() };
        // SAFETY: the second block ends below `POOL_SIZE` (every class fits 31 blocks at
        // least).
        let second = unsafe { first.byte_add(header.block_size as usize) };
        header.next_offset += header.block_size;
        // SAFETY: a block never carved before: nothing uses it.
        unsafe { write_free(second, None) };
        header.free = Some(second);
        self.push_front(pool, class);
        first
    }

    /// Takes a pool from the arenas for `class` and hands out its first block: the pool's
    /// header says one block in use, one carved, an empty free list; it is in no list.
    fn start_pool(&mut self, class: usize) -> (NonNull<PoolHeader>, NonNull<u8>) {
        let (memory, arena) = self.arenas.take_pool();
        let size = class_size(class);
        // SAFETY: the offset is below `POOL_SIZE` (every class fits 31 blocks at least).
        let first = unsafe { memory.byte_add(POOL_OVERHEAD) };
        // SAFETY: the pool is ours alone until given back; zero the first word so
        // `for_each_allocated` never reads uninitialized memory.
        unsafe { first.cast::<*const ()>().write(ptr::null()) };
        let pool = memory.cast::<PoolHeader>();
        let header = PoolHeader {
            in_use: 1,
            class: class as u32,
            block_size: size as u32,
            next_offset: (POOL_OVERHEAD + size) as u32,
            max_next_offset: (POOL_SIZE - size) as u32,
            arena,
            free: None,
            next: None,
            prev: None,
        };
        // SAFETY: the pool is ours, `POOL_SIZE`-aligned, and the header fits before the
        // first block.
        unsafe { pool.write(header) };
        self.blocks_in_use += 1;
        (pool, first)
    }

    /// Tracing: a block of a traced pool of `class` (a freed one, else one carved from the
    /// class's traced pool, else the first block of a new traced pool). Traced pools stay
    /// out of `used` and keep their free lists empty ([`Tracing`]).
    fn alloc_traced(&mut self, class: usize) -> NonNull<u8> {
        let Some(tracing) = self.tracing.as_deref_mut() else {
            unreachable!("alloc_traced while not tracing")
        };
        if let Some(block) = tracing.free[class].pop() {
            // SAFETY: a free block of a traced pool, which is in use: its header is
            // initialized; `&mut self`.
            unsafe { pool_of(block).as_mut() }.in_use += 1;
            self.blocks_in_use += 1;
            return block;
        }
        if let Some(mut pool) = tracing.carving[class] {
            // SAFETY: the carving pool is a traced pool, in use; `&mut self`.
            let header = unsafe { pool.as_mut() };
            if header.next_offset <= header.max_next_offset {
                let offset = header.next_offset as usize;
                header.next_offset += header.block_size;
                header.in_use += 1;
                // SAFETY: `offset <= max_next_offset = POOL_SIZE - block_size`: in the pool.
                let block = unsafe { pool.cast::<u8>().byte_add(offset) };
                // SAFETY: a block never carved before: nothing uses it. Its first word is
                // zeroed, as `alloc_slow` promises.
                unsafe { block.cast::<*const ()>().write(ptr::null()) };
                self.blocks_in_use += 1;
                return block;
            }
        }
        let (pool, first) = self.start_pool(class);
        let Some(tracing) = self.tracing.as_deref_mut() else {
            unreachable!("still tracing")
        };
        tracing.carving[class] = Some(pool);
        tracing.pools.push(pool);
        tracing.traced.insert(pool.addr().get());
        first
    }

    /// Starts handing out blocks of traced pools only, so that [`Pools::alloc_fast`]
    /// misses on every allocation and [`Pools::free`] reports every free of one of them
    /// (see [`Tracing`]). Already tracing: nothing changes.
    pub(crate) fn start_tracing(&mut self) {
        if self.tracing.is_none() {
            let parked = std::mem::replace(&mut self.used, [None; NB_SMALL_SIZE_CLASSES]);
            self.tracing = Some(Box::new(Tracing::new(parked)));
        }
    }

    /// Stops tracing: the traced pools get their free blocks back on their free lists and
    /// are filed as any pool (used, full, or given back when empty), and the parked lists
    /// are `used` again. Not tracing: nothing changes.
    pub(crate) fn stop_tracing(&mut self) {
        let Some(tracing) = self.tracing.take() else {
            return;
        };
        debug_assert!(self.used.iter().all(Option::is_none));
        let Tracing {
            parked,
            pools,
            free,
            ..
        } = *tracing;
        self.used = parked;
        for block in free.into_iter().flatten() {
            let mut pool = pool_of(block);
            // SAFETY: a free block of a traced pool, which is in use: its header is
            // initialized; `&mut self`.
            let header = unsafe { pool.as_mut() };
            // SAFETY: a free block, ours; the last one pushed is handed out first.
            unsafe { write_free(block, header.free) };
            header.free = Some(block);
        }
        for pool in pools {
            // SAFETY: a traced pool, in use; `&mut self`.
            let header = unsafe { pool.as_ref() };
            let (class, arena) = (header.class as usize, header.arena);
            if header.in_use == 0 {
                // SAFETY: rule 1 of `return_pool`: the pool came from `take_pool` with
                // this arena number, is in no list and is given back once; rule 2: no
                // block of it is in use.
                unsafe { self.arenas.return_pool(arena, pool.cast()) };
            } else if header.free.is_some() {
                self.push_front(pool, class);
            } else if header.next_offset <= header.max_next_offset {
                // Never carved blocks left: carve one for the free list, as `refill` does.
                self.refill(pool);
                self.push_front(pool, class);
            }
            // Otherwise the pool is full: in no list, as a full pool is.
        }
    }

    /// After a free that found the pool full or left it empty: the pool was full (it
    /// joins `used`) or is now empty (it goes back to its arena). Returns the block freed
    /// if it was a traced one (see [`Tracing`]).
    fn pool_changed_state(
        &mut self,
        pool: NonNull<PoolHeader>,
        was_full: bool,
    ) -> Option<NonNull<u8>> {
        if self.tracing.is_some() {
            return self.changed_while_tracing(pool, was_full);
        }
        self.change_state(pool, was_full);
        None
    }

    /// [`Pools::pool_changed_state`] while tracing: a traced pool's block is moved from
    /// its free list to the traced free blocks (reported); another pool changes state on
    /// the parked lists.
    #[cold]
    #[inline(never)]
    fn changed_while_tracing(
        &mut self,
        mut pool: NonNull<PoolHeader>,
        was_full: bool,
    ) -> Option<NonNull<u8>> {
        let Some(tracing) = self.tracing.as_deref_mut() else {
            unreachable!("changed_while_tracing while not tracing")
        };
        // SAFETY: a block of the pool was just freed, so it is in use; `&mut self`.
        let header = unsafe { pool.as_mut() };
        let class = header.class as usize;
        if tracing.traced.contains(&pool.addr().get()) {
            // Its free list was empty: it holds the block just freed, alone.
            let block = header.free.take().expect("the block just freed");
            tracing.free[class].push(block);
            return Some(block);
        }
        // `used[class]` is `None` while tracing: put the class's real list there for the
        // step, which touches no other class, and park it again.
        self.used[class] = tracing.parked[class];
        self.change_state(pool, was_full);
        if let Some(tracing) = self.tracing.as_deref_mut() {
            tracing.parked[class] = self.used[class].take();
        }
        None
    }

    /// [`Pools::pool_changed_state`]'s work on the `used` lists.
    fn change_state(&mut self, mut pool: NonNull<PoolHeader>, was_full: bool) {
        // SAFETY: the pool is in use (a block of it was just freed); `&mut self`.
        let header = unsafe { pool.as_mut() };
        let (class, arena, empty) = (header.class as usize, header.arena, header.in_use == 0);
        if !empty {
            self.push_front(pool, class);
            return;
        }
        // Hysteresis: the last pool of a class stays, empty, instead of going back to its
        // arena, so a program that makes and drops one object at a time does not take and
        // return a pool on every call. At most one idle pool per class.
        let sole = if was_full {
            self.used[class].is_none()
        } else {
            self.used[class] == Some(pool) && header.next.is_none()
        };
        if sole {
            if was_full {
                self.push_front(pool, class);
            }
            return;
        }
        if !was_full {
            self.unlink(pool, class);
        }
        // SAFETY: rule 1 of `return_pool`: the pool came from `take_pool` with this arena
        // number and is given back once (it just became empty and left `used`); rule 2:
        // no block of it is in use.
        unsafe { self.arenas.return_pool(arena, pool.cast()) };
    }

    /// Gives back to their arenas the empty pools kept by the one-idle-pool-per-class
    /// rule (see `pool_changed_state`), so arenas whose pools are all free go back to the
    /// system. The heap calls it after each full collection, as CPython clears its free
    /// lists then.
    pub(crate) fn trim(&mut self) {
        // While tracing, the used lists are parked (the traced pools are in none: they
        // stay).
        if let Some(tracing) = self.tracing.as_deref_mut() {
            std::mem::swap(&mut self.used, &mut tracing.parked);
        }
        self.trim_used();
        if let Some(tracing) = self.tracing.as_deref_mut() {
            std::mem::swap(&mut self.used, &mut tracing.parked);
        }
    }

    /// [`Pools::trim`] on the `used` lists.
    fn trim_used(&mut self) {
        for class in 0..NB_SMALL_SIZE_CLASSES {
            let Some(pool) = self.used[class] else {
                continue;
            };
            // SAFETY: pools in `used` are in use; `&mut self`.
            let header = unsafe { pool.as_ref() };
            if header.in_use == 0 && header.next.is_none() {
                let arena = header.arena;
                self.unlink(pool, class);
                // SAFETY: rule 1 of `return_pool`: the pool came from `take_pool` with this
                // arena number and leaves `used` now, once; rule 2: no block is in use.
                unsafe { self.arenas.return_pool(arena, pool.cast()) };
            }
        }
    }

    /// Links a pool that is in no list at the head of `used[class]`.
    fn push_front(&mut self, mut pool: NonNull<PoolHeader>, class: usize) {
        let head = self.used[class];
        if let Some(mut head) = head {
            // SAFETY: pools in `used` are in use; this is another pool than `pool`.
            unsafe { head.as_mut() }.prev = Some(pool);
        }
        // SAFETY: the caller's pool is in use; no other reference to its header is alive.
        let header = unsafe { pool.as_mut() };
        header.prev = None;
        header.next = head;
        self.used[class] = Some(pool);
    }

    /// Takes a pool out of `used[class]`.
    fn unlink(&mut self, mut pool: NonNull<PoolHeader>, class: usize) {
        // SAFETY: the pool is in use and linked; no other reference to its header is alive.
        let header = unsafe { pool.as_mut() };
        let (prev, next) = (header.prev.take(), header.next.take());
        match prev {
            // SAFETY: a neighbour in `used` is another pool in use.
            Some(mut prev) => unsafe { prev.as_mut() }.next = next,
            None => self.used[class] = next,
        }
        if let Some(mut next) = next {
            // SAFETY: as above.
            unsafe { next.as_mut() }.prev = prev;
        }
    }
}

/// The allocator's statistics for this thread's heap (`sys._debugmallocstats()`).
///
/// ```
/// use pyobj::{pool, Gc};
///
/// let object = Gc::new((1_i64, 2_i64)); // 16-byte header + 16-byte value
/// let stats = pool::stats();
/// let class = stats.classes.iter().find(|class| class.size == 32).unwrap();
/// assert!(class.blocks_in_use >= 1);
/// println!("{stats}");
/// # drop(object);
/// ```
pub fn stats() -> PoolStats {
    crate::heap::with_heap(|heap| heap.pools.stats())
}

impl Drop for Pools {
    /// Gives the idle pools back first, so that the arenas' own `Drop` frees every arena
    /// with no block in use (and leaks, on purpose, those that still hold one).
    fn drop(&mut self) {
        self.stop_tracing();
        self.trim();
    }
}

/// What one size class holds (a row of CPython's `sys._debugmallocstats()`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeClassStats {
    /// Bytes per block.
    pub size: usize,
    /// Pools of this class in use.
    pub pools: usize,
    /// Blocks handed out and not freed.
    pub blocks_in_use: usize,
    /// Blocks of those pools that can be handed out (freed or never carved).
    pub blocks_free: usize,
}

/// A snapshot of the pool allocator of the current thread, as CPython's
/// `sys._debugmallocstats()` reports pymalloc.
///
/// Every byte of every arena held is accounted for exactly once by the byte fields:
/// their sum, [`PoolStats::total_bytes`], equals [`PoolStats::arena_bytes`].
/// `Display` prints the same table as CPython (without a final newline).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolStats {
    /// One entry per size class, all [`NB_SMALL_SIZE_CLASSES`] of them, smallest first.
    pub classes: Vec<SizeClassStats>,
    /// Arenas ever taken from the system.
    pub arenas_allocated_total: usize,
    /// Arenas given back to the system.
    pub arenas_reclaimed: usize,
    /// The most arenas held at once.
    pub arenas_highwater: usize,
    /// Arenas held now.
    pub arenas_current: usize,
    /// Bytes in blocks handed out.
    pub allocated_block_bytes: usize,
    /// Bytes in free blocks of pools in use (freed or not carved yet).
    pub available_block_bytes: usize,
    /// Pools not in use in the arenas held (given back or never touched).
    pub free_pools: usize,
    /// Bytes taken by the headers of the pools in use.
    pub pool_header_bytes: usize,
    /// Bytes at the end of pools in use, too few for one more block.
    pub quantization_bytes: usize,
    /// Bytes lost to align arenas to pools (always 0: arenas are allocated aligned).
    pub arena_alignment_bytes: usize,
}

impl PoolStats {
    /// Bytes held in arenas: `arenas_current * ARENA_SIZE`.
    pub fn arena_bytes(&self) -> usize {
        self.arenas_current * ARENA_SIZE
    }

    /// Bytes in free pools.
    pub fn free_pool_bytes(&self) -> usize {
        self.free_pools * POOL_SIZE
    }

    /// The sum of the byte counts: blocks, free pools, headers, quantization, alignment.
    pub fn total_bytes(&self) -> usize {
        self.allocated_block_bytes
            + self.available_block_bytes
            + self.free_pool_bytes()
            + self.pool_header_bytes
            + self.quantization_bytes
            + self.arena_alignment_bytes
    }
}

/// One `label = value` line of the summary: the label padded to 35 columns, the value
/// right-aligned in 21 with thousands separators.
fn summary_line(f: &mut fmt::Formatter<'_>, label: &str, value: usize) -> fmt::Result {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    write!(f, "{label:<35}={grouped:>21}")
}

impl fmt::Display for PoolStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Small block threshold = {SMALL_REQUEST_THRESHOLD}, in {NB_SMALL_SIZE_CLASSES} size classes."
        )?;
        writeln!(f)?;
        writeln!(f, "class   size   num pools   blocks in use  avail blocks")?;
        writeln!(f, "-----   ----   ---------   -------------  ------------")?;
        for (class, stats) in self.classes.iter().enumerate().filter(|(_, c)| c.pools > 0) {
            writeln!(
                f,
                "{class:5} {:6} {:11} {:15} {:13}",
                stats.size, stats.pools, stats.blocks_in_use, stats.blocks_free
            )?;
        }
        writeln!(f)?;
        let lines = [
            (
                "# arenas allocated total".to_owned(),
                self.arenas_allocated_total,
            ),
            ("# arenas reclaimed".to_owned(), self.arenas_reclaimed),
            ("# arenas highwater mark".to_owned(), self.arenas_highwater),
            ("# arenas allocated current".to_owned(), self.arenas_current),
            (
                format!("{} arenas * {ARENA_SIZE} bytes/arena", self.arenas_current),
                self.arena_bytes(),
            ),
        ];
        for (label, value) in &lines {
            summary_line(f, label, *value)?;
            writeln!(f)?;
        }
        writeln!(f)?;
        let lines = [
            (
                "# bytes in allocated blocks".to_owned(),
                self.allocated_block_bytes,
            ),
            (
                "# bytes in available blocks".to_owned(),
                self.available_block_bytes,
            ),
            (
                format!("{} unused pools * {POOL_SIZE} bytes", self.free_pools),
                self.free_pool_bytes(),
            ),
            (
                "# bytes lost to pool headers".to_owned(),
                self.pool_header_bytes,
            ),
            (
                "# bytes lost to quantization".to_owned(),
                self.quantization_bytes,
            ),
            (
                "# bytes lost to arena alignment".to_owned(),
                self.arena_alignment_bytes,
            ),
        ];
        for (label, value) in &lines {
            summary_line(f, label, *value)?;
            writeln!(f)?;
        }
        summary_line(f, "Total", self.total_bytes())
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{Layout, dealloc};

    use super::*;

    /// What the heap keeps in the first word of a live object.
    static VTABLE: u8 = 0;

    /// Allocates a block and marks it live, as the heap does.
    fn alloc_object(pools: &mut Pools, size: usize) -> NonNull<u8> {
        let block = pools.alloc(size);
        // SAFETY: a fresh block of at least 16 bytes, ours to write.
        unsafe { block.cast::<*const u8>().write(&VTABLE) };
        block
    }

    /// Frees a block; true if it was a traced one.
    fn free(pools: &mut Pools, block: NonNull<u8>, size: usize) -> bool {
        // SAFETY: the tests free only blocks they allocated with this size, once.
        let traced = unsafe { pools.free(block, size) };
        if let Some(traced) = traced {
            assert_eq!(traced, block);
        }
        traced.is_some()
    }

    /// The blocks `for_each_allocated` reports, by address.
    fn allocated(pools: &Pools) -> Vec<usize> {
        let mut blocks = Vec::new();
        pools.for_each_allocated(|block| blocks.push(block.addr().get()));
        blocks.sort_unstable();
        blocks
    }

    /// Blocks carved so far in the pool holding `block`.
    fn carved(block: NonNull<u8>) -> usize {
        // SAFETY: `block` is live, so its pool is in use and its header initialized.
        let header = unsafe { pool_of(block).as_ref() };
        (header.next_offset as usize - POOL_OVERHEAD) / header.block_size as usize
    }

    /// A small deterministic random sequence (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn requests_round_up_to_16_byte_size_classes() {
        assert_eq!(NB_SMALL_SIZE_CLASSES, 32);
        assert_eq!(POOL_OVERHEAD, 48, "the same header cost as CPython");
        assert_eq!(
            [class_of(1), class_of(16), class_of(17), class_of(512)],
            [0, 0, 1, 31]
        );
        assert_eq!(
            [class_size(0), class_size(1), class_size(31)],
            [16, 32, 512]
        );
        assert_eq!([blocks_per_pool(0), blocks_per_pool(31)], [1021, 31]);

        let mut pools = Pools::new();
        let a = alloc_object(&mut pools, 1);
        let b = alloc_object(&mut pools, 16);
        let c = alloc_object(&mut pools, 17);
        let d = alloc_object(&mut pools, 17);
        for block in [a, b, c, d] {
            assert_eq!(block.addr().get() % ALIGNMENT, 0);
        }
        assert_eq!(
            b.addr().get() - a.addr().get(),
            16,
            "1 and 16 bytes share class 0"
        );
        assert_eq!(
            d.addr().get() - c.addr().get(),
            32,
            "17 bytes take a 32-byte block"
        );
        assert_eq!(
            c.addr().get() % POOL_SIZE,
            POOL_OVERHEAD,
            "another class, another pool"
        );
        for (block, size) in [(a, 1), (b, 16), (c, 17), (d, 17)] {
            free(&mut pools, block, size);
        }
    }

    #[test]
    #[should_panic]
    fn a_request_over_the_threshold_panics() {
        Pools::new().alloc(SMALL_REQUEST_THRESHOLD + 1);
    }

    #[test]
    #[should_panic]
    fn a_zero_byte_request_panics() {
        Pools::new().alloc(0);
    }

    #[test]
    fn a_freed_block_is_reused_first_last_in_first_out() {
        let mut pools = Pools::new();
        let [a, b, c] = [(); 3].map(|()| alloc_object(&mut pools, 32));
        free(&mut pools, b, 32);
        free(&mut pools, a, 32);
        assert_eq!(
            alloc_object(&mut pools, 32),
            a,
            "the last freed comes back first"
        );
        assert_eq!(alloc_object(&mut pools, 32), b);
        let d = alloc_object(&mut pools, 32);
        assert_eq!(
            d.addr().get(),
            c.addr().get() + 32,
            "then fresh blocks again"
        );
        for block in [a, b, c, d] {
            free(&mut pools, block, 32);
        }
    }

    #[test]
    fn a_pool_carves_its_blocks_lazily() {
        let mut pools = Pools::new();
        let a = alloc_object(&mut pools, 64);
        assert_eq!(
            carved(a),
            2,
            "the block handed out and the next one, no more"
        );
        let b = alloc_object(&mut pools, 64);
        let c = alloc_object(&mut pools, 64);
        assert_eq!(carved(a), 4);
        free(&mut pools, b, 64);
        let b = alloc_object(&mut pools, 64);
        assert_eq!(carved(a), 4, "reusing a freed block carves nothing");
        assert_eq!(
            pools.arenas.untouched_of(0),
            1,
            "and one pool of the arena is touched"
        );
        for block in [a, b, c] {
            free(&mut pools, block, 64);
        }
    }

    #[test]
    fn a_full_pool_leaves_the_used_list_until_a_block_is_freed() {
        let mut pools = Pools::new();
        let first: Vec<_> = (0..31).map(|_| alloc_object(&mut pools, 512)).collect();
        assert_eq!(pools.used[31], None, "the pool is full");
        let other = alloc_object(&mut pools, 512);
        assert_ne!(pool_of(other), pool_of(first[0]), "a second pool");
        free(&mut pools, first[5], 512);
        assert_eq!(
            pools.used[31],
            Some(pool_of(first[0])),
            "back at the head of the list"
        );
        assert_eq!(alloc_object(&mut pools, 512), first[5]);
        assert_eq!(pools.stats().classes[31].pools, 2);
        for block in first.into_iter().chain([other]) {
            free(&mut pools, block, 512);
        }
    }

    #[test]
    fn an_empty_pool_goes_back_to_its_arena_for_any_class() {
        let mut pools = Pools::new();
        let small = alloc_object(&mut pools, 16);
        let large = alloc_object(&mut pools, 512);
        assert_eq!(pools.stats().free_pools, 62);
        free(&mut pools, small, 16);
        assert_eq!(
            pools.stats().classes[0].pools,
            1,
            "kept as the class's idle pool"
        );
        pools.trim();
        let stats = pools.stats();
        assert_eq!((stats.classes[0].pools, stats.free_pools), (0, 63));
        assert_eq!(pools.used[0], None);
        let mid = alloc_object(&mut pools, 256);
        assert_eq!(
            pool_of(mid),
            pool_of(small),
            "the emptied pool, before an untouched one"
        );
        assert_eq!(pools.arenas.untouched_of(0), 2);
        free(&mut pools, mid, 256);
        free(&mut pools, large, 512);
        pools.trim();
        let stats = pools.stats();
        assert_eq!(
            (stats.arenas_current, stats.free_pools),
            (1, 64),
            "the spare arena"
        );
    }

    #[test]
    fn the_last_pool_of_a_class_stays_idle_until_trimmed() {
        let mut pools = Pools::new();
        let block = alloc_object(&mut pools, 32);
        let pool = pool_of(block);
        free(&mut pools, block, 32);
        assert_eq!(
            pools.used[1],
            Some(pool),
            "kept, empty, for the next allocation"
        );
        assert_eq!(pools.stats().classes[1].pools, 1);
        let again = alloc_object(&mut pools, 32);
        assert_eq!(again, block, "the same block, without touching the arena");
        free(&mut pools, again, 32);
        pools.trim();
        assert_eq!(pools.used[1], None);
        assert_eq!(pools.stats().classes[1].pools, 0);
    }

    #[test]
    fn arenas_fill_up_and_drain_with_one_spare_kept() {
        let mut pools = Pools::new();
        let per_arena = 64 * blocks_per_pool(31);
        let blocks: Vec<_> = (0..2 * per_arena + 1)
            .map(|_| alloc_object(&mut pools, 512))
            .collect();
        let stats = pools.stats();
        assert_eq!((stats.arenas_allocated_total, stats.arenas_current), (3, 3));
        assert_eq!(stats.free_pools, 63);
        // The last arena holds one block; freeing it keeps that arena as the spare.
        free(&mut pools, blocks[2 * per_arena], 512);
        pools.trim();
        assert_eq!(
            (pools.stats().arenas_current, pools.stats().arenas_reclaimed),
            (3, 0)
        );
        // Draining the first arena too gives it back: a spare is already kept.
        for &block in &blocks[..per_arena] {
            free(&mut pools, block, 512);
        }
        pools.trim();
        let stats = pools.stats();
        assert_eq!((stats.arenas_current, stats.arenas_reclaimed), (2, 1));
        assert_eq!(stats.arenas_highwater, 3);
        for &block in &blocks[per_arena..2 * per_arena] {
            free(&mut pools, block, 512);
        }
        pools.trim();
        assert_eq!(pools.stats().arenas_current, 1);
        assert_eq!(pools.blocks_in_use(), 0);
    }

    #[test]
    fn for_each_allocated_reports_exactly_the_live_blocks() {
        let steps = if cfg!(miri) { 3_000 } else { 200_000 };
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut pools = Pools::new();
        let mut live: Vec<(NonNull<u8>, usize)> = Vec::new();
        for step in 0..steps {
            if live.is_empty() || rng.below(5) < 3 {
                let size = 1 + rng.below(SMALL_REQUEST_THRESHOLD);
                live.push((alloc_object(&mut pools, size), size));
            } else {
                let (block, size) = live.swap_remove(rng.below(live.len()));
                free(&mut pools, block, size);
            }
            if step % (steps / 10) == 0 {
                let mut expected: Vec<usize> = live.iter().map(|(b, _)| b.addr().get()).collect();
                expected.sort_unstable();
                assert_eq!(allocated(&pools), expected);
                assert_eq!(pools.blocks_in_use(), live.len());
                let stats = pools.stats();
                for (class, row) in stats.classes.iter().enumerate() {
                    let count = live.iter().filter(|&&(_, s)| class_of(s) == class).count();
                    assert_eq!(row.blocks_in_use, count, "class {class}");
                    assert_eq!(
                        row.blocks_in_use + row.blocks_free,
                        row.pools * blocks_per_pool(class)
                    );
                }
                assert_eq!(stats.total_bytes(), stats.arena_bytes());
            }
        }
        let unwritten = pools.alloc(48);
        assert_eq!(
            allocated(&pools).len(),
            live.len(),
            "not an object until the heap writes it"
        );
        free(&mut pools, unwritten, 48);
        for (block, size) in live {
            free(&mut pools, block, size);
        }
        assert_eq!(allocated(&pools), []);
    }

    /// Two 16-byte objects and one of 500 bytes, one 16-byte object freed.
    fn small_scene() -> (Pools, [NonNull<u8>; 3]) {
        let mut pools = Pools::new();
        let a = alloc_object(&mut pools, 16);
        let b = alloc_object(&mut pools, 16);
        let c = alloc_object(&mut pools, 16);
        let d = alloc_object(&mut pools, 500);
        free(&mut pools, b, 16);
        (pools, [a, c, d])
    }

    fn free_scene(mut pools: Pools, [a, c, d]: [NonNull<u8>; 3]) {
        free(&mut pools, a, 16);
        free(&mut pools, c, 16);
        free(&mut pools, d, 500);
    }

    #[test]
    fn stats_count_every_block_and_byte_exactly() {
        let (pools, blocks) = small_scene();
        let stats = pools.stats();
        assert_eq!(stats.classes.len(), 32);
        let row = |size, pools, blocks_in_use, blocks_free| SizeClassStats {
            size,
            pools,
            blocks_in_use,
            blocks_free,
        };
        assert_eq!(stats.classes[0], row(16, 1, 2, 1019));
        assert_eq!(stats.classes[31], row(512, 1, 1, 30));
        assert_eq!(stats.classes[1], row(32, 0, 0, 0));
        assert_eq!(stats.classes.iter().filter(|c| c.pools > 0).count(), 2);
        assert_eq!(stats.arenas_allocated_total, 1);
        assert_eq!(stats.arenas_reclaimed, 0);
        assert_eq!(stats.arenas_highwater, 1);
        assert_eq!(stats.arenas_current, 1);
        assert_eq!(stats.allocated_block_bytes, 2 * 16 + 512);
        assert_eq!(stats.available_block_bytes, 1019 * 16 + 30 * 512);
        assert_eq!(stats.free_pools, 62);
        assert_eq!(stats.pool_header_bytes, 2 * 48);
        assert_eq!(stats.quantization_bytes, (16384 - 48) % 512);
        assert_eq!(stats.arena_alignment_bytes, 0);
        assert_eq!(stats.total_bytes(), ARENA_SIZE);
        assert_eq!(pools.blocks_in_use(), 3);
        free_scene(pools, blocks);
    }

    #[test]
    fn display_prints_the_table_of_cpython_debugmallocstats() {
        let (pools, blocks) = small_scene();
        let expected = "\
Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
    0     16           1               2          1019
   31    512           1               1            30

# arenas allocated total           =                    1
# arenas reclaimed                 =                    0
# arenas highwater mark            =                    1
# arenas allocated current         =                    1
1 arenas * 1048576 bytes/arena     =            1,048,576

# bytes in allocated blocks        =                  544
# bytes in available blocks        =               31,664
62 unused pools * 16384 bytes      =            1,015,808
# bytes lost to pool headers       =                   96
# bytes lost to quantization       =                  464
# bytes lost to arena alignment    =                    0
Total                              =            1,048,576";
        assert_eq!(pools.stats().to_string(), expected);
        free_scene(pools, blocks);
    }

    #[test]
    fn release_all_frees_every_arena_and_starts_over() {
        let mut pools = Pools::new();
        for size in [16, 100, 512] {
            alloc_object(&mut pools, size);
        }
        // SAFETY: the blocks above are never used again.
        unsafe { pools.release_all() };
        let stats = pools.stats();
        assert_eq!((stats.arenas_current, stats.arenas_reclaimed), (0, 1));
        assert_eq!(pools.blocks_in_use(), 0);
        assert_eq!(allocated(&pools), []);
        let again = alloc_object(&mut pools, 16);
        assert_eq!(pools.stats().arenas_allocated_total, 2);
        free(&mut pools, again, 16);
    }

    /// Allocates a block and marks it live, as the heap does; true if it is traced.
    fn alloc_traced_object(pools: &mut Pools, size: usize) -> (NonNull<u8>, bool) {
        let (block, traced) = match pools.alloc_fast(size) {
            Some(block) => (block, false),
            None => pools.alloc_slow(size),
        };
        // SAFETY: a fresh block of at least 16 bytes, ours to write.
        unsafe { block.cast::<*const u8>().write(&VTABLE) };
        (block, traced)
    }

    /// The accounting every test of tracing checks: the live blocks are exactly those
    /// reported, counted per class, and every byte of every arena is counted once.
    fn check_accounting(pools: &Pools, live: &[(NonNull<u8>, usize, bool)]) {
        let mut expected: Vec<usize> = live.iter().map(|(b, ..)| b.addr().get()).collect();
        expected.sort_unstable();
        assert_eq!(allocated(pools), expected);
        assert_eq!(pools.blocks_in_use(), live.len());
        let stats = pools.stats();
        for (class, row) in stats.classes.iter().enumerate() {
            let count = live
                .iter()
                .filter(|&&(_, s, _)| class_of(s) == class)
                .count();
            assert_eq!(row.blocks_in_use, count, "class {class}");
            assert_eq!(
                row.blocks_in_use + row.blocks_free,
                row.pools * blocks_per_pool(class)
            );
        }
        assert_eq!(stats.total_bytes(), stats.arena_bytes());
    }

    #[test]
    fn tracing_hands_out_blocks_of_traced_pools_and_reports_only_their_frees() {
        let mut pools = Pools::new();
        let (before, traced) = alloc_traced_object(&mut pools, 32);
        assert!(!traced);
        pools.start_tracing();
        assert_eq!(
            pools.alloc_fast(32),
            None,
            "the fast path misses while tracing"
        );
        let (a, traced_a) = alloc_traced_object(&mut pools, 32);
        let (b, traced_b) = alloc_traced_object(&mut pools, 32);
        assert!(traced_a && traced_b);
        assert_ne!(pool_of(a), pool_of(before), "a pool of its own");
        assert_eq!(pool_of(a), pool_of(b));
        assert_eq!(b.addr().get() - a.addr().get(), 32, "carved one by one");
        assert!(!free(&mut pools, before, 32), "untraced: not reported");
        assert!(free(&mut pools, a, 32), "traced: reported");
        let (again, traced) = alloc_traced_object(&mut pools, 32);
        assert_eq!((again, traced), (a, true), "a traced block is reused first");
        check_accounting(&pools, &[(a, 32, true), (b, 32, true)]);
        assert_eq!(pools.stats().classes[1].pools, 2);
        pools.start_tracing();
        pools.stop_tracing();
        pools.stop_tracing();
        assert!(
            !free(&mut pools, a, 32),
            "tracing stopped: nothing is reported"
        );
        assert_eq!(
            pools.alloc_fast(32),
            Some(a),
            "the traced pool is a used pool again, its freed block first"
        );
        assert!(!free(&mut pools, a, 32));
        assert!(!free(&mut pools, b, 32));
        pools.trim();
        let stats = pools.stats();
        assert_eq!((stats.classes[1].pools, stats.free_pools), (0, 64));
        assert_eq!(pools.blocks_in_use(), 0);
    }

    #[test]
    fn a_full_pool_freed_into_while_tracing_is_used_again_after() {
        let mut pools = Pools::new();
        let full: Vec<_> = (0..31).map(|_| alloc_object(&mut pools, 512)).collect();
        assert_eq!(pools.used[31], None, "the pool is full");
        pools.start_tracing();
        let (traced, _) = alloc_traced_object(&mut pools, 512);
        assert!(!free(&mut pools, full[3], 512));
        let (next, is_traced) = alloc_traced_object(&mut pools, 512);
        assert!(is_traced);
        assert_ne!(next, full[3], "tracing hands out traced blocks only");
        pools.stop_tracing();
        let mut used = Vec::new();
        let mut next_pool = pools.used[31];
        while let Some(pool) = next_pool {
            used.push(pool);
            // SAFETY: pools in `used` are in use.
            next_pool = unsafe { pool.as_ref() }.next;
        }
        assert_eq!(
            used,
            [pool_of(traced), pool_of(full[0])],
            "the traced pool filed as used, and the pool freed into"
        );
        let freed = full[3];
        for block in full.into_iter().filter(|&block| block != freed) {
            assert!(!free(&mut pools, block, 512));
        }
        assert!(!free(&mut pools, traced, 512), "tracing stopped");
        assert!(!free(&mut pools, next, 512));
        pools.trim();
        assert_eq!(pools.stats().free_pools, 64);
    }

    #[test]
    fn tracing_on_and_off_keeps_every_count() {
        let steps = if cfg!(miri) { 2_000 } else { 100_000 };
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut pools = Pools::new();
        // Each live block with its size and whether it is traced (handed out since
        // tracing last started).
        let mut live: Vec<(NonNull<u8>, usize, bool)> = Vec::new();
        let mut tracing = false;
        for step in 0..steps {
            if rng.below(500) == 0 {
                if tracing {
                    pools.stop_tracing();
                    for entry in &mut live {
                        entry.2 = false;
                    }
                } else {
                    pools.start_tracing();
                }
                tracing = !tracing;
            }
            if rng.below(1000) == 0 {
                pools.trim();
            }
            if live.is_empty() || rng.below(5) < 3 {
                // Mostly small classes, so pools fill and empty.
                let size = if rng.below(4) == 0 {
                    1 + rng.below(SMALL_REQUEST_THRESHOLD)
                } else {
                    1 + rng.below(64)
                };
                let (block, traced) = alloc_traced_object(&mut pools, size);
                assert_eq!(traced, tracing, "step {step}");
                live.push((block, size, traced));
            } else {
                let (block, size, traced) = live.swap_remove(rng.below(live.len()));
                assert_eq!(free(&mut pools, block, size), traced, "step {step}");
            }
            if step % (steps / 20) == 0 {
                check_accounting(&pools, &live);
            }
        }
        pools.stop_tracing();
        check_accounting(&pools, &live);
        for (block, size, _) in live {
            assert!(!free(&mut pools, block, size));
        }
        pools.trim();
        let stats = pools.stats();
        assert_eq!((stats.arenas_current, stats.free_pools), (1, 64));
    }

    #[test]
    fn release_all_and_drop_while_tracing_leave_nothing_behind() {
        let mut pools = Pools::new();
        pools.start_tracing();
        for size in [16, 100, 512] {
            alloc_traced_object(&mut pools, size);
        }
        // SAFETY: the blocks above are never used again.
        unsafe { pools.release_all() };
        assert_eq!(pools.blocks_in_use(), 0);
        let (block, traced) = alloc_traced_object(&mut pools, 16);
        assert!(traced, "still tracing");
        assert!(free(&mut pools, block, 16));
        let (kept, _) = alloc_traced_object(&mut pools, 48);
        assert!(free(&mut pools, kept, 48));
        // Dropped while tracing: the traced pools are filed, emptied ones given back, and
        // Miri's leak check sees every arena freed.
        drop(pools);
    }

    #[test]
    fn drop_keeps_an_arena_that_still_holds_a_block() {
        let mut pools = Pools::new();
        let block = alloc_object(&mut pools, 32);
        let base = pools.arenas.base_of(0);
        drop(pools);
        // SAFETY: the arena was leaked, not freed, so the block is still readable (Miri
        // would report a use after free otherwise).
        let first = unsafe { block.cast::<*const u8>().read() };
        assert_eq!(first, &raw const VTABLE);
        let layout = Layout::from_size_align(ARENA_SIZE, POOL_SIZE).unwrap();
        // SAFETY: the leaked arena was allocated with this layout; free it so Miri's leak
        // check passes.
        unsafe { dealloc(base.as_ptr(), layout) };
    }
}
