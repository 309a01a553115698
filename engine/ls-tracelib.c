/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-tracelib.c — the `_trace` module: the hooks the asyncio and threading
 * libraries call at the points where CPython's loop does something worth
 * drawing, turned into trace records (ls-trace.h).
 *
 * Objects become ids (ls_object_id: handed out in order, so the same
 * program always gives the same ids); names and labels are read from the
 * objects once, when the record is written.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-tracelib.h"
#include "ls-trace-private.h"
#include "ls-asyncio-task.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-module.h"
#include "ls-opcodes.h"
#include "ls-ops.h"
#include "ls-sched.h"
#include "ls-vm.h"

/* --- reading the VM ------------------------------------------------------- */

/* Tasks, futures and handles are instances that keep their id: read it
 * here, without a call, once it was given. */
static inline guint32
id_of (LsVM *vm, LsValue v)
{
  if (v.tag != LS_TAG_OBJECT)
    return 0;
  if (v.o->kind == LS_KIND_INSTANCE)
    {
      LsInstance *instance = (LsInstance *) v.o;

      /* ls_object_id's first branch: a new handle or future takes the
       * next id here, at its first record */
      if (instance->id == 0)
        instance->id = ++vm->next_object_id;
      return (guint32) instance->id;
    }
  return (guint32) ls_object_id (vm, v.o);
}

/* id_of for what is known to be an instance, without the call for any other object (which
 * would have this function save registers for it). */
static inline guint32
instance_id (LsVM *vm, LsInstance *instance)
{
  if (instance->id == 0)
    instance->id = ++vm->next_object_id;
  return (guint32) instance->id;
}

/* Tasks, futures and handles: objects whose id id_of reads without a
 * call (ls_object_id). */
static inline gboolean
is_instance (LsValue v)
{
  return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE;
}

/* ls_sched_thread_ident (ls_sched_current (vm->sched)), which the
 * scheduler keeps in the VM: two calls for every record were 1 % of
 * fanout. */
static inline guint16
current_thread (LsVM *vm)
{
  return vm->trace_thread;
}

/* The scenario line running now: the innermost frame of the user's file.
 * Inline where a record's quick path reads it: a call there would have
 * the record's function save registers. */
static inline G_ALWAYS_INLINE guint32
user_line (LsVM *vm)
{
  for (LsFrame *frame = vm->frame; frame != NULL; frame = frame->back)
    if (vm->main_filename != NULL && frame->code->filename == vm->main_filename)
      return (guint32) frame->code->lines[frame->ip > 0 ? frame->ip - 1 : 0];
  return 0;
}

guint32
ls_trace_user_line (LsVM *vm)
{
  return user_line (vm);
}

/* The trace's id of a str object's text.  Names and labels come from a
 * few str objects ("Task.task_wakeup", "sleep(0.5)") recorded again and
 * again, and ls_trace_intern hashes the text each time: a direct-mapped
 * cache by the object's address answers instead.  The cache holds the
 * strings it maps (vm->trace_str_cache, marked as a root), so no address
 * in it can be freed and reused for another string. */
static G_GNUC_NO_INLINE guint32
intern_str_slow (LsVM *vm, LsStr *s, guint slot)
{
  LsTuple *cache = vm->trace_str_cache;

  if (cache == NULL)
    cache = vm->trace_str_cache = ls_tuple_new (vm, LS_TRACE_STR_CACHE_SIZE);
  cache->items[slot] = ls_obj (s);
  vm->trace_str_ids[slot] = ls_trace_intern (vm->trace, s->data);
  return vm->trace_str_ids[slot];
}

/* The cache's answer for `s` into `id`, or FALSE on a miss. */
static inline gboolean
intern_str_cached (LsVM *vm, LsStr *s, guint32 *id)
{
  guint slot = (guint) ((GPOINTER_TO_SIZE (s) >> 4) % LS_TRACE_STR_CACHE_SIZE);
  LsTuple *cache = vm->trace_str_cache;

  if (G_LIKELY (cache != NULL && cache->items[slot].tag == LS_TAG_OBJECT &&
                cache->items[slot].o == (LsObject *) s))
    {
      *id = vm->trace_str_ids[slot];
      return TRUE;
    }
  return FALSE;
}

/* Inline: the cache answers nearly always, in a few instructions. */
static inline guint32
intern_str (LsVM *vm, LsStr *s)
{
  guint32 id;

  if (G_LIKELY (intern_str_cached (vm, s, &id)))
    return id;
  return intern_str_slow (vm, s, (guint) ((GPOINTER_TO_SIZE (s) >> 4) % LS_TRACE_STR_CACHE_SIZE));
}

static G_GNUC_NO_INLINE guint32
intern_value_slow (LsVM *vm, LsValue v)
{
  LsStr *s;

  if (!ls_str (vm, v, &s))
    {
      vm->raised = LS_UNBOUND;
      return 0;
    }
  return ls_trace_intern (vm->trace, s->data);
}

static inline guint32
intern_value (LsVM *vm, LsValue v)
{
  LsStr *s;

  if (ls_is_none (v) || ls_is_unbound (v))
    return 0;
  if ((s = ls_value_str (v)) != NULL)
    return intern_str (vm, s);
  return intern_value_slow (vm, v);
}

static LsValue
attribute_named (LsVM *vm, LsValue obj, LsStr *name)
{
  LsValue out;
  gboolean found;

  if (!ls_getattr_opt (vm, obj, name, &out, &found))
    {
      vm->raised = LS_UNBOUND;
      return LS_UNBOUND;
    }
  return found ? out : LS_UNBOUND;
}

static LsValue
attribute (LsVM *vm, LsValue obj, const char *name)
{
  return attribute_named (vm, obj, ls_str_intern_cstr (vm, name));
}

/* The event limit (ls-limits.h) is acted on at the interpreter's next
 * check, where the run can stop cleanly. */
static inline void
count_event (LsVM *vm, guint32 index)
{
  /* index + 1 >= max_events, and never when max_events is 0 (no limit):
   * then max_events - 1 wraps to the largest number */
  if (G_UNLIKELY ((guint64) index >= vm->limits.max_events - 1))
    ls_vm_defer_limit (vm, LS_LIMIT_EVENTS);
}

