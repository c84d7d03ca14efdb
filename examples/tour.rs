//! The tour: the seed's ten levels, written in Python with `pyblock!` and run on
//! pyobj's heap, each explained, with reference counts, collector results and pool
//! figures shown as they change; then the same machinery used from Rust (`Gc<T>`).
//!
//! ```sh
//! cargo run --release --example tour
//! cargo run --release --example tour -- --html DIR
//! ```
//!
//! With `--html DIR` it also writes one web page per level into `DIR` (`level01.html` to
//! `level10.html`): the level's central lines, step by step, each with the picture of the
//! heap they made, its objects, the output and the collector's work (`levels/pages.rs`).
//! Open them in a browser; they load nothing from the network.

use std::cell::RefCell;

use pyobj::{Gc, Namespace, PyResult, Trace, Weak, gc, pool};

#[path = "levels/level01_stack_and_heap.rs"]
mod level01;
#[path = "levels/level02_everything_is_an_object.rs"]
mod level02;
#[path = "levels/level03_reference_counting.rs"]
mod level03;
#[path = "levels/level04_garbage_collection.rs"]
mod level04;
#[path = "levels/level05_memory_pool.rs"]
mod level05;
#[path = "levels/level06_small_int_cache.rs"]
mod level06;
#[path = "levels/level07_string_interning.rs"]
mod level07;
#[path = "levels/level08_function_memory_flow.rs"]
mod level08;
#[path = "levels/level09_reassignment.rs"]
mod level09;
#[path = "levels/level10_memory_leaks.rs"]
mod level10;
#[path = "levels/pages.rs"]
mod pages;

/// A level's program: the seed's Python as a `pyblock!`.
type Program = fn() -> PyResult<Namespace>;

/// The levels in order: title, what to watch for, and the program.
const LEVELS: [(&str, &str, Program); 10] = [
    (
        level01::TITLE,
        "A call gets a frame for its names; the objects live on the heap. When the \
         function returns, its frame's names go, and an object only they named is freed.",
        level01::run,
    ),
    (
        level02::TITLE,
        "`b = a` copies a reference, not the object: both names are the same object.",
        level02::run,
    ),
    (
        level03::TITLE,
        "Each name adds one to the object's count; `del` takes one away; at zero the \
         object is freed on the spot.",
        level03::run,
    ),
    (
        level04::TITLE,
        "Two lists that refer to each other keep their counts above zero after `del`; \
         the collector finds that nothing else reaches them.",
        level04::run,
    ),
    (
        level05::TITLE,
        "Small objects come from pools of same-sized blocks; a freed block is the next \
         one handed out.",
        level05::run,
    ),
    (
        level06::TITLE,
        "-5..=256 are made once; a literal outside that range makes a new int each time \
         it is evaluated.",
        level06::run,
    ),
    (
        level07::TITLE,
        "Identifier-like literals are interned; strings built at run time are not, until \
         `sys.intern`.",
        level07::run,
    ),
    (
        level08::TITLE,
        "The list is named by `x`, then also by `lst`; the frame ends and only `lst` is \
         left.",
        level08::run,
    ),
    (
        level09::TITLE,
        "Rebinding a name drops its old object; nothing else refers to it, so it is freed.",
        level09::run,
    ),
    (
        level10::TITLE,
        "An object a global container still holds is never freed: that is a leak in a \
         garbage-collected language.",
        level10::run,
    ),
];

/// A Python list of lists (or of ints), that announces when its memory is freed.
#[derive(Trace)]
struct List {
    #[trace(skip)]
    name: &'static str,
    #[trace(skip)]
    ints: Vec<i64>,
    items: RefCell<Vec<Gc<List>>>,
}

impl List {
    fn new(name: &'static str, ints: &[i64]) -> Gc<List> {
        Gc::new(List {
            name,
            ints: ints.to_vec(),
            items: RefCell::new(Vec::new()),
        })
    }
}

impl Drop for List {
    fn drop(&mut self) {
        println!("    [heap] list {} {:?} freed", self.name, self.ints);
    }
}

fn title(text: &str) {
    println!();
    println!("=== {text}");
}

/// The collector's totals so far, summed over the generations.
fn collector_figures() -> String {
    let stats = gc::get_stats();
    let collections: usize = stats.iter().map(|s| s.collections).sum();
    let collected: usize = stats.iter().map(|s| s.collected).sum();
    let (young, middle, old) = gc::get_count();
    let blocks: usize = pool::stats().classes.iter().map(|c| c.blocks_in_use).sum();
    format!(
        "[collector: {collections} collections, {collected} objects collected; \
         counts {young}/{middle}/{old}; {blocks} pool blocks in use]"
    )
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let html = match (args.next(), args.next()) {
        (None, _) => None,
        (Some(flag), Some(directory)) if flag == "--html" => Some(directory),
        _ => {
            eprintln!("usage: tour [--html DIR]");
            std::process::exit(2);
        }
    };
    println!("pyobj: Python's memory management, made real in Rust.");
    println!("Each level below is the seed's Python, compiled by pyblock! and run natively.");
    for (level_title, explanation, run) in LEVELS {
        title(level_title);
        println!("{explanation}");
        println!("--- output");
        match run() {
            // The block's namespace goes here: its globals are released, first-bound
            // first, as at interpreter exit.
            Ok(namespace) => drop(namespace),
            Err(error) => {
                eprintln!("{error}");
                std::process::exit(1);
            }
        }
        println!("{}", collector_figures());
    }
    title("The same machinery from Rust: Gc<T> and #[derive(Trace)]");
    level_1_and_2();
    level_3();
    level_4();
    level_5();
    level_9();
    generations();
    if let Some(directory) = html {
        match pages::write_pages(std::path::Path::new(&directory)) {
            Ok(files) => {
                println!();
                for file in files {
                    println!("wrote {}", file.display());
                }
            }
            Err(error) => {
                eprintln!(
                    "writing the pages into {}: {error}",
                    std::path::Path::new(&directory).display()
                );
                std::process::exit(1);
            }
        }
    }
}

