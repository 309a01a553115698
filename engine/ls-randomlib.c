/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-randomlib.c — the `random` module: Python's argument handling and
 * errors around ls-random.c, which draws exactly what CPython draws.
 * The generator is vm->random, seeded with 0 when the VM starts (and by
 * seed() with no argument, which CPython would take from the OS).
 *
 * These are Python functions in CPython (Lib/random.py), so their
 * argument errors read like a def's: "Random.randint() missing 1
 * required positional argument: 'b'".
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-builtins.h"

#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-random.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* Binds positional and keyword arguments to the parameters of a Python
 * def Random.fname(self, names...); values[] holds the defaults
 * (LS_UNBOUND: required). */
static gboolean
bind_args (LsVM *vm, const char *fname, const LsValue *args, guint n_args, LsTuple *kwnames,
           const char *const *names, guint n_names, guint n_required, LsValue *values)
{
  guint n_pos = n_args, missing = 0;
  g_autoptr (GString) list = g_string_new (NULL);

  if (n_pos > n_names)
    {
      if (n_required == n_names)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "Random.%s() takes %u positional arguments but %u were given",
                         fname, n_names + 1, n_pos + 1);
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "Random.%s() takes from %u to %u positional arguments but %u were given",
                       fname, n_required + 1, n_names + 1, n_pos + 1);
    }
  for (guint i = 0; i < n_pos; i++)
    values[i] = args[i];
  for (guint k = 0; k < ls_aux_n_kwargs (kwnames); k++)
    {
      LsStr *key = ls_value_str (kwnames->items[k]);
      guint i;

      for (i = 0; i < n_names && strcmp (key->data, names[i]) != 0; i++)
        ;
      if (i == n_names)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "Random.%s() got an unexpected keyword argument '%s'", fname, key->data);
      values[i] = args[n_pos + k];
    }
  for (guint i = 0; i < n_required; i++)
    if (ls_is_unbound (values[i]))
      {
        g_string_append_printf (list, "%s'%s'", missing == 0 ? "" : " and ", names[i]);
        missing++;
      }
  if (missing > 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Random.%s() missing %u required positional argument%s: %s",
                     fname, missing, missing == 1 ? "" : "s", list->str);
  return TRUE;
}

static gboolean
raise_message (LsVM *vm, LsExceptionType type, char *message)
{
  ls_raise (vm, type, "%s", message);
  g_free (message);
  return FALSE;
}

static gboolean
number_arg (LsVM *vm, LsValue v, double *out)
{
  if (ls_is_float (v))
    *out = v.f;
  else if (ls_is_intlike (v))
    *out = (double) ls_as_int (v);
  else
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "must be real number, not %s", ls_type_name (vm, v));
  return TRUE;
}

/* ---- seeding ---------------------------------------------------------- */

NATIVE (random_seed)
{
  static const char *const names[] = { "a", "version" };
  LsValue values[2] = { LS_NONE, ls_int (2) }, a;
  LsStr *text;

  if (!bind_args (vm, "seed", args, n_args, kwnames, names, 2, 0, values))
    return FALSE;
  a = values[0];
  if (ls_is_none (a))
    ls_random_init (&vm->random);
  else if (ls_is_intlike (a))
    ls_random_seed_int (&vm->random, ls_as_int (a));
  else if (ls_is_float (a))
    ls_random_seed_float (&vm->random, a.f);
  else if ((text = ls_value_str (a)) != NULL)
    ls_random_seed_bytes (&vm->random, (const guint8 *) text->data, text->len);
  else
    return ls_raise (vm, LS_EXC_TYPE_ERROR,
                     "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
  *result = LS_NONE;
  return TRUE;
}

/* ---- numbers ----------------------------------------------------------- */

NATIVE (random_random)
{
  if (!bind_args (vm, "random", args, n_args, kwnames, NULL, 0, 0, NULL))
    return FALSE;
  *result = ls_float (ls_random_random (&vm->random));
  return TRUE;
}

/* randrange's int(x) fallback: integral floats pass, with the warning
 * CPython prints going nowhere. */
static gboolean
range_arg (LsVM *vm, LsValue v, const char *what, gint64 *out)
{
  if (ls_is_float (v) && isfinite (v.f) && v.f == floor (v.f) && fabs (v.f) < 9.2e18)
    {
      *out = (gint64) v.f;
      return TRUE;
    }
  if (ls_is_float (v) && isfinite (v.f))
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "non-integer %s for randrange()", what);
  return ls_aux_index (vm, v, out);
}

