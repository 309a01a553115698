/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-compiler.c — AST to bytecode, as CPython 3.10's Python/compile.c.
 *
 * The decisions follow CPython's, because they are visible: the order in
 * which operands are evaluated, the points where a coroutine can suspend,
 * the line a traceback shows, which `finally` runs when.  A "unit" is the
 * code object being built (module, class body, function, lambda,
 * comprehension); units nest as the scopes of the symbol table do.
 *
 * Errors are sticky: the first one is kept and code generation goes on
 * harmlessly to the end, emitting nothing useful; that keeps every visit
 * function free of error plumbing, and the first error in source order is
 * the one CPython reports.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-compiler.h"
#include "ls-opcodes.h"
#include "ls-symtable.h"
#include "ls-syntax-error.h"
#include "ls-vm.h"

/* CPython's CO_MAXBLOCKS: "too many statically nested blocks". */
#define MAX_FBLOCKS 20
/* CPython's STACK_USE_GUARDRAIL: displays longer than this are built
 * incrementally so the stack stays small. */
#define STACK_GUARDRAIL 30

/* Compile-time blocks, for unwinding at return/break/continue
 * (CPython's fblockinfo). */
typedef enum
{
  FB_WHILE_LOOP,
  FB_FOR_LOOP,
  FB_TRY_EXCEPT,
  FB_FINALLY_TRY,
  FB_FINALLY_END,
  FB_WITH,
  FB_ASYNC_WITH,
  FB_HANDLER_CLEANUP,
  FB_POP_VALUE,
} FBlockType;

typedef struct
{
  FBlockType    type;
  guint         block;    /* label: where `continue` goes */
  guint         exit;     /* label: where `break` goes */
  gconstpointer datum;    /* FINALLY_TRY: the try statement; WITH: the with
                             statement; HANDLER_CLEANUP: the `as` name or NULL */
} FBlock;

typedef enum
{
  UNIT_MODULE,
  UNIT_CLASS,
  UNIT_FUNCTION,
  UNIT_ASYNC_FUNCTION,
  UNIT_LAMBDA,
  UNIT_COMPREHENSION,
} UnitKind;

typedef struct
{
  guint8  op;
  guint32 arg;    /* a label number for jumps until assembly */
  gint32  line;
} Instr;

/* An ordered set of names: position in `list` is the operand. */
typedef struct
{
  GPtrArray  *list;
  GHashTable *index;   /* name -> position + 1; lookups only */
} NameList;

typedef struct _Unit Unit;

struct _Unit
{
  Unit       *parent;
  LsScope    *scope;
  UnitKind    kind;
  const char *name;
  char       *qualname;
  const char *private_name;  /* class name for mangling, inherited */
  gint32      first_line;
  gint32      line;          /* line of the node being compiled */
  gint32      last_line;     /* line of the last statement begun */
  GArray     *instrs;        /* Instr */
  GArray     *labels;        /* gint32 instruction index, -1 until placed */
  GArray     *consts;        /* LsValue */
  GHashTable *const_index;   /* GBytes key -> position + 1 */
  NameList    names;
  NameList    varnames;
  NameList    cellvars;
  NameList    freevars;
  guint32     argcount;
  guint32     posonlyargcount;
  guint32     kwonlyargcount;
  FBlock      fblocks[MAX_FBLOCKS];
  guint       n_fblocks;
};

typedef struct
{
  LsVM       *vm;
  LsSymtable *st;
  LsStr      *filename;
  Unit       *u;
  GError     *error;
} Compiler;

static void visit_expr  (Compiler *c, const LsExpr *e);
static void visit_stmt  (Compiler *c, const LsStmt *s);
static void visit_stmts (Compiler *c, LsStmt *const *stmts, guint n);
static void jump_if     (Compiler *c, const LsExpr *e, guint label, gboolean cond);

/* --- errors -------------------------------------------------------------- */

