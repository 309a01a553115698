/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-gather.c — gather()'s per-child callback without its frame,
 * and gather(*children) itself for coroutine children (gather_call,
 * below; see ls-asyncio-gather.h).
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

#include "ls-asyncio-ensure-future.h"
#include "ls-asyncio-future.h"
#include "ls-asyncio-loop.h"
#include "ls-asyncio-task.h"
#include "ls-class.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-iterator.h"
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

/* The names gather's body reads from asyncio.tasks. */
typedef enum
{
  GATHER_NAME_ENSURE_FUTURE,
  GATHER_NAME_FUTURES,
  GATHER_NAME_GATHERING_FUTURE,
  GATHER_NAME_FUTURE,
  GATHER_NAME_TRACE,
  N_GATHER_NAMES
} GatherName;

static const char *const gather_name_texts[N_GATHER_NAMES] = {
  "_ensure_future", "futures", "_GatheringFuture", "_Future", "_trace",
};

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
  guint              cellvar_cell[N_CELLS]; /* gather's cellvars, in its code's order */
  gint64             loop_charge;         /* a result loop's iteration: FOR_ITER and the backward jump */
  LsClassLookupCache outer_lookups[N_METHODS]; /* the gathering future's class */
  /* gather() itself (gather_call): NULL/unbound when not installed */
  LsCode            *gather_code;
  gint64             gather_loop_charge;  /* its loop's turn: FOR_ITER and the backward jump */
  LsDict            *tasks_globals;
  LsStr             *gather_names[N_GATHER_NAMES];
  LsValue            gather_values[N_GATHER_NAMES]; /* each name's value in asyncio.tasks at install */
  LsDictStrCache     gather_caches[N_GATHER_NAMES];
  LsDictStrCache     get_loop_cache;
  LsValue            tuple_iter;          /* tuple.__iter__, a native */
  LsDictStrCache     gather_created_cache;
  LsValue            get_loop_function;   /* asyncio.futures._get_loop */
  LsValue            gathering_init;      /* _GatheringFuture.__init__ */
  LsCode            *gathering_init_code; /* and its code */
  LsStr             *children_name;       /* "_children" */
  /* gathering_class_is_plain()'s answer at this class epoch */
  guint64            gathering_epoch;
  gboolean           gathering_plain;
  LsValue            future_init;         /* _asyncio.Future.__init__, a native */
  LsValue            gather_created;      /* _trace.gather_created, a native */
  LsStr             *return_exceptions_name;
  LsStr             *log_destroy_pending_name;
  LsStr             *get_loop_name;
  LsStr             *gather_created_name;
  LsStr             *get_loop_function_name;  /* "_get_loop" */
  /* task_store_is_native()'s last answer, by Task class and class epoch */
  const LsClass     *store_class;
  guint64            store_class_epoch;
  gboolean           store_class_native;
  gboolean           store_sets_field;    /* and that setter is the C Task's field's */
  /* children_natives()'s last answer: a child's class and the class epoch */
  const LsClass     *child_class;
  guint64            child_class_epoch;
  gboolean           child_class_natives;
  LsDictStrCache     outer_dict_caches[3]; /* done, set_result, _cancel_requested in its instance dict */
  LsDictStrCache     return_exceptions_cache; /* in gather's kwdefaults */
  /* ls_future_class_gather_methods_are_native()'s last answer, by Task
   * class and class epoch, with the get_loop that class finds then */
  const LsClass     *methods_class;
  guint64            methods_class_epoch;
  gboolean           methods_class_native;
  LsValue            methods_get_loop;
  /* the next function of tuple.__iter__'s iterators, learnt from the
   * first one made (NULL until then) */
  LsIteratorNext     tuple_iter_next;
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
  ls_gc_mark_object (vm, (LsObject *) self->tasks_globals);
  for (guint i = 0; i < N_GATHER_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) self->gather_names[i]);
  ls_gc_mark_values (vm, self->gather_values, N_GATHER_NAMES);
  ls_gc_mark_value (vm, self->get_loop_function);
  ls_gc_mark_value (vm, self->gathering_init);
  ls_gc_mark_value (vm, self->tuple_iter);
  ls_gc_mark_value (vm, self->future_init);
  ls_gc_mark_value (vm, self->gather_created);
  ls_gc_mark_object (vm, (LsObject *) self->return_exceptions_name);
  ls_gc_mark_object (vm, (LsObject *) self->log_destroy_pending_name);
  ls_gc_mark_object (vm, (LsObject *) self->get_loop_name);
  ls_gc_mark_object (vm, (LsObject *) self->gather_created_name);
  ls_gc_mark_object (vm, (LsObject *) self->gathering_init_code);
  ls_gc_mark_object (vm, (LsObject *) self->children_name);
  ls_gc_mark_object (vm, (LsObject *) self->get_loop_function_name);
  ls_gc_mark_value (vm, self->methods_get_loop);
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

