//! The `gc` module's functions, with CPython's values and texts.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{Obj, contains, drops, free_stuck_garbage, link, obj, ring, stuck_pair};
use pyobj_runtime::gc::{self, CallbackInfo, GcError, GenerationStats, Phase};
use pyobj_runtime::{AnyGc, Finalize, Gc, Handle, Trace, Tracer};

#[test]
fn collect_generation_3_is_an_invalid_generation() {
    let error = gc::collect_generation(3).unwrap_err();
    assert_eq!(error, GcError::InvalidGeneration);
    assert_eq!(error.to_string(), "invalid generation");
    // Nothing ran.
    assert_eq!(gc::get_stats(), [GenerationStats::default(); 3]);
    assert_eq!(gc::collect_generation(2), Ok(0));
}

#[test]
fn get_objects_of_generation_3_is_out_of_range() {
    let error = gc::get_objects(Some(3)).unwrap_err();
    assert_eq!(error, GcError::GenerationOutOfRange);
    assert_eq!(
        error.to_string(),
        "generation parameter must be less than the number of available generations (3)"
    );
}

/// Sorted addresses, to compare sets of objects.
fn addresses<'a>(objects: impl IntoIterator<Item = &'a AnyGc>) -> Vec<usize> {
    let mut addresses: Vec<usize> = objects.into_iter().map(AnyGc::addr).collect();
    addresses.sort_unstable();
    addresses
}

fn address(object: &impl Handle) -> usize {
    AnyGc::addr(object.as_any())
}

#[test]
fn get_referents_lists_each_edge_in_trace_order() {
    let (a, b, c) = (obj("a"), obj("b"), obj("c"));
    link(&a, &b);
    link(&a, &c);
    link(&a, &b); // a = [b, c, b]
    let referents: Vec<usize> = gc::get_referents(&a).iter().map(AnyGc::addr).collect();
    assert_eq!(referents, [address(&b), address(&c), address(&b)]);
    assert!(gc::get_referents(&b).is_empty());
    assert!(gc::get_referents(&Gc::new(5_i64)).is_empty());
    // The returned handles are counted references.
    assert_eq!(Gc::strong_count(&b), 3); // `b` and a's two items
    let referents = gc::get_referents(&a);
    assert_eq!(Gc::strong_count(&b), 5);
    drop(referents);
    assert_eq!(Gc::strong_count(&b), 3);
}

#[test]
fn get_referrers_finds_every_tracked_holder_in_every_generation() {
    let (a, b, c, d) = (obj("a"), obj("b"), obj("c"), obj("d"));
    link(&a, &b);
    link(&a, &b);
    gc::collect(); // a and b in generation 2
    link(&d, &b); // d in generation 0
    link(&c, &d);
    let holder = Gc::new(Some(b.clone())); // an `Option<Gc<_>>` is tracked too
    let referrers = gc::get_referrers(&b);
    let mut expected = vec![address(&a), address(&d), address(&holder)];
    expected.sort_unstable();
    assert_eq!(addresses(&referrers), expected);
    assert!(gc::get_referrers(&c).is_empty());
    assert_eq!(addresses(&gc::get_referrers(&d)), [address(&c)]);
}

#[test]
fn is_tracked_only_for_types_that_can_hold_handles() {
    assert!(!gc::is_tracked(&Gc::new(5_i64)));
    assert!(!gc::is_tracked(&Gc::new(String::from("a"))));
    assert!(!gc::is_tracked(&Gc::new(vec![1_i64, 2])));
    assert!(gc::is_tracked(&obj("list")));
    assert!(gc::is_tracked(&Gc::into_any(obj("list"))));
}

/// Python's `class Lazarus: def __del__(self): global keep; keep = self`.
struct Lazarus;

