/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-task.c — asyncio's Task in C (see ls-asyncio-task.h).
 *
 * __step and __wakeup follow our pure-Python port of CPython's Task
 * (asyncio.tasks._PyTask) line for line: the same calls into the loop,
 * the future and the trace, in the same order, so every callback lands in
 * the ready queue where CPython puts it and every object gets the same
 * trace id.  Where the Python version called a method by name on an
 * object that may be a subclass (`result.add_done_callback`), so does
 * this one, unless the object is exactly a C Future or Task.
 *
 * A step runs while the library's loop calls it, so when the run is
 * stopped (ls_vm_stop) it unwinds at once, as the interpreter unwinds a
 * Python frame without running its `except` and `finally` blocks.
 *
 * The collector: the task, the exception passed in, the value the
 * coroutine yielded and the exception it raised are rooted while the
 * step calls back into Python (the coroutine, call_soon, reprs).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-asyncio-task.h"

#include "ls-asyncio-loop.h"
#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-generator.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-tracelib.h"
#include "ls-tuple.h"
#include "ls-vm-private.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static void
task_mark (LsVM     *vm,
           LsObject *object)
{
  LsTask *self = (LsTask *) object;

  ls_future_mark (vm, object);
  ls_gc_mark_value (vm, self->coro);
  ls_gc_mark_value (vm, self->context);
  ls_gc_mark_value (vm, self->name);
  ls_gc_mark_value (vm, self->fut_waiter);
  ls_gc_mark_value (vm, self->step_callback);
  ls_gc_mark_value (vm, self->wakeup_callback);
}

const LsInstanceLayout ls_task_layout = { "Task", sizeof (LsTask), task_mark, &ls_future_layout };

static inline LsValue
or_none (LsValue v)
{
  return ls_is_unbound (v) ? LS_NONE : v;
}

static inline gboolean
stopped (LsVM *vm)
{
  return G_UNLIKELY (vm->stop_kind != LS_LIMIT_NONE);
}

/* Exactly _asyncio.Task, not a subclass. */
static inline gboolean
is_exact_task (LsValue v)
{
  LsClass *cls = v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE ? v.o->cls : NULL;

  return cls != NULL && cls->layout == &ls_task_layout && cls->base != NULL &&
         cls->base->layout == &ls_future_layout && cls->base->base != NULL && cls->base->base->base == NULL;
}

/* --- the module's shared state ---------------------------------------------- */

/* `_asyncio`'s dict: _all_tasks, _current_tasks and the name counter live
 * there, shared with asyncio.tasks' Python functions.  Each is read
 * through a cache of where its name was (ls_dict_get_str_cached): every
 * task's creation reads the module, _all_tasks and the counter. */
static inline LsDict *
module_dict (LsVM *vm)
{
  LsModule *module = ls_value_module (ls_dict_get_str_cached (vm->modules, ls_asyncio_name (vm, LS_ASYNCIO_NAME_ASYNCIO),
                                                              &vm->asyncio_module_cache));

  return module != NULL ? module->dict : NULL;
}

static inline LsDict *
module_table (LsVM *vm, LsAsyncioName name, LsDictStrCache *cache)
{
  LsDict *dict = module_dict (vm);

  return dict != NULL ? ls_value_dict (ls_dict_get_str_cached (dict, ls_asyncio_name (vm, name), cache)) : NULL;
}

/* _current_tasks, read twice a step: the module keeps it, as
 * vm->asyncio_current_tasks */
static LsDict *
current_tasks (LsVM *vm)
{
  if (G_LIKELY (vm->asyncio_current_tasks != NULL))
    return vm->asyncio_current_tasks;
  {
    LsDictStrCache cache = { NULL, 0, 0 };

    return module_table (vm, LS_ASYNCIO_NAME_CURRENT_TASKS, &cache);
  }
}

/* Task-1, Task-2, ...: one counter for the whole program, as in CPython.
 * Once the counter is in the dict, its entry is rewritten in place: a new
 * value for a key that is there changes nothing else. */
static gint64
next_task_number (LsVM *vm)
{
  LsDict *dict = module_dict (vm);
  LsStr *key = vm->names[LS_NAME__task_name_counter];
  LsDictStrCache *cache = &vm->name_caches[LS_NAME__task_name_counter];
  LsValue count = ls_dict_get_str_cached (dict, key, cache);
  gint64 n = ls_is_int (count) ? count.i + 1 : 1;

  if (ls_is_int (count) && cache->dict == dict && cache->index >= 0 && !(dict->header.flags & LS_DICT_NAMESPACE))
    dict->entries[cache->index].value = ls_int (n);
  else
    ls_dict_set_str (vm, dict, key, ls_int (n));
  return n;
}

