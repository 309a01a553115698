/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-timeline-loop.c — the loop at an instant, rebuilt from the trace:
 * the ready queue, the timer heap, who started each worker thread, and
 * the live time that open bars reach.  Real runs of the bundled examples
 * (the engine records the trace exactly as the app gets it) and traces
 * written record by record for what the examples do not show (cancelled
 * handles, ties of deadlines).
 */
#include "config.h"

#include <math.h>

#include "ls-timeline-model.h"
#include "ls-trace.h"
#include "ls-vm.h"

static void
no_output (const char *text, gsize len, gpointer user_data)
{
}

/* The example's trace, as the engine records it; the VM stays alive with
 * it (it owns the trace). */
static LsVM *
run_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", name, NULL);
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  LsVM *vm;

  g_assert_true (g_file_get_contents (path, &source, &length, &error));
  vm = ls_vm_new ();
  ls_vm_set_output (vm, no_output, NULL);
  g_assert_true (ls_vm_run_main (vm, name, source, length, &error));
  g_assert_no_error (error);
  g_assert_true (ls_vm_finish_threads (vm));
  return vm;
}

static const char *
str (LsTimelineModel *model, guint32 index)
{
  return ls_timeline_model_get_string (model, index);
}

static const char *
task_name (LsTimelineModel *model, guint32 task)
{
  guint lane = ls_timeline_model_lane_for_task (model, task);

  g_assert_cmpuint (lane, !=, LS_TIMELINE_NO_LANE);
  return str (model, ls_timeline_model_get_lane (model, lane)->name);
}

/* 03: two tasks sleep 1 s and 2 s. */
static void
test_concurrent_example (void)
{
  LsVM *vm = run_example ("03-create-task-concurrent.py");
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (vm->trace);
  g_autoptr(GArray) ready = NULL;
  g_autoptr(GArray) timers = NULL;
  const LsLoopHandle *entry;
  LsTraceEvent record;
  gsize n;

  ls_timeline_model_update (model);

  /* As the run begins, asyncio.run's main task waits for its first step. */
  n = ls_timeline_model_records_before_run (model, 0);
  ready = ls_timeline_model_dup_ready_queue (model, n);
  g_assert_cmpuint (ready->len, ==, 1);
  entry = &g_array_index (ready, LsLoopHandle, 0);
  g_assert_cmpstr (str (model, entry->name), ==, "Task.task_step");
  g_assert_cmpstr (task_name (model, entry->task), ==, "Task-1");
  g_clear_pointer (&ready, g_array_unref);

  /* After 0 s: the loop has run everything; two sleeps pending, in order. */
  n = ls_timeline_model_records_until (model, 0);
  ready = ls_timeline_model_dup_ready_queue (model, n);
  g_assert_cmpuint (ready->len, ==, 0);
  g_clear_pointer (&ready, g_array_unref);
  timers = ls_timeline_model_dup_timers (model, n);
  g_assert_cmpuint (timers->len, ==, 2);
  entry = &g_array_index (timers, LsLoopHandle, 0);
  g_assert_cmpfloat (entry->when, ==, 1.0);
  g_assert_cmpstr (str (model, entry->what), ==, "sleep(1)");
  g_assert_cmpstr (task_name (model, entry->task), ==, "Task-2");
  g_assert_cmpuint (entry->line, ==, 7);
  g_assert_cmpuint (entry->owner, ==, ls_timeline_model_lane_for_task (model, entry->task));
  entry = &g_array_index (timers, LsLoopHandle, 1);
  g_assert_cmpfloat (entry->when, ==, 2.0);
  g_assert_cmpstr (str (model, entry->what), ==, "sleep(2)");
  g_assert_cmpstr (task_name (model, entry->task), ==, "Task-3");
  g_clear_pointer (&timers, g_array_unref);

  /* As the clock reaches 1 s, the due timer is in the ready queue. */
  n = ls_timeline_model_records_before_run (model, 1.0);
  g_assert_cmpuint (n, <, ls_timeline_model_records_until (model, 1.0));
  g_assert_true (ls_trace_get_event (vm->trace, n, &record));
  g_assert_cmpint (record.kind, ==, LS_TRACE_CALLBACK_RUN);
  ready = ls_timeline_model_dup_ready_queue (model, n);
  g_assert_cmpuint (ready->len, ==, 1);
  entry = &g_array_index (ready, LsLoopHandle, 0);
  g_assert_cmpstr (str (model, entry->name), ==, "_set_result_unless_cancelled");
  g_assert_cmpstr (str (model, entry->what), ==, "sleep(1)");
  g_assert_cmpfloat (entry->when, ==, 1.0);
  g_clear_pointer (&ready, g_array_unref);
  timers = ls_timeline_model_dup_timers (model, n);
  g_assert_cmpuint (timers->len, ==, 1);
  g_assert_cmpfloat (g_array_index (timers, LsLoopHandle, 0).when, ==, 2.0);
  g_clear_pointer (&timers, g_array_unref);

  /* Between instants: what the end of the last one left. */
  timers = ls_timeline_model_dup_timers (model, ls_timeline_model_records_until (model, 1.5));
  g_assert_cmpuint (timers->len, ==, 1);
  g_clear_pointer (&timers, g_array_unref);

  /* Nothing pending once the run is over. */
  n = ls_trace_get_n_events (vm->trace);
  ready = ls_timeline_model_dup_ready_queue (model, n);
  timers = ls_timeline_model_dup_timers (model, n);
  g_assert_cmpuint (ready->len, ==, 0);
  g_assert_cmpuint (timers->len, ==, 0);

  g_clear_pointer (&model, ls_timeline_model_free);
  ls_vm_free (vm);
}

