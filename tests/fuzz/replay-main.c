/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay-main.c — a main() for the fuzz targets in builds without
 * libFuzzer (gcc, the sanitizer build): runs LLVMFuzzerTestOneInput once
 * on every file named on the command line, or on every file of a
 * directory named there, in sorted order.  `meson test` replays
 * tests/fuzz/crashes/ with it, so every crash the fuzzers ever found
 * stays a regression test in every configuration.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
run_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("replay %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 0;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
main (int argc, char **argv)
{
  int failures = 0, count = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GDir) dir = NULL;
      g_autoptr (GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          failures += run_file (argv[i]);
          count++;
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      if (dir == NULL)
        continue;
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.' && strcmp (name, "README.md") != 0)
          g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint k = 0; k < names->len; k++)
        if (g_file_test (g_ptr_array_index (names, k), G_FILE_TEST_IS_REGULAR))
          {
            failures += run_file (g_ptr_array_index (names, k));
            count++;
          }
    }
  printf ("%d inputs replayed\n", count);
  return failures != 0;
}
