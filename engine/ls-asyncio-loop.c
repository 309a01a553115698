/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-loop.c — the event loop's hot path in C (see
 * ls-asyncio-loop.h): scheduling callbacks and timers and one iteration
 * of the loop, with the semantics of our port of CPython 3.11's
 * base_events.py that they replace, line for line: the same reads of the
 * loop's attributes, the same calls of its overridable methods, the same
 * trace records in the same order.
 *
 * The timer heap holds the TimerHandles themselves, as CPython's does,
 * ordered by (deadline, scheduling order) without Python-level
 * comparisons.  The order is total, so timers come out of the heap in the
 * same order as from the (when, seq, handle) tuples the library used.
 *
 * Virtual time (DESIGN.md): the clock only moves in the selector's wait;
 * a timer is due when `when < now + clock_resolution` (1e-9).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-asyncio-loop.h"

#include "ls-asyncio-future.h"
#include "ls-asyncio-handle.h"
#include "ls-asyncio-task.h"
#include "ls-auxlib.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-fifo.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-looplib.h"
#include "ls-ops.h"
#include "ls-tracelib.h"
#include "ls-tuple.h"
#include "ls-vm-private.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* CPython's cap on one wait of the selector. */
#define MAXIMUM_SELECT_TIMEOUT 86400.0
/* Cancelled timers are swept out of the heap all at once when there are
 * more than this many timers and more than this fraction are cancelled. */
#define MIN_SCHEDULED_TIMER_HANDLES 100
#define MIN_CANCELLED_TIMER_HANDLES_FRACTION 0.5

NATIVE (loop_time);
NATIVE (loop_get_debug);
NATIVE (loop_timer_handle_cancelled);
NATIVE (loop_call_at);
NATIVE (loop_call_soon);
NATIVE (loop_call_later);
NATIVE (loop_create_future);
NATIVE (selector_select);
NATIVE (loop_process_events);

/* --- the loop's attributes -------------------------------------------------- */


static inline LsStr *
name_of (LsVM *vm, LsName name)
{
  return vm->names[name];
}

/* instance.__dict__[name] or LS_UNBOUND, through the VM's memory of where
 * the name was last found: the loop's C code reads the same few names of
 * the same loop at every callback */
static inline LsValue
own_attribute (LsVM *vm, LsInstance *instance, LsName name)
{
  return ls_dict_get_str_cached (instance->dict, vm->names[name], &vm->name_caches[name]);
}

/* self.<name>: the instance dict first (where BaseEventLoop.__init__ put
 * it), then the ordinary lookup, which raises as Python would.  Inline,
 * with the lookup out of line: the loop's C code reads a handful of names
 * per callback, and a call that saves registers for the rare path cost
 * more than the read. */
static inline gboolean
loop_get (LsVM *vm, LsValue self, LsName name, LsValue *out)
{
  LsInstance *instance = ls_value_instance (self);

  if (G_LIKELY (instance != NULL && instance->dict != NULL))
    {
      *out = own_attribute (vm, instance, name);
      if (G_LIKELY (!ls_is_unbound (*out)))
        return TRUE;
    }
  return ls_getattr (vm, self, name_of (vm, name), out);
}

static inline gboolean
loop_truthy (LsVM *vm, LsValue self, LsName name, gboolean *out)
{
  LsValue value;

  return loop_get (vm, self, name, &value) && ls_truthy (vm, value, out);
}

static gboolean
call_method (LsVM *vm, LsValue obj, LsName name, const LsValue *args, guint n_args, LsValue *out)
{
  LsValue method;

  return ls_getattr (vm, obj, name_of (vm, name), &method) && ls_call (vm, method, args, n_args, NULL, out);
}

/* TRUE when self.<name> is still the C function `func` (a subclass or
 * the instance may have replaced it: then the caller calls it instead). */
static inline gboolean
is_stock (LsVM *vm, LsValue self, LsName name, LsNativeFunc func)
{
  LsInstance *instance = ls_value_instance (self);
  LsValue method;

  if (instance == NULL || (instance->dict != NULL && !ls_is_unbound (own_attribute (vm, instance, name))))
    return FALSE;
  method = ls_class_lookup_cached (self.o->cls, name_of (vm, name), &vm->class_name_caches[name]);
  return ls_is_kind (method, LS_KIND_NATIVE) && ((LsNative *) method.o)->func == func;
}

static inline gboolean
get_ready (LsVM *vm, LsValue self, LsFifo **out)
{
  LsValue ready;

  if (!loop_get (vm, self, LS_NAME__ready, &ready))
    return FALSE;
  *out = ls_fifo_from_value (ready);
  if (*out == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "the event loop's _ready must be its deque, not %s",
                     ls_type_name (vm, ready));
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean
not_a_list (LsVM *vm, LsValue scheduled)
{
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "the event loop's _scheduled must be a list, not %s",
                   ls_type_name (vm, scheduled));
}

/* Inline: call_at and the loop's collection of due timers ask at every
 * timer. */
static inline gboolean
get_scheduled (LsVM *vm, LsValue self, LsList **out)
{
  LsValue scheduled;

  if (!loop_get (vm, self, LS_NAME__scheduled, &scheduled))
    return FALSE;
  *out = ls_value_list (scheduled);
  if (G_UNLIKELY (*out == NULL))
    return not_a_list (vm, scheduled);
  return TRUE;
}

/* self._scheduled as a list: from the running-loop memo's place for it
 * when `plain` (plain_timers' answer) is not NULL, else looked up. */
static inline gboolean
scheduled_of (LsVM *vm, LsValue self, LsDict *plain, LsList **out)
{
  LsValue value;

  if (plain == NULL)
    return get_scheduled (vm, self, out);
  value = plain->entries[vm->plain_loop_memo.scheduled].value;
  *out = ls_value_list (value);
  return G_LIKELY (*out != NULL) || not_a_list (vm, value);
}

/* self.time() */
static gboolean
loop_now (LsVM *vm, LsValue self, LsValue *out)
{
  if (is_stock (vm, self, LS_NAME_time, loop_time))
    {
      *out = ls_float (vm->now);
      return TRUE;
    }
  return call_method (vm, self, LS_NAME_time, NULL, 0, out);
}

static gboolean
number_of (LsVM *vm, LsValue v, const char *what, double *out)
{
  if (ls_is_float (v))
    *out = v.f;
  else if (ls_is_intlike (v))
    *out = (double) ls_as_int (v);
  else
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s must be a number, not %s", what, ls_type_name (vm, v));
  return TRUE;
}

/* self._check_closed(): only called when it would do something */
static inline gboolean
check_closed (LsVM *vm, LsValue self)
{
  LsInstance *instance = ls_value_instance (self);
  LsValue closed = instance != NULL && instance->dict != NULL ? own_attribute (vm, instance, LS_NAME__closed) : LS_UNBOUND;
  LsValue ignored;

  if (ls_is_bool (closed) && !closed.b)
    return TRUE;
  return call_method (vm, self, LS_NAME__check_closed, NULL, 0, &ignored);
}

static G_GNUC_NO_INLINE gboolean
check_debug_slow (LsVM *vm, LsValue self, LsValue callback, const char *method, gboolean thread)
{
  LsValue ignored, check_args[2] = { callback, LS_NONE };
  gboolean debug;

  if (!loop_truthy (vm, self, LS_NAME__debug, &debug))
    return FALSE;
  if (!debug)
    return TRUE;
  if (thread && !call_method (vm, self, LS_NAME__check_thread, NULL, 0, &ignored))
    return FALSE;
  check_args[1] = ls_obj (ls_str_new_cstr (vm, method));
  return call_method (vm, self, LS_NAME__check_callback, check_args, 2, &ignored);
}

/* self._debug is False in the loop's own dict: nothing to check.  Inline,
 * the rest out of line: every call_soon and call_at asks. */
static inline gboolean
debug_is_false (LsVM *vm, LsValue self)
{
  LsInstance *instance = ls_value_instance (self);
  LsValue debug;

  if (G_UNLIKELY (instance == NULL || instance->dict == NULL))
    return FALSE;
  debug = own_attribute (vm, instance, LS_NAME__debug);
  return ls_is_bool (debug) && !debug.b;
}

/* if self._debug: self._check_thread(); self._check_callback(callback, method) */
static inline gboolean
check_debug (LsVM *vm, LsValue self, LsValue callback, const char *method, gboolean thread)
{
  return debug_is_false (vm, self) || check_debug_slow (vm, self, callback, method, thread);
}

/* --- the plain loop's memo ------------------------------------------------- */

/* The loop's own dict when vm->plain_loop_memo holds for it (the same
 * dict, keys, class and class epoch as when it was filled), else NULL;
 * then *plain says whether it was filled for a plain loop: its call_soon
 * the C one (is_stock), its dict with _closed, _debug and _ready where
 * the memo says.  The four reads each of ls_loop_call_soon's checks
 * made, each testing the same dict and keys version, and the class
 * lookup, were ~110 instructions a step. */
static inline LsDict *
plain_loop_dict (LsVM *vm, LsValue loop, gboolean *plain)
{
  const LsPlainLoopMemo *memo = &vm->plain_loop_memo;
  LsInstance *instance = ls_value_instance (loop);
  LsDict *dict;

  *plain = FALSE;
  if (G_UNLIKELY (instance == NULL))
    return NULL;
  dict = instance->dict;
  if (G_LIKELY (dict != NULL && memo->dict == dict && memo->version == dict->keys_version &&
                memo->cls == loop.o->cls && memo->class_epoch == ls_class_epoch ()))
    {
      *plain = memo->plain;
      return dict;
    }
  return NULL;
}

