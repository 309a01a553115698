/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-ensure-future.c — asyncio.tasks._ensure_future's usual case
 * in C (see ls-asyncio-ensure-future.h).
 *
 * For a coroutine object the Python functions run
 *
 *     _ensure_future(coro, loop=loop)            # asyncio.tasks
 *       futures.isfuture is _py_isfuture and coroutines.iscoroutine is
 *       _iscoroutine and _coroutine_skips_checks(coro)
 *       loop = events._get_event_loop(stacklevel=4)   # when loop is None
 *         _get_running_loop()
 *       loop.create_task(coro)                   # asyncio.base_events
 *         self._check_closed()
 *         tasks.Task(coro, loop=self, name=None, context=None)
 *
 * and nothing on that way can raise or run scenario code when every name
 * is the library's, the loop is open, not in debug mode and has no task
 * factory, and a running loop is found: then the task is made here, with
 * what those frames charged (an instruction and a recursion check per
 * Python call, two for _coroutine_skips_checks).  The frames are no
 * heap and allocate nothing before the task, so the heap grows by the
 * same bytes; their safe points come first, so when a collection is due
 * the Python function runs and collects where it did (the collections,
 * and so where a memory limit is met, stay where they were).  Anything
 * else calls the Python function too, whose frames an error then shows.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-asyncio-ensure-future.h"

#include "ls-asyncio-loop.h"
#include "ls-asyncio-task.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-generator.h"
#include "ls-ops.h"
#include "ls-vm-private.h"

/* The names the fast path reads, each through a cache of its own. */
typedef enum
{
  NAME_FUTURES,            /* in asyncio.tasks */
  NAME_COROUTINES,
  NAME_EVENTS,
  NAME_PY_ISFUTURE,
  NAME_ISCOROUTINE_PRIVATE,
  NAME_SKIPS_CHECKS,
  NAME_ISFUTURE,           /* in asyncio.futures */
  NAME_ISCOROUTINE,        /* in asyncio.coroutines */
  NAME_GET_EVENT_LOOP,     /* in asyncio.events */
  NAME_GET_RUNNING_LOOP,
  NAME_CREATE_TASK,        /* in the loop's instance dict */
  NAME_CHECK_CLOSED,
  NAME_TASK_FACTORY,
  NAME_TASKS,              /* in asyncio.base_events */
  NAME_TASK,               /* in asyncio.tasks, read through base_events' `tasks` */
  N_NAMES
} EnsureFutureName;

static const char *const name_texts[N_NAMES] = {
  "futures", "coroutines", "events", "_py_isfuture", "_iscoroutine", "_coroutine_skips_checks",
  "isfuture", "iscoroutine", "_get_event_loop", "_get_running_loop",
  "create_task", "_check_closed", "_task_factory", "tasks", "Task",
};

typedef struct _LsEnsureFutureState
{
  LsExtension        header;
  LsValue            original;        /* the Python _ensure_future */
  LsValue            skips_checks;    /* _asyncio._coroutine_skips_checks */
  LsValue            create_task;     /* BaseEventLoop.create_task, a Python function */
  LsValue            check_closed;    /* BaseEventLoop._check_closed, likewise */
  LsValue            get_event_loop;  /* asyncio.events._get_event_loop, likewise */
  LsValue            get_running_loop; /* the _get_running_loop it calls: a native */
  LsDict            *tasks_globals;
  LsStr             *names[N_NAMES];
  LsDictStrCache     caches[N_NAMES];
  LsClassLookupCache create_task_lookup;
  LsClassLookupCache check_closed_lookup;
  /* ls_task_class_is_plain's answer for task_class at this class epoch */
  const LsClass     *task_class;
  guint64            task_class_epoch;
  gboolean           task_class_plain;
} LsEnsureFutureState;

