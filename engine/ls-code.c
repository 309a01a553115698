/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-code.c — opcode names and the disassembler.
 *
 * The listing looks like CPython's `dis` (line, jump-target mark, index,
 * name, argument, what the argument means) so a listing can be read next
 * to `python3 -m dis`.  Nested code objects follow their parent.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-ast.h"
#include "ls-code.h"
#include "ls-number-format.h"
#include "ls-opcodes.h"

static const char *const opcode_names[LS_N_OPCODES] = {
  [LS_OP_NOP] = "NOP",
  [LS_OP_POP_TOP] = "POP_TOP",
  [LS_OP_DUP_TOP] = "DUP_TOP",
  [LS_OP_DUP_TOP_TWO] = "DUP_TOP_TWO",
  [LS_OP_ROT_TWO] = "ROT_TWO",
  [LS_OP_ROT_THREE] = "ROT_THREE",
  [LS_OP_ROT_FOUR] = "ROT_FOUR",
  [LS_OP_LOAD_CONST] = "LOAD_CONST",
  [LS_OP_LOAD_FAST] = "LOAD_FAST",
  [LS_OP_STORE_FAST] = "STORE_FAST",
  [LS_OP_DELETE_FAST] = "DELETE_FAST",
  [LS_OP_LOAD_DEREF] = "LOAD_DEREF",
  [LS_OP_STORE_DEREF] = "STORE_DEREF",
  [LS_OP_DELETE_DEREF] = "DELETE_DEREF",
  [LS_OP_LOAD_CLOSURE] = "LOAD_CLOSURE",
  [LS_OP_LOAD_CLASSDEREF] = "LOAD_CLASSDEREF",
  [LS_OP_LOAD_GLOBAL] = "LOAD_GLOBAL",
  [LS_OP_STORE_GLOBAL] = "STORE_GLOBAL",
  [LS_OP_DELETE_GLOBAL] = "DELETE_GLOBAL",
  [LS_OP_LOAD_NAME] = "LOAD_NAME",
  [LS_OP_STORE_NAME] = "STORE_NAME",
  [LS_OP_DELETE_NAME] = "DELETE_NAME",
  [LS_OP_LOAD_ATTR] = "LOAD_ATTR",
  [LS_OP_STORE_ATTR] = "STORE_ATTR",
  [LS_OP_DELETE_ATTR] = "DELETE_ATTR",
  [LS_OP_LOAD_METHOD] = "LOAD_METHOD",
  [LS_OP_BINARY_SUBSCR] = "BINARY_SUBSCR",
  [LS_OP_STORE_SUBSCR] = "STORE_SUBSCR",
  [LS_OP_DELETE_SUBSCR] = "DELETE_SUBSCR",
  [LS_OP_BUILD_SLICE] = "BUILD_SLICE",
  [LS_OP_BINARY_OP] = "BINARY_OP",
  [LS_OP_UNARY_OP] = "UNARY_OP",
  [LS_OP_COMPARE_OP] = "COMPARE_OP",
  [LS_OP_IS_OP] = "IS_OP",
  [LS_OP_CONTAINS_OP] = "CONTAINS_OP",
  [LS_OP_JUMP] = "JUMP",
  [LS_OP_POP_JUMP_IF_FALSE] = "POP_JUMP_IF_FALSE",
  [LS_OP_POP_JUMP_IF_TRUE] = "POP_JUMP_IF_TRUE",
  [LS_OP_JUMP_IF_FALSE_OR_POP] = "JUMP_IF_FALSE_OR_POP",
  [LS_OP_JUMP_IF_TRUE_OR_POP] = "JUMP_IF_TRUE_OR_POP",
  [LS_OP_GET_ITER] = "GET_ITER",
  [LS_OP_FOR_ITER] = "FOR_ITER",
  [LS_OP_RETURN_VALUE] = "RETURN_VALUE",
  [LS_OP_BUILD_TUPLE] = "BUILD_TUPLE",
  [LS_OP_BUILD_LIST] = "BUILD_LIST",
  [LS_OP_BUILD_SET] = "BUILD_SET",
  [LS_OP_BUILD_MAP] = "BUILD_MAP",
  [LS_OP_BUILD_STRING] = "BUILD_STRING",
  [LS_OP_LIST_APPEND] = "LIST_APPEND",
  [LS_OP_SET_ADD] = "SET_ADD",
  [LS_OP_MAP_ADD] = "MAP_ADD",
  [LS_OP_LIST_EXTEND] = "LIST_EXTEND",
  [LS_OP_SET_UPDATE] = "SET_UPDATE",
  [LS_OP_DICT_UPDATE] = "DICT_UPDATE",
  [LS_OP_DICT_MERGE] = "DICT_MERGE",
  [LS_OP_LIST_TO_TUPLE] = "LIST_TO_TUPLE",
  [LS_OP_UNPACK_SEQUENCE] = "UNPACK_SEQUENCE",
  [LS_OP_UNPACK_EX] = "UNPACK_EX",
  [LS_OP_FORMAT_VALUE] = "FORMAT_VALUE",
  [LS_OP_MAKE_FUNCTION] = "MAKE_FUNCTION",
  [LS_OP_CALL] = "CALL",
  [LS_OP_CALL_KW] = "CALL_KW",
  [LS_OP_CALL_EX] = "CALL_EX",
  [LS_OP_CALL_METHOD] = "CALL_METHOD",
  [LS_OP_CALL_METHOD_KW] = "CALL_METHOD_KW",
  [LS_OP_LOAD_BUILD_CLASS] = "LOAD_BUILD_CLASS",
  [LS_OP_SETUP_FINALLY] = "SETUP_FINALLY",
  [LS_OP_POP_BLOCK] = "POP_BLOCK",
  [LS_OP_POP_EXCEPT] = "POP_EXCEPT",
  [LS_OP_RAISE_VARARGS] = "RAISE_VARARGS",
  [LS_OP_RERAISE] = "RERAISE",
  [LS_OP_JUMP_IF_NOT_EXC_MATCH] = "JUMP_IF_NOT_EXC_MATCH",
  [LS_OP_BEFORE_WITH] = "BEFORE_WITH",
  [LS_OP_WITH_EXCEPT_START] = "WITH_EXCEPT_START",
  [LS_OP_LOAD_ASSERTION_ERROR] = "LOAD_ASSERTION_ERROR",
  [LS_OP_YIELD_VALUE] = "YIELD_VALUE",
  [LS_OP_GET_YIELD_FROM_ITER] = "GET_YIELD_FROM_ITER",
  [LS_OP_GET_AWAITABLE] = "GET_AWAITABLE",
  [LS_OP_YIELD_FROM] = "YIELD_FROM",
  [LS_OP_BEFORE_ASYNC_WITH] = "BEFORE_ASYNC_WITH",
  [LS_OP_IMPORT_NAME] = "IMPORT_NAME",
  [LS_OP_IMPORT_FROM] = "IMPORT_FROM",
};

