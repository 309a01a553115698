/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-code.h — a compiled function body (CPython's code object).
 *
 * Immutable once the compiler made it.  Local variables are numbered slots
 * (`varnames`, arguments first); variables captured by inner functions live
 * in cells (`cellvars`, then `freevars` received from the enclosing
 * function).  Module and class bodies keep their names in a dict instead
 * (LOAD_NAME/STORE_NAME).
 */
#pragma once

#include "ls-object.h"
#include "ls-str.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

typedef enum
{
  LS_CODE_VARARGS     = 1 << 0,   /* has *args: slot after the positional and kw-only args */
  LS_CODE_VARKEYWORDS = 1 << 1,   /* has **kwargs: slot after *args */
  LS_CODE_GENERATOR   = 1 << 2,
  LS_CODE_COROUTINE   = 1 << 3,   /* async def */
  LS_CODE_MODULE      = 1 << 4,   /* module body: locals dict is the globals */
  LS_CODE_CLASS_BODY  = 1 << 5,   /* class body: locals dict is the class namespace */
  LS_CODE_LAMBDA      = 1 << 6,
  LS_CODE_COMPREHENSION = 1 << 7, /* <listcomp> & co.: their tracebacks show that name */
} LsCodeFlags;

typedef struct
{
  LsObject  header;
  LsStr    *name;          /* "main", "<module>", "<lambda>", "<listcomp>" */
  LsStr    *qualname;      /* "Foo.bar", "main.<locals>.inner" */
  LsStr    *filename;
  guint32   flags;         /* LsCodeFlags */
  guint32   argcount;      /* positional parameters, positional-only included */
  guint32   posonlyargcount;
  guint32   kwonlyargcount;
  guint32   n_locals;      /* slots: parameters first */
  guint32   stack_size;    /* maximum value-stack depth */
  guint32   block_depth;   /* maximum nesting of handler blocks */
  gint32    first_line;
  LsTuple  *varnames;      /* str, n_locals of them */
  LsTuple  *cellvars;      /* str: locals captured by inner functions */
  LsTuple  *freevars;      /* str: variables of enclosing functions */
  /* cell2arg[i] >= 0 when cellvar i is also a parameter: the frame moves
   * the argument into the cell on entry, as CPython does. */
  gint32   *cell2arg;
  LsTuple  *names;         /* str: attribute, global and module names */
  LsTuple  *consts;        /* constants, nested code objects among them */
  guint32  *instructions;  /* LS_INSTR words */
  gint32   *lines;         /* source line of each instruction */
  gsize     n_instructions;
} LsCode;

static inline LsCode *ls_value_code (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_CODE ? (LsCode *) v.o : NULL; }

/* Text listing of the bytecode, for debugging (`loopscope run --disassemble`). */
char *ls_code_disassemble (LsCode *code);

G_END_DECLS
