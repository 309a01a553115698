/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asyncio-sleep-coroutine.c — `await asyncio.sleep(d)` without frames
 * (see ls-asyncio-sleep-coroutine.h).
 *
 * The library's sleep, CPython 3.11's with its middle in C:
 *
 *     async def sleep(delay, result=None):
 *         if delay <= 0:
 *             await __sleep0()          # a bare `yield`
 *             return result
 *         future, h = _sleep_schedule(delay, result)
 *         try:
 *             return await future
 *         finally:
 *             h.cancel()
 *
 * Each phase below is where that frame would be suspended; the
 * traceback entries are the frame's lines, found in its code at install.
 * What the frame charged the instruction count is charged here too: a
 * step for sleep's frame when it is made, one for __sleep0's.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-asyncio-sleep-coroutine.h"

#include "ls-asyncio-future.h"
#include "ls-asyncio-handle.h"
#include "ls-asyncio-sleep.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-generator.h"
#include "ls-opcodes.h"
#include "ls-ops.h"
#include "ls-vm-private.h"

typedef enum
{
  PHASE_CREATED,
  PHASE_SLEEP0,   /* delay <= 0: at `await __sleep0()`, __sleep0 on its yield */
  PHASE_FUTURE,   /* at `return await future`, in the try */
} Phase;

typedef struct
{
  /* gen.yield_from is what the await delegates to: None while __sleep0
   * is implicit, its generator once cr_await asked for it; the future,
   * or its FutureIter once cr_await asked for that */
  LsGenerator gen;
  Phase       phase;
  LsValue     delay;
  LsValue     result;
  LsValue     handle;   /* the timer, h */
} LsSleepCoroutine;

/* What install found, kept by the _asyncio module. */
typedef struct _LsSleepState
{
  LsExtension     header;
  LsValue         sleep;      /* the library's sleep and __sleep0 */
  LsValue         sleep0;
  LsValue         schedule;   /* _sleep_schedule, as sleep's globals hold it */
  LsStr          *sleep0_name;
  LsStr          *schedule_name;
  LsDictStrCache  sleep0_cache;
  LsDictStrCache  schedule_cache;
  /* sleep's globals when both caches above last held for them, and
   * where the two names were: sleep(0)'s fast path (sleep0_fast) tests
   * one dict and keys version for both */
  const LsDict   *globals;
  guint64         globals_version;
  gssize          sleep0_index;
  gssize          schedule_index;
  /* the lines of sleep's code, and of __sleep0's yield */
  gint32          line_sleep0_await;
  gint32          line_schedule;
  gint32          line_future_await;
  gint32          line_cancel;
  gint32          line_yield;
} LsSleepState;

static void
state_mark (LsVM *vm, LsObject *object)
{
  LsSleepState *self = (LsSleepState *) object;

  ls_gc_mark_value (vm, self->sleep);
  ls_gc_mark_value (vm, self->sleep0);
  ls_gc_mark_value (vm, self->schedule);
  ls_gc_mark_object (vm, (LsObject *) self->sleep0_name);
  ls_gc_mark_object (vm, (LsObject *) self->schedule_name);
}

static const LsExtensionVTable state_vtable = { "_asyncio sleep state", state_mark, NULL };

static LsCode *
sleep0_code (LsSleepState *state)
{
  return ((LsFunction *) state->sleep0.o)->code;
}

/* sleep's `delay <= 0` for the int or float it was given (False for a
 * NaN, as in Python) */
static inline gboolean
delay_not_positive (LsValue delay)
{
  return delay.tag == LS_TAG_INT ? delay.i <= 0 : delay.f <= 0;
}

/* --- raising as the frames would ------------------------------------------ */

/* The exception leaves sleep's frame at `line`. */
static LsResumeResult
raise_at (LsVM *vm, LsSleepCoroutine *self, gint32 line)
{
  ls_exception_add_traceback_entry (vm->raised, self->gen.code, line);
  return LS_RESUME_RAISED;
}

/* `finally: h.cancel()`.  With an exception passing (vm->raised), it is
 * set aside while the handle cancels, as the finally block holds it; an
 * exception of cancel() replaces it, with it as the __context__. */
