import sys

items = [1, 2, 3]
seen = []
for x in items:
    seen.append(x)
    if x == 1:
        items.append(4)
    if x == 2:
        items.remove(1)
print(seen, items)

for x in (10, 20, 30):
    print(x, end=" ")
print()

lst = [5, 6]
before = sys.getrefcount(lst)
for x in lst:
    inside = sys.getrefcount(lst)
print(inside - before)
after = sys.getrefcount(lst)
print(after - before)

total = 0
for a, b in [(1, 2), (3, 4)]:
    total += a * b
print(total)

emptied = [1, 2, 3]
for x in emptied:
    emptied.clear()
    print("once", x)

nested = [[1, 2], [3]]
for row in nested:
    for value in row:
        print(value, end=",")
print()

for x in []:
    print("never")
else:
    print("else ran")

t = (1, 2, 3)
for x in t:
    if x == 2:
        break
print(x)
