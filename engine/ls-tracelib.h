/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-tracelib.h — the `_trace` module and the engine's own trace records. */
#pragma once

#include "ls-asyncio-task.h"
#include "ls-module.h"
#include "ls-trace.h"

G_BEGIN_DECLS

LsModule *ls_module_trace_new     (LsVM *vm);
/* The scenario line running now (innermost frame of the user's file). */
guint32   ls_trace_user_line      (LsVM *vm);
void      ls_trace_record_output  (LsVM *vm, const char *text, gsize len);
/* The scenario line of the await a suspended task sits on, or 0. */
guint32   ls_trace_task_await_line (LsVM *vm, LsValue task);
void      ls_trace_record_thread  (LsVM *vm, LsTraceKind kind, guint32 thread, guint32 arg, double deadline);

/* The records the C Future and Task write where the library used to call
 * the hooks: the same records, field for field. */
void      ls_trace_note_future_created   (LsVM *vm, LsValue future);
void      ls_trace_note_future_done      (LsVM *vm, LsValue future, LsTraceFutureState state);
void      ls_trace_note_cancel_requested (LsVM *vm, LsValue subject, LsValue msg);
/* `number`: n when `name` is the default "Task-<n>" just made, else -1 */
void      ls_trace_note_task_created     (LsVM *vm, LsValue task, LsValue coro, LsValue name, gint64 number);
void      ls_trace_note_step_start       (LsVM *vm, LsValue task);
/* ls_trace_note_callback_run (vm, handle), then
 * ls_trace_note_step_start (vm, task), in one append where it can */
void      ls_trace_note_callback_run_step_start (LsVM *vm, LsInstance *handle, LsTask *task);
void      ls_trace_note_step_end         (LsVM *vm, LsValue task, LsValue coro, LsTraceOutcome outcome, LsValue arg);
/* ls_trace_note_step_end (vm, task, coro, LS_TRACE_OUTCOME_YIELD, LS_NONE) */
void      ls_trace_note_step_yielded     (LsVM *vm, LsValue task, LsValue coro);
/* ls_trace_note_step_yielded and the ls_trace_note_callback_scheduled
 * of the step it schedules, in one append: _begin tests (TRUE: the VM
 * learnt the step's end, and the caller makes and queues the handle, with
 * no record between, then calls _end); FALSE: nothing changed. */
gboolean  ls_trace_step_yielded_pair_begin (LsVM *vm, LsTask *task, guint32 *target, guint32 *name);
void      ls_trace_step_yielded_pair_end   (LsVM *vm, LsTask *task, LsInstance *handle, guint32 target, guint32 name);
void      ls_trace_note_cancel_delivered (LsVM *vm, LsValue task, LsValue coro);

/* The records of the event loop's hot path (ls-asyncio-loop.c), written
 * where the library used to call the hooks: the same records, and the
 * same attribute reads of the callback in the same order (`callback`
 * LS_UNBOUND: the handle's `_callback`). */
void      ls_trace_note_callback_scheduled (LsVM *vm, LsValue handle, LsValue callback);
void      ls_trace_note_callback_run       (LsVM *vm, LsValue handle);
void      ls_trace_note_callback_done      (LsVM *vm, LsValue handle);
void      ls_trace_note_timer_armed        (LsVM *vm, LsValue handle, LsValue callback, double when);
void      ls_trace_note_timer_cancelled    (LsVM *vm, LsValue handle);

G_END_DECLS
