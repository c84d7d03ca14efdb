//! Fuzz target `graph`: the runtime's graph operations against a model of them.
//!
//! The input is decoded (with `arbitrary`) into a list of [`Op`]s on a small pool of
//! handles: make objects (plain, with a finalizer, or holding a weak reference to
//! themselves), link and unlink them, take and drop handles, make, upgrade and drop weak
//! references (some with callbacks), collect (all generations or one), change the
//! thresholds, disable and enable automatic collection, freeze and unfreeze, take a
//! value out (`Gc::try_unwrap`), and ask the `gc` module about the graph.
//!
//! Every object is a [`Node`] with an id. A thread-local [`Registry`] keeps, per id, the
//! model of the object: the handles it holds (in order), the weak references it holds,
//! and what happened to it (finalizer calls, drops). After each operation [`check`]
//! compares the runtime with the model:
//!
//! - every object reachable from the harness's handles is alive (not dropped), holds
//!   exactly the handles the model says, and has the count the model says
//!   (`Gc::strong_count`: harness handles plus the handles held by every live object);
//! - every live object is referenced by something (a count of zero that was not freed is
//!   a leak), and after a full collection (nothing frozen) every live object is
//!   reachable from the harness;
//! - a weak reference upgrades to its own target, never to a dropped object, never again
//!   once it returned `None`; it may return `None` for a live target only if that target
//!   was unreachable before or after the operation (PEP 442: a collection clears the
//!   weak references of garbage before finalizers may resurrect it); a callback runs
//!   exactly when its weak reference (held by the harness) stops upgrading;
//! - finalizers run at most once, never after the drop; `gc::is_finalized` agrees;
//! - `gc::get_referents`, `gc::get_referrers` and `gc::get_objects` agree with the model;
//! - nothing reaches the unraisable hook but the finalizer panic the input asked for.
//!
//! At the end every handle is dropped and the heap collected: every object must be
//! dropped exactly once, every finalizer (of an object not taken out) must have run
//! exactly once, and the heap's pools must hold as many blocks as before the input.

#![no_main]

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::rc::Rc;
use std::sync::Once;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use pyobj_runtime::{Finalize, Gc, Trace, Tracer, Weak, gc, pool};

/// Strong handles the harness holds.
const SLOTS: usize = 8;
/// Weak references the harness holds.
const WEAKS: usize = 4;
/// The panic a finalizer raises when the input asks for one.
const EXPECTED_PANIC: &str = "fuzz: the finalizer panics, as asked";

/// What a finalizer does besides being recorded.
#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
enum OnFinalize {
    Nothing,
    /// Stores a handle to the object in [`KEEP`].
    Resurrect,
    /// Drops the handles the object holds.
    ClearItems,
    /// Calls `gc::collect()` (returns 0 at once during a collection).
    Collect,
    /// Makes a new object holding a handle to this one, kept in [`KEEP`]: resurrection
    /// through an object the collection never saw.
    Allocate,
    /// Panics (the first such finalizer of an input only: a second panic while the first
    /// unwinds through a `Drop` would abort, as for any Rust type).
    Panic,
}

/// What a weak reference's callback does besides being recorded.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum OnCallback {
    Nothing,
    /// Calls `gc::collect()`, which may resume a finalizer's panic: the callback then
    /// panics, and the runtime must still call the object's other callbacks (finding
    /// F1 in RELIABILITY.md).
    Collect,
    /// Makes an object and drops it.
    Allocate,
}

