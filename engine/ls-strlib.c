/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-strlib.c — the Python-visible behaviour of str: its methods, its
 * operators, str.format and %-formatting.  The core (allocation, hashing,
 * equality) is ls-str.c, as Lua splits lstring.c from lstrlib.c.
 *
 * Text is UTF-8 with a code point count; ASCII strings (the common case)
 * index bytes directly, others convert byte offsets to code points only
 * where Python's answer is a position.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-str.h"

#include "ls-auxlib.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-number-format.h"
#include "ls-ops.h"
#include "ls-slice.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* Methods check their receiver (str.upper(5) is legal Python that must
 * fail cleanly), then their arity; `qualified` is "str.upper". */
static gboolean
method_prologue (LsVM          *vm,
                 const char    *qualified,
                 const LsValue *args,
                 guint          n_args,
                 LsTuple       *kwnames,
                 guint          min,
                 guint          max)
{
  return ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", qualified + 4)
         && ls_aux_no_kwargs (vm, qualified, kwnames)
         && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define PROLOGUE(name, min, max) \
  if (!method_prologue (vm, "str." name, args, n_args, kwnames, min, max)) \
    return FALSE; \
  LsStr *self = (LsStr *) args[0].o

static LsValue
new_str (LsVM *vm, const char *utf8, gsize len)
{
  if (len == 0)
    return ls_obj (vm->empty_str);
  return ls_obj (ls_str_new (vm, utf8, len));
}

static LsValue
take_gstring (LsVM *vm, GString *s)
{
  return ls_obj (ls_str_take_gstring (vm, s));
}

/* One code point as a str; ASCII ones are interned, so iterating and
 * indexing text allocates nothing and equal characters are one object.
 * (NUL is left out: the intern table is keyed by C strings.) */
static LsValue
char_str (LsVM *vm, const char *utf8, gsize len)
{
  if (len == 1 && utf8[0] != '\0')
    return ls_obj (ls_str_intern (vm, utf8, 1));
  return new_str (vm, utf8, len);
}

static LsValue
take_cstr (LsVM *vm, char *utf8)
{
  LsValue v = new_str (vm, utf8, strlen (utf8));

  g_free (utf8);
  return v;
}

static gsize
char_to_byte (const LsStr *s, gint64 index)
{
  return s->ascii ? (gsize) index : ls_str_offset_of (s, (gsize) index);
}

static gint64
byte_to_char (const LsStr *s, gsize offset)
{
  return s->ascii ? (gint64) offset : (gint64) g_utf8_pointer_to_offset (s->data, s->data + offset);
}

/* A str argument, or CPython's "must be str, not int". */
static gboolean
str_arg (LsVM *vm, LsValue v, LsStr **out)
{
  *out = ls_value_str (v);
  if (*out == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "must be str, not %s", ls_type_name (vm, v));
  return TRUE;
}

/* Python's str.isspace() for one code point: ASCII whitespace plus the
 * information separators \x1c-\x1f, and Unicode's space separators. */
static gboolean
py_isspace (gunichar c)
{
  if (c < 128)
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
  return c == 0x85 || c == 0xa0 || g_unichar_isspace (c);
}

/* str.isprintable() for one code point: what repr() leaves unescaped. */
static gboolean
py_isprintable (gunichar c)
{
  if (c < 128)
    return c >= ' ' && c < 0x7f;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return FALSE;
    default:
      return TRUE;
    }
}

/* ---- repr ---------------------------------------------------------- */

static void
repr_escape (GString *out, gunichar c, gunichar quote)
{
  if (c == quote || c == '\\')
    g_string_append_printf (out, "\\%c", (char) c);
  else if (c == '\t')
    g_string_append (out, "\\t");
  else if (c == '\n')
    g_string_append (out, "\\n");
  else if (c == '\r')
    g_string_append (out, "\\r");
  else if (py_isprintable (c))
    g_string_append_unichar (out, c);
  else if (c <= 0xff)
    g_string_append_printf (out, "\\x%02x", c);
  else if (c <= 0xffff)
    g_string_append_printf (out, "\\u%04x", c);
  else
    g_string_append_printf (out, "\\U%08x", c);
}

/* CPython's unicode_repr: single quotes unless the text has ' and no ". */
static void
str_repr_append (const LsStr *s, GString *out)
{
  gboolean has_single = memchr (s->data, '\'', s->len) != NULL;
  gboolean has_double = memchr (s->data, '"', s->len) != NULL;
  gunichar quote = has_single && !has_double ? '"' : '\'';

  g_string_append_c (out, (char) quote);
  for (const char *p = s->data; p < s->data + s->len; p = g_utf8_next_char (p))
    repr_escape (out, g_utf8_get_char (p), quote);
  g_string_append_c (out, (char) quote);
}

NATIVE (str_repr)
{
  GString *out;

  PROLOGUE ("__repr__", 0, 0);
  out = g_string_sized_new (self->len + 2);
  str_repr_append (self, out);
  *result = take_gstring (vm, out);
  return TRUE;
}

NATIVE (str_str)
{
  PROLOGUE ("__str__", 0, 0);
  *result = ls_obj (self);
  return TRUE;
}

/* ---- construction ------------------------------------------------------ */

/* str() / str(object) */
NATIVE (str_new)
{
  LsStr *out;
  LsValue object;
  static const char *const names[] = { "object" };

  if (!ls_aux_check_new (vm, "str", args, n_args))
    return FALSE;
  object = n_args > 1 ? args[1] : LS_UNBOUND;
  if (!ls_aux_kwargs (vm, "str", args, n_args, kwnames, names, &object, 1))
    return FALSE;
  if (n_args > 2)
    {
      /* str(bytes, encoding): there are no bytes in the simulator. */
      if (!ls_is_kind (args[2], LS_KIND_STR))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "str() argument 'encoding' must be str, not %s",
                         ls_is_none (args[2]) ? "None" : ls_type_name (vm, args[2]));
      if (ls_is_kind (args[1], LS_KIND_STR))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "decoding str is not supported");
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "decoding to str: need a bytes-like object, %s found",
                       ls_type_name (vm, args[1]));
    }
  if (ls_is_unbound (object))
    {
      *result = ls_obj (vm->empty_str);
      return TRUE;
    }
  if (!ls_str (vm, object, &out))
    return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

/* ---- comparisons, hash, len ------------------------------------------ */

static gboolean
str_compare (LsVM          *vm,
             const LsValue *args,
             guint          n_args,
             LsCompareOp    op,
             LsValue       *result)
{
  LsStr *a, *b;
  int c;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", "__eq__")
      || !ls_aux_arity (vm, "str.__eq__", n_args - 1, 1, 1))
    return FALSE;
  a = (LsStr *) args[0].o;
  b = ls_value_str (args[1]);
  if (b == NULL)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  if (op == LS_CMP_EQ || op == LS_CMP_NOT_EQ)
    {
      *result = ls_bool (ls_str_equal (a, b) == (op == LS_CMP_EQ));
      return TRUE;
    }
  c = ls_str_compare (a, b);
  *result = ls_bool (op == LS_CMP_LT ? c < 0 : op == LS_CMP_LT_E ? c <= 0
                     : op == LS_CMP_GT ? c > 0 : c >= 0);
  return TRUE;
}

#define STR_COMPARE(fname, op) \
  NATIVE (fname) { (void) kwnames; return str_compare (vm, args, n_args, op, result); }

STR_COMPARE (str_eq, LS_CMP_EQ)
STR_COMPARE (str_ne, LS_CMP_NOT_EQ)
STR_COMPARE (str_lt, LS_CMP_LT)
STR_COMPARE (str_le, LS_CMP_LT_E)
STR_COMPARE (str_gt, LS_CMP_GT)
STR_COMPARE (str_ge, LS_CMP_GT_E)

NATIVE (str_hash)
{
  PROLOGUE ("__hash__", 0, 0);
  *result = ls_int (ls_str_hash (self));
  return TRUE;
}

NATIVE (str_len)
{
  PROLOGUE ("__len__", 0, 0);
  *result = ls_int ((gint64) self->n_chars);
  return TRUE;
}

/* Byte search within [start, end) of the haystack: UTF-8 needles can only
 * match at code point boundaries, so bytes are enough. */
