//! `import random` against CPython 3.11: the Mersenne Twister's draws bit for bit
//! (seeds of every kind, `random`, `getrandbits`, the integer, sequence and
//! distribution methods), `Random` instances with their own state, `getstate` and
//! `setstate`, and CPython's error texts.
//!
//! The expected values are `repr`s printed by CPython 3.11.7 running the same calls
//! (`random.seed(42); [random.random() for _ in range(5)]`, ...), pinned in
//! [`EXPECTED`].

// Safe code only, in large tables: many minutes under Miri for nothing Miri could find
// there (the memory core's own tests run under it).
#![cfg(not(miri))]

use pyobj_runtime::{Args, Obj, PyResult, modules};

fn random() -> Obj {
    modules::import("random").expect("pyobj provides random")
}

/// `random.name(*args)`.
fn call(name: &str, args: &[Obj]) -> PyResult<Obj> {
    random().getattr(name)?.call(args)
}

/// `random.name(*args, **keywords)`.
fn call_kw(name: &str, args: &[Obj], keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    random()
        .getattr(name)?
        .call_with(&Args::new(args, keywords))
}

fn i(value: i64) -> Obj {
    Obj::from(value)
}

fn f(value: f64) -> Obj {
    Obj::from(value)
}

fn s(text: &str) -> Obj {
    Obj::from(text)
}

/// `base ** exponent`, an int of any size.
fn pow(base: i64, exponent: i64) -> Obj {
    i(base).pow(&i(exponent)).unwrap()
}

/// `random.seed(a)`.
fn seed(a: Obj) {
    call("seed", &[a]).unwrap();
}

/// `n` results of `draw`.
fn repeat(n: usize, mut draw: impl FnMut() -> PyResult<Obj>) -> Vec<Obj> {
    (0..n).map(|_| draw().unwrap()).collect()
}

/// `n` results of `random.name(*args)`.
fn draws(n: usize, name: &str, args: &[Obj]) -> Vec<Obj> {
    repeat(n, || call(name, args))
}

/// Checks that the list of `values` reads as CPython's result `name`.
#[track_caller]
fn check(name: &str, values: Vec<Obj>) {
    check_obj(name, &Obj::list(values));
}

/// Checks that `value` reads as CPython's result `name`.
#[track_caller]
fn check_obj(name: &str, value: &Obj) {
    let expected = EXPECTED
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no expected value {name}"));
    assert_eq!(value.repr().unwrap(), expected, "{name}");
}

