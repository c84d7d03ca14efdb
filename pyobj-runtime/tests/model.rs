//! Property test: random programs of create / link / unlink / drop / collect steps run on
//! the heap and on a model graph side by side. Nothing reachable is ever dropped and nothing
//! is dropped twice; after every full collection everything
//! unreachable has been dropped; at the end the pools hold as many blocks as before.
//! (The reachability check runs every 16 steps and after every collection.)

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use pyobj_runtime::{Gc, Trace, Tracer, gc, pool};

thread_local! {
    /// How many times each node id has been dropped.
    static DROPS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

struct Node {
    id: usize,
    edges: RefCell<Vec<Gc<Node>>>,
}

impl Trace for Node {
    const TRACKED: bool = true;
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.edges.trace(tracer);
    }
    fn drop_handles(&self) {
        self.edges.drop_handles();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        DROPS.with(|drops| drops.borrow_mut()[self.id] += 1);
    }
}

#[derive(Clone, Debug)]
enum Step {
    /// A new node, held by a new root.
    Create,
    /// Another root for the node of root `.0`.
    CloneRoot(usize),
    /// Node of root `.0` gets an edge to the node of root `.1`.
    Link(usize, usize),
    /// Node of root `.0` loses its edge number `.1`.
    Unlink(usize, usize),
    /// Root `.0` goes away.
    DropRoot(usize),
    /// A full collection.
    Collect,
    /// A collection of one generation.
    CollectGeneration(usize),
    /// A new automatic-collection threshold.
    Threshold(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => Just(Step::Create),
        2 => any::<usize>().prop_map(Step::CloneRoot),
        8 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Link(a, b)),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Unlink(a, b)),
        6 => any::<usize>().prop_map(Step::DropRoot),
        1 => Just(Step::Collect),
        1 => (0..3_usize).prop_map(Step::CollectGeneration),
        1 => (1..50_usize).prop_map(Step::Threshold),
    ]
}

/// The model: roots (node ids) and each live node's edges.
#[derive(Default)]
struct Model {
    roots: Vec<usize>,
    edges: BTreeMap<usize, Vec<usize>>,
}

impl Model {
    fn reachable(&self) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack = self.roots.clone();
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                stack.extend(self.edges[&id].iter().copied());
            }
        }
        seen
    }
}

fn drops(id: usize) -> u32 {
    DROPS.with(|drops| drops.borrow()[id])
}

fn blocks_in_use() -> usize {
    pool::stats()
        .classes
        .iter()
        .map(|class| class.blocks_in_use)
        .sum()
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let blocks_before = blocks_in_use();
    let mut model = Model::default();
    let mut roots: Vec<Gc<Node>> = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let pick = |index: usize| (!roots.is_empty()).then(|| index % roots.len());
        match *step {
            Step::Create => {
                let id = DROPS.with(|drops| {
                    let mut drops = drops.borrow_mut();
                    drops.push(0);
                    drops.len() - 1
                });
                roots.push(Gc::new(Node {
                    id,
                    edges: RefCell::new(Vec::new()),
                }));
                model.roots.push(id);
                model.edges.insert(id, Vec::new());
            }
            Step::CloneRoot(a) => {
                if let Some(a) = pick(a) {
                    roots.push(roots[a].clone());
                    model.roots.push(model.roots[a]);
                }
            }
            Step::Link(a, b) => {
                if let (Some(a), Some(b)) = (pick(a), pick(b)) {
                    roots[a].edges.borrow_mut().push(roots[b].clone());
                    let target = model.roots[b];
                    model.edges.get_mut(&model.roots[a]).unwrap().push(target);
                }
            }
            Step::Unlink(a, k) => {
                if let Some(a) = pick(a) {
                    let edges = model.edges.get_mut(&model.roots[a]).unwrap();
                    if !edges.is_empty() {
                        let k = k % edges.len();
                        edges.remove(k);
                        let removed = roots[a].edges.borrow_mut().remove(k);
                        drop(removed);
                    }
                }
            }
            Step::DropRoot(a) => {
                if let Some(a) = pick(a) {
                    drop(roots.swap_remove(a));
                    model.roots.swap_remove(a);
                }
            }
            Step::Collect => {
                gc::collect();
            }
            Step::CollectGeneration(generation) => {
                gc::collect_generation(generation).unwrap();
            }
            Step::Threshold(threshold) => gc::set_threshold(threshold, None, None),
        }
        let collecting = matches!(step, Step::Collect | Step::CollectGeneration(_));
        if index % 16 != 0 && !collecting {
            continue;
        }
        let reachable = model.reachable();
        for &id in model.edges.keys() {
            let dropped = drops(id);
            prop_assert!(dropped <= 1, "node {id} dropped {dropped} times");
            if reachable.contains(&id) {
                prop_assert_eq!(dropped, 0, "reachable node {} was dropped", id);
            }
        }
        if matches!(step, Step::Collect) {
            for &id in model.edges.keys() {
                if !reachable.contains(&id) {
                    prop_assert_eq!(drops(id), 1, "unreachable node {} survived", id);
                }
            }
            // The model forgets what is gone.
            model.edges.retain(|id, _| reachable.contains(id));
        }
    }
    drop(roots);
    gc::collect();
    for &id in model.edges.keys() {
        prop_assert_eq!(drops(id), 1, "node {} not freed at the end", id);
    }
    prop_assert_eq!(blocks_in_use(), blocks_before, "pool blocks leaked");
    gc::set_threshold(2000, None, None);
    Ok(())
}

/// Steps per program: 10,000 (200 under Miri).
const STEPS: usize = if cfg!(miri) { 200 } else { 10_000 };

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 2 } else { 4 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_heap_agrees_with_the_model(steps in proptest::collection::vec(step(), STEPS)) {
        run(&steps)?;
    }
}
