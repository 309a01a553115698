/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-iterator.c — the built-in iterator layout, the methods every
 * iterator class shares (__iter__, __next__), and enumerate, zip, map,
 * filter and reversed.  The containers' own iterators (list_iterator,
 * dict_keyiterator, ...) live beside their containers, which know their
 * layout; they all use this one object shape.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-iterator.h"

#include "ls-auxlib.h"
#include "ls-builtins.h"
#include "ls-exception.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

LsIterator *
ls_iterator_new (LsVM           *vm,
                 LsClass        *cls,
                 LsIteratorNext  next,
                 LsValue         source,
                 LsValue         extra)
{
  LsIterator *self = ls_object_alloc (vm, LS_KIND_ITERATOR, cls, sizeof (LsIterator));

  self->next = next;
  self->source = source;
  self->extra = extra;
  return self;
}

/* ---- what every iterator class has --------------------------------- */

static gboolean
check_iterator (LsVM *vm, const LsValue *args, guint n_args, const char *method)
{
  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' needs an argument", method);
  if (!ls_is_kind (args[0], LS_KIND_ITERATOR))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' requires an iterator, not '%s'",
                     method, ls_type_name (vm, args[0]));
  return TRUE;
}

NATIVE (iterator_iter)
{
  if (!check_iterator (vm, args, n_args, "__iter__") || !ls_aux_no_kwargs (vm, "__iter__", kwnames))
    return FALSE;
  *result = args[0];
  return TRUE;
}

/* StopIteration() with no arguments, as exhausted C iterators raise it. */
static gboolean
raise_stop_iteration (LsVM *vm)
{
  LsClass *cls = ls_exception_class (vm, LS_EXC_STOP_ITERATION);

  return ls_raise_value (vm, ls_obj (ls_exception_new (vm, cls, vm->empty_tuple)));
}

NATIVE (iterator_next)
{
  LsIterator *self;
  gboolean exhausted = FALSE;

  if (!check_iterator (vm, args, n_args, "__next__") || !ls_aux_no_kwargs (vm, "__next__", kwnames))
    return FALSE;
  self = (LsIterator *) args[0].o;
  if (!self->next (vm, self, result, &exhausted))
    return FALSE;
  return exhausted ? raise_stop_iteration (vm) : TRUE;
}

static const LsAuxMethod iterator_methods[] = {
  { "__iter__", iterator_iter },
  { "__next__", iterator_next },
};

/* ---- enumerate ------------------------------------------------------- */

/* source: the underlying iterator; index: the next count. */
static gboolean
enumerate_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  LsValue item;
  LsTuple *pair;

  if (!ls_iter_next (vm, self->source, &item, exhausted))
    return FALSE;
  if (*exhausted)
    return TRUE;
  pair = ls_tuple_new (vm, 2);
  pair->items[0] = ls_int (self->index++);
  pair->items[1] = item;
  *value = ls_obj (pair);
  return TRUE;
}

NATIVE (enumerate_new)
{
  static const char *const names[] = { "iterable", "start" };
  LsValue values[2] = { LS_UNBOUND, ls_int (0) };
  LsValue iterator;
  gint64 start;
  LsIterator *it;

  if (!ls_aux_check_new (vm, "enumerate", args, n_args))
    return FALSE;
  if (!ls_aux_arity_getargs (vm, "enumerate", n_args - 1, 0, 2))
    return FALSE;
  for (guint i = 1; i < n_args; i++)
    values[i - 1] = args[i];
  if (!ls_aux_kwargs (vm, "enumerate", args, n_args, kwnames, names, values, 2))
    return FALSE;
  if (ls_is_unbound (values[0]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "enumerate() missing required argument 'iterable'");
  if (!ls_aux_index (vm, values[1], &start) || !ls_get_iter (vm, values[0], &iterator))
    return FALSE;
  it = ls_iterator_new (vm, vm->types[LS_TYPE_ENUMERATE], enumerate_next, iterator, LS_NONE);
  it->index = start;
  *result = ls_obj (it);
  return TRUE;
}

/* ---- zip ------------------------------------------------------------- */

/* zip(strict=True): CPython's messages name the arguments 1-based. */
static gboolean
zip_strict_error (LsVM *vm, LsTuple *iterators, gsize exhausted_at)
{
  LsValue item;
  gboolean exhausted;

  if (exhausted_at > 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "zip() argument %" G_GSIZE_FORMAT " is shorter than argument%s%" G_GSIZE_FORMAT,
                     exhausted_at + 1, exhausted_at == 1 ? " " : "s 1-", exhausted_at);
  for (gsize i = 1; i < iterators->len; i++)
    {
      if (!ls_iter_next (vm, iterators->items[i], &item, &exhausted))
        return FALSE;
      if (!exhausted)
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "zip() argument %" G_GSIZE_FORMAT " is longer than argument%s%" G_GSIZE_FORMAT,
                         i + 1, i == 1 ? " " : "s 1-", i);
    }
  return TRUE;
}

