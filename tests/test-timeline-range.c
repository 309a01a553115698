/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-timeline-range.c — zooming and panning the visible range: the
 * arithmetic behind Ctrl+scroll, pinch, drag and the keyboard.
 */
#include "config.h"

#include <math.h>

#include "ls-timeline-range.h"

static void
assert_range (LsTimeRange range,
              double      from,
              double      to)
{
  g_assert_cmpfloat_with_epsilon (range.from, from, 1e-12);
  g_assert_cmpfloat_with_epsilon (range.to, to, 1e-12);
}

/* The anchor keeps its place: a time at 25 % of the range is still at
 * 25 % after zooming in (a pinch spreading the fingers 2×) or out. */
static void
test_zoom_about_anchor (void)
{
  LsTimeRange range = { 2.0, 6.0 };
  LsTimeRange in = ls_time_range_zoom (range, 0.25, 0.5);
  LsTimeRange out = ls_time_range_zoom (range, 0.25, 2.0);

  assert_range (in, 2.5, 4.5);
  g_assert_cmpfloat_with_epsilon (in.from + 0.25 * (in.to - in.from), 3.0, 1e-12);
  assert_range (out, 1.0, 9.0);
  /* the middle, and the edges: the edge itself stays put */
  assert_range (ls_time_range_zoom (range, 0.5, 0.5), 3.0, 5.0);
  assert_range (ls_time_range_zoom (range, 0.0, 0.5), 2.0, 4.0);
  assert_range (ls_time_range_zoom (range, 1.0, 0.5), 4.0, 6.0);
}

/* A drag of a quarter of the plot's width to the right shows a quarter
 * of the span earlier (the content follows the pointer). */
static void
test_pan (void)
{
  LsTimeRange range = { 2.0, 6.0 };

  assert_range (ls_time_range_pan (range, -0.25), 1.0, 5.0);
  assert_range (ls_time_range_pan (range, 0.5), 4.0, 8.0);
}

static void
test_clamp (void)
{
  LsTimeRange whole;

  /* inside the run: unchanged */
  assert_range (ls_time_range_clamp ((LsTimeRange) { 1.0, 3.0 }, 10.0), 1.0, 3.0);
  /* slid back inside, keeping the span */
  assert_range (ls_time_range_clamp ((LsTimeRange) { -1.0, 3.0 }, 10.0), 0.0, 4.0);
  assert_range (ls_time_range_clamp ((LsTimeRange) { 8.0, 12.0 }, 10.0), 6.0, 10.0);
  /* never narrower than the minimum */
  assert_range (ls_time_range_clamp ((LsTimeRange) { 5.0, 5.0 }, 10.0), 5.0, 5.0 + LS_TIME_RANGE_MIN_SPAN);
  /* as wide as the run, or wider, or the whole run asked for, or no run */
  whole = ls_time_range_clamp ((LsTimeRange) { 0.0, 10.0 }, 10.0);
  g_assert_true (isnan (whole.from) && isnan (whole.to));
  whole = ls_time_range_clamp ((LsTimeRange) { -5.0, 20.0 }, 10.0);
  g_assert_true (isnan (whole.from) && isnan (whole.to));
  whole = ls_time_range_clamp ((LsTimeRange) { NAN, NAN }, 10.0);
  g_assert_true (isnan (whole.from) && isnan (whole.to));
  whole = ls_time_range_clamp ((LsTimeRange) { 1.0, 2.0 }, 0.0);
  g_assert_true (isnan (whole.from) && isnan (whole.to));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/range/zoom-about-anchor", test_zoom_about_anchor);
  g_test_add_func ("/timeline/range/pan", test_pan);
  g_test_add_func ("/timeline/range/clamp", test_clamp);
  return g_test_run ();
}
