/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-executor.c — the small library functions on run_in_executor's
 * way, in C (see ls-asyncio-executor.h).
 *
 * Every to_thread runs some twenty frames of library code, and seven of
 * them do almost nothing: run_in_executor's `self._check_closed()`,
 * `self._check_default_executor()` and the label's `_callable_name(func)`,
 * wrap_future's and _chain_future's `_concurrent()` (an import found in
 * sys.modules), and, when the worker's future finishes, the chain's
 * `dest_loop.is_closed()` and call_soon_threadsafe's `_check_closed()`
 * and `_write_to_self()`.  A Python frame costs ~500 instructions whatever
 * it does.  These natives take the functions' places (in the loop
 * classes' namespaces and in the modules' globals) and do their work when
 * nothing on the way can raise or run scenario code:
 *
 *  - the loop's attributes (`_closed`, `_executor_shutdown_called`,
 *    `_thread_id`) are in its own dict and not hidden by its class (no
 *    property or other attribute of that name along the MRO);
 *  - `_check_closed` and `_check_default_executor` find False (anything
 *    else runs the Python function, which raises or tests it);
 *  - `_write_to_self` finds the module's `_loopscope` and its `wake_loop`
 *    the ones installed, and calls wake_loop as the frame did;
 *  - `_concurrent` finds concurrent.futures in sys.modules, as the
 *    frame's IMPORT_NAME does first;
 *  - `_callable_name` finds `isinstance` and `getattr` the builtins,
 *    `functools.partial` the library's class, each partial an exact one
 *    with its `func` in its dict, and at the end a Python function, whose
 *    `__qualname__` (a str, never empty) is the answer;
 *  - `call_soon_threadsafe` finds the loop open, not in debug mode, and
 *    its `_check_closed`, `_call_soon` and `_write_to_self` the installed
 *    ones, which it calls as the frame did (with the frame's `args`
 *    tuple);
 *  - asyncio.events' `get_running_loop` finds its `_get_running_loop`
 *    the installed native and a loop running;
 *  - weakref.ReferenceType's `__call__` (the worker's
 *    `executor_reference()`) finds `_obj` in an exact reference's dict.
 *
 * What the skipped frames did besides is done too: each charges the
 * instruction of its call, and _callable_name's `while` its back-jump per
 * partial (its length read from the Python function's code), taken only
 * when the fuel covers them (else the Python function runs and stops
 * where it did).  None of the frames allocates (but call_soon_threadsafe's
 * `args`, for which room is required), so their safe points (the call,
 * the back-jumps) would all see what the first sees: when a collection is
 * due there, or a depth or memory limit is near, the Python function runs
 * and collects, or raises, where it did.  Each skipped frame's pool block
 * is taken and given back as the frame took it, so later objects get the
 * same addresses.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-asyncio-executor.h"

#include "ls-asyncio-ensure-future.h"
#include "ls-class.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-ops.h"
#include "ls-str.h"
#include "ls-vm-private.h"

/* The Python functions replaced */
typedef enum
{
  FUNCTION_CHECK_CLOSED,           /* BaseEventLoop's */
  FUNCTION_CHECK_DEFAULT_EXECUTOR,
  FUNCTION_IS_CLOSED,
  FUNCTION_WRITE_TO_SELF,          /* BaseSelectorEventLoop's */
  FUNCTION_CONCURRENT,             /* asyncio.futures' */
  FUNCTION_CALLABLE_NAME,          /* asyncio.base_events' */
  FUNCTION_CALL_SOON_THREADSAFE,   /* BaseEventLoop's */
  FUNCTION_REFERENCE_CALL,         /* weakref.ReferenceType's __call__ */
  FUNCTION_GET_RUNNING_LOOP,       /* asyncio.events' */
  N_FUNCTIONS
} ExecutorFunction;

static const char *const function_names[N_FUNCTIONS] = {
  "_check_closed", "_check_default_executor", "is_closed", "_write_to_self", "_concurrent", "_callable_name", "call_soon_threadsafe", "__call__",
  "get_running_loop",
};

/* The names the natives read */
typedef enum
{
  NAME_CLOSED,                     /* in the loop's dict */
  NAME_EXECUTOR_SHUTDOWN_CALLED,
  NAME_THREAD_ID,
  NAME_LOOPSCOPE,                  /* in asyncio.unix_events' globals */
  NAME_WAKE_LOOP,                  /* in _loopscope */
  NAME_CONCURRENT_FUTURES,         /* in sys.modules */
  NAME_FUNCTOOLS,                  /* in asyncio.base_events' globals */
  NAME_PARTIAL,                    /* in functools */
  NAME_FUNC,                       /* in a partial's dict */
  NAME_ISINSTANCE,                 /* in the builtins */
  NAME_GETATTR,
  NAME_DEBUG,                      /* in the loop's dict */
  NAME_CHECK_CLOSED,               /* in the loop's class */
  NAME_CALL_SOON,
  NAME_WRITE_TO_SELF,
  NAME_CONTEXT,                    /* a keyword */
  NAME_OBJ,                        /* in a weak reference's dict */
  NAME_GETATTRIBUTE,               /* in its class */
  NAME_PRIVATE_GET_RUNNING_LOOP,   /* in asyncio.events' globals */
  N_NAMES
} ExecutorName;

static const char *const name_texts[N_NAMES] = {
  "_closed", "_executor_shutdown_called", "_thread_id", "_loopscope", "wake_loop", "concurrent.futures",
  "functools", "partial", "func", "isinstance", "getattr", "_debug", "_check_closed", "_call_soon", "_write_to_self", "context",
  "_obj", "__getattribute__", "_get_running_loop",
};

typedef struct _LsExecutorNativesState
{
  LsExtension        header;
  LsValue            originals[N_FUNCTIONS];  /* LS_UNBOUND where not installed */
  LsValue            replacements[N_FUNCTIONS]; /* the natives in their places */
  LsValue            call_soon;               /* BaseEventLoop._call_soon at the install */
  LsValue            wake_loop;               /* _loopscope.wake_loop at the install */
  LsValue            isinstance;              /* the builtins at the install */
  LsValue            getattr;
  gint64             callable_name_jump;      /* the length of _callable_name's `while` */
  LsClass           *reference_class;         /* weakref.ReferenceType */
  LsValue            private_get_running_loop; /* events._get_running_loop at the install */
  LsStr             *names[N_NAMES];
  LsDictStrCache     caches[N_NAMES];
  LsDictStrCache     global_caches[N_NAMES];  /* for the globals */
  LsDictStrCache     builtin_caches[N_NAMES]; /* for the builtins */
  LsClassLookupCache class_caches[N_NAMES];
} LsExecutorNativesState;

static void
state_mark (LsVM     *vm,
            LsObject *object)
{
  LsExecutorNativesState *self = (LsExecutorNativesState *) object;

  ls_gc_mark_values (vm, self->originals, N_FUNCTIONS);
  ls_gc_mark_values (vm, self->replacements, N_FUNCTIONS);
  ls_gc_mark_value (vm, self->call_soon);
  ls_gc_mark_value (vm, self->wake_loop);
  ls_gc_mark_value (vm, self->isinstance);
  ls_gc_mark_value (vm, self->getattr);
  for (guint i = 0; i < N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->names[i]);
  ls_gc_mark_object (vm, (LsObject *) self->reference_class);
  ls_gc_mark_value (vm, self->private_get_running_loop);
}

static const LsExtensionVTable state_vtable = { "run_in_executor's natives", state_mark, NULL };

/* The deepest call a skipped frame made (wake_loop, isinstance, getattr)
 * is this many levels below the caller. */
#define SKIPPED_FRAME_DEPTH 2

/* Room left below the memory limit for a fast path to go on without a
 * check (the skipped frames allocated nothing). */
#define MEMORY_ROOM (64u << 10)

/* The most partials _callable_name unwraps here (a deeper nesting runs
 * the Python function) */
#define MAX_PARTIALS 8

/* Whether a skipped frame charging `charge` instructions would have run
 * through without a safe point's work or a limit's error. */
static inline gboolean
frame_skippable (LsVM *vm, gint64 charge)
{
  return vm->depth + SKIPPED_FRAME_DEPTH + 1 < vm->recursion_limit && vm->fuel >= charge &&
         !ls_gc_should_collect (vm) && vm->bytes_allocated < vm->memory_cap &&
         vm->memory_cap - vm->bytes_allocated >= MEMORY_ROOM;
}

/* The pool block the skipped frame of `which` took and gave back, taken
 * and given back here: frames share the pool with objects, so the
 * objects made after it get the addresses they got after the frame (see
 * ls-asyncio-gather.c's frame_block).  For the natives whose frame made
 * nothing meanwhile. */
static inline void
skipped_frame_block (LsVM *vm, LsExecutorNativesState *state, ExecutorFunction which)
{
  gsize size = ls_frame_size (((LsFunction *) state->originals[which].o)->code);

  ls_pool_free (&vm->pool, ls_pool_alloc (&vm->pool, size), size);
}

/* The answer of a native that stood for `which`'s frame: the charge the
 * frame's run would have made (its instructions' fuel), the pool block
 * its frame would have taken and given back, then `value`. */
static gboolean
answer_for_skipped_frame (LsVM *vm, LsExecutorNativesState *state, ExecutorFunction which, gint64 charge,
                          LsValue value, LsValue *result)
{
  if (!ls_vm_burn (vm, charge))
    return FALSE;
  skipped_frame_block (vm, state, which);
  *result = value;
  return TRUE;
}

static gboolean
call_original (LsVM *vm, LsExecutorNativesState *state, ExecutorFunction which, const LsValue *args, guint n_args,
               LsTuple *kwnames, LsValue *result)
{
  if (G_UNLIKELY (!ls_is_kind (state->originals[which], LS_KIND_FUNCTION)))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "%s is not installed", function_names[which]);
  return ls_vm_call_as_inline (vm, (LsFunction *) state->originals[which].o, args, n_args, kwnames, result);
}