/* ls_trace_append's record, out of line: the rare kinds, a kind not
 * known here as a constant, and any record off the short path. */
static G_GNUC_NO_INLINE void
record_slow (LsVM *vm, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, guint32 text, guint32 line)
{
  LsTraceEvent event = { vm->now, kind, current_thread (vm), subject, object, arg, text, line };

  count_event (vm, ls_trace_append (vm->trace, &event));
}

/* A record: inline on the short path where the kind is a constant that
 * may take it (ls-trace-private.h), so that only this record's own work
 * is left; anything else through ls_trace_append.  A deadline is in
 * `text` and `line` (ls_trace_event_set_when). */
static inline G_ALWAYS_INLINE void
record (LsVM *vm, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, guint32 text, guint32 line)
{
  LsTrace *trace = vm->trace;

  if (trace == NULL)
    return;
  if (__builtin_constant_p (kind) && ((SHORT_PATH_KINDS | DEADLINE_KINDS) >> kind & 1) != 0 &&
      G_LIKELY (ls_trace_short_path_open (trace, vm->now, current_thread (vm))))
    count_event (vm, ls_trace_append_short (trace, kind, subject, object, arg, text, line));
  else
    record_slow (vm, kind, subject, object, arg, text, line);
}

/* A record with nothing but its subject. */
static inline G_ALWAYS_INLINE void
record_subject (LsVM *vm, LsTraceKind kind, guint32 subject)
{
  record (vm, kind, subject, 0, 0, 0, 0);
}

/* A record with a subject, an object and a text. */
static inline G_ALWAYS_INLINE void
record_named (LsVM *vm, LsTraceKind kind, guint32 subject, guint32 object, guint32 text)
{
  record (vm, kind, subject, object, 0, text, 0);
}

/* A task step or a callback ended: the scenario let the event loop run,
 * so its count of instructions without an await restarts.  Only when the
 * library's loop says so: a scenario calling the hook itself proves
 * nothing. */
static void
note_suspension (LsVM *vm)
{
  if (vm->frame != NULL && vm->frame->code->filename != vm->main_filename)
    ls_vm_note_suspension (vm);
}

void
ls_trace_record_thread (LsVM *vm, LsTraceKind kind, guint32 thread, guint32 arg, double deadline)
{
  LsTraceEvent event = { vm->now, kind, (guint16) thread, thread, 0, arg, 0, 0 };

  if (vm->trace == NULL)
    return;
  if (kind == LS_TRACE_THREAD_BLOCKED)
    ls_trace_event_set_when (&event, deadline >= 0 ? deadline : -1.0);
  count_event (vm, ls_trace_append (vm->trace, &event));
}

#define MAX_OUTPUT_TEXT 65536

void
ls_trace_record_output (LsVM *vm, const char *text, gsize len)
{
  g_autofree char *copy = NULL;

  if (vm->trace == NULL)
    return;
  /* a label for the timeline, not a copy of the output: a scenario that
   * prints a gigabyte must not make the trace hold two more */
  if (len > MAX_OUTPUT_TEXT)
    len = (gsize) (g_utf8_find_prev_char (text, text + MAX_OUTPUT_TEXT + 1) - text);
  copy = g_strndup (text, len);
  g_strchomp (copy);
  if (*copy == '\0')
    return;
  record (vm, LS_TRACE_OUTPUT, current_thread (vm), vm->trace_task, 0, ls_trace_intern (vm->trace, copy),
          ls_trace_user_line (vm));
}

/* A label that the future's class gives as a plain str, with none in the
 * instance's dict (a gather's future: _GatheringFuture's `_ls_label =
 * 'gather'`): what attribute_named finds, there without the generic
 * lookup's way (~290 instructions at each await on a gather). */
static inline gboolean
class_str_label (LsVM *vm, LsValue future, LsValue *label)
{
  LsInstance *instance = ls_value_instance (future);
  LsValue attr;

  if (instance == NULL || instance->exception != NULL)
    return FALSE;
  attr = ls_class_lookup_cached (future.o->cls, vm->names[LS_NAME__ls_label],
                                 &vm->class_name_caches[LS_NAME__ls_label]);
  if (!ls_is_kind (attr, LS_KIND_STR) ||
      (instance->dict != NULL &&
       !ls_is_unbound (ls_dict_get_str_cached (instance->dict, vm->names[LS_NAME__ls_label],
                                               &vm->name_caches[LS_NAME__ls_label]))))
    return FALSE;
  *label = attr;
  return TRUE;
}

/* What a task waits on, in words: a label the library gave the future
 * (`sleep(2)`, `Queue.get`), a task's name, or the future's type. */
static guint32
describe_future (LsVM *vm, LsValue future)
{
  LsValue label, name;

  /* a C Future's label is a field (attribute() would find it too, through
   * the class's property, at ten times the cost) */
  if (ls_future_is_exact (vm, future))
    label = ((LsFuture *) future.o)->label;
  else if (!class_str_label (vm, future, &label))
    label = attribute_named (vm, future, vm->names[LS_NAME__ls_label]);

  if (!ls_is_unbound (label) && !ls_is_none (label))
    return intern_value (vm, label);
  name = attribute (vm, future, "_name");
  if (ls_value_str (name) != NULL)
    return intern_value (vm, name);
  return ls_trace_intern (vm->trace, ls_type_name (vm, future));
}

/* The line of the await a suspended coroutine chain sits on: the
 * innermost frame of the user's file along the chain of YIELD_FROMs.
 * Inline, as user_line is. */
static inline G_ALWAYS_INLINE guint32
await_line (LsVM *vm, LsValue coro)
{
  LsGenerator *gen = ls_value_generator (coro);
  guint32 line = 0;

  while (gen != NULL && gen->frame != NULL)
    {
      LsFrame *frame = gen->frame;
      guint32 ip = frame->ip;
      gboolean at_yield_from = ip < frame->code->n_instructions &&
                               LS_INSTR_GENERIC_OP (frame->code->instructions[ip]) == LS_OP_YIELD_FROM;

      if (vm->main_filename == NULL || frame->code->filename == vm->main_filename)
        line = (guint32) frame->code->lines[at_yield_from ? ip : (ip > 0 ? ip - 1 : 0)];
      gen = at_yield_from && frame->sp > 0 ? ls_value_generator (frame->stack[frame->sp - 1]) : NULL;
    }
  return line;
}

