/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-threading-semaphore.c — threading.Semaphore's two common calls in C
 * (see ls-threading-semaphore.h).
 *
 * A ThreadPoolExecutor with no idle worker (every submit while its
 * workers are busy) runs `self._idle_semaphore.acquire(timeout=0)`:
 *
 *     with self._cond:
 *         while self._value == 0:
 *             ...endtime = _time() + timeout
 *             self._cond.wait(timeout)     # a _Waiter made, appended and
 *                                          # removed, the lock given back
 *                                          # and taken again
 *             ...timeout = endtime - _time(); break
 *     return False
 *
 * four Python frames and ~9,800 instructions; each worker that finishes an
 * item runs `release()` (`with`, `_value += 1`, a `for` over range(1)
 * around a notify() that finds nobody, ~4,600).  These natives take the
 * methods' places in Semaphore's namespace and do that work when nothing
 * on the way can raise, block or run scenario code: self is an exact
 * Semaphore over the library's Condition and Lock (whose natives do the
 * lock's work: ls-threadlib.c), nothing in the class namespaces hides
 * what the methods read, the globals they call (`_time`, `get_ident`,
 * `_Waiter`, `range`) are the library's, `_value` is an int, no thread
 * waits for the lock or in the Condition.
 *
 * What the skipped frames did besides is done too.  `_Waiter(get_ident())`
 * is called for real (its allocation and its __init__ frame, charges and
 * safe point are the Python path's own); the other calls charge an
 * instruction each, a loop's back-jump its length (found in the Python
 * method's code when installed) and a `for` step one, all taken at once
 * when the fuel covers them (else the Python method runs and stops where
 * it did); the depth checks are made with a margin; the heap grows by the
 * bytes of what the frames made and dropped (the bound __exit__ of the
 * `with`; range(1) and its iterator), so collections come at the same
 * allocations.  Their safe points come first: when a collection could be
 * due anywhere on the way, or the memory limit is near, the Python method
 * runs and collects where it did.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-threading-semaphore.h"

#include "ls-class.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-range.h"
#include "ls-str.h"
#include "ls-threadlib.h"
#include "ls-vm-private.h"

/* The Python methods replaced */
typedef enum
{
  METHOD_ACQUIRE,
  METHOD_RELEASE,
  N_METHODS
} SemaphoreMethod;

typedef enum
{
  NAME_COND,                /* in the instance dict */
  NAME_VALUE,
  NAME_GETATTRIBUTE,        /* in the class's namespace */
  NAME_SETATTR,
  NAME_TIMEOUT,             /* the keyword */
  NAME_TIME,                /* in threading's globals */
  NAME_GET_IDENT,
  NAME_WAITER,
  NAME_RANGE,               /* in its globals, then the builtins */
  NAME_INIT,                /* in _Waiter's namespace */
  NAME_NEW,
  NAME_WAIT,                /* in Condition's */
  NAME_IDENT,               /* what _Waiter.__init__ stores */
  NAME_GRANTED,
  NAME_ACQUIRE,             /* in Semaphore's namespace */
  N_NAMES
} SemaphoreName;

static const char *const name_texts[N_NAMES] = {
  "_cond", "_value", "__getattribute__", "__setattr__", "timeout", "_time", "get_ident", "_Waiter", "range",
  "__init__", "__new__", "wait", "ident", "granted", "acquire",
};

typedef struct _LsSemaphoreState
{
  LsExtension    header;
  LsValue        originals[N_METHODS];
  LsClass       *cls;             /* threading.Semaphore */
  LsDict        *globals;         /* threading's */
  LsValue        time_function;   /* threading._time, get_ident, _Waiter as installed */
  LsValue        get_ident;
  LsValue        waiter_class;
  LsValue        waiter_init;     /* _Waiter.__init__ */
  LsValue        acquire_native;  /* the native below in Semaphore's namespace */
  LsValue        wait_function;   /* Condition.wait */
  gint64         back_jumps[N_METHODS]; /* the length of each method's one loop */
  LsStr         *names[N_NAMES];
  LsDictStrCache caches[N_NAMES]; /* for the globals and the builtins */
  LsDictStrHint  hints[N_NAMES];  /* where the instance dicts hold them (ls_dict_get_str_hinted) */
  /* class_plain's answer at this class epoch */
  guint64        epoch;
  gboolean       plain;
} LsSemaphoreState;

static void
state_mark (LsVM     *vm,
            LsObject *object)
{
  LsSemaphoreState *self = (LsSemaphoreState *) object;

  ls_gc_mark_values (vm, self->originals, N_METHODS);
  ls_gc_mark_object (vm, (LsObject *) self->cls);
  ls_gc_mark_object (vm, (LsObject *) self->globals);
  ls_gc_mark_value (vm, self->time_function);
  ls_gc_mark_value (vm, self->get_ident);
  ls_gc_mark_value (vm, self->waiter_class);
  ls_gc_mark_value (vm, self->waiter_init);
  ls_gc_mark_value (vm, self->acquire_native);
  ls_gc_mark_value (vm, self->wait_function);
  for (guint i = 0; i < N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->names[i]);
}

static const LsExtensionVTable state_vtable = { "threading.Semaphore natives", state_mark, NULL };

/* The deepest frame the skipped calls made (_Waiter.__init__ from
 * Condition.wait from acquire) is this many levels below the caller. */
#define SKIPPED_FRAME_DEPTH 3

/* Room left below the memory limit for a fast path to go on without a
 * check, and a bound on what it allocates (a _Waiter and its dict, the
 * waiter list's growth; range(1) and its iterator accounted) before a
 * safe point of the Python path could come. */
#define MEMORY_ROOM (64u << 10)
#define ALLOCATION_BOUND (4u << 10)

#define BOUND_EXIT_BYTES (sizeof (LsBoundMethod))
#define RANGE_LOOP_BYTES (sizeof (LsRange) + sizeof (LsIterator))

static inline gboolean
same (LsValue a, LsValue b)
{
  return a.tag == LS_TAG_OBJECT && b.tag == LS_TAG_OBJECT && a.o == b.o;
}

static inline LsValue
global (LsSemaphoreState *state, SemaphoreName name)
{
  return ls_dict_get_str_cached (state->globals, state->names[name], &state->caches[name]);
}

/* The class checks, made again when the class-cache epoch moved:
 * Semaphore (based on object) hides neither `_cond` nor `_value` and has
 * no __getattribute__ or __setattr__; _Waiter is made by object's
 * __new__ and its library __init__. */
static gboolean
class_plain (LsVM *vm, LsSemaphoreState *state)
{
  guint64 epoch = ls_class_epoch ();
  LsDict *dict = state->cls->dict;
  LsClass *waiter = (LsClass *) state->waiter_class.o;

  if (G_LIKELY (state->epoch == epoch))
    return state->plain;
  state->epoch = epoch;
  state->plain = state->cls->base == vm->types[LS_TYPE_OBJECT] && waiter->base == vm->types[LS_TYPE_OBJECT] &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_COND])) &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_VALUE])) &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_GETATTRIBUTE])) &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_SETATTR])) &&
                 ls_is_unbound (ls_dict_get_str (waiter->dict, state->names[NAME_NEW])) &&
                 same (ls_dict_get_str (waiter->dict, state->names[NAME_INIT]), state->waiter_init) &&
                 ls_is_unbound (ls_dict_get_str (waiter->dict, state->names[NAME_SETATTR])) &&
                 ls_is_unbound (ls_dict_get_str (waiter->dict, state->names[NAME_IDENT])) &&
                 ls_is_unbound (ls_dict_get_str (waiter->dict, state->names[NAME_GRANTED]));
  return state->plain;
}