/* ls_dict_get_str_cached, inlined where gather_call reads its names (GCC
 * keeps the header's out of line here, and as calls they cost three
 * times the read). */
static inline G_ALWAYS_INLINE LsValue
cached_get (LsDict *dict, LsStr *key, LsDictStrCache *cache)
{
  if (G_LIKELY (cache->dict == dict && cache->version == dict->keys_version))
    return cache->index < 0 ? LS_UNBOUND : dict->entries[cache->index].value;
  return ls_dict_get_str_refill (dict, key, cache);
}

static inline LsValue
cell_value (LsGatherState *state, LsFunction *function, GatherCell cell)
{
  return ((LsCell *) function->closure->items[state->cell_index[cell]].o)->value;
}

/* Whether a child's class finds the C Future's cancelled(), exception()
 * and result(): the three lookups' answer, kept while the class and the
 * class epoch stay (each of a gather's children asks, the last child for
 * all of them again). */
static inline gboolean
class_has_child_natives (LsGatherState *state, const LsClass *cls)
{
  guint64 epoch = ls_class_epoch ();

  if (G_UNLIKELY (state->child_class != cls || state->child_class_epoch != epoch))
    {
      state->child_class_natives =
        same (ls_class_lookup (cls, state->method_names[METHOD_CANCELLED]), state->natives[METHOD_CANCELLED]) &&
        same (ls_class_lookup (cls, state->method_names[METHOD_EXCEPTION]), state->natives[METHOD_EXCEPTION]) &&
        same (ls_class_lookup (cls, state->method_names[METHOD_RESULT]), state->natives[METHOD_RESULT]);
      state->child_class = cls;
      state->child_class_epoch = epoch;
    }
  return state->child_class_natives;
}

/* Not hidden by an instance dict: a C Future or Task has none until an
 * attribute of its own is set. */
static inline gboolean
instance_keeps_child_natives (LsGatherState *state, LsInstance *instance)
{
  return instance->dict == NULL ||
         (ls_is_unbound (ls_dict_get_str (instance->dict, state->method_names[METHOD_CANCELLED])) &&
          ls_is_unbound (ls_dict_get_str (instance->dict, state->method_names[METHOD_EXCEPTION])) &&
          ls_is_unbound (ls_dict_get_str (instance->dict, state->method_names[METHOD_RESULT])));
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
      !class_has_child_natives (state, v.o->cls) || !instance_keeps_child_natives (state, (LsInstance *) v.o))
    return NULL;
  return future;
}

/* The gathering future's dict holds _children and _cancel_requested
 * and nothing else, as its __init__ left it (the two keys the interned
 * names themselves): then neither `done` nor `set_result` is in it, and
 * _cancel_requested is its second entry.  Each gather has its own dict
 * and their children finish interleaved, so the dict caches below miss
 * at nearly every child (~110 instructions for the two). */
static inline gboolean
outer_dict_is_own (LsGatherState *state, const LsDict *dict)
{
  return dict->len == 2 && dict->n_entries == 2 && dict->entries[0].key.tag == LS_TAG_OBJECT &&
         dict->entries[0].key.o == (LsObject *) state->children_name && dict->entries[1].key.tag == LS_TAG_OBJECT &&
         dict->entries[1].key.o == (LsObject *) state->cancel_requested_name;
}

/* The gathering future, pending, with done() the C Future's; for the
 * last child (`last`), which calls set_result(), that one the C Future's
 * too and its loop's call_soon plain (the others call neither: checking
 * them there was most of a child's cost). */
