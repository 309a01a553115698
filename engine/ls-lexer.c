/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-lexer.c — CPython 3.11's tokenizer, rewritten for the scenario subset.
 *
 * The structure mirrors Parser/tokenizer.c (tok_get) closely on purpose:
 * users compare our error messages with CPython's, so the order in which
 * the checks happen is part of the behaviour.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-lexer.h"
#include "ls-syntax-error.h"

/* CPython's limits (MAXINDENT, MAXLEVEL in tokenizer.h). */
#define LS_MAX_INDENT 100
#define LS_MAX_LEVEL  200
#define LS_TAB_SIZE   8

typedef struct
{
  char ch;
  int  line;
  int  col;
} LsParen;

struct _LsLexer
{
  char    *text;          /* normalized copy, NUL-terminated */
  gsize    len;
  gsize    pos;           /* next byte to read */
  gsize    start;         /* start of the token being read */
  int      line;
  gsize    line_start;    /* offset of the current line's first byte */

  /* Fragments (f-string fields) sit inside a line of the file. */
  int      first_line;
  int      first_col;

  int      indstack[LS_MAX_INDENT];
  int      altindstack[LS_MAX_INDENT];
  int      indent;
  int      pendin;        /* > 0: INDENTs to emit; < 0: DEDENTs */
  gboolean atbol;

  LsParen  parens[LS_MAX_LEVEL];
  int      level;

  GError        *error;
  LsLexErrorKind error_kind;
  int            error_line;
};

/* -------------------------------------------------------------------------
 * Reading the source
 * ---------------------------------------------------------------------- */

/* PEP 263, as CPython's tokenizer reads it (check_coding_spec): a comment
 * on line 1, or on line 2 when line 1 holds nothing but a comment or
 * blanks, with "coding" followed by ':' or '=' and a name.  The name, or
 * NULL; its line in *line. */
static char *
find_coding (const char *source,
             gsize       len,
             int        *line)
{
  const char *p = source;
  const char *end = source + len;

  for (int n = 1; n <= 2 && p < end; n++)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *s = p;

      if (eol == NULL)
        eol = end;
      while (s < eol && (*s == ' ' || *s == '\t' || *s == '\f'))
        s++;
      if (s < eol && *s == '#')
        for (const char *t = s; t + 6 < eol; t++)
          {
            const char *begin;

            if (memcmp (t, "coding", 6) != 0 || (t[6] != ':' && t[6] != '='))
              continue;
            t += 7;
            while (t < eol && (*t == ' ' || *t == '\t'))
              t++;
            begin = t;
            while (t < eol && (g_ascii_isalnum (*t) || *t == '-' || *t == '_' || *t == '.'))
              t++;
            if (t > begin)
              {
                *line = n;
                return g_strndup (begin, (gsize) (t - begin));
              }
            break;
          }
      /* Line 2 counts only after a line 1 of comment or blanks. */
      if (s < eol && *s != '#' && *s != '\r')
        break;
      p = eol + 1;
    }
  return NULL;
}

/* CPython's get_normal_name: the two encodings it knows by many names. */
static char *
normal_coding_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, MIN (strlen (name), 12));

  g_strdelimit (lower, "_", '-');
  if (strcmp (lower, "utf-8") == 0 || g_str_has_prefix (lower, "utf-8-"))
    return g_strdup ("utf-8");
  for (const char *const *latin = (const char *const[]) { "latin-1", "iso-8859-1", "iso-latin-1", NULL };
       *latin != NULL; latin++)
    if (strcmp (lower, *latin) == 0 || (g_str_has_prefix (lower, *latin) && lower[strlen (*latin)] == '-'))
      return g_strdup ("iso-8859-1");
  return g_strdup (name);
}

/* Codecs of CPython that read ASCII as ASCII: a file that declares one
 * and holds only ASCII means what it would mean as UTF-8.  Names as
 * Python's codec lookup normalizes them (lower case, '-' for '_'). */
