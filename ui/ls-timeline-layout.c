/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-layout.c — pure geometry of the timeline (see the header for
 * the horizontal mapping).
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "ls-timeline-layout.h"

struct _LsTimelineLayout
{
  LsTimelineModel      *model;
  LsTimelineMetrics     metrics;
  LsTimelineMeasureFunc measure;
  gpointer              measure_data;
  double                width;
  double                req_from;
  double                req_to;
  char                 *title;
  gboolean              show_internal;

  /* computed by update() */
  double   height;
  double   from, to;
  double   first_slot, last_slot;
  double   plot_x, plot_width;
  double   px_per_second, px_per_slot;
  double   axis_y;
  double   rows_y, rows_bottom;
  double   legend_y;
  double   end_x;
  GArray  *rows;        /* LsTimelineRow */
  GArray  *row_lanes;   /* guint32 lane indexes, rows' lanes in order */
  GArray  *row_spans;   /* LsTimelineSpan, parallel to row_lanes */
  GArray  *lane_rows;   /* guint per lane: its row, G_MAXUINT when hidden */
  GArray  *ticks;
  GArray  *notes;
  GArray  *legend;

  /* what assign_rows() last assigned rows for */
  gboolean rows_valid;
  gsize    rows_version;       /* the trace's records then */
  guint    rows_n_lanes;
  gboolean rows_show_internal;
  guint    rows_pack_threshold;
};

void
ls_timeline_metrics_init_default (LsTimelineMetrics *m)
{
  m->margin = 16;
  m->title_height = 30;
  m->axis_height = 28;
  m->label_width = 170;
  m->end_room = 90;
  m->row_top = 10;
  m->bar_height = 20;
  m->note_height = 16;
  m->row_bottom = 8;
  m->max_note_lines = 4;
  m->slot_width = 30;
  m->max_slot_share = 0.4;
  m->min_tick_gap = 70;
  m->legend_line = 22;
  m->pack_threshold = 400;
  m->max_height = 0;
}

static double
default_measure (const char *text, LsTimelineFont font, gpointer user_data)
{
  return 7.0 * g_utf8_strlen (text, -1);
}

LsTimelineLayout *
ls_timeline_layout_new (LsTimelineModel *model)
{
  LsTimelineLayout *self = g_new0 (LsTimelineLayout, 1);

  self->model = model;
  ls_timeline_metrics_init_default (&self->metrics);
  self->measure = default_measure;
  self->width = 1000;
  self->req_from = NAN;
  self->req_to = NAN;
  self->rows = g_array_new (FALSE, FALSE, sizeof (LsTimelineRow));
  self->row_lanes = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->row_spans = g_array_new (FALSE, FALSE, sizeof (LsTimelineSpan));
  self->lane_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->ticks = g_array_new (FALSE, FALSE, sizeof (LsTimelineTick));
  self->notes = g_array_new (FALSE, FALSE, sizeof (LsTimelineNote));
  self->legend = g_array_new (FALSE, FALSE, sizeof (LsTimelineLegendEntry));
  return self;
}

void
ls_timeline_layout_free (LsTimelineLayout *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_array_unref (self->rows);
  g_array_unref (self->row_lanes);
  g_array_unref (self->row_spans);
  g_array_unref (self->lane_rows);
  g_array_unref (self->ticks);
  g_array_unref (self->notes);
  g_array_unref (self->legend);
  g_free (self);
}

void
ls_timeline_layout_set_metrics (LsTimelineLayout        *self,
                                const LsTimelineMetrics *metrics)
{
  self->metrics = *metrics;
}

const LsTimelineMetrics *
ls_timeline_layout_get_metrics (LsTimelineLayout *self)
{
  return &self->metrics;
}

void
ls_timeline_layout_set_measure_func (LsTimelineLayout      *self,
                                     LsTimelineMeasureFunc  func,
                                     gpointer               user_data)
{
  self->measure = func != NULL ? func : default_measure;
  self->measure_data = user_data;
}

void
ls_timeline_layout_set_width (LsTimelineLayout *self,
                              double            width)
{
  self->width = MAX (width, 200);
}

void
ls_timeline_layout_set_range (LsTimelineLayout *self,
                              double            from,
                              double            to)
{
  self->req_from = from;
  self->req_to = to;
}

void
ls_timeline_layout_set_title (LsTimelineLayout *self,
                              const char       *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
}

void
ls_timeline_layout_set_show_internal (LsTimelineLayout *self,
                                      gboolean          show)
{
  self->show_internal = show;
}

/* --- the horizontal mapping ------------------------------------------------ */

double
ls_timeline_layout_x (LsTimelineLayout *self,
                      double            time,
                      double            pos)
{
  return self->plot_x + self->px_per_second * (time - self->from) + self->px_per_slot * (pos - self->first_slot);
}

