# `await asyncio.sleep(d)` in a task's loop while what sleep(0)'s quick way
# relies on changes under it: the delay's type and sign, an explicit
# result, keywords, sleep's defaults, its module's __sleep0 replaced and
# put back, and the module's names changed.
import asyncio
import asyncio.tasks as tasks

real_sleep0 = tasks.__dict__["__sleep0"]
log = []



def my_sleep0():
    log.append("my __sleep0")
    return real_sleep0()


async def spinner(name, n):
    got = []
    for i in range(n):
        r = await asyncio.sleep(0)
        got.append(r)
        r = await asyncio.sleep(-1, i)
        got.append(r)
        r = await asyncio.sleep(0.0)
        got.append(r)
        r = await asyncio.sleep(False)
        got.append(r)
        r = await asyncio.sleep(0, None)
        got.append(r)
        r = await asyncio.sleep(delay=0)
        got.append(r)
        r = await asyncio.sleep(0, result="kw")
        got.append(r)
    print(name, got)


async def main():
    await spinner("plain", 2)
    asyncio.sleep.__defaults__ = ("default",)
    print("defaults", await asyncio.sleep(0), await asyncio.sleep(-0.5))
    asyncio.sleep.__defaults__ = (None,)
    print("back", await asyncio.sleep(0))
    tasks.__dict__["__sleep0"] = my_sleep0
    await spinner("patched", 1)
    print("timed", await asyncio.sleep(0.25, "t"), await asyncio.sleep(0.5))
    print(log)
    tasks.__dict__["__sleep0"] = real_sleep0
    log.clear()
    tasks.extra_name = 1
    await spinner("new key", 1)
    del tasks.extra_name
    await asyncio.gather(spinner("a", 2), spinner("b", 1))
    print("timed", await asyncio.sleep(0.25, "t"), await asyncio.sleep(1))
    print(log, asyncio.get_running_loop().time())


asyncio.run(main())