static gboolean
is_ascii_compatible_codec (const char *name)
{
  static const char *const codecs[] = {
    "ascii", "us-ascii", "646", "iso-8859-1", "latin1", "l1", "cp819",
    "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
    "iso-8859-8", "iso-8859-9", "iso-8859-10", "iso-8859-11", "iso-8859-13", "iso-8859-14",
    "iso-8859-15", "iso-8859-16", "latin2", "latin9", "cp1250", "cp1251", "cp1252", "cp1253",
    "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "windows-1250", "windows-1251",
    "windows-1252", "windows-1253", "windows-1254", "windows-1255", "windows-1256",
    "windows-1257", "windows-1258", "cp437", "cp850", "cp866", "koi8-r", "koi8-u",
    "mac-roman", "macroman", "gbk", "gb2312", "gb18030", "cp936", "big5", "cp950",
    "shift-jis", "sjis", "cp932", "euc-jp", "euc-kr", "cp949", "utf8",
  };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  g_strdelimit (lower, "_", '-');
  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    if (strcmp (lower, codecs[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
line_of (const char *source,
         const char *at)
{
  int line = 1;

  for (const char *p = source; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

static gboolean
is_name_byte (guchar c)
{
  return g_ascii_isalnum (c) || c == '_' || c >= 0x80;
}

/* With a UTF-8 declaration CPython decodes each token on its own: a bad
 * byte is "(unicode error) 'utf-8' codec can't decode byte 0xE9 in
 * position 3: ...", the position counted from the start of the string's
 * text or of the name.  The token is found the way a person would (after
 * the last quote of the line before the byte, else the run of name
 * characters); the reason is Python's UTF-8 decoder's. */
static char *
utf8_token_error (const char *line_start,
                  const char *bad,
                  const char *line_end)
{
  const char *token = NULL;
  const char *token_end;
  guchar b = (guchar) *bad;
  const char *reason;
  char quote = 0;

  for (const char *p = bad; p > line_start; p--)
    if (p[-1] == '\'' || p[-1] == '"')
      {
        token = p;
        quote = p[-1];
        break;
      }
  if (token == NULL)
    for (token = bad; token > line_start && is_name_byte ((guchar) token[-1]); token--)
      ;
  token_end = bad + 1;
  if (quote != 0)
    while (token_end < line_end && *token_end != quote)
      token_end++;
  else
    while (token_end < line_end && is_name_byte ((guchar) *token_end))
      token_end++;

  if (b < 0xc2 || b > 0xf4)
    reason = "invalid start byte";
  else
    {
      int need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;

      reason = "unexpected end of data";
      for (int i = 1; i <= need; i++)
        {
          guchar c;
          gboolean ok;

          if (bad + i >= token_end)
            break;
          c = (guchar) bad[i];
          /* The second byte's range depends on the first (no overlong
           * forms, no surrogates, nothing past U+10FFFF). */
          if (i == 1 && b == 0xe0)
            ok = c >= 0xa0 && c <= 0xbf;
          else if (i == 1 && b == 0xed)
            ok = c >= 0x80 && c <= 0x9f;
          else if (i == 1 && b == 0xf0)
            ok = c >= 0x90 && c <= 0xbf;
          else if (i == 1 && b == 0xf4)
            ok = c >= 0x80 && c <= 0x8f;
          else
            ok = c >= 0x80 && c <= 0xbf;
          if (!ok)
            {
              reason = "invalid continuation byte";
              break;
            }
        }
    }
  return g_strdup_printf ("(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %d: %s",
                          (guint) b, (int) (bad - token), reason);
}

/* CPython reads a file line by line, decoding each: the first bad byte is
 * reported with its line, whatever precedes it.  A coding declaration
 * other than UTF-8 is honoured only where it makes no difference (a file
 * of ASCII): the scenario's text is UTF-8 everywhere after this, in the
 * editor, the traces and the exports, and a person fixes a Latin-1 file
 * once by saving it as UTF-8. */
static gboolean
check_encoding (const char  *filename,
                const char  *source,
                gsize        len,
                gboolean     has_bom,
                GError     **error)
{
  const char *end;
  int line;
  int coding_line = 0;
  g_autofree char *coding = find_coding (source, len, &coding_line);
  g_autofree char *normal = coding != NULL ? normal_coding_name (coding) : NULL;

  if (normal != NULL && strcmp (normal, "utf-8") != 0)
    {
      const char *p;

      if (has_bom)
        {
          ls_set_syntax_error (error, LS_SYNTAX_ERROR_INVALID, coding_line, 0,
                               "encoding problem: %s with BOM", normal);
          return FALSE;
        }
      if (!is_ascii_compatible_codec (normal))
        {
          ls_set_syntax_error (error, LS_SYNTAX_ERROR_INVALID, coding_line, 0,
                               "encoding problem: %s", coding);
          return FALSE;
        }
      for (p = source; p < source + len && (guchar) *p < 0x80 && *p != '\0'; p++)
        ;
      if (p < source + len && *p != '\0')
        {
          line = line_of (source, p);
          ls_set_syntax_error (error, LS_SYNTAX_ERROR_INVALID, line, 0,
                               "encoding problem: %s (declared on line %d): Loopscope reads source "
                               "files as UTF-8 only; save this one as UTF-8 and remove the declaration",
                               coding, coding_line);
          return FALSE;
        }
    }

  if (g_utf8_validate_len (source, len, &end))
    return TRUE;

  line = line_of (source, end);

  if (*end == '\0')
    {
      ls_set_syntax_error (error, LS_SYNTAX_ERROR_INVALID, line, 0,
                           "source code cannot contain null bytes");
      return FALSE;
    }

  if (normal != NULL)
    {
      const char *line_start = end;
      const char *line_end = memchr (end, '\n', (gsize) (source + len - end));
      g_autofree char *message = NULL;

      while (line_start > source && line_start[-1] != '\n')
        line_start--;
      message = utf8_token_error (line_start, end, line_end != NULL ? line_end : source + len);
      ls_set_syntax_error (error, LS_SYNTAX_ERROR_INVALID, line, 0, "%s", message);
      return FALSE;
    }

  ls_set_syntax_error (error, LS_SYNTAX_ERROR_INVALID, line, 0,
                       "Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, "
                       "but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                       (guint) (guchar) *end, filename, line);
  return FALSE;
}

/* Universal newlines, as CPython's file reader applies them, plus a last
 * "\n" so that every line, the last one too, ends the same way. */
static char *
normalize_newlines (const char *source,
                    gsize       len,
                    gsize      *out_len)
{
  char *text = g_malloc (len + 2);
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (source[i] == '\r')
        {
          text[n++] = '\n';
          if (i + 1 < len && source[i + 1] == '\n')
            i++;
        }
      else
        text[n++] = source[i];
    }
  if (n > 0 && text[n - 1] != '\n')
    text[n++] = '\n';
  text[n] = '\0';
  *out_len = n;
  return text;
}

static LsLexer *
lexer_new (char *text,
           gsize len)
{
  LsLexer *lx = g_new0 (LsLexer, 1);

  lx->text = text;
  lx->len = len;
  lx->line = 1;
  lx->first_line = 1;
  lx->atbol = TRUE;
  return lx;
}

LsLexer *
ls_lexer_new_for_file (const char  *filename,
                       const char  *source,
                       gsize        len,
                       GError     **error)
{
  gsize n;
  gboolean has_bom = len >= 3 && memcmp (source, "\xef\xbb\xbf", 3) == 0;

  if (has_bom)
    {
      source += 3;
      len -= 3;
    }
  if (!check_encoding (filename, source, len, has_bom, error))
    return NULL;

  char *text = normalize_newlines (source, len, &n);
  return lexer_new (text, n);
}

LsLexer *
ls_lexer_new_for_fragment (const char *text,
                           gsize       len,
                           int         first_line,
                           int         first_col)
{
  LsLexer *lx = lexer_new (g_strndup (text, len), len);

  lx->line = first_line;
  lx->first_line = first_line;
  lx->first_col = first_col;
  /* A fragment is an expression inside a line: no indentation to track. */
  lx->atbol = FALSE;
  return lx;
}

void
ls_lexer_free (LsLexer *lexer)
{
  if (lexer == NULL)
    return;
  g_free (lexer->text);
  g_clear_error (&lexer->error);
  g_free (lexer);
}

const char *
ls_lexer_get_text (LsLexer *lexer)
{
  return lexer->text;
}

const GError *
ls_lexer_get_error (LsLexer *lexer)
{
  return lexer->error;
}

LsLexErrorKind
ls_lexer_get_error_kind (LsLexer *lexer)
{
  return lexer->error_kind;
}

int
ls_lexer_get_error_line (LsLexer *lexer)
{
  return lexer->error_line;
}

/* -1 at the end, as tok_nextc's EOF. */
static int
nextc (LsLexer *lx)
{
  if (lx->pos >= lx->len)
    {
      lx->pos = lx->len + 1;  /* so that backup() restores the end */
      return -1;
    }
  /* The line counter moves in new_line(), when the caller has decided
   * that the next line starts: a token ending with '\n' keeps its line. */
  return (guchar) lx->text[lx->pos++];
}

static void
backup (LsLexer *lx)
{
  lx->pos--;
}

/* Called when the byte just read was '\n' and the next one starts a line. */
static void
new_line (LsLexer *lx)
{
  lx->line++;
  lx->line_start = lx->pos;
}

static int
col_of (LsLexer *lx,
        gsize    offset,
        gsize    line_start,
        int      line)
{
  int col = (int) (offset - line_start);

  return line == lx->first_line ? col + lx->first_col : col;
}

/* -------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

static LsTokenKind
fail (LsLexer          *lx,
      LsLexErrorKind    kind,
      LsSyntaxErrorCode code,
      int               line,
      int               col,
      const char       *format,
      ...) G_GNUC_PRINTF (6, 7);

static LsTokenKind
fail (LsLexer          *lx,
      LsLexErrorKind    kind,
      LsSyntaxErrorCode code,
      int               line,
      int               col,
      const char       *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ls_set_syntax_error (&lx->error, code, line, col, "%s", message);
  lx->error_kind = kind;
  lx->error_line = line;
  return LS_TOK_ERROR;
}

/* CPython's syntaxerror(): the location is where the tokenizer stopped. */
static LsTokenKind
syntax_error_here (LsLexer    *lx,
                   const char *message)
{
  int col = col_of (lx, lx->pos, lx->line_start, lx->line) - 1;

  return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID,
               lx->line, MAX (col, 0), "%s", message);
}

/* -------------------------------------------------------------------------
 * Indentation
 * ---------------------------------------------------------------------- */

static LsTokenKind
indent_error (LsLexer *lx)
{
  return fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_TAB, lx->line, 0,
               "inconsistent use of tabs and spaces in indentation");
}

/* Measures the indentation of a new line twice, tabs to multiples of 8
 * (col) and tabs as one column (altcol): a line is consistent only if both
 * measures agree on the comparison with the enclosing block, which is how
 * CPython detects ambiguous mixes of tabs and spaces. */
static LsTokenKind
read_indentation (LsLexer *lx)
{
  int col = 0, altcol = 0, cont_line_col = 0, c;

  for (;;)
    {
      c = nextc (lx);
      if (c == ' ')
        col++, altcol++;
      else if (c == '\t')
        {
          col = (col / LS_TAB_SIZE + 1) * LS_TAB_SIZE;
          altcol = altcol + 1;
        }
      else if (c == '\014')  /* form feed resets, for Emacs users */
        col = altcol = 0;
      else if (c == '\\')
        {
          /* Indentation cannot be split over lines with backslashes: the
           * first backslash sets it (CPython 3.11's tok_get). */
          cont_line_col = cont_line_col ? cont_line_col : col;
          c = nextc (lx);
          if (c != '\n')
            return fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_INVALID, lx->line,
                         col_of (lx, lx->pos - 1, lx->line_start, lx->line),
                         "unexpected character after line continuation character");
          new_line (lx);
          if (lx->pos >= lx->len)
            return fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_INVALID, lx->line - 1, 0,
                         "unexpected EOF while parsing");
        }
      else
        break;
    }
  backup (lx);
  if (cont_line_col)
    col = altcol = cont_line_col;

  /* Blank lines and comment-only lines never touch the indentation, at
   * whatever column (or with whatever tabs) they start. */
  if (c == '#' || c == '\n' || lx->level > 0)
    return LS_TOK_ENDMARKER;

  if (col == lx->indstack[lx->indent])
    {
      if (altcol != lx->altindstack[lx->indent])
        return indent_error (lx);
    }
  else if (col > lx->indstack[lx->indent])
    {
      if (lx->indent + 1 >= LS_MAX_INDENT)
        return fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_INDENTATION,
                     lx->line, 0, "too many levels of indentation");
      if (altcol <= lx->altindstack[lx->indent])
        return indent_error (lx);
      lx->pendin++;
      lx->indent++;
      lx->indstack[lx->indent] = col;
      lx->altindstack[lx->indent] = altcol;
    }
  else
    {
      while (lx->indent > 0 && col < lx->indstack[lx->indent])
        {
          lx->pendin--;
          lx->indent--;
        }
      if (col != lx->indstack[lx->indent])
        return fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_INDENTATION,
                     lx->line, 0,
                     "unindent does not match any outer indentation level");
      if (altcol != lx->altindstack[lx->indent])
        return indent_error (lx);
    }
  return LS_TOK_ENDMARKER;  /* no error */
}