/* extra: the tuple of iterators; step: strict.  The result tuple is made
 * first so that items already taken stay reachable while the next
 * iterator runs user code. */
static gboolean
zip_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  LsTuple *iterators = (LsTuple *) self->extra.o;
  LsTuple *items;

  *exhausted = iterators->len == 0 || self->index < 0;
  if (*exhausted)
    return TRUE;
  items = ls_tuple_new (vm, iterators->len);
  for (gsize i = 0; i < iterators->len; i++)
    {
      if (!ls_iter_next (vm, iterators->items[i], &items->items[i], exhausted))
        return FALSE;
      if (*exhausted)
        {
          self->index = -1;
          return self->step ? zip_strict_error (vm, iterators, i) : TRUE;
        }
    }
  *value = ls_obj (items);
  return TRUE;
}

/* The iterators of args[first..n_args), as a tuple. */
static gboolean
iterators_of (LsVM *vm, const LsValue *args, guint first, guint n_args, LsTuple **out)
{
  LsTuple *iterators = ls_tuple_new (vm, n_args - first);

  for (guint i = first; i < n_args; i++)
    if (!ls_get_iter (vm, args[i], &iterators->items[i - first]))
      return FALSE;
  *out = iterators;
  return TRUE;
}

NATIVE (zip_new)
{
  static const char *const names[] = { "strict" };
  LsValue strict = LS_FALSE;
  gboolean is_strict;
  LsTuple *iterators;
  LsIterator *it;

  if (!ls_aux_check_new (vm, "zip", args, n_args))
    return FALSE;
  if (!ls_aux_kwargs (vm, "zip", args, n_args, kwnames, names, &strict, 1)
      || !ls_truthy (vm, strict, &is_strict)
      || !iterators_of (vm, args, 1, n_args, &iterators))
    return FALSE;
  it = ls_iterator_new (vm, vm->types[LS_TYPE_ZIP], zip_next, LS_NONE, ls_obj (iterators));
  it->step = is_strict;
  *result = ls_obj (it);
  return TRUE;
}

/* ---- map ------------------------------------------------------------- */

/* source: the function; extra: the tuple of iterators. */
static gboolean
map_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  LsTuple *iterators = (LsTuple *) self->extra.o;
  LsTuple *call_args = ls_tuple_new (vm, iterators->len);

  for (gsize i = 0; i < iterators->len; i++)
    {
      if (!ls_iter_next (vm, iterators->items[i], &call_args->items[i], exhausted))
        return FALSE;
      if (*exhausted)
        return TRUE;
    }
  return ls_call (vm, self->source, call_args->items, (guint) call_args->len, NULL, value);
}

NATIVE (map_new)
{
  LsTuple *iterators;

  if (!ls_aux_check_new (vm, "map", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "map", kwnames))
    return FALSE;
  if (n_args < 3)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "map() must have at least two arguments.");
  if (!iterators_of (vm, args, 2, n_args, &iterators))
    return FALSE;
  *result = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_MAP], map_next, args[1], ls_obj (iterators)));
  return TRUE;
}

/* ---- filter ---------------------------------------------------------- */

/* source: the iterator; extra: the function, or None for truthiness. */
static gboolean
filter_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  for (;;)
    {
      LsValue item, verdict;
      gboolean keep, ok;

      if (!ls_iter_next (vm, self->source, &item, exhausted))
        return FALSE;
      if (*exhausted)
        return TRUE;
      /* the item may be an old object its iterator let go of: root it
       * while user code decides */
      verdict = item;
      ls_vm_push_root (vm, item);
      ok = (ls_is_none (self->extra) || ls_call (vm, self->extra, &item, 1, NULL, &verdict))
           && ls_truthy (vm, verdict, &keep);
      ls_vm_pop_roots (vm, 1);
      if (!ok)
        return FALSE;
      if (keep)
        {
          *value = item;
          return TRUE;
        }
    }
}

NATIVE (filter_new)
{
  LsValue iterator;

  if (!ls_aux_check_new (vm, "filter", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "filter", kwnames) || !ls_aux_arity (vm, "filter", n_args - 1, 2, 2)
      || !ls_get_iter (vm, args[2], &iterator))
    return FALSE;
  *result = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_FILTER], filter_next, iterator, args[1]));
  return TRUE;
}