static gboolean
find_bytes (const char *h, gsize start, gsize end, const char *n, gsize n_len, gsize *at)
{
  if (end < start || n_len > end - start)
    return FALSE;
  if (n_len == 0)
    {
      *at = start;
      return TRUE;
    }
  for (gsize i = start; i + n_len <= end; i++)
    {
      const char *p = memchr (h + i, n[0], end - n_len + 1 - i);

      if (p == NULL)
        return FALSE;
      i = (gsize) (p - h);
      if (memcmp (p, n, n_len) == 0)
        {
          *at = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
rfind_bytes (const char *h, gsize start, gsize end, const char *n, gsize n_len, gsize *at)
{
  if (end < start || n_len > end - start)
    return FALSE;
  for (gsize i = end - n_len + 1; i-- > start;)
    if (memcmp (h + i, n, n_len) == 0)
      {
        *at = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
contains (const LsStr *haystack, gsize start, gsize end, const LsStr *needle, gsize *at)
{
  return find_bytes (haystack->data, start, end, needle->data, needle->len, at);
}

NATIVE (str_contains)
{
  LsStr *needle;
  gsize at;

  PROLOGUE ("__contains__", 1, 1);
  needle = ls_value_str (args[1]);
  if (needle == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'in <string>' requires string as left operand, not %s",
                     ls_type_name (vm, args[1]));
  *result = ls_bool (contains (self, 0, self->len, needle, &at));
  return TRUE;
}

/* ---- indexing and slicing -------------------------------------------- */

static LsValue
char_at (LsVM *vm, const LsStr *s, gint64 index)
{
  gsize offset = char_to_byte (s, index);
  gsize next = s->ascii ? offset + 1
               : (gsize) (g_utf8_next_char (s->data + offset) - s->data);

  return char_str (vm, s->data + offset, next - offset);
}

static LsValue
str_slice (LsVM *vm, LsStr *s, gint64 start, gint64 step, gint64 n)
{
  GString *out;
  g_autofree gunichar *chars = NULL;

  if (step == 1)
    {
      gsize from = char_to_byte (s, start);
      gsize to = s->ascii ? (gsize) (start + n) : ls_str_offset_of (s, (gsize) (start + n));

      if (from == 0 && to == s->len)
        return ls_obj (s);
      return new_str (vm, s->data + from, to - from);
    }
  out = g_string_sized_new ((gsize) n);
  if (!s->ascii)
    chars = g_utf8_to_ucs4_fast (s->data, (glong) s->len, NULL);
  for (gint64 i = 0, k = start; i < n; i++, k += step)
    {
      if (s->ascii)
        g_string_append_c (out, s->data[k]);
      else
        g_string_append_unichar (out, chars[k]);
    }
  return take_gstring (vm, out);
}

NATIVE (str_getitem)
{
  gint64 index, start, stop, step, n;
  LsSlice *slice;

  PROLOGUE ("__getitem__", 1, 1);
  slice = ls_value_slice (args[1]);
  if (slice != NULL)
    {
      if (!ls_slice_indices (vm, slice, (gint64) self->n_chars, &start, &stop, &step, &n))
        return FALSE;
      *result = str_slice (vm, self, start, step, n);
      return TRUE;
    }
  if (!ls_is_intlike (args[1]) && !ls_is_kind (args[1], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "string indices must be integers, not '%s'",
                     ls_type_name (vm, args[1]));
  if (!ls_aux_index (vm, args[1], &index))
    return FALSE;
  if (!ls_aux_wrap_index ((gint64) self->n_chars, index, &index))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "string index out of range");
  *result = char_at (vm, self, index);
  return TRUE;
}

/* The str_iterator walks byte offsets: `index` is the next one. */
static gboolean
str_iter_next (LsVM       *vm,
               LsIterator *it,
               LsValue    *value,
               gboolean   *exhausted)
{
  LsStr *s = (LsStr *) it->source.o;
  gsize offset = (gsize) it->index;
  gsize next;

  if (offset >= s->len)
    {
      *exhausted = TRUE;
      return TRUE;
    }
  next = s->ascii ? offset + 1 : (gsize) (g_utf8_next_char (s->data + offset) - s->data);
  *value = char_str (vm, s->data + offset, next - offset);
  it->index = (gint64) next;
  *exhausted = FALSE;
  return TRUE;
}

NATIVE (str_iter)
{
  PROLOGUE ("__iter__", 0, 0);
  *result = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_STR_ITERATOR], str_iter_next,
                                     ls_obj (self), LS_NONE));
  return TRUE;
}

/* ---- concatenation and repetition ---------------------------------- */

NATIVE (str_add)
{
  LsStr *other;
  GString *out;

  PROLOGUE ("__add__", 1, 1);
  other = ls_value_str (args[1]);
  if (other == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can only concatenate str (not \"%s\") to str",
                     ls_type_name (vm, args[1]));
  if (other->len == 0 || self->len == 0)
    {
      *result = ls_obj (self->len == 0 ? other : self);
      return TRUE;
    }
  out = g_string_sized_new (self->len + other->len);
  g_string_append_len (out, self->data, (gssize) self->len);
  g_string_append_len (out, other->data, (gssize) other->len);
  *result = take_gstring (vm, out);
  return TRUE;
}

/* The simulator caps memory; refuse absurd repetitions up front rather
 * than letting GString abort. */
#define MAX_REPEAT_BYTES ((gsize) 1 << 30)

static gboolean
str_repeat (LsVM *vm, LsStr *self, LsValue count, LsValue *result)
{
  gint64 n;
  GString *out;

  if (!ls_is_intlike (count))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can't multiply sequence by non-int of type '%s'",
                     ls_type_name (vm, count));
  n = ls_as_int (count);
  if (n <= 0 || self->len == 0)
    {
      *result = ls_obj (vm->empty_str);
      return TRUE;
    }
  if (n == 1)
    {
      *result = ls_obj (self);
      return TRUE;
    }
  if ((guint64) n > MAX_REPEAT_BYTES / self->len)
    return ls_raise (vm, LS_EXC_MEMORY_ERROR, "%s", "");
  if (!ls_vm_check_alloc_n (vm, self->len, (guint64) n))
    return FALSE;
  out = g_string_sized_new (self->len * (gsize) n);
  for (gint64 i = 0; i < n; i++)
    g_string_append_len (out, self->data, (gssize) self->len);
  *result = take_gstring (vm, out);
  return TRUE;
}

/* Instances may implement __rmul__; other types get the sequence error. */
NATIVE (str_mul)
{
  PROLOGUE ("__mul__", 1, 1);
  if (ls_is_kind (args[1], LS_KIND_INSTANCE))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  return str_repeat (vm, self, args[1], result);
}

/* ---- case mapping -------------------------------------------------- */

/* upper()/lower(): GLib's full case mapping (ß -> SS, final sigma), with
 * an ASCII fast path. */
static LsValue
map_case (LsVM *vm, LsStr *self, gboolean upper)
{
  char *mapped;

  if (self->ascii)
    {
      GString *out = g_string_sized_new (self->len);

      for (gsize i = 0; i < self->len; i++)
        g_string_append_c (out, upper ? g_ascii_toupper (self->data[i]) : g_ascii_tolower (self->data[i]));
      return take_gstring (vm, out);
    }
  mapped = upper ? g_utf8_strup (self->data, (gssize) self->len)
                 : g_utf8_strdown (self->data, (gssize) self->len);
  return take_cstr (vm, mapped);
}

NATIVE (str_upper)
{
  PROLOGUE ("upper", 0, 0);
  *result = map_case (vm, self, TRUE);
  return TRUE;
}

NATIVE (str_lower)
{
  PROLOGUE ("lower", 0, 0);
  *result = map_case (vm, self, FALSE);
  return TRUE;
}

NATIVE (str_casefold)
{
  char *folded;

  PROLOGUE ("casefold", 0, 0);
  folded = g_utf8_casefold (self->data, (gssize) self->len);
  *result = take_cstr (vm, folded);
  return TRUE;
}

static gboolean
is_cased (gunichar c)
{
  return g_unichar_isupper (c) || g_unichar_islower (c) || g_unichar_istitle (c);
}

/* Appends one code point mapped as str.upper()/lower() would: through a
 * string so full mappings (ß -> SS) are kept. */
static void
append_mapped (GString *out, gunichar c, char how)
{
  char buf[8];
  int n = g_unichar_to_utf8 (c, buf);
  g_autofree char *mapped = NULL;

  if (how == 't')
    {
      g_string_append_unichar (out, g_unichar_totitle (c));
      return;
    }
  mapped = how == 'u' ? g_utf8_strup (buf, n) : g_utf8_strdown (buf, n);
  g_string_append (out, mapped);
}

NATIVE (str_title)
{
  GString *out;
  gboolean previous_cased = FALSE;

  PROLOGUE ("title", 0, 0);
  out = g_string_sized_new (self->len);
  for (const char *p = self->data; p < self->data + self->len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      append_mapped (out, c, previous_cased ? 'l' : 't');
      previous_cased = is_cased (c);
    }
  *result = take_gstring (vm, out);
  return TRUE;
}

NATIVE (str_capitalize)
{
  GString *out;

  PROLOGUE ("capitalize", 0, 0);
  out = g_string_sized_new (self->len);
  for (const char *p = self->data; p < self->data + self->len; p = g_utf8_next_char (p))
    append_mapped (out, g_utf8_get_char (p), p == self->data ? 't' : 'l');
  *result = take_gstring (vm, out);
  return TRUE;
}

NATIVE (str_swapcase)
{
  GString *out;

  PROLOGUE ("swapcase", 0, 0);
  out = g_string_sized_new (self->len);
  for (const char *p = self->data; p < self->data + self->len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c))
        append_mapped (out, c, 'l');
      else if (g_unichar_islower (c))
        append_mapped (out, c, 'u');
      else
        g_string_append_unichar (out, c);
    }
  *result = take_gstring (vm, out);
  return TRUE;
}

/* ---- predicates ---------------------------------------------------- */

/* Digits that are not decimal (superscripts, circled digits): GLib has no
 * Numeric_Type property, so the common ones are listed. */