/* self.<name> as LOAD_ATTR finds it when the instance's own dict holds it
 * and nothing of that name along its class's MRO can take its place;
 * FALSE otherwise (nothing read). */
static inline gboolean
own_attribute (LsExecutorNativesState *state, LsValue self, ExecutorName name, LsValue *out)
{
  LsInstance *instance = ls_value_instance (self);

  if (instance == NULL || instance->dict == NULL ||
      !ls_is_unbound (ls_class_lookup_cached (self.o->cls, state->names[name], &state->class_caches[name])))
    return FALSE;
  *out = ls_dict_get_str_cached (instance->dict, state->names[name], &state->caches[name]);
  return !ls_is_unbound (*out);
}

static inline gboolean
same_object (LsValue a, LsValue b)
{
  return a.tag == LS_TAG_OBJECT && b.tag == LS_TAG_OBJECT && a.o == b.o;
}

static inline gboolean
no_keywords (LsTuple *kwnames)
{
  return kwnames == NULL || kwnames->len == 0;
}

#define EXECUTOR_STATE() \
  LsExecutorNativesState *state = vm->executor_natives_state; \
  if (G_UNLIKELY (state == NULL)) \
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "run_in_executor's natives are not installed")

/* `if self.<name>: raise ...`, the body of _check_closed and
 * _check_default_executor, for an attribute that is False. */
