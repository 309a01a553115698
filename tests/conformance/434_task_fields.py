# A task's _log_destroy_pending and name: what gather sets on its children,
# what a program may set, and the names tasks get by their count.
import asyncio


async def child(n):
    await asyncio.sleep(n / 10)
    return n


async def main():
    t = asyncio.create_task(child(1))
    print(t.get_name(), t._log_destroy_pending)
    t._log_destroy_pending = 0
    print(t._log_destroy_pending)
    t._log_destroy_pending = "yes"
    print(t._log_destroy_pending)
    await t
    children = [asyncio.ensure_future(child(i)) for i in range(3)]
    print([c._log_destroy_pending for c in children])
    g = asyncio.gather(*children)
    print([c._log_destroy_pending for c in children], [c.get_name() for c in children])
    print(await g)
    named = asyncio.create_task(child(0), name=12345)
    print(repr(named.get_name()), named._log_destroy_pending)
    await named
    many = [asyncio.create_task(child(0)) for _ in range(12)]
    await asyncio.gather(*many)
    print(many[0].get_name(), many[-1].get_name())
    g2 = asyncio.gather(child(1), child(2))
    print([c._log_destroy_pending for c in g2._children], [c.get_name() for c in g2._children])
    print(await g2)


asyncio.run(main())