static gboolean
is_other_digit (gunichar c)
{
  static const gunichar ranges[][2] = {
    { 0xb2, 0xb3 }, { 0xb9, 0xb9 }, { 0x1369, 0x1371 }, { 0x19da, 0x19da },
    { 0x2070, 0x2070 }, { 0x2074, 0x2079 }, { 0x2080, 0x2089 },
    { 0x2460, 0x2468 }, { 0x2474, 0x247c }, { 0x2488, 0x2490 },
    { 0x24ea, 0x24ea }, { 0x24f5, 0x24fd }, { 0x24ff, 0x24ff },
    { 0x2776, 0x277e }, { 0x2780, 0x2788 }, { 0x278a, 0x2792 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (c >= ranges[i][0] && c <= ranges[i][1])
      return TRUE;
  return FALSE;
}

/* CJK ideographs with a numeric value count as numeric in Python
 * ('三'.isnumeric() is True). */
static gboolean
is_cjk_numeral (gunichar c)
{
  static const gunichar numerals[] = {
    0x3007, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03, 0x516b, 0x4e5d,
    0x5341, 0x767e, 0x5343, 0x4e07, 0x5104, 0x4ebf, 0x5146, 0x96f6, 0x58f9, 0x8d30,
    0x53c1, 0x8086, 0x4f0d, 0x9646, 0x67d2, 0x634c, 0x7396, 0x62fe, 0x4f70, 0x4edf,
    0x5169, 0x5eff, 0x5345, 0x842c, 0x8cb3, 0x53c3, 0x9678,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (numerals); i++)
    if (c == numerals[i])
      return TRUE;
  return FALSE;
}

static gboolean
is_decimal (gunichar c)
{
  return c < 128 ? g_ascii_isdigit (c) : g_unichar_type (c) == G_UNICODE_DECIMAL_NUMBER;
}

static gboolean
is_digit (gunichar c)
{
  return is_decimal (c) || (c >= 128 && is_other_digit (c));
}

static gboolean
is_numeric (gunichar c)
{
  GUnicodeType t;

  if (c < 128)
    return g_ascii_isdigit (c);
  t = g_unichar_type (c);
  return t == G_UNICODE_DECIMAL_NUMBER || t == G_UNICODE_LETTER_NUMBER
         || t == G_UNICODE_OTHER_NUMBER || is_cjk_numeral (c);
}

static gboolean
is_alpha (gunichar c)
{
  return c < 128 ? g_ascii_isalpha (c) : g_unichar_isalpha (c);
}

static gboolean
is_alnum (gunichar c)
{
  return is_alpha (c) || is_numeric (c) || is_digit (c);
}

static gboolean
is_printable_char (gunichar c)
{
  return c == ' ' || py_isprintable (c);
}

static gboolean
is_ascii_char (gunichar c)
{
  return c < 128;
}

/* True when the string is non-empty and every code point passes. */
static gboolean
all_chars (const LsStr *s, gboolean (*test) (gunichar))
{
  if (s->len == 0)
    return FALSE;
  for (const char *p = s->data; p < s->data + s->len; p = g_utf8_next_char (p))
    if (!test (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

#define STR_PREDICATE(fname, name, test) \
  NATIVE (fname) \
  { \
    PROLOGUE (name, 0, 0); \
    *result = ls_bool (all_chars (self, test)); \
    return TRUE; \
  }

STR_PREDICATE (str_isdigit, "isdigit", is_digit)
STR_PREDICATE (str_isdecimal, "isdecimal", is_decimal)
STR_PREDICATE (str_isnumeric, "isnumeric", is_numeric)
STR_PREDICATE (str_isalpha, "isalpha", is_alpha)
STR_PREDICATE (str_isalnum, "isalnum", is_alnum)
STR_PREDICATE (str_isspace, "isspace", py_isspace)

/* isprintable() and isascii() are true for the empty string. */
NATIVE (str_isprintable)
{
  PROLOGUE ("isprintable", 0, 0);
  *result = ls_bool (self->len == 0 || all_chars (self, is_printable_char));
  return TRUE;
}

NATIVE (str_isascii)
{
  PROLOGUE ("isascii", 0, 0);
  *result = ls_bool (self->len == 0 || all_chars (self, is_ascii_char));
  return TRUE;
}

/* islower(): some cased character and no upper/title-case one. */
static gboolean
check_case (const LsStr *s, gboolean want_upper)
{
  gboolean cased = FALSE;

  for (const char *p = s->data; p < s->data + s->len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean up = g_unichar_isupper (c), low = g_unichar_islower (c);

      if (g_unichar_istitle (c) || (want_upper ? low : up))
        return FALSE;
      cased = cased || (want_upper ? up : low);
    }
  return cased;
}

NATIVE (str_isupper)
{
  PROLOGUE ("isupper", 0, 0);
  *result = ls_bool (check_case (self, TRUE));
  return TRUE;
}

NATIVE (str_islower)
{
  PROLOGUE ("islower", 0, 0);
  *result = ls_bool (check_case (self, FALSE));
  return TRUE;
}

/* istitle(): upper/title-case only after uncased, lowercase only after cased. */
NATIVE (str_istitle)
{
  gboolean cased = FALSE, previous_cased = FALSE;

  PROLOGUE ("istitle", 0, 0);
  for (const char *p = self->data; p < self->data + self->len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c) || g_unichar_istitle (c))
        {
          if (previous_cased)
            {
              *result = LS_FALSE;
              return TRUE;
            }
          previous_cased = cased = TRUE;
        }
      else if (g_unichar_islower (c))
        {
          if (!previous_cased)
            {
              *result = LS_FALSE;
              return TRUE;
            }
          previous_cased = cased = TRUE;
        }
      else
        previous_cased = FALSE;
    }
  *result = ls_bool (cased);
  return TRUE;
}

static gboolean
is_id_start (gunichar c)
{
  return c == '_' || is_alpha (c) || g_unichar_type (c) == G_UNICODE_LETTER_NUMBER;
}

static gboolean
is_id_continue (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);

  return is_id_start (c) || t == G_UNICODE_DECIMAL_NUMBER || t == G_UNICODE_NON_SPACING_MARK
         || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_CONNECT_PUNCTUATION;
}

NATIVE (str_isidentifier)
{
  gboolean ok;

  PROLOGUE ("isidentifier", 0, 0);
  ok = self->len > 0 && is_id_start (g_utf8_get_char (self->data));
  for (const char *p = self->data; ok && p < self->data + self->len; p = g_utf8_next_char (p))
    ok = is_id_continue (g_utf8_get_char (p));
  *result = ls_bool (ok);
  return TRUE;
}

/* ---- stripping ----------------------------------------------------- */

static gboolean
in_chars (const LsStr *chars, gunichar c)
{
  if (chars == NULL)
    return py_isspace (c);
  for (const char *p = chars->data; p < chars->data + chars->len; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == c)
      return TRUE;
  return FALSE;
}

/* strip/lstrip/rstrip: `which` is 'b'oth, 'l'eft or 'r'ight. */
static gboolean
strip (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
       char which, LsValue *result)
{
  LsStr *self, *chars = NULL;
  const char *from, *to;

  if (!method_prologue (vm, qualified, args, n_args, kwnames, 0, 1))
    return FALSE;
  self = (LsStr *) args[0].o;
  if (n_args == 2 && !ls_is_none (args[1]) && (chars = ls_value_str (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s arg must be None or str", qualified + 4);
  from = self->data;
  to = self->data + self->len;
  while (which != 'r' && from < to && in_chars (chars, g_utf8_get_char (from)))
    from = g_utf8_next_char (from);
  while (which != 'l' && to > from && in_chars (chars, g_utf8_get_char (g_utf8_prev_char (to))))
    to = g_utf8_prev_char (to);
  *result = (gsize) (to - from) == self->len ? ls_obj (self) : new_str (vm, from, (gsize) (to - from));
  return TRUE;
}

NATIVE (str_strip) { return strip (vm, "str.strip", args, n_args, kwnames, 'b', result); }
NATIVE (str_lstrip) { return strip (vm, "str.lstrip", args, n_args, kwnames, 'l', result); }
NATIVE (str_rstrip) { return strip (vm, "str.rstrip", args, n_args, kwnames, 'r', result); }

/* ---- split ---------------------------------------------------------- */

typedef struct
{
  LsStr  *self;
  LsStr  *sep;        /* NULL: split on runs of whitespace */
  gint64  maxsplit;   /* < 0: no limit */
} SplitArgs;

/* split(sep=None, maxsplit=-1), also by keyword. */
static gboolean
split_args (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
            SplitArgs *out)
{
  static const char *const names[] = { "sep", "maxsplit" };
  LsValue values[2] = { LS_NONE, ls_int (-1) };

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", qualified + 4)
      || !ls_aux_arity_getargs (vm, qualified, n_args - 1, 0, 2))
    return FALSE;
  for (guint i = 1; i < n_args; i++)
    values[i - 1] = args[i];
  if (!ls_aux_kwargs (vm, qualified, args, n_args, kwnames, names, values, 2))
    return FALSE;
  out->self = (LsStr *) args[0].o;
  out->sep = NULL;
  /* argument clinic converts maxsplit before the body looks at sep */
  if (!ls_aux_index (vm, values[1], &out->maxsplit))
    return FALSE;
  if (!ls_is_none (values[0]) && (out->sep = ls_value_str (values[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "must be str or None, not %s", ls_type_name (vm, values[0]));
  if (out->sep != NULL && out->sep->len == 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "empty separator");
  return TRUE;
}

static void
append_piece (LsVM *vm, LsList *list, const char *from, const char *to)
{
  ls_list_append (vm, list, new_str (vm, from, (gsize) (to - from)));
}

static const char *
skip_space (const char *p, const char *end)
{
  while (p < end && py_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

static const char *
skip_word (const char *p, const char *end)
{
  while (p < end && !py_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* CPython's split_whitespace: the last piece keeps trailing whitespace
 * when maxsplit stopped the splitting. */
static void
split_whitespace (LsVM *vm, const SplitArgs *a, LsList *list)
{
  const char *p = a->self->data, *end = p + a->self->len;
  gint64 left = a->maxsplit;

  p = skip_space (p, end);
  while (p < end && left-- != 0)
    {
      const char *word_end = skip_word (p, end);

      append_piece (vm, list, p, word_end);
      p = skip_space (word_end, end);
    }
  if (p < end)
    append_piece (vm, list, p, end);
}

static void
split_sep (LsVM *vm, const SplitArgs *a, LsList *list)
{
  const char *data = a->self->data;
  gsize start = 0, at;
  gint64 left = a->maxsplit;

  while (left-- != 0 && find_bytes (data, start, a->self->len, a->sep->data, a->sep->len, &at))
    {
      append_piece (vm, list, data + start, data + at);
      start = at + a->sep->len;
    }
  append_piece (vm, list, data + start, data + a->self->len);
}

NATIVE (str_split)
{
  SplitArgs a;
  LsList *list;

  if (!split_args (vm, "str.split", args, n_args, kwnames, &a))
    return FALSE;
  list = ls_list_new (vm, 0);
  if (a.sep == NULL)
    split_whitespace (vm, &a, list);
  else
    split_sep (vm, &a, list);
  *result = ls_obj (list);
  return TRUE;
}

static void
reverse_list (LsList *list)
{
  for (gsize i = 0, j = list->len; i + 1 < j; i++, j--)
    {
      LsValue t = list->items[i];

      list->items[i] = list->items[j - 1];
      list->items[j - 1] = t;
    }
}

static const char *
rskip_space (const char *start, const char *p)
{
  while (p > start && py_isspace (g_utf8_get_char (g_utf8_prev_char (p))))
    p = g_utf8_prev_char (p);
  return p;
}

static const char *
rskip_word (const char *start, const char *p)
{
  while (p > start && !py_isspace (g_utf8_get_char (g_utf8_prev_char (p))))
    p = g_utf8_prev_char (p);
  return p;
}

static void
rsplit_whitespace (LsVM *vm, const SplitArgs *a, LsList *list)
{
  const char *start = a->self->data, *p = start + a->self->len;
  gint64 left = a->maxsplit;

  p = rskip_space (start, p);
  while (p > start && left-- != 0)
    {
      const char *word_start = rskip_word (start, p);

      append_piece (vm, list, word_start, p);
      p = rskip_space (start, word_start);
    }
  if (p > start)
    append_piece (vm, list, start, p);
  reverse_list (list);
}

static void
rsplit_sep (LsVM *vm, const SplitArgs *a, LsList *list)
{
  const char *data = a->self->data;
  gsize end = a->self->len, at;
  gint64 left = a->maxsplit;

  while (left-- != 0 && rfind_bytes (data, 0, end, a->sep->data, a->sep->len, &at))
    {
      append_piece (vm, list, data + at + a->sep->len, data + end);
      end = at;
    }
  append_piece (vm, list, data, data + end);
  reverse_list (list);
}

NATIVE (str_rsplit)
{
  SplitArgs a;
  LsList *list;

  if (!split_args (vm, "str.rsplit", args, n_args, kwnames, &a))
    return FALSE;
  list = ls_list_new (vm, 0);
  if (a.sep == NULL)
    rsplit_whitespace (vm, &a, list);
  else
    rsplit_sep (vm, &a, list);
  *result = ls_obj (list);
  return TRUE;
}

/* Line boundaries of str.splitlines(): \r\n counts as one. */
static gsize
line_break_len (const char *p, const char *end)
{
  gunichar c = g_utf8_get_char (p);

  if (c == '\r' && p + 1 < end && p[1] == '\n')
    return 2;
  if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)
      || c == 0x85 || c == 0x2028 || c == 0x2029)
    return (gsize) (g_utf8_next_char (p) - p);
  return 0;
}

NATIVE (str_splitlines)
{
  static const char *const names[] = { "keepends" };
  LsValue keep = LS_FALSE;
  gint64 keepends;
  LsList *list;
  const char *line, *p, *end;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", "splitlines")
      || !ls_aux_arity_getargs (vm, "str.splitlines", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 2)
    keep = args[1];
  if (!ls_aux_kwargs (vm, "str.splitlines", args, n_args, kwnames, names, &keep, 1)
      || !ls_aux_index (vm, keep, &keepends))
    return FALSE;
  list = ls_list_new (vm, 0);
  line = p = ((LsStr *) args[0].o)->data;
  end = p + ((LsStr *) args[0].o)->len;
  while (p < end)
    {
      gsize n = line_break_len (p, end);

      if (n == 0)
        {
          p = g_utf8_next_char (p);
          continue;
        }
      append_piece (vm, list, line, keepends ? p + n : p);
      line = p = p + n;
    }
  if (line < end)
    append_piece (vm, list, line, end);
  *result = ls_obj (list);
  return TRUE;
}

/* ---- join, replace -------------------------------------------------- */

static gboolean
join_items (LsVM *vm, LsStr *sep, const LsValue *items, gsize n, LsValue *result)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    {
      LsStr *item = ls_value_str (items[i]);

      if (item == NULL)
        {
          g_string_free (out, TRUE);
          return ls_raise (vm, LS_EXC_TYPE_ERROR, "sequence item %" G_GSIZE_FORMAT ": expected str instance, %s found",
                           i, ls_type_name (vm, items[i]));
        }
      if (i > 0)
        g_string_append_len (out, sep->data, (gssize) sep->len);
      g_string_append_len (out, item->data, (gssize) item->len);
    }
  if (n == 1)
    {
      g_string_free (out, TRUE);
      *result = items[0];
      return TRUE;
    }
  *result = take_gstring (vm, out);
  return TRUE;
}

static gboolean
is_type_error (LsVM *vm)
{
  return ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_TYPE_ERROR));
}

NATIVE (str_join)
{
  LsValue items;
  LsList *list;
  LsTuple *tuple;

  PROLOGUE ("join", 1, 1);
  if ((tuple = ls_value_tuple (args[1])) != NULL)
    return join_items (vm, self, tuple->items, tuple->len, result);
  if ((list = ls_value_list (args[1])) == NULL)
    {
      if (!ls_iterate_to_list (vm, args[1], &items))
        {
          if (is_type_error (vm) && !ls_is_kind (args[1], LS_KIND_INSTANCE)
              && !ls_is_kind (args[1], LS_KIND_GENERATOR) && !ls_is_kind (args[1], LS_KIND_ITERATOR))
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "can only join an iterable");
          return FALSE;
        }
      list = ls_value_list (items);
    }
  return join_items (vm, self, list->items, list->len, result);
}

/* replace('', new): new goes before every code point and at the end. */
static void
replace_empty (GString *out, const LsStr *self, const LsStr *new_, gint64 count)
{
  const char *p = self->data, *end = p + self->len;

  for (; count != 0; count--)
    {
      g_string_append_len (out, new_->data, (gssize) new_->len);
      if (p >= end)
        break;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  g_string_append_len (out, p, end - p);
}

static void
replace_sep (GString *out, const LsStr *self, const LsStr *old, const LsStr *new_, gint64 count)
{
  gsize start = 0, at;

  while (count-- != 0 && find_bytes (self->data, start, self->len, old->data, old->len, &at))
    {
      g_string_append_len (out, self->data + start, (gssize) (at - start));
      g_string_append_len (out, new_->data, (gssize) new_->len);
      start = at + old->len;
    }
  g_string_append_len (out, self->data + start, (gssize) (self->len - start));
}

NATIVE (str_replace)
{
  LsStr *old, *new_;
  gint64 count = -1;
  GString *out;

  PROLOGUE ("replace", 2, 3);
  if ((old = ls_value_str (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "replace() argument 1 must be str, not %s", ls_aux_clinic_type_name (vm, args[1]));
  if ((new_ = ls_value_str (args[2])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "replace() argument 2 must be str, not %s", ls_aux_clinic_type_name (vm, args[2]));
  if (n_args == 4 && !ls_aux_index (vm, args[3], &count))
    return FALSE;
  /* ('a' * 10**6).replace('a', 'a' * 10**4) asks for 10 GB: MemoryError
   * before building it, as CPython */
  if (new_->len > old->len)
    {
      guint64 n = 0;

      if (old->len == 0)
        n = self->n_chars + 1;
      else
        for (const char *p = self->data, *end = self->data + self->len;
             (p = memmem (p, (gsize) (end - p), old->data, old->len)) != NULL; p += old->len)
          n++;
      if (count >= 0 && (guint64) count < n)
        n = (guint64) count;
      if (n > 0 && !ls_vm_check_alloc_n (vm, n, new_->len - old->len))
        return FALSE;
    }
  out = g_string_sized_new (self->len);
  if (old->len == 0)
    replace_empty (out, self, new_, count);
  else
    replace_sep (out, self, old, new_, count);
  *result = take_gstring (vm, out);
  return TRUE;
}

/* ---- searching ------------------------------------------------------ */

/* The optional start/end of find() & co. (args[first], args[first + 1]),
 * as slice bounds in code points: CPython's ADJUST_INDICES. */
static gboolean
search_range (LsVM *vm, const LsStr *self, const LsValue *args, guint n_args, guint first,
              gint64 *start, gint64 *end)
{
  gint64 len = (gint64) self->n_chars;

  *start = 0;
  *end = len;
  for (guint i = first; i < n_args && i < first + 2; i++)
    {
      gint64 *bound = i == first ? start : end;

      if (ls_is_none (args[i]))
        continue;
      if (!ls_is_intlike (args[i]) && !ls_is_kind (args[i], LS_KIND_INSTANCE))
        return ls_raise (vm, LS_EXC_TYPE_ERROR,
                         "slice indices must be integers or None or have an __index__ method");
      if (!ls_aux_index (vm, args[i], bound))
        return FALSE;
    }
  if (*end > len)
    *end = len;
  else if (*end < 0)
    *end = MAX (*end + len, 0);
  if (*start < 0)
    *start = MAX (*start + len, 0);
  return TRUE;
}

/* find/rfind/index/rindex: the position in code points or -1. */
static gboolean
search (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
        gboolean reverse, gint64 *position)
{
  LsStr *self, *needle;
  gint64 start, end;
  gsize at, from, to;
  gboolean found;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", qualified + 4)
      || !ls_aux_no_kwargs (vm, qualified, kwnames)
      || !ls_aux_arity_getargs (vm, qualified, n_args - 1, 1, 3))
    return FALSE;
  self = (LsStr *) args[0].o;
  if (!search_range (vm, self, args, n_args, 2, &start, &end) || !str_arg (vm, args[1], &needle))
    return FALSE;
  *position = -1;
  if (start > (gint64) self->n_chars || end < start)
    return TRUE;
  from = char_to_byte (self, start);
  to = char_to_byte (self, end);
  found = reverse ? rfind_bytes (self->data, from, to, needle->data, needle->len, &at)
                  : find_bytes (self->data, from, to, needle->data, needle->len, &at);
  if (found)
    *position = byte_to_char (self, at);
  return TRUE;
}

NATIVE (str_find)
{
  gint64 position;

  if (!search (vm, "str.find", args, n_args, kwnames, FALSE, &position))
    return FALSE;
  *result = ls_int (position);
  return TRUE;
}

NATIVE (str_rfind)
{
  gint64 position;

  if (!search (vm, "str.rfind", args, n_args, kwnames, TRUE, &position))
    return FALSE;
  *result = ls_int (position);
  return TRUE;
}

NATIVE (str_index)
{
  gint64 position;

  if (!search (vm, "str.index", args, n_args, kwnames, FALSE, &position))
    return FALSE;
  if (position < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "substring not found");
  *result = ls_int (position);
  return TRUE;
}

NATIVE (str_rindex)
{
  gint64 position;

  if (!search (vm, "str.rindex", args, n_args, kwnames, TRUE, &position))
    return FALSE;
  if (position < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "substring not found");
  *result = ls_int (position);
  return TRUE;
}

NATIVE (str_count)
{
  LsStr *self, *needle;
  gint64 start, end, count = 0;
  gsize at, from, to;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", "count")
      || !ls_aux_no_kwargs (vm, "str.count", kwnames)
      || !ls_aux_arity_getargs (vm, "str.count", n_args - 1, 1, 3))
    return FALSE;
  self = (LsStr *) args[0].o;
  if (!search_range (vm, self, args, n_args, 2, &start, &end) || !str_arg (vm, args[1], &needle))
    return FALSE;
  if (start > (gint64) self->n_chars || end < start)
    count = 0;
  else if (needle->len == 0)
    count = end - start + 1;
  else
    for (from = char_to_byte (self, start), to = char_to_byte (self, end);
         find_bytes (self->data, from, to, needle->data, needle->len, &at);
         from = at + needle->len)
      count++;
  *result = ls_int (count);
  return TRUE;
}

/* startswith/endswith of one candidate within [start, end]. */
static gboolean
affix_matches (const LsStr *self, const LsStr *affix, gint64 start, gint64 end, gboolean suffix)
{
  gsize from, to;

  if (start > (gint64) self->n_chars)
    return FALSE;
  if (end - start < (gint64) affix->n_chars)
    return FALSE;
  from = char_to_byte (self, start);
  to = char_to_byte (self, end);
  if (to - from < affix->len)
    return FALSE;
  return memcmp (self->data + (suffix ? to - affix->len : from), affix->data, affix->len) == 0;
}

static gboolean
starts_or_ends (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
                gboolean suffix, LsValue *result)
{
  LsStr *self, *affix;
  LsTuple *tuple;
  gint64 start, end;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", qualified + 4)
      || !ls_aux_no_kwargs (vm, qualified, kwnames)
      || !ls_aux_arity_getargs (vm, qualified, n_args - 1, 1, 3))
    return FALSE;
  self = (LsStr *) args[0].o;
  if (!search_range (vm, self, args, n_args, 2, &start, &end))
    return FALSE;
  if ((affix = ls_value_str (args[1])) != NULL)
    {
      *result = ls_bool (affix_matches (self, affix, start, end, suffix));
      return TRUE;
    }
  if ((tuple = ls_value_tuple (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s first arg must be str or a tuple of str, not %s",
                     qualified + 4, ls_type_name (vm, args[1]));
  *result = LS_FALSE;
  for (gsize i = 0; i < tuple->len; i++)
    {
      if ((affix = ls_value_str (tuple->items[i])) == NULL)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "tuple for %s must only contain str, not %s",
                         qualified + 4, ls_type_name (vm, tuple->items[i]));
      if (affix_matches (self, affix, start, end, suffix))
        {
          *result = LS_TRUE;
          return TRUE;
        }
    }
  return TRUE;
}

NATIVE (str_startswith) { return starts_or_ends (vm, "str.startswith", args, n_args, kwnames, FALSE, result); }
NATIVE (str_endswith) { return starts_or_ends (vm, "str.endswith", args, n_args, kwnames, TRUE, result); }

static gboolean
remove_affix (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
              gboolean suffix, LsValue *result)
{
  LsStr *self, *affix;

  if (!method_prologue (vm, qualified, args, n_args, kwnames, 1, 1))
    return FALSE;
  self = (LsStr *) args[0].o;
  if ((affix = ls_value_str (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() argument must be str, not %s",
                     qualified + 4, ls_aux_clinic_type_name (vm, args[1]));
  if (!affix_matches (self, affix, 0, (gint64) self->n_chars, suffix) || affix->len == 0)
    *result = ls_obj (self);
  else if (suffix)
    *result = new_str (vm, self->data, self->len - affix->len);
  else
    *result = new_str (vm, self->data + affix->len, self->len - affix->len);
  return TRUE;
}

NATIVE (str_removeprefix) { return remove_affix (vm, "str.removeprefix", args, n_args, kwnames, FALSE, result); }
NATIVE (str_removesuffix) { return remove_affix (vm, "str.removesuffix", args, n_args, kwnames, TRUE, result); }

/* partition/rpartition: (head, sep, tail), or the whole string on the
 * side where the separator was not found. */
static gboolean
partition (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
           gboolean reverse, LsValue *result)
{
  LsStr *self, *sep;
  LsTuple *t;
  gsize at;
  gboolean found;

  if (!method_prologue (vm, qualified, args, n_args, kwnames, 1, 1) || !str_arg (vm, args[1], &sep))
    return FALSE;
  self = (LsStr *) args[0].o;
  if (sep->len == 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "empty separator");
  found = reverse ? rfind_bytes (self->data, 0, self->len, sep->data, sep->len, &at)
                  : find_bytes (self->data, 0, self->len, sep->data, sep->len, &at);
  t = ls_tuple_new (vm, 3);
  t->items[0] = t->items[1] = t->items[2] = ls_obj (vm->empty_str);
  if (!found)
    t->items[reverse ? 2 : 0] = ls_obj (self);
  else
    {
      t->items[0] = new_str (vm, self->data, at);
      t->items[1] = ls_obj (sep);
      t->items[2] = new_str (vm, self->data + at + sep->len, self->len - at - sep->len);
    }
  *result = ls_obj (t);
  return TRUE;
}

NATIVE (str_partition) { return partition (vm, "str.partition", args, n_args, kwnames, FALSE, result); }
NATIVE (str_rpartition) { return partition (vm, "str.rpartition", args, n_args, kwnames, TRUE, result); }

/* ---- padding -------------------------------------------------------- */

static void
append_fill (GString *out, gunichar fill, gint64 n)
{
  for (gint64 i = 0; i < n; i++)
    g_string_append_unichar (out, fill);
}

/* ljust/rjust/center: `how` is 'l', 'r' or 'c'. */
static gboolean
justify (LsVM *vm, const char *qualified, const LsValue *args, guint n_args, LsTuple *kwnames,
         char how, LsValue *result)
{
  LsStr *self, *fill_str;
  gint64 width, margin, left;
  gunichar fill = ' ';
  GString *out;

  if (!method_prologue (vm, qualified, args, n_args, kwnames, 1, 2)
      || !ls_aux_index (vm, args[1], &width))
    return FALSE;
  self = (LsStr *) args[0].o;
  if (n_args == 3)
    {
      if ((fill_str = ls_value_str (args[2])) == NULL)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "The fill character must be a unicode character, not %s",
                         ls_type_name (vm, args[2]));
      if (fill_str->n_chars != 1)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "The fill character must be exactly one character long");
      fill = g_utf8_get_char (fill_str->data);
    }
  if (width <= (gint64) self->n_chars)
    {
      *result = ls_obj (self);
      return TRUE;
    }
  margin = width - (gint64) self->n_chars;
  /* a fill character takes up to 4 bytes */
  if (!ls_vm_check_alloc_n (vm, (guint64) margin, 4))
    return FALSE;
  /* CPython's pad() split for center, odd margins included. */
  left = how == 'l' ? 0 : how == 'r' ? margin : margin / 2 + (margin & width & 1);
  out = g_string_sized_new (self->len + (gsize) margin);
  append_fill (out, fill, left);
  g_string_append_len (out, self->data, (gssize) self->len);
  append_fill (out, fill, margin - left);
  *result = take_gstring (vm, out);
  return TRUE;
}

NATIVE (str_ljust) { return justify (vm, "str.ljust", args, n_args, kwnames, 'l', result); }
NATIVE (str_rjust) { return justify (vm, "str.rjust", args, n_args, kwnames, 'r', result); }
NATIVE (str_center) { return justify (vm, "str.center", args, n_args, kwnames, 'c', result); }

NATIVE (str_zfill)
{
  gint64 width;
  GString *out;
  gsize sign;

  PROLOGUE ("zfill", 1, 1);
  if (!ls_aux_index (vm, args[1], &width))
    return FALSE;
  if (width <= (gint64) self->n_chars)
    {
      *result = ls_obj (self);
      return TRUE;
    }
  sign = self->len > 0 && (self->data[0] == '+' || self->data[0] == '-') ? 1 : 0;
  if (!ls_vm_check_alloc (vm, (guint64) width + self->len))
    return FALSE;
  out = g_string_sized_new ((gsize) width);
  g_string_append_len (out, self->data, (gssize) sign);
  append_fill (out, '0', width - (gint64) self->n_chars);
  g_string_append_len (out, self->data + sign, (gssize) (self->len - sign));
  *result = take_gstring (vm, out);
  return TRUE;
}

NATIVE (str_expandtabs)
{
  static const char *const names[] = { "tabsize" };
  LsValue tab = ls_int (8);
  LsStr *self;
  gint64 tabsize, column = 0;
  GString *out;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", "expandtabs")
      || !ls_aux_arity_getargs (vm, "str.expandtabs", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 2)
    tab = args[1];
  if (!ls_aux_kwargs (vm, "str.expandtabs", args, n_args, kwnames, names, &tab, 1)
      || !ls_aux_index (vm, tab, &tabsize))
    return FALSE;
  /* CPython takes a C int */
  if (tabsize > G_MAXINT32 || tabsize < G_MININT32)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "Python int too large to convert to C int");
  self = (LsStr *) args[0].o;
  out = g_string_new (NULL);
  for (const char *p = self->data; p < self->data + self->len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t')
        {
          gint64 n = tabsize > 0 ? tabsize - column % tabsize : 0;

          if (!ls_vm_check_alloc (vm, out->len + (guint64) n))
            {
              g_string_free (out, TRUE);
              return FALSE;
            }
          append_fill (out, ' ', n);
          column += n;
          continue;
        }
      g_string_append_unichar (out, c);
      column = c == '\n' || c == '\r' ? 0 : column + 1;
    }
  *result = take_gstring (vm, out);
  return TRUE;
}

/* ---- str.format ------------------------------------------------------ */

/* CPython's string_format.h, step for step: MarkupIterator splits literal
 * text from fields, parse_field splits a field into name, conversion and
 * spec, field_name_split walks the .attr and [key] accessors. */

typedef enum { NUMBERING_INIT, NUMBERING_AUTO, NUMBERING_MANUAL } Numbering;

typedef struct
{
  LsVM          *vm;
  const LsValue *args;        /* positional arguments, NULL for format_map */
  guint          n_args;
  LsTuple       *kwnames;     /* keyword names for format(), or NULL */
  const LsValue *kwvalues;
  LsValue        mapping;     /* format_map's mapping, or LS_UNBOUND */
  Numbering      numbering;
  gint64         next_auto;
} Formatter;

typedef struct
{
  const char *name, *name_end;
  const char *spec, *spec_end;
  gunichar    conversion;     /* 0 when absent */
  gboolean    spec_has_fields;
} Field;

static gboolean format_build (Formatter *f, const char *p, const char *end, int depth, GString *out);

/* A run of digits as an index, or -1 when the text is not all digits. */
static gboolean
field_integer (LsVM *vm, const char *p, const char *end, gint64 *out)
{
  *out = -1;
  if (p == end)
    return TRUE;
  for (const char *q = p; q < end; q++)
    if (!g_ascii_isdigit (*q))
      return TRUE;
  *out = 0;
  for (; p < end; p++)
    {
      if (*out > (G_MAXINT64 - 9) / 10)
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "Too many decimal digits in format string");
      *out = *out * 10 + (*p - '0');
    }
  return TRUE;
}

/* The format spec after ':', up to the '}' that balances the field's
 * '{' (specs may hold nested fields: "{:{width}}"). */
static gboolean
parse_spec (LsVM *vm, const char *p, const char *end, Field *field, const char **next)
{
  int count = 1;

  field->spec = p;
  while (p < end)
    {
      char c = *p++;

      if (c == '{')
        {
          field->spec_has_fields = TRUE;
          count++;
        }
      else if (c == '}' && --count == 0)
        {
          field->spec_end = p - 1;
          *next = p;
          return TRUE;
        }
    }
  return ls_raise (vm, LS_EXC_VALUE_ERROR, "unmatched '{' in format spec");
}

/* parse_field: p points after '{'; on success *next points after '}'. */
static gboolean
parse_field (LsVM *vm, const char *p, const char *end, Field *field, const char **next)
{
  char c = 0;

  memset (field, 0, sizeof *field);
  field->name = p;
  while (p < end)
    {
      c = *p++;
      if (c == '{')
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "unexpected '{' in field name");
      if (c == '[')
        {
          while (p < end && *p != ']')
            p++;
          continue;
        }
      if (c == '}' || c == ':' || c == '!')
        break;
    }
  field->name_end = p - 1;
  if (c != '!' && c != ':')
    {
      if (c != '}')
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "expected '}' before end of string");
      *next = p;
      return TRUE;
    }
  if (c == '!')
    {
      if (p >= end)
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "end of string while looking for conversion specifier");
      field->conversion = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      if (p < end)
        {
          c = *p++;
          if (c == '}')
            {
              *next = p;
              return TRUE;
            }
          if (c != ':')
            return ls_raise (vm, LS_EXC_VALUE_ERROR, "expected ':' after conversion specifier");
        }
    }
  return parse_spec (vm, p, end, field, next);
}

static gboolean
numbering_switch (Formatter *f, gboolean is_auto)
{
  if (f->numbering == NUMBERING_INIT)
    f->numbering = is_auto ? NUMBERING_AUTO : NUMBERING_MANUAL;
  if (f->numbering == NUMBERING_MANUAL && is_auto)
    return ls_raise (f->vm, LS_EXC_VALUE_ERROR,
                     "cannot switch from manual field specification to automatic field numbering");
  if (f->numbering == NUMBERING_AUTO && !is_auto)
    return ls_raise (f->vm, LS_EXC_VALUE_ERROR,
                     "cannot switch from automatic field numbering to manual field specification");
  return TRUE;
}

static gboolean
keyword_arg (Formatter *f, const char *name, gsize len, LsValue *out)
{
  LsValue key = new_str (f->vm, name, len);

  if (!ls_is_unbound (f->mapping))
    return ls_getitem (f->vm, f->mapping, key, out);
  for (guint i = 0; i < ls_aux_n_kwargs (f->kwnames); i++)
    {
      LsStr *k = ls_value_str (f->kwnames->items[i]);

      if (k->len == len && memcmp (k->data, name, len) == 0)
        {
          *out = f->kwvalues[i];
          return TRUE;
        }
    }
  return ls_aux_key_error (f->vm, key);
}

/* The object a field names, before its accessors. */
static gboolean
field_first (Formatter *f, const char *p, const char *end, LsValue *out)
{
  gint64 index;

  if (!field_integer (f->vm, p, end, &index))
    return FALSE;
  if (p == end || index >= 0)
    {
      if (!numbering_switch (f, p == end))
        return FALSE;
      if (p == end)
        index = f->next_auto++;
      if (f->args == NULL)
        return ls_raise (f->vm, LS_EXC_VALUE_ERROR, "Format string contains positional fields");
      if (index >= (gint64) f->n_args)
        return ls_raise (f->vm, LS_EXC_INDEX_ERROR,
                         "Replacement index %" G_GINT64_FORMAT " out of range for positional args tuple", index);
      *out = f->args[index];
      return TRUE;
    }
  return keyword_arg (f, p, (gsize) (end - p), out);
}

/* One accessor: `.name` or `[key]`; *p is at the '.' or '['. */
static gboolean
field_accessor (Formatter *f, const char **p, const char *end, LsValue *obj)
{
  gboolean is_attr = **p == '.';
  const char *start = ++*p, *stop;
  gint64 index;

  if (is_attr)
    {
      while (*p < end && **p != '.' && **p != '[')
        (*p)++;
      stop = *p;
    }
  else
    {
      while (*p < end && **p != ']')
        (*p)++;
      if (*p >= end)
        return ls_raise (f->vm, LS_EXC_VALUE_ERROR, "Missing ']' in format field");
      stop = (*p)++;
      if (*p < end && **p != '.' && **p != '[')
        return ls_raise (f->vm, LS_EXC_VALUE_ERROR,
                         "Only '.' or '[' may follow ']' in format field specifier");
    }
  if (start == stop)
    return ls_raise (f->vm, LS_EXC_VALUE_ERROR, "Empty attribute in format string");
  if (is_attr)
    return ls_getattr (f->vm, *obj, ls_str_intern (f->vm, start, (gsize) (stop - start)), obj);
  if (!field_integer (f->vm, start, stop, &index))
    return FALSE;
  return ls_getitem (f->vm, *obj, index >= 0 ? ls_int (index) : new_str (f->vm, start, (gsize) (stop - start)), obj);
}

static gboolean
field_object (Formatter *f, const Field *field, LsValue *out)
{
  const char *p = field->name;

  while (p < field->name_end && *p != '.' && *p != '[')
    p++;
  if (!field_first (f, field->name, p, out))
    return FALSE;
  while (p < field->name_end)
    if (!field_accessor (f, &p, field->name_end, out))
      return FALSE;
  return TRUE;
}

static gboolean
convert (LsVM *vm, gunichar conversion, LsValue *obj)
{
  LsStr *s;
  GString *out;

  switch (conversion)
    {
    case 0:
      return TRUE;
    case 'r':
    case 'a':
      if (!ls_repr (vm, *obj, &s))
        return FALSE;
      break;
    case 's':
      if (!ls_str (vm, *obj, &s))
        return FALSE;
      break;
    default:
      if (conversion > 32 && conversion < 127)
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "Unknown conversion specifier %c", (char) conversion);
      return ls_raise (vm, LS_EXC_VALUE_ERROR, "Unknown conversion specifier \\x%x", conversion);
    }
  if (conversion == 'a' && !s->ascii)
    {
      out = g_string_new (NULL);
      ls_aux_ascii_escape (out, s->data, s->len);
      s = ls_str_take_gstring (vm, out);
    }
  *obj = ls_obj (s);
  return TRUE;
}

static gboolean
render_field (Formatter *f, const Field *field, int depth, GString *out)
{
  LsValue obj;
  LsStr *spec = f->vm->empty_str, *text;

  if (!field_object (f, field, &obj) || !convert (f->vm, field->conversion, &obj))
    return FALSE;
  if (field->spec_has_fields)
    {
      GString *expanded = g_string_new (NULL);

      if (!format_build (f, field->spec, field->spec_end, depth - 1, expanded))
        {
          g_string_free (expanded, TRUE);
          return FALSE;
        }
      spec = ls_str_take_gstring (f->vm, expanded);
    }
  else if (field->spec != NULL && field->spec_end > field->spec)
    spec = ls_str_new (f->vm, field->spec, (gsize) (field->spec_end - field->spec));
  if (!ls_format (f->vm, obj, spec, &text))
    return FALSE;
  g_string_append_len (out, text->data, (gssize) text->len);
  return TRUE;
}

/* Literal text up to the next field, with {{ and }} unescaped; *field is
 * TRUE when a '{' starting a field was consumed. */
static gboolean
format_literal (LsVM *vm, const char **pp, const char *end, GString *out, gboolean *field)
{
  const char *p = *pp;

  *field = FALSE;
  while (p < end)
    {
      char c = *p++;

      if (c != '{' && c != '}')
        {
          g_string_append_c (out, c);
          continue;
        }
      if (p < end && *p == c)
        {
          g_string_append_c (out, c);
          p++;
          continue;
        }
      if (c == '}')
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "Single '}' encountered in format string");
      if (p >= end)
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "Single '{' encountered in format string");
      *field = TRUE;
      break;
    }
  *pp = p;
  return TRUE;
}

