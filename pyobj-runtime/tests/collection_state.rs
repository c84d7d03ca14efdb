//! The gc module's state changes, called from user code that a collection runs (a
//! `Trace` impl, a `Drop` impl, a finalizer, a weak-reference callback, a gc callback):
//! `freeze` and `unfreeze` are deferred until the collection ends; `enable`, `disable`,
//! `set_threshold` and `set_debug` take effect at once, and only on later collections.
//! Either way the running collection loses nothing: live objects keep their data, and it
//! finds exactly the garbage there is.

use std::cell::{Cell, RefCell};

use pyobj_runtime::{Finalize, Gc, Trace, Tracer, Weak, gc};

/// A state change of the gc module.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Change {
    Freeze,
    Unfreeze,
    SetThreshold,
    Enable,
    Disable,
    SetDebug,
}

impl Change {
    fn apply(self) {
        match self {
            Change::Freeze => gc::freeze(),
            Change::Unfreeze => gc::unfreeze(),
            Change::SetThreshold => gc::set_threshold(1234, Some(5), Some(6)),
            Change::Enable => gc::enable(),
            Change::Disable => gc::disable(),
            Change::SetDebug => gc::set_debug(gc::DEBUG_SAVEALL),
        }
    }
}

/// Where the change is made from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Context {
    Trace,
    Drop,
    Finalizer,
    WeakCallback,
    GcCallback,
}

const CONTEXTS: [Context; 5] = [
    Context::Trace,
    Context::Drop,
    Context::Finalizer,
    Context::WeakCallback,
    Context::GcCallback,
];

thread_local! {
    /// The change to make, and what `get_freeze_count` said when it was made.
    static PLAN: Cell<Option<Change>> = const { Cell::new(None) };
    static FREEZE_COUNT_SEEN: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Makes the planned change (once per collection is enough; some contexts run twice).
fn change_now() {
    if let Some(change) = PLAN.with(Cell::get) {
        change.apply();
        FREEZE_COUNT_SEEN.with(|seen| seen.set(Some(gc::get_freeze_count())));
    }
}

/// A node with an honest trace; `acts` makes it run the plan from its context.
struct Node {
    value: u64,
    acts: Option<Context>,
    next: RefCell<Option<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if self.acts == Some(Context::Trace) {
            change_now();
        }
        self.next.trace(tracer);
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if self.acts == Some(Context::Drop) {
            change_now();
        }
    }
}

impl Finalize for Node {
    fn finalize(this: &Gc<Self>) {
        if this.acts == Some(Context::Finalizer) {
            change_now();
        }
    }
}

fn node(value: u64, acts: Option<Context>) -> Gc<Node> {
    let node = Node {
        value,
        acts,
        next: RefCell::new(None),
    };
    if acts == Some(Context::Finalizer) {
        Gc::with_finalizer(node)
    } else {
        Gc::new(node)
    }
}

fn link(a: &Gc<Node>, b: &Gc<Node>) {
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
}

/// Back to the defaults, with an empty permanent generation.
fn reset() {
    PLAN.with(|plan| plan.set(None));
    FREEZE_COUNT_SEEN.with(|seen| seen.set(None));
    gc::unfreeze();
    gc::set_threshold(2000, Some(10), Some(10));
    gc::enable();
    gc::set_debug(0);
    gc::collect();
}

/// What one run observed.
#[derive(Debug, PartialEq)]
struct Outcome {
    found: usize,
    live_intact: bool,
    freeze_count_seen: Option<usize>,
    freeze_count_after: usize,
}