impl Trace for Lazarus {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

thread_local! {
    static KEEP: RefCell<Option<Gc<Lazarus>>> = const { RefCell::new(None) };
}

impl Finalize for Lazarus {
    fn finalize(this: &Gc<Self>) {
        KEEP.with(|keep| *keep.borrow_mut() = Some(this.clone()));
    }
}

#[test]
fn is_finalized_after_the_finalizer_ran() {
    let x = Gc::with_finalizer(Lazarus);
    assert!(!gc::is_finalized(&x));
    drop(x); // resurrected by its finalizer
    let x = KEEP.with(|keep| keep.borrow_mut().take()).unwrap();
    assert!(gc::is_finalized(&x));
    assert!(!gc::is_finalized(&obj("no finalizer")));
}

#[test]
fn frozen_objects_are_not_collected_until_unfrozen() {
    let cycle = ring(&["a", "b"]);
    let alive = obj("c");
    assert_eq!(gc::get_freeze_count(), 0);
    gc::freeze();
    assert_eq!(gc::get_freeze_count(), 3);
    assert_eq!(gc::get_count(), (0, 0, 0));
    // The permanent generation is in none of the three.
    assert!(gc::get_objects(None).unwrap().is_empty());
    drop(cycle);
    assert_eq!(gc::collect(), 0);
    assert_eq!(drops(), 0);
    drop(alive); // a count still frees a frozen object
    assert_eq!(drops(), 1);
    assert_eq!(gc::get_freeze_count(), 2);
    gc::unfreeze();
    assert_eq!(gc::get_freeze_count(), 0);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 2);
    assert_eq!(gc::collect(), 2);
    assert_eq!(drops(), 3);
}

#[test]
fn get_stats_counts_collections_and_objects_per_generation() {
    let stats = |collections, collected, uncollectable| GenerationStats {
        collections,
        collected,
        uncollectable,
    };
    assert_eq!(gc::get_stats(), [stats(0, 0, 0); 3]);
    drop(ring(&["a"]));
    assert_eq!(gc::collect_generation(0), Ok(1));
    assert_eq!(gc::collect_generation(1), Ok(0));
    drop(ring(&["b", "c"]));
    assert_eq!(gc::collect(), 2);
    drop(stuck_pair());
    assert_eq!(gc::collect(), 2);
    assert_eq!(
        gc::get_stats(),
        [stats(1, 1, 0), stats(1, 0, 0), stats(2, 2, 2)]
    );
    free_stuck_garbage();
}

type Calls = Rc<RefCell<Vec<(Phase, CallbackInfo)>>>;

fn record_calls() -> (Calls, gc::CallbackId) {
    let calls = Calls::default();
    let sink = calls.clone();
    let id = gc::add_callback(move |phase, info| sink.borrow_mut().push((phase, *info)));
    (calls, id)
}

fn info(generation: usize, collected: usize, uncollectable: usize) -> CallbackInfo {
    CallbackInfo {
        generation,
        collected,
        uncollectable,
    }
}

#[test]
fn callbacks_are_told_the_generation_and_the_results() {
    let (calls, _) = record_calls();
    drop(ring(&["a", "b"]));
    assert_eq!(gc::collect(), 2);
    assert_eq!(
        calls.take(),
        [(Phase::Start, info(2, 0, 0)), (Phase::Stop, info(2, 2, 0))]
    );
    assert_eq!(gc::collect_generation(0), Ok(0));
    assert_eq!(
        calls.take(),
        [(Phase::Start, info(0, 0, 0)), (Phase::Stop, info(0, 0, 0))]
    );
    let (a, b) = stuck_pair();
    drop((a, b));
    assert_eq!(gc::collect_generation(1), Ok(2));
    assert_eq!(
        calls.take(),
        [(Phase::Start, info(1, 0, 0)), (Phase::Stop, info(1, 0, 2))]
    );
    assert_eq!(
        (Phase::Start.as_str(), Phase::Stop.as_str()),
        ("start", "stop")
    );
    free_stuck_garbage();
}

#[test]
fn callbacks_run_in_the_order_they_were_added() {
    let order = Rc::new(RefCell::new(Vec::new()));
    for name in ["first", "second", "third"] {
        let order = order.clone();
        gc::add_callback(move |phase, _| order.borrow_mut().push((name, phase.as_str())));
    }
    gc::collect();
    assert_eq!(
        *order.borrow(),
        [
            ("first", "start"),
            ("second", "start"),
            ("third", "start"),
            ("first", "stop"),
            ("second", "stop"),
            ("third", "stop"),
        ]
    );
}

#[test]
fn collect_inside_a_callback_returns_0() {
    let inner = Rc::new(RefCell::new(Vec::new()));
    let sink = inner.clone();
    gc::add_callback(move |_, _| sink.borrow_mut().push(gc::collect()));
    drop(ring(&["a"]));
    assert_eq!(gc::collect(), 1);
    assert_eq!(*inner.borrow(), [0, 0]);
    assert_eq!(gc::get_stats()[2].collections, 1);
}

