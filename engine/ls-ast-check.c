/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-ast-check.c — the errors CPython raises after parsing succeeded.
 *
 * CPython finds these in two passes over the tree: the symbol table first
 * (duplicate parameters, `nonlocal` at module level, `yield` in a
 * comprehension), then the compiler ('return' outside function, 'break'
 * outside loop, 'await' outside async function, starred expressions where
 * they cannot be...).  A program with errors of both kinds reports the
 * symbol table's, so the two passes are kept here.  Loopscope's own refusals
 * (asynchronous generators, `async for`) are found in the second pass, in
 * source order with CPython's errors.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-parser.h"
#include "ls-syntax-error.h"

typedef enum
{
  SCOPE_MODULE,
  SCOPE_CLASS,
  SCOPE_FUNCTION,
  SCOPE_LAMBDA,
  SCOPE_COMPREHENSION,
} ScopeKind;

/* What the symbol table knows of a name in one scope. */
enum
{
  DEF_GLOBAL   = 1 << 0,
  DEF_LOCAL    = 1 << 1,
  DEF_PARAM    = 1 << 2,
  DEF_NONLOCAL = 1 << 3,
  USE          = 1 << 4,
  DEF_ANNOT    = 1 << 5,
};

/* A scope of the symbol table (first pass only). */
typedef struct _SymScope SymScope;

struct _SymScope
{
  ScopeKind   kind;
  GHashTable *flags;          /* name → flags */
  GPtrArray  *nonlocals;      /* the `nonlocal` statements, in order */
  GPtrArray  *children;
  GHashTable *declared;       /* name → its first global/nonlocal statement */
};

typedef struct _Scope Scope;

struct _Scope
{
  ScopeKind     kind;
  gboolean      is_async;     /* an async def */
  const LsExpr *comp;         /* the comprehension node of SCOPE_COMPREHENSION */
  const Scope  *parent;
  SymScope     *sym;          /* first pass only */
};

typedef struct
{
  GError    *error;
  gboolean   symtable;        /* first pass */
  GPtrArray *sym_scopes;      /* owns every SymScope */
  int        comp_iter;       /* inside the iterable of a comprehension */
  guint      depth;           /* of check_expr, see MAX_EXPR_DEPTH */
} Checker;

/* The passes after this one (symbol table, compiler, ast dump) recurse on
 * the tree; a chain like `1 + 1 + ... + 1` or `a.a.a...a` a hundred
 * thousand long would overflow the C stack.  CPython refuses such a tree
 * too, a little below 3000 levels, with this RecursionError. */
#define MAX_EXPR_DEPTH 2500

static void
sym_scope_free (gpointer data)
{
  SymScope *s = data;

  g_hash_table_unref (s->flags);
  g_ptr_array_unref (s->nonlocals);
  g_ptr_array_unref (s->children);
  g_hash_table_unref (s->declared);
  g_free (s);
}

/* The symbol table's scope for a new block, in the first pass. */
static SymScope *
sym_scope_new (Checker     *c,
               ScopeKind    kind,
               const Scope *parent)
{
  SymScope *s;

  if (!c->symtable)
    return NULL;
  s = g_new0 (SymScope, 1);
  s->kind = kind;
  s->flags = g_hash_table_new (g_str_hash, g_str_equal);
  s->nonlocals = g_ptr_array_new ();
  s->children = g_ptr_array_new ();
  s->declared = g_hash_table_new (g_str_hash, g_str_equal);
  g_ptr_array_add (c->sym_scopes, s);
  if (parent != NULL && parent->sym != NULL)
    g_ptr_array_add (parent->sym->children, s);
  return s;
}

static guint
sym_flags (const Scope *scope,
           const char  *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (scope->sym->flags, name));
}

static void
sym_add (const Scope *scope,
         const char  *name,
         guint        flag)
{
  if (scope->sym == NULL)
    return;
  g_hash_table_insert (scope->sym->flags, (gpointer) name,
                       GUINT_TO_POINTER (sym_flags (scope, name) | flag));
}

static void check_expr (Checker *c, const Scope *scope, const LsExpr *e, gboolean star_ok);
static void check_stmts (Checker *c, const Scope *scope, gboolean in_loop,
                         LsStmt *const *stmts, guint n);

