/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-dictlib.c — the Python-visible behaviour of dict: methods, views
 * (dict_keys, dict_values, dict_items), iterators and operators.  The
 * table itself is ls-dict.c.
 *
 * A view is an LsIterator whose source is its dict and whose `next`
 * refuses: views are iterable, not iterators.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-dict.h"

#include "ls-auxlib.h"
#include "ls-builtins.h"
#include "ls-exception.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-set.h"
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
  return ls_aux_check_self (vm, args, n_args, LS_KIND_DICT, "dict", qualified + 5)
         && ls_aux_no_kwargs (vm, qualified, kwnames)
         && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define PROLOGUE(name, min, max) \
  if (!method_prologue (vm, "dict." name, args, n_args, kwnames, min, max)) \
    return FALSE; \
  LsDict *self = (LsDict *) args[0].o

/* ---- update ------------------------------------------------------------ */

static gboolean
merge_dict (LsVM *vm, LsDict *self, LsDict *other)
{
  LsValue key, value;

  for (gsize pos = 0; ls_dict_next (other, &pos, &key, &value);)
    if (!ls_dict_set (vm, self, key, value))
      return FALSE;
  return TRUE;
}

/* Anything with keys(): self[k] = other[k] for k in other.keys(). */
static gboolean
merge_mapping (LsVM *vm, LsDict *self, LsValue other, LsValue keys_method)
{
  LsValue keys, list, value;
  LsList *items;

  if (!ls_call (vm, keys_method, NULL, 0, NULL, &keys) || !ls_iterate_to_list (vm, keys, &list))
    return FALSE;
  items = (LsList *) list.o;
  for (gsize i = 0; i < items->len; i++)
    if (!ls_getitem (vm, other, items->items[i], &value) || !ls_dict_set (vm, self, items->items[i], value))
      return FALSE;
  return TRUE;
}

