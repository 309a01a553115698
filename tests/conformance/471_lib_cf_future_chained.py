# A concurrent future asked while another thread holds its condition, and
# asyncio's chaining (run_in_executor, wrap_future), which asks finished
# futures done/cancelled/exception/result; an uncaught error from result()
# keeps its frames.
import asyncio
import concurrent.futures as cf
import threading
import time


def holder(f, ready):
    with f._condition:
        ready.set()
        time.sleep(1)
    print('holder released at', time.monotonic())


def work(i):
    time.sleep(i / 10)
    if i == 3:
        raise KeyError(i)
    return i * i


async def main():
    loop = asyncio.get_running_loop()
    futs = [loop.run_in_executor(None, work, i) for i in range(5)]
    print(await asyncio.gather(*futs, return_exceptions=True))
    with cf.ThreadPoolExecutor(2) as ex:
        cfs = [ex.submit(work, i) for i in (0, 1, 2, 4)]
        print(await asyncio.wrap_future(cfs[1]), [c.done() for c in cfs])
        print([(c.done(), c.running()) for c in cfs])
    print([c.result() for c in cfs], loop.time())


f = cf.Future()
f.set_result('late')
ready = threading.Event()
t = threading.Thread(target=holder, args=(f, ready))
t.start()
ready.wait()
print('done while held:', f.done(), f.result(), 'at', time.monotonic())
t.join()
asyncio.run(main())
f = cf.Future()
f.set_exception(ValueError('last'))
f.result()
