/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-future.c — asyncio's Future in C (see ls-asyncio-future.h).
 *
 * The semantics are CPython 3.11's _asyncio.Future, as our pure-Python
 * port in asyncio.futures (kept there as _PyFuture) had them: the same
 * checks in the same order, the same messages, the same calls into the
 * loop in the same order, and the same trace records, which the C code
 * now writes directly instead of calling the `_trace` hooks.  Every await
 * and sleep goes through here, which is why it is C: each of these used
 * to run dozens of bytecodes of library code.
 *
 * The first done callback sits in two fields and the rest in a list of
 * (fn, context) tuples, as in CPython: most futures only ever get one
 * (the waiting task's wakeup), and that one costs no allocation.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-asyncio-future.h"

#include "ls-asyncio-loop.h"
#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-tracelib.h"
#include "ls-tuple.h"
#include "ls-vm-private.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

void
ls_future_mark (LsVM     *vm,
                LsObject *object)
{
  LsFuture *self = (LsFuture *) object;

  /* the loop every future shares: in the cache (see ls_gc_mark_shared) */
  if (self->loop.tag == LS_TAG_OBJECT)
    ls_gc_mark_shared (vm, self->loop.o);
  ls_gc_mark_value (vm, self->callback0);
  ls_gc_mark_value (vm, self->context0);
  ls_gc_mark_object (vm, (LsObject *) self->callbacks);
  ls_gc_mark_value (vm, self->result);
  ls_gc_mark_value (vm, self->exception);
  ls_gc_mark_value (vm, self->cancel_message);
  ls_gc_mark_value (vm, self->cancelled_exc);
  ls_gc_mark_value (vm, self->label);
}

const LsInstanceLayout ls_future_layout = { "Future", sizeof (LsFuture), ls_future_mark, NULL };

static inline LsValue
or_none (LsValue v)
{
  return ls_is_unbound (v) ? LS_NONE : v;
}

/* --- the library around us ------------------------------------------------ */

static const char *const asyncio_name_texts[] = {
  "_asyncio",
  "FutureIter",
  "_all_tasks",
  "_current_tasks",
  "_is_task",
  "_asyncio_future_blocking",
  "context",
  "Task.task_step",
  "Task.task_wakeup",
  "add_done_callback",
  "result",
  "get_loop",
  "_get_loop",
};

G_STATIC_ASSERT (G_N_ELEMENTS (asyncio_name_texts) == LS_ASYNCIO_N_NAMES);

void
ls_asyncio_names_init (LsVM     *vm,
                       LsModule *module)
{
  LsTuple *names = ls_tuple_new (vm, LS_ASYNCIO_N_NAMES);

  for (guint i = 0; i < LS_ASYNCIO_N_NAMES; i++)
    names->items[i] = ls_obj (ls_str_intern_cstr (vm, asyncio_name_texts[i]));
  /* the module keeps them alive */
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_names"), ls_obj (names));
  vm->asyncio_names = names;
}

gboolean
ls_future_library_attr (LsVM       *vm,
                        const char *module,
                        const char *name,
                        LsValue    *out)
{
  LsValue mod;

  if (!ls_vm_import (vm, ls_str_intern_cstr (vm, module), &mod))
    return FALSE;
  return ls_getattr (vm, mod, ls_str_intern_cstr (vm, name), out);
}

/* Raises asyncio.exceptions.<name>(message). */
static gboolean
raise_asyncio (LsVM       *vm,
               const char *name,
               const char *message)
{
  LsValue cls, arg = ls_obj (ls_str_new_cstr (vm, message)), exc;

  if (!ls_future_library_attr (vm, "asyncio.exceptions", name, &cls) ||
      !ls_call (vm, cls, &arg, 1, NULL, &exc))
    return FALSE;
  return ls_raise_value (vm, exc);
}

/* loop.<name>(*args, context=context).  The method is looked up on the
 * class and called with the loop first, as the bound method would be,
 * unless the loop's own dict has the name; and a None context is left
 * to call_soon's default, which is None. */
gboolean
ls_future_call_loop (LsVM          *vm,
                     LsValue        loop,
                     const char    *name,
                     const LsValue *args,
                     guint          n_args,
                     LsValue        context)
{
  LsStr *key = ls_str_intern_cstr (vm, name);
  LsInstance *instance = ls_value_instance (loop);
  LsValue method = ls_class_lookup (ls_type_of (vm, loop), key), out;
  LsValue call_args[6];
  LsValue kw = ls_obj (ls_asyncio_name (vm, LS_ASYNCIO_NAME_CONTEXT));
  LsTuple *kwnames = ls_is_none (context) || ls_is_unbound (context) ? NULL : ls_tuple_new_from (vm, &kw, 1);
  guint n = 0;

  g_assert (n_args <= 4);
  if (instance == NULL ||
      !(ls_is_kind (method, LS_KIND_FUNCTION) ||
        (ls_is_kind (method, LS_KIND_NATIVE) && ((LsNative *) method.o)->is_method)) ||
      (instance->dict != NULL && !ls_is_unbound (ls_dict_get_str (instance->dict, key))))
    {
      if (!ls_getattr (vm, loop, key, &method))
        return FALSE;
    }
  else
    call_args[n++] = loop;
  memcpy (call_args + n, args, n_args * sizeof (LsValue));
  n += n_args;
  call_args[n] = context;
  return ls_call (vm, method, call_args, n, kwnames, &out);
}

gboolean
ls_future_call_soon (LsVM    *vm,
                     LsValue  loop,
                     LsValue  fn,
                     LsValue  arg,
                     LsValue  context)
{
  return ls_loop_call_soon (vm, loop, fn, &arg, 1, context);
}

/* --- the transitions ------------------------------------------------------ */

/* Hands every done callback to loop.call_soon, in registration order.  The
 * callbacks leave the future first (as the Python version empties its
 * list before the first call), so they are rooted while call_soon runs;
 * a list of further ones was made by add_done_callback, before this
 * native began, so it is rooted too. */
static gboolean
schedule_callbacks (LsVM     *vm,
                    LsFuture *self)
{
  LsValue future = ls_obj (self), fn = self->callback0, context = self->context0;
  LsList *rest = self->callbacks;
  gboolean ok = TRUE;

  if (ls_is_unbound (fn) && rest == NULL)
    return TRUE;
  self->callback0 = LS_UNBOUND;   /* (not `a = b = v`: see ls_handle_drop_inline_args) */
  self->context0 = LS_UNBOUND;
  self->callbacks = NULL;
  if (rest == NULL)
    {
      /* the usual one callback (a task's wake-up), without the list's
       * root and loop */
      ls_vm_push_root (vm, fn);
      ls_vm_push_root (vm, context);
      ok = ls_loop_call_soon (vm, self->loop, fn, &future, 1, context);
      ls_vm_pop_roots (vm, 2);
      return ok;
    }
  ls_vm_push_root (vm, fn);
  ls_vm_push_root (vm, context);
  ls_vm_push_root (vm, rest != NULL ? ls_obj (rest) : LS_NONE);
  if (!ls_is_unbound (fn))
    ok = ls_future_call_soon (vm, self->loop, fn, future, context);
  for (gsize i = 0; ok && rest != NULL && i < rest->len; i++)
    {
      LsTuple *pair = (LsTuple *) rest->items[i].o;

      ok = ls_future_call_soon (vm, self->loop, pair->items[0], future, pair->items[1]);
    }
  ls_vm_pop_roots (vm, 3);
  return ok;
}

static gboolean
check_alive (LsVM *vm, LsFuture *self)
{
  if (ls_is_unbound (self->loop))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "Future object is not initialized.");
  return TRUE;
}