/* One element of dict(pairs): a 2-item iterable. */
static gboolean
merge_pair (LsVM *vm, LsDict *self, LsValue pair, gsize index)
{
  LsValue list;
  LsList *items;

  if (!ls_is_kind (pair, LS_KIND_INSTANCE) && !ls_is_kind (pair, LS_KIND_GENERATOR)
      && ls_is_unbound (ls_class_lookup (ls_type_of (vm, pair), ls_str_intern_cstr (vm, "__iter__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR,
                     "cannot convert dictionary update sequence element #%" G_GSIZE_FORMAT " to a sequence", index);
  if (!ls_iterate_to_list (vm, pair, &list))
    return FALSE;
  items = (LsList *) list.o;
  if (items->len != 2)
    return ls_raise (vm, LS_EXC_VALUE_ERROR,
                     "dictionary update sequence element #%" G_GSIZE_FORMAT " has length %" G_GSIZE_FORMAT "; 2 is required",
                     index, items->len);
  return ls_dict_set (vm, self, items->items[0], items->items[1]);
}

static gboolean
merge_pairs (LsVM *vm, LsDict *self, LsValue iterable)
{
  LsValue list;
  LsList *items;

  if (!ls_iterate_to_list (vm, iterable, &list))
    return FALSE;
  items = (LsList *) list.o;
  for (gsize i = 0; i < items->len; i++)
    if (!merge_pair (vm, self, items->items[i], i))
      return FALSE;
  return TRUE;
}

/* dict_update_arg of CPython: a dict, a mapping (has keys), or pairs. */
static gboolean
update_from (LsVM *vm, LsDict *self, LsValue other)
{
  LsValue keys_method;
  gboolean found;

  if (ls_is_kind (other, LS_KIND_DICT))
    return merge_dict (vm, self, (LsDict *) other.o);
  if (!ls_getattr_opt (vm, other, ls_str_intern_cstr (vm, "keys"), &keys_method, &found))
    return FALSE;
  if (found)
    return merge_mapping (vm, self, other, keys_method);
  return merge_pairs (vm, self, other);
}

static void
update_kwargs (LsVM *vm, LsDict *self, const LsValue *args, guint n_args, LsTuple *kwnames)
{
  for (guint i = 0; i < ls_aux_n_kwargs (kwnames); i++)
    ls_dict_set_str (vm, self, (LsStr *) kwnames->items[i].o, args[n_args + i]);
}

NATIVE (dict_new)
{
  LsDict *self;

  if (!ls_aux_check_new (vm, "dict", args, n_args))
    return FALSE;
  if (!ls_aux_arity (vm, "dict", n_args - 1, 0, 1))
    return FALSE;
  self = ls_dict_new (vm);
  if (n_args == 2 && !update_from (vm, self, args[1]))
    return FALSE;
  update_kwargs (vm, self, args, n_args, kwnames);
  *result = ls_obj (self);
  return TRUE;
}

NATIVE (dict_update)
{
  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_DICT, "dict", "update")
      || !ls_aux_arity (vm, "dict.update", n_args - 1, 0, 1))
    return FALSE;
  if (n_args == 2 && !update_from (vm, (LsDict *) args[0].o, args[1]))
    return FALSE;
  update_kwargs (vm, (LsDict *) args[0].o, args, n_args, kwnames);
  *result = LS_NONE;
  return TRUE;
}

/* ---- repr and comparison ---------------------------------------------- */

static gboolean
repr_entries (LsVM *vm, LsDict *self, GString *out)
{
  LsValue key, value;
  gboolean first = TRUE;

  for (gsize pos = 0; ls_dict_next (self, &pos, &key, &value); first = FALSE)
    {
      if (!first)
        g_string_append (out, ", ");
      if (!ls_repr_append (vm, key, out))
        return FALSE;
      g_string_append (out, ": ");
      if (!ls_repr_append (vm, value, out))
        return FALSE;
    }
  return TRUE;
}

NATIVE (dict_repr)
{
  GString *out;
  gboolean ok;

  PROLOGUE ("__repr__", 0, 0);
  if (self->len == 0 || !ls_aux_repr_enter (&self->header))
    {
      *result = ls_obj (ls_str_new_cstr (vm, self->len == 0 ? "{}" : "{...}"));
      return TRUE;
    }
  out = g_string_new ("{");
  ok = repr_entries (vm, self, out);
  ls_aux_repr_leave (&self->header);
  if (!ok)
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  g_string_append_c (out, '}');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

static gboolean
dicts_equal (LsVM *vm, LsDict *a, LsDict *b, gboolean *equal)
{
  LsValue key, value, other;
  gboolean found;

  *equal = a->len == b->len;
  for (gsize pos = 0; *equal && ls_dict_next (a, &pos, &key, &value);)
    {
      if (!ls_dict_get (vm, b, key, &other, &found))
        return FALSE;
      if (!found)
        *equal = FALSE;
      else if (!ls_equal (vm, value, other, equal))
        return FALSE;
    }
  return TRUE;
}

static gboolean
dict_compare (LsVM *vm, const LsValue *args, guint n_args, gboolean want_equal, LsValue *result)
{
  gboolean equal;

  if (!method_prologue (vm, "dict.__eq__", args, n_args, NULL, 1, 1))
    return FALSE;
  if (!ls_is_kind (args[1], LS_KIND_DICT))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  if (!dicts_equal (vm, (LsDict *) args[0].o, (LsDict *) args[1].o, &equal))
    return FALSE;
  *result = ls_bool (equal == want_equal);
  return TRUE;
}

NATIVE (dict_eq) { (void) kwnames; return dict_compare (vm, args, n_args, TRUE, result); }
NATIVE (dict_ne) { (void) kwnames; return dict_compare (vm, args, n_args, FALSE, result); }

/* ---- mapping protocol -------------------------------------------------- */

NATIVE (dict_len)
{
  PROLOGUE ("__len__", 0, 0);
  *result = ls_int ((gint64) self->len);
  return TRUE;
}

NATIVE (dict_getitem)
{
  gboolean found;

  PROLOGUE ("__getitem__", 1, 1);
  if (!ls_dict_get (vm, self, args[1], result, &found))
    return FALSE;
  return found ? TRUE : ls_aux_key_error (vm, args[1]);
}

NATIVE (dict_setitem)
{
  PROLOGUE ("__setitem__", 2, 2);
  *result = LS_NONE;
  return ls_dict_set (vm, self, args[1], args[2]);
}

NATIVE (dict_delitem)
{
  gboolean found;

  PROLOGUE ("__delitem__", 1, 1);
  *result = LS_NONE;
  if (!ls_dict_delete (vm, self, args[1], &found))
    return FALSE;
  return found ? TRUE : ls_aux_key_error (vm, args[1]);
}

NATIVE (dict_contains)
{
  gboolean found;
  LsValue value;

  PROLOGUE ("__contains__", 1, 1);
  if (!ls_dict_get (vm, self, args[1], &value, &found))
    return FALSE;
  *result = ls_bool (found);
  return TRUE;
}

/* ---- iterators -------------------------------------------------------- */

typedef enum { YIELD_KEYS, YIELD_VALUES, YIELD_ITEMS } DictYield;

/* index: the next entry position (-1 once exhausted); stop: the size the
 * dict had when iteration began; step: what to yield.  Reversed iterators
 * walk positions downwards and mark that with extra = True. */
static gboolean
entry_value (LsVM *vm, LsDictEntry *entry, DictYield what, LsValue *value)
{
  LsTuple *pair;

  switch (what)
    {
    case YIELD_KEYS:
      *value = entry->key;
      return TRUE;
    case YIELD_VALUES:
      *value = entry->value;
      return TRUE;
    case YIELD_ITEMS:
    default:
      pair = ls_tuple_new (vm, 2);
      pair->items[0] = entry->key;
      pair->items[1] = entry->value;
      *value = ls_obj (pair);
      return TRUE;
    }
}

static gboolean
dict_iter_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  LsDict *dict = (LsDict *) it->source.o;
  gboolean reverse = ls_is_bool (it->extra) && it->extra.b;

  *exhausted = TRUE;
  if (it->index < 0)
    return TRUE;
  if ((gint64) dict->len != it->stop)
    {
      it->index = -1;
      return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "dictionary changed size during iteration");
    }
  while (reverse ? it->index >= 0 && it->index < (gint64) dict->n_entries : it->index < (gint64) dict->n_entries)
    {
      LsDictEntry *entry = &dict->entries[reverse ? it->index-- : it->index++];

      if (!ls_is_unbound (entry->key))
        {
          *exhausted = FALSE;
          return entry_value (vm, entry, (DictYield) it->step, value);
        }
    }
  it->index = -1;
  return TRUE;
}