/* Fills the memo for `loop` (plain or not), when it has a dict. */
static G_GNUC_NO_INLINE void
plain_loop_remember (LsVM *vm, LsValue loop)
{
  LsPlainLoopMemo *memo = &vm->plain_loop_memo;
  LsInstance *instance = ls_value_instance (loop);
  LsDict *dict;

  memo->dict = NULL;
  if (instance == NULL || instance->dict == NULL)
    return;
  dict = instance->dict;
  memo->plain = FALSE;
  memo->timers = FALSE;
  if (is_stock (vm, loop, LS_NAME_call_soon, loop_call_soon))
    {
      memo->closed = ls_dict_index_of_str (dict, name_of (vm, LS_NAME__closed));
      memo->debug = ls_dict_index_of_str (dict, name_of (vm, LS_NAME__debug));
      memo->ready = ls_dict_index_of_str (dict, name_of (vm, LS_NAME__ready));
      memo->plain = memo->closed >= 0 && memo->debug >= 0 && memo->ready >= 0;
      memo->ready_fifo = memo->plain ? (gconstpointer) ls_fifo_from_value (dict->entries[memo->ready].value) : NULL;
      memo->scheduled = ls_dict_index_of_str (dict, name_of (vm, LS_NAME__scheduled));
      memo->timers = memo->plain && memo->scheduled >= 0 &&
                     is_stock (vm, loop, LS_NAME_call_later, loop_call_later) &&
                     is_stock (vm, loop, LS_NAME_time, loop_time) &&
                     is_stock (vm, loop, LS_NAME_call_at, loop_call_at) &&
                     is_stock (vm, loop, LS_NAME_create_future, loop_create_future) &&
                     is_stock (vm, loop, LS_NAME_get_debug, loop_get_debug) &&
                     is_stock (vm, loop, LS_NAME__timer_handle_cancelled, loop_timer_handle_cancelled);
    }
  memo->dict = dict;
  memo->version = ls_dict_keys_version (dict);
  memo->cls = loop.o->cls;
  memo->class_epoch = ls_class_epoch ();
}

/* self._debug is False, read through the memo (`dict` from
 * plain_loop_dict): a scenario may set it without changing the keys. */
static inline gboolean
plain_loop_debug_is_false (LsVM *vm, LsDict *dict)
{
  LsValue debug = dict->entries[vm->plain_loop_memo.debug].value;

  return ls_is_bool (debug) && !debug.b;
}

/* The loop's own dict when the memo holds for it (refilled here when it
 * does not) and says that a timer's methods are the C ones (`timers`),
 * else NULL.  A sleep asked is_stock six times (~20 instructions each),
 * each answer keyed on the same dict keys, class and class epoch. */
static inline LsDict *
plain_timers (LsVM *vm, LsValue loop)
{
  gboolean plain;
  LsDict *dict = plain_loop_dict (vm, loop, &plain);

  if (G_UNLIKELY (dict == NULL))
    {
      plain_loop_remember (vm, loop);
      dict = plain_loop_dict (vm, loop, &plain);
    }
  return dict != NULL && vm->plain_loop_memo.timers ? dict : NULL;
}

/* plain_timers without the refill: NULL when the memo does not hold.
 * For fast paths that call nothing, so that GCC saves no registers for
 * them; their slow paths ask plain_timers. */
static inline LsDict *
plain_timers_held (LsVM *vm, LsValue loop)
{
  gboolean plain;
  LsDict *dict = plain_loop_dict (vm, loop, &plain);

  return dict != NULL && vm->plain_loop_memo.timers ? dict : NULL;
}

/* self._closed and self._debug both False, read through the memo (`dict`
 * from plain_timers): what check_closed and check_debug then let pass. */
static inline gboolean
plain_loop_open_quiet (LsVM *vm, LsDict *dict)
{
  LsValue closed = dict->entries[vm->plain_loop_memo.closed].value;

  return ls_is_bool (closed) && !closed.b && plain_loop_debug_is_false (vm, dict);
}

/* call_soon's checks through the memo: not closed, not in debug mode,
 * and _ready the loop's FIFO (then *ready). */
static inline gboolean
plain_loop_ready (LsVM *vm, LsDict *dict, LsFifo **ready)
{
  const LsPlainLoopMemo *memo = &vm->plain_loop_memo;
  LsValue closed = dict->entries[memo->closed].value, ready_value;

  if (!ls_is_bool (closed) || closed.b || !plain_loop_debug_is_false (vm, dict))
    return FALSE;
  ready_value = dict->entries[memo->ready].value;
  /* the FIFO the memo was filled with, alive while the epoch stays */
  if (G_LIKELY (ready_value.tag == LS_TAG_OBJECT && ready_value.o == memo->ready_fifo && ready_value.o != NULL))
    {
      *ready = (LsFifo *) ready_value.o;
      return TRUE;
    }
  *ready = ls_fifo_from_value (ready_value);
  return *ready != NULL;
}

/* --- arguments -------------------------------------------------------------- */

/* `def f(self, a, b, *args, context=None)`: fills fixed[] (a, b) and
 * *context; the extra positional arguments are args[1 + n_fixed:n_args]. */
static gboolean
parse_star_args (LsVM              *vm,
                 const char        *qualname,
                 const LsValue     *args,
                 guint              n_args,
                 LsTuple           *kwnames,
                 const char *const *names,
                 guint              n_fixed,
                 LsValue           *fixed,
                 LsValue           *context)
{
  guint n_kw = ls_aux_n_kwargs (kwnames);
  guint n_missing = 0;

  *context = LS_UNBOUND;
  for (guint i = 0; i < n_fixed; i++)
    fixed[i] = i + 1 < n_args ? args[i + 1] : LS_UNBOUND;
  for (guint k = 0; k < n_kw; k++)
    {
      LsStr *key = ls_value_str (kwnames->items[k]);
      LsValue *slot = NULL;

      if (key == name_of (vm, LS_NAME_context) || strcmp (key->data, "context") == 0)
        slot = context;
      for (guint i = 0; slot == NULL && i < n_fixed; i++)
        if (strcmp (key->data, names[i]) == 0)
          slot = &fixed[i];
      if (slot == NULL)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got an unexpected keyword argument '%s'", qualname, key->data);
      if (!ls_is_unbound (*slot))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got multiple values for argument '%s'", qualname, key->data);
      *slot = args[n_args + k];
    }
  for (guint i = 0; i < n_fixed; i++)
    n_missing += ls_is_unbound (fixed[i]);
  if (n_missing > 0)
    {
      g_autoptr (GString) missing = g_string_new (NULL);
      guint seen = 0;

      for (guint i = 0; i < n_fixed; i++)
        if (ls_is_unbound (fixed[i]))
          {
            seen++;
            g_string_append_printf (missing, "%s'%s'", seen == 1 ? "" : seen == n_missing ? " and " : ", ", names[i]);
          }
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() missing %u required positional argument%s: %s",
                       qualname, n_missing, n_missing == 1 ? "" : "s", missing->str);
    }
  if (ls_is_unbound (*context))
    *context = LS_NONE;
  return TRUE;
}

static guint
n_star (guint n_args, guint n_fixed)
{
  return n_args > 1 + n_fixed ? n_args - 1 - n_fixed : 0;
}

/* --- the timer heap: CPython's _heapq algorithms on TimerHandles -------------- */

/* With thousands of timers, each comparison read a TimerHandle made long
 * before: a cache miss per level of every sift.  The heap's keys are kept
 * beside it in vm->timer_keys, position for position, so that a sift
 * reads two arrays.  They are only a memory: an entry is used while the
 * list holds the handle it was taken from at that position (Python code
 * may change loop._scheduled), and all of them are dropped when the heap
 * is another list, when a handle's _when or _seq may have changed
 * (vm->timer_keys_generation), and after a collection (the class epoch
 * moves then: a freed handle's address may come back).
 *
 * A key takes 32 bytes and the array starts one key past a cache line,
 * so that the two children of a position (2p + 1, 2p + 2) share a line:
 * a level of a pop's descent reads one line of keys, and the next level's
 * can be asked for while this one is compared. */
typedef struct
{
  LsObject *handle;
  guint64   seq;
  double    when;
  guint64   unused;
} TimerKey;

G_STATIC_ASSERT (sizeof (TimerKey) == 32);

#define TIMER_KEYS_ALIGNMENT 64

/* Room for `capacity` keys, the old ones copied and the rest blank. */
static void
timer_keys_grow (LsVM *vm, gsize capacity)
{
  gpointer raw = g_malloc0 ((capacity + 1) * sizeof (TimerKey) + TIMER_KEYS_ALIGNMENT);
  TimerKey *keys = (TimerKey *) ((GPOINTER_TO_SIZE (raw) + TIMER_KEYS_ALIGNMENT - 1) &
                                 ~(gsize) (TIMER_KEYS_ALIGNMENT - 1)) + 1;

  if (vm->timer_keys_at != NULL)
    memcpy (keys, vm->timer_keys_at, vm->timer_keys_capacity * sizeof (TimerKey));
  g_free (vm->timer_keys);
  vm->timer_keys = raw;
  vm->timer_keys_at = keys;
  vm->timer_keys_capacity = capacity;
}

