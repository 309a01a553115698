/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-handle.c — asyncio's Handle and TimerHandle in C (see
 * ls-asyncio-handle.h).
 *
 * The same checks, calls and messages as the pure-Python classes of
 * asyncio.events they replace.  The loop creates a handle for every
 * callback and a timer handle for every sleep, and runs each one: as
 * Python, that was the larger part of the library code a sleep ran.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>

#include "ls-asyncio-handle.h"

#include "ls-asyncio-loop.h"
#include "ls-asyncio-task.h"
#include "ls-auxlib.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-tracelib.h"
#include "ls-vm.h"
#include "ls-vm-private.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static void
handle_mark (LsVM     *vm,
             LsObject *object)
{
  LsHandle *self = (LsHandle *) object;

  ls_gc_mark_value (vm, self->callback);
  ls_gc_mark_value (vm, self->args);
  ls_gc_mark_values (vm, self->inline_args, self->n_inline_args);
  ls_gc_mark_value (vm, self->loop);
  ls_gc_mark_value (vm, self->context);
  ls_gc_mark_value (vm, self->repr);
  ls_gc_mark_value (vm, self->when);
}

const LsInstanceLayout ls_handle_layout = { "Handle", sizeof (LsHandle), handle_mark, NULL };

static inline LsValue
or_none (LsValue v)
{
  return ls_is_unbound (v) ? LS_NONE : v;
}

static gboolean
is_timer (LsVM *vm, LsValue v)
{
  return ls_handle_from_value (v) != NULL && ls_class_is_subclass (v.o->cls, vm->timer_handle_class);
}

/* --- construction --------------------------------------------------------- */

/* ls_instance_new of the library's Handle or TimerHandle, whose C fields
 * (a layout) mean no dict is made: the allocation without that call's
 * frame, once a call_soon. */
static inline LsHandle *
handle_alloc (LsVM    *vm,
              LsClass *cls)
{
  if (G_UNLIKELY (cls->layout == NULL))
    return (LsHandle *) ls_instance_new (vm, cls);
  return ls_object_alloc (vm, LS_KIND_INSTANCE, cls, cls->layout->size);
}

/* ls_handle_init with the arguments inline when they are one or two.
 * Inline: a call frame more for every call_soon otherwise. */
static inline void
handle_init_with (LsVM          *vm,
                  LsHandle      *self,
                  LsValue        callback,
                  const LsValue *items,
                  guint          n,
                  LsValue        loop,
                  LsValue        context)
{
  if (n > G_N_ELEMENTS (self->inline_args))
    ls_handle_init (self, callback, ls_obj (ls_tuple_new_from (vm, items, n)), loop, context);
  else
    ls_handle_fill_with (vm, self, callback, items, n, loop, context);
}

/* self._args: the tuple, made from the inline arguments at the first ask
 * and kept, so that `h._args is h._args`. */
static LsValue
handle_args (LsVM     *vm,
             LsHandle *self)
{
  if (self->n_inline_args > 0)
    {
      LsTuple *tuple = ls_tuple_new_from (vm, self->inline_args, self->n_inline_args);

      self->args = ls_obj (tuple);
      ls_handle_drop_inline_args (self);
    }
  return self->args;
}

gboolean
ls_timer_when_double (LsVM    *vm,
                      LsValue  when,
                      double  *out)
{
  if (ls_is_float (when))
    *out = when.f;
  else if (ls_is_intlike (when))
    *out = (double) ls_as_int (when);
  else
    /* what comparing it with another deadline would say: the heap has to */
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'<' not supported between instances of '%s' and 'float'",
                     ls_type_name (vm, when));
  return TRUE;
}

static void
timer_init (LsVM     *vm,
            LsHandle *self,
            LsValue   when,
            double    when_d)
{
  self->when = when;
  self->when_d = when_d;
  self->scheduled = FALSE;
  self->seq = ++vm->timer_seq;
}

LsHandle *
ls_handle_new (LsVM    *vm,
               LsValue  callback,
               LsValue  args,
               LsValue  loop,
               LsValue  context)
{
  LsHandle *self = handle_alloc (vm, vm->handle_class);

  ls_handle_init (self, callback, args, loop, context);
  return self;
}

