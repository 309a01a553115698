/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-tuplelib.c — the Python-visible behaviour of tuple: indexing,
 * slicing, comparisons, CPython 3.11's xxHash-based hash, repr.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-tuple.h"

#include "ls-auxlib.h"
#include "ls-exception.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-set.h"
#include "ls-slice.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

#define TUPLE_HAS_HASH 1

static gboolean
method_prologue (LsVM          *vm,
                 const char    *qualified,
                 const LsValue *args,
                 guint          n_args,
                 LsTuple       *kwnames,
                 guint          min,
                 guint          max)
{
  return ls_aux_check_self (vm, args, n_args, LS_KIND_TUPLE, "tuple", qualified + 6)
         && ls_aux_no_kwargs (vm, qualified, kwnames)
         && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define PROLOGUE(name, min, max) \
  if (!method_prologue (vm, "tuple." name, args, n_args, kwnames, min, max)) \
    return FALSE; \
  LsTuple *self = (LsTuple *) args[0].o

NATIVE (tuple_new)
{
  LsValue list;

  if (!ls_aux_check_new (vm, "tuple", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "tuple", kwnames) || !ls_aux_arity (vm, "tuple", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 1)
    {
      *result = ls_obj (vm->empty_tuple);
      return TRUE;
    }
  if (ls_is_kind (args[1], LS_KIND_TUPLE) && args[1].o->cls == vm->types[LS_TYPE_TUPLE])
    {
      *result = args[1];
      return TRUE;
    }
  if (!ls_iterate_to_list (vm, args[1], &list))
    return FALSE;
  *result = ls_obj (ls_tuple_new_from (vm, ((LsList *) list.o)->items, ((LsList *) list.o)->len));
  return TRUE;
}

NATIVE (tuple_repr)
{
  GString *out;

  PROLOGUE ("__repr__", 0, 0);
  out = g_string_new ("(");
  if (!ls_aux_repr_items (vm, self->items, self->len, out))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  g_string_append (out, self->len == 1 ? ",)" : ")");
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

/* ---- hash ------------------------------------------------------------ */

#define XXPRIME_1 G_GUINT64_CONSTANT (11400714785074694791)
#define XXPRIME_2 G_GUINT64_CONSTANT (14029467366897019727)
#define XXPRIME_5 G_GUINT64_CONSTANT (2870177450012600261)
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

/* Items whose hash can never change let the tuple cache its own; an
 * instance's __hash__ could answer differently each time. */
static gboolean
stable_hash (LsValue v)
{
  if (v.tag != LS_TAG_OBJECT)
    return TRUE;
  if (v.o->kind == LS_KIND_STR)
    return TRUE;
  if (v.o->kind == LS_KIND_TUPLE)
    return (v.o->flags & TUPLE_HAS_HASH) != 0;
  return v.o->kind == LS_KIND_SET;
}

/* tuplehash() of CPython 3.11 */
static gboolean
tuple_hash_value (LsVM *vm, LsTuple *self, gint64 *out)
{
  guint64 acc = XXPRIME_5;
  gboolean cacheable = TRUE;

  if (self->header.flags & TUPLE_HAS_HASH)
    {
      *out = self->hash;
      return TRUE;
    }
  for (gsize i = 0; i < self->len; i++)
    {
      gint64 lane;

      if (!ls_hash (vm, self->items[i], &lane))
        return FALSE;
      cacheable = cacheable && stable_hash (self->items[i]);
      acc += (guint64) lane * XXPRIME_2;
      acc = XXROTATE (acc);
      acc *= XXPRIME_1;
    }
  acc += (guint64) self->len ^ (XXPRIME_5 ^ G_GUINT64_CONSTANT (3527539));
  *out = acc == G_MAXUINT64 ? 1546275796 : (gint64) acc;
  if (cacheable)
    {
      self->hash = *out;
      self->header.flags |= TUPLE_HAS_HASH;
    }
  return TRUE;
}

NATIVE (tuple_hash)
{
  gint64 h;

  PROLOGUE ("__hash__", 0, 0);
  if (!tuple_hash_value (vm, self, &h))
    return FALSE;
  *result = ls_int (h);
  return TRUE;
}

/* ---- comparisons ----------------------------------------------------- */

static gboolean
tuple_compare (LsVM *vm, const LsValue *args, guint n_args, LsCompareOp op, LsValue *result)
{
  LsTuple *a, *b;
  gsize i;
  gboolean equal = TRUE;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_TUPLE, "tuple", "__eq__")
      || !ls_aux_arity (vm, "tuple.__eq__", n_args - 1, 1, 1))
    return FALSE;
  a = (LsTuple *) args[0].o;
  if ((b = ls_value_tuple (args[1])) == NULL)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  if (a->len != b->len && (op == LS_CMP_EQ || op == LS_CMP_NOT_EQ))
    {
      *result = ls_bool (op == LS_CMP_NOT_EQ);
      return TRUE;
    }
  for (i = 0; i < a->len && i < b->len; i++)
    {
      if (!ls_equal (vm, a->items[i], b->items[i], &equal))
        return FALSE;
      if (!equal)
        break;
    }
  if (i >= a->len || i >= b->len)
    {
      gint64 c = (gint64) a->len - (gint64) b->len;

      *result = ls_bool (op == LS_CMP_EQ ? c == 0 : op == LS_CMP_NOT_EQ ? c != 0 : op == LS_CMP_LT ? c < 0
                         : op == LS_CMP_LT_E ? c <= 0 : op == LS_CMP_GT ? c > 0 : c >= 0);
      return TRUE;
    }
  if (op == LS_CMP_EQ || op == LS_CMP_NOT_EQ)
    {
      *result = ls_bool (op == LS_CMP_NOT_EQ);
      return TRUE;
    }
  return ls_compare (vm, a->items[i], b->items[i], op, result);
}

#define TUPLE_COMPARE(fname, op) \
  NATIVE (fname) { (void) kwnames; return tuple_compare (vm, args, n_args, op, result); }

TUPLE_COMPARE (tuple_eq, LS_CMP_EQ)
TUPLE_COMPARE (tuple_ne, LS_CMP_NOT_EQ)
TUPLE_COMPARE (tuple_lt, LS_CMP_LT)
TUPLE_COMPARE (tuple_le, LS_CMP_LT_E)
TUPLE_COMPARE (tuple_gt, LS_CMP_GT)
TUPLE_COMPARE (tuple_ge, LS_CMP_GT_E)

/* ---- sequence protocol ----------------------------------------------- */

NATIVE (tuple_len)
{
  PROLOGUE ("__len__", 0, 0);
  *result = ls_int ((gint64) self->len);
  return TRUE;
}

static gboolean
find_item (LsVM *vm, LsTuple *self, LsValue value, gint64 start, gint64 stop, gint64 *out)
{
  gboolean equal;

  for (gint64 i = start; i < stop && i < (gint64) self->len; i++)
    {
      if (!ls_equal (vm, self->items[i], value, &equal))
        return FALSE;
      if (equal)
        {
          *out = i;
          return TRUE;
        }
    }
  *out = -1;
  return TRUE;
}

NATIVE (tuple_contains)
{
  gint64 index;

  PROLOGUE ("__contains__", 1, 1);
  if (!find_item (vm, self, args[1], 0, G_MAXINT64, &index))
    return FALSE;
  *result = ls_bool (index >= 0);
  return TRUE;
}

NATIVE (tuple_getitem)
{
  LsSlice *slice;
  gint64 index, start, stop, step, n;
  LsTuple *out;

  PROLOGUE ("__getitem__", 1, 1);
  if ((slice = ls_value_slice (args[1])) != NULL)
    {
      if (!ls_slice_indices (vm, slice, (gint64) self->len, &start, &stop, &step, &n))
        return FALSE;
      if (step == 1 && n == (gint64) self->len && self->header.cls == vm->types[LS_TYPE_TUPLE])
        {
          *result = ls_obj (self);
          return TRUE;
        }
      out = n == 0 ? vm->empty_tuple : ls_tuple_new (vm, (gsize) n);
      for (gint64 i = 0, k = start; i < n; i++, k += step)
        out->items[i] = self->items[k];
      *result = ls_obj (out);
      return TRUE;
    }
  if (!ls_is_intlike (args[1]) && !ls_is_kind (args[1], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "tuple indices must be integers or slices, not %s",
                     ls_type_name (vm, args[1]));
  if (!ls_aux_index (vm, args[1], &index))
    return FALSE;
  if (!ls_aux_wrap_index ((gint64) self->len, index, &index))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "tuple index out of range");
  *result = self->items[index];
  return TRUE;
}

static gboolean
tuple_iter_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  LsTuple *tuple = (LsTuple *) it->source.o;

  (void) vm;
  *exhausted = (gsize) it->index >= tuple->len;
  if (!*exhausted)
    *value = tuple->items[it->index++];
  return TRUE;
}

