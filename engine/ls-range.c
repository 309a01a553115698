/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-range.c — range objects: a lazy arithmetic progression.  Indexing,
 * slicing, `in` and len() are arithmetic, never iteration.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-range.h"

#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-iterator.h"
#include "ls-ops.h"
#include "ls-slice.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* Unsigned differences so that range(-2**63, 2**63 - 1) does not overflow. */
static gint64
range_length (gint64 start, gint64 stop, gint64 step)
{
  if (step > 0 && start < stop)
    return (gint64) (((guint64) stop - (guint64) start - 1) / (guint64) step + 1);
  if (step < 0 && start > stop)
    return (gint64) (((guint64) start - (guint64) stop - 1) / (0 - (guint64) step) + 1);
  return 0;
}

LsRange *
ls_range_new (LsVM   *vm,
              gint64  start,
              gint64  stop,
              gint64  step)
{
  LsRange *self = ls_object_alloc (vm, LS_KIND_RANGE, vm->types[LS_TYPE_RANGE], sizeof (LsRange));

  self->start = start;
  self->stop = stop;
  self->step = step;
  self->length = range_length (start, stop, step);
  return self;
}

static gint64
item_at (const LsRange *self, gint64 i)
{
  return (gint64) ((guint64) self->start + (guint64) i * (guint64) self->step);
}

