/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-threadlib.c — the `_thread` module: starting threads, locks and
 * reentrant locks in virtual time.
 *
 * Locks are FIFO with direct hand-off: release() gives the lock to the
 * longest waiter and makes it runnable (at the back of the ready queue)
 * while the releaser keeps running — the rules the reference runner
 * applies to CPython's threading.  The `threading` module (engine/lib/)
 * builds Condition, Event, Semaphore and Thread on these.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-threadlib.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-sched.h"
#include "ls-vm.h"

typedef struct
{
  LsSchedThread *thread;
  gboolean       granted;
  gint64         count;      /* for RLock: the recursion count to restore */
} Waiter;

typedef struct
{
  LsExtension    header;
  gboolean       reentrant;
  LsSchedThread *owner;      /* RLock */
  gint64         count;      /* RLock recursion, or 1 when a Lock is held */
  GQueue         waiters;    /* of Waiter*, living on the waiting threads' stacks */
} LsLock;

static void
lock_finalize (LsVM *vm, LsObject *self)
{
  g_queue_clear (&((LsLock *) self)->waiters);
}

static const LsExtensionVTable lock_vtable = { "lock", NULL, lock_finalize };

gboolean
ls_raise_aborted (LsVM *vm)
{
  const char *reason = ls_sched_get_abort_reason (vm->sched);
  LsValue message;

  /* a limit stopped the run: every thread unwinds with its exception */
  if (vm->stop_kind != LS_LIMIT_NONE)
    {
      vm->raised = vm->stop_exception;
      return FALSE;
    }
  message = ls_obj (ls_str_new_cstr (vm, reason != NULL ? reason : "the run was stopped"));

  vm->raised = ls_obj (ls_exception_new (vm, vm->deadlock_class, ls_tuple_new_from (vm, &message, 1)));
  return FALSE;
}

double
ls_deadline_for (LsVM *vm, double timeout)
{
  return timeout < 0 ? -1.0 : vm->now + timeout;
}

/* Waits in the lock's queue; TRUE when the lock was handed to us. */
static gboolean
wait_for_lock (LsVM *vm, LsLock *lock, double timeout, gint64 count, gboolean *granted)
{
  Waiter waiter = { ls_sched_current (vm->sched), FALSE, count };

  g_queue_push_tail (&lock->waiters, &waiter);
  if (ls_sched_block (vm->sched, ls_deadline_for (vm, timeout), LS_WAKE_THREAD) == LS_BLOCK_ABORTED)
    {
      g_queue_remove (&lock->waiters, &waiter);
      return ls_raise_aborted (vm);
    }
  if (!waiter.granted)
    g_queue_remove (&lock->waiters, &waiter);
  *granted = waiter.granted;
  return TRUE;
}

/* Hands the lock to the first waiter still blocked; FALSE when none. */
static gboolean
hand_off (LsVM *vm, LsLock *lock)
{
  while (!g_queue_is_empty (&lock->waiters))
    {
      Waiter *waiter = g_queue_pop_head (&lock->waiters);

      if (ls_sched_make_ready (vm->sched, waiter->thread))
        {
          waiter->granted = TRUE;
          lock->owner = waiter->thread;
          lock->count = waiter->count;
          return TRUE;
        }
    }
  lock->owner = NULL;
  lock->count = 0;
  return FALSE;
}

static gboolean
parse_acquire_args (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames,
                    gboolean *blocking, double *timeout)
{
  guint n_kw = kwnames != NULL ? (guint) kwnames->len : 0;
  LsValue values[2] = { LS_TRUE, ls_float (-1) };

  if (n_args > 3)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "acquire() takes at most 2 arguments (%u given)", n_args - 1);
  for (guint i = 1; i < n_args; i++)
    values[i - 1] = args[i];
  for (guint i = 0; i < n_kw; i++)
    {
      const char *name = ((LsStr *) kwnames->items[i].o)->data;
      if (strcmp (name, "blocking") == 0)
        values[0] = args[n_args + i];
      else if (strcmp (name, "timeout") == 0)
        values[1] = args[n_args + i];
      else
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' is an invalid keyword argument for acquire()", name);
    }
  if (!ls_truthy (vm, values[0], blocking))
    return FALSE;
  if (!ls_is_intlike (values[1]) && !ls_is_float (values[1]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object cannot be interpreted as an integer", ls_type_name (vm, values[1]));
  *timeout = ls_is_float (values[1]) ? values[1].f : (double) ls_as_int (values[1]);
  if (!*blocking && *timeout != -1)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "can't specify a timeout for a non-blocking call");
  if (*timeout < 0 && *timeout != -1)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "timeout value must be a non-negative number");
  return TRUE;
}

