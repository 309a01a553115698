/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-timeline-layout.c — the timeline model and its geometry, with exact
 * numbers, on traces written record by record (the shape of
 * data/examples/03-create-task-concurrent.py: main creates two tasks that
 * sleep 1 s and 2 s, and awaits them in turn).
 */
#include "config.h"

#include <math.h>

#include "ls-synth-trace.h"
#include "ls-timeline-layout.h"
#include "ls-timeline-model.h"
#include "ls-timeline-raster.h"
#include "ls-trace.h"

#define T1 1u   /* task ids as the engine hands them out */
#define T2 4u
#define T3 6u
#define SLEEP1 8u
#define SLEEP2 10u

static void
add (LsTrace *trace, double time, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg,
     const char *text, guint32 line)
{
  LsTraceEvent event = { time, kind, 1, subject, object, arg, text != NULL ? ls_trace_intern (trace, text) : 0, line };

  ls_trace_append (trace, &event);
}

static void
add_task (LsTrace *trace, double time, guint32 id, guint32 parent, const char *name, const char *coro, guint32 line)
{
  LsTraceEvent event = { time, LS_TRACE_TASK_CREATED, 1, id, parent, ls_trace_intern (trace, coro),
                         ls_trace_intern (trace, name), line };

  ls_trace_append (trace, &event);
}

static void
add_print (LsTrace *trace, double time, guint32 task, const char *text)
{
  LsTraceEvent event = { time, LS_TRACE_OUTPUT, 1, 1, task, 0, ls_trace_intern (trace, text), 6 };

  ls_trace_append (trace, &event);
}

/* A timer firing: the loop wakes up and completes the sleep's future. */
static void
add_timer (LsTrace *trace, double time, guint32 handle, guint32 future)
{
  add (trace, time, LS_TRACE_THREAD_RESUMED, 1, 0, 0, NULL, 0);
  add (trace, time, LS_TRACE_CALLBACK_SCHEDULED, handle, 0, 0, "_set_result_unless_cancelled", 0);
  add (trace, time, LS_TRACE_CALLBACK_RUN, handle, 0, 0, NULL, 0);
  add (trace, time, LS_TRACE_FUTURE_DONE, future, 0, LS_TRACE_FUTURE_RESULT, NULL, 0);
  add (trace, time, LS_TRACE_CALLBACK_DONE, handle, 0, 0, NULL, 0);
}

/* Records [0, n) of the concurrent example; the whole when n is G_MAXUINT. */
static LsTrace *
concurrent_trace (void)
{
  LsTrace *trace = ls_trace_new ();

  add_task (trace, 0, T1, 0, "Task-1", "main", 17);
  add (trace, 0, LS_TRACE_STEP_START, T1, 0, 0, NULL, 0);
  add_task (trace, 0, T2, T1, "Task-2", "display_time", 10);
  add_task (trace, 0, T3, T1, "Task-3", "display_time", 11);
  add_print (trace, 0, T1, "started at 00:00:00");
  add (trace, 0, LS_TRACE_STEP_END, T1, T2, LS_TRACE_OUTCOME_AWAIT, "Task-2", 17);
  add (trace, 0, LS_TRACE_STEP_START, T2, 0, 0, NULL, 0);
  add_print (trace, 0, T2, "hello world 1");
  add (trace, 0, LS_TRACE_STEP_END, T2, SLEEP1, LS_TRACE_OUTCOME_AWAIT, "sleep(1)", 17);
  add (trace, 0, LS_TRACE_STEP_START, T3, 0, 0, NULL, 0);
  add_print (trace, 0, T3, "hello world 2");
  add (trace, 0, LS_TRACE_STEP_END, T3, SLEEP2, LS_TRACE_OUTCOME_AWAIT, "sleep(2)", 17);
  add (trace, 0, LS_TRACE_THREAD_BLOCKED, 1, 0, LS_TRACE_BLOCK_LOOP_IDLE, NULL, 0);
  add_timer (trace, 1, 9, SLEEP1);
  add (trace, 1, LS_TRACE_STEP_START, T2, 0, 0, NULL, 0);
  add (trace, 1, LS_TRACE_STEP_END, T2, 0, LS_TRACE_OUTCOME_RETURN, NULL, 17);
  add (trace, 1, LS_TRACE_FUTURE_DONE, T2, 0, LS_TRACE_FUTURE_RESULT, NULL, 0);
  add (trace, 1, LS_TRACE_STEP_START, T1, 0, 0, NULL, 0);
  add (trace, 1, LS_TRACE_STEP_END, T1, T3, LS_TRACE_OUTCOME_AWAIT, "Task-3", 17);
  add (trace, 1, LS_TRACE_THREAD_BLOCKED, 1, 0, LS_TRACE_BLOCK_LOOP_IDLE, NULL, 0);
  add_timer (trace, 2, 11, SLEEP2);
  add (trace, 2, LS_TRACE_STEP_START, T3, 0, 0, NULL, 0);
  add (trace, 2, LS_TRACE_STEP_END, T3, 0, LS_TRACE_OUTCOME_RETURN, NULL, 17);
  add (trace, 2, LS_TRACE_FUTURE_DONE, T3, 0, LS_TRACE_FUTURE_RESULT, NULL, 0);
  add (trace, 2, LS_TRACE_STEP_START, T1, 0, 0, NULL, 0);
  add_print (trace, 2, T1, "end at 00:00:02");
  add (trace, 2, LS_TRACE_STEP_END, T1, 0, LS_TRACE_OUTCOME_RETURN, NULL, 17);
  add (trace, 2, LS_TRACE_FUTURE_DONE, T1, 0, LS_TRACE_FUTURE_RESULT, NULL, 0);
  /* asyncio.run's own shutdown task: folded away by default */
  add_task (trace, 2, 17, 0, "Task-4", "BaseEventLoop.shutdown_asyncgens", 17);
  add (trace, 2, LS_TRACE_STEP_START, 17, 0, 0, NULL, 0);
  add (trace, 2, LS_TRACE_STEP_END, 17, 0, LS_TRACE_OUTCOME_RETURN, NULL, 17);
  return trace;
}

