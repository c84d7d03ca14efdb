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
