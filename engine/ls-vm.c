/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-vm.c — creating the VM and its built-in types, calling from C,
 * running a module, imports, and printing tracebacks.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-vm-private.h"
#include "ls-builtins.h"
#include "ls-asyncio-loop.h"
#include "ls-asyncio-queue.h"
#include "ls-compiler.h"
#include "ls-frozen.h"
#include "ls-gc.h"
#include "ls-iterator.h"
#include "ls-lib-sources.h"
#include "ls-list.h"
#include "ls-looplib.h"
#include "ls-module.h"
#include "ls-opcodes.h"
#include "ls-ops.h"
#include "ls-range.h"
#include "ls-sched.h"
#include "ls-set.h"
#include "ls-slice.h"
#include "ls-syntax-error.h"
#include "ls-threadlib.h"
#include "ls-trace.h"
#include "ls-tracelib.h"

#define MAX_C_DEPTH LS_VM_MAX_C_DEPTH
/* Natives nested on the C stack (each needs some of it, and nothing else
 * bounds a partial of max keyed by a partial of max keyed by ...). */
#define MAX_NATIVE_DEPTH LS_VM_MAX_NATIVE_DEPTH

static void refuel (LsVM *vm);

static const struct
{
  LsTypeId    id;
  const char *name;
  LsKind      kind;
} builtin_types[] = {
  { LS_TYPE_OBJECT, "object", LS_KIND_INSTANCE },
  { LS_TYPE_TYPE, "type", LS_KIND_CLASS },
  { LS_TYPE_NONE, "NoneType", LS_KIND_INSTANCE },
  { LS_TYPE_NOT_IMPLEMENTED, "NotImplementedType", LS_KIND_INSTANCE },
  { LS_TYPE_ELLIPSIS, "ellipsis", LS_KIND_INSTANCE },
  { LS_TYPE_BOOL, "bool", LS_KIND_INSTANCE },
  { LS_TYPE_INT, "int", LS_KIND_INSTANCE },
  { LS_TYPE_FLOAT, "float", LS_KIND_INSTANCE },
  { LS_TYPE_STR, "str", LS_KIND_STR },
  { LS_TYPE_TUPLE, "tuple", LS_KIND_TUPLE },
  { LS_TYPE_LIST, "list", LS_KIND_LIST },
  { LS_TYPE_DICT, "dict", LS_KIND_DICT },
  { LS_TYPE_SET, "set", LS_KIND_SET },
  { LS_TYPE_FROZENSET, "frozenset", LS_KIND_SET },
  { LS_TYPE_RANGE, "range", LS_KIND_RANGE },
  { LS_TYPE_SLICE, "slice", LS_KIND_SLICE },
  { LS_TYPE_CODE, "code", LS_KIND_CODE },
  { LS_TYPE_FUNCTION, "function", LS_KIND_FUNCTION },
  { LS_TYPE_BUILTIN_FUNCTION, "builtin_function_or_method", LS_KIND_NATIVE },
  { LS_TYPE_METHOD, "method", LS_KIND_BOUND_METHOD },
  { LS_TYPE_CELL, "cell", LS_KIND_CELL },
  { LS_TYPE_MODULE, "module", LS_KIND_MODULE },
  { LS_TYPE_GENERATOR, "generator", LS_KIND_GENERATOR },
  { LS_TYPE_COROUTINE, "coroutine", LS_KIND_GENERATOR },
  { LS_TYPE_PROPERTY, "property", LS_KIND_PROPERTY },
  { LS_TYPE_STATICMETHOD, "staticmethod", LS_KIND_PROPERTY },
  { LS_TYPE_CLASSMETHOD, "classmethod", LS_KIND_PROPERTY },
  { LS_TYPE_SUPER, "super", LS_KIND_SUPER },
  { LS_TYPE_LIST_ITERATOR, "list_iterator", LS_KIND_ITERATOR },
  { LS_TYPE_LIST_REVERSEITERATOR, "list_reverseiterator", LS_KIND_ITERATOR },
  { LS_TYPE_TUPLE_ITERATOR, "tuple_iterator", LS_KIND_ITERATOR },
  { LS_TYPE_STR_ITERATOR, "str_ascii_iterator", LS_KIND_ITERATOR },
  { LS_TYPE_RANGE_ITERATOR, "range_iterator", LS_KIND_ITERATOR },
  { LS_TYPE_SET_ITERATOR, "set_iterator", LS_KIND_ITERATOR },
  { LS_TYPE_DICT_KEYITERATOR, "dict_keyiterator", LS_KIND_ITERATOR },
  { LS_TYPE_DICT_VALUEITERATOR, "dict_valueiterator", LS_KIND_ITERATOR },
  { LS_TYPE_DICT_ITEMITERATOR, "dict_itemiterator", LS_KIND_ITERATOR },
  { LS_TYPE_DICT_KEYS, "dict_keys", LS_KIND_ITERATOR },
  { LS_TYPE_DICT_VALUES, "dict_values", LS_KIND_ITERATOR },
  { LS_TYPE_DICT_ITEMS, "dict_items", LS_KIND_ITERATOR },
  { LS_TYPE_ENUMERATE, "enumerate", LS_KIND_ITERATOR },
  { LS_TYPE_ZIP, "zip", LS_KIND_ITERATOR },
  { LS_TYPE_MAP, "map", LS_KIND_ITERATOR },
  { LS_TYPE_FILTER, "filter", LS_KIND_ITERATOR },
  { LS_TYPE_REVERSED, "reversed", LS_KIND_ITERATOR },
  { LS_TYPE_CALLABLE_ITERATOR, "callable_iterator", LS_KIND_ITERATOR },
  { LS_TYPE_FRAME, "frame", LS_KIND_INSTANCE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (builtin_types) == LS_N_TYPES);

/* object and type refer to each other, so they are made by hand. */
static void
create_types (LsVM *vm)
{
  LsClass *object_cls = ls_object_alloc (vm, LS_KIND_CLASS, NULL, sizeof (LsClass));
  LsClass *type_cls = ls_object_alloc (vm, LS_KIND_CLASS, NULL, sizeof (LsClass));

  object_cls->header.cls = type_cls;
  type_cls->header.cls = type_cls;
  vm->types[LS_TYPE_OBJECT] = object_cls;
  vm->types[LS_TYPE_TYPE] = type_cls;
  type_cls->base = object_cls;
  type_cls->depth = 1;

  /* str and dict are needed to name and fill classes */
  vm->types[LS_TYPE_STR] = ls_object_alloc (vm, LS_KIND_CLASS, type_cls, sizeof (LsClass));
  vm->types[LS_TYPE_DICT] = ls_object_alloc (vm, LS_KIND_CLASS, type_cls, sizeof (LsClass));

  for (guint i = 0; i < LS_N_TYPES; i++)
    {
      LsClass *cls = vm->types[i];

      if (cls == NULL)
        cls = vm->types[i] = ls_object_alloc (vm, LS_KIND_CLASS, type_cls, sizeof (LsClass));
      cls->is_builtin = TRUE;
      cls->instance_kind = builtin_types[i].kind;
      if (i != LS_TYPE_OBJECT && cls->base == NULL)
        {
          cls->base = object_cls;
          cls->depth = 1;
        }
    }
  vm->types[LS_TYPE_BOOL]->base = vm->types[LS_TYPE_INT];
  vm->types[LS_TYPE_BOOL]->depth = 2;

  for (guint i = 0; i < LS_N_TYPES; i++)
    {
      LsClass *cls = vm->types[i];

      cls->name = ls_str_intern_cstr (vm, builtin_types[i].name);
      cls->qualname = cls->name;
      cls->module = ls_str_intern_cstr (vm, "builtins");
      ls_class_set_dict (cls, ls_dict_new (vm));
    }
}

static void
init_classes (LsVM *vm)
{
  ls_int_class_init (vm, vm->types[LS_TYPE_INT]);
  ls_bool_class_init (vm, vm->types[LS_TYPE_BOOL]);
  ls_float_class_init (vm, vm->types[LS_TYPE_FLOAT]);
  ls_none_class_init (vm, vm->types[LS_TYPE_NONE]);
  ls_str_class_init (vm, vm->types[LS_TYPE_STR]);
  ls_tuple_class_init (vm, vm->types[LS_TYPE_TUPLE]);
  ls_list_class_init (vm, vm->types[LS_TYPE_LIST]);
  ls_dict_class_init (vm, vm->types[LS_TYPE_DICT]);
  ls_set_class_init (vm, vm->types[LS_TYPE_SET]);
  ls_frozenset_class_init (vm, vm->types[LS_TYPE_FROZENSET]);
  ls_range_class_init (vm, vm->types[LS_TYPE_RANGE]);
  ls_slice_class_init (vm, vm->types[LS_TYPE_SLICE]);
  ls_module_class_init (vm, vm->types[LS_TYPE_MODULE]);
  ls_generator_class_init (vm, vm->types[LS_TYPE_GENERATOR], FALSE);
  ls_generator_class_init (vm, vm->types[LS_TYPE_COROUTINE], TRUE);
  ls_iterator_classes_init (vm);
  ls_dict_views_init (vm);
}

static void
intern_names (LsVM *vm)
{
  static const char *const texts[] = {
#define LS_NAME_TEXT(name) #name,
#define LS_NAME_OWN_TEXT(id, text) text,
    LS_WELL_KNOWN_NAMES (LS_NAME_TEXT, LS_NAME_OWN_TEXT)
#undef LS_NAME_TEXT
#undef LS_NAME_OWN_TEXT
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (texts) == LS_N_NAMES);
  for (guint i = 0; i < LS_N_NAMES; i++)
    vm->names[i] = ls_str_intern_cstr (vm, texts[i]);
}

LsVM *
ls_vm_new (void)
{
  LsVM *vm = g_new0 (LsVM, 1);
  LsObject *singleton;

  ls_pool_init (&vm->pool);
  vm->pins = ls_pin_stack_new ();
  vm->roots = ls_root_stack_new ();
  ls_str_intern_table_init (vm);
  vm->object_ids = g_hash_table_new (NULL, NULL);
  vm->recursion_limit = 1000;
  vm->raised = LS_UNBOUND;
  vm->next_collection = G_MAXSIZE;   /* no collection while the VM is being built */

  create_types (vm);
  vm->empty_tuple = ls_tuple_new (vm, 0);
  vm->empty_str = ls_str_intern (vm, "", 0);
  intern_names (vm);
  vm->builtins = ls_dict_new (vm);
  vm->modules = ls_dict_new (vm);
  singleton = ls_object_alloc (vm, LS_KIND_INSTANCE, vm->types[LS_TYPE_NOT_IMPLEMENTED], sizeof (LsInstance));
  ((LsInstance *) singleton)->dict = ls_dict_new (vm);
  vm->not_implemented = ls_obj (singleton);
  singleton = ls_object_alloc (vm, LS_KIND_INSTANCE, vm->types[LS_TYPE_ELLIPSIS], sizeof (LsInstance));
  ((LsInstance *) singleton)->dict = ls_dict_new (vm);
  vm->ellipsis = ls_obj (singleton);

  ls_exceptions_init (vm);
  init_classes (vm);
  ls_builtins_init (vm, vm->builtins);
  ls_vm_core_builtins_init (vm);
  ls_attribute_init (vm);
  ls_random_init (&vm->random);
  vm->trace = ls_trace_new ();
  vm->trace_thread = 1;   /* the main thread's, before the scheduler is made */
  vm->deadlock_class = ls_class_new (vm, "Deadlock", vm->exceptions[LS_EXC_BASE_EXCEPTION], "_loopscope");
  vm->limit_class = ls_class_new (vm, "LimitExceeded", vm->exceptions[LS_EXC_BASE_EXCEPTION], "_loopscope");
  vm->stop_exception = LS_UNBOUND;
  vm->last_suspended_task = LS_NONE;
  ls_limits_init (&vm->limits);
  ls_vm_set_limits (vm, &vm->limits);
  vm->sched = ls_sched_new (vm);

  vm->next_collection = 0;
  ls_gc_collect (vm);
  return vm;
}

/* The threads still alive when the program has ended: daemon threads
 * (the main thread joined the others), or a deadlock's.  CPython's end
 * with the process, running no `except` or `finally`: here they unwind
 * (on this OS thread) as a stopped run's do, whose frames run none
 * either.  The run's outcome was read before. */
static void
end_threads (LsVM *vm)
{
  if (vm->sched == NULL)
    return;
  if (ls_sched_count_alive (vm->sched) > 1 && vm->stop_kind == LS_LIMIT_NONE)
    ls_vm_stop (vm, LS_LIMIT_STOPPED, 0, "the program ended");
  ls_sched_shutdown (vm->sched);
}

void
ls_vm_free (LsVM *vm)
{
  if (vm == NULL)
    return;
  end_threads (vm);
  g_clear_pointer (&vm->sched, ls_sched_free);
  vm->trace_thread = 1;
  g_clear_pointer (&vm->trace, ls_trace_free);
  ls_gc_free_all (vm);
  ls_pool_clear (&vm->pool);
  ls_object_array_free (&vm->all_objects);
  ls_object_array_free (&vm->gray);
  ls_pin_stack_free (vm->pins);
  ls_root_stack_free (vm->roots);
  ls_str_intern_table_clear (vm);
  g_hash_table_unref (vm->object_ids);
  g_free (vm->stop_message);
  g_free (vm->timer_keys);
  g_free (vm);
}

/* Still reachable from here, so that leak checkers do not report the
 * heap ls_vm_abandon leaves behind. */
static LsVM *abandoned_vm;

void
ls_vm_abandon (LsVM *vm)
{
  if (vm == NULL)
    return;
  /* Freeing a heap of millions of objects one at a time was 7 % of the
   * `tree` benchmark, work done just before the process hands all its
   * memory back at once. */
  end_threads (vm);
  abandoned_vm = vm;
}

void
ls_vm_mark_extra_roots (LsVM *vm)
{
  /* the strings whose trace ids ls-tracelib.c caches by address */
  ls_gc_mark_object (vm, (LsObject *) vm->trace_str_cache);
  /* compared by address with what awaiting frames hold */
  ls_gc_mark_object (vm, vm->awaited_placeholder);
}

void
ls_vm_set_output (LsVM         *vm,
                  LsOutputFunc  output,
                  gpointer      user_data)
{
  vm->output = output;
  vm->output_data = user_data;
}

void
ls_vm_write (LsVM       *vm,
             const char *text,
             gsize       len)
{
  if (vm->output != NULL)
    vm->output (text, len, vm->output_data);
  ls_trace_record_output (vm, text, len);
}

void
ls_vm_thread_state_swap (LsVM            *vm,
                         LsVMThreadState *state)
{
  LsVMThreadState current = {
    vm->frame, vm->depth, vm->c_depth, vm->native_entry, vm->pins, vm->roots, vm->raised,
    vm->native_recursion, vm->native_depth,
  };

  vm->frame = state->frame;
  vm->depth = state->depth;
  vm->c_depth = state->c_depth;
  vm->native_entry = state->native_entry;
  vm->pins = state->pins;
  vm->roots = state->roots;
  vm->raised = state->raised;
  vm->native_recursion = state->native_recursion;
  vm->native_depth = state->native_depth;
  *state = current;
}

gboolean
ls_call_with_kwargs (LsVM          *vm,
                     LsValue        callable,
                     const LsValue *args,
                     guint          n_args,
                     LsValue        kwargs,
                     LsValue       *out)
{
  LsDict *dict = ls_value_dict (kwargs);
  g_autofree LsValue *flat = NULL;
  LsTuple *kwnames;
  LsValue key, value;
  gsize position = 0, k = 0;

  if (dict == NULL || dict->len == 0)
    return ls_call (vm, callable, args, n_args, NULL, out);
  flat = g_new (LsValue, n_args + dict->len);
  if (n_args > 0)
    memcpy (flat, args, n_args * sizeof (LsValue));
  kwnames = ls_tuple_new (vm, dict->len);
  while (ls_dict_next (dict, &position, &key, &value))
    {
      kwnames->items[k] = key;
      flat[n_args + k++] = value;
    }
  return ls_call (vm, callable, flat, n_args, kwnames, out);
}

/* new, free and grow for the VM's two inline stacks (roots, pins): the
 * push and pop are inline in ls-vm.h */
#define DEFINE_VM_STACK(Stack, prefix, Item, first_capacity)                  \
  Stack *                                                                     \
  prefix##_new (void)                                                         \
  {                                                                           \
    Stack *stack = g_new0 (Stack, 1);                                         \
                                                                              \
    prefix##_grow (stack);                                                    \
    return stack;                                                             \
  }                                                                           \
                                                                              \
  void                                                                        \
  prefix##_free (Stack *stack)                                                \
  {                                                                           \
    g_free (stack->items);                                                    \
    g_free (stack);                                                           \
  }                                                                           \
                                                                              \
  void                                                                        \
  prefix##_grow (Stack *stack)                                                \
  {                                                                           \
    stack->capacity = stack->capacity == 0 ? (first_capacity) : stack->capacity * 2; \
    stack->items = g_renew (Item, stack->items, stack->capacity);             \
  }

DEFINE_VM_STACK (LsRootStack, ls_root_stack, LsValue, 64)
DEFINE_VM_STACK (LsPinStack, ls_pin_stack, LsGcPin, 32)

/* --- calling from C ------------------------------------------------------- */

static gboolean
call_native (LsVM          *vm,
             LsNative      *native,
             const LsValue *args,
             guint          n_args,
             LsTuple       *kwnames,
             LsValue       *out)
{
  LsObject *saved_entry;
  gboolean ok;

  if (G_UNLIKELY (vm->native_depth >= MAX_NATIVE_DEPTH))
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded");
  if (ls_is_unbound (native->self))
    return ls_vm_call_unbound_native (vm, native, args, n_args, kwnames, out);
  saved_entry = vm->native_entry;
  vm->native_depth++;
  vm->native_entry = vm->objects;
  {
    guint n_values = n_args + (kwnames != NULL ? (guint) kwnames->len : 0);
    /* on the stack for the usual few: the loop calls every task step
     * and wakeup (bound natives) through here */
    LsValue small[8];
    g_autofree LsValue *heap = NULL;
    LsValue *all = n_values < G_N_ELEMENTS (small) ? small : (heap = g_new (LsValue, n_values + 1));

    all[0] = native->self;
    if (n_values > 0)
      memcpy (all + 1, args, n_values * sizeof (LsValue));
    ok = native->func (vm, all, n_args + 1, kwnames, out);
  }
  vm->native_entry = saved_entry;
  vm->native_depth--;
  return ok;
}

guint16
ls_vm_add_await_shortcut (LsVM            *vm,
                          LsAwaitShortcut  hook)
{
  for (guint i = 0; i < G_N_ELEMENTS (vm->await_shortcuts); i++)
    if (vm->await_shortcuts[i] == NULL || vm->await_shortcuts[i] == hook)
      {
        vm->await_shortcuts[i] = hook;
        return (guint16) ((i + 1) << LS_FUNCTION_AWAIT_SHORTCUT_SHIFT);
      }
  g_assert_not_reached ();
}

LsFrame *
ls_vm_generator_frame (LsVM          *vm,
                       LsFunction    *function,
                       const LsValue *args,
                       guint          n_args,
                       LsTuple       *kwnames)
{
  /* the checks of any call, though nothing runs yet */
  if (vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= MAX_C_DEPTH)
    {
      ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded");
      return NULL;
    }
  if (!ls_vm_native_step (vm))
    return NULL;
  if (ls_frame_call_is_plain (function, n_args, kwnames))
    return ls_frame_new_plain (vm, function, args, n_args);
  return ls_frame_new_for_call (vm, function, args, n_args, kwnames);
}

gboolean
ls_vm_new_generator (LsVM          *vm,
                     LsFunction    *function,
                     const LsValue *args,
                     guint          n_args,
                     LsTuple       *kwnames,
                     LsValue       *out)
{
  LsFrame *frame = ls_vm_generator_frame (vm, function, args, n_args, kwnames);

  if (frame == NULL)
    return FALSE;
  *out = ls_obj (ls_generator_new (vm, frame, function));
  return TRUE;
}

/* The frame of `function` run to completion on a nested interpreter
 * loop, under the caller's frame.  `as_inline`: as the interpreter's own
 * CALL would (ls_vm_call_as_inline): no nested C level, and its safe
 * point for a collection once the arguments are the frame's locals;
 * otherwise as a native calls back (call_function). */
static gboolean
run_nested_frame (LsVM          *vm,
                  LsFunction    *function,
                  const LsValue *args,
                  guint          n_args,
                  LsTuple       *kwnames,
                  gboolean       as_inline,
                  LsValue       *out)
{
  LsGcPin pin = { vm->objects, vm->native_entry };
  LsFrame *frame = ls_frame_new_for_call (vm, function, args, n_args, kwnames);
  LsResumeResult status;
  gboolean throwing = FALSE;

  if (frame == NULL)
    return FALSE;
  frame->back = vm->frame;
  ls_vm_push_pin (vm, pin);
  vm->depth++;
  if (as_inline)
    {
      vm->frame = frame;
      /* the collection's error, if any, the frame raises */
      throwing = ls_gc_should_collect (vm) && !ls_vm_collect (vm);
    }
  else
    vm->c_depth++;
  status = ls_vm_interpret (vm, frame, throwing, out);
  if (!as_inline)
    vm->c_depth--;
  vm->depth--;
  vm->native_entry = pin.oldest;
  ls_vm_pop_pin (vm);
  ls_frame_free (vm, frame);
  return status == LS_RESUME_RETURNED;
}

/* Runs a Python function to completion on a nested interpreter loop. */
static gboolean
call_function (LsVM          *vm,
               LsFunction    *function,
               const LsValue *args,
               guint          n_args,
               LsTuple       *kwnames,
               LsValue       *out)
{
  if (function->code->flags & (LS_CODE_GENERATOR | LS_CODE_COROUTINE))
    return ls_vm_new_generator (vm, function, args, n_args, kwnames, out);
  if (vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= MAX_C_DEPTH)
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded");
  if (!ls_vm_native_step (vm))
    return FALSE;
  /* gather's per-child callback, as the loop calls it, gather called
   * with f(*args), and the chain's _set_state: in C when they can */
  if (G_UNLIKELY (function->code == vm->call_shortcut_codes[0] || function->code == vm->call_shortcut_codes[1] ||
                  function->code == vm->call_shortcut_codes[2]))
    {
      guint which = function->code == vm->call_shortcut_codes[0] ? 0 : function->code == vm->call_shortcut_codes[1] ? 1 : 2;
      LsShortcutResult done = vm->call_shortcuts[which] (vm, (LsObject *) function, args, n_args, kwnames, out);

      if (done != LS_SHORTCUT_DECLINED)
        return done == LS_SHORTCUT_DONE;
    }
  return run_nested_frame (vm, function, args, n_args, kwnames, FALSE, out);
}

gboolean
ls_vm_call_as_inline (LsVM          *vm,
                      LsFunction    *function,
                      const LsValue *args,
                      guint          n_args,
                      LsTuple       *kwnames,
                      LsValue       *out)
{
  g_assert (!(function->code->flags & (LS_CODE_GENERATOR | LS_CODE_COROUTINE)));
  if (vm->depth + 1 >= vm->recursion_limit)
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded");
  if (!ls_vm_burn (vm, 1))
    return FALSE;
  return run_nested_frame (vm, function, args, n_args, kwnames, TRUE, out);
}

static gboolean
construct (LsVM          *vm,
           LsClass       *cls,
           const LsValue *args,
           guint          n_args,
           LsTuple       *kwnames,
           LsValue       *out)
{
  LsValue new_fn, init, result;
  /* the arguments with the instance first: on the stack for the usual
   * few (every Handle, TimerHandle and Future the loop makes) */
  LsValue small[8];
  g_autofree LsValue *heap = NULL;
  LsValue *all;
  guint n_values;

  new_fn = ls_class_lookup (cls, vm->names[LS_NAME___new__]);
  n_values = n_args + (kwnames != NULL ? (guint) kwnames->len : 0);
  if (!ls_is_unbound (new_fn) &&
      new_fn.o != ls_dict_get_str (vm->types[LS_TYPE_OBJECT]->dict, vm->names[LS_NAME___new__]).o)
    {
      /* a __new__ of its own: built-in types are made whole by it, other
       * classes (ExceptionGroup, a user's __new__) go on to __init__ */
      all = n_values < G_N_ELEMENTS (small) ? small : (heap = g_new (LsValue, n_values + 1));
      all[0] = ls_obj (cls);
      if (n_values > 0)
        memcpy (all + 1, args, n_values * sizeof (LsValue));
      if (!ls_call (vm, new_fn, all, n_args + 1, kwnames, out))
        return FALSE;
      g_clear_pointer (&heap, g_free);
      if ((cls->is_builtin && !cls->is_exception) || !ls_isinstance (vm, *out, cls))
        return TRUE;
    }
  else if (cls->is_exception)
    *out = ls_obj (ls_exception_new (vm, cls, ls_tuple_new_from (vm, args, n_args)));
  else
    *out = ls_obj (ls_instance_new (vm, cls));
  init = ls_class_lookup (cls, vm->names[LS_NAME___init__]);
  if (ls_is_unbound (init))
    {
      if (n_args > 0)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no arguments", cls->name->data);
      return TRUE;
    }
  all = n_values < G_N_ELEMENTS (small) ? small : (heap = g_new (LsValue, n_values + 1));
  all[0] = *out;
  if (n_values > 0)
    memcpy (all + 1, args, n_values * sizeof (LsValue));
  ls_vm_push_root (vm, *out);
  if (!ls_call (vm, init, all, n_args + 1, kwnames, &result))
    {
      ls_vm_pop_roots (vm, 1);
      return FALSE;
    }
  ls_vm_pop_roots (vm, 1);
  if (!ls_is_none (result))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__init__() should return None, not '%s'", ls_type_name (vm, result));
  return TRUE;

}

/* func(self, *args): the arguments with self first, on the stack for the
 * usual few (a bound method or `__call__` called from C; a g_new and
 * g_free each were ~120 instructions a call).  Out of line, so that
 * ls_call's own frame, on every nested call's path, stays small. */
static G_GNUC_NO_INLINE gboolean
call_with_self (LsVM          *vm,
                LsValue        func,
                LsValue        self,
                const LsValue *args,
                guint          n_args,
                LsTuple       *kwnames,
                LsValue       *out)
{
  LsValue small[8];
  g_autofree LsValue *heap = NULL;
  guint n_values = n_args + (kwnames != NULL ? (guint) kwnames->len : 0);
  LsValue *all = n_values < G_N_ELEMENTS (small) ? small : (heap = g_new (LsValue, n_values + 1));

  all[0] = self;
  if (n_values > 0)
    memcpy (all + 1, args, n_values * sizeof (LsValue));
  return ls_call (vm, func, all, n_args + 1, kwnames, out);
}

gboolean
ls_call (LsVM          *vm,
         LsValue        callable,
         const LsValue *args,
         guint          n_args,
         LsTuple       *kwnames,
         LsValue       *out)
{
  if (callable.tag == LS_TAG_OBJECT)
    switch ((LsKind) callable.o->kind)
      {
      case LS_KIND_FUNCTION:
        return call_function (vm, (LsFunction *) callable.o, args, n_args, kwnames, out);
      case LS_KIND_NATIVE:
        return call_native (vm, (LsNative *) callable.o, args, n_args, kwnames, out);
      case LS_KIND_BOUND_METHOD:
        return call_with_self (vm, ((LsBoundMethod *) callable.o)->func, ((LsBoundMethod *) callable.o)->self,
                               args, n_args, kwnames, out);
      case LS_KIND_CLASS:
        return construct (vm, (LsClass *) callable.o, args, n_args, kwnames, out);
      default:
        {
          LsValue call = ls_class_lookup (callable.o->cls, vm->names[LS_NAME___call__]);

          if (!ls_is_unbound (call))
            return call_with_self (vm, call, callable, args, n_args, kwnames, out);
          break;
        }
      }
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not callable", ls_type_name (vm, callable));
}

/* --- container building for the interpreter ------------------------------- */

gboolean
ls_vm_extend (LsVM    *vm,
              guint    op,
              LsValue  target,
              LsValue  source)
{
  LsValue list, key, value;
  gsize position = 0;

  switch (op)
    {
    case LS_OP_LIST_EXTEND:
      if (!ls_iterate_to_list (vm, source, &list))
        {
          if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_TYPE_ERROR]) &&
              ls_is_unbound (ls_class_lookup (ls_type_of (vm, source), vm->names[LS_NAME___iter__])))
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "Value after * must be an iterable, not %s", ls_type_name (vm, source));
          return FALSE;
        }
      for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
        ls_list_append (vm, (LsList *) target.o, ((LsList *) list.o)->items[i]);
      return TRUE;
    case LS_OP_SET_UPDATE:
      if (!ls_iterate_to_list (vm, source, &list))
        return FALSE;
      for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
        if (!ls_set_add (vm, (LsSet *) target.o, ((LsList *) list.o)->items[i]))
          return FALSE;
      return TRUE;
    case LS_OP_DICT_UPDATE:
    case LS_OP_DICT_MERGE:
      if (ls_value_dict (source) == NULL)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, op == LS_OP_DICT_MERGE ? "argument after ** must be a mapping, not %s"
                                                                      : "'%s' object is not a mapping", ls_type_name (vm, source));
      while (ls_dict_next ((LsDict *) source.o, &position, &key, &value))
        {
          if (op == LS_OP_DICT_MERGE)
            {
              gboolean found;
              LsValue existing;
              if (!ls_dict_get (vm, (LsDict *) target.o, key, &existing, &found))
                return FALSE;
              if (found)
                return ls_raise (vm, LS_EXC_TYPE_ERROR, "got multiple values for keyword argument '%s'",
                                 ls_value_str (key) != NULL ? ((LsStr *) key.o)->data : "?");
            }
          if (!ls_dict_set (vm, (LsDict *) target.o, key, value))
            return FALSE;
        }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* --- imports ---------------------------------------------------------------- */

