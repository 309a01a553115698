/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-trace-chrome.c — the trace as Chrome Trace Event Format JSON, which
 * Perfetto and chrome://tracing open.
 *
 * One track per task, per worker thread and for the event loop (the main
 * thread).  Running periods and waits are complete ("X") slices, so every
 * slice is closed by construction; flows join a task's creation to its
 * first step, a future's completion to the step it wakes, and a cancel()
 * to the CancelledError it delivers; instants mark prints, timeouts and
 * cancellations.  Virtual seconds become microseconds.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-trace.h"

#define LOOP_TID       1
#define THREAD_TID(id) (100 + (id))
#define TASK_TID(id)   (100000 + (id))

typedef struct
{
  double   since;          /* start of the open slice */
  gboolean running;        /* inside a step */
  gboolean started;        /* has had a first step */
  char    *waiting_on;     /* label of the open wait slice, NULL when none */
  guint32  name;           /* string: coroutine name */
} TaskState;

typedef struct
{
  LsTrace    *trace;
  GString    *out;
  gboolean    first;
  GHashTable *tasks;         /* task id -> TaskState*, lookups only */
  GHashTable *waiters;       /* future id -> GArray of task ids waiting on it */
  GHashTable *pending_flows; /* task id -> GString* of flow starts to emit at its next step */
  GHashTable *thread_since;  /* thread id -> ThreadTrack* */
  guint       next_flow_id;
  double      end_time;
} Writer;

static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
begin_entry (Writer *w)
{
  g_string_append (w->out, w->first ? "\n  " : ",\n  ");
  w->first = FALSE;
}

static void
write_slice (Writer *w, guint tid, const char *name, const char *category, double start, double end)
{
  begin_entry (w);
  g_string_append (w->out, "{\"ph\":\"X\",\"pid\":1,\"tid\":");
  g_string_append_printf (w->out, "%u,\"ts\":%.3f,\"dur\":%.3f,\"cat\":\"%s\",\"name\":", tid,
                          start * 1e6, (end - start) * 1e6, category);
  append_json_string (w->out, name);
  g_string_append_c (w->out, '}');
}

static void
write_instant (Writer *w, guint tid, const char *name, const char *category, double time)
{
  begin_entry (w);
  g_string_append_printf (w->out, "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":%.3f,\"cat\":\"%s\",\"name\":",
                          tid, time * 1e6, category);
  append_json_string (w->out, name);
  g_string_append_c (w->out, '}');
}

