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
  ls_class_set_dict (cls, ls_dict_new (vm));
  cls->instance_kind = base != NULL ? base->instance_kind : LS_KIND_INSTANCE;
  cls->layout = base != NULL ? base->layout : NULL;
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

/* The lookup cache: a direct-mapped table per thread (VMs never share
 * objects, but several may run in one process), valid while its entries'
 * epoch is the global one.  Any change that could alter an answer bumps
 * the epoch, which empties every table at once; at run time class
 * namespaces hardly ever change, so entries live until the next
 * collection.  Absent names are cached too (LS_UNBOUND): instance
 * attribute reads look the class up before the instance dict. */
#define LOOKUP_CACHE_BITS 12

typedef struct
{
  const LsClass *cls;
  const LsStr   *name;
  guint64        epoch;
  LsValue        value;
} LookupCacheEntry;

guint64 ls_class_epoch_counter = 1;
static __thread LookupCacheEntry lookup_cache[1u << LOOKUP_CACHE_BITS];

void
ls_class_cache_invalidate (void)
{
  __atomic_fetch_add (&ls_class_epoch_counter, 1, __ATOMIC_RELAXED);
}

guint64
ls_class_cache_epoch (void)
{
  return ls_class_epoch ();
}

void
ls_class_set_dict (LsClass *cls,
                   LsDict  *dict)
{
  dict->header.flags |= LS_DICT_NAMESPACE;
  cls->dict = dict;
  ls_class_cache_invalidate ();
}

static LsValue
lookup_uncached (const LsClass *cls,
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

LsValue
ls_class_lookup (const LsClass *cls,
                 LsStr         *name)
{
  guint64 epoch = ls_class_epoch ();
  /* Both addresses multiplied, the top bits kept: the heap's chunks are
   * aligned to 2 MB, and a hash of their low bits made classes and names
   * at the same place in two chunks collide (lookups went up by a fifth
   * in `fanout`). */
  guint64 h = (guint64) (guintptr) cls * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^
              (guint64) (guintptr) name * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  LookupCacheEntry *entry = &lookup_cache[h >> (64 - LOOKUP_CACHE_BITS)];

  if (G_LIKELY (entry->cls == cls && entry->name == name && entry->epoch == epoch))
    return entry->value;
  entry->value = lookup_uncached (cls, name);
  entry->cls = cls;
  entry->name = name;
  entry->epoch = epoch;
  return entry->value;
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
  LsInstance *self = ls_object_alloc (vm, LS_KIND_INSTANCE, cls,
                                      cls->layout != NULL ? cls->layout->size : sizeof (LsInstance));

  /* An instance with C fields (a Future, a Task, a Handle) rarely gets an
   * attribute of its own: its dict is made when one is set
   * (ls_instance_ensure_dict).  A sleep used to make three empty dicts,
   * a quarter of the objects it allocated. */
  if (cls->layout == NULL)
    self->dict = ls_dict_new_sized (vm, cls->dict_hint);
  return self;
}

LsDict *
ls_instance_ensure_dict (LsVM       *vm,
                         LsInstance *self)
{
  if (self->dict == NULL)
    self->dict = ls_dict_new_sized (vm, self->header.cls->dict_hint);
  return self->dict;
}

gboolean
ls_instance_has_layout (LsValue                 v,
                        const LsInstanceLayout *layout)
{
  if (v.tag != LS_TAG_OBJECT || v.o->kind != LS_KIND_INSTANCE)
    return FALSE;
  for (const LsInstanceLayout *l = v.o->cls->layout; l != NULL; l = l->base)
    if (l == layout)
      return TRUE;
  return FALSE;
}
