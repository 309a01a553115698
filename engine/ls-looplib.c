/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-looplib.c — `_loopscope`, what the asyncio and threading libraries
 * (engine/lib/) need from the simulator: the event loop's wait for I/O
 * (which in virtual time is "let the other threads run and the clock
 * jump"), waking an idle loop, per-thread running loops, the bare
 * scheduler operations Condition is built on, and the deadlock report.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>

#include "ls-looplib.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-sched.h"
#include "ls-threadlib.h"
#include "ls-concurrent-future.h"
#include "ls-threading-semaphore.h"
#include "ls-simple-queue.h"
#include "ls-asyncio-executor.h"
#include "ls-vm.h"

static gboolean
number_arg (LsVM *vm, LsValue v, const char *what, double *out)
{
  if (ls_is_float (v))
    *out = v.f;
  else if (ls_is_intlike (v))
    *out = (double) ls_as_int (v);
  else
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s must be a number, not %s", what, ls_type_name (vm, v));
  return TRUE;
}

/* The selector's select() in virtual time.  A zero timeout polls;
 * otherwise the loop thread blocks, as an idle loop, until woken or until
 * the earlier of its next timer (`deadline`, < 0: none) and now + timeout
 * (has_timeout FALSE: no cap) — as the reference runner's selector does. */
gboolean
ls_loop_wait (LsVM     *vm,
              gboolean  has_timeout,
              double    timeout,
              double    deadline)
{
  LsSchedThread *me = ls_sched_current (vm->sched);
  LsBlockResult status;

  if (has_timeout && timeout <= 0)
    return TRUE;
  if (has_timeout)
    {
      double cap = vm->now + timeout;

      deadline = deadline < 0 ? cap : MIN (deadline, cap);
    }
  ls_sched_set_loop_idle (vm->sched, me, TRUE);
  status = ls_sched_block (vm->sched, deadline, LS_WAKE_LOOP);
  ls_sched_set_loop_idle (vm->sched, me, FALSE);
  if (status == LS_BLOCK_ABORTED)
    return ls_raise_aborted (vm);
  return TRUE;
}

/* loop_wait(timeout, deadline=None): ls_loop_wait for the library. */
static gboolean
loop_wait (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  double deadline = -1, timeout = -1;

  if (!ls_check_args (vm, "loop_wait", n_args, kwnames, 1, 2))
    return FALSE;
  *result = LS_NONE;
  if (!ls_is_none (args[0]) && !number_arg (vm, args[0], "timeout", &timeout))
    return FALSE;
  if (!ls_is_none (args[0]) && timeout <= 0)
    return TRUE;
  if (n_args == 2 && !ls_is_none (args[1]) && !number_arg (vm, args[1], "deadline", &deadline))
    return FALSE;
  return ls_loop_wait (vm, !ls_is_none (args[0]), timeout, deadline);
}

/* wake_loop(ident=main): call_soon_threadsafe's self-pipe write. */
static gboolean
wake_loop (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSchedThread *thread = ls_sched_main (vm->sched);

  if (!ls_check_args (vm, "wake_loop", n_args, kwnames, 0, 1))
    return FALSE;
  if (n_args == 1 && ls_is_intlike (args[0]))
    thread = ls_sched_lookup (vm->sched, ls_as_int (args[0]));
  if (thread != NULL && ls_sched_is_loop_idle (vm->sched, thread))
    ls_sched_make_ready (vm->sched, thread);
  *result = LS_NONE;
  return TRUE;
}

static gboolean
loop_time (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = ls_float (vm->now);
  return TRUE;
}

/* types.coroutine: a generator function whose generators can be awaited. */
static gboolean
make_coroutine (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  if (!ls_check_args (vm, "coroutine", n_args, kwnames, 1, 1))
    return FALSE;
  if (ls_is_kind (args[0], LS_KIND_FUNCTION))
    args[0].o->flags |= LS_FUNCTION_ITERABLE_COROUTINE;
  *result = args[0];
  return TRUE;
}

static gboolean
is_coroutine (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsGenerator *generator;

  if (!ls_check_args (vm, "iscoroutine", n_args, kwnames, 1, 1))
    return FALSE;
  generator = ls_value_generator (args[0]);
  *result = ls_bool (generator != NULL && (generator->is_coroutine || generator->is_awaitable));
  return TRUE;
}

static gboolean
is_coroutine_function (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue f;

  if (!ls_check_args (vm, "iscoroutinefunction", n_args, kwnames, 1, 1))
    return FALSE;
  f = args[0];
  if (ls_is_kind (f, LS_KIND_BOUND_METHOD))
    f = ((LsBoundMethod *) f.o)->func;
  *result = ls_bool (ls_is_kind (f, LS_KIND_FUNCTION) &&
                     (((LsFunction *) f.o)->code->flags & LS_CODE_COROUTINE) != 0);
  return TRUE;
}

static gboolean
log_error (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsStr *text;

  if (!ls_check_args (vm, "log_error", n_args, kwnames, 1, 1) || !ls_str (vm, args[0], &text))
    return FALSE;
  g_printerr ("%s\n", text->data);
  *result = LS_NONE;
  return TRUE;
}

/* The running loop of each thread, by thread ident: the module's
 * `_running_loops`, which keeps it alive.  Every sleep asks. */
static LsDict *
running_loops (LsVM *vm)
{
  return vm->running_loops;
}

static gboolean
set_running_loop (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue ident = ls_int (ls_sched_thread_ident (ls_sched_current (vm->sched)));
  gboolean found;

  if (!ls_check_args (vm, "set_running_loop", n_args, kwnames, 1, 1))
    return FALSE;
  *result = LS_NONE;
  if (ls_is_none (args[0]))
    return ls_dict_delete (vm, running_loops (vm), ident, &found);
  return ls_dict_set (vm, running_loops (vm), ident, args[0]);
}

static gboolean
get_running_loop (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  gint64 ident = ls_sched_thread_ident (ls_sched_current (vm->sched));
  LsDict *loops = running_loops (vm);
  LsDictPosition position;
  LsValue found;

  *result = LS_NONE;
  if (loops == NULL)
    return TRUE;
  if (vm->running_loop_memo.dict != loops || vm->running_loop_memo.version != loops->keys_version ||
      vm->running_loop_memo.ident != ident)
    {
      if (!ls_dict_find (vm, loops, ls_int (ident), &position, &found))
        return FALSE;
      vm->running_loop_memo.dict = loops;
      vm->running_loop_memo.version = ls_dict_keys_version (loops);
      vm->running_loop_memo.ident = ident;
      vm->running_loop_memo.entry = position.entry;
    }
  if (vm->running_loop_memo.entry >= 0)
    *result = loops->entries[vm->running_loop_memo.entry].value;
  return TRUE;
}

gboolean
ls_loop_get_running (LsVM    *vm,
                     LsValue *out)
{
  if (!get_running_loop (vm, NULL, 0, NULL, out))
    return FALSE;
  if (ls_is_none (*out))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "no running event loop");
  return TRUE;
}

