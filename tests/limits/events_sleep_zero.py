# Awaits, so no instruction limit; but the virtual clock never moves and
# the trace grows forever.
import asyncio

async def main():
    while True:
        await asyncio.sleep(0)

asyncio.run(main())
