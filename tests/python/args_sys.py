# Bad arguments to each function of `sys`: the exception type and text CPython 3.11
# gives. Sizes and counts depend on the implementation's layout and are not printed.
import sys


def t(f):
    try:
        result = f()
        print('ok', type(result).__name__)
    except Exception as e:
        print(type(e).__name__, e)


class Index:
    def __index__(self):
        return 1000


print('getsizeof')
t(lambda: sys.getsizeof())
t(lambda: sys.getsizeof(1, 2, 3))
t(lambda: sys.getsizeof(1, 2))
t(lambda: sys.getsizeof(object=1))
t(lambda: sys.getsizeof(1, default=2))
t(lambda: sys.getsizeof(object=1, default=2))
t(lambda: sys.getsizeof(1, object=2))
t(lambda: sys.getsizeof(1, 2, object=2))
t(lambda: sys.getsizeof(1, x=2))
t(lambda: sys.getsizeof(x=1))
t(lambda: sys.getsizeof(default=2))
t(lambda: sys.getsizeof(1, 2, default=3))
t(lambda: sys.getsizeof(1, 2, 3, 4))
print(sys.getsizeof([]) > 0, sys.getsizeof('abc', -1) > 0)

print('intern')
t(lambda: sys.intern())
t(lambda: sys.intern(1))
t(lambda: sys.intern(b'a'))
t(lambda: sys.intern(None))
t(lambda: sys.intern('a', 'b'))
t(lambda: sys.intern(string='a'))
t(lambda: sys.intern('a', string='a'))
print(sys.intern('ab' + 'c') is sys.intern('abc'))

print('setrecursionlimit')
saved = sys.getrecursionlimit()
t(lambda: sys.setrecursionlimit(0))
t(lambda: sys.setrecursionlimit(-1))
t(lambda: sys.setrecursionlimit('a'))
t(lambda: sys.setrecursionlimit(1.5))
t(lambda: sys.setrecursionlimit(None))
t(lambda: sys.setrecursionlimit())
t(lambda: sys.setrecursionlimit(1, 2))
t(lambda: sys.setrecursionlimit(limit=100))
t(lambda: sys.setrecursionlimit(2**40))
t(lambda: sys.setrecursionlimit(-2**40))
t(lambda: sys.setrecursionlimit(2**70))
t(lambda: sys.setrecursionlimit(Index()))
print(sys.getrecursionlimit())
sys.setrecursionlimit(saved)
print(sys.getrecursionlimit() == saved)

print('getrecursionlimit')
t(lambda: sys.getrecursionlimit(1))
t(lambda: sys.getrecursionlimit(x=1))
t(lambda: sys.getrecursionlimit(1, 2))

print('getrefcount')
t(lambda: sys.getrefcount())
t(lambda: sys.getrefcount(1, 2))
t(lambda: sys.getrefcount(object=1))
t(lambda: sys.getrefcount(x=1))
t(lambda: sys.getrefcount([]))
print(sys.maxsize)
