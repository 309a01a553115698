# The loop's debug flag switched while callbacks run: by a plain callback,
# by a task between its sleep(0)s, and by objects of a class of their own
# put in the loop's ready queue, whose `_cancelled` turns it on or off as
# the loop asks for it (adding a name to the loop too), just before it
# decides how to run them.
import asyncio


class Fake:
    def __init__(self, loop, name, flip):
        self.loop = loop
        self.name = name
        self.flip = flip

    @property
    def _cancelled(self):
        print("asked", self.name, self.loop.get_debug())
        if self.flip is not None:
            self.loop.extra_names = getattr(self.loop, "extra_names", 0) + 1
            self.loop.set_debug(self.flip)
        return False

    def _run(self):
        current = type(self.loop._current_handle).__name__
        print("run", self.name, self.loop.get_debug(), current)


async def spinner(name, n, switch_at):
    loop = asyncio.get_running_loop()
    for i in range(n):
        if i == switch_at:
            loop.set_debug(not loop.get_debug())
        await asyncio.sleep(0)
        current = type(loop._current_handle).__name__
        print(name, i, loop.get_debug(), current)


def flip(loop, name):
    loop.set_debug(not loop.get_debug())
    print("callback", name, loop.get_debug())


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(flip, loop, "one")
    await asyncio.gather(spinner("a", 4, 2), spinner("b", 3, -1))
    loop._ready.append(Fake(loop, "on", True))
    loop._ready.append(Fake(loop, "stay", None))
    loop._ready.append(Fake(loop, "off", False))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    loop.call_soon(flip, loop, "two")
    await spinner("c", 3, 1)
    loop.set_debug(False)
    print("end", loop.get_debug())


asyncio.run(main())
