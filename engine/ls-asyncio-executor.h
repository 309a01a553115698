/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-executor.h — the small library functions every
 * run_in_executor (and so every to_thread) calls, in C: the loop's
 * _check_closed, _check_default_executor, is_closed and _write_to_self,
 * asyncio.futures' _concurrent and _get_loop, asyncio.base_events'
 * _callable_name, and the worker's `executor_reference()`
 * (weakref.ReferenceType.__call__).
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

G_END_DECLS