double
ls_timeline_layout_x_for_time (LsTimelineLayout *self,
                               double            time)
{
  return ls_timeline_layout_x (self, time, ls_timeline_model_pos_at_time (self->model, time));
}

double
ls_timeline_layout_time_at_x (LsTimelineLayout *self,
                              double            x)
{
  const GArray *instants = ls_timeline_model_get_instants (self->model);
  guint lo = 0, hi = instants->len;
  const LsTimelineInstant *instant;
  double burst_start, burst_end;

  /* the last instant whose burst starts at or before x */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const LsTimelineInstant *in = &g_array_index (instants, LsTimelineInstant, mid);

      if (ls_timeline_layout_x (self, in->time, in->first_slot) <= x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    {
      if (self->px_per_second <= 0)
        return self->from;
      return self->from + (x - ls_timeline_layout_x (self, self->from, self->first_slot)) / self->px_per_second;
    }
  instant = &g_array_index (instants, LsTimelineInstant, lo - 1);
  burst_start = ls_timeline_layout_x (self, instant->time, instant->first_slot);
  burst_end = ls_timeline_layout_x (self, instant->time, instant->first_slot + instant->n_slots);
  if (x <= burst_end || self->px_per_second <= 0)
    return instant->time;
  (void) burst_start;
  return instant->time + (x - burst_end) / self->px_per_second;
}

/* --- ticks ----------------------------------------------------------------- */

void
ls_timeline_format_tick (double time,
                         double step,
                         char  *out,
                         gsize  size)
{
  const char *unit = "s";
  int decimals;
  char *dot;

  if (step < 0.01 && fabs (time) < 1.0)
    {
      time *= 1000;
      step *= 1000;
      unit = "ms";
    }
  decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  decimals = CLAMP (decimals, 0, 9);
  g_snprintf (out, size, "%.*f", decimals, fabs (time) < step * 1e-6 ? 0.0 : time);
  /* "0.50" -> "0.5", "1.0" -> "1" */
  dot = strchr (out, '.');
  if (dot != NULL)
    {
      char *end = out + strlen (out) - 1;

      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  g_strlcat (out, " ", size);
  g_strlcat (out, unit, size);
}

static double
tick_step (double min_seconds)
{
  double base = pow (10, floor (log10 (min_seconds)));

  for (;;)
    {
      static const double multiples[] = { 1, 2, 5 };

      for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
        if (base * multiples[i] >= min_seconds * (1 - 1e-9))
          return base * multiples[i];
      base *= 10;
    }
}

static void
compute_ticks (LsTimelineLayout *self)
{
  double span = self->to - self->from;
  double step;
  gint64 first, last;

  g_array_set_size (self->ticks, 0);
  if (span <= 0 || self->px_per_second <= 0)
    {
      LsTimelineTick tick = { self->from, ls_timeline_layout_x_for_time (self, self->from), "" };

      ls_timeline_format_tick (self->from, 1, tick.label, sizeof tick.label);
      g_array_append_val (self->ticks, tick);
      return;
    }
  step = tick_step (self->metrics.min_tick_gap / self->px_per_second);
  first = (gint64) ceil (self->from / step - 1e-9);
  last = (gint64) floor (self->to / step + 1e-9);
  for (gint64 i = first; i <= last && i - first < 10000; i++)
    {
      LsTimelineTick tick = { i * step, 0, "" };

      tick.x = ls_timeline_layout_x_for_time (self, tick.time);
      ls_timeline_format_tick (tick.time, step, tick.label, sizeof tick.label);
      g_array_append_val (self->ticks, tick);
    }
}

/* --- rows ------------------------------------------------------------------ */

static gboolean
lane_shown (LsTimelineLayout *self, const LsTimelineLane *lane)
{
  return self->show_internal || !lane->internal;
}

/* Tasks depth first: each task right after the task that created it, in
 * creation order, so a parent and its children stay together. */
static void
order_tasks (LsTimelineLayout *self, GArray *order)
{
  guint n = ls_timeline_model_get_n_lanes (self->model);
  g_autofree guint32 *first_child = g_new (guint32, n);
  g_autofree guint32 *next_sibling = g_new (guint32, n);
  g_autofree guint32 *last_child = g_new (guint32, n);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 roots_first = LS_TIMELINE_NO_LANE, roots_last = LS_TIMELINE_NO_LANE;

  for (guint i = 0; i < n; i++)
    first_child[i] = next_sibling[i] = last_child[i] = LS_TIMELINE_NO_LANE;
  for (guint i = 0; i < n; i++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, i);
      guint32 parent = lane->parent;

      if (lane->kind != LS_LANE_TASK || !lane_shown (self, lane))
        continue;
      if (parent != LS_TIMELINE_NO_LANE && !lane_shown (self, ls_timeline_model_get_lane (self->model, parent)))
        parent = LS_TIMELINE_NO_LANE;
      if (parent == LS_TIMELINE_NO_LANE)
        {
          if (roots_last == LS_TIMELINE_NO_LANE)
            roots_first = i;
          else
            next_sibling[roots_last] = i;
          roots_last = i;
        }
      else
        {
          if (last_child[parent] == LS_TIMELINE_NO_LANE)
            first_child[parent] = i;
          else
            next_sibling[last_child[parent]] = i;
          last_child[parent] = i;
        }
    }
  /* iterative preorder: push siblings in reverse is awkward with a list,
   * so walk: visit, then descend; climb by the stack */
  for (guint32 at = roots_first; at != LS_TIMELINE_NO_LANE;)
    {
      g_array_append_val (order, at);
      if (first_child[at] != LS_TIMELINE_NO_LANE)
        {
          g_array_append_val (stack, at);
          at = first_child[at];
          continue;
        }
      while (next_sibling[at] == LS_TIMELINE_NO_LANE && stack->len > 0)
        {
          at = g_array_index (stack, guint32, stack->len - 1);
          g_array_set_size (stack, stack->len - 1);
        }
      at = next_sibling[at];
    }
}

/* When a task's life ends: the start of its final state, or never. */
static void
lane_end (const LsTimelineLane *lane, double *time, double *pos)
{
  if (lane->intervals->len > 0)
    {
      const LsTimelineInterval *last = &g_array_index (lane->intervals, LsTimelineInterval, lane->intervals->len - 1);

      if (last->state == LS_STATE_DONE || last->state == LS_STATE_FAILED || last->state == LS_STATE_CANCELLED)
        {
          *time = last->start_time;
          *pos = last->start_pos;
          return;
        }
    }
  *time = INFINITY;
  *pos = INFINITY;
}

typedef struct
{
  double time, pos;
  guint  row;
} RowEnd;

static gboolean
row_end_before (const RowEnd *a, const RowEnd *b)
{
  return a->time < b->time || (a->time == b->time && (a->pos < b->pos || (a->pos == b->pos && a->row < b->row)));
}

static void
heap_push (GArray *heap, RowEnd item)
{
  guint i = heap->len;

  g_array_append_val (heap, item);
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      RowEnd *a = &g_array_index (heap, RowEnd, i), *p = &g_array_index (heap, RowEnd, parent);

      if (!row_end_before (a, p))
        break;
      RowEnd tmp = *a;
      *a = *p;
      *p = tmp;
      i = parent;
    }
}

