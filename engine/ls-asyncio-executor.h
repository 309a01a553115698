/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-executor.h — the small library functions every
 * run_in_executor (and so every to_thread) calls, in C: the loop's
 * _check_closed, _check_default_executor, is_closed and _write_to_self,
 * asyncio.futures' _concurrent and _chain_future, asyncio.base_events'
 * _callable_name, and the worker's `executor_reference()`
 * (weakref.ReferenceType.__call__); and the chain's callback when the
 * worker's future finishes (ls_asyncio_executor_invoke_chain).
 *
 * The Python functions stay, and run whenever anything on their way is
 * not the library's own or could raise, so every error comes from their
 * frames as before.
 */
#pragma once

#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _loopscope.executor_natives(BaseEventLoop, BaseSelectorEventLoop),
 * called once by asyncio.unix_events. */
void ls_asyncio_executor_add_loopscope_functions (LsVM *vm, LsModule *loopscope);
/* (and _loopscope.weakref_natives(ReferenceType), called once by weakref) */

/* concurrent.futures.Future._invoke_callbacks(future) (the Python method
 * `invoke`), as set_result calls it, when `callbacks`
 * (future._done_callbacks) holds only the callback _chain_future added:
 * 1 when done here (the same charges, objects and calls as the two
 * frames), -1 when it failed (an exception set), 0 when declined with
 * nothing done (then the Python method must run). */
gint ls_asyncio_executor_invoke_chain (LsVM *vm, LsFunction *invoke, LsValue future, LsValue callbacks);

G_END_DECLS
