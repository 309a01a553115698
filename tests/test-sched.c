/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-sched.c — scenario threads (engine/ls-sched.h) as the app drives
 * them: the VM made on one OS thread, run on a worker, stopped from the
 * first and freed there, with scenario threads still blocked in it.  Their
 * fibers were suspended on the worker and unwind on the thread that frees
 * the VM.  What scenario threads print is tested by tests/conformance/
 * through `loopscope run`.
 */
#include "config.h"

#include <string.h>

#include "ls-limits.h"
#include "ls-vm.h"

typedef struct
{
  LsVM       *vm;
  const char *source;
  GString    *output;
  gboolean    ok;
} Run;

static void
collect_output (const char *text, gsize len, gpointer user_data)
{
  g_string_append_len (((Run *) user_data)->output, text, (gssize) len);
}

static gpointer
run_worker (gpointer data)
{
  Run *run = data;
  g_autoptr (GError) error = NULL;

  run->ok = ls_vm_run_main (run->vm, "scenario.py", run->source, strlen (run->source), &error);
  return NULL;
}

/* Runs `source` on a worker OS thread, as LsRun does; the VM is made and
 * freed by the caller. */
static void
run_on_worker (Run *run, const char *source, gboolean stop)
{
  GThread *worker;

  run->vm = ls_vm_new ();
  run->source = source;
  run->output = g_string_new (NULL);
  ls_vm_set_output (run->vm, collect_output, run);
  if (stop)
    {
      LsLimits limits = { 0 };

      /* nothing but the request ends it */
      ls_vm_set_limits (run->vm, &limits);
    }
  worker = g_thread_new ("worker", run_worker, run);
  if (stop)
    {
      g_usleep (50 * 1000);
      ls_vm_request_stop (run->vm);
    }
  g_thread_join (worker);
}

/* Daemon threads blocked (in a sleep, a lock, the executor's queue) when
 * the program ends: freeing the VM unwinds them here, on another OS thread
 * than the one they ran on. */
static void
test_sched_free_elsewhere (void)
{
  const char *source =
    "import asyncio, threading, time\n"
    "lock = threading.Lock()\n"
    "lock.acquire()\n"
    "def sleeper():\n"
    "    try:\n"
    "        time.sleep(100)\n"
    "    finally:\n"
    "        print('sleeper unwound')\n"
    "def waiter():\n"
    "    with lock:\n"
    "        pass\n"
    "threading.Thread(target=sleeper, daemon=True).start()\n"
    "threading.Thread(target=waiter, daemon=True).start()\n"
    "async def main():\n"
    "    print(await asyncio.to_thread(sum, [1, 2, 3]))\n"
    "asyncio.run(main())\n"
    "print('main done')\n";
  Run run = { 0 };

  run_on_worker (&run, source, FALSE);
  g_assert_true (run.ok);
  g_assert_cmpstr (run.output->str, ==, "6\nmain done\n");
  g_clear_pointer (&run.vm, ls_vm_free);
  /* they unwound here, as a stopped run's threads do: the sleeper's
   * finally did not run, as a daemon thread's does not in CPython, whose
   * process ends under it */
  g_assert_cmpstr (run.output->str, ==, "6\nmain done\n");
  g_string_free (run.output, TRUE);
}

/* Two threads handing the token to each other without end, stopped from
 * this OS thread, then freed here. */
static void
test_sched_stop_elsewhere (void)
{
  const char *source =
    "import threading\n"
    "a = threading.Semaphore(0)\n"
    "b = threading.Semaphore(0)\n"
    "def ping():\n"
    "    while True:\n"
    "        a.release()\n"
    "        b.acquire()\n"
    "def pong():\n"
    "    while True:\n"
    "        a.acquire()\n"
    "        b.release()\n"
    "threading.Thread(target=ping).start()\n"
    "threading.Thread(target=pong).start()\n"
    "threading.Event().wait()\n";
  Run run = { 0 };

  run_on_worker (&run, source, TRUE);
  g_assert_false (run.ok);
  g_assert_cmpint (ls_vm_get_stop_kind (run.vm), ==, LS_LIMIT_STOPPED);
  g_clear_pointer (&run.vm, ls_vm_free);
  g_string_free (run.output, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sched/free-elsewhere", test_sched_free_elsewhere);
  g_test_add_func ("/sched/stop-elsewhere", test_sched_stop_elsewhere);

  return g_test_run ();
}
