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

G_END_DECLS