/* ls_handle_new_with's every case (it takes the usual ones itself) */
LsHandle *
ls_handle_new_with_slow (LsVM          *vm,
                         LsValue        callback,
                         const LsValue *items,
                         guint          n,
                         LsValue        loop,
                         LsValue        context)
{
  LsHandle *self = handle_alloc (vm, vm->handle_class);

  handle_init_with (vm, self, callback, items, n, loop, context);
  return self;
}

LsHandle *
ls_timer_handle_new_with (LsVM          *vm,
                          LsValue        when,
                          LsValue        callback,
                          const LsValue *items,
                          guint          n,
                          LsValue        loop,
                          LsValue        context)
{
  LsHandle *self = handle_alloc (vm, vm->timer_handle_class);
  double when_d = 0;

  handle_init_with (vm, self, callback, items, n, loop, context);
  if (!ls_timer_when_double (vm, when, &when_d))
    vm->raised = LS_UNBOUND;   /* callers check first */
  timer_init (vm, self, when, when_d);
  return self;
}

static LsHandle *
handle_self (LsVM *vm, const LsValue *args, guint n_args, const char *method)
{
  LsHandle *self = n_args >= 1 ? ls_handle_from_value (args[0]) : NULL;

  if (self == NULL)
    ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' for 'Handle' objects doesn't apply to a '%s' object",
              method, n_args >= 1 ? ls_type_name (vm, args[0]) : "NoneType");
  return self;
}

/* self plus `min`..`max` positional arguments and the keywords `names`
 * (values[] in the order of CPython's signature), with a Python
 * function's messages: these were `def`s. */
static gboolean
parse_args (LsVM              *vm,
            const char        *qualname,
            const LsValue     *args,
            guint              n_args,
            LsTuple           *kwnames,
            const char *const *names,
            guint              n_names,
            guint              required,
            LsValue           *values)
{
  guint n_kw = ls_aux_n_kwargs (kwnames);

  if (n_args - 1 > n_names)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes from %u to %u positional arguments but %u were given",
                     qualname, required + 1, n_names + 1, n_args);
  for (guint i = 0; i < n_names; i++)
    values[i] = i + 1 < n_args ? args[i + 1] : LS_UNBOUND;
  for (guint k = 0; k < n_kw; k++)
    {
      LsStr *key = ls_value_str (kwnames->items[k]);
      guint i;

      for (i = 0; i < n_names; i++)
        if (g_strcmp0 (key->data, names[i]) == 0)
          break;
      if (i == n_names)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got an unexpected keyword argument '%s'", qualname, key->data);
      if (!ls_is_unbound (values[i]))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got multiple values for argument '%s'", qualname, key->data);
      values[i] = args[n_args + k];
    }
  for (guint i = 0; i < required; i++)
    if (ls_is_unbound (values[i]))
      {
        g_autoptr (GString) missing = g_string_new (NULL);
        guint n_missing = 0;

        for (guint j = i; j < required; j++)
          if (ls_is_unbound (values[j]))
            n_missing++;
        for (guint j = i, seen = 0; j < required; j++)
          if (ls_is_unbound (values[j]))
            {
              seen++;
              g_string_append_printf (missing, "%s'%s'", seen == 1 ? "" : seen == n_missing ? (n_missing > 2 ? ", and " : " and ") : ", ",
                                      names[j]);
            }
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() missing %u required positional argument%s: %s",
                         qualname, n_missing, n_missing == 1 ? "" : "s", missing->str);
      }
  for (guint i = required; i < n_names; i++)
    if (ls_is_unbound (values[i]))
      values[i] = LS_NONE;
  return TRUE;
}

/* Handle.__init__(self, callback, args, loop, context=None) */
NATIVE (handle_dunder_init)
{
  static const char *const names[] = { "callback", "args", "loop", "context" };
  LsValue values[4];
  LsHandle *self = handle_self (vm, args, n_args, "__init__");

  if (self == NULL || !parse_args (vm, "Handle.__init__", args, n_args, kwnames, names, 4, 3, values))
    return FALSE;
  ls_handle_init (self, values[0], values[1], values[2], values[3]);
  *result = LS_NONE;
  return TRUE;
}