gboolean
ls_future_finish_result (LsVM    *vm,
                         LsValue  future,
                         LsValue  value)
{
  LsFuture *self = (LsFuture *) future.o;

  if (self->state != LS_FUTURE_PENDING)
    return raise_asyncio (vm, "InvalidStateError", "invalid state");
  self->result = value;
  self->state = LS_FUTURE_FINISHED;
  ls_trace_note_future_done (vm, future, LS_TRACE_FUTURE_RESULT);
  return schedule_callbacks (vm, self);
}

gboolean
ls_future_finish_exception (LsVM    *vm,
                            LsValue  future,
                            LsValue  exception)
{
  LsFuture *self = (LsFuture *) future.o;

  if (self->state != LS_FUTURE_PENDING)
    return raise_asyncio (vm, "InvalidStateError", "invalid state");
  self->exception = exception;
  self->state = LS_FUTURE_FINISHED;
  ls_trace_note_future_done (vm, future, LS_TRACE_FUTURE_EXCEPTION);
  if (!schedule_callbacks (vm, self))
    return FALSE;
  self->log_traceback = TRUE;
  return TRUE;
}

gboolean
ls_future_finish_cancel (LsVM     *vm,
                         LsValue   future,
                         LsValue   msg,
                         gboolean *cancelled)
{
  LsFuture *self = (LsFuture *) future.o;

  self->log_traceback = FALSE;
  *cancelled = FALSE;
  if (self->state != LS_FUTURE_PENDING)
    return TRUE;
  if (!self->is_task)
    ls_trace_note_cancel_requested (vm, future, msg);
  self->state = LS_FUTURE_CANCELLED;
  self->cancel_message = msg;
  ls_trace_note_future_done (vm, future, LS_TRACE_FUTURE_CANCELLED);
  *cancelled = TRUE;
  return schedule_callbacks (vm, self);
}

gboolean
ls_future_add_callback (LsVM    *vm,
                        LsValue  future,
                        LsValue  fn,
                        LsValue  context)
{
  LsFuture *self = (LsFuture *) future.o;
  LsValue pair[2] = { fn, context };

  if (self->state != LS_FUTURE_PENDING)
    return ls_future_call_soon (vm, self->loop, fn, future, context);
  if (ls_is_unbound (self->callback0) && self->callbacks == NULL)
    {
      self->callback0 = fn;
      self->context0 = context;
      return TRUE;
    }
  if (self->callbacks == NULL)
    self->callbacks = ls_list_new (vm, 1);
  ls_list_append (vm, self->callbacks, ls_obj (ls_tuple_new_from (vm, pair, 2)));
  return TRUE;
}

