/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-task.h — asyncio's Task in C, as CPython's _asyncio.Task: a
 * Future that drives a coroutine one step per loop callback (__step),
 * wakes when the future it awaits is done (__wakeup), and takes
 * cancellation requests (cancel, uncancel, cancelling).
 *
 * Each step writes its trace records (step_start, step_end,
 * cancel_delivered) directly, with ids, not through the `_trace` hooks.
 */
#pragma once

#include <string.h>

#include "ls-asyncio-future.h"
#include "ls-function.h"

G_BEGIN_DECLS

typedef struct
{
  LsFuture future;
  LsValue  coro;
  LsValue  context;
  LsValue  name;                  /* a str */
  LsValue  fut_waiter;            /* the future the task waits on, or LS_NONE */
  LsValue  step_callback;         /* Task.task_step bound to the task, made at its first use */
  LsValue  wakeup_callback;       /* Task.task_wakeup bound to the task, likewise */
  gint64   num_cancels_requested;
  guint8   must_cancel;
  guint8   log_destroy_pending;   /* _log_destroy_pending: gather sets it on every child */
} LsTask;

extern const LsInstanceLayout ls_task_layout;

static inline LsTask *
ls_task_from_value (LsValue v)
{
  return ls_instance_has_layout (v, &ls_task_layout) ? (LsTask *) v.o : NULL;
}

/* The bound methods a task hands the loop: Task.task_step([exc]) and
 * Task.task_wakeup(future), each bound to its task (bound_native). */
gboolean  ls_task_step_callback   (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
gboolean  ls_task_wakeup_callback (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);

/* The task `callback` steps or wakes, when it is one of those: else NULL.
 * Inline, for the loop's prefetching of what a ready callback touches. */
static inline LsTask *
ls_task_of_callback (LsValue callback)
{
  LsNative *native;

  if (!ls_is_kind (callback, LS_KIND_NATIVE))
    return NULL;
  native = (LsNative *) callback.o;
  if (native->func != ls_task_step_callback && native->func != ls_task_wakeup_callback)
    return NULL;
  return (LsTask *) native->self.o;
}

/* Calls `callback`, for which ls_task_of_callback is not NULL, with
 * `args` (at most two) as ls_call would, dropping its result.
 * `run_handle`, when not NULL, is the handle running it from the loop,
 * whose CALLBACK_RUN record this writes (ls_handle_run_recorded). */
gboolean  ls_task_run_callback   (LsVM *vm, LsValue callback, const LsValue *args, guint n_args,
                                  LsInstance *run_handle);

/* TRUE when calling `cls` is exactly what _asyncio.Task(coro, loop=...)
 * does as this file made it: the class itself (not a subclass), object's
 * __new__, this file's __init__, and `_is_task` True. */
gboolean  ls_task_class_is_plain (LsVM *vm, LsClass *cls);
/* Task(coro, loop=loop, name=None, context=None) for a class that
 * ls_task_class_is_plain, a coroutine object and a loop on which
 * ls_loop_call_soon_is_plain: FALSE only when a limit stops the run. */
gboolean  ls_task_new_plain      (LsVM *vm, LsClass *cls, LsValue coro, LsValue loop, LsValue *out);
/* _asyncio._all_tasks, where a task's creation registers it (NULL when
 * the module has none): gather's C path bounds what its growth costs. */
LsDict   *ls_task_registry       (LsVM *vm);
/* Whether `setter` is the C Task's setter of _log_destroy_pending (which
 * stores the value's truth in the field): gather's C path then stores
 * False itself where ls_setattr would call it. */
gboolean  ls_task_is_log_destroy_pending_setter (LsValue setter);

/* The Task class, a subclass of `future_class`. */
LsClass  *ls_task_class_new (LsVM *vm, LsClass *future_class);
/* _asyncio's _enter_task, _leave_task, _register_task, _unregister_task */
void      ls_task_add_functions (LsVM *vm, LsModule *module);

G_END_DECLS
