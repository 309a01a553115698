# call_soon / call_later / call_at ordering, with positional args.
import asyncio

def show(*args):
    loop = asyncio.get_running_loop()
    print(f"[{loop.time():.2f}]", *args)

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, show, "later 0.2", 1, 2)
    loop.call_at(loop.time() + 0.1, show, "at +0.1")
    loop.call_soon(show, "soon 1")
    loop.call_later(0, show, "later 0")
    loop.call_soon(show, "soon 2", "extra", None)
    loop.call_at(0.2, show, "at 0.2 (same as later 0.2)")
    loop.call_later(-1, show, "later -1")
    loop.call_soon(lambda: loop.call_soon(show, "soon from soon"))
    loop.call_soon(lambda: loop.call_later(0, show, "later 0 from soon"))
    show("main before yielding")
    await asyncio.sleep(0)
    show("main after sleep(0)")
    await asyncio.sleep(0)
    show("main after 2nd sleep(0)")
    await asyncio.sleep(0.15)
    show("main after sleep(0.15)")
    h = loop.call_later(0.05, show, "chained start")
    print("handle when:", round(h.when(), 3))
    for i in range(3):
        loop.call_later(0.3, show, "fifo", i)
    await asyncio.sleep(0.3)
    show("main woke at the fifo deadline (scheduled last)")
    await asyncio.sleep(0.1)
    show("end")

asyncio.run(main())
