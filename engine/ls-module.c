/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-module.c — module objects: a name and a namespace dict. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-module.h"

#include "ls-auxlib.h"
#include "ls-function.h"
#include "ls-vm.h"

LsModule *
ls_module_new (LsVM       *vm,
               const char *name)
{
  LsModule *self = ls_object_alloc (vm, LS_KIND_MODULE, vm->types[LS_TYPE_MODULE], sizeof (LsModule));

  self->name = ls_str_intern_cstr (vm, name);
  self->dict = ls_dict_new (vm);
  ls_dict_set_str (vm, self->dict, ls_str_intern_cstr (vm, "__name__"), ls_obj (self->name));
  return self;
}

void
ls_module_add_function (LsVM       *vm,
                        LsModule   *self,
                        const char *name,
                        gpointer    func)
{
  LsNative *native = ls_native_new (vm, name, (LsNativeFunc) func);

  ls_dict_set_str (vm, self->dict, ls_str_intern_cstr (vm, name), ls_obj (native));
}

/* Every simulated module is built into the binary, hence "(built-in)". */
static gboolean
module_repr (LsVM          *vm,
             const LsValue *args,
             guint          n_args,
             LsTuple       *kwnames,
             LsValue       *result)
{
  GString *out;

  if (!ls_aux_check_self (vm, args, n_args, LS_KIND_MODULE, "module", "__repr__")
      || !ls_aux_no_kwargs (vm, "module.__repr__", kwnames))
    return FALSE;
  out = g_string_new (NULL);
  g_string_append_printf (out, "<module '%s' (built-in)>", ((LsModule *) args[0].o)->name->data);
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

void
ls_module_class_init (LsVM    *vm,
                      LsClass *cls)
{
  ls_class_add_method (vm, cls, "__repr__", (gpointer) module_repr);
}
