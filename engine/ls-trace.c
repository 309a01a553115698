/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-trace.c — storage of the event log and its Chrome Trace Event
 * Format export.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-trace.h"

struct _LsTrace
{
  GArray     *events;     /* LsTraceEvent */
  GPtrArray  *strings;    /* index 0 is "" */
  GHashTable *string_ids; /* char* -> index + 1; lookups only */
  GArray     *numbers;    /* double; index 0 unused */
  GHashTable *names;      /* entity id -> string index, for tasks and threads */
  GHashTable *task_names; /* N -> "Task-N", made when a reader asks; lookups only */
};

/* Default task names ("Task-17") are not stored: their index is the
 * number with LS_TRACE_TASK_NAME_BIT set, and the text is made again when
 * a reader asks for it.  A program with thousands of tasks would
 * otherwise hold a string of ~19 bytes for each, which alone took the
 * trace past its 32 bytes an event.  Only the canonical spelling
 * qualifies (no sign, no leading zero), so the text comes back the same. */
static gboolean
parse_task_name (const char *text,
                 guint32    *number)
{
  guint64 n = 0;
  const char *p;

  if (strncmp (text, "Task-", 5) != 0 || text[5] == '\0' || (text[5] == '0' && text[6] != '\0'))
    return FALSE;
  for (p = text + 5; *p != '\0'; p++)
    {
      if (*p < '0' || *p > '9' || p - text > 15)
        return FALSE;
      n = n * 10 + (guint64) (*p - '0');
    }
  if (n >= LS_TRACE_TASK_NAME_BIT)
    return FALSE;
  *number = (guint32) n;
  return TRUE;
}

static const char *
task_name (LsTrace *self,
           guint32  number)
{
  char *text = g_hash_table_lookup (self->task_names, GUINT_TO_POINTER (number));

  if (text == NULL)
    {
      text = g_strdup_printf ("Task-%u", number);
      g_hash_table_insert (self->task_names, GUINT_TO_POINTER (number), text);
    }
  return text;
}

LsTrace *
ls_trace_new (void)
{
  LsTrace *self = g_new0 (LsTrace, 1);
  double zero = 0.0;

  self->events = g_array_sized_new (FALSE, FALSE, sizeof (LsTraceEvent), 1024);
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->numbers = g_array_new (FALSE, FALSE, sizeof (double));
  self->names = g_hash_table_new (NULL, NULL);
  self->task_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  ls_trace_intern (self, "");
  g_array_append_val (self->numbers, zero);
  return self;
}

void
ls_trace_free (LsTrace *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->events);
  g_hash_table_unref (self->string_ids);
  g_ptr_array_unref (self->strings);
  g_array_unref (self->numbers);
  g_hash_table_unref (self->names);
  g_hash_table_unref (self->task_names);
  g_free (self);
}

guint32
ls_trace_intern (LsTrace    *self,
                 const char *text)
{
  gpointer found = g_hash_table_lookup (self->string_ids, text);
  guint32 number;
  char *copy;

  if (found == NULL && parse_task_name (text, &number))
    return LS_TRACE_TASK_NAME_BIT | number;
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  copy = g_strdup (text);
  g_ptr_array_add (self->strings, copy);
  g_hash_table_insert (self->string_ids, copy, GUINT_TO_POINTER (self->strings->len));
  return self->strings->len - 1;
}

guint32
ls_trace_add_number (LsTrace *self,
                     double   value)
{
  g_array_append_val (self->numbers, value);
  return self->numbers->len - 1;
}

guint32
ls_trace_append (LsTrace            *self,
                 const LsTraceEvent *event)
{
  g_array_append_val (self->events, *event);
  if (event->kind == LS_TRACE_TASK_CREATED || event->kind == LS_TRACE_THREAD_STARTED)
    g_hash_table_insert (self->names, GUINT_TO_POINTER (event->subject), GUINT_TO_POINTER (event->text));
  return self->events->len - 1;
}

gsize
ls_trace_get_n_events (LsTrace *self)
{
  return self->events->len;
}

const LsTraceEvent *
ls_trace_get_event (LsTrace *self,
                    gsize    index)
{
  return &g_array_index (self->events, LsTraceEvent, index);
}

const char *
ls_trace_get_string (LsTrace *self,
                     guint32  index)
{
  if (ls_trace_index_is_task_name (index))
    return task_name (self, index & ~LS_TRACE_TASK_NAME_BIT);
  return index < self->strings->len ? g_ptr_array_index (self->strings, index) : "";
}

double
ls_trace_get_number (LsTrace *self,
                     guint32  index)
{
  return index < self->numbers->len ? g_array_index (self->numbers, double, index) : 0.0;
}

const char *
ls_trace_get_entity_name (LsTrace *self,
                          guint32  id)
{
  return ls_trace_get_string (self, GPOINTER_TO_UINT (g_hash_table_lookup (self->names, GUINT_TO_POINTER (id))));
}

const char *
ls_trace_kind_name (LsTraceKind kind)
{
  static const char *const names[] = {
    "task-created", "step-start", "step-end", "future-created", "future-done",
    "callback-scheduled", "callback-run", "callback-done", "timer-armed", "timer-cancelled",
    "cancel-requested", "cancel-delivered", "timeout-armed", "timeout-rescheduled",
    "timeout-expired", "shield-absorbed", "gather-created", "thread-started", "thread-blocked",
    "thread-resumed", "thread-finished", "output", "uncaught",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == LS_TRACE_N_KINDS);
  return (guint) kind < LS_TRACE_N_KINDS ? names[kind] : "?";
}

gsize
ls_trace_get_memory_size (LsTrace *self)
{
  gsize bytes = self->events->len * sizeof (LsTraceEvent) + self->numbers->len * sizeof (double);

  GHashTableIter iter;
  gpointer text;

  for (guint i = 0; i < self->strings->len; i++)
    bytes += strlen (g_ptr_array_index (self->strings, i)) + 1 + sizeof (gpointer);
  /* the task names readers asked for (a sum: the order does not matter) */
  g_hash_table_iter_init (&iter, self->task_names);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    bytes += strlen (text) + 1 + sizeof (gpointer);
  return bytes;
}
