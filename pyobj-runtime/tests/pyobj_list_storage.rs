//! A list's item storage: up to four items live inside the list's own block (no buffer
//! outside it, as `sys.getsizeof` shows), a fifth spills them to the heap. Whatever the
//! storage, the list behaves the same: its methods, slices, sort, iteration while it
//! changes, and the collector seeing (and clearing) the items.

// `&[x.clone()]` is what a Python call passes: a new reference to the argument.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod pyobj_support;

use pyobj_runtime::{Args, Obj, PyList, PyResult, builtins, gc, modules};
use pyobj_support::{i, list, s, set};

/// `sys.getsizeof(obj)`.
fn size(obj: &Obj) -> usize {
    modules::import("sys")
        .unwrap()
        .getattr("getsizeof")
        .unwrap()
        .call(&[obj.clone()])
        .unwrap()
        .extract::<usize>()
        .unwrap()
}

/// The size of a list's block alone (an empty list owns no buffer).
fn block() -> usize {
    size(&list([]))
}

/// `[0, 1, ..., n - 1]`.
fn ints(n: i64) -> Obj {
    Obj::list((0..n).map(i))
}

/// The ints of a list.
fn values(list: &Obj) -> Vec<i64> {
    list.downcast_ref::<PyList>()
        .expect("a list")
        .snapshot()
        .iter()
        .map(|item| item.extract::<i64>().unwrap())
        .collect()
}

fn spilled(list: &Obj) -> bool {
    list.downcast_ref::<PyList>().unwrap().is_spilled()
}

