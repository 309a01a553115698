/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "loopscope-engine"

#include "ls-number-format.h"

#include <float.h>
#include <math.h>
#include <string.h>

/*
 * CPython formats floats with David Gay's dtoa in three modes: 0 (shortest
 * round-trip digits), 2 (n significant digits) and 3 (n digits after the
 * point), then lays the digits out in format_float_short() (pystrtod.c).
 * glibc's printf is exact and correctly rounded (ties to even on the exact
 * binary value, like dtoa), so "%.*e" gives mode 2 and "%.*f" mode 3; mode 0
 * is the first precision whose digits read back to the same double.  The
 * layout code below is a port of CPython's, so the two agree digit for digit.
 *
 * The format-spec half ports formatter_unicode.c (parse, calc_number_widths,
 * fill_number, thousands grouping) and unicodeobject.c's %-formatting.
 */

#define TYPE_ABSENT ((gunichar) -1)

/* Python's int_max_str_digits default: int() refuses longer decimal text. */
#define MAX_STR_DIGITS 4300

/* ------------------------------------------------------------------------ */
/* Decimal digits of a double                                                */
/* ------------------------------------------------------------------------ */

/* A finite non-negative value as dtoa hands it over: 0.DIGITS x 10^decpt,
 * without leading or trailing zeros; zero is "0" with decpt 1. */
typedef struct
{
  GString *digits;
  gint64   decpt;
} Digits;

static void
digits_normalize (Digits *d)
{
  gsize lead = 0;
  gsize n;

  while (lead < d->digits->len && d->digits->str[lead] == '0')
    lead++;
  g_string_erase (d->digits, 0, (gssize) lead);
  d->decpt -= (gint64) lead;

  n = d->digits->len;
  while (n > 0 && d->digits->str[n - 1] == '0')
    n--;
  g_string_truncate (d->digits, n);

  if (n == 0)
    {
      g_string_assign (d->digits, "0");
      d->decpt = 1;
    }
}

/* Reads printf's unsigned "%e" / "%f" text. */
static void
digits_from_printf (Digits     *d,
                    const char *text)
{
  gint64 int_digits = 0;
  gboolean after_point = FALSE;
  const char *p;

  g_string_truncate (d->digits, 0);
  for (p = text; g_ascii_isdigit (*p) || *p == '.'; p++)
    {
      if (*p == '.')
        {
          after_point = TRUE;
          continue;
        }
      g_string_append_c (d->digits, *p);
      if (!after_point)
        int_digits++;
    }
  d->decpt = int_digits;
  if (*p == 'e' || *p == 'E')
    d->decpt += g_ascii_strtoll (p + 1, NULL, 10);
  digits_normalize (d);
}

/* printf through GLib so that LC_NUMERIC never matters. */
static char *
printf_double (double x,
               char   conv,
               gint64 precision)
{
  char fmt[32];
  /* "%f" of DBL_MAX has 309 integer digits; sign, point, exponent fit in the rest */
  gsize size = (gsize) precision + 330;
  char *buf = g_malloc (size);

  /* callers keep precision within int as CPython does ("precision too big") */
  g_snprintf (fmt, sizeof fmt, "%%.%" G_GINT64_FORMAT "%c", precision, conv);
  g_ascii_formatd (buf, (gint) MIN (size, (gsize) G_MAXINT), fmt, x);
  return buf;
}

static void
digits_significant (Digits *d,
                    double  ax,
                    gint64  ndigits)
{
  g_autofree char *text = printf_double (ax, 'e', ndigits - 1);
  digits_from_printf (d, text);
}

static void
digits_fixed (Digits *d,
              double  ax,
              gint64  ndigits)
{
  g_autofree char *text = printf_double (ax, 'f', ndigits);
  digits_from_printf (d, text);
}

/* Adds delta (+1 or -1) to the decimal integer in s, in place or growing. */
static void
decimal_step (GString *s,
              int      delta)
{
  gssize i;

  for (i = (gssize) s->len - 1; i >= 0; i--)
    {
      char c = s->str[i];
      if (delta > 0 && c != '9')
        {
          s->str[i] = c + 1;
          return;
        }
      if (delta < 0 && c != '0')
        {
          s->str[i] = c - 1;
          return;
        }
      s->str[i] = delta > 0 ? '0' : '9';
    }
  if (delta > 0)
    g_string_prepend_c (s, '1');
}

/* The correctly rounded p-digit string may miss the round-trip interval
 * while its neighbour hits it; dtoa's shortest mode would then pick the
 * neighbour.  That needs a lopsided interval, so only powers of two. */
static gboolean
try_neighbours (Digits     *d,
                const char *e_text,
                double      ax)
{
  g_autoptr(GString) base = g_string_new (NULL);
  const char *p;
  gint64 exp10;
  int delta;

  for (p = e_text; *p != 'e'; p++)
    if (*p != '.')
      g_string_append_c (base, *p);
  /* value = BASE x 10^(exp10) */
  exp10 = g_ascii_strtoll (p + 1, NULL, 10) - (gint64) (base->len - 1);

  for (delta = -1; delta <= 1; delta += 2)
    {
      g_autoptr(GString) cand = g_string_new (base->str);
      g_autofree char *text = NULL;

      decimal_step (cand, delta);
      text = g_strdup_printf ("%se%" G_GINT64_FORMAT, cand->str, exp10);
      if (g_ascii_strtod (text, NULL) == ax)
        {
          g_string_assign (d->digits, cand->str);
          d->decpt = (gint64) cand->len + exp10;
          digits_normalize (d);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_power_of_two (double ax)
{
  int exp;
  return frexp (ax, &exp) == 0.5;
}

/* Whether some (p+1)-digit decimal reads back as ax; if so, d holds the one
 * dtoa's shortest mode would choose (the closest). */
static gboolean
shortest_probe (Digits *d,
                double  ax,
                int     p)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];

  g_snprintf (fmt, sizeof fmt, "%%.%de", p);
  g_ascii_formatd (buf, sizeof buf, fmt, ax);
  if (g_ascii_strtod (buf, NULL) == ax)
    {
      digits_from_printf (d, buf);
      return TRUE;
    }
  return is_power_of_two (ax) && try_neighbours (d, buf, ax);
}

static void
digits_shortest (Digits *d,
                 double  ax)
{
  int lo = 0, hi = 16;
  gboolean have_hi = FALSE;

  if (ax == 0)
    {
      g_string_assign (d->digits, "0");
      d->decpt = 1;
      return;
    }

  /* If p+1 digits can round-trip so can p+2 (append a zero: the closest
   * string or its neighbour is then in the interval too), so the shortest
   * length can be bisected.  17 digits always round-trip. */
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      if (shortest_probe (d, ax, mid))
        {
          hi = mid;
          have_hi = TRUE;
        }
      else
        lo = mid + 1;
    }
  /* d holds the last success, which is at hi, unless hi is the untried 16 */
  if (!have_hi)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (buf, sizeof buf, "%.16e", ax);
      digits_from_printf (d, buf);
    }
}

