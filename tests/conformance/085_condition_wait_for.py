# Condition.wait_for(predicate): producer/consumer on a shared counter.
import asyncio

async def watcher(cond, state, name, target):
    async with cond:
        r = await cond.wait_for(lambda: state["n"] >= target)
        print(f"{name}: n={state['n']} reached {target} (predicate gave {r}) at {asyncio.get_running_loop().time()}")

async def producer(cond, state):
    for i in range(5):
        await asyncio.sleep(0.2)
        async with cond:
            state["n"] += 1
            print("produced; n =", state["n"])
            cond.notify_all()

async def main():
    cond = asyncio.Condition()
    state = {"n": 0}
    ws = [asyncio.create_task(watcher(cond, state, f"w{t}", t)) for t in (3, 1, 5, 0)]
    await asyncio.gather(producer(cond, state), *ws)
    async with cond:
        r = await cond.wait_for(lambda: "already true")
        print("immediate wait_for:", r)
    try:
        async with asyncio.timeout(0.5):
            async with cond:
                await cond.wait_for(lambda: state["n"] > 100)
    except TimeoutError:
        print("gave up; lock released?", not cond.locked())

asyncio.run(main())