guint32
ls_trace_task_await_line (LsVM *vm, LsValue task)
{
  LsInstance *instance = ls_value_instance (task);
  LsTask *c_task = ls_task_from_value (task);

  if (c_task != NULL)
    return await_line (vm, c_task->coro);
  /* only a plain read of the task's dict: this runs inside the scheduler */
  if (instance == NULL || instance->dict == NULL)
    return 0;
  return await_line (vm, ls_dict_get_str (instance->dict, ls_str_intern_cstr (vm, "_coro")));
}

/* --- records the engine writes itself ------------------------------------ */

/* The trace's string id of type(v).__name__, through the cache of str
 * objects: ls_trace_intern would hash the text at every future. */
static guint32
type_name_id (LsVM *vm, LsValue v)
{
  /* an object's type is its class, read without the call */
  if (v.tag == LS_TAG_OBJECT)
    return intern_str (vm, v.o->cls->name);
  return intern_str (vm, ls_type_of (vm, v)->name);
}

static G_GNUC_NO_INLINE void
future_created_slow (LsVM *vm, LsValue future)
{
  record (vm, LS_TRACE_FUTURE_CREATED, id_of (vm, future), vm->trace_task, 0,
          type_name_id (vm, future), ls_trace_user_line (vm));
}

void
ls_trace_note_future_created (LsVM *vm, LsValue future)
{
  guint32 type_name;

  if (vm->trace == NULL)
    return;
  /* without a call where it can (see callback_record_quick) */
  if (G_LIKELY (is_instance (future) && intern_str_cached (vm, future.o->cls->name, &type_name) &&
                ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_FUTURE_CREATED, id_of (vm, future), vm->trace_task,
                                            0, type_name, user_line (vm)));
  else
    future_created_slow (vm, future);
}

/* A record with nothing but an instance's id, on the short path without
 * a call, TRUE; else FALSE, with nothing asked or written. */
