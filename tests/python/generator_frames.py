# A suspended generator's frame is on the heap, and the collector traces it.
import gc


class Node:
    def __del__(self):
        print("node freed")


def walker(node):
    node.gen = me = None
    try:
        while True:
            yield node
    finally:
        print("finally ran")


gc.collect()
gc.disable()
n = Node()
g = walker(n)
print(next(g) is n)
n.gen = g            # cycle: generator -> frame -> node -> generator
print(len(gc.get_referents(g)) > 0)
del n, g
print("collecting")
gc.collect()
print("collected")


def counter():
    total = 0
    while True:
        total += yield total


c = counter()
next(c)
c.send(5)
print(c.send(2))
gc.enable()
it = iter([1, 2])
print(it.__next__(), c.__iter__() is c, it.__iter__() is it)
try:
    it.__next__()
    it.__next__()
except StopIteration:
    print("StopIteration")
