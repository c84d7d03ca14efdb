# List slices read and assigned in place, as CPython does them.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[::2], a[::-1], a[8:2:-2], a[-3:], a[:-7], a[5:2], a[:])
a[2:5] = ['x', 'y']
print(a)
a[:0] = [-1]
print(a)
a[len(a):] = (98, 99)
print(a)
a[:] = a
print(a[:4])
b = a
b[1:3] = []
print(a is b, len(a), a[:3])
k = 3
p = [0, 1, 2, 3, 4]
p[:k + 1] = p[k::-1]
print(p)
s = 'abcdef'
print(s[1:4], s[::-1], (1, 2, 3)[1:], a[1.5:] if False else 'ok')
try:
    a[::0]
except ValueError as error:
    print(error)
try:
    a['x':]
except TypeError as error:
    print(error)
p = [0, 1, 2, 3, 4]
p[:3] = p[2::-1]
q = p
q[1:3] = ('x', 'y')
print(p, q is p)
class Witness:
    def __init__(self, log, seen):
        self.log = log
        self.seen = seen
    def __del__(self):
        self.log.append(self.seen[:2])
log = []
holder = [None, None, 'z']
holder[0] = Witness(log, holder)
holder[0:2] = ['a', 'b']
print(log, holder)
perm = list(range(12))
for k in (11, 5, 0):
    perm[:k + 1] = perm[k::-1]
kept = perm[2::-1]
perm[:3] = kept
same = list(range(10))
same[:] = same
same[2:5] = same[::-1][:3]
print(perm, kept, same)