static RowEnd
heap_pop (GArray *heap)
{
  RowEnd top = g_array_index (heap, RowEnd, 0);
  guint i = 0, n;

  g_array_index (heap, RowEnd, 0) = g_array_index (heap, RowEnd, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, best = i;

      if (l < n && row_end_before (&g_array_index (heap, RowEnd, l), &g_array_index (heap, RowEnd, best)))
        best = l;
      if (r < n && row_end_before (&g_array_index (heap, RowEnd, r), &g_array_index (heap, RowEnd, best)))
        best = r;
      if (best == i)
        break;
      RowEnd tmp = g_array_index (heap, RowEnd, i);
      g_array_index (heap, RowEnd, i) = g_array_index (heap, RowEnd, best);
      g_array_index (heap, RowEnd, best) = tmp;
      i = best;
    }
  return top;
}

/* Thousands of short tasks: a task goes into the row that was freed
 * earliest, if that row's task ended before this one was created; else a
 * new row.  Rows then hold tasks one after another, in task order. */
static void
pack_tasks (LsTimelineLayout *self, GArray *order, GPtrArray *row_members)
{
  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (RowEnd));

  for (guint i = 0; i < order->len; i++)
    {
      guint32 lane_index = g_array_index (order, guint32, i);
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);
      RowEnd end;
      guint row;

      if (heap->len > 0 && row_end_before (&(RowEnd) { g_array_index (heap, RowEnd, 0).time,
                                                       g_array_index (heap, RowEnd, 0).pos, 0 },
                                           &(RowEnd) { lane->start_time, lane->start_pos, 1 }))
        row = heap_pop (heap).row;
      else
        {
          row = row_members->len;
          g_ptr_array_add (row_members, g_array_new (FALSE, FALSE, sizeof (guint32)));
        }
      g_array_append_val (g_ptr_array_index (row_members, row), lane_index);
      lane_end (lane, &end.time, &end.pos);
      end.row = row;
      if (isfinite (end.time))
        heap_push (heap, end);
    }
}

static const char *
mark_text (LsTimelineLayout *self, const LsTimelineMark *mark)
{
  return ls_timeline_model_get_string (self->model, mark->text);
}

typedef struct
{
  double  x;
  guint32 lane;
  guint32 mark;
} NoteCandidate;

