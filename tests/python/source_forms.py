# A program as written: every lexical form Rust's tokenizer rejects.
greeting = 'hello, world'     # single quotes, an apostrophe: don't
empty = ''
both = "it's" + ' "quoted" '
joined = "a\
   b"
total = 7 // 2 + \
    10 // 3
n = 17
n //= 5
ratio: float = 1.5            # an annotated assignment binds
count: int                    # an annotation alone binds nothing
big = 0x_FFFF_FFFF_FFFF_FFFF_FF
## `backquotes` and [brackets closed later
def area(w: float, h: float = 2.0) -> float:
    return w * h
print(greeting, repr(empty), both, repr(joined))
print(total, n, ratio, big, area(3.0))
print(-7 // 2, 7.5 // 2, -7.5 // 2)