static void error_at (Compiler *c, LsSyntaxErrorCode code, LsSpan span, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
error_at (Compiler          *c,
          LsSyntaxErrorCode  code,
          LsSpan             span,
          const char        *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (c->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  ls_set_syntax_error (&c->error, code, span.line, span.col, "%s", message);
}

#define syntax_error(c, span, ...) error_at ((c), LS_SYNTAX_ERROR_INVALID, (span), __VA_ARGS__)

/* --- name lists ---------------------------------------------------------- */

static void
names_init (NameList *names)
{
  names->list = g_ptr_array_new ();
  names->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
names_clear (NameList *names)
{
  g_ptr_array_unref (names->list);
  g_hash_table_unref (names->index);
}

static guint
names_add (NameList   *names,
           const char *name)
{
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (names->index, name));

  if (pos != 0)
    return pos - 1;
  g_ptr_array_add (names->list, (gpointer) name);
  g_hash_table_insert (names->index, (gpointer) name, GUINT_TO_POINTER (names->list->len));
  return names->list->len - 1;
}

static gint
names_find (const NameList *names,
            const char     *name)
{
  return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (names->index, name)) - 1;
}

/* --- emitting ------------------------------------------------------------ */

static gboolean
is_jump (guint op)
{
  switch (op)
    {
    case LS_OP_JUMP:
    case LS_OP_POP_JUMP_IF_FALSE:
    case LS_OP_POP_JUMP_IF_TRUE:
    case LS_OP_JUMP_IF_FALSE_OR_POP:
    case LS_OP_JUMP_IF_TRUE_OR_POP:
    case LS_OP_FOR_ITER:
    case LS_OP_SETUP_FINALLY:
    case LS_OP_JUMP_IF_NOT_EXC_MATCH:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Instructions after which control never falls through. */
static gboolean
is_terminal (guint op)
{
  return op == LS_OP_JUMP || op == LS_OP_RETURN_VALUE || op == LS_OP_RERAISE || op == LS_OP_RAISE_VARARGS;
}

static void
emit (Compiler *c,
      LsOpcode  op,
      guint32   arg)
{
  Instr instr = { op, arg, c->u->line };

  if (arg > LS_INSTR_MAX_ARG)
    {
      LsSpan span = { c->u->line, 0, c->u->line, 0 };
      error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, span, "too many names or constants in one function");
      instr.arg = 0;
    }
  g_array_append_val (c->u->instrs, instr);
}

static guint
new_label (Compiler *c)
{
  gint32 unplaced = -1;

  g_array_append_val (c->u->labels, unplaced);
  return c->u->labels->len - 1;
}

static void
place_label (Compiler *c,
             guint     label)
{
  g_array_index (c->u->labels, gint32, label) = (gint32) c->u->instrs->len;
}

static void
emit_jump (Compiler *c,
           LsOpcode  op,
           guint     label)
{
  emit (c, op, label);
}

/* Emits with the line of another node, then goes back. */
static void
emit_at (Compiler *c,
         gint32    line,
         LsOpcode  op,
         guint32   arg)
{
  gint32 saved = c->u->line;

  c->u->line = line;
  emit (c, op, arg);
  c->u->line = saved;
}

/* --- constants ----------------------------------------------------------- */

/* Equal constants share one slot; the key, prefixed by a kind letter,
 * keeps 1, 1.0 and True apart. */
static GBytes *
const_key (char          kind,
           gconstpointer data,
           gsize         len)
{
  GByteArray *bytes = g_byte_array_sized_new (len + 1);

  g_byte_array_append (bytes, (const guint8 *) &kind, 1);
  g_byte_array_append (bytes, data, len);
  return g_byte_array_free_to_bytes (bytes);
}

static gint
const_find (Compiler *c,
            GBytes   *key)
{
  return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (c->u->const_index, key)) - 1;
}

/* Takes `key` (NULL for constants never shared, as code objects). */
static guint
const_insert (Compiler *c,
              GBytes   *key,
              LsValue   value)
{
  g_array_append_val (c->u->consts, value);
  if (key != NULL)
    g_hash_table_insert (c->u->const_index, key, GUINT_TO_POINTER (c->u->consts->len));
  return c->u->consts->len - 1;
}

static guint
add_const_keyed (Compiler     *c,
                 LsValue       value,
                 char          kind,
                 gconstpointer data,
                 gsize         len)
{
  GBytes *key = const_key (kind, data, len);
  gint pos = const_find (c, key);

  if (pos >= 0)
    {
      g_bytes_unref (key);
      return pos;
    }
  return const_insert (c, key, value);
}

static guint
add_const_object (Compiler *c,
                  gpointer  object)
{
  return const_insert (c, NULL, ls_obj (object));
}

static guint
const_none (Compiler *c)
{
  return add_const_keyed (c, LS_NONE, 'n', NULL, 0);
}

/* Looks before allocating, so a repeated string is made once. */
static guint
const_str (Compiler   *c,
           const char *data,
           gsize       len)
{
  GBytes *key = const_key ('s', data, len);
  gint pos = const_find (c, key);

  if (pos >= 0)
    {
      g_bytes_unref (key);
      return pos;
    }
  return const_insert (c, key, ls_obj (ls_str_new (c->vm, data, len)));
}

static guint
const_cstr (Compiler   *c,
            const char *text)
{
  return const_str (c, text, strlen (text));
}

static guint
const_of (Compiler     *c,
          const LsExpr *e)
{
  switch (e->constant.kind)
    {
    case LS_CONST_NONE:
      return const_none (c);
    case LS_CONST_TRUE:
      return add_const_keyed (c, LS_TRUE, 'T', NULL, 0);
    case LS_CONST_FALSE:
      return add_const_keyed (c, LS_FALSE, 'F', NULL, 0);
    case LS_CONST_ELLIPSIS:
      return add_const_keyed (c, c->vm->ellipsis, 'e', NULL, 0);
    case LS_CONST_INT:
      return add_const_keyed (c, ls_int (e->constant.i), 'i', &e->constant.i, sizeof e->constant.i);
    case LS_CONST_FLOAT:
      return add_const_keyed (c, ls_float (e->constant.f), 'f', &e->constant.f, sizeof e->constant.f);
    case LS_CONST_STR:
    default:
      return const_str (c, e->constant.s.data, e->constant.s.len);
    }
}

static void
load_const (Compiler *c,
            guint     index)
{
  emit (c, LS_OP_LOAD_CONST, index);
}

/* CPython's AST optimizer turns `-1` and tuples of constants into
 * constants; loops like `x in (1, 2)` then build nothing. */
static gboolean
is_foldable (const LsExpr *e)
{
  if (e->kind == LS_EXPR_CONSTANT)
    return TRUE;
  if (e->kind == LS_EXPR_UNARY_OP && e->unary_op.op == LS_UNARY_USUB && e->unary_op.operand->kind == LS_EXPR_CONSTANT)
    {
      const LsExpr *k = e->unary_op.operand;

      return k->constant.kind == LS_CONST_FLOAT || (k->constant.kind == LS_CONST_INT && k->constant.i != G_MININT64);
    }
  if (e->kind == LS_EXPR_TUPLE && e->seq.ctx == LS_CTX_LOAD)
    {
      for (guint i = 0; i < e->seq.n_elts; i++)
        if (!is_foldable (e->seq.elts[i]))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}


static LsValue
const_value (Compiler *c,
             guint     index)
{
  return g_array_index (c->u->consts, LsValue, index);
}

/* The constant of a foldable expression. */
static guint
fold (Compiler     *c,
      const LsExpr *e)
{
  g_autofree LsValue *items = NULL;

  if (e->kind == LS_EXPR_CONSTANT)
    return const_of (c, e);
  if (e->kind == LS_EXPR_UNARY_OP)
    {
      const LsExpr *k = e->unary_op.operand;

      if (k->constant.kind == LS_CONST_INT)
        {
          gint64 i = -k->constant.i;
          return add_const_keyed (c, ls_int (i), 'i', &i, sizeof i);
        }
      else
        {
          double f = -k->constant.f;
          return add_const_keyed (c, ls_float (f), 'f', &f, sizeof f);
        }
    }
  items = g_new (LsValue, e->seq.n_elts + 1);
  for (guint i = 0; i < e->seq.n_elts; i++)
    items[i] = const_value (c, fold (c, e->seq.elts[i]));
  return add_const_object (c, ls_tuple_new_from (c->vm, items, e->seq.n_elts));
}

/* The tuple of keyword names for CALL_KW. */
static guint
const_kwnames (Compiler        *c,
               const LsKeyword *keywords,
               guint            n)
{
  g_autoptr (GString) joined = g_string_new (NULL);
  g_autofree LsValue *items = g_new (LsValue, n);
  GBytes *key;
  gint pos;

  for (guint i = 0; i < n; i++)
    g_string_append_len (joined, keywords[i].arg, strlen (keywords[i].arg) + 1);
  key = const_key ('k', joined->str, joined->len);
  pos = const_find (c, key);
  if (pos >= 0)
    {
      g_bytes_unref (key);
      return pos;
    }
  for (guint i = 0; i < n; i++)
    items[i] = ls_obj (ls_str_intern_cstr (c->vm, keywords[i].arg));
  return const_insert (c, key, ls_obj (ls_tuple_new_from (c->vm, items, n)));
}

/* --- names --------------------------------------------------------------- */

static const char *
mangle (Compiler   *c,
        const char *name)
{
  return ls_symtable_mangle (c->st, c->u->private_name, name);
}

static guint
name_index (Compiler   *c,
            const char *name)
{
  return names_add (&c->u->names, mangle (c, name));
}

static void
emit_name_op (Compiler   *c,
              LsOpcode    op,
              const char *name)
{
  emit (c, op, name_index (c, name));
}

typedef enum { OP_FAST, OP_GLOBAL, OP_DEREF, OP_NAME } NameOpKind;

/* compiler_nameop(): where the symbol table put a name decides the opcode. */
static void
emit_name (Compiler      *c,
           const char    *name,
           LsExprContext  ctx)
{
  static const LsOpcode ops[4][3] = {
    [OP_FAST]   = { LS_OP_LOAD_FAST, LS_OP_STORE_FAST, LS_OP_DELETE_FAST },
    [OP_GLOBAL] = { LS_OP_LOAD_GLOBAL, LS_OP_STORE_GLOBAL, LS_OP_DELETE_GLOBAL },
    [OP_DEREF]  = { LS_OP_LOAD_DEREF, LS_OP_STORE_DEREF, LS_OP_DELETE_DEREF },
    [OP_NAME]   = { LS_OP_LOAD_NAME, LS_OP_STORE_NAME, LS_OP_DELETE_NAME },
  };
  const char *mangled = mangle (c, name);
  gboolean in_function = c->u->scope->type == LS_BLOCK_FUNCTION;
  NameOpKind kind = OP_NAME;
  guint32 arg;

  switch (ls_scope_get_scope (c->u->scope, mangled))
    {
    case LS_SCOPE_FREE:
      kind = OP_DEREF;
      arg = c->u->cellvars.list->len + names_add (&c->u->freevars, mangled);
      break;
    case LS_SCOPE_CELL:
      kind = OP_DEREF;
      arg = names_add (&c->u->cellvars, mangled);
      break;
    case LS_SCOPE_LOCAL:
      kind = in_function ? OP_FAST : OP_NAME;
      break;
    case LS_SCOPE_GLOBAL_IMPLICIT:
      kind = in_function ? OP_GLOBAL : OP_NAME;
      break;
    case LS_SCOPE_GLOBAL_EXPLICIT:
      kind = OP_GLOBAL;
      break;
    case LS_SCOPE_NONE:
    default:
      break;
    }
  if (kind == OP_FAST)
    arg = names_add (&c->u->varnames, mangled);
  else if (kind != OP_DEREF)
    arg = names_add (&c->u->names, mangled);
  /* A class body reads a free variable from its namespace first. */
  if (kind == OP_DEREF && ctx == LS_CTX_LOAD && c->u->scope->type == LS_BLOCK_CLASS)
    emit (c, LS_OP_LOAD_CLASSDEREF, arg);
  else
    emit (c, ops[kind][ctx], arg);
}

/* --- units --------------------------------------------------------------- */

static gboolean
is_function_unit (const Unit *u)
{
  return u->kind == UNIT_FUNCTION || u->kind == UNIT_ASYNC_FUNCTION || u->kind == UNIT_LAMBDA;
}

/* compiler_set_qualname(): `f.<locals>.g`, `C.m`; a name declared global
 * starts over at the module. */
static char *
make_qualname (Compiler   *c,
               Unit       *u)
{
  Unit *parent = u->parent;

  if (parent == NULL || parent->kind == UNIT_MODULE)
    return g_strdup (u->name);
  if (u->kind == UNIT_FUNCTION || u->kind == UNIT_ASYNC_FUNCTION || u->kind == UNIT_CLASS)
    {
      const char *mangled = ls_symtable_mangle (c->st, parent->private_name, u->name);

      if (ls_scope_get_scope (parent->scope, mangled) == LS_SCOPE_GLOBAL_EXPLICIT)
        return g_strdup (u->name);
    }
  if (is_function_unit (parent))
    return g_strconcat (parent->qualname, ".<locals>.", u->name, NULL);
  return g_strconcat (parent->qualname, ".", u->name, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Cell and free variables in CPython's order: sorted by name. */
static void
collect_closure_names (Unit *u)
{
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  g_autoptr (GPtrArray) frees = g_ptr_array_new ();

  for (guint i = 0; i < u->scope->symbols->len; i++)
    {
      const LsSymbol *sym = &g_array_index (u->scope->symbols, LsSymbol, i);

      if (sym->scope == LS_SCOPE_CELL)
        g_ptr_array_add (cells, (gpointer) sym->name);
      else if (sym->scope == LS_SCOPE_FREE || (sym->flags & LS_DEF_FREE_CLASS))
        g_ptr_array_add (frees, (gpointer) sym->name);
    }
  g_ptr_array_sort (cells, compare_names);
  g_ptr_array_sort (frees, compare_names);
  for (guint i = 0; i < cells->len; i++)
    names_add (&u->cellvars, g_ptr_array_index (cells, i));
  if (u->scope->needs_class_closure)
    names_add (&u->cellvars, "__class__");
  for (guint i = 0; i < frees->len; i++)
    names_add (&u->freevars, g_ptr_array_index (frees, i));
}

static void
enter_unit (Compiler     *c,
            gconstpointer node,
            UnitKind      kind,
            const char   *name,
            gint32        first_line)
{
  Unit *u = g_new0 (Unit, 1);

  u->parent = c->u;
  u->scope = node == NULL ? ls_symtable_top (c->st) : ls_symtable_lookup (c->st, node);
  u->kind = kind;
  u->name = name;
  u->private_name = c->u != NULL ? c->u->private_name : NULL;
  u->first_line = first_line;
  u->line = first_line;
  u->last_line = first_line;
  u->instrs = g_array_new (FALSE, FALSE, sizeof (Instr));
  u->labels = g_array_new (FALSE, FALSE, sizeof (gint32));
  u->consts = g_array_new (FALSE, FALSE, sizeof (LsValue));
  u->const_index = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  names_init (&u->names);
  names_init (&u->varnames);
  names_init (&u->cellvars);
  names_init (&u->freevars);
  for (guint i = 0; i < u->scope->varnames->len; i++)
    names_add (&u->varnames, g_ptr_array_index (u->scope->varnames, i));
  collect_closure_names (u);
  c->u = u;
  u->qualname = make_qualname (c, u);
}

static void
unit_free (Unit *u)
{
  g_free (u->qualname);
  g_array_unref (u->instrs);
  g_array_unref (u->labels);
  g_array_unref (u->consts);
  g_hash_table_unref (u->const_index);
  names_clear (&u->names);
  names_clear (&u->varnames);
  names_clear (&u->cellvars);
  names_clear (&u->freevars);
  g_free (u);
}

/* --- assembly ------------------------------------------------------------ */

/* Stack effect of an instruction: `jump` when control goes to its target.
 * This is the contract of ls-opcodes.h, in numbers. */
static int
stack_effect (guint    op,
              guint32  arg,
              gboolean jump)
{
  switch (op)
    {
    case LS_OP_NOP:
    case LS_OP_ROT_TWO:
    case LS_OP_ROT_THREE:
    case LS_OP_ROT_FOUR:
    case LS_OP_DELETE_FAST:
    case LS_OP_DELETE_DEREF:
    case LS_OP_DELETE_GLOBAL:
    case LS_OP_DELETE_NAME:
    case LS_OP_LOAD_ATTR:
    case LS_OP_UNARY_OP:
    case LS_OP_JUMP:
    case LS_OP_GET_ITER:
    case LS_OP_LIST_TO_TUPLE:
    case LS_OP_POP_BLOCK:
    case LS_OP_POP_EXCEPT:
    case LS_OP_YIELD_VALUE:
    case LS_OP_GET_YIELD_FROM_ITER:
    case LS_OP_GET_AWAITABLE:
      return 0;
    case LS_OP_POP_TOP:
    case LS_OP_STORE_FAST:
    case LS_OP_STORE_DEREF:
    case LS_OP_STORE_GLOBAL:
    case LS_OP_STORE_NAME:
    case LS_OP_DELETE_ATTR:
    case LS_OP_BINARY_SUBSCR:
    case LS_OP_BINARY_OP:
    case LS_OP_COMPARE_OP:
    case LS_OP_IS_OP:
    case LS_OP_CONTAINS_OP:
    case LS_OP_POP_JUMP_IF_FALSE:
    case LS_OP_POP_JUMP_IF_TRUE:
    case LS_OP_RETURN_VALUE:
    case LS_OP_LIST_APPEND:
    case LS_OP_SET_ADD:
    case LS_OP_LIST_EXTEND:
    case LS_OP_SET_UPDATE:
    case LS_OP_DICT_UPDATE:
    case LS_OP_DICT_MERGE:
    case LS_OP_RERAISE:
    case LS_OP_JUMP_IF_NOT_EXC_MATCH:
    case LS_OP_YIELD_FROM:
      return -1;
    case LS_OP_DUP_TOP:
    case LS_OP_LOAD_CONST:
    case LS_OP_LOAD_FAST:
    case LS_OP_LOAD_DEREF:
    case LS_OP_LOAD_CLOSURE:
    case LS_OP_LOAD_CLASSDEREF:
    case LS_OP_LOAD_GLOBAL:
    case LS_OP_LOAD_NAME:
    case LS_OP_LOAD_METHOD:
    case LS_OP_LOAD_BUILD_CLASS:
    case LS_OP_BEFORE_WITH:
    case LS_OP_WITH_EXCEPT_START:
    case LS_OP_LOAD_ASSERTION_ERROR:
    case LS_OP_BEFORE_ASYNC_WITH:
    case LS_OP_IMPORT_NAME:
    case LS_OP_IMPORT_FROM:
      return 1;
    case LS_OP_DUP_TOP_TWO:
      return 2;
    case LS_OP_STORE_ATTR:
    case LS_OP_DELETE_SUBSCR:
    case LS_OP_MAP_ADD:
      return -2;
    case LS_OP_STORE_SUBSCR:
      return -3;
    case LS_OP_BUILD_SLICE:
      return 1 - (int) arg;
    case LS_OP_JUMP_IF_FALSE_OR_POP:
    case LS_OP_JUMP_IF_TRUE_OR_POP:
      return jump ? 0 : -1;
    case LS_OP_FOR_ITER:
      return jump ? -1 : 1;
    case LS_OP_BUILD_TUPLE:
    case LS_OP_BUILD_LIST:
    case LS_OP_BUILD_SET:
    case LS_OP_BUILD_STRING:
      return 1 - (int) arg;
    case LS_OP_BUILD_MAP:
      return 1 - 2 * (int) arg;
    case LS_OP_UNPACK_SEQUENCE:
      return (int) arg - 1;
    case LS_OP_UNPACK_EX:
      return (int) (arg & 0xff) + (int) (arg >> 8);
    case LS_OP_FORMAT_VALUE:
      return (arg & 4) ? -1 : 0;
    case LS_OP_MAKE_FUNCTION:
      return -(int) (((arg & 1) != 0) + ((arg & 2) != 0) + ((arg & 4) != 0));
    case LS_OP_CALL:
      return -(int) arg;
    case LS_OP_CALL_KW:
    case LS_OP_CALL_METHOD:
      return -(int) arg - 1;
    case LS_OP_CALL_METHOD_KW:
      return -(int) arg - 2;
    case LS_OP_CALL_EX:
      return -1 - (int) (arg & 1);
    case LS_OP_SETUP_FINALLY:
      return jump ? 1 : 0;   /* the handler starts with the exception pushed */
    case LS_OP_RAISE_VARARGS:
      return -(int) arg;
    default:
      g_assert_not_reached ();
      return 0;
    }
}

static int
block_effect (guint    op,
              gboolean jump)
{
  switch (op)
    {
    case LS_OP_SETUP_FINALLY:
      /* Falling in: the handler block.  Jumping to the handler: the setup
       * block was replaced by the except-handler block. */
      return 1;
    case LS_OP_POP_BLOCK:
    case LS_OP_POP_EXCEPT:
      return jump ? 0 : -1;
    default:
      return 0;
    }
}

typedef struct
{
  gint *depth;
  gint *blocks;
  GArray *work;
  gint max_depth;
  gint max_blocks;
} Flow;

static void
flow_reach (Flow   *flow,
            guint   target,
            gint    depth,
            gint    blocks)
{
  if (depth < 0 || blocks < 0)
    g_critical ("compiler: negative stack or block depth at instruction %u", target);
  flow->max_depth = MAX (flow->max_depth, depth);
  flow->max_blocks = MAX (flow->max_blocks, blocks);
  if (flow->depth[target] >= 0)
    {
      if (flow->depth[target] != depth || flow->blocks[target] != blocks)
        g_critical ("compiler: inconsistent depth at instruction %u: %d/%d vs %d/%d",
                    target, flow->depth[target], flow->blocks[target], depth, blocks);
      return;
    }
  flow->depth[target] = depth;
  flow->blocks[target] = blocks;
  g_array_append_val (flow->work, target);
}

/* Simulates the stack over every path, so frames get exactly the depth
 * they need: the maximum value-stack depth and block nesting. */
static void
compute_depths (const Instr *instrs,
                guint        n,
                guint32     *stack_size,
                guint32     *block_depth)
{
  Flow flow = { g_new (gint, n), g_new (gint, n), g_array_new (FALSE, FALSE, sizeof (guint)), 0, 0 };

  for (guint i = 0; i < n; i++)
    flow.depth[i] = -1;
  flow_reach (&flow, 0, 0, 0);
  while (flow.work->len > 0)
    {
      guint i = g_array_index (flow.work, guint, flow.work->len - 1);
      const Instr *in = &instrs[i];
      gint d = flow.depth[i], b = flow.blocks[i];

      g_array_set_size (flow.work, flow.work->len - 1);
      if (is_jump (in->op))
        flow_reach (&flow, in->arg, d + stack_effect (in->op, in->arg, TRUE), b + block_effect (in->op, TRUE));
      if (!is_terminal (in->op) && i + 1 < n)
        flow_reach (&flow, i + 1, d + stack_effect (in->op, in->arg, FALSE), b + block_effect (in->op, FALSE));
    }
  *stack_size = (guint32) flow.max_depth;
  *block_depth = (guint32) flow.max_blocks;
  g_free (flow.depth);
  g_free (flow.blocks);
  g_array_unref (flow.work);
}

static LsTuple *
tuple_of_names (Compiler       *c,
                const NameList *names)
{
  g_autofree LsValue *items = g_new (LsValue, names->list->len + 1);

  for (guint i = 0; i < names->list->len; i++)
    items[i] = ls_obj (ls_str_intern_cstr (c->vm, g_ptr_array_index (names->list, i)));
  return ls_tuple_new_from (c->vm, items, names->list->len);
}

/* Falling off the end returns None, unless nothing can reach the end. */
static void
add_implicit_return (Compiler *c)
{
  GArray *instrs = c->u->instrs;
  gboolean label_at_end = FALSE;

  for (guint i = 0; i < c->u->labels->len; i++)
    if (g_array_index (c->u->labels, gint32, i) == (gint32) instrs->len)
      label_at_end = TRUE;
  if (instrs->len > 0 && !label_at_end && is_terminal (g_array_index (instrs, Instr, instrs->len - 1).op))
    return;
  /* The line of the last statement, as CPython 3.11 gives it. */
  c->u->line = c->u->last_line;
  load_const (c, const_none (c));
  emit (c, LS_OP_RETURN_VALUE, 0);
}

static guint32
code_flags (const Unit *u)
{
  guint32 flags = 0;

  if (u->scope->has_varargs)
    flags |= LS_CODE_VARARGS;
  if (u->scope->has_varkeywords)
    flags |= LS_CODE_VARKEYWORDS;
  if (u->kind == UNIT_MODULE)
    flags |= LS_CODE_MODULE;
  if (u->kind == UNIT_CLASS)
    flags |= LS_CODE_CLASS_BODY;
  if (u->kind == UNIT_LAMBDA)
    flags |= LS_CODE_LAMBDA;
  if (u->kind == UNIT_COMPREHENSION)
    flags |= LS_CODE_COMPREHENSION;
  if (u->scope->type == LS_BLOCK_FUNCTION)
    {
      if (u->scope->is_generator)
        flags |= LS_CODE_GENERATOR;
      else if (u->scope->is_coroutine)
        flags |= LS_CODE_COROUTINE;
    }
  return flags;
}

/* A parameter that inner functions capture lives in a cell: the frame
 * moves the argument there on entry. */
static gint32 *
make_cell2arg (const Unit *u)
{
  gint32 *cell2arg;
  gboolean any = FALSE;
  guint n_args = u->scope->varnames->len;

  if (u->cellvars.list->len == 0)
    return NULL;
  cell2arg = g_new (gint32, u->cellvars.list->len);
  for (guint i = 0; i < u->cellvars.list->len; i++)
    {
      gint pos = names_find (&u->varnames, g_ptr_array_index (u->cellvars.list, i));

      cell2arg[i] = pos >= 0 && (guint) pos < n_args ? pos : -1;
      any |= cell2arg[i] >= 0;
    }
  if (!any)
    g_clear_pointer (&cell2arg, g_free);
  return cell2arg;
}

static LsCode *
assemble (Compiler *c)
{
  Unit *u = c->u;
  LsCode *code;
  guint n;

  add_implicit_return (c);
  n = u->instrs->len;
  code = ls_object_alloc (c->vm, LS_KIND_CODE, c->vm->types[LS_TYPE_CODE], sizeof (LsCode));
  code->name = ls_str_intern_cstr (c->vm, u->name);
  code->qualname = ls_str_new_cstr (c->vm, u->qualname);
  code->filename = c->filename;
  code->flags = code_flags (u);
  code->argcount = u->argcount;
  code->posonlyargcount = u->posonlyargcount;
  code->kwonlyargcount = u->kwonlyargcount;
  code->first_line = u->first_line;
  code->instructions = g_new (guint32, n);
  code->lines = g_new (gint32, n);
  code->n_instructions = n;
  for (guint i = 0; i < n; i++)
    {
      Instr *in = &g_array_index (u->instrs, Instr, i);

      if (is_jump (in->op))
        in->arg = (guint32) g_array_index (u->labels, gint32, in->arg);
      code->instructions[i] = LS_INSTR (in->op, in->arg);
      code->lines[i] = in->line;
    }
  compute_depths ((const Instr *) u->instrs->data, n, &code->stack_size, &code->block_depth);
  code->varnames = tuple_of_names (c, &u->varnames);
  code->n_locals = u->varnames.list->len;
  code->cellvars = tuple_of_names (c, &u->cellvars);
  code->freevars = tuple_of_names (c, &u->freevars);
  code->cell2arg = make_cell2arg (u);
  code->names = tuple_of_names (c, &u->names);
  code->consts = ls_tuple_new_from (c->vm, (const LsValue *) u->consts->data, u->consts->len);
  return code;
}

/* Finishes the unit: its code object, and the enclosing unit is current again. */
static LsCode *
exit_unit (Compiler *c)
{
  Unit *u = c->u;
  LsCode *code = c->error == NULL ? assemble (c) : NULL;

  c->u = u->parent;
  unit_free (u);
  return code;
}

/* --- compile-time blocks ------------------------------------------------- */

static FBlock *
push_fblock (Compiler     *c,
             FBlockType    type,
             guint         block,
             guint         exit,
             gconstpointer datum,
             LsSpan        span)
{
  static FBlock overflow;
  FBlock *fb;

  if (c->u->n_fblocks >= MAX_FBLOCKS)
    {
      syntax_error (c, span, "too many statically nested blocks");
      return &overflow;
    }
  fb = &c->u->fblocks[c->u->n_fblocks++];
  fb->type = type;
  fb->block = block;
  fb->exit = exit;
  fb->datum = datum;
  return fb;
}

static void
pop_fblock (Compiler *c)
{
  if (c->u->n_fblocks > 0 && c->error == NULL)
    c->u->n_fblocks--;
}

static void
call_exit_with_nones (Compiler *c)
{
  guint none = const_none (c);

  load_const (c, none);
  load_const (c, none);
  load_const (c, none);
  emit (c, LS_OP_CALL, 3);
}

static void
await_top (Compiler *c,
           guint     where)
{
  emit (c, LS_OP_GET_AWAITABLE, where);
  load_const (c, const_none (c));
  emit (c, LS_OP_YIELD_FROM, 0);
}

/* compiler_unwind_fblock(): the code that leaving one block early needs.
 * `preserve_tos` keeps a return value on top throughout. */
static void
unwind_fblock (Compiler     *c,
               const FBlock *fb,
               gboolean      preserve_tos)
{
  switch (fb->type)
    {
    case FB_WHILE_LOOP:
      break;
    case FB_FOR_LOOP:
      if (preserve_tos)
        emit (c, LS_OP_ROT_TWO, 0);
      emit (c, LS_OP_POP_TOP, 0);   /* the iterator */
      break;
    case FB_TRY_EXCEPT:
      emit (c, LS_OP_POP_BLOCK, 0);
      break;
    case FB_FINALLY_TRY:
      {
        const LsStmt *s = fb->datum;
        LsSpan span = s->span;

        emit (c, LS_OP_POP_BLOCK, 0);
        if (preserve_tos)
          push_fblock (c, FB_POP_VALUE, 0, 0, NULL, span);
        visit_stmts (c, s->try_.finalbody, s->try_.n_finalbody);
        if (preserve_tos)
          pop_fblock (c);
        break;
      }
    case FB_FINALLY_END:
      if (preserve_tos)
        emit (c, LS_OP_ROT_TWO, 0);
      emit (c, LS_OP_POP_TOP, 0);   /* the exception */
      emit (c, LS_OP_POP_EXCEPT, 0);
      break;
    case FB_WITH:
    case FB_ASYNC_WITH:
      {
        const LsStmt *s = fb->datum;
        gint32 saved = c->u->line;

        c->u->line = s->span.line;
        emit (c, LS_OP_POP_BLOCK, 0);
        if (preserve_tos)
          emit (c, LS_OP_ROT_TWO, 0);
        call_exit_with_nones (c);
        if (fb->type == FB_ASYNC_WITH)
          await_top (c, 2);
        emit (c, LS_OP_POP_TOP, 0);
        c->u->line = saved;
        break;
      }
    case FB_HANDLER_CLEANUP:
      if (fb->datum != NULL)
        emit (c, LS_OP_POP_BLOCK, 0);
      emit (c, LS_OP_POP_EXCEPT, 0);
      if (fb->datum != NULL)
        {
          load_const (c, const_none (c));
          emit_name (c, fb->datum, LS_CTX_STORE);
          emit_name (c, fb->datum, LS_CTX_DEL);
        }
      break;
    case FB_POP_VALUE:
      if (preserve_tos)
        emit (c, LS_OP_ROT_TWO, 0);
      emit (c, LS_OP_POP_TOP, 0);
      break;
    }
}

/* compiler_unwind_fblock_stack(): unwinds every block up to the innermost
 * loop (when `loop` is given) or all of them.  Blocks are popped while
 * their exit code is compiled, so a `finally` body that itself returns
 * does not run itself again. */
static void
unwind_fblock_stack (Compiler  *c,
                     gboolean   preserve_tos,
                     FBlock   **loop)
{
  FBlock copy;

  if (c->u->n_fblocks == 0)
    return;
  copy = c->u->fblocks[c->u->n_fblocks - 1];
  if (loop != NULL && (copy.type == FB_WHILE_LOOP || copy.type == FB_FOR_LOOP))
    {
      *loop = &c->u->fblocks[c->u->n_fblocks - 1];
      return;
    }
  c->u->n_fblocks--;
  unwind_fblock (c, &copy, preserve_tos);
  unwind_fblock_stack (c, preserve_tos, loop);
  c->u->fblocks[c->u->n_fblocks++] = copy;
}

/* --- expressions: helpers ------------------------------------------------ */

static void
visit_exprs (Compiler      *c,
             LsExpr *const *exprs,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    visit_expr (c, exprs[i]);
}

static gboolean
has_starred (LsExpr *const *exprs,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    if (exprs[i]->kind == LS_EXPR_STARRED)
      return TRUE;
  return FALSE;
}

/* starunpack_helper(): a list, tuple or set display, with `*it` items
 * spliced in by LIST_EXTEND/SET_UPDATE once the sequence exists. */
static void
starunpack (Compiler      *c,
            LsExpr *const *elts,
            guint          n,
            guint          pushed,
            LsOpcode       build,
            LsOpcode       add,
            LsOpcode       extend,
            gboolean       tuple)
{
  gboolean big = n + pushed > STACK_GUARDRAIL;
  gboolean built = FALSE;

  if (!has_starred (elts, n) && !big)
    {
      visit_exprs (c, elts, n);
      emit (c, tuple ? LS_OP_BUILD_TUPLE : build, n + pushed);
      return;
    }
  if (big)
    {
      emit (c, build, pushed);
      built = TRUE;
    }
  for (guint i = 0; i < n; i++)
    {
      if (elts[i]->kind == LS_EXPR_STARRED)
        {
          if (!built)
            {
              emit (c, build, i + pushed);
              built = TRUE;
            }
          visit_expr (c, elts[i]->starred.value);
          emit (c, extend, 1);
        }
      else
        {
          visit_expr (c, elts[i]);
          if (built)
            emit (c, add, 1);
        }
    }
  if (tuple)
    emit (c, LS_OP_LIST_TO_TUPLE, 0);
}

/* Targets `a, *b, c = ...`: UNPACK_EX when starred, then each store. */
static void
assign_unpack (Compiler     *c,
               const LsExpr *e)
{
  LsExpr *const *elts = e->seq.elts;
  guint n = e->seq.n_elts;
  gboolean seen_star = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (elts[i]->kind != LS_EXPR_STARRED)
        continue;
      if (seen_star)
        {
          syntax_error (c, elts[i]->span, "multiple starred expressions in assignment");
          return;
        }
      if (i >= 256 || n - i - 1 >= (LS_INSTR_MAX_ARG >> 8))
        {
          syntax_error (c, e->span, "too many expressions in star-unpacking assignment");
          return;
        }
      emit (c, LS_OP_UNPACK_EX, i | ((n - i - 1) << 8));
      seen_star = TRUE;
    }
  if (!seen_star)
    emit (c, LS_OP_UNPACK_SEQUENCE, n);
  for (guint i = 0; i < n; i++)
    visit_expr (c, elts[i]->kind == LS_EXPR_STARRED ? elts[i]->starred.value : elts[i]);
}

static void
visit_sequence (Compiler     *c,
                const LsExpr *e,
                LsOpcode      build,
                gboolean      tuple)
{
  switch (e->seq.ctx)
    {
    case LS_CTX_STORE:
      assign_unpack (c, e);
      break;
    case LS_CTX_LOAD:
      starunpack (c, e->seq.elts, e->seq.n_elts, 0, build, LS_OP_LIST_APPEND, LS_OP_LIST_EXTEND, tuple);
      break;
    case LS_CTX_DEL:
      visit_exprs (c, e->seq.elts, e->seq.n_elts);
      break;
    }
}

/* compiler_subdict(): keys[begin..end) as one BUILD_MAP. */
static void
subdict (Compiler     *c,
         const LsExpr *e,
         guint         begin,
         guint         end)
{
  guint n = end - begin;
  gboolean big = n * 2 > STACK_GUARDRAIL;

  if (big)
    emit (c, LS_OP_BUILD_MAP, 0);
  for (guint i = begin; i < end; i++)
    {
      visit_expr (c, e->dict.keys[i]);
      visit_expr (c, e->dict.values[i]);
      if (big)
        emit (c, LS_OP_MAP_ADD, 1);
    }
  if (!big)
    emit (c, LS_OP_BUILD_MAP, n);
}

/* compiler_dict(): runs of `k: v` become maps, `**m` merges in. */
static void
visit_dict (Compiler     *c,
            const LsExpr *e)
{
  guint elements = 0;
  gboolean have_dict = FALSE;

  for (guint i = 0; i < e->dict.n; i++)
    {
      if (e->dict.keys[i] == NULL)
        {
          if (elements > 0)
            {
              subdict (c, e, i - elements, i);
              if (have_dict)
                emit (c, LS_OP_DICT_UPDATE, 1);
              have_dict = TRUE;
              elements = 0;
            }
          if (!have_dict)
            {
              emit (c, LS_OP_BUILD_MAP, 0);
              have_dict = TRUE;
            }
          visit_expr (c, e->dict.values[i]);
          emit (c, LS_OP_DICT_UPDATE, 1);
        }
      else if (elements * 2 > STACK_GUARDRAIL)
        {
          subdict (c, e, i - elements, i + 1);
          if (have_dict)
            emit (c, LS_OP_DICT_UPDATE, 1);
          have_dict = TRUE;
          elements = 0;
        }
      else
        elements++;
    }
  if (elements > 0)
    {
      subdict (c, e, e->dict.n - elements, e->dict.n);
      if (have_dict)
        emit (c, LS_OP_DICT_UPDATE, 1);
      have_dict = TRUE;
    }
  if (!have_dict)
    emit (c, LS_OP_BUILD_MAP, 0);
}

static void
emit_compare (Compiler    *c,
              LsCompareOp  op)
{
  switch (op)
    {
    case LS_CMP_IS:
      emit (c, LS_OP_IS_OP, 0);
      break;
    case LS_CMP_IS_NOT:
      emit (c, LS_OP_IS_OP, 1);
      break;
    case LS_CMP_IN:
      emit (c, LS_OP_CONTAINS_OP, 0);
      break;
    case LS_CMP_NOT_IN:
      emit (c, LS_OP_CONTAINS_OP, 1);
      break;
    default:
      emit (c, LS_OP_COMPARE_OP, op);
      break;
    }
}

/* `a < b < c`: b is evaluated once, kept under the result by DUP_TOP and
 * ROT_THREE, and the chain stops at the first false link. */
static void
visit_compare (Compiler     *c,
               const LsExpr *e)
{
  guint n = e->compare.n;
  guint cleanup, end;

  visit_expr (c, e->compare.left);
  if (n == 1)
    {
      visit_expr (c, e->compare.comparators[0]);
      emit_compare (c, e->compare.ops[0]);
      return;
    }
  cleanup = new_label (c);
  end = new_label (c);
  for (guint i = 0; i + 1 < n; i++)
    {
      visit_expr (c, e->compare.comparators[i]);
      emit (c, LS_OP_DUP_TOP, 0);
      emit (c, LS_OP_ROT_THREE, 0);
      emit_compare (c, e->compare.ops[i]);
      emit_jump (c, LS_OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
  visit_expr (c, e->compare.comparators[n - 1]);
  emit_compare (c, e->compare.ops[n - 1]);
  emit_jump (c, LS_OP_JUMP, end);
  place_label (c, cleanup);
  emit (c, LS_OP_ROT_TWO, 0);
  emit (c, LS_OP_POP_TOP, 0);
  place_label (c, end);
}

static void
visit_bool_op (Compiler     *c,
               const LsExpr *e)
{
  LsOpcode jump = e->bool_op.op == LS_BOOL_AND ? LS_OP_JUMP_IF_FALSE_OR_POP : LS_OP_JUMP_IF_TRUE_OR_POP;
  guint end = new_label (c);
  guint n = e->bool_op.n_values;

  for (guint i = 0; i + 1 < n; i++)
    {
      visit_expr (c, e->bool_op.values[i]);
      emit_jump (c, jump, end);
    }
  visit_expr (c, e->bool_op.values[n - 1]);
  place_label (c, end);
}

/* compiler_jump_if() for a chained comparison: no boolean is built. */
static void
jump_if_compare (Compiler     *c,
                 const LsExpr *e,
                 guint         label,
                 gboolean      cond)
{
  guint n = e->compare.n;
  guint cleanup = new_label (c);
  guint end = new_label (c);

  visit_expr (c, e->compare.left);
  for (guint i = 0; i + 1 < n; i++)
    {
      visit_expr (c, e->compare.comparators[i]);
      emit (c, LS_OP_DUP_TOP, 0);
      emit (c, LS_OP_ROT_THREE, 0);
      emit_compare (c, e->compare.ops[i]);
      emit_jump (c, LS_OP_POP_JUMP_IF_FALSE, cleanup);
    }
  visit_expr (c, e->compare.comparators[n - 1]);
  emit_compare (c, e->compare.ops[n - 1]);
  emit_jump (c, cond ? LS_OP_POP_JUMP_IF_TRUE : LS_OP_POP_JUMP_IF_FALSE, label);
  emit_jump (c, LS_OP_JUMP, end);
  place_label (c, cleanup);
  emit (c, LS_OP_POP_TOP, 0);
  if (!cond)
    emit_jump (c, LS_OP_JUMP, label);
  place_label (c, end);
}

/* Jumps to `label` when the truth of `e` is `cond`, falls through
 * otherwise; `not`, `and`, `or` and comparison chains become jumps. */
static void
jump_if (Compiler     *c,
         const LsExpr *e,
         guint         label,
         gboolean      cond)
{
  gint32 saved = c->u->line;

  c->u->line = e->span.line;
  if (e->kind == LS_EXPR_UNARY_OP && e->unary_op.op == LS_UNARY_NOT)
    jump_if (c, e->unary_op.operand, label, !cond);
  else if (e->kind == LS_EXPR_BOOL_OP)
    {
      gboolean cond2 = e->bool_op.op == LS_BOOL_OR;
      guint next2 = cond2 != cond ? new_label (c) : label;
      guint n = e->bool_op.n_values;

      for (guint i = 0; i + 1 < n; i++)
        jump_if (c, e->bool_op.values[i], next2, cond2);
      jump_if (c, e->bool_op.values[n - 1], label, cond);
      if (next2 != label)
        place_label (c, next2);
    }
  else if (e->kind == LS_EXPR_COMPARE && e->compare.n > 1)
    jump_if_compare (c, e, label, cond);
  else
    {
      visit_expr (c, e);
      emit_jump (c, cond ? LS_OP_POP_JUMP_IF_TRUE : LS_OP_POP_JUMP_IF_FALSE, label);
    }
  c->u->line = saved;
}

static void
visit_if_exp (Compiler     *c,
              const LsExpr *e)
{
  guint end = new_label (c);
  guint next = new_label (c);

  jump_if (c, e->if_exp.test, next, FALSE);
  visit_expr (c, e->if_exp.body);
  emit_jump (c, LS_OP_JUMP, end);
  place_label (c, next);
  visit_expr (c, e->if_exp.orelse);
  place_label (c, end);
}

/* --- calls --------------------------------------------------------------- */

static gboolean
has_double_star (const LsKeyword *keywords,
                 guint            n)
{
  for (guint i = 0; i < n; i++)
    if (keywords[i].arg == NULL)
      return TRUE;
  return FALSE;
}

static void
visit_keyword_values (Compiler        *c,
                      const LsKeyword *keywords,
                      guint            n)
{
  for (guint i = 0; i < n; i++)
    visit_expr (c, keywords[i].value);
}

/* compiler_subkwargs(): `k=v` keywords [begin, end) as one dict. */
static void
subkwargs (Compiler        *c,
           const LsKeyword *keywords,
           guint            begin,
           guint            end)
{
  guint n = end - begin;
  gboolean big = n * 2 > STACK_GUARDRAIL;

  if (big)
    emit (c, LS_OP_BUILD_MAP, 0);
  for (guint i = begin; i < end; i++)
    {
      load_const (c, const_cstr (c, keywords[i].arg));
      visit_expr (c, keywords[i].value);
      if (big)
        emit (c, LS_OP_MAP_ADD, 1);
    }
  if (!big)
    emit (c, LS_OP_BUILD_MAP, n);
}

/* The `*`/`**` form: a tuple of positional arguments, then a dict of
 * keyword arguments when there are any. */
static void
call_ex (Compiler        *c,
         LsExpr *const   *args,
         guint            n_args,
         guint            n_pushed,
         const LsKeyword *keywords,
         guint            n_keywords)
{
  gboolean have_dict = FALSE;
  guint nseen = 0;

  /* Arguments already pushed (the body and name for __build_class__)
   * start the tuple. */
  starunpack (c, args, n_args, n_pushed, LS_OP_BUILD_LIST, LS_OP_LIST_APPEND, LS_OP_LIST_EXTEND, TRUE);
  for (guint i = 0; i < n_keywords; i++)
    {
      if (keywords[i].arg != NULL)
        {
          nseen++;
          continue;
        }
      if (nseen > 0)
        {
          subkwargs (c, keywords, i - nseen, i);
          if (have_dict)
            emit (c, LS_OP_DICT_MERGE, 1);
          have_dict = TRUE;
          nseen = 0;
        }
      if (!have_dict)
        {
          emit (c, LS_OP_BUILD_MAP, 0);
          have_dict = TRUE;
        }
      visit_expr (c, keywords[i].value);
      emit (c, LS_OP_DICT_MERGE, 1);
    }
  if (nseen > 0)
    {
      subkwargs (c, keywords, n_keywords - nseen, n_keywords);
      if (have_dict)
        emit (c, LS_OP_DICT_MERGE, 1);
      have_dict = TRUE;
    }
  emit (c, LS_OP_CALL_EX, have_dict ? 1 : 0);
}

/* compiler_call_helper(): the callee (and `n_pushed` first arguments) are
 * on the stack already. */
static void
call_helper (Compiler        *c,
             guint            n_pushed,
             LsExpr *const   *args,
             guint            n_args,
             const LsKeyword *keywords,
             guint            n_keywords)
{
  if (has_starred (args, n_args) || has_double_star (keywords, n_keywords)
      || n_pushed + n_args + 2 * n_keywords > STACK_GUARDRAIL)
    {
      call_ex (c, args, n_args, n_pushed, keywords, n_keywords);
      return;
    }
  visit_exprs (c, args, n_args);
  if (n_keywords > 0)
    {
      visit_keyword_values (c, keywords, n_keywords);
      load_const (c, const_kwnames (c, keywords, n_keywords));
      emit (c, LS_OP_CALL_KW, n_pushed + n_args + n_keywords);
    }
  else
    emit (c, LS_OP_CALL, n_pushed + n_args);
}

/* The line a traceback shows for `obj.attr` spanning lines is the line of
 * the attribute name (CPython 3.11's update_start_location_to_match_attr). */
static gint32
attr_line (const LsExpr *e)
{
  return e->span.end_line > e->span.line ? e->span.end_line : e->span.line;
}

/* `obj.m(args)` without `*`/`**`: LOAD_METHOD avoids the bound method. */
static gboolean
maybe_call_method (Compiler     *c,
                   const LsExpr *e)
{
  const LsExpr *meth = e->call.func;
  guint n_args = e->call.n_args, n_kw = e->call.n_keywords;
  gint32 line;

  if (meth->kind != LS_EXPR_ATTRIBUTE || meth->attribute.ctx != LS_CTX_LOAD
      || has_starred (e->call.args, n_args) || has_double_star (e->call.keywords, n_kw)
      || n_args + 2 * n_kw >= STACK_GUARDRAIL)
    return FALSE;
  line = attr_line (meth);
  visit_expr (c, meth->attribute.value);
  emit_at (c, line, LS_OP_LOAD_METHOD, name_index (c, meth->attribute.attr));
  visit_exprs (c, e->call.args, n_args);
  if (n_kw > 0)
    {
      visit_keyword_values (c, e->call.keywords, n_kw);
      emit_at (c, line, LS_OP_LOAD_CONST, const_kwnames (c, e->call.keywords, n_kw));
      emit_at (c, line, LS_OP_CALL_METHOD_KW, n_args + n_kw);
    }
  else
    emit_at (c, line, LS_OP_CALL_METHOD, n_args);
  return TRUE;
}

static void
visit_call (Compiler     *c,
            const LsExpr *e)
{
  if (maybe_call_method (c, e))
    return;
  visit_expr (c, e->call.func);
  call_helper (c, 0, e->call.args, e->call.n_args, e->call.keywords, e->call.n_keywords);
}

/* --- functions, lambdas, comprehensions ---------------------------------- */

/* compiler_make_closure(): the cells the new function captures, found in
 * this unit's cells or free variables. */
static void
make_closure (Compiler *c,
              LsCode   *code,
              guint     flags)
{
  guint n_free = code != NULL ? code->freevars->len : 0;

  if (n_free > 0)
    {
      for (guint i = 0; i < n_free; i++)
        {
          const char *name = ((LsStr *) code->freevars->items[i].o)->data;
          gint cell = names_find (&c->u->cellvars, name);
          gboolean class_cell = c->u->kind == UNIT_CLASS && strcmp (name, "__class__") == 0;
          LsNameScope scope = ls_scope_get_scope (c->u->scope, name);
          guint32 arg;

          if (class_cell || scope == LS_SCOPE_CELL)
            arg = cell >= 0 ? (guint) cell : names_add (&c->u->cellvars, name);
          else
            arg = c->u->cellvars.list->len + names_add (&c->u->freevars, name);
          emit (c, LS_OP_LOAD_CLOSURE, arg);
        }
      emit (c, LS_OP_BUILD_TUPLE, n_free);
      flags |= 4;
    }
  if (code != NULL)
    load_const (c, add_const_object (c, code));
  else
    load_const (c, const_none (c));
  emit (c, LS_OP_MAKE_FUNCTION, flags);
}

/* compiler_default_arguments(): a tuple of positional defaults, a dict of
 * keyword-only defaults, evaluated where the function is defined. */
static guint
default_arguments (Compiler          *c,
                   const LsArguments *args)
{
  guint flags = 0, n_kw = 0;

  if (args->n_defaults > 0)
    {
      visit_exprs (c, args->defaults, args->n_defaults);
      emit (c, LS_OP_BUILD_TUPLE, args->n_defaults);
      flags |= 1;
    }
  for (guint i = 0; i < args->n_kwonlyargs; i++)
    {
      if (args->kw_defaults[i] == NULL)
        continue;
      load_const (c, const_cstr (c, mangle (c, args->kwonlyargs[i].name)));
      visit_expr (c, args->kw_defaults[i]);
      n_kw++;
    }
  if (n_kw > 0)
    {
      emit (c, LS_OP_BUILD_MAP, n_kw);
      flags |= 2;
    }
  return flags;
}

static void
set_arg_counts (Unit              *u,
                const LsArguments *args)
{
  u->argcount = args->n_posonlyargs + args->n_args;
  u->posonlyargcount = args->n_posonlyargs;
  u->kwonlyargcount = args->n_kwonlyargs;
}

/* A string constant first in a body is its docstring. */
static gboolean
is_docstring (LsStmt *const *body,
              guint          n)
{
  return n > 0 && body[0]->kind == LS_STMT_EXPR && body[0]->expr.value->kind == LS_EXPR_CONSTANT
         && body[0]->expr.value->constant.kind == LS_CONST_STR;
}

static gint32
first_line_of (const LsStmt   *s,
               LsExpr *const  *decorators,
               guint           n_decorators)
{
  return n_decorators > 0 ? decorators[0]->span.line : s->span.line;
}

/* Innermost first; each call reports its decorator's line (3.11). */
static void
apply_decorators (Compiler      *c,
                  LsExpr *const *decorators,
                  guint          n)
{
  for (guint i = n; i > 0; i--)
    emit_at (c, decorators[i - 1]->span.line, LS_OP_CALL, 1);
}

static void
visit_function_def (Compiler     *c,
                    const LsStmt *s)
{
  const LsArguments *args = s->function_def.args;
  gboolean is_async = s->function_def.is_async;
  guint flags;
  LsCode *code;

  visit_exprs (c, s->function_def.decorator_list, s->function_def.n_decorators);
  flags = default_arguments (c, args);
  enter_unit (c, s, is_async ? UNIT_ASYNC_FUNCTION : UNIT_FUNCTION, s->function_def.name,
              first_line_of (s, s->function_def.decorator_list, s->function_def.n_decorators));
  set_arg_counts (c->u, args);
  if (is_docstring (s->function_def.body, s->function_def.n_body))
    visit_stmts (c, s->function_def.body + 1, s->function_def.n_body - 1);
  else
    visit_stmts (c, s->function_def.body, s->function_def.n_body);
  code = exit_unit (c);
  make_closure (c, code, flags);
  apply_decorators (c, s->function_def.decorator_list, s->function_def.n_decorators);
  emit_name (c, s->function_def.name, LS_CTX_STORE);
}

static void
visit_lambda (Compiler     *c,
              const LsExpr *e)
{
  guint flags = default_arguments (c, e->lambda.args);
  LsCode *code;

  enter_unit (c, e, UNIT_LAMBDA, "<lambda>", e->span.line);
  set_arg_counts (c->u, e->lambda.args);
  visit_expr (c, e->lambda.body);
  emit (c, LS_OP_RETURN_VALUE, 0);
  code = exit_unit (c);
  make_closure (c, code, flags);
}

typedef enum { COMP_GENEXP, COMP_LISTCOMP, COMP_SETCOMP, COMP_DICTCOMP } CompKind;

typedef struct
{
  CompKind               kind;
  const LsComprehension *generators;
  guint                  n_generators;
  const LsExpr          *elt;
  const LsExpr          *value;   /* dict comprehensions */
} Comp;

/* compiler_sync_comprehension_generator(): one `for ... in ... if ...`
 * level; the innermost adds the element.  `depth` counts the iterators
 * on the stack above the result being built. */
static void
comprehension_generator (Compiler   *c,
                         const Comp *comp,
                         guint       index,
                         guint       depth)
{
  const LsComprehension *gen = &comp->generators[index];
  guint start = new_label (c), if_cleanup = new_label (c), anchor = new_label (c);

  if (index == 0)
    emit (c, LS_OP_LOAD_FAST, 0);   /* `.0`, the first iterator, an argument */
  else
    {
      visit_expr (c, gen->iter);
      emit (c, LS_OP_GET_ITER, 0);
    }
  depth++;
  place_label (c, start);
  emit_jump (c, LS_OP_FOR_ITER, anchor);
  visit_expr (c, gen->target);
  for (guint i = 0; i < gen->n_ifs; i++)
    jump_if (c, gen->ifs[i], if_cleanup, FALSE);
  if (index + 1 < comp->n_generators)
    comprehension_generator (c, comp, index + 1, depth);
  else
    switch (comp->kind)
      {
      case COMP_GENEXP:
        visit_expr (c, comp->elt);
        emit (c, LS_OP_YIELD_VALUE, 0);
        emit (c, LS_OP_POP_TOP, 0);
        break;
      case COMP_LISTCOMP:
        visit_expr (c, comp->elt);
        emit (c, LS_OP_LIST_APPEND, depth + 1);
        break;
      case COMP_SETCOMP:
        visit_expr (c, comp->elt);
        emit (c, LS_OP_SET_ADD, depth + 1);
        break;
      case COMP_DICTCOMP:
        visit_expr (c, comp->elt);
        visit_expr (c, comp->value);
        emit (c, LS_OP_MAP_ADD, depth + 1);
        break;
      }
  place_label (c, if_cleanup);
  emit_jump (c, LS_OP_JUMP, start);
  place_label (c, anchor);
}

/* compiler_comprehension(): a hidden function called at once with the
 * first iterator, which is evaluated in the enclosing scope. */
static void
visit_comprehension (Compiler     *c,
                     const LsExpr *e,
                     const Comp   *comp,
                     const char   *name)
{
  static const LsOpcode builds[] = { LS_OP_NOP, LS_OP_BUILD_LIST, LS_OP_BUILD_SET, LS_OP_BUILD_MAP };
  gboolean is_async;
  LsCode *code;

  enter_unit (c, e, UNIT_COMPREHENSION, name, e->span.line);
  c->u->argcount = 1;
  is_async = c->u->scope->is_coroutine;
  if (is_async && comp->kind == COMP_GENEXP)
    error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, e->span, "Loopscope does not support asynchronous generators");
  else if (is_async && c->u->parent->kind != UNIT_ASYNC_FUNCTION && c->u->parent->kind != UNIT_COMPREHENSION)
    syntax_error (c, e->span, "asynchronous comprehension outside of an asynchronous function");
  if (comp->kind != COMP_GENEXP)
    emit (c, builds[comp->kind], 0);
  comprehension_generator (c, comp, 0, 0);
  if (comp->kind != COMP_GENEXP)
    emit (c, LS_OP_RETURN_VALUE, 0);
  code = exit_unit (c);
  make_closure (c, code, 0);
  visit_expr (c, comp->generators[0].iter);
  emit (c, LS_OP_GET_ITER, 0);
  emit (c, LS_OP_CALL, 1);
  if (is_async && comp->kind != COMP_GENEXP)
    await_top (c, 0);
}

static void
visit_comp_expr (Compiler     *c,
                 const LsExpr *e)
{
  Comp comp = { 0 };
  const char *name;

  switch (e->kind)
    {
    case LS_EXPR_LIST_COMP:
      comp.kind = COMP_LISTCOMP;
      name = "<listcomp>";
      break;
    case LS_EXPR_SET_COMP:
      comp.kind = COMP_SETCOMP;
      name = "<setcomp>";
      break;
    case LS_EXPR_DICT_COMP:
      comp.kind = COMP_DICTCOMP;
      name = "<dictcomp>";
      break;
    case LS_EXPR_GENERATOR_EXP:
    default:
      comp.kind = COMP_GENEXP;
      name = "<genexpr>";
      break;
    }
  if (comp.kind == COMP_DICTCOMP)
    {
      comp.generators = e->dict_comp.generators;
      comp.n_generators = e->dict_comp.n_generators;
      comp.elt = e->dict_comp.key;
      comp.value = e->dict_comp.value;
    }
  else
    {
      comp.generators = e->comp.generators;
      comp.n_generators = e->comp.n_generators;
      comp.elt = e->comp.elt;
    }
  if (comp.generators[0].is_async)
    error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, e->span, "Loopscope does not support asynchronous comprehensions");
  for (guint i = 1; i < comp.n_generators; i++)
    if (comp.generators[i].is_async)
      error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, e->span, "Loopscope does not support asynchronous comprehensions");
  visit_comprehension (c, e, &comp, name);
}

/* --- expressions --------------------------------------------------------- */

static void
visit_attribute (Compiler     *c,
                 const LsExpr *e)
{
  static const LsOpcode ops[] = { LS_OP_LOAD_ATTR, LS_OP_STORE_ATTR, LS_OP_DELETE_ATTR };

  visit_expr (c, e->attribute.value);
  emit_at (c, attr_line (e), ops[e->attribute.ctx], name_index (c, e->attribute.attr));
}

static void
visit_subscript (Compiler     *c,
                 const LsExpr *e)
{
  static const LsOpcode ops[] = { LS_OP_BINARY_SUBSCR, LS_OP_STORE_SUBSCR, LS_OP_DELETE_SUBSCR };

  visit_expr (c, e->subscript.value);
  visit_expr (c, e->subscript.slice);
  emit (c, ops[e->subscript.ctx], 0);
}

static void
visit_slice (Compiler     *c,
             const LsExpr *e)
{
  guint n = 2;

  if (e->slice.lower != NULL)
    visit_expr (c, e->slice.lower);
  else
    load_const (c, const_none (c));
  if (e->slice.upper != NULL)
    visit_expr (c, e->slice.upper);
  else
    load_const (c, const_none (c));
  if (e->slice.step != NULL)
    {
      visit_expr (c, e->slice.step);
      n++;
    }
  emit (c, LS_OP_BUILD_SLICE, n);
}

static void
visit_formatted_value (Compiler     *c,
                       const LsExpr *e)
{
  guint arg;

  visit_expr (c, e->formatted_value.value);
  switch (e->formatted_value.conversion)
    {
    case 's':
      arg = 1;
      break;
    case 'r':
      arg = 2;
      break;
    case 'a':
      arg = 3;
      break;
    default:
      arg = 0;
      break;
    }
  if (e->formatted_value.format_spec != NULL)
    {
      visit_expr (c, e->formatted_value.format_spec);
      arg |= 4;
    }
  emit (c, LS_OP_FORMAT_VALUE, arg);
}

static void
visit_joined_str (Compiler     *c,
                  const LsExpr *e)
{
  visit_exprs (c, e->joined_str.values, e->joined_str.n_values);
  if (e->joined_str.n_values != 1)
    emit (c, LS_OP_BUILD_STRING, e->joined_str.n_values);
}

static gboolean
in_function (Compiler *c)
{
  return c->u->scope->type == LS_BLOCK_FUNCTION;
}

static void
visit_await (Compiler     *c,
             const LsExpr *e)
{
  if (!in_function (c))
    syntax_error (c, e->span, "'await' outside function");
  else if (c->u->kind != UNIT_ASYNC_FUNCTION && c->u->kind != UNIT_COMPREHENSION)
    syntax_error (c, e->span, "'await' outside async function");
  visit_expr (c, e->unary.value);
  await_top (c, 0);
}

static void
visit_yield (Compiler     *c,
             const LsExpr *e)
{
  if (!in_function (c))
    syntax_error (c, e->span, "'yield' outside function");
  else if (c->u->kind == UNIT_ASYNC_FUNCTION)
    error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, e->span, "Loopscope does not support asynchronous generators");
  if (e->kind == LS_EXPR_YIELD_FROM)
    {
      if (c->u->kind == UNIT_ASYNC_FUNCTION)
        syntax_error (c, e->span, "'yield from' inside async function");
      visit_expr (c, e->unary.value);
      emit (c, LS_OP_GET_YIELD_FROM_ITER, 0);
      load_const (c, const_none (c));
      emit (c, LS_OP_YIELD_FROM, 0);
      return;
    }
  if (e->unary.value != NULL)
    visit_expr (c, e->unary.value);
  else
    load_const (c, const_none (c));
  emit (c, LS_OP_YIELD_VALUE, 0);
}

static void
visit_starred (Compiler     *c,
               const LsExpr *e)
{
  if (e->starred.ctx == LS_CTX_STORE)
    syntax_error (c, e->span, "starred assignment target must be in a list or tuple");
  else
    syntax_error (c, e->span, "can't use starred expression here");
}

static void
visit_expr_kind (Compiler     *c,
                 const LsExpr *e)
{
  if (e->kind != LS_EXPR_CONSTANT && is_foldable (e))
    {
      load_const (c, fold (c, e));
      return;
    }
  switch (e->kind)
    {
    case LS_EXPR_BOOL_OP:
      visit_bool_op (c, e);
      break;
    case LS_EXPR_NAMED_EXPR:
      visit_expr (c, e->named_expr.value);
      emit (c, LS_OP_DUP_TOP, 0);
      visit_expr (c, e->named_expr.target);
      break;
    case LS_EXPR_BIN_OP:
      visit_expr (c, e->bin_op.left);
      visit_expr (c, e->bin_op.right);
      emit (c, LS_OP_BINARY_OP, e->bin_op.op);
      break;
    case LS_EXPR_UNARY_OP:
      visit_expr (c, e->unary_op.operand);
      emit (c, LS_OP_UNARY_OP, e->unary_op.op);
      break;
    case LS_EXPR_LAMBDA:
      visit_lambda (c, e);
      break;
    case LS_EXPR_IF_EXP:
      visit_if_exp (c, e);
      break;
    case LS_EXPR_DICT:
      visit_dict (c, e);
      break;
    case LS_EXPR_SET:
      starunpack (c, e->seq.elts, e->seq.n_elts, 0, LS_OP_BUILD_SET, LS_OP_SET_ADD, LS_OP_SET_UPDATE, FALSE);
      break;
    case LS_EXPR_LIST_COMP:
    case LS_EXPR_SET_COMP:
    case LS_EXPR_DICT_COMP:
    case LS_EXPR_GENERATOR_EXP:
      visit_comp_expr (c, e);
      break;
    case LS_EXPR_AWAIT:
      visit_await (c, e);
      break;
    case LS_EXPR_YIELD:
    case LS_EXPR_YIELD_FROM:
      visit_yield (c, e);
      break;
    case LS_EXPR_COMPARE:
      visit_compare (c, e);
      break;
    case LS_EXPR_CALL:
      visit_call (c, e);
      break;
    case LS_EXPR_FORMATTED_VALUE:
      visit_formatted_value (c, e);
      break;
    case LS_EXPR_JOINED_STR:
      visit_joined_str (c, e);
      break;
    case LS_EXPR_CONSTANT:
      load_const (c, const_of (c, e));
      break;
    case LS_EXPR_ATTRIBUTE:
      visit_attribute (c, e);
      break;
    case LS_EXPR_SUBSCRIPT:
      visit_subscript (c, e);
      break;
    case LS_EXPR_STARRED:
      visit_starred (c, e);
      break;
    case LS_EXPR_NAME:
      emit_name (c, e->name.id, e->name.ctx);
      break;
    case LS_EXPR_LIST:
      visit_sequence (c, e, LS_OP_BUILD_LIST, FALSE);
      break;
    case LS_EXPR_TUPLE:
      visit_sequence (c, e, LS_OP_BUILD_LIST, TRUE);
      break;
    case LS_EXPR_SLICE:
      visit_slice (c, e);
      break;
    }
}

/* Every instruction carries the line of the node it comes from. */
static void
visit_expr (Compiler     *c,
            const LsExpr *e)
{
  gint32 saved = c->u->line;

  c->u->line = e->span.line;
  visit_expr_kind (c, e);
  c->u->line = saved;
}

/* --- statements ---------------------------------------------------------- */

static void
visit_assign (Compiler     *c,
              const LsStmt *s)
{
  visit_expr (c, s->assign.value);
  for (guint i = 0; i < s->assign.n_targets; i++)
    {
      if (i + 1 < s->assign.n_targets)
        emit (c, LS_OP_DUP_TOP, 0);
      visit_expr (c, s->assign.targets[i]);
    }
}

/* compiler_augassign(): the target's object and key are evaluated once. */
static void
visit_aug_assign (Compiler     *c,
                  const LsStmt *s)
{
  const LsExpr *t = s->aug_assign.target;
  gint32 saved = c->u->line;

  c->u->line = t->span.line;
  switch (t->kind)
    {
    case LS_EXPR_ATTRIBUTE:
      visit_expr (c, t->attribute.value);
      emit (c, LS_OP_DUP_TOP, 0);
      emit_at (c, attr_line (t), LS_OP_LOAD_ATTR, name_index (c, t->attribute.attr));
      break;
    case LS_EXPR_SUBSCRIPT:
      visit_expr (c, t->subscript.value);
      visit_expr (c, t->subscript.slice);
      emit (c, LS_OP_DUP_TOP_TWO, 0);
      emit (c, LS_OP_BINARY_SUBSCR, 0);
      break;
    default:
      emit_name (c, t->name.id, LS_CTX_LOAD);
      break;
    }
  c->u->line = saved;
  visit_expr (c, s->aug_assign.value);
  emit (c, LS_OP_BINARY_OP, s->aug_assign.op | 0x100);
  c->u->line = t->span.line;
  switch (t->kind)
    {
    case LS_EXPR_ATTRIBUTE:
      emit (c, LS_OP_ROT_TWO, 0);
      emit_at (c, attr_line (t), LS_OP_STORE_ATTR, name_index (c, t->attribute.attr));
      break;
    case LS_EXPR_SUBSCRIPT:
      emit (c, LS_OP_ROT_THREE, 0);
      emit (c, LS_OP_STORE_SUBSCR, 0);
      break;
    default:
      emit_name (c, t->name.id, LS_CTX_STORE);
      break;
    }
  c->u->line = saved;
}

/* Only the value is evaluated: Loopscope keeps no __annotations__.  An
 * attribute or subscript target without a value still evaluates its
 * object, as CPython's check_ann_expr(). */
static void
visit_ann_assign (Compiler     *c,
                  const LsStmt *s)
{
  const LsExpr *t = s->ann_assign.target;

  if (s->ann_assign.value != NULL)
    {
      visit_expr (c, s->ann_assign.value);
      visit_expr (c, t);
      return;
    }
  if (t->kind == LS_EXPR_ATTRIBUTE)
    {
      visit_expr (c, t->attribute.value);
      emit (c, LS_OP_POP_TOP, 0);
    }
  else if (t->kind == LS_EXPR_SUBSCRIPT)
    {
      visit_expr (c, t->subscript.value);
      emit (c, LS_OP_POP_TOP, 0);
      visit_expr (c, t->subscript.slice);
      emit (c, LS_OP_POP_TOP, 0);
    }
}

static void
visit_return (Compiler     *c,
              const LsStmt *s)
{
  const LsExpr *value = s->return_.value;
  gboolean preserve_tos = value != NULL && value->kind != LS_EXPR_CONSTANT;

  if (!in_function (c))
    {
      syntax_error (c, s->span, "'return' outside function");
      return;
    }
  if (preserve_tos)
    visit_expr (c, value);
  unwind_fblock_stack (c, preserve_tos, NULL);
  if (value == NULL)
    load_const (c, const_none (c));
  else if (!preserve_tos)
    visit_expr (c, value);
  emit (c, LS_OP_RETURN_VALUE, 0);
}

static void
visit_break (Compiler     *c,
             const LsStmt *s)
{
  FBlock *loop = NULL;

  unwind_fblock_stack (c, FALSE, &loop);
  if (loop == NULL)
    {
      syntax_error (c, s->span, "'break' outside loop");
      return;
    }
  unwind_fblock (c, loop, FALSE);
  emit_jump (c, LS_OP_JUMP, loop->exit);
}

static void
visit_continue (Compiler     *c,
                const LsStmt *s)
{
  FBlock *loop = NULL;

  unwind_fblock_stack (c, FALSE, &loop);
  if (loop == NULL)
    {
      syntax_error (c, s->span, "'continue' not properly in loop");
      return;
    }
  emit_jump (c, LS_OP_JUMP, loop->block);
}

static void
visit_if (Compiler     *c,
          const LsStmt *s)
{
  guint end = new_label (c);
  guint next = s->cond.n_orelse > 0 ? new_label (c) : end;

  jump_if (c, s->cond.test, next, FALSE);
  visit_stmts (c, s->cond.body, s->cond.n_body);
  if (s->cond.n_orelse > 0)
    {
      emit_jump (c, LS_OP_JUMP, end);
      place_label (c, next);
      visit_stmts (c, s->cond.orelse, s->cond.n_orelse);
    }
  place_label (c, end);
}

/* A constant test: 1 true, 0 false, -1 not a constant (expr_constant()). */
static int
constant_truth (const LsExpr *e)
{
  if (e->kind != LS_EXPR_CONSTANT)
    return -1;
  switch (e->constant.kind)
    {
    case LS_CONST_NONE:
    case LS_CONST_FALSE:
      return 0;
    case LS_CONST_TRUE:
    case LS_CONST_ELLIPSIS:
      return 1;
    case LS_CONST_INT:
      return e->constant.i != 0;
    case LS_CONST_FLOAT:
      return e->constant.f != 0.0;
    case LS_CONST_STR:
    default:
      return e->constant.s.len != 0;
    }
}

static void
visit_while (Compiler     *c,
             const LsStmt *s)
{
  guint loop = new_label (c), end = new_label (c), anchor = new_label (c);
  int truth = constant_truth (s->cond.test);

  place_label (c, loop);
  push_fblock (c, FB_WHILE_LOOP, loop, end, NULL, s->span);
  /* `while True:` tests nothing; `while False:` still compiles its body,
   * which never runs. */
  if (truth != 1)
    jump_if (c, s->cond.test, anchor, FALSE);
  visit_stmts (c, s->cond.body, s->cond.n_body);
  emit_jump (c, LS_OP_JUMP, loop);
  place_label (c, anchor);
  pop_fblock (c);
  visit_stmts (c, s->cond.orelse, s->cond.n_orelse);
  place_label (c, end);
}

static void
visit_for (Compiler     *c,
           const LsStmt *s)
{
  guint start = new_label (c), cleanup = new_label (c), end = new_label (c);

  if (s->for_.is_async)
    {
      error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, s->span, "Loopscope does not support 'async for'");
      return;
    }
  visit_expr (c, s->for_.iter);
  emit (c, LS_OP_GET_ITER, 0);
  place_label (c, start);
  push_fblock (c, FB_FOR_LOOP, start, end, NULL, s->span);
  emit_jump (c, LS_OP_FOR_ITER, cleanup);
  visit_expr (c, s->for_.target);
  visit_stmts (c, s->for_.body, s->for_.n_body);
  emit_jump (c, LS_OP_JUMP, start);
  place_label (c, cleanup);
  pop_fblock (c);
  visit_stmts (c, s->for_.orelse, s->for_.n_orelse);
  place_label (c, end);
}

