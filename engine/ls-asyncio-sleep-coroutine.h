/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-sleep-coroutine.h — the coroutine of `await asyncio.sleep(d)`
 * with its body in C.
 *
 * asyncio.sleep stays the library's `async def` (engine/lib/asyncio.tasks.py,
 * CPython's lines): its function object, its coroutines wherever they are
 * made by a plain call, and every case below.  But `await sleep(d)` or
 * `await sleep(d, result)` with an int or float delay, the await nearly
 * every scenario is made of, gets a coroutine (LsCoroutineBody,
 * ls-generator.h) that does what the frame would (`delay <= 0`, then
 * `await __sleep0()`, or _sleep_schedule and `try: return await future
 * finally: h.cancel()`) without the frames of sleep and __sleep0, their
 * generator objects and their forty bytecodes.  The scenario sees the
 * same coroutine: its type, name and repr, send/throw/close, cr_await
 * (__sleep0's generator or the future's FutureIter, made when asked),
 * cr_running, cr_frame's line, the trace's records and the traceback
 * entries of sleep's and __sleep0's lines.
 *
 * _asyncio._install_sleep(sleep, __sleep0), called by the library, turns
 * it on.  The shortcut declines (the frame runs) when sleep's globals
 * __sleep0 or _sleep_schedule, or its defaults, are not the library's,
 * when keywords are passed, and near the recursion limit.
 */
#pragma once

#include "ls-module.h"

G_BEGIN_DECLS

/* Adds _install_sleep to the _asyncio module. */
void ls_asyncio_sleep_coroutine_add_functions (LsVM *vm, LsModule *module);

G_END_DECLS