/* TimerHandle.__init__(self, when, callback, args, loop, context=None) */
NATIVE (timer_dunder_init)
{
  static const char *const names[] = { "when", "callback", "args", "loop", "context" };
  LsValue values[5];
  LsHandle *self = handle_self (vm, args, n_args, "__init__");
  double when_d = NAN;

  if (self == NULL || !parse_args (vm, "TimerHandle.__init__", args, n_args, kwnames, names, 5, 4, values))
    return FALSE;
  ls_handle_init (self, values[1], values[2], values[3], values[4]);
  /* the Python class took any `when`; only the loop's heap needs a number */
  if (ls_is_float (values[0]) || ls_is_intlike (values[0]))
    ls_timer_when_double (vm, values[0], &when_d);
  timer_init (vm, self, values[0], when_d);
  /* a handle already in a heap may be made again */
  vm->timer_keys_generation++;
  *result = LS_NONE;
  return TRUE;
}

/* --- cancel ----------------------------------------------------------------- */

/* Handle.cancel */
static gboolean
handle_cancel (LsVM *vm, LsHandle *self)
{
  gboolean truth;

  if (self->cancelled)
    return TRUE;
  self->cancelled = TRUE;
  if (!ls_loop_get_debug (vm, self->loop, &truth))
    return FALSE;
  if (truth)
    {
      LsStr *repr;

      if (!ls_repr (vm, ls_obj (self), &repr))
        return FALSE;
      self->repr = ls_obj (repr);
    }
  self->callback = LS_NONE;
  self->args = LS_NONE;
  ls_handle_drop_inline_args (self);
  return TRUE;
}

NATIVE (handle_cancel_method)
{
  LsHandle *self = handle_self (vm, args, n_args, "cancel");

  if (self == NULL || !ls_check_args (vm, "cancel", n_args - 1, kwnames, 0, 0) || !handle_cancel (vm, self))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

/* TimerHandle.cancel: the loop counts the cancelled timers still in its
 * heap, to sweep them out when they are many. */
static gboolean
timer_cancel (LsVM *vm, LsHandle *self)
{
  LsValue me = ls_obj (self);

  if (!self->cancelled)
    {
      if (!ls_loop_timer_handle_cancelled (vm, self->loop, me))
        return FALSE;
      if (self->scheduled)
        ls_trace_note_timer_cancelled (vm, me);   /* still in the heap: it will not fire now */
    }
  return handle_cancel (vm, self);
}

NATIVE (timer_cancel_method)
{
  LsHandle *self = handle_self (vm, args, n_args, "cancel");

  if (self == NULL || !ls_check_args (vm, "cancel", n_args - 1, kwnames, 0, 0) || !timer_cancel (vm, self))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

gboolean
ls_timer_handle_cancel (LsVM    *vm,
                        LsValue  handle)
{
  LsHandle *self = ls_handle_from_value (handle);
  LsValue method, ignored;

  /* handle.cancel() is the C method unless a class or the instance says otherwise */
  if (self != NULL && (self->instance.dict == NULL || self->instance.dict->len == 0))
    {
      method = ls_class_lookup_cached (handle.o->cls, vm->names[LS_NAME_cancel], &vm->class_name_caches[LS_NAME_cancel]);
      if (ls_is_kind (method, LS_KIND_NATIVE) && ((LsNative *) method.o)->func == timer_cancel_method)
        return timer_cancel (vm, self);
    }
  return ls_getattr (vm, handle, vm->names[LS_NAME_cancel], &method) &&
         ls_call (vm, method, NULL, 0, NULL, &ignored);
}

NATIVE (handle_cancelled)
{
  LsHandle *self = handle_self (vm, args, n_args, "cancelled");

  if (self == NULL || !ls_check_args (vm, "cancelled", n_args - 1, kwnames, 0, 0))
    return FALSE;
  *result = ls_bool (self->cancelled);
  return TRUE;
}

NATIVE (timer_when)
{
  LsHandle *self = handle_self (vm, args, n_args, "when");

  if (self == NULL || !ls_check_args (vm, "when", n_args - 1, kwnames, 0, 0))
    return FALSE;
  *result = or_none (self->when);
  return TRUE;
}

/* --- _run ------------------------------------------------------------------- */

static gboolean
library_attr (LsVM *vm, const char *module_name, const char *name, LsValue *out)
{
  LsModule *module = ls_value_module (ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, module_name)));

  *out = module != NULL ? ls_dict_get_str (module->dict, ls_str_intern_cstr (vm, name)) : LS_UNBOUND;
  if (ls_is_unbound (*out))
    return ls_raise (vm, LS_EXC_SYSTEM_ERROR, "library module %s has no %s", module_name, name);
  return TRUE;
}

