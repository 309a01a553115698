/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-run.c: drives the real window under a display — every bundled
 * example run to the end with its timeline checked against the trace and
 * its output against the reference runner's; a mark selected moves the
 * editor; each export written; a syntax error marked at its line; and a
 * program that never ends stopped while the window keeps ticking. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ls-application.h"
#include "ls-examples.h"
#include "ls-window.h"
#include "window-test-util.h"

static LsApplication *app;

/* A window that shows runs at once (the speed is a setting: the default,
 * 1×, would make each example last as long as its virtual time). */
static LsWindow *
new_window (void)
{
  LsWindow *window = ls_window_new (app);

  ls_window_set_speed (window, 0);
  return window;
}

/* Every task and thread of the trace has its lane, under its name, and the
 * model read the whole trace. */
static void
check_lanes (LsTimelineModel *model,
             LsTrace         *trace)
{
  guint n_tasks = 0;

  g_assert_nonnull (model);
  for (gsize i = 0; i < ls_trace_get_n_events (trace); i++)
    {
      LsTraceEvent record;
      const LsTraceEvent *event = &record;
      guint lane;

      g_assert_true (ls_trace_get_event (trace, i, &record));

      if (event->kind == LS_TRACE_TASK_CREATED)
        {
          lane = ls_timeline_model_lane_for_task (model, event->subject);
          n_tasks++;
        }
      else if (event->kind == LS_TRACE_THREAD_STARTED)
        lane = ls_timeline_model_lane_for_thread (model, event->subject);
      else
        continue;
      g_assert_cmpuint (lane, !=, LS_TIMELINE_NO_LANE);
      g_assert_cmpstr (ls_timeline_model_get_string (model, ls_timeline_model_get_lane (model, lane)->name), ==,
                       ls_trace_get_entity_name (trace, event->subject));
    }
  g_assert_cmpuint (ls_timeline_model_get_n_tasks (model, TRUE), ==, n_tasks);
}

