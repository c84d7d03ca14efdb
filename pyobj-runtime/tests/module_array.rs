//! `import array` against CPython 3.11: item conversions and their overflow errors for
//! every typecode, indexing, slicing and slice assignment, the methods, comparisons,
//! `repr`, the `u` typecode, constructor errors, and `sys.getsizeof` (CPython's
//! growth pattern, pinned byte for byte).
//!
//! Every expected value is the `repr` (or the error, or the size) CPython 3.11.7 gives
//! on 64-bit Linux for the same calls, pinned here.

// Safe code only, in large tables: many minutes under Miri for nothing Miri could find
// there (the memory core's own tests run under it).
#![cfg(not(miri))]

use pyobj_runtime::{Args, Obj, PyFunction, PyResult, Signature, gc, modules};

/// `array.array`.
fn array_type() -> Obj {
    modules::import("array").unwrap().getattr("array").unwrap()
}

/// `array.array(code, items)`.
fn arr(code: &str, items: Vec<Obj>) -> Obj {
    array_type().call(&[s(code), Obj::list(items)]).unwrap()
}

/// `array.array(*args)`.
fn new(args: &[Obj]) -> PyResult<Obj> {
    array_type().call(args)
}

/// `array('i', [1, 2, 3, 4, 5])`.
fn five() -> Obj {
    arr("i", ints(1..=5))
}

fn s(text: &str) -> Obj {
    Obj::from(text)
}

fn i(value: i64) -> Obj {
    Obj::from(value)
}

fn f(value: f64) -> Obj {
    Obj::from(value)
}

fn ints(values: impl IntoIterator<Item = i64>) -> Vec<Obj> {
    values.into_iter().map(Obj::from).collect()
}

/// `2 ** exponent`.
fn two_to(exponent: i64) -> Obj {
    i(2).pow(&i(exponent)).unwrap()
}

/// `sys.getsizeof(obj)`.
fn sizeof(obj: &Obj) -> i64 {
    modules::import("sys")
        .unwrap()
        .getattr("getsizeof")
        .unwrap()
        .call(std::slice::from_ref(obj))
        .unwrap()
        .extract()
        .unwrap()
}

/// The repr of a result, or its error as Python prints its last line.
fn show(result: PyResult<Obj>) -> String {
    match result {
        Ok(value) => value.repr().unwrap(),
        Err(error) => error.to_string(),
    }
}

/// `a.name(*args)`, shown.
fn m(a: &Obj, name: &str, args: &[Obj]) -> String {
    show(a.call_method(name, args))
}

/// An instance of `class Idx: def __index__(self): return 7`.
fn idx() -> Obj {
    static SIGNATURE: Signature = Signature::new(&["self"]);
    fn index(function: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        let [_] = PyFunction::of(function)?.bind_array(args)?;
        Ok(Obj::from(7))
    }
    let method = Obj::new_function("Idx.__index__", &SIGNATURE, index, vec![], vec![]);
    let class = Obj::new_class("Idx", None, vec![("__index__", method)]).unwrap();
    class.call(&[]).unwrap()
}

