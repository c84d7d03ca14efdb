# list.index, list.remove, tuple.index and `in`: exact ints and strs are compared in place,
# anything else through its own __eq__, in CPython's order; start and stop bounds.
class Eq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print('Eq.__eq__', self.v, other)
        return self.v == other


class Other:
    pass

big = 10 ** 30
xs = [5, 'a', True, 2.0, big, Eq(7), Eq(9), 's', 'b', 3]
print(xs.index(5), xs.index('a'), xs.index(1), xs.index(2), xs.index(big), xs.index(10 ** 30))
print(xs.index(7), xs.index(9), xs.index('s'), xs.index('b'), xs.index(3))
print(3 in xs, 4 in xs, 'b' in xs, 'c' in xs, 1 in xs, 2 in (1, 2.0), 'x' in ('x',))
print(xs.index(3, 2), xs.index(5, -100, 1), xs.index('b', -2))
for args in [(5, 1), (3, 0, 9), (3, -1, -1), (3, 10)]:
    try:
        print(xs.index(*args))
    except ValueError as e:
        print(e)
ys = [1, 2, 3, 2]
ys.remove(2)
print(ys)
try:
    ys.remove('2')
except ValueError as e:
    print(e)
print((1, 2, 3).index(3), ('a', 'b').index('b'))
try:
    ('a',).index('z')
except ValueError as e:
    print(e)
