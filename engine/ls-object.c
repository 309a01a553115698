/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-object.c — allocation and the mark-and-sweep collector.
 *
 * Marking is iterative (a gray stack) so deep structures — a linked list
 * of a million nodes, a chain of awaiting coroutines — never recurse on the
 * C stack.  Collection is triggered by allocation volume and only runs at
 * the interpreter's safe points (ls_gc_maybe_collect), never inside an
 * allocation, so C code between safe points may hold objects in locals.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "ls-object.h"
#include "ls-gc.h"
#include "ls-class.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-range.h"
#include "ls-sched.h"
#include "ls-set.h"
#include "ls-slice.h"
#include "ls-str.h"
#include "ls-tuple.h"
#include "ls-vm.h"
#include "ls-vm-private.h"

/* The least heap a collection waits for.  With 4 MB, a program of a
 * hundred tasks collected every ~3 MB of allocation and marked the whole
 * asyncio library (~7,000 objects) each time: a quarter of sleep0's
 * collector.  16 MB is a quarter of the collections for ~12 MB more at
 * the peak of small programs. */
#define LS_GC_MIN_THRESHOLD (16u << 20)

/* Fills in the header of a zeroed block and links it into the heap. */
static inline LsObject *
adopt (LsVM     *vm,
       LsObject *object,
       LsKind    kind,
       LsClass  *cls,
       gsize     size)
{
  object->kind = kind;
  object->cls = cls;
  object->size = (guint32) MIN (size, G_MAXUINT32);
  object->gc_next = vm->objects;
  vm->objects = object;
  vm->all_objects.items[vm->all_objects.len++] = object;
  vm->bytes_allocated += size;
  return object;
}

/* Everything ls_object_alloc's fast path leaves out: big objects, an
 * empty free list when the chunk is used up, a full object array, and
 * AddressSanitizer's malloc. */
static G_GNUC_NO_INLINE gpointer
alloc_slow (LsVM    *vm,
            LsKind   kind,
            LsClass *cls,
            gsize    size)
{
  LsObject *object;

#ifndef LS_POOL_USE_MALLOC
  /* While the heap grows, blocks come fresh from a chunk, already zero. */
  if (size <= LS_POOL_MAX && vm->pool.free_lists[ls_pool_class (size)] == NULL)
    object = ls_pool_carve (&vm->pool, size);
  else
#endif
    {
      object = ls_pool_alloc (&vm->pool, size);
      memset (object, 0, size);
    }
  if (vm->all_objects.len == vm->all_objects.capacity)
    ls_object_array_grow (&vm->all_objects);
  return adopt (vm, object, kind, cls, size);
}

gpointer
ls_object_alloc (LsVM    *vm,
                 LsKind   kind,
                 LsClass *cls,
                 gsize    size)
{
#ifdef LS_POOL_USE_MALLOC
  return alloc_slow (vm, kind, cls, size);
#else
  LsObject *object;
  guint8 *bytes;
  guint8 *end;

  /* The common case without a call, so that this is a leaf function: the
   * call of memset, and the registers it made this save, were half of an
   * allocation's instructions. */
  if (G_UNLIKELY (size > LS_POOL_MAX || vm->all_objects.len == vm->all_objects.capacity))
    return alloc_slow (vm, kind, cls, size);
  object = ls_pool_pop (&vm->pool, ls_pool_class (size));
  if (G_UNLIKELY (object == NULL))
    {
      /* the block alloc_slow would carve, when the chunk has room: fresh
       * pages, already zero (an allocation through alloc_slow and
       * ls_pool_carve was ~100 instructions, a third of them saving and
       * restoring registers) */
      object = ls_pool_carve_fast (&vm->pool, ls_pool_class (size));
      if (G_UNLIKELY (object == NULL))
        return alloc_slow (vm, kind, cls, size);
      return adopt (vm, object, kind, cls, size);
    }
  /* a pool block is a whole number of 16-byte grains: zeroed by pairs */
  bytes = (guint8 *) object;
  end = bytes + (gsize) (ls_pool_class (size) + 1) * LS_POOL_GRAIN;
  if ((ls_pool_class (size) & 1) == 0)
    {
      memset (bytes, 0, LS_POOL_GRAIN);
      bytes += LS_POOL_GRAIN;
    }
  for (; bytes < end; bytes += 2 * LS_POOL_GRAIN)
    memset (bytes, 0, 2 * LS_POOL_GRAIN);
  return adopt (vm, object, kind, cls, size);
#endif
}

