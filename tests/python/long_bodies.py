# Bodies longer than one compiled part (32 statements): the parts keep the order,
# the names, and what return, break and continue do.
def long_function(n):
    total = 0
    total += 0 * n
    total += 1 * n
    total += 2 * n
    total += 3 * n
    total += 4 * n
    total += 5 * n
    total += 6 * n
    total += 7 * n
    total += 8 * n
    total += 9 * n
    total += 10 * n
    total += 11 * n
    total += 12 * n
    total += 13 * n
    total += 14 * n
    total += 15 * n
    total += 16 * n
    total += 17 * n
    total += 18 * n
    total += 19 * n
    total += 20 * n
    total += 21 * n
    total += 22 * n
    total += 23 * n
    total += 24 * n
    total += 25 * n
    total += 26 * n
    total += 27 * n
    total += 28 * n
    total += 29 * n
    total += 30 * n
    total += 31 * n
    total += 32 * n
    total += 33 * n
    total += 34 * n
    total += 35 * n
    total += 36 * n
    total += 37 * n
    total += 38 * n
    total += 39 * n
    if n > 5:
        return total
    total -= 0
    total -= 1
    total -= 2
    total -= 3
    total -= 4
    total -= 5
    total -= 6
    total -= 7
    total -= 8
    total -= 9
    total -= 10
    total -= 11
    total -= 12
    total -= 13
    total -= 14
    total -= 15
    total -= 16
    total -= 17
    total -= 18
    total -= 19
    total -= 20
    total -= 21
    total -= 22
    total -= 23
    total -= 24
    total -= 25
    total -= 26
    total -= 27
    total -= 28
    total -= 29
    return -total
def long_loop(limit):
    seen = []
    for i in range(100):
        x = i
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        x = x + 0
        x = x + 1
        x = x + 2
        if i % 2 == 0:
            continue
        seen.append(x)
        if len(seen) >= limit:
            break
    else:
        seen.append('no break')
    return seen
class Wide:
    a0 = 0
    a1 = 1
    a2 = 2
    a3 = 3
    a4 = 4
    a5 = 5
    a6 = 6
    a7 = 7
    a8 = 8
    a9 = 9
    a10 = 10
    a11 = 11
    a12 = 12
    a13 = 13
    a14 = 14
    a15 = 15
    a16 = 16
    a17 = 17
    a18 = 18
    a19 = 19
    a20 = 20
    a21 = 21
    a22 = 22
    a23 = 23
    a24 = 24
    a25 = 25
    a26 = 26
    a27 = 27
    a28 = 28
    a29 = 29
    a30 = 30
    a31 = 31
    a32 = 32
    a33 = 33
    a34 = 34
    a35 = 35
    a36 = 36
    a37 = 37
    a38 = 38
    a39 = 39
    def total(self):
        return self.a0 + self.a7 + self.a14 + self.a21 + self.a28 + self.a35
def guarded(n):
    try:
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        n = n + 1
        return 10 // (n - 35)
    except ZeroDivisionError as error:
        return str(error)
    finally:
        print('finally', n)
print(long_function(3), long_function(7))
print(long_loop(3), long_loop(80)[-2:])
print(Wide().total(), Wide.a39)
print(guarded(0), guarded(1))
m0 = 0 * 2
m1 = 1 * 2
m2 = 2 * 2
m3 = 3 * 2
m4 = 4 * 2
m5 = 5 * 2
m6 = 6 * 2
m7 = 7 * 2
m8 = 8 * 2
m9 = 9 * 2
m10 = 10 * 2
m11 = 11 * 2
m12 = 12 * 2
m13 = 13 * 2
m14 = 14 * 2
m15 = 15 * 2
m16 = 16 * 2
m17 = 17 * 2
m18 = 18 * 2
m19 = 19 * 2
m20 = 20 * 2
m21 = 21 * 2
m22 = 22 * 2
m23 = 23 * 2
m24 = 24 * 2
m25 = 25 * 2
m26 = 26 * 2
m27 = 27 * 2
m28 = 28 * 2
m29 = 29 * 2
m30 = 30 * 2
m31 = 31 * 2
m32 = 32 * 2
m33 = 33 * 2
print(m0 + m33, m32)