static gboolean
format_build (Formatter *f, const char *p, const char *end, int depth, GString *out)
{
  Field field;
  gboolean has_field;

  if (depth <= 0)
    return ls_raise (f->vm, LS_EXC_VALUE_ERROR, "Max string recursion exceeded");
  while (p < end)
    {
      if (!format_literal (f->vm, &p, end, out, &has_field))
        return FALSE;
      if (!has_field)
        continue;
      if (!parse_field (f->vm, p, end, &field, &p) || !render_field (f, &field, depth, out))
        return FALSE;
    }
  return TRUE;
}

static gboolean
format_run (Formatter *f, LsStr *self, LsValue *result)
{
  GString *out = g_string_sized_new (self->len + 16);

  if (!format_build (f, self->data, self->data + self->len, 2, out))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  *result = take_gstring (f->vm, out);
  return TRUE;
}

NATIVE (str_format_method)
{
  Formatter f = { 0 };

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_STR, "str", "format"))
    return FALSE;
  f.vm = vm;
  f.args = args + 1;
  f.n_args = n_args - 1;
  f.kwnames = kwnames;
  f.kwvalues = args + n_args;
  f.mapping = LS_UNBOUND;
  return format_run (&f, (LsStr *) args[0].o, result);
}

NATIVE (str_format_map)
{
  Formatter f = { 0 };

  PROLOGUE ("format_map", 1, 1);
  f.vm = vm;
  f.mapping = args[1];
  return format_run (&f, self, result);
}

