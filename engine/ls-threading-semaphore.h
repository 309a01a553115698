/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-threading-semaphore.h — threading.Semaphore's acquire(timeout=0)
 * with no permit left and release() with no thread waiting, in C: what a
 * ThreadPoolExecutor does for every submitted call (`_adjust_thread_count`
 * asks its idle semaphore, and a worker that finished an item releases it).
 *
 * The Python methods stay, and run whenever anything on their way is not
 * the library's own, could raise or would wait, so every error and every
 * wait comes from their frames as before.
 */
#pragma once

#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _loopscope.semaphore_natives(Semaphore, _Waiter), called once by threading. */
void ls_threading_semaphore_add_loopscope_functions (LsVM *vm, LsModule *loopscope);

/* What acquire(timeout=0)'s fast path works on, found by
 * ls_semaphore_acquire_zero_plain (the caller's to hold, not to read) */
typedef struct
{
  gint64   charge;
  gpointer lock;
  gpointer waiters;
} LsSemaphoreZeroAcquire;

/* Whether `semaphore.acquire(timeout=0)` would be the native's fast path
 * (the class's native method, an exact Semaphore without a permit, no
 * thread in the way), with `reserve` instructions of fuel to spare for
 * the caller's own charges; *plan is what it found.  Reads only. */
gboolean ls_semaphore_acquire_zero_plain (LsVM *vm, LsValue semaphore, gint64 reserve, LsSemaphoreZeroAcquire *plan);
/* That call, right after ls_semaphore_acquire_zero_plain said yes (nothing
 * of the semaphore changed meanwhile): its charges, what it makes and
 * drops, *result False. */
gboolean ls_semaphore_acquire_zero (LsVM *vm, const LsSemaphoreZeroAcquire *plan, LsValue *result);

G_END_DECLS
