/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-layout.h — the geometry of a timeline: where every lane,
 * interval, mark, arrow, tick and label of an LsTimelineModel goes for a
 * given width and visible time range.  Pure code (GLib only): the painter
 * (ls-timeline-painter.h) only draws what this computes, the GTK view of a
 * later issue hit-tests with it, and the tests check it with exact numbers.
 *
 * Horizontal mapping.  With `from`/`to` the visible range in virtual
 * seconds, S the number of slots in it (see ls-timeline-model.h) and W the
 * plot width:
 *
 *   c = min (slot_width, max_slot_share · W / S)     (pixels per slot)
 *   b = (W − c·S) / (to − from)                      (pixels per second)
 *   x (t, pos) = plot_x + b·(t − from) + c·(pos − first_slot)
 *
 * so a run's steps spread out by the order they ran in, while waits keep
 * their length in virtual time.  When the range has no length (a program
 * that never waits) b is 0 and the slots share the width.
 */
#pragma once

#include <math.h>

#include <glib.h>

#include "ls-timeline-model.h"

G_BEGIN_DECLS

typedef enum
{
  LS_FONT_TITLE,   /* the diagram's title */
  LS_FONT_NAME,    /* lane names */
  LS_FONT_SMALL,   /* details, axis labels, legend */
  LS_FONT_LABEL,   /* text inside bars (what a task awaits) */
  LS_FONT_MONO,    /* printed output */
  LS_N_FONTS
} LsTimelineFont;

/* Width in pixels of `text` in `font`: the painter measures with pango;
 * tests pass a fixed advance per character. */
typedef double (*LsTimelineMeasureFunc) (const char *text, LsTimelineFont font, gpointer user_data);

typedef struct
{
  double margin;          /* around everything */
  double title_height;    /* 0 without a title */
  double axis_height;
  double label_width;     /* the lane-label column */
  double end_room;        /* after the plot: room for the end glyphs and labels */
  double row_top;         /* space above a bar: timeout brackets, glyphs */
  double bar_height;
  double note_height;     /* one line of print labels under a bar */
  double row_bottom;
  guint  max_note_lines;  /* lines of print labels under one bar */
  double slot_width;      /* preferred pixels per slot */
  double max_slot_share;  /* slots never take more than this share of the width */
  double min_tick_gap;    /* pixels between time-axis ticks, at least */
  double legend_line;     /* height of a legend line; 0: no legend */
  guint  pack_threshold;  /* more task lanes than this: pack lanes into shared rows */
  double max_height;      /* 0: as tall as the rows need; else rows shrink to fit */
} LsTimelineMetrics;

typedef struct
{
  double   y;
  double   height;
  double   bar_y;
  double   bar_height;
  guint    first;        /* index into ls_timeline_layout_get_row_lanes() */
  guint    n_lanes;      /* > 1 only when packed */
  guint    note_lines;   /* lines of print labels used */
  guint    first_note;   /* its notes: ls_timeline_layout_get_notes() [first_note, +n_notes) */
  guint    n_notes;
  gboolean compact;      /* too thin for text */
} LsTimelineRow;

typedef struct
{
  double time;
  double x;
  char   label[24];      /* "0 s", "0.5 s", "250 ms" */
} LsTimelineTick;

/* A print label placed under its lane's bar. */
typedef struct
{
  guint32 lane;
  guint32 mark;          /* index in the lane's marks */
  double  x;             /* left of the text */
  double  y;             /* top of the text */
  double  width;         /* clipped to what fits; the painter ellipsizes */
} LsTimelineNote;

typedef struct
{
  double  x;
  double  y;
  double  width;
  const char *text;      /* static: the legend's own words */
  guint   item;          /* LsLegendItem */
} LsTimelineLegendEntry;

typedef enum
{
  LS_LEGEND_RUNNING,
  LS_LEGEND_CALLBACK,
  LS_LEGEND_SCHEDULED,
  LS_LEGEND_WAITING,
  LS_LEGEND_LOOP_BLOCKED,
  LS_LEGEND_THREAD_SLEEP,
  LS_LEGEND_IDLE,
  LS_LEGEND_DONE,
  LS_LEGEND_FAILED,
  LS_LEGEND_CANCELLED,
  LS_LEGEND_PRINT,
  LS_LEGEND_TIMEOUT,
  LS_LEGEND_CREATE,
  LS_LEGEND_WAKE,
  LS_LEGEND_CANCEL,
  LS_LEGEND_SHIELD,
  LS_N_LEGEND_ITEMS
} LsLegendItem;

