/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-raster.c — busy bars as pixel columns (see the header).
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-timeline-raster.h"

/* A full-height row is busy above one interval in view per this many
 * pixels of plot. */
#define BUSY_PIXELS_PER_INTERVAL 8.0

typedef enum
{
  RANK_NONE,
  RANK_IDLE,
  RANK_WAITING,
  RANK_BLOCKED,
  RANK_SCHEDULED,
  RANK_END,
  RANK_RUNNING,
  RANK_MARK,
} Rank;

struct _LsTimelineRaster
{
  GByteArray *styles;
  GByteArray *ranks;
  GArray     *shown;   /* guint32: the row's lanes in view */
};

typedef struct
{
  int     first;       /* x of column 0 */
  guint   n;
  guint8 *styles;
  guint8 *ranks;
} Columns;

LsTimelineRaster *
ls_timeline_raster_new (void)
{
  LsTimelineRaster *self = g_new0 (LsTimelineRaster, 1);

  self->styles = g_byte_array_new ();
  self->ranks = g_byte_array_new ();
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint32));
  return self;
}

void
ls_timeline_raster_free (LsTimelineRaster *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->styles);
  g_byte_array_unref (self->ranks);
  g_array_unref (self->shown);
  g_free (self);
}

static gboolean
is_end_state (guint state)
{
  return state == LS_STATE_DONE || state == LS_STATE_FAILED || state == LS_STATE_CANCELLED;
}

static inline void
column_set (Columns *cols, double x1, double x2, LsRasterStyle style, Rank rank)
{
  int c1 = (int) floor (x1) - cols->first;
  int c2 = MAX ((int) ceil (x2) - cols->first, c1 + 1);

  c1 = MAX (c1, 0);
  c2 = MIN (c2, (int) cols->n);
  for (int c = c1; c < c2; c++)
    if (rank >= cols->ranks[c])
      {
        cols->styles[c] = style;
        cols->ranks[c] = rank;
      }
}

static void
interval_style (LsTimelineModel *model, const LsTimelineLane *lane, const LsTimelineInterval *iv,
                LsRasterStyle *style, Rank *rank)
{
  switch ((LsTimelineState) iv->state)
    {
    case LS_STATE_RUNNING:
      *style = (iv->flags & LS_INTERVAL_CALLBACK) && lane->kind != LS_LANE_THREAD ? LS_RASTER_CALLBACK : LS_RASTER_RUNNING;
      *rank = RANK_RUNNING;
      break;
    case LS_STATE_SCHEDULED:
      *style = LS_RASTER_SCHEDULED;
      *rank = RANK_SCHEDULED;
      break;
    case LS_STATE_WAITING:
      *style = LS_RASTER_WAITING;
      *rank = RANK_WAITING;
      break;
    case LS_STATE_BLOCKED:
      if (lane->kind == LS_LANE_LOOP)
        *style = LS_RASTER_LOOP_BLOCKED;
      else
        *style = strncmp (ls_timeline_model_get_string (model, iv->label), "time.sleep", 10) == 0
                 ? LS_RASTER_THREAD_SLEEP : LS_RASTER_QUIET;
      *rank = RANK_BLOCKED;
      break;
    case LS_STATE_DONE:
      *style = LS_RASTER_DONE;
      *rank = RANK_END;
      break;
    case LS_STATE_FAILED:
      *style = LS_RASTER_FAILED;
      *rank = RANK_END;
      break;
    case LS_STATE_CANCELLED:
      *style = LS_RASTER_CANCELLED;
      *rank = RANK_END;
      break;
    case LS_STATE_IDLE:
    case LS_N_STATES:
    default:
      *style = LS_RASTER_IDLE;
      *rank = RANK_IDLE;
      break;
    }
}

/* A lane's intervals are a few dozen in an array of their own, and a
 * frame of the whole run reads thousands of lanes: the processor would
 * fetch each array a cache line at a time, waiting on each.  Asking for
 * the lines ahead lets the loads overlap (the whole run drawn squeezed
 * takes a third less time). */
static inline void
prefetch (const void *data, gsize size)
{
#if defined(__GNUC__)
  for (gsize offset = 0; offset < size; offset += 64)
    __builtin_prefetch ((const char *) data + offset);
#endif
}

