# Read-modify-write across an await loses updates; without an await it does not.
import asyncio

counter = {"safe": 0, "racy": 0}

async def safe_increment(n):
    for _ in range(n):
        counter["safe"] += 1
        await asyncio.sleep(0)

async def racy_increment(n):
    for _ in range(n):
        v = counter["racy"]
        await asyncio.sleep(0)
        counter["racy"] = v + 1
        print("racy wrote", v + 1)

async def main():
    await asyncio.gather(*[safe_increment(5) for _ in range(4)])
    await asyncio.gather(*[racy_increment(5) for _ in range(4)])
    print("safe:", counter["safe"], "racy:", counter["racy"])
    log = []
    async def worker(name, delays):
        for d in delays:
            await asyncio.sleep(d)
            log.append(name)
            print(f"{name} woke at {asyncio.get_running_loop().time():.1f}")
    await asyncio.gather(worker("a", [0.3, 0.1]), worker("b", [0.1, 0.1, 0.1]), worker("c", [0.2, 0.2]))
    print("interleaving:", " ".join(log))

asyncio.run(main())
