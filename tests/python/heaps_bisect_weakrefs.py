# operator, heapq, bisect and weakref's containers in one program.
import heapq
import operator
import weakref
from bisect import bisect_left, bisect_right, insort
from operator import attrgetter, itemgetter, methodcaller


class Task:
    def __init__(self, priority, name):
        self.priority = priority
        self.name = name

    def __lt__(self, other):
        return self.priority < other.priority

    def __repr__(self):
        return f'Task({self.priority}, {self.name!r})'


class Counter:
    def __init__(self):
        self.n = 0

    def __iadd__(self, k):
        self.n += k
        return self

    def __index__(self):
        return self.n

    def __length_hint__(self):
        return 42


# operator
pairs = [('b', 2), ('a', 3), ('c', 1)]
print(sorted(pairs, key=itemgetter(1)), sorted(pairs, key=itemgetter(0)))
print(list(map(operator.mul, [1, 2, 3], [4, 5, 6])), operator.itemgetter(1, 0)('xy'))
tasks = [Task(3, 'write'), Task(1, 'plan'), Task(2, 'test')]
print(sorted(tasks, key=attrgetter('name')), list(map(methodcaller('upper'), ['a', 'b'])))
c = Counter()
print(operator.iadd(c, 5) is c, c.n, operator.index(c), operator.length_hint(c), [10, 20, 30][c.n - 4])
print(operator.itemgetter(2, 'k'), operator.attrgetter('a.b'), operator.methodcaller('f', 1, k=2))
try:
    operator.add(1)
except TypeError as error:
    print(error)

# heapq
heap = []
for task in tasks + [Task(0, 'wake'), Task(2, 'ship')]:
    heapq.heappush(heap, task)
print(heap)
print([heapq.heappop(heap).name for _ in range(len(heap))])
numbers = [9, 4, 7, 1, 8, 2, 2, 6]
heapq.heapify(numbers)
print(numbers, heapq.heapreplace(numbers, 5), numbers, heapq.heappushpop(numbers, 0))
print(heapq.nlargest(3, [5, 1, 8, 3, 9, 2, 8]), heapq.nsmallest(3, (x * x for x in range(-3, 4))))
print(heapq.nsmallest(2, tasks, key=attrgetter('priority')), list(heapq.merge([1, 4, 9], [2, 3, 10], [5])))
print(list(heapq.merge(['apple', 'fig'], ['kiwi', 'banana'], key=len)))
try:
    heapq.heappop([])
except IndexError as error:
    print('IndexError:', error)

# bisect
grades = [60, 70, 80, 90]
print([('FDCBA'[bisect_right(grades, score)]) for score in [33, 70, 77, 99]])
ordered = []
for value in [5, 1, 4, 1, 3]:
    insort(ordered, value)
print(ordered, bisect_left(ordered, 1), bisect_right(ordered, 1))
records = [(1, 'a'), (3, 'c')]
insort(records, (2, 'b'), key=itemgetter(0))
print(records, bisect_left(records, 3, key=itemgetter(0)))
try:
    bisect_left(ordered, 1, -1)
except ValueError as error:
    print(error)

# weakref
cache = weakref.WeakValueDictionary()
first, second = Task(1, 'kept'), Task(2, 'dropped')
cache['first'] = first
cache['second'] = second
print(len(cache), sorted(cache.keys()))
del second
print(len(cache), list(cache), cache.get('second', 'gone'))
seen = weakref.WeakSet([first])
owners = weakref.WeakKeyDictionary({first: 'me'})
print(first in seen, len(seen), owners[first])
log = []
finalizer = weakref.finalize(first, log.append, 'finalized')
proxy = weakref.proxy(first)
print(proxy.name, finalizer.alive)
del first
print(log, finalizer.alive, len(cache), len(seen), len(owners))
try:
    proxy.name
except ReferenceError as error:
    print('ReferenceError:', error)
