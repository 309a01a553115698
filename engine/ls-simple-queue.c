/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-simple-queue.c — queue.SimpleQueue's common put() and get() in C
 * (see ls-simple-queue.h).
 *
 *     def put(self, item, block=True, timeout=None):
 *         with self._cond:
 *             self._q.append(item)
 *             self._cond.notify()
 *
 *     def get(self, block=True, timeout=None):
 *         with self._cond:
 *             ...
 *             elif timeout is None:
 *                 while not self._q:
 *                     self._cond.wait()
 *             ...
 *             return self._q.popleft()
 *
 * Each was a Python frame around a `with` (~3,400 instructions).  The
 * natives take the methods' places in SimpleQueue's namespace and do
 * their work when nothing on the way can raise, block, wake a thread or
 * run scenario code: self is an exact SimpleQueue whose class hides
 * neither `_q` nor `_cond`; `_q` is the simulator's FIFO with its class's
 * methods as installed; `with self._cond` would take the lock at once
 * through threading.Condition's natives (ls-threadlib.c); put's notify()
 * finds no thread waiting; get() is called without arguments and finds an
 * item.
 *
 * What the skipped frame did besides is done too: each Python call
 * (put or get, the Condition's __enter__, __exit__, and notify with its
 * _is_owned) charges an instruction, taken at once when the fuel covers
 * them (else the Python method runs and stops where it did); its depth
 * checks are made with a margin; the heap grows by the bound __exit__ the
 * `with` made and dropped, so collections come at the same allocations,
 * and when one is due at the frame's safe point, or the memory limit is
 * near, the Python method runs and collects where it did.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-simple-queue.h"

#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-fifo.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-ops.h"
#include "ls-str.h"
#include "ls-threadlib.h"
#include "ls-vm-private.h"

typedef enum
{
  METHOD_PUT,
  METHOD_GET,
  N_METHODS
} SimpleQueueMethod;

typedef enum
{
  NAME_Q,                   /* in the instance dict */
  NAME_COND,
  NAME_GETATTRIBUTE,        /* in the class's namespace */
  NAME_APPEND,              /* in the FIFO class's */
  NAME_POPLEFT,
  NAME_BOOL,
  NAME_BLOCK,               /* get's keyword */
  NAME_PUT,                 /* in the class's namespace */
  N_NAMES
} SimpleQueueName;

static const char *const name_texts[N_NAMES] = {
  "_q", "_cond", "__getattribute__", "append", "popleft", "__bool__", "block", "put",
};

typedef struct _LsSimpleQueueState
{
  LsExtension    header;
  LsValue        originals[N_METHODS];
  LsClass       *cls;             /* queue.SimpleQueue */
  LsClass       *fifo_cls;        /* _lsfifo.deque */
  LsValue        fifo_methods[3]; /* its append, popleft, __bool__ as installed */
  LsStr         *names[N_NAMES];
  LsDictStrHint  hints[N_NAMES];  /* where the instance dicts hold them (ls_dict_get_str_hinted) */
  /* class_plain's answer at this class epoch */
  guint64        epoch;
  gboolean       plain;
  LsValue        put_method;      /* put's native, when the class's `put` is it
                                   * (else LS_UNBOUND), at this epoch */
} LsSimpleQueueState;

static void
state_mark (LsVM     *vm,
            LsObject *object)
{
  LsSimpleQueueState *self = (LsSimpleQueueState *) object;

  ls_gc_mark_values (vm, self->originals, N_METHODS);
  ls_gc_mark_object (vm, (LsObject *) self->cls);
  ls_gc_mark_object (vm, (LsObject *) self->fifo_cls);
  ls_gc_mark_values (vm, self->fifo_methods, G_N_ELEMENTS (self->fifo_methods));
  ls_gc_mark_values (vm, &self->put_method, 1);
  for (guint i = 0; i < N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->names[i]);
}

static const LsExtensionVTable state_vtable = { "queue.SimpleQueue natives", state_mark, NULL };

/* The Condition's natives that the skipped frame called are this many
 * levels below the caller. */
#define SKIPPED_FRAME_DEPTH 2

/* The most instructions a fast path charges (put: the call, __enter__,
 * notify, its _is_owned, __exit__). */
#define MAX_CHARGE 5

/* Room left below the memory limit for a fast path to go on without a
 * check, and a bound on what put's append may allocate. */
#define MEMORY_ROOM (64u << 10)

#define BOUND_EXIT_BYTES (sizeof (LsBoundMethod))

static inline gboolean
same (LsValue a, LsValue b)
{
  return a.tag == LS_TAG_OBJECT && b.tag == LS_TAG_OBJECT && a.o == b.o;
}

static gboolean simple_queue_put (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);

/* The class checks, made again when the class-cache epoch moved:
 * SimpleQueue (based on object) hides neither `_q` nor `_cond` and has no
 * __getattribute__; the FIFO's methods are the ones installed. */