void
ls_object_account (LsVM  *vm,
                   gsize  bytes)
{
  vm->bytes_allocated += bytes;
}

/* From this many bytes on, the array is its own mapping: growing it is
 * then mremap's moving of the pages, not malloc's copy of them (which
 * also wrote every page of the copy fresh).  With malloc keeping big
 * blocks in its heap (ls-chunk-reserve.c), the doubling of a heap's
 * object array to 1 MB copied ~2 MB: 1 % of `tree`. */
#define ARRAY_MAPPED_BYTES ((gsize) 256 * 1024)

static gboolean
array_is_mapped (guint capacity)
{
  return (gsize) capacity * sizeof (LsObject *) >= ARRAY_MAPPED_BYTES;
}

void
ls_object_array_grow (LsObjectArray *self)
{
  guint old = self->capacity;
  guint capacity = MAX (1024u, old * 2);
  gsize bytes = (gsize) capacity * sizeof (LsObject *);
  gpointer grown;

#if defined(MREMAP_MAYMOVE)
  if (array_is_mapped (capacity))
    {
      if (array_is_mapped (old))
        grown = mremap (self->items, (gsize) old * sizeof (LsObject *), bytes, MREMAP_MAYMOVE);
      else
        {
          grown = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          if (grown != MAP_FAILED && self->len > 0)
            memcpy (grown, self->items, self->len * sizeof (LsObject *));
          if (grown != MAP_FAILED)
            g_free (self->items);
        }
      if (grown == MAP_FAILED)
        g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, bytes);
      self->items = grown;
      self->capacity = capacity;
      return;
    }
#endif
  self->items = g_renew (LsObject *, self->items, capacity);
  self->capacity = capacity;
}

void
ls_object_array_free (LsObjectArray *self)
{
#if defined(MREMAP_MAYMOVE)
  if (self->items != NULL && array_is_mapped (self->capacity))
    munmap (self->items, (gsize) self->capacity * sizeof (LsObject *));
  else
#endif
    g_free (self->items);
  self->items = NULL;
  self->len = self->capacity = 0;
}

__thread LsGcMarkRing ls_gc_mark_ring;

/* Tests what is left in the ring. */
static void
mark_ring_flush (LsVM *vm)
{
  for (guint i = 0; i < LS_GC_MARK_RING; i++)
    {
      LsObject *object = ls_gc_mark_ring.items[i];

      ls_gc_mark_ring.items[i] = NULL;
      if (object != NULL && !object->marked)
        ls_gc_gray (vm, object);
    }
  ls_gc_mark_ring.next = 0;
}

/* How much of a newly marked object ls_gc_gray asks for, and of a
 * coroutine's frame. */
#define GRAY_PREFETCH_BYTES 320u
#define GRAY_FRAME_LINES    5u

/* ls_gc_gray when the gray stack is full. */
static G_GNUC_NO_INLINE void
gray_grown (LsVM     *vm,
            LsObject *object)
{
  ls_object_array_grow (&vm->gray);
  ls_gc_gray (vm, object);
}

/* The slow half of ls_gc_mark_object: `object` is not marked yet.  A
 * leaf but for the stack's growth, a tail call: the saving and restoring
 * of registers a call made necessary was a quarter of its instructions,
 * once per live object. */