/* timer_keys when the array must grow or the keys are stale. */
static G_GNUC_NO_INLINE TimerKey *
timer_keys_renew (LsVM *vm, LsList *heap)
{
  guint64 epoch = ls_class_epoch ();

  if (vm->timer_keys_capacity < heap->len + 1)
    timer_keys_grow (vm, MAX (64, MAX (heap->len + 1, vm->timer_keys_capacity * 2)));
  if (vm->timer_keys_list != heap || vm->timer_keys_epoch != epoch ||
      vm->timer_keys_taken != vm->timer_keys_generation)
    {
      memset (vm->timer_keys_at, 0, vm->timer_keys_capacity * sizeof (TimerKey));
      vm->timer_keys_list = heap;
      vm->timer_keys_epoch = epoch;
      vm->timer_keys_taken = vm->timer_keys_generation;
    }
  return vm->timer_keys_at;
}

/* The keys of `heap`, with room for one more than it holds: heap_pop
 * reads the key of the slot it has just cut off.  Inline, the renewal
 * out of line: each push and pop asks (a call was ~30 instructions). */
static inline TimerKey *
timer_keys (LsVM *vm, LsList *heap)
{
  if (G_LIKELY (vm->timer_keys_capacity >= heap->len + 1 && vm->timer_keys_list == heap &&
                vm->timer_keys_epoch == ls_class_epoch () && vm->timer_keys_taken == vm->timer_keys_generation))
    return vm->timer_keys_at;
  return timer_keys_renew (vm, heap);
}

static G_GNUC_NO_INLINE gboolean
key_take (LsVM *vm, LsList *heap, TimerKey *keys, gsize pos)
{
  LsHandle *handle = ls_handle_from_value (heap->items[pos]);

  if (handle == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "the event loop's _scheduled holds a %s, not a TimerHandle",
                     ls_type_name (vm, heap->items[pos]));
  keys[pos] = (TimerKey) { heap->items[pos].o, handle->seq, handle->when_d, 0 };
  return TRUE;
}

/* The key of the handle at `pos`, taken again when the memory is stale. */
static inline gboolean
key_at (LsVM *vm, LsList *heap, TimerKey *keys, gsize pos)
{
  if (G_LIKELY (heap->items[pos].tag == LS_TAG_OBJECT && keys[pos].handle == heap->items[pos].o))
    return TRUE;
  return key_take (vm, heap, keys, pos);
}

/* ls_timer_handle_less on keys */
static inline gboolean
key_less (const TimerKey *a, const TimerKey *b)
{
  return a->when == b->when ? a->seq < b->seq : a->when < b->when;
}

/* Towards the root while the key is smaller than its parent's.  `item`
 * and `key` are at `pos` already, the key checked against the item (both
 * callers have just put them there): inline into them, without the
 * call and the check again. */
static inline G_ALWAYS_INLINE gboolean
sift_down (LsVM *vm, LsList *heap, TimerKey *keys, gsize start, gsize pos, LsValue item, TimerKey key)
{
  while (pos > start)
    {
      gsize parent = (pos - 1) >> 1;

      if (!key_at (vm, heap, keys, parent))
        return FALSE;
      if (!key_less (&key, &keys[parent]))
        break;
      heap->items[pos] = heap->items[parent];
      keys[pos] = keys[parent];
      pos = parent;
    }
  heap->items[pos] = item;
  keys[pos] = key;
  return TRUE;
}

/* Heaps larger than this leave the first-level cache: a descent asks
 * for the next level's keys and handles one level ahead. */
#define PREFETCH_HEAP_LEN 1024

/* Down to a leaf along the smaller children, then back up (CPython's
 * _siftup). */
static gboolean
sift_up (LsVM *vm, LsList *heap, TimerKey *keys, gsize pos)
{
  LsValue *items = heap->items;   /* key_take neither grows nor moves it */
  gsize end = heap->len, start = pos, child = 2 * pos + 1;
  LsValue item = items[pos];
  gboolean prefetch = end > PREFETCH_HEAP_LEN;
  TimerKey key;
  LsValue *hole;
  TimerKey *hole_key;

  if (!key_at (vm, heap, keys, pos))
    return FALSE;
  key = keys[pos];
  /* the hole moves down by pointers: the index arithmetic of each level's
   * two copies was a fifth of a pop */
  hole = &items[pos];
  hole_key = &keys[pos];
  while (child + 1 < end)
    {
      LsValue *pair = &items[child];
      TimerKey *pair_keys = &keys[child];

      if (G_UNLIKELY (pair[0].tag != LS_TAG_OBJECT || pair_keys[0].handle != pair[0].o ||
                      pair[1].tag != LS_TAG_OBJECT || pair_keys[1].handle != pair[1].o) &&
          (!key_at (vm, heap, keys, child) || !key_at (vm, heap, keys, child + 1)))
        return FALSE;
      if (prefetch)
        {
          /* the children of both: one line of keys each, four items */
          __builtin_prefetch (&keys[2 * child + 1]);
          __builtin_prefetch (&keys[2 * child + 3]);
          __builtin_prefetch (&items[2 * child + 1]);
          __builtin_prefetch (&items[2 * child + 4]);
        }
      if (!key_less (&pair_keys[0], &pair_keys[1]))
        {
          pair++;
          pair_keys++;
          child++;
        }
      *hole = *pair;
      *hole_key = *pair_keys;
      hole = pair;
      hole_key = pair_keys;
      pos = child;
      child = 2 * pos + 1;
    }
  if (child < end)
    {
      if (!key_at (vm, heap, keys, child))
        return FALSE;
      items[pos] = items[child];
      keys[pos] = keys[child];
      pos = child;
    }
  items[pos] = item;
  keys[pos] = key;
  return sift_down (vm, heap, keys, start, pos, item, key);
}

/* `timer` a TimerHandle: its key is known, not looked up. */
static gboolean
heap_push (LsVM *vm, LsList *heap, LsHandle *timer)
{
  TimerKey key = { (LsObject *) timer, timer->seq, timer->when_d, 0 };
  TimerKey *keys;

  ls_list_append (vm, heap, ls_obj (timer));
  keys = timer_keys (vm, heap);
  keys[heap->len - 1] = key;
  return sift_down (vm, heap, keys, 0, heap->len - 1, ls_obj (timer), key);
}

/* Only called on a heap that is not empty. */
static gboolean
heap_pop (LsVM *vm, LsList *heap, LsValue *out)
{
  LsValue last = heap->items[--heap->len];
  TimerKey *keys;

  if (heap->len == 0)
    {
      *out = last;
      return TRUE;
    }
  *out = heap->items[0];
  heap->items[0] = last;
  /* its key goes with it (still checked against the handle) */
  keys = timer_keys (vm, heap);
  keys[0] = keys[heap->len];
  return sift_up (vm, heap, keys, 0);
}

static gboolean
heapify (LsVM *vm, LsList *heap)
{
  TimerKey *keys = timer_keys (vm, heap);

  for (gsize i = heap->len / 2; i-- > 0;)
    if (!sift_up (vm, heap, keys, i))
      return FALSE;
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean
not_a_timer_handle (LsVM *vm, LsValue item)
{
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "the event loop's _scheduled holds a %s, not a TimerHandle",
                   ls_type_name (vm, item));
}

/* The earliest timer, NULL when the heap is empty.  Inline, its error out
 * of line: the loop asks before every timer it takes. */
static inline gboolean
heap_top (LsVM *vm, LsList *heap, LsHandle **out)
{
  *out = NULL;
  if (heap->len == 0)
    return TRUE;
  *out = ls_handle_from_value (heap->items[0]);
  if (G_UNLIKELY (*out == NULL))
    return not_a_timer_handle (vm, heap->items[0]);
  return TRUE;
}

/* --- scheduling ------------------------------------------------------------- */

/* _call_soon: events.Handle(callback, args, self, context), appended to
 * the ready queue.  The arguments are the tuple `cb_args`, or when that is
 * unbound the `n` values at `items` (call_soon's *args, kept in the
 * handle until something asks for its _args).  Inline: a task's every
 * step comes through ls_loop_call_soon, and a call of eight arguments
 * there cost as much as the checks around it. */
static inline G_ALWAYS_INLINE gboolean
call_soon (LsVM *vm, LsValue self, LsValue callback, LsValue cb_args, const LsValue *items, guint n,
           LsValue context, LsValue *out)
{
  LsFifo *ready;
  LsHandle *handle;

  /* Calling the Python method was a point where a pending limit (the
   * event limit of the last record) stopped the run: so is this. */
  if (!ls_vm_native_step (vm) || !get_ready (vm, self, &ready))
    return FALSE;
  handle = ls_is_unbound (cb_args) ? ls_handle_new_with (vm, callback, items, n, self, context)
                                   : ls_handle_new (vm, callback, cb_args, self, context);
  *out = ls_obj (handle);
  ls_fifo_append (vm, ready, *out);
  ls_trace_note_callback_scheduled (vm, *out, callback);
  return TRUE;
}

/* call_soon(self, callback, *args, context=None) */
NATIVE (loop_call_soon)
{
  static const char *const names[] = { "callback" };
  LsValue callback, context;

  if (!parse_star_args (vm, "BaseEventLoop.call_soon", args, n_args, kwnames, names, 1, &callback, &context) ||
      !check_closed (vm, args[0]) || !check_debug (vm, args[0], callback, "call_soon", TRUE))
    return FALSE;
  return call_soon (vm, args[0], callback, LS_UNBOUND, args + 2, n_star (n_args, 1), context, result);
}

