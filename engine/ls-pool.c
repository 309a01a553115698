/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-pool.c — chunks for the small-block allocator (ls-pool.h).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-pool.h"

#include "ls-chunk-reserve.h"

void
ls_pool_init (LsPool *self)
{
  memset (self, 0, sizeof *self);
  self->chunks = g_ptr_array_new_with_free_func (ls_chunk_free);
}

void
ls_pool_clear (LsPool *self)
{
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  memset (self, 0, sizeof *self);
}

/* A block from the newest chunk, when its class's list is empty.  The tail
 * of a chunk too short for the block is left unused (under LS_POOL_MAX
 * bytes out of LS_CHUNK_SIZE).  The block is zeroed: chunks are fresh pages
 * of the kernel's, and ls_object_alloc then need not clear it.  (Not
 * calloc: once the process has freed a big block, glibc raises its mmap
 * threshold past LS_CHUNK_SIZE and calloc clears the whole chunk with
 * memset, which was more than the blocks' own clearing.) */
gpointer
ls_pool_carve (LsPool *self,
               gsize   size)
{
  gsize rounded = (gsize) (ls_pool_class (size) + 1) * LS_POOL_GRAIN;
  gpointer block;

  if ((gsize) (self->end - self->next) < rounded)
    {
      guint8 *chunk_end = self->chunks->len > 0 ? (guint8 *) g_ptr_array_index (self->chunks, self->chunks->len - 1) + LS_CHUNK_SIZE : NULL;

      if (self->end != chunk_end)
        {
          /* half of the first chunk used: a run that gets this far will
           * likely need a second, and the reserve's thread, started now,
           * has it ready by then (see ls_chunk_reserve_start) */
          ls_chunk_reserve_start ();
          self->end = chunk_end;
        }
      else
        {
          self->next = ls_chunk_reserve_take (self->chunks->len);
          self->end = self->next + (self->chunks->len == 0 ? LS_CHUNK_SIZE / 2 : LS_CHUNK_SIZE);
          g_ptr_array_add (self->chunks, self->next);
        }
    }
  block = self->next;
  self->next += rounded;
  return block;
}