static inline G_ALWAYS_INLINE gboolean
record_instance_quick (LsVM *vm, LsTraceKind kind, LsValue subject)
{
  if (G_LIKELY (vm->trace != NULL && is_instance (subject) &&
                ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    {
      count_event (vm, ls_trace_append_short (vm->trace, kind, id_of (vm, subject), 0, 0, 0, 0));
      return TRUE;
    }
  return FALSE;
}

static G_GNUC_NO_INLINE void
record_subject_slow (LsVM *vm, LsTraceKind kind, LsValue subject)
{
  record_subject (vm, kind, id_of (vm, subject));
}

static G_GNUC_NO_INLINE void
future_done_slow (LsVM *vm, LsValue future, LsTraceFutureState state)
{
  record (vm, LS_TRACE_FUTURE_DONE, id_of (vm, future), vm->trace_task, state, 0, 0);
}

void
ls_trace_note_future_done (LsVM *vm, LsValue future, LsTraceFutureState state)
{
  /* The C Future (or Task) schedules its done callbacks next, and the
   * CALLBACK_SCHEDULED record of the first reads it (callback_name_of):
   * a sleeping task's wake-up, made long ago, out of the cache when
   * thousands of tasks sleep.  Asked for now, it arrives while this
   * record and the callback's handle are made.  (The layout read
   * directly: ls_future_from_value is a call.) */
  if (future.tag == LS_TAG_OBJECT && future.o->kind == LS_KIND_INSTANCE &&
      (future.o->cls->layout == &ls_future_layout || future.o->cls->layout == &ls_task_layout))
    {
      LsValue first = ((LsFuture *) future.o)->callback0;

      /* a task's bound C method keeps its receiver's id in the next
       * cache line (harmless for any other object: a prefetch never
       * faults) */
      if (first.tag == LS_TAG_OBJECT)
        {
          __builtin_prefetch (first.o);
          __builtin_prefetch (&((LsNative *) first.o)->self_id);
        }
    }
  /* a timer's callback sets its future's result outside any task: then
   * the record is its subject alone */
  if (vm->trace_task == 0 && state == LS_TRACE_FUTURE_RESULT)
    {
      if (!record_instance_quick (vm, LS_TRACE_FUTURE_DONE, future))
        record_subject_slow (vm, LS_TRACE_FUTURE_DONE, future);
    }
  else
    future_done_slow (vm, future, state);
}

void
ls_trace_note_cancel_requested (LsVM *vm, LsValue subject, LsValue msg)
{
  record (vm, LS_TRACE_CANCEL_REQUESTED, id_of (vm, subject), vm->trace_task, 0,
          vm->trace != NULL ? intern_value (vm, msg) : 0, ls_trace_user_line (vm));
}

/* --- the hooks ------------------------------------------------------------ */

#define HOOK(name) \
  static gboolean name (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static gboolean
need (LsVM *vm, const char *fname, guint n_args, guint min)
{
  if (n_args < min)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_trace.%s() takes at least %u arguments", fname, min);
  return TRUE;
}

HOOK (hook_task_created)
{
  LsValue coro, coro_name;

  *result = LS_NONE;
  if (!need (vm, "task_created", n_args, 1))
    return FALSE;
  if (vm->trace == NULL)
    return TRUE;
  coro = attribute (vm, args[0], "_coro");
  coro_name = attribute (vm, coro, "__qualname__");
  record (vm, LS_TRACE_TASK_CREATED, id_of (vm, args[0]), vm->trace_task,
          intern_value (vm, coro_name), intern_value (vm, attribute (vm, args[0], "_name")),
          ls_trace_user_line (vm));
  return TRUE;
}

HOOK (hook_step_start)
{
  *result = LS_NONE;
  if (!need (vm, "step_start", n_args, 1))
    return FALSE;
  vm->trace_task = id_of (vm, args[0]);
  record_subject (vm, LS_TRACE_STEP_START, vm->trace_task);
  return TRUE;
}

static LsTraceOutcome
parse_outcome (LsValue v)
{
  LsStr *s = ls_value_str (v);
  static const char *const names[] = { "await", "yield", "return", "raise", "cancelled" };

  for (guint i = 0; s != NULL && i < G_N_ELEMENTS (names); i++)
    if (strcmp (s->data, names[i]) == 0)
      return (LsTraceOutcome) i;
  return LS_TRACE_OUTCOME_RAISE;
}

HOOK (hook_step_end)
{
  LsTraceOutcome outcome;
  guint32 object = 0, text = 0;

  *result = LS_NONE;
  if (!need (vm, "step_end", n_args, 2))
    return FALSE;
  outcome = parse_outcome (args[1]);
  if (outcome == LS_TRACE_OUTCOME_AWAIT && n_args > 2)
    {
      object = id_of (vm, args[2]);
      text = vm->trace != NULL ? describe_future (vm, args[2]) : 0;
    }
  else if (outcome == LS_TRACE_OUTCOME_RAISE && n_args > 2 && vm->trace != NULL)
    {
      g_autofree char *line = ls_exception_dup_last_line (vm, args[2]);
      text = ls_trace_intern (vm->trace, line);
    }
  /* a step that suspends is remembered at the await it stopped on */
  record (vm, LS_TRACE_STEP_END, id_of (vm, args[0]), object, outcome, text,
          outcome == LS_TRACE_OUTCOME_AWAIT || outcome == LS_TRACE_OUTCOME_YIELD
          ? await_line (vm, attribute (vm, args[0], "_coro")) : ls_trace_user_line (vm));
  vm->trace_task = 0;
  if (outcome == LS_TRACE_OUTCOME_AWAIT || outcome == LS_TRACE_OUTCOME_YIELD)
    vm->last_suspended_task = args[0];
  note_suspension (vm);
  return TRUE;
}

HOOK (hook_cancel_delivered)
{
  *result = LS_NONE;
  if (!need (vm, "cancel_delivered", n_args, 1))
    return FALSE;
  record (vm, LS_TRACE_CANCEL_DELIVERED, id_of (vm, args[0]), 0, 0, 0,
          await_line (vm, attribute (vm, args[0], "_coro")));
  return TRUE;
}

HOOK (hook_cancel_requested)
{
  *result = LS_NONE;
  if (!need (vm, "cancel_requested", n_args, 1))
    return FALSE;
  ls_trace_note_cancel_requested (vm, args[0], n_args > 1 ? args[1] : LS_NONE);
  return TRUE;
}

HOOK (hook_future_created)
{
  *result = LS_NONE;
  if (!need (vm, "future_created", n_args, 1))
    return FALSE;
  ls_trace_note_future_created (vm, args[0]);
  return TRUE;
}

HOOK (hook_future_done)
{
  LsValue state, exception;
  LsTraceFutureState done = LS_TRACE_FUTURE_RESULT;
  LsStr *s;

  *result = LS_NONE;
  if (!need (vm, "future_done", n_args, 1))
    return FALSE;
  state = attribute (vm, args[0], "_state");
  exception = attribute (vm, args[0], "_exception");
  s = ls_value_str (state);
  if (s != NULL && strcmp (s->data, "CANCELLED") == 0)
    done = LS_TRACE_FUTURE_CANCELLED;
  else if (!ls_is_unbound (exception) && !ls_is_none (exception))
    done = LS_TRACE_FUTURE_EXCEPTION;
  ls_trace_note_future_done (vm, args[0], done);
  return TRUE;
}

/* A callback's name and the object it is bound to (a task's step: the
 * task), read as the library would: `__self__`, then `__qualname__` or
 * `__name__`.  The target's id is asked for first, as it always was: ids
 * are handed out in order of asking, and scenarios see them (id()). */
/* `__self__` and `__qualname__` of the usual callbacks (functions,
 * natives, methods bound to either), read from their fields: the values
 * the attribute reads below give, without two lookups by name per
 * record.  FALSE for anything else. */
static gboolean
callback_fields (LsValue callback, LsValue *self, LsStr **name)
{
  LsValue func = callback;

  *self = LS_UNBOUND;
  if (ls_is_kind (callback, LS_KIND_BOUND_METHOD))
    {
      *self = ((LsBoundMethod *) callback.o)->self;
      func = ((LsBoundMethod *) callback.o)->func;
    }
  if (ls_is_kind (func, LS_KIND_FUNCTION))
    {
      /* a function's own __self__ could only come from its dict */
      if (func.o == callback.o && ((LsFunction *) func.o)->dict != NULL)
        return FALSE;
      *name = ((LsFunction *) func.o)->qualname;
      return TRUE;
    }
  if (ls_is_kind (func, LS_KIND_NATIVE))
    {
      LsNative *native = (LsNative *) func.o;

      if (func.o == callback.o)
        *self = ls_is_unbound (native->self) ? LS_NONE : native->self;
      *name = native->name;
      return TRUE;
    }
  return FALSE;
}

/* callback_name_of for any callback, with the first target id to ask. */
static G_GNUC_NO_INLINE guint32
callback_name_slow (LsVM *vm, LsValue callback, guint32 *target)
{
  LsValue self, name;
  LsStr *field_name;

  if (callback_fields (callback, &self, &field_name))
    {
      *target = !ls_is_unbound (self) && !ls_is_none (self) ? id_of (vm, self) : 0;
      if (ls_is_kind (callback, LS_KIND_NATIVE) && !ls_is_unbound (((LsNative *) callback.o)->self))
        ((LsNative *) callback.o)->self_id = *target;
      /* both fields are str objects: intern_value's tests would only pass */
      return vm->trace != NULL ? intern_str (vm, field_name) : 0;
    }
  self = attribute (vm, callback, "__self__");
  name = attribute (vm, callback, "__qualname__");

  *target = !ls_is_unbound (self) && !ls_is_none (self) ? id_of (vm, self) : 0;
  if (ls_is_unbound (name))
    name = attribute (vm, callback, "__name__");
  return vm->trace != NULL ? intern_value (vm, name) : 0;
}

/* Inline, for the two callbacks of nearly every record: a task's bound
 * step or wake-up whose receiver's id was asked before (with ten
 * thousand sleeping tasks, reading a task's id here, long before it
 * runs, is a cache miss per wake-up), and a plain function, Python's or
 * C's (a timer's futures._set_result_unless_cancelled), which has no
 * target; the same answers as callback_fields. */
static inline guint32
callback_name_of (LsVM *vm, LsValue callback, guint32 *target)
{
  LsStr *name;

  if (ls_is_kind (callback, LS_KIND_NATIVE) && ((LsNative *) callback.o)->self_id != 0)
    {
      *target = ((LsNative *) callback.o)->self_id;
      name = ((LsNative *) callback.o)->name;
    }
  else if (ls_is_kind (callback, LS_KIND_NATIVE) && ls_is_unbound (((LsNative *) callback.o)->self))
    {
      /* a module's C function (futures._set_result_unless_cancelled) */
      *target = 0;
      name = ((LsNative *) callback.o)->name;
    }
  else if (ls_is_kind (callback, LS_KIND_FUNCTION) && ((LsFunction *) callback.o)->dict == NULL)
    {
      *target = 0;
      name = ((LsFunction *) callback.o)->qualname;
    }
  else
    return callback_name_slow (vm, callback, target);
  return vm->trace != NULL ? intern_str (vm, name) : 0;
}

/* callback_name_of's answer for its three inline cases, without a call
 * (the name in the cache of str objects): FALSE where the answer needs
 * one, before anything is asked or written. */
static inline gboolean
callback_name_quick (LsVM *vm, LsValue callback, guint32 *target, guint32 *name)
{
  LsStr *s;

  if (ls_is_kind (callback, LS_KIND_NATIVE) && ((LsNative *) callback.o)->self_id != 0)
    {
      *target = ((LsNative *) callback.o)->self_id;
      s = ((LsNative *) callback.o)->name;
    }
  else if (ls_is_kind (callback, LS_KIND_NATIVE) && ls_is_unbound (((LsNative *) callback.o)->self))
    {
      *target = 0;
      s = ((LsNative *) callback.o)->name;
    }
  else if (ls_is_kind (callback, LS_KIND_FUNCTION) && ((LsFunction *) callback.o)->dict == NULL)
    {
      *target = 0;
      s = ((LsFunction *) callback.o)->qualname;
    }
  else
    return FALSE;
  return intern_str_cached (vm, s, name);
}

/* The usual record of a callback (CALLBACK_SCHEDULED, TIMER_ARMED) is
 * written without a call: a callback callback_name_quick answers for, a
 * handle that is an instance, the short path open.  Those functions then
 * save no registers, which was ~18 instructions a record; anything else
 * takes the general way, from the start (nothing was asked or written). */
static inline gboolean
callback_record_quick (LsVM *vm, LsValue handle, LsValue callback, guint32 *target, guint32 *name)
{
  return vm->trace != NULL && is_instance (handle) && callback_name_quick (vm, callback, target, name) &&
         ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm));
}

/* The first CALLBACK_SCHEDULED of a task's bound step (a new task's
 * first call_soon): its receiver has no id in the native yet, which the
 * quick path needs.  callback_name_slow's answer for such a native
 * (the receiver's id asked first, then kept in the native; its name) and
 * record_named's short path, once the name is in the cache of str
 * objects and the short path open: else FALSE, nothing asked. */
static inline G_ALWAYS_INLINE gboolean
first_bound_native_record (LsVM *vm, LsValue handle, LsValue callback)
{
  LsNative *native;
  guint32 target, name;

  if (vm->trace == NULL || !is_instance (handle) || !ls_is_kind (callback, LS_KIND_NATIVE))
    return FALSE;
  native = (LsNative *) callback.o;
  if (!is_instance (native->self) || !intern_str_cached (vm, native->name, &name) ||
      !ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm)))
    return FALSE;
  target = instance_id (vm, (LsInstance *) native->self.o);
  native->self_id = target;
  count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_CALLBACK_SCHEDULED,
                                          instance_id (vm, (LsInstance *) handle.o), target, 0, name, 0));
  return TRUE;
}

