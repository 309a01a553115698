/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-parser.c — a recursive-descent parser for the scenario language.
 *
 * Each function parses one rule of CPython 3.11's grammar (Grammar/
 * python.gram), quoted in the comment above it, and builds the same nodes
 * with the same spans as CPython's parser: a node starts at its first token
 * and ends at the last token its rule consumed, NEWLINE, INDENT and DEDENT
 * excepted.  CPython's PEG parser backtracks; this one looks ahead in the
 * token array instead, and where CPython tries several alternatives it
 * parses the most general one and checks the result (targets are parsed as
 * expressions, then turned into targets).
 *
 * Errors: the first one wins, as in CPython.  The generic "invalid syntax"
 * is reported at the furthest token the parser looked at, which is where
 * CPython reports it.  CPython parses a file that failed a second time with
 * its invalid_* rules on; their specific messages are raised here where
 * those rules would match, and where such a rule would read further than
 * the failure, the same text is read again in "tail mode", in which only
 * specific messages count (the functions named invalid_*).  Tokenizer
 * errors compete with parser errors as in CPython (see pick_error).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ls-lexer.h"
#include "ls-parser.h"
#include "ls-syntax-error.h"

/* Deeper nesting than this is refused rather than risking the C stack. */
#define LS_MAX_DEPTH 1000

typedef struct
{
  LsArena    *arena;
  const char *text;        /* the lexer's text: tokens point into it */
  const char *filename;
  LsToken    *toks;
  guint       n_toks;
  guint       pos;
  guint       max_pos;     /* the furthest token looked at */
  guint       max_fetched; /* the same, counting speculative parses */
  GError     *error;       /* the first syntax error */
  GError     *unsupported; /* the first construct Loopscope refuses */
  gboolean    fstring;     /* a replacement field: "f-string: " messages */
  int         depth;
  /* Speculative parses turn errors off, to look further ahead. */
  int         quiet;
  /* "unexpected indent": CPython reports it without looking further for
   * tokenizer errors. */
  gboolean    error_is_final;
  /* Call arguments: `name=value` is a keyword, not a mistaken comparison. */
  gboolean    in_arguments;
  /* Emulating CPython's second pass: "invalid syntax" there only means
   * that an alternative failed, which tail_failed records. */
  int         tail_mode;
  gboolean    tail_failed;
  /* A dict key after a comma: CPython says "':' expected" there rather
   * than suggesting a comma. */
  gboolean    no_comma_check;
  /* The error is the generic "invalid syntax", not a specific message. */
  gboolean    error_generic;
  /* expression_without_invalid: CPython turns its invalid_* rules off
   * there, so they neither report nor read tokens ahead. */
  int         without_invalid;
  /* Answers of speculative parses that are asked again at the same token
   * (see memo_lookup); NULL until the first one. */
  GHashTable *memo;
  /* Rule entries so far and the most allowed: speculation must not turn a
   * hostile input into a hang (a safety net behind the memo). */
  guint64     work;
  guint64     work_limit;
  gboolean    too_complex;
} Parser;

typedef enum
{
  TARGETS_STAR,
  TARGETS_DEL,
  TARGETS_FOR,
} TargetsType;

static LsExpr *expression (Parser *p);
static LsExpr *star_expressions (Parser *p);
static LsExpr *named_expression (Parser *p);
static LsExpr *star_named_expression (Parser *p);
static LsExpr *disjunction (Parser *p);
static LsExpr *bitwise_or (Parser *p);
static LsExpr *yield_expr (Parser *p);
static LsExpr *primary (Parser *p);
static LsExpr *star_targets (Parser *p);
static gboolean starts_expression (LsTokenKind kind);
static LsStmt **block (Parser *p, guint *n, const char *what, const LsToken *kw);
static gboolean statement (Parser *p, GPtrArray *out);
static gboolean set_context (Parser *p, LsExpr *e, LsExprContext ctx, TargetsType type);
static LsExpr *invalid_target (LsExpr *e, TargetsType type);
static void check_missing_comma (Parser *p, LsExpr *last);
static const LsToken *token_at_span (Parser *p, const LsSpan *span);
static LsExpr *factor (Parser *p);
static void invalid_legacy_expression (Parser *p, const LsToken *name);
static gboolean annotation_follows (Parser *p);

/* -------------------------------------------------------------------------
 * Tokens
 * ---------------------------------------------------------------------- */

static LsToken *
tok_at (Parser *p,
        guint   i)
{
  if (i >= p->n_toks)
    i = p->n_toks - 1;
  if (i > p->max_pos && p->quiet == 0)
    p->max_pos = i;
  if (i > p->max_fetched)
    p->max_fetched = i;
  return &p->toks[i];
}

static LsToken *
peek (Parser *p)
{
  return tok_at (p, p->pos);
}

static LsTokenKind
peek_kind (Parser *p)
{
  return peek (p)->kind;
}

static LsTokenKind
peek_kind_at (Parser *p,
              guint   ahead)
{
  return tok_at (p, p->pos + ahead)->kind;
}

static gboolean
check (Parser     *p,
       LsTokenKind kind)
{
  return peek_kind (p) == kind;
}

static LsToken *
advance (Parser *p)
{
  LsToken *t = peek (p);

  if (p->pos < p->n_toks - 1)
    p->pos++;
  return t;
}

static LsToken *
accept (Parser     *p,
        LsTokenKind kind)
{
  return check (p, kind) ? advance (p) : NULL;
}

/* Is the current token the soft keyword `word` (a NAME token)? */
static gboolean
check_soft_keyword (Parser     *p,
                    const char *word)
{
  LsToken *t = peek (p);
  gsize n = strlen (word);

  return t->kind == LS_TOK_NAME && t->end - t->start == n
         && memcmp (p->text + t->start, word, n) == 0;
}

/* CPython 3.11 matches soft keywords by the token's length
 * (_PyPegen_soft_keyword_token uses strncmp): any prefix of "match",
 * "case" or "_" counts, which decides some of its messages. */
static gboolean
is_soft_keyword (Parser        *p,
                 const LsToken *t)
{
  static const char *const words[] = { "_", "case", "match" };
  gsize n = t->end - t->start;

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (n <= strlen (words[i]) && strncmp (words[i], p->text + t->start, n) == 0)
      return TRUE;
  return FALSE;
}

/* The last token consumed that is not NEWLINE, INDENT or DEDENT: where
 * CPython ends a node (_PyPegen_get_last_nonnwhitespace_token). */
static const LsToken *
last_token (Parser *p)
{
  for (guint i = p->pos; i > 0; i--)
    {
      const LsToken *t = &p->toks[i - 1];
      if (t->kind != LS_TOK_NEWLINE && t->kind != LS_TOK_INDENT
          && t->kind != LS_TOK_DEDENT && t->kind != LS_TOK_ENDMARKER)
        return t;
    }
  return &p->toks[0];
}

static LsSpan
span_from (Parser        *p,
           const LsToken *start)
{
  const LsToken *end = last_token (p);

  return (LsSpan) { start->line, start->col, end->end_line, end->end_col };
}

/* -------------------------------------------------------------------------
 * Speculation: CPython's parser backtracks; here a few decisions look
 * ahead by parsing quietly and rewinding.
 * ---------------------------------------------------------------------- */

typedef struct
{
  guint   pos;
  guint   max_pos;
  int     depth;
  GError *error;
} Mark;

static Mark
mark_begin (Parser *p)
{
  Mark m = { p->pos, p->max_pos, p->depth, p->error };

  p->error = NULL;
  p->quiet++;
  return m;
}

/* Ends a quiet parse, rewinding; returns whether it succeeded. */
static gboolean
mark_rewind (Parser *p,
             Mark   *m)
{
  gboolean ok = p->error == NULL;

  g_clear_error (&p->error);
  p->error = m->error;
  p->pos = m->pos;
  p->max_pos = m->max_pos;
  p->depth = m->depth;
  p->quiet--;
  return ok;
}

/* Memoized speculation.  CPython's PEG parser memoizes rules so that
 * backtracking stays linear; here the speculations that nested brackets
 * can ask again at the same token remember their answer.  Without it,
 * `f(a, (**(b for b %` repeated n times took 2^n parses.  The key holds
 * the flags that can change the answer. */
typedef enum
{
  MEMO_INVALID_GROUP,
  MEMO_STARRED_COMPREHENSION,
  MEMO_INVALID_NAMED,
  MEMO_KEY_EXPRESSION,
  MEMO_KEY_FACTOR,
} MemoRule;

static gpointer
memo_key (Parser  *p,
          MemoRule rule)
{
  guint flags = (p->in_arguments ? 1 : 0) | (p->no_comma_check ? 2 : 0) | (p->tail_mode > 0 ? 4 : 0);

  return GSIZE_TO_POINTER (((gsize) p->pos << 8) | ((gsize) rule << 3) | flags);
}

/* Whether the answer for RULE at the current token is known; sets *ok. */
static gboolean
memo_lookup (Parser   *p,
             MemoRule  rule,
             gboolean *ok)
{
  gpointer value;

  if (p->memo == NULL
      || !g_hash_table_lookup_extended (p->memo, memo_key (p, rule), NULL, &value))
    return FALSE;
  *ok = GPOINTER_TO_INT (value) == 2;
  return TRUE;
}

static void
memo_store (Parser  *p,
            MemoRule rule,
            gboolean ok)
{
  if (p->memo == NULL)
    p->memo = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (p->memo, memo_key (p, rule), GINT_TO_POINTER (ok ? 2 : 1));
}

/* -------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

static void
error_at_v (Parser           *p,
            LsSyntaxErrorCode code,
            int               line,
            int               col,
            const char       *format,
            va_list           args)
{
  g_autofree char *message = NULL;

  if (p->error != NULL || p->quiet > 0)
    {
      if (p->error == NULL)
        p->error = g_error_new_literal (LS_SYNTAX_ERROR, code, "quiet");
      return;
    }
  message = g_strdup_vprintf (format, args);
  ls_set_syntax_error (&p->error, code, line, col, "%s%s",
                       p->fstring ? "f-string: " : "", message);
}

static gpointer
error_at (Parser           *p,
          LsSyntaxErrorCode code,
          int               line,
          int               col,
          const char       *format,
          ...) G_GNUC_PRINTF (5, 6);

static gpointer
error_at (Parser           *p,
          LsSyntaxErrorCode code,
          int               line,
          int               col,
          const char       *format,
          ...)
{
  va_list args;

  va_start (args, format);
  error_at_v (p, code, line, col, format, args);
  va_end (args);
  return NULL;
}

static gpointer
error_at_token (Parser        *p,
                const LsToken *t,
                const char    *format,
                ...) G_GNUC_PRINTF (3, 4);

static gpointer
error_at_token (Parser        *p,
                const LsToken *t,
                const char    *format,
                ...)
{
  va_list args;

  va_start (args, format);
  error_at_v (p, LS_SYNTAX_ERROR_INVALID, t->line, t->col, format, args);
  va_end (args);
  return NULL;
}

static gpointer
error_at_expr (Parser       *p,
               const LsExpr *e,
               const char   *format,
               ...) G_GNUC_PRINTF (3, 4);

static gpointer
error_at_expr (Parser       *p,
               const LsExpr *e,
               const char   *format,
               ...)
{
  va_list args;

  va_start (args, format);
  error_at_v (p, LS_SYNTAX_ERROR_INVALID, e->span.line, e->span.col, format, args);
  va_end (args);
  return NULL;
}

/* CPython's generic error: at the furthest token read, which is an
 * unexpected INDENT or DEDENT when the indentation is what is wrong. */
static gpointer
syntax_error (Parser *p)
{
  if (p->tail_mode > 0 && p->error == NULL)
    {
      /* A failed alternative of CPython's second pass, not an error. */
      p->error = g_error_new_literal (LS_SYNTAX_ERROR, LS_SYNTAX_ERROR_INVALID, "generic");
      p->tail_failed = TRUE;
      return NULL;
    }
  const LsToken *t = tok_at (p, p->max_pos);

  if (t->kind == LS_TOK_INDENT || t->kind == LS_TOK_DEDENT)
    {
      if (p->error == NULL && p->quiet == 0)
        p->error_is_final = TRUE;
      return error_at (p, LS_SYNTAX_ERROR_INDENTATION, t->line, t->col,
                       t->kind == LS_TOK_INDENT ? "unexpected indent" : "unexpected unindent");
    }
  if (p->error == NULL && p->quiet == 0)
    p->error_generic = TRUE;
  return error_at_token (p, t, "invalid syntax");
}

/* Valid Python that Loopscope does not run.  Parsing goes on: a real
 * syntax error later in the file is what CPython would report, so it is
 * reported first. */
static void
unsupported (Parser     *p,
             int         line,
             int         col,
             const char *message)
{
  if (p->unsupported != NULL || p->quiet > 0)
    return;
  ls_set_syntax_error (&p->unsupported, LS_SYNTAX_ERROR_UNSUPPORTED, line, col,
                       "%s", message);
}

static LsToken *
expect (Parser     *p,
        LsTokenKind kind)
{
  LsToken *t = accept (p, kind);

  if (t == NULL)
    syntax_error (p);
  return t;
}

static gboolean
failed (Parser *p)
{
  return p->error != NULL;
}

static gboolean
enter (Parser *p)
{
  if (G_UNLIKELY (++p->work > p->work_limit) || p->too_complex)
    {
      /* Sticky: the error must outlive the rewinds of every speculation
       * that is under way. */
      p->too_complex = TRUE;
      error_at (p, LS_SYNTAX_ERROR_INVALID, 1, 0, "quiet");
      return FALSE;
    }
  if (++p->depth > LS_MAX_DEPTH)
    {
      const LsToken *t = peek (p);
      error_at (p, LS_SYNTAX_ERROR_INVALID, t->line, t->col, "too many nested parentheses");
      return FALSE;
    }
  return TRUE;
}

static void
leave (Parser *p)
{
  p->depth--;
}

/* -------------------------------------------------------------------------
 * Nodes
 * ---------------------------------------------------------------------- */

static LsExpr *
new_expr (Parser     *p,
          LsExprKind  kind,
          LsSpan      span)
{
  LsExpr *e = ls_arena_new0 (p->arena, LsExpr);

  e->kind = kind;
  e->span = span;
  return e;
}

static LsStmt *
new_stmt (Parser     *p,
          LsStmtKind  kind,
          LsSpan      span)
{
  LsStmt *s = ls_arena_new0 (p->arena, LsStmt);

  s->kind = kind;
  s->span = span;
  return s;
}

static gpointer
finish_ptrs (Parser    *p,
             GPtrArray *array,
             guint     *n)
{
  *n = array->len;
  if (array->len == 0)
    return NULL;
  return ls_arena_memdup (p->arena, array->pdata, sizeof (gpointer) * array->len);
}

static gpointer
finish_array (Parser *p,
              GArray *array,
              guint  *n)
{
  *n = array->len;
  if (array->len == 0)
    return NULL;
  return ls_arena_memdup (p->arena, array->data,
                          (gsize) g_array_get_element_size (array) * array->len);
}

/* Identifiers are NFKC-normalized, as CPython does for non-ASCII names. */
static const char *
identifier (Parser        *p,
            const LsToken *t)
{
  const char *s = p->text + t->start;
  gsize n = t->end - t->start;

  for (gsize i = 0; i < n; i++)
    if ((guchar) s[i] >= 128)
      {
        g_autofree char *norm = g_utf8_normalize (s, n, G_NORMALIZE_NFKC);
        if (norm != NULL)
          return ls_arena_strndup (p->arena, norm, strlen (norm));
        break;
      }
  return ls_arena_strndup (p->arena, s, n);
}

static LsExpr *
name_expr (Parser        *p,
           const LsToken *t,
           LsExprContext  ctx)
{
  LsExpr *e = new_expr (p, LS_EXPR_NAME,
                        (LsSpan) { t->line, t->col, t->end_line, t->end_col });

  e->name.id = identifier (p, t);
  e->name.ctx = ctx;
  return e;
}

static LsExpr *
tuple_expr (Parser        *p,
            GPtrArray     *elts,
            LsSpan         span,
            LsExprContext  ctx)
{
  LsExpr *e = new_expr (p, LS_EXPR_TUPLE, span);

  e->seq.elts = finish_ptrs (p, elts, &e->seq.n_elts);
  e->seq.ctx = ctx;
  return e;
}

/* Can this token start an expression?  Used where an expression is
 * optional (after a trailing comma, after `return`...). */
