/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-chunk-reserve.c — chunks for the small-block allocator, a few made
 * ready ahead on a background thread (see ls-chunk-reserve.h).
 *
 * One reserve per process, shared by every VM in it: a VM's chunks go
 * back to the system with its pool (ls_chunk_free), the reserve's stay
 * until exit.  The thread only maps and writes memory: it touches no VM,
 * so the simulation stays on one thread as far as Python code can tell.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ls-chunk-reserve.h"

/* Statically allocated GLib locks need no initialisation. */
static GMutex    reserve_lock;
static GCond     reserve_changed;
static guint8   *reserve_ready[LS_CHUNK_RESERVE_SIZE];
static guint     reserve_n_ready;
static GThread  *reserve_thread;
static gboolean  reserve_enabled;   /* ls_chunk_reserve_enable: `loopscope run` */

/* A zeroed chunk aligned to its size, so that it can be one huge page
 * (where the kernel gives them on request: Linux's transparent huge pages
 * in "madvise" mode).  A heap of 10,000 tasks is ~100 MB read in no
 * useful order by marking, sweeping and allocation: with 4 KB pages most
 * of those reads also missed the TLB, and a huge page's entry covers 512
 * of them. */
static guint8 *
chunk_map (void)
{
  guint8 *mapped = mmap (NULL, 2 * LS_CHUNK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *chunk;
  gsize head;

  if (mapped == MAP_FAILED)
    g_error ("%s: failed to map %u bytes", G_STRLOC, 2 * LS_CHUNK_SIZE);
  chunk = (guint8 *) (((guintptr) mapped + LS_CHUNK_SIZE - 1) & ~(guintptr) (LS_CHUNK_SIZE - 1));
  head = (gsize) (chunk - mapped);
  if (head > 0)
    munmap (mapped, head);
  munmap (chunk + LS_CHUNK_SIZE, LS_CHUNK_SIZE - head);
#ifdef MADV_HUGEPAGE
  madvise (chunk, LS_CHUNK_SIZE, MADV_HUGEPAGE);
#endif
  return chunk;
}

/* Makes every page of the chunk resident by writing to it: the kernel
 * clears each page (or the one huge page) at its first write.  A read
 * would map the shared zero page and leave the clearing for later. */
static void
chunk_make_resident (guint8 *chunk)
{
  volatile guint8 *bytes = chunk;
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  for (gsize offset = 0; offset < LS_CHUNK_SIZE; offset += page)
    bytes[offset] = 0;
}

/* malloc's heap: what the engine allocates there (lists' and dicts'
 * storage, the object table) grows by doubling.  malloc is asked to
 * extend its heap HEAP_PAD at a time and to keep big blocks and freed
 * tops in it.  The thread used to make the heap's end, not yet handed
 * out, resident as well (MADV_POPULATE_WRITE of the whole pad): measured
 * in the tenth session, that made `tree`, `threads`, `queue` and
 * `sleep0` 2–7 % slower (4 MB written ahead for a run that used a little
 * of it, beside a simulation on the machine's other core) for `fanout`
 * ~1 % faster; only start-up's part is made resident now (below). */
#define HEAP_PAD (4u * 1024u * 1024u)

static guint8 *heap_start_up_begin;

static void
heap_tune (void)
{
  mallopt (M_TOP_PAD, HEAP_PAD);
  mallopt (M_TRIM_THRESHOLD, 8 * HEAP_PAD);
  mallopt (M_MMAP_THRESHOLD, HEAP_PAD / 2);
  heap_start_up_begin = sbrk (0);
}

/* What a run's start-up (the VM, `import asyncio`) allocates from
 * malloc, ~550 KB past what the C library and GLib took before, was
 * written page by page as the heap grew: ~150 of an empty run's ~320 page
 * faults.  The heap is grown by a little more at once and made resident
 * in one call, here on the main thread (the reserve's thread starts only
 * at the second chunk, too late for start-up): the pages are cleared all
 * the same, and the trap and return of a fault each are saved.  Clearing
 * is most of a fault's cost, so the size is what start-up uses: 768 KB
 * was slower than 576–640 KB by the clearing of the pages nobody used. */
#define HEAP_START_UP (640u * 1024u)

static void
heap_prepare_start_up (void)
{
#ifdef MADV_POPULATE_WRITE
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guint8 *start;
  guint8 *end;

  /* freed into the heap's top, which M_TRIM_THRESHOLD keeps */
  g_free (g_malloc (HEAP_START_UP));
  start = (guint8 *) (((guintptr) heap_start_up_begin + page - 1) & ~(guintptr) (page - 1));
  end = sbrk (0);
  if (end == (guint8 *) -1 || end <= start)
    return;
  end = MIN (end, start + HEAP_START_UP);
  /* a kernel without MADV_POPULATE_WRITE (before 5.14) answers EINVAL:
   * the pages are then written as start-up meets them, as before */
  (void) madvise (start, (gsize) (end - start), MADV_POPULATE_WRITE);
#endif
}

static gpointer
reserve_fill (gpointer data)
{
  /* the thread runs only where it was enabled (`loopscope run`), whose
   * VM runs on the process's main thread */
  for (;;)
    {
      guint8 *chunk;

      g_mutex_lock (&reserve_lock);
      while (reserve_n_ready == LS_CHUNK_RESERVE_SIZE)
        g_cond_wait (&reserve_changed, &reserve_lock);
      g_mutex_unlock (&reserve_lock);

      /* outside the lock: this is the slow part the reserve is for */
      chunk = chunk_map ();
      chunk_make_resident (chunk);

      /* the only producer: the room seen above is still there */
      g_mutex_lock (&reserve_lock);
      reserve_ready[reserve_n_ready++] = chunk;
      g_cond_broadcast (&reserve_changed);
      g_mutex_unlock (&reserve_lock);
    }
  return NULL;
}

static void
start_locked (void)
{
  if (reserve_thread == NULL && reserve_enabled)
    reserve_thread = g_thread_try_new ("ls-chunk-reserve", reserve_fill, NULL, NULL);
}

guint8 *
ls_chunk_reserve_take (guint n_taken)
{
  guint8 *chunk = NULL;

  g_mutex_lock (&reserve_lock);
  if (reserve_n_ready > 0)
    {
      chunk = reserve_ready[--reserve_n_ready];
      g_cond_broadcast (&reserve_changed);
    }
  /* A run that stays in its first chunk (most tests, small programs)
   * never starts the thread, and neither does a process that did not
   * enable it (the app: its window's thread shares the memory map, and a
   * huge page's first write, which may make the kernel compact memory
   * while holding that map, stalled the window beyond its 100 ms bound
   * under load).  Without the thread, every chunk is mapped here, as
   * before the reserve. */
  if (n_taken >= 1)
    start_locked ();
  g_mutex_unlock (&reserve_lock);
  return chunk != NULL ? chunk : chunk_map ();
}

void
ls_chunk_reserve_start (void)
{
  g_mutex_lock (&reserve_lock);
  start_locked ();
  g_mutex_unlock (&reserve_lock);
}

void
ls_chunk_free (gpointer chunk)
{
  munmap (chunk, LS_CHUNK_SIZE);
}

void
ls_chunk_reserve_enable (void)
{
  g_mutex_lock (&reserve_lock);
  if (!reserve_enabled)
    {
      heap_tune ();
      heap_prepare_start_up ();
    }
  reserve_enabled = TRUE;
  g_mutex_unlock (&reserve_lock);
}

gboolean
ls_chunk_reserve_is_enabled (void)
{
  gboolean enabled;

  g_mutex_lock (&reserve_lock);
  enabled = reserve_enabled;
  g_mutex_unlock (&reserve_lock);
  return enabled;
}

guint
ls_chunk_reserve_n_ready (void)
{
  guint n;

  g_mutex_lock (&reserve_lock);
  n = reserve_n_ready;
  g_mutex_unlock (&reserve_lock);
  return n;
}

void
ls_chunk_reserve_wait_full (void)
{
  g_mutex_lock (&reserve_lock);
  while (reserve_thread != NULL && reserve_n_ready < LS_CHUNK_RESERVE_SIZE)
    g_cond_wait (&reserve_changed, &reserve_lock);
  g_mutex_unlock (&reserve_lock);
}
