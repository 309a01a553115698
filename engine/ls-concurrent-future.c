/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-concurrent-future.c — concurrent.futures.Future's common methods,
 * and _WorkItem.__init__, in C (see ls-concurrent-future.h).
 *
 * Every to_thread chains a concurrent future to an asyncio one, and the
 * loop's _copy_future_state then asks the finished concurrent future
 * done(), cancelled(), exception() and result(), and the worker calls
 * set_running_or_notify_cancel() on it: five Python frames, each a `with`
 * over the future's Condition and a list built for `self._state in [...]`
 * (~2,700 instructions a call, a fifth of the library's cost per
 * to_thread).  These natives take the methods' places in Future's
 * namespace and do their work when nothing on the way can raise, block or
 * run scenario code:
 *
 *  - self is an exact Future (a subclass's instance runs the Python
 *    method) whose class namespace hides none of the attributes read from
 *    the instance dict (`_condition`, `_state`, `_result`, `_exception`;
 *    no __getattribute__ or __setattr__) and still holds the library's
 *    `_get_result`;
 *  - the states are strs, as are the module's PENDING... read from its
 *    globals at each call as the Python code does;
 *  - `with self._condition` would take the lock at once through
 *    threading.Condition's own natives (ls_condition_enterable_lock);
 *  - the result asked for is there (FINISHED without an exception for
 *    result(), FINISHED for exception(), PENDING for
 *    set_running_or_notify_cancel(); any state for done() and
 *    cancelled()).
 *
 * The same holds for the methods that make or finish a future, each a
 * few hundred instructions now where it was 3,000–12,000: __init__ (its
 * `threading.Condition()` called for real), add_done_callback on a
 * future not done, set_result on one that no wait() watches (up to its
 * `self._invoke_callbacks()`, called for real), and the executor's
 * _WorkItem.__init__.  What lives on is made by the functions the
 * interpreter's opcodes end in (ls_instance_dict_store, ls_list_append),
 * in the same order.  ThreadPoolExecutor.submit goes whole (pool_submit)
 * when each call it makes is sure to take one of these fast paths.
 *
 * What the skipped frames did besides is done too: each Python call and
 * each of the Condition natives charges an instruction, taken here in
 * one go when the fuel covers it (else the Python method runs and stops
 * where it did); the frames' depth checks are made with a margin (the
 * Python method runs near the limit, so RecursionError comes from the
 * same place); and the heap grows by the bytes of what the frames made
 * and dropped (the bound __exit__ of the `with`, the list of states), so
 * that collections come at the same allocations.  The frames' safe
 * points come first: when a collection is due before the method or
 * before the _get_result() it calls, or the memory limit is near, the
 * Python method runs and collects where it did.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-concurrent-future.h"

#include "ls-asyncio-executor.h"
#include "ls-asyncio-future.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-set.h"
#include "ls-simple-queue.h"
#include "ls-ops.h"
#include "ls-str.h"
#include "ls-threading-semaphore.h"
#include "ls-threadlib.h"
#include "ls-vm-private.h"

/* The Python methods replaced, in the order of future_methods[] */
typedef enum
{
  METHOD_DONE,
  METHOD_CANCELLED,
  METHOD_RESULT,
  METHOD_EXCEPTION,
  METHOD_SET_RUNNING,
  METHOD_ADD_DONE_CALLBACK,
  METHOD_INIT,
  METHOD_SET_RESULT,
  N_METHODS
} FutureMethod;

/* The names the natives read */
typedef enum
{
  NAME_CONDITION,                 /* in the instance dict */
  NAME_STATE,
  NAME_RESULT,
  NAME_EXCEPTION,
  NAME_DONE_CALLBACKS,
  NAME_WAITERS,
  NAME_GET_RESULT,                /* in the class's namespace */
  NAME_GETATTRIBUTE,
  NAME_SETATTR,
  NAME_PENDING,                   /* in the module's globals */
  NAME_RUNNING,
  NAME_CANCELLED,
  NAME_CANCELLED_AND_NOTIFIED,
  NAME_FINISHED,
  NAME_THREADING,
  NAME_CONDITION_CLASS,           /* in threading */
  NAME_INVOKE_CALLBACKS,          /* in the class's namespace */
  NAME_SET_RESULT,                /* in an asyncio Future's */
  N_NAMES
} FutureName;

static const char *const name_texts[N_NAMES] = {
  "_condition", "_state", "_result", "_exception", "_done_callbacks", "_waiters", "_get_result", "__getattribute__", "__setattr__",
  "PENDING", "RUNNING", "CANCELLED", "CANCELLED_AND_NOTIFIED", "FINISHED", "threading", "Condition", "_invoke_callbacks", "set_result",
};

typedef struct _LsConcurrentFutureState
{
  LsExtension    header;
  LsValue        originals[N_METHODS];
  LsValue        add_done_callback; /* the native of add_done_callback */
  LsValue        get_result;      /* Future._get_result, the Python method */
  LsValue        invoke_callbacks; /* Future._invoke_callbacks, likewise */
  LsValue        copy_original;   /* asyncio.futures._copy_future_state, when
                                   * the native took its place */
  LsValue        copy_native;     /* and that native */
  LsClass       *work_item_cls;   /* concurrent.futures._WorkItem */
  LsValue        work_item_init;  /* its __init__, the Python method */
  LsStr         *work_item_names[4];  /* "future", "fn", "args", "kwargs" */
  guint64        work_item_epoch;
  gboolean       work_item_plain;
  gboolean       work_item_new_plain;
  LsNative      *work_item_init_native; /* its __init__ native, when work_item_new_plain */
  LsClass       *pool_cls;        /* concurrent.futures.ThreadPoolExecutor */
  LsValue        pool_adjust;     /* its _adjust_thread_count, the Python method */
  LsValue        len_builtin;     /* `len` at the install */
  LsStr         *len_name;
  LsStr         *pool_names[3];   /* "_idle_semaphore", "_threads", "_max_workers" */
  LsDictStrHint  pool_hints[3];
  LsDictStrCache len_cache[2];    /* `len` in the globals, in the builtins */
  guint64        pool_epoch;
  gboolean       pool_plain;
  LsValue        pool_submit;     /* ThreadPoolExecutor.submit, the Python method */
  LsValue        pool_adjust_native; /* and the native in _adjust_thread_count's place */
  LsStr         *submit_names[5]; /* what submit reads from self: see SubmitName */
  LsDictStrHint  submit_hints[5];
  LsStr         *submit_globals[4]; /* and from the module: see SubmitGlobal */
  LsDictStrCache submit_caches[4];
  gboolean       submit_plain;    /* at pool_epoch: the class hides none of
                                   * submit_names, and `_adjust_thread_count`
                                   * is pool_adjust_native */
  LsClass       *cls;             /* concurrent.futures.Future */
  LsDict        *globals;         /* the module's, where the methods read the states */
  LsStr         *names[N_NAMES];
  LsDictStrCache caches[N_NAMES]; /* for the globals */
  LsDictStrHint  hints[N_NAMES];  /* where the instance dicts hold them */
  /* class_plain's answer at this class epoch */
  guint64        epoch;
  gboolean       plain;
  /* Future's native __init__ when `Future()` makes an instance and calls
   * it (no __new__ of its own), else NULL, at this class epoch */
  guint64        new_epoch;
  LsNative      *init_native;
} LsConcurrentFutureState;