/* format_helpers._format_callback_source(callback, args) */
static gboolean
format_callback_source (LsVM *vm, LsHandle *self, LsValue *out)
{
  LsValue format, call_args[2] = { self->callback, handle_args (vm, self) };

  return library_attr (vm, "asyncio.format_helpers", "_format_callback_source", &format) &&
         ls_call (vm, format, call_args, 2, NULL, out);
}

/* What a callback may not swallow into the exception handler: CPython's
 * SystemExit and KeyboardInterrupt, and the simulator's "nothing can ever
 * wake this loop" (events._PROPAGATE). */
static gboolean
must_propagate (LsVM *vm, LsValue exc)
{
  return ls_isinstance (vm, exc, vm->exceptions[LS_EXC_SYSTEM_EXIT]) ||
         ls_isinstance (vm, exc, vm->exceptions[LS_EXC_KEYBOARD_INTERRUPT]) ||
         ls_isinstance (vm, exc, vm->deadlock_class);
}

/* The `except BaseException` of Handle._run: context for the loop's
 * exception handler. */
static gboolean
report_exception (LsVM *vm, LsHandle *self, LsValue exc)
{
  LsValue cb, ignored, context;
  g_autoptr (GString) message = g_string_new ("Exception in callback ");
  LsDict *dict;
  gboolean ok;

  ls_vm_push_root (vm, exc);
  ok = format_callback_source (vm, self, &cb) && ls_str_append (vm, cb, message);
  if (ok)
    {
      dict = ls_dict_new (vm);
      context = ls_obj (dict);
      ls_vm_push_root (vm, context);
      ok = ls_dict_set (vm, dict, ls_obj (ls_str_intern_cstr (vm, "message")),
                        ls_obj (ls_str_new (vm, message->str, message->len))) &&
           ls_dict_set (vm, dict, ls_obj (ls_str_intern_cstr (vm, "exception")), exc) &&
           ls_dict_set (vm, dict, ls_obj (ls_str_intern_cstr (vm, "handle")), ls_obj (self)) &&
           ls_aux_call_method (vm, self->loop, "call_exception_handler", &context, 1, NULL, &ignored);
      ls_vm_pop_roots (vm, 1);
    }
  ls_vm_pop_roots (vm, 1);
  return ok;
}

/* call_callback for anything but a task's step or wake-up */
static G_GNUC_NO_INLINE gboolean
call_other_callback (LsVM *vm, LsHandle *self)
{
  LsTuple *tuple = ls_value_tuple (self->args);
  LsValue ignored, list;
  gint64 n;

  if (self->n_inline_args > 0)
    {
      /* a module's C function (every timed sleep's timer calls
       * futures._set_result_unless_cancelled): what ls_call does for it */
      if (ls_is_kind (self->callback, LS_KIND_NATIVE) && ls_is_unbound (((LsNative *) self->callback.o)->self) &&
          G_LIKELY (vm->native_depth < LS_VM_MAX_NATIVE_DEPTH))
        return ls_vm_call_unbound_native (vm, (LsNative *) self->callback.o, self->inline_args, self->n_inline_args,
                                          NULL, &ignored);
      return ls_call (vm, self->callback, self->inline_args, self->n_inline_args, NULL, &ignored);
    }
  if (tuple != NULL)
    return ls_call (vm, self->callback, tuple->items, tuple->len, NULL, &ignored);
  /* the Python class ran len(args) and indexed it */
  if (!ls_len (vm, self->args, &n) || !ls_iterate_to_list (vm, self->args, &list))
    return FALSE;
  return ls_call (vm, self->callback, ((LsList *) list.o)->items, ((LsList *) list.o)->len, NULL, &ignored);
}

