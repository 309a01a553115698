# Handle.cancel() / TimerHandle.cancel(): cancelled callbacks never run.
import asyncio

def tick(name):
    print("tick", name, "at", asyncio.get_running_loop().time())

async def main():
    loop = asyncio.get_running_loop()
    h1 = loop.call_soon(tick, "soon-cancelled")
    h2 = loop.call_soon(tick, "soon-kept")
    h1.cancel()
    print("h1 cancelled?", h1.cancelled(), "h2 cancelled?", h2.cancelled())
    timers = [loop.call_later(d, tick, f"t{d}") for d in (0.1, 0.2, 0.3, 0.4)]
    timers[1].cancel()
    timers[1].cancel()
    print("cancelled flags:", [t.cancelled() for t in timers])
    await asyncio.sleep(0.25)
    timers[2].cancel()
    timers[0].cancel()
    print("cancel after it ran is harmless:", timers[0].cancelled())
    await asyncio.sleep(0.5)
    def self_cancel():
        print("self-cancelling repeater")
        rep[0].cancel()
    rep = [loop.call_later(0.1, self_cancel)]
    first = loop.call_later(0.2, tick, "first-at-0.2")
    loop.call_later(0.2, lambda: first.cancel())
    second = loop.call_later(0.2, tick, "second-at-0.2")
    loop.call_later(0.1, second.cancel)
    await asyncio.sleep(0.5)
    print("when() still works:", round(first.when(), 3))
    print("end at", round(loop.time(), 3))

asyncio.run(main())