static gboolean
cancel_timer (LsVM *vm, LsSleepCoroutine *self)
{
  LsSleepState *state = vm->sleep_state;
  LsValue pending = vm->raised;
  LsInstance *raised;
  gboolean ok;

  if (G_LIKELY (ls_is_unbound (pending)))
    ok = ls_timer_handle_cancel (vm, self->handle);   /* nothing to set aside */
  else
    {
      vm->raised = LS_UNBOUND;
      ls_vm_push_root (vm, pending);
      ok = ls_timer_handle_cancel (vm, self->handle);
      ls_vm_pop_roots (vm, 1);
    }
  if (ok)
    {
      vm->raised = pending;
      return ls_is_unbound (pending);
    }
  ls_exception_add_traceback_entry (vm->raised, self->gen.code, state->line_cancel);
  raised = ls_value_instance (vm->raised);
  if (ls_is_exception (pending) && raised != NULL && raised->exception != NULL && pending.o != vm->raised.o)
    {
      /* no cycle, as CPython's _PyErr_SetObject */
      for (LsValue c = pending; ls_is_exception (c); c = ((LsInstance *) c.o)->exception->context)
        if (c.o == vm->raised.o)
          return FALSE;
      raised->exception->context = pending;
    }
  return FALSE;
}

/* An exception at `return await future`: out through the finally. */
static LsResumeResult
raise_through_finally (LsVM *vm, LsSleepCoroutine *self)
{
  LsSleepState *state = vm->sleep_state;

  ls_exception_add_traceback_entry (vm->raised, self->gen.code, state->line_future_await);
  /* a stopped run runs no finally (the interpreter's error path) */
  if (G_UNLIKELY (vm->stop_kind != LS_LIMIT_NONE))
    {
      vm->raised = vm->stop_exception;
      return LS_RESUME_RAISED;
    }
  cancel_timer (vm, self);
  return LS_RESUME_RAISED;
}

/* --- the phases ------------------------------------------------------------ */

/* The body returns, and the await that made it pops it now: its block
 * is the next sleep's (LsVM.spare_sleep), unless something else was
 * given it. */
static inline void
give_back (LsVM *vm, LsSleepCoroutine *self)
{
  if (self->gen.header.flags & LS_GENERATOR_RECYCLABLE)
    vm->spare_sleep = &self->gen.header;
}

/* `return await future` going on with `value` sent in.  Inline into
 * send_slow, which every timed sleep's wake-up passes. */
static inline G_ALWAYS_INLINE LsResumeResult
await_future (LsVM *vm, LsSleepCoroutine *self, LsValue value, LsValue *out)
{
  gboolean yielded, ok;
  LsValue returned;

  /* the future itself on the stack (ls_future_await_if_native): what
   * ls_vm_yield_from_send would find after its other tests */
  if (G_LIKELY (ls_future_awaited_check (self->gen.yield_from)))
    ok = ls_future_awaited_send (vm, self->gen.yield_from, value, out, &yielded);
  else
    ok = ls_vm_yield_from_send (vm, self->gen.yield_from, value, out, &yielded);
  if (!ok)
    return raise_through_finally (vm, self);
  if (yielded)
    return LS_RESUME_YIELDED;
  /* the finally, then the return */
  returned = *out;
  ls_vm_push_root (vm, returned);
  if (!cancel_timer (vm, self))
    {
      ls_vm_pop_roots (vm, 1);
      return LS_RESUME_RAISED;
    }
  ls_vm_pop_roots (vm, 1);
  *out = returned;
  give_back (vm, self);
  return LS_RESUME_RETURNED;
}

/* The first send: the body up to its first suspension. */
static LsResumeResult
start (LsVM *vm, LsSleepCoroutine *self, LsValue *out)
{
  LsSleepState *state = vm->sleep_state;
  LsValue future;
  gboolean handled;
  gboolean positive = !delay_not_positive (self->delay);

  if (!positive)
    {
      /* `await __sleep0()`: the step of making its generator, then its
       * bare yield */
      if (!ls_vm_native_step (vm))
        return raise_at (vm, self, state->line_sleep0_await);
      self->phase = PHASE_SLEEP0;
      *out = LS_NONE;
      return LS_RESUME_YIELDED;
    }
  if (!ls_sleep_schedule (vm, self->delay, self->result, &future, &self->handle))
    return raise_at (vm, self, state->line_schedule);
  self->phase = PHASE_FUTURE;
  self->gen.yield_from = future;
  /* a Future's own __await__ as ls_vm_get_awaitable would find it after
   * its test for a coroutine; anything else through it */
  if (!ls_future_await_if_native (vm, future, &self->gen.yield_from, &handled))
    return raise_through_finally (vm, self);
  if (!handled && !ls_vm_get_awaitable (vm, future, 0, &self->gen.yield_from))
    return raise_through_finally (vm, self);
  return await_future (vm, self, LS_NONE, out);
}

