/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-queue.c — asyncio.Queue's hot path in C (see
 * ls-asyncio-queue.h).
 *
 * `await q.put(x)` and `await q.get()` used to run about ten Python-level
 * calls of library code per item (put → full → qsize, put_nowait → full,
 * _put, _finished.clear, _wakeup_next; get → empty, get_nowait → _get,
 * _wakeup_next; task_done).  Here each method checks first, without
 * side effects, that everything its Python body would reach through
 * `self.` is the library's own:
 *
 *  - a method it calls resolves (instance dict, then class) to the
 *    native installed here, so a subclass's _put or qsize is honoured;
 *  - an attribute it reads is in the instance dict with no data
 *    descriptor in the class (what Python's lookup would return), and is
 *    of a known type: an int counter, the `_lsfifo` deque or an exact
 *    list as storage, asyncio.locks.Event with its own clear(), exact
 *    C Futures as waiters;
 *  - an attribute it writes has no __setattr__ or property in the way.
 *
 * Then it does the work with the same effects in the same order (the
 * waiter's set_result writes the same trace record).  Otherwise, and
 * whenever the Python code would raise, it calls the Python method it
 * replaced, which then runs exactly as before: a check costs nothing
 * observable, so running the body afterwards changes nothing, and
 * tracebacks keep CPython's "in put_nowait" lines.
 *
 * All of those checks are made once per queue and remembered (a
 * "trusted" queue, below) with what they depend on, so that a call
 * usually costs a few comparisons.  And `await q.put(x)` / `await
 * q.get()` of a trusted queue that would neither wait nor wake anyone
 * run no coroutine at all: the interpreter hands them to
 * queue_await_shortcut (ls_vm_await_shortcut), which does the natives'
 * work directly, first for the "hot" queue (the one last trusted) in a
 * few compares, then through the trusted table.
 *
 * A wait's `self._get_loop()` is a native too, which answers the queue's
 * own loop without the two Python frames once the first wait stored it,
 * and task_done's last task sets `_finished` in C when nobody waits on it;
 * both charge the steps and garbage of the Python code they stand for.
 * And a put that must wait (a get) on the hot queue gets its frame made
 * and run up to its `await putter` here (start_wait): the frame is then
 * left as the bytecode leaves it, and runs the rest itself.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-asyncio-queue.h"

#include "ls-asyncio-future.h"
#include "ls-asyncio-loop.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-fifo.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-generator.h"
#include "ls-list.h"
#include "ls-opcodes.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"
#include "ls-vm-private.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* The methods replaced, in the order of `methods` below. */
typedef enum
{
  METHOD_QSIZE,
  METHOD_EMPTY,
  METHOD_FULL,
  METHOD_PUT_NOWAIT,
  METHOD_GET_NOWAIT,
  METHOD_PUT,
  METHOD_GET,
  METHOD_WAKEUP_NEXT,
  METHOD_TASK_DONE,
  METHOD_GET_LOOP,
  N_METHODS
} Method;

NATIVE (queue_qsize);
NATIVE (queue_empty);
NATIVE (queue_full);
NATIVE (queue_put_nowait);
NATIVE (queue_get_nowait);
NATIVE (queue_put);
NATIVE (queue_get);
NATIVE (queue_wakeup_next);
NATIVE (queue_task_done);
NATIVE (queue_get_loop);

static const struct
{
  const char  *name;
  LsNativeFunc func;
} methods[N_METHODS] = {
  [METHOD_QSIZE] = { "qsize", queue_qsize },
  [METHOD_EMPTY] = { "empty", queue_empty },
  [METHOD_FULL] = { "full", queue_full },
  [METHOD_PUT_NOWAIT] = { "put_nowait", queue_put_nowait },
  [METHOD_GET_NOWAIT] = { "get_nowait", queue_get_nowait },
  [METHOD_PUT] = { "_put", queue_put },
  [METHOD_GET] = { "_get", queue_get },
  [METHOD_WAKEUP_NEXT] = { "_wakeup_next", queue_wakeup_next },
  [METHOD_TASK_DONE] = { "task_done", queue_task_done },
  [METHOD_GET_LOOP] = { "_get_loop", queue_get_loop },
};

/* The other names read, interned once per VM. */
typedef enum
{
  NAME_QUEUE,
  NAME_MAXSIZE,
  NAME_GETTERS,
  NAME_PUTTERS,
  NAME_UNFINISHED_TASKS,
  NAME_FINISHED,
  NAME_VALUE,
  NAME_CLEAR,
  NAME_SET,
  NAME_SETATTR,
  NAME_LOOP,
  NAME_WAITERS,
  NAME_LOCKS,
  NAME_BOUND_LOOP,
  NAME_EVENTS,
  NAME_GET_RUNNING_LOOP,
  N_NAMES
} Name;

static const char *const name_texts[] = {
  "_queue",
  "_maxsize",
  "_getters",
  "_putters",
  "_unfinished_tasks",
  "_finished",
  "_value",
  "clear",
  "set",
  "__setattr__",
  "_loop",
  "_waiters",
  "locks",
  "_bound_loop",
  "events",
  "_get_running_loop",
};

G_STATIC_ASSERT (G_N_ELEMENTS (name_texts) == N_NAMES);

/* What a class's lookups answer, for the names above: computed once
 * per class and cache epoch (ls_class_cache_epoch), since the answer
 * can only change when the epoch moves. */
#define BIT_METHOD(m)      (1u << (m))                    /* resolves to our native */
#define BIT_PLAIN(n)       (1u << (N_METHODS + (n)))       /* no property of that name */
#define BIT_NO_SETATTR     (1u << (N_METHODS + N_NAMES))
#define BIT_EVENT_CLEAR    (1u << (N_METHODS + N_NAMES + 1)) /* clear is asyncio.locks.Event.clear */
#define BIT_EVENT_SET      (1u << (N_METHODS + N_NAMES + 2)) /* set is asyncio.locks.Event.set */

G_STATIC_ASSERT (N_METHODS + N_NAMES + 3 <= 32);

#define N_VERDICTS 4

typedef struct
{
  const LsClass *cls;
  guint64        epoch;
  guint32        bits;
} ClassVerdict;

/* A queue that passed every check of every native at once, with what
 * those checks read that could change: its class (and the class cache
 * epoch, which covers a change of any class namespace), its dict's keys
 * (so no instance attribute hides a method and each attribute is at its
 * place), which objects its storage and waiter deques are, and the same
 * for its `_finished` event.  While these hold, a native only checks the
 * ints it uses, instead of a class verdict, a dict shape and a dozen
 * lookups per call.  Pointers, not references: a collection moves the
 * epoch, so a freed object's address never matches. */
typedef struct
{
  const LsInstance *queue;     /* NULL: an empty entry */
  gboolean          trusted;   /* FALSE: the checks failed (a LifoQueue,
                                * a subclass's _put...), with the same keys */
  const LsClass    *cls;
  guint32           bits;      /* the class's verdict */
  guint32           event_bits;  /* the event class's (in what was padding) */
  guint64           epoch;
  LsDict           *dict;
  guint64           dict_version;
  LsFifo           *storage;
  LsFifo           *getters;
  LsFifo           *putters;
  const LsInstance *event;
  const LsClass    *event_cls;
  LsDict           *event_dict;
  guint64           event_version;
} TrustedQueue;

#define N_TRUSTED 4
#define N_LABELS  4

/* put's or get's coroutine, whose waiting first pass start_wait does */
typedef enum
{
  WAIT_PUT,
  WAIT_GET,
  N_WAITS
} WaitKind;

/* Where put's (get's) code waits, found at install:
 *
 *     while self.full():
 *         putter = self._get_loop().create_future()
 *         _ls_waiter_label(putter, self, '.put')
 *         self._putters.append(putter)
 *         try:
 *             await putter            # SETUP_FINALLY, LOAD_FAST putter,
 *         except: ...                 # GET_AWAITABLE, LOAD_CONST None,
 *                                     # YIELD_FROM
 *
 * `valid` FALSE when the code is not of that shape (start_wait then
 * always declines). */
typedef struct
{
  gboolean valid;
  guint32  yield_from;   /* the await's YIELD_FROM */
  guint32  handler;      /* the try's SETUP_FINALLY target */
  guint32  waiter;       /* putter's (getter's) local */
  guint32  store;        /* its first STORE_FAST */
  LsStr   *suffix;       /* '.put' */
} WaitShape;

/* vm->lsqueue_state, held by the module as `_state` */
struct _LsQueueState
{
  LsExtension  header;
  LsStr       *method_names[N_METHODS];
  LsStr       *names[N_NAMES];
  LsValue      originals[N_METHODS];  /* the Python methods replaced */
  LsValue      event_clear;           /* asyncio.locks.Event.clear */
  LsValue      event_set;             /* asyncio.locks.Event.set */
  LsValue      put_function;          /* Queue.put and Queue.get, whose */
  LsValue      get_function;          /* `await`s queue_await_shortcut may do */
  /* what Queue._get_loop reaches: asyncio.locks._bound_loop, and the
   * asyncio.events._get_running_loop it calls (a native); LS_NONE when
   * install() did not find them (a function's code cannot be replaced) */
  LsValue      bound_loop;
  LsValue      get_running_loop;
  LsDictStrCache get_loop_caches[4];  /* locks, locks._bound_loop, events,
                                       * events._get_running_loop */
  ClassVerdict verdicts[N_VERDICTS];  /* by class address; the classes are
                                       * not marked: a collection moves the
                                       * epoch, so a freed one never matches */
  /* the last dict shaped_entries said yes to, for each shape (a queue's,
   * its event's): the answer holds while the dict's keys_version does
   * (versions are never reused, so a freed dict's address cannot match) */
  const LsDict *shaped_dict[2];
  guint64       shaped_version[2];
  /* the last waiter labels made, "Queue.put" and the like: a class name
   * and a suffix, both held here so that their addresses stay theirs */
  struct { LsStr *name, *suffix, *label; } labels[N_LABELS];
  guint         next_label;
  TrustedQueue  trusted[N_TRUSTED];   /* by the queue's address */
  WaitShape     waits[N_WAITS];
  LsValue       label_native;         /* _ls_waiter_label, as put's globals */
  LsStr        *label_name;           /* hold it at install */
  LsDictStrCache label_cache;
  /* The entry of the queue last found trusted with every method the await
   * shortcut resolves (HOT_BITS), or &no_queue: the shortcut and task_done
   * check it first, without hashing the address or testing the bits (a
   * scenario has one queue, or a few used in turns). */
  const TrustedQueue *hot;
};

/* what `hot` is before any queue is: matches no call */
static const TrustedQueue no_queue = { .queue = NULL };

static void
state_mark (LsVM *vm, LsObject *object)
{
  LsQueueState *self = (LsQueueState *) object;

  for (guint i = 0; i < N_METHODS; i++)
    {
      ls_gc_mark_object (vm, (LsObject *) self->method_names[i]);
      ls_gc_mark_value (vm, self->originals[i]);
    }
  for (guint i = 0; i < N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->names[i]);
  ls_gc_mark_value (vm, self->event_clear);
  ls_gc_mark_value (vm, self->event_set);
  ls_gc_mark_value (vm, self->put_function);
  ls_gc_mark_value (vm, self->get_function);
  ls_gc_mark_value (vm, self->bound_loop);
  ls_gc_mark_value (vm, self->get_running_loop);
  ls_gc_mark_value (vm, self->label_native);
  ls_gc_mark_object (vm, (LsObject *) self->label_name);
  for (guint i = 0; i < N_LABELS; i++)
    {
      ls_gc_mark_object (vm, (LsObject *) self->labels[i].name);
      ls_gc_mark_object (vm, (LsObject *) self->labels[i].suffix);
      ls_gc_mark_object (vm, (LsObject *) self->labels[i].label);
    }
}

static const LsExtensionVTable state_vtable = { "_lsqueue state", state_mark, NULL };

static inline LsStr *
name_of (LsVM *vm, Name name)
{
  return vm->lsqueue_state->names[name];
}

/* --- what the Python code would find ------------------------------------------ */

static guint32
compute_verdict (LsQueueState *state, const LsClass *cls)
{
  guint32 bits = 0;
  LsValue setattr;

  for (guint m = 0; m < N_METHODS; m++)
    {
      LsValue found = ls_class_lookup (cls, state->method_names[m]);

      if (ls_is_kind (found, LS_KIND_NATIVE) && ((LsNative *) found.o)->func == methods[m].func)
        bits |= BIT_METHOD (m);
    }
  for (guint n = 0; n < N_NAMES; n++)
    if (!ls_is_kind (ls_class_lookup (cls, state->names[n]), LS_KIND_PROPERTY))
      bits |= BIT_PLAIN (n);
  setattr = ls_class_lookup (cls, state->names[NAME_SETATTR]);
  if (ls_is_unbound (setattr) ||
      (ls_is_kind (setattr, LS_KIND_NATIVE) && ((LsNative *) setattr.o)->func == ls_object_setattr_native))
    bits |= BIT_NO_SETATTR;
  if (ls_future_value_is (ls_class_lookup (cls, state->names[NAME_CLEAR]), state->event_clear))
    bits |= BIT_EVENT_CLEAR;
  if (ls_future_value_is (ls_class_lookup (cls, state->names[NAME_SET]), state->event_set))
    bits |= BIT_EVENT_SET;
  return bits;
}

static guint32
class_verdict (LsVM *vm, const LsClass *cls)
{
  LsQueueState *state = vm->lsqueue_state;
  ClassVerdict *verdict = &state->verdicts[((guintptr) cls >> 4) % N_VERDICTS];
  guint64 epoch = ls_class_cache_epoch ();

  if (G_UNLIKELY (verdict->cls != cls || verdict->epoch != epoch))
    {
      verdict->bits = compute_verdict (state, cls);
      verdict->cls = cls;
      verdict->epoch = epoch;
    }
  return verdict->bits;
}

/* Where Queue.__init__ leaves its attributes in the instance dict, in the
 * order it sets them; `_loop` follows once the queue first waits. */
static const gint8 queue_slots[N_NAMES] = {
  [NAME_MAXSIZE] = 0, [NAME_GETTERS] = 1, [NAME_PUTTERS] = 2, [NAME_UNFINISHED_TASKS] = 3,
  [NAME_FINISHED] = 4, [NAME_QUEUE] = 5,
  [NAME_VALUE] = -1, [NAME_CLEAR] = -1, [NAME_SET] = -1, [NAME_SETATTR] = -1, [NAME_LOOP] = -1, [NAME_WAITERS] = -1,
  [NAME_LOCKS] = -1, [NAME_BOUND_LOOP] = -1, [NAME_EVENTS] = -1, [NAME_GET_RUNNING_LOOP] = -1,
};

static const Name queue_shape[] = {
  NAME_MAXSIZE, NAME_GETTERS, NAME_PUTTERS, NAME_UNFINISHED_TASKS, NAME_FINISHED, NAME_QUEUE,
};

/* Event.__init__'s attributes, then `_loop` once it is waited on. */
static const Name event_shape[] = { NAME_WAITERS, NAME_VALUE };

/* The entries of `dict` when its keys are exactly `shape` (interned
 * names, no deleted entry), optionally followed by `_loop`; else NULL.
 * A dict of that shape holds no other name, so no method is hidden by
 * an instance attribute, and each attribute is found at its place
 * without hashing: a dozen dict probes per put become a few pointer
 * comparisons, as CPython's shared-key dicts would make them. */
static LsDictEntry *
shaped_entries (LsVM *vm, LsDict *dict, const Name *shape, gsize n)
{
  LsQueueState *state = vm->lsqueue_state;
  guint memo = shape == event_shape;

  if (dict != NULL && dict == state->shaped_dict[memo] && dict->keys_version == state->shaped_version[memo])
    return dict->entries;
  if (dict == NULL || dict->n_entries != dict->len || (dict->len != n && dict->len != n + 1))
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (dict->entries[i].key.tag != LS_TAG_OBJECT || dict->entries[i].key.o != (LsObject *) state->names[shape[i]])
      return NULL;
  if (dict->len == n + 1 && (dict->entries[n].key.tag != LS_TAG_OBJECT ||
                             dict->entries[n].key.o != (LsObject *) state->names[NAME_LOOP]))
    return NULL;
  state->shaped_dict[memo] = dict;
  state->shaped_version[memo] = ls_dict_keys_version (dict);
  return dict->entries;
}

/* A queue as one native call sees it: what its class's lookups answer,
 * and its dict's entries when they have Queue.__init__'s shape. */
typedef struct
{
  LsVM        *vm;
  LsInstance  *self;
  guint32      bits;
  LsDictEntry *slots;
} QueueView;

static void
view_init (QueueView *view, LsVM *vm, LsInstance *self)
{
  view->vm = vm;
  view->self = self;
  view->bits = class_verdict (vm, self->header.cls);
  view->slots = shaped_entries (vm, self->dict, queue_shape, G_N_ELEMENTS (queue_shape));
}

/* TRUE when self.<method> is the native installed here: no instance
 * attribute hides it and no subclass overrides it. */
static gboolean
method_is_ours (QueueView *view, Method method)
{
  LsDict *dict = view->self->dict;

  if (!(view->bits & BIT_METHOD (method)))
    return FALSE;
  return view->slots != NULL || dict == NULL ||
         ls_is_unbound (ls_dict_get_str (dict, view->vm->lsqueue_state->method_names[method]));
}

/* self.<name> when Python would read it from the instance dict (no
 * property of that name in the class): FALSE when it would not. */
static gboolean
instance_field (QueueView *view, Name name, LsValue *out)
{
  if (view->self->dict == NULL || !(view->bits & BIT_PLAIN (name)))
    return FALSE;
  if (view->slots != NULL && queue_slots[name] >= 0)
    {
      *out = view->slots[queue_slots[name]].value;
      return TRUE;
    }
  *out = ls_dict_get_str (view->self->dict, name_of (view->vm, name));
  return !ls_is_unbound (*out);
}

/* An int in the instance dict that `self.<name> = v` would replace there. */
static gboolean
int_field (QueueView *view, Name name, gint64 *out)
{
  LsValue value;

  if (!instance_field (view, name, &value) || !ls_is_int (value) || !(view->bits & BIT_NO_SETATTR))
    return FALSE;
  *out = value.i;
  return TRUE;
}

/* self.<name> = value, after int_field said it lands in the dict */
static void
set_field (QueueView *view, Name name, LsValue value)
{
  if (view->slots != NULL && queue_slots[name] >= 0)
    view->slots[queue_slots[name]].value = value;
  else
    ls_dict_set_str (view->vm, view->self->dict, name_of (view->vm, name), value);
}

/* len() of the library's storage: the deque, or an exact list (the
 * _queue of PriorityQueue and LifoQueue). */
static gboolean
storage_len (LsVM *vm, LsValue queue, gint64 *out)
{
  LsFifo *fifo = ls_fifo_from_value (queue);

  if (fifo != NULL)
    {
      *out = (gint64) ls_fifo_len (fifo);
      return TRUE;
    }
  if (ls_is_kind (queue, LS_KIND_LIST) && queue.o->cls == vm->types[LS_TYPE_LIST])
    {
      *out = (gint64) ((LsList *) queue.o)->len;
      return TRUE;
    }
  return FALSE;
}

static LsFifo *
fifo_field (QueueView *view, Name name)
{
  LsValue value;

  return instance_field (view, name, &value) ? ls_fifo_from_value (value) : NULL;
}

/* The Python method replaced, run as it was. */
static gboolean
call_original (LsVM *vm, Method method, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return ls_call (vm, vm->lsqueue_state->originals[method], args, n_args, kwnames, result);
}

/* --- the bodies of the Python methods, when they cannot raise ----------------- */

/* Queue.qsize: len(self._queue) */
static gboolean
qsize_body (QueueView *view, gint64 *size)
{
  LsValue queue;

  return instance_field (view, NAME_QUEUE, &queue) && storage_len (view->vm, queue, size);
}

/* Queue.empty: not self._queue */
static gboolean
empty_body (QueueView *view, gboolean *empty)
{
  gint64 size;

  if (!qsize_body (view, &size))
    return FALSE;
  *empty = size == 0;
  return TRUE;
}

/* Queue.full: self._maxsize > 0 and self.qsize() >= self._maxsize */
static gboolean
full_body (QueueView *view, gboolean *full)
{
  LsValue maxsize;
  gint64 size;

  if (!instance_field (view, NAME_MAXSIZE, &maxsize) || !ls_is_int (maxsize))
    return FALSE;
  if (maxsize.i <= 0)
    {
      *full = FALSE;
      return TRUE;
    }
  if (!method_is_ours (view, METHOD_QSIZE) || !qsize_body (view, &size))
    return FALSE;
  *full = size >= maxsize.i;
  return TRUE;
}

static gboolean
is_exact_future (LsValue v)
{
  return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE && v.o->cls->layout == &ls_future_layout &&
         v.o->cls->base != NULL && v.o->cls->base->base == NULL;
}

/* Queue._wakeup_next can run here when every waiter it would look at,
 * up to the first one not done, is an exact C Future (whose done() and
 * set_result() are known). */
static gboolean
wakeup_can_run (LsFifo *waiters)
{
  gsize n = ls_fifo_len (waiters);

  for (gsize i = 0; i < n; i++)
    {
      LsValue waiter = ls_fifo_peek (waiters, i);
      LsFuture *future;

      if (!is_exact_future (waiter))
        return FALSE;
      future = (LsFuture *) waiter.o;
      if (future->state == LS_FUTURE_PENDING)
        return !ls_is_unbound (future->loop);
    }
  return TRUE;
}

/* `if not waiter.done(): waiter.set_result(None)` through the waiter's
 * own methods.  Not reached: wakeup_can_run looked at these waiters just
 * before, and the callers refuse a storage deque that is also the
 * waiters' one; kept so that the C code stays memory-safe if that ever
 * changes. */
static gboolean
wake_any (LsVM *vm, LsValue waiter, gboolean *woken)
{
  LsValue method, done, none = LS_NONE, ignored;
  gboolean is_done;

  *woken = FALSE;
  if (!ls_getattr (vm, waiter, ls_str_intern_cstr (vm, "done"), &method) ||
      !ls_call (vm, method, NULL, 0, NULL, &done) || !ls_truthy (vm, done, &is_done))
    return FALSE;
  if (is_done)
    return TRUE;
  *woken = TRUE;
  return ls_getattr (vm, waiter, ls_str_intern_cstr (vm, "set_result"), &method) &&
         ls_call (vm, method, &none, 1, NULL, &ignored);
}

/* Queue._wakeup_next, after wakeup_can_run: wakes the first waiter that
 * is not done (cancelled ones are dropped on the way). */
static gboolean
wakeup_body (LsVM *vm, LsFifo *waiters)
{
  LsValue waiter;
  gboolean ok, woken = FALSE;

  while (!woken && ls_fifo_popleft (waiters, &waiter))
    {
      if (is_exact_future (waiter) && ((LsFuture *) waiter.o)->state != LS_FUTURE_PENDING)
        continue;
      /* out of the deque, only this frame holds it */
      ls_vm_push_root (vm, waiter);
      if (is_exact_future (waiter) && !ls_is_unbound (((LsFuture *) waiter.o)->loop))
        {
          ok = ls_future_finish_result (vm, waiter, LS_NONE);
          woken = TRUE;
        }
      else
        ok = wake_any (vm, waiter, &woken);
      ls_vm_pop_roots (vm, 1);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* wakeup_can_run, at no cost when nobody waits (the usual case) */
static inline gboolean
wakeup_can_run_now (LsFifo *waiters)
{
  return ls_fifo_len (waiters) == 0 || wakeup_can_run (waiters);
}

/* Nobody in `waiters` is still waiting (each is an exact C Future that is
 * done, or there is none): wakeup_body would only drop them, which can
 * neither fail nor run anything else. */
static G_GNUC_NO_INLINE gboolean
all_waiters_done (LsFifo *waiters)
{
  gsize n = ls_fifo_len (waiters);

  for (gsize i = 0; i < n; i++)
    {
      LsValue waiter = ls_fifo_peek (waiters, i);

      if (!is_exact_future (waiter) || ((LsFuture *) waiter.o)->state == LS_FUTURE_PENDING)
        return FALSE;
    }
  return TRUE;
}

/* all_waiters_done, at no cost when nobody waits (the usual case; out of
 * line, the loop made queue_await_shortcut save more registers) */
static inline gboolean
nobody_to_wake (LsFifo *waiters)
{
  return ls_fifo_len (waiters) == 0 || all_waiters_done (waiters);
}

/* wakeup_body, at no cost when nobody waits */
static inline gboolean
wakeup_now (LsVM *vm, LsFifo *waiters)
{
  return ls_fifo_len (waiters) == 0 || wakeup_body (vm, waiters);
}

/* self._wakeup_next(self.<waiters_name>) can run here. */
static LsFifo *
wakeup_of (QueueView *view, Name waiters_name)
{
  LsFifo *waiters;

  if (!method_is_ours (view, METHOD_WAKEUP_NEXT) || (waiters = fifo_field (view, waiters_name)) == NULL ||
      !wakeup_can_run (waiters))
    return NULL;
  return waiters;
}

/* self._finished when it is an asyncio.locks.Event whose clear() is the
 * library's, and `self._value = False` would land in its dict: the
 * place of that value in the dict's entries. */
static LsValue *
event_value_to_clear (QueueView *view)
{
  const guint32 needed = BIT_EVENT_CLEAR | BIT_PLAIN (NAME_VALUE) | BIT_NO_SETATTR;
  LsVM *vm = view->vm;
  LsValue finished;
  LsInstance *event;
  LsDictEntry *entries;

  if (!instance_field (view, NAME_FINISHED, &finished) || (event = ls_value_instance (finished)) == NULL ||
      event->dict == NULL || (class_verdict (vm, event->header.cls) & needed) != needed)
    return NULL;
  entries = shaped_entries (vm, event->dict, event_shape, G_N_ELEMENTS (event_shape));
  if (entries != NULL)
    return &entries[1].value;
  /* a dict of another shape: clear() must not be an instance attribute,
   * and _value must be there already (so that the store below does not
   * grow the dict) */
  if (!ls_is_unbound (ls_dict_get_str (event->dict, name_of (vm, NAME_CLEAR))))
    return NULL;
  for (gsize i = 0; i < event->dict->n_entries; i++)
    if (event->dict->entries[i].key.tag == LS_TAG_OBJECT &&
        event->dict->entries[i].key.o == (LsObject *) name_of (vm, NAME_VALUE))
      return &event->dict->entries[i].value;
  return NULL;
}

/* Queue.put_nowait when the queue is not full and every step is the
 * library's: `self._put(item)`, `self._unfinished_tasks += 1`,
 * `self._finished.clear()`, `self._wakeup_next(self._getters)`.
 * FALSE (nothing done) when the Python method must run. */
static gboolean
put_nowait_can_run (QueueView *view, LsFifo **queue, gint64 *unfinished, LsValue **event_value, LsFifo **getters)
{
  gboolean full;

  return method_is_ours (view, METHOD_FULL) && full_body (view, &full) && !full &&
         method_is_ours (view, METHOD_PUT) && (*queue = fifo_field (view, NAME_QUEUE)) != NULL &&
         int_field (view, NAME_UNFINISHED_TASKS, unfinished) && *unfinished < G_MAXINT64 &&
         (*event_value = event_value_to_clear (view)) != NULL &&
         (*getters = wakeup_of (view, NAME_GETTERS)) != NULL && *getters != *queue;
}

/* --- trusted queues: all of the checks above, once ------------------------- */

enum
{
  SLOT_MAXSIZE = 0,
  SLOT_GETTERS = 1,
  SLOT_PUTTERS = 2,
  SLOT_UNFINISHED_TASKS = 3,
  SLOT_FINISHED = 4,
  SLOT_QUEUE = 5,
  EVENT_SLOT_WAITERS = 0,
  EVENT_SLOT_VALUE = 1,
};

/* What a queue's class must answer for every native's body to run here:
 * the methods they call through self. are ours, the attributes they read
 * or write are plain, and stores land in the dict. */
#define TRUSTED_QUEUE_BITS                                                                       \
  (BIT_METHOD (METHOD_QSIZE) | BIT_METHOD (METHOD_EMPTY) | BIT_METHOD (METHOD_FULL) |            \
   BIT_METHOD (METHOD_PUT) | BIT_METHOD (METHOD_GET) | BIT_METHOD (METHOD_WAKEUP_NEXT) |          \
   BIT_PLAIN (NAME_QUEUE) | BIT_PLAIN (NAME_MAXSIZE) | BIT_PLAIN (NAME_GETTERS) |                 \
   BIT_PLAIN (NAME_PUTTERS) | BIT_PLAIN (NAME_UNFINISHED_TASKS) | BIT_PLAIN (NAME_FINISHED) |     \
   BIT_NO_SETATTR)
#define TRUSTED_EVENT_BITS (BIT_EVENT_CLEAR | BIT_PLAIN (NAME_VALUE) | BIT_NO_SETATTR)
/* ...and for the await shortcut: `full` and `put_nowait`, `empty` and
 * `get_nowait` resolve to the natives */
#define HOT_BITS                                                                                 \
  (TRUSTED_QUEUE_BITS | BIT_METHOD (METHOD_PUT_NOWAIT) | BIT_METHOD (METHOD_GET_NOWAIT))

G_STATIC_ASSERT (SLOT_MAXSIZE == 0 && SLOT_QUEUE == G_N_ELEMENTS (queue_shape) - 1);

static inline TrustedQueue *
trusted_entry (LsQueueState *state, const LsInstance *self)
{
  return &state->trusted[((guintptr) self * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 62];
}

static inline gboolean
holds_object (LsValue v, gconstpointer object)
{
  return v.tag == LS_TAG_OBJECT && v.o == (LsObject *) object;
}

/* Every check the natives make, made once for `self`: TRUE (and `entry`
 * filled) when they all pass. */
static gboolean
trust_queue (LsVM *vm, LsInstance *self, TrustedQueue *entry)
{
  QueueView view;
  LsInstance *event;
  LsFifo *storage, *getters, *putters;
  guint32 event_bits;

  view_init (&view, vm, self);
  if ((view.bits & TRUSTED_QUEUE_BITS) != TRUSTED_QUEUE_BITS || view.slots == NULL)
    return FALSE;
  storage = ls_fifo_from_value (view.slots[SLOT_QUEUE].value);
  getters = ls_fifo_from_value (view.slots[SLOT_GETTERS].value);
  putters = ls_fifo_from_value (view.slots[SLOT_PUTTERS].value);
  event = ls_value_instance (view.slots[SLOT_FINISHED].value);
  if (storage == NULL || getters == NULL || putters == NULL || storage == getters || storage == putters ||
      event == NULL || event->dict == NULL ||
      ((event_bits = class_verdict (vm, event->header.cls)) & TRUSTED_EVENT_BITS) != TRUSTED_EVENT_BITS ||
      shaped_entries (vm, event->dict, event_shape, G_N_ELEMENTS (event_shape)) == NULL)
    return FALSE;
  entry->queue = self;
  entry->trusted = TRUE;
  entry->cls = self->header.cls;
  entry->bits = view.bits;
  entry->epoch = ls_class_epoch ();
  entry->dict = self->dict;
  entry->dict_version = ls_dict_keys_version (self->dict);
  entry->storage = storage;
  entry->getters = getters;
  entry->putters = putters;
  entry->event = event;
  entry->event_cls = event->header.cls;
  entry->event_bits = event_bits;
  entry->event_dict = event->dict;
  entry->event_version = ls_dict_keys_version (event->dict);
  return TRUE;
}

/* trusted_view's slow path: checks `self` afresh into `entry`.  A queue
 * that fails is remembered too, so that the checks are not made again at
 * every call while its class and keys stay (a value that changes under
 * the same keys is seen at the next collection, which moves the epoch). */
static G_GNUC_NO_INLINE const TrustedQueue *
retrust (LsVM *vm, LsInstance *self, TrustedQueue *entry)
{
  LsQueueState *state = vm->lsqueue_state;

  /* the entry changes: `hot` must not answer for what it held */
  if (state->hot == entry)
    state->hot = &no_queue;
  if (trust_queue (vm, self, entry))
    {
      if ((entry->bits & HOT_BITS) == HOT_BITS)
        state->hot = entry;
      return entry;
    }
  entry->queue = NULL;
  if (self->dict != NULL)
    {
      entry->queue = self;
      entry->trusted = FALSE;
      entry->cls = self->header.cls;
      entry->epoch = ls_class_epoch ();
      entry->dict = self->dict;
      entry->dict_version = ls_dict_keys_version (self->dict);
    }
  return NULL;
}

/* The trusted entry of args[0] when the call is the plain one (self plus
 * `n_params` positional arguments) and the queue's class and keys are as
 * trust_queue found them, else NULL (then the natives take their general
 * path).  The callers still check that the attributes they use are the
 * objects trust_queue saw (a store to an existing key keeps the keys). */
static inline const TrustedQueue *
trusted_view (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, guint n_params)
{
  LsInstance *self;
  TrustedQueue *entry;

  if (n_args != n_params + 1 || (kwnames != NULL && kwnames->len > 0) || (self = ls_value_instance (args[0])) == NULL)
    return NULL;
  entry = trusted_entry (vm->lsqueue_state, self);
  if (G_LIKELY (entry->queue == self && entry->epoch == ls_class_epoch () && self->header.cls == entry->cls &&
                self->dict == entry->dict && entry->dict->keys_version == entry->dict_version))
    return entry->trusted ? entry : NULL;
  return retrust (vm, self, entry);
}

static inline LsValue *
trusted_slot (const TrustedQueue *entry, guint slot)
{
  return &entry->dict->entries[slot].value;
}

/* self._queue is still the deque trust_queue saw */
static inline gboolean
trusted_storage (const TrustedQueue *entry)
{
  return holds_object (*trusted_slot (entry, SLOT_QUEUE), entry->storage);
}

/* self.<waiters> is still the deque trust_queue saw */
static inline gboolean
trusted_waiters (const TrustedQueue *entry, guint slot, LsFifo *waiters)
{
  return holds_object (*trusted_slot (entry, slot), waiters);
}

/* self._finished is still the event trust_queue saw, with its class
 * and keys: the place of its _value. */
static inline LsValue *
trusted_event_value (const TrustedQueue *entry)
{
  const LsInstance *event = entry->event;

  if (!holds_object (*trusted_slot (entry, SLOT_FINISHED), event) || event->header.cls != entry->event_cls ||
      event->dict != entry->event_dict || event->dict->keys_version != entry->event_version)
    return NULL;
  return &entry->event_dict->entries[EVENT_SLOT_VALUE].value;
}

/* Queue.full of a trusted queue: FALSE when _maxsize is not an int. */
static inline gboolean
trusted_full (const TrustedQueue *entry, gboolean *full)
{
  LsValue maxsize = *trusted_slot (entry, SLOT_MAXSIZE);

  if (!ls_is_int (maxsize))
    return FALSE;
  if (!trusted_storage (entry))
    return FALSE;
  *full = maxsize.i > 0 && (gint64) ls_fifo_len (entry->storage) >= maxsize.i;
  return TRUE;
}

/* Queue.put_nowait's body on a trusted queue when it can run here (not
 * full, counters ints): the place of the event's _value it clears, else
 * NULL. */
static inline LsValue *
trusted_put_can_run (const TrustedQueue *trusted)
{
  LsValue unfinished = *trusted_slot (trusted, SLOT_UNFINISHED_TASKS);
  gboolean full;

  if (!trusted_full (trusted, &full) || full || !ls_is_int (unfinished) || unfinished.i == G_MAXINT64 ||
      !trusted_waiters (trusted, SLOT_GETTERS, trusted->getters) || !wakeup_can_run_now (trusted->getters))
    return NULL;
  return trusted_event_value (trusted);
}

/* Queue.put_nowait's body, after trusted_put_can_run */
static G_ALWAYS_INLINE inline gboolean
trusted_put (LsVM *vm, const TrustedQueue *trusted, LsValue *event_value, LsValue item)
{
  LsValue *unfinished = trusted_slot (trusted, SLOT_UNFINISHED_TASKS);

  ls_fifo_append (vm, trusted->storage, item);
  *unfinished = ls_int (unfinished->i + 1);
  *event_value = ls_bool (FALSE);
  return wakeup_now (vm, trusted->getters);
}

/* Queue.get_nowait's body on a trusted queue can run here (not empty) */
static inline gboolean
trusted_get_can_run (const TrustedQueue *trusted)
{
  return trusted_storage (trusted) && ls_fifo_len (trusted->storage) > 0 &&
         trusted_waiters (trusted, SLOT_PUTTERS, trusted->putters) && wakeup_can_run_now (trusted->putters);
}

/* Queue.get_nowait's body, after trusted_get_can_run */
static G_ALWAYS_INLINE inline gboolean
trusted_get (LsVM *vm, const TrustedQueue *trusted, LsValue *item)
{
  gboolean ok;

  ls_fifo_popleft (trusted->storage, item);
  if (ls_fifo_len (trusted->putters) == 0)
    return TRUE;
  ls_vm_push_root (vm, *item);
  ok = wakeup_body (vm, trusted->putters);
  ls_vm_pop_roots (vm, 1);
  return ok;
}

/* --- await q.put(x) and await q.get() without their coroutines ---------------- */

/* `await Queue.put(self, item)` when its coroutine would not wait: the
 * body is `while self.full(): ...` then `return self.put_nowait(item)`,
 * and when both resolve to the natives here and the queue is trusted and
 * not full, that is trusted_put.  Likewise get: `while self.empty()`,
 * then `return self.get_nowait()`.  The step the coroutine's creation
 * takes (ls_vm_native_step) is taken here too, so that the limits count
 * the same, and fails as it would.  Declined when a waiter is to be
 * woken: its set_result reaches the loop's call_soon, which may fail
 * (closed loop, a limit) or run a scenario's own loop code, and then
 * put's frame must be there, as it is when the coroutine runs.
 *
 * This is the whole of it; queue_await_shortcut below answers the usual
 * calls first and hands the others here. */
static G_GNUC_NO_INLINE LsShortcutResult
queue_await_general (LsVM *vm, LsObject *function, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsQueueState *state = vm->lsqueue_state;
  const TrustedQueue *trusted;

  if (holds_object (state->put_function, function))
    {
      const guint32 needed = BIT_METHOD (METHOD_FULL) | BIT_METHOD (METHOD_PUT_NOWAIT);
      LsValue *event_value;

      if ((trusted = trusted_view (vm, args, n_args, kwnames, 1)) == NULL || (trusted->bits & needed) != needed)
        return LS_SHORTCUT_DECLINED;
      if ((trusted->bits & HOT_BITS) == HOT_BITS)
        state->hot = trusted;
      if ((event_value = trusted_put_can_run (trusted)) == NULL || !nobody_to_wake (trusted->getters))
        return LS_SHORTCUT_DECLINED;
      if (!ls_vm_native_step (vm))
        return LS_SHORTCUT_FAILED;
      *result = LS_NONE;
      return trusted_put (vm, trusted, event_value, args[1]) ? LS_SHORTCUT_DONE : LS_SHORTCUT_FAILED;
    }
  if (holds_object (state->get_function, function))
    {
      const guint32 needed = BIT_METHOD (METHOD_EMPTY) | BIT_METHOD (METHOD_GET_NOWAIT);

      if ((trusted = trusted_view (vm, args, n_args, kwnames, 0)) == NULL || (trusted->bits & needed) != needed)
        return LS_SHORTCUT_DECLINED;
      if ((trusted->bits & HOT_BITS) == HOT_BITS)
        state->hot = trusted;
      if (!trusted_get_can_run (trusted) || !nobody_to_wake (trusted->putters))
        return LS_SHORTCUT_DECLINED;
      if (!ls_vm_native_step (vm))
        return LS_SHORTCUT_FAILED;
      return trusted_get (vm, trusted, result) ? LS_SHORTCUT_DONE : LS_SHORTCUT_FAILED;
    }
  return LS_SHORTCUT_DECLINED;
}

static inline LsObject *hot_put_function (LsVM *vm) { return vm->lsqueue_state->put_function.o; }
static inline LsObject *hot_get_function (LsVM *vm) { return vm->lsqueue_state->get_function.o; }

/* The call is the plain one (self plus `n_params` positional arguments)
 * on the hot queue, whose class and keys are as trust_queue found them:
 * trusted_view's answer would be `hot`.  Its dict is not compared: an
 * instance's dict is never replaced, and the epoch (moved by every
 * collection) shows that the queue is the one trusted, so it is the dict
 * trust_queue saw; its keys version, which no other dict ever has, is
 * read through the entry. */
static inline gboolean
hot_call (const TrustedQueue *hot, const LsValue *args, guint n_args, LsTuple *kwnames, guint n_params)
{
  return n_args == n_params + 1 && (kwnames == NULL || kwnames->len == 0) && holds_object (args[0], hot->queue) &&
         hot->epoch == ls_class_epoch () && hot->queue->header.cls == hot->cls &&
         hot->dict->keys_version == hot->dict_version;
}

/* ls_vm_native_step will pass without calling out: under the memory cap,
 * with fuel left for one step. */
static inline gboolean
native_step_is_plain (LsVM *vm)
{
  return vm->bytes_allocated <= vm->memory_cap && vm->fuel >= 1;
}

/* The place of the hot queue's event's _value, as trusted_event_value
 * finds it (the event's dict is the one trusted, as the queue's is). */
static inline LsValue *
hot_event_value (const TrustedQueue *hot, LsDictEntry *slots)
{
  const LsInstance *event = hot->event;

  if (!holds_object (slots[SLOT_FINISHED].value, event) || event->header.cls != hot->event_cls ||
      hot->event_dict->keys_version != hot->event_version)
    return NULL;
  return &hot->event_dict->entries[EVENT_SLOT_VALUE].value;
}

/* `waiters` is not empty and its first waiter still waits (or is not a C
 * Future): nobody_to_wake says no, so the general path declines, whatever
 * else it finds before (every other answer of it needs nobody_to_wake). */
static inline gboolean
first_waiter_waits (LsFifo *waiters)
{
  LsValue first = ls_fifo_first (waiters);

  return !is_exact_future (first) || ((LsFuture *) first.o)->state == LS_FUTURE_PENDING;
}

/* --- a wait's first pass ---------------------------------------------------- */

static gboolean get_loop_body (LsVM *vm, const TrustedQueue *trusted, LsValue *out);
static LsStr *waiter_label (LsVM *vm, LsValue queue, LsStr *suffix);

#define GET_LOOP_FRAMES 2

/* The coroutine start_wait made, on its first send: the await's
 * YIELD_FROM sends None into the fresh future, which yields itself
 * (ls_future_awaited_send, as the interpreter's send to it).  From then
 * on the coroutine is its frame's alone: the body is dropped, and the
 * wake-up, a cancellation, cr_await and the trace find the frame as the
 * Python code leaves it.  Were the future not fresh (it cannot be:
 * nothing runs between the shortcut and this send), the frame itself
 * would run its YIELD_FROM.  (ls_generator_send/throw check the state
 * before they run a body: what they do again here is what a frame
 * suspended there gets.) */
static LsResumeResult
wait_send (LsVM *vm, LsGenerator *gen, LsValue value, LsValue *out)
{
  LsFrame *frame = gen->frame;
  LsValue future = frame->stack[frame->sp - 1];
  LsFuture *pending = (LsFuture *) future.o;
  gboolean yielded;

  gen->body = NULL;
  if (G_LIKELY (pending->state == LS_FUTURE_PENDING && !pending->blocking && ls_is_none (value)))
    {
      (void) ls_future_awaited_send (vm, future, value, out, &yielded);
      return LS_RESUME_YIELDED;
    }
  gen->state = LS_GEN_SUSPENDED;   /* on the YIELD_FROM, as the frame is */
  return ls_generator_send (vm, gen, value, out);
}

/* Before the first send, which follows the shortcut at once (so never,
 * but as the frame on its YIELD_FROM would answer) */
static LsResumeResult
wait_throw (LsVM *vm, LsGenerator *gen, LsValue exception, LsValue *out)
{
  gen->body = NULL;
  gen->state = LS_GEN_SUSPENDED;
  return ls_generator_throw (vm, gen, exception, out);
}

static gboolean
wait_awaiting (LsVM *vm, LsGenerator *gen, LsValue *out)
{
  *out = LS_NONE;
  return TRUE;
}

static gint32
wait_line (LsVM *vm, LsGenerator *gen)
{
  return gen->code->first_line;
}

static void
wait_mark (LsVM *vm, LsGenerator *gen)
{
  /* the frame holds everything (mark_generator marks it) */
}

static const LsCoroutineBody wait_body = {
  wait_send, wait_throw, wait_awaiting, wait_line, wait_mark,
};

/* What cannot happen, were ls_loop_create_future_is_plain wrong: the
 * error leaves the frame at the waiter's line, as it would from the
 * bytecode (not a C Future: a TypeError there). */
static G_GNUC_NO_INLINE LsShortcutResult
wait_start_failed (LsVM *vm, LsFrame *frame, LsFrame *caller, guint32 caller_ip, const WaitShape *shape)
{
  if (ls_is_unbound (vm->raised))
    ls_raise (vm, LS_EXC_TYPE_ERROR, "create_future() did not make a Future");
  ls_exception_add_traceback_entry (vm->raised, frame->code, frame->code->lines[shape->store]);
  vm->depth--;
  vm->frame = caller;
  caller->ip = caller_ip;
  ls_frame_free (vm, frame);
  return LS_SHORTCUT_FAILED;
}

/* `await q.put(item)` on a full hot queue (`await q.get()` on an empty
 * one): put's frame made as the interpreter makes a coroutine's, and its
 * first pass up to the await done here, with the effects of its
 * bytecode in its order (shape above), instead of on the interpreter:
 * `self.full()` is what hot_put found; `self._get_loop()` is
 * get_loop_body, as queue_get_loop would answer from inside the frame
 * (one more frame and native deep); `create_future()` the stock one
 * making a C Future; the label the native's, as a C Future's field;
 * `self._putters.append` the deque's; then the try block and the
 * future on the stack, the frame left on the await's YIELD_FROM, and
 * the coroutine object made last, as when the frame suspends.  Every
 * check is made before anything changes: DECLINED (the frame then runs
 * it all) unless none of those steps can fail or meet a limit, a
 * collection or a scenario's code.  The steps charged are the frame's
 * (one) and _get_loop's two. */
static G_GNUC_NO_INLINE LsShortcutResult
start_wait (LsVM *vm, const TrustedQueue *hot, const LsValue *args, WaitKind kind, LsValue *result)
{
  LsQueueState *state = vm->lsqueue_state;
  const WaitShape *shape = &state->waits[kind];
  LsFunction *function = (LsFunction *) (kind == WAIT_PUT ? state->put_function : state->get_function).o;
  guint n_args = kind == WAIT_PUT ? 2 : 1;
  LsFifo *waiters = kind == WAIT_PUT ? hot->putters : hot->getters;
  LsValue waiters_value = hot->dict->entries[kind == WAIT_PUT ? SLOT_PUTTERS : SLOT_GETTERS].value;
  LsFrame *caller = vm->frame, *frame;
  LsValue loop, future, label_native;
  LsGenerator *gen;
  guint32 caller_ip;
  gboolean ok;

  if (!shape->valid || !(hot->bits & BIT_METHOD (METHOD_GET_LOOP)) || !holds_object (waiters_value, waiters) ||
      !waiters_value.o->cls->is_builtin || !ls_frame_call_is_plain (function, n_args, NULL) || caller == NULL ||
      /* ls_vm_generator_frame's checks and step; the natives' depth */
      vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= LS_VM_MAX_C_DEPTH ||
      vm->native_depth + 1 >= LS_VM_MAX_NATIVE_DEPTH || !native_step_is_plain (vm) ||
      vm->fuel < 1 + GET_LOOP_FRAMES)
    return LS_SHORTCUT_DECLINED;
  /* LOAD_GLOBAL _ls_waiter_label finds the native in put's globals */
  label_native = ls_dict_get_str_cached (function->globals, state->label_name, &state->label_cache);
  if (!holds_object (label_native, state->label_native.o))
    return LS_SHORTCUT_DECLINED;
  /* self._get_loop(), from inside the frame, as a native */
  vm->depth++;
  vm->native_depth++;
  ok = get_loop_body (vm, hot, &loop);
  vm->native_depth--;
  vm->depth--;
  if (!ok)
    return LS_SHORTCUT_DECLINED;
  if (!ls_loop_create_future_is_plain (vm, loop))
    {
      vm->fuel += GET_LOOP_FRAMES;   /* get_loop_body's burn, undone: it could not run out */
      return LS_SHORTCUT_DECLINED;
    }

  /* nothing can fail from here on */
  (void) ls_vm_native_step (vm);   /* the frame's step: fuel and memory checked */
  frame = ls_frame_new_plain (vm, function, args, n_args);
  /* run as the frame, the caller past GET_AWAITABLE and LOAD_CONST as the
   * interpreter leaves it when it enters a coroutine's frame at once */
  caller_ip = caller->ip;
  caller->ip = caller_ip + 2;
  frame->back = caller;
  vm->frame = frame;
  vm->depth++;
  if (G_UNLIKELY (!ls_loop_create_future (vm, loop, &future) || !ls_future_is_exact (vm, future)))
    return wait_start_failed (vm, frame, caller, caller_ip, shape);
  frame->locals[shape->waiter] = future;
  ((LsFuture *) future.o)->label = ls_obj (waiter_label (vm, args[0], shape->suffix));
  ls_fifo_append (vm, waiters, future);
  /* try: await putter — suspended on the YIELD_FROM, the future itself
   * standing for its FutureIter (ls_future_await_if_native) */
  frame->blocks[0].handler = shape->handler;
  frame->blocks[0].level = 0;
  frame->blocks[0].is_except_handler = FALSE;
  frame->blocks[0].saved_handled = LS_NONE;
  frame->n_blocks = 1;
  frame->stack[0] = future;
  frame->sp = 1;
  frame->ip = shape->yield_from;
  vm->depth--;
  vm->frame = caller;
  caller->ip = caller_ip;
  gen = ls_generator_new (vm, frame, function);
  gen->body = &wait_body;
  *result = ls_obj (gen);
  return LS_SHORTCUT_COROUTINE;
}

/* `await q.put(item)` on the hot queue (hot_call said so): trusted_put
 * when the general path would do it, with nobody to wake, room in the
 * storage deque and the native step without its slow paths; a full
 * queue declined as the general path declines it; anything else handed
 * to the general path before anything changed.  Out of line and without
 * calls but the tail call, so that it saves no registers. */
static G_GNUC_NO_INLINE LsShortcutResult
hot_put (LsVM *vm, const TrustedQueue *hot, const LsValue *args, LsValue *result)
{
  LsDictEntry *slots = hot->dict->entries;
  LsValue maxsize = slots[SLOT_MAXSIZE].value, unfinished = slots[SLOT_UNFINISHED_TASKS].value;
  LsFifo *storage = hot->storage;
  LsValue *event_value;

  if (G_LIKELY (ls_is_int (maxsize) && holds_object (slots[SLOT_QUEUE].value, storage)))
    {
      if (maxsize.i > 0 && (gint64) ls_fifo_len (storage) >= maxsize.i)
        return start_wait (vm, hot, args, WAIT_PUT, result);   /* full: the coroutine waits */
      if (G_LIKELY (ls_is_int (unfinished) && unfinished.i != G_MAXINT64 &&
                    holds_object (slots[SLOT_GETTERS].value, hot->getters) && ls_fifo_len (hot->getters) == 0 &&
                    (event_value = hot_event_value (hot, slots)) != NULL && native_step_is_plain (vm) &&
                    ls_fifo_has_room (storage)))
        {
          ls_fifo_append (vm, storage, args[1]);   /* with room: inline, no call */
          vm->fuel--;                              /* ls_vm_native_step's */
          slots[SLOT_UNFINISHED_TASKS].value = ls_int (unfinished.i + 1);
          *event_value = ls_bool (FALSE);
          *result = LS_NONE;
          return LS_SHORTCUT_DONE;
        }
    }
  /* a getter to wake: the general path would decline (and no earlier) */
  if (ls_fifo_len (hot->getters) != 0 && first_waiter_waits (hot->getters))
    return LS_SHORTCUT_DECLINED;
  return queue_await_general (vm, (LsObject *) hot_put_function (vm), args, 2, NULL, result);
}

/* `await q.get()` on the hot queue, as hot_put */
static G_GNUC_NO_INLINE LsShortcutResult
hot_get (LsVM *vm, const TrustedQueue *hot, const LsValue *args, LsValue *result)
{
  LsDictEntry *slots = hot->dict->entries;
  LsFifo *storage = hot->storage;

  if (G_LIKELY (holds_object (slots[SLOT_QUEUE].value, storage)))
    {
      if (ls_fifo_len (storage) == 0)
        return start_wait (vm, hot, args, WAIT_GET, result);   /* empty: the coroutine waits */
      if (G_LIKELY (holds_object (slots[SLOT_PUTTERS].value, hot->putters) && ls_fifo_len (hot->putters) == 0 &&
                    native_step_is_plain (vm)))
        {
          vm->fuel--;                  /* ls_vm_native_step's */
          ls_fifo_popleft (storage, result);
          return LS_SHORTCUT_DONE;
        }
    }
  /* a putter to wake, as in hot_put */
  if (ls_fifo_len (hot->putters) != 0 && first_waiter_waits (hot->putters))
    return LS_SHORTCUT_DECLINED;
  return queue_await_general (vm, (LsObject *) hot_get_function (vm), args, 1, NULL, result);
}

/* queue_await_general's answer for the usual calls, at a fraction of its
 * cost: a plain call on the hot queue goes to hot_put or hot_get. */
static LsShortcutResult
queue_await_shortcut (LsVM *vm, LsObject *function, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsQueueState *state = vm->lsqueue_state;
  const TrustedQueue *hot = state->hot;

  if (function == state->put_function.o)
    {
      if (hot_call (hot, args, n_args, kwnames, 1))
        return hot_put (vm, hot, args, result);
    }
  else if (function == state->get_function.o && hot_call (hot, args, n_args, kwnames, 0))
    return hot_get (vm, hot, args, result);
  return queue_await_general (vm, function, args, n_args, kwnames, result);
}

/* --- the natives ------------------------------------------------------------ */

/* The view of args[0] when the call is the plain one (self plus
 * `n_params` positional arguments on an instance), else FALSE. */
static inline gboolean
plain_view (QueueView *view, LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, guint n_params)
{
  LsInstance *self;

  if (n_args != n_params + 1 || (kwnames != NULL && kwnames->len > 0) || (self = ls_value_instance (args[0])) == NULL)
    return FALSE;
  view_init (view, vm, self);
  return TRUE;
}

NATIVE (queue_qsize)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);
  QueueView view;
  gint64 size;

  if (trusted != NULL && trusted_storage (trusted))
    {
      *result = ls_int ((gint64) ls_fifo_len (trusted->storage));
      return TRUE;
    }

  if (!plain_view (&view, vm, args, n_args, kwnames, 0) || !qsize_body (&view, &size))
    return call_original (vm, METHOD_QSIZE, args, n_args, kwnames, result);
  *result = ls_int (size);
  return TRUE;
}

NATIVE (queue_empty)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);
  QueueView view;
  gboolean empty;

  if (trusted != NULL && trusted_storage (trusted))
    {
      *result = ls_bool (ls_fifo_len (trusted->storage) == 0);
      return TRUE;
    }

  if (!plain_view (&view, vm, args, n_args, kwnames, 0) || !empty_body (&view, &empty))
    return call_original (vm, METHOD_EMPTY, args, n_args, kwnames, result);
  *result = ls_bool (empty);
  return TRUE;
}

NATIVE (queue_full)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);
  QueueView view;
  gboolean full;

  if (trusted != NULL && trusted_full (trusted, &full))
    {
      *result = ls_bool (full);
      return TRUE;
    }

  if (!plain_view (&view, vm, args, n_args, kwnames, 0) || !full_body (&view, &full))
    return call_original (vm, METHOD_FULL, args, n_args, kwnames, result);
  *result = ls_bool (full);
  return TRUE;
}

