/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-sleep.c — the hot path of asyncio.sleep in C (see
 * ls-asyncio-sleep.h).
 *
 * CPython 3.11's tasks.sleep, for a delay above 0, is
 *
 *     loop = events.get_running_loop()
 *     future = loop.create_future()
 *     h = loop.call_later(delay, futures._set_result_unless_cancelled,
 *                         future, result)
 *     try:
 *         return await future
 *     finally:
 *         h.cancel()
 *
 * Our library keeps the coroutine (its frame is the one tracebacks show,
 * and the await and the finally clause are the interpreter's), but the
 * lines before the `try` are one call of _sleep_schedule, which does them
 * here in the same order, with the same calls into the loop and the same
 * trace records (FUTURE_CREATED, then TIMER_ARMED), and labels the future
 * for the timeline between the two as the library did.  The timer's
 * callback, futures._set_result_unless_cancelled, is C too: it ran as a
 * Python frame once per sleep.  Each used to cost a few Python frames and
 * dozens of bytecodes per sleep.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-asyncio-sleep.h"

#include "ls-asyncio-future.h"
#include "ls-asyncio-loop.h"
#include "ls-auxlib.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-looplib.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm-private.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* Labels kept for at most this many float delays, as the library did:
 * formatting a float is slow, and programs use a few delays many times. */
#define MAX_CACHED_LABELS 1024

/* --- arguments ------------------------------------------------------------ */

/* The arguments of `def fname(names[0], names[1])` into values[], with a
 * Python function's messages: these were `def`s. */
static inline gboolean
two_args (LsVM              *vm,
          const char        *fname,
          const LsValue     *args,
          guint              n_args,
          LsTuple           *kwnames,
          const char *const  names[2],
          LsValue            values[2])
{
  guint n_kw, n_missing = 0;

  /* the loop and the library always pass both, by position */
  if (G_LIKELY (n_args == 2 && kwnames == NULL))
    {
      values[0] = args[0];
      values[1] = args[1];
      return TRUE;
    }
  n_kw = ls_aux_n_kwargs (kwnames);
  if (n_args > 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes 2 positional arguments but %u were given", fname, n_args);
  for (guint i = 0; i < 2; i++)
    values[i] = i < n_args ? args[i] : LS_UNBOUND;
  for (guint k = 0; k < n_kw; k++)
    {
      LsStr *key = ls_value_str (kwnames->items[k]);
      guint i = strcmp (key->data, names[0]) == 0 ? 0 : strcmp (key->data, names[1]) == 0 ? 1 : 2;

      if (i == 2)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got an unexpected keyword argument '%s'", fname, key->data);
      if (!ls_is_unbound (values[i]))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got multiple values for argument '%s'", fname, key->data);
      values[i] = args[n_args + k];
    }
  n_missing = ls_is_unbound (values[0]) + ls_is_unbound (values[1]);
  if (n_missing == 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() missing 2 required positional arguments: '%s' and '%s'",
                     fname, names[0], names[1]);
  if (n_missing == 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() missing 1 required positional argument: '%s'",
                     fname, names[ls_is_unbound (values[0]) ? 0 : 1]);
  return TRUE;
}

/* --- futures._set_result_unless_cancelled ------------------------------------ */

/* CPython's futures._set_result_unless_cancelled(fut, result):
 *
 *     if fut.cancelled():
 *         return
 *     fut.set_result(result)
 *
 * straight on an initialised C Future, by method calls on anything else. */
NATIVE (set_result_unless_cancelled)
{
  static const char *const names[2] = { "fut", "result" };
  LsValue values[2], cancelled, ignored;
  gboolean truth;

  /* as two_args's first case, without the call: every timer comes here */
  if (G_LIKELY (n_args == 2 && kwnames == NULL))
    {
      values[0] = args[0];
      values[1] = args[1];
    }
  else if (!two_args (vm, "_set_result_unless_cancelled", args, n_args, kwnames, names, values))
    return FALSE;
  *result = LS_NONE;
  if (ls_future_is_exact (vm, values[0]) && !ls_is_unbound (((LsFuture *) values[0].o)->loop))
    {
      if (((LsFuture *) values[0].o)->state == LS_FUTURE_CANCELLED)
        return TRUE;
      return ls_future_finish_result (vm, values[0], values[1]);
    }
  if (!ls_aux_call_method (vm, values[0], "cancelled", NULL, 0, NULL, &cancelled) || !ls_truthy (vm, cancelled, &truth))
    return FALSE;
  if (truth)
    return TRUE;
  return ls_aux_call_method (vm, values[0], "set_result", &values[1], 1, NULL, &ignored);
}

/* --- the label ------------------------------------------------------------- */

/* f'sleep({delay!r})', what the timeline shows a sleeping task wait on;
 * kept per float delay in `cache`. */
static gboolean
sleep_label (LsVM *vm, LsDict *cache, LsValue delay, LsValue *out)
{
  LsStr *text;
  gboolean found = FALSE;

  if (ls_is_float (delay))
    {
      guint64 bits;
      guint slot;

      memcpy (&bits, &delay.f, sizeof bits);
      /* the exponent folded in too: delays a power of two apart (0.01,
       * 0.02, 0.04; 0.1, 0.2, 0.4, 0.8) differ only there, and fell on
       * one slot, so that every sleep of tree and fanout missed */
      slot = (guint) ((bits ^ (bits >> 29) ^ (bits >> 52)) % G_N_ELEMENTS (vm->sleep_label_memo));
      if (cache == vm->sleep_labels && vm->sleep_label_memo[slot].label != NULL &&
          vm->sleep_label_memo[slot].bits == bits)
        {
          *out = ls_obj (vm->sleep_label_memo[slot].label);
          return TRUE;
        }
      if (!ls_dict_get (vm, cache, delay, out, &found))
        return FALSE;
      if (found && cache == vm->sleep_labels && ls_value_str (*out) != NULL)
        {
          vm->sleep_label_memo[slot].bits = bits;
          vm->sleep_label_memo[slot].label = ls_value_str (*out);
        }
      if (found)
        return TRUE;
    }
  if (!ls_repr (vm, delay, &text))
    return FALSE;
  {
    g_autofree char *label = g_strdup_printf ("sleep(%s)", text->data);

    *out = ls_obj (ls_str_new_cstr (vm, label));
  }
  if (ls_is_float (delay) && cache->len < MAX_CACHED_LABELS)
    return ls_dict_set (vm, cache, delay, *out);
  return TRUE;
}

/* _sleep_label(delay): the library's name for it, kept for scenarios and
 * tests that call it */
NATIVE (sleep_label_function)
{
  if (!ls_check_args (vm, "_sleep_label", n_args, kwnames, 1, 1))
    return FALSE;
  return sleep_label (vm, vm->sleep_labels, args[0], result);
}

/* --- sleep's schedule --------------------------------------------------------- */

/* futures._set_result_unless_cancelled, read from the module at each
 * sleep as the library's `futures._set_result_unless_cancelled` was. */
static gboolean
timer_callback (LsVM *vm, LsValue *out)
{
  return ls_vm_module_attr_inline (vm, vm->names[LS_NAME_asyncio_futures],
                                   vm->names[LS_NAME__set_result_unless_cancelled], &vm->sleep_callback_cache, out);
}

/* future._ls_label = label, straight into the field of a C Future */
static gboolean
label_future (LsVM *vm, LsValue future, LsValue label)
{
  if (ls_future_is_exact (vm, future))
    {
      ((LsFuture *) future.o)->label = label;
      return TRUE;
    }
  return ls_setattr (vm, future, vm->names[LS_NAME__ls_label], label);
}

gboolean
ls_sleep_schedule (LsVM    *vm,
                   LsValue  delay,
                   LsValue  result,
                   LsValue *future,
                   LsValue *handle)
{
  LsValue loop, label, callback, pair[2];
  gboolean ok;

  if (!ls_loop_get_running (vm, &loop))
    return FALSE;
  /* the loop stays rooted by the running-loop table, unless a scenario's
   * create_future or repr changes that table */
  ls_vm_push_root (vm, loop);
  ok = ls_loop_create_future (vm, loop, future) &&
       sleep_label (vm, vm->sleep_labels, delay, &label) &&
       label_future (vm, *future, label) &&
       timer_callback (vm, &callback);
  if (ok)
    {
      pair[0] = *future;
      pair[1] = result;
      ok = ls_loop_call_later (vm, loop, delay, callback, pair, 2, handle);
    }
  ls_vm_pop_roots (vm, 1);
  return ok;
}

/* _sleep_schedule(delay, result) -> (future, timer handle): the lines of
 * tasks.sleep before its `try`, for a delay above 0. */
NATIVE (sleep_schedule)
{
  static const char *const names[2] = { "delay", "result" };
  LsValue values[2], pair[2];

  if (!two_args (vm, "_sleep_schedule", args, n_args, kwnames, names, values) ||
      !ls_sleep_schedule (vm, values[0], values[1], &pair[0], &pair[1]))
    return FALSE;
  *result = ls_obj (ls_tuple_new_from (vm, pair, 2));
  return TRUE;
}

void
ls_asyncio_sleep_add_functions (LsVM     *vm,
                                LsModule *module)
{
  LsDict *labels = ls_dict_new (vm);

  /* the module keeps the cache alive */
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_sleep_labels"), ls_obj (labels));
  vm->sleep_labels = labels;
  ls_module_add_function (vm, module, "_set_result_unless_cancelled", set_result_unless_cancelled);
  ls_module_add_function (vm, module, "_sleep_label", sleep_label_function);
  ls_module_add_function (vm, module, "_sleep_schedule", sleep_schedule);
}
