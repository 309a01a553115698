/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-auxlib.h"
#include "ls-number-format.h"

#include "ls-exception.h"
#include "ls-ops.h"
#include "ls-vm.h"

#include <string.h>

void
ls_aux_add_methods (LsVM              *vm,
                    LsClass           *cls,
                    const LsAuxMethod *methods,
                    gsize              n)
{
  for (gsize i = 0; i < n; i++)
    ls_class_add_method (vm, cls, methods[i].name, (gpointer) methods[i].func);
}

static LsProperty *
property_new (LsVM *vm, LsTypeId type, LsPropertyKind kind, const char *name, LsNativeFunc func)
{
  LsProperty *self = ls_object_alloc (vm, LS_KIND_PROPERTY, vm->types[type], sizeof (LsProperty));

  self->property_kind = kind;
  self->fget = ls_obj (ls_native_new (vm, name, func));
  self->fset = LS_NONE;
  self->fdel = LS_NONE;
  return self;
}

void
ls_aux_add_property (LsVM         *vm,
                     LsClass      *cls,
                     const char   *name,
                     LsNativeFunc  getter)
{
  LsProperty *property = property_new (vm, LS_TYPE_PROPERTY, LS_PROPERTY_PROPERTY, name, getter);

  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, name), ls_obj (property));
}

void
ls_aux_add_classmethod (LsVM         *vm,
                        LsClass      *cls,
                        const char   *name,
                        LsNativeFunc  func)
{
  LsProperty *property = property_new (vm, LS_TYPE_CLASSMETHOD, LS_PROPERTY_CLASSMETHOD, name, func);

  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, name), ls_obj (property));
}

static const char *
plural (guint n)
{
  return n == 1 ? "" : "s";
}

/* "str.center" -> "center": CPython names methods unqualified in most
 * messages, qualified in a few. */
static const char *
bare_name (const char *fname)
{
  const char *dot = strrchr (fname, '.');

  return dot != NULL ? dot + 1 : fname;
}

static gboolean
is_dunder (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_str_has_prefix (name, "__") && g_str_has_suffix (name, "__");
}

/* Dunders CPython implements as slot wrappers rather than as methods of
 * their own (list.__getitem__ and dict.__contains__ are methods). */
static gboolean
is_slot_wrapper (const char *fname)
{
  const char *name = bare_name (fname);

  if (!is_dunder (name) || strcmp (name, "__reversed__") == 0 || strcmp (name, "__format__") == 0)
    return FALSE;
  if (strcmp (name, "__getitem__") == 0)
    return !g_str_has_prefix (fname, "list.") && !g_str_has_prefix (fname, "dict.");
  if (strcmp (name, "__contains__") == 0)
    return !g_str_has_prefix (fname, "dict.") && !g_str_has_prefix (fname, "set.")
           && !g_str_has_prefix (fname, "frozenset.");
  return TRUE;
}

gboolean
ls_aux_arity_expected (LsVM       *vm,
                       const char *fname,
                       guint       n,
                       guint       min,
                       guint       max)
{
  if (n >= min && n <= max)
    return TRUE;
  if (min == max)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected %u argument%s, got %u",
                     bare_name (fname), min, plural (min), n);
  if (n < min)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at least %u argument%s, got %u",
                     bare_name (fname), min, plural (min), n);
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at most %u argument%s, got %u",
                   bare_name (fname), max, plural (max), n);
}

gboolean
ls_aux_arity (LsVM       *vm,
              const char *fname,
              guint       n,
              guint       min,
              guint       max)
{
  if (n >= min && n <= max)
    return TRUE;
  /* slot wrappers (list.__len__(1)) word it without a name */
  if (is_slot_wrapper (fname) && min == max)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "expected %u argument%s, got %u", min, plural (min), n);
  if (max == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no arguments (%u given)", fname, n);
  if (min == 1 && max == 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes exactly one argument (%u given)", fname, n);
  if (min == max)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected %u arguments, got %u", bare_name (fname), min, n);
  if (n < min)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at least %u argument%s, got %u",
                     bare_name (fname), min, plural (min), n);
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at most %u argument%s, got %u",
                   bare_name (fname), max, plural (max), n);
}

gboolean
ls_aux_arity_getargs (LsVM       *vm,
                      const char *fname,
                      guint       n,
                      guint       min,
                      guint       max)
{
  const char *how = min == max ? "exactly" : n < min ? "at least" : "at most";
  guint count = n < min ? min : max;

  if (n >= min && n <= max)
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes %s %u argument%s (%u given)",
                   bare_name (fname), how, count, plural (count), n);
}

gboolean
ls_aux_no_kwargs (LsVM       *vm,
                  const char *fname,
                  LsTuple    *kwnames)
{
  if (kwnames == NULL || kwnames->len == 0)
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no keyword arguments", fname);
}

