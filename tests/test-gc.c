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
  g_test_add_func ("/pool/chunk-order", test_pool_chunk_order);
#endif
  g_test_add_func ("/gc/keeps-reachable", test_collect_keeps_reachable);
  g_test_add_func ("/gc/reused-blocks-are-zeroed", test_reused_blocks_are_zeroed);
  g_test_add_func ("/gc/dead-interned-string", test_dead_interned_string);
  return g_test_run ();
}