static void
test_every_example_runs (void)
{
  LsWindow *window = new_window ();
  g_autoptr(GMenuModel) menu = ls_examples_create_menu ("win.open-example");
  int n_items = g_menu_model_get_n_items (menu);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (n_items, >=, 13);

  for (int i = 0; i < n_items; i++)
    {
      g_autoptr(GVariant) target = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *golden_path = NULL;
      g_autofree char *status_path = NULL;
      g_autofree char *golden = NULL;
      g_autofree char *console = NULL;
      const char *name;
      LsRun *run;

      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      name = g_variant_get_string (target, NULL);
      g_test_message ("%s", name);

      ls_window_open_example (window, name);
      g_assert_true (window_test_wait_for_file (window, name, TRUE));
      g_assert_true (window_test_wait_for_run (window));
      run = ls_window_get_run (window);

      stem = g_strndup (name, strlen (name) - 3);
      status_path = g_strdup_printf ("%s.status", stem);
      status_path = g_test_build_filename (G_TEST_DIST, "examples", status_path, NULL);
      if (g_file_test (status_path, G_FILE_TEST_EXISTS))
        g_assert_true (ls_run_get_status (run) == LS_RUN_EXCEPTION ||
                       ls_run_get_status (run) == LS_RUN_SYNTAX_ERROR);
      else
        g_assert_cmpint (ls_run_get_status (run), ==, LS_RUN_OK);

      check_lanes (ls_window_get_model (window), ls_run_get_trace (run));

      /* The console shows what the reference runner printed (then the
       * traceback, for the examples that raise). */
      console = ls_window_dup_console_text (window);
      if (ls_run_get_status (run) != LS_RUN_OK)
        {
          /* The error is in the console too, as a terminal would show it. */
          g_assert_nonnull (strstr (console, ls_run_get_message (run)));
          continue;
        }
      golden_path = g_strdup_printf ("%s.out", stem);
      golden_path = g_test_build_filename (G_TEST_DIST, "examples", golden_path, NULL);
      g_assert_true (g_file_get_contents (golden_path, &golden, NULL, NULL));
      if (!g_str_has_prefix (console, golden))
        g_error ("%s: console:\n%s\nexpected:\n%s", name, console, golden);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* At a finite speed the run plays back in virtual time: what is shown
 * lags behind what the run computed, output and lanes included; pause
 * holds it, a step shows one more record, and at the end everything is
 * there. */
static void
test_playback (void)
{
  LsWindow *window = ls_window_new (app);
  LsTrace *shown;
  gsize n_shown;
  g_autofree char *console = NULL;
  g_autofree char *golden = NULL;
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "examples", "03-create-task-concurrent.out", NULL);

  /* Half speed: the 2 s run lasts 4 s of wall time, and a playback moves
   * at most 0.05 virtual s a frame however slow the frames. */
  ls_window_set_speed (window, 0.5);
  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "03-create-task-concurrent.py");
  g_assert_true (window_test_wait_for_file (window, "03-create-task-concurrent.py", TRUE));

  /* What happens at 0 s shows first... */
  {
    gint64 deadline = g_get_monotonic_time () + WINDOW_TEST_DEADLINE_S * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline)
      {
        console = ls_window_dup_console_text (window);
        if (strstr (console, "hello world 1") != NULL)
          break;
        g_clear_pointer (&console, g_free);
        window_test_spin (5);
      }
  }
  g_assert_nonnull (console);
  /* ...what happens at 2 s not yet. */
  g_assert_true (ls_window_is_playing (window));
  shown = ls_window_get_shown_trace (window);
  g_assert_cmpfloat (ls_timeline_model_get_end_time (ls_window_get_model (window)), <, 2.0);
  g_assert_null (strstr (console, "end at"));
  g_clear_pointer (&console, g_free);

  /* Paused: nothing moves; a step shows exactly one more record. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL));
  n_shown = ls_trace_get_n_events (shown);
  window_test_spin (200);
  g_assert_cmpuint (ls_trace_get_n_events (shown), ==, n_shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpuint (ls_trace_get_n_events (shown), ==, n_shown + 1);

  /* Resume, and the end comes at its virtual time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL));
  g_assert_true (window_test_wait_for_run (window));
  g_assert_cmpuint (ls_trace_get_n_events (shown), ==, ls_trace_get_n_events (ls_run_get_trace (ls_window_get_run (window))));
  g_assert_true (g_file_get_contents (golden_path, &golden, NULL, NULL));
  console = ls_window_dup_console_text (window);
  g_assert_cmpstr (console, ==, golden);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Clicking a print mark puts the editor on the print's line. */