/* `except E as e:` — the body is wrapped in a try/finally that ends with
 * `e = None; del e`, so the exception does not outlive the clause. */
static void
handler_body_named (Compiler              *c,
                    const LsExceptHandler *h,
                    guint                  end)
{
  guint cleanup_end = new_label (c), cleanup_body = new_label (c);

  emit_name (c, h->name, LS_CTX_STORE);
  emit_jump (c, LS_OP_SETUP_FINALLY, cleanup_end);
  place_label (c, cleanup_body);
  push_fblock (c, FB_HANDLER_CLEANUP, cleanup_body, 0, h->name, h->span);
  visit_stmts (c, h->body, h->n_body);
  pop_fblock (c);
  emit (c, LS_OP_POP_BLOCK, 0);
  emit (c, LS_OP_POP_EXCEPT, 0);
  load_const (c, const_none (c));
  emit_name (c, h->name, LS_CTX_STORE);
  emit_name (c, h->name, LS_CTX_DEL);
  emit_jump (c, LS_OP_JUMP, end);
  /* An exception in the clause: clear the name, raise it on. */
  place_label (c, cleanup_end);
  load_const (c, const_none (c));
  emit_name (c, h->name, LS_CTX_STORE);
  emit_name (c, h->name, LS_CTX_DEL);
  emit (c, LS_OP_RERAISE, 0);
}

