//! `import random`: CPython 3.11's pseudo-random numbers, bit for bit.
//!
//! The generator is the Mersenne Twister MT19937 (Matsumoto and Nishimura), with
//! CPython's seeding and its derived methods, so that a program seeded the same way
//! sees the same numbers here as under CPython 3.11:
//!
//! - seeding: an int seeds with the 32-bit words of its absolute value, low word first
//!   (`init_by_array`); a str (UTF-8) or bytes seeds, in version 2 (the default), with
//!   the int read big-endian from the bytes followed by their SHA-512 digest (SHA-512
//!   is implemented in this file, no dependency); version 1 keeps the old string
//!   hash; a float seeds with its hash; `None` (or no argument) seeds from
//!   `/dev/urandom` (624 words), or from the time and the process id when that cannot
//!   be read.
//! - `random()`: 53 bits from two outputs (`a >> 5`, `b >> 6`);
//!   `getrandbits(k)`: `k` bits of any size, 32-bit outputs stacked low word first.
//! - integers: `randrange`, `randint` through `_randbelow_with_getrandbits` (draw
//!   `n.bit_length()` bits until below `n`), with CPython's error texts.
//! - sequences: `choice`, `shuffle` (in place, from the end), `sample` (the pool and
//!   the set algorithm, chosen by CPython's size rule; `counts=`), `choices`
//!   (`weights=`, `cum_weights=`, `k=`).
//! - distributions: `uniform`, `triangular`, `gauss` (with its cached second value),
//!   `normalvariate`, `lognormvariate`, `expovariate`, `vonmisesvariate`,
//!   `gammavariate`, `betavariate`, `paretovariate`, `weibullvariate`.
//! - `getstate()`/`setstate()` (`(3, 625 ints, gauss_next)`), `randbytes(n)`.
//!
//! `random.Random(x)` makes a generator with its own state; the module's functions are
//! the methods of one hidden instance, seeded from the OS when the module is made (one
//! per thread, as every module here is).
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let random = modules::import("random").unwrap();
//! random.getattr("seed").unwrap().call(&[Obj::from(42)]).unwrap();
//! let x = random.getattr("random").unwrap().call(&[]).unwrap();
//! assert_eq!(x.repr().unwrap(), "0.6394267984578837");
//! let own = random.getattr("Random").unwrap().call(&[Obj::from(42)]).unwrap();
//! assert_eq!(own.call_method("random", &[]).unwrap().repr().unwrap(), "0.6394267984578837");
//! ```

use std::cell::{Cell, RefCell};
use std::f64::consts::{E, PI};

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive};

use crate::exceptions::{PyErr, PyResult, TYPE_ERROR, ZERO_DIVISION_ERROR};
use crate::pyobject::types::{BYTES_TYPE, FLOAT_TYPE, INT_TYPE, LIST_TYPE, STR_TYPE, TUPLE_TYPE};
use crate::pyobject::{
    Args, CompareOp, Obj, PyBool, PyBytes, PyInt, PyModule, PyStr, PyType, RANGE_TYPE, Signature,
    bind_arguments,
};
use crate::trace::{Trace, Tracer};

// ---------------------------------------------------------------------------
// The Mersenne Twister.

/// Words of state.
const N: usize = 624;
/// The twist's offset.
const M: usize = 397;
/// The twist matrix's last row.
const MATRIX_A: u32 = 0x9908_b0df;
/// The most significant bit of a word.
const UPPER_MASK: u32 = 0x8000_0000;
/// The 31 low bits of a word.
const LOWER_MASK: u32 = 0x7fff_ffff;

/// MT19937's state: 624 words and the position of the next one to temper.
struct Twister {
    words: Box<[u32; N]>,
    /// `N` when the words are used up and must be regenerated.
    index: usize,
}

impl Twister {
    /// A state seeded with `key` (CPython's `init_by_array`).
    fn from_key(key: &[u32]) -> Twister {
        let mut twister = Twister {
            words: Box::new([0; N]),
            index: N,
        };
        twister.seed_key(key);
        twister
    }