static gboolean
class_plain (LsVM *vm, LsSimpleQueueState *state)
{
  guint64 epoch = ls_class_epoch ();
  LsDict *dict = state->cls->dict;

  if (G_LIKELY (state->epoch == epoch))
    return state->plain;
  state->epoch = epoch;
  state->plain = state->cls->base == vm->types[LS_TYPE_OBJECT] &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_Q])) &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_COND])) &&
                 ls_is_unbound (ls_dict_get_str (dict, state->names[NAME_GETATTRIBUTE]));
  for (guint i = 0; i < G_N_ELEMENTS (state->fifo_methods) && state->plain; i++)
    state->plain = same (ls_dict_get_str (state->fifo_cls->dict, state->names[NAME_APPEND + i]),
                         state->fifo_methods[i]);
  state->put_method = ls_class_lookup (state->cls, state->names[NAME_PUT]);
  if (!ls_is_kind (state->put_method, LS_KIND_NATIVE) || ((LsNative *) state->put_method.o)->func != simple_queue_put ||
      !ls_is_unbound (((LsNative *) state->put_method.o)->self))
    state->put_method = LS_UNBOUND;
  return state->plain;
}

/* The FIFO and the lock when a fast path may run: an exact SimpleQueue,
 * limits far, the classes as installed, the lock free for the `with` */
static LsFifo *
plain_queue (LsVM *vm, LsSimpleQueueState *state, LsValue value, LsValue *condition, gpointer *lock)
{
  LsInstance *self = ls_value_instance (value);
  LsValue q;

  if (self == NULL || self->header.cls != state->cls || self->dict == NULL ||
      vm->depth + SKIPPED_FRAME_DEPTH + 1 >= vm->recursion_limit || vm->fuel < MAX_CHARGE ||
      ls_gc_should_collect (vm) || vm->bytes_allocated + BOUND_EXIT_BYTES > vm->next_collection ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM ||
      !class_plain (vm, state))
    return NULL;
  q = ls_dict_get_str_hinted (self->dict, state->names[NAME_Q], &state->hints[NAME_Q]);
  if (!ls_is_kind (q, LS_KIND_EXTENSION) || q.o->cls != state->fifo_cls || ls_fifo_from_value (q) == NULL)
    return NULL;
  *condition = ls_dict_get_str_hinted (self->dict, state->names[NAME_COND], &state->hints[NAME_COND]);
  *lock = ls_condition_enterable_lock (vm, *condition);
  return *lock != NULL ? (LsFifo *) q.o : NULL;
}

static gboolean
call_original (LsVM *vm, LsSimpleQueueState *state, SimpleQueueMethod which, const LsValue *args, guint n_args,
               LsTuple *kwnames, LsValue *result)
{
  return ls_vm_call_as_inline (vm, (LsFunction *) state->originals[which].o, args, n_args, kwnames, result);
}