/* `await __sleep0()` going on: __sleep0's yield returns and it ends, and
 * sleep returns its result. */
static LsResumeResult
resume_sleep0 (LsVM *vm, LsSleepCoroutine *self, LsValue value, LsValue *out)
{
  gboolean yielded;

  if (!ls_is_none (self->gen.yield_from))
    {
      if (!ls_vm_yield_from_send (vm, self->gen.yield_from, value, out, &yielded))
        return raise_at (vm, self, vm->sleep_state->line_sleep0_await);
      if (yielded)
        return LS_RESUME_YIELDED;
    }
  *out = self->result;
  return LS_RESUME_RETURNED;
}

/* --- LsCoroutineBody ---------------------------------------------------------- */

/* sleep_send's cases other than sleep(0)'s two. */
static G_GNUC_NO_INLINE LsResumeResult
send_slow (LsVM *vm, LsSleepCoroutine *self, LsValue value, LsValue *out)
{
  switch (self->phase)
    {
    case PHASE_CREATED:
      return start (vm, self, out);
    case PHASE_SLEEP0:
      return resume_sleep0 (vm, self, value, out);
    case PHASE_FUTURE:
    default:
      return await_future (vm, self, value, out);
    }
}

/* A sleep(0)'s two sends, the start's bare yield (after the step of
 * making __sleep0's generator) and the return, without a call: what
 * start and resume_sleep0 do there.  Everything else, and a limit on
 * that step, through send_slow. */
static LsResumeResult
sleep_send (LsVM *vm, LsGenerator *gen, LsValue value, LsValue *out)
{
  LsSleepCoroutine *self = (LsSleepCoroutine *) gen;

  if (self->phase == PHASE_SLEEP0 && ls_is_none (gen->yield_from))
    {
      ls_value_store (out, self->result);
      give_back (vm, self);
      return LS_RESUME_RETURNED;
    }
  if (self->phase == PHASE_CREATED && G_LIKELY (vm->bytes_allocated <= vm->memory_cap) && vm->fuel > 0 &&
      delay_not_positive (self->delay))
    {
      vm->fuel--;
      self->phase = PHASE_SLEEP0;
      ls_value_store (out, LS_NONE);
      return LS_RESUME_YIELDED;
    }
  return send_slow (vm, self, value, out);
}

/* A throw lands where the frame is suspended: in __sleep0 at its yield,
 * or at the await of the future (which, not being a generator, is not
 * thrown into, as ls_generator_throw does for a frame). */
static LsResumeResult
sleep_throw (LsVM *vm, LsGenerator *gen, LsValue exception, LsValue *out)
{
  LsSleepCoroutine *self = (LsSleepCoroutine *) gen;
  LsSleepState *state = vm->sleep_state;
  LsGenerator *sub = ls_value_generator (gen->yield_from);

  if (self->phase == PHASE_FUTURE)
    {
      vm->raised = exception;
      return raise_through_finally (vm, self);
    }
  if (sub == NULL)
    {
      vm->raised = exception;
      ls_exception_add_traceback_entry (exception, sleep0_code (state), state->line_yield);
      return raise_at (vm, self, state->line_sleep0_await);
    }
  switch (ls_generator_throw (vm, sub, exception, out))
    {
    case LS_RESUME_YIELDED:
      return LS_RESUME_YIELDED;
    case LS_RESUME_RETURNED:
      *out = self->result;
      return LS_RESUME_RETURNED;
    case LS_RESUME_RAISED:
    default:
      return raise_at (vm, self, state->line_sleep0_await);
    }
}

/* cr_await: __sleep0's generator, made suspended on its yield; or the
 * future's FutureIter.  Either is then what the body delegates to. */