    /// `init_genrand(s)`: the words from one 32-bit seed.
    fn seed_word(&mut self, s: u32) {
        let mt = &mut self.words;
        mt[0] = s;
        for i in 1..N {
            let prev = mt[i - 1];
            mt[i] = 1_812_433_253_u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// `init_by_array(key)`: the words mixed from a key of any length (at least one
    /// word).
    fn seed_key(&mut self, key: &[u32]) {
        debug_assert!(!key.is_empty());
        self.seed_word(19_650_218);
        let mt = &mut self.words;
        let mut i = 1;
        let mut j = 0;
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        // The top bit set: the state is never all zeros.
        mt[0] = 0x8000_0000;
    }

    /// Regenerates all the words (the "twist").
    fn twist(&mut self) {
        let mt = &mut self.words;
        let mix = |upper: u32, lower: u32, far: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            far ^ (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 }
        };
        for k in 0..N - 1 {
            mt[k] = mix(mt[k], mt[k + 1], mt[(k + M) % N]);
        }
        mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
        self.index = 0;
    }

    /// The next 32-bit output (`genrand_uint32`).
    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.words[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a double in [0, 1) from 27 + 26 bits of two outputs.
    fn next_f64(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `1 <= k <= 64`, as the general case would make it.
    fn bits_u64(&mut self, k: u32) -> u64 {
        debug_assert!((1..=64).contains(&k));
        if k <= 32 {
            return u64::from(self.next_u32() >> (32 - k));
        }
        let low = u64::from(self.next_u32());
        let high = u64::from(self.next_u32() >> (64 - k));
        low | (high << 32)
    }

    /// `getrandbits(k)` as 32-bit words, least significant first: one output per word,
    /// the last one shifted right to keep only its top bits.
    fn bits_words(&mut self, k: usize) -> Vec<u32> {
        let words = k.div_ceil(32);
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let r = self.next_u32();
            out.push(if left < 32 { r >> (32 - left) } else { r });
            left = left.saturating_sub(32);
        }
        out
    }

    /// A uniform int in `[0, n)`, `n > 0` (`_randbelow_with_getrandbits`).
    fn below_u64(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let k = u64::BITS - n.leading_zeros();
        loop {
            let r = self.bits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    /// A uniform int in `[0, n)`, `n > 0`, of any size.
    fn below_big(&mut self, n: &BigUint) -> BigUint {
        if let Some(small) = n.to_u64() {
            return BigUint::from(self.below_u64(small));
        }
        let k = usize::try_from(n.bits()).unwrap_or(usize::MAX);
        loop {
            let r = BigUint::from_slice(&self.bits_words(k));
            if &r < n {
                return r;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// SHA-512 (FIPS 180-4), for seeding from str and bytes.

/// The first 64 bits of the fractional parts of the cube roots of the first 80 primes.
const SHA512_K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// The first 64 bits of the fractional parts of the square roots of the first 8 primes.
const SHA512_H: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The SHA-512 digest of `data`.
fn sha512(data: &[u8]) -> [u8; 64] {
    // The message, a 1 bit, zeros, and its length in bits (128 bits, big-endian), to a
    // multiple of 128 bytes.
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 128 != 112 {
        message.push(0);
    }
    let bit_len = (data.len() as u128) * 8;
    message.extend_from_slice(&bit_len.to_be_bytes());

    let mut h = SHA512_H;
    let mut w = [0u64; 80];
    for block in message.chunks_exact(128) {
        for (t, word) in block.chunks_exact(8).enumerate() {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            w[t] = u64::from_be_bytes(bytes);
        }
        for t in 16..80 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for t in 0..80 {
            let big_s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let choose = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(big_s1)
                .wrapping_add(choose)
                .wrapping_add(SHA512_K[t])
                .wrapping_add(w[t]);
            let big_s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let t2 = big_s0.wrapping_add(majority);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (state, value) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *state = state.wrapping_add(value);
        }
    }
    let mut digest = [0u8; 64];
    for (out, word) in digest.chunks_exact_mut(8).zip(h) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

// ---------------------------------------------------------------------------
// Seeds.

/// A seed key from the operating system: 624 words of `/dev/urandom`, or, when it
/// cannot be read, the time, the process id and a per-process counter (CPython's
/// `random_seed_time_pid`, with an address for threads seeded in the same instant).
fn os_key() -> Vec<u32> {
    use std::io::Read;
    let mut bytes = [0u8; N * 4];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut file| file.read_exact(&mut bytes));
    if read.is_ok() {
        return bytes
            .chunks_exact(4)
            .map(|word| u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
            .collect();
    }
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let count = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let local = 0u8;
    let address = std::ptr::from_ref(&local).addr() as u64;
    [
        now as u64,
        (now >> 64) as u64,
        u64::from(std::process::id()),
        count,
        address,
    ]
    .into_iter()
    .flat_map(|value| [value as u32, (value >> 32) as u32])
    .collect()
}

/// The key of a non-negative int: its 32-bit words, least significant first (`[0]`
/// for zero).
fn int_key(magnitude: &BigUint) -> Vec<u32> {
    let words = magnitude.to_u32_digits();
    if words.is_empty() { vec![0] } else { words }
}

/// What `Random.seed(a, version)` seeds with: `None` for the OS's randomness.
fn seed_key(a: &Obj, version: &Obj) -> PyResult<Option<Vec<u32>>> {
    let text = |a: &Obj| -> Option<Vec<u8>> {
        a.downcast_ref::<PyStr>()
            .map(|s| s.as_str().as_bytes().to_vec())
            .or_else(|| a.downcast_ref::<PyBytes>().map(|b| b.as_bytes().to_vec()))
    };
    if version.eq(&Obj::from(1))? && (a.is_instance(&STR_TYPE) || a.is_instance(&BYTES_TYPE)) {
        // Version 1: the old string hash (a str by its code points, bytes by their
        // Latin-1 code points, the same values).
        let points: Vec<u64> = match a.downcast_ref::<PyStr>() {
            Some(s) => s
                .as_str()
                .chars()
                .map(|c| u64::from(u32::from(c)))
                .collect(),
            None => text(a)
                .unwrap_or_default()
                .into_iter()
                .map(u64::from)
                .collect(),
        };
        let mut x = points.first().map_or(0, |&first| first << 7);
        for &point in &points {
            x = x.wrapping_mul(1_000_003) ^ point;
        }
        x ^= points.len() as u64;
        return Ok(Some(int_key(&BigUint::from(x))));
    }
    if version.eq(&Obj::from(2))?
        && let Some(bytes) = text(a)
    {
        // Version 2: the int read big-endian from the bytes and their SHA-512 digest.
        let mut data = bytes;
        let digest = sha512(&data);
        data.extend_from_slice(&digest);
        return Ok(Some(int_key(&BigUint::from_bytes_be(&data))));
    }
    let supported = a.is_none()
        || a.is_instance(&INT_TYPE)
        || a.is_instance(&FLOAT_TYPE)
        || a.is_instance(&STR_TYPE)
        || a.is_instance(&BYTES_TYPE);
    if !supported {
        return Err(PyErr::type_error(
            "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
        ));
    }
    if a.is_none() {
        return Ok(None);
    }
    if let Some(int) = a.downcast_ref::<PyInt>() {
        return Ok(Some(int_key(int.to_bigint().magnitude())));
    }
    if let Some(flag) = a.downcast_ref::<PyBool>() {
        return Ok(Some(vec![u32::from(flag.value())]));
    }
    // Anything else seeds with its hash, as an unsigned word.
    let hash = a.hash()? as u64;
    Ok(Some(int_key(&BigUint::from(hash))))
}

// ---------------------------------------------------------------------------
// `Random` objects.

/// A `random.Random` object: a Mersenne Twister and the cached second value of
/// `gauss`.
struct PyRandom {
    /// Borrowed only for the draws of one step, never while user code runs.
    twister: RefCell<Twister>,
    gauss_next: Cell<Option<f64>>,
}

impl PyRandom {
    /// A generator seeded with `key`, or from the OS for `None`.
    fn new(key: Option<Vec<u32>>) -> PyRandom {
        PyRandom {
            twister: RefCell::new(Twister::from_key(&key.unwrap_or_else(os_key))),
            gauss_next: Cell::new(None),
        }
    }

    /// Reseeds: `key`, or the OS for `None`; forgets the cached gauss value.
    fn reseed(&self, key: Option<Vec<u32>>) {
        self.twister
            .borrow_mut()
            .seed_key(&key.unwrap_or_else(os_key));
        self.gauss_next.set(None);
    }

    /// `random()`.
    fn random(&self) -> f64 {
        self.twister.borrow_mut().next_f64()
    }

    /// `_randbelow(n)` for `n > 0`.
    fn below(&self, n: usize) -> usize {
        self.twister.borrow_mut().below_u64(n as u64) as usize
    }

    /// `_randbelow(n)` for an int `n > 0` of any size.
    fn below_big(&self, n: &BigInt) -> BigInt {
        let n = n.magnitude();
        BigInt::from(self.twister.borrow_mut().below_big(n))
    }
}

impl Trace for PyRandom {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&RANDOM_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

/// `random.Random`.
static RANDOM_TYPE: PyType = PyType {
    name: "Random",
    new: Some(random_new),
    repr: Some(|obj| Ok(format!("<random.Random object at {:#x}>", obj.id()))),
    getattr: Some(random_getattr),
    setattr: Some(random_setattr),
    weakrefable: true,
    ..PyType::BLANK
};

/// The code of a method of `Random`: called with the instance and the arguments.
type MethodCode = fn(&Obj, &Args<'_>) -> PyResult<Obj>;

/// A method of `Random`: its name, whether it is one of the C methods of CPython's
/// `_random.Random` (a `builtin_function_or_method` once bound) rather than a method
/// of `random.py` (a bound `method`), and its code.
struct RandomMethod {
    name: &'static str,
    builtin: bool,
    call: MethodCode,
}

/// The methods of `Random`, and the module's functions (bound to its hidden instance).
static METHODS: [RandomMethod; 23] = [
    method("seed", false, random_seed),
    method("random", true, random_random),
    method("uniform", false, random_uniform),
    method("triangular", false, random_triangular),
    method("randint", false, random_randint),
    method("choice", false, random_choice),
    method("randrange", false, random_randrange),
    method("sample", false, random_sample),
    method("shuffle", false, random_shuffle),
    method("choices", false, random_choices),
    method("normalvariate", false, random_normalvariate),
    method("lognormvariate", false, random_lognormvariate),
    method("expovariate", false, random_expovariate),
    method("vonmisesvariate", false, random_vonmisesvariate),
    method("gammavariate", false, random_gammavariate),
    method("gauss", false, random_gauss),
    method("betavariate", false, random_betavariate),
    method("paretovariate", false, random_paretovariate),
    method("weibullvariate", false, random_weibullvariate),
    method("getstate", false, random_getstate),
    method("setstate", false, random_setstate),
    method("getrandbits", true, random_getrandbits),
    method("randbytes", false, random_randbytes),
];

/// A row of [`METHODS`].
const fn method(name: &'static str, builtin: bool, call: MethodCode) -> RandomMethod {
    RandomMethod {
        name,
        builtin,
        call,
    }
}

/// `Random(x=None)`: a new generator seeded with `x` (`__init__` calls `seed(x)`).
fn random_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "x"]);
    let [_, x] = bind(
        &Obj::none(),
        "Random.__init__",
        &SIGNATURE,
        &[Obj::none()],
        args,
    )?;
    let key = seed_key(&x, &Obj::from(2))?;
    Ok(Obj::new(PyRandom::new(key)))
}

/// `r.random`, `r.gauss_next`, `r.VERSION`.
fn random_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    if let Some(method) = METHODS.iter().find(|method| method.name == name) {
        return Ok(Some(BoundMethod::bind(obj.clone(), method)));
    }
    Ok(match name {
        "gauss_next" => Some(
            state(obj)?
                .gauss_next
                .get()
                .map_or_else(Obj::none, Obj::from),
        ),
        "VERSION" => Some(Obj::from(3)),
        _ => None,
    })
}

/// `r.gauss_next = value` (a float, an int or `None`); the other attributes are
/// read-only.
fn random_setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let rng = state(obj)?;
    match (name, value) {
        ("gauss_next", Some(value)) => {
            rng.gauss_next.set(value.extract::<Option<f64>>()?);
            Ok(())
        }
        _ if METHODS.iter().any(|method| method.name == name) => Err(PyErr::attribute_error(
            format!("'Random' object attribute '{name}' is read-only"),
        )),
        _ => Err(PyErr::no_attribute(obj, name)),
    }
}

/// The generator behind a `Random` object.
fn state(obj: &Obj) -> PyResult<&PyRandom> {
    obj.downcast_ref::<PyRandom>().ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a 'Random' object but received a '{}'",
            obj.type_name()
        ))
    })
}

/// Binds a call of the Python-level method `qualname(self, ...)`: the arguments
/// after `self`, with the defaults of the last parameters, and CPython's texts (which
/// count `self`).
fn bind<const K: usize>(
    this: &Obj,
    qualname: &str,
    signature: &Signature,
    defaults: &[Obj],
    args: &Args<'_>,
) -> PyResult<[Obj; K]> {
    let mut positional = Vec::with_capacity(args.positional().len() + 1);
    positional.push(this.clone());
    positional.extend_from_slice(args.positional());
    let values = bind_arguments(
        qualname,
        signature,
        defaults,
        &Args::new(&positional, args.keywords()),
    )?;
    values
        .try_into()
        .map_err(|_| PyErr::system_error("bad signature"))
}

/// Binds a method with keyword-only parameters `keyword_only` (and their defaults):
/// the positional-or-keyword values, then the keyword-only ones.
fn bind_with_keyword_only<const K: usize, const W: usize>(
    this: &Obj,
    qualname: &str,
    signature: &Signature,
    defaults: &[Obj],
    keyword_only: [(&str, Obj); W],
    args: &Args<'_>,
) -> PyResult<([Obj; K], [Obj; W])> {
    let mut others = Vec::with_capacity(args.keywords().len());
    let mut extra = keyword_only;
    for (key, value) in args.keywords() {
        match extra.iter_mut().find(|(name, _)| name == key) {
            Some((_, slot)) => *slot = value.clone(),
            None => others.push((*key, value.clone())),
        }
    }
    let values = bind(
        this,
        qualname,
        signature,
        defaults,
        &Args::new(args.positional(), &others),
    )?;
    Ok((values, extra.map(|(_, value)| value)))
}

// ---------------------------------------------------------------------------
// Bound methods.

/// A method of `Random` bound to an instance (`random.random`, `r.choice`).
struct BoundMethod {
    owner: Obj,
    method: &'static RandomMethod,
}

impl BoundMethod {
    /// `owner.name` for the method `method`.
    fn bind(owner: Obj, method: &'static RandomMethod) -> Obj {
        let bound = BoundMethod { owner, method };
        if method.builtin {
            Obj::new(BuiltinBoundMethod(bound))
        } else {
            Obj::new(bound)
        }
    }
}

/// A C method of CPython's `_random.Random` bound to an instance (`random.random`):
/// a `builtin_function_or_method`.
struct BuiltinBoundMethod(BoundMethod);

impl Trace for BoundMethod {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&METHOD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.owner.trace(tracer);
    }
}

impl Trace for BuiltinBoundMethod {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&BUILTIN_METHOD_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.owner.trace(tracer);
    }
}

