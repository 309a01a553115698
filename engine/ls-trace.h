/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-trace.h — the event log of a run: the one interface between the
 * engine and everything that shows a run (the command line's JSON, the
 * painter, the live view).
 *
 * Append-only fixed-size records of 32 bytes, each with the virtual time
 * and its sequence number (its index).  Records never point at VM objects:
 * tasks, futures, handles and threads are named by small ids, text lives
 * in an interned string table, so a view can read the trace while the VM
 * collects garbage, and rebuild the state of every task at any instant
 * without running the program again.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LS_TRACE_TASK_CREATED,        /* subject task, object parent task, text task name, arg coroutine name (string) */
  LS_TRACE_STEP_START,          /* subject task */
  LS_TRACE_STEP_END,            /* subject task, arg LsTraceOutcome, object awaited future, text what it awaits */
  LS_TRACE_FUTURE_CREATED,      /* subject future, object creating task, text its kind ("Future", "sleep", "gather") */
  LS_TRACE_FUTURE_DONE,         /* subject future, arg LsTraceFutureState */
  LS_TRACE_CALLBACK_SCHEDULED,  /* subject handle, object target (task or future), text callback name */
  LS_TRACE_CALLBACK_RUN,        /* subject handle */
  LS_TRACE_CALLBACK_DONE,       /* subject handle */
  LS_TRACE_TIMER_ARMED,         /* subject handle, object target, arg when (number), text callback name */
  LS_TRACE_TIMER_CANCELLED,     /* subject handle */
  LS_TRACE_CANCEL_REQUESTED,    /* subject task or future, object requesting task, text message */
  LS_TRACE_CANCEL_DELIVERED,    /* subject task, line: the await it lands on */
  LS_TRACE_TIMEOUT_ARMED,       /* subject timeout, object task, arg when (number, 0: none) */
  LS_TRACE_TIMEOUT_RESCHEDULED, /* subject timeout, object task, arg when (number, 0: none) */
  LS_TRACE_TIMEOUT_EXPIRED,     /* subject timeout, object task */
  LS_TRACE_SHIELD_ABSORBED,     /* subject outer future, object inner */
  LS_TRACE_GATHER_CREATED,      /* subject outer future, arg number of children */
  LS_TRACE_THREAD_STARTED,      /* subject thread, text name */
  LS_TRACE_THREAD_BLOCKED,      /* subject thread, arg LsTraceBlock, object deadline (number, 0: none) */
  LS_TRACE_THREAD_RESUMED,      /* subject thread */
  LS_TRACE_THREAD_FINISHED,     /* subject thread */
  LS_TRACE_OUTPUT,              /* subject thread, object task, text the printed text */
  LS_TRACE_UNCAUGHT,            /* text the exception's last line */
  LS_TRACE_N_KINDS
} LsTraceKind;

typedef enum
{
  LS_TRACE_OUTCOME_AWAIT,       /* suspended on a future */
  LS_TRACE_OUTCOME_YIELD,       /* bare yield (sleep(0)) */
  LS_TRACE_OUTCOME_RETURN,
  LS_TRACE_OUTCOME_RAISE,
  LS_TRACE_OUTCOME_CANCELLED,
} LsTraceOutcome;

typedef enum
{
  LS_TRACE_FUTURE_RESULT,
  LS_TRACE_FUTURE_EXCEPTION,
  LS_TRACE_FUTURE_CANCELLED,
} LsTraceFutureState;

typedef enum
{
  LS_TRACE_BLOCK_SLEEP,         /* time.sleep */
  LS_TRACE_BLOCK_WAIT,          /* a lock, condition, join */
  LS_TRACE_BLOCK_LOOP_IDLE,     /* the event loop waiting for timers or threads */
} LsTraceBlock;

typedef struct
{
  double  time;       /* virtual seconds */
  guint16 kind;       /* LsTraceKind */
  guint16 thread;     /* scenario thread it happened on (1 = main) */
  guint32 subject;    /* id of the task/future/handle/thread it is about */
  guint32 object;     /* a related id, 0 when none */
  guint32 arg;        /* kind-specific small value */
  guint32 text;       /* string table index, 0 = none */
  guint32 line;       /* source line of the scenario, 0 when unknown */
} LsTraceEvent;

/* Fields marked "(number)" hold an index into the trace's table of
 * doubles (deadlines), and "(string)" one into its string table. */

G_STATIC_ASSERT (sizeof (LsTraceEvent) == 32);

typedef struct _LsTrace LsTrace;

LsTrace            *ls_trace_new        (void);
void                ls_trace_free       (LsTrace *self);

guint32             ls_trace_append     (LsTrace *self, const LsTraceEvent *event);
guint32             ls_trace_intern     (LsTrace *self, const char *text);
guint32             ls_trace_add_number (LsTrace *self, double value);

gsize               ls_trace_get_n_events (LsTrace *self);
const LsTraceEvent *ls_trace_get_event    (LsTrace *self, gsize index);
const char         *ls_trace_get_string   (LsTrace *self, guint32 index);
double              ls_trace_get_number   (LsTrace *self, guint32 index);
const char         *ls_trace_kind_name    (LsTraceKind kind);
/* Bytes the trace holds: records, strings and numbers (for the benchmarks). */
gsize               ls_trace_get_memory_size (LsTrace *self);

/* Names of tasks and threads, for views: the text of their creation event. */
const char         *ls_trace_get_entity_name (LsTrace *self, guint32 id);

/* Chrome Trace Event Format (Perfetto, chrome://tracing). */
char               *ls_trace_to_chrome_json (LsTrace *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTrace, ls_trace_free)

G_END_DECLS