/* ------------------------------------------------------------------------ */
/* PyOS_double_to_string                                                     */
/* ------------------------------------------------------------------------ */

enum
{
  DTSF_ADD_DOT_0 = 1 << 0,
  DTSF_ALT       = 1 << 1,
  DTSF_NO_NEG_0  = 1 << 2,
};

static void
append_repeat (GString *out,
               char     c,
               gint64   n)
{
  for (; n > 0; n--)
    g_string_append_c (out, c);
}

/* format_float_short's layout: the output is a slice of the digits padded
 * with zeros on both sides, vdigits[vdigits_start:vdigits_end], with the
 * point at decpt and maybe an exponent. */
static void
layout_digits (GString      *out,
               const Digits *d,
               char          code,
               gint64        precision,
               guint         flags,
               char          e_char)
{
  gint64 decpt = d->decpt;
  gint64 digits_len = (gint64) d->digits->len;
  gint64 vdigits_start;
  gint64 vdigits_end = digits_len;
  gint64 exp = 0;
  gboolean use_exp = FALSE;
  gboolean add_dot_0 = (flags & DTSF_ADD_DOT_0) != 0;
  gboolean alt = (flags & DTSF_ALT) != 0;
  const char *digits = d->digits->str;

  switch (code)
    {
    case 'e':
      use_exp = TRUE;
      vdigits_end = precision;
      break;
    case 'f':
      vdigits_end = decpt + precision;
      break;
    case 'g':
      if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision))
        use_exp = TRUE;
      if (alt)
        vdigits_end = precision;
      break;
    case 'r':
      /* exponent form from 1e16 */
      if (decpt <= -4 || decpt > 16)
        use_exp = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  if (use_exp)
    {
      exp = decpt - 1;
      decpt = 1;
    }
  vdigits_start = decpt <= 0 ? decpt - 1 : 0;
  if (!use_exp && add_dot_0)
    vdigits_end = MAX (vdigits_end, decpt + 1);
  else
    vdigits_end = MAX (vdigits_end, decpt);

  if (decpt <= 0)
    {
      append_repeat (out, '0', decpt - vdigits_start);
      g_string_append_c (out, '.');
      append_repeat (out, '0', -decpt);
    }
  else
    append_repeat (out, '0', -vdigits_start);

  if (0 < decpt && decpt <= digits_len)
    {
      g_string_append_len (out, digits, (gssize) decpt);
      g_string_append_c (out, '.');
      g_string_append_len (out, digits + decpt, (gssize) (digits_len - decpt));
    }
  else
    g_string_append_len (out, digits, (gssize) digits_len);

  if (digits_len < decpt)
    {
      append_repeat (out, '0', decpt - digits_len);
      g_string_append_c (out, '.');
      append_repeat (out, '0', vdigits_end - decpt);
    }
  else
    append_repeat (out, '0', vdigits_end - digits_len);

  if (out->str[out->len - 1] == '.' && !alt)
    g_string_truncate (out, out->len - 1);

  if (use_exp)
    g_string_append_printf (out, "%c%c%02" G_GINT64_MODIFIER "d", e_char,
                            exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

/* code is one of e E f F g G r; 'r' is repr (precision unused). */
static void
double_to_string (GString *out,
                  double   x,
                  char     code,
                  gint64   precision,
                  guint    flags)
{
  gboolean upper = g_ascii_isupper (code);
  char lower = g_ascii_tolower (code);
  g_autoptr(GString) digits = NULL;
  Digits d;
  gboolean negative = signbit (x) != 0;

  if (isnan (x))
    {
      /* CPython never shows the sign of a nan */
      g_string_append (out, upper ? "NAN" : "nan");
      return;
    }
  if (isinf (x))
    {
      if (negative)
        g_string_append_c (out, '-');
      g_string_append (out, upper ? "INF" : "inf");
      return;
    }

  digits = g_string_new (NULL);
  d.digits = digits;
  d.decpt = 0;
  switch (lower)
    {
    case 'e':
      precision++;
      digits_significant (&d, fabs (x), precision);
      break;
    case 'f':
      digits_fixed (&d, fabs (x), precision);
      break;
    case 'g':
      if (precision == 0)
        precision = 1;
      digits_significant (&d, fabs (x), precision);
      break;
    case 'r':
      digits_shortest (&d, fabs (x));
      break;
    default:
      g_assert_not_reached ();
    }

  /* 'z': a value that rounds to zero loses its minus sign */
  if ((flags & DTSF_NO_NEG_0) && strcmp (digits->str, "0") == 0)
    negative = FALSE;
  if (negative)
    g_string_append_c (out, '-');
  layout_digits (out, &d, lower, precision, flags, upper ? 'E' : 'e');
}

void
ls_float_repr (GString *out,
               double   x)
{
  double_to_string (out, x, 'r', 0, DTSF_ADD_DOT_0);
}

/* ------------------------------------------------------------------------ */
/* Format-spec parsing                                                       */
/* ------------------------------------------------------------------------ */

static gunichar *
decode_utf8 (const char *text,
             gsize       len,
             gsize      *n_out)
{
  gunichar *chars = g_new (gunichar, len + 1);
  const char *p = text;
  const char *end = text + len;
  gsize n = 0;

  while (p < end)
    {
      gunichar c = (guchar) *p;

      if (c < 0x80)
        p++;
      else
        {
          c = g_utf8_get_char_validated (p, end - p);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              /* not UTF-8: keep the byte so it fails as an unknown char */
              c = (guchar) *p;
              p++;
            }
          else
            p = g_utf8_next_char (p);
        }
      chars[n++] = c;
    }
  *n_out = n;
  return chars;
}

static gboolean
is_alignment_token (gunichar c)
{
  return c == '<' || c == '>' || c == '=' || c == '^';
}