NATIVE (queue_put_nowait)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 1);
  QueueView view;
  LsFifo *queue, *getters;
  LsValue *event_value;
  gint64 unfinished;

  if (trusted != NULL && (event_value = trusted_put_can_run (trusted)) != NULL)
    {
      *result = LS_NONE;
      return trusted_put (vm, trusted, event_value, args[1]);
    }

  if (!plain_view (&view, vm, args, n_args, kwnames, 1) ||
      !put_nowait_can_run (&view, &queue, &unfinished, &event_value, &getters))
    return call_original (vm, METHOD_PUT_NOWAIT, args, n_args, kwnames, result);
  ls_fifo_append (vm, queue, args[1]);
  set_field (&view, NAME_UNFINISHED_TASKS, ls_int (unfinished + 1));
  *event_value = ls_bool (FALSE);
  *result = LS_NONE;
  return wakeup_body (vm, getters);
}

/* Queue.get_nowait when the queue has an item and every step is the
 * library's: `self._get()`, `self._wakeup_next(self._putters)`. */
NATIVE (queue_get_nowait)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);
  QueueView view;
  LsFifo *queue, *putters;
  gboolean empty, ok;
  LsValue item;

  if (trusted != NULL && trusted_get_can_run (trusted))
    return trusted_get (vm, trusted, result);

  if (!plain_view (&view, vm, args, n_args, kwnames, 0) || !method_is_ours (&view, METHOD_EMPTY) ||
      !empty_body (&view, &empty) || empty || !method_is_ours (&view, METHOD_GET) ||
      (queue = fifo_field (&view, NAME_QUEUE)) == NULL || ls_fifo_len (queue) == 0 ||
      (putters = wakeup_of (&view, NAME_PUTTERS)) == NULL || putters == queue)
    return call_original (vm, METHOD_GET_NOWAIT, args, n_args, kwnames, result);
  ls_fifo_popleft (queue, &item);
  ls_vm_push_root (vm, item);
  ok = wakeup_body (vm, putters);
  ls_vm_pop_roots (vm, 1);
  *result = item;
  return ok;
}