static double
no_width (const char *text, LsTimelineFont font, gpointer user_data)
{
  return 0;
}

static LsTimelineLayout *
new_layout (LsTimelineModel *model, double width)
{
  LsTimelineLayout *layout = ls_timeline_layout_new (model);

  /* text takes no room: the label column keeps its default width */
  ls_timeline_layout_set_measure_func (layout, no_width, NULL);
  ls_timeline_layout_set_width (layout, width);
  ls_timeline_layout_update (layout);
  return layout;
}

static void
test_model_lanes (void)
{
  g_autoptr(LsTrace) trace = concurrent_trace ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  const LsTimelineLane *lane;
  const char *label = NULL;

  ls_timeline_model_update (model);
  g_assert_cmpuint (ls_timeline_model_get_n_lanes (model), ==, 5);
  g_assert_cmpuint (ls_timeline_model_get_n_tasks (model, FALSE), ==, 3);
  g_assert_cmpuint (ls_timeline_model_get_n_tasks (model, TRUE), ==, 4);

  lane = ls_timeline_model_get_lane (model, ls_timeline_model_lane_for_task (model, T2));
  g_assert_cmpstr (ls_timeline_model_get_string (model, lane->name), ==, "Task-2");
  g_assert_cmpstr (ls_timeline_model_get_string (model, lane->detail), ==, "display_time()");
  g_assert_cmpuint (lane->line, ==, 10);
  g_assert_cmpuint (lane->depth, ==, 1);
  g_assert_cmpuint (lane->parent, ==, ls_timeline_model_lane_for_task (model, T1));
  g_assert_true (ls_timeline_model_get_lane (model, ls_timeline_model_lane_for_task (model, 17))->internal);

  /* slots: three steps at 0 s, two at 1 s, two at 2 s (the shutdown task takes none) */
  g_assert_cmpfloat (ls_timeline_model_get_end_pos (model), ==, 7);
  g_assert_cmpfloat (ls_timeline_model_pos_at_time (model, 0), ==, 0);
  g_assert_cmpfloat (ls_timeline_model_pos_at_time (model, 0.5), ==, 3);
  g_assert_cmpfloat (ls_timeline_model_pos_at_time (model, 2), ==, 5);
  g_assert_cmpfloat (ls_timeline_model_pos_at_time (model, 3), ==, 7);

  /* Task-2: scheduled, running, waiting on sleep(1), woken, running, done */
  g_assert_cmpuint (lane->intervals->len, ==, 5);
  {
    static const LsTimelineState states[] = { LS_STATE_SCHEDULED, LS_STATE_RUNNING, LS_STATE_WAITING,
                                              LS_STATE_RUNNING, LS_STATE_DONE };
    const LsTimelineInterval *waiting = &g_array_index (lane->intervals, LsTimelineInterval, 2);

    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      g_assert_cmpuint (g_array_index (lane->intervals, LsTimelineInterval, i).state, ==, states[i]);
    g_assert_cmpstr (ls_timeline_model_get_string (model, waiting->label), ==, "sleep(1)");
    g_assert_cmpfloat (waiting->start_time, ==, 0);
    g_assert_cmpfloat (waiting->start_pos, ==, 2);
    g_assert_cmpfloat (waiting->end_time, ==, 1);
    g_assert_cmpfloat (waiting->end_pos, ==, 3);
  }

  /* the state of every task at an instant */
  g_assert_cmpuint (ls_timeline_model_state_at (model, ls_timeline_model_lane_for_task (model, T2), 0.5, &label), ==,
                    LS_STATE_WAITING);
  g_assert_cmpstr (label, ==, "sleep(1)");
  g_assert_cmpuint (ls_timeline_model_state_at (model, ls_timeline_model_lane_for_task (model, T1), 1.5, &label), ==,
                    LS_STATE_WAITING);
  g_assert_cmpstr (label, ==, "Task-3");
  g_assert_cmpuint (ls_timeline_model_state_at (model, ls_timeline_model_lane_for_task (model, T2), 1.5, NULL), ==,
                    LS_STATE_DONE);
  g_assert_cmpuint (ls_timeline_model_state_at (model, LS_TIMELINE_LOOP_LANE, 0.5, &label), ==, LS_STATE_IDLE);

  /* prints sit inside the slot of their step */
  lane = ls_timeline_model_get_lane (model, ls_timeline_model_lane_for_task (model, T1));
  g_assert_cmpuint (lane->marks->len, ==, 2);
  g_assert_cmpfloat (g_array_index (lane->marks, LsTimelineMark, 0).pos, ==, 0.5);
  g_assert_cmpfloat (g_array_index (lane->marks, LsTimelineMark, 1).pos, ==, 6.5);
}