static void
fail (Checker          *c,
      LsSyntaxErrorCode code,
      const LsSpan     *span,
      const char       *format,
      ...) G_GNUC_PRINTF (4, 5);

static void
fail (Checker          *c,
      LsSyntaxErrorCode code,
      const LsSpan     *span,
      const char       *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (c->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  ls_set_syntax_error (&c->error, code, span->line, span->col, "%s", message);
}

/* -------------------------------------------------------------------------
 * Pass 1: the symbol table's errors
 * ---------------------------------------------------------------------- */

static void
check_duplicate_args (Checker           *c,
                      const LsArguments *a)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < a->n_posonlyargs; i++)
    g_ptr_array_add (all, &a->posonlyargs[i]);
  for (guint i = 0; i < a->n_args; i++)
    g_ptr_array_add (all, &a->args[i]);
  if (a->vararg != NULL)
    g_ptr_array_add (all, a->vararg);
  for (guint i = 0; i < a->n_kwonlyargs; i++)
    g_ptr_array_add (all, &a->kwonlyargs[i]);
  if (a->kwarg != NULL)
    g_ptr_array_add (all, a->kwarg);

  for (guint i = 1; i < all->len; i++)
    for (guint j = 0; j < i; j++)
      {
        const LsArg *x = all->pdata[i], *y = all->pdata[j];
        if (strcmp (x->name, y->name) == 0)
          {
            fail (c, LS_SYNTAX_ERROR_INVALID, &x->span,
                  "duplicate argument '%s' in function definition", x->name);
            return;
          }
      }
}

static const char *
comprehension_name (const LsExpr *comp)
{
  switch (comp->kind)
    {
    case LS_EXPR_LIST_COMP: return "list comprehension";
    case LS_EXPR_SET_COMP: return "set comprehension";
    case LS_EXPR_DICT_COMP: return "dict comprehension";
    default: return "generator expression";
    }
}

/* -------------------------------------------------------------------------
 * Pass 2: the compiler's errors, and Loopscope's
 * ---------------------------------------------------------------------- */

/* The function (or module, or class) a comprehension's code belongs to. */
static const Scope *
enclosing_code (const Scope *scope)
{
  while (scope->kind == SCOPE_COMPREHENSION)
    scope = scope->parent;
  return scope;
}

/* An await or `async for` in a comprehension makes it asynchronous, which
 * only an async function may contain (generator expressions excepted). */
static void
check_async_comprehension (Checker     *c,
                           const Scope *scope)
{
  for (const Scope *s = scope; s->kind == SCOPE_COMPREHENSION; s = s->parent)
    {
      const Scope *code = enclosing_code (s);
      if (s->comp->kind == LS_EXPR_GENERATOR_EXP)
        return;
      if (!(code->kind == SCOPE_FUNCTION && code->is_async))
        {
          fail (c, LS_SYNTAX_ERROR_INVALID, &s->comp->span,
                "asynchronous comprehension outside of an asynchronous function");
          return;
        }
    }
}

static void
check_await (Checker      *c,
             const Scope  *scope,
             const LsExpr *e)
{
  if (c->symtable)
    return;
  if (scope->kind == SCOPE_COMPREHENSION)
    {
      check_async_comprehension (c, scope);
      return;
    }
  if (scope->kind == SCOPE_MODULE || scope->kind == SCOPE_CLASS)
    fail (c, LS_SYNTAX_ERROR_INVALID, &e->span, "'await' outside function");
  else if (!(scope->kind == SCOPE_FUNCTION && scope->is_async))
    fail (c, LS_SYNTAX_ERROR_INVALID, &e->span, "'await' outside async function");
}

