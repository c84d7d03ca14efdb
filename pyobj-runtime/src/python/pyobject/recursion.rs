//! Guards against runaway recursion: the recursion limit and `Py_ReprEnter`.
//!
//! `repr`, `str`, comparisons and hashes of nested containers recurse. CPython counts
//! the depth (`Py_EnterRecursiveCall`) and raises `RecursionError` past the recursion
//! limit instead of overflowing the C stack; pyobj does the same for the Rust stack.
//! A container that contains itself prints as `[...]` (`Py_ReprEnter`): the objects
//! whose repr is being computed are kept in a per-thread list.
//!
//! The limit counts levels, not bytes, and a level's frames are much larger in a debug
//! build than in a release one: so a level is also refused when less than
//! [`STACK_RESERVE`] bytes of the thread's stack are left (the check CPython 3.12 added
//! for the C stack), and deep recursion raises `RecursionError` before the stack
//! overflows, whatever the build and the thread's stack size.

use std::cell::{Cell, RefCell};

use super::Obj;
use crate::exceptions::{PyErr, PyResult};

/// The recursion limit (`sys.getrecursionlimit()` is 1000 in CPython).
///
/// Each level costs a few Rust frames; a smaller limit under Miri keeps its (much
/// larger) interpreted frames within the stack.
pub(crate) const RECURSION_LIMIT: u32 = if cfg!(miri) { 200 } else { 1000 };

/// The depth of nested calls and the limit on it, side by side: entering a level reads
/// both with one thread-local access.
struct Depth {
    depth: Cell<u32>,
    /// This thread's limit (`sys.setrecursionlimit`), [`RECURSION_LIMIT`] at first.
    limit: Cell<u32>,
    /// The lowest stack address a level may start at ([`STACK_RESERVE`] above the end
    /// of the thread's stack); `usize::MAX` until it is known.
    stack_floor: Cell<usize>,
}

/// How many bytes of stack a level must leave: room for the runtime's frames between
/// two levels (a debug build's are large) and for raising the error.
const STACK_RESERVE: usize = 256 * 1024;

/// An address in the current stack frame (the stack grows down on every target pyobj
/// builds for).
#[inline(always)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(std::ptr::addr_of!(marker)).addr()
}

/// The lowest address a level may start at, on the stack `here` is in: 1 (no floor)
/// when the end of the stack is unknown.
#[cold]
#[inline(never)]
fn stack_floor(here: usize) -> usize {
    #[cfg(not(miri))]
    let remaining = stacker::remaining_stack();
    // Miri runs no assembly (which finding the stack's end takes); it has its own
    // limit on interpreted frames, and `RECURSION_LIMIT` is lower under it.
    #[cfg(miri)]
    let remaining: Option<usize> = None;
    match remaining {
        Some(remaining) => here
            .saturating_sub(remaining)
            .saturating_add(STACK_RESERVE)
            .max(1),
        None => 1,
    }
}

thread_local! {
    /// Plain cells with no destructor: usable (and cheap to reach) at any time.
    static DEPTH: Depth = const {
        Depth {
            depth: Cell::new(0),
            limit: Cell::new(RECURSION_LIMIT),
            stack_floor: Cell::new(usize::MAX),
        }
    };
    static REPR_STACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// One level of recursion, given back when dropped.
pub(crate) struct RecursionGuard(());

/// Enters one level; `RecursionError: maximum recursion depth exceeded<context>` past
/// the limit (context: `" while getting the repr of an object"`, `" in comparison"`).
///
/// Inlined: every call of a compiled function enters a level, and the common case is
/// two loads, a comparison and a store.
#[inline]
pub(crate) fn enter_recursive_call(context: &str) -> PyResult<RecursionGuard> {
    let entered = DEPTH.with(|state| {
        let depth = state.depth.get();
        if depth >= state.limit.get() {
            return false;
        }
        let here = stack_address();
        // Below the floor (or the floor not known yet): the end of the stack is looked
        // up again, in case this code runs on another stack than the one measured
        // (a stack switched to by `stacker::grow`, say).
        if here < state.stack_floor.get() {
            let floor = stack_floor(here);
            state.stack_floor.set(floor);
            if here < floor {
                return false;
            }
        }
        state.depth.set(depth + 1);
        true
    });
    if entered {
        Ok(RecursionGuard(()))
    } else {
        Err(recursion_error(context))
    }
}

/// [`enter_recursive_call`] without the check of the stack's end, for a recursion
/// whose Rust frames are small enough that the limit alone bounds the stack it uses
/// (generators resumed through a chain of `yield from`).
#[inline]
pub(crate) fn enter_unprobed() -> PyResult<RecursionGuard> {
    let entered = DEPTH.with(|state| {
        let depth = state.depth.get();
        let entered = depth < state.limit.get();
        if entered {
            state.depth.set(depth + 1);
        }
        entered
    });
    if entered {
        Ok(RecursionGuard(()))
    } else {
        Err(recursion_error(""))
    }
}

#[cold]
#[inline(never)]
fn recursion_error(context: &str) -> PyErr {
    PyErr::recursion_error(context)
}

impl Drop for RecursionGuard {
    #[inline]
    fn drop(&mut self) {
        DEPTH.with(|state| state.depth.set(state.depth.get().saturating_sub(1)));
    }
}

/// An object whose repr is being computed (`Py_ReprEnter` .. `Py_ReprLeave`).
pub(crate) struct ReprGuard(usize);

impl ReprGuard {
    /// Enters the repr of `obj`; `None` if it is already being printed (the container
    /// contains itself: print `[...]`).
    pub(crate) fn enter(obj: &Obj) -> Option<ReprGuard> {
        let id = obj.id();
        let entered = REPR_STACK.try_with(|stack| {
            let mut stack = stack.borrow_mut();
            if stack.contains(&id) {
                false
            } else {
                stack.push(id);
                true
            }
        });
        match entered {
            Ok(false) => None,
            Ok(true) | Err(_) => Some(ReprGuard(id)),
        }
    }
}

impl Drop for ReprGuard {
    fn drop(&mut self) {
        let _ = REPR_STACK.try_with(|stack| {
            let mut stack = stack.borrow_mut();
            if let Some(position) = stack.iter().rposition(|&id| id == self.0) {
                stack.remove(position);
            }
        });
    }
}

/// `sys.getrecursionlimit()`.
pub(crate) fn recursion_limit() -> u32 {
    DEPTH.with(|state| state.limit.get())
}

/// `sys.setrecursionlimit(limit)`: `RecursionError` if the current depth is already at
/// or past it, as CPython. A high limit lets deep structures use more of the Rust stack,
/// which can overflow it (as a high limit can crash CPython).
pub(crate) fn set_recursion_limit(limit: u32) -> PyResult<()> {
    let depth = DEPTH.with(|state| state.depth.get());
    if depth >= limit {
        return Err(PyErr::new(
            &crate::exceptions::RECURSION_ERROR,
            format!(
                "cannot set the recursion limit to {limit} at the recursion depth {depth}: \
                 the limit is too low"
            ),
        ));
    }
    DEPTH.with(|state| state.limit.set(limit));
    Ok(())
}