/* ls_loop_call_soon when the memo does not answer: each check as the
 * Python method makes it.  Out of line, so that the memo's path saves
 * few registers. */
static G_GNUC_NO_INLINE gboolean
call_soon_checked (LsVM          *vm,
                   LsValue        loop,
                   LsValue        callback,
                   const LsValue *extra,
                   guint          n_extra,
                   LsValue        context,
                   gboolean       remember)
{
  LsValue handle;

  if (remember)
    plain_loop_remember (vm, loop);
  if (!is_stock (vm, loop, LS_NAME_call_soon, loop_call_soon))
    return ls_future_call_loop (vm, loop, "call_soon", (LsValue[]) { callback, n_extra > 0 ? extra[0] : LS_NONE },
                                1 + n_extra, context);
  if (!check_closed (vm, loop) || !check_debug (vm, loop, callback, "call_soon", TRUE))
    return FALSE;
  return call_soon (vm, loop, callback, LS_UNBOUND, extra, n_extra, context, &handle);
}

/* ls_handle_new_with for the loop's own call_soon (own_handle_spent):
 * the block of the last own handle that ran when there is one.  Of the
 * fields ls_handle_init leaves, a plain Handle's timer fields are still
 * zero (nothing but the loop had it), `own` is still set (it was to be
 * given back), and the id is cleared. */
static inline LsHandle *
own_handle_new (LsVM          *vm,
                LsValue        callback,
                const LsValue *items,
                guint          n,
                LsValue        loop,
                LsValue        context)
{
  LsHandle *self = (LsHandle *) vm->spare_handle;

  if (self == NULL || G_UNLIKELY (self->instance.header.cls != vm->handle_class || n > G_N_ELEMENTS (self->inline_args)))
    {
      self = ls_handle_new_with (vm, callback, items, n, loop, context);
      if (self->instance.header.cls == vm->handle_class && vm->handle_class->layout == &ls_handle_layout)
        self->own = TRUE;
      return self;
    }
  vm->spare_handle = self->repr.o;   /* the next spare, or None's zero payload */
  self->instance.id = 0;
  ls_handle_fill_with (vm, self, callback, items, n, loop, context);
  return self;
}

/* After `handle` ran from `ready`: when nothing but the loop ever had it,
 * its block is the next own handle's.  CPython frees it as the loop drops
 * it, and the next one gets the same memory back, warm: here it would
 * wait for a collection, while a thousand tasks' steps each wrote a new
 * block, cold.  The spares are a stack, linked through `repr` (None on
 * the last; ls_handle_init resets it): when a turn runs many handles
 * before the next call_soon (a gather's children done at once, a tree of
 * tasks finishing level by level), each gets its own block back, not
 * only the last.  A handle's repr is None unless a cancel in debug mode
 * kept one: then the block is left to the collector. */
static inline void
own_handle_spent (LsVM *vm, LsValue handle, LsFifo *ready)
{
  LsHandle *self = (LsHandle *) handle.o;

  if (self->own && !ready->handed_out && self->instance.dict == NULL && self->instance.exception == NULL &&
      self->repr.tag == LS_TAG_NONE)
    {
      if (vm->spare_handle != NULL)
        self->repr = ls_obj (vm->spare_handle);
      vm->spare_handle = &self->instance.header;
    }
}

gboolean
ls_loop_call_soon (LsVM          *vm,
                   LsValue        loop,
                   LsValue        callback,
                   const LsValue *extra,
                   guint          n_extra,
                   LsValue        context)
{
  LsValue handle;
  gboolean plain;
  LsDict *dict = plain_loop_dict (vm, loop, &plain);
  LsFifo *ready;

  /* call_soon's work when the memo says that every check passes */
  if (G_LIKELY (plain) && plain_loop_ready (vm, dict, &ready))
    {
      if (!ls_vm_native_step (vm))
        return FALSE;
      handle = ls_obj (own_handle_new (vm, callback, extra, n_extra, loop, context));
      ls_fifo_append (vm, ready, handle);
      ls_trace_note_callback_scheduled (vm, handle, callback);
      return TRUE;
    }
  return call_soon_checked (vm, loop, callback, extra, n_extra, context, dict == NULL);
}

gboolean
ls_loop_call_soon_after_yield (LsVM   *vm,
                               LsTask *task)
{
  LsHandle *handle;
  gboolean plain;
  LsDict *dict = plain_loop_dict (vm, task->future.loop, &plain);
  LsFifo *ready;
  guint32 target, name;

  /* call_soon's fast path above, and its ls_vm_native_step sure to pass
   * (the fuel and the memory cap, which the step's end does not move):
   * then nothing between the two records can write one or stop the run */
  if (G_LIKELY (plain) && plain_loop_ready (vm, dict, &ready) && G_LIKELY (vm->fuel >= 1) &&
      G_LIKELY (vm->bytes_allocated <= vm->memory_cap) && ls_trace_step_yielded_pair_begin (vm, task, &target, &name))
    {
      /* ls_vm_native_step, its two tests made above */
      vm->fuel--;
      handle = own_handle_new (vm, task->step_callback, NULL, 0, task->future.loop, task->context);
      ls_fifo_append (vm, ready, ls_obj (handle));
      ls_trace_step_yielded_pair_end (vm, task, &handle->instance, target, name);
      return TRUE;
    }
  ls_trace_note_step_yielded (vm, ls_obj (task), task->coro);
  return ls_loop_call_soon (vm, task->future.loop, task->step_callback, NULL, 0, task->context);
}

/* Read through the memo (refilled when it does not hold): `plain` is
 * is_stock for call_soon with _closed, _debug and _ready among the
 * dict's keys, which the three reads need anyway; their values are read
 * each time.  gather's per-child callback asks this for every child, and
 * the three cached reads from scratch (~120 instructions) were most of
 * its checks. */
gboolean
ls_loop_call_soon_is_plain (LsVM    *vm,
                            LsValue  loop)
{
  gboolean plain;
  LsDict *dict = plain_loop_dict (vm, loop, &plain);
  LsFifo *ready;

  if (G_UNLIKELY (dict == NULL))
    {
      plain_loop_remember (vm, loop);
      dict = plain_loop_dict (vm, loop, &plain);
    }
  return dict != NULL && plain && plain_loop_ready (vm, dict, &ready);
}

/* _call_soon(self, callback, args, context) */
NATIVE (loop_call_soon_private)
{
  if (!ls_check_args (vm, "_call_soon", n_args, kwnames, 4, 4))
    return FALSE;
  return call_soon (vm, args[0], args[1], args[2], NULL, 0, args[3], result);
}

/* call_at's work once the arguments are checked.  `plain`: the loop's
 * dict from plain_timers, read through the memo for _closed, _debug and
 * _scheduled (no scenario code has run since it was found), or NULL.
 * Inline into ls_loop_call_later's path for a plain loop, and call_at. */
static inline G_ALWAYS_INLINE gboolean
call_at_body (LsVM *vm, LsValue self, LsDict *plain, LsValue when, LsValue callback, const LsValue *items, guint n,
              LsValue context, LsValue *out)
{
  LsList *scheduled;
  LsHandle *timer;
  double when_d;

  if (!ls_vm_native_step (vm))   /* as in call_soon */
    return FALSE;
  if (ls_is_none (when))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "when cannot be None");
  if (!(plain != NULL && plain_loop_open_quiet (vm, plain)) &&
      (!check_closed (vm, self) || !check_debug (vm, self, callback, "call_at", TRUE)))
    return FALSE;
  if (!ls_timer_when_double (vm, when, &when_d))
    return FALSE;
  if (!scheduled_of (vm, self, plain, &scheduled))
    return FALSE;
  timer = ls_timer_handle_new_with (vm, when, callback, items, n, self, context);
  *out = ls_obj (timer);
  if (!heap_push (vm, scheduled, timer))
    return FALSE;
  timer->scheduled = TRUE;
  ls_trace_note_timer_armed (vm, *out, callback, when_d);
  return TRUE;
}

static gboolean
call_at (LsVM *vm, LsValue self, LsDict *plain, LsValue when, LsValue callback, const LsValue *items, guint n,
         LsValue context, LsValue *out)
{
  return call_at_body (vm, self, plain, when, callback, items, n, context, out);
}

/* call_at(self, when, callback, *args, context=None) */
NATIVE (loop_call_at)
{
  static const char *const names[] = { "when", "callback" };
  LsValue fixed[2], context;

  if (!parse_star_args (vm, "BaseEventLoop.call_at", args, n_args, kwnames, names, 2, fixed, &context))
    return FALSE;
  return call_at (vm, args[0], NULL, fixed[0], fixed[1], args + 3, n_star (n_args, 2), context, result);
}

/* self.call_at(when, callback, *extra, context=context) from call_later,
 * when a subclass replaced call_at. */
static gboolean
call_at_method (LsVM *vm, LsValue self, LsValue when, LsValue callback, const LsValue *extra, guint n_extra,
                LsValue context, LsValue *out)
{
  g_autofree LsValue *all = g_new (LsValue, n_extra + 3);
  LsValue method;
  LsValue name = ls_obj (ls_str_intern_cstr (vm, "context"));
  LsTuple *kw = ls_tuple_new_from (vm, &name, 1);

  all[0] = when;
  all[1] = callback;
  for (guint i = 0; i < n_extra; i++)
    all[2 + i] = extra[i];
  all[2 + n_extra] = context;
  return ls_getattr (vm, self, name_of (vm, LS_NAME_call_at), &method) &&
         ls_call (vm, method, all, n_extra + 2, kw, out);
}

