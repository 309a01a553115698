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
 * Then the chain between the worker's concurrent future and the asyncio
 * one (ninth session's leftover, ~6,000 instructions a to_thread in four
 * frames and three closures): run_in_executor's `wrap_future` and its
 * `_chain_future` (the closures made as MAKE_FUNCTION makes them, from
 * the code's own constants: the callbacks lists hold the same Python
 * functions), the worker's `_invoke_callbacks` with the chain's
 * `_call_set_state` when that is the future's one callback
 * (ls_asyncio_executor_invoke_chain, from set_result's native), and the
 * loop's call of the chain's `_set_state` (a call shortcut of
 * call_function).  Each checks first that every name on its way is the
 * library's, every call the natives' fast path, every object the exact
 * class, and no limit or collection can fall inside; otherwise the
 * Python runs.
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
#include "ls-asyncio-future.h"
#include "ls-concurrent-future.h"
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
  FUNCTION_CHAIN_FUTURE,           /* asyncio.futures' */
  FUNCTION_WRAP_FUTURE,
  N_FUNCTIONS
} ExecutorFunction;

static const char *const function_names[N_FUNCTIONS] = {
  "_check_closed", "_check_default_executor", "is_closed", "_write_to_self", "_concurrent", "_callable_name", "call_soon_threadsafe", "__call__",
  "get_running_loop", "_chain_future", "wrap_future",
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
  NAME_ISFUTURE,                   /* in asyncio.futures' globals */
  NAME_GET_LOOP_FUNCTION,
  NAME_CONCURRENT,
  NAME_FUTURE,                     /* in concurrent.futures */
  NAME_GET_LOOP,                   /* an asyncio Future's method */
  NAME_DUNDER_CLASS,               /* what isfuture looks up in a class */
  NAME_BLOCKING,
  NAME_IS_CLOSED,                  /* in the loop's class */
  NAME_CALL_SOON_THREADSAFE,
  NAME_CANCELLED,                  /* in an asyncio Future's */
  NAME_COPY_FUTURE_STATE,          /* in asyncio.futures' globals */
  NAME_CHAIN_FUTURE,
  NAME_LOOP,                       /* a keyword */
  NAME_CREATE_FUTURE,              /* in the loop's class */
  NAME_ASYNCIO_FUTURES,            /* in sys.modules */
  N_NAMES
} ExecutorName;

static const char *const name_texts[N_NAMES] = {
  "_closed", "_executor_shutdown_called", "_thread_id", "_loopscope", "wake_loop", "concurrent.futures",
  "functools", "partial", "func", "isinstance", "getattr", "_debug", "_check_closed", "_call_soon", "_write_to_self", "context",
  "_obj", "__getattribute__", "_get_running_loop", "isfuture", "_get_loop", "_concurrent", "Future", "get_loop",
  "__class__", "_asyncio_future_blocking", "is_closed", "call_soon_threadsafe", "cancelled",
  "_copy_future_state", "_chain_future", "loop", "create_future", "asyncio.futures",
};

/* _chain_future's cells, by name (the code's order is read at the install) */
typedef enum
{
  CHAIN_CELL_SOURCE,
  CHAIN_CELL_DESTINATION,
  CHAIN_CELL_SOURCE_LOOP,
  CHAIN_CELL_DEST_LOOP,
  CHAIN_CELL_SET_STATE,
  N_CHAIN_CELLS
} ChainCell;

static const char *const chain_cell_names[N_CHAIN_CELLS] = {
  "source", "destination", "source_loop", "dest_loop", "_set_state",
};

/* Its three inner functions, in the order the body makes them */
typedef enum
{
  CHAIN_INNER_SET_STATE,
  CHAIN_INNER_CHECK_CANCEL,
  CHAIN_INNER_CALL_SET_STATE,
  N_CHAIN_INNER
} ChainInner;

static const char *const chain_inner_names[N_CHAIN_INNER] = {
  "_set_state", "_call_check_cancel", "_call_set_state",
};