#[derive(Arbitrary, Debug)]
enum Op {
    New {
        slot: u8,
    },
    NewFinalized {
        slot: u8,
        action: OnFinalize,
    },
    /// `Gc::new_cyclic`: the object holds a weak reference to itself.
    NewCyclic {
        slot: u8,
    },
    Clone {
        from: u8,
        to: u8,
    },
    Drop {
        slot: u8,
    },
    /// `from.items.push(to)`.
    Link {
        from: u8,
        to: u8,
    },
    /// Removes one of the handles the object holds.
    Unlink {
        slot: u8,
        index: u8,
    },
    /// `to = slot.items[index]`: a handle to an object further in.
    Follow {
        slot: u8,
        index: u8,
        to: u8,
    },
    /// `from.weaks.push(downgrade(to))`.
    LinkWeak {
        from: u8,
        to: u8,
    },
    Downgrade {
        slot: u8,
        weak: u8,
        callback: Option<OnCallback>,
    },
    Upgrade {
        weak: u8,
        to: u8,
    },
    DropWeak {
        weak: u8,
    },
    Collect,
    CollectGeneration {
        generation: u8,
    },
    Threshold {
        threshold0: u8,
        threshold1: u8,
        threshold2: u8,
    },
    Enable(bool),
    Freeze,
    Unfreeze,
    TryUnwrap {
        slot: u8,
    },
    DropTaken,
    /// Drops the handles finalizers stored in [`KEEP`].
    ReleaseKept,
    /// `get_referents`, `get_referrers`, `is_tracked` of one object.
    Inspect {
        slot: u8,
    },
    /// `get_objects()`: every node it lists is live and holds what the model says.
    InspectAll,
}

/// The object every operation works on.
struct Node {
    id: usize,
    items: RefCell<Vec<Gc<Node>>>,
    weaks: RefCell<Vec<Weak<Node>>>,
    action: OnFinalize,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
        self.weaks.trace(tracer);
    }
    fn drop_handles(&self) {
        self.items.drop_handles();
        self.weaks.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let id = self.id;
        with_registry(|r| {
            let record = &mut r.records[id];
            record.drops += 1;
            if record.drops > 1 {
                violation(format!("object {id} dropped {} times", record.drops));
            }
        });
        // The object is dead: no weak reference reaches it, and none reaches a dropped
        // object.
        for weak in self.weaks.get_mut().iter() {
            if let Some(target) = weak.upgrade() {
                let target_id = target.id;
                with_registry(|r| {
                    if target_id == id {
                        violation(format!(
                            "object {id} upgraded a weak reference to itself in its Drop"
                        ));
                    }
                    if r.records[target_id].drops > 0 {
                        violation(format!(
                            "a weak reference held by {id} upgraded to dropped object {target_id}"
                        ));
                    }
                });
            }
        }
    }
}

impl Finalize for Node {
    fn finalize(this: &Gc<Self>) {
        let id = this.id;
        let armed = with_registry(|r| {
            let record = &mut r.records[id];
            record.finalized += 1;
            let (finalized, drops, finalizer) = (record.finalized, record.drops, record.finalizer);
            if finalized > 1 {
                violation(format!("finalizer of {id} ran {finalized} times"));
            }
            if drops > 0 {
                violation(format!("finalizer of {id} ran after its drop"));
            }
            if !finalizer {
                violation(format!("object {id} has no finalizer, yet it ran"));
            }
            if this.action == OnFinalize::Panic && r.panics_left > 0 {
                r.panics_left -= 1;
                r.panics_raised += 1;
                true
            } else {
                false
            }
        });
        match this.action {
            OnFinalize::Nothing => {}
            OnFinalize::Resurrect => KEEP.with(|keep| keep.borrow_mut().push(this.clone())),
            OnFinalize::ClearItems => {
                let old = this
                    .items
                    .try_borrow_mut()
                    .map(|mut items| std::mem::take(&mut *items));
                match old {
                    Ok(old) => {
                        with_registry(|r| r.records[id].edges.clear());
                        drop(old);
                    }
                    Err(_) => violation(format!(
                        "the items of {id} are borrowed during its finalizer"
                    )),
                }
            }
            OnFinalize::Collect => {
                gc::collect();
            }
            OnFinalize::Allocate => {
                let keeper = make(None);
                keeper.items.borrow_mut().push(this.clone());
                with_registry(|r| r.records[keeper.id].edges.push(id));
                KEEP.with(|keep| keep.borrow_mut().push(keeper));
            }
            OnFinalize::Panic => {
                if armed {
                    std::panic::panic_any(EXPECTED_PANIC);
                }
            }
        }
    }
}