/* Queue._put: self._queue.append(item) */
NATIVE (queue_put)
{
  QueueView view;
  LsFifo *queue;

  if (!plain_view (&view, vm, args, n_args, kwnames, 1) || (queue = fifo_field (&view, NAME_QUEUE)) == NULL)
    return call_original (vm, METHOD_PUT, args, n_args, kwnames, result);
  ls_fifo_append (vm, queue, args[1]);
  *result = LS_NONE;
  return TRUE;
}

/* Queue._get: self._queue.popleft() */
NATIVE (queue_get)
{
  QueueView view;
  LsFifo *queue;

  if (!plain_view (&view, vm, args, n_args, kwnames, 0) || (queue = fifo_field (&view, NAME_QUEUE)) == NULL ||
      !ls_fifo_popleft (queue, result))
    return call_original (vm, METHOD_GET, args, n_args, kwnames, result);
  return TRUE;
}

NATIVE (queue_wakeup_next)
{
  QueueView view;
  LsFifo *waiters;

  if (!plain_view (&view, vm, args, n_args, kwnames, 1) || (waiters = ls_fifo_from_value (args[1])) == NULL ||
      !wakeup_can_run (waiters))
    return call_original (vm, METHOD_WAKEUP_NEXT, args, n_args, kwnames, result);
  *result = LS_NONE;
  return wakeup_body (vm, waiters);
}