static gint
compare_candidates (gconstpointer a, gconstpointer b)
{
  const NoteCandidate *x = a, *y = b;

  if (x->x != y->x)
    return x->x < y->x ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/* Print labels under a row's bar: each goes on the first line where it
 * does not run into the label before it; with no such line it is left out
 * (its mark still shows).  Marks closer than a pixel are one candidate. */
static guint
place_notes (LsTimelineLayout *self, guint row_index)
{
  LsTimelineRow *row = &g_array_index (self->rows, LsTimelineRow, row_index);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (NoteCandidate));
  double line_right[8];
  guint lines = MIN (self->metrics.max_note_lines, G_N_ELEMENTS (line_right));
  guint used = 0;
  double right_edge = self->width - self->metrics.margin;
  double left_edge = self->plot_x;

  for (guint i = 0; i < lines; i++)
    line_right[i] = -INFINITY;
  for (guint k = 0; k < row->n_lanes; k++)
    {
      guint32 lane_index = g_array_index (self->row_lanes, guint32, row->first + k);
      const LsTimelineSpan *span = &g_array_index (self->row_spans, LsTimelineSpan, row->first + k);
      const LsTimelineLane *lane;
      double plot_right = self->plot_x + self->plot_width;
      guint i;

      /* a packed row's lanes out of view have no marks in it: not even read */
      if ((span->end_time != INFINITY && ls_timeline_layout_x (self, span->end_time, span->end_pos) < left_edge) ||
          ls_timeline_layout_x (self, span->start_time, span->start_pos) > plot_right + 0.5)
        continue;
      lane = ls_timeline_model_get_lane (self->model, lane_index);
      i = ls_timeline_layout_first_mark_at (self, lane_index, left_edge);

      while (i < lane->marks->len)
        {
          const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, i);
          double x = ls_timeline_layout_x (self, mark->time, mark->pos);
          NoteCandidate candidate = { x, lane_index, i };

          if (x > plot_right + 0.5)
            break;
          if (mark->text != 0)
            g_array_append_val (candidates, candidate);
          /* level of detail: the next candidate is at least a pixel on */
          i = ls_timeline_layout_next_mark_at (self, lane_index, i + 1, floor (x) + 1);
        }
    }
  if (row->n_lanes > 1)
    g_array_sort (candidates, compare_candidates);
  for (guint c = 0; c < candidates->len; c++)
    {
      const NoteCandidate *candidate = &g_array_index (candidates, NoteCandidate, c);
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, candidate->lane);
      const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, candidate->mark);
      const char *text = mark_text (self, mark);
      double width = self->measure (text, LS_FONT_MONO, self->measure_data);
      double right_x = candidate->x + 7;                /* text to the right of its mark */
      double left_x = candidate->x - 7 - width;          /* or, failing that, to its left */
      gboolean placed = FALSE;

      /* a label that fits to the right goes there; near the right edge one
       * that fits to the left goes there; else it is clipped on the right */
      for (guint pass = 0; pass < 3 && !placed; pass++)
        for (guint l = 0; l < lines && !placed; l++)
          {
            double x = pass == 1 ? left_x : right_x;
            double w = pass == 2 ? MIN (width, right_edge - right_x) : width;

            if (pass == 0 && right_x + width > right_edge)
              break;
            if (pass == 1 && left_x < left_edge)
              break;
            if (w < MIN (width, 20) || line_right[l] + 8 > x)
              continue;
            {
              LsTimelineNote note = { candidate->lane, candidate->mark, x, l, w };

              g_array_append_val (self->notes, note);
              line_right[l] = x + w;
              used = MAX (used, l + 1);
              placed = TRUE;
            }
          }
    }
  return used;
}

/* Where a lane's drawing starts and ends: its creation, and the end of
 * its last interval (a final state, which is a glyph where it begins:
 * there; one still open: never, as the model may grow after the rows are
 * assigned) or its last mark, whichever is later. */
static LsTimelineSpan
lane_span (const LsTimelineLane *lane)
{
  LsTimelineSpan span = { lane->start_time, lane->start_pos, lane->start_time, lane->start_pos };

  if (lane->intervals->len > 0)
    {
      const LsTimelineInterval *last = &g_array_index (lane->intervals, LsTimelineInterval, lane->intervals->len - 1);

      if (last->state == LS_STATE_DONE || last->state == LS_STATE_FAILED || last->state == LS_STATE_CANCELLED)
        {
          span.end_time = last->start_time;
          span.end_pos = last->start_pos;
        }
      else if (last->flags & LS_INTERVAL_OPEN)
        {
          span.end_time = INFINITY;
          span.end_pos = INFINITY;
        }
      else
        {
          span.end_time = last->end_time;
          span.end_pos = last->end_pos;
        }
    }
  if (lane->marks->len > 0)
    {
      const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, lane->marks->len - 1);

      if (mark->time > span.end_time || (mark->time == span.end_time && mark->pos > span.end_pos))
        {
          span.end_time = mark->time;
          span.end_pos = mark->pos;
        }
    }
  return span;
}