static gboolean
class_of (LsVM *vm, const char *module, const char *name, LsClass **out)
{
  LsValue cls;

  if (!ls_future_library_attr (vm, module, name, &cls))
    return FALSE;
  *out = ls_value_class (cls);
  if (*out == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s.%s is not a class", module, name);
  return TRUE;
}

static gboolean
is_cancelled_error (LsVM *vm, LsValue exc, gboolean *out)
{
  LsClass *cancelled;

  *out = FALSE;
  if (!ls_is_exception (exc))
    return TRUE;
  if (!class_of (vm, "asyncio.exceptions", "CancelledError", &cancelled))
    return FALSE;
  *out = ls_isinstance (vm, exc, cancelled);
  return TRUE;
}

/* vm->current_task_memo holds for `loop`: the dict's keys are as our
 * last enter or leave left them, so the loop's entry is where that put
 * it, or absent.  Only for a loop hashed by identity, whose hash cannot
 * change. */
static inline gboolean
memo_holds (LsVM *vm, LsDict *current, LsValue loop)
{
  const LsCurrentTaskMemo *memo = &vm->current_task_memo;

  return memo->dict == current && memo->version == current->keys_version && loop.tag == LS_TAG_OBJECT &&
         memo->loop == loop.o &&
         (loop.o->cls == vm->identity_hash_classes[0] || loop.o->cls == vm->identity_hash_classes[1]) &&
         vm->identity_hash_epoch == ls_class_epoch ();
}

/* _current_tasks.get(loop) as ls_dict_find, through the memo when it
 * holds. */
static gboolean
find_current (LsVM *vm, LsDict *current, LsValue loop, LsDictPosition *position, LsValue *running)
{
  if (memo_holds (vm, current, loop))
    {
      *position = vm->current_task_memo.position;
      *running = position->entry >= 0 ? current->entries[position->entry].value : LS_UNBOUND;
      return TRUE;
    }
  return ls_dict_find (vm, current, loop, position, running);
}

/* After a change of _current_tasks' keys for `loop`: the memo of where
 * its entry is now (`position`, entry -1 when deleted). */
static void
remember_current (LsVM *vm, LsDict *current, LsValue loop, const LsDictPosition *position, gboolean inserted)
{
  vm->current_task_memo.dict = current;
  vm->current_task_memo.version = ls_dict_keys_version (current);
  vm->current_task_memo.loop = loop.tag == LS_TAG_OBJECT ? loop.o : NULL;
  vm->current_task_memo.position = *position;
  vm->current_task_memo.inserted = inserted;
  vm->current_task_memo.parked = FALSE;
  vm->current_task_memo.other_version = 0;
}

/* The fast enter or leave changed the keys: back to the layout the dict
 * had before the last fast leave or enter (the same keys at the same
 * entries), so the version it had then, which no other layout has had
 * (a new one, ls_dict_keys_version_slow, was ~17 instructions twice a
 * step); a new one the first time. */
static inline void
swap_layout_version (LsCurrentTaskMemo *memo, LsDict *current)
{
  guint64 version = memo->other_version;

  memo->other_version = memo->version;
  if (version != 0)
    current->keys_version = version;
  else
    version = ls_dict_keys_version (current);
  memo->version = version;
}

/* _enter_task's insert when the last _leave_task took the loop's entry
 * out and nothing changed the keys since: the entry goes back where it
 * was, without a probe (ls_dict_put_back_last), and the memo follows
 * it.  Twice a step, enter and leave were ~200 instructions of a
 * sleep(0) through find, set_at and delete_at. */
static inline gboolean
enter_again (LsVM *vm, LsDict *current, LsValue loop, LsValue task)
{
  LsCurrentTaskMemo *memo = &vm->current_task_memo;

  if (!memo->parked || !memo_holds (vm, current, loop) || (current->header.flags & LS_DICT_NAMESPACE) ||
      !ls_dict_put_back_last (current, &memo->position, loop, task))
    return FALSE;
  swap_layout_version (memo, current);
  memo->inserted = TRUE;
  memo->parked = FALSE;
  return TRUE;
}

/* _leave_task's delete when the last _enter_task inserted the entry,
 * which is still the dict's last and still `task`: taken out, with the
 * memo kept to put it back (enter_again). */
static inline gboolean
leave_again (LsVM *vm, LsDict *current, LsValue loop, LsValue task)
{
  LsCurrentTaskMemo *memo = &vm->current_task_memo;
  LsDictEntry *entry;

  if (!memo->inserted || !memo_holds (vm, current, loop) || (current->header.flags & LS_DICT_NAMESPACE) ||
      memo->position.entry != (gssize) current->n_entries - 1)
    return FALSE;
  entry = &current->entries[memo->position.entry];
  if (entry->value.tag != LS_TAG_OBJECT || task.tag != LS_TAG_OBJECT || entry->value.o != task.o)
    return FALSE;
  ls_dict_delete_last_at (current, &memo->position);
  memo->position.entry = -1;
  swap_layout_version (memo, current);
  memo->inserted = FALSE;
  memo->parked = TRUE;
  return TRUE;
}

/* _enter_task(loop, task) */
/* inline: twice a task step (task_step), where the fast path is a few
 * tests; the natives below call it too */
static G_ALWAYS_INLINE inline gboolean
enter_task (LsVM *vm, LsValue loop, LsValue task)
{
  LsDict *current = current_tasks (vm);
  LsDictPosition position;
  LsValue running;
  LsStr *task_repr, *running_repr;
  gboolean inserted;

  if (current == NULL)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_asyncio is not loaded");
  if (enter_again (vm, current, loop, task))
    return TRUE;
  if (!find_current (vm, current, loop, &position, &running))
    return FALSE;
  /* any entry, None too, as _asyncio's enter_task (tasks.py's Python
   * version, which CPython does not use, lets None pass) */
  if (!ls_is_unbound (running))
    {
      if (!ls_repr (vm, task, &task_repr) || !ls_repr (vm, running, &running_repr))
        return FALSE;
      return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "Cannot enter into task %s while another task %s is being executed.",
                       task_repr->data, running_repr->data);
    }
  inserted = position.entry < 0;
  ls_dict_set_at (vm, current, &position, loop, task);
  remember_current (vm, current, loop, &position, inserted);
  return TRUE;
}

/* _leave_task(loop, task) */
/* inline, as enter_task */
static G_ALWAYS_INLINE inline gboolean
leave_task (LsVM *vm, LsValue loop, LsValue task)
{
  LsDict *current = current_tasks (vm);
  LsDictPosition position;
  LsValue running;
  LsStr *task_repr, *running_repr;

  if (current == NULL)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_asyncio is not loaded");
  if (leave_again (vm, current, loop, task))
    return TRUE;
  if (!find_current (vm, current, loop, &position, &running))
    return FALSE;
  if (ls_is_unbound (running) || !ls_future_value_is (running, task))
    {
      if (!ls_repr (vm, task, &task_repr) || !ls_repr (vm, ls_is_unbound (running) ? LS_NONE : running, &running_repr))
        return FALSE;
      return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "Leaving task %s does not match the current task %s.",
                       task_repr->data, running_repr->data);
    }
  ls_dict_delete_at (current, &position);
  position.entry = -1;
  remember_current (vm, current, loop, &position, FALSE);
  return TRUE;
}

static inline void remember_registry (LsVM *vm, LsDict *all);

/* ls_hash's answer for an instance of a class it last found hashing by
 * identity (its cache, still valid): the id, without the call.  FALSE
 * for anything else, which ls_hash itself then hashes. */
static inline gboolean
identity_hash_known (LsVM *vm, LsValue v, gint64 *hash)
{
  LsClass *cls;

  if (v.tag != LS_TAG_OBJECT || v.o->kind != LS_KIND_INSTANCE)
    return FALSE;
  cls = v.o->cls;
  if ((cls != vm->identity_hash_classes[0] && cls != vm->identity_hash_classes[1]) ||
      vm->identity_hash_epoch != ls_class_epoch ())
    return FALSE;
  *hash = ((LsInstance *) v.o)->id != 0 ? ((LsInstance *) v.o)->id : ls_object_id (vm, v.o);
  return TRUE;
}

/* _all_tasks[task] = None.  A new task is in no entry (its id is new),
 * so for one hashed by identity the insert needs no key compared: only
 * an entry with the same hash (the task itself, registered again, or a
 * key whose __hash__ says so) sends it through ls_dict_set. */
static gboolean
register_task (LsVM *vm, LsValue task)
{
  LsDict *all = module_table (vm, LS_ASYNCIO_NAME_ALL_TASKS, &vm->all_tasks_cache);
  gint64 hash;

  remember_registry (vm, all);
  if (all == NULL)
    return TRUE;
  if (identity_hash_known (vm, task, &hash) && ls_dict_insert_unless_hash_seen (vm, all, task, hash, LS_NONE))
    return TRUE;
  return ls_dict_set (vm, all, task, LS_NONE);
}

LsDict *
ls_task_registry (LsVM *vm)
{
  return module_table (vm, LS_ASYNCIO_NAME_ALL_TASKS, &vm->all_tasks_cache);
}

static gboolean
unregister_task (LsVM *vm, LsValue task)
{
  LsDict *all = module_table (vm, LS_ASYNCIO_NAME_ALL_TASKS, &vm->all_tasks_cache);
  gboolean found;
  gint64 hash;

  remember_registry (vm, all);
  if (all == NULL)
    return TRUE;
  /* as register_task: a key of the task's hash met before the task would
   * have its __eq__ asked (ls_dict_delete) */
  if (identity_hash_known (vm, task, &hash) && ls_dict_delete_identical (all, task, hash, &found))
    return TRUE;
  return ls_dict_delete (vm, all, task, &found);
}

