/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-attribute.c — attribute lookup (getattr/setattr/delattr) with
 * CPython's order: data descriptors (property) on the class, then the
 * instance dict, then class attributes (functions bind to the instance),
 * then __getattr__.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-ops.h"
#include "ls-asyncio-future.h"
#include "ls-class.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-opcodes.h"
#include "ls-vm-private.h"

/* Called for every attribute read with many literal names: the length
 * test (strlen of a literal folds to a constant) rejects most at once. */
static inline gboolean
is_named (LsStr *name, const char *text)
{
  gsize len = strlen (text);

  return name->len == len && memcmp (name->data, text, len) == 0;
}

/* Binds a class attribute found for `obj` (an instance, or NULL for a
 * lookup on the class itself). */
static gboolean
bind_attribute (LsVM *vm, LsValue attr, LsValue obj, LsClass *owner, LsValue *out)
{
  if (ls_is_kind (attr, LS_KIND_PROPERTY))
    {
      LsProperty *property = (LsProperty *) attr.o;

      switch (property->property_kind)
        {
        case LS_PROPERTY_STATICMETHOD:
          *out = property->fget;
          return TRUE;
        case LS_PROPERTY_CLASSMETHOD:
          *out = ls_obj (ls_bound_method_new (vm, ls_obj (owner), property->fget));
          return TRUE;
        case LS_PROPERTY_PROPERTY:
        default:
          if (ls_is_unbound (obj))
            {
              *out = attr;
              return TRUE;
            }
          if (ls_is_none (property->fget))
            return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "property object has no getter");
          return ls_call (vm, property->fget, &obj, 1, NULL, out);
        }
    }
  if (!ls_is_unbound (obj) &&
      (ls_is_kind (attr, LS_KIND_FUNCTION) ||
       (ls_is_kind (attr, LS_KIND_NATIVE) && ((LsNative *) attr.o)->is_method)))
    {
      *out = ls_obj (ls_bound_method_new (vm, obj, attr));
      return TRUE;
    }
  *out = attr;
  return TRUE;
}

static gboolean
code_attribute (LsVM *vm, LsCode *code, LsStr *name, LsValue *out)
{
  if (is_named (name, "co_filename")) *out = ls_obj (code->filename);
  else if (is_named (name, "co_name")) *out = ls_obj (code->name);
  else if (is_named (name, "co_qualname")) *out = ls_obj (code->qualname);
  else if (is_named (name, "co_firstlineno")) *out = ls_int (code->first_line);
  else if (is_named (name, "co_argcount")) *out = ls_int (code->argcount);
  else if (is_named (name, "co_kwonlyargcount")) *out = ls_int (code->kwonlyargcount);
  else if (is_named (name, "co_varnames")) *out = ls_obj (code->varnames);
  else
    return FALSE;
  return TRUE;
}

/* The line a generator's frame is at: where it is suspended, or its
 * def line before it started (CPython's f_lineno). */
static gint32
generator_line (LsGenerator *gen)
{
  LsFrame *frame = gen->frame;
  guint32 ip = frame->ip;

  if (gen->state == LS_GEN_CREATED)
    return frame->code->first_line;
  if (ip < frame->code->n_instructions && LS_INSTR_GENERIC_OP (frame->code->instructions[ip]) == LS_OP_YIELD_FROM)
    return frame->code->lines[ip];
  return frame->code->lines[ip > 0 ? ip - 1 : 0];
}

