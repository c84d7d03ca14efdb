//! Arenas: the 1 MiB chunks of memory the [pools](crate::pool) are cut from (seed
//! level 5: "Python pre-allocates memory in chunks").
//!
//! An arena is one allocation of [`ARENA_SIZE`] bytes from the system allocator, aligned
//! to [`POOL_SIZE`], so it holds exactly [`POOLS_PER_ARENA`] pools and every pool starts
//! on a `POOL_SIZE` boundary (which is what lets a block find its pool by masking its
//! address). Arenas come from `std::alloc`, never `mmap`, so Miri can check all of this.
//!
//! # The life of a pool inside its arena
//! * **Untouched**: a fresh arena hands out its pools in address order, one at a time,
//!   as they are asked for (`untouched` is the index of the next one). Memory nobody
//!   asked for yet is never written.
//! * **In use**: the pool allocator owns it and writes its header and blocks.
//! * **Free**: the pool emptied and came back. Its bit is set in the arena's free set, and
//!   it is handed out again before any untouched pool, so a busy arena stays compact.
//!
//! # Which arena gives the next pool
//! The arenas that still have a free or untouched pool form the *usable* list, sorted by
//! how many such pools they have, fewest first. A new pool always comes from the head:
//! the fullest arena. Filling the nearly full arenas first lets the nearly empty ones
//! drain completely, and an arena whose pools are all free goes back to the system.
//! Freeing an arena only to allocate another a moment later would be wasteful, so one
//! completely free arena is kept as a spare; a second one is released at once.
//!
//! Keeping the list sorted is O(1) per change: a count only ever moves by one, and
//! `last_with[n]` remembers the rightmost usable arena holding `n` free pools, which is
//! exactly where an arena whose count has just become `n` belongs.

use std::alloc::{self, Layout};
use std::ops::ControlFlow;
use std::ptr::NonNull;

use crate::pool::POOL_SIZE;

/// Bytes in one arena (1 MiB, as in CPython on 64-bit platforms).
pub const ARENA_SIZE: usize = 1 << 20;

/// Pools in one arena.
pub(crate) const POOLS_PER_ARENA: usize = ARENA_SIZE / POOL_SIZE;

// The free set of an arena is one bit per pool in a `u64`.
const _: () = assert!(POOLS_PER_ARENA == u64::BITS as usize);

/// How an arena is asked of the system allocator.
const ARENA_LAYOUT: Layout = match Layout::from_size_align(ARENA_SIZE, POOL_SIZE) {
    Ok(layout) => layout,
    Err(_) => panic!("ARENA_SIZE and POOL_SIZE do not make a layout"),
};

/// "No arena" in the index links below.
const NONE: u32 = u32::MAX;

/// The bookkeeping of one arena. The arena's memory holds only pools.
struct Arena {
    /// The arena's memory, or `None` while this slot waits to be reused.
    base: Option<NonNull<u8>>,
    /// Bit `i` is set when pool `i` was used, emptied and given back.
    free_set: u64,
    /// Pools `0..untouched` have been handed out at least once.
    untouched: u32,
    /// Pools that can be handed out: the free set plus the untouched tail.
    nfree: u32,
    /// Neighbours in the usable list; for an unused slot, `next` chains the unused slots.
    prev: u32,
    next: u32,
}

/// Every arena of one heap, and the order in which they give out pools.
pub(crate) struct Arenas {
    /// Arena bookkeeping, indexed by the arena number stored in each pool's header.
    slots: Vec<Arena>,
    /// First slot whose arena was given back to the system (chained through `next`).
    unused: u32,
    /// Head of the usable list: arenas with a pool to give, fewest free pools first.
    usable: u32,
    /// `last_with[n]`: the rightmost usable arena with `n` free pools (`NONE` if none).
    last_with: [u32; POOLS_PER_ARENA + 1],
    /// Arenas ever taken from the system.
    allocated_total: usize,
    /// Arenas given back to the system.
    reclaimed: usize,
    /// The most arenas held at once.
    highwater: usize,
    /// Arenas held now.
    current: usize,
}

impl Arenas {
    /// No arena yet; the first pool request allocates one.
    pub(crate) const fn new() -> Self {
        Arenas {
            slots: Vec::new(),
            unused: NONE,
            usable: NONE,
            last_with: [NONE; POOLS_PER_ARENA + 1],
            allocated_total: 0,
            reclaimed: 0,
            highwater: 0,
            current: 0,
        }
    }