static gboolean
starts_expression (LsTokenKind kind)
{
  switch (kind)
    {
    case LS_TOK_NAME:
    case LS_TOK_NUMBER:
    case LS_TOK_STRING:
    case LS_TOK_LPAR:
    case LS_TOK_LSQB:
    case LS_TOK_LBRACE:
    case LS_TOK_MINUS:
    case LS_TOK_PLUS:
    case LS_TOK_TILDE:
    case LS_TOK_NOT:
    case LS_TOK_AWAIT:
    case LS_TOK_LAMBDA:
    case LS_TOK_NONE:
    case LS_TOK_TRUE:
    case LS_TOK_FALSE:
    case LS_TOK_ELLIPSIS:
    case LS_TOK_STAR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* _PyPegen_get_expr_name: how messages call an expression. */
static const char *
expr_name (const LsExpr *e)
{
  switch (e->kind)
    {
    case LS_EXPR_ATTRIBUTE: return "attribute";
    case LS_EXPR_SUBSCRIPT: return "subscript";
    case LS_EXPR_STARRED: return "starred";
    case LS_EXPR_NAME: return "name";
    case LS_EXPR_LIST: return "list";
    case LS_EXPR_TUPLE: return "tuple";
    case LS_EXPR_LAMBDA: return "lambda";
    case LS_EXPR_CALL: return "function call";
    case LS_EXPR_BOOL_OP:
    case LS_EXPR_BIN_OP:
    case LS_EXPR_UNARY_OP: return "expression";
    case LS_EXPR_GENERATOR_EXP: return "generator expression";
    case LS_EXPR_YIELD:
    case LS_EXPR_YIELD_FROM: return "yield expression";
    case LS_EXPR_AWAIT: return "await expression";
    case LS_EXPR_LIST_COMP: return "list comprehension";
    case LS_EXPR_SET_COMP: return "set comprehension";
    case LS_EXPR_DICT_COMP: return "dict comprehension";
    case LS_EXPR_DICT: return "dict literal";
    case LS_EXPR_SET: return "set display";
    case LS_EXPR_JOINED_STR:
    case LS_EXPR_FORMATTED_VALUE: return "f-string expression";
    case LS_EXPR_CONSTANT:
      switch (e->constant.kind)
        {
        case LS_CONST_NONE: return "None";
        case LS_CONST_TRUE: return "True";
        case LS_CONST_FALSE: return "False";
        case LS_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case LS_EXPR_COMPARE: return "comparison";
    case LS_EXPR_IF_EXP: return "conditional expression";
    case LS_EXPR_NAMED_EXPR: return "named expression";
    case LS_EXPR_SLICE:
    default: return "expression";
    }
}

/* -------------------------------------------------------------------------
 * Numbers
 * ---------------------------------------------------------------------- */

/* NUMBER: ints are 64-bit in Loopscope; CPython's are unbounded. */
static LsExpr *
number (Parser        *p,
        const LsToken *t)
{
  LsExpr *e = new_expr (p, LS_EXPR_CONSTANT,
                        (LsSpan) { t->line, t->col, t->end_line, t->end_col });
  g_autoptr (GString) digits = g_string_new (NULL);
  const char *s = p->text + t->start;
  gsize n = t->end - t->start;

  for (gsize i = 0; i < n; i++)
    if (s[i] != '_')
      g_string_append_c (digits, s[i]);

  char last = digits->str[digits->len - 1];
  if (last == 'j' || last == 'J')
    {
      unsupported (p, t->line, t->col, "Loopscope does not support complex numbers");
      e->constant.kind = LS_CONST_INT;
      return e;
    }

  int base = 10;
  const char *start = digits->str;
  if (digits->len > 1 && digits->str[0] == '0' && strchr ("xXoObB", digits->str[1]) != NULL)
    {
      char r = g_ascii_tolower (digits->str[1]);
      base = r == 'x' ? 16 : r == 'o' ? 8 : 2;
      start += 2;
    }
  else if (strpbrk (digits->str, ".eE") != NULL)
    {
      e->constant.kind = LS_CONST_FLOAT;
      e->constant.f = g_ascii_strtod (digits->str, NULL);
      return e;
    }

  errno = 0;
  guint64 v = g_ascii_strtoull (start, NULL, base);
  if (errno == ERANGE || v > G_MAXINT64)
    unsupported (p, t->line, t->col,
                 "Loopscope does not support integers that do not fit in 64 bits");
  e->constant.kind = LS_CONST_INT;
  e->constant.i = (gint64) v;
  return e;
}

/* -------------------------------------------------------------------------
 * Strings
 * ---------------------------------------------------------------------- */

typedef struct
{
  GString   *last_str;   /* literal text not yet made a Constant */
  GPtrArray *values;     /* of a JoinedStr */
  gboolean   fmode;      /* an f-string took part */
  gboolean   u_prefix;   /* the first token was spelled u'...' */
} FstringState;

/* The position of an escape in CPython's error message counts bytes of a
 * buffer where each non-ASCII character was made a 10-byte \U escape. */
static gsize
escape_position (const char *body,
                 const char *at)
{
  gsize pos = 0;

  for (const char *s = body; s < at; s = g_utf8_next_char (s))
    pos += (guchar) *s < 128 ? 1 : 10;
  return pos;
}

static void
append_code_point (GString *out,
                   gunichar ch)
{
  char buf[8];
  int n = g_unichar_to_utf8 (ch, buf);

  g_string_append_len (out, buf, n);
}

/* Reads exactly `count` hex digits into *value; returns how many were. */
static int
read_hex (const char *s,
          const char *end,
          int         count,
          gunichar   *value)
{
  int i;

  *value = 0;
  for (i = 0; i < count && s + i < end && g_ascii_isxdigit (s[i]); i++)
    *value = *value * 16 + g_ascii_xdigit_value (s[i]);
  return i;
}

/* CPython's decode_unicode_with_escapes.  Unknown escapes stay as they are
 * (CPython only warns).  Errors go to the token t. */
static gboolean
decode_escapes (Parser        *p,
                const char    *s,
                gsize          len,
                GString       *out,
                const LsToken *t)
{
  const char *body = s, *end = s + len;

  while (s < end)
    {
      if (*s != '\\' || s + 1 >= end)
        {
          g_string_append_c (out, *s++);
          continue;
        }
      const char *bs = s;
      char c = s[1];
      s += 2;
      switch (c)
        {
        case '\n': break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '\'': g_string_append_c (out, '\''); break;
        case '"': g_string_append_c (out, '"'); break;
        case 'a': g_string_append_c (out, '\a'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'v': g_string_append_c (out, '\v'); break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7':
          {
            gunichar v = c - '0';
            for (int i = 0; i < 2 && s < end && *s >= '0' && *s <= '7'; i++)
              v = v * 8 + (*s++ - '0');
            append_code_point (out, v);
            break;
          }
        case 'x':
        case 'u':
        case 'U':
          {
            int want = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            gunichar v;
            int got = read_hex (s, end, want, &v);
            gsize pos = escape_position (body, bs);
            if (got < want)
              return error_at_token (p, t,
                                     "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                     "position %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT ": truncated %s escape",
                                     pos, pos + 1 + got,
                                     c == 'x' ? "\\xXX" : c == 'u' ? "\\uXXXX" : "\\UXXXXXXXX") != NULL;
            if (v > 0x10ffff)
              return error_at_token (p, t,
                                     "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                     "position %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT ": illegal Unicode character",
                                     pos, pos + 1 + got) != NULL;
            s += got;
            append_code_point (out, v);
            break;
          }
        case 'N':
          unsupported (p, t->line, t->col,
                       "Loopscope does not support \\N{...} escapes; use \\u or the character itself");
          break;
        default:
          g_string_append_c (out, '\\');
          s = bs + 1;  /* the character itself, maybe multi-byte, is copied next */
          break;
        }
    }
  return TRUE;
}

static void
state_append (FstringState *st,
              const char   *s,
              gsize         len)
{
  if (len == 0)
    return;
  if (st->last_str == NULL)
    st->last_str = g_string_new (NULL);
  g_string_append_len (st->last_str, s, len);
}

static LsExpr *
str_constant (Parser       *p,
              const char   *s,
              gsize         len,
              gboolean      u_prefix,
              LsSpan        span)
{
  LsExpr *e = new_expr (p, LS_EXPR_CONSTANT, span);

  e->constant.kind = LS_CONST_STR;
  e->constant.s.data = ls_arena_strndup (p->arena, s, len);
  e->constant.s.len = len;
  e->constant.u_prefix = u_prefix;
  return e;
}

/* make_str_node_and_del: the pending literal becomes a Constant. */
static void
state_flush (Parser       *p,
             FstringState *st,
             LsSpan        span)
{
  if (st->last_str == NULL)
    return;
  g_ptr_array_add (st->values, str_constant (p, st->last_str->str, st->last_str->len,
                                             st->u_prefix, span));
  g_string_free (st->last_str, TRUE);
  st->last_str = NULL;
}

typedef struct
{
  const LsToken *first;   /* the group of adjacent string tokens */
  const LsToken *last;
  const LsToken *t;       /* the token being split */
  const LsToken *after;   /* the token after the group: where errors go */
  gboolean       raw;
} FstringCtx;

static LsSpan
tokens_span (const LsToken *first,
             const LsToken *last)
{
  return (LsSpan) { first->line, first->col, last->end_line, last->end_col };
}

static gpointer
fstring_error (Parser           *p,
               const FstringCtx *fc,
               const char       *message)
{
  return error_at (p, LS_SYNTAX_ERROR_INVALID, fc->after->line, fc->after->col,
                   "f-string: %s", message);
}

static gboolean concat_fstring (Parser *p, FstringState *st, const char **str,
                                const char *end, int recurse_lvl, const FstringCtx *fc);

/* fstring_find_literal: literal text up to a '{' that opens a field (or a
 * '}' that ends a nested spec).  Returns -1 on error, 1 after a doubled
 * brace (the caller loops), 0 otherwise. */
static int
fstring_find_literal (Parser           *p,
                      const char      **str,
                      const char       *end,
                      int               recurse_lvl,
                      GString          *literal,
                      const FstringCtx *fc)
{
  const char *s = *str, *literal_start = s;
  int result = 0;

  while (s < end)
    {
      char ch = *s++;
      if (!fc->raw && ch == '\\' && s < end)
        {
          ch = *s++;
          if (ch == 'N')
            {
              /* \N{...} names are not fields. */
              if (s < end && *s++ == '{')
                {
                  while (s < end && *s++ != '}')
                    ;
                  continue;
                }
              break;
            }
        }
      if (ch == '{' || ch == '}')
        {
          if (recurse_lvl == 0)
            {
              if (s < end && *s == ch)
                {
                  *str = s + 1;
                  result = 1;
                  goto done;
                }
              if (ch == '}')
                {
                  *str = s - 1;
                  fstring_error (p, fc, "single '}' is not allowed");
                  return -1;
                }
            }
          s--;
          break;
        }
    }
  *str = s;
done:
  {
    const char *lit_end = result == 1 ? s : s;
    if (lit_end > literal_start)
      {
        if (fc->raw)
          g_string_append_len (literal, literal_start, lit_end - literal_start);
        else if (!decode_escapes (p, literal_start, lit_end - literal_start, literal, fc->t))
          return -1;
      }
  }
  return result;
}

/* Where, in the file, is the byte at `at` of the token t? */
static void
fstring_locate (Parser        *p,
                const LsToken *t,
                const char    *at,
                int           *line,
                int           *col)
{
  const char *tok = p->text + t->start;
  const char *line_start = NULL;

  *line = t->line;
  for (const char *s = tok; s < at; s++)
    if (*s == '\n')
      {
        (*line)++;
        line_start = s + 1;
      }
  *col = line_start == NULL ? t->col + (int) (at - tok) : (int) (at - line_start);
}

static gboolean parse_fragment (Parser *p, const char *text, gsize len,
                                int line, int col, LsExpr **out);

/* fstring_compile_expr: the field's text, wrapped in parentheses (so that
 * leading spaces are allowed), is parsed on its own, with its tokens placed
 * where they are in the file. */
static LsExpr *
fstring_compile_expr (Parser           *p,
                      const char       *expr_start,
                      const char       *expr_end,
                      const FstringCtx *fc)
{
  const char *s;
  int line, col;

  for (s = expr_start; s < expr_end; s++)
    if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f'))
      break;
  if (s == expr_end)
    {
      if (*expr_end == '!' || *expr_end == ':' || *expr_end == '=')
        {
          g_autofree char *m = g_strdup_printf ("expression required before '%c'", *expr_end);
          return fstring_error (p, fc, m);
        }
      return fstring_error (p, fc, "empty expression not allowed");
    }

  g_autoptr (GString) text = g_string_new ("(");
  g_string_append_len (text, expr_start, expr_end - expr_start);
  g_string_append_c (text, ')');

  fstring_locate (p, fc->t, expr_start - 1, &line, &col);
  LsExpr *e = NULL;
  if (!parse_fragment (p, text->str, text->len, line, col, &e))
    return NULL;
  return e;
}

/* Finds where the expression of a replacement field ends: at a '!', ':',
 * '=' or '}' outside brackets and strings (fstring_find_expr's loop, which
 * only needs to find the end of valid expressions: their errors come when
 * they are parsed).  *str is just after the '{'. */
static gboolean
fstring_scan_expr (Parser           *p,
                   const char      **str,
                   const char       *end,
                   const FstringCtx *fc)
{
  char quote_char = 0;
  int string_type = 0;
  int nested_depth = 0;
  char parenstack[200];

  for (; *str < end; (*str)++)
    {
      char ch = **str;
      if (ch == '\\')
        return error_at (p, LS_SYNTAX_ERROR_INVALID, fc->after->line, fc->after->col,
                         "f-string expression part cannot include a backslash") != NULL;
      if (quote_char)
        {
          if (ch == quote_char)
            {
              if (string_type == 3)
                {
                  if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch)
                    {
                      *str += 2;
                      string_type = 0;
                      quote_char = 0;
                    }
                }
              else
                {
                  string_type = 0;
                  quote_char = 0;
                }
            }
        }
      else if (ch == '\'' || ch == '"')
        {
          if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch)
            {
              string_type = 3;
              *str += 2;
            }
          else
            string_type = 1;
          quote_char = ch;
        }
      else if (ch == '[' || ch == '{' || ch == '(')
        {
          if (nested_depth >= (int) sizeof parenstack)
            return fstring_error (p, fc, "too many nested parenthesis") != NULL;
          parenstack[nested_depth++] = ch;
        }
      else if (ch == '#')
        return error_at (p, LS_SYNTAX_ERROR_INVALID, fc->after->line, fc->after->col,
                         "f-string expression part cannot include '#'") != NULL;
      else if (nested_depth == 0
               && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<'))
        {
          if (*str + 1 < end)
            {
              char next = (*str)[1];
              if ((ch == '!' && next == '=') || (ch == '=' && next == '=')
                  || (ch == '<' && next == '=') || (ch == '>' && next == '='))
                {
                  *str += 1;
                  continue;
                }
              if (ch == '>' || ch == '<')
                continue;
            }
          break;
        }
      else if (ch == ']' || ch == '}' || ch == ')')
        {
          if (nested_depth == 0)
            {
              g_autofree char *m = g_strdup_printf ("unmatched '%c'", ch);
              return fstring_error (p, fc, m) != NULL;
            }
          char opening = parenstack[--nested_depth];
          if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']')
                || (opening == '{' && ch == '}')))
            {
              g_autofree char *m = g_strdup_printf (
                "closing parenthesis '%c' does not match opening parenthesis '%c'", ch, opening);
              return fstring_error (p, fc, m) != NULL;
            }
        }
    }
  if (quote_char)
    return fstring_error (p, fc, "unterminated string") != NULL;
  if (nested_depth)
    {
      g_autofree char *m = g_strdup_printf ("unmatched '%c'", parenstack[nested_depth - 1]);
      return fstring_error (p, fc, m) != NULL;
    }
  if (*str >= end)
    return fstring_error (p, fc, "expecting '}'") != NULL;

  return TRUE;
}

/* fstring_find_expr: a replacement field {expr!conv:spec}, *str at '{'. */
static LsExpr *
fstring_find_expr (Parser           *p,
                   const char      **str,
                   const char       *end,
                   int               recurse_lvl,
                   GString         **expr_text,
                   const FstringCtx *fc)
{
  const char *expr_start, *expr_end;
  int conversion = -1;
  LsExpr *format_spec = NULL;

  if (recurse_lvl >= 2)
    return fstring_error (p, fc, "expressions nested too deeply");

  *str += 1;
  expr_start = *str;
  if (!fstring_scan_expr (p, str, end, fc))
    return NULL;
  expr_end = *str;

  LsExpr *value = fstring_compile_expr (p, expr_start, expr_end, fc);
  if (value == NULL)
    return NULL;

  if (**str == '=')
    {
      *str += 1;
      while (g_ascii_isspace (**str))
        *str += 1;
      *expr_text = g_string_new_len (expr_start, *str - expr_start);
    }

  if (**str == '!')
    {
      *str += 1;
      if (*str >= end)
        return fstring_error (p, fc, "expecting '}'");
      conversion = (guchar) **str;
      *str += 1;
      if (!(conversion == 's' || conversion == 'r' || conversion == 'a'))
        return fstring_error (p, fc, "invalid conversion character: expected 's', 'r', or 'a'");
    }

  if (*str >= end)
    return fstring_error (p, fc, "expecting '}'");
  if (**str == ':')
    {
      *str += 1;
      if (*str >= end)
        return fstring_error (p, fc, "expecting '}'");
      /* fstring_parse: the spec is an f-string of its own, whose final
       * literal and JoinedStr take the span of this token only. */
      FstringState spec = { NULL, g_ptr_array_new (), FALSE, FALSE };
      gboolean ok = concat_fstring (p, &spec, str, end, recurse_lvl + 1, fc);
      if (ok)
        {
          LsSpan tspan = tokens_span (fc->t, fc->t);
          state_flush (p, &spec, tspan);
          format_spec = new_expr (p, LS_EXPR_JOINED_STR, tspan);
          format_spec->joined_str.values = finish_ptrs (p, spec.values,
                                                        &format_spec->joined_str.n_values);
        }
      if (spec.last_str != NULL)
        g_string_free (spec.last_str, TRUE);
      g_ptr_array_unref (spec.values);
      if (!ok)
        return NULL;
    }

  if (*str >= end || **str != '}')
    return fstring_error (p, fc, "expecting '}'");
  *str += 1;

  if (*expr_text != NULL && format_spec == NULL && conversion == -1)
    conversion = 'r';

  LsExpr *fv = new_expr (p, LS_EXPR_FORMATTED_VALUE, tokens_span (fc->first, fc->last));
  fv->formatted_value.value = value;
  fv->formatted_value.conversion = conversion;
  fv->formatted_value.format_spec = format_spec;
  return fv;
}

/* _PyPegen_FstringParser_ConcatFstring: splits one f-string body (or a
 * nested format spec) into literals and fields. */
static gboolean
concat_fstring (Parser           *p,
                FstringState     *st,
                const char      **str,
                const char       *end,
                int               recurse_lvl,
                const FstringCtx *fc)
{
  st->fmode = TRUE;
  for (;;)
    {
      g_autoptr (GString) literal = g_string_new (NULL);
      GString *expr_text = NULL;
      LsExpr *expression = NULL;

      int result = fstring_find_literal (p, str, end, recurse_lvl, literal, fc);
      if (result < 0)
        return FALSE;
      if (result == 0 && *str < end && **str != '}')
        {
          expression = fstring_find_expr (p, str, end, recurse_lvl, &expr_text, fc);
          if (expression == NULL)
            {
              if (expr_text != NULL)
                g_string_free (expr_text, TRUE);
              return FALSE;
            }
        }
      state_append (st, literal->str, literal->len);
      if (expr_text != NULL)
        {
          state_append (st, expr_text->str, expr_text->len);
          g_string_free (expr_text, TRUE);
        }
      if (result == 1)
        continue;
      if (expression == NULL)
        break;
      state_flush (p, st, tokens_span (fc->first, fc->last));
      g_ptr_array_add (st->values, expression);
    }

  if (recurse_lvl == 0 && *str < end)
    return fstring_error (p, fc, "unexpected end of string") != NULL;
  if (recurse_lvl != 0 && (*str >= end || **str != '}'))
    return fstring_error (p, fc, "expecting '}'") != NULL;
  return TRUE;
}

