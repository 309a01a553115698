/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-functools.c — the `functools` module: partial, reduce, wraps,
 * update_wrapper, lru_cache/cache and cmp_to_key, which tutorials reach
 * for when writing decorators and memoizing.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-builtins.h"

#include "ls-auxlib.h"
#include "ls-class.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static gboolean
is_callable (LsVM *vm, LsValue v)
{
  if (ls_is_kind (v, LS_KIND_CLASS) || ls_is_kind (v, LS_KIND_FUNCTION) || ls_is_kind (v, LS_KIND_NATIVE)
      || ls_is_kind (v, LS_KIND_BOUND_METHOD))
    return TRUE;
  return !ls_is_unbound (ls_class_lookup (ls_type_of (vm, v), ls_str_intern_cstr (vm, "__call__")));
}

/* ---- partial ------------------------------------------------------------ */

/* A partial is an instance whose dict holds func, args (a tuple) and
 * keywords (a dict), the attributes CPython exposes. */
static LsValue
field (LsVM *vm, LsInstance *self, const char *name)
{
  /* self may be any instance (`partial.__call__(x)`), and one with C
   * fields (a Future) has no dict until an attribute is set */
  if (self->dict == NULL)
    return LS_UNBOUND;
  return ls_dict_get_str (self->dict, ls_str_intern_cstr (vm, name));
}

static void
set_field (LsVM *vm, LsInstance *self, const char *name, LsValue value)
{
  ls_dict_set_str (vm, ls_instance_ensure_dict (vm, self), ls_str_intern_cstr (vm, name), value);
}

static gboolean
is_partial (LsValue v, LsClass *partial_cls)
{
  return ls_is_kind (v, LS_KIND_INSTANCE) && v.o->cls == partial_cls;
}

/* partial(func, *args, **keywords), as __init__ of a plain class so that
 * partial objects take attributes as CPython's do; a partial of a partial
 * flattens. */