/* self when a fast path may run: an exact Semaphore, limits far, the
 * classes as installed */
static LsInstance *
plain_semaphore (LsVM *vm, LsSemaphoreState *state, LsValue value, gint64 charge)
{
  LsInstance *self = ls_value_instance (value);

  if (self == NULL || self->header.cls != state->cls || self->dict == NULL ||
      vm->depth + SKIPPED_FRAME_DEPTH + 1 >= vm->recursion_limit || vm->fuel < charge ||
      vm->bytes_allocated + ALLOCATION_BOUND > vm->next_collection ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM ||
      !class_plain (vm, state))
    return NULL;
  return self;
}

static gboolean
call_original (LsVM *vm, LsSemaphoreState *state, SemaphoreMethod which, const LsValue *args, guint n_args,
               LsTuple *kwnames, LsValue *result)
{
  return ls_vm_call_as_inline (vm, (LsFunction *) state->originals[which].o, args, n_args, kwnames, result);
}

/* `_Waiter(ident)` as ls_call makes it (construct): the instance, then
 * __init__ called by call_function, whose frame runs
 *     self.ident = ident
 *     self.granted = False
 * in a nested interpreter.  Here, when none of that call's checks can
 * fail (depth, C depth, memory, fuel: ls_vm_native_step's charge is then
 * one instruction) the frame's work is done without it: its pool block
 * taken and given back around the two stores, which go to the instance
 * dict as STORE_ATTR's do (class_plain: _Waiter intercepts neither), so
 * the heap grows by the same objects at the same addresses.  Nothing of
 * the frame is a safe point (no loop), so no collection is skipped. */