static void
write_thread_name (Writer *w, guint tid, const char *name, guint sort_index)
{
  begin_entry (w);
  g_string_append_printf (w->out, "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":", tid);
  append_json_string (w->out, name);
  g_string_append (w->out, "}}");
  begin_entry (w);
  g_string_append_printf (w->out, "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%u}}",
                          tid, sort_index);
}

/* A flow starts now on `from_tid` and ends at `task`'s next step. */
static void
add_flow (Writer *w, guint from_tid, guint32 task, const char *name, double time)
{
  GString *starts = g_hash_table_lookup (w->pending_flows, GUINT_TO_POINTER (task));

  if (starts == NULL)
    {
      starts = g_string_new (NULL);
      g_hash_table_insert (w->pending_flows, GUINT_TO_POINTER (task), starts);
    }
  g_string_append_printf (starts, "%u\t%u\t%.3f\t%s\n", ++w->next_flow_id, from_tid, time * 1e6, name);
}

/* Emits both ends of the flows that end at this step of `task`. */
static void
close_flows (Writer *w, guint32 task, double time)
{
  GString *starts = g_hash_table_lookup (w->pending_flows, GUINT_TO_POINTER (task));
  g_auto(GStrv) lines = NULL;

  if (starts == NULL)
    return;
  lines = g_strsplit (starts->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", 4);

      begin_entry (w);
      g_string_append_printf (w->out, "{\"ph\":\"s\",\"pid\":1,\"tid\":%s,\"ts\":%s,\"id\":%s,\"cat\":\"flow\",\"name\":",
                              f[1], f[2], f[0]);
      append_json_string (w->out, f[3]);
      g_string_append_c (w->out, '}');
      begin_entry (w);
      g_string_append_printf (w->out, "{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":%u,\"ts\":%.3f,\"id\":%s,\"cat\":\"flow\",\"name\":",
                              TASK_TID (task), time * 1e6, f[0]);
      append_json_string (w->out, f[3]);
      g_string_append_c (w->out, '}');
    }
  g_hash_table_remove (w->pending_flows, GUINT_TO_POINTER (task));
}

static TaskState *
task_state (Writer *w, guint32 task)
{
  TaskState *state = g_hash_table_lookup (w->tasks, GUINT_TO_POINTER (task));

  if (state == NULL)
    {
      state = g_new0 (TaskState, 1);
      g_hash_table_insert (w->tasks, GUINT_TO_POINTER (task), state);
    }
  return state;
}

static void
task_state_free (gpointer data)
{
  TaskState *state = data;

  g_free (state->waiting_on);
  g_free (state);
}

static guint
source_tid (const LsTraceEvent *event, guint32 task)
{
  if (task != 0)
    return TASK_TID (task);
  return event->thread <= 1 ? LOOP_TID : THREAD_TID (event->thread);
}

static void
on_task_created (Writer *w, const LsTraceEvent *e, guint sort_index)
{
  TaskState *state = task_state (w, e->subject);
  g_autofree char *label = g_strdup_printf ("%s %s", ls_trace_get_string (w->trace, e->text),
                                            ls_trace_get_string (w->trace, e->arg));

  state->since = e->time;
  state->name = e->arg;
  /* a task made again (Task.__init__ called a second time) has one */
  g_free (state->waiting_on);
  state->waiting_on = g_strdup ("scheduled");
  write_thread_name (w, TASK_TID (e->subject), label, sort_index);
  add_flow (w, source_tid (e, e->object), e->subject, "create", e->time);
}

static void
end_wait (Writer *w, guint32 task, TaskState *state, double time)
{
  if (state->waiting_on == NULL)
    return;
  write_slice (w, TASK_TID (task), state->waiting_on, "wait", state->since, time);
  g_clear_pointer (&state->waiting_on, g_free);
}

static void
on_step_start (Writer *w, const LsTraceEvent *e)
{
  TaskState *state = task_state (w, e->subject);

  end_wait (w, e->subject, state, e->time);
  close_flows (w, e->subject, e->time);
  state->running = TRUE;
  state->started = TRUE;
  state->since = e->time;
}

static void
on_step_end (Writer *w, const LsTraceEvent *e)
{
  TaskState *state = task_state (w, e->subject);
  static const char *const outcomes[] = { "await", "yield", "return", "raise", "cancelled" };
  const char *what = ls_trace_get_string (w->trace, e->text);

  if (state->running)
    write_slice (w, TASK_TID (e->subject), ls_trace_get_string (w->trace, state->name), "run", state->since, e->time);
  state->running = FALSE;
  state->since = e->time;
  if (e->arg == LS_TRACE_OUTCOME_AWAIT || e->arg == LS_TRACE_OUTCOME_YIELD)
    {
      state->waiting_on = g_strdup_printf ("%s %s", e->arg == LS_TRACE_OUTCOME_YIELD ? "ready after" : "waiting on",
                                           *what != '\0' ? what : outcomes[MIN (e->arg, 4)]);
      if (e->arg == LS_TRACE_OUTCOME_AWAIT && e->object != 0)
        {
          GArray *list = g_hash_table_lookup (w->waiters, GUINT_TO_POINTER (e->object));

          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_hash_table_insert (w->waiters, GUINT_TO_POINTER (e->object), list);
            }
          g_array_append_val (list, e->subject);
        }
    }
}