/* Which lanes go in which row.  It depends on the model and two settings,
 * not on the range or the width: so it is kept while those stay, and a
 * zoom or a pan over thousands of tasks does not sort and pack them again. */
static void
assign_rows (LsTimelineLayout *self)
{
  const LsTimelineMetrics *m = &self->metrics;
  guint n = ls_timeline_model_get_n_lanes (self->model);
  gsize version = ls_trace_get_n_events (ls_timeline_model_get_trace (self->model));
  g_autoptr(GArray) threads = NULL;
  g_autoptr(GArray) tasks = NULL;
  g_autoptr(GPtrArray) members = NULL;

  if (self->rows_valid && self->rows_version == version && self->rows_n_lanes == n &&
      self->rows_show_internal == self->show_internal && self->rows_pack_threshold == m->pack_threshold)
    return;
  self->rows_valid = TRUE;
  self->rows_version = version;
  self->rows_n_lanes = n;
  self->rows_show_internal = self->show_internal;
  self->rows_pack_threshold = m->pack_threshold;

  threads = g_array_new (FALSE, FALSE, sizeof (guint32));
  tasks = g_array_new (FALSE, FALSE, sizeof (guint32));
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->row_lanes, 0);
  g_array_set_size (self->row_spans, 0);
  g_array_set_size (self->lane_rows, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->lane_rows, guint, i) = G_MAXUINT;

  for (guint i = 1; i < n; i++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, i);

      if (lane->kind == LS_LANE_THREAD && lane_shown (self, lane))
        g_array_append_val (threads, i);
    }
  order_tasks (self, tasks);

  /* the loop, then the worker threads beside it, then the tasks */
  {
    GArray *loop = g_array_new (FALSE, FALSE, sizeof (guint32));
    guint32 zero = LS_TIMELINE_LOOP_LANE;

    g_array_append_val (loop, zero);
    g_ptr_array_add (members, loop);
  }
  for (guint i = 0; i < threads->len; i++)
    {
      GArray *one = g_array_new (FALSE, FALSE, sizeof (guint32));

      g_array_append_val (one, g_array_index (threads, guint32, i));
      g_ptr_array_add (members, one);
    }
  if (tasks->len > m->pack_threshold)
    pack_tasks (self, tasks, members);
  else
    for (guint i = 0; i < tasks->len; i++)
      {
        GArray *one = g_array_new (FALSE, FALSE, sizeof (guint32));

        g_array_append_val (one, g_array_index (tasks, guint32, i));
        g_ptr_array_add (members, one);
      }

  for (guint r = 0; r < members->len; r++)
    {
      GArray *lanes = g_ptr_array_index (members, r);
      LsTimelineRow row = { 0 };

      row.first = self->row_lanes->len;
      row.n_lanes = lanes->len;
      for (guint k = 0; k < lanes->len; k++)
        {
          guint32 lane = g_array_index (lanes, guint32, k);
          LsTimelineSpan span = lane_span (ls_timeline_model_get_lane (self->model, lane));

          g_array_append_val (self->row_lanes, lane);
          g_array_append_val (self->row_spans, span);
          g_array_index (self->lane_rows, guint, lane) = r;
        }
      g_array_append_val (self->rows, row);
    }
}

static void
compute_rows (LsTimelineLayout *self, double top)
{
  const LsTimelineMetrics *m = &self->metrics;
  double natural = 0, y = top;
  double least = m->row_top + m->bar_height + m->note_height + m->row_bottom;
  gboolean squeeze;
  guint first_note;

  assign_rows (self);
  g_array_set_size (self->notes, 0);
  for (guint r = 0; r < self->rows->len; r++)
    {
      LsTimelineRow *row = &g_array_index (self->rows, LsTimelineRow, r);
      LsTimelineRow fresh = { 0 };

      fresh.first = row->first;
      fresh.n_lanes = row->n_lanes;
      *row = fresh;
    }
  /* rows that could not fit even with one line of labels each are
   * squeezed whatever their labels: no need to place them */
  squeeze = m->max_height > 0 && top + self->rows->len * least + m->margin > m->max_height;

  /* natural heights, with their print labels */
  first_note = 0;
  for (guint r = 0; r < self->rows->len && !squeeze; r++)
    {
      LsTimelineRow *row = &g_array_index (self->rows, LsTimelineRow, r);

      first_note = self->notes->len;
      row->note_lines = place_notes (self, r);
      row = &g_array_index (self->rows, LsTimelineRow, r);
      row->first_note = first_note;
      row->n_notes = self->notes->len - first_note;
      row->bar_height = m->bar_height;
      row->height = m->row_top + m->bar_height + MAX (row->note_lines, 1) * m->note_height + m->row_bottom;
      natural += row->height;
    }

  if ((squeeze || (m->max_height > 0 && top + natural + m->margin > m->max_height)) && self->rows->len > 0)
    {
      /* too many rows for the height: thin rows without text */
      double pitch = MAX ((m->max_height - top - m->margin) / self->rows->len, 0.05);

      g_array_set_size (self->notes, 0);
      for (guint r = 0; r < self->rows->len; r++)
        {
          LsTimelineRow *row = &g_array_index (self->rows, LsTimelineRow, r);

          row->compact = TRUE;
          row->first_note = 0;
          row->n_notes = 0;
          row->note_lines = 0;
          row->height = pitch;
          row->bar_height = pitch * 0.75;
        }
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      LsTimelineRow *row = &g_array_index (self->rows, LsTimelineRow, r);

      row->y = y;
      row->bar_y = row->compact ? y + (row->height - row->bar_height) / 2 : y + m->row_top;
      y += row->height;
    }
  /* notes: their line numbers become y */
  for (guint i = 0; i < self->notes->len; i++)
    {
      LsTimelineNote *note = &g_array_index (self->notes, LsTimelineNote, i);
      const LsTimelineRow *row = &g_array_index (self->rows, LsTimelineRow, g_array_index (self->lane_rows, guint, note->lane));

      note->y = row->bar_y + row->bar_height + 2 + note->y * m->note_height;
    }
  self->rows_bottom = y;
}