static gboolean
attribute_false_check (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result,
                       ExecutorFunction which, ExecutorName name)
{
  LsValue value;
  EXECUTOR_STATE ();

  if (n_args != 1 || !no_keywords (kwnames) || !frame_skippable (vm, 1) || !own_attribute (state, args[0], name, &value) ||
      !ls_is_bool (value) || value.b)
    return call_original (vm, state, which, args, n_args, kwnames, result);
  /* the call's charge; the frame's safe point had nothing to do */
  return answer_for_skipped_frame (vm, state, which, 1, LS_NONE, result);
}

/* _check_closed(self):
 *     if self._closed:
 *         raise RuntimeError('Event loop is closed') */
static gboolean
check_closed (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return attribute_false_check (vm, args, n_args, kwnames, result, FUNCTION_CHECK_CLOSED, NAME_CLOSED);
}

/* _check_default_executor(self):
 *     if self._executor_shutdown_called:
 *         raise RuntimeError('Executor shutdown has been called') */
static gboolean
check_default_executor (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return attribute_false_check (vm, args, n_args, kwnames, result, FUNCTION_CHECK_DEFAULT_EXECUTOR,
                                NAME_EXECUTOR_SHUTDOWN_CALLED);
}

/* is_closed(self):
 *     return self._closed */
