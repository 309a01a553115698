/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-pool.h — a VM's allocator of small blocks: objects, frames and the
 * arrays of small dicts.
 *
 * The collector frees tens of thousands of objects in one sweep and the
 * interpreter allocates them again right after.  Through malloc that was
 * ~20 % of `fanout` (`_int_malloc`, `_int_free`, `unlink_chunk`,
 * `malloc_consolidate`), and it grew with the live heap as glibc's bins
 * fragmented.  Here a block of each size class (multiples of 16 bytes, up
 * to LS_POOL_MAX) comes from its class's free list, or is carved from the
 * current chunk; a freed block goes back on its list.  Memory returns to
 * the system only when the VM is freed: the heap's peak is what counts.
 *
 * The caller gives the size again when freeing (objects know theirs,
 * frames their code's), so blocks carry no header.  Larger blocks go to
 * malloc.  Under AddressSanitizer every block goes to malloc, so that a
 * use after free is still reported.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LS_POOL_GRAIN     16u
#define LS_POOL_MAX       512u
#define LS_POOL_N_CLASSES (LS_POOL_MAX / LS_POOL_GRAIN)
#define LS_POOL_LINE      64u   /* a cache line */

#if defined(__SANITIZE_ADDRESS__)
# define LS_POOL_USE_MALLOC 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define LS_POOL_USE_MALLOC 1
# endif
#endif

typedef struct
{
  gpointer   free_lists[LS_POOL_N_CLASSES]; /* each block's first word links the next */
  guint8    *next;                          /* the unused rest of the newest chunk */
  guint8    *end;
  GPtrArray *chunks;                        /* every chunk, freed with the pool */
} LsPool;

void     ls_pool_init  (LsPool *self);
void     ls_pool_clear (LsPool *self);
/* A never-used block of the newest chunk: zeroed (see ls-pool.c). */
gpointer ls_pool_carve (LsPool *self, gsize size);

static inline guint
ls_pool_class (gsize size)
{
  return (guint) ((size + LS_POOL_GRAIN - 1) / LS_POOL_GRAIN) - 1;
}

/* A free block of size class `cls` from its list, or NULL when the list
 * is empty. */
static inline gpointer
ls_pool_pop (LsPool *self,
             guint   cls)
{
  gpointer *head = &self->free_lists[cls];
  gpointer block = *head;

  if (G_UNLIKELY (block == NULL))
    return NULL;
  *head = *(gpointer *) block;
  /* Freed blocks are cold by the time they come back (a sweep frees them
   * all at once).  The next block was asked for at the last pop; ask now
   * for the one after it, every cache line of it, so that its misses
   * overlap with the work of two allocations of this size (a Future or
   * TimerHandle is three lines, a frame five or more, and the allocation
   * writes all of them). */
  if (*head != NULL)
    {
      guint8 *next = *(gpointer *) *head;

      if (next != NULL)
        {
          guint8 *end = next + (gsize) (cls + 1) * LS_POOL_GRAIN;
          guint8 *line = (guint8 *) ((guintptr) next & ~(guintptr) (LS_POOL_LINE - 1));

          for (; line < end; line += LS_POOL_LINE)
            __builtin_prefetch (line, 1);
        }
    }
  return block;
}

/* A never-used block of class `cls` from the rest of the newest chunk,
 * zeroed; NULL when the chunk is too short for it (then ls_pool_carve
 * maps the next).  The carve without a call, for ls_object_alloc while
 * the heap grows (every allocation of a short run, and of a long one
 * until its first collections fill the free lists). */
static inline gpointer
ls_pool_carve_fast (LsPool *self,
                    guint   cls)
{
  gsize rounded = (gsize) (cls + 1) * LS_POOL_GRAIN;
  guint8 *block = self->next;

  if (G_UNLIKELY ((gsize) (self->end - block) < rounded))
    return NULL;
  self->next = block + rounded;
  return block;
}

/* An uninitialised block of `size` bytes (size > 0). */
static inline gpointer
ls_pool_alloc (LsPool *self,
               gsize   size)
{
#ifdef LS_POOL_USE_MALLOC
  (void) self;
  return g_malloc (size);
#else
  gpointer block;

  if (G_UNLIKELY (size > LS_POOL_MAX))
    return g_malloc (size);
  block = ls_pool_pop (self, ls_pool_class (size));
  if (G_UNLIKELY (block == NULL))
    {
      /* frames and dicts' arrays too, while the heap grows */
      block = ls_pool_carve_fast (self, ls_pool_class (size));
      if (G_UNLIKELY (block == NULL))
        return ls_pool_carve (self, size);
    }
  return block;
#endif
}

/* Gives back a block ls_pool_alloc (self, size) returned. */
static inline void
ls_pool_free (LsPool   *self,
              gpointer  block,
              gsize     size)
{
#ifdef LS_POOL_USE_MALLOC
  (void) self;
  (void) size;
  g_free (block);
#else
  gpointer *head;

  if (block == NULL)
    return;
  if (G_UNLIKELY (size > LS_POOL_MAX))
    {
      g_free (block);
      return;
    }
  head = &self->free_lists[ls_pool_class (size)];
  *(gpointer *) block = *head;
  *head = block;
#endif
}

G_END_DECLS