static void
test_model_arrows (void)
{
  g_autoptr(LsTrace) trace = concurrent_trace ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  const GArray *arrows;
  guint t1, t2, t3;
  typedef struct { LsArrowKind kind; guint from, to; double from_time, from_pos, to_time, to_pos; } Expected;
  Expected expected[8];

  ls_timeline_model_update (model);
  t1 = ls_timeline_model_lane_for_task (model, T1);
  t2 = ls_timeline_model_lane_for_task (model, T2);
  t3 = ls_timeline_model_lane_for_task (model, T3);
  arrows = ls_timeline_model_get_arrows (model);
  /* asyncio.run creating main; main creating two tasks; the timer waking
   * Task-2; Task-2's end waking main; the same at 2 s */
  expected[0] = (Expected) { LS_ARROW_CREATE, LS_TIMELINE_LOOP_LANE, t1, 0, 0, 0, 0 };
  expected[1] = (Expected) { LS_ARROW_CREATE, t1, t2, 0, 0.5, 0, 1 };
  expected[2] = (Expected) { LS_ARROW_CREATE, t1, t3, 0, 0.5, 0, 2 };
  expected[3] = (Expected) { LS_ARROW_WAKE, LS_TIMELINE_LOOP_LANE, t2, 1, 3, 1, 3 };
  expected[4] = (Expected) { LS_ARROW_WAKE, t2, t1, 1, 4, 1, 4 };
  expected[5] = (Expected) { LS_ARROW_WAKE, LS_TIMELINE_LOOP_LANE, t3, 2, 5, 2, 5 };
  expected[6] = (Expected) { LS_ARROW_WAKE, t3, t1, 2, 6, 2, 6 };
  /* and asyncio.run creating its shutdown task (a hidden lane: not drawn) */
  expected[7] = (Expected) { LS_ARROW_CREATE, LS_TIMELINE_LOOP_LANE, ls_timeline_model_lane_for_task (model, 17),
                             2, 7, 2, 7 };
  g_assert_cmpuint (arrows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < arrows->len; i++)
    {
      const LsTimelineArrow *a = &g_array_index (arrows, LsTimelineArrow, i);

      g_assert_cmpuint (a->kind, ==, expected[i].kind);
      g_assert_cmpuint (a->from_lane, ==, expected[i].from);
      g_assert_cmpuint (a->to_lane, ==, expected[i].to);
      g_assert_cmpfloat (a->from_time, ==, expected[i].from_time);
      g_assert_cmpfloat (a->from_pos, ==, expected[i].from_pos);
      g_assert_cmpfloat (a->to_time, ==, expected[i].to_time);
      g_assert_cmpfloat (a->to_pos, ==, expected[i].to_pos);
    }
}

/* Built record by record (as the live view will) or at once: the same. */
static void
test_model_incremental (void)
{
  g_autoptr(LsTrace) whole = concurrent_trace ();
  g_autoptr(LsTrace) growing = ls_trace_new ();
  g_autoptr(LsTimelineModel) at_once = ls_timeline_model_new (whole);
  g_autoptr(LsTimelineModel) step_by_step = ls_timeline_model_new (growing);

  ls_timeline_model_update (at_once);
  for (gsize i = 0; i < ls_trace_get_n_events (whole); i++)
    {
      LsTraceEvent event;

      g_assert_true (ls_trace_get_event (whole, i, &event));

      /* text and line of some kinds hold a deadline (ls-trace.h) */
      if (!ls_trace_kind_has_when (event.kind))
        event.text = ls_trace_intern (growing, ls_trace_get_string (whole, event.text));
      if (event.kind == LS_TRACE_TASK_CREATED || event.kind == LS_TRACE_TIMER_ARMED)
        event.arg = ls_trace_intern (growing, ls_trace_get_string (whole, event.arg));
      ls_trace_append (growing, &event);
      g_assert_true (ls_timeline_model_update (step_by_step));
      g_assert_false (ls_timeline_model_update (step_by_step));
    }
  g_assert_cmpuint (ls_timeline_model_get_n_lanes (step_by_step), ==, ls_timeline_model_get_n_lanes (at_once));
  for (guint l = 0; l < ls_timeline_model_get_n_lanes (at_once); l++)
    {
      const LsTimelineLane *a = ls_timeline_model_get_lane (at_once, l);
      const LsTimelineLane *b = ls_timeline_model_get_lane (step_by_step, l);

      g_assert_cmpuint (a->intervals->len, ==, b->intervals->len);
      g_assert_cmpuint (a->marks->len, ==, b->marks->len);
      for (guint i = 0; i < a->intervals->len; i++)
        {
          const LsTimelineInterval *x = &g_array_index (a->intervals, LsTimelineInterval, i);
          const LsTimelineInterval *y = &g_array_index (b->intervals, LsTimelineInterval, i);

          g_assert_cmpuint (x->state, ==, y->state);
          g_assert_cmpfloat (x->start_pos, ==, y->start_pos);
          g_assert_cmpfloat (x->end_pos, ==, y->end_pos);
          g_assert_cmpfloat (x->end_time, ==, y->end_time);
        }
    }
  g_assert_cmpuint (ls_timeline_model_get_arrows (at_once)->len, ==, ls_timeline_model_get_arrows (step_by_step)->len);
}

/* width 1000: plot_x = margin 16 + label column 170 = 186; plot width =
 * 1000 − 186 − 16 − end room 90 = 708; 7 slots over 2 s: c = min (30,
 * 0.4·708/7) = 30 px a slot, b = (708 − 7·30) / 2 = 249 px a second */
