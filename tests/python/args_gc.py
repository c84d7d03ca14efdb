# Bad arguments to each function of `gc`: the exception type and text CPython 3.11 gives.
import gc


def t(f):
    try:
        result = f()
        print('ok', type(result).__name__)
    except Exception as e:
        print(type(e).__name__, e)


class Index:
    def __index__(self):
        return 0


print('collect')
t(lambda: gc.collect(3))
t(lambda: gc.collect(-1))
t(lambda: gc.collect('x'))
t(lambda: gc.collect(1.5))
t(lambda: gc.collect(None))
t(lambda: gc.collect(1, 2))
t(lambda: gc.collect(generation=5))
t(lambda: gc.collect(gen=1))
t(lambda: gc.collect(1, generation=1))
t(lambda: gc.collect(2**40))
t(lambda: gc.collect(-2**40))
t(lambda: gc.collect(2**70))
t(lambda: gc.collect(True))
t(lambda: gc.collect(Index()))
t(lambda: gc.collect(generation=0))

print('no arguments')
for name in ['enable', 'disable', 'isenabled', 'get_count', 'get_threshold',
             'get_stats', 'get_debug', 'freeze', 'unfreeze', 'get_freeze_count']:
    t(lambda: getattr(gc, name)(1))
    t(lambda: getattr(gc, name)(x=1))
    t(lambda: getattr(gc, name)(1, 2))
gc.enable()
gc.unfreeze()

print('set_threshold')
saved = gc.get_threshold()
t(lambda: gc.set_threshold())
t(lambda: gc.set_threshold(1, 2, 3, 4))
t(lambda: gc.set_threshold('a'))
t(lambda: gc.set_threshold(1.5))
t(lambda: gc.set_threshold(700, 'a'))
t(lambda: gc.set_threshold(700, 10, None))
t(lambda: gc.set_threshold(2**40))
t(lambda: gc.set_threshold(-2**40))
t(lambda: gc.set_threshold(2**70))
t(lambda: gc.set_threshold(-2**70))
t(lambda: gc.set_threshold(x=1))
t(lambda: gc.set_threshold(threshold0=1))
t(lambda: gc.set_threshold(Index(), 5))
print(gc.get_threshold()[1])
gc.set_threshold(*saved)
print(gc.get_threshold() == saved)

print('set_debug')
t(lambda: gc.set_debug())
t(lambda: gc.set_debug('a'))
t(lambda: gc.set_debug(1.5))
t(lambda: gc.set_debug(None))
t(lambda: gc.set_debug(1, 2))
t(lambda: gc.set_debug(flags=1))
t(lambda: gc.set_debug(2**40))
t(lambda: gc.set_debug(-2**40))
t(lambda: gc.set_debug(2**70))
t(lambda: gc.set_debug(-1))
print(gc.get_debug())
t(lambda: gc.set_debug(Index()))
print(gc.get_debug())

print('get_objects')
t(lambda: gc.get_objects(generation=5))
t(lambda: gc.get_objects(3))
t(lambda: gc.get_objects(-5))
t(lambda: gc.get_objects(-2))
t(lambda: gc.get_objects('a'))
t(lambda: gc.get_objects(1.5))
t(lambda: gc.get_objects(b''))
t(lambda: gc.get_objects(1, 2))
t(lambda: gc.get_objects(gen=1))
t(lambda: gc.get_objects(0, generation=1))
t(lambda: gc.get_objects(2**70))
t(lambda: gc.get_objects(-2**70))
t(lambda: gc.get_objects(-1))
t(lambda: gc.get_objects(None))
t(lambda: gc.get_objects(generation=None))
t(lambda: gc.get_objects(Index()))
t(lambda: gc.get_objects(True))

print('referrers and referents')
t(lambda: gc.get_referrers(x=1))
t(lambda: gc.get_referents(x=1))
t(lambda: gc.get_referrers(1, x=1))
t(lambda: gc.get_referents(1, x=1))
t(lambda: gc.get_referrers())
t(lambda: gc.get_referents())

print('one argument')
for name in ['is_tracked', 'is_finalized']:
    t(lambda: getattr(gc, name)())
    t(lambda: getattr(gc, name)(1, 2))
    t(lambda: getattr(gc, name)(obj=1))
    t(lambda: getattr(gc, name)(1, obj=1))
