//! Panics never escape where nobody called: automatic collections, the collection of an
//! exiting thread and releases at thread exit hand the panics of user code to the
//! unraisable hook (CPython's `sys.unraisablehook`), and the work goes on. An explicit
//! `gc::collect()` resumes the first panic once it is done.
//!
//! The cases that used to abort the process ("thread local panicked on drop") run in a
//! child process: this test binary again, with [`CHILD`] naming the test to play.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use pyobj_runtime::{AnyGc, Finalize, Gc, Trace, Tracer, Weak, gc};

/// Set in a child process to the name of the test it plays.
const CHILD: &str = "PYOBJ_UNRAISABLE_CHILD";

/// Nodes dropped, in any thread (for the child processes, which run one test).
static DROPS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Nodes dropped by this thread (for the tests run side by side in one process).
    static THREAD_DROPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn thread_drops() -> usize {
    THREAD_DROPS.with(std::cell::Cell::get)
}

struct Node {
    id: u32,
    panic_on_drop: bool,
    panic_in_trace: bool,
    next: RefCell<Option<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if self.panic_in_trace {
            panic!("trace of node {} panicked", self.id);
        }
        self.next.trace(tracer);
    }
    fn drop_handles(&self) {
        self.next.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::Relaxed);
        let _ = THREAD_DROPS.try_with(|drops| drops.set(drops.get() + 1));
        if self.panic_on_drop {
            panic!("drop of node {} panicked", self.id);
        }
    }
}

fn node(id: u32, panic_on_drop: bool) -> Gc<Node> {
    Gc::new(Node {
        id,
        panic_on_drop,
        panic_in_trace: false,
        next: RefCell::new(None),
    })
}

/// A 2-cycle `a <-> b`; `a`'s drop panics if told to. Returns `a`'s address (`id()`).
fn ring(first: u32, panic_on_drop: bool) -> usize {
    let a = node(first, panic_on_drop);
    let b = node(first + 1, false);
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
    address(&a)
}

fn address<T: Trace + 'static>(object: &Gc<T>) -> usize {
    AnyGc::addr(&Gc::into_any(object.clone()))
}

/// Runs `f` with a hook that records each report's text; restores the previous hook.
fn capture<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let previous = gc::set_unraisable_hook(Rc::new(move |report: &gc::Unraisable<'_>| {
        sink.borrow_mut().push(report.to_string());
    }));
    let out = f();
    gc::set_unraisable_hook(previous);
    let seen = seen.borrow().clone();
    (out, seen)
}

/// `Exception ignored in: <unraisable::Node object at 0x...>` and the panic message.
fn drop_report(address: usize, message: &str) -> String {
    format!(
        "Exception ignored in: <unraisable::Node object at {address:#x}>\nPanicException: {message}\n"
    )
}

/// Runs `f` with the threshold set so that its first tracked allocation starts a
/// collection of generation 0: the threshold is set to the count of generation 0 (the
/// tracked objects made since the last collection, garbage cycles included).
fn next_allocation_collects<R>(f: impl FnOnce() -> R) -> R {
    let (threshold, _, _) = gc::get_threshold();
    let (count, _, _) = gc::get_count();
    assert!(count > 0, "objects were made since the last collection");
    gc::set_threshold(count, None, None);
    let out = f();
    gc::set_threshold(threshold, None, None);
    out
}

#[test]
fn an_automatic_collection_reports_a_panicking_drop_and_gc_new_returns() {
    gc::collect();
    let (a, b) = (node(1, true), node(2, false));
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
    let at = address(&a);
    let before = thread_drops();
    let (stats, reports) = capture(|| {
        next_allocation_collects(|| {
            drop((a, b));
            let stats_before = gc::get_stats()[0];
            // The first allocation starts a collection of generation 0, which frees the
            // cycle; `Gc::new` returns all the same.
            let keep = (node(10, false), node(11, false));
            let after = gc::get_stats()[0];
            assert_eq!(thread_drops() - before, 2);
            drop(keep);
            (
                after.collections - stats_before.collections,
                after.collected - stats_before.collected,
            )
        })
    });
    assert_eq!(
        stats,
        (1, 2),
        "one automatic collection, which found the cycle"
    );
    assert_eq!(reports, [drop_report(at, "drop of node 1 panicked")]);
    assert_eq!(thread_drops() - before, 4, "and the keepers");
}