static gboolean
is_sign_element (gunichar c)
{
  return c == ' ' || c == '+' || c == '-';
}

/* CPython's get_integer(): any Unicode decimal digits.  Returns the count
 * of digits read, or -1 on overflow of Py_ssize_t. */
static gint64
get_integer (const gunichar *chars,
             gsize           n,
             gsize          *pos,
             gint64         *result)
{
  gint64 acc = 0;
  gint64 count = 0;

  for (; *pos < n; (*pos)++, count++)
    {
      gint digit = g_unichar_digit_value (chars[*pos]);

      if (digit < 0)
        break;
      if (acc > (G_MAXINT64 - digit) / 10)
        return -1;
      acc = acc * 10 + digit;
    }
  *result = acc;
  return count;
}

/* Quotes a type code the way CPython's messages do. */
static char *
type_code_text (gunichar type)
{
  if (type > 32 && type < 128)
    return g_strdup_printf ("%c", (char) type);
  return g_strdup_printf ("\\x%x", type);
}

static char *
separator_type_message (char     separator,
                        gunichar type)
{
  g_autofree char *code = type_code_text (type);
  return g_strdup_printf ("Cannot specify '%c' with '%s'.", separator, code);
}

/* CPython checks the separator against the type while parsing, where an
 * absent type is already the object's default ('d', '\0' or 's'); callers
 * pass TYPE_ABSENT for "allowed". */
static gboolean
check_grouping (const LsFormatSpec *spec,
                gunichar            type,
                char              **error_message)
{
  if (spec->grouping == 0 || type == TYPE_ABSENT)
    return TRUE;
  switch (type)
    {
    case 'd': case 'e': case 'f': case 'g': case 'E': case 'G':
    case '%': case 'F': case '\0':
      return TRUE;
    case 'b': case 'o': case 'x': case 'X':
      if (spec->grouping == '_')
        return TRUE;
      break;
    default:
      break;
    }
  *error_message = separator_type_message (spec->grouping, type);
  return FALSE;
}

static void
spec_init (LsFormatSpec *out)
{
  memset (out, 0, sizeof *out);
  out->fill = ' ';
  out->width = -1;
  out->precision = -1;
  out->type_code = TYPE_ABSENT;
}

/* [[fill]align][sign][z][#][0][width][grouping_option][.precision][type] */
static gboolean
parse_spec_chars (const gunichar *c,
                  gsize           n,
                  LsFormatSpec   *out,
                  gboolean       *trailing_garbage,
                  char          **error_message)
{
  gsize pos = 0;
  gboolean fill_given = FALSE;
  gint64 consumed;

  spec_init (out);
  *trailing_garbage = FALSE;

  if (n - pos >= 2 && is_alignment_token (c[pos + 1]))
    {
      out->align = (char) c[pos + 1];
      out->fill = c[pos];
      fill_given = TRUE;
      pos += 2;
    }
  else if (n - pos >= 1 && is_alignment_token (c[pos]))
    out->align = (char) c[pos++];

  if (n - pos >= 1 && is_sign_element (c[pos]))
    out->sign = (char) c[pos++];
  if (n - pos >= 1 && c[pos] == 'z')
    {
      out->no_neg_0 = TRUE;
      pos++;
    }
  if (n - pos >= 1 && c[pos] == '#')
    {
      out->alternate = TRUE;
      pos++;
    }
  /* backwards-compatible zero padding: only without an explicit fill */
  if (!fill_given && n - pos >= 1 && c[pos] == '0')
    {
      out->fill = '0';
      out->zero_pad = TRUE;
      pos++;
    }

  consumed = get_integer (c, n, &pos, &out->width);
  if (consumed < 0)
    {
      *error_message = g_strdup ("Too many decimal digits in format string");
      return FALSE;
    }
  if (consumed == 0)
    out->width = -1;

  if (n - pos >= 1 && c[pos] == ',')
    {
      out->grouping = ',';
      pos++;
    }
  if (n - pos >= 1 && c[pos] == '_')
    {
      if (out->grouping != 0)
        {
          *error_message = g_strdup ("Cannot specify both ',' and '_'.");
          return FALSE;
        }
      out->grouping = '_';
      pos++;
    }
  if (n - pos >= 1 && c[pos] == ',' && out->grouping == '_')
    {
      *error_message = g_strdup ("Cannot specify both ',' and '_'.");
      return FALSE;
    }

  if (n - pos >= 1 && c[pos] == '.')
    {
      pos++;
      consumed = get_integer (c, n, &pos, &out->precision);
      if (consumed < 0)
        {
          *error_message = g_strdup ("Too many decimal digits in format string");
          return FALSE;
        }
      if (consumed == 0)
        {
          *error_message = g_strdup ("Format specifier missing precision");
          return FALSE;
        }
    }

  if (n - pos > 1)
    {
      *trailing_garbage = TRUE;
      return FALSE;
    }
  if (n - pos == 1)
    {
      out->type_code = c[pos];
      out->type = c[pos] < 0x80 ? (char) c[pos] : LS_FORMAT_TYPE_WIDE;
    }

  return check_grouping (out, out->type_code, error_message);
}

gboolean
ls_format_spec_parse_for_type (const char   *spec,
                               gsize         len,
                               const char   *type_name,
                               LsFormatSpec *out,
                               char        **error_message)
{
  gsize n;
  g_autofree gunichar *chars = decode_utf8 (spec, len, &n);
  gboolean trailing_garbage;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error_message != NULL, FALSE);

  *error_message = NULL;
  if (parse_spec_chars (chars, n, out, &trailing_garbage, error_message))
    return TRUE;
  if (trailing_garbage)
    {
      GString *msg = g_string_new ("Invalid format specifier '");
      g_string_append_len (msg, spec, (gssize) len);
      g_string_append_printf (msg, "' for object of type '%s'", type_name);
      *error_message = g_string_free (msg, FALSE);
    }
  return FALSE;
}

gboolean
ls_format_spec_parse (const char   *spec,
                      gsize         len,
                      LsFormatSpec *out,
                      char        **error_message)
{
  return ls_format_spec_parse_for_type (spec, len, "object", out, error_message);
}

/* ------------------------------------------------------------------------ */
/* Number fields: calc_number_widths + fill_number                           */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gunichar fill;
  char     align;      /* resolved: never 0 */
  char     sign;       /* the spec's sign option */
  gint64   width;
  int      group;      /* digits per group, 0 for none */
  char     separator;
} FieldLayout;

