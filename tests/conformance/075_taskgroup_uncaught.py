# An uncaught ExceptionGroup ends the program (exit 1, the group's line).
import asyncio

async def fetch(url, d):
    await asyncio.sleep(d)
    if "bad" in url:
        raise ConnectionError(f"cannot reach {url}")
    print("fetched", url)
    return url

async def main():
    async with asyncio.TaskGroup() as tg:
        for i, url in enumerate(["a.org", "bad.org", "c.org", "bad2.org"]):
            tg.create_task(fetch(url, 0.1 * (i + 1)), name=url)
    print("not reached")

asyncio.run(main())
