//! A generator's suspended frame, as `pyblock!` compiles it (its locals are cells the
//! body hands to the channel), is traced: a generator in a cycle through its locals is
//! collected, its referents are the cells, and a finished generator holds nothing.
//! Written against the runtime's `compiled` API by hand, so that Miri runs it.

use std::cell::Cell;
use std::rc::Rc;

use pyobj_runtime::compiled::{CellHandle, Channel, GeneratorBody, cell_get, generator, new_cell};
use pyobj_runtime::{Obj, PyResult, gc};

thread_local! {
    /// How many `finally` blocks ran.
    static FINALLY: Cell<usize> = const { Cell::new(0) };
}

/// `def walk(node): while True: yield node` (with a `finally` counted in `FINALLY`),
/// called with `node`: the generator, not started.
fn walk(node: Obj) -> Obj {
    let channel = Channel::new();
    let body_channel = Rc::clone(&channel);
    let body: GeneratorBody = Box::pin(async move {
        let chan: &Channel = &body_channel;
        let cell = new_cell(Some(node));
        chan.hold_frame([CellHandle::to_obj(&cell)]);
        struct Finally;
        impl Drop for Finally {
            fn drop(&mut self) {
                FINALLY.with(|count| count.set(count.get() + 1));
            }
        }
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

#[test]
fn a_generator_in_a_cycle_through_its_frame_is_collected() {
    gc::collect();
    let node = Obj::list([]);
    let walker = walk(node.clone());
    // Not started: its frame holds nothing yet.
    assert!(gc::get_referents(&walker).is_empty());
    let first = walker.call_method("__next__", &[]).unwrap();
    assert!(first.is(&node));
    // node -> generator -> frame cell -> node.
    node.call_method("append", std::slice::from_ref(&walker))
        .unwrap();
    let referents = gc::get_referents(&walker);
    assert_eq!(
        referents.len(),
        2,
        "the cell, once per handle the generator owns"
    );
    drop((node, walker, first, referents));
    let before = FINALLY.with(Cell::get);
    assert!(gc::collect() >= 3, "the list, the generator and the cell");
    assert_eq!(FINALLY.with(Cell::get), before + 1, "closed when collected");
}

#[test]
fn a_finished_generator_holds_no_frame() {
    let node = Obj::from(7);
    let walker = walk(node);
    walker.call_method("__next__", &[]).unwrap();
    assert_eq!(gc::get_referents(&walker).len(), 2);
    walker.call_method("close", &[]).unwrap();
    assert!(gc::get_referents(&walker).is_empty());
}
