"""The seed's ideas on a program as written: frames, counts, cycles, generators."""
import gc
import sys
from collections import deque


class Node:
    """A node of a doubly linked ring: every node is in a reference cycle."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.prev = self.next = self

    def __repr__(self) -> str:
        return f'Node({self.name!r})'


def ring(names):
    first = Node(names[0])
    for name in names[1:]:
        node = Node(name)
        node.prev, node.next = first.prev, first
        first.prev.next = node
        first.prev = node
    return first


def walk(start):
    """A generator: its frame stays alive between `next` calls."""
    node = start
    while True:
        yield node
        node = node.next
        if node is start:
            return


head = ring(['a', 'b', 'c'])
print([n for n in walk(head)], sys.getrefcount(head))
recent = deque(maxlen=2)
for node in walk(head):
    recent.append(node.name)
print(list(recent))
del head, node
print('unreachable cycles freed:', gc.collect())
