/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-intlib.c — the classes of the unboxed values: int, bool, float and
 * NoneType.  Their arithmetic is inline in ls-ops.c; here are what the
 * classes themselves answer: construction (int('12', 16)), repr, format,
 * hash and the few methods programs call (bit_length, is_integer, ...).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-builtins.h"

#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-number-format.h"
#include "ls-ops.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* The receiver checks: bool counts as an int, as it is a subclass. */
static gboolean
check_number_self (LsVM *vm, const LsValue *args, guint n_args, gboolean want_float, const char *method)
{
  const char *type_name = want_float ? "float" : "int";

  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "unbound method %s.%s() needs an argument", type_name, method);
  if (want_float ? ls_is_float (args[0]) : ls_is_intlike (args[0]))
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR,
                   "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                   method, type_name, ls_type_name (vm, args[0]));
}

static gboolean
number_prologue (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, gboolean want_float,
                 const char *qualified, guint min, guint max)
{
  return check_number_self (vm, args, n_args, want_float, strchr (qualified, '.') + 1)
         && ls_aux_no_kwargs (vm, qualified, kwnames)
         && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define INT_PROLOGUE(name, min, max) \
  if (!number_prologue (vm, args, n_args, kwnames, FALSE, "int." name, min, max)) \
    return FALSE; \
  gint64 self = ls_as_int (args[0])

#define FLOAT_PROLOGUE(name, min, max) \
  if (!number_prologue (vm, args, n_args, kwnames, TRUE, "float." name, min, max)) \
    return FALSE; \
  double self = args[0].f

static gboolean
raise_with_message (LsVM *vm, LsExceptionType type, char *message)
{
  ls_raise (vm, type, "%s", message);
  g_free (message);
  return FALSE;
}

/* ---- int() ----------------------------------------------------------- */

static gboolean
int_from_double (LsVM *vm, double x, LsValue *result)
{
  if (isinf (x))
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "cannot convert float infinity to integer");
  if (isnan (x))
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "cannot convert float NaN to integer");
  x = trunc (x);
  if (x < -9223372036854775808.0 || x >= 9223372036854775808.0)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  *result = ls_int ((gint64) x);
  return TRUE;
}

static gboolean
int_from_str (LsVM *vm, LsStr *text, gint64 base, LsValue *result)
{
  gint64 value;
  gboolean overflow = FALSE;
  LsStr *repr;

  if (ls_int_parse (text->data, text->len, (int) base, &value, &overflow))
    {
      if (overflow)
        return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
      *result = ls_int (value);
      return TRUE;
    }
  if (!ls_repr (vm, ls_obj (text), &repr))
    return FALSE;
  return ls_raise (vm, LS_EXC_VALUE_ERROR, "invalid literal for int() with base %d: %s", (int) base, repr->data);
}

/* __int__, then __index__, as int(x) tries them. */
static gboolean
int_from_object (LsVM *vm, LsValue x, LsValue *result)
{
  static const char *const methods[] = { "__int__", "__index__", "__trunc__" };
  gboolean found;

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      if (!ls_call_method_opt (vm, x, ls_str_intern_cstr (vm, methods[i]), NULL, 0, result, &found))
        return FALSE;
      if (found && ls_is_intlike (*result))
        {
          *result = ls_int (ls_as_int (*result));
          return TRUE;
        }
      if (found)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s returned non-int (type %s)", methods[i],
                         ls_type_name (vm, *result));
    }
  return ls_raise (vm, LS_EXC_TYPE_ERROR,
                   "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                   ls_type_name (vm, x));
}

NATIVE (int_new)
{
  static const char *const names[] = { "base" };
  LsValue base_value = LS_UNBOUND, x;
  gint64 base = 10;

  if (!ls_aux_check_new (vm, "int", args, n_args))
    return FALSE;
  x = n_args > 1 ? args[1] : LS_UNBOUND;
  if (!ls_aux_arity_getargs (vm, "int", n_args - 1, 0, 2))
    return FALSE;
  if (n_args > 2)
    base_value = args[2];
  if (!ls_aux_kwargs (vm, "int", args, n_args, kwnames, names, &base_value, 1))
    return FALSE;
  if (ls_is_unbound (x))
    {
      if (!ls_is_unbound (base_value))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "int() missing string argument");
      *result = ls_int (0);
      return TRUE;
    }
  if (!ls_is_unbound (base_value))
    {
      if (!ls_aux_index (vm, base_value, &base))
        return FALSE;
      if (base != 0 && (base < 2 || base > 36))
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "int() base must be >= 2 and <= 36, or 0");
      if (!ls_is_kind (x, LS_KIND_STR))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "int() can't convert non-string with explicit base");
    }
  if (ls_is_intlike (x))
    *result = ls_int (ls_as_int (x));
  else if (ls_is_float (x))
    return int_from_double (vm, x.f, result);
  else if (ls_is_kind (x, LS_KIND_STR))
    return int_from_str (vm, (LsStr *) x.o, base, result);
  else
    return int_from_object (vm, x, result);
  return TRUE;
}