static inline LsFuture *
pending_outer (LsVM *vm, LsGatherState *state, LsValue v, gboolean last)
{
  LsInstance *instance;
  LsFuture *future;

  if (v.tag != LS_TAG_OBJECT || v.o->kind != LS_KIND_INSTANCE || v.o->cls != state->gathering_class)
    return NULL;
  instance = (LsInstance *) v.o;
  future = (LsFuture *) v.o;
  if (future->state != LS_FUTURE_PENDING || ls_is_unbound (future->loop) || instance->dict == NULL ||
      !same (ls_class_lookup_cached (v.o->cls, state->method_names[METHOD_DONE], &state->outer_lookups[METHOD_DONE]),
             state->natives[METHOD_DONE]) ||
      (!outer_dict_is_own (state, instance->dict) &&
       !ls_is_unbound (ls_dict_get_str_cached (instance->dict, state->method_names[METHOD_DONE],
                                               &state->outer_dict_caches[0]))))
    return NULL;
  if (last &&
      (!same (ls_class_lookup_cached (v.o->cls, state->method_names[METHOD_SET_RESULT],
                                      &state->outer_lookups[METHOD_SET_RESULT]),
              state->natives[METHOD_SET_RESULT]) ||
       (!outer_dict_is_own (state, instance->dict) &&
        !ls_is_unbound (ls_dict_get_str_cached (instance->dict, state->method_names[METHOD_SET_RESULT],
                                                &state->outer_dict_caches[1]))) ||
       !ls_loop_call_soon_is_plain (vm, future->loop)))
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
  if (!ls_is_int (nfinished) || !ls_is_int (nfuts) || nfinished.i >= G_MAXINT64 - 1 || !ls_is_bool (return_exceptions))
    return LS_SHORTCUT_DECLINED;
  last = nfinished.i + 1 == nfuts.i;
  if ((fut = finished_child (state, args[0])) == NULL || (outer = pending_outer (vm, state, outer_value, last)) == NULL)
    return LS_SHORTCUT_DECLINED;
  children = NULL;
  if (last)
    {
      LsDict *outer_dict = ((LsInstance *) outer)->dict;

      children_value = cell_value (state, function, CELL_CHILDREN);
      cancel_requested = outer_dict_is_own (state, outer_dict)
                           ? outer_dict->entries[1].value
                           : ls_dict_get_str_cached (outer_dict, state->cancel_requested_name, &state->outer_dict_caches[2]);
      children = ls_value_list (children_value);
      /* the loop's FOR_ITER runs as the interpreter's plain one only below
       * the recursion bound of a built-in iterator's next */
      if (children == NULL || children_value.o->cls != vm->types[LS_TYPE_LIST] || !ls_is_bool (cancel_requested) ||
          cancel_requested.b || vm->depth + 1 + vm->native_recursion + 1 >= vm->recursion_limit ||
          (guint64) vm->bytes_allocated + loop_bytes_bound (children->len) >= (guint64) MIN (vm->next_collection, vm->memory_cap))
        return LS_SHORTCUT_DECLINED;
      for (gsize i = 0; i < children->len; i++)
        if (!same (children->items[i], args[0]) && finished_child (state, children->items[i]) == NULL)
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

/* --- gather() itself ------------------------------------------------------- */

/* Whether `fut._log_destroy_pending = False` on an instance of `cls`
 * reaches the C field's native setter without running Python: object's
 * __setattr__ and the C Task's own property.  Kept per class epoch. */
static gboolean
task_store_is_native (LsVM *vm, LsGatherState *state, LsClass *cls)
{
  guint64 epoch = ls_class_epoch ();

  if (G_UNLIKELY (state->store_class != cls || state->store_class_epoch != epoch))
    {
      LsValue attr = ls_class_lookup (cls, state->log_destroy_pending_name);

      state->store_class_native =
        !ls_class_overrides (vm, cls, vm->names[LS_NAME___setattr__]) && ls_is_kind (attr, LS_KIND_PROPERTY) &&
        ((LsProperty *) attr.o)->property_kind == LS_PROPERTY_PROPERTY &&
        ls_is_kind (((LsProperty *) attr.o)->fset, LS_KIND_NATIVE) &&
        ls_is_unbound (((LsNative *) ((LsProperty *) attr.o)->fset.o)->self);
      state->store_sets_field =
        state->store_class_native && ls_task_is_log_destroy_pending_setter (((LsProperty *) attr.o)->fset);
      state->store_class = cls;
      state->store_class_epoch = epoch;
    }
  return state->store_class_native;
}

/* Whether the Task class's get_loop() and add_done_callback() are the C
 * Future's: ls_future_class_gather_methods_are_native's answer (two
 * class lookups), kept per class epoch as the class's lookups are. */
static inline gboolean
task_methods_are_native (LsVM *vm, LsGatherState *state, LsClass *cls)
{
  guint64 epoch = ls_class_epoch ();

  if (G_UNLIKELY (state->methods_class != cls || state->methods_class_epoch != epoch))
    {
      state->methods_class_native = ls_future_class_gather_methods_are_native (vm, cls);
      state->methods_get_loop = ls_class_lookup (cls, state->get_loop_name);
      state->methods_class = cls;
      state->methods_class_epoch = epoch;
    }
  return state->methods_class_native;
}

/* `fut.get_loop` on a new task (_get_loop's first line), for the object
 * it makes: where the task has no instance dict and its class finds a
 * native method at this class epoch, ls_getattr binds that method, so
 * the bound method is made here without the generic lookup. */
static inline gboolean
bind_get_loop (LsVM *vm, LsGatherState *state, LsValue fut, LsValue *out)
{
  if (fut.o->kind == LS_KIND_INSTANCE && ((LsInstance *) fut.o)->dict == NULL &&
      ((LsInstance *) fut.o)->exception == NULL && !state->get_loop_name->no_access &&
      fut.o->cls == state->methods_class && state->methods_class_epoch == ls_class_epoch () &&
      ls_is_kind (state->methods_get_loop, LS_KIND_NATIVE) && ((LsNative *) state->methods_get_loop.o)->is_method)
    {
      *out = ls_obj (ls_bound_method_new (vm, fut, state->methods_get_loop));
      return TRUE;
    }
  return ls_getattr (vm, fut, state->get_loop_name, out);
}

/* fut._log_destroy_pending = False on a new task (task_store_is_native
 * said so for its class): ls_setattr's own way, but where ls_setattr
 * would call the setter it remembered and that setter is the C Task's
 * (the class's property at this class epoch, which remember_setter
 * found), the field is stored here, without the call: that setter takes
 * the task, its two arguments and False's truth, and changes nothing
 * else. */
static inline gboolean
store_log_destroy_pending (LsVM *vm, LsGatherState *state, LsValue fut)
{
  guint64 epoch = ls_class_epoch ();

  if (state->store_sets_field && fut.o->cls == state->store_class && state->store_class_epoch == epoch &&
      fut.o->cls == vm->native_setter_class && vm->native_setter_name == state->log_destroy_pending_name &&
      vm->native_setter_epoch == epoch && fut.o->kind != LS_KIND_CLASS &&
      vm->native_depth < LS_VM_MAX_NATIVE_DEPTH &&
      ls_task_is_log_destroy_pending_setter (ls_obj (vm->native_setter)) && ls_task_from_value (fut) != NULL)
    {
      ls_task_from_value (fut)->log_destroy_pending = FALSE;
      return TRUE;
    }
  return ls_setattr (vm, fut, state->log_destroy_pending_name, LS_FALSE);
}

/* Calling `cls` makes a bare instance before __init__ (construct()'s
 * way for object's __new__). */
static inline gboolean
new_is_objects (LsVM *vm, LsClass *cls)
{
  LsValue new_fn = ls_class_lookup (cls, vm->names[LS_NAME___new__]);

  return ls_is_unbound (new_fn) || same (new_fn, ls_dict_get_str (vm->types[LS_TYPE_OBJECT]->dict, vm->names[LS_NAME___new__]));
}

/* The library's names in asyncio.tasks are what they were at install,
 * and what gather's body reaches through them is the library's. */
static gboolean
gather_names_hold (LsVM *vm, LsGatherState *state)
{
  LsModule *futures = ls_value_module (state->gather_values[GATHER_NAME_FUTURES]);
  LsInstance *trace = (LsInstance *) state->gather_values[GATHER_NAME_TRACE].o;

  /* _ensure_future became the native after this was installed
   * (asyncio.base_events installs it) */
  if (!ls_ensure_future_is_native (vm, cached_get (state->tasks_globals,
                                                               state->gather_names[GATHER_NAME_ENSURE_FUTURE],
                                                               &state->gather_caches[GATHER_NAME_ENSURE_FUTURE])))
    return FALSE;
  for (guint i = GATHER_NAME_ENSURE_FUTURE + 1; i < N_GATHER_NAMES; i++)
    if (!same (cached_get (state->tasks_globals, state->gather_names[i], &state->gather_caches[i]),
               state->gather_values[i]))
      return FALSE;
  /* (the trace object's class is checked with the classes) */
  return trace->dict != NULL &&
         same (cached_get (futures->dict, state->get_loop_function_name, &state->get_loop_cache),
               state->get_loop_function) &&
         same (cached_get (trace->dict, state->gather_created_name, &state->gather_created_cache),
               state->gather_created);
}

/* The block a frame of `code` would take from the pool, taken and given
 * back where the skipped frame was made and freed: frames share the
 * pool with objects, so the objects made meanwhile get the addresses
 * they got beside the frame.  Nothing reads an address but a cache keyed
 * by it, and one of those holds what it maps alive: the trace's str
 * cache keeps the task names it met, so other addresses kept other
 * names and the heap's live bytes after a collection differed by a few
 * bytes (a --max-memory limit was met at another point). */
static inline gpointer
frame_block (LsVM *vm, LsCode *code)
{
  return ls_pool_alloc (&vm->pool, ls_frame_size (code));
}

static inline void
frame_block_free (LsVM *vm, LsCode *code, gpointer block)
{
  ls_pool_free (&vm->pool, block, ls_frame_size (code));
}

/* _GatheringFuture.__init__'s body,
 *
 *     def __init__(self, children, *, loop):
 *         assert loop is not None
 *         _Future.__init__(self, loop=loop)
 *         self._children = children
 *         self._cancel_requested = False
 *
 * runs no Python when its stores reach the instance dict (object's
 * __setattr__, no class attribute of those names) and the C Future's
 * __init__ finds `_is_task` absent or a bool.  Kept per class epoch (the
 * names the body reads are checked by gather_names_hold). */
static gboolean
gathering_class_is_plain (LsVM *vm, LsGatherState *state)
{
  guint64 epoch = ls_class_epoch ();

  if (G_UNLIKELY (state->gathering_epoch != epoch))
    {
      LsClass *cls = state->gathering_class;
      LsValue is_task = ls_class_lookup (cls, ls_asyncio_name (vm, LS_ASYNCIO_NAME_IS_TASK));

      state->gathering_plain =
        same (ls_class_lookup (cls, vm->names[LS_NAME___init__]), state->gathering_init) && new_is_objects (vm, cls) &&
        same (ls_class_lookup (state->future_class, vm->names[LS_NAME___init__]), state->future_init) &&
        ls_is_unbound (ls_class_lookup (state->gather_values[GATHER_NAME_TRACE].o->cls, state->gather_created_name)) &&
        ((LsFunction *) state->gathering_init.o)->code == state->gathering_init_code &&
        !cls->is_builtin && !cls->is_exception && !ls_class_overrides (vm, cls, vm->names[LS_NAME___setattr__]) &&
        ls_is_unbound (ls_class_lookup (cls, state->children_name)) &&
        ls_is_unbound (ls_class_lookup (cls, state->cancel_requested_name)) &&
        (ls_is_unbound (is_task) || ls_is_bool (is_task));
      state->gathering_epoch = epoch;
    }
  return state->gathering_plain;
}

/* _GatheringFuture(children, loop=loop) when gathering_class_is_plain:
 * construct()'s instance, __init__'s call charged as ls_call charges it
 * (its checks were made by the caller), then the body's work. */
static gboolean
gathering_future_new (LsVM *vm, LsGatherState *state, LsValue children, LsValue loop, LsValue *out)
{
  LsValue outer = ls_obj (ls_instance_new (vm, state->gathering_class));

  LsDict *dict;
  gpointer block;

  *out = outer;
  if (!ls_vm_native_step (vm))
    return FALSE;
  block = frame_block (vm, state->gathering_init_code);
  if (!ls_future_init (vm, outer, loop))
    {
      frame_block_free (vm, state->gathering_init_code, block);
      return FALSE;
    }
  /* the two stores, as ls_setattr makes them on such a class */
  dict = ls_instance_ensure_dict (vm, (LsInstance *) outer.o);
  ls_instance_dict_store (vm, outer, dict, state->children_name, children);
  ls_instance_dict_store (vm, outer, dict, state->cancel_requested_name, LS_FALSE);
  frame_block_free (vm, state->gathering_init_code, block);
  return TRUE;
}

/* More than gather's frame can allocate for `n` children before it
 * returns: the frame's tuple, cells and closure, the dict and list and
 * their growth, each task with its name, step and handle, the bound
 * get_loop, the gathering future and its dict, and what registering n
 * tasks can add to `_all_tasks` (its entries and index at most doubled
 * past the count). */
static guint64
gather_bytes_bound (LsVM *vm, gsize n)
{
  LsDict *registry = ls_task_registry (vm);
  guint64 entries = (registry != NULL ? registry->n_entries : 0) + n + 8;

  return 16384 + 2048 * (guint64) n + 2 * entries * sizeof (LsDictEntry) + 4 * entries * sizeof (gint32) +
         (2 * (guint64) n + 8) * (sizeof (LsDictEntry) + 2 * sizeof (gint32) + sizeof (LsValue));
}

/* Up to this many children, gather_call finds a repeated coroutine by
 * comparing it with the arguments before it instead of through
 * arg_to_fut (a hash and a probe to find it absent, another probe to
 * insert: a fifth of gather's own cost).  The dict is still made, at its
 * full size, so the heap grows as before; inserting into it would
 * allocate nothing more (it is presized for every argument), nothing
 * but the loop reads it and it is garbage when gather returns, so only
 * its contents differ, which nothing can see.  The one effect of hashing
 * a coroutine, its id, is kept.  Coroutines compare by identity (their
 * class is built in), so the scan finds what the probe finds. */
#define SCANNED_CHILDREN 8

/* Room below the memory limit that ensure_future's C path wants before
 * each task (its MEMORY_ROOM): without it the Python function runs. */
#define ENSURE_FUTURE_MEMORY_ROOM (64u << 10)

/* gather(*coros_or_futures, return_exceptions=False), called by ls_call
 * (`gather(*children)`, after the call's checks and charge), when every
 * argument is a coroutine that _ensure_future makes a task of in C.
 * Then nothing on the frame's way can raise or run scenario code, and
 * it is done here in the body's order: the same objects (the frame's
 * tuple and cells, the closure, the dict, the list, the loop's
 * iterator, each child's task, the bound get_loop of _get_loop), the
 * same trace records and the same charges (each turn of the loop, the
 * _ensure_future and _get_loop calls).  The gathering future is made by
 * calling _GatheringFuture as the body does.  Whatever could tell the
 * two apart is checked first: every name the body reads, the depth
 * (the deepest skipped frame), the instructions left (no limit check can
 * fall inside), the heap (no collection can come due at the body's safe
 * points, no MemoryError) — else the frame runs. */
static LsShortcutResult
gather_call (LsVM          *vm,
             LsObject      *callee,
             const LsValue *args,
             guint          n_args,
             LsTuple       *kwnames,
             LsValue       *out)
{
  LsFunction *function = (LsFunction *) callee;
  LsGatherState *state = vm->gather_state;
  LsValue task_loop = LS_NONE, loop, return_exceptions, varargs, iterator, callback_value, outer, result;
  LsValue cells[N_CELLS], created_args[2];
  gpointer gather_frame;
  LsClass *task_class;
  LsFunction *callback;
  LsDict *arg_to_fut;
  LsList *children;
  LsTuple *closure;
  gint64 first_charge, charge, fuel_needed, nfuts = 0;
  guint64 limit;

  if (state == NULL || state->gather_code == NULL || n_args == 0 || (kwnames != NULL && kwnames->len > 0) ||
      function->globals != state->tasks_globals || function->closure != NULL || function->defaults != NULL ||
      function->kwdefaults == NULL)
    return LS_SHORTCUT_DECLINED;
  return_exceptions =
    cached_get (function->kwdefaults, state->return_exceptions_name, &state->return_exceptions_cache);
  /* the deepest frames skipped: _ensure_future's three below gather's,
   * _get_loop's, the loop's FOR_ITER as the plain one; then
   * _GatheringFuture.__init__ one more nested interpreter, and the
   * natives the body calls */
  if (ls_is_unbound (return_exceptions) || vm->depth + vm->native_recursion + 5 >= vm->recursion_limit ||
      vm->c_depth + 2 >= LS_VM_MAX_C_DEPTH || vm->native_depth + 3 >= LS_VM_MAX_NATIVE_DEPTH)
    return LS_SHORTCUT_DECLINED;
  /* no collection due at the body's safe points, no MemoryError, and
   * room for _ensure_future's C path at every child */
  limit = MIN ((guint64) vm->next_collection,
               vm->memory_cap > ENSURE_FUTURE_MEMORY_ROOM ? (guint64) vm->memory_cap - ENSURE_FUTURE_MEMORY_ROOM : 0);
  if ((guint64) vm->bytes_allocated + gather_bytes_bound (vm, n_args) >= limit || !gather_names_hold (vm, state))
    return LS_SHORTCUT_DECLINED;
  /* every child a coroutine that _ensure_future makes a task of in C;
   * the first finds the loop, which _get_loop then returns */
  task_class = ls_ensure_future_plain_task_class (vm, args[0], &task_loop, &first_charge);
  if (task_class == NULL)
    return vm->stop_kind != LS_LIMIT_NONE ? LS_SHORTCUT_FAILED : LS_SHORTCUT_DECLINED;
  if (!task_methods_are_native (vm, state, task_class) || !task_store_is_native (vm, state, task_class) ||
      !gathering_class_is_plain (vm, state))
    return LS_SHORTCUT_DECLINED;
  /* the rest take the first's way, with the loop given */
  charge = LS_ENSURE_FUTURE_CHARGE;
  for (guint i = 1; i < n_args; i++)
    if (!ls_ensure_future_takes_coroutine (args[i]))
      return LS_SHORTCUT_DECLINED;
  /* no limit check can fall inside: each turn of the loop, the FOR_ITER
   * that ends it, each _ensure_future (at most one a child), _get_loop's
   * call, and __init__'s, which ls_call charges */
  fuel_needed = (gint64) n_args * state->gather_loop_charge + 1 + first_charge + (gint64) (n_args - 1) * charge + 2;
  if (vm->fuel < fuel_needed)
    return LS_SHORTCUT_DECLINED;

  /* the frame: its block (unused: see frame_block), the arguments'
   * tuple and the cells in the code's order, return_exceptions holding
   * its default */
  gather_frame = frame_block (vm, state->gather_code);
  varargs = ls_obj (ls_tuple_new_from (vm, args, n_args));
  for (guint j = 0; j < N_CELLS; j++)
    {
      guint i = state->cellvar_cell[j];

      cells[i] = ls_obj (ls_cell_new (vm, i == CELL_RETURN_EXCEPTIONS ? return_exceptions : LS_UNBOUND));
    }
  /* def _done_callback(fut): the closure in its code's order */
  closure = ls_tuple_new (vm, N_CELLS);
  for (guint i = 0; i < N_CELLS; i++)
    closure->items[state->cell_index[i]] = cells[i];
  callback = ls_function_new (vm, vm->call_shortcut_codes[0], function->globals);
  callback->closure = closure;
  callback_value = ls_obj (callback);
  arg_to_fut = ls_dict_new_sized (vm, n_args);   /* (no growth: it is this loop's alone) */
  children = ls_list_new_from (vm, NULL, 0);
  ((LsCell *) cells[CELL_CHILDREN].o)->value = ls_obj (children);
  ((LsCell *) cells[CELL_NFUTS].o)->value = ls_int (0);
  ((LsCell *) cells[CELL_NFINISHED].o)->value = ls_int (0);
  ((LsCell *) cells[CELL_OUTER].o)->value = LS_NONE;
  loop = LS_NONE;
  /* for arg in coros_or_futures: GET_ITER's iterator, from tuple's
   * __iter__ as ls_get_iter calls it; after the first, the iterator that
   * native makes of an exact tuple is made here without its argument
   * checks */
  if (state->tuple_iter_next != NULL)
    iterator = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_TUPLE_ITERATOR], state->tuple_iter_next, varargs, LS_NONE));
  else
    {
      if (!((LsNative *) state->tuple_iter.o)->func (vm, &varargs, 1, NULL, &iterator))
        goto failed;
      if (ls_is_kind (iterator, LS_KIND_ITERATOR) && iterator.o->cls == vm->types[LS_TYPE_TUPLE_ITERATOR] &&
          ((LsIterator *) iterator.o)->source.o == varargs.o && ls_is_none (((LsIterator *) iterator.o)->extra))
        state->tuple_iter_next = ((LsIterator *) iterator.o)->next;
    }
  for (guint i = 0; i < n_args; i++)
    {
      LsValue arg = args[i], fut;
      LsDictPosition arg_position;

      vm->fuel--;   /* FOR_ITER */
      if (n_args <= SCANNED_CHILDREN)
        {
          /* arg_to_fut by a scan of the arguments before: see
           * SCANNED_CHILDREN.  Hashing the key gives the coroutine its
           * id, as here. */
          (void) ls_object_id (vm, arg.o);
          arg_position.entry = -1;
          for (guint j = 0; j < i; j++)
            if (args[j].o == arg.o)
              {
                arg_position.entry = (gssize) j;
                fut = children->items[j];
                break;
              }
        }
      /* one hash and probe for the get and the set below: nothing but
       * this loop reaches arg_to_fut, so the position stays valid */
      else if (!ls_dict_find (vm, arg_to_fut, arg, &arg_position, &fut))
        goto failed;
      if (arg_position.entry < 0)
        {
          /* fut = _ensure_future(arg, loop=loop) */
          if (!ls_vm_burn (vm, ls_is_none (loop) ? first_charge : charge) ||
              !ls_task_new_plain (vm, task_class, arg, task_loop, &fut))
            goto failed;
          if (ls_is_none (loop))
            {
              /* loop = futures._get_loop(fut): get_loop = fut.get_loop;
               * return get_loop() */
              LsValue get_loop;
              gpointer block;

              if (!ls_vm_burn (vm, 1))
                goto failed;
              block = frame_block (vm, ((LsFunction *) state->get_loop_function.o)->code);
              if (!bind_get_loop (vm, state, fut, &get_loop))
                {
                  frame_block_free (vm, ((LsFunction *) state->get_loop_function.o)->code, block);
                  goto failed;
                }
              /* the C Future's get_loop(): the task's loop */
              loop = ((LsFuture *) fut.o)->loop;
              frame_block_free (vm, ((LsFunction *) state->get_loop_function.o)->code, block);
            }
          /* fut is not arg: fut._log_destroy_pending = False */
          if (!store_log_destroy_pending (vm, state, fut))
            goto failed;
          ((LsCell *) cells[CELL_NFUTS].o)->value = ls_int (++nfuts);
          if (n_args > SCANNED_CHILDREN)
            ls_dict_set_at (vm, arg_to_fut, &arg_position, arg, fut);
          if (!ls_future_add_callback (vm, fut, callback_value, LS_NONE))
            goto failed;
        }
      /* else fut = arg_to_fut[arg], found above */
      ls_list_append (vm, children, fut);
      vm->fuel -= state->gather_loop_charge - 1;   /* the backward jump */
    }
  vm->fuel--;   /* the FOR_ITER that ends the loop */
  (void) iterator;
  /* outer = _GatheringFuture(children, loop=loop) */
  if (!gathering_future_new (vm, state, ls_obj (children), loop, &outer))
    goto failed;
  ((LsCell *) cells[CELL_OUTER].o)->value = outer;
  /* _trace.gather_created(outer, children) */
  created_args[0] = outer;
  created_args[1] = ls_obj (children);
  if (!ls_vm_call_unbound_native (vm, (LsNative *) state->gather_created.o, created_args, 2, NULL, &result))
    goto failed;
  frame_block_free (vm, state->gather_code, gather_frame);
  *out = outer;
  return LS_SHORTCUT_DONE;