static gboolean
method_prologue (LsVM          *vm,
                 const char    *qualified,
                 const LsValue *args,
                 guint          n_args,
                 LsTuple       *kwnames,
                 guint          min,
                 guint          max)
{
  return ls_aux_check_self (vm, args, n_args, LS_KIND_RANGE, "range", qualified + 6)
         && ls_aux_no_kwargs (vm, qualified, kwnames)
         && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define PROLOGUE(name, min, max) \
  if (!method_prologue (vm, "range." name, args, n_args, kwnames, min, max)) \
    return FALSE; \
  LsRange *self = (LsRange *) args[0].o

NATIVE (range_new)
{
  gint64 bounds[3] = { 0, 0, 1 };

  if (!ls_aux_check_new (vm, "range", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "range", kwnames) || !ls_aux_arity (vm, "range", n_args - 1, 1, 3))
    return FALSE;
  for (guint i = 1; i < n_args; i++)
    if (!ls_aux_index (vm, args[i], &bounds[n_args == 2 ? 1 : i - 1]))
      return FALSE;
  if (bounds[2] == 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "range() arg 3 must not be zero");
  *result = ls_obj (ls_range_new (vm, bounds[0], bounds[1], bounds[2]));
  return TRUE;
}

NATIVE (range_repr)
{
  GString *out;

  PROLOGUE ("__repr__", 0, 0);
  out = g_string_new (NULL);
  g_string_append_printf (out, "range(%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT, self->start, self->stop);
  if (self->step != 1)
    g_string_append_printf (out, ", %" G_GINT64_FORMAT, self->step);
  g_string_append_c (out, ')');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (range_len)
{
  PROLOGUE ("__len__", 0, 0);
  *result = ls_int (self->length);
  return TRUE;
}

/* Ranges are equal when they produce the same numbers. */
static gboolean
same_sequence (const LsRange *a, const LsRange *b)
{
  if (a->length != b->length)
    return FALSE;
  if (a->length == 0)
    return TRUE;
  if (a->start != b->start)
    return FALSE;
  return a->length == 1 || a->step == b->step;
}

static gboolean
range_compare (LsVM *vm, const LsValue *args, guint n_args, gboolean equal, LsValue *result)
{
  LsRange *other;

  if (!method_prologue (vm, "range.__eq__", args, n_args, NULL, 1, 1))
    return FALSE;
  if ((other = ls_value_range (args[1])) == NULL)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  *result = ls_bool (same_sequence ((LsRange *) args[0].o, other) == equal);
  return TRUE;
}

NATIVE (range_eq) { (void) kwnames; return range_compare (vm, args, n_args, TRUE, result); }
NATIVE (range_ne) { (void) kwnames; return range_compare (vm, args, n_args, FALSE, result); }

/* CPython hashes (len, start, step) with None for what does not matter. */
NATIVE (range_hash)
{
  LsTuple *key;
  gint64 h;

  PROLOGUE ("__hash__", 0, 0);
  key = ls_tuple_new (vm, 3);
  key->items[0] = ls_int (self->length);
  key->items[1] = self->length == 0 ? LS_NONE : ls_int (self->start);
  key->items[2] = self->length <= 1 ? LS_NONE : ls_int (self->step);
  if (!ls_hash (vm, ls_obj (key), &h))
    return FALSE;
  *result = ls_int (h);
  return TRUE;
}

NATIVE (range_getitem)
{
  LsSlice *slice;
  gint64 index, start, stop, step, n;

  PROLOGUE ("__getitem__", 1, 1);
  if ((slice = ls_value_slice (args[1])) != NULL)
    {
      if (!ls_slice_indices (vm, slice, self->length, &start, &stop, &step, &n))
        return FALSE;
      *result = ls_obj (ls_range_new (vm, item_at (self, start), item_at (self, stop),
                                      self->step * step));
      return TRUE;
    }
  if (!ls_is_intlike (args[1]) && !ls_is_kind (args[1], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "range indices must be integers or slices, not %s",
                     ls_type_name (vm, args[1]));
  if (!ls_aux_index (vm, args[1], &index))
    return FALSE;
  if (!ls_aux_wrap_index (self->length, index, &index))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "range object index out of range");
  *result = ls_int (item_at (self, index));
  return TRUE;
}

/* The position of an int in the range, or -1. */
static gint64
position_of (const LsRange *self, gint64 x)
{
  gint64 offset;

  if (self->step > 0 ? (x < self->start || x >= self->stop) : (x > self->start || x <= self->stop))
    return -1;
  offset = (gint64) ((guint64) x - (guint64) self->start);
  if (offset % self->step != 0)
    return -1;
  return offset / self->step;
}

/* Non-int values (2.0 in range(5)) are compared item by item, as CPython. */
static gboolean
find_value (LsVM *vm, LsRange *self, LsValue x, gint64 *position, gint64 *count)
{
  gboolean equal;

  *position = -1;
  *count = 0;
  if (ls_is_intlike (x))
    {
      *position = position_of (self, ls_as_int (x));
      *count = *position >= 0;
      return TRUE;
    }
  for (gint64 i = 0; i < self->length; i++)
    {
      if (!ls_equal (vm, ls_int (item_at (self, i)), x, &equal))
        return FALSE;
      if (equal && *position < 0)
        *position = i;
      *count += equal;
    }
  return TRUE;
}

NATIVE (range_contains)
{
  gint64 position, count;

  PROLOGUE ("__contains__", 1, 1);
  if (!find_value (vm, self, args[1], &position, &count))
    return FALSE;
  *result = ls_bool (position >= 0);
  return TRUE;
}

NATIVE (range_count)
{
  gint64 position, count;

  PROLOGUE ("count", 1, 1);
  if (!find_value (vm, self, args[1], &position, &count))
    return FALSE;
  *result = ls_int (count);
  return TRUE;
}

NATIVE (range_index)
{
  gint64 position, count;
  LsStr *repr;

  PROLOGUE ("index", 1, 1);
  if (!find_value (vm, self, args[1], &position, &count))
    return FALSE;
  if (position < 0 && !ls_is_intlike (args[1]))
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "sequence.index(x): x not in sequence");
  if (position < 0)
    {
      if (!ls_repr (vm, args[1], &repr))
        return FALSE;
      return ls_raise (vm, LS_EXC_VALUE_ERROR, "%s is not in range", repr->data);
    }
  *result = ls_int (position);
  return TRUE;
}

/* range_iterator: index counts items produced, stop is the length;
 * extra is the first item (an int) and step what each next adds, the
 * range's step or, for reversed(), its negation.  The iterator needs not
 * read the range again: in a coroutine's `for` loop, resumed long after
 * its last step, the range would be one more object out of the cache. */
static gboolean
range_iter_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  (void) vm;
  *exhausted = !ls_range_iterator_step (it, value);
  return TRUE;
}

static LsValue
range_iterator (LsVM *vm, LsRange *self, gint64 direction)
{
  gint64 first = direction > 0 ? self->start : item_at (self, self->length - 1);
  LsIterator *it = ls_iterator_new (vm, vm->types[LS_TYPE_RANGE_ITERATOR], range_iter_next,
                                    ls_obj (self), ls_int (first));

  it->stop = self->length;
  it->step = direction > 0 ? self->step : (gint64) (0 - (guint64) self->step);
  return ls_obj (it);
}

NATIVE (range_iter)
{
  PROLOGUE ("__iter__", 0, 0);
  *result = range_iterator (vm, self, 1);
  return TRUE;
}

NATIVE (range_reversed)
{
  PROLOGUE ("__reversed__", 0, 0);
  *result = range_iterator (vm, self, -1);
  return TRUE;
}

#define RANGE_GETTER(fname, field) \
  NATIVE (fname) \
  { \
    PROLOGUE (#field, 0, 0); \
    *result = ls_int (self->field); \
    return TRUE; \
  }

RANGE_GETTER (range_start, start)
RANGE_GETTER (range_stop, stop)
RANGE_GETTER (range_step, step)

static const LsAuxMethod range_methods[] = {
  { "__new__", range_new },
  { "__repr__", range_repr },
  { "__len__", range_len },
  { "__eq__", range_eq },
  { "__ne__", range_ne },
  { "__hash__", range_hash },
  { "__getitem__", range_getitem },
  { "__contains__", range_contains },
  { "__iter__", range_iter },
  { "__reversed__", range_reversed },
  { "count", range_count },
  { "index", range_index },
};

void
ls_range_class_init (LsVM    *vm,
                     LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, range_methods);
  ls_aux_add_property (vm, cls, "start", range_start);
  ls_aux_add_property (vm, cls, "stop", range_stop);
  ls_aux_add_property (vm, cls, "step", range_step);
}