/* What the Python frames of task_done's last task take (see
 * last_task_done): the steps of the calls of task_done and Event.set and
 * of the `for`'s first next(); frames beyond the caller's; the room kept
 * below the memory cap. */
#define LAST_TASK_STEPS  3
#define LAST_TASK_FRAMES 2
#define LAST_TASK_ROOM   (64u << 10)

/* Queue.task_done of the last task on a trusted queue whose event nobody
 * waits on: `self._unfinished_tasks -= 1`, then `self._finished.set()`,
 * whose body finds _value False, sets it True and iterates the empty
 * deque of waiters.  What those two Python frames do besides is done as
 * they do it: the three steps, and the garbage of `iter(self._waiters)`
 * (an empty list copy and its iterator, made here by the calls
 * deque.__iter__ makes), so that the limits and the collector's pacing
 * count the same.  Only where nothing in those frames could raise or
 * collect: far from the recursion, depth, fuel and memory limits, and
 * before the next collection is due.  FALSE, with nothing done, else. */
static gboolean
last_task_done (LsVM *vm, const TrustedQueue *trusted, LsValue *unfinished_value)
{
  const guint32 needed = BIT_EVENT_SET | BIT_PLAIN (NAME_WAITERS);
  LsValue *event_value = trusted_event_value (trusted);
  LsValue waiters, iterator;
  LsFifo *fifo;

  if (event_value == NULL || (trusted->event_bits & needed) != needed || !ls_is_bool (*event_value) ||
      event_value->b)
    return FALSE;
  waiters = trusted->event_dict->entries[EVENT_SLOT_WAITERS].value;
  if ((fifo = ls_fifo_from_value (waiters)) == NULL || !waiters.o->cls->is_builtin || ls_fifo_len (fifo) != 0)
    return FALSE;
  if (vm->depth + vm->native_recursion + LAST_TASK_FRAMES + 2 >= vm->recursion_limit ||
      vm->c_depth + 1 >= LS_VM_MAX_C_DEPTH || vm->native_depth + 2 >= LS_VM_MAX_NATIVE_DEPTH ||
      vm->fuel < LAST_TASK_STEPS || ls_gc_should_collect (vm) || vm->bytes_allocated >= vm->memory_cap ||
      vm->memory_cap - vm->bytes_allocated < LAST_TASK_ROOM)
    return FALSE;
  (void) ls_vm_burn (vm, LAST_TASK_STEPS);   /* cannot run out: fuel >= LAST_TASK_STEPS */
  *unfinished_value = ls_int (0);
  *event_value = ls_bool (TRUE);
  return ls_get_iter (vm, ls_obj (ls_list_new_from (vm, NULL, 0)), &iterator);
}