static void
handler_body_unnamed (Compiler              *c,
                      const LsExceptHandler *h,
                      guint                  end)
{
  guint cleanup_body = new_label (c);

  emit (c, LS_OP_POP_TOP, 0);
  place_label (c, cleanup_body);
  push_fblock (c, FB_HANDLER_CLEANUP, cleanup_body, 0, NULL, h->span);
  visit_stmts (c, h->body, h->n_body);
  pop_fblock (c);
  emit (c, LS_OP_POP_EXCEPT, 0);
  emit_jump (c, LS_OP_JUMP, end);
}

/* compiler_try_except().  At each handler the exception is the one value
 * on the stack above the try's level, and an except-handler block holds
 * the exception handled before. */
static void
try_except (Compiler     *c,
            const LsStmt *s)
{
  guint except = new_label (c), orelse = new_label (c), end = new_label (c);
  guint body = new_label (c);

  emit_jump (c, LS_OP_SETUP_FINALLY, except);
  place_label (c, body);
  push_fblock (c, FB_TRY_EXCEPT, body, 0, NULL, s->span);
  visit_stmts (c, s->try_.body, s->try_.n_body);
  pop_fblock (c);
  emit (c, LS_OP_POP_BLOCK, 0);
  emit_jump (c, LS_OP_JUMP, orelse);
  for (guint i = 0; i < s->try_.n_handlers; i++)
    {
      const LsExceptHandler *h = &s->try_.handlers[i];
      gint32 saved = c->u->line;

      place_label (c, except);
      c->u->line = h->span.line;
      if (h->type == NULL && i + 1 < s->try_.n_handlers)
        syntax_error (c, h->span, "default 'except:' must be last");
      except = new_label (c);
      if (h->type != NULL)
        {
          visit_expr (c, h->type);
          emit_jump (c, LS_OP_JUMP_IF_NOT_EXC_MATCH, except);
        }
      if (h->name != NULL)
        handler_body_named (c, h, end);
      else
        handler_body_unnamed (c, h, end);
      c->u->line = saved;
    }
  place_label (c, except);
  emit (c, LS_OP_RERAISE, 0);
  place_label (c, orelse);
  visit_stmts (c, s->try_.orelse, s->try_.n_orelse);
  place_label (c, end);
}

