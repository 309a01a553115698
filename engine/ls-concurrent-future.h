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

/* concurrent.futures.Future once installed, else NULL. */
LsClass  *ls_concurrent_future_class (LsVM *vm);
/* What `future.add_done_callback(fn)` on a pending Future would touch */
typedef struct
{
  gpointer  lock;       /* its Condition's, free to take */
  LsValue   callbacks;  /* its _done_callbacks, an exact list */
} LsConcurrentFutureCallbackPlan;

/* Whether `future.add_done_callback(fn)`, as LOAD_METHOD finds it, would
 * be the native's fast path now (an exact pending Future, nothing on the
 * way replaced, its lock free to take), so that it cannot raise, wait or
 * run scenario code: for asyncio's _chain_future in C.  Reads only; fills
 * `plan` for the call. */
gboolean  ls_concurrent_future_adds_callback_plainly (LsVM *vm, LsValue future, LsConcurrentFutureCallbackPlan *plan);
/* Then that call's work (its charges, its lock taken and given back, the
 * append), when nothing touched the future since and the fuel still
 * covers the charges and the heap the garbage (a few hundred bytes). */
void      ls_concurrent_future_add_done_callback_planned (LsVM *vm, const LsConcurrentFutureCallbackPlan *plan,
                                                          LsValue fn);

/* What asyncio.futures._copy_future_state(source, dest) would do in C: a
 * finished concurrent future's result set on a pending asyncio Future */
typedef struct
{
  LsValue   value;       /* source's result */
  LsValue   set_result;  /* dest's set_result, the C Future's */
} LsConcurrentFutureCopyPlan;

/* Whether `copy` (the function asyncio.futures' _set_state would call)
 * is the native of _copy_future_state and would take its fast path for
 * (source, dest) now, filling `plan`.  Reads only. */
gboolean  ls_concurrent_future_copy_state_plain (LsVM *vm, LsValue copy, LsValue source, LsValue dest,
                                                 LsConcurrentFutureCopyPlan *plan);
/* Then its work: its charges, dest.set_result(value) called. */
gboolean  ls_concurrent_future_copy_state_planned (LsVM *vm, LsValue dest, const LsConcurrentFutureCopyPlan *plan);

G_END_DECLS
