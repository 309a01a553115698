/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-chunk-reserve.c — the allocator's chunks: aligned to their size,
 * zeroed, writable, whether mapped on the spot or prepared ahead by the
 * reserve's thread, which starts only when a second chunk is asked for.
 */

#define G_LOG_DOMAIN "loopscope-test"

#include <glib.h>

#include "../engine/ls-chunk-reserve.h"

static void
assert_fresh_chunk (guint8 *chunk)
{
  g_assert_nonnull (chunk);
  g_assert_cmpuint ((guintptr) chunk % LS_CHUNK_SIZE, ==, 0);
  for (gsize i = 0; i < LS_CHUNK_SIZE; i += 512)
    g_assert_cmpuint (chunk[i], ==, 0);
  g_assert_cmpuint (chunk[LS_CHUNK_SIZE - 1], ==, 0);
  /* writable to the end, as the pool carves it */
  chunk[0] = 1;
  chunk[LS_CHUNK_SIZE - 1] = 1;
}

/* The process's first chunk is mapped at once; nothing is prepared. */
static void
test_first_chunk_mapped_now (void)
{
  guint8 *chunk = ls_chunk_reserve_take (0);

  assert_fresh_chunk (chunk);
  ls_chunk_reserve_wait_full ();   /* returns at once: no thread */
  g_assert_cmpuint (ls_chunk_reserve_n_ready (), ==, 0);
  ls_chunk_free (chunk);
}

/* From the second chunk on, the reserve keeps LS_CHUNK_RESERVE_SIZE
 * ready, and a chunk taken from it is as fresh as a mapped one. */
static void
test_reserve_fills_from_the_second_chunk (void)
{
  guint8 *chunks[2 * LS_CHUNK_RESERVE_SIZE + 1];

  chunks[0] = ls_chunk_reserve_take (1);
  assert_fresh_chunk (chunks[0]);
  for (guint i = 1; i < G_N_ELEMENTS (chunks); i++)
    {
      ls_chunk_reserve_wait_full ();
      g_assert_cmpuint (ls_chunk_reserve_n_ready (), ==, LS_CHUNK_RESERVE_SIZE);
      /* one of the ready ones (the thread may refill at once, so the
       * count after the take proves nothing) */
      chunks[i] = ls_chunk_reserve_take (i + 1);
      assert_fresh_chunk (chunks[i]);
    }
  /* no chunk handed out twice */
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (chunks); j++)
      g_assert_true (chunks[i] != chunks[j]);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    ls_chunk_free (chunks[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ls_chunk_reserve_enable ();
  /* in this order: the reserve is the process's */
  g_test_add_func ("/chunk-reserve/first-chunk-mapped-now", test_first_chunk_mapped_now);
  g_test_add_func ("/chunk-reserve/fills-from-the-second-chunk", test_reserve_fills_from_the_second_chunk);
  return g_test_run ();
}