gboolean
ls_future_make_cancelled_error (LsVM     *vm,
                                LsFuture *self,
                                LsValue  *out)
{
  LsValue cls;
  LsInstance *exc;

  if (!ls_is_unbound (self->cancelled_exc) && !ls_is_none (self->cancelled_exc))
    {
      *out = self->cancelled_exc;
      self->cancelled_exc = LS_NONE;
      return TRUE;
    }
  if (!ls_future_library_attr (vm, "asyncio.exceptions", "CancelledError", &cls))
    return FALSE;
  if (!ls_call (vm, cls, &self->cancel_message, ls_is_unbound (self->cancel_message) ||
                ls_is_none (self->cancel_message) ? 0 : 1, NULL, out))
    return FALSE;
  /* exc.__context__ = self._cancelled_exc, which is None here */
  exc = ls_value_instance (*out);
  if (exc != NULL && exc->exception != NULL)
    exc->exception->context = LS_NONE;
  self->cancelled_exc = LS_NONE;
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean
future_init_general (LsVM    *vm,
                     LsValue  future,
                     LsValue  loop)
{
  LsFuture *self = (LsFuture *) future.o;
  LsValue is_task;
  gboolean truth = FALSE;

  if (ls_is_none (loop))
    {
      LsValue get_event_loop;

      if (!ls_future_library_attr (vm, "asyncio.events", "_get_event_loop", &get_event_loop) ||
          !ls_call (vm, get_event_loop, NULL, 0, NULL, &loop))
        return FALSE;
    }
  self->loop = loop;
  /* the library's Python Task says so with a class attribute */
  is_task = ls_class_lookup_cached (future.o->cls, ls_asyncio_name (vm, LS_ASYNCIO_NAME_IS_TASK),
                                    &vm->future_is_task_cache);
  if (!ls_is_unbound (is_task) && !ls_truthy (vm, is_task, &truth))
    return FALSE;
  self->is_task = truth;
  if (!self->is_task)
    ls_trace_note_future_created (vm, future);
  return TRUE;
}

/* future_init_general's work when the loop is given and the class's
 * _is_task is a bool or absent (every task a library or C path makes):
 * nothing to call for a task, so no registers saved for the rest */
gboolean
ls_future_init (LsVM    *vm,
                LsValue  future,
                LsValue  loop)
{
  LsFuture *self = (LsFuture *) future.o;
  LsValue is_task;

  if (G_LIKELY (!ls_is_none (loop)))
    {
      is_task = ls_class_lookup_cached (future.o->cls, ls_asyncio_name (vm, LS_ASYNCIO_NAME_IS_TASK),
                                        &vm->future_is_task_cache);
      if (G_LIKELY (ls_is_bool (is_task) || ls_is_unbound (is_task)))
        {
          self->loop = loop;
          self->is_task = ls_is_bool (is_task) && is_task.b;
          if (!self->is_task)
            ls_trace_note_future_created (vm, future);
          return TRUE;
        }
    }
  return future_init_general (vm, future, loop);
}

/* --- Python-visible methods ------------------------------------------------- */

static LsFuture *
future_self (LsVM *vm, const LsValue *args, guint n_args, const char *method)
{
  LsFuture *self = n_args >= 1 ? ls_future_from_value (args[0]) : NULL;

  if (self == NULL)
    ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' for '_asyncio.Future' objects doesn't apply to a '%s' object",
              method, n_args >= 1 ? ls_type_name (vm, args[0]) : "NoneType");
  return self;
}

/* self plus `min`..`max` positional arguments, no keywords */
#define PROLOGUE(method, min, max) \
  LsFuture *self = future_self (vm, args, n_args, method); \
  if (self == NULL || !ls_check_args (vm, method, n_args - 1, kwnames, (min), (max))) \
    return FALSE

/* Future(*, loop=None) */
NATIVE (future_dunder_init)
{
  static const char *const names[] = { "loop" };
  LsValue loop = LS_NONE;
  LsFuture *self = future_self (vm, args, n_args, "__init__");

  if (self == NULL)
    return FALSE;
  if (n_args > 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Future.__init__() takes 1 positional argument but %u were given", n_args);
  if (!ls_aux_kwargs (vm, "Future", args, n_args, kwnames, names, &loop, 1))
    return FALSE;
  *result = LS_NONE;
  return ls_future_init (vm, args[0], loop);
}

NATIVE (future_result)
{
  PROLOGUE ("result", 0, 0);
  if (ls_is_unbound (self->loop))
    return raise_asyncio (vm, "InvalidStateError", "Future object is not initialized.");
  return ls_future_get_result (vm, self, result);
}

gboolean
ls_future_get_result (LsVM     *vm,
                      LsFuture *self,
                      LsValue  *result)
{
  if (self->state == LS_FUTURE_CANCELLED)
    {
      LsValue exc;

      if (!ls_future_make_cancelled_error (vm, self, &exc))
        return FALSE;
      return ls_raise_value (vm, exc);
    }
  if (self->state != LS_FUTURE_FINISHED)
    return raise_asyncio (vm, "InvalidStateError", "Result is not set.");
  self->log_traceback = FALSE;
  if (!ls_is_unbound (self->exception))
    return ls_raise_value (vm, self->exception);
  *result = or_none (self->result);
  return TRUE;
}

NATIVE (future_exception)
{
  PROLOGUE ("exception", 0, 0);
  if (ls_is_unbound (self->loop))
    return raise_asyncio (vm, "InvalidStateError", "Future object is not initialized.");
  if (self->state == LS_FUTURE_CANCELLED)
    {
      LsValue exc;

      if (!ls_future_make_cancelled_error (vm, self, &exc))
        return FALSE;
      return ls_raise_value (vm, exc);
    }
  if (self->state != LS_FUTURE_FINISHED)
    return raise_asyncio (vm, "InvalidStateError", "Exception is not set.");
  self->log_traceback = FALSE;
  *result = or_none (self->exception);
  return TRUE;
}

NATIVE (future_set_result)
{
  PROLOGUE ("set_result", 1, 1);
  if (!check_alive (vm, self))
    return FALSE;
  *result = LS_NONE;
  return ls_future_finish_result (vm, args[0], args[1]);
}

static gboolean
is_exception_class (LsValue v)
{
  LsClass *cls = ls_value_class (v);

  return cls != NULL && cls->is_exception;
}

NATIVE (future_set_exception)
{
  LsValue exception;

  PROLOGUE ("set_exception", 1, 1);
  if (!check_alive (vm, self))
    return FALSE;
  if (self->state != LS_FUTURE_PENDING)
    return raise_asyncio (vm, "InvalidStateError", "invalid state");
  exception = args[1];
  if (is_exception_class (exception))
    {
      if (!ls_call (vm, exception, NULL, 0, NULL, &exception))
        return FALSE;
      if (self->state != LS_FUTURE_PENDING)
        return raise_asyncio (vm, "InvalidStateError", "invalid state");
    }
  if (!ls_is_exception (exception))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "invalid exception object");
  if (exception.o->cls == vm->exceptions[LS_EXC_STOP_ITERATION])
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "StopIteration interacts badly with generators "
                     "and cannot be raised into a Future");
  *result = LS_NONE;
  return ls_future_finish_exception (vm, args[0], exception);
}

