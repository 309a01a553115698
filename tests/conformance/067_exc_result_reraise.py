# task.result() re-raises the task's exception, every time, anywhere.
import asyncio

async def failing(kind):
    await asyncio.sleep(0.1)
    if kind == "key":
        raise KeyError("k")
    if kind == "value":
        raise ValueError("v")
    return kind

def on_done(t):
    try:
        print("callback: result", t.result())
    except Exception as e:
        print("callback: result() raised", type(e).__name__, e)

async def main():
    ts = [asyncio.create_task(failing(k), name=k) for k in ["key", "value", "fine"]]
    for t in ts:
        t.add_done_callback(on_done)
    await asyncio.sleep(0.2)
    for t in ts:
        for attempt in range(2):
            try:
                print(t.get_name(), "result:", t.result())
            except (KeyError, ValueError) as e:
                print(t.get_name(), "raised", repr(e), "attempt", attempt)
    try:
        ts[0].result()
    except LookupError as e:
        print("KeyError is a LookupError:", repr(e))
    try:
        raise ts[1].exception()
    except ValueError as e:
        print("raise t.exception():", e)

asyncio.run(main())
