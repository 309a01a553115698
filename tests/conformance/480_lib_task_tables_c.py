# asyncio.tasks' _enter_task, _leave_task, _register_task and
# _unregister_task are _asyncio's C ones, as CPython binds them: the C
# enter refuses any entry for the loop, None included.
import asyncio
from asyncio import tasks


def tail(exc):
    text = str(exc)
    return text[text.index(" while "):] if " while " in text else text[text.index(" does not"):]


async def other():
    await asyncio.sleep(0.1)


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    print(tasks._enter_task is tasks._c_enter_task, tasks._py_enter_task is tasks._enter_task)
    try:
        tasks._enter_task(loop, me)
    except RuntimeError as e:
        print("enter while running:", "name='Task-1'" in tail(e), tail(e).endswith(" is being executed."))
    tasks._leave_task(loop, me)
    print("after leave:", asyncio.current_task())
    tasks._current_tasks[loop] = None
    try:
        tasks._enter_task(loop, me)
    except RuntimeError as e:
        print("enter over None:", tail(e))
    del tasks._current_tasks[loop]
    tasks._enter_task(loop, me)
    print("entered again:", asyncio.current_task() is me)
    try:
        tasks._leave_task(loop, None)
    except RuntimeError as e:
        print("leave a wrong task:", type(e).__name__)
    t = loop.create_task(other(), name="other")
    print("registered:", t in asyncio.all_tasks())
    tasks._unregister_task(t)
    print("after unregister:", t in asyncio.all_tasks())
    tasks._register_task(t)
    print("after register:", sorted(x.get_name() for x in asyncio.all_tasks()))
    try:
        tasks._enter_task(loop)
    except TypeError as e:
        print("TypeError")
    await t
    await asyncio.sleep(0)
    print("done:", t.done(), asyncio.current_task() is me)


asyncio.run(main())