NATIVE (random_randrange)
{
  static const char *const names[] = { "start", "stop", "step" };
  LsValue values[3] = { LS_UNBOUND, LS_NONE, LS_UNBOUND };
  gint64 start, stop, step = 1, out;
  char *error = NULL;

  if (!bind_args (vm, "randrange", args, n_args, kwnames, names, 3, 1, values)
      || !range_arg (vm, values[0], "arg 1", &start))
    return FALSE;
  if (ls_is_none (values[1]))
    {
      if (!ls_is_unbound (values[2]))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "Missing a non-None stop argument");
      if (!ls_random_randrange_stop (&vm->random, start, &out, &error))
        return raise_message (vm, LS_EXC_VALUE_ERROR, error);
      *result = ls_int (out);
      return TRUE;
    }
  if (!range_arg (vm, values[1], "stop", &stop)
      || (!ls_is_unbound (values[2]) && !range_arg (vm, values[2], "step", &step)))
    return FALSE;
  if (!ls_random_randrange (&vm->random, start, stop, step, &out, &error))
    return raise_message (vm, LS_EXC_VALUE_ERROR, error);
  *result = ls_int (out);
  return TRUE;
}

NATIVE (random_randint)
{
  static const char *const names[] = { "a", "b" };
  LsValue values[2] = { LS_UNBOUND, LS_UNBOUND };
  gint64 a, b, out;
  char *error = NULL;

  if (!bind_args (vm, "randint", args, n_args, kwnames, names, 2, 2, values)
      || !range_arg (vm, values[0], "arg 1", &a) || !range_arg (vm, values[1], "stop", &b))
    return FALSE;
  if (!ls_random_randint (&vm->random, a, b, &out, &error))
    return raise_message (vm, LS_EXC_VALUE_ERROR, error);
  *result = ls_int (out);
  return TRUE;
}

NATIVE (random_uniform)
{
  static const char *const names[] = { "a", "b" };
  LsValue values[2] = { LS_UNBOUND, LS_UNBOUND };
  double a = 0.0, b = 0.0;

  if (!bind_args (vm, "uniform", args, n_args, kwnames, names, 2, 2, values)
      || !number_arg (vm, values[0], &a) || !number_arg (vm, values[1], &b))
    return FALSE;
  *result = ls_float (ls_random_uniform (&vm->random, a, b));
  return TRUE;
}

NATIVE (random_gauss)
{
  static const char *const names[] = { "mu", "sigma" };
  LsValue values[2] = { ls_float (0.0), ls_float (1.0) };
  double mu = 0.0, sigma = 0.0;

  if (!bind_args (vm, "gauss", args, n_args, kwnames, names, 2, 0, values)
      || !number_arg (vm, values[0], &mu) || !number_arg (vm, values[1], &sigma))
    return FALSE;
  *result = ls_float (ls_random_gauss (&vm->random, mu, sigma));
  return TRUE;
}

NATIVE (random_triangular)
{
  static const char *const names[] = { "low", "high", "mode" };
  LsValue values[3] = { ls_float (0.0), ls_float (1.0), LS_NONE };
  double low = 0.0, high = 0.0, mode = 0.0;

  if (!bind_args (vm, "triangular", args, n_args, kwnames, names, 3, 0, values)
      || !number_arg (vm, values[0], &low) || !number_arg (vm, values[1], &high)
      || (!ls_is_none (values[2]) && !number_arg (vm, values[2], &mode)))
    return FALSE;
  *result = ls_float (ls_random_triangular (&vm->random, low, high, !ls_is_none (values[2]), mode));
  return TRUE;
}

NATIVE (random_expovariate)
{
  static const char *const names[] = { "lambd" };
  LsValue values[1] = { LS_UNBOUND };
  double lambd = 0.0, out;
  char *error = NULL;

  if (!bind_args (vm, "expovariate", args, n_args, kwnames, names, 1, 1, values)
      || !number_arg (vm, values[0], &lambd))
    return FALSE;
  if (!ls_random_expovariate (&vm->random, lambd, &out, &error))
    return raise_message (vm, LS_EXC_ZERO_DIVISION_ERROR, error);
  *result = ls_float (out);
  return TRUE;
}

NATIVE (random_getrandbits)
{
  static const char *const names[] = { "k" };
  LsValue values[1] = { LS_UNBOUND };
  gint64 k;
  guint64 bits;

  if (!bind_args (vm, "getrandbits", args, n_args, kwnames, names, 1, 1, values)
      || !ls_aux_index (vm, values[0], &k))
    return FALSE;
  if (k < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "number of bits must be non-negative");
  if (k > 64)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  bits = ls_random_getrandbits (&vm->random, (int) k);
  if (bits > (guint64) G_MAXINT64)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
  *result = ls_int ((gint64) bits);
  return TRUE;
}