static gboolean import_library_module (LsVM *vm, LsStr *name, LsValue *out, gboolean *found);

/* `import a.b`: the package first, then the submodule, bound as an
 * attribute of the package as CPython's import system does. */
static gboolean
import_submodule (LsVM *vm, LsStr *name, LsValue *out)
{
  const char *dot = strrchr (name->data, '.');
  LsStr *parent_name = ls_str_intern (vm, name->data, (gsize) (dot - name->data));
  LsStr *child_name = ls_str_intern_cstr (vm, dot + 1);
  LsValue parent;
  gboolean found;

  if (!ls_vm_import (vm, parent_name, &parent))
    return FALSE;
  if (!import_library_module (vm, name, out, &found))
    return FALSE;
  if (!found)
    return ls_raise (vm, LS_EXC_MODULE_NOT_FOUND_ERROR, "No module named '%s'", name->data);
  return ls_setattr (vm, parent, child_name, *out);
}

static const char *const forbidden_modules[] = {
  "os", "sys", "subprocess", "socket", "pathlib", "shutil", "ctypes", "io", "signal",
  "multiprocessing", "select", "selectors", "ssl", "urllib", "http", "tempfile", "glob",
  "importlib", "builtins", "pickle", "marshal", "mmap", "fcntl", "resource", "pty",
};

