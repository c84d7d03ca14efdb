# Builtins real programs use, against CPython 3.11's values and texts.
print(ord('A'), ord('é'), chr(97), chr(0x1F600), ord(b'z'))
print(bin(10), oct(-8), hex(255), hex(2**70), ascii('naïve'))
print(divmod(17, 5), divmod(-17, 5), divmod(7.5, 2))
print(pow(2, 10), pow(2.0, -1), round(2.5), round(3.5), round(-0.5))
print(round(2.675, 2), round(1234.5678, -2), round(1250, -2), round(1350, -2), round(0.125, 2))
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(filter(None, [0, 1, '', 'x'])), list(filter(lambda n: n % 2, range(7))))
print(list(reversed([1, 2, 3])), list(reversed('abc')), list(reversed(range(4))))
print(callable(len), callable(3), issubclass(bool, int), issubclass(int, (str, float)))
class A: pass
class B(A): pass
print(issubclass(B, A), issubclass(A, B))
for bad in [lambda: ord('ab'), lambda: chr(-1), lambda: reversed(5), lambda: map(abs), lambda: hex(1.5)]:
    try:
        bad()
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
