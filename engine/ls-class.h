/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-class.h — classes (built-in types and user classes) and instances of
 * user classes.
 *
 * Built-in types are classes too, with C functions (LsNative) in their
 * namespace dict, so `str.upper`, `type(x)`, `isinstance` and attribute
 * lookup work one way for everything.  Single inheritance: the MRO is the
 * chain of bases.
 */
#pragma once

#include "ls-object.h"
#include "ls-dict.h"
#include "ls-str.h"

G_BEGIN_DECLS

/* Instances of some engine classes (asyncio's Future and Task) are
 * LsInstances with C fields after the header, as CPython's C types with a
 * __dict__: Python subclasses and attribute dicts work as for any
 * instance, and the hot paths read the fields.  A class inherits its
 * base's layout. */
typedef struct _LsInstanceLayout LsInstanceLayout;
struct _LsInstanceLayout
{
  const char             *name;
  gsize                   size;     /* bytes, LsInstance included */
  void                  (*mark) (LsVM *vm, LsObject *self);
  const LsInstanceLayout *base;     /* the layout this one extends, or NULL */
};

struct _LsClass
{
  LsObject  header;
  LsStr    *name;
  LsStr    *qualname;
  LsStr    *module;        /* "builtins" for built-in types, "__main__", "asyncio", ... */
  LsClass  *base;          /* NULL only for object */
  LsClass  *also;          /* a second base for subclass tests only (ExceptionGroup's
                            * Exception); attributes come from `base` alone */
  LsDict   *dict;          /* namespace: methods, class attributes */
  LsKind    instance_kind; /* layout of instances: LS_KIND_INSTANCE for user classes */
  guint32   depth;         /* number of bases up to object, for fast subclass tests */
  gboolean  is_builtin;
  gboolean  is_exception;  /* a subclass of BaseException */
  guint32   dict_hint;     /* most attributes an instance's dict has held: new
                            * instances' dicts start that big, so a Task or a
                            * Future does not regrow its dict while __init__
                            * fills it (never observable: order is insertion) */
  const LsInstanceLayout *layout; /* C fields of instances, NULL for plain ones */
  /* Natives the VM calls directly on instances of built-in kinds, so hot
   * paths don't look methods up by name.  NULL when not applicable. */
};

/* An instance of a user class, and every exception (exceptions keep their
 * CPython fields in `exception`, NULL for other instances). */
typedef struct _LsExceptionData LsExceptionData;


typedef struct
{
  LsObject         header;
  LsDict          *dict;
  LsExceptionData *exception;
  gint64           id;        /* ls_object_id's number, 0 until asked: tasks,
                               * futures and handles get one for the trace, and
                               * a field spares the id table's insert and remove */
} LsInstance;

/* super(): looks attributes up from the class after `start` in self's MRO */
typedef struct
{
  LsObject header;
  LsClass *start;
  LsValue  self;
} LsSuper;

static inline LsClass    *ls_value_class (LsValue v)    { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_CLASS ? (LsClass *) v.o : NULL; }
static inline LsInstance *ls_value_instance (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_INSTANCE ? (LsInstance *) v.o : NULL; }

LsClass  *ls_class_new        (LsVM *vm, const char *name, LsClass *base, const char *module);
gboolean  ls_class_is_subclass (const LsClass *cls, const LsClass *base);
/* Looks a name up along the MRO; LS_UNBOUND when absent.  Answers come
 * from a cache keyed by (class, name), as CPython's type attribute cache:
 * the asyncio classes are several bases deep and every attribute read of
 * an instance looks its class chain up first. */
LsValue   ls_class_lookup     (const LsClass *cls, LsStr *name);
/* Forgets every cached lookup: called when a class namespace changes
 * (ls-dict.c, for dicts flagged LS_DICT_NAMESPACE), when a class's bases
 * are set, and when the collector frees objects (addresses are reused). */
void      ls_class_cache_invalidate (void);
/* Moves whenever ls_class_lookup's answers may have changed (and after
 * every collection): C code may keep what it derived from lookups for as
 * long as it stays the same. */
guint64   ls_class_cache_epoch (void);
/* The number ls_class_cache_invalidate moves: an answer about a class
 * attribute found at one epoch holds while the epoch stays (no class
 * namespace changed, no collection freed what the answer points at).
 * The interpreter's inline caches key on it too.  Hidden: the engine is a
 * static library built position-independent, and a default-visibility
 * variable was read through the GOT, two dependent loads on every cache
 * check. */
extern G_GNUC_INTERNAL guint64 ls_class_epoch_counter;
static inline guint64 ls_class_epoch (void) { return __atomic_load_n (&ls_class_epoch_counter, __ATOMIC_RELAXED); }
/* One remembered ls_class_lookup, for C code that looks the same name up
 * in the same class again and again (is the event loop's call_soon still
 * the C one?): one compare instead of the shared cache's hashing. */
typedef struct
{
  const LsClass *cls;
  guint64        epoch;
  LsValue        value;
} LsClassLookupCache;

static inline LsValue
ls_class_lookup_cached (const LsClass *cls, LsStr *name, LsClassLookupCache *cache)
{
  guint64 epoch = ls_class_epoch ();

  if (G_UNLIKELY (cache->cls != cls || cache->epoch != epoch))
    {
      cache->value = ls_class_lookup (cls, name);
      cache->cls = cls;
      cache->epoch = epoch;
    }
  return cache->value;
}

/* Flags `dict` as the namespace of a class, so its changes invalidate the
 * lookup cache. */
void      ls_class_set_dict   (LsClass *cls, LsDict *dict);
/* Adds a C method to a class (binds to the instance like a def). */
void      ls_class_add_method (LsVM *vm, LsClass *cls, const char *name, gpointer func);

LsInstance *ls_instance_new   (LsVM *vm, LsClass *cls);
/* The instance's attribute dict, made now if it has none yet: instances
 * of classes with C fields (LsInstanceLayout) start without one, and
 * readers take a NULL dict as an empty one. */
LsDict     *ls_instance_ensure_dict (LsVM *vm, LsInstance *self);
/* The end of ls_setattr for an instance whose class leaves the store to
 * its dict (no property, no __setattr__): also what STORE_ATTR's inline
 * cache does when the name is not where it was in the last instance. */
void        ls_instance_dict_store (LsVM *vm, LsValue obj,
                                    LsDict *dict, LsStr *name, LsValue value);
/* TRUE when `v` is an instance whose class has `layout` or one extending it. */
gboolean    ls_instance_has_layout (LsValue v, const LsInstanceLayout *layout);

G_END_DECLS
