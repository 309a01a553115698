/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-playback.c: a run's trace copied into a shown trace as the shown
 * time passes (see ls-playback.h). */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <math.h>

#include "ls-playback.h"

struct _LsPlayback
{
  LsTrace *shown;
  gsize    n_copied;    /* records of the source copied so far */
  guint32  n_strings;   /* strings of the source copied so far (index 0, "", comes free) */
  guint32  n_numbers;   /* numbers likewise (index 0 is unused in both) */
};

LsPlayback *
ls_playback_new (void)
{
  LsPlayback *self = g_new0 (LsPlayback, 1);

  self->shown = ls_trace_new ();
  self->n_strings = 1;
  self->n_numbers = 1;
  return self;
}

void
ls_playback_free (LsPlayback *self)
{
  if (self == NULL)
    return;
  ls_trace_free (self->shown);
  g_free (self);
}

LsTrace *
ls_playback_get_trace (LsPlayback *self)
{
  return self->shown;
}

/* The source's strings up to `index`, in its order, so that indices agree. */
static void
copy_strings (LsPlayback *self,
              LsTrace    *source,
              guint32     index)
{
  /* a default task name: the shown trace makes its text itself */
  if (ls_trace_index_is_task_name (index))
    return;
  for (; self->n_strings <= index; self->n_strings++)
    {
      guint32 copied = ls_trace_intern (self->shown, ls_trace_get_string (source, self->n_strings));

      /* The source interns too: its strings are unique, so each one is
       * new here and lands at the same index. */
      g_warn_if_fail (copied == self->n_strings);
    }
}

static void
copy_numbers (LsPlayback *self,
              LsTrace    *source,
              guint32     index)
{
  for (; self->n_numbers <= index; self->n_numbers++)
    ls_trace_add_number (self->shown, ls_trace_get_number (source, self->n_numbers));
}

gsize
ls_playback_copy (LsPlayback *self,
                  LsTrace    *source,
                  double      until,
                  gsize       max,
                  GString    *output)
{
  gsize n = ls_trace_get_n_events (source);
  gsize copied = 0;

  while (self->n_copied < n && copied < max)
    {
      LsTraceEvent e;

      /* Virtual time never goes back, so the first record past `until`
       * ends the copy. */
      if (!ls_trace_get_event (source, self->n_copied, &e) || e.time > until)
        break;

      /* Which fields index which table: ls-trace.h, "(string)" and
       * "(number)". */
      copy_strings (self, source, ls_trace_event_get_text (&e));
      switch ((LsTraceKind) e.kind)
        {
        case LS_TRACE_TASK_CREATED:
        case LS_TRACE_TIMER_ARMED:
          copy_strings (self, source, e.arg);
          break;
        case LS_TRACE_TIMEOUT_ARMED:
        case LS_TRACE_TIMEOUT_RESCHEDULED:
          copy_numbers (self, source, e.arg);
          break;
        case LS_TRACE_OUTPUT:
          if (output != NULL)
            g_string_append (output, ls_trace_get_string (source, e.text));
          break;
        default:
          break;
        }
      ls_trace_append (self->shown, &e);
      self->n_copied++;
      copied++;
    }
  return copied;
}

gsize
ls_playback_get_n_behind (LsPlayback *self,
                          LsTrace    *source)
{
  return ls_trace_get_n_events (source) - self->n_copied;
}

double
ls_playback_get_next_time (LsPlayback *self,
                           LsTrace    *source)
{
  LsTraceEvent next;

  if (!ls_trace_get_event (source, self->n_copied, &next))
    return NAN;
  return next.time;
}
