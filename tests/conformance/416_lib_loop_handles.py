# Handles and timers seen from a program: call_soon/call_later/call_at results, cancel, order, errors.
import asyncio
import functools

def handler(loop, context):
    print('handler:', context['message'], type(context['exception']).__name__,
          context['handle'] is seen[0], sorted(context))

seen = []

async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    h = loop.call_soon(print, 'soon', 1, context=None)
    print(repr(h), isinstance(h, asyncio.Handle), h.cancelled())
    p = loop.call_soon(functools.partial(print, 'partial'), 'x')
    print(repr(p))
    seen.append(loop.call_soon(int, 'x'))
    c = loop.call_soon(print, 'never')
    c.cancel(); c.cancel()
    print(repr(c), c.cancelled())
    t1 = loop.call_later(0.5, print, 't1')
    t2 = loop.call_at(loop.time() + 0.25, print, 't2')
    t3 = loop.call_later(0.5, print, 't3 after t1')
    t4 = loop.call_at(1, print, 'at one')
    print(isinstance(t1, asyncio.TimerHandle), isinstance(t1, asyncio.Handle))
    print(t1.when(), t2.when(), t4.when(), t2 < t1, t1 <= t3, t3 > t2, t1 == t1, t1 != t2)
    print(hash(t1) == hash(t1.when()), len(loop._scheduled), loop._scheduled[0].when())
    t5 = loop.call_later(0.3, print, 'cancelled timer')
    t5.cancel()
    print(t5.cancelled(), len(loop._scheduled))
    for bad in (lambda: loop.call_later(None, print), lambda: loop.call_at(None, print),
                lambda: loop.call_soon(), lambda: loop.call_later(1)):
        try:
            bad()
        except TypeError as e:
            print('TypeError:', e)
    await asyncio.sleep(0)
    print('after one iteration', loop.time())
    await asyncio.sleep(2)
    print('done', loop.time(), len(loop._scheduled))
    many = [loop.call_later(5 + i % 3, print, i) for i in range(300)]
    for t in many[:250]:
        t.cancel()
    await asyncio.sleep(0)
    print(len(loop._scheduled), loop._scheduled[0].when())
    await asyncio.sleep(10)

asyncio.run(main())