/* add_done_callback(fn, *, context=None) */
NATIVE (future_add_done_callback)
{
  static const char *const names[] = { "context" };
  LsValue context = LS_NONE;
  LsFuture *self = future_self (vm, args, n_args, "add_done_callback");

  if (self == NULL || !ls_aux_arity (vm, "add_done_callback", n_args - 1, 1, 1) ||
      !ls_aux_kwargs (vm, "add_done_callback", args, n_args, kwnames, names, &context, 1))
    return FALSE;
  if (ls_is_unbound (self->loop))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "uninitialized Future object");
  *result = LS_NONE;
  return ls_future_add_callback (vm, args[0], args[1], context);
}

/* getattr(obj, name, None) as the library's own code would get it: the
 * scenario may not read `print.__self__`, the library may (it is None). */
static gboolean
attr_or_none (LsVM *vm, LsValue obj, const char *name, LsValue *out)
{
  gboolean found, want_self = name[2] == 's';

  if (ls_is_kind (obj, LS_KIND_NATIVE))
    {
      LsValue self = ((LsNative *) obj.o)->self;

      *out = want_self && !ls_is_unbound (self) ? self : LS_NONE;
      return TRUE;
    }
  if (ls_is_kind (obj, LS_KIND_BOUND_METHOD))
    {
      *out = want_self ? ((LsBoundMethod *) obj.o)->self : ((LsBoundMethod *) obj.o)->func;
      return TRUE;
    }
  if (!ls_getattr_opt (vm, obj, ls_str_intern_cstr (vm, name), out, &found))
    return FALSE;
  if (!found)
    *out = LS_NONE;
  return TRUE;
}

/* `f == fn`, or two bound methods of the same function and object, as
 * asyncio.futures._same_callback decides. */
static gboolean
same_callback (LsVM *vm, LsValue f, LsValue fn, gboolean *same)
{
  LsValue self_f, self_fn, func_f, func_fn;

  if (!ls_equal (vm, f, fn, same))
    return FALSE;
  if (*same)
    return TRUE;
  if (!attr_or_none (vm, f, "__self__", &self_f))
    return FALSE;
  if (ls_is_none (self_f))
    return TRUE;
  if (!attr_or_none (vm, fn, "__self__", &self_fn))
    return FALSE;
  if (!ls_future_value_is (self_f, self_fn))
    return TRUE;
  if (!attr_or_none (vm, f, "__func__", &func_f) || !attr_or_none (vm, fn, "__func__", &func_fn))
    return FALSE;
  *same = !ls_is_none (func_f) && ls_future_value_is (func_f, func_fn);
  return TRUE;
}

/* The callbacks as one flat list fn0, ctx0, fn1, ctx1, ... */
static LsList *
flat_callbacks (LsVM *vm, LsFuture *self)
{
  LsList *all = ls_list_new (vm, 2);

  if (!ls_is_unbound (self->callback0))
    {
      ls_list_append (vm, all, self->callback0);
      ls_list_append (vm, all, self->context0);
    }
  for (gsize i = 0; self->callbacks != NULL && i < self->callbacks->len; i++)
    {
      LsTuple *pair = (LsTuple *) self->callbacks->items[i].o;

      ls_list_append (vm, all, pair->items[0]);
      ls_list_append (vm, all, pair->items[1]);
    }
  return all;
}

/* Stores the flat list `kept` back as callback0 and the tuple list. */
static void
store_callbacks (LsVM *vm, LsFuture *self, LsList *kept)
{
  self->callback0 = LS_UNBOUND;   /* (not `a = b = v`: see ls_handle_drop_inline_args) */
  self->context0 = LS_UNBOUND;
  self->callbacks = NULL;
  for (gsize i = 0; i + 1 < kept->len; i += 2)
    ls_future_add_callback (vm, ls_obj (self), kept->items[i], kept->items[i + 1]);
}

NATIVE (future_remove_done_callback)
{
  LsList *all, *kept;
  gint64 removed;

  PROLOGUE ("remove_done_callback", 1, 1);
  if (!check_alive (vm, self))
    return FALSE;
  all = flat_callbacks (vm, self);
  kept = ls_list_new (vm, all->len);
  for (gsize i = 0; i + 1 < all->len; i += 2)
    {
      gboolean same;

      if (!same_callback (vm, all->items[i], args[1], &same))
        return FALSE;
      if (!same)
        {
          ls_list_append (vm, kept, all->items[i]);
          ls_list_append (vm, kept, all->items[i + 1]);
        }
    }
  removed = (gint64) (all->len - kept->len) / 2;
  if (removed > 0 && self->state == LS_FUTURE_PENDING)
    store_callbacks (vm, self, kept);
  *result = ls_int (removed);
  return TRUE;
}

/* cancel(msg=None) */
NATIVE (future_cancel)
{
  static const char *const names[] = { "msg" };
  LsValue msg = LS_NONE;
  gboolean cancelled;
  LsFuture *self = future_self (vm, args, n_args, "cancel");

  if (self == NULL || !ls_aux_arity (vm, "cancel", n_args - 1, 0, 1) || !check_alive (vm, self))
    return FALSE;
  if (n_args > 1)
    msg = args[1];
  if (!ls_aux_kwargs (vm, "cancel", args, n_args, kwnames, names, &msg, 1) ||
      !ls_future_finish_cancel (vm, args[0], msg, &cancelled))
    return FALSE;
  *result = ls_bool (cancelled);
  return TRUE;
}