static gboolean
generator_attribute (LsVM *vm, LsGenerator *gen, LsStr *name, LsValue *out)
{
  const char *n = name->data;
  gboolean cr = n[0] == 'c' && n[1] == 'r' && n[2] == '_';
  gboolean gi = n[0] == 'g' && n[1] == 'i' && n[2] == '_';

  if (is_named (name, "__name__"))
    *out = ls_obj (gen->name);
  else if (is_named (name, "__qualname__"))
    *out = ls_obj (gen->qualname);
  else if ((cr || gi) && strcmp (n + 3, "running") == 0)
    *out = ls_bool (gen->state == LS_GEN_RUNNING);
  else if ((cr || gi) && strcmp (n + 3, "code") == 0)
    *out = gen->code != NULL ? ls_obj (gen->code) : LS_NONE;
  else if ((cr || gi) && strcmp (n + 3, "frame") == 0)
    {
      LsInstance *frame;

      *out = LS_NONE;
      /* a C body stands for a frame of its code until it finishes */
      if (gen->frame == NULL && (gen->body == NULL || gen->state == LS_GEN_CLOSED))
        return TRUE;
      frame = ls_instance_new (vm, vm->types[LS_TYPE_FRAME]);
      ls_dict_set_str (vm, frame->dict, ls_str_intern_cstr (vm, "f_lineno"),
                       ls_int (gen->frame != NULL ? generator_line (gen) : gen->body->line (vm, gen)));
      ls_dict_set_str (vm, frame->dict, ls_str_intern_cstr (vm, "f_code"), ls_obj (gen->code));
      *out = ls_obj (frame);
    }
  else if (is_named (name, "cr_await") || is_named (name, "gi_yieldfrom"))
    {
      LsFrame *frame = gen->frame;
      *out = LS_NONE;
      if (gen->body != NULL)
        return gen->state != LS_GEN_SUSPENDED || gen->body->awaiting (vm, gen, out);
      /* what it awaits is held elsewhere from now on: never recycled */
      if (frame != NULL && frame->sp > 0 && ls_is_kind (frame->stack[frame->sp - 1], LS_KIND_GENERATOR))
        frame->stack[frame->sp - 1].o->flags &= (guint16) ~LS_GENERATOR_RECYCLABLE;
      if (frame != NULL && gen->state == LS_GEN_SUSPENDED && frame->sp > 0 &&
          frame->ip < frame->code->n_instructions &&
          LS_INSTR_GENERIC_OP (frame->code->instructions[frame->ip]) == LS_OP_YIELD_FROM)
        {
          *out = ls_vm_awaited_at (vm, &frame->stack[frame->sp - 1]);
          /* `await future` keeps the future there (ls_future_await_if_native):
           * the FutureIter CPython would show, made now and kept */
          if (ls_future_awaited_check (*out))
            {
              LsValue iter;

              /* (it cannot fail while a future exists: _asyncio made it) */
              if (ls_future_iter_for (vm, *out, &iter))
                *out = frame->stack[frame->sp - 1] = iter;
              else
                vm->raised = LS_UNBOUND;
            }
        }
    }
  else
    return FALSE;
  return TRUE;
}