/* A formatted number split the way fill_number() writes it. */
typedef struct
{
  gboolean    negative;
  const char *prefix;        /* "0x" etc. */
  const char *digits;        /* integer digits, grouped and zero-padded */
  gsize       n_digits;
  gboolean    has_decimal;
  const char *remainder;     /* fraction, exponent, '%', "inf", a 'c' char */
  gsize       remainder_bytes;
  gint64      remainder_chars;
} NumberParts;

static void
layout_from_spec (FieldLayout        *layout,
                  const LsFormatSpec *spec,
                  gunichar            type)
{
  layout->fill = spec->fill;
  /* the '0' option means '=' alignment for numbers unless one was given */
  layout->align = spec->align != 0 ? spec->align : (spec->zero_pad ? '=' : '>');
  layout->sign = spec->sign;
  layout->width = spec->width;
  layout->separator = spec->grouping;
  if (spec->grouping == 0 || type == 'n')
    layout->group = 0;
  else if (type == 'b' || type == 'o' || type == 'x' || type == 'X')
    layout->group = 4;
  else
    layout->group = 3;
}

static void
append_fill (GString  *out,
             gunichar  fill,
             gint64    n)
{
  char buf[8];
  gint len = g_unichar_to_utf8 (fill, buf);

  for (; n > 0; n--)
    g_string_append_len (out, buf, len);
}

/* _PyUnicode_InsertThousandsGrouping: groups from the right and, when
 * zero-padding with '=', keeps inserting "0" groups until min_width. */
static void
append_grouped_digits (GString    *out,
                       const char *digits,
                       gint64      n_digits,
                       gint64      min_width,
                       int         group,
                       char        separator)
{
  g_autoptr(GString) rev = g_string_new (NULL);
  gint64 remaining = n_digits;
  gint64 digits_pos = n_digits;
  gint64 sep_len = group > 0 ? 1 : 0;
  gboolean use_separator = FALSE;
  gboolean done = FALSE;

  min_width = MAX (0, min_width);
  while (!done)
    {
      gint64 len = MAX (MAX (remaining, min_width), 1);
      gint64 n_zeros;
      gint64 n_chars;
      gint64 i;

      /* without grouping the last (only) chunk takes everything */
      if (group > 0)
        len = MIN (group, len);
      n_zeros = MAX (0, len - remaining);
      n_chars = MAX (0, MIN (remaining, len));

      if (use_separator)
        g_string_append_c (rev, separator);
      for (i = 0; i < n_chars; i++)
        g_string_append_c (rev, digits[--digits_pos]);
      append_repeat (rev, '0', n_zeros);

      use_separator = TRUE;
      remaining -= n_chars;
      min_width -= len;
      if (group == 0 || (remaining <= 0 && min_width <= 0))
        done = TRUE;
      min_width -= sep_len;
    }
  g_strreverse (rev->str);
  g_string_append_len (out, rev->str, (gssize) rev->len);
}

static void
append_number_field (GString           *out,
                     const NumberParts *parts,
                     const FieldLayout *layout)
{
  char sign = 0;
  gint64 n_prefix = parts->prefix ? (gint64) strlen (parts->prefix) : 0;
  gint64 n_non_digit;
  gint64 min_width = 0;
  gint64 n_padding;
  gint64 lpad = 0, spad = 0, rpad = 0;
  g_autoptr(GString) grouped = g_string_new (NULL);

  if (layout->sign == '+')
    sign = parts->negative ? '-' : '+';
  else if (layout->sign == ' ')
    sign = parts->negative ? '-' : ' ';
  else if (parts->negative)
    sign = '-';

  n_non_digit = (sign ? 1 : 0) + n_prefix + (parts->has_decimal ? 1 : 0)
                + parts->remainder_chars;
  if (layout->fill == '0' && layout->align == '=')
    min_width = layout->width - n_non_digit;
  /* no digits only happens for 'c' and inf/nan, which never get grouped */
  if (parts->n_digits > 0)
    append_grouped_digits (grouped, parts->digits, (gint64) parts->n_digits,
                           min_width, layout->group, layout->separator);

  n_padding = layout->width - (n_non_digit + (gint64) grouped->len);
  if (n_padding > 0)
    {
      switch (layout->align)
        {
        case '<': rpad = n_padding; break;
        case '^': lpad = n_padding / 2; rpad = n_padding - lpad; break;
        case '=': spad = n_padding; break;
        default:  lpad = n_padding; break;
        }
    }

  append_fill (out, layout->fill, lpad);
  if (sign)
    g_string_append_c (out, sign);
  if (parts->prefix)
    g_string_append (out, parts->prefix);
  append_fill (out, layout->fill, spad);
  g_string_append_len (out, grouped->str, (gssize) grouped->len);
  if (parts->has_decimal)
    g_string_append_c (out, '.');
  g_string_append_len (out, parts->remainder, (gssize) parts->remainder_bytes);
  append_fill (out, layout->fill, rpad);
}

/* ------------------------------------------------------------------------ */
/* format() for int, float, str                                              */
/* ------------------------------------------------------------------------ */

static char *
unknown_type_message (gunichar    type,
                      const char *type_name)
{
  g_autofree char *code = type_code_text (type);
  return g_strdup_printf ("Unknown format code '%s' for object of type '%s'",
                          code, type_name);
}

static void
append_magnitude (GString *out,
                  guint64  mag,
                  guint    base,
                  gboolean upper)
{
  const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char buf[65];
  int i = (int) sizeof buf;

  do
    {
      buf[--i] = alphabet[mag % base];
      mag /= base;
    }
  while (mag != 0);
  g_string_append_len (out, buf + i, (gssize) sizeof buf - i);
}

static guint64
magnitude_of (gint64 v)
{
  /* -G_MININT64 overflows; unsigned negation does not */
  return v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;
}

gboolean
ls_format_int_is_char_overflow (gint64              value,
                                const LsFormatSpec *spec)
{
  /* the checks format_integer() and format_char() make before the range */
  return spec->type_code == 'c' && spec->precision == -1 && !spec->no_neg_0
         && spec->sign == 0 && !spec->alternate && (value < 0 || value > 0x10ffff);
}

