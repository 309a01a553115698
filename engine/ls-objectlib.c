/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-objectlib.c — the built-ins the interpreter itself owns: `object`,
 * `type`, class creation (__build_class__), super(), property,
 * staticmethod and classmethod.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-vm-private.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-ops.h"

/* --- object ------------------------------------------------------------- */

static gboolean
object_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsClass *cls = ls_type_of (vm, args[0]);

  /* object.__init__ takes nothing, unless the class has its own __new__ */
  if ((n_args > 1 || (kwnames != NULL && kwnames->len > 0)) &&
      ls_class_lookup (cls, ls_str_intern_cstr (vm, "__new__")).o ==
      ls_dict_get_str (vm->types[LS_TYPE_OBJECT]->dict, ls_str_intern_cstr (vm, "__new__")).o)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no arguments", cls->name->data);
  *result = LS_NONE;
  return TRUE;
}

static gboolean
object_eq (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  if (!ls_check_args (vm, "__eq__", n_args, kwnames, 2, 2))
    return FALSE;
  if (args[0].tag == LS_TAG_OBJECT && args[1].tag == LS_TAG_OBJECT && args[0].o == args[1].o)
    *result = LS_TRUE;
  else
    *result = vm->not_implemented;
  return TRUE;
}

static gboolean
object_ne (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue eq;
  gboolean truth;

  if (!ls_check_args (vm, "__ne__", n_args, kwnames, 2, 2))
    return FALSE;
  /* CPython's default __ne__ inverts __eq__ */
  if (!ls_compare (vm, args[0], args[1], LS_CMP_EQ, &eq))
    return FALSE;
  if (!ls_truthy (vm, eq, &truth))
    return FALSE;
  *result = ls_bool (!truth);
  return TRUE;
}

/* object.__setattr__(self, name, value): the store without the class's
 * own __setattr__ (what super().__setattr__ in one reaches) */
gboolean
ls_object_setattr_native (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsStr *name;

  if (!ls_check_args (vm, "__setattr__", n_args, kwnames, 3, 3) || !ls_attribute_name (vm, args[1], &name))
    return FALSE;
  *result = LS_NONE;
  return ls_object_setattr (vm, args[0], name, args[2]);
}

/* object.__delattr__(self, name) */
gboolean
ls_object_delattr_native (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsStr *name;

  if (!ls_check_args (vm, "__delattr__", n_args, kwnames, 2, 2) || !ls_attribute_name (vm, args[1], &name))
    return FALSE;
  *result = LS_NONE;
  return ls_object_delattr (vm, args[0], name);
}

static gboolean
object_hash (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  gint64 h;

  if (args[0].tag == LS_TAG_OBJECT)
    *result = ls_int (ls_object_id (vm, args[0].o));
  else if (!ls_hash (vm, args[0], &h))
    return FALSE;
  else
    *result = ls_int (h);
  return TRUE;
}

static gboolean
object_repr (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  GString *out = g_string_new (NULL);

  if (!ls_repr_default (vm, args[0], out))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  *result = ls_obj (ls_str_take_gstring (vm, out));
  return TRUE;
}

static gboolean
object_str (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsStr *s;

  if (!ls_repr (vm, args[0], &s))
    return FALSE;
  *result = ls_obj (s);
  return TRUE;
}

static gboolean
object_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsClass *cls = ls_value_class (args[0]);

  if (cls == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "object.__new__(X): X is not a type object");
  if (cls == vm->types[LS_TYPE_OBJECT] && n_args > 1)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "object() takes no arguments");
  /* a built-in type (a list, a dict, a type, an int): an instance made
   * here would be none of them */
  if (cls->instance_kind != LS_KIND_INSTANCE ||
      (cls->is_builtin && cls != vm->types[LS_TYPE_OBJECT] && !cls->is_exception))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "object.__new__(%s) is not safe, use %s.__new__()",
                     cls->name->data, cls->name->data);
  *result = ls_obj (ls_instance_new (vm, cls));
  return TRUE;
}

/* --- bound methods ------------------------------------------------------------ */

/* a.m == a.m: the same function bound to the same object */
static gboolean
method_eq (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsBoundMethod *a = (LsBoundMethod *) args[0].o;
  LsBoundMethod *b;

  if (n_args != 2 || !ls_is_kind (args[1], LS_KIND_BOUND_METHOD))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  b = (LsBoundMethod *) args[1].o;
  *result = ls_bool (a->func.tag == b->func.tag && a->func.o == b->func.o &&
                     a->self.tag == b->self.tag &&
                     (a->self.tag == LS_TAG_OBJECT ? a->self.o == b->self.o : a->self.i == b->self.i));
  return TRUE;
}