/* ---- int methods ------------------------------------------------------ */

static LsValue
decimal (LsVM *vm, gint64 x)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, x);
  return ls_obj (ls_str_new_cstr (vm, buf));
}

NATIVE (int_repr)
{
  INT_PROLOGUE ("__repr__", 0, 0);
  *result = decimal (vm, self);
  return TRUE;
}

static gboolean
format_spec_arg (LsVM *vm, LsValue spec, LsStr **out)
{
  if ((*out = ls_value_str (spec)) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__format__() argument must be str, not %s", ls_type_name (vm, spec));
  return TRUE;
}

/* format(n, spec); bools format as ints once a spec is given. */
NATIVE (int_format)
{
  LsStr *spec;
  GString *out;
  char *error = NULL;
  LsFormatSpec parsed;

  INT_PROLOGUE ("__format__", 1, 1);
  if (!format_spec_arg (vm, args[1], &spec))
    return FALSE;
  if (spec->len == 0)
    {
      LsStr *text;

      if (!ls_str (vm, args[0], &text))
        return FALSE;
      *result = ls_obj (text);
      return TRUE;
    }
  if (ls_format_spec_parse_for_type (spec->data, spec->len, "int", &parsed, &error)
      && ls_format_int_is_char_overflow (self, &parsed))
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "%%c arg not in range(0x110000)");
  g_clear_pointer (&error, g_free);
  if (!ls_aux_check_format_size (vm, spec->data, spec->len))
    return FALSE;
  out = g_string_new (NULL);
  if (!ls_format_int_with_spec (out, self, spec->data, spec->len, &error))
    {
      g_string_free (out, TRUE);
      return raise_with_message (vm, LS_EXC_VALUE_ERROR, error);
    }
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (int_hash)
{
  INT_PROLOGUE ("__hash__", 0, 0);
  *result = ls_int (ls_hash_int (self));
  return TRUE;
}

NATIVE (int_index)
{
  INT_PROLOGUE ("__index__", 0, 0);
  *result = ls_int (self);
  return TRUE;
}

NATIVE (int_float)
{
  INT_PROLOGUE ("__float__", 0, 0);
  *result = ls_float ((double) self);
  return TRUE;
}

NATIVE (int_bit_length)
{
  guint64 magnitude;
  gint64 bits = 0;

  INT_PROLOGUE ("bit_length", 0, 0);
  magnitude = self < 0 ? (guint64) 0 - (guint64) self : (guint64) self;
  for (; magnitude != 0; magnitude >>= 1)
    bits++;
  *result = ls_int (bits);
  return TRUE;
}

NATIVE (int_bit_count)
{
  guint64 magnitude;

  INT_PROLOGUE ("bit_count", 0, 0);
  magnitude = self < 0 ? (guint64) 0 - (guint64) self : (guint64) self;
  *result = ls_int (__builtin_popcountll (magnitude));
  return TRUE;
}

NATIVE (int_as_integer_ratio)
{
  LsTuple *t;

  INT_PROLOGUE ("as_integer_ratio", 0, 0);
  t = ls_tuple_new (vm, 2);
  t->items[0] = ls_int (self);
  t->items[1] = ls_int (1);
  *result = ls_obj (t);
  return TRUE;
}

NATIVE (int_conjugate)
{
  INT_PROLOGUE ("conjugate", 0, 0);
  *result = ls_int (self);
  return TRUE;
}

/* real, numerator: the int itself; imag 0; denominator 1. */
NATIVE (int_real)
{
  INT_PROLOGUE ("real", 0, 0);
  *result = ls_int (self);
  return TRUE;
}

NATIVE (int_imag)
{
  INT_PROLOGUE ("imag", 0, 0);
  (void) self;
  *result = ls_int (0);
  return TRUE;
}

NATIVE (int_denominator)
{
  INT_PROLOGUE ("denominator", 0, 0);
  (void) self;
  *result = ls_int (1);
  return TRUE;
}

/* ---- bool ------------------------------------------------------------ */

NATIVE (bool_new)
{
  gboolean truth = FALSE;

  if (!ls_aux_check_new (vm, "bool", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "bool", kwnames) || !ls_aux_arity (vm, "bool", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 2 && !ls_truthy (vm, args[1], &truth))
    return FALSE;
  *result = ls_bool (truth);
  return TRUE;
}

NATIVE (bool_repr)
{
  if (!ls_aux_no_kwargs (vm, "bool.__repr__", kwnames) || n_args != 1 || !ls_is_bool (args[0]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '__repr__' requires a 'bool' object");
  *result = ls_obj (ls_str_intern_cstr (vm, args[0].b ? "True" : "False"));
  return TRUE;
}

/* ---- float ----------------------------------------------------------- */

static gboolean
float_from_str (LsVM *vm, LsStr *text, LsValue *result)
{
  double x;
  LsStr *repr;

  if (ls_float_parse (text->data, text->len, &x))
    {
      *result = ls_float (x);
      return TRUE;
    }
  if (!ls_repr (vm, ls_obj (text), &repr))
    return FALSE;
  return ls_raise (vm, LS_EXC_VALUE_ERROR, "could not convert string to float: %s", repr->data);
}

static gboolean
float_from_object (LsVM *vm, LsValue x, LsValue *result)
{
  gboolean found;

  if (!ls_call_method_opt (vm, x, ls_str_intern_cstr (vm, "__float__"), NULL, 0, result, &found))
    return FALSE;
  if (found && ls_is_float (*result))
    return TRUE;
  if (found)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s.__float__ returned non-float (type %s)",
                     ls_type_name (vm, x), ls_type_name (vm, *result));
  if (!ls_call_method_opt (vm, x, ls_str_intern_cstr (vm, "__index__"), NULL, 0, result, &found))
    return FALSE;
  if (found && ls_is_intlike (*result))
    {
      *result = ls_float ((double) ls_as_int (*result));
      return TRUE;
    }
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "float() argument must be a string or a real number, not '%s'",
                   ls_type_name (vm, x));
}

NATIVE (float_new)
{
  LsValue x;

  if (!ls_aux_check_new (vm, "float", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "float", kwnames) || !ls_aux_arity (vm, "float", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 1)
    {
      *result = ls_float (0.0);
      return TRUE;
    }
  x = args[1];
  if (ls_is_float (x))
    *result = x;
  else if (ls_is_intlike (x))
    *result = ls_float ((double) ls_as_int (x));
  else if (ls_is_kind (x, LS_KIND_STR))
    return float_from_str (vm, (LsStr *) x.o, result);
  else
    return float_from_object (vm, x, result);
  return TRUE;
}

NATIVE (float_repr)
{
  GString *out;

  FLOAT_PROLOGUE ("__repr__", 0, 0);
  out = g_string_new (NULL);
  ls_float_repr (out, self);
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (float_format)
{
  LsStr *spec;
  GString *out;
  char *error = NULL;

  FLOAT_PROLOGUE ("__format__", 1, 1);
  if (!format_spec_arg (vm, args[1], &spec) || !ls_aux_check_format_size (vm, spec->data, spec->len))
    return FALSE;
  out = g_string_new (NULL);
  if (!ls_format_float_with_spec (out, self, spec->data, spec->len, &error))
    {
      g_string_free (out, TRUE);
      return raise_with_message (vm, LS_EXC_VALUE_ERROR, error);
    }
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (float_hash)
{
  FLOAT_PROLOGUE ("__hash__", 0, 0);
  *result = ls_int (ls_hash_float (self));
  return TRUE;
}

NATIVE (float_is_integer)
{
  FLOAT_PROLOGUE ("is_integer", 0, 0);
  *result = ls_bool (isfinite (self) && self == floor (self));
  return TRUE;
}

NATIVE (float_int)
{
  FLOAT_PROLOGUE ("__int__", 0, 0);
  return int_from_double (vm, self, result);
}

NATIVE (float_float)
{
  FLOAT_PROLOGUE ("__float__", 0, 0);
  *result = ls_float (self);
  return TRUE;
}

/* float_as_integer_ratio of CPython: double the mantissa until it is
 * integral, then shift. */
NATIVE (float_as_integer_ratio)
{
  double mantissa;
  int exponent;
  gint64 numerator, denominator = 1;
  LsTuple *t;

  FLOAT_PROLOGUE ("as_integer_ratio", 0, 0);
  if (isinf (self))
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "cannot convert Infinity to integer ratio");
  if (isnan (self))
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "cannot convert NaN to integer ratio");
  mantissa = frexp (self, &exponent);
  for (int i = 0; i < 300 && mantissa != floor (mantissa); i++)
    {
      mantissa *= 2.0;
      exponent--;
    }
  if (fabs (mantissa) >= 9223372036854775808.0 || exponent >= 63 || exponent <= -63
      || (exponent > 0 && fabs (mantissa) * ldexp (1.0, exponent) >= 9223372036854775808.0))
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  numerator = (gint64) mantissa;
  if (exponent > 0)
    numerator *= (gint64) 1 << exponent;
  else
    denominator = (gint64) 1 << -exponent;
  t = ls_tuple_new (vm, 2);
  t->items[0] = ls_int (numerator);
  t->items[1] = ls_int (denominator);
  *result = ls_obj (t);
  return TRUE;
}

NATIVE (float_conjugate)
{
  FLOAT_PROLOGUE ("conjugate", 0, 0);
  *result = ls_float (self);
  return TRUE;
}

NATIVE (float_imag)
{
  FLOAT_PROLOGUE ("imag", 0, 0);
  (void) self;
  *result = ls_float (0.0);
  return TRUE;
}

/* ---- NoneType -------------------------------------------------------- */

NATIVE (none_new)
{
  if (!ls_aux_check_new (vm, "NoneType", args, n_args))
    return FALSE;
  (void) args;
  if (!ls_aux_no_kwargs (vm, "NoneType", kwnames) || !ls_aux_arity (vm, "NoneType", n_args - 1, 0, 0))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (none_repr)
{
  (void) args;
  (void) n_args;
  (void) kwnames;
  *result = ls_obj (ls_str_intern_cstr (vm, "None"));
  return TRUE;
}

/* ---- the classes ------------------------------------------------------ */

static const LsAuxMethod int_methods[] = {
  { "__new__", int_new },
  { "__repr__", int_repr },
  { "__format__", int_format },
  { "__hash__", int_hash },
  { "__index__", int_index },
  { "__int__", int_index },
  { "__float__", int_float },
  { "bit_length", int_bit_length },
  { "bit_count", int_bit_count },
  { "as_integer_ratio", int_as_integer_ratio },
  { "conjugate", int_conjugate },
};

static const LsAuxMethod float_methods[] = {
  { "__new__", float_new },
  { "__repr__", float_repr },
  { "__format__", float_format },
  { "__hash__", float_hash },
  { "__int__", float_int },
  { "__float__", float_float },
  { "is_integer", float_is_integer },
  { "as_integer_ratio", float_as_integer_ratio },
  { "conjugate", float_conjugate },
};

void
ls_int_class_init (LsVM    *vm,
                   LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, int_methods);
  ls_aux_add_property (vm, cls, "real", int_real);
  ls_aux_add_property (vm, cls, "imag", int_imag);
  ls_aux_add_property (vm, cls, "numerator", int_real);
  ls_aux_add_property (vm, cls, "denominator", int_denominator);
}

void
ls_bool_class_init (LsVM    *vm,
                    LsClass *cls)
{
  ls_class_add_method (vm, cls, "__new__", (gpointer) bool_new);
  ls_class_add_method (vm, cls, "__repr__", (gpointer) bool_repr);
}

void
ls_float_class_init (LsVM    *vm,
                     LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, float_methods);
  ls_aux_add_property (vm, cls, "real", float_float);
  ls_aux_add_property (vm, cls, "imag", float_imag);
}

void
ls_none_class_init (LsVM    *vm,
                    LsClass *cls)
{
  ls_class_add_method (vm, cls, "__new__", (gpointer) none_new);
  ls_class_add_method (vm, cls, "__repr__", (gpointer) none_repr);
}