/* -------------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------- */

static const struct
{
  const char *word;
  LsTokenKind kind;
} keywords[] = {
  { "False", LS_TOK_FALSE }, { "None", LS_TOK_NONE }, { "True", LS_TOK_TRUE },
  { "and", LS_TOK_AND }, { "as", LS_TOK_AS }, { "assert", LS_TOK_ASSERT },
  { "async", LS_TOK_ASYNC }, { "await", LS_TOK_AWAIT }, { "break", LS_TOK_BREAK },
  { "class", LS_TOK_CLASS }, { "continue", LS_TOK_CONTINUE }, { "def", LS_TOK_DEF },
  { "del", LS_TOK_DEL }, { "elif", LS_TOK_ELIF }, { "else", LS_TOK_ELSE },
  { "except", LS_TOK_EXCEPT }, { "finally", LS_TOK_FINALLY }, { "for", LS_TOK_FOR },
  { "from", LS_TOK_FROM }, { "global", LS_TOK_GLOBAL }, { "if", LS_TOK_IF },
  { "import", LS_TOK_IMPORT }, { "in", LS_TOK_IN }, { "is", LS_TOK_IS },
  { "lambda", LS_TOK_LAMBDA }, { "nonlocal", LS_TOK_NONLOCAL }, { "not", LS_TOK_NOT },
  { "or", LS_TOK_OR }, { "pass", LS_TOK_PASS }, { "raise", LS_TOK_RAISE },
  { "return", LS_TOK_RETURN }, { "try", LS_TOK_TRY }, { "while", LS_TOK_WHILE },
  { "with", LS_TOK_WITH }, { "yield", LS_TOK_YIELD },
};

