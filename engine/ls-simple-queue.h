/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-simple-queue.h — queue.SimpleQueue's put() that wakes nobody and
 * get() that finds an item, in C: a ThreadPoolExecutor's work queue, one
 * put by submit and one get by a worker for every call (CPython's
 * SimpleQueue is C as well).
 *
 * The Python methods stay, and run whenever anything on their way is not
 * the library's own, could raise or would wait or wake a thread, so every
 * error and every wait comes from their frames as before.
 */
#pragma once

#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _loopscope.simple_queue_natives(SimpleQueue, _Fifo), called once by queue. */
void ls_simple_queue_add_loopscope_functions (LsVM *vm, LsModule *loopscope);

/* What put(item)'s fast path works on (the caller's to hold, not to read) */
typedef struct
{
  gpointer fifo;
  gpointer lock;
  gint64   notify_charge;
} LsSimpleQueuePutPlan;

/* For a native standing for a frame that calls `queue.put(item)`, with
 * `extra_depth` frames skipped above: whether put's native is what
 * LOAD_METHOD would find and its fast path would take the call as things
 * stand (an exact SimpleQueue, the limits far, the lock free, no thread to
 * wake); *plan what it found.  Reads only. */
gboolean ls_simple_queue_put_plan    (LsVM *vm, LsValue queue, guint extra_depth, LsSimpleQueuePutPlan *plan);
/* That call, when nothing of the queue changed since the plan: its
 * charges (five at most; FALSE when a limit stops the run there), what it
 * drops, the item appended. */
gboolean ls_simple_queue_put_planned (LsVM *vm, const LsSimpleQueuePutPlan *plan, LsValue item);
G_END_DECLS