/* queue_task_done on a queue that is not the hot one, or at the last
 * task: out of line, so that the hot path (once an item) saves no
 * registers and reserves no QueueView. */
static G_GNUC_NO_INLINE gboolean
task_done_general (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);
  QueueView view;
  gint64 unfinished;

  if (trusted != NULL)
    {
      LsValue *unfinished_value = trusted_slot (trusted, SLOT_UNFINISHED_TASKS);

      if (ls_is_int (*unfinished_value) && unfinished_value->i > 1)
        {
          *unfinished_value = ls_int (unfinished_value->i - 1);
          *result = LS_NONE;
          return TRUE;
        }
      if (ls_is_int (*unfinished_value) && unfinished_value->i == 1 && last_task_done (vm, trusted, unfinished_value))
        {
          *result = LS_NONE;
          return TRUE;
        }
    }
  if (!plain_view (&view, vm, args, n_args, kwnames, 0) ||
      !int_field (&view, NAME_UNFINISHED_TASKS, &unfinished) || unfinished <= 1)
    return call_original (vm, METHOD_TASK_DONE, args, n_args, kwnames, result);
  set_field (&view, NAME_UNFINISHED_TASKS, ls_int (unfinished - 1));
  *result = LS_NONE;
  return TRUE;
}

/* Queue.task_done while more than one task is unfinished: the count goes
 * down and nothing else happens (at 1 the Python method sets _finished,
 * at 0 it raises).  The hot queue's count is where trust_queue found it
 * (hot_call). */
