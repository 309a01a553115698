/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-builtins.c — the built-in functions: print, len, sorted, min, max,
 * sum, round, isinstance, getattr, ...  Each follows CPython 3.11's
 * bltinmodule.c in its argument handling and its error messages, since a
 * scenario's traceback must read as CPython's does.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-builtins.h"

#include "ls-auxlib.h"
#include "ls-class.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-number-format.h"
#include "ls-ops.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static gboolean
one_arg (LsVM *vm, const char *fname, guint n_args, LsTuple *kwnames)
{
  return ls_aux_no_kwargs (vm, fname, kwnames) && ls_aux_arity (vm, fname, n_args, 1, 1);
}

gboolean
ls_ascii (LsVM    *vm,
          LsValue  v,
          LsStr  **out)
{
  LsStr *repr;
  GString *escaped;

  if (!ls_repr (vm, v, &repr))
    return FALSE;
  if (repr->ascii)
    {
      *out = repr;
      return TRUE;
    }
  escaped = g_string_sized_new (repr->len);
  ls_aux_ascii_escape (escaped, repr->data, repr->len);
  *out = ls_str_take_gstring (vm, escaped);
  return TRUE;
}

/* ---- output ----------------------------------------------------------- */

/* sep / end: None means the default. */
static gboolean
print_text_arg (LsVM *vm, const char *name, LsValue v, const char *fallback, const char **text, gsize *len)
{
  LsStr *s;

  if (ls_is_unbound (v) || ls_is_none (v))
    {
      *text = fallback;
      *len = strlen (fallback);
      return TRUE;
    }
  if ((s = ls_value_str (v)) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s must be None or a string, not %s", name, ls_type_name (vm, v));
  *text = s->data;
  *len = s->len;
  return TRUE;
}

/* print(*objects, sep=' ', end='\n', file=None, flush=False).  The line
 * is written at once, so a traced run never shows half of it. */
NATIVE (builtin_print)
{
  static const char *const names[] = { "sep", "end", "file", "flush" };
  LsValue values[4] = { LS_UNBOUND, LS_UNBOUND, LS_NONE, LS_FALSE };
  const char *sep, *end;
  gsize sep_len, end_len;
  g_autoptr (GString) out = g_string_new (NULL);

  if (!ls_aux_kwargs (vm, "print", args, n_args, kwnames, names, values, 4)
      || !print_text_arg (vm, "sep", values[0], " ", &sep, &sep_len)
      || !print_text_arg (vm, "end", values[1], "\n", &end, &end_len))
    return FALSE;
  if (!ls_is_none (values[2]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "print(file=...): the simulator has no access to files");
  for (guint i = 0; i < n_args; i++)
    {
      if (i > 0)
        g_string_append_len (out, sep, (gssize) sep_len);
      if (!ls_str_append (vm, args[i], out))
        return FALSE;
    }
  g_string_append_len (out, end, (gssize) end_len);
  ls_vm_write (vm, out->str, out->len);
  *result = LS_NONE;
  return TRUE;
}

/* ---- conversions ------------------------------------------------------ */

NATIVE (builtin_len)
{
  gint64 len;

  if (!one_arg (vm, "len", n_args, kwnames) || !ls_len (vm, args[0], &len))
    return FALSE;
  *result = ls_int (len);
  return TRUE;
}

NATIVE (builtin_repr)
{
  LsStr *s;

  if (!one_arg (vm, "repr", n_args, kwnames) || !ls_repr (vm, args[0], &s))
    return FALSE;
  *result = ls_obj (s);
  return TRUE;
}

NATIVE (builtin_ascii)
{
  LsStr *s;

  if (!one_arg (vm, "ascii", n_args, kwnames) || !ls_ascii (vm, args[0], &s))
    return FALSE;
  *result = ls_obj (s);
  return TRUE;
}

NATIVE (builtin_format)
{
  LsStr *spec = vm->empty_str, *out;

  if (!ls_aux_no_kwargs (vm, "format", kwnames) || !ls_aux_arity (vm, "format", n_args, 1, 2))
    return FALSE;
  if (n_args == 2 && (spec = ls_value_str (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "format() argument 2 must be str, not %s", ls_aux_clinic_type_name (vm, args[1]));
  if (!ls_format (vm, args[0], spec, &out))
    return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (builtin_chr)
{
  gint64 code;
  char buf[8];

  if (!one_arg (vm, "chr", n_args, kwnames) || !ls_aux_index (vm, args[0], &code))
    return FALSE;
  if (code < 0 || code > 0x10ffff)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "chr() arg not in range(0x110000)");
  /* lone surrogates have no UTF-8 form: show the replacement character */
  if (code >= 0xd800 && code <= 0xdfff)
    code = 0xfffd;
  *result = ls_aux_str (vm, buf, (gsize) g_unichar_to_utf8 ((gunichar) code, buf));
  return TRUE;
}

NATIVE (builtin_ord)
{
  LsStr *s;

  if (!one_arg (vm, "ord", n_args, kwnames))
    return FALSE;
  if ((s = ls_value_str (args[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "ord() expected string of length 1, but %s found",
                     ls_type_name (vm, args[0]));
  if (s->n_chars != 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "ord() expected a character, but string of length %" G_GSIZE_FORMAT " found",
                     s->n_chars);
  *result = ls_int (g_utf8_get_char (s->data));
  return TRUE;
}

/* bin/hex/oct: Python's prefixes, the sign before them. */
static gboolean
int_to_base (LsVM *vm, const char *fname, const LsValue *args, guint n_args, LsTuple *kwnames,
             char type, LsValue *result)
{
  gint64 x;
  char *error = NULL;
  GString *out;
  char spec[3] = { '#', type, '\0' };

  if (!one_arg (vm, fname, n_args, kwnames) || !ls_aux_index (vm, args[0], &x))
    return FALSE;
  out = g_string_new (NULL);
  if (!ls_format_int_with_spec (out, x, spec, 2, &error))
    {
      g_string_free (out, TRUE);
      ls_raise (vm, LS_EXC_VALUE_ERROR, "%s", error);
      g_free (error);
      return FALSE;
    }
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (builtin_bin) { return int_to_base (vm, "bin", args, n_args, kwnames, 'b', result); }
NATIVE (builtin_oct) { return int_to_base (vm, "oct", args, n_args, kwnames, 'o', result); }
NATIVE (builtin_hex) { return int_to_base (vm, "hex", args, n_args, kwnames, 'x', result); }

NATIVE (builtin_hash)
{
  gint64 h;

  if (!one_arg (vm, "hash", n_args, kwnames) || !ls_hash (vm, args[0], &h))
    return FALSE;
  *result = ls_int (h);
  return TRUE;
}

/* id(): objects get a per-VM counter on first request (never a pointer,
 * so runs replay identically); unboxed values get a number derived from
 * their value, so equal small ints share an id as in CPython. */
NATIVE (builtin_id)
{
  LsValue v;

  if (!one_arg (vm, "id", n_args, kwnames))
    return FALSE;
  v = args[0];
  switch (v.tag)
    {
    case LS_TAG_OBJECT:
      *result = ls_int (ls_object_id (vm, v.o) * 16 + 0x7f0000000000);
      break;
    case LS_TAG_INT:
      *result = ls_int (0x100000000 + (v.i & 0xffffffff) * 32);
      break;
    case LS_TAG_FLOAT:
      *result = ls_int (0x300000000 + (ls_hash_float (v.f) & 0xffffffff) * 32);
      break;
    case LS_TAG_BOOL:
      *result = ls_int (0x200000000 + v.b * 32);
      break;
    case LS_TAG_NONE:
    case LS_TAG_UNBOUND:
    default:
      *result = ls_int (0x200000040);
      break;
    }
  return TRUE;
}

NATIVE (builtin_callable)
{
  LsValue v;

  if (!one_arg (vm, "callable", n_args, kwnames))
    return FALSE;
  v = args[0];
  if (ls_is_kind (v, LS_KIND_CLASS) || ls_is_kind (v, LS_KIND_FUNCTION) || ls_is_kind (v, LS_KIND_NATIVE)
      || ls_is_kind (v, LS_KIND_BOUND_METHOD))
    *result = LS_TRUE;
  else
    *result = ls_bool (!ls_is_unbound (ls_class_lookup (ls_type_of (vm, v), ls_str_intern_cstr (vm, "__call__"))));
  return TRUE;
}

/* ---- numbers ------------------------------------------------------------ */

NATIVE (builtin_abs)
{
  LsValue v;
  gboolean found;

  if (!one_arg (vm, "abs", n_args, kwnames))
    return FALSE;
  v = args[0];
  if (ls_is_intlike (v))
    {
      if (ls_as_int (v) == G_MININT64)
        return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
      *result = ls_int (ABS (ls_as_int (v)));
      return TRUE;
    }
  if (ls_is_float (v))
    {
      *result = ls_float (fabs (v.f));
      return TRUE;
    }
  if (!ls_call_method_opt (vm, v, ls_str_intern_cstr (vm, "__abs__"), NULL, 0, result, &found))
    return FALSE;
  if (!found)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "bad operand type for abs(): '%s'", ls_type_name (vm, v));
  return TRUE;
}

/* round(int, ndigits < 0): half to even on the exact integer. */
static gboolean
round_int (LsVM *vm, gint64 x, gint64 ndigits, LsValue *result)
{
  gint64 pow10 = 1, q, r;

  if (ndigits >= 0)
    {
      *result = ls_int (x);
      return TRUE;
    }
  for (gint64 i = 0; i < -ndigits; i++)
    if (__builtin_mul_overflow (pow10, 10, &pow10))
      {
        *result = ls_int (0);
        return TRUE;
      }
  q = x / pow10;
  r = x % pow10;
  if (r < 0)
    {
      q -= 1;
      r += pow10;
    }
  if (r > pow10 - r || (r == pow10 - r && (q & 1)))
    q += 1;
  if (__builtin_mul_overflow (q, pow10, &q))
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  *result = ls_int (q);
  return TRUE;
}

static gboolean
round_float (LsVM *vm, double x, gboolean has_ndigits, gint64 ndigits, LsValue *result)
{
  gboolean overflow = FALSE;
  double r;

  if (has_ndigits)
    {
      r = ls_float_round_checked (x, ndigits, &overflow);
      if (overflow)
        return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "rounded value too large to represent");
      *result = ls_float (r);
      return TRUE;
    }
  if (isinf (x))
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "cannot convert float infinity to integer");
  if (isnan (x))
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "cannot convert float NaN to integer");
  r = ls_float_round_half_even (x);
  if (r < -9223372036854775808.0 || r >= 9223372036854775808.0)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  *result = ls_int ((gint64) r);
  return TRUE;
}

/* round(number, ndigits=None) */
NATIVE (builtin_round)
{
  static const char *const names[] = { "number", "ndigits" };
  LsValue values[2] = { LS_UNBOUND, LS_NONE };
  gint64 ndigits = 0;
  gboolean has_ndigits, found;

  if (!ls_aux_arity_getargs (vm, "round", n_args, 0, 2))
    return FALSE;
  for (guint i = 0; i < n_args; i++)
    values[i] = args[i];
  if (!ls_aux_kwargs (vm, "round", args, n_args, kwnames, names, values, 2))
    return FALSE;
  if (ls_is_unbound (values[0]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "round() missing required argument 'number' (pos 1)");
  has_ndigits = !ls_is_none (values[1]);
  if (!ls_is_intlike (values[0]) && !ls_is_float (values[0])
      && ls_is_unbound (ls_class_lookup (ls_type_of (vm, values[0]), ls_str_intern_cstr (vm, "__round__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "type %s doesn't define __round__ method", ls_type_name (vm, values[0]));
  if (has_ndigits && !ls_aux_index (vm, values[1], &ndigits))
    return FALSE;
  if (ls_is_intlike (values[0]))
    return round_int (vm, ls_as_int (values[0]), ndigits, result);
  if (ls_is_float (values[0]))
    return round_float (vm, values[0].f, has_ndigits, ndigits, result);
  if (!ls_call_method_opt (vm, values[0], ls_str_intern_cstr (vm, "__round__"), &values[1],
                           has_ndigits ? 1 : 0, result, &found))
    return FALSE;
  if (!found)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "type %s doesn't define __round__ method", ls_type_name (vm, values[0]));
  return TRUE;
}

static gboolean
is_number (LsValue v)
{
  return ls_is_intlike (v) || ls_is_float (v);
}

NATIVE (builtin_divmod)
{
  LsValue a, b, q, r;
  LsTuple *pair;
  gboolean found;

  if (!ls_aux_no_kwargs (vm, "divmod", kwnames) || !ls_aux_arity (vm, "divmod", n_args, 2, 2))
    return FALSE;
  a = args[0];
  b = args[1];
  if (!is_number (a) || !is_number (b))
    {
      if (!ls_call_method_opt (vm, a, ls_str_intern_cstr (vm, "__divmod__"), &b, 1, result, &found))
        return FALSE;
      if (found && !(ls_is_object (*result) && result->o == vm->not_implemented.o))
        return TRUE;
      if (!ls_call_method_opt (vm, b, ls_str_intern_cstr (vm, "__rdivmod__"), &a, 1, result, &found))
        return FALSE;
      if (found && !(ls_is_object (*result) && result->o == vm->not_implemented.o))
        return TRUE;
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "unsupported operand type(s) for divmod(): '%s' and '%s'",
                       ls_type_name (vm, a), ls_type_name (vm, b));
    }
  if ((ls_is_float (a) || ls_is_float (b)) && (ls_is_float (b) ? b.f == 0.0 : ls_as_int (b) == 0))
    return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, "float divmod()");
  if (!ls_binary_op (vm, LS_OP_FLOORDIV, FALSE, a, b, &q) || !ls_binary_op (vm, LS_OP_MOD, FALSE, a, b, &r))
    return FALSE;
  pair = ls_tuple_new (vm, 2);
  pair->items[0] = q;
  pair->items[1] = r;
  *result = ls_obj (pair);
  return TRUE;
}

static gint64
mul_mod (gint64 a, gint64 b, gint64 m)
{
  return (gint64) (((__int128) a * b) % m);
}

/* Extended Euclid: the inverse of a modulo m, or FALSE. */
static gboolean
mod_inverse (gint64 a, gint64 m, gint64 *out)
{
  __int128 t = 0, new_t = 1, r = m, new_r = a, q, tmp;

  while (new_r != 0)
    {
      q = r / new_r;
      tmp = t - q * new_t; t = new_t; new_t = tmp;
      tmp = r - q * new_r; r = new_r; new_r = tmp;
    }
  if (r != 1)
    return FALSE;
  *out = (gint64) (t < 0 ? t + m : t);
  return TRUE;
}

/* pow(base, exp, mod) on ints, CPython's sign rules for the result. */
static gboolean
pow_mod (LsVM *vm, gint64 base, gint64 exponent, gint64 mod, LsValue *result)
{
  gint64 m, acc;

  if (mod == 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "pow() 3rd argument cannot be 0");
  if (mod == G_MININT64)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  m = mod < 0 ? -mod : mod;
  acc = 1 % m;
  base %= m;
  if (base < 0)
    base += m;
  if (exponent < 0)
    {
      if (!mod_inverse (base, m, &base))
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "base is not invertible for the given modulus");
      exponent = exponent == G_MININT64 ? G_MAXINT64 : -exponent;
    }
  for (; exponent > 0; exponent >>= 1)
    {
      if (exponent & 1)
        acc = mul_mod (acc, base, m);
      base = mul_mod (base, base, m);
    }
  if (mod < 0 && acc != 0)
    acc -= m;
  *result = ls_int (acc);
  return TRUE;
}

NATIVE (builtin_pow)
{
  static const char *const names[] = { "base", "exp", "mod" };
  LsValue values[3] = { LS_UNBOUND, LS_UNBOUND, LS_NONE };

  if (!ls_aux_arity_getargs (vm, "pow", n_args, 0, 3))
    return FALSE;
  for (guint i = 0; i < n_args; i++)
    values[i] = args[i];
  if (!ls_aux_kwargs (vm, "pow", args, n_args, kwnames, names, values, 3))
    return FALSE;
  if (ls_is_unbound (values[0]) || ls_is_unbound (values[1]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "pow() missing required argument '%s' (pos %d)",
                     ls_is_unbound (values[0]) ? "base" : "exp", ls_is_unbound (values[0]) ? 1 : 2);
  if (ls_is_none (values[2]))
    return ls_binary_op (vm, LS_OP_POW, FALSE, values[0], values[1], result);
  if (!ls_is_intlike (values[0]) || !ls_is_intlike (values[1]) || !ls_is_intlike (values[2]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "pow() 3rd argument not allowed unless all arguments are integers");
  return pow_mod (vm, ls_as_int (values[0]), ls_as_int (values[1]), ls_as_int (values[2]), result);
}

/* sum(iterable, /, start=0): plain left-to-right additions, which is what
 * CPython's fast paths compute too. */
NATIVE (builtin_sum)
{
  static const char *const names[] = { "start" };
  LsValue start = ls_int (0), items;
  LsList *list;

  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "sum() takes at least 1 positional argument (0 given)");
  if (!ls_aux_arity_getargs (vm, "sum", n_args, 1, 2))
    return FALSE;
  if (n_args == 2)
    start = args[1];
  if (!ls_aux_kwargs (vm, "sum", args, n_args, kwnames, names, &start, 1))
    return FALSE;
  if (!ls_iterate_to_list (vm, args[0], &items))
    return FALSE;
  if (ls_is_kind (start, LS_KIND_STR))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "sum() can't sum strings [use ''.join(seq) instead]");
  list = (LsList *) items.o;
  *result = start;
  for (gsize i = 0; i < list->len; i++)
    if (!ls_binary_op (vm, LS_OP_ADD, FALSE, *result, list->items[i], result))
      return FALSE;
  return TRUE;
}

/* ---- iteration --------------------------------------------------------- */

/* min()/max(): the first of equal extremes wins, as CPython compares
 * with a strict < (min) or > (max). */
static gboolean
min_max (LsVM *vm, const char *fname, const LsValue *args, guint n_args, LsTuple *kwnames,
         LsCompareOp op, LsValue *result)
{
  static const char *const names[] = { "key", "default" };
  LsValue values[2] = { LS_NONE, LS_UNBOUND }, items, best_key = LS_UNBOUND, key, verdict;
  LsList *list, *keys;
  gboolean better;

  if (!ls_aux_kwargs (vm, fname, args, n_args, kwnames, names, values, 2))
    return FALSE;
  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at least 1 argument, got 0", fname);
  if (n_args > 1 && !ls_is_unbound (values[1]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR,
                     "Cannot specify a default for %s() with multiple positional arguments", fname);
  if (n_args > 1)
    items = ls_obj (ls_list_new_from (vm, args, n_args));
  else if (!ls_iterate_to_list (vm, args[0], &items))
    return FALSE;
  list = (LsList *) items.o;
  if (list->len == 0)
    {
      if (ls_is_unbound (values[1]))
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "%s() arg is an empty sequence", fname);
      *result = values[1];
      return TRUE;
    }
  /* the best key goes in a list the collector can see */
  keys = ls_list_new (vm, 1);
  for (gsize i = 0; i < list->len; i++)
    {
      key = list->items[i];
      if (!ls_is_none (values[0]) && !ls_call (vm, values[0], &list->items[i], 1, NULL, &key))
        return FALSE;
      if (ls_is_unbound (best_key))
        better = TRUE;
      else if (!ls_compare (vm, key, best_key, op, &verdict) || !ls_truthy (vm, verdict, &better))
        return FALSE;
      if (better)
        {
          best_key = key;
          *result = list->items[i];
          ls_list_append (vm, keys, key);
        }
    }
  return TRUE;
}

NATIVE (builtin_min) { return min_max (vm, "min", args, n_args, kwnames, LS_CMP_LT, result); }
NATIVE (builtin_max) { return min_max (vm, "max", args, n_args, kwnames, LS_CMP_GT, result); }

static gboolean
any_all (LsVM *vm, const char *fname, const LsValue *args, guint n_args, LsTuple *kwnames,
         gboolean stop_on, LsValue *result)
{
  LsValue iterator, item;
  gboolean exhausted, truth;

  if (!one_arg (vm, fname, n_args, kwnames) || !ls_get_iter (vm, args[0], &iterator))
    return FALSE;
  for (;;)
    {
      if (!ls_iter_next (vm, iterator, &item, &exhausted))
        return FALSE;
      if (exhausted)
        break;
      if (!ls_truthy (vm, item, &truth))
        return FALSE;
      if (truth == stop_on)
        {
          *result = ls_bool (stop_on);
          return TRUE;
        }
    }
  *result = ls_bool (!stop_on);
  return TRUE;
}

NATIVE (builtin_any) { return any_all (vm, "any", args, n_args, kwnames, TRUE, result); }
NATIVE (builtin_all) { return any_all (vm, "all", args, n_args, kwnames, FALSE, result); }

NATIVE (builtin_sorted)
{
  LsValue items, key;
  gboolean reverse;

  if (!ls_aux_arity_expected (vm, "sorted", n_args, 1, 1)
      || !ls_list_sort_args (vm, "sort", args, n_args, kwnames, &key, &reverse)
      || !ls_iterate_to_list (vm, args[0], &items)
      || !ls_list_sort (vm, (LsList *) items.o, key, reverse))
    return FALSE;
  *result = items;
  return TRUE;
}

/* iter(callable, sentinel): source is the callable, extra the sentinel. */
static gboolean
callable_iter_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  gboolean equal;

  *exhausted = self->index < 0;
  if (*exhausted)
    return TRUE;
  if (!ls_call (vm, self->source, NULL, 0, NULL, value) || !ls_equal (vm, *value, self->extra, &equal))
    return FALSE;
  if (equal)
    {
      self->index = -1;
      *exhausted = TRUE;
    }
  return TRUE;
}

NATIVE (builtin_iter)
{
  if (!ls_aux_no_kwargs (vm, "iter", kwnames) || !ls_aux_arity (vm, "iter", n_args, 1, 2))
    return FALSE;
  if (n_args == 1)
    return ls_get_iter (vm, args[0], result);
  if (!ls_is_kind (args[0], LS_KIND_FUNCTION) && !ls_is_kind (args[0], LS_KIND_NATIVE)
      && !ls_is_kind (args[0], LS_KIND_BOUND_METHOD) && !ls_is_kind (args[0], LS_KIND_CLASS)
      && ls_is_unbound (ls_class_lookup (ls_type_of (vm, args[0]), ls_str_intern_cstr (vm, "__call__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "iter(v, w): v must be callable");
  *result = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_CALLABLE_ITERATOR], callable_iter_next,
                                     args[0], args[1]));
  return TRUE;
}

NATIVE (builtin_next)
{
  gboolean exhausted;
  LsValue value = LS_NONE;
  LsClass *stop;

  if (!ls_aux_no_kwargs (vm, "next", kwnames) || !ls_aux_arity (vm, "next", n_args, 1, 2))
    return FALSE;
  if (!ls_is_kind (args[0], LS_KIND_ITERATOR) && !ls_is_kind (args[0], LS_KIND_GENERATOR)
      && ls_is_unbound (ls_class_lookup (ls_type_of (vm, args[0]), ls_str_intern_cstr (vm, "__next__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not an iterator", ls_type_name (vm, args[0]));
  if (!ls_iter_next (vm, args[0], &value, &exhausted))
    return FALSE;
  if (!exhausted)
    {
      *result = value;
      return TRUE;
    }
  if (n_args == 2)
    {
      *result = args[1];
      return TRUE;
    }
  /* a generator's return value travels in StopIteration.value */
  stop = ls_exception_class (vm, LS_EXC_STOP_ITERATION);
  if (ls_is_kind (args[0], LS_KIND_GENERATOR) && !ls_is_none (value))
    return ls_raise_value (vm, ls_obj (ls_exception_new (vm, stop, ls_tuple_new_from (vm, &value, 1))));
  return ls_raise_value (vm, ls_obj (ls_exception_new (vm, stop, vm->empty_tuple)));
}

/* ---- classes and attributes -------------------------------------------- */

/* classinfo: a class or a (nested) tuple of them; *ok FALSE on a bad one.
 * FALSE with RecursionError when the tuples nest too deep. */
static gboolean
class_matches (LsVM *vm, LsClass *cls, LsValue classinfo, const char *where, gboolean *matches, gboolean *ok)
{
  LsTuple *tuple;
  gboolean status = TRUE;

  *ok = TRUE;
  if (ls_is_kind (classinfo, LS_KIND_CLASS))
    {
      *matches = *matches || ls_class_is_subclass (cls, (LsClass *) classinfo.o);
      return TRUE;
    }
  if ((tuple = ls_value_tuple (classinfo)) == NULL)
    {
      *ok = FALSE;
      return TRUE;
    }
  if (!ls_vm_enter_recursive (vm, where))
    return FALSE;
  for (gsize i = 0; i < tuple->len && !*matches; i++)
    if (!(status = class_matches (vm, cls, tuple->items[i], where, matches, ok)) || !*ok)
      break;
  ls_vm_leave_recursive (vm);
  return status;
}

NATIVE (builtin_isinstance)
{
  gboolean matches = FALSE, ok;

  if (!ls_aux_no_kwargs (vm, "isinstance", kwnames) || !ls_aux_arity (vm, "isinstance", n_args, 2, 2))
    return FALSE;
  if (!class_matches (vm, ls_type_of (vm, args[0]), args[1], " in __instancecheck__", &matches, &ok))
    return FALSE;
  if (!ok && !matches)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "isinstance() arg 2 must be a type, a tuple of types, or a union");
  *result = ls_bool (matches);
  return TRUE;
}

NATIVE (builtin_issubclass)
{
  gboolean matches = FALSE, ok;

  if (!ls_aux_no_kwargs (vm, "issubclass", kwnames) || !ls_aux_arity (vm, "issubclass", n_args, 2, 2))
    return FALSE;
  if (!ls_is_kind (args[0], LS_KIND_CLASS))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "issubclass() arg 1 must be a class");
  if (!class_matches (vm, (LsClass *) args[0].o, args[1], " in __subclasscheck__", &matches, &ok))
    return FALSE;
  if (!ok && !matches)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
  *result = ls_bool (matches);
  return TRUE;
}

/* getattr with a default and hasattr treat an AttributeError raised on
 * the way (by a property, a __getattr__) as "no such attribute". */
static gboolean
getattr_or_missing (LsVM *vm, LsValue obj, LsStr *name, LsValue *out, gboolean *found)
{
  if (ls_getattr_opt (vm, obj, name, out, found))
    return TRUE;
  if (!ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_ATTRIBUTE_ERROR)))
    return FALSE;
  vm->raised = LS_UNBOUND;
  *found = FALSE;
  return TRUE;
}

NATIVE (builtin_getattr)
{
  LsStr *name;
  gboolean found;

  if (!ls_aux_no_kwargs (vm, "getattr", kwnames) || !ls_aux_arity (vm, "getattr", n_args, 2, 3)
      || !ls_attribute_name (vm, args[1], &name))
    return FALSE;
  if (n_args == 2)
    return ls_getattr (vm, args[0], name, result);
  if (!getattr_or_missing (vm, args[0], name, result, &found))
    return FALSE;
  if (!found)
    *result = args[2];
  return TRUE;
}

NATIVE (builtin_hasattr)
{
  LsStr *name;
  gboolean found;
  LsValue value;

  if (!ls_aux_no_kwargs (vm, "hasattr", kwnames) || !ls_aux_arity (vm, "hasattr", n_args, 2, 2)
      || !ls_attribute_name (vm, args[1], &name) || !getattr_or_missing (vm, args[0], name, &value, &found))
    return FALSE;
  *result = ls_bool (found);
  return TRUE;
}

NATIVE (builtin_setattr)
{
  LsStr *name;

  if (!ls_aux_no_kwargs (vm, "setattr", kwnames) || !ls_aux_arity (vm, "setattr", n_args, 3, 3)
      || !ls_attribute_name (vm, args[1], &name) || !ls_setattr (vm, args[0], name, args[2]))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (builtin_delattr)
{
  LsStr *name;

  if (!ls_aux_no_kwargs (vm, "delattr", kwnames) || !ls_aux_arity (vm, "delattr", n_args, 2, 2)
      || !ls_attribute_name (vm, args[1], &name) || !ls_delattr (vm, args[0], name))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

/* ---- what the simulator refuses --------------------------------------- */

/* open, eval, input & co. exist (so the error names them at the call,
 * with its line) but refuse: a scenario is untrusted input. */
#define FORBIDDEN(fname, name) \
  NATIVE (fname) \
  { \
    (void) args; (void) n_args; (void) kwnames; (void) result; \
    return ls_raise (vm, LS_EXC_NAME_ERROR, "the simulator has no access to '%s'", name); \
  }

FORBIDDEN (forbidden_open, "open")
FORBIDDEN (forbidden_eval, "eval")
FORBIDDEN (forbidden_exec, "exec")
FORBIDDEN (forbidden_compile, "compile")
FORBIDDEN (forbidden_import, "__import__")
FORBIDDEN (forbidden_input, "input")
FORBIDDEN (forbidden_globals, "globals")
FORBIDDEN (forbidden_locals, "locals")
FORBIDDEN (forbidden_breakpoint, "breakpoint")
FORBIDDEN (forbidden_vars, "vars")

/* ---- singletons ---------------------------------------------------------- */

NATIVE (ellipsis_repr)
{
  (void) args; (void) n_args; (void) kwnames;
  *result = ls_obj (ls_str_intern_cstr (vm, "Ellipsis"));
  return TRUE;
}

NATIVE (not_implemented_repr)
{
  (void) args; (void) n_args; (void) kwnames;
  *result = ls_obj (ls_str_intern_cstr (vm, "NotImplemented"));
  return TRUE;
}

/* ---- installation ------------------------------------------------------ */

static const LsAuxMethod functions[] = {
  { "print", builtin_print },
  { "len", builtin_len },
  { "repr", builtin_repr },
  { "ascii", builtin_ascii },
  { "format", builtin_format },
  { "chr", builtin_chr },
  { "ord", builtin_ord },
  { "bin", builtin_bin },
  { "oct", builtin_oct },
  { "hex", builtin_hex },
  { "hash", builtin_hash },
  { "id", builtin_id },
  { "callable", builtin_callable },
  { "abs", builtin_abs },
  { "round", builtin_round },
  { "divmod", builtin_divmod },
  { "pow", builtin_pow },
  { "sum", builtin_sum },
  { "min", builtin_min },
  { "max", builtin_max },
  { "any", builtin_any },
  { "all", builtin_all },
  { "sorted", builtin_sorted },
  { "iter", builtin_iter },
  { "next", builtin_next },
  { "isinstance", builtin_isinstance },
  { "issubclass", builtin_issubclass },
  { "getattr", builtin_getattr },
  { "hasattr", builtin_hasattr },
  { "setattr", builtin_setattr },
  { "delattr", builtin_delattr },
  { "open", forbidden_open },
  { "eval", forbidden_eval },
  { "exec", forbidden_exec },
  { "compile", forbidden_compile },
  { "__import__", forbidden_import },
  { "input", forbidden_input },
  { "globals", forbidden_globals },
  { "locals", forbidden_locals },
  { "breakpoint", forbidden_breakpoint },
  { "vars", forbidden_vars },
};

static const struct
{
  const char *name;
  LsTypeId    type;
} types[] = {
  { "str", LS_TYPE_STR },
  { "int", LS_TYPE_INT },
  { "float", LS_TYPE_FLOAT },
  { "bool", LS_TYPE_BOOL },
  { "list", LS_TYPE_LIST },
  { "tuple", LS_TYPE_TUPLE },
  { "dict", LS_TYPE_DICT },
  { "set", LS_TYPE_SET },
  { "frozenset", LS_TYPE_FROZENSET },
  { "range", LS_TYPE_RANGE },
  { "slice", LS_TYPE_SLICE },
  { "enumerate", LS_TYPE_ENUMERATE },
  { "zip", LS_TYPE_ZIP },
  { "map", LS_TYPE_MAP },
  { "filter", LS_TYPE_FILTER },
  { "reversed", LS_TYPE_REVERSED },
};

void
ls_builtins_init (LsVM   *vm,
                  LsDict *builtins)
{
  ls_int_class_init (vm, vm->types[LS_TYPE_INT]);
  ls_bool_class_init (vm, vm->types[LS_TYPE_BOOL]);
  ls_float_class_init (vm, vm->types[LS_TYPE_FLOAT]);
  ls_none_class_init (vm, vm->types[LS_TYPE_NONE]);
  ls_class_add_method (vm, vm->types[LS_TYPE_ELLIPSIS], "__repr__", (gpointer) ellipsis_repr);
  ls_class_add_method (vm, vm->types[LS_TYPE_NOT_IMPLEMENTED], "__repr__", (gpointer) not_implemented_repr);
  ls_iterator_classes_init (vm);
  ls_dict_views_init (vm);

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    ls_dict_set_str (vm, builtins, ls_str_intern_cstr (vm, functions[i].name),
                     ls_aux_native_value (vm, functions[i].name, functions[i].func));
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    ls_dict_set_str (vm, builtins, ls_str_intern_cstr (vm, types[i].name), ls_obj (vm->types[types[i].type]));
}