static const LsTypeId iterator_types[] = {
  LS_TYPE_DICT_KEYITERATOR, LS_TYPE_DICT_VALUEITERATOR, LS_TYPE_DICT_ITEMITERATOR,
};

static LsValue
dict_iterator (LsVM *vm, LsDict *dict, DictYield what, gboolean reverse)
{
  LsIterator *it = ls_iterator_new (vm, vm->types[iterator_types[what]], dict_iter_next,
                                    ls_obj (dict), ls_bool (reverse));

  it->index = reverse ? (gint64) dict->n_entries - 1 : 0;
  it->stop = (gint64) dict->len;
  it->step = what;
  return ls_obj (it);
}

NATIVE (dict_iter)
{
  PROLOGUE ("__iter__", 0, 0);
  *result = dict_iterator (vm, self, YIELD_KEYS, FALSE);
  return TRUE;
}

NATIVE (dict_reversed)
{
  PROLOGUE ("__reversed__", 0, 0);
  *result = dict_iterator (vm, self, YIELD_KEYS, TRUE);
  return TRUE;
}

/* ---- methods ------------------------------------------------------ */

NATIVE (dict_get)
{
  gboolean found;

  PROLOGUE ("get", 1, 2);
  if (!ls_dict_get (vm, self, args[1], result, &found))
    return FALSE;
  if (!found)
    *result = n_args == 3 ? args[2] : LS_NONE;
  return TRUE;
}

NATIVE (dict_setdefault)
{
  gboolean found;

  PROLOGUE ("setdefault", 1, 2);
  if (!ls_dict_get (vm, self, args[1], result, &found))
    return FALSE;
  if (found)
    return TRUE;
  *result = n_args == 3 ? args[2] : LS_NONE;
  return ls_dict_set (vm, self, args[1], *result);
}

NATIVE (dict_pop)
{
  gboolean found;

  PROLOGUE ("pop", 1, 2);
  if (!ls_dict_get (vm, self, args[1], result, &found))
    return FALSE;
  if (!found)
    {
      if (n_args == 3)
        {
          *result = args[2];
          return TRUE;
        }
      return ls_aux_key_error (vm, args[1]);
    }
  return ls_dict_delete (vm, self, args[1], &found);
}