NATIVE (partial_init)
{
  LsValue func, stored_args = ls_obj (vm->empty_tuple);
  LsDict *keywords;
  LsInstance *self;
  LsList *all;

  if (n_args == 0 || !ls_is_kind (args[0], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '__init__' requires a 'functools.partial' object");
  if (n_args < 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "type 'partial' takes at least one argument");
  self = (LsInstance *) args[0].o;
  func = args[1];
  if (!is_callable (vm, func))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "the first argument must be callable");
  keywords = ls_dict_new (vm);
  all = ls_list_new (vm, 0);
  if (is_partial (func, self->header.cls))
    {
      LsInstance *inner = (LsInstance *) func.o;
      LsTuple *inner_args = ls_value_tuple (field (vm, inner, "args"));
      LsDict *inner_keywords = ls_value_dict (field (vm, inner, "keywords"));
      LsValue key, value;

      for (gsize i = 0; inner_args != NULL && i < inner_args->len; i++)
        ls_list_append (vm, all, inner_args->items[i]);
      for (gsize pos = 0; inner_keywords != NULL && ls_dict_next (inner_keywords, &pos, &key, &value);)
        ls_dict_set (vm, keywords, key, value);
      func = field (vm, inner, "func");
    }
  for (guint i = 2; i < n_args; i++)
    ls_list_append (vm, all, args[i]);
  for (guint i = 0; i < ls_aux_n_kwargs (kwnames); i++)
    ls_dict_set_str (vm, keywords, (LsStr *) kwnames->items[i].o, args[n_args + i]);
  if (all->len > 0)
    stored_args = ls_obj (ls_tuple_new_from (vm, all->items, all->len));
  set_field (vm, self, "func", func);
  set_field (vm, self, "args", stored_args);
  set_field (vm, self, "keywords", ls_obj (keywords));
  *result = LS_NONE;
  return TRUE;
}

/* Calls func(*args, *call_args, **{**keywords, **call_keywords}). */
NATIVE (partial_call)
{
  LsInstance *self;
  LsTuple *stored, *names;
  LsDict *keywords, *merged;
  LsList *flat;
  LsValue key, value;
  guint n_pos = n_args;
  gsize k = 0;

  if (n_args == 0 || !ls_is_kind (args[0], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '__call__' requires a 'functools.partial' object");
  self = (LsInstance *) args[0].o;
  stored = ls_value_tuple (field (vm, self, "args"));
  keywords = ls_value_dict (field (vm, self, "keywords"));
  merged = ls_dict_new (vm);
  for (gsize pos = 0; keywords != NULL && ls_dict_next (keywords, &pos, &key, &value);)
    ls_dict_set (vm, merged, key, value);
  for (guint i = 0; i < ls_aux_n_kwargs (kwnames); i++)
    ls_dict_set_str (vm, merged, (LsStr *) kwnames->items[i].o, args[n_pos + i]);
  flat = ls_list_new (vm, 0);
  for (gsize i = 0; stored != NULL && i < stored->len; i++)
    ls_list_append (vm, flat, stored->items[i]);
  for (guint i = 1; i < n_pos; i++)
    ls_list_append (vm, flat, args[i]);
  names = merged->len > 0 ? ls_tuple_new (vm, merged->len) : NULL;
  for (gsize pos = 0; ls_dict_next (merged, &pos, &key, &value);)
    {
      names->items[k++] = key;
      ls_list_append (vm, flat, value);
    }
  return ls_call (vm, field (vm, self, "func"), flat->items, (guint) (flat->len - k), names, result);
}

/* functools.partial(func, arg..., key=value...), as CPython's: the type's
 * name alone for a subclass, "..." for a partial inside its own repr. */
NATIVE (partial_repr)
{
  LsInstance *self;
  LsTuple *stored;
  LsDict *keywords;
  LsValue key, value;
  GString *out;
  gboolean ok;

  if (n_args != 1 || !ls_is_kind (args[0], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '__repr__' requires a 'functools.partial' object");
  self = (LsInstance *) args[0].o;
  if (!ls_aux_repr_enter (&self->header))
    {
      *result = ls_obj (ls_str_new_cstr (vm, "..."));
      return TRUE;
    }
  stored = ls_value_tuple (field (vm, self, "args"));
  keywords = ls_value_dict (field (vm, self, "keywords"));
  out = g_string_new (self->header.cls->base == vm->types[LS_TYPE_OBJECT] &&
                      strcmp (self->header.cls->name->data, "partial") == 0 ? "functools.partial" :
                      self->header.cls->name->data);
  g_string_append_c (out, '(');
  ok = ls_repr_append (vm, field (vm, self, "func"), out);
  for (gsize i = 0; ok && stored != NULL && i < stored->len; i++)
    {
      g_string_append (out, ", ");
      ok = ls_repr_append (vm, stored->items[i], out);
    }
  for (gsize pos = 0; ok && keywords != NULL && ls_dict_next (keywords, &pos, &key, &value);)
    {
      LsStr *name = ls_value_str (key);

      g_string_append_printf (out, ", %s=", name != NULL ? name->data : "?");
      ok = ls_repr_append (vm, value, out);
    }
  ls_aux_repr_leave (&self->header);
  if (!ok)
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  g_string_append_c (out, ')');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

static LsClass *
partial_class_new (LsVM *vm)
{
  LsClass *cls = ls_class_new (vm, "partial", vm->types[LS_TYPE_OBJECT], "functools");

  ls_class_add_method (vm, cls, "__init__", (gpointer) partial_init);
  ls_class_add_method (vm, cls, "__call__", (gpointer) partial_call);
  ls_class_add_method (vm, cls, "__repr__", (gpointer) partial_repr);
  return cls;
}

/* ---- reduce -------------------------------------------------------------- */

NATIVE (functools_reduce)
{
  LsValue iterator, item, call_args[2];
  gboolean exhausted, have_value, ok = FALSE, step_ok;

  if (!ls_aux_no_kwargs (vm, "reduce", kwnames) || !ls_aux_arity (vm, "reduce", n_args, 2, 3))
    return FALSE;
  if (!ls_get_iter (vm, args[1], &iterator))
    {
      if (ls_isinstance (vm, vm->raised, ls_exception_class (vm, LS_EXC_TYPE_ERROR)))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "reduce() arg 2 must support iteration");
      return FALSE;
    }
  have_value = n_args == 3;
  *result = have_value ? args[2] : LS_NONE;
  for (;;)
    {
      /* The accumulator may be an old object nothing else holds (an item
       * a generator let go of): root it while the iterator runs. */
      ls_vm_push_root (vm, *result);
      step_ok = ls_iter_next (vm, iterator, &item, &exhausted);
      ls_vm_pop_roots (vm, 1);
      if (!step_ok)
        break;
      if (exhausted)
        {
          ok = TRUE;
          break;
        }
      if (!have_value)
        {
          *result = item;
          have_value = TRUE;
          continue;
        }
      call_args[0] = *result;
      call_args[1] = item;
      if (!ls_call (vm, args[0], call_args, 2, NULL, result))
        break;
    }
  if (ok && !have_value)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "reduce() of empty iterable with no initial value");
  return ok;
}

/* ---- wraps ---------------------------------------------------------------- */

static const char *const assigned[] = { "__module__", "__name__", "__qualname__", "__doc__" };

/* update_wrapper(wrapper, wrapped): copies the identity attributes that
 * exist, merges __dict__, and records __wrapped__. */
static gboolean
update_wrapper (LsVM *vm, LsValue wrapper, LsValue wrapped)
{
  LsValue value, wrapped_dict, key;
  gboolean found;

  for (gsize i = 0; i < G_N_ELEMENTS (assigned); i++)
    {
      LsStr *name = ls_str_intern_cstr (vm, assigned[i]);

      if (!ls_getattr_opt (vm, wrapped, name, &value, &found))
        return FALSE;
      if (found && !ls_setattr (vm, wrapper, name, value))
        return FALSE;
    }
  if (!ls_getattr_opt (vm, wrapped, ls_str_intern_cstr (vm, "__dict__"), &wrapped_dict, &found))
    return FALSE;
  if (found && ls_is_kind (wrapped_dict, LS_KIND_DICT) && !ls_is_kind (wrapped, LS_KIND_CLASS))
    for (gsize pos = 0; ls_dict_next ((LsDict *) wrapped_dict.o, &pos, &key, &value);)
      if (ls_is_kind (key, LS_KIND_STR) && !ls_setattr (vm, wrapper, (LsStr *) key.o, value))
        return FALSE;
  return ls_setattr (vm, wrapper, ls_str_intern_cstr (vm, "__wrapped__"), wrapped);
}

NATIVE (functools_update_wrapper)
{
  if (!ls_aux_no_kwargs (vm, "update_wrapper", kwnames) || !ls_aux_arity (vm, "update_wrapper", n_args, 2, 2)
      || !update_wrapper (vm, args[0], args[1]))
    return FALSE;
  *result = args[0];
  return TRUE;
}

/* The decorator wraps() returns: bound to `wrapped`, called with the wrapper. */
NATIVE (wraps_apply)
{
  if (!ls_aux_no_kwargs (vm, "wraps", kwnames) || n_args != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "update_wrapper() missing 1 required positional argument: 'wrapper'");
  if (!update_wrapper (vm, args[1], args[0]))
    return FALSE;
  *result = args[1];
  return TRUE;
}

NATIVE (functools_wraps)
{
  LsValue apply;

  /* assigned= and updated= keep their defaults here */
  if (!ls_aux_no_kwargs (vm, "wraps", kwnames))
    return FALSE;
  if (n_args != 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "wraps() missing 1 required positional argument: 'wrapped'");
  apply = ls_aux_native_value (vm, "update_wrapper", wraps_apply);
  *result = ls_obj (ls_bound_method_new (vm, args[0], apply));
  return TRUE;
}

/* ---- lru_cache ------------------------------------------------------------ */

/* A cached function is an instance of functools._lru_cache_wrapper; its
 * dict holds the wrapped function, the cache (a dict, oldest entry first,
 * which makes it the LRU order) and the statistics cache_info() reports. */
static LsValue
cache_field (LsVM *vm, LsValue self, const char *name)
{
  return field (vm, (LsInstance *) self.o, name);
}

static void
set_cache_field (LsVM *vm, LsValue self, const char *name, LsValue value)
{
  set_field (vm, (LsInstance *) self.o, name, value);
}

static gboolean
is_cache_wrapper (LsVM *vm, const LsValue *args, guint n_args)
{
  if (n_args > 0 && ls_is_kind (args[0], LS_KIND_INSTANCE) && ls_is_kind (cache_field (vm, args[0], "_cache"), LS_KIND_DICT))
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor requires a 'functools._lru_cache_wrapper' object");
}

/* _make_key: the positional arguments, then a marker and the keyword
 * pairs, so f(1, b=2) and f(1, 2) are cached apart. */
static LsValue
cache_key (LsVM *vm, LsValue marker, const LsValue *args, guint n_args, LsTuple *kwnames)
{
  guint n_kw = ls_aux_n_kwargs (kwnames);
  LsTuple *key = ls_tuple_new (vm, n_args + (n_kw > 0 ? 1 + 2 * n_kw : 0));

  for (guint i = 0; i < n_args; i++)
    key->items[i] = args[i];
  if (n_kw > 0)
    key->items[n_args] = marker;
  for (guint i = 0; i < n_kw; i++)
    {
      key->items[n_args + 1 + 2 * i] = kwnames->items[i];
      key->items[n_args + 2 + 2 * i] = args[n_args + i];
    }
  return ls_obj (key);
}

static void
count (LsVM *vm, LsValue self, const char *name)
{
  set_cache_field (vm, self, name, ls_int (ls_as_int (cache_field (vm, self, name)) + 1));
}

/* Drops the least recently used entries beyond maxsize. */
static gboolean
evict (LsVM *vm, LsDict *cache, gint64 maxsize)
{
  LsValue oldest;
  gboolean found;
  gsize pos = 0;

  while ((gint64) cache->len > maxsize && ls_dict_next (cache, &pos, &oldest, NULL))
    {
      if (!ls_dict_delete (vm, cache, oldest, &found))
        return FALSE;
      pos = 0;
    }
  return TRUE;
}

NATIVE (cache_wrapper_call)
{
  LsValue self, key, maxsize;
  LsDict *cache;
  gboolean found;

  if (!is_cache_wrapper (vm, args, n_args))
    return FALSE;
  self = args[0];
  cache = (LsDict *) cache_field (vm, self, "_cache").o;
  maxsize = cache_field (vm, self, "_maxsize");
  key = cache_key (vm, ls_obj (self.o->cls), args + 1, n_args - 1, kwnames);
  if (!ls_dict_get (vm, cache, key, result, &found))
    return FALSE;
  if (found)
    {
      count (vm, self, "_hits");
      /* a hit becomes the most recently used entry */
      return ls_is_none (maxsize) || (ls_dict_delete (vm, cache, key, &found) && ls_dict_set (vm, cache, key, *result));
    }
  count (vm, self, "_misses");
  if (!ls_call (vm, cache_field (vm, self, "__wrapped__"), args + 1, n_args - 1, kwnames, result))
    return FALSE;
  if (ls_is_none (maxsize))
    return ls_dict_set (vm, cache, key, *result);
  if (ls_as_int (maxsize) == 0)
    return TRUE;
  return ls_dict_set (vm, cache, key, *result) && evict (vm, cache, ls_as_int (maxsize));
}

static const char *const cache_info_fields[] = { "hits", "misses", "maxsize", "currsize" };

NATIVE (cache_info_repr)
{
  LsTuple *self;
  GString *out;

  if (n_args != 1 || !ls_is_kind (args[0], LS_KIND_TUPLE) || ((LsTuple *) args[0].o)->len != 4
      || !ls_aux_no_kwargs (vm, "__repr__", kwnames))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '__repr__' requires a 'CacheInfo' object");
  self = (LsTuple *) args[0].o;
  out = g_string_new ("CacheInfo(");
  for (int i = 0; i < 4; i++)
    {
      g_string_append_printf (out, "%s%s=", i > 0 ? ", " : "", cache_info_fields[i]);
      if (!ls_repr_append (vm, self->items[i], out))
        {
          g_string_free (out, TRUE);
          return FALSE;
        }
    }
  g_string_append_c (out, ')');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

#define CACHE_INFO_GETTER(fname, index) \
  NATIVE (fname) \
  { \
    (void) kwnames; \
    if (n_args != 1 || !ls_is_kind (args[0], LS_KIND_TUPLE) || ((LsTuple *) args[0].o)->len != 4) \
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor requires a 'CacheInfo' object"); \
    *result = ((LsTuple *) args[0].o)->items[index]; \
    return TRUE; \
  }

CACHE_INFO_GETTER (cache_info_hits, 0)
CACHE_INFO_GETTER (cache_info_misses, 1)
CACHE_INFO_GETTER (cache_info_maxsize, 2)
CACHE_INFO_GETTER (cache_info_currsize, 3)

static LsClass *
module_class (LsVM *vm, const char *name)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "functools"));
  LsValue cls = ls_is_kind (module, LS_KIND_MODULE)
                ? ls_dict_get_str (((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, name))
                : LS_UNBOUND;

  return ls_is_kind (cls, LS_KIND_CLASS) ? (LsClass *) cls.o : vm->types[LS_TYPE_TUPLE];
}

NATIVE (cache_wrapper_info)
{
  LsTuple *info;

  if (!is_cache_wrapper (vm, args, n_args) || !ls_aux_no_kwargs (vm, "cache_info", kwnames)
      || !ls_aux_arity (vm, "cache_info", n_args - 1, 0, 0))
    return FALSE;
  info = ls_tuple_new (vm, 4);
  info->header.cls = module_class (vm, "CacheInfo");
  info->items[0] = cache_field (vm, args[0], "_hits");
  info->items[1] = cache_field (vm, args[0], "_misses");
  info->items[2] = cache_field (vm, args[0], "_maxsize");
  info->items[3] = ls_int ((gint64) ((LsDict *) cache_field (vm, args[0], "_cache").o)->len);
  *result = ls_obj (info);
  return TRUE;
}

NATIVE (cache_wrapper_clear)
{
  if (!is_cache_wrapper (vm, args, n_args) || !ls_aux_no_kwargs (vm, "cache_clear", kwnames)
      || !ls_aux_arity (vm, "cache_clear", n_args - 1, 0, 0))
    return FALSE;
  ls_dict_clear (vm, (LsDict *) cache_field (vm, args[0], "_cache").o);
  set_cache_field (vm, args[0], "_hits", ls_int (0));
  set_cache_field (vm, args[0], "_misses", ls_int (0));
  *result = LS_NONE;
  return TRUE;
}

static gboolean
cache_wrap (LsVM *vm, LsValue func, LsValue maxsize, LsValue *result)
{
  LsInstance *self;

  if (!is_callable (vm, func))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "the first argument must be callable");
  self = ls_instance_new (vm, module_class (vm, "_lru_cache_wrapper"));
  *result = ls_obj (self);
  set_field (vm, self, "_cache", ls_obj (ls_dict_new (vm)));
  set_field (vm, self, "_hits", ls_int (0));
  set_field (vm, self, "_misses", ls_int (0));
  set_field (vm, self, "_maxsize", maxsize);
  return update_wrapper (vm, *result, func);
}

/* The decorator lru_cache(maxsize) returns: bound to maxsize. */
NATIVE (lru_cache_decorate)
{
  if (!ls_aux_no_kwargs (vm, "decorating_function", kwnames) || n_args != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "decorating_function() takes 1 positional argument but %u were given",
                     n_args - 1);
  return cache_wrap (vm, args[1], args[0], result);
}

/* lru_cache(maxsize=128, typed=False), or lru_cache(function) directly. */
NATIVE (functools_lru_cache)
{
  static const char *const names[] = { "maxsize", "typed" };
  LsValue values[2] = { ls_int (128), LS_FALSE }, maxsize;

  if (!ls_aux_arity (vm, "lru_cache", n_args, 0, 2)
      || !ls_aux_kwargs (vm, "lru_cache", args, n_args, kwnames, names, values, 2))
    return FALSE;
  if (n_args > 0)
    values[0] = args[0];
  maxsize = values[0];
  if (!ls_is_none (maxsize) && !ls_is_intlike (maxsize))
    {
      if (is_callable (vm, maxsize))
        return cache_wrap (vm, maxsize, ls_int (128), result);
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "Expected first argument to be an integer, a callable, or None");
    }
  if (ls_is_intlike (maxsize))
    maxsize = ls_int (MAX (ls_as_int (maxsize), 0));
  *result = ls_obj (ls_bound_method_new (vm, maxsize, ls_aux_native_value (vm, "decorating_function", lru_cache_decorate)));
  return TRUE;
}

NATIVE (functools_cache)
{
  if (!ls_aux_no_kwargs (vm, "cache", kwnames) || !ls_aux_arity (vm, "cache", n_args, 1, 1))
    return FALSE;
  return cache_wrap (vm, args[0], LS_NONE, result);
}

/* ---- cmp_to_key --------------------------------------------------------- */

/* cmp_to_key(mycmp)(obj) is a KeyWrapper whose comparisons ask mycmp. */
static gboolean
key_compare (LsVM *vm, const LsValue *args, guint n_args, LsCompareOp op, LsValue *result)
{
  LsValue a, b, call_args[2], verdict;
  LsClass *cls;

  if (n_args != 2 || !ls_is_kind (args[0], LS_KIND_INSTANCE))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "other argument must be K instance");
  cls = args[0].o->cls;
  if (!ls_is_kind (args[1], LS_KIND_INSTANCE) || args[1].o->cls != cls)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "other argument must be K instance");
  a = field (vm, (LsInstance *) args[0].o, "obj");
  b = field (vm, (LsInstance *) args[1].o, "obj");
  call_args[0] = a;
  call_args[1] = b;
  if (!ls_call (vm, field (vm, (LsInstance *) args[0].o, "_cmp"), call_args, 2, NULL, &verdict))
    return FALSE;
  return ls_compare (vm, verdict, ls_int (0), op, result);
}