/* compiler_try_finally(): the finally body is compiled twice, once for the
 * normal exit and once for the exception path, which ends in RERAISE;
 * return/break/continue inside copy it again (unwind_fblock). */
static void
try_finally (Compiler     *c,
             const LsStmt *s)
{
  guint body = new_label (c), end = new_label (c), exit = new_label (c);

  emit_jump (c, LS_OP_SETUP_FINALLY, end);
  place_label (c, body);
  push_fblock (c, FB_FINALLY_TRY, body, end, s, s->span);
  if (s->try_.n_handlers > 0)
    try_except (c, s);
  else
    visit_stmts (c, s->try_.body, s->try_.n_body);
  emit (c, LS_OP_POP_BLOCK, 0);
  pop_fblock (c);
  visit_stmts (c, s->try_.finalbody, s->try_.n_finalbody);
  emit_jump (c, LS_OP_JUMP, exit);
  place_label (c, end);
  push_fblock (c, FB_FINALLY_END, end, 0, NULL, s->span);
  visit_stmts (c, s->try_.finalbody, s->try_.n_finalbody);
  pop_fblock (c);
  emit (c, LS_OP_RERAISE, 0);
  place_label (c, exit);
}

static void
visit_try (Compiler     *c,
           const LsStmt *s)
{
  if (s->try_.n_finalbody > 0)
    try_finally (c, s);
  else
    try_except (c, s);
}