static LsTokenKind
keyword_or_name (const char *s,
                 gsize       n)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i].word) == n && memcmp (keywords[i].word, s, n) == 0)
      return keywords[i].kind;
  return LS_TOK_NAME;
}

gboolean
ls_token_kind_is_keyword (LsTokenKind kind)
{
  return kind >= LS_TOK_FALSE && kind <= LS_TOK_YIELD;
}

static gboolean
is_id_start (int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}

static gboolean
is_id_char (int c)
{
  return is_id_start (c) || (c >= '0' && c <= '9');
}

/* An approximation of XID_Start / XID_Continue good for the scripts people
 * write identifiers in; CPython's exact tables are not in GLib. */
static gboolean
unichar_is_id (gunichar ch,
               gboolean first)
{
  if (ch == '_' || g_unichar_isalpha (ch))
    return TRUE;
  if (g_unichar_type (ch) == G_UNICODE_LETTER_NUMBER)
    return TRUE;
  if (first)
    return FALSE;
  switch (g_unichar_type (ch))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
      return TRUE;
    default:
      return FALSE;
    }
}

/* CPython's verify_identifier: non-ASCII bytes were accepted while
 * scanning; now the name must really be an identifier. */
static LsTokenKind
verify_identifier (LsLexer *lx)
{
  const char *p = lx->text + lx->start;
  const char *end = lx->text + lx->pos;
  gboolean first = TRUE;

  while (p < end)
    {
      gunichar ch = g_utf8_get_char (p);
      if (!unichar_is_id (ch, first))
        {
          int col = col_of (lx, p - lx->text, lx->line_start, lx->line);
          if (g_unichar_isprint (ch))
            {
              char buf[8] = { 0 };
              g_unichar_to_utf8 (ch, buf);
              return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID,
                           lx->line, col, "invalid character '%s' (U+%04X)", buf, ch);
            }
          return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID,
                       lx->line, col, "invalid non-printable character U+%04X", ch);
        }
      first = FALSE;
      p = g_utf8_next_char (p);
    }
  return LS_TOK_NAME;
}

/* -------------------------------------------------------------------------
 * Numbers
 * ---------------------------------------------------------------------- */

static gboolean
is_digit (int c)
{
  return c >= '0' && c <= '9';
}

static gboolean
lookahead (LsLexer    *lx,
           const char *word)
{
  gsize n = strlen (word);

  /* the keyword must end there: "1else4" is not "1 else 4" */
  return lx->pos + n <= lx->len && memcmp (lx->text + lx->pos, word, n) == 0
         && !(lx->pos + n < lx->len && is_id_char ((guchar) lx->text[lx->pos + n]));
}

/* A number glued to a name is an error, except before the keywords that
 * can follow a number in valid code ("1if x else y"): CPython only warns
 * there. c has been read. */