NATIVE (future_cancelled)
{
  PROLOGUE ("cancelled", 0, 0);
  *result = ls_bool (self->state == LS_FUTURE_CANCELLED);
  return TRUE;
}

NATIVE (future_done)
{
  PROLOGUE ("done", 0, 0);
  *result = ls_bool (self->state != LS_FUTURE_PENDING);
  return TRUE;
}

NATIVE (future_get_loop)
{
  PROLOGUE ("get_loop", 0, 0);
  if (!check_alive (vm, self))
    return FALSE;
  *result = self->loop;
  return TRUE;
}

NATIVE (future_make_cancelled_error)
{
  PROLOGUE ("_make_cancelled_error", 0, 0);
  return ls_future_make_cancelled_error (vm, self, result);
}

/* The reprs are the library's (asyncio.futures._future_repr), as
 * CPython's C Future calls base_futures for its repr. */
NATIVE (future_dunder_repr)
{
  LsValue func;

  PROLOGUE ("__repr__", 0, 0);
  if (!ls_future_library_attr (vm, "asyncio.futures", "_future_repr", &func))
    return FALSE;
  return ls_call (vm, func, args, 1, NULL, result);
}

NATIVE (future_repr_info)
{
  LsValue func;

  PROLOGUE ("_repr_info", 0, 0);
  if (!ls_future_library_attr (vm, "asyncio.futures", "_future_repr_info", &func))
    return FALSE;
  return ls_call (vm, func, args, 1, NULL, result);
}

/* Future[int]: the class itself, as vmglue.class_getitem */
NATIVE (future_class_getitem)
{
  *result = args[0];
  return TRUE;
}

/* --- the iterator `await` drives -------------------------------------------- */

typedef struct
{
  LsExtension header;
  LsValue     future;     /* LS_UNBOUND once exhausted */
} LsFutureIter;

static void
iter_mark (LsVM *vm, LsObject *self)
{
  ls_gc_mark_value (vm, ((LsFutureIter *) self)->future);
}

static const LsExtensionVTable iter_vtable = { "FutureIter", iter_mark, NULL };

static LsClass *
iter_class (LsVM *vm)
{
  LsModule *module = ls_value_module (ls_dict_get_str_cached (vm->modules, ls_asyncio_name (vm, LS_ASYNCIO_NAME_ASYNCIO),
                                                              &vm->future_iter_cache.module));
  LsStr *name = ls_asyncio_name (vm, LS_ASYNCIO_NAME_FUTURE_ITER);

  return module != NULL ? ls_value_class (ls_dict_get_str_cached (module->dict, name, &vm->future_iter_cache.attr)) : NULL;
}

/* __await__ and __iter__ */
NATIVE (future_dunder_await)
{
  LsFutureIter *iter;
  LsClass *cls;

  PROLOGUE ("__await__", 0, 0);
  cls = iter_class (vm);
  if (cls == NULL)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_asyncio is not loaded");
  iter = ls_object_alloc (vm, LS_KIND_EXTENSION, cls, sizeof (LsFutureIter));
  iter->header.vtable = &iter_vtable;
  iter->future = args[0];
  *result = ls_obj (iter);
  return TRUE;
}

gboolean
ls_future_await_if_native (LsVM    *vm,
                           LsValue  v,
                           LsValue *out,
                           gboolean *handled)
{
  LsValue method;

  *handled = FALSE;
  if (!ls_future_awaited_check (v))
    return TRUE;
  method = ls_class_lookup_cached (v.o->cls, vm->names[LS_NAME___await__],
                                   &vm->class_name_caches[LS_NAME___await__]);
  if (!ls_is_kind (method, LS_KIND_NATIVE) || ((LsNative *) method.o)->func != future_dunder_await)
    return TRUE;
  /* the future itself stands for its FutureIter on the awaiting frame's
   * stack (ls_future_awaited_send); one is made if a scenario asks for
   * cr_await (ls_future_iter_for) */
  *handled = TRUE;
  *out = v;
  return TRUE;
}

gboolean
ls_future_iter_for (LsVM    *vm,
                    LsValue  future,
                    LsValue *out)
{
  return future_dunder_await (vm, &future, 1, NULL, out);
}

static LsFutureIter *
iter_self (LsVM *vm, const LsValue *args, guint n_args, const char *method)
{
  if (n_args >= 1 && ls_is_kind (args[0], LS_KIND_EXTENSION) &&
      ((LsExtension *) args[0].o)->vtable == &iter_vtable)
    return (LsFutureIter *) args[0].o;
  ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' for '_asyncio.FutureIter' objects doesn't apply to a '%s' object",
            method, n_args >= 1 ? ls_type_name (vm, args[0]) : "NoneType");
  return NULL;
}

static gboolean
raise_stop_iteration (LsVM *vm, LsValue value)
{
  LsTuple *stop_args = ls_is_none (value) ? vm->empty_tuple : ls_tuple_new_from (vm, &value, 1);

  vm->raised = ls_obj (ls_exception_new (vm, vm->exceptions[LS_EXC_STOP_ITERATION], stop_args));
  return FALSE;
}

/* The first step yields the pending future itself (flagged blocking, so
 * the task knows it came from an await); once the future is done, the
 * iterator returns its result.  *yielded tells which. */