NATIVE (tuple_iter)
{
  PROLOGUE ("__iter__", 0, 0);
  *result = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_TUPLE_ITERATOR], tuple_iter_next,
                                     ls_obj (self), LS_NONE));
  return TRUE;
}

/* ---- arithmetic ------------------------------------------------------ */

NATIVE (tuple_add)
{
  LsTuple *other, *out;

  PROLOGUE ("__add__", 1, 1);
  if ((other = ls_value_tuple (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can only concatenate tuple (not \"%s\") to tuple",
                     ls_type_name (vm, args[1]));
  out = ls_tuple_new (vm, self->len + other->len);
  if (self->len > 0)
    memcpy (out->items, self->items, self->len * sizeof (LsValue));
  if (other->len > 0)
    memcpy (out->items + self->len, other->items, other->len * sizeof (LsValue));
  *result = ls_obj (out);
  return TRUE;
}

#define MAX_TUPLE_ITEMS ((gsize) 1 << 27)

NATIVE (tuple_mul)
{
  gint64 n;
  LsTuple *out;

  PROLOGUE ("__mul__", 1, 1);
  if (ls_is_kind (args[1], LS_KIND_INSTANCE))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  if (!ls_is_intlike (args[1]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can't multiply sequence by non-int of type '%s'",
                     ls_type_name (vm, args[1]));
  n = MAX (ls_as_int (args[1]), 0);
  if (n == 1 || self->len == 0)
    {
      *result = n == 1 ? ls_obj (self) : ls_obj (vm->empty_tuple);
      return TRUE;
    }
  if ((guint64) n > MAX_TUPLE_ITEMS / self->len)
    return ls_raise (vm, LS_EXC_MEMORY_ERROR, "%s", "");
  if (!ls_vm_check_alloc_n (vm, self->len * (guint64) n, sizeof (LsValue)))
    return FALSE;
  out = ls_tuple_new (vm, self->len * (gsize) n);
  for (gint64 i = 0; i < n; i++)
    memcpy (out->items + (gsize) i * self->len, self->items, self->len * sizeof (LsValue));
  *result = ls_obj (out);
  return TRUE;
}

/* ---- methods ------------------------------------------------------- */

static gboolean
bound_arg (LsVM *vm, LsValue v, gint64 len, gint64 *out)
{
  if (!ls_is_intlike (v) && !ls_is_kind (v, LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "slice indices must be integers or have an __index__ method");
  if (!ls_aux_index (vm, v, out))
    return FALSE;
  if (*out < 0)
    *out = MAX (*out + len, 0);
  return TRUE;
}

NATIVE (tuple_index)
{
  gint64 start = 0, stop = G_MAXINT64, index;

  PROLOGUE ("index", 1, 3);
  if ((n_args > 2 && !bound_arg (vm, args[2], (gint64) self->len, &start))
      || (n_args > 3 && !bound_arg (vm, args[3], (gint64) self->len, &stop))
      || !find_item (vm, self, args[1], start, stop, &index))
    return FALSE;
  if (index < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "tuple.index(x): x not in tuple");
  *result = ls_int (index);
  return TRUE;
}

NATIVE (tuple_count)
{
  gint64 count = 0;
  gboolean equal;

  PROLOGUE ("count", 1, 1);
  for (gsize i = 0; i < self->len; i++)
    {
      if (!ls_equal (vm, self->items[i], args[1], &equal))
        return FALSE;
      count += equal;
    }
  *result = ls_int (count);
  return TRUE;
}

static const LsAuxMethod tuple_methods[] = {
  { "__new__", tuple_new },
  { "__repr__", tuple_repr },
  { "__hash__", tuple_hash },
  { "__eq__", tuple_eq },
  { "__ne__", tuple_ne },
  { "__lt__", tuple_lt },
  { "__le__", tuple_le },
  { "__gt__", tuple_gt },
  { "__ge__", tuple_ge },
  { "__len__", tuple_len },
  { "__contains__", tuple_contains },
  { "__getitem__", tuple_getitem },
  { "__iter__", tuple_iter },
  { "__add__", tuple_add },
  { "__mul__", tuple_mul },
  { "__rmul__", tuple_mul },
  { "index", tuple_index },
  { "count", tuple_count },
};

void
ls_tuple_class_init (LsVM    *vm,
                     LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, tuple_methods);
}
