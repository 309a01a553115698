/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view-bench.c — how long the timeline widget takes to produce a frame
 * through GTK, for the same one-million-event trace as painter-bench.
 *
 * painter-bench draws straight into an image surface; the desktop view
 * does not.  Its snapshot() records the painter's drawing into a cairo
 * recording surface (gtk_snapshot_append_cairo) that GSK replays into the
 * window later, and the view sits in a scrolled window, so only the rows
 * the viewport shows are drawn.  This benchmark shows the widget in a
 * 1920×1080 window as the app does (a GtkScrolledWindow without a
 * horizontal scrollbar around an LsTimelineView), and for each view
 * (the whole run, and 1 % of it at several places, scrolled to the middle
 * of the rows) measures frames made as GTK makes them:
 * the widget's snapshot() and GSK's render of its node into a texture, in
 * wall time and in the process's CPU time (the median of a view's frames
 * is checked against the targets, as painter-bench does), with the CPU
 * time of each of the two parts.
 *
 * It needs a display (run it under `xvfb-run -s '-screen 0 1920x1080x24'`).
 * Frames are rendered with GSK's cairo renderer (and the window shown
 * with it): under Xvfb the GL renderer runs on a software rasterizer,
 * which would measure llvmpipe rather than Loopscope.
 *
 *   xvfb-run -a -s '-screen 0 1920x1080x24' _build/bench/view-bench [--events N] [--frames N]
 */
#define G_LOG_DOMAIN "loopscope-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

#include "ls-bench-stats.h"
#include "ls-synth-trace.h"
#include "ls-timeline-layout.h"
#include "ls-timeline-model.h"
#include "ls-timeline-view.h"

#define FRAME_WIDTH  1920
#define FRAME_HEIGHT 1080
#define FULL_TARGET_MS 8.0
#define ZOOM_TARGET_MS 2.0

typedef struct
{
  const char *name;
  double      from_share;  /* start of the visible range, as a share of the run; < 0: the whole run */
} View;

static const View views[] = {
  { "full",      -1 },
  { "1% at 5%",  0.05 },
  { "1% at 33%", 0.33 },
  { "1% at 66%", 0.66 },
  { "1% at 95%", 0.95 },
};

typedef struct
{
  double wall_ms;
  double cpu_ms;
  double snapshot_ms;   /* CPU: the widget's snapshot() */
  double render_ms;     /* CPU: GSK's render of its node */
} Sample;

typedef struct
{
  GdkFrameClock *clock;
  gboolean       painted;
} FrameWait;





static void
after_paint (GdkFrameClock *clock, FrameWait *wait)
{
  wait->painted = TRUE;
}

/* Queues a frame and runs the main loop until it is painted: this lays
 * out and sizes the view for a new range or scroll position. */
static void
present_frame (GtkWidget *widget, FrameWait *wait)
{
  wait->painted = FALSE;
  gtk_widget_queue_draw (widget);
  while (!wait->painted)
    g_main_context_iteration (NULL, TRUE);
}

/* One frame of the view as GTK makes it, without presenting it: the
 * widget's snapshot() into a GtkSnapshot (the painter drawing into GTK's
 * cairo recording), then GSK rendering that node into a texture.
 * Presenting through X11 is left out: under Xvfb it is shared-memory
 * page faults of the X server's making, ~30 ms a frame, that a
 * compositor on a GPU does not pay. */
static void
one_frame (GtkWidget *widget, GskRenderer *renderer, Sample *sample)
{
  double wall = ls_bench_wall_now_ms (), cpu = ls_bench_cpu_now_ms ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  graphene_rect_t bounds;
  GdkTexture *texture;
  double cpu_drawn;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  cpu_drawn = ls_bench_cpu_now_ms ();
  sample->snapshot_ms = cpu_drawn - cpu;
  if (node != NULL)
    {
      gsk_render_node_get_bounds (node, &bounds);
      texture = gsk_renderer_render_texture (renderer, node, &bounds);
      g_object_unref (texture);
      gsk_render_node_unref (node);
    }
  sample->render_ms = ls_bench_cpu_now_ms () - cpu_drawn;
  sample->cpu_ms = ls_bench_cpu_now_ms () - cpu;
  sample->wall_ms = ls_bench_wall_now_ms () - wall;
}

/* The view's range, and the scrolled window at the middle of the rows. */
static void
set_view (LsTimelineView *view, GtkScrolledWindow *scrolled, const View *which, FrameWait *wait)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  ls_timeline_view_fit (view);
  /* zoom to 1 %, as a pinch would, anchored at the place: the time under
   * x keeps its share of the plot, so the range starts near the place */
  if (which->from_share >= 0)
    {
      LsTimelineLayout *layout = ls_timeline_view_get_layout (view);

      ls_timeline_view_zoom (view, 0.01, ls_timeline_layout_get_plot_x (layout) +
                             which->from_share * ls_timeline_layout_get_plot_width (layout));
    }
  /* a frame to let the new range lay out and size the view */
  present_frame (GTK_WIDGET (view), wait);
  gtk_adjustment_set_value (vadjustment, (gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment)) / 2);
  present_frame (GTK_WIDGET (view), wait);
}