/* format(s, spec) */
NATIVE (str_dunder_format)
{
  LsStr *spec;
  GString *out;
  char *error = NULL;

  PROLOGUE ("__format__", 1, 1);
  if ((spec = ls_value_str (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__format__() argument must be str, not %s",
                     ls_type_name (vm, args[1]));
  if (spec->len == 0)
    {
      *result = ls_obj (self);
      return TRUE;
    }
  out = g_string_new (NULL);
  if (!ls_aux_check_format_size (vm, spec->data, spec->len))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  if (!ls_format_str_with_spec (out, self->data, self->len, spec->data, spec->len, &error))
    {
      g_string_free (out, TRUE);
      ls_raise (vm, LS_EXC_VALUE_ERROR, "%s", error);
      g_free (error);
      return FALSE;
    }
  *result = take_gstring (vm, out);
  return TRUE;
}

/* ---- %-formatting ---------------------------------------------------- */

/* CPython's PyUnicode_Format.  A non-tuple right operand is one argument
 * (arglen -1); a mapping also serves %(key)s lookups. */
typedef struct
{
  LsVM       *vm;
  const char *format;      /* the whole format string, for error positions */
  LsValue     args;
  gint64      arglen;
  gint64      argidx;
  LsValue     dict;        /* LS_UNBOUND unless the operand is a mapping */
} Percent;

typedef struct
{
  char    flags[6];        /* NUL-terminated subset of "-+ #0" */
  gint64  width;           /* -1: none */
  gint64  precision;       /* -1: none */
  char    conv;
  gsize   conv_index;      /* in code points, for the error message */
} PercentSpec;

static gboolean
percent_next_arg (Percent *pc, LsValue *out)
{
  if (pc->argidx < pc->arglen)
    {
      gint64 i = pc->argidx++;

      *out = pc->arglen < 0 ? pc->args : ((LsTuple *) pc->args.o)->items[i];
      return TRUE;
    }
  return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "not enough arguments for format string");
}

static gboolean
has_flag (const PercentSpec *spec, char flag)
{
  return strchr (spec->flags, flag) != NULL;
}

static void
add_flag (PercentSpec *spec, char flag)
{
  gsize n = strlen (spec->flags);

  if (!has_flag (spec, flag) && n < sizeof spec->flags - 1)
    spec->flags[n] = flag;
}

/* %(key): the value becomes the one remaining argument. */
static gboolean
percent_key (Percent *pc, const char **pp, const char *end)
{
  const char *p = *pp, *key;
  int depth = 1;

  if (ls_is_unbound (pc->dict))
    return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "format requires a mapping");
  key = ++p;
  while (p < end && depth > 0)
    {
      depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      p++;
    }
  if (depth > 0)
    return ls_raise (pc->vm, LS_EXC_VALUE_ERROR, "incomplete format key");
  if (!ls_getitem (pc->vm, pc->dict, new_str (pc->vm, key, (gsize) (p - 1 - key)), &pc->args))
    return FALSE;
  pc->arglen = -1;
  pc->argidx = -2;
  *pp = p;
  return TRUE;
}

