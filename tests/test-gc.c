/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-gc.c — the collector and the small-block pool: what survives a
 * collection, what the sweep frees, and that every allocation starts
 * zeroed whether its block is fresh from a chunk or used before.
 */

#define G_LOG_DOMAIN "loopscope-test"

#include <string.h>

#include <glib.h>

#include "../engine/ls-gc.h"
#include "../engine/ls-list.h"
#include "../engine/ls-pool.h"
#include "../engine/ls-str.h"
#include "../engine/ls-tuple.h"
#include "../engine/ls-vm.h"

#ifndef LS_POOL_USE_MALLOC
/* Blocks carved from a chunk are zero, and the last block freed of a
 * size is the next one handed out. */
static void
test_pool_carve_and_reuse (void)
{
  LsPool pool;
  guint8 *blocks[64];

  ls_pool_init (&pool);
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      gsize size = 16 + (i % 8) * 48;

      blocks[i] = ls_pool_alloc (&pool, size);
      for (gsize j = 0; j < size; j++)
        g_assert_cmpuint (blocks[i][j], ==, 0);
      memset (blocks[i], 0xab, size);
    }
  ls_pool_free (&pool, blocks[3], 16 + 3 * 48);
  ls_pool_free (&pool, blocks[11], 16 + 3 * 48);
  g_assert_true (ls_pool_alloc (&pool, 16 + 3 * 48) == blocks[11]);
  g_assert_true (ls_pool_alloc (&pool, 16 + 3 * 48) == blocks[3]);
  ls_pool_clear (&pool);
}

/* Free lists of one, two and three blocks hand them out last freed
 * first, down to the end of the list (a pop reads ahead two blocks). */
static void
test_pool_short_lists (void)
{
  LsPool pool;
  guint8 *blocks[3];

  ls_pool_init (&pool);
  for (guint n = 1; n <= G_N_ELEMENTS (blocks); n++)
    {
      for (guint i = 0; i < n; i++)
        blocks[i] = ls_pool_alloc (&pool, 200);
      for (guint i = 0; i < n; i++)
        ls_pool_free (&pool, blocks[i], 200);
      for (guint i = n; i > 0; i--)
        g_assert_true (ls_pool_alloc (&pool, 200) == blocks[i - 1]);
      g_assert_null (pool.free_lists[ls_pool_class (200)]);
    }
  ls_pool_clear (&pool);
}

/* A chunk is big enough for thousands of blocks and carves them in order. */
static void
test_pool_chunk_order (void)
{
  LsPool pool;
  guint8 *first;
  guint8 *previous;

  ls_pool_init (&pool);
  first = previous = ls_pool_alloc (&pool, 64);
  for (guint i = 1; i < 4096; i++)
    {
      guint8 *block = ls_pool_alloc (&pool, 64);

      g_assert_true (block == previous + 64);
      previous = block;
    }
  g_assert_cmpuint (pool.chunks->len, ==, 1);
  g_assert_true (first != NULL);
  ls_pool_clear (&pool);
}
#endif

/* What is rooted survives with its contents, the rest is freed, and the
 * heap's count and byte total are those of the survivors. */
static void
test_collect_keeps_reachable (void)
{
  g_autoptr(LsVM) vm = ls_vm_new ();
  guint before = vm->all_objects.len;
  LsList *kept = ls_list_new (vm, 0);

  ls_vm_push_root (vm, ls_obj (kept));
  for (guint i = 0; i < 10000; i++)
    {
      LsTuple *tuple = ls_tuple_new (vm, 3);

      tuple->items[0] = ls_int (i);
      if (i % 10 == 0)
        ls_list_append (vm, kept, ls_obj (tuple));
      /* garbage that needs more than its block freed */
      ls_list_append (vm, ls_list_new (vm, 0), ls_int (i));
    }
  ls_gc_collect (vm);
  g_assert_cmpuint (vm->all_objects.len, ==, before + 1 + 1000);
  g_assert_cmpuint (kept->len, ==, 1000);
  for (guint i = 0; i < kept->len; i++)
    {
      LsTuple *tuple = (LsTuple *) kept->items[i].o;

      g_assert_cmpint (tuple->items[0].i, ==, (gint64) i * 10);
      g_assert_cmpuint (tuple->header.marked, ==, 0);
    }
  /* the list of objects holds exactly the array's, newest first */
  {
    guint n = 0;

    for (LsObject *o = vm->objects; o != NULL; o = o->gc_next)
      {
        g_assert_true (o == vm->all_objects.items[vm->all_objects.len - 1 - n]);
        n++;
      }
    g_assert_cmpuint (n, ==, vm->all_objects.len);
  }
  ls_vm_pop_roots (vm, 1);
  ls_gc_collect (vm);
  g_assert_cmpuint (vm->all_objects.len, ==, before);
}

/* Marking tests a reference LS_GC_MARK_RING references after it meets
 * it (ls_gc_mark_object): a long chain, an object met many times, and a
 * last object that only the end of the marking's ring holds all survive,
 * and the heap's count is what they take. */
