/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-handle.h — asyncio's Handle and TimerHandle in C, with the
 * behaviour of CPython 3.11's asyncio/events.py (which our library ported
 * line for line before): cancel, _run with the loop's exception handler,
 * the repr, and the timers' ordering.
 *
 * One C type for both classes: a TimerHandle is a Handle with a deadline
 * and a place in the loop's heap, and a plain Handle leaves those fields
 * unused.  Handles are LsInstances with C fields (LsInstanceLayout), so
 * ids (the trace names every handle), attribute dicts and Python
 * subclasses work as for any instance.
 */
#pragma once

#include "ls-class.h"
#include "ls-tuple.h"
#include "ls-vm.h"

G_BEGIN_DECLS

typedef struct
{
  LsInstance instance;
  /* The heap's keys right after the header that ls_handle_from_value
   * reads: a pop from a heap of 10,000 timers compares ~28 handles, each
   * a cache miss, and keys further down cost a second miss each. */
  double     when_d;           /* TimerHandle: the deadline as a double, what the heap compares */
  guint64    seq;              /* TimerHandle: scheduling order, for equal deadlines */
  LsValue    callback;         /* None once cancelled */
  LsValue    args;             /* a tuple; None once cancelled; unbound while the
                                * arguments are inline (below) */
  /* One or two arguments kept here until something asks for _args (a
   * task's wake-up and a sleep's timer each had a tuple of their own: at
   * 10,000 tasks, one more block to write cold per callback) */
  LsValue    inline_args[2];
  guint8     n_inline_args;
  LsValue    loop;
  LsValue    context;
  LsValue    repr;             /* the repr kept by cancel() in debug mode, or None */
  LsValue    when;             /* TimerHandle: the deadline as given (int or float) */
  guint8     cancelled;
  guint8     scheduled;        /* TimerHandle: in the loop's heap */
  guint8     own;              /* made by the loop's C call_soon for itself (a
                                * task's step, a future's callbacks) and never
                                * given to Python code: made again once it ran
                                * (LsVM.spare_handle) */
} LsHandle;

extern const LsInstanceLayout ls_handle_layout;

static inline LsHandle *
ls_handle_from_value (LsValue v)
{
  return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE && v.o->cls->layout == &ls_handle_layout
         ? (LsHandle *) v.o : NULL;
}

/* The heap's order: by deadline, then by scheduling order.  (CPython
 * compares `when` alone and its heap is not stable; with a real clock
 * ties almost never happen, so FIFO is what people observe.) */
static inline gboolean
ls_timer_handle_less (const LsHandle *a,
                      const LsHandle *b)
{
  return a->when_d == b->when_d ? a->seq < b->seq : a->when_d < b->when_d;
}

/* events.Handle(callback, args, loop, context), without calling __init__
 * through the VM.  `args` must be a tuple. */
LsHandle *ls_handle_new       (LsVM *vm, LsValue callback, LsValue args, LsValue loop, LsValue context);
/* events.Handle and events.TimerHandle(when, ...) with the `n` arguments
 * at `items` (the *args of call_soon or call_at): the tuple is made only
 * when something asks for _args.  `when` an int or a float. */
LsHandle *ls_handle_new_with_slow  (LsVM *vm, LsValue callback, const LsValue *items, guint n, LsValue loop,
                                    LsValue context);
LsHandle *ls_timer_handle_new_with (LsVM *vm, LsValue when, LsValue callback, const LsValue *items, guint n,
                                    LsValue loop, LsValue context);

/* No arguments kept inline (they are in `args`, or there are none). */
static inline void
ls_handle_drop_inline_args (LsHandle *self)
{
  self->n_inline_args = 0;
  /* (one assignment each: `a = b = v` copies b, read back as it is being
   * written, a store-forwarding stall on every task step's handle) */
  self->inline_args[0] = LS_NONE;
  self->inline_args[1] = LS_NONE;
}

/* Handle.__init__'s fields, `args` a tuple or unbound (inline ones). */
static inline void
ls_handle_init (LsHandle *self,
                LsValue   callback,
                LsValue   args,
                LsValue   loop,
                LsValue   context)
{
  self->context = context;
  self->loop = loop;
  self->callback = callback;
  self->args = args;
  ls_handle_drop_inline_args (self);
  self->cancelled = FALSE;
  self->repr = LS_NONE;
}

/* A plain Handle's fields with `n` (at most two) arguments kept inline,
 * in a new block or one the loop made again (ls-asyncio-loop.c) */
static inline void
ls_handle_fill_with (LsVM          *vm,
                     LsHandle      *self,
                     LsValue        callback,
                     const LsValue *items,
                     guint          n,
                     LsValue        loop,
                     LsValue        context)
{
  ls_handle_init (self, callback, n == 0 ? ls_obj (vm->empty_tuple) : LS_UNBOUND, loop, context);
  for (guint i = 0; i < n; i++)
    self->inline_args[i] = items[i];
  self->n_inline_args = (guint8) n;
}

/* ls_handle_new_with_slow's work when the arguments fit inline and the
 * class has its C fields: inline, because every task step's call_soon
 * makes one, and a call of nine words' arguments, with them saved around
 * the allocation, cost as much as the fields */
static inline LsHandle *
ls_handle_new_with (LsVM          *vm,
                    LsValue        callback,
                    const LsValue *items,
                    guint          n,
                    LsValue        loop,
                    LsValue        context)
{
  LsClass *cls = vm->handle_class;
  LsHandle *self;

  if (G_UNLIKELY (n > G_N_ELEMENTS (self->inline_args) || cls->layout == NULL))
    return ls_handle_new_with_slow (vm, callback, items, n, loop, context);
  self = ls_object_alloc (vm, LS_KIND_INSTANCE, cls, cls->layout->size);
  ls_handle_fill_with (vm, self, callback, items, n, loop, context);
  return self;
}

/* handle.cancel(), in C when it is TimerHandle's own. */
gboolean  ls_timer_handle_cancel   (LsVM *vm, LsValue handle);
/* The first argument its callback gets, or unbound (the loop's prefetching). */
static inline LsValue
ls_handle_first_arg (const LsHandle *self)
{
  if (self->n_inline_args > 0)
    return self->inline_args[0];
  if (self->args.tag == LS_TAG_OBJECT && self->args.o->kind == LS_KIND_TUPLE && ((LsTuple *) self->args.o)->len > 0)
    return ((LsTuple *) self->args.o)->items[0];
  return LS_UNBOUND;
}
/* A deadline as the heap compares it; FALSE (TypeError) when `when` is
 * not a number. */
gboolean  ls_timer_when_double (LsVM *vm, LsValue when, double *out);

/* handle._run(): the callback with its arguments; what it raises goes to
 * the loop's exception handler, except what must stop the loop. */
gboolean  ls_handle_run       (LsVM *vm, LsHandle *self);
/* ls_handle_run as the loop runs a ready handle, with its CALLBACK_RUN
 * record first (ls_trace_note_callback_run): written here, or for a
 * task's step together with the step's STEP_START where nothing comes
 * between them (ls_task_run_callback). */
gboolean  ls_handle_run_recorded (LsVM *vm, LsHandle *self);

/* The classes Handle and TimerHandle (module asyncio.events). */
void      ls_handle_classes_new (LsVM *vm, LsClass **handle, LsClass **timer_handle);

G_END_DECLS
