/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-limits.c — the limits of a run (ls-limits.h) as the app uses them:
 * a handler that raises a bound lets the run go on exactly where it
 * stopped (the "Continue" of the app), a stop request from another thread
 * ends an endless run, and the options parse as the command line takes
 * them.  The command line's side (exit status 4, the messages) is tested by
 * tests/limits/ through `loopscope run`.
 */
#include "config.h"

#include <string.h>

#include "ls-limits.h"
#include "ls-trace.h"
#include "ls-vm.h"

typedef struct
{
  GString *output;
  guint    calls;        /* handler calls */
  guint    continues;    /* how many of them raise the bound */
  LsLimitKind kinds[8];
} Run;

static void
collect_output (const char *text, gsize len, gpointer user_data)
{
  g_string_append_len (((Run *) user_data)->output, text, (gssize) len);
}

/* Doubles the bound that was reached, `continues` times. */
static gboolean
raise_bound (LsVM *vm, LsLimitKind kind, LsLimits *limits, gpointer user_data)
{
  Run *run = user_data;

  if (run->calls < G_N_ELEMENTS (run->kinds))
    run->kinds[run->calls] = kind;
  run->calls++;
  if (run->calls > run->continues)
    return FALSE;
  switch (kind)
    {
    case LS_LIMIT_TIME:
      limits->max_time *= 2;
      break;
    case LS_LIMIT_EVENTS:
      limits->max_events *= 2;
      break;
    case LS_LIMIT_INSTRUCTIONS:
      limits->max_instructions *= 2;
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* Runs `source` with `limits`; returns the VM for inspection. */
static LsVM *
run_source (const char *source, const LsLimits *limits, Run *run)
{
  g_autoptr (GError) error = NULL;
  LsVM *vm = ls_vm_new ();

  run->output = g_string_new (NULL);
  ls_vm_set_limits (vm, limits);
  ls_vm_set_output (vm, collect_output, run);
  if (run->continues > 0 || run->calls == G_MAXUINT)
    ls_vm_set_limit_handler (vm, raise_bound, run);
  run->calls = 0;
  g_assert_false (ls_vm_run_main (vm, "scenario.py", source, strlen (source), &error));
  g_assert_no_error (error);
  return vm;
}

static const char *const clock_source =
  "import asyncio\n"
  "\n"
  "async def main():\n"
  "    n = 0\n"
  "    while True:\n"
  "        await asyncio.sleep(1)\n"
  "        n += 1\n"
  "        print(n)\n"
  "\n"
  "asyncio.run(main())\n";

/* Stopped at 5 s, raised to 10, then to 20, then stopped: the same output
 * and the same trace as a run whose limit was 20 s from the start. */
static void
test_time_continue (void)
{
  Run resumed = { 0 }, direct = { 0 };
  LsLimits limits;
  g_autoptr (LsVM) vm = NULL;
  g_autoptr (LsVM) reference = NULL;

  ls_limits_init (&limits);
  limits.max_time = 5;
  resumed.continues = 2;
  vm = run_source (clock_source, &limits, &resumed);
  g_assert_cmpuint (resumed.calls, ==, 3);
  g_assert_cmpint (resumed.kinds[0], ==, LS_LIMIT_TIME);
  g_assert_cmpint (ls_vm_get_stop_kind (vm), ==, LS_LIMIT_TIME);
  g_assert_cmpuint (ls_vm_get_stop_line (vm), ==, 6);
  g_assert_cmpfloat (ls_vm_get_limits (vm)->max_time, ==, 20);
  g_assert_nonnull (strstr (ls_vm_get_stop_message (vm), "--max-time"));

  limits.max_time = 20;
  reference = run_source (clock_source, &limits, &direct);
  g_assert_cmpstr (resumed.output->str, ==, direct.output->str);
  g_assert_true (g_str_has_suffix (resumed.output->str, "\n19\n20\n"));
  g_assert_cmpuint (ls_trace_get_n_events (vm->trace), ==, ls_trace_get_n_events (reference->trace));
  g_string_free (resumed.output, TRUE);
  g_string_free (direct.output, TRUE);
}

static void
test_events_continue (void)
{
  const char *source =
    "import asyncio\n"
    "\n"
    "async def main():\n"
    "    n = 0\n"
    "    while True:\n"
    "        await asyncio.sleep(0)\n"
    "        n += 1\n"
    "        if n % 100 == 0:\n"
    "            print(n)\n"
    "\n"
    "asyncio.run(main())\n";
  Run stopped = { 0 }, resumed = { 0 };
  LsLimits limits;
  g_autoptr (LsVM) first = NULL;
  g_autoptr (LsVM) second = NULL;

  ls_limits_init (&limits);
  limits.max_events = 2000;
  stopped.calls = G_MAXUINT;          /* a handler that says no at once */
  first = run_source (source, &limits, &stopped);
  g_assert_cmpuint (stopped.calls, ==, 1);
  g_assert_cmpint (ls_vm_get_stop_kind (first), ==, LS_LIMIT_EVENTS);
  g_assert_cmpuint (ls_vm_get_stop_line (first), ==, 6);

  resumed.continues = 1;
  second = run_source (source, &limits, &resumed);
  g_assert_cmpuint (resumed.calls, ==, 2);
  g_assert_cmpint (ls_vm_get_stop_kind (second), ==, LS_LIMIT_EVENTS);
  /* it went on from where the first one stopped */
  g_assert_true (g_str_has_prefix (resumed.output->str, stopped.output->str));
  g_assert_cmpuint (resumed.output->len, >, stopped.output->len);
  g_assert_cmpuint (ls_trace_get_n_events (second->trace), >=, 4000);
  g_string_free (stopped.output, TRUE);
  g_string_free (resumed.output, TRUE);
}

static void
test_instructions_continue (void)
{
  const char *source =
    "n = 0\n"
    "while True:\n"
    "    n += 1\n"
    "    if n % 1000 == 0:\n"
    "        print(n)\n";
  Run run = { 0 };
  LsLimits limits;
  g_autoptr (LsVM) vm = NULL;
  guint lines_at_first_stop;

  ls_limits_init (&limits);
  limits.max_instructions = 50000;
  run.calls = G_MAXUINT;
  vm = run_source (source, &limits, &run);
  g_assert_cmpint (ls_vm_get_stop_kind (vm), ==, LS_LIMIT_INSTRUCTIONS);
  g_assert_cmpuint (ls_vm_get_stop_line (vm), >=, 2);
  lines_at_first_stop = run.output->len;
  g_string_free (run.output, TRUE);
  g_clear_pointer (&vm, ls_vm_free);

  run = (Run) { 0 };
  run.continues = 3;
  vm = run_source (source, &limits, &run);
  g_assert_cmpuint (run.calls, ==, 4);
  g_assert_cmpint (ls_vm_get_stop_kind (vm), ==, LS_LIMIT_INSTRUCTIONS);
  g_assert_cmpuint (ls_vm_get_limits (vm)->max_instructions, ==, 400000);
  /* 400000 instructions print about eight times as much as 50000 */
  g_assert_cmpuint (run.output->len, >, 6 * lines_at_first_stop);
  g_string_free (run.output, TRUE);
}

/* A stop cannot be caught: no except, no finally runs. */
static void
test_stop_uncatchable (void)
{
  const char *source =
    "try:\n"
    "    while True:\n"
    "        pass\n"
    "except BaseException:\n"
    "    print('caught')\n"
    "finally:\n"
    "    print('finally')\n";
  Run run = { 0 };
  LsLimits limits;
  g_autoptr (LsVM) vm = NULL;

  ls_limits_init (&limits);
  limits.max_instructions = 10000;
  vm = run_source (source, &limits, &run);
  g_assert_cmpint (ls_vm_get_stop_kind (vm), ==, LS_LIMIT_INSTRUCTIONS);
  g_assert_cmpuint (ls_vm_get_stop_line (vm), ==, 2);
  g_assert_cmpstr (run.output->str, ==, "");
  g_string_free (run.output, TRUE);
}

static gpointer
stop_later (gpointer data)
{
  g_usleep (50 * 1000);
  ls_vm_request_stop (data);
  return NULL;
}

/* No limit at all: only the embedder's request ends it (the app's Stop). */
static void
test_stop_request (void)
{
  const char *source =
    "import threading\n"
    "def spin():\n"
    "    while True:\n"
    "        pass\n"
    "threading.Thread(target=spin).start()\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LsVM) vm = ls_vm_new ();
  LsLimits limits = { 0 };
  GThread *stopper;
  gint64 start = g_get_monotonic_time ();

  ls_vm_set_limits (vm, &limits);
  stopper = g_thread_new ("stopper", stop_later, vm);
  g_assert_false (ls_vm_run_main (vm, "scenario.py", source, strlen (source), &error));
  g_assert_no_error (error);
  g_thread_join (stopper);
  g_assert_cmpint (ls_vm_get_stop_kind (vm), ==, LS_LIMIT_STOPPED);
  g_assert_cmpuint (ls_vm_get_stop_line (vm), ==, 3);
  /* well within a second of the request */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_parse_options (void)
{
  g_autoptr (GError) error = NULL;
  LsLimits limits;

  ls_limits_init (&limits);
  g_assert_cmpuint (limits.max_instructions, ==, 100000000);
  g_assert_cmpuint (limits.max_memory, ==, G_GUINT64_CONSTANT (2) << 30);

  g_assert_true (ls_limits_is_option ("--max-time"));
  g_assert_false (ls_limits_is_option ("--max"));
  g_assert_true (ls_limits_parse_option (&limits, "--max-instructions", "1e6", &error));
  g_assert_cmpuint (limits.max_instructions, ==, 1000000);
  g_assert_true (ls_limits_parse_option (&limits, "--max-time", "2.5", &error));
  g_assert_cmpfloat (limits.max_time, ==, 2.5);
  g_assert_true (ls_limits_parse_option (&limits, "--max-memory", "64M", &error));
  g_assert_cmpuint (limits.max_memory, ==, 64 << 20);
  g_assert_true (ls_limits_parse_option (&limits, "--max-source", "2k", &error));
  g_assert_cmpuint (limits.max_source, ==, 2048);
  g_assert_true (ls_limits_parse_option (&limits, "--max-events", "none", &error));
  g_assert_cmpuint (limits.max_events, ==, 0);
  g_assert_true (ls_limits_parse_option (&limits, "--max-events", "99999999999999999999999", &error));
  g_assert_cmpuint (limits.max_events, ==, G_MAXUINT64);

  g_assert_false (ls_limits_parse_option (&limits, "--max-time", "-1", &error));
  g_assert_error (error, LS_LIMIT_ERROR, LS_LIMIT_TIME);
  g_clear_error (&error);
  g_assert_false (ls_limits_parse_option (&limits, "--max-time", "inf", &error));
  g_clear_error (&error);
  g_assert_false (ls_limits_parse_option (&limits, "--max-events", "10M", &error));
  g_clear_error (&error);
  g_assert_false (ls_limits_parse_option (&limits, "--max-memory", "", &error));
  g_clear_error (&error);

  limits.max_source = 10;
  g_assert_true (ls_limits_check_source (&limits, "a.py", 10, &error));
  g_assert_false (ls_limits_check_source (&limits, "a.py", 11, &error));
  g_assert_error (error, LS_LIMIT_ERROR, LS_LIMIT_SOURCE);
  g_assert_nonnull (strstr (error->message, "--max-source"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limits/time-continue", test_time_continue);
  g_test_add_func ("/limits/events-continue", test_events_continue);
  g_test_add_func ("/limits/instructions-continue", test_instructions_continue);
  g_test_add_func ("/limits/stop-uncatchable", test_stop_uncatchable);
  g_test_add_func ("/limits/stop-request", test_stop_request);
  g_test_add_func ("/limits/parse-options", test_parse_options);
  return g_test_run ();
}
