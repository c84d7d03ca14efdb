# `await f(...)` of an async def: the body runs at once; a coroutine object exists only
# once it suspends. Everything a program can see is CPython's.
import sys
import gc


class Ready:
    def __init__(self, value):
        self.value = value

    def __await__(self):
        sent = yield 'waiting for ' + str(self.value)
        return self.value * sent


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('del', self.name)


def drive(coro, *sends):
    try:
        print('yielded', coro.send(None))
        for value in sends:
            print('yielded', coro.send(value))
    except StopIteration as stop:
        print('returned', stop.value)


async def leaf(n):
    return n * 2


async def maybe_waits(n):
    if n > 2:
        got = await Ready(n)
        return got + 1
    return n


async def caller():
    a = await leaf(3)
    b = await maybe_waits(1)
    c = await maybe_waits(5)
    return a, b, c


drive(caller(), 10)


# Arguments: bound by the call, errors raised there, released when the body ends.
async def takes(x, y=2):
    print('in takes', x.name, y)
    return y


async def passes():
    r = await takes(Noisy('first'))
    print('after takes', r)
    try:
        await takes()
    except TypeError as error:
        print(error)
    try:
        await takes(1, 2, 3)
    except TypeError as error:
        print(error)
    return 'passes done'


drive(passes())


# Exceptions: raised through the await, with PEP 479 for StopIteration.
async def raises(kind):
    if kind == 'value':
        raise ValueError('bad value')
    raise StopIteration('stop')


async def catches():
    for kind in ('value', 'stop'):
        try:
            await raises(kind)
        except (ValueError, RuntimeError) as error:
            print(type(error).__name__, error)
    return 'caught'


drive(catches())
try:
    raises('stop').send(None)
except RuntimeError as error:
    print('driven directly:', error)


# finally blocks run in order, before the await's result is used.
async def with_finally(n):
    try:
        if n:
            return await with_finally(n - 1) + 1
        return 0
    finally:
        print('finally', n)


drive(with_finally(3))


# Suspended inside a nested await: sends, throws and close reach the innermost.
async def middle():
    try:
        return await maybe_waits(4)
    finally:
        print('middle finally')


async def top():
    return await middle() * 10


drive(top(), 3)
t = top()
print(t.send(None))
try:
    t.throw(KeyError('k'))
except KeyError as error:
    print('thrown', error)
t = top()
print(t.send(None))
t.close()
print('closed')


# Anything else that is awaited: a function returning a coroutine, a class, a non-awaitable.
def returns_coroutine(n):
    return leaf(n)


async def others():
    print(await returns_coroutine(4))
    print(await Ready(2) if False else 'skip')
    try:
        await len('abc')
    except TypeError as error:
        print(error)
    return 'others done'


drive(others())


# Recursion: each level's result, and no coroutine left behind.
async def fib(n):
    if n <= 1:
        return n
    return await fib(n - 1) + await fib(n - 2)


before = sum(1 for o in gc.get_objects() if type(o).__name__ == 'coroutine')
drive(fib(15))
after = sum(1 for o in gc.get_objects() if type(o).__name__ == 'coroutine')
print('coroutines left', after - before)
