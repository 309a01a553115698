/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-ast.c — the arena a tree lives in, and ast.dump() for tests.
 *
 * The dump is CPython's ast.dump() character for character, so that a test
 * can compare our tree with CPython's by comparing two strings.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-number-format.h"
#include "ls-parser.h"

/* -------------------------------------------------------------------------
 * Arena
 * ---------------------------------------------------------------------- */

#define LS_ARENA_CHUNK 16384
#define LS_ARENA_ALIGN 16

typedef struct _LsArenaChunk LsArenaChunk;

struct _LsArenaChunk
{
  LsArenaChunk *next;
  gsize         used;
  gsize         size;
  /* data follows, aligned */
};

struct _LsArena
{
  LsArenaChunk *chunks;
};

#define CHUNK_HEADER (((sizeof (LsArenaChunk)) + LS_ARENA_ALIGN - 1) & ~(gsize) (LS_ARENA_ALIGN - 1))

LsArena *
ls_arena_new (void)
{
  return g_new0 (LsArena, 1);
}

void
ls_arena_free (LsArena *arena)
{
  if (arena == NULL)
    return;
  for (LsArenaChunk *c = arena->chunks, *next; c != NULL; c = next)
    {
      next = c->next;
      g_free (c);
    }
  g_free (arena);
}

gpointer
ls_arena_alloc (LsArena *arena,
                gsize    size)
{
  LsArenaChunk *c = arena->chunks;

  size = (size + LS_ARENA_ALIGN - 1) & ~(gsize) (LS_ARENA_ALIGN - 1);
  if (size == 0)
    size = LS_ARENA_ALIGN;
  if (c == NULL || c->used + size > c->size)
    {
      gsize chunk_size = MAX (LS_ARENA_CHUNK, size);
      c = g_malloc (CHUNK_HEADER + chunk_size);
      c->used = 0;
      c->size = chunk_size;
      c->next = arena->chunks;
      arena->chunks = c;
    }
  char *p = (char *) c + CHUNK_HEADER + c->used;
  c->used += size;
  memset (p, 0, size);
  return p;
}

gpointer
ls_arena_memdup (LsArena      *arena,
                 gconstpointer data,
                 gsize         size)
{
  gpointer p = ls_arena_alloc (arena, size);

  if (size > 0)
    memcpy (p, data, size);
  return p;
}

char *
ls_arena_strndup (LsArena    *arena,
                  const char *text,
                  gsize       len)
{
  char *p = ls_arena_alloc (arena, len + 1);

  memcpy (p, text, len);
  p[len] = '\0';
  return p;
}

/* -------------------------------------------------------------------------
 * Python reprs
 * ---------------------------------------------------------------------- */

/* str.isprintable() of one code point: GLib's notion minus the separators
 * other than the space and the private use areas, which Python escapes. */
static gboolean
py_isprintable (gunichar ch)
{
  if (ch == ' ')
    return TRUE;
  switch (g_unichar_type (ch))
    {
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE:
      return FALSE;
    default:
      return TRUE;
    }
}

/* repr() of a str: single quotes unless the text has a ' and no ". */
static void
append_str_repr (GString    *out,
                 const char *s,
                 gsize       len)
{
  const char *end = s + len;
  gboolean has_single = memchr (s, '\'', len) != NULL;
  gboolean has_double = memchr (s, '"', len) != NULL;
  char quote = has_single && !has_double ? '"' : '\'';

  g_string_append_c (out, quote);
  while (s < end)
    {
      gunichar ch = g_utf8_get_char_validated (s, end - s);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        ch = (guchar) *s;  /* cannot happen: the lexer checked UTF-8 */
      const char *next = g_utf8_next_char (s);

      if (ch == (gunichar) quote || ch == '\\')
        g_string_append_printf (out, "\\%c", (char) ch);
      else if (ch == '\n')
        g_string_append (out, "\\n");
      else if (ch == '\r')
        g_string_append (out, "\\r");
      else if (ch == '\t')
        g_string_append (out, "\\t");
      else if (ch < ' ' || ch == 0x7f)
        g_string_append_printf (out, "\\x%02x", ch);
      else if (ch < 0x7f)
        g_string_append_c (out, (char) ch);
      else if (py_isprintable (ch))
        g_string_append_len (out, s, next - s);
      else if (ch <= 0xff)
        g_string_append_printf (out, "\\x%02x", ch);
      else if (ch <= 0xffff)
        g_string_append_printf (out, "\\u%04x", ch);
      else
        g_string_append_printf (out, "\\U%08x", ch);
      s = next;
    }
  g_string_append_c (out, quote);
}

