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
