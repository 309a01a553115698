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

typedef struct
{
  LsObject          header;   /* cls: generator or coroutine */
  LsFrame          *frame;    /* NULL once closed */
  LsGeneratorState  state;
  LsStr            *name;
  LsStr            *qualname;
  gboolean          is_coroutine;
  gboolean          is_awaitable; /* a generator made by a types.coroutine function */
  LsValue           yield_from; /* the sub-iterator a YIELD_FROM delegates to, while suspended there */
  LsCode           *code;       /* cr_code / gi_code: kept after the frame is gone */
} LsGenerator;

typedef enum
{
  LS_RESUME_YIELDED,    /* *value is what the generator yielded */
  LS_RESUME_RETURNED,   /* *value is its return value (StopIteration.value) */
  LS_RESUME_RAISED,     /* vm->raised holds the exception */
} LsResumeResult;

static inline LsGenerator *ls_value_generator (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_GENERATOR ? (LsGenerator *) v.o : NULL; }

/* gen.send(value) — value is None for next() */
LsResumeResult ls_generator_send  (LsVM *vm, LsGenerator *self, LsValue value, LsValue *out);
/* gen.throw(exc) */
LsResumeResult ls_generator_throw (LsVM *vm, LsGenerator *self, LsValue exception, LsValue *out);
/* gen.close(): FALSE with an exception set if the generator misbehaved */
gboolean       ls_generator_close (LsVM *vm, LsGenerator *self);
void           ls_generator_class_init (LsVM *vm, LsClass *cls, gboolean coroutine);

G_END_DECLS
