/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-ensure-future.h — asyncio.tasks._ensure_future with its
 * usual case in C: a coroutine object made a task by the library's
 * BaseEventLoop.create_task, the way gather() wraps every coroutine child
 * and ensure_future(), shield() and wait_for() wrap theirs.
 *
 * The Python function stays, and runs whenever anything on its way is
 * not the library's own or could raise, so every error comes from its
 * frames as before.
 */
#pragma once

#include "ls-generator.h"
#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _asyncio._install_ensure_future(tasks, create_task, _check_closed,
 * _get_event_loop), called once by asyncio.base_events. */
void ls_asyncio_ensure_future_add_functions (LsVM *vm, LsModule *module);

/* What the native charges for a coroutine when `loop` is given: the
 * Python calls it stands for (_ensure_future, the two checks
 * _coroutine_skips_checks answers, create_task and _check_closed); one
 * more for _get_event_loop's when it finds the loop. */
#define LS_ENSURE_FUTURE_CHARGE 5

/* For gather()'s C path (ls-asyncio-gather.c), which calls
 * _ensure_future(coro, loop=loop) for each child: whether `v` is the
 * installed native, */
gboolean ls_ensure_future_is_native (LsVM *vm, LsValue v);
/* and the Task class the call would make the task of, with no frame,
 * when it would: *loop (None: found as _get_event_loop would find it)
 * and *charge (the instructions the native charges) are set then.  NULL
 * when the Python function would run; nothing is changed either way,
 * but for a stop raised (vm->stop_kind set) while the running loop was
 * asked for.  The caller checks depth, collections and memory, and
 * charges *charge before making the task with ls_task_new_plain. */
LsClass *ls_ensure_future_plain_task_class (LsVM *vm, LsValue coro, LsValue *loop, gint64 *charge);
/* The part of that answer that depends on `coro`: another coroutine
 * takes the same way as one that did, with the same loop.  Inline: gather
 * asks it of every child after the first. */
static inline gboolean
ls_ensure_future_takes_coroutine (LsValue coro)
{
  LsGenerator *generator = ls_value_generator (coro);

  return generator != NULL && (generator->is_coroutine || generator->is_awaitable);
}
/* BaseEventLoop._check_closed became `replacement`, a native doing the
 * same (ls-asyncio-executor.c): the fast path above goes on accepting
 * it where it accepted `original`. */
void     ls_ensure_future_check_closed_replaced (LsVM *vm, LsValue original, LsValue replacement);

G_END_DECLS
