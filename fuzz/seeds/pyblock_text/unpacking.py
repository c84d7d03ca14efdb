# Star targets and raise ... from.
first, *middle, last = range(6)
print(first, middle, last)
*init, tail = 'abc'
print(init, tail)
head, *rest = [1]
print(head, rest)
for a, *b in [(1, 2, 3), (4,)]:
    print(a, b)
[x, *y], z = (7, 8, 9), 10
print(x, y, z)
try:
    p, *q, r = [1]
except ValueError as error:
    print(error)
try:
    try:
        {}['missing']
    except KeyError as error:
        raise ValueError('lookup failed') from error
except ValueError as error:
    print(repr(error), repr(error.__cause__), error.__suppress_context__)
try:
    raise RuntimeError('quiet') from None
except RuntimeError as error:
    print(error.__cause__, error.__suppress_context__)
class Noisy:
    def __init__(self, name, log):
        self.name = name
        self.log = log
    def __del__(self):
        self.log.append(self.name)
def reunpack(seq):
    log = []
    x, y = Noisy('x0', log), Noisy('y0', log)
    for _ in range(3):
        x, y = seq
    print(log, x is seq[0], y is seq[1])
    log2 = []
    seq2 = [Noisy('a', log2), Noisy('b', log2)]
    x, y = seq2
    seq2[0] = 0
    x, y = seq2
    print(log2, x, y.name)
reunpack((1, 'two'))
reunpack([3.0, 'four'])