/* Where _all_tasks' removal of the task will look first (a task hashes
 * by its id): a slot of an index of thousands, and then the entry it
 * names, out of the cache by the time the task ends (with 10,000 tasks,
 * ~2 % of tree's time was that removal waiting on memory).  The slot is
 * asked for before each step's coroutine runs, the entry when it has
 * returned, before the future's end is recorded and its callbacks
 * scheduled.  Only reads: a slot that is not the task's (another key
 * there first, an index grown meanwhile) costs nothing but the
 * prefetch. */
#define PREFETCH_MIN_REGISTRY_INDEX 4096
#define NO_REGISTRY_HINT G_MAXUINT64

/* The dict register_task or unregister_task last saw, when its index is
 * that large, kept with the class epoch: not looked up again at each
 * step (two dict caches were ~50 instructions), and alive while no
 * collection has run since (the epoch moves at each), usually still
 * _all_tasks.  A run of few tasks pays one test a step. */
static inline void
remember_registry (LsVM *vm, LsDict *all)
{
  if (all != NULL && all->index != NULL && all->index_size >= PREFETCH_MIN_REGISTRY_INDEX)
    {
      vm->registry_hint = all;
      vm->registry_hint_epoch = ls_class_epoch ();
    }
  else
    vm->registry_hint_epoch = NO_REGISTRY_HINT;
}

static inline LsDict *
registry_to_prefetch (LsVM *vm, LsTask *self)
{
  LsDict *all = vm->registry_hint;

  if (vm->registry_hint_epoch != ls_class_epoch () || all == NULL || all->index == NULL ||
      self->future.instance.id == 0)
    return NULL;
  return all;
}

/* Before a step's coroutine runs: the registry's slot, and the task's
 * first done callback (a gather's _done_callback, made long ago), whose
 * record its end writes first. */
static inline void
prefetch_task_end (LsVM *vm, LsTask *self)
{
  LsDict *all = registry_to_prefetch (vm, self);

  if (all == NULL)
    return;
  __builtin_prefetch (&all->index[(gsize) self->future.instance.id & (all->index_size - 1)]);
  if (self->future.callback0.tag == LS_TAG_OBJECT)
    {
      /* a function's __dict__, which the record asks for first, is on its
       * second line */
      __builtin_prefetch (self->future.callback0.o);
      __builtin_prefetch ((const char *) self->future.callback0.o + 64);
    }
}

static inline void
prefetch_registry_entry (LsVM *vm, LsTask *self)
{
  LsDict *all = registry_to_prefetch (vm, self);
  gint32 entry;

  if (all == NULL)
    return;
  entry = all->index[(gsize) self->future.instance.id & (all->index_size - 1)];
  if (entry >= 0 && (gsize) entry < all->n_entries)
    __builtin_prefetch (&all->entries[entry]);
}

/* _asyncio's own _enter_task, _leave_task, _register_task and
 * _unregister_task, which CPython's tasks.py binds over its Python
 * versions: the C enter refuses any entry for the loop, None included. */