/* The exception path of a with block: exit(type, exc, tb) decides whether
 * the exception is swallowed (with_except_finish()). */
static void
with_except_finish (Compiler *c,
                    gboolean  is_async)
{
  guint suppress = new_label (c);

  emit (c, LS_OP_WITH_EXCEPT_START, 0);
  if (is_async)
    await_top (c, 2);
  emit_jump (c, LS_OP_POP_JUMP_IF_TRUE, suppress);
  emit (c, LS_OP_RERAISE, 0);
  place_label (c, suppress);
  emit (c, LS_OP_POP_TOP, 0);     /* the exception */
  emit (c, LS_OP_POP_EXCEPT, 0);
  emit (c, LS_OP_POP_TOP, 0);     /* exit */
}

/* Binds `as` target and enters the protected region.  BEFORE_WITH leaves
 * `exit result`, but the handler wants only `exit` under the exception,
 * so the result is stored before SETUP_FINALLY.  A store that can fail
 * (attribute, item, unpacking) is covered by its own small handler that
 * drops the result and joins the main one, so __exit__ still runs. */
static void
with_bind_target (Compiler     *c,
                  const LsExpr *target,
                  guint         handler)
{
  guint store_failed, joined;

  if (target == NULL || target->kind == LS_EXPR_NAME)
    {
      if (target == NULL)
        emit (c, LS_OP_POP_TOP, 0);
      else
        visit_expr (c, target);
      emit_jump (c, LS_OP_SETUP_FINALLY, handler);
      return;
    }
  store_failed = new_label (c);
  joined = new_label (c);
  emit_jump (c, LS_OP_SETUP_FINALLY, store_failed);
  visit_expr (c, target);
  emit (c, LS_OP_POP_BLOCK, 0);
  emit_jump (c, LS_OP_SETUP_FINALLY, handler);
  emit_jump (c, LS_OP_JUMP, joined);
  place_label (c, store_failed);
  emit (c, LS_OP_ROT_TWO, 0);
  emit (c, LS_OP_POP_TOP, 0);
  emit_jump (c, LS_OP_JUMP, handler);
  place_label (c, joined);
}