/* The lanes after the i-th of `shown`, while it is drawn: each step of
 * the chain lane → array → items, a lane further ahead. */
static void
prefetch_lanes (LsTimelineModel *model, const guint32 *shown, guint n, guint i)
{
  if (i + 3 < n)
    prefetch (ls_timeline_model_get_lane (model, shown[i + 3]), sizeof (LsTimelineLane));
  if (i + 2 < n)
    {
      const LsTimelineLane *next = ls_timeline_model_get_lane (model, shown[i + 2]);

      prefetch (next->intervals, sizeof (GArray));
      prefetch (next->marks, sizeof (GArray));
    }
  if (i + 1 < n)
    {
      const LsTimelineLane *next = ls_timeline_model_get_lane (model, shown[i + 1]);

      prefetch (next->intervals->data, MIN (next->intervals->len, 16u) * sizeof (LsTimelineInterval));
      prefetch (next->marks->data, MIN (next->marks->len, 2u) * sizeof (LsTimelineMark));
    }
}

/* Whether intervals i .. i + 2 all end inside `column`: a run dense
 * enough to jump over with a search rather than visit one by one. */
static gboolean
column_is_crowded (const LsTimelineXMap *map, const LsTimelineLane *lane, guint i, double column)
{
  double x1, x2;

  if (i + 2 >= lane->intervals->len)
    return FALSE;
  ls_timeline_xmap_interval_x (map, &g_array_index (lane->intervals, LsTimelineInterval, i + 2), &x1, &x2);
  return x2 < column + 1;
}

/* The first interval at or after `from` that ends at or after x, by
 * galloping from `from`: the same index as the layout's searches, with
 * the same arithmetic, but inline and reading the array near `from`
 * first, where the lines were asked for ahead (prefetch_lanes), rather
 * than across it. */
static guint
gallop_interval (const LsTimelineXMap *map, const GArray *intervals, guint from, double x)
{
  const LsTimelineInterval *items = (const LsTimelineInterval *) intervals->data;
  guint lo = from, hi, step = 1;
  double x1, x2;

  if (lo >= intervals->len)
    return lo;
  ls_timeline_xmap_interval_x (map, &items[lo], &x1, &x2);
  if (x2 >= x)
    return lo;
  for (;;)
    {
      hi = lo + step;
      if (hi >= intervals->len)
        {
          hi = intervals->len;
          break;
        }
      ls_timeline_xmap_interval_x (map, &items[hi], &x1, &x2);
      if (x2 >= x)
        break;
      lo = hi;
      step *= 2;
    }
  for (lo++; lo < hi;)
    {
      guint mid = lo + (hi - lo) / 2;

      ls_timeline_xmap_interval_x (map, &items[mid], &x1, &x2);
      if (x2 < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The lane's intervals narrower than `max_width` into the columns (all of
 * them when it is infinite); `ends` says whether the end glyphs go too. */
static void
columns_of_intervals (LsTimelineLayout *layout, const LsTimelineXMap *map, guint32 lane_index, Columns *cols,
                      double left, double right, double max_width, gboolean ends)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  const GArray *intervals = lane->intervals;
  guint i;

  if (intervals->len == 0)
    return;
  i = gallop_interval (map, intervals, 0, left);
  prefetch (&g_array_index (intervals, LsTimelineInterval, i), MIN (intervals->len - i, 128) * sizeof (LsTimelineInterval));
  while (i < intervals->len)
    {
      const LsTimelineInterval *iv = &g_array_index (intervals, LsTimelineInterval, i);
      double x1, x2;
      LsRasterStyle style;
      Rank rank;

      ls_timeline_xmap_interval_x (map, iv, &x1, &x2);
      if (x1 > right)
        break;
      if (is_end_state (iv->state))
        {
          /* the end glyph, where the final state begins */
          if (ends && x1 >= left - 1)
            {
              interval_style (model, lane, iv, &style, &rank);
              column_set (cols, x1, x1 + 1, style, rank);
            }
          i++;
          continue;
        }
      if (x2 - x1 < 1 && column_is_crowded (map, lane, i, floor (x1)))
        {
          double column = floor (x1);

          /* several intervals in one column: activity */
          column_set (cols, column, column + 1, LS_RASTER_RUNNING, RANK_RUNNING);
          i = gallop_interval (map, intervals, i + 3, column + 1);
          continue;
        }
      if (x2 - x1 < max_width)
        {
          interval_style (model, lane, iv, &style, &rank);
          column_set (cols, MAX (x1, left - 1), MIN (x2, right + 1), style, rank);
        }
      i++;
    }
}

static void
columns_of_marks (LsTimelineLayout *layout, const LsTimelineXMap *map, guint32 lane_index, Columns *cols,
                  double left, double right)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (ls_timeline_layout_get_model (layout), lane_index);
  const GArray *marks = lane->marks;
  const LsTimelineMark *first;
  guint k;

  if (marks->len == 0)
    return;
  first = &g_array_index (marks, LsTimelineMark, 0);
  k = ls_timeline_xmap_x (map, first->time, first->pos) >= left - 0.5
      ? 0 : ls_timeline_layout_first_mark_at (layout, lane_index, left - 0.5);
  while (k < marks->len)
    {
      const LsTimelineMark *mark = &g_array_index (marks, LsTimelineMark, k);
      double x = ls_timeline_xmap_x (map, mark->time, mark->pos);

      if (x > right + 0.5)
        break;
      /* prints have no room under a compact bar */
      if (mark->kind != LS_MARK_PRINT && mark->kind <= LS_MARK_ERROR)
        column_set (cols, x - 1, x + 1, LS_RASTER_MARK + mark->kind, RANK_MARK);
      /* level of detail: one mark per pixel column */
      k = ls_timeline_layout_next_mark_at (layout, lane_index, k + 1, floor (x) + 1);
    }
}

