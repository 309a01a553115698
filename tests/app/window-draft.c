/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-draft.c: drives the real window under a display — unsaved text
 * is kept as a draft a second after the last edit and removed when saved
 * or closed cleanly; a draft left by a crash is offered at start and
 * restored (or discarded) on request.  $XDG_STATE_HOME is a folder of the
 * test's own. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ls-application.h"
#include "ls-draft.h"
#include "ls-window-draft.h"
#include "ls-window.h"
#include "window-test-util.h"

static LsApplication *app;

static guint
count_drafts (void)
{
  g_autofree char *dir = ls_draft_dup_dir ();
  g_autoptr(GPtrArray) paths = ls_draft_list (dir);

  return paths->len;
}

static LsWindow *
new_window (void)
{
  LsWindow *window = ls_window_new (app);

  ls_window_set_speed (window, 0);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Edits are kept a second after the last one; a save removes the draft;
 * a window torn down with unsaved edits (as a crash would leave it)
 * keeps it. */
static void
test_draft_written (void)
{
  LsWindow *window = new_window ();
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ls_window_get_buffer (window));
  g_autofree char *path = g_strdup (ls_window_draft_get_path (window));
  g_autofree char *text = NULL;

  g_assert_nonnull (path);
  gtk_text_buffer_insert_at_cursor (buffer, "print('typed')\n", -1);
  window_test_spin (300);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_text_buffer_insert_at_cursor (buffer, "print('more')\n", -1);
  window_test_spin (LS_WINDOW_DRAFT_DELAY_MS + 500);
  g_assert_true (ls_draft_read (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "print('typed')\nprint('more')\n");

  /* Saved: the file on disk has it. */
  gtk_text_buffer_set_modified (buffer, FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Torn down with unsaved edits, before the second passed: the latest
   * text is written at once. */
  gtk_text_buffer_insert_at_cursor (buffer, "# last\n", -1);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&text, g_free);
  g_assert_true (ls_draft_read (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "print('typed')\nprint('more')\n# last\n");
  ls_draft_remove (path);
}

/* A window closed by the user with nothing unsaved leaves no draft. */
static void
test_clean_close (void)
{
  LsWindow *window = new_window ();
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ls_window_get_buffer (window));
  g_autofree char *path = g_strdup (ls_window_draft_get_path (window));

  gtk_text_buffer_insert_at_cursor (buffer, "x = 1\n", -1);
  window_test_spin (LS_WINDOW_DRAFT_DELAY_MS + 500);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_window_close (GTK_WINDOW (window));
  window_test_spin (50);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_drafts (), ==, 0);
}

/* The window the application opened last. */
static LsWindow *
newest_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Most recently focused first; a new window is presented, so first. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (LS_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* At start (the application's activate, as a launch does), a draft left
 * by a crash is offered; Restore puts its text in the editor as unsaved
 * edits of the file it came from. */
static void
test_restore (void)
{
  g_autofree char *dir = ls_draft_dup_dir ();
  g_autofree char *left = ls_draft_new_path (dir);
  g_autoptr(GFile) origin = g_file_new_for_path ("/nonexistent/prog.py");
  g_autofree char *uri = g_file_get_uri (origin);
  static const char text[] = "import asyncio\n\nprint('unsaved work')\n";
  g_autofree char *shown = NULL;
  AdwMessageDialog *dialog;
  LsWindow *window;
  g_autofree char *name = NULL;

  g_assert_true (ls_draft_write (left, text, uri, NULL));
  g_application_activate (G_APPLICATION (app));
  window = newest_window ();
  g_assert_nonnull (window);
  window_test_spin (100);
  dialog = window_test_find_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore Unsaved Changes?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“prog.py”"));

  adw_message_dialog_response (dialog, "restore");
  /* The example, loading meanwhile, does not replace it. */
  window_test_spin (500);
  shown = window_test_dup_text (window);
  g_assert_cmpstr (shown, ==, text);
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (ls_window_get_buffer (window))));
  name = g_file_get_basename (ls_window_get_file (window));
  g_assert_cmpstr (name, ==, "prog.py");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  /* The old draft is gone; the window keeps the text in its own. */
  g_assert_false (g_file_test (left, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (ls_window_draft_get_path (window), G_FILE_TEST_EXISTS));

  /* The user discards it on close: nothing is left. */
  gtk_window_close (GTK_WINDOW (window));
  window_test_spin (50);
  dialog = window_test_find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  window_test_spin (100);
  g_assert_cmpuint (count_drafts (), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *state = NULL;
  int ret;

  /* Before GLib reads it: the drafts go to a folder of this test. */
  state = g_dir_make_tmp ("loopscope-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  app = ls_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/window-draft/written", test_draft_written);
  g_test_add_func ("/window-draft/clean-close", test_clean_close);
  g_test_add_func ("/window-draft/restore", test_restore);

  ret = g_test_run ();

  g_clear_object (&app);
  {
    g_autofree char *dir = ls_draft_dup_dir ();
    g_autofree char *parent = g_path_get_dirname (dir);

    g_rmdir (dir);
    g_rmdir (parent);
    g_rmdir (state);
  }

  return ret;
}
