# `super().name(...)`: a function found after the class is called with the instance
# first; anything else (a class or static method, a property, object's own methods, a
# missing name) goes through the super object as CPython's lookup does.
class Base:
    def __init__(self, value):
        self.value = value

    def describe(self, prefix, suffix='.'):
        return prefix + ' Base ' + str(self.value) + suffix

    @classmethod
    def make(cls, value):
        return cls.__name__ + ' made ' + str(value)

    @staticmethod
    def helper(x):
        return 'static ' + str(x)

    @property
    def doubled(self):
        return self.value * 2


class Left(Base):
    def describe(self, prefix, suffix='.'):
        return super().describe(prefix + ' Left', suffix=suffix)


class Right(Base):
    def describe(self, prefix, suffix='.'):
        return super().describe(prefix + ' Right', suffix)


class Both(Left, Right):
    def __init__(self, value):
        super().__init__(value * 10)

    def describe(self, prefix, suffix='.'):
        return super().describe(prefix + ' Both', suffix='!')

    def others(self):
        results = [super().make(3), super().helper(4), super().doubled]
        try:
            super().missing()
        except AttributeError as error:
            results.append(str(error))
        results.append(super().__class__.__name__)
        results.append(type(super().__repr__()).__name__)
        return results


b = Both(2)
print(b.describe('>'))
print(Left(1).describe('<'), Right(5).describe('-', '?'))
print(b.others())
print(super(Left, b).describe('direct'))
print(super(Both, Both).make(7))


class Plain:
    def __init__(self):
        super().__init__()
        self.ready = True

    def __setattr__(self, name, value):
        print('setting', name)
        super().__setattr__(name, value)

    def __eq__(self, other):
        return super().__eq__(other)


p = Plain()
print(p.ready, p == p, p == Plain(), p.__eq__(3))
for n in range(3):
    print(Left(n).describe(str(n)))