/* What the install read of _chain_future's code */
typedef struct
{
  guint   cell_of[N_CHAIN_CELLS];        /* each cell's slot in the frame */
  LsCode *inner[N_CHAIN_INNER];
  /* for each inner function, the slots of the cells its closure holds, in
   * its freevars' order */
  guint   closure_slots[N_CHAIN_INNER][N_CHAIN_CELLS];
  guint   closure_len[N_CHAIN_INNER];
  /* where _call_set_state's closure holds each cell (N_CHAIN_CELLS: not) */
  guint   call_set_state_index[N_CHAIN_CELLS];
} ChainLayout;

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
  LsValue            isfuture;                /* asyncio.futures' isfuture at the install (C) */
  LsValue            get_loop_function;       /* asyncio.futures' _get_loop, the Python function */
  ChainLayout        chain;
  LsValue            future_cancelled;        /* _asyncio.Future's cancelled (C) */
  LsClass           *future_class;            /* _asyncio.Future */
  LsValue            future_blocking;         /* its _asyncio_future_blocking (the C field) */
  LsValue            create_future;           /* BaseEventLoop.create_future at the install (C) */
  LsCode            *invoke_code;             /* _invoke_callbacks' code, and */
  gint64             invoke_jump;             /* the length of its `for` */
  LsStr             *names[N_NAMES];
  LsDictStrCache     caches[N_NAMES];
  LsDictStrCache     global_caches[N_NAMES];  /* for the globals */
  LsDictStrCache     builtin_caches[N_NAMES]; /* for the builtins */
  LsClassLookupCache class_caches[N_NAMES];
  /* isfuture's two lookups, for the chain's source and its destination */
  LsClassLookupCache isfuture_caches[2][2];
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
  ls_gc_mark_value (vm, self->isfuture);
  ls_gc_mark_value (vm, self->get_loop_function);
  ls_gc_mark_value (vm, self->future_cancelled);
  ls_gc_mark_object (vm, (LsObject *) self->future_class);
  ls_gc_mark_value (vm, self->future_blocking);
  ls_gc_mark_value (vm, self->create_future);
  ls_gc_mark_object (vm, (LsObject *) self->invoke_code);
  for (guint i = 0; i < N_CHAIN_INNER; i++)
    ls_gc_mark_object (vm, (LsObject *) self->chain.inner[i]);
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

/* Whether call_soon_threadsafe's native would take its fast path (below)
 * for these arguments.  Reads only. */
static gboolean
threadsafe_plain (LsVM *vm, LsExecutorNativesState *state, const LsValue *args, guint n_args, LsTuple *kwnames)
{
  LsValue closed, debug;

  return n_args >= 2 && n_args - 2 <= MAX_THREADSAFE_ARGS &&
         (no_keywords (kwnames) ||
          (kwnames->len == 1 && ls_str_equal ((LsStr *) kwnames->items[0].o, state->names[NAME_CONTEXT]))) &&
         frame_skippable (vm, 3) && vm->next_collection - vm->bytes_allocated >= ARGS_TUPLE_ROOM &&
         own_attribute (state, args[0], NAME_CLOSED, &closed) && ls_is_bool (closed) && !closed.b &&
         own_attribute (state, args[0], NAME_DEBUG, &debug) && ls_is_bool (debug) && !debug.b &&
         own_method_is (state, args[0], NAME_CHECK_CLOSED, state->replacements[FUNCTION_CHECK_CLOSED]) &&
         own_method_is (state, args[0], NAME_CALL_SOON, state->call_soon) &&
         own_method_is (state, args[0], NAME_WRITE_TO_SELF, state->replacements[FUNCTION_WRITE_TO_SELF]);
}

