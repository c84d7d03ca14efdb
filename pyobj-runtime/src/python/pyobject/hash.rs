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
    if text.is_ascii() {
        // One byte per character: the PEP 393 bytes are the UTF-8 bytes.
        return hash_bytes(text.as_bytes());
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
    hash_bytes(&bytes)
}

/// `hash(b)` for bytes: SipHash-1-3, key zero, over the bytes themselves (`b''` hashes
/// to 0). An ASCII str's PEP 393 bytes are its characters, so `hash(b'abc') ==
/// hash('abc')`, as in CPython (which is how a str known to be ASCII is hashed).
#[inline]
pub(crate) fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix(siphash13(data) as i64)
}

/// `hash_bytes(&padded[..len])` for `len` (at most 22) bytes followed by zeros (a
/// short str's inline text): one word load for the last block when `len < 8`.
#[inline]
pub(crate) fn hash_zero_padded(padded: &[u8; 22], len: usize) -> i64 {
    debug_assert!(padded[len.min(22)..].iter().all(|&b| b == 0));
    match len {
        0 => 0,
        1..8 => {
            let mut word = [0u8; 8];
            word.copy_from_slice(&padded[..8]);
            // The bytes past `len` are zeros: the word is the tail, as `load_tail` makes it.
            let mut state = Sip::ZERO_KEY;
            state.compress(((len as u64) << 56) | u64::from_le_bytes(word));
            fix(state.finish() as i64)
        }
        _ => hash_bytes(&padded[..len.min(22)]),
    }
}

/// SipHash's state: `v0`..`v3`.
struct Sip([u64; 4]);

impl Sip {
    /// The state for the key (0, 0): SipHash's constants themselves.
    const ZERO_KEY: Sip = Sip([
        0x736f_6d65_7073_6575,
        0x646f_7261_6e64_6f6d,
        0x6c79_6765_6e65_7261,
        0x7465_6462_7974_6573,
    ]);

    /// One SipRound.
    #[inline(always)]
    fn round(&mut self) {
        let [v0, v1, v2, v3] = &mut self.0;
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

    /// Absorbs one 8-byte block (one compression round: the "1" of SipHash-1-3).
    #[inline(always)]
    fn compress(&mut self, m: u64) {
        self.0[3] ^= m;
        self.round();
        self.0[0] ^= m;
    }

    /// The three finalization rounds (the "3") and the 64-bit result.
    #[inline(always)]
    fn finish(mut self) -> u64 {
        self.0[2] ^= 0xff;
        self.round();
        self.round();
        self.round();
        let [v0, v1, v2, v3] = self.0;
        (v0 ^ v1) ^ (v2 ^ v3)
    }
}

/// The last `tail.len()` (< 8) bytes of the input as a little-endian word, without
/// copying them into a buffer first: two overlapping 4-byte loads, or three single
/// bytes, put together.
#[inline(always)]
fn load_tail(tail: &[u8]) -> u64 {
    let len = tail.len();
    debug_assert!(len < 8);
    if len >= 4 {
        let low = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        let high = u32::from_le_bytes([tail[len - 4], tail[len - 3], tail[len - 2], tail[len - 1]]);
        // The bytes the two loads share hold the same values in both, so OR-ing them
        // is exact.
        u64::from(low) | (u64::from(high) << (8 * (len - 4)))
    } else if len > 0 {
        u64::from(tail[0])
            | (u64::from(tail[len / 2]) << (8 * (len / 2)))
            | (u64::from(tail[len - 1]) << (8 * (len - 1)))
    } else {
        0
    }
}

/// SipHash-1-3 with key zero and a 64-bit result, as CPython's `Python/pyhash.c`
/// computes it with `PYTHONHASHSEED=0`.
#[inline]
fn siphash13(data: &[u8]) -> u64 {
    let mut state = Sip::ZERO_KEY;
    if data.len() < 8 {
        // One block, the last (most keys and names): the state before it is the
        // constant key state, which the compiler folds into the first round.
        state.compress(((data.len() as u64) << 56) | load_tail(data));
        return state.finish();
    }
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state.compress(u64::from_le_bytes(word));
    }
    // The last block: the remaining bytes, and the length's low byte on top.
    state.compress(((data.len() as u64) << 56) | load_tail(chunks.remainder()));
    state.finish()
}

