# CPython's guards against changing a container while it is iterated or sorted.
d = {1: 1}
try:
    for k in d:
        d[k + 1] = 1
except RuntimeError as e:
    print(e)
s = {1}
try:
    for k in s:
        s.add(k + 1)
except RuntimeError as e:
    print(e)
d = {1: 1, 2: 2}
try:
    for k in d:
        del d[k]
        d[k + 10] = 1
except RuntimeError as e:
    print(e)
items = [3, 1, 2]
try:
    items.sort(key=lambda x: items.append(x) or x)
except ValueError as e:
    print(e, items)
items = [3, 1, 2]
try:
    items.sort(key=lambda x: items.pop() if len(items) > 2 else x)
except ValueError as e:
    print(e, items)
items = [1, 2, 3]
for x in items:
    if x == 1:
        items.remove(x)
print(items)
d = {"a": 1}
try:
    for k, v in d.items():
        d["b"] = 2
except RuntimeError as e:
    print(e)
try:
    for v in d.values():
        d.pop("a")
except RuntimeError as e:
    print(e)
