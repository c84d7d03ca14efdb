# Instances of classes whose __slots__ leave out __dict__ hold only the members' values:
# sys.getsizeof shows CPython 3.11's sizes (32 bytes and 8 per member).
import copy
import gc
import sys
import weakref


class S0:
    __slots__ = ()


class S1:
    __slots__ = ("a",)


class S2:
    __slots__ = ("x", "y")


class S3:
    __slots__ = ("a", "b", "c")


class S4:
    __slots__ = ["a", "b", "c", "d"]


class S5:
    __slots__ = ("a", "b", "c", "d", "e")


print([sys.getsizeof(cls()) for cls in (S0, S1, S2, S3, S4, S5)])


class Sub(S2):
    __slots__ = ("z",)


class SubEmpty(S2):
    __slots__ = ()


print(sys.getsizeof(Sub()), sys.getsizeof(SubEmpty()))


# Reading, storing and deleting members; CPython's errors.
p = S2()
try:
    p.x
except AttributeError as e:
    print("unset:", e)
p.x = 1
p.y = [p]
print(p.x, p.y[0] is p, S2.x, S2.x.__get__(p))
del p.x
for action in ("read", "del", "store", "del other", "dict", "vars", "weakref"):
    try:
        if action == "read":
            p.x
        elif action == "del":
            del p.x
        elif action == "store":
            p.w = 1
        elif action == "del other":
            del p.w
        elif action == "dict":
            p.__dict__
        elif action == "vars":
            vars(p)
        else:
            weakref.ref(p)
    except (AttributeError, TypeError) as e:
        print(action, type(e).__name__, e)
print(hasattr(p, "x"), hasattr(p, "y"), getattr(p, "x", "default"))
setattr(p, "x", 5)
print(getattr(p, "x"), p.__class__.__name__, type(p) is S2, isinstance(p, S2))

# A subclass adds members after its base's; a member of another class does not apply.
s = Sub()
s.x, s.y, s.z = 1, 2, 3
print(s.x + s.y + s.z, isinstance(s, S2), Sub.__mro__[1].__name__)
try:
    S3.a.__get__(s)
except TypeError as e:
    print(e)
try:
    S3.a.__set__(s, 1)
except TypeError as e:
    print(e)
S2.y.__set__(s, 20)
print(s.y, Sub.z.__get__(s))


# A subclass without __slots__ has a __dict__ again.
class Open(S2):
    def total(self):
        return self.x + self.y + self.extra


o = Open()
o.x, o.y, o.extra = 1, 2, 3
print(o.total(), o.__dict__, sys.getsizeof(o) > 0)


# Methods, properties, class and static methods, dunders, __getattr__, __setattr__.
class Point:
    __slots__ = ("x", "y", "__weakref__")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    __hash__ = None

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)

    @norm1.setter
    def norm1(self, value):
        self.x = value
        self.y = 0

    @classmethod
    def origin(cls):
        return cls(0, 0)

    @staticmethod
    def unit():
        return Point(1, 1)

    def moved(self, dx):
        return Point(self.x + dx, self.y)


q = Point(3, -4)
print(q, q.norm1, q.moved(1), Point.origin(), Point.unit(), q == Point(3, -4))
q.norm1 = 7
# With "__weakref__", CPython adds a pointer; weak references live in the heap's table
# here, so the instance is smaller.
print(q, f"{q!r}", str(q), sys.getsizeof(q) <= 32 + 8 * 3)
r = weakref.ref(q)
print(r() is q)
del q
print(r())


class Hooked:
    __slots__ = ("a",)

    def __getattr__(self, name):
        return "missing " + name

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)


h = Hooked()
print(h.a, h.b)
h.a = 21
print(h.a)
try:
    h.b = 1
except AttributeError as e:
    print(e)


# The collector sees the members; cycles through them are collected; __del__ runs.
class Node:
    __slots__ = ("other", "name")

    def __del__(self):
        print("del", self.name)


a = Node()
b = Node()
a.name, b.name = "a", "b"
a.other, b.other = b, a
print(sorted(type(x).__name__ for x in gc.get_referents(a)))
print(b in gc.get_referents(a), gc.is_tracked(a))
del a, b
print("collected", gc.collect() >= 2)


# copy and deepcopy keep the members (and leave unset ones unset).
c = S3()
c.a, c.b = [1], [2]
c2 = copy.copy(c)
c3 = copy.deepcopy(c)
print(c2.a is c.a, c3.a == c.a, c3.a is c.a, hasattr(c3, "c"))
print(copy.copy(S2()).__class__.__name__)

# Many members: beyond the compact layout's limit the behaviour stays.
class Wide:
    __slots__ = tuple("m%d" % i for i in range(20))


names = Wide.__slots__
w = Wide()
for i, name in enumerate(names):
    setattr(w, name, i)
print(sum(getattr(w, name) for name in names), sys.getsizeof(w) <= 32 + 8 * 20)
try:
    w.other = 1
except AttributeError as e:
    print(e)


# super() in a slotted subclass, the default repr, hash and equality, sets and dicts.
class Base:
    __slots__ = ("a",)

    def __init__(self, a):
        self.a = a

    def describe(self):
        return "Base(%s)" % self.a


class Derived(Base):
    __slots__ = ("b",)

    def __init__(self, a, b):
        super().__init__(a)
        self.b = b

    def describe(self):
        return super().describe() + "+" + str(self.b)


d = Derived(1, 2)
d.a += 10
d.b *= 3
print(d.describe(), repr(d).startswith("<__main__.Derived object at 0x"))
print(len({d, d, Derived(1, 2)}), d == d, d != Derived(1, 2), {d: 1}[d])
print(object.__getattribute__(d, "b"), Base.__new__(Derived).__class__.__name__)
object.__setattr__(d, "a", "set")
print(d.a)


# A dataclass with __slots__ of its own.
from dataclasses import dataclass


@dataclass
class Plain:
    __slots__ = ("x",)
    x: int


pd = Plain(5)
pd.x += 1
print(pd, sys.getsizeof(pd))

# One attribute site seeing layouts that hold the name at different places, a plain
# instance, a class, and a layout without the name.
class XY:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y

class YX:
    __slots__ = ("y", "x")
    def __init__(self, x, y):
        self.y, self.x = y, x

class Free:
    def __init__(self, x):
        self.x = x

class OnlyZ:
    __slots__ = ("z",)

class ClassX:
    x = "class"

def read_x(o):
    return o.x

def bump_x(o):
    o.x = o.x + 1
    return o.x

seen = [read_x(o) for o in (XY(1, 2), YX(3, 4), Free(5), XY(6, 7), ClassX, YX(8, 9))]
print(seen, [bump_x(o) for o in (XY(1, 2), YX(3, 4), Free(5), YX(6, 7))])
try:
    read_x(OnlyZ())
except AttributeError as error:
    print(error)
try:
    bump_x(OnlyZ())
except AttributeError as error:
    print(error)