static void
check_yield (Checker      *c,
             const Scope  *scope,
             const LsExpr *e)
{
  if (scope->kind == SCOPE_COMPREHENSION)
    {
      if (c->symtable)
        fail (c, LS_SYNTAX_ERROR_INVALID, &e->span, "'yield' inside %s",
              comprehension_name (scope->comp));
      return;
    }
  if (c->symtable)
    return;
  if (scope->kind == SCOPE_MODULE || scope->kind == SCOPE_CLASS)
    fail (c, LS_SYNTAX_ERROR_INVALID, &e->span, "'yield' outside function");
  else if (scope->kind == SCOPE_FUNCTION && scope->is_async)
    {
      if (e->kind == LS_EXPR_YIELD_FROM)
        fail (c, LS_SYNTAX_ERROR_INVALID, &e->span, "'yield from' inside async function");
      else
        fail (c, LS_SYNTAX_ERROR_UNSUPPORTED, &e->span,
              "Loopscope does not support asynchronous generators");
    }
}

static void
check_keywords (Checker         *c,
                const Scope     *scope,
                const LsKeyword *kws,
                guint            n)
{
  for (guint i = 0; i < n; i++)
    {
      check_expr (c, scope, kws[i].value, FALSE);
      if (c->symtable || kws[i].arg == NULL)
        continue;
      for (guint j = 0; j < i; j++)
        if (kws[j].arg != NULL && strcmp (kws[i].arg, kws[j].arg) == 0)
          {
            fail (c, LS_SYNTAX_ERROR_INVALID, &kws[i].span,
                  "keyword argument repeated: %s", kws[i].arg);
            return;
          }
    }
}

static void
check_exprs (Checker       *c,
             const Scope   *scope,
             LsExpr *const *list,
             guint          n,
             gboolean       star_ok)
{
  for (guint i = 0; i < n; i++)
    if (list[i] != NULL)
      check_expr (c, scope, list[i], star_ok);
}

static void
bind_params (const Scope       *scope,
             const LsArguments *a)
{
  for (guint i = 0; i < a->n_posonlyargs; i++)
    sym_add (scope, a->posonlyargs[i].name, DEF_PARAM);
  for (guint i = 0; i < a->n_args; i++)
    sym_add (scope, a->args[i].name, DEF_PARAM);
  if (a->vararg != NULL)
    sym_add (scope, a->vararg->name, DEF_PARAM);
  for (guint i = 0; i < a->n_kwonlyargs; i++)
    sym_add (scope, a->kwonlyargs[i].name, DEF_PARAM);
  if (a->kwarg != NULL)
    sym_add (scope, a->kwarg->name, DEF_PARAM);
}

/* `import a.b` binds a; `import a.b as c` binds c. */
static void
bind_alias (const Scope   *scope,
            const LsAlias *alias)
{
  if (alias->asname != NULL)
    sym_add (scope, alias->asname, DEF_LOCAL);
  else if (strcmp (alias->name, "*") != 0)
    {
      const char *dot = strchr (alias->name, '.');
      g_autofree char *head = dot != NULL ? g_strndup (alias->name, dot - alias->name) : NULL;
      sym_add (scope, head != NULL ? g_intern_string (head) : alias->name, DEF_LOCAL);
    }
}

/* symtable_visit_stmt, Global_kind and Nonlocal_kind: a declaration must
 * come before any other mention of the name in its scope. */
static void
check_declaration (Checker      *c,
                   const Scope  *scope,
                   const LsStmt *s)
{
  gboolean global = s->kind == LS_STMT_GLOBAL;
  const char *what = global ? "global" : "nonlocal";

  if (!global && scope->kind == SCOPE_MODULE)
    {
      fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "nonlocal declaration not allowed at module level");
      return;
    }
  for (guint i = 0; i < s->names.n_names; i++)
    {
      const char *name = s->names.names[i];
      guint flags = sym_flags (scope, name);
      if (flags & DEF_PARAM)
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "name '%s' is parameter and %s", name, what);
      else if (flags & USE)
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "name '%s' is used prior to %s declaration",
              name, what);
      else if (flags & DEF_ANNOT)
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "annotated name '%s' can't be %s", name, what);
      else if (flags & DEF_LOCAL)
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "name '%s' is assigned to before %s declaration",
              name, what);
      else if (flags & (global ? DEF_NONLOCAL : DEF_GLOBAL))
        {
          /* reported where the name was first declared */
          const LsStmt *first = g_hash_table_lookup (scope->sym->declared, name);
          fail (c, LS_SYNTAX_ERROR_INVALID, &first->span, "name '%s' is nonlocal and global", name);
        }
      if (c->error != NULL)
        return;
      sym_add (scope, name, global ? DEF_GLOBAL : DEF_NONLOCAL);
      if (!g_hash_table_contains (scope->sym->declared, name))
        g_hash_table_insert (scope->sym->declared, (gpointer) name, (gpointer) s);
    }
  if (!global)
    g_ptr_array_add (scope->sym->nonlocals, (gpointer) s);
}