/* A width or precision: digits, or '*' taking an int argument. */
static gboolean
percent_number (Percent *pc, const char **pp, const char *end, gint64 *out, PercentSpec *spec, gboolean is_width)
{
  const char *p = *pp;
  LsValue v;

  if (p < end && *p == '*')
    {
      if (!percent_next_arg (pc, &v))
        return FALSE;
      if (!ls_is_intlike (v))
        return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "* wants int");
      *out = ls_as_int (v);
      if (is_width && *out < 0)
        {
          add_flag (spec, '-');
          *out = -*out;
        }
      if (!is_width && *out < 0)
        *out = 0;
      *pp = p + 1;
      return TRUE;
    }
  if (p >= end || !g_ascii_isdigit (*p))
    return TRUE;
  for (*out = 0; p < end && g_ascii_isdigit (*p); p++)
    {
      if (*out > (G_MAXINT32 - 9) / 10)
        return ls_raise (pc->vm, LS_EXC_VALUE_ERROR, is_width ? "width too big" : "precision too big");
      *out = *out * 10 + (*p - '0');
    }
  *pp = p;
  return TRUE;
}

/* Everything between '%' and the conversion character. */
static gboolean
percent_parse (Percent *pc, const char **pp, const char *end, PercentSpec *spec)
{
  const char *p = *pp;

  memset (spec, 0, sizeof *spec);
  spec->width = spec->precision = -1;
  if (p < end && *p == '(' && !percent_key (pc, &p, end))
    return FALSE;
  for (; p < end && strchr ("-+ #0", *p) != NULL && *p != '\0'; p++)
    add_flag (spec, *p);
  if (!percent_number (pc, &p, end, &spec->width, spec, TRUE))
    return FALSE;
  if (p < end && *p == '.')
    {
      p++;
      spec->precision = 0;
      if (!percent_number (pc, &p, end, &spec->precision, spec, FALSE))
        return FALSE;
    }
  /* '%*d' % (10**12, 1) asks for a terabyte: MemoryError, as CPython */
  if (!ls_vm_check_alloc_n (pc->vm, (guint64) MAX (spec->width, 0), 4) ||
      !ls_vm_check_alloc (pc->vm, (guint64) MAX (spec->precision, 0)))
    return FALSE;
  while (p < end && (*p == 'h' || *p == 'l' || *p == 'L'))
    p++;
  if (p >= end)
    return ls_raise (pc->vm, LS_EXC_VALUE_ERROR, "incomplete format");
  spec->conv = *p;
  spec->conv_index = (gsize) g_utf8_pointer_to_offset (pc->format, p);
  *pp = p + 1;
  return TRUE;
}