#define KEY_COMPARE(fname, op) \
  NATIVE (fname) { (void) kwnames; return key_compare (vm, args, n_args, op, result); }

KEY_COMPARE (key_lt, LS_CMP_LT)
KEY_COMPARE (key_le, LS_CMP_LT_E)
KEY_COMPARE (key_gt, LS_CMP_GT)
KEY_COMPARE (key_ge, LS_CMP_GT_E)
KEY_COMPARE (key_eq, LS_CMP_EQ)
KEY_COMPARE (key_ne, LS_CMP_NOT_EQ)

/* Bound to mycmp: wraps one object. */
NATIVE (key_wrap)
{
  LsInstance *key;

  if (!ls_aux_no_kwargs (vm, "K", kwnames) || n_args != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "K() takes exactly 1 positional argument (%u given)", n_args - 1);
  key = ls_instance_new (vm, module_class (vm, "KeyWrapper"));
  set_field (vm, key, "obj", args[1]);
  set_field (vm, key, "_cmp", args[0]);
  *result = ls_obj (key);
  return TRUE;
}

NATIVE (functools_cmp_to_key)
{
  if (!ls_aux_no_kwargs (vm, "cmp_to_key", kwnames) || !ls_aux_arity (vm, "cmp_to_key", n_args, 1, 1))
    return FALSE;
  *result = ls_obj (ls_bound_method_new (vm, args[0], ls_aux_native_value (vm, "K", key_wrap)));
  return TRUE;
}