/// The bound method behind either kind of method object.
fn bound_of(obj: &Obj) -> PyResult<&BoundMethod> {
    obj.downcast_ref::<BoundMethod>()
        .or_else(|| obj.downcast_ref::<BuiltinBoundMethod>().map(|m| &m.0))
        .ok_or_else(|| PyErr::system_error("bad argument to internal function"))
}

/// Calls the bound method.
fn bound_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let bound = bound_of(obj)?;
    (bound.method.call)(&bound.owner, args)
}

/// `__name__`, `__self__` and `__func__`-less attributes of a bound method.
fn bound_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let bound = bound_of(obj)?;
    Ok(match name {
        "__name__" => Some(Obj::from(bound.method.name)),
        "__qualname__" => Some(Obj::from(format!("Random.{}", bound.method.name))),
        "__self__" => Some(bound.owner.clone()),
        _ => None,
    })
}

/// `method`: a method of `random.py`'s `Random` bound to an instance.
static METHOD_TYPE: PyType = PyType {
    name: "method",
    repr: Some(|obj| {
        let bound = bound_of(obj)?;
        Ok(format!(
            "<bound method Random.{} of {}>",
            bound.method.name,
            bound.owner.repr()?
        ))
    }),
    call: Some(bound_call),
    getattr: Some(bound_getattr),
    ..PyType::BLANK
};

