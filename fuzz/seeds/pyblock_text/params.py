# Keyword-only and positional-only parameters, with CPython's errors.
def f(a, b=2, /, c=3, *, d, e=5):
    return (a, b, c, d, e)

def g(a, *rest, k, **options):
    return a, rest, k, options

def h(a, /, **kw):
    return a, kw

print(f(1, d=4), f(1, 2, 3, d=4, e=6), f(1, 2, c=30, d=4))
print(g(1, 2, 3, k=4, z=5), h(1, a=2))
print(f.__kwdefaults__, f.__defaults__, g.__kwdefaults__)
twice = lambda x, *, times=2: x * times
print(twice(3), twice('ab', times=3))
for call in ['f(1)', 'f(a=1, d=2)', 'f(1, 2, 3, 4, d=1)', 'f(1, d=1, x=2)', 'g(1)',
             'f(1, 2, 3, 4, 5)']:
    try:
        eval_result = {'f(1)': lambda: f(1), 'f(a=1, d=2)': lambda: f(a=1, d=2),
                       'f(1, 2, 3, 4, d=1)': lambda: f(1, 2, 3, 4, d=1),
                       'f(1, d=1, x=2)': lambda: f(1, d=1, x=2), 'g(1)': lambda: g(1),
                       'f(1, 2, 3, 4, 5)': lambda: f(1, 2, 3, 4, 5)}[call]()
    except TypeError as error:
        print(error)
