# task.cancel(): CancelledError inside the task, cancelled(), done(), return values.
import asyncio

async def looper():
    n = 0
    try:
        while True:
            print("looping", n)
            n += 1
            await asyncio.sleep(0.3)
    except asyncio.CancelledError:
        print("looper saw CancelledError after", n, "rounds")
        raise

async def main():
    t = asyncio.create_task(looper())
    await asyncio.sleep(1)
    print("before cancel: done", t.done(), "cancelled", t.cancelled())
    print("cancel() ->", t.cancel())
    print("right after cancel: done", t.done(), "cancelled", t.cancelled())
    print("cancel() again ->", t.cancel())
    await asyncio.sleep(0)
    print("after one yield: done", t.done(), "cancelled", t.cancelled())
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result() raised CancelledError", e.args)
    try:
        t.exception()
    except asyncio.CancelledError:
        print("exception() raised CancelledError too")
    print("cancel() on cancelled task ->", t.cancel())
    print("is CancelledError an Exception?", issubclass(asyncio.CancelledError, Exception))
    print("is it a BaseException?", issubclass(asyncio.CancelledError, BaseException))

asyncio.run(main())
