/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-run.c — libFuzzer target: bytes → a whole simulated run, as
 * `loopscope run` does it (parse, compile, run the module, join the
 * threads, free the VM), with small limits so that no input can hang or
 * exhaust the fuzzer: any crash, sanitizer report, leak or timeout here is
 * a bug in the engine.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ls-exception.h"
#include "ls-limits.h"
#include "ls-ops.h"
#include "ls-trace.h"
#include "ls-vm.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
discard_output (const char *text,
                gsize       len,
                gpointer    user_data)
{
  gsize *total = user_data;

  *total += len;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LsVM) vm = NULL;
  g_autofree char *source = NULL;
  LsLimits limits;
  gsize printed = 0;

  ls_limits_init (&limits);
  limits.max_instructions = 200000;
  limits.max_time = 1000;
  limits.max_events = 20000;
  limits.max_memory = 64 << 20;
  limits.max_source = 64 << 10;
  if (!ls_limits_check_source (&limits, "<fuzz>", size, &error))
    return 0;

  /* the command line's source comes NUL-terminated from g_file_get_contents */
  source = g_malloc (size + 1);
  memcpy (source, data, size);
  source[size] = '\0';

  vm = ls_vm_new ();
  ls_vm_set_limits (vm, &limits);
  ls_vm_set_output (vm, discard_output, &printed);
  if (ls_vm_run_main (vm, "fuzz.py", source, size, &error))
    {
      if (!ls_vm_finish_threads (vm))
        g_assert_true (ls_is_exception (vm->raised));
    }
  else if (error == NULL)
    {
      /* what the command line prints for an uncaught exception */
      g_autofree char *traceback = ls_vm_format_traceback (vm, vm->raised, source);

      g_assert_true (ls_is_exception (vm->raised));
      g_assert_nonnull (traceback);
    }
  /* a stopped run says why */
  if (ls_vm_get_stop_kind (vm) != LS_LIMIT_NONE)
    g_assert_nonnull (ls_vm_get_stop_message (vm));
  g_free (ls_trace_to_chrome_json (vm->trace));
  return 0;
}