static gboolean
iter_advance (LsVM *vm, LsFutureIter *self, LsValue *out, gboolean *yielded)
{
  LsFuture *future;
  LsValue call_args[1];

  *yielded = FALSE;
  if (ls_is_unbound (self->future))
    {
      *out = LS_NONE;
      return TRUE;
    }
  future = (LsFuture *) self->future.o;
  if (future->state == LS_FUTURE_PENDING)
    {
      if (!future->blocking)
        {
          future->blocking = TRUE;
          *out = self->future;
          *yielded = TRUE;
          return TRUE;
        }
      return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "await wasn't used with future");
    }
  call_args[0] = self->future;
  self->future = LS_UNBOUND;
  return future_result (vm, call_args, 1, NULL, out);
}

/* __next__: the result comes back as StopIteration(result) */
static gboolean
iter_step (LsVM *vm, LsFutureIter *self, LsValue *result)
{
  gboolean yielded;

  if (!iter_advance (vm, self, result, &yielded))
    return FALSE;
  return yielded || raise_stop_iteration (vm, *result);
}

gboolean
ls_future_iter_check (LsValue v)
{
  return ls_is_kind (v, LS_KIND_EXTENSION) && ((LsExtension *) v.o)->vtable == &iter_vtable;
}

/* What the FutureIter would do with the future it was made for (it keeps
 * nothing else: iter_advance). */
gboolean
ls_future_awaited_send (LsVM     *vm,
                        LsValue   future,
                        LsValue   value,
                        LsValue  *out,
                        gboolean *yielded)
{
  LsFuture *self = (LsFuture *) future.o;

  /* the value sent is ignored, as CPython's FutureIter_send does */
  *yielded = FALSE;
  if (self->state == LS_FUTURE_PENDING)
    {
      if (self->blocking)
        return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "await wasn't used with future");
      self->blocking = TRUE;
      *out = future;
      *yielded = TRUE;
      return TRUE;
    }
  /* future_result's body: its argument checks pass by construction (one
   * argument with the Future's fields, no keywords), and were ~130
   * instructions of every timed sleep's wake-up */
  if (G_LIKELY (!ls_is_unbound (self->loop)))
    return ls_future_get_result (vm, self, out);
  return future_result (vm, &future, 1, NULL, out);
}

gboolean
ls_future_iter_send (LsVM     *vm,
                     LsValue   iter,
                     LsValue   value,
                     LsValue  *out,
                     gboolean *yielded)
{
  /* the value sent is ignored, as CPython's FutureIter_send does */
  return iter_advance (vm, (LsFutureIter *) iter.o, out, yielded);
}

NATIVE (iter_next)
{
  LsFutureIter *self = iter_self (vm, args, n_args, "__next__");

  return self != NULL && iter_step (vm, self, result);
}

NATIVE (iter_send)
{
  LsFutureIter *self = iter_self (vm, args, n_args, "send");

  /* the value is ignored, as CPython's FutureIter_send does */
  if (self == NULL || !ls_check_args (vm, "send", n_args - 1, kwnames, 1, 1))
    return FALSE;
  return iter_step (vm, self, result);
}

/* throw(exc): the await raises it (the future stays as it is) */
NATIVE (iter_throw)
{
  LsFutureIter *self = iter_self (vm, args, n_args, "throw");

  if (self == NULL || !ls_check_args (vm, "throw", n_args - 1, kwnames, 1, 3))
    return FALSE;
  self->future = LS_UNBOUND;
  if (n_args >= 3 && !ls_is_none (args[2]))
    {
      LsValue exc;

      if (ls_is_exception (args[2]))
        return ls_raise_value (vm, args[2]);
      if (!ls_call (vm, args[1], &args[2], 1, NULL, &exc))
        return FALSE;
      return ls_raise_value (vm, exc);
    }
  return ls_raise_value (vm, args[1]);
}

