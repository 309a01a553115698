/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-timeline-painter.c — the painter's level of detail: a trace of a
 * million events costs a bounded number of drawing operations (about one
 * per pixel of each row at most), and the picture is drawn at all.
 */
#include "config.h"

#include <cairo.h>

#include "ls-timeline-layout.h"
#include "ls-timeline-model.h"
#include "ls-timeline-painter.h"
#include "ls-trace.h"

static void
add (LsTrace *trace, double time, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, guint32 text)
{
  LsTraceEvent event = { time, kind, 1, subject, object, arg, text, 0 };

  ls_trace_append (trace, &event);
}

/* `n_tasks` tasks that each print and sleep `n_steps` times, 1 ms apart:
 * 3 records a step. */
static LsTrace *
busy_trace (guint n_tasks, guint n_steps)
{
  LsTrace *trace = ls_trace_new ();
  guint32 sleep = ls_trace_intern (trace, "sleep(0.001)");
  guint32 hello = ls_trace_intern (trace, "tick");
  guint32 coro = ls_trace_intern (trace, "worker");

  for (guint t = 0; t < n_tasks; t++)
    {
      g_autofree char *name = g_strdup_printf ("Task-%u", t + 1);

      add (trace, 0, LS_TRACE_TASK_CREATED, 10 + t, 0, coro, ls_trace_intern (trace, name));
    }
  for (guint s = 0; s < n_steps; s++)
    for (guint t = 0; t < n_tasks; t++)
      {
        LsTraceEvent print = { s * 0.001, LS_TRACE_OUTPUT, 1, 1, 10 + t, 0, hello, 3 };

        add (trace, s * 0.001, LS_TRACE_STEP_START, 10 + t, 0, 0, 0);
        ls_trace_append (trace, &print);
        add (trace, s * 0.001, LS_TRACE_STEP_END, 10 + t, 0, LS_TRACE_OUTCOME_AWAIT, sleep);
      }
  return trace;
}

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
  g_autoptr(LsTrace) small = busy_trace (20, 1700);     /* 0.1 M events */
  g_autoptr(LsTrace) large = busy_trace (20, 17000);    /* 1 M events */
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
  g_autoptr(LsTrace) trace = busy_trace (5000, 60);    /* 0.9 M events, 5000 tasks */
  double ms;
  guint64 n;

  /* thinner than a pixel: a row per pixel row is drawn */
  n = paint (trace, 1000, 900, &ms);
  g_assert_cmpuint (n, <=, 900 * 1000 * 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/painter/million-events", test_million_events);
  g_test_add_func ("/timeline/painter/many-lanes", test_many_lanes);
  return g_test_run ();
}