/* ---- sequences ---------------------------------------------------------- */

NATIVE (random_choice)
{
  static const char *const names[] = { "seq" };
  LsValue values[1] = { LS_UNBOUND };
  gint64 n;

  if (!bind_args (vm, "choice", args, n_args, kwnames, names, 1, 1, values) || !ls_len (vm, values[0], &n))
    return FALSE;
  if (n == 0)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "Cannot choose from an empty sequence");
  return ls_getitem (vm, values[0], ls_int ((gint64) ls_random_choice_index (&vm->random, (gsize) n)), result);
}

/* shuffle(x): in place; perm[i] is the old index of what ends at i. */
NATIVE (random_shuffle)
{
  static const char *const names[] = { "x" };
  LsValue values[1] = { LS_UNBOUND }, items;
  gint64 n;
  g_autofree gsize *perm = NULL;
  LsList *copy;

  if (!bind_args (vm, "shuffle", args, n_args, kwnames, names, 1, 1, values) || !ls_len (vm, values[0], &n))
    return FALSE;
  perm = g_new (gsize, MAX (n, 1));
  ls_random_shuffle_indices (&vm->random, (gsize) n, perm);
  if (!ls_iterate_to_list (vm, values[0], &items))
    return FALSE;
  copy = (LsList *) items.o;
  for (gint64 i = 0; i < n && (gsize) i < copy->len; i++)
    if (!ls_setitem (vm, values[0], ls_int (i), copy->items[perm[i]]))
      return FALSE;
  *result = LS_NONE;
  return TRUE;
}

static gboolean
is_sequence (LsValue v)
{
  return ls_is_kind (v, LS_KIND_LIST) || ls_is_kind (v, LS_KIND_TUPLE) || ls_is_kind (v, LS_KIND_STR)
         || ls_is_kind (v, LS_KIND_RANGE);
}

/* counts=: selections index a running total, bisected as CPython does. */
static gboolean
cumulative_counts (LsVM *vm, LsValue counts, gsize n, GArray **out)
{
  LsValue list;
  gint64 total = 0, count;

  if (!ls_iterate_to_list (vm, counts, &list))
    return FALSE;
  if (((LsList *) list.o)->len != n)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "The number of counts does not match the population");
  *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (gsize i = 0; i < n; i++)
    {
      if (!ls_is_intlike (((LsList *) list.o)->items[i]))
        {
          g_array_unref (*out);
          return ls_raise (vm, LS_EXC_TYPE_ERROR, "Counts must be integers");
        }
      count = ls_as_int (((LsList *) list.o)->items[i]);
      total += count;
      g_array_append_val (*out, total);
    }
  return TRUE;
}

static gsize
bisect_right (const GArray *cum, gint64 x)
{
  gsize lo = 0, hi = cum->len;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (x < g_array_index (cum, gint64, mid))
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

NATIVE (random_sample)
{
  static const char *const names[] = { "population", "k", "counts" };
  LsValue values[3] = { LS_UNBOUND, LS_UNBOUND, LS_NONE }, population;
  gint64 n, k, total;
  g_autofree gsize *picked = NULL;
  g_autoptr (GArray) cum = NULL;
  char *error = NULL;
  LsList *out;

  if (!bind_args (vm, "sample", args, n_args, kwnames, names, 3, 2, values))
    return FALSE;
  population = values[0];
  if (!is_sequence (population))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Population must be a sequence.  For dicts or sets, use sorted(d).");
  if (!ls_len (vm, population, &n) || !ls_aux_index (vm, values[1], &k))
    return FALSE;
  total = n;
  if (!ls_is_none (values[2]))
    {
      if (!cumulative_counts (vm, values[2], (gsize) n, &cum))
        return FALSE;
      total = cum->len > 0 ? g_array_index (cum, gint64, cum->len - 1) : 0;
    }
  if (k < 0 || k > total)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "Sample larger than population or is negative");
  /* the picks, a pool of up to a few times k, the list */
  if (!ls_vm_check_alloc_n (vm, (guint64) k, 4 * sizeof (LsValue)))
    return FALSE;
  picked = g_new (gsize, MAX (k, 1));
  if (!ls_random_sample_indices (&vm->random, (gsize) total, (gsize) k, picked, &error))
    return raise_message (vm, LS_EXC_VALUE_ERROR, error);
  out = ls_list_new (vm, (gsize) k);
  for (gint64 i = 0; i < k; i++)
    {
      gsize index = cum != NULL ? bisect_right (cum, (gint64) picked[i]) : picked[i];
      LsValue item;

      if (!ls_vm_native_step (vm) || !ls_getitem (vm, population, ls_int ((gint64) index), &item))
        return FALSE;
      ls_list_append (vm, out, item);
    }
  *result = ls_obj (out);
  return TRUE;
}