#[test]
fn an_explicit_collection_resumes_the_first_panic_and_reports_the_later_ones() {
    gc::collect();
    let first = ring(1, true);
    let second = ring(3, true);
    let ((caught, found), reports) = capture(|| {
        let mut found = None;
        let caught = catch_unwind(AssertUnwindSafe(|| found = Some(gc::collect())));
        (caught, found)
    });
    let payload = caught.expect_err("the first panic comes out of collect()");
    assert_eq!(
        payload.downcast_ref::<String>().map(String::as_str),
        Some("drop of node 1 panicked")
    );
    assert_eq!(found, None);
    assert_eq!(reports, [drop_report(second, "drop of node 3 panicked")]);
    let _ = first;
    // The collection completed: nothing is left to find.
    assert_eq!(gc::collect(), 0);
}

/// A finalizer that panics.
struct Closing {
    other: RefCell<Option<Gc<Closing>>>,
}

impl Trace for Closing {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.other.trace(tracer);
    }
    fn drop_handles(&self) {
        self.other.drop_handles();
    }
}

impl Finalize for Closing {
    fn finalize(_: &Gc<Self>) {
        panic!("finalizer panicked");
    }
}

#[test]
fn an_automatic_collection_reports_a_panicking_finalizer() {
    gc::collect();
    let a = Gc::with_finalizer(Closing {
        other: RefCell::new(None),
    });
    *a.other.borrow_mut() = Some(a.clone());
    let at = address(&a);
    let weak = Gc::downgrade(&a);
    let ((), reports) = capture(|| {
        next_allocation_collects(|| {
            drop(a);
            drop((node(10, false), node(11, false)));
        })
    });
    assert_eq!(
        reports,
        [format!(
            "Exception ignored in: <unraisable::Closing object at {at:#x}>\nPanicException: finalizer panicked\n"
        )]
    );
    assert!(weak.upgrade().is_none(), "the cycle was freed all the same");
}

#[test]
fn an_automatic_collection_reports_panicking_callbacks() {
    gc::collect();
    ring(1, false);
    let target = node(5, false);
    *target.next.borrow_mut() = Some(target.clone());
    // Held outside the garbage: its callback is called.
    let weak: Weak<Node> = Weak::with_callback(&target, || panic!("weakref callback failed"));
    drop(target);
    let id = gc::add_callback(|phase, _| {
        if phase == gc::Phase::Start {
            panic!("gc callback failed");
        }
    });
    let ((), reports) = capture(|| {
        next_allocation_collects(|| drop((node(10, false), node(11, false))));
    });
    assert!(gc::remove_callback(id));
    assert_eq!(
        reports,
        [
            "Exception ignored in: <gc callback>\nPanicException: gc callback failed\n",
            "Exception ignored in: <weakref callback>\nPanicException: weakref callback failed\n",
        ]
    );
    assert!(weak.upgrade().is_none());
}

#[test]
fn an_automatic_collection_reports_a_panicking_trace_and_keeps_its_object() {
    gc::collect();
    let a = Gc::new(Node {
        id: 1,
        panic_on_drop: false,
        panic_in_trace: true,
        next: RefCell::new(None),
    });
    *a.next.borrow_mut() = Some(a.clone());
    let at = address(&a);
    let weak = Gc::downgrade(&a);
    let ((), reports) = capture(|| {
        next_allocation_collects(|| {
            drop(a);
            drop((node(10, false), node(11, false)));
        })
    });
    // subtract_refs names the object; move_unreachable traces it again (it is kept as
    // reachable), and that pass does not know which object it was tracing.
    assert_eq!(
        reports,
        [
            drop_report(at, "trace of node 1 panicked"),
            "Exception ignored in garbage collection:\nPanicException: trace of node 1 panicked\n"
                .to_string(),
        ]
    );
    let a = weak.upgrade().expect("kept: its trace could not be read");
    assert!(a.next.borrow().is_some(), "and whole");
    a.next.borrow_mut().take();
}