typedef enum
{
  LS_HIT_NONE,
  LS_HIT_LANE_LABEL,   /* the lane's name in the label column */
  LS_HIT_INTERVAL,     /* index: the interval in the lane */
  LS_HIT_MARK,         /* index: the mark in the lane */
} LsTimelineHitKind;

typedef struct
{
  LsTimelineHitKind kind;
  guint32 lane;
  guint32 index;
  guint   row;
  double  time;        /* the virtual time under x */
} LsTimelineHit;

typedef struct _LsTimelineLayout LsTimelineLayout;

void               ls_timeline_metrics_init_default (LsTimelineMetrics *metrics);

/* The layout borrows the model. */
LsTimelineLayout  *ls_timeline_layout_new   (LsTimelineModel *model);
void               ls_timeline_layout_free  (LsTimelineLayout *self);

void  ls_timeline_layout_set_metrics      (LsTimelineLayout *self, const LsTimelineMetrics *metrics);
const LsTimelineMetrics *ls_timeline_layout_get_metrics (LsTimelineLayout *self);
void  ls_timeline_layout_set_measure_func (LsTimelineLayout *self, LsTimelineMeasureFunc func, gpointer user_data);
void  ls_timeline_layout_set_width        (LsTimelineLayout *self, double width);
/* NAN for either end: the start (0 s) or the end of the run. */
void  ls_timeline_layout_set_range        (LsTimelineLayout *self, double from, double to);
void  ls_timeline_layout_set_title        (LsTimelineLayout *self, const char *title);
void  ls_timeline_layout_set_show_internal (LsTimelineLayout *self, gboolean show);

/* Computes everything for the model as it is now; call after the model
 * grew or a setting changed. */
void  ls_timeline_layout_update (LsTimelineLayout *self);

LsTimelineModel *ls_timeline_layout_get_model (LsTimelineLayout *self);
const char *ls_timeline_layout_get_title  (LsTimelineLayout *self);
double      ls_timeline_layout_get_width  (LsTimelineLayout *self);
double      ls_timeline_layout_get_height (LsTimelineLayout *self);
double      ls_timeline_layout_get_from   (LsTimelineLayout *self);
double      ls_timeline_layout_get_to     (LsTimelineLayout *self);
double      ls_timeline_layout_get_plot_x (LsTimelineLayout *self);
double      ls_timeline_layout_get_plot_width (LsTimelineLayout *self);
double      ls_timeline_layout_get_axis_y (LsTimelineLayout *self);   /* baseline of the axis */
double      ls_timeline_layout_get_rows_y (LsTimelineLayout *self);   /* top of the first row */
double      ls_timeline_layout_get_rows_bottom (LsTimelineLayout *self);
double      ls_timeline_layout_get_pixels_per_second (LsTimelineLayout *self);
double      ls_timeline_layout_get_pixels_per_slot   (LsTimelineLayout *self);
/* The visible slots: [first, last). */
double      ls_timeline_layout_get_first_slot (LsTimelineLayout *self);
double      ls_timeline_layout_get_last_slot  (LsTimelineLayout *self);

/* The horizontal mapping as plain numbers, for loops over hundreds of
 * thousands of intervals: the same arithmetic as ls_timeline_layout_x()
 * and ls_timeline_layout_interval_x(), inlined. */
typedef struct
{
  double plot_x;
  double from;
  double first_slot;
  double px_per_second;
  double px_per_slot;
  double end_x;          /* where open intervals end */
} LsTimelineXMap;

void ls_timeline_layout_get_xmap (LsTimelineLayout *self, LsTimelineXMap *map);

static inline double
ls_timeline_xmap_x (const LsTimelineXMap *map, double time, double pos)
{
  return map->plot_x + map->px_per_second * (time - map->from) + map->px_per_slot * (pos - map->first_slot);
}

