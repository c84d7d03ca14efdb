//! `Trace` impls that report more references to an object than its count (an edge
//! reported twice, or a handle the value does not own): the collector keeps that object
//! and everything it reaches, counts only the real garbage, and names the type through
//! the unraisable hook ("refcount is too small", CPython's assertion text).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use pyobj_runtime::{AnyGc, Gc, Trace, Tracer, gc};

thread_local! {
    /// A handle no node owns (for the node that reports one).
    static STRANGER: RefCell<Option<Gc<Node>>> = const { RefCell::new(None) };
}

/// How a node's trace lies.
#[derive(Clone, Copy, PartialEq)]
enum Lie {
    Honest,
    /// Reports its edge this many times.
    Repeats(usize),
    /// Reports its edge and, twice, [`STRANGER`].
    ReportsStranger,
}

struct Node {
    value: u64,
    lie: Cell<Lie>,
    next: RefCell<Option<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.lie.get() {
            Lie::Honest => self.next.trace(tracer),
            Lie::Repeats(times) => (0..times).for_each(|_| self.next.trace(tracer)),
            Lie::ReportsStranger => {
                self.next.trace(tracer);
                STRANGER.with(|stranger| {
                    let stranger = stranger.borrow();
                    stranger.trace(tracer);
                    stranger.trace(tracer);
                });
            }
        }
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

fn node(value: u64, lie: Lie) -> Gc<Node> {
    Gc::new(Node {
        value,
        lie: Cell::new(lie),
        next: RefCell::new(None),
    })
}

fn link(a: &Gc<Node>, b: &Gc<Node>) {
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
}

fn next_value(n: &Gc<Node>) -> Option<u64> {
    n.next.borrow().as_ref().map(|next| next.value)
}

fn address(n: &Gc<Node>) -> usize {
    AnyGc::addr(&Gc::into_any(n.clone()))
}

/// Runs `f` with a hook recording each report as (type name, text).
fn capture<R>(f: impl FnOnce() -> R) -> (R, Vec<(Option<&'static str>, String)>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let previous = gc::set_unraisable_hook(Rc::new(move |report: &gc::Unraisable<'_>| {
        sink.borrow_mut()
            .push((report.type_name, report.to_string()));
    }));
    let out = f();
    gc::set_unraisable_hook(previous);
    let seen = seen.borrow().clone();
    (out, seen)
}

fn report_for(address: usize) -> (Option<&'static str>, String) {
    (
        Some("over_reported_edges::Node"),
        format!(
            "Exception ignored in garbage collection: <over_reported_edges::Node object at {address:#x}>\nSystemError: refcount is too small\n"
        ),
    )
}

/// Some honest garbage next to the liars: the count must be exactly its size.
fn honest_garbage() {
    let (g, h) = (node(100, Lie::Honest), node(101, Lie::Honest));
    link(&g, &h);
}

#[test]
fn an_edge_reported_more_often_than_the_count_keeps_the_live_object_whole() {
    gc::collect();
    // `b` is held here and by `a`, which only `b` holds: `a` reports its edge to `b`
    // three times, one more than `b`'s count.
    let (a, b) = (node(1, Lie::Repeats(3)), node(2, Lie::Honest));
    link(&a, &b);
    drop(a);
    honest_garbage();
    let (found, reports) = capture(gc::collect);
    assert_eq!(found, 2, "the honest cycle only");
    assert_eq!(reports, [report_for(address(&b))]);
    // Without the check, `b` looked unreachable and both cells were emptied.
    let a = b.next.borrow().clone().expect("b's cell is intact");
    assert_eq!((b.value, next_value(&a), a.value), (2, Some(2), 1));
    // Once `b` goes too, the pair is garbage, but the lie still makes `b` look
    // referenced: each collection keeps the pair, and reports it again.
    let at = address(&b);
    let weak = Gc::downgrade(&a);
    drop((a, b));
    let (found, reports) = capture(gc::collect);
    assert_eq!(found, 0);
    assert_eq!(reports, [report_for(at)]);
    let a = weak.upgrade().expect("kept");
    a.lie.set(Lie::Honest);
    drop(a);
    assert_eq!(gc::collect(), 2);
}

#[test]
fn a_handle_reported_by_an_object_that_does_not_own_it_is_kept_whole() {
    gc::collect();
    // `stranger` has one handle (here, in a thread-local); a garbage node reports it
    // twice as if it held it.
    let stranger = node(9, Lie::Honest);
    let friend = node(10, Lie::Honest);
    link(&stranger, &friend);
    drop(friend);
    STRANGER.with(|slot| *slot.borrow_mut() = Some(stranger.clone()));
    let at = address(&stranger);
    drop(stranger);
    let (a, b) = (node(1, Lie::ReportsStranger), node(2, Lie::Honest));
    link(&a, &b);
    drop((a, b));
    let (found, reports) = capture(gc::collect);
    assert_eq!(
        found, 2,
        "the liar's own cycle is garbage, the stranger is not"
    );
    assert_eq!(reports, [report_for(at)]);
    let stranger = STRANGER.with(|slot| slot.borrow_mut().take()).unwrap();
    let friend = stranger
        .next
        .borrow()
        .clone()
        .expect("the stranger's cell is intact");
    assert_eq!((friend.value, next_value(&friend)), (10, Some(9)));
    drop(friend);
    drop(stranger);
    assert_eq!(gc::collect(), 2);
}

#[test]
fn an_extra_edge_that_a_real_outside_reference_covers_is_not_detected() {
    gc::collect();
    // `b` is held here and by `a`; `a` (held only by `b`) reports its edge twice. The
    // extra edge cancels the outside reference exactly: the pair looks like garbage
    // held by garbage, and is cleared (never freed while `b` is held). Documented.
    let (a, b) = (node(1, Lie::Repeats(2)), node(2, Lie::Honest));
    link(&a, &b);
    drop(a);
    let (found, reports) = capture(gc::collect);
    assert_eq!(found, 2);
    assert!(reports.is_empty());
    assert_eq!((b.value, next_value(&b)), (2, None), "cleared, still valid");
}