static gboolean
sleep_awaiting (LsVM *vm, LsGenerator *gen, LsValue *out)
{
  LsSleepCoroutine *self = (LsSleepCoroutine *) gen;
  LsSleepState *state = vm->sleep_state;

  if (self->phase == PHASE_SLEEP0 && ls_is_none (gen->yield_from))
    {
      LsFunction *sleep0 = (LsFunction *) state->sleep0.o;
      /* (its code laid out here: __sleep0 itself may never have run) */
      LsFrame *frame = ls_frame_new_for_call (vm, sleep0, NULL, 0, NULL);
      LsGenerator *made;
      LsValue yielded;

      if (frame == NULL)
        return FALSE;
      made = ls_generator_new (vm, frame, sleep0);

      /* run to its yield: the step was charged when the body began */
      gen->yield_from = ls_obj (made);
      if (ls_generator_send (vm, made, LS_NONE, &yielded) != LS_RESUME_YIELDED)
        return FALSE;
    }
  else if (self->phase == PHASE_FUTURE && ls_future_awaited_check (gen->yield_from) &&
           !ls_future_iter_for (vm, gen->yield_from, &gen->yield_from))
    return FALSE;
  *out = gen->yield_from;
  return TRUE;
}

static gint32
sleep_line (LsVM *vm, LsGenerator *gen)
{
  switch (((LsSleepCoroutine *) gen)->phase)
    {
    case PHASE_SLEEP0:
      return vm->sleep_state->line_sleep0_await;
    case PHASE_FUTURE:
      return vm->sleep_state->line_future_await;
    case PHASE_CREATED:
    default:
      return gen->code->lines[0];
    }
}

static void
sleep_mark (LsVM *vm, LsGenerator *gen)
{
  LsSleepCoroutine *self = (LsSleepCoroutine *) gen;

  ls_gc_mark_value (vm, self->delay);
  ls_gc_mark_value (vm, self->result);
  ls_gc_mark_value (vm, self->handle);
}

static const LsCoroutineBody sleep_body = {
  sleep_send, sleep_throw, sleep_awaiting, sleep_line, sleep_mark,
};

/* --- the shortcut ------------------------------------------------------------ */

/* LsVM.make_awaited: the coroutine of an `await asyncio.sleep(0)` that
 * the shortcut started without making it, where `slot` holds
 * vm->awaited_placeholder: suspended at `await __sleep0()`, as the first
 * send leaves it (its delay, which nothing reads from then on, as 0). */
static void
make_sleep0_coroutine (LsVM *vm, LsValue *slot)
{
  LsSleepState *state = vm->sleep_state;
  LsSleepCoroutine *self;

  self = (LsSleepCoroutine *) ls_generator_new_with_body (vm, (LsFunction *) state->sleep.o, &sleep_body,
                                                          sizeof (LsSleepCoroutine));
  self->gen.state = LS_GEN_SUSPENDED;
  self->phase = PHASE_SLEEP0;
  self->delay = ls_int (0);
  self->result = LS_NONE;
  self->handle = LS_NONE;
  *slot = ls_obj (self);
}

/* sleep's globals __sleep0 and _sleep_schedule are still the library's;
 * the memo of where they were is refilled when they are. */
static gboolean
globals_are_the_library_s (LsSleepState *state, LsFunction *sleep)
{
  LsValue sleep0 = ls_dict_get_str_cached (sleep->globals, state->sleep0_name, &state->sleep0_cache);
  LsValue schedule = ls_dict_get_str_cached (sleep->globals, state->schedule_name, &state->schedule_cache);

  if (!(sleep0.tag == LS_TAG_OBJECT && sleep0.o == state->sleep0.o &&
        schedule.tag == LS_TAG_OBJECT && schedule.o == state->schedule.o))
    return FALSE;
  state->globals = NULL;
  if (state->sleep0_cache.dict == sleep->globals && state->schedule_cache.dict == sleep->globals &&
      state->sleep0_cache.version == state->schedule_cache.version && state->sleep0_cache.index >= 0 &&
      state->schedule_cache.index >= 0)
    {
      state->globals = sleep->globals;
      state->globals_version = state->sleep0_cache.version;
      state->sleep0_index = state->sleep0_cache.index;
      state->schedule_index = state->schedule_cache.index;
    }
  return TRUE;
}