void
ls_gc_gray (LsVM     *vm,
            LsObject *object)
{
  guint8 *line = (guint8 *) ((guintptr) object & ~(guintptr) (LS_POOL_LINE - 1));
  guint8 *end = (guint8 *) object + MIN (object->size, GRAY_PREFETCH_BYTES);

  if (G_UNLIKELY (vm->gray.len == vm->gray.capacity))
    {
      gray_grown (vm, object);
      return;
    }
  object->marked = 1;
  vm->gray.items[vm->gray.len++] = object;
  /* The mark bit's line is in the cache now (the ring asked for it); ask
   * for the rest of what traverse will read, and for what it reads in a
   * block of its own: a coroutine's frame (its locals, cells and stack
   * follow ~120 bytes of fields), a list's items, a dict's entries.  The
   * pointer to it is on the header's line, or the next. */
  for (; line < end; line += LS_POOL_LINE)
    __builtin_prefetch (line);
  switch ((LsKind) object->kind)
    {
    case LS_KIND_GENERATOR:
      if (((LsGenerator *) object)->frame != NULL)
        {
          guint8 *frame = (guint8 *) ((LsGenerator *) object)->frame;

          for (guint i = 0; i < GRAY_FRAME_LINES; i++)
            __builtin_prefetch (frame + i * LS_POOL_LINE);
        }
      break;
    case LS_KIND_LIST:
      if (((LsList *) object)->len > 0)
        __builtin_prefetch (((LsList *) object)->items);
      if (((LsList *) object)->len > 4)
        __builtin_prefetch (((LsList *) object)->items + 4);
      break;
    case LS_KIND_DICT:
      if (((LsDict *) object)->n_entries > 0)
        __builtin_prefetch (((LsDict *) object)->entries);
      if (((LsDict *) object)->n_entries > 2)
        __builtin_prefetch ((guint8 *) ((LsDict *) object)->entries + LS_POOL_LINE);
      break;
    default:
      break;
    }
}

void
ls_gc_mark_values (LsVM          *vm,
                   const LsValue *values,
                   gsize          n)
{
  for (gsize i = 0; i < n; i++)
    ls_gc_mark_value (vm, values[i]);
}

void
ls_gc_mark_frame (LsVM    *vm,
                  LsFrame *frame)
{
  LsCode *code = frame->code;
  gsize n_cells = code->cellvars->len + code->freevars->len;

  /* what every frame of the same function shares, and its generator,
   * just marked */
  ls_gc_mark_shared (vm, &code->header);
  if (frame->function.tag == LS_TAG_OBJECT)
    ls_gc_mark_shared (vm, frame->function.o);
  ls_gc_mark_shared (vm, (LsObject *) frame->globals);
  ls_gc_mark_shared (vm, (LsObject *) frame->locals_dict);
  ls_gc_mark_shared (vm, (LsObject *) frame->builtins);
  ls_gc_mark_shared (vm, frame->generator);
  ls_gc_mark_value (vm, frame->handled);
  ls_gc_mark_values (vm, frame->locals, code->n_locals);
  ls_gc_mark_values (vm, frame->cells, n_cells);
  ls_gc_mark_values (vm, frame->stack, frame->sp);
  for (guint i = 0; i < frame->n_blocks; i++)
    ls_gc_mark_value (vm, frame->blocks[i].saved_handled);
}

static void
mark_exception_data (LsVM            *vm,
                     LsExceptionData *data)
{
  if (data == NULL)
    return;
  ls_gc_mark_object (vm, (LsObject *) data->args);
  ls_gc_mark_value (vm, data->cause);
  ls_gc_mark_value (vm, data->context);
  if (data->traceback != NULL)
    for (guint i = 0; i < data->traceback->len; i++)
      ls_gc_mark_object (vm, (LsObject *) g_array_index (data->traceback, LsTracebackEntry, i).code);
}

static void
mark_dict (LsVM   *vm,
           LsDict *dict)
{
  for (gsize i = 0; i < dict->n_entries; i++)
    {
      ls_gc_mark_value (vm, dict->entries[i].key);
      ls_gc_mark_value (vm, dict->entries[i].value);
    }
}

static void
mark_code (LsVM   *vm,
           LsCode *code)
{
  ls_gc_mark_object (vm, (LsObject *) code->name);
  ls_gc_mark_object (vm, (LsObject *) code->qualname);
  ls_gc_mark_object (vm, (LsObject *) code->filename);
  ls_gc_mark_object (vm, (LsObject *) code->varnames);
  ls_gc_mark_object (vm, (LsObject *) code->cellvars);
  ls_gc_mark_object (vm, (LsObject *) code->freevars);
  ls_gc_mark_object (vm, (LsObject *) code->names);
  ls_gc_mark_object (vm, (LsObject *) code->consts);
}

