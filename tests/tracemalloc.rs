//! Allocations by line (`tracemalloc`, seed level 10) and the line hooks that tell it the
//! Python line: from Rust (`Gc::new`'s caller), from Python (`import tracemalloc` in
//! `pyblock!(trace ...)` code, checked against what CPython 3.11 prints for the same
//! file), and the texts of its statistics, generated with CPython 3.11.

use std::num::NonZeroU16;

use pyobj::tracemalloc::{
    self, DomainFilter, Filter, KeyType, Site, Statistic, StatisticDiff, TraceFilter, Traceback,
};
use pyobj::{Gc, Obj, capture_stdout, pyblock};

/// The block of a request of `size` bytes: its size class's (16-byte steps).
fn block(size: usize) -> usize {
    size.div_ceil(16) * 16
}

/// `tests/python/tracemalloc_lines.py` prints what CPython 3.11 prints for it: the lines
/// and counts of the lists it makes (101 and 51 allocations, as CPython; see the
/// `tracemalloc` module docs for why the counts agree and the bytes do not), their changes
/// between two snapshots, and CPython's errors.
#[test]
fn python_code_sees_its_lines_and_counts_as_cpython_shows_them() {
    let (result, out) = capture_stdout(|| pyblock!(trace file "tests/python/tracemalloc_lines.py"));
    result.unwrap();
    assert_eq!(
        out,
        "False\n\
         True\n\
         11 101\n\
         11 0 -101 True\n\
         15 51 51 False\n\
         True True\n\
         False (0, 0)\n\
         RuntimeError: the tracemalloc module must be tracing memory allocations to take a snapshot\n\
         ValueError: unknown key_type: 'line'\n"
    );
}

/// Code compiled without hooks is `<unknown>:0` (CPython's name for a frame it cannot
/// see); the same code with `trace` is its own Rust file and line (the inline form).
#[test]
fn inline_code_is_attributed_to_its_rust_line_only_with_hooks() {
    tracemalloc::start();
    let plain = pyblock! {
        kept = [[] for i in range(5)]
    }
    .unwrap();
    let hooked = pyblock!(trace
        kept = [[] for i in range(7)]
    )
    .unwrap();
    let hooked_line = line!() - 3;
    let snapshot = tracemalloc::take_snapshot().unwrap();
    tracemalloc::stop();
    let stats = snapshot.statistics(KeyType::Lineno);
    let at = |site: Site| {
        stats
            .iter()
            .find(|stat| stat.traceback == Traceback::from(site))
            .cloned()
    };
    let list = block(size_of::<pyobj::PyList>() + 16);
    let hooked_stat = at(Site {
        file: file!(),
        line: hooked_line,
    })
    .expect("the hooked line");
    assert_eq!((hooked_stat.count, hooked_stat.size), (8, 8 * list));
    let unknown = at(Site::UNKNOWN).expect("the unhooked line");
    // The unhooked block's six lists, and both blocks' globals objects (80-byte blocks),
    // made before any hooked line ran.
    assert_eq!(
        (unknown.count, unknown.size),
        (8, 6 * list + 2 * 80),
        "{unknown}"
    );
    drop((plain, hooked));
}

/// `Gc::new` called from Rust is its caller's line, with the block's real size; freed
/// objects leave the statistics; `compare_to` and `get_traced_memory` follow.
#[test]
fn rust_allocations_are_their_callers_lines_with_block_sizes() {
    tracemalloc::start();
    let line = line!() + 1;
    let kept: Vec<Gc<[u64; 3]>> = (0..10).map(|i| Gc::new([i; 3])).collect();
    let before = tracemalloc::take_snapshot().unwrap();
    let (current, peak) = tracemalloc::get_traced_memory();
    assert_eq!((current, peak), (10 * 48, 10 * 48)); // 16-byte header + 24 bytes: 48
    let site = Site {
        file: file!(),
        line,
    };
    assert_eq!(
        before.statistics(KeyType::Lineno),
        [Statistic {
            traceback: site.into(),
            size: 480,
            count: 10
        }]
    );
    assert_eq!(
        before.statistics(KeyType::Filename),
        [Statistic {
            traceback: Site {
                file: file!(),
                line: 0
            }
            .into(),
            size: 480,
            count: 10
        }]
    );
    drop(kept);
    let after = tracemalloc::take_snapshot().unwrap();
    assert!(after.traces().is_empty());
    assert_eq!(tracemalloc::get_traced_memory(), (0, 480));
    tracemalloc::reset_peak();
    assert_eq!(tracemalloc::get_traced_memory(), (0, 0));
    assert_eq!(
        after.compare_to(&before, KeyType::Lineno),
        [StatisticDiff {
            traceback: site.into(),
            size: 0,
            size_diff: -480,
            count: 0,
            count_diff: -10
        }]
    );
    tracemalloc::stop();
    assert!(!tracemalloc::is_tracing());
    assert_eq!(
        tracemalloc::take_snapshot().unwrap_err().to_string(),
        "the tracemalloc module must be tracing memory allocations to take a snapshot"
    );
}

