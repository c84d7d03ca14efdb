# async for and async with, driven by send as pyperformance's coroutines are.
class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


class Resource:
    def __init__(self, name, log):
        self.name = name
        self.log = log

    async def __aenter__(self):
        self.log.append("enter " + self.name)
        return self

    async def __aexit__(self, kind, value, traceback):
        self.log.append(f"exit {self.name} {kind.__name__ if kind else None}")
        return kind is KeyError


async def main(log):
    total = 0
    async for i in Ticker(4):
        if i == 2:
            continue
        total += i
    else:
        log.append("loop done")
    async for i in Ticker(10):
        if i == 3:
            break
    else:
        log.append("not reached")
    async with Resource("a", log) as r:
        log.append("inside " + r.name)
    async with Resource("b", log):
        raise KeyError("swallowed")
    try:
        async with Resource("c", log):
            raise ValueError("kept")
    except ValueError as e:
        log.append("caught " + str(e))
    return total


log = []
coroutine = main(log)
try:
    coroutine.send(None)
except StopIteration as stop:
    print("result", stop.value)
for line in log:
    print(line)
