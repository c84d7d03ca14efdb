# The inline fast paths give exactly what the general operators give.
big = 2 ** 62
print(big + big, -big - big - big, big * 4, 3 * -big)
print(7 / 2, -7 / 2, 1 / 3, 2 ** 53 + 1, (2 ** 53 + 1) / 1, 10 ** 20 / 3)
print(-7 // 2, 7 // -2, -7 % 3, 7 % -3, -9223372036854775807 - 1, (-9223372036854775807 - 1) // -1)
print(1.5 + 2, 2 - 0.5, 3 * 1.5, 0.1 + 0.2, 7.0 // 2, 7.5 % 2)
n = 200
print((n + 56) is 256, (n + 57) is (n + 57), -(-9223372036854775807 - 1))
nan = float('nan')
print(nan == nan, nan != nan, nan < 1.0, 1 < 2.5, 2 ** 63 > 1.0, 0.0 == -0.0)
print(True + 1, True * 2.5, not 0.0, not 0, not None, -True)
if 0.0 or 0 or None:
    print('wrong')
else:
    print('all falsy')
for bad in [lambda: 1 / 0, lambda: 1.0 / 0, lambda: 1 // 0, lambda: 5 % 0, lambda: 'a' + 1]:
    try:
        bad()
    except (ZeroDivisionError, TypeError) as error:
        print(type(error).__name__, error)
t = (10, 20, 30, 40)
print(t[0], t[-1], t[True], t[2 ** 62 // 2 ** 61])
for bad in [lambda: t[4], lambda: t[-5], lambda: t[2 ** 70], lambda: t['x']]:
    try:
        bad()
    except (IndexError, TypeError) as error:
        print(type(error).__name__, error)
print(list(reversed(range(10, 0, -3))), list(reversed(range(0))), list(reversed(range(-3, 4, 2))))
r = reversed(range(9223372036854775800, 9223372036854775807, 3))
print(type(r).__name__, list(r), list(reversed(range(-9223372036854775807 - 1, -9223372036854775807 + 3))))
class Keys:
    def __getitem__(self, key):
        return ('get', key)
    def __setitem__(self, key, value):
        print('set', key, value)
v, t, d, k = [1.5, 2, 'x'], (4, 5), {0: 'zero', -1: 'minus'}, Keys()
v[0] -= 0.5
v[-1] += 'y'
d[0] += '!'
k[-2] = 3
print(v, v[0], v[-1], t[1], t[-2], d[0], d[-1], k[0], k[-7], 'ab'[-1])
for bad in (lambda: v[3], lambda: t[-3], lambda: d[1], lambda: len(v)[0]):
    try:
        bad()
    except (IndexError, KeyError, TypeError) as error:
        print(type(error).__name__, error)
try:
    v[5] = 0
except IndexError as error:
    print('IndexError', error)
