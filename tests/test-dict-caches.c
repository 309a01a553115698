/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-dict-caches.c — the memories C code keeps of dict and class
 * lookups (ls_dict_get_str_cached, ls_class_lookup_cached) and the
 * find-then-change dict calls (ls_dict_find, ls_dict_set_at,
 * ls_dict_delete_at) give the answers the plain calls give, after every
 * kind of change that could make a remembered answer stale.
 */
#include "config.h"

#include "ls-class.h"
#include "ls-dict.h"
#include "ls-gc.h"
#include "ls-vm.h"

static LsStr *
name (LsVM *vm, const char *text)
{
  return ls_str_intern_cstr (vm, text);
}

static void
assert_cached_get (LsDict *dict, LsStr *key, LsDictStrCache *cache)
{
  LsValue plain = ls_dict_get_str (dict, key);
  LsValue cached = ls_dict_get_str_cached (dict, key, cache);

  g_assert_cmpint (plain.tag, ==, cached.tag);
  if (ls_is_int (plain))
    g_assert_cmpint (plain.i, ==, cached.i);
}

static void
test_str_cache (void)
{
  g_autoptr (LsVM) vm = ls_vm_new ();
  LsDictStrCache cache = { 0 };
  LsDict *dict = ls_dict_new (vm), *other = ls_dict_new (vm);
  LsStr *a = name (vm, "alpha"), *b = name (vm, "beta");

  ls_vm_push_root (vm, ls_obj (dict));
  ls_vm_push_root (vm, ls_obj (other));
  /* absent, then present, then a value stored over, then deleted */
  assert_cached_get (dict, a, &cache);
  ls_dict_set_str (vm, dict, a, ls_int (1));
  assert_cached_get (dict, a, &cache);
  g_assert_cmpint (ls_dict_get_str_cached (dict, a, &cache).i, ==, 1);
  ls_dict_set_str (vm, dict, a, ls_int (2));
  g_assert_cmpint (ls_dict_get_str_cached (dict, a, &cache).i, ==, 2);
  ls_dict_set_str (vm, dict, b, ls_int (3));
  assert_cached_get (dict, a, &cache);
  g_assert_true (ls_dict_delete_str (dict, a));
  g_assert_true (ls_is_unbound (ls_dict_get_str_cached (dict, a, &cache)));
  /* put back at another entry number */
  ls_dict_set_str (vm, dict, a, ls_int (4));
  g_assert_cmpint (ls_dict_get_str_cached (dict, a, &cache).i, ==, 4);
  /* the same name in another dict */
  g_assert_true (ls_is_unbound (ls_dict_get_str_cached (other, a, &cache)));
  ls_dict_set_str (vm, other, a, ls_int (5));
  g_assert_cmpint (ls_dict_get_str_cached (other, a, &cache).i, ==, 5);
  g_assert_cmpint (ls_dict_get_str_cached (dict, a, &cache).i, ==, 4);
  /* many inserts and deletes: the entries are compacted and renumbered */
  for (gint i = 0; i < 200; i++)
    {
      g_autofree char *text = g_strdup_printf ("k%d", i);

      ls_dict_set_str (vm, dict, name (vm, text), ls_int (i));
      ls_dict_delete_str (dict, name (vm, text));
      g_assert_cmpint (ls_dict_get_str_cached (dict, a, &cache).i, ==, 4);
    }
  ls_dict_clear (vm, dict);
  g_assert_true (ls_is_unbound (ls_dict_get_str_cached (dict, a, &cache)));
  ls_vm_pop_roots (vm, 2);
}

static void
test_find_set_delete (void)
{
  g_autoptr (LsVM) vm = ls_vm_new ();
  LsDict *dict = ls_dict_new (vm);
  LsValue keys[3] = { ls_int (7), ls_obj (name (vm, "seven")), ls_float (7.5) };
  LsDictPosition position;
  LsValue value;
  gboolean found;

  ls_vm_push_root (vm, ls_obj (dict));
  for (guint round = 0; round < 50; round++)
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        /* absent: set_at inserts */
        g_assert_true (ls_dict_find (vm, dict, keys[k], &position, &value));
        g_assert_true (ls_is_unbound (value));
        ls_dict_set_at (vm, dict, &position, keys[k], ls_int (round));
        g_assert_true (ls_dict_get (vm, dict, keys[k], &value, &found));
        g_assert_true (found);
        g_assert_cmpint (value.i, ==, round);
        /* ...and leaves `position` at the new entry, as a find would */
        {
          LsDictPosition again;

          g_assert_true (ls_dict_find (vm, dict, keys[k], &again, &value));
          g_assert_cmpint (position.entry, ==, again.entry);
          g_assert_cmpuint (position.slot, ==, again.slot);
          g_assert_cmpint (position.hash, ==, again.hash);
        }
        /* present: set_at replaces, the length stays */
        g_assert_true (ls_dict_find (vm, dict, keys[k], &position, &value));
        g_assert_cmpint (value.i, ==, round);
        ls_dict_set_at (vm, dict, &position, keys[k], ls_int (round + 1000));
        g_assert_cmpuint (dict->len, ==, 1);
        /* and delete_at removes it */
        g_assert_true (ls_dict_find (vm, dict, keys[k], &position, &value));
        g_assert_cmpint (value.i, ==, round + 1000);
        ls_dict_delete_at (dict, &position);
        g_assert_cmpuint (dict->len, ==, 0);
        g_assert_true (ls_dict_get (vm, dict, keys[k], &value, &found));
        g_assert_false (found);
      }
  ls_vm_pop_roots (vm, 1);
}

static void
test_class_cache (void)
{
  g_autoptr (LsVM) vm = ls_vm_new ();
  LsClass *base = ls_class_new (vm, "Base", vm->types[LS_TYPE_OBJECT], "__main__");
  LsClass *derived = ls_class_new (vm, "Derived", base, "__main__");
  LsClassLookupCache cache = { 0 };
  LsStr *method = name (vm, "method");

  ls_vm_push_root (vm, ls_obj (derived));
  g_assert_true (ls_is_unbound (ls_class_lookup_cached (derived, method, &cache)));
  /* a change of a base's namespace is seen through the subclass */
  ls_dict_set_str (vm, base->dict, method, ls_int (1));
  g_assert_cmpint (ls_class_lookup_cached (derived, method, &cache).i, ==, 1);
  ls_dict_set_str (vm, derived->dict, method, ls_int (2));
  g_assert_cmpint (ls_class_lookup_cached (derived, method, &cache).i, ==, 2);
  g_assert_cmpint (ls_class_lookup_cached (base, method, &cache).i, ==, 1);
  ls_dict_delete_str (derived->dict, method);
  g_assert_cmpint (ls_class_lookup_cached (derived, method, &cache).i, ==, 1);
  /* a collection moves the epoch: an answer is looked up again */
  ls_gc_collect (vm);
  g_assert_cmpint (ls_class_lookup_cached (derived, method, &cache).i, ==, 1);
  ls_vm_pop_roots (vm, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dict-caches/str-cache", test_str_cache);
  g_test_add_func ("/dict-caches/find-set-delete", test_find_set_delete);
  g_test_add_func ("/dict-caches/class-cache", test_class_cache);
  return g_test_run ();
}