/* compiler_with()/compiler_async_with(): several items nest. */
static void
visit_with_item (Compiler     *c,
                 const LsStmt *s,
                 guint         pos)
{
  const LsWithItem *item = &s->with.items[pos];
  gboolean is_async = s->with.is_async;
  guint handler = new_label (c), exit = new_label (c);

  if (is_async && c->u->kind != UNIT_ASYNC_FUNCTION)
    syntax_error (c, s->span, "'async with' outside async function");
  visit_expr (c, item->context_expr);
  if (is_async)
    {
      emit (c, LS_OP_BEFORE_ASYNC_WITH, 0);
      await_top (c, 1);
    }
  else
    emit (c, LS_OP_BEFORE_WITH, 0);
  with_bind_target (c, item->optional_vars, handler);
  push_fblock (c, is_async ? FB_ASYNC_WITH : FB_WITH, 0, 0, s, s->span);
  if (pos + 1 < s->with.n_items)
    visit_with_item (c, s, pos + 1);
  else
    visit_stmts (c, s->with.body, s->with.n_body);
  pop_fblock (c);
  /* Both exits run at the with statement's line, as CPython's. */
  c->u->line = s->span.line;
  emit (c, LS_OP_POP_BLOCK, 0);
  call_exit_with_nones (c);
  if (is_async)
    await_top (c, 2);
  emit (c, LS_OP_POP_TOP, 0);
  emit_jump (c, LS_OP_JUMP, exit);
  place_label (c, handler);
  with_except_finish (c, is_async);
  place_label (c, exit);
}