/// `str()` of statistics as CPython 3.11 writes them (texts from `python3`, for
/// `tracemalloc.Statistic` and `StatisticDiff` built with these numbers).
#[test]
fn statistics_print_as_cpython_prints_them() {
    let site = Site {
        file: "/tmp/tm1.py",
        line: 3,
    };
    let stat = Statistic {
        traceback: site.into(),
        size: 33128,
        count: 999,
    };
    assert_eq!(
        stat.to_string(),
        "/tmp/tm1.py:3: size=32.4 KiB, count=999, average=33 B"
    );
    let diff = StatisticDiff {
        traceback: Site {
            file: "/tmp/tm1.py",
            line: 10,
        }
        .into(),
        size: 16160,
        size_diff: 16160,
        count: 502,
        count_diff: 502,
    };
    assert_eq!(
        diff.to_string(),
        "/tmp/tm1.py:10: size=15.8 KiB (+15.8 KiB), count=502 (+502), average=32 B"
    );
    let gone = StatisticDiff {
        traceback: site.into(),
        size: 0,
        size_diff: -33128,
        count: 0,
        count_diff: -999,
    };
    assert_eq!(
        gone.to_string(),
        "/tmp/tm1.py:3: size=0 B (-32.4 KiB), count=0 (-999)"
    );
    let file = Statistic {
        traceback: Site {
            file: "/tmp/tm1.py",
            line: 0,
        }
        .into(),
        size: 49480,
        count: 1502,
    };
    assert_eq!(
        file.to_string(),
        "/tmp/tm1.py:0: size=48.3 KiB, count=1502, average=33 B"
    );
}

/// The Python objects' `str()` and `repr()`, and a bad `key_type` or `nframe`.
#[test]
fn python_statistics_print_as_cpython_and_refuse_bad_arguments() {
    let (result, out) = capture_stdout(|| {
        pyblock!(trace
            import tracemalloc
            tracemalloc.start()
            kept = [1.5]
            stat = tracemalloc.take_snapshot().statistics("lineno")[0]
            print(stat.traceback[0].lineno == stat.traceback[0].lineno, stat.count)
            print(str(stat).split(": size=")[1])
            print(repr(stat.traceback[0]).startswith("<Frame filename="))
            snapshot = tracemalloc.take_snapshot()
            for call in [
                lambda: tracemalloc.start(0),
                lambda: tracemalloc.start(65536),
                lambda: tracemalloc.Filter(True, 5),
                lambda: tracemalloc.DomainFilter(True),
                lambda: snapshot.filter_traces([5]),
                lambda: snapshot.traces[len(snapshot.traces)],
                lambda: tracemalloc.get_object_traceback(),
                lambda: tracemalloc.clear_traces(1),
                lambda: tracemalloc.take_snapshot(1),
                lambda: snapshot.statistics(),
                lambda: snapshot.compare_to(snapshot),
            ]:
                try:
                    call()
                except Exception as error:
                    print(type(error).__name__, error)
            tracemalloc.stop()
        )
    });
    result.unwrap();
    // The list's block (64 bytes: its first four items live in it) and the float's (32);
    // the errors are CPython 3.11's.
    assert_eq!(
        out,
        "True 2\n\
         96 B, count=2, average=48 B\n\
         True\n\
         ValueError the number of frames must be in range [1; 65535]\n\
         ValueError the number of frames must be in range [1; 65535]\n\
         TypeError expected str, bytes or os.PathLike object, not int\n\
         TypeError DomainFilter.__init__() missing 1 required positional argument: 'domain'\n\
         AttributeError 'int' object has no attribute 'inclusive'\n\
         IndexError list index out of range\n\
         TypeError get_object_traceback() missing 1 required positional argument: 'obj'\n\
         TypeError _tracemalloc.clear_traces() takes no arguments (1 given)\n\
         TypeError take_snapshot() takes 0 positional arguments but 1 was given\n\
         TypeError Snapshot.statistics() missing 1 required positional argument: 'key_type'\n\
         TypeError Snapshot.compare_to() missing 1 required positional argument: 'key_type'\n"
    );
    let _ = Obj::none();
}

