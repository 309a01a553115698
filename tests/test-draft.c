/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draft.c: drafts of unsaved text (app/ls-draft.c), without GTK —
 * written whole or not at all, read back with their origin, listed newest
 * first, debounced, removed. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ls-draft.h"

static char *
make_dir (void)
{
  char *dir = g_dir_make_tmp ("loopscope-draft-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_write_read (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *sub = g_build_filename (dir, "drafts", NULL);
  g_autofree char *path = ls_draft_new_path (sub);
  g_autofree char *text = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GError) error = NULL;

  /* The folder is made on the first write. */
  g_assert_true (ls_draft_write (path, "print('é')\n", "file:///home/me/prog.py", &error));
  g_assert_no_error (error);
  g_assert_true (ls_draft_read (path, &text, &origin, &error));
  g_assert_cmpstr (text, ==, "print('é')\n");
  g_assert_cmpstr (origin, ==, "file:///home/me/prog.py");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&origin, g_free);

  /* Replaced whole; a draft of a new program has no origin; no temporary
   * file stays behind. */
  g_assert_true (ls_draft_write (path, "x = 1\n", NULL, &error));
  g_assert_true (ls_draft_read (path, &text, &origin, &error));
  g_assert_cmpstr (text, ==, "x = 1\n");
  g_assert_null (origin);
  g_assert_cmpuint (count_files (sub), ==, 1);

  ls_draft_remove (path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (sub), ==, 0);
  /* Removing what is not there is no error. */
  ls_draft_remove (path);

  remove_dir (sub);
  remove_dir (dir);
}

static void
test_list (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *older = ls_draft_new_path (dir);
  g_autofree char *newer = ls_draft_new_path (dir);
  g_autofree char *stray = g_build_filename (dir, "a.py.Xy12Ab", NULL);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);

  g_assert_cmpstr (older, !=, newer);
  g_assert_true (ls_draft_write (older, "old\n", NULL, NULL));
  g_assert_true (ls_draft_write (newer, "new\n", NULL, NULL));
  /* A write cut short leaves its temporary file: not a draft. */
  g_assert_true (g_file_set_contents (stray, "partial", -1, NULL));

  paths = ls_draft_list (dir);
  g_assert_cmpuint (paths->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, newer);
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, older);

  none = ls_draft_list (missing);
  g_assert_cmpuint (none->len, ==, 0);
  remove_dir (dir);
}

static void
test_not_utf8 (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "bad.py", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "caf\xe9\n", -1, NULL));
  g_assert_false (ls_draft_read (path, &text, NULL, &error));
  g_assert_nonnull (error);
  g_assert_null (text);
  remove_dir (dir);
}

typedef struct
{
  char *text;
  guint asked;
} Editor;

static char *
editor_text (gpointer   user_data,
             char     **origin_uri)
{
  Editor *editor = user_data;

  editor->asked++;
  *origin_uri = NULL;
  return g_strdup (editor->text);
}

static void
run_loop_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Edits in a burst make one write, after the last of them. */
static void
test_saver_debounce (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "w.py", NULL);
  Editor editor = { (char *) "a = 1\n", 0 };
  g_autoptr(LsDraftSaver) saver = ls_draft_saver_new (path, 100, editor_text, &editor);
  g_autofree char *text = NULL;

  for (guint i = 0; i < 5; i++)
    {
      ls_draft_saver_changed (saver);
      run_loop_for (30);
    }
  g_assert_cmpuint (editor.asked, ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  run_loop_for (200);
  g_assert_cmpuint (editor.asked, ==, 1);
  g_assert_true (ls_draft_read (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "a = 1\n");

  /* Nothing unsaved any more: the draft goes at the next write... */
  editor.text = NULL;
  ls_draft_saver_flush (saver);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* ...or at once on discard, with what was pending cancelled. */
  editor.text = (char *) "b = 2\n";
  ls_draft_saver_flush (saver);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  ls_draft_saver_changed (saver);
  ls_draft_saver_discard (saver);
  run_loop_for (200);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/draft/write-read", test_write_read);
  g_test_add_func ("/draft/list", test_list);
  g_test_add_func ("/draft/not-utf8", test_not_utf8);
  g_test_add_func ("/draft/saver-debounce", test_saver_debounce);

  return g_test_run ();
}
