//! The small-int cache (seed level 6): the ints -5..=256 exist once per thread.
//!
//! Small ints are everywhere (loop counters, indices, lengths, booleans' cousins), so
//! CPython makes each of them once and hands out the same object every time:
//! `a = 100; b = 100; a is b` is true. They are immortal (CPython 3.12): their count
//! stays at `u32::MAX` and they are never freed. Any other int is a new object each
//! time it is made, so `a = 1000; b = 1000; a is b` is false.
//!
//! ```
//! use pyobj::Obj;
//!
//! let a = Obj::from(100);
//! let b = Obj::from(100);
//! assert!(a.is(&b));                          // one cached object
//! assert_eq!(a.refcount(), 4294967295);       // immortal
//! assert!(!Obj::from(1000).is(&Obj::from(1000)));
//! ```

use std::cell::Cell;
use std::ptr::NonNull;

use crate::object::Header;
use crate::pyobject::Obj;

/// The smallest cached int.
pub const SMALLEST: i64 = -5;
/// The largest cached int.
pub const LARGEST: i64 = 256;

const COUNT: usize = (LARGEST - SMALLEST + 1) as usize;

thread_local! {
    /// This thread's small ints, made on first use. Plain cells: no destructor, so the
    /// cache works while other thread-locals are being destroyed.
    static CACHE: [Cell<Option<NonNull<Header>>>; COUNT] =
        const { [const { Cell::new(None) }; COUNT] };
}

/// Whether `value` is in the cache's range.
#[inline]
pub fn is_small(value: i64) -> bool {
    (SMALLEST..=LARGEST).contains(&value)
}

/// The cached int object for `value`, if `value` is in -5..=256.
///
/// Inlined: a literal's value is known, so the range test folds away and what is left
/// is a thread-local load and an increment (the object is made on the thread's first
/// use of that value, out of line).
#[inline]
pub fn get(value: i64) -> Option<Obj> {
    if !is_small(value) {
        return None;
    }
    let index = (value - SMALLEST) as usize;
    match CACHE.with(|cache| cache[index].get()) {
        Some(header) => Some(Obj::from_header(header)),
        None => Some(make(value, index)),
    }
}

/// Makes the cached object for `value` (at `index` of the cache).
#[cold]
#[inline(never)]
fn make(value: i64, index: usize) -> Obj {
    let object = Obj::new_immortal_int(value);
    CACHE.with(|cache| cache[index].set(Some(object.header_ptr())));
    object
}