static void
test_layout_mapping (void)
{
  g_autoptr(LsTrace) trace = concurrent_trace ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = NULL;

  ls_timeline_model_update (model);
  layout = new_layout (model, 1000);
  g_assert_cmpfloat (ls_timeline_layout_get_plot_x (layout), ==, 186);
  g_assert_cmpfloat (ls_timeline_layout_get_plot_width (layout), ==, 708);
  g_assert_cmpfloat (ls_timeline_layout_get_pixels_per_slot (layout), ==, 30);
  g_assert_cmpfloat (ls_timeline_layout_get_pixels_per_second (layout), ==, 249);

  g_assert_cmpfloat (ls_timeline_layout_x (layout, 0, 0), ==, 186);
  g_assert_cmpfloat (ls_timeline_layout_x (layout, 0, 3), ==, 276);          /* after the 3 steps at 0 s */
  g_assert_cmpfloat (ls_timeline_layout_x (layout, 1, 3), ==, 525);          /* 1 s later */
  g_assert_cmpfloat (ls_timeline_layout_x_for_time (layout, 1), ==, 525);
  g_assert_cmpfloat (ls_timeline_layout_x_for_time (layout, 0.5), ==, 400.5);
  g_assert_cmpfloat (ls_timeline_layout_x_for_time (layout, 2), ==, 834);
  g_assert_cmpfloat (ls_timeline_layout_x (layout, 2, 7), ==, 894);          /* the plot's right edge */

  /* and back: inside an instant's slots the time is that instant */
  g_assert_cmpfloat (ls_timeline_layout_time_at_x (layout, 186), ==, 0);
  g_assert_cmpfloat (ls_timeline_layout_time_at_x (layout, 400.5), ==, 0.5);
  g_assert_cmpfloat (ls_timeline_layout_time_at_x (layout, 525), ==, 1);
  g_assert_cmpfloat (ls_timeline_layout_time_at_x (layout, 560), ==, 1);
  g_assert_cmpfloat (ls_timeline_layout_time_at_x (layout, 585 + 124.5), ==, 1.5);

  /* a narrower range: --from 1 --to 2 keeps 4 slots, 30 px each, and
   * (708 − 120) px for the second */
  ls_timeline_layout_set_range (layout, 1, 2);
  ls_timeline_layout_update (layout);
  g_assert_cmpfloat (ls_timeline_layout_get_first_slot (layout), ==, 3);
  g_assert_cmpfloat (ls_timeline_layout_get_last_slot (layout), ==, 7);
  g_assert_cmpfloat (ls_timeline_layout_get_pixels_per_second (layout), ==, 588);
  g_assert_cmpfloat (ls_timeline_layout_x_for_time (layout, 1), ==, 186);
  g_assert_cmpfloat (ls_timeline_layout_x_for_time (layout, 2), ==, 834);
  g_assert_cmpfloat (ls_timeline_layout_x (layout, 2, 7), ==, 894);
}