static void
test_select_mark (void)
{
  LsWindow *window = new_window ();
  LsTimelineModel *model;
  gboolean found = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "03-create-task-concurrent.py");
  g_assert_true (window_test_wait_for_file (window, "03-create-task-concurrent.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));
  model = ls_window_get_model (window);

  for (guint l = 0; l < ls_timeline_model_get_n_lanes (model) && !found; l++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (model, l);

      for (guint m = 0; m < lane->marks->len; m++)
        {
          const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, m);
          LsTimelineHit hit = { LS_HIT_MARK, l, m, 0, mark->time };
          g_autofree char *words = NULL;

          if (mark->kind != LS_MARK_PRINT || mark->line == 0)
            continue;
          ls_timeline_view_select (ls_window_get_timeline_view (window), LS_HIT_MARK, l, m);
          g_assert_cmpuint (ls_window_get_cursor_line (window), ==, mark->line);
          words = ls_timeline_view_describe_hit (ls_window_get_timeline_view (window), &hit);
          g_assert_nonnull (strstr (words, "printed"));
          found = TRUE;
          break;
        }
    }
  g_assert_true (found);

  /* A bar says what the task waited on, and when. */
  {
    guint lane = LS_TIMELINE_NO_LANE;
    const LsTimelineLane *task2;
    gboolean described = FALSE;

    for (guint l = 0; l < ls_timeline_model_get_n_lanes (model); l++)
      if (g_strcmp0 (ls_timeline_model_get_string (model, ls_timeline_model_get_lane (model, l)->name), "Task-2") == 0)
        lane = l;
    g_assert_cmpuint (lane, !=, LS_TIMELINE_NO_LANE);
    task2 = ls_timeline_model_get_lane (model, lane);

    for (guint i = 0; i < task2->intervals->len; i++)
      if (g_array_index (task2->intervals, LsTimelineInterval, i).state == LS_STATE_WAITING)
        {
          LsTimelineHit hit = { LS_HIT_INTERVAL, lane, i, 0, 0.5 };
          g_autofree char *words = ls_timeline_view_describe_hit (ls_window_get_timeline_view (window), &hit);

          /* No line yet: the trace gives steps the line of asyncio.run(),
           * not of the await (see interval_line in ls-timeline-view.c). */
          g_assert_cmpstr (words, ==, "Task-2 display_time() waiting on sleep(1) from 0.000 s to 1.000 s");
          described = TRUE;
          break;
        }
    g_assert_true (described);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Scrubbing: the inspector says what every task did at the cursor, from
 * the trace alone, backwards as well as forwards. */
static void
test_inspector (void)
{
  LsWindow *window = new_window ();
  LsTimelineView *view;
  g_autofree char *at_half = NULL;
  g_autofree char *at_one_half = NULL;
  g_autofree char *stepped = NULL;

  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "03-create-task-concurrent.py");
  g_assert_true (window_test_wait_for_file (window, "03-create-task-concurrent.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));
  view = ls_window_get_timeline_view (window);

  ls_timeline_view_set_cursor (view, 1.5);
  at_one_half = ls_window_dup_inspector_text (window);
  g_assert_nonnull (strstr (at_one_half, "At 1.500 s"));
  g_assert_nonnull (strstr (at_one_half, "Task-2 display_time() — done"));
  g_assert_nonnull (strstr (at_one_half, "Task-3 display_time() — waiting: sleep(2)"));

  /* Back in time. */
  ls_timeline_view_set_cursor (view, 0.5);
  at_half = ls_window_dup_inspector_text (window);
  g_assert_nonnull (strstr (at_half, "Task-2 display_time() — waiting: sleep(1)"));
  g_assert_nonnull (strstr (at_half, "Task-3 display_time() — waiting: sleep(2)"));

  /* Left: the instant before the cursor, where the tasks began. */
  ls_timeline_view_step_cursor (view, -1);
  g_assert_cmpfloat (ls_timeline_view_get_cursor (view), ==, 0.0);
  ls_timeline_view_step_cursor (view, +1);
  g_assert_cmpfloat (ls_timeline_view_get_cursor (view), ==, 1.0);
  stepped = ls_window_dup_inspector_text (window);
  g_assert_nonnull (strstr (stepped, "At 1.000 s"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The lines under `heading` in the inspector's text, up to a blank line. */
static char **
inspector_section (const char *text,
                   const char *heading)
{
  const char *start = strstr (text, heading);
  const char *end;
  g_autofree char *body = NULL;

  if (start == NULL)
    return g_new0 (char *, 1);
  start = strchr (start, '\n');
  g_assert_nonnull (start);
  start++;
  end = strstr (start, "\n\n");
  body = g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));
  /* the last section ends the text with one newline */
  if (g_str_has_suffix (body, "\n"))
    body[strlen (body) - 1] = '\0';
  return g_strsplit (body, "\n", -1);
}

/* The ready queue and the timer heap at a scrubbed instant, checked
 * against the trace read here on its own: at the start of an instant the
 * ready queue holds what was queued and not run yet; the timer heap holds
 * what was armed and neither moved to the ready queue nor cancelled. */
static void
test_inspector_loop (void)
{
  LsWindow *window = new_window ();
  LsTimelineView *view;
  LsTrace *trace;
  g_autofree char *at_one = NULL;
  g_autofree char *at_half = NULL;
  g_auto(GStrv) ready = NULL;
  g_auto(GStrv) timers = NULL;
  g_auto(GStrv) threads = NULL;
  g_autoptr(GHashTable) queued = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) armed = g_hash_table_new (NULL, NULL);
  gsize first_run_at_one = 0, end_of_half = 0;

  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "03-create-task-concurrent.py");
  g_assert_true (window_test_wait_for_file (window, "03-create-task-concurrent.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));
  view = ls_window_get_timeline_view (window);
  trace = ls_window_get_shown_trace (window);

  for (gsize i = 0; i < ls_trace_get_n_events (trace); i++)
    {
      LsTraceEvent record;
      const LsTraceEvent *e = &record;

      g_assert_true (ls_trace_get_event (trace, i, &record));

      if (e->time <= 0.5)
        end_of_half = i + 1;
      if (e->time == 1.0 && e->kind == LS_TRACE_CALLBACK_RUN && first_run_at_one == 0)
        first_run_at_one = i;
    }
  g_assert_cmpuint (first_run_at_one, >, 0);

  /* At 1 s: the queue as the clock got there. */
  for (gsize i = 0; i < first_run_at_one; i++)
    {
      LsTraceEvent record;
      const LsTraceEvent *e = &record;

      g_assert_true (ls_trace_get_event (trace, i, &record));

      if (e->kind == LS_TRACE_CALLBACK_SCHEDULED)
        g_hash_table_add (queued, GUINT_TO_POINTER (e->subject));
      else if (e->kind == LS_TRACE_CALLBACK_RUN)
        g_hash_table_remove (queued, GUINT_TO_POINTER (e->subject));
    }
  ls_timeline_view_set_cursor (view, 1.0);
  at_one = ls_window_dup_inspector_text (window);
  ready = inspector_section (at_one, "Ready queue as the loop reached 1.000 s");
  g_assert_cmpuint (g_strv_length (ready), ==, g_hash_table_size (queued));
  g_assert_cmpuint (g_strv_length (ready), ==, 1);
  g_assert_cmpstr (ready[0], ==, "  1. sleep(1) of Task-2 display_time() (_set_result_unless_cancelled), line 7");

  /* Back to 0.5 s: both sleeps pending, the earlier first. */
  for (gsize i = 0; i < end_of_half; i++)
    {
      LsTraceEvent record;
      const LsTraceEvent *e = &record;

      g_assert_true (ls_trace_get_event (trace, i, &record));

      if (e->kind == LS_TRACE_TIMER_ARMED)
        g_hash_table_add (armed, GUINT_TO_POINTER (e->subject));
      else if (e->kind == LS_TRACE_CALLBACK_SCHEDULED || e->kind == LS_TRACE_TIMER_CANCELLED)
        g_hash_table_remove (armed, GUINT_TO_POINTER (e->subject));
    }
  ls_timeline_view_set_cursor (view, 0.5);
  at_half = ls_window_dup_inspector_text (window);
  timers = inspector_section (at_half, "Timer heap after 0.500 s, earliest first");
  g_assert_cmpuint (g_strv_length (timers), ==, g_hash_table_size (armed));
  g_assert_cmpuint (g_strv_length (timers), ==, 2);
  g_assert_cmpstr (timers[0], ==, "  1.000 s — sleep(1) of Task-2 display_time() (_set_result_unless_cancelled), line 7");
  g_assert_cmpstr (timers[1], ==, "  2.000 s — sleep(2) of Task-3 display_time() (_set_result_unless_cancelled), line 7");
  g_assert_nonnull (strstr (at_half, "Ready queue after 0.500 s\n  empty\n"));
  threads = inspector_section (at_half, "Threads");
  g_assert_cmpstr (threads[0], ==, "  event loop (MainThread) — idle");
  gtk_window_destroy (GTK_WINDOW (window));

  /* A worker thread: blocked in time.sleep, started by the task that
   * called to_thread. */
  window = new_window ();
  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "10-to-thread-blocking-io.py");
  g_assert_true (window_test_wait_for_file (window, "10-to-thread-blocking-io.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));
  ls_timeline_view_set_cursor (ls_window_get_timeline_view (window), 0.5);
  g_clear_pointer (&at_half, g_free);
  g_clear_pointer (&threads, g_strfreev);
  at_half = ls_window_dup_inspector_text (window);
  threads = inspector_section (at_half, "Threads");
  g_assert_cmpuint (g_strv_length (threads), ==, 2);
  g_assert_cmpstr (threads[1], ==, "  asyncio_0 (worker thread) — blocked: time.sleep(1), started by Task-2 to_thread()");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Scrubbing back shows the output so far; the rest is dimmed. */
static void
test_console_filter (void)
{
  LsWindow *window = new_window ();
  LsTimelineView *view;
  g_autofree char *all = NULL;
  g_autofree char *so_far = NULL;

  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "03-create-task-concurrent.py");
  g_assert_true (window_test_wait_for_file (window, "03-create-task-concurrent.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));
  view = ls_window_get_timeline_view (window);
  all = ls_window_dup_console_text (window);

  /* The run over, no cursor: everything. */
  g_assert_true (isnan (ls_timeline_view_get_cursor (view)));
  so_far = ls_window_dup_console_text_so_far (window);
  g_assert_cmpstr (so_far, ==, all);
  g_clear_pointer (&so_far, g_free);

  ls_timeline_view_set_cursor (view, 0.5);
  so_far = ls_window_dup_console_text_so_far (window);
  g_assert_cmpstr (so_far, ==, "started at 00:00:00\nhello world 1\nhello world 2\n");
  g_clear_pointer (&so_far, g_free);

  /* The text itself stays: only its look changes. */
  g_clear_pointer (&so_far, g_free);
  so_far = ls_window_dup_console_text (window);
  g_assert_cmpstr (so_far, ==, all);
  g_clear_pointer (&so_far, g_free);

  ls_timeline_view_set_cursor (view, 2.0);
  so_far = ls_window_dup_console_text_so_far (window);
  g_assert_cmpstr (so_far, ==, all);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GBytes *
export_svg (LsWindow *window,
            const char *dir,
            gboolean    whole)
{
  g_autofree char *path = g_build_filename (dir, "range.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GRegex) surface_ids = g_regex_new ("surface[0-9]+", 0, 0, NULL);
  gsize length = 0;

  g_assert_true (ls_window_export_range (window, LS_EXPORT_SVG, file, whole, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (path);
  /* cairo numbers its surfaces across the process: not part of the picture */
  normalized = g_regex_replace (surface_ids, contents, length, 0, "surface", 0, NULL);
  length = strlen (normalized);
  return g_bytes_new_take (g_steal_pointer (&normalized), length);
}

/* The export of the visible range is what is in view; the whole run is
 * the same whatever the zoom. */
static void
test_export_range (void)
{
  LsWindow *window = new_window ();
  LsTimelineView *view;
  g_autofree char *dir = g_dir_make_tmp ("loopscope-range-XXXXXX", NULL);
  g_autoptr(GBytes) fitted = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) visible = NULL;
  double from, to;

  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "03-create-task-concurrent.py");
  g_assert_true (window_test_wait_for_file (window, "03-create-task-concurrent.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));
  view = ls_window_get_timeline_view (window);

  fitted = export_svg (window, dir, FALSE);
  ls_timeline_view_zoom (view, 0.25, -1);
  ls_timeline_view_get_range (view, &from, &to);
  g_assert_false (isnan (from));
  g_assert_cmpfloat (to - from, <, 1.0);
  whole = export_svg (window, dir, TRUE);
  visible = export_svg (window, dir, FALSE);
  g_assert_true (g_bytes_equal (whole, fitted));
  g_assert_false (g_bytes_equal (visible, whole));

  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_exports (void)
{
  static const struct { LsExportFormat format; const char *name; } formats[] = {
    { LS_EXPORT_SVG, "run.svg" },
    { LS_EXPORT_PNG, "run.png" },
    { LS_EXPORT_PDF, "run.pdf" },
    { LS_WINDOW_EXPORT_JSON, "run.json" },
  };
  LsWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("loopscope-export-XXXXXX", NULL);

  g_assert_nonnull (dir);
  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "09-timeout-exceeded.py");
  g_assert_true (window_test_wait_for_file (window, "09-timeout-exceeded.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_build_filename (dir, formats[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      GStatBuf st;

      g_assert_true (ls_window_export (window, formats[i].format, file, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 0);
      g_unlink (path);
    }

  /* A folder that does not exist: a clear error, no crash. */
  {
    g_autofree char *path = g_build_filename (dir, "missing", "run.svg", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_false (ls_window_export (window, LS_EXPORT_SVG, file, &error));
    g_assert_nonnull (error);
  }

  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_program (LsWindow   *window,
             const char *text)
{
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), text, -1);
}

static void
test_syntax_error (void)
{
  LsWindow *window = new_window ();
  LsRun *run;

  gtk_window_present (GTK_WINDOW (window));
  set_program (window, "import asyncio\n\nasync def main(:\n    pass\n");
  ls_window_run (window);
  g_assert_true (window_test_wait_for_run (window));
  run = ls_window_get_run (window);
  g_assert_cmpint (ls_run_get_status (run), ==, LS_RUN_SYNTAX_ERROR);
  g_assert_cmpuint (ls_run_get_error_line (run), ==, 3);

  set_program (window, "import asyncio\n\nasync def main():\n    raise ValueError('boom')\n\nasyncio.run(main())\n");
  ls_window_run (window);
  g_assert_true (window_test_wait_for_run (window));
  run = ls_window_get_run (window);
  g_assert_cmpint (ls_run_get_status (run), ==, LS_RUN_EXCEPTION);
  g_assert_cmpstr (ls_run_get_message (run), ==, "ValueError: boom");
  g_assert_cmpuint (ls_run_get_error_line (run), ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-error", NULL);
  g_assert_cmpuint (ls_window_get_cursor_line (window), ==, 4);

  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

/* Unsaved edits are never lost without a question: not by opening an
 * example, not by closing the window. */
static void
test_unsaved_prompt (void)
{
  LsWindow *window = new_window ();
  AdwMessageDialog *dialog;
  gboolean destroyed = FALSE;
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_example (window, "01-single-coroutine.py");
  g_assert_true (window_test_wait_for_file (window, "01-single-coroutine.py", TRUE));
  /* As typing does (set_text is an irreversible action, not an edit). */
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), "print('mine')\n", -1);
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (ls_window_get_buffer (window))));

  /* Open an example: asked; Cancel keeps the edits. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example", "s", "02-sequential-await.py");
  window_test_spin (50);
  dialog = window_test_find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  window_test_spin (50);
  text = g_strdup (gtk_window_get_title (GTK_WINDOW (window)));
  g_assert_nonnull (strstr (text, "01-single-coroutine.py"));
  g_assert_nonnull (strstr (text, "•"));

  /* Close: asked; the window stays until Discard. */
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (set_flag), &destroyed);
  gtk_window_close (GTK_WINDOW (window));
  window_test_spin (50);
  g_assert_false (destroyed);
  dialog = window_test_find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  window_test_spin (50);
  g_assert_true (destroyed);
}

static gboolean
wait_until_saved (LsWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + WINDOW_TEST_DEADLINE_S * G_USEC_PER_SEC;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ls_window_get_buffer (window));

  while (gtk_text_buffer_get_modified (buffer) && g_get_monotonic_time () < deadline)
    window_test_spin (5);
  return !gtk_text_buffer_get_modified (buffer);
}

/* Save writes the editor's text to the file shown, and the window stops
 * marking it unsaved. */
static void
test_save (void)
{
  LsWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("loopscope-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "prog.py", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "import asyncio\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  ls_window_open_file (window, file);
  g_assert_true (window_test_wait_for_file (window, "prog.py", TRUE));
  g_assert_true (window_test_wait_for_run (window));

  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), "print('saved')\n", -1);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  /* The file is written off the main thread. */
  g_assert_true (wait_until_saved (window));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "print('saved')\nimport asyncio\n");
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* Typing while the file is being written: that edit stays unsaved. */
  g_clear_pointer (&contents, g_free);
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), "# a\n", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), "# b\n", -1);
  window_test_spin (300);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "print('saved')\n# a\nimport asyncio\n");
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (ls_window_get_buffer (window))));
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), FALSE);

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The shortcuts window builds (every accelerator in it parses: a bad
 * one is a warning, fatal here) and shows. */