/* --- legend ---------------------------------------------------------------- */

/* Translated where the program set a locale (the desktop app); the command
 * line never does, so its exports stay in English, byte for byte. */
static const char *const legend_words[LS_N_LEGEND_ITEMS] = {
  N_("running"), N_("loop runs a callback"), N_("ready (scheduled)"), N_("waiting on …"),
  N_("time.sleep blocks the loop"), N_("thread in time.sleep"),
  N_("loop idle"), N_("done"), N_("failed"), N_("cancelled"), "print()", N_("timeout deadline"), "create_task",
  N_("wake-up"), N_("cancel → CancelledError"), N_("shield"),
};

static void
compute_legend (LsTimelineLayout *self, double top)
{
  const LsTimelineMetrics *m = &self->metrics;
  double x = m->margin, y = top;
  double right = self->width - m->margin;

  g_array_set_size (self->legend, 0);
  if (m->legend_line <= 0)
    {
      self->height = top + m->margin;
      return;
    }
  for (guint i = 0; i < LS_N_LEGEND_ITEMS; i++)
    {
      const char *words = g_dgettext (GETTEXT_PACKAGE, legend_words[i]);
      LsTimelineLegendEntry entry = { 0, 0, 0, words, i };
      double w = 26 + self->measure (words, LS_FONT_SMALL, self->measure_data);

      if (x + w > right && x > m->margin)
        {
          x = m->margin;
          y += m->legend_line;
        }
      entry.x = x;
      entry.y = y;
      entry.width = w;
      g_array_append_val (self->legend, entry);
      x += w + 18;
    }
  self->height = y + m->legend_line + m->margin;
}

/* --- update ---------------------------------------------------------------- */

static double
lane_label_width (LsTimelineLayout *self)
{
  double widest = self->metrics.label_width;
  guint n = ls_timeline_model_get_n_lanes (self->model);

  /* thousands of lanes: the default column; names are clipped */
  if (n > 200)
    return widest;
  for (guint i = 0; i < n; i++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, i);
      double indent = MIN (lane->depth, 4) * 10;
      double name = self->measure (ls_timeline_model_get_string (self->model, lane->name), LS_FONT_NAME, self->measure_data);
      double detail = self->measure (ls_timeline_model_get_string (self->model, lane->detail), LS_FONT_SMALL, self->measure_data);

      if (!lane_shown (self, lane))
        continue;
      widest = MAX (widest, indent + MAX (name, detail + 48) + 20);
    }
  return MIN (widest, self->width * 0.32);
}

void
ls_timeline_layout_update (LsTimelineLayout *self)
{
  const LsTimelineMetrics *m = &self->metrics;
  double end = ls_timeline_model_get_end_time (self->model);
  double span, slots, top;

  self->from = isnan (self->req_from) ? 0 : MAX (self->req_from, 0);
  self->to = isnan (self->req_to) ? MAX (end, self->from) : MAX (self->req_to, self->from);
  self->first_slot = ls_timeline_model_pos_at_time (self->model, self->from);
  self->last_slot = ls_timeline_model_pos_at_time (self->model, nextafter (self->to, INFINITY));
  span = self->to - self->from;
  slots = self->last_slot - self->first_slot;

  self->plot_x = m->margin + lane_label_width (self);
  self->plot_width = MAX (self->width - self->plot_x - m->margin - m->end_room, 50);
  if (slots <= 0)
    self->px_per_slot = 0;
  else if (span > 0)
    self->px_per_slot = MIN (m->slot_width, m->max_slot_share * self->plot_width / slots);
  else
    self->px_per_slot = MIN (m->slot_width * 3, self->plot_width / slots);
  self->px_per_second = span > 0 ? (self->plot_width - self->px_per_slot * slots) / span : 0;

  top = m->margin + (self->title != NULL ? m->title_height : 0);
  self->axis_y = top + m->axis_height - 6;
  self->rows_y = top + m->axis_height;
  compute_ticks (self);
  compute_rows (self, self->rows_y);
  self->legend_y = self->rows_bottom + 12;
  compute_legend (self, self->legend_y);
  self->end_x = ls_timeline_layout_x (self, end, ls_timeline_model_get_end_pos (self->model));
}

