# Classes deriving from list: list behaviour plus attributes and methods.
class Stack(list):
    def push(self, item):
        self.append(item)
        self.pushes = getattr(self, 'pushes', 0) + 1
    def peek(self):
        return self[-1]

s = Stack()
s.push(1)
s.push(2)
s.extend([3, 4])
print(s, len(s), s.peek(), s.pushes, isinstance(s, list), type(s).__name__)
print(s[1:3], sum(s), [x * 2 for x in s], s.pop(), s)
t = Stack('ab')
print(t, t == ['a', 'b'], s + t)
class Named(list):
    def __init__(self, name):
        self.name = name
n = Named('x')
n.append(5)
print(n.name, n, repr(n))
try:
    Stack(1, 2)
except TypeError as error:
    print(error)