gboolean
ls_aux_kwargs (LsVM              *vm,
               const char        *fname,
               const LsValue     *args,
               guint              n_args,
               LsTuple           *kwnames,
               const char *const *names,
               LsValue           *values,
               guint              n_names)
{
  for (guint k = 0; k < ls_aux_n_kwargs (kwnames); k++)
    {
      LsStr *key = ls_value_str (kwnames->items[k]);
      guint i;

      for (i = 0; i < n_names; i++)
        if (strcmp (key->data, names[i]) == 0)
          break;
      if (i == n_names)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' is an invalid keyword argument for %s()",
                         key->data, bare_name (fname));
      values[i] = args[n_args + k];
    }
  return TRUE;
}

gboolean
ls_aux_check_self (LsVM          *vm,
                   const LsValue *args,
                   guint          n_args,
                   LsKind         kind,
                   const char    *type_name,
                   const char    *method)
{
  char *qualified;
  gboolean wrapper;

  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "unbound method %s.%s() needs an argument",
                     type_name, method);
  if (ls_is_kind (args[0], kind))
    return TRUE;
  qualified = g_strdup_printf ("%s.%s", type_name, method);
  wrapper = is_slot_wrapper (qualified);
  g_free (qualified);
  if (wrapper)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' requires a '%s' object but received a '%s'",
                     method, type_name, ls_type_name (vm, args[0]));
  return ls_raise (vm, LS_EXC_TYPE_ERROR,
                   "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                   method, type_name, ls_type_name (vm, args[0]));
}

gboolean
ls_aux_check_new (LsVM          *vm,
                  const char    *type_name,
                  const LsValue *args,
                  guint          n_args)
{
  if (n_args == 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s.__new__(): not enough arguments", type_name);
  if (!ls_is_kind (args[0], LS_KIND_CLASS))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s.__new__(X): X is not a type object (%s)",
                     type_name, ls_type_name (vm, args[0]));
  return TRUE;
}

gboolean
ls_aux_index (LsVM    *vm,
              LsValue  v,
              gint64  *out)
{
  LsValue result;
  gboolean found;

  if (ls_is_intlike (v))
    {
      *out = ls_as_int (v);
      return TRUE;
    }
  if (ls_is_kind (v, LS_KIND_INSTANCE))
    {
      if (!ls_call_method_opt (vm, v, ls_str_intern_cstr (vm, "__index__"), NULL, 0, &result, &found))
        return FALSE;
      if (found && ls_is_intlike (result))
        {
          *out = ls_as_int (result);
          return TRUE;
        }
      if (found)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "__index__ returned non-int (type %s)",
                         ls_type_name (vm, result));
    }
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object cannot be interpreted as an integer",
                   ls_type_name (vm, v));
}

gboolean
ls_aux_wrap_index (gint64  len,
                   gint64  index,
                   gint64 *out)
{
  if (index < 0)
    index += len;
  if (index < 0 || index >= len)
    return FALSE;
  *out = index;
  return TRUE;
}

const char *
ls_aux_clinic_type_name (LsVM    *vm,
                         LsValue  v)
{
  return ls_is_none (v) ? "None" : ls_type_name (vm, v);
}

gboolean
ls_aux_unhashable (LsVM    *vm,
                   LsValue  v)
{
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "unhashable type: '%s'", ls_type_name (vm, v));
}

gboolean
ls_aux_repr_items (LsVM          *vm,
                   const LsValue *items,
                   gsize          n,
                   GString       *out)
{
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      if (!ls_repr_append (vm, items[i], out))
        return FALSE;
    }
  return TRUE;
}

void
ls_aux_ascii_escape (GString    *out,
                     const char *utf8,
                     gsize       len)
{
  for (const char *p = utf8; p < utf8 + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 128)
        g_string_append_c (out, (char) c);
      else if (c <= 0xff)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c <= 0xffff)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\U%08x", c);
    }
}

gboolean
ls_aux_key_error (LsVM    *vm,
                  LsValue  key)
{
  LsTuple *args = ls_tuple_new_from (vm, &key, 1);
  LsInstance *exc = ls_exception_new (vm, ls_exception_class (vm, LS_EXC_KEY_ERROR), args);

  return ls_raise_value (vm, ls_obj (exc));
}

LsValue
ls_aux_native_value (LsVM         *vm,
                     const char   *name,
                     LsNativeFunc  func)
{
  return ls_obj (ls_native_new (vm, name, func));
}

gboolean
ls_aux_check_format_size (LsVM       *vm,
                          const char *spec,
                          gsize       len)
{
  LsFormatSpec parsed;
  char *message = NULL;

  if (!ls_format_spec_parse (spec, len, &parsed, &message))
    {
      g_free (message);
      return TRUE;
    }
  /* a fill character takes up to 4 bytes */
  return ls_vm_check_alloc_n (vm, (guint64) MAX (parsed.width, 0), 4) &&
         ls_vm_check_alloc (vm, (guint64) MAX (parsed.precision, 0));
}

gboolean
ls_aux_call_method (LsVM          *vm,
                    LsValue        obj,
                    const char    *name,
                    const LsValue *args,
                    guint          n_args,
                    LsTuple       *kwnames,
                    LsValue       *out)
{
  LsValue method;

  return ls_getattr (vm, obj, ls_str_intern_cstr (vm, name), &method) &&
         ls_call (vm, method, args, n_args, kwnames, out);
}
