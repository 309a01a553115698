/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-parser.c — the front end's tests.
 *
 * Without arguments, a GLib test program: small sources whose dump (or
 * error) is known.  With `--dump FILE` (or `--dump-attrs FILE`, which adds
 * the node positions) it prints ls_ast_dump() of FILE, or the syntax error
 * as "ERROR <line> <col> <Class>: <message>", for tests/check-ast-dump.py,
 * which compares that with CPython's ast.dump().
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ls-ast.h"
#include "ls-parser.h"
#include "ls-syntax-error.h"

static int
dump_file (const char *path,
           gboolean    attributes)
{
  g_autofree char *source = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LsAst) ast = NULL;
  gsize len;

  if (!g_file_get_contents (path, &source, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  ast = ls_parse (path, source, len, &error);
  if (ast == NULL)
    {
      printf ("ERROR %d %d %s: %s\n", ls_syntax_error_get_line (error),
              ls_syntax_error_get_column (error), ls_syntax_error_get_class_name (error),
              error->message);
      return 1;
    }
  g_autofree char *dump = ls_ast_dump_full (ast, attributes);
  printf ("%s\n", dump);
  return 0;
}

/* -------------------------------------------------------------------------
 * Unit tests
 * ---------------------------------------------------------------------- */

static char *
dump_source (const char *source)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LsAst) ast = ls_parse ("<test>", source, strlen (source), &error);

  if (ast == NULL)
    return g_strdup_printf ("%s:%d: %s", ls_syntax_error_get_class_name (error),
                            ls_syntax_error_get_line (error), error->message);
  return ls_ast_dump (ast);
}

typedef struct
{
  const char *source;
  const char *expected;
} Case;

/* Dumps checked against CPython 3.11's ast.dump(). */
static const Case dump_cases[] = {
  { "", "Module(body=[], type_ignores=[])" },
  { "print('hi')\n",
    "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Constant(value='hi')], "
    "keywords=[]))], type_ignores=[])" },
  { "x = -1 ** 2",
    "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=UnaryOp(op=USub(), "
    "operand=BinOp(left=Constant(value=1), op=Pow(), right=Constant(value=2))))], type_ignores=[])" },
  { "a < b < c",
    "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), Lt()], "
    "comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())]))], type_ignores=[])" },
  { "f'{x=}'",
    "Module(body=[Expr(value=JoinedStr(values=[Constant(value='x='), "
    "FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)]))], type_ignores=[])" },
  { "x = 0.1 + 1e16 + 1.5e-5",
    "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=BinOp("
    "left=Constant(value=0.1), op=Add(), right=Constant(value=1e+16)), op=Add(), "
    "right=Constant(value=1.5e-05)))], type_ignores=[])" },
  { "if x:\n\tpass\n        # comment at 8 spaces\n\tpass\n",
    "Module(body=[If(test=Name(id='x', ctx=Load()), body=[Pass(), Pass()], orelse=[])], "
    "type_ignores=[])" },
};

/* Errors checked against CPython 3.11's messages and lines. */
static const Case error_cases[] = {
  { "await f()\n", "SyntaxError:1: 'await' outside function" },
  { "asyncio.run(main(x)\n", "SyntaxError:1: '(' was never closed" },
  { "x = 'abc\n", "SyntaxError:1: unterminated string literal (detected at line 1)" },
  { "x = '''abc\ndef\n", "SyntaxError:1: unterminated triple-quoted string literal (detected at line 2)" },
  { "x = (]\n", "SyntaxError:1: closing parenthesis ']' does not match opening parenthesis '('" },
  { "x = )\n", "SyntaxError:1: unmatched ')'" },
  { "if x:\n    a\n  b\n", "IndentationError:3: unindent does not match any outer indentation level" },
  { "if x:\n        a\n\tb\n", "TabError:3: inconsistent use of tabs and spaces in indentation" },
  { "x = 1\n  y = 2\n", "IndentationError:2: unexpected indent" },
  { "if x:\npass\n", "IndentationError:2: expected an indented block after 'if' statement on line 1" },
  { "return 1\n", "SyntaxError:1: 'return' outside function" },
  { "break\n", "SyntaxError:1: 'break' outside loop" },
  { "f() = 1\n", "SyntaxError:1: cannot assign to function call here. Maybe you meant '==' instead of '='?" },
  { "x = b'a'\n", "SyntaxError:1: Loopscope does not support bytes literals" },
  { "async def f():\n    yield 1\n", "SyntaxError:2: Loopscope does not support asynchronous generators" },
  { "match x:\n    case 1:\n        pass\n", "SyntaxError:1: Loopscope does not support 'match' statements" },
};

static void
test_dumps (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dump_cases); i++)
    {
      g_autofree char *dump = dump_source (dump_cases[i].source);
      g_assert_cmpstr (dump, ==, dump_cases[i].expected);
    }
}

static void
test_errors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *dump = dump_source (error_cases[i].source);
      g_assert_cmpstr (dump, ==, error_cases[i].expected);
    }
}

/* Untrusted input: garbage must give an error, never a crash or a hang. */
static void
test_garbage (void)
{
  static const char *const sources[] = {
    "(((((((((((((((((((((((((((((", "f'{", "f'{a:{b:{c}}}'", "\\", "x = \\\n", "'''",
    "def f(*, **k): pass", "lambda *: 1", "x[::]", "@\n", "from . import (a,", "with (a as b",
    "\xff", "if 1:\n  if 2:\n    if 3:\n", "for in x: pass", "print 1", "(a for b in c, d)",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *dump = dump_source (sources[i]);
      g_assert_nonnull (dump);
    }

  /* Deep nesting is refused, not a stack overflow. */
  g_autoptr (GString) deep = g_string_new ("x = ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '-');
  g_string_append (deep, "1\n");
  g_autofree char *dump = dump_source (deep->str);
  g_assert_true (g_str_has_prefix (dump, "SyntaxError"));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && (strcmp (argv[1], "--dump") == 0 || strcmp (argv[1], "--dump-attrs") == 0))
    return dump_file (argv[2], strcmp (argv[1], "--dump-attrs") == 0);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parser/dumps", test_dumps);
  g_test_add_func ("/parser/errors", test_errors);
  g_test_add_func ("/parser/garbage", test_garbage);
  return g_test_run ();
}
