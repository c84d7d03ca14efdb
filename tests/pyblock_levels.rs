//! Each level of the seed, run through `pyblock!` as the examples run it, printing what
//! CPython 3.11 prints for the same source (level 6 prints `False` for `1000 is 1000`,
//! as the seed says and as separately compiled statements do in CPython: each int
//! literal outside the cache makes a new object).
#[path = "../examples/levels/level01_stack_and_heap.rs"]
mod level01_stack_and_heap;
#[path = "../examples/levels/level02_everything_is_an_object.rs"]
mod level02_everything_is_an_object;
#[path = "../examples/levels/level03_reference_counting.rs"]
mod level03_reference_counting;
#[path = "../examples/levels/level04_garbage_collection.rs"]
mod level04_garbage_collection;
#[path = "../examples/levels/level05_memory_pool.rs"]
mod level05_memory_pool;
#[path = "../examples/levels/level06_small_int_cache.rs"]
mod level06_small_int_cache;
#[path = "../examples/levels/level07_string_interning.rs"]
mod level07_string_interning;
#[path = "../examples/levels/level08_function_memory_flow.rs"]
mod level08_function_memory_flow;
#[path = "../examples/levels/level09_reassignment.rs"]
mod level09_reassignment;
#[path = "../examples/levels/level10_memory_leaks.rs"]
mod level10_memory_leaks;

/// Runs a level with its output captured; the namespace is dropped inside, so what the
/// end of the block frees is printed too.
fn run(level: fn() -> pyobj::PyResult<pyobj::Namespace>) -> String {
    let (result, out) = pyobj::capture_stdout(|| level().map(drop));
    if let Err(error) = result {
        panic!("{error}\nprinted so far:\n{out}");
    }
    out
}

#[test]
fn level01_stack_and_heap() {
    assert!(level01_stack_and_heap::TITLE.starts_with("Level 1: "));
    assert_eq!(
        run(level01_stack_and_heap::run),
        "a -> [1, 2, 3]\ndemo2 is running; its frame holds t\n  [heap] freed the object named by demo2's local t\ndemo2 returned: its frame is gone\n"
    );
}

#[test]
fn level02_everything_is_an_object() {
    assert!(level02_everything_is_an_object::TITLE.starts_with("Level 2: "));
    assert_eq!(
        run(level02_everything_is_an_object::run),
        "<class 'int'> <class 'str'> <class 'list'>\na is b: True\nid(a) == id(b): True\n"
    );
}

#[test]
fn level03_reference_counting() {
    assert!(level03_reference_counting::TITLE.starts_with("Level 3: "));
    assert_eq!(
        run(level03_reference_counting::run),
        "a = [1, 2, 3]  ref count: 1\nb = a          ref count: 2\ndel a          ref count: 1\ndel t: u still refers to it\n  [heap] freed at once\ndel u: done\n"
    );
}

#[test]
fn level04_garbage_collection() {
    assert!(level04_garbage_collection::TITLE.starts_with("Level 4: "));
    assert_eq!(
        run(level04_garbage_collection::run),
        "True\ngc.collect() found 2 unreachable objects\n"
    );
}

#[test]
fn level05_memory_pool() {
    assert!(level05_memory_pool::TITLE.starts_with("Level 5: "));
    assert_eq!(
        run(level05_memory_pool::run),
        "the new list reuses the freed block: True\n10000 lists made and freed\n"
    );
}

#[test]
fn level06_small_int_cache() {
    assert!(level06_small_int_cache::TITLE.starts_with("Level 6: "));
    assert_eq!(run(level06_small_int_cache::run), "True\nFalse\n");
}

#[test]
fn level07_string_interning() {
    assert!(level07_string_interning::TITLE.starts_with("Level 7: "));
    assert_eq!(
        run(level07_string_interning::run),
        "True\nbuilt at run time: True False\nafter sys.intern: True\n"
    );
}

#[test]
fn level08_function_memory_flow() {
    assert!(level08_function_memory_flow::TITLE.starts_with("Level 8: "));
    assert_eq!(
        run(level08_function_memory_flow::run),
        "1. created, named by x:  ref count 1\n2-3. returned to lst, x gone with the frame: ref count 1\n4. del lst: ref count 0, the list is destroyed\n"
    );
}

#[test]
fn level09_reassignment() {
    assert!(level09_reassignment::TITLE.starts_with("Level 9: "));
    assert_eq!(
        run(level09_reassignment::run),
        "[4, 5, 6]\n  [heap] freed [1, 2, 3]\nt now refers to [4, 5, 6]\n  [heap] freed [4, 5, 6]\n"
    );
}

#[test]
fn level10_memory_leaks() {
    assert!(level10_memory_leaks::TITLE.starts_with("Level 10: "));
    assert_eq!(
        run(level10_memory_leaks::run),
        "global_data keeps 3 lists alive: [[1, 2, 3], [1, 2, 3], [1, 2, 3]]\n"
    );
}