/* One string token: its prefix, and the body between the quotes. */
static void
split_string_token (Parser        *p,
                    const LsToken *t,
                    gboolean      *raw,
                    gboolean      *bytes,
                    gboolean      *fmode,
                    const char   **body,
                    gsize         *len)
{
  const char *s = p->text + t->start;
  const char *end = p->text + t->end;

  *raw = *bytes = *fmode = FALSE;
  for (; *s != '\'' && *s != '"'; s++)
    {
      char c = g_ascii_tolower (*s);
      if (c == 'r')
        *raw = TRUE;
      else if (c == 'b')
        *bytes = TRUE;
      else if (c == 'f')
        *fmode = TRUE;
    }
  int q = (end - s >= 6 && s[1] == s[0] && s[2] == s[0]) ? 3 : 1;
  *body = s + q;
  *len = (end - q) - (s + q);
}

/* strings: STRING+
 *
 * Adjacent literals are one constant; with an f-string among them, one
 * JoinedStr whose parts all take the span of the whole group. */
static LsExpr *
strings (Parser *p)
{
  const LsToken *first = peek (p);
  const LsToken *last = first;
  FstringState st = { NULL, g_ptr_array_new (), FALSE, FALSE };
  gboolean ok = TRUE;
  guint start = p->pos;

  while (check (p, LS_TOK_STRING))
    last = advance (p);
  st.u_prefix = p->text[first->start] == 'u';

  FstringCtx fc = { first, last, NULL, peek (p), FALSE };
  for (guint i = start; ok && i < p->pos; i++)
    {
      const LsToken *t = &p->toks[i];
      gboolean raw, bytes, fmode;
      const char *body;
      gsize len;

      split_string_token (p, t, &raw, &bytes, &fmode, &body, &len);
      if (bytes)
        unsupported (p, t->line, t->col, "Loopscope does not support bytes literals");
      fc.t = t;
      fc.raw = raw;
      if (fmode)
        {
          const char *s = body;
          ok = concat_fstring (p, &st, &s, body + len, 0, &fc);
        }
      else if (raw || memchr (body, '\\', len) == NULL)
        state_append (&st, body, len);
      else
        {
          g_autoptr (GString) decoded = g_string_new (NULL);
          ok = decode_escapes (p, body, len, decoded, t);
          state_append (&st, decoded->str, decoded->len);
        }
    }

  LsExpr *e = NULL;
  LsSpan span = tokens_span (first, last);
  if (ok && !st.fmode)
    e = str_constant (p, st.last_str ? st.last_str->str : "",
                      st.last_str ? st.last_str->len : 0, st.u_prefix, span);
  else if (ok)
    {
      state_flush (p, &st, span);
      e = new_expr (p, LS_EXPR_JOINED_STR, span);
      e->joined_str.values = finish_ptrs (p, st.values, &e->joined_str.n_values);
    }
  if (st.last_str != NULL)
    g_string_free (st.last_str, TRUE);
  g_ptr_array_unref (st.values);
  return e;
}

/* -------------------------------------------------------------------------
 * Atoms
 * ---------------------------------------------------------------------- */

static LsExpr *
constant (Parser        *p,
          const LsToken *t,
          LsConstKind    kind)
{
  LsExpr *e = new_expr (p, LS_EXPR_CONSTANT,
                        (LsSpan) { t->line, t->col, t->end_line, t->end_col });

  e->constant.kind = kind;
  return e;
}

static gboolean
at_comprehension (Parser *p)
{
  return check (p, LS_TOK_FOR) || (check (p, LS_TOK_ASYNC) && peek_kind_at (p, 1) == LS_TOK_FOR);
}

/* invalid_for_target: ASYNC? 'for' a=star_expressions
 * The target, read again as expressions with their checks, then as a
 * target that may not be assignable. */
static void
invalid_for_target (Parser *p,
                    guint   target_pos)
{
  guint pos = p->pos, max_pos = p->max_pos;

  p->pos = target_pos;
  p->tail_mode++;
  LsExpr *e = star_expressions (p);
  p->tail_mode--;
  if (p->tail_failed)
    {
      g_clear_error (&p->error);
      p->tail_failed = FALSE;
      e = NULL;
    }
  if (!failed (p) && e != NULL && invalid_target (e, TARGETS_FOR) != NULL)
    set_context (p, e, LS_CTX_STORE, TARGETS_FOR);
  if (!failed (p))
    {
      p->pos = pos;
      p->max_pos = max_pos;
    }
}

/* for_if_clauses: for_if_clause+
 * for_if_clause:
 *     | ASYNC 'for' star_targets 'in' ~ disjunction ('if' disjunction )*
 *     | 'for' star_targets 'in' ~ disjunction ('if' disjunction )* */
static LsComprehension *
for_if_clauses (Parser *p,
                guint  *n)
{
  g_autoptr (GArray) gens = g_array_new (FALSE, TRUE, sizeof (LsComprehension));

  while (at_comprehension (p))
    {
      LsComprehension c = { 0 };
      g_autoptr (GPtrArray) ifs = g_ptr_array_new ();

      c.is_async = accept (p, LS_TOK_ASYNC) != NULL;
      advance (p);  /* 'for' */
      guint target_pos = p->pos;
      c.target = star_targets (p);
      if (failed (p))
        return NULL;
      if (!check (p, LS_TOK_IN))
        {
          invalid_for_target (p, target_pos);
          if (!failed (p))
            syntax_error (p);
          return NULL;
        }
      if (!set_context (p, c.target, LS_CTX_STORE, TARGETS_FOR))
        return NULL;
      if (!expect (p, LS_TOK_IN))
        return NULL;
      c.iter = disjunction (p);
      if (failed (p))
        return NULL;
      while (accept (p, LS_TOK_IF))
        {
          LsExpr *cond = disjunction (p);
          if (failed (p))
            return NULL;
          g_ptr_array_add (ifs, cond);
        }
      c.ifs = finish_ptrs (p, ifs, &c.n_ifs);
      g_array_append_val (gens, c);
    }
  return finish_array (p, gens, n);
}

/* Builds ListComp/SetComp/GeneratorExp after the closing bracket. */
static LsExpr *
finish_comprehension (Parser        *p,
                      LsExprKind     kind,
                      LsExpr        *elt,
                      const LsToken *open,
                      LsTokenKind    close)
{
  guint n;
  LsComprehension *gens;

  if (elt->kind == LS_EXPR_STARRED)
    return error_at_expr (p, elt, "iterable unpacking cannot be used in comprehension");
  gens = for_if_clauses (p, &n);
  if (failed (p) || !expect (p, close))
    return NULL;
  LsExpr *e = new_expr (p, kind, span_from (p, open));
  e->comp.elt = elt;
  e->comp.generators = gens;
  e->comp.n_generators = n;
  return e;
}

/* star_named_expressions: ','.star_named_expression+ [','] — the rest of
 * a display after its first element, up to the closing bracket. */
static gboolean
display_elements (Parser      *p,
                  GPtrArray   *elts,
                  LsTokenKind  close)
{
  while (accept (p, LS_TOK_COMMA))
    {
      if (check (p, close) || at_comprehension (p))
        break;
      LsExpr *e = star_named_expression (p);
      if (failed (p))
        return FALSE;
      g_ptr_array_add (elts, e);
    }
  if (at_comprehension (p) && close != LS_TOK_RPAR)
    {
      /* invalid_comprehension: `[a, b for ...]` */
      Mark m = mark_begin (p);
      guint n;
      for_if_clauses (p, &n);
      gboolean ok = !failed (p);
      mark_rewind (p, &m);
      if (ok)
        {
          const LsExpr *first = elts->pdata[0];
          error_at_expr (p, first, "did you forget parentheses around the comprehension target?");
          return FALSE;
        }
      /* the clauses' own errors (invalid_for_target) */
      guint pos = p->pos, max_pos = p->max_pos;
      p->tail_mode++;
      for_if_clauses (p, &n);
      p->tail_mode--;
      if (p->tail_failed)
        {
          g_clear_error (&p->error);
          p->tail_failed = FALSE;
        }
      if (failed (p))
        return FALSE;
      p->pos = pos;
      p->max_pos = max_pos;
    }
  return TRUE;
}

/* The token where an expression starts (tokens are in source order). */
static const LsToken *
token_at_span (Parser       *p,
               const LsSpan *span)
{
  guint lo = 0, hi = p->n_toks;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const LsToken *t = &p->toks[mid];
      if (t->line < span->line || (t->line == span->line && t->col < span->col))
        lo = mid + 1;
      else
        hi = mid;
    }
  return &p->toks[MIN (lo, p->n_toks - 1)];
}

/* The disjunction an expression ends with: invalid_expression is tried by
 * the innermost `expression` rule, the body of a lambda or the `else` part
 * of a conditional. */
static LsExpr *
last_disjunction (LsExpr *e)
{
  for (;;)
    switch (e->kind)
      {
      case LS_EXPR_LAMBDA: e = e->lambda.body; break;
      case LS_EXPR_IF_EXP: e = e->if_exp.orelse; break;
      case LS_EXPR_NAMED_EXPR: e = e->named_expr.value; break;
      default: return e;
      }
}

/* invalid_expression:
 *    | !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
 * Inside brackets, two expressions with nothing between them are most
 * likely a missing comma. */
static void
check_missing_comma (Parser *p,
                     LsExpr *last)
{
  if (failed (p) || !starts_expression (peek_kind (p)) || check (p, LS_TOK_STAR))
    return;
  LsExpr *a = last_disjunction (last);
  if (a->kind == LS_EXPR_STARRED || a->kind == LS_EXPR_LAMBDA)
    return;
  const LsToken *first = token_at_span (p, &a->span);
  guint i = first - p->toks;
  if (first->kind == LS_TOK_NAME && i + 1 < p->n_toks && p->toks[i + 1].kind == LS_TOK_STRING)
    return;  /* a string prefix typo, not a missing comma */
  if (first->kind == LS_TOK_NAME && is_soft_keyword (p, first))
    return;
  if (a->kind == LS_EXPR_NAME && (strcmp (a->name.id, "print") == 0 || strcmp (a->name.id, "exec") == 0))
    return;  /* _PyPegen_check_legacy_stmt */
  /* b=expression_without_invalid: PEG keeps the longest prefix that
   * parses, so a failed expression may still leave a factor. */
  gint32 level = 0;
  gboolean ok;
  p->without_invalid++;
  Mark m = mark_begin (p);
  LsExpr *next = expression (p);
  ok = !failed (p) && next != NULL;
  if (ok)
    level = p->toks[p->pos - 1].level;
  mark_rewind (p, &m);
  if (!ok)
    {
      m = mark_begin (p);
      next = check (p, LS_TOK_LAMBDA) ? NULL : disjunction (p);
      ok = !failed (p) && next != NULL;
      if (!ok)
        {
          mark_rewind (p, &m);
          m = mark_begin (p);
          next = factor (p);
          ok = !failed (p) && next != NULL;
        }
      if (ok)
        level = p->toks[p->pos - 1].level;
      mark_rewind (p, &m);
    }
  p->without_invalid--;
  if (ok && level > 0)
    error_at (p, LS_SYNTAX_ERROR_INVALID, a->span.line, a->span.col,
              "invalid syntax. Perhaps you forgot a comma?");
}

/* invalid_comprehension and invalid_group read a first element after the
 * bracket as `'*' expression`, so CPython's invalid_expression reports a
 * missing comma after the starred value there too: `(*x 8)`. */
static void
check_starred_first (Parser *p,
                     LsExpr *first)
{
  if (!failed (p) && first->kind == LS_EXPR_STARRED && p->quiet == 0
      && starts_expression (peek_kind (p)))
    check_missing_comma (p, first->starred.value);
}

/* tuple: '(' [star_named_expression ',' [star_named_expressions] ] ')'
 * group: '(' (yield_expr | named_expression) ')'
 * genexp: '(' ( assignment_expression | expression !':=') for_if_clauses ')' */
static LsExpr *
paren_atom (Parser *p)
{
  const LsToken *open = advance (p);
  g_autoptr (GPtrArray) elts = g_ptr_array_new ();

  if (accept (p, LS_TOK_RPAR))
    return tuple_expr (p, elts, span_from (p, open), LS_CTX_LOAD);
  if (check (p, LS_TOK_YIELD))
    {
      LsExpr *y = yield_expr (p);
      if (failed (p) || !expect (p, LS_TOK_RPAR))
        return NULL;
      return y;
    }

  if (check (p, LS_TOK_DOUBLESTAR))
    {
      /* invalid_group: '(' '**' expression ')' */
      const LsToken *stars = peek (p);
      gboolean ok = FALSE;
      if (p->without_invalid == 0 && !memo_lookup (p, MEMO_INVALID_GROUP, &ok))
        {
          Mark m = mark_begin (p);
          advance (p);
          LsExpr *e = expression (p);
          ok = e != NULL && !failed (p) && check (p, LS_TOK_RPAR);
          mark_rewind (p, &m);
          memo_store (p, MEMO_INVALID_GROUP, ok);
        }
      if (ok)
        return error_at_token (p, stars, "cannot use double starred expression here");
      if (p->quiet == 0 && p->without_invalid == 0)
        {
          /* CPython reads that expression with its invalid_* rules on:
           * a specific error found there (a missing comma) is the one it
           * reports. */
          guint pos = p->pos;
          advance (p);
          expression (p);
          if (failed (p) && !p->error_generic)
            return NULL;
          g_clear_error (&p->error);
          p->error_generic = FALSE;
          p->pos = pos;
        }
      return syntax_error (p);
    }
  LsExpr *first = star_named_expression (p);
  check_starred_first (p, first);
  if (failed (p))
    return NULL;
  if (at_comprehension (p))
    return finish_comprehension (p, LS_EXPR_GENERATOR_EXP, first, open, LS_TOK_RPAR);
  if (!check (p, LS_TOK_COMMA))
    {
      if (failed (p) || !expect (p, LS_TOK_RPAR))
        return NULL;
      if (first->kind == LS_EXPR_STARRED)
        return error_at_expr (p, first, "cannot use starred expression here");
      return first;
    }
  g_ptr_array_add (elts, first);
  if (!display_elements (p, elts, LS_TOK_RPAR))
    return NULL;
  if (failed (p) || !expect (p, LS_TOK_RPAR))
    return NULL;
  return tuple_expr (p, elts, span_from (p, open), LS_CTX_LOAD);
}

/* list: '[' [star_named_expressions] ']'
 * listcomp: '[' named_expression for_if_clauses ']' */
static LsExpr *
list_atom (Parser *p)
{
  const LsToken *open = advance (p);
  g_autoptr (GPtrArray) elts = g_ptr_array_new ();

  if (!check (p, LS_TOK_RSQB))
    {
      LsExpr *first = star_named_expression (p);
      check_starred_first (p, first);
      if (failed (p))
        return NULL;
      if (at_comprehension (p))
        return finish_comprehension (p, LS_EXPR_LIST_COMP, first, open, LS_TOK_RSQB);
      g_ptr_array_add (elts, first);
      if (!display_elements (p, elts, LS_TOK_RSQB))
        return NULL;
    }
  if (failed (p) || !expect (p, LS_TOK_RSQB))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_LIST, span_from (p, open));
  e->seq.elts = finish_ptrs (p, elts, &e->seq.n_elts);
  e->seq.ctx = LS_CTX_LOAD;
  return e;
}

/* double_starred_kvpair: '**' bitwise_or | kvpair
 * kvpair: expression ':' expression */
/* invalid_kvpair: a=expression !(':') — PEG takes the longest prefix of
 * the key that parses; when the whole key does not, that prefix is the
 * key that lacks its ':'. */
static gboolean
key_parses (Parser *p)
{
  gboolean ok;

  if (!memo_lookup (p, MEMO_KEY_EXPRESSION, &ok))
    {
      Mark m = mark_begin (p);
      LsExpr *key = expression (p);
      ok = !failed (p) && key != NULL;
      mark_rewind (p, &m);
      memo_store (p, MEMO_KEY_EXPRESSION, ok);
    }
  if (ok)
    return TRUE;
  if (p->quiet > 0 && memo_lookup (p, MEMO_KEY_FACTOR, &ok))
    {
      /* speculating: only the answer counts, not the message */
      if (ok)
        error_at (p, LS_SYNTAX_ERROR_INVALID, 1, 0, "quiet");
      return !ok;
    }
  Mark m = mark_begin (p);
  LsExpr *key = factor (p);
  ok = !failed (p) && key != NULL && !check (p, LS_TOK_COLON);
  mark_rewind (p, &m);
  memo_store (p, MEMO_KEY_FACTOR, ok);
  if (ok)
    {
      error_at (p, LS_SYNTAX_ERROR_INVALID, key->span.line, key->span.end_col - 1,
                "':' expected after dictionary key");
      return FALSE;
    }
  return TRUE;
}

/* The value after `key:`, with invalid_kvpair's messages. */
static LsExpr *
dict_value (Parser        *p,
            const LsToken *colon)
{
  if (check (p, LS_TOK_RBRACE) || check (p, LS_TOK_COMMA))
    return error_at_token (p, colon, "expression expected after dictionary key and ':'");
  if (check (p, LS_TOK_STAR))
    return error_at_token (p, peek (p), "cannot use a starred expression in a dictionary value");
  return expression (p);
}

static gboolean
dict_item (Parser    *p,
           GPtrArray *keys,
           GPtrArray *values,
           gboolean   after_comma)
{
  LsExpr *key = NULL, *value;

  if (accept (p, LS_TOK_DOUBLESTAR))
    value = bitwise_or (p);
  else
    {
      if (after_comma && !key_parses (p))
        return FALSE;
      p->no_comma_check = after_comma;
      key = expression (p);
      p->no_comma_check = FALSE;
      if (failed (p))
        return FALSE;
      const LsToken *colon = accept (p, LS_TOK_COLON);
      if (colon == NULL)
        {
          if (after_comma)
            error_at (p, LS_SYNTAX_ERROR_INVALID, key->span.line, key->span.end_col - 1,
                      "':' expected after dictionary key");
          else
            syntax_error (p);
          return FALSE;
        }
      value = dict_value (p, colon);
    }
  if (failed (p))
    return FALSE;
  g_ptr_array_add (keys, key);
  g_ptr_array_add (values, value);
  return TRUE;
}

/* dict: '{' [double_starred_kvpairs] '}'
 * dictcomp: '{' kvpair for_if_clauses '}' */