#[test]
fn hooks_are_replaced_returned_and_reset() {
    let first = Rc::new(RefCell::new(0));
    let second = Rc::new(RefCell::new(0));
    let count = |seen: &Rc<RefCell<i32>>| -> gc::UnraisableHook {
        let seen = seen.clone();
        Rc::new(move |_: &gc::Unraisable<'_>| *seen.borrow_mut() += 1)
    };
    let original = gc::set_unraisable_hook(count(&first));
    let replaced = gc::set_unraisable_hook(count(&second));
    ring(1, true);
    next_allocation_collects(|| drop((node(10, false), node(11, false))));
    assert_eq!((*first.borrow(), *second.borrow()), (0, 1));
    // The hook returned is the one replaced.
    replaced(&gc::Unraisable {
        err_msg: None,
        object: None,
        type_name: None,
        exc_type: "X",
        exc_value: "",
        payload: None,
    });
    assert_eq!((*first.borrow(), *second.borrow()), (1, 1));
    // Reset: the default hook is back, and the one it replaced comes out.
    let current = gc::reset_unraisable_hook();
    let _ = gc::set_unraisable_hook(current);
    let again = gc::reset_unraisable_hook();
    drop(again);
    assert_eq!((*first.borrow(), *second.borrow()), (1, 1));
    gc::set_unraisable_hook(original);
}

// Child processes: the cases that used to abort.

/// Runs `test` again in a child process (this binary, that test only) and returns its
/// exit status, stdout and stderr.
fn run_child(test: &str) -> (std::process::ExitStatus, String, String) {
    let output = Command::new(std::env::current_exe().expect("the test binary"))
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, test)
        .output()
        .expect("the child runs");
    (
        output.status,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Whether this process is the child playing `test`.
fn is_child(test: &str) -> bool {
    std::env::var(CHILD).is_ok_and(|name| name == test)
}

/// The address printed after `prefix` in `text`, as a number, and the rest.
fn address_after<'a>(text: &'a str, prefix: &str) -> (usize, &'a str) {
    let at = text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix:?} in {text:?}"));
    let rest = &text[at + prefix.len()..];
    let end = rest
        .find(|c: char| !c.is_ascii_hexdigit())
        .expect("the address ends");
    let address = usize::from_str_radix(&rest[..end], 16).expect("a hex address");
    (address, &rest[end..])
}