/* Modules only the library may import: the simulator's own hooks.  For
 * the scenario they do not exist, as in CPython. */
static const char *const internal_modules[] = {
  "_trace", "_loopscope", "_lsfifo", "_asyncio", "_lsloop", "_lsqueue", "asyncio.vmglue",
};

/* CPython 3.11's sys.stdlib_module_names, sorted: a module of the standard
 * library that the simulator does not simulate is refused with the same
 * words as the ones it forbids; any other name is CPython's
 * ModuleNotFoundError. */
static const char *const stdlib_modules[] = {
  "__future__", "_abc", "_aix_support", "_ast", "_asyncio", "_bisect", "_blake2",
  "_bootsubprocess", "_bz2", "_codecs", "_codecs_cn", "_codecs_hk", "_codecs_iso2022",
  "_codecs_jp", "_codecs_kr", "_codecs_tw", "_collections", "_collections_abc", "_compat_pickle",
  "_compression", "_contextvars", "_crypt", "_csv", "_ctypes", "_curses", "_curses_panel",
  "_datetime", "_dbm", "_decimal", "_elementtree", "_frozen_importlib",
  "_frozen_importlib_external", "_functools", "_gdbm", "_hashlib", "_heapq", "_imp", "_io",
  "_json", "_locale", "_lsprof", "_lzma", "_markupbase", "_md5", "_msi", "_multibytecodec",
  "_multiprocessing", "_opcode", "_operator", "_osx_support", "_overlapped", "_pickle",
  "_posixshmem", "_posixsubprocess", "_py_abc", "_pydecimal", "_pyio", "_queue", "_random",
  "_scproxy", "_sha1", "_sha256", "_sha3", "_sha512", "_signal", "_sitebuiltins", "_socket",
  "_sqlite3", "_sre", "_ssl", "_stat", "_statistics", "_string", "_strptime", "_struct",
  "_symtable", "_thread", "_threading_local", "_tkinter", "_tokenize", "_tracemalloc", "_typing",
  "_uuid", "_warnings", "_weakref", "_weakrefset", "_winapi", "_zoneinfo", "abc", "aifc",
  "antigravity", "argparse", "array", "ast", "asynchat", "asyncio", "asyncore", "atexit",
  "audioop", "base64", "bdb", "binascii", "bisect", "builtins", "bz2", "cProfile", "calendar",
  "cgi", "cgitb", "chunk", "cmath", "cmd", "code", "codecs", "codeop", "collections", "colorsys",
  "compileall", "concurrent", "configparser", "contextlib", "contextvars", "copy", "copyreg",
  "crypt", "csv", "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib",
  "dis", "distutils", "doctest", "email", "encodings", "ensurepip", "enum", "errno",
  "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools",
  "gc", "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip",
  "hashlib", "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "imp", "importlib",
  "inspect", "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache", "locale",
  "logging", "lzma", "mailbox", "mailcap", "marshal", "math", "mimetypes", "mmap", "modulefinder",
  "msilib", "msvcrt", "multiprocessing", "netrc", "nis", "nntplib", "nt", "ntpath", "nturl2path",
  "numbers", "opcode", "operator", "optparse", "os", "ossaudiodev", "pathlib", "pdb", "pickle",
  "pickletools", "pipes", "pkgutil", "platform", "plistlib", "poplib", "posix", "posixpath",
  "pprint", "profile", "pstats", "pty", "pwd", "py_compile", "pyclbr", "pydoc", "pydoc_data",
  "pyexpat", "queue", "quopri", "random", "re", "readline", "reprlib", "resource", "rlcompleter",
  "runpy", "sched", "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal",
  "site", "smtpd", "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3",
  "sre_compile", "sre_constants", "sre_parse", "ssl", "stat", "statistics", "string",
  "stringprep", "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig", "syslog",
  "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this", "threading",
  "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace", "traceback",
  "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "unicodedata", "unittest",
  "urllib", "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser", "winreg",
  "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile", "zipimport", "zlib",
  "zoneinfo"
};

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* "a" for "a.b.c" */
static gboolean
top_level_in (const char *name, const char *const *list, gsize n)
{
  g_autofree char *top = g_strndup (name, strcspn (name, "."));
  const char *key = top;

  return bsearch (&key, list, n, sizeof (char *), compare_names) != NULL;
}

