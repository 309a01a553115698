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
#include "ls-gc.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-names.h"
#include "ls-str.h"
#include "ls-ops.h"
#include "ls-sched.h"
#include "ls-vm.h"
#include "ls-vm-private.h"

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
  double timeout = -1.0;

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

/* --- Condition's lock methods in C ------------------------------------------- */

/* Every `with` over a threading.Condition (a concurrent future's state, a
 * Semaphore, SimpleQueue) ran two Python frames, `return
 * self._lock.__enter__()` and `return self._lock.__exit__(*args)`, each
 * through a nested interpreter loop, and every notify() and wait() on a
 * Condition over a plain Lock a third, `_is_owned`.  These natives take
 * their place in Condition's namespace and do the lock's work themselves
 * when nothing can raise on the way: the condition is a plain Condition
 * (not a subclass) over the simulator's own Lock or RLock, whose methods
 * are still the natives; the lock is free or ours (enter) or held as
 * release() wants it (exit); no depth limit is near.  In every other case
 * they call the Python method they replaced, so an exception shows the
 * frame CPython's traceback has, and a blocking acquire waits as before.
 * What the fast path skips is not observable: a Python call's only other
 * effects are its charge of one instruction (taken here too) and its depth
 * checks (declined near them). */

/* The Python methods replaced, in the order of condition_methods[] */
enum
{
  CONDITION_ENTER,
  CONDITION_EXIT,
  CONDITION_IS_OWNED,
  CONDITION_RELEASE_SAVE,
  CONDITION_ACQUIRE_RESTORE,
  CONDITION_NOTIFY,
  CONDITION_NOTIFY_ALL,
  CONDITION_INIT,
  N_CONDITION_METHODS
};

/* What the natives share, one per VM: every native's data, and kept in the
 * `_loopscope` module (as `_condition_natives`) for calls on anything but
 * a Condition. */
typedef struct
{
  LsExtension header;
  LsValue     originals[N_CONDITION_METHODS];
  LsClass    *cls;                   /* threading.Condition */
  LsClass    *lock_cls;              /* _thread.LockType and _thread.RLock */
  LsClass    *rlock_cls;
  LsStr      *lock_name;             /* "_lock", "_waiters", "_is_owned", "notify": interned */
  LsStr      *waiters_name;
  LsStr      *is_owned_name;
  LsStr      *notify_name;
  LsStr      *release_save_name;     /* "_release_save", "_acquire_restore", "wait" */
  LsStr      *acquire_restore_name;
  LsStr      *wait_name;
  LsStr      *notify_all_name;
  LsStr      *init_names[7];         /* what Condition.__init__ stores, in its order */
  LsStr      *rlock_name;            /* "RLock", "_CRLock": threading's globals */
  LsStr      *crlock_name;
  LsValue     rlock_function;        /* threading.RLock as installed */
  LsDictStrCache rlock_cache;
  LsDictStrCache crlock_cache;
  LsDictStrCache rlock_method_caches[7]; /* init_names[i] in RLock's namespace */
  /* Where a Condition's dict holds `_lock`, `_waiters` and `_is_owned`:
   * __init__ stores them in the same order, an RLock's seven attributes
   * or a Lock's four (a Lock has no _release_save, _acquire_restore or
   * _is_owned) */
  LsDictStrHint lock_hint;
  LsDictStrHint waiters_hint;
  LsDictStrHint is_owned_hint;
  /* What wait(0)'s fast path asks (the Semaphore's one Condition, mostly:
   * four names it lacks, and `wait` in the class) */
  LsDictStrCache wait_caches[5];
  /* The namespace checks below held at this class-cache epoch: they are
   * made again once it moves (a class changed, or a collection ran). */
  guint64     epoch;
  gboolean    classes_plain;         /* no `_lock`/`_waiters` in Condition's
                                      * namespace, its `_is_owned` and `notify`
                                      * are the natives, and both lock classes'
                                      * __enter__, __exit__, acquire, release
                                      * (and RLock's _is_owned) are theirs */
  gboolean    with_plain;            /* and Condition's __enter__ and __exit__
                                      * are the natives (for `with`, which looks
                                      * both up: ls_condition_enterable_lock) */
  gboolean    wait_plain;            /* and its _release_save and
                                      * _acquire_restore (which wait() calls) */
  gboolean    init_plain;            /* and no attribute __init__ stores is a
                                      * Python-level one of Condition's
                                      * namespace (a native method or none), no
                                      * __setattr__; RLock's namespace holds
                                      * its natives for what __init__ reads */
  gboolean    construct_plain;       /* and `Condition()` makes an instance
                                      * as construct() does for a class
                                      * without a __new__ of its own, then
                                      * calls the __init__ native */
} ConditionNatives;