static void
state_mark (LsVM     *vm,
            LsObject *object)
{
  LsConcurrentFutureState *self = (LsConcurrentFutureState *) object;

  ls_gc_mark_values (vm, self->originals, N_METHODS);
  ls_gc_mark_value (vm, self->add_done_callback);
  ls_gc_mark_value (vm, self->get_result);
  ls_gc_mark_value (vm, self->invoke_callbacks);
  ls_gc_mark_value (vm, self->copy_original);
  ls_gc_mark_value (vm, self->copy_native);
  ls_gc_mark_object (vm, (LsObject *) self->work_item_cls);
  ls_gc_mark_value (vm, self->work_item_init);
  for (guint i = 0; i < G_N_ELEMENTS (self->work_item_names); i++)
    ls_gc_mark_object (vm, (LsObject *) self->work_item_names[i]);
  ls_gc_mark_object (vm, (LsObject *) self->cls);
  ls_gc_mark_object (vm, (LsObject *) self->globals);
  for (guint i = 0; i < N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->names[i]);
  ls_gc_mark_object (vm, (LsObject *) self->pool_cls);
  ls_gc_mark_value (vm, self->pool_adjust);
  ls_gc_mark_value (vm, self->len_builtin);
  ls_gc_mark_object (vm, (LsObject *) self->len_name);
  for (guint i = 0; i < G_N_ELEMENTS (self->pool_names); i++)
    ls_gc_mark_object (vm, (LsObject *) self->pool_names[i]);
  ls_gc_mark_value (vm, self->pool_submit);
  ls_gc_mark_value (vm, self->pool_adjust_native);
  for (guint i = 0; i < G_N_ELEMENTS (self->submit_names); i++)
    ls_gc_mark_object (vm, (LsObject *) self->submit_names[i]);
  for (guint i = 0; i < G_N_ELEMENTS (self->submit_globals); i++)
    ls_gc_mark_object (vm, (LsObject *) self->submit_globals[i]);
}

static const LsExtensionVTable state_vtable = { "concurrent.futures.Future natives", state_mark, NULL };

static gboolean future_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
static gboolean work_item_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);

/* The deepest call the skipped frames made (_get_result from result(),
 * or the Condition's natives from the method) is this many levels below
 * the caller. */
#define SKIPPED_FRAME_DEPTH 2

/* The most instructions a fast path charges before it calls back
 * (set_result: the call, __enter__, the `for` step, notify_all, notify,
 * _is_owned, __exit__) */
#define MAX_CHARGE 8

/* Room left below the memory limit for a fast path to go on without a
 * check (it allocates nothing; the skipped frames made a hundred bytes). */
#define MEMORY_ROOM (64u << 10)

/* What the skipped frames allocated and dropped: the bound __exit__ that
 * `with` keeps, and the list of `self._state in [...]` */
#define BOUND_EXIT_BYTES (sizeof (LsBoundMethod))
#define STATE_LIST_BYTES(n) (sizeof (LsList) + (n) * sizeof (LsValue))
/* and the set of set_result's `self._state in {...}` (its table is C
 * memory that a set of three does not grow) */
#define SET_OF_THREE_BYTES (sizeof (LsSet))

/* The class checks, made again when the class-cache epoch moved: the
 * attributes read from (or stored into) the instance dict are not hidden
 * by the class (its base is object, which has none of them; no
 * __getattribute__ or __setattr__), and `_get_result` and
 * `_invoke_callbacks` are the library's. */
static gboolean
class_plain (LsVM *vm, LsConcurrentFutureState *state)
{
  guint64 epoch = ls_class_epoch ();
  LsDict *dict = state->cls->dict;

  if (G_LIKELY (state->epoch == epoch))
    return state->plain;
  state->epoch = epoch;
  state->plain = state->cls->base == vm->types[LS_TYPE_OBJECT];
  for (guint i = NAME_CONDITION; i <= NAME_WAITERS && state->plain; i++)
    state->plain = ls_is_unbound (ls_dict_get_str (dict, state->names[i]));
  state->plain = state->plain && ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_GETATTRIBUTE])) &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_SETATTR]));
  if (state->plain)
    {
      LsValue get_result = ls_dict_get_str (dict, state->names[NAME_GET_RESULT]);
      LsValue invoke = ls_dict_get_str (dict, state->names[NAME_INVOKE_CALLBACKS]);

      state->plain = get_result.tag == LS_TAG_OBJECT && state->get_result.tag == LS_TAG_OBJECT &&
                     get_result.o == state->get_result.o && invoke.tag == LS_TAG_OBJECT &&
                     state->invoke_callbacks.tag == LS_TAG_OBJECT && invoke.o == state->invoke_callbacks.o;
    }
  return state->plain;
}

/* self when the fast path may run for a call with these arguments (self
 * and `n_params` more, positional) and a method whose frames drop
 * `garbage` bytes, else NULL */
static LsInstance *
plain_future (LsVM *vm, LsConcurrentFutureState *state, const LsValue *args, guint n_args, LsTuple *kwnames,
              guint n_params, gsize garbage)
{
  LsInstance *self;

  if (n_args != 1 + n_params || (kwnames != NULL && kwnames->len > 0) || (self = ls_value_instance (args[0])) == NULL ||
      self->header.cls != state->cls || self->dict == NULL ||
      vm->depth + SKIPPED_FRAME_DEPTH + 1 >= vm->recursion_limit || vm->fuel < MAX_CHARGE ||
      vm->bytes_allocated + garbage > vm->next_collection ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM ||
      !class_plain (vm, state))
    return NULL;
  return self;
}

/* self.<name> read from the instance dict, where every Future's __init__
 * put it at the same entry (class_plain: the class hides none of them) */
static inline LsValue
instance_attribute (LsConcurrentFutureState *state, LsInstance *self, FutureName name)
{
  return ls_dict_get_str_hinted (self->dict, state->names[name], &state->hints[name]);
}

/* `value` when it is an exact str (a subclass could compare otherwise),
 * else NULL */
static inline LsStr *
exact_str (LsVM *vm, LsValue value)
{
  return ls_is_kind (value, LS_KIND_STR) && value.o->cls == vm->types[LS_TYPE_STR] ? (LsStr *) value.o : NULL;
}

static inline LsStr *
global_str (LsVM *vm, LsConcurrentFutureState *state, FutureName name)
{
  return exact_str (vm, ls_dict_get_str_cached (state->globals, state->names[name], &state->caches[name]));
}

/* `a == b` for two exact strs (`in [...]` tries `is` first: the same answer) */
static inline gboolean
same_state (LsStr *a, LsStr *b)
{
  return a == b || ls_str_equal (a, b);
}

/* The part every fast path shares: self._state (an exact str) and the
 * Condition's lock that `with self._condition` would take at once, or
 * FALSE (nothing changed) */
static gboolean
state_and_lock (LsVM *vm, LsConcurrentFutureState *state, LsInstance *self, LsStr **self_state, gpointer *lock)
{
  *self_state = exact_str (vm, instance_attribute (state, self, NAME_STATE));
  if (*self_state == NULL)
    return FALSE;
  *lock = ls_condition_enterable_lock (vm, instance_attribute (state, self, NAME_CONDITION));
  return *lock != NULL;
}

/* Charges the skipped calls and accounts for the garbage their frames
 * made; never fails (plain_future checked the fuel and the room). */
static void
account (LsVM *vm, gint64 charge, gsize garbage)
{
  gboolean ok = ls_vm_burn (vm, charge);

  g_assert (ok);
  ls_object_account (vm, garbage);
}

static gboolean
call_original (LsVM *vm, LsConcurrentFutureState *state, FutureMethod which, const LsValue *args, guint n_args,
               LsTuple *kwnames, LsValue *result)
{
  return ls_vm_call_as_inline (vm, (LsFunction *) state->originals[which].o, args, n_args, kwnames, result);
}

/* The state a `self._state in [A, B(, C)]` of the Python method compares
 * with, or FALSE when one of the globals is not an exact str */
static inline gboolean
state_in (LsVM *vm, LsConcurrentFutureState *state, LsStr *self_state, const FutureName *names, guint n,
          gboolean *found)
{
  *found = FALSE;
  for (guint i = 0; i < n; i++)
    {
      LsStr *s = global_str (vm, state, names[i]);

      if (s == NULL)
        return FALSE;
      if (!*found && same_state (self_state, s))
        *found = TRUE;
    }
  return TRUE;
}