static gboolean
is_forbidden (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (forbidden_modules); i++)
    if (strcmp (name, forbidden_modules[i]) == 0 ||
        (g_str_has_prefix (name, forbidden_modules[i]) && name[strlen (forbidden_modules[i])] == '.'))
      return TRUE;
  return FALSE;
}

gboolean
ls_vm_module_attr (LsVM              *vm,
                   LsStr             *module,
                   LsStr             *name,
                   LsModuleAttrCache *cache,
                   LsValue           *out)
{
  LsValue value = ls_dict_get_str_cached (vm->modules, module, &cache->module);
  LsModule *loaded = ls_value_module (value);

  /* a module found in a module is left to ls_getattr, which knows which
   * of them the sandbox hides */
  if (loaded != NULL)
    {
      *out = ls_dict_get_str_cached (loaded->dict, name, &cache->attr);
      if (!ls_is_unbound (*out) && !ls_is_kind (*out, LS_KIND_MODULE))
        return TRUE;
    }
  if (ls_is_unbound (value) && !ls_vm_import (vm, module, &value))
    return FALSE;
  return ls_getattr (vm, value, name, out);
}

gboolean
ls_vm_import (LsVM    *vm,
              LsStr   *name,
              LsValue *out)
{
  LsModule *module = NULL;
  LsValue parent = LS_NONE;
  const char *dot;

  if (vm->frame != NULL && vm->frame->code->filename == vm->main_filename)
    for (guint i = 0; i < G_N_ELEMENTS (internal_modules); i++)
      if (strcmp (name->data, internal_modules[i]) == 0)
        return ls_raise (vm, LS_EXC_MODULE_NOT_FOUND_ERROR, "No module named '%s'", name->data);
  *out = ls_dict_get_str (vm->modules, name);
  if (!ls_is_unbound (*out))
    return TRUE;
  if (is_forbidden (name->data))
    return ls_raise (vm, LS_EXC_IMPORT_ERROR, "the simulator has no access to module '%s'", name->data);

  /* a package before its submodules, as CPython: `import asyncio.tasks`
   * first runs asyncio, which may well import asyncio.tasks itself */
  if ((dot = strrchr (name->data, '.')) != NULL)
    {
      if (!ls_vm_import (vm, ls_str_intern (vm, name->data, (gsize) (dot - name->data)), &parent))
        return FALSE;
      *out = ls_dict_get_str (vm->modules, name);
      if (!ls_is_unbound (*out))
        return TRUE;
    }
  {
    gboolean found;

    if (!import_library_module (vm, name, out, &found))
      return FALSE;
    /* the submodule becomes an attribute of its package */
    if (found && dot != NULL)
      return ls_setattr (vm, parent, ls_str_intern_cstr (vm, dot + 1), *out);
    if (found)
      return TRUE;
  }
  if (dot != NULL)
    return import_submodule (vm, name, out);
  if (strcmp (name->data, "time") == 0)
    module = ls_module_time_new (vm);
  else if (strcmp (name->data, "_thread") == 0)
    module = ls_module_thread_new (vm);
  else if (strcmp (name->data, "_loopscope") == 0)
    module = ls_module_loopscope_new (vm);
  else if (strcmp (name->data, "_trace") == 0)
    module = ls_module_trace_new (vm);
  else if (strcmp (name->data, "random") == 0)
    module = ls_module_random_new (vm);
  else if (strcmp (name->data, "functools") == 0)
    module = ls_module_functools_new (vm);
  else if (strcmp (name->data, "_heapq") == 0)
    module = ls_module_heapq_new (vm);
  else if (strcmp (name->data, "_lsfifo") == 0)
    module = ls_module_fifo_new (vm);
  else if (strcmp (name->data, "_asyncio") == 0)
    module = ls_module_asyncio_new (vm);
  else if (strcmp (name->data, "_lsloop") == 0)
    module = ls_module_lsloop_new (vm);
  else if (strcmp (name->data, "_lsqueue") == 0)
    module = ls_module_lsqueue_new (vm);
  if (module == NULL)
    {
      if (top_level_in (name->data, stdlib_modules, G_N_ELEMENTS (stdlib_modules)))
        return ls_raise (vm, LS_EXC_IMPORT_ERROR, "the simulator has no access to module '%s'", name->data);
      return ls_raise (vm, LS_EXC_MODULE_NOT_FOUND_ERROR, "No module named '%s'", name->data);
    }
  *out = ls_obj (module);
  ls_dict_set_str (vm, vm->modules, name, *out);
  return TRUE;
}