static void
state_mark (LsVM     *vm,
            LsObject *object)
{
  LsEnsureFutureState *self = (LsEnsureFutureState *) object;

  ls_gc_mark_value (vm, self->original);
  ls_gc_mark_value (vm, self->skips_checks);
  ls_gc_mark_value (vm, self->create_task);
  ls_gc_mark_value (vm, self->check_closed);
  ls_gc_mark_value (vm, self->get_event_loop);
  ls_gc_mark_value (vm, self->get_running_loop);
  ls_gc_mark_object (vm, (LsObject *) self->tasks_globals);
  for (guint i = 0; i < N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->names[i]);
}

static const LsExtensionVTable state_vtable = { "_asyncio ensure_future state", state_mark, NULL };

/* A Python call's checks, made by the C path for the frames it skips:
 * the deepest of them is this many levels below the caller. */
#define SKIPPED_FRAME_DEPTH 3

/* Room left below the memory limit for the fast path to go on without a
 * check: a task, its name and its step's handle and bound method are a
 * few hundred bytes. */
#define MEMORY_ROOM (64u << 10)

/* ls_dict_get_str_cached inlined everywhere: some fifteen of these guard
 * each call, and as calls (GCC keeps the header's out of line here) each
 * cost three times its cached read. */
static inline G_ALWAYS_INLINE LsValue
get (LsEnsureFutureState *state, LsDict *dict, EnsureFutureName name)
{
  LsDictStrCache *cache = &state->caches[name];

  if (dict == NULL)
    return LS_UNBOUND;
  if (G_LIKELY (cache->dict == dict && cache->version == dict->keys_version))
    return cache->index < 0 ? LS_UNBOUND : dict->entries[cache->index].value;
  return ls_dict_get_str_refill (dict, state->names[name], cache);
}

static inline LsDict *
module_dict_of (LsValue v)
{
  LsModule *module = ls_value_module (v);

  return module != NULL ? module->dict : NULL;
}

static inline gboolean
same (LsValue a, LsValue b)
{
  return a.tag == LS_TAG_OBJECT && b.tag == LS_TAG_OBJECT && a.o == b.o;
}

/* `coro_or_future` and `loop` from the arguments when they are the
 * plain ones: one positional, at most the keyword `loop`. */
static inline gboolean
plain_arguments (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *loop)
{
  if (n_args != 1)
    return FALSE;
  *loop = LS_NONE;
  if (kwnames == NULL || kwnames->len == 0)
    return TRUE;
  if (kwnames->len != 1 || !ls_is_kind (kwnames->items[0], LS_KIND_STR) ||
      !ls_str_equal ((LsStr *) kwnames->items[0].o, vm->names[LS_NAME_loop]))
    return FALSE;
  *loop = args[1];
  return TRUE;
}

/* The first line of the Python function: its shortcut holds, so
 * isfuture and iscoroutine are not called (see asyncio.tasks' end). */
static inline gboolean
coroutine_skips_checks (LsEnsureFutureState *state, LsValue coro)
{
  LsGenerator *generator = ls_value_generator (coro);
  LsDict *globals = state->tasks_globals;

  return generator != NULL && (generator->is_coroutine || generator->is_awaitable) &&
         same (get (state, module_dict_of (get (state, globals, NAME_FUTURES)), NAME_ISFUTURE),
               get (state, globals, NAME_PY_ISFUTURE)) &&
         same (get (state, module_dict_of (get (state, globals, NAME_COROUTINES)), NAME_ISCOROUTINE),
               get (state, globals, NAME_ISCOROUTINE_PRIVATE)) &&
         same (get (state, globals, NAME_SKIPS_CHECKS), state->skips_checks);
}

/* events._get_event_loop(stacklevel=4) when it would return the running
 * loop without going to the policy: LS_UNBOUND otherwise. */