static gboolean
verify_end_of_number (LsLexer    *lx,
                      int         c,
                      const char *kind)
{
  gboolean keyword = FALSE;

  switch (c)
    {
    case 'a': keyword = lookahead (lx, "nd"); break;
    case 'e': keyword = lookahead (lx, "lse"); break;
    case 'f': keyword = lookahead (lx, "or"); break;
    case 'o': keyword = lookahead (lx, "r"); break;
    case 'n': keyword = lookahead (lx, "ot"); break;
    case 'i':
      /* CPython looks at one letter only here */
      keyword = lx->pos < lx->len && strchr ("fns", lx->text[lx->pos]) != NULL;
      break;
    default:
      break;
    }
  if (!keyword && c >= 0 && is_id_char (c))
    {
      g_autofree char *message = g_strdup_printf ("invalid %s literal", kind);
      backup (lx);
      syntax_error_here (lx, message);
      return FALSE;
    }
  return TRUE;
}

/* Digits with single underscores between them; returns the next char, or
 * -2 after an error. */
static int
decimal_tail (LsLexer *lx)
{
  int c;

  for (;;)
    {
      do
        c = nextc (lx);
      while (is_digit (c));
      if (c != '_')
        return c;
      c = nextc (lx);
      if (!is_digit (c))
        {
          backup (lx);
          syntax_error_here (lx, "invalid decimal literal");
          return -2;
        }
    }
}

static LsTokenKind
finish_number (LsLexer *lx)
{
  backup (lx);
  return LS_TOK_NUMBER;
}

/* After the integer part: [ '.' digits ] [ exponent ] [ 'j' ].  c is the
 * char after the integer part; `fraction` says '.' was already read. */
static LsTokenKind
number_tail (LsLexer *lx,
             int      c,
             gboolean fraction)
{
  if (fraction || c == '.')
    {
      if (!fraction)
        c = nextc (lx);
      if (is_digit (c))
        {
          c = decimal_tail (lx);
          if (c == -2)
            return LS_TOK_ERROR;
        }
    }
  if (c == 'e' || c == 'E')
    {
      int e = c;
      c = nextc (lx);
      if (c == '+' || c == '-')
        {
          c = nextc (lx);
          if (!is_digit (c))
            {
              backup (lx);
              return syntax_error_here (lx, "invalid decimal literal");
            }
        }
      else if (!is_digit (c))
        {
          /* "1e" followed by a keyword-ish: the 'e' is not ours. */
          backup (lx);
          if (!verify_end_of_number (lx, e, "decimal"))
            return LS_TOK_ERROR;
          backup (lx);
          return LS_TOK_NUMBER;
        }
      c = decimal_tail (lx);
      if (c == -2)
        return LS_TOK_ERROR;
    }
  if (c == 'j' || c == 'J')
    {
      c = nextc (lx);
      if (!verify_end_of_number (lx, c, "imaginary"))
        return LS_TOK_ERROR;
    }
  else if (!verify_end_of_number (lx, c, "decimal"))
    return LS_TOK_ERROR;
  return finish_number (lx);
}

/* 0x, 0o, 0b literals: digit runs with single underscores between. */
static LsTokenKind
radix_number (LsLexer    *lx,
              int         base,
              const char *kind)
{
  int c = nextc (lx);

  do
    {
      if (c == '_')
        c = nextc (lx);
      gboolean ok = base == 16 ? g_ascii_isxdigit (c)
                    : base == 8 ? (c >= '0' && c < '8')
                    : (c == '0' || c == '1');
      if (!ok)
        {
          if (base != 16 && is_digit (c))
            {
              g_autofree char *m = g_strdup_printf ("invalid digit '%c' in %s literal", c, kind);
              return syntax_error_here (lx, m);
            }
          g_autofree char *m = g_strdup_printf ("invalid %s literal", kind);
          backup (lx);
          return syntax_error_here (lx, m);
        }
      do
        {
          c = nextc (lx);
          ok = base == 16 ? g_ascii_isxdigit (c)
               : base == 8 ? (c >= '0' && c < '8')
               : (c == '0' || c == '1');
        }
      while (ok);
    }
  while (c == '_');

  if (base != 16 && is_digit (c))
    {
      g_autofree char *m = g_strdup_printf ("invalid digit '%c' in %s literal", c, kind);
      return syntax_error_here (lx, m);
    }
  if (!verify_end_of_number (lx, c, kind))
    return LS_TOK_ERROR;
  return finish_number (lx);
}

/* Starting with '0' (read): radix literals, zeros, or a float. */
static LsTokenKind
zero_number (LsLexer *lx)
{
  int c = nextc (lx);
  gboolean nonzero = FALSE;

  if (c == 'x' || c == 'X')
    return radix_number (lx, 16, "hexadecimal");
  if (c == 'o' || c == 'O')
    return radix_number (lx, 8, "octal");
  if (c == 'b' || c == 'B')
    return radix_number (lx, 2, "binary");

  for (;;)
    {
      if (c == '_')
        {
          c = nextc (lx);
          if (!is_digit (c))
            {
              backup (lx);
              return syntax_error_here (lx, "invalid decimal literal");
            }
        }
      if (c != '0')
        break;
      c = nextc (lx);
    }
  if (is_digit (c))
    {
      nonzero = TRUE;
      c = decimal_tail (lx);
      if (c == -2)
        return LS_TOK_ERROR;
    }
  if (c == '.' || c == 'e' || c == 'E' || c == 'j' || c == 'J')
    return number_tail (lx, c, FALSE);
  if (nonzero)
    {
      int col = col_of (lx, lx->start, lx->line_start, lx->line);
      return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, lx->line, col,
                   "leading zeros in decimal integer literals are not permitted; "
                   "use an 0o prefix for octal integers");
    }
  if (!verify_end_of_number (lx, c, "decimal"))
    return LS_TOK_ERROR;
  return finish_number (lx);
}