static gboolean
format_char (GString            *out,
             gint64              value,
             const LsFormatSpec *spec,
             char              **error_message)
{
  FieldLayout layout;
  NumberParts parts = { 0 };
  char buf[8];

  if (spec->sign != 0)
    {
      *error_message = g_strdup ("Sign not allowed with integer format specifier 'c'");
      return FALSE;
    }
  if (spec->alternate)
    {
      *error_message = g_strdup ("Alternate form (#) not allowed with integer format specifier 'c'");
      return FALSE;
    }
  if (value < 0 || value > 0x10ffff)
    {
      /* an OverflowError in CPython */
      *error_message = g_strdup ("%c arg not in range(0x110000)");
      return FALSE;
    }

  /* the character is a "remainder": padded around, never grouped */
  parts.remainder = buf;
  parts.remainder_bytes = (gsize) g_unichar_to_utf8 ((gunichar) value, buf);
  parts.remainder_chars = 1;
  layout_from_spec (&layout, spec, 'c');
  append_number_field (out, &parts, &layout);
  return TRUE;
}

static gboolean
format_integer (GString            *out,
                gint64              value,
                const LsFormatSpec *spec,
                gunichar            type,
                char              **error_message)
{
  FieldLayout layout;
  NumberParts parts = { 0 };
  g_autoptr(GString) digits = g_string_new (NULL);
  guint base = 10;

  if (spec->precision != -1)
    {
      *error_message = g_strdup ("Precision not allowed in integer format specifier");
      return FALSE;
    }
  if (spec->no_neg_0)
    {
      *error_message = g_strdup ("Negative zero coercion (z) not allowed in integer format specifier");
      return FALSE;
    }
  if (type == 'c')
    return format_char (out, value, spec, error_message);

  switch (type)
    {
    case 'b': base = 2; parts.prefix = "0b"; break;
    case 'o': base = 8; parts.prefix = "0o"; break;
    case 'x': base = 16; parts.prefix = "0x"; break;
    case 'X': base = 16; parts.prefix = "0X"; break;
    default: break;
    }
  if (!spec->alternate)
    parts.prefix = NULL;

  append_magnitude (digits, magnitude_of (value), base, type == 'X');
  parts.negative = value < 0;
  parts.digits = digits->str;
  parts.n_digits = digits->len;
  parts.remainder = "";
  layout_from_spec (&layout, spec, type);
  append_number_field (out, &parts, &layout);
  return TRUE;
}

gboolean
ls_format_int (GString            *out,
               gint64              value,
               const LsFormatSpec *spec,
               char              **error_message)
{
  gunichar type = spec->type_code == TYPE_ABSENT ? 'd' : spec->type_code;

  g_return_val_if_fail (error_message != NULL, FALSE);
  *error_message = NULL;

  switch (type)
    {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      return format_integer (out, value, spec, type, error_message);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      /* CPython converts with float(int), rounding half-even like the cast */
      return ls_format_float (out, (double) value, spec, error_message);
    default:
      *error_message = unknown_type_message (type, "int");
      return FALSE;
    }
}

/* parse_number(): the integer digits, then a '.', then everything else. */
static void
split_float_text (NumberParts *parts,
                  const char  *text,
                  gsize        len)
{
  gsize i = 0;

  parts->negative = len > 0 && text[0] == '-';
  if (parts->negative)
    i++;
  parts->digits = text + i;
  while (i < len && g_ascii_isdigit (text[i]))
    i++;
  parts->n_digits = (gsize) (text + i - parts->digits);
  parts->has_decimal = i < len && text[i] == '.';
  if (parts->has_decimal)
    i++;
  parts->remainder = text + i;
  parts->remainder_bytes = len - i;
  parts->remainder_chars = (gint64) (len - i);
}

gboolean
ls_format_float (GString            *out,
                 double              value,
                 const LsFormatSpec *spec,
                 char              **error_message)
{
  gunichar type = spec->type_code == TYPE_ABSENT ? 0 : spec->type_code;
  char code;
  gint64 precision = spec->precision;
  gint64 default_precision = 6;
  guint flags = 0;
  gboolean add_pct = FALSE;
  g_autoptr(GString) text = g_string_new (NULL);
  FieldLayout layout;
  NumberParts parts = { 0 };

  g_return_val_if_fail (error_message != NULL, FALSE);
  *error_message = NULL;

  switch (type)
    {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
    case 'n': case '%':
      break;
    default:
      *error_message = unknown_type_message (type, "float");
      return FALSE;
    }
  if (precision > G_MAXINT)
    {
      *error_message = g_strdup ("precision too big");
      return FALSE;
    }

  if (spec->alternate)
    flags |= DTSF_ALT;
  if (spec->no_neg_0)
    flags |= DTSF_NO_NEG_0;
  code = (char) type;
  if (type == 0)
    {
      /* repr, or 'g' keeping a ".0" when a precision is given */
      flags |= DTSF_ADD_DOT_0;
      code = 'r';
      default_precision = 0;
    }
  else if (type == 'n')
    code = 'g';   /* in the C locale 'n' is 'g' */
  else if (type == '%')
    {
      code = 'f';
      value *= 100;
      add_pct = TRUE;
    }

  if (precision < 0)
    precision = default_precision;
  else if (code == 'r')
    code = 'g';

  double_to_string (text, value, code, precision, flags);
  if (add_pct)
    g_string_append_c (text, '%');

  split_float_text (&parts, text->str, text->len);
  layout_from_spec (&layout, spec, type);
  append_number_field (out, &parts, &layout);
  return TRUE;
}

/* Code points in UTF-8 text that may hold NULs. */
static gint64
count_chars (const char *utf8,
             gsize       len)
{
  gint64 n = 0;
  gsize i;

  for (i = 0; i < len; i++)
    if (((guchar) utf8[i] & 0xc0) != 0x80)
      n++;
  return n;
}

/* Byte offset of code point number index. */
static gsize
char_offset (const char *utf8,
             gsize       len,
             gint64      index)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (((guchar) utf8[i] & 0xc0) != 0x80 && index-- == 0)
      return i;
  return len;
}

static gboolean
check_str_spec (const LsFormatSpec *spec,
                char              **error_message)
{
  const char *msg = NULL;

  if (spec->sign == ' ')
    msg = "Space not allowed in string format specifier";
  else if (spec->sign != 0)
    msg = "Sign not allowed in string format specifier";
  else if (spec->no_neg_0)
    msg = "Negative zero coercion (z) not allowed in string format specifier";
  else if (spec->alternate)
    msg = "Alternate form (#) not allowed in string format specifier";
  else if (spec->align == '=')
    msg = "'=' alignment not allowed in string format specifier";
  if (msg == NULL)
    return TRUE;
  *error_message = g_strdup (msg);
  return FALSE;
}

