/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-frozen.c — the library frozen at build time (ls-frozen.h) is the
 * library the compiler makes from the embedded source: for every module,
 * the two code trees are compared field by field, constants deep (floats
 * by their bits), the sharing of objects included: where the compiled
 * tree uses one object twice, so must the loaded one, and an interned
 * string must be the interned string itself.
 */
#include "config.h"

#include <string.h>

#include "ls-ast.h"
#include "ls-code.h"
#include "ls-compiler.h"
#include "ls-frozen.h"
#include "ls-vm.h"

/* Which loaded object each compiled object stands for, both ways. */
typedef struct
{
  GHashTable *compiled_to_loaded;
  GHashTable *loaded_to_compiled;
} Pairing;

static void assert_same_value (Pairing *pairing, LsValue compiled, LsValue loaded);

/* TRUE when the pair was compared before; fails when either side was
 * already paired with another object (sharing differs). */
static gboolean
pair_seen (Pairing  *pairing,
           LsObject *compiled,
           LsObject *loaded)
{
  LsObject *known_loaded = g_hash_table_lookup (pairing->compiled_to_loaded, compiled);
  LsObject *known_compiled = g_hash_table_lookup (pairing->loaded_to_compiled, loaded);

  if (known_loaded != NULL || known_compiled != NULL)
    {
      g_assert_true (known_loaded == loaded);
      g_assert_true (known_compiled == compiled);
      return TRUE;
    }
  g_hash_table_insert (pairing->compiled_to_loaded, compiled, loaded);
  g_hash_table_insert (pairing->loaded_to_compiled, loaded, compiled);
  return FALSE;
}

static void
assert_same_str (LsStr *compiled,
                 LsStr *loaded)
{
  g_assert_cmpuint (compiled->interned, ==, loaded->interned);
  g_assert_cmpuint (compiled->len, ==, loaded->len);
  g_assert_cmpuint (compiled->n_chars, ==, loaded->n_chars);
  g_assert_true (memcmp (compiled->data, loaded->data, compiled->len + 1) == 0);
  /* interned: the one object of that text; otherwise a string of its own */
  if (compiled->interned)
    g_assert_true (compiled == loaded);
  else
    g_assert_true (compiled != loaded);
}

static void
assert_same_tuple (Pairing *pairing,
                   LsTuple *compiled,
                   LsTuple *loaded)
{
  g_assert_cmpuint (compiled->len, ==, loaded->len);
  /* the empty tuple is the VM's one empty tuple in both */
  if (compiled->len == 0)
    g_assert_true (compiled == loaded);
  for (gsize i = 0; i < compiled->len; i++)
    assert_same_value (pairing, compiled->items[i], loaded->items[i]);
}

static void
assert_same_code (Pairing *pairing,
                  LsCode  *compiled,
                  LsCode  *loaded)
{
  g_assert_true (compiled != loaded);
  assert_same_value (pairing, ls_obj (compiled->name), ls_obj (loaded->name));
  assert_same_value (pairing, ls_obj (compiled->qualname), ls_obj (loaded->qualname));
  g_assert_true (compiled->filename == loaded->filename);
  g_assert_cmpuint (compiled->flags, ==, loaded->flags);
  g_assert_cmpuint (compiled->argcount, ==, loaded->argcount);
  g_assert_cmpuint (compiled->posonlyargcount, ==, loaded->posonlyargcount);
  g_assert_cmpuint (compiled->kwonlyargcount, ==, loaded->kwonlyargcount);
  g_assert_cmpuint (compiled->n_locals, ==, loaded->n_locals);
  g_assert_cmpuint (compiled->stack_size, ==, loaded->stack_size);
  g_assert_cmpuint (compiled->block_depth, ==, loaded->block_depth);
  g_assert_cmpint (compiled->first_line, ==, loaded->first_line);
  assert_same_value (pairing, ls_obj (compiled->varnames), ls_obj (loaded->varnames));
  assert_same_value (pairing, ls_obj (compiled->cellvars), ls_obj (loaded->cellvars));
  assert_same_value (pairing, ls_obj (compiled->freevars), ls_obj (loaded->freevars));
  g_assert_true ((compiled->cell2arg == NULL) == (loaded->cell2arg == NULL));
  if (compiled->cell2arg != NULL)
    g_assert_cmpmem (compiled->cell2arg, compiled->cellvars->len * sizeof (gint32),
                     loaded->cell2arg, loaded->cellvars->len * sizeof (gint32));
  assert_same_value (pairing, ls_obj (compiled->names), ls_obj (loaded->names));
  assert_same_value (pairing, ls_obj (compiled->consts), ls_obj (loaded->consts));
  g_assert_cmpmem (compiled->instructions, compiled->n_instructions * sizeof (guint32),
                   loaded->instructions, loaded->n_instructions * sizeof (guint32));
  g_assert_cmpmem (compiled->lines, compiled->n_instructions * sizeof (gint32),
                   loaded->lines, loaded->n_instructions * sizeof (gint32));
  g_assert_null (loaded->caches);
}

