class A:
    def __init__(self):
        self.x = 1
        self.y = 2

    def m(self):
        return "method"


a = A()
d = a.__dict__
print(d)
print(d is a.__dict__, vars(a) is d)
d["z"] = 3
print(a.z)
a.w = 4
print(d)
del d["x"]
print(hasattr(a, "x"))
try:
    a.x
except AttributeError as e:
    print("AttributeError:", e)
d["m"] = lambda: "shadowed"
print(a.m())
del a.m
print(a.m())
a.__dict__.update(p=5, q=6)
print(a.p + a.q, sorted(vars(a)))
del a.y
print(d)
d.clear()
print(vars(a), hasattr(a, "z"))

b = A()
b.__dict__ = {"k": 10}
print(b.k, b.__dict__)
new = {"n": 1}
b.__dict__ = new
new["n2"] = 2
print(b.n2, b.__dict__ is new)
try:
    b.__dict__ = 5
except TypeError as e:
    print("TypeError:", e)
del b.__dict__
print(b.__dict__)
b.again = 1
print(b.__dict__)


class D(dict):
    pass


c = A()
c.__dict__ = D(a=1)
print(type(c.__dict__).__name__, c.a)
c.b = 2
print(c.__dict__)

# Many instances, each with its own dict.
objs = [A() for _ in range(5)]
for i, o in enumerate(objs):
    o.__dict__["i"] = i
print([o.i for o in objs])
print([o.x for o in objs])


class Many:
    def __init__(self):
        for i in range(6):
            setattr(self, "a%d" % i, i)


m = Many()
md = vars(m)
md["a5"] = 50
print(m.a5, m.a0, len(md))
m.a6 = 6
print(list(md))

# A cycle through the dict is collected.
import gc
gc.collect()
e = A()
e.__dict__["me"] = e
del e
print(gc.collect() > 0)

# Setting attributes after getattr/setattr builtins.
f = A()
setattr(f, "g", 7)
fd = f.__dict__
setattr(f, "h", 8)
print(getattr(f, "g"), fd["h"], "h" in fd)
delattr(f, "g")
print(fd)
