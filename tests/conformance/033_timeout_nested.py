# Nested timeouts: the inner or the outer one fires; only the right one raises.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(3) as outer:
            try:
                async with asyncio.timeout(1) as inner:
                    await asyncio.sleep(2)
            except TimeoutError:
                print("inner fired at", loop.time(), inner.expired(), outer.expired())
            await asyncio.sleep(0.5)
            print("outer body continues at", loop.time())
    except TimeoutError:
        print("outer should not fire")
    print("outer expired?", outer.expired())
    try:
        async with asyncio.timeout(1) as outer:
            try:
                async with asyncio.timeout(3) as inner:
                    await asyncio.sleep(2)
            except TimeoutError:
                print("inner handler should not run")
            finally:
                print("inner finally at", loop.time(), "inner expired", inner.expired())
    except TimeoutError:
        print("outer fired at", loop.time(), "outer expired", outer.expired())
    try:
        async with asyncio.timeout(1) as a:
            async with asyncio.timeout(1) as b:
                await asyncio.sleep(5)
    except TimeoutError:
        print("equal deadlines: a", a.expired(), "b", b.expired(), "at", loop.time())
    print("cancelling:", asyncio.current_task().cancelling())

asyncio.run(main())