/* globals_are_the_library_s through the memo it fills: FALSE when the
 * memo does not hold (then the caches are asked). */
static inline gboolean
globals_memo_says_library_s (const LsSleepState *state, const LsFunction *sleep)
{
  const LsDict *globals = sleep->globals;
  LsValue sleep0, schedule;

  if (state->globals != globals || state->globals_version != globals->keys_version)
    return FALSE;
  sleep0 = globals->entries[state->sleep0_index].value;
  schedule = globals->entries[state->schedule_index].value;
  return sleep0.tag == LS_TAG_OBJECT && sleep0.o == state->sleep0.o &&
         schedule.tag == LS_TAG_OBJECT && schedule.o == state->schedule.o;
}

/* The general case of sleep_await_shortcut below, out of line: any
 * delay and result, the first call, a fuel or memory limit near. */
static G_GNUC_NO_INLINE LsShortcutResult
sleep_await_general (LsVM          *vm,
                     LsObject      *function,
                     const LsValue *args,
                     guint          n_args,
                     LsTuple       *kwnames,
                     LsValue       *result)
{
  LsSleepState *state = vm->sleep_state;
  LsFunction *sleep = (LsFunction *) function;
  LsSleepCoroutine *self;
  LsValue given_result;

  if (state == NULL || function != state->sleep.o || kwnames != NULL || n_args < 1 || n_args > 2 ||
      (args[0].tag != LS_TAG_INT && args[0].tag != LS_TAG_FLOAT))
    return LS_SHORTCUT_DECLINED;
  if (n_args == 2)
    given_result = args[1];
  else if (sleep->defaults != NULL && sleep->defaults->len == 1)
    given_result = sleep->defaults->items[0];
  else
    return LS_SHORTCUT_DECLINED;
  /* __sleep0's frame would sit on sleep's; the globals through the memo
   * first (every timed sleep comes this way) */
  if (vm->depth + 2 >= vm->recursion_limit ||
      !(globals_memo_says_library_s (state, sleep) || globals_are_the_library_s (state, sleep)))
    return LS_SHORTCUT_DECLINED;
  /* the step of making sleep's frame */
  if (!ls_vm_native_step (vm))
    return LS_SHORTCUT_FAILED;
  /* sleep(0): the start sleep_send would do at the await's first send,
   * __sleep0's step and its bare yield, without the coroutine, which
   * is made only if something asks for it (make_sleep0_coroutine) */
  if (ls_is_none (given_result) && delay_not_positive (args[0]) &&
      G_LIKELY (vm->bytes_allocated <= vm->memory_cap) && vm->fuel > 0)
    {
      vm->fuel--;
      *result = ls_obj (vm->awaited_placeholder);
      return LS_SHORTCUT_BARE_YIELD;
    }
  self = (LsSleepCoroutine *) vm->spare_sleep;
  if (self != NULL)
    {
      vm->spare_sleep = NULL;
      ls_generator_init_with_body (&self->gen, sleep, &sleep_body);
    }
  else
    {
      self = (LsSleepCoroutine *) ls_generator_new_with_body (vm, sleep, &sleep_body, sizeof (LsSleepCoroutine));
      self->gen.header.flags |= LS_GENERATOR_RECYCLABLE;
    }
  self->phase = PHASE_CREATED;
  self->delay = args[0];
  self->result = given_result;
  self->handle = LS_NONE;
  *result = ls_obj (self);
  return LS_SHORTCUT_COROUTINE;
}

/* `await sleep(d)`: sleep(0) with its default result, where the general
 * case would take its bare yield, tested here with nothing called (both
 * steps' fuel there, the memory under its cap, the globals by the memo);
 * so that GCC saves no registers for the rest, which goes out of line.
 * The general case's checks and its two steps, in one. */