static gboolean
method_hash (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsBoundMethod *m = (LsBoundMethod *) args[0].o;
  gint64 h = 0;

  if (m->self.tag == LS_TAG_OBJECT)
    h = ls_object_id (vm, m->self.o);
  if (m->func.tag == LS_TAG_OBJECT)
    h = h * 1000003 ^ ls_object_id (vm, m->func.o);
  *result = ls_int (h == -1 ? -2 : h);
  return TRUE;
}

/* --- type ----------------------------------------------------------------- */

static gboolean
type_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  if (n_args == 2 && (kwnames == NULL || kwnames->len == 0))
    {
      *result = ls_obj (ls_type_of (vm, args[1]));
      return TRUE;
    }
  if (n_args == 4)
    return ls_raise (vm, LS_EXC_NOT_IMPLEMENTED_ERROR, "Loopscope does not support type(name, bases, dict)");
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "type() takes 1 or 3 arguments");
}

static gboolean
type_mro (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsClass *cls = n_args > 0 ? ls_value_class (args[0]) : NULL;
  LsValue list;

  /* type.mro(1): args[0] is anything when called through the class */
  if (cls == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor 'mro' for 'type' objects doesn't apply to a '%s' object",
                     n_args > 0 ? ls_type_name (vm, args[0]) : "nothing");
  if (!ls_getattr (vm, ls_obj (cls), ls_str_intern_cstr (vm, "__mro__"), &list))
    return FALSE;
  return ls_iterate_to_list (vm, list, result);
}

/* --- class creation ------------------------------------------------------- */

static gboolean
run_class_body (LsVM *vm, LsFunction *body, LsDict *namespace)
{
  LsFrame *frame = ls_frame_new_for_call (vm, body, NULL, 0, NULL);
  LsGcPin pin = { vm->objects, vm->native_entry };
  LsResumeResult status;
  LsValue result;

  if (frame == NULL)
    return FALSE;
  frame->locals_dict = namespace;
  frame->back = vm->frame;
  ls_vm_push_pin (vm, pin);
  vm->depth++;
  vm->c_depth++;
  status = ls_vm_interpret (vm, frame, FALSE, &result);
  vm->c_depth--;
  vm->depth--;
  vm->native_entry = pin.oldest;
  ls_vm_pop_pin (vm);
  ls_frame_free (vm, frame);
  return status == LS_RESUME_RETURNED;
}

static gboolean
check_base (LsVM *vm, LsValue base, LsClass **out)
{
  *out = ls_value_class (base);
  if (*out == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "bases must be types");
  if ((*out)->is_builtin && !(*out)->is_exception && *out != vm->types[LS_TYPE_OBJECT])
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Loopscope does not support subclassing the built-in type '%s'",
                     (*out)->name->data);
  return TRUE;
}