/* analyze_block: a nonlocal name must be bound in an enclosing function
 * (classes do not count).  `bound` holds the names bound around `s`. */
static void
analyze (Checker        *c,
         const SymScope *s,
         GHashTable     *bound)
{
  g_autoptr (GHashTable) inner = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < s->nonlocals->len && c->error == NULL; i++)
    {
      const LsStmt *stmt = s->nonlocals->pdata[i];
      for (guint j = 0; j < stmt->names.n_names; j++)
        if (!g_hash_table_contains (bound, stmt->names.names[j]))
          {
            fail (c, LS_SYNTAX_ERROR_INVALID, &stmt->span, "no binding for nonlocal '%s' found",
                  stmt->names.names[j]);
            return;
          }
    }

  if (s->kind != SCOPE_MODULE)
    {
      g_hash_table_iter_init (&iter, bound);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (inner, key);
    }
  if (s->kind == SCOPE_FUNCTION || s->kind == SCOPE_LAMBDA || s->kind == SCOPE_COMPREHENSION)
    {
      g_hash_table_iter_init (&iter, s->flags);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint flags = GPOINTER_TO_UINT (value);
          if (flags & DEF_GLOBAL)
            g_hash_table_remove (inner, key);
          else if ((flags & (DEF_LOCAL | DEF_PARAM)) && !(flags & DEF_NONLOCAL))
            g_hash_table_add (inner, key);
        }
    }
  for (guint i = 0; i < s->children->len && c->error == NULL; i++)
    analyze (c, s->children->pdata[i], inner);
}

static gboolean
target_binds (const LsExpr *target,
              const char   *name)
{
  switch (target->kind)
    {
    case LS_EXPR_NAME:
      return strcmp (target->name.id, name) == 0;
    case LS_EXPR_STARRED:
      return target_binds (target->starred.value, name);
    case LS_EXPR_TUPLE:
    case LS_EXPR_LIST:
      for (guint i = 0; i < target->seq.n_elts; i++)
        if (target_binds (target->seq.elts[i], name))
          return TRUE;
      return FALSE;
    default:
      return FALSE;
    }
}

/* symtable_extend_namedexpr_scope and friends: where a walrus may not be. */
static void
check_named_expr (Checker      *c,
                  const Scope  *scope,
                  const LsExpr *e)
{
  const char *name = e->named_expr.target->name.id;

  if (c->comp_iter > 0)
    {
      fail (c, LS_SYNTAX_ERROR_INVALID, &e->span,
            "assignment expression cannot be used in a comprehension iterable expression");
      return;
    }
  for (const Scope *s = scope; s->kind == SCOPE_COMPREHENSION; s = s->parent)
    {
      const LsComprehension *gens = s->comp->kind == LS_EXPR_DICT_COMP
                                    ? s->comp->dict_comp.generators : s->comp->comp.generators;
      guint n = s->comp->kind == LS_EXPR_DICT_COMP
                ? s->comp->dict_comp.n_generators : s->comp->comp.n_generators;
      for (guint i = 0; i < n; i++)
        if (target_binds (gens[i].target, name))
          {
            fail (c, LS_SYNTAX_ERROR_INVALID, &e->span,
                  "assignment expression cannot rebind comprehension iteration variable '%s'", name);
            return;
          }
      if (s->parent->kind == SCOPE_CLASS)
        {
          fail (c, LS_SYNTAX_ERROR_INVALID, &e->span,
                "assignment expression within a comprehension cannot be used in a class body");
          return;
        }
    }
}

