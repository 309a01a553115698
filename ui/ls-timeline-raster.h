/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-raster.h — bars too busy to draw shape by shape, as the
 * state of each of their pixel columns.
 *
 * A row thinner than text (thousands of tasks squeezed into a window or
 * a page), or a full-height row with more intervals in view than pixels
 * to draw them in, costs the painter one operation per interval if drawn
 * shape by shape: a million a frame, for glyphs, outlines and rounded
 * corners nobody can see at that size.  Here such a row becomes one
 * style per pixel column, which the painter turns into an image and
 * paints at once.  A compact row gets everything (its marks too); a
 * busy full-height row gets its intervals narrower than a label, and the
 * painter draws the rest over them as usual.  Where a column holds
 * several states the one ranked highest wins: marks, running, ends,
 * ready, blocked, waiting, idle (within a rank, the later LsRasterStyle:
 * a callback over a task step, a cancellation over a return), so that the
 * columns do not depend on the order intervals are read in.
 *
 * The raster keeps a copy of every lane's intervals and marks in one
 * array, in the order the rows draw them, and after each lane's
 * intervals a summary of them at coarser resolutions (blocks of 4, 16,
 * … 4096 intervals, each with where it starts and ends and what it
 * shows): a frame reads memory front to back rather than three
 * allocations a lane, and a block where all its intervals fall in one
 * column.  It depends on no view, so it is kept from frame to frame and
 * follows the model as it grows (only what was added is copied); the
 * columns are the same as reading every interval from the model
 * (tests/test-timeline-layout.c checks both ways).
 *
 * Pure code (GLib only), like the layout it reads: unit-tested with exact
 * columns in tests/test-timeline-layout.c.
 */
#pragma once

#include <glib.h>

#include "ls-timeline-layout.h"

G_BEGIN_DECLS

typedef enum
{
  LS_RASTER_NONE,
  LS_RASTER_RUNNING,
  LS_RASTER_CALLBACK,
  LS_RASTER_SCHEDULED,
  LS_RASTER_WAITING,
  LS_RASTER_LOOP_BLOCKED,
  LS_RASTER_THREAD_SLEEP,
  LS_RASTER_QUIET,        /* a worker blocked on something else than a sleep */
  LS_RASTER_IDLE,
  LS_RASTER_DONE,
  LS_RASTER_FAILED,
  LS_RASTER_CANCELLED,
  LS_RASTER_MARK,         /* + LsMarkKind */
  LS_N_RASTER_STYLES = LS_RASTER_MARK + LS_MARK_ERROR + 1
} LsRasterStyle;

/* Narrower than this, an interval of a busy full-height row goes into its
 * image: a label needs more room than that to say anything. */
#define LS_RASTER_DETAIL_WIDTH 24.0

typedef struct _LsTimelineRaster LsTimelineRaster;

LsTimelineRaster *ls_timeline_raster_new  (void);
void              ls_timeline_raster_free (LsTimelineRaster *self);

/* Whether a full-height row has more intervals in view than one per 8
 * pixels of plot (an example's rows have a handful). */
gboolean      ls_timeline_raster_row_is_busy (LsTimelineLayout *layout, const LsTimelineRow *row);

/* The styles (LsRasterStyle) of the row's pixel columns `*first` ..
 * `*first + *n - 1`, covering the plot and a pixel or two either side;
 * borrowed until the next call. */
const guint8 *ls_timeline_raster_row (LsTimelineRaster *self, LsTimelineLayout *layout, const LsTimelineRow *row,
                                      int *first, guint *n);

/* For tests: read every interval, not the summaries (the same columns). */
void          ls_timeline_raster_set_use_summaries (LsTimelineRaster *self, gboolean use);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTimelineRaster, ls_timeline_raster_free)

G_END_DECLS