#define CONCURRENT_FUTURE_PROLOGUE(n_params, garbage) \
  LsConcurrentFutureState *state = vm->concurrent_future_state; \
  LsInstance *self; \
  LsStr *self_state; \
  gpointer lock; \
  if (G_UNLIKELY (state == NULL)) \
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "concurrent.futures.Future is not installed"); \
  self = plain_future (vm, state, args, n_args, kwnames, (n_params), (garbage)); \
  if (self == NULL || !state_and_lock (vm, state, self, &self_state, &lock))

static const FutureName cancelled_states[] = { NAME_CANCELLED, NAME_CANCELLED_AND_NOTIFIED };
static const FutureName done_states[] = { NAME_CANCELLED, NAME_CANCELLED_AND_NOTIFIED, NAME_FINISHED };

/* `with self._condition: return self._state in [states]`, the body of
 * done() and cancelled(): the method `method`'s native. */
static inline gboolean
state_query (LsVM             *vm,
             const LsValue    *args,
             guint             n_args,
             LsTuple          *kwnames,
             LsValue          *result,
             FutureMethod      method,
             const FutureName *states,
             guint             n_states)
{
  gboolean found;

  CONCURRENT_FUTURE_PROLOGUE (0, BOUND_EXIT_BYTES + STATE_LIST_BYTES (n_states))
    return call_original (vm, state, method, args, n_args, kwnames, result);
  if (!state_in (vm, state, self_state, states, n_states, &found))
    return call_original (vm, state, method, args, n_args, kwnames, result);
  /* the calls of the method, __enter__ and __exit__ */
  account (vm, 3, BOUND_EXIT_BYTES + STATE_LIST_BYTES (n_states));
  ls_condition_lock_take (vm, lock);
  ls_condition_lock_give_back (vm, lock);
  *result = ls_bool (found);
  return TRUE;
}

/* done(self):
 *     with self._condition:
 *         return self._state in [CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED] */
static gboolean
future_done (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return state_query (vm, args, n_args, kwnames, result, METHOD_DONE, done_states, G_N_ELEMENTS (done_states));
}

/* cancelled(self):
 *     with self._condition:
 *         return self._state in [CANCELLED, CANCELLED_AND_NOTIFIED] */
static gboolean
future_cancelled (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return state_query (vm, args, n_args, kwnames, result, METHOD_CANCELLED, cancelled_states, G_N_ELEMENTS (cancelled_states));
}

/* Whether a finished future's `self._state == FINISHED` holds after
 * `self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]` did not: FALSE
 * also when a global is not an exact str */
static gboolean
finished (LsVM *vm, LsConcurrentFutureState *state, LsStr *self_state)
{
  gboolean cancelled;
  LsStr *finished_state;

  if (!state_in (vm, state, self_state, cancelled_states, 2, &cancelled) || cancelled)
    return FALSE;
  finished_state = global_str (vm, state, NAME_FINISHED);
  return finished_state != NULL && same_state (self_state, finished_state);
}

/* result(self, timeout=None), for a future finished without an exception:
 *     with self._condition:
 *         if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]: raise ...
 *         elif self._state == FINISHED:
 *             return self._get_result()      # if self._exception: raise ...
 *                                            # else: return self._result */
static gboolean
future_result (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value;

  CONCURRENT_FUTURE_PROLOGUE (0, BOUND_EXIT_BYTES + STATE_LIST_BYTES (2))
    return call_original (vm, state, METHOD_RESULT, args, n_args, kwnames, result);
  /* `self._get_result`: the class's (class_plain), unless the instance has one */
  if (!finished (vm, state, self_state) ||
      !ls_is_unbound (ls_dict_get_str (self->dict, state->names[NAME_GET_RESULT])) ||
      !ls_is_none (instance_attribute (state, self, NAME_EXCEPTION)))
    return call_original (vm, state, METHOD_RESULT, args, n_args, kwnames, result);
  value = instance_attribute (state, self, NAME_RESULT);
  if (ls_is_unbound (value))
    return call_original (vm, state, METHOD_RESULT, args, n_args, kwnames, result);
  /* the calls of result, __enter__, _get_result and __exit__ */
  account (vm, 4, BOUND_EXIT_BYTES + STATE_LIST_BYTES (2));
  ls_condition_lock_take (vm, lock);
  ls_condition_lock_give_back (vm, lock);
  *result = value;
  return TRUE;
}

/* exception(self, timeout=None), for a finished future:
 *     with self._condition:
 *         if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]: raise ...
 *         elif self._state == FINISHED:
 *             return self._exception */
static gboolean
future_exception (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value;

  CONCURRENT_FUTURE_PROLOGUE (0, BOUND_EXIT_BYTES + STATE_LIST_BYTES (2))
    return call_original (vm, state, METHOD_EXCEPTION, args, n_args, kwnames, result);
  if (!finished (vm, state, self_state))
    return call_original (vm, state, METHOD_EXCEPTION, args, n_args, kwnames, result);
  value = instance_attribute (state, self, NAME_EXCEPTION);
  if (ls_is_unbound (value))
    return call_original (vm, state, METHOD_EXCEPTION, args, n_args, kwnames, result);
  account (vm, 3, BOUND_EXIT_BYTES + STATE_LIST_BYTES (2));
  ls_condition_lock_take (vm, lock);
  ls_condition_lock_give_back (vm, lock);
  *result = value;
  return TRUE;
}

/* set_running_or_notify_cancel(self), for a pending future:
 *     with self._condition:
 *         if self._state == CANCELLED: ...
 *         elif self._state == PENDING:
 *             self._state = RUNNING
 *             return True */
static gboolean
future_set_running (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsStr *cancelled, *pending, *running;

  CONCURRENT_FUTURE_PROLOGUE (0, BOUND_EXIT_BYTES)
    return call_original (vm, state, METHOD_SET_RUNNING, args, n_args, kwnames, result);
  cancelled = global_str (vm, state, NAME_CANCELLED);
  pending = global_str (vm, state, NAME_PENDING);
  running = global_str (vm, state, NAME_RUNNING);
  if (cancelled == NULL || pending == NULL || running == NULL || same_state (self_state, cancelled) ||
      !same_state (self_state, pending))
    return call_original (vm, state, METHOD_SET_RUNNING, args, n_args, kwnames, result);
  account (vm, 3, BOUND_EXIT_BYTES);
  ls_condition_lock_take (vm, lock);
  /* the store of `self._state = RUNNING`: the instance dict's (class_plain),
   * a key it has, so nothing is allocated */
  ls_dict_set_str (vm, self->dict, state->names[NAME_STATE], ls_obj (running));
  ls_condition_lock_give_back (vm, lock);
  *result = LS_TRUE;
  return TRUE;
}

/* add_done_callback(self, fn), for a future not done:
 *     with self._condition:
 *         if self._state not in [CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED]:
 *             self._done_callbacks.append(fn)
 *             return */
static gboolean
future_add_done_callback (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue callbacks;
  gboolean done;

  CONCURRENT_FUTURE_PROLOGUE (1, BOUND_EXIT_BYTES + STATE_LIST_BYTES (3))
    return call_original (vm, state, METHOD_ADD_DONE_CALLBACK, args, n_args, kwnames, result);
  callbacks = instance_attribute (state, self, NAME_DONE_CALLBACKS);
  if (!state_in (vm, state, self_state, done_states, 3, &done) || done ||
      !ls_is_kind (callbacks, LS_KIND_LIST) || callbacks.o->cls != vm->types[LS_TYPE_LIST])
    return call_original (vm, state, METHOD_ADD_DONE_CALLBACK, args, n_args, kwnames, result);
  /* the calls of add_done_callback, __enter__ and __exit__; the list's
   * growth is the append's own */
  account (vm, 3, BOUND_EXIT_BYTES + STATE_LIST_BYTES (3));
  ls_condition_lock_take (vm, lock);
  ls_list_append (vm, (LsList *) callbacks.o, args[1]);
  ls_condition_lock_give_back (vm, lock);
  *result = LS_NONE;
  return TRUE;
}

LsClass *
ls_concurrent_future_class (LsVM *vm)
{
  return vm->concurrent_future_state != NULL ? vm->concurrent_future_state->cls : NULL;
}

