# asyncio.run inside a running loop is an error; run() returns main's value.
import asyncio

async def answer():
    await asyncio.sleep(0.5)
    return 42

async def main():
    c = answer()
    try:
        asyncio.run(c)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("the coroutine can still be awaited:", await c)
    try:
        asyncio.run(answer())
    except RuntimeError as e:
        print("again RuntimeError:", e)
    await asyncio.sleep(0)
    return "main value"

print("run returned:", asyncio.run(main()))
print("again:", asyncio.run(answer()))
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError:", e)
print("main module done")
