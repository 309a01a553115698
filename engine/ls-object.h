/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-object.h — heap objects and the collector's view of them.
 *
 * Every heap object starts with an LsObject header: the collector's list
 * link and mark bit, the object's layout (kind), and its Python class.
 * The kind says how the C struct looks (how to mark it, how to free it);
 * the class says how it behaves in Python (`type(x)`, attribute lookup).
 * Most kinds have exactly one class; instances of user classes (and all
 * exceptions) share LS_KIND_INSTANCE and differ only in their class.
 *
 * Memory is a precise mark-and-sweep collector, as in Lua: tasks and
 * futures point at each other all the time, so reference counting would
 * leak.  Collection only happens at the interpreter's safe points, where
 * every live value sits in a frame or another root; a native function
 * therefore may hold unrooted objects in C locals as long as it does not
 * call back into Python (see ls_vm_call(), which pins them when it does).
 */
#pragma once

#include <glib.h>

#include "ls-value.h"

G_BEGIN_DECLS

typedef struct _LsVM    LsVM;
typedef struct _LsClass LsClass;

typedef enum
{
  LS_KIND_STR,
  LS_KIND_TUPLE,
  LS_KIND_LIST,
  LS_KIND_DICT,
  LS_KIND_SET,          /* set and frozenset */
  LS_KIND_RANGE,
  LS_KIND_SLICE,
  LS_KIND_CODE,
  LS_KIND_FUNCTION,     /* a def or lambda: code + globals + defaults + closure */
  LS_KIND_NATIVE,       /* builtin_function_or_method: a C function */
  LS_KIND_BOUND_METHOD, /* self + function */
  LS_KIND_CELL,
  LS_KIND_CLASS,
  LS_KIND_INSTANCE,     /* instances of user classes and every exception */
  LS_KIND_MODULE,
  LS_KIND_GENERATOR,    /* generators and coroutines: a suspended frame */
  LS_KIND_ITERATOR,     /* built-in iterators: list_iterator, zip, map, ... */
  LS_KIND_PROPERTY,     /* property, staticmethod, classmethod */
  LS_KIND_SUPER,
  LS_KIND_EXTENSION,    /* engine objects outside the language core (futures, tasks, ...) */
  LS_N_KINDS
} LsKind;

struct _LsObject
{
  LsObject *gc_next;
  LsClass  *cls;
  guint8    kind;
  guint8    marked;
  guint16   flags;       /* kind-specific bits */
  guint32   size;        /* bytes allocated for the object itself, for the collector's pacing */
};

/* A growable array of objects for the collector (every object, the gray
 * stack): appended to inline, since an allocation and a mark each add
 * one, and g_ptr_array_add's call was ~40 instructions of it. */
typedef struct
{
  LsObject **items;
  guint      len;
  guint      capacity;
} LsObjectArray;

void ls_object_array_grow (LsObjectArray *self);
/* Frees the items (the array itself is the caller's). */
void ls_object_array_free (LsObjectArray *self);

static inline void
ls_object_array_push (LsObjectArray *self,
                      LsObject      *object)
{
  if (G_UNLIKELY (self->len == self->capacity))
    ls_object_array_grow (self);
  self->items[self->len++] = object;
}

/* header flag: the object has an entry in vm->object_ids */
#define LS_OBJECT_HAS_ID 0x8000

static inline LsObject *ls_value_object (LsValue v) { return v.tag == LS_TAG_OBJECT ? v.o : NULL; }
static inline gboolean  ls_is_kind (LsValue v, LsKind kind) { return v.tag == LS_TAG_OBJECT && v.o->kind == kind; }

/* Allocates a zeroed object of `size` bytes (header included), links it
 * into the collector's list and accounts its size towards the next
 * collection.  Never returns NULL: allocation failure past the VM's memory
 * cap is reported by the interpreter as MemoryError at its next safe point. */
gpointer ls_object_alloc (LsVM *vm, LsKind kind, LsClass *cls, gsize size);
/* Counts `bytes` of C memory an object took besides itself (a list's
 * items, a dict's table) towards the next collection and the memory limit;
 * each collection recounts what survives exactly (see ls_gc_collect). */
void     ls_object_account (LsVM *vm, gsize bytes);

/* References the marking has met but not tested yet, oldest first from
 * `next`: each is prefetched when it comes in and tested when
 * LS_GC_MARK_RING references later it goes out.  With 10,000 live tasks
 * the heap is past the caches and the test of a reference, reading the
 * object's header, was a miss that the next test waited for; this way
 * sixteen of them are under way at once. */
#define LS_GC_MARK_RING 16u

typedef struct
{
  LsObject *items[LS_GC_MARK_RING];
  guint     next;
} LsGcMarkRing;

/* Per OS thread rather than per VM, so that the inline test needs no
 * LsVM layout: a collection runs to its end on one thread without
 * switching fibers, and leaves the ring empty (ls_gc_collect). */
extern __thread LsGcMarkRing ls_gc_mark_ring;

/* Marks an object (or a value's object) reachable; kinds' mark functions
 * call these for what they hold. */
void     ls_gc_gray (LsVM *vm, LsObject *object);
/* Inline: a traversal meets millions of references, most of them to
 * objects marked already (classes, names, the library), and a call per
 * reference was a third of the marking. */
static inline void
ls_gc_mark_object (LsVM *vm, LsObject *object)
{
  LsGcMarkRing *ring;
  LsObject *oldest;

  if (object == NULL)
    return;
  /* the line of the mark bit: a header at the end of a line (objects are
   * 16-byte aligned) has it on the next one */
  __builtin_prefetch (&object->marked);
  ring = &ls_gc_mark_ring;
  oldest = ring->items[ring->next];
  ring->items[ring->next] = object;
  ring->next = (ring->next + 1) % LS_GC_MARK_RING;
  if (oldest != NULL && !oldest->marked)
    ls_gc_gray (vm, oldest);
}
static inline void ls_gc_mark_value (LsVM *vm, LsValue v) { if (v.tag == LS_TAG_OBJECT) ls_gc_mark_object (vm, v.o); }
/* For a reference to an object that many others share and that is in the
 * cache (a class, a code object, a module's globals, the loop): its bit is
 * tested at once.  The ring's round trip, ~10 instructions, was for a
 * reference whose header is a miss; these are most of a traversal's
 * references and would only take its slots from those that are. */
static inline void
ls_gc_mark_shared (LsVM *vm, LsObject *object)
{
  if (object != NULL && !object->marked)
    ls_gc_gray (vm, object);
}
void     ls_gc_mark_values (LsVM *vm, const LsValue *values, gsize n);

/* Extension objects (engine types outside the core: futures, tasks, the
 * loop, threads) describe themselves with a vtable. */
typedef struct
{
  const char *name;
  void      (*mark) (LsVM *vm, LsObject *self);
  void      (*finalize) (LsVM *vm, LsObject *self);   /* frees C memory the object owns */
} LsExtensionVTable;

typedef struct
{
  LsObject                 header;
  const LsExtensionVTable *vtable;
} LsExtension;

G_END_DECLS