static void
test_collect_through_the_ring (void)
{
  g_autoptr(LsVM) vm = ls_vm_new ();
  LsTuple *head = NULL;
  LsTuple *shared;
  LsTuple *wide;
  LsList *last;
  gsize live_before;
  guint before;

  ls_gc_collect (vm);
  live_before = vm->bytes_allocated;
  before = vm->all_objects.len;
  shared = ls_tuple_new (vm, 1);
  shared->items[0] = ls_int (-1);
  /* a chain of 20,000: [i, shared, next] */
  for (guint i = 0; i < 20000; i++)
    {
      LsTuple *link = ls_tuple_new (vm, 3);

      link->items[0] = ls_int (i);
      link->items[1] = ls_obj (shared);
      link->items[2] = head != NULL ? ls_obj (head) : LS_NONE;
      head = link;
      ls_tuple_new (vm, 2);   /* garbage between the links */
    }
  /* held only by the last slots of a tuple of fewer items than the ring */
  last = ls_list_new (vm, 0);
  ls_list_append (vm, last, ls_int (7));
  wide = ls_tuple_new (vm, 3);
  wide->items[0] = ls_obj (head);
  wide->items[1] = ls_obj (shared);
  wide->items[2] = ls_obj (last);
  ls_vm_push_root (vm, ls_obj (wide));
  ls_gc_collect (vm);
  g_assert_cmpuint (vm->all_objects.len, ==, before + 20000 + 3);
  /* the links and `wide` are all tuples of three */
  g_assert_cmpuint (vm->bytes_allocated, ==,
                    live_before + 20001 * wide->header.size + shared->header.size +
                    last->header.size + last->capacity * sizeof (LsValue));
  {
    guint n = 0;

    for (LsTuple *link = head; link != NULL; link = ls_is_none (link->items[2]) ? NULL : (LsTuple *) link->items[2].o)
      {
        g_assert_cmpint (link->items[0].i, ==, 19999 - (gint64) n);
        g_assert_true (link->items[1].o == &shared->header);
        g_assert_cmpuint (link->header.marked, ==, 0);
        n++;
      }
    g_assert_cmpuint (n, ==, 20000);
  }
  g_assert_cmpuint (last->len, ==, 1);
  g_assert_cmpint (last->items[0].i, ==, 7);
  ls_vm_pop_roots (vm, 1);
  ls_gc_collect (vm);
  g_assert_cmpuint (vm->all_objects.len, ==, before);
  g_assert_cmpuint (vm->bytes_allocated, ==, live_before);
}

/* A block freed by a sweep comes back zeroed to the next allocation. */
static void
test_reused_blocks_are_zeroed (void)
{
  g_autoptr(LsVM) vm = ls_vm_new ();

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 2000; i++)
        {
          gsize size = sizeof (LsTuple) + (i % 40) * sizeof (LsValue) + (i % 3) * 8;
          guint8 *bytes = ls_object_alloc (vm, LS_KIND_TUPLE, vm->types[LS_TYPE_TUPLE], size);

          g_assert_cmpuint (((LsObject *) bytes)->size, ==, size);
          g_assert_cmpuint (((LsObject *) bytes)->marked, ==, 0);
          g_assert_cmpuint (((LsObject *) bytes)->flags, ==, 0);
          for (gsize j = sizeof (LsObject); j < size; j++)
            g_assert_cmpuint (bytes[j], ==, 0);
          /* dirty it for the next round; an empty tuple for the collector */
          memset (bytes + sizeof (LsObject), 0xab, size - sizeof (LsObject));
          ((LsTuple *) bytes)->len = 0;
        }
      ls_gc_collect (vm);
    }
}

/* A dead interned string leaves the intern table: interning the text
 * again makes a new, valid string. */
static void
test_dead_interned_string (void)
{
  g_autoptr(LsVM) vm = ls_vm_new ();
  LsStr *str = ls_str_intern_cstr (vm, "test_gc_only_here");

  g_assert_true (str->interned);
  ls_gc_collect (vm);
  str = ls_str_intern_cstr (vm, "test_gc_only_here");
  g_assert_cmpstr (str->data, ==, "test_gc_only_here");
  g_assert_true (str == ls_str_intern_cstr (vm, "test_gc_only_here"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#ifndef LS_POOL_USE_MALLOC
  g_test_add_func ("/pool/carve-and-reuse", test_pool_carve_and_reuse);
  g_test_add_func ("/pool/short-lists", test_pool_short_lists);
  g_test_add_func ("/pool/chunk-order", test_pool_chunk_order);
#endif
  g_test_add_func ("/gc/keeps-reachable", test_collect_keeps_reachable);
  g_test_add_func ("/gc/through-the-ring", test_collect_through_the_ring);
  g_test_add_func ("/gc/reused-blocks-are-zeroed", test_reused_blocks_are_zeroed);
  g_test_add_func ("/gc/dead-interned-string", test_dead_interned_string);
  return g_test_run ();
}
