# Generators: yield, yield from with its value, send, throw, close, finally on close.
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return 'counted %d' % n

print(list(count(4)), sum(count(10)))

def delegate():
    result = yield from count(2)
    print('inner returned', result)
    yield 'last'

print(list(delegate()))

def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
    return total

acc = accumulator()
print(next(acc), acc.send(5), acc.send(10))
try:
    acc.send(None)
except StopIteration as stop:
    print('stopped with', stop.value)

def guarded():
    try:
        yield 1
        yield 2
    finally:
        print('cleanup')

g = guarded()
print(next(g))
g.close()
print('closed')

def catcher():
    while True:
        try:
            yield
        except ValueError as error:
            print('caught', error)

c = catcher()
next(c)
c.throw(ValueError('bad'))
c.throw(ValueError, 'worse')

def tree(node):
    if isinstance(node, list):
        for child in node:
            yield from tree(child)
    else:
        yield node

print(list(tree([1, [2, [3, 4]], [[5]]])))
gen = count(1)
print(type(gen).__name__, gen.__name__)
print(next(gen), next(gen, 'done'))
for bad in [lambda: accumulator().send(1), lambda: next(gen)]:
    try:
        bad()
    except (TypeError, StopIteration) as error:
        print(type(error).__name__, error)

def leaky():
    try:
        yield 'a'
    finally:
        print('finally on drop')

d = leaky()
next(d)
del d
print('end')
