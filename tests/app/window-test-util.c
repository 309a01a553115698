/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * window-test-util.c — helpers of the window tests (see the header).
 */
#include "config.h"

#include "ls-run.h"
#include "window-test-util.h"

void
window_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

gboolean
window_test_wait_for_file (LsWindow   *window,
                           const char *basename,
                           gboolean    with_run)
{
  gint64 deadline = g_get_monotonic_time () + WINDOW_TEST_DEADLINE_S * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GFile *file = ls_window_get_file (window);

      if (file != NULL && (!with_run || ls_window_get_run (window) != NULL))
        {
          g_autofree char *name = g_file_get_basename (file);

          if (g_strcmp0 (name, basename) == 0)
            return TRUE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return FALSE;
}

/* The "finished" signal is queued before the run says it finished: the
 * pending sources go first, then the playback must have caught up. */
gboolean
window_test_wait_for_run (LsWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + WINDOW_TEST_DEADLINE_S * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      LsRun *run = ls_window_get_run (window);

      if (run != NULL && ls_run_is_finished (run))
        {
          while (g_main_context_pending (NULL))
            g_main_context_iteration (NULL, FALSE);
          if (!ls_window_is_playing (window))
            return TRUE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return FALSE;
}

AdwMessageDialog *
window_test_find_dialog (LsWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
  AdwMessageDialog *found = NULL;

  /* The newest one: an answered dialog may linger a moment. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) &&
          gtk_window_get_transient_for (GTK_WINDOW (item)) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (item)))
        found = ADW_MESSAGE_DIALOG (item);
    }
  return found;
}

void
window_test_set_program (LsWindow   *window,
                         const char *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ls_window_get_buffer (window));

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_set_modified (buffer, FALSE);
}

char *
window_test_dup_text (LsWindow *window)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ls_window_get_buffer (window));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}
