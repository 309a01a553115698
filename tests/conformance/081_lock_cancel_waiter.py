# Lock waiters that get cancelled or time out do not take the lock.
import asyncio

async def holder(lock):
    async with lock:
        print("holder has lock")
        await asyncio.sleep(1)
        print("holder done")

async def contender(lock, name):
    try:
        async with lock:
            print(name, "acquired at", asyncio.get_running_loop().time())
            await asyncio.sleep(0.1)
    except asyncio.CancelledError:
        print(name, "cancelled while waiting; locked?", lock.locked())
        raise

async def main():
    lock = asyncio.Lock()
    h = asyncio.create_task(holder(lock))
    c1 = asyncio.create_task(contender(lock, "c1"))
    c2 = asyncio.create_task(contender(lock, "c2"))
    c3 = asyncio.create_task(contender(lock, "c3"))
    await asyncio.sleep(0.5)
    c2.cancel()
    try:
        async with asyncio.timeout(0.2):
            await lock.acquire()
    except TimeoutError:
        print("main gave up waiting at", asyncio.get_running_loop().time())
    await asyncio.gather(h, c1, c2, c3, return_exceptions=True)
    print("states:", c1.cancelled(), c2.cancelled(), c3.cancelled(), lock.locked())
    r = await asyncio.wait_for(lock.acquire(), 1)
    print("acquire returns", r, lock.locked())
    lock.release()

asyncio.run(main())