/* Attributes that live in C fields rather than dicts. */
static gboolean
special_attribute (LsVM *vm, LsValue obj, LsStr *name, LsValue *out)
{
  LsObject *o = obj.o;

  if (is_named (name, "__class__"))
    {
      *out = ls_obj (ls_type_of (vm, obj));
      return TRUE;
    }
  if (obj.tag != LS_TAG_OBJECT)
    return FALSE;
  switch ((LsKind) o->kind)
    {
    case LS_KIND_INSTANCE:
      {
        LsExceptionData *data = ((LsInstance *) o)->exception;
        if (data == NULL)
          return FALSE;
        if (is_named (name, "args")) *out = ls_obj (data->args);
        else if (is_named (name, "__cause__")) *out = data->cause;
        else if (is_named (name, "__context__")) *out = data->context;
        else if (is_named (name, "__suppress_context__")) *out = ls_bool (data->suppress_context);
        else if (is_named (name, "__traceback__")) *out = LS_NONE;
        else if (is_named (name, "value") && ls_isinstance (vm, obj, vm->exceptions[LS_EXC_STOP_ITERATION]))
          *out = data->args->len > 0 ? data->args->items[0] : LS_NONE;
        else if (is_named (name, "code") && ls_isinstance (vm, obj, vm->exceptions[LS_EXC_SYSTEM_EXIT]))
          *out = data->args->len > 0 ? data->args->items[0] : LS_NONE;
        else if ((is_named (name, "errno") || is_named (name, "strerror") || is_named (name, "filename")) &&
                 ls_isinstance (vm, obj, vm->exceptions[LS_EXC_OS_ERROR]))
          {
            /* OSError(errno, strerror[, filename]) fills them; otherwise None */
            gboolean full = data->args->len >= 2 && data->args->len <= 5;
            guint index = is_named (name, "errno") ? 0 : is_named (name, "strerror") ? 1 : 2;
            *out = full && index < data->args->len ? data->args->items[index] : LS_NONE;
          }
        else
          return FALSE;
        return TRUE;
      }
    case LS_KIND_CLASS:
      {
        LsClass *cls = (LsClass *) o;
        if (is_named (name, "__name__")) *out = ls_obj (cls->name);
        else if (is_named (name, "__qualname__")) *out = ls_obj (cls->qualname);
        else if (is_named (name, "__module__")) *out = ls_obj (cls->module);
        else if (is_named (name, "__base__")) *out = cls->base != NULL ? ls_obj (cls->base) : LS_NONE;
        else if (is_named (name, "__bases__"))
          {
            LsValue base = ls_obj (cls->base);
            *out = ls_obj (cls->base != NULL ? ls_tuple_new_from (vm, &base, 1) : vm->empty_tuple);
          }
        else if (is_named (name, "__mro__"))
          {
            LsTuple *mro = ls_tuple_new (vm, cls->depth + 1);
            guint i = 0;
            for (LsClass *c = cls; c != NULL; c = c->base)
              mro->items[i++] = ls_obj (c);
            *out = ls_obj (mro);
          }
        else if (is_named (name, "__dict__"))
          {
            /* CPython hands out a read-only view.  The built-in types' own
             * dicts stay out of reach (the C code relies on what is in
             * them): a copy. */
            if (cls->is_builtin)
              {
                LsDict *copy = ls_dict_new (vm);
                LsValue key, value;
                gsize position = 0;

                while (ls_dict_next (cls->dict, &position, &key, &value))
                  ls_dict_set_str (vm, copy, (LsStr *) key.o, value);
                *out = ls_obj (copy);
              }
            else
              *out = ls_obj (cls->dict);
          }
        else if (is_named (name, "__doc__")) *out = LS_NONE;
        else
          return FALSE;
        return TRUE;
      }
    case LS_KIND_FUNCTION:
      {
        LsFunction *f = (LsFunction *) o;
        if (is_named (name, "__name__")) *out = ls_obj (f->name);
        else if (is_named (name, "__qualname__")) *out = ls_obj (f->qualname);
        else if (is_named (name, "__module__")) *out = f->module;
        else if (is_named (name, "__defaults__")) *out = f->defaults != NULL ? ls_obj (f->defaults) : LS_NONE;
        else if (is_named (name, "__kwdefaults__")) *out = f->kwdefaults != NULL ? ls_obj (f->kwdefaults) : LS_NONE;
        else if (is_named (name, "__code__")) *out = ls_obj (f->code);
        else if (is_named (name, "__dict__"))
          {
            if (f->dict == NULL)
              f->dict = ls_dict_new (vm);
            *out = ls_obj (f->dict);
          }
        else if (f->dict != NULL && !ls_is_unbound (*out = ls_dict_get_str (f->dict, name)))
          return TRUE;
        else if (is_named (name, "__doc__")) *out = LS_NONE;
        else
          return FALSE;
        return TRUE;
      }
    case LS_KIND_NATIVE:
      if (is_named (name, "__name__") || is_named (name, "__qualname__")) *out = ls_obj (((LsNative *) o)->name);
      else if (is_named (name, "__self__")) *out = ls_is_unbound (((LsNative *) o)->self) ? LS_NONE : ((LsNative *) o)->self;
      else if (is_named (name, "__doc__")) *out = LS_NONE;
      else if (is_named (name, "__module__")) *out = ls_obj (ls_str_intern_cstr (vm, "builtins"));
      else
        return FALSE;
      return TRUE;
    case LS_KIND_BOUND_METHOD:
      if (is_named (name, "__self__")) *out = ((LsBoundMethod *) o)->self;
      else if (is_named (name, "__func__")) *out = ((LsBoundMethod *) o)->func;
      else
        {
          gboolean found = FALSE;

          /* a.m.__name__ and friends come from the function */
          if (!ls_getattr_opt (vm, ((LsBoundMethod *) o)->func, name, out, &found))
            {
              vm->raised = LS_UNBOUND;
              return FALSE;
            }
          return found;
        }
      return TRUE;
    case LS_KIND_GENERATOR:
      return generator_attribute (vm, (LsGenerator *) o, name, out);
    case LS_KIND_CODE:
      return code_attribute (vm, (LsCode *) o, name, out);
    case LS_KIND_MODULE:
      if (is_named (name, "__dict__")) *out = ls_obj (((LsModule *) o)->dict);
      else
        return FALSE;
      return TRUE;
    case LS_KIND_PROPERTY:
      if (is_named (name, "__func__") || is_named (name, "fget")) *out = ((LsProperty *) o)->fget;
      else if (is_named (name, "fset")) *out = ((LsProperty *) o)->fset;
      else
        return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
getattr_class (LsVM *vm, LsClass *cls, LsStr *name, LsValue *out, gboolean *found)
{
  LsValue attr = ls_class_lookup (cls, name);

  if (!ls_is_unbound (attr))
    {
      *found = TRUE;
      return bind_attribute (vm, attr, LS_UNBOUND, cls, out);
    }
  /* methods of `type` itself, e.g. Foo.mro */
  attr = ls_class_lookup (cls->header.cls, name);
  if (!ls_is_unbound (attr))
    {
      *found = TRUE;
      return bind_attribute (vm, attr, ls_obj (cls), cls->header.cls, out);
    }
  return TRUE;
}

static gboolean
getattr_super (LsVM *vm, LsSuper *super, LsStr *name, LsValue *out, gboolean *found)
{
  LsClass *owner = ls_value_class (super->self) != NULL ? (LsClass *) super->self.o : ls_type_of (vm, super->self);

  for (LsClass *cls = super->start->base; cls != NULL; cls = cls->base)
    {
      LsValue attr = ls_dict_get_str (cls->dict, name);

      if (!ls_is_unbound (attr))
        {
          *found = TRUE;
          if (ls_value_class (super->self) != NULL)
            return bind_attribute (vm, attr, LS_UNBOUND, owner, out);
          return bind_attribute (vm, attr, super->self, owner, out);
        }
    }
  return TRUE;
}

static gboolean getattr_opt (LsVM *vm, LsValue obj, LsStr *name, LsValue *out, gboolean *found);

/* --- what a scenario may not reach ------------------------------------------
 *
 * Nothing in the VM touches files, the network, the environment or other
 * processes: there is no native that could.  These attributes are the
 * introspection CPython's sandbox escapes walk through (object's
 * subclasses, a function's globals and code, frames, tracebacks, the
 * builtins module); the scenario gets a clear error for each instead of a
 * half-working imitation.  The library modules (engine/lib/) may read
 * them: they need __code__ and __self__ for reprs. */
static const char *const no_access_names[] = {
  "__subclasses__", "__globals__", "__code__", "__closure__", "__builtins__", "__traceback__",
  "__loader__", "__spec__", "__reduce__", "__reduce_ex__", "__getstate__",
  "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
  "tb_frame", "tb_next", "f_back", "f_globals", "f_locals", "f_builtins", "f_code",
};

/* Library modules the scenario must not be handed through another module's
 * attributes: the simulator's own hooks. */
static gboolean
is_internal_module (LsValue value)
{
  LsModule *module = ls_value_module (value);

  return module != NULL && (strcmp (module->name->data, "_trace") == 0 ||
                            strcmp (module->name->data, "_loopscope") == 0 ||
                            strcmp (module->name->data, "asyncio.vmglue") == 0);
}

void
ls_attribute_init (LsVM *vm)
{
  LsTuple *names = ls_tuple_new (vm, G_N_ELEMENTS (no_access_names));

  for (guint i = 0; i < G_N_ELEMENTS (no_access_names); i++)
    {
      LsStr *name = ls_str_intern_cstr (vm, no_access_names[i]);

      name->no_access = 1;
      names->items[i] = ls_obj (name);
    }
  /* interned strings die with their last reference: keep these */
  vm->no_access_names = names;
}

/* TRUE when the code asking is the scenario's own (not the library's). */
static inline gboolean
scenario_is_asking (LsVM *vm)
{
  return vm->frame != NULL && vm->frame->code->filename == vm->main_filename;
}

static gboolean
raise_no_access (LsVM *vm, LsStr *name)
{
  return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "the simulator has no access to '%s'", name->data);
}

gboolean
ls_getattr_opt (LsVM     *vm,
                LsValue   obj,
                LsStr    *name,
                LsValue  *out,
                gboolean *found)
{
  *found = FALSE;
  if (G_UNLIKELY (name->no_access) && scenario_is_asking (vm))
    return raise_no_access (vm, name);
  if (!getattr_opt (vm, obj, name, out, found))
    return FALSE;
  if (G_UNLIKELY (*found && obj.tag == LS_TAG_OBJECT &&
                  (obj.o->kind == LS_KIND_NATIVE || obj.o->kind == LS_KIND_MODULE)) &&
      scenario_is_asking (vm))
    {
      /* print.__self__ is the builtins module in CPython */
      if (obj.o->kind == LS_KIND_NATIVE && strcmp (name->data, "__self__") == 0 &&
          ls_is_unbound (((LsNative *) obj.o)->self))
        return raise_no_access (vm, name);
      /* asyncio.base_events._loopscope: as if the library had not imported it */
      if (obj.o->kind == LS_KIND_MODULE && is_internal_module (*out))
        *found = FALSE;
    }
  return TRUE;
}

static gboolean
getattr_opt (LsVM     *vm,
             LsValue   obj,
             LsStr    *name,
             LsValue  *out,
             gboolean *found)
{
  LsClass *cls = ls_type_of (vm, obj);
  LsValue attr;
  LsInstance *instance = ls_value_instance (obj);

  *found = FALSE;
  if (special_attribute (vm, obj, name, out))
    {
      *found = TRUE;
      return TRUE;
    }
  if (ls_is_kind (obj, LS_KIND_CLASS))
    return getattr_class (vm, (LsClass *) obj.o, name, out, found);
  if (ls_is_kind (obj, LS_KIND_SUPER))
    return getattr_super (vm, (LsSuper *) obj.o, name, out, found);
  if (ls_is_kind (obj, LS_KIND_MODULE))
    {
      *out = ls_dict_get_str (((LsModule *) obj.o)->dict, name);
      *found = !ls_is_unbound (*out);
      return TRUE;
    }

  attr = ls_class_lookup (cls, name);
  /* data descriptors win over the instance dict */
  if (ls_is_kind (attr, LS_KIND_PROPERTY) && ((LsProperty *) attr.o)->property_kind == LS_PROPERTY_PROPERTY)
    {
      *found = TRUE;
      return bind_attribute (vm, attr, obj, cls, out);
    }
  if (instance != NULL && instance->dict != NULL)
    {
      *out = ls_dict_get_str (instance->dict, name);
      if (!ls_is_unbound (*out))
        {
          *found = TRUE;
          return TRUE;
        }
    }
  if (!ls_is_unbound (attr))
    {
      *found = TRUE;
      return bind_attribute (vm, attr, obj, cls, out);
    }
  if (is_named (name, "__dict__") && instance != NULL)
    {
      *found = TRUE;
      *out = ls_obj (ls_instance_ensure_dict (vm, instance));
      return TRUE;
    }
  /* a user __getattr__ is the last resort */
  attr = ls_class_lookup (cls, vm->names[LS_NAME___getattr__]);
  if (!ls_is_unbound (attr) && !cls->is_builtin)
    {
      LsValue args[2] = { obj, ls_obj (name) };

      if (!ls_call (vm, attr, args, 2, NULL, out))
        {
          if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_ATTRIBUTE_ERROR]))
            {
              vm->raised = LS_UNBOUND;
              return TRUE;
            }
          return FALSE;
        }
      *found = TRUE;
    }
  return TRUE;
}