#[test]
fn item_conversions_for_every_typecode() {
    let values = [
        i(300),
        i(-300),
        i(100_000),
        i(-100_000),
        two_to(31),
        two_to(31).neg().unwrap().sub(&i(1)).unwrap(),
        two_to(32),
        i(-1),
        two_to(63),
        two_to(63).neg().unwrap().sub(&i(1)).unwrap(),
        two_to(64),
        f(1.5),
        s("a"),
        Obj::none(),
        Obj::from(true),
        idx(),
        two_to(100),
        f(1e300),
        f(f64::NAN),
    ];
    // `array(code, [value])[0]` for each value above, as CPython 3.11 gives it.
    let expected: [(char, [&str; 19]); 12] = [
        (
            'b',
            [
                "OverflowError: signed char is greater than maximum",
                "OverflowError: signed char is less than minimum",
                "OverflowError: signed short integer is greater than maximum",
                "OverflowError: signed short integer is less than minimum",
                "OverflowError: signed short integer is greater than maximum",
                "OverflowError: signed short integer is less than minimum",
                "OverflowError: signed short integer is greater than maximum",
                "-1",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'B',
            [
                "OverflowError: unsigned byte integer is greater than maximum",
                "OverflowError: unsigned byte integer is less than minimum",
                "OverflowError: unsigned byte integer is greater than maximum",
                "OverflowError: unsigned byte integer is less than minimum",
                "OverflowError: unsigned byte integer is greater than maximum",
                "OverflowError: unsigned byte integer is less than minimum",
                "OverflowError: unsigned byte integer is greater than maximum",
                "OverflowError: unsigned byte integer is less than minimum",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'h',
            [
                "300",
                "-300",
                "OverflowError: signed short integer is greater than maximum",
                "OverflowError: signed short integer is less than minimum",
                "OverflowError: signed short integer is greater than maximum",
                "OverflowError: signed short integer is less than minimum",
                "OverflowError: signed short integer is greater than maximum",
                "-1",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'H',
            [
                "300",
                "OverflowError: unsigned short is less than minimum",
                "OverflowError: unsigned short is greater than maximum",
                "OverflowError: unsigned short is less than minimum",
                "OverflowError: signed integer is greater than maximum",
                "OverflowError: signed integer is less than minimum",
                "OverflowError: signed integer is greater than maximum",
                "OverflowError: unsigned short is less than minimum",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'i',
            [
                "300",
                "-300",
                "100000",
                "-100000",
                "OverflowError: signed integer is greater than maximum",
                "OverflowError: signed integer is less than minimum",
                "OverflowError: signed integer is greater than maximum",
                "-1",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'I',
            [
                "300",
                "OverflowError: can't convert negative value to unsigned int",
                "100000",
                "OverflowError: can't convert negative value to unsigned int",
                "2147483648",
                "OverflowError: can't convert negative value to unsigned int",
                "OverflowError: unsigned int is greater than maximum",
                "OverflowError: can't convert negative value to unsigned int",
                "OverflowError: unsigned int is greater than maximum",
                "OverflowError: can't convert negative value to unsigned int",
                "OverflowError: Python int too large to convert to C unsigned long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C unsigned long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'l',
            [
                "300",
                "-300",
                "100000",
                "-100000",
                "2147483648",
                "-2147483649",
                "4294967296",
                "-1",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'L',
            [
                "300",
                "OverflowError: can't convert negative value to unsigned int",
                "100000",
                "OverflowError: can't convert negative value to unsigned int",
                "2147483648",
                "OverflowError: can't convert negative value to unsigned int",
                "4294967296",
                "OverflowError: can't convert negative value to unsigned int",
                "9223372036854775808",
                "OverflowError: can't convert negative value to unsigned int",
                "OverflowError: Python int too large to convert to C unsigned long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: Python int too large to convert to C unsigned long",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'q',
            [
                "300",
                "-300",
                "100000",
                "-100000",
                "2147483648",
                "-2147483649",
                "4294967296",
                "-1",
                "OverflowError: int too big to convert",
                "OverflowError: int too big to convert",
                "OverflowError: int too big to convert",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: int too big to convert",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'Q',
            [
                "300",
                "OverflowError: can't convert negative int to unsigned",
                "100000",
                "OverflowError: can't convert negative int to unsigned",
                "2147483648",
                "OverflowError: can't convert negative int to unsigned",
                "4294967296",
                "OverflowError: can't convert negative int to unsigned",
                "9223372036854775808",
                "OverflowError: can't convert negative int to unsigned",
                "OverflowError: int too big to convert",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
                "1",
                "7",
                "OverflowError: int too big to convert",
                "TypeError: 'float' object cannot be interpreted as an integer",
                "TypeError: 'float' object cannot be interpreted as an integer",
            ],
        ),
        (
            'f',
            [
                "300.0",
                "-300.0",
                "100000.0",
                "-100000.0",
                "2147483648.0",
                "-2147483648.0",
                "4294967296.0",
                "-1.0",
                "9.223372036854776e+18",
                "-9.223372036854776e+18",
                "1.8446744073709552e+19",
                "1.5",
                "TypeError: must be real number, not str",
                "TypeError: must be real number, not NoneType",
                "1.0",
                "7.0",
                "1.2676506002282294e+30",
                "inf",
                "nan",
            ],
        ),
        (
            'd',
            [
                "300.0",
                "-300.0",
                "100000.0",
                "-100000.0",
                "2147483648.0",
                "-2147483649.0",
                "4294967296.0",
                "-1.0",
                "9.223372036854776e+18",
                "-9.223372036854776e+18",
                "1.8446744073709552e+19",
                "1.5",
                "TypeError: must be real number, not str",
                "TypeError: must be real number, not NoneType",
                "1.0",
                "7.0",
                "1.2676506002282294e+30",
                "1e+300",
                "nan",
            ],
        ),
    ];
    for (code, row) in expected {
        for (value, want) in values.iter().zip(row) {
            let got = show(
                new(&[Obj::from(code.to_string()), Obj::list([value.clone()])])
                    .and_then(|a| a.get_item(&i(0))),
            );
            assert_eq!(got, want, "array('{code}', [{}])", value.repr().unwrap());
        }
    }
}

#[test]
fn getsizeof_is_cpythons() {
    let codes = "bBuhHiIlLqQfd";
    let empty: Vec<i64> = codes
        .chars()
        .map(|code| sizeof(&new(&[s(&code.to_string())]).unwrap()))
        .collect();
    assert_eq!(empty, [80; 13]);
    let itemsizes: Vec<String> = codes
        .chars()
        .map(|code| show(new(&[s(&code.to_string())]).unwrap().getattr("itemsize")))
        .collect();
    assert_eq!(
        itemsizes,
        [
            "1", "1", "4", "2", "2", "4", "4", "8", "8", "8", "8", "4", "8"
        ]
    );
    // Appending one by one: 4, 8, 16, 25, 34, 44 slots.
    let a = new(&[s("b")]).unwrap();
    let mut sizes = Vec::new();
    for k in 0..40 {
        a.call_method("append", &[i(k)]).unwrap();
        sizes.push(sizeof(&a));
    }
    assert_eq!(
        sizes,
        [
            84, 84, 84, 84, 88, 88, 88, 88, 96, 96, 96, 96, 96, 96, 96, 96, 105, 105, 105, 105,
            105, 105, 105, 105, 105, 114, 114, 114, 114, 114, 114, 114, 114, 114, 124, 124, 124,
            124, 124, 124
        ]
    );
    // A list or tuple, an array of the same typecode, a str for `u`: exact; bytes and
    // other iterables: grown.
    let made = [
        arr("i", ints([1, 2, 3])),
        new(&[s("i"), Obj::range(0, 10, 1).unwrap()]).unwrap(),
        new(&[s("d"), Obj::bytes(&[0; 16])]).unwrap(),
        new(&[s("i"), arr("i", ints([1, 2, 3]))]).unwrap(),
        new(&[s("d"), arr("i", ints([1, 2, 3]))]).unwrap(),
        new(&[s("u"), s("abc")]).unwrap(),
        new(&[s("d"), Obj::tuple([i(1), i(2)])]).unwrap(),
        arr("d", vec![f(1.0); 10])
            .get_item(&Obj::slice(None, Some(i(3)), None))
            .unwrap(),
        arr("d", vec![f(1.0); 3]).mul(&i(3)).unwrap(),
        arr("d", vec![f(1.0)]).add(&arr("d", vec![f(2.0)])).unwrap(),
    ];
    let sizes: Vec<i64> = made.iter().map(sizeof).collect();
    assert_eq!(sizes, [92, 144, 120, 92, 112, 92, 96, 104, 152, 96]);
    // `__sizeof__` leaves out the collector's 16-byte header.
    assert_eq!(m(&five(), "__sizeof__", &[]), "84");
}

#[test]
fn getsizeof_follows_growth_and_shrinking() {
    let a = arr("i", ints([1, 2, 3]));
    let mut sizes = Vec::new();
    a.call_method("extend", &[Obj::list([i(4)])]).unwrap();
    sizes.push(sizeof(&a));
    a.call_method("extend", &[arr("i", ints([5, 6]))]).unwrap();
    sizes.push(sizeof(&a));
    a.call_method("frombytes", &[Obj::bytes(&[0; 4])]).unwrap();
    sizes.push(sizeof(&a));
    a.call_method("fromlist", &[Obj::list(ints(1..=8))])
        .unwrap();
    sizes.push(sizeof(&a));
    assert!(
        a.call_method("fromlist", &[Obj::list([i(1), s("x")])])
            .is_err()
    );
    sizes.push(sizeof(&a));
    sizes.push(a.len().unwrap() as i64);
    a.del_item(&Obj::slice(None, None, None)).unwrap();
    sizes.push(sizeof(&a));
    a.call_method("append", &[i(1)]).unwrap();
    sizes.push(sizeof(&a));
    assert_eq!(sizes, [108, 108, 108, 152, 152, 15, 152, 152]);

    let a = new(&[s("d"), Obj::range(0, 100, 1).unwrap()]).unwrap();
    let mut sizes = vec![(sizeof(&a), 100)];
    let mut record = |a: &Obj| sizes.push((sizeof(a), a.len().unwrap() as i64));
    a.del_item(&Obj::slice(None, Some(i(90)), None)).unwrap();
    record(&a);
    a.call_method("pop", &[]).unwrap();
    record(&a);
    a.del_item(&Obj::slice(None, None, Some(i(2)))).unwrap();
    record(&a);
    a.set_item(
        &Obj::slice(Some(i(1)), Some(i(1)), None),
        &arr("d", vec![f(0.0); 20]),
    )
    .unwrap();
    record(&a);
    a.set_item(
        &Obj::slice(Some(i(0)), Some(i(20)), None),
        &arr("d", vec![]),
    )
    .unwrap();
    record(&a);
    a.call_method("insert", &[i(0), i(1)]).unwrap();
    record(&a);
    a.call_method("remove", &[i(1)]).unwrap();
    record(&a);
    assert_eq!(
        sizes,
        [
            (896, 100),
            (216, 10),
            (216, 9),
            (216, 4),
            (304, 24),
            (168, 4),
            (168, 5),
            (168, 4)
        ]
    );
}

#[test]
fn indexing_and_slicing() {
    let a = five();
    let got = [
        show(a.get_item(&i(0))),
        show(a.get_item(&i(-1))),
        show(a.get_item(&i(5))),
        show(a.get_item(&i(-6))),
        show(a.get_item(&s("x"))),
        show(a.get_item(&Obj::slice(Some(i(1)), Some(i(3)), None))),
        show(a.get_item(&Obj::slice(None, None, Some(i(-1))))),
        show(a.get_item(&Obj::slice(None, None, Some(i(2))))),
        show(a.get_item(&Obj::slice(Some(i(10)), None, None))),
        show(a.get_item(&two_to(70))),
        show(a.get_item(&Obj::from(true))),
    ];
    assert_eq!(
        got,
        [
            "1",
            "5",
            "IndexError: array index out of range",
            "IndexError: array index out of range",
            "TypeError: array indices must be integers",
            "array('i', [2, 3])",
            "array('i', [5, 4, 3, 2, 1])",
            "array('i', [1, 3, 5])",
            "array('i')",
            "IndexError: cannot fit 'int' into an index-sized integer",
            "2",
        ]
    );
}

/// A statement run on a fresh `a = array('i', [1, 2, 3, 4, 5])`.
type Statement = fn(&Obj) -> PyResult<()>;

fn slice(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Obj {
    Obj::slice(start.map(i), stop.map(i), step.map(i))
}

/// Calls `a.name(*args)`, dropping its result.
fn call(a: &Obj, name: &str, args: &[Obj]) -> PyResult<()> {
    a.call_method(name, args).map(drop)
}

#[test]
fn mutations() {
    let cases: &[(&str, Statement, &str)] = &[
        (
            "a[0] = 9",
            |a| a.set_item(&i(0), &i(9)),
            "array('i', [9, 2, 3, 4, 5]) 100",
        ),
        (
            "a[-1] = 9",
            |a| a.set_item(&i(-1), &i(9)),
            "array('i', [1, 2, 3, 4, 9]) 100",
        ),
        (
            "a[5] = 9",
            |a| a.set_item(&i(5), &i(9)),
            "IndexError: array assignment index out of range",
        ),
        (
            "a[5] = 'x'",
            |a| a.set_item(&i(5), &s("x")),
            "IndexError: array assignment index out of range",
        ),
        (
            "a['x'] = 1",
            |a| a.set_item(&s("x"), &i(1)),
            "TypeError: array indices must be integers",
        ),
        (
            "a[0] = 'x'",
            |a| a.set_item(&i(0), &s("x")),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            "a[0] = 2**40",
            |a| a.set_item(&i(0), &two_to(40)),
            "OverflowError: signed integer is greater than maximum",
        ),
        (
            "a[1:3] = array('i', [7])",
            |a| a.set_item(&slice(Some(1), Some(3), None), &arr("i", ints([7]))),
            "array('i', [1, 7, 4, 5]) 100",
        ),
        (
            "a[1:3] = [7]",
            |a| a.set_item(&slice(Some(1), Some(3), None), &Obj::list(ints([7]))),
            "TypeError: can only assign array (not \"list\") to array slice",
        ),
        (
            "a[1:3] = array('d', [7])",
            |a| a.set_item(&slice(Some(1), Some(3), None), &arr("d", ints([7]))),
            "TypeError: bad argument type for built-in operation",
        ),
        (
            "a[::2] = array('i', [7, 8, 9])",
            |a| a.set_item(&slice(None, None, Some(2)), &arr("i", ints([7, 8, 9]))),
            "array('i', [7, 2, 8, 4, 9]) 100",
        ),
        (
            "a[::2] = array('i', [7])",
            |a| a.set_item(&slice(None, None, Some(2)), &arr("i", ints([7]))),
            "ValueError: attempt to assign array of size 1 to extended slice of size 3",
        ),
        (
            "a[1:1] = array('i', [7..12])",
            |a| a.set_item(&slice(Some(1), Some(1), None), &arr("i", ints(7..=12))),
            "array('i', [1, 7, 8, 9, 10, 11, 12, 2, 3, 4, 5]) 136",
        ),
        (
            "a[:] = a",
            |a| a.set_item(&slice(None, None, None), a),
            "array('i', [1, 2, 3, 4, 5]) 100",
        ),
        (
            "a[3:1] = array('i', [0])",
            |a| a.set_item(&slice(Some(3), Some(1), None), &arr("i", ints([0]))),
            "array('i', [1, 2, 3, 0, 4, 5]) 116",
        ),
        (
            "a[::-1] = array('i', [1..5])",
            |a| a.set_item(&slice(None, None, Some(-1)), &arr("i", ints(1..=5))),
            "array('i', [5, 4, 3, 2, 1]) 100",
        ),
        (
            "del a[0]",
            |a| a.del_item(&i(0)),
            "array('i', [2, 3, 4, 5]) 100",
        ),
        (
            "del a[5]",
            |a| a.del_item(&i(5)),
            "IndexError: array assignment index out of range",
        ),
        (
            "del a[1:3]",
            |a| a.del_item(&slice(Some(1), Some(3), None)),
            "array('i', [1, 4, 5]) 100",
        ),
        (
            "del a[::2]",
            |a| a.del_item(&slice(None, None, Some(2))),
            "array('i', [2, 4]) 100",
        ),
        (
            "del a[::-2]",
            |a| a.del_item(&slice(None, None, Some(-2))),
            "array('i', [2, 4]) 100",
        ),
        (
            "del a[:]",
            |a| a.del_item(&slice(None, None, None)),
            "array('i') 100",
        ),
        (
            "del a['x']",
            |a| a.del_item(&s("x")),
            "TypeError: array indices must be integers",
        ),
        (
            "a.append(6)",
            |a| call(a, "append", &[i(6)]),
            "array('i', [1, 2, 3, 4, 5, 6]) 116",
        ),
        (
            "a.pop()",
            |a| call(a, "pop", &[]),
            "array('i', [1, 2, 3, 4]) 100",
        ),
        (
            "a.pop(0)",
            |a| call(a, "pop", &[i(0)]),
            "array('i', [2, 3, 4, 5]) 100",
        ),
        (
            "a.pop(10)",
            |a| call(a, "pop", &[i(10)]),
            "IndexError: pop index out of range",
        ),
        (
            "a.pop('x')",
            |a| call(a, "pop", &[s("x")]),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            "a.insert(100, 7)",
            |a| call(a, "insert", &[i(100), i(7)]),
            "array('i', [1, 2, 3, 4, 5, 7]) 116",
        ),
        (
            "a.insert(-100, 7)",
            |a| call(a, "insert", &[i(-100), i(7)]),
            "array('i', [7, 1, 2, 3, 4, 5]) 116",
        ),
        (
            "a.insert(1, 7)",
            |a| call(a, "insert", &[i(1), i(7)]),
            "array('i', [1, 7, 2, 3, 4, 5]) 116",
        ),
        (
            "a.insert(0)",
            |a| call(a, "insert", &[i(0)]),
            "TypeError: insert expected 2 arguments, got 1",
        ),
        (
            "a.extend([6, 7])",
            |a| call(a, "extend", &[Obj::list(ints([6, 7]))]),
            "array('i', [1, 2, 3, 4, 5, 6, 7]) 116",
        ),
        (
            "a.extend(array('i', [6, 7]))",
            |a| call(a, "extend", &[arr("i", ints([6, 7]))]),
            "array('i', [1, 2, 3, 4, 5, 6, 7]) 120",
        ),
        (
            "a.extend(a)",
            |a| call(a, "extend", std::slice::from_ref(a)),
            "array('i', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]) 132",
        ),
        (
            "a.extend(array('d'))",
            |a| call(a, "extend", &[arr("d", vec![])]),
            "TypeError: can only extend with array of same kind",
        ),
        (
            "a.extend(5)",
            |a| call(a, "extend", &[i(5)]),
            "TypeError: 'int' object is not iterable",
        ),
        (
            "a.extend([6, 'x'])",
            |a| call(a, "extend", &[Obj::list([i(6), s("x")])]),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            "a.extend()",
            |a| call(a, "extend", &[]),
            "TypeError: extend() takes exactly 1 positional argument (0 given)",
        ),
        (
            "a.frombytes(b'\\0' * 8)",
            |a| call(a, "frombytes", &[Obj::bytes(&[0; 8])]),
            "array('i', [1, 2, 3, 4, 5, 0, 0]) 120",
        ),
        (
            "a.frombytes(b'123')",
            |a| call(a, "frombytes", &[Obj::bytes(b"123")]),
            "ValueError: bytes length not a multiple of item size",
        ),
        (
            "a.frombytes('x')",
            |a| call(a, "frombytes", &[s("x")]),
            "TypeError: a bytes-like object is required, not 'str'",
        ),
        (
            "a.fromlist([6, 7, 8])",
            |a| call(a, "fromlist", &[Obj::list(ints([6, 7, 8]))]),
            "array('i', [1, 2, 3, 4, 5, 6, 7, 8]) 124",
        ),
        (
            "a.fromlist((1,))",
            |a| call(a, "fromlist", &[Obj::tuple([i(1)])]),
            "TypeError: arg must be list",
        ),
        (
            "a.fromlist([6, 'x'])",
            |a| call(a, "fromlist", &[Obj::list([i(6), s("x")])]),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            "a.remove(3)",
            |a| call(a, "remove", &[i(3)]),
            "array('i', [1, 2, 4, 5]) 100",
        ),
        (
            "a.remove(9)",
            |a| call(a, "remove", &[i(9)]),
            "ValueError: array.remove(x): x not in array",
        ),
        (
            "a.reverse()",
            |a| call(a, "reverse", &[]),
            "array('i', [5, 4, 3, 2, 1]) 100",
        ),
        (
            "a.byteswap()",
            |a| call(a, "byteswap", &[]),
            "array('i', [16777216, 33554432, 50331648, 67108864, 83886080]) 100",
        ),
        (
            "a.append('x')",
            |a| call(a, "append", &[s("x")]),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            "a.append()",
            |a| call(a, "append", &[]),
            "TypeError: array.append() takes exactly one argument (0 given)",
        ),
        (
            "a.append(1, 2)",
            |a| call(a, "append", &[i(1), i(2)]),
            "TypeError: array.append() takes exactly one argument (2 given)",
        ),
        (
            "a.fromunicode('x')",
            |a| call(a, "fromunicode", &[s("x")]),
            "ValueError: fromunicode() may only be called on unicode type arrays",
        ),
        (
            "a.tounicode()",
            |a| call(a, "tounicode", &[]),
            "ValueError: tounicode() may only be called on unicode type arrays",
        ),
    ];
    for (label, statement, expected) in cases {
        let a = five();
        let got = match statement(&a) {
            Ok(()) => format!("{} {}", a.repr().unwrap(), sizeof(&a)),
            Err(error) => error.to_string(),
        };
        assert_eq!(got, *expected, "{label}");
    }
}

#[test]
fn methods() {
    let a = five();
    let got = [
        m(&a, "index", &[i(3)]),
        m(&a, "index", &[i(9)]),
        m(&a, "index", &[i(3), i(3)]),
        m(&a, "index", &[i(3), i(-3), i(-1)]),
        m(&a, "index", &[i(1), s("x")]),
        m(&a, "index", &[i(1), i(0), i(1), i(2)]),
        m(&a, "count", &[i(1)]),
        m(&a, "count", &[f(1.0)]),
        m(&a, "count", &[s("x")]),
        show(a.contains(&i(3)).map(Obj::from)),
        show(a.contains(&s("x")).map(Obj::from)),
        show(a.contains(&f(3.0)).map(Obj::from)),
        m(&arr("i", vec![]), "pop", &[]),
        m(&a, "tolist", &[]),
        show(a.to_vec().map(Obj::list)),
        m(&a, "tobytes", &[]),
        show(a.getattr("typecode")),
        show(a.getattr("itemsize")),
        show(
            a.call_method("buffer_info", &[])
                .and_then(|info| info.get_item(&i(1))),
        ),
        m(&arr("i", vec![]), "buffer_info", &[]),
        m(&a, "__copy__", &[]),
        m(&a, "__deepcopy__", &[Obj::none()]),
        m(&a, "__deepcopy__", &[]),
        m(&a, "__sizeof__", &[]),
        m(&a, "tolist", &[i(1)]),
    ];
    assert_eq!(
        got,
        [
            "2",
            "ValueError: array.index(x): x not in array",
            "ValueError: array.index(x): x not in array",
            "2",
            "TypeError: slice indices must be integers or have an __index__ method",
            "TypeError: index expected at most 3 arguments, got 4",
            "1",
            "1",
            "0",
            "True",
            "False",
            "True",
            "IndexError: pop from empty array",
            "[1, 2, 3, 4, 5]",
            "[1, 2, 3, 4, 5]",
            "b'\\x01\\x00\\x00\\x00\\x02\\x00\\x00\\x00\\x03\\x00\\x00\\x00\\x04\\x00\\x00\\x00\\x05\\x00\\x00\\x00'",
            "'i'",
            "4",
            "5",
            "(0, 0)",
            "array('i', [1, 2, 3, 4, 5])",
            "array('i', [1, 2, 3, 4, 5])",
            "TypeError: array.__deepcopy__() takes exactly one argument (0 given)",
            "84",
            "TypeError: array.tolist() takes no arguments (1 given)",
        ]
    );
    // A copy is a new array with its own items.
    let copy = a.call_method("__copy__", &[]).unwrap();
    assert!(!copy.is(&a));
    copy.set_item(&i(0), &i(100)).unwrap();
    assert_eq!(a.repr().unwrap(), "array('i', [1, 2, 3, 4, 5])");
    // The buffer's address is that of live memory: non-zero once allocated.
    let info = a.call_method("buffer_info", &[]).unwrap();
    assert!(info.get_item(&i(0)).unwrap().is_truthy().unwrap());
}

#[test]
fn comparisons_and_operators() {
    let got = [
        show(arr("i", vec![]).rich_compare(&arr("d", vec![]), pyobj_runtime::CompareOp::Eq)),
        show(
            arr("i", ints([1])).rich_compare(&arr("d", vec![f(1.0)]), pyobj_runtime::CompareOp::Eq),
        ),
        show(arr("i", ints([1])).rich_compare(&Obj::list(ints([1])), pyobj_runtime::CompareOp::Eq)),
        show(arr("i", ints([1])).rich_compare(&arr("i", ints([2])), pyobj_runtime::CompareOp::Lt)),
        show(
            arr("i", ints([1, 2])).rich_compare(&arr("i", ints([1])), pyobj_runtime::CompareOp::Lt),
        ),
        show(arr("i", ints([1])).rich_compare(&arr("b", ints([1])), pyobj_runtime::CompareOp::Ne)),
        show(
            arr("i", ints([1, 2])).rich_compare(&arr("i", ints([1])), pyobj_runtime::CompareOp::Ne),
        ),
        show(
            arr("i", ints([1, 2]))
                .rich_compare(&arr("i", ints([1, 2])), pyobj_runtime::CompareOp::Ge),
        ),
        show(
            arr("d", vec![f(f64::NAN)])
                .rich_compare(&arr("d", vec![f(f64::NAN)]), pyobj_runtime::CompareOp::Eq),
        ),
        show(
            arr("B", ints([255])).rich_compare(&arr("b", ints([-1])), pyobj_runtime::CompareOp::Gt),
        ),
        show(arr("i", ints([1])).rich_compare(&i(3), pyobj_runtime::CompareOp::Le)),
        show(five().hash().map(Obj::from)),
        show(
            arr("Q", vec![two_to(64).sub(&i(1)).unwrap()])
                .rich_compare(&arr("d", vec![f(1e19)]), pyobj_runtime::CompareOp::Gt),
        ),
    ];
    assert_eq!(
        got,
        [
            "True",
            "True",
            "False",
            "True",
            "False",
            "False",
            "True",
            "True",
            "False",
            "True",
            "TypeError: '<=' not supported between instances of 'array.array' and 'int'",
            "TypeError: unhashable type: 'array.array'",
            "True",
        ]
    );
    let got = [
        show(arr("i", ints([1])).add(&arr("i", ints([2])))),
        show(arr("i", ints([1])).add(&arr("d", ints([2])))),
        show(arr("i", ints([1])).add(&Obj::list(ints([2])))),
        show(arr("i", ints([1, 2])).mul(&i(2))),
        show(i(2).mul(&arr("i", ints([1, 2])))),
        show(arr("d", vec![f(1.5)]).mul(&i(-1))),
        show(arr("i", vec![]).mul(&s("x"))),
        show(arr("i", vec![]).is_truthy().map(Obj::from)),
        show(arr("i", ints([0])).is_truthy().map(Obj::from)),
        show(new(&[s("d"), Obj::range(0, 5, 1).unwrap()]).and_then(|a| a.len().map(Obj::from))),
    ];
    assert_eq!(
        got,
        [
            "array('i', [1, 2])",
            "TypeError: bad argument type for built-in operation",
            "TypeError: can only append array (not \"list\") to array",
            "array('i', [1, 2, 1, 2])",
            "array('i', [1, 2, 1, 2])",
            "array('d')",
            "TypeError: can't multiply sequence by non-int of type 'str'",
            "False",
            "True",
            "5",
        ]
    );
}

#[test]
fn reprs_and_the_unicode_typecode() {
    let got =
        [
            show(new(&[s("f"), Obj::list([f(0.1)])])),
            show(new(&[
                s("d"),
                Obj::list([f(0.1), f(f64::INFINITY), f(-0.0)]),
            ])),
            show(new(&[s("b")])),
            arr("d", ints([1])).str().unwrap(),
            show(new(&[s("u"), s("abc")])),
            show(new(&[s("u"), Obj::list([s("a"), s("b")])])),
            show(new(&[s("u"), Obj::list([i(1)])])),
            show(new(&[s("u"), Obj::list([s("ab")])])),
            show(new(&[s("u"), s("abc")]).and_then(|a| a.get_item(&i(0)))),
            show(new(&[s("u"), s("abc")]).and_then(|a| a.call_method("tolist", &[]))),
            show(new(&[s("u"), s("é😀")]).and_then(|a| a.call_method("tounicode", &[]))),
            show(new(&[s("u"), Obj::bytes(b"a\0\0\0")])),
            show(new(&[s("u"), Obj::bytes(&[0xff; 4])]).and_then(|a| a.get_item(&i(0)))),
            show(new(&[s("u"), s("a")]).and_then(|a| {
                a.rich_compare(&new(&[s("u"), s("b")])?, pyobj_runtime::CompareOp::Lt)
            })),
            show(new(&[s("u"), s("ab")]).and_then(|a| a.add(&new(&[s("u"), s("c")])?))),
            show(new(&[s("i")]).and_then(|a| a.call_method("tounicode", &[]))),
            show(new(&[s("i")]).and_then(|a| a.call_method("fromunicode", &[s("cd")]))),
            show(new(&[s("u")]).and_then(|a| a.call_method("fromunicode", &[i(5)]))),
        ];
    assert_eq!(
        got,
        [
            "array('f', [0.10000000149011612])",
            "array('d', [0.1, inf, -0.0])",
            "array('b')",
            "array('d', [1.0])",
            "array('u', 'abc')",
            "array('u', 'ab')",
            "TypeError: array item must be unicode character",
            "TypeError: array item must be unicode character",
            "'a'",
            "['a', 'b', 'c']",
            "'é😀'",
            "array('u', 'a')",
            "ValueError: chr() arg not in range(0x110000)",
            "True",
            "array('u', 'abc')",
            "ValueError: tounicode() may only be called on unicode type arrays",
            "ValueError: fromunicode() may only be called on unicode type arrays",
            "TypeError: fromunicode() argument must be str, not int",
        ]
    );
    let a = new(&[s("u"), s("ab")]).unwrap();
    a.call_method("fromunicode", &[s("cd")]).unwrap();
    assert_eq!(a.repr().unwrap(), "array('u', 'abcd')");
    // An invalid `wchar_t` in the repr: `PyUnicode_FromWideChar`'s error.
    let bad = new(&[s("u"), Obj::bytes(&[0xff; 4])]).unwrap();
    assert_eq!(
        show(bad.repr().map(Obj::from)),
        "ValueError: character U+ffffffff is not in range [U+0000; U+10ffff]"
    );
}

#[test]
fn constructor() {
    let got = [
        show(new(&[i(1)])),
        show(new(&[s("xy")])),
        show(new(&[s("z")])),
        show(new(&[s("z"), s("abc")])),
        show(new(&[s("z"), i(5)])),
        show(new(&[s("d"), s("abc")])),
        show(new(&[s("d"), new(&[s("u"), s("ab")]).unwrap()])),
        show(new(&[s("i"), Obj::bytes(b"\x01\0\0\0")])),
        show(new(&[s("i"), Obj::bytes(b"\x01")])),
        show(new(&[s("d"), arr("i", ints([1, 2]))])),
        show(new(&[s("i"), arr("d", vec![f(1.5)])])),
        show(new(&[s("i"), Obj::range(0, 3, 1).unwrap()])),
        show(new(&[s("i"), Obj::tuple(ints([1, 2]))])),
        show(new(&[s("i"), i(5)])),
        show(new(&[s("i"), Obj::none()])),
        show(new(&[s("i"), Obj::list(ints([1])), i(2)])),
        show(new(&[])),
        show(array_type().call_with(&Args::new(&[], &[("typecode", s("i"))]))),
        show(new(&[s("i"), Obj::list(ints([1, 2])).iter().unwrap()])),
        show(new(&[s("i"), Obj::dict_from([(i(3), i(4))]).unwrap()])),
    ];
    assert_eq!(
        got,
        [
            "TypeError: array() argument 1 must be a unicode character, not int",
            "TypeError: array() argument 1 must be a unicode character, not str",
            "ValueError: bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
            "TypeError: cannot use a str to initialize an array with typecode 'z'",
            "TypeError: 'int' object is not iterable",
            "TypeError: cannot use a str to initialize an array with typecode 'd'",
            "TypeError: cannot use a unicode array to initialize an array with typecode 'd'",
            "array('i', [1])",
            "ValueError: bytes length not a multiple of item size",
            "array('d', [1.0, 2.0])",
            "TypeError: 'float' object cannot be interpreted as an integer",
            "array('i', [0, 1, 2])",
            "array('i', [1, 2])",
            "TypeError: 'int' object is not iterable",
            "TypeError: 'NoneType' object is not iterable",
            "TypeError: array() takes at most 2 arguments (3 given)",
            "TypeError: array() takes at least 1 argument (0 given)",
            "TypeError: array.array() takes no keyword arguments",
            "array('i', [1, 2])",
            "array('i', [3])",
        ]
    );
}

#[test]
fn module_iteration_and_bytes() {
    let module = modules::import("array").unwrap();
    assert_eq!(show(module.getattr("typecodes")), "'bBuhHiIlLqQfd'");
    assert!(module.getattr("ArrayType").unwrap().is(&array_type()));
    assert_eq!(array_type().repr().unwrap(), "<class 'array.array'>");
    let a = arr("h", ints([1, -2]));
    let iterator = a.iter().unwrap();
    assert!(
        iterator
            .repr()
            .unwrap()
            .starts_with("<array.arrayiterator object at 0x")
    );
    assert_eq!(show(iterator.to_vec().map(Obj::list)), "[1, -2]");
    // The iterator sees items appended before it reaches the end.
    let iterator = a.iter().unwrap();
    assert_eq!(show(iterator.next_item().map(Option::unwrap)), "1");
    a.call_method("append", &[i(3)]).unwrap();
    assert_eq!(show(iterator.to_vec().map(Obj::list)), "[-2, 3]");
    // No handles: never tracked (CPython tracks arrays, which are GC types there).
    assert!(!a.is_tracked());
    assert!(!gc::is_tracked(&a));
    assert!(iterator.is_tracked());

    let swapped = arr("h", ints([1, 256, -2]));
    swapped.call_method("byteswap", &[]).unwrap();
    let swapped_double = arr("d", vec![f(1.0)]);
    swapped_double.call_method("byteswap", &[]).unwrap();
    let got = [
        swapped.repr().unwrap(),
        swapped_double.repr().unwrap(),
        m(&arr("H", ints([1, 258])), "tobytes", &[]),
        m(&arr("f", vec![f(1.5)]), "tobytes", &[]),
    ];
    assert_eq!(
        got,
        [
            "array('h', [256, 1, -257])",
            "array('d', [3.03865e-319])",
            "b'\\x01\\x00\\x02\\x01'",
            "b'\\x00\\x00\\xc0?'",
        ]
    );
}