/// The model of one object.
#[derive(Default)]
struct Record {
    /// Made with `Gc::with_finalizer`.
    finalizer: bool,
    finalized: u32,
    drops: u32,
    /// Its value was moved out by `Gc::try_unwrap` (the harness holds it).
    taken: bool,
    /// The ids of the objects it holds handles to, in order.
    edges: Vec<usize>,
    /// The ids of the objects its weak references point at, in order.
    weak_edges: Vec<usize>,
}

impl Record {
    /// Still holding its handles: on the heap and not dropped, or taken out and not
    /// dropped yet.
    fn holds(&self) -> bool {
        self.drops == 0
    }

    /// Alive on the heap.
    fn alive(&self) -> bool {
        self.drops == 0 && !self.taken
    }
}

#[derive(Default)]
struct Registry {
    records: Vec<Record>,
    /// Calls of each weak-reference callback, by callback number.
    callbacks: Vec<u32>,
    /// Finalizer panics still allowed in this input (0 or 1).
    panics_left: u32,
    panics_raised: u32,
    /// Expected panics seen: caught by the harness or reported to the unraisable hook.
    panics_seen: u32,
}

/// Records a broken invariant; [`check`] and [`teardown`] report them all at once (a
/// panic inside a release or a collection would be caught and handled by the runtime).
fn violation(message: String) {
    VIOLATIONS.with(|violations| violations.borrow_mut().push(message));
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
    /// Where finalizers store handles (a Python global).
    static KEEP: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
    static VIOLATIONS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on the registry. `f` runs no runtime code, so the borrow never nests.
fn with_registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    REGISTRY.with(|registry| f(&mut registry.borrow_mut()))
}

/// A new object with a new record; `Some(action)` gives it a finalizer.
fn make(finalizer: Option<OnFinalize>) -> Gc<Node> {
    let id = with_registry(|r| {
        r.records.push(Record {
            finalizer: finalizer.is_some(),
            ..Record::default()
        });
        r.records.len() - 1
    });
    let node = Node {
        id,
        items: RefCell::new(Vec::new()),
        weaks: RefCell::new(Vec::new()),
        action: finalizer.unwrap_or(OnFinalize::Nothing),
    };
    match finalizer {
        Some(_) => Gc::with_finalizer(node),
        None => Gc::new(node),
    }
}

/// A weak reference the harness holds.
struct WeakSlot {
    weak: Weak<Node>,
    target: usize,
    /// The callback's number, if it has one.
    callback: Option<usize>,
    /// `upgrade` returned `None` once.
    cleared: bool,
}

/// Everything the harness holds.
#[derive(Default)]
struct Harness {
    slots: [Option<Gc<Node>>; SLOTS],
    weaks: [Option<WeakSlot>; WEAKS],
    /// Values taken out by `Gc::try_unwrap`.
    taken: Vec<Node>,
    /// `gc::freeze()` was called and not undone: frozen objects survive collections.
    frozen: bool,
    /// The ids reachable from the harness after the previous operation.
    reachable_before: Vec<bool>,
}

fn slot(index: u8) -> usize {
    usize::from(index) % SLOTS
}

fn weak_slot(index: u8) -> usize {
    usize::from(index) % WEAKS
}

/// Runs `f`, which may drop handles: a finalizer's expected panic may come out of it
/// (a release or an explicit collection resumes it). Any other panic goes on.
fn may_panic(f: impl FnOnce()) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(f)) {
        if is_expected(&*payload) {
            with_registry(|r| r.panics_seen += 1);
        } else {
            resume_unwind(payload);
        }
    }
}