gboolean
ls_concurrent_future_adds_callback_plainly (LsVM *vm, LsValue future, LsConcurrentFutureCallbackPlan *plan)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsValue args[2] = { future, LS_NONE }, method;
  LsInstance *self;
  LsStr *self_state;
  gboolean done;

  if (state == NULL || !ls_is_kind (state->add_done_callback, LS_KIND_NATIVE) ||
      (self = plain_future (vm, state, args, 2, NULL, 1, BOUND_EXIT_BYTES + STATE_LIST_BYTES (3))) == NULL ||
      !state_and_lock (vm, state, self, &self_state, &plan->lock) ||
      !state_in (vm, state, self_state, done_states, 3, &done) || done)
    return FALSE;
  /* LOAD_METHOD's: the instance dict lacks the name, the class (based on
   * object: class_plain) holds the native */
  method = ls_dict_get_str (state->cls->dict, ((LsNative *) state->add_done_callback.o)->name);
  plan->callbacks = instance_attribute (state, self, NAME_DONE_CALLBACKS);
  return method.tag == LS_TAG_OBJECT && method.o == state->add_done_callback.o &&
         ls_is_unbound (ls_dict_get_str (self->dict, ((LsNative *) method.o)->name)) &&
         ls_is_kind (plan->callbacks, LS_KIND_LIST) && plan->callbacks.o->cls == vm->types[LS_TYPE_LIST];
}

void
ls_concurrent_future_add_done_callback_planned (LsVM *vm, const LsConcurrentFutureCallbackPlan *plan, LsValue fn)
{
  /* future_add_done_callback's fast path past its checks */
  account (vm, 3, BOUND_EXIT_BYTES + STATE_LIST_BYTES (3));
  ls_condition_lock_take (vm, plan->lock);
  ls_list_append (vm, (LsList *) plan->callbacks.o, fn);
  ls_condition_lock_give_back (vm, plan->lock);
}

/* __init__(self):
 *     self._condition = threading.Condition()
 *     self._state = PENDING
 *     self._result = None
 *     self._exception = None
 *     self._waiters = []
 *     self._done_callbacks = []
 * for a fresh exact Future: threading.Condition() is called for real (the
 * call the interpreter makes of a class, with its own charges, frames and
 * safe points), the stores go to the instance dict as STORE_ATTR's do
 * (class_plain: nothing in the class intercepts them), in the same
 * order, so the heap grows by the same objects. */
/* What __init__ reads from the globals: threading.Condition (a class)
 * and PENDING, else FALSE */
static gboolean
future_init_globals (LsVM *vm, LsConcurrentFutureState *state, LsValue *condition_class, LsValue *pending)
{
  LsModule *threading = ls_value_module (ls_dict_get_str_cached (state->globals, state->names[NAME_THREADING],
                                                                 &state->caches[NAME_THREADING]));

  *condition_class = threading != NULL ? ls_dict_get_str (threading->dict, state->names[NAME_CONDITION_CLASS])
                                       : LS_UNBOUND;
  *pending = ls_dict_get_str_cached (state->globals, state->names[NAME_PENDING], &state->caches[NAME_PENDING]);
  return ls_is_kind (*condition_class, LS_KIND_CLASS) && !ls_is_unbound (*pending);
}

/* Whether `Future()` would make an instance and run __init__'s fast path
 * below all the way down (Condition() included), given the limits' room
 * the caller checks (depth, fuel, memory, no collection due). */
static gboolean
future_new_plain (LsVM *vm, LsConcurrentFutureState *state)
{
  guint64 epoch = ls_class_epoch ();
  LsValue condition_class, pending;

  if (!class_plain (vm, state))
    return FALSE;
  if (state->new_epoch != epoch)
    {
      LsDict *dict = state->cls->dict;
      LsValue init = ls_dict_get_str (dict, vm->names[LS_NAME___init__]);

      state->new_epoch = epoch;
      state->init_native = !state->cls->is_exception &&
                           ls_is_unbound (ls_dict_get_str (dict, vm->names[LS_NAME___new__])) &&
                           ls_is_kind (init, LS_KIND_NATIVE) && ((LsNative *) init.o)->func == future_init &&
                           ls_is_unbound (((LsNative *) init.o)->self)
                           ? (LsNative *) init.o : NULL;
    }
  return state->init_native != NULL && future_init_globals (vm, state, &condition_class, &pending) &&
         ls_condition_new_is_plain (vm, condition_class);
}

static gboolean
future_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsInstance *self;
  LsValue condition_class, pending, condition;
  gboolean handled, ok;
  static const FutureName stores[] = { NAME_STATE, NAME_RESULT, NAME_EXCEPTION, NAME_WAITERS, NAME_DONE_CALLBACKS };

  if (G_UNLIKELY (state == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "concurrent.futures.Future is not installed");
  if (n_args != 1 || (kwnames != NULL && kwnames->len > 0) || (self = ls_value_instance (args[0])) == NULL ||
      self->header.cls != state->cls || self->dict == NULL || self->dict->len > 0 || self->exception != NULL ||
      vm->depth + SKIPPED_FRAME_DEPTH + 2 >= vm->recursion_limit || vm->fuel < 2 || ls_gc_should_collect (vm) ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM ||
      !class_plain (vm, state))
    return call_original (vm, state, METHOD_INIT, args, n_args, kwnames, result);
  if (!future_init_globals (vm, state, &condition_class, &pending))
    return call_original (vm, state, METHOD_INIT, args, n_args, kwnames, result);
  /* the charge of the call of __init__ */
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  ok = ls_condition_new (vm, condition_class, &condition, &handled);
  if (!handled)
    ok = ls_call (vm, condition_class, NULL, 0, NULL, &condition);
  if (!ok)
    return FALSE;
  ls_instance_dict_store (vm, args[0], self->dict, state->names[NAME_CONDITION], condition);
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    {
      LsValue value = i == 0 ? pending : i < 3 ? LS_NONE : ls_obj (ls_list_new (vm, 0));

      ls_instance_dict_store (vm, args[0], self->dict, state->names[stores[i]], value);
    }
  *result = LS_NONE;
  return TRUE;
}

/* set_result(self, result), for a pending or running future that no
 * wait() watches:
 *     with self._condition:
 *         if self._state in {CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED}: raise ...
 *         self._result = result
 *         self._state = FINISHED
 *         for waiter in self._waiters: ...     # none
 *         self._condition.notify_all()         # wakes nobody
 *     self._invoke_callbacks()
 * The set and the list iterator the frame made and dropped are made here
 * too (the same allocations), and _invoke_callbacks, which runs the
 * callbacks, is called as the frame called it (its own charge, frame and
 * safe point). */