/* call_later's work once the arguments are parsed: when = self.time() +
 * delay, then self.call_at(when, callback, *extra, context=context).
 * `plain` as for call_at: then time and call_at are the C ones. */
static gboolean
call_later (LsVM *vm, LsValue self, LsDict *plain, LsValue delay, LsValue callback, const LsValue *extra,
            guint n_extra, LsValue context, LsValue *out)
{
  LsValue now, when;

  if (ls_is_none (delay))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "delay must not be None");
  if (plain != NULL)
    now = ls_float (vm->now);
  else if (!loop_now (vm, self, &now))
    return FALSE;
  if (ls_is_float (now) && ls_is_float (delay))
    when = ls_float (now.f + delay.f);
  else
    {
      /* a delay's own __radd__ may change the loop: the memo is then
       * asked no more */
      if (!ls_is_int (delay))
        plain = NULL;
      if (!ls_binary_op (vm, LS_OP_ADD, FALSE, now, delay, &when))
        return FALSE;
    }
  if (plain != NULL || is_stock (vm, self, LS_NAME_call_at, loop_call_at))
    return call_at (vm, self, plain, when, callback, extra, n_extra, context, out);
  return call_at_method (vm, self, when, callback, extra, n_extra, context, out);
}

/* call_later(self, delay, callback, *args, context=None) */
NATIVE (loop_call_later)
{
  static const char *const names[] = { "delay", "callback" };
  LsValue fixed[2], context;

  if (!parse_star_args (vm, "BaseEventLoop.call_later", args, n_args, kwnames, names, 2, fixed, &context))
    return FALSE;
  return call_later (vm, args[0], NULL, fixed[0], fixed[1], args + 3, n_star (n_args, 2), context, result);
}

/* ls_loop_call_later but for a plain loop and a float delay */
static G_GNUC_NO_INLINE gboolean
call_later_checked (LsVM          *vm,
                    LsValue        loop,
                    LsDict        *plain,
                    LsValue        delay,
                    LsValue        callback,
                    const LsValue *extra,
                    guint          n_extra,
                    LsValue       *out)
{
  g_autofree LsValue *all = NULL;
  LsValue method;

  if (plain != NULL || is_stock (vm, loop, LS_NAME_call_later, loop_call_later))
    return call_later (vm, loop, plain, delay, callback, extra, n_extra, LS_NONE, out);
  all = g_new (LsValue, n_extra + 2);
  all[0] = delay;
  all[1] = callback;
  for (guint i = 0; i < n_extra; i++)
    all[2 + i] = extra[i];
  return ls_getattr (vm, loop, name_of (vm, LS_NAME_call_later), &method) &&
         ls_call (vm, method, all, n_extra + 2, NULL, out);
}

gboolean
ls_loop_call_later (LsVM          *vm,
                    LsValue        loop,
                    LsValue        delay,
                    LsValue        callback,
                    const LsValue *extra,
                    guint          n_extra,
                    LsValue       *out)
{
  LsDict *plain = plain_timers (vm, loop);

  /* call_later's work, `when = self.time() + delay`, then call_at's */
  if (G_LIKELY (plain != NULL && ls_is_float (delay)))
    return call_at_body (vm, loop, plain, ls_float (vm->now + delay.f), callback, extra, n_extra, LS_NONE, out);
  return call_later_checked (vm, loop, plain, delay, callback, extra, n_extra, out);
}

/* create_future(self): futures.Future(loop=self), the Future class read
 * from the module at each call as the Python method did. */
static gboolean
create_future (LsVM *vm, LsValue self, LsValue *out)
{
  LsValue cls, kw;

  if (!ls_vm_module_attr_inline (vm, name_of (vm, LS_NAME_asyncio_futures), name_of (vm, LS_NAME_Future),
                                 &vm->future_class_cache, &cls))
    return FALSE;
  /* exactly the C Future: what its __init__ would do, without the call */
  if (ls_value_class (cls) != NULL && ls_value_class (cls)->layout == &ls_future_layout &&
      ls_value_class (cls)->base != NULL && ls_value_class (cls)->base->base == NULL)
    {
      *out = ls_obj (ls_instance_new (vm, ls_value_class (cls)));
      return ls_future_init (vm, *out, self);
    }
  kw = ls_obj (name_of (vm, LS_NAME_loop));
  return ls_call (vm, cls, &self, 0, ls_tuple_new_from (vm, &kw, 1), out);
}

/* create_future(self), with the messages of the `def` it replaces */
NATIVE (loop_create_future)
{
  const char *qualname = "BaseEventLoop.create_future";

  if (ls_aux_n_kwargs (kwnames) > 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got an unexpected keyword argument '%s'", qualname,
                     ls_value_str (kwnames->items[0])->data);
  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() missing 1 required positional argument: 'self'", qualname);
  if (n_args > 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes 1 positional argument but %u were given", qualname, n_args);
  return create_future (vm, args[0], result);
}

gboolean
ls_loop_create_future (LsVM    *vm,
                       LsValue  loop,
                       LsValue *out)
{
  LsValue method;

  if (plain_timers (vm, loop) != NULL || is_stock (vm, loop, LS_NAME_create_future, loop_create_future))
    return create_future (vm, loop, out);
  return ls_getattr (vm, loop, name_of (vm, LS_NAME_create_future), &method) &&
         ls_call (vm, method, NULL, 0, NULL, out);
}

gboolean
ls_loop_create_future_is_plain (LsVM    *vm,
                                LsValue  loop)
{
  LsModuleAttrCache *cache = &vm->future_class_cache;
  LsDict *modules = vm->modules;
  LsModule *loaded;
  LsClass *cls;

  if (plain_timers (vm, loop) == NULL && !is_stock (vm, loop, LS_NAME_create_future, loop_create_future))
    return FALSE;
  /* ls_vm_module_attr_inline's answer without its slow path */
  if (cache->module.dict != modules || cache->module.version != modules->keys_version || cache->module.index < 0)
    return FALSE;
  loaded = ls_value_module (modules->entries[cache->module.index].value);
  if (loaded == NULL || cache->attr.dict != loaded->dict || cache->attr.version != loaded->dict->keys_version ||
      cache->attr.index < 0)
    return FALSE;
  cls = ls_value_class (loaded->dict->entries[cache->attr.index].value);
  return cls != NULL && cls->layout == &ls_future_layout && cls->base != NULL && cls->base->base == NULL;
}

static G_GNUC_NO_INLINE gboolean
handle_cancelled_slow (LsVM *vm, LsValue handle, gboolean *out)
{
  LsValue value;

  return ls_getattr (vm, handle, name_of (vm, LS_NAME__cancelled), &value) && ls_truthy (vm, value, out);
}

/* handle._cancelled.  Inline, the lookup out of line: the loop asks
 * before every callback. */
static inline gboolean
handle_cancelled (LsVM *vm, LsValue handle, gboolean *out)
{
  LsHandle *h = ls_handle_from_value (handle);

  if (G_LIKELY (h != NULL))
    {
      *out = h->cancelled;
      return TRUE;
    }
  return handle_cancelled_slow (vm, handle, out);
}

/* _add_callback(self, handle) */
NATIVE (loop_add_callback)
{
  LsFifo *ready;
  gboolean cancelled;

  if (!ls_check_args (vm, "_add_callback", n_args, kwnames, 2, 2) || !ls_vm_native_step (vm) ||
      !handle_cancelled (vm, args[1], &cancelled))
    return FALSE;
  *result = LS_NONE;
  if (cancelled)
    return TRUE;
  if (!get_ready (vm, args[0], &ready))
    return FALSE;
  ls_fifo_append (vm, ready, args[1]);
  ls_trace_note_callback_scheduled (vm, args[1], LS_UNBOUND);
  return TRUE;
}

static gboolean
add_to_count (LsVM *vm, LsValue self, gint64 delta)
{
  LsValue count, sum;

  if (!loop_get (vm, self, LS_NAME__timer_cancelled_count, &count))
    return FALSE;
  if (ls_is_int (count))
    sum = ls_int (count.i + delta);
  else if (!ls_binary_op (vm, LS_OP_ADD, TRUE, count, ls_int (delta), &sum))
    return FALSE;
  return ls_setattr (vm, self, name_of (vm, LS_NAME__timer_cancelled_count), sum);
}

/* _timer_handle_cancelled(self, handle) */
NATIVE (loop_timer_handle_cancelled)
{
  LsHandle *handle;
  LsValue scheduled;
  gboolean truth;

  if (!ls_check_args (vm, "_timer_handle_cancelled", n_args, kwnames, 2, 2))
    return FALSE;
  *result = LS_NONE;
  handle = ls_handle_from_value (args[1]);
  if (handle != NULL)
    truth = handle->scheduled;
  else if (!ls_getattr (vm, args[1], name_of (vm, LS_NAME__scheduled), &scheduled) || !ls_truthy (vm, scheduled, &truth))
    return FALSE;
  return !truth || add_to_count (vm, args[0], 1);
}

/* time(self): the virtual clock */
NATIVE (loop_time)
{
  if (!ls_check_args (vm, "time", n_args, kwnames, 1, 1))
    return FALSE;
  *result = ls_float (vm->now);
  return TRUE;
}

/* get_debug(self) */
NATIVE (loop_get_debug)
{
  if (!ls_check_args (vm, "get_debug", n_args, kwnames, 1, 1))
    return FALSE;
  return loop_get (vm, args[0], LS_NAME__debug, result);
}

/* ls_loop_get_debug but for a plain loop's False */
static G_GNUC_NO_INLINE gboolean
get_debug_slow (LsVM     *vm,
                LsValue   loop,
                gboolean *out)
{
  LsValue debug;
  LsDict *plain = plain_timers (vm, loop);

  if (plain != NULL && plain_loop_debug_is_false (vm, plain))
    {
      *out = FALSE;
      return TRUE;
    }
  if (plain != NULL || is_stock (vm, loop, LS_NAME_get_debug, loop_get_debug))
    {
      if (debug_is_false (vm, loop))
        {
          *out = FALSE;
          return TRUE;
        }
      return loop_truthy (vm, loop, LS_NAME__debug, out);
    }
  return call_method (vm, loop, LS_NAME_get_debug, NULL, 0, &debug) && ls_truthy (vm, debug, out);
}

gboolean
ls_loop_get_debug (LsVM     *vm,
                   LsValue   loop,
                   gboolean *out)
{
  LsDict *plain = plain_timers_held (vm, loop);

  if (G_LIKELY (plain != NULL && plain_loop_debug_is_false (vm, plain)))
    {
      *out = FALSE;
      return TRUE;
    }
  return get_debug_slow (vm, loop, out);
}

/* ls_loop_timer_handle_cancelled but for a plain loop's fired timer */
static G_GNUC_NO_INLINE gboolean
timer_handle_cancelled_slow (LsVM    *vm,
                             LsValue  loop,
                             LsValue  handle)
{
  LsValue call_args[2] = { loop, handle }, ignored;
  LsHandle *h = ls_handle_from_value (handle);

  if (plain_timers (vm, loop) != NULL ||
      is_stock (vm, loop, LS_NAME__timer_handle_cancelled, loop_timer_handle_cancelled))
    {
      /* the method's body, without its argument checks: every sleep
       * cancels its timer after it fired (no longer scheduled) */
      if (h != NULL)
        return !h->scheduled || add_to_count (vm, loop, 1);
      return loop_timer_handle_cancelled (vm, call_args, 2, NULL, &ignored);
    }
  return call_method (vm, loop, LS_NAME__timer_handle_cancelled, &handle, 1, &ignored);
}

gboolean
ls_loop_timer_handle_cancelled (LsVM    *vm,
                                LsValue  loop,
                                LsValue  handle)
{
  LsHandle *h = ls_handle_from_value (handle);

  /* the stock method does nothing for a timer no longer in the heap:
   * every sleep cancels its timer after it fired */
  if (G_LIKELY (plain_timers_held (vm, loop) != NULL && h != NULL && !h->scheduled))
    return TRUE;
  return timer_handle_cancelled_slow (vm, loop, handle);
}

/* --- one iteration ------------------------------------------------------------ */

/* Drops the cancelled timers: all at once when they are many, otherwise
 * those at the top of the heap. */
static gboolean
sweep_cancelled (LsVM *vm, LsValue self)
{
  LsList *scheduled, *kept;
  LsValue count, entry;
  double n_cancelled = 0;
  LsHandle *top;

  if (!get_scheduled (vm, self, &scheduled) || !loop_get (vm, self, LS_NAME__timer_cancelled_count, &count) ||
      !number_of (vm, count, "_timer_cancelled_count", &n_cancelled))
    return FALSE;
  if (scheduled->len > MIN_SCHEDULED_TIMER_HANDLES &&
      n_cancelled / (double) scheduled->len > MIN_CANCELLED_TIMER_HANDLES_FRACTION)
    {
      kept = ls_list_new (vm, scheduled->len);
      for (gsize i = 0; i < scheduled->len; i++)
        {
          LsHandle *handle = ls_handle_from_value (scheduled->items[i]);

          if (handle == NULL)
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "the event loop's _scheduled holds a %s, not a TimerHandle",
                             ls_type_name (vm, scheduled->items[i]));
          if (handle->cancelled)
            handle->scheduled = FALSE;
          else
            ls_list_append (vm, kept, scheduled->items[i]);
        }
      return heapify (vm, kept) &&
             ls_setattr (vm, self, name_of (vm, LS_NAME__scheduled), ls_obj (kept)) &&
             ls_setattr (vm, self, name_of (vm, LS_NAME__timer_cancelled_count), ls_int (0));
    }
  for (;;)
    {
      if (!get_scheduled (vm, self, &scheduled) || !heap_top (vm, scheduled, &top))
        return FALSE;
      if (top == NULL || !top->cancelled)
        return TRUE;
      if (!add_to_count (vm, self, -1) || !get_scheduled (vm, self, &scheduled))
        return FALSE;
      if (scheduled->len == 0)
        return ls_raise (vm, LS_EXC_INDEX_ERROR, "index out of range");
      if (!heap_pop (vm, scheduled, &entry))
        return FALSE;
      top = ls_handle_from_value (entry);
      if (top != NULL)
        top->scheduled = FALSE;
    }
}

