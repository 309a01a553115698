# A task cancelling itself: CancelledError arrives at its next await.
import asyncio

async def quitter():
    me = asyncio.current_task()
    print("quitter cancels itself; cancel() ->", me.cancel("self"))
    print("still running synchronously; cancelling =", me.cancelling())
    try:
        await asyncio.sleep(1)
        print("not reached")
    except asyncio.CancelledError as e:
        print("CancelledError at the next await, args", e.args)
        raise

async def stubborn():
    me = asyncio.current_task()
    me.cancel()
    try:
        await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("stubborn swallowed its own cancel; uncancel ->", me.uncancel())
    await asyncio.sleep(0.5)
    return "stubborn done"

async def main():
    q = asyncio.create_task(quitter())
    try:
        await q
    except asyncio.CancelledError as e:
        print("main sees", repr(e), "q cancelled?", q.cancelled())
    print(await asyncio.create_task(stubborn()), asyncio.get_running_loop().time())
    try:
        asyncio.current_task().cancel()
        await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("main cancelled itself and caught it; uncancel ->", asyncio.current_task().uncancel())
    await asyncio.sleep(0.1)
    print("main finishes normally")

asyncio.run(main())