static gboolean
raise_no_attribute (LsVM *vm, LsValue obj, LsStr *name)
{
  if (ls_is_kind (obj, LS_KIND_MODULE))
    return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "module '%s' has no attribute '%s'",
                     ((LsModule *) obj.o)->name->data, name->data);
  if (ls_is_kind (obj, LS_KIND_CLASS))
    return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "type object '%s' has no attribute '%s'",
                     ((LsClass *) obj.o)->name->data, name->data);
  if (ls_is_kind (obj, LS_KIND_SUPER))
    return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "'super' object has no attribute '%s'", name->data);
  return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "'%s' object has no attribute '%s'", ls_type_name (vm, obj), name->data);
}

gboolean
ls_getattr (LsVM    *vm,
            LsValue  obj,
            LsStr   *name,
            LsValue *out)
{
  gboolean found;

  if (!ls_getattr_opt (vm, obj, name, out, &found))
    return FALSE;
  if (!found)
    return raise_no_attribute (vm, obj, name);
  return TRUE;
}

/* The dict that `obj.name = v` writes, or NULL when there is none. */
static LsDict *
writable_dict (LsVM *vm, LsValue obj)
{
  if (obj.tag != LS_TAG_OBJECT)
    return NULL;
  switch ((LsKind) obj.o->kind)
    {
    case LS_KIND_INSTANCE:
      return obj.o->cls->is_builtin && !obj.o->cls->is_exception ? NULL
                                                                 : ls_instance_ensure_dict (vm, (LsInstance *) obj.o);
    case LS_KIND_CLASS:
      return ((LsClass *) obj.o)->is_builtin ? NULL : ((LsClass *) obj.o)->dict;
    case LS_KIND_MODULE:
      return ((LsModule *) obj.o)->dict;
    case LS_KIND_FUNCTION:
      if (((LsFunction *) obj.o)->dict == NULL)
        ((LsFunction *) obj.o)->dict = ls_dict_new (vm);
      return ((LsFunction *) obj.o)->dict;
    default:
      return NULL;
    }
}

