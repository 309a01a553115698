# wait_for that times out: the inner task is cancelled, TimeoutError raised.
import asyncio

async def slow_op(name):
    try:
        print(name, "working")
        await asyncio.sleep(3)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled by wait_for at", asyncio.get_running_loop().time())
        raise
    finally:
        print(name, "cleanup")

async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(slow_op("op1"), timeout=1)
    except TimeoutError as e:
        print("TimeoutError", repr(e), "is asyncio.TimeoutError:", type(e) is asyncio.TimeoutError)
    print("time", loop.time())
    t = asyncio.create_task(slow_op("op2"))
    try:
        await asyncio.wait_for(t, 0.5)
    except asyncio.TimeoutError:
        print("task timed out; cancelled?", t.cancelled(), "done?", t.done())
    try:
        await asyncio.wait_for(slow_op("op3"), timeout=0)
    except TimeoutError:
        print("timeout=0 on a coroutine: it never started")
    t4 = asyncio.create_task(slow_op("op4"))
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(t4, timeout=0)
    except TimeoutError:
        print("timeout=0 on a started task: cancelled?", t4.cancelled())
    print("end", loop.time())

asyncio.run(main())
