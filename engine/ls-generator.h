/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-generator.h — generators and coroutines: a function's frame kept
 * alive between resumptions.
 *
 * Resuming runs the frame on the interpreter until it yields (the frame
 * stays here, suspended) or finishes.  This is all the asyncio runtime
 * needs to drive a coroutine: Task.__step is ls_generator_resume().
 */
#pragma once

#include "ls-object.h"
#include "ls-vm.h"

G_BEGIN_DECLS

typedef enum
{
  LS_GEN_CREATED,
  LS_GEN_SUSPENDED,
  LS_GEN_RUNNING,
  LS_GEN_CLOSED,
} LsGeneratorState;

typedef struct _LsCoroutineBody LsCoroutineBody;

typedef struct
{
  LsObject          header;   /* cls: generator or coroutine */
  LsFrame          *frame;    /* NULL once closed */
  LsGeneratorState  state;
  guint32           id;       /* id() and the default hash once asked (0 before): in
                               * the padding, so that no table entry is needed */
  LsStr            *name;
  LsStr            *qualname;
  gboolean          is_coroutine;
  gboolean          is_awaitable; /* a generator made by a types.coroutine function */
  LsValue           yield_from; /* the sub-iterator a YIELD_FROM delegates to, while suspended there */
  LsCode           *code;       /* cr_code / gi_code: kept after the frame is gone */
  const LsCoroutineBody *body;  /* a coroutine whose body is C (no frame), or NULL */
} LsGenerator;

typedef enum
{
  LS_RESUME_YIELDED,    /* *value is what the generator yielded */
  LS_RESUME_RETURNED,   /* *value is its return value (StopIteration.value) */
  LS_RESUME_RAISED,     /* vm->raised holds the exception */
} LsResumeResult;

/* A coroutine of a library `async def` whose body runs in C instead of
 * on a frame (asyncio.sleep's, ls-asyncio-sleep-coroutine.c): the same
 * object to a scenario (type, repr, send/throw/close, cr_await, the
 * traceback entries of the lines it stands for), minus the frame.
 * ls_generator_send/throw/close run these with the state kept as for a
 * frame's; `send` starts it when it was created. */
struct _LsCoroutineBody
{
  LsResumeResult (*send)     (LsVM *vm, LsGenerator *self, LsValue value, LsValue *out);
  /* `exception` is an exception instance; vm->raised is not set */
  LsResumeResult (*throw)    (LsVM *vm, LsGenerator *self, LsValue exception, LsValue *out);
  /* cr_await: what the suspended body delegates to (it may make it now) */
  gboolean       (*awaiting) (LsVM *vm, LsGenerator *self, LsValue *out);
  /* cr_frame.f_lineno */
  gint32         (*line)     (LsVM *vm, LsGenerator *self);
  void           (*mark)     (LsVM *vm, LsGenerator *self);
};

/* header flag: made by an await shortcut, and so far only ever on the
 * awaiting frame's stack (cr_await, the one way out, clears it): its
 * block may be made again once its await returned (LsVM.spare_sleep) */
#define LS_GENERATOR_RECYCLABLE 0x1

static inline LsGenerator *ls_value_generator (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_GENERATOR ? (LsGenerator *) v.o : NULL; }

/* gen.send(value) — value is None for next() */
LsResumeResult ls_generator_send  (LsVM *vm, LsGenerator *self, LsValue value, LsValue *out);
/* ls_generator_send of a coroutine whose body is C, suspended or (with
 * None) just created, inline: an await of asyncio.sleep sends into one
 * twice */
static inline LsResumeResult
ls_generator_send_body (LsVM        *vm,
                        LsGenerator *self,
                        LsValue      value,
                        LsValue     *out)
{
  LsResumeResult status;

  self->state = LS_GEN_RUNNING;
  status = self->body->send (vm, self, value, out);
  self->state = status == LS_RESUME_YIELDED ? LS_GEN_SUSPENDED : LS_GEN_CLOSED;
  return status;
}
/* gen.throw(exc) */
LsResumeResult ls_generator_throw (LsVM *vm, LsGenerator *self, LsValue exception, LsValue *out);
/* gen.close(): FALSE with an exception set if the generator misbehaved */
gboolean       ls_generator_close (LsVM *vm, LsGenerator *self);
void           ls_generator_class_init (LsVM *vm, LsClass *cls, gboolean coroutine);

/* The generator's fields of a coroutine of `function` whose body is C,
 * in a new block or in one made again (LS_GENERATOR_RECYCLABLE): the
 * body's own are the caller's. */
static inline void
ls_generator_init_with_body (LsGenerator           *self,
                             LsFunction            *function,
                             const LsCoroutineBody *body)
{
  self->frame = NULL;
  self->id = 0;
  self->is_awaitable = FALSE;
  self->code = function->code;
  self->state = LS_GEN_CREATED;
  self->name = function->name;
  self->qualname = function->qualname;
  self->is_coroutine = TRUE;
  self->yield_from = LS_NONE;
  self->body = body;
}

/* A created coroutine of `function` whose body is C: `size` bytes, the
 * body's state after the LsGenerator.  Inline: every timed
 * asyncio.sleep() makes one, and the call cost as much as the fields. */
static inline LsGenerator *
ls_generator_new_with_body (LsVM                  *vm,
                            LsFunction            *function,
                            const LsCoroutineBody *body,
                            gsize                  size)
{
  LsGenerator *self = ls_object_alloc (vm, LS_KIND_GENERATOR, vm->types[LS_TYPE_COROUTINE], size);

  ls_generator_init_with_body (self, function, body);
  return self;
}

G_END_DECLS