/* --- getters --------------------------------------------------------------- */

LsTimelineModel *ls_timeline_layout_get_model (LsTimelineLayout *self) { return self->model; }
const char *ls_timeline_layout_get_title (LsTimelineLayout *self) { return self->title; }
double ls_timeline_layout_get_width (LsTimelineLayout *self) { return self->width; }
double ls_timeline_layout_get_height (LsTimelineLayout *self) { return self->height; }
double ls_timeline_layout_get_from (LsTimelineLayout *self) { return self->from; }
double ls_timeline_layout_get_to (LsTimelineLayout *self) { return self->to; }
double ls_timeline_layout_get_plot_x (LsTimelineLayout *self) { return self->plot_x; }
double ls_timeline_layout_get_plot_width (LsTimelineLayout *self) { return self->plot_width; }
double ls_timeline_layout_get_axis_y (LsTimelineLayout *self) { return self->axis_y; }
double ls_timeline_layout_get_rows_y (LsTimelineLayout *self) { return self->rows_y; }
double ls_timeline_layout_get_rows_bottom (LsTimelineLayout *self) { return self->rows_bottom; }
double ls_timeline_layout_get_pixels_per_second (LsTimelineLayout *self) { return self->px_per_second; }
double ls_timeline_layout_get_pixels_per_slot (LsTimelineLayout *self) { return self->px_per_slot; }
double ls_timeline_layout_get_first_slot (LsTimelineLayout *self) { return self->first_slot; }
double ls_timeline_layout_get_last_slot (LsTimelineLayout *self) { return self->last_slot; }
const GArray *ls_timeline_layout_get_ticks (LsTimelineLayout *self) { return self->ticks; }
const GArray *ls_timeline_layout_get_notes (LsTimelineLayout *self) { return self->notes; }
const GArray *ls_timeline_layout_get_legend (LsTimelineLayout *self) { return self->legend; }
double ls_timeline_layout_get_legend_y (LsTimelineLayout *self) { return self->legend_y; }
guint ls_timeline_layout_get_n_rows (LsTimelineLayout *self) { return self->rows->len; }
const guint32 *ls_timeline_layout_get_row_lanes (LsTimelineLayout *self) { return (const guint32 *) self->row_lanes->data; }
const LsTimelineSpan *ls_timeline_layout_get_row_spans (LsTimelineLayout *self) { return (const LsTimelineSpan *) self->row_spans->data; }

const LsTimelineRow *
ls_timeline_layout_get_row (LsTimelineLayout *self,
                            guint             row)
{
  g_return_val_if_fail (row < self->rows->len, NULL);
  return &g_array_index (self->rows, LsTimelineRow, row);
}

guint
ls_timeline_layout_row_for_lane (LsTimelineLayout *self,
                                 guint32           lane)
{
  return lane < self->lane_rows->len ? g_array_index (self->lane_rows, guint, lane) : G_MAXUINT;
}

double
ls_timeline_layout_lane_mid_y (LsTimelineLayout *self,
                               guint32           lane)
{
  guint row = ls_timeline_layout_row_for_lane (self, lane);
  const LsTimelineRow *r;

  if (row == G_MAXUINT)
    return NAN;
  r = &g_array_index (self->rows, LsTimelineRow, row);
  return r->bar_y + r->bar_height / 2;
}

void
ls_timeline_layout_get_xmap (LsTimelineLayout *self,
                             LsTimelineXMap   *map)
{
  map->plot_x = self->plot_x;
  map->from = self->from;
  map->first_slot = self->first_slot;
  map->px_per_second = self->px_per_second;
  map->px_per_slot = self->px_per_slot;
  map->end_x = self->end_x;
}

void
ls_timeline_layout_interval_x (LsTimelineLayout         *self,
                               const LsTimelineInterval *interval,
                               double                   *x1,
                               double                   *x2)
{
  *x1 = ls_timeline_layout_x (self, interval->start_time, interval->start_pos);
  if (interval->flags & LS_INTERVAL_OPEN)
    *x2 = MAX (self->end_x, *x1);
  else
    *x2 = ls_timeline_layout_x (self, interval->end_time, interval->end_pos);
}

