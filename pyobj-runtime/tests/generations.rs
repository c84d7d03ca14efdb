//! Generations: the counts, the thresholds, promotion of survivors, and when automatic
//! collections run (CPython's rules and numbers).

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{Obj, contains, drops, obj, ring};
use pyobj_runtime::gc::{self, Phase};
use pyobj_runtime::{Gc, Trace, Tracer};

/// The generation of each collection and `gc.get_count()` when it starts.
type Starts = Rc<RefCell<Vec<(usize, (usize, usize, usize))>>>;

fn record_starts() -> Starts {
    let log = Starts::default();
    let sink = log.clone();
    gc::add_callback(move |phase, info| {
        if phase == Phase::Start {
            sink.borrow_mut().push((info.generation, gc::get_count()));
        }
    });
    log
}

/// Whether `object` is listed in generation `generation` and in no other.
fn only_in(generation: usize, object: &Gc<Obj>) -> bool {
    (0..3).all(|g| contains(&gc::get_objects(Some(g)).unwrap(), object) == (g == generation))
}

/// CPython's `test_gc.test_collect_generations`.
#[test]
fn collecting_a_generation_resets_the_counts_like_cpython() {
    gc::collect();
    let x = obj("x"); // x = []
    gc::collect_generation(0).unwrap();
    assert_eq!(gc::get_count(), (0, 1, 0));
    assert!(only_in(1, &x));
    gc::collect_generation(1).unwrap();
    assert_eq!(gc::get_count(), (0, 0, 1));
    assert!(only_in(2, &x));
    gc::collect_generation(2).unwrap();
    assert_eq!(gc::get_count(), (0, 0, 0));
    assert!(only_in(2, &x));
}

#[test]
fn default_thresholds_are_cpython_3_13s() {
    assert_eq!(gc::get_threshold(), (2000, 10, 10));
}

#[test]
fn set_threshold_with_none_keeps_the_old_values() {
    gc::set_threshold(700, None, None); // gc.set_threshold(700)
    assert_eq!(gc::get_threshold(), (700, 10, 10));
    gc::set_threshold(100, Some(5), None);
    assert_eq!(gc::get_threshold(), (100, 5, 10));
    gc::set_threshold(100, None, Some(3));
    assert_eq!(gc::get_threshold(), (100, 5, 3));
}

#[test]
fn automatic_collection_runs_when_count0_exceeds_threshold0() {
    gc::set_threshold(10, None, None);
    let starts = record_starts();
    let mut keep: Vec<Gc<Obj>> = (0..10).map(|_| obj("x")).collect();
    assert_eq!(gc::get_count(), (10, 0, 0));
    assert!(starts.borrow().is_empty());
    keep.push(obj("x")); // the 11th tracked allocation: 11 > 10
    assert_eq!(*starts.borrow(), [(0, (11, 0, 0))]);
    assert_eq!(gc::get_count(), (0, 1, 0));
    // All eleven survived into generation 1, the new one too.
    assert_eq!(gc::get_objects(Some(1)).unwrap().len(), 11);
    assert!(only_in(1, &keep[10]));
}

#[test]
fn automatic_collection_finds_garbage_cycles() {
    gc::set_threshold(10, None, None);
    for _ in 0..5 {
        drop(ring(&["a", "b"]));
    }
    assert_eq!(drops(), 0);
    let _trigger = obj("trigger"); // the 11th
    assert_eq!(drops(), 10);
    assert_eq!(gc::get_stats()[0].collected, 10);
}

#[test]
fn no_automatic_collection_when_disabled() {
    gc::set_threshold(10, None, None);
    let starts = record_starts();
    gc::disable();
    assert!(!gc::is_enabled());
    let keep: Vec<Gc<Obj>> = (0..100).map(|_| obj("x")).collect();
    assert!(starts.borrow().is_empty());
    assert_eq!(gc::get_count(), (100, 0, 0));
    gc::enable();
    let last = obj("x"); // 101 > 10
    assert_eq!(*starts.borrow(), [(0, (101, 0, 0))]);
    // gc.collect() works when disabled.
    gc::disable();
    assert_eq!(gc::collect(), 0);
    assert_eq!(*starts.borrow(), [(0, (101, 0, 0)), (2, (0, 1, 0))]);
    drop((keep, last));
}