/* Defaults and annotations belong to the enclosing scope. */
static void
check_arguments_outside (Checker           *c,
                         const Scope       *scope,
                         const LsArguments *a,
                         gboolean           annotations)
{
  check_exprs (c, scope, a->defaults, a->n_defaults, FALSE);
  check_exprs (c, scope, a->kw_defaults, a->n_kwonlyargs, FALSE);
  if (!annotations)
    return;
  for (guint i = 0; i < a->n_posonlyargs; i++)
    if (a->posonlyargs[i].annotation)
      check_expr (c, scope, a->posonlyargs[i].annotation, FALSE);
  for (guint i = 0; i < a->n_args; i++)
    if (a->args[i].annotation)
      check_expr (c, scope, a->args[i].annotation, FALSE);
  if (a->vararg != NULL && a->vararg->annotation != NULL)
    check_expr (c, scope, a->vararg->annotation, TRUE);
  for (guint i = 0; i < a->n_kwonlyargs; i++)
    if (a->kwonlyargs[i].annotation)
      check_expr (c, scope, a->kwonlyargs[i].annotation, FALSE);
  if (a->kwarg != NULL && a->kwarg->annotation != NULL)
    check_expr (c, scope, a->kwarg->annotation, FALSE);
}

/* The first iterable of a comprehension is evaluated outside it; the rest
 * runs in the comprehension's own scope. */
static void
check_comprehension (Checker               *c,
                     const Scope           *scope,
                     const LsExpr          *e,
                     const LsExpr          *elt,
                     const LsExpr          *value,
                     const LsComprehension *gens,
                     guint                  n)
{
  Scope inner = { SCOPE_COMPREHENSION, FALSE, e, scope,
                  sym_scope_new (c, SCOPE_COMPREHENSION, scope) };

  for (guint i = 0; i < n; i++)
    {
      c->comp_iter++;
      check_expr (c, i == 0 ? scope : &inner, gens[i].iter, FALSE);
      c->comp_iter--;
      check_expr (c, &inner, gens[i].target, FALSE);
      check_exprs (c, &inner, gens[i].ifs, gens[i].n_ifs, FALSE);
      if (gens[i].is_async && !c->symtable)
        check_async_comprehension (c, &inner);
    }
  check_expr (c, &inner, elt, FALSE);
  if (value != NULL)
    check_expr (c, &inner, value, FALSE);
}

static void check_expr_kind (Checker *c, const Scope *scope, const LsExpr *e, gboolean star_ok);

static void
check_expr (Checker      *c,
            const Scope  *scope,
            const LsExpr *e,
            gboolean      star_ok)
{
  if (c->error != NULL || e == NULL)
    return;
  if (c->depth >= MAX_EXPR_DEPTH)
    {
      fail (c, LS_SYNTAX_ERROR_RECURSION, &e->span, "maximum recursion depth exceeded during compilation");
      return;
    }
  c->depth++;
  check_expr_kind (c, scope, e, star_ok);
  c->depth--;
}

