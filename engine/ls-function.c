/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-function.c — construction of functions, natives, cells, bound methods. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-function.h"
#include "ls-vm.h"

LsFunction *
ls_function_new (LsVM   *vm,
                 LsCode *code,
                 LsDict *globals)
{
  LsFunction *self = ls_object_alloc (vm, LS_KIND_FUNCTION, vm->types[LS_TYPE_FUNCTION], sizeof (LsFunction));
  LsValue module = ls_dict_get_str (globals, vm->names[LS_NAME___name__]);

  self->code = code;
  self->globals = globals;
  self->name = code->name;
  self->qualname = code->qualname;
  self->module = ls_is_unbound (module) ? LS_NONE : module;
  return self;
}

LsNative *
ls_native_new (LsVM         *vm,
               const char   *name,
               LsNativeFunc  func)
{
  return ls_native_new_named (vm, ls_str_intern_cstr (vm, name), func);
}

LsNative *
ls_native_new_named (LsVM         *vm,
                     LsStr        *name,
                     LsNativeFunc  func)
{
  LsNative *self = ls_object_alloc (vm, LS_KIND_NATIVE, vm->types[LS_TYPE_BUILTIN_FUNCTION], sizeof (LsNative));

  self->func = func;
  self->name = name;
  self->self = LS_UNBOUND;
  self->data = LS_NONE;
  return self;
}

LsCell *
ls_cell_new (LsVM    *vm,
             LsValue  value)
{
  LsCell *self = ls_object_alloc (vm, LS_KIND_CELL, vm->types[LS_TYPE_CELL], sizeof (LsCell));

  self->value = value;
  return self;
}

LsBoundMethod *
ls_bound_method_new (LsVM    *vm,
                     LsValue  self_value,
                     LsValue  func)
{
  LsBoundMethod *self = ls_object_alloc (vm, LS_KIND_BOUND_METHOD, vm->types[LS_TYPE_METHOD], sizeof (LsBoundMethod));

  self->self = self_value;
  self->func = func;
  return self;
}