/* 09: asyncio.timeout(2) around a sleep of 3 s. */
static void
test_timeout_example (void)
{
  LsVM *vm = run_example ("09-timeout-exceeded.py");
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (vm->trace);
  g_autoptr(GArray) timers = NULL;
  const LsLoopHandle *deadline, *sleep;

  ls_timeline_model_update (model);
  timers = ls_timeline_model_dup_timers (model, ls_timeline_model_records_until (model, 0));
  g_assert_cmpuint (timers->len, ==, 2);
  deadline = &g_array_index (timers, LsLoopHandle, 0);
  sleep = &g_array_index (timers, LsLoopHandle, 1);
  g_assert_cmpfloat (deadline->when, ==, 2.0);
  g_assert_cmpstr (str (model, deadline->name), ==, "Timeout._on_timeout");
  g_assert_cmpstr (str (model, deadline->what), ==, "timeout");
  g_assert_cmpstr (task_name (model, deadline->task), ==, "Task-1");
  g_assert_cmpuint (deadline->line, ==, 9);
  g_assert_cmpfloat (sleep->when, ==, 3.0);
  g_assert_cmpstr (str (model, sleep->what), ==, "sleep(3)");
  g_clear_pointer (&timers, g_array_unref);

  /* At 2 s the deadline fired and the sleep's timer was cancelled. */
  timers = ls_timeline_model_dup_timers (model, ls_timeline_model_records_until (model, 2.0));
  g_assert_cmpuint (timers->len, ==, 0);

  g_clear_pointer (&model, ls_timeline_model_free);
  ls_vm_free (vm);
}

/* 10: to_thread(blocking_io) beside a sleep. */
static void
test_thread_example (void)
{
  LsVM *vm = run_example ("10-to-thread-blocking-io.py");
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (vm->trace);
  guint thread = LS_TIMELINE_NO_LANE, starter;
  const char *label = NULL;

  ls_timeline_model_update (model);
  for (guint i = 0; i < ls_timeline_model_get_n_lanes (model); i++)
    if (ls_timeline_model_get_lane (model, i)->kind == LS_LANE_THREAD)
      {
        thread = i;   /* the first: asyncio.run's shutdown starts another */
        break;
      }
  g_assert_cmpuint (thread, !=, LS_TIMELINE_NO_LANE);
  g_assert_cmpstr (str (model, ls_timeline_model_get_lane (model, thread)->name), ==, "asyncio_0");
  g_assert_cmpstr (str (model, ls_timeline_model_get_lane (model, thread)->detail), ==, "worker thread");
  starter = ls_timeline_model_get_thread_starter (model, thread);
  g_assert_cmpuint (starter, !=, LS_TIMELINE_NO_LANE);
  g_assert_cmpstr (str (model, ls_timeline_model_get_lane (model, starter)->name), ==, "Task-2");
  g_assert_cmpuint (ls_timeline_model_get_thread_starter (model, LS_TIMELINE_LOOP_LANE), ==, LS_TIMELINE_NO_LANE);

  g_assert_cmpint (ls_timeline_model_state_at (model, thread, 0.5, &label), ==, LS_STATE_BLOCKED);
  g_assert_cmpstr (label, ==, "time.sleep(1)");

  g_clear_pointer (&model, ls_timeline_model_free);
  ls_vm_free (vm);
}

static void
add (LsTrace *trace, double time, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, const char *text)
{
  LsTraceEvent event = { time, kind, 1, subject, object, arg, text != NULL ? ls_trace_intern (trace, text) : 0, 0 };

  ls_trace_append (trace, &event);
}

static void
add_timer (LsTrace *trace, double time, guint32 handle, double when, const char *name)
{
  LsTraceEvent event = { time, LS_TRACE_TIMER_ARMED, 1, handle, 0, ls_trace_intern (trace, name), 0, 0 };

  ls_trace_event_set_when (&event, when);
  ls_trace_append (trace, &event);
}

/* A cancelled handle leaves the queue without a record of its own: it is
 * gone once a handle queued after it runs. */