static LsValue
running_loop (LsVM *vm, LsEnsureFutureState *state)
{
  LsDict *events = module_dict_of (get (state, state->tasks_globals, NAME_EVENTS));
  LsValue loop;

  if (!same (get (state, events, NAME_GET_EVENT_LOOP), state->get_event_loop) ||
      !same (get (state, ((LsFunction *) state->get_event_loop.o)->globals, NAME_GET_RUNNING_LOOP),
             state->get_running_loop))
    return LS_UNBOUND;
  /* the library's get_running_loop reads the VM's table and raises
   * nothing; were it to, the Python function raises it from its frame */
  if (!(vm->native_depth < LS_VM_MAX_NATIVE_DEPTH && ls_is_unbound (((LsNative *) state->get_running_loop.o)->self)
           ? ls_vm_call_unbound_native (vm, (LsNative *) state->get_running_loop.o, NULL, 0, NULL, &loop)
           : ls_call (vm, state->get_running_loop, NULL, 0, NULL, &loop)))
    {
      if (vm->stop_kind == LS_LIMIT_NONE)
        vm->raised = LS_UNBOUND;
      return LS_UNBOUND;
    }
  return ls_is_none (loop) ? LS_UNBOUND : loop;
}

/* loop.create_task(coro) is BaseEventLoop's, which would call the
 * library's _check_closed on an open loop, find no task factory and call
 * the C Task, whose __init__ can raise nothing with this loop: the Task
 * class, else NULL. */
static LsClass *
plain_create_task (LsVM *vm, LsEnsureFutureState *state, LsValue loop)
{
  LsInstance *instance = ls_value_instance (loop);
  LsValue factory, tasks_value;
  LsClass *task_class;
  guint64 epoch;

  if (instance == NULL || instance->dict == NULL ||
      !same (ls_class_lookup_cached (loop.o->cls, state->names[NAME_CREATE_TASK], &state->create_task_lookup),
             state->create_task) ||
      !same (ls_class_lookup_cached (loop.o->cls, state->names[NAME_CHECK_CLOSED], &state->check_closed_lookup),
             state->check_closed) ||
      !ls_is_unbound (get (state, instance->dict, NAME_CREATE_TASK)) ||
      !ls_is_unbound (get (state, instance->dict, NAME_CHECK_CLOSED)))
    return NULL;
  factory = get (state, instance->dict, NAME_TASK_FACTORY);
  if (!ls_is_none (factory) || !ls_loop_call_soon_is_plain (vm, loop))
    return NULL;
  tasks_value = get (state, ((LsFunction *) state->create_task.o)->globals, NAME_TASKS);
  task_class = ls_value_class (get (state, module_dict_of (tasks_value), NAME_TASK));
  if (task_class == NULL)
    return NULL;
  epoch = ls_class_epoch ();
  if (state->task_class != task_class || state->task_class_epoch != epoch)
    {
      state->task_class_plain = ls_task_class_is_plain (vm, task_class);
      state->task_class = task_class;
      state->task_class_epoch = epoch;
    }
  return state->task_class_plain ? task_class : NULL;
}

/* _ensure_future(coro_or_future, *, loop=None) */
static gboolean
ensure_future (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsEnsureFutureState *state = vm->ensure_future_state;
  LsValue loop = LS_NONE;
  LsClass *task_class;
  /* _ensure_future, the two checks _coroutine_skips_checks stands for,
   * create_task and _check_closed */
  gint64 charge = LS_ENSURE_FUTURE_CHARGE;

  if (G_UNLIKELY (state == NULL))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_ensure_future is not installed");
  if (!plain_arguments (vm, args, n_args, kwnames, &loop) || !coroutine_skips_checks (state, args[0]) ||
      vm->depth + SKIPPED_FRAME_DEPTH >= vm->recursion_limit || ls_gc_should_collect (vm) ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM)
    return ls_vm_call_as_inline (vm, (LsFunction *) state->original.o, args, n_args, kwnames, result);
  if (ls_is_none (loop))
    {
      loop = running_loop (vm, state);
      charge++;   /* _get_event_loop's call */
      if (ls_is_unbound (loop))
        {
          if (vm->stop_kind != LS_LIMIT_NONE)
            return FALSE;
          return ls_vm_call_as_inline (vm, (LsFunction *) state->original.o, args, n_args, kwnames, result);
        }
    }
  task_class = plain_create_task (vm, state, loop);
  if (task_class == NULL)
    return ls_vm_call_as_inline (vm, (LsFunction *) state->original.o, args, n_args, kwnames, result);
  if (!ls_vm_burn (vm, charge))
    return FALSE;
  return ls_task_new_plain (vm, task_class, args[0], loop, result);
}