static LsExpr *
dict_rest (Parser        *p,
           const LsToken *open,
           LsExpr        *first_key)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GPtrArray) values = g_ptr_array_new ();

  if (first_key != NULL || !check (p, LS_TOK_RBRACE))
    {
      if (first_key != NULL)
        {
          LsExpr *value = dict_value (p, &p->toks[p->pos - 1]);
          if (failed (p))
            return NULL;
          if (at_comprehension (p))
            {
              guint n;
              LsComprehension *gens = for_if_clauses (p, &n);
              if (failed (p) || !expect (p, LS_TOK_RBRACE))
                return NULL;
              LsExpr *e = new_expr (p, LS_EXPR_DICT_COMP, span_from (p, open));
              e->dict_comp.key = first_key;
              e->dict_comp.value = value;
              e->dict_comp.generators = gens;
              e->dict_comp.n_generators = n;
              return e;
            }
          g_ptr_array_add (keys, first_key);
          g_ptr_array_add (values, value);
        }
      else if (!dict_item (p, keys, values, FALSE))
        return NULL;
      while (accept (p, LS_TOK_COMMA))
        {
          if (check (p, LS_TOK_RBRACE))
            break;
          if (!dict_item (p, keys, values, TRUE))
            return NULL;
        }
    }
  if (!expect (p, LS_TOK_RBRACE))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_DICT, span_from (p, open));
  guint n;
  e->dict.keys = finish_ptrs (p, keys, &n);
  e->dict.values = finish_ptrs (p, values, &e->dict.n);
  return e;
}

/* set: '{' star_named_expressions '}'
 * setcomp: '{' named_expression for_if_clauses '}' */
static LsExpr *
brace_atom (Parser *p)
{
  const LsToken *open = advance (p);

  if (check (p, LS_TOK_RBRACE) || check (p, LS_TOK_DOUBLESTAR))
    return dict_rest (p, open, NULL);

  LsExpr *first = star_named_expression (p);
  check_starred_first (p, first);
  if (failed (p))
    return NULL;
  if (first->kind != LS_EXPR_STARRED && accept (p, LS_TOK_COLON))
    return dict_rest (p, open, first);
  if (at_comprehension (p))
    return finish_comprehension (p, LS_EXPR_SET_COMP, first, open, LS_TOK_RBRACE);

  g_autoptr (GPtrArray) elts = g_ptr_array_new ();
  g_ptr_array_add (elts, first);
  if (!display_elements (p, elts, LS_TOK_RBRACE))
    return NULL;
  if (failed (p) || !expect (p, LS_TOK_RBRACE))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_SET, span_from (p, open));
  e->seq.elts = finish_ptrs (p, elts, &e->seq.n_elts);
  return e;
}

/* atom:
 *     | NAME | 'True' | 'False' | 'None' | strings | NUMBER
 *     | (tuple | group | genexp) | (list | listcomp)
 *     | (dict | set | dictcomp | setcomp) | '...' */
static LsExpr *
atom (Parser *p)
{
  LsToken *t = peek (p);

  switch (t->kind)
    {
    case LS_TOK_NAME:
      advance (p);
      return name_expr (p, t, LS_CTX_LOAD);
    case LS_TOK_TRUE:
      advance (p);
      return constant (p, t, LS_CONST_TRUE);
    case LS_TOK_FALSE:
      advance (p);
      return constant (p, t, LS_CONST_FALSE);
    case LS_TOK_NONE:
      advance (p);
      return constant (p, t, LS_CONST_NONE);
    case LS_TOK_ELLIPSIS:
      advance (p);
      return constant (p, t, LS_CONST_ELLIPSIS);
    case LS_TOK_NUMBER:
      advance (p);
      return number (p, t);
    case LS_TOK_STRING:
      return strings (p);
    case LS_TOK_LPAR:
      return paren_atom (p);
    case LS_TOK_LSQB:
      return list_atom (p);
    case LS_TOK_LBRACE:
      return brace_atom (p);
    default:
      return syntax_error (p);
    }
}

/* -------------------------------------------------------------------------
 * Primaries
 * ---------------------------------------------------------------------- */

/* slice:
 *     | [expression] ':' [expression] [':' [expression] ]
 *     | named_expression */
static LsExpr *
slice (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *lower = NULL, *upper = NULL, *step = NULL;

  if (!check (p, LS_TOK_COLON))
    {
      lower = named_expression (p);
      if (failed (p))
        return NULL;
      if (!check (p, LS_TOK_COLON))
        return lower;
    }
  advance (p);  /* ':' */
  if (starts_expression (peek_kind (p)) && !check (p, LS_TOK_STAR))
    {
      upper = expression (p);
      if (failed (p))
        return NULL;
    }
  if (accept (p, LS_TOK_COLON) && starts_expression (peek_kind (p)) && !check (p, LS_TOK_STAR))
    {
      step = expression (p);
      if (failed (p))
        return NULL;
    }
  LsExpr *e = new_expr (p, LS_EXPR_SLICE, span_from (p, start));
  e->slice.lower = lower;
  e->slice.upper = upper;
  e->slice.step = step;
  return e;
}

/* slices:
 *     | slice !','
 *     | ','.(slice | starred_expression)+ [','] */
static LsExpr *
slices (Parser *p)
{
  const LsToken *start = peek (p);
  g_autoptr (GPtrArray) elts = g_ptr_array_new ();

  for (;;)
    {
      LsExpr *e;
      if (check (p, LS_TOK_STAR))
        {
          const LsToken *star = advance (p);
          LsExpr *value = expression (p);
          if (failed (p))
            return NULL;
          e = new_expr (p, LS_EXPR_STARRED, span_from (p, star));
          e->starred.value = value;
          e->starred.ctx = LS_CTX_LOAD;
        }
      else
        e = slice (p);
      if (failed (p))
        return NULL;
      g_ptr_array_add (elts, e);
      if (!accept (p, LS_TOK_COMMA))
        break;
      if (check (p, LS_TOK_RSQB))
        break;
    }
  if (elts->len == 1 && p->toks[p->pos - 1].kind != LS_TOK_COMMA
      && ((LsExpr *) elts->pdata[0])->kind != LS_EXPR_STARRED)
    return elts->pdata[0];
  return tuple_expr (p, elts, span_from (p, start), LS_CTX_LOAD);
}

static gboolean
keyword_names_arg (Parser *p)
{
  return check (p, LS_TOK_NAME) && peek_kind_at (p, 1) == LS_TOK_EQUAL;
}

/* kwarg_or_starred: NAME '=' expression | starred_expression
 * kwarg_or_double_starred: NAME '=' expression | '**' expression
 * invalid_kwarg: the specific messages for `f(a.b=1)`, `f(True=1)`. */
static gboolean
keyword_argument (Parser *p,
                  GArray *keywords)
{
  LsKeyword kw = { 0 };
  const LsToken *start = peek (p);

  if (accept (p, LS_TOK_DOUBLESTAR))
    kw.arg = NULL;
  else
    {
      kw.arg = identifier (p, advance (p));
      advance (p);  /* '=' */
    }
  kw.value = expression (p);
  if (failed (p))
    return FALSE;
  kw.span = span_from (p, start);
  g_array_append_val (keywords, kw);
  return TRUE;
}

/* invalid_kwarg: `True=1`, `f(x)=1`... look like keywords and are not. */
static gboolean
check_invalid_kwarg (Parser *p)
{
  LsTokenKind k = peek_kind (p);

  if ((k == LS_TOK_TRUE || k == LS_TOK_FALSE || k == LS_TOK_NONE)
      && peek_kind_at (p, 1) == LS_TOK_EQUAL)
    {
      const LsToken *t = peek (p);
      error_at_token (p, t, "cannot assign to %s", ls_token_kind_text (k));
      return FALSE;
    }
  return TRUE;
}

/* args:
 *     | ','.(starred_expression | ( assignment_expression | expression !':=') !'=')+ [',' kwargs ]
 *     | kwargs
 * The opening '(' is consumed; consumes the closing ')'.  A generator
 * expression alone between the parentheses is the call's only argument. */
static gboolean
call_arguments (Parser        *p,
                const LsToken *open,
                GPtrArray     *args,
                GArray        *keywords)
{
  gboolean seen_keyword = FALSE, seen_double_star = FALSE;

  while (!check (p, LS_TOK_RPAR))
    {
      const LsToken *start = peek (p);
      if (!check_invalid_kwarg (p))
        return FALSE;
      if (check (p, LS_TOK_DOUBLESTAR) || keyword_names_arg (p))
        {
          seen_double_star |= check (p, LS_TOK_DOUBLESTAR);
          seen_keyword = TRUE;
          if (!keyword_argument (p, keywords))
            return FALSE;
        }
      else if (check (p, LS_TOK_STAR))
        {
          if (seen_double_star)
            return error_at_token (p, start,
                                   "iterable argument unpacking follows keyword argument unpacking") != NULL;
          if ((args->len > 0 || keywords->len > 0) && !starts_expression (peek_kind_at (p, 1)))
            {
              /* invalid_arguments: a=args ',' '*' — CPython's wording */
              const LsToken *first = &p->toks[open - p->toks + 1];
              return error_at_token (p, first,
                                     "iterable argument unpacking follows keyword argument unpacking") != NULL;
            }
          advance (p);
          LsExpr *value = expression (p);
          if (failed (p))
            return FALSE;
          LsExpr *e = new_expr (p, LS_EXPR_STARRED, span_from (p, start));
          e->starred.value = value;
          e->starred.ctx = LS_CTX_LOAD;
          g_ptr_array_add (args, e);
          if (at_comprehension (p))
            {
              /* invalid_comprehension: '(' starred_expression for_if_clauses */
              gboolean ok;
              if (!memo_lookup (p, MEMO_STARRED_COMPREHENSION, &ok))
                {
                  Mark m = mark_begin (p);
                  guint n;
                  for_if_clauses (p, &n);
                  ok = !failed (p);
                  mark_rewind (p, &m);
                  memo_store (p, MEMO_STARRED_COMPREHENSION, ok);
                }
              if (ok)
                return error_at_expr (p, e, "iterable unpacking cannot be used in comprehension") != NULL;
            }
        }
      else
        {
          p->in_arguments = TRUE;
          LsExpr *e = named_expression (p);
          if (failed (p))
            return FALSE;
          if (check (p, LS_TOK_EQUAL))
            return error_at_expr (p, e, "expression cannot contain assignment, perhaps you meant \"==\"?") != NULL;
          if (at_comprehension (p))
            {
              /* primary genexp: the call's parentheses are the generator's */
              guint n;
              LsComprehension *gens = for_if_clauses (p, &n);
              if (failed (p))
                return FALSE;
              if (args->len > 0 || keywords->len > 0 || check (p, LS_TOK_COMMA))
                return error_at_expr (p, e, "Generator expression must be parenthesized") != NULL;
              if (!expect (p, LS_TOK_RPAR))
                return FALSE;
              LsExpr *g = new_expr (p, LS_EXPR_GENERATOR_EXP, span_from (p, open));
              g->comp.elt = e;
              g->comp.generators = gens;
              g->comp.n_generators = n;
              g_ptr_array_add (args, g);
              p->pos--;  /* the ')' is consumed below */
              break;
            }
          if (seen_keyword)
            return error_at_expr (p, e, seen_double_star
                                  ? "positional argument follows keyword argument unpacking"
                                  : "positional argument follows keyword argument") != NULL;
          g_ptr_array_add (args, e);
        }
      if (!accept (p, LS_TOK_COMMA))
        break;
    }
  if (failed (p))
    return FALSE;
  return expect (p, LS_TOK_RPAR) != NULL;
}

static LsExpr *
call (Parser        *p,
      const LsToken *start,
      LsExpr        *func)
{
  const LsToken *open = advance (p);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GArray) keywords = g_array_new (FALSE, TRUE, sizeof (LsKeyword));

  if (!call_arguments (p, open, args, keywords))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_CALL, span_from (p, start));
  e->call.func = func;
  e->call.args = finish_ptrs (p, args, &e->call.n_args);
  e->call.keywords = finish_array (p, keywords, &e->call.n_keywords);
  return e;
}

/* A call or a subscript that does not parse: CPython's PEG parser then
 * takes the primary alone, and what follows for an expression of its own
 * (a group, a list), which makes `f(yield x)` or `f[x for x in y]` in
 * brackets "a missing comma".  Rewinds to the '(' or '[' and returns TRUE
 * when parsing should go on from there. */
static gboolean
trailer_failed_as_atom (Parser *p,
                        guint   at)
{
  if (p->quiet > 0)
    {
      /* speculating: the primary without the call is what PEG keeps */
      g_clear_error (&p->error);
      p->pos = at;
      return TRUE;
    }
  if (!p->error_generic || p->tail_mode > 0)
    return FALSE;
  guint pos = p->pos;
  GError *error = g_steal_pointer (&p->error);
  p->pos = at;
  Mark m = mark_begin (p);
  LsExpr *group = atom (p);
  gboolean ok = mark_rewind (p, &m) && group != NULL;
  if (!ok)
    {
      p->error = error;
      p->pos = pos;
      return FALSE;
    }
  g_error_free (error);
  p->error_generic = FALSE;
  p->pos = at;
  return TRUE;
}

/* primary:
 *     | primary '.' NAME
 *     | primary genexp
 *     | primary '(' [arguments] ')'
 *     | primary '[' slices ']'
 *     | atom */
static LsExpr *
primary (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *e = atom (p);

  while (!failed (p))
    {
      if (accept (p, LS_TOK_DOT))
        {
          LsToken *name = expect (p, LS_TOK_NAME);
          if (name == NULL)
            return NULL;
          LsExpr *a = new_expr (p, LS_EXPR_ATTRIBUTE, span_from (p, start));
          a->attribute.value = e;
          a->attribute.attr = identifier (p, name);
          a->attribute.ctx = LS_CTX_LOAD;
          e = a;
        }
      else if (check (p, LS_TOK_LPAR))
        {
          guint at = p->pos;
          LsExpr *c = call (p, start, e);
          if (c != NULL || !trailer_failed_as_atom (p, at))
            e = c;
          else
            break;
        }
      else if (check (p, LS_TOK_LSQB) && peek_kind_at (p, 1) != LS_TOK_RSQB)
        {
          guint at = p->pos;
          advance (p);
          LsExpr *index = slices (p);
          if (!failed (p))
            expect (p, LS_TOK_RSQB);
          if (failed (p))
            {
              if (trailer_failed_as_atom (p, at))
                break;
              return NULL;
            }
          LsExpr *s = new_expr (p, LS_EXPR_SUBSCRIPT, span_from (p, start));
          s->subscript.value = e;
          s->subscript.slice = index;
          s->subscript.ctx = LS_CTX_LOAD;
          e = s;
        }
      else
        break;
    }
  return failed (p) ? NULL : e;
}

/* await_primary: AWAIT primary | primary */
static LsExpr *
await_primary (Parser *p)
{
  const LsToken *t = accept (p, LS_TOK_AWAIT);

  if (t == NULL)
    return primary (p);
  LsExpr *value = primary (p);
  if (failed (p))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_AWAIT, span_from (p, t));
  e->unary.value = value;
  return e;
}

/* -------------------------------------------------------------------------
 * Operators
 * ---------------------------------------------------------------------- */

static LsExpr *factor (Parser *p);

static LsExpr *
bin_op (Parser        *p,
        const LsToken *start,
        LsExpr        *left,
        LsBinaryOp     op,
        LsExpr        *right)
{
  LsExpr *e = new_expr (p, LS_EXPR_BIN_OP, span_from (p, start));

  e->bin_op.left = left;
  e->bin_op.op = op;
  e->bin_op.right = right;
  return e;
}

/* power: await_primary '**' factor | await_primary */
static LsExpr *
power (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *left = await_primary (p);

  if (failed (p) || !accept (p, LS_TOK_DOUBLESTAR))
    return left;
  if (!enter (p))
    return NULL;
  LsExpr *right = factor (p);
  leave (p);
  if (failed (p))
    return NULL;
  return bin_op (p, start, left, LS_OP_POW, right);
}

/* factor: '+' factor | '-' factor | '~' factor | power */
static LsExpr *
factor (Parser *p)
{
  LsUnaryOp op;
  const LsToken *t = peek (p);

  switch (t->kind)
    {
    case LS_TOK_PLUS: op = LS_UNARY_UADD; break;
    case LS_TOK_MINUS: op = LS_UNARY_USUB; break;
    case LS_TOK_TILDE: op = LS_UNARY_INVERT; break;
    default: return power (p);
    }
  if (!enter (p))
    return NULL;
  advance (p);
  LsExpr *operand = factor (p);
  leave (p);
  if (failed (p))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_UNARY_OP, span_from (p, t));
  e->unary_op.op = op;
  e->unary_op.operand = operand;
  return e;
}

typedef LsExpr *(*ParseFn) (Parser *p);

static gboolean
binary_operator (LsTokenKind kind,
                 int         level,
                 LsBinaryOp *op)
{
  switch (level)
    {
    case 0: /* term */
      switch (kind)
        {
        case LS_TOK_STAR: *op = LS_OP_MULT; return TRUE;
        case LS_TOK_SLASH: *op = LS_OP_DIV; return TRUE;
        case LS_TOK_DOUBLESLASH: *op = LS_OP_FLOORDIV; return TRUE;
        case LS_TOK_PERCENT: *op = LS_OP_MOD; return TRUE;
        case LS_TOK_AT: *op = LS_OP_MATMULT; return TRUE;
        default: return FALSE;
        }
    case 1: /* sum */
      if (kind == LS_TOK_PLUS) { *op = LS_OP_ADD; return TRUE; }
      if (kind == LS_TOK_MINUS) { *op = LS_OP_SUB; return TRUE; }
      return FALSE;
    case 2: /* shift_expr */
      if (kind == LS_TOK_LEFTSHIFT) { *op = LS_OP_LSHIFT; return TRUE; }
      if (kind == LS_TOK_RIGHTSHIFT) { *op = LS_OP_RSHIFT; return TRUE; }
      return FALSE;
    case 3: /* bitwise_and */
      if (kind == LS_TOK_AMPER) { *op = LS_OP_BITAND; return TRUE; }
      return FALSE;
    case 4: /* bitwise_xor */
      if (kind == LS_TOK_CIRCUMFLEX) { *op = LS_OP_BITXOR; return TRUE; }
      return FALSE;
    case 5: /* bitwise_or */
      if (kind == LS_TOK_VBAR) { *op = LS_OP_BITOR; return TRUE; }
      return FALSE;
    default:
      return FALSE;
    }
}

/* term: term ('*' | '/' | '//' | '%' | '@') factor | factor
 * sum: sum ('+' | '-') term | term
 * shift_expr: shift_expr ('<<' | '>>') sum | sum
 * bitwise_and: bitwise_and '&' shift_expr | shift_expr
 * bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and
 * bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor
 * All left-recursive: one loop per level, level 0 being term. */