static const LsAuxMethod key_methods[] = {
  { "__lt__", key_lt },
  { "__le__", key_le },
  { "__gt__", key_gt },
  { "__ge__", key_ge },
  { "__eq__", key_eq },
  { "__ne__", key_ne },
};

static void
add_classes (LsVM *vm, LsModule *module)
{
  LsClass *wrapper = ls_class_new (vm, "_lru_cache_wrapper", vm->types[LS_TYPE_OBJECT], "functools");
  LsClass *info = ls_class_new (vm, "CacheInfo", vm->types[LS_TYPE_TUPLE], "functools");
  LsClass *key = ls_class_new (vm, "KeyWrapper", vm->types[LS_TYPE_OBJECT], "functools");

  /* the wrapper takes attributes (update_wrapper sets __name__ & co.);
   * CacheInfo is a tuple type, built here, never called */
  info->is_builtin = TRUE;
  ls_class_add_method (vm, wrapper, "__call__", (gpointer) cache_wrapper_call);
  ls_class_add_method (vm, wrapper, "cache_info", (gpointer) cache_wrapper_info);
  ls_class_add_method (vm, wrapper, "cache_clear", (gpointer) cache_wrapper_clear);
  ls_class_add_method (vm, info, "__repr__", (gpointer) cache_info_repr);
  ls_aux_add_property (vm, info, "hits", cache_info_hits);
  ls_aux_add_property (vm, info, "misses", cache_info_misses);
  ls_aux_add_property (vm, info, "maxsize", cache_info_maxsize);
  ls_aux_add_property (vm, info, "currsize", cache_info_currsize);
  LS_AUX_ADD_METHODS (vm, key, key_methods);
  ls_dict_set_str (vm, key->dict, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_lru_cache_wrapper"), ls_obj (wrapper));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "CacheInfo"), ls_obj (info));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "KeyWrapper"), ls_obj (key));
}

/* ---- the module ------------------------------------------------------ */

static const LsAuxMethod functions[] = {
  { "reduce", functools_reduce },
  { "wraps", functools_wraps },
  { "update_wrapper", functools_update_wrapper },
  { "lru_cache", functools_lru_cache },
  { "cache", functools_cache },
  { "cmp_to_key", functools_cmp_to_key },
};

LsModule *
ls_module_functools_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "functools");

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    ls_module_add_function (vm, module, functions[i].name, (gpointer) functions[i].func);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "partial"), ls_obj (partial_class_new (vm)));
  add_classes (vm, module);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "WRAPPER_ASSIGNMENTS"),
                   ls_obj (ls_tuple_new_from (vm, (LsValue[]) {
                     ls_obj (ls_str_intern_cstr (vm, "__module__")), ls_obj (ls_str_intern_cstr (vm, "__name__")),
                     ls_obj (ls_str_intern_cstr (vm, "__qualname__")), ls_obj (ls_str_intern_cstr (vm, "__doc__")),
                   }, 4)));
  return module;
}
