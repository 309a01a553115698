/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-functools.c — the `functools` module: partial, reduce, wraps and
 * update_wrapper, which tutorials reach for when writing decorators.
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
  return ls_dict_get_str (self->dict, ls_str_intern_cstr (vm, name));
}

static void
set_field (LsVM *vm, LsInstance *self, const char *name, LsValue value)
{
  ls_dict_set_str (vm, self->dict, ls_str_intern_cstr (vm, name), value);
}

static gboolean
is_partial (LsValue v, LsClass *partial_cls)
{
  return ls_is_kind (v, LS_KIND_INSTANCE) && v.o->cls == partial_cls;
}

/* partial(func, *args, **keywords); a partial of a partial flattens. */
NATIVE (partial_new)
{
  LsClass *cls;
  guint n_pos = n_args;
  LsValue func, stored_args = ls_obj (vm->empty_tuple);
  LsDict *keywords = ls_dict_new (vm);
  LsInstance *self;
  LsList *all = ls_list_new (vm, 0);

  if (!ls_aux_check_new (vm, "partial", args, n_args))
    return FALSE;
  cls = (LsClass *) args[0].o;
  if (n_pos < 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "type 'partial' takes at least one argument");
  func = args[1];
  if (!is_callable (vm, func))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "the first argument must be callable");
  if (is_partial (func, cls))
    {
      LsInstance *inner = (LsInstance *) func.o;
      LsTuple *inner_args = ls_value_tuple (field (vm, inner, "args"));
      LsDict *inner_keywords = ls_value_dict (field (vm, inner, "keywords"));
      LsValue key, value;

      for (gsize i = 0; inner_args != NULL && i < inner_args->len; i++)
        ls_list_append (all, inner_args->items[i]);
      for (gsize pos = 0; inner_keywords != NULL && ls_dict_next (inner_keywords, &pos, &key, &value);)
        ls_dict_set (vm, keywords, key, value);
      func = field (vm, inner, "func");
    }
  for (guint i = 2; i < n_pos; i++)
    ls_list_append (all, args[i]);
  for (guint i = 0; i < ls_aux_n_kwargs (kwnames); i++)
    ls_dict_set_str (vm, keywords, (LsStr *) kwnames->items[i].o, args[n_pos + i]);
  if (all->len > 0)
    stored_args = ls_obj (ls_tuple_new_from (vm, all->items, all->len));
  self = ls_instance_new (vm, cls);
  set_field (vm, self, "func", func);
  set_field (vm, self, "args", stored_args);
  set_field (vm, self, "keywords", ls_obj (keywords));
  *result = ls_obj (self);
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
    ls_list_append (flat, stored->items[i]);
  for (guint i = 1; i < n_pos; i++)
    ls_list_append (flat, args[i]);
  names = merged->len > 0 ? ls_tuple_new (vm, merged->len) : NULL;
  for (gsize pos = 0; ls_dict_next (merged, &pos, &key, &value);)
    {
      names->items[k++] = key;
      ls_list_append (flat, value);
    }
  return ls_call (vm, field (vm, self, "func"), flat->items, (guint) flat->len, names, result);
}

static LsClass *
partial_class_new (LsVM *vm)
{
  LsClass *cls = ls_class_new (vm, "partial", vm->types[LS_TYPE_OBJECT], "functools");

  cls->is_builtin = TRUE;
  ls_class_add_method (vm, cls, "__new__", (gpointer) partial_new);
  ls_class_add_method (vm, cls, "__call__", (gpointer) partial_call);
  return cls;
}

/* ---- reduce -------------------------------------------------------------- */

NATIVE (functools_reduce)
{
  LsValue iterator, item, call_args[2];
  gboolean exhausted, have_value, ok = FALSE;
  guint root;

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
  /* The accumulator may be an old object nothing else holds (an item a
   * generator let go of): root it while the iterator runs. */
  root = vm->roots->len;
  ls_vm_push_root (vm, *result);
  for (;;)
    {
      g_array_index (vm->roots, LsValue, root) = *result;
      if (!ls_iter_next (vm, iterator, &item, &exhausted))
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
  ls_vm_pop_roots (vm, 1);
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

  if (n_args != 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "wraps() missing 1 required positional argument: 'wrapped'");
  apply = ls_aux_native_value (vm, "update_wrapper", wraps_apply);
  *result = ls_obj (ls_bound_method_new (vm, args[0], apply));
  return TRUE;
}

/* ---- the module ------------------------------------------------------ */

static const LsAuxMethod functions[] = {
  { "reduce", functools_reduce },
  { "wraps", functools_wraps },
  { "update_wrapper", functools_update_wrapper },
};

LsModule *
ls_module_functools_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "functools");

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    ls_module_add_function (vm, module, functions[i].name, (gpointer) functions[i].func);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "partial"), ls_obj (partial_class_new (vm)));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "WRAPPER_ASSIGNMENTS"),
                   ls_obj (ls_tuple_new_from (vm, (LsValue[]) {
                     ls_obj (ls_str_intern_cstr (vm, "__module__")), ls_obj (ls_str_intern_cstr (vm, "__name__")),
                     ls_obj (ls_str_intern_cstr (vm, "__qualname__")), ls_obj (ls_str_intern_cstr (vm, "__doc__")),
                   }, 4)));
  return module;
}