#[test]
fn removed_callbacks_are_not_called() {
    let (calls, id) = record_calls();
    assert!(gc::remove_callback(id));
    assert!(!gc::remove_callback(id));
    gc::collect();
    assert!(calls.borrow().is_empty());
}

#[test]
fn enable_and_disable_switch_automatic_collection() {
    assert!(gc::is_enabled());
    gc::disable();
    assert!(!gc::is_enabled());
    gc::enable();
    assert!(gc::is_enabled());
}

#[test]
fn debug_flags_are_cpythons() {
    assert_eq!(gc::get_debug(), 0);
    assert_eq!(
        (
            gc::DEBUG_STATS,
            gc::DEBUG_COLLECTABLE,
            gc::DEBUG_UNCOLLECTABLE,
            gc::DEBUG_SAVEALL
        ),
        (1, 2, 4, 32)
    );
    assert_eq!(gc::DEBUG_LEAK, 38);
    gc::set_debug(gc::DEBUG_LEAK);
    assert_eq!(gc::get_debug(), 38);
    gc::set_debug(0);
    assert_eq!(gc::get_debug(), 0);
}

/// Set in the child process that runs the `DEBUG_STATS` scenario.
const DEBUG_STATS_CHILD: &str = "PYOBJ_TEST_DEBUG_STATS_CHILD";

/// One object frozen, one in generation 2, one in generation 1, and in generation 0 a
/// garbage 2-cycle and one live object; then a collection of generation 0 and a full
/// one, with `DEBUG_STATS` on.
fn debug_stats_scenario() {
    let frozen = obj("frozen");
    gc::freeze();
    let old = obj("old");
    gc::collect_generation(1).unwrap();
    let middle = obj("middle");
    gc::collect_generation(0).unwrap();
    drop(ring(&["a", "b"]));
    let young = obj("young");
    gc::set_debug(gc::DEBUG_STATS);
    gc::collect_generation(0).unwrap();
    gc::collect();
    gc::set_debug(0);
    drop((frozen, old, middle, young));
}

/// The elapsed time of a `gc: done` line: `S.SSSS` seconds.
fn is_elapsed(seconds: &str) -> bool {
    let Some((whole, fraction)) = seconds.split_once('.') else {
        return false;
    };
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.len() == 4
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot spawn processes")]
fn debug_stats_prints_cpythons_lines() {
    if std::env::var_os(DEBUG_STATS_CHILD).is_some() {
        debug_stats_scenario();
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "debug_stats_prints_cpythons_lines",
            "--nocapture",
        ])
        .env(DEBUG_STATS_CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "child failed:\n{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 8, "{stderr}");
    let done = |line: &str, unreachable: usize| {
        let prefix = format!("gc: done, {unreachable} unreachable, 0 uncollectable, ");
        line.strip_prefix(prefix.as_str())
            .and_then(|rest| rest.strip_suffix("s elapsed"))
            .is_some_and(is_elapsed)
    };
    assert_eq!(
        lines[..3],
        [
            "gc: collecting generation 0...",
            "gc: objects in each generation: 3 1 1",
            "gc: objects in permanent generation: 1",
        ]
    );
    assert!(done(lines[3], 2), "{}", lines[3]);
    assert_eq!(
        lines[4..7],
        [
            "gc: collecting generation 2...",
            "gc: objects in each generation: 0 2 1",
            "gc: objects in permanent generation: 1",
        ]
    );
    assert!(done(lines[7], 0), "{}", lines[7]);
}

#[test]
fn get_objects_lists_each_tracked_object_once() {
    let objects: Vec<Gc<Obj>> = (0..5).map(|_| obj("x")).collect();
    gc::collect_generation(0).unwrap();
    let more = obj("y");
    let everything = gc::get_objects(None).unwrap();
    assert_eq!(everything.len(), 6);
    assert!(objects.iter().all(|object| contains(&everything, object)));
    assert!(contains(&everything, &more));
    assert_eq!(gc::get_objects(Some(0)).unwrap().len(), 1);
    assert_eq!(gc::get_objects(Some(1)).unwrap().len(), 5);
    assert_eq!(gc::get_objects(Some(2)).unwrap().len(), 0);
}