gboolean
ls_format_str (GString            *out,
               const char         *utf8,
               gsize               len,
               const LsFormatSpec *spec,
               char              **error_message)
{
  gunichar type = spec->type_code == TYPE_ABSENT ? 's' : spec->type_code;
  gint64 nchars;
  gint64 total;
  gint64 lpad;
  char align = spec->align != 0 ? spec->align : '<';

  g_return_val_if_fail (error_message != NULL, FALSE);
  *error_message = NULL;

  /* the parser checked separators against explicit types only */
  if (spec->type_code == TYPE_ABSENT && !check_grouping (spec, 's', error_message))
    return FALSE;
  if (type != 's')
    {
      *error_message = unknown_type_message (type, "str");
      return FALSE;
    }
  if (!check_str_spec (spec, error_message))
    return FALSE;

  nchars = count_chars (utf8, len);
  if (spec->precision >= 0 && nchars > spec->precision)
    {
      len = char_offset (utf8, len, spec->precision);
      nchars = spec->precision;
    }

  total = MAX (nchars, spec->width);
  if (align == '>')
    lpad = total - nchars;
  else if (align == '^')
    lpad = (total - nchars) / 2;
  else
    lpad = 0;

  append_fill (out, spec->fill, lpad);
  g_string_append_len (out, utf8, (gssize) len);
  append_fill (out, spec->fill, total - nchars - lpad);
  return TRUE;
}

gboolean
ls_format_int_with_spec (GString    *out,
                         gint64      value,
                         const char *spec,
                         gsize       spec_len,
                         char      **error_message)
{
  LsFormatSpec parsed;

  *error_message = NULL;
  if (spec_len == 0)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
      return TRUE;
    }
  return ls_format_spec_parse_for_type (spec, spec_len, "int", &parsed, error_message)
         && ls_format_int (out, value, &parsed, error_message);
}

gboolean
ls_format_float_with_spec (GString    *out,
                           double      value,
                           const char *spec,
                           gsize       spec_len,
                           char      **error_message)
{
  LsFormatSpec parsed;

  *error_message = NULL;
  if (spec_len == 0)
    {
      ls_float_repr (out, value);
      return TRUE;
    }
  return ls_format_spec_parse_for_type (spec, spec_len, "float", &parsed, error_message)
         && ls_format_float (out, value, &parsed, error_message);
}

gboolean
ls_format_str_with_spec (GString    *out,
                         const char *utf8,
                         gsize       len,
                         const char *spec,
                         gsize       spec_len,
                         char      **error_message)
{
  LsFormatSpec parsed;

  *error_message = NULL;
  if (spec_len == 0)
    {
      g_string_append_len (out, utf8, (gssize) len);
      return TRUE;
    }
  return ls_format_spec_parse_for_type (spec, spec_len, "str", &parsed, error_message)
         && ls_format_str (out, utf8, len, &parsed, error_message);
}

/* ------------------------------------------------------------------------ */
/* round()                                                                   */
/* ------------------------------------------------------------------------ */

double
ls_float_round_half_even (double x)
{
  double rounded = round (x);

  /* C's round() sends halves away from zero; Python's go to even */
  if (fabs (x - rounded) == 0.5)
    rounded = 2.0 * round (x / 2.0);
  return rounded;
}

/* Rounds the exact integer part of |x| to a multiple of 10^drop, ties to
 * even; frac_nonzero breaks a tie in the digits upwards. */
static char *
round_integer_text (double ax,
                    gint64 drop,
                    gboolean negative)
{
  double ip = trunc (ax);
  gboolean sticky = ax != ip;
  g_autofree char *int_text = printf_double (ip, 'f', 0);
  g_autoptr(GString) digits = g_string_new (NULL);
  gsize keep;
  gboolean up;
  const char *tail;
  gsize i;

  /* pad so there is always at least one kept digit */
  append_repeat (digits, '0', drop + 1 - (gint64) strlen (int_text));
  g_string_append (digits, int_text);
  keep = digits->len - (gsize) drop;
  tail = digits->str + keep;

  if (tail[0] > '5')
    up = TRUE;
  else if (tail[0] < '5')
    up = FALSE;
  else
    {
      gboolean above_half = sticky;
      for (i = 1; tail[i] != '\0'; i++)
        if (tail[i] != '0')
          above_half = TRUE;
      up = above_half || (digits->str[keep - 1] - '0') % 2 == 1;
    }
  g_string_truncate (digits, keep);
  if (up)
    decimal_step (digits, 1);
  return g_strdup_printf ("%s%se%" G_GINT64_FORMAT, negative ? "-" : "",
                          digits->str, drop);
}