static void
test_skipped_handles (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(GArray) ready = NULL;

  add (trace, 0, LS_TRACE_CALLBACK_SCHEDULED, 11, 0, 0, "first");
  add (trace, 0, LS_TRACE_CALLBACK_SCHEDULED, 12, 0, 0, "second");
  add (trace, 0, LS_TRACE_CALLBACK_SCHEDULED, 13, 0, 0, "third");
  add (trace, 0, LS_TRACE_CALLBACK_RUN, 12, 0, 0, NULL);
  add (trace, 0, LS_TRACE_CALLBACK_DONE, 12, 0, 0, NULL);
  ls_timeline_model_update (model);

  ready = ls_timeline_model_dup_ready_queue (model, 3);
  g_assert_cmpuint (ready->len, ==, 3);
  g_assert_cmpstr (str (model, g_array_index (ready, LsLoopHandle, 0).name), ==, "first");
  g_assert_cmpstr (str (model, g_array_index (ready, LsLoopHandle, 2).name), ==, "third");
  g_clear_pointer (&ready, g_array_unref);

  ready = ls_timeline_model_dup_ready_queue (model, 4);
  g_assert_cmpuint (ready->len, ==, 1);
  g_assert_cmpuint (g_array_index (ready, LsLoopHandle, 0).handle, ==, 13);
  g_assert_cmpuint (ls_timeline_model_records_before_run (model, 0), ==, 3);
}

/* The heap's order: deadline, then the order of arming; a cancelled timer
 * is out of it. */
static void
test_timer_order (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  g_autoptr(GArray) timers = NULL;

  add_timer (trace, 0, 21, 2.0, "late");
  add_timer (trace, 0, 22, 1.0, "early-a");
  add_timer (trace, 0, 23, 1.0, "early-b");
  add_timer (trace, 0, 24, 0.5, "dropped");
  add (trace, 0, LS_TRACE_TIMER_CANCELLED, 24, 0, 0, NULL);
  add (trace, 1, LS_TRACE_CALLBACK_SCHEDULED, 22, 0, 0, "early-a");
  ls_timeline_model_update (model);

  timers = ls_timeline_model_dup_timers (model, 4);
  g_assert_cmpuint (timers->len, ==, 4);
  g_assert_cmpuint (g_array_index (timers, LsLoopHandle, 0).handle, ==, 24);
  g_clear_pointer (&timers, g_array_unref);

  timers = ls_timeline_model_dup_timers (model, 5);
  g_assert_cmpuint (timers->len, ==, 3);
  g_assert_cmpstr (str (model, g_array_index (timers, LsLoopHandle, 0).name), ==, "early-a");
  g_assert_cmpstr (str (model, g_array_index (timers, LsLoopHandle, 1).name), ==, "early-b");
  g_assert_cmpstr (str (model, g_array_index (timers, LsLoopHandle, 2).name), ==, "late");
  g_clear_pointer (&timers, g_array_unref);

  /* Due: moved to the ready queue, out of the heap. */
  timers = ls_timeline_model_dup_timers (model, 6);
  g_assert_cmpuint (timers->len, ==, 2);
  g_assert_cmpstr (str (model, g_array_index (timers, LsLoopHandle, 0).name), ==, "early-b");
}

/* While a run plays, open bars and the axis reach the shown instant. */
static void
test_live_time (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);
  LsTimelineInterval copy;
  const LsTimelineInterval *open;

  add (trace, 0, LS_TRACE_THREAD_BLOCKED, 1, 0, LS_TRACE_BLOCK_LOOP_IDLE, NULL);
  ls_timeline_model_update (model);
  g_assert_cmpfloat (ls_timeline_model_get_end_time (model), ==, 0);

  ls_timeline_model_set_live_time (model, 1.25);
  g_assert_cmpfloat (ls_timeline_model_get_end_time (model), ==, 1.25);
  open = ls_timeline_model_interval_at (model, LS_TIMELINE_LOOP_LANE, 1.0, 0, &copy);
  g_assert_nonnull (open);
  g_assert_cmpint (open->state, ==, LS_STATE_IDLE);
  g_assert_cmpfloat (open->end_time, ==, 1.25);

  /* Never before the last record. */
  ls_timeline_model_set_live_time (model, -1);
  g_assert_cmpfloat (ls_timeline_model_get_end_time (model), ==, 0);
  ls_timeline_model_set_live_time (model, NAN);
  g_assert_cmpfloat (ls_timeline_model_get_end_time (model), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline-loop/concurrent-example", test_concurrent_example);
  g_test_add_func ("/timeline-loop/timeout-example", test_timeout_example);
  g_test_add_func ("/timeline-loop/thread-example", test_thread_example);
  g_test_add_func ("/timeline-loop/skipped-handles", test_skipped_handles);
  g_test_add_func ("/timeline-loop/timer-order", test_timer_order);
  g_test_add_func ("/timeline-loop/live-time", test_live_time);

  return g_test_run ();
}
