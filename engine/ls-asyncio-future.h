/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-future.h — asyncio's Future in C, as CPython's
 * _asyncio.Future: the states, the done callbacks in registration order
 * (each through loop.call_soon), cancellation with a message, and
 * `await` yielding the future itself to the task that drives it.
 *
 * A Future is an LsInstance with C fields (LsInstanceLayout), so Python
 * subclasses (the library's _GatheringFuture, a scenario's own) and
 * attribute dicts (`_ls_label`) work as for any instance.
 */
#pragma once

#include "ls-class.h"
#include "ls-list.h"
#include "ls-trace.h"
#include "ls-function.h"
#include "ls-module.h"
#include "ls-tuple.h"
#include "ls-vm.h"

G_BEGIN_DECLS

typedef enum
{
  LS_FUTURE_PENDING,
  LS_FUTURE_CANCELLED,
  LS_FUTURE_FINISHED,
} LsFutureState;

typedef struct
{
  LsInstance instance;
  LsValue    loop;            /* LS_UNBOUND until __init__ ran */
  LsValue    callback0;       /* the first done callback, LS_UNBOUND when none */
  LsValue    context0;
  LsList    *callbacks;       /* (fn, context) tuples after the first, or NULL */
  LsValue    result;          /* LS_UNBOUND when not set */
  LsValue    exception;
  LsValue    cancel_message;
  LsValue    cancelled_exc;   /* the CancelledError a task caught, to chain */
  LsValue    label;           /* _ls_label, the timeline's word for the wait
                               * ("sleep(0.5)", "Queue.get"); LS_UNBOUND when none */
  guint8     state;           /* LsFutureState */
  guint8     blocking;        /* _asyncio_future_blocking */
  guint8     log_traceback;
  guint8     is_task;         /* tasks write task records, not future ones */
} LsFuture;

extern const LsInstanceLayout ls_future_layout;

static inline LsFuture *
ls_future_from_value (LsValue v)
{
  return ls_instance_has_layout (v, &ls_future_layout) ? (LsFuture *) v.o : NULL;
}

/* Future.__init__'s work: binds `loop` (None: the current loop). */
gboolean  ls_future_init            (LsVM *vm, LsValue self, LsValue loop);
/* The transitions of set_result, set_exception and cancel, without the
 * argument checks of the Python-visible methods: what Task.__step needs. */
gboolean  ls_future_finish_result   (LsVM *vm, LsValue self, LsValue result);
gboolean  ls_future_finish_exception (LsVM *vm, LsValue self, LsValue exception);
gboolean  ls_future_finish_cancel   (LsVM *vm, LsValue self, LsValue msg, gboolean *cancelled);
/* add_done_callback(fn, context=ctx) */
gboolean  ls_future_add_callback    (LsVM *vm, LsValue self, LsValue fn, LsValue context);
/* Python's `a is b` */
static inline gboolean
ls_future_value_is (LsValue a, LsValue b)
{
  if (a.tag != b.tag)
    return FALSE;
  switch (a.tag)
    {
    case LS_TAG_BOOL:
      return a.b == b.b;
    case LS_TAG_INT:
      return a.i == b.i;
    case LS_TAG_FLOAT:
      return a.f == b.f;
    case LS_TAG_OBJECT:
      return a.o == b.o;
    case LS_TAG_UNBOUND:
    case LS_TAG_NONE:
    default:
      return TRUE;
    }
}

/* Future._make_cancelled_error() */
gboolean  ls_future_make_cancelled_error (LsVM *vm, LsFuture *self, LsValue *out);
/* Future.result(): the result, or FALSE with the exception raised. */
gboolean  ls_future_get_result      (LsVM *vm, LsFuture *self, LsValue *result);
/* Marks a future's fields (for layouts that extend it). */
void      ls_future_mark            (LsVM *vm, LsObject *object);
/* A data attribute read (and written) by C functions, as CPython's getset. */
void      ls_future_add_field       (LsVM *vm, LsClass *cls, const char *name, LsNativeFunc get, LsNativeFunc set);
/* TRUE when v._asyncio_future_blocking is the C field (no subclass
 * redefined it), so it can be read and written directly. */
gboolean  ls_future_blocking_is_field (LsVM *vm, LsValue v);
/* TRUE when `v` has the C Future's fields and its add_done_callback (or
 * result), as `v.add_done_callback` finds it, is the C Future's method,
 * on an initialised future: then ls_future_add_callback (or
 * ls_future_get_result) does what calling it would, for a subclass of
 * the library's like gather's _GatheringFuture too. */