static G_GNUC_NO_INLINE void
callback_scheduled_slow (LsVM *vm, LsValue handle, LsValue callback)
{
  guint32 target, name;

  if (ls_is_unbound (callback))
    callback = attribute (vm, handle, "_callback");
  name = callback_name_of (vm, callback, &target);

  record_named (vm, LS_TRACE_CALLBACK_SCHEDULED, id_of (vm, handle), target, name);
}

/* `callback` LS_UNBOUND: read the handle's _callback */
void
ls_trace_note_callback_scheduled (LsVM *vm, LsValue handle, LsValue callback)
{
  guint32 target, name;

  if (G_LIKELY (callback_record_quick (vm, handle, callback, &target, &name)))
    count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_CALLBACK_SCHEDULED, id_of (vm, handle), target, 0,
                                            name, 0));
  /* a new task's first step (one a task): inline too, it calls nothing */
  else if (!first_bound_native_record (vm, handle, callback))
    callback_scheduled_slow (vm, handle, callback);
}

void
ls_trace_note_callback_run (LsVM *vm, LsValue handle)
{
  if (!record_instance_quick (vm, LS_TRACE_CALLBACK_RUN, handle))
    record_subject_slow (vm, LS_TRACE_CALLBACK_RUN, handle);
}

void
ls_trace_note_callback_done (LsVM *vm, LsValue handle)
{
  if (!record_instance_quick (vm, LS_TRACE_CALLBACK_DONE, handle))
    record_subject_slow (vm, LS_TRACE_CALLBACK_DONE, handle);
  note_suspension (vm);
}

static G_GNUC_NO_INLINE void
timer_armed_slow (LsVM *vm, LsValue handle, LsValue callback, guint64 when)
{
  guint32 target, name = callback_name_of (vm, callback, &target);

  record (vm, LS_TRACE_TIMER_ARMED, id_of (vm, handle), target, name, (guint32) when, (guint32) (when >> 32));
}

void
ls_trace_note_timer_armed (LsVM *vm, LsValue handle, LsValue callback, double when)
{
  guint32 target, name;
  guint64 bits;

  /* the deadline in `text` and `line`, as ls_trace_event_set_when puts it */
  memcpy (&bits, &when, sizeof bits);
  if (G_LIKELY (callback_record_quick (vm, handle, callback, &target, &name)))
    count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_TIMER_ARMED, id_of (vm, handle), target, name,
                                            (guint32) bits, (guint32) (bits >> 32)));
  else
    timer_armed_slow (vm, handle, callback, bits);
}