static void
mark_function (LsVM       *vm,
               LsFunction *function)
{
  ls_gc_mark_shared (vm, (LsObject *) function->code);
  ls_gc_mark_shared (vm, (LsObject *) function->globals);
  ls_gc_mark_object (vm, (LsObject *) function->defaults);
  ls_gc_mark_object (vm, (LsObject *) function->kwdefaults);
  ls_gc_mark_object (vm, (LsObject *) function->closure);
  ls_gc_mark_shared (vm, (LsObject *) function->name);
  ls_gc_mark_shared (vm, (LsObject *) function->qualname);
  ls_gc_mark_object (vm, (LsObject *) function->dict);
  ls_gc_mark_value (vm, function->module);
}

static void
mark_class (LsVM    *vm,
            LsClass *cls)
{
  ls_gc_mark_object (vm, (LsObject *) cls->name);
  ls_gc_mark_object (vm, (LsObject *) cls->qualname);
  ls_gc_mark_object (vm, (LsObject *) cls->module);
  ls_gc_mark_object (vm, (LsObject *) cls->base);
  ls_gc_mark_object (vm, (LsObject *) cls->also);
  ls_gc_mark_object (vm, (LsObject *) cls->dict);
}

static void
mark_generator (LsVM        *vm,
                LsGenerator *generator)
{
  ls_gc_mark_shared (vm, (LsObject *) generator->name);
  ls_gc_mark_shared (vm, (LsObject *) generator->qualname);
  ls_gc_mark_value (vm, generator->yield_from);
  ls_gc_mark_shared (vm, (LsObject *) generator->code);
  if (generator->frame != NULL)
    ls_gc_mark_frame (vm, generator->frame);
  if (generator->body != NULL)
    generator->body->mark (vm, generator);
}

static void
mark_set (LsVM  *vm,
          LsSet *set)
{
  if (set->table == NULL)
    return;
  for (gsize i = 0; i <= set->mask; i++)
    ls_gc_mark_value (vm, set->table[i].key);
}

/* Marks what `object` refers to, and gives the bytes it takes (see
 * ls_gc_collect): itself and the C memory it owns, counted in the switch
 * that marks, which reads those fields anyway. */