static void
test_layout_ticks (void)
{
  g_autoptr(LsTrace) trace = concurrent_trace ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = NULL;
  const GArray *ticks;
  static const char *const labels[] = { "0 s", "0.5 s", "1 s", "1.5 s", "2 s" };
  static const double xs[] = { 186, 400.5, 525, 709.5, 834 };
  char buf[24];

  ls_timeline_model_update (model);
  layout = new_layout (model, 1000);
  /* 70 px at least between ticks: 70 / 249 s = 0.28 s -> a 0.5 s step */
  ticks = ls_timeline_layout_get_ticks (layout);
  g_assert_cmpuint (ticks->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < ticks->len; i++)
    {
      g_assert_cmpstr (g_array_index (ticks, LsTimelineTick, i).label, ==, labels[i]);
      g_assert_cmpfloat (g_array_index (ticks, LsTimelineTick, i).x, ==, xs[i]);
    }
  /* wider: b = (1508 − 210) / 2 = 649 px a second; 70 / 649 = 0.108 s,
   * so the next 1-2-5 step, 0.2 s */
  ls_timeline_layout_set_width (layout, 1800);
  ls_timeline_layout_update (layout);
  ticks = ls_timeline_layout_get_ticks (layout);
  g_assert_cmpstr (g_array_index (ticks, LsTimelineTick, 1).label, ==, "0.2 s");

  ls_timeline_format_tick (0, 0.5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0 s");
  ls_timeline_format_tick (2.5, 0.5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2.5 s");
  ls_timeline_format_tick (10, 5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10 s");
  ls_timeline_format_tick (0.25, 0.05, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0.25 s");
  ls_timeline_format_tick (0.002, 0.001, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2 ms");
}

/* rows from y = 16 + axis 28 = 44; each 10 + 20 + 16 + 8 = 54 high */
static void
test_layout_rows_and_hits (void)
{
  g_autoptr(LsTrace) trace = concurrent_trace ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = NULL;
  guint t1, t2, t3;
  LsTimelineHit hit;
  const LsTimelineLane *lane;

  ls_timeline_model_update (model);
  layout = new_layout (model, 1000);
  t1 = ls_timeline_model_lane_for_task (model, T1);
  t2 = ls_timeline_model_lane_for_task (model, T2);
  t3 = ls_timeline_model_lane_for_task (model, T3);

  /* the loop, then the tasks in creation order under their parent; the
   * shutdown task is not shown */
  g_assert_cmpuint (ls_timeline_layout_get_n_rows (layout), ==, 4);
  g_assert_cmpuint (ls_timeline_layout_row_for_lane (layout, LS_TIMELINE_LOOP_LANE), ==, 0);
  g_assert_cmpuint (ls_timeline_layout_row_for_lane (layout, t1), ==, 1);
  g_assert_cmpuint (ls_timeline_layout_row_for_lane (layout, t2), ==, 2);
  g_assert_cmpuint (ls_timeline_layout_row_for_lane (layout, t3), ==, 3);
  g_assert_cmpuint (ls_timeline_layout_row_for_lane (layout, ls_timeline_model_lane_for_task (model, 17)), ==, G_MAXUINT);
  for (guint r = 0; r < 4; r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);

      g_assert_cmpfloat (row->y, ==, 44 + 54 * r);
      g_assert_cmpfloat (row->height, ==, 54);
      g_assert_cmpfloat (row->bar_y, ==, 54 + 54 * r);
    }
  g_assert_cmpfloat (ls_timeline_layout_lane_mid_y (layout, t2), ==, 54 + 108 + 10);

  /* Task-1's waiting on Task-2: from x(0, 1) = 216 to x(1, 4) = 555 */
  hit = ls_timeline_layout_hit_test (layout, 300, 98 + 15);
  g_assert_cmpuint (hit.kind, ==, LS_HIT_INTERVAL);
  g_assert_cmpuint (hit.lane, ==, t1);
  g_assert_cmpuint (hit.row, ==, 1);
  lane = ls_timeline_model_get_lane (model, t1);
  g_assert_cmpuint (g_array_index (lane->intervals, LsTimelineInterval, hit.index).state, ==, LS_STATE_WAITING);
  g_assert_cmpstr (ls_timeline_model_get_string (model, g_array_index (lane->intervals, LsTimelineInterval, hit.index).label),
                   ==, "Task-2");
  g_assert_cmpfloat (hit.time, ==, (300 - 276) / 249.0);

  /* the print inside main's first step, at x(0, 0.5) = 201, within 4 px */
  hit = ls_timeline_layout_hit_test (layout, 203, 98 + 15);
  g_assert_cmpuint (hit.kind, ==, LS_HIT_MARK);
  g_assert_cmpuint (hit.lane, ==, t1);
  g_assert_cmpuint (hit.index, ==, 0);

  /* the loop's step of Task-3 at 0 s: slot 2, x 246 .. 276 */
  hit = ls_timeline_layout_hit_test (layout, 250, 44 + 20);
  g_assert_cmpuint (hit.kind, ==, LS_HIT_INTERVAL);
  g_assert_cmpuint (hit.lane, ==, LS_TIMELINE_LOOP_LANE);
  lane = ls_timeline_model_get_lane (model, LS_TIMELINE_LOOP_LANE);
  g_assert_cmpuint (g_array_index (lane->intervals, LsTimelineInterval, hit.index).object, ==, t3);

  hit = ls_timeline_layout_hit_test (layout, 100, 152 + 20);
  g_assert_cmpuint (hit.kind, ==, LS_HIT_LANE_LABEL);
  g_assert_cmpuint (hit.lane, ==, t2);

  hit = ls_timeline_layout_hit_test (layout, 300, 20);
  g_assert_cmpuint (hit.kind, ==, LS_HIT_NONE);
  hit = ls_timeline_layout_hit_test (layout, 300, 44 + 4 * 54 + 1);
  g_assert_cmpuint (hit.kind, ==, LS_HIT_NONE);

  /* showing asyncio's own task adds its row at the end */
  ls_timeline_layout_set_show_internal (layout, TRUE);
  ls_timeline_layout_update (layout);
  g_assert_cmpuint (ls_timeline_layout_get_n_rows (layout), ==, 5);
}

/* Children right below their parent, depth first, in creation order. */
static void
test_layout_tree_order (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = NULL;
  /* main creates a and b; a creates a1; b creates b1; main creates c */
  static const struct { guint32 id, parent; const char *name; } tasks[] = {
    { 1, 0, "main" }, { 2, 1, "a" }, { 3, 1, "b" }, { 4, 2, "a1" }, { 5, 3, "b1" }, { 6, 1, "c" },
  };
  static const char *const order[] = { "main", "a", "a1", "b", "b1", "c" };

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    add_task (trace, 0, tasks[i].id, tasks[i].parent, tasks[i].name, "coro", 1);
  ls_timeline_model_update (model);
  layout = new_layout (model, 800);
  g_assert_cmpuint (ls_timeline_layout_get_n_rows (layout), ==, 7);
  for (guint r = 1; r < 7; r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);
      guint32 lane = ls_timeline_layout_get_row_lanes (layout)[row->first];

      g_assert_cmpstr (ls_timeline_model_get_string (model, ls_timeline_model_get_lane (model, lane)->name), ==, order[r - 1]);
    }
}

/* A thousand short tasks one after another share one row once packed. */
static void
test_layout_packing (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = NULL;
  LsTimelineMetrics metrics;

  add_task (trace, 0, 1, 0, "Task-1", "main", 1);
  for (guint i = 0; i < 1000; i++)
    {
      guint32 id = 100 + i;
      g_autofree char *name = g_strdup_printf ("Task-%u", i + 2);

      add (trace, i, LS_TRACE_STEP_START, 1, 0, 0, NULL, 0);
      add_task (trace, i, id, 1, name, "work", 2);
      add (trace, i, LS_TRACE_STEP_END, 1, 0, LS_TRACE_OUTCOME_AWAIT, "sleep(1)", 2);
      add (trace, i, LS_TRACE_STEP_START, id, 0, 0, NULL, 0);
      add (trace, i, LS_TRACE_STEP_END, id, 0, LS_TRACE_OUTCOME_AWAIT, "sleep(0.5)", 2);
      add (trace, i + 0.5, LS_TRACE_STEP_START, id, 0, 0, NULL, 0);
      add (trace, i + 0.5, LS_TRACE_STEP_END, id, 0, LS_TRACE_OUTCOME_RETURN, NULL, 2);
    }
  ls_timeline_model_update (model);
  layout = ls_timeline_layout_new (model);
  ls_timeline_metrics_init_default (&metrics);
  g_assert_cmpuint (metrics.pack_threshold, <, 1001);
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_layout_update (layout);
  /* the loop, main, and one row that all the workers take in turn */
  g_assert_cmpuint (ls_timeline_layout_get_n_rows (layout), ==, 3);
  g_assert_cmpuint (ls_timeline_layout_get_row (layout, 2)->n_lanes, ==, 1000);

  metrics.pack_threshold = 5000;
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_layout_update (layout);
  g_assert_cmpuint (ls_timeline_layout_get_n_rows (layout), ==, 1002);
  /* a height limit makes the rows thin rather than the diagram tall */
  metrics.max_height = 800;
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_layout_update (layout);
  g_assert_cmpfloat (ls_timeline_layout_get_height (layout), <=, 800 + 12 + 3 * metrics.legend_line + metrics.margin);
  g_assert_true (ls_timeline_layout_get_row (layout, 500)->compact);
}

/* The painter's level of detail jumps over a pixel column's intervals
 * from where it is (next_*_at) rather than from 0 (first_*_at): both
 * must give the same index, and the inlined mapping the same x, exactly,
 * or exports would move. */
static void
test_layout_search_from (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_fanout (20000, 7);
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  LsTimelineXMap map;
  guint checked = 0;

  ls_timeline_model_update (model);
  ls_timeline_layout_set_width (layout, 1500);
  ls_timeline_layout_set_range (layout, 0.05, 0.12);
  ls_timeline_layout_update (layout);
  ls_timeline_layout_get_xmap (layout, &map);
  for (guint l = 0; l < ls_timeline_model_get_n_lanes (model); l += 7)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (model, l);

      for (guint i = 0; i < lane->intervals->len; i++)
        {
          const LsTimelineInterval *iv = &g_array_index (lane->intervals, LsTimelineInterval, i);
          double x1, x2, m1, m2;

          ls_timeline_layout_interval_x (layout, iv, &x1, &x2);
          ls_timeline_xmap_interval_x (&map, iv, &m1, &m2);
          g_assert_true (x1 == m1 && x2 == m2);
          g_assert_true (ls_timeline_xmap_x (&map, iv->start_time, iv->start_pos) ==
                         ls_timeline_layout_x (layout, iv->start_time, iv->start_pos));
        }
      for (double x = 150; x < 1500; x += 37.25)
        for (guint from = 0; from <= lane->intervals->len + 1; from += 3)
          {
            g_assert_cmpuint (ls_timeline_layout_next_interval_at (layout, l, from, x), ==,
                              MAX (from, ls_timeline_layout_first_interval_at (layout, l, x)));
            g_assert_cmpuint (ls_timeline_layout_next_mark_at (layout, l, MIN (from, lane->marks->len), x), ==,
                              MAX (MIN (from, lane->marks->len), ls_timeline_layout_first_mark_at (layout, l, x)));
            checked++;
          }
    }
  g_assert_cmpuint (checked, >, 1000);
}

/* Row spans: where each lane's bars begin and end, which the painter
 * reads instead of the lanes to pass over those out of view; and the
 * rows' lanes, kept from one update to the next until the model grows. */
static void
test_layout_spans_and_growth (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_fanout (30000, 3);
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  const LsTimelineSpan *spans;
  const guint32 *lanes;
  guint n_rows, ended = 0;

  ls_timeline_model_update (model);
  ls_timeline_layout_update (layout);
  n_rows = ls_timeline_layout_get_n_rows (layout);
  spans = ls_timeline_layout_get_row_spans (layout);
  lanes = ls_timeline_layout_get_row_lanes (layout);
  for (guint r = 0; r < n_rows; r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);

      for (guint k = 0; k < row->n_lanes; k++)
        {
          const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lanes[row->first + k]);
          const LsTimelineSpan *span = &spans[row->first + k];
          const LsTimelineInterval *last = &g_array_index (lane->intervals, LsTimelineInterval, lane->intervals->len - 1);

          g_assert_cmpfloat (span->start_time, ==, lane->start_time);
          g_assert_cmpfloat (span->start_pos, ==, lane->start_pos);
          if (last->state == LS_STATE_DONE || last->state == LS_STATE_CANCELLED)
            {
              /* an ended task: its bars stop where its final state begins */
              g_assert_cmpfloat (span->end_time, ==, last->start_time);
              g_assert_cmpfloat (span->end_pos, >=, last->start_pos);
              ended++;
            }
          if (k > 0)
            {
              /* packed: each lane of a row after the one before ended */
              g_assert_cmpfloat (spans[row->first + k - 1].end_time, <=, span->start_time);
            }
        }
    }
  g_assert_cmpuint (ended, >, 100);

  /* the same model: the same rows; a grown one: rows for its new lanes */
  ls_timeline_layout_set_range (layout, 0.01, 0.02);
  ls_timeline_layout_update (layout);
  g_assert_cmpuint (ls_timeline_layout_get_n_rows (layout), ==, n_rows);
  {
    LsTraceEvent created = { 99, LS_TRACE_TASK_CREATED, 1, 999999, 0, ls_trace_intern (trace, "worker"),
                             ls_trace_intern (trace, "Task-late"), 0 };

    ls_trace_append (trace, &created);
  }
  ls_timeline_model_update (model);
  ls_timeline_layout_update (layout);
  g_assert_cmpuint (ls_timeline_layout_row_for_lane (layout, ls_timeline_model_get_n_lanes (model) - 1), !=, G_MAXUINT);
}

