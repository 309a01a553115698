/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-symtable.h — the compiler's first pass: which scope every name lives in.
 *
 * Mirrors CPython's Python/symtable.c, because the decisions are visible:
 * whether `x` in a nested function reads a cell or a global, whether a class
 * body sees a method's name, which comprehension variables leak.  A scope is
 * made for the module, every def/async def/lambda, every class body, and
 * every comprehension and generator expression (a hidden function called at
 * once with its first iterator, as in CPython).  The tree of scopes follows
 * the source order; the compiler finds a scope again by the AST node that
 * opened it.
 */
#pragma once

#include "ls-ast.h"

G_BEGIN_DECLS

typedef enum
{
  LS_BLOCK_MODULE,
  LS_BLOCK_FUNCTION,    /* def, async def, lambda, comprehensions */
  LS_BLOCK_CLASS,
} LsBlockType;

/* How a name is used in its scope (CPython's DEF_* bits). */
typedef enum
{
  LS_DEF_GLOBAL    = 1 << 0,   /* `global x` */
  LS_DEF_LOCAL     = 1 << 1,   /* assigned, deleted, def'd, a for target */
  LS_DEF_PARAM     = 1 << 2,
  LS_DEF_NONLOCAL  = 1 << 3,
  LS_DEF_USE       = 1 << 4,   /* read */
  LS_DEF_FREE_CLASS = 1 << 5,  /* bound in a class body and free in one of its methods */
  LS_DEF_IMPORT    = 1 << 6,
  LS_DEF_ANNOT     = 1 << 7,
  LS_DEF_COMP_ITER = 1 << 8,   /* a comprehension's iteration variable */
} LsDefFlags;

#define LS_DEF_BOUND (LS_DEF_LOCAL | LS_DEF_PARAM | LS_DEF_IMPORT)

/* Where a name lives (CPython's scopes). */
typedef enum
{
  LS_SCOPE_NONE,
  LS_SCOPE_LOCAL,
  LS_SCOPE_GLOBAL_EXPLICIT,
  LS_SCOPE_GLOBAL_IMPLICIT,
  LS_SCOPE_FREE,
  LS_SCOPE_CELL,
} LsNameScope;

typedef struct
{
  const char *name;     /* mangled */
  guint       flags;    /* LsDefFlags */
  LsNameScope scope;
} LsSymbol;

typedef struct _LsScope LsScope;

struct _LsScope
{
  LsBlockType   type;
  const char   *name;          /* "top", the def's name, "lambda", "listcomp", ... */
  gconstpointer node;          /* the LsStmt or LsExpr that opened the scope */
  gint32        line;
  LsScope      *parent;
  GPtrArray    *children;      /* LsScope*, in source order */
  GArray       *symbols;       /* LsSymbol, in order of first mention */
  GHashTable   *index;         /* name -> position + 1 in symbols; lookups only */
  GPtrArray    *varnames;      /* parameters, in slot order */
  guint         is_generator : 1;
  guint         is_coroutine : 1;
  guint         is_comprehension : 1;
  guint         is_lambda : 1;
  guint         has_varargs : 1;
  guint         has_varkeywords : 1;
  guint         needs_class_closure : 1;   /* class body making the __class__ cell */
  guint         comp_iter_target : 1;      /* while visiting a comprehension target */
};

typedef struct _LsSymtable LsSymtable;

/* Builds the scopes of a module.  Errors are LS_SYNTAX_ERROR with CPython's
 * messages: "name 'x' is used prior to global declaration", "no binding for
 * nonlocal 'x' found", ... */
LsSymtable  *ls_symtable_build   (const LsAst *ast, GError **error);
void         ls_symtable_free    (LsSymtable *self);
LsScope     *ls_symtable_top     (LsSymtable *self);
/* The scope opened by a def/class statement or a lambda/comprehension expression. */
LsScope     *ls_symtable_lookup  (LsSymtable *self, gconstpointer node);

/* The symbol of an already mangled name, or NULL. */
const LsSymbol *ls_scope_find    (const LsScope *scope, const char *name);
LsNameScope  ls_scope_get_scope  (const LsScope *scope, const char *name);

/* CPython's private name mangling: `__x` inside class C is `_C__x`.
 * Returns `name` itself or a string owned by the symtable. */
const char  *ls_symtable_mangle  (LsSymtable *self, const char *private_name, const char *name);

/* A copy of a string that lives as long as the symtable. */
const char  *ls_symtable_intern_len (LsSymtable *self, const char *text, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsSymtable, ls_symtable_free)

G_END_DECLS