/// Where the layouts differ the counts differ, as the `tracemalloc` docs say: for a list of
/// 1000 floats made on one line CPython 3.11 reports 997 allocations (floats reused from
/// its free list, and the list's item array), pyobj 1001 (every float's 32-byte block, and
/// the list's, whose items past the fourth live outside the heap's blocks).
#[test]
fn a_list_of_floats_is_every_float_and_the_list() {
    let (result, out) = capture_stdout(|| {
        pyblock!(trace
            import tracemalloc
            tracemalloc.start()
            floats = [i + 0.5 for i in range(1000)]
            stats = tracemalloc.take_snapshot().statistics("lineno")
            print(stats[0].count, stats[0].size, str(stats[0]).split(": ")[1])
            tracemalloc.stop()
        )
    });
    result.unwrap();
    assert_eq!(out, "1001 32064 size=31.3 KiB, count=1001, average=32 B\n");
}

/// What `python3 tests/python/tracemalloc_frames.py` prints (CPython 3.11, the file's
/// absolute name printed as `F`).
const FRAMES_CPYTHON: &str = r#"1
3 True
3
7 3
F:16: size=305 B, count=5, average=61 B
<Traceback (<Frame filename='F' lineno=16>, <Frame filename='F' lineno=12>, <Frame filename='F' lineno=7>)>
3 None
  File "F", line 16
    return outer(n, start)
  File "F", line 12
    return make(n, start)
  File "F", line 7
    out[i - start] = str(i) * 3
  File "F", line 7
    out[i - start] = str(i) * 3
  File "F", line 12
    return make(n, start)
  File "F", line 16
    return outer(n, start)
  File "F", line 7
    out[i - start] = str(i) * 3
  File "F", line 12
    return make(n, start)
  File "F", line 16
    return outer(n, start)
F:7
F:16
(<Frame filename='F' lineno=12>, <Frame filename='F' lineno=7>)
F:46: size=122 B, count=2, average=61 B
<Traceback (<Frame filename='F' lineno=46>, <Frame filename='F' lineno=12>, <Frame filename='F' lineno=7>)>
3 None
  File "F", line 46
    more = outer(2, 2000)
  File "F", line 12
    return make(n, start)
  File "F", line 7
    out[i - start] = str(i) * 3
  File "F", line 7
    out[i - start] = str(i) * 3
  File "F", line 12
    return make(n, start)
  File "F", line 46
    more = outer(2, 2000)
  File "F", line 7
    out[i - start] = str(i) * 3
  File "F", line 12
    return make(n, start)
  File "F", line 46
    more = outer(2, 2000)
F:7
F:46
(<Frame filename='F' lineno=12>, <Frame filename='F' lineno=7>)
F:46: 61 B
<Trace domain=0 size=61 B, traceback=<Traceback (<Frame filename='F' lineno=46>, <Frame filename='F' lineno=12>, <Frame filename='F' lineno=7>) total_nframe=3>>
0 True 3
F:12
7
F:7
7
F:16
5
F:46
2
F:0
21
F:7
7
F:12
2 -5 True
F:7
2 -5 True
F:16
0 -5 True
F:46
2 0 False
F:16
0 -5
F:46
2 0
filters
False x.py None False None
True *.py 3 True 0
False 0
6
True
True
0
0
6
6
6
6
0
0
6
0
True
2
0
False
True
TypeError: filters must be a list of filters, not int
ValueError: cumulative mode cannot by used with key type 'traceback'
objects
  File "F", line 125
    n = node()
  File "F", line 24
    return Node()
<Traceback (<Frame filename='F' lineno=125>, <Frame filename='F' lineno=24>)>
F:128
<Traceback (<Frame filename='F' lineno=128>, <Frame filename='F' lineno=12>, <Frame filename='F' lineno=7>)>
3 None
None
generators
<Traceback (<Frame filename='F' lineno=134>, <Frame filename='F' lineno=29>)>
<Traceback (<Frame filename='F' lineno=134>, <Frame filename='F' lineno=29>)>
<Traceback (<Frame filename='F' lineno=134>, <Frame filename='F' lineno=29>)>
None
3
"#;