/* CPython: self._context.run(self._callback, *self._args).  The other
 * callbacks out of line, so that a task's (most handles hold a task's
 * step or wake-up) saves no registers for them.  `recorded`: the loop
 * runs the handle, and its CALLBACK_RUN record is written here, or by
 * ls_task_run_callback for a task's (ls_handle_run_recorded). */
static inline G_ALWAYS_INLINE gboolean
call_callback (LsVM *vm, LsHandle *self, gboolean recorded)
{
  LsTuple *tuple;

  if (ls_task_of_callback (self->callback) != NULL)
    {
      tuple = ls_value_tuple (self->args);
      if (self->n_inline_args > 0 || (tuple != NULL && tuple->len == 0))
        return ls_task_run_callback (vm, self->callback, self->inline_args, self->n_inline_args,
                                     recorded ? &self->instance : NULL);
    }
  if (recorded)
    ls_trace_note_callback_run (vm, ls_obj (self));
  return call_other_callback (vm, self);
}

/* The callback raised: to the loop's exception handler, unless it must
 * stop the loop.  Out of line, as call_other_callback. */
static G_GNUC_NO_INLINE gboolean
callback_raised (LsVM     *vm,
                 LsHandle *self)
{
  LsValue exc;

  /* a stopped run unwinds without running any except clause */
  if (vm->stop_kind != LS_LIMIT_NONE)
    return FALSE;
  exc = vm->raised;
  if (must_propagate (vm, exc))
    return FALSE;
  vm->raised = LS_UNBOUND;
  /* the handler's context names it */
  self->own = FALSE;
  return report_exception (vm, self, exc);
}

gboolean
ls_handle_run (LsVM     *vm,
               LsHandle *self)
{
  if (G_LIKELY (call_callback (vm, self, FALSE)))
    return TRUE;
  return callback_raised (vm, self);
}

gboolean
ls_handle_run_recorded (LsVM     *vm,
                        LsHandle *self)
{
  if (G_LIKELY (call_callback (vm, self, TRUE)))
    return TRUE;
  return callback_raised (vm, self);
}

NATIVE (handle_run_method)
{
  LsHandle *self = handle_self (vm, args, n_args, "_run");

  if (self == NULL || !ls_check_args (vm, "_run", n_args - 1, kwnames, 0, 0))
    return FALSE;
  ls_vm_push_root (vm, args[0]);
  if (!ls_handle_run (vm, self))
    {
      ls_vm_pop_roots (vm, 1);
      return FALSE;
    }
  ls_vm_pop_roots (vm, 1);
  *result = LS_NONE;
  return TRUE;
}

/* --- repr ------------------------------------------------------------------- */

static gboolean
handle_repr_info (LsVM *vm, LsHandle *self, LsList **out)
{
  LsList *info = ls_list_new (vm, 4);
  LsValue source;

  *out = info;
  ls_list_append (vm, info, ls_obj (self->instance.header.cls->name));
  if (self->cancelled)
    ls_list_append (vm, info, ls_obj (ls_str_intern_cstr (vm, "cancelled")));
  if (!ls_is_none (self->callback) && !ls_is_unbound (self->callback))
    {
      ls_vm_push_root (vm, ls_obj (info));
      if (!format_callback_source (vm, self, &source))
        {
          ls_vm_pop_roots (vm, 1);
          return FALSE;
        }
      ls_vm_pop_roots (vm, 1);
      ls_list_append (vm, info, source);
    }
  return TRUE;
}

