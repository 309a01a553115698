/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-gather.h — the body of gather()'s per-child callback
 * (asyncio.tasks, gather.<locals>._done_callback) in C for its usual
 * case: a child that finished with a result, the gathering future still
 * pending, and, for the last child, every child with a result.
 *
 * The callback stays the Python closure gather made (the same object in
 * the future's callbacks, the handle and the trace); only its call skips
 * the frame (see ls-vm.c's call_function), and whenever anything on the
 * way is not the library's own or could raise, the frame runs.
 *
 * gather() itself, when ls_call calls it (`gather(*children)`) with
 * coroutines that _ensure_future makes tasks of in C, likewise: the
 * function stays the library's, its call does the body's work without
 * the frame, with the same objects, trace records and charges, and the
 * frame runs for anything else.
 */
#pragma once

#include "ls-module.h"
#include "ls-vm.h"

G_BEGIN_DECLS

/* _asyncio._install_gather(gather, _GatheringFuture), called once by
 * asyncio.tasks. */
void             ls_asyncio_gather_add_functions (LsVM *vm, LsModule *module);

G_END_DECLS