static gboolean
future_set_result (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue waiters, condition, ignored;
  gint64 notify_charge;
  gint invoked;
  gboolean done;

  CONCURRENT_FUTURE_PROLOGUE (1, BOUND_EXIT_BYTES + SET_OF_THREE_BYTES + sizeof (LsIterator))
    return call_original (vm, state, METHOD_SET_RESULT, args, n_args, kwnames, result);
  waiters = instance_attribute (state, self, NAME_WAITERS);
  condition = instance_attribute (state, self, NAME_CONDITION);
  if (!state_in (vm, state, self_state, done_states, 3, &done) || done || instance_attribute (state, self, NAME_RESULT).tag == LS_TAG_UNBOUND ||
      !ls_is_kind (waiters, LS_KIND_LIST) || waiters.o->cls != vm->types[LS_TYPE_LIST] || ((LsList *) waiters.o)->len != 0 ||
      !ls_is_unbound (ls_dict_get_str (self->dict, state->names[NAME_INVOKE_CALLBACKS])))
    return call_original (vm, state, METHOD_SET_RESULT, args, n_args, kwnames, result);
  ls_condition_lock_take (vm, lock);
  if (!ls_condition_notify_all_is_noop (vm, condition, lock, &notify_charge))
    {
      ls_condition_lock_give_back (vm, lock);
      return call_original (vm, state, METHOD_SET_RESULT, args, n_args, kwnames, result);
    }
  ls_condition_lock_give_back (vm, lock);
  /* the calls of set_result, __enter__ and __exit__, notify_all's, and the
   * `for` step that found the list empty; the frame's garbage: the bound
   * __exit__, the set of `in {...}` (three strs fit its first table) and
   * the list iterator.  Accounted, not made: made here they would be held
   * by the native's pin through the callbacks' collections, which the
   * frame's were not. */
  account (vm, 4 + notify_charge, BOUND_EXIT_BYTES + SET_OF_THREE_BYTES + sizeof (LsIterator));
  ls_condition_lock_take (vm, lock);
  ls_instance_dict_store (vm, args[0], self->dict, state->names[NAME_RESULT], args[1]);
  ls_instance_dict_store (vm, args[0], self->dict, state->names[NAME_STATE], ls_obj (global_str (vm, state, NAME_FINISHED)));
  ls_condition_lock_give_back (vm, lock);
  /* the chain's callback alone (every to_thread's) in C, else the method */
  invoked = ls_asyncio_executor_invoke_chain (vm, (LsFunction *) state->invoke_callbacks.o, args[0],
                                              instance_attribute (state, self, NAME_DONE_CALLBACKS));
  if (invoked < 0 ||
      (invoked == 0 && !ls_vm_call_as_inline (vm, (LsFunction *) state->invoke_callbacks.o, args, 1, NULL, &ignored)))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

/* _WorkItem's class checks, made again when the class-cache epoch moved:
 * based on object, no __setattr__, none of the four names in its
 * namespace; and (work_item_new_plain) `_WorkItem(...)` makes an instance
 * and calls the native __init__ */
static gboolean
work_item_class_plain (LsVM *vm, LsConcurrentFutureState *state)
{
  guint64 epoch = ls_class_epoch ();
  LsDict *dict = state->work_item_cls->dict;
  LsValue init;

  if (G_LIKELY (state->work_item_epoch == epoch))
    return state->work_item_plain;
  state->work_item_epoch = epoch;
  state->work_item_plain = state->work_item_cls->base == vm->types[LS_TYPE_OBJECT] &&
                           ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_SETATTR]));
  for (guint i = 0; i < G_N_ELEMENTS (state->work_item_names) && state->work_item_plain; i++)
    state->work_item_plain = ls_is_unbound (ls_dict_get_str (dict, state->work_item_names[i]));
  init = ls_dict_get_str (dict, vm->names[LS_NAME___init__]);
  state->work_item_new_plain = state->work_item_plain && !state->work_item_cls->is_exception &&
                               ls_is_unbound (ls_dict_get_str (dict, vm->names[LS_NAME___new__])) &&
                               ls_is_kind (init, LS_KIND_NATIVE) && ((LsNative *) init.o)->func == work_item_init &&
                               ls_is_unbound (((LsNative *) init.o)->self);
  state->work_item_init_native = state->work_item_new_plain ? (LsNative *) init.o : NULL;
  return state->work_item_plain;
}

/* _WorkItem.__init__(self, future, fn, args, kwargs): four stores, for
 * every submit.  For a fresh exact _WorkItem whose class intercepts none
 * of them (based on object, no __setattr__, none of the four names in its
 * namespace), the stores go to the instance dict as STORE_ATTR's do, in
 * the same order; the call's charge is taken, and when a collection is
 * due at the frame's safe point, or a depth limit is near, the Python
 * method runs. */
static gboolean
work_item_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsInstance *self;

  if (G_UNLIKELY (state == NULL || state->work_item_cls == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "concurrent.futures._WorkItem is not installed");
  (void) work_item_class_plain (vm, state);
  if (n_args != 5 || (kwnames != NULL && kwnames->len > 0) || (self = ls_value_instance (args[0])) == NULL ||
      self->header.cls != state->work_item_cls || self->dict == NULL || self->dict->len > 0 ||
      self->exception != NULL || !state->work_item_plain || vm->depth + 2 >= vm->recursion_limit ||
      vm->fuel < 1 || ls_gc_should_collect (vm))
    return ls_vm_call_as_inline (vm, (LsFunction *) state->work_item_init.o, args, n_args, kwnames, result);
  /* the charge of the call of __init__ */
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (state->work_item_names); i++)
    ls_instance_dict_store (vm, args[0], self->dict, state->work_item_names[i], args[1 + i]);
  *result = LS_NONE;
  return TRUE;
}

/* What source.result() returns when the natives above would answer
 * done(), cancelled(), exception() and result() of `source`, one after
 * the other, without a thread being able to take the lock between them:
 * a finished exact Future with a result, its Condition's lock free or
 * ours and nobody waiting for it.  FALSE (nothing changed) otherwise. */
static gboolean
finished_with_result (LsVM *vm, LsConcurrentFutureState *state, LsValue source, LsValue *value)
{
  LsInstance *self = plain_future (vm, state, &source, 1, NULL, 0,
                                   4 * BOUND_EXIT_BYTES + STATE_LIST_BYTES (3) + 3 * STATE_LIST_BYTES (2));
  LsStr *self_state;
  gpointer lock;

  if (self == NULL || !state_and_lock (vm, state, self, &self_state, &lock) || !ls_condition_lock_unwaited (lock) ||
      !finished (vm, state, self_state) ||
      !ls_is_unbound (ls_dict_get_str (self->dict, state->names[NAME_GET_RESULT])) ||
      !ls_is_none (instance_attribute (state, self, NAME_EXCEPTION)))
    return FALSE;
  *value = instance_attribute (state, self, NAME_RESULT);
  return !ls_is_unbound (*value);
}

/* Whether copy_future_state's fast path (below) takes these arguments,
 * filling `plan`.  Reads only. */
static gboolean
copy_plain (LsVM *vm, LsConcurrentFutureState *state, LsValue source, LsValue dest, LsConcurrentFutureCopyPlan *plan)
{
  LsFuture *future;

  if (!ls_future_is_exact (vm, dest) || (future = ls_future_from_value (dest)) == NULL ||
      future->state != LS_FUTURE_PENDING || ls_is_unbound (future->loop) ||
      vm->depth + SKIPPED_FRAME_DEPTH + 2 >= vm->recursion_limit || vm->fuel < 15 ||
      !finished_with_result (vm, state, source, &plan->value))
    return FALSE;
  plan->set_result = ls_class_lookup (dest.o->cls, state->names[NAME_SET_RESULT]);
  return ls_is_kind (plan->set_result, LS_KIND_NATIVE) && ((LsNative *) plan->set_result.o)->is_method;
}

/* asyncio.futures._copy_future_state(source, dest), for a concurrent
 * future finished with a result and a pending asyncio Future:
 *     assert source.done()
 *     if dest.cancelled(): return
 *     assert not dest.done()
 *     if source.cancelled(): ...
 *     else:
 *         exception = source.exception()
 *         if exception is not None: ...
 *         else:
 *             result = source.result()
 *             dest.set_result(result)
 * (the loop's half of every to_thread).  The concurrent future's four
 * queries are the natives' fast paths above, charged and accounted as
 * they would be; the asyncio Future's are its C methods (an exact
 * Future's, which charge nothing), set_result called as the frame called
 * it. */
static gboolean
copy_future_state (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsConcurrentFutureCopyPlan plan;

  if (G_UNLIKELY (state == NULL || ls_is_unbound (state->copy_original)))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_copy_future_state is not installed");
  if (n_args != 2 || (kwnames != NULL && kwnames->len > 0) || !copy_plain (vm, state, args[0], args[1], &plan))
    return ls_vm_call_as_inline (vm, (LsFunction *) state->copy_original.o, args, n_args, kwnames, result);
  if (!ls_concurrent_future_copy_state_planned (vm, args[1], &plan))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

gboolean
ls_concurrent_future_copy_state_plain (LsVM *vm, LsValue copy, LsValue source, LsValue dest,
                                       LsConcurrentFutureCopyPlan *plan)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;

  return state != NULL && !ls_is_unbound (state->copy_native) && copy.tag == LS_TAG_OBJECT &&
         copy.o == state->copy_native.o && copy_plain (vm, state, source, dest, plan);
}

