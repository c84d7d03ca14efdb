# __getattr__, __setattr__, __delattr__ as CPython consults them.
class Record:
    def __init__(self):
        object.__setattr__(self, "log", [])
        self.x = 1

    def __getattr__(self, name):
        if name.startswith("computed_"):
            return name[len("computed_"):].upper()
        raise AttributeError(f"no {name} here")

    def __setattr__(self, name, value):
        self.log.append(("set", name, value))
        super().__setattr__(name, value * 2 if isinstance(value, int) else value)

    def __delattr__(self, name):
        self.log.append(("del", name))
        object.__delattr__(self, name)

    @property
    def broken(self):
        raise AttributeError("inner")


r = Record()
r.y = 5
print(r.x, r.y, r.computed_size, r.log)
del r.y
print(r.log[-1], hasattr(r, "y"), getattr(r, "missing", "default"))
try:
    r.missing
except AttributeError as e:
    print(e)
try:
    r.broken
except AttributeError as e:
    print(e, r.__class__.__name__)
try:
    object.__setattr__(r, 1, 2)
except TypeError as e:
    print(e)
try:
    object.__setattr__(r, "a")
except TypeError as e:
    print(e)


class Proxy:
    def __init__(self, target):
        self._target = target

    def __getattr__(self, name):
        return getattr(self._target, name)


p = Proxy([3, 1, 2])
p.sort()
print(p._target, p.count(1), p.__getattribute__("_target"))


class Child(Record):
    pass


c = Child()
c.z = 10
print(c.z, len(c.log), c.computed_abc)


class Frozen:
    def __init__(self, value):
        object.__setattr__(self, "value", value)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot set {name!r}")


f = Frozen(3)
try:
    f.value = 4
except AttributeError as e:
    print(e, f.value)
