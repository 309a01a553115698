/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-ensure-future.h — asyncio.tasks._ensure_future with its
 * usual case in C: a coroutine object made a task by the library's
 * BaseEventLoop.create_task, the way gather() wraps every coroutine child
 * and ensure_future(), shield() and wait_for() wrap theirs.
 *
 * The Python function stays, and runs whenever anything on its way is
 * not the library's own or could raise, so every error comes from its
 * frames as before.
 */
#pragma once

#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _asyncio._install_ensure_future(tasks, create_task, _check_closed,
 * _get_event_loop), called once by asyncio.base_events. */
void ls_asyncio_ensure_future_add_functions (LsVM *vm, LsModule *module);

G_END_DECLS