#[cfg(test)]
mod tests {
    use super::{hash_bytes, hash_str, hash_zero_padded, load_tail};

    /// Values printed by `PYTHONHASHSEED=0 python3 -c 'print(hash("..."))'` for the
    /// first `n` characters of `"abcdefghijklmnopq"` (`n` = 0..=17): every length of
    /// the last block, with zero, one and two full blocks before it.
    const PREFIX_HASHES: [i64; 18] = [
        0,
        4644417185603328019,
        6148830537548944441,
        -4594863902769663758,
        -2030606670787596663,
        2674923165546153122,
        7070790388344807208,
        7904145750247929094,
        4574395652268504554,
        -532774252720507163,
        -829746140550000655,
        1450545860578130900,
        -8996131201539021375,
        -7689147164244908826,
        -162833645092072998,
        2293029479765367930,
        -7712962755478248686,
        7044894726457044172,
    ];

    /// Non-ASCII strs (1-, 2- and 4-byte PEP 393 kinds), from CPython as above.
    const NON_ASCII_VALUES: [(&str, i64); 9] = [
        ("é", 6047309291227476195),
        ("ÿé", -4874431181807313678),
        ("€uro", 7542247858446192590),
        ("😀!", 8079344741099293211),
        ("aé", -4100377394409680542),
        ("1234567é", 9171176836524543468),
        ("éééééééé", 3411457635218457572),
        ("ĀĀĀĀ", 1881997579306727170),
        ("😀😀", 3533687109701847103),
    ];

    /// `hash(b'...')` from CPython as above.
    const BYTES_VALUES: [(&[u8], i64); 9] = [
        (&[0x80], 6142462278820401560),
        (&[0xff, 0x80], -4029632007696555812),
        (&[0x81, 0x92, 0xa3], -5444219151897094906),
        (&[0xff, 0xff, 0xff, 0xff], 5963905586759915234),
        (&[0x81, 0x92, 0xa3, 0xb4, 0xc5], -2231921527054768742),
        (&[0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe], -5687226020983997410),
        (
            &[0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7],
            -9105968256451834755,
        ),
        (&[0xff; 8], 3395815149532668813),
        (&[0x80; 9], 2876073339544323296),
    ];

    #[test]
    fn str_hashes_match_cpython_at_every_tail_length() {
        let text = "abcdefghijklmnopq";
        for (n, expected) in PREFIX_HASHES.iter().enumerate() {
            assert_eq!(hash_str(&text[..n]), *expected, "{:?}", &text[..n]);
            assert_eq!(hash_bytes(&text.as_bytes()[..n]), *expected);
        }
    }

    #[test]
    fn non_ascii_and_high_bytes_match_cpython() {
        for (text, expected) in NON_ASCII_VALUES {
            assert_eq!(hash_str(text), expected, "{text:?}");
        }
        // Bytes above 0x7f in every position of a short tail (sign extension would
        // show here).
        for (data, expected) in BYTES_VALUES {
            assert_eq!(hash_bytes(data), expected, "{data:?}");
        }
    }

    #[test]
    fn zero_padded_texts_hash_as_their_bytes() {
        let text = b"abcdefghijklmnopqrstuv\x80\xff";
        for len in 0..=22 {
            let mut padded = [0u8; 22];
            padded[..len].copy_from_slice(&text[..len]);
            assert_eq!(
                hash_zero_padded(&padded, len),
                hash_bytes(&text[..len]),
                "{len}"
            );
        }
        // High bytes in the one-word case.
        let padded = {
            let mut padded = [0u8; 22];
            padded[..7].copy_from_slice(&[0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7]);
            padded
        };
        assert_eq!(hash_zero_padded(&padded, 7), -9105968256451834755);
        assert_eq!(hash_zero_padded(&[0; 22], 0), 0);
    }

    #[test]
    fn tail_words_are_little_endian_prefixes() {
        let data = [0x81u8, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7];
        for len in 0..=7 {
            let mut word = [0u8; 8];
            word[..len].copy_from_slice(&data[..len]);
            assert_eq!(load_tail(&data[..len]), u64::from_le_bytes(word), "{len}");
        }
    }
}