/* -------------------------------------------------------------------------
 * Strings
 * ---------------------------------------------------------------------- */

/* The opening quote has been read.  Finds the end of the literal; the
 * prefix is already part of the token.  Strings may span lines (triple
 * quotes, or a backslash before the newline), so the token's start line
 * is kept by the caller. */
static LsTokenKind
read_string (LsLexer *lx,
             int      quote,
             int      start_line,
             gsize    start_line_start)
{
  int quote_size = 1, end_quote_size = 0;
  int c = nextc (lx);

  if (c == quote)
    {
      c = nextc (lx);
      if (c == quote)
        quote_size = 3;
      else
        end_quote_size = 1;  /* the empty string */
    }
  if (c != quote)
    backup (lx);

  while (end_quote_size != quote_size)
    {
      c = nextc (lx);
      if (c == -1 || (quote_size == 1 && c == '\n'))
        {
          /* CPython counts the line it stopped on; at the end of the file
           * that is the last line, not the one after it. */
          int detected = lx->line;
          int col = col_of (lx, lx->start, start_line_start, start_line);
          if (quote_size == 3)
            return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, start_line, col,
                         "unterminated triple-quoted string literal (detected at line %d)",
                         c == -1 && lx->len > 0 && lx->text[lx->len - 1] == '\n'
                         && lx->line_start == lx->len ? detected - 1 : detected);
          return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, start_line, col,
                       "unterminated string literal (detected at line %d)", detected);
        }
      if (c == '\n')
        new_line (lx);
      if (c == quote)
        end_quote_size++;
      else
        {
          end_quote_size = 0;
          if (c == '\\')
            {
              c = nextc (lx);
              if (c == '\n')
                new_line (lx);
              else if (c == -1)
                backup (lx);
            }
        }
    }
  return LS_TOK_STRING;
}

/* -------------------------------------------------------------------------
 * Operators
 * ---------------------------------------------------------------------- */

static LsTokenKind
one_char (int c)
{
  switch (c)
    {
    case '%': return LS_TOK_PERCENT;
    case '&': return LS_TOK_AMPER;
    case '(': return LS_TOK_LPAR;
    case ')': return LS_TOK_RPAR;
    case '*': return LS_TOK_STAR;
    case '+': return LS_TOK_PLUS;
    case ',': return LS_TOK_COMMA;
    case '-': return LS_TOK_MINUS;
    case '.': return LS_TOK_DOT;
    case '/': return LS_TOK_SLASH;
    case ':': return LS_TOK_COLON;
    case ';': return LS_TOK_SEMI;
    case '<': return LS_TOK_LESS;
    case '=': return LS_TOK_EQUAL;
    case '>': return LS_TOK_GREATER;
    case '@': return LS_TOK_AT;
    case '[': return LS_TOK_LSQB;
    case ']': return LS_TOK_RSQB;
    case '^': return LS_TOK_CIRCUMFLEX;
    case '{': return LS_TOK_LBRACE;
    case '|': return LS_TOK_VBAR;
    case '}': return LS_TOK_RBRACE;
    case '~': return LS_TOK_TILDE;
    default:  return LS_TOK_OP_OTHER;
    }
}

static LsTokenKind
two_chars (int c1,
           int c2)
{
  switch (c1)
    {
    case '!': return c2 == '=' ? LS_TOK_NOTEQUAL : LS_TOK_OP_OTHER;
    case '%': return c2 == '=' ? LS_TOK_PERCENTEQUAL : LS_TOK_OP_OTHER;
    case '&': return c2 == '=' ? LS_TOK_AMPEREQUAL : LS_TOK_OP_OTHER;
    case '*':
      return c2 == '*' ? LS_TOK_DOUBLESTAR : c2 == '=' ? LS_TOK_STAREQUAL : LS_TOK_OP_OTHER;
    case '+': return c2 == '=' ? LS_TOK_PLUSEQUAL : LS_TOK_OP_OTHER;
    case '-':
      return c2 == '=' ? LS_TOK_MINEQUAL : c2 == '>' ? LS_TOK_RARROW : LS_TOK_OP_OTHER;
    case '/':
      return c2 == '/' ? LS_TOK_DOUBLESLASH : c2 == '=' ? LS_TOK_SLASHEQUAL : LS_TOK_OP_OTHER;
    case ':': return c2 == '=' ? LS_TOK_COLONEQUAL : LS_TOK_OP_OTHER;
    case '<':
      return c2 == '<' ? LS_TOK_LEFTSHIFT : c2 == '=' ? LS_TOK_LESSEQUAL : LS_TOK_OP_OTHER;
    case '=': return c2 == '=' ? LS_TOK_EQEQUAL : LS_TOK_OP_OTHER;
    case '>':
      return c2 == '=' ? LS_TOK_GREATEREQUAL : c2 == '>' ? LS_TOK_RIGHTSHIFT : LS_TOK_OP_OTHER;
    case '@': return c2 == '=' ? LS_TOK_ATEQUAL : LS_TOK_OP_OTHER;
    case '^': return c2 == '=' ? LS_TOK_CIRCUMFLEXEQUAL : LS_TOK_OP_OTHER;
    case '|': return c2 == '=' ? LS_TOK_VBAREQUAL : LS_TOK_OP_OTHER;
    default:  return LS_TOK_OP_OTHER;
    }
}

