/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-generator.c — send, throw and close for generators and coroutines.
 *
 * A resume links the generator's frame under the resumer (`back`) and runs
 * the interpreter on it until it yields, returns or raises.  A throw into a
 * generator that is delegating (suspended on YIELD_FROM) is passed down to
 * the sub-generator first, as CPython's gen_throw does: that is how a
 * cancellation reaches the innermost await.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-generator.h"
#include "ls-gc.h"
#include "ls-opcodes.h"
#include "ls-ops.h"
#include "ls-vm-private.h"

LsGenerator *
ls_generator_new (LsVM       *vm,
                  LsFrame    *frame,
                  LsFunction *function)
{
  gboolean coroutine = (function->code->flags & LS_CODE_COROUTINE) != 0;
  LsGenerator *self = ls_object_alloc (vm, LS_KIND_GENERATOR,
                                       vm->types[coroutine ? LS_TYPE_COROUTINE : LS_TYPE_GENERATOR],
                                       sizeof (LsGenerator));

  self->frame = frame;
  self->code = function->code;
  self->state = LS_GEN_CREATED;
  self->name = function->name;
  self->qualname = function->qualname;
  self->is_coroutine = coroutine;
  self->is_awaitable = (function->header.flags & LS_FUNCTION_ITERABLE_COROUTINE) != 0;
  self->yield_from = LS_NONE;
  self->body = NULL;
  frame->generator = &self->header;
  /* a suspended generator keeps its frame: part of the heap it holds */
  ls_object_account (vm, frame->alloc_size);
  return self;
}

/* The body's throw, with the states a frame's resume keeps (its send:
 * ls_generator_send_body). */
static LsResumeResult
throw_into_body (LsVM        *vm,
                 LsGenerator *self,
                 LsValue      exception,
                 LsValue     *out)
{
  LsResumeResult status;

  self->state = LS_GEN_RUNNING;
  status = self->body->throw (vm, self, exception, out);
  self->state = status == LS_RESUME_YIELDED ? LS_GEN_SUSPENDED : LS_GEN_CLOSED;
  return status;
}

static const char *
kind_name (LsGenerator *self)
{
  return self->is_coroutine ? "coroutine" : "generator";
}

/* Runs the frame; `throwing` raises vm->raised inside it first. */
static LsResumeResult
resume (LsVM        *vm,
        LsGenerator *self,
        gboolean     throwing,
        LsValue     *out)
{
  LsGcPin pin = { vm->objects, vm->native_entry };
  LsResumeResult status;
  LsFrame *frame = self->frame;

  if (vm->depth + 1 >= vm->recursion_limit)
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded"), LS_RESUME_RAISED;
  self->state = LS_GEN_RUNNING;
  frame->back = vm->frame;
  ls_vm_push_pin (vm, pin);
  vm->depth++;
  vm->c_depth++;
  status = ls_vm_interpret (vm, frame, throwing, out);
  vm->c_depth--;
  vm->depth--;
  vm->native_entry = pin.oldest;
  ls_vm_pop_pin (vm);
  if (status == LS_RESUME_YIELDED)
    self->state = LS_GEN_SUSPENDED;
  else
    {
      self->state = LS_GEN_CLOSED;
      self->frame = NULL;
      ls_frame_free (vm, frame);
    }
  return status;
}

static gboolean
check_runnable (LsVM *vm, LsGenerator *self)
{
  if (self->state == LS_GEN_RUNNING)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "%s already executing", kind_name (self));
  return TRUE;
}

/* ls_generator_send's cases other than its two fast ones: out of line,
 * so that those save no registers for them. */
