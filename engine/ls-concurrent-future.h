/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-concurrent-future.h — concurrent.futures.Future's common methods in
 * C: done(), cancelled(), result(), exception() of a finished future,
 * set_running_or_notify_cancel() and add_done_callback() of a pending one,
 * __init__ and set_result(), and _WorkItem.__init__: the calls a
 * ThreadPoolExecutor and run_in_executor's chaining make for every
 * to_thread.
 *
 * The Python methods stay, and run whenever anything on their way is not
 * the library's own, could raise or block, so every error and every wait
 * comes from their frames as before.
 */
#pragma once

#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _loopscope.future_natives(Future) and work_item_natives(_WorkItem),
 * called once by concurrent.futures. */
void ls_concurrent_future_add_loopscope_functions (LsVM *vm, LsModule *loopscope);

G_END_DECLS
