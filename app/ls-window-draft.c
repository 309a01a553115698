/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window-draft.c: see ls-window-draft.h. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>

#include "ls-application.h"
#include "ls-draft.h"
#include "ls-window-draft.h"
#include "ls-window-private.h"

#define SAVER_KEY "ls-draft-saver"

static LsDraftSaver *
get_saver (LsWindow *self)
{
  return g_object_get_data (G_OBJECT (self), SAVER_KEY);
}

/* The saver's question: what is unsaved now. */
static char *
unsaved_text (gpointer   user_data,
              char     **origin_uri)
{
  LsWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;

  *origin_uri = NULL;
  if (!gtk_text_buffer_get_modified (buffer))
    return NULL;
  if (self->file != NULL)
    *origin_uri = g_file_get_uri (self->file);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
buffer_changed_cb (LsWindow *self)
{
  /* Loading a file sets the text and then marks it saved: nothing to
   * keep then (modified-changed removes the draft). */
  if (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer)))
    ls_draft_saver_changed (get_saver (self));
}

static void
modified_changed_cb (LsWindow *self)
{
  /* Saved (or loaded): the file on disk has it all. */
  if (!gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer)))
    ls_draft_saver_discard (get_saver (self));
  else
    ls_draft_saver_changed (get_saver (self));
}

void
ls_window_draft_init (LsWindow *self)
{
  g_autofree char *dir = ls_draft_dup_dir ();
  g_autofree char *path = ls_draft_new_path (dir);

  g_object_set_data_full (G_OBJECT (self), SAVER_KEY,
                          ls_draft_saver_new (path, LS_WINDOW_DRAFT_DELAY_MS, unsaved_text, self),
                          (GDestroyNotify) ls_draft_saver_free);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "modified-changed", G_CALLBACK (modified_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
ls_window_draft_dispose (LsWindow *self,
                         gboolean  discard)
{
  LsDraftSaver *saver = get_saver (self);

  if (saver == NULL || self->buffer == NULL)
    return;
  if (discard || !gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer)))
    ls_draft_saver_discard (saver);
  else
    ls_draft_saver_flush (saver);
  g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_object_set_data (G_OBJECT (self), SAVER_KEY, NULL);
}

const char *
ls_window_draft_get_path (LsWindow *self)
{
  LsDraftSaver *saver = get_saver (self);

  return saver != NULL ? ls_draft_saver_get_path (saver) : NULL;
}

/* --- restoring ----------------------------------------------------------- */

/* Puts the draft at `path` in `window`, as unsaved edits of the file it
 * was a draft of, and runs it; the window keeps it in a draft of its own
 * from then on. */
static gboolean
restore (LsWindow   *window,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *origin = NULL;

  if (!ls_draft_read (path, &text, &origin, &error))
    {
      g_message ("Could not restore the draft: %s", error->message);
      return FALSE;
    }
  /* A load still on its way (the start-up example) must not replace it. */
  g_cancellable_cancel (window->load_cancellable);
  if (origin != NULL)
    file = g_file_new_for_uri (origin);
  ls_window_set_file (window, file, text);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (window->buffer), TRUE);
  ls_draft_saver_flush (get_saver (window));
  ls_draft_remove (path);
  ls_window_run (window);
  return TRUE;
}

static void
drafts_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    LsWindow         *self)
{
  GPtrArray *paths = g_object_get_data (G_OBJECT (dialog), "ls-drafts");

  if (g_strcmp0 (response, "restore") == 0)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      for (guint i = 0; i < paths->len; i++)
        {
          LsWindow *window = self;

          /* The newest here, the others each in a window of its own. */
          if (i > 0 && LS_IS_APPLICATION (app))
            {
              window = ls_window_new (LS_APPLICATION (app));
              gtk_window_present (GTK_WINDOW (window));
            }
          else if (i > 0)
            break;
          restore (window, g_ptr_array_index (paths, i));
        }
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      for (guint i = 0; i < paths->len; i++)
        ls_draft_remove (g_ptr_array_index (paths, i));
    }
  /* Anything else (Escape, the window closed): they stay for next time. */
}

static char *
draft_name (const char *path)
{
  g_autofree char *text = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GFile) file = NULL;

  if (!ls_draft_read (path, &text, &origin, NULL) || origin == NULL)
    return g_strdup (_("New Program"));
  file = g_file_new_for_uri (origin);
  return g_file_get_basename (file);
}

void
ls_window_offer_drafts (LsWindow *self)
{
  static gboolean offered;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  const char *own = ls_window_draft_get_path (self);
  GtkWidget *dialog;

  g_return_if_fail (LS_IS_WINDOW (self));

  if (offered)
    return;
  offered = TRUE;

  dir = ls_draft_dup_dir ();
  paths = ls_draft_list (dir);
  for (guint i = paths->len; i > 0; i--)
    if (g_strcmp0 (g_ptr_array_index (paths, i - 1), own) == 0)
      g_ptr_array_remove_index (paths, i - 1);
  if (paths->len == 0)
    return;

  name = draft_name (g_ptr_array_index (paths, 0));
  if (paths->len == 1)
    body = g_strdup_printf (_("Loopscope did not close normally while “%s” had changes that were not saved. "
                              "Restore them?"), name);
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Loopscope did not close normally while “%s” and %u other program had "
                                         "changes that were not saved. Restore them, each in its own window?",
                                         "Loopscope did not close normally while “%s” and %u other programs had "
                                         "changes that were not saved. Restore them, each in its own window?",
                                         paths->len - 1),
                            name, paths->len - 1);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore Unsaved Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  /* Escape decides nothing: the drafts are offered again next time. */
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "ls-drafts", g_steal_pointer (&paths),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (drafts_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