#[test]
fn threshold0_of_zero_turns_automatic_collection_off() {
    gc::set_threshold(0, None, None);
    let starts = record_starts();
    let keep: Vec<Gc<Obj>> = (0..100).map(|_| obj("x")).collect();
    assert!(starts.borrow().is_empty());
    assert_eq!(gc::get_count(), (100, 0, 0));
    drop(keep);
}

#[test]
fn survivors_move_up_one_generation() {
    let a = obj("a");
    assert!(only_in(0, &a));
    gc::collect_generation(0).unwrap();
    assert!(only_in(1, &a));
    let b = obj("b");
    assert!(only_in(0, &b));
    // Collecting generation 1 collects 0 too; survivors of both go to 2.
    gc::collect_generation(1).unwrap();
    assert!(only_in(2, &a));
    assert!(only_in(2, &b));
    gc::collect();
    assert!(only_in(2, &a));
    assert!(only_in(2, &b));
    let everything = gc::get_objects(None).unwrap();
    assert_eq!(everything.len(), 2);
    assert!(contains(&everything, &a) && contains(&everything, &b));
}

/// CPython's rule: a full collection also waits until the objects promoted into
/// generation 2 since the last one reach 25% of those that survived it.
#[test]
fn full_collection_waits_for_a_quarter_of_the_long_lived_objects() {
    let mut keep: Vec<Gc<Obj>> = (0..100).map(|_| obj("old")).collect();
    gc::collect(); // 100 long-lived objects
    gc::set_threshold(1, Some(0), Some(0));
    let starts = record_starts();
    for _ in 0..30 {
        keep.push(obj("new"));
    }
    // Every second allocation collects: generation 0, then 1 (which promotes the 4
    // objects of generations 0 and 1), and so on. From the third collection on, count2
    // exceeds threshold2, but a full collection waits until 25 objects were promoted.
    let mut expected = Vec::new();
    for gen1_collections in 0..7 {
        expected.push((0, (2, 0, gen1_collections)));
        expected.push((1, (2, 1, gen1_collections)));
    }
    expected.push((2, (2, 0, 7))); // 28 promoted >= 100 / 4
    assert_eq!(*starts.borrow(), expected);
    assert_eq!(gc::get_count(), (0, 0, 0));
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 130);
}

#[test]
fn count0_goes_down_when_tracked_objects_die() {
    let a = obj("a");
    let b = obj("b");
    assert_eq!(gc::get_count(), (2, 0, 0));
    drop(a);
    assert_eq!(gc::get_count(), (1, 0, 0));
    gc::collect();
    assert_eq!(gc::get_count(), (0, 0, 0));
    let c = obj("c");
    assert_eq!(gc::get_count(), (1, 0, 0));
    // An old object dying counts too (CPython's gc_dealloc), never below zero.
    drop(b);
    assert_eq!(gc::get_count(), (0, 0, 0));
    drop(c);
    assert_eq!(gc::get_count(), (0, 0, 0));
}

/// Plain data: no handles inside.
struct Point {
    x: i64,
    y: i64,
}

impl Trace for Point {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

#[test]
fn untracked_objects_never_count() {
    gc::set_threshold(1, None, None);
    let starts = record_starts();
    let ints: Vec<Gc<i64>> = (0..100).map(Gc::new).collect();
    let strings: Vec<Gc<String>> = (0..100).map(|i| Gc::new(i.to_string())).collect();
    let lists: Vec<Gc<RefCell<Vec<i64>>>> =
        (0..100).map(|i| Gc::new(RefCell::new(vec![i]))).collect();
    let points: Vec<Gc<Point>> = (0..100).map(|i| Gc::new(Point { x: i, y: -i })).collect();
    assert_eq!(gc::get_count(), (0, 0, 0));
    assert!(starts.borrow().is_empty());
    assert!(gc::get_objects(None).unwrap().is_empty());
    assert!(!gc::is_tracked(&ints[0]));
    assert!(!gc::is_tracked(&strings[0]));
    assert!(!gc::is_tracked(&lists[0]));
    assert!(!gc::is_tracked(&points[0]));
    assert_eq!((points[7].x, points[7].y), (7, -7));
    drop((ints, strings, lists, points));
    assert_eq!(gc::get_count(), (0, 0, 0));
}
