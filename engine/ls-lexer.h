/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-lexer.h — the tokenizer of the scenario language.
 *
 * It behaves as CPython 3.11's Parser/tokenizer.c: NEWLINE, INDENT and
 * DEDENT from an indentation stack, implicit line joining inside brackets,
 * backslash continuation, and the same error messages at the same lines.
 * A string token keeps its raw text (prefix and quotes included): the
 * parser decodes it, and splits f-strings, because CPython does it there too.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LS_TOK_ENDMARKER,
  LS_TOK_NEWLINE,
  LS_TOK_INDENT,
  LS_TOK_DEDENT,
  LS_TOK_NAME,
  LS_TOK_NUMBER,
  LS_TOK_STRING,
  /* A tokenizer error: always the last token (see ls_lexer_get_error). */
  LS_TOK_ERROR,

  /* Keywords, in the order of keyword.kwlist. */
  LS_TOK_FALSE,
  LS_TOK_NONE,
  LS_TOK_TRUE,
  LS_TOK_AND,
  LS_TOK_AS,
  LS_TOK_ASSERT,
  LS_TOK_ASYNC,
  LS_TOK_AWAIT,
  LS_TOK_BREAK,
  LS_TOK_CLASS,
  LS_TOK_CONTINUE,
  LS_TOK_DEF,
  LS_TOK_DEL,
  LS_TOK_ELIF,
  LS_TOK_ELSE,
  LS_TOK_EXCEPT,
  LS_TOK_FINALLY,
  LS_TOK_FOR,
  LS_TOK_FROM,
  LS_TOK_GLOBAL,
  LS_TOK_IF,
  LS_TOK_IMPORT,
  LS_TOK_IN,
  LS_TOK_IS,
  LS_TOK_LAMBDA,
  LS_TOK_NONLOCAL,
  LS_TOK_NOT,
  LS_TOK_OR,
  LS_TOK_PASS,
  LS_TOK_RAISE,
  LS_TOK_RETURN,
  LS_TOK_TRY,
  LS_TOK_WHILE,
  LS_TOK_WITH,
  LS_TOK_YIELD,

  /* Operators and delimiters. */
  LS_TOK_LPAR,
  LS_TOK_RPAR,
  LS_TOK_LSQB,
  LS_TOK_RSQB,
  LS_TOK_LBRACE,
  LS_TOK_RBRACE,
  LS_TOK_COLON,
  LS_TOK_COMMA,
  LS_TOK_SEMI,
  LS_TOK_PLUS,
  LS_TOK_MINUS,
  LS_TOK_STAR,
  LS_TOK_SLASH,
  LS_TOK_VBAR,
  LS_TOK_AMPER,
  LS_TOK_LESS,
  LS_TOK_GREATER,
  LS_TOK_EQUAL,
  LS_TOK_DOT,
  LS_TOK_PERCENT,
  LS_TOK_EQEQUAL,
  LS_TOK_NOTEQUAL,
  LS_TOK_LESSEQUAL,
  LS_TOK_GREATEREQUAL,
  LS_TOK_TILDE,
  LS_TOK_CIRCUMFLEX,
  LS_TOK_LEFTSHIFT,
  LS_TOK_RIGHTSHIFT,
  LS_TOK_DOUBLESTAR,
  LS_TOK_PLUSEQUAL,
  LS_TOK_MINEQUAL,
  LS_TOK_STAREQUAL,
  LS_TOK_SLASHEQUAL,
  LS_TOK_PERCENTEQUAL,
  LS_TOK_AMPEREQUAL,
  LS_TOK_VBAREQUAL,
  LS_TOK_CIRCUMFLEXEQUAL,
  LS_TOK_LEFTSHIFTEQUAL,
  LS_TOK_RIGHTSHIFTEQUAL,
  LS_TOK_DOUBLESTAREQUAL,
  LS_TOK_DOUBLESLASH,
  LS_TOK_DOUBLESLASHEQUAL,
  LS_TOK_AT,
  LS_TOK_ATEQUAL,
  LS_TOK_RARROW,
  LS_TOK_ELLIPSIS,
  LS_TOK_COLONEQUAL,
  /* A lone '!', '$', '?' or '`': CPython lets the parser reject them. */
  LS_TOK_OP_OTHER,
} LsTokenKind;

typedef struct
{
  LsTokenKind kind;
  guint32     start;      /* byte offsets into ls_lexer_get_text() */
  guint32     end;
  gint32      line;       /* 1-based */
  gint32      col;        /* 0-based UTF-8 bytes, as CPython's col_offset */
  gint32      end_line;
  gint32      end_col;
  gint32      level;      /* bracket nesting after this token, as CPython's */
} LsToken;

/* How a tokenizer error competes with a parser error found earlier in the
 * file.  CPython raises some tokenizer errors at once (they win even when
 * the parser failed before reaching them, because it re-tokenizes the rest
 * of the file); others are only status codes that matter when the parser
 * asks for that very token. */
typedef enum
{
  LS_LEX_ERROR_NONE,
  LS_LEX_ERROR_DIRECT,        /* unterminated string, unmatched ')', ... */
  LS_LEX_ERROR_STATUS,        /* unindent mismatch, TabError, '\' at EOF, ... */
  LS_LEX_ERROR_UNCLOSED,      /* end of file inside brackets */
} LsLexErrorKind;

typedef struct _LsLexer LsLexer;

/* A lexer over a whole file.  The text is copied and normalized as CPython
 * reads a file: the BOM is dropped, "\r\n" and "\r" become "\n", a last
 * newline is added.  Fails at once (with CPython's message) on bytes that
 * are not UTF-8 and on NUL bytes, which CPython rejects before tokenizing. */
LsLexer    *ls_lexer_new_for_file   (const char  *filename,
                                     const char  *source,
                                     gsize        len,
                                     GError     **error);

/* A lexer over a fragment (an f-string replacement field, already wrapped
 * in parentheses) that sits at first_line in the file; tokens on the
 * fragment's first line are shifted right by first_col bytes. */
LsLexer    *ls_lexer_new_for_fragment (const char *text,
                                       gsize       len,
                                       int         first_line,
                                       int         first_col);

void        ls_lexer_free           (LsLexer *lexer);

/* Tokenizes everything, up to ENDMARKER or to the first error, whose
 * LS_TOK_ERROR token then ends the array (see ls_lexer_get_error). */
GArray     *ls_lexer_tokenize       (LsLexer *lexer);

const char *ls_lexer_get_text       (LsLexer *lexer);

/* The tokenizer error that ended the token array, or NULL; its kind, and
 * for LS_LEX_ERROR_UNCLOSED the line of the bracket left open. */
const GError  *ls_lexer_get_error       (LsLexer *lexer);
LsLexErrorKind ls_lexer_get_error_kind  (LsLexer *lexer);
int            ls_lexer_get_error_line  (LsLexer *lexer);

/* For messages: "'('" and the like; NULL for NAME, NUMBER, STRING... */
const char *ls_token_kind_text      (LsTokenKind kind);
gboolean    ls_token_kind_is_keyword (LsTokenKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsLexer, ls_lexer_free)

G_END_DECLS