/* LIFO: the last entry inserted. */
NATIVE (dict_popitem)
{
  LsTuple *pair;
  gboolean found;

  PROLOGUE ("popitem", 0, 0);
  for (gsize i = self->n_entries; i-- > 0;)
    {
      LsDictEntry *entry = &self->entries[i];

      if (ls_is_unbound (entry->key))
        continue;
      pair = ls_tuple_new (vm, 2);
      pair->items[0] = entry->key;
      pair->items[1] = entry->value;
      *result = ls_obj (pair);
      return ls_dict_delete (vm, self, pair->items[0], &found);
    }
  return ls_aux_key_error (vm, ls_obj (ls_str_new_cstr (vm, "popitem(): dictionary is empty")));
}

NATIVE (dict_copy)
{
  LsDict *copy;

  PROLOGUE ("copy", 0, 0);
  copy = ls_dict_new (vm);
  if (!merge_dict (vm, copy, self))
    return FALSE;
  *result = ls_obj (copy);
  return TRUE;
}

NATIVE (dict_clear)
{
  PROLOGUE ("clear", 0, 0);
  ls_dict_clear (vm, self);
  *result = LS_NONE;
  return TRUE;
}

/* dict.fromkeys(iterable, value=None), a classmethod. */
NATIVE (dict_fromkeys)
{
  LsValue list;
  LsList *keys;
  LsDict *out;

  if (!ls_aux_no_kwargs (vm, "fromkeys", kwnames) || !ls_aux_arity (vm, "fromkeys", n_args - 1, 1, 2)
      || !ls_iterate_to_list (vm, args[1], &list))
    return FALSE;
  keys = (LsList *) list.o;
  out = ls_dict_new (vm);
  for (gsize i = 0; i < keys->len; i++)
    if (!ls_dict_set (vm, out, keys->items[i], n_args == 3 ? args[2] : LS_NONE))
      return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (dict_or)
{
  LsDict *out;

  PROLOGUE ("__or__", 1, 1);
  if (!ls_is_kind (args[1], LS_KIND_DICT))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  out = ls_dict_new (vm);
  if (!merge_dict (vm, out, self) || !merge_dict (vm, out, (LsDict *) args[1].o))
    return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (dict_ior)
{
  PROLOGUE ("__ior__", 1, 1);
  if (!update_from (vm, self, args[1]))
    return FALSE;
  *result = ls_obj (self);
  return TRUE;
}

/* ---- views ------------------------------------------------------------ */

static const LsTypeId view_types[] = { LS_TYPE_DICT_KEYS, LS_TYPE_DICT_VALUES, LS_TYPE_DICT_ITEMS };
static const char *const view_names[] = { "dict_keys", "dict_values", "dict_items" };

static gboolean
view_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  (void) value;
  (void) exhausted;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not an iterator", view_names[it->step]);
}

static LsValue
view_new (LsVM *vm, LsDict *dict, DictYield what)
{
  LsIterator *view = ls_iterator_new (vm, vm->types[view_types[what]], view_next, ls_obj (dict), LS_NONE);

  view->step = what;
  return ls_obj (view);
}

NATIVE (dict_keys)
{
  PROLOGUE ("keys", 0, 0);
  *result = view_new (vm, self, YIELD_KEYS);
  return TRUE;
}

NATIVE (dict_values)
{
  PROLOGUE ("values", 0, 0);
  *result = view_new (vm, self, YIELD_VALUES);
  return TRUE;
}

NATIVE (dict_items)
{
  PROLOGUE ("items", 0, 0);
  *result = view_new (vm, self, YIELD_ITEMS);
  return TRUE;
}

static gboolean
is_view (LsVM *vm, LsValue v)
{
  if (!ls_is_kind (v, LS_KIND_ITERATOR))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (view_types); i++)
    if (v.o->cls == vm->types[view_types[i]])
      return TRUE;
  return FALSE;
}

