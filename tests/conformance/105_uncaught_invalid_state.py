# result() of an unfinished task, uncaught: InvalidStateError with module prefix.
import asyncio

async def slow():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("slow cancelled during asyncio.run cleanup")
        raise

async def main():
    t = asyncio.create_task(slow())
    await asyncio.sleep(1)
    print("done?", t.done())
    print("result:", t.result())

asyncio.run(main())