/* --- running a program ------------------------------------------------------ */

/* Parses and compiles a module body. */
static LsCode *
compile_module (LsVM        *vm,
                const char  *filename,
                const char  *source,
                gsize        len,
                GError     **error)
{
  g_autoptr(LsAst) ast = ls_parse (filename, source, len, error);

  if (ast == NULL)
    return NULL;
  return ls_compile (vm, ast, error);
}

/* Runs `code` as the body of `module`.  Nothing collects between the
 * making of `code` and here (collections wait for the interpreter's safe
 * points); from here the frame holds it. */
static gboolean
run_module_code (LsVM     *vm,
                 LsModule *module,
                 LsCode   *code)
{
  LsGcPin pin = { vm->objects, vm->native_entry };
  LsFrame *frame;
  LsValue result;
  LsResumeResult status;

  ls_dict_set_str (vm, module->dict, vm->names[LS_NAME___name__], ls_obj (module->name));
  frame = ls_frame_new (vm, code, module->dict, module->dict);
  frame->back = vm->frame;
  ls_vm_push_pin (vm, pin);
  vm->c_depth++;
  status = ls_vm_interpret (vm, frame, FALSE, &result);
  vm->c_depth--;
  vm->native_entry = pin.oldest;
  ls_vm_pop_pin (vm);
  ls_frame_free (vm, frame);
  return status == LS_RESUME_RETURNED;
}