/* put(self, item, block=True, timeout=None), called as put(item) */
static gboolean
simple_queue_put (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSimpleQueueState *state = vm->simple_queue_state;
  LsValue condition;
  gpointer lock;
  LsFifo *fifo;
  gint64 notify_charge;

  if (G_UNLIKELY (state == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "queue.SimpleQueue is not installed");
  if (n_args != 2 || (kwnames != NULL && kwnames->len > 0) ||
      (fifo = plain_queue (vm, state, args[0], &condition, &lock)) == NULL)
    return call_original (vm, state, METHOD_PUT, args, n_args, kwnames, result);
  /* notify() is asked with the lock held; the FIFO plays no part in it */
  ls_condition_lock_take (vm, lock);
  if (!ls_condition_notify_is_noop (vm, condition, lock, &notify_charge) || notify_charge > 2)
    {
      ls_condition_lock_give_back (vm, lock);
      return call_original (vm, state, METHOD_PUT, args, n_args, kwnames, result);
    }
  ls_condition_lock_give_back (vm, lock);
  /* the calls of put, __enter__, notify (and _is_owned) and __exit__ */
  if (!ls_vm_burn (vm, 3 + notify_charge))
    return FALSE;
  ls_object_account (vm, BOUND_EXIT_BYTES);
  ls_condition_lock_take (vm, lock);
  ls_fifo_append (vm, fifo, args[1]);
  ls_condition_lock_give_back (vm, lock);
  *result = LS_NONE;
  return TRUE;
}

gboolean
ls_simple_queue_put_plan (LsVM *vm, LsValue queue, guint extra_depth, LsSimpleQueuePutPlan *plan)
{
  LsSimpleQueueState *state = vm->simple_queue_state;
  LsInstance *self = ls_value_instance (queue);
  LsValue condition;
  gboolean noop;

  if (state == NULL || self == NULL || self->header.cls != state->cls || self->dict == NULL ||
      vm->depth + extra_depth + SKIPPED_FRAME_DEPTH + 1 >= vm->recursion_limit || !class_plain (vm, state) ||
      ls_is_unbound (state->put_method) ||
      /* what LOAD_METHOD finds: the instance dict first, then the class */
      !ls_is_unbound (ls_dict_get_str (self->dict, state->names[NAME_PUT])) ||
      (plan->fifo = plain_queue (vm, state, queue, &condition, &plan->lock)) == NULL)
    return FALSE;
  ls_condition_lock_take (vm, plan->lock);
  noop = ls_condition_notify_is_noop (vm, condition, plan->lock, &plan->notify_charge) && plan->notify_charge <= 2;
  ls_condition_lock_give_back (vm, plan->lock);
  return noop;
}

gboolean
ls_simple_queue_put_planned (LsVM *vm, const LsSimpleQueuePutPlan *plan, LsValue item)
{
  /* the calls of put, __enter__, notify (and _is_owned) and __exit__ */
  if (!ls_vm_burn (vm, 3 + plan->notify_charge))
    return FALSE;
  ls_object_account (vm, BOUND_EXIT_BYTES);
  ls_condition_lock_take (vm, plan->lock);
  ls_fifo_append (vm, plan->fifo, item);
  ls_condition_lock_give_back (vm, plan->lock);
  return TRUE;
}

/* Whether get's arguments are get(), get(True) or get(block=True), the
 * ways a worker asks */
static gboolean
block_alone (LsSimpleQueueState *state, const LsValue *args, guint n_args, LsTuple *kwnames)
{
  guint n_kw = kwnames != NULL ? (guint) kwnames->len : 0;

  if (n_args + n_kw == 1)
    return TRUE;
  if (n_args + n_kw != 2 || args[1].tag != LS_TAG_BOOL || !args[1].b)
    return FALSE;
  return n_kw == 0 || (kwnames->items[0].tag == LS_TAG_OBJECT &&
                       ls_str_equal ((LsStr *) kwnames->items[0].o, state->names[NAME_BLOCK]));
}

/* get(self, block=True, timeout=None), called as get() or get(block=True)
 * on a queue that has an item */
static gboolean
simple_queue_get (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSimpleQueueState *state = vm->simple_queue_state;
  LsValue condition;
  gpointer lock;
  LsFifo *fifo;

  if (G_UNLIKELY (state == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "queue.SimpleQueue is not installed");
  if (!block_alone (state, args, n_args, kwnames) ||
      (fifo = plain_queue (vm, state, args[0], &condition, &lock)) == NULL || ls_fifo_len (fifo) == 0)
    return call_original (vm, state, METHOD_GET, args, n_args, kwnames, result);
  /* the calls of get, __enter__ and __exit__ */
  if (!ls_vm_burn (vm, 3))
    return FALSE;
  ls_object_account (vm, BOUND_EXIT_BYTES);
  ls_condition_lock_take (vm, lock);
  ls_fifo_popleft (fifo, result);
  ls_condition_lock_give_back (vm, lock);
  return TRUE;
}

static const struct
{
  const char   *name;
  LsNativeFunc  func;
} simple_queue_methods[N_METHODS] = {
  [METHOD_PUT] = { "put", simple_queue_put },
  [METHOD_GET] = { "get", simple_queue_get },
};

/* _loopscope.simple_queue_natives(SimpleQueue, _Fifo): called once by
 * queue, at its end. */
static gboolean
simple_queue_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_loopscope"));
  LsSimpleQueueState *state;
  LsClass *cls, *fifo_cls;

  if (!ls_check_args (vm, "simple_queue_natives", n_args, kwnames, 2, 2))
    return FALSE;
  if ((cls = ls_value_class (args[0])) == NULL || (fifo_cls = ls_value_class (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "simple_queue_natives() needs SimpleQueue and its FIFO class");
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_loopscope is not loaded");
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsSimpleQueueState));
  state->header.vtable = &state_vtable;
  for (guint i = 0; i < N_NAMES; i++)
    state->names[i] = ls_str_intern_cstr (vm, name_texts[i]);
  for (guint i = 0; i < N_METHODS; i++)
    {
      state->originals[i] = ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, simple_queue_methods[i].name));
      if (!ls_is_kind (state->originals[i], LS_KIND_FUNCTION))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "SimpleQueue.%s is not a Python function",
                         simple_queue_methods[i].name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (state->fifo_methods); i++)
    {
      state->fifo_methods[i] = ls_dict_get_str (fifo_cls->dict, state->names[NAME_APPEND + i]);
      if (!ls_is_kind (state->fifo_methods[i], LS_KIND_NATIVE))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "simple_queue_natives(): not the simulator's FIFO");
    }
  state->cls = cls;
  state->fifo_cls = fifo_cls;
  state->epoch = G_MAXUINT64;
  state->put_method = LS_UNBOUND;
  /* the module keeps the state alive */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_simple_queue_natives"), ls_obj (state));
  vm->simple_queue_state = state;
  for (guint i = 0; i < N_METHODS; i++)
    {
      LsNative *native = ls_native_new (vm, simple_queue_methods[i].name, simple_queue_methods[i].func);

      native->is_method = TRUE;
      ls_dict_set_str (vm, cls->dict, native->name, ls_obj (native));
    }
  *result = LS_NONE;
  return TRUE;
}

void
ls_simple_queue_add_loopscope_functions (LsVM     *vm,
                                         LsModule *loopscope)
{
  ls_module_add_function (vm, loopscope, "simple_queue_natives", simple_queue_natives);
}
