# repr, str, ==, hash of structures nested 100000 deep: RecursionError (CPython's
# texts), never a stack overflow.
x = []
for i in range(100000):
    x = [x]
for check in [repr, str, lambda v: v == [v]]:
    try:
        check(x)
    except RecursionError as e:
        print(e)
d = {}
for i in range(100000):
    d = {"a": d}
try:
    repr(d)
except RecursionError as e:
    print("dict", e)
try:
    d == {"a": d}
except RecursionError as e:
    print("dict eq", e)
t = ()
for i in range(100000):
    t = (t,)
try:
    print("hash", type(hash(t)).__name__)
except RecursionError as e:
    print("hash", type(e).__name__)