/* -------------------------------------------------------------------------
 * ast.dump
 * ---------------------------------------------------------------------- */

typedef struct
{
  GString *out;
  gboolean attributes;
  /* ast.dump() writes "name=" before fields, separated by ", ". */
  gboolean first;
} Dumper;

static void dump_expr (Dumper *d, const LsExpr *e);
static void dump_stmts (Dumper *d, LsStmt *const *stmts, guint n);

static void
field (Dumper     *d,
       const char *name)
{
  if (!d->first)
    g_string_append (d->out, ", ");
  d->first = FALSE;
  g_string_append_printf (d->out, "%s=", name);
}

static void
open_node (Dumper     *d,
           const char *type)
{
  g_string_append_printf (d->out, "%s(", type);
  d->first = TRUE;
}

static void
close_node (Dumper       *d,
            const LsSpan *span)
{
  if (span != NULL && d->attributes)
    {
      field (d, "lineno");
      g_string_append_printf (d->out, "%d", span->line);
      field (d, "col_offset");
      g_string_append_printf (d->out, "%d", span->col);
      field (d, "end_lineno");
      g_string_append_printf (d->out, "%d", span->end_line);
      field (d, "end_col_offset");
      g_string_append_printf (d->out, "%d", span->end_col);
    }
  g_string_append_c (d->out, ')');
  d->first = FALSE;
}

/* A child: saves the "first field" state of the enclosing node. */
static void
expr_field (Dumper       *d,
            const char   *name,
            const LsExpr *e)
{
  if (e == NULL)
    return;  /* optional fields that are None are left out */
  field (d, name);
  gboolean first = d->first;
  dump_expr (d, e);
  d->first = first;
}

