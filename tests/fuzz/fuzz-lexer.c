/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-lexer.c — libFuzzer target: bytes → the tokenizer.
 *
 * The whole token array is produced (up to ENDMARKER or the first error),
 * as the parser asks for it.  Built by tests/fuzz/build.sh (clang,
 * -fsanitize=fuzzer,address,undefined); in ordinary builds the same
 * function is linked with replay-main.c to replay tests/fuzz/crashes/.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ls-lexer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LsLexer) lexer = ls_lexer_new_for_file ("<fuzz>", (const char *) data, size, &error);
  g_autoptr (GArray) tokens = NULL;
  gsize text_len;

  if (lexer == NULL)
    return 0;
  tokens = ls_lexer_tokenize (lexer);
  text_len = strlen (ls_lexer_get_text (lexer));
  /* every token's span lies within the normalized text */
  for (guint i = 0; i < tokens->len; i++)
    {
      const LsToken *token = &g_array_index (tokens, LsToken, i);

      g_assert_cmpuint (token->start, <=, token->end);
      g_assert_cmpuint (token->end, <=, text_len);
    }
  return 0;
}