static void
assert_same_object (Pairing  *pairing,
                    LsObject *compiled,
                    LsObject *loaded)
{
  g_assert_nonnull (compiled);
  g_assert_nonnull (loaded);
  if (pair_seen (pairing, compiled, loaded))
    return;
  g_assert_cmpuint (compiled->kind, ==, loaded->kind);
  g_assert_true (compiled->cls == loaded->cls);
  g_assert_cmpuint (compiled->size, ==, loaded->size);
  switch ((LsKind) compiled->kind)
    {
    case LS_KIND_STR:
      assert_same_str ((LsStr *) compiled, (LsStr *) loaded);
      break;
    case LS_KIND_TUPLE:
      assert_same_tuple (pairing, (LsTuple *) compiled, (LsTuple *) loaded);
      break;
    case LS_KIND_CODE:
      assert_same_code (pairing, (LsCode *) compiled, (LsCode *) loaded);
      break;
    default:
      /* singletons such as Ellipsis */
      g_assert_true (compiled == loaded);
      break;
    }
}

static void
assert_same_value (Pairing *pairing,
                   LsValue  compiled,
                   LsValue  loaded)
{
  g_assert_cmpuint (compiled.tag, ==, loaded.tag);
  switch ((LsTag) compiled.tag)
    {
    case LS_TAG_BOOL:
      g_assert_cmpint (compiled.b, ==, loaded.b);
      break;
    case LS_TAG_INT:
      g_assert_cmpint (compiled.i, ==, loaded.i);
      break;
    case LS_TAG_FLOAT:
      g_assert_cmpmem (&compiled.f, sizeof compiled.f, &loaded.f, sizeof loaded.f);
      break;
    case LS_TAG_OBJECT:
      assert_same_object (pairing, compiled.o, loaded.o);
      break;
    case LS_TAG_NONE:
    case LS_TAG_UNBOUND:
    default:
      break;
    }
}

static LsCode *
compile_library_module (LsVM              *vm,
                        const LsLibSource *lib)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsAst) ast = ls_parse (lib->filename, lib->source, strlen (lib->source), &error);
  LsCode *code;

  g_assert_no_error (error);
  code = ls_compile (vm, ast, &error);
  g_assert_no_error (error);
  return code;
}

static void
test_module_matches_source (gconstpointer data)
{
  const LsLibSource *lib = data;
  g_autoptr(LsVM) vm = ls_vm_new ();
  const LsLibFrozen *frozen = ls_frozen_find (lib);
  LsCode *compiled = compile_library_module (vm, lib);
  LsCode *loaded;
  Pairing pairing = { g_hash_table_new (NULL, NULL), g_hash_table_new (NULL, NULL) };
  g_autofree char *compiled_listing = NULL;
  g_autofree char *loaded_listing = NULL;

  g_assert_nonnull (frozen);
  loaded = ls_frozen_load (vm, frozen, lib);
  g_assert_nonnull (loaded);
  assert_same_value (&pairing, ls_obj (compiled), ls_obj (loaded));
  compiled_listing = ls_code_disassemble (compiled);
  loaded_listing = ls_code_disassemble (loaded);
  g_assert_cmpstr (compiled_listing, ==, loaded_listing);
  g_hash_table_unref (pairing.compiled_to_loaded);
  g_hash_table_unref (pairing.loaded_to_compiled);
}

