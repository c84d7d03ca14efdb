# Methods and attributes of the builtin types, read on the type and on instances.
print(str.upper, list.append, bool.bit_length, float.hex)
print(str.upper("abc"), str.join("-", ["a", "b"]), hasattr(str, 'upper'), hasattr(int, 'real'))
words = []
list.append(words, "x")
list.extend(words, ("y", "z"))
print(words, dict.fromkeys(['a', 'b'], 0), dict.fromkeys('xy'))
try:
    str.upper(1)
except TypeError as error:
    print(error)
try:
    str.upper()
except TypeError as error:
    print(error)
print(str.maketrans('ab', 'xy') == {97: 120, 98: 121}, 'abc'.translate(str.maketrans('ab', 'xy')))
upper = str.upper
print(upper.__name__, upper.__qualname__, upper.__objclass__, list(map(str.strip, [' a ', 'b '])))

# int
n = 1024
print(n.to_bytes(2, 'big'), n.to_bytes(4, byteorder='little'), (-1).to_bytes(2, 'big', signed=True))
print(int.from_bytes(b'\x04\x00', 'big'), int.from_bytes([255, 255], 'little', signed=True), int.from_bytes(b'\x01'))
print(bool.from_bytes(b'\x00\x02', 'big'), (5).from_bytes(b'\x07', 'big'), (2**100).to_bytes(13, 'big'))
print((255).bit_count(), (-(2**70) + 1).bit_count(), (7).as_integer_ratio(), (-7).conjugate())
print(n.real, n.imag, n.numerator, n.denominator, True.real, True.imag, type(True.numerator).__name__)
for args in [(1, 'big', True), (2, 'middle')]:
    try:
        (300).to_bytes(*args)
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
try:
    (300).to_bytes(1, 'big')
except OverflowError as error:
    print(error)
try:
    (-3).to_bytes(1, 'big')
except OverflowError as error:
    print(error)

# float
x = 0.1
print(x.as_integer_ratio(), (-0.75).as_integer_ratio(), x.hex(), (5e-324).hex(), (-0.0).hex())
print(float.fromhex('0x1.999999999999ap-4') == x, float.fromhex(' -0x1.8p+1 '), float.fromhex('inf'))
print(x.real, x.imag, x.conjugate(), float.fromhex(x.hex()) == x, (2.5).fromhex('0x1p-2'))
for text in ['0x1p', '0x1p1024']:
    try:
        float.fromhex(text)
    except (ValueError, OverflowError) as error:
        print(type(error).__name__, error)
for value in [float('inf'), float('nan')]:
    try:
        value.as_integer_ratio()
    except (ValueError, OverflowError) as error:
        print(type(error).__name__, error)

# bytes
print(bytes(), bytes(3), bytes([1, 2]), bytes('é', 'utf-8'), bytes.fromhex('de ad'), bytes.hex(b'\x01\xff'))

# a class deriving from list keeps its methods, and the type's
class Stack(list):
    push = list.append
s = Stack()
s.push(1)
Stack.append(s, 2)
list.append(s, 3)
print(s, Stack.append, Stack.pop(s), s)
