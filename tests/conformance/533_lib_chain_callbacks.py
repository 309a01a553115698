# The chain's callbacks when a worker's future finishes (C when they are the
# chain's alone): a second callback, a loop class with its own is_closed and
# call_soon_threadsafe, a replaced _copy_future_state, debug mode, and a
# loop closed before its worker finishes.
import asyncio
import asyncio.futures
import concurrent.futures
import time


def work(n):
    time.sleep(0.1 * n)
    return n


class TracingLoop(asyncio.SelectorEventLoop):
    checks = 0

    def is_closed(self):
        TracingLoop.checks += 1
        return super().is_closed()

    def call_soon_threadsafe(self, callback, *args, context=None):
        print('  call_soon_threadsafe', callback.__name__)
        return super().call_soon_threadsafe(callback, *args, context=context)


async def main(name):
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    cf = pool.submit(work, 1)
    a = asyncio.wrap_future(cf)
    cf.add_done_callback(lambda f: print('  second callback', f.result()))
    print(name, 'two callbacks', await a)
    print(name, 'to_thread', await asyncio.to_thread(work, 2), loop.time())
    pool.shutdown()


asyncio.run(main('plain'))
asyncio.run(main('debug'), debug=True)
loop = TracingLoop()
loop.run_until_complete(main('tracing'))
print('is_closed calls', TracingLoop.checks)
loop.close()
real_copy = asyncio.futures._copy_future_state


def copy(source, dest):
    print('  copy', source.result())
    real_copy(source, dest)


asyncio.futures._copy_future_state = copy
asyncio.run(main('copy'))
asyncio.futures._copy_future_state = real_copy
pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
loop = asyncio.new_event_loop()
late = asyncio.wrap_future(pool.submit(work, 3), loop=loop)
loop.run_until_complete(asyncio.sleep(0.1))
loop.close()
pool.shutdown(wait=True)
print('closed loop', late.done(), loop.is_closed())
