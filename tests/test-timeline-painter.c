/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-timeline-painter.c — the painter's level of detail: a trace of a
 * million events costs a bounded number of drawing operations (about one
 * per pixel of each row at most), and the picture is drawn at all.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "ls-synth-trace.h"
#include "ls-timeline-layout.h"
#include "ls-timeline-model.h"
#include "ls-timeline-painter.h"
#include "ls-trace.h"

static guint64
paint (LsTrace *trace, double width, double max_height, double *ms)
{
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  g_autoptr(LsTimelinePainter) painter = ls_timeline_painter_new (FALSE);
  LsTimelineMetrics metrics;
  cairo_surface_t *surface;
  cairo_t *cr;
  gint64 start;
  guint64 n;

  ls_timeline_model_update (model);
  ls_timeline_metrics_init_default (&metrics);
  metrics.max_height = max_height;
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_painter_attach (painter, layout);
  ls_timeline_layout_set_width (layout, width);
  ls_timeline_layout_update (layout);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width,
                                        (int) ls_timeline_layout_get_height (layout));
  cr = cairo_create (surface);
  start = g_get_monotonic_time ();
  ls_timeline_painter_draw (painter, layout, cr);
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  n = ls_timeline_painter_get_n_primitives (painter);
  g_test_message ("%" G_GSIZE_FORMAT " events, %u rows: %" G_GUINT64_FORMAT " primitives, %.1f ms",
                  ls_trace_get_n_events (trace), ls_timeline_layout_get_n_rows (layout), n, *ms);
  return n;
}

static void
test_million_events (void)
{
  g_autoptr(LsTrace) small = ls_synth_trace_busy (20, 1700);     /* 0.1 M events */
  g_autoptr(LsTrace) large = ls_synth_trace_busy (20, 17000);    /* 1 M events */
  double small_ms, large_ms;
  guint64 small_n, large_n;

  g_assert_cmpuint (ls_trace_get_n_events (large), >=, 1000000);
  small_n = paint (small, 1200, 0, &small_ms);
  large_n = paint (large, 1200, 0, &large_ms);
  /* ten times the events, not ten times the drawing: both are bounded by
   * the pixels (21 rows of a 1200-pixel plot, a few operations each) */
  g_assert_cmpuint (large_n, <=, 21 * 1200 * 4);
  g_assert_cmpuint (large_n, <=, small_n * 2);
}

static void
test_many_lanes (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_busy (5000, 60);    /* 0.9 M events, 5000 tasks */
  double ms;
  guint64 n;

  /* thinner than a pixel: a row per pixel row is drawn */
  n = paint (trace, 1000, 900, &ms);
  g_assert_cmpuint (n, <=, 900 * 1000 * 3);
}

/* A fan-out server squeezed into a window: rows too thin for text are one
 * image each, and the tens of thousands of wake-up arrows, which would
 * only hide the bars, are left out; so a frame is a few hundred
 * operations, not the million it was. */
static void
test_compact_fanout (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_fanout (300000, 1);
  double ms;
  guint64 n;

  n = paint (trace, 1920, 1080, &ms);
  g_assert_cmpuint (n, <=, 1000);
}

/* The same server at full height, in a window scrolled to its middle, as
 * the desktop view shows it: only the rows the window shows are drawn,
 * and each row's intervals narrower than a label are one image. */
static void
test_busy_rows (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_fanout (300000, 1);
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  g_autoptr(LsTimelinePainter) painter = ls_timeline_painter_new (FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  guint64 n;

  ls_timeline_model_update (model);
  ls_timeline_painter_attach (painter, layout);
  ls_timeline_layout_set_width (layout, 1920);
  ls_timeline_layout_update (layout);
  g_assert_cmpfloat (ls_timeline_layout_get_height (layout), >, 10000);
  cairo_translate (cr, 0, -floor (ls_timeline_layout_get_height (layout) / 2));
  ls_timeline_painter_draw (painter, layout, cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  n = ls_timeline_painter_get_n_primitives (painter);
  g_test_message ("%u rows, %" G_GUINT64_FORMAT " operations for 1080 pixels of them",
                  ls_timeline_layout_get_n_rows (layout), n);
  /* about 18 rows in view, a few hundred operations each at most */
  g_assert_cmpuint (n, <=, 18 * 1200);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Draws the squeezed fan-out with the painter writing squeezed rows
 * straight into the image or not, translated by (dx, dy), clipped to
 * `clip` when it is not NULL. */
static cairo_surface_t *
paint_squeezed (LsTimelineLayout *layout, gboolean direct, double dx, double dy, const cairo_rectangle_t *clip)
{
  g_autoptr(LsTimelinePainter) painter = ls_timeline_painter_new (FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 700);
  cairo_t *cr = cairo_create (surface);

  ls_timeline_painter_attach (painter, layout);
  ls_timeline_layout_update (layout);
  ls_timeline_painter_set_direct (painter, direct);
  cairo_translate (cr, dx, dy);
  if (clip != NULL)
    {
      cairo_rectangle (cr, clip->x, clip->y, clip->width, clip->height);
      cairo_clip (cr);
    }
  ls_timeline_painter_draw (painter, layout, cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
assert_same_pixels (cairo_surface_t *a, cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);
  int height = cairo_image_surface_get_height (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);

  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  for (int y = 0; y < height; y++)
    if (memcmp (pa + (gsize) y * stride, pb + (gsize) y * stride, (gsize) cairo_image_surface_get_width (a) * 4) != 0)
      g_error ("pixel row %d differs", y);
}

/* Squeezed rows written straight into an image target are the picture a
 * paint of their own image gives, whole, scrolled by whole pixels, and
 * clipped (in whole pixels, and not: then it falls back to the image). */
static void
test_direct_band (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_fanout (80000, 2);
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  static const cairo_rectangle_t clips[] = { { 0, 0, 900, 700 }, { 300, 200, 400, 300 }, { 0, 0, 900, 333.5 },
                                             { 10.25, 40, 700, 500 } };
  LsTimelineMetrics metrics;

  ls_timeline_model_update (model);
  ls_timeline_metrics_init_default (&metrics);
  metrics.max_height = 900;
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_layout_set_width (layout, 900);
  for (guint c = 0; c <= G_N_ELEMENTS (clips); c++)
    {
      const cairo_rectangle_t *clip = c < G_N_ELEMENTS (clips) ? &clips[c] : NULL;
      cairo_surface_t *direct = paint_squeezed (layout, TRUE, 0, c % 2 ? -150 : 0, clip);
      cairo_surface_t *image = paint_squeezed (layout, FALSE, 0, c % 2 ? -150 : 0, clip);

      g_assert_true (ls_timeline_layout_get_row (layout, 0)->compact);
      assert_same_pixels (direct, image);
      cairo_surface_destroy (direct);
      cairo_surface_destroy (image);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/painter/million-events", test_million_events);
  g_test_add_func ("/timeline/painter/many-lanes", test_many_lanes);
  g_test_add_func ("/timeline/painter/compact-fanout", test_compact_fanout);
  g_test_add_func ("/timeline/painter/busy-rows", test_busy_rows);
  g_test_add_func ("/timeline/painter/direct-band", test_direct_band);
  return g_test_run ();
}
