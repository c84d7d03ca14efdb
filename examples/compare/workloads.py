"""CPython's side of `cargo run --release --example compare`.

The same workloads as `workloads.rs`, function by function, on a node with the same shape
(a value and an optional reference to another node):

    python3 examples/compare/workloads.py <W1|W2|W3|W4|W5|W6-empty|W6-old|W7|W7-16|W8-a|W8-b|W8-c|W8-d> [--quick]

Prints one line, `RESULT <ns per object | bytes per object>` (or `NA <reason>`), as the
Rust children do. Sizes must stay equal to `Sizes::new` in `workloads.rs`.
"""

import gc
import os
import sys
import time

YOUNG_NODES = 2000  # W6: pyobj's threshold0, the same for every subject

FULL = dict(churn=1_000_000, clones=10_000_000, pairs=100_000, ring=1_000_000,
            old=10_000_000, young_reps=7, live=1_000_000)
QUICK = dict(churn=10_000, clones=100_000, pairs=1_000, ring=10_000,
             old=100_000, young_reps=3, live=100_000)


class Node:
    """An int and an optional reference to another node (`__slots__`: no dict)."""

    __slots__ = ("value", "next")

    def __init__(self, value, next=None):
        self.value = value
        self.next = next


def now():
    return time.perf_counter_ns()


def w1(count):
    """new + drop, one node at a time."""
    start = now()
    for i in range(count):
        node = Node(i)
        node.value
    return (now() - start) / count


def w2(count):
    """count nodes into a list, then drop them all."""
    start = now()
    nodes = []
    append = nodes.append
    for i in range(count):
        append(Node(i))
    del nodes
    return (now() - start) / count


def w3(count):
    """clone + drop of one reference, count times (`c = a; del c`)."""
    node = Node(1)
    start = now()
    for _ in range(count):
        clone = node
        del clone
    return (now() - start) / count


def make_pairs(pairs):
    roots = []
    for i in range(pairs):
        a = Node(2 * i)
        b = Node(2 * i + 1)
        a.next = b
        b.next = a
        roots.append(a)
    return roots


def timed_collect(generation, expected):
    start = now()
    freed = gc.collect(generation)
    elapsed = now() - start
    if freed < expected:
        print(f"warning: the collection freed {freed} objects, expected {expected}",
              file=sys.stderr)
    return elapsed


def w4(pairs):
    """two-node cycles, references dropped, full collection timed."""
    gc.disable()
    roots = make_pairs(pairs)
    del roots
    return timed_collect(2, 2 * pairs) / (2 * pairs)


def w5(count):
    """one ring, reference dropped, full collection timed."""
    gc.disable()
    first = Node(0)
    head = first
    for i in range(1, count):
        head = Node(i, head)
    first.next = head
    del head, first
    return timed_collect(2, count) / count


def w6(old, reps):
    """young collection of YOUNG_NODES fresh nodes in cycles, `old` old objects around."""
    gc.disable()
    survivors = [Node(i) for i in range(old)]
    gc.collect()
    samples = []
    for _ in range(reps):
        roots = make_pairs(YOUNG_NODES // 2)
        del roots
        samples.append(timed_collect(0, YOUNG_NODES) / YOUNG_NODES)
    samples.sort()
    survivors.append(None)
    return samples[len(samples) // 2]


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def w7(count):
    """count live nodes (a chain), bytes per node (RSS growth)."""
    before = rss_bytes()
    head = Node(0)
    for i in range(1, count):
        node = Node(i)
        node.next = head
        head = node
    return (rss_bytes() - before) / count


def w7_small(count):
    """W7 built immutably (Python has no separate cell: the same object)."""
    before = rss_bytes()
    head = Node(0)
    for i in range(1, count):
        head = Node(i, head)
    return (rss_bytes() - before) / count


# W8: the same Python source as the `pyblock!` blocks of `w8a`..`w8d` in workloads.rs
# (`n` is the Rust variable `'n` there), run with `exec` on fresh globals and timed
# from start to end, globals released included.
W8_A = """
for i in range(n):
    x = [i]
"""

W8_B = """
import gc
class Node:
    def __init__(self):
        self.other = None
for i in range(n):
    p = Node()
    q = Node()
    p.other = q
    q.other = p
del p, q
gc.collect()
"""

W8_C = """
def make_list():
    x = [1,2,3]
    return x
for i in range(n):
    lst = make_list()
"""

W8_D = """
d = {}
for i in range(n):
    d[str(i)] = i
del d
"""


def w8(source, n, per):
    """Runs `source` as a module with `n` bound; ns per `per` objects."""
    code = compile(source, "<w8>", "exec")
    start = now()
    namespace = {"n": n}
    exec(code, namespace)
    namespace.clear()
    return (now() - start) / per


def main():
    args = [arg for arg in sys.argv[1:] if arg != "--quick"]
    sizes = QUICK if "--quick" in sys.argv[1:] else FULL
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    workload = args[0].upper()
    runs = {
        "W1": lambda: w1(sizes["churn"]),
        "W2": lambda: w2(sizes["churn"]),
        "W3": lambda: w3(sizes["clones"]),
        "W4": lambda: w4(sizes["pairs"]),
        "W5": lambda: w5(sizes["ring"]),
        "W6-EMPTY": lambda: w6(0, sizes["young_reps"]),
        "W6-OLD": lambda: w6(sizes["old"], sizes["young_reps"]),
        "W7": lambda: w7(sizes["live"]),
        "W7-16": lambda: w7_small(sizes["live"]),
        "W8-A": lambda: w8(W8_A, sizes["churn"], sizes["churn"]),
        "W8-B": lambda: w8(W8_B, sizes["pairs"], 2 * sizes["pairs"]),
        "W8-C": lambda: w8(W8_C, sizes["churn"], sizes["churn"]),
        "W8-D": lambda: w8(W8_D, sizes["pairs"], sizes["pairs"]),
    }
    if workload in runs:
        print(f"RESULT {runs[workload]()}")
    else:
        print(f"unknown workload {args[0]}", file=sys.stderr)
        sys.exit(2)
    sys.stdout.flush()
    # Exit without tearing down what the workload left alive, as the Rust children do.
    os._exit(0)


if __name__ == "__main__":
    main()
