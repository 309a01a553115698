# cancelling() counts cancel requests; uncancel() decrements it.
import asyncio

async def stubborn(rounds):
    me = asyncio.current_task()
    for i in range(rounds):
        try:
            await asyncio.sleep(1)
            print("slept fully", i)
        except asyncio.CancelledError:
            print(f"round {i}: swallowed, cancelling={me.cancelling()}")
    print("stubborn finishing, cancelling =", me.cancelling())
    print("uncancel ->", me.uncancel())
    print("uncancel ->", me.uncancel())
    return "survived"

async def main():
    t = asyncio.create_task(stubborn(3))
    await asyncio.sleep(0.5)
    print("cancelling before:", t.cancelling())
    t.cancel()
    print("cancelling after one cancel:", t.cancelling())
    t.cancel()
    print("after two cancels on same step:", t.cancelling())
    await asyncio.sleep(0.5)
    t.cancel()
    print("third cancel:", t.cancelling())
    print("result:", await t)
    print("cancelled()", t.cancelled(), "cancelling()", t.cancelling())
    print("main cancelling:", asyncio.current_task().cancelling())

asyncio.run(main())
