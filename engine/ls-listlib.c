/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-listlib.c — the Python-visible behaviour of list: methods, operators,
 * slicing and a stable sort.  Storage is ls-list.c.
 *
 * Any comparison may run user code that mutates the list being walked, so
 * loops re-read self->len on every step instead of caching it, as CPython's
 * listobject.c does.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-list.h"

#include "ls-auxlib.h"
#include "ls-builtins.h"
#include "ls-exception.h"
#include "ls-iterator.h"
#include "ls-ops.h"
#include "ls-slice.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static gboolean
method_prologue (LsVM          *vm,
                 const char    *qualified,
                 const LsValue *args,
                 guint          n_args,
                 LsTuple       *kwnames,
                 guint          min,
                 guint          max)
{
  return ls_aux_check_self (vm, args, n_args, LS_KIND_LIST, "list", qualified + 5)
         && ls_aux_no_kwargs (vm, qualified, kwnames)
         && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define PROLOGUE(name, min, max) \
  if (!method_prologue (vm, "list." name, args, n_args, kwnames, min, max)) \
    return FALSE; \
  LsList *self = (LsList *) args[0].o

/* Replaces items [from, to) by n new ones. */
static void
splice (LsVM *vm, LsList *self, gsize from, gsize to, const LsValue *items, gsize n)
{
  gsize tail = self->len - to;

  ls_list_reserve (vm, self, self->len - (to - from) + n);
  if (tail > 0)
    memmove (self->items + from + n, self->items + to, tail * sizeof (LsValue));
  if (n > 0)
    memcpy (self->items + from, items, n * sizeof (LsValue));
  self->len = from + n + tail;
}

static gboolean
not_integer_index (LsVM *vm, LsValue key)
{
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "list indices must be integers or slices, not %s",
                   ls_type_name (vm, key));
}

/* An int index (not a slice), wrapped; FALSE with IndexError(message) or
 * TypeError set. */
static gboolean
resolve_index (LsVM *vm, LsList *self, LsValue key, const char *message, gint64 *out)
{
  if (!ls_is_intlike (key) && !ls_is_kind (key, LS_KIND_INSTANCE))
    return not_integer_index (vm, key);
  if (!ls_aux_index (vm, key, out))
    return FALSE;
  if (!ls_aux_wrap_index ((gint64) self->len, *out, out))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "%s", message);
  return TRUE;
}

/* ---- construction, repr ---------------------------------------------- */