static void
test_shortcuts_window (void)
{
  LsWindow *window = new_window ();
  GtkShortcutsWindow *overlay;

  gtk_window_present (GTK_WINDOW (window));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  window_test_spin (200);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A program that never ends keeps the window ticking, and Stop ends it at
 * once. */
static void
test_stop_never_ending (void)
{
  LsWindow *window = new_window ();
  LsRun *run;
  guint64 ticks;
  gint64 stopped_at;

  gtk_window_present (GTK_WINDOW (window));
  set_program (window,
               "import asyncio\n"
               "\n"
               "async def main():\n"
               "    while True:\n"
               "        await asyncio.sleep(1)\n"
               "\n"
               "asyncio.run(main())\n");
  ls_window_run (window);
  run = g_object_ref (ls_window_get_run (window));

  ticks = ls_window_get_n_ticks (window);
  window_test_spin (500);
  /* The window drew frames meanwhile, and read the trace as it grew. */
  g_assert_cmpuint (ls_window_get_n_ticks (window), >, ticks + 2);
  g_assert_true (ls_run_is_running (run));
  g_assert_nonnull (ls_window_get_model (window));
  g_assert_cmpfloat (ls_timeline_model_get_end_time (ls_window_get_model (window)), >, 0);

  stopped_at = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (window_test_wait_for_run (window));
  g_test_message ("stopped in %.1f ms", (g_get_monotonic_time () - stopped_at) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (ls_run_get_status (run), ==, LS_RUN_STOPPED);

  /* At 1×, the simulation waits a little ahead of what is shown (it does
   * not race to the time limit); Stop still ends it at once. */
  g_clear_object (&run);
  ls_window_set_speed (window, 1);
  ls_window_run (window);
  run = g_object_ref (ls_window_get_run (window));
  window_test_spin (300);
  g_assert_true (ls_run_is_running (run));
  g_assert_cmpfloat (ls_timeline_model_get_end_time (ls_window_get_model (window)), <, 5.0);
  stopped_at = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (window_test_wait_for_run (window));
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (ls_run_get_status (run), ==, LS_RUN_STOPPED);
  /* A few seconds past the shown time at most: the worker looks at the
   * horizon every few dozen records. */
  g_assert_cmpfloat (ls_timeline_model_get_end_time (ls_window_get_model (window)), <, 30.0);
  ls_window_set_speed (window, 0);

  /* Run again and close the window while it runs: the run is detached
   * and ends by itself. */
  g_clear_object (&run);
  ls_window_run (window);
  run = g_object_ref (ls_window_get_run (window));
  window_test_spin (100);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (ls_window_get_buffer (window)), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  {
    gint64 deadline = g_get_monotonic_time () + WINDOW_TEST_DEADLINE_S * G_USEC_PER_SEC;

    while (!ls_run_is_finished (run) && g_get_monotonic_time () < deadline)
      window_test_spin (5);
  }
  g_assert_true (ls_run_is_finished (run));
  g_assert_cmpint (ls_run_get_status (run), ==, LS_RUN_STOPPED);
  window_test_spin (20);
  g_clear_object (&run);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  app = ls_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/window-run/every-example-runs", test_every_example_runs);
  g_test_add_func ("/window-run/playback", test_playback);
  g_test_add_func ("/window-run/select-mark", test_select_mark);
  g_test_add_func ("/window-run/inspector", test_inspector);
  g_test_add_func ("/window-run/inspector-loop", test_inspector_loop);
  g_test_add_func ("/window-run/console-filter", test_console_filter);
  g_test_add_func ("/window-run/exports", test_exports);
  g_test_add_func ("/window-run/export-range", test_export_range);
  g_test_add_func ("/window-run/errors", test_syntax_error);
  g_test_add_func ("/window-run/unsaved-prompt", test_unsaved_prompt);
  g_test_add_func ("/window-run/save", test_save);
  g_test_add_func ("/window-run/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/window-run/stop-never-ending", test_stop_never_ending);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