/* ---- reversed -------------------------------------------------------- */

/* For sequences without __reversed__: source[index], index counting down. */
static gboolean
reversed_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  *exhausted = self->index < 0;
  if (*exhausted)
    return TRUE;
  if (!ls_getitem (vm, self->source, ls_int (self->index--), value))
    {
      /* IndexError/StopIteration end the iteration, as CPython's reversed */
      if (ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_INDEX_ERROR))
          || ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_STOP_ITERATION)))
        {
          vm->raised = LS_UNBOUND;
          self->index = -1;
          *exhausted = TRUE;
          return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

NATIVE (reversed_new)
{
  LsValue seq;
  LsIterator *it;
  gboolean found;
  gint64 len;
  LsClass *cls;

  if (!ls_aux_check_new (vm, "reversed", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "reversed", kwnames) || !ls_aux_arity_expected (vm, "reversed", n_args - 1, 1, 1))
    return FALSE;
  seq = args[1];
  if (!ls_call_method_opt (vm, seq, ls_str_intern_cstr (vm, "__reversed__"), NULL, 0, result, &found))
    return FALSE;
  if (found)
    return TRUE;
  cls = ls_type_of (vm, seq);
  if (ls_is_kind (seq, LS_KIND_DICT) || ls_is_unbound (ls_class_lookup (cls, ls_str_intern_cstr (vm, "__getitem__")))
      || ls_is_unbound (ls_class_lookup (cls, ls_str_intern_cstr (vm, "__len__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not reversible", ls_type_name (vm, seq));
  if (!ls_len (vm, seq, &len))
    return FALSE;
  it = ls_iterator_new (vm, vm->types[LS_TYPE_REVERSED], reversed_next, seq, LS_NONE);
  it->index = len - 1;
  *result = ls_obj (it);
  return TRUE;
}

/* ---- the sequence iterator ---------------------------------------------- */

/* iter(x) for an x with __getitem__ but no __iter__: x[0], x[1], ...
 * until IndexError (or StopIteration), as CPython's seqiterobject. */
static gboolean
sequence_next (LsVM *vm, LsIterator *self, LsValue *value, gboolean *exhausted)
{
  *exhausted = self->index < 0;
  if (*exhausted)
    return TRUE;
  if (ls_getitem (vm, self->source, ls_int (self->index), value))
    {
      self->index++;
      return TRUE;
    }
  if (ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_INDEX_ERROR))
      || ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_STOP_ITERATION)))
    {
      vm->raised = LS_UNBOUND;
      self->index = -1;
      *exhausted = TRUE;
      return TRUE;
    }
  return FALSE;
}

LsValue
ls_iterator_new_sequence (LsVM    *vm,
                          LsValue  sequence)
{
  /* CPython calls this type "iterator"; callable_iterator is the closest
   * class the VM has */
  return ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_CALLABLE_ITERATOR], sequence_next, sequence, LS_NONE));
}

/* ---- the classes ------------------------------------------------------ */

static const LsTypeId iterator_types[] = {
  LS_TYPE_LIST_ITERATOR, LS_TYPE_LIST_REVERSEITERATOR, LS_TYPE_TUPLE_ITERATOR,
  LS_TYPE_STR_ITERATOR, LS_TYPE_RANGE_ITERATOR, LS_TYPE_SET_ITERATOR,
  LS_TYPE_DICT_KEYITERATOR, LS_TYPE_DICT_VALUEITERATOR, LS_TYPE_DICT_ITEMITERATOR,
  LS_TYPE_ENUMERATE, LS_TYPE_ZIP, LS_TYPE_MAP, LS_TYPE_FILTER, LS_TYPE_REVERSED,
  LS_TYPE_CALLABLE_ITERATOR,
};

static const struct
{
  LsTypeId     type;
  LsNativeFunc new_func;
} constructors[] = {
  { LS_TYPE_ENUMERATE, enumerate_new },
  { LS_TYPE_ZIP, zip_new },
  { LS_TYPE_MAP, map_new },
  { LS_TYPE_FILTER, filter_new },
  { LS_TYPE_REVERSED, reversed_new },
};

void
ls_iterator_classes_init (LsVM *vm)
{
  for (gsize i = 0; i < G_N_ELEMENTS (iterator_types); i++)
    LS_AUX_ADD_METHODS (vm, vm->types[iterator_types[i]], iterator_methods);
  for (gsize i = 0; i < G_N_ELEMENTS (constructors); i++)
    ls_class_add_method (vm, vm->types[constructors[i].type], "__new__", (gpointer) constructors[i].new_func);
}
