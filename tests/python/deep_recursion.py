import copy, sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as error:
    print(error)
x = []
for i in range(100000):
    x = [x]
try:
    copy.deepcopy(x)
except RecursionError as error:
    print(error)
try:
    repr(x)
except RecursionError as error:
    print(error)
sys.setrecursionlimit(10 ** 6)
try:
    down(0)
except RecursionError as error:
    print('limit raised:', type(error).__name__)