static void
visit_raise (Compiler     *c,
             const LsStmt *s)
{
  guint n = 0;

  if (s->raise.exc != NULL)
    {
      visit_expr (c, s->raise.exc);
      n++;
      if (s->raise.cause != NULL)
        {
          visit_expr (c, s->raise.cause);
          n++;
        }
    }
  emit (c, LS_OP_RAISE_VARARGS, n);
}

static void
visit_assert (Compiler     *c,
              const LsStmt *s)
{
  guint end = new_label (c);

  jump_if (c, s->assert_.test, end, TRUE);
  emit (c, LS_OP_LOAD_ASSERTION_ERROR, 0);
  if (s->assert_.msg != NULL)
    {
      visit_expr (c, s->assert_.msg);
      emit (c, LS_OP_CALL, 1);
    }
  emit (c, LS_OP_RAISE_VARARGS, 1);
  place_label (c, end);
}

/* `import a.b` binds the top package `a`: IMPORT_NAME returns exactly the
 * module it names, so after loading `a.b` the package is imported by its
 * own name (CPython gets the same from __import__ without a fromlist). */
static void
import_alias (Compiler      *c,
              const LsAlias *alias)
{
  const char *dot = strchr (alias->name, '.');
  const char *top;

  emit_name_op (c, LS_OP_IMPORT_NAME, alias->name);
  if (alias->asname != NULL || dot == NULL)
    {
      emit_name (c, alias->asname != NULL ? alias->asname : alias->name, LS_CTX_STORE);
      return;
    }
  top = ls_symtable_intern_len (c->st, alias->name, dot - alias->name);
  emit (c, LS_OP_POP_TOP, 0);
  emit_name_op (c, LS_OP_IMPORT_NAME, top);
  emit_name (c, top, LS_CTX_STORE);
}

static void
visit_import (Compiler     *c,
              const LsStmt *s)
{
  for (guint i = 0; i < s->import.n_names; i++)
    {
      c->u->line = s->import.names[i].span.line;
      import_alias (c, &s->import.names[i]);
    }
}

static void
visit_import_from (Compiler     *c,
                   const LsStmt *s)
{
  const char *module = s->import_from.module != NULL ? s->import_from.module : "";
  g_autofree char *dots = g_strnfill (s->import_from.level, '.');
  g_autofree char *dotted = g_strconcat (dots, module, NULL);
  /* A relative import fails at run time, as in CPython's __main__. */
  const char *name = ls_symtable_intern_len (c->st, dotted, strlen (dotted));

  if (s->import_from.n_names == 1 && strcmp (s->import_from.names[0].name, "*") == 0)
    {
      error_at (c, LS_SYNTAX_ERROR_UNSUPPORTED, s->span, "Loopscope does not support 'import *'");
      return;
    }
  emit_name_op (c, LS_OP_IMPORT_NAME, name);
  for (guint i = 0; i < s->import_from.n_names; i++)
    {
      const LsAlias *alias = &s->import_from.names[i];

      emit_name_op (c, LS_OP_IMPORT_FROM, alias->name);
      emit_name (c, alias->asname != NULL ? alias->asname : alias->name, LS_CTX_STORE);
    }
  emit (c, LS_OP_POP_TOP, 0);
}

static void
visit_delete (Compiler     *c,
              const LsStmt *s)
{
  visit_exprs (c, s->delete_.targets, s->delete_.n_targets);
}

static void
visit_expr_stmt (Compiler     *c,
                 const LsStmt *s)
{
  /* A lone constant (a docstring, `...`) does nothing. */
  if (s->expr.value->kind == LS_EXPR_CONSTANT)
    return;
  visit_expr (c, s->expr.value);
  emit (c, LS_OP_POP_TOP, 0);
}

static void visit_class_def (Compiler *c, const LsStmt *s);

static void
visit_stmt (Compiler     *c,
            const LsStmt *s)
{
  gint32 saved = c->u->line;

  c->u->line = s->span.line;
  c->u->last_line = s->span.line;
  switch (s->kind)
    {
    case LS_STMT_FUNCTION_DEF:
      visit_function_def (c, s);
      break;
    case LS_STMT_CLASS_DEF:
      visit_class_def (c, s);
      break;
    case LS_STMT_RETURN:
      visit_return (c, s);
      break;
    case LS_STMT_DELETE:
      visit_delete (c, s);
      break;
    case LS_STMT_ASSIGN:
      visit_assign (c, s);
      break;
    case LS_STMT_AUG_ASSIGN:
      visit_aug_assign (c, s);
      break;
    case LS_STMT_ANN_ASSIGN:
      visit_ann_assign (c, s);
      break;
    case LS_STMT_FOR:
      visit_for (c, s);
      break;
    case LS_STMT_WHILE:
      visit_while (c, s);
      break;
    case LS_STMT_IF:
      visit_if (c, s);
      break;
    case LS_STMT_WITH:
      visit_with_item (c, s, 0);
      break;
    case LS_STMT_RAISE:
      visit_raise (c, s);
      break;
    case LS_STMT_TRY:
      visit_try (c, s);
      break;
    case LS_STMT_ASSERT:
      visit_assert (c, s);
      break;
    case LS_STMT_IMPORT:
      visit_import (c, s);
      break;
    case LS_STMT_IMPORT_FROM:
      visit_import_from (c, s);
      break;
    case LS_STMT_EXPR:
      visit_expr_stmt (c, s);
      break;
    case LS_STMT_BREAK:
      visit_break (c, s);
      break;
    case LS_STMT_CONTINUE:
      visit_continue (c, s);
      break;
    case LS_STMT_GLOBAL:
    case LS_STMT_NONLOCAL:
    case LS_STMT_PASS:
      break;
    }
  c->u->line = saved;
}

static void
visit_stmts (Compiler      *c,
             LsStmt *const *stmts,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    visit_stmt (c, stmts[i]);
}

/* compiler_body(): a module's or class's docstring becomes __doc__. */
static void
visit_body (Compiler      *c,
            LsStmt *const *body,
            guint          n)
{
  if (is_docstring (body, n))
    {
      c->u->line = body[0]->span.line;
      visit_expr (c, body[0]->expr.value);
      emit_name (c, "__doc__", LS_CTX_STORE);
      body++;
      n--;
    }
  visit_stmts (c, body, n);
}

/* compiler_class(): the body runs as a function whose locals are the
 * namespace; it returns the __class__ cell (or None) so __build_class__
 * can fill it for zero-argument super(). */
static LsCode *
class_body (Compiler     *c,
            const LsStmt *s)
{
  enter_unit (c, s, UNIT_CLASS, s->class_def.name,
              first_line_of (s, s->class_def.decorator_list, s->class_def.n_decorators));
  c->u->private_name = s->class_def.name;
  emit_name (c, "__name__", LS_CTX_LOAD);
  emit_name (c, "__module__", LS_CTX_STORE);
  load_const (c, const_cstr (c, c->u->qualname));
  emit_name (c, "__qualname__", LS_CTX_STORE);
  visit_body (c, s->class_def.body, s->class_def.n_body);
  c->u->line = s->span.line;
  if (c->u->scope->needs_class_closure)
    {
      emit (c, LS_OP_LOAD_CLOSURE, names_find (&c->u->cellvars, "__class__"));
      emit (c, LS_OP_DUP_TOP, 0);
      emit_name (c, "__classcell__", LS_CTX_STORE);
    }
  else
    load_const (c, const_none (c));
  emit (c, LS_OP_RETURN_VALUE, 0);
  return exit_unit (c);
}

static void
visit_class_def (Compiler     *c,
                 const LsStmt *s)
{
  LsCode *code;

  visit_exprs (c, s->class_def.decorator_list, s->class_def.n_decorators);
  code = class_body (c, s);
  emit (c, LS_OP_LOAD_BUILD_CLASS, 0);
  make_closure (c, code, 0);
  load_const (c, const_cstr (c, s->class_def.name));
  call_helper (c, 2, s->class_def.bases, s->class_def.n_bases, s->class_def.keywords, s->class_def.n_keywords);
  apply_decorators (c, s->class_def.decorator_list, s->class_def.n_decorators);
  emit_name (c, s->class_def.name, LS_CTX_STORE);
}

/* --- public -------------------------------------------------------------- */

LsCode *
ls_compile (LsVM        *vm,
            const LsAst *ast,
            GError     **error)
{
  Compiler c = { vm, NULL, NULL, NULL, NULL };
  LsCode *code;

  c.st = ls_symtable_build (ast, error);
  if (c.st == NULL)
    return NULL;
  /* interned, so that telling the scenario's frames from the library's
   * (ls_trace_user_line) is a pointer comparison with vm->main_filename */
  c.filename = ls_str_intern_cstr (vm, ast->filename != NULL ? ast->filename : "<string>");
  enter_unit (&c, NULL, UNIT_MODULE, "<module>", 1);
  visit_body (&c, ast->body, ast->n_body);
  code = exit_unit (&c);
  ls_symtable_free (c.st);
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      return NULL;
    }
  return code;
}