static inline void
ls_timeline_xmap_interval_x (const LsTimelineXMap *map, const LsTimelineInterval *interval, double *x1, double *x2)
{
  *x1 = ls_timeline_xmap_x (map, interval->start_time, interval->start_pos);
  if (interval->flags & LS_INTERVAL_OPEN)
    *x2 = MAX (map->end_x, *x1);
  else
    *x2 = ls_timeline_xmap_x (map, interval->end_time, interval->end_pos);
}

/* Virtual time and slot position to x, and back. */
double      ls_timeline_layout_x          (LsTimelineLayout *self, double time, double pos);
/* x where instant `time` begins (before its first slot). */
double      ls_timeline_layout_x_for_time (LsTimelineLayout *self, double time);
double      ls_timeline_layout_time_at_x  (LsTimelineLayout *self, double x);

/* Where a lane's bars and marks start and end (its creation; its last
 * interval's or mark's end: infinity while open, where its final state
 * begins once it ended, though the label after an end glyph reaches
 * further), kept side by side for all lanes so that a frame can pass over
 * the thousands of lanes out of view without reading them. */
typedef struct
{
  double start_time;
  double start_pos;
  double end_time;
  double end_pos;
} LsTimelineSpan;

/* Whether a span reaches into the plot [left, right] (a pixel either
 * side); an open one reaches the end of any view (an infinite x would be
 * NaN where a scale is 0). */
static inline gboolean
ls_timeline_xmap_span_in_view (const LsTimelineXMap *map, const LsTimelineSpan *span, double left, double right)
{
  return (span->end_time == INFINITY || ls_timeline_xmap_x (map, span->end_time, span->end_pos) >= left - 1) &&
         ls_timeline_xmap_x (map, span->start_time, span->start_pos) <= right + 1;
}

guint                ls_timeline_layout_get_n_rows    (LsTimelineLayout *self);
const LsTimelineRow *ls_timeline_layout_get_row       (LsTimelineLayout *self, guint row);
const guint32       *ls_timeline_layout_get_row_lanes (LsTimelineLayout *self);
/* Parallel to the row lanes. */
const LsTimelineSpan *ls_timeline_layout_get_row_spans (LsTimelineLayout *self);
/* The row of a lane, G_MAXUINT when it is not shown. */
guint                ls_timeline_layout_row_for_lane  (LsTimelineLayout *self, guint32 lane);
/* Middle of a lane's bar, for arrows. */
double               ls_timeline_layout_lane_mid_y    (LsTimelineLayout *self, guint32 lane);

const GArray *ls_timeline_layout_get_ticks   (LsTimelineLayout *self);  /* LsTimelineTick */
const GArray *ls_timeline_layout_get_notes   (LsTimelineLayout *self);  /* LsTimelineNote */
const GArray *ls_timeline_layout_get_legend  (LsTimelineLayout *self);  /* LsTimelineLegendEntry */
double        ls_timeline_layout_get_legend_y (LsTimelineLayout *self);

/* Index of the first interval (or mark) of `lane` that ends at or after x,
 * by binary search: drawing and hit-testing a lane of a million intervals
 * starts there, not at 0. */
guint ls_timeline_layout_first_interval_at (LsTimelineLayout *self, guint32 lane, double x);
guint ls_timeline_layout_first_mark_at     (LsTimelineLayout *self, guint32 lane, double x);
/* The same from index `from` on (`from` itself when it qualifies), in
 * time logarithmic in the distance skipped: the level of detail jumps
 * over the intervals inside one pixel column with these. */
guint ls_timeline_layout_next_interval_at  (LsTimelineLayout *self, guint32 lane, guint from, double x);
guint ls_timeline_layout_next_mark_at      (LsTimelineLayout *self, guint32 lane, guint from, double x);
/* An interval's ends in x, an open one ending at the model's end. */
void  ls_timeline_layout_interval_x (LsTimelineLayout *self, const LsTimelineInterval *interval,
                                     double *x1, double *x2);

LsTimelineHit ls_timeline_layout_hit_test (LsTimelineLayout *self, double x, double y);

/* "0 s", "0.5 s", "2 ms" for a tick at `time` with ticks `step` apart. */
void  ls_timeline_format_tick (double time, double step, char *out, gsize size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTimelineLayout, ls_timeline_layout_free)

G_END_DECLS