guint
ls_timeline_layout_first_interval_at (LsTimelineLayout *self,
                                      guint32           lane_index,
                                      double            x)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);
  guint lo = 0, hi = lane->intervals->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      double x1, x2;

      ls_timeline_layout_interval_x (self, &g_array_index (lane->intervals, LsTimelineInterval, mid), &x1, &x2);
      if (x2 < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
ls_timeline_layout_first_mark_at (LsTimelineLayout *self,
                                  guint32           lane_index,
                                  double            x)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);
  guint lo = 0, hi = lane->marks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, mid);

      if (ls_timeline_layout_x (self, mark->time, mark->pos) < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Galloping from `from`: the steps double until one passes x, then a
 * binary search inside the last step, so skipping k items costs log k
 * where a search from 0 would cost log n.  `ends_before` says whether
 * item i lies wholly before x. */
typedef gboolean (*EndsBefore) (LsTimelineLayout *self, const LsTimelineLane *lane, guint i, double x);

static guint
gallop (LsTimelineLayout *self, const LsTimelineLane *lane, guint n, guint from, double x, EndsBefore ends_before)
{
  guint lo = from, hi, step = 1;

  if (lo >= n || !ends_before (self, lane, lo, x))
    return lo;
  /* invariant: item lo ends before x */
  for (;;)
    {
      hi = lo + step;
      if (hi >= n)
        {
          hi = n;
          break;
        }
      if (!ends_before (self, lane, hi, x))
        break;
      lo = hi;
      step *= 2;
    }
  lo++;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ends_before (self, lane, mid, x))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
interval_ends_before (LsTimelineLayout *self, const LsTimelineLane *lane, guint i, double x)
{
  double x1, x2;

  ls_timeline_layout_interval_x (self, &g_array_index (lane->intervals, LsTimelineInterval, i), &x1, &x2);
  return x2 < x;
}

static gboolean
mark_before (LsTimelineLayout *self, const LsTimelineLane *lane, guint i, double x)
{
  const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, i);

  return ls_timeline_layout_x (self, mark->time, mark->pos) < x;
}

guint
ls_timeline_layout_next_interval_at (LsTimelineLayout *self,
                                     guint32           lane_index,
                                     guint             from,
                                     double            x)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);

  return gallop (self, lane, lane->intervals->len, from, x, interval_ends_before);
}

guint
ls_timeline_layout_next_mark_at (LsTimelineLayout *self,
                                 guint32           lane_index,
                                 guint             from,
                                 double            x)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);

  return gallop (self, lane, lane->marks->len, from, x, mark_before);
}

LsTimelineHit
ls_timeline_layout_hit_test (LsTimelineLayout *self,
                             double            x,
                             double            y)
{
  LsTimelineHit hit = { LS_HIT_NONE, LS_TIMELINE_NO_LANE, 0, G_MAXUINT, ls_timeline_layout_time_at_x (self, x) };
  guint lo = 0, hi = self->rows->len;
  const LsTimelineRow *row;
  double best = 4.5;

  /* the last row that starts at or above y */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rows, LsTimelineRow, mid).y <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return hit;
  row = &g_array_index (self->rows, LsTimelineRow, lo - 1);
  if (y >= row->y + row->height)
    return hit;
  hit.row = lo - 1;
  hit.lane = g_array_index (self->row_lanes, guint32, row->first);
  if (x < self->plot_x)
    {
      hit.kind = x >= self->metrics.margin ? LS_HIT_LANE_LABEL : LS_HIT_NONE;
      return hit;
    }
  /* marks first: they sit on top of the bars */
  for (guint k = 0; k < row->n_lanes; k++)
    {
      guint32 lane_index = g_array_index (self->row_lanes, guint32, row->first + k);
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);

      for (guint i = ls_timeline_layout_first_mark_at (self, lane_index, x - best); i < lane->marks->len; i++)
        {
          const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, i);
          double mx = ls_timeline_layout_x (self, mark->time, mark->pos);

          if (mx > x + best)
            break;
          if (fabs (mx - x) < best)
            {
              best = fabs (mx - x);
              hit.kind = LS_HIT_MARK;
              hit.lane = lane_index;
              hit.index = i;
            }
        }
    }
  if (hit.kind == LS_HIT_MARK)
    return hit;
  for (guint k = 0; k < row->n_lanes; k++)
    {
      guint32 lane_index = g_array_index (self->row_lanes, guint32, row->first + k);
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, lane_index);
      guint i = ls_timeline_layout_first_interval_at (self, lane_index, x);

      /* of the intervals touching x (several when they are thinner than a
       * pixel), the one that covers it, preferring the later */
      for (; i < lane->intervals->len; i++)
        {
          double x1, x2;

          ls_timeline_layout_interval_x (self, &g_array_index (lane->intervals, LsTimelineInterval, i), &x1, &x2);
          if (x1 > x)
            break;
          hit.kind = LS_HIT_INTERVAL;
          hit.lane = lane_index;
          hit.index = i;
        }
      if (hit.kind == LS_HIT_INTERVAL)
        return hit;
    }
  return hit;
}