static gsize
traverse (LsVM     *vm,
          LsObject *object)
{
  gsize size = object->size;

  ls_gc_mark_shared (vm, (LsObject *) object->cls);

  switch ((LsKind) object->kind)
    {
    case LS_KIND_STR:
    case LS_KIND_RANGE:
      break;
    case LS_KIND_TUPLE:
      ls_gc_mark_values (vm, ((LsTuple *) object)->items, ((LsTuple *) object)->len);
      break;
    case LS_KIND_LIST:
      ls_gc_mark_values (vm, ((LsList *) object)->items, ((LsList *) object)->len);
      size += ((LsList *) object)->capacity * sizeof (LsValue);
      break;
    case LS_KIND_DICT:
      mark_dict (vm, (LsDict *) object);
      size += ((LsDict *) object)->entries_capacity * sizeof (LsDictEntry) +
              ((LsDict *) object)->index_size * sizeof (gint32);
      break;
    case LS_KIND_SET:
      mark_set (vm, (LsSet *) object);
      if (((LsSet *) object)->table != NULL)
        size += (((LsSet *) object)->mask + 1) * sizeof (LsSetEntry);
      break;
    case LS_KIND_SLICE:
      ls_gc_mark_value (vm, ((LsSlice *) object)->start);
      ls_gc_mark_value (vm, ((LsSlice *) object)->stop);
      ls_gc_mark_value (vm, ((LsSlice *) object)->step);
      break;
    case LS_KIND_CODE:
      mark_code (vm, (LsCode *) object);
      size += ((LsCode *) object)->n_instructions * (sizeof (guint32) + sizeof (gint32));
      break;
    case LS_KIND_FUNCTION:
      mark_function (vm, (LsFunction *) object);
      break;
    case LS_KIND_NATIVE:
      ls_gc_mark_shared (vm, (LsObject *) ((LsNative *) object)->name);
      ls_gc_mark_value (vm, ((LsNative *) object)->self);
      ls_gc_mark_value (vm, ((LsNative *) object)->data);
      break;
    case LS_KIND_BOUND_METHOD:
      ls_gc_mark_value (vm, ((LsBoundMethod *) object)->self);
      ls_gc_mark_value (vm, ((LsBoundMethod *) object)->func);
      break;
    case LS_KIND_CELL:
      ls_gc_mark_value (vm, ((LsCell *) object)->value);
      break;
    case LS_KIND_CLASS:
      mark_class (vm, (LsClass *) object);
      break;
    case LS_KIND_INSTANCE:
      ls_gc_mark_object (vm, (LsObject *) ((LsInstance *) object)->dict);
      mark_exception_data (vm, ((LsInstance *) object)->exception);
      if (object->cls->layout != NULL)
        object->cls->layout->mark (vm, object);
      break;
    case LS_KIND_MODULE:
      ls_gc_mark_object (vm, (LsObject *) ((LsModule *) object)->name);
      ls_gc_mark_object (vm, (LsObject *) ((LsModule *) object)->dict);
      break;
    case LS_KIND_GENERATOR:
      mark_generator (vm, (LsGenerator *) object);
      if (((LsGenerator *) object)->frame != NULL)
        size += ls_frame_size (((LsGenerator *) object)->frame->code);
      break;
    case LS_KIND_ITERATOR:
      ls_gc_mark_value (vm, ((LsIterator *) object)->source);
      ls_gc_mark_value (vm, ((LsIterator *) object)->extra);
      break;
    case LS_KIND_PROPERTY:
      ls_gc_mark_value (vm, ((LsProperty *) object)->fget);
      ls_gc_mark_value (vm, ((LsProperty *) object)->fset);
      ls_gc_mark_value (vm, ((LsProperty *) object)->fdel);
      break;
    case LS_KIND_SUPER:
      ls_gc_mark_value (vm, ((LsSuper *) object)->self);
      ls_gc_mark_object (vm, (LsObject *) ((LsSuper *) object)->start);
      break;
    case LS_KIND_EXTENSION:
      if (((LsExtension *) object)->vtable->mark != NULL)
        ((LsExtension *) object)->vtable->mark (vm, object);
      break;
    case LS_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  return size;
}

static void
exception_data_free (LsExceptionData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->traceback, g_array_unref);
  g_free (data);
}