/* The selector's select(timeout) and _process_events(): the simulator's
 * wait, straight, while the loop's selector and _process_events are the
 * library's own. */
static gboolean
wait_for_events (LsVM *vm, LsValue self)
{
  LsValue selector, now, timeout = LS_NONE, events, ignored;
  gboolean ready_or_stopping = FALSE, stopping, ok;
  double timeout_d = -1, deadline = -1;
  LsList *scheduled;
  LsFifo *ready;
  LsHandle *top;

  if (!get_ready (vm, self, &ready) || !loop_truthy (vm, self, LS_NAME__stopping, &stopping) ||
      !get_scheduled (vm, self, &scheduled) || !heap_top (vm, scheduled, &top))
    return FALSE;
  ready_or_stopping = ls_fifo_len (ready) > 0 || stopping;
  if (ready_or_stopping)
    {
      timeout = ls_int (0);
      timeout_d = 0;
    }
  else if (top != NULL)
    {
      /* min(max(0, when - self.time()), MAXIMUM_SELECT_TIMEOUT) */
      double left = 0;

      if (!loop_now (vm, self, &now) || !number_of (vm, now, "time()", &left))
        return FALSE;
      left = top->when_d - left;
      timeout = left > 0 ? ls_float (left) : ls_int (0);
      timeout_d = left > 0 ? left : 0;
      if (MAXIMUM_SELECT_TIMEOUT < timeout_d)
        {
          timeout = ls_int ((gint64) MAXIMUM_SELECT_TIMEOUT);
          timeout_d = MAXIMUM_SELECT_TIMEOUT;
        }
      deadline = top->when_d;
    }
  if (!loop_get (vm, self, LS_NAME__selector, &selector))
    return FALSE;
  if (is_stock (vm, selector, LS_NAME_select, selector_select) && is_stock (vm, self, LS_NAME__process_events, loop_process_events))
    return ls_loop_wait (vm, !ls_is_none (timeout), timeout_d, deadline);
  if (!call_method (vm, selector, LS_NAME_select, &timeout, 1, &events))
    return FALSE;
  ls_vm_push_root (vm, events);
  ok = call_method (vm, self, LS_NAME__process_events, &events, 1, &ignored);
  ls_vm_pop_roots (vm, 1);
  return ok;
}

static inline gboolean loop_ready (LsVM *vm, LsValue self, LsFifo **ready, LsDict **plain_dict);

/* Moves the timers due by now + clock resolution to the ready queue. */
static gboolean
collect_due_timers (LsVM *vm, LsValue self)
{
  LsValue now, resolution, entry;
  double end_time = 0, res = 0;
  LsList *scheduled;
  LsFifo *ready;
  LsHandle *top;

  if (!loop_now (vm, self, &now) || !loop_get (vm, self, LS_NAME__clock_resolution, &resolution) ||
      !number_of (vm, now, "time()", &end_time) || !number_of (vm, resolution, "_clock_resolution", &res))
    return FALSE;
  end_time += res;
  for (;;)
    {
      /* read again each time, as the Python did: the trace record reads
       * the callback's attributes, which may run scenario code (the
       * running loop's memo, when it holds, says where they are) */
      LsDict *plain = plain_timers_held (vm, self), *ready_plain;

      if (!scheduled_of (vm, self, plain, &scheduled))
        return FALSE;
      if (!loop_ready (vm, self, &ready, &ready_plain) || !heap_top (vm, scheduled, &top))
        return FALSE;
      if (top == NULL || top->when_d >= end_time)
        return TRUE;
      if (!heap_pop (vm, scheduled, &entry))
        return FALSE;
      top->scheduled = FALSE;
      ls_fifo_append (vm, ready, entry);
      ls_trace_note_callback_scheduled (vm, entry, top->callback);
      if (!ls_vm_native_step (vm))
        return FALSE;
    }
}

/* The CALLBACK_RUN record, then handle._run(), straight for the
 * library's own classes (which write the record themselves: with a
 * task's step's STEP_START where they can, ls_handle_run_recorded). */
static gboolean
run_handle (LsVM *vm, LsValue handle)
{
  LsHandle *h = ls_handle_from_value (handle);
  LsValue ignored;

  if (h != NULL && (handle.o->cls == vm->handle_class || handle.o->cls == vm->timer_handle_class))
    return ls_handle_run_recorded (vm, h);
  ls_trace_note_callback_run (vm, handle);
  return call_method (vm, handle, LS_NAME__run, NULL, 0, &ignored);
}

