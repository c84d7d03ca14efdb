# A builtin called with one generator expression: the expression's items go straight to
# the builtin (pyblock! runs it inline), with the same results, errors and order of
# effects as a generator object.
def trace(label, value):
    print(label, value)
    return value

def each_builtin(xs):
    print(tuple(x * 2 for x in xs), list(x for x in xs if x % 2))
    print(sorted(set(x % 3 for x in xs)), sum(x * x for x in xs), sum(x / 2 for x in xs))
    print(any(trace('any', x) > 2 for x in xs), all(trace('all', x) < 3 for x in xs))
    print(min(x - 10 for x in xs), max(-x for x in xs), sorted(-x for x in xs))
    print(any(x for x in []), all(x for x in []), sum(x for x in ()))

each_builtin([1, 2, 3, 4, 5])

def nested(n):
    base = 100
    return [sum(base + i * j for j in range(i)) for i in range(n)]

print(nested(4))

def short_circuit(xs):
    seen = []
    found = any(seen.append(x) or x > 2 for x in xs)
    return found, seen

print(short_circuit([1, 5, 7]))

def closures(xs):
    return sum(f() for f in [(lambda: x) for x in xs]), list((lambda: y)() for y in xs)

print(closures([1, 2, 3]))

def raises_inside(xs):
    it = iter([])
    return list(next(it) for x in xs)

try:
    raises_inside([1])
except RuntimeError as error:
    print('RuntimeError', error)

def consumer_raises():
    return set([x] for x in range(3))

try:
    consumer_raises()
except TypeError as error:
    print('TypeError', error)

def sum_raises_stop():
    class Adder:
        def __radd__(self, other):
            raise StopIteration('from the consumer')
    return sum(a for a in [Adder()])

try:
    sum_raises_stop()
except StopIteration as error:
    print('StopIteration', error)

try:
    min(x for x in [])
except ValueError as error:
    print('ValueError', error)

def shadowed(xs):
    return sum(x for x in xs)

def sum(items, start=0):
    return 'shadowed ' + str(list(items))

print(shadowed([1, 2]))

class Holder:
    values = [3, 1, 2]
    ordered = sorted(v for v in values)
    total = max(v for v in values)

print(Holder.ordered, Holder.total)
print(tuple(c.upper() for c in 'abc'), list(x for x in range(3) for y in range(x)))

def broken(xs):
    return max(
        1 / x for x in xs)

broken([1, 0])