fn is_expected(payload: &(dyn std::any::Any + Send)) -> bool {
    payload.downcast_ref::<String>().map(String::as_str) == Some(EXPECTED_PANIC)
        || payload.downcast_ref::<&str>() == Some(&EXPECTED_PANIC)
}

/// Sets `harness.slots[index]`, dropping what it held first (which may panic).
fn store(harness: &mut Harness, index: usize, value: Option<Gc<Node>>) {
    let old = harness.slots[index].take();
    may_panic(|| drop(old));
    harness.slots[index] = value;
}

impl Harness {
    fn apply(&mut self, op: &Op) {
        match *op {
            Op::New { slot: s } => {
                let node = make(None);
                store(self, slot(s), Some(node));
            }
            Op::NewFinalized { slot: s, action } => {
                let node = make(Some(action));
                store(self, slot(s), Some(node));
            }
            Op::NewCyclic { slot: s } => {
                let id = with_registry(|r| {
                    r.records.push(Record::default());
                    r.records.len() - 1
                });
                let node = Gc::new_cyclic(|me: &Weak<Node>| {
                    if me.upgrade().is_some() {
                        violation("new_cyclic: upgrade before the object exists".into());
                    }
                    Node {
                        id,
                        items: RefCell::new(Vec::new()),
                        weaks: RefCell::new(vec![me.clone()]),
                        action: OnFinalize::Nothing,
                    }
                });
                with_registry(|r| r.records[id].weak_edges.push(id));
                store(self, slot(s), Some(node));
            }
            Op::Clone { from, to } => {
                let value = self.slots[slot(from)].clone();
                store(self, slot(to), value);
            }
            Op::Drop { slot: s } => store(self, slot(s), None),
            Op::Link { from, to } => {
                if let (Some(from), Some(to)) = (&self.slots[slot(from)], &self.slots[slot(to)]) {
                    from.items.borrow_mut().push(to.clone());
                    with_registry(|r| r.records[from.id].edges.push(to.id));
                }
            }
            Op::Unlink { slot: s, index } => {
                if let Some(node) = &self.slots[slot(s)] {
                    let removed = {
                        let mut items = node.items.borrow_mut();
                        if items.is_empty() {
                            None
                        } else {
                            let at = usize::from(index) % items.len();
                            with_registry(|r| r.records[node.id].edges.remove(at));
                            Some(items.remove(at))
                        }
                    };
                    may_panic(|| drop(removed));
                }
            }
            Op::Follow { slot: s, index, to } => {
                let next = self.slots[slot(s)].as_ref().and_then(|node| {
                    let items = node.items.borrow();
                    (!items.is_empty()).then(|| items[usize::from(index) % items.len()].clone())
                });
                if next.is_some() {
                    store(self, slot(to), next);
                }
            }
            Op::LinkWeak { from, to } => {
                if let (Some(from), Some(to)) = (&self.slots[slot(from)], &self.slots[slot(to)]) {
                    from.weaks.borrow_mut().push(Gc::downgrade(to));
                    with_registry(|r| r.records[from.id].weak_edges.push(to.id));
                }
            }
            Op::Downgrade {
                slot: s,
                weak,
                callback,
            } => {
                let Some(target) = &self.slots[slot(s)] else {
                    return;
                };
                let (weak_ref, number) = match callback {
                    None => (Gc::downgrade(target), None),
                    Some(action) => {
                        let number = with_registry(|r| {
                            r.callbacks.push(0);
                            r.callbacks.len() - 1
                        });
                        let weak_ref = Weak::with_callback(target, move || {
                            with_registry(|r| {
                                r.callbacks[number] += 1;
                                if r.callbacks[number] > 1 {
                                    violation(format!("callback {number} called twice"));
                                }
                            });
                            match action {
                                OnCallback::Nothing => {}
                                // The collection may resume the finalizer's panic,
                                // which goes on out of the callback.
                                OnCallback::Collect => {
                                    gc::collect();
                                }
                                OnCallback::Allocate => drop(make(None)),
                            }
                        });
                        (weak_ref, Some(number))
                    }
                };
                let new = WeakSlot {
                    weak: weak_ref,
                    target: target.id,
                    callback: number,
                    cleared: false,
                };
                let old = self.weaks[weak_slot(weak)].replace(new);
                drop(old);
            }
            Op::Upgrade { weak, to } => {
                let upgraded = self.weaks[weak_slot(weak)]
                    .as_ref()
                    .and_then(|w| w.weak.upgrade());
                if upgraded.is_some() {
                    store(self, slot(to), upgraded);
                }
            }
            Op::DropWeak { weak } => {
                self.weaks[weak_slot(weak)] = None;
            }
            Op::Collect => may_panic(|| {
                gc::collect();
            }),
            Op::CollectGeneration { generation } => {
                let generation = usize::from(generation) % 4; // 3 is out of range
                let mut result = Ok(0);
                may_panic(|| result = gc::collect_generation(generation));
                if result.is_err() != (generation >= 3) {
                    violation(format!("collect_generation({generation}) gave {result:?}"));
                }
            }
            Op::Threshold {
                threshold0,
                threshold1,
                threshold2,
            } => {
                // 0 turns automatic collection off; small thresholds make allocations
                // collect often, in the middle of everything else.
                let threshold0 = usize::from(threshold0 % 12);
                gc::set_threshold(
                    threshold0,
                    Some(1 + usize::from(threshold1 % 4)),
                    Some(1 + usize::from(threshold2 % 4)),
                );
            }
            Op::Enable(true) => gc::enable(),
            Op::Enable(false) => gc::disable(),
            Op::Freeze => {
                gc::freeze();
                self.frozen = true;
            }
            Op::Unfreeze => {
                gc::unfreeze();
                self.frozen = false;
            }
            Op::TryUnwrap { slot: s } => {
                let Some(node) = self.slots[slot(s)].take() else {
                    return;
                };
                let id = node.id;
                let count = Gc::strong_count(&node);
                // A weak reference's callback runs here; one that collects resumes a
                // finalizer's panic.
                let mut result = None;
                may_panic(|| result = Some(Gc::try_unwrap(node)));
                let Some(result) = result else {
                    // The panic came after the value was dropped (try_unwrap's rule).
                    with_registry(|r| r.records[id].taken = true);
                    return;
                };
                match result {
                    Ok(value) => {
                        if count != 1 {
                            violation(format!("try_unwrap of {id} with count {count} succeeded"));
                        }
                        with_registry(|r| r.records[id].taken = true);
                        self.taken.push(value);
                    }
                    Err(node) => {
                        if count == 1 {
                            violation(format!("try_unwrap of {id} with count 1 failed"));
                        }
                        self.slots[slot(s)] = Some(node);
                    }
                }
            }
            Op::DropTaken => {
                let value = self.taken.pop();
                may_panic(|| drop(value));
            }
            Op::ReleaseKept => {
                let kept = KEEP.with(|keep| keep.take());
                may_panic(|| drop(kept));
            }
            Op::Inspect { slot: s } => {
                if let Some(node) = &self.slots[slot(s)] {
                    self.inspect(node);
                }
            }
            Op::InspectAll => self.inspect_all(),
        }
    }