static LsShortcutResult
sleep_await_shortcut (LsVM          *vm,
                      LsObject      *function,
                      const LsValue *args,
                      guint          n_args,
                      LsTuple       *kwnames,
                      LsValue       *result)
{
  const LsSleepState *state = vm->sleep_state;
  const LsFunction *sleep = (const LsFunction *) function;

  if (G_LIKELY (state != NULL && function == state->sleep.o && kwnames == NULL && n_args == 1 &&
                (args[0].tag == LS_TAG_INT || args[0].tag == LS_TAG_FLOAT) && delay_not_positive (args[0]) &&
                sleep->defaults != NULL && sleep->defaults->len == 1 && ls_is_none (sleep->defaults->items[0]) &&
                vm->depth + 2 < vm->recursion_limit && globals_memo_says_library_s (state, sleep) &&
                vm->bytes_allocated <= vm->memory_cap && vm->fuel >= 2))
    {
      vm->fuel -= 2;
      *result = ls_obj (vm->awaited_placeholder);
      return LS_SHORTCUT_BARE_YIELD;
    }
  return sleep_await_general (vm, function, args, n_args, kwnames, result);
}

/* --- install ----------------------------------------------------------------- */

/* The line of the first instruction `op` in `code` (whose argument names
 * `name`, when one is given); -1 when there is none. */
static gint32
line_of (LsCode *code, LsOpcode op, guint nth, const char *name)
{
  for (guint32 ip = 0; ip < code->n_instructions; ip++)
    {
      guint32 word = code->instructions[ip];

      if (LS_INSTR_GENERIC_OP (word) != op)
        continue;
      if (name != NULL && strcmp (((LsStr *) code->names->items[LS_INSTR_ARG (word)].o)->data, name) != 0)
        continue;
      if (nth-- == 0)
        return code->lines[ip];
    }
  return -1;
}

/* _install_sleep(sleep, __sleep0) */
static gboolean
install_sleep (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsSleepState *state;
  LsFunction *sleep, *sleep0;
  LsValue module;

  if (!ls_check_args (vm, "_install_sleep", n_args, kwnames, 2, 2))
    return FALSE;
  if (!ls_is_kind (args[0], LS_KIND_FUNCTION) || !ls_is_kind (args[1], LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "_install_sleep() takes sleep and __sleep0");
  sleep = (LsFunction *) args[0].o;
  sleep0 = (LsFunction *) args[1].o;
  state = ls_object_alloc (vm, LS_KIND_EXTENSION, vm->types[LS_TYPE_OBJECT], sizeof (LsSleepState));
  state->header.vtable = &state_vtable;
  state->sleep = args[0];
  state->sleep0 = args[1];
  state->globals = NULL;
  state->sleep0_name = ls_str_intern_cstr (vm, "__sleep0");
  state->schedule_name = ls_str_intern_cstr (vm, "_sleep_schedule");
  state->schedule = ls_dict_get_str (sleep->globals, state->schedule_name);
  state->line_sleep0_await = line_of (sleep->code, LS_OP_YIELD_FROM, 0, NULL);
  state->line_future_await = line_of (sleep->code, LS_OP_YIELD_FROM, 1, NULL);
  state->line_schedule = line_of (sleep->code, LS_OP_LOAD_GLOBAL, 0, "_sleep_schedule");
  state->line_cancel = line_of (sleep->code, LS_OP_LOAD_METHOD, 0, "cancel");
  state->line_yield = line_of (sleep0->code, LS_OP_YIELD_VALUE, 0, NULL);
  if (state->line_sleep0_await < 0 || state->line_future_await < 0 || state->line_schedule < 0 ||
      state->line_cancel < 0 || state->line_yield < 0 || !ls_is_kind (state->schedule, LS_KIND_NATIVE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_install_sleep(): sleep is not the library's");
  /* the module keeps the state alive */
  module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_asyncio"));
  if (!ls_is_kind (module, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "_asyncio is not loaded");
  ls_dict_set_str (vm, ((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_sleep_state"), ls_obj (state));
  vm->sleep_state = state;
  if (vm->awaited_placeholder == NULL)
    {
      vm->awaited_placeholder = &state->header.header;
      vm->make_awaited = make_sleep0_coroutine;
    }
  sleep->header.flags |= ls_vm_add_await_shortcut (vm, sleep_await_shortcut);
  *result = LS_NONE;
  return TRUE;
}

void
ls_asyncio_sleep_coroutine_add_functions (LsVM     *vm,
                                          LsModule *module)
{
  ls_module_add_function (vm, module, "_install_sleep", install_sleep);
}