/// A live old 2-cycle (held here, gathered by the full collection from generation 2)
/// and a garbage 2-cycle whose first node makes `change` from `context`, then a full
/// collection.
fn run(context: Context, change: Change, before: impl FnOnce()) -> Outcome {
    reset();
    let (x, y) = (node(7, None), node(8, None));
    link(&x, &y);
    gc::collect(); // `x` and `y` are old now
    before();
    let (a, b) = (node(1, Some(context)), node(2, None));
    link(&a, &b);
    // Held from outside the garbage, so that its callback is called.
    let weak: Option<Weak<Node>> =
        (context == Context::WeakCallback).then(|| Weak::with_callback(&a, change_now));
    let callback = (context == Context::GcCallback).then(|| {
        gc::add_callback(|phase, _| {
            if phase == gc::Phase::Start {
                change_now();
            }
        })
    });
    drop((a, b));
    PLAN.with(|plan| plan.set(Some(change)));
    let found = gc::collect();
    PLAN.with(|plan| plan.set(None));
    if let Some(id) = callback {
        assert!(gc::remove_callback(id));
    }
    drop(weak);
    let next_of = |n: &Gc<Node>| n.next.borrow().as_ref().map(|next| next.value);
    let outcome = Outcome {
        found,
        live_intact: (x.value, next_of(&x), y.value, next_of(&y)) == (7, Some(8), 8, Some(7)),
        freeze_count_seen: FREEZE_COUNT_SEEN.with(Cell::get),
        freeze_count_after: gc::get_freeze_count(),
    };
    drop((x, y));
    outcome
}

#[test]
fn freeze_inside_a_collection_is_deferred_until_it_ends() {
    for context in CONTEXTS {
        let outcome = run(context, Change::Freeze, || {});
        assert_eq!(
            outcome,
            Outcome {
                found: 2,
                live_intact: true,
                // Nothing frozen yet while the collection runs...
                freeze_count_seen: Some(0),
                // ... then the live pair, the only tracked objects left.
                freeze_count_after: 2,
            },
            "{context:?}"
        );
        reset();
    }
}

#[test]
fn unfreeze_inside_a_collection_is_deferred_until_it_ends() {
    for context in CONTEXTS {
        let outcome = run(context, Change::Unfreeze, gc::freeze);
        assert_eq!(
            outcome,
            Outcome {
                found: 2,
                live_intact: true,
                freeze_count_seen: Some(2),
                freeze_count_after: 0,
            },
            "{context:?}"
        );
        reset();
    }
}

#[test]
fn freeze_then_unfreeze_inside_a_collection_apply_in_order() {
    reset();
    let (x, y) = (node(7, None), node(8, None));
    link(&x, &y);
    let a = node(1, None);
    *a.next.borrow_mut() = Some(a.clone());
    drop(a);
    let id = gc::add_callback(|phase, _| {
        if phase == gc::Phase::Stop {
            gc::freeze();
            gc::unfreeze();
            gc::freeze();
        }
    });
    assert_eq!(gc::collect(), 1);
    assert!(gc::remove_callback(id));
    assert_eq!(gc::get_freeze_count(), 2);
    assert_eq!(x.next.borrow().as_ref().map(|n| n.value), Some(8));
    drop((x, y));
    reset();
}

#[test]
fn set_threshold_inside_a_collection_takes_effect_at_once() {
    for context in CONTEXTS {
        let outcome = run(context, Change::SetThreshold, || {});
        assert_eq!(
            (outcome.found, outcome.live_intact),
            (2, true),
            "{context:?}"
        );
        assert_eq!(gc::get_threshold(), (1234, 5, 6), "{context:?}");
        reset();
    }
}

#[test]
fn enable_and_disable_inside_a_collection_take_effect_at_once() {
    for context in CONTEXTS {
        let outcome = run(context, Change::Disable, || {});
        assert_eq!(
            (outcome.found, outcome.live_intact),
            (2, true),
            "{context:?}"
        );
        assert!(!gc::is_enabled(), "{context:?}");
        let outcome = run(context, Change::Enable, gc::disable);
        assert_eq!(
            (outcome.found, outcome.live_intact),
            (2, true),
            "{context:?}"
        );
        assert!(gc::is_enabled(), "{context:?}");
        reset();
    }
}

#[test]
fn set_debug_inside_a_collection_applies_to_the_next_one() {
    for context in CONTEXTS {
        let outcome = run(context, Change::SetDebug, || {});
        assert_eq!(
            (outcome.found, outcome.live_intact),
            (2, true),
            "{context:?}"
        );
        assert_eq!(gc::get_debug(), gc::DEBUG_SAVEALL, "{context:?}");
        // The running collection read its flags when it started: the garbage is freed,
        // not saved; except from a callback's "start", which runs before that.
        let saved = gc::take_garbage().len();
        let expected = if context == Context::GcCallback { 2 } else { 0 };
        assert_eq!(saved, expected, "{context:?}");
        reset();
    }
}