NATIVE (list_new)
{
  if (!ls_aux_check_new (vm, "list", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "list", kwnames) || !ls_aux_arity (vm, "list", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 1)
    {
      *result = ls_obj (ls_list_new (vm, 0));
      return TRUE;
    }
  return ls_iterate_to_list (vm, args[1], result);
}

NATIVE (list_repr)
{
  GString *out;
  gboolean ok = TRUE;

  PROLOGUE ("__repr__", 0, 0);
  if (self->len == 0)
    {
      *result = ls_obj (ls_str_new_cstr (vm, "[]"));
      return TRUE;
    }
  if (!ls_aux_repr_enter (&self->header))
    {
      *result = ls_obj (ls_str_new_cstr (vm, "[...]"));
      return TRUE;
    }
  out = g_string_new ("[");
  for (gsize i = 0; ok && i < self->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      ok = ls_repr_append (vm, self->items[i], out);
    }
  ls_aux_repr_leave (&self->header);
  if (!ok)
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  g_string_append_c (out, ']');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

/* ---- comparisons --------------------------------------------------- */

/* list_richcompare: the first differing items decide, else the lengths. */
static gboolean
list_compare (LsVM *vm, const LsValue *args, guint n_args, LsCompareOp op, LsValue *result)
{
  LsList *a, *b;
  gsize i;
  gboolean equal = TRUE;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_LIST, "list", "__eq__")
      || !ls_aux_arity (vm, "list.__eq__", n_args - 1, 1, 1))
    return FALSE;
  a = (LsList *) args[0].o;
  if ((b = ls_value_list (args[1])) == NULL)
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

#define LIST_COMPARE(fname, op) \
  NATIVE (fname) { (void) kwnames; return list_compare (vm, args, n_args, op, result); }

LIST_COMPARE (list_eq, LS_CMP_EQ)
LIST_COMPARE (list_ne, LS_CMP_NOT_EQ)
LIST_COMPARE (list_lt, LS_CMP_LT)
LIST_COMPARE (list_le, LS_CMP_LT_E)
LIST_COMPARE (list_gt, LS_CMP_GT)
LIST_COMPARE (list_ge, LS_CMP_GT_E)

/* ---- sequence protocol ----------------------------------------------- */

NATIVE (list_len)
{
  PROLOGUE ("__len__", 0, 0);
  *result = ls_int ((gint64) self->len);
  return TRUE;
}

NATIVE (list_contains)
{
  gboolean equal;

  PROLOGUE ("__contains__", 1, 1);
  for (gsize i = 0; i < self->len; i++)
    {
      if (!ls_equal (vm, self->items[i], args[1], &equal))
        return FALSE;
      if (equal)
        {
          *result = LS_TRUE;
          return TRUE;
        }
    }
  *result = LS_FALSE;
  return TRUE;
}

static LsList *
slice_copy (LsVM *vm, LsList *self, gint64 start, gint64 step, gint64 n)
{
  LsList *out = ls_list_new (vm, (gsize) n);

  for (gint64 i = 0, k = start; i < n; i++, k += step)
    out->items[i] = self->items[k];
  out->len = (gsize) n;
  return out;
}

NATIVE (list_getitem)
{
  LsSlice *slice;
  gint64 index, start, stop, step, n;

  PROLOGUE ("__getitem__", 1, 1);
  if ((slice = ls_value_slice (args[1])) != NULL)
    {
      if (!ls_slice_indices (vm, slice, (gint64) self->len, &start, &stop, &step, &n))
        return FALSE;
      *result = ls_obj (slice_copy (vm, self, start, step, n));
      return TRUE;
    }
  if (!resolve_index (vm, self, args[1], "list index out of range", &index))
    return FALSE;
  *result = self->items[index];
  return TRUE;
}

/* The right side of a slice assignment, as a list of its own (a[:] = a
 * must not see its own changes). */
static gboolean
assigned_items (LsVM *vm, LsValue value, const char *not_iterable, LsList **out)
{
  LsValue list;

  if (!ls_is_kind (value, LS_KIND_INSTANCE) && !ls_is_kind (value, LS_KIND_GENERATOR)
      && ls_is_unbound (ls_class_lookup (ls_type_of (vm, value), ls_str_intern_cstr (vm, "__iter__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s", not_iterable);
  if (!ls_iterate_to_list (vm, value, &list))
    return FALSE;
  *out = (LsList *) list.o;
  return TRUE;
}

static gboolean
assign_slice (LsVM *vm, LsList *self, LsSlice *slice, LsValue value)
{
  gint64 start, stop, step, n;
  LsList *items;

  if (!ls_slice_indices (vm, slice, (gint64) self->len, &start, &stop, &step, &n))
    return FALSE;
  if (step == 1)
    {
      if (!assigned_items (vm, value, "can only assign an iterable", &items))
        return FALSE;
      /* the iteration may have resized the list: clamp again */
      start = MIN (start, (gint64) self->len);
      stop = MAX (start, MIN (stop, (gint64) self->len));
      splice (vm, self, (gsize) start, (gsize) stop, items->items, items->len);
      return TRUE;
    }
  if (!assigned_items (vm, value, "must assign iterable to extended slice", &items))
    return FALSE;
  if ((gint64) items->len != n)
    return ls_raise (vm, LS_EXC_VALUE_ERROR,
                     "attempt to assign sequence of size %" G_GSIZE_FORMAT " to extended slice of size %" G_GINT64_FORMAT,
                     items->len, n);
  for (gint64 i = 0, k = start; i < n && k < (gint64) self->len; i++, k += step)
    self->items[k] = items->items[i];
  return TRUE;
}

NATIVE (list_setitem)
{
  LsSlice *slice;
  gint64 index;

  PROLOGUE ("__setitem__", 2, 2);
  *result = LS_NONE;
  if ((slice = ls_value_slice (args[1])) != NULL)
    return assign_slice (vm, self, slice, args[2]);
  if (!resolve_index (vm, self, args[1], "list assignment index out of range", &index))
    return FALSE;
  self->items[index] = args[2];
  return TRUE;
}

static void
delete_extended (LsList *self, gint64 start, gint64 step, gint64 n)
{
  gsize out = 0;
  gint64 next = start, removed = 0;

  if (step < 0)
    {
      /* same items, walked upwards */
      start = start + (n - 1) * step;
      step = -step;
      next = start;
    }
  for (gsize i = 0; i < self->len; i++)
    {
      if (removed < n && (gint64) i == next)
        {
          removed++;
          next += step;
          continue;
        }
      self->items[out++] = self->items[i];
    }
  self->len = out;
}

NATIVE (list_delitem)
{
  LsSlice *slice;
  gint64 index, start, stop, step, n;

  PROLOGUE ("__delitem__", 1, 1);
  *result = LS_NONE;
  if ((slice = ls_value_slice (args[1])) != NULL)
    {
      if (!ls_slice_indices (vm, slice, (gint64) self->len, &start, &stop, &step, &n))
        return FALSE;
      if (n == 0)
        return TRUE;
      if (step == 1)
        splice (vm, self, (gsize) start, (gsize) stop, NULL, 0);
      else
        delete_extended (self, start, step, n);
      return TRUE;
    }
  if (!resolve_index (vm, self, args[1], "list assignment index out of range", &index))
    return FALSE;
  splice (vm, self, (gsize) index, (gsize) index + 1, NULL, 0);
  return TRUE;
}

/* list_iterator: `index` is the next position; appends during iteration
 * are seen, as in CPython. */
static gboolean
list_iter_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  LsList *list = (LsList *) it->source.o;

  (void) vm;
  *exhausted = it->index < 0 || (gsize) it->index >= list->len;
  if (*exhausted)
    {
      it->index = -1;   /* an exhausted iterator stays exhausted */
      return TRUE;
    }
  *value = list->items[it->index++];
  return TRUE;
}

static gboolean
list_reverse_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  LsList *list = (LsList *) it->source.o;

  (void) vm;
  *exhausted = it->index < 0 || (gsize) it->index >= list->len;
  if (*exhausted)
    {
      it->index = -1;
      return TRUE;
    }
  *value = list->items[it->index--];
  return TRUE;
}

LsValue
ls_list_iter_new (LsVM   *vm,
                  LsList *self)
{
  return ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_LIST_ITERATOR], list_iter_next, ls_obj (self), LS_NONE));
}