NATIVE (iter_close)
{
  LsFutureIter *self = iter_self (vm, args, n_args, "close");

  if (self == NULL)
    return FALSE;
  self->future = LS_UNBOUND;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (iter_dunder_iter)
{
  if (iter_self (vm, args, n_args, "__iter__") == NULL)
    return FALSE;
  *result = args[0];
  return TRUE;
}

static LsClass *
iter_class_new (LsVM *vm)
{
  static const LsAuxMethod methods[] = {
    { "__next__", iter_next },
    { "send", iter_send },
    { "throw", iter_throw },
    { "close", iter_close },
    { "__iter__", iter_dunder_iter },
  };
  LsClass *cls = ls_class_new (vm, "FutureIter", vm->types[LS_TYPE_OBJECT], "_asyncio");

  cls->is_builtin = TRUE;
  cls->instance_kind = LS_KIND_EXTENSION;
  LS_AUX_ADD_METHODS (vm, cls, methods);
  return cls;
}

/* --- data attributes, as CPython's getset descriptors ------------------------ */

/* The getters and setters check their instance: Future._state.fget(5)
 * must not read an int as a future. */
#define FIELD_PROLOGUE(name) \
  LsFuture *self = future_self (vm, args, n_args, name); \
  if (self == NULL) \
    return FALSE

NATIVE (get_state)
{
  static const char *const names[] = { "PENDING", "CANCELLED", "FINISHED" };
  FIELD_PROLOGUE ("get_state");

  *result = ls_obj (ls_str_intern_cstr (vm, names[self->state]));
  return TRUE;
}

NATIVE (get_blocking)
{
  FIELD_PROLOGUE ("get_blocking");
  *result = ls_bool (self->blocking);
  return TRUE;
}

NATIVE (set_blocking)
{
  FIELD_PROLOGUE ("set_blocking");
  gboolean truth;

  if (!ls_truthy (vm, args[1], &truth))
    return FALSE;
  self->blocking = truth;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (get_loop)
{
  FIELD_PROLOGUE ("get_loop");
  *result = or_none (self->loop);
  return TRUE;
}

NATIVE (get_callbacks)
{
  FIELD_PROLOGUE ("get_callbacks");
  if (!check_alive (vm, self))
    return FALSE;
  LsList *flat = flat_callbacks (vm, self), *pairs;

  if (flat->len == 0)
    {
      *result = LS_NONE;
      return TRUE;
    }
  pairs = ls_list_new (vm, flat->len / 2);
  for (gsize i = 0; i + 1 < flat->len; i += 2)
    ls_list_append (vm, pairs, ls_obj (ls_tuple_new_from (vm, flat->items + i, 2)));
  *result = ls_obj (pairs);
  return TRUE;
}

NATIVE (get_result)
{
  FIELD_PROLOGUE ("get_result");
  *result = or_none (self->result);
  return TRUE;
}

NATIVE (get_exception)
{
  FIELD_PROLOGUE ("get_exception");
  *result = or_none (self->exception);
  return TRUE;
}

NATIVE (get_log_traceback)
{
  FIELD_PROLOGUE ("get_log_traceback");
  *result = ls_bool (self->log_traceback);
  return TRUE;
}

NATIVE (set_log_traceback)
{
  FIELD_PROLOGUE ("set_log_traceback");
  gboolean truth;

  if (!ls_truthy (vm, args[1], &truth))
    return FALSE;
  if (truth)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "_log_traceback can only be set to False");
  self->log_traceback = FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (get_none)
{
  FIELD_PROLOGUE ("get_none");
  *result = LS_NONE;
  return TRUE;
}

NATIVE (get_cancel_message)
{
  FIELD_PROLOGUE ("get_cancel_message");
  *result = or_none (self->cancel_message);
  return TRUE;
}

NATIVE (set_cancel_message)
{
  FIELD_PROLOGUE ("set_cancel_message");
  self->cancel_message = args[1];
  *result = LS_NONE;
  return TRUE;
}

/* Not in CPython's getset list: our library's Python Task stores the
 * CancelledError it caught here, where _make_cancelled_error reads it. */
NATIVE (get_cancelled_exc)
{
  FIELD_PROLOGUE ("get_cancelled_exc");
  *result = or_none (self->cancelled_exc);
  return TRUE;
}

NATIVE (set_cancelled_exc)
{
  FIELD_PROLOGUE ("set_cancelled_exc");
  self->cancelled_exc = args[1];
  *result = LS_NONE;
  return TRUE;
}

/* Not CPython's either: the library labels the futures it makes for the
 * timeline.  A field rather than the instance dict, as CPython's futures
 * have an empty __dict__, and a sleep used to make a dict for it. */
NATIVE (get_label)
{
  FIELD_PROLOGUE ("get_label");
  if (ls_is_unbound (self->label))
    return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "'%s' object has no attribute '_ls_label'",
                     ls_type_name (vm, args[0]));
  *result = self->label;
  return TRUE;
}

NATIVE (set_label)
{
  FIELD_PROLOGUE ("set_label");
  self->label = args[1];
  *result = LS_NONE;
  return TRUE;
}

typedef struct
{
  const char  *name;
  LsNativeFunc get;
  LsNativeFunc set;
} FutureField;

static const FutureField fields[] = {
  { "_state", get_state, NULL },
  { "_asyncio_future_blocking", get_blocking, set_blocking },
  { "_loop", get_loop, NULL },
  { "_callbacks", get_callbacks, NULL },
  { "_result", get_result, NULL },
  { "_exception", get_exception, NULL },
  { "_log_traceback", get_log_traceback, set_log_traceback },
  { "_source_traceback", get_none, NULL },
  { "_cancel_message", get_cancel_message, set_cancel_message },
  { "_cancelled_exc", get_cancelled_exc, set_cancelled_exc },
  { "_ls_label", get_label, set_label },
};

static LsValue
field_native (LsVM *vm, const char *name, LsNativeFunc func)
{
  return func != NULL ? ls_obj (ls_native_new (vm, name, func)) : LS_NONE;
}

void
ls_future_add_field (LsVM         *vm,
                     LsClass      *cls,
                     const char   *name,
                     LsNativeFunc  get,
                     LsNativeFunc  set)
{
  LsProperty *property = ls_object_alloc (vm, LS_KIND_PROPERTY, vm->types[LS_TYPE_PROPERTY], sizeof (LsProperty));

  property->property_kind = LS_PROPERTY_PROPERTY;
  property->fget = field_native (vm, name, get);
  property->fset = field_native (vm, name, set);
  property->fdel = LS_NONE;
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, name), ls_obj (property));
}

static void
add_fields (LsVM *vm, LsClass *cls)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    ls_future_add_field (vm, cls, fields[i].name, fields[i].get, fields[i].set);
}

/* Whether the interned `name` is not a key of `dict`, as
 * ls_dict_get_str would answer: for a dict of a few entries whose keys
 * are all interned strs (a gather's future holds _children and
 * _cancel_requested), by comparing objects, since equal interned strs
 * are one object; else by the lookup.  That dict, made long before the
 * task that awaited it wakes up, has its index out of the cache. */
static inline gboolean
dict_lacks_interned (LsDict *dict, LsStr *name)
{
  if (dict->n_entries <= 4)
    {
      gsize i;

      for (i = 0; i < dict->n_entries; i++)
        {
          LsValue key = dict->entries[i].key;

          if (ls_is_unbound (key))
            continue;
          if (key.tag != LS_TAG_OBJECT || key.o->kind != LS_KIND_STR || !((LsStr *) key.o)->interned)
            break;
          if (key.o == (LsObject *) name)
            return FALSE;
        }
      if (i == dict->n_entries)
        return TRUE;
    }
  return ls_is_unbound (ls_dict_get_str (dict, name));
}

