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

/* What an inline cache found (LOAD_GLOBAL, LOAD_ATTR, LOAD_METHOD, STORE_ATTR). */
typedef enum
{
  LS_CACHE_EMPTY,
  LS_CACHE_GLOBAL,          /* globals' entry `index` */
  LS_CACHE_BUILTIN,         /* builtins' entry `index`, the name absent from globals */
  LS_CACHE_MODULE_ATTR,     /* a module's dict's entry `index` */
  LS_CACHE_INSTANCE_ATTR,   /* the instance dict's entry `index` if it holds the name */
  LS_CACHE_CLASS_ATTR,      /* `value` from the class, as it is */
  LS_CACHE_CLASS_METHOD,    /* a function on the class: bound, or split by LOAD_METHOD */
  LS_CACHE_PROPERTY,        /* a property on the class: its getter is called */
  LS_CACHE_INSTANCE_STORE,  /* STORE_ATTR into the instance dict (entry `index` if it holds
                               the name): the class has no property or __setattr__ for it */
} LsCacheShape;

/* An inline cache: what one instruction found last time, and what must
 * still hold for the same answer (CPython 3.11's specializing interpreter,
 * Python/specialize.c).  Class shapes hold while the receiver's class is
 * `owner` and ls_class_epoch() is `version` (no class namespace changed,
 * no collection ran: `value` may point at nothing afterwards); dict shapes
 * hold while the dict is `owner` and its keys version is `version`, and
 * read the value through the entry, so they never hold an object. */
typedef struct
{
  guint8        shape;     /* LsCacheShape */
  guint8        kind;      /* LsKind of the receiver (class shapes) */
  guint32       index;     /* entry number in the dict the answer lives in */
  gconstpointer owner;     /* the receiver's class, or the dict */
  guint64       version;
  gconstpointer builtins;  /* LS_CACHE_BUILTIN: the builtins dict and its keys version */
  guint64       builtins_version;
  LsValue       value;
  guint64       padding;   /* 64 bytes: an instruction's cache is found by a shift */
} LsInlineCache;

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
  /* One per instruction, made when the code first runs a LOAD_GLOBAL,
   * LOAD_ATTR, LOAD_METHOD or STORE_ATTR; only those use theirs.  56
   * bytes an instruction, for the code that runs only. */
  LsInlineCache *caches;
  /* The layout of this code's frames, worked out when the first one is
   * made (ls-frame.c), so that a call does not recount it. */
  guint32   frame_size;    /* ls_frame_size (this); 0 until then */
  guint32   n_cells;       /* cellvars and freevars */
  /* Positional parameters only, no cells: a call that passes exactly
   * argcount positional values binds them by copying (ls_frame_new_plain). */
  gboolean  plain_params;
} LsCode;

static inline LsCode *ls_value_code (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_CODE ? (LsCode *) v.o : NULL; }

/* Text listing of the bytecode, for debugging (`loopscope run --disassemble`). */
char *ls_code_disassemble (LsCode *code);
/* The length of the one backward jump in `code` (its loop), which the
 * interpreter charges each time it is taken (natives standing for a
 * library function charge it as the function would); -1 when there is
 * not exactly one. */
gint64 ls_code_single_back_jump (LsCode *code);

G_END_DECLS