NATIVE (handle_repr_info_method)
{
  LsHandle *self = handle_self (vm, args, n_args, "_repr_info");
  LsList *info;

  if (self == NULL || !ls_check_args (vm, "_repr_info", n_args - 1, kwnames, 0, 0) ||
      !handle_repr_info (vm, self, &info))
    return FALSE;
  *result = ls_obj (info);
  return TRUE;
}

/* TimerHandle._repr_info: `when=...` after the class name and "cancelled" */
NATIVE (timer_repr_info_method)
{
  LsHandle *self = handle_self (vm, args, n_args, "_repr_info");
  g_autoptr (GString) text = g_string_new ("when=");
  LsList *info;

  if (self == NULL || !ls_check_args (vm, "_repr_info", n_args - 1, kwnames, 0, 0) ||
      !handle_repr_info (vm, self, &info))
    return FALSE;
  ls_vm_push_root (vm, ls_obj (info));
  if (!ls_str_append (vm, or_none (self->when), text))
    {
      ls_vm_pop_roots (vm, 1);
      return FALSE;
    }
  ls_vm_pop_roots (vm, 1);
  ls_list_insert (vm, info, self->cancelled ? 2 : 1, ls_obj (ls_str_new (vm, text->str, text->len)));
  *result = ls_obj (info);
  return TRUE;
}

/* '<{}>'.format(' '.join(self._repr_info())), or the repr cancel() kept */
NATIVE (handle_dunder_repr)
{
  LsHandle *self = handle_self (vm, args, n_args, "__repr__");
  g_autoptr (GString) text = g_string_new ("<");
  LsValue info;
  LsList *list;

  if (self == NULL)
    return FALSE;
  if (!ls_is_none (self->repr) && !ls_is_unbound (self->repr))
    {
      *result = self->repr;
      return TRUE;
    }
  if (!ls_aux_call_method (vm, args[0], "_repr_info", NULL, 0, NULL, &info))
    return FALSE;
  list = ls_value_list (info);
  if (list == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can only join an iterable");
  for (gsize i = 0; i < list->len; i++)
    {
      LsStr *item = ls_value_str (list->items[i]);

      if (item == NULL)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "sequence item %" G_GSIZE_FORMAT ": expected str instance, %s found",
                         i, ls_type_name (vm, list->items[i]));
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append_len (text, item->data, item->len);
    }
  g_string_append_c (text, '>');
  *result = ls_obj (ls_str_new (vm, text->str, text->len));
  return TRUE;
}

/* --- TimerHandle's comparisons ---------------------------------------------- */

/* self._when `op` other._when, with ties broken by `seq_op` on _seq, as
 * the Python class's __lt__, __le__, __gt__ and __ge__. */
static gboolean
timer_compare (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, const char *name,
               LsCompareOp op, LsValue *result)
{
  LsHandle *self = handle_self (vm, args, n_args, name), *other;
  LsValue equal;
  gboolean truth;

  if (self == NULL || !ls_check_args (vm, name, n_args - 1, kwnames, 1, 1))
    return FALSE;
  if (!is_timer (vm, args[1]))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  other = (LsHandle *) args[1].o;
  if (!ls_compare (vm, or_none (self->when), or_none (other->when), LS_CMP_EQ, &equal) ||
      !ls_truthy (vm, equal, &truth))
    return FALSE;
  if (truth)
    {
      gboolean answer = op == LS_CMP_LT ? self->seq < other->seq
                        : op == LS_CMP_LT_E ? self->seq <= other->seq
                        : op == LS_CMP_GT ? self->seq > other->seq
                        : self->seq >= other->seq;
      *result = ls_bool (answer);
      return TRUE;
    }
  /* __le__ and __ge__ fall back on the strict comparison of the deadlines */
  return ls_compare (vm, or_none (self->when), or_none (other->when),
                     op == LS_CMP_LT || op == LS_CMP_LT_E ? LS_CMP_LT : LS_CMP_GT, result);
}

NATIVE (timer_lt) { return timer_compare (vm, args, n_args, kwnames, "__lt__", LS_CMP_LT, result); }
NATIVE (timer_le) { return timer_compare (vm, args, n_args, kwnames, "__le__", LS_CMP_LT_E, result); }
NATIVE (timer_gt) { return timer_compare (vm, args, n_args, kwnames, "__gt__", LS_CMP_GT, result); }
NATIVE (timer_ge) { return timer_compare (vm, args, n_args, kwnames, "__ge__", LS_CMP_GT_E, result); }

