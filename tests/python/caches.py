# Attribute and method caches never change what a program sees.
class A:
    def __init__(self, x):
        self.x = x
        self.y = x * 2
    def m(self):
        return 'A.m'

class B(A):
    def __init__(self):
        self.z = 0
        self.x = 1
    def m(self):
        return 'B.m'

def call_all(objects):
    return [(o.m(), o.x) for o in objects]

a, b = A(1), B()
print(call_all([a, b, a, b]))
A.m = lambda self: 'replaced'
print(call_all([a, b]))
del B.m
print(call_all([a, b]))
b.m = lambda: 'own'
print(call_all([a, b]))
for _ in range(3):
    class A:
        def m(self):
            return 'new A'
    o = A()
    o.x = 'fresh'
    print(call_all([o]))
objects = [A(), B()]
objects[0].x = 5
for obj in objects:
    obj.x = obj.x + 1
print([o.x for o in objects])
del objects[1].x
try:
    objects[1].x
except AttributeError as error:
    print(error)
class S:
    def m(self):
        return 'class'
objs = [S() for _ in range(3)]
def call_all():
    return [o.m() for o in objs]
print(call_all(), call_all())
objs[1].m = lambda: 'own'
print(call_all())
objs[2].__dict__ = {'m': lambda: 'dict'}
print(call_all())
class Many:
    def m(self):
        return 'class'
def callm(o):
    return o.m()
many = Many()
for i in range(40):
    setattr(many, 'a%d' % i, i)
print(callm(many), callm(many))
setattr(many, 'm', lambda: 'late')
print(callm(many), len(vars(many)))
