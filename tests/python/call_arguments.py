# A call hands its arguments to a compiled callee (no copy); class attributes are read
# from the class's cache. Neither changes what a program sees.
import sys

def counts(a, b):
    return sys.getrefcount(a), sys.getrefcount(b)

held = []
print(counts(held, []), sys.getrefcount(held))

def with_default(a, b=None):
    return sys.getrefcount(a)

print(with_default(held), with_default(held, 1), sys.getrefcount(held))

class C:
    def m(self, a):
        return sys.getrefcount(self), sys.getrefcount(a)
    @classmethod
    def k(cls, a):
        return cls.__name__, sys.getrefcount(a)
    @staticmethod
    def s(a):
        return sys.getrefcount(a)

c = C()
print(c.m(held), c.m([]), C.k(held), C.k([]), C.s(held), C.s([]), sys.getrefcount(held))

class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def takes(d):
    print("in takes", d.name)
    return d.name

print("result", takes(D("direct")))
print("result", c.m(D("method"))[1])
print("result", len([D("builtin")]))

def unused(d, e):
    return 0

print("result", unused(D("first"), D("second")))
try:
    takes(D("too many"), 1)
except TypeError as error:
    print(error)

class Strength:
    REQUIRED = 0
    WEAK = 5
    @classmethod
    def weaker(cls, a, b):
        return a if a > b else b

class Sub(Strength):
    WEAK = 9

def read(cls):
    return cls.REQUIRED, cls.WEAK

print(read(Strength), read(Sub), read(Strength), Sub.weaker(1, 2))
Strength.REQUIRED = -1
print(read(Strength), read(Sub))
Sub.REQUIRED = 100
print(read(Strength), read(Sub))
del Sub.WEAK
print(read(Strength), read(Sub))
del Strength.REQUIRED
try:
    read(Strength)
except AttributeError as error:
    print(error)
print(read(Sub))

# Module attributes and module functions, read where a site found them last.
import math

def pi():
    return math.pi

def floor(x):
    return math.floor(x)

print(pi(), floor(2.5))
math.pi = 3
math.floor = lambda x: "replaced"
print(pi(), floor(2.5))
math.extra1, math.extra2, math.extra3 = 1, 2, 3
del math.pi
try:
    pi()
except AttributeError as error:
    print(error)
del math.floor
try:
    floor(1.5)
except AttributeError as error:
    print(error)
math.pi = 4.0
print(pi(), math.__name__, type(math.__dict__).__name__)