/* (self._when == other._when and self._callback == other._callback and
 *  self._args == other._args and self._cancelled == other._cancelled):
 * the value of the first false operand, or of the last one. */
NATIVE (timer_eq)
{
  LsHandle *self = handle_self (vm, args, n_args, "__eq__"), *other;
  gboolean truth = TRUE;

  if (self == NULL || !ls_check_args (vm, "__eq__", n_args - 1, kwnames, 1, 1))
    return FALSE;
  if (!is_timer (vm, args[1]))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  other = (LsHandle *) args[1].o;
  {
    LsValue pairs[3][2] = {
      { or_none (self->when), or_none (other->when) },
      { or_none (self->callback), or_none (other->callback) },
      { or_none (handle_args (vm, self)), or_none (handle_args (vm, other)) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (pairs) && truth; i++)
      if (!ls_compare (vm, pairs[i][0], pairs[i][1], LS_CMP_EQ, result) || !ls_truthy (vm, *result, &truth))
        return FALSE;
  }
  if (truth)
    *result = ls_bool (self->cancelled == other->cancelled);
  return TRUE;
}

/* hash(self._when) */
NATIVE (timer_hash)
{
  LsHandle *self = handle_self (vm, args, n_args, "__hash__");
  gint64 hash;

  if (self == NULL || !ls_check_args (vm, "__hash__", n_args - 1, kwnames, 0, 0) ||
      !ls_hash (vm, or_none (self->when), &hash))
    return FALSE;
  *result = ls_int (hash);
  return TRUE;
}

/* --- data attributes, as the Python classes' slots ------------------------------ */

#define FIELD_PROLOGUE(name) \
  LsHandle *self = handle_self (vm, args, n_args, name); \
  if (self == NULL) \
    return FALSE; \
  *result = LS_NONE

/* a setter is called with the instance and the value */
#define SETTER_PROLOGUE(name) \
  FIELD_PROLOGUE (name); \
  if (!ls_check_args (vm, name, n_args, kwnames, 2, 2)) \
    return FALSE

#define VALUE_FIELD(field) \
  NATIVE (get_##field) { FIELD_PROLOGUE ("_" #field); *result = or_none (self->field); return TRUE; } \
  NATIVE (set_##field) { SETTER_PROLOGUE ("_" #field); self->field = args[1]; return TRUE; }

VALUE_FIELD (callback)

NATIVE (get_args) { FIELD_PROLOGUE ("_args"); *result = or_none (handle_args (vm, self)); return TRUE; }
NATIVE (set_args) { SETTER_PROLOGUE ("_args"); ls_handle_drop_inline_args (self); self->args = args[1]; return TRUE; }
VALUE_FIELD (loop)
VALUE_FIELD (context)
VALUE_FIELD (repr)

NATIVE (get_none) { FIELD_PROLOGUE ("_source_traceback"); return TRUE; }

static gboolean
set_flag (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, const char *name,
          guint8 *(*field) (LsHandle *))
{
  LsHandle *self = handle_self (vm, args, n_args, name);
  gboolean truth;

  if (self == NULL || !ls_check_args (vm, name, n_args, kwnames, 2, 2) || !ls_truthy (vm, args[1], &truth))
    return FALSE;
  *field (self) = truth;
  return TRUE;
}

static guint8 *cancelled_field (LsHandle *self) { return &self->cancelled; }
static guint8 *scheduled_field (LsHandle *self) { return &self->scheduled; }

NATIVE (get_cancelled) { FIELD_PROLOGUE ("_cancelled"); *result = ls_bool (self->cancelled); return TRUE; }
NATIVE (set_cancelled) { *result = LS_NONE; return set_flag (vm, args, n_args, kwnames, "_cancelled", cancelled_field); }
NATIVE (get_scheduled) { FIELD_PROLOGUE ("_scheduled"); *result = ls_bool (self->scheduled); return TRUE; }
NATIVE (set_scheduled) { *result = LS_NONE; return set_flag (vm, args, n_args, kwnames, "_scheduled", scheduled_field); }
NATIVE (get_when) { FIELD_PROLOGUE ("_when"); *result = or_none (self->when); return TRUE; }
NATIVE (get_seq) { FIELD_PROLOGUE ("_seq"); *result = ls_int ((gint64) self->seq); return TRUE; }

/* Only a number may move a timer: the heap orders by it. */
NATIVE (set_when)
{
  double when_d;

  SETTER_PROLOGUE ("_when");
  if (!ls_timer_when_double (vm, args[1], &when_d))
    return FALSE;
  self->when = args[1];
  self->when_d = when_d;
  vm->timer_keys_generation++;
  return TRUE;
}

NATIVE (set_seq)
{
  SETTER_PROLOGUE ("_seq");
  if (!ls_is_intlike (args[1]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_seq must be an int, not %s", ls_type_name (vm, args[1]));
  self->seq = (guint64) ls_as_int (args[1]);
  vm->timer_keys_generation++;
  return TRUE;
}

typedef struct
{
  const char  *name;
  LsNativeFunc get;
  LsNativeFunc set;
} HandleField;

static void
add_fields (LsVM *vm, LsClass *cls, const HandleField *fields, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      LsProperty *property = ls_object_alloc (vm, LS_KIND_PROPERTY, vm->types[LS_TYPE_PROPERTY], sizeof (LsProperty));

      property->property_kind = LS_PROPERTY_PROPERTY;
      property->fget = ls_obj (ls_native_new (vm, fields[i].name, fields[i].get));
      property->fset = fields[i].set != NULL ? ls_obj (ls_native_new (vm, fields[i].name, fields[i].set)) : LS_NONE;
      property->fdel = LS_NONE;
      ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, fields[i].name), ls_obj (property));
    }
}

void
ls_handle_classes_new (LsVM     *vm,
                       LsClass **handle,
                       LsClass **timer_handle)
{
  static const LsAuxMethod handle_methods[] = {
    { "__init__", handle_dunder_init },
    { "_repr_info", handle_repr_info_method },
    { "__repr__", handle_dunder_repr },
    { "cancel", handle_cancel_method },
    { "cancelled", handle_cancelled },
    { "_run", handle_run_method },
  };
  static const HandleField handle_fields[] = {
    { "_callback", get_callback, set_callback },
    { "_args", get_args, set_args },
    { "_cancelled", get_cancelled, set_cancelled },
    { "_loop", get_loop, set_loop },
    { "_source_traceback", get_none, NULL },
    { "_repr", get_repr, set_repr },
    { "_context", get_context, set_context },
  };
  static const LsAuxMethod timer_methods[] = {
    { "__init__", timer_dunder_init },
    { "_repr_info", timer_repr_info_method },
    { "__hash__", timer_hash },
    { "__lt__", timer_lt },
    { "__le__", timer_le },
    { "__gt__", timer_gt },
    { "__ge__", timer_ge },
    { "__eq__", timer_eq },
    { "cancel", timer_cancel_method },
    { "when", timer_when },
  };
  static const HandleField timer_fields[] = {
    { "_scheduled", get_scheduled, set_scheduled },
    { "_when", get_when, set_when },
    { "_seq", get_seq, set_seq },
  };
  /* not is_builtin: a scenario may subclass them, as in CPython */
  LsClass *base = ls_class_new (vm, "Handle", vm->types[LS_TYPE_OBJECT], "asyncio.events");
  LsClass *timer;

  base->layout = &ls_handle_layout;
  LS_AUX_ADD_METHODS (vm, base, handle_methods);
  add_fields (vm, base, handle_fields, G_N_ELEMENTS (handle_fields));
  timer = ls_class_new (vm, "TimerHandle", base, "asyncio.events");
  LS_AUX_ADD_METHODS (vm, timer, timer_methods);
  add_fields (vm, timer, timer_fields, G_N_ELEMENTS (timer_fields));
  *handle = base;
  *timer_handle = timer;
}