gboolean  ls_future_add_done_callback_is_native (LsVM *vm, LsValue v);
gboolean  ls_future_result_is_native            (LsVM *vm, LsValue v);
gboolean  ls_future_get_loop_is_native          (LsVM *vm, LsValue v);
/* For an instance of `cls` without a dict of its own (a fresh task):
 * whether get_loop() and add_done_callback() are the C Future's, as
 * gather's body finds them. */
gboolean  ls_future_class_gather_methods_are_native (LsVM *vm, LsClass *cls);
/* Exactly _asyncio.Future, not a subclass: its methods are known. */
static inline gboolean
ls_future_is_exact (LsVM *vm, LsValue v)
{
  return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE && v.o->cls->layout == &ls_future_layout &&
         v.o->cls->base != NULL && v.o->cls->base->base == NULL;
}

/* The names the asyncio C code reads at every await or step, interned
 * once per VM when `_asyncio` is made (vm->asyncio_names, which the
 * module keeps alive): interning a C string costs a hash and a strcmp. */
typedef enum
{
  LS_ASYNCIO_NAME_ASYNCIO,
  LS_ASYNCIO_NAME_FUTURE_ITER,
  LS_ASYNCIO_NAME_ALL_TASKS,
  LS_ASYNCIO_NAME_CURRENT_TASKS,
  LS_ASYNCIO_NAME_IS_TASK,
  LS_ASYNCIO_NAME_BLOCKING,
  LS_ASYNCIO_NAME_CONTEXT,
  LS_ASYNCIO_NAME_TASK_STEP,
  LS_ASYNCIO_NAME_TASK_WAKEUP,
  LS_ASYNCIO_NAME_ADD_DONE_CALLBACK,
  LS_ASYNCIO_NAME_RESULT,
  LS_ASYNCIO_NAME_GET_LOOP,
  LS_ASYNCIO_NAME_GET_LOOP_FUNCTION,
  LS_ASYNCIO_N_NAMES
} LsAsyncioName;

void      ls_asyncio_names_init     (LsVM *vm, LsModule *module);
static inline LsStr *
ls_asyncio_name (LsVM *vm, LsAsyncioName name)
{
  return (LsStr *) vm->asyncio_names->items[name].o;
}

/* Looks up `name` in library module `module` (asyncio.exceptions, ...). */
gboolean  ls_future_library_attr    (LsVM *vm, const char *module, const char *name, LsValue *out);
/* loop.<name>(*args, context=ctx), n_args <= 4 */
gboolean  ls_future_call_loop       (LsVM *vm, LsValue loop, const char *name, const LsValue *args, guint n_args,
                                     LsValue context);
/* loop.call_soon(fn, arg, context=ctx) */
gboolean  ls_future_call_soon       (LsVM *vm, LsValue loop, LsValue fn, LsValue arg, LsValue context);

/* The Future class (module `_asyncio`) and its iterator class. */
LsClass  *ls_future_class_new       (LsVM *vm);
/* The class of what Future.__await__ returns; the module holds it as
 * `FutureIter`, where __await__ finds it. */
LsClass  *ls_future_iter_class_new  (LsVM *vm);
/* The module functions of this file: _coroutine_skips_checks, the
 * shortcut of asyncio.tasks._ensure_future. */
void      ls_future_add_functions   (LsVM *vm, LsModule *module);
/* YIELD_FROM on what Future.__await__ returned, without a StopIteration
 * per await: *yielded with the future to yield, or the result in *out. */
/* `await v` for a future whose class keeps Future's own __await__: the
 * future itself in *out, which YIELD_FROM then treats as its FutureIter
 * (no object per await).  *handled FALSE: not such a future, nothing
 * done.  FALSE: an exception is set. */
gboolean  ls_future_await_if_native (LsVM *vm, LsValue v, LsValue *out, gboolean *handled);
gboolean  ls_future_iter_check      (LsValue v);
gboolean  ls_future_iter_send       (LsVM *vm, LsValue iter, LsValue value, LsValue *out, gboolean *yielded);
/* The future on an awaiting frame's stack in place of its FutureIter (a
 * Future can be a YIELD_FROM's sub-iterator no other way): TRUE for one;
 * the FutureIter's send on it; and the FutureIter made for it when a
 * scenario asks what the coroutine awaits. */
static inline gboolean
ls_future_awaited_check (LsValue v)
{
  /* the class's own layout first: a sleep's future asks twice a sleep,
   * and the walk of ls_instance_has_layout was a call */
  if (v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE && v.o->cls->layout == &ls_future_layout)
    return TRUE;
  return ls_instance_has_layout (v, &ls_future_layout);
}
gboolean  ls_future_awaited_send    (LsVM *vm, LsValue future, LsValue value, LsValue *out, gboolean *yielded);
gboolean  ls_future_iter_for        (LsVM *vm, LsValue future, LsValue *out);

G_END_DECLS