fn sl(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Obj {
    Obj::slice(start.map(i), stop.map(i), step.map(i))
}

fn kw(obj: &Obj, name: &str, keywords: &[(&str, Obj)]) -> PyResult<Obj> {
    obj.call_method_with(name, &Args::new(&[], keywords))
}

#[test]
#[cfg(target_pointer_width = "64")]
fn the_block_is_64_bytes() {
    assert_eq!(block(), 64);
}

#[test]
fn up_to_four_items_own_no_buffer() {
    let block = block();
    let list_type = builtins::get("list").unwrap();
    for n in 0..=4 {
        let built = [
            ints(n),
            Obj::list_from_vec((0..n).map(i).collect()),
            list_type.call(&[Obj::range(0, n, 1).unwrap()]).unwrap(),
            list_type.call(&[ints(n)]).unwrap(),
            ints(n).call_method("copy", &[]).unwrap(),
        ];
        for list in built {
            assert_eq!(values(&list), (0..n).collect::<Vec<_>>());
            assert_eq!(size(&list), block, "a list of {n} items");
            assert!(!spilled(&list));
        }
        // Appended one by one.
        let grown = list([]);
        for k in 0..n {
            grown.call_method("append", &[i(k)]).unwrap();
        }
        assert_eq!(size(&grown), block);
    }
}

#[test]
fn five_or_more_items_report_their_buffer() {
    let block = block();
    for n in 5..=40 {
        let list = ints(n);
        assert!(spilled(&list));
        assert!(
            size(&list) >= block + 8 * n as usize,
            "a list of {n} items: {} bytes",
            size(&list)
        );
        assert_eq!(values(&list), (0..n).collect::<Vec<_>>());
    }
}

#[test]
fn a_fifth_item_spills_and_keeps_the_order() {
    let block = block();
    let list = ints(4);
    assert_eq!(size(&list), block);
    list.call_method("append", &[i(4)]).unwrap();
    assert_eq!(values(&list), [0, 1, 2, 3, 4]);
    assert!(spilled(&list));
    assert!(size(&list) >= block + 5 * 8);
    // insert into a full inline list.
    let list = ints(4);
    list.call_method("insert", &[i(0), i(-1)]).unwrap();
    assert_eq!(values(&list), [-1, 0, 1, 2, 3]);
    // extend across the boundary.
    let list = ints(3);
    list.call_method("extend", &[ints(4)]).unwrap();
    assert_eq!(values(&list), [0, 1, 2, 0, 1, 2, 3]);
    // a.extend(a), inline and spilled.
    let list = ints(3);
    list.call_method("extend", &[list.clone()]).unwrap();
    assert_eq!(values(&list), [0, 1, 2, 0, 1, 2]);
    list.call_method("extend", &[list.clone()]).unwrap();
    assert_eq!(values(&list).len(), 12);
}

#[test]
fn shrinking_back_works_and_clear_returns_inline() {
    let block = block();
    let list = ints(9);
    for expected in (0..9).rev() {
        let popped = list.call_method("pop", &[]).unwrap();
        assert_eq!(popped.extract::<i64>().unwrap(), expected);
        assert_eq!(values(&list), (0..expected).collect::<Vec<_>>());
    }
    list.call_method("append", &[i(7)]).unwrap();
    assert_eq!(values(&list), [7]);
    let list = ints(9);
    list.del_item(&sl(Some(2), None, None)).unwrap();
    assert_eq!(values(&list), [0, 1]);
    list.call_method("remove", &[i(0)]).unwrap();
    assert_eq!(values(&list), [1]);
    list.call_method("clear", &[]).unwrap();
    assert_eq!(size(&list), block);
    assert!(!spilled(&list));
    list.call_method("append", &[i(3)]).unwrap();
    assert_eq!(values(&list), [3]);
}

#[test]
fn slices_across_the_boundary() {
    let block = block();
    // Reading: a slice of a spilled list is a new list, inline if short.
    let long = ints(10);
    let short = long.get_item(&sl(Some(2), Some(5), None)).unwrap();
    assert_eq!(values(&short), [2, 3, 4]);
    assert_eq!(size(&short), block);
    let stepped = long.get_item(&sl(None, None, Some(-3))).unwrap();
    assert_eq!(values(&stepped), [9, 6, 3, 0]);
    let wide = long.get_item(&sl(Some(1), None, None)).unwrap();
    assert_eq!(values(&wide), (1..10).collect::<Vec<_>>());
    // Assigning: growing an inline list past four, shrinking a spilled one.
    let list = ints(4);
    list.set_item(&sl(Some(1), Some(1), None), &ints(3))
        .unwrap();
    assert_eq!(values(&list), [0, 0, 1, 2, 1, 2, 3]);
    list.set_item(&sl(Some(1), Some(6), None), &Obj::list([]))
        .unwrap();
    assert_eq!(values(&list), [0, 3]);
    list.set_item(&sl(None, None, None), &list.clone()).unwrap(); // a[:] = a
    assert_eq!(values(&list), [0, 3]);
    let list = ints(6);
    list.set_item(&sl(None, None, Some(2)), &Obj::list([i(10), i(12), i(14)]))
        .unwrap();
    assert_eq!(values(&list), [10, 1, 12, 3, 14, 5]);
    list.del_item(&sl(None, None, Some(2))).unwrap();
    assert_eq!(values(&list), [1, 3, 5]);
    list.set_item(&i(-1), &i(50)).unwrap();
    list.del_item(&i(0)).unwrap();
    assert_eq!(values(&list), [3, 50]);
}

#[test]
fn operators_and_methods_on_both_storages() {
    let block = block();
    let two = ints(2);
    let sum = two.add(&two).unwrap();
    assert_eq!(values(&sum), [0, 1, 0, 1]);
    assert_eq!(size(&sum), block);
    let more = sum.add(&two).unwrap();
    assert_eq!(values(&more), [0, 1, 0, 1, 0, 1]);
    assert!(spilled(&more));
    let repeated = two.mul(&i(3)).unwrap();
    assert_eq!(values(&repeated), [0, 1, 0, 1, 0, 1]);
    assert_eq!(values(&two.mul(&i(2)).unwrap()), [0, 1, 0, 1]);
    // A spilled list shrunk to two items copies into an inline list.
    let list = ints(8);
    list.del_item(&sl(Some(2), None, None)).unwrap();
    let copy = list.call_method("copy", &[]).unwrap();
    assert_eq!(size(&copy), block);
    assert!(list.eq(&copy).unwrap());
    assert!(!list.eq(&ints(3)).unwrap());
    list.call_method("reverse", &[]).unwrap();
    assert_eq!(values(&list), [1, 0]);
    assert_eq!(
        list.call_method("index", &[i(0)])
            .unwrap()
            .extract::<i64>()
            .unwrap(),
        1
    );
    assert_eq!(ints(7).repr().unwrap(), "[0, 1, 2, 3, 4, 5, 6]");
    assert_eq!(ints(4).repr().unwrap(), "[0, 1, 2, 3]");
}

#[test]
fn sort_inline_and_spilled() {
    let abs = builtins::get("abs").unwrap();
    for (input, reverse, expected) in [
        (&[2, -1, 1][..], false, &[-1, 1, 2][..]),
        (&[2, -1, 1], true, &[2, -1, 1]),
        (&[-3, 1, 2, -2, -1, 3], false, &[1, -1, 2, -2, -3, 3]),
        (&[-3, 1, 2, -2, -1, 3], true, &[-3, 3, 2, -2, 1, -1]),
    ] {
        let list = Obj::list(input.iter().map(|&k| i(k)));
        kw(
            &list,
            "sort",
            &[("key", abs.clone()), ("reverse", Obj::from(reverse))],
        )
        .unwrap();
        assert_eq!(values(&list), expected, "{input:?} reverse={reverse}");
    }
    // A list of four sorts in its block; a spilled one shrunk to four comes back in.
    let block = block();
    let list = Obj::list([i(3), i(1), i(2), i(0)]);
    list.call_method("sort", &[]).unwrap();
    assert_eq!(values(&list), [0, 1, 2, 3]);
    assert_eq!(size(&list), block);
    let list = Obj::list([i(3), i(1), i(2), i(0), i(9)]);
    list.call_method("pop", &[]).unwrap();
    list.call_method("sort", &[]).unwrap();
    assert_eq!(values(&list), [0, 1, 2, 3]);
    assert_eq!(size(&list), block);
    // Mutation during the sort is detected, and the items are kept (with more than
    // one item, comparing the `None` keys fails first, as in CPython).
    for n in [1, 4, 7] {
        let list = ints(n);
        let err = kw(&list, "sort", &[("key", list.getattr("append").unwrap())]).unwrap_err();
        let expected = if n == 1 {
            "ValueError: list modified during sort"
        } else {
            "TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'"
        };
        assert_eq!(err.to_string(), expected);
        assert_eq!(values(&list), (0..n).collect::<Vec<_>>());
    }
    // A comparison error leaves the items in their order.
    let list = Obj::list([i(2), s("a"), i(1)]);
    assert!(list.call_method("sort", &[]).is_err());
    assert_eq!(list.repr().unwrap(), "[2, 'a', 1]");
    // sorted() of a short and a long list.
    let sorted = builtins::get("sorted").unwrap();
    let out = sorted.call(&[Obj::list([i(2), i(1)])]).unwrap();
    assert_eq!(values(&out), [1, 2]);
    let out = sorted.call(&[Obj::list((0..9).rev().map(i))]).unwrap();
    assert_eq!(values(&out), (0..9).collect::<Vec<_>>());
}

#[test]
fn iteration_sees_the_list_grow_past_four() {
    let list = ints(1);
    let it = list.iter().unwrap();
    let mut seen = Vec::new();
    while let Some(item) = it.next_item().unwrap() {
        let k = item.extract::<i64>().unwrap();
        seen.push(k);
        if k < 9 {
            list.call_method("append", &[i(k + 1)]).unwrap();
        }
    }
    assert_eq!(seen, (0..10).collect::<Vec<_>>());
    // And shrinking back under it.
    let list = ints(6);
    let it = list.iter().unwrap();
    let mut seen = Vec::new();
    while let Some(item) = it.next_item().unwrap() {
        seen.push(item.extract::<i64>().unwrap());
        list.call_method("pop", &[]).unwrap();
    }
    assert_eq!(seen, [0, 1, 2]);
}

#[test]
fn the_collector_sees_inline_items() {
    gc::collect();
    // a = []; a.append(a); del a
    let a = list([]);
    a.call_method("append", &[a.clone()]).unwrap();
    assert!(!spilled(&a));
    let referents = modules::import("gc")
        .unwrap()
        .getattr("get_referents")
        .unwrap()
        .call(&[a.clone()])
        .unwrap();
    assert_eq!(referents.repr().unwrap(), "[[[...]]]");
    drop(referents);
    drop(a);
    assert_eq!(gc::collect(), 1);
    // An object kept only by an inline list in a cycle dies with it.
    let st = set([i(1)]);
    let r = st.weakref(None).unwrap();
    let a = list([st]);
    a.call_method("append", &[a.clone()]).unwrap();
    drop(a);
    assert!(!r.call(&[]).unwrap().is_none());
    assert!(gc::collect() >= 1);
    assert!(r.call(&[]).unwrap().is_none());
    // Two lists in a cycle, one inline and one spilled.
    let a = ints(2);
    let b = ints(6);
    a.call_method("append", &[b.clone()]).unwrap();
    b.call_method("append", &[a.clone()]).unwrap();
    assert!(!spilled(&a));
    assert!(spilled(&b));
    drop((a, b));
    assert_eq!(gc::collect(), 2);
}

#[test]
fn a_reachable_inline_list_survives_a_collection() {
    let a = list([]);
    let b = list([a.clone()]);
    a.call_method("append", &[b.clone()]).unwrap();
    a.call_method("append", &[i(5)]).unwrap();
    drop(b);
    gc::collect();
    assert_eq!(a.repr().unwrap(), "[[[...]], 5]");
}

#[test]
fn many_random_operations_match_a_vec() {
    // A deterministic mix of operations on a list and on a `Vec` model, crossing the
    // four-item boundary both ways many times.
    let steps = if cfg!(miri) { 300 } else { 5_000 };
    let list = list([]);
    let mut model: Vec<i64> = Vec::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    for step in 0..steps {
        let value = step as i64;
        let len = model.len() as u64;
        match next(8) {
            0 | 1 => {
                list.call_method("append", &[i(value)]).unwrap();
                model.push(value);
            }
            2 => {
                let at = next(len + 1) as usize;
                list.call_method("insert", &[i(at as i64), i(value)])
                    .unwrap();
                model.insert(at, value);
            }
            3 if len > 0 => {
                let at = next(len) as usize;
                let popped = list.call_method("pop", &[i(at as i64)]).unwrap();
                assert_eq!(popped.extract::<i64>().unwrap(), model.remove(at));
            }
            4 => {
                let start = next(len + 1) as usize;
                let stop = start + next(len + 1 - start as u64) as usize;
                let count = next(4) as i64;
                let new: Vec<i64> = (0..count).map(|k| value * 10 + k).collect();
                list.set_item(
                    &sl(Some(start as i64), Some(stop as i64), None),
                    &Obj::list(new.iter().map(|&k| i(k))),
                )
                .unwrap();
                model.splice(start..stop, new);
            }
            5 if len > 0 => {
                let start = next(len) as usize;
                let stop = start + next(len - start as u64 + 1) as usize;
                list.del_item(&sl(Some(start as i64), Some(stop as i64), None))
                    .unwrap();
                model.drain(start..stop);
            }
            6 if next(8) == 0 => {
                list.call_method("clear", &[]).unwrap();
                model.clear();
            }
            7 => {
                list.call_method("reverse", &[]).unwrap();
                model.reverse();
            }
            _ => {}
        }
        assert_eq!(values(&list), model, "after step {step}");
        if model.len() > 4 {
            assert!(spilled(&list));
        }
    }
}