static inline gboolean
method_is_native (LsVM *vm, LsValue v, LsAsyncioName name, LsNativeFunc func, LsClassLookupCache *cache)
{
  LsFuture *self = ls_future_from_value (v);
  LsInstance *instance = (LsInstance *) v.o;
  LsValue method;

  if (self == NULL || ls_is_unbound (self->loop) || vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH ||
      (instance->dict != NULL && !dict_lacks_interned (instance->dict, ls_asyncio_name (vm, name))))
    return FALSE;
  method = ls_class_lookup_cached (v.o->cls, ls_asyncio_name (vm, name), cache);
  return ls_is_kind (method, LS_KIND_NATIVE) && ((LsNative *) method.o)->func == func;
}

static inline gboolean
class_method_is_native (LsVM *vm, LsClass *cls, LsAsyncioName name, LsNativeFunc func)
{
  LsValue method = ls_class_lookup (cls, ls_asyncio_name (vm, name));

  return ls_is_kind (method, LS_KIND_NATIVE) && ((LsNative *) method.o)->func == func;
}

gboolean
ls_future_class_gather_methods_are_native (LsVM *vm, LsClass *cls)
{
  return class_method_is_native (vm, cls, LS_ASYNCIO_NAME_GET_LOOP, future_get_loop) &&
         class_method_is_native (vm, cls, LS_ASYNCIO_NAME_ADD_DONE_CALLBACK, future_add_done_callback);
}

gboolean
ls_future_add_done_callback_is_native (LsVM *vm, LsValue v)
{
  return method_is_native (vm, v, LS_ASYNCIO_NAME_ADD_DONE_CALLBACK, future_add_done_callback,
                           &vm->future_method_caches[0]);
}

gboolean
ls_future_result_is_native (LsVM *vm, LsValue v)
{
  return method_is_native (vm, v, LS_ASYNCIO_NAME_RESULT, future_result,
                           &vm->future_method_caches[1]);
}

gboolean
ls_future_get_loop_is_native (LsVM *vm, LsValue v)
{
  return method_is_native (vm, v, LS_ASYNCIO_NAME_GET_LOOP, future_get_loop,
                           &vm->future_method_caches[2]);
}

gboolean
ls_future_blocking_is_field (LsVM *vm, LsValue v)
{
  LsValue attr = ls_class_lookup_cached (ls_type_of (vm, v), ls_asyncio_name (vm, LS_ASYNCIO_NAME_BLOCKING),
                                        &vm->future_blocking_cache);

  return ls_is_kind (attr, LS_KIND_PROPERTY) && ls_is_kind (((LsProperty *) attr.o)->fget, LS_KIND_NATIVE) &&
         ((LsNative *) ((LsProperty *) attr.o)->fget.o)->func == get_blocking;
}

LsClass *
ls_future_class_new (LsVM *vm)
{
  static const LsAuxMethod methods[] = {
    { "__init__", future_dunder_init },
    { "result", future_result },
    { "exception", future_exception },
    { "set_result", future_set_result },
    { "set_exception", future_set_exception },
    { "add_done_callback", future_add_done_callback },
    { "remove_done_callback", future_remove_done_callback },
    { "cancel", future_cancel },
    { "cancelled", future_cancelled },
    { "done", future_done },
    { "get_loop", future_get_loop },
    { "_make_cancelled_error", future_make_cancelled_error },
    { "_repr_info", future_repr_info },
    { "__repr__", future_dunder_repr },
    { "__await__", future_dunder_await },
    { "__iter__", future_dunder_await },
  };
  /* not is_builtin: futures have an attribute dict and Python subclasses */
  LsClass *cls = ls_class_new (vm, "Future", vm->types[LS_TYPE_OBJECT], "_asyncio");

  cls->layout = &ls_future_layout;
  LS_AUX_ADD_METHODS (vm, cls, methods);
  ls_aux_add_classmethod (vm, cls, "__class_getitem__", future_class_getitem);
  add_fields (vm, cls);
  return cls;
}

LsClass *
ls_future_iter_class_new (LsVM *vm)
{
  return iter_class_new (vm);
}

/* --- _ensure_future's shortcut -------------------------------------------- */

/* _coroutine_skips_checks(obj), for asyncio.tasks._ensure_future: True
 * when `obj` is a coroutine (what _loopscope.iscoroutine says), whose
 * class is built in and has no _asyncio_future_blocking, so that
 * futures.isfuture(obj) would return False and coroutines.iscoroutine(obj)
 * True, running nothing a scenario could see.  It charges what those two
 * calls of Python functions would have: a call's recursion check and an
 * instruction each, so that RecursionError and the limits come where
 * they came.  False, charging nothing, for anything else. */
static gboolean
coroutine_skips_checks (LsVM          *vm,
                        const LsValue *args,
                        guint          n_args,
                        LsTuple       *kwnames,
                        LsValue       *result)
{
  LsGenerator *generator;

  if (!ls_check_args (vm, "_coroutine_skips_checks", n_args, kwnames, 1, 1))
    return FALSE;
  generator = ls_value_generator (args[0]);
  if (generator == NULL || !(generator->is_coroutine || generator->is_awaitable))
    {
      *result = LS_FALSE;
      return TRUE;
    }
  /* the interpreter's checks before a call: the same depth for both */
  if (vm->depth + 1 >= vm->recursion_limit)
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded");
  if (!ls_vm_burn (vm, 1) || !ls_vm_burn (vm, 1))
    return FALSE;
  *result = LS_TRUE;
  return TRUE;
}

void
ls_future_add_functions (LsVM     *vm,
                         LsModule *module)
{
  ls_module_add_function (vm, module, "_coroutine_skips_checks", coroutine_skips_checks);
}
