# One call site `x.name(...)` sees receivers of many kinds: builtin objects, instances
# of classes deriving from list and dict (with and without their own `name`), classes,
# modules, and classes whose namespaces change while the site remembers them.
import math


def call_get(x, key):
    return x.get(key)


def call_append(x, value):
    x.append(value)
    return x


def call_count(x, value):
    return x.count(value)


class Stack(list):
    pass


class Loud(list):
    def append(self, value):
        list.append(self, value * 10)


class Table(dict):
    pass


class Holder:
    def get(self, key):
        return 'Holder.get ' + str(key)

    def count(self, value):
        return 'Holder.count'


print(call_get({1: 'one'}, 1), call_get({}, 1), call_get(Table(a=2), 'a'))
print(call_get(Holder(), 3), call_get({2: 'two'}, 2))
print(call_append([], 1), call_append(Stack(), 2), call_append(Loud(), 3))
print(call_append(Stack([5]), 6), call_append([7], 8))
print(call_count('banana', 'a'), call_count([1, 1, 2], 1), call_count((3, 3), 3))
print(call_count(Holder(), 0), call_count('aaa', 'a'))

# A class gains a method of the name after the site remembered the builtin one.
s = Stack()
for i in range(3):
    call_append(s, i)
Stack.append = lambda self, value: list.append(self, -value)
call_append(s, 9)
del Stack.append
call_append(s, 4)
print(s)

# A base class gains it.
class Base(list):
    pass


class Derived(Base):
    pass


d = Derived()
call_append(d, 1)
Base.append = lambda self, value: list.append(self, 'base')
call_append(d, 2)
print(d)

# An instance's own attribute of the name wins over the builtin method.
t = Table(k='v')
print(call_get(t, 'k'))
t.get = lambda key: 'own ' + key
print(call_get(t, 'k'), call_get(Table(k='w'), 'k'))

# A class attribute of the name that is not a function is read, then called.
class Recorder:
    def __call__(self, *args):
        print('Recorder called with', args)


class Odd(list):
    append = Recorder()


print(call_append(Odd([1]), 2))

# Classes and modules: their attributes come before their type's methods.
class WithCount:
    @staticmethod
    def count(value):
        return 'static count ' + str(value)


print(call_count(WithCount, 5), call_count([5, 5], 5), call_count(WithCount, 6))
print(call_get(math, 'x') if hasattr(math, 'get') else 'math has no get')
try:
    call_get(math, 'pi')
except AttributeError as e:
    print(e)
try:
    call_get(int, 'x')
except AttributeError as e:
    print(e)
try:
    call_append((1,), 2)
except AttributeError as e:
    print(e)


def append_two(x):
    return x.append(1, 2)


for receiver in ([], Stack()):
    try:
        append_two(receiver)
    except TypeError as e:
        print(e)
