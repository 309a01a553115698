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
 * work directly.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-asyncio-queue.h"

#include "ls-asyncio-future.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-fifo.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"

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
  NAME_SETATTR,
  NAME_LOOP,
  NAME_WAITERS,
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
  "__setattr__",
  "_loop",
  "_waiters",
};

G_STATIC_ASSERT (G_N_ELEMENTS (name_texts) == N_NAMES);

/* What a class's lookups answer, for the names above: computed once
 * per class and cache epoch (ls_class_cache_epoch), since the answer
 * can only change when the epoch moves. */
#define BIT_METHOD(m)      (1u << (m))                    /* resolves to our native */
#define BIT_PLAIN(n)       (1u << (N_METHODS + (n)))       /* no property of that name */
#define BIT_NO_SETATTR     (1u << (N_METHODS + N_NAMES))
#define BIT_EVENT_CLEAR    (1u << (N_METHODS + N_NAMES + 1)) /* clear is asyncio.locks.Event.clear */

G_STATIC_ASSERT (N_METHODS + N_NAMES + 2 <= 32);

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

/* vm->lsqueue_state, held by the module as `_state` */
struct _LsQueueState
{
  LsExtension  header;
  LsStr       *method_names[N_METHODS];
  LsStr       *names[N_NAMES];
  LsValue      originals[N_METHODS];  /* the Python methods replaced */
  LsValue      event_clear;           /* asyncio.locks.Event.clear */
  LsValue      put_function;          /* Queue.put and Queue.get, whose */
  LsValue      get_function;          /* `await`s queue_await_shortcut may do */
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
};

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
  ls_gc_mark_value (vm, self->put_function);
  ls_gc_mark_value (vm, self->get_function);
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
  [NAME_VALUE] = -1, [NAME_CLEAR] = -1, [NAME_SETATTR] = -1, [NAME_LOOP] = -1, [NAME_WAITERS] = -1,
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

  view_init (&view, vm, self);
  if ((view.bits & TRUSTED_QUEUE_BITS) != TRUSTED_QUEUE_BITS || view.slots == NULL)
    return FALSE;
  storage = ls_fifo_from_value (view.slots[SLOT_QUEUE].value);
  getters = ls_fifo_from_value (view.slots[SLOT_GETTERS].value);
  putters = ls_fifo_from_value (view.slots[SLOT_PUTTERS].value);
  event = ls_value_instance (view.slots[SLOT_FINISHED].value);
  if (storage == NULL || getters == NULL || putters == NULL || storage == getters || storage == putters ||
      event == NULL || event->dict == NULL ||
      (class_verdict (vm, event->header.cls) & TRUSTED_EVENT_BITS) != TRUSTED_EVENT_BITS ||
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
  if (trust_queue (vm, self, entry))
    return entry;
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
 * put's frame must be there, as it is when the coroutine runs. */
static LsShortcutResult
queue_await_shortcut (LsVM *vm, LsObject *function, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsQueueState *state = vm->lsqueue_state;
  const TrustedQueue *trusted;

  if (holds_object (state->put_function, function))
    {
      const guint32 needed = BIT_METHOD (METHOD_FULL) | BIT_METHOD (METHOD_PUT_NOWAIT);
      LsValue *event_value;

      if ((trusted = trusted_view (vm, args, n_args, kwnames, 1)) == NULL || (trusted->bits & needed) != needed ||
          (event_value = trusted_put_can_run (trusted)) == NULL || !nobody_to_wake (trusted->getters))
        return LS_SHORTCUT_DECLINED;
      if (!ls_vm_native_step (vm))
        return LS_SHORTCUT_FAILED;
      *result = LS_NONE;
      return trusted_put (vm, trusted, event_value, args[1]) ? LS_SHORTCUT_DONE : LS_SHORTCUT_FAILED;
    }
  if (holds_object (state->get_function, function))
    {
      const guint32 needed = BIT_METHOD (METHOD_EMPTY) | BIT_METHOD (METHOD_GET_NOWAIT);

      if ((trusted = trusted_view (vm, args, n_args, kwnames, 0)) == NULL || (trusted->bits & needed) != needed ||
          !trusted_get_can_run (trusted) || !nobody_to_wake (trusted->putters))
        return LS_SHORTCUT_DECLINED;
      if (!ls_vm_native_step (vm))
        return LS_SHORTCUT_FAILED;
      return trusted_get (vm, trusted, result) ? LS_SHORTCUT_DONE : LS_SHORTCUT_FAILED;
    }
  return LS_SHORTCUT_DECLINED;
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

/* queue_task_done on a queue that is not trusted, or at the last task:
 * out of line, so that the trusted path (once an item) saves no more
 * registers and reserves no QueueView. */
static G_GNUC_NO_INLINE gboolean
task_done_general (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  QueueView view;
  gint64 unfinished;

  if (!plain_view (&view, vm, args, n_args, kwnames, 0) ||
      !int_field (&view, NAME_UNFINISHED_TASKS, &unfinished) || unfinished <= 1)
    return call_original (vm, METHOD_TASK_DONE, args, n_args, kwnames, result);
  set_field (&view, NAME_UNFINISHED_TASKS, ls_int (unfinished - 1));
  *result = LS_NONE;
  return TRUE;
}

/* Queue.task_done while more than one task is unfinished: the count goes
 * down and nothing else happens (at 1 the Python method sets _finished,
 * at 0 it raises). */
NATIVE (queue_task_done)
{
  const TrustedQueue *trusted = trusted_view (vm, args, n_args, kwnames, 0);

  if (trusted != NULL)
    {
      LsValue *unfinished_value = trusted_slot (trusted, SLOT_UNFINISHED_TASKS);

      if (ls_is_int (*unfinished_value) && unfinished_value->i > 1)
        {
          *unfinished_value = ls_int (unfinished_value->i - 1);
          *result = LS_NONE;
          return TRUE;
        }
    }
  return task_done_general (vm, args, n_args, kwnames, result);
}

/* _ls_waiter_label(queue, suffix): f'{type(queue).__name__}{suffix}', the
 * label of a put's or get's waiter future, as the same str object while
 * the class's name and the suffix are the same ones: the trace then
 * interns it by address, and no string is formatted per wait. */
NATIVE (lsqueue_waiter_label)
{
  LsQueueState *state = vm->lsqueue_state;
  LsStr *name, *suffix;
  GString *text;
  guint slot;

  if (!ls_check_args (vm, "_ls_waiter_label", n_args, kwnames, 2, 2))
    return FALSE;
  if ((suffix = ls_value_str (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_ls_waiter_label() takes a str suffix");
  name = ls_type_of (vm, args[0])->name;
  for (guint i = 0; i < N_LABELS; i++)
    if (state->labels[i].name == name && state->labels[i].suffix == suffix)
      {
        *result = ls_obj (state->labels[i].label);
        return TRUE;
      }
  text = g_string_new_len (name->data, (gssize) name->len);
  g_string_append_len (text, suffix->data, (gssize) suffix->len);
  slot = state->next_label++ % N_LABELS;
  state->labels[slot].name = name;
  state->labels[slot].suffix = suffix;
  state->labels[slot].label = ls_str_take_gstring (vm, text);
  *result = ls_obj (state->labels[slot].label);
  return TRUE;
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
  state->put_function = LS_NONE;
  state->get_function = LS_NONE;
  /* the module keeps the state alive, as _lsloop its names */
  module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_lsqueue"));
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_lsqueue is not loaded");
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_state"), ls_obj (state));
  if (!own_function (vm, event_cls, "clear", &state->event_clear))
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
  shortcut = ls_vm_add_await_shortcut (vm, queue_await_shortcut);
  state->put_function.o->flags |= shortcut;
  state->get_function.o->flags |= shortcut;
  /* a global of asyncio.queues, as if the module had defined it */
  ls_dict_set_str (vm, ((LsFunction *) state->put_function.o)->globals, ls_str_intern_cstr (vm, "_ls_waiter_label"),
                   ls_obj (ls_native_new (vm, "_ls_waiter_label", lsqueue_waiter_label)));
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
