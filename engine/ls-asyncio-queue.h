/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-queue.h — the hot path of asyncio.Queue in C (module
 * `_lsqueue`): qsize, empty, full, put_nowait, get_nowait, _put, _get,
 * _wakeup_next and task_done, installed over the Python methods of
 * asyncio.queues.Queue by `_lsqueue.install(Queue, Event)`.
 *
 * Each one does the work of CPython 3.11's asyncio/queues.py in C when
 * everything it would touch is the library's own (the methods it calls
 * through `self.` are these natives, the storage is the library's deque,
 * the counters are ints), and otherwise calls the Python method it
 * replaced, unchanged, so that overrides, errors and traceback lines are
 * CPython's.  put(), get() and join() stay Python coroutines, but
 * `await q.put(x)` and `await q.get()` of the library's own queue are done
 * in C, with no coroutine, when the coroutine would return at once
 * (vm->await_shortcuts).  Internal: scenarios cannot import it.
 */
#pragma once

#include "ls-module.h"

G_BEGIN_DECLS

typedef struct _LsQueueState LsQueueState;

LsModule *ls_module_lsqueue_new (LsVM *vm);

G_END_DECLS
