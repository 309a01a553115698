# The timer heap changed by the program itself: a handle's _when set and
# the heap re-heapified, a cancelled timer, a timer added and the list
# sorted in place.  The loop keeps a memory of the heap's keys beside
# loop._scheduled; it must notice all of these.
import asyncio
import heapq


def cb(name):
    loop = asyncio.get_running_loop()
    print(name, loop.time())


async def main():
    loop = asyncio.get_running_loop()
    hs = [loop.call_later(d, cb, f"t{d}") for d in (0.5, 0.1, 0.3, 0.2, 0.4)]
    hs[0]._when = loop.time() + 0.05
    heapq.heapify(loop._scheduled)
    print([h._when for h in loop._scheduled][:1])
    hs[2].cancel()
    await asyncio.sleep(0.25)
    loop.call_later(0.01, cb, "extra")
    loop._scheduled.sort()
    late = loop.call_later(0.3, cb, "late")
    late._when = loop.time() + 0.02
    heapq.heapify(loop._scheduled)
    swapped = loop._scheduled
    loop._scheduled = list(reversed(swapped))
    heapq.heapify(loop._scheduled)
    await asyncio.sleep(0.5)
    print(len(loop._scheduled))


asyncio.run(main())
