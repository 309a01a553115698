/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-tracelib.h — the `_trace` module and the engine's own trace records. */
#pragma once

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

G_END_DECLS
