//! CPython's hash functions, bit for bit, so that sets iterate in CPython's order.
//!
//! - Numbers hash by value modulo the Mersenne prime 2**61 - 1, so that `hash(1) ==
//!   hash(1.0) == hash(True)`; -1 is reserved (it means "error" in C) and becomes -2.
//! - Strings hash with SipHash-1-3 over their PEP 393 representation (1, 2 or 4 bytes
//!   per character). CPython seeds it per process; pyobj uses the all-zero key that
//!   CPython uses with `PYTHONHASHSEED=0`, so `hash('a')` here equals
//!   `PYTHONHASHSEED=0 python3 -c "print(hash('a'))"`.
//! - Tuples combine their items' hashes with xxHash's rounds.
//! - Other objects hash by address.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

/// 61: numbers hash modulo 2**61 - 1.
pub(crate) const HASH_BITS: u32 = 61;
/// The modulus, 2**61 - 1 (a Mersenne prime).
pub(crate) const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `hash(float('inf'))`.
pub(crate) const HASH_INF: i64 = 314_159;

/// -1 is reserved for errors in CPython; hashes that come out as -1 are -2.
pub(crate) fn fix(hash: i64) -> i64 {
    if hash == -1 { -2 } else { hash }
}

/// `hash(n)` for a machine int.
pub(crate) fn hash_i64(value: i64) -> i64 {
    let reduced = (value.unsigned_abs() % HASH_MODULUS) as i64;
    fix(if value < 0 { -reduced } else { reduced })
}

/// `hash(n)` for a big int.
pub(crate) fn hash_bigint(value: &BigInt) -> i64 {
    let modulus = BigInt::from(HASH_MODULUS);
    let reduced = (value.abs() % modulus).to_i64().unwrap_or(0);
    fix(if value.is_negative() {
        -reduced
    } else {
        reduced
    })
}

/// `hash(x)` for a float (NaN excepted: it hashes by identity since Python 3.10).
pub(crate) fn hash_f64(value: f64) -> i64 {
    if value.is_infinite() {
        return if value > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if value == 0.0 {
        return 0;
    }
    // value = mantissa * 2**exponent exactly, with a 53-bit integer mantissa.
    let bits = value.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    // 2**61 = 1 (mod 2**61 - 1), so 2**e = 2**(e mod 61).
    let shift = exponent.rem_euclid(i64::from(HASH_BITS)) as u32;
    let reduced = mantissa % HASH_MODULUS;
    let hashed = ((u128::from(reduced) << shift) % u128::from(HASH_MODULUS)) as i64;
    fix(if value < 0.0 { -hashed } else { hashed })
}

/// An address's hash (`_Py_HashPointer`): rotated by 4 bits, since the low bits of an
/// aligned address are always zero.
pub(crate) fn hash_pointer(address: usize) -> i64 {
    fix(address.rotate_right(4) as i64)
}

/// `hash(tuple)` from its items' hashes (CPython's xxHash-based `tuplehash`).
pub(crate) fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let len = items.len() as u64;
    let mut acc = PRIME_5;
    for lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(len ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// `hash(s)` for a str: SipHash-1-3, key zero, over the PEP 393 bytes.
pub(crate) fn hash_str(text: &str) -> i64 {
    if text.is_empty() {
        return 0;
    }
    if text.is_ascii() {
        // One byte per character: the PEP 393 bytes are the UTF-8 bytes.
        return fix(siphash13(0, 0, text.as_bytes()) as i64);
    }
    let widest = text.chars().map(u32::from).max().unwrap_or(0);
    let mut bytes = Vec::with_capacity(text.len() * 4);
    for c in text.chars() {
        let c = u32::from(c);
        match widest {
            0..=0xff => bytes.push(c as u8),
            0x100..=0xffff => bytes.extend_from_slice(&(c as u16).to_le_bytes()),
            _ => bytes.extend_from_slice(&c.to_le_bytes()),
        }
    }
    fix(siphash13(0, 0, &bytes) as i64)
}

/// `hash(b)` for bytes: SipHash-1-3, key zero, over the bytes themselves (`b''` hashes
/// to 0). An ASCII str's PEP 393 bytes are its characters, so `hash(b'abc') ==
/// hash('abc')`, as in CPython.
pub(crate) fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix(siphash13(0, 0, data) as i64)
}

/// SipHash-1-3 with a 64-bit result, as CPython's `Python/pyhash.c`.
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    fn round(v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64) {
        *v0 = v0.wrapping_add(*v1);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v3);
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.wrapping_add(*v3);
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.wrapping_add(*v1);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v2 = v2.rotate_left(32);
    }
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut last = [0u8; 8];
    let tail = chunks.remainder();
    last[..tail.len()].copy_from_slice(tail);
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(last);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    (v0 ^ v1) ^ (v2 ^ v3)
}
