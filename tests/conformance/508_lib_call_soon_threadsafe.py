# call_soon_threadsafe from worker threads and from the loop (C when the
# loop's methods are the library's): extra arguments,
# the handle it returns, context=None, a loop subclass overriding _write_to_self, one in
# debug mode given a coroutine, and a closed loop.
import asyncio
import time

def report(*args):
    print('callback', args)


def worker(loop, n):
    time.sleep(0.1 * n)
    handle = loop.call_soon_threadsafe(report, 'thread', n)
    loop.call_soon_threadsafe(report, 'ctx', n, context=None)
    return type(handle).__name__, handle.cancelled()


class LoudLoop(asyncio.SelectorEventLoop):
    def _write_to_self(self):
        print('  wake')
        super()._write_to_self()


async def main(name):
    loop = asyncio.get_running_loop()
    print(name, await asyncio.gather(*[asyncio.to_thread(worker, loop, n) for n in range(3)]))
    h = loop.call_soon_threadsafe(report, 'loop', 'a', 'b', 'c', 'd')
    h2 = loop.call_soon_threadsafe(report)
    h2.cancel()
    await asyncio.sleep(0)
    print(name, h.cancelled(), h2.cancelled())
    if loop.get_debug():
        try:
            loop.call_soon_threadsafe(main)
        except TypeError as exc:
            print(name, 'debug:', exc)


asyncio.run(main('default'))
asyncio.run(main('debug'), debug=True)
loop = LoudLoop()
loop.run_until_complete(main('loud'))
loop.close()
try:
    loop.call_soon_threadsafe(report, 'closed')
except RuntimeError as exc:
    print('closed:', exc)
