/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-gather.c — gather()'s per-child callback without its frame
 * (see ls-asyncio-gather.h).
 *
 * The Python callback (asyncio.tasks) is
 *
 *     def _done_callback(fut):
 *         nonlocal nfinished
 *         nfinished += 1
 *         if outer is None or outer.done():
 *             ...                                   # the frame runs
 *         if not return_exceptions:
 *             if fut.cancelled():
 *                 ...                               # the frame runs
 *             else:
 *                 exc = fut.exception()
 *                 if exc is not None:
 *                     ...                           # the frame runs
 *         if nfinished == nfuts:
 *             results = []
 *             for fut in children:
 *                 if fut.cancelled():
 *                     ...                           # the frame runs
 *                 else:
 *                     res = fut.exception()
 *                     if res is None:
 *                         res = fut.result()
 *                 results.append(res)
 *             if outer._cancel_requested:
 *                 ...                               # the frame runs
 *             else:
 *                 outer.set_result(results)
 *
 * Everything is decided before anything changes: the children are the C
 * Future or Task (their methods the natives), the gathering future is
 * the library's _GatheringFuture with the C methods, its loop's call_soon
 * can neither raise nor run Python.  Then the same changes are made in
 * the same order (the counter, each child's retrieved flag, the result
 * with its trace records and callbacks) and the frame's charges with
 * them: the call is charged by call_function, the loop's instructions as
 * FOR_ITER and its backward jump charge them, all before set_result as
 * in the frame (none of them can be seen but where a limit stops the
 * run, which is before set_result in both).  The heap grows by the same
 * objects (the loop's list iterator, the results list and its growth),
 * and when that could make a collection due at the loop's backward jumps
 * (its safe points) the frame runs, so collections, and where a memory
 * limit is met, stay where they were.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-asyncio-gather.h"

#include "ls-asyncio-future.h"
#include "ls-asyncio-loop.h"
#include "ls-asyncio-task.h"
#include "ls-class.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-list.h"
#include "ls-opcodes.h"
#include "ls-ops.h"
#include "ls-vm-private.h"

/* The closure's free variables the body reads, by name. */
typedef enum
{
  CELL_CHILDREN,
  CELL_NFINISHED,
  CELL_NFUTS,
  CELL_OUTER,
  CELL_RETURN_EXCEPTIONS,
  N_CELLS
} GatherCell;

static const char *const cell_names[N_CELLS] = { "children", "nfinished", "nfuts", "outer", "return_exceptions" };

/* The future methods the body calls, looked up on each class it meets. */
typedef enum
{
  METHOD_DONE,
  METHOD_CANCELLED,
  METHOD_EXCEPTION,
  METHOD_RESULT,
  METHOD_SET_RESULT,
  N_METHODS
} GatherMethod;

static const char *const method_names[N_METHODS] = { "done", "cancelled", "exception", "result", "set_result" };

typedef struct _LsGatherState
{
  LsExtension        header;
  LsValue            gather;              /* asyncio.tasks.gather, whose code holds the callback's */
  LsClass           *gathering_class;     /* asyncio.tasks._GatheringFuture */
  LsClass           *future_class;        /* _asyncio.Future and _asyncio.Task */
  LsClass           *task_class;
  LsValue            natives[N_METHODS];  /* _asyncio.Future's methods, the natives */
  LsStr             *method_names[N_METHODS];
  LsStr             *cancel_requested_name;
  guint              cell_index[N_CELLS]; /* in the code's freevars */
  gint64             loop_charge;         /* a result loop's iteration: FOR_ITER and the backward jump */
  LsClassLookupCache lookups[2][N_METHODS]; /* [0] the children's classes, [1] the gathering future's */
  LsDictStrCache     outer_dict_caches[3]; /* done, set_result, _cancel_requested in its instance dict */
} LsGatherState;

static void
state_mark (LsVM     *vm,
            LsObject *object)
{
  LsGatherState *self = (LsGatherState *) object;

  ls_gc_mark_value (vm, self->gather);
  ls_gc_mark_object (vm, (LsObject *) self->gathering_class);
  ls_gc_mark_object (vm, (LsObject *) self->future_class);
  ls_gc_mark_object (vm, (LsObject *) self->task_class);
  ls_gc_mark_values (vm, self->natives, N_METHODS);
  for (guint i = 0; i < N_METHODS; i++)
    ls_gc_mark_object (vm, (LsObject *) self->method_names[i]);
  ls_gc_mark_object (vm, (LsObject *) self->cancel_requested_name);
}

static const LsExtensionVTable state_vtable = { "_asyncio gather state", state_mark, NULL };

/* More than the last call allocates before set_result for `n` children:
 * the list iterator, the results list and its storage as it grows. */
static inline guint64
loop_bytes_bound (gsize n)
{
  return 4096 + 64 * (guint64) n;
}

static inline gboolean
same (LsValue a, LsValue b)
{
  return a.tag == LS_TAG_OBJECT && b.tag == LS_TAG_OBJECT && a.o == b.o;
}

static inline LsValue
cell_value (LsGatherState *state, LsFunction *function, GatherCell cell)
{
  return ((LsCell *) function->closure->items[state->cell_index[cell]].o)->value;
}

/* `method` of `v` is the C Future's native: through its class (cached),
 * and not hidden by its instance dict. */
static inline gboolean
method_is_native (LsGatherState *state, LsValue v, GatherMethod method, guint which)
{
  LsInstance *instance = (LsInstance *) v.o;

  return same (ls_class_lookup_cached (v.o->cls, state->method_names[method], &state->lookups[which][method]),
               state->natives[method]) &&
         (instance->dict == NULL || ls_is_unbound (ls_dict_get_str (instance->dict, state->method_names[method])));
}

/* A child whose cancelled(), exception() and result() are the C Future's
 * and which finished with a result (no exception): those calls return
 * False, None and its result. */
static inline LsFuture *
finished_child (LsGatherState *state, LsValue v)
{
  LsFuture *future;

  if (v.tag != LS_TAG_OBJECT || v.o->kind != LS_KIND_INSTANCE ||
      (v.o->cls != state->future_class && v.o->cls != state->task_class))
    return NULL;
  future = (LsFuture *) v.o;
  if (future->state != LS_FUTURE_FINISHED || !ls_is_unbound (future->exception) || ls_is_unbound (future->loop) ||
      !method_is_native (state, v, METHOD_CANCELLED, 0) || !method_is_native (state, v, METHOD_EXCEPTION, 0) ||
      !method_is_native (state, v, METHOD_RESULT, 0))
    return NULL;
  return future;
}

/* The gathering future, pending, with done() and set_result() the C
 * Future's and _cancel_requested False. */
static inline LsFuture *
pending_outer (LsVM *vm, LsGatherState *state, LsValue v)
{
  LsInstance *instance;
  LsFuture *future;

  if (v.tag != LS_TAG_OBJECT || v.o->kind != LS_KIND_INSTANCE || v.o->cls != state->gathering_class)
    return NULL;
  instance = (LsInstance *) v.o;
  future = (LsFuture *) v.o;
  if (future->state != LS_FUTURE_PENDING || ls_is_unbound (future->loop) || instance->dict == NULL ||
      !same (ls_class_lookup_cached (v.o->cls, state->method_names[METHOD_DONE], &state->lookups[1][METHOD_DONE]),
             state->natives[METHOD_DONE]) ||
      !same (ls_class_lookup_cached (v.o->cls, state->method_names[METHOD_SET_RESULT],
                                     &state->lookups[1][METHOD_SET_RESULT]),
             state->natives[METHOD_SET_RESULT]) ||
      !ls_is_unbound (ls_dict_get_str_cached (instance->dict, state->method_names[METHOD_DONE],
                                              &state->outer_dict_caches[0])) ||
      !ls_is_unbound (ls_dict_get_str_cached (instance->dict, state->method_names[METHOD_SET_RESULT],
                                              &state->outer_dict_caches[1])) ||
      !ls_loop_call_soon_is_plain (vm, future->loop))
    return NULL;
  return future;
}

static LsShortcutResult
gather_done_callback (LsVM          *vm,
                      LsObject      *callee,
                      const LsValue *args,
                      guint          n_args,
                      LsTuple       *kwnames,
                      LsValue       *out)
{
  LsFunction *function = (LsFunction *) callee;
  LsGatherState *state = vm->gather_state;
  LsValue nfinished, nfuts, outer_value, return_exceptions, children_value, cancel_requested, iterator;
  LsFuture *fut, *outer;
  LsList *children, *results;
  gboolean last;

  /* the natives it calls would check their nesting */
  if (state == NULL || n_args != 1 || (kwnames != NULL && kwnames->len > 0) || function->closure == NULL ||
      vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH)
    return LS_SHORTCUT_DECLINED;
  nfinished = cell_value (state, function, CELL_NFINISHED);
  nfuts = cell_value (state, function, CELL_NFUTS);
  return_exceptions = cell_value (state, function, CELL_RETURN_EXCEPTIONS);
  outer_value = cell_value (state, function, CELL_OUTER);
  if (!ls_is_int (nfinished) || !ls_is_int (nfuts) || nfinished.i >= G_MAXINT64 - 1 || !ls_is_bool (return_exceptions) ||
      (fut = finished_child (state, args[0])) == NULL || (outer = pending_outer (vm, state, outer_value)) == NULL)
    return LS_SHORTCUT_DECLINED;
  last = nfinished.i + 1 == nfuts.i;
  children = NULL;
  if (last)
    {
      children_value = cell_value (state, function, CELL_CHILDREN);
      cancel_requested = ls_dict_get_str_cached (((LsInstance *) outer)->dict, state->cancel_requested_name,
                                                 &state->outer_dict_caches[2]);
      children = ls_value_list (children_value);
      /* the loop's FOR_ITER runs as the interpreter's plain one only below
       * the recursion bound of a built-in iterator's next */
      if (children == NULL || children_value.o->cls != vm->types[LS_TYPE_LIST] || !ls_is_bool (cancel_requested) ||
          cancel_requested.b || vm->depth + 1 + vm->native_recursion + 1 >= vm->recursion_limit ||
          (guint64) vm->bytes_allocated + loop_bytes_bound (children->len) >= (guint64) MIN (vm->next_collection, vm->memory_cap))
        return LS_SHORTCUT_DECLINED;
      for (gsize i = 0; i < children->len; i++)
        if (finished_child (state, children->items[i]) == NULL)
          return LS_SHORTCUT_DECLINED;
    }

  /* nfinished += 1; outer.done() is False */
  ((LsCell *) function->closure->items[state->cell_index[CELL_NFINISHED]].o)->value = ls_int (nfinished.i + 1);
  /* if not return_exceptions: fut.cancelled() is False, fut.exception() None */
  if (!return_exceptions.b)
    fut->log_traceback = FALSE;
  *out = LS_NONE;
  if (!last)
    return LS_SHORTCUT_DONE;

  /* the loop's charges: each item's FOR_ITER and backward jump, then the
   * FOR_ITER that ends it (each a check of the limit, as ls_iter_next's
   * step when the fuel runs out there) */
  if (!ls_vm_burn (vm, (gint64) children->len * state->loop_charge + 1))
    return LS_SHORTCUT_FAILED;
  /* the loop's iterator, made and dropped as GET_ITER makes it */
  if (!ls_get_iter (vm, ls_obj (children), &iterator))
    return LS_SHORTCUT_FAILED;
  results = ls_list_new (vm, 0);
  ls_vm_push_root (vm, ls_obj (results));
  for (gsize i = 0; i < children->len; i++)
    {
      LsFuture *child = (LsFuture *) children->items[i].o;

      child->log_traceback = FALSE;   /* exception(), then result() */
      ls_list_append (vm, results, ls_is_unbound (child->result) ? LS_NONE : child->result);
    }
  /* outer._cancel_requested is False: outer.set_result(results) */
  if (!ls_future_finish_result (vm, ls_obj (outer), ls_obj (results)))
    {
      ls_vm_pop_roots (vm, 1);
      return LS_SHORTCUT_FAILED;
    }
  ls_vm_pop_roots (vm, 1);
  return LS_SHORTCUT_DONE;
}

/* --- install -------------------------------------------------------------- */

static LsCode *
inner_code (LsFunction *function, const char *name)
{
  LsTuple *consts = function->code->consts;

  for (gsize i = 0; consts != NULL && i < consts->len; i++)
    if (ls_is_kind (consts->items[i], LS_KIND_CODE) &&
        strcmp (((LsCode *) consts->items[i].o)->name->data, name) == 0)
      return (LsCode *) consts->items[i].o;
  return NULL;
}

/* What one turn of the code's only `for` loop charges: FOR_ITER's one and
 * the backward jump's length (ip past the jump minus its target); 0 when
 * the code is not shaped so. */
static gint64
loop_charge_of (LsCode *code)
{
  gint64 for_iter = -1, charge = 0;

  for (guint32 ip = 0; ip < code->n_instructions; ip++)
    {
      guint32 word = code->instructions[ip];

      if (LS_INSTR_OP (word) == LS_OP_FOR_ITER)
        {
          if (for_iter >= 0)
            return 0;
          for_iter = ip;
        }
      else if (LS_INSTR_OP (word) == LS_OP_JUMP && LS_INSTR_ARG (word) <= ip)
        {
          if (charge != 0 || (gint64) LS_INSTR_ARG (word) != for_iter)
            return 0;
          charge = 1 + (gint64) (ip + 1 - LS_INSTR_ARG (word));
        }
      else if ((LS_INSTR_OP (word) == LS_OP_POP_JUMP_IF_FALSE || LS_INSTR_OP (word) == LS_OP_POP_JUMP_IF_TRUE ||
                LS_INSTR_OP (word) == LS_OP_JUMP_IF_FALSE_OR_POP || LS_INSTR_OP (word) == LS_OP_JUMP_IF_TRUE_OR_POP) &&
               LS_INSTR_ARG (word) <= ip)
        return 0;   /* another backward jump: not the loop we know */
    }
  return for_iter >= 0 ? charge : 0;
}

static LsClass *
asyncio_class (LsVM *vm, const char *name)
{
  LsModule *module = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_asyncio")));

  return module != NULL ? ls_value_class (ls_dict_get_str (module->dict, ls_str_intern_cstr (vm, name))) : NULL;
}

/* _install_gather(gather, _GatheringFuture) */
static gboolean
install_gather (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsGatherState *state;
  LsCode *code;
  LsModule *module;

  if (!ls_check_args (vm, "_install_gather", n_args, kwnames, 2, 2))
    return FALSE;
  if (!ls_is_kind (args[0], LS_KIND_FUNCTION) || ls_value_class (args[1]) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_install_gather() takes gather and _GatheringFuture");
  module = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_asyncio")));
  if (module == NULL)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_asyncio is not loaded");
  code = inner_code ((LsFunction *) args[0].o, "_done_callback");
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsGatherState));
  state->header.vtable = &state_vtable;
  state->gather = args[0];
  state->gathering_class = ls_value_class (args[1]);
  state->future_class = asyncio_class (vm, "Future");
  state->task_class = asyncio_class (vm, "Task");
  state->cancel_requested_name = ls_str_intern_cstr (vm, "_cancel_requested");
  if (code == NULL || state->future_class == NULL || state->task_class == NULL || code->freevars == NULL ||
      code->argcount != 1 || (state->loop_charge = loop_charge_of (code)) == 0)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_install_gather(): gather is not the library's");
  for (guint i = 0; i < N_CELLS; i++)
    {
      gsize j;

      for (j = 0; j < code->freevars->len; j++)
        if (strcmp (((LsStr *) code->freevars->items[j].o)->data, cell_names[i]) == 0)
          break;
      if (j == code->freevars->len)
        return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_install_gather(): gather is not the library's");
      state->cell_index[i] = (guint) j;
    }
  for (guint i = 0; i < N_METHODS; i++)
    {
      state->method_names[i] = ls_str_intern_cstr (vm, method_names[i]);
      state->natives[i] = ls_dict_get_str (state->future_class->dict, state->method_names[i]);
      if (!ls_is_kind (state->natives[i], LS_KIND_NATIVE))
        return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_install_gather(): _asyncio.Future.%s is not native",
                         method_names[i]);
    }
  /* the module keeps the state alive */
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_gather_state"), ls_obj (state));
  vm->gather_state = state;
  vm->call_shortcut_code = code;
  vm->call_shortcut = gather_done_callback;
  *result = LS_NONE;
  return TRUE;
}

void
ls_asyncio_gather_add_functions (LsVM     *vm,
                                 LsModule *module)
{
  ls_module_add_function (vm, module, "_install_gather", install_gather);
}