static gboolean
is_closed (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value;
  EXECUTOR_STATE ();

  if (n_args != 1 || !no_keywords (kwnames) || !frame_skippable (vm, 1) ||
      !own_attribute (state, args[0], NAME_CLOSED, &value))
    return call_original (vm, state, FUNCTION_IS_CLOSED, args, n_args, kwnames, result);
  return answer_for_skipped_frame (vm, state, FUNCTION_IS_CLOSED, 1, value, result);
}

/* A module global as LOAD_GLOBAL finds it when the globals hold it */
static inline LsValue
global_of (LsExecutorNativesState *state, LsDict *globals, ExecutorName name)
{
  return ls_dict_get_str_cached (globals, state->names[name], &state->global_caches[name]);
}

/* _write_to_self(self):
 *     if self._thread_id is None:
 *         _loopscope.wake_loop()
 *     else:
 *         _loopscope.wake_loop(self._thread_id)
 * wake_loop called as the frame called it, when it is the installed one. */
static gboolean
write_to_self (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue thread_id, ignored;
  LsModule *loopscope;
  gpointer block;
  gsize size;
  gboolean ok;
  EXECUTOR_STATE ();

  if (n_args != 1 || !no_keywords (kwnames) || !frame_skippable (vm, 1) ||
      !own_attribute (state, args[0], NAME_THREAD_ID, &thread_id) ||
      (loopscope = ls_value_module (global_of (state, ((LsFunction *) state->originals[FUNCTION_WRITE_TO_SELF].o)->globals,
                                               NAME_LOOPSCOPE))) == NULL ||
      !same_object (ls_dict_get_str_cached (loopscope->dict, state->names[NAME_WAKE_LOOP], &state->caches[NAME_WAKE_LOOP]),
                    state->wake_loop))
    return call_original (vm, state, FUNCTION_WRITE_TO_SELF, args, n_args, kwnames, result);
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  /* the frame's block of the pool, taken and given back where the frame
   * was made and freed, so that what wake_loop may make meanwhile gets
   * the address it got beside the frame (see ls-asyncio-gather.c's
   * frame_block) */
  size = ls_frame_size (((LsFunction *) state->originals[FUNCTION_WRITE_TO_SELF].o)->code);
  block = ls_pool_alloc (&vm->pool, size);
  ok = ls_call (vm, state->wake_loop, &thread_id, ls_is_none (thread_id) ? 0 : 1, NULL, &ignored);
  ls_pool_free (&vm->pool, block, size);
  *result = LS_NONE;
  return ok;
}

/* _concurrent():
 *     import concurrent.futures as cf
 *     return cf
 * once concurrent.futures is in sys.modules (IMPORT_NAME's answer then). */
static gboolean
concurrent (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue module;
  EXECUTOR_STATE ();

  if (n_args != 0 || !no_keywords (kwnames) || !frame_skippable (vm, 1))
    return call_original (vm, state, FUNCTION_CONCURRENT, args, n_args, kwnames, result);
  module = ls_dict_get_str_cached (vm->modules, state->names[NAME_CONCURRENT_FUTURES],
                                   &state->caches[NAME_CONCURRENT_FUTURES]);
  if (ls_is_unbound (module))
    return call_original (vm, state, FUNCTION_CONCURRENT, args, n_args, kwnames, result);
  return answer_for_skipped_frame (vm, state, FUNCTION_CONCURRENT, 1, module, result);
}

/* self.<name>() would call `expected`: the class's attribute (no data
 * descriptor can be one: it is a native), the instance's dict without
 * the name */
static inline gboolean
own_method_is (LsExecutorNativesState *state, LsValue self, ExecutorName name, LsValue expected)
{
  LsInstance *instance = ls_value_instance (self);

  return instance != NULL && instance->dict != NULL &&
         same_object (ls_class_lookup_cached (self.o->cls, state->names[name], &state->class_caches[name]), expected) &&
         ls_is_unbound (ls_dict_get_str_cached (instance->dict, state->names[name], &state->caches[name]));
}

