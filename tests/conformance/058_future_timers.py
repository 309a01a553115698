# Futures resolved by timers wake their awaiters in timer order.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    order = []
    def make(delay, label):
        f = loop.create_future()
        h = loop.call_later(delay, f.set_result, label)
        return f, h
    pairs = [make(d, l) for d, l in [(0.3, "c"), (0.1, "a"), (0.2, "b"), (0.1, "a2")]]
    async def await_it(f):
        v = await f
        order.append(v)
        print("woke:", v, "at", loop.time())
    tasks = [asyncio.create_task(await_it(f)) for f, h in pairs]
    await asyncio.sleep(0.15)
    print("handle when:", [round(h.when(), 3) for f, h in pairs])
    pairs[0][1].cancel()
    print("cancelled the 0.3 timer; cancelled()?", pairs[0][1].cancelled())
    await asyncio.sleep(0.5)
    print("order:", order, "c future done?", pairs[0][0].done())
    pairs[0][0].set_result("c-manual")
    await tasks[0]
    print("order:", order)
    f = loop.create_future()
    loop.call_at(loop.time() + 1, f.set_result, "call_at")
    loop.call_later(1, print, "call_later with same deadline")
    print(await f, "at", loop.time())
    await asyncio.sleep(0)
    print("end")

asyncio.run(main())