const char *
ls_opcode_name (LsOpcode op)
{
  if ((guint) op >= LS_N_OPCODES || opcode_names[op] == NULL)
    return "<unknown>";
  return opcode_names[op];
}

/* --- value reprs --------------------------------------------------------- */

/* repr() of a str, quoted as CPython chooses. */
static void
append_str_repr (GString     *out,
                 const LsStr *s)
{
  char quote = memchr (s->data, '\'', s->len) != NULL && memchr (s->data, '"', s->len) == NULL ? '"' : '\'';

  g_string_append_c (out, quote);
  for (gsize i = 0; i < s->len; i++)
    {
      guchar ch = (guchar) s->data[i];

      if (ch == (guchar) quote || ch == '\\')
        g_string_append_printf (out, "\\%c", ch);
      else if (ch == '\n')
        g_string_append (out, "\\n");
      else if (ch == '\r')
        g_string_append (out, "\\r");
      else if (ch == '\t')
        g_string_append (out, "\\t");
      else if (ch < 0x20 || ch == 0x7f)
        g_string_append_printf (out, "\\x%02x", ch);
      else
        g_string_append_c (out, (char) ch);
    }
  g_string_append_c (out, quote);
}

static void append_value_repr (GString *out, LsValue v);

static void
append_tuple_repr (GString       *out,
                   const LsTuple *t)
{
  g_string_append_c (out, '(');
  for (gsize i = 0; i < t->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_value_repr (out, t->items[i]);
    }
  if (t->len == 1)
    g_string_append_c (out, ',');
  g_string_append_c (out, ')');
}