    /// `get_referents`, `get_referrers`, `is_tracked` of `node`, against the model.
    fn inspect(&self, node: &Gc<Node>) {
        let id = node.id;
        let mut referents: Vec<usize> = gc::get_referents(node)
            .iter()
            .filter_map(|object| object.downcast_ref::<Node>().map(|n| n.id))
            .collect();
        referents.sort_unstable();
        let referrers: Option<Vec<usize>> = (!self.frozen).then(|| {
            let mut ids: Vec<usize> = gc::get_referrers(node)
                .iter()
                .filter_map(|object| object.downcast_ref::<Node>().map(|n| n.id))
                .collect();
            ids.sort_unstable();
            ids
        });
        let tracked = gc::is_tracked(node);
        with_registry(|r| {
            let mut edges = r.records[id].edges.clone();
            edges.sort_unstable();
            if referents != edges {
                violation(format!(
                    "get_referents({id}) = {referents:?}, model {edges:?}"
                ));
            }
            if let Some(referrers) = referrers {
                let expected: Vec<usize> = (0..r.records.len())
                    .filter(|&other| {
                        r.records[other].alive() && r.records[other].edges.contains(&id)
                    })
                    .collect();
                if referrers != expected {
                    violation(format!(
                        "get_referrers({id}) = {referrers:?}, model {expected:?}"
                    ));
                }
            }
            if !tracked {
                violation(format!("object {id} is not tracked"));
            }
        });
    }