static LsTokenKind
three_chars (LsTokenKind two,
             int         c3)
{
  if (c3 != '=')
    return LS_TOK_OP_OTHER;
  switch (two)
    {
    case LS_TOK_LEFTSHIFT: return LS_TOK_LEFTSHIFTEQUAL;
    case LS_TOK_RIGHTSHIFT: return LS_TOK_RIGHTSHIFTEQUAL;
    case LS_TOK_DOUBLESTAR: return LS_TOK_DOUBLESTAREQUAL;
    case LS_TOK_DOUBLESLASH: return LS_TOK_DOUBLESLASHEQUAL;
    default: return LS_TOK_OP_OTHER;
    }
}

/* Brackets: the nesting stack gives CPython's messages for brackets that do
 * not match, and where a bracket left open was opened. */
static LsTokenKind
track_bracket (LsLexer *lx,
               int      c)
{
  int col = col_of (lx, lx->start, lx->line_start, lx->line);

  if (c == '(' || c == '[' || c == '{')
    {
      if (lx->level >= LS_MAX_LEVEL)
        return syntax_error_here (lx, "too many nested parentheses");
      lx->parens[lx->level] = (LsParen) { (char) c, lx->line, col };
      lx->level++;
      return LS_TOK_ENDMARKER;
    }
  if (lx->level == 0)
    return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, lx->line, col,
                 "unmatched '%c'", c);
  lx->level--;
  LsParen *open = &lx->parens[lx->level];
  if ((open->ch == '(' && c == ')') || (open->ch == '[' && c == ']')
      || (open->ch == '{' && c == '}'))
    return LS_TOK_ENDMARKER;
  if (open->line != lx->line)
    return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, lx->line, col,
                 "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d",
                 c, open->ch, open->line);
  return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, lx->line, col,
               "closing parenthesis '%c' does not match opening parenthesis '%c'",
               c, open->ch);
}

static LsTokenKind
read_operator (LsLexer *lx,
               int      c)
{
  int c2 = nextc (lx);
  LsTokenKind two = two_chars (c, c2);

  if (two != LS_TOK_OP_OTHER)
    {
      int c3 = nextc (lx);
      LsTokenKind three = three_chars (two, c3);
      if (three != LS_TOK_OP_OTHER)
        return three;
      backup (lx);
      return two;
    }
  backup (lx);

  if (strchr ("([{)]}", c) != NULL && c != 0)
    {
      LsTokenKind err = track_bracket (lx, c);
      if (err == LS_TOK_ERROR)
        return err;
    }
  if (c < 32 || c == 127)
    {
      int col = col_of (lx, lx->start, lx->line_start, lx->line);
      return fail (lx, LS_LEX_ERROR_DIRECT, LS_SYNTAX_ERROR_INVALID, lx->line, col,
                   "invalid non-printable character U+%04X", c);
    }
  return one_char (c);
}

/* -------------------------------------------------------------------------
 * The token loop (CPython's tok_get)
 * ---------------------------------------------------------------------- */

/* A name, or the prefix of a string: CPython accepts the prefixes r, u, b,
 * f and the pairs of r with b or f, in any case and order. */
static LsTokenKind
read_name_or_string (LsLexer *lx,
                     int      c)
{
  gboolean saw_b = FALSE, saw_r = FALSE, saw_u = FALSE, saw_f = FALSE;
  gboolean nonascii = FALSE;

  for (;;)
    {
      if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B'))
        saw_b = TRUE;
      else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U'))
        saw_u = TRUE;
      else if (!(saw_r || saw_u) && (c == 'r' || c == 'R'))
        saw_r = TRUE;
      else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F'))
        saw_f = TRUE;
      else
        break;
      c = nextc (lx);
      if (c == '"' || c == '\'')
        return read_string (lx, c, lx->line, lx->line_start);
    }
  while (is_id_char (c))
    {
      if (c >= 128)
        nonascii = TRUE;
      c = nextc (lx);
    }
  backup (lx);
  if (nonascii && verify_identifier (lx) == LS_TOK_ERROR)
    return LS_TOK_ERROR;
  return keyword_or_name (lx->text + lx->start, lx->pos - lx->start);
}

static LsTokenKind
read_number_or_dot (LsLexer *lx,
                    int      c)
{
  if (c == '.')
    {
      int c2 = nextc (lx);
      if (is_digit (c2))
        return number_tail (lx, c2, TRUE);
      if (c2 == '.')
        {
          if (nextc (lx) == '.')
            return LS_TOK_ELLIPSIS;
          backup (lx);
        }
      backup (lx);
      return LS_TOK_DOT;
    }
  if (c == '0')
    return zero_number (lx);

  c = decimal_tail (lx);
  if (c == -2)
    return LS_TOK_ERROR;
  return number_tail (lx, c, FALSE);
}

/* CPython's tokenizer stays on the last line at the end of the file:
 * DEDENTs and ENDMARKER there sit at the end of that line, which is where
 * "expected an indented block" at the end of a file is reported. */
static void
place_at_eof (LsLexer *lx,
              LsToken *tok)
{
  gsize last_start;

  if (lx->len == 0 || lx->first_col != 0 || lx->first_line != 1 || tok->start < lx->len)
    return;
  last_start = lx->len - 1;
  while (last_start > 0 && lx->text[last_start - 1] != '\n')
    last_start--;
  tok->line = tok->end_line = lx->line - 1;
  tok->col = tok->end_col = (int) (lx->len - 1 - last_start);
}