gboolean
ls_timeline_raster_row_is_busy (LsTimelineLayout    *layout,
                                const LsTimelineRow *row)
{
  const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout);
  const LsTimelineSpan *spans = ls_timeline_layout_get_row_spans (layout);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  double limit = ls_timeline_layout_get_plot_width (layout) / BUSY_PIXELS_PER_INTERVAL;
  LsTimelineXMap map;
  guint n = 0;

  ls_timeline_layout_get_xmap (layout, &map);
  for (guint k = 0; k < row->n_lanes && n <= limit; k++)
    if (ls_timeline_xmap_span_in_view (&map, &spans[row->first + k], left, right))
      n += ls_timeline_layout_first_interval_at (layout, lanes[row->first + k], right) -
           ls_timeline_layout_first_interval_at (layout, lanes[row->first + k], left);
  return n > limit;
}

const guint8 *
ls_timeline_raster_row (LsTimelineRaster    *self,
                        LsTimelineLayout    *layout,
                        const LsTimelineRow *row,
                        int                 *first,
                        guint               *n)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout) + row->first;
  const LsTimelineSpan *spans = ls_timeline_layout_get_row_spans (layout) + row->first;
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  LsTimelineXMap map;
  Columns cols;
  guint32 *shown;
  guint n_shown = 0;

  cols.first = (int) floor (left) - 2;
  cols.n = (guint) ((int) ceil (right) + 3 - cols.first);
  g_byte_array_set_size (self->styles, cols.n);
  g_byte_array_set_size (self->ranks, cols.n);
  cols.styles = self->styles->data;
  cols.ranks = self->ranks->data;
  memset (cols.styles, LS_RASTER_NONE, cols.n);
  memset (cols.ranks, RANK_NONE, cols.n);
  ls_timeline_layout_get_xmap (layout, &map);
  /* a packed row holds many lanes one after another: most are out of view */
  g_array_set_size (self->shown, row->n_lanes);
  shown = (guint32 *) self->shown->data;
  for (guint k = 0; k < row->n_lanes; k++)
    if (ls_timeline_xmap_span_in_view (&map, &spans[k], left, right))
      shown[n_shown++] = lanes[k];
  for (guint i = 0; i < n_shown; i++)
    {
      prefetch_lanes (model, shown, n_shown, i);
      if (row->compact)
        {
          columns_of_intervals (layout, &map, shown[i], &cols, left, right, INFINITY, TRUE);
          columns_of_marks (layout, &map, shown[i], &cols, left, right);
        }
      else
        columns_of_intervals (layout, &map, shown[i], &cols, left, right, LS_RASTER_DETAIL_WIDTH, FALSE);
    }
  *first = cols.first;
  *n = cols.n;
  return cols.styles;
}
