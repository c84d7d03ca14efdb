import gc
import sys


def inner():
    try:
        got = yield 1
        print('inner got', got)
        got = yield 2
        print('inner got', got)
    finally:
        print('inner finally')
    return 'inner result'


def outer():
    result = yield from inner()
    print('outer result', result)
    yield 3


g = outer()
print(next(g), g.send('a'), g.send('b'))
print(next(g, 'done'))


def catcher():
    while True:
        try:
            yield 'waiting'
        except KeyError as error:
            print('caught', repr(error))
            yield 'after throw'


def middle():
    yield from catcher()


g = middle()
print(next(g), g.throw(KeyError('k')), next(g))
g.close()
print('closed', next(g, 'exhausted'))


def reentrant():
    yield next(holder[0])


def outer2():
    yield from reentrant()


holder = [None]
holder[0] = outer2()
try:
    next(holder[0])
except ValueError as error:
    print('ValueError', error)


def sub():
    yield 'x'
    yield 'y'


def wrap():
    yield from sub()


w = wrap()
next(w)
print([type(r).__name__ for r in gc.get_referents(w) if type(r).__name__ == 'generator'])
print(list(w))


def deep(n):
    if n == 0:
        yield 'bottom'
        return 'up'
    result = yield from deep(n - 1)
    return result


d = deep(50)
print(next(d))
try:
    next(d)
except StopIteration as stop:
    print('stop', stop.value)


def raiser():
    yield 1
    raise RuntimeError('boom')


def catch_outer():
    try:
        yield from raiser()
    except RuntimeError as error:
        print('outer caught', error)
        yield 'recovered'


c = catch_outer()
print(next(c), next(c))


def stopper():
    yield 1
    raise StopIteration('bad')


def pass_through():
    yield from stopper()


p = pass_through()
next(p)
try:
    next(p)
except RuntimeError as error:
    print('RuntimeError', error)
def deep(n):
    if n == 0:
        yield 'bottom'
        return 'up'
    return (yield from deep(n - 1))

for depth in (100, 5000, 50000):
    g = deep(depth)
    try:
        print(depth, next(g), end=' ')
        print(next(g, 'end'))
    except RecursionError as error:
        print('RecursionError', error)


def grow(n):
    yield n
    yield from grow(n + 1)


last = None
try:
    for last in grow(0):
        pass
except RecursionError as error:
    print('grow', last > 100, error)