NATIVE (enter_task_function)
{
  if (!ls_check_args (vm, "_enter_task", n_args, kwnames, 2, 2) || !enter_task (vm, args[0], args[1]))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (leave_task_function)
{
  if (!ls_check_args (vm, "_leave_task", n_args, kwnames, 2, 2) || !leave_task (vm, args[0], args[1]))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (register_task_function)
{
  if (!ls_check_args (vm, "_register_task", n_args, kwnames, 1, 1) || !register_task (vm, args[0]))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (unregister_task_function)
{
  if (!ls_check_args (vm, "_unregister_task", n_args, kwnames, 1, 1) || !unregister_task (vm, args[0]))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

void
ls_task_add_functions (LsVM     *vm,
                       LsModule *module)
{
  ls_module_add_function (vm, module, "_enter_task", enter_task_function);
  ls_module_add_function (vm, module, "_leave_task", leave_task_function);
  ls_module_add_function (vm, module, "_register_task", register_task_function);
  ls_module_add_function (vm, module, "_unregister_task", unregister_task_function);
}

/* --- calls into the loop ------------------------------------------------------ */

/* The callables the loop gets: Task.task_step and Task.task_wakeup bound
 * to the task, named as CPython's C task names them in reprs.  Each is
 * made once per task and kept (in `*slot`): a step or an await used to
 * allocate one, as CPython's C Task does, which nothing can tell apart but
 * `is` on a handle's _callback. */

static LsValue
bound_native (LsVM *vm, LsValue *slot, LsAsyncioName name, LsNativeFunc func, LsTask *self)
{
  LsNative *native;

  if (!ls_is_unbound (*slot))
    return *slot;
  native = ls_native_new_named (vm, ls_asyncio_name (vm, name), func);
  native->self = ls_obj (self);
  /* the trace's id of the task when it has one already (a wake-up's task
   * has had one since its TASK_CREATED): the wake-up's first
   * CALLBACK_SCHEDULED, when the future it waits on ends, long after,
   * then names the task without reading it (callback_name_of), and finds
   * the id id_of would have read.  None is taken here. */
  if (self->future.instance.id > 0 && self->future.instance.id <= G_MAXUINT32)
    native->self_id = (guint32) self->future.instance.id;
  *slot = ls_obj (native);
  return *slot;
}

/* loop.call_soon(self.__step[, exc], context=self._context).  A bare
 * yield (every sleep(0)) goes through ls_loop_call_soon_after_yield
 * instead, which writes its STEP_END record too. */
static G_GNUC_NO_INLINE gboolean
schedule_step (LsVM *vm, LsTask *self, LsValue exc)
{
  LsValue step = bound_native (vm, &self->step_callback, LS_ASYNCIO_NAME_TASK_STEP, ls_task_step_callback, self);

  return ls_loop_call_soon (vm, self->future.loop, step, &exc, ls_is_unbound (exc) ? 0 : 1, self->context);
}

/* A RuntimeError "<before><repr a><middle><repr b><after>" (b may be
 * LS_UNBOUND), handed to the next step to throw into the coroutine. */
static gboolean
schedule_step_error (LsVM *vm, LsTask *self, const char *before, LsValue a, const char *middle, LsValue b,
                     const char *after)
{
  g_autoptr (GString) message = g_string_new (before);
  LsValue arg, exc;

  if (!ls_repr_append (vm, a, message))
    return FALSE;
  g_string_append (message, middle);
  if (!ls_is_unbound (b) && !ls_repr_append (vm, b, message))
    return FALSE;
  g_string_append (message, after);
  arg = ls_obj (ls_str_new (vm, message->str, message->len));
  exc = ls_obj (ls_exception_new (vm, vm->exceptions[LS_EXC_RUNTIME_ERROR], ls_tuple_new_from (vm, &arg, 1)));
  return schedule_step (vm, self, exc);
}

/* --- the step ---------------------------------------------------------------- */

static void
step_end (LsVM *vm, LsTask *self, LsTraceOutcome outcome, LsValue arg)
{
  ls_trace_note_step_end (vm, ls_obj (self), self->coro, outcome, arg);
}

/* The coroutine awaited `result`, a future: wake up when it is done. */
static gboolean
await_future (LsVM *vm, LsTask *self, LsValue result)
{
  LsValue wakeup, key = ls_obj (ls_asyncio_name (vm, LS_ASYNCIO_NAME_CONTEXT)), out;
  LsValue call_args[2];
  LsFuture *future = ls_future_from_value (result);

  step_end (vm, self, LS_TRACE_OUTCOME_AWAIT, result);
  if (future != NULL && ls_future_blocking_is_field (vm, result))
    future->blocking = FALSE;
  else if (!ls_setattr (vm, result, ls_asyncio_name (vm, LS_ASYNCIO_NAME_BLOCKING), LS_FALSE))
    return FALSE;
  wakeup = bound_native (vm, &self->wakeup_callback, LS_ASYNCIO_NAME_TASK_WAKEUP, ls_task_wakeup_callback, self);
  if (ls_future_is_exact (vm, result) || is_exact_task (result) || ls_future_add_done_callback_is_native (vm, result))
    {
      if (!ls_future_add_callback (vm, result, wakeup, self->context))
        return FALSE;
    }
  else
    {
      call_args[0] = wakeup;
      call_args[1] = self->context;
      if (!ls_aux_call_method (vm, result, "add_done_callback", call_args, 1, ls_tuple_new_from (vm, &key, 1), &out))
        return FALSE;
    }
  self->fut_waiter = result;
  if (self->must_cancel)
    {
      gboolean truth;
      LsValue msg = or_none (self->future.cancel_message);

      if (!ls_aux_call_method (vm, self->fut_waiter, "cancel", &msg, 1, NULL, &out) || !ls_truthy (vm, out, &truth))
        return FALSE;
      if (truth)
        self->must_cancel = FALSE;
    }
  return TRUE;
}

/* getattr(result, '_asyncio_future_blocking', None) */
static gboolean
future_blocking (LsVM *vm, LsValue result, LsValue *out)
{
  LsFuture *future;
  gboolean found;

  /* a bare yield (sleep(0)): None has no attributes to look up */
  if (ls_is_none (result))
    {
      *out = LS_NONE;
      return TRUE;
    }
  future = ls_future_from_value (result);
  if (future != NULL && ls_future_blocking_is_field (vm, result))
    {
      *out = ls_bool (future->blocking);
      return TRUE;
    }
  if (!ls_getattr_opt (vm, result, ls_asyncio_name (vm, LS_ASYNCIO_NAME_BLOCKING), out, &found))
    return FALSE;
  if (!found)
    *out = LS_NONE;
  return TRUE;
}

/* Declines well before the interpreter's nesting limit (ls-vm.c's
 * MAX_C_DEPTH, 200), whose error the Python function then raises. */
#define GET_LOOP_C_DEPTH_MARGIN 150

/* futures._get_loop as the library defines it, when asyncio.futures is
 * loaded: LS_UNBOUND otherwise (then it is imported and looked up). */
static LsValue
library_get_loop (LsVM *vm)
{
  LsModule *module = ls_value_module (ls_dict_get_str_cached (vm->modules, vm->names[LS_NAME_asyncio_futures],
                                                              &vm->asyncio_futures_cache));
  LsValue function = module != NULL ? ls_dict_get_str_cached (module->dict,
                                                              ls_asyncio_name (vm, LS_ASYNCIO_NAME_GET_LOOP_FUNCTION),
                                                              &vm->get_loop_cache)
                                    : LS_UNBOUND;
  LsCode *code = ls_is_kind (function, LS_KIND_FUNCTION) ? ((LsFunction *) function.o)->code : NULL;

  if (code == NULL || code->filename == NULL || strcmp (code->name->data, "_get_loop") != 0 ||
      strcmp (code->filename->data, "asyncio.futures.py") != 0)
    return LS_UNBOUND;
  return function;
}

/* The loop of a yielded future: its field when it is exactly a C Future
 * or Task, else futures._get_loop(result). */
static gboolean
future_loop (LsVM *vm, LsValue result, LsValue *out)
{
  LsValue get_loop;

  if (ls_future_is_exact (vm, result) || is_exact_task (result))
    {
      *out = or_none (((LsFuture *) result.o)->loop);
      return TRUE;
    }
  /* a subclass of the C Future (gather's _GatheringFuture): the library's
   * _get_loop would return fut.get_loop(), the field, running nothing
   * else; the call's checks and step are made as ls_call makes them, and
   * the bound method its frame makes is made too (the heap grows as it
   * did, so collections come where they came) */
  if (ls_future_get_loop_is_native (vm, result) && vm->depth + 1 < vm->recursion_limit &&
      vm->c_depth < GET_LOOP_C_DEPTH_MARGIN && !ls_is_unbound (library_get_loop (vm)))
    {
      if (!ls_vm_native_step (vm) ||
          !ls_getattr (vm, result, ls_asyncio_name (vm, LS_ASYNCIO_NAME_GET_LOOP), &get_loop))
        return FALSE;
      *out = ((LsFuture *) result.o)->loop;
      return TRUE;
    }
  if (!ls_future_library_attr (vm, "asyncio.futures", "_get_loop", &get_loop))
    return FALSE;
  return ls_call (vm, get_loop, &result, 1, NULL, out);
}

/* The coroutine yielded `result`: a future it awaits, a bare yield (None),
 * or a mistake, which the next step throws into it. */
static gboolean
step_yielded (LsVM *vm, LsTask *self, LsValue result)
{
  LsValue blocking, result_loop;
  gboolean truth;

  if (!future_blocking (vm, result, &blocking))
    return FALSE;
  if (!ls_is_none (blocking))
    {
      if (!future_loop (vm, result, &result_loop))
        return FALSE;
      if (!ls_future_value_is (result_loop, self->future.loop))
        {
          step_end (vm, self, LS_TRACE_OUTCOME_YIELD, LS_NONE);
          return schedule_step_error (vm, self, "Task ", ls_obj (self), " got Future ", result,
                                      " attached to a different loop");
        }
      if (!ls_truthy (vm, blocking, &truth))
        return FALSE;
      if (!truth)
        {
          step_end (vm, self, LS_TRACE_OUTCOME_YIELD, LS_NONE);
          return schedule_step_error (vm, self, "yield was used instead of yield from in task ",
                                      ls_obj (self), " with ", result, "");
        }
      if (ls_future_value_is (result, ls_obj (self)))
        {
          step_end (vm, self, LS_TRACE_OUTCOME_YIELD, LS_NONE);
          return schedule_step_error (vm, self, "Task cannot await on itself: ", ls_obj (self), "", LS_UNBOUND, "");
        }
      return await_future (vm, self, result);
    }
  if (ls_is_none (result))
    {
      bound_native (vm, &self->step_callback, LS_ASYNCIO_NAME_TASK_STEP, ls_task_step_callback, self);
      return ls_loop_call_soon_after_yield (vm, self);
    }
  ls_trace_note_step_yielded (vm, ls_obj (self), self->coro);
  if (ls_is_kind (result, LS_KIND_GENERATOR) && !((LsGenerator *) result.o)->is_coroutine)
    return schedule_step_error (vm, self, "yield was used instead of yield from for generator in task ",
                                ls_obj (self), " with ", result, "");
  return schedule_step_error (vm, self, "Task got bad yield: ", result, "", LS_UNBOUND, "");
}

/* The coroutine returned `value`. */
static gboolean
step_returned (LsVM *vm, LsTask *self, LsValue value)
{
  LsValue task = ls_obj (self);
  gboolean cancelled;

  prefetch_registry_entry (vm, self);
  if (self->must_cancel)
    {
      /* cancelled right before the coroutine returned */
      self->must_cancel = FALSE;
      step_end (vm, self, LS_TRACE_OUTCOME_CANCELLED, LS_NONE);
      if (!ls_future_finish_cancel (vm, task, or_none (self->future.cancel_message), &cancelled))
        return FALSE;
    }
  else
    {
      step_end (vm, self, LS_TRACE_OUTCOME_RETURN, LS_NONE);
      if (!ls_future_finish_result (vm, task, value))
        return FALSE;
    }
  return unregister_task (vm, task);
}

/* The coroutine raised `exc` (not a stop of the run). */
static gboolean
step_raised (LsVM *vm, LsTask *self, LsValue exc)
{
  LsValue task = ls_obj (self);
  gboolean is_cancel, propagate, cancelled;

  if (!is_cancelled_error (vm, exc, &is_cancel))
    return FALSE;
  if (is_cancel)
    {
      /* kept to chain it to the CancelledError that awaiters get */
      self->future.cancelled_exc = exc;
      step_end (vm, self, LS_TRACE_OUTCOME_CANCELLED, LS_NONE);
      return ls_future_finish_cancel (vm, task, LS_NONE, &cancelled) && unregister_task (vm, task);
    }
  if (ls_isinstance (vm, exc, vm->deadlock_class))
    return ls_raise_value (vm, exc);
  propagate = ls_isinstance (vm, exc, vm->exceptions[LS_EXC_SYSTEM_EXIT]) ||
              ls_isinstance (vm, exc, vm->exceptions[LS_EXC_KEYBOARD_INTERRUPT]);
  step_end (vm, self, LS_TRACE_OUTCOME_RAISE, exc);
  if (!ls_future_finish_exception (vm, task, exc) || !unregister_task (vm, task))
    return FALSE;
  return propagate ? ls_raise_value (vm, exc) : TRUE;
}

/* Sends None or throws `exc` into the coroutine and acts on the outcome:
 * the body of the Python version's try/except/else.  `run_handle`: the
 * handle whose CALLBACK_RUN record is still to be written, right before
 * the step's STEP_START (task_step_rooted), or NULL. */
static gboolean
step_run (LsVM *vm, LsTask *self, LsValue exc, LsInstance *run_handle)
{
  LsGenerator *coro = ls_value_generator (self->coro);
  LsResumeResult status;
  LsValue out;
  gboolean is_cancel, ok;

  if (run_handle != NULL)
    ls_trace_note_callback_run_step_start (vm, run_handle, self);
  else
    ls_trace_note_step_start (vm, ls_obj (self));
  if (coro == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "a coroutine was expected");
  prefetch_task_end (vm, self);
  if (ls_is_unbound (exc) || ls_is_none (exc))
    status = ls_generator_send (vm, coro, LS_NONE, &out);
  else
    {
      if (!is_cancelled_error (vm, exc, &is_cancel))
        return FALSE;
      if (is_cancel)
        ls_trace_note_cancel_delivered (vm, ls_obj (self), self->coro);
      status = ls_generator_throw (vm, coro, exc, &out);
    }
  switch (status)
    {
    case LS_RESUME_RETURNED:
      return step_returned (vm, self, out);
    case LS_RESUME_YIELDED:
      ls_vm_push_root (vm, out);
      ok = step_yielded (vm, self, out);
      ls_vm_pop_roots (vm, 1);
      return ok;
    case LS_RESUME_RAISED:
    default:
      if (stopped (vm))
        return FALSE;
      out = vm->raised;
      vm->raised = LS_UNBOUND;
      ls_vm_push_root (vm, out);
      ok = step_raised (vm, self, out);
      ls_vm_pop_roots (vm, 1);
      return ok;
    }
}

/* Before the coroutine runs: a step of a finished task is a bug; a
 * pending cancellation turns into the CancelledError thrown in. */
static gboolean
step_prepare (LsVM *vm, LsTask *self, LsValue *exc)
{
  gboolean is_cancel;

  if (self->future.state != LS_FUTURE_PENDING)
    {
      LsStr *task_repr, *exc_repr;
      LsValue arg, error, cls;

      if (!ls_repr (vm, ls_obj (self), &task_repr) || !ls_repr (vm, or_none (*exc), &exc_repr) ||
          !ls_future_library_attr (vm, "asyncio.exceptions", "InvalidStateError", &cls))
        return FALSE;
      {
        g_autofree char *message = g_strdup_printf ("_step(): already done: %s, %s", task_repr->data, exc_repr->data);
        arg = ls_obj (ls_str_new_cstr (vm, message));
      }
      if (!ls_call (vm, cls, &arg, 1, NULL, &error))
        return FALSE;
      return ls_raise_value (vm, error);
    }
  if (self->must_cancel)
    {
      if (!is_cancelled_error (vm, or_none (*exc), &is_cancel))
        return FALSE;
      if (!is_cancel && !ls_future_make_cancelled_error (vm, &self->future, exc))
        return FALSE;
      self->must_cancel = FALSE;
    }
  return TRUE;
}

/* What comes between the loop's CALLBACK_RUN of a step (`run_handle`)
 * and the step's STEP_START when nothing there can write a record: the
 * step needs no preparing (step_prepare would do nothing) and
 * _enter_task takes its fast path, which it has then taken.  Else FALSE,
 * with nothing changed. */
static inline gboolean
enter_quietly (LsVM *vm, LsTask *self)
{
  LsDict *current;

  return self->future.state == LS_FUTURE_PENDING && !self->must_cancel && (current = current_tasks (vm)) != NULL &&
         enter_again (vm, current, self->future.loop, ls_obj (self));
}

/* The step with the task rooted, and a second root at `slot` (in
 * vm->roots) for the exception thrown in, then for the one pending over
 * _leave_task: one slot for both, and no push and pop each.
 * `run_handle`: the handle that runs the step from the loop, whose
 * CALLBACK_RUN record is still to be written (ls_handle_run_recorded), or
 * NULL: it goes with STEP_START where nothing comes between them
 * (enter_quietly), else it is written first. */
static gboolean
task_step_rooted (LsVM *vm, LsTask *self, LsValue exc, guint slot, LsInstance *run_handle)
{
  LsValue task = ls_obj (self), loop, raised;
  gboolean ok, entered = FALSE;

  if (run_handle != NULL && !(entered = enter_quietly (vm, self)))
    {
      ls_trace_note_callback_run (vm, ls_obj (run_handle));
      run_handle = NULL;
    }
  if (!entered && !step_prepare (vm, self, &exc))
    return FALSE;
  ls_value_store (&vm->roots->items[slot], exc);
  self->fut_waiter = LS_NONE;
  loop = self->future.loop;
  if (!entered && !enter_task (vm, loop, task))
    return FALSE;
  ok = step_run (vm, self, exc, run_handle);
  if (!ok && stopped (vm))
    return FALSE;
  if (!ok && ls_is_unbound (vm->raised))
    return FALSE;
  /* finally: _leave_task(self._loop, self), whose error wins */
  raised = vm->raised;
  vm->raised = LS_UNBOUND;
  ls_value_store (&vm->roots->items[slot], raised);
  if (!leave_task (vm, loop, task))
    ok = FALSE;
  else if (!ok)
    vm->raised = raised;
  return ok;
}

/* ls_vm_push_root of the task and of `exc`, with one test of the room
 * for both */
static inline void
push_task_roots (LsVM *vm, LsTask *self, LsValue exc)
{
  LsRootStack *roots = vm->roots;

  if (G_LIKELY (roots->capacity - roots->len >= 2))
    {
      roots->items[roots->len] = ls_obj (self);
      roots->items[roots->len + 1] = exc;
      roots->len += 2;
      return;
    }
  ls_vm_push_root (vm, ls_obj (self));
  ls_vm_push_root (vm, exc);
}

static gboolean
task_step (LsVM *vm, LsTask *self, LsValue exc, LsInstance *run_handle)
{
  gboolean ok;

  push_task_roots (vm, self, exc);
  ok = task_step_rooted (vm, self, exc, vm->roots->len - 1, run_handle);
  ls_vm_pop_roots (vm, 2);
  return ok;
}

/* The future the task waited on is done: step with its outcome.
 * `run_handle` as for task_step: its CALLBACK_RUN record goes with the
 * step's start when nothing comes between them (the C Future's result,
 * a value), else it is written first. */
static gboolean
task_wakeup (LsVM *vm, LsTask *self, LsValue future, LsInstance *run_handle)
{
  LsValue value, exc;
  gboolean ok;

  if (ls_future_is_exact (vm, future) || is_exact_task (future) || ls_future_result_is_native (vm, future))
    {
      LsFuture *done = (LsFuture *) future.o;

      if (run_handle != NULL && (done->state != LS_FUTURE_FINISHED || !ls_is_unbound (done->exception)))
        {
          ls_trace_note_callback_run (vm, ls_obj (run_handle));
          run_handle = NULL;
        }
      ok = ls_future_get_result (vm, done, &value);
    }
  else
    {
      if (run_handle != NULL)
        ls_trace_note_callback_run (vm, ls_obj (run_handle));
      run_handle = NULL;
      ok = ls_aux_call_method (vm, future, "result", NULL, 0, NULL, &value);
    }
  if (ok)
    return task_step (vm, self, LS_UNBOUND, run_handle);
  if (stopped (vm))
    return FALSE;
  exc = vm->raised;
  if (ls_isinstance (vm, exc, vm->deadlock_class))
    return FALSE;
  vm->raised = LS_UNBOUND;
  ls_vm_push_root (vm, exc);
  ok = task_step (vm, self, exc, NULL);
  ls_vm_pop_roots (vm, 1);
  return ok;
}

/* --- Python-visible methods ------------------------------------------------- */

static LsTask *
task_self (LsVM *vm, const LsValue *args, guint n_args, const char *method)
{
  LsTask *self = n_args >= 1 ? ls_task_from_value (args[0]) : NULL;

  if (self == NULL)
    ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' for '_asyncio.Task' objects doesn't apply to a '%s' object",
              method, n_args >= 1 ? ls_type_name (vm, args[0]) : "NoneType");
  return self;
}

#define PROLOGUE(method, min, max) \
  LsTask *self = task_self (vm, args, n_args, method); \
  if (self == NULL || !ls_check_args (vm, method, n_args - 1, kwnames, (min), (max))) \
    return FALSE

/* Exactly what the loop hands the bound step: a task (its class has the
 * Task layout itself, not through a base) and at most the exception,
 * no keywords, which task_self and ls_check_args would accept without a
 * word.  Their calls were a tenth of a task step's own cost. */
static inline gboolean
is_plain_task_call (const LsValue *args, guint n_args, LsTuple *kwnames)
{
  return G_LIKELY (n_args >= 1 && n_args <= 2 && kwnames == NULL && args[0].tag == LS_TAG_OBJECT &&
                   args[0].o->kind == LS_KIND_INSTANCE && args[0].o->cls->layout == &ls_task_layout);
}

/* Task.task_step([exc]) as the loop calls it */
gboolean
ls_task_step_callback (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  if (is_plain_task_call (args, n_args, kwnames))
    {
      *result = LS_NONE;
      return task_step (vm, (LsTask *) args[0].o, n_args > 1 ? args[1] : LS_UNBOUND, NULL);
    }
  {
    PROLOGUE ("task_step", 0, 1);
    *result = LS_NONE;
    return task_step (vm, self, n_args > 1 ? args[1] : LS_UNBOUND, NULL);
  }
}

/* ls_task_run_callback for anything but a task's step run as the loop
 * runs it: out of line, so that the step's path saves no registers for
 * it. */
static G_GNUC_NO_INLINE gboolean
run_other_callback (LsVM *vm, LsValue callback, const LsValue *args, guint n_args, LsInstance *run_handle)
{
  LsNative *native = (LsNative *) callback.o;
  LsObject *saved_entry = vm->native_entry;
  LsValue all[3], ignored;
  gboolean ok;

  /* a task's wake-up, whose record can go with its step's start */
  gboolean wakeup = native->func == ls_task_wakeup_callback && n_args == 1 &&
                    is_plain_task_call (&native->self, 1, NULL) && vm->native_depth < LS_VM_MAX_NATIVE_DEPTH;

  if (run_handle != NULL && !wakeup)
    ls_trace_note_callback_run (vm, ls_obj (run_handle));
  /* a native without its task bound goes as any call */
  if (G_UNLIKELY (n_args > 2 || ls_is_unbound (native->self) || vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH))
    return ls_call (vm, callback, args, n_args, NULL, &ignored);
  vm->native_depth++;
  vm->native_entry = vm->objects;
  if (wakeup)
    ok = task_wakeup (vm, (LsTask *) native->self.o, args[0], run_handle);
  else if (native->func == ls_task_step_callback && n_args <= 1 && is_plain_task_call (&native->self, 1, NULL))
    ok = task_step (vm, (LsTask *) native->self.o, n_args > 0 ? args[0] : LS_UNBOUND, NULL);
  else
    {
      all[0] = native->self;
      for (guint i = 0; i < n_args; i++)
        all[i + 1] = args[i];
      ok = native->func (vm, all, n_args + 1, NULL, &ignored);
    }
  vm->native_entry = saved_entry;
  vm->native_depth--;
  return ok;
}

/* handle._run() for a task's bound step or wake-up: what ls_call does
 * for a bound native (the depth check and count, the pin mark), with the
 * task and the handle's arguments put together on the stack here rather
 * than through ls_call's dispatch and call_native's copy: once a step.
 * `run_handle`: the handle whose CALLBACK_RUN record is still to be
 * written (ls_handle_run_recorded), or NULL; a task's step writes it
 * (task_step_rooted), anything else first (run_other_callback). */
gboolean
ls_task_run_callback (LsVM *vm, LsValue callback, const LsValue *args, guint n_args, LsInstance *run_handle)
{
  LsNative *native = (LsNative *) callback.o;
  LsObject *saved_entry;
  gboolean ok;

  /* the step of a task (ls_task_step_callback's own first test, which
   * needs its task bound), its arguments not put together */
  if (G_UNLIKELY (native->func != ls_task_step_callback || n_args > 1 ||
                  !is_plain_task_call (&native->self, 1, NULL) || vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH))
    return run_other_callback (vm, callback, args, n_args, run_handle);
  saved_entry = vm->native_entry;
  vm->native_depth++;
  vm->native_entry = vm->objects;
  ok = task_step (vm, (LsTask *) native->self.o, n_args > 0 ? args[0] : LS_UNBOUND, run_handle);
  vm->native_entry = saved_entry;
  vm->native_depth--;
  return ok;
}

/* Task.task_wakeup(future) */
gboolean
ls_task_wakeup_callback (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  if (n_args == 2 && is_plain_task_call (args, n_args, kwnames))
    {
      *result = LS_NONE;
      return task_wakeup (vm, (LsTask *) args[0].o, args[1], NULL);
    }
  {
    PROLOGUE ("task_wakeup", 1, 1);
    *result = LS_NONE;
    return task_wakeup (vm, self, args[1], NULL);
  }
}


/* "Task-<n>", written by hand from the end of the buffer backwards:
 * g_snprintf was a sixth of making a task */
static const char DIGIT_PAIRS[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static LsStr *
task_number_name (LsVM *vm, gint64 number)
{
  char text[32];
  char *end = text + sizeof text, *p = end;
  guint64 value = number < 0 ? -(guint64) number : (guint64) number;

  /* two digits a division, the most instructions a name took */
  while (value >= 100)
    {
      guint pair = (guint) (value % 100);

      value /= 100;
      p -= 2;
      memcpy (p, DIGIT_PAIRS + 2 * pair, 2);
    }
  if (value >= 10)
    {
      p -= 2;
      memcpy (p, DIGIT_PAIRS + 2 * value, 2);
    }
  else
    *--p = (char) ('0' + value);
  if (number < 0)
    *--p = '-';
  p -= 5;
  memcpy (p, "Task-", 5);
  return ls_str_new_ascii (vm, p, (gsize) (end - p));
}

static gboolean
task_init (LsVM *vm, LsTask *self, LsValue coro, LsValue loop, LsValue name, LsValue context)
{
  LsValue task = ls_obj (self);
  LsStr *coro_repr, *name_str;
  gint64 number = -1;

  self->log_destroy_pending = TRUE;
  if (!ls_future_init (vm, task, loop))
    return FALSE;
  if (ls_value_generator (coro) == NULL)
    {
      if (!ls_setattr (vm, task, ls_str_intern_cstr (vm, "_log_destroy_pending"), LS_FALSE) ||
          !ls_repr (vm, coro, &coro_repr))
        return FALSE;
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "a coroutine was expected, got %s", coro_repr->data);
    }
  if (ls_is_none (name))
    {
      number = next_task_number (vm);
      name = ls_obj (task_number_name (vm, number));
    }
  else if (!ls_str (vm, name, &name_str))
    return FALSE;
  else
    name = ls_obj (name_str);
  self->name = name;
  self->num_cancels_requested = 0;
  self->must_cancel = FALSE;
  self->fut_waiter = LS_NONE;
  self->coro = coro;
  self->context = context;
  if (!schedule_step (vm, self, LS_UNBOUND) || !register_task (vm, task))
    return FALSE;
  ls_trace_note_task_created (vm, task, coro, name, number);
  return TRUE;
}

/* Task(coro, *, loop=None, name=None, context=None) */
NATIVE (task_dunder_init)
{
  static const char *const names[] = { "loop", "name", "context" };
  LsValue values[3] = { LS_NONE, LS_NONE, LS_NONE };
  LsTask *self = task_self (vm, args, n_args, "__init__");

  if (self == NULL)
    return FALSE;
  if (n_args != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Task.__init__() takes 2 positional arguments but %u were given", n_args);
  if (!ls_aux_kwargs (vm, "Task", args, n_args, kwnames, names, values, 3))
    return FALSE;
  *result = LS_NONE;
  return task_init (vm, self, args[1], values[0], values[1], values[2]);
}

gboolean
ls_task_class_is_plain (LsVM    *vm,
                        LsClass *cls)
{
  LsValue init, new_fn, is_task, object_new;

  if (cls->layout != &ls_task_layout || cls->base == NULL || cls->base->layout != &ls_future_layout ||
      cls->base->base == NULL || cls->base->base->base != NULL)
    return FALSE;
  init = ls_class_lookup (cls, vm->names[LS_NAME___init__]);
  new_fn = ls_class_lookup (cls, vm->names[LS_NAME___new__]);
  object_new = ls_dict_get_str (vm->types[LS_TYPE_OBJECT]->dict, vm->names[LS_NAME___new__]);
  is_task = ls_class_lookup (cls, ls_asyncio_name (vm, LS_ASYNCIO_NAME_IS_TASK));
  return ls_is_kind (init, LS_KIND_NATIVE) && ((LsNative *) init.o)->func == task_dunder_init &&
         (ls_is_unbound (new_fn) || (!ls_is_unbound (object_new) && new_fn.o == object_new.o)) &&
         ls_is_bool (is_task) && is_task.b;
}

/* construct()'s work (ls-vm.c) for such a class: the instance, rooted
 * while __init__ runs */
gboolean
ls_task_new_plain (LsVM    *vm,
                   LsClass *cls,
                   LsValue  coro,
                   LsValue  loop,
                   LsValue *out)
{
  LsValue task = ls_obj (ls_instance_new (vm, cls));
  gboolean ok;

  ls_vm_push_root (vm, task);
  ok = task_init (vm, (LsTask *) task.o, coro, loop, LS_NONE, LS_NONE);
  ls_vm_pop_roots (vm, 1);
  *out = task;
  return ok;
}

NATIVE (task_dunder_repr)
{
  LsValue func;

  PROLOGUE ("__repr__", 0, 0);
  if (!ls_future_library_attr (vm, "asyncio.tasks", "_task_repr", &func))
    return FALSE;
  return ls_call (vm, func, args, 1, NULL, result);
}

NATIVE (task_get_coro)
{
  PROLOGUE ("get_coro", 0, 0);
  *result = or_none (self->coro);
  return TRUE;
}

NATIVE (task_get_name)
{
  PROLOGUE ("get_name", 0, 0);
  *result = or_none (self->name);
  return TRUE;
}

NATIVE (task_set_name)
{
  LsStr *name;

  PROLOGUE ("set_name", 1, 1);
  if (!ls_str (vm, args[1], &name))
    return FALSE;
  self->name = ls_obj (name);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (task_set_result)
{
  PROLOGUE ("set_result", 1, 1);
  return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "Task does not support set_result operation");
}

NATIVE (task_set_exception)
{
  PROLOGUE ("set_exception", 1, 1);
  return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "Task does not support set_exception operation");
}

/* get_stack(*, limit=None): the VM keeps no frames to show */
NATIVE (task_get_stack)
{
  static const char *const names[] = { "limit" };
  LsValue limit = LS_NONE;
  LsTask *self = task_self (vm, args, n_args, "get_stack");

  if (self == NULL || !ls_aux_arity (vm, "get_stack", n_args - 1, 0, 0) ||
      !ls_aux_kwargs (vm, "get_stack", args, n_args, kwnames, names, &limit, 1))
    return FALSE;
  *result = ls_obj (ls_list_new (vm, 0));
  return TRUE;
}

/* print_stack(*, limit=None, file=None) */
NATIVE (task_print_stack)
{
  static const char *const names[] = { "limit", "file" };
  LsValue values[2] = { LS_NONE, LS_NONE }, print, text, key, out;
  LsValue call_args[2];
  LsStr *task_repr;
  LsTask *self = task_self (vm, args, n_args, "print_stack");

  if (self == NULL || !ls_aux_arity (vm, "print_stack", n_args - 1, 0, 0) ||
      !ls_aux_kwargs (vm, "print_stack", args, n_args, kwnames, names, values, 2) ||
      !ls_repr (vm, args[0], &task_repr))
    return FALSE;
  {
    g_autofree char *message = g_strdup_printf ("No stack for %s", task_repr->data);
    text = ls_obj (ls_str_new_cstr (vm, message));
  }
  print = ls_dict_get_str (vm->builtins, ls_str_intern_cstr (vm, "print"));
  key = ls_obj (ls_str_intern_cstr (vm, "file"));
  call_args[0] = text;
  call_args[1] = values[1];
  *result = LS_NONE;
  return ls_call (vm, print, call_args, 1, ls_tuple_new_from (vm, &key, 1), &out);
}

/* cancel(msg=None): the waited-on future is cancelled, or the next step
 * throws a CancelledError in. */
NATIVE (task_cancel)
{
  static const char *const names[] = { "msg" };
  LsValue msg = LS_NONE, out;
  gboolean truth;
  LsTask *self = task_self (vm, args, n_args, "cancel");

  if (self == NULL || !ls_aux_arity (vm, "cancel", n_args - 1, 0, 1))
    return FALSE;
  if (n_args > 1)
    msg = args[1];
  if (!ls_aux_kwargs (vm, "cancel", args, n_args, kwnames, names, &msg, 1))
    return FALSE;
  self->future.log_traceback = FALSE;
  *result = LS_FALSE;
  if (self->future.state != LS_FUTURE_PENDING)
    return TRUE;
  self->num_cancels_requested++;
  ls_trace_note_cancel_requested (vm, args[0], msg);
  *result = LS_TRUE;
  if (!ls_is_none (self->fut_waiter) && !ls_is_unbound (self->fut_waiter))
    {
      /* positional, as the C task passes it; _fut_waiter stays: it may be
       * a task that swallows the cancellation */
      if (!ls_aux_call_method (vm, self->fut_waiter, "cancel", &msg, 1, NULL, &out) || !ls_truthy (vm, out, &truth))
        return FALSE;
      if (truth)
        return TRUE;
    }
  self->must_cancel = TRUE;
  self->future.cancel_message = msg;
  return TRUE;
}

NATIVE (task_cancelling)
{
  PROLOGUE ("cancelling", 0, 0);
  *result = ls_int (self->num_cancels_requested);
  return TRUE;
}

NATIVE (task_uncancel)
{
  PROLOGUE ("uncancel", 0, 0);
  if (self->num_cancels_requested > 0)
    self->num_cancels_requested--;
  *result = ls_int (self->num_cancels_requested);
  return TRUE;
}

/* --- data attributes ----------------------------------------------------------- */

#define FIELD_GETTER(fname, expr) \
  NATIVE (fname) \
  { \
    LsTask *self = task_self (vm, args, n_args, #fname); \
    if (self == NULL) \
      return FALSE; \
    *result = (expr); \
    return TRUE; \
  }

FIELD_GETTER (get_coro, or_none (self->coro))
FIELD_GETTER (get_fut_waiter, or_none (self->fut_waiter))
FIELD_GETTER (get_must_cancel, ls_bool (self->must_cancel))
FIELD_GETTER (get_name, or_none (self->name))
FIELD_GETTER (get_context, or_none (self->context))
FIELD_GETTER (get_num_cancels_requested, ls_int (self->num_cancels_requested))
FIELD_GETTER (get_log_destroy_pending, ls_bool (self->log_destroy_pending))

/* A field, as in CPython's C Task (a bool of the value's truth): gather
 * sets it to False on each child, which made each an instance dict. */
NATIVE (set_log_destroy_pending)
{
  LsTask *self = task_self (vm, args, n_args, "_log_destroy_pending");
  gboolean truth;

  if (self == NULL || !ls_check_args (vm, "_log_destroy_pending", n_args, kwnames, 2, 2) ||
      !ls_truthy (vm, args[1], &truth))
    return FALSE;
  self->log_destroy_pending = truth;
  *result = LS_NONE;
  return TRUE;
}

gboolean
ls_task_is_log_destroy_pending_setter (LsValue setter)
{
  return ls_is_kind (setter, LS_KIND_NATIVE) && ((LsNative *) setter.o)->func == set_log_destroy_pending;
}

LsClass *
ls_task_class_new (LsVM    *vm,
                   LsClass *future_class)
{
  static const LsAuxMethod methods[] = {
    { "__init__", task_dunder_init },
    { "__repr__", task_dunder_repr },
    { "get_coro", task_get_coro },
    { "get_name", task_get_name },
    { "set_name", task_set_name },
    { "set_result", task_set_result },
    { "set_exception", task_set_exception },
    { "get_stack", task_get_stack },
    { "print_stack", task_print_stack },
    { "cancel", task_cancel },
    { "cancelling", task_cancelling },
    { "uncancel", task_uncancel },
  };
  LsClass *cls = ls_class_new (vm, "Task", future_class, "_asyncio");

  cls->layout = &ls_task_layout;
  LS_AUX_ADD_METHODS (vm, cls, methods);
  ls_future_add_field (vm, cls, "_coro", get_coro, NULL);
  ls_future_add_field (vm, cls, "_fut_waiter", get_fut_waiter, NULL);
  ls_future_add_field (vm, cls, "_must_cancel", get_must_cancel, NULL);
  ls_future_add_field (vm, cls, "_name", get_name, NULL);
  ls_future_add_field (vm, cls, "_context", get_context, NULL);
  ls_future_add_field (vm, cls, "_num_cancels_requested", get_num_cancels_requested, NULL);
  /* tasks report themselves with task records, not future ones */
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, "_is_task"), LS_TRUE);
  ls_future_add_field (vm, cls, "_log_destroy_pending", get_log_destroy_pending, set_log_destroy_pending);
  return cls;
}
