# get_running_loop() and get_event_loop() inside coroutines return the same loop.
import asyncio

async def inner():
    return asyncio.get_running_loop()

def sync_helper():
    return asyncio.get_running_loop()

async def main():
    loop = asyncio.get_running_loop()
    print("same loop from inner coroutine:", await inner() is loop)
    print("get_event_loop is the running loop:", asyncio.get_event_loop() is loop)
    print("sync helper inside coroutine:", sync_helper() is loop)
    print("is_running:", loop.is_running(), "is_closed:", loop.is_closed())
    t = asyncio.create_task(inner())
    print("from a task:", await t is loop, "task loop:", t.get_loop() is loop)
    loop.call_soon(lambda: print("callback sees loop:", asyncio.get_running_loop() is loop))
    await asyncio.sleep(0)
    print("time via loop:", loop.time())
    return loop

try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("outside a coroutine:", e)
loop = asyncio.run(main())
print("after run: is_closed", loop.is_closed(), "is_running", loop.is_running())
print("second run:", asyncio.run(inner()) is loop)
try:
    sync_helper()
except RuntimeError as e:
    print("again outside:", e)

async def answer():
    await asyncio.sleep(1)
    return 42

print("run returns", asyncio.run(answer()))