/// `builtin_function_or_method`: a C method of `_random.Random` bound to an instance.
static BUILTIN_METHOD_TYPE: PyType = PyType {
    name: "builtin_function_or_method",
    repr: Some(|obj| {
        let bound = bound_of(obj)?;
        Ok(format!(
            "<built-in method {} of Random object at {:#x}>",
            bound.method.name,
            bound.owner.id()
        ))
    }),
    call: Some(bound_call),
    getattr: Some(bound_getattr),
    ..PyType::BLANK
};

// ---------------------------------------------------------------------------
// Helpers shared by the methods.

/// `operator.index(obj)` as a big int, or `None` when the object has no `__index__`.
fn try_index(obj: &Obj) -> PyResult<Option<BigInt>> {
    if let Some(int) = obj.downcast_ref::<PyInt>() {
        return Ok(Some(int.to_bigint()));
    }
    if let Some(flag) = obj.downcast_ref::<PyBool>() {
        return Ok(Some(BigInt::from(u8::from(flag.value()))));
    }
    let Some(index) = obj.py_type().number_slot(|number| number.index) else {
        return Ok(None);
    };
    let result = index(obj)?;
    match try_index_exact(&result) {
        Some(value) => Ok(Some(value)),
        None => Err(PyErr::type_error(format!(
            "__index__ returned non-int (type {})",
            result.type_name()
        ))),
    }
}

/// The value of an `int` or `bool` object.
fn try_index_exact(obj: &Obj) -> Option<BigInt> {
    if let Some(int) = obj.downcast_ref::<PyInt>() {
        return Some(int.to_bigint());
    }
    obj.downcast_ref::<PyBool>()
        .map(|flag| BigInt::from(u8::from(flag.value())))
}

/// `operator.index(obj)`, or `TypeError: 'float' object cannot be interpreted as an
/// integer`.
fn index(obj: &Obj) -> PyResult<BigInt> {
    try_index(obj)?.ok_or_else(|| {
        PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            obj.type_name()
        ))
    })
}

/// A C `int` argument (Argument Clinic's `int`).
fn c_int(obj: &Obj) -> PyResult<i32> {
    index(obj)?
        .to_i32()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C int"))
}

/// A float argument of a math function (`math.log(x)`'s `x`).
fn real(obj: &Obj) -> PyResult<f64> {
    obj.extract::<f64>()
}

/// `math.sqrt(x)` for a double.
fn sqrt(x: f64) -> PyResult<f64> {
    if x < 0.0 {
        return Err(PyErr::value_error("math domain error"));
    }
    Ok(x.sqrt())
}

/// `math.log(x)` for a double.
fn log(x: f64) -> PyResult<f64> {
    if x <= 0.0 {
        return Err(PyErr::value_error("math domain error"));
    }
    Ok(x.ln())
}

/// `math.exp(x)` for a double.
fn exp(x: f64) -> PyResult<f64> {
    let result = x.exp();
    if result.is_infinite() && x.is_finite() {
        return Err(PyErr::overflow_error("math range error"));
    }
    Ok(result)
}

/// `x / y` for doubles.
fn divide(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(PyErr::zero_division_error("float division by zero"));
    }
    Ok(x / y)
}

/// Whether `obj` is a sequence (`collections.abc.Sequence`): a list, tuple, str,
/// bytes or range.
fn is_sequence(obj: &Obj) -> bool {
    [&LIST_TYPE, &TUPLE_TYPE, &STR_TYPE, &BYTES_TYPE, &RANGE_TYPE]
        .into_iter()
        .any(|ty| obj.is_instance(ty))
}

/// `itertools.accumulate(iterable)`'s running sums, as a list would hold them.
fn accumulate(iterable: &Obj) -> PyResult<Vec<Obj>> {
    let mut sums: Vec<Obj> = Vec::new();
    for item in iterable.try_iter()? {
        let item = item?;
        let sum = match sums.last() {
            Some(total) => total.add(&item)?,
            None => item,
        };
        sums.push(sum);
    }
    Ok(sums)
}

/// `bisect.bisect_right(a, x, 0, hi)`.
fn bisect_right(a: &[Obj], x: &Obj, hi: usize) -> PyResult<usize> {
    let (mut lo, mut hi) = (0, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x.compare(&a[mid], CompareOp::Lt)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// An int object from a `usize`.
fn int(value: usize) -> Obj {
    Obj::from(value)
}

/// `2 * pi`.
const TWOPI: f64 = 2.0 * PI;

// ---------------------------------------------------------------------------
// The methods.

/// `seed(a=None, version=2)`.
fn random_seed(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "a", "version"]);
    let [_, a, version] = bind(
        this,
        "Random.seed",
        &SIGNATURE,
        &[Obj::none(), Obj::from(2)],
        args,
    )?;
    let rng = state(this)?;
    rng.reseed(seed_key(&a, &version)?);
    Ok(Obj::none())
}

/// `random()`: a float in [0.0, 1.0).
fn random_random(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.none("Random.random")?;
    Ok(Obj::from(state(this)?.random()))
}