NATIVE (queue_task_done)
{
  const TrustedQueue *hot = vm->lsqueue_state->hot;

  if (hot_call (hot, args, n_args, kwnames, 0))
    {
      LsValue *unfinished_value = &hot->dict->entries[SLOT_UNFINISHED_TASKS].value;

      if (ls_is_int (*unfinished_value) && unfinished_value->i > 1)
        {
          *unfinished_value = ls_int (unfinished_value->i - 1);
          *result = LS_NONE;
          return TRUE;
        }
    }
  return task_done_general (vm, args, n_args, kwnames, result);
}

/* Python frames Queue._get_loop runs (_get_loop, locks._bound_loop),
 * GET_LOOP_FRAMES above, and the room kept below the memory cap */
#define GET_LOOP_ROOM   (64u << 10)

/* Queue._get_loop is `return locks._bound_loop(self)`, and _bound_loop
 * reads `events._get_running_loop()` and returns it when the queue's
 * _loop is that loop already (a queue's second and later waits).  TRUE
 * with the loop in *out when all of that is the library's as installed:
 * the module globals and attributes on the way, the queue trusted with
 * `_loop` in its dict (where the first wait put it), no limit or
 * collection that the two Python calls could meet (their checks, their
 * safe points at entry) within reach.  FALSE, with nothing done, else:
 * the first wait, which sets _loop, and the RuntimeError of another loop
 * run the Python code. */