static G_GNUC_NO_INLINE LsResumeResult
send_checked (LsVM        *vm,
              LsGenerator *self,
              LsValue      value,
              LsValue     *out)
{
  if (!check_runnable (vm, self))
    return LS_RESUME_RAISED;
  if (self->state == LS_GEN_CLOSED)
    {
      if (self->is_coroutine)
        {
          ls_raise (vm, LS_EXC_RUNTIME_ERROR, "cannot reuse already awaited coroutine");
          return LS_RESUME_RAISED;
        }
      *out = LS_NONE;
      return LS_RESUME_RETURNED;
    }
  if (self->state == LS_GEN_CREATED && !ls_is_none (value))
    {
      ls_raise (vm, LS_EXC_TYPE_ERROR, "can't send non-None value to a just-started %s", kind_name (self));
      return LS_RESUME_RAISED;
    }
  if (self->body != NULL)
    return ls_generator_send_body (vm, self, value, out);
  if (self->state == LS_GEN_SUSPENDED)
    self->frame->stack[self->frame->sp++] = value;
  return resume (vm, self, FALSE, out);
}

LsResumeResult
ls_generator_send (LsVM        *vm,
                   LsGenerator *self,
                   LsValue      value,
                   LsValue     *out)
{
  /* a suspended one passes every test of send_checked: straight on
   * (twice or three times a task step) */
  if (G_LIKELY (self->state == LS_GEN_SUSPENDED))
    {
      if (self->body != NULL)
        return ls_generator_send_body (vm, self, value, out);
      self->frame->stack[self->frame->sp++] = value;
      return resume (vm, self, FALSE, out);
    }
  /* so does a C body's first send of None (every asyncio.sleep's) */
  if (self->state == LS_GEN_CREATED && self->body != NULL && ls_is_none (value))
    return ls_generator_send_body (vm, self, value, out);
  return send_checked (vm, self, value, out);
}

/* The sub-iterator the frame is delegating to, when suspended in YIELD_FROM. */
static LsValue
delegate_of (LsVM *vm, LsGenerator *self)
{
  LsFrame *frame = self->frame;

  if (frame == NULL || self->state != LS_GEN_SUSPENDED || frame->sp == 0)
    return LS_UNBOUND;
  if (LS_INSTR_GENERIC_OP (frame->code->instructions[frame->ip]) != LS_OP_YIELD_FROM)
    return LS_UNBOUND;
  return ls_vm_awaited_at (vm, &frame->stack[frame->sp - 1]);
}

/* Makes the throw land inside the frame at its YIELD_FROM. */
static void
leave_yield_from (LsGenerator *self)
{
  self->frame->sp--;   /* the sub-iterator */
  self->frame->ip++;
}

LsResumeResult
ls_generator_throw (LsVM        *vm,
                    LsGenerator *self,
                    LsValue      exception,
                    LsValue     *out)
{
  LsValue sub;

  if (!check_runnable (vm, self))
    return LS_RESUME_RAISED;
  if (ls_raise_value (vm, exception) || !ls_is_exception (vm->raised))
    return LS_RESUME_RAISED;
  exception = vm->raised;
  vm->raised = LS_UNBOUND;

  /* a finished coroutine refuses what is thrown in as what is sent in
   * (CPython's gen_send_ex); a finished generator lets it out */
  if (self->state == LS_GEN_CLOSED && self->is_coroutine)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "cannot reuse already awaited coroutine"), LS_RESUME_RAISED;
  if (self->state == LS_GEN_CLOSED || self->state == LS_GEN_CREATED)
    {
      if (self->state == LS_GEN_CREATED)
        {
          self->state = LS_GEN_CLOSED;
          if (self->frame != NULL)
            ls_frame_free (vm, self->frame);
          self->frame = NULL;
        }
      vm->raised = exception;
      return LS_RESUME_RAISED;
    }
  if (self->body != NULL)
    return throw_into_body (vm, self, exception, out);

  sub = delegate_of (vm, self);
  if (ls_is_kind (sub, LS_KIND_GENERATOR))
    {
      LsValue sub_out;
      LsResumeResult status;

      self->state = LS_GEN_RUNNING;
      status = ls_generator_throw (vm, (LsGenerator *) sub.o, exception, &sub_out);
      self->state = LS_GEN_SUSPENDED;
      switch (status)
        {
        case LS_RESUME_YIELDED:
          *out = sub_out;
          return LS_RESUME_YIELDED;
        case LS_RESUME_RETURNED:
          /* the sub-generator finished: its value is the YIELD_FROM result */
          self->frame->stack[self->frame->sp - 1] = sub_out;
          self->frame->ip++;
          return resume (vm, self, FALSE, out);
        case LS_RESUME_RAISED:
        default:
          leave_yield_from (self);
          return resume (vm, self, TRUE, out);
        }
    }
  if (!ls_is_unbound (sub))
    leave_yield_from (self);
  vm->raised = exception;
  return resume (vm, self, TRUE, out);
}