/// `getrandbits(k)`: an int of `k` random bits.
fn random_getrandbits(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let k = c_int(args.one("Random.getrandbits")?)?;
    let rng = state(this)?;
    getrandbits(rng, k)
}

/// `getrandbits(k)` for a C int `k`.
fn getrandbits(rng: &PyRandom, k: i32) -> PyResult<Obj> {
    let Ok(k) = u32::try_from(k) else {
        return Err(PyErr::value_error("number of bits must be non-negative"));
    };
    // The draws first, the objects after the borrow ends (making an object may run a
    // collection, and a finalizer may draw from this generator).
    Ok(match k {
        0 => Obj::from(0),
        1..=64 => {
            let bits = rng.twister.borrow_mut().bits_u64(k);
            Obj::from(bits)
        }
        _ => {
            let words = rng.twister.borrow_mut().bits_words(k as usize);
            Obj::from(BigInt::from(BigUint::from_slice(&words)))
        }
    })
}

/// `randbytes(n)`: `getrandbits(n * 8)` as `n` bytes, little-endian.
fn random_randbytes(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "n"]);
    let [_, n] = bind(this, "Random.randbytes", &SIGNATURE, &[], args)?;
    let bits = c_int(&n.mul(&Obj::from(8))?)?;
    let rng = state(this)?;
    let value = getrandbits(rng, bits)?;
    let value = try_index_exact(&value).unwrap_or_default();
    let mut bytes = value.magnitude().to_bytes_le();
    // `bits >= 0` here: `n * 8` is a multiple of 8.
    bytes.resize(bits as usize / 8, 0);
    Ok(Obj::bytes(&bytes))
}

/// `randrange(start, stop=None, step=1)`.
fn random_randrange(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "start", "stop", "step"]);
    let [_, start, stop, step] = bind(
        this,
        "Random.randrange",
        &SIGNATURE,
        &[Obj::none(), Obj::from(1)],
        args,
    )?;
    randrange(state(this)?, &start, &stop, &step)
}

/// `randint(a, b)`: `randrange(a, b + 1)`.
fn random_randint(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "a", "b"]);
    let [_, a, b] = bind(this, "Random.randint", &SIGNATURE, &[], args)?;
    let stop = b.add(&Obj::from(1))?;
    randrange(state(this)?, &a, &stop, &Obj::from(1))
}

/// An argument of `randrange` as an int: its `__index__`, or an integral value
/// `int()` accepts (deprecated since 3.10; no warning is issued here), or
/// `ValueError: non-integer ...`.
fn range_arg(obj: &Obj, non_integer: &str) -> PyResult<BigInt> {
    if let Some(value) = try_index(obj)? {
        return Ok(value);
    }
    let converted = INT_TYPE.to_object().call(std::slice::from_ref(obj))?;
    if converted.compare(obj, CompareOp::Ne)? {
        return Err(PyErr::value_error(non_integer));
    }
    index(&converted)
}

/// `randrange(start, stop, step)`: `step` is the int 1 object when not given.
fn randrange(rng: &PyRandom, start: &Obj, stop: &Obj, step: &Obj) -> PyResult<Obj> {
    // Machine ints: the same steps in i128, without big-int allocations.
    let small = |obj: &Obj| obj.downcast_ref::<PyInt>().and_then(PyInt::to_i64);
    if let (Some(start), Some(stop), Some(step)) = (small(start), small(stop), small(step)) {
        return randrange_small(rng, i128::from(start), i128::from(stop), i128::from(step));
    }
    let istart = range_arg(start, "non-integer arg 1 for randrange()")?;
    if stop.is_none() {
        // `step is not 1`: the argument was given (the int 1 is one cached object).
        if !step.is(&Obj::from(1)) {
            return Err(PyErr::type_error("Missing a non-None stop argument"));
        }
        if istart.is_positive() {
            return Ok(Obj::from(rng.below_big(&istart)));
        }
        return Err(PyErr::value_error("empty range for randrange()"));
    }
    let istop = range_arg(stop, "non-integer stop for randrange()")?;
    let width = &istop - &istart;
    let istep = range_arg(step, "non-integer step for randrange()")?;
    if istep.is_one() {
        if width.is_positive() {
            return Ok(Obj::from(istart + rng.below_big(&width)));
        }
        return Err(PyErr::value_error(format!(
            "empty range for randrange() ({istart}, {istop}, {width})"
        )));
    }
    let one = BigInt::one();
    let n = if istep.is_positive() {
        (width + &istep - &one).div_floor(&istep)
    } else if istep.is_negative() {
        (width + &istep + &one).div_floor(&istep)
    } else {
        return Err(PyErr::value_error("zero step for randrange()"));
    };
    if !n.is_positive() {
        return Err(PyErr::value_error("empty range for randrange()"));
    }
    Ok(Obj::from(istart + istep * rng.below_big(&n)))
}

/// `randrange` for ints that fit an `i64` (every intermediate fits an `i128`).
fn randrange_small(rng: &PyRandom, start: i128, stop: i128, step: i128) -> PyResult<Obj> {
    let width = stop - start;
    let below = |n: i128| -> i128 {
        let n = u64::try_from(n).expect("a width of two i64 fits a u64");
        i128::from(rng.twister.borrow_mut().below_u64(n))
    };
    if step == 1 {
        if width > 0 {
            return Ok(Obj::from(start + below(width)));
        }
        return Err(PyErr::value_error(format!(
            "empty range for randrange() ({start}, {stop}, {width})"
        )));
    }
    let n = match step.signum() {
        1 => Integer::div_floor(&(width + step - 1), &step),
        -1 => Integer::div_floor(&(width + step + 1), &step),
        _ => return Err(PyErr::value_error("zero step for randrange()")),
    };
    if n <= 0 {
        return Err(PyErr::value_error("empty range for randrange()"));
    }
    Ok(Obj::from(start + step * below(n)))
}

/// `choice(seq)`: a random item of a non-empty sequence.
fn random_choice(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "seq"]);
    let [_, seq] = bind(this, "Random.choice", &SIGNATURE, &[], args)?;
    let len = seq.len()?;
    if len == 0 {
        return Err(PyErr::index_error("Cannot choose from an empty sequence"));
    }
    let index = state(this)?.below(len);
    seq.get_item(&int(index))
}