void
ls_trace_note_timer_cancelled (LsVM *vm, LsValue handle)
{
  if (!record_instance_quick (vm, LS_TRACE_TIMER_CANCELLED, handle))
    record_subject_slow (vm, LS_TRACE_TIMER_CANCELLED, handle);
}

HOOK (hook_callback_scheduled)
{
  *result = LS_NONE;
  if (!need (vm, "callback_scheduled", n_args, 1))
    return FALSE;
  ls_trace_note_callback_scheduled (vm, args[0], LS_UNBOUND);
  return TRUE;
}

HOOK (hook_callback_run)
{
  *result = LS_NONE;
  if (!need (vm, "callback_run", n_args, 1))
    return FALSE;
  ls_trace_note_callback_run (vm, args[0]);
  return TRUE;
}

HOOK (hook_callback_done)
{
  *result = LS_NONE;
  if (!need (vm, "callback_done", n_args, 1))
    return FALSE;
  ls_trace_note_callback_done (vm, args[0]);
  return TRUE;
}

static guint32
number_value (LsVM *vm, LsValue v)
{
  if (vm->trace == NULL)
    return 0;
  if (ls_is_float (v))
    return ls_trace_add_number (vm->trace, v.f);
  if (ls_is_intlike (v))
    return ls_trace_add_number (vm->trace, (double) ls_as_int (v));
  return 0;
}

HOOK (hook_timer_armed)
{
  LsValue when;

  *result = LS_NONE;
  if (!need (vm, "timer_armed", n_args, 1))
    return FALSE;
  when = attribute (vm, args[0], "_when");
  ls_trace_note_timer_armed (vm, args[0], attribute (vm, args[0], "_callback"),
                             ls_is_float (when) ? when.f : ls_is_intlike (when) ? (double) ls_as_int (when) : 0.0);
  return TRUE;
}

HOOK (hook_timer_cancelled)
{
  *result = LS_NONE;
  if (!need (vm, "timer_cancelled", n_args, 1))
    return FALSE;
  ls_trace_note_timer_cancelled (vm, args[0]);
  return TRUE;
}