/* With thousands of tasks, the handles due now were made long ago and
 * have left the cache, and so have the objects their callbacks work on:
 * the task, its coroutine, that coroutine's frame, what its stack holds
 * and the frame of the coroutine it awaits, each found through the one
 * before (full fanout: ~6 % less time).  So
 * each ready handle is fetched in stages as it nears the front of the
 * queue, one stage per callback run: every stage reads only what the
 * stage before asked for one callback earlier (in the cache by now) and
 * asks for the next link.  A prefetch never faults or changes anything;
 * the reads that find the links check each object's kind first, and
 * start again from the handle at every stage: the queue keeps the handle
 * alive, but a link kept from the callback before (a frame, a task) may
 * be gone by now, its coroutine closed or the handle cancelled. */
#define PREFETCH_STAGES 8
/* The stages cost ~350 instructions a callback, which pay only when the
 * objects are not in the cache anyway: when the live heap is larger than
 * the second-level cache several times over (fanout at 10,000 tasks
 * keeps ~18 MB alive, at 1,000 tasks 2.6 MB, where the stages made it
 * 5 % slower). */
#define PREFETCH_MIN_LIVE_BYTES (8 * 1024 * 1024)

/* Every cache line of `size` bytes at `start` (a task is five). */
static inline void
prefetch_bytes (gconstpointer start, gsize size)
{
  for (gsize offset = 0; offset < size; offset += 64)
    __builtin_prefetch ((const char *) start + offset);
  __builtin_prefetch ((const char *) start + size - 1);
}

static inline void
prefetch_object (LsObject *object)
{
  prefetch_bytes (object, 128);
}

/* An object's header, which the next stage reads (its kind): objects are
 * 16-byte aligned, so the 24 bytes can end on the next line. */
static inline void
prefetch_header (LsObject *object)
{
  prefetch_bytes (object, sizeof (LsObject));
}

/* The task a library handle steps or wakes, or NULL. */
static inline LsTask *
task_of_handle (LsVM *vm, LsValue item)
{
  if (item.tag != LS_TAG_OBJECT || item.o->kind != LS_KIND_INSTANCE ||
      (item.o->cls != vm->handle_class && item.o->cls != vm->timer_handle_class))
    return NULL;
  return ls_task_of_callback (((LsHandle *) item.o)->callback);
}

/* The frame of the coroutine a library handle's task runs, or NULL. */
static inline LsFrame *
frame_of_handle (LsVM *vm, LsValue item)
{
  LsTask *task = task_of_handle (vm, item);

  return task != NULL && ls_is_kind (task->coro, LS_KIND_GENERATOR) ? ((LsGenerator *) task->coro.o)->frame : NULL;
}

/* The first done callback of a future (a task's bound wake-up, made
 * long ago), whose record the future's end writes (its name, its task's
 * id): ls_trace_note_future_done asks for it too, but only a record
 * ahead. */
static inline void
prefetch_first_callback (LsObject *object)
{
  LsValue first;

  if (object->kind != LS_KIND_INSTANCE ||
      (object->cls->layout != &ls_future_layout && object->cls->layout != &ls_task_layout))
    return;
  first = ((LsFuture *) object)->callback0;
  if (first.tag == LS_TAG_OBJECT)
    prefetch_bytes (first.o, sizeof (LsNative));
}

/* The closure of a library handle's Python callback (gather's
 * _done_callback: its state is five cells), or NULL. */
static inline LsTuple *
closure_of_handle (LsVM *vm, LsValue item)
{
  LsValue callback;

  if (item.tag != LS_TAG_OBJECT || item.o->kind != LS_KIND_INSTANCE ||
      (item.o->cls != vm->handle_class && item.o->cls != vm->timer_handle_class))
    return NULL;
  callback = ((LsHandle *) item.o)->callback;
  return ls_is_kind (callback, LS_KIND_FUNCTION) ? ((LsFunction *) callback.o)->closure : NULL;
}

/* What the cells of such a closure hold (up to eight), one stage each:
 * stage 3 the objects, 2 an instance's dict or a list's items, 1 the
 * dict's entries or the objects the list holds (a gather's children).
 * Callbacks made long ago (a gather's, called as each child ends) find
 * none of it in the cache otherwise: its cells, the gathering future and
 * its dict, and for the last child every child. */
static inline G_ALWAYS_INLINE void
prefetch_closure_stage (LsTuple *closure, guint stage)
{
  for (gsize i = 0; i < closure->len && i < 8; i++)
    {
      LsValue cell = closure->items[i], held;

      /* the cells themselves, not read yet (their kind is read next time) */
      if (stage == 4)
        {
          if (cell.tag == LS_TAG_OBJECT)
            prefetch_bytes (cell.o, sizeof (LsCell));
          continue;
        }
      if (!ls_is_kind (cell, LS_KIND_CELL))
        continue;
      held = ((LsCell *) cell.o)->value;
      if (held.tag != LS_TAG_OBJECT)
        continue;
      if (stage == 3)
        prefetch_bytes (held.o, sizeof (LsFuture));
      else if (held.o->kind == LS_KIND_INSTANCE && ((LsInstance *) held.o)->dict != NULL)
        {
          LsDict *dict = ((LsInstance *) held.o)->dict;

          if (stage == 2)
            prefetch_bytes (dict, sizeof (LsDict));
          else if (dict->entries != NULL)
            prefetch_object ((LsObject *) dict->entries);
          if (stage == 2)
            prefetch_first_callback (held.o);
        }
      else if (held.o->kind == LS_KIND_LIST && ((LsList *) held.o)->items != NULL)
        {
          LsList *list = (LsList *) held.o;

          if (stage == 2)
            prefetch_bytes (list->items, MIN (list->len, 4) * sizeof (LsValue) + 1);
          else
            for (gsize j = 0; j < list->len && j < 4; j++)
              if (list->items[j].tag == LS_TAG_OBJECT)
                prefetch_bytes (list->items[j].o, sizeof (LsFuture));
        }
    }
}

/* Always inline, as prefetch_next_ready: a function that only reads and
 * prefetches is pure to GCC, and a call of a pure function that returns
 * nothing is dead code it drops (so it did, prefetches and all, while
 * this was an ordinary static function). */
static inline G_ALWAYS_INLINE void
prefetch_stage (LsVM *vm, LsValue item, guint stage)
{
  LsHandle *handle;
  LsTask *task;
  LsFrame *frame;
  LsGenerator *awaited;
  LsTuple *closure;

  if (item.tag != LS_TAG_OBJECT)
    return;
  switch (stage)
    {
    case 7:   /* the handle */
      prefetch_bytes (item.o, sizeof (LsHandle));
      break;
    case 6:   /* its callback and arguments */
      if (item.o->kind == LS_KIND_INSTANCE && (item.o->cls == vm->handle_class || item.o->cls == vm->timer_handle_class))
        {
          handle = (LsHandle *) item.o;
          /* a task's bound method keeps its task past the first line */
          if (handle->callback.tag == LS_TAG_OBJECT)
            prefetch_bytes (handle->callback.o, sizeof (LsNative));
          if (handle->args.tag == LS_TAG_OBJECT)
            prefetch_header (handle->args.o);
          else if (handle->n_inline_args > 0 && handle->inline_args[0].tag == LS_TAG_OBJECT)
            prefetch_object (handle->inline_args[0].o);
        }
      break;
    case 5:   /* the task, or a timer's future */
      if ((task = task_of_handle (vm, item)) != NULL)
        prefetch_bytes (task, sizeof (LsTask));
      else if (item.o->kind == LS_KIND_INSTANCE && item.o->cls == vm->timer_handle_class &&
               ls_handle_first_arg ((LsHandle *) item.o).tag == LS_TAG_OBJECT)
        /* a timer's future, all of it: the state its callback reads first
         * is on its third line */
        prefetch_bytes (ls_handle_first_arg ((LsHandle *) item.o).o, sizeof (LsFuture));
      else if ((closure = closure_of_handle (vm, item)) != NULL)
        {
          /* a Python callback's closure, and all of the future it is
           * called with (a gather's child: its state is past the line
           * the stage before asked for) */
          prefetch_object ((LsObject *) closure);
          if (((LsHandle *) item.o)->n_inline_args > 0 && ((LsHandle *) item.o)->inline_args[0].tag == LS_TAG_OBJECT)
            prefetch_bytes (((LsHandle *) item.o)->inline_args[0].o, sizeof (LsFuture));
        }
      break;
    case 4:   /* the task's coroutine, a timer's future's first callback, or the closure's cells */
      if ((task = task_of_handle (vm, item)) != NULL)
        {
          if (task->coro.tag == LS_TAG_OBJECT)
            prefetch_bytes (task->coro.o, sizeof (LsGenerator));
        }
      else if (item.o->kind == LS_KIND_INSTANCE && item.o->cls == vm->timer_handle_class &&
               ls_handle_first_arg ((LsHandle *) item.o).tag == LS_TAG_OBJECT)
        prefetch_first_callback (ls_handle_first_arg ((LsHandle *) item.o).o);
      else if ((closure = closure_of_handle (vm, item)) != NULL)
        prefetch_closure_stage (closure, stage);
      break;
    case 3:   /* its frame's fields (the next stage reads where its stack is) */
      if ((frame = frame_of_handle (vm, item)) != NULL)
        prefetch_bytes (frame, sizeof (LsFrame));
      else if ((closure = closure_of_handle (vm, item)) != NULL)
        prefetch_closure_stage (closure, stage);
      break;
    case 2:   /* the rest of the frame, stack included */
      if ((frame = frame_of_handle (vm, item)) != NULL)
        prefetch_bytes (frame, frame->alloc_size);
      else if ((closure = closure_of_handle (vm, item)) != NULL)
        prefetch_closure_stage (closure, stage);
      break;
    case 1:   /* what its stack holds: the coroutine it awaits, a for loop's iterator */
      if ((frame = frame_of_handle (vm, item)) != NULL)
        {
          for (guint32 i = 0; i < frame->sp && i < 4; i++)
            if (frame->stack[frame->sp - 1 - i].tag == LS_TAG_OBJECT)
              prefetch_object (frame->stack[frame->sp - 1 - i].o);
        }
      else if ((closure = closure_of_handle (vm, item)) != NULL)
        prefetch_closure_stage (closure, stage);
      break;
    case 0:   /* what those hold: the awaited coroutine's frame, or for one
               * whose body is C (asyncio.sleep's) all of it and what it
               * awaits; an iterator's sequence */
      if ((frame = frame_of_handle (vm, item)) != NULL)
        for (guint32 i = 0; i < frame->sp && i < 4; i++)
          {
            LsValue held = frame->stack[frame->sp - 1 - i];

            if (ls_is_kind (held, LS_KIND_GENERATOR))
              {
                awaited = (LsGenerator *) held.o;
                if (awaited->frame != NULL)
                  prefetch_object ((LsObject *) awaited->frame);
                else if (awaited->body != NULL)
                  {
                    prefetch_bytes (awaited, awaited->header.size);
                    if (awaited->yield_from.tag == LS_TAG_OBJECT)
                      prefetch_object (awaited->yield_from.o);
                  }
              }
            else if (ls_is_kind (held, LS_KIND_ITERATOR) && ((LsIterator *) held.o)->source.tag == LS_TAG_OBJECT)
              prefetch_object (((LsIterator *) held.o)->source.o);
          }
      break;
    default:
      break;
    }
}