/// `shuffle(x)`: shuffles the mutable sequence `x` in place, from its end: item `i`
/// is swapped with item `randbelow(i + 1)`.
fn random_shuffle(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "x"]);
    let [_, x] = bind(this, "Random.shuffle", &SIGNATURE, &[], args)?;
    let rng = state(this)?;
    for i in (1..x.len()?).rev() {
        let j = rng.below(i + 1);
        let (i, j) = (int(i), int(j));
        // `x[i], x[j] = x[j], x[i]`: both read, then both written.
        let item_j = x.get_item(&j)?;
        let item_i = x.get_item(&i)?;
        x.set_item(&i, &item_j)?;
        x.set_item(&j, &item_i)?;
    }
    Ok(Obj::none())
}

/// `sample(population, k, *, counts=None)`: `k` distinct positions of a sequence, in
/// selection order.
fn random_sample(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "population", "k"]);
    let ([_, population, k], [counts]) = bind_with_keyword_only(
        this,
        "Random.sample",
        &SIGNATURE,
        &[],
        [("counts", Obj::none())],
        args,
    )?;
    sample(state(this)?, &population, &k, &counts)
}

/// `sample` after its arguments are bound.
fn sample(rng: &PyRandom, population: &Obj, k: &Obj, counts: &Obj) -> PyResult<Obj> {
    if !is_sequence(population) {
        return Err(PyErr::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let n = population.len()?;
    if !counts.is_none() {
        let mut cum_counts = accumulate(counts)?;
        if cum_counts.len() != n {
            return Err(PyErr::value_error(
                "The number of counts does not match the population",
            ));
        }
        let Some(total) = cum_counts.pop() else {
            return Err(PyErr::index_error("pop from empty list"));
        };
        if !total.is_instance(&INT_TYPE) {
            return Err(PyErr::type_error("Counts must be integers"));
        }
        if total.compare(&Obj::from(0), CompareOp::Le)? {
            return Err(PyErr::value_error(
                "Total of counts must be greater than zero",
            ));
        }
        let total = total.extract::<i64>()?;
        let selections = sample(rng, &Obj::range(0, total, 1)?, k, &Obj::none())?;
        let mut result = Vec::new();
        for selection in selections.to_vec()? {
            let position = bisect_right(&cum_counts, &selection, cum_counts.len())?;
            result.push(population.get_item(&int(position))?);
        }
        return Ok(Obj::list_from_vec(result));
    }
    let in_range = Obj::from(0).compare(k, CompareOp::Le)? && k.compare(&int(n), CompareOp::Le)?;
    if !in_range {
        return Err(PyErr::value_error(
            "Sample larger than population or is negative",
        ));
    }
    // `[None] * k`.
    let k = match try_index(k)? {
        Some(k) => k.to_usize().unwrap_or(0),
        None => {
            return Err(PyErr::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                k.type_name()
            )));
        }
    };
    // A pool of `n` items costs less than a set of `k` selections up to this size.
    let mut setsize: u128 = 21;
    if k > 5 {
        let exponent = ((k * 3) as f64).ln() / 4.0_f64.ln();
        setsize += 4_u128.saturating_pow(exponent.ceil() as u32);
    }
    let mut result = Vec::with_capacity(k);
    if n as u128 <= setsize {
        let mut pool = population.to_vec()?;
        for i in 0..k {
            let j = rng.below(n - i);
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::with_capacity(k);
        for _ in 0..k {
            let mut j = rng.below(n);
            while selected.contains(&j) {
                j = rng.below(n);
            }
            selected.insert(j);
            result.push(population.get_item(&int(j))?);
        }
    }
    Ok(Obj::list_from_vec(result))
}

/// `choices(population, weights=None, *, cum_weights=None, k=1)`: `k` items chosen
/// with replacement.
fn random_choices(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "population", "weights"]);
    let ([_, population, weights], [cum_weights, k]) = bind_with_keyword_only(
        this,
        "Random.choices",
        &SIGNATURE,
        &[Obj::none()],
        [("cum_weights", Obj::none()), ("k", Obj::from(1))],
        args,
    )?;
    let rng = state(this)?;
    let n = population.len()?;
    // `itertools.repeat(None, k)`.
    let times = |k: &Obj| -> PyResult<usize> { Ok(index(k)?.to_usize().unwrap_or(0)) };
    let cum_weights = if cum_weights.is_none() {
        if weights.is_none() {
            let count = times(&k)?;
            let mut result = Vec::new();
            for _ in 0..count {
                let position = (rng.random() * n as f64).floor() as usize;
                result.push(population.get_item(&int(position))?);
            }
            return Ok(Obj::list_from_vec(result));
        }
        match accumulate(&weights) {
            Ok(sums) => sums,
            Err(error) if error.is_instance(&TYPE_ERROR) && weights.is_instance(&INT_TYPE) => {
                return Err(PyErr::type_error(format!(
                    "The number of choices must be a keyword argument: k={}",
                    weights.repr()?
                )));
            }
            Err(error) => return Err(error),
        }
    } else if !weights.is_none() {
        return Err(PyErr::type_error(
            "Cannot specify both weights and cumulative weights",
        ));
    } else {
        cum_weights.to_vec()?
    };
    if cum_weights.len() != n {
        return Err(PyErr::value_error(
            "The number of weights does not match the population",
        ));
    }
    let Some(last) = cum_weights.last() else {
        return Err(PyErr::index_error("list index out of range"));
    };
    let total = last.add(&Obj::from(0.0))?;
    if total.compare(&Obj::from(0.0), CompareOp::Le)? {
        return Err(PyErr::value_error(
            "Total of weights must be greater than zero",
        ));
    }
    if !real(&total)?.is_finite() {
        return Err(PyErr::value_error("Total of weights must be finite"));
    }
    let hi = n - 1;
    let count = times(&k)?;
    let mut result = Vec::new();
    for _ in 0..count {
        let x = Obj::from(rng.random()).mul(&total)?;
        let position = bisect_right(&cum_weights, &x, hi)?;
        result.push(population.get_item(&int(position))?);
    }
    Ok(Obj::list_from_vec(result))
}

/// `uniform(a, b)`: `a + (b - a) * random()`.
fn random_uniform(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "a", "b"]);
    let [_, a, b] = bind(this, "Random.uniform", &SIGNATURE, &[], args)?;
    let width = b.sub(&a)?;
    let scaled = width.mul(&Obj::from(state(this)?.random()))?;
    a.add(&scaled)
}