/* The most bytes the frame's `args` tuple takes: no collection may be due
 * after it (the frame's safe point comes after its arguments) */
#define MAX_THREADSAFE_ARGS 8
#define ARGS_TUPLE_ROOM 1024

/* call_soon_threadsafe(self, callback, *args, context=None):
 *     self._check_closed()
 *     if self._debug: ...
 *     handle = self._call_soon(callback, args, context)
 *     self._write_to_self()
 *     return handle
 * for an open loop not in debug mode whose three methods are the
 * installed ones: the frame's `args` tuple made as the frame made it, the
 * three called as it called them (each with its own charges and checks). */
static gboolean
call_soon_threadsafe (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue closed, debug, ignored, call_args[4];
  LsFunction *original;
  gpointer block;
  gboolean ok;
  EXECUTOR_STATE ();

  if (n_args < 2 || n_args - 2 > MAX_THREADSAFE_ARGS ||
      !(no_keywords (kwnames) || (kwnames->len == 1 &&
                                  ls_str_equal ((LsStr *) kwnames->items[0].o, state->names[NAME_CONTEXT]))) ||
      !frame_skippable (vm, 3) || vm->next_collection - vm->bytes_allocated < ARGS_TUPLE_ROOM ||
      !own_attribute (state, args[0], NAME_CLOSED, &closed) || !ls_is_bool (closed) || closed.b ||
      !own_attribute (state, args[0], NAME_DEBUG, &debug) || !ls_is_bool (debug) || debug.b ||
      !own_method_is (state, args[0], NAME_CHECK_CLOSED, state->replacements[FUNCTION_CHECK_CLOSED]) ||
      !own_method_is (state, args[0], NAME_CALL_SOON, state->call_soon) ||
      !own_method_is (state, args[0], NAME_WRITE_TO_SELF, state->replacements[FUNCTION_WRITE_TO_SELF]))
    return call_original (vm, state, FUNCTION_CALL_SOON_THREADSAFE, args, n_args, kwnames, result);
  original = (LsFunction *) state->originals[FUNCTION_CALL_SOON_THREADSAFE].o;
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  /* the frame's block (see write_to_self), then its `args` */
  block = ls_pool_alloc (&vm->pool, ls_frame_size (original->code));
  call_args[0] = args[0];
  call_args[1] = args[1];
  /* (the keyword's value follows the positional arguments) */
  call_args[2] = ls_obj (ls_tuple_new_from (vm, args + 2, n_args - 2));
  call_args[3] = kwnames != NULL && kwnames->len == 1 ? args[n_args] : LS_NONE;
  ok = check_closed (vm, args, 1, NULL, &ignored) && ls_call (vm, state->call_soon, call_args, 4, NULL, result) &&
       write_to_self (vm, args, 1, NULL, &ignored);
  ls_pool_free (&vm->pool, block, ls_frame_size (original->code));
  return ok;
}

/* A builtin as LOAD_GLOBAL finds it from `globals`: the one of the
 * install, not shadowed by a global */
static inline gboolean
builtin_is (LsVM *vm, LsExecutorNativesState *state, LsDict *globals, ExecutorName name, LsValue expected)
{
  return ls_is_unbound (global_of (state, globals, name)) &&
         same_object (ls_dict_get_str_cached (vm->builtins, state->names[name], &state->builtin_caches[name]), expected);
}

/* _callable_name(func):
 *     while isinstance(func, functools.partial):
 *         func = func.func
 *     name = getattr(func, '__qualname__', None) or getattr(func, '__name__', None)
 *     return name if name else type(func).__name__
 * for exact partials around a Python function. */
