# Instances of classes deriving from list and dict: their class's functions are
# called as methods (an attribute of the instance shadows them), a name the class lacks
# goes to the builtin type or to the instance's own attribute, and a `for` loop walks
# a list subclass's items as `list_iterator` does unless a class defines `__iter__`.
import sys


class Stack(list):
    def push(self, item):
        self.append(item)
        return len(self)

    def top(self):
        return self[-1]


class Counter(dict):
    def bump(self, key):
        self[key] = self.get(key, 0) + 1
        return self[key]


class Reversed(list):
    def __iter__(self):
        return iter(self[::-1])


class Deeper(Stack):
    pass


def calls():
    s = Stack()
    out = [s.push(3), s.push(4), s.top()]
    s.top = lambda: 'own top'
    out.append(s.top())
    del s.top
    out.append(s.top())
    c = Counter()
    out.append((c.bump('a'), c.bump('a'), c.bump('b'), sorted(c.items())))
    d = Deeper([1])
    out.append((d.push(2), d.top()))
    try:
        s.missing()
    except AttributeError as e:
        out.append(str(e))
    return out


def late_method():
    # A site that found no function on the class learns of one added later.
    s = Stack([1, 2])
    seen = []
    for i in range(3):
        if i == 1:
            Stack.size = lambda self: len(self) * 10
        try:
            seen.append(s.size())
        except AttributeError as e:
            seen.append(str(e))
    del Stack.size
    return seen


def loops():
    s = Stack([1, 2, 3])
    seen = []
    for x in s:
        seen.append(x)
        if x == 2:
            s.append(9)
    r = Reversed([1, 2, 3])
    walked = [x for x in r]
    for x in r:
        walked.append(x)
    d = Deeper([5, 6])
    total = 0
    for x in d:
        total += x
    e = Stack()
    for x in e:
        total += 100
    shrink = Stack([1, 2, 3, 4])
    kept = []
    for x in shrink:
        kept.append(x)
        shrink.pop()
    return seen, walked, total, kept


def init_counts():
    # During `__init__` the new instance and each positional argument have CPython's
    # counts (the call's argument tuple holds the arguments once more).
    class Holder:
        def __init__(self, a, b, c, d):
            self.a = a
            print(sys.getrefcount(self), sys.getrefcount(a), sys.getrefcount(d))

    class Three:
        def __init__(self, a, b, c=None):
            print(sys.getrefcount(self), sys.getrefcount(a), sys.getrefcount(b), c is None)

    items = [[] for i in range(4)]
    h = Holder(items[0], items[1], items[2], items[3])
    t = Three(items[0], items[1], items[2])
    Three(items[0], items[1])
    print(sys.getrefcount(items[0]), sys.getrefcount(h))
    return 'counted'


print(calls())
print(late_method())
print(loops())
print(init_counts())
