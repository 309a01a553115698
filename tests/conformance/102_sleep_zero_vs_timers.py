# sleep(0) and negative sleeps are bare yields; tiny positive sleeps use a timer.
import asyncio

async def yielder(name, how):
    for i in range(2):
        await asyncio.sleep(how)
        print(f"{name} ({how}) resumed {i} at {asyncio.get_running_loop().time()!r}")

async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "call_soon A")
    loop.call_later(0, print, "call_later 0")
    tasks = [asyncio.create_task(yielder(n, h)) for n, h in
             [("zero", 0), ("neg", -5), ("tiny", 1e-12), ("float0", 0.0), ("small", 0.001)]]
    loop.call_soon(print, "call_soon B")
    await asyncio.gather(*tasks)
    print("done at", repr(loop.time()))
    order = []
    async def spin(tag):
        for _ in range(3):
            order.append(tag)
            await asyncio.sleep(0)
    await asyncio.gather(spin("x"), spin("y"), spin("z"))
    print("".join(order))

asyncio.run(main())
