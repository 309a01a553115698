/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-class.c — classes and instances of user classes. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-class.h"
#include "ls-function.h"
#include "ls-vm.h"

LsClass *
ls_class_new (LsVM       *vm,
              const char *name,
              LsClass    *base,
              const char *module)
{
  LsClass *cls = ls_object_alloc (vm, LS_KIND_CLASS, vm->types[LS_TYPE_TYPE], sizeof (LsClass));

  cls->name = ls_str_intern_cstr (vm, name);
  cls->qualname = cls->name;
  cls->module = ls_str_intern_cstr (vm, module);
  cls->base = base;
  cls->dict = ls_dict_new (vm);
  cls->instance_kind = base != NULL ? base->instance_kind : LS_KIND_INSTANCE;
  cls->depth = base != NULL ? base->depth + 1 : 0;
  cls->is_exception = base != NULL && base->is_exception;
  return cls;
}

gboolean
ls_class_is_subclass (const LsClass *cls,
                      const LsClass *base)
{
  for (; cls != NULL; cls = cls->base)
    {
      if (cls == base)
        return TRUE;
      if (cls->also != NULL && ls_class_is_subclass (cls->also, base))
        return TRUE;
    }
  return FALSE;
}

LsValue
ls_class_lookup (const LsClass *cls,
                 LsStr         *name)
{
  for (; cls != NULL; cls = cls->base)
    {
      LsValue v = ls_dict_get_str (cls->dict, name);

      if (!ls_is_unbound (v))
        return v;
    }
  return LS_UNBOUND;
}

void
ls_class_add_method (LsVM       *vm,
                     LsClass    *cls,
                     const char *name,
                     gpointer    func)
{
  LsNative *native = ls_native_new (vm, name, (LsNativeFunc) func);

  native->is_method = TRUE;
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, name), ls_obj (native));
}

LsInstance *
ls_instance_new (LsVM    *vm,
                 LsClass *cls)
{
  LsInstance *self = ls_object_alloc (vm, LS_KIND_INSTANCE, cls, sizeof (LsInstance));

  self->dict = ls_dict_new (vm);
  return self;
}