static void
condition_natives_mark (LsVM *vm, LsObject *object)
{
  ConditionNatives *self = (ConditionNatives *) object;

  ls_gc_mark_values (vm, self->originals, N_CONDITION_METHODS);
  ls_gc_mark_object (vm, (LsObject *) self->cls);
  ls_gc_mark_object (vm, (LsObject *) self->lock_cls);
  ls_gc_mark_object (vm, (LsObject *) self->rlock_cls);
  ls_gc_mark_object (vm, (LsObject *) self->lock_name);
  ls_gc_mark_object (vm, (LsObject *) self->waiters_name);
  ls_gc_mark_object (vm, (LsObject *) self->is_owned_name);
  ls_gc_mark_object (vm, (LsObject *) self->notify_name);
  ls_gc_mark_object (vm, (LsObject *) self->release_save_name);
  ls_gc_mark_object (vm, (LsObject *) self->acquire_restore_name);
  ls_gc_mark_object (vm, (LsObject *) self->wait_name);
  ls_gc_mark_object (vm, (LsObject *) self->notify_all_name);
  for (guint i = 0; i < G_N_ELEMENTS (self->init_names); i++)
    ls_gc_mark_object (vm, (LsObject *) self->init_names[i]);
  ls_gc_mark_object (vm, (LsObject *) self->rlock_name);
  ls_gc_mark_object (vm, (LsObject *) self->crlock_name);
  ls_gc_mark_value (vm, self->rlock_function);
}

static const LsExtensionVTable condition_natives_vtable = { "condition natives", condition_natives_mark, NULL };

/* Declines well before the interpreter's nesting limit (ls-vm.c's
 * MAX_C_DEPTH, 200), whose error the Python method then raises. */
#define CONDITION_C_DEPTH_MARGIN 150

