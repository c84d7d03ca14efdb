# Multiple inheritance: C3 order, super() along it, errors CPython raises.
class Base:
    def __init__(self):
        self.log = ["Base"]

    def hello(self):
        return "Base"


class Left(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Left")

    def hello(self):
        return "Left>" + super().hello()


class Right(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Right")

    def hello(self):
        return "Right>" + super().hello()

    def only_right(self):
        return "only right"


class Both(Left, Right):
    def __init__(self):
        super().__init__()
        self.log.append("Both")


b = Both()
print([c.__name__ for c in Both.__mro__])
print(b.log, b.hello(), b.only_right())
print(Both.__bases__, Both.__base__.__name__)
print(isinstance(b, Right), issubclass(Both, Base), issubclass(Right, Left))
print(super(Left, b).hello())


class Mixin:
    def describe(self):
        return type(self).__name__ + " with " + str(len(self))


class Items(Mixin, list):
    pass


items = Items([1, 2, 3])
items.append(4)
print(items, items.describe(), [c.__name__ for c in Items.__mro__])


class Tagged:
    tag = "tagged"


class Failure(Tagged, ValueError):
    pass


try:
    raise Failure("bad")
except ValueError as e:
    print(type(e).__name__, e, e.tag, Failure.__base__.__name__)

try:
    class Broken(Base, Left):
        pass
except TypeError as e:
    print(e)
try:
    class Twice(Base, Base):
        pass
except TypeError as e:
    print(e)
try:
    class Layouts(list, Exception):
        pass
except TypeError as e:
    print(e)


class X: pass
class Y: pass
class A(X, Y): pass
class B(Y, X): pass
try:
    class Z(A, B): pass
except TypeError as e:
    print(e)

print(int.__mro__, object.__bases__, bool.__bases__)
