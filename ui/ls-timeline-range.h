/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-range.h — the visible range of the timeline and how zooming
 * and panning move it.
 *
 * Every way of moving the view (Ctrl+scroll, a pinch, a drag, the
 * keyboard, the zoom buttons) comes down to the same two operations on a
 * range of virtual time: scale it about a time that keeps its place on
 * screen, or slide it.  Pure arithmetic, so that the widget only feeds it
 * pointer positions; tested in tests/test-timeline-range.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A range of virtual time in seconds; from = to = NAN is the whole run. */
typedef struct
{
  double from;
  double to;
} LsTimeRange;

/* The narrowest range a view shows, in seconds. */
#define LS_TIME_RANGE_MIN_SPAN 1e-6

/* RANGE scaled by FACTOR (> 1 shows more time) about the time a SHARE of
 * the way across it (0 the left edge, 1 the right), which stays where it
 * is on screen. */
LsTimeRange ls_time_range_zoom  (LsTimeRange range,
                                 double      share,
                                 double      factor);
/* RANGE slid by FRACTION of its span (positive: later). */
LsTimeRange ls_time_range_pan   (LsTimeRange range,
                                 double      fraction);
/* RANGE kept inside a run that ENDs there: at least
 * LS_TIME_RANGE_MIN_SPAN wide, never before 0 or after END, and the whole
 * run (NAN, NAN) when it would show all of it anyway. */
LsTimeRange ls_time_range_clamp (LsTimeRange range,
                                 double      end);

G_END_DECLS