/// `triangular(low=0.0, high=1.0, mode=None)`.
fn random_triangular(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "low", "high", "mode"]);
    let [_, mut low, mut high, mode] = bind(
        this,
        "Random.triangular",
        &SIGNATURE,
        &[Obj::from(0.0), Obj::from(1.0), Obj::none()],
        args,
    )?;
    let mut u = state(this)?.random();
    let c = if mode.is_none() {
        Ok(Obj::from(0.5))
    } else {
        mode.sub(&low)
            .and_then(|above| above.truediv(&high.sub(&low)?))
    };
    let mut c = match c {
        Ok(c) => c,
        Err(error) if error.is_instance(&ZERO_DIVISION_ERROR) => return Ok(low),
        Err(error) => return Err(error),
    };
    if Obj::from(u).compare(&c, CompareOp::Gt)? {
        u = 1.0 - u;
        c = Obj::from(1.0).sub(&c)?;
        std::mem::swap(&mut low, &mut high);
    }
    let width = high.sub(&low)?;
    let root = sqrt(real(&Obj::from(u).mul(&c)?)?)?;
    low.add(&width.mul(&Obj::from(root))?)
}

/// Binds `name(self, mu=0.0, sigma=1.0)`.
fn mu_sigma(this: &Obj, qualname: &str, args: &Args<'_>) -> PyResult<[Obj; 2]> {
    static SIGNATURE: Signature = Signature::new(&["self", "mu", "sigma"]);
    let [_, mu, sigma] = bind(
        this,
        qualname,
        &SIGNATURE,
        &[Obj::from(0.0), Obj::from(1.0)],
        args,
    )?;
    Ok([mu, sigma])
}

/// `normalvariate(mu=0.0, sigma=1.0)`: Kinderman and Monahan's ratio of uniforms.
fn random_normalvariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [mu, sigma] = mu_sigma(this, "Random.normalvariate", args)?;
    normalvariate(state(this)?, &mu, &sigma)
}

/// `normalvariate` after its arguments are bound.
fn normalvariate(rng: &PyRandom, mu: &Obj, sigma: &Obj) -> PyResult<Obj> {
    let magic = 4.0 * (-0.5_f64).exp() / 2.0_f64.sqrt();
    let z = loop {
        let u1 = rng.random();
        let u2 = 1.0 - rng.random();
        let z = magic * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -log(u2)? {
            break z;
        }
    };
    mu.add(&Obj::from(z).mul(sigma)?)
}

/// `gauss(mu=0.0, sigma=1.0)`: Box-Muller, two values per pair of draws, the second
/// kept for the next call.
fn random_gauss(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let [mu, sigma] = mu_sigma(this, "Random.gauss", args)?;
    let rng = state(this)?;
    let z = match rng.gauss_next.take() {
        Some(z) => z,
        None => {
            let x2pi = rng.random() * TWOPI;
            let g2rad = sqrt(-2.0 * log(1.0 - rng.random())?)?;
            rng.gauss_next.set(Some(x2pi.sin() * g2rad));
            x2pi.cos() * g2rad
        }
    };
    mu.add(&Obj::from(z).mul(&sigma)?)
}

/// `lognormvariate(mu, sigma)`: `exp(normalvariate(mu, sigma))`.
fn random_lognormvariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "mu", "sigma"]);
    let [_, mu, sigma] = bind(this, "Random.lognormvariate", &SIGNATURE, &[], args)?;
    let normal = normalvariate(state(this)?, &mu, &sigma)?;
    Ok(Obj::from(exp(real(&normal)?)?))
}

/// `expovariate(lambd)`: `-log(1.0 - random()) / lambd`.
fn random_expovariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "lambd"]);
    let [_, lambd] = bind(this, "Random.expovariate", &SIGNATURE, &[], args)?;
    let draw = -log(1.0 - state(this)?.random())?;
    Obj::from(draw).truediv(&lambd)
}

/// `vonmisesvariate(mu, kappa)`: Fisher's algorithm for circular data.
fn random_vonmisesvariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "mu", "kappa"]);
    let [_, mu, kappa] = bind(this, "Random.vonmisesvariate", &SIGNATURE, &[], args)?;
    let rng = state(this)?;
    if kappa.compare(&Obj::from(1e-6), CompareOp::Le)? {
        return Ok(Obj::from(TWOPI * rng.random()));
    }
    let kappa = real(&kappa)?;
    let s = 0.5 / kappa;
    let r = s + (1.0 + s * s).sqrt();
    let z = loop {
        let u1 = rng.random();
        let z = (PI * u1).cos();
        let d = z / (r + z);
        let u2 = rng.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * exp(d)? {
            break z;
        }
    };
    let q = 1.0 / r;
    let f = (q + z) / (1.0 + q * z);
    let u3 = rng.random();
    let angle = Obj::from(f.acos());
    let theta = if u3 > 0.5 {
        mu.add(&angle)?
    } else {
        mu.sub(&angle)?
    };
    theta.rem(&Obj::from(TWOPI))
}

/// `gammavariate(alpha, beta)` with the checks of its arguments.
fn random_gammavariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "alpha", "beta"]);
    let [_, alpha, beta] = bind(this, "Random.gammavariate", &SIGNATURE, &[], args)?;
    gammavariate(state(this)?, &alpha, &beta)
}

/// `gammavariate`: Cheng's algorithm for `alpha > 1`, an exponential for `alpha == 1`,
/// Kennedy and Gentle's algorithm GS below.
fn gammavariate(rng: &PyRandom, alpha: &Obj, beta: &Obj) -> PyResult<Obj> {
    let zero = Obj::from(0.0);
    if alpha.compare(&zero, CompareOp::Le)? || beta.compare(&zero, CompareOp::Le)? {
        return Err(PyErr::value_error(
            "gammavariate: alpha and beta must be > 0.0",
        ));
    }
    let (alpha, beta) = (real(alpha)?, real(beta)?);
    if alpha > 1.0 {
        let ainv = sqrt(2.0 * alpha - 1.0)?;
        let bbb = alpha - 4.0_f64.ln();
        let ccc = alpha + ainv;
        let sg_magic = 1.0 + 4.5_f64.ln();
        loop {
            let u1 = rng.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - rng.random();
            let v = log(u1 / (1.0 - u1))? / ainv;
            let x = alpha * exp(v)?;
            let z = u1 * u1 * u2;
            let r = bbb + ccc * v - x;
            if r + sg_magic - 4.5 * z >= 0.0 || r >= log(z)? {
                return Ok(Obj::from(x * beta));
            }
        }
    } else if alpha == 1.0 {
        Ok(Obj::from(-log(1.0 - rng.random())? * beta))
    } else {
        let x = loop {
            let u = rng.random();
            let b = (E + alpha) / E;
            let p = b * u;
            let x = if p <= 1.0 {
                real(&Obj::from(p).pow(&Obj::from(1.0 / alpha))?)?
            } else {
                -log((b - p) / alpha)?
            };
            let u1 = rng.random();
            if p > 1.0 {
                if u1 <= real(&Obj::from(x).pow(&Obj::from(alpha - 1.0))?)? {
                    break x;
                }
            } else if u1 <= exp(-x)? {
                break x;
            }
        };
        Ok(Obj::from(x * beta))
    }
}