/* Compiles `source` and runs it as the body of `module`. */
static gboolean
run_module (LsVM        *vm,
            LsModule    *module,
            const char  *filename,
            const char  *source,
            gsize        len,
            GError     **error)
{
  LsCode *code = compile_module (vm, filename, source, len, error);

  return code != NULL && run_module_code (vm, module, code);
}

gboolean
ls_vm_run_main (LsVM        *vm,
                const char  *filename,
                const char  *source,
                gsize        len,
                GError     **error)
{
  LsModule *main_module = ls_module_new (vm, "__main__");

  vm->main_filename = ls_str_intern_cstr (vm, filename);
  ls_dict_set_str (vm, vm->modules, main_module->name, ls_obj (main_module));
  vm->native_entry = vm->objects;
  if (run_module (vm, main_module, filename, source, len, error))
    return TRUE;
  if (vm->trace != NULL && ls_is_exception (vm->raised))
    {
      /* a stopped run says why in the words the command line prints */
      g_autofree char *last = vm->stop_kind != LS_LIMIT_NONE ? g_strdup (vm->stop_message)
                              : ls_exception_dup_last_line (vm, vm->raised);
      LsTraceEvent event = { vm->now, LS_TRACE_UNCAUGHT, 1, 0, 0, 0, ls_trace_intern (vm->trace, last), 0 };

      ls_trace_append (vm->trace, &event);
    }
  return FALSE;
}

