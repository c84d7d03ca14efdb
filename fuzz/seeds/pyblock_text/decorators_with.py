# Decorators (any callable, on functions and classes) and `with` statements.
calls = []

def trace(label):
    calls.append('made ' + label)
    def wrap(func):
        calls.append('wrapped ' + label)
        def inner(*args):
            calls.append('call ' + label)
            return func(*args)
        return inner
    return wrap

@trace('outer')
@trace('inner')
def add(a, b):
    return a + b

print(add(2, 3))
print(calls)

def register(cls):
    cls.registered = True
    return cls

@register
class Plugin:
    pass

print(Plugin.registered)

class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, kind, value, tb):
        print('exit', self.name, kind is None, value)
        return self.suppress

with Manager('a') as value:
    print('body', value)

with Manager('b', True):
    raise ValueError('swallowed')
print('after b')

try:
    with Manager('c'):
        raise KeyError('kept')
except KeyError as error:
    print('caught', repr(error))

def early():
    with Manager('d') as v, Manager('e') as w:
        return v + w
print(early())

for i in range(3):
    with Manager('loop'):
        if i == 1:
            break
print('i =', i)