static inline G_ALWAYS_INLINE void
prefetch_next_ready (LsVM *vm, LsFifo *ready)
{
  gsize n;
  const LsValue *items = ls_fifo_items (ready, &n);

  for (guint stage = 0; stage < PREFETCH_STAGES && stage < n; stage++)
    prefetch_stage (vm, items[stage], stage);
}

/* get_ready, through the plain loop's memo when it holds: the FIFO it
 * found, while _ready still holds it; *plain_dict the loop's dict then
 * (the memo held for it), else NULL. */
static inline gboolean
loop_ready (LsVM *vm, LsValue self, LsFifo **ready, LsDict **plain_dict)
{
  gboolean plain;
  LsDict *dict = plain_loop_dict (vm, self, &plain);

  if (G_LIKELY (plain))
    {
      LsValue value = dict->entries[vm->plain_loop_memo.ready].value;

      if (G_LIKELY (value.tag == LS_TAG_OBJECT && value.o == vm->plain_loop_memo.ready_fifo && value.o != NULL))
        {
          *ready = (LsFifo *) value.o;
          *plain_dict = dict;
          return TRUE;
        }
    }
  *plain_dict = NULL;
  return get_ready (vm, self, ready);
}

/* One ready callback from `ready`, with the trace records around it; in
 * debug mode the loop's _current_handle names it meanwhile.  `plain_dict`:
 * the loop's dict when the plain loop's memo held for it and nothing has
 * run since (loop_ready), so that _debug is read where the memo says
 * (the name's cache tested the same dict again), else NULL. */
static gboolean
run_one (LsVM *vm, LsValue self, LsValue handle, LsFifo *ready, LsDict *plain_dict)
{
  LsStr *current = name_of (vm, LS_NAME__current_handle);
  gboolean debug = FALSE, ok;

  if (!(plain_dict != NULL ? plain_loop_debug_is_false (vm, plain_dict) : debug_is_false (vm, self)) &&
      !loop_truthy (vm, self, LS_NAME__debug, &debug))
    return FALSE;
  if (debug && !ls_setattr (vm, self, current, handle))
    return FALSE;
  ok = run_handle (vm, handle);
  if (ok)
    ls_trace_note_callback_done (vm, handle);
  if (ok && !debug && handle.o->kind == LS_KIND_INSTANCE && handle.o->cls == vm->handle_class)
    own_handle_spent (vm, handle, ready);
  if (debug)
    {
      LsValue raised = vm->raised;

      /* the finally clause: it runs whether _run raised or not */
      vm->raised = LS_UNBOUND;
      if (!ls_setattr (vm, self, current, LS_NONE))
        return FALSE;
      vm->raised = raised;
    }
  return ok;
}

/* Runs exactly the callbacks that were ready when it began: those added
 * meanwhile wait for the next iteration. */
static gboolean
run_ready (LsVM *vm, LsValue self)
{
  LsFifo *ready;
  gsize ntodo;
  gboolean prefetch;

  if (!get_ready (vm, self, &ready))
    return FALSE;
  ntodo = ls_fifo_len (ready);
  prefetch = vm->bytes_live > PREFETCH_MIN_LIVE_BYTES;
  for (gsize i = 0; i < ntodo; i++)
    {
      LsValue handle;
      LsDict *plain_dict;
      gboolean cancelled, ok;

      /* A limit the last record reached (the event limit) stops the run
       * here, where the library's bytecode would have seen it. */
      if (!ls_vm_native_step (vm))
        return FALSE;
      /* self._ready.popleft(), read again each time, as the Python did */
      if (!loop_ready (vm, self, &ready, &plain_dict))
        return FALSE;
      if (!ls_fifo_popleft (ready, &handle))
        return ls_raise (vm, LS_EXC_INDEX_ERROR, "pop from an empty deque");
      if (prefetch)
        prefetch_next_ready (vm, ready);
      /* a handle of another class: its `_cancelled` may run code */
      if (ls_handle_from_value (handle) == NULL)
        plain_dict = NULL;
      if (!handle_cancelled (vm, handle, &cancelled))
        return FALSE;
      if (cancelled)
        continue;
      /* Everything this native holds is rooted (the loop by its caller,
       * the handle here), so the callback's garbage from the previous
       * callbacks need not be pinned (ls_call pins what a native
       * allocated since it began): an iteration may run thousands. */
      ls_vm_push_root (vm, handle);
      vm->native_entry = vm->objects;
      ok = run_one (vm, self, handle, ready, plain_dict);
      ls_vm_pop_roots (vm, 1);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* _run_once(self): sweep cancelled timers, wait (the only place virtual
 * time moves), move due timers to the ready queue, run what is ready. */
NATIVE (loop_run_once)
{
  if (!ls_check_args (vm, "_run_once", n_args, kwnames, 1, 1))
    return FALSE;
  *result = LS_NONE;
  return sweep_cancelled (vm, args[0]) && wait_for_events (vm, args[0]) &&
         collect_due_timers (vm, args[0]) && run_ready (vm, args[0]);
}

/* _LoopscopeSelector.select(self, timeout=None): as the reference
 * runner's selector, an idle loop sleeps until its earliest timer's own
 * deadline, capped by now + timeout, so the clock lands exactly on it. */
NATIVE (selector_select)
{
  LsValue loop, timeout = n_args > 1 ? args[1] : LS_NONE;
  double timeout_d = -1, deadline = -1;
  LsList *scheduled;
  LsHandle *top;

  if (!ls_check_args (vm, "select", n_args, kwnames, 1, 2))
    return FALSE;
  *result = ls_obj (vm->empty_tuple);
  if (!ls_is_none (timeout) && !number_of (vm, timeout, "timeout", &timeout_d))
    return FALSE;
  if (!ls_is_none (timeout) && timeout_d <= 0)
    return TRUE;
  if (!ls_getattr (vm, args[0], name_of (vm, LS_NAME__loop), &loop) || !get_scheduled (vm, loop, &scheduled) ||
      !heap_top (vm, scheduled, &top))
    return FALSE;
  if (top != NULL)
    deadline = top->when_d;
  return ls_loop_wait (vm, !ls_is_none (timeout), timeout_d, deadline);
}

/* BaseSelectorEventLoop._process_events(self, event_list): no I/O */
NATIVE (loop_process_events)
{
  if (!ls_check_args (vm, "_process_events", n_args, kwnames, 2, 2))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

/* Functions the library installs as methods: they bind like a def. */
static void
add_method_function (LsVM *vm, LsModule *module, const char *name, LsNativeFunc func)
{
  LsNative *native = ls_native_new (vm, name, func);

  native->is_method = TRUE;
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, name), ls_obj (native));
}

LsModule *
ls_module_lsloop_new (LsVM *vm)
{
  static const LsAuxMethod methods[] = {
    { "call_soon", loop_call_soon },
    { "call_later", loop_call_later },
    { "create_future", loop_create_future },
    { "call_at", loop_call_at },
    { "_call_soon", loop_call_soon_private },
    { "_add_callback", loop_add_callback },
    { "_timer_handle_cancelled", loop_timer_handle_cancelled },
    { "_run_once", loop_run_once },
    { "time", loop_time },
    { "get_debug", loop_get_debug },
    { "_process_events", loop_process_events },
    { "selector_select", selector_select },
  };
  LsModule *module = ls_module_new (vm, "_lsloop");
  LsClass *handle, *timer_handle;

  ls_handle_classes_new (vm, &handle, &timer_handle);
  vm->handle_class = handle;
  vm->timer_handle_class = timer_handle;
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "Handle"), ls_obj (handle));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "TimerHandle"), ls_obj (timer_handle));
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    add_method_function (vm, module, methods[i].name, methods[i].func);
  return module;
}