    /// Every node `get_objects()` lists is alive and holds what the model says; without
    /// frozen objects, it lists every live node.
    fn inspect_all(&self) {
        let objects = gc::get_objects(None).expect("get_objects(None)");
        let mut listed = Vec::new();
        for object in &objects {
            if let Some(node) = object.downcast_ref::<Node>() {
                listed.push(node.id);
                let items: Vec<usize> = node.items.borrow().iter().map(|item| item.id).collect();
                with_registry(|r| {
                    let record = &r.records[node.id];
                    if !record.alive() {
                        violation(format!(
                            "get_objects lists object {} (dropped or taken)",
                            node.id
                        ));
                    } else if items != record.edges {
                        violation(format!(
                            "object {} holds {items:?}, model {:?}",
                            node.id, record.edges
                        ));
                    }
                });
            }
        }
        drop(objects);
        listed.sort_unstable();
        if !self.frozen {
            with_registry(|r| {
                let alive: Vec<usize> = (0..r.records.len())
                    .filter(|&id| r.records[id].alive())
                    .collect();
                if listed != alive {
                    violation(format!("get_objects lists {listed:?}, alive {alive:?}"));
                }
            });
        }
    }
}

/// Compares the runtime with the model after operation `step` (see the module docs).
/// `full_collect`: the operation was an explicit `gc::collect()`.
fn check(harness: &mut Harness, step: usize, op: &Op, full_collect: bool) {
    let kept: Vec<Gc<Node>> = KEEP.with(|keep| keep.borrow().clone());

    // The model's counts: handles of the harness, of KEEP, of every object still holding
    // its handles (the taken values included).
    let n = with_registry(|r| r.records.len());
    let mut count = vec![0usize; n];
    for node in harness.slots.iter().flatten().chain(kept.iter()) {
        count[node.id] += 1;
    }
    with_registry(|r| {
        for record in r.records.iter().filter(|record| record.holds()) {
            for &target in &record.edges {
                count[target] += 1;
            }
        }
    });

    // Reachable from the harness, through the handles objects really hold.
    let mut reached: HashMap<usize, Gc<Node>> = HashMap::new();
    let mut stack: Vec<Gc<Node>> = harness.slots.iter().flatten().cloned().collect();
    stack.extend(kept.iter().cloned());
    for value in &harness.taken {
        stack.extend(value.items.borrow().iter().cloned());
    }
    while let Some(node) = stack.pop() {
        if reached.contains_key(&node.id) {
            continue;
        }
        stack.extend(node.items.borrow().iter().cloned());
        reached.insert(node.id, node);
    }
    let mut reachable_now = vec![false; n];
    for (&id, node) in &reached {
        reachable_now[id] = true;
        let items: Vec<usize> = node.items.borrow().iter().map(|item| item.id).collect();
        let weaks: Vec<Option<usize>> = node
            .weaks
            .borrow()
            .iter()
            .map(|weak| weak.upgrade().map(|target| target.id))
            .collect();
        // Minus the handle in `reached`, and the clones in `kept` of a kept object.
        let in_kept = kept.iter().filter(|k| k.id == id).count();
        let strong = Gc::strong_count(node) - 1 - in_kept;
        let model_strong = count[id];
        let finalized = gc::is_finalized(node);
        with_registry(|r| {
            let record = &r.records[id];
            if record.drops > 0 {
                violation(format!("object {id} is reachable but was dropped"));
                return;
            }
            if record.taken {
                violation(format!("object {id} is reachable but was taken out"));
                return;
            }
            if items != record.edges {
                let edges = record.edges.clone();
                violation(format!(
                    "reachable object {id} holds {items:?}, model {edges:?}"
                ));
            }
            if strong != model_strong {
                violation(format!(
                    "object {id} has count {strong}, model {model_strong}"
                ));
            }
            if finalized != (record.finalized > 0) {
                let runs = record.finalized;
                violation(format!(
                    "is_finalized({id}) = {finalized}, finalizer ran {runs} times"
                ));
            }
            let weak_edges = record.weak_edges.clone();
            if weaks.len() != weak_edges.len() {
                violation(format!(
                    "reachable object {id} holds {} weak references, model {}",
                    weaks.len(),
                    weak_edges.len()
                ));
            }
            for (upgraded, &target) in weaks.iter().zip(&weak_edges) {
                if let Some(upgraded) = *upgraded
                    && (upgraded != target || !r.records[target].alive())
                {
                    violation(format!(
                        "a weak reference of {id} to {target} upgraded to {upgraded}"
                    ));
                }
            }
        });
    }
    drop(reached);
    drop(kept);

    with_registry(|r| {
        for id in 0..n {
            let record = &r.records[id];
            if record.alive() && count[id] == 0 {
                violation(format!(
                    "object {id} is alive with nothing holding it (leak)"
                ));
            }
            if full_collect && !harness.frozen && record.alive() && !reachable_now[id] {
                violation(format!(
                    "object {id} survived a full collection, unreachable"
                ));
            }
        }
    });

    // Weak references held by the harness.
    harness.reachable_before.resize(n, false);
    for slot in harness.weaks.iter_mut().flatten() {
        let upgraded = slot.weak.upgrade().map(|target| target.id);
        let target = slot.target;
        let protected = harness.reachable_before[target] && reachable_now[target];
        with_registry(|r| {
            let alive = r.records[target].alive();
            let called = slot.callback.map(|number| r.callbacks[number]);
            match upgraded {
                Some(id) => {
                    if id != target || !alive {
                        violation(format!(
                            "weak reference to {target} upgraded to {id} (alive: {alive})"
                        ));
                    }
                    if slot.cleared {
                        violation(format!(
                            "weak reference to {target} upgraded after returning None"
                        ));
                    }
                    if called.is_some_and(|calls| calls > 0) {
                        violation(format!(
                            "weak reference to {target} upgrades after its callback ran"
                        ));
                    }
                }
                None => {
                    if alive && !slot.cleared && protected {
                        violation(format!(
                            "weak reference to live, reachable object {target} returned None"
                        ));
                    }
                    if called == Some(0) {
                        violation(format!(
                            "weak reference to {target} cleared without its callback"
                        ));
                    }
                }
            }
        });
        slot.cleared |= upgraded.is_none();
    }
    harness.reachable_before = reachable_now;

    let violations = VIOLATIONS.with(RefCell::take);
    if !violations.is_empty() {
        panic!("after step {step} ({op:?}):\n  {}", violations.join("\n  "));
    }
}