static guint8
style_at (const guint8 *styles, int first, guint n, double x)
{
  int c = (int) floor (x) - first;

  g_assert_cmpint (c, >=, 0);
  g_assert_cmpint (c, <, (int) n);
  return styles[c];
}

/* Squeezed rows as pixel columns: each column shows the state of the
 * interval over it, an end glyph where the task ended, nothing after;
 * rows with a handful of intervals are never "busy". */
static void
test_raster_columns (void)
{
  g_autoptr(LsTrace) trace = concurrent_trace ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  g_autoptr(LsTimelineRaster) raster = ls_timeline_raster_new ();
  LsTimelineMetrics metrics;
  const LsTimelineLane *lane;
  const LsTimelineRow *row;
  const guint8 *styles;
  guint lane_index, n;
  int first;
  double x1, x2;

  ls_timeline_model_update (model);
  ls_timeline_metrics_init_default (&metrics);
  metrics.max_height = 120;
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_layout_set_measure_func (layout, no_width, NULL);
  ls_timeline_layout_set_width (layout, 1000);
  ls_timeline_layout_update (layout);
  lane_index = ls_timeline_model_lane_for_task (model, T2);
  row = ls_timeline_layout_get_row (layout, ls_timeline_layout_row_for_lane (layout, lane_index));
  g_assert_true (row->compact);
  styles = ls_timeline_raster_row (raster, layout, row, &first, &n);
  g_assert_cmpint (first, ==, 184);                     /* the plot from 186, a column or two before */
  g_assert_cmpuint (n, ==, 894 + 3 - 184);
  lane = ls_timeline_model_get_lane (model, lane_index);
  for (guint i = 0; i < lane->intervals->len; i++)
    {
      const LsTimelineInterval *iv = &g_array_index (lane->intervals, LsTimelineInterval, i);
      static const guint8 expected[LS_N_STATES] = {
        [LS_STATE_SCHEDULED] = LS_RASTER_SCHEDULED, [LS_STATE_RUNNING] = LS_RASTER_RUNNING,
        [LS_STATE_WAITING] = LS_RASTER_WAITING, [LS_STATE_DONE] = LS_RASTER_DONE,
      };

      ls_timeline_layout_interval_x (layout, iv, &x1, &x2);
      if (iv->state == LS_STATE_DONE)
        {
          /* the glyph's column, then nothing */
          g_assert_cmpuint (style_at (styles, first, n, x1), ==, LS_RASTER_DONE);
          g_assert_cmpuint (style_at (styles, first, n, x1 + 20), ==, LS_RASTER_NONE);
        }
      else if (x2 - x1 >= 3)
        g_assert_cmpuint (style_at (styles, first, n, (x1 + x2) / 2), ==, expected[iv->state]);
    }
  /* the first step, 30 px wide at slot 1, and the sleep after it */
  g_assert_cmpuint (style_at (styles, first, n, 230), ==, LS_RASTER_RUNNING);
  g_assert_cmpuint (style_at (styles, first, n, 400), ==, LS_RASTER_WAITING);
  g_assert_false (ls_timeline_raster_row_is_busy (layout, ls_timeline_layout_get_row (layout, 0)));

  /* a fan-out server at full height: its packed rows are busy */
  {
    g_autoptr(LsTrace) big = ls_synth_trace_fanout (60000, 5);
    g_autoptr(LsTimelineModel) big_model = ls_timeline_model_new (big);
    g_autoptr(LsTimelineLayout) big_layout = ls_timeline_layout_new (big_model);

    ls_timeline_model_update (big_model);
    ls_timeline_layout_update (big_layout);
    g_assert_true (ls_timeline_raster_row_is_busy (big_layout, ls_timeline_layout_get_row (big_layout, 0)));
  }
}