/* Frees the C memory an object owns, then the object. */
void
ls_object_free (LsVM     *vm,
                LsObject *object)
{
  if (object->flags & LS_OBJECT_HAS_ID)
    g_hash_table_remove (vm->object_ids, object);
  switch ((LsKind) object->kind)
    {
    case LS_KIND_LIST:
      ls_list_free_storage (vm, (LsList *) object);
      break;
    case LS_KIND_DICT:
      ls_dict_free_storage (vm, (LsDict *) object);
      break;
    case LS_KIND_SET:
      g_free (((LsSet *) object)->table);
      break;
    case LS_KIND_CODE:
      g_free (((LsCode *) object)->instructions);
      g_free (((LsCode *) object)->lines);
      g_free (((LsCode *) object)->cell2arg);
      g_aligned_free (((LsCode *) object)->caches);
      break;
    case LS_KIND_INSTANCE:
      exception_data_free (((LsInstance *) object)->exception);
      break;
    case LS_KIND_GENERATOR:
      if (((LsGenerator *) object)->frame != NULL)
        ls_frame_free (vm, ((LsGenerator *) object)->frame);
      break;
    case LS_KIND_EXTENSION:
      if (((LsExtension *) object)->vtable->finalize != NULL)
        ((LsExtension *) object)->vtable->finalize (vm, object);
      break;
    case LS_KIND_STR:
      if (((LsStr *) object)->interned)
        ls_str_forget_interned (vm, (LsStr *) object);
      break;
    case LS_KIND_TUPLE:
    case LS_KIND_RANGE:
    case LS_KIND_SLICE:
    case LS_KIND_FUNCTION:
    case LS_KIND_NATIVE:
    case LS_KIND_BOUND_METHOD:
    case LS_KIND_CELL:
    case LS_KIND_CLASS:
    case LS_KIND_MODULE:
    case LS_KIND_ITERATOR:
    case LS_KIND_PROPERTY:
    case LS_KIND_SUPER:
      break;
    case LS_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  ls_pool_free (&vm->pool, object, object->size);
}

/* Objects natives allocated before calling back into Python: each pin is
 * a run of the object list; its older end is kept alive too, so the walk
 * always finds where the run stops. */
static void
ls_gc_mark_pins (LsVM *vm, const LsPinStack *pins)
{
  for (guint i = 0; i < pins->len; i++)
    {
      const LsGcPin *pin = &pins->items[i];

      ls_gc_mark_object (vm, pin->oldest);
      for (LsObject *o = pin->newest; o != NULL && o != pin->oldest; o = o->gc_next)
        ls_gc_mark_object (vm, o);
    }
}

void
ls_gc_mark_thread_state (LsVM                  *vm,
                         const LsVMThreadState *state)
{
  for (LsFrame *frame = state->frame; frame != NULL; frame = frame->back)
    ls_gc_mark_frame (vm, frame);
  ls_gc_mark_values (vm, state->roots->items, state->roots->len);
  ls_gc_mark_value (vm, state->raised);
  ls_gc_mark_pins (vm, state->pins);
}

static void
mark_roots (LsVM *vm)
{
  ls_gc_mark_object (vm, (LsObject *) vm->builtins);
  ls_gc_mark_object (vm, (LsObject *) vm->modules);
  ls_gc_mark_object (vm, (LsObject *) vm->empty_tuple);
  ls_gc_mark_object (vm, (LsObject *) vm->empty_str);
  for (guint i = 0; i < LS_N_NAMES; i++)
    ls_gc_mark_object (vm, (LsObject *) vm->names[i]);
  ls_gc_mark_value (vm, vm->not_implemented);
  ls_gc_mark_value (vm, vm->ellipsis);
  ls_gc_mark_value (vm, vm->raised);
  for (guint i = 0; i < LS_N_TYPES; i++)
    ls_gc_mark_object (vm, (LsObject *) vm->types[i]);
  for (guint i = 0; i < LS_N_EXCEPTIONS; i++)
    ls_gc_mark_object (vm, (LsObject *) vm->exceptions[i]);
  for (LsFrame *frame = vm->frame; frame != NULL; frame = frame->back)
    ls_gc_mark_frame (vm, frame);
  ls_gc_mark_values (vm, vm->roots->items, vm->roots->len);
  ls_vm_mark_extra_roots (vm);
  ls_gc_mark_object (vm, (LsObject *) vm->deadlock_class);
  ls_gc_mark_object (vm, (LsObject *) vm->limit_class);
  ls_gc_mark_object (vm, (LsObject *) vm->no_access_names);
  ls_gc_mark_value (vm, vm->stop_exception);
  ls_gc_mark_value (vm, vm->last_suspended_task);
  ls_gc_mark_object (vm, (LsObject *) vm->main_filename);
  for (guint i = 0; i < G_N_ELEMENTS (vm->intern_cache); i++)
    ls_gc_mark_object (vm, (LsObject *) vm->intern_cache[i].str);
  if (vm->sched != NULL)
    ls_sched_mark (vm->sched);

  ls_gc_mark_pins (vm, vm->pins);
}

/* Kinds whose objects own nothing besides their block (see ls_object_free). */
#define PLAIN_KINDS ((1u << LS_KIND_TUPLE) | (1u << LS_KIND_RANGE) | (1u << LS_KIND_SLICE) | \
                     (1u << LS_KIND_FUNCTION) | (1u << LS_KIND_NATIVE) | (1u << LS_KIND_BOUND_METHOD) | \
                     (1u << LS_KIND_CELL) | (1u << LS_KIND_CLASS) | (1u << LS_KIND_MODULE) | \
                     (1u << LS_KIND_ITERATOR) | (1u << LS_KIND_PROPERTY) | (1u << LS_KIND_SUPER))

/* Whether freeing `object` is only giving its block back: most of what a
 * sweep frees (tuples, futures and handles without a dict, bound
 * methods), which then costs no call and no switch. */