static LsExpr *
binary_level (Parser *p,
              int     level)
{
  const LsToken *start = peek (p);
  LsExpr *left = level == 0 ? factor (p) : binary_level (p, level - 1);
  LsBinaryOp op;

  while (!failed (p) && binary_operator (peek_kind (p), level, &op))
    {
      advance (p);
      LsExpr *right = level == 0 ? factor (p) : binary_level (p, level - 1);
      if (failed (p))
        return NULL;
      left = bin_op (p, start, left, op, right);
    }
  return failed (p) ? NULL : left;
}

static LsExpr *
bitwise_or (Parser *p)
{
  return binary_level (p, 5);
}

/* compare_op_bitwise_or_pair:
 *     '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is' */
static gboolean
compare_operator (Parser      *p,
                  LsCompareOp *op)
{
  switch (peek_kind (p))
    {
    case LS_TOK_EQEQUAL: *op = LS_CMP_EQ; break;
    case LS_TOK_NOTEQUAL: *op = LS_CMP_NOT_EQ; break;
    case LS_TOK_LESSEQUAL: *op = LS_CMP_LT_E; break;
    case LS_TOK_LESS: *op = LS_CMP_LT; break;
    case LS_TOK_GREATEREQUAL: *op = LS_CMP_GT_E; break;
    case LS_TOK_GREATER: *op = LS_CMP_GT; break;
    case LS_TOK_IN: *op = LS_CMP_IN; break;
    case LS_TOK_NOT:
      if (peek_kind_at (p, 1) != LS_TOK_IN)
        return FALSE;
      advance (p);
      *op = LS_CMP_NOT_IN;
      break;
    case LS_TOK_IS:
      if (peek_kind_at (p, 1) == LS_TOK_NOT)
        {
          advance (p);
          *op = LS_CMP_IS_NOT;
        }
      else
        *op = LS_CMP_IS;
      break;
    default:
      return FALSE;
    }
  advance (p);
  return TRUE;
}

/* comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or */
static LsExpr *
comparison (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *left = bitwise_or (p);
  LsCompareOp op;

  if (failed (p))
    return NULL;
  g_autoptr (GArray) ops = g_array_new (FALSE, FALSE, sizeof (LsCompareOp));
  g_autoptr (GPtrArray) comparators = g_ptr_array_new ();
  while (compare_operator (p, &op))
    {
      LsExpr *right = bitwise_or (p);
      if (failed (p))
        return NULL;
      g_array_append_val (ops, op);
      g_ptr_array_add (comparators, right);
    }
  if (ops->len == 0)
    return left;
  LsExpr *e = new_expr (p, LS_EXPR_COMPARE, span_from (p, start));
  guint n;
  e->compare.left = left;
  e->compare.ops = finish_array (p, ops, &n);
  e->compare.comparators = finish_ptrs (p, comparators, &e->compare.n);
  return e;
}

/* inversion: 'not' inversion | comparison */
static LsExpr *
inversion (Parser *p)
{
  const LsToken *t = peek (p);

  if (t->kind != LS_TOK_NOT)
    return comparison (p);
  if (!enter (p))
    return NULL;
  advance (p);
  LsExpr *operand = inversion (p);
  leave (p);
  if (failed (p))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_UNARY_OP, span_from (p, t));
  e->unary_op.op = LS_UNARY_NOT;
  e->unary_op.operand = operand;
  return e;
}

/* conjunction: inversion ('and' inversion )+ | inversion
 * disjunction: conjunction ('or' conjunction )+ | conjunction */
static LsExpr *
bool_level (Parser      *p,
            LsTokenKind  kind)
{
  const LsToken *start = peek (p);
  LsExpr *first = kind == LS_TOK_AND ? inversion (p) : bool_level (p, LS_TOK_AND);

  if (failed (p) || !check (p, kind))
    return first;
  g_autoptr (GPtrArray) values = g_ptr_array_new ();
  g_ptr_array_add (values, first);
  while (accept (p, kind))
    {
      LsExpr *next = kind == LS_TOK_AND ? inversion (p) : bool_level (p, LS_TOK_AND);
      if (failed (p))
        return NULL;
      g_ptr_array_add (values, next);
    }
  LsExpr *e = new_expr (p, LS_EXPR_BOOL_OP, span_from (p, start));
  e->bool_op.op = kind == LS_TOK_AND ? LS_BOOL_AND : LS_BOOL_OR;
  e->bool_op.values = finish_ptrs (p, values, &e->bool_op.n_values);
  return e;
}

static LsExpr *
disjunction (Parser *p)
{
  return bool_level (p, LS_TOK_OR);
}

/* -------------------------------------------------------------------------
 * Parameters (def and lambda)
 * ---------------------------------------------------------------------- */

/* The parameters of a def or lambda while they are read. */
typedef struct
{
  LsTokenKind close;       /* ')' for def, ':' for lambda */
  gboolean    lambda;
  GArray     *posonly;
  GArray     *args;
  GArray     *kwonly;
  GPtrArray  *defaults;
  GPtrArray  *kw_defaults;
  LsArg      *vararg;
  LsArg      *kwarg;
  gboolean    star_seen;
  gboolean    slash_seen;
} Params;

/* param: NAME annotation?   (lambda_param: NAME)
 * annotation: ':' expression
 * star_annotation: ':' star_expression */
static gboolean
param (Parser  *p,
       gboolean lambda,
       gboolean star,
       LsArg   *arg)
{
  LsToken *name = expect (p, LS_TOK_NAME);

  if (name == NULL)
    return FALSE;
  arg->name = identifier (p, name);
  arg->annotation = NULL;
  if (!lambda && accept (p, LS_TOK_COLON))
    {
      if (star && check (p, LS_TOK_STAR))
        {
          const LsToken *s = advance (p);
          LsExpr *value = bitwise_or (p);
          if (failed (p))
            return FALSE;
          arg->annotation = new_expr (p, LS_EXPR_STARRED, span_from (p, s));
          arg->annotation->starred.value = value;
        }
      else
        arg->annotation = expression (p);
      if (failed (p))
        return FALSE;
    }
  arg->span = span_from (p, name);
  return TRUE;
}

/* invalid_parameters: param_no_default* '(' param_no_default+ ','? ')' */
static gboolean
parenthesized_params_follow (Parser *p)
{
  guint i = p->pos + 1;

  if (p->toks[i].kind != LS_TOK_NAME)
    return FALSE;
  while (p->toks[i].kind == LS_TOK_NAME)
    {
      i++;
      if (p->toks[i].kind != LS_TOK_COMMA)
        break;
      i++;
    }
  return p->toks[i].kind == LS_TOK_RPAR;
}

/* '/' after positional parameters makes them positional-only;
 * invalid_parameters says what is wrong with a misplaced one. */
static gboolean
params_slash (Parser        *p,
              Params        *ps,
              const LsToken *t)
{
  if (!ps->slash_seen && !ps->star_seen && ps->args->len == 0 && !check (p, LS_TOK_COMMA))
    return syntax_error (p) != NULL;
  if (ps->slash_seen || ps->star_seen || ps->args->len == 0)
    return error_at_token (p, t, ps->slash_seen ? "/ may appear only once"
                                 : ps->star_seen ? "/ must be ahead of *"
                                 : "at least one argument must precede /") != NULL;
  ps->slash_seen = TRUE;
  g_array_append_vals (ps->posonly, ps->args->data, ps->args->len);
  g_array_set_size (ps->args, 0);
  return TRUE;
}

/* star_etc: '*' param_no_default ... | '*' ',' ... (invalid_star_etc) */
static gboolean
params_star (Parser        *p,
             Params        *ps,
             const LsToken *t)
{
  if (ps->star_seen)
    return error_at_token (p, t, "* argument may appear only once") != NULL;
  ps->star_seen = TRUE;
  if (check (p, LS_TOK_NAME))
    {
      ps->vararg = ls_arena_new0 (p->arena, LsArg);
      if (!param (p, ps->lambda, TRUE, ps->vararg))
        return FALSE;
      if (check (p, LS_TOK_EQUAL))
        return error_at_token (p, peek (p), "var-positional argument cannot have default value") != NULL;
      return TRUE;
    }
  if (check (p, ps->close) || (check (p, LS_TOK_COMMA) && peek_kind_at (p, 1) == ps->close))
    return error_at_token (p, check (p, ps->close) ? peek (p) : tok_at (p, p->pos + 1),
                           "named arguments must follow bare *") != NULL;
  if (!check (p, LS_TOK_COMMA))
    return syntax_error (p) != NULL;
  return TRUE;
}

/* kwds: '**' param_no_default (invalid_kwds) */
static gboolean
params_kwarg (Parser *p,
              Params *ps)
{
  ps->kwarg = ls_arena_new0 (p->arena, LsArg);
  if (!param (p, ps->lambda, FALSE, ps->kwarg))
    return FALSE;
  if (check (p, LS_TOK_EQUAL))
    return error_at_token (p, peek (p), "var-keyword argument cannot have default value") != NULL;
  return TRUE;
}

/* param_no_default | param_with_default, before or after the '*'. */
static gboolean
params_named (Parser *p,
              Params *ps)
{
  LsArg arg;
  LsExpr *def = NULL;

  if (!param (p, ps->lambda, FALSE, &arg))
    return FALSE;
  if (accept (p, LS_TOK_EQUAL))
    {
      if (!ps->lambda && (check (p, LS_TOK_RPAR) || check (p, LS_TOK_COMMA)))
        return error_at_token (p, &p->toks[p->pos - 1], "expected default value expression") != NULL;
      def = expression (p);
      if (failed (p))
        return FALSE;
    }
  if (ps->star_seen)
    {
      g_array_append_val (ps->kwonly, arg);
      g_ptr_array_add (ps->kw_defaults, def);
      return TRUE;
    }
  if (def == NULL && ps->defaults->len > 0)
    return error_at (p, LS_SYNTAX_ERROR_INVALID, arg.span.line, arg.span.col,
                     "non-default argument follows default argument") != NULL;
  g_array_append_val (ps->args, arg);
  if (def != NULL)
    g_ptr_array_add (ps->defaults, def);
  return TRUE;
}

static gboolean
params_one (Parser *p,
            Params *ps)
{
  const LsToken *t = peek (p);

  if (ps->kwarg != NULL)
    return error_at_token (p, t, "arguments cannot follow var-keyword argument") != NULL;
  if (check (p, LS_TOK_LPAR) && parenthesized_params_follow (p))
    return error_at_token (p, t, ps->lambda ? "Lambda expression parameters cannot be parenthesized"
                                            : "Function parameters cannot be parenthesized") != NULL;
  if (accept (p, LS_TOK_SLASH))
    return params_slash (p, ps, t);
  if (accept (p, LS_TOK_STAR))
    return params_star (p, ps, t);
  if (accept (p, LS_TOK_DOUBLESTAR))
    return params_kwarg (p, ps);
  return params_named (p, ps);
}

/* parameters:
 *     | slash_no_default param_no_default* param_with_default* [star_etc]
 *     | slash_with_default param_with_default* [star_etc]
 *     | param_no_default+ param_with_default* [star_etc]
 *     | param_with_default+ [star_etc]
 *     | star_etc
 * star_etc:
 *     | '*' param_no_default param_maybe_default* [kwds]
 *     | '*' ',' param_maybe_default+ [kwds]
 *     | kwds
 * kwds: '**' param_no_default
 * (and lambda_parameters, the same without annotations), up to `close`.
 * Read one at a time, in any order, and checked as they come. */
static LsArguments *
parameters (Parser      *p,
            LsTokenKind  close,
            gboolean     lambda)
{
  Params ps = {
    close, lambda,
    g_array_new (FALSE, TRUE, sizeof (LsArg)), g_array_new (FALSE, TRUE, sizeof (LsArg)),
    g_array_new (FALSE, TRUE, sizeof (LsArg)), g_ptr_array_new (), g_ptr_array_new (),
    NULL, NULL, FALSE, FALSE,
  };
  gboolean ok = TRUE;
  LsArguments *a = ls_arena_new0 (p->arena, LsArguments);

  while (ok && !check (p, close))
    {
      ok = params_one (p, &ps) && !failed (p);
      if (ok && !accept (p, LS_TOK_COMMA))
        break;
    }
  if (ok)
    {
      guint n;
      a->posonlyargs = finish_array (p, ps.posonly, &a->n_posonlyargs);
      a->args = finish_array (p, ps.args, &a->n_args);
      a->vararg = ps.vararg;
      a->kwonlyargs = finish_array (p, ps.kwonly, &a->n_kwonlyargs);
      a->kw_defaults = finish_ptrs (p, ps.kw_defaults, &n);
      a->kwarg = ps.kwarg;
      a->defaults = finish_ptrs (p, ps.defaults, &a->n_defaults);
    }
  g_array_unref (ps.posonly);
  g_array_unref (ps.args);
  g_array_unref (ps.kwonly);
  g_ptr_array_unref (ps.defaults);
  g_ptr_array_unref (ps.kw_defaults);
  return ok && !failed (p) ? a : NULL;
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static LsExpr *
lambdef (Parser *p)
{
  const LsToken *t = advance (p);
  LsArguments *args = parameters (p, LS_TOK_COLON, TRUE);

  if (args == NULL || !expect (p, LS_TOK_COLON))
    return NULL;
  LsExpr *body = expression (p);
  if (failed (p))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_LAMBDA, span_from (p, t));
  e->lambda.args = args;
  e->lambda.body = body;
  return e;
}

/* -------------------------------------------------------------------------
 * Expressions
 * ---------------------------------------------------------------------- */

/* Does the condition of a conditional expression parse?  When it does
 * not but starts like an expression, CPython's PEG parser keeps a prefix of
 * it, and says 'else' is missing. */
static gboolean
test_parses (Parser *p)
{
  if (!starts_expression (peek_kind (p)) || check (p, LS_TOK_STAR) || check (p, LS_TOK_LAMBDA)
      || p->quiet > 0)
    return TRUE;
  Mark m = mark_begin (p);
  LsExpr *test = disjunction (p);
  return mark_rewind (p, &m) && test != NULL;
}

/* invalid_legacy_expression: NAME !'(' star_expressions
 * CPython parses what follows a lone name, with its own checks (a missing
 * comma further on, say), and names the Python 2 statements. */
static void
invalid_legacy_expression (Parser        *p,
                           const LsToken *name)
{
  guint pos = p->pos, max_pos = p->max_pos;

  if (p->quiet > 0)
    return;
  /* from just after the name, whatever the expression it began */
  p->pos = name - p->toks + 1;
  p->tail_mode++;
  LsExpr *rest = star_expressions (p);
  p->tail_mode--;
  if (p->tail_failed)
    {
      g_clear_error (&p->error);
      p->tail_failed = FALSE;
      rest = NULL;
    }
  const char *id = identifier (p, name);
  if (!failed (p) && rest != NULL && (strcmp (id, "print") == 0 || strcmp (id, "exec") == 0))
    error_at_token (p, name, "Missing parentheses in call to '%s'. Did you mean %s(...)?", id, id);
  if (!failed (p))
    {
      p->pos = pos;
      p->max_pos = max_pos;
    }
}

/* expression:
 *     | disjunction 'if' disjunction 'else' expression
 *     | disjunction
 *     | lambdef */
static LsExpr *
expression (Parser *p)
{
  if (!enter (p))
    return NULL;
  if (check (p, LS_TOK_LAMBDA))
    {
      LsExpr *l = lambdef (p);
      leave (p);
      return l;
    }

  gboolean no_comma_check = p->no_comma_check;
  p->no_comma_check = FALSE;
  const LsToken *start = peek (p);
  LsExpr *body = disjunction (p);
  if (!failed (p) && starts_expression (peek_kind (p)) && !no_comma_check && p->quiet == 0)
    {
      /* invalid_expression: another expression right after this one */
      check_missing_comma (p, body);
      if (!failed (p) && start->kind == LS_TOK_NAME
          && p->toks[start - p->toks + 1].kind != LS_TOK_LPAR)
        invalid_legacy_expression (p, start);
      leave (p);
      return failed (p) ? NULL : body;
    }
  if (!failed (p) && accept (p, LS_TOK_IF))
    {
      if (!test_parses (p))
        {
          /* invalid_expression: `a if b` where PEG keeps a prefix of b,
           * which no 'else' follows */
          error_at (p, LS_SYNTAX_ERROR_INVALID, body->span.line, body->span.col,
                    "expected 'else' after 'if' expression");
          leave (p);
          return NULL;
        }
      LsExpr *test = disjunction (p);
      if (!failed (p) && !accept (p, LS_TOK_ELSE))
        {
          /* invalid_expression: `a if b` without else */
          if (!check (p, LS_TOK_COLON))
            error_at (p, LS_SYNTAX_ERROR_INVALID, body->span.line, body->span.col,
                      "expected 'else' after 'if' expression");
          else
            syntax_error (p);
        }
      LsExpr *orelse = failed (p) ? NULL : expression (p);
      if (!failed (p))
        {
          LsExpr *e = new_expr (p, LS_EXPR_IF_EXP, span_from (p, start));
          e->if_exp.test = test;
          e->if_exp.body = body;
          e->if_exp.orelse = orelse;
          body = e;
        }
    }
  leave (p);
  return failed (p) ? NULL : body;
}

static gboolean is_bitwise_or_level (const LsExpr *e);

/* invalid_named_expression:
 *     | a=NAME '=' b=bitwise_or !('='|':=')
 *         → "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
 *     | !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=')
 *         → "cannot assign to %s here. Maybe you meant '==' instead of '='?"
 * `e` is followed by '='. */