    /// A pool for the pool allocator to use, and the number of the arena it lies in.
    ///
    /// The pool is `POOL_SIZE` bytes, `POOL_SIZE`-aligned, and belongs to the caller until
    /// it is passed to [`Arenas::return_pool`]; its contents are unspecified. Calls
    /// [`alloc::handle_alloc_error`] if a new arena is needed and the system has none.
    pub(crate) fn take_pool(&mut self) -> (NonNull<u8>, u32) {
        if self.usable == NONE {
            self.new_arena();
        }
        let index = self.usable;
        let arena = &mut self.slots[index as usize];
        let base = arena.base.expect("a usable arena has memory");
        let pool_index = if arena.free_set != 0 {
            let lowest = arena.free_set.trailing_zeros();
            arena.free_set &= arena.free_set - 1;
            lowest
        } else {
            arena.untouched += 1;
            arena.untouched - 1
        };
        let had = arena.nfree as usize;
        arena.nfree -= 1;
        // The head has the fewest free pools; with one fewer it stays the head, and it is
        // alone in its new group (every other arena has at least `had`).
        if self.last_with[had] == index {
            self.last_with[had] = NONE;
        }
        if had == 1 {
            self.unlink(index);
        } else {
            debug_assert_eq!(self.last_with[had - 1], NONE);
            self.last_with[had - 1] = index;
        }
        // SAFETY: `pool_index < POOLS_PER_ARENA`, so the pool lies inside the arena's
        // allocation of `POOLS_PER_ARENA * POOL_SIZE` bytes.
        let pool = unsafe { base.add(pool_index as usize * POOL_SIZE) };
        (pool, index)
    }

    /// Gives a pool back to its arena. An arena whose pools are then all free is given
    /// back to the system, unless it is the only such arena (the spare).
    ///
    /// # Safety
    /// 1. `pool` and `arena` were returned together by [`Arenas::take_pool`] of `self`,
    ///    and the pool was not given back since.
    /// 2. Nothing in the pool is used any more: its memory may be handed out again or
    ///    returned to the system.
    pub(crate) unsafe fn return_pool(&mut self, arena: u32, pool: NonNull<u8>) {
        let index = arena;
        let slot = &mut self.slots[index as usize];
        let base = slot.base.expect("a pool's arena has memory");
        let pool_index = (pool.addr().get() - base.addr().get()) / POOL_SIZE;
        debug_assert!(pool_index < slot.untouched as usize);
        debug_assert_eq!(slot.free_set & (1 << pool_index), 0, "pool returned twice");
        slot.free_set |= 1 << pool_index;
        if slot.nfree == 0 {
            // It was full, so it was not usable: it becomes the fullest usable arena.
            slot.nfree = 1;
            self.push_front(index);
            if self.last_with[1] == NONE {
                self.last_with[1] = index;
            }
            return;
        }
        self.add_free_pool(index);
        if self.slots[index as usize].nfree as usize == POOLS_PER_ARENA {
            // All free. The free arenas sit together at the end of the list and this one
            // is the rightmost, so a spare already kept is right before it.
            let prev = self.slots[index as usize].prev;
            if prev != NONE && self.slots[prev as usize].nfree as usize == POOLS_PER_ARENA {
                self.release(index);
            }
        }
    }

    /// Calls `f` with every pool that is in use: handed out and not given back.
    pub(crate) fn for_each_pool_in_use(&self, mut f: impl FnMut(NonNull<u8>)) {
        let _ = self.try_for_each_pool_in_use(|pool| {
            f(pool);
            ControlFlow::<()>::Continue(())
        });
    }