static gboolean
bench_view (LsTimelineView *view, GtkScrolledWindow *scrolled, GskRenderer *renderer, const View *which,
            FrameWait *wait, guint frames)
{
  g_autofree double *wall = g_new (double, frames);
  g_autofree double *cpu = g_new (double, frames);
  g_autofree double *drawn = g_new (double, frames);
  g_autofree double *rendered = g_new (double, frames);
  double target = which->from_share < 0 ? FULL_TARGET_MS : ZOOM_TARGET_MS;
  double cpu_median, from, to;
  Sample sample;

  set_view (view, scrolled, which, wait);
  one_frame (GTK_WIDGET (view), renderer, &sample);   /* warm-up: text and stamps of this range */
  for (guint i = 0; i < frames; i++)
    {
      one_frame (GTK_WIDGET (view), renderer, &sample);
      wall[i] = sample.wall_ms;
      cpu[i] = sample.cpu_ms;
      drawn[i] = sample.snapshot_ms;
      rendered[i] = sample.render_ms;
    }
  ls_timeline_view_get_range (view, &from, &to);
  cpu_median = ls_bench_median (cpu, frames);
  printf ("%-12s %7.3f–%-7.3f %8.2f %8.2f %8.2f %9.2f %8.2f  %s\n", which->name, from, to, ls_bench_median (wall, frames),
          cpu_median, ls_bench_minimum (cpu, frames), ls_bench_median (drawn, frames), ls_bench_median (rendered, frames),
          cpu_median <= target ? "ok" : "OVER");
  return cpu_median <= target;
}

int
main (int argc, char **argv)
{
  gint64 n_events = 1000000;
  gint frames = 20;
  GOptionEntry entries[] = {
    { "events", 'n', 0, G_OPTION_ARG_INT64, &n_events, "Events in the generated trace (1000000)", "N" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &frames, "Frames per view (20)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the timeline widget's frames through GTK");
  g_autoptr(GError) error = NULL;
  g_autoptr(LsTrace) trace = NULL;
  g_autoptr(LsTimelineModel) model = NULL;
  GtkWidget *window, *scrolled, *view;
  g_autoptr(GskRenderer) renderer = NULL;
  FrameWait wait = { NULL, FALSE };
  gboolean all_ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_events <= 0 || frames <= 0)
    {
      fprintf (stderr, "view-bench: %s\n", error != NULL ? error->message : "bad arguments");
      return 2;
    }
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "view-bench: no display (run it under xvfb-run)\n");
      return 2;
    }
  adw_init ();

  trace = ls_synth_trace_fanout ((gsize) n_events, 1);
  model = ls_timeline_model_new (trace);
  ls_timeline_model_update (model);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), FRAME_WIDTH, FRAME_HEIGHT);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  view = ls_timeline_view_new ();
  gtk_widget_set_hexpand (view, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  ls_timeline_view_set_model (LS_TIMELINE_VIEW (view), model);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_frame_clock (view) == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait.clock = gtk_widget_get_frame_clock (view);
  g_signal_connect (wait.clock, "after-paint", G_CALLBACK (after_paint), &wait);
  present_frame (view, &wait);   /* warm-up: fonts, the raster's pool */
  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, gtk_native_get_surface (gtk_widget_get_native (view)), &error))
    {
      fprintf (stderr, "view-bench: %s\n", error->message);
      return 2;
    }

  printf ("trace: %" G_GSIZE_FORMAT " events, %u lanes; window %d×%d, GSK's cairo renderer, %d frames per view\n",
          ls_trace_get_n_events (trace), ls_timeline_model_get_n_lanes (model), FRAME_WIDTH, FRAME_HEIGHT,
          frames);
  printf ("%-12s %-15s %8s %8s %8s %9s %8s  target\n", "view", "range (s)", "median", "cpu med", "cpu min",
          "snapshot", "render");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    all_ok &= bench_view (LS_TIMELINE_VIEW (view), GTK_SCROLLED_WINDOW (scrolled), renderer, &views[i], &wait, (guint) frames);
  printf ("targets: full view <= %.0f ms, zoomed <= %.0f ms (median CPU time of a frame, through GTK): %s\n",
          FULL_TARGET_MS, ZOOM_TARGET_MS, all_ok ? "met" : "NOT met");

  gsk_renderer_unrealize (renderer);
  ls_timeline_view_set_model (LS_TIMELINE_VIEW (view), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