failed:
  /* nothing above can fail but where the frame would have (a stop asked
   * for from another thread): its block goes back as the frame's would */
  frame_block_free (vm, state->gather_code, gather_frame);
  return LS_SHORTCUT_FAILED;
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
      LsOpcode op = LS_INSTR_GENERIC_OP (word);

      if (op == LS_OP_FOR_ITER)
        {
          if (for_iter >= 0)
            return 0;
          for_iter = ip;
        }
      else if (op == LS_OP_JUMP && LS_INSTR_ARG (word) <= ip)
        {
          if (charge != 0 || (gint64) LS_INSTR_ARG (word) != for_iter)
            return 0;
          charge = 1 + (gint64) (ip + 1 - LS_INSTR_ARG (word));
        }
      else if ((op == LS_OP_POP_JUMP_IF_FALSE || op == LS_OP_POP_JUMP_IF_TRUE ||
                op == LS_OP_JUMP_IF_FALSE_OR_POP || op == LS_OP_JUMP_IF_TRUE_OR_POP) &&
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

/* What gather_call checks against, read from asyncio.tasks as the
 * library left it; state->gather_code stays NULL (gather's frame always
 * runs) when anything is not as gather_call knows it. */
static void
install_gather_call (LsVM *vm, LsGatherState *state, LsFunction *gather)
{
  LsCode *code = gather->code;
  LsModule *futures;
  LsInstance *trace;

  state->tasks_globals = gather->globals;
  for (guint i = 0; i < N_GATHER_NAMES; i++)
    {
      state->gather_names[i] = ls_str_intern_cstr (vm, gather_name_texts[i]);
      state->gather_values[i] = ls_dict_get_str (gather->globals, state->gather_names[i]);
    }
  state->return_exceptions_name = ls_str_intern_cstr (vm, "return_exceptions");
  state->log_destroy_pending_name = ls_str_intern_cstr (vm, "_log_destroy_pending");
  state->get_loop_name = ls_str_intern_cstr (vm, "get_loop");
  futures = ls_value_module (state->gather_values[GATHER_NAME_FUTURES]);
  /* asyncio.vmglue's `trace`: an instance whose attributes are _trace's
   * functions */
  trace = ls_value_instance (state->gather_values[GATHER_NAME_TRACE]);
  state->gather_created_name = ls_str_intern_cstr (vm, "gather_created");
  if (futures == NULL || trace == NULL || trace->dict == NULL || ls_value_class (state->gather_values[GATHER_NAME_GATHERING_FUTURE]) != state->gathering_class ||
      ls_value_class (state->gather_values[GATHER_NAME_FUTURE]) != state->future_class)
    return;
  state->get_loop_function_name = ls_str_intern_cstr (vm, "_get_loop");
  state->get_loop_function = ls_dict_get_str (futures->dict, state->get_loop_function_name);
  state->gather_created = ls_dict_get_str (trace->dict, state->gather_created_name);
  state->gathering_init = ls_class_lookup (state->gathering_class, vm->names[LS_NAME___init__]);
  state->children_name = ls_str_intern_cstr (vm, "_children");
  state->future_init = ls_class_lookup (state->future_class, vm->names[LS_NAME___init__]);
  state->gather_loop_charge = loop_charge_of (code);
  state->tuple_iter = ls_dict_get_str (vm->types[LS_TYPE_TUPLE]->dict, ls_str_intern_cstr (vm, "__iter__"));
  /* gather_created is called as ls_call calls a native without a bound
   * receiver (gather_call's depth checks cover ls_call's own) */
  if (!ls_is_kind (state->get_loop_function, LS_KIND_FUNCTION) || !ls_is_kind (state->gather_created, LS_KIND_NATIVE) ||
      !ls_is_unbound (((LsNative *) state->gather_created.o)->self) ||
      !ls_is_kind (state->gathering_init, LS_KIND_FUNCTION) || !ls_is_kind (state->future_init, LS_KIND_NATIVE) ||
      !ls_is_kind (state->tuple_iter, LS_KIND_NATIVE) ||
      state->gather_loop_charge == 0 || code->argcount != 0 || code->kwonlyargcount != 1 ||
      !(code->flags & LS_CODE_VARARGS) || (code->flags & LS_CODE_VARKEYWORDS) ||
      code->cellvars == NULL || code->cellvars->len != N_CELLS)
    return;
  for (guint j = 0; j < N_CELLS; j++)
    {
      guint i;

      for (i = 0; i < N_CELLS; i++)
        if (strcmp (((LsStr *) code->cellvars->items[j].o)->data, cell_names[i]) == 0)
          break;
      if (i == N_CELLS)
        return;
      state->cellvar_cell[j] = i;
    }
  state->gathering_init_code = ((LsFunction *) state->gathering_init.o)->code;
  state->gather_code = code;
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
  install_gather_call (vm, state, (LsFunction *) args[0].o);
  /* the module keeps the state alive */
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_gather_state"), ls_obj (state));
  vm->gather_state = state;
  vm->call_shortcut_codes[0] = code;
  vm->call_shortcuts[0] = gather_done_callback;
  if (state->gather_code != NULL)
    {
      vm->call_shortcut_codes[1] = state->gather_code;
      vm->call_shortcuts[1] = gather_call;
    }
  *result = LS_NONE;
  return TRUE;
}

void
ls_asyncio_gather_add_functions (LsVM     *vm,
                                 LsModule *module)
{
  ls_module_add_function (vm, module, "_install_gather", install_gather);
}