/* Every compact or busy row of the layout as the raster draws it with
 * its pool and summaries, and as the model's intervals read one by one
 * say it should be: the same columns, exactly. */
static guint
assert_raster_rows_match (LsTimelineRaster *summarized, LsTimelineLayout *layout)
{
  g_autoptr(LsTimelineRaster) reference = ls_timeline_raster_new ();
  guint compared = 0;

  ls_timeline_raster_set_use_summaries (reference, FALSE);
  for (guint r = 0; r < ls_timeline_layout_get_n_rows (layout); r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);
      g_autofree guint8 *expected = NULL;
      const guint8 *styles;
      int first, expected_first;
      guint n, expected_n;

      if (!row->compact && !ls_timeline_raster_row_is_busy (layout, row))
        continue;
      styles = ls_timeline_raster_row (reference, layout, row, &expected_first, &expected_n);
      expected = g_memdup2 (styles, expected_n);
      styles = ls_timeline_raster_row (summarized, layout, row, &first, &n);
      g_assert_cmpint (first, ==, expected_first);
      g_assert_cmpuint (n, ==, expected_n);
      for (guint c = 0; c < n; c++)
        if (styles[c] != expected[c])
          g_error ("row %u, column %d: style %u, expected %u", r, first + (int) c, styles[c], expected[c]);
      compared++;
    }
  return compared;
}

