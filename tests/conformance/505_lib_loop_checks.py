# The event loop's small checks that run_in_executor and
# call_soon_threadsafe make (C when the loop's attributes are plain): a
# closed loop, a shut-down default executor, a subclass whose _closed is
# a property or a falsy non-bool, and is_closed() on each.
import asyncio
import time


def work(x):
    time.sleep(0.1)
    return x * 2


class PropertyLoop(asyncio.SelectorEventLoop):
    @property
    def _closed(self):
        return self.__dict__.get('closed_flag', False)

    @_closed.setter
    def _closed(self, value):
        self.__dict__['closed_flag'] = value


class ZeroLoop(asyncio.SelectorEventLoop):
    pass


async def main(name):
    loop = asyncio.get_running_loop()
    print(name, 'is_closed', loop.is_closed())
    print(name, 'result', await loop.run_in_executor(None, work, 21))
    print(name, 'to_thread', await asyncio.to_thread(work, 5))
    loop.call_soon_threadsafe(print, name, 'threadsafe callback')
    await asyncio.sleep(0)
    await loop.shutdown_default_executor()
    try:
        loop.run_in_executor(None, work, 1)
    except RuntimeError as exc:
        print(name, 'after shutdown:', exc)


asyncio.run(main('default'))
for name, cls in [('property', PropertyLoop), ('zero', ZeroLoop)]:
    loop = cls()
    if name == 'zero':
        loop._closed = 0
    loop.run_until_complete(main(name))
    print(name, 'is_closed before close', loop.is_closed())
    loop.close()
    print(name, 'is_closed after close', loop.is_closed())
closed = asyncio.new_event_loop()
closed.close()
for call in (lambda: closed.call_soon_threadsafe(print, 'x'),
             lambda: closed.run_in_executor(None, work, 1)):
    try:
        call()
    except RuntimeError as exc:
        print('closed loop:', exc)
print(closed.is_closed())
