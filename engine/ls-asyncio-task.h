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

#include "ls-asyncio-future.h"

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
} LsTask;

extern const LsInstanceLayout ls_task_layout;

static inline LsTask *
ls_task_from_value (LsValue v)
{
  return ls_instance_has_layout (v, &ls_task_layout) ? (LsTask *) v.o : NULL;
}

/* The task `callback` steps or wakes, when it is one of the bound methods
 * a task hands the loop (its step or wake-up): else NULL.  Cheap, for the
 * loop's prefetching of what a ready callback is about to touch. */
LsTask   *ls_task_of_callback (LsValue callback);

/* The Task class, a subclass of `future_class`. */
LsClass  *ls_task_class_new (LsVM *vm, LsClass *future_class);

G_END_DECLS