static gboolean
get_loop_body (LsVM *vm, const TrustedQueue *trusted, LsValue *out)
{
  LsQueueState *state = vm->lsqueue_state;
  LsDict *dict = trusted->dict;
  LsModule *locks, *events;
  LsNative *native;
  LsValue loop;

  if (!(trusted->bits & BIT_PLAIN (NAME_LOOP)) || dict->len != G_N_ELEMENTS (queue_shape) + 1 ||
      !ls_is_kind (state->bound_loop, LS_KIND_FUNCTION) ||
      vm->depth + GET_LOOP_FRAMES >= vm->recursion_limit || vm->native_depth + 1 >= LS_VM_MAX_NATIVE_DEPTH ||
      vm->fuel < GET_LOOP_FRAMES || ls_gc_should_collect (vm) || vm->bytes_allocated >= vm->memory_cap ||
      vm->memory_cap - vm->bytes_allocated < GET_LOOP_ROOM)
    return FALSE;
  /* obj._loop: the dict's last entry (trust_queue's shape) */
  loop = dict->entries[G_N_ELEMENTS (queue_shape)].value;
  if (loop.tag != LS_TAG_OBJECT)
    return FALSE;
  /* `locks._bound_loop` in _get_loop's globals, `events._get_running_loop`
   * in _bound_loop's */
  locks = ls_value_module (ls_dict_get_str_cached (((LsFunction *) state->originals[METHOD_GET_LOOP].o)->globals,
                                                   name_of (vm, NAME_LOCKS), &state->get_loop_caches[0]));
  if (locks == NULL || !holds_object (ls_dict_get_str_cached (locks->dict, name_of (vm, NAME_BOUND_LOOP),
                                                              &state->get_loop_caches[1]),
                                      state->bound_loop.o))
    return FALSE;
  events = ls_value_module (ls_dict_get_str_cached (((LsFunction *) state->bound_loop.o)->globals,
                                                    name_of (vm, NAME_EVENTS), &state->get_loop_caches[2]));
  if (events == NULL || !holds_object (ls_dict_get_str_cached (events->dict, name_of (vm, NAME_GET_RUNNING_LOOP),
                                                               &state->get_loop_caches[3]),
                                       state->get_running_loop.o))
    return FALSE;
  /* the native, called as _bound_loop calls it (it cannot fail: it reads
   * the running loops' dict by thread number); ls_call's way for a native
   * without a self, whose depth test passed above */
  native = (LsNative *) state->get_running_loop.o;
  if (!(ls_is_unbound (native->self) ? ls_vm_call_unbound_native (vm, native, NULL, 0, NULL, out)
                                     : ls_call (vm, state->get_running_loop, NULL, 0, NULL, out)) ||
      !holds_object (*out, loop.o))
    return FALSE;
  (void) ls_vm_burn (vm, GET_LOOP_FRAMES);   /* the two calls' steps; fuel >= GET_LOOP_FRAMES */
  return TRUE;
}

/* Queue._get_loop: get_loop_body, else the Python method as the
 * interpreter would have called it (inline: its frame, its safe point) */