static gboolean
callable_name (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsDict *globals;
  LsModule *functools;
  LsClass *partial;
  LsValue func;
  LsStr *qualname;
  guint n_partials = 0;
  gint64 charge;
  EXECUTOR_STATE ();

  if (n_args != 1 || !no_keywords (kwnames) || !frame_skippable (vm, 1 + MAX_PARTIALS * state->callable_name_jump))
    return call_original (vm, state, FUNCTION_CALLABLE_NAME, args, n_args, kwnames, result);
  globals = ((LsFunction *) state->originals[FUNCTION_CALLABLE_NAME].o)->globals;
  functools = ls_value_module (global_of (state, globals, NAME_FUNCTOOLS));
  partial = functools != NULL ? ls_value_class (ls_dict_get_str_cached (functools->dict, state->names[NAME_PARTIAL],
                                                                        &state->caches[NAME_PARTIAL]))
                              : NULL;
  if (partial == NULL || !builtin_is (vm, state, globals, NAME_ISINSTANCE, state->isinstance) ||
      !builtin_is (vm, state, globals, NAME_GETATTR, state->getattr))
    return call_original (vm, state, FUNCTION_CALLABLE_NAME, args, n_args, kwnames, result);
  func = args[0];
  while (ls_value_instance (func) != NULL && func.o->cls == partial && n_partials < MAX_PARTIALS)
    {
      LsValue inner;

      if (!own_attribute (state, func, NAME_FUNC, &inner))
        return call_original (vm, state, FUNCTION_CALLABLE_NAME, args, n_args, kwnames, result);
      func = inner;
      n_partials++;
    }
  /* a Python function is no partial; its __qualname__ is a str, and the
   * answer when not empty */
  if (!ls_is_kind (func, LS_KIND_FUNCTION) || (qualname = ((LsFunction *) func.o)->qualname) == NULL ||
      qualname->len == 0)
    return call_original (vm, state, FUNCTION_CALLABLE_NAME, args, n_args, kwnames, result);
  /* the call and the `while`'s back-jump per partial */
  charge = 1 + (gint64) n_partials * state->callable_name_jump;
  return answer_for_skipped_frame (vm, state, FUNCTION_CALLABLE_NAME, charge, ls_obj (qualname), result);
}

/* weakref.ReferenceType.__call__(self):
 *     return self._obj
 * (the library's weak references are strong).  A worker asks
 * `executor_reference()` after every item, and ls_call ran the method
 * in a nested interpreter (call_function).  For an exact ReferenceType
 * whose class hides nothing of `_obj` (based on object, no
 * __getattribute__, no `_obj` along its MRO) and an `_obj` in the
 * instance dict, the answer is read here, when none of call_function's
 * checks could fail (depth, C depth, memory; its ls_vm_native_step then
 * charges one instruction), with the frame's pool block taken and given
 * back; the frame has no safe point (no loop).  Otherwise the Python
 * method runs as ls_call ran it. */
static gboolean
reference_call (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value;
  EXECUTOR_STATE ();

  if (n_args != 1 || !no_keywords (kwnames) || ls_value_instance (args[0]) == NULL ||
      args[0].o->cls != state->reference_class || state->reference_class->base != vm->types[LS_TYPE_OBJECT] ||
      !ls_is_unbound (ls_dict_get_str_cached (state->reference_class->dict, state->names[NAME_GETATTRIBUTE],
                                              &state->caches[NAME_GETATTRIBUTE])) ||
      vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= LS_VM_MAX_C_DEPTH ||
      vm->bytes_allocated > vm->memory_cap || vm->fuel < 1 || !own_attribute (state, args[0], NAME_OBJ, &value))
    return ls_call (vm, state->originals[FUNCTION_REFERENCE_CALL], args, n_args, kwnames, result);
  vm->fuel--;
  skipped_frame_block (vm, state, FUNCTION_REFERENCE_CALL);
  *result = value;
  return TRUE;
}

/* get_running_loop():
 *     loop = _get_running_loop()
 *     if loop is None:
 *         raise RuntimeError('no running event loop')
 *     return loop
 * (to_thread's first line, and create_task's, wait_for's...), when its
 * global `_get_running_loop` is the native of the install and a loop
 * runs.  That native only reads the VM's table of running loops, so when
 * none runs the Python function runs after it and raises from its frame. */
