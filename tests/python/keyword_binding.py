def f(a, b=2, c=3):
    return (a, b, c)


def g(a, b, /, c=30):
    return (a, b, c)


class Node:
    def find(self, update=False, depth=0):
        return (update, depth)


print(f(1), f(1, c=9), f(a=5), f(1, 2, c=7), f(c=1, b=2, a=3))
print(g(1, 2), g(1, 2, c=3))
n = Node()
print(n.find(update=True), n.find(depth=4), n.find(True, depth=1))
for call in (
    lambda: f(1, a=2),
    lambda: f(b=2),
    lambda: f(1, d=4),
    lambda: g(1, b=2),
    lambda: f(1, 2, 3, c=4),
    lambda: n.find(update=1, update_=2),
):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
