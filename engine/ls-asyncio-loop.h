/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-loop.h — the event loop's hot path in C: the `_lsloop`
 * module, whose functions asyncio.base_events installs as methods of
 * BaseEventLoop (call_soon, call_later, call_at, _call_soon,
 * _add_callback, _timer_handle_cancelled, _run_once, time, get_debug),
 * and the
 * Handle and TimerHandle classes (ls-asyncio-handle.h).
 *
 * The loop itself stays a Python object: its state is the attributes
 * CPython's has (`_ready`, a `_lsfifo.deque`; `_scheduled`, a heap list
 * of TimerHandles; `_timer_cancelled_count`, `_stopping`, `_debug`,
 * `_clock_resolution`, `_selector`), which these functions read and write
 * in the instance dict, so the library's Python code and scenarios see
 * the same loop as before.
 */
#pragma once

#include "ls-asyncio-task.h"
#include "ls-module.h"

G_BEGIN_DECLS

LsModule *ls_module_lsloop_new (LsVM *vm);

/* loop.get_debug() and loop._timer_handle_cancelled(handle), for the
 * handles' cancel(): straight when the loop's are the library's. */
gboolean  ls_loop_get_debug              (LsVM *vm, LsValue loop, gboolean *out);
gboolean  ls_loop_timer_handle_cancelled (LsVM *vm, LsValue loop, LsValue handle);

/* loop.call_later(delay, callback, *extra) and loop.create_future(), for
 * asyncio.sleep: straight when they are the library's (else the methods
 * are called). */
gboolean  ls_loop_call_later             (LsVM *vm, LsValue loop, LsValue delay, LsValue callback,
                                          const LsValue *extra, guint n_extra, LsValue *out);
gboolean  ls_loop_create_future          (LsVM *vm, LsValue loop, LsValue *out);
/* Whether ls_loop_create_future(loop) would make an exact C Future
 * without calling anything: the stock method, and asyncio.futures.Future
 * the C class as last looked up (nothing is looked up or raised here). */
gboolean  ls_loop_create_future_is_plain (LsVM *vm, LsValue loop);
/* loop.call_soon(callback, *extra, context=context), n_extra <= 1, for
 * the C Future's done callbacks and the C Task's steps: straight when it
 * is the library's. */
gboolean  ls_loop_call_soon              (LsVM *vm, LsValue loop, LsValue callback, const LsValue *extra,
                                          guint n_extra, LsValue context);
/* A task's bare yield (every sleep(0)), its bound step made: the STEP_END
 * record (ls_trace_note_step_yielded), then ls_loop_call_soon (vm,
 * task's loop, its step, NULL, 0, its context); on a plain loop the two
 * records in one append (ls_trace_step_yielded_pair_begin). */
gboolean  ls_loop_call_soon_after_yield  (LsVM *vm, LsTask *task);
/* TRUE when ls_loop_call_soon on `loop` can neither raise nor run Python:
 * its call_soon is the library's, and `_closed` and `_debug` are False and
 * `_ready` is the loop's deque in its instance dict.  (The instruction
 * charge and the memory check of any call stay, as in the Python call.) */
gboolean  ls_loop_call_soon_is_plain     (LsVM *vm, LsValue loop);

G_END_DECLS
