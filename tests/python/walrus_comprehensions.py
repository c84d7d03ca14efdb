# An assignment expression inside a comprehension or generator expression binds in the
# enclosing function (or module), as PEP 572 says.
def first_big(xs):
    found = any((last := x) > 2 for x in xs)
    return found, last

print(first_big([1, 5, 7]), first_big([1, 2]))

def running(xs):
    total = 0
    sums = [total := total + x for x in xs]
    return sums, total

print(running([1, 2, 3]))

def nested(rows):
    flat = [[(seen := v) for v in row] for row in rows]
    return flat, seen

print(nested([[1, 2], [3]]))

def lazy(xs):
    gen = ((latest := x * 10) for x in xs)
    first = next(gen)
    return first, latest, list(gen), latest

print(lazy([1, 2, 3]))

values = [y := 5, y ** 2]
squares = {(top := n) * n for n in range(4)}
print(values, sorted(squares), top, max((m := k) for k in 'abc'), m)
