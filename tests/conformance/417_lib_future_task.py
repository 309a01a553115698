# Future and Task seen from a program: states, errors, done callbacks and their order, cancel messages, names, subclasses.
import asyncio
import functools


def attempt(label, fn):
    try:
        print(label, fn())
    except BaseException as exc:
        print(label, type(exc).__name__, exc)


class Recorder:
    def __init__(self):
        self.calls = []

    def done(self, fut):
        self.calls.append(('done', fut.cancelled()))


class LoudFuture(asyncio.Future):
    def add_done_callback(self, fn, *, context=None):
        print('LoudFuture.add_done_callback', getattr(fn, '__qualname__', '?'))
        super().add_done_callback(fn, context=context)


class NamedTask(asyncio.Task):
    pass


async def child(n):
    await asyncio.sleep(n)
    return n * 10


async def failing():
    await asyncio.sleep(0)
    raise ValueError('child failed')


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print('stubborn: swallowed the cancellation')
    return 'kept going'


async def futures_part(loop):
    f = loop.create_future()
    print(f, f.done(), f.cancelled(), asyncio.isfuture(f), f.get_loop() is loop)
    attempt('result pending:', f.result)
    attempt('exception pending:', f.exception)
    f.add_done_callback(functools.partial(print, 'first:'))
    f.add_done_callback(functools.partial(print, 'second:'))
    f.add_done_callback(print)
    print(f)
    print('removed print:', f.remove_done_callback(print))
    print(f)
    f.set_result([1, 2, 3])
    print(f, f.result())
    await asyncio.sleep(0)
    print('after one loop turn')
    attempt('set_result twice:', lambda: f.set_result(0))
    attempt('cancel done:', f.cancel)

    g = loop.create_future()
    attempt('set_exception class:', lambda: g.set_exception(KeyError))
    attempt('g.result():', g.result)
    print('g.exception():', repr(g.exception()))
    h = loop.create_future()
    attempt('StopIteration:', lambda: h.set_exception(StopIteration()))
    attempt('not an exception:', lambda: h.set_exception(42))
    print('h still pending:', h.done())

    r = Recorder()
    c = loop.create_future()
    c.add_done_callback(r.done)
    c.add_done_callback(r.done)
    print('removed bound method:', c.remove_done_callback(r.done))
    c.add_done_callback(r.done)
    print('cancel:', c.cancel('no longer needed'), c.cancelled(), c.done())
    attempt('cancelled result:', c.result)
    attempt('cancelled exception:', c.exception)
    await asyncio.sleep(0)
    print('recorder:', r.calls)

    late = loop.create_future()
    late.set_result('late')
    late.add_done_callback(functools.partial(print, 'callback on a done future'))
    print('added to a done future')
    await asyncio.sleep(0)

    w = loop.create_future()
    print('blocking before await:', w._asyncio_future_blocking)
    loop.call_later(0.5, w.set_result, 'woken')
    print('awaited:', await w, w._asyncio_future_blocking)

    lf = LoudFuture(loop=loop)
    loop.call_later(0.25, lf.set_result, 'loud')
    print('LoudFuture awaited:', await lf)


async def tasks_part(loop):
    me = asyncio.current_task()
    print('current task:', me.get_name(), type(me).__name__, me.done())
    t = asyncio.create_task(child(1))
    print('new task:', t.get_name(), t.get_coro().__qualname__, t.done())
    t.set_name(12345)
    print('renamed:', t.get_name(), repr(t.get_name()))
    print('result:', await t, t.done(), t.result())
    attempt('set_result:', lambda: t.set_result(1))
    attempt('set_exception:', lambda: t.set_exception(ValueError()))

    s = asyncio.create_task(child(3), name='sleeper')
    await asyncio.sleep(0.5)
    print('cancel:', s.cancel('stop now'), s.cancelling(), s.cancel('again'), s.cancelling())
    try:
        await s
    except asyncio.CancelledError as exc:
        print('awaiting a cancelled task:', repr(exc), s.cancelled())
    print('uncancel:', s.uncancel(), s.uncancel(), s.uncancel())

    st = asyncio.create_task(stubborn(), name='stubborn')
    await asyncio.sleep(0.5)
    st.cancel()
    print('stubborn result:', await st, st.cancelled(), st.cancelling())

    fl = asyncio.create_task(failing(), name='failing')
    await asyncio.sleep(0.1)
    print('failed task:', fl.done(), repr(fl.exception()))

    nt = NamedTask(child(0.5), name='subclassed')
    print('subclass:', type(nt).__name__, isinstance(nt, asyncio.Task), await nt)

    async def await_self():
        await asyncio.current_task()

    try:
        await asyncio.create_task(await_self(), name='selfish')
    except RuntimeError as exc:
        print('RuntimeError:', str(exc).split(':')[0])

    class BadAwaitable:
        def __await__(self):
            yield 'not a future'

    async def bad_yield():
        await BadAwaitable()

    try:
        await asyncio.create_task(bad_yield())
    except RuntimeError as exc:
        print('RuntimeError:', exc)

    attempt('not a coroutine:', lambda: asyncio.Task(42))

    results = await asyncio.gather(child(0.2), child(0.1), failing(), return_exceptions=True)
    print('gather:', [repr(x) for x in results])
    print('tasks left:', len(asyncio.all_tasks()))


async def main():
    loop = asyncio.get_running_loop()
    await futures_part(loop)
    await tasks_part(loop)
    print('done at', loop.time())


asyncio.run(main())
