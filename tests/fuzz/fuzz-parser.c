/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-parser.c — libFuzzer target: bytes → the parser and the checks
 * CPython makes after parsing (ls_parse), then ast.dump() of what parsed.
 * A syntax error must carry a line within the file.
 */
#include "config.h"

#include <stdint.h>

#include "ls-ast.h"
#include "ls-syntax-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LsAst) ast = ls_parse ("<fuzz>", (const char *) data, size, &error);

  if (ast == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LS_SYNTAX_ERROR);
      g_assert_cmpint (ls_syntax_error_get_line (error), >=, 0);
      return 0;
    }
  g_free (ls_ast_dump (ast));
  return 0;
}
