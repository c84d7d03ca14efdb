//! What a snapshot works out from its graph: referrers, cycles, garbage, the chain to an
//! object. Plain data in, plain data out: nothing here touches the heap.

use std::collections::VecDeque;

use super::{EdgeKind, Snapshot};

/// For each node, the ids its strong edges lead to (once per edge).
fn strong_successors(snapshot: &Snapshot) -> Vec<Vec<usize>> {
    let mut successors = vec![Vec::new(); snapshot.nodes.len()];
    for edge in &snapshot.edges {
        if edge.kind == EdgeKind::Strong {
            successors[edge.from].push(edge.to);
        }
    }
    successors
}

/// Sets every node's `referrers`, `cycle` and `garbage`.
pub(super) fn mark(snapshot: &mut Snapshot) {
    let successors = strong_successors(snapshot);
    let mut referrers = vec![0_usize; snapshot.nodes.len()];
    for next in successors.iter().flatten() {
        referrers[*next] += 1;
    }
    let edges_in = referrers.clone();
    for root in &snapshot.roots {
        // A holder's names are its edges, counted already.
        if snapshot.frames[root.frame].holder.is_none() {
            referrers[root.node] += 1;
        }
    }
    let cycles = cycles(&successors);
    let garbage = garbage(snapshot, &successors, &edges_in);
    for (node, ((referrers, cycle), garbage)) in snapshot
        .nodes
        .iter_mut()
        .zip(referrers.into_iter().zip(cycles).zip(garbage))
    {
        node.referrers = referrers;
        node.cycle = cycle;
        node.garbage = garbage;
    }
}

/// [`Snapshot::chain_to`]: breadth first from every root at once, each node remembering
/// the node it was reached from.
pub(super) fn chain_to(snapshot: &Snapshot, id: usize) -> Option<(usize, Vec<usize>)> {
    const NONE: usize = usize::MAX;
    let successors = strong_successors(snapshot);
    let mut came_from = vec![NONE; successors.len()];
    let mut root_of = vec![NONE; successors.len()];
    let mut queue = VecDeque::new();
    for (index, root) in snapshot.roots.iter().enumerate() {
        if root_of[root.node] == NONE {
            root_of[root.node] = index;
            queue.push_back(root.node);
        }
    }
    while let Some(node) = queue.pop_front() {
        if node == id {
            let mut chain = vec![id];
            while let Some(&last) = chain.last()
                && came_from[last] != NONE
            {
                chain.push(came_from[last]);
            }
            chain.reverse();
            return Some((root_of[id], chain));
        }
        for &next in &successors[node] {
            if root_of[next] == NONE {
                root_of[next] = root_of[node];
                came_from[next] = node;
                queue.push_back(next);
            }
        }
    }
    None
}

/// Which objects are garbage, by the collector's rule (`collector`'s update_refs,
/// subtract_refs, move_unreachable) applied to the snapshot's graph: an object whose
/// count is more than the strong edges pointing at it is referred to from outside the
/// snapshot (so is a named one, and an immortal one); those, and everything they reach,
/// are alive; the rest is kept only by itself.
fn garbage(snapshot: &Snapshot, successors: &[Vec<usize>], edges_in: &[usize]) -> Vec<bool> {
    let mut alive = vec![false; successors.len()];
    let mut queue: Vec<usize> = snapshot
        .nodes
        .iter()
        .filter(|node| node.is_immortal() || node.refcount > edges_in[node.id])
        .map(|node| node.id)
        .chain(snapshot.roots.iter().map(|root| root.node))
        .collect();
    while let Some(id) = queue.pop() {
        if !std::mem::replace(&mut alive[id], true) {
            queue.extend(successors[id].iter().filter(|&&next| !alive[next]));
        }
    }
    alive.into_iter().map(|alive| !alive).collect()
}

/// The cycle each node is in, if any: Tarjan's strongly connected components, without
/// recursion (the graph may be a long chain). A component counts as a cycle when it has
/// more than one node or a node with an edge to itself; cycles are numbered in the order
/// of their smallest id.
fn cycles(successors: &[Vec<usize>]) -> Vec<Option<usize>> {
    const UNSEEN: usize = usize::MAX;
    let count = successors.len();
    let mut index = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut components: Vec<Vec<usize>> = Vec::new();
    let mut next_index = 0;
    // Each frame: a node and how many of its successors it has looked at.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for start in 0..count {
        if index[start] != UNSEEN {
            continue;
        }
        frames.push((start, 0));
        while let Some(&mut (node, ref mut done)) = frames.last_mut() {
            if *done == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = successors[node].get(*done) {
                *done += 1;
                if index[next] == UNSEEN {
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                let is_cycle = component.len() > 1 || successors[node].contains(&node);
                if is_cycle {
                    components.push(component);
                }
            }
        }
    }
    for component in &mut components {
        component.sort_unstable();
    }
    components.sort_unstable_by_key(|component| component[0]);
    let mut cycle = vec![None; count];
    for (number, component) in components.iter().enumerate() {
        for &member in component {
            cycle[member] = Some(number);
        }
    }
    cycle
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn cycles_are_components_of_two_or_more_or_a_self_edge() {
        // 0 -> 1 -> 2 -> 1 (a two-node cycle), 3 -> 3 (a self-edge), 4 alone.
        let successors = vec![vec![1], vec![2], vec![1], vec![3], vec![]];
        assert_eq!(cycles(&successors), [None, Some(0), Some(0), Some(1), None]);
    }

    #[test]
    fn a_long_chain_needs_no_recursion() {
        let count = if cfg!(miri) { 1_000 } else { 200_000 };
        let successors: Vec<Vec<usize>> = (0..count).map(|i| vec![(i + 1) % count]).collect();
        assert!(cycles(&successors).iter().all(|cycle| *cycle == Some(0)));
    }
}