/// `betavariate(alpha, beta)`: `y / (y + gammavariate(beta, 1.0))` for `y =
/// gammavariate(alpha, 1.0)`.
fn random_betavariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "alpha", "beta"]);
    let [_, alpha, beta] = bind(this, "Random.betavariate", &SIGNATURE, &[], args)?;
    let rng = state(this)?;
    let one = Obj::from(1.0);
    let y = real(&gammavariate(rng, &alpha, &one)?)?;
    if y != 0.0 {
        let other = real(&gammavariate(rng, &beta, &one)?)?;
        return Ok(Obj::from(divide(y, y + other)?));
    }
    Ok(Obj::from(0.0))
}

/// `paretovariate(alpha)`: `(1.0 - random()) ** (-1.0 / alpha)`.
fn random_paretovariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "alpha"]);
    let [_, alpha] = bind(this, "Random.paretovariate", &SIGNATURE, &[], args)?;
    let u = 1.0 - state(this)?.random();
    Obj::from(u).pow(&Obj::from(-1.0).truediv(&alpha)?)
}

/// `weibullvariate(alpha, beta)`: `alpha * (-log(1.0 - random())) ** (1.0 / beta)`.
fn random_weibullvariate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "alpha", "beta"]);
    let [_, alpha, beta] = bind(this, "Random.weibullvariate", &SIGNATURE, &[], args)?;
    let u = 1.0 - state(this)?.random();
    let power = Obj::from(-log(u)?).pow(&Obj::from(1.0).truediv(&beta)?)?;
    alpha.mul(&power)
}

/// `getstate()`: `(3, (624 words..., index), gauss_next)`.
fn random_getstate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self"]);
    let [_] = bind(this, "Random.getstate", &SIGNATURE, &[], args)?;
    let rng = state(this)?;
    // Copied out first: no borrow while objects are made.
    let (words, index) = {
        let twister = rng.twister.borrow();
        (twister.words.clone(), twister.index)
    };
    let internal = words
        .iter()
        .map(|&word| Obj::from(word))
        .chain(std::iter::once(int(index)))
        .collect::<Vec<Obj>>();
    let gauss_next = rng.gauss_next.get().map_or_else(Obj::none, Obj::from);
    Ok(Obj::tuple([Obj::from(3), Obj::tuple(internal), gauss_next]))
}

/// `setstate(state)`: restores what `getstate()` returned (version 3, or version 2's
/// signed words).
fn random_setstate(this: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "state"]);
    let [_, saved] = bind(this, "Random.setstate", &SIGNATURE, &[], args)?;
    let rng = state(this)?;
    let version = saved.get_item(&Obj::from(0))?;
    let is_v3 = version.eq(&Obj::from(3))?;
    if !is_v3 && !version.eq(&Obj::from(2))? {
        return Err(PyErr::value_error(format!(
            "state with version {} passed to Random.setstate() of version 3",
            version.str()?
        )));
    }
    let parts = saved.to_vec()?;
    let [_, internal, gauss_next] = <[Obj; 3]>::try_from(parts).map_err(|parts| {
        if parts.len() < 3 {
            PyErr::value_error(format!(
                "not enough values to unpack (expected 3, got {})",
                parts.len()
            ))
        } else {
            PyErr::value_error("too many values to unpack (expected 3)")
        }
    })?;
    rng.gauss_next.set(gauss_next.extract::<Option<f64>>()?);
    let internal = if is_v3 {
        internal
    } else {
        // Version 2 saved signed words: each one modulo 2**32.
        let modulus = Obj::from(1_u64 << 32);
        let words = internal
            .to_vec()?
            .iter()
            .map(|word| word.rem(&modulus))
            .collect::<PyResult<Vec<Obj>>>()?;
        Obj::tuple(words)
    };
    let Some(items) = internal.downcast_ref::<crate::pyobject::PyTuple>() else {
        return Err(PyErr::type_error("state vector must be a tuple"));
    };
    let items = items.as_slice();
    if items.len() != N + 1 {
        return Err(PyErr::value_error("state vector is the wrong size"));
    }
    let mut words = Box::new([0u32; N]);
    for (word, item) in words.iter_mut().zip(items) {
        let value =
            try_index_exact(item).ok_or_else(|| PyErr::type_error("an integer is required"))?;
        if value.is_negative() {
            return Err(PyErr::overflow_error(
                "can't convert negative value to unsigned int",
            ));
        }
        let value = value.to_u64().ok_or_else(|| {
            PyErr::overflow_error("Python int too large to convert to C unsigned long")
        })?;
        // A C `uint32_t` keeps the low 32 bits.
        *word = value as u32;
    }
    let index = try_index_exact(&items[N]).ok_or_else(|| {
        PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            items[N].type_name()
        ))
    })?;
    let index = index
        .to_i64()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C long"))?;
    if !(0..=N as i64).contains(&index) {
        return Err(PyErr::value_error("invalid state"));
    }
    let mut twister = rng.twister.borrow_mut();
    twister.words = words;
    twister.index = index as usize;
    Ok(Obj::none())
}

// ---------------------------------------------------------------------------
// The module.

/// Makes the `random` module object: `Random`, and every method of one hidden
/// instance seeded from the OS, as module functions.
pub(super) fn make() -> PyResult<Obj> {
    let instance = Obj::new(PyRandom::new(None));
    let functions = METHODS
        .iter()
        .map(|method| (method.name, BoundMethod::bind(instance.clone(), method)));
    PyModule::new_object(
        "random",
        std::iter::once(("Random", RANDOM_TYPE.to_object())).chain(functions),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha512_known_digests() {
        assert_eq!(
            hex(&sha512(b"")),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
             47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        );
        assert_eq!(
            hex(&sha512(b"abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
    }

    #[test]
    fn twister_matches_the_reference_output() {
        // The reference implementation's first output for init_by_array({0x123,
        // 0x234, 0x345, 0x456}).
        let mut twister = Twister::from_key(&[0x123, 0x234, 0x345, 0x456]);
        assert_eq!(twister.next_u32(), 1_067_595_299);
        assert_eq!(twister.next_u32(), 955_945_823);
    }
}