NATIVE (list_iter)
{
  PROLOGUE ("__iter__", 0, 0);
  *result = ls_list_iter_new (vm, self);
  return TRUE;
}

NATIVE (list_reversed)
{
  LsIterator *it;

  PROLOGUE ("__reversed__", 0, 0);
  it = ls_iterator_new (vm, vm->types[LS_TYPE_LIST_REVERSEITERATOR], list_reverse_next,
                        ls_obj (self), LS_NONE);
  it->index = (gint64) self->len - 1;
  *result = ls_obj (it);
  return TRUE;
}

/* ---- arithmetic ------------------------------------------------------ */

NATIVE (list_add)
{
  LsList *other, *out;

  PROLOGUE ("__add__", 1, 1);
  if ((other = ls_value_list (args[1])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can only concatenate list (not \"%s\") to list",
                     ls_type_name (vm, args[1]));
  out = ls_list_new (vm, self->len + other->len);
  splice (vm, out, 0, 0, self->items, self->len);
  splice (vm, out, out->len, out->len, other->items, other->len);
  *result = ls_obj (out);
  return TRUE;
}

static gboolean
extend (LsVM *vm, LsList *self, LsValue iterable)
{
  LsValue items;
  LsList *list;

  if (!ls_iterate_to_list (vm, iterable, &items))
    return FALSE;
  list = (LsList *) items.o;
  splice (vm, self, self->len, self->len, list->items, list->len);
  return TRUE;
}

NATIVE (list_iadd)
{
  PROLOGUE ("__iadd__", 1, 1);
  if (!extend (vm, self, args[1]))
    return FALSE;
  *result = ls_obj (self);
  return TRUE;
}

NATIVE (list_extend)
{
  PROLOGUE ("extend", 1, 1);
  *result = LS_NONE;
  return extend (vm, self, args[1]);
}

/* The repetition count of `list * n`; *ok FALSE means NotImplemented. */
static gboolean
repeat_count (LsVM *vm, LsValue count, gint64 *n, gboolean *implemented)
{
  *implemented = !ls_is_kind (count, LS_KIND_INSTANCE);
  if (!*implemented)
    return TRUE;
  if (!ls_is_intlike (count))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "can't multiply sequence by non-int of type '%s'",
                     ls_type_name (vm, count));
  *n = MAX (ls_as_int (count), 0);
  return TRUE;
}

#define MAX_LIST_ITEMS ((gsize) 1 << 27)

static gboolean
repeat_into (LsVM *vm, LsList *out, const LsValue *items, gsize len, gint64 n)
{
  if (len > 0 && (guint64) n > MAX_LIST_ITEMS / len)
    return ls_raise (vm, LS_EXC_MEMORY_ERROR, "%s", "");
  if (len > 0 && !ls_vm_check_alloc_n (vm, len * (guint64) n, sizeof (LsValue)))
    return FALSE;
  ls_list_reserve (vm, out, len * (gsize) n);
  for (gint64 i = 0; i < n; i++)
    splice (vm, out, out->len, out->len, items, len);
  return TRUE;
}

NATIVE (list_mul)
{
  gint64 n = 0;
  gboolean implemented;
  LsList *out;

  PROLOGUE ("__mul__", 1, 1);
  if (!repeat_count (vm, args[1], &n, &implemented))
    return FALSE;
  if (!implemented)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  out = ls_list_new (vm, 0);
  if (!repeat_into (vm, out, self->items, self->len, n))
    return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (list_imul)
{
  gint64 n = 0;
  gboolean implemented;
  g_autofree LsValue *copy = NULL;
  gsize len;

  PROLOGUE ("__imul__", 1, 1);
  if (!repeat_count (vm, args[1], &n, &implemented))
    return FALSE;
  if (!implemented)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  len = self->len;
  copy = g_memdup2 (self->items, len * sizeof (LsValue));
  self->len = 0;
  if (!repeat_into (vm, self, copy, len, n))
    {
      splice (vm, self, 0, 0, copy, len);
      return FALSE;
    }
  *result = ls_obj (self);
  return TRUE;
}

/* ---- methods ------------------------------------------------------- */

NATIVE (list_append)
{
  PROLOGUE ("append", 1, 1);
  ls_list_append (vm, self, args[1]);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (list_insert)
{
  gint64 index;

  PROLOGUE ("insert", 2, 2);
  if (!ls_aux_index (vm, args[1], &index))
    return FALSE;
  if (index < 0)
    index = MAX (index + (gint64) self->len, 0);
  ls_list_insert (vm, self, (gsize) MIN (index, (gint64) self->len), args[2]);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (list_pop)
{
  gint64 index = -1;

  PROLOGUE ("pop", 0, 1);
  if (n_args == 2 && !ls_aux_index (vm, args[1], &index))
    return FALSE;
  if (self->len == 0)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "pop from empty list");
  if (!ls_aux_wrap_index ((gint64) self->len, index, &index))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "pop index out of range");
  *result = self->items[index];
  splice (vm, self, (gsize) index, (gsize) index + 1, NULL, 0);
  return TRUE;
}

/* The first i in [start, stop) with items[i] == value, or -1. */
static gboolean
find_item (LsVM *vm, LsList *self, LsValue value, gint64 start, gint64 stop, gint64 *out)
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

NATIVE (list_remove)
{
  gint64 index;

  PROLOGUE ("remove", 1, 1);
  if (!find_item (vm, self, args[1], 0, G_MAXINT64, &index))
    return FALSE;
  if (index < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "list.remove(x): x not in list");
  splice (vm, self, (gsize) index, (gsize) index + 1, NULL, 0);
  *result = LS_NONE;
  return TRUE;
}

/* start/stop of index(): clamped like slice bounds. */
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

NATIVE (list_index)
{
  gint64 start = 0, stop = G_MAXINT64, index;
  LsStr *repr;

  PROLOGUE ("index", 1, 3);
  if ((n_args > 2 && !bound_arg (vm, args[2], (gint64) self->len, &start))
      || (n_args > 3 && !bound_arg (vm, args[3], (gint64) self->len, &stop))
      || !find_item (vm, self, args[1], start, stop, &index))
    return FALSE;
  if (index < 0)
    {
      if (!ls_repr (vm, args[1], &repr))
        return FALSE;
      return ls_raise (vm, LS_EXC_VALUE_ERROR, "%s is not in list", repr->data);
    }
  *result = ls_int (index);
  return TRUE;
}

NATIVE (list_count)
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

static void
reverse_values (LsValue *items, gsize n)
{
  for (gsize i = 0, j = n; i + 1 < j; i++, j--)
    {
      LsValue t = items[i];

      items[i] = items[j - 1];
      items[j - 1] = t;
    }
}

NATIVE (list_reverse)
{
  PROLOGUE ("reverse", 0, 0);
  reverse_values (self->items, self->len);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (list_copy)
{
  PROLOGUE ("copy", 0, 0);
  *result = ls_obj (ls_list_new_from (vm, self->items, self->len));
  return TRUE;
}

NATIVE (list_clear)
{
  PROLOGUE ("clear", 0, 0);
  self->len = 0;
  *result = LS_NONE;
  return TRUE;
}

/* ---- sort ------------------------------------------------------------ */

/* A stable merge sort of indices into `keys`, comparing with `<` only, as
 * CPython's timsort does: for equal keys the earlier item stays first. */
typedef struct
{
  LsVM          *vm;
  const LsValue *keys;
  gsize         *tmp;
} Sorter;

/* a < b; ints, floats and strs of the same kind skip the protocol
 * dispatch (sorting is mostly that). */
static gboolean
less_than (LsVM *vm, LsValue a, LsValue b, gboolean *out)
{
  if (a.tag == LS_TAG_INT && b.tag == LS_TAG_INT)
    *out = a.i < b.i;
  else if (a.tag == LS_TAG_FLOAT && b.tag == LS_TAG_FLOAT)
    *out = a.f < b.f;
  else if (ls_is_kind (a, LS_KIND_STR) && ls_is_kind (b, LS_KIND_STR))
    *out = ls_str_compare ((LsStr *) a.o, (LsStr *) b.o) < 0;
  else
    return ls_less_than (vm, a, b, out);
  return TRUE;
}

static gboolean
merge (Sorter *s, gsize *idx, gsize mid, gsize n)
{
  gsize i = 0, j = mid, k = 0;
  gboolean less;

  while (i < mid && j < n)
    {
      /* take from the right only when strictly smaller: stability */
      if (!less_than (s->vm, s->keys[idx[j]], s->keys[idx[i]], &less))
        return FALSE;
      s->tmp[k++] = less ? idx[j++] : idx[i++];
    }
  while (i < mid)
    s->tmp[k++] = idx[i++];
  while (j < n)
    s->tmp[k++] = idx[j++];
  memcpy (idx, s->tmp, n * sizeof (gsize));
  return TRUE;
}

static gboolean
merge_sort (Sorter *s, gsize *idx, gsize n)
{
  gsize mid = n / 2;
  gboolean less;

  if (n < 2)
    return TRUE;
  if (!merge_sort (s, idx, mid) || !merge_sort (s, idx + mid, n - mid))
    return FALSE;
  /* already in order: skip the merge (sorted input costs n comparisons) */
  if (!less_than (s->vm, s->keys[idx[mid]], s->keys[idx[mid - 1]], &less))
    return FALSE;
  return !less || merge (s, idx, mid, n);
}

/* Sorts `items` in place by `keys` (the items themselves when keys is
 * items).  reverse keeps equal items in their original order, which is
 * CPython's trick: reverse, sort stably, reverse again. */
static gboolean
sort_values (LsVM *vm, LsValue *items, LsValue *keys, gsize n, gboolean reverse)
{
  g_autofree gsize *idx = g_new (gsize, MAX (n, 1));
  g_autofree gsize *tmp = g_new (gsize, MAX (n, 1));
  g_autofree LsValue *sorted = g_new (LsValue, MAX (n, 1));
  g_autofree LsValue *sorted_keys = g_new (LsValue, MAX (n, 1));
  Sorter s = { vm, keys, tmp };

  if (reverse)
    {
      reverse_values (items, n);
      if (keys != items)
        reverse_values (keys, n);
    }
  for (gsize i = 0; i < n; i++)
    idx[i] = i;
  if (!merge_sort (&s, idx, n))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      sorted[i] = items[idx[i]];
      sorted_keys[i] = keys[idx[i]];
    }
  if (n > 0)
    memcpy (items, sorted, n * sizeof (LsValue));
  if (n > 0 && keys != items)
    memcpy (keys, sorted_keys, n * sizeof (LsValue));
  if (reverse)
    reverse_values (items, n);
  return TRUE;
}

/* The keys of `items` under `key` (called once per item, in order), in a
 * list the collector sees. */
static gboolean
compute_keys (LsVM *vm, LsValue key, const LsList *items, LsList **out)
{
  LsList *keys = ls_list_new (vm, items->len);

  for (gsize i = 0; i < items->len; i++)
    {
      LsValue k;

      if (!ls_call (vm, key, &items->items[i], 1, NULL, &k))
        return FALSE;
      ls_list_append (vm, keys, k);
    }
  *out = keys;
  return TRUE;
}

/* list.sort(*, key=None, reverse=False), also sorted()'s engine. */
gboolean
ls_list_sort (LsVM *vm, LsList *self, LsValue key, gboolean reverse)
{
  /* Work on a copy: user code called during the sort sees the list as
   * CPython shows it (empty), and cannot pull items from under us. */
  LsList *work = ls_list_new_from (vm, self->items, self->len);
  LsList *keys = work;

  self->len = 0;
  if (!ls_is_none (key) && !compute_keys (vm, key, work, &keys))
    goto failed;
  if (!sort_values (vm, work->items, keys->items, work->len, reverse))
    goto failed;
  if (self->len != 0)
    {
      splice (vm, self, 0, self->len, work->items, work->len);
      return ls_raise (vm, LS_EXC_VALUE_ERROR, "list modified during sort");
    }
  splice (vm, self, 0, 0, work->items, work->len);
  return TRUE;

failed:
  splice (vm, self, 0, self->len, work->items, work->len);
  return FALSE;
}

/* sort(*, key=None, reverse=False) arguments, shared with sorted(). */
gboolean
ls_list_sort_args (LsVM *vm, const char *fname, const LsValue *args, guint n_args, LsTuple *kwnames,
                   LsValue *key, gboolean *reverse)
{
  static const char *const names[] = { "key", "reverse" };
  LsValue values[2] = { LS_NONE, LS_FALSE };

  if (!ls_aux_kwargs (vm, fname, args, n_args, kwnames, names, values, 2))
    return FALSE;
  *key = values[0];
  if (ls_is_float (values[1]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'float' object cannot be interpreted as an integer");
  return ls_truthy (vm, values[1], reverse);
}

NATIVE (list_sort)
{
  LsValue key;
  gboolean reverse;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_LIST, "list", "sort"))
    return FALSE;
  if (n_args > 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "sort() takes no positional arguments");
  if (!ls_list_sort_args (vm, "sort", args, n_args, kwnames, &key, &reverse)
      || !ls_list_sort (vm, (LsList *) args[0].o, key, reverse))
    return FALSE;
  *result = LS_NONE;
  return TRUE;
}

static const LsAuxMethod list_methods[] = {
  { "__new__", list_new },
  { "__repr__", list_repr },
  { "__eq__", list_eq },
  { "__ne__", list_ne },
  { "__lt__", list_lt },
  { "__le__", list_le },
  { "__gt__", list_gt },
  { "__ge__", list_ge },
  { "__len__", list_len },
  { "__contains__", list_contains },
  { "__getitem__", list_getitem },
  { "__setitem__", list_setitem },
  { "__delitem__", list_delitem },
  { "__iter__", list_iter },
  { "__reversed__", list_reversed },
  { "__add__", list_add },
  { "__iadd__", list_iadd },
  { "__mul__", list_mul },
  { "__rmul__", list_mul },
  { "__imul__", list_imul },
  { "append", list_append },
  { "extend", list_extend },
  { "insert", list_insert },
  { "pop", list_pop },
  { "remove", list_remove },
  { "index", list_index },
  { "count", list_count },
  { "sort", list_sort },
  { "reverse", list_reverse },
  { "copy", list_copy },
  { "clear", list_clear },
};

void
ls_list_class_init (LsVM    *vm,
                    LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, list_methods);
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
}
