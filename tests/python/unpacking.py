# Star targets and raise ... from.
first, *middle, last = range(6)
print(first, middle, last)
*init, tail = 'abc'
print(init, tail)
head, *rest = [1]
print(head, rest)
for a, *b in [(1, 2, 3), (4,)]:
    print(a, b)
[x, *y], z = (7, 8, 9), 10
print(x, y, z)
try:
    p, *q, r = [1]
except ValueError as error:
    print(error)
try:
    try:
        {}['missing']
    except KeyError as error:
        raise ValueError('lookup failed') from error
except ValueError as error:
    print(repr(error), repr(error.__cause__), error.__suppress_context__)
try:
    raise RuntimeError('quiet') from None
except RuntimeError as error:
    print(error.__cause__, error.__suppress_context__)