double
ls_float_round_checked (double    x,
                        gint64    ndigits,
                        gboolean *overflow)
{
  /* beyond these x always rounds to itself / to zero (log10(2) < 0.30103) */
  const gint64 ndigits_max = (gint64) ((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
  const gint64 ndigits_min = -(gint64) ((DBL_MAX_EXP + 1) * 0.30103);
  g_autofree char *text = NULL;
  double rounded;

  *overflow = FALSE;
  if (!isfinite (x) || ndigits > ndigits_max)
    return x;
  if (ndigits < ndigits_min)
    return 0.0 * x;

  if (ndigits >= 0)
    {
      /* "%.*f" is dtoa mode 3: the decimal string CPython reads back */
      g_autofree char *fixed = printf_double (fabs (x), 'f', ndigits);
      text = g_strconcat (signbit (x) ? "-" : "", fixed, NULL);
    }
  else
    text = round_integer_text (fabs (x), -ndigits, signbit (x) != 0);

  rounded = g_ascii_strtod (text, NULL);
  if (isinf (rounded))
    *overflow = TRUE;
  return rounded;
}

double
ls_float_round (double x,
                gint64 ndigits)
{
  gboolean overflow;
  return ls_float_round_checked (x, ndigits, &overflow);
}

/* ------------------------------------------------------------------------ */
/* float() and int() from text                                               */
/* ------------------------------------------------------------------------ */

/* Py_UNICODE_ISSPACE beyond ASCII (Unicode 14, CPython 3.11). */
static gboolean
is_unicode_space (gunichar c)
{
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a)
         || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
         || c == 0x3000;
}

/* _PyUnicode_TransformDecimalAndSpaceToASCII: non-ASCII spaces become ' ',
 * decimal digits of any script become ASCII, anything else ends the text
 * with a '?' that no parser accepts. */
static GString *
transform_to_ascii (const char *text,
                    gsize       len)
{
  gsize n, i;
  g_autofree gunichar *chars = decode_utf8 (text, len, &n);
  GString *out = g_string_sized_new (n);

  for (i = 0; i < n; i++)
    {
      gunichar c = chars[i];

      if (c < 127)
        g_string_append_c (out, (char) c);
      else if (is_unicode_space (c))
        g_string_append_c (out, ' ');
      else if (g_unichar_digit_value (c) >= 0)
        g_string_append_c (out, (char) ('0' + g_unichar_digit_value (c)));
      else
        {
          g_string_append_c (out, '?');
          break;
        }
    }
  return out;
}

/* Py_ISSPACE: the ASCII whitespace CPython strips around numbers. */
static gboolean
is_py_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* _Py_string_to_number_with_underscores: an underscore must sit between
 * two digits; they are then dropped. */
static gboolean
remove_underscores (GString *s)
{
  char prev = 0;
  gsize i, j = 0;

  if (memchr (s->str, '_', s->len) == NULL)
    return TRUE;
  for (i = 0; i < s->len; i++)
    {
      char c = s->str[i];

      if (c == '_')
        {
          if (!g_ascii_isdigit (prev))
            return FALSE;
        }
      else
        {
          if (prev == '_' && !g_ascii_isdigit (c))
            return FALSE;
          s->str[j++] = c;
        }
      prev = c;
    }
  if (prev == '_')
    return FALSE;
  g_string_truncate (s, j);
  return TRUE;
}

static gboolean
match_inf_or_nan (const char *s,
                  gsize       len,
                  gboolean    negative,
                  double     *out)
{
  if ((len == 3 && g_ascii_strncasecmp (s, "inf", 3) == 0)
      || (len == 8 && g_ascii_strncasecmp (s, "infinity", 8) == 0))
    {
      *out = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if (len == 3 && g_ascii_strncasecmp (s, "nan", 3) == 0)
    {
      *out = copysign (NAN, negative ? -1.0 : 1.0);
      return TRUE;
    }
  return FALSE;
}

static gsize
skip_digits (const char *s,
             gsize       i,
             gsize       len)
{
  while (i < len && g_ascii_isdigit (s[i]))
    i++;
  return i;
}

/* Gay's strtod grammar, which must cover the whole text:
 *   [sign] (digits [. digits*] | . digits) [(e|E) [sign] digits] */
static gboolean
is_decimal_literal (const char *s,
                    gsize       len)
{
  gsize i = 0, start;
  gsize mantissa_digits;

  if (i < len && (s[i] == '+' || s[i] == '-'))
    i++;
  start = i;
  i = skip_digits (s, i, len);
  mantissa_digits = i - start;
  if (i < len && s[i] == '.')
    {
      gsize frac = ++i;
      i = skip_digits (s, i, len);
      mantissa_digits += i - frac;
    }
  if (mantissa_digits == 0)
    return FALSE;
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      gsize exp_start;
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      exp_start = i;
      i = skip_digits (s, i, len);
      if (i == exp_start)
        return FALSE;
    }
  return i == len;
}

gboolean
ls_float_parse (const char *text,
                gsize       len,
                double     *out)
{
  g_autoptr(GString) s = transform_to_ascii (text, len);
  g_autofree char *literal = NULL;
  const char *p;
  gsize n;
  gsize n_sign;

  /* an embedded NUL stops CPython's parser short of the end */
  if (memchr (s->str, '\0', s->len) != NULL || !remove_underscores (s))
    return FALSE;

  p = s->str;
  n = s->len;
  while (n > 0 && is_py_space (*p))
    p++, n--;
  while (n > 0 && is_py_space (p[n - 1]))
    n--;
  if (n == 0)
    return FALSE;

  n_sign = (*p == '-' || *p == '+') ? 1 : 0;
  if (match_inf_or_nan (p + n_sign, n - n_sign, *p == '-', out))
    return TRUE;
  if (!is_decimal_literal (p, n))
    return FALSE;

  /* glibc's strtod is correctly rounded; overflow gives inf as in CPython */
  literal = g_strndup (p, n);
  *out = g_ascii_strtod (literal, NULL);
  return TRUE;
}

static int
digit_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return 37;
}

static char
char_at (const GString *s,
         gsize          i)
{
  return i < s->len ? s->str[i] : '\0';
}

/* PyLong_FromString's prefix rules; returns the base to use. */
static int
detect_base (const GString *s,
             gsize          i,
             int            base,
             gboolean      *error_if_nonzero)
{
  char c1 = g_ascii_tolower (char_at (s, i + 1));

  *error_if_nonzero = FALSE;
  if (base != 0)
    return base;
  if (char_at (s, i) != '0')
    return 10;
  if (c1 == 'x')
    return 16;
  if (c1 == 'o')
    return 8;
  if (c1 == 'b')
    return 2;
  /* old C-style octal such as "017": only zero is still valid */
  *error_if_nonzero = TRUE;
  return 10;
}

