/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-painter.h — draws an LsTimelineLayout onto a cairo_t.
 *
 * cairo and pango only, no GTK: the command line exports with it on
 * machines without a display, and the desktop view draws with the same
 * code, so an export is what the window shows.  The painter computes no
 * geometry of its own beyond text fitting: positions come from the layout.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ls-timeline-layout.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} LsColor;

/* GNOME's palette (the HIG's named colours), chosen so that no two states
 * are told apart by hue alone: each state also has its own shape (full
 * bar, thin bar, outline, hatching, dotted line, end glyph) and the
 * arrows their own dash. */
typedef struct
{
  LsColor background;
  LsColor foreground;
  LsColor dim;            /* secondary text, grid labels */
  LsColor grid;
  LsColor stripe;         /* every other row */
  LsColor running;
  LsColor running_edge;
  LsColor on_running;     /* text on a running bar */
  LsColor callback;       /* the loop running a plain callback */
  LsColor scheduled;
  LsColor scheduled_edge;
  LsColor waiting;
  LsColor waiting_edge;
  LsColor loop_blocked;   /* time.sleep on the loop's thread */
  LsColor loop_blocked_bg;
  LsColor thread_sleep;
  LsColor thread_sleep_bg;
  LsColor idle;
  LsColor done;
  LsColor failed;
  LsColor cancelled;
  LsColor timeout;
  LsColor create;
  LsColor wake;
  LsColor cancel;
  LsColor shield;
} LsTimelinePalette;

const LsTimelinePalette *ls_timeline_palette_get (gboolean dark);

typedef enum
{
  LS_PAINT_BACKGROUND,   /* background, title, time axis, grid, row stripes */
  LS_PAINT_ROW,          /* one row: lane label, intervals, marks, notes */
  LS_PAINT_OVERLAY,      /* timeouts and arrows, across rows */
  LS_PAINT_LEGEND,
} LsPaintPart;

typedef struct _LsTimelinePainter LsTimelinePainter;

LsTimelinePainter *ls_timeline_painter_new  (gboolean dark);
void               ls_timeline_painter_free (LsTimelinePainter *self);

/* Makes the layout measure text with this painter's fonts; call before
 * ls_timeline_layout_update(). */
void   ls_timeline_painter_attach   (LsTimelinePainter *self, LsTimelineLayout *layout);
double ls_timeline_painter_measure  (LsTimelinePainter *self, const char *text, LsTimelineFont font);

void   ls_timeline_painter_draw_part (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr,
                                      LsPaintPart part, guint row);
/* Every part, in order. */
void   ls_timeline_painter_draw      (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr);

/* Fills and strokes issued since the painter was made: what the level of
 * detail keeps bounded however long the trace. */
guint64 ls_timeline_painter_get_n_primitives (LsTimelinePainter *self);

/* For tests: FALSE draws squeezed rows through an image of their own even
 * where they could go straight into an image target's pixels (the same
 * picture either way). */
void    ls_timeline_painter_set_direct (LsTimelinePainter *self, gboolean direct);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTimelinePainter, ls_timeline_painter_free)

G_END_DECLS
