/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-pool.c — chunks for the small-block allocator (ls-pool.h).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "ls-pool.h"

/* One huge page (where the kernel gives them on request: Linux's
 * transparent huge pages in "madvise" mode).  A heap of 10,000 tasks is
 * ~100 MB read in no useful order by marking, sweeping and allocation:
 * with 4 KB pages most of those reads also missed the TLB, and a huge
 * page's entry covers 512 of them. */
#define CHUNK_SIZE (2u * 1024u * 1024u)

/* A zeroed chunk, aligned to its size so that it can be one huge page. */
static guint8 *
chunk_new (void)
{
  guint8 *mapped = mmap (NULL, 2 * CHUNK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *chunk;
  gsize head;

  if (mapped == MAP_FAILED)
    g_error ("%s: failed to map %u bytes", G_STRLOC, 2 * CHUNK_SIZE);
  chunk = (guint8 *) (((guintptr) mapped + CHUNK_SIZE - 1) & ~(guintptr) (CHUNK_SIZE - 1));
  head = (gsize) (chunk - mapped);
  if (head > 0)
    munmap (mapped, head);
  munmap (chunk + CHUNK_SIZE, CHUNK_SIZE - head);
#ifdef MADV_HUGEPAGE
  madvise (chunk, CHUNK_SIZE, MADV_HUGEPAGE);
#endif
  return chunk;
}

static void
chunk_free (gpointer chunk)
{
  munmap (chunk, CHUNK_SIZE);
}

void
ls_pool_init (LsPool *self)
{
  memset (self, 0, sizeof *self);
  self->chunks = g_ptr_array_new_with_free_func (chunk_free);
}

void
ls_pool_clear (LsPool *self)
{
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  memset (self, 0, sizeof *self);
}

/* A block from the newest chunk, when its class's list is empty.  The tail
 * of a chunk too short for the block is left unused (under LS_POOL_MAX
 * bytes out of CHUNK_SIZE).  The block is zeroed: chunks are fresh pages
 * of the kernel's, and ls_object_alloc then need not clear it.  (Not
 * calloc: once the process has freed a big block, glibc raises its mmap
 * threshold past CHUNK_SIZE and calloc clears the whole chunk with
 * memset, which was more than the blocks' own clearing.) */
gpointer
ls_pool_carve (LsPool *self,
               gsize   size)
{
  gsize rounded = (gsize) (ls_pool_class (size) + 1) * LS_POOL_GRAIN;
  gpointer block;

  if ((gsize) (self->end - self->next) < rounded)
    {
      self->next = chunk_new ();
      self->end = self->next + CHUNK_SIZE;
      g_ptr_array_add (self->chunks, self->next);
    }
  block = self->next;
  self->next += rounded;
  return block;
}
