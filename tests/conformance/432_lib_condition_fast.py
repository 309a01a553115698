# threading.Condition's lock paths: free, re-entrant, not held, a lock of
# the program's own, a subclass, explicit calls, notify without waiters.
import asyncio
import threading


class LoudLock:
    def __init__(self):
        self.inner = threading.Lock()

    def acquire(self, *args):
        print("  acquire", args)
        return self.inner.acquire(*args)

    def release(self):
        print("  release")
        self.inner.release()

    __enter__ = acquire

    def __exit__(self, *args):
        self.release()


class MyCondition(threading.Condition):
    def __enter__(self):
        print("  MyCondition enter")
        return super().__enter__()


def try_it(label, fn):
    try:
        print(label, fn())
    except Exception as exc:
        print(label, type(exc).__name__, exc)


def locks():
    for cond in [threading.Condition(), threading.Condition(threading.Lock()),
                 threading.Condition(LoudLock()), MyCondition()]:
        with cond as entered:
            print("entered", entered, cond._is_owned())
            cond.notify()
            cond.notify(n=2)
            cond.notify_all()
        try_it("owned after", cond._is_owned)
        try_it("notify unheld", cond.notify)
        try_it("notify_all unheld", cond.notify_all)
        try_it("exit unheld", lambda: cond.__exit__(None, None, None))
        try_it("explicit", lambda: (cond.__enter__(), cond.__exit__(None, None, None)))
    rc = threading.Condition()
    with rc:
        with rc:
            print("nested", rc._is_owned(), rc._lock._recursion_count())
        rc.release()
        try_it("exit after release", lambda: rc.__exit__(None, None, None))
        rc.acquire()
    try_it("not a condition", lambda: threading.Condition.__enter__(5))
    try_it("release_save unheld", threading.Condition(threading.Lock())._release_save)
    return "done"


async def main():
    print(await asyncio.to_thread(locks))
    locks()

asyncio.run(main())
