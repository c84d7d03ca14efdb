# __slots__: members, no __dict__, CPython's errors.
import weakref


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


p = Point(3, -4)
print(p.x, p.y, p.norm1(), Point.x, type(Point.y).__name__)
p.x = 10
print(p.x, p.norm1())
for action in ["read", "store", "dict", "vars", "weakref"]:
    try:
        if action == "read":
            q = Point.__new__(Point)
            q.x
        elif action == "store":
            p.z = 1
        elif action == "dict":
            p.__dict__
        elif action == "vars":
            vars(p)
        else:
            weakref.ref(p)
    except (AttributeError, TypeError) as e:
        print(action, type(e).__name__, e)
del p.y
try:
    del p.y
except AttributeError as e:
    print("del", e)
try:
    p.y
except AttributeError as e:
    print("after del", e)


class Point3(Point):
    __slots__ = ["z"]


t = Point3(1, 2)
t.z = 3
print(t.x + t.y + t.z, Point3.__slots__)
try:
    t.w = 4
except AttributeError as e:
    print(e)


class Free(Point):
    pass


f = Free(1, 2)
f.w = 5
print(f.w, f.__dict__)


class Named:
    __slots__ = "name", "__weakref__"


n = Named()
n.name = "n"
r = weakref.ref(n)
print(r() is n, n.name)


class WithDict:
    __slots__ = ("a", "__dict__")


w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.b)

try:
    class Clash:
        __slots__ = ("x",)
        x = 1
except ValueError as e:
    print(e)
try:
    class NotText:
        __slots__ = (1,)
except TypeError as e:
    print(e)


class A:
    __slots__ = ("a",)


class B:
    __slots__ = ("b",)


try:
    class AB(A, B):
        pass
except TypeError as e:
    print(e)


class Empty:
    __slots__ = ()


class Mixed(Empty, A):
    __slots__ = ()


m = Mixed()
m.a = 7
try:
    m.c = 1
except AttributeError as e:
    print(m.a, e)


# The plain paths under members: many instances, stores of known and unknown names.
class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


vs = [Vec(i, -i) for i in range(5)]
for v in vs:
    v.x += 10
    try:
        v.z = v.x
    except AttributeError as e:
        last = str(e)
print(sum(v.x for v in vs), sum(v.y for v in vs), last)


# A member hidden by a class attribute of a subclass, and one replaced on its class.
class Hidden(Vec):
    __slots__ = ()
    x = "class attribute"


h = Hidden.__new__(Hidden)
Vec.x.__set__(h, 3)
h.y = 2
print(h.x, Vec.x.__get__(h), h.y)


class Late:
    __slots__ = ("v",)


late = Late()
late.v = 1
Late.v = "replaced"
print(late.v, Late.v)


class Open(Vec):
    pass


o = Open(1, 2)
o.extra = 3
o2 = Open(4, 5)
o2.extra = 6
print(o.x + o2.x, o.extra + o2.extra, o2.__dict__)


# The member's methods, with CPython's argument errors.
calls = [
    lambda: Vec.x.__get__(),
    lambda: Vec.x.__set__(Vec(1, 2)),
    lambda: Vec.x.__get__(None, None),
    lambda: Vec.x.__delete__(),
    lambda: Vec.x.__get__(1),
    lambda: Vec.x.__set__(Vec(1, 2), 2, 3),
    lambda: Vec.x.__get__(None, Vec) is Vec.x,
    lambda: Vec.y.__get__(Vec(1, 2), Vec),
]
for call in calls:
    try:
        print(call())
    except TypeError as e:
        print("TypeError", e)
d = Vec(1, 2)
Vec.y.__delete__(d)
print(hasattr(d, "y"))