static gboolean
new_waiter (LsVM *vm, LsSemaphoreState *state, LsValue ident, LsValue *waiter)
{
  LsFunction *init = (LsFunction *) state->waiter_init.o;
  LsInstance *instance;
  gpointer block;
  gsize size;

  if (vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= LS_VM_MAX_C_DEPTH ||
      vm->bytes_allocated > vm->memory_cap || vm->fuel < 1)
    return ls_call (vm, state->waiter_class, &ident, 1, NULL, waiter);
  instance = ls_instance_new (vm, (LsClass *) state->waiter_class.o);
  *waiter = ls_obj (instance);
  vm->fuel--;
  size = ls_frame_size (init->code);
  block = ls_pool_alloc (&vm->pool, size);
  ls_instance_dict_store (vm, *waiter, instance->dict, state->names[NAME_IDENT], ident);
  ls_instance_dict_store (vm, *waiter, instance->dict, state->names[NAME_GRANTED], LS_FALSE);
  ls_pool_free (&vm->pool, block, size);
  return TRUE;
}

/* What acquire(timeout=0)'s fast path found it would work on */
typedef LsSemaphoreZeroAcquire ZeroAcquire;

/* Whether `semaphore.acquire(timeout=<timeout>)` can take the fast path
 * below, with `reserve` more instructions of fuel to spare: an exact
 * Semaphore with no permit left, a zero timeout, threading's globals and
 * classes as installed, the Condition's lock free and nobody waiting.
 * Reads only. */
static gboolean
zero_acquire_plain (LsVM *vm, LsSemaphoreState *state, LsValue semaphore, LsValue timeout, gint64 reserve,
                    ZeroAcquire *plan)
{
  LsInstance *self;
  LsValue value, condition;

  plan->charge = 7 + state->back_jumps[METHOD_ACQUIRE];
  if ((self = plain_semaphore (vm, state, semaphore, plan->charge + 1 + reserve)) == NULL)
    return FALSE;
  value = ls_dict_get_str_hinted (self->dict, state->names[NAME_VALUE], &state->hints[NAME_VALUE]);
  condition = ls_dict_get_str_hinted (self->dict, state->names[NAME_COND], &state->hints[NAME_COND]);
  return ((ls_is_int (timeout) && timeout.i == 0) || (ls_is_float (timeout) && timeout.f == 0)) &&
         ls_is_int (value) && value.i == 0 &&
         same (global (state, NAME_TIME), state->time_function) &&
         same (global (state, NAME_GET_IDENT), state->get_ident) &&
         same (global (state, NAME_WAITER), state->waiter_class) &&
         (plan->lock = ls_condition_enterable_lock (vm, condition)) != NULL &&
         ls_condition_wait_zero_is_plain (vm, condition, plan->lock, state->wait_function, (LsList **) &plan->waiters);
}

/* The fast path's work, after zero_acquire_plain: the loop turns once,
 * wait(0) returns False, and so does acquire.  Charges: the calls of
 * acquire, __enter__, wait, _is_owned, _release_save, _acquire_restore
 * and __exit__, the loop's back-jump; _Waiter() charges its own. */
static gboolean
zero_acquire_run (LsVM *vm, LsSemaphoreState *state, const ZeroAcquire *plan, LsValue *result)
{
  LsValue ident, waiter;

  /* up to the _Waiter's __init__: the charges and the garbage before it */
  if (!ls_vm_burn (vm, 4))
    return FALSE;
  ls_object_account (vm, BOUND_EXIT_BYTES);
  ls_condition_lock_take (vm, plan->lock);
  if (!ls_call (vm, state->get_ident, NULL, 0, NULL, &ident) ||
      !new_waiter (vm, state, ident, &waiter))
    {
      /* neither can fail with the classes checked; were it to, the lock
       * is given back as `with` would */
      ls_condition_lock_give_back (vm, plan->lock);
      return FALSE;
    }
  ls_list_append (vm, (LsList *) plan->waiters, waiter);
  /* _release_save; no sleep for a zero timeout; the waiter, not granted,
   * removed (the only one in the list); _acquire_restore */
  ls_condition_lock_give_back (vm, plan->lock);
  ((LsList *) plan->waiters)->len = 0;
  ls_condition_lock_take (vm, plan->lock);
  ls_condition_lock_give_back (vm, plan->lock);
  if (!ls_vm_burn (vm, plan->charge - 4))
    return FALSE;
  *result = LS_FALSE;
  return TRUE;
}