/// `tests/python/tracemalloc_frames.py` prints what CPython 3.11 prints for it, but for
/// the bytes of its strings (12 characters: a 64-byte block here, 61 bytes in CPython):
/// `start(3)` keeps three frames of the strings made three calls deep, `total_nframe`
/// counts the fourth; `statistics("traceback")` and the tracebacks' `str`, `repr`,
/// indexing and `format()` (with the files' lines); cumulative statistics and
/// comparisons; `filter_traces` with `fnmatch` patterns, lines, `all_frames`, domains
/// and `DomainFilter`; `get_object_traceback`, also of what a generator made (its
/// frame called from the line that resumed it); and CPython's errors.
#[test]
fn python_tracebacks_keep_nframe_frames_and_filter_as_cpython() {
    let (result, out) =
        capture_stdout(|| pyblock!(trace file "tests/python/tracemalloc_frames.py"));
    result.unwrap();
    let expected = FRAMES_CPYTHON
        .replace(
            "size=305 B, count=5, average=61 B",
            "size=320 B, count=5, average=64 B",
        )
        .replace(
            "size=122 B, count=2, average=61 B",
            "size=128 B, count=2, average=64 B",
        )
        .replace("61 B", "64 B");
    assert_eq!(out, expected);
}

/// A Rust-made traceback: the frames of hooked inline code are this file's lines, the
/// innermost first; the limit cuts the oldest; `format()` shows the lines' text.
#[test]
fn tracebacks_are_the_hooked_frames_innermost_first_up_to_the_limit() {
    assert_eq!(tracemalloc::get_traceback_limit(), 1);
    tracemalloc::start_with_frames(NonZeroU16::new(2).unwrap());
    tracemalloc::start_with_frames(NonZeroU16::new(9).unwrap()); // tracing: no change
    assert_eq!(tracemalloc::get_traceback_limit(), 2);
    let first = line!() + 2;
    let namespace = pyblock!(trace
        def inner():
            return [str(1000) * 3, str(1001) * 3]
        def outer():
            return inner()
        kept = outer()
    )
    .unwrap();
    let snapshot = tracemalloc::take_snapshot().unwrap();
    assert_eq!(snapshot.traceback_limit(), 2);
    let site = |line| Site {
        file: file!(),
        line,
    };
    let mine = snapshot.filter_traces(&[Filter::new(true, file!()).lineno(first + 1).into()]);
    // The list and its two strings.
    assert_eq!(mine.traces().len(), 3);
    for trace in mine.traces() {
        assert_eq!(trace.traceback.frames(), [site(first + 1), site(first + 3)]);
        assert_eq!(
            trace.traceback.total_nframe(),
            Some(3),
            "`kept = outer()` too"
        );
        assert_eq!(trace.domain, 0);
    }
    let traceback = &mine.traces()[0].traceback;
    assert_eq!(traceback.to_string(), format!("{}:{}", file!(), first + 3)); // the oldest
    assert_eq!(
        traceback.format(None, false),
        [
            format!("  File \"{}\", line {}", file!(), first + 3),
            "    return inner()".to_owned(),
            format!("  File \"{}\", line {}", file!(), first + 1),
            "    return [str(1000) * 3, str(1001) * 3]".to_owned(),
        ]
    );
    assert_eq!(
        traceback.format(Some(1), true)[1],
        "    return [str(1000) * 3, str(1001) * 3]"
    );
    assert!(traceback.format(Some(-2), false).is_empty());
    let stats = mine.statistics(KeyType::Traceback);
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0].count, 3);
    assert_eq!(
        stats[0].traceback.total_nframe(),
        None,
        "a statistic's has none"
    );
    tracemalloc::stop();
    assert_eq!(tracemalloc::get_traceback_limit(), 2, "kept after stop");
    tracemalloc::start();
    assert_eq!(tracemalloc::get_traceback_limit(), 1);
    tracemalloc::stop();
    drop(namespace);
}