static void
on_future_done (Writer *w, const LsTraceEvent *e)
{
  GArray *list = g_hash_table_lookup (w->waiters, GUINT_TO_POINTER (e->subject));

  if (list == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    add_flow (w, source_tid (e, e->object), g_array_index (list, guint32, i), "wake-up", e->time);
  g_hash_table_remove (w->waiters, GUINT_TO_POINTER (e->subject));
}

typedef struct
{
  double since;   /* start of the open block, < 0 when running */
  guint  block;   /* LsTraceBlock of the open block */
} ThreadTrack;

static void
on_thread_event (Writer *w, const LsTraceEvent *e, guint *sort_index)
{
  guint tid = e->subject <= 1 ? LOOP_TID : THREAD_TID (e->subject);
  ThreadTrack *track = g_hash_table_lookup (w->thread_since, GUINT_TO_POINTER (e->subject));

  if (e->kind == LS_TRACE_THREAD_STARTED && e->subject > 1)
    write_thread_name (w, tid, ls_trace_get_string (w->trace, e->text), 50 + (*sort_index)++);
  if (track == NULL)
    {
      track = g_new (ThreadTrack, 1);
      track->since = -1;
      track->block = 0;
      g_hash_table_insert (w->thread_since, GUINT_TO_POINTER (e->subject), track);
    }
  if (e->kind == LS_TRACE_THREAD_BLOCKED)
    {
      track->since = e->time;
      track->block = e->arg;
    }
  else if (e->kind == LS_TRACE_THREAD_RESUMED && track->since >= 0)
    {
      const char *name = track->block == LS_TRACE_BLOCK_SLEEP ? (e->subject <= 1 ? "time.sleep blocks the loop" : "time.sleep")
                         : track->block == LS_TRACE_BLOCK_LOOP_IDLE ? "idle" : "waiting";

      if (e->time > track->since || track->block != LS_TRACE_BLOCK_LOOP_IDLE)
        write_slice (w, tid, name, track->block == LS_TRACE_BLOCK_LOOP_IDLE ? "idle" : "blocked", track->since, e->time);
      track->since = -1;
    }
}

static void
write_event (Writer *w, const LsTraceEvent *e, guint *sort_index)
{
  switch ((LsTraceKind) e->kind)
    {
    case LS_TRACE_TASK_CREATED:
      on_task_created (w, e, 10 + (*sort_index)++);
      break;
    case LS_TRACE_STEP_START:
      on_step_start (w, e);
      break;
    case LS_TRACE_STEP_END:
      on_step_end (w, e);
      break;
    case LS_TRACE_FUTURE_DONE:
      on_future_done (w, e);
      break;
    case LS_TRACE_CANCEL_REQUESTED:
      write_instant (w, source_tid (e, e->object), "cancel()", "cancel", e->time);
      add_flow (w, source_tid (e, e->object), e->subject, "cancel", e->time);
      break;
    case LS_TRACE_CANCEL_DELIVERED:
      write_instant (w, TASK_TID (e->subject), "CancelledError delivered", "cancel", e->time);
      break;
    case LS_TRACE_TIMEOUT_EXPIRED:
      write_instant (w, source_tid (e, e->object), "timeout expired", "timeout", e->time);
      break;
    case LS_TRACE_SHIELD_ABSORBED:
      write_instant (w, LOOP_TID, "shield absorbed a cancellation", "cancel", e->time);
      break;
    case LS_TRACE_OUTPUT:
      write_instant (w, source_tid (e, e->object), ls_trace_get_string (w->trace, e->text), "print", e->time);
      break;
    case LS_TRACE_UNCAUGHT:
      write_instant (w, LOOP_TID, ls_trace_get_string (w->trace, e->text), "exception", e->time);
      break;
    case LS_TRACE_CALLBACK_RUN:
      /* the loop running a callback: a zero-length slice on its track */
      break;
    case LS_TRACE_THREAD_STARTED:
    case LS_TRACE_THREAD_BLOCKED:
    case LS_TRACE_THREAD_RESUMED:
    case LS_TRACE_THREAD_FINISHED:
      on_thread_event (w, e, sort_index);
      break;
    case LS_TRACE_FUTURE_CREATED:
    case LS_TRACE_CALLBACK_SCHEDULED:
    case LS_TRACE_CALLBACK_DONE:
    case LS_TRACE_TIMER_ARMED:
    case LS_TRACE_TIMER_CANCELLED:
    case LS_TRACE_TIMEOUT_ARMED:
    case LS_TRACE_TIMEOUT_RESCHEDULED:
    case LS_TRACE_GATHER_CREATED:
    case LS_TRACE_N_KINDS:
    default:
      break;
    }
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Slices still open when the run ended are closed at its last instant. */
static void
close_open_slices (Writer *w)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* sorted ids, so the output never depends on hash order */
  g_hash_table_iter_init (&iter, w->tasks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint32 id = GPOINTER_TO_UINT (key);
      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);
      TaskState *state = g_hash_table_lookup (w->tasks, GUINT_TO_POINTER (id));

      if (state->running)
        write_slice (w, TASK_TID (id), ls_trace_get_string (w->trace, state->name), "run", state->since, w->end_time);
      end_wait (w, id, state, w->end_time);
    }
}

char *
ls_trace_to_chrome_json (LsTrace *trace)
{
  Writer w = { trace, g_string_new ("{\"displayTimeUnit\":\"ms\",\"traceEvents\":["), TRUE };
  gsize n = ls_trace_get_n_events (trace);
  g_autoptr(LsTraceCursor) cursor = ls_trace_cursor_new (trace, 0);
  LsTraceEvent event;
  guint sort_index = 0;

  w.tasks = g_hash_table_new_full (NULL, NULL, NULL, task_state_free);
  w.waiters = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  w.pending_flows = g_hash_table_new_full (NULL, NULL, NULL, free_gstring);
  w.thread_since = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  w.end_time = n > 0 && ls_trace_get_event (trace, n - 1, &event) ? event.time : 0.0;

  begin_entry (&w);
  g_string_append (w.out, "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"Loopscope\"}}");
  write_thread_name (&w, LOOP_TID, "event loop (MainThread)", 0);
  while (ls_trace_cursor_next (cursor, &event))
    write_event (&w, &event, &sort_index);
  close_open_slices (&w);
  g_string_append (w.out, "\n]}\n");

  g_hash_table_unref (w.tasks);
  g_hash_table_unref (w.waiters);
  g_hash_table_unref (w.pending_flows);
  g_hash_table_unref (w.thread_since);
  return g_string_free (w.out, FALSE);
}