/* Pads text (already converted) to the width for %s, %r, %a, %c. */
static void
percent_pad (GString *out, const char *text, gsize len, const PercentSpec *spec)
{
  gsize chars = (gsize) g_utf8_strlen (text, (gssize) len);
  gint64 pad = spec->width > (gint64) chars ? spec->width - (gint64) chars : 0;

  if (!has_flag (spec, '-'))
    append_fill (out, ' ', pad);
  g_string_append_len (out, text, (gssize) len);
  if (has_flag (spec, '-'))
    append_fill (out, ' ', pad);
}

static gboolean
percent_text (Percent *pc, LsValue v, const PercentSpec *spec, GString *out)
{
  LsStr *s;
  g_autoptr (GString) escaped = NULL;
  const char *text;
  gsize len;

  if (!(spec->conv == 's' ? ls_str (pc->vm, v, &s) : ls_repr (pc->vm, v, &s)))
    return FALSE;
  text = s->data;
  len = s->len;
  if (spec->conv == 'a')
    {
      escaped = g_string_new (NULL);
      ls_aux_ascii_escape (escaped, s->data, s->len);
      text = escaped->str;
      len = escaped->len;
    }
  if (spec->precision >= 0 && (gsize) spec->precision < (gsize) g_utf8_strlen (text, (gssize) len))
    len = (gsize) (g_utf8_offset_to_pointer (text, spec->precision) - text);
  percent_pad (out, text, len, spec);
  return TRUE;
}