/* Reads one token into *tok; its kind is LS_TOK_ERROR on error. */
static void
next_token (LsLexer *lx,
            LsToken *tok)
{
  LsTokenKind kind;
  gboolean blankline = FALSE;
  int c, start_line;
  gsize start_line_start;

nextline:
  blankline = FALSE;
  if (lx->atbol)
    {
      lx->atbol = FALSE;
      kind = read_indentation (lx);
      if (kind == LS_TOK_ERROR)
        goto out_error;
      /* blank and comment-only lines do not end a logical line */
      c = lx->pos < lx->len ? lx->text[lx->pos] : -1;
      blankline = c == '#' || c == '\n';
    }

  lx->start = lx->pos;
  if (lx->pendin != 0)
    {
      tok->kind = lx->pendin < 0 ? LS_TOK_DEDENT : LS_TOK_INDENT;
      tok->level = 0;
      lx->pendin += lx->pendin < 0 ? 1 : -1;
      tok->start = tok->end = lx->pos;
      tok->line = tok->end_line = lx->line;
      tok->col = tok->end_col = col_of (lx, lx->pos, lx->line_start, lx->line);
      place_at_eof (lx, tok);
      return;
    }

again:
  do
    c = nextc (lx);
  while (c == ' ' || c == '\t' || c == '\014');
  lx->start = lx->pos - 1;
  start_line = lx->line;
  start_line_start = lx->line_start;

  if (c == '#')
    while (c != -1 && c != '\n')
      c = nextc (lx);

  if (c == -1)
    {
      if (lx->level > 0)
        {
          LsParen *open = &lx->parens[lx->level - 1];
          fail (lx, LS_LEX_ERROR_UNCLOSED, LS_SYNTAX_ERROR_INVALID, open->line, open->col,
                "'%c' was never closed", open->ch);
          lx->error_line = open->line;
          goto out_error;
        }
      lx->pos = lx->len;
      lx->start = lx->len;
      kind = LS_TOK_ENDMARKER;
    }
  else if (is_id_start (c))
    kind = read_name_or_string (lx, c);
  else if (c == '\n')
    {
      new_line (lx);
      lx->atbol = TRUE;
      if (blankline || lx->level > 0)
        goto nextline;
      kind = LS_TOK_NEWLINE;
    }
  else if (is_digit (c) || c == '.')
    kind = read_number_or_dot (lx, c);
  else if (c == '"' || c == '\'')
    kind = read_string (lx, c, lx->line, lx->line_start);
  else if (c == '\\')
    {
      c = nextc (lx);
      if (c != '\n')
        {
          int col = col_of (lx, lx->pos - 1, lx->line_start, lx->line);
          fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_INVALID, lx->line, col,
                "unexpected character after line continuation character");
          goto out_error;
        }
      new_line (lx);
      if (lx->pos >= lx->len)
        {
          fail (lx, LS_LEX_ERROR_STATUS, LS_SYNTAX_ERROR_INVALID, lx->line - 1, 0,
                "unexpected EOF while parsing");
          goto out_error;
        }
      goto again;
    }
  else
    kind = read_operator (lx, c);

  if (kind == LS_TOK_ERROR)
    goto out_error;

  tok->kind = kind;
  tok->start = lx->start;
  tok->end = lx->pos;
  tok->line = start_line;
  tok->col = col_of (lx, lx->start, start_line_start, start_line);
  if (kind == LS_TOK_NEWLINE)
    {
      /* The newline belongs to the line it ends. */
      tok->end_line = start_line;
      tok->end_col = tok->col + 1;
      tok->end = tok->start + 1;
    }
  else
    {
      tok->end_line = lx->line;
      tok->end_col = col_of (lx, lx->pos, lx->line_start, lx->line);
    }
  if (kind == LS_TOK_ENDMARKER)
    place_at_eof (lx, tok);
  tok->level = lx->level;
  return;

out_error:
  tok->kind = LS_TOK_ERROR;
  tok->level = lx->level;
  tok->start = tok->end = MIN (lx->pos, lx->len);
  tok->line = tok->end_line = lx->line;
  tok->col = tok->end_col = 0;
}

GArray *
ls_lexer_tokenize (LsLexer *lexer)
{
  GArray *tokens = g_array_sized_new (FALSE, FALSE, sizeof (LsToken), lexer->len / 3 + 8);
  LsToken tok;

  /* The text of a file always ends with "\n" (see normalize_newlines), so
   * the last logical line gets its NEWLINE as CPython's does, and the
   * DEDENTs back to column 0 come from the indentation of the end. */
  do
    {
      next_token (lexer, &tok);
      g_array_append_val (tokens, tok);
    }
  while (tok.kind != LS_TOK_ENDMARKER && tok.kind != LS_TOK_ERROR);
  return tokens;
}

const char *
ls_token_kind_text (LsTokenKind kind)
{
  static const char *const ops[] = {
    "(", ")", "[", "]", "{", "}", ":", ",", ";", "+", "-", "*", "/", "|", "&",
    "<", ">", "=", ".", "%", "==", "!=", "<=", ">=", "~", "^", "<<", ">>", "**",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//",
    "//=", "@", "@=", "->", "...", ":=",
  };

  if (kind >= LS_TOK_FALSE && kind <= LS_TOK_YIELD)
    return keywords[kind - LS_TOK_FALSE].word;
  if (kind >= LS_TOK_LPAR && kind <= LS_TOK_COLONEQUAL)
    return ops[kind - LS_TOK_LPAR];
  return NULL;
}