/* The cumulative weights of choices(), as doubles. */
static gboolean
cumulative_weights (LsVM *vm, LsValue weights, gboolean already_cumulative, GArray **out)
{
  LsValue list;
  double total = 0.0, w = 0.0;

  if (!ls_iterate_to_list (vm, weights, &list))
    return FALSE;
  *out = g_array_new (FALSE, FALSE, sizeof (double));
  for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
    {
      if (!number_arg (vm, ((LsList *) list.o)->items[i], &w))
        {
          g_array_unref (*out);
          return FALSE;
        }
      total = already_cumulative ? w : total + w;
      g_array_append_val (*out, total);
    }
  return TRUE;
}

static gboolean
choices_weighted (LsVM *vm, LsValue population, gsize n, GArray *cum, gint64 k, LsList *out)
{
  char *error = NULL;
  gsize index;
  LsValue item;

  if (cum->len != n)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "The number of weights does not match the population");
  if (n == 0)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "list index out of range");
  for (gint64 i = 0; i < k; i++)
    {
      if (!ls_random_choices_cum_index (&vm->random, (const double *) (gpointer) cum->data, n, &index, &error))
        return raise_message (vm, LS_EXC_VALUE_ERROR, error);
      if (!ls_vm_native_step (vm) || !ls_getitem (vm, population, ls_int ((gint64) index), &item))
        return FALSE;
      ls_list_append (vm, out, item);
    }
  return TRUE;
}

NATIVE (random_choices)
{
  static const char *const names[] = { "population", "weights", "cum_weights", "k" };
  LsValue values[4] = { LS_UNBOUND, LS_NONE, LS_NONE, ls_int (1) }, item;
  gint64 n, k;
  g_autoptr (GArray) cum = NULL;
  LsList *out;

  /* weights is the last positional parameter; cum_weights and k are keyword-only */
  if (n_args > 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Random.choices() takes from 2 to 3 positional arguments but %u were given",
                     n_args + 1);
  if (!bind_args (vm, "choices", args, n_args, kwnames, names, 4, 1, values))
    return FALSE;
  if (!ls_len (vm, values[0], &n) || !ls_aux_index (vm, values[3], &k))
    return FALSE;
  /* choices(k=10**9) asks for 16 GB: MemoryError up front, as CPython */
  if (k > 0 && !ls_vm_check_alloc_n (vm, (guint64) k, sizeof (LsValue)))
    return FALSE;
  out = ls_list_new (vm, 0);
  *result = ls_obj (out);
  if (ls_is_none (values[1]) && ls_is_none (values[2]))
    {
      for (gint64 i = 0; i < k; i++)
        {
          gsize index = n > 0 ? ls_random_choices_index (&vm->random, (gsize) n)
                              : (ls_random_random (&vm->random), 0);

          if (!ls_vm_native_step (vm) || !ls_getitem (vm, values[0], ls_int ((gint64) index), &item))
            return FALSE;
          ls_list_append (vm, out, item);
        }
      return TRUE;
    }
  if (!ls_is_none (values[1]) && !ls_is_none (values[2]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Cannot specify both weights and cumulative weights");
  if (!cumulative_weights (vm, ls_is_none (values[2]) ? values[1] : values[2], !ls_is_none (values[2]), &cum))
    return FALSE;
  return choices_weighted (vm, values[0], (gsize) n, cum, k, out);
}

/* ---- the module --------------------------------------------------------- */

static const LsAuxMethod functions[] = {
  { "seed", random_seed },
  { "random", random_random },
  { "randrange", random_randrange },
  { "randint", random_randint },
  { "uniform", random_uniform },
  { "gauss", random_gauss },
  { "triangular", random_triangular },
  { "expovariate", random_expovariate },
  { "getrandbits", random_getrandbits },
  { "choice", random_choice },
  { "shuffle", random_shuffle },
  { "sample", random_sample },
  { "choices", random_choices },
};

LsModule *
ls_module_random_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "random");

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    ls_module_add_function (vm, module, functions[i].name, (gpointer) functions[i].func);
  return module;
}