gboolean
ls_concurrent_future_copy_state_planned (LsVM *vm, LsValue dest, const LsConcurrentFutureCopyPlan *plan)
{
  LsValue call_args[2] = { dest, plan->value }, ignored;

  /* the call of _copy_future_state; done() 3, cancelled() 3,
   * exception() 3, result() 4 (the call, __enter__, [_get_result],
   * __exit__) and what their frames dropped */
  account (vm, 14, 4 * BOUND_EXIT_BYTES + STATE_LIST_BYTES (3) + 3 * STATE_LIST_BYTES (2));
  return ls_call (vm, plan->set_result, call_args, 2, NULL, &ignored);
}

/* asyncio.futures' `_copy_future_state`, when that module is loaded and
 * its global is still the library's function: the native takes its place
 * (concurrent.futures is loaded after asyncio by run_in_executor). */
static void
install_copy_future_state (LsVM *vm, LsConcurrentFutureState *state)
{
  LsModule *futures = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "asyncio.futures")));
  LsStr *name = ls_str_intern_cstr (vm, "_copy_future_state");
  LsValue original;
  LsFunction *function;

  state->copy_original = state->copy_native = LS_UNBOUND;
  if (futures == NULL)
    return;
  original = ls_dict_get_str (futures->dict, name);
  if (!ls_is_kind (original, LS_KIND_FUNCTION))
    return;
  function = (LsFunction *) original.o;
  if (function->globals != futures->dict || !ls_str_equal (function->code->name, name))
    return;
  state->copy_original = original;
  state->copy_native = ls_obj (ls_native_new (vm, "_copy_future_state", copy_future_state));
  ls_dict_set_str (vm, futures->dict, name, state->copy_native);
}

/* The depth below the caller that _adjust_thread_count's frame and what
 * acquire's fast path skips reach, with acquire's own margin */
#define POOL_SKIPPED_DEPTH 6

/* What submit reads from self (the first four from the instance dict;
 * LOAD_METHOD looks for the last there first) and from its globals */
typedef enum
{
  SUBMIT_SHUTDOWN_LOCK,
  SUBMIT_BROKEN,
  SUBMIT_SHUTDOWN,
  SUBMIT_WORK_QUEUE,
  SUBMIT_ADJUST,
} SubmitName;

static const char *const submit_name_texts[] = {
  "_shutdown_lock", "_broken", "_shutdown", "_work_queue", "_adjust_thread_count",
};

typedef enum
{
  SUBMIT_GLOBAL_LOCK,
  SUBMIT_GLOBAL_SHUTDOWN,
  SUBMIT_GLOBAL_FUTURE,
  SUBMIT_GLOBAL_WORK_ITEM,
} SubmitGlobal;

static const char *const submit_global_texts[] = {
  "_global_shutdown_lock", "_shutdown", "Future", "_WorkItem",
};

/* ThreadPoolExecutor's class checks, made again when the class-cache
 * epoch moved: none of the three attributes _adjust_thread_count reads
 * is found along the MRO (so the instance dict answers), and attribute
 * reads are object's. */
static gboolean
pool_class_plain (LsVM *vm, LsConcurrentFutureState *state)
{
  guint64 epoch = ls_class_epoch ();
  LsStr *getattribute = state->names[NAME_GETATTRIBUTE];
  LsValue own, object;

  if (G_LIKELY (state->pool_epoch == epoch))
    return state->pool_plain;
  state->pool_epoch = epoch;
  own = ls_class_lookup (state->pool_cls, getattribute);
  object = ls_class_lookup (vm->types[LS_TYPE_OBJECT], getattribute);
  state->pool_plain = own.tag == object.tag && (own.tag != LS_TAG_OBJECT || own.o == object.o);
  for (guint i = 0; i < G_N_ELEMENTS (state->pool_names) && state->pool_plain; i++)
    state->pool_plain = ls_is_unbound (ls_class_lookup (state->pool_cls, state->pool_names[i]));
  state->submit_plain = state->pool_plain;
  for (guint i = 0; i < SUBMIT_ADJUST && state->submit_plain; i++)
    state->submit_plain = ls_is_unbound (ls_class_lookup (state->pool_cls, state->submit_names[i]));
  if (state->submit_plain)
    {
      LsValue adjust = ls_class_lookup (state->pool_cls, state->submit_names[SUBMIT_ADJUST]);

      state->submit_plain = adjust.tag == LS_TAG_OBJECT && state->pool_adjust_native.tag == LS_TAG_OBJECT &&
                            adjust.o == state->pool_adjust_native.o;
    }
  return state->pool_plain;
}

/* Whether _adjust_thread_count(self) would take the fast path below, with
 * `extra_depth` frames skipped above it: *plan the acquire's.  Reads
 * only. */
static gboolean
pool_adjust_plain (LsVM *vm, LsConcurrentFutureState *state, LsValue value, guint extra_depth,
                   LsSemaphoreZeroAcquire *plan)
{
  LsFunction *original = (LsFunction *) state->pool_adjust.o;
  LsInstance *self;
  LsValue semaphore, threads, max_workers, len;

  if ((self = ls_value_instance (value)) == NULL ||
      self->header.cls != state->pool_cls || self->dict == NULL || self->exception != NULL ||
      vm->depth + extra_depth + POOL_SKIPPED_DEPTH >= vm->recursion_limit || ls_gc_should_collect (vm) ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM ||
      !pool_class_plain (vm, state))
    return FALSE;
  semaphore = ls_dict_get_str_hinted (self->dict, state->pool_names[0], &state->pool_hints[0]);
  threads = ls_dict_get_str_hinted (self->dict, state->pool_names[1], &state->pool_hints[1]);
  max_workers = ls_dict_get_str_hinted (self->dict, state->pool_names[2], &state->pool_hints[2]);
  len = ls_is_unbound (ls_dict_get_str_cached (original->globals, state->len_name, &state->len_cache[0]))
        ? ls_dict_get_str_cached (vm->builtins, state->len_name, &state->len_cache[1])
        : LS_UNBOUND;
  return ls_is_kind (threads, LS_KIND_SET) && threads.o->cls == vm->types[LS_TYPE_SET] && ls_is_int (max_workers) &&
         (gint64) ((LsSet *) threads.o)->used >= max_workers.i &&
         len.tag == LS_TAG_OBJECT && state->len_builtin.tag == LS_TAG_OBJECT && len.o == state->len_builtin.o &&
         ls_semaphore_acquire_zero_plain (vm, semaphore, 1, plan);
}

/* ThreadPoolExecutor._adjust_thread_count(self), at a submit that finds
 * the pool full and no worker idle (every submit of a long run):
 *     if self._idle_semaphore.acquire(timeout=0):     # False
 *         return
 *     num_threads = len(self._threads)
 *     if num_threads < self._max_workers:              # not taken
 *         ...
 * when self is an exact ThreadPoolExecutor whose class hides none of the
 * three attributes, `_threads` an exact set at least `_max_workers` (an
 * int) long, `len` the builtin, and `acquire(timeout=0)` sure to be the
 * Semaphore native's fast path (ls_semaphore_acquire_zero_plain): then
 * nothing on the way can raise, wait or run scenario code, and the frame's
 * work is done here.  Its charge (the call) is taken, its safe point (the
 * entry) has nothing to do (no collection due, limits far), its pool block
 * is held around the acquire as the frame was; the acquire charges and
 * makes what it made.  Otherwise the Python method runs. */
