/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-symtable.c — scopes of names, as CPython's Python/symtable.c.
 *
 * Two steps, as CPython: a walk over the tree records how every scope uses
 * every name (LsDefFlags), then an analysis from the module down decides
 * where each name lives (LsNameScope), passing the names bound in enclosing
 * functions down and the free names of inner scopes up.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-symtable.h"
#include "ls-syntax-error.h"

struct _LsSymtable
{
  LsScope      *top;
  LsScope      *cur;
  GHashTable   *by_node;     /* node -> LsScope*; lookups only */
  GStringChunk *strings;     /* mangled names */
  const char   *private_name;/* the enclosing class's name, for mangling */
  GError       *error;       /* the first error; the walk goes on harmlessly after it */
};

static void visit_expr  (LsSymtable *st, const LsExpr *e);
static void visit_stmts (LsSymtable *st, LsStmt *const *stmts, guint n);

/* --- errors -------------------------------------------------------------- */

static void error_at (LsSymtable *st, LsSpan span, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
error_at (LsSymtable  *st,
          LsSpan       span,
          const char  *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (st->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  ls_set_syntax_error (&st->error, LS_SYNTAX_ERROR_INVALID, span.line, span.col, "%s", message);
}

/* --- scopes -------------------------------------------------------------- */

static LsScope *
scope_new (LsBlockType   type,
           const char   *name,
           gconstpointer node,
           gint32        line,
           LsScope      *parent)
{
  LsScope *scope = g_new0 (LsScope, 1);

  scope->type = type;
  scope->name = name;
  scope->node = node;
  scope->line = line;
  scope->parent = parent;
  scope->children = g_ptr_array_new ();
  scope->symbols = g_array_new (FALSE, TRUE, sizeof (LsSymbol));
  scope->index = g_hash_table_new (g_str_hash, g_str_equal);
  scope->varnames = g_ptr_array_new ();
  return scope;
}

static void
scope_free (LsScope *scope)
{
  for (guint i = 0; i < scope->children->len; i++)
    scope_free (g_ptr_array_index (scope->children, i));
  g_ptr_array_unref (scope->children);
  g_array_unref (scope->symbols);
  g_hash_table_unref (scope->index);
  g_ptr_array_unref (scope->varnames);
  g_free (scope);
}

const LsSymbol *
ls_scope_find (const LsScope *scope,
               const char    *name)
{
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (scope->index, name));

  return pos == 0 ? NULL : &g_array_index (scope->symbols, LsSymbol, pos - 1);
}

LsNameScope
ls_scope_get_scope (const LsScope *scope,
                    const char    *name)
{
  const LsSymbol *sym = ls_scope_find (scope, name);

  return sym != NULL ? sym->scope : LS_SCOPE_NONE;
}

static LsSymbol *
scope_ensure (LsScope    *scope,
              const char *name)
{
  LsSymbol *sym = (LsSymbol *) ls_scope_find (scope, name);
  LsSymbol fresh = { name, 0, LS_SCOPE_NONE };

  if (sym != NULL)
    return sym;
  g_array_append_val (scope->symbols, fresh);
  g_hash_table_insert (scope->index, (gpointer) name, GUINT_TO_POINTER (scope->symbols->len));
  return &g_array_index (scope->symbols, LsSymbol, scope->symbols->len - 1);
}

static guint
scope_flags (const LsScope *scope,
             const char    *name)
{
  const LsSymbol *sym = ls_scope_find (scope, name);

  return sym != NULL ? sym->flags : 0;
}

static void
enter_block (LsSymtable   *st,
             LsBlockType   type,
             const char   *name,
             gconstpointer node,
             gint32        line)
{
  LsScope *scope = scope_new (type, name, node, line, st->cur);

  g_ptr_array_add (st->cur->children, scope);
  g_hash_table_insert (st->by_node, (gpointer) node, scope);
  st->cur = scope;
}

static void
exit_block (LsSymtable *st)
{
  st->cur = st->cur->parent;
}

/* --- mangling ------------------------------------------------------------ */

const char *
ls_symtable_mangle (LsSymtable *self,
                    const char *private_name,
                    const char *name)
{
  gsize len = strlen (name);
  g_autofree char *mangled = NULL;

  /* Only `__x` inside a class, and not dunders or dotted import names. */
  if (private_name == NULL || len < 2 || name[0] != '_' || name[1] != '_')
    return name;
  if ((len >= 4 && name[len - 1] == '_' && name[len - 2] == '_') || strchr (name, '.') != NULL)
    return name;
  while (*private_name == '_')
    private_name++;
  if (*private_name == '\0')
    return name;
  mangled = g_strconcat ("_", private_name, name, NULL);
  return g_string_chunk_insert_const (self->strings, mangled);
}

/* --- recording uses ------------------------------------------------------ */

/* symtable_add_def_helper(): records `flag` for `name` in `scope`. */
static void
add_def_in (LsSymtable *st,
            LsScope    *scope,
            const char *name,
            guint       flag,
            LsSpan      span)
{
  const char *mangled = ls_symtable_mangle (st, st->private_name, name);
  LsSymbol *sym = scope_ensure (scope, mangled);

  if ((flag & LS_DEF_PARAM) && (sym->flags & LS_DEF_PARAM))
    error_at (st, span, "duplicate argument '%s' in function definition", name);
  if (scope->comp_iter_target)
    {
      if ((sym->flags | flag) & (LS_DEF_GLOBAL | LS_DEF_NONLOCAL))
        error_at (st, span, "comprehension inner loop cannot rebind assignment expression target '%s'", name);
      flag |= LS_DEF_COMP_ITER;
    }
  sym->flags |= flag;
  if (flag & LS_DEF_PARAM)
    g_ptr_array_add (scope->varnames, (gpointer) mangled);
  else if (flag & LS_DEF_GLOBAL)
    scope_ensure (st->top, mangled)->flags |= flag;   /* the module sees it too */
}

static void
add_def (LsSymtable *st,
         const char *name,
         guint       flag,
         LsSpan      span)
{
  add_def_in (st, st->cur, name, flag, span);
}

/* `(y := f(x))` inside a comprehension binds y in the enclosing function
 * (or module), not in the comprehension: symtable_extend_namedexpr_scope(). */
static void
extend_namedexpr_scope (LsSymtable   *st,
                        const LsExpr *target)
{
  const char *name = target->name.id;

  for (LsScope *scope = st->cur; scope != NULL; scope = scope->parent)
    {
      if (scope->is_comprehension)
        {
          if (scope_flags (scope, name) & LS_DEF_COMP_ITER)
            error_at (st, target->span, "assignment expression cannot rebind comprehension iteration variable '%s'", name);
          continue;
        }
      if (scope->type == LS_BLOCK_FUNCTION)
        {
          guint in_scope = scope_flags (scope, name);
          add_def (st, name, (in_scope & LS_DEF_GLOBAL) ? LS_DEF_GLOBAL : LS_DEF_NONLOCAL, target->span);
          add_def_in (st, scope, name, LS_DEF_LOCAL, target->span);
          return;
        }
      if (scope->type == LS_BLOCK_MODULE)
        {
          add_def (st, name, LS_DEF_GLOBAL, target->span);
          add_def_in (st, scope, name, LS_DEF_GLOBAL, target->span);
          return;
        }
      error_at (st, target->span, "assignment expression within a comprehension cannot be used in a class body");
      return;
    }
}

/* --- the walk ------------------------------------------------------------ */

static void
visit_exprs (LsSymtable    *st,
             LsExpr *const *exprs,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    if (exprs[i] != NULL)
      visit_expr (st, exprs[i]);
}

static void
visit_keywords (LsSymtable      *st,
                const LsKeyword *keywords,
                guint            n)
{
  for (guint i = 0; i < n; i++)
    visit_expr (st, keywords[i].value);
}

static void
visit_params (LsSymtable  *st,
              const LsArg *args,
              guint        n)
{
  for (guint i = 0; i < n; i++)
    add_def (st, args[i].name, LS_DEF_PARAM, args[i].span);
}

/* Parameters in slot order: positional-only, positional, keyword-only,
 * *args, **kwargs. */
static void
visit_arguments (LsSymtable        *st,
                 const LsArguments *a)
{
  visit_params (st, a->posonlyargs, a->n_posonlyargs);
  visit_params (st, a->args, a->n_args);
  visit_params (st, a->kwonlyargs, a->n_kwonlyargs);
  if (a->vararg != NULL)
    {
      add_def (st, a->vararg->name, LS_DEF_PARAM, a->vararg->span);
      st->cur->has_varargs = TRUE;
    }
  if (a->kwarg != NULL)
    {
      add_def (st, a->kwarg->name, LS_DEF_PARAM, a->kwarg->span);
      st->cur->has_varkeywords = TRUE;
    }
}

/* Defaults are evaluated where the function is defined.  Annotations are
 * never evaluated by Loopscope, so they are not visited at all. */
static void
visit_defaults (LsSymtable        *st,
                const LsArguments *a)
{
  visit_exprs (st, a->defaults, a->n_defaults);
  visit_exprs (st, a->kw_defaults, a->n_kwonlyargs);
}

static void
visit_comp_target (LsSymtable   *st,
                   const LsExpr *target)
{
  st->cur->comp_iter_target = TRUE;
  visit_expr (st, target);
  st->cur->comp_iter_target = FALSE;
}

/* symtable_handle_comprehension(): the first iterator is evaluated in the
 * enclosing scope, everything else in the comprehension's own. */
static void
visit_comprehension (LsSymtable            *st,
                     const LsExpr          *e,
                     const char            *name,
                     const LsComprehension *generators,
                     guint                  n_generators,
                     const LsExpr          *elt,
                     const LsExpr          *value)
{
  const LsComprehension *outermost = &generators[0];
  gboolean is_generator = e->kind == LS_EXPR_GENERATOR_EXP;

  visit_expr (st, outermost->iter);
  enter_block (st, LS_BLOCK_FUNCTION, name, e, e->span.line);
  st->cur->is_comprehension = TRUE;
  if (outermost->is_async)
    st->cur->is_coroutine = TRUE;
  add_def (st, ".0", LS_DEF_PARAM, e->span);
  visit_comp_target (st, outermost->target);
  visit_exprs (st, outermost->ifs, outermost->n_ifs);
  for (guint i = 1; i < n_generators; i++)
    {
      visit_comp_target (st, generators[i].target);
      visit_expr (st, generators[i].iter);
      visit_exprs (st, generators[i].ifs, generators[i].n_ifs);
      if (generators[i].is_async)
        st->cur->is_coroutine = TRUE;
    }
  if (value != NULL)
    visit_expr (st, value);
  visit_expr (st, elt);
  if (st->cur->is_generator)
    {
      static const char *const what[] = { "list comprehension", "set comprehension", "dict comprehension", "generator expression" };
      guint k = e->kind == LS_EXPR_LIST_COMP ? 0 : e->kind == LS_EXPR_SET_COMP ? 1 : e->kind == LS_EXPR_DICT_COMP ? 2 : 3;
      error_at (st, e->span, "'yield' inside %s", what[k]);
    }
  st->cur->is_generator = is_generator;
  exit_block (st);
}

static void
visit_name (LsSymtable   *st,
            const LsExpr *e)
{
  add_def (st, e->name.id, e->name.ctx == LS_CTX_LOAD ? LS_DEF_USE : LS_DEF_LOCAL, e->span);
  /* Zero-argument super() reads the __class__ cell. */
  if (e->name.ctx == LS_CTX_LOAD && st->cur->type == LS_BLOCK_FUNCTION && strcmp (e->name.id, "super") == 0)
    add_def (st, "__class__", LS_DEF_USE, e->span);
}

static void
visit_lambda (LsSymtable   *st,
              const LsExpr *e)
{
  visit_defaults (st, e->lambda.args);
  enter_block (st, LS_BLOCK_FUNCTION, "lambda", e, e->span.line);
  st->cur->is_lambda = TRUE;
  visit_arguments (st, e->lambda.args);
  visit_expr (st, e->lambda.body);
  exit_block (st);
}

static void
visit_expr (LsSymtable   *st,
            const LsExpr *e)
{
  switch (e->kind)
    {
    case LS_EXPR_NAMED_EXPR:
      visit_expr (st, e->named_expr.value);
      if (st->cur->is_comprehension)
        extend_namedexpr_scope (st, e->named_expr.target);
      visit_expr (st, e->named_expr.target);
      break;
    case LS_EXPR_BOOL_OP:
      visit_exprs (st, e->bool_op.values, e->bool_op.n_values);
      break;
    case LS_EXPR_BIN_OP:
      visit_expr (st, e->bin_op.left);
      visit_expr (st, e->bin_op.right);
      break;
    case LS_EXPR_UNARY_OP:
      visit_expr (st, e->unary_op.operand);
      break;
    case LS_EXPR_LAMBDA:
      visit_lambda (st, e);
      break;
    case LS_EXPR_IF_EXP:
      visit_expr (st, e->if_exp.test);
      visit_expr (st, e->if_exp.body);
      visit_expr (st, e->if_exp.orelse);
      break;
    case LS_EXPR_DICT:
      for (guint i = 0; i < e->dict.n; i++)
        {
          if (e->dict.keys[i] != NULL)
            visit_expr (st, e->dict.keys[i]);
          visit_expr (st, e->dict.values[i]);
        }
      break;
    case LS_EXPR_SET:
    case LS_EXPR_LIST:
    case LS_EXPR_TUPLE:
      visit_exprs (st, e->seq.elts, e->seq.n_elts);
      break;
    case LS_EXPR_LIST_COMP:
      visit_comprehension (st, e, "listcomp", e->comp.generators, e->comp.n_generators, e->comp.elt, NULL);
      break;
    case LS_EXPR_SET_COMP:
      visit_comprehension (st, e, "setcomp", e->comp.generators, e->comp.n_generators, e->comp.elt, NULL);
      break;
    case LS_EXPR_GENERATOR_EXP:
      visit_comprehension (st, e, "genexpr", e->comp.generators, e->comp.n_generators, e->comp.elt, NULL);
      break;
    case LS_EXPR_DICT_COMP:
      visit_comprehension (st, e, "dictcomp", e->dict_comp.generators, e->dict_comp.n_generators,
                           e->dict_comp.key, e->dict_comp.value);
      break;
    case LS_EXPR_YIELD:
      if (e->unary.value != NULL)
        visit_expr (st, e->unary.value);
      st->cur->is_generator = TRUE;
      break;
    case LS_EXPR_YIELD_FROM:
      visit_expr (st, e->unary.value);
      st->cur->is_generator = TRUE;
      break;
    case LS_EXPR_AWAIT:
      visit_expr (st, e->unary.value);
      st->cur->is_coroutine = TRUE;
      break;
    case LS_EXPR_COMPARE:
      visit_expr (st, e->compare.left);
      visit_exprs (st, e->compare.comparators, e->compare.n);
      break;
    case LS_EXPR_CALL:
      visit_expr (st, e->call.func);
      visit_exprs (st, e->call.args, e->call.n_args);
      visit_keywords (st, e->call.keywords, e->call.n_keywords);
      break;
    case LS_EXPR_FORMATTED_VALUE:
      visit_expr (st, e->formatted_value.value);
      if (e->formatted_value.format_spec != NULL)
        visit_expr (st, e->formatted_value.format_spec);
      break;
    case LS_EXPR_JOINED_STR:
      visit_exprs (st, e->joined_str.values, e->joined_str.n_values);
      break;
    case LS_EXPR_CONSTANT:
      break;
    case LS_EXPR_ATTRIBUTE:
      visit_expr (st, e->attribute.value);
      break;
    case LS_EXPR_SUBSCRIPT:
      visit_expr (st, e->subscript.value);
      visit_expr (st, e->subscript.slice);
      break;
    case LS_EXPR_STARRED:
      visit_expr (st, e->starred.value);
      break;
    case LS_EXPR_SLICE:
      if (e->slice.lower != NULL)
        visit_expr (st, e->slice.lower);
      if (e->slice.upper != NULL)
        visit_expr (st, e->slice.upper);
      if (e->slice.step != NULL)
        visit_expr (st, e->slice.step);
      break;
    case LS_EXPR_NAME:
      visit_name (st, e);
      break;
    }
}

static void
visit_function_def (LsSymtable   *st,
                    const LsStmt *s)
{
  add_def (st, s->function_def.name, LS_DEF_LOCAL, s->span);
  visit_defaults (st, s->function_def.args);
  visit_exprs (st, s->function_def.decorator_list, s->function_def.n_decorators);
  enter_block (st, LS_BLOCK_FUNCTION, s->function_def.name, s, s->span.line);
  if (s->function_def.is_async)
    st->cur->is_coroutine = TRUE;
  visit_arguments (st, s->function_def.args);
  visit_stmts (st, s->function_def.body, s->function_def.n_body);
  exit_block (st);
}

static void
visit_class_def (LsSymtable   *st,
                 const LsStmt *s)
{
  const char *saved_private = st->private_name;

  add_def (st, s->class_def.name, LS_DEF_LOCAL, s->span);
  visit_exprs (st, s->class_def.bases, s->class_def.n_bases);
  visit_keywords (st, s->class_def.keywords, s->class_def.n_keywords);
  visit_exprs (st, s->class_def.decorator_list, s->class_def.n_decorators);
  enter_block (st, LS_BLOCK_CLASS, s->class_def.name, s, s->span.line);
  st->private_name = s->class_def.name;
  visit_stmts (st, s->class_def.body, s->class_def.n_body);
  st->private_name = saved_private;
  exit_block (st);
}

/* `global x` / `nonlocal x`: CPython refuses a declaration that comes after
 * the name was already used in the scope. */
static void
visit_declaration (LsSymtable   *st,
                   const LsStmt *s,
                   gboolean      is_global)
{
  const char *what = is_global ? "global" : "nonlocal";

  for (guint i = 0; i < s->names.n_names; i++)
    {
      const char *name = s->names.names[i];
      guint cur = scope_flags (st->cur, ls_symtable_mangle (st, st->private_name, name));

      if (cur & (LS_DEF_PARAM | LS_DEF_LOCAL | LS_DEF_USE | LS_DEF_ANNOT))
        {
          if (cur & LS_DEF_PARAM)
            error_at (st, s->span, "name '%s' is parameter and %s", name, what);
          else if (cur & LS_DEF_USE)
            error_at (st, s->span, "name '%s' is used prior to %s declaration", name, what);
          else if (cur & LS_DEF_ANNOT)
            error_at (st, s->span, "annotated name '%s' can't be %s", name, what);
          else
            error_at (st, s->span, "name '%s' is assigned to before %s declaration", name, what);
          return;
        }
      if (!is_global && st->cur->type == LS_BLOCK_MODULE)
        {
          error_at (st, s->span, "nonlocal declaration not allowed at module level");
          return;
        }
      add_def (st, name, is_global ? LS_DEF_GLOBAL : LS_DEF_NONLOCAL, s->span);
    }
}

static void
visit_ann_assign (LsSymtable   *st,
                  const LsStmt *s)
{
  const LsExpr *target = s->ann_assign.target;

  if (target->kind != LS_EXPR_NAME)
    visit_expr (st, target);
  else
    {
      guint cur = scope_flags (st->cur, ls_symtable_mangle (st, st->private_name, target->name.id));

      if ((cur & (LS_DEF_GLOBAL | LS_DEF_NONLOCAL)) && st->cur != st->top && s->ann_assign.simple)
        {
          error_at (st, s->span, (cur & LS_DEF_GLOBAL) ? "annotated name '%s' can't be global"
                                                      : "annotated name '%s' can't be nonlocal",
                    target->name.id);
          return;
        }
      if (s->ann_assign.simple)
        add_def (st, target->name.id, LS_DEF_ANNOT | LS_DEF_LOCAL, target->span);
      else if (s->ann_assign.value != NULL)
        add_def (st, target->name.id, LS_DEF_LOCAL, target->span);
    }
  if (s->ann_assign.value != NULL)
    visit_expr (st, s->ann_assign.value);
}

/* `import a.b` binds `a`; `import a.b as c` binds `c`. */
static void
visit_alias (LsSymtable    *st,
             const LsAlias *alias)
{
  const char *dot;
  g_autofree char *top = NULL;

  if (alias->asname != NULL)
    {
      add_def (st, alias->asname, LS_DEF_IMPORT, alias->span);
      return;
    }
  if (strcmp (alias->name, "*") == 0)
    {
      if (st->cur->type != LS_BLOCK_MODULE)
        error_at (st, alias->span, "import * only allowed at module level");
      return;
    }
  dot = strchr (alias->name, '.');
  if (dot == NULL)
    {
      add_def (st, alias->name, LS_DEF_IMPORT, alias->span);
      return;
    }
  top = g_strndup (alias->name, dot - alias->name);
  add_def (st, g_string_chunk_insert_const (st->strings, top), LS_DEF_IMPORT, alias->span);
}

static void
visit_handlers (LsSymtable            *st,
                const LsExceptHandler *handlers,
                guint                  n)
{
  for (guint i = 0; i < n; i++)
    {
      if (handlers[i].type != NULL)
        visit_expr (st, handlers[i].type);
      if (handlers[i].name != NULL)
        add_def (st, handlers[i].name, LS_DEF_LOCAL, handlers[i].span);
      visit_stmts (st, handlers[i].body, handlers[i].n_body);
    }
}

static void
visit_stmt (LsSymtable   *st,
            const LsStmt *s)
{
  switch (s->kind)
    {
    case LS_STMT_FUNCTION_DEF:
      visit_function_def (st, s);
      break;
    case LS_STMT_CLASS_DEF:
      visit_class_def (st, s);
      break;
    case LS_STMT_RETURN:
      if (s->return_.value != NULL)
        visit_expr (st, s->return_.value);
      break;
    case LS_STMT_DELETE:
      visit_exprs (st, s->delete_.targets, s->delete_.n_targets);
      break;
    case LS_STMT_ASSIGN:
      visit_exprs (st, s->assign.targets, s->assign.n_targets);
      visit_expr (st, s->assign.value);
      break;
    case LS_STMT_AUG_ASSIGN:
      visit_expr (st, s->aug_assign.target);
      visit_expr (st, s->aug_assign.value);
      break;
    case LS_STMT_ANN_ASSIGN:
      visit_ann_assign (st, s);
      break;
    case LS_STMT_FOR:
      visit_expr (st, s->for_.target);
      visit_expr (st, s->for_.iter);
      visit_stmts (st, s->for_.body, s->for_.n_body);
      visit_stmts (st, s->for_.orelse, s->for_.n_orelse);
      break;
    case LS_STMT_WHILE:
    case LS_STMT_IF:
      visit_expr (st, s->cond.test);
      visit_stmts (st, s->cond.body, s->cond.n_body);
      visit_stmts (st, s->cond.orelse, s->cond.n_orelse);
      break;
    case LS_STMT_WITH:
      for (guint i = 0; i < s->with.n_items; i++)
        {
          visit_expr (st, s->with.items[i].context_expr);
          if (s->with.items[i].optional_vars != NULL)
            visit_expr (st, s->with.items[i].optional_vars);
        }
      visit_stmts (st, s->with.body, s->with.n_body);
      break;
    case LS_STMT_RAISE:
      if (s->raise.exc != NULL)
        visit_expr (st, s->raise.exc);
      if (s->raise.cause != NULL)
        visit_expr (st, s->raise.cause);
      break;
    case LS_STMT_TRY:
      visit_stmts (st, s->try_.body, s->try_.n_body);
      visit_stmts (st, s->try_.orelse, s->try_.n_orelse);
      visit_handlers (st, s->try_.handlers, s->try_.n_handlers);
      visit_stmts (st, s->try_.finalbody, s->try_.n_finalbody);
      break;
    case LS_STMT_ASSERT:
      visit_expr (st, s->assert_.test);
      if (s->assert_.msg != NULL)
        visit_expr (st, s->assert_.msg);
      break;
    case LS_STMT_IMPORT:
      for (guint i = 0; i < s->import.n_names; i++)
        visit_alias (st, &s->import.names[i]);
      break;
    case LS_STMT_IMPORT_FROM:
      for (guint i = 0; i < s->import_from.n_names; i++)
        visit_alias (st, &s->import_from.names[i]);
      break;
    case LS_STMT_GLOBAL:
      visit_declaration (st, s, TRUE);
      break;
    case LS_STMT_NONLOCAL:
      visit_declaration (st, s, FALSE);
      break;
    case LS_STMT_EXPR:
      visit_expr (st, s->expr.value);
      break;
    case LS_STMT_PASS:
    case LS_STMT_BREAK:
    case LS_STMT_CONTINUE:
      break;
    }
}

static void
visit_stmts (LsSymtable    *st,
             LsStmt *const *stmts,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    visit_stmt (st, stmts[i]);
}

/* --- analysis ------------------------------------------------------------ */

/* A set of names.  Iterated only through set_sorted(), so nothing depends on
 * hash order. */
typedef GHashTable NameSet;

static NameSet *
set_new (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static NameSet *
set_copy (NameSet *set)
{
  NameSet *copy = set_new ();
  GHashTableIter iter;
  gpointer key;

  if (set == NULL)
    return copy;
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy, key);
  return copy;
}

static void
set_update (NameSet *set,
            NameSet *other)
{
  GHashTableIter iter;
  gpointer key;

  if (other == NULL)
    return;
  g_hash_table_iter_init (&iter, other);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (set, key);
}

static gboolean
set_has (NameSet    *set,
         const char *name)
{
  return set != NULL && g_hash_table_contains (set, name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
set_sorted (NameSet *set)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The statement of the scope's global/nonlocal declaration of `name`, for
 * errors found only by the analysis. */
static LsSpan
find_directive (const LsScope *scope,
                const char    *name);

/* analyze_name(): decides the scope of one name.  `bound` holds the names
 * bound in enclosing functions (NULL at module level), `global` the names
 * declared global above. */
static void
analyze_name (LsSymtable *st,
              LsScope    *scope,
              LsSymbol   *sym,
              NameSet    *bound,
              NameSet    *local,
              NameSet    *free,
              NameSet    *global)
{
  if (sym->flags & LS_DEF_GLOBAL)
    {
      if (sym->flags & LS_DEF_NONLOCAL)
        error_at (st, find_directive (scope, sym->name), "name '%s' is nonlocal and global", sym->name);
      sym->scope = LS_SCOPE_GLOBAL_EXPLICIT;
      g_hash_table_add (global, (gpointer) sym->name);
      if (bound != NULL)
        g_hash_table_remove (bound, sym->name);
    }
  else if (sym->flags & LS_DEF_NONLOCAL)
    {
      if (bound == NULL)
        error_at (st, find_directive (scope, sym->name), "nonlocal declaration not allowed at module level");
      else if (!set_has (bound, sym->name))
        error_at (st, find_directive (scope, sym->name), "no binding for nonlocal '%s' found", sym->name);
      sym->scope = LS_SCOPE_FREE;
      g_hash_table_add (free, (gpointer) sym->name);
    }
  else if (sym->flags & LS_DEF_BOUND)
    {
      sym->scope = LS_SCOPE_LOCAL;
      g_hash_table_add (local, (gpointer) sym->name);
      g_hash_table_remove (global, sym->name);
    }
  else if (set_has (bound, sym->name))
    {
      sym->scope = LS_SCOPE_FREE;
      g_hash_table_add (free, (gpointer) sym->name);
    }
  else
    sym->scope = LS_SCOPE_GLOBAL_IMPLICIT;
}

/* analyze_cells(): locals that inner scopes use become cells. */
static void
analyze_cells (LsScope *scope,
               NameSet *free)
{
  for (guint i = 0; i < scope->symbols->len; i++)
    {
      LsSymbol *sym = &g_array_index (scope->symbols, LsSymbol, i);

      if (sym->scope == LS_SCOPE_LOCAL && set_has (free, sym->name))
        {
          sym->scope = LS_SCOPE_CELL;
          g_hash_table_remove (free, sym->name);
        }
    }
}

/* update_symbols(): free names of inner scopes that this scope neither
 * binds nor declares pass through it as free variables, so the closure
 * can hand the cell down. */
static void
update_symbols (LsScope *scope,
                NameSet *bound,
                NameSet *free,
                gboolean is_class)
{
  g_autoptr (GPtrArray) names = set_sorted (free);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      LsSymbol *sym = (LsSymbol *) ls_scope_find (scope, name);

      if (sym != NULL)
        {
          if (is_class && (sym->flags & (LS_DEF_BOUND | LS_DEF_GLOBAL)))
            sym->flags |= LS_DEF_FREE_CLASS;
          continue;
        }
      if (bound != NULL && !set_has (bound, name))
        continue;   /* a global */
      sym = scope_ensure (scope, name);
      sym->scope = LS_SCOPE_FREE;
    }
}

static void analyze_block (LsSymtable *st, LsScope *scope, NameSet *bound, NameSet *free, NameSet *global);

static void
analyze_children (LsSymtable *st,
                  LsScope    *scope,
                  NameSet    *newbound,
                  NameSet    *newfree,
                  NameSet    *newglobal)
{
  for (guint i = 0; i < scope->children->len; i++)
    {
      LsScope *child = g_ptr_array_index (scope->children, i);
      NameSet *child_bound = set_copy (newbound);
      NameSet *child_free = set_new ();
      NameSet *child_global = set_copy (newglobal);

      analyze_block (st, child, child_bound, child_free, child_global);
      set_update (newfree, child_free);
      g_hash_table_unref (child_bound);
      g_hash_table_unref (child_free);
      g_hash_table_unref (child_global);
    }
}

/* analyze_block(): `bound` is NULL for the module. */
static void
analyze_block (LsSymtable *st,
               LsScope    *scope,
               NameSet    *bound,
               NameSet    *free,
               NameSet    *global)
{
  NameSet *local = set_new ();
  NameSet *newbound = set_new ();
  NameSet *newfree = set_new ();
  NameSet *newglobal = set_new ();

  /* A class body's names are invisible to its methods: they see only
   * what the class itself sees. */
  if (scope->type == LS_BLOCK_CLASS)
    {
      set_update (newglobal, global);
      set_update (newbound, bound);
    }
  for (guint i = 0; i < scope->symbols->len; i++)
    analyze_name (st, scope, &g_array_index (scope->symbols, LsSymbol, i), bound, local, free, global);
  if (scope->type != LS_BLOCK_CLASS)
    {
      if (scope->type == LS_BLOCK_FUNCTION)
        set_update (newbound, local);
      set_update (newbound, bound);
      set_update (newglobal, global);
    }
  else
    g_hash_table_add (newbound, (gpointer) "__class__");
  analyze_children (st, scope, newbound, newfree, newglobal);
  if (scope->type == LS_BLOCK_FUNCTION)
    analyze_cells (scope, newfree);
  else if (scope->type == LS_BLOCK_CLASS && g_hash_table_remove (newfree, "__class__"))
    scope->needs_class_closure = TRUE;
  update_symbols (scope, bound, newfree, scope->type == LS_BLOCK_CLASS);
  set_update (free, newfree);
  g_hash_table_unref (local);
  g_hash_table_unref (newbound);
  g_hash_table_unref (newfree);
  g_hash_table_unref (newglobal);
}

/* --- directives ---------------------------------------------------------- */

/* The analysis reports errors at the declaring statement; find it again
 * in the scope's own statements (not in nested scopes). */
static gboolean
find_in_stmts (LsStmt *const *stmts,
               guint          n,
               const char    *name,
               LsSpan        *span);

static gboolean
find_in_stmt (const LsStmt *s,
              const char   *name,
              LsSpan       *span)
{
  switch (s->kind)
    {
    case LS_STMT_GLOBAL:
    case LS_STMT_NONLOCAL:
      for (guint i = 0; i < s->names.n_names; i++)
        if (strcmp (s->names.names[i], name) == 0)
          {
            *span = s->span;
            return TRUE;
          }
      return FALSE;
    case LS_STMT_FOR:
      return find_in_stmts (s->for_.body, s->for_.n_body, name, span)
             || find_in_stmts (s->for_.orelse, s->for_.n_orelse, name, span);
    case LS_STMT_WHILE:
    case LS_STMT_IF:
      return find_in_stmts (s->cond.body, s->cond.n_body, name, span)
             || find_in_stmts (s->cond.orelse, s->cond.n_orelse, name, span);
    case LS_STMT_WITH:
      return find_in_stmts (s->with.body, s->with.n_body, name, span);
    case LS_STMT_TRY:
      for (guint i = 0; i < s->try_.n_handlers; i++)
        if (find_in_stmts (s->try_.handlers[i].body, s->try_.handlers[i].n_body, name, span))
          return TRUE;
      return find_in_stmts (s->try_.body, s->try_.n_body, name, span)
             || find_in_stmts (s->try_.orelse, s->try_.n_orelse, name, span)
             || find_in_stmts (s->try_.finalbody, s->try_.n_finalbody, name, span);
    default:
      return FALSE;
    }
}

static gboolean
find_in_stmts (LsStmt *const *stmts,
               guint          n,
               const char    *name,
               LsSpan        *span)
{
  for (guint i = 0; i < n; i++)
    if (find_in_stmt (stmts[i], name, span))
      return TRUE;
  return FALSE;
}

static LsSpan
find_directive (const LsScope *scope,
                const char    *name)
{
  LsSpan span = { scope->line, 0, scope->line, 0 };
  const LsStmt *s = scope->node;

  if (scope->type == LS_BLOCK_FUNCTION && !scope->is_lambda && !scope->is_comprehension)
    find_in_stmts (s->function_def.body, s->function_def.n_body, name, &span);
  else if (scope->type == LS_BLOCK_CLASS)
    find_in_stmts (s->class_def.body, s->class_def.n_body, name, &span);
  else if (scope->type == LS_BLOCK_MODULE)
    find_in_stmts (((const LsAst *) scope->node)->body, ((const LsAst *) scope->node)->n_body, name, &span);
  return span;
}

/* --- public -------------------------------------------------------------- */

LsSymtable *
ls_symtable_build (const LsAst *ast,
                   GError     **error)
{
  LsSymtable *st = g_new0 (LsSymtable, 1);
  NameSet *free, *global;

  st->by_node = g_hash_table_new (g_direct_hash, g_direct_equal);
  st->strings = g_string_chunk_new (256);
  st->top = scope_new (LS_BLOCK_MODULE, "top", ast, 1, NULL);
  st->cur = st->top;
  visit_stmts (st, ast->body, ast->n_body);
  free = set_new ();
  global = set_new ();
  if (st->error == NULL)
    analyze_block (st, st->top, NULL, free, global);
  g_hash_table_unref (free);
  g_hash_table_unref (global);
  if (st->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&st->error));
      ls_symtable_free (st);
      return NULL;
    }
  return st;
}

void
ls_symtable_free (LsSymtable *self)
{
  if (self == NULL)
    return;
  scope_free (self->top);
  g_hash_table_unref (self->by_node);
  g_string_chunk_free (self->strings);
  g_clear_error (&self->error);
  g_free (self);
}

const char *
ls_symtable_intern_len (LsSymtable *self,
                        const char *text,
                        gsize       len)
{
  g_autofree char *copy = g_strndup (text, len);

  return g_string_chunk_insert_const (self->strings, copy);
}

LsScope *
ls_symtable_top (LsSymtable *self)
{
  return self->top;
}

LsScope *
ls_symtable_lookup (LsSymtable    *self,
                    gconstpointer  node)
{
  return g_hash_table_lookup (self->by_node, node);
}