static gboolean
build_class (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  guint n_kw = kwnames != NULL ? (guint) kwnames->len : 0;
  guint n_pos = n_args;
  LsFunction *body;
  LsStr *name;
  LsClass *base = vm->types[LS_TYPE_OBJECT];
  LsDict *namespace;
  LsClass *cls;
  LsValue module, qualname, cell;

  if (n_pos < 2 || !ls_is_kind (args[0], LS_KIND_FUNCTION) || ls_value_str (args[1]) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__build_class__: bad arguments");
  body = (LsFunction *) args[0].o;
  name = (LsStr *) args[1].o;
  if (n_pos > 3)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Loopscope supports single inheritance only: class '%s' has %u bases",
                     name->data, n_pos - 2);
  if (n_kw > 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Loopscope does not support class keywords such as '%s='",
                     ((LsStr *) kwnames->items[0].o)->data);
  if (n_pos == 3 && !check_base (vm, args[2], &base))
    return FALSE;

  namespace = ls_dict_new (vm);
  ls_vm_push_root (vm, ls_obj (namespace));
  if (!run_class_body (vm, body, namespace))
    {
      ls_vm_pop_roots (vm, 1);
      return FALSE;
    }
  ls_vm_pop_roots (vm, 1);

  module = ls_dict_get_str (namespace, ls_str_intern_cstr (vm, "__module__"));
  cls = ls_class_new (vm, name->data, base, ls_value_str (module) != NULL ? ((LsStr *) module.o)->data : "__main__");
  ls_class_set_dict (cls, namespace);
  qualname = ls_dict_get_str (namespace, ls_str_intern_cstr (vm, "__qualname__"));
  if (ls_value_str (qualname) != NULL)
    cls->qualname = (LsStr *) qualname.o;
  /* a class that defines __eq__ but not __hash__ is unhashable */
  if (!ls_is_unbound (ls_dict_get_str (namespace, ls_str_intern_cstr (vm, "__eq__"))) &&
      ls_is_unbound (ls_dict_get_str (namespace, ls_str_intern_cstr (vm, "__hash__"))))
    ls_dict_set_str (vm, namespace, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
  cell = ls_dict_get_str (namespace, ls_str_intern_cstr (vm, "__classcell__"));
  if (ls_is_kind (cell, LS_KIND_CELL))
    {
      ((LsCell *) cell.o)->value = ls_obj (cls);
      ls_dict_delete_str (namespace, ls_str_intern_cstr (vm, "__classcell__"));
    }
  *result = ls_obj (cls);
  return TRUE;
}

/* --- super ------------------------------------------------------------------ */

/* super() reads __class__ and the first argument of the calling frame. */
static gboolean
super_from_frame (LsVM *vm, LsValue *cls, LsValue *self)
{
  LsFrame *frame = vm->frame;
  LsCode *code = frame != NULL ? frame->code : NULL;

  if (code == NULL || code->argcount == 0)
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "super(): no arguments");
  *self = frame->locals[0];
  if (code->cell2arg != NULL)
    for (gsize i = 0; i < code->cellvars->len; i++)
      if (code->cell2arg[i] == 0)
        *self = ((LsCell *) frame->cells[i].o)->value;
  for (gsize i = 0; i < code->freevars->len; i++)
    if (strcmp (((LsStr *) code->freevars->items[i].o)->data, "__class__") == 0)
      {
        *cls = ((LsCell *) frame->cells[code->cellvars->len + i].o)->value;
        if (ls_value_class (*cls) == NULL)
          return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "super(): empty __class__ cell");
        return TRUE;
      }
  return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "super(): __class__ cell not found");
}

/* CPython's supercheck: `self` an instance of `start` or a subclass of
 * it (a classmethod's cls).  Without it, a method of a subclass called
 * on an instance of its base found the base's method again through
 * super() and recursed until RecursionError. */
static gboolean
super_check (LsVM *vm, LsClass *start, LsValue self)
{
  LsClass *self_class = ls_value_class (self);

  if ((self_class != NULL && ls_class_is_subclass (self_class, start)) ||
      ls_class_is_subclass (ls_type_of (vm, self), start))
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "super(type, obj): obj must be an instance or subtype of type");
}

static gboolean
super_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue cls, self;
  LsSuper *super;

  if (!ls_no_kwargs (vm, "super", kwnames))
    return FALSE;
  if (n_args == 1)
    {
      if (!super_from_frame (vm, &cls, &self))
        return FALSE;
    }
  else if (n_args == 3)
    {
      cls = args[1];
      self = args[2];
      if (ls_value_class (cls) == NULL)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "super() argument 1 must be a type, not %s", ls_type_name (vm, cls));
    }
  else
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "super() takes 0 or 2 arguments");
  if (!super_check (vm, (LsClass *) cls.o, self))
    return FALSE;
  super = ls_object_alloc (vm, LS_KIND_SUPER, vm->types[LS_TYPE_SUPER], sizeof (LsSuper));
  super->start = (LsClass *) cls.o;
  super->self = self;
  *result = ls_obj (super);
  return TRUE;
}

/* --- property, staticmethod, classmethod -------------------------------------- */

static LsProperty *
property_new (LsVM *vm, LsTypeId type, LsPropertyKind kind)
{
  LsProperty *self = ls_object_alloc (vm, LS_KIND_PROPERTY, vm->types[type], sizeof (LsProperty));

  self->property_kind = kind;
  self->fget = LS_NONE;
  self->fset = LS_NONE;
  self->fdel = LS_NONE;
  return self;
}

static gboolean
property_type_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsProperty *self;

  if (!ls_check_args (vm, "property", n_args - 1, kwnames, 0, 4))
    return FALSE;
  self = property_new (vm, LS_TYPE_PROPERTY, LS_PROPERTY_PROPERTY);
  if (n_args > 1) self->fget = args[1];
  if (n_args > 2) self->fset = args[2];
  if (n_args > 3) self->fdel = args[3];
  *result = ls_obj (self);
  return TRUE;
}

