# In 3.11 asyncio.TimeoutError is the builtin TimeoutError (an OSError).
import asyncio

async def main():
    print(asyncio.TimeoutError is TimeoutError)
    print(issubclass(TimeoutError, OSError), TimeoutError.__name__)
    print(asyncio.CancelledError.__name__, asyncio.InvalidStateError.__name__)
    caught = []
    for kind in ["builtin", "asyncio", "oserror", "exception"]:
        try:
            await asyncio.wait_for(asyncio.sleep(1), 0.1)
        except TimeoutError if kind == "builtin" else (
            asyncio.TimeoutError if kind == "asyncio" else (
                OSError if kind == "oserror" else Exception)) as e:
            caught.append((kind, type(e).__name__, e.args))
    for c in caught:
        print(c)
    try:
        raise TimeoutError("manual")
    except asyncio.TimeoutError as e:
        print("manual caught:", repr(e), str(e))
    try:
        async with asyncio.timeout(0.1):
            await asyncio.sleep(1)
    except OSError as e:
        print("timeout() error is OSError:", type(e).__name__, e.errno, e.args)
    print(str(TimeoutError()), "|", repr(asyncio.TimeoutError()))

asyncio.run(main())