static gboolean
default_cpu_count (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  /* DESIGN.md: 8 simulated CPUs, so the default executor has 12 workers */
  *result = ls_int (8);
  return TRUE;
}

/* report_deadlock(text): ends the run with exit status 3 and `text`. */
static gboolean
report_deadlock (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue message = n_args > 0 ? args[0] : ls_obj (ls_str_new_cstr (vm, "deadlock"));

  vm->raised = ls_obj (ls_exception_new (vm, vm->deadlock_class, ls_tuple_new_from (vm, &message, 1)));
  return FALSE;
}

/* sched_block(timeout=None) -> timed out?  The bare wait Condition uses. */
static gboolean
sched_block (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  double timeout = -1;
  LsBlockResult status;

  if (!ls_check_args (vm, "sched_block", n_args, kwnames, 0, 1))
    return FALSE;
  if (n_args == 1 && !ls_is_none (args[0]) && !number_arg (vm, args[0], "timeout", &timeout))
    return FALSE;
  status = ls_sched_block (vm->sched, timeout < 0 ? -1 : vm->now + timeout, LS_WAKE_THREAD);
  if (status == LS_BLOCK_ABORTED)
    return ls_raise_aborted (vm);
  *result = ls_bool (status == LS_BLOCK_TIMED_OUT);
  return TRUE;
}

/* sched_make_ready(ident) -> bool: wakes a thread blocked in sched_block. */
static gboolean
sched_make_ready (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSchedThread *thread;

  if (!ls_check_args (vm, "sched_make_ready", n_args, kwnames, 1, 1) || !ls_is_intlike (args[0]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "sched_make_ready() takes a thread ident");
  thread = ls_sched_lookup (vm->sched, ls_as_int (args[0]));
  *result = ls_bool (thread != NULL && ls_sched_make_ready (vm->sched, thread));
  return TRUE;
}

LsModule *
ls_module_loopscope_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "_loopscope");

  ls_dict_set_str (vm, vm->modules, module->name, ls_obj (module));
  vm->running_loops = ls_dict_new (vm);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_running_loops"), ls_obj (vm->running_loops));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "Deadlock"), ls_obj (vm->deadlock_class));
  ls_module_add_function (vm, module, "loop_wait", loop_wait);
  ls_module_add_function (vm, module, "wake_loop", wake_loop);
  ls_module_add_function (vm, module, "time", loop_time);
  ls_module_add_function (vm, module, "coroutine", make_coroutine);
  ls_module_add_function (vm, module, "iscoroutine", is_coroutine);
  ls_module_add_function (vm, module, "log_error", log_error);
  ls_module_add_function (vm, module, "iscoroutinefunction", is_coroutine_function);
  ls_module_add_function (vm, module, "set_running_loop", set_running_loop);
  ls_module_add_function (vm, module, "get_running_loop", get_running_loop);
  ls_module_add_function (vm, module, "default_cpu_count", default_cpu_count);
  ls_module_add_function (vm, module, "report_deadlock", report_deadlock);
  ls_module_add_function (vm, module, "sched_block", sched_block);
  ls_module_add_function (vm, module, "sched_make_ready", sched_make_ready);
  ls_threadlib_add_loopscope_functions (vm, module);
  ls_concurrent_future_add_loopscope_functions (vm, module);
  ls_threading_semaphore_add_loopscope_functions (vm, module);
  ls_simple_queue_add_loopscope_functions (vm, module);
  ls_asyncio_executor_add_loopscope_functions (vm, module);
  return module;
}
