# frozenset: construction, hashing, equality with sets, operations, methods, repr.
import copy

fs = frozenset([3, 1, 2, 3])
print(fs, len(fs), type(fs).__name__)
print(frozenset(), frozenset(''), frozenset('abca') == frozenset('abc'))
print(frozenset(range(5)), frozenset({'x': 1, 'y': 2}) == {'x', 'y'})
print(frozenset(x * x for x in range(4)))
print(frozenset(fs) is fs, set(fs), sorted(fs))

# hashing: CPython's algorithm
print(hash(frozenset()), hash(frozenset({1, 2})), hash(frozenset({1, 2, 3})))
print(hash(frozenset(range(10))), hash(frozenset([-1, -2, 10 ** 20])))
print(hash(frozenset({frozenset({1}), frozenset({2, 3})})))
print(hash(frozenset({1, 2})) == hash(frozenset({2, 1})))

# equality with sets, both ways
print(fs == {1, 2, 3}, {1, 2, 3} == fs, fs != {1, 2}, fs == [1, 2, 3])
print(fs < {1, 2, 3, 4}, {1, 2} < fs, fs <= fs, fs > frozenset({1}), fs >= {4})

# result types: the left operand's kind
for r in [fs | {4}, {4} | fs, fs & {1, 5}, {1, 5} & fs, fs - {1}, {1, 9} - fs,
          fs ^ {1, 7}, {1, 7} ^ fs, fs | fs, fs & fs, fs - fs, fs ^ fs]:
    print(type(r).__name__, r)

# methods
print(fs.copy() is fs, fs.copy())
print(fs.union(), fs.union([4], (5,)), fs.union({0}) == {0, 1, 2, 3})
print(fs.intersection(), fs.intersection([1, 2, 9], {2}))
print(fs.difference(), fs.difference([1]), fs.difference([1], {2}))
print(fs.symmetric_difference([1, 4]), fs.symmetric_difference(fs))
print(fs.issubset([1, 2, 3, 4]), fs.issubset({1}), fs.issuperset([1]), fs.issuperset({5}))
print(fs.isdisjoint([7, 8]), fs.isdisjoint({3}))
s = {1, 2}
print(s.union(fs), s.intersection(fs), s.difference(fs), s.symmetric_difference(fs))
print(s.issubset(fs), s.issuperset(frozenset({1})), s.isdisjoint(frozenset({9})))
print(type(s.union(fs)).__name__, type(s.copy()).__name__)
s.update(frozenset({5}))
s.difference_update(frozenset({1}))
s.intersection_update(frozenset({2, 5, 6}))
s.symmetric_difference_update(frozenset({6}))
print(sorted(s))

# keys and members
d = {frozenset({1, 2}): 'a', frozenset(): 'empty'}
print(d[frozenset([2, 1])], d[frozenset()], frozenset({1, 2}) in d)
members = {frozenset({1}), frozenset({1}), frozenset({2})}
print(len(members), frozenset({1}) in members, {1} in members, {3} in members)
members.discard({2})
members.remove({1})
print(members)
nested = frozenset([frozenset([1, 2]), frozenset()])
print(nested)

# isinstance and the type
print(isinstance(fs, frozenset), isinstance(fs, set), isinstance({1}, frozenset))
print(frozenset, type(frozenset()) is frozenset)
print(frozenset.union(fs, [9]))

# iteration order as CPython's
print(list(frozenset([10, 3, 100, 7, 64])), frozenset('a'))
print(1 in fs, 9 in fs, sum(fs), max(fs), list(iter(frozenset())))

# errors: CPython's type and text
for thunk in [
    lambda: frozenset(1),
    lambda: frozenset([[1]]),
    lambda: frozenset([1], [2]),
    lambda: frozenset(x=1),
    lambda: fs.add(1),
    lambda: fs | [1],
    lambda: fs.issubset(),
    lambda: fs.union(x=1),
    lambda: fs.copy(1),
    lambda: hash(frozenset([1, {}])),
    lambda: {frozenset({1}): 1}[frozenset({2})],
    lambda: {1}.remove({5}),
    lambda: fs < [1],
]:
    try:
        print(thunk())
    except Exception as e:
        print(type(e).__name__ + ':', e)


# In-place operators with a frozenset on the right, and copies.

s = {1, 2}
t = s
s |= frozenset({3})
s -= frozenset({1})
print(s is t, sorted(s))
fs = frozenset({(1,), 2})
print(copy.copy(fs) is fs, copy.deepcopy(fs) == fs, type(copy.deepcopy(fs)).__name__)
