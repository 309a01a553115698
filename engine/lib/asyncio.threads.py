# SPDX-License-Identifier: GPL-3.0-or-later
# asyncio.to_thread, after CPython 3.11's asyncio/threads.py (without
# contextvars: the call runs in the default executor as it is).

import functools

from asyncio import events


async def to_thread(func, /, *args, **kwargs):
    loop = events.get_running_loop()
    func_call = functools.partial(func, *args, **kwargs)
    return await loop.run_in_executor(None, func_call)
