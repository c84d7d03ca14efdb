# f-strings, str.format and % formatting with CPython's texts.
name = 'pyobj'
width = 10
pi = 3.14159265
count = 1234567
print(f'{name}|{name!r}|{name:>{width}}|{name:*^11}')
print(f"{pi:.3f} {pi:10.2e} {count:,} {count:_x} {-count:+08d}")
print(f'{pi=}', f'{count = :,}', f'{name!a}', f'{"é"!a}')
print(f'{{literal}} {[1, 2][0]} {3 + 4}')
items = ['a', 'b']
print('{} and {}'.format(*items), '{0}{1}{0}'.format('x', 'y'), '{n:>4}'.format(n=7))
print('%s is %d years, %.2f%%' % ('Ann', 31, 99.5), '%5s|%-5s|' % ('r', 'l'), '%(k)r' % {'k': 'v'})
print('%x %o %e %g' % (255, 8, 12345.678, 0.0001))