gboolean
ls_vm_finish_threads (LsVM *vm)
{
  LsValue threading = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "threading"));
  LsValue result;
  gboolean found;

  /* a stopped run is over: its threads are aborted, not joined */
  if (vm->stop_kind != LS_LIMIT_NONE)
    {
      vm->raised = vm->stop_exception;
      return FALSE;
    }
  vm->raised = LS_UNBOUND;
  if (ls_is_unbound (threading))
    return TRUE;
  if (!ls_getattr_opt (vm, threading, ls_str_intern_cstr (vm, "_shutdown"), &result, &found))
    return FALSE;
  return !found || ls_call (vm, result, NULL, 0, NULL, &result);
}

/* A library module's body: frozen at build time (ls-frozen.h), or compiled
 * from its source when this binary has no frozen tree for it or its tree
 * was made from another text.  Either way the same code: test-frozen.c
 * compares them. */
static LsCode *
library_module_code (LsVM               *vm,
                     const LsLibSource  *lib,
                     GError            **error)
{
  const LsLibFrozen *frozen = ls_frozen_find (lib);
  LsCode *code = frozen != NULL ? ls_frozen_load (vm, frozen, lib) : NULL;

  if (code != NULL)
    return code;
  return compile_module (vm, lib->filename, lib->source, strlen (lib->source), error);
}

/* Modules written in the scenario language (engine/lib/). */
static gboolean
import_library_module (LsVM *vm, LsStr *name, LsValue *out, gboolean *found)
{
  g_autoptr(GError) error = NULL;

  *found = FALSE;
  for (const LsLibSource *lib = ls_lib_sources; lib->name != NULL; lib++)
    {
      LsModule *module;
      LsCode *code;

      if (strcmp (lib->name, name->data) != 0)
        continue;
      *found = TRUE;
      module = ls_module_new (vm, lib->name);
      *out = ls_obj (module);
      /* registered first, as CPython does, so cyclic imports see it */
      ls_dict_set_str (vm, vm->modules, name, *out);
      code = library_module_code (vm, lib, &error);
      if (code != NULL && run_module_code (vm, module, code))
        return TRUE;
      ls_dict_delete_str (vm->modules, name);
      if (error != NULL)
        return ls_raise (vm, LS_EXC_SYSTEM_ERROR, "library module %s: %s", lib->name, error->message);
      return FALSE;
    }
  return TRUE;
}

/* "  File "x.py", line 3, in main\n    source line\n" for each entry */
static void
append_traceback_entries (LsVM *vm, GString *out, LsExceptionData *data, const char *source)
{
  g_auto(GStrv) lines = source != NULL ? g_strsplit (source, "\n", -1) : NULL;
  guint n_lines = lines != NULL ? g_strv_length (lines) : 0;

  if (data->traceback == NULL)
    return;
  g_string_append (out, "Traceback (most recent call last):\n");
  for (guint i = 0; i < data->traceback->len; i++)
    {
      LsTracebackEntry *entry = &g_array_index (data->traceback, LsTracebackEntry, i);

      g_string_append_printf (out, "  File \"%s\", line %d, in %s\n",
                              entry->code->filename->data, entry->line, entry->code->name->data);
      /* the text is the scenario's: a library frame's line number would
       * show whatever the scenario has at that line */
      if (entry->code->filename == vm->main_filename && entry->line >= 1 && (guint) entry->line <= n_lines)
        {
          g_autofree char *text = g_strstrip (g_strdup (lines[entry->line - 1]));
          if (*text != '\0')
            g_string_append_printf (out, "    %s\n", text);
        }
    }
}

static void
append_exception (LsVM *vm, GString *out, LsValue exception, const char *source, guint depth)
{
  LsExceptionData *data = ls_is_exception (exception) ? ((LsInstance *) exception.o)->exception : NULL;
  g_autofree char *last = NULL;

  if (data != NULL && depth < 16)
    {
      if (ls_is_exception (data->cause))
        {
          append_exception (vm, out, data->cause, source, depth + 1);
          g_string_append (out, "\nThe above exception was the direct cause of the following exception:\n\n");
        }
      else if (ls_is_exception (data->context) && !data->suppress_context)
        {
          append_exception (vm, out, data->context, source, depth + 1);
          g_string_append (out, "\nDuring handling of the above exception, another exception occurred:\n\n");
        }
      append_traceback_entries (vm, out, data, source);
    }
  last = ls_exception_dup_last_line (vm, exception);
  g_string_append_printf (out, "%s\n", last);
}

char *
ls_vm_format_traceback (LsVM       *vm,
                        LsValue     exception,
                        const char *source)
{
  GString *out = g_string_new (NULL);

  append_exception (vm, out, exception, source, 0);
  return g_string_free (out, FALSE);
}

/* --- limits ------------------------------------------------------------------ */

/* Instructions between two runs of ls_vm_check_fuel: small enough that a
 * stop request is seen within a fraction of a millisecond, large enough
 * that the check costs nothing. */
#define FUEL_SLICE 65536

/* A scenario that keeps catching MemoryError without freeing anything
 * pays for the collections that find the heap still full. */
#define MEMORY_ERROR_FUEL 10000000

static void
refuel (LsVM *vm)
{
  gint64 slice = FUEL_SLICE;

  if (vm->limits.max_instructions != 0)
    slice = vm->steps >= vm->limits.max_instructions ? 0
            : (gint64) MIN ((guint64) FUEL_SLICE, vm->limits.max_instructions - vm->steps);
  vm->fuel = vm->fuel_given = slice;
}

/* Makes the next ls_vm_burn run ls_vm_check_fuel, keeping the count. */
static void
force_check (LsVM *vm)
{
  vm->fuel_given -= vm->fuel + 1;
  vm->fuel = -1;
}

void
ls_vm_defer_limit (LsVM        *vm,
                   LsLimitKind  kind)
{
  if (vm->pending_limit == LS_LIMIT_NONE)
    {
      vm->pending_limit = kind;
      force_check (vm);
    }
}

void
ls_vm_set_limits (LsVM           *vm,
                  const LsLimits *limits)
{
  if (limits != &vm->limits)
    vm->limits = *limits;
  vm->steps += vm->fuel_given - vm->fuel;
  refuel (vm);
  vm->memory_cap = vm->limits.max_memory != 0 ? (gsize) MIN (vm->limits.max_memory, G_MAXSIZE) : G_MAXSIZE;
  vm->next_collection = MIN (vm->next_collection, vm->memory_cap);
  /* a stopped run stays stopped: every check fails at once */
  if (vm->stop_kind != LS_LIMIT_NONE)
    force_check (vm);
}

