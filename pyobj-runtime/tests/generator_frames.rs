//! A generator's suspended frame, as `pyblock!` compiles it, is traced: its locals are
//! slots of the channel (or, when a nested function captures them, cells the body hands
//! to the channel). A generator in a cycle through its locals is collected, its
//! referents are the locals' values (and cells), and a finished generator holds nothing.
//! Written against the runtime's `compiled` API by hand, so that Miri runs it.

use std::cell::Cell;
use std::rc::Rc;

use pyobj_runtime::compiled::{
    CellObject, Channel, FrameBox, GeneratorBody, cell_get, cell_set, generator, new_cell,
};
use pyobj_runtime::{Obj, PyResult, gc};

thread_local! {
    /// How many `finally` blocks ran.
    static FINALLY: Cell<usize> = const { Cell::new(0) };
}

/// Counts a `finally` block when dropped.
struct Finally;

impl Drop for Finally {
    fn drop(&mut self) {
        FINALLY.with(|count| count.set(count.get() + 1));
    }
}

/// `def walk(node): while True: yield node` (with a `finally` counted in `FINALLY`),
/// called with `node`: the generator, not started. `node` is a slot of the frame.
fn walk(node: Obj) -> Obj {
    let channel = Channel::with_slots::<1>();
    let body_channel = Rc::clone(&channel);
    let body: GeneratorBody = FrameBox::new(move || async move {
        let chan: &Channel = &body_channel;
        let slot = chan.slot(0);
        cell_set(&slot, node);
        chan.hold_frame([]);
        let _finally = Finally;
        loop {
            let value = cell_get(&slot, "node")?;
            pyobj_runtime::compiled::yield_value(chan, value).await?;
        }
        #[allow(unreachable_code)]
        PyResult::Ok(Obj::none())
    });
    generator("walk", channel, body)
}

/// [`walk`] with `node` in a cell, as when a nested function captures it.
fn walk_captured(node: Obj) -> Obj {
    let channel = Channel::new();
    let body_channel = Rc::clone(&channel);
    let body: GeneratorBody = FrameBox::new(move || async move {
        let chan: &Channel = &body_channel;
        let cell = new_cell(Some(node));
        chan.hold_frame([CellObject::to_obj(&cell)]);
        let _finally = Finally;
        loop {
            let value = cell_get(&cell, "node")?;
            pyobj_runtime::compiled::yield_value(chan, value).await?;
        }
        #[allow(unreachable_code)]
        PyResult::Ok(Obj::none())
    });
    generator("walk", channel, body)
}

/// A list and a generator over it that holds it in its frame, in a cycle
/// (list -> generator -> frame -> list), with `referents` referents once started:
/// collected, and closed first.
fn cycle_is_collected(walk: fn(Obj) -> Obj, referents: usize, garbage: usize) {
    gc::collect();
    let node = Obj::list([]);
    let walker = walk(node.clone());
    // Not started: its frame holds nothing yet.
    assert!(gc::get_referents(&walker).is_empty());
    let first = walker.call_method("__next__", &[]).unwrap();
    assert!(first.is(&node));
    node.call_method("append", std::slice::from_ref(&walker))
        .unwrap();
    let found = gc::get_referents(&walker);
    assert_eq!(found.len(), referents);
    drop((node, walker, first, found));
    let before = FINALLY.with(Cell::get);
    assert!(gc::collect() >= garbage);
    assert_eq!(FINALLY.with(Cell::get), before + 1, "closed when collected");
}

#[test]
fn a_generator_in_a_cycle_through_its_slots_is_collected() {
    // The referent is the list itself; the garbage: the list and the generator.
    cycle_is_collected(walk, 1, 2);
}

#[test]
fn a_generator_in_a_cycle_through_its_cells_is_collected() {
    // The cell, once per handle the generator owns; the garbage: the list, the
    // generator and the cell.
    cycle_is_collected(walk_captured, 2, 3);
}

#[test]
fn a_finished_generator_holds_no_frame() {
    for (walk, referents) in [(walk as fn(Obj) -> Obj, 1), (walk_captured, 2)] {
        let walker = walk(Obj::list([]));
        walker.call_method("__next__", &[]).unwrap();
        assert_eq!(gc::get_referents(&walker).len(), referents);
        walker.call_method("close", &[]).unwrap();
        assert!(gc::get_referents(&walker).is_empty());
    }
}