/* The receiver of a view method: the view and its dict. */
static gboolean
view_self (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, const char *method,
           guint n_expected, LsIterator **view, LsDict **dict)
{
  if (n_args == 0 || !is_view (vm, args[0]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' requires a dict view", method);
  *view = (LsIterator *) args[0].o;
  *dict = (LsDict *) (*view)->source.o;
  return ls_aux_no_kwargs (vm, method, kwnames) && ls_aux_arity (vm, method, n_args - 1, n_expected, n_expected);
}

#define VIEW_PROLOGUE(name, n) \
  LsIterator *view; \
  LsDict *dict; \
  if (!view_self (vm, args, n_args, kwnames, name, n, &view, &dict)) \
    return FALSE

NATIVE (view_len)
{
  VIEW_PROLOGUE ("__len__", 0);
  *result = ls_int ((gint64) dict->len);
  return TRUE;
}

NATIVE (view_iter)
{
  VIEW_PROLOGUE ("__iter__", 0);
  *result = dict_iterator (vm, dict, (DictYield) view->step, FALSE);
  return TRUE;
}

NATIVE (view_reversed)
{
  VIEW_PROLOGUE ("__reversed__", 0);
  *result = dict_iterator (vm, dict, (DictYield) view->step, TRUE);
  return TRUE;
}

static gboolean
view_has (LsVM *vm, LsIterator *view, LsDict *dict, LsValue x, gboolean *found)
{
  LsValue value, key;
  LsTuple *pair;

  switch ((DictYield) view->step)
    {
    case YIELD_KEYS:
      return ls_dict_get (vm, dict, x, &value, found);
    case YIELD_ITEMS:
      *found = FALSE;
      if ((pair = ls_value_tuple (x)) == NULL || pair->len != 2)
        return TRUE;
      if (!ls_dict_get (vm, dict, pair->items[0], &value, found))
        return FALSE;
      if (!*found)
        return TRUE;
      return ls_equal (vm, value, pair->items[1], found);
    case YIELD_VALUES:
    default:
      *found = FALSE;
      for (gsize pos = 0; !*found && ls_dict_next (dict, &pos, &key, &value);)
        if (!ls_equal (vm, value, x, found))
          return FALSE;
      return TRUE;
    }
}

NATIVE (view_contains)
{
  gboolean found;

  VIEW_PROLOGUE ("__contains__", 1);
  if (!view_has (vm, view, dict, args[1], &found))
    return FALSE;
  *result = ls_bool (found);
  return TRUE;
}

/* dict_keys([1, 2]): the items as a list's repr. */
NATIVE (view_repr)
{
  LsValue list;
  GString *out;

  VIEW_PROLOGUE ("__repr__", 0);
  if (!ls_aux_repr_enter (&view->header))
    {
      *result = ls_obj (ls_str_new_cstr (vm, "..."));
      return TRUE;
    }
  out = g_string_new (view_names[view->step]);
  g_string_append (out, "([");
  if (!ls_iterate_to_list (vm, args[0], &list)
      || !ls_aux_repr_items (vm, ((LsList *) list.o)->items, ((LsList *) list.o)->len, out))
    {
      ls_aux_repr_leave (&view->header);
      g_string_free (out, TRUE);
      return FALSE;
    }
  ls_aux_repr_leave (&view->header);
  g_string_append (out, "])");
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

/* keys and items views are set-like: their operators build a set and
 * apply the in-place set method, as CPython's dictviews_and & co. */
static gboolean
view_set_op (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, const char *method,
             gboolean reflected, LsValue *result)
{
  LsValue set, ignored, self_value, other;
  gboolean found;

  if (!ls_aux_no_kwargs (vm, method, kwnames) || n_args != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "expected 1 argument, got %u", n_args - 1);
  self_value = reflected ? args[1] : args[0];
  other = reflected ? args[0] : args[1];
  if (!ls_call (vm, ls_obj (vm->types[LS_TYPE_SET]), &self_value, 1, NULL, &set)
      || !ls_call_method_opt (vm, set, ls_str_intern_cstr (vm, method), &other, 1, &ignored, &found))
    return FALSE;
  *result = set;
  return TRUE;
}

#define VIEW_SET_OP(fname, method, reflected) \
  NATIVE (fname) { return view_set_op (vm, args, n_args, kwnames, method, reflected, result); }

VIEW_SET_OP (view_and, "intersection_update", FALSE)
VIEW_SET_OP (view_or, "update", FALSE)
VIEW_SET_OP (view_sub, "difference_update", FALSE)
VIEW_SET_OP (view_xor, "symmetric_difference_update", FALSE)
VIEW_SET_OP (view_rand, "intersection_update", TRUE)
VIEW_SET_OP (view_ror, "update", TRUE)
VIEW_SET_OP (view_rsub, "difference_update", TRUE)
VIEW_SET_OP (view_rxor, "symmetric_difference_update", TRUE)

/* Equal to a set, frozenset or view with the same members. */
static gboolean
view_equal (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, gboolean want_equal, LsValue *result)
{
  LsValue list;
  gint64 other_len;
  gboolean equal, found;

  VIEW_PROLOGUE ("__eq__", 1);
  if (!ls_is_kind (args[1], LS_KIND_SET) && !is_view (vm, args[1]))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  if (!ls_len (vm, args[1], &other_len) || !ls_iterate_to_list (vm, args[1], &list))
    return FALSE;
  equal = other_len == (gint64) dict->len;
  for (gsize i = 0; equal && i < ((LsList *) list.o)->len; i++)
    {
      if (!view_has (vm, view, dict, ((LsList *) list.o)->items[i], &found))
        return FALSE;
      equal = found;
    }
  *result = ls_bool (equal == want_equal);
  return TRUE;
}

NATIVE (view_eq) { return view_equal (vm, args, n_args, kwnames, TRUE, result); }
NATIVE (view_ne) { return view_equal (vm, args, n_args, kwnames, FALSE, result); }

NATIVE (view_isdisjoint)
{
  LsValue list;
  gboolean found;

  VIEW_PROLOGUE ("isdisjoint", 1);
  if (!ls_iterate_to_list (vm, args[1], &list))
    return FALSE;
  for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
    {
      if (!view_has (vm, view, dict, ((LsList *) list.o)->items[i], &found))
        return FALSE;
      if (found)
        {
          *result = LS_FALSE;
          return TRUE;
        }
    }
  *result = LS_TRUE;
  return TRUE;
}

static const LsAuxMethod view_methods[] = {
  { "__len__", view_len },
  { "__iter__", view_iter },
  { "__reversed__", view_reversed },
  { "__contains__", view_contains },
  { "__repr__", view_repr },
};

static const LsAuxMethod set_like_methods[] = {
  { "__eq__", view_eq },
  { "__ne__", view_ne },
  { "__and__", view_and },
  { "__or__", view_or },
  { "__sub__", view_sub },
  { "__xor__", view_xor },
  { "__rand__", view_rand },
  { "__ror__", view_ror },
  { "__rsub__", view_rsub },
  { "__rxor__", view_rxor },
  { "isdisjoint", view_isdisjoint },
};

void
ls_dict_views_init (LsVM *vm)
{
  for (gsize i = 0; i < G_N_ELEMENTS (view_types); i++)
    {
      LsClass *cls = vm->types[view_types[i]];

      LS_AUX_ADD_METHODS (vm, cls, view_methods);
      if (view_types[i] != LS_TYPE_DICT_VALUES)
        {
          LS_AUX_ADD_METHODS (vm, cls, set_like_methods);
          ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
        }
    }
}

/* ---- the class ---------------------------------------------------------- */

static const LsAuxMethod dict_methods[] = {
  { "__new__", dict_new },
  { "__repr__", dict_repr },
  { "__eq__", dict_eq },
  { "__ne__", dict_ne },
  { "__len__", dict_len },
  { "__getitem__", dict_getitem },
  { "__setitem__", dict_setitem },
  { "__delitem__", dict_delitem },
  { "__contains__", dict_contains },
  { "__iter__", dict_iter },
  { "__reversed__", dict_reversed },
  { "__or__", dict_or },
  { "__ior__", dict_ior },
  { "get", dict_get },
  { "setdefault", dict_setdefault },
  { "pop", dict_pop },
  { "popitem", dict_popitem },
  { "keys", dict_keys },
  { "values", dict_values },
  { "items", dict_items },
  { "update", dict_update },
  { "copy", dict_copy },
  { "clear", dict_clear },
};

void
ls_dict_class_init (LsVM    *vm,
                    LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, dict_methods);
  ls_aux_add_classmethod (vm, cls, "fromkeys", dict_fromkeys);
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
}