static gboolean
get_running_loop (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue reader, loop;
  EXECUTOR_STATE ();

  if (n_args != 0 || !no_keywords (kwnames) || !frame_skippable (vm, 1))
    return call_original (vm, state, FUNCTION_GET_RUNNING_LOOP, args, n_args, kwnames, result);
  reader = global_of (state, ((LsFunction *) state->originals[FUNCTION_GET_RUNNING_LOOP].o)->globals,
                      NAME_PRIVATE_GET_RUNNING_LOOP);
  if (!same_object (reader, state->private_get_running_loop) ||
      !ls_vm_call_unbound_native (vm, (LsNative *) reader.o, NULL, 0, NULL, &loop))
    return call_original (vm, state, FUNCTION_GET_RUNNING_LOOP, args, n_args, kwnames, result);
  if (ls_is_none (loop))
    return call_original (vm, state, FUNCTION_GET_RUNNING_LOOP, args, n_args, kwnames, result);
  return answer_for_skipped_frame (vm, state, FUNCTION_GET_RUNNING_LOOP, 1, loop, result);
}

static const struct
{
  LsNativeFunc func;
  gboolean     is_method;
} natives[N_FUNCTIONS] = {
  [FUNCTION_CHECK_CLOSED] = { check_closed, TRUE },
  [FUNCTION_CHECK_DEFAULT_EXECUTOR] = { check_default_executor, TRUE },
  [FUNCTION_IS_CLOSED] = { is_closed, TRUE },
  [FUNCTION_WRITE_TO_SELF] = { write_to_self, TRUE },
  [FUNCTION_CONCURRENT] = { concurrent, FALSE },
  [FUNCTION_CALLABLE_NAME] = { callable_name, FALSE },
  [FUNCTION_CALL_SOON_THREADSAFE] = { call_soon_threadsafe, TRUE },
  [FUNCTION_REFERENCE_CALL] = { reference_call, TRUE },
  [FUNCTION_GET_RUNNING_LOOP] = { get_running_loop, FALSE },
};

/* Puts the native for `which` in `dict` in the place of the Python
 * function there, when that is a function of `globals` named so (else
 * the Python function stays). */
static void
replace (LsVM *vm, LsExecutorNativesState *state, ExecutorFunction which, LsDict *dict, LsDict *globals)
{
  LsStr *name = ls_str_intern_cstr (vm, function_names[which]);
  LsValue original = ls_dict_get_str (dict, name);
  LsFunction *function;
  LsNative *native;

  if (!ls_is_kind (original, LS_KIND_FUNCTION))
    return;
  function = (LsFunction *) original.o;
  if ((globals != NULL && function->globals != globals) || !ls_str_equal (function->code->name, name) ||
      (function->code->flags & (LS_CODE_GENERATOR | LS_CODE_COROUTINE)))
    return;
  state->originals[which] = original;
  native = ls_native_new (vm, function_names[which], natives[which].func);
  native->is_method = natives[which].is_method;
  ls_dict_set_str (vm, dict, native->name, ls_obj (native));
  state->replacements[which] = ls_obj (native);
  /* ensure_future's fast path skips the library's _check_closed: this one */
  if (which == FUNCTION_CHECK_CLOSED)
    ls_ensure_future_check_closed_replaced (vm, original, ls_obj (native));
}

/* The natives' state, made by the first of the installs (the weak
 * references' may come before asyncio's, or without it) */
static LsExecutorNativesState *
ensure_state (LsVM *vm)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_loopscope"));
  LsExecutorNativesState *state = vm->executor_natives_state;

  if (state != NULL)
    return state;
  if (!ls_is_kind (module, LS_KIND_MODULE))
    {
      ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_loopscope is not loaded");
      return NULL;
    }
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsExecutorNativesState));
  state->header.vtable = &state_vtable;
  for (guint i = 0; i < N_NAMES; i++)
    state->names[i] = ls_str_intern_cstr (vm, name_texts[i]);
  for (guint i = 0; i < N_FUNCTIONS; i++)
    state->originals[i] = state->replacements[i] = LS_UNBOUND;
  state->private_get_running_loop = LS_UNBOUND;
  state->wake_loop = ls_dict_get_str (((LsModule *) module.o)->dict, state->names[NAME_WAKE_LOOP]);
  state->isinstance = ls_dict_get_str (vm->builtins, state->names[NAME_ISINSTANCE]);
  state->getattr = ls_dict_get_str (vm->builtins, state->names[NAME_GETATTR]);
  /* the module keeps the state alive */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_executor_natives"), ls_obj (state));
  vm->executor_natives_state = state;
  return state;
}

/* _loopscope.executor_natives(BaseEventLoop, BaseSelectorEventLoop):
 * called once by asyncio.unix_events, at its end, when asyncio.futures
 * and asyncio.base_events are loaded. */
