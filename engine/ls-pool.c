/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-pool.c — chunks for the small-block allocator (ls-pool.h).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-pool.h"

/* Big enough that carving rarely calls malloc, small enough that a tiny
 * scenario's VM stays small. */
#define CHUNK_SIZE (256u * 1024u)

void
ls_pool_init (LsPool *self)
{
  memset (self, 0, sizeof *self);
  self->chunks = g_ptr_array_new_with_free_func (g_free);
}

void
ls_pool_clear (LsPool *self)
{
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  memset (self, 0, sizeof *self);
}

/* A block from the newest chunk, when its class's list is empty.  The tail
 * of a chunk too short for the block is left unused (under LS_POOL_MAX
 * bytes out of CHUNK_SIZE). */
gpointer
ls_pool_carve (LsPool *self,
               gsize   size)
{
  gsize rounded = (gsize) (ls_pool_class (size) + 1) * LS_POOL_GRAIN;
  gpointer block;

  if ((gsize) (self->end - self->next) < rounded)
    {
      self->next = g_malloc (CHUNK_SIZE);
      self->end = self->next + CHUNK_SIZE;
      g_ptr_array_add (self->chunks, self->next);
    }
  block = self->next;
  self->next += rounded;
  return block;
}