fn level_1_and_2() {
    title("LEVELS 1-2: names on the stack, objects on the heap");
    println!(">>> a = [1, 2, 3]");
    let a = List::new("a", &[1, 2, 3]);
    println!(
        "    the name `a` is a {}-byte handle on the stack; the list is on the heap at {:p}",
        size_of::<Gc<List>>(),
        a
    );
    println!(">>> b = a");
    let b = a.clone();
    println!(
        "    a is b: {}   (one object, two names; refcount {})",
        Gc::ptr_eq(&a, &b),
        Gc::strong_count(&a)
    );
    println!("    end of scope: both names go, the count reaches 0");
}

fn level_3() {
    title("LEVEL 3: reference counting frees at zero");
    println!(">>> a = [1, 2, 3]");
    let a = List::new("a", &[1, 2, 3]);
    println!("    refcount = {}", Gc::strong_count(&a));
    println!(">>> b = a");
    let b = a.clone();
    println!("    refcount = {}", Gc::strong_count(&a));
    println!(">>> del a");
    drop(a);
    println!("    refcount = {}", Gc::strong_count(&b));
    println!(">>> del b");
    drop(b);
    println!("    refcount = 0: destroyed immediately (see the [heap] line above)");
}

fn level_4() {
    title("LEVEL 4: cycles need the garbage collector");
    println!(">>> import gc; print(gc.isenabled())");
    println!("{}", if gc::is_enabled() { "True" } else { "False" });
    println!(">>> a = []; b = []; a.append(b); b.append(a)");
    let a = List::new("a", &[]);
    let b = List::new("b", &[]);
    a.items.borrow_mut().push(b.clone());
    b.items.borrow_mut().push(a.clone());
    let (watch_a, watch_b): (Weak<List>, Weak<List>) = (Gc::downgrade(&a), Gc::downgrade(&b));
    println!(
        "    refcounts: a = {}, b = {}",
        Gc::strong_count(&a),
        Gc::strong_count(&b)
    );
    println!(">>> del a; del b");
    drop((a, b));
    println!(
        "    refcounts never reach zero: a = {}, b = {} (nothing freed)",
        watch_a.strong_count(),
        watch_b.strong_count()
    );
    println!(">>> gc.collect()");
    let found = gc::collect();
    println!("{found}");
    println!(
        "    unreachable cycle found and freed; weak references now dead: {}",
        watch_a.upgrade().is_none() && watch_b.upgrade().is_none()
    );
}

fn level_5() {
    title("LEVEL 5: the memory pool");
    let before = pool::stats();
    println!(">>> make 10,000 small objects");
    let many: Vec<Gc<(i64, i64)>> = (0..10_000).map(|i| Gc::new((i, i * i))).collect();
    let during = pool::stats();
    let class = during
        .classes
        .iter()
        .find(|class| class.size == 32)
        .expect("the 32-byte size class exists");
    println!(
        "    each is one 32-byte block (16-byte header + 16-byte value): {} blocks in use in {} pools",
        class.blocks_in_use, class.pools
    );
    println!(
        "    arenas: {} before, {} now (1 MiB each, carved into 16 KiB pools)",
        before.arenas_current, during.arenas_current
    );
    let mut many = many;
    let one = many.swap_remove(5_000);
    let freed = Gc::as_ptr(&one) as usize;
    drop(one);
    let again = Gc::new((1_i64, 2_i64));
    println!(
        "    free one of them, make a new one: it takes the block just freed: {}",
        Gc::as_ptr(&again) as usize == freed
    );
    drop(many);
    drop(again);
    let after = pool::stats();
    println!(
        "    all freed: 32-byte blocks in use now: {}; the emptied pools went back to their arena",
        after
            .classes
            .iter()
            .find(|class| class.size == 32)
            .map_or(0, |class| class.blocks_in_use)
    );
    println!();
    println!("{}", pool::stats());
}

fn level_9() {
    title("LEVEL 9: reassigning a name");
    println!(">>> a = [1, 2, 3]");
    let mut a = List::new("first", &[1, 2, 3]);
    println!(
        "    a holds {:?} (refcount {})",
        a.ints,
        Gc::strong_count(&a)
    );
    println!(">>> a = [4, 5, 6]");
    a = List::new("second", &[4, 5, 6]);
    println!("    (the first list was freed the moment `a` stopped referring to it)");
    println!("    a now holds {:?}", a.ints);
}

fn generations() {
    title("LEVEL 4 (more): generations");
    println!(">>> gc.get_threshold()");
    println!("{:?}", gc::get_threshold());
    gc::collect();
    println!(">>> x = []; gc.collect(0); gc.get_count()");
    let _x = List::new("x", &[]);
    gc::collect_generation(0).expect("generation 0 exists");
    println!("{:?}", gc::get_count());
    let stats = gc::get_stats();
    println!(">>> gc.get_stats()");
    let rendered: Vec<String> = stats
        .iter()
        .map(|s| {
            format!(
                "{{'collections': {}, 'collected': {}, 'uncollectable': {}}}",
                s.collections, s.collected, s.uncollectable
            )
        })
        .collect();
    println!("[{}]", rendered.join(", "));
}
