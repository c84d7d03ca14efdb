# Generator expressions are lazy: each item is computed when it is asked for.
def noisy(n):
    for i in range(n):
        print('produce', i)
        yield i

g = (x * 10 for x in noisy(3))
print('made')
print(next(g))
print(list(g))
print(sum(x for x in range(5) if x % 2), any(x > 2 for x in [1, 5, 0]))
print([list(y * x for y in range(x)) for x in range(4)])
print(sorted((b, a) for a, b in {'x': 2, 'y': 1}.items()))
scale = 3
scaled = (v * scale for v in [1, 2])
scale = 100
print(list(scaled))
print(repr(g).startswith('<generator object <genexpr> at 0x'))
try:
    (x for x in 5)
except TypeError as error:
    print(error)