/* obj.__class__ = value, as CPython's object_set_class: between classes
 * written in Python whose instances are alike (the same kind of object,
 * the same C fields, both exceptions or neither). */
static gboolean
set_class (LsVM *vm, LsValue obj, LsValue value)
{
  LsClass *old_class = ls_type_of (vm, obj), *new_class;

  if (!ls_is_kind (value, LS_KIND_CLASS))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__class__ must be set to a class, not '%s' object", ls_type_name (vm, value));
  new_class = (LsClass *) value.o;
  if (old_class->is_builtin || new_class->is_builtin || obj.o->kind == LS_KIND_CLASS)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__class__ assignment only supported for mutable types or ModuleType subclasses");
  if (new_class->instance_kind != obj.o->kind || new_class->layout != old_class->layout ||
      new_class->is_exception != old_class->is_exception)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__class__ assignment: '%s' object layout differs from '%s'",
                     new_class->name->data, old_class->name->data);
  /* the inline caches compare the class itself: they miss from here on */
  obj.o->cls = new_class;
  return TRUE;
}

static gboolean
setattr_special (LsVM *vm, LsValue obj, LsStr *name, LsValue value, gboolean *done)
{
  LsInstance *instance = ls_value_instance (obj);

  /* object.__class__ is a data descriptor: before any dict */
  if (name == vm->names[LS_NAME___class__])
    {
      *done = TRUE;
      return set_class (vm, obj, value);
    }
  *done = FALSE;
  if (instance != NULL && instance->exception != NULL)
    {
      LsExceptionData *data = instance->exception;
      *done = TRUE;
      if (is_named (name, "__cause__"))
        {
          data->cause = value;
          data->suppress_context = TRUE;
        }
      else if (is_named (name, "__context__")) data->context = value;
      else if (is_named (name, "__suppress_context__")) data->suppress_context = ls_is_bool (value) && value.b;
      else if (is_named (name, "args"))
        {
          LsValue list;
          if (!ls_iterate_to_list (vm, value, &list))
            return FALSE;
          data->args = ls_tuple_new_from (vm, ((LsList *) list.o)->items, ((LsList *) list.o)->len);
        }
      else
        *done = FALSE;
      return TRUE;
    }
  if (ls_is_kind (obj, LS_KIND_FUNCTION))
    {
      LsFunction *f = (LsFunction *) obj.o;
      *done = TRUE;
      if (is_named (name, "__name__") && ls_value_str (value) != NULL) f->name = (LsStr *) value.o;
      else if (is_named (name, "__qualname__") && ls_value_str (value) != NULL) f->qualname = (LsStr *) value.o;
      else if (is_named (name, "__module__")) f->module = value;
      else if (is_named (name, "__defaults__"))
        {
          /* read at every call (ls-frame.c), as CPython's func_defaults */
          if (!ls_is_none (value) && !(ls_is_kind (value, LS_KIND_TUPLE) && value.o->cls == vm->types[LS_TYPE_TUPLE]))
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "__defaults__ must be set to a tuple object");
          f->defaults = ls_is_none (value) ? NULL : (LsTuple *) value.o;
        }
      else if (is_named (name, "__kwdefaults__"))
        {
          /* read at every call too (ls-frame.c); the C paths that skip a
           * function's frame test it (gather's return_exceptions) */
          if (!ls_is_none (value) && !ls_is_kind (value, LS_KIND_DICT))
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "__kwdefaults__ must be set to a dict object");
          f->kwdefaults = ls_is_none (value) ? NULL : (LsDict *) value.o;
        }
      else
        *done = FALSE;
    }
  return TRUE;
}