static gboolean
pool_adjust_thread_count (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsValue ignored;
  LsSemaphoreZeroAcquire plan;
  LsFunction *original;
  gpointer block;
  gsize size;
  gboolean ok;

  if (G_UNLIKELY (state == NULL || state->pool_cls == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "concurrent.futures.ThreadPoolExecutor is not installed");
  original = (LsFunction *) state->pool_adjust.o;
  if (n_args != 1 || (kwnames != NULL && kwnames->len > 0) || !pool_adjust_plain (vm, state, args[0], 0, &plan))
    return ls_vm_call_as_inline (vm, original, args, n_args, kwnames, result);
  /* the call's charge (the fuel covers it: the reserve asked for above),
   * then the frame's block while acquire runs */
  (void) ls_vm_burn (vm, 1);
  size = ls_frame_size (original->code);
  block = ls_pool_alloc (&vm->pool, size);
  ok = ls_semaphore_acquire_zero (vm, &plan, &ignored);
  ls_pool_free (&vm->pool, block, size);
  *result = LS_NONE;
  return ok;
}

/* How far below submit's caller the deepest call of its skipped frame
 * goes (_adjust_thread_count's own skipped frames), with a margin */
#define SUBMIT_SKIPPED_DEPTH (POOL_SKIPPED_DEPTH + 4)
/* Fuel that covers every charge on submit's way (its call, __init__s,
 * the Condition's RLock(), put's five, the acquire's) with a margin, so
 * that no limit check falls inside */
#define SUBMIT_FUEL 64
/* A bound on what submit's way allocates (the Future with its Condition
 * and RLock, the _WorkItem, the kwargs dict, the bound __exit__s, put's
 * append), so that no collection comes due inside: the natives on the
 * way then take their fast paths as the frame's calls would */
#define SUBMIT_ROOM (16u << 10)

/* self.<name> from the instance dict, where __init__ put it */
static inline LsValue
pool_attribute (LsConcurrentFutureState *state, LsInstance *self, SubmitName name)
{
  return ls_dict_get_str_hinted (self->dict, state->submit_names[name], &state->submit_hints[name]);
}

static inline LsValue
submit_global (LsConcurrentFutureState *state, LsFunction *original, SubmitGlobal name)
{
  return ls_dict_get_str_cached (original->globals, state->submit_globals[name], &state->submit_caches[name]);
}

static inline gboolean
is_false (LsValue value)
{
  return ls_is_bool (value) && !ls_as_int (value);
}

static inline gboolean
same_object (LsValue value, LsObject *object)
{
  return value.tag == LS_TAG_OBJECT && value.o == object;
}

/* `cls(*args)` for a class without a __new__ of its own whose __init__ is
 * the unbound native `init`: what ls_call's construct() does after its
 * lookups (the instance, held as a root while __init__ runs as
 * call_native runs it).  The natives here return None. */
static gboolean
construct_plain (LsVM *vm, LsClass *cls, LsNative *init, const LsValue *args, guint n_args, LsValue *out)
{
  LsValue all[5], result;
  gboolean ok;

  g_assert (n_args < G_N_ELEMENTS (all));
  *out = ls_obj (ls_instance_new (vm, cls));
  all[0] = *out;
  if (n_args > 0)
    memcpy (all + 1, args, n_args * sizeof (LsValue));
  ls_vm_push_root (vm, *out);
  ok = ls_vm_call_unbound_native (vm, init, all, n_args + 1, NULL, &result);
  ls_vm_pop_roots (vm, 1);
  g_assert (!ok || ls_is_none (result));
  return ok;
}

/* ThreadPoolExecutor.submit(self, fn), as asyncio's run_in_executor calls
 * it (every to_thread):
 *     with self._shutdown_lock, _global_shutdown_lock:
 *         if self._broken: raise ...        # False
 *         if self._shutdown: raise ...      # False
 *         if _shutdown: raise ...           # False
 *         f = Future()
 *         w = _WorkItem(f, fn, args, kwargs)
 *         self._work_queue.put(w)
 *         self._adjust_thread_count()
 *         return f
 * when everything on the way is sure to be a native's fast path: self an
 * exact ThreadPoolExecutor whose class hides none of the attributes, both
 * locks exact free _thread locks (distinct), the three flags False, the
 * globals the library's classes, Future() and _WorkItem() made by their
 * native __init__s on their fast paths, put() finding no thread to wake,
 * _adjust_thread_count() finding the pool full.  Then nothing can raise,
 * wait, wake a thread or run scenario code, and no frame runs below (so
 * no safe point: no collection comes due within SUBMIT_ROOM).  What the
 * frame did is done in its order: its charge and depth, its pool block,
 * the kwargs dict its `**kwargs` made (`*args` is the empty tuple), the
 * bound __exit__s of the `with`s, the locks taken, the calls as CALL and
 * CALL_METHOD make them, the locks given back.  Otherwise the Python method runs. */
static gboolean
pool_submit (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsValue shutdown_lock, global_lock, queue, future, work_item, item_args[4], ignored;
  LsSemaphoreZeroAcquire acquire;
  LsSimpleQueuePutPlan put;
  LsFunction *original;
  LsInstance *self;
  gpointer lock, global, block, adjust_block;
  gsize size, adjust_size;
  gboolean ok;

  if (G_UNLIKELY (state == NULL || state->pool_cls == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "concurrent.futures.ThreadPoolExecutor is not installed");
  original = (LsFunction *) state->pool_submit.o;
  if (n_args != 2 || (kwnames != NULL && kwnames->len > 0) || (self = ls_value_instance (args[0])) == NULL ||
      self->header.cls != state->pool_cls || self->dict == NULL || self->exception != NULL ||
      vm->depth + SUBMIT_SKIPPED_DEPTH >= vm->recursion_limit || vm->fuel < SUBMIT_FUEL ||
      vm->native_depth + 4 >= LS_VM_MAX_NATIVE_DEPTH || vm->empty_tuple == NULL ||
      ls_gc_should_collect (vm) || vm->bytes_allocated + SUBMIT_ROOM > vm->next_collection ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM + SUBMIT_ROOM ||
      !pool_class_plain (vm, state) || !state->submit_plain || state->work_item_cls == NULL)
    return ls_vm_call_as_inline (vm, original, args, n_args, kwnames, result);
  shutdown_lock = pool_attribute (state, self, SUBMIT_SHUTDOWN_LOCK);
  global_lock = submit_global (state, original, SUBMIT_GLOBAL_LOCK);
  queue = pool_attribute (state, self, SUBMIT_WORK_QUEUE);
  if ((lock = ls_lock_free_plain (vm, shutdown_lock)) == NULL ||
      (global = ls_lock_free_plain (vm, global_lock)) == NULL || lock == global ||
      !is_false (pool_attribute (state, self, SUBMIT_BROKEN)) ||
      !is_false (pool_attribute (state, self, SUBMIT_SHUTDOWN)) ||
      !is_false (submit_global (state, original, SUBMIT_GLOBAL_SHUTDOWN)) ||
      !same_object (submit_global (state, original, SUBMIT_GLOBAL_FUTURE), (LsObject *) state->cls) ||
      !same_object (submit_global (state, original, SUBMIT_GLOBAL_WORK_ITEM), (LsObject *) state->work_item_cls) ||
      !future_new_plain (vm, state) || !work_item_class_plain (vm, state) || !state->work_item_new_plain ||
      !ls_is_unbound (ls_dict_get_str (self->dict, state->submit_names[SUBMIT_ADJUST])) ||
      !ls_simple_queue_put_plan (vm, queue, 1, &put) || !pool_adjust_plain (vm, state, args[0], 1, &acquire))
    return ls_vm_call_as_inline (vm, original, args, n_args, kwnames, result);
  /* the frame: its call's charge, its block, its depth, `**kwargs` */
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  size = ls_frame_size (original->code);
  block = ls_pool_alloc (&vm->pool, size);
  vm->depth++;
  item_args[3] = ls_obj (ls_dict_new (vm));
  /* the `with`s: each its bound __exit__ (made for real: a thread that
   * sleeps inside a native pins everything made after it, garbage too),
   * then the lock's __enter__ */
  (void) ls_bound_method_new (vm, shutdown_lock, ls_dict_get_str (shutdown_lock.o->cls->dict, vm->names[LS_NAME___exit__]));
  ls_condition_lock_take (vm, lock);
  (void) ls_bound_method_new (vm, global_lock, ls_dict_get_str (global_lock.o->cls->dict, vm->names[LS_NAME___exit__]));
  ls_condition_lock_take (vm, global);
  ok = construct_plain (vm, state->cls, state->init_native, NULL, 0, &future);
  if (ok)
    {
      item_args[0] = future;
      item_args[1] = args[1];
      item_args[2] = ls_obj (vm->empty_tuple);
      ok = construct_plain (vm, state->work_item_cls, state->work_item_init_native, item_args, 4, &work_item);
    }
  if (ok)
    {
      /* put's fast path and _adjust_thread_count's (the call's charge, its
       * frame's block around the acquire), as their natives do them */
      ok = ls_simple_queue_put_planned (vm, &put, work_item) && ls_vm_burn (vm, 1);
      if (ok)
        {
          adjust_size = ls_frame_size (((LsFunction *) state->pool_adjust.o)->code);
          adjust_block = ls_pool_alloc (&vm->pool, adjust_size);
          ok = ls_semaphore_acquire_zero (vm, &acquire, &ignored);
          ls_pool_free (&vm->pool, adjust_block, adjust_size);
        }
    }
  /* the `with`s' ends, the inner first */
  ls_condition_lock_give_back (vm, global);
  ls_condition_lock_give_back (vm, lock);
  vm->depth--;
  ls_pool_free (&vm->pool, block, size);
  *result = future;
  return ok;
}

/* _loopscope.pool_natives(ThreadPoolExecutor): its _adjust_thread_count
 * and submit in C, after work_item_natives(). */
static gboolean
pool_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  static const char *const texts[] = { "_idle_semaphore", "_threads", "_max_workers" };
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsStr *name = ls_str_intern_cstr (vm, "_adjust_thread_count");
  LsClass *cls;

  if (!ls_check_args (vm, "pool_natives", n_args, kwnames, 1, 1))
    return FALSE;
  if (state == NULL || (cls = ls_value_class (args[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "pool_natives() needs ThreadPoolExecutor, after future_natives()");
  state->pool_adjust = ls_dict_get_str (cls->dict, name);
  state->len_name = ls_str_intern_cstr (vm, "len");
  state->len_builtin = ls_dict_get_str (vm->builtins, state->len_name);
  if (!ls_is_kind (state->pool_adjust, LS_KIND_FUNCTION) || !ls_is_kind (state->len_builtin, LS_KIND_NATIVE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "ThreadPoolExecutor._adjust_thread_count is not the library's");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    state->pool_names[i] = ls_str_intern_cstr (vm, texts[i]);
  state->pool_submit = ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, "submit"));
  if (!ls_is_kind (state->pool_submit, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "ThreadPoolExecutor.submit is not the library's");
  for (guint i = 0; i < G_N_ELEMENTS (state->submit_names); i++)
    state->submit_names[i] = ls_str_intern_cstr (vm, submit_name_texts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (state->submit_globals); i++)
    state->submit_globals[i] = ls_str_intern_cstr (vm, submit_global_texts[i]);
  state->pool_cls = cls;
  state->pool_epoch = G_MAXUINT64;
  ls_class_add_method (vm, cls, "_adjust_thread_count", (gpointer) pool_adjust_thread_count);
  state->pool_adjust_native = ls_dict_get_str (cls->dict, state->submit_names[SUBMIT_ADJUST]);
  ls_class_add_method (vm, cls, "submit", (gpointer) pool_submit);
  *result = LS_NONE;
  return TRUE;
}

/* _loopscope.work_item_natives(_WorkItem): its __init__ in C, after
 * future_natives(). */
static gboolean
work_item_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  static const char *const texts[] = { "future", "fn", "args", "kwargs" };
  LsConcurrentFutureState *state = vm->concurrent_future_state;
  LsClass *cls;

  if (!ls_check_args (vm, "work_item_natives", n_args, kwnames, 1, 1))
    return FALSE;
  if (state == NULL || (cls = ls_value_class (args[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "work_item_natives() needs _WorkItem, after future_natives()");
  state->work_item_init = ls_dict_get_str (cls->dict, vm->names[LS_NAME___init__]);
  if (!ls_is_kind (state->work_item_init, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_WorkItem.__init__ is not a Python function");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    state->work_item_names[i] = ls_str_intern_cstr (vm, texts[i]);
  state->work_item_cls = cls;
  state->work_item_epoch = G_MAXUINT64;
  ls_class_add_method (vm, cls, "__init__", (gpointer) work_item_init);
  install_copy_future_state (vm, state);
  *result = LS_NONE;
  return TRUE;
}

static const struct
{
  const char   *name;
  LsNativeFunc  func;
} future_methods[N_METHODS] = {
  [METHOD_DONE] = { "done", future_done },
  [METHOD_CANCELLED] = { "cancelled", future_cancelled },
  [METHOD_RESULT] = { "result", future_result },
  [METHOD_EXCEPTION] = { "exception", future_exception },
  [METHOD_SET_RUNNING] = { "set_running_or_notify_cancel", future_set_running },
  [METHOD_ADD_DONE_CALLBACK] = { "add_done_callback", future_add_done_callback },
  [METHOD_INIT] = { "__init__", future_init },
  [METHOD_SET_RESULT] = { "set_result", future_set_result },
};

/* _loopscope.future_natives(Future): called once by concurrent.futures,
 * at its end.  The natives take the methods' places in the namespace, the
 * Python methods kept for every other case. */
static gboolean
future_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_loopscope"));
  LsConcurrentFutureState *state;
  LsClass *cls;

  if (!ls_check_args (vm, "future_natives", n_args, kwnames, 1, 1))
    return FALSE;
  if ((cls = ls_value_class (args[0])) == NULL || cls->base != vm->types[LS_TYPE_OBJECT])
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "future_natives() needs concurrent.futures.Future");
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_loopscope is not loaded");
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsConcurrentFutureState));
  state->header.vtable = &state_vtable;
  for (guint i = 0; i < N_NAMES; i++)
    state->names[i] = ls_str_intern_cstr (vm, name_texts[i]);
  for (guint i = 0; i < N_METHODS; i++)
    {
      state->originals[i] = ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, future_methods[i].name));
      if (!ls_is_kind (state->originals[i], LS_KIND_FUNCTION))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "Future.%s is not a Python function", future_methods[i].name);
    }
  state->get_result = ls_dict_get_str (cls->dict, state->names[NAME_GET_RESULT]);
  state->invoke_callbacks = ls_dict_get_str (cls->dict, state->names[NAME_INVOKE_CALLBACKS]);
  if (!ls_is_kind (state->get_result, LS_KIND_FUNCTION) || !ls_is_kind (state->invoke_callbacks, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Future._get_result or _invoke_callbacks is not a Python function");
  state->cls = cls;
  state->copy_original = state->copy_native = LS_UNBOUND;
  state->add_done_callback = LS_UNBOUND;
  state->globals = ((LsFunction *) state->originals[METHOD_DONE].o)->globals;
  state->epoch = G_MAXUINT64;
  state->new_epoch = G_MAXUINT64;
  /* the module keeps the state alive */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_future_natives"), ls_obj (state));
  vm->concurrent_future_state = state;
  for (guint i = 0; i < N_METHODS; i++)
    {
      LsNative *native = ls_native_new (vm, future_methods[i].name, future_methods[i].func);

      native->is_method = TRUE;
      ls_dict_set_str (vm, cls->dict, native->name, ls_obj (native));
      if (i == METHOD_ADD_DONE_CALLBACK)
        state->add_done_callback = ls_obj (native);
    }
  *result = LS_NONE;
  return TRUE;
}

void
ls_concurrent_future_add_loopscope_functions (LsVM     *vm,
                                              LsModule *loopscope)
{
  ls_module_add_function (vm, loopscope, "future_natives", future_natives);
  ls_module_add_function (vm, loopscope, "work_item_natives", work_item_natives);
  ls_module_add_function (vm, loopscope, "pool_natives", pool_natives);
}