gboolean
ls_generator_close (LsVM        *vm,
                    LsGenerator *self)
{
  LsValue out;

  if (self->state == LS_GEN_CLOSED)
    return TRUE;
  if (self->state == LS_GEN_CREATED)
    {
      self->state = LS_GEN_CLOSED;
      if (self->frame != NULL)
        ls_frame_free (vm, self->frame);
      self->frame = NULL;
      return TRUE;
    }
  switch (ls_generator_throw (vm, self, ls_obj (vm->exceptions[LS_EXC_GENERATOR_EXIT]), &out))
    {
    case LS_RESUME_YIELDED:
      return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "%s ignored GeneratorExit", kind_name (self));
    case LS_RESUME_RETURNED:
      return TRUE;
    case LS_RESUME_RAISED:
    default:
      if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_GENERATOR_EXIT]) ||
          ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_STOP_ITERATION]))
        {
          vm->raised = LS_UNBOUND;
          return TRUE;
        }
      return FALSE;
    }
}

/* --- Python-visible methods ------------------------------------------------ */

static gboolean
finish (LsVM *vm, LsResumeResult status, LsValue value, LsValue *result)
{
  switch (status)
    {
    case LS_RESUME_YIELDED:
      *result = value;
      return TRUE;
    case LS_RESUME_RETURNED:
      {
        LsTuple *args = ls_is_none (value) ? vm->empty_tuple : ls_tuple_new_from (vm, &value, 1);
        vm->raised = ls_obj (ls_exception_new (vm, vm->exceptions[LS_EXC_STOP_ITERATION], args));
        return FALSE;
      }
    case LS_RESUME_RAISED:
    default:
      return FALSE;
    }
}

static gboolean
generator_send (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value;

  if (!ls_check_args (vm, "send", n_args, kwnames, 2, 2))
    return FALSE;
  return finish (vm, ls_generator_send (vm, (LsGenerator *) args[0].o, args[1], &value), value, result);
}

static gboolean
generator_next (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value;

  return finish (vm, ls_generator_send (vm, (LsGenerator *) args[0].o, LS_NONE, &value), value, result);
}

static gboolean
generator_throw (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue value, exception;

  if (!ls_check_args (vm, "throw", n_args, kwnames, 2, 4))
    return FALSE;
  exception = args[1];
  /* throw(type, value): the value is the argument of the type */
  if (n_args >= 3 && ls_value_class (args[1]) != NULL && !ls_is_exception (args[2]) && !ls_is_none (args[2]))
    {
      if (!ls_call (vm, args[1], &args[2], 1, NULL, &exception))
        return FALSE;
    }
  else if (n_args >= 3 && ls_is_exception (args[2]))
    exception = args[2];
  return finish (vm, ls_generator_throw (vm, (LsGenerator *) args[0].o, exception, &value), value, result);
}

static gboolean
generator_close (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = LS_NONE;
  return ls_generator_close (vm, (LsGenerator *) args[0].o);
}

static gboolean
generator_iter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  *result = args[0];
  return TRUE;
}

void
ls_generator_class_init (LsVM     *vm,
                         LsClass  *cls,
                         gboolean  coroutine)
{
  ls_class_add_method (vm, cls, "send", generator_send);
  ls_class_add_method (vm, cls, "throw", generator_throw);
  ls_class_add_method (vm, cls, "close", generator_close);
  if (coroutine)
    ls_class_add_method (vm, cls, "__await__", generator_iter);
  else
    {
      ls_class_add_method (vm, cls, "__iter__", generator_iter);
      ls_class_add_method (vm, cls, "__next__", generator_next);
    }
}
