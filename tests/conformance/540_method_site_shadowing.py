# One method call site (`obj.f(x)`) met again and again by the same
# instance while its class and its own dict change under it: an instance
# attribute shadowing the method (set, through __dict__, through its
# update(), deleted), the class's method replaced and restored, __class__ switched
# to a subclass and back, unrelated attributes added and the dict cleared.
import asyncio


class Counter:
    def __init__(self, name):
        self.name = name

    def f(self, x):
        return f'{self.name}.f({x})'


class Loud(Counter):
    def f(self, x):
        return f'Loud {self.name}.f({x})'


def call_site(obj, x):
    return obj.f(x)   # the one site every call below goes through


async def main():
    c = Counter('c')
    steps = [
        ('plain', lambda: None),
        ('own attribute', lambda: setattr(c, 'f', lambda x: f'own f({x})')),
        ('own deleted', lambda: delattr(c, 'f')),
        ('through __dict__', lambda: c.__dict__.__setitem__('f', lambda x: f'dict f({x})')),
        ('popped from __dict__', lambda: c.__dict__.pop('f')),
        ('through update()', lambda: c.__dict__.update(f=lambda x: f'update f({x})')),
        ('cleared, name again', lambda: (c.__dict__.clear(), setattr(c, 'name', 'c2'))),
        ('unrelated attribute', lambda: setattr(c, 'other', 1)),
        ('class method replaced', lambda: setattr(Counter, 'f', lambda self, x: f'new f({x})')),
        ('class method restored', lambda: setattr(Counter, 'f', Counter.__dict__['g'])),
        ('__class__ to Loud', lambda: setattr(c, '__class__', Loud)),
        ('own attribute on Loud', lambda: setattr(c, 'f', lambda x: f'own f on Loud({x})')),
        ('own deleted on Loud', lambda: delattr(c, 'f')),
        ('__class__ back', lambda: setattr(c, '__class__', Counter)),
    ]
    Counter.g = Counter.f
    for label, change in steps:
        change()
        results = [call_site(c, i) for i in range(3)]
        print(f'{label:24} {results}')
        await asyncio.sleep(0)
    try:
        c.__dict__['f'] = 5
        call_site(c, 0)
    except TypeError as e:
        print('TypeError:', e)


asyncio.run(main())