static void
append_value_repr (GString *out,
                   LsValue  v)
{
  switch (v.tag)
    {
    case LS_TAG_UNBOUND:
      g_string_append (out, "<unbound>");
      return;
    case LS_TAG_NONE:
      g_string_append (out, "None");
      return;
    case LS_TAG_BOOL:
      g_string_append (out, v.b ? "True" : "False");
      return;
    case LS_TAG_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v.i);
      return;
    case LS_TAG_FLOAT:
      ls_float_repr (out, v.f);
      return;
    case LS_TAG_OBJECT:
    default:
      break;
    }
  switch (v.o->kind)
    {
    case LS_KIND_STR:
      append_str_repr (out, (const LsStr *) v.o);
      break;
    case LS_KIND_TUPLE:
      append_tuple_repr (out, (const LsTuple *) v.o);
      break;
    case LS_KIND_CODE:
      g_string_append_printf (out, "<code %s, line %d>", ((LsCode *) v.o)->name->data, ((LsCode *) v.o)->first_line);
      break;
    default:
      /* Ellipsis is the only other constant */
      g_string_append (out, "Ellipsis");
      break;
    }
}

/* --- argument meanings --------------------------------------------------- */

static gboolean
has_arg (LsOpcode op)
{
  switch (op)
    {
    case LS_OP_NOP:
    case LS_OP_POP_TOP:
    case LS_OP_DUP_TOP:
    case LS_OP_DUP_TOP_TWO:
    case LS_OP_ROT_TWO:
    case LS_OP_ROT_THREE:
    case LS_OP_ROT_FOUR:
    case LS_OP_BINARY_SUBSCR:
    case LS_OP_STORE_SUBSCR:
    case LS_OP_DELETE_SUBSCR:
    case LS_OP_GET_ITER:
    case LS_OP_RETURN_VALUE:
    case LS_OP_LIST_TO_TUPLE:
    case LS_OP_LOAD_BUILD_CLASS:
    case LS_OP_POP_BLOCK:
    case LS_OP_POP_EXCEPT:
    case LS_OP_RERAISE:
    case LS_OP_BEFORE_WITH:
    case LS_OP_WITH_EXCEPT_START:
    case LS_OP_LOAD_ASSERTION_ERROR:
    case LS_OP_YIELD_VALUE:
    case LS_OP_GET_YIELD_FROM_ITER:
    case LS_OP_YIELD_FROM:
    case LS_OP_BEFORE_ASYNC_WITH:
      return FALSE;
    default:
      return TRUE;
    }
}

gint64
ls_code_single_back_jump (LsCode *code)
{
  gint64 length = -1;

  for (gsize pos = 0; pos < code->n_instructions; pos++)
    {
      guint32 word = code->instructions[pos];
      LsOpcode op = LS_INSTR_GENERIC_OP (word);
      guint32 target = LS_INSTR_ARG (word);

      if ((op == LS_OP_JUMP || op == LS_OP_POP_JUMP_IF_FALSE || op == LS_OP_POP_JUMP_IF_TRUE ||
           op == LS_OP_JUMP_IF_FALSE_OR_POP || op == LS_OP_JUMP_IF_TRUE_OR_POP) && target <= pos)
        {
          if (length >= 0)
            return -1;
          length = (gint64) (pos + 1 - target);
        }
    }
  return length;
}