/// Drops everything and collects until nothing is left; then every object must have been
/// dropped once and finalized once (if it has a finalizer and was not taken out).
fn teardown(mut harness: Harness, blocks_before: usize, threshold: (usize, usize, usize)) {
    for index in 0..SLOTS {
        store(&mut harness, index, None);
    }
    harness.weaks = Default::default();
    let taken = std::mem::take(&mut harness.taken);
    may_panic(|| drop(taken));
    gc::unfreeze();
    gc::enable();
    gc::set_threshold(threshold.0, Some(threshold.1), Some(threshold.2));
    // Finalizers run once, and `Allocate` makes objects without one: this ends.
    for _ in 0..64 {
        let kept = KEEP.with(|keep| keep.take());
        may_panic(|| drop(kept));
        may_panic(|| {
            gc::collect();
        });
        if KEEP.with(|keep| keep.borrow().is_empty())
            && with_registry(|r| r.records.iter().all(|record| record.drops > 0))
        {
            break;
        }
    }
    let leftover = gc::get_objects(None)
        .expect("get_objects(None)")
        .iter()
        .filter(|object| object.is::<Node>())
        .count();
    let garbage = gc::garbage().len();
    let blocks_after = blocks_in_use();
    with_registry(|r| {
        for (id, record) in r.records.iter().enumerate() {
            if record.drops != 1 {
                violation(format!(
                    "object {id} dropped {} times at the end",
                    record.drops
                ));
            }
            let want = if record.finalizer && !record.taken {
                1
            } else {
                0
            };
            if record.finalizer && record.taken {
                if record.finalized > 1 {
                    violation(format!(
                        "finalizer of taken object {id} ran {} times",
                        record.finalized
                    ));
                }
            } else if record.finalized != want {
                violation(format!(
                    "finalizer of {id} ran {} times at the end, want {want}",
                    record.finalized
                ));
            }
        }
        if r.panics_seen != r.panics_raised {
            let (seen, raised) = (r.panics_seen, r.panics_raised);
            violation(format!("{raised} finalizer panics raised, {seen} seen"));
        }
        if leftover > 0 {
            violation(format!("get_objects lists {leftover} nodes at the end"));
        }
        if garbage > 0 {
            violation(format!("gc.garbage holds {garbage} objects at the end"));
        }
        if blocks_after != blocks_before {
            violation(format!(
                "{blocks_before} pool blocks in use before, {blocks_after} after"
            ));
        }
    });
    let violations = VIOLATIONS.with(RefCell::take);
    if !violations.is_empty() {
        panic!("at the end:\n  {}", violations.join("\n  "));
    }
}