/// Cumulative statistics count each block at every frame of its traceback; comparisons
/// follow; a cumulative grouping by traceback is refused with CPython's message.
#[test]
fn cumulative_statistics_count_the_callers_lines() {
    tracemalloc::start_with_frames(NonZeroU16::new(5).unwrap());
    let first = line!() + 2;
    let namespace = pyblock!(trace
        def make(n):
            return [str(i) * 3 for i in range(1000, 1000 + n)]
        few = make(2)
        many = make(5)
    )
    .unwrap();
    let snapshot = tracemalloc::take_snapshot().unwrap();
    tracemalloc::stop();
    let mine = snapshot.filter_traces(&[Filter::new(true, file!()).lineno(first + 1).into()]);
    let site = |line| Site {
        file: file!(),
        line,
    };
    let counts = |stats: Vec<Statistic>| -> Vec<(Site, usize)> {
        stats
            .into_iter()
            .map(|stat| (stat.traceback.innermost(), stat.count))
            .collect()
    };
    // Each call: its strings and the list.
    assert_eq!(
        counts(mine.cumulative_statistics(KeyType::Lineno).unwrap()),
        [
            (site(first + 1), 9),
            (site(first + 3), 6),
            (site(first + 2), 3)
        ]
    );
    assert_eq!(
        counts(mine.statistics(KeyType::Lineno)),
        [(site(first + 1), 9)]
    );
    assert_eq!(
        counts(mine.cumulative_statistics(KeyType::Filename).unwrap()),
        [(site(0), 18)]
    );
    let empty = tracemalloc::Snapshot::default();
    let diffs = mine.cumulative_compare_to(&empty, KeyType::Lineno).unwrap();
    assert_eq!(
        diffs
            .iter()
            .map(|diff| (diff.traceback.innermost(), diff.count_diff))
            .collect::<Vec<_>>(),
        [
            (site(first + 1), 9),
            (site(first + 3), 6),
            (site(first + 2), 3)
        ]
    );
    assert_eq!(
        mine.cumulative_statistics(KeyType::Traceback)
            .unwrap_err()
            .to_string(),
        "cumulative mode cannot by used with key type 'traceback'"
    );
    assert!(
        mine.cumulative_compare_to(&empty, KeyType::Traceback)
            .is_err()
    );
    drop(namespace);
}

/// Filters from Rust: patterns, lines, every frame, domains; inclusive filters are
/// alternatives, exclusive ones all apply; no filter keeps everything.
#[test]
fn filters_keep_and_drop_traces_as_cpython_rules_say() {
    tracemalloc::start_with_frames(NonZeroU16::new(3).unwrap());
    let line = line!() + 1;
    let kept: Vec<Gc<u64>> = (0..4).map(|i| Gc::new(i)).collect();
    let other: Vec<Gc<u32>> = (0..2).map(|i| Gc::new(i)).collect();
    let snapshot = tracemalloc::take_snapshot().unwrap();
    tracemalloc::stop();
    let count = |filters: &[TraceFilter]| snapshot.filter_traces(filters).traces().len();
    let here = Filter::new(true, "*/tracemalloc.rs");
    assert_eq!(count(&[here.clone().lineno(line).into()]), 4);
    assert_eq!(count(&[here.clone().lineno(line + 1).into()]), 2);
    assert_eq!(
        count(&[
            here.clone().lineno(line).into(),
            here.clone().lineno(line + 1).into()
        ]),
        6
    );
    assert_eq!(
        count(&[
            here.clone().into(),
            Filter::new(false, "*/tracemalloc.rs").lineno(line).into()
        ]),
        count(&[here.clone().into()]) - 4
    );
    assert_eq!(count(&[here.clone().lineno(line).domain(1).into()]), 0);
    assert_eq!(count(&[here.clone().lineno(line).domain(0).into()]), 4);
    assert_eq!(
        count(&[Filter::new(true, "*/tracemal?oc.r[!a-r]")
            .lineno(line)
            .into()]),
        4
    );
    assert_eq!(count(&[Filter::new(true, "tracemalloc.rs").into()]), 0);
    assert_eq!(
        count(&[DomainFilter {
            inclusive: false,
            domain: 0
        }
        .into()]),
        0
    );
    assert_eq!(count(&[]), snapshot.traces().len());
    let all_frames = Filter::new(true, "*/tracemalloc.rs")
        .lineno(line)
        .all_frames(true);
    assert_eq!(count(&[all_frames.into()]), 4);
    assert_eq!(snapshot.filter_traces(&[]), snapshot);
    drop((kept, other));
}

/// `get_object_traceback`: where a traced object was made, `None` for one made before
/// tracing or after `stop`; from Python, `None` for an untraced object.
#[test]
fn an_object_knows_where_it_was_made_while_tracing() {
    let before = Gc::new(1u64);
    tracemalloc::start();
    let line = line!() + 1;
    let traced = Gc::new(2u64);
    assert_eq!(
        tracemalloc::get_object_traceback(&traced),
        Some(Traceback::from(Site {
            file: file!(),
            line
        }))
    );
    assert_eq!(tracemalloc::get_object_traceback(&before), None);
    let (result, out) = capture_stdout(|| {
        pyblock!(trace
            import tracemalloc
            made = [1.5]
            print(tracemalloc.get_object_traceback(made)[0].lineno == tracemalloc.get_object_traceback(made[0])[0].lineno)
            print(tracemalloc.get_object_traceback(None), tracemalloc.get_object_traceback(7))
        )
    });
    result.unwrap();
    assert_eq!(out, "True\nNone None\n");
    tracemalloc::stop();
    assert_eq!(tracemalloc::get_object_traceback(&traced), None);
}