gboolean
ls_attribute_name (LsVM    *vm,
                   LsValue  v,
                   LsStr  **out)
{
  if ((*out = ls_value_str (v)) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "attribute name must be string, not '%s'", ls_type_name (vm, v));
  /* lookups compare interned names by pointer first; a name from the
   * code (a constant, an identifier) is interned already */
  if (!(*out)->interned)
    *out = ls_str_intern (vm, (*out)->data, (*out)->len);
  return TRUE;
}

gboolean
ls_class_overrides (LsVM    *vm,
                    LsClass *cls,
                    LsStr   *dunder)
{
  LsValue attr;

  if (cls->is_builtin)
    return FALSE;
  attr = ls_class_lookup (cls, dunder);
  return !ls_is_unbound (attr) &&
         !(ls_is_kind (attr, LS_KIND_NATIVE) &&
           (((LsNative *) attr.o)->func == ls_object_setattr_native ||
            ((LsNative *) attr.o)->func == ls_object_delattr_native));
}

/* --- a C field's setter, remembered ---------------------------------------
 *
 * `obj.name = value` through a property whose setter is an unbound
 * native (the C fields of Futures and Tasks) on a class that keeps
 * object's __setattr__: ls_class_overrides, the class lookup and ls_call
 * cost ~450 instructions for a setter of ~30, and gather stores a
 * child's _log_destroy_pending at every child.  The last such store's
 * class, name and setter are kept (vm->native_setter_*); the same store
 * again calls the setter as ls_call would, while no class changed (the
 * class epoch, which every collection moves too). */