#[test]
#[cfg_attr(miri, ignore = "spawns a child process")]
fn the_exit_collection_reports_a_panicking_drop_and_the_process_goes_on() {
    const TEST: &str = "the_exit_collection_reports_a_panicking_drop_and_the_process_goes_on";
    if is_child(TEST) {
        let joined = std::thread::spawn(|| {
            let at = ring(1, true);
            println!("node 1 at {at:#x}");
            // The thread ends with the cycle uncollected: its last collection finds it.
        })
        .join();
        println!(
            "joined: {}, drops: {}",
            joined.is_ok(),
            DROPS.load(Ordering::Relaxed)
        );
        return;
    }
    let (status, stdout, stderr) = run_child(TEST);
    assert!(status.success(), "{status}: {stderr}");
    assert!(stdout.contains("joined: true, drops: 2\n"), "{stdout}");
    let (at, _) = address_after(&stdout, "node 1 at 0x");
    let (reported, rest) = address_after(
        &stderr,
        "Exception ignored in: <unraisable::Node object at 0x",
    );
    assert_eq!(reported, at);
    assert!(
        rest.starts_with(">\nPanicException: drop of node 1 panicked\n"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("thread local panicked on drop"),
        "{stderr}"
    );
}

thread_local! {
    /// A user's thread-local, dropped after the heap's exit guard (see below).
    static STASH: RefCell<Option<Gc<Node>>> = const { RefCell::new(None) };
}

#[test]
#[cfg_attr(miri, ignore = "spawns a child process")]
fn a_release_at_thread_exit_reports_a_panicking_drop() {
    const TEST: &str = "a_release_at_thread_exit_reports_a_panicking_drop";
    if is_child(TEST) {
        let joined = std::thread::spawn(|| {
            // Used before the thread's first object: its destructor runs after the
            // heap's exit guard, so the node is released at thread exit.
            STASH.with(|_| {});
            let panicky = node(7, true);
            println!("node 7 at {:#x}", address(&panicky));
            STASH.with(|stash| *stash.borrow_mut() = Some(panicky));
        })
        .join();
        println!(
            "joined: {}, drops: {}",
            joined.is_ok(),
            DROPS.load(Ordering::Relaxed)
        );
        return;
    }
    let (status, stdout, stderr) = run_child(TEST);
    assert!(status.success(), "{status}: {stderr}");
    assert!(stdout.contains("joined: true, drops: 1\n"), "{stdout}");
    let (at, _) = address_after(&stdout, "node 7 at 0x");
    let (reported, rest) = address_after(
        &stderr,
        "Exception ignored in: <unraisable::Node object at 0x",
    );
    assert_eq!(reported, at);
    assert!(
        rest.starts_with(">\nPanicException: drop of node 7 panicked\n"),
        "{stderr}"
    );
}

/// What the hook of the exiting thread saw, for the main thread to print.
static SEEN_AT_EXIT: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[test]
#[cfg_attr(miri, ignore = "spawns a child process")]
fn a_hook_set_before_the_first_object_hears_the_exit_collection() {
    const TEST: &str = "a_hook_set_before_the_first_object_hears_the_exit_collection";
    if is_child(TEST) {
        std::thread::spawn(|| {
            gc::set_unraisable_hook(Rc::new(|report: &gc::Unraisable<'_>| {
                let line = format!(
                    "{:?} {:?} {} {}",
                    report.type_name, report.err_msg, report.exc_type, report.exc_value
                );
                SEEN_AT_EXIT.lock().unwrap().push(line);
            }));
            ring(1, true);
        })
        .join()
        .expect("no panic escapes the thread");
        for line in SEEN_AT_EXIT.lock().unwrap().iter() {
            println!("seen: {line}");
        }
        return;
    }
    let (status, stdout, stderr) = run_child(TEST);
    assert!(status.success(), "{status}: {stderr}");
    // (The harness's `test ... ` may share the first line.)
    let seen: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_once("seen: ").map(|(_, seen)| seen))
        .collect();
    assert_eq!(
        seen,
        ["Some(\"unraisable::Node\") None PanicException drop of node 1 panicked"]
    );
    assert!(!stderr.contains("Exception ignored"), "{stderr}");
}

#[test]
#[cfg_attr(miri, ignore = "spawns a child process")]
fn a_panicking_hook_is_reported_by_the_default_hook() {
    const TEST: &str = "a_panicking_hook_is_reported_by_the_default_hook";
    if is_child(TEST) {
        gc::set_unraisable_hook(Rc::new(|_: &gc::Unraisable<'_>| panic!("hook failed")));
        ring(1, true);
        next_allocation_collects(|| drop((node(10, false), node(11, false))));
        println!("went on");
        return;
    }
    let (status, stdout, stderr) = run_child(TEST);
    assert!(status.success(), "{status}: {stderr}");
    assert!(stdout.contains("went on\n"), "{stdout}");
    assert!(
        stderr.contains("Exception ignored in: <unraisable hook>\nPanicException: hook failed\n"),
        "{stderr}"
    );
}