static void
expr_list_field (Dumper        *d,
                 const char    *name,
                 LsExpr *const *list,
                 guint          n)
{
  field (d, name);
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      if (list[i] == NULL)
        g_string_append (d->out, "None");
      else
        dump_expr (d, list[i]);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
stmt_list_field (Dumper        *d,
                 const char    *name,
                 LsStmt *const *list,
                 guint          n)
{
  field (d, name);
  dump_stmts (d, list, n);
  d->first = FALSE;
}

static void
str_field (Dumper     *d,
           const char *name,
           const char *value)
{
  if (value == NULL)
    return;
  field (d, name);
  append_str_repr (d->out, value, strlen (value));
}

static void
int_field (Dumper     *d,
           const char *name,
           gint64      value)
{
  field (d, name);
  g_string_append_printf (d->out, "%" G_GINT64_FORMAT, value);
}

static void
raw_field (Dumper     *d,
           const char *name,
           const char *text)
{
  field (d, name);
  g_string_append (d->out, text);
}

static const char *
ctx_text (LsExprContext ctx)
{
  switch (ctx)
    {
    case LS_CTX_STORE: return "Store()";
    case LS_CTX_DEL: return "Del()";
    case LS_CTX_LOAD:
    default: return "Load()";
    }
}

static const char *
binop_text (LsBinaryOp op)
{
  static const char *const names[] = {
    "Add()", "Sub()", "Mult()", "MatMult()", "Div()", "Mod()", "Pow()",
    "LShift()", "RShift()", "BitOr()", "BitXor()", "BitAnd()", "FloorDiv()",
  };
  return names[op];
}

static const char *
unaryop_text (LsUnaryOp op)
{
  static const char *const names[] = { "Invert()", "Not()", "UAdd()", "USub()" };
  return names[op];
}

static const char *
cmpop_text (LsCompareOp op)
{
  static const char *const names[] = {
    "Eq()", "NotEq()", "Lt()", "LtE()", "Gt()", "GtE()", "Is()", "IsNot()",
    "In()", "NotIn()",
  };
  return names[op];
}

static void
dump_arg (Dumper      *d,
          const LsArg *a)
{
  open_node (d, "arg");
  str_field (d, "arg", a->name);
  expr_field (d, "annotation", a->annotation);
  close_node (d, &a->span);
}

static void
arg_list_field (Dumper      *d,
                const char  *name,
                const LsArg *args,
                guint        n)
{
  field (d, name);
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      dump_arg (d, &args[i]);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
dump_arguments (Dumper            *d,
                const LsArguments *a)
{
  open_node (d, "arguments");
  arg_list_field (d, "posonlyargs", a->posonlyargs, a->n_posonlyargs);
  arg_list_field (d, "args", a->args, a->n_args);
  if (a->vararg != NULL)
    {
      field (d, "vararg");
      dump_arg (d, a->vararg);
    }
  arg_list_field (d, "kwonlyargs", a->kwonlyargs, a->n_kwonlyargs);
  expr_list_field (d, "kw_defaults", a->kw_defaults, a->n_kwonlyargs);
  if (a->kwarg != NULL)
    {
      field (d, "kwarg");
      dump_arg (d, a->kwarg);
    }
  expr_list_field (d, "defaults", a->defaults, a->n_defaults);
  close_node (d, NULL);
}

static void
arguments_field (Dumper            *d,
                 const LsArguments *a)
{
  field (d, "args");
  dump_arguments (d, a);
}

static void
keywords_field (Dumper          *d,
                const LsKeyword *kws,
                guint            n)
{
  field (d, "keywords");
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      open_node (d, "keyword");
      str_field (d, "arg", kws[i].arg);
      expr_field (d, "value", kws[i].value);
      close_node (d, &kws[i].span);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
generators_field (Dumper                *d,
                  const LsComprehension *gens,
                  guint                  n)
{
  field (d, "generators");
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      open_node (d, "comprehension");
      expr_field (d, "target", gens[i].target);
      expr_field (d, "iter", gens[i].iter);
      expr_list_field (d, "ifs", gens[i].ifs, gens[i].n_ifs);
      int_field (d, "is_async", gens[i].is_async ? 1 : 0);
      close_node (d, NULL);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
dump_constant (Dumper       *d,
               const LsExpr *e)
{
  field (d, "value");
  switch (e->constant.kind)
    {
    case LS_CONST_NONE: g_string_append (d->out, "None"); break;
    case LS_CONST_TRUE: g_string_append (d->out, "True"); break;
    case LS_CONST_FALSE: g_string_append (d->out, "False"); break;
    case LS_CONST_ELLIPSIS: g_string_append (d->out, "Ellipsis"); break;
    case LS_CONST_INT:
      g_string_append_printf (d->out, "%" G_GINT64_FORMAT, e->constant.i);
      break;
    case LS_CONST_FLOAT: ls_float_repr (d->out, e->constant.f); break;
    case LS_CONST_STR:
      append_str_repr (d->out, e->constant.s.data, e->constant.s.len);
      break;
    default:
      g_assert_not_reached ();
    }
  if (e->constant.kind == LS_CONST_STR && e->constant.u_prefix)
    str_field (d, "kind", "u");
}

static void
dump_expr_fields (Dumper       *d,
                  const LsExpr *e)
{
  switch (e->kind)
    {
    case LS_EXPR_BOOL_OP:
      raw_field (d, "op", e->bool_op.op == LS_BOOL_AND ? "And()" : "Or()");
      expr_list_field (d, "values", e->bool_op.values, e->bool_op.n_values);
      break;
    case LS_EXPR_NAMED_EXPR:
      expr_field (d, "target", e->named_expr.target);
      expr_field (d, "value", e->named_expr.value);
      break;
    case LS_EXPR_BIN_OP:
      expr_field (d, "left", e->bin_op.left);
      raw_field (d, "op", binop_text (e->bin_op.op));
      expr_field (d, "right", e->bin_op.right);
      break;
    case LS_EXPR_UNARY_OP:
      raw_field (d, "op", unaryop_text (e->unary_op.op));
      expr_field (d, "operand", e->unary_op.operand);
      break;
    case LS_EXPR_LAMBDA:
      arguments_field (d, e->lambda.args);
      expr_field (d, "body", e->lambda.body);
      break;
    case LS_EXPR_IF_EXP:
      expr_field (d, "test", e->if_exp.test);
      expr_field (d, "body", e->if_exp.body);
      expr_field (d, "orelse", e->if_exp.orelse);
      break;
    case LS_EXPR_DICT:
      expr_list_field (d, "keys", e->dict.keys, e->dict.n);
      expr_list_field (d, "values", e->dict.values, e->dict.n);
      break;
    case LS_EXPR_SET:
      expr_list_field (d, "elts", e->seq.elts, e->seq.n_elts);
      break;
    case LS_EXPR_LIST_COMP:
    case LS_EXPR_SET_COMP:
    case LS_EXPR_GENERATOR_EXP:
      expr_field (d, "elt", e->comp.elt);
      generators_field (d, e->comp.generators, e->comp.n_generators);
      break;
    case LS_EXPR_DICT_COMP:
      expr_field (d, "key", e->dict_comp.key);
      expr_field (d, "value", e->dict_comp.value);
      generators_field (d, e->dict_comp.generators, e->dict_comp.n_generators);
      break;
    case LS_EXPR_AWAIT:
    case LS_EXPR_YIELD:
    case LS_EXPR_YIELD_FROM:
      expr_field (d, "value", e->unary.value);
      break;
    case LS_EXPR_COMPARE:
      expr_field (d, "left", e->compare.left);
      field (d, "ops");
      g_string_append_c (d->out, '[');
      for (guint i = 0; i < e->compare.n; i++)
        g_string_append_printf (d->out, "%s%s", i > 0 ? ", " : "", cmpop_text (e->compare.ops[i]));
      g_string_append_c (d->out, ']');
      expr_list_field (d, "comparators", e->compare.comparators, e->compare.n);
      break;
    case LS_EXPR_CALL:
      expr_field (d, "func", e->call.func);
      expr_list_field (d, "args", e->call.args, e->call.n_args);
      keywords_field (d, e->call.keywords, e->call.n_keywords);
      break;
    case LS_EXPR_FORMATTED_VALUE:
      expr_field (d, "value", e->formatted_value.value);
      int_field (d, "conversion", e->formatted_value.conversion);
      expr_field (d, "format_spec", e->formatted_value.format_spec);
      break;
    case LS_EXPR_JOINED_STR:
      expr_list_field (d, "values", e->joined_str.values, e->joined_str.n_values);
      break;
    case LS_EXPR_CONSTANT:
      dump_constant (d, e);
      break;
    case LS_EXPR_ATTRIBUTE:
      expr_field (d, "value", e->attribute.value);
      str_field (d, "attr", e->attribute.attr);
      raw_field (d, "ctx", ctx_text (e->attribute.ctx));
      break;
    case LS_EXPR_SUBSCRIPT:
      expr_field (d, "value", e->subscript.value);
      expr_field (d, "slice", e->subscript.slice);
      raw_field (d, "ctx", ctx_text (e->subscript.ctx));
      break;
    case LS_EXPR_STARRED:
      expr_field (d, "value", e->starred.value);
      raw_field (d, "ctx", ctx_text (e->starred.ctx));
      break;
    case LS_EXPR_NAME:
      str_field (d, "id", e->name.id);
      raw_field (d, "ctx", ctx_text (e->name.ctx));
      break;
    case LS_EXPR_LIST:
    case LS_EXPR_TUPLE:
      expr_list_field (d, "elts", e->seq.elts, e->seq.n_elts);
      raw_field (d, "ctx", ctx_text (e->seq.ctx));
      break;
    case LS_EXPR_SLICE:
      expr_field (d, "lower", e->slice.lower);
      expr_field (d, "upper", e->slice.upper);
      expr_field (d, "step", e->slice.step);
      break;
    default:
      g_assert_not_reached ();
    }
}

static const char *
expr_type_name (LsExprKind kind)
{
  static const char *const names[] = {
    "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict",
    "Set", "ListComp", "SetComp", "DictComp", "GeneratorExp", "Await",
    "Yield", "YieldFrom", "Compare", "Call", "FormattedValue", "JoinedStr",
    "Constant", "Attribute", "Subscript", "Starred", "Name", "List", "Tuple",
    "Slice",
  };
  return names[kind];
}

static void
dump_expr (Dumper       *d,
           const LsExpr *e)
{
  open_node (d, expr_type_name (e->kind));
  dump_expr_fields (d, e);
  close_node (d, &e->span);
}

static void
dump_handlers (Dumper                *d,
               const LsExceptHandler *h,
               guint                  n)
{
  field (d, "handlers");
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      open_node (d, "ExceptHandler");
      expr_field (d, "type", h[i].type);
      str_field (d, "name", h[i].name);
      stmt_list_field (d, "body", h[i].body, h[i].n_body);
      close_node (d, &h[i].span);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
dump_aliases (Dumper        *d,
              const LsAlias *names,
              guint          n)
{
  field (d, "names");
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      open_node (d, "alias");
      str_field (d, "name", names[i].name);
      str_field (d, "asname", names[i].asname);
      close_node (d, &names[i].span);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
dump_with_items (Dumper           *d,
                 const LsWithItem *items,
                 guint             n)
{
  field (d, "items");
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      open_node (d, "withitem");
      expr_field (d, "context_expr", items[i].context_expr);
      expr_field (d, "optional_vars", items[i].optional_vars);
      close_node (d, NULL);
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static void
dump_identifiers (Dumper            *d,
                  const char *const *names,
                  guint              n)
{
  field (d, "names");
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      append_str_repr (d->out, names[i], strlen (names[i]));
    }
  g_string_append_c (d->out, ']');
  d->first = FALSE;
}

static const char *
stmt_type_name (const LsStmt *s)
{
  switch (s->kind)
    {
    case LS_STMT_FUNCTION_DEF:
      return s->function_def.is_async ? "AsyncFunctionDef" : "FunctionDef";
    case LS_STMT_CLASS_DEF: return "ClassDef";
    case LS_STMT_RETURN: return "Return";
    case LS_STMT_DELETE: return "Delete";
    case LS_STMT_ASSIGN: return "Assign";
    case LS_STMT_AUG_ASSIGN: return "AugAssign";
    case LS_STMT_ANN_ASSIGN: return "AnnAssign";
    case LS_STMT_FOR: return s->for_.is_async ? "AsyncFor" : "For";
    case LS_STMT_WHILE: return "While";
    case LS_STMT_IF: return "If";
    case LS_STMT_WITH: return s->with.is_async ? "AsyncWith" : "With";
    case LS_STMT_RAISE: return "Raise";
    case LS_STMT_TRY: return "Try";
    case LS_STMT_ASSERT: return "Assert";
    case LS_STMT_IMPORT: return "Import";
    case LS_STMT_IMPORT_FROM: return "ImportFrom";
    case LS_STMT_GLOBAL: return "Global";
    case LS_STMT_NONLOCAL: return "Nonlocal";
    case LS_STMT_EXPR: return "Expr";
    case LS_STMT_PASS: return "Pass";
    case LS_STMT_BREAK: return "Break";
    case LS_STMT_CONTINUE: return "Continue";
    default: g_assert_not_reached ();
    }
}

static void
dump_stmt_fields (Dumper       *d,
                  const LsStmt *s)
{
  switch (s->kind)
    {
    case LS_STMT_FUNCTION_DEF:
      str_field (d, "name", s->function_def.name);
      arguments_field (d, s->function_def.args);
      stmt_list_field (d, "body", s->function_def.body, s->function_def.n_body);
      expr_list_field (d, "decorator_list", s->function_def.decorator_list,
                       s->function_def.n_decorators);
      expr_field (d, "returns", s->function_def.returns);
      break;
    case LS_STMT_CLASS_DEF:
      str_field (d, "name", s->class_def.name);
      expr_list_field (d, "bases", s->class_def.bases, s->class_def.n_bases);
      keywords_field (d, s->class_def.keywords, s->class_def.n_keywords);
      stmt_list_field (d, "body", s->class_def.body, s->class_def.n_body);
      expr_list_field (d, "decorator_list", s->class_def.decorator_list,
                       s->class_def.n_decorators);
      break;
    case LS_STMT_RETURN:
      expr_field (d, "value", s->return_.value);
      break;
    case LS_STMT_DELETE:
      expr_list_field (d, "targets", s->delete_.targets, s->delete_.n_targets);
      break;
    case LS_STMT_ASSIGN:
      expr_list_field (d, "targets", s->assign.targets, s->assign.n_targets);
      expr_field (d, "value", s->assign.value);
      break;
    case LS_STMT_AUG_ASSIGN:
      expr_field (d, "target", s->aug_assign.target);
      raw_field (d, "op", binop_text (s->aug_assign.op));
      expr_field (d, "value", s->aug_assign.value);
      break;
    case LS_STMT_ANN_ASSIGN:
      expr_field (d, "target", s->ann_assign.target);
      expr_field (d, "annotation", s->ann_assign.annotation);
      expr_field (d, "value", s->ann_assign.value);
      int_field (d, "simple", s->ann_assign.simple ? 1 : 0);
      break;
    case LS_STMT_FOR:
      expr_field (d, "target", s->for_.target);
      expr_field (d, "iter", s->for_.iter);
      stmt_list_field (d, "body", s->for_.body, s->for_.n_body);
      stmt_list_field (d, "orelse", s->for_.orelse, s->for_.n_orelse);
      break;
    case LS_STMT_WHILE:
    case LS_STMT_IF:
      expr_field (d, "test", s->cond.test);
      stmt_list_field (d, "body", s->cond.body, s->cond.n_body);
      stmt_list_field (d, "orelse", s->cond.orelse, s->cond.n_orelse);
      break;
    case LS_STMT_WITH:
      dump_with_items (d, s->with.items, s->with.n_items);
      stmt_list_field (d, "body", s->with.body, s->with.n_body);
      break;
    case LS_STMT_RAISE:
      expr_field (d, "exc", s->raise.exc);
      expr_field (d, "cause", s->raise.cause);
      break;
    case LS_STMT_TRY:
      stmt_list_field (d, "body", s->try_.body, s->try_.n_body);
      dump_handlers (d, s->try_.handlers, s->try_.n_handlers);
      stmt_list_field (d, "orelse", s->try_.orelse, s->try_.n_orelse);
      stmt_list_field (d, "finalbody", s->try_.finalbody, s->try_.n_finalbody);
      break;
    case LS_STMT_ASSERT:
      expr_field (d, "test", s->assert_.test);
      expr_field (d, "msg", s->assert_.msg);
      break;
    case LS_STMT_IMPORT:
      dump_aliases (d, s->import.names, s->import.n_names);
      break;
    case LS_STMT_IMPORT_FROM:
      str_field (d, "module", s->import_from.module);
      dump_aliases (d, s->import_from.names, s->import_from.n_names);
      int_field (d, "level", s->import_from.level);
      break;
    case LS_STMT_GLOBAL:
    case LS_STMT_NONLOCAL:
      dump_identifiers (d, s->names.names, s->names.n_names);
      break;
    case LS_STMT_EXPR:
      expr_field (d, "value", s->expr.value);
      break;
    case LS_STMT_PASS:
    case LS_STMT_BREAK:
    case LS_STMT_CONTINUE:
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
dump_stmts (Dumper        *d,
            LsStmt *const *stmts,
            guint          n)
{
  g_string_append_c (d->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (d->out, ", ");
      open_node (d, stmt_type_name (stmts[i]));
      dump_stmt_fields (d, stmts[i]);
      close_node (d, &stmts[i]->span);
    }
  g_string_append_c (d->out, ']');
}

char *
ls_ast_dump_full (const LsAst *ast,
                  gboolean     include_attributes)
{
  Dumper d = { g_string_new (NULL), include_attributes, TRUE };

  open_node (&d, "Module");
  stmt_list_field (&d, "body", ast->body, ast->n_body);
  raw_field (&d, "type_ignores", "[]");
  close_node (&d, NULL);
  return g_string_free (d.out, FALSE);
}

char *
ls_ast_dump (const LsAst *ast)
{
  return ls_ast_dump_full (ast, FALSE);
}
