# run_in_executor and to_thread with every kind of callable whose name
# labels the executor's future (C for partials around a Python function):
# nested partials, a lambda, a bound method, a builtin, a callable object,
# a class, a function whose __qualname__ was emptied or replaced.
import asyncio
import functools
import time


def work(*args, **kwargs):
    time.sleep(0.05)
    return (args, sorted(kwargs.items()))


class Job:
    def run(self, x):
        return ('run', x)

    def __call__(self, x):
        return ('call', x)


def renamed(x):
    return ('renamed', x)


def nameless(x):
    return ('nameless', x)


renamed.__qualname__ = 'Other.name'
nameless.__qualname__ = ''


class MyPartial(functools.partial):
    pass


async def main():
    loop = asyncio.get_running_loop()
    p1 = functools.partial(work, 1)
    p2 = functools.partial(p1, 2, k=3)
    p3 = functools.partial(functools.partial(functools.partial(p2, 4)))
    callables = [work, p1, p2, p3, lambda x: ('lambda', x), Job().run, Job(),
                 Job, len, renamed, nameless, functools.partial(nameless),
                 MyPartial(work, 9), functools.partial(MyPartial(work, 8), 7)]
    for i, fn in enumerate(callables):
        arg = [i] if fn is not Job else []
        if fn is len:
            arg = ['abc']
        for result in (await loop.run_in_executor(None, fn, *arg),
                       await asyncio.to_thread(fn, *arg)):
            print(i, type(result).__name__ if fn is Job else result)
    print(await asyncio.gather(*[asyncio.to_thread(p3, i) for i in range(3)]))
    print(loop.time())


asyncio.run(main())
