/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-slice.h"

#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"

LsSlice *
ls_slice_new (LsVM    *vm,
              LsValue  start,
              LsValue  stop,
              LsValue  step)
{
  LsSlice *self = ls_object_alloc (vm, LS_KIND_SLICE, vm->types[LS_TYPE_SLICE], sizeof (LsSlice));

  self->start = start;
  self->stop = stop;
  self->step = step;
  return self;
}

/* _PyEval_SliceIndex: None keeps the default. */
static gboolean
slice_index (LsVM    *vm,
             LsValue  v,
             gint64  *out)
{
  if (ls_is_none (v))
    return TRUE;
  if (!ls_is_intlike (v) && !ls_is_kind (v, LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR,
                     "slice indices must be integers or None or have an __index__ method");
  return ls_aux_index (vm, v, out);
}

/* PySlice_Unpack */
static gboolean
slice_unpack (LsVM    *vm,
              LsSlice *self,
              gint64  *start,
              gint64  *stop,
              gint64  *step)
{
  *step = 1;
  if (!slice_index (vm, self->step, step))
    return FALSE;
  if (*step == 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "slice step cannot be zero");
  /* So that -step never overflows, as CPython clamps. */
  if (*step < -G_MAXINT64)
    *step = -G_MAXINT64;
  *start = *step < 0 ? G_MAXINT64 : 0;
  *stop = *step < 0 ? G_MININT64 : G_MAXINT64;
  return slice_index (vm, self->start, start) && slice_index (vm, self->stop, stop);
}

static void
adjust_bound (gint64 *bound, gint64 length, gint64 step)
{
  if (*bound < 0)
    {
      *bound += length;
      if (*bound < 0)
        *bound = step < 0 ? -1 : 0;
    }
  else if (*bound >= length)
    *bound = step < 0 ? length - 1 : length;
}

gboolean
ls_slice_indices (LsVM    *vm,
                  LsSlice *self,
                  gint64   length,
                  gint64  *start,
                  gint64  *stop,
                  gint64  *step,
                  gint64  *slice_length)
{
  if (!slice_unpack (vm, self, start, stop, step))
    return FALSE;
  adjust_bound (start, length, *step);
  adjust_bound (stop, length, *step);
  *slice_length = 0;
  if (*step < 0 && *stop < *start)
    *slice_length = (*start - *stop - 1) / (-*step) + 1;
  else if (*step > 0 && *start < *stop)
    *slice_length = (*stop - *start - 1) / *step + 1;
  return TRUE;
}

/* slice(stop) / slice(start, stop[, step]) */
static gboolean
slice_new (LsVM          *vm,
           const LsValue *args,
           guint          n_args,
           LsTuple       *kwnames,
           LsValue       *result)
{
  if (!ls_aux_check_new (vm, "slice", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "slice", kwnames) || !ls_aux_arity (vm, "slice", n_args - 1, 1, 3))
    return FALSE;
  if (n_args == 2)
    *result = ls_obj (ls_slice_new (vm, LS_NONE, args[1], LS_NONE));
  else
    *result = ls_obj (ls_slice_new (vm, args[1], args[2], n_args == 4 ? args[3] : LS_NONE));
  return TRUE;
}

static gboolean
slice_repr (LsVM          *vm,
            const LsValue *args,
            guint          n_args,
            LsTuple       *kwnames,
            LsValue       *result)
{
  LsSlice *self;
  GString *out;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_SLICE, "slice", "__repr__")
      || !ls_aux_no_kwargs (vm, "slice.__repr__", kwnames) || !ls_aux_arity (vm, "slice.__repr__", n_args - 1, 0, 0))
    return FALSE;
  self = ls_value_slice (args[0]);
  out = g_string_new ("slice(");
  if (!ls_aux_repr_items (vm, &self->start, 3, out))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  g_string_append_c (out, ')');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

/* Slices compare as the tuples (start, stop, step). */
static gboolean
slice_compare (LsVM          *vm,
               const LsValue *args,
               guint          n_args,
               LsCompareOp    op,
               LsValue       *result)
{
  LsSlice *a, *b;

  if (n_args != 2 || (a = ls_value_slice (args[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "slice comparison needs two arguments");
  b = ls_value_slice (args[1]);
  if (b == NULL)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  return ls_compare (vm, ls_obj (ls_tuple_new_from (vm, &a->start, 3)),
                     ls_obj (ls_tuple_new_from (vm, &b->start, 3)), op, result);
}

#define SLICE_COMPARE(fname, op) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result) \
  { (void) kwnames; return slice_compare (vm, args, n_args, op, result); }

SLICE_COMPARE (slice_eq, LS_CMP_EQ)
SLICE_COMPARE (slice_ne, LS_CMP_NOT_EQ)
SLICE_COMPARE (slice_lt, LS_CMP_LT)
SLICE_COMPARE (slice_le, LS_CMP_LT_E)
SLICE_COMPARE (slice_gt, LS_CMP_GT)
SLICE_COMPARE (slice_ge, LS_CMP_GT_E)

/* start, stop and step are read-only data attributes. */
#define SLICE_GETTER(fname, field) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result) \
  { \
    (void) kwnames; \
    if (!ls_aux_check_self (vm, args, n_args, LS_KIND_SLICE, "slice", #field)) \
      return FALSE; \
    *result = ls_value_slice (args[0])->field; \
    return TRUE; \
  }

SLICE_GETTER (slice_start, start)
SLICE_GETTER (slice_stop, stop)
SLICE_GETTER (slice_step, step)

/* slice.indices(length) -> (start, stop, step) */
static gboolean
slice_indices_method (LsVM          *vm,
                      const LsValue *args,
                      guint          n_args,
                      LsTuple       *kwnames,
                      LsValue       *result)
{
  gint64 length, start, stop, step, slice_length;
  LsTuple *t;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_SLICE, "slice", "indices")
      || !ls_aux_no_kwargs (vm, "slice.indices", kwnames)
      || !ls_aux_arity (vm, "slice.indices", n_args - 1, 1, 1)
      || !ls_aux_index (vm, args[1], &length))
    return FALSE;
  if (length < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "length should not be negative");
  if (!ls_slice_indices (vm, ls_value_slice (args[0]), length, &start, &stop, &step, &slice_length))
    return FALSE;
  t = ls_tuple_new (vm, 3);
  t->items[0] = ls_int (start);
  t->items[1] = ls_int (stop);
  t->items[2] = ls_int (step);
  *result = ls_obj (t);
  return TRUE;
}

static const LsAuxMethod slice_methods[] = {
  { "__new__", slice_new },
  { "__repr__", slice_repr },
  { "__eq__", slice_eq },
  { "__ne__", slice_ne },
  { "__lt__", slice_lt },
  { "__le__", slice_le },
  { "__gt__", slice_gt },
  { "__ge__", slice_ge },
  { "indices", slice_indices_method },
};

void
ls_slice_class_init (LsVM    *vm,
                     LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, slice_methods);
  ls_aux_add_property (vm, cls, "start", slice_start);
  ls_aux_add_property (vm, cls, "stop", slice_stop);
  ls_aux_add_property (vm, cls, "step", slice_step);
  /* unhashable, as CPython 3.11 */
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
}