static gboolean
percent_char (Percent *pc, LsValue v, const PercentSpec *spec, GString *out)
{
  LsStr *s = ls_value_str (v);
  char buf[8];
  gint64 code;

  if (s != NULL && s->n_chars == 1)
    {
      percent_pad (out, s->data, s->len, spec);
      return TRUE;
    }
  if (!ls_is_intlike (v))
    return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "%%c requires int or char");
  code = ls_as_int (v);
  if (code < 0 || code > 0x10ffff)
    return ls_raise (pc->vm, LS_EXC_OVERFLOW_ERROR, "%%c arg not in range(0x110000)");
  percent_pad (out, buf, (gsize) g_unichar_to_utf8 ((gunichar) code, buf), spec);
  return TRUE;
}

static gboolean
percent_integer (Percent *pc, LsValue v, const PercentSpec *spec, GString *out)
{
  gboolean decimal = strchr ("diu", spec->conv) != NULL;

  if (ls_is_intlike (v))
    {
      ls_percent_format_int (out, ls_as_int (v), spec->flags, spec->width, spec->precision,
                             spec->conv == 'i' || spec->conv == 'u' ? 'd' : spec->conv);
      return TRUE;
    }
  if (ls_is_float (v) && decimal)
    {
      if (isinf (v.f))
        return ls_raise (pc->vm, LS_EXC_OVERFLOW_ERROR, "cannot convert float infinity to integer");
      if (isnan (v.f))
        return ls_raise (pc->vm, LS_EXC_VALUE_ERROR, "cannot convert float NaN to integer");
      ls_percent_format_float (out, v.f, spec->flags, spec->width, spec->precision, 'd');
      return TRUE;
    }
  if (decimal)
    return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "%%%c format: a real number is required, not %s",
                     spec->conv, ls_type_name (pc->vm, v));
  return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "%%%c format: an integer is required, not %s",
                   spec->conv, ls_type_name (pc->vm, v));
}

static gboolean
percent_float (Percent *pc, LsValue v, const PercentSpec *spec, GString *out)
{
  double x;

  if (ls_is_intlike (v))
    x = (double) ls_as_int (v);
  else if (ls_is_float (v))
    x = v.f;
  else
    return ls_raise (pc->vm, LS_EXC_TYPE_ERROR, "must be real number, not %s", ls_type_name (pc->vm, v));
  ls_percent_format_float (out, x, spec->flags, spec->width, spec->precision, spec->conv);
  return TRUE;
}

static gboolean
percent_convert (Percent *pc, const PercentSpec *spec, GString *out)
{
  LsValue v;

  if (!percent_next_arg (pc, &v))
    return FALSE;
  switch (spec->conv)
    {
    case 's': case 'r': case 'a':
      return percent_text (pc, v, spec, out);
    case 'c':
      return percent_char (pc, v, spec, out);
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
      return percent_integer (pc, v, spec, out);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      return percent_float (pc, v, spec, out);
    default:
      {
        gunichar c = g_utf8_get_char (g_utf8_offset_to_pointer (pc->format, (glong) spec->conv_index));
        char buf[8] = { 0 };

        g_unichar_to_utf8 (c, buf);
        return ls_raise (pc->vm, LS_EXC_VALUE_ERROR, "unsupported format character '%s' (0x%x) at index %" G_GSIZE_FORMAT,
                         buf, c, spec->conv_index);
      }
    }
}

/* PyMapping_Check as CPython applies it here: anything subscriptable
 * that is neither a tuple nor a str. */
static gboolean
is_mapping (LsVM *vm, LsValue v)
{
  LsClass *cls;

  if (ls_is_kind (v, LS_KIND_DICT) || ls_is_kind (v, LS_KIND_LIST) || ls_is_kind (v, LS_KIND_RANGE))
    return TRUE;
  if (!ls_is_kind (v, LS_KIND_INSTANCE))
    return FALSE;
  cls = ls_type_of (vm, v);
  return !ls_is_unbound (ls_class_lookup (cls, ls_str_intern_cstr (vm, "__getitem__")));
}

static gboolean
percent_format (LsVM *vm, LsStr *format, LsValue args, GString *out)
{
  Percent pc = { vm, format->data, args, -1, -2, LS_UNBOUND };
  const char *p = format->data, *end = p + format->len;
  PercentSpec spec;

  if (ls_is_kind (args, LS_KIND_TUPLE))
    {
      pc.arglen = (gint64) ((LsTuple *) args.o)->len;
      pc.argidx = 0;
    }
  else if (is_mapping (vm, args) && !ls_is_kind (args, LS_KIND_STR))
    pc.dict = args;
  while (p < end)
    {
      const char *percent = memchr (p, '%', (gsize) (end - p));

      if (percent == NULL)
        percent = end;
      g_string_append_len (out, p, percent - p);
      if (percent == end)
        break;
      p = percent + 1;
      if (p < end && *p == '%')
        {
          g_string_append_c (out, '%');
          p++;
          continue;
        }
      if (!percent_parse (&pc, &p, end, &spec) || !percent_convert (&pc, &spec, out))
        return FALSE;
    }
  if (pc.argidx < pc.arglen && ls_is_unbound (pc.dict))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "not all arguments converted during string formatting");
  return TRUE;
}

NATIVE (str_mod)
{
  GString *out;

  PROLOGUE ("__mod__", 1, 1);
  out = g_string_sized_new (self->len + 16);
  if (!percent_format (vm, self, args[1], out))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  *result = take_gstring (vm, out);
  return TRUE;
}

/* ---- the class ------------------------------------------------------- */

static const LsAuxMethod str_methods[] = {
  { "__new__", str_new },
  { "__repr__", str_repr },
  { "__str__", str_str },
  { "__hash__", str_hash },
  { "__eq__", str_eq },
  { "__ne__", str_ne },
  { "__lt__", str_lt },
  { "__le__", str_le },
  { "__gt__", str_gt },
  { "__ge__", str_ge },
  { "__len__", str_len },
  { "__contains__", str_contains },
  { "__getitem__", str_getitem },
  { "__iter__", str_iter },
  { "__add__", str_add },
  { "__mul__", str_mul },
  { "__rmul__", str_mul },
  { "__mod__", str_mod },
  { "__format__", str_dunder_format },
  { "format", str_format_method },
  { "format_map", str_format_map },
  { "join", str_join },
  { "split", str_split },
  { "rsplit", str_rsplit },
  { "splitlines", str_splitlines },
  { "strip", str_strip },
  { "lstrip", str_lstrip },
  { "rstrip", str_rstrip },
  { "replace", str_replace },
  { "upper", str_upper },
  { "lower", str_lower },
  { "casefold", str_casefold },
  { "title", str_title },
  { "capitalize", str_capitalize },
  { "swapcase", str_swapcase },
  { "startswith", str_startswith },
  { "endswith", str_endswith },
  { "removeprefix", str_removeprefix },
  { "removesuffix", str_removesuffix },
  { "find", str_find },
  { "rfind", str_rfind },
  { "index", str_index },
  { "rindex", str_rindex },
  { "count", str_count },
  { "partition", str_partition },
  { "rpartition", str_rpartition },
  { "ljust", str_ljust },
  { "rjust", str_rjust },
  { "center", str_center },
  { "zfill", str_zfill },
  { "expandtabs", str_expandtabs },
  { "isdigit", str_isdigit },
  { "isdecimal", str_isdecimal },
  { "isnumeric", str_isnumeric },
  { "isalpha", str_isalpha },
  { "isalnum", str_isalnum },
  { "isspace", str_isspace },
  { "isupper", str_isupper },
  { "islower", str_islower },
  { "istitle", str_istitle },
  { "isidentifier", str_isidentifier },
  { "isprintable", str_isprintable },
  { "isascii", str_isascii },
};

void
ls_str_class_init (LsVM    *vm,
                   LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, str_methods);
}