/* call_soon_threadsafe's fast path, once threadsafe_plain said yes */
static gboolean
threadsafe_run (LsVM *vm, LsExecutorNativesState *state, const LsValue *args, guint n_args, LsTuple *kwnames,
                LsValue *result)
{
  LsValue ignored, call_args[4];
  LsFunction *original;
  gpointer block;
  gboolean ok;

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
  EXECUTOR_STATE ();

  if (!threadsafe_plain (vm, state, args, n_args, kwnames))
    return call_original (vm, state, FUNCTION_CALL_SOON_THREADSAFE, args, n_args, kwnames, result);
  return threadsafe_run (vm, state, args, n_args, kwnames, result);
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

/* The most _chain_future's C path allocates before its last call (five
 * cells, three functions, two closures, the bound get_loop, the asyncio
 * Future's callback entry) and the garbage the concurrent future's
 * add_done_callback accounts, with a margin: no collection may come due
 * on the way, where the frame's safe points would have found none. */
#define CHAIN_ROOM 4096u

/* The charges of its body before the concurrent future's
 * add_done_callback: the call, _concurrent's, four isfuture, _get_loop's
 * call; and the most that add_done_callback then takes */
#define CHAIN_CHARGE 7
#define CHAIN_CALLBACK_FUEL 8

/* The depth below the caller the body reaches (its frame, _get_loop's,
 * then the natives' own margins), and a C depth well under isfuture's
 * own limit (ISFUTURE_C_DEPTH_MARGIN in ls-asynciolib.c, 150) */
#define CHAIN_DEPTH 8
#define CHAIN_C_DEPTH 100

/* isfuture(value) as _asyncio.isfuture answers it in C (a class lookup
 * of `__class__` finding nothing, then `_asyncio_future_blocking`'s;
 * a C future's field), or FALSE when it would run the Python function.
 * `which`: the cache pair (the source's class or the destination's). */
static gboolean
isfuture_known (LsVM *vm, LsExecutorNativesState *state, LsValue value, guint which, gboolean *answer)
{
  LsClass *cls = ls_type_of (vm, value);

  if (!ls_is_unbound (ls_class_lookup_cached (cls, state->names[NAME_DUNDER_CLASS], &state->isfuture_caches[which][0])))
    return FALSE;
  *answer = !ls_is_unbound (ls_class_lookup_cached (cls, state->names[NAME_BLOCKING], &state->isfuture_caches[which][1]));
  return !*answer || (ls_future_from_value (value) != NULL && ls_future_blocking_is_field (vm, value));
}

/* Whether _chain_future's body, for a concurrent future `source` (and an
 * asyncio Future, below), would take the path its C version follows:
 * every global it reads the install's, each call the natives' fast
 * paths, no limit reached on the way.  Reads only. */
static gboolean
chain_source_plain (LsVM *vm, LsExecutorNativesState *state, LsValue source, LsConcurrentFutureCallbackPlan *plan)
{
  LsDict *globals = ((LsFunction *) state->originals[FUNCTION_CHAIN_FUTURE].o)->globals;
  LsClass *concurrent_future = ls_concurrent_future_class (vm);
  LsModule *module;
  gboolean source_is_future;

  if (concurrent_future == NULL || ls_value_instance (source) == NULL || source.o->cls != concurrent_future)
    return FALSE;
  if (vm->depth + CHAIN_DEPTH >= vm->recursion_limit || vm->c_depth >= CHAIN_C_DEPTH ||
      vm->native_depth + 4 >= LS_VM_MAX_NATIVE_DEPTH || vm->fuel < CHAIN_CHARGE + CHAIN_CALLBACK_FUEL ||
      (guint64) vm->bytes_allocated + CHAIN_ROOM >= (guint64) vm->next_collection ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM + CHAIN_ROOM)
    return FALSE;
  /* cf = _concurrent(): its native, with concurrent.futures loaded */
  if (!same_object (global_of (state, globals, NAME_CONCURRENT), state->replacements[FUNCTION_CONCURRENT]) ||
      (module = ls_value_module (ls_dict_get_str_cached (vm->modules, state->names[NAME_CONCURRENT_FUTURES],
                                                         &state->caches[NAME_CONCURRENT_FUTURES]))) == NULL)
    return FALSE;
  /* isfuture(source) False, isinstance(source, cf.Future) True */
  if (!same_object (global_of (state, globals, NAME_ISFUTURE), state->isfuture) ||
      !isfuture_known (vm, state, source, 0, &source_is_future) || source_is_future ||
      !builtin_is (vm, state, globals, NAME_ISINSTANCE, state->isinstance) ||
      !same_object (ls_dict_get_str_cached (module->dict, state->names[NAME_FUTURE], &state->caches[NAME_FUTURE]),
                    ls_obj (concurrent_future)))
    return FALSE;
  /* _get_loop the library's; source.add_done_callback(...) its native's
   * plain path */
  return same_object (global_of (state, globals, NAME_GET_LOOP_FUNCTION), state->get_loop_function) &&
         ls_concurrent_future_adds_callback_plainly (vm, source, plan);
}

/* ... and for its asyncio Future `destination`: isfuture(destination)
 * True in C, get_loop() and add_done_callback() the C Future's */
static gboolean
chain_destination_plain (LsVM *vm, LsExecutorNativesState *state, LsValue destination)
{
  LsFuture *dest;
  gboolean dest_is_future;

  return ls_future_is_exact (vm, destination) && (dest = ls_future_from_value (destination)) != NULL &&
         dest->state == LS_FUTURE_PENDING && !ls_is_unbound (dest->loop) &&
         isfuture_known (vm, state, destination, 1, &dest_is_future) && dest_is_future &&
         ls_future_get_loop_is_native (vm, destination) && ls_future_add_done_callback_is_native (vm, destination);
}

/* One of the body's inner functions, as LOAD_CLOSURE..., BUILD_TUPLE,
 * LOAD_CONST, MAKE_FUNCTION make it: the closure's tuple first. */
static LsFunction *
chain_inner_function (LsVM *vm, LsExecutorNativesState *state, ChainInner which, const LsValue *cells, LsDict *globals)
{
  LsTuple *closure = NULL;
  LsFunction *function;

  if (state->chain.closure_len[which] > 0)
    {
      LsValue items[N_CHAIN_CELLS];

      for (guint i = 0; i < state->chain.closure_len[which]; i++)
        items[i] = cells[state->chain.closure_slots[which][i]];
      closure = ls_tuple_new_from (vm, items, state->chain.closure_len[which]);
    }
  function = ls_function_new (vm, state->chain.inner[which], globals);
  function->closure = closure;
  return function;
}

/* chain_future's work once its checks passed */
static gboolean
chain_run (LsVM *vm, LsExecutorNativesState *state, const LsValue *args, const LsConcurrentFutureCallbackPlan *plan)
{
  LsValue cells[N_CHAIN_CELLS] = { LS_UNBOUND }, cf, get_loop, check_cancel, call_set_state;
  LsFunction *original;
  LsCode *code;
  LsDict *globals;
  gpointer frame_block, get_loop_block;
  gsize get_loop_size;
  gboolean ok;

  original = (LsFunction *) state->originals[FUNCTION_CHAIN_FUTURE].o;
  code = original->code;
  globals = original->globals;
  /* the call (the fuel covers every charge: chain_future_plain) */
  (void) ls_vm_burn (vm, 1);
  vm->depth++;
  frame_block = ls_pool_alloc (&vm->pool, ls_frame_size (code));
  for (guint i = 0; i < code->cellvars->len; i++)
    {
      LsValue initial = code->cell2arg != NULL && code->cell2arg[i] >= 0 ? args[code->cell2arg[i]] : LS_UNBOUND;

      cells[i] = ls_obj (ls_cell_new (vm, initial));
    }
  /* cf = _concurrent(); the four isfuture calls (isinstance charges
   * nothing); _get_loop's call, frame and LOAD_ATTR */
  ok = concurrent (vm, NULL, 0, NULL, &cf);
  g_assert (ok);
  (void) ls_vm_burn (vm, 4 + 1);
  get_loop_size = ls_frame_size (((LsFunction *) state->get_loop_function.o)->code);
  get_loop_block = ls_pool_alloc (&vm->pool, get_loop_size);
  ok = ls_getattr (vm, args[1], state->names[NAME_GET_LOOP], &get_loop);
  ls_pool_free (&vm->pool, get_loop_block, get_loop_size);
  if (ok)
    {
      ((LsCell *) cells[state->chain.cell_of[CHAIN_CELL_SOURCE_LOOP]].o)->value = LS_NONE;
      ((LsCell *) cells[state->chain.cell_of[CHAIN_CELL_DEST_LOOP]].o)->value = ls_future_from_value (args[1])->loop;
      ((LsCell *) cells[state->chain.cell_of[CHAIN_CELL_SET_STATE]].o)->value =
        ls_obj (chain_inner_function (vm, state, CHAIN_INNER_SET_STATE, cells, globals));
      check_cancel = ls_obj (chain_inner_function (vm, state, CHAIN_INNER_CHECK_CANCEL, cells, globals));
      call_set_state = ls_obj (chain_inner_function (vm, state, CHAIN_INNER_CALL_SET_STATE, cells, globals));
      ok = ls_future_add_callback (vm, args[1], check_cancel, LS_NONE);
      if (ok)
        ls_concurrent_future_add_done_callback_planned (vm, plan, call_set_state);
    }
  vm->depth--;
  ls_pool_free (&vm->pool, frame_block, ls_frame_size (code));
  return ok;
}

/* _chain_future(source, destination), wrap_future's for every to_thread:
 *     cf = _concurrent()
 *     if not isfuture(source) and not isinstance(source, cf.Future): raise ...
 *     if not isfuture(destination) and ...: raise ...
 *     source_loop = _get_loop(source) if isfuture(source) else None
 *     dest_loop = _get_loop(destination) if isfuture(destination) else None
 *     def _set_state(future, other): ...
 *     def _call_check_cancel(destination): ...
 *     def _call_set_state(source): ...
 *     destination.add_done_callback(_call_check_cancel)
 *     source.add_done_callback(_call_set_state)
 * for an exact concurrent Future and a pending exact asyncio Future, when
 * chain_future_plain finds that nothing on the way can raise, wait, run
 * scenario code or reach a limit.  The body's objects are made as its
 * opcodes make them, in the same order: the frame's cells (in the code's
 * order, the two parameters' holding them), _get_loop's bound get_loop,
 * the three functions (Python functions of the code's own constants,
 * which the callbacks lists then hold as before) with their closures; its
 * charges are taken; its frame's and _get_loop's pool blocks are taken
 * and given back where the frames were made and freed; the natives it
 * called are called (_concurrent, the two add_done_callback) with the
 * depth the frame gave them.  Otherwise the Python function runs. */
static gboolean
chain_future (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureCallbackPlan plan;
  EXECUTOR_STATE ();

  if (n_args != 2 || !no_keywords (kwnames) || state->chain.inner[0] == NULL ||
      !chain_source_plain (vm, state, args[0], &plan) || !chain_destination_plain (vm, state, args[1]))
    return call_original (vm, state, FUNCTION_CHAIN_FUTURE, args, n_args, kwnames, result);
  if (!chain_run (vm, state, args, &plan))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}


/* Whether loop.create_future() is BaseEventLoop's C method (the
 * install's, as LOAD_METHOD finds it) and would make a C Future (the
 * class it reads, asyncio.futures.Future, is _asyncio.Future), and that
 * Future as chain_destination_plain would find it: its isfuture answered
 * True in C (no `__class__` in the class, `_asyncio_future_blocking` the
 * C field), its get_loop() and add_done_callback() the C Future's.
 * Reads only, through this file's caches: the loop's own memo
 * (ls_loop_create_future_is_plain would refill it) decides later whether
 * call_soon makes a Handle, so asking it here would change the heap. */
static gboolean
created_future_plain (LsVM *vm, LsExecutorNativesState *state, LsValue loop)
{
  LsClass *cls = state->future_class;
  LsModule *futures;

  return own_method_is (state, loop, NAME_CREATE_FUTURE, state->create_future) &&
         (futures = ls_value_module (ls_dict_get_str_cached (vm->modules, state->names[NAME_ASYNCIO_FUTURES],
                                                             &state->caches[NAME_ASYNCIO_FUTURES]))) != NULL &&
         same_object (ls_dict_get_str_cached (futures->dict, state->names[NAME_FUTURE], &state->global_caches[NAME_FUTURE]),
                      ls_obj (cls)) &&
         ls_is_unbound (ls_class_lookup_cached (cls, state->names[NAME_DUNDER_CLASS], &state->isfuture_caches[1][0])) &&
         same_object (ls_class_lookup_cached (cls, state->names[NAME_BLOCKING], &state->isfuture_caches[1][1]),
                      state->future_blocking) &&
         ls_future_class_gather_methods_are_native (vm, cls);
}

/* The room wrap_future's C path wants besides _chain_future's: the new
 * Future */
#define WRAP_ROOM 1024u

/* wrap_future(future, *, loop=None), as run_in_executor calls it
 * (`futures.wrap_future(executor.submit(func, *args), loop=self)`):
 *     if isfuture(future): return future
 *     assert isinstance(future, _concurrent().Future), ...
 *     if loop is None: loop = _get_event_loop()
 *     new_future = loop.create_future()
 *     _chain_future(future, new_future)
 *     return new_future
 * for an exact concurrent Future and a loop given whose create_future()
 * makes a C Future in C, when _chain_future is the native above and would
 * take its C path for them: its frame's charge and block, isfuture's
 * charge, _concurrent() called, the Future made as create_future makes
 * it, then the chain's work, with the depth the frame gave each.
 * Otherwise the Python function runs. */
static gboolean
wrap_future (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsConcurrentFutureCallbackPlan plan;
  LsValue chain_args[2], cf;
  LsFunction *original;
  gpointer block;
  gsize size;
  gboolean ok;
  EXECUTOR_STATE ();

  original = (LsFunction *) state->originals[FUNCTION_WRAP_FUTURE].o;
  if (n_args != 1 || kwnames == NULL || kwnames->len != 1 ||
      !ls_str_equal ((LsStr *) kwnames->items[0].o, state->names[NAME_LOOP]) || ls_is_none (args[1]) ||
      state->chain.inner[0] == NULL ||
      !same_object (global_of (state, original->globals, NAME_CHAIN_FUTURE), state->replacements[FUNCTION_CHAIN_FUTURE]) ||
      vm->fuel < 3 + CHAIN_CHARGE + CHAIN_CALLBACK_FUEL ||
      (guint64) vm->bytes_allocated + CHAIN_ROOM + WRAP_ROOM >= (guint64) vm->next_collection ||
      vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM + CHAIN_ROOM + WRAP_ROOM ||
      !created_future_plain (vm, state, args[1]))
    return call_original (vm, state, FUNCTION_WRAP_FUTURE, args, n_args, kwnames, result);
  /* the checks of the chain's C path, made from the frame's depth (the
   * source's and the environment's; the destination's above) */
  vm->depth++;
  ok = chain_source_plain (vm, state, args[0], &plan);
  vm->depth--;
  if (!ok)
    return call_original (vm, state, FUNCTION_WRAP_FUTURE, args, n_args, kwnames, result);

  /* the call; the frame (the fuel covers every charge) */
  (void) ls_vm_burn (vm, 1);
  vm->depth++;
  size = ls_frame_size (original->code);
  block = ls_pool_alloc (&vm->pool, size);
  /* isfuture(future); _concurrent(); isinstance charges nothing */
  (void) ls_vm_burn (vm, 1);
  ok = concurrent (vm, NULL, 0, NULL, &cf);
  g_assert (ok);
  chain_args[0] = args[0];
  /* new_future = loop.create_future(): the C method, called as CALL_METHOD
   * calls it */
  ok = ls_vm_call_unbound_native (vm, (LsNative *) state->create_future.o, &args[1], 1, NULL, &chain_args[1]) &&
       chain_run (vm, state, chain_args, &plan);
  vm->depth--;
  ls_pool_free (&vm->pool, block, size);
  *result = chain_args[1];
  return ok;
}

/* Reads _chain_future's code at the install: its five cells by name, its
 * three inner functions' codes and the cells their closures take.  FALSE
 * (no C path) when the code is not the one the C path follows. */
static gboolean
chain_layout_read (LsVM *vm, LsExecutorNativesState *state, LsFunction *function)
{
  LsCode *code = function->code;
  ChainLayout *layout = &state->chain;
  guint found = 0;

  if (code->argcount != 2 || code->kwonlyargcount != 0 || (code->flags & (LS_CODE_VARARGS | LS_CODE_VARKEYWORDS)) ||
      code->cellvars->len != N_CHAIN_CELLS || code->freevars->len != 0 || function->defaults != NULL ||
      function->kwdefaults != NULL || function->closure != NULL)
    return FALSE;
  for (guint c = 0; c < N_CHAIN_CELLS; c++)
    {
      gint32 arg = code->cell2arg != NULL ? code->cell2arg[c] : -1;
      guint i;

      for (i = 0; i < N_CHAIN_CELLS; i++)
        if (ls_str_equal ((LsStr *) code->cellvars->items[c].o, ls_str_intern_cstr (vm, chain_cell_names[i])))
          break;
      /* the parameters, and only they, start bound */
      if (i == N_CHAIN_CELLS || (found & (1u << i)) ||
          arg != (i == CHAIN_CELL_SOURCE ? 0 : i == CHAIN_CELL_DESTINATION ? 1 : -1))
        return FALSE;
      found |= 1u << i;
      layout->cell_of[i] = c;
    }
  for (guint k = 0; k < code->consts->len; k++)
    {
      LsCode *inner = ls_value_code (code->consts->items[k]);

      if (inner == NULL)
        continue;
      for (guint w = 0; w < N_CHAIN_INNER; w++)
        if (ls_str_equal (inner->name, ls_str_intern_cstr (vm, chain_inner_names[w])))
          {
            if (layout->inner[w] != NULL || inner->freevars->len > N_CHAIN_CELLS)
              return FALSE;
            layout->inner[w] = inner;
            layout->closure_len[w] = inner->freevars->len;
            for (guint f = 0; f < inner->freevars->len; f++)
              {
                guint c;

                for (c = 0; c < N_CHAIN_CELLS; c++)
                  if (ls_str_equal ((LsStr *) inner->freevars->items[f].o, (LsStr *) code->cellvars->items[c].o))
                    break;
                if (c == N_CHAIN_CELLS)
                  return FALSE;
                layout->closure_slots[w][f] = c;
              }
          }
    }
  for (guint w = 0; w < N_CHAIN_INNER; w++)
    if (layout->inner[w] == NULL)
      return FALSE;
  for (guint i = 0; i < N_CHAIN_CELLS; i++)
    {
      layout->call_set_state_index[i] = N_CHAIN_CELLS;
      for (guint f = 0; f < layout->closure_len[CHAIN_INNER_CALL_SET_STATE]; f++)
        if (layout->closure_slots[CHAIN_INNER_CALL_SET_STATE][f] == layout->cell_of[i])
          layout->call_set_state_index[i] = f;
    }
  /* _set_state is a plain function; the other two close over cells */
  return layout->closure_len[CHAIN_INNER_SET_STATE] == 0;
}

/* The value of _call_set_state's cell `which`, or LS_UNBOUND */
static inline LsValue
call_set_state_cell (LsExecutorNativesState *state, LsTuple *closure, ChainCell which)
{
  guint index = state->chain.call_set_state_index[which];
  LsValue cell;

  if (index >= closure->len)
    return LS_UNBOUND;
  cell = closure->items[index];
  return ls_is_kind (cell, LS_KIND_CELL) ? ((LsCell *) cell.o)->value : LS_UNBOUND;
}

/* The room below the next collection and the memory limit the chain's
 * callback wants: the list iterator, call_soon_threadsafe's `args` and
 * handle, with a margin (no safe point on the way may find a collection
 * due) */
#define INVOKE_ROOM 8192u

/* The charges of the two frames besides their `for` and what
 * call_soon_threadsafe's callees take: _invoke_callbacks' call, its two
 * FOR_ITER steps, the callback's call, is_closed's, call_soon_threadsafe's
 * three; and a reserve for _call_soon and wake_loop */
#define INVOKE_CHARGE 7
#define INVOKE_CALLEES_FUEL 64

gint
ls_asyncio_executor_invoke_chain (LsVM *vm, LsFunction *invoke, LsValue future, LsValue callbacks)
{
  LsExecutorNativesState *state = vm->executor_natives_state;
  LsValue callback, destination, dest_loop, source_loop, set_state, closed, iterator, handle, call_args[4];
  LsInstance *dest_instance;
  LsFunction *function;
  LsList *list;
  gpointer invoke_block, callback_block;
  gsize invoke_size, callback_size;
  gboolean ok;

  /* for callback in self._done_callbacks: one, the chain's */
  if (state == NULL || state->chain.inner[0] == NULL || (list = ls_value_list (callbacks)) == NULL ||
      callbacks.o->cls != vm->types[LS_TYPE_LIST] || list->len != 1 ||
      !ls_is_kind (list->items[0], LS_KIND_FUNCTION))
    return 0;
  callback = list->items[0];
  function = (LsFunction *) callback.o;
  if (function->code != state->chain.inner[CHAIN_INNER_CALL_SET_STATE] || function->closure == NULL ||
      function->defaults != NULL || function->kwdefaults != NULL ||
      function->globals != ((LsFunction *) state->originals[FUNCTION_CHAIN_FUTURE].o)->globals)
    return 0;
  /* the frames' limits: depth (the two frames and the natives' margins,
   * FOR_ITER's plain step), fuel (no limit check inside), heap (no
   * collection due at their safe points, no MemoryError) */
  if (invoke->code != state->invoke_code)
    {
      state->invoke_code = invoke->code;
      state->invoke_jump = ls_code_single_back_jump (invoke->code);
    }
  if (state->invoke_jump <= 0 || vm->depth + vm->native_recursion + CHAIN_DEPTH >= vm->recursion_limit ||
      vm->native_depth + 4 >= LS_VM_MAX_NATIVE_DEPTH ||
      vm->fuel < INVOKE_CHARGE + state->invoke_jump + INVOKE_CALLEES_FUEL ||
      (guint64) vm->bytes_allocated + INVOKE_ROOM >= (guint64) vm->next_collection ||
      vm->bytes_allocated >= vm->memory_cap || vm->memory_cap - vm->bytes_allocated < MEMORY_ROOM + INVOKE_ROOM)
    return 0;
  /* _call_set_state(source):
   *     if destination.cancelled() and ...: return     # not cancelled
   *     if dest_loop is None or dest_loop is source_loop: ...
   *     else:
   *         if dest_loop.is_closed(): return           # open
   *         dest_loop.call_soon_threadsafe(_set_state, destination, source) */
  destination = call_set_state_cell (state, function->closure, CHAIN_CELL_DESTINATION);
  dest_loop = call_set_state_cell (state, function->closure, CHAIN_CELL_DEST_LOOP);
  source_loop = call_set_state_cell (state, function->closure, CHAIN_CELL_SOURCE_LOOP);
  set_state = call_set_state_cell (state, function->closure, CHAIN_CELL_SET_STATE);
  if (!ls_future_is_exact (vm, destination) || ls_future_from_value (destination)->state != LS_FUTURE_PENDING ||
      ls_is_unbound (dest_loop) || ls_is_none (dest_loop) || ls_is_unbound (source_loop) ||
      ls_future_value_is (dest_loop, source_loop) || ls_is_unbound (set_state))
    return 0;
  dest_instance = (LsInstance *) destination.o;
  if (!same_object (ls_class_lookup_cached (destination.o->cls, state->names[NAME_CANCELLED], &state->class_caches[NAME_CANCELLED]),
                    state->future_cancelled) ||
      (dest_instance->dict != NULL && !ls_is_unbound (ls_dict_get_str (dest_instance->dict, state->names[NAME_CANCELLED]))) ||
      !own_method_is (state, dest_loop, NAME_IS_CLOSED, state->replacements[FUNCTION_IS_CLOSED]) ||
      !own_attribute (state, dest_loop, NAME_CLOSED, &closed) || !ls_is_bool (closed) || closed.b ||
      !own_method_is (state, dest_loop, NAME_CALL_SOON_THREADSAFE, state->replacements[FUNCTION_CALL_SOON_THREADSAFE]))
    return 0;
  call_args[0] = dest_loop;
  call_args[1] = set_state;
  call_args[2] = destination;
  call_args[3] = future;
  if (!threadsafe_plain (vm, state, call_args, 4, NULL))
    return 0;

  /* _invoke_callbacks: its call, its frame's block, GET_ITER's iterator,
   * FOR_ITER's step (the item is the one callback) */
  (void) ls_vm_burn (vm, 1);
  vm->depth++;
  invoke_size = ls_frame_size (invoke->code);
  invoke_block = ls_pool_alloc (&vm->pool, invoke_size);
  ok = ls_get_iter (vm, callbacks, &iterator);
  g_assert (ok);
  vm->fuel--;
  /* callback(self): its call and frame, then its body's two calls */
  (void) ls_vm_burn (vm, 1);
  vm->depth++;
  callback_size = ls_frame_size (function->code);
  callback_block = ls_pool_alloc (&vm->pool, callback_size);
  /* is_closed's native: its answer (False) as it gives it, then
   * call_soon_threadsafe's fast path, which threadsafe_plain found open
   * to these arguments */
  ok = answer_for_skipped_frame (vm, state, FUNCTION_IS_CLOSED, 1, closed, &closed) &&
       threadsafe_run (vm, state, call_args, 4, NULL, &handle);
  ls_pool_free (&vm->pool, callback_block, callback_size);
  vm->depth--;
  if (ok)
    {
      /* the `for`'s back-jump (its safe point finds nothing to do), and
       * FOR_ITER's step that ends the loop */
      (void) ls_vm_burn (vm, state->invoke_jump);
      vm->fuel--;
    }
  ls_pool_free (&vm->pool, invoke_block, invoke_size);
  vm->depth--;
  return ok ? 1 : -1;
}

/* _set_state(future, other), the chain's, as the loop calls it
 * (call_soon_threadsafe's handle; call_function's checks and charge
 * made):
 *     if isfuture(future):
 *         _copy_future_state(other, future)
 *     else: ...
 * for an exact asyncio Future whose isfuture is answered in C and a
 * copy that _copy_future_state's native makes in C (a finished
 * concurrent future with a result, a pending destination): its frame's
 * block taken and given back around the two calls, isfuture's charge
 * taken, the copy done as the native does it, at the depth the frame
 * gave it.  Otherwise the frame runs (nothing done here). */
static LsShortcutResult
set_state_call (LsVM *vm, LsObject *callee, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *out)
{
  LsExecutorNativesState *state = vm->executor_natives_state;
  LsFunction *function = (LsFunction *) callee;
  LsConcurrentFutureCopyPlan plan;
  gboolean is_future, ok;
  gpointer block;
  gsize size;

  if (state == NULL || state->chain.inner[0] == NULL || n_args != 2 || !no_keywords (kwnames) ||
      function->globals != ((LsFunction *) state->originals[FUNCTION_CHAIN_FUTURE].o)->globals ||
      function->closure != NULL || function->defaults != NULL || function->kwdefaults != NULL ||
      vm->depth + CHAIN_DEPTH >= vm->recursion_limit || vm->c_depth + 1 >= CHAIN_C_DEPTH || vm->fuel < 1 + 15 ||
      !same_object (global_of (state, function->globals, NAME_ISFUTURE), state->isfuture) ||
      !isfuture_known (vm, state, args[0], 1, &is_future) || !is_future ||
      !ls_concurrent_future_copy_state_plain (vm, global_of (state, function->globals, NAME_COPY_FUTURE_STATE),
                                              args[1], args[0], &plan))
    return LS_SHORTCUT_DECLINED;
  size = ls_frame_size (function->code);
  block = ls_pool_alloc (&vm->pool, size);
  vm->depth++;
  /* isfuture(future)'s charge (the fuel covers it) */
  (void) ls_vm_burn (vm, 1);
  ok = ls_concurrent_future_copy_state_planned (vm, args[0], &plan);
  vm->depth--;
  ls_pool_free (&vm->pool, block, size);
  *out = LS_NONE;
  return ok ? LS_SHORTCUT_DONE : LS_SHORTCUT_FAILED;
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
  [FUNCTION_CHAIN_FUTURE] = { chain_future, FALSE },
  [FUNCTION_WRAP_FUTURE] = { wrap_future, FALSE },
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
  state->isfuture = state->get_loop_function = state->future_cancelled = state->future_blocking = LS_UNBOUND;
  state->create_future = LS_UNBOUND;
  state->wake_loop = ls_dict_get_str (((LsModule *) module.o)->dict, state->names[NAME_WAKE_LOOP]);
  state->isinstance = ls_dict_get_str (vm->builtins, state->names[NAME_ISINSTANCE]);
  state->getattr = ls_dict_get_str (vm->builtins, state->names[NAME_GETATTR]);
  /* the module keeps the state alive */
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_executor_natives"), ls_obj (state));
  vm->executor_natives_state = state;
  return state;
}

/* _chain_future's native, when its code is the one chain_layout_read
 * knows (it calls the natives of _concurrent and isfuture, _asyncio's),
 * then wrap_future's, which calls it and BaseEventLoop's C create_future,
 * and the loop's call of the chain's _set_state */
static void
install_chain (LsVM *vm, LsExecutorNativesState *state, LsModule *futures, LsClass *base_loop)
{
  LsValue chain = ls_dict_get_str (futures->dict, ls_str_intern_cstr (vm, function_names[FUNCTION_CHAIN_FUTURE]));
  LsModule *asyncio_c;
  LsClass *future;

  state->isfuture = ls_dict_get_str (futures->dict, state->names[NAME_ISFUTURE]);
  /* _asyncio.Future's own methods and field, before a scenario runs */
  asyncio_c = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_asyncio")));
  future = asyncio_c != NULL ? ls_value_class (ls_dict_get_str (asyncio_c->dict, state->names[NAME_FUTURE])) : NULL;
  state->future_class = future;
  state->future_cancelled = future != NULL ? ls_class_lookup (future, state->names[NAME_CANCELLED]) : LS_UNBOUND;
  state->future_blocking = future != NULL ? ls_class_lookup (future, state->names[NAME_BLOCKING]) : LS_UNBOUND;
  state->get_loop_function = ls_dict_get_str (futures->dict, state->names[NAME_GET_LOOP_FUNCTION]);
  if (!ls_is_unbound (state->replacements[FUNCTION_CONCURRENT]) && ls_is_kind (state->isfuture, LS_KIND_NATIVE) &&
      ls_is_kind (state->get_loop_function, LS_KIND_FUNCTION) && ls_is_kind (chain, LS_KIND_FUNCTION) &&
      ls_is_kind (state->isinstance, LS_KIND_NATIVE) && chain_layout_read (vm, state, (LsFunction *) chain.o))
    replace (vm, state, FUNCTION_CHAIN_FUTURE, futures->dict, futures->dict);
  /* the chain's layout read means its native is in place (the C paths
   * below ask no more than that) */
  if (ls_is_unbound (state->replacements[FUNCTION_CHAIN_FUTURE]))
    memset (&state->chain, 0, sizeof state->chain);
  else
    {
      /* wrap_future calls it, and loop.create_future() */
      state->create_future = ls_dict_get_str (base_loop->dict, state->names[NAME_CREATE_FUTURE]);
      if (state->future_class != NULL && ls_is_kind (state->future_blocking, LS_KIND_PROPERTY) &&
          ls_is_kind (state->create_future, LS_KIND_NATIVE) && ((LsNative *) state->create_future.o)->is_method)
        replace (vm, state, FUNCTION_WRAP_FUTURE, futures->dict, futures->dict);
      /* the loop's call of the chain's _set_state */
      if (vm->call_shortcut_codes[2] == NULL)
        {
          vm->call_shortcut_codes[2] = state->chain.inner[CHAIN_INNER_SET_STATE];
          vm->call_shortcuts[2] = set_state_call;
        }
    }
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
    {
      replace (vm, state, FUNCTION_CONCURRENT, futures->dict, futures->dict);
      install_chain (vm, state, futures, base_loop);
    }
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