/// The error text of a call that must fail.
#[track_caller]
fn error(result: PyResult<Obj>) -> String {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn random_after_seed_42() {
    seed(i(42));
    check("seed42_random5", draws(5, "random", &[]));
    seed(i(42));
    let bits = [100, 32, 1, 64, 0, 33, 200]
        .into_iter()
        .map(|k| call("getrandbits", &[i(k)]).unwrap())
        .collect();
    check("seed42_bits", bits);
}

#[test]
fn seeds_of_every_kind() {
    let seeds: Vec<(&str, Obj)> = vec![
        ("zero", i(0)),
        ("big", pow(2, 100).add(&i(12345)).unwrap()),
        ("neg", i(-42)),
        ("huge_neg", pow(3, 200).neg().unwrap()),
        ("str", s("hello")),
        ("bytes", Obj::bytes(b"hello")),
        ("unicode", s("héllo ünïcode ☃")),
        ("empty_str", s("")),
        ("float", f(1.5)),
        ("true", Obj::from(true)),
        ("u64", pow(2, 64).sub(&i(1)).unwrap()),
        ("u32", pow(2, 32)),
    ];
    for (label, a) in seeds {
        seed(a);
        check(&format!("seed_{label}"), draws(3, "random", &[]));
    }
    let version_1 = [
        ("str", s("abc")),
        ("bytes", Obj::bytes(b"abc")),
        ("int", i(5)),
    ];
    for (label, a) in version_1 {
        call_kw("seed", &[a], &[("version", i(1))]).unwrap();
        check(&format!("seed_v1_{label}"), draws(3, "random", &[]));
    }
}

#[test]
fn seeding_from_the_os() {
    // No argument, or None: different streams each time (2**-53 chance of a tie).
    call("seed", &[]).unwrap();
    let a = call("random", &[]).unwrap();
    call("seed", &[Obj::none()]).unwrap();
    let b = call("random", &[]).unwrap();
    assert!(!a.eq(&b).unwrap());
    let class = random().getattr("Random").unwrap();
    let r1 = class.call(&[]).unwrap().call_method("random", &[]).unwrap();
    let r2 = class.call(&[]).unwrap().call_method("random", &[]).unwrap();
    assert!(!r1.eq(&r2).unwrap());
}

#[test]
fn integers() {
    seed(i(1));
    let mut values = draws(10, "randrange", &[i(10)]);
    values.extend(draws(5, "randrange", &[i(5), i(100), i(7)]));
    values.extend(draws(5, "randrange", &[i(100), i(0), i(-3)]));
    values.extend(draws(5, "randrange", &[i(-10), i(10)]));
    values.extend(draws(3, "randrange", &[pow(2, 70)]));
    let big = pow(2, 80);
    values.extend(draws(3, "randrange", &[big.neg().unwrap(), big, i(3)]));
    let wide = pow(2, 62);
    values.extend(draws(3, "randrange", &[wide.neg().unwrap(), wide]));
    values.extend(draws(2, "randrange", &[Obj::from(true), f(10.0)]));
    check("randrange", values);
    let mut values = draws(10, "randint", &[i(1), i(6)]);
    let big = pow(2, 65);
    values.extend(draws(2, "randint", &[big.neg().unwrap(), big]));
    check("randint", values);
}

#[test]
fn sequences() {
    seed(i(2));
    let list = Obj::list([i(10), i(20), i(30), i(40)]);
    let mut values = draws(6, "choice", &[list]);
    values.extend(draws(4, "choice", &[s("abcdef")]));
    values.extend(draws(3, "choice", &[Obj::range(0, 1000, 1).unwrap()]));
    values.push(call("choice", &[Obj::tuple([i(1), i(2), i(3)])]).unwrap());
    check("choice", values);

    let numbers = Obj::list((0..10).map(i));
    assert!(
        call("shuffle", std::slice::from_ref(&numbers))
            .unwrap()
            .is_none()
    );
    check_obj("shuffle", &numbers);
    let letters = Obj::list(
        "abcdefghijklmnopqrstuvwxyz"
            .chars()
            .map(|c| s(&c.to_string())),
    );
    call("shuffle", std::slice::from_ref(&letters)).unwrap();
    check_obj("shuffle_letters", &letters);
}

#[test]
fn samples() {
    seed(i(3));
    // 20 items, k = 5: the pool; 100 items, k = 10 and 1000 items, k = 30: the set.
    let pool = Obj::list((0..20).map(i));
    check_obj(
        "sample_pool",
        &call("sample", &[pool.clone(), i(5)]).unwrap(),
    );
    assert_eq!(
        pool.repr().unwrap(),
        Obj::list((0..20).map(i)).repr().unwrap()
    );
    let range = |n| Obj::range(0, n, 1).unwrap();
    check_obj("sample_set", &call("sample", &[range(100), i(10)]).unwrap());
    check_obj(
        "sample_big_k",
        &call("sample", &[range(1000), i(30)]).unwrap(),
    );
    check_obj(
        "sample_str",
        &call("sample", &[s("abcdefgh"), i(3)]).unwrap(),
    );
    let colours = Obj::list([s("red"), s("blue")]);
    let counts = Obj::list([i(4), i(2)]);
    let sample = call_kw("sample", &[colours], &[("counts", counts), ("k", i(5))]).unwrap();
    check_obj("sample_counts", &sample);
    let all = Obj::tuple((1..=7).map(i));
    check_obj("sample_all", &call("sample", &[all, i(7)]).unwrap());
}

#[test]
fn distributions() {
    seed(i(4));
    let mut values = draws(3, "uniform", &[i(1), i(10)]);
    values.extend(draws(2, "uniform", &[f(-1.5), f(2.5)]));
    check("uniform", values);
    // gauss: pairs of values, the second one cached for the next call.
    let mut values = draws(3, "gauss", &[]);
    values.extend(draws(3, "gauss", &[i(10), i(2)]));
    check("gauss", values);
    // Seeding forgets the cached value.
    seed(i(4));
    call("gauss", &[]).unwrap();
    let after = call("random", &[]).unwrap();
    seed(i(4));
    check("gauss_reseeded", vec![after, call("gauss", &[]).unwrap()]);

    seed(i(5));
    let mut values = draws(3, "normalvariate", &[]);
    values.extend(draws(2, "normalvariate", &[i(5), f(0.5)]));
    check("normalvariate", values);
    let mut values = draws(3, "expovariate", &[f(1.5)]);
    values.extend(draws(1, "expovariate", &[i(2)]));
    check("expovariate", values);
    let mut values = draws(2, "triangular", &[]);
    values.extend(draws(3, "triangular", &[i(0), i(10), i(2)]));
    values.extend(draws(1, "triangular", &[i(1), i(1)]));
    check("triangular", values);
    let mut values = draws(2, "gammavariate", &[f(0.5), f(2.0)]);
    values.extend(draws(1, "gammavariate", &[f(1.0), f(3.0)]));
    values.extend(draws(2, "gammavariate", &[i(5), i(1)]));
    check("gammavariate", values);
    check("betavariate", draws(3, "betavariate", &[i(2), i(5)]));
    check("lognormvariate", draws(2, "lognormvariate", &[i(0), i(1)]));
    let mut values = draws(2, "vonmisesvariate", &[f(1.0), f(4.0)]);
    values.extend(draws(1, "vonmisesvariate", &[i(0), i(0)]));
    check("vonmisesvariate", values);
    check("paretovariate", draws(2, "paretovariate", &[i(3)]));
    check(
        "weibullvariate",
        draws(2, "weibullvariate", &[i(1), f(1.5)]),
    );
}

#[test]
fn choices_and_bytes() {
    seed(i(6));
    let k = |n| [("k", i(n))];
    let mut values = call_kw("choices", &[s("abc")], &k(5))
        .unwrap()
        .to_vec()
        .unwrap();
    let population = Obj::list([i(1), i(2), i(3)]);
    let weights = Obj::list([i(5), i(1), i(1)]);
    let weighted = call_kw("choices", &[population.clone(), weights], &k(5)).unwrap();
    values.extend(weighted.to_vec().unwrap());
    let cum_weights = Obj::list([i(1), i(2), i(10)]);
    let keywords = [("cum_weights", cum_weights), ("k", i(4))];
    let cumulative = call_kw("choices", &[population], &keywords).unwrap();
    values.extend(cumulative.to_vec().unwrap());
    values.extend(
        call("choices", &[Obj::list([i(7)])])
            .unwrap()
            .to_vec()
            .unwrap(),
    );
    check("choices", values);
    check_obj("randbytes", &call("randbytes", &[i(10)]).unwrap());
    check_obj("randbytes1", &call("randbytes", &[i(1)]).unwrap());
    assert_eq!(call("randbytes", &[i(0)]).unwrap().repr().unwrap(), "b''");
}

#[test]
fn instances_have_their_own_state() {
    seed(i(42));
    let a = call("random", &[]).unwrap();
    let r7 = random().getattr("Random").unwrap().call(&[i(7)]).unwrap();
    let own = Obj::list(repeat(3, || r7.call_method("random", &[])));
    let b = call("random", &[]).unwrap();
    check("independent", vec![a, b, own]);

    let class = random().getattr("Random").unwrap();
    let r = class.call(&[s("seed me")]).unwrap();
    let values = vec![
        r.call_method("random", &[]).unwrap(),
        r.call_method("randrange", &[i(100)]).unwrap(),
        r.getattr("getrandbits").unwrap().call(&[i(70)]).unwrap(),
    ];
    check("random_str_instance", values);
    let r = class
        .call_with(&Args::new(&[], &[("x", Obj::none())]))
        .unwrap();
    r.call_method("seed", &[i(99)]).unwrap();
    check(
        "random_reseeded",
        vec![r.call_method("random", &[]).unwrap()],
    );

    assert_eq!(r.type_name(), "Random");
    assert!(r.repr().unwrap().starts_with("<random.Random object at 0x"));
    assert!(r.py_type().to_object().is(&class));
    let bound = random().getattr("random").unwrap().repr().unwrap();
    assert!(
        bound.starts_with("<built-in method random of Random object at 0x"),
        "{bound}"
    );
    let bound = random().getattr("choice").unwrap().repr().unwrap();
    assert!(
        bound.starts_with("<bound method Random.choice of <random.Random object at 0x"),
        "{bound}"
    );
    assert_eq!(r.getattr("VERSION").unwrap().repr().unwrap(), "3");
    assert!(r.getattr("gauss_next").unwrap().is_none());
}

#[test]
fn state_round_trips() {
    seed(i(11));
    let saved = call("getstate", &[]).unwrap();
    assert_eq!(saved.len().unwrap(), 3);
    assert_eq!(saved.get_item(&i(1)).unwrap().len().unwrap(), 625);
    let first = repeat(4, || call("gauss", &[]));
    call("setstate", std::slice::from_ref(&saved)).unwrap();
    let again = repeat(4, || call("gauss", &[]));
    assert_eq!(
        Obj::list(first).repr().unwrap(),
        Obj::list(again).repr().unwrap()
    );
    // Another instance takes the state over, cached gauss value included.
    seed(i(12));
    call("gauss", &[]).unwrap();
    let saved = call("getstate", &[]).unwrap();
    let next = call("gauss", &[]).unwrap();
    let other = random().getattr("Random").unwrap().call(&[i(0)]).unwrap();
    other.call_method("setstate", &[saved]).unwrap();
    assert_eq!(
        other.call_method("gauss", &[]).unwrap().repr().unwrap(),
        next.repr().unwrap()
    );
}

#[test]
fn error_texts() {
    let one_to = |n| Obj::list((1..=n).map(i));
    let cases: Vec<(PyResult<Obj>, &str)> = vec![
        (
            call("randrange", &[i(0)]),
            "ValueError: empty range for randrange()",
        ),
        (
            call("randrange", &[i(0), i(0)]),
            "ValueError: empty range for randrange() (0, 0, 0)",
        ),
        (
            call("randrange", &[i(5), i(2)]),
            "ValueError: empty range for randrange() (5, 2, -3)",
        ),
        (
            call("randrange", &[i(10), i(0), i(1)]),
            "ValueError: empty range for randrange() (10, 0, -10)",
        ),
        (
            call("randrange", &[pow(2, 64), i(2)]),
            "ValueError: empty range for randrange() (18446744073709551616, 2, -18446744073709551614)",
        ),
        (
            call("randrange", &[i(0), i(10), i(0)]),
            "ValueError: zero step for randrange()",
        ),
        (
            call("randrange", &[i(1), pow(2, 64), i(0)]),
            "ValueError: zero step for randrange()",
        ),
        (
            call("randrange", &[i(0), i(10), i(-1)]),
            "ValueError: empty range for randrange()",
        ),
        (
            call("randrange", &[i(10), Obj::none(), i(2)]),
            "TypeError: Missing a non-None stop argument",
        ),
        (
            call("randrange", &[f(1.5)]),
            "ValueError: non-integer arg 1 for randrange()",
        ),
        (
            call("randrange", &[i(0), f(1.5)]),
            "ValueError: non-integer stop for randrange()",
        ),
        (
            call("randrange", &[i(0), i(10), f(1.5)]),
            "ValueError: non-integer step for randrange()",
        ),
        (
            call("randrange", &[s("a")]),
            "ValueError: invalid literal for int() with base 10: 'a'",
        ),
        (
            call("randrange", &[]),
            "TypeError: Random.randrange() missing 1 required positional argument: 'start'",
        ),
        (
            call("randrange", &[i(1), i(2), i(3), i(4)]),
            "TypeError: Random.randrange() takes from 2 to 4 positional arguments but 5 were given",
        ),
        (
            call_kw("randrange", &[i(3)], &[("x", i(3))]),
            "TypeError: Random.randrange() got an unexpected keyword argument 'x'",
        ),
        (
            call("randint", &[i(3), i(1)]),
            "ValueError: empty range for randrange() (3, 2, -1)",
        ),
        (
            call("randint", &[i(3)]),
            "TypeError: Random.randint() missing 1 required positional argument: 'b'",
        ),
        (
            call("randint", &[f(1.5), i(3)]),
            "ValueError: non-integer arg 1 for randrange()",
        ),
        (
            call("randint", &[i(1), s("a")]),
            "TypeError: can only concatenate str (not \"int\") to str",
        ),
        (
            call("choice", &[Obj::list([])]),
            "IndexError: Cannot choose from an empty sequence",
        ),
        (
            call("choice", &[s("")]),
            "IndexError: Cannot choose from an empty sequence",
        ),
        (
            call("choice", &[Obj::range(0, 0, 1).unwrap()]),
            "IndexError: Cannot choose from an empty sequence",
        ),
        (
            call("choice", &[i(5)]),
            "TypeError: object of type 'int' has no len()",
        ),
        (
            call("shuffle", &[i(5)]),
            "TypeError: object of type 'int' has no len()",
        ),
        (
            call("shuffle", &[Obj::tuple([i(1), i(2)])]),
            "TypeError: 'tuple' object does not support item assignment",
        ),
        (
            call("sample", &[Obj::set([i(1), i(2)]).unwrap(), i(1)]),
            "TypeError: Population must be a sequence.  For dicts or sets, use sorted(d).",
        ),
        (
            call("sample", &[Obj::dict(), i(1)]),
            "TypeError: Population must be a sequence.  For dicts or sets, use sorted(d).",
        ),
        (
            call("sample", &[i(5), i(1)]),
            "TypeError: Population must be a sequence.  For dicts or sets, use sorted(d).",
        ),
        (
            call("sample", &[one_to(2), i(3)]),
            "ValueError: Sample larger than population or is negative",
        ),
        (
            call("sample", &[one_to(2), i(-1)]),
            "ValueError: Sample larger than population or is negative",
        ),
        (
            call("sample", &[one_to(2)]),
            "TypeError: Random.sample() missing 1 required positional argument: 'k'",
        ),
        (
            call("sample", &[one_to(2), f(1.0)]),
            "TypeError: can't multiply sequence by non-int of type 'float'",
        ),
        (
            call("sample", &[one_to(2), s("a")]),
            "TypeError: '<=' not supported between instances of 'int' and 'str'",
        ),
        (
            call("sample", &[one_to(2), i(1), i(2)]),
            "TypeError: Random.sample() takes 3 positional arguments but 4 were given",
        ),
        (
            call_kw("sample", &[one_to(2), i(1)], &[("x", i(2))]),
            "TypeError: Random.sample() got an unexpected keyword argument 'x'",
        ),
        (
            call_kw("sample", &[one_to(2), i(1)], &[("counts", one_to(1))]),
            "ValueError: The number of counts does not match the population",
        ),
        (
            call_kw(
                "sample",
                &[one_to(2), i(1)],
                &[("counts", Obj::list([i(0), i(0)]))],
            ),
            "ValueError: Total of counts must be greater than zero",
        ),
        (
            call_kw(
                "sample",
                &[one_to(2), i(1)],
                &[("counts", Obj::list([f(1.0), f(1.0)]))],
            ),
            "TypeError: Counts must be integers",
        ),
        (
            call_kw(
                "sample",
                &[Obj::list([]), i(0)],
                &[("counts", Obj::list([]))],
            ),
            "IndexError: pop from empty list",
        ),
        (
            call("getrandbits", &[i(-1)]),
            "ValueError: number of bits must be non-negative",
        ),
        (
            call("getrandbits", &[f(1.5)]),
            "TypeError: 'float' object cannot be interpreted as an integer",
        ),
        (
            call("getrandbits", &[pow(2, 40)]),
            "OverflowError: Python int too large to convert to C int",
        ),
        (
            call("getrandbits", &[]),
            "TypeError: Random.getrandbits() takes exactly one argument (0 given)",
        ),
        (
            call("getrandbits", &[i(1), i(2)]),
            "TypeError: Random.getrandbits() takes exactly one argument (2 given)",
        ),
        (
            call("random", &[i(1)]),
            "TypeError: Random.random() takes no arguments (1 given)",
        ),
        (
            call("seed", &[Obj::list([i(1)])]),
            "TypeError: The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
        ),
        (
            call("seed", &[i(1), i(2), i(3)]),
            "TypeError: Random.seed() takes from 1 to 3 positional arguments but 4 were given",
        ),
        (
            random().getattr("Random").unwrap().call(&[i(1), i(2)]),
            "TypeError: Random.__init__() takes from 1 to 2 positional arguments but 3 were given",
        ),
        (
            call("uniform", &[i(1)]),
            "TypeError: Random.uniform() missing 1 required positional argument: 'b'",
        ),
        (
            call("uniform", &[s("a"), s("b")]),
            "TypeError: unsupported operand type(s) for -: 'str' and 'str'",
        ),
        (
            call("gauss", &[s("a")]),
            "TypeError: can only concatenate str (not \"float\") to str",
        ),
        (
            call("expovariate", &[i(0)]),
            "ZeroDivisionError: float division by zero",
        ),
        (
            call("expovariate", &[]),
            "TypeError: Random.expovariate() missing 1 required positional argument: 'lambd'",
        ),
        (
            call("expovariate", &[pow(2, 2000)]),
            "OverflowError: int too large to convert to float",
        ),
        (
            call("gammavariate", &[i(0), i(1)]),
            "ValueError: gammavariate: alpha and beta must be > 0.0",
        ),
        (
            call("gammavariate", &[s("a"), i(1)]),
            "TypeError: '<=' not supported between instances of 'str' and 'float'",
        ),
        (
            call("betavariate", &[i(0), i(1)]),
            "ValueError: gammavariate: alpha and beta must be > 0.0",
        ),
        (
            call("paretovariate", &[i(0)]),
            "ZeroDivisionError: float division by zero",
        ),
        (
            call("weibullvariate", &[i(1), i(0)]),
            "ZeroDivisionError: float division by zero",
        ),
        (
            call("lognormvariate", &[i(1000), i(0)]),
            "OverflowError: math range error",
        ),
        (
            call("randbytes", &[i(-1)]),
            "ValueError: number of bits must be non-negative",
        ),
        (
            call("randbytes", &[f(1.5)]),
            "TypeError: 'float' object cannot be interpreted as an integer",
        ),
        (
            call_kw("choices", &[one_to(2)], &[("k", f(1.5))]),
            "TypeError: 'float' object cannot be interpreted as an integer",
        ),
        (
            call("choices", &[one_to(2), i(3)]),
            "TypeError: The number of choices must be a keyword argument: k=3",
        ),
        (
            call("choices", &[one_to(2), one_to(1)]),
            "ValueError: The number of weights does not match the population",
        ),
        (
            call("choices", &[one_to(2), Obj::list([i(0), i(0)])]),
            "ValueError: Total of weights must be greater than zero",
        ),
        (
            call("choices", &[one_to(2), Obj::list([i(1), f(f64::INFINITY)])]),
            "ValueError: Total of weights must be finite",
        ),
        (
            call_kw(
                "choices",
                &[one_to(2), one_to(2)],
                &[("cum_weights", one_to(2))],
            ),
            "TypeError: Cannot specify both weights and cumulative weights",
        ),
        (
            call_kw("choices", &[Obj::list([])], &[("k", i(1))]),
            "IndexError: list index out of range",
        ),
        (
            call("choices", &[]),
            "TypeError: Random.choices() missing 1 required positional argument: 'population'",
        ),
        (
            call("setstate", &[Obj::tuple([i(1), i(2), i(3)])]),
            "ValueError: state with version 1 passed to Random.setstate() of version 3",
        ),
        (
            call(
                "setstate",
                &[Obj::tuple([i(3), Obj::tuple([i(1), i(2)]), Obj::none()])],
            ),
            "ValueError: state vector is the wrong size",
        ),
        (
            call(
                "setstate",
                &[Obj::tuple([
                    i(3),
                    Obj::list((0..625).map(|_| i(0))),
                    Obj::none(),
                ])],
            ),
            "TypeError: state vector must be a tuple",
        ),
        (
            call(
                "setstate",
                &[Obj::tuple([
                    i(3),
                    Obj::tuple((0..625).map(|n| i(if n < 624 { 0 } else { 625 }))),
                    Obj::none(),
                ])],
            ),
            "ValueError: invalid state",
        ),
        (
            call(
                "setstate",
                &[Obj::tuple([
                    i(3),
                    Obj::tuple((0..625).map(|_| i(-1))),
                    Obj::none(),
                ])],
            ),
            "OverflowError: can't convert negative value to unsigned int",
        ),
        (
            call("setstate", &[Obj::tuple([i(3), i(5)])]),
            "ValueError: not enough values to unpack (expected 3, got 2)",
        ),
        (
            call("setstate", &[Obj::tuple([i(3), i(5), i(6), i(7)])]),
            "ValueError: too many values to unpack (expected 3)",
        ),
        (
            call("setstate", &[i(5)]),
            "TypeError: 'int' object is not subscriptable",
        ),
        (
            call("setstate", &[Obj::tuple([s("x"), i(1), i(2)])]),
            "ValueError: state with version x passed to Random.setstate() of version 3",
        ),
    ];
    for (result, expected) in cases {
        assert_eq!(error(result), expected);
    }
    // `mu + acos(f)` or `mu - acos(f)`, as the third draw falls.
    seed(i(2));
    let plus = call("vonmisesvariate", &[s("a"), i(1)]);
    assert_eq!(
        error(plus),
        "TypeError: can only concatenate str (not \"float\") to str"
    );
    seed(i(3));
    let minus = call("vonmisesvariate", &[s("a"), i(1)]);
    assert_eq!(
        error(minus),
        "TypeError: unsupported operand type(s) for -: 'str' and 'float'"
    );
}

#[test]
fn edge_values() {
    seed(i(8));
    assert_eq!(call("getrandbits", &[i(0)]).unwrap().repr().unwrap(), "0");
    assert_eq!(
        call("randrange", &[Obj::from(true)])
            .unwrap()
            .repr()
            .unwrap(),
        "0"
    );
    assert_eq!(
        call("randrange", &[i(10), Obj::none(), i(1)])
            .unwrap()
            .type_name(),
        "int"
    );
    assert_eq!(
        call("triangular", &[i(1), i(1)]).unwrap().repr().unwrap(),
        "1.0"
    );
    // mode given and high == low: the ZeroDivisionError returns low itself.
    let low = call("triangular", &[i(1), i(1), i(1)]).unwrap();
    assert_eq!(low.repr().unwrap(), "1");
    assert_eq!(
        call("uniform", &[i(2), i(2)]).unwrap().repr().unwrap(),
        "2.0"
    );
    assert_eq!(
        call("choice", &[Obj::list([i(9)])])
            .unwrap()
            .repr()
            .unwrap(),
        "9"
    );
    assert_eq!(
        call("sample", &[Obj::list([]), i(0)])
            .unwrap()
            .repr()
            .unwrap(),
        "[]"
    );
    assert_eq!(
        call_kw("choices", &[Obj::list([i(1)])], &[("k", i(-1))])
            .unwrap()
            .repr()
            .unwrap(),
        "[]"
    );
    let one = Obj::list([i(1)]);
    call("shuffle", std::slice::from_ref(&one)).unwrap();
    assert_eq!(one.repr().unwrap(), "[1]");
    // A million bits: 31250 words, the top word kept whole.
    let bits = call("getrandbits", &[i(1_000_000)]).unwrap();
    let length = bits
        .getattr("bit_length")
        .unwrap()
        .call(&[])
        .unwrap()
        .extract::<i64>()
        .unwrap();
    assert!(length <= 1_000_000 && length > 999_900, "{length}");
}

/// CPython 3.11.7's results for the draws of the tests (`repr`s), made by the script in
/// this file's docs.
const EXPECTED: &[(&str, &str)] = &[
    (
        "seed42_random5",
        r#"[0.6394267984578837, 0.025010755222666936, 0.27502931836911926, 0.22321073814882275, 0.7364712141640124]"#,
    ),
    (
        "seed42_bits",
        r#"[873491343714207852616756591005, 1181241943, 0, 2574020394472462046, 0, 3163119785, 681633568989936344780600211561290899326809873892317415091565]"#,
    ),
    (
        "seed_zero",
        r#"[0.8444218515250481, 0.7579544029403025, 0.420571580830845]"#,
    ),
    (
        "seed_big",
        r#"[0.44487310994347073, 0.30211940106972124, 0.6943236571773822]"#,
    ),
    (
        "seed_neg",
        r#"[0.6394267984578837, 0.025010755222666936, 0.27502931836911926]"#,
    ),
    (
        "seed_huge_neg",
        r#"[0.7426199344795863, 0.9113990704130612, 0.9032217048795586]"#,
    ),
    (
        "seed_str",
        r#"[0.3537754404730722, 0.6631985810268619, 0.5476053663383964]"#,
    ),
    (
        "seed_bytes",
        r#"[0.3537754404730722, 0.6631985810268619, 0.5476053663383964]"#,
    ),
    (
        "seed_unicode",
        r#"[0.6213140102412603, 0.4234967134619636, 0.6857475326514054]"#,
    ),
    (
        "seed_empty_str",
        r#"[0.9602256525641875, 0.595411957851699, 0.3880117152955401]"#,
    ),
    (
        "seed_float",
        r#"[0.551763726942059, 0.2560930858958398, 0.583340633280344]"#,
    ),
    (
        "seed_true",
        r#"[0.13436424411240122, 0.8474337369372327, 0.763774618976614]"#,
    ),
    (
        "seed_u64",
        r#"[0.021825695401270107, 0.3380953268613758, 0.21196748656082065]"#,
    ),
    (
        "seed_u32",
        r#"[0.11299430095636409, 0.41782886486292836, 0.0166763664992291]"#,
    ),
    (
        "seed_v1_str",
        r#"[0.09639374978773074, 0.5713805557815966, 0.9010437394453961]"#,
    ),
    (
        "seed_v1_bytes",
        r#"[0.09639374978773074, 0.5713805557815966, 0.9010437394453961]"#,
    ),
    (
        "seed_v1_int",
        r#"[0.6229016948897019, 0.7417869892607294, 0.7951935655656966]"#,
    ),
    (
        "randrange",
        r#"[2, 9, 1, 4, 1, 7, 7, 7, 6, 3, 12, 54, 5, 96, 47, 19, 100, 16, 49, 58, 8, -7, 0, -10, -10, 510725482038175373775, 526241878926286600071, 545154037263197113620, 457964085910417940290043, -534710236426063081622023, -770504097645515636711881, 1525456895060401162, 3174813823330359214, 984475349089385973, 5, 8]"#,
    ),
    (
        "randint",
        r#"[5, 4, 5, 1, 4, 2, 6, 4, 4, 6, 13617671758825593451, 25281680916297309625]"#,
    ),
    (
        "choice",
        r#"[10, 10, 10, 30, 20, 30, 'c', 'e', 'b', 'e', 36, 595, 697, 1]"#,
    ),
    ("shuffle", r#"[1, 7, 0, 2, 8, 3, 4, 5, 9, 6]"#),
    (
        "shuffle_letters",
        r#"['y', 'x', 'd', 'b', 'g', 'p', 'e', 'w', 'j', 'i', 'z', 'v', 's', 'c', 'a', 'u', 'h', 't', 'r', 'f', 'q', 'n', 'm', 'k', 'o', 'l']"#,
    ),
    ("sample_pool", r#"[7, 18, 17, 4, 11]"#),
    ("sample_set", r#"[77, 60, 80, 74, 8, 1, 33, 70, 29, 24]"#),
    (
        "sample_big_k",
        r#"[734, 481, 553, 856, 562, 487, 406, 654, 881, 154, 237, 650, 155, 888, 948, 535, 399, 759, 15, 687, 795, 65, 163, 776, 980, 605, 43, 308, 798, 31]"#,
    ),
    ("sample_str", r#"['e', 'd', 'h']"#),
    ("sample_counts", r#"['blue', 'red', 'blue', 'red', 'red']"#),
    ("sample_all", r#"[2, 3, 1, 5, 4, 7, 6]"#),
    (
        "uniform",
        r#"[3.124432807636911, 1.9284943080764423, 4.564524183496129, -0.8801109167903589, -1.2339396172816404]"#,
    ),
    (
        "gauss",
        r#"[-1.8222430446354205, 1.2963048021710488, 0.5306297000910782, 6.765092903251004, 10.435311100584316, 12.442376493950908]"#,
    ),
    (
        "gauss_reseeded",
        r#"[0.396058242610681, 0.040855944793104046]"#,
    ),
    (
        "normalvariate",
        r#"[0.816540072671196, -1.5120487741240614, -0.07042871531208747, 5.088101650673278, 5.271217084942669]"#,
    ),
    (
        "expovariate",
        r#"[1.0635157719629966, 0.09959378760989583, 0.6406016692790846, 0.06773763038503054]"#,
    ),
    (
        "triangular",
        r#"[0.02978978182644717, 0.7464302312225313, 2.047422468130815, 2.0777839929713213, 8.814120033930086, 1.0]"#,
    ),
    (
        "gammavariate",
        r#"[0.11756070888511343, 2.7597746829898497, 1.3444443186768773, 2.9190266687382445, 2.057483597848486]"#,
    ),
    (
        "betavariate",
        r#"[0.4452701509890443, 0.2817645028762026, 0.21675630308125604]"#,
    ),
    (
        "lognormvariate",
        r#"[2.1788819228556355, 1.1456077760907377]"#,
    ),
    (
        "vonmisesvariate",
        r#"[1.0366900025584829, 1.158801018065815, 5.919035947779313]"#,
    ),
    (
        "paretovariate",
        r#"[1.1511086988038048, 1.1572673197145869]"#,
    ),
    (
        "weibullvariate",
        r#"[0.8209357099877135, 1.307071458911414]"#,
    ),
    (
        "choices",
        r#"['c', 'c', 'b', 'a', 'a', 1, 1, 2, 1, 2, 3, 3, 3, 3, 7]"#,
    ),
    ("randbytes", r#"b'i\xf1\x9a\xae\n)\x1e\x18g1'"#),
    ("randbytes1", r#"b'\x90'"#),
    (
        "independent",
        r#"[0.6394267984578837, 0.025010755222666936, [0.32383276483316237, 0.15084917392450192, 0.6509344730398537]]"#,
    ),
    ("after_one", r#"0.025010755222666936"#),
    (
        "random_str_instance",
        r#"[0.29440131958320737, 90, 961651851600258825192]"#,
    ),
    ("random_reseeded", r#"[0.40397807494366633]"#),
];
