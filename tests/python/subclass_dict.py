# Classes deriving from dict, and list/dict __init__ through super().
class Registry(dict):
    def register(self, name, value):
        self[name] = value
        self.count = getattr(self, "count", 0) + 1
        return self

    def __missing__(self, key):
        return "missing " + key


r = Registry(a=1)
r.register("b", 2).register("c", 3)
print(r, len(r), r.count, isinstance(r, dict), type(r).__name__, sorted(r))
print(r["a"], r["zz"], r.get("z"), "b" in r, list(r.items())[0], r == {"a": 1, "b": 2, "c": 3})


class Config(dict):
    def __init__(self, name, **options):
        super().__init__(options)
        self.name = name

    def __repr__(self):
        return f"Config({self.name}, {dict.__repr__(self)})"


c = Config("db", host="h", port=1)
c.update(user="u")
print(c, c.name, c["port"], Config.__mro__[1].__name__)


class Items(list):
    def __init__(self, items, label):
        super().__init__(items)
        self.label = label

    def add(self, item):
        super().append(item)
        return self


i = Items((3, 1, 2), "nums").add(0)
print(i, i.label, sorted(i), len(i))
try:
    Registry(1, 2)
except TypeError as e:
    print(e)
try:
    Items([1], "x").__init__(1, 2)
except TypeError as e:
    print(e)
d = {}
d.__init__([("k", "v")], z=1)
print(d)
print(dict.__repr__, list.__len__([1, 2]), [1, 2].__len__(), list.__hash__)
print(object.__repr__(r)[:10], {"a": 1}.__getitem__("a"), (3).__eq__(3), "ab".__contains__("b"))
print(int.__lt__(2, 3), r.__len__(), str(r.__iter__().__next__()))
try:
    dict.__repr__(5)
except TypeError as e:
    print(e)


class Base:
    def __repr__(self):
        return "Base+" + super().__repr__()[:6]

    def __eq__(self, other):
        return super().__eq__(other)


b = Base()
print(repr(b), b == b, b.__eq__(1), b.__ne__(b))