static void
remember_setter (LsVM *vm, const LsClass *cls, LsStr *name, LsNative *setter)
{
  vm->native_setter_class = cls;
  vm->native_setter_name = name;
  vm->native_setter = setter;
  vm->native_setter_epoch = ls_class_epoch ();
}

static inline gboolean
store_through_remembered_setter (LsVM *vm, LsValue obj, LsStr *name, LsValue value, gboolean *ok)
{
  LsValue args[2] = { obj, value }, ignored;

  if (obj.tag != LS_TAG_OBJECT || obj.o->cls != vm->native_setter_class || name != vm->native_setter_name ||
      obj.o->kind == LS_KIND_CLASS || vm->native_setter_epoch != ls_class_epoch () ||
      vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH)
    return FALSE;
  *ok = ls_vm_call_unbound_native (vm, vm->native_setter, args, 2, NULL, &ignored);
  return TRUE;
}

static gboolean object_setattr (LsVM *vm, LsValue obj, LsStr *name, LsValue value, gboolean remember);

/* obj.name = value: a class's __setattr__ first, as in CPython, which
 * reaches the data descriptors only through object.__setattr__ */
gboolean
ls_setattr (LsVM    *vm,
            LsValue  obj,
            LsStr   *name,
            LsValue  value)
{
  LsClass *cls;
  gboolean ok;

  if (store_through_remembered_setter (vm, obj, name, value, &ok))
    return ok;
  cls = ls_type_of (vm, obj);
  if (ls_class_overrides (vm, cls, vm->names[LS_NAME___setattr__]))
    {
      LsValue args[3] = { obj, ls_obj (name), value }, result;

      return ls_call (vm, ls_class_lookup (cls, vm->names[LS_NAME___setattr__]), args, 3, NULL, &result);
    }
  return object_setattr (vm, obj, name, value, TRUE);
}