static void
check_expr_kind (Checker      *c,
                 const Scope  *scope,
                 const LsExpr *e,
                 gboolean      star_ok)
{
  switch (e->kind)
    {
    case LS_EXPR_BOOL_OP:
      check_exprs (c, scope, e->bool_op.values, e->bool_op.n_values, FALSE);
      break;
    case LS_EXPR_NAMED_EXPR:
      if (c->symtable)
        check_named_expr (c, scope, e);
      check_expr (c, scope, e->named_expr.value, FALSE);
      /* The target belongs to the code around the comprehensions. */
      if (c->symtable)
        sym_add (enclosing_code (scope), e->named_expr.target->name.id, DEF_LOCAL);
      break;
    case LS_EXPR_BIN_OP:
      check_expr (c, scope, e->bin_op.left, FALSE);
      check_expr (c, scope, e->bin_op.right, FALSE);
      break;
    case LS_EXPR_UNARY_OP:
      check_expr (c, scope, e->unary_op.operand, FALSE);
      break;
    case LS_EXPR_LAMBDA:
      {
        Scope inner = { SCOPE_LAMBDA, FALSE, NULL, scope, sym_scope_new (c, SCOPE_LAMBDA, scope) };
        if (c->symtable)
          {
            check_duplicate_args (c, e->lambda.args);
            bind_params (&inner, e->lambda.args);
          }
        check_arguments_outside (c, scope, e->lambda.args, FALSE);
        check_expr (c, &inner, e->lambda.body, FALSE);
        break;
      }
    case LS_EXPR_IF_EXP:
      check_expr (c, scope, e->if_exp.test, FALSE);
      check_expr (c, scope, e->if_exp.body, FALSE);
      check_expr (c, scope, e->if_exp.orelse, FALSE);
      break;
    case LS_EXPR_DICT:
      for (guint i = 0; i < e->dict.n; i++)
        {
          check_expr (c, scope, e->dict.keys[i], FALSE);
          check_expr (c, scope, e->dict.values[i], FALSE);
        }
      break;
    case LS_EXPR_SET:
    case LS_EXPR_LIST:
    case LS_EXPR_TUPLE:
      check_exprs (c, scope, e->seq.elts, e->seq.n_elts, TRUE);
      break;
    case LS_EXPR_LIST_COMP:
    case LS_EXPR_SET_COMP:
    case LS_EXPR_GENERATOR_EXP:
      check_comprehension (c, scope, e, e->comp.elt, NULL, e->comp.generators,
                           e->comp.n_generators);
      break;
    case LS_EXPR_DICT_COMP:
      check_comprehension (c, scope, e, e->dict_comp.key, e->dict_comp.value,
                           e->dict_comp.generators, e->dict_comp.n_generators);
      break;
    case LS_EXPR_AWAIT:
      check_await (c, scope, e);
      check_expr (c, scope, e->unary.value, FALSE);
      break;
    case LS_EXPR_YIELD:
    case LS_EXPR_YIELD_FROM:
      check_yield (c, scope, e);
      check_expr (c, scope, e->unary.value, FALSE);
      break;
    case LS_EXPR_COMPARE:
      check_expr (c, scope, e->compare.left, FALSE);
      check_exprs (c, scope, e->compare.comparators, e->compare.n, FALSE);
      break;
    case LS_EXPR_CALL:
      check_expr (c, scope, e->call.func, FALSE);
      check_exprs (c, scope, e->call.args, e->call.n_args, TRUE);
      check_keywords (c, scope, e->call.keywords, e->call.n_keywords);
      break;
    case LS_EXPR_FORMATTED_VALUE:
      check_expr (c, scope, e->formatted_value.value, FALSE);
      check_expr (c, scope, e->formatted_value.format_spec, FALSE);
      break;
    case LS_EXPR_JOINED_STR:
      check_exprs (c, scope, e->joined_str.values, e->joined_str.n_values, FALSE);
      break;
    case LS_EXPR_ATTRIBUTE:
      check_expr (c, scope, e->attribute.value, FALSE);
      break;
    case LS_EXPR_SUBSCRIPT:
      check_expr (c, scope, e->subscript.value, FALSE);
      check_expr (c, scope, e->subscript.slice, FALSE);
      break;
    case LS_EXPR_STARRED:
      if (!star_ok && !c->symtable)
        {
          if (e->starred.ctx == LS_CTX_STORE)
            fail (c, LS_SYNTAX_ERROR_INVALID, &e->span,
                  "starred assignment target must be in a list or tuple");
          else
            fail (c, LS_SYNTAX_ERROR_INVALID, &e->span, "can't use starred expression here");
        }
      check_expr (c, scope, e->starred.value, FALSE);
      break;
    case LS_EXPR_SLICE:
      check_expr (c, scope, e->slice.lower, FALSE);
      check_expr (c, scope, e->slice.upper, FALSE);
      check_expr (c, scope, e->slice.step, FALSE);
      break;
    case LS_EXPR_NAME:
      sym_add (scope, e->name.id, e->name.ctx == LS_CTX_LOAD ? USE : DEF_LOCAL);
      break;
    case LS_EXPR_CONSTANT:
    default:
      break;
    }
}

/* `a, *b, *c = d`: one starred target per level at most. */
static void
check_target (Checker      *c,
              const Scope  *scope,
              const LsExpr *target)
{
  if (!c->symtable && (target->kind == LS_EXPR_TUPLE || target->kind == LS_EXPR_LIST))
    {
      guint stars = 0;
      for (guint i = 0; i < target->seq.n_elts; i++)
        stars += target->seq.elts[i]->kind == LS_EXPR_STARRED;
      if (stars > 1)
        fail (c, LS_SYNTAX_ERROR_INVALID, &target->span,
              "multiple starred expressions in assignment");
    }
  check_expr (c, scope, target, FALSE);
}

