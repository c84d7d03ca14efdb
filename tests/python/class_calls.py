# Calls on classes and class attribute reads, as their sites remember them: every
# read and call gives what the class holds now.


class A:
    X = 1

    @classmethod
    def make(cls, v):
        return (cls.__name__, v)

    @staticmethod
    def twice(v):
        return v * 2

    def plain(x):
        return x + 1


class B(A):
    pass


for i in range(3):
    print(A.X, B.X, A.make(i), B.make(i), A.twice(i), B.twice(i), A.plain(i))
A.X = 5
print(A.X, B.X)
B.X = 7
print(A.X, B.X)
del B.X
print(B.X, getattr(B, "X" + ""), getattr(A, "".join(["X"])))
A.make = classmethod(lambda cls, v: ("new", cls.__name__, v))
print(A.make(1), B.make(2))
A.twice = staticmethod(lambda v: -v)
print(B.twice(3))
del A.twice
try:
    B.twice(3)
except AttributeError as e:
    print(e)


class C:
    @property
    def p(self):
        return "property"

    @classmethod
    def k(cls):
        return cls.__name__

    def m(self):
        return "method"


c = C()
for _ in range(2):
    print(c.m(), c.p, c.k(), C.k())
c.m = lambda: "own attribute"
print(c.m(), C.m(c))


class D(C):
    def m(self):
        return "D's " + super().m()


for obj in [C(), D(), C(), D()]:
    print(obj.m(), obj.k())
try:
    A.missing(1)
except AttributeError as e:
    print(e)
