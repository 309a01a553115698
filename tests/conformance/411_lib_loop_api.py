# call_soon/call_later/call_at/cancel, exception handlers, run_in_executor, new_event_loop + run_forever/stop, Runner.
import asyncio, time

def cb(tag, loop):
    print("cb", tag, loop.time())

def bad():
    raise ValueError("bad callback")

async def main():
    loop = asyncio.get_running_loop()
    print(loop.is_running(), loop.is_closed())
    loop.call_soon(cb, "soon", loop)
    loop.call_later(0.5, cb, "later", loop)
    h = loop.call_at(loop.time() + 0.2, cb, "at", loop)
    h2 = loop.call_later(0.3, cb, "cancelled", loop)
    h2.cancel()
    print(h2.cancelled(), h.when())
    loop.call_soon(bad)
    await asyncio.sleep(1)
    f = loop.create_future()
    loop.call_later(0.1, f.set_result, 42)
    print(await f)
    def handler(loop, ctx):
        print("handler:", ctx['message'].split(' at ')[0], repr(ctx.get('exception')))
    loop.set_exception_handler(handler)
    loop.call_soon(bad)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(loop.get_exception_handler() is handler)
    loop.set_exception_handler(None)
    res = await loop.run_in_executor(None, time.sleep, 0.5)
    print("executor", res, loop.time())
    t = asyncio.current_task()
    print(t.get_name(), t.done(), t.cancelling())
    print(asyncio.iscoroutine(main()), asyncio.isfuture(f), asyncio.isfuture(t))

asyncio.run(main())

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
async def job(x):
    await asyncio.sleep(x)
    return x * 2
print(loop.run_until_complete(job(1)))
print(loop.time())
loop.call_later(1, loop.stop)
loop.run_forever()
print("stopped at", loop.time())
t = loop.create_task(job(0.5))
print(loop.run_until_complete(t), t.get_name())
loop.close()
print(loop.is_closed())
try:
    loop.run_until_complete(job(1))
except RuntimeError as e:
    print(e)
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print(e)
with asyncio.Runner() as r:
    print(r.run(job(0.25)))
    print(r.run(job(0.5)))
    print(r.get_loop().time())
