# asyncio.run in a worker thread next to the main loop; get_event_loop in a thread.
import asyncio, threading, time

async def side(n):
    for i in range(n):
        await asyncio.sleep(0.3)
        print("side tick", i, threading.current_thread().name)
    return "side done"

def thread_main():
    try:
        asyncio.get_event_loop()
    except RuntimeError as e:
        print("thread:", e)
    print(asyncio.run(side(3)))

async def main():
    t = threading.Thread(target=thread_main, name="worker")
    t.start()
    for i in range(4):
        await asyncio.sleep(0.25)
        print("main tick", i)
    await asyncio.to_thread(t.join)
    print("joined")
asyncio.run(main())
