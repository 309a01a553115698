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

G_END_DECLS
