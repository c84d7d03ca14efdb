//! Criterion benchmarks of pyobj's own workloads (W1-W6 and W8 of `BENCHMARKS.md`):
//! `cargo bench` (or `cargo bench -- w4` for one of them).
//!
//! W8 runs each `pyblock!` program next to its *runtime floor*: the same objects made
//! and freed through the Rust API, with no generated code (no frames, globals, line
//! numbers or dynamic calls). What separates the two is the generator's overhead; the
//! floor is what any compiler targeting this object model pays.
//!
//! These follow pyobj alone, run after run. The side-by-side comparison with std `Rc`,
//! the cycle-collecting crates and CPython, one process per measurement, is
//! `cargo run --release --example compare`; W7 (bytes per object) is measured there.

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pyobj::{Gc, Obj, Trace, gc, pyblock};

/// The node of every workload: an `i64` and an optional handle to another node.
#[derive(Trace)]
struct Node {
    value: i64,
    next: RefCell<Option<Gc<Node>>>,
}

fn node(value: i64) -> Gc<Node> {
    Gc::new(Node {
        value,
        next: RefCell::new(None),
    })
}

fn link(from: &Gc<Node>, to: &Gc<Node>) {
    *from.next.borrow_mut() = Some(to.clone());
}

/// `pairs` two-node cycles, one handle kept to each.
fn make_pairs(pairs: usize) -> Vec<Gc<Node>> {
    (0..pairs)
        .map(|i| {
            let a = node(2 * i as i64);
            let b = node(2 * i as i64 + 1);
            link(&a, &b);
            link(&b, &a);
            a
        })
        .collect()
}

/// A ring of `count` nodes; returns one handle to it.
fn make_ring(count: usize) -> Gc<Node> {
    let first = node(0);
    let mut last = first.clone();
    for i in 1..count {
        let next = node(i as i64);
        link(&last, &next);
        last = next;
    }
    link(&last, &first);
    first
}

/// Times `collect` after `make`'s garbage is dropped, automatic collection off while
/// the garbage is made. Only the collection is timed.
fn time_collections<G>(
    iters: u64,
    make: impl Fn() -> G,
    collect: impl Fn() -> usize,
    expected: usize,
) -> Duration {
    gc::disable();
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        drop(make());
        let start = Instant::now();
        let freed = collect();
        total += start.elapsed();
        assert!(freed >= expected, "freed {freed}, expected {expected}");
    }
    gc::enable();
    total
}

/// W1: `new` + drop of one small node.
fn w1_new_drop(c: &mut Criterion) {
    let mut group = c.benchmark_group("w1");
    group.throughput(Throughput::Elements(1));
    group.bench_function("new_drop", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let n = node(i);
            black_box(black_box(&n).value);
        })
    });
    group.finish();
}

/// W2: 1,000,000 nodes into a `Vec`, then drop them all (with the young collections
/// that 1,000,000 live tracked nodes trigger: part of the cost).
fn w2_vec(c: &mut Criterion) {
    const COUNT: usize = 1_000_000;
    let mut group = c.benchmark_group("w2");
    group.throughput(Throughput::Elements(COUNT as u64));
    group.sample_size(10);
    group.bench_function("vec_1m_fill_drop", |b| {
        b.iter(|| {
            let mut nodes = Vec::with_capacity(COUNT);
            for i in 0..COUNT {
                nodes.push(node(i as i64));
            }
            black_box(&nodes);
        })
    });
    group.finish();
}

/// W3: `clone` + drop of one handle.
fn w3_clone_drop(c: &mut Criterion) {
    let mut group = c.benchmark_group("w3");
    group.throughput(Throughput::Elements(1));
    let shared = node(1);
    group.bench_function("clone_drop", |b| {
        b.iter(|| {
            let clone = black_box(&shared).clone();
            black_box(&clone);
        })
    });
    group.finish();
}

/// W4: full collection of 100,000 two-node cycles.
fn w4_pairs(c: &mut Criterion) {
    const PAIRS: usize = 100_000;
    let mut group = c.benchmark_group("w4");
    group.throughput(Throughput::Elements(2 * PAIRS as u64));
    group.sample_size(10);
    group.bench_function("collect_100k_pairs", |b| {
        b.iter_custom(|iters| time_collections(iters, || make_pairs(PAIRS), gc::collect, 2 * PAIRS))
    });
    group.finish();
}

