# **kwargs in definitions and calls.
def f(a, b=2, *rest, **options):
    return [a, b, rest, options]

print(f(1))
print(f(1, 2, 3, x=4, y=5))
settings = {'b': 20, 'z': 26}
print(f(0, **settings))
print(f(**{'a': 'A'}, c=3))

class Surface:
    def __init__(self, **kwargs):
        self.colour = kwargs.get('colour', (1, 1, 1))
        self.shine = kwargs.get('shine', 0.2)

class Checker(Surface):
    def __init__(self, **kwargs):
        Surface.__init__(self, **kwargs)
        self.size = kwargs.get('size', 1)

c = Checker(colour=(0, 0, 0), size=3)
print(c.colour, c.shine, c.size)

for bad in [lambda: f(**1), lambda: f(1, a=2), lambda: f(a=1, **{'a': 2}), lambda: f(**{1: 2})]:
    try:
        bad()
    except TypeError as error:
        print(error)