static gboolean
executor_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsModule *futures = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "asyncio.futures")));
  LsModule *base_events = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "asyncio.base_events")));
  LsModule *events = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "asyncio.events")));
  LsClass *base_loop, *selector_loop;
  LsExecutorNativesState *state;

  if (!ls_check_args (vm, "executor_natives", n_args, kwnames, 2, 2))
    return FALSE;
  if ((base_loop = ls_value_class (args[0])) == NULL || (selector_loop = ls_value_class (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "executor_natives() needs BaseEventLoop and BaseSelectorEventLoop");
  if ((state = ensure_state (vm)) == NULL)
    return FALSE;
  if (base_events != NULL)
    {
      replace (vm, state, FUNCTION_CHECK_CLOSED, base_loop->dict, base_events->dict);
      replace (vm, state, FUNCTION_CHECK_DEFAULT_EXECUTOR, base_loop->dict, base_events->dict);
      replace (vm, state, FUNCTION_IS_CLOSED, base_loop->dict, base_events->dict);
      if (ls_is_kind (state->isinstance, LS_KIND_NATIVE) && ls_is_kind (state->getattr, LS_KIND_NATIVE))
        {
          LsValue original = ls_dict_get_str (base_events->dict, ls_str_intern_cstr (vm, function_names[FUNCTION_CALLABLE_NAME]));

          if (ls_is_kind (original, LS_KIND_FUNCTION) &&
              (state->callable_name_jump = ls_code_single_back_jump (((LsFunction *) original.o)->code)) > 0)
            replace (vm, state, FUNCTION_CALLABLE_NAME, base_events->dict, base_events->dict);
        }
    }
  if (ls_is_kind (state->wake_loop, LS_KIND_NATIVE))
    replace (vm, state, FUNCTION_WRITE_TO_SELF, selector_loop->dict, NULL);
  /* call_soon_threadsafe's own body calls the three above */
  state->call_soon = ls_dict_get_str (base_loop->dict, state->names[NAME_CALL_SOON]);
  if (base_events != NULL && ls_is_kind (state->call_soon, LS_KIND_NATIVE) && ((LsNative *) state->call_soon.o)->is_method &&
      !ls_is_unbound (state->replacements[FUNCTION_CHECK_CLOSED]) &&
      !ls_is_unbound (state->replacements[FUNCTION_WRITE_TO_SELF]))
    replace (vm, state, FUNCTION_CALL_SOON_THREADSAFE, base_loop->dict, base_events->dict);
  if (futures != NULL)
    replace (vm, state, FUNCTION_CONCURRENT, futures->dict, futures->dict);
  if (events != NULL)
    {
      state->private_get_running_loop = ls_dict_get_str (events->dict, state->names[NAME_PRIVATE_GET_RUNNING_LOOP]);
      if (ls_is_kind (state->private_get_running_loop, LS_KIND_NATIVE) &&
          ls_is_unbound (((LsNative *) state->private_get_running_loop.o)->self))
        replace (vm, state, FUNCTION_GET_RUNNING_LOOP, events->dict, events->dict);
    }
  *result = LS_NONE;
  return TRUE;
}

/* _loopscope.weakref_natives(ReferenceType): called once by weakref, at
 * its end. */
static gboolean
weakref_natives (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsExecutorNativesState *state;
  LsClass *cls;

  if (!ls_check_args (vm, "weakref_natives", n_args, kwnames, 1, 1))
    return FALSE;
  if ((cls = ls_value_class (args[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "weakref_natives() needs ReferenceType");
  if ((state = ensure_state (vm)) == NULL)
    return FALSE;
  if (state->reference_class == NULL)
    {
      state->reference_class = cls;
      replace (vm, state, FUNCTION_REFERENCE_CALL, cls->dict, NULL);
    }
  *result = LS_NONE;
  return TRUE;
}

void
ls_asyncio_executor_add_loopscope_functions (LsVM     *vm,
                                             LsModule *loopscope)
{
  ls_module_add_function (vm, loopscope, "executor_natives", executor_natives);
  ls_module_add_function (vm, loopscope, "weakref_natives", weakref_natives);
}