/// W5: full collection of a ring of 1,000,000 nodes.
fn w5_ring(c: &mut Criterion) {
    const COUNT: usize = 1_000_000;
    let mut group = c.benchmark_group("w5");
    group.throughput(Throughput::Elements(COUNT as u64));
    group.sample_size(10);
    group.bench_function("collect_1m_ring", |b| {
        b.iter_custom(|iters| time_collections(iters, || make_ring(COUNT), gc::collect, COUNT))
    });
    group.finish();
}

/// W6: a young collection of threshold-many fresh nodes (in two-node cycles), with no
/// old objects and with 10,000,000 old live objects.
fn w6_young(c: &mut Criterion) {
    let young = gc::get_threshold().0;
    let mut group = c.benchmark_group("w6");
    group.throughput(Throughput::Elements(young as u64));
    let collect_young = || gc::collect_generation(0).expect("generation 0 exists");
    for old in [0_usize, 10_000_000] {
        gc::disable();
        let survivors: Vec<Gc<Node>> = (0..old).map(|i| node(i as i64)).collect();
        gc::collect();
        gc::enable();
        if old > 0 {
            group.sample_size(20);
        }
        group.bench_function(format!("young_collection_{old}_old"), |b| {
            b.iter_custom(|iters| {
                time_collections(iters, || make_pairs(young / 2), collect_young, young)
            })
        });
        black_box(&survivors);
        drop(survivors);
    }
    group.finish();
}

/// W1's churn on an untracked value (`(i64, i64)`: no generation bookkeeping), to show
/// what tracking adds to `new` + drop.
fn untracked_new_drop(c: &mut Criterion) {
    let mut group = c.benchmark_group("w1");
    group.throughput(Throughput::Elements(1));
    group.bench_function("new_drop_untracked_i64_pair", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let pair = Gc::new((i, 2_i64));
            black_box(black_box(&pair).0);
        })
    });
    group.finish();
}

/// The W8 programs (the `pyblock!` source of `compare`'s W8 rows, at a tenth of the
/// size) and their runtime floors.
fn w8(c: &mut Criterion) {
    const N: i64 = 100_000;
    let mut group = c.benchmark_group("w8");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);
    group.bench_function("a_list_churn_pyblock", |b| {
        b.iter(|| {
            pyblock! {
                for i in range('N):
                    x = [i]
            }
            .map(drop)
            .expect("runs")
        })
    });
    group.bench_function("a_list_churn_floor", |b| {
        b.iter(|| {
            let mut x = Obj::none();
            for i in 0..N {
                x = Obj::list([Obj::from(i)]);
            }
            black_box(x);
        })
    });
    group.bench_function("c_make_list_pyblock", |b| {
        b.iter(|| {
            pyblock! {
                def make_list():
                    x = [1,2,3]
                    return x
                for i in range('N):
                    lst = make_list()
            }
            .map(drop)
            .expect("runs")
        })
    });
    group.bench_function("c_make_list_floor", |b| {
        #[inline(never)]
        fn make_list() -> Obj {
            Obj::list([Obj::from(1), Obj::from(2), Obj::from(3)])
        }
        b.iter(|| {
            let mut lst = Obj::none();
            for i in 0..N {
                black_box(Obj::from(i));
                lst = make_list();
            }
            black_box(lst);
        })
    });
    group.bench_function("d_str_keys_pyblock", |b| {
        b.iter(|| {
            pyblock! {
                d = {}
                for i in range('N):
                    d[str(i)] = i
                del d
            }
            .map(drop)
            .expect("runs")
        })
    });
    group.bench_function("d_str_keys_floor", |b| {
        b.iter(|| {
            let d = Obj::dict();
            for i in 0..N {
                let key = Obj::from(i.to_string());
                d.set_item(&key, &Obj::from(i)).expect("str keys hash");
            }
            drop(d);
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    w1_new_drop,
    untracked_new_drop,
    w2_vec,
    w3_clone_drop,
    w4_pairs,
    w5_ring,
    w6_young,
    w8
);
criterion_main!(benches);