static void
invalid_named_expression (Parser        *p,
                          LsExpr        *e,
                          const LsToken *start)
{
  gboolean is_name = e->kind == LS_EXPR_NAME && start->kind == LS_TOK_NAME;

  /* the lookaheads come first: no right-hand side is read for these */
  if (!is_name
      && (!is_bitwise_or_level (e) || e->kind == LS_EXPR_LIST || e->kind == LS_EXPR_TUPLE
          || e->kind == LS_EXPR_GENERATOR_EXP || start->kind == LS_TOK_LSQB
          || start->kind == LS_TOK_TRUE || start->kind == LS_TOK_FALSE
          || start->kind == LS_TOK_NONE))
    return;
  gboolean report;
  if (!memo_lookup (p, MEMO_INVALID_NAMED, &report))
    {
      Mark m = mark_begin (p);
      advance (p);
      LsExpr *rhs = bitwise_or (p);
      LsTokenKind after = peek_kind (p);
      gboolean ok = mark_rewind (p, &m) && rhs != NULL;
      report = ok && after != LS_TOK_EQUAL && after != LS_TOK_COLONEQUAL;
      memo_store (p, MEMO_INVALID_NAMED, report);
    }
  if (!report)
    return;
  if (is_name)
    {
      error_at_expr (p, e, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      return;
    }
  error_at_expr (p, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                 expr_name (e));
}

/* assignment_expression: NAME ':=' ~ expression
 * named_expression: assignment_expression | expression !':=' */
static LsExpr *
named_expression (Parser *p)
{
  gboolean in_arguments = p->in_arguments;

  p->in_arguments = FALSE;
  if (check (p, LS_TOK_NAME) && peek_kind_at (p, 1) == LS_TOK_COLONEQUAL)
    {
      const LsToken *name = advance (p);
      advance (p);
      LsExpr *value = expression (p);
      if (failed (p))
        return NULL;
      LsExpr *e = new_expr (p, LS_EXPR_NAMED_EXPR, span_from (p, name));
      e->named_expr.target = name_expr (p, name, LS_CTX_STORE);
      e->named_expr.value = value;
      return e;
    }
  const LsToken *start = peek (p);
  LsExpr *e = expression (p);
  if (!failed (p) && check (p, LS_TOK_COLONEQUAL) && annotation_follows (p))
    return error_at_expr (p, e, "cannot use assignment expressions with %s", expr_name (e));
  if (!failed (p) && check (p, LS_TOK_EQUAL) && !in_arguments)
    invalid_named_expression (p, e, start);
  return failed (p) ? NULL : e;
}

static LsExpr *
starred (Parser *p,
         ParseFn value_fn)
{
  const LsToken *t = advance (p);
  LsExpr *value = value_fn (p);

  if (failed (p))
    return NULL;
  LsExpr *e = new_expr (p, LS_EXPR_STARRED, span_from (p, t));
  e->starred.value = value;
  e->starred.ctx = LS_CTX_LOAD;
  return e;
}

/* star_named_expression: '*' bitwise_or | named_expression */
static LsExpr *
star_named_expression (Parser *p)
{
  if (check (p, LS_TOK_STAR))
    return starred (p, bitwise_or);
  return named_expression (p);
}

/* star_expression: '*' bitwise_or | expression */
static LsExpr *
star_expression (Parser *p)
{
  if (check (p, LS_TOK_STAR))
    return starred (p, bitwise_or);
  return expression (p);
}

/* star_expressions:
 *     | star_expression (',' star_expression )+ [',']
 *     | star_expression ','
 *     | star_expression */
static LsExpr *
star_expressions (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *first = star_expression (p);

  if (failed (p) || !check (p, LS_TOK_COMMA))
    return first;
  g_autoptr (GPtrArray) elts = g_ptr_array_new ();
  g_ptr_array_add (elts, first);
  while (accept (p, LS_TOK_COMMA))
    {
      if (!starts_expression (peek_kind (p)))
        break;
      LsExpr *e = star_expression (p);
      if (failed (p))
        return NULL;
      g_ptr_array_add (elts, e);
    }
  return tuple_expr (p, elts, span_from (p, start), LS_CTX_LOAD);
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
static LsExpr *
yield_expr (Parser *p)
{
  const LsToken *t = advance (p);
  LsExpr *e;

  if (accept (p, LS_TOK_FROM))
    {
      LsExpr *value = expression (p);
      if (failed (p))
        return NULL;
      e = new_expr (p, LS_EXPR_YIELD_FROM, span_from (p, t));
      e->unary.value = value;
      return e;
    }
  LsExpr *value = NULL;
  if (starts_expression (peek_kind (p)))
    {
      value = star_expressions (p);
      if (failed (p))
        return NULL;
    }
  e = new_expr (p, LS_EXPR_YIELD, span_from (p, t));
  e->unary.value = value;
  return e;
}

/* -------------------------------------------------------------------------
 * Targets
 * ---------------------------------------------------------------------- */

/* _PyPegen_get_invalid_target: the part of `e` that cannot be assigned. */
static LsExpr *
invalid_target (LsExpr     *e,
                TargetsType type)
{
  switch (e->kind)
    {
    case LS_EXPR_LIST:
    case LS_EXPR_TUPLE:
      for (guint i = 0; i < e->seq.n_elts; i++)
        {
          LsExpr *bad = invalid_target (e->seq.elts[i], type);
          if (bad != NULL)
            return bad;
        }
      return NULL;
    case LS_EXPR_STARRED:
      if (type == TARGETS_DEL)
        return e;
      return invalid_target (e->starred.value, type);
    case LS_EXPR_COMPARE:
      if (type == TARGETS_FOR)
        {
          if (e->compare.ops[0] == LS_CMP_IN)
            return invalid_target (e->compare.left, type);
          return NULL;
        }
      return e;
    case LS_EXPR_NAME:
    case LS_EXPR_SUBSCRIPT:
    case LS_EXPR_ATTRIBUTE:
      return NULL;
    default:
      return e;
    }
}

static void
store_context (LsExpr       *e,
               LsExprContext ctx)
{
  switch (e->kind)
    {
    case LS_EXPR_NAME: e->name.ctx = ctx; break;
    case LS_EXPR_ATTRIBUTE: e->attribute.ctx = ctx; break;
    case LS_EXPR_SUBSCRIPT: e->subscript.ctx = ctx; break;
    case LS_EXPR_STARRED:
      e->starred.ctx = ctx;
      store_context (e->starred.value, ctx);
      break;
    case LS_EXPR_LIST:
    case LS_EXPR_TUPLE:
      e->seq.ctx = ctx;
      for (guint i = 0; i < e->seq.n_elts; i++)
        store_context (e->seq.elts[i], ctx);
      break;
    default:
      break;
    }
}

/* Turns an expression parsed as such into an assignment (or del) target,
 * with CPython's message when it cannot be one. */
static gboolean
set_context (Parser       *p,
             LsExpr       *e,
             LsExprContext ctx,
             TargetsType   type)
{
  LsExpr *bad = invalid_target (e, type);

  if (bad != NULL)
    {
      error_at_expr (p, bad, type == TARGETS_DEL ? "cannot delete %s" : "cannot assign to %s",
                     expr_name (bad));
      return FALSE;
    }
  store_context (e, ctx);
  return TRUE;
}

/* star_targets:
 *     | star_target !','
 *     | star_target (',' star_target )* [',']
 * star_target: '*' (!'*' star_target) | target_with_star_atom
 * Parsed as expressions of the primary level (so that `in` ends them). */
static LsExpr *
star_target (Parser *p)
{
  if (check (p, LS_TOK_STAR))
    {
      const LsToken *t = advance (p);
      LsExpr *value = star_target (p);
      if (failed (p))
        return NULL;
      LsExpr *e = new_expr (p, LS_EXPR_STARRED, span_from (p, t));
      e->starred.value = value;
      return e;
    }
  return bitwise_or (p);
}

static LsExpr *
star_targets (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *first = star_target (p);

  if (failed (p) || !check (p, LS_TOK_COMMA))
    return first;
  g_autoptr (GPtrArray) elts = g_ptr_array_new ();
  g_ptr_array_add (elts, first);
  while (accept (p, LS_TOK_COMMA))
    {
      if (!starts_expression (peek_kind (p)))
        break;
      LsExpr *e = star_target (p);
      if (failed (p))
        return NULL;
      g_ptr_array_add (elts, e);
    }
  return tuple_expr (p, elts, span_from (p, start), LS_CTX_STORE);
}

/* -------------------------------------------------------------------------
 * Simple statements
 * ---------------------------------------------------------------------- */

static gboolean
augmented_operator (LsTokenKind kind,
                    LsBinaryOp *op)
{
  switch (kind)
    {
    case LS_TOK_PLUSEQUAL: *op = LS_OP_ADD; return TRUE;
    case LS_TOK_MINEQUAL: *op = LS_OP_SUB; return TRUE;
    case LS_TOK_STAREQUAL: *op = LS_OP_MULT; return TRUE;
    case LS_TOK_ATEQUAL: *op = LS_OP_MATMULT; return TRUE;
    case LS_TOK_SLASHEQUAL: *op = LS_OP_DIV; return TRUE;
    case LS_TOK_PERCENTEQUAL: *op = LS_OP_MOD; return TRUE;
    case LS_TOK_AMPEREQUAL: *op = LS_OP_BITAND; return TRUE;
    case LS_TOK_VBAREQUAL: *op = LS_OP_BITOR; return TRUE;
    case LS_TOK_CIRCUMFLEXEQUAL: *op = LS_OP_BITXOR; return TRUE;
    case LS_TOK_LEFTSHIFTEQUAL: *op = LS_OP_LSHIFT; return TRUE;
    case LS_TOK_RIGHTSHIFTEQUAL: *op = LS_OP_RSHIFT; return TRUE;
    case LS_TOK_DOUBLESTAREQUAL: *op = LS_OP_POW; return TRUE;
    case LS_TOK_DOUBLESLASHEQUAL: *op = LS_OP_FLOORDIV; return TRUE;
    default: return FALSE;
    }
}

/* annotated_rhs: yield_expr | star_expressions */
static LsExpr *
annotated_rhs (Parser *p)
{
  if (check (p, LS_TOK_YIELD))
    return yield_expr (p);
  return star_expressions (p);
}

static gboolean
is_bitwise_or_level (const LsExpr *e)
{
  switch (e->kind)
    {
    case LS_EXPR_COMPARE:
    case LS_EXPR_BOOL_OP:
    case LS_EXPR_IF_EXP:
    case LS_EXPR_LAMBDA:
    case LS_EXPR_NAMED_EXPR:
    case LS_EXPR_YIELD:
    case LS_EXPR_YIELD_FROM:
      return FALSE;
    case LS_EXPR_UNARY_OP:
      return e->unary_op.op != LS_UNARY_NOT;
    default:
      return TRUE;
    }
}

/* invalid_named_expression, as CPython reaches it for the first target of
 * a bad assignment: `f() = 1` is most likely a comparison.  `eq` is the
 * first '=' token.  Returns TRUE if it raised. */
static gboolean
invalid_first_target (Parser        *p,
                      LsExpr        *first,
                      const LsToken *first_tok,
                      guint          eq)
{
  LsExpr *last = first;

  if (first->kind == LS_EXPR_TUPLE && first_tok->kind != LS_TOK_LPAR)
    last = first->seq.elts[first->seq.n_elts - 1];
  if (last->kind == LS_EXPR_STARRED || !is_bitwise_or_level (last))
    return FALSE;
  if (last->kind == LS_EXPR_LIST || last->kind == LS_EXPR_TUPLE
      || last->kind == LS_EXPR_GENERATOR_EXP
      || (last->kind == LS_EXPR_CONSTANT
          && (last->constant.kind == LS_CONST_TRUE || last->constant.kind == LS_CONST_FALSE
              || last->constant.kind == LS_CONST_NONE)))
    return FALSE;

  /* `= bitwise_or !('=' | ':=')` */
  guint save = p->pos;
  p->pos = eq + 1;
  Mark m = mark_begin (p);
  LsExpr *rhs = bitwise_or (p);
  LsTokenKind after = peek_kind (p);
  gboolean ok = rhs != NULL && p->error == NULL;
  mark_rewind (p, &m);
  p->pos = save;
  if (!ok || after == LS_TOK_EQUAL || after == LS_TOK_COLONEQUAL)
    return FALSE;

  if (last->kind == LS_EXPR_NAME)
    error_at_expr (p, last, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
  else
    error_at_expr (p, last, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                   expr_name (last));
  return TRUE;
}

/* Is the ':' at the current token followed by an expression?  CPython's
 * messages about annotation targets need one. */
static gboolean
annotation_follows (Parser *p)
{
  if (!starts_expression (peek_kind_at (p, 1)))
    return FALSE;
  Mark m = mark_begin (p);
  advance (p);
  LsExpr *e = expression (p);
  return mark_rewind (p, &m) && e != NULL;
}

/* NAME ':' expression ['=' annotated_rhs ]
 * ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs ]
 * with invalid_assignment's messages for targets that cannot be annotated. */
static LsStmt *
annotated_assignment (Parser        *p,
                      const LsToken *start,
                      LsExpr        *target)
{
  if (target->kind == LS_EXPR_TUPLE && start->kind != LS_TOK_LPAR)
    return error_at_expr (p, target->seq.elts[0], "only single target (not tuple) can be annotated");
  if (target->kind == LS_EXPR_TUPLE || target->kind == LS_EXPR_LIST)
    return error_at_expr (p, target, "only single target (not %s) can be annotated",
                          expr_name (target));
  if (target->kind != LS_EXPR_NAME && target->kind != LS_EXPR_ATTRIBUTE
      && target->kind != LS_EXPR_SUBSCRIPT)
    return error_at_expr (p, target, "illegal target for annotation");
  advance (p);  /* ':' */
  LsExpr *annotation = expression (p);
  LsExpr *value = NULL;
  if (!failed (p) && accept (p, LS_TOK_EQUAL))
    value = annotated_rhs (p);
  if (failed (p))
    return NULL;
  store_context (target, LS_CTX_STORE);
  LsStmt *s = new_stmt (p, LS_STMT_ANN_ASSIGN, span_from (p, start));
  s->ann_assign.target = target;
  s->ann_assign.annotation = annotation;
  s->ann_assign.value = value;
  /* `(x): int` is not simple: the parentheses make it an expression */
  s->ann_assign.simple = target->kind == LS_EXPR_NAME && start->kind != LS_TOK_LPAR;
  return s;
}

/* (star_targets '=' )+ (yield_expr | star_expressions) !'='
 * A target is checked as soon as its '=' is seen, whatever follows (`f() =`
 * at the end of a line too), in CPython's order: the first target as a
 * mistaken comparison, then the target that cannot be assigned. */
static LsStmt *
assignment (Parser        *p,
            const LsToken *start,
            LsExpr        *first)
{
  g_autoptr (GPtrArray) targets = g_ptr_array_new ();
  LsExpr *value = first;
  guint first_eq = p->pos;

  while (accept (p, LS_TOK_EQUAL))
    {
      if (invalid_target (value, TARGETS_STAR) != NULL || value->kind == LS_EXPR_YIELD
          || value->kind == LS_EXPR_YIELD_FROM)
        {
          if (invalid_first_target (p, first, start, first_eq))
            return NULL;
          if (value->kind == LS_EXPR_YIELD || value->kind == LS_EXPR_YIELD_FROM)
            return error_at_expr (p, value, "assignment to yield expression not possible");
          set_context (p, value, LS_CTX_STORE, TARGETS_STAR);
          return NULL;
        }
      g_ptr_array_add (targets, value);
      value = annotated_rhs (p);
      if (failed (p))
        return NULL;
    }
  for (guint i = 0; i < targets->len; i++)
    store_context (targets->pdata[i], LS_CTX_STORE);
  LsStmt *s = new_stmt (p, LS_STMT_ASSIGN, span_from (p, start));
  s->assign.targets = finish_ptrs (p, targets, &s->assign.n_targets);
  s->assign.value = value;
  return s;
}

/* single_target augassign ~ (yield_expr | star_expressions) */
static LsStmt *
augmented_assignment (Parser        *p,
                      const LsToken *start,
                      LsExpr        *target,
                      LsBinaryOp     op)
{
  if (start->kind == LS_TOK_YIELD)
    return syntax_error (p);  /* invalid_assignment wants star_expressions */
  if (target->kind != LS_EXPR_NAME && target->kind != LS_EXPR_ATTRIBUTE
      && target->kind != LS_EXPR_SUBSCRIPT)
    return error_at_expr (p, target, "'%s' is an illegal expression for augmented assignment",
                          expr_name (target));
  advance (p);  /* the operator */
  LsExpr *value = annotated_rhs (p);
  if (failed (p))
    return NULL;
  store_context (target, LS_CTX_STORE);
  LsStmt *s = new_stmt (p, LS_STMT_AUG_ASSIGN, span_from (p, start));
  s->aug_assign.target = target;
  s->aug_assign.op = op;
  s->aug_assign.value = value;
  return s;
}

/* `x.y := 1` as a statement: invalid_named_expression, which CPython
 * reaches through invalid_assignment's star_named_expression. */
static gpointer
walrus_statement (Parser        *p,
                  const LsToken *start,
                  LsExpr        *first)
{
  LsExpr *last = first;

  if (first->kind == LS_EXPR_TUPLE && start->kind != LS_TOK_LPAR && first->seq.n_elts > 0)
    last = first->seq.elts[first->seq.n_elts - 1];
  if (last->kind != LS_EXPR_NAME && last->kind != LS_EXPR_STARRED && annotation_follows (p))
    return error_at_expr (p, last, "cannot use assignment expressions with %s", expr_name (last));
  return syntax_error (p);
}

/* assignment:
 *     | NAME ':' expression ['=' annotated_rhs ]
 *     | ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs ]
 *     | (star_targets '=' )+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
 *     | single_target augassign ~ (yield_expr | star_expressions)
 * star_expressions (an expression statement)
 *
 * The first part is parsed as an expression; what follows it decides. */
static LsStmt *
expression_statement (Parser *p)
{
  const LsToken *start = peek (p);
  LsExpr *first = annotated_rhs (p);
  LsBinaryOp op;

  if (failed (p))
    return NULL;
  if (check (p, LS_TOK_COLON))
    return annotation_follows (p) ? annotated_assignment (p, start, first) : syntax_error (p);
  if (check (p, LS_TOK_COLONEQUAL))
    return walrus_statement (p, start, first);
  if (check (p, LS_TOK_EQUAL))
    return assignment (p, start, first);
  if (augmented_operator (peek_kind (p), &op))
    return augmented_assignment (p, start, first, op);

  LsStmt *s = new_stmt (p, LS_STMT_EXPR, span_from (p, start));
  s->expr.value = first;
  return s;
}

/* return_stmt: 'return' [star_expressions] */
static LsStmt *
return_stmt (Parser *p)
{
  const LsToken *t = advance (p);
  LsExpr *value = NULL;

  if (starts_expression (peek_kind (p)))
    {
      value = star_expressions (p);
      if (failed (p))
        return NULL;
    }
  LsStmt *s = new_stmt (p, LS_STMT_RETURN, span_from (p, t));
  s->return_.value = value;
  return s;
}

/* raise_stmt: 'raise' expression ['from' expression ] | 'raise' */
static LsStmt *
raise_stmt (Parser *p)
{
  const LsToken *t = advance (p);
  LsExpr *exc = NULL, *cause = NULL;

  if (starts_expression (peek_kind (p)))
    {
      exc = expression (p);
      if (!failed (p) && accept (p, LS_TOK_FROM))
        cause = expression (p);
      if (failed (p))
        return NULL;
    }
  LsStmt *s = new_stmt (p, LS_STMT_RAISE, span_from (p, t));
  s->raise.exc = exc;
  s->raise.cause = cause;
  return s;
}

/* global_stmt: 'global' ','.NAME+
 * nonlocal_stmt: 'nonlocal' ','.NAME+ */
static LsStmt *
names_stmt (Parser    *p,
            LsStmtKind kind)
{
  const LsToken *t = advance (p);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  do
    {
      LsToken *name = expect (p, LS_TOK_NAME);
      if (name == NULL)
        return NULL;
      g_ptr_array_add (names, (gpointer) identifier (p, name));
    }
  while (accept (p, LS_TOK_COMMA));
  LsStmt *s = new_stmt (p, kind, span_from (p, t));
  s->names.names = finish_ptrs (p, names, &s->names.n_names);
  return s;
}

/* del_stmt: 'del' del_targets &(';' | NEWLINE)
 * del_targets: ','.del_target+ [','] */
static gboolean
del_targets (Parser    *p,
             GPtrArray *targets)
{
  do
    {
      if (!starts_expression (peek_kind (p)) && targets->len > 0)
        break;
      LsExpr *e = bitwise_or (p);
      if (failed (p) || !set_context (p, e, LS_CTX_DEL, TARGETS_DEL))
        return FALSE;
      g_ptr_array_add (targets, e);
    }
  while (accept (p, LS_TOK_COMMA));
  return check (p, LS_TOK_SEMI) || check (p, LS_TOK_NEWLINE);
}

static LsStmt *
del_stmt (Parser *p)
{
  const LsToken *t = advance (p);
  g_autoptr (GPtrArray) targets = g_ptr_array_new ();

  Mark m = mark_begin (p);
  gboolean ok = del_targets (p, targets) && !failed (p);
  mark_rewind (p, &m);
  g_ptr_array_set_size (targets, 0);
  if (!ok)
    {
      /* invalid_del_stmt: 'del' star_expressions */
      LsExpr *e = star_expressions (p);
      if (!failed (p))
        set_context (p, e, LS_CTX_DEL, TARGETS_DEL);
      if (!failed (p))
        syntax_error (p);
      return NULL;
    }
  del_targets (p, targets);
  LsStmt *s = new_stmt (p, LS_STMT_DELETE, span_from (p, t));
  s->delete_.targets = finish_ptrs (p, targets, &s->delete_.n_targets);
  return s;
}

/* assert_stmt: 'assert' expression [',' expression ] */
static LsStmt *
assert_stmt (Parser *p)
{
  const LsToken *t = advance (p);
  LsExpr *test = expression (p), *msg = NULL;

  if (!failed (p) && accept (p, LS_TOK_COMMA))
    msg = expression (p);
  if (failed (p))
    return NULL;
  LsStmt *s = new_stmt (p, LS_STMT_ASSERT, span_from (p, t));
  s->assert_.test = test;
  s->assert_.msg = msg;
  return s;
}

/* dotted_name: dotted_name '.' NAME | NAME */
static const char *
dotted_name (Parser *p)
{
  g_autoptr (GString) name = g_string_new (NULL);

  do
    {
      LsToken *t = expect (p, LS_TOK_NAME);
      if (t == NULL)
        return NULL;
      if (name->len > 0)
        g_string_append_c (name, '.');
      g_string_append (name, identifier (p, t));
    }
  while (accept (p, LS_TOK_DOT));
  return ls_arena_strndup (p->arena, name->str, name->len);
}

/* dotted_as_name: dotted_name ['as' NAME ]
 * import_from_as_name: NAME ['as' NAME ] */
static gboolean
import_alias (Parser  *p,
              gboolean dotted,
              GArray  *names)
{
  const LsToken *start = peek (p);
  LsAlias alias = { 0 };

  if (dotted)
    alias.name = dotted_name (p);
  else
    {
      LsToken *t = expect (p, LS_TOK_NAME);
      alias.name = t != NULL ? identifier (p, t) : NULL;
    }
  if (alias.name == NULL)
    return FALSE;
  if (accept (p, LS_TOK_AS))
    {
      LsToken *t = expect (p, LS_TOK_NAME);
      if (t == NULL)
        return FALSE;
      alias.asname = identifier (p, t);
    }
  alias.span = span_from (p, start);
  g_array_append_val (names, alias);
  return TRUE;
}

/* import_name: 'import' dotted_as_names
 * dotted_as_names: ','.dotted_as_name+ */
static LsStmt *
import_name (Parser *p)
{
  const LsToken *t = advance (p);
  g_autoptr (GArray) names = g_array_new (FALSE, TRUE, sizeof (LsAlias));

  do
    if (!import_alias (p, TRUE, names))
      return NULL;
  while (accept (p, LS_TOK_COMMA));
  LsStmt *s = new_stmt (p, LS_STMT_IMPORT, span_from (p, t));
  s->import.names = finish_array (p, names, &s->import.n_names);
  return s;
}

/* import_from:
 *     | 'from' ('.' | '...')* dotted_name 'import' import_from_targets
 *     | 'from' ('.' | '...')+ 'import' import_from_targets
 * import_from_targets:
 *     | '(' import_from_as_names [','] ')'
 *     | import_from_as_names !','
 *     | '*' */
static LsStmt *
import_from (Parser *p)
{
  const LsToken *t = advance (p);
  g_autoptr (GArray) names = g_array_new (FALSE, TRUE, sizeof (LsAlias));
  const char *module = NULL;
  int level = 0;

  for (;;)
    {
      if (accept (p, LS_TOK_DOT))
        level++;
      else if (accept (p, LS_TOK_ELLIPSIS))
        level += 3;
      else
        break;
    }
  if (level == 0 || !check (p, LS_TOK_IMPORT))
    {
      module = dotted_name (p);
      if (module == NULL)
        return NULL;
    }
  if (!expect (p, LS_TOK_IMPORT))
    return NULL;

  if (check (p, LS_TOK_STAR))
    {
      const LsToken *star = advance (p);
      unsupported (p, star->line, star->col, "Loopscope does not support 'import *'");
      LsAlias alias = { "*", NULL, { star->line, star->col, star->end_line, star->end_col } };
      g_array_append_val (names, alias);
    }
  else if (accept (p, LS_TOK_LPAR))
    {
      do
        {
          if (check (p, LS_TOK_RPAR) && names->len > 0)
            break;
          if (!import_alias (p, FALSE, names))
            return NULL;
        }
      while (accept (p, LS_TOK_COMMA));
      if (!expect (p, LS_TOK_RPAR))
        return NULL;
    }
  else
    {
      do
        {
          if (names->len > 0 && !check (p, LS_TOK_NAME))
            break;
          if (!import_alias (p, FALSE, names))
            return NULL;
        }
      while (accept (p, LS_TOK_COMMA));
      if (p->toks[p->pos - 1].kind == LS_TOK_COMMA && !check (p, LS_TOK_NEWLINE))
        return syntax_error (p);
      if (p->toks[p->pos - 1].kind == LS_TOK_COMMA)
        return error_at_token (p, &p->toks[p->pos - 1],
                               "trailing comma not allowed without surrounding parentheses");
    }
  LsStmt *s = new_stmt (p, LS_STMT_IMPORT_FROM, span_from (p, t));
  s->import_from.module = module;
  s->import_from.names = finish_array (p, names, &s->import_from.n_names);
  s->import_from.level = level;
  return s;
}

/* simple_stmt:
 *     | assignment | star_expressions | return_stmt | import_stmt
 *     | raise_stmt | 'pass' | del_stmt | yield_stmt | assert_stmt
 *     | 'break' | 'continue' | global_stmt | nonlocal_stmt */
static LsStmt *
simple_stmt (Parser *p)
{
  const LsToken *t = peek (p);

  switch (t->kind)
    {
    case LS_TOK_RETURN: return return_stmt (p);
    case LS_TOK_IMPORT: return import_name (p);
    case LS_TOK_FROM: return import_from (p);
    case LS_TOK_RAISE: return raise_stmt (p);
    case LS_TOK_DEL: return del_stmt (p);
    case LS_TOK_ASSERT: return assert_stmt (p);
    case LS_TOK_GLOBAL: return names_stmt (p, LS_STMT_GLOBAL);
    case LS_TOK_NONLOCAL: return names_stmt (p, LS_STMT_NONLOCAL);
    case LS_TOK_PASS:
      advance (p);
      return new_stmt (p, LS_STMT_PASS, span_from (p, t));
    case LS_TOK_BREAK:
      advance (p);
      return new_stmt (p, LS_STMT_BREAK, span_from (p, t));
    case LS_TOK_CONTINUE:
      advance (p);
      return new_stmt (p, LS_STMT_CONTINUE, span_from (p, t));
    default:
      if (!starts_expression (t->kind) && t->kind != LS_TOK_YIELD)
        return syntax_error (p);
      return expression_statement (p);
    }
}

/* CPython's second pass tries, on a statement that failed, rules that
 * look further than the first pass did; their errors win over "invalid
 * syntax".  Two of them matter in practice:
 *
 * invalid_legacy_expression: NAME !'(' star_expressions — after a lone
 *     name, what follows is parsed as expressions, with their own specific
 *     errors (a missing comma inside brackets, say);
 * invalid_assignment: star_named_expression ',' star_named_expressions* ...
 *     — the repetition lets `a, b c = d` reach invalid_named_expression at
 *     `c = d`. */
static void
invalid_statement_tail (Parser *p,
                        LsStmt *last)
{
  guint max_pos = p->max_pos;
  LsExpr *e;

  if (last->kind != LS_STMT_EXPR || !starts_expression (peek_kind (p)) || check (p, LS_TOK_LPAR))
    return;
  e = last->expr.value;
  if (e->kind != LS_EXPR_TUPLE || token_at_span (p, &e->span)->kind == LS_TOK_LPAR)
    return;
  /* star_named_expressions*: more comma-separated lists, each element a
   * named_expression with its invalid_named_expression checks. */
  p->tail_mode++;
  while (!failed (p) && starts_expression (peek_kind (p)))
    {
      star_named_expression (p);
      if (failed (p))
        break;
      if (!accept (p, LS_TOK_COMMA) && !starts_expression (peek_kind (p)))
        break;
    }
  p->tail_mode--;
  if (p->tail_failed)
    {
      g_clear_error (&p->error);
      p->tail_failed = FALSE;
    }
  p->max_pos = max_pos;
}

/* simple_stmts:
 *     | simple_stmt !';' NEWLINE
 *     | ';'.simple_stmt+ [';'] NEWLINE */
static gboolean
simple_stmts (Parser    *p,
              GPtrArray *out)
{
  do
    {
      if (check (p, LS_TOK_NEWLINE) && out->len > 0)
        break;
      LsStmt *s = simple_stmt (p);
      if (failed (p))
        return FALSE;
      g_ptr_array_add (out, s);
    }
  while (accept (p, LS_TOK_SEMI));

  if (!check (p, LS_TOK_NEWLINE))
    {
      invalid_statement_tail (p, g_ptr_array_index (out, out->len - 1));
      syntax_error (p);
      return FALSE;
    }
  advance (p);
  return TRUE;
}

/* -------------------------------------------------------------------------
 * Compound statements
 * ---------------------------------------------------------------------- */

/* block: NEWLINE INDENT statements DEDENT | simple_stmts
 * invalid_block: NEWLINE !INDENT → "expected an indented block" */
static LsStmt **
block (Parser        *p,
       guint         *n,
       const char    *what,
       const LsToken *kw)
{
  g_autoptr (GPtrArray) body = g_ptr_array_new ();

  if (!check (p, LS_TOK_NEWLINE))
    {
      if (!simple_stmts (p, body))
        return NULL;
      return finish_ptrs (p, body, n);
    }
  advance (p);
  if (!accept (p, LS_TOK_INDENT))
    {
      const LsToken *t = peek (p);
      if (t->kind == LS_TOK_ERROR)
        return syntax_error (p);
      if (what != NULL)
        return error_at (p, LS_SYNTAX_ERROR_INDENTATION, t->line, t->col,
                         "expected an indented block after %s on line %d", what, kw->line);
      return error_at (p, LS_SYNTAX_ERROR_INDENTATION, t->line, t->col,
                       "expected an indented block");
    }
  while (!accept (p, LS_TOK_DEDENT))
    {
      if (check (p, LS_TOK_ENDMARKER) || check (p, LS_TOK_ERROR))
        {
          syntax_error (p);
          return NULL;
        }
      if (!statement (p, body))
        return NULL;
    }
  return finish_ptrs (p, body, n);
}

/* The ':' that opens a block: CPython says "expected ':'" when the header
 * is complete and the line ends there (invalid_if_stmt and friends). */
static gboolean
block_colon (Parser *p)
{
  if (accept (p, LS_TOK_COLON))
    return TRUE;
  if (check (p, LS_TOK_NEWLINE))
    {
      const LsToken *t = peek (p);
      error_at_token (p, t, "expected ':'");
      return FALSE;
    }
  syntax_error (p);
  return FALSE;
}

/* A forced ':' (&&':' in the grammar: after `def ...`, `else`, `try`,
 * `finally`): whatever is there instead, the message names the colon. */
static gboolean
forced_colon (Parser *p)
{
  if (accept (p, LS_TOK_COLON))
    return TRUE;
  const LsToken *t = peek (p);
  if (t->kind == LS_TOK_ERROR || t->kind == LS_TOK_INDENT || t->kind == LS_TOK_DEDENT)
    syntax_error (p);
  else
    error_at_token (p, t, "expected ':'");
  return FALSE;
}

static LsStmt **
else_block (Parser *p,
            guint  *n)
{
  const LsToken *kw = advance (p);

  if (!forced_colon (p))
    return NULL;
  return block (p, n, "'else' statement", kw);
}

/* if_stmt:
 *     | 'if' named_expression ':' block elif_stmt
 *     | 'if' named_expression ':' block [else_block]
 * elif_stmt:
 *     | 'elif' named_expression ':' block elif_stmt
 *     | 'elif' named_expression ':' block [else_block] */
static LsStmt *
if_stmt (Parser *p)
{
  const LsToken *kw = advance (p);
  LsStmt *s = new_stmt (p, LS_STMT_IF, (LsSpan) { 0 });

  s->cond.test = named_expression (p);
  if (failed (p))
    return NULL;
  if (!block_colon (p))
    return NULL;
  s->cond.body = block (p, &s->cond.n_body,
                        kw->kind == LS_TOK_IF ? "'if' statement" : "'elif' statement", kw);
  if (failed (p))
    return NULL;
  if (check (p, LS_TOK_ELIF))
    {
      LsStmt *elif = if_stmt (p);
      if (elif == NULL)
        return NULL;
      s->cond.orelse = ls_arena_memdup (p->arena, &elif, sizeof elif);
      s->cond.n_orelse = 1;
    }
  else if (check (p, LS_TOK_ELSE))
    {
      s->cond.orelse = else_block (p, &s->cond.n_orelse);
      if (failed (p))
        return NULL;
    }
  s->span = span_from (p, kw);
  return s;
}

/* while_stmt: 'while' named_expression ':' block [else_block] */
static LsStmt *
while_stmt (Parser *p)
{
  const LsToken *kw = advance (p);
  LsStmt *s = new_stmt (p, LS_STMT_WHILE, (LsSpan) { 0 });

  s->cond.test = named_expression (p);
  if (failed (p))
    return NULL;
  if (!block_colon (p))
    return NULL;
  s->cond.body = block (p, &s->cond.n_body, "'while' statement", kw);
  if (failed (p))
    return NULL;
  if (check (p, LS_TOK_ELSE))
    {
      s->cond.orelse = else_block (p, &s->cond.n_orelse);
      if (failed (p))
        return NULL;
    }
  s->span = span_from (p, kw);
  return s;
}

/* for_stmt:
 *     | 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
 *     | ASYNC 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block] */
static LsStmt *
for_stmt (Parser        *p,
          const LsToken *async)
{
  const LsToken *kw = advance (p);
  LsStmt *s = new_stmt (p, LS_STMT_FOR, (LsSpan) { 0 });

  s->for_.is_async = async != NULL;
  guint target_pos = p->pos;
  s->for_.target = star_targets (p);
  if (failed (p))
    return NULL;
  if (!check (p, LS_TOK_IN))
    {
      invalid_for_target (p, target_pos);
      if (!failed (p))
        syntax_error (p);
      return NULL;
    }
  if (!set_context (p, s->for_.target, LS_CTX_STORE, TARGETS_FOR))
    return NULL;
  advance (p);
  s->for_.iter = star_expressions (p);
  if (failed (p) || !block_colon (p))
    return NULL;
  s->for_.body = block (p, &s->for_.n_body, "'for' statement", kw);
  if (failed (p))
    return NULL;
  if (check (p, LS_TOK_ELSE))
    {
      s->for_.orelse = else_block (p, &s->for_.n_orelse);
      if (failed (p))
        return NULL;
    }
  s->span = span_from (p, async != NULL ? async : kw);
  return s;
}

/* with_item:
 *     | expression 'as' star_target &(',' | ')' | ':')
 *     | expression */
static gboolean
with_item (Parser *p,
           GArray *items)
{
  LsWithItem item = { 0 };

  item.context_expr = expression (p);
  if (failed (p))
    return FALSE;
  if (accept (p, LS_TOK_AS))
    {
      item.optional_vars = star_target (p);
      if (failed (p))
        return FALSE;
      if (!check (p, LS_TOK_COMMA) && !check (p, LS_TOK_RPAR) && !check (p, LS_TOK_COLON)
          && !(check (p, LS_TOK_NEWLINE) && invalid_target (item.optional_vars, TARGETS_STAR) == NULL))
        {
          syntax_error (p);
          return FALSE;
        }
      if (!set_context (p, item.optional_vars, LS_CTX_STORE, TARGETS_STAR))
        return FALSE;
    }
  g_array_append_val (items, item);
  return TRUE;
}

/* Parenthesized with items, `with (a as b, c):`, are tried first, as
 * CPython does; `with (a, b):` is thus two items, not a tuple. */
static gboolean
parenthesized_with_items (Parser *p,
                          GArray *items)
{
  if (!check (p, LS_TOK_LPAR))
    return FALSE;
  Mark m = mark_begin (p);
  advance (p);
  gboolean ok = TRUE;
  do
    {
      if (check (p, LS_TOK_RPAR) && items->len > 0)
        break;
      ok = with_item (p, items);
    }
  while (ok && accept (p, LS_TOK_COMMA));
  ok = ok && accept (p, LS_TOK_RPAR) && check (p, LS_TOK_COLON);
  guint end = p->pos;
  if (!mark_rewind (p, &m) || !ok)
    {
      g_array_set_size (items, 0);
      return FALSE;
    }
  /* Parse again for real, now that it is known to work. */
  g_array_set_size (items, 0);
  advance (p);
  do
    {
      if (check (p, LS_TOK_RPAR) && items->len > 0)
        break;
      with_item (p, items);
    }
  while (accept (p, LS_TOK_COMMA));
  advance (p);
  g_assert (p->pos == end || failed (p));
  return TRUE;
}

/* with_stmt:
 *     | 'with' '(' ','.with_item+ ','? ')' ':' block
 *     | 'with' ','.with_item+ ':' [TYPE_COMMENT] block
 *     | ASYNC 'with' '(' ','.with_item+ ','? ')' ':' block
 *     | ASYNC 'with' ','.with_item+ ':' [TYPE_COMMENT] block */
static LsStmt *
with_stmt (Parser        *p,
           const LsToken *async)
{
  const LsToken *kw = advance (p);
  g_autoptr (GArray) items = g_array_new (FALSE, TRUE, sizeof (LsWithItem));
  LsStmt *s = new_stmt (p, LS_STMT_WITH, (LsSpan) { 0 });

  if (!parenthesized_with_items (p, items))
    {
      do
        if (!with_item (p, items))
          return NULL;
      while (accept (p, LS_TOK_COMMA));
    }
  if (failed (p) || !block_colon (p))
    return NULL;
  s->with.is_async = async != NULL;
  s->with.items = finish_array (p, items, &s->with.n_items);
  s->with.body = block (p, &s->with.n_body, "'with' statement", kw);
  if (failed (p))
    return NULL;
  s->span = span_from (p, async != NULL ? async : kw);
  return s;
}

/* invalid_except_stmt: 'except' expression ',' expressions ['as' NAME ] ':' */
static gboolean
except_types_follow (Parser *p)
{
  Mark m = mark_begin (p);
  gboolean ok = TRUE;

  while (ok && accept (p, LS_TOK_COMMA))
    ok = expression (p) != NULL && !failed (p);
  if (ok && accept (p, LS_TOK_AS))
    ok = accept (p, LS_TOK_NAME) != NULL;
  ok = ok && check (p, LS_TOK_COLON);
  mark_rewind (p, &m);
  return ok;
}

/* except_block:
 *     | 'except' expression ['as' NAME ] ':' block
 *     | 'except' ':' block
 * invalid_except_stmt: 'except' expression ',' expressions ['as' NAME ] ':'
 *     → "multiple exception types must be parenthesized" */
static gboolean
except_block (Parser *p,
              GArray *handlers)
{
  const LsToken *kw = advance (p);
  LsExceptHandler h = { 0 };

  if (check (p, LS_TOK_STAR))
    {
      unsupported (p, kw->line, kw->col, "Loopscope does not support 'except*'");
      advance (p);
    }
  if (check (p, LS_TOK_NEWLINE))
    return error_at_token (p, peek (p), "expected ':'") != NULL;
  if (!check (p, LS_TOK_COLON))
    {
      h.type = expression (p);
      if (failed (p))
        return FALSE;
      if (check (p, LS_TOK_COMMA) && except_types_follow (p))
        {
          error_at_expr (p, h.type, "multiple exception types must be parenthesized");
          return FALSE;
        }
      if (accept (p, LS_TOK_AS))
        {
          LsToken *name = expect (p, LS_TOK_NAME);
          if (name == NULL)
            return FALSE;
          h.name = identifier (p, name);
        }
    }
  if (!block_colon (p))
    return FALSE;
  h.body = block (p, &h.n_body, "'except' statement", kw);
  if (failed (p))
    return FALSE;
  h.span = span_from (p, kw);
  g_array_append_val (handlers, h);
  return TRUE;
}

/* try_stmt:
 *     | 'try' ':' block finally_block
 *     | 'try' ':' block except_block+ [else_block] [finally_block]
 * finally_block: 'finally' ':' block */
static LsStmt *
try_stmt (Parser *p)
{
  const LsToken *kw = advance (p);
  g_autoptr (GArray) handlers = g_array_new (FALSE, TRUE, sizeof (LsExceptHandler));
  LsStmt *s = new_stmt (p, LS_STMT_TRY, (LsSpan) { 0 });

  if (!forced_colon (p))
    return NULL;
  s->try_.body = block (p, &s->try_.n_body, "'try' statement", kw);
  if (failed (p))
    return NULL;
  while (check (p, LS_TOK_EXCEPT))
    if (!except_block (p, handlers))
      return NULL;
  if (handlers->len > 0 && check (p, LS_TOK_ELSE))
    {
      s->try_.orelse = else_block (p, &s->try_.n_orelse);
      if (failed (p))
        return NULL;
    }
  if (check (p, LS_TOK_FINALLY))
    {
      const LsToken *fin = advance (p);
      if (!forced_colon (p))
        return NULL;
      s->try_.finalbody = block (p, &s->try_.n_finalbody, "'finally' statement", fin);
      if (failed (p))
        return NULL;
    }
  else if (handlers->len == 0)
    {
      /* invalid_try_stmt */
      const LsToken *t = peek (p);
      return error_at_token (p, t, "expected 'except' or 'finally' block");
    }
  s->try_.handlers = finish_array (p, handlers, &s->try_.n_handlers);
  s->span = span_from (p, kw);
  return s;
}

/* decorators: ('@' f=named_expression NEWLINE )+ */
static gboolean
decorators (Parser    *p,
            GPtrArray *out)
{
  while (accept (p, LS_TOK_AT))
    {
      LsExpr *e = named_expression (p);
      if (failed (p) || !expect (p, LS_TOK_NEWLINE))
        return FALSE;
      g_ptr_array_add (out, e);
    }
  return TRUE;
}

/* function_def_raw:
 *     | 'def' NAME '(' [params] ')' ['->' expression ] ':' [func_type_comment] block
 *     | ASYNC 'def' NAME '(' [params] ')' ['->' expression ] ':' [func_type_comment] block */
static LsStmt *
function_def (Parser        *p,
              const LsToken *async,
              GPtrArray     *decos)
{
  const LsToken *kw = advance (p);
  LsStmt *s = new_stmt (p, LS_STMT_FUNCTION_DEF, (LsSpan) { 0 });
  LsToken *name = expect (p, LS_TOK_NAME);

  if (name == NULL)
    return NULL;
  if (!check (p, LS_TOK_LPAR))
    {
      /* CPython's forced token: "expected '('" */
      const LsToken *t = peek (p);
      return error_at_token (p, t, "expected '('");
    }
  advance (p);
  s->function_def.name = identifier (p, name);
  s->function_def.args = parameters (p, LS_TOK_RPAR, FALSE);
  if (s->function_def.args == NULL || !expect (p, LS_TOK_RPAR))
    return NULL;
  if (accept (p, LS_TOK_RARROW))
    {
      s->function_def.returns = expression (p);
      if (failed (p))
        return NULL;
    }
  if (!forced_colon (p))
    return NULL;
  s->function_def.body = block (p, &s->function_def.n_body, "function definition", kw);
  if (failed (p))
    return NULL;
  s->function_def.decorator_list = finish_ptrs (p, decos, &s->function_def.n_decorators);
  s->function_def.is_async = async != NULL;
  s->span = span_from (p, async != NULL ? async : kw);
  return s;
}

/* class_def_raw: 'class' NAME ['(' [arguments] ')' ] ':' block */
static LsStmt *
class_def (Parser    *p,
           GPtrArray *decos)
{
  const LsToken *kw = advance (p);
  LsStmt *s = new_stmt (p, LS_STMT_CLASS_DEF, (LsSpan) { 0 });
  LsToken *name = expect (p, LS_TOK_NAME);

  if (name == NULL)
    return NULL;
  s->class_def.name = identifier (p, name);
  if (check (p, LS_TOK_LPAR))
    {
      const LsToken *open = advance (p);
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_autoptr (GArray) keywords = g_array_new (FALSE, TRUE, sizeof (LsKeyword));
      if (!call_arguments (p, open, args, keywords))
        return NULL;
      s->class_def.bases = finish_ptrs (p, args, &s->class_def.n_bases);
      s->class_def.keywords = finish_array (p, keywords, &s->class_def.n_keywords);
    }
  if (!block_colon (p))
    return NULL;
  s->class_def.body = block (p, &s->class_def.n_body, "class definition", kw);
  if (failed (p))
    return NULL;
  s->class_def.decorator_list = finish_ptrs (p, decos, &s->class_def.n_decorators);
  s->span = span_from (p, kw);
  return s;
}

/* match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
 * Loopscope does not run it; it is recognized to say so.  Returns the
 * index of the ':' token, or 0 when this is no match statement (`match`
 * is a soft keyword: `match = 1` and `match(x)` are ordinary code). */
static guint
match_stmt_colon (Parser *p)
{
  guint colon = 0;

  if (!check_soft_keyword (p, "match") || !starts_expression (peek_kind_at (p, 1)))
    return 0;
  Mark m = mark_begin (p);
  advance (p);
  LsExpr *subject = star_expressions (p);
  if (subject != NULL && p->error == NULL && check (p, LS_TOK_COLON)
      && peek_kind_at (p, 1) == LS_TOK_NEWLINE)
    colon = p->pos;
  mark_rewind (p, &m);
  return colon;
}

/* compound_stmt:
 *     | &('def' | '@' | ASYNC) function_def
 *     | &'if' if_stmt
 *     | &('class' | '@') class_def
 *     | &('with' | ASYNC) with_stmt
 *     | &('for' | ASYNC) for_stmt
 *     | &'try' try_stmt
 *     | &'while' while_stmt
 *     | match_stmt */
static LsStmt *
compound_stmt (Parser *p)
{
  g_autoptr (GPtrArray) decos = g_ptr_array_new ();
  const LsToken *async = NULL;

  switch (peek_kind (p))
    {
    case LS_TOK_IF: return if_stmt (p);
    case LS_TOK_WHILE: return while_stmt (p);
    case LS_TOK_FOR: return for_stmt (p, NULL);
    case LS_TOK_WITH: return with_stmt (p, NULL);
    case LS_TOK_TRY: return try_stmt (p);
    case LS_TOK_DEF: return function_def (p, NULL, decos);
    case LS_TOK_CLASS: return class_def (p, decos);
    case LS_TOK_AT:
      if (!decorators (p, decos))
        return NULL;
      if (check (p, LS_TOK_CLASS))
        return class_def (p, decos);
      async = accept (p, LS_TOK_ASYNC);
      if (!check (p, LS_TOK_DEF))
        return syntax_error (p);
      return function_def (p, async, decos);
    case LS_TOK_ASYNC:
      async = advance (p);
      switch (peek_kind (p))
        {
        case LS_TOK_DEF: return function_def (p, async, decos);
        case LS_TOK_WITH: return with_stmt (p, async);
        case LS_TOK_FOR: return for_stmt (p, async);
        default: return syntax_error (p);
        }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
at_compound_stmt (Parser *p)
{
  switch (peek_kind (p))
    {
    case LS_TOK_IF:
    case LS_TOK_WHILE:
    case LS_TOK_FOR:
    case LS_TOK_WITH:
    case LS_TOK_TRY:
    case LS_TOK_DEF:
    case LS_TOK_CLASS:
    case LS_TOK_AT:
    case LS_TOK_ASYNC:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Skips a match statement after reporting it, so that parsing goes on
 * and a real syntax error further down is still the one reported. */
static gboolean
skip_match_stmt (Parser *p,
                 guint   colon)
{
  const LsToken *t = peek (p);
  int depth = 1;

  unsupported (p, t->line, t->col, "Loopscope does not support 'match' statements");
  p->pos = colon + 2;  /* ':' NEWLINE */
  if (!expect (p, LS_TOK_INDENT))
    return FALSE;
  /* the case blocks, whatever they hold */
  while (depth > 0 && !check (p, LS_TOK_ENDMARKER) && !check (p, LS_TOK_ERROR))
    {
      LsTokenKind k = advance (p)->kind;
      depth += k == LS_TOK_INDENT ? 1 : k == LS_TOK_DEDENT ? -1 : 0;
    }
  return !failed (p);
}

/* statement: compound_stmt | simple_stmts */
static gboolean
statement (Parser    *p,
           GPtrArray *out)
{
  if (at_compound_stmt (p))
    {
      LsStmt *s = compound_stmt (p);
      if (s == NULL || failed (p))
        {
          if (!failed (p))
            syntax_error (p);
          return FALSE;
        }
      g_ptr_array_add (out, s);
      return TRUE;
    }
  guint colon = match_stmt_colon (p);
  if (colon > 0)
    return skip_match_stmt (p, colon);
  return simple_stmts (p, out);
}

/* file: [statements] ENDMARKER */
static LsStmt **
file (Parser *p,
      guint  *n)
{
  g_autoptr (GPtrArray) body = g_ptr_array_new ();

  while (!check (p, LS_TOK_ENDMARKER))
    {
      if (check (p, LS_TOK_ERROR))
        {
          syntax_error (p);
          return NULL;
        }
      if (!statement (p, body))
        return NULL;
    }
  return finish_ptrs (p, body, n);
}

/* -------------------------------------------------------------------------
 * Fragments: f-string replacement fields
 * ---------------------------------------------------------------------- */

/* fstring: star_expressions — the text is "(expr)", so a group. */
static gboolean
parse_fragment (Parser     *p,
                const char *text,
                gsize       len,
                int         line,
                int         col,
                LsExpr    **out)
{
  g_autoptr (LsLexer) lexer = ls_lexer_new_for_fragment (text, len, line, col);
  GArray *tokens = ls_lexer_tokenize (lexer);
  Parser sub = { 0 };

  sub.arena = p->arena;
  sub.text = ls_lexer_get_text (lexer);
  sub.filename = p->filename;
  sub.toks = (LsToken *) tokens->data;
  sub.n_toks = tokens->len;
  sub.fstring = TRUE;
  sub.depth = p->depth;
  sub.quiet = p->quiet;
  sub.work = p->work;
  sub.work_limit = p->work_limit;

  *out = star_expressions (&sub);
  if (!failed (&sub) && !check (&sub, LS_TOK_ENDMARKER))
    syntax_error (&sub);

  if (failed (&sub))
    {
      const GError *lex_error = ls_lexer_get_error (lexer);
      if (lex_error != NULL && sub.max_fetched >= sub.n_toks - 1)
        {
          g_clear_error (&sub.error);
          sub.error = g_error_copy (lex_error);
        }
      if (p->error == NULL)
        p->error = g_steal_pointer (&sub.error);
      g_clear_error (&sub.error);
      *out = NULL;
    }
  p->work = sub.work;
  if (sub.too_complex)
    {
      p->too_complex = TRUE;
      if (p->error == NULL)
        error_at (p, LS_SYNTAX_ERROR_INVALID, line, col, "quiet");
    }
  g_clear_pointer (&sub.memo, g_hash_table_unref);
  if (sub.unsupported != NULL && p->unsupported == NULL)
    p->unsupported = g_steal_pointer (&sub.unsupported);
  g_clear_error (&sub.unsupported);
  g_array_unref (tokens);
  return *out != NULL;
}

/* -------------------------------------------------------------------------
 * Entry point
 * ---------------------------------------------------------------------- */

/* A tokenizer error and a parser error compete as in CPython: the parser
 * reading the bad token reports the tokenizer's error; otherwise the
 * tokenizer error wins if CPython raises it while re-tokenizing the rest of
 * the file (_PyPegen_tokenize_full_source_to_check_for_errors). */
static GError *
pick_error (Parser  *p,
            LsLexer *lexer)
{
  const GError *lex_error = ls_lexer_get_error (lexer);

  if (lex_error == NULL)
    return g_steal_pointer (&p->error);
  if (p->max_fetched >= p->n_toks - 1)
    return g_error_copy (lex_error);
  if (p->error_is_final)
    return g_steal_pointer (&p->error);
  switch (ls_lexer_get_error_kind (lexer))
    {
    case LS_LEX_ERROR_DIRECT:
      return g_error_copy (lex_error);
    case LS_LEX_ERROR_UNCLOSED:
      /* CPython compares with the line of the last token it read, not
       * with the line of its error. */
      if (ls_lexer_get_error_line (lexer) < p->toks[p->max_fetched].line)
        return g_error_copy (lex_error);
      break;
    case LS_LEX_ERROR_STATUS:
    case LS_LEX_ERROR_NONE:
    default:
      break;
    }
  return g_steal_pointer (&p->error);
}

LsAst *
ls_parse (const char  *filename,
          const char  *source,
          gsize        len,
          GError     **error)
{
  g_autoptr (LsLexer) lexer = NULL;
  g_autoptr (GArray) tokens = NULL;
  g_autoptr (LsAst) ast = NULL;
  Parser p = { 0 };

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (source != NULL || len == 0, NULL);

  lexer = ls_lexer_new_for_file (filename, source != NULL ? source : "", len, error);
  if (lexer == NULL)
    return NULL;
  tokens = ls_lexer_tokenize (lexer);

  ast = g_new0 (LsAst, 1);
  ast->filename = g_strdup (filename);
  ast->arena = ls_arena_new ();

  p.arena = ast->arena;
  p.text = ls_lexer_get_text (lexer);
  p.filename = filename;
  p.toks = (LsToken *) tokens->data;
  p.n_toks = tokens->len;
  /* Every test, example and library module needs 0.3 to 2 rule entries
   * a token; the hostile inputs the fuzzer found needed thousands. */
  p.work_limit = (guint64) p.n_toks * 50 + 20000;

  ast->body = file (&p, &ast->n_body);
  g_clear_pointer (&p.memo, g_hash_table_unref);
  if (p.too_complex)
    {
      const LsToken *t = &p.toks[MIN (p.max_fetched, p.n_toks - 1)];
      const GError *lex_error = ls_lexer_get_error (lexer);
      g_clear_error (&p.error);
      g_clear_error (&p.unsupported);
      /* A tokenizer error is certain, where the parse gave up. */
      if (lex_error != NULL)
        {
          g_propagate_error (error, g_error_copy (lex_error));
          return NULL;
        }
      ls_set_syntax_error (error, LS_SYNTAX_ERROR_UNSUPPORTED, t->line, t->col,
                           "this program is too complex for Loopscope's parser");
      return NULL;
    }
  if (failed (&p))
    {
      g_propagate_error (error, pick_error (&p, lexer));
      g_clear_error (&p.error);
      g_clear_error (&p.unsupported);
      return NULL;
    }
  if (p.unsupported != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&p.unsupported));
      return NULL;
    }
  if (!ls_ast_check (ast, error))
    return NULL;
  return g_steal_pointer (&ast);
}

void
ls_ast_free (LsAst *ast)
{
  if (ast == NULL)
    return;
  ls_arena_free (ast->arena);
  g_free (ast->filename);
  g_free (ast);
}