static inline gboolean
is_plain (LsObject *object)
{
  if (object->flags & LS_OBJECT_HAS_ID)
    return FALSE;
  if (PLAIN_KINDS & (1u << object->kind))
    return TRUE;
  if (object->kind == LS_KIND_INSTANCE)
    return ((LsInstance *) object)->exception == NULL;
  return object->kind == LS_KIND_STR && !((LsStr *) object)->interned;
}

/* How many objects ahead the sweep asks for: the sweep reads every
 * object's header, and in a heap of 10,000 tasks almost each read missed
 * the cache. */
#define SWEEP_PREFETCH 16

typedef struct
{
  LsObject **survivors;   /* written over the array being swept */
  guint      kept;
  LsObject  *older;       /* the list of survivors so far, newest first */
} SweepState;

static inline void
sweep_one (LsVM       *vm,
           SweepState *state,
           LsObject   *object)
{
  if (object->marked)
    {
      object->marked = 0;
      object->gc_next = state->older;
      state->older = object;
      state->survivors[state->kept++] = object;
    }
  else if (is_plain (object))
    ls_pool_free (&vm->pool, object, object->size);
  else
    ls_object_free (vm, object);
}

/* Frees what was not marked.
 *
 * It walks `all_objects`, not the `objects` list: following `gc_next`
 * took one dependent cache miss per object (80 % of the sweep at full
 * `fanout`), while the array's addresses are known ahead and can be
 * prefetched.  The survivors keep their order in both, so the pins'
 * runs of the list stay runs. */
static void
sweep (LsVM *vm)
{
  LsObject **all = vm->all_objects.items;
  guint n = vm->all_objects.len;
  guint ahead = n > SWEEP_PREFETCH ? n - SWEEP_PREFETCH : 0;
  SweepState state = { all, 0, NULL };
  guint i = 0;

  /* the prefetch's bounds test out of the loop, by splitting it */
  for (; i < ahead; i++)
    {
      /* the header's last byte: a header at the end of a line (objects
       * are 16-byte aligned) spans two, and the sweep reads and writes
       * both ends */
      __builtin_prefetch (all[i + SWEEP_PREFETCH]);
      __builtin_prefetch ((guint8 *) all[i + SWEEP_PREFETCH] + sizeof (LsObject) - 1);
      sweep_one (vm, &state, all[i]);
    }
  for (; i < n; i++)
    sweep_one (vm, &state, all[i]);
  vm->objects = state.older;
  vm->all_objects.len = state.kept;
  /* freed addresses will be reused */
  ls_class_cache_invalidate ();
}

void
ls_gc_collect (LsVM *vm)
{
  gsize live = 0;

  mark_roots (vm);
  do
    {
      while (vm->gray.len > 0)
        live += traverse (vm, vm->gray.items[--vm->gray.len]);
      mark_ring_flush (vm);
    }
  while (vm->gray.len > 0);
  /* The heap recounted exactly (the growth counted between collections,
   * ls_object_account, is only an estimate), by the marking: it reads
   * what the count needs (a list's capacity, a coroutine's frame) while
   * it is in the cache, and the sweep reads only the survivors' headers. */
  vm->bytes_allocated = live;
  vm->bytes_live = live;
  sweep (vm);
  /* Collect again when the heap has tripled, and at the latest when it
   * reaches the memory limit, which is checked on what survives a
   * collection (ls_vm_collect).  Lua's default pause doubles it; marking
   * is the part of a collection that grows with what survives, and with
   * thousands of live tasks, each mark a cache miss, a pause of 3 halves
   * it for 20 MB more at the peak of issue 6's fanout (95 -> 115 MB). */
  vm->next_collection = MIN (MAX (LS_GC_MIN_THRESHOLD, vm->bytes_allocated * 3), vm->memory_cap);
#if LS_GC_STRESS
  vm->next_collection = 0;
#endif
}

void
ls_gc_free_all (LsVM *vm)
{
  while (vm->objects != NULL)
    {
      LsObject *object = vm->objects;

      vm->objects = object->gc_next;
      /* interned strings are dropped with the table; avoid touching it */
      if (object->kind == LS_KIND_STR)
        ((LsStr *) object)->interned = 0;
      ls_object_free (vm, object);
    }
  vm->all_objects.len = 0;
  ls_class_cache_invalidate ();
}
