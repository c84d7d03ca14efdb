# Function attributes and __dict__, and functools.wraps copying them.
import functools


def f():
    return 'f'


f.x = 1
print(f.x, f.__dict__, vars(f))
f.y = [1, 2]
f.y.append(3)
print(sorted(f.__dict__.items()), vars(f) is f.__dict__)
del f.x
print(f.__dict__, hasattr(f, 'x'), getattr(f, 'x', 'default'))

f.__dict__ = {'a': 'A'}
print(f.a, f.__dict__, vars(f))
f.__dict__['b'] = 2
print(f.b)
setattr(f, 'c', 3)
print(f.c, sorted(f.__dict__))
delattr(f, 'c')
print(sorted(f.__dict__))

# CPython's errors
for thunk in [
    lambda: f.missing,
    lambda: delattr(f, 'missing'),
    lambda: setattr(f, '__dict__', 1),
    lambda: setattr(f, '__dict__', None),
    lambda: delattr(f, '__dict__'),
    lambda: setattr(f, '__name__', 1),
    lambda: delattr(f, '__name__'),
    lambda: setattr(f, '__qualname__', None),
    lambda: setattr(f, '__annotations__', 5),
    lambda: setattr(f, '__closure__', None),
    lambda: setattr(f, '__defaults__', 1),
    lambda: setattr(f, '__kwdefaults__', []),
]:
    try:
        print(thunk())
    except Exception as e:
        print(type(e).__name__ + ':', e)

# names that can be assigned
def g(a):
    return a


g.__name__ = 'renamed'
g.__qualname__ = 'Outer.renamed'
g.__doc__ = 'documented'
g.__module__ = 'mymod'
print(g.__name__, g.__qualname__, g.__doc__, g.__module__, g.__annotations__)
print(repr(g).startswith('<function Outer.renamed at 0x'))
try:
    g()
except TypeError as e:
    print(e)
del g.__doc__
del g.__module__
print(g.__doc__, g.__module__, g.__dict__)
g.__annotations__ = {'a': int}
print(g.__annotations__)
del g.__annotations__
print(g.__annotations__)


# a function in its own __dict__: a cycle the collector frees
def h():
    pass


h.me = h
print(h.me is h)
import gc
gc.collect()
del h
print(gc.collect() >= 1)


# functools.wraps / update_wrapper: names, __doc__, __dict__, __wrapped__
def deco(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return ('wrapped', func(*args, **kwargs))
    return wrapper


def target(n):
    return n * 2


target.__doc__ = 'Doubles n.'
target.tag = 'T'
target.info = {'k': 1}
wrapped = deco(target)
print(wrapped(21), wrapped.__name__, wrapped.__qualname__, wrapped.__doc__)
print(wrapped.__module__, wrapped.tag, wrapped.info is target.info)
print(wrapped.__wrapped__ is target, sorted(wrapped.__dict__))
print(repr(wrapped).startswith('<function target at 0x'))


def plain(n):
    return n


result = functools.update_wrapper(plain, target)
print(result is plain, plain.__name__, plain.tag, plain.__wrapped__ is target)

def other():
    pass


print(functools.wraps(target)(other) is other)
only_names = functools.update_wrapper(lambda: None, target, assigned=('__name__',), updated=())
print(only_names.__name__, hasattr(only_names, 'tag'), only_names.__wrapped__ is target)


# a wrapped method still binds
class A:
    @deco
    def method(self, k):
        return k + 1


print(A().method(1), A.method.__name__, A.method.__qualname__)
print(functools.WRAPPER_ASSIGNMENTS, functools.WRAPPER_UPDATES)

# a bound method reads its function's attributes but sets none of its own
A.method.note = 'n'
bound = A().method
print(bound.note, bound.__wrapped__ is not None)
for thunk in [
    lambda: setattr(bound, 'x', 1),
    lambda: setattr(bound, 'note', 1),
    lambda: delattr(bound, 'note'),
    lambda: setattr(bound, '__self__', 1),
    lambda: setattr(bound, '__doc__', 'd'),
    lambda: bound.missing,
]:
    try:
        print(thunk())
    except Exception as e:
        print(type(e).__name__ + ':', e)