/* acquire(self, blocking=True, timeout=None), called as acquire(timeout=0)
 * when no permit is left (see zero_acquire_plain). */
static gboolean
semaphore_acquire (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSemaphoreState *state = vm->semaphore_state;
  ZeroAcquire plan;

  if (G_UNLIKELY (state == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "threading.Semaphore is not installed");
  /* the keyword `timeout` alone (its value after the positional self) */
  if (n_args != 1 || kwnames == NULL || kwnames->len != 1 || kwnames->items[0].tag != LS_TAG_OBJECT ||
      kwnames->items[0].o != (LsObject *) state->names[NAME_TIMEOUT] ||
      !zero_acquire_plain (vm, state, args[0], args[1], 0, &plan))
    return call_original (vm, state, METHOD_ACQUIRE, args, n_args, kwnames, result);
  return zero_acquire_run (vm, state, &plan, result);
}

gboolean
ls_semaphore_acquire_zero_plain (LsVM *vm, LsValue semaphore, gint64 reserve, LsSemaphoreZeroAcquire *plan)
{
  LsSemaphoreState *state = vm->semaphore_state;
  LsInstance *self = ls_value_instance (semaphore);

  /* `semaphore.acquire` is the native below (a method of its class,
   * which class_plain knows for Semaphore, not one of the instance's) */
  return state != NULL && self != NULL && self->header.cls == state->cls && self->dict != NULL &&
         same (ls_dict_get_str_cached (state->cls->dict, state->names[NAME_ACQUIRE], &state->caches[NAME_ACQUIRE]),
               state->acquire_native) &&
         ls_is_unbound (ls_dict_get_str_hinted (self->dict, state->names[NAME_ACQUIRE], &state->hints[NAME_ACQUIRE])) &&
         zero_acquire_plain (vm, state, semaphore, ls_int (0), reserve, plan);
}

gboolean
ls_semaphore_acquire_zero (LsVM *vm, const LsSemaphoreZeroAcquire *plan, LsValue *result)
{
  return zero_acquire_run (vm, vm->semaphore_state, plan, result);
}

/* release(self, n=1) when no thread waits: `_value += 1` and a notify()
 * that wakes nobody.  Charges: the calls of release, __enter__, notify
 * (and its _is_owned) and __exit__, the `for` loop's two steps and its
 * back-jump. */
static gboolean
semaphore_release (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSemaphoreState *state = vm->semaphore_state;
  LsInstance *self;
  LsValue value, condition, range;
  gpointer lock;
  gint64 charge, notify_charge;

  if (G_UNLIKELY (state == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "threading.Semaphore is not installed");
  charge = 5 + state->back_jumps[METHOD_RELEASE];
  if (n_args != 1 || (kwnames != NULL && kwnames->len > 0) ||
      (self = plain_semaphore (vm, state, args[0], charge + 2)) == NULL)
    return call_original (vm, state, METHOD_RELEASE, args, n_args, kwnames, result);
  value = ls_dict_get_str_hinted (self->dict, state->names[NAME_VALUE], &state->hints[NAME_VALUE]);
  condition = ls_dict_get_str_hinted (self->dict, state->names[NAME_COND], &state->hints[NAME_COND]);
  range = ls_is_unbound (global (state, NAME_RANGE))
          ? ls_dict_get_str_cached (vm->builtins, state->names[NAME_RANGE], &state->caches[NAME_RANGE])
          : LS_UNBOUND;
  if (!ls_is_int (value) || value.i < 0 || value.i >= G_MAXINT64 ||
      range.tag != LS_TAG_OBJECT || range.o != (LsObject *) vm->types[LS_TYPE_RANGE] ||
      (lock = ls_condition_enterable_lock (vm, condition)) == NULL)
    return call_original (vm, state, METHOD_RELEASE, args, n_args, kwnames, result);
  /* notify() is asked with the lock held */
  ls_condition_lock_take (vm, lock);
  if (!ls_condition_notify_is_noop (vm, condition, lock, &notify_charge) || notify_charge > 2)
    {
      ls_condition_lock_give_back (vm, lock);
      return call_original (vm, state, METHOD_RELEASE, args, n_args, kwnames, result);
    }
  ls_condition_lock_give_back (vm, lock);
  ls_condition_lock_take (vm, lock);
  /* the store of `self._value += n`: the instance dict's (class_plain), a
   * key it has, so nothing is allocated */
  ls_dict_set_str (vm, self->dict, state->names[NAME_VALUE], ls_int (value.i + 1));
  ls_condition_lock_give_back (vm, lock);
  if (!ls_vm_burn (vm, charge + notify_charge))
    return FALSE;
  ls_object_account (vm, BOUND_EXIT_BYTES + RANGE_LOOP_BYTES);
  *result = LS_NONE;
  return TRUE;
}

static const struct
{
  const char   *name;
  LsNativeFunc  func;
} semaphore_methods[N_METHODS] = {
  [METHOD_ACQUIRE] = { "acquire", semaphore_acquire },
  [METHOD_RELEASE] = { "release", semaphore_release },
};

/* _loopscope.semaphore_natives(Semaphore, _Waiter): called once by
 * threading, at its end.  The natives take the methods' places in the
 * namespace, the Python methods kept for every other case. */
static gboolean
semaphore_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_loopscope"));
  LsSemaphoreState *state;
  LsClass *cls, *waiter, *condition;

  if (!ls_check_args (vm, "semaphore_natives", n_args, kwnames, 3, 3))
    return FALSE;
  if ((cls = ls_value_class (args[0])) == NULL || (waiter = ls_value_class (args[1])) == NULL ||
      (condition = ls_value_class (args[2])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "semaphore_natives() needs threading's Semaphore, _Waiter and Condition");
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_loopscope is not loaded");
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsSemaphoreState));
  state->header.vtable = &state_vtable;
  for (guint i = 0; i < N_NAMES; i++)
    state->names[i] = ls_str_intern_cstr (vm, name_texts[i]);
  for (guint i = 0; i < N_METHODS; i++)
    {
      state->originals[i] = ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, semaphore_methods[i].name));
      if (!ls_is_kind (state->originals[i], LS_KIND_FUNCTION) ||
          (state->back_jumps[i] = ls_code_single_back_jump (((LsFunction *) state->originals[i].o)->code)) < 0)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "Semaphore.%s is not the library's", semaphore_methods[i].name);
    }
  state->cls = cls;
  state->globals = ((LsFunction *) state->originals[METHOD_ACQUIRE].o)->globals;
  state->time_function = ls_dict_get_str (state->globals, state->names[NAME_TIME]);
  state->get_ident = ls_dict_get_str (state->globals, state->names[NAME_GET_IDENT]);
  state->waiter_class = args[1];
  state->waiter_init = ls_dict_get_str (waiter->dict, state->names[NAME_INIT]);
  state->wait_function = ls_dict_get_str (condition->dict, state->names[NAME_WAIT]);
  if (!ls_is_kind (state->time_function, LS_KIND_NATIVE) || !ls_is_kind (state->get_ident, LS_KIND_NATIVE) ||
      !ls_is_kind (state->waiter_init, LS_KIND_FUNCTION) || !ls_is_kind (state->wait_function, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "semaphore_natives(): threading is not the library's");
  state->epoch = G_MAXUINT64;
  /* the module keeps the state alive */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_semaphore_natives"), ls_obj (state));
  vm->semaphore_state = state;
  for (guint i = 0; i < N_METHODS; i++)
    {
      LsNative *native = ls_native_new (vm, semaphore_methods[i].name, semaphore_methods[i].func);

      native->is_method = TRUE;
      ls_dict_set_str (vm, cls->dict, native->name, ls_obj (native));
      if (i == METHOD_ACQUIRE)
        state->acquire_native = ls_obj (native);
    }
  *result = LS_NONE;
  return TRUE;
}

void
ls_threading_semaphore_add_loopscope_functions (LsVM     *vm,
                                                LsModule *loopscope)
{
  ls_module_add_function (vm, loopscope, "semaphore_natives", semaphore_natives);
}
