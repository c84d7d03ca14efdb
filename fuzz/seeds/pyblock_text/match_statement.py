# match statements: every kind of pattern, guards, and CPython's run-time errors.
from collections import OrderedDict


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Plain:
    pass


def describe(value):
    match value:
        case 0 | 1:
            return "small"
        case [first, *rest] if first > 10:
            return f"big head {first} {rest}"
        case (a, b):
            return f"pair {a} {b}"
        case [_, _, *_]:
            return "long sequence"
        case {"kind": "circle", "r": radius}:
            return f"circle {radius}"
        case {"k": k, **others}:
            return f"map {k} {others}"
        case Point(x=0, y=yy):
            return f"on the y axis at {yy}"
        case Point(xx, yy) as p:
            return f"point {xx} {yy} {type(p).__name__}"
        case str() as s if s:
            return "text " + s
        case int(n) if n < 0:
            return f"negative {n}"
        case float(f) | int(f):
            return f"number {f}"
        case None:
            return "nothing"
        case True:
            return "unreachable: 1 matched first"
        case _:
            return "other " + repr(value)


values = [0, 1, True, [11, 2, 3], [1, 2], (3, 4), [1, 2, 3], "ab", "",
          {"kind": "circle", "r": 2}, {"k": 1, "z": 2}, OrderedDict(k=5),
          Point(0, 5), Point(1, 2), -3, 2.5, 7, None, range(2), b"xy", {1, 2}]
for value in values:
    print(describe(value))

# A failed case binds nothing; the subject is evaluated once.
x = "before"
calls = []


def subject():
    calls.append(1)
    return (1, 2)


match subject():
    case (x, 3):
        print("no")
    case (1, y):
        print("x is still", x, "and y is", y, len(calls))

# Names bound by the winning case stay bound; a failed guard still binds.
match [5, 6]:
    case [p, q] if p > q:
        print("no")
    case _:
        print("guard failed, p =", p)

for bad in [Point(1, 2), 5]:
    try:
        match bad:
            case Point(1, 2, 3):
                print("no")
            case int(a, b):
                print("no")
    except TypeError as e:
        print("TypeError", e)
try:
    match 5:
        case Plain(1):
            print("no")
        case len(1):
            print("no")
except TypeError as e:
    print("TypeError", e)


def nested(command):
    match command.split():
        case ["go", ("north" | "south") as direction]:
            return "going " + direction
        case ["take", *items] if items:
            return "taking " + ", ".join(items)
        case [("quit" | "exit")]:
            return "bye"
        case _:
            return "what?"


for command in ["go north", "go west", "take a b", "take", "quit", "exit now"]:
    print(nested(command))