/* Loading allocates what compiling allocates, object for object and byte
 * for byte, so that a run's collections come at the same points. */
static void
test_module_heap_growth (gconstpointer data)
{
  const LsLibSource *lib = data;
  g_autoptr(LsVM) compiling = ls_vm_new ();
  g_autoptr(LsVM) loading = ls_vm_new ();
  guint64 compiling_bytes = compiling->bytes_allocated;
  guint compiling_objects = compiling->all_objects.len;
  guint64 loading_bytes = loading->bytes_allocated;
  guint loading_objects = loading->all_objects.len;

  compile_library_module (compiling, lib);
  g_assert_nonnull (ls_frozen_load (loading, ls_frozen_find (lib), lib));
  g_assert_cmpuint (compiling->bytes_allocated - compiling_bytes, ==, loading->bytes_allocated - loading_bytes);
  g_assert_cmpuint (compiling->all_objects.len - compiling_objects, ==, loading->all_objects.len - loading_objects);
}

/* embed-lib.py's hash is the SHA-256 of the very text embedded. */
static void
test_source_hashes (void)
{
  for (const LsLibSource *lib = ls_lib_sources; lib->name != NULL; lib++)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize len = sizeof digest;
      guint64 hash = 0;

      g_checksum_update (checksum, (const guchar *) lib->source, (gssize) strlen (lib->source));
      g_checksum_get_digest (checksum, digest, &len);
      for (guint i = 0; i < 8; i++)
        hash |= (guint64) digest[i] << (8 * i);
      g_assert_cmpuint (hash, ==, lib->hash);
    }
}

/* A frozen tree made from another text is never loaded: the import
 * compiles the source instead. */
static void
test_stale_tree_refused (void)
{
  g_autoptr(LsVM) vm = ls_vm_new ();
  LsLibSource edited = ls_lib_sources[0];
  const LsLibFrozen *frozen = ls_frozen_find (&edited);

  g_assert_nonnull (frozen);
  edited.hash ^= 1;
  g_assert_null (ls_frozen_load (vm, frozen, &edited));
}

/* Bytes cut short anywhere are refused, and read only within their end
 * (each prefix is a heap copy of its own, for AddressSanitizer): the
 * fixed-width instruction words and the NUL after an interned name
 * (format 2) are checked against the end like the numbers are. */
static void
test_truncated_refused (void)
{
  const LsLibSource *lib = NULL;
  const LsLibFrozen *frozen;
  g_autoptr(LsVM) vm = ls_vm_new ();

  /* the smallest module keeps this quick: every prefix is tried */
  for (const LsLibSource *candidate = ls_lib_sources; candidate->name != NULL; candidate++)
    if (lib == NULL || ls_frozen_find (candidate)->len < ls_frozen_find (lib)->len)
      lib = candidate;
  frozen = ls_frozen_find (lib);
  for (gsize len = 0; len <= frozen->len; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (frozen->data, MAX (len, 1));
      LsLibFrozen cut = { frozen->name, copy, len };
      LsCode *code = ls_frozen_load (vm, &cut, lib);

      if (len < frozen->len)
        g_assert_null (code);
      else
        g_assert_nonnull (code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frozen/source-hashes", test_source_hashes);
  g_test_add_func ("/frozen/stale-tree-refused", test_stale_tree_refused);
  g_test_add_func ("/frozen/truncated-refused", test_truncated_refused);
  for (const LsLibSource *lib = ls_lib_sources; lib->name != NULL; lib++)
    {
      g_autofree char *path = g_strconcat ("/frozen/matches-source/", lib->name, NULL);
      g_autofree char *growth_path = g_strconcat ("/frozen/heap-growth/", lib->name, NULL);

      g_test_add_data_func (path, lib, test_module_matches_source);
      g_test_add_data_func (growth_path, lib, test_module_heap_growth);
    }
  return g_test_run ();
}
