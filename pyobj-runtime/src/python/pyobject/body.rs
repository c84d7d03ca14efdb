//! A generator's body (its suspended frame: the compiled function's `async` block) on the
//! system heap, in blocks this thread reuses.
//!
//! A generator or coroutine is made and finished once per call of its function, and
//! programs make them by the million (a recursive coroutine is one per call). Asking the
//! system allocator for each body and giving it back costs more than the rest of the
//! call together, so a finished body's block is kept on a free list of its size class
//! and handed to the next body of that class, as CPython keeps freed frames and
//! generators ready on free lists. The classes are multiples of [`CLASS_SIZE`] bytes up
//! to [`LARGEST_CACHED`]; each list keeps at most [`KEPT_PER_CLASS`] blocks; a larger or
//! over-aligned body gets a block of its own, freed with it.

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll};

use super::Obj;
use crate::exceptions::PyResult;

/// The future a generator's body is.
type Body = dyn Future<Output = PyResult<Obj>>;

/// The size classes' step (and the blocks' alignment).
const CLASS_SIZE: usize = 64;
/// The largest body kept on a free list.
const LARGEST_CACHED: usize = 2048;
/// How many blocks each free list keeps.
const KEPT_PER_CLASS: usize = 64;
/// The number of size classes.
const CLASSES: usize = LARGEST_CACHED / CLASS_SIZE;

/// The free lists: blocks of `(class + 1) * CLASS_SIZE` bytes, aligned to `CLASS_SIZE`.
struct FreeLists([Vec<NonNull<u8>>; CLASSES]);

impl Drop for FreeLists {
    fn drop(&mut self) {
        for (class, list) in self.0.iter_mut().enumerate() {
            for block in list.drain(..) {
                // SAFETY: every block on list `class` was allocated by `FrameBox::new`
                // with `class_layout(class)` and is owned by the list alone.
                unsafe { dealloc(block.as_ptr(), class_layout(class)) };
            }
        }
    }
}

thread_local! {
    static FREE: RefCell<FreeLists> = const {
        RefCell::new(FreeLists([const { Vec::new() }; CLASSES]))
    };
}

/// The layout of a block of size class `class`.
fn class_layout(class: usize) -> Layout {
    Layout::from_size_align((class + 1) * CLASS_SIZE, CLASS_SIZE)
        .unwrap_or_else(|_| unreachable!("the classes' sizes are small multiples of 64"))
}

/// The size class of a body of `layout`, if it is kept on a free list.
fn class_of(layout: Layout) -> Option<usize> {
    (layout.size() != 0 && layout.size() <= LARGEST_CACHED && layout.align() <= CLASS_SIZE)
        .then(|| (layout.size() - 1) / CLASS_SIZE)
}

/// A generator's body on the heap (what `Box::pin` would make), in a block from this
/// thread's free lists when its size allows (see the module docs).
pub struct FrameBox {
    body: NonNull<Body>,
    /// The block's layout as it was allocated: a size class's, or the body's own.
    layout: Layout,
}

impl FrameBox {
    /// Makes the body with `make` right in its block on the heap (a body built first and
    /// then moved there would be copied, and bodies are hundreds of bytes).
    #[inline(always)]
    pub fn new<F: Future<Output = PyResult<Obj>> + 'static>(make: impl FnOnce() -> F) -> FrameBox {
        let own = Layout::new::<F>();
        let (block, layout) = block_for(own, NonNull::<F>::dangling().cast());
        let typed = block.cast::<F>();
        // SAFETY: `block` is valid for writes of `F`: at least `own.size()` bytes with at
        // least `own.align()` alignment (a class's block is `CLASS_SIZE`-aligned and its
        // size is at least the body's), owned by no one else, or dangling and aligned for
        // a zero-sized `F`.
        unsafe { typed.as_ptr().write(make()) };
        let body: NonNull<Body> = typed;
        FrameBox { body, layout }
    }

    /// Polls the body (it never moves: it stays in its block until it is dropped).
    #[inline]
    pub fn poll(&mut self, cx: &mut Context<'_>) -> Poll<PyResult<Obj>> {
        // SAFETY: `self.body` points at a live body that `FrameBox` owns alone, and
        // `&mut self` makes this borrow unique.
        let body = unsafe { self.body.as_mut() };
        // SAFETY: the body never moves: it stays in its block until `drop` drops it there.
        unsafe { Pin::new_unchecked(body) }.poll(cx)
    }
}

/// A block for a body of layout `own`, and the block's layout: from a free list, from
/// the system allocator, or `dangling` for a zero-sized body.
fn block_for(own: Layout, dangling: NonNull<u8>) -> (NonNull<u8>, Layout) {
    match class_of(own) {
        Some(class) => {
            let reused = FREE
                .try_with(|free| free.try_borrow_mut().ok()?.0[class].pop())
                .ok()
                .flatten();
            let layout = class_layout(class);
            (reused.unwrap_or_else(|| allocate(layout)), layout)
        }
        None if own.size() == 0 => (dangling, own),
        None => (allocate(own), own),
    }
}

