/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-number-format: CPython 3.11's number <-> text conversions, bit for bit.
 *
 * Everything here is pure (no globals, no locale): '.' is always the decimal
 * point, whatever LC_NUMERIC says.  Error messages are CPython's exception
 * text, owned by the caller (g_free).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* repr(x) == str(x) for a Python float: shortest round-trip digits; exponent
 * form iff exp10 < -4 or >= 16 (0.1, 1.0, 1e+16, 1.5e-07, inf, -0.0, nan). */
void     ls_float_repr (GString *out,
                        double   x);

/* Parsed format-spec mini-language:
 *   [[fill]align][sign][z][#][0][width][grouping_option][.precision][type]
 * width/precision are -1 when absent; align/sign/grouping/type 0 when absent.
 * fill is the fill CPython will use: the one given, else '0' when the '0'
 * option is present, else ' '.  type_code is the type as a code point,
 * (gunichar) -1 when absent; a non-ASCII type leaves type = LS_FORMAT_TYPE_WIDE
 * (only error messages need it: no format accepts it). */
#define LS_FORMAT_TYPE_WIDE ((char) 0x80)

typedef struct
{
  gunichar fill;
  char     align;
  char     sign;
  gboolean no_neg_0;     /* the 'z' option */
  gboolean alternate;
  gboolean zero_pad;
  gint64   width;
  char     grouping;
  gint64   precision;
  char     type;
  gunichar type_code;
} LsFormatSpec;

/* Parses the spec; the "Invalid format specifier" message names type_name
 * (CPython's Py_TYPE(obj)->tp_name), which ls_format_spec_parse leaves as
 * "object".  Prefer the ls_format_*_with_spec helpers, which pick it. */
gboolean ls_format_spec_parse          (const char   *spec,
                                        gsize         len,
                                        LsFormatSpec *out,
                                        char        **error_message);
gboolean ls_format_spec_parse_for_type (const char   *spec,
                                        gsize         len,
                                        const char   *type_name,
                                        LsFormatSpec *out,
                                        char        **error_message);

/* format(x, spec) for int / float / str.  On failure FALSE with
 * *error_message = CPython's ValueError text.  One exception: format(n, 'c')
 * with n outside range(0x110000) is an OverflowError in CPython; check with
 * ls_format_int_is_char_overflow() before raising. */
gboolean ls_format_int   (GString            *out,
                          gint64              value,
                          const LsFormatSpec *spec,
                          char              **error_message);
gboolean ls_format_float (GString            *out,
                          double              value,
                          const LsFormatSpec *spec,
                          char              **error_message);
/* Widths and precision count Unicode code points of the UTF-8 text. */
gboolean ls_format_str   (GString            *out,
                          const char         *utf8,
                          gsize               len,
                          const LsFormatSpec *spec,
                          char              **error_message);

gboolean ls_format_int_is_char_overflow (gint64              value,
                                         const LsFormatSpec *spec);

/* format(x, spec) from the spec text: parse (naming the right type in
 * errors) and format; an empty spec is str(x) as in CPython. */
gboolean ls_format_int_with_spec   (GString    *out,
                                    gint64      value,
                                    const char *spec,
                                    gsize       spec_len,
                                    char      **error_message);
gboolean ls_format_float_with_spec (GString    *out,
                                    double      value,
                                    const char *spec,
                                    gsize       spec_len,
                                    char      **error_message);
gboolean ls_format_str_with_spec   (GString    *out,
                                    const char *utf8,
                                    gsize       len,
                                    const char *spec,
                                    gsize       spec_len,
                                    char      **error_message);

/* round(x, ndigits) exactly as CPython: correctly rounded through the
 * decimal string, half-even on the exact binary value (round(2.675, 2) ==
 * 2.67).  inf/nan round to themselves.  When the result overflows CPython
 * raises OverflowError("rounding result too large"); ls_float_round then
 * returns +-inf and ls_float_round_checked sets *overflow. */
double   ls_float_round         (double    x,
                                 gint64    ndigits);
double   ls_float_round_checked (double    x,
                                 gint64    ndigits,
                                 gboolean *overflow);
/* round(x) with no ndigits, before the conversion to int: nearest integral
 * value, ties to even (round(0.5) == 0, round(2.5) == 2). */
double   ls_float_round_half_even (double x);

/* float(text): accepts what CPython's float() accepts (surrounding
 * whitespace, underscores between digits, Unicode decimal digits,
 * inf/infinity/nan in any case, a sign); FALSE if not. */
gboolean ls_float_parse (const char *text,
                         gsize       len,
                         double     *out);

/* int(text, base), base 0 or 2..36 (the caller rejects other bases with
 * "int() arg 2 must be >= 2 and <= 36").  FALSE when the text is invalid
 * (ValueError).  A valid literal outside gint64 returns TRUE with *overflow
 * set and *out = 0 (the VM raises OverflowError). */
gboolean ls_int_parse (const char *text,
                       gsize       len,
                       int         base,
                       gint64     *out,
                       gboolean   *overflow);

/* printf-style %-formatting of one number, for Python's str % args.
 * conv is one of d i u o x X e E f F g G; flags any of "-+ #0"; width and
 * precision -1 when absent.  For ls_percent_format_float with d/i/u the
 * value is truncated like int(x); the caller must first raise CPython's
 * errors: TypeError for o/x/X with a float, OverflowError / ValueError for
 * an infinite / nan value with d/i/u. */
void ls_percent_format_int   (GString    *out,
                              gint64      v,
                              const char *flags,
                              gint64      width,
                              gint64      precision,
                              char        conv);
void ls_percent_format_float (GString    *out,
                              double      v,
                              const char *flags,
                              gint64      width,
                              gint64      precision,
                              char        conv);

G_END_DECLS
