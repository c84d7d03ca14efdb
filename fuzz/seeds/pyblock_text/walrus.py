# Assignment expressions bind in the enclosing scope and give their value.
data = [3, 1, 4, 1, 5]
if (n := len(data)) > 3:
    print('long', n)
def chunks(items):
    out = []
    while (part := items[:2]):
        out.append(part)
        items = items[2:]
    return out
print(chunks(data), n)
print([y := 10, y * 2])