gboolean
ls_ensure_future_is_native (LsVM *vm, LsValue v)
{
  LsEnsureFutureState *state = vm->ensure_future_state;

  return state != NULL && ls_is_kind (v, LS_KIND_NATIVE) && ((LsNative *) v.o)->func == ensure_future;
}

LsClass *
ls_ensure_future_plain_task_class (LsVM *vm, LsValue coro, LsValue *loop, gint64 *charge)
{
  LsEnsureFutureState *state = vm->ensure_future_state;

  if (state == NULL || !coroutine_skips_checks (state, coro))
    return NULL;
  *charge = LS_ENSURE_FUTURE_CHARGE;
  if (ls_is_none (*loop))
    {
      *loop = running_loop (vm, state);
      *charge += 1;   /* _get_event_loop's call */
      if (ls_is_unbound (*loop))
        return NULL;
    }
  return plain_create_task (vm, state, *loop);
}

void
ls_ensure_future_check_closed_replaced (LsVM   *vm,
                                        LsValue original,
                                        LsValue replacement)
{
  LsEnsureFutureState *state = vm->ensure_future_state;

  if (state != NULL && same (state->check_closed, original))
    state->check_closed = replacement;
}

/* _install_ensure_future(tasks, create_task, _check_closed, _get_event_loop):
 * tasks._ensure_future becomes the native, the Python function kept. */
static gboolean
install_ensure_future (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsEnsureFutureState *state;
  LsDict *tasks_globals;
  LsValue module, original_name;
  LsNative *native;

  if (!ls_check_args (vm, "_install_ensure_future", n_args, kwnames, 4, 4))
    return FALSE;
  tasks_globals = module_dict_of (args[0]);
  if (tasks_globals == NULL || !ls_is_kind (args[1], LS_KIND_FUNCTION) || !ls_is_kind (args[2], LS_KIND_FUNCTION) ||
      !ls_is_kind (args[3], LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR,
                     "_install_ensure_future() takes asyncio.tasks and three Python functions");
  module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_asyncio"));
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_asyncio is not loaded");
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsEnsureFutureState));
  state->header.vtable = &state_vtable;
  for (guint i = 0; i < N_NAMES; i++)
    state->names[i] = ls_str_intern_cstr (vm, name_texts[i]);
  state->tasks_globals = tasks_globals;
  state->create_task = args[1];
  state->check_closed = args[2];
  state->get_event_loop = args[3];
  original_name = ls_obj (ls_str_intern_cstr (vm, "_ensure_future"));
  state->original = ls_dict_get_str (tasks_globals, (LsStr *) original_name.o);
  state->skips_checks = ls_dict_get_str (tasks_globals, state->names[NAME_SKIPS_CHECKS]);
  state->get_running_loop = ls_dict_get_str (((LsFunction *) args[3].o)->globals, state->names[NAME_GET_RUNNING_LOOP]);
  if (!ls_is_kind (state->original, LS_KIND_FUNCTION) || !ls_is_kind (state->skips_checks, LS_KIND_NATIVE) ||
      !ls_is_kind (state->get_running_loop, LS_KIND_NATIVE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_install_ensure_future(): asyncio.tasks is not the library's");
  /* the module keeps the state alive */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_ensure_future_state"), ls_obj (state));
  vm->ensure_future_state = state;
  native = ls_native_new (vm, "_ensure_future", ensure_future);
  ls_dict_set_str (vm, tasks_globals, (LsStr *) original_name.o, ls_obj (native));
  *result = LS_NONE;
  return TRUE;
}

void
ls_asyncio_ensure_future_add_functions (LsVM     *vm,
                                        LsModule *module)
{
  ls_module_add_function (vm, module, "_install_ensure_future", install_ensure_future);
}