static gboolean
property_copy_with (LsVM *vm, const LsValue *args, guint n_args, int which, LsValue *result)
{
  LsProperty *old = (LsProperty *) args[0].o;
  LsProperty *self = property_new (vm, LS_TYPE_PROPERTY, LS_PROPERTY_PROPERTY);

  if (n_args != 2)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "expected 1 argument");
  self->fget = which == 0 ? args[1] : old->fget;
  self->fset = which == 1 ? args[1] : old->fset;
  self->fdel = which == 2 ? args[1] : old->fdel;
  *result = ls_obj (self);
  return TRUE;
}

static gboolean
property_getter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return property_copy_with (vm, args, n_args, 0, result);
}

static gboolean
property_setter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return property_copy_with (vm, args, n_args, 1, result);
}

static gboolean
property_deleter (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  return property_copy_with (vm, args, n_args, 2, result);
}

static gboolean
staticmethod_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsProperty *self;

  if (!ls_check_args (vm, "staticmethod", n_args - 1, kwnames, 1, 1))
    return FALSE;
  self = property_new (vm, LS_TYPE_STATICMETHOD, LS_PROPERTY_STATICMETHOD);
  self->fget = args[1];
  *result = ls_obj (self);
  return TRUE;
}

static gboolean
classmethod_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsProperty *self;

  if (!ls_check_args (vm, "classmethod", n_args - 1, kwnames, 1, 1))
    return FALSE;
  self = property_new (vm, LS_TYPE_CLASSMETHOD, LS_PROPERTY_CLASSMETHOD);
  self->fget = args[1];
  *result = ls_obj (self);
  return TRUE;
}

static void
add_builtin (LsVM *vm, const char *name, LsValue value)
{
  ls_dict_set_str (vm, vm->builtins, ls_str_intern_cstr (vm, name), value);
}

void
ls_vm_core_builtins_init (LsVM *vm)
{
  LsClass *object_cls = vm->types[LS_TYPE_OBJECT];
  LsClass *property_cls = vm->types[LS_TYPE_PROPERTY];

  ls_class_add_method (vm, object_cls, "__init__", object_init);
  ls_class_add_method (vm, object_cls, "__eq__", object_eq);
  ls_class_add_method (vm, object_cls, "__ne__", object_ne);
  ls_class_add_method (vm, object_cls, "__hash__", object_hash);
  ls_class_add_method (vm, object_cls, "__repr__", object_repr);
  ls_class_add_method (vm, object_cls, "__str__", object_str);
  ls_class_add_method (vm, object_cls, "__new__", object_new);
  ls_class_add_method (vm, object_cls, "__setattr__", ls_object_setattr_native);
  ls_class_add_method (vm, object_cls, "__delattr__", ls_object_delattr_native);
  ls_class_add_method (vm, vm->types[LS_TYPE_TYPE], "__new__", type_new);
  ls_class_add_method (vm, vm->types[LS_TYPE_METHOD], "__eq__", method_eq);
  ls_class_add_method (vm, vm->types[LS_TYPE_METHOD], "__hash__", method_hash);
  ls_class_add_method (vm, vm->types[LS_TYPE_TYPE], "mro", type_mro);
  ls_class_add_method (vm, vm->types[LS_TYPE_SUPER], "__new__", super_new);
  ls_class_add_method (vm, property_cls, "__new__", property_type_new);
  ls_class_add_method (vm, property_cls, "getter", property_getter);
  ls_class_add_method (vm, property_cls, "setter", property_setter);
  ls_class_add_method (vm, property_cls, "deleter", property_deleter);
  ls_class_add_method (vm, vm->types[LS_TYPE_STATICMETHOD], "__new__", staticmethod_new);
  ls_class_add_method (vm, vm->types[LS_TYPE_CLASSMETHOD], "__new__", classmethod_new);

  add_builtin (vm, "__build_class__", ls_obj (ls_native_new (vm, "__build_class__", build_class)));
  add_builtin (vm, "object", ls_obj (object_cls));
  add_builtin (vm, "type", ls_obj (vm->types[LS_TYPE_TYPE]));
  add_builtin (vm, "super", ls_obj (vm->types[LS_TYPE_SUPER]));
  add_builtin (vm, "property", ls_obj (property_cls));
  add_builtin (vm, "staticmethod", ls_obj (vm->types[LS_TYPE_STATICMETHOD]));
  add_builtin (vm, "classmethod", ls_obj (vm->types[LS_TYPE_CLASSMETHOD]));
  add_builtin (vm, "NotImplemented", vm->not_implemented);
  add_builtin (vm, "Ellipsis", vm->ellipsis);
  add_builtin (vm, "__name__", ls_obj (ls_str_intern_cstr (vm, "builtins")));
}