static gboolean
lock_acquire (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;
  LsSchedThread *me = ls_sched_current (vm->sched);
  gboolean blocking, granted;
  double timeout;

  if (!parse_acquire_args (vm, args, n_args, kwnames, &blocking, &timeout))
    return FALSE;
  if (lock->reentrant && lock->owner == me && lock->count > 0)
    {
      lock->count++;
      *result = LS_TRUE;
      return TRUE;
    }
  if (lock->count == 0)
    {
      lock->owner = me;
      lock->count = 1;
      *result = LS_TRUE;
      return TRUE;
    }
  if (!blocking || timeout == 0)
    {
      *result = LS_FALSE;
      return TRUE;
    }
  if (!wait_for_lock (vm, lock, timeout, 1, &granted))
    return FALSE;
  *result = ls_bool (granted);
  return TRUE;
}

static gboolean
lock_release (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;

  *result = LS_NONE;
  if (lock->reentrant)
    {
      if (lock->owner != ls_sched_current (vm->sched) || lock->count == 0)
        return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "cannot release un-acquired lock");
      if (--lock->count == 0)
        hand_off (vm, lock);
      return TRUE;
    }
  if (lock->count == 0)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "release unlocked lock");
  hand_off (vm, lock);
  return TRUE;
}

static gboolean
lock_exit (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return lock_release (vm, args, 1, NULL, result);
}

static gboolean
lock_enter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return lock_acquire (vm, args, 1, NULL, result);
}

static gboolean
lock_locked (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = ls_bool (((LsLock *) args[0].o)->count > 0);
  return TRUE;
}

static gboolean
rlock_is_owned (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;

  *result = ls_bool (lock->owner == ls_sched_current (vm->sched) && lock->count > 0);
  return TRUE;
}

/* Condition.wait() releases the lock completely and takes it back later. */
static gboolean
rlock_release_save (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;
  LsValue state[2];

  if (lock->count == 0)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "cannot release un-acquired lock");
  state[0] = ls_int (lock->count);
  state[1] = ls_int (lock->owner != NULL ? ls_sched_thread_ident (lock->owner) : 0);
  hand_off (vm, lock);
  *result = ls_obj (ls_tuple_new_from (vm, state, 2));
  return TRUE;
}

static gboolean
rlock_acquire_restore (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;
  LsTuple *state = n_args == 2 ? ls_value_tuple (args[1]) : NULL;
  gint64 count;
  gboolean granted = FALSE;

  if (state == NULL || state->len != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_acquire_restore() expects the state _release_save() returned");
  count = ls_as_int (state->items[0]);
  *result = LS_NONE;
  if (lock->count == 0)
    {
      lock->owner = ls_sched_thread_ident (ls_sched_current (vm->sched)) == ls_as_int (state->items[1])
                    ? ls_sched_current (vm->sched) : ls_sched_lookup (vm->sched, ls_as_int (state->items[1]));
      lock->count = count;
      return TRUE;
    }
  while (!granted)
    if (!wait_for_lock (vm, lock, -1, count, &granted))
      return FALSE;
  return TRUE;
}

static gboolean
rlock_recursion_count (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;

  *result = ls_int (lock->owner == ls_sched_current (vm->sched) ? lock->count : 0);
  return TRUE;
}

static gboolean
lock_repr (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsLock *lock = (LsLock *) args[0].o;
  g_autofree char *text = NULL;

  if (lock->reentrant)
    text = g_strdup_printf ("<%s _thread.RLock object owner=%" G_GINT64_FORMAT " count=%" G_GINT64_FORMAT ">",
                            lock->count > 0 ? "locked" : "unlocked",
                            lock->owner != NULL ? ls_sched_thread_ident (lock->owner) : 0, lock->count);
  else
    text = g_strdup_printf ("<%s _thread.lock object>", lock->count > 0 ? "locked" : "unlocked");
  *result = ls_obj (ls_str_new_cstr (vm, text));
  return TRUE;
}

static LsLock *
lock_new (LsVM *vm, LsClass *cls, gboolean reentrant)
{
  LsLock *lock = ls_object_alloc (vm, LS_KIND_EXTENSION, cls, sizeof (LsLock));

  lock->header.vtable = &lock_vtable;
  lock->reentrant = reentrant;
  g_queue_init (&lock->waiters);
  return lock;
}

static gboolean
lock_type_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsClass *cls = (LsClass *) args[0].o;
  gboolean reentrant = ls_is_kind (ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, "_is_owned")), LS_KIND_NATIVE);

  *result = ls_obj (lock_new (vm, cls, reentrant));
  return TRUE;
}