static gboolean
is_jump (LsOpcode op)
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

static const char *
tuple_str (const LsTuple *t,
           gsize          i)
{
  return t != NULL && i < t->len ? ((const LsStr *) t->items[i].o)->data : "?";
}

static const char *
cell_name (const LsCode *code,
           guint32       arg)
{
  if (arg < code->cellvars->len)
    return tuple_str (code->cellvars, arg);
  return tuple_str (code->freevars, arg - code->cellvars->len);
}

static const char *
binary_op_symbol (guint32 op)
{
  static const char *const symbols[] = {
    [LS_OP_ADD] = "+", [LS_OP_SUB] = "-", [LS_OP_MULT] = "*", [LS_OP_MATMULT] = "@",
    [LS_OP_DIV] = "/", [LS_OP_MOD] = "%", [LS_OP_POW] = "**", [LS_OP_LSHIFT] = "<<",
    [LS_OP_RSHIFT] = ">>", [LS_OP_BITOR] = "|", [LS_OP_BITXOR] = "^", [LS_OP_BITAND] = "&",
    [LS_OP_FLOORDIV] = "//",
  };

  return op < G_N_ELEMENTS (symbols) ? symbols[op] : "?";
}

static void
append_meaning (GString      *out,
                const LsCode *code,
                LsOpcode      op,
                guint32       arg)
{
  static const char *const unary[] = { "~", "not", "+", "-" };
  static const char *const compare[] = { "==", "!=", "<", "<=", ">", ">=" };
  static const char *const conversions[] = { "", "str", "repr", "ascii" };

  switch (op)
    {
    case LS_OP_LOAD_CONST:
      if (arg < code->consts->len)
        append_value_repr (out, code->consts->items[arg]);
      break;
    case LS_OP_LOAD_FAST:
    case LS_OP_STORE_FAST:
    case LS_OP_DELETE_FAST:
      g_string_append (out, tuple_str (code->varnames, arg));
      break;
    case LS_OP_LOAD_DEREF:
    case LS_OP_STORE_DEREF:
    case LS_OP_DELETE_DEREF:
    case LS_OP_LOAD_CLOSURE:
    case LS_OP_LOAD_CLASSDEREF:
      g_string_append (out, cell_name (code, arg));
      break;
    case LS_OP_LOAD_GLOBAL:
    case LS_OP_STORE_GLOBAL:
    case LS_OP_DELETE_GLOBAL:
    case LS_OP_LOAD_NAME:
    case LS_OP_STORE_NAME:
    case LS_OP_DELETE_NAME:
    case LS_OP_LOAD_ATTR:
    case LS_OP_STORE_ATTR:
    case LS_OP_DELETE_ATTR:
    case LS_OP_LOAD_METHOD:
    case LS_OP_IMPORT_NAME:
    case LS_OP_IMPORT_FROM:
      g_string_append (out, tuple_str (code->names, arg));
      break;
    case LS_OP_BINARY_OP:
      g_string_append_printf (out, "%s%s", binary_op_symbol (arg & 0xff), (arg & 0x100) ? "=" : "");
      break;
    case LS_OP_UNARY_OP:
      g_string_append (out, arg < G_N_ELEMENTS (unary) ? unary[arg] : "?");
      break;
    case LS_OP_COMPARE_OP:
      g_string_append (out, arg < G_N_ELEMENTS (compare) ? compare[arg] : "?");
      break;
    case LS_OP_IS_OP:
      g_string_append (out, arg ? "is not" : "is");
      break;
    case LS_OP_CONTAINS_OP:
      g_string_append (out, arg ? "not in" : "in");
      break;
    case LS_OP_FORMAT_VALUE:
      g_string_append_printf (out, "%s%s%s", conversions[arg & 3], (arg & 3) && (arg & 4) ? ", " : "",
                              (arg & 4) ? "with format" : "");
      break;
    case LS_OP_MAKE_FUNCTION:
      g_string_append_printf (out, "%s%s%s", (arg & 1) ? "defaults " : "", (arg & 2) ? "kwdefaults " : "",
                              (arg & 4) ? "closure " : "");
      if (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      break;
    case LS_OP_UNPACK_EX:
      g_string_append_printf (out, "%u before, %u after", arg & 0xff, arg >> 8);
      break;
    default:
      if (is_jump (op))
        g_string_append_printf (out, "to %u", arg);
      break;
    }
}

/* --- listing ------------------------------------------------------------- */

static void
append_flags (GString      *out,
              const LsCode *code)
{
  static const char *const names[] = { "varargs", "varkeywords", "generator", "coroutine",
                                       "module", "class", "lambda", "comprehension" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (code->flags & (1u << i))
      g_string_append_printf (out, " %s", names[i]);
}

static void
append_tuple_line (GString       *out,
                   const char    *label,
                   const LsTuple *t)
{
  if (t == NULL || t->len == 0)
    return;
  g_string_append_printf (out, "  %s: ", label);
  for (gsize i = 0; i < t->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", tuple_str (t, i));
  g_string_append_c (out, '\n');
}

static void
append_header (GString      *out,
               const LsCode *code)
{
  g_string_append_printf (out, "code %s (%s), line %d: args %u", code->qualname->data, code->name->data,
                          code->first_line, code->argcount);
  if (code->posonlyargcount > 0)
    g_string_append_printf (out, " posonly %u", code->posonlyargcount);
  if (code->kwonlyargcount > 0)
    g_string_append_printf (out, " kwonly %u", code->kwonlyargcount);
  g_string_append_printf (out, ", locals %u, stack %u, blocks %u, flags:", code->n_locals, code->stack_size,
                          code->block_depth);
  append_flags (out, code);
  g_string_append_c (out, '\n');
  append_tuple_line (out, "varnames", code->varnames);
  append_tuple_line (out, "cellvars", code->cellvars);
  append_tuple_line (out, "freevars", code->freevars);
}

static void
append_instructions (GString      *out,
                     const LsCode *code)
{
  g_autofree gboolean *targets = g_new0 (gboolean, code->n_instructions + 1);
  gint32 last_line = -1;

  for (gsize i = 0; i < code->n_instructions; i++)
    {
      guint32 word = code->instructions[i];

      if (is_jump (LS_INSTR_GENERIC_OP (word)) && LS_INSTR_ARG (word) <= code->n_instructions)
        targets[LS_INSTR_ARG (word)] = TRUE;
    }
  for (gsize i = 0; i < code->n_instructions; i++)
    {
      LsOpcode op = LS_INSTR_GENERIC_OP (code->instructions[i]);
      guint32 arg = LS_INSTR_ARG (code->instructions[i]);
      gsize start;

      if (code->lines[i] != last_line)
        g_string_append_printf (out, "%4d", code->lines[i]);
      else
        g_string_append (out, "    ");
      last_line = code->lines[i];
      g_string_append_printf (out, " %s %4" G_GSIZE_FORMAT " %-22s", targets[i] ? ">>" : "  ", i, ls_opcode_name (op));
      if (has_arg (op))
        {
          g_string_append_printf (out, " %4u", arg);
          start = out->len;
          g_string_append (out, " (");
          append_meaning (out, code, op, arg);
          if (out->len == start + 2)
            g_string_truncate (out, start);
          else
            g_string_append_c (out, ')');
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

static void
disassemble_into (GString      *out,
                  const LsCode *code)
{
  append_header (out, code);
  append_instructions (out, code);
  for (gsize i = 0; i < code->consts->len; i++)
    {
      LsCode *inner = ls_value_code (code->consts->items[i]);

      if (inner != NULL)
        {
          g_string_append_c (out, '\n');
          disassemble_into (out, inner);
        }
    }
}

char *
ls_code_disassemble (LsCode *code)
{
  GString *out = g_string_new (NULL);

  disassemble_into (out, code);
  return g_string_free (out, FALSE);
}