/// A block of `layout` (non-zero size) from the system allocator.
fn allocate(layout: Layout) -> NonNull<u8> {
    // SAFETY: `layout` has a non-zero size (a class's, or a body's that is not zero).
    let block = unsafe { alloc(layout) };
    NonNull::new(block).unwrap_or_else(|| handle_alloc_error(layout))
}

impl Drop for FrameBox {
    fn drop(&mut self) {
        // SAFETY: the body is live and owned by this box alone; it is dropped once, here,
        // and its block is not used for it again.
        unsafe { self.body.as_ptr().drop_in_place() };
        if self.layout.size() == 0 {
            return;
        }
        let block = self.body.cast::<u8>();
        let layout = self.layout;
        let kept = class_of(layout).is_some_and(|class| {
            layout == class_layout(class)
                && FREE
                    .try_with(|free| {
                        // A body's drop may run user code that makes a generator: the
                        // lists are borrowed only here and in `new`, never across it.
                        let Ok(mut free) = free.try_borrow_mut() else {
                            return false;
                        };
                        let list = &mut free.0[class];
                        let room = list.len() < KEPT_PER_CLASS;
                        if room {
                            list.push(block);
                        }
                        room
                    })
                    .unwrap_or(false)
        });
        if !kept {
            // SAFETY: `block` was allocated with `layout` by `FrameBox::new` (not a
            // dangling one: `layout` has a non-zero size) and nothing uses it any more.
            unsafe { dealloc(block.as_ptr(), layout) };
        }
    }
}

#[cfg(test)]
mod tests {
    use std::task::{Context, Poll, Waker};

    use super::*;

    /// A body that returns `value` once `ready` polls have passed, with `PAD` bytes of
    /// state, aligned as `A` is.
    #[repr(C)]
    struct Body<const PAD: usize, A> {
        _align: [A; 0],
        pad: [u8; PAD],
        polls: usize,
        value: i64,
    }

    impl<const PAD: usize, A> Future for Body<PAD, A> {
        type Output = PyResult<Obj>;
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<PyResult<Obj>> {
            // SAFETY: no field is structurally pinned.
            let this = unsafe { self.get_unchecked_mut() };
            if this.polls == 0 {
                let sum: i64 = this.pad.iter().map(|&byte| i64::from(byte)).sum();
                return Poll::Ready(Ok(Obj::from(this.value + sum)));
            }
            this.polls -= 1;
            Poll::Pending
        }
    }

    #[repr(align(128))]
    struct Wide;

    fn run<const PAD: usize, A: 'static>(value: i64) -> (i64, Layout) {
        let mut frame = FrameBox::new(move || Body::<PAD, A> {
            _align: [],
            pad: [1; PAD],
            polls: 2,
            value,
        });
        let mut cx = Context::from_waker(Waker::noop());
        assert!(frame.poll(&mut cx).is_pending());
        assert!(frame.poll(&mut cx).is_pending());
        let Poll::Ready(Ok(result)) = frame.poll(&mut cx) else {
            panic!("the body returns on its third poll");
        };
        (result.extract::<i64>().unwrap(), frame.layout)
    }

    #[test]
    fn bodies_of_every_size_run_and_their_blocks_are_reused() {
        // A small body, twice: the second gets the first's block back.
        assert_eq!(run::<8, u8>(1), (9, class_layout(0)));
        let reused = FREE.with(|free| free.borrow().0[0].len());
        assert_eq!(run::<8, u8>(2), (10, class_layout(0)));
        assert_eq!(FREE.with(|free| free.borrow().0[0].len()), reused);
        // At a class's edge, the largest kept, one past it (its own block), and an
        // over-aligned one (its own block, with its alignment).
        assert_eq!(run::<48, u8>(0).1, class_layout(0));
        assert_eq!(run::<49, u8>(0).1, class_layout(1));
        assert_eq!(run::<2032, u8>(0).1, class_layout(CLASSES - 1));
        let (sum, layout) = run::<2048, u8>(0);
        assert_eq!((sum, layout.size()), (2048, 2064));
        let (sum, layout) = run::<8, Wide>(5);
        assert_eq!((sum, layout.align()), (13, 128));
    }

    #[test]
    fn a_zero_sized_body_needs_no_block() {
        struct Ready;
        impl Future for Ready {
            type Output = PyResult<Obj>;
            fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<PyResult<Obj>> {
                Poll::Ready(Ok(Obj::none()))
            }
        }
        let mut frame = FrameBox::new(|| Ready);
        assert_eq!(frame.layout.size(), 0);
        let result = frame.poll(&mut Context::from_waker(Waker::noop()));
        assert!(matches!(result, Poll::Ready(Ok(value)) if value.is_none()));
    }

    #[test]
    fn a_body_dropped_unfinished_drops_its_state() {
        let value = Obj::list([]);
        let held = value.clone();
        let frame = FrameBox::new(move || async move {
            std::future::pending::<()>().await;
            Ok(held)
        });
        assert_eq!(value.refcount(), 2);
        drop(frame);
        assert_eq!(value.refcount(), 1);
    }
}