/* --- module functions ---------------------------------------------------------- */

static LsClass *
module_class (LsVM *vm, const char *name)
{
  LsModule *module = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_thread")));

  return ls_value_class (ls_dict_get_str (module->dict, ls_str_intern_cstr (vm, name)));
}

static gboolean
thread_allocate_lock (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = ls_obj (lock_new (vm, module_class (vm, "LockType"), FALSE));
  return TRUE;
}

static gboolean
thread_start_new_thread (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSchedThread *thread;

  if (!ls_check_args (vm, "start_new_thread", n_args, kwnames, 2, 3))
    return FALSE;
  if (ls_value_tuple (args[1]) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "2nd arg must be a tuple");
  if (n_args == 3 && ls_value_dict (args[2]) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "optional 3rd arg must be a dictionary");
  thread = ls_sched_spawn (vm->sched, args[0], args[1], n_args == 3 ? args[2] : LS_NONE);
  if (thread == NULL)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "can't start new thread");
  *result = ls_int (ls_sched_thread_ident (thread));
  return TRUE;
}

static gboolean
thread_get_ident (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = ls_int (ls_sched_thread_ident (ls_sched_current (vm->sched)));
  return TRUE;
}

static gboolean
thread_count (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = ls_int ((gint64) ls_sched_count_alive (vm->sched) - 1);
  return TRUE;
}

static LsClass *
lock_class_new (LsVM *vm, LsModule *module, const char *name, gboolean reentrant)
{
  LsClass *cls = ls_class_new (vm, name, vm->types[LS_TYPE_OBJECT], "_thread");

  cls->is_builtin = TRUE;
  cls->instance_kind = LS_KIND_EXTENSION;
  ls_class_add_method (vm, cls, "__new__", lock_type_new);
  ls_class_add_method (vm, cls, "acquire", lock_acquire);
  ls_class_add_method (vm, cls, "release", lock_release);
  ls_class_add_method (vm, cls, "__enter__", lock_enter);
  ls_class_add_method (vm, cls, "__exit__", lock_exit);
  ls_class_add_method (vm, cls, "locked", lock_locked);
  ls_class_add_method (vm, cls, "__repr__", lock_repr);
  ls_class_add_method (vm, cls, "acquire_lock", lock_acquire);
  ls_class_add_method (vm, cls, "release_lock", lock_release);
  if (reentrant)
    {
      ls_class_add_method (vm, cls, "_is_owned", rlock_is_owned);
      ls_class_add_method (vm, cls, "_release_save", rlock_release_save);
      ls_class_add_method (vm, cls, "_acquire_restore", rlock_acquire_restore);
      ls_class_add_method (vm, cls, "_recursion_count", rlock_recursion_count);
    }
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, name), ls_obj (cls));
  return cls;
}

LsModule *
ls_module_thread_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "_thread");
  LsClass *lock_cls;

  /* registered before the classes look themselves up through it */
  ls_dict_set_str (vm, vm->modules, module->name, ls_obj (module));
  lock_cls = lock_class_new (vm, module, "LockType", FALSE);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "lock"), ls_obj (lock_cls));
  lock_class_new (vm, module, "RLock", TRUE);
  ls_module_add_function (vm, module, "allocate_lock", thread_allocate_lock);
  ls_module_add_function (vm, module, "allocate", thread_allocate_lock);
  ls_module_add_function (vm, module, "start_new_thread", thread_start_new_thread);
  ls_module_add_function (vm, module, "get_ident", thread_get_ident);
  ls_module_add_function (vm, module, "get_native_id", thread_get_ident);
  ls_module_add_function (vm, module, "_count", thread_count);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "TIMEOUT_MAX"), ls_float (4294967.0));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "error"), ls_obj (vm->exceptions[LS_EXC_RUNTIME_ERROR]));
  return module;
}