gboolean
ls_int_parse (const char *text,
              gsize       len,
              int         base,
              gint64     *out,
              gboolean   *overflow)
{
  g_autoptr(GString) s = transform_to_ascii (text, len);
  gsize i = 0, start;
  gboolean negative = FALSE;
  gboolean error_if_nonzero;
  gboolean too_big = FALSE;
  guint64 mag = 0;
  guint64 limit;
  gint64 ndigits = 0;
  char prev = 0;
  char c1;

  *out = 0;
  *overflow = FALSE;
  if ((base != 0 && base < 2) || base > 36)
    return FALSE;

  while (i < s->len && is_py_space (s->str[i]))
    i++;
  if (char_at (s, i) == '+' || char_at (s, i) == '-')
    negative = s->str[i++] == '-';

  base = detect_base (s, i, base, &error_if_nonzero);
  c1 = g_ascii_tolower (char_at (s, i + 1));
  if (char_at (s, i) == '0'
      && ((base == 16 && c1 == 'x') || (base == 8 && c1 == 'o') || (base == 2 && c1 == 'b')))
    {
      i += 2;
      /* one underscore may follow the prefix */
      if (char_at (s, i) == '_')
        i++;
    }
  if (char_at (s, i) == '_')
    return FALSE;

  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  start = i;
  for (; i < s->len && (digit_value (s->str[i]) < base || s->str[i] == '_'); i++)
    {
      char c = s->str[i];

      if (c == '_')
        {
          if (prev == '_')
            return FALSE;
        }
      else
        {
          guint64 d = (guint64) digit_value (c);

          ndigits++;
          if (too_big || mag > (limit - d) / (guint64) base)
            too_big = TRUE;
          else
            mag = mag * (guint64) base + d;
        }
      prev = c;
    }
  if (prev == '_' || i == start)
    return FALSE;
  /* CPython limits non-binary bases to 4300 digits (a ValueError) */
  if ((base & (base - 1)) != 0 && ndigits > MAX_STR_DIGITS)
    return FALSE;
  if (error_if_nonzero && (mag != 0 || too_big))
    return FALSE;

  while (i < s->len && is_py_space (s->str[i]))
    i++;
  if (i != s->len)
    return FALSE;

  if (too_big)
    *overflow = TRUE;
  else
    *out = negative ? (gint64) ((guint64) 0 - mag) : (gint64) mag;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* printf-style % formatting                                                 */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean ljust;
  gboolean sign;
  gboolean blank;
  gboolean alt;
  gboolean zero;
} PercentFlags;

static PercentFlags
percent_flags (const char *flags)
{
  PercentFlags f = { 0 };

  for (; flags != NULL && *flags != '\0'; flags++)
    {
      switch (*flags)
        {
        case '-': f.ljust = TRUE; break;
        case '+': f.sign = TRUE; break;
        case ' ': f.blank = TRUE; break;
        case '#': f.alt = TRUE; break;
        case '0': f.zero = TRUE; break;
        default: break;
        }
    }
  return f;
}

static gboolean
has_radix_prefix (char conv)
{
  return conv == 'x' || conv == 'X' || conv == 'o';
}

/* unicode_format_arg_output() for a number: sign and "0x" go before
 * zero padding, after space padding. */
static void
percent_output (GString           *out,
                const char        *str,
                const PercentFlags *f,
                gint64             width,
                char               conv)
{
  char fill = f->zero ? '0' : ' ';
  gint64 len = (gint64) strlen (str);
  gint64 pindex = 0;
  char signchar = 0;
  gboolean sign = TRUE;
  gboolean prefix = f->alt && has_radix_prefix (conv);

  if (str[0] == '-' || str[0] == '+')
    {
      signchar = str[0];
      len--;
      pindex++;
    }
  else if (f->sign)
    signchar = '+';
  else if (f->blank)
    signchar = ' ';
  else
    sign = FALSE;
  if (width < len)
    width = len;

  if (sign)
    {
      if (fill != ' ')
        g_string_append_c (out, signchar);
      if (width > len)
        width--;
    }
  if (prefix)
    {
      if (fill != ' ')
        {
          g_string_append_len (out, str + pindex, 2);
          pindex += 2;
        }
      width = MAX (0, width - 2);
      len -= 2;
    }
  if (width > len && !f->ljust)
    {
      append_repeat (out, fill, width - len);
      width = len;
    }
  if (fill == ' ')
    {
      if (sign)
        g_string_append_c (out, signchar);
      if (prefix)
        {
          g_string_append_len (out, str + pindex, 2);
          pindex += 2;
        }
    }
  g_string_append_len (out, str + pindex, (gssize) len);
  if (width > len)
    append_repeat (out, ' ', width - len);
}

/* _PyUnicode_FormatLong: "[-][0x]digits", prefix only with '#', digits
 * zero-filled to the precision. */
static void
percent_long_text (GString    *body,
                   gboolean    negative,
                   const char *magnitude,
                   char        conv,
                   gboolean    alt,
                   gint64      precision)
{
  gint64 numdigits = (gint64) strlen (magnitude);
  gsize i;

  if (negative)
    g_string_append_c (body, '-');
  if (alt && has_radix_prefix (conv))
    {
      g_string_append_c (body, '0');
      g_string_append_c (body, conv == 'o' ? 'o' : 'x');
    }
  append_repeat (body, '0', precision - numdigits);
  g_string_append (body, magnitude);
  if (conv == 'X')
    for (i = 0; i < body->len; i++)
      body->str[i] = g_ascii_toupper (body->str[i]);
}

void
ls_percent_format_int (GString    *out,
                       gint64      v,
                       const char *flags,
                       gint64      width,
                       gint64      precision,
                       char        conv)
{
  PercentFlags f = percent_flags (flags);
  g_autoptr(GString) mag = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  guint base = 10;

  switch (conv)
    {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      ls_percent_format_float (out, (double) v, flags, width, precision, conv);
      return;
    case 'o': base = 8; break;
    case 'x': case 'X': base = 16; break;
    default: break;
    }
  append_magnitude (mag, magnitude_of (v), base, FALSE);
  percent_long_text (body, v < 0, mag->str, conv, f.alt, precision);
  percent_output (out, body->str, &f, width, conv);
}

void
ls_percent_format_float (GString    *out,
                         double      v,
                         const char *flags,
                         gint64      width,
                         gint64      precision,
                         char        conv)
{
  PercentFlags f = percent_flags (flags);
  g_autoptr(GString) body = g_string_new (NULL);

  switch (conv)
    {
    case 'd': case 'i': case 'u':
      {
        /* int(v): the exact integer part, however large */
        g_autofree char *mag = NULL;

        g_return_if_fail (isfinite (v));
        mag = printf_double (trunc (fabs (v)), 'f', 0);
        percent_long_text (body, v <= -1.0, mag, conv, f.alt, precision);
        break;
      }
    case 'o': case 'x': case 'X':
      /* CPython raises TypeError here; keep something sensible anyway */
      g_return_if_fail (isfinite (v) && fabs (v) < 9.2e18);
      ls_percent_format_int (out, (gint64) trunc (v), flags, width, precision, conv);
      return;
    default:
      double_to_string (body, v, conv, precision < 0 ? 6 : precision,
                        f.alt ? DTSF_ALT : 0);
      break;
    }
  percent_output (out, body->str, &f, width, conv);
}