static void
set_raster_view (LsTimelineLayout *layout, double width, double max_height, double from, double to)
{
  LsTimelineMetrics metrics;

  ls_timeline_metrics_init_default (&metrics);
  metrics.max_height = max_height;
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_layout_set_measure_func (layout, no_width, NULL);
  ls_timeline_layout_set_width (layout, width);
  ls_timeline_layout_set_range (layout, from, to);
  ls_timeline_layout_update (layout);
}

/* The summaries change how many intervals a frame reads, never what it
 * shows: squeezed and at full height, the whole run and zoomed in, and
 * at widths where blocks of every size fall inside one column. */
static void
test_raster_summaries (void)
{
  g_autoptr(LsTrace) trace = ls_synth_trace_fanout (60000, 3);
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  g_autoptr(LsTimelineRaster) raster = ls_timeline_raster_new ();
  static const double widths[] = { 1920, 700, 90 };
  static const double shares[][2] = { { NAN, NAN }, { 0.3, 0.31 }, { 0.5, 0.6 }, { 0.999, 1 }, { 0, 0.0001 } };
  double end;

  ls_timeline_model_update (model);
  end = ls_timeline_model_get_end_time (model);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint v = 0; v < G_N_ELEMENTS (shares); v++)
      for (guint squeezed = 0; squeezed < 2; squeezed++)
        {
          guint compared;

          set_raster_view (layout, widths[w], squeezed ? 600 : 0, shares[v][0] * end, shares[v][1] * end);
          compared = assert_raster_rows_match (raster, layout);
          /* the whole run squeezed: every row is compact */
          if (squeezed && isnan (shares[v][0]))
            g_assert_cmpuint (compared, ==, ls_timeline_layout_get_n_rows (layout));
        }
}

/* A run drawn while it grows (the live view): the pool follows the model
 * record by record, lanes outgrowing their slots move, and every frame
 * shows what a fresh reading of the model would. */
static void
test_raster_summaries_grow (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  g_autoptr(LsTimelineRaster) raster = ls_timeline_raster_new ();
  guint32 sleep = ls_trace_intern (trace, "sleep(0.001)");
  const guint n_tasks = 40, n_steps = 1200;

  for (guint t = 0; t < n_tasks; t++)
    {
      g_autofree char *name = g_strdup_printf ("Task-%u", t + 1);

      add_task (trace, 0, 10 + t, 0, name, "worker", 0);
    }
  for (guint s = 0; s < n_steps; s++)
    {
      for (guint t = 0; t < n_tasks; t++)
        {
          /* the tasks finish one after the other, some of them early */
          if (s == n_steps - 1 - (t % 7) * 150)
            {
              add (trace, s * 0.001, LS_TRACE_STEP_START, 10 + t, 0, 0, NULL, 0);
              add (trace, s * 0.001, LS_TRACE_STEP_END, 10 + t, 0, LS_TRACE_OUTCOME_RETURN, NULL, 0);
            }
          else if (s < n_steps - 1 - (t % 7) * 150)
            {
              LsTraceEvent event = { s * 0.001, LS_TRACE_STEP_END, 1, 10 + t, 0, LS_TRACE_OUTCOME_AWAIT, sleep, 0 };

              add (trace, s * 0.001, LS_TRACE_STEP_START, 10 + t, 0, 0, NULL, 0);
              if (s % 97 == t)
                add_print (trace, s * 0.001, 10 + t, "tick");
              ls_trace_append (trace, &event);
            }
        }
      if (s % 149 == 0 || s == n_steps - 1)
        {
          ls_timeline_model_update (model);
          ls_timeline_model_set_live_time (model, s * 0.001 + 0.0005);
          set_raster_view (layout, 800, 400, NAN, NAN);
          g_assert_cmpuint (assert_raster_rows_match (raster, layout), >, 0);
          set_raster_view (layout, 800, 0, NAN, NAN);
          assert_raster_rows_match (raster, layout);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/model/lanes", test_model_lanes);
  g_test_add_func ("/timeline/model/arrows", test_model_arrows);
  g_test_add_func ("/timeline/model/incremental", test_model_incremental);
  g_test_add_func ("/timeline/layout/mapping", test_layout_mapping);
  g_test_add_func ("/timeline/layout/ticks", test_layout_ticks);
  g_test_add_func ("/timeline/layout/rows-and-hits", test_layout_rows_and_hits);
  g_test_add_func ("/timeline/layout/tree-order", test_layout_tree_order);
  g_test_add_func ("/timeline/layout/packing", test_layout_packing);
  g_test_add_func ("/timeline/layout/search-from", test_layout_search_from);
  g_test_add_func ("/timeline/layout/spans-and-growth", test_layout_spans_and_growth);
  g_test_add_func ("/timeline/raster/columns", test_raster_columns);
  g_test_add_func ("/timeline/raster/summaries", test_raster_summaries);
  g_test_add_func ("/timeline/raster/summaries-grow", test_raster_summaries_grow);
  return g_test_run ();
}
