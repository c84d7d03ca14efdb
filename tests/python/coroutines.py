# Coroutines: async def, await, driven by send as an event loop would.
async def fibonacci(n):
    if n <= 1:
        return n
    return await fibonacci(n - 1) + await fibonacci(n - 2)

coro = fibonacci(15)
print(type(coro).__name__)
try:
    coro.send(None)
except StopIteration as stop:
    print('result', stop.value)

class Ready:
    def __init__(self, value):
        self.value = value
    def __await__(self):
        sent = yield 'waiting for ' + str(self.value)
        return self.value * sent

async def uses_ready():
    got = await Ready(7)
    return got + 1

c = uses_ready()
print(c.send(None))
try:
    c.send(6)
except StopIteration as stop:
    print('done', stop.value)

async def bad():
    return await 3

try:
    bad().send(None)
except TypeError as error:
    print(error)
try:
    for x in fibonacci(1):
        pass
except TypeError as error:
    print(error)

# A coroutine awaiting one that suspends: sends and throws pass through both.
async def outer():
    got = await uses_ready()
    return got * 2

o = outer()
print(o.send(None))
try:
    o.send(3)
except StopIteration as stop:
    print('outer', stop.value)
o = outer()
o.send(None)
try:
    o.throw(ValueError('boom'))
except ValueError as error:
    print('thrown', error)
