//! Allocations by line (`tracemalloc`, seed level 10) and the line hooks that tell it the
//! Python line: from Rust (`Gc::new`'s caller), from Python (`import tracemalloc` in
//! `pyblock!(trace ...)` code, checked against what CPython 3.11 prints for the same
//! file), and the texts of its statistics, generated with CPython 3.11.

use pyobj::tracemalloc::{self, KeyType, Site, Statistic, StatisticDiff};
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
    let at = |site: Site| stats.iter().find(|stat| stat.site == site).copied();
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
            site,
            size: 480,
            count: 10
        }]
    );
    assert_eq!(
        before.statistics(KeyType::Filename),
        [Statistic {
            site: Site {
                file: file!(),
                line: 0
            },
            size: 480,
            count: 10
        }]
    );
    drop(kept);
    let after = tracemalloc::take_snapshot().unwrap();
    assert_eq!(after.traces(), []);
    assert_eq!(tracemalloc::get_traced_memory(), (0, 480));
    tracemalloc::reset_peak();
    assert_eq!(tracemalloc::get_traced_memory(), (0, 0));
    assert_eq!(
        after.compare_to(&before, KeyType::Lineno),
        [StatisticDiff {
            site,
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
        site,
        size: 33128,
        count: 999,
    };
    assert_eq!(
        stat.to_string(),
        "/tmp/tm1.py:3: size=32.4 KiB, count=999, average=33 B"
    );
    let diff = StatisticDiff {
        site: Site {
            file: "/tmp/tm1.py",
            line: 10,
        },
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
        site,
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
        site: Site {
            file: "/tmp/tm1.py",
            line: 0,
        },
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
            try:
                tracemalloc.start(2)
            except ValueError as error:
                print(error)
            snapshot = tracemalloc.take_snapshot()
            for call in [
                lambda: tracemalloc.start(0),
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
    // the errors are CPython 3.11's (the first is pyobj's own: it keeps one frame).
    assert_eq!(
        out,
        "True 2\n\
         96 B, count=2, average=48 B\n\
         True\n\
         pyobj's tracemalloc keeps one frame (nframe=1)\n\
         ValueError the number of frames must be in range [1; 65535]\n\
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
