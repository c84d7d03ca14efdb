//! Step-by-step recording of `pyblock!(trace ...)` code: one step per executed line, with
//! the function running, the globals' snapshot, the output so far and the collector's
//! work; and none of it for code compiled without hooks.

use pyobj::recording::{self, RecordedStep};
use pyobj::snapshot::html_page;
use pyobj::{gc, pyblock};

/// `(line relative to the first statement, function)` of each step.
fn lines(steps: &[RecordedStep], first: u32) -> Vec<(u32, &'static str)> {
    steps
        .iter()
        .map(|step| (step.site.line - first, step.function))
        .collect()
}

/// The names of the globals in a step's snapshot, in the order they were bound.
fn names(step: &RecordedStep) -> Vec<&str> {
    step.snapshot
        .roots()
        .iter()
        .map(|root| root.name.as_str())
        .collect()
}

#[test]
fn each_executed_line_is_one_step_with_its_function_names_and_output() {
    let first = line!() + 3;
    let (result, recorded) = recording::record(|| {
        pyblock!(trace
            def pair(n):
                items = [n, n]
                return items
            a = pair(7)
            b = a
            print(len(b))
            del a
        )
    });
    let namespace = result.unwrap();
    // `def`, then the call: pair's two lines, then the call's line once it returned.
    assert_eq!(
        lines(&recorded.steps, first),
        [
            (0, "<module>"),
            (1, "pair"),
            (2, "pair"),
            (3, "<module>"),
            (4, "<module>"),
            (5, "<module>"),
            (6, "<module>"),
        ]
    );
    let steps = &recorded.steps;
    assert_eq!(names(&steps[0]), ["pair"]);
    assert_eq!(names(&steps[3]), ["pair", "a"]);
    assert_eq!(names(&steps[4]), ["pair", "a", "b"]);
    assert_eq!(names(&steps[6]), ["pair", "b"]);
    assert_eq!(steps[4].snapshot.root("a").unwrap().refcount, 2);
    assert_eq!(steps[4].snapshot.root("b").unwrap().label, "[7, 7]");
    assert_eq!(steps[6].snapshot.root("b").unwrap().refcount, 1);
    // The globals object (the frame's holder) counts the block's handle and the function's,
    // not the recorder's.
    let module = steps[4].snapshot.frames()[0].holder.unwrap();
    assert_eq!(steps[4].snapshot.node(module).refcount, 2);
    let outputs: Vec<&str> = steps.iter().map(|step| step.output.as_str()).collect();
    assert_eq!(outputs, ["", "", "", "", "", "2\n", "2\n"]);
    assert_eq!(recorded.output, "2\n");
    drop(namespace);
}

#[test]
fn collections_are_the_events_of_the_step_they_ran_in() {
    let first = line!() + 3;
    let (result, recorded) = recording::record(|| {
        pyblock!(trace
            import gc
            a = []
            a.append(a)
            del a
            n = gc.collect()
        )
    });
    let namespace = result.unwrap();
    assert_eq!(recorded.steps.len(), 5);
    let events: Vec<&str> = recorded.steps.iter().map(|s| s.events.as_str()).collect();
    assert_eq!(
        events,
        [
            "",
            "",
            "",
            "",
            "collection of generation 2: 1 collected, 0 uncollectable\n"
        ]
    );
    assert_eq!(recorded.steps[4].site.line - first, 4);
    drop(namespace);
    gc::collect();
}

#[test]
fn code_without_hooks_records_nothing() {
    let (result, recorded) = recording::record(|| {
        pyblock! {
            a = [1]
            print(a)
        }
    });
    drop(result.unwrap());
    assert!(recorded.steps.is_empty());
    assert_eq!(recorded.output, "[1]\n");
}

#[test]
fn recorded_steps_make_a_page() {
    let first = line!() + 3;
    let (result, recorded) = recording::record(|| {
        pyblock!(trace
            x = [1, 2, 3]
            y = x
        )
    });
    drop(result.unwrap());
    let source = "x = [1, 2, 3]\ny = x\n";
    let steps: Vec<_> = recorded
        .steps
        .iter()
        .map(|step| step.to_step(source, first as usize))
        .collect();
    let page = html_page("two lines", &steps);
    assert!(page.contains("line 1 in &lt;module&gt;") && page.contains("line 2 in &lt;module&gt;"));
    assert_eq!(page.matches("<svg").count(), 2);
}

/// A generator's lines are steps of the frame that resumed it, and each time it suspends
/// the caller's line is the current one again: the step after the generator is done is
/// the caller's line (7), not the generator's last.
#[test]
fn a_generator_gives_its_callers_line_back_when_it_suspends() {
    let first = line!() + 3;
    let (result, recorded) = recording::record(|| {
        pyblock!(trace
            "def count(n):\n    i = 0\n    while i < n:\n        yield i\n        i += 1\n\ntotal = sum(count(2))\nprint(total)\n"
        )
    });
    let namespace = result.unwrap();
    let python_lines: Vec<u32> = recorded
        .steps
        .iter()
        .map(|step| step.site.line - first + 1)
        .collect();
    // Each statement is a step when it starts: the `while` once, not per iteration. The
    // 7 before the generator's lines is the call, left when the generator started.
    assert_eq!(python_lines, [1, 7, 2, 3, 4, 5, 4, 7, 8]);
    assert!(
        recorded
            .steps
            .iter()
            .all(|step| step.function == "<module>")
    );
    assert_eq!(recorded.output, "1\n");
    drop(namespace);
}
