/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-trace.h — the event log of a run: the one interface between the
 * engine and everything that shows a run (the command line's JSON, the
 * painter, the live view).
 *
 * Append-only records, each with the virtual time and its sequence number
 * (its index).  Records never point at VM objects: tasks, futures, handles
 * and threads are named by small ids, text lives in an interned string
 * table, so a view can read the trace while the VM collects garbage, and
 * rebuild the state of every task at any instant without running the
 * program again.
 *
 * Readers see a record as a 32-byte LsTraceEvent; the trace stores it
 * packed, a few bytes each (ls-trace.c tells how), so it hands out copies,
 * never pointers into its storage.  Reading forward, with
 * ls_trace_get_event on increasing indices or with an LsTraceCursor, costs
 * the same for every record; reading elsewhere costs up to a few hundred
 * records' decoding.
 */
#pragma once

#include <string.h>

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
  LS_TRACE_TIMER_ARMED,         /* subject handle, object target, arg callback name (string), when */
  LS_TRACE_TIMER_CANCELLED,     /* subject handle */
  LS_TRACE_CANCEL_REQUESTED,    /* subject task or future, object requesting task, text message */
  LS_TRACE_CANCEL_DELIVERED,    /* subject task, line: the await it lands on */
  LS_TRACE_TIMEOUT_ARMED,       /* subject timeout, object task, arg when (number, 0: none) */
  LS_TRACE_TIMEOUT_RESCHEDULED, /* subject timeout, object task, arg when (number, 0: none) */
  LS_TRACE_TIMEOUT_EXPIRED,     /* subject timeout, object task */
  LS_TRACE_SHIELD_ABSORBED,     /* subject outer future, object inner */
  LS_TRACE_GATHER_CREATED,      /* subject outer future, arg number of children */
  LS_TRACE_THREAD_STARTED,      /* subject thread, text name */
  LS_TRACE_THREAD_BLOCKED,      /* subject thread, arg LsTraceBlock, when (< 0: none) */
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
 * doubles (deadlines), and "(string)" one into its string table.
 *
 * "when" is a deadline kept in the record itself, in the 64 bits of
 * `text` and `line` (ls_trace_event_get_when): one is armed for every
 * sleep and every idle wait of the loop, and a separate table of doubles
 * would cost 8 bytes more for each; the packed store writes it as a short
 * offset from the record's time (ls-trace.c).  Those kinds
 * have no text, and no line of their own (a timer's arming line is on the
 * FUTURE_CREATED or TIMEOUT_ARMED record next to it). */

G_STATIC_ASSERT (sizeof (LsTraceEvent) == 32);

/* A string index with this bit is a default task name, "Task-<the other
 * bits>", which the trace does not store (ls-trace.c): ls_trace_intern
 * returns one for such a text and ls_trace_get_string gives the text back.
 * A copy of the strings table index by index (ls-playback.c) skips them. */
#define LS_TRACE_TASK_NAME_BIT 0x80000000u

static inline gboolean
ls_trace_index_is_task_name (guint32 index)
{
  return (index & LS_TRACE_TASK_NAME_BIT) != 0;
}

static inline gboolean
ls_trace_kind_has_when (guint16 kind)
{
  return kind == LS_TRACE_TIMER_ARMED || kind == LS_TRACE_THREAD_BLOCKED;
}

static inline double
ls_trace_event_get_when (const LsTraceEvent *event)
{
  guint64 bits = (guint64) event->line << 32 | event->text;
  double when;

  memcpy (&when, &bits, sizeof when);
  return when;
}

static inline void
ls_trace_event_set_when (LsTraceEvent *event,
                         double        when)
{
  guint64 bits;

  memcpy (&bits, &when, sizeof bits);
  event->text = (guint32) bits;
  event->line = (guint32) (bits >> 32);
}

/* The `line` of any record, 0 where it holds half a deadline. */
static inline guint32
ls_trace_event_get_line (const LsTraceEvent *event)
{
  return ls_trace_kind_has_when (event->kind) ? 0 : event->line;
}

/* The `text` of any record, 0 where it holds half a deadline. */
static inline guint32
ls_trace_event_get_text (const LsTraceEvent *event)
{
  return ls_trace_kind_has_when (event->kind) ? 0 : event->text;
}

typedef struct _LsTrace LsTrace;
typedef struct _LsTraceCursor LsTraceCursor;

LsTrace            *ls_trace_new        (void);
void                ls_trace_free       (LsTrace *self);

guint32             ls_trace_append     (LsTrace *self, const LsTraceEvent *event);
/* ls_trace_append of a record whose object, arg, text and line are 0
 * (STEP_START, CALLBACK_RUN and CALLBACK_DONE: half of all records), for
 * less: the same bytes, without looking at the fields it does not have. */
guint32             ls_trace_append_subject (LsTrace *self, LsTraceKind kind, double time, guint16 thread,
                                             guint32 subject);
/* ls_trace_append of a record whose arg and line are 0 (CALLBACK_SCHEDULED,
 * a record of every call_soon): the same bytes, the record not built in
 * the caller's memory for the append to read back. */
guint32             ls_trace_append_named (LsTrace *self, LsTraceKind kind, double time, guint16 thread,
                                           guint32 subject, guint32 object, guint32 text);
/* ls_trace_append of a record that names its subject (TASK_CREATED,
 * THREAD_STARTED): the same bytes and names, without the tests of the
 * other kinds. */
guint32             ls_trace_append_naming (LsTrace *self, const LsTraceEvent *event);
guint32             ls_trace_intern     (LsTrace *self, const char *text);
guint32             ls_trace_add_number (LsTrace *self, double value);

gsize               ls_trace_get_n_events (LsTrace *self);
/* A copy of record `index` into `out`; FALSE (and `out` untouched) past
 * the end.  Not thread-safe, even between readers: it moves the trace's
 * own read cursor (see ls-trace.c, "Threads"). */
gboolean            ls_trace_get_event    (LsTrace *self, gsize index, LsTraceEvent *out);
const char         *ls_trace_get_string   (LsTrace *self, guint32 index);
double              ls_trace_get_number   (LsTrace *self, guint32 index);
const char         *ls_trace_kind_name    (LsTraceKind kind);
/* Bytes the trace holds: records, strings and numbers (for the benchmarks). */
gsize               ls_trace_get_memory_size (LsTrace *self);

/* Names of tasks and threads, for views: the text of their creation event. */
const char         *ls_trace_get_entity_name (LsTrace *self, guint32 id);

/* Chrome Trace Event Format (Perfetto, chrome://tracing). */
char               *ls_trace_to_chrome_json (LsTrace *self);

/* Reading forward from `index`, with a decoder of its own: the trace's
 * cursor for ls_trace_get_event stays where it was.  The cursor must not
 * outlive the trace; it sees records appended after it was made. */
LsTraceCursor      *ls_trace_cursor_new       (LsTrace *trace, gsize index);
void                ls_trace_cursor_free      (LsTraceCursor *self);
/* The next record into `out` and TRUE, or FALSE at the end of the trace. */
gboolean            ls_trace_cursor_next      (LsTraceCursor *self, LsTraceEvent *out);
/* The index of the record the next call to ls_trace_cursor_next reads. */
gsize               ls_trace_cursor_get_index (LsTraceCursor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTrace, ls_trace_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTraceCursor, ls_trace_cursor_free)

G_END_DECLS