static gboolean condition_enter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean condition_exit (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static LsClass *module_class (LsVM *vm, const char *name);
static gboolean condition_is_owned (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean condition_release_save (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean condition_acquire_restore (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean condition_notify (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean condition_no_waiters (LsVM *vm, LsInstance *self, ConditionNatives *natives);
static gboolean condition_notify_all (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean condition_init_plain (LsVM *vm, ConditionNatives *natives);
static gboolean condition_surely_owned (LsVM *vm, LsInstance *self, LsLock *lock, ConditionNatives *natives,
                                        gint64 *python_calls);

static ConditionNatives *
condition_natives_of (LsValue data)
{
  if (!ls_is_kind (data, LS_KIND_EXTENSION) || ((LsExtension *) data.o)->vtable != &condition_natives_vtable)
    return NULL;
  return (ConditionNatives *) data.o;
}

static gboolean
namespace_holds (LsClass *cls, LsStr *name, LsNativeFunc func)
{
  LsValue value = ls_dict_get_str (cls->dict, name);

  return ls_is_kind (value, LS_KIND_NATIVE) && ((LsNative *) value.o)->func == func;
}

static gboolean condition_init_plain (LsVM *vm, ConditionNatives *natives);
static gboolean condition_construct_plain (LsVM *vm, ConditionNatives *natives);

/* The namespace checks, made again when the class-cache epoch moved. */
static gboolean
classes_plain (LsVM *vm, ConditionNatives *natives)
{
  guint64 epoch = ls_class_epoch ();
  LsStr *acquire, *release;

  if (G_LIKELY (natives->epoch == epoch))
    return natives->classes_plain;
  acquire = ls_str_intern_cstr (vm, "acquire");
  release = ls_str_intern_cstr (vm, "release");
  natives->epoch = epoch;
  natives->classes_plain =
    ls_is_unbound (ls_dict_get_str (natives->cls->dict, natives->lock_name)) &&
    ls_is_unbound (ls_dict_get_str (natives->cls->dict, natives->waiters_name)) &&
    namespace_holds (natives->cls, natives->is_owned_name, condition_is_owned) &&
    namespace_holds (natives->cls, natives->notify_name, condition_notify) &&
    namespace_holds (natives->rlock_cls, natives->is_owned_name, rlock_is_owned);
  for (guint i = 0; i < 2 && natives->classes_plain; i++)
    {
      LsClass *cls = i == 0 ? natives->lock_cls : natives->rlock_cls;

      natives->classes_plain = namespace_holds (cls, vm->names[LS_NAME___enter__], lock_enter) &&
                               namespace_holds (cls, vm->names[LS_NAME___exit__], lock_exit) &&
                               namespace_holds (cls, acquire, lock_acquire) &&
                               namespace_holds (cls, release, lock_release);
    }
  natives->with_plain = natives->classes_plain &&
                        namespace_holds (natives->cls, vm->names[LS_NAME___enter__], condition_enter) &&
                        namespace_holds (natives->cls, vm->names[LS_NAME___exit__], condition_exit);
  natives->init_plain = natives->classes_plain && condition_init_plain (vm, natives);
  natives->construct_plain = natives->classes_plain && condition_construct_plain (vm, natives);
  natives->wait_plain = natives->with_plain &&
                        namespace_holds (natives->cls, natives->release_save_name, condition_release_save) &&
                        namespace_holds (natives->cls, natives->acquire_restore_name, condition_acquire_restore);
  return natives->classes_plain;
}

/* The natives' shared state.  *exact when self is an instance of the very
 * class they were installed in (its own namespace holds the __enter__
 * native), else it comes from the `_loopscope` module, where install kept
 * it. */
static ConditionNatives *
condition_natives_for (LsVM *vm, const LsValue *args, guint n_args, gboolean *exact)
{
  LsValue native, module;

  *exact = FALSE;
  if (n_args > 0 && ls_value_instance (args[0]) != NULL)
    {
      LsClass *cls = args[0].o->cls;
      guint64 epoch = ls_class_epoch ();
      ConditionNatives *natives;

      /* the namespace's answer as it was at this epoch: every `with` over
       * a Condition asks twice (a dict lookup was half the cost) */
      if (cls == vm->condition_class && epoch == vm->condition_class_epoch)
        natives = (ConditionNatives *) vm->condition_class_natives;
      else
        {
          native = ls_dict_get_str (cls->dict, vm->names[LS_NAME___enter__]);
          if (!ls_is_kind (native, LS_KIND_NATIVE) || ((LsNative *) native.o)->func != condition_enter)
            goto from_module;
          natives = condition_natives_of (((LsNative *) native.o)->data);
          if (natives == NULL)
            return NULL;
          vm->condition_class = cls;
          vm->condition_class_epoch = epoch;
          vm->condition_class_natives = (LsObject *) natives;
        }
      *exact = natives->cls == cls && ((LsInstance *) args[0].o)->dict != NULL;
      return natives;
    }
from_module:
  module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_loopscope"));
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return NULL;
  return condition_natives_of (ls_dict_get_str (((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_condition_natives")));
}

/* self._lock when the fast path may run: self is an exact Condition
 * (checked by the caller) whose `_lock` is the simulator's Lock or RLock,
 * the namespaces are as installed, and a call could go deeper. */
static LsLock *
condition_plain_lock (LsVM *vm, const LsValue *args, LsTuple *kwnames, ConditionNatives *natives)
{
  LsValue lock;

  if ((kwnames != NULL && kwnames->len > 0) ||
      vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= CONDITION_C_DEPTH_MARGIN ||
      !classes_plain (vm, natives))
    return NULL;
  lock = ls_dict_get_str_hinted (((LsInstance *) args[0].o)->dict, natives->lock_name, &natives->lock_hint);
  if (!ls_is_kind (lock, LS_KIND_EXTENSION) ||
      (lock.o->cls != natives->lock_cls && lock.o->cls != natives->rlock_cls) ||
      ((LsExtension *) lock.o)->vtable != &lock_vtable)
    return NULL;
  return (LsLock *) lock.o;
}

static gboolean
call_condition_original (LsVM *vm, ConditionNatives *natives, guint which, const LsValue *args, guint n_args,
                         LsTuple *kwnames, LsValue *result)
{
  return ls_call (vm, natives->originals[which], args, n_args, kwnames, result);
}

#define CONDITION_PROLOGUE() \
  gboolean exact; \
  ConditionNatives *natives = condition_natives_for (vm, args, n_args, &exact); \
  if (natives == NULL) \
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "threading.Condition is not installed")

/* Whether the lock's acquire() would take it without waiting */
static gboolean
lock_acquirable (LsVM *vm, LsLock *lock)
{
  return lock->count == 0 || (lock->reentrant && lock->owner == ls_sched_current (vm->sched));
}

/* Takes a lock lock_acquirable() allowed */
static void
lock_take (LsVM *vm, LsLock *lock)
{
  if (lock->count > 0)
    lock->count++;
  else
    {
      lock->owner = ls_sched_current (vm->sched);
      lock->count = 1;
    }
}

/* Condition.__enter__: return self._lock.__enter__() */
static gboolean
condition_enter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsLock *lock;

  if (!exact || n_args != 1 || (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL ||
      !lock_acquirable (vm, lock))
    return call_condition_original (vm, natives, CONDITION_ENTER, args, n_args, kwnames, result);
  /* `with` called the Python method through ls_call, which charges so */
  if (!ls_vm_native_step (vm))
    return FALSE;
  lock_take (vm, lock);
  *result = LS_TRUE;
  return TRUE;
}

/* Whether the lock's release() would succeed */
static gboolean
lock_releasable (LsVM *vm, LsLock *lock)
{
  return lock->count > 0 && (!lock->reentrant || lock->owner == ls_sched_current (vm->sched));
}

static void
lock_release_held (LsVM *vm, LsLock *lock)
{
  if (!lock->reentrant || --lock->count == 0)
    hand_off (vm, lock);
}

/* Condition.__exit__: return self._lock.__exit__(*args) */
static gboolean
condition_exit (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsLock *lock;

  if (!exact || (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL || !lock_releasable (vm, lock))
    return call_condition_original (vm, natives, CONDITION_EXIT, args, n_args, kwnames, result);
  if (!ls_vm_native_step (vm))
    return FALSE;
  lock_release_held (vm, lock);
  *result = LS_NONE;
  return TRUE;
}

/* For natives that stand for a whole Python method with a `with` over a
 * Condition in it (concurrent.futures.Future's, ls-concurrent-future.c):
 * the lock that `with condition:` would take at once through the natives
 * above, which would charge one instruction each for __enter__ and
 * __exit__ and change nothing else; NULL when anything on that way is not
 * so (then nothing was looked at that a Python `with` would not look at).
 * The caller checks the depth limits for the frame it skips. */
gpointer
ls_condition_enterable_lock (LsVM *vm, LsValue condition)
{
  LsInstance *self = ls_value_instance (condition);
  ConditionNatives *natives;
  gboolean exact;
  LsLock *lock;
  LsValue value;

  if (self == NULL)
    return NULL;
  /* the usual case at once (~8 times a `to_thread`): the Condition class
   * the natives last answered for, at this epoch, with its checks made;
   * the same questions as below, in one place */
  natives = (ConditionNatives *) vm->condition_class_natives;
  if (G_LIKELY (self->header.cls == vm->condition_class && vm->condition_class_epoch == ls_class_epoch () &&
                natives->cls == self->header.cls && self->dict != NULL && natives->epoch == vm->condition_class_epoch &&
                natives->classes_plain && natives->with_plain &&
                vm->depth + 1 < vm->recursion_limit && vm->c_depth < CONDITION_C_DEPTH_MARGIN))
    {
      value = ls_dict_get_str_hinted (self->dict, natives->lock_name, &natives->lock_hint);
      if (!ls_is_kind (value, LS_KIND_EXTENSION) ||
          (value.o->cls != natives->lock_cls && value.o->cls != natives->rlock_cls) ||
          ((LsExtension *) value.o)->vtable != &lock_vtable)
        return NULL;
      lock = (LsLock *) value.o;
      return lock_acquirable (vm, lock) ? lock : NULL;
    }
  natives = condition_natives_for (vm, &condition, 1, &exact);
  if (natives == NULL || !exact || !classes_plain (vm, natives) || !natives->with_plain ||
      (lock = condition_plain_lock (vm, &condition, NULL, natives)) == NULL || !lock_acquirable (vm, lock))
    return NULL;
  return lock;
}

/* Condition.__enter__'s and __exit__'s work on a lock that
 * ls_condition_enterable_lock returned, around a body that did not block:
 * as `with` takes and gives back the lock (a release drops the waiters
 * whose timed wait ran out, as the native __exit__ does). */
void
ls_condition_lock_take (LsVM *vm, gpointer lock)
{
  lock_take (vm, lock);
}

void
ls_condition_lock_give_back (LsVM *vm, gpointer lock)
{
  lock_release_held (vm, lock);
}

gboolean
ls_condition_lock_unwaited (gpointer lock)
{
  return g_queue_is_empty (&((LsLock *) lock)->waiters);
}

/* The natives' state for a Condition that ls_condition_enterable_lock
 * accepted (an exact Condition, so the class's cache answers) */
static ConditionNatives *
condition_natives_known (LsVM *vm, LsValue condition)
{
  gboolean exact;

  return condition_natives_for (vm, &condition, 1, &exact);
}

gboolean
ls_condition_wait_zero_is_plain (LsVM *vm, LsValue condition, gpointer lock_pointer, LsValue wait_function,
                                 LsList **waiters)
{
  ConditionNatives *natives = condition_natives_known (vm, condition);
  LsLock *lock = lock_pointer;
  LsDict *dict = ((LsInstance *) condition.o)->dict;
  LsValue wait, list;

  if (natives == NULL || !natives->wait_plain || lock->reentrant || !g_queue_is_empty (&lock->waiters) ||
      !ls_is_unbound (ls_dict_get_str_cached (dict, natives->is_owned_name, &natives->wait_caches[0])) ||
      !ls_is_unbound (ls_dict_get_str_cached (dict, natives->release_save_name, &natives->wait_caches[1])) ||
      !ls_is_unbound (ls_dict_get_str_cached (dict, natives->acquire_restore_name, &natives->wait_caches[2])) ||
      !ls_is_unbound (ls_dict_get_str_cached (dict, natives->wait_name, &natives->wait_caches[3])))
    return FALSE;
  wait = ls_dict_get_str_cached (natives->cls->dict, natives->wait_name, &natives->wait_caches[4]);
  if (wait.tag != LS_TAG_OBJECT || wait_function.tag != LS_TAG_OBJECT || wait.o != wait_function.o)
    return FALSE;
  list = ls_dict_get_str_hinted (dict, natives->waiters_name, &natives->waiters_hint);
  if (!ls_is_kind (list, LS_KIND_LIST) || list.o->cls != vm->types[LS_TYPE_LIST] || ((LsList *) list.o)->len != 0)
    return FALSE;
  *waiters = (LsList *) list.o;
  return TRUE;
}

gboolean
ls_condition_notify_all_is_noop (LsVM *vm, LsValue condition, gpointer lock, gint64 *charge)
{
  ConditionNatives *natives = condition_natives_known (vm, condition);
  LsInstance *self = (LsInstance *) condition.o;

  if (natives == NULL ||
      !namespace_holds (natives->cls, natives->notify_all_name, condition_notify_all) ||
      !ls_is_unbound (ls_dict_get_str (self->dict, natives->notify_all_name)) ||
      !ls_condition_notify_is_noop (vm, condition, lock, charge))
    return FALSE;
  /* and the call of notify_all itself */
  *charge += 1;
  return TRUE;
}

gboolean
ls_condition_notify_is_noop (LsVM *vm, LsValue condition, gpointer lock, gint64 *charge)
{
  ConditionNatives *natives = condition_natives_known (vm, condition);
  LsInstance *self = (LsInstance *) condition.o;
  gint64 calls;

  if (natives == NULL || !ls_is_unbound (ls_dict_get_str (self->dict, natives->notify_name)) ||
      !condition_no_waiters (vm, self, natives) || !condition_surely_owned (vm, self, lock, natives, &calls))
    return FALSE;
  *charge = 1 + calls;
  return TRUE;
}

/* Condition._is_owned, for a lock without one of its own (a Lock):
 *   if self._lock.acquire(False): self._lock.release(); return False
 *   else: return True */
static gboolean
condition_is_owned (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsLock *lock;
  LsSchedThread *me;

  if (!exact || n_args != 1 || (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL)
    return call_condition_original (vm, natives, CONDITION_IS_OWNED, args, n_args, kwnames, result);
  /* the interpreter's charge for a call of a Python function */
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  me = ls_sched_current (vm->sched);
  if (lock->count == 0)
    {
      /* acquire(False), then release(): which drops waiters whose timed
       * wait ran out, as it does */
      lock->owner = me;
      lock->count = 1;
      hand_off (vm, lock);
      *result = LS_FALSE;
    }
  else
    *result = ls_bool (!(lock->reentrant && lock->owner == me));
  return TRUE;
}

/* Condition._release_save, for a lock without one of its own:
 *   self._lock.release() */
static gboolean
condition_release_save (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsLock *lock;

  if (!exact || n_args != 1 || (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL ||
      !lock_releasable (vm, lock))
    return call_condition_original (vm, natives, CONDITION_RELEASE_SAVE, args, n_args, kwnames, result);
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  lock_release_held (vm, lock);
  *result = LS_NONE;
  return TRUE;
}

/* Condition._acquire_restore, for a lock without one of its own:
 *   self._lock.acquire() */
static gboolean
condition_acquire_restore (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsLock *lock;

  if (!exact || n_args != 2 || (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL ||
      !lock_acquirable (vm, lock))
    return call_condition_original (vm, natives, CONDITION_ACQUIRE_RESTORE, args, n_args, kwnames, result);
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  lock_take (vm, lock);
  *result = LS_NONE;
  return TRUE;
}

/* Whether notify()'s `self._is_owned()` would answer True, found without
 * side effects, or FALSE when unsure: `_is_owned` is either the instance's
 * (an RLock's own native, bound in __init__) or the class's (the native
 * above).  *python_calls: 1 for the class's, which was a Python method. */
static gboolean
condition_surely_owned (LsVM *vm, LsInstance *self, LsLock *lock, ConditionNatives *natives, gint64 *python_calls)
{
  LsValue own = ls_dict_get_str_hinted (self->dict, natives->is_owned_name, &natives->is_owned_hint);
  LsBoundMethod *bound;

  *python_calls = 0;
  if (ls_is_unbound (own))
    {
      /* the class's (classes_plain): acquire(False) fails when the lock
       * is held, unless by us re-entrantly */
      *python_calls = 1;
      return lock->count > 0 && !(lock->reentrant && lock->owner == ls_sched_current (vm->sched));
    }
  /* lock._is_owned, bound in __init__: the same lock's, the native */
  if (!ls_is_kind (own, LS_KIND_BOUND_METHOD))
    return FALSE;
  bound = (LsBoundMethod *) own.o;
  if (bound->self.tag != LS_TAG_OBJECT || bound->self.o != (LsObject *) lock ||
      !ls_is_kind (bound->func, LS_KIND_NATIVE) || ((LsNative *) bound->func.o)->func != rlock_is_owned)
    return FALSE;
  return lock->owner == ls_sched_current (vm->sched) && lock->count > 0;
}

/* TRUE when self._waiters is an empty list (not a subclass's) in the
 * instance dict, so notify()'s loop would not turn. */
static gboolean
condition_no_waiters (LsVM *vm, LsInstance *self, ConditionNatives *natives)
{
  LsValue waiters = ls_dict_get_str_hinted (self->dict, natives->waiters_name, &natives->waiters_hint);

  return ls_is_kind (waiters, LS_KIND_LIST) && waiters.o->cls == vm->types[LS_TYPE_LIST] &&
         ((LsList *) waiters.o)->len == 0;
}

/* Condition.notify(n=1) when no thread waits: the check that the lock is
 * held, and a loop that does not turn.  With waiters (the loop's
 * back-jumps charge instructions by their length) or a lock not held
 * (the RuntimeError's frame), the Python method runs. */
static gboolean
condition_notify (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsLock *lock;
  gint64 calls;

  if (!exact || n_args > 2 || (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL ||
      !condition_no_waiters (vm, (LsInstance *) args[0].o, natives) ||
      !condition_surely_owned (vm, (LsInstance *) args[0].o, lock, natives, &calls))
    return call_condition_original (vm, natives, CONDITION_NOTIFY, args, n_args, kwnames, result);
  /* the charge of the call to notify, and of the one to _is_owned when
   * that was a Python method */
  if (!ls_vm_burn (vm, 1 + calls))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

/* Condition.notify_all(): self.notify(len(self._waiters)), when no thread
 * waits and notify is the native above (classes_plain), not hidden by an
 * instance attribute. */
static gboolean
condition_notify_all (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsInstance *self;
  LsLock *lock;
  gint64 calls;

  if (!exact || n_args != 1 || vm->depth + 2 >= vm->recursion_limit ||
      (lock = condition_plain_lock (vm, args, kwnames, natives)) == NULL ||
      !ls_is_unbound (ls_dict_get_str ((self = (LsInstance *) args[0].o)->dict, natives->notify_name)) ||
      !condition_no_waiters (vm, self, natives) || !condition_surely_owned (vm, self, lock, natives, &calls))
    return call_condition_original (vm, natives, CONDITION_NOTIFY_ALL, args, n_args, kwnames, result);
  /* the charges of the calls to notify_all and notify, and of the one to
   * _is_owned when that was a Python method */
  if (!ls_vm_burn (vm, 2 + calls))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

/* What threading.RLock() makes and drops besides the lock: its `kwargs`
 * dict (`args` is the shared empty tuple) and, for the call
 * `_CRLock(*args, **kwargs)`, the list and the dict the star-call is
 * built in and the list CALL_EX turns `args` into (empty, so no items) */
#define RLOCK_CALL_GARBAGE (2 * sizeof (LsDict) + 2 * sizeof (LsList))

/* What Condition.__init__ stores, in its order (the three in the middle
 * in `try` blocks that an RLock's attributes never fail) */
static const char *const condition_init_names[7] = {
  "_lock", "acquire", "release", "_release_save", "_acquire_restore", "_is_owned", "_waiters",
};

/* The namespace checks for __init__'s fast path (see init_plain) */
static gboolean
condition_init_plain (LsVM *vm, ConditionNatives *natives)
{
  LsDict *dict = natives->cls->dict;

  if (!ls_is_unbound (ls_dict_get_str (dict, ls_str_intern_cstr (vm, "__setattr__"))) ||
      !namespace_holds (natives->rlock_cls, vm->names[LS_NAME___new__], lock_type_new) ||
      !namespace_holds (natives->rlock_cls, natives->release_save_name, rlock_release_save) ||
      !namespace_holds (natives->rlock_cls, natives->acquire_restore_name, rlock_acquire_restore))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (natives->init_names); i++)
    {
      LsValue value = ls_dict_get_str (dict, natives->init_names[i]);

      if (!ls_is_unbound (value) && !ls_is_kind (value, LS_KIND_NATIVE))
        return FALSE;
      /* what `lock.<name>` binds, for the five read from the lock */
      value = ls_dict_get_str (natives->rlock_cls->dict, natives->init_names[i]);
      if (i > 0 && i + 1 < G_N_ELEMENTS (natives->init_names) &&
          (!ls_is_kind (value, LS_KIND_NATIVE) || !((LsNative *) value.o)->is_method))
        return FALSE;
    }
  return TRUE;
}

/* Condition.__init__(self, lock=None), called as Condition():
 *
 *     if lock is None:
 *         lock = RLock()
 *     self._lock = lock
 *     self.acquire = lock.acquire          # and release, _release_save,
 *     ...                                  # _acquire_restore, _is_owned
 *     self._waiters = []
 *
 * (every concurrent future makes one).  When self is a fresh exact
 * Condition, threading's RLock and _CRLock are the library's and the
 * namespaces are as installed (init_plain), RLock() is called for real
 * (its frame, charges, allocations and safe point are the Python path's
 * own) and the rest done here by the generic attribute operations the
 * interpreter's would end in: the same objects, in the same order, so the
 * heap grows by the same bytes.  The skipped frame's charge (its call) is
 * taken, its depth checks made with a margin, and when a collection is
 * due at its safe point or the memory limit is near, the Python method
 * runs. */
static gboolean
condition_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  CONDITION_PROLOGUE ();
  LsInstance *self = ls_value_instance (args[0]);
  LsDict *globals;
  LsValue lock, value;

  (void) exact;
  if (self == NULL || self->header.cls != natives->cls || self->dict == NULL || self->dict->len > 0 ||
      self->exception != NULL ||
      n_args != 1 || (kwnames != NULL && kwnames->len > 0) ||
      vm->depth + 3 >= vm->recursion_limit || vm->c_depth >= CONDITION_C_DEPTH_MARGIN || vm->fuel < 3 ||
      ls_gc_should_collect (vm) || vm->bytes_allocated >= vm->memory_cap ||
      vm->memory_cap - vm->bytes_allocated < (64u << 10) || !classes_plain (vm, natives) || !natives->init_plain)
    return call_condition_original (vm, natives, CONDITION_INIT, args, n_args, kwnames, result);
  globals = ((LsFunction *) natives->originals[CONDITION_INIT].o)->globals;
  value = ls_dict_get_str_cached (globals, natives->crlock_name, &natives->crlock_cache);
  lock = ls_dict_get_str_cached (globals, natives->rlock_name, &natives->rlock_cache);
  if (value.tag != LS_TAG_OBJECT || value.o != (LsObject *) natives->rlock_cls ||
      lock.tag != LS_TAG_OBJECT || lock.o != natives->rlock_function.o)
    return call_condition_original (vm, natives, CONDITION_INIT, args, n_args, kwnames, result);
  /* the charge of the call of __init__ */
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  if (vm->empty_tuple != NULL && vm->bytes_allocated + RLOCK_CALL_GARBAGE <= vm->next_collection)
    {
      /* RLock(*args, **kwargs) -> _CRLock(*args, **kwargs), with no
       * collection due at its safe points (its entry, CALL_EX): the call's
       * charge, what it made and dropped, and the RLock that _CRLock's
       * __new__ (lock_type_new, init_plain) makes */
      ls_vm_burn (vm, 1);
      ls_object_account (vm, RLOCK_CALL_GARBAGE);
      lock = ls_obj (lock_new (vm, natives->rlock_cls, TRUE));
    }
  else if (!ls_call (vm, natives->rlock_function, NULL, 0, NULL, &lock))
    return FALSE;
  /* an RLock (the library's RLock() makes _CRLock's, checked above),
   * whose methods are its class's natives (init_plain): `lock.acquire`
   * binds them; the stores go to the instance dict, which the class does
   * not intercept (init_plain), as STORE_ATTR's do */
  for (guint i = 0; i < G_N_ELEMENTS (natives->init_names); i++)
    {
      if (i == 0)
        value = lock;
      else if (i + 1 == G_N_ELEMENTS (natives->init_names))
        value = ls_obj (ls_list_new (vm, 0));
      else
        value = ls_obj (ls_bound_method_new (vm, lock, ls_dict_get_str_cached (natives->rlock_cls->dict,
                                                                                natives->init_names[i],
                                                                                &natives->rlock_method_caches[i])));
      ls_instance_dict_store (vm, args[0], self->dict, natives->init_names[i], value);
    }
  *result = LS_NONE;
  return TRUE;
}

/* Whether construct() would make a Condition as ls_condition_new does:
 * no __new__ along the MRO but object's (so an instance, then __init__),
 * and __init__ the native (a method, without a bound receiver). */
static gboolean
condition_construct_plain (LsVM *vm, ConditionNatives *natives)
{
  LsValue new_fn = ls_class_lookup (natives->cls, vm->names[LS_NAME___new__]);
  LsValue object_new = ls_dict_get_str (vm->types[LS_TYPE_OBJECT]->dict, vm->names[LS_NAME___new__]);
  LsValue init = ls_class_lookup (natives->cls, vm->names[LS_NAME___init__]);

  return !natives->cls->is_exception &&
         (ls_is_unbound (new_fn) || (new_fn.tag == object_new.tag && new_fn.o == object_new.o)) &&
         ls_is_kind (init, LS_KIND_NATIVE) && ((LsNative *) init.o)->func == condition_init &&
         ls_is_unbound (((LsNative *) init.o)->self);
}

/* `threading.Condition()` called from C (every concurrent future's
 * __init__ makes one): when `cls` is the natives' Condition, already
 * seen by a call (vm->condition_class at this epoch) and its namespaces
 * as installed, what ls_call's construct() would do without its lookups
 * and dispatch: the instance, held as a root while __init__ runs, and
 * __init__ called as an unbound native is (its native depth and pin
 * entry).  *handled FALSE (nothing done) otherwise: the caller calls the
 * class. */
gboolean
ls_condition_new (LsVM *vm, LsValue cls, LsValue *out, gboolean *handled)
{
  ConditionNatives *natives;
  LsObject *saved_entry;
  LsValue instance, result;
  gboolean ok;

  *handled = FALSE;
  if (cls.tag != LS_TAG_OBJECT || vm->condition_class == NULL || cls.o != (LsObject *) vm->condition_class ||
      vm->condition_class_epoch != ls_class_epoch () || vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH)
    return FALSE;
  natives = (ConditionNatives *) vm->condition_class_natives;
  if (natives->cls != vm->condition_class || !classes_plain (vm, natives) || !natives->construct_plain)
    return FALSE;
  *handled = TRUE;
  instance = ls_obj (ls_instance_new (vm, natives->cls));
  ls_vm_push_root (vm, instance);
  saved_entry = vm->native_entry;
  vm->native_depth++;
  vm->native_entry = vm->objects;
  ok = condition_init (vm, &instance, 1, NULL, &result);
  vm->native_entry = saved_entry;
  vm->native_depth--;
  ls_vm_pop_roots (vm, 1);
  if (!ok)
    return FALSE;
  if (!ls_is_none (result))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__init__() should return None, not '%s'", ls_type_name (vm, result));
  *out = instance;
  return TRUE;
}

/* The natives' state when a Condition was seen at this class epoch and
 * the namespaces are as installed, else NULL */
static ConditionNatives *
condition_natives_current (LsVM *vm)
{
  ConditionNatives *natives;

  if (vm->condition_class == NULL || vm->condition_class_epoch != ls_class_epoch ())
    return NULL;
  natives = (ConditionNatives *) vm->condition_class_natives;
  return natives->cls == vm->condition_class && classes_plain (vm, natives) ? natives : NULL;
}

gboolean
ls_condition_new_is_plain (LsVM *vm, LsValue cls)
{
  ConditionNatives *natives = condition_natives_current (vm);
  LsDict *globals;
  LsValue crlock, rlock;

  if (natives == NULL || cls.tag != LS_TAG_OBJECT || cls.o != (LsObject *) natives->cls ||
      !natives->construct_plain || !natives->init_plain || vm->c_depth + 1 >= CONDITION_C_DEPTH_MARGIN ||
      vm->native_depth + 2 >= LS_VM_MAX_NATIVE_DEPTH || vm->empty_tuple == NULL)
    return FALSE;
  globals = ((LsFunction *) natives->originals[CONDITION_INIT].o)->globals;
  crlock = ls_dict_get_str_cached (globals, natives->crlock_name, &natives->crlock_cache);
  rlock = ls_dict_get_str_cached (globals, natives->rlock_name, &natives->rlock_cache);
  return crlock.tag == LS_TAG_OBJECT && crlock.o == (LsObject *) natives->rlock_cls &&
         rlock.tag == LS_TAG_OBJECT && rlock.o == natives->rlock_function.o;
}

gpointer
ls_lock_free_plain (LsVM *vm, LsValue value)
{
  ConditionNatives *natives = condition_natives_current (vm);
  LsLock *lock;

  if (natives == NULL || !ls_is_kind (value, LS_KIND_EXTENSION) ||
      (value.o->cls != natives->lock_cls && value.o->cls != natives->rlock_cls) ||
      ((LsExtension *) value.o)->vtable != &lock_vtable)
    return NULL;
  lock = (LsLock *) value.o;
  return lock->count == 0 && g_queue_is_empty (&lock->waiters) ? lock : NULL;
}

static const struct
{
  const char   *name;
  LsNativeFunc  func;
} condition_methods[N_CONDITION_METHODS] = {
  [CONDITION_ENTER] = { "__enter__", condition_enter },
  [CONDITION_EXIT] = { "__exit__", condition_exit },
  [CONDITION_IS_OWNED] = { "_is_owned", condition_is_owned },
  [CONDITION_RELEASE_SAVE] = { "_release_save", condition_release_save },
  [CONDITION_ACQUIRE_RESTORE] = { "_acquire_restore", condition_acquire_restore },
  [CONDITION_NOTIFY] = { "notify", condition_notify },
  [CONDITION_NOTIFY_ALL] = { "notify_all", condition_notify_all },
  [CONDITION_INIT] = { "__init__", condition_init },
};

/* _loopscope.condition_natives(Condition): called once by threading.py */
static gboolean
condition_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_loopscope"));
  ConditionNatives *natives;
  LsClass *cls;

  if (!ls_check_args (vm, "condition_natives", n_args, kwnames, 1, 1))
    return FALSE;
  if ((cls = ls_value_class (args[0])) == NULL || cls->base != vm->types[LS_TYPE_OBJECT])
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "condition_natives() needs threading.Condition");
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_loopscope is not loaded");
  natives = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (ConditionNatives));
  natives->header.vtable = &condition_natives_vtable;
  for (guint i = 0; i < N_CONDITION_METHODS; i++)
    {
      natives->originals[i] = ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, condition_methods[i].name));
      if (!ls_is_kind (natives->originals[i], LS_KIND_FUNCTION))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "Condition.%s is not a Python function", condition_methods[i].name);
    }
  natives->cls = cls;
  natives->lock_cls = module_class (vm, "LockType");
  natives->rlock_cls = module_class (vm, "RLock");
  natives->lock_name = ls_str_intern_cstr (vm, "_lock");
  natives->waiters_name = ls_str_intern_cstr (vm, "_waiters");
  natives->is_owned_name = ls_str_intern_cstr (vm, "_is_owned");
  natives->notify_name = ls_str_intern_cstr (vm, "notify");
  natives->release_save_name = ls_str_intern_cstr (vm, "_release_save");
  natives->acquire_restore_name = ls_str_intern_cstr (vm, "_acquire_restore");
  natives->wait_name = ls_str_intern_cstr (vm, "wait");
  natives->notify_all_name = ls_str_intern_cstr (vm, "notify_all");
  for (guint i = 0; i < G_N_ELEMENTS (natives->init_names); i++)
    natives->init_names[i] = ls_str_intern_cstr (vm, condition_init_names[i]);
  natives->rlock_name = ls_str_intern_cstr (vm, "RLock");
  natives->crlock_name = ls_str_intern_cstr (vm, "_CRLock");
  natives->rlock_function = ls_dict_get_str (((LsFunction *) natives->originals[CONDITION_INIT].o)->globals,
                                             natives->rlock_name);
  if (!ls_is_kind (natives->rlock_function, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "threading.RLock is not a Python function");
  natives->epoch = G_MAXUINT64;
  if (natives->lock_cls == NULL || natives->rlock_cls == NULL)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_thread is not loaded");
  /* where the natives find the originals when called on anything else */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_condition_natives"), ls_obj (natives));
  for (guint i = 0; i < N_CONDITION_METHODS; i++)
    {
      LsNative *native = ls_native_new (vm, condition_methods[i].name, condition_methods[i].func);

      native->is_method = TRUE;
      native->data = ls_obj (natives);
      ls_dict_set_str (vm, cls->dict, native->name, ls_obj (native));
    }
  *result = LS_NONE;
  return TRUE;
}

void
ls_threadlib_add_loopscope_functions (LsVM *vm, LsModule *loopscope)
{
  ls_module_add_function (vm, loopscope, "condition_natives", condition_natives);
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