static void
check_function (Checker      *c,
                const Scope  *scope,
                const LsStmt *s)
{
  Scope inner = { SCOPE_FUNCTION, s->function_def.is_async, NULL, scope,
                  sym_scope_new (c, SCOPE_FUNCTION, scope) };

  check_exprs (c, scope, s->function_def.decorator_list, s->function_def.n_decorators, FALSE);
  if (c->symtable)
    {
      check_duplicate_args (c, s->function_def.args);
      sym_add (scope, s->function_def.name, DEF_LOCAL);
      bind_params (&inner, s->function_def.args);
    }
  check_arguments_outside (c, scope, s->function_def.args, TRUE);
  check_expr (c, scope, s->function_def.returns, FALSE);
  check_stmts (c, &inner, FALSE, s->function_def.body, s->function_def.n_body);
}

static void
check_stmt (Checker      *c,
            const Scope  *scope,
            gboolean      in_loop,
            const LsStmt *s)
{
  switch (s->kind)
    {
    case LS_STMT_FUNCTION_DEF:
      check_function (c, scope, s);
      break;
    case LS_STMT_CLASS_DEF:
      {
        Scope inner = { SCOPE_CLASS, FALSE, NULL, scope, sym_scope_new (c, SCOPE_CLASS, scope) };
        sym_add (scope, s->class_def.name, DEF_LOCAL);
        check_exprs (c, scope, s->class_def.decorator_list, s->class_def.n_decorators, FALSE);
        check_exprs (c, scope, s->class_def.bases, s->class_def.n_bases, TRUE);
        check_keywords (c, scope, s->class_def.keywords, s->class_def.n_keywords);
        check_stmts (c, &inner, FALSE, s->class_def.body, s->class_def.n_body);
        break;
      }
    case LS_STMT_RETURN:
      if (!c->symtable && (scope->kind == SCOPE_MODULE || scope->kind == SCOPE_CLASS))
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "'return' outside function");
      check_expr (c, scope, s->return_.value, FALSE);
      break;
    case LS_STMT_DELETE:
      check_exprs (c, scope, s->delete_.targets, s->delete_.n_targets, FALSE);
      break;
    case LS_STMT_ASSIGN:
      check_expr (c, scope, s->assign.value, FALSE);
      for (guint i = 0; i < s->assign.n_targets; i++)
        check_target (c, scope, s->assign.targets[i]);
      break;
    case LS_STMT_AUG_ASSIGN:
      check_expr (c, scope, s->aug_assign.target, FALSE);
      check_expr (c, scope, s->aug_assign.value, FALSE);
      break;
    case LS_STMT_ANN_ASSIGN:
      if (s->ann_assign.simple && s->ann_assign.target->kind == LS_EXPR_NAME)
        sym_add (scope, s->ann_assign.target->name.id, DEF_ANNOT);
      check_expr (c, scope, s->ann_assign.target, FALSE);
      check_expr (c, scope, s->ann_assign.annotation, FALSE);
      check_expr (c, scope, s->ann_assign.value, FALSE);
      break;
    case LS_STMT_FOR:
      if (s->for_.is_async && !c->symtable)
        {
          const Scope *code = enclosing_code (scope);
          if (!(code->kind == SCOPE_FUNCTION && code->is_async))
            fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "'async for' outside async function");
          else
            fail (c, LS_SYNTAX_ERROR_UNSUPPORTED, &s->span,
                  "Loopscope does not support 'async for'");
        }
      check_expr (c, scope, s->for_.iter, FALSE);
      check_target (c, scope, s->for_.target);
      check_stmts (c, scope, TRUE, s->for_.body, s->for_.n_body);
      check_stmts (c, scope, in_loop, s->for_.orelse, s->for_.n_orelse);
      break;
    case LS_STMT_WHILE:
      check_expr (c, scope, s->cond.test, FALSE);
      check_stmts (c, scope, TRUE, s->cond.body, s->cond.n_body);
      check_stmts (c, scope, in_loop, s->cond.orelse, s->cond.n_orelse);
      break;
    case LS_STMT_IF:
      check_expr (c, scope, s->cond.test, FALSE);
      check_stmts (c, scope, in_loop, s->cond.body, s->cond.n_body);
      check_stmts (c, scope, in_loop, s->cond.orelse, s->cond.n_orelse);
      break;
    case LS_STMT_WITH:
      if (s->with.is_async && !c->symtable)
        {
          const Scope *code = enclosing_code (scope);
          if (!(code->kind == SCOPE_FUNCTION && code->is_async))
            fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "'async with' outside async function");
        }
      for (guint i = 0; i < s->with.n_items; i++)
        {
          check_expr (c, scope, s->with.items[i].context_expr, FALSE);
          if (s->with.items[i].optional_vars != NULL)
            check_target (c, scope, s->with.items[i].optional_vars);
        }
      check_stmts (c, scope, in_loop, s->with.body, s->with.n_body);
      break;
    case LS_STMT_RAISE:
      check_expr (c, scope, s->raise.exc, FALSE);
      check_expr (c, scope, s->raise.cause, FALSE);
      break;
    case LS_STMT_TRY:
      check_stmts (c, scope, in_loop, s->try_.body, s->try_.n_body);
      for (guint i = 0; i < s->try_.n_handlers; i++)
        {
          check_expr (c, scope, s->try_.handlers[i].type, FALSE);
          if (s->try_.handlers[i].name != NULL)
            sym_add (scope, s->try_.handlers[i].name, DEF_LOCAL);
          check_stmts (c, scope, in_loop, s->try_.handlers[i].body, s->try_.handlers[i].n_body);
        }
      check_stmts (c, scope, in_loop, s->try_.orelse, s->try_.n_orelse);
      check_stmts (c, scope, in_loop, s->try_.finalbody, s->try_.n_finalbody);
      break;
    case LS_STMT_ASSERT:
      check_expr (c, scope, s->assert_.test, FALSE);
      check_expr (c, scope, s->assert_.msg, FALSE);
      break;
    case LS_STMT_GLOBAL:
    case LS_STMT_NONLOCAL:
      if (c->symtable)
        check_declaration (c, scope, s);
      break;
    case LS_STMT_IMPORT:
    case LS_STMT_IMPORT_FROM:
      {
        const LsAlias *names = s->kind == LS_STMT_IMPORT ? s->import.names : s->import_from.names;
        guint n = s->kind == LS_STMT_IMPORT ? s->import.n_names : s->import_from.n_names;
        for (guint i = 0; i < n && c->symtable; i++)
          bind_alias (scope, &names[i]);
        break;
      }
    case LS_STMT_EXPR:
      check_expr (c, scope, s->expr.value, FALSE);
      break;
    case LS_STMT_BREAK:
      if (!in_loop && !c->symtable)
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "'break' outside loop");
      break;
    case LS_STMT_CONTINUE:
      if (!in_loop && !c->symtable)
        fail (c, LS_SYNTAX_ERROR_INVALID, &s->span, "'continue' not properly in loop");
      break;
    case LS_STMT_PASS:
    default:
      break;
    }
}

static void
check_stmts (Checker       *c,
             const Scope   *scope,
             gboolean       in_loop,
             LsStmt *const *stmts,
             guint          n)
{
  for (guint i = 0; i < n && c->error == NULL; i++)
    check_stmt (c, scope, in_loop, stmts[i]);
}

gboolean
ls_ast_check (const LsAst *ast,
              GError     **error)
{
  Checker c = { NULL, TRUE, g_ptr_array_new_with_free_func (sym_scope_free), 0 };
  Scope module = { SCOPE_MODULE, FALSE, NULL, NULL, sym_scope_new (&c, SCOPE_MODULE, NULL) };

  check_stmts (&c, &module, FALSE, ast->body, ast->n_body);
  if (c.error == NULL)
    {
      g_autoptr (GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
      analyze (&c, module.sym, none);
    }
  g_ptr_array_unref (c.sym_scopes);
  module.sym = NULL;
  if (c.error == NULL)
    {
      c.symtable = FALSE;
      check_stmts (&c, &module, FALSE, ast->body, ast->n_body);
    }
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      return FALSE;
    }
  return TRUE;
}
