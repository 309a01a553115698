# A task that fails and is never awaited: nothing on stdout, the program goes on.
import asyncio

async def fail_silently(n):
    await asyncio.sleep(0.1 * n)
    print("task", n, "about to fail")
    raise RuntimeError(f"nobody looks at {n}")

async def main():
    tasks = [asyncio.create_task(fail_silently(i)) for i in range(3)]
    print("created", len(tasks), "tasks, not awaiting them")
    await asyncio.sleep(1)
    print("main keeps going; done flags:", [t.done() for t in tasks])
    print("exceptions:", [str(t.exception()) for t in tasks[:2]])
    fire_and_forget = asyncio.create_task(fail_silently(5))
    print("main returns before the last task fails")
    return "main result"

print(asyncio.run(main()))
print("after run")