static gboolean
timeout_hook (LsVM *vm, LsTraceKind kind, const LsValue *args, guint n_args, LsValue *result)
{
  *result = LS_NONE;
  if (n_args < 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_trace timeout hooks take the timeout object");
  record (vm, kind, id_of (vm, args[0]), vm->trace_task,
          n_args > 1 ? number_value (vm, args[1]) : 0, 0, ls_trace_user_line (vm));
  return TRUE;
}

HOOK (hook_timeout_armed) { return timeout_hook (vm, LS_TRACE_TIMEOUT_ARMED, args, n_args, result); }
HOOK (hook_timeout_rescheduled) { return timeout_hook (vm, LS_TRACE_TIMEOUT_RESCHEDULED, args, n_args, result); }
HOOK (hook_timeout_expired) { return timeout_hook (vm, LS_TRACE_TIMEOUT_EXPIRED, args, n_args, result); }

HOOK (hook_shield_absorbed)
{
  *result = LS_NONE;
  if (!need (vm, "shield_absorbed", n_args, 2))
    return FALSE;
  record (vm, LS_TRACE_SHIELD_ABSORBED, id_of (vm, args[0]), id_of (vm, args[1]), 0, 0, 0);
  return TRUE;
}

HOOK (hook_gather_created)
{
  gint64 n = 0;

  *result = LS_NONE;
  if (!need (vm, "gather_created", n_args, 1))
    return FALSE;
  if (n_args > 1 && !ls_len (vm, args[1], &n))
    vm->raised = LS_UNBOUND;
  record (vm, LS_TRACE_GATHER_CREATED, id_of (vm, args[0]), vm->trace_task, (guint32) n, 0, 0);
  return TRUE;
}

HOOK (hook_label)
{
  gboolean ok;

  *result = LS_NONE;
  if (!need (vm, "label", n_args, 2))
    return FALSE;
  ok = ls_setattr (vm, args[0], ls_str_intern_cstr (vm, "_ls_label"), args[1]);
  if (!ok)
    vm->raised = LS_UNBOUND;   /* objects without a dict just go unlabelled */
  return TRUE;
}

HOOK (hook_thread_started)
{
  LsValue name;

  *result = LS_NONE;
  if (!need (vm, "thread_started", n_args, 1))
    return FALSE;
  name = attribute (vm, args[0], "name");
  record (vm, LS_TRACE_THREAD_STARTED, current_thread (vm), 0, 0,
          vm->trace != NULL ? intern_value (vm, name) : 0, 0);
  return TRUE;
}

HOOK (hook_thread_finished)
{
  *result = LS_NONE;
  record (vm, LS_TRACE_THREAD_FINISHED, current_thread (vm), 0, 0, 0, 0);
  return TRUE;
}

LsModule *
ls_module_trace_new (LsVM *vm)
{
  static const struct { const char *name; LsNativeFunc func; } hooks[] = {
    { "task_created", hook_task_created },
    { "step_start", hook_step_start },
    { "step_end", hook_step_end },
    { "cancel_delivered", hook_cancel_delivered },
    { "cancel_requested", hook_cancel_requested },
    { "future_cancel_requested", hook_cancel_requested },
    { "future_created", hook_future_created },
    { "future_done", hook_future_done },
    { "callback_scheduled", hook_callback_scheduled },
    { "callback_run", hook_callback_run },
    { "callback_done", hook_callback_done },
    { "timer_armed", hook_timer_armed },
    { "timer_cancelled", hook_timer_cancelled },
    { "timeout_armed", hook_timeout_armed },
    { "timeout_rescheduled", hook_timeout_rescheduled },
    { "timeout_expired", hook_timeout_expired },
    { "shield_absorbed", hook_shield_absorbed },
    { "gather_created", hook_gather_created },
    { "label", hook_label },
    { "thread_started", hook_thread_started },
    { "thread_finished", hook_thread_finished },
  };
  LsModule *module = ls_module_new (vm, "_trace");

  for (guint i = 0; i < G_N_ELEMENTS (hooks); i++)
    ls_module_add_function (vm, module, hooks[i].name, hooks[i].func);
  return module;
}

/* --- the task records the C Task writes (ls-asyncio-task.c) ---------------
 * Field for field what the hooks above write for the Python Task, which
 * passed itself and read `_coro` and `_name` back by name. */

/* The trace's id of a default name "Task-<number>" that task_init has
 * just made: what ls_trace_intern computes from the text (it stores
 * nothing for such a name), without parsing it back.  The str goes into
 * the cache of str objects as intern_str_slow puts it there: the cache
 * holds what it maps alive, and the collector counts those bytes. */
static guint32
intern_task_number_name (LsVM *vm, LsStr *name, gint64 number)
{
  guint slot = (guint) ((GPOINTER_TO_SIZE (name) >> 4) % LS_TRACE_STR_CACHE_SIZE);
  LsTuple *cache;
  guint32 id;

  if (intern_str_cached (vm, name, &id))
    return id;
  if (number < 0 || number >= LS_TRACE_TASK_NAME_BIT)
    return intern_str_slow (vm, name, slot);
  cache = vm->trace_str_cache;
  if (cache == NULL)
    cache = vm->trace_str_cache = ls_tuple_new (vm, LS_TRACE_STR_CACHE_SIZE);
  cache->items[slot] = ls_obj (name);
  vm->trace_str_ids[slot] = LS_TRACE_TASK_NAME_BIT | (guint32) number;
  return vm->trace_str_ids[slot];
}

/* A TASK_CREATED record off the short path (a block's first record, a
 * new chunk, a time or thread other than the last record's). */
static G_GNUC_NO_INLINE void
task_created_long (LsVM *vm, guint32 task_id, guint32 qualname_id, guint32 name_id, guint32 line)
{
  LsTraceEvent event = { vm->now, LS_TRACE_TASK_CREATED, current_thread (vm), task_id, vm->trace_task,
                         qualname_id, name_id, line };

  count_event (vm, ls_trace_append_naming (vm->trace, &event));
}

/* `number`: the n of a default name "Task-<n>" task_init made for the
 * task (`name`), or -1 */
void
ls_trace_note_task_created (LsVM *vm, LsValue task, LsValue coro, LsValue name, gint64 number)
{
  LsGenerator *generator = ls_value_generator (coro);
  LsValue qualname;
  guint32 qualname_id, name_id, task_id, line;

  if (vm->trace == NULL)
    return;
  /* a coroutine's __qualname__ is its field (ls-attribute.c): no name
   * to intern and look up for every task */
  qualname = generator != NULL && generator->qualname != NULL ? ls_obj (generator->qualname)
                                                              : attribute (vm, coro, "__qualname__");
  /* the name first, then the qualname, as the record's arguments were
   * evaluated: when both map to one slot of the str cache, the one the
   * cache keeps alive stays the same */
  name_id = number >= 0 && ls_value_str (name) != NULL ? intern_task_number_name (vm, ls_value_str (name), number)
                                                       : intern_value (vm, name);
  qualname_id = intern_value (vm, qualname);
  task_id = id_of (vm, task);
  line = user_line (vm);
  /* the short path inline with the kind a constant: through
   * ls_trace_append_naming, the coder read the kind's predictions from
   * its tables and the store's call cost ~120 instructions a task */
  if (G_LIKELY (ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    count_event (vm, ls_trace_append_short_naming (vm->trace, LS_TRACE_TASK_CREATED, task_id, vm->trace_task,
                                                   qualname_id, name_id, line));
  else
    task_created_long (vm, task_id, qualname_id, name_id, line);
}

static G_GNUC_NO_INLINE void
step_start_slow (LsVM *vm, LsValue task)
{
  vm->trace_task = id_of (vm, task);
  record_subject (vm, LS_TRACE_STEP_START, vm->trace_task);
}

void
ls_trace_note_step_start (LsVM *vm, LsValue task)
{
  /* as record_instance_quick, with the running task's id kept */
  if (G_LIKELY (vm->trace != NULL && is_instance (task) &&
                ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    {
      vm->trace_task = id_of (vm, task);
      count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_STEP_START, vm->trace_task, 0, 0, 0, 0));
    }
  else
    step_start_slow (vm, task);
}

/* The loop's CALLBACK_RUN of a task's step and the step's STEP_START,
 * where nothing between them could write a record
 * (ls_handle_run_recorded): in one append on the short path (the open
 * test, the store's counters and the event count once instead of twice,
 * and one call), else the two notes.  The handle's id is asked before the
 * task's, as the two notes asked them.  The event count of the first
 * record is not checked on its own: it could only defer the same limit
 * as the second's, and nothing between them acts on one. */
void
ls_trace_note_callback_run_step_start (LsVM *vm, LsInstance *handle, LsTask *task)
{
  LsTrace *trace = vm->trace;

  if (G_LIKELY (trace != NULL && trace->short_left >= 2 &&
                ls_trace_short_path_open (trace, vm->now, current_thread (vm))))
    {
      guint32 handle_id = instance_id (vm, handle);

      vm->trace_task = instance_id (vm, &task->future.instance);
      count_event (vm, ls_trace_append_short_pair (trace, LS_TRACE_CALLBACK_RUN, handle_id, 0, 0, 0, 0,
                                                   LS_TRACE_STEP_START, vm->trace_task, 0, 0, 0, 0));
    }
  else
    {
      ls_trace_note_callback_run (vm, ls_obj (handle));
      ls_trace_note_step_start (vm, ls_obj (task));
    }
}

/* `arg` is the awaited future for LS_TRACE_OUTCOME_AWAIT and the exception
 * for LS_TRACE_OUTCOME_RAISE.  The loop, not the scenario, ran the step:
 * the count of instructions without an await restarts. */
/* What describe_future says of an exact C Future with a str label (a
 * sleep's, a queue's), from the cache of str objects: FALSE where it
 * needs more, before anything is asked. */
static inline gboolean
describe_future_quick (LsVM *vm, LsValue future, guint32 *text)
{
  LsStr *label;

  return ls_future_is_exact (vm, future) && (label = ls_value_str (((LsFuture *) future.o)->label)) != NULL &&
         intern_str_cached (vm, label, text);
}

/* What the VM learns at the end of a step, after its record. */
static inline void
step_ended (LsVM *vm, LsValue task, LsTraceOutcome outcome)
{
  vm->trace_task = 0;
  if (outcome == LS_TRACE_OUTCOME_AWAIT || outcome == LS_TRACE_OUTCOME_YIELD)
    vm->last_suspended_task = task;
  ls_vm_note_suspension (vm);
}

static G_GNUC_NO_INLINE void
step_end_slow (LsVM *vm, LsValue task, LsValue coro, LsTraceOutcome outcome, LsValue arg)
{
  guint32 object = 0, text = 0;
  gboolean suspends = outcome == LS_TRACE_OUTCOME_AWAIT || outcome == LS_TRACE_OUTCOME_YIELD;

  if (outcome == LS_TRACE_OUTCOME_AWAIT)
    {
      object = id_of (vm, arg);
      text = vm->trace != NULL ? describe_future (vm, arg) : 0;
    }
  else if (outcome == LS_TRACE_OUTCOME_RAISE && vm->trace != NULL)
    {
      g_autofree char *line = ls_exception_dup_last_line (vm, arg);
      text = ls_trace_intern (vm->trace, line);
    }
  record (vm, LS_TRACE_STEP_END, id_of (vm, task), object, outcome, text,
          suspends ? await_line (vm, coro) : ls_trace_user_line (vm));
}

void
ls_trace_note_step_end (LsVM *vm, LsValue task, LsValue coro, LsTraceOutcome outcome, LsValue arg)
{
  guint32 text = 0;

  /* a step that suspends on a bare yield or a labelled C Future, without
   * a call (see callback_record_quick); the future's id asked first, as
   * step_end_slow asks it */
  if (G_LIKELY (vm->trace != NULL && is_instance (task) &&
                (outcome == LS_TRACE_OUTCOME_YIELD ||
                 (outcome == LS_TRACE_OUTCOME_AWAIT && describe_future_quick (vm, arg, &text))) &&
                ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    {
      guint32 object = outcome == LS_TRACE_OUTCOME_AWAIT ? id_of (vm, arg) : 0;

      count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_STEP_END, id_of (vm, task), object, outcome, text,
                                              await_line (vm, coro)));
    }
  /* a step that ends its task (every task's last): the scenario line
   * running now, as step_end_slow finds it, without its call */
  else if (G_LIKELY (vm->trace != NULL && is_instance (task) &&
                     (outcome == LS_TRACE_OUTCOME_RETURN || outcome == LS_TRACE_OUTCOME_CANCELLED) &&
                     ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_STEP_END, id_of (vm, task), 0, outcome, 0,
                                            user_line (vm)));
  else
    step_end_slow (vm, task, coro, outcome, arg);
  step_ended (vm, task, outcome);
}

/* ls_trace_note_step_end for a bare yield (every sleep(0)'s step): the
 * same record with the outcome, the object and the text known here, so
 * that the quick path keeps only the subject and the line (the general
 * one tests for a future's label and saved six registers for it). */
void
ls_trace_note_step_yielded (LsVM *vm, LsValue task, LsValue coro)
{
  if (G_LIKELY (vm->trace != NULL && is_instance (task) &&
                ls_trace_short_path_open (vm->trace, vm->now, current_thread (vm))))
    count_event (vm, ls_trace_append_short (vm->trace, LS_TRACE_STEP_END, id_of (vm, task), 0, LS_TRACE_OUTCOME_YIELD,
                                            0, await_line (vm, coro)));
  else
    step_end_slow (vm, task, coro, LS_TRACE_OUTCOME_YIELD, LS_NONE);
  step_ended (vm, task, LS_TRACE_OUTCOME_YIELD);
}

/* The bare yield's STEP_END and the CALLBACK_SCHEDULED of the step it
 * schedules come together (ls_loop_call_soon_after_yield): on a plain
 * loop nothing between them can write a record or read the trace.  Where
 * both take the short path, they are written in one append (the open
 * test, the store's counters and the event count once instead of twice,
 * ~40 instructions a sleep(0)).  The first half: the test, without side
 * effects, that both would take their quick paths (the task's bound step
 * one callback_name_quick answers for, two records left on
 * the short path, and STEP_END's count not reaching the event limit,
 * which would stop the run before the handle is made); then what the VM
 * learns at the step's end (step_ended), which the old order did before
 * call_soon.  FALSE: nothing was asked or changed. */
gboolean
ls_trace_step_yielded_pair_begin (LsVM *vm, LsTask *task, guint32 *target, guint32 *name)
{
  LsTrace *trace = vm->trace;

  if (G_LIKELY (trace != NULL && trace->short_left >= 2 &&
                ls_trace_short_path_open (trace, vm->now, current_thread (vm)) &&
                (guint64) trace->n_events < vm->limits.max_events - 1 &&
                callback_name_quick (vm, task->step_callback, target, name)))
    {
      step_ended (vm, ls_obj (task), LS_TRACE_OUTCOME_YIELD);
      return TRUE;
    }
  return FALSE;
}

/* The second half, once the handle is made and queued: both records, the
 * task's id asked before the handle's, as the two notes asked them. */
void
ls_trace_step_yielded_pair_end (LsVM *vm, LsTask *task, LsInstance *handle, guint32 target, guint32 name)
{
  guint32 task_id = instance_id (vm, &task->future.instance);

  count_event (vm, ls_trace_append_short_pair (vm->trace, LS_TRACE_STEP_END, task_id, 0, LS_TRACE_OUTCOME_YIELD, 0,
                                               await_line (vm, task->coro), LS_TRACE_CALLBACK_SCHEDULED,
                                               instance_id (vm, handle), target, 0, name, 0));
}

void
ls_trace_note_cancel_delivered (LsVM *vm, LsValue task, LsValue coro)
{
  record (vm, LS_TRACE_CANCEL_DELIVERED, id_of (vm, task), 0, 0, 0, await_line (vm, coro));
}
