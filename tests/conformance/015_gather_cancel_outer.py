# Cancelling the gather future: children get cancelled; outer is not cancelled().
import asyncio

async def child(name, delay):
    try:
        print(f"{name} waiting {delay}")
        await asyncio.sleep(delay)
        print(f"{name} completed")
        return name
    except asyncio.CancelledError as e:
        print(f"{name} got CancelledError args={e.args}")
        raise
    finally:
        print(f"{name} finally")

async def main():
    quick = asyncio.create_task(child("quick", 0.1))
    g = asyncio.gather(quick, child("slow1", 1), child("slow2", 2))
    await asyncio.sleep(0.5)
    print("cancel() returns", g.cancel())
    try:
        await g
    except asyncio.CancelledError as e:
        print("awaiting gather raised CancelledError, args", e.args)
    print("g.done", g.done(), "g.cancelled", g.cancelled())
    print("quick result still", quick.result())
    print("cancel again returns", g.cancel())
    g2 = asyncio.gather(child("x", 1), child("y", 1))
    await asyncio.sleep(0)
    g2.cancel("stop now")
    try:
        await g2
    except asyncio.CancelledError as e:
        print("g2 raised, args", e.args)
    g3 = asyncio.gather(child("z", 1), return_exceptions=True)
    await asyncio.sleep(0.1)
    g3.cancel()
    try:
        print("g3 result", await g3)
    except asyncio.CancelledError:
        print("g3 raised CancelledError despite return_exceptions")

asyncio.run(main())
