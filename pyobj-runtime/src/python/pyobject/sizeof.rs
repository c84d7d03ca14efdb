//! `sys.getsizeof(obj)`: the bytes an object occupies.
//!
//! The object's block (the 16-byte header and the value, as laid out in its pool: the
//! vtable's size), plus the buffers the value owns outside the block where they are
//! cheap to know: a list's spilled item buffer (8 bytes per slot of its capacity; a
//! list whose items are still inside its block, up to four of them, owns no buffer and
//! reports its block only), a tuple's items when there are more than three (up to three
//! are inside its block), a str's UTF-8 bytes when they are too long
//! to be kept in its block (over 22 bytes), a big int's digits. Dicts and sets report
//! their block only. The numbers are pyobj's own, not CPython's (an empty list, or one
//! of up to four items, is 64 bytes here; an empty list is 56 bytes in CPython). An
//! `array.array` is the exception: it reports CPython 3.11's size (see `modules::array`).
//! An instance of a class whose `__slots__` leave out `__dict__` is its block only, which
//! is CPython's size (32 bytes and 8 per member; see the `slotted` module).

use super::int::IntValue;
use super::{Obj, PyInt, PyList, PyStr, PyTuple};

/// The bytes `obj` occupies (see the module docs).
pub(crate) fn getsizeof(obj: &Obj) -> usize {
    // An `array.array` reports CPython's number (its object and allocated items).
    if let Some(size) = crate::modules::array_getsizeof(obj) {
        return size;
    }
    let block = obj.header().vtable().size;
    let owned = if let Some(list) = obj.downcast_ref::<PyList>() {
        list.spilled_capacity() * size_of::<Obj>()
    } else if let Some(tuple) = obj.downcast_ref::<PyTuple>() {
        tuple.outside_bytes()
    } else if let Some(text) = obj.downcast_ref::<PyStr>() {
        text.outside_bytes()
    } else if let Some(int) = obj.downcast_ref::<PyInt>() {
        match int.value() {
            IntValue::Small(_) => 0,
            IntValue::Big(big) => {
                size_of::<num_bigint::BigInt>() + big.to_u64_digits().1.len() * size_of::<u64>()
            }
        }
    } else {
        0
    };
    block + owned
}
