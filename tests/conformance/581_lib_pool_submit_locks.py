# submit while another thread holds the pool's shutdown lock (the call
# waits for it), and futures made after threading.Condition is replaced
# (Future() reads it at every call).
import asyncio
import concurrent.futures as cf
import threading
import time


def work(i):
    time.sleep((i % 2) / 10)
    return i * 3


def holder(pool, seconds):
    with pool._shutdown_lock:
        print('  holding the shutdown lock')
        time.sleep(seconds)
    print('  released')


def submitter(pool):
    time.sleep(0.05)
    f = pool.submit(work, 5)
    print('  submitted under the lock')
    return f.result()


class LoudCondition(threading.Condition):
    made = 0

    def __init__(self, *args):
        LoudCondition.made += 1
        super().__init__(*args)


async def main():
    loop = asyncio.get_running_loop()
    pool = cf.ThreadPoolExecutor(max_workers=3)
    print('warm', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(6)])))
    t = threading.Thread(target=holder, args=(pool, 0.3))
    t.start()
    print('waited', await asyncio.to_thread(submitter, pool), loop.time())
    t.join()
    original_condition = threading.Condition
    threading.Condition = LoudCondition
    try:
        print('loud', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(5)])),
              LoudCondition.made > 0)
    finally:
        threading.Condition = original_condition
    pool.shutdown()
    print('end', loop.time())


asyncio.run(main())