fn blocks_in_use() -> usize {
    pool::stats()
        .classes
        .iter()
        .map(|class| class.blocks_in_use)
        .sum()
}

fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // What the runtime makes on first use (the `gc.garbage` list) is made before the
        // first count of blocks in use.
        let _ = gc::garbage();
        // libFuzzer's hook aborts on any panic; the expected finalizer panic is caught
        // (and checked) by the harness, so it must not abort.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !is_expected(info.payload()) {
                hook(info);
            }
        }));
    });
    // Panics of automatic collections come here instead of stderr.
    gc::set_unraisable_hook(Rc::new(|report: &gc::Unraisable<'_>| {
        with_registry(|r| {
            if report.exc_value == EXPECTED_PANIC {
                r.panics_seen += 1;
            } else {
                violation(format!("unraisable: {report}"));
            }
        });
    }));
}

fuzz_target!(|ops: Vec<Op>| {
    setup();
    with_registry(|r| {
        *r = Registry {
            panics_left: 1,
            ..Registry::default()
        }
    });
    let threshold = gc::get_threshold();
    let blocks_before = blocks_in_use();
    let mut harness = Harness::default();
    for (step, op) in ops.iter().enumerate() {
        // The operations that may pass a finalizer's panic on catch it themselves
        // (`may_panic`): one that escapes came from where nobody asked for the work.
        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| harness.apply(op))) {
            if is_expected(&*payload) {
                panic!(
                    "step {step} ({op:?}): a finalizer's panic came out of an operation that must not pass it on"
                );
            }
            resume_unwind(payload);
        }
        let full = match op {
            Op::Collect => true,
            Op::CollectGeneration { generation } => generation % 4 == 2,
            _ => false,
        };
        check(&mut harness, step, op, full);
    }
    teardown(harness, blocks_before, threshold);
});