static gboolean
object_setattr (LsVM     *vm,
                LsValue   obj,
                LsStr    *name,
                LsValue   value,
                gboolean  remember)
{
  LsClass *cls = ls_type_of (vm, obj);
  LsValue attr = ls_class_lookup (cls, name);
  LsDict *dict;
  gboolean done;

  if (ls_is_kind (attr, LS_KIND_PROPERTY) && ((LsProperty *) attr.o)->property_kind == LS_PROPERTY_PROPERTY &&
      !ls_is_kind (obj, LS_KIND_CLASS))
    {
      LsProperty *property = (LsProperty *) attr.o;
      LsValue args[2] = { obj, value }, result;

      if (ls_is_none (property->fset) || ls_is_unbound (property->fset))
        return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "can't set attribute '%s'", name->data);
      if (remember && ls_is_kind (property->fset, LS_KIND_NATIVE) && ls_is_unbound (((LsNative *) property->fset.o)->self))
        remember_setter (vm, cls, name, (LsNative *) property->fset.o);
      return ls_call (vm, property->fset, args, 2, NULL, &result);
    }
  if (!setattr_special (vm, obj, name, value, &done))
    return FALSE;
  if (done)
    return TRUE;
  dict = writable_dict (vm, obj);
  if (dict == NULL)
    {
      if (ls_is_kind (obj, LS_KIND_CLASS))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "cannot set '%s' attribute of immutable type '%s'",
                         name->data, ((LsClass *) obj.o)->name->data);
      if (!ls_is_unbound (ls_class_lookup (cls, name)))
        return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "'%s' object attribute '%s' is read-only", cls->name->data, name->data);
      return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "'%s' object has no attribute '%s'", cls->name->data, name->data);
    }
  if (obj.o->kind == LS_KIND_INSTANCE)
    ls_instance_dict_store (vm, obj, dict, name, value);
  else
    ls_dict_set_str (vm, dict, name, value);
  return TRUE;
}

gboolean
ls_object_setattr (LsVM    *vm,
                   LsValue  obj,
                   LsStr   *name,
                   LsValue  value)
{
  return object_setattr (vm, obj, name, value, FALSE);
}

void
ls_instance_dict_store (LsVM    *vm,
                        LsValue  obj,
                        LsDict  *dict,
                        LsStr   *name,
                        LsValue  value)
{
  ls_dict_set_str (vm, dict, name, value);
  /* how big the class's next instances' dicts start (ls_instance_new) */
  if (dict->len > obj.o->cls->dict_hint)
    obj.o->cls->dict_hint = (guint32) MIN (dict->len, 64);
}

/* del obj.name: a class's __delattr__ first, as in CPython */
gboolean
ls_delattr (LsVM    *vm,
            LsValue  obj,
            LsStr   *name)
{
  LsClass *cls = ls_type_of (vm, obj);

  if (ls_class_overrides (vm, cls, vm->names[LS_NAME___delattr__]))
    {
      LsValue args[2] = { obj, ls_obj (name) }, result;

      return ls_call (vm, ls_class_lookup (cls, vm->names[LS_NAME___delattr__]), args, 2, NULL, &result);
    }
  return ls_object_delattr (vm, obj, name);
}

gboolean
ls_object_delattr (LsVM    *vm,
                   LsValue  obj,
                   LsStr   *name)
{
  LsClass *cls = ls_type_of (vm, obj);
  LsValue attr = ls_class_lookup (cls, name);
  LsDict *dict;

  if (ls_is_kind (attr, LS_KIND_PROPERTY) && ((LsProperty *) attr.o)->property_kind == LS_PROPERTY_PROPERTY)
    {
      LsProperty *property = (LsProperty *) attr.o;
      LsValue result;

      if (ls_is_none (property->fdel) || ls_is_unbound (property->fdel))
        return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "can't delete attribute '%s'", name->data);
      return ls_call (vm, property->fdel, &obj, 1, NULL, &result);
    }
  if (ls_is_kind (obj, LS_KIND_CLASS) && ((LsClass *) obj.o)->is_builtin)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "cannot set '%s' attribute of immutable type '%s'",
                     name->data, ((LsClass *) obj.o)->name->data);
  dict = writable_dict (vm, obj);
  if (dict == NULL || !ls_dict_delete_str (dict, name))
    return raise_no_attribute (vm, obj, name);
  return TRUE;
}