    /// [`Arenas::for_each_pool_in_use`], stopping at the first `Break`.
    pub(crate) fn try_for_each_pool_in_use<B>(
        &self,
        mut f: impl FnMut(NonNull<u8>) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        for arena in &self.slots {
            let Some(base) = arena.base else { continue };
            for pool_index in 0..arena.untouched as usize {
                if arena.free_set & (1 << pool_index) == 0 {
                    // SAFETY: `pool_index < untouched <= POOLS_PER_ARENA`: inside the arena.
                    f(unsafe { base.add(pool_index * POOL_SIZE) })?;
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Pools that can be handed out without a new arena: free plus untouched.
    pub(crate) fn free_pools(&self) -> usize {
        self.slots
            .iter()
            .filter(|a| a.base.is_some())
            .map(|a| a.nfree as usize)
            .sum()
    }

    /// Arenas ever taken from the system.
    pub(crate) fn allocated_total(&self) -> usize {
        self.allocated_total
    }

    /// Arenas given back to the system.
    pub(crate) fn reclaimed(&self) -> usize {
        self.reclaimed
    }

    /// The most arenas held at once.
    pub(crate) fn highwater(&self) -> usize {
        self.highwater
    }

    /// Arenas held now.
    pub(crate) fn current(&self) -> usize {
        self.current
    }

    /// Gives every arena back to the system and starts over with none (the counters of
    /// arenas allocated and reclaimed keep counting).
    ///
    /// # Safety
    /// No pool is used any more: all their memory is freed.
    pub(crate) unsafe fn release_all(&mut self) {
        for arena in &mut self.slots {
            if let Some(base) = arena.base.take() {
                // SAFETY: `base` came from `alloc::alloc(ARENA_LAYOUT)` in `new_arena`
                // and was not freed (it is taken out of the slot); the caller promises
                // nothing in it is used.
                unsafe { alloc::dealloc(base.as_ptr(), ARENA_LAYOUT) };
            }
        }
        self.slots.clear();
        self.unused = NONE;
        self.usable = NONE;
        self.last_with = [NONE; POOLS_PER_ARENA + 1];
        self.reclaimed += self.current;
        self.current = 0;
    }

    /// Takes a new arena from the system; it becomes the only usable arena.
    #[cold]
    fn new_arena(&mut self) {
        debug_assert_eq!(self.usable, NONE);
        // SAFETY: `ARENA_LAYOUT` has a non-zero size.
        let memory = unsafe { alloc::alloc(ARENA_LAYOUT) };
        let Some(base) = NonNull::new(memory) else {
            alloc::handle_alloc_error(ARENA_LAYOUT)
        };
        let arena = Arena {
            base: Some(base),
            free_set: 0,
            untouched: 0,
            nfree: POOLS_PER_ARENA as u32,
            prev: NONE,
            next: NONE,
        };
        let index = if self.unused != NONE {
            let index = self.unused;
            self.unused = self.slots[index as usize].next;
            self.slots[index as usize] = arena;
            index
        } else {
            self.slots.push(arena);
            u32::try_from(self.slots.len() - 1).expect("fewer than 2^32 arenas")
        };
        self.usable = index;
        self.last_with[POOLS_PER_ARENA] = index;
        self.allocated_total += 1;
        self.current += 1;
        self.highwater = self.highwater.max(self.current);
    }

    /// Gives a completely free arena back to the system.
    fn release(&mut self, index: u32) {
        let prev = self.slots[index as usize].prev;
        if self.last_with[POOLS_PER_ARENA] == index {
            let prev_is_free =
                prev != NONE && self.slots[prev as usize].nfree as usize == POOLS_PER_ARENA;
            self.last_with[POOLS_PER_ARENA] = if prev_is_free { prev } else { NONE };
        }
        self.unlink(index);
        let arena = &mut self.slots[index as usize];
        let base = arena.base.take().expect("a released arena has memory");
        arena.next = self.unused;
        self.unused = index;
        // SAFETY: `base` came from `alloc::alloc(ARENA_LAYOUT)` in `new_arena` and is freed
        // once (it was taken out of the slot); all its pools were given back, and
        // `return_pool`'s caller promised nothing in them is used.
        unsafe { alloc::dealloc(base.as_ptr(), ARENA_LAYOUT) };
        self.current -= 1;
        self.reclaimed += 1;
    }

    /// One more free pool in a usable arena: moves it to its place in the sorted list,
    /// as the rightmost arena of its new count.
    fn add_free_pool(&mut self, index: u32) {
        let had = self.slots[index as usize].nfree as usize;
        let now = had + 1;
        // Right after the last arena that already has `now` free pools, or else after
        // the last one that had `had` (which may be this arena itself: then it stays).
        let anchor = if self.last_with[now] != NONE {
            self.last_with[now]
        } else {
            self.last_with[had]
        };
        if self.last_with[had] == index {
            let prev = self.slots[index as usize].prev;
            let prev_had = prev != NONE && self.slots[prev as usize].nfree as usize == had;
            self.last_with[had] = if prev_had { prev } else { NONE };
        }
        self.slots[index as usize].nfree = now as u32;
        if anchor != index {
            self.unlink(index);
            self.insert_after(anchor, index);
        }
        self.last_with[now] = index;
    }

    /// Takes an arena out of the usable list (its `last_with` entries are the caller's).
    fn unlink(&mut self, index: u32) {
        let Arena { prev, next, .. } = self.slots[index as usize];
        if prev == NONE {
            self.usable = next;
        } else {
            self.slots[prev as usize].next = next;
        }
        if next != NONE {
            self.slots[next as usize].prev = prev;
        }
        let arena = &mut self.slots[index as usize];
        arena.prev = NONE;
        arena.next = NONE;
    }

    /// Puts an arena that is not in the usable list at its head.
    fn push_front(&mut self, index: u32) {
        let head = self.usable;
        if head != NONE {
            self.slots[head as usize].prev = index;
        }
        let arena = &mut self.slots[index as usize];
        arena.prev = NONE;
        arena.next = head;
        self.usable = index;
    }

    /// Puts an arena that is not in the usable list right after `anchor`, which is.
    fn insert_after(&mut self, anchor: u32, index: u32) {
        let next = self.slots[anchor as usize].next;
        self.slots[anchor as usize].next = index;
        if next != NONE {
            self.slots[next as usize].prev = index;
        }
        let arena = &mut self.slots[index as usize];
        arena.prev = anchor;
        arena.next = next;
    }
}

impl Drop for Arenas {
    /// Gives back every arena whose pools are all free. An arena with a pool in use is
    /// leaked on purpose: other code may still point into it.
    fn drop(&mut self) {
        for arena in &self.slots {
            if let Some(base) = arena.base
                && arena.nfree as usize == POOLS_PER_ARENA
            {
                // SAFETY: `base` came from `alloc::alloc(ARENA_LAYOUT)` in `new_arena` and
                // was not freed (freed arenas have no `base`); no pool of it is in use.
                unsafe { alloc::dealloc(base.as_ptr(), ARENA_LAYOUT) };
            }
        }
    }
}

#[cfg(test)]
impl Arenas {
    /// The usable list, head first, as (arena number, free pools).
    fn usable_order(&self) -> Vec<(u32, usize)> {
        let mut order = Vec::new();
        let mut index = self.usable;
        while index != NONE {
            let arena = &self.slots[index as usize];
            order.push((index, arena.nfree as usize));
            index = arena.next;
        }
        order
    }

    /// Start of arena `index`'s memory.
    pub(crate) fn base_of(&self, index: u32) -> NonNull<u8> {
        self.slots[index as usize].base.expect("a held arena")
    }

    /// Pools of arena `index` handed out at least once.
    pub(crate) fn untouched_of(&self, index: u32) -> usize {
        self.slots[index as usize].untouched as usize
    }

    /// Checks the sorted usable list and `last_with` against the arenas.
    fn check(&self) {
        let order = self.usable_order();
        assert!(
            order.windows(2).all(|w| w[0].1 <= w[1].1),
            "sorted: {order:?}"
        );
        for n in 1..=POOLS_PER_ARENA {
            let expected = order
                .iter()
                .rev()
                .find(|&&(_, free)| free == n)
                .map(|&(i, _)| i);
            assert_eq!(
                self.last_with[n],
                expected.unwrap_or(NONE),
                "last_with[{n}]"
            );
        }
        let spares = order
            .iter()
            .filter(|&&(_, free)| free == POOLS_PER_ARENA)
            .count();
        assert!(spares <= 1, "at most one spare arena: {order:?}");
        for arena in self.slots.iter().filter(|a| a.base.is_some()) {
            let counted = arena.free_set.count_ones() + (POOLS_PER_ARENA as u32 - arena.untouched);
            assert_eq!(arena.nfree, counted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `n` pools, all from the arena numbered `arena`.
    fn take_from(arenas: &mut Arenas, arena: u32, n: usize) -> Vec<NonNull<u8>> {
        (0..n)
            .map(|_| {
                let (pool, from) = arenas.take_pool();
                assert_eq!(from, arena);
                arenas.check();
                pool
            })
            .collect()
    }

    /// Gives back pools taken from `arena`.
    fn give_back(arenas: &mut Arenas, arena: u32, pools: impl IntoIterator<Item = NonNull<u8>>) {
        for pool in pools {
            // SAFETY: the tests only give back pools they took from that arena, once, and
            // never write into them.
            unsafe { arenas.return_pool(arena, pool) };
            arenas.check();
        }
    }

    #[test]
    fn an_arena_holds_64_aligned_pools_carved_in_address_order() {
        assert_eq!(POOLS_PER_ARENA, 64);
        let mut arenas = Arenas::new();
        let pools = take_from(&mut arenas, 0, 3);
        let base = arenas.base_of(0);
        assert_eq!(base.addr().get() % POOL_SIZE, 0);
        for (i, pool) in pools.iter().enumerate() {
            assert_eq!(pool.addr().get(), base.addr().get() + i * POOL_SIZE);
        }
        assert_eq!(
            arenas.untouched_of(0),
            3,
            "only the pools asked for are carved"
        );
        assert_eq!(arenas.free_pools(), 61);
        give_back(&mut arenas, 0, pools);
    }

    #[test]
    fn a_returned_pool_is_reused_before_an_untouched_one() {
        let mut arenas = Arenas::new();
        let pools = take_from(&mut arenas, 0, 3);
        give_back(&mut arenas, 0, [pools[1]]);
        assert_eq!(arenas.free_pools(), 62);
        let again = take_from(&mut arenas, 0, 1);
        assert_eq!(again[0], pools[1]);
        assert_eq!(arenas.untouched_of(0), 3);
        give_back(&mut arenas, 0, pools);
    }

    #[test]
    fn a_new_pool_comes_from_the_fullest_arena() {
        let mut arenas = Arenas::new();
        let a = take_from(&mut arenas, 0, 64);
        let b = take_from(&mut arenas, 1, 64);
        let c = take_from(&mut arenas, 2, 1);
        give_back(&mut arenas, 1, b[..5].iter().copied());
        give_back(&mut arenas, 0, a[..3].iter().copied());
        assert_eq!(arenas.usable_order(), [(0, 3), (1, 5), (2, 63)]);
        let mut a_again = take_from(&mut arenas, 0, 1);
        give_back(&mut arenas, 0, a[3..7].iter().copied());
        assert_eq!(arenas.usable_order(), [(1, 5), (0, 6), (2, 63)]);
        let b_again = take_from(&mut arenas, 1, 1);
        assert_eq!(
            b_again[0], b[0],
            "the lowest free pool of the fullest arena"
        );

        a_again.extend(&a[7..]);
        give_back(&mut arenas, 0, a_again);
        give_back(
            &mut arenas,
            1,
            b_again.into_iter().chain(b[5..].iter().copied()),
        );
        give_back(&mut arenas, 2, c);
        assert_eq!(arenas.current(), 1);
    }

    #[test]
    fn a_free_arena_goes_back_to_the_system_but_one_spare_is_kept() {
        let mut arenas = Arenas::new();
        let a = take_from(&mut arenas, 0, 64);
        let b = take_from(&mut arenas, 1, 1);
        give_back(&mut arenas, 1, b);
        assert_eq!(
            (arenas.current(), arenas.reclaimed()),
            (2, 0),
            "b is the spare"
        );
        give_back(&mut arenas, 0, a);
        assert_eq!(arenas.allocated_total(), 2);
        assert_eq!(arenas.reclaimed(), 1, "a went back: b was already spare");
        assert_eq!(arenas.highwater(), 2);
        assert_eq!(arenas.current(), 1);
        assert_eq!(arenas.usable_order(), [(1, 64)]);
        let c = take_from(&mut arenas, 1, 1);
        assert_eq!(
            arenas.allocated_total(),
            2,
            "the spare is used, no new arena"
        );
        give_back(&mut arenas, 1, c);
        // The freed slot is reused for the next arena.
        let d = take_from(&mut arenas, 1, 64);
        let e = take_from(&mut arenas, 0, 1);
        assert_eq!(arenas.allocated_total(), 3);
        give_back(&mut arenas, 1, d);
        give_back(&mut arenas, 0, e);
        assert_eq!((arenas.current(), arenas.reclaimed()), (1, 2));
    }

    #[test]
    fn release_all_gives_every_arena_back() {
        let mut arenas = Arenas::new();
        take_from(&mut arenas, 0, 64);
        take_from(&mut arenas, 1, 2);
        // SAFETY: nothing was written into the pools.
        unsafe { arenas.release_all() };
        assert_eq!(arenas.current(), 0);
        assert_eq!(arenas.reclaimed(), 2);
        assert_eq!(arenas.allocated_total(), 2);
        assert_eq!(arenas.free_pools(), 0);
        take_from(&mut arenas, 0, 1);
        assert_eq!(arenas.allocated_total(), 3);
        // SAFETY: as above.
        unsafe { arenas.release_all() };
    }

    #[test]
    fn drop_frees_free_arenas_and_leaks_busy_ones() {
        let mut arenas = Arenas::new();
        let a = take_from(&mut arenas, 0, 64);
        let b = take_from(&mut arenas, 1, 1);
        give_back(&mut arenas, 1, b);
        let busy = a[0];
        let base = arenas.base_of(0);
        // SAFETY: the pool is ours until given back; writing proves the memory is live.
        unsafe { busy.cast::<u64>().write(7) };
        drop(arenas);
        // SAFETY: the arena holding `busy` was leaked, not freed (Miri checks this read).
        assert_eq!(unsafe { busy.cast::<u64>().read() }, 7);
        // SAFETY: the leaked arena came from `alloc(ARENA_LAYOUT)`; free it so Miri's leak
        // check passes.
        unsafe { alloc::dealloc(base.as_ptr(), ARENA_LAYOUT) };
    }
}