const LsLimits *
ls_vm_get_limits (LsVM *vm)
{
  return &vm->limits;
}

void
ls_vm_set_limit_handler (LsVM        *vm,
                         LsLimitFunc  handler,
                         gpointer     user_data)
{
  vm->limit_handler = handler;
  vm->limit_handler_data = user_data;
}

void
ls_vm_request_stop (LsVM *vm)
{
  g_atomic_int_set (&vm->stop_requested, 1);
}

LsLimitKind
ls_vm_get_stop_kind (LsVM *vm)
{
  return vm->stop_kind;
}

guint32
ls_vm_get_stop_line (LsVM *vm)
{
  return vm->stop_line;
}

const char *
ls_vm_get_stop_message (LsVM *vm)
{
  return vm->stop_message;
}

gboolean
ls_vm_ask_limit_handler (LsVM        *vm,
                         LsLimitKind  kind)
{
  if (vm->limit_handler == NULL || g_atomic_int_get (&vm->stop_requested))
    return FALSE;
  if (!vm->limit_handler (vm, kind, &vm->limits, vm->limit_handler_data))
    return FALSE;
  /* what depends on the limits follows the new ones */
  ls_vm_set_limits (vm, &vm->limits);
  return TRUE;
}

gboolean
ls_vm_stop (LsVM        *vm,
            LsLimitKind  kind,
            guint32      line,
            const char  *what)
{
  if (vm->stop_kind == LS_LIMIT_NONE)
    {
      const char *option = ls_limit_kind_get_option (kind);
      GString *text = g_string_new (NULL);
      LsValue message;

      if (line > 0)
        g_string_append_printf (text, "stopped at line %u: ", line);
      else
        g_string_append (text, "stopped: ");
      g_string_append (text, what != NULL ? what : "the run was stopped");
      if (option != NULL)
        g_string_append_printf (text, " (%s; raise it with %s)", ls_limit_kind_get_name (kind), option);
      vm->stop_kind = kind;
      vm->stop_line = line;
      vm->stop_message = g_string_free (text, FALSE);
      message = ls_obj (ls_str_new_cstr (vm, vm->stop_message));
      vm->stop_exception = ls_obj (ls_exception_new (vm, vm->limit_class, ls_tuple_new_from (vm, &message, 1)));
      /* the other threads unwind too, as soon as they get the token */
      ls_sched_abort (vm->sched, vm->stop_message);
    }
  force_check (vm);
  vm->raised = vm->stop_exception;
  return FALSE;
}

/* The line to name for a limit reached while the event loop runs: the
 * scenario's innermost function frame, or when the scenario is only at
 * its top level (inside asyncio.run), the await the last task to suspend
 * sits on. */
static guint32
running_line (LsVM *vm)
{
  for (LsFrame *frame = vm->frame; frame != NULL; frame = frame->back)
    if (vm->main_filename != NULL && frame->code->filename == vm->main_filename)
      {
        guint32 line = (guint32) frame->code->lines[frame->ip > 0 ? frame->ip - 1 : 0];
        guint32 awaiting;

        if (frame->locals_dict == NULL || frame->locals_dict != frame->globals)
          return line;
        awaiting = ls_trace_task_await_line (vm, vm->last_suspended_task);
        return awaiting != 0 ? awaiting : line;
      }
  return 0;
}

gboolean
ls_vm_check_fuel (LsVM *vm)
{
  LsLimitKind pending;

  if (vm->stop_kind != LS_LIMIT_NONE)
    return ls_vm_stop (vm, vm->stop_kind, 0, NULL);
  vm->steps += vm->fuel_given - vm->fuel;
  refuel (vm);

  if (g_atomic_int_get (&vm->stop_requested))
    return ls_vm_stop (vm, LS_LIMIT_STOPPED, running_line (vm), NULL);

  pending = vm->pending_limit;
  vm->pending_limit = LS_LIMIT_NONE;
  if (pending == LS_LIMIT_EVENTS && vm->limits.max_events != 0 && vm->trace != NULL &&
      ls_trace_get_n_events (vm->trace) >= vm->limits.max_events &&
      (!ls_vm_ask_limit_handler (vm, LS_LIMIT_EVENTS) ||
       ls_trace_get_n_events (vm->trace) >= vm->limits.max_events))
    {
      g_autofree char *what = g_strdup_printf ("the trace reached %" G_GSIZE_FORMAT " events",
                                               ls_trace_get_n_events (vm->trace));
      return ls_vm_stop (vm, LS_LIMIT_EVENTS, running_line (vm), what);
    }

  if (vm->limits.max_instructions != 0 && vm->steps >= vm->limits.max_instructions)
    {
      guint64 limit = vm->limits.max_instructions;

      if (!ls_vm_ask_limit_handler (vm, LS_LIMIT_INSTRUCTIONS) ||
          vm->limits.max_instructions == limit || vm->steps >= vm->limits.max_instructions)
        {
          g_autofree char *what = g_strdup_printf ("%" G_GUINT64_FORMAT " instructions ran without an await "
                                                   "or a blocking call", limit);
          return ls_vm_stop (vm, LS_LIMIT_INSTRUCTIONS, ls_trace_user_line (vm), what);
        }
      refuel (vm);
    }

  return TRUE;
}

gboolean
ls_vm_check_alloc (LsVM    *vm,
                   guint64  bytes)
{
  guint64 cap = vm->limits.max_memory;

  if (cap == 0 || (bytes <= cap && vm->bytes_allocated <= cap - bytes))
    return TRUE;
  /* what was garbage is counted too (natives cannot collect): the next safe
   * point collects, so a scenario that catches the error, drops what it
   * held and goes on gets its memory back there */
  vm->next_collection = 0;
  force_check (vm);
  vm->fuel_given += MEMORY_ERROR_FUEL;
  return ls_raise (vm, LS_EXC_MEMORY_ERROR, "%s", "");
}

/* The interpreter's safe points: a collection when one is due, and the
 * memory limit checked on what survives it. */
gboolean
ls_vm_collect (LsVM *vm)
{
  guint64 cap = vm->limits.max_memory;

  /* unreferenced, they are freed with the rest */
  vm->spare_sleep = NULL;
  vm->spare_handle = NULL;
  ls_gc_collect (vm);
  if (cap == 0 || vm->bytes_allocated <= cap)
    return TRUE;
  /* Still past the limit with only live objects: MemoryError.  The next
   * safe point collects again: a scenario that catches the error either
   * lets go of memory there or gets the error again, each time charged
   * MEMORY_ERROR_FUEL instructions, so that it cannot spin on it. */
  vm->next_collection = 0;
  force_check (vm);
  vm->fuel_given += MEMORY_ERROR_FUEL;
  return ls_raise (vm, LS_EXC_MEMORY_ERROR, "%s", "");
}

gboolean
ls_vm_enter_recursive (LsVM       *vm,
                       const char *where)
{
  if (vm->depth + vm->native_recursion + 1 >= vm->recursion_limit)
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded%s", where);
  vm->native_recursion++;
  return TRUE;
}
