/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-sleep.h — the C part of asyncio.sleep, functions of the
 * `_asyncio` module: _sleep_schedule(delay, result), which does what
 * CPython's tasks.sleep does before it awaits (the running loop, a future
 * labelled for the timeline, the timer) and returns (future, handle);
 * the timer's callback _set_result_unless_cancelled(fut, result), which
 * asyncio.futures exports under that name; and _sleep_label(delay).
 */
#pragma once

#include "ls-module.h"

G_BEGIN_DECLS

void     ls_asyncio_sleep_add_functions (LsVM *vm, LsModule *module);
/* _sleep_schedule's work: the running loop's new future, labelled, and
 * the timer that will set its result. */
gboolean ls_sleep_schedule (LsVM *vm, LsValue delay, LsValue result, LsValue *future, LsValue *handle);

G_END_DECLS
