# Arithmetic inside larger expressions: the intermediate results never differ from
# what the operators give one at a time.
a, b, c = 3, 4.5, 2 ** 62
print(a * a + b * b, (a + b) * (a - b), -(a * b), -(c * 2) - c, (c + c) * 2 - 1)
print(a * 2 // 4 % 3, (a + 1) / 2 * 3, 2 ** 0.5 * 2 ** 0.5, (b + 1) ** 2 - 1)
x = -9223372036854775807 - 1
print(-(x * 1), -(x + 0) - 1, (x - 1) * -1, (x // 1) * -1)
n, m = 1000, 100
print((n + 0) * 1 is n, (m + 100) - 100 is m, (True + True) * 2, (1 + 2.5) * True)
print(("a" + "b") * 2, [1] * 2 + [2] * 2, (1, 2) + (3,) * 2)
class V:
    def __init__(self, v):
        self.v = v
    def __add__(self, other):
        return V(self.v + (other.v if isinstance(other, V) else other))
    def __radd__(self, other):
        return V(other + self.v)
    def __mul__(self, k):
        return V(self.v * k)
print((V(1) + V(2) * 3).v, (1 + V(2) + 3).v, (2.5 * 2 + V(1)).v)
l = [1.0, 2]
l[0] -= 2.0 * 3.0
l[1] += 2 * 3 - 1
s = "a"
s += "b" * 2
t = [1]
u = t
t += [2] * 2
print(l, s, t, t is u)
acc = 0.0
for i in range(5):
    acc += i * 0.5 + 1
print(acc)
for bad in [lambda: (1.0 + 1.0) / (0.0 * 1.0), lambda: (a - 3) // (a - 3) + 1,
            lambda: (a + 1) % (a - 3) * 2, lambda: ("a" + "b") - 1 + 2, lambda: -(-"x" * 2)]:
    try:
        bad()
    except (ZeroDivisionError, TypeError) as error:
        print(type(error).__name__, error)