NATIVE (queue_get_loop)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);

  if (trusted != NULL && get_loop_body (vm, trusted, result))
    return TRUE;
  return ls_vm_call_as_inline (vm, (LsFunction *) vm->lsqueue_state->originals[METHOD_GET_LOOP].o, args, n_args,
                               kwnames, result);
}

/* The label of a put's or get's waiter future for `queue`:
 * f'{type(queue).__name__}{suffix}', as the same str object while the
 * class's name and the suffix are the same ones: the trace then interns
 * it by address, and no string is formatted per wait. */
static LsStr *
waiter_label (LsVM *vm, LsValue queue, LsStr *suffix)
{
  LsQueueState *state = vm->lsqueue_state;
  LsStr *name = ls_type_of (vm, queue)->name;
  GString *text;
  guint slot;

  for (guint i = 0; i < N_LABELS; i++)
    if (state->labels[i].name == name && state->labels[i].suffix == suffix)
      return state->labels[i].label;
  text = g_string_new_len (name->data, (gssize) name->len);
  g_string_append_len (text, suffix->data, (gssize) suffix->len);
  slot = state->next_label++ % N_LABELS;
  state->labels[slot].name = name;
  state->labels[slot].suffix = suffix;
  state->labels[slot].label = ls_str_take_gstring (vm, text);
  return state->labels[slot].label;
}

/* _ls_waiter_label(waiter, queue, suffix): `waiter._ls_label =` the label
 * above, the statement the library's put and get make of it.  A C
 * Future's label is a field whose setter (Future's own, remembered by
 * ls_setattr) only stores it: stored here without the attribute lookup;
 * any other waiter (another loop's create_future) through ls_setattr, as
 * STORE_ATTR would, after the label was made as the right-hand side is
 * evaluated first. */
NATIVE (lsqueue_waiter_label)
{
  LsStr *suffix, *label;

  if (G_UNLIKELY (n_args != 3 || kwnames != NULL) && !ls_check_args (vm, "_ls_waiter_label", n_args, kwnames, 3, 3))
    return FALSE;
  if ((suffix = ls_value_str (args[2])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_ls_waiter_label() takes a str suffix");
  label = waiter_label (vm, args[1], suffix);
  *result = LS_NONE;
  if (G_LIKELY (ls_future_is_exact (vm, args[0])))
    {
      ((LsFuture *) args[0].o)->label = ls_obj (label);
      return TRUE;
    }
  return ls_setattr (vm, args[0], vm->names[LS_NAME__ls_label], ls_obj (label));
}

/* --- installing ------------------------------------------------------------- */

/* A Python function of `cls`'s own namespace. */
static gboolean
own_function (LsVM *vm, LsClass *cls, const char *name, LsValue *out)
{
  *out = ls_dict_get_str (cls->dict, ls_str_intern_cstr (vm, name));
  if (!ls_is_kind (*out, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "install(): %s.%s is not a Python function", cls->name->data, name);
  return TRUE;
}

/* state->bound_loop and state->get_running_loop, from the globals of the
 * Python _get_loop (left LS_NONE when they are not what the library
 * defines: queue_get_loop then always runs the Python method) */
static void
find_get_loop_callees (LsQueueState *state)
{
  LsFunction *get_loop = (LsFunction *) state->originals[METHOD_GET_LOOP].o;
  LsModule *locks, *events;
  LsValue bound_loop, get_running_loop;

  locks = ls_value_module (ls_dict_get_str (get_loop->globals, state->names[NAME_LOCKS]));
  bound_loop = locks != NULL ? ls_dict_get_str (locks->dict, state->names[NAME_BOUND_LOOP]) : LS_UNBOUND;
  if (!ls_is_kind (bound_loop, LS_KIND_FUNCTION))
    return;
  events = ls_value_module (ls_dict_get_str (((LsFunction *) bound_loop.o)->globals, state->names[NAME_EVENTS]));
  get_running_loop = events != NULL ? ls_dict_get_str (events->dict, state->names[NAME_GET_RUNNING_LOOP]) : LS_UNBOUND;
  if (!ls_is_kind (get_running_loop, LS_KIND_NATIVE))
    return;
  state->bound_loop = bound_loop;
  state->get_running_loop = get_running_loop;
}

/* The opcode at `ip` of `code` (its generic form) and its argument. */
static gboolean
instruction_is (LsCode *code, guint32 ip, LsOpcode op, guint32 *arg)
{
  guint32 word;

  if (ip >= code->n_instructions)
    return FALSE;
  word = code->instructions[ip];
  if (LS_INSTR_GENERIC_OP (word) != op)
    return FALSE;
  if (arg != NULL)
    *arg = LS_INSTR_ARG (word);
  return TRUE;
}

/* `shape` of put's or get's code (see WaitShape): its first await must be
 * `try: await <local>` on the local the first STORE_FAST sets, and the
 * first str constant is the label's suffix. */
static void
find_wait_shape (LsCode *code, WaitShape *shape)
{
  guint32 ip, arg, waiter = G_MAXUINT32, handler;
  LsValue none;

  shape->valid = FALSE;
  for (ip = 0; ip < code->n_instructions; ip++)
    {
      guint32 word = code->instructions[ip];

      if (waiter == G_MAXUINT32 && LS_INSTR_GENERIC_OP (word) == LS_OP_STORE_FAST)
        {
          waiter = LS_INSTR_ARG (word);
          shape->store = ip;
        }
      if (shape->suffix == NULL && LS_INSTR_GENERIC_OP (word) == LS_OP_LOAD_CONST &&
          ls_value_str (code->consts->items[LS_INSTR_ARG (word)]) != NULL)
        shape->suffix = ls_value_str (code->consts->items[LS_INSTR_ARG (word)]);
      if (LS_INSTR_GENERIC_OP (word) == LS_OP_YIELD_FROM)
        break;
    }
  if (ip < 4 || ip >= code->n_instructions || shape->suffix == NULL || waiter >= code->n_locals ||
      !instruction_is (code, ip - 4, LS_OP_SETUP_FINALLY, &handler) ||
      !instruction_is (code, ip - 3, LS_OP_LOAD_FAST, &arg) || arg != waiter ||
      !instruction_is (code, ip - 2, LS_OP_GET_AWAITABLE, NULL) ||
      !instruction_is (code, ip - 1, LS_OP_LOAD_CONST, &arg))
    return;
  none = code->consts->items[arg];
  if (!ls_is_none (none) || code->stack_size < 2 || code->block_depth < 1)
    return;
  shape->yield_from = ip;
  shape->handler = handler;
  shape->waiter = waiter;
  shape->valid = TRUE;
}

/* install(Queue, Event): replaces Queue's methods with the natives,
 * keeping the Python ones to fall back on. */
NATIVE (lsqueue_install)
{
  LsClass *queue_cls, *event_cls;
  LsQueueState *state;
  LsValue module;
  guint16 shortcut;

  if (!ls_check_args (vm, "install", n_args, kwnames, 2, 2))
    return FALSE;
  queue_cls = ls_value_class (args[0]);
  event_cls = ls_value_class (args[1]);
  if (queue_cls == NULL || event_cls == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "install() takes the Queue and Event classes");
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsQueueState));
  state->header.vtable = &state_vtable;
  for (guint m = 0; m < N_METHODS; m++)
    {
      state->method_names[m] = ls_str_intern_cstr (vm, methods[m].name);
      state->originals[m] = LS_NONE;
    }
  for (guint n = 0; n < N_NAMES; n++)
    state->names[n] = ls_str_intern_cstr (vm, name_texts[n]);
  state->event_clear = LS_NONE;
  state->event_set = LS_NONE;
  state->hot = &no_queue;
  state->put_function = LS_NONE;
  state->get_function = LS_NONE;
  state->bound_loop = LS_NONE;
  state->get_running_loop = LS_NONE;
  state->label_native = LS_NONE;
  /* the module keeps the state alive, as _lsloop its names */
  module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_lsqueue"));
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_lsqueue is not loaded");
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_state"), ls_obj (state));
  if (!own_function (vm, event_cls, "clear", &state->event_clear) ||
      !own_function (vm, event_cls, "set", &state->event_set))
    return FALSE;
  for (guint m = 0; m < N_METHODS; m++)
    if (!own_function (vm, queue_cls, methods[m].name, &state->originals[m]))
      return FALSE;
  for (guint m = 0; m < N_METHODS; m++)
    {
      LsNative *native = ls_native_new (vm, methods[m].name, methods[m].func);

      native->is_method = TRUE;
      ls_dict_set_str (vm, queue_cls->dict, native->name, ls_obj (native));
    }
  if (!own_function (vm, queue_cls, "put", &state->put_function) ||
      !own_function (vm, queue_cls, "get", &state->get_function))
    return FALSE;
  find_get_loop_callees (state);
  find_wait_shape (((LsFunction *) state->put_function.o)->code, &state->waits[WAIT_PUT]);
  find_wait_shape (((LsFunction *) state->get_function.o)->code, &state->waits[WAIT_GET]);
  shortcut = ls_vm_add_await_shortcut (vm, queue_await_shortcut);
  state->put_function.o->flags |= shortcut;
  state->get_function.o->flags |= shortcut;
  /* a global of asyncio.queues, as if the module had defined it */
  state->label_name = ls_str_intern_cstr (vm, "_ls_waiter_label");
  state->label_native = ls_obj (ls_native_new (vm, "_ls_waiter_label", lsqueue_waiter_label));
  ls_dict_set_str (vm, ((LsFunction *) state->put_function.o)->globals, state->label_name, state->label_native);
  vm->lsqueue_state = state;
  *result = LS_NONE;
  return TRUE;
}

LsModule *
ls_module_lsqueue_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "_lsqueue");

  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "install"),
                   ls_obj (ls_native_new (vm, "install", lsqueue_install)));
  return module;
}
