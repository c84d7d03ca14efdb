# itertools and functools in a program: lazy pipelines, caches, decorators.
import itertools
from itertools import accumulate, groupby, islice, count
from functools import lru_cache, partial, reduce, wraps, total_ordering, cmp_to_key


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info())


@lru_cache(maxsize=2)
def square(x):
    return x * x


for x in [1, 2, 1, 3, 2]:
    square(x)
print(square.cache_info())
square.cache_clear()
print(square.cache_info(), square.__name__)


def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        print('calling', func.__name__, args)
        return func(*args, **kwargs)
    return wrapper


@logged
def add(a, b=0):
    return a + b


print(add(2, b=3), add.__name__, add.__wrapped__.__name__)

evens = (n for n in count() if n % 2 == 0)
print(list(islice(evens, 5)))
print(list(accumulate([1, 2, 3, 4], lambda a, b: a * b)))
print([(k, len(list(g))) for k, g in groupby('aaabbc')])
print(list(itertools.permutations('abc', 2))[:4])
print(list(itertools.product([0, 1], repeat=2)))
print(list(itertools.zip_longest('ab', 'xyz', fillvalue='-')))
print(list(itertools.chain.from_iterable(['ab', 'cd'])))
a, b = itertools.tee(iter([1, 2, 3]))
print(list(a), list(b))
print(reduce(lambda x, y: x * y, range(1, 6)))
base2 = partial(int, base=2)
print(base2('1011'), base2)
print(sorted([3, 1, 2], key=cmp_to_key(lambda x, y: y - x)))


@total_ordering
class Version:
    def __init__(self, major, minor):
        self.major, self.minor = major, minor

    def __eq__(self, other):
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)


print(Version(1, 2) <= Version(1, 3), Version(2, 0) > Version(1, 9), Version(1, 0) >= Version(1, 1))


class Circle:
    def __init__(self, r):
        self.r = r

    @lru_cache(maxsize=None)
    def area(self):
        return 3 * self.r * self.r


c = Circle(2)
print(c.area(), c.area(), Circle.area.cache_info())
try:
    itertools.islice([1], -1)
except ValueError as error:
    print(error)
